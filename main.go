// Command ddgbot is a Turn.io custom integration that suggests replies from
// the DuckDuckGo Instant Answer API. `ddgbot help` lists the subcommands;
// package cli holds them.
package main

import (
	"context"
	_ "embed"
	"os"
	"os/signal"
	"syscall"

	"github.com/ddgbot/ddgbot/cli"
)

// defaultConfig gives every setting its default; --config FILE and
// DDGBOT_* variables override it.
//
//go:embed config.yaml
var defaultConfig []byte

// version and revision (the commit) are set at build time with
// -ldflags "-X main.version=v1.2.3 -X main.revision=$(git rev-parse HEAD)";
// a build in a git checkout records its commit itself.
var version, revision = "", ""

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	err := cli.Run(ctx, cli.Env{
		Args:          os.Args[1:],
		Environ:       os.Environ(),
		Stdout:        os.Stdout,
		Stderr:        os.Stderr,
		DefaultConfig: defaultConfig,
		Version:       version,
		Revision:      revision,
	})
	stop()
	os.Exit(cli.ExitCode(err, os.Stderr))
}
