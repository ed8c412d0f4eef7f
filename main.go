// Command ddgbot is a Turn.io custom integration that suggests replies from
// the DuckDuckGo Instant Answer API.
//
//	ddgbot [--config FILE]              serve (default)
//	ddgbot suggest [--config FILE] TEXT print what would be suggested for a message
//	ddgbot healthcheck [--config FILE]  exit 0 when the local service is healthy
//	ddgbot version                      print the version
package main

import (
	"context"
	_ "embed"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/ddgbot/ddgbot/config"
	"github.com/ddgbot/ddgbot/duckduckgo"
	"github.com/ddgbot/ddgbot/handlers"
	"github.com/ddgbot/ddgbot/metrics"
	"github.com/ddgbot/ddgbot/query"
	"github.com/ddgbot/ddgbot/reply"
	"github.com/ddgbot/ddgbot/suggest"
)

//go:embed config.yaml
var defaultConfig []byte

// version is set at build time with -ldflags "-X main.version=v1.2.3".
var version = ""

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Environ(), os.Stdout, os.Stderr, nil)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "ddgbot:", err)
		os.Exit(1)
	}
}

// run dispatches a subcommand. onListen, when not nil, is told the
// address the server listens on (tests serve on port 0).
func run(ctx context.Context, args, environ []string, stdout, stderr io.Writer, onListen func(net.Addr)) error {
	cmd := "serve"
	if len(args) > 0 {
		switch args[0] {
		case "serve", "suggest", "healthcheck", "version":
			cmd, args = args[0], args[1:]
		}
	}
	if cmd == "version" {
		_, err := fmt.Fprintln(stdout, "ddgbot", buildVersion())
		return err
	}
	fs := flag.NewFlagSet("ddgbot "+cmd, flag.ContinueOnError)
	fs.SetOutput(stderr)
	configPath := fs.String("config", "", "YAML config file over the embedded defaults")
	if err := fs.Parse(args); err != nil {
		return err
	}
	cfg, err := config.Load(defaultConfig, *configPath, environ)
	if err != nil {
		return err
	}
	switch cmd {
	case "healthcheck":
		return healthcheck(ctx, cfg.Server.Addr)
	case "suggest":
		return suggestCmd(ctx, cfg, fs.Args(), stdout, stderr)
	}
	return serve(ctx, cfg, stderr, onListen)
}

func buildVersion() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}

func newLogger(c config.Log, w io.Writer) *slog.Logger {
	lvl, _ := c.SlogLevel() // validated by config.Load
	opts := &slog.HandlerOptions{Level: lvl}
	if c.Format == "text" {
		return slog.New(slog.NewTextHandler(w, opts))
	}
	return slog.New(slog.NewJSONHandler(w, opts))
}

// lookups builds the DuckDuckGo client and the caching service in front of
// it. The caller must Close the service.
func lookups(cfg config.Config, log *slog.Logger, observe func(duckduckgo.Outcome)) *duckduckgo.Service {
	d := cfg.DuckDuckGo
	client := duckduckgo.NewClient(duckduckgo.ClientOptions{
		BaseURL:    d.BaseURL,
		AppName:    d.AppName,
		Region:     d.Region,
		UserAgent:  "ddgbot/" + buildVersion() + " (Turn.io suggested replies; +https://github.com/ddgbot/ddgbot)",
		Timeout:    d.Timeout,
		MaxRetries: d.MaxRetries,
		Logger:     log,
	})
	return duckduckgo.NewService(client, duckduckgo.ServiceOptions{
		Region:          d.Region,
		TTL:             cfg.Cache.TTL,
		NegativeTTL:     cfg.Cache.NegativeTTL,
		StaleFor:        cfg.Cache.StaleFor,
		MaxEntries:      cfg.Cache.MaxEntries,
		LookupTimeout:   d.LookupTimeout,
		MaxConcurrency:  d.MaxConcurrency,
		MaxPending:      d.MaxPending,
		BreakerFailures: d.BreakerFailures,
		BreakerCooldown: d.BreakerCooldown,
		MaxRetryAfter:   d.MaxRetryAfter,
		Observe:         observe,
		Logger:          log,
	})
}

// newReply builds the use case on top of the lookup service; budget
// bounds the lookups of one question.
func newReply(cfg config.Config, svc *duckduckgo.Service, budget time.Duration) *reply.Service {
	return reply.New(reply.Options{
		Searcher:  svc,
		Extractor: query.NewFor(query.Config{Ignore: cfg.Suggestions.Ignore, Languages: cfg.Suggestions.Languages}),
		Suggest:   suggest.Options{Max: cfg.Suggestions.Max, MaxChars: cfg.Suggestions.MaxChars, Attribution: cfg.Suggestions.Attribution},
		Budget:    budget,
	})
}

// serve runs the HTTP server until ctx is done, then shuts down
// gracefully: no new connections, in-flight requests finish (bounded by
// server.shutdown_timeout), background lookups stop.
func serve(ctx context.Context, cfg config.Config, logOut io.Writer, onListen func(net.Addr)) error {
	log := newLogger(cfg.Log, logOut)
	log.Info("starting", "version", buildVersion(), "config", fmt.Sprintf("%+v", cfg.Redacted()))
	switch {
	case cfg.Turn.APIToken == "":
		log.Warn("turn.api_token is empty: anyone who can reach this service can use it; set DDGBOT_TURN_API_TOKEN to the token entered in Turn")
	case len(cfg.Turn.APIToken) < 16:
		log.Warn("turn.api_token is shorter than 16 characters: easy to guess; use a long random string")
	}

	m := metrics.New(buildVersion())
	svc := lookups(cfg, log, func(o duckduckgo.Outcome) { m.Upstream.WithLabelValues(string(o)).Inc() })
	defer svc.Close()
	m.WatchLookups(svc.BreakerState, svc.Len)

	opts := handlers.Options{
		Path:               cfg.Server.Path,
		AuthType:           cfg.Turn.AuthType,
		APIToken:           cfg.Turn.APIToken,
		HMACSecret:         cfg.Turn.HMACSecret,
		MaxBodyBytes:       cfg.Server.MaxBodyBytes,
		ContextCard:        cfg.Turn.ContextCard,
		RateLimit:          cfg.Server.RateLimit,
		RateBurst:          cfg.Server.RateBurst,
		MetricsRequireAuth: cfg.Metrics.RequireAuth,
		Reply:              newReply(cfg, svc, cfg.Turn.ResponseTimeout),
		Metrics:            m,
		Logger:             log,
	}
	if cfg.Metrics.Enabled {
		opts.MetricsPath = cfg.Metrics.Path
		opts.MetricsHandler = promhttp.HandlerFor(m.Registry, promhttp.HandlerOpts{})
	}
	srv := &http.Server{
		Handler:           handlers.New(opts),
		ReadHeaderTimeout: cfg.Server.ReadHeaderTimeout,
		ReadTimeout:       cfg.Server.ReadTimeout,
		WriteTimeout:      cfg.Server.WriteTimeout,
		IdleTimeout:       cfg.Server.IdleTimeout,
		MaxHeaderBytes:    cfg.Server.MaxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelDebug),
	}

	ln, err := net.Listen("tcp", cfg.Server.Addr)
	if err != nil {
		return fmt.Errorf("listen on server.addr: %w", err)
	}
	log.Info("listening", "addr", ln.Addr().String(), "path", cfg.Server.Path)
	if onListen != nil {
		onListen(ln.Addr())
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()

	select {
	case err := <-served:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down", "timeout", cfg.Server.ShutdownTimeout.String())
	sctx, cancel := context.WithTimeout(context.Background(), cfg.Server.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	log.Info("stopped")
	return nil
}

// healthcheck asks the local service's /health, for container health
// checks in images that have no shell or curl.
func healthcheck(ctx context.Context, addr string) error {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("server.addr: %w", err)
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "127.0.0.1"
	}
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+net.JoinHostPort(host, port)+"/health", nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("healthcheck: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("healthcheck: status %d", resp.StatusCode)
	}
	return nil
}
