package cli

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"

	"github.com/ddgbot/ddgbot/answers"
	"github.com/ddgbot/ddgbot/handlers"
	"github.com/ddgbot/ddgbot/metrics"
	"github.com/ddgbot/ddgbot/safety"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// serveCmd runs the service. Once the config has loaded, the error that
// ends it is logged in the configured format, as the last log line.
func serveCmd(ctx context.Context, c call) error {
	log := newLogger(c.cfg.Log, c.stderr)
	if err := serve(ctx, c, log); err != nil {
		log.Error("exiting", "error", err.Error())
		return exitError{err, 1}
	}
	return nil
}

// serve runs the HTTP server until ctx is done, then shuts down
// gracefully: no new connections, in-flight requests finish (bounded by
// server.shutdown_timeout), background lookups stop.
func serve(ctx context.Context, c call, log *slog.Logger) error {
	cfg := c.cfg
	log.Info("starting", "version", c.version, "revision", c.revision, "config", cfg)
	switch {
	case cfg.Turn.APIToken == "":
		log.Warn("turn.api_token is empty: anyone who can reach this service can use it; set DDGBOT_TURN_API_TOKEN to the token entered in Turn")
	case len(cfg.Turn.APIToken) < 16:
		log.Warn("turn.api_token is shorter than 16 characters: easy to guess; use a long random string")
	}

	m := metrics.New(c.version, c.revision)
	shared, wrap, unshare, err := sharing(cfg, log, m)
	if err != nil {
		return err
	}
	defer unshare()
	svc := lookups(cfg, c.version, log, m, wrap)
	defer svc.Close()
	m.WatchLookups(svc.BreakerState, svc.Len, svc.Bytes)
	guards, own, err := newGuards(cfg, log, m.RegisterGuards(), c.watch)
	if err != nil {
		return err
	}
	if own != nil {
		defer watchAnswers(ctx, c, own, log)()
	}
	if lists, ok := guards.Crisis.(*safety.Lists); ok && cfg.Safety.CrisisDir != "" {
		defer watchCrisisLists(ctx, c, lists, log)()
	}

	acts := newActions(cfg, shared, log)
	ex, err := newExtractor(cfg)
	if err != nil {
		return err
	}
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
		Reply:              newReply(cfg, ex, svc, guards, acts),
		ResponseTimeout:    cfg.Turn.ResponseTimeout,
		Actions:            acts,
		PublicURL:          cfg.Turn.PublicURL,
		Ready:              readiness(own),
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
	if c.onListen != nil {
		c.onListen(ln.Addr())
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

// readiness is what /ready checks. The config is loaded and the answers
// file (when one is set) opened before anything listens, so a replica
// that answers is ready while it holds answers; a refused reload keeps
// the previous ones. Redis is deliberately not checked: a replica without
// it answers on its own, and taking every replica out of rotation because
// the shared cache is down would turn a slower service into none.
func readiness(own *answers.Holder) func() error {
	if own == nil {
		return nil
	}
	return func() error {
		if own.Current() == nil {
			return errors.New("the answers file is not loaded")
		}
		return nil
	}
}

// rememberedMessages is how many recent messages keep their candidate
// queries and crisis check: a warm poll then skips both (about a fifth of
// its CPU).
const rememberedMessages = 4096
