package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"net"
	"os"
	"os/exec"
	"strings"
	"testing"
)

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

// TestMainHelper is main() in a child process for TestMainExit; it does
// nothing in a normal run.
func TestMainHelper(t *testing.T) {
	if os.Getenv("CLI_TEST_MAIN") != "1" {
		t.Skip("runs only as TestMainExit's child process")
	}
	i := 0
	for i < len(os.Args) && os.Args[i] != "--" {
		i++
	}
	os.Args = append([]string{"ddgbot"}, os.Args[i+1:]...)
	main()
}

// Ensure main() itself exits 0, 2 and 1 as run's result says, and prints
// a fatal error only once, as a log line in the configured format.
func TestMainExit(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	addr := occupiedAddr(t)
	tests := []struct {
		name     string
		args     []string
		wantCode int
		check    func(stdout, stderr string) bool
	}{
		{"help", []string{"--help"}, 0, func(o, e string) bool { return strings.Contains(o, "Usage:") && e == "" }},
		{"unknown command", []string{"bogus"}, 2, func(o, e string) bool { return o == "" && strings.Contains(e, "Usage:") }},
		{"fatal error", []string{"serve"}, 1, func(o, e string) bool {
			lines := strings.Split(strings.TrimSpace(e), "\n")
			var last struct{ Level, Msg string }
			return json.Unmarshal([]byte(lines[len(lines)-1]), &last) == nil && last.Level == "ERROR" &&
				!strings.Contains(e, "ddgbot: ")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cmd := exec.Command(os.Args[0], append([]string{"-test.run=^TestMainHelper$", "--"}, tt.args...)...)
			// Under -race the child would wait a second at exit
			// (atexit_sleep_ms) for late race reports; races it meets
			// are still reported, and fail its exit code.
			cmd.Env = []string{"CLI_TEST_MAIN=1", "DDGBOT_SERVER_ADDR=" + addr,
				"GORACE=" + strings.TrimSpace(os.Getenv("GORACE")+" atexit_sleep_ms=0")}
			var out, errOut bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &errOut
			err := cmd.Run()
			code := 0
			var exit *exec.ExitError
			if errors.As(err, &exit) {
				code = exit.ExitCode()
			} else if err != nil {
				t.Fatal(err)
			}
			if code != tt.wantCode || !tt.check(out.String(), errOut.String()) {
				t.Fatalf("exit %d (want %d)\nstdout:\n%s\nstderr:\n%s", code, tt.wantCode, out.String(), errOut.String())
			}
		})
	}
}
