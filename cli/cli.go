// Package cli is the ddgbot binary: its subcommands (serve, suggest,
// answers, healthcheck, version), each in a file of its own, built from
// the configuration through constructors. main calls Run and exits with
// ExitCode; the end-to-end tests call Run on port 0.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"runtime"
	"runtime/debug"
	"syscall"
	"text/tabwriter"

	"github.com/ddgbot/ddgbot/config"
	"github.com/ddgbot/ddgbot/filewatch"
)

// Env is what one run of the binary is given.
type Env struct {
	Args           []string // after the program name
	Environ        []string // KEY=value pairs; the DDGBOT_* ones override the config
	Stdout, Stderr io.Writer
	DefaultConfig  []byte         // the embedded config.yaml: every key's default
	Version        string         // set at build time; "" = the module version, or "dev"
	Revision       string         // the commit built, set at build time; "" = the one Go recorded, if any
	OnListen       func(net.Addr) // when not nil, told the address serve listens on (tests serve on port 0)
	// Hangups subscribes c to the requests to reload the answers and
	// crisis lists and returns what unsubscribes it; nil = the process's
	// SIGHUP. Tests that run several services in one process give each
	// its own.
	Hangups func(c chan<- os.Signal) (stop func())
	// Watch tunes how the answers file and the crisis lists are watched
	// for changes (zero: filewatch's defaults). Tests shorten the settle
	// time so that a reload takes a fraction of a second.
	Watch filewatch.Options
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
	hangups        func(chan<- os.Signal) (stop func())
	watch          filewatch.Options // as Env.Watch
	version        string            // as buildVersion says
	revision       string            // as buildRevision says; "" = unknown
}

func commands() []command {
	return []command{
		{name: "serve", summary: "run the service (the default command)", run: serveCmd},
		{name: "suggest", args: "[-v] TEXT", summary: "print what would be suggested for a message", run: suggestCmd},
		{name: "answers", args: "check ANSWERS.yaml", summary: "check an own-answers file: schema, ids, matches, the crisis answer", run: answersCmd},
		{name: "healthcheck", summary: "exit 0 when the local service answers GET /health", run: func(ctx context.Context, c call) error {
			return healthcheck(ctx, c.cfg.Server.Addr)
		}},
		{name: "preview", args: "[ADDR]", summary: "serve a local page (127.0.0.1:8090) showing what an operator would see for a message, and why", run: previewCmd},
		{name: "config", args: "check", summary: "check the settings (and the answers file they name) without starting, naming any bad key", run: configCmd},
		{name: "version", summary: "print the version, the commit built and the Go version (also --version)", noConfig: true, run: func(_ context.Context, c call) error {
			rev := c.revision
			if rev == "" {
				rev = "unknown"
			}
			_, err := fmt.Fprintf(c.stdout, "ddgbot %s (revision %s, %s)\n", c.version, rev, runtime.Version())
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

// ExitCode returns the process's exit status for run's result, printing
// err on stderr unless it was already shown: 0 on success, 2 for a wrong
// command line, 1 otherwise.
func ExitCode(err error, stderr io.Writer) int {
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

// Run dispatches a subcommand; its error says how the process ends (see
// ExitCode). Flags may come before the subcommand, after it, or between
// its arguments (ddgbot --config F suggest TEXT, ddgbot config check
// --config F); after "--" everything is an argument.
func Run(ctx context.Context, env Env) error {
	stdout, stderr := env.Stdout, env.Stderr
	var configPath string
	var verbose bool
	fs := flags(&configPath, &verbose)
	fs.SetOutput(io.Discard) // Run prints errors and the usage itself
	args, err := parseInterspersed(fs, env.Args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		usage(stdout)
		return nil
	case err != nil:
		return usageError(stderr, err)
	}
	name := "serve"
	if len(args) > 0 {
		switch a := args[0]; a {
		case "help":
			usage(stdout)
			return nil
		default:
			name, args = a, args[1:]
		}
	}
	if fs.Lookup("version").Value.String() == "true" {
		name = "version"
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
	if cmd.args == "" && len(args) > 0 {
		return usageError(stderr, fmt.Errorf("%s takes no arguments, got %q", name, args))
	}
	c := call{args: args, stdout: stdout, stderr: stderr, version: buildVersion(env.Version), revision: buildRevision(env.Revision),
		hangups: env.Hangups, watch: env.Watch}
	if c.hangups == nil {
		c.hangups = sighup
	}
	if cmd.noConfig {
		return cmd.run(ctx, c)
	}
	cfg, err := config.Load(env.DefaultConfig, configPath, env.Environ)
	if err != nil {
		return err
	}
	c.verbose, c.cfg, c.onListen = verbose, cfg, env.OnListen
	return cmd.run(ctx, c)
}

// sighup subscribes c to the process's SIGHUP.
func sighup(c chan<- os.Signal) (stop func()) {
	signal.Notify(c, syscall.SIGHUP)
	return func() { signal.Stop(c) }
}

// parseInterspersed parses the flags among args wherever they stand and
// returns the other arguments in order; "--" ends the flags.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var rest []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		consumed := len(args) - fs.NArg()
		if consumed > 0 && args[consumed-1] == "--" || fs.NArg() == 0 {
			return append(rest, fs.Args()...), nil
		}
		rest = append(rest, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// flags is the command line's flag set: the same for every command, so a
// flag may stand before or after the command's name.
func flags(configPath *string, verbose *bool) *flag.FlagSet {
	fs := flag.NewFlagSet("ddgbot", flag.ContinueOnError)
	fs.StringVar(configPath, "config", "", "read settings from this YAML `FILE` too (only the keys you change)")
	fs.BoolVar(verbose, "v", false, "suggest: print every candidate query with its score and corrections, and what each lookup found")
	fs.Bool("version", false, "print the version and exit (the version command)")
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
	fs := flags(new(string), new(bool))
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

// buildRevision is the commit built: the one set at build time (the
// image's REVISION), else the one Go recorded building in a git checkout.
func buildRevision(revision string) string {
	if revision != "" {
		return revision
	}
	if bi, ok := debug.ReadBuildInfo(); ok {
		return vcsRevision(bi.Settings)
	}
	return ""
}

// vcsRevision is the commit in Go's build settings, "-dirty" when the
// checkout had uncommitted changes; "" when Go recorded none (a build
// outside a git clone, or with -buildvcs=false).
func vcsRevision(settings []debug.BuildSetting) string {
	var rev, modified string
	for _, s := range settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			modified = s.Value
		}
	}
	if rev != "" && modified == "true" {
		rev += "-dirty"
	}
	return rev
}

// buildVersion is the version to report: the one set at build time, else
// the module's, else "dev".
func buildVersion(version string) string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}
