// Command ddgbot is a Turn.io custom integration that suggests replies from
// the DuckDuckGo Instant Answer API. `ddgbot help` lists the subcommands;
// they are the rows of commands.
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
	"strings"
	"syscall"
	"text/tabwriter"
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
	os.Exit(exitCode(err, os.Stderr))
}

// command is one subcommand: adding one is adding a row to commands.
type command struct {
	name     string
	args     string // what follows the flags, for the usage; "" = takes no arguments
	summary  string
	noConfig bool // runs without loading the config
	run      func(ctx context.Context, c call) error
}

// call is what a command is run with.
type call struct {
	args           []string // after the flags
	verbose        bool     // -v
	cfg            config.Config
	stdout, stderr io.Writer
	onListen       func(net.Addr)
}

func commands() []command {
	return []command{
		{name: "serve", summary: "run the service (the default command)", run: serveCmd},
		{name: "suggest", args: "[-v] TEXT", summary: "print what would be suggested for a message", run: func(ctx context.Context, c call) error {
			return suggestCmd(ctx, c.cfg, c.args, c.verbose, c.stdout, c.stderr)
		}},
		{name: "answers", args: "check ANSWERS.yaml", summary: "check an own-answers file: schema, ids, matches, the crisis answer", run: func(_ context.Context, c call) error {
			return answersCmd(c.cfg, c.args, c.stdout, c.stderr)
		}},
		{name: "healthcheck", summary: "exit 0 when the local service answers GET /health", run: func(ctx context.Context, c call) error {
			return healthcheck(ctx, c.cfg.Server.Addr)
		}},
		{name: "version", summary: "print the version (also --version)", noConfig: true, run: func(_ context.Context, c call) error {
			_, err := fmt.Fprintln(c.stdout, "ddgbot", buildVersion())
			return err
		}},
	}
}

// exitError ends the process with code; its message has already been
// shown (logged, or printed with the usage).
type exitError struct {
	err  error
	code int
}

func (e exitError) Error() string { return e.err.Error() }
func (e exitError) Unwrap() error { return e.err }

// exitCode returns the process's exit status for run's result, printing
// err on stderr unless it was already shown: 0 on success, 2 for a wrong
// command line, 1 otherwise.
func exitCode(err error, stderr io.Writer) int {
	if err == nil {
		return 0
	}
	var shown exitError
	if errors.As(err, &shown) {
		return shown.code
	}
	fmt.Fprintln(stderr, "ddgbot:", err)
	return 1
}

// run dispatches a subcommand. onListen, when not nil, is told the
// address the server listens on (tests serve on port 0).
func run(ctx context.Context, args, environ []string, stdout, stderr io.Writer, onListen func(net.Addr)) error {
	name := "serve"
	if len(args) > 0 {
		switch a := args[0]; {
		case a == "help" || a == "-h" || a == "-help" || a == "--help":
			usage(stdout)
			return nil
		case a == "-version" || a == "--version":
			name, args = "version", args[1:]
		case !strings.HasPrefix(a, "-"):
			name, args = a, args[1:]
		}
	}
	var cmd command
	for _, c := range commands() {
		if c.name == name {
			cmd = c
		}
	}
	if cmd.run == nil {
		return usageError(stderr, fmt.Errorf("unknown command %q", name))
	}
	var configPath string
	var verbose bool
	if !cmd.noConfig {
		fs := flags(name, &configPath, &verbose)
		fs.SetOutput(io.Discard) // run prints errors and the usage itself
		if err := fs.Parse(args); errors.Is(err, flag.ErrHelp) {
			usage(stdout)
			return nil
		} else if err != nil {
			return usageError(stderr, err)
		}
		args = fs.Args()
	}
	if cmd.args == "" && len(args) > 0 {
		return usageError(stderr, fmt.Errorf("%s takes no arguments, got %q", name, args))
	}
	if cmd.noConfig {
		return cmd.run(ctx, call{args: args, stdout: stdout, stderr: stderr})
	}
	cfg, err := config.Load(defaultConfig, configPath, environ)
	if err != nil {
		return err
	}
	return cmd.run(ctx, call{args: args, verbose: verbose, cfg: cfg, stdout: stdout, stderr: stderr, onListen: onListen})
}

// flags is the flag set of the commands that load the config.
func flags(name string, configPath *string, verbose *bool) *flag.FlagSet {
	fs := flag.NewFlagSet("ddgbot "+name, flag.ContinueOnError)
	fs.StringVar(configPath, "config", "", "read settings from this YAML `FILE` too (only the keys you change)")
	fs.BoolVar(verbose, "v", false, "suggest: print every candidate query with its score and corrections, and what each lookup found")
	return fs
}

// usage prints the commands and flags.
func usage(w io.Writer) {
	fmt.Fprint(w, "ddgbot answers Turn.io with suggested replies from the DuckDuckGo Instant Answer API.\n\nUsage:\n")
	tw := tabwriter.NewWriter(w, 0, 0, 3, ' ', 0)
	for _, c := range commands() {
		line := "ddgbot " + c.name
		if !c.noConfig {
			line += " [--config FILE]"
		}
		if c.args != "" {
			line += " " + c.args
		}
		fmt.Fprintf(tw, "  %s\t%s\n", line, c.summary)
	}
	fmt.Fprintf(tw, "  %s\t%s\n", "ddgbot help", "print this help (also -h, --help)")
	tw.Flush()
	fmt.Fprint(w, "\nFlags:\n")
	fs := flags("", new(string), new(bool))
	fs.SetOutput(w)
	fs.PrintDefaults()
	fmt.Fprintf(w, "\nSettings: the embedded config.yaml, then --config FILE, then %s<SECTION>_<KEY>\n"+
		"environment variables (e.g. DDGBOT_TURN_API_TOKEN); see the README.\n", config.EnvPrefix)
}

// usageError prints err and the usage on stderr and returns an error
// that exits with status 2.
func usageError(stderr io.Writer, err error) error {
	fmt.Fprintf(stderr, "ddgbot: %v\n\n", err)
	usage(stderr)
	return exitError{err, 2}
}

// serveCmd runs the service. Once the config has loaded, the error that
// ends it is logged in the configured format, as the last log line.
func serveCmd(ctx context.Context, c call) error {
	log := newLogger(c.cfg.Log, c.stderr)
	if err := serve(ctx, c.cfg, log, c.onListen); err != nil {
		log.Error("exiting", "error", err.Error())
		return exitError{err, 1}
	}
	return nil
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
// it, with wrap (when not nil) between them, counting outcomes in m unless
// m is nil. The caller must Close the service.
func lookups(cfg config.Config, log *slog.Logger, m *metrics.Metrics, wrap func(duckduckgo.Fetcher) duckduckgo.Fetcher) *duckduckgo.Service {
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
	o := duckduckgo.ServiceOptions{
		Region:          d.Region,
		TTL:             cfg.Cache.TTL,
		NegativeTTL:     cfg.Cache.NegativeTTL,
		StaleFor:        cfg.Cache.StaleFor,
		MaxEntries:      cfg.Cache.MaxEntries,
		MaxBytes:        cfg.Cache.MaxBytes,
		LookupTimeout:   d.LookupTimeout,
		AttemptTimeout:  d.Timeout,
		MaxConcurrency:  d.MaxConcurrency,
		MaxPending:      d.MaxPending,
		BreakerFailures: d.BreakerFailures,
		BreakerCooldown: d.BreakerCooldown,
		MaxRetryAfter:   d.MaxRetryAfter,
		Logger:          log,
	}
	if m != nil {
		o.ObserveCache = func(c duckduckgo.CacheOutcome) { m.ObserveCache(string(c)) }
		o.ObserveUpstream = func(u duckduckgo.UpstreamOutcome, d time.Duration) { m.ObserveUpstream(string(u), u.Sent(), d) }
	}
	var f duckduckgo.Fetcher = client
	if wrap != nil {
		f = wrap(client)
	}
	return duckduckgo.NewService(f, o)
}

// newReply builds the use case on top of the lookup service; budget
// bounds the lookups of one question.
func newReply(cfg config.Config, svc *duckduckgo.Service, budget time.Duration, guards reply.Guards) *reply.Service {
	return reply.New(reply.Options{
		Guards:    guards,
		Searcher:  svc,
		Extractor: query.NewFor(query.Config{Ignore: cfg.Suggestions.Ignore, Languages: cfg.Suggestions.Languages}),
		Suggest:   suggest.Options{Max: cfg.Suggestions.Max, MaxChars: cfg.Suggestions.MaxChars, Attribution: cfg.Suggestions.Attribution},
		Budget:    budget,
		Remember:  rememberedMessages,
	})
}

// rememberedMessages is how many recent messages keep their candidate
// queries and crisis check: a warm poll then skips both (about a fifth of
// its CPU).
const rememberedMessages = 4096

// serve runs the HTTP server until ctx is done, then shuts down
// gracefully: no new connections, in-flight requests finish (bounded by
// server.shutdown_timeout), background lookups stop.
func serve(ctx context.Context, cfg config.Config, log *slog.Logger, onListen func(net.Addr)) error {
	log.Info("starting", "version", buildVersion(), "config", cfg)
	switch {
	case cfg.Turn.APIToken == "":
		log.Warn("turn.api_token is empty: anyone who can reach this service can use it; set DDGBOT_TURN_API_TOKEN to the token entered in Turn")
	case len(cfg.Turn.APIToken) < 16:
		log.Warn("turn.api_token is shorter than 16 characters: easy to guess; use a long random string")
	}

	m := metrics.New(buildVersion())
	shared, wrap, unshare, err := sharing(cfg, log, m)
	if err != nil {
		return err
	}
	defer unshare()
	svc := lookups(cfg, log, m, wrap)
	defer svc.Close()
	m.WatchLookups(svc.BreakerState, svc.Len, svc.Bytes)
	guards, own, err := newGuards(cfg, log, m.RegisterGuards())
	if err != nil {
		return err
	}
	if own != nil {
		defer watchAnswers(ctx, own, log)()
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
		Reply:              newReply(cfg, svc, cfg.Turn.ResponseTimeout, guards),
		Actions:            newActions(cfg, shared),
		PublicURL:          cfg.Turn.PublicURL,
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
