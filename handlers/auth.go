package handlers

import (
	"crypto/sha256"
	"crypto/subtle"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/ddgbot/ddgbot/metrics"
)

func schemeFor(authType string) string {
	if authType == "token" {
		return "Token"
	}
	return "Bearer"
}

// authFailures are the reasons ddgbot_auth_failures_total counts.
var authFailures = []string{"missing_token", "bad_token", "bad_scheme", "bad_signature"}

// authenticator checks the Authorization header Turn sends on every call:
// "<scheme> <token>". The scheme is case-insensitive (RFC 9110), the token
// is compared in constant time. An empty token disables the check.
type authenticator struct {
	scheme  string
	token   string
	metrics *metrics.Metrics
}

func (a authenticator) middleware(next echo.HandlerFunc) echo.HandlerFunc {
	if a.token == "" {
		return next
	}
	// Comparing hashes keeps the comparison constant-time whatever the
	// length of what a client sends.
	want := sha256.Sum256([]byte(a.token))
	return func(c echo.Context) error {
		h := c.Request().Header.Get(echo.HeaderAuthorization)
		scheme, token, _ := strings.Cut(h, " ")
		got := sha256.Sum256([]byte(strings.TrimSpace(token)))
		okScheme := strings.EqualFold(scheme, a.scheme)
		if subtle.ConstantTimeCompare(got[:], want[:]) != 1 || !okScheme {
			reason := "bad_token"
			if h == "" {
				reason = "missing_token"
			} else if !okScheme {
				reason = "bad_scheme"
			}
			a.metrics.AuthFailures.WithLabelValues(reason).Inc()
			c.Response().Header().Set(echo.HeaderWWWAuthenticate, a.scheme)
			return refuse(c, reason, echo.NewHTTPError(http.StatusUnauthorized, "missing or invalid Authorization header"))
		}
		return next(c)
	}
}
