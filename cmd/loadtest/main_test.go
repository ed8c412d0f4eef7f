package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestMain lets the test binary stand in for the load tool when the
// ceiling scenario re-executes it with -serve-ceiling.
func TestMain(m *testing.M) {
	if len(os.Args) > 1 && os.Args[1] == "-serve-ceiling" {
		ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
		err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
		stop()
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// Ensure the scenarios with a pass/fail target run end to end with very
// short durations and print the table; the figures themselves are
// meaningless here, so only the herd's request count (not a timing) is
// checked.
func TestSmoke(t *testing.T) {
	if testing.Short() {
		t.Skip("builds ddgbot")
	}
	var out, log bytes.Buffer
	start := time.Now()
	err := run(context.Background(), []string{
		"-duration", "100ms", "-workers", "4", "-hang-timeout", "200ms",
		"-scenarios", "warm,herd,hanging,ceiling",
		"-fixtures", "../../testdata/ddg", "-src", "../..",
	}, &out, &log)
	if err != nil {
		t.Fatalf("%v\n%s", err, log.String())
	}
	t.Logf("took %v\n%s", time.Since(start), out.String())
	for _, want := range []string{"| warm |", "half of max", "met: 1 upstream request", "| hanging upstream", "| ceiling: bare Echo", "× the bare Echo ceiling"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q", want)
		}
	}
}
