// Command fakeddg serves a fake DuckDuckGo Instant Answer API on loopback
// for local demos, tests and benchmarks: the recorded answers of
// testdata/ddg, a few health topics for demos (testdata/ddg/health: ask
// "what is tuberculosis?"), a generated article for any "topic-N" query,
// the real empty answer for anything else, and request counts at GET /stats.
//
//	go run ./cmd/fakeddg [-addr 127.0.0.1:8081] [-fixtures testdata/ddg] [-latency 80ms] [-fault none|500|202|hang|flaky]
//	DDGBOT_DUCKDUCKGO_BASE_URL=http://127.0.0.1:8081/ go run .
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/ddgbot/ddgbot/cmd/fakeddg/fakeapi"
	"github.com/ddgbot/ddgbot/duckduckgo/ddgtest"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, nil)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "fakeddg:", err)
		os.Exit(1)
	}
}

// run serves until ctx is done. onListen, when not nil, is told the
// address it listens on (tests use port 0).
func run(ctx context.Context, args []string, stdout io.Writer, onListen func(net.Addr)) error {
	fs := flag.NewFlagSet("fakeddg", flag.ContinueOnError)
	fs.SetOutput(stdout)
	addr := fs.String("addr", "127.0.0.1:8081", "listen address (loopback unless you mean otherwise)")
	fixtures := fs.String("fixtures", "testdata/ddg", "directory of recorded answers")
	latency := fs.Duration("latency", 0, "delay before every answer")
	fault := fs.String("fault", "none", "misbehaviour: "+strings.Join(faultNames(), "|"))
	if err := fs.Parse(args); err != nil {
		return err
	}
	f, ok := fakeapi.Faults[*fault]
	if !ok {
		return fmt.Errorf("-fault %q: want one of %s", *fault, strings.Join(faultNames(), ", "))
	}
	answers, err := ddgtest.LoadFixtures(*fixtures)
	if err != nil {
		return err
	}
	if err := ddgtest.LoadTopics(answers, filepath.Join(*fixtures, "health")); err != nil {
		return err
	}
	h := fakeapi.New(answers)
	h.SetLatency(*latency)
	h.SetFault(f)

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "fakeddg: serving %d recorded answers and health topics, and topic-N at http://%s/ (latency %s, fault %s); counts at %s\n",
		len(answers), ln.Addr(), *latency, *fault, fakeapi.StatsPath)
	if onListen != nil {
		onListen(ln.Addr())
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	h.Close() // release hanging and delayed requests so Shutdown can finish
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return err
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

func faultNames() []string {
	var names []string
	for n := range fakeapi.Faults {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}
