//go:build deps

// This file pins modules that packages under construction will import, so
// that go mod tidy keeps them. Delete it once they are imported for real.
package main

import (
	_ "github.com/hashicorp/go-retryablehttp"
	_ "github.com/labstack/echo/v4"
	_ "github.com/patrickmn/go-cache"
	_ "github.com/prometheus/client_golang/prometheus"
	_ "github.com/spf13/viper"
	_ "github.com/tsenart/vegeta/v12/lib"
	_ "go.uber.org/goleak"
	_ "golang.org/x/sync/singleflight"
)
