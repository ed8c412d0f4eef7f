package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
)

// defaultConfig is the config.yaml that main embeds.
var defaultConfig = sync.OnceValue(func() []byte {
	b, err := os.ReadFile("../config.yaml")
	if err != nil {
		panic(err)
	}
	return b
})

// run is Run as main calls it, with the embedded defaults.
func run(ctx context.Context, args, environ []string, stdout, stderr io.Writer, onListen func(net.Addr)) error {
	return Run(ctx, Env{Args: args, Environ: environ, Stdout: stdout, Stderr: stderr, DefaultConfig: defaultConfig(), OnListen: onListen})
}

// runCLI calls run as main does and returns what it printed and the exit
// status main would end with.
func runCLI(t *testing.T, args []string, env ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := run(context.Background(), args, env, &out, &errOut, nil)
	code = ExitCode(err, &errOut)
	return out.String(), errOut.String(), code
}

// Ensure -h, --help and help print every subcommand and flag on stdout and exit 0.
func TestHelp(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"-h"}, {"--help"}, {"-help"}, {"help"}, {"serve", "-h"}, {"suggest", "--help"},
		{"--config", "nope.yaml", "-h"}} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			stdout, stderr, code := runCLI(t, args)
			if code != 0 || stderr != "" {
				t.Fatalf("exit %d, stderr %q", code, stderr)
			}
			for _, c := range commands() {
				if !strings.Contains(stdout, "ddgbot "+c.name) || !strings.Contains(stdout, c.summary) {
					t.Errorf("help lacks the %s command:\n%s", c.name, stdout)
				}
			}
			if !strings.Contains(stdout, "-config FILE") || !strings.Contains(stdout, "DDGBOT_") {
				t.Errorf("help lacks the flags or the settings:\n%s", stdout)
			}
		})
	}
}

// Ensure a wrong command line prints what is wrong and the usage on
// stderr, exits 2, and never starts the server.
func TestUsageErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"unknown command", []string{"bogus"}, `unknown command "bogus"`},
		{"message without suggest", []string{"what is malaria?"}, `unknown command "what is malaria?"`},
		{"unknown flag", []string{"--bogus"}, "flag provided but not defined: -bogus"},
		{"flag without value", []string{"serve", "--config"}, "flag needs an argument"},
		{"argument to serve", []string{"serve", "extra"}, `serve takes no arguments, got ["extra"]`},
		{"argument to version", []string{"version", "extra"}, "version takes no arguments"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// An address that cannot serve: if the server started, the test would see its log.
			stdout, stderr, code := runCLI(t, tt.args, "DDGBOT_SERVER_ADDR=192.0.2.1:1")
			if code != 2 || stdout != "" {
				t.Fatalf("exit %d, stdout %q", code, stdout)
			}
			if !strings.HasPrefix(stderr, "ddgbot: "+tt.want) || !strings.Contains(stderr, "Usage:") ||
				strings.Count(stderr, tt.want) != 1 {
				t.Fatalf("stderr:\n%s", stderr)
			}
		})
	}
}

// Ensure --version prints what version prints.
func TestVersionFlag(t *testing.T) {
	t.Parallel()
	want, _, _ := runCLI(t, []string{"version"})
	for _, args := range [][]string{{"--version"}, {"-version"}} {
		if got, stderr, code := runCLI(t, args); got != want || code != 0 || stderr != "" || !strings.HasPrefix(got, "ddgbot ") {
			t.Errorf("%v: %q, exit %d, stderr %q; want %q", args, got, code, stderr, want)
		}
	}
}

// Ensure a bad config is one plain line on stderr and exit 1: there is no
// configured logger yet.
func TestConfigErrorIsPlain(t *testing.T) {
	t.Parallel()
	_, stderr, code := runCLI(t, nil, "DDGBOT_TURN_APITOKEN=x")
	if code != 1 || !strings.HasPrefix(stderr, "ddgbot: config: unknown environment variable DDGBOT_TURN_APITOKEN") {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
}

// occupiedAddr returns an address something already listens on.
func occupiedAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	return ln.Addr().String()
}

// Ensure the service logs its config as structured attributes (sections
// as groups, readable durations, credentials redacted) and that the error
// that ends it is the last log line, in the configured format, not
// repeated as plain text.
func TestStartupAndFatalErrorLogged(t *testing.T) {
	t.Parallel()
	addr := occupiedAddr(t)
	env := []string{"DDGBOT_SERVER_ADDR=" + addr, "DDGBOT_TURN_API_TOKEN=cli-test-t0ken-0123456789",
		"DDGBOT_DUCKDUCKGO_BASE_URL=https://ddguser:pw0rd@proxy.example/ddg/?key=k3y"}

	t.Run("json", func(t *testing.T) {
		stdout, stderr, code := runCLI(t, nil, append(env, "DDGBOT_LOG_FORMAT=json")...)
		if code != 1 || stdout != "" {
			t.Fatalf("exit %d, stdout %q", code, stdout)
		}
		for _, secret := range []string{"t0ken", "pw0rd", "ddguser", "k3y"} {
			if strings.Contains(stderr, secret) {
				t.Errorf("log holds %q:\n%s", secret, stderr)
			}
		}
		lines := strings.Split(strings.TrimSpace(stderr), "\n")
		var first struct {
			Msg    string
			Config map[string]map[string]any
		}
		if err := json.Unmarshal([]byte(lines[0]), &first); err != nil || first.Msg != "starting" {
			t.Fatalf("first line %q: %v", lines[0], err)
		}
		if d := first.Config["duckduckgo"]; d["timeout"] != "2s" || d["base_url"] != "https://redacted@proxy.example/ddg/?key=redacted" ||
			first.Config["turn"]["api_token"] != "[redacted]" || first.Config["server"]["addr"] != addr {
			t.Errorf("start-up config: %s", lines[0])
		}
		var last struct{ Level, Msg, Error string }
		if err := json.Unmarshal([]byte(lines[len(lines)-1]), &last); err != nil {
			t.Fatalf("last line is not JSON: %q", lines[len(lines)-1])
		}
		if last.Level != "ERROR" || last.Msg != "exiting" || !strings.Contains(last.Error, "server.addr") {
			t.Fatalf("last line: %+v", last)
		}
	})
	t.Run("text", func(t *testing.T) {
		_, stderr, code := runCLI(t, nil, append(env, "DDGBOT_LOG_FORMAT=text")...)
		lines := strings.Split(strings.TrimSpace(stderr), "\n")
		last := lines[len(lines)-1]
		if code != 1 || !strings.HasPrefix(last, "time=") || !strings.Contains(last, "level=ERROR msg=exiting error=") ||
			!strings.Contains(lines[0], "config.duckduckgo.timeout=2s") {
			t.Fatalf("exit %d, log:\n%s", code, stderr)
		}
	})
}

// Ensure the README keeps its promises: it opens with exactly the two
// commands a new machine needs (the test one being what CI runs), it names
// every subcommand, every link inside it leads to a heading, and a link for
// the fake DuckDuckGo leads to the section with its commands.
func TestREADME(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	first := regexp.MustCompile("(?s)```sh\n(.*?)```").FindStringSubmatch(readme)
	var cmds []string
	for _, l := range strings.Split(strings.TrimSpace(first[1]), "\n") {
		cmd, _, _ := strings.Cut(l, "#")
		cmds = append(cmds, strings.TrimSpace(cmd))
	}
	if len(cmds) != 2 || cmds[0] != "go run ." || !strings.HasPrefix(cmds[1], "go test ") {
		t.Fatalf("the README opens with %q, want `go run .` and a go test command", cmds)
	}
	ci, err := os.ReadFile("../.ci/run")
	if err != nil {
		t.Fatal(err)
	}
	if !ciRuns(string(ci), cmds[1]) {
		t.Errorf(".ci/run does not run the README's %q", cmds[1])
	}

	// The README keeps what ddgbot is, the two commands, connecting Turn,
	// the preview picture and links; the rest lives in docs/.
	if n := strings.Count(readme, "\n"); n > 120 {
		t.Errorf("the README has %d lines: move details to docs/", n)
	}
	for _, want := range []string{"](docs/preview.png)", "](docs/configuration.md)", "](docs/operations.md)",
		"](docs/answers-and-safety.md)", "](docs/development.md)", "](CHANGELOG.md)", "Connect it to Turn"} {
		if !strings.Contains(readme, want) {
			t.Errorf("the README lacks %q", want)
		}
	}
	if _, err := os.Stat("../docs/preview.png"); err != nil {
		t.Errorf("the README's picture: %v", err)
	}
	conf, err := os.ReadFile("../docs/configuration.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range commands() {
		if !strings.Contains(string(conf), "`"+strings.TrimSpace(c.name+" "+c.args)+"`") {
			t.Errorf("docs/configuration.md does not name the %s command as `%s`", c.name, strings.TrimSpace(c.name+" "+c.args))
		}
	}
}

// Ensure every link of the README and docs/ reaches a file that exists
// and, with #anchor, a heading there; and that a link promising the fake
// DuckDuckGo reaches a section that shows how to run it.
func TestDocsLinks(t *testing.T) {
	t.Parallel()
	files, _ := filepath.Glob("../docs/*.md")
	files = append(files, "../README.md", "../CHANGELOG.md")
	heading := regexp.MustCompile(`(?m)^#+ (.*)$`)
	sections := func(path string) map[string]string { // anchor → section text
		b, err := os.ReadFile(path)
		if err != nil {
			return nil
		}
		out := map[string]string{}
		parts := heading.Split(string(b), -1)
		for i, h := range heading.FindAllStringSubmatch(string(b), -1) {
			out[anchor(h[1])] = parts[i+1]
		}
		return out
	}
	link := regexp.MustCompile(`[^\n]*\]\(([^)\s]+)\)[^\n]*`)
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range link.FindAllStringSubmatch(string(b), -1) {
			target := m[1]
			if strings.Contains(target, "://") || strings.HasPrefix(target, "mailto:") {
				continue
			}
			path, frag, _ := strings.Cut(target, "#")
			dest := f
			if path != "" {
				dest = filepath.Join(filepath.Dir(f), path)
				if _, err := os.Stat(dest); err != nil {
					t.Errorf("%s links to %s, which does not exist", f, target)
					continue
				}
			}
			if frag == "" {
				continue
			}
			section, ok := sections(dest)[frag]
			if !ok {
				t.Errorf("%s links to %s: no such heading", f, target)
				continue
			}
			if strings.Contains(m[0], "fake DuckDuckGo") && !strings.Contains(section, "go run ./cmd/fakeddg") {
				t.Errorf("%s: %q sends readers to %s, which lacks `go run ./cmd/fakeddg`", f, m[0], target)
			}
		}
	}
}

// ciRuns reports whether a `go test` line of the CI script has every word
// of cmd.
func ciRuns(script, cmd string) bool {
	for _, l := range strings.Split(script, "\n") {
		if !strings.HasPrefix(strings.TrimSpace(l), "go test ") {
			continue
		}
		all := true
		for _, w := range strings.Fields(cmd) {
			all = all && strings.Contains(" "+l+" ", " "+w+" ")
		}
		if all {
			return true
		}
	}
	return false
}

// anchor is GitHub's link anchor for a heading.
func anchor(heading string) string {
	a := strings.ToLower(strings.TrimSpace(heading))
	a = regexp.MustCompile(`[^\p{L}\p{N} _-]`).ReplaceAllString(a, "")
	return strings.ReplaceAll(a, " ", "-")
}
