// Command soak runs ddgbot for a long stretch under a mixed stream of good
// and bad requests and says whether its goroutines and memory stayed flat.
//
//	go run ./cmd/soak [-duration 10m] [-rate 50] [-bin ./ddgbot]
//
// It builds ddgbot (unless -bin names a binary), starts it with a temporary
// config on a loopback port against an in-process fake DuckDuckGo, sends
// the load (see package load), stops ddgbot with SIGTERM and prints a
// report. It exits 1 when the verdict is FAIL. Nothing leaves the machine.
package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/ddgbot/ddgbot/cmd/fakeddg/fakeapi"
	"github.com/ddgbot/ddgbot/cmd/soak/load"
	"github.com/ddgbot/ddgbot/duckduckgo/ddgtest"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	pass, err := run(ctx, os.Args[1:], os.Stdout)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "soak:", err)
		os.Exit(2)
	}
	if !pass {
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, out io.Writer) (bool, error) {
	fs := flag.NewFlagSet("soak", flag.ContinueOnError)
	duration := fs.Duration("duration", 10*time.Minute, "how long to send requests")
	rate := fs.Float64("rate", 50, "requests per second")
	warmup := fs.Duration("warmup", 0, "growth is measured after this (default duration/5)")
	interval := fs.Duration("interval", 0, "between metric samples (default duration/20, at least 1s)")
	concurrency := fs.Int("concurrency", 64, "requests in flight at most")
	cacheEntries := fs.Int("cache-entries", 1000, "ddgbot's cache.max_entries: small, so the cache is full and evicting after warm-up")
	bin := fs.String("bin", "", "ddgbot binary (default: build the module's)")
	fixtures := fs.String("fixtures", "", "recorded DuckDuckGo answers (default: the module's testdata/ddg)")
	if err := fs.Parse(args); err != nil {
		return false, err
	}
	tmp, err := os.MkdirTemp("", "ddgbot-soak-")
	if err != nil {
		return false, err
	}
	defer os.RemoveAll(tmp)

	root, err := moduleRoot(ctx)
	if err != nil {
		return false, err
	}
	if *bin == "" {
		*bin = filepath.Join(tmp, "ddgbot")
		build := exec.CommandContext(ctx, "go", "build", "-o", *bin, ".")
		build.Dir, build.Stderr = root, os.Stderr
		if err := build.Run(); err != nil {
			return false, fmt.Errorf("build ddgbot: %w", err)
		}
	}
	if *fixtures == "" {
		*fixtures = filepath.Join(root, "testdata", "ddg")
	}
	answers, err := ddgtest.LoadFixtures(*fixtures)
	if err != nil {
		return false, err
	}
	fake := fakeapi.New(answers)
	fakeSrv := httptest.NewServer(fake) // loopback
	defer fakeSrv.Close()
	defer fake.Close()

	token := randomHex()
	cfg := filepath.Join(tmp, "config.yaml")
	yaml := fmt.Sprintf("server:\n  addr: \"127.0.0.1:0\"\nturn:\n  api_token: %q\nduckduckgo:\n  base_url: %q\ncache:\n  max_entries: %d\n",
		token, fakeSrv.URL+"/", *cacheEntries)
	if err := os.WriteFile(cfg, []byte(yaml), 0o600); err != nil {
		return false, err
	}
	bot, err := startBot(*bin, cfg, filepath.Join(tmp, "ddgbot.log"))
	if err != nil {
		return false, err
	}
	defer bot.kill()
	fmt.Fprintf(out, "ddgbot pid %d on %s, fake DuckDuckGo on %s\n", bot.cmd.Process.Pid, bot.url, fakeSrv.URL)

	rep, err := load.Run(ctx, load.Options{
		Target: bot.url, Token: token, Rate: *rate, Duration: *duration, Warmup: *warmup,
		Interval: *interval, Concurrency: *concurrency, Progress: out,
	})
	if err != nil {
		return false, err
	}
	stopErr := bot.stop(20 * time.Second)
	rep.Format(out)
	fmt.Fprintf(out, "upstream requests to the fake: %d\n", fake.Stats().Total)
	fmt.Fprintf(out, "ddgbot log: %d lines, %d at ERROR, panics: %d\n", bot.lines, bot.errLines, bot.panics)
	pass := rep.Pass()
	if stopErr != nil {
		fmt.Fprintln(out, "shutdown:", stopErr)
		pass = false
	}
	if bot.errLines > 0 || bot.panics > 0 {
		pass = false
	}
	if !pass && rep.Pass() {
		fmt.Fprintln(out, "verdict: FAIL (shutdown or log)")
	}
	return pass, nil
}

func moduleRoot(ctx context.Context) (string, error) {
	out, err := exec.CommandContext(ctx, "go", "env", "GOMOD").Output()
	gomod := strings.TrimSpace(string(out))
	if err != nil || gomod == "" || gomod == os.DevNull {
		return "", errors.New("run soak inside the ddgbot module (go env GOMOD is empty)")
	}
	return filepath.Dir(gomod), nil
}

func randomHex() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// bot is a running ddgbot subprocess whose JSON log is counted and kept in
// a file.
type bot struct {
	cmd                     *exec.Cmd
	url                     string
	done                    chan error
	lines, errLines, panics int // read only after done
	logged                  chan struct{}
}

func startBot(bin, cfg, logPath string) (*bot, error) {
	logFile, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, "--config", cfg)
	cmd.Env = withoutDDGBOT(os.Environ())
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	b := &bot{cmd: cmd, done: make(chan error, 1), logged: make(chan struct{})}
	addr := make(chan string, 1)
	go func() {
		defer close(b.logged)
		defer logFile.Close()
		sc := bufio.NewScanner(stderr)
		sc.Buffer(make([]byte, 64<<10), 4<<20)
		for sc.Scan() {
			line := sc.Bytes()
			_, _ = logFile.Write(append(line, '\n'))
			b.lines++
			var l struct{ Level, Msg, Addr string }
			if json.Unmarshal(line, &l) != nil {
				continue
			}
			switch {
			case l.Msg == "listening":
				addr <- l.Addr
			case l.Msg == "panic":
				b.panics++
			}
			if l.Level == "ERROR" {
				b.errLines++
			}
		}
		_, _ = io.Copy(io.Discard, stderr)
	}()
	go func() { b.done <- cmd.Wait() }()
	select {
	case a := <-addr:
		b.url = "http://" + a
	case err := <-b.done:
		<-b.logged
		return nil, fmt.Errorf("ddgbot exited before listening (%v); log: %s", err, logPath)
	case <-time.After(30 * time.Second):
		b.kill()
		return nil, errors.New("ddgbot did not start listening in 30s")
	}
	for i := 0; i < 50; i++ {
		resp, err := http.Get(b.url + "/health")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return b, nil
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	b.kill()
	return nil, errors.New("ddgbot never became healthy")
}

// stop sends SIGTERM and waits up to timeout for a clean exit.
func (b *bot) stop(timeout time.Duration) error {
	_ = b.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-b.done:
		b.done <- err
		<-b.logged
		if err != nil {
			return fmt.Errorf("ddgbot exited with %w", err)
		}
		return nil
	case <-time.After(timeout):
		b.kill()
		return fmt.Errorf("ddgbot did not stop within %v of SIGTERM", timeout)
	}
}

func (b *bot) kill() {
	select {
	case err := <-b.done:
		b.done <- err
	default:
		_ = b.cmd.Process.Kill()
	}
}

// withoutDDGBOT drops DDGBOT_* variables, so the temporary config is the
// whole configuration.
func withoutDDGBOT(env []string) []string {
	out := env[:0:0]
	for _, kv := range env {
		if !strings.HasPrefix(kv, "DDGBOT_") {
			out = append(out, kv)
		}
	}
	return out
}
