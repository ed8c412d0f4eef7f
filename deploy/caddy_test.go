// Package deploy_test checks the deployment files that run beside the
// service, over real sockets where their programs are installed.
package deploy_test

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Ensure the fleet's proxy (deploy/Caddyfile, run by Debian's caddy)
// gives up on a replica that accepts polls but never answers within its
// response timeout, instead of holding Turn's call, and sends the polls
// after that to the replicas that answer.
func TestCaddyfileHungReplica(t *testing.T) {
	if _, err := exec.LookPath("caddy"); err != nil {
		t.Skip("caddy is not installed (apt-get install caddy)")
	}
	done := make(chan struct{})
	answering := func(name string) *httptest.Server {
		return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			io.Copy(io.Discard, r.Body)
			fmt.Fprintf(w, `{"from":%q}`, name)
		}))
	}
	a, b := answering("a"), answering("b")
	hung := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select { // accepts, reads, never answers: a replica stuck in a poll
		case <-done:
		case <-r.Context().Done():
		}
	}))
	defer func() { close(done); a.Close(); b.Close(); hung.Close() }()

	addr := freeAddr(t)
	conf := caddyfile(t, addr, []string{hostPort(a), hostPort(hung), hostPort(b)})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cmd := exec.CommandContext(ctx, "caddy", "run", "--config", conf, "--adapter", "caddyfile")
	home := t.TempDir()
	cmd.Env = append(os.Environ(), "HOME="+home, "XDG_DATA_HOME="+home, "XDG_CONFIG_HOME="+home)
	var logs strings.Builder
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cancel(); _ = cmd.Wait() }()
	waitListening(t, addr, &logs)

	client := &http.Client{Timeout: 15 * time.Second}
	const bound = 6 * time.Second // the Caddyfile's 4s response timeout, and room for a loaded machine
	failed := 0
	for i := range 9 {
		start := time.Now()
		resp, err := client.Post("http://"+addr+"/", "application/json", strings.NewReader(`{"messages":[]}`))
		took := time.Since(start)
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
		if took > bound {
			t.Fatalf("poll %d took %s through the proxy with one replica hung; want at most %s", i, took.Round(time.Millisecond), bound)
		}
		if err != nil || resp.StatusCode != http.StatusOK {
			t.Logf("poll %d: %v %v after %s", i, err, status(resp), took.Round(time.Millisecond))
			failed++
		}
	}
	if failed > 1 {
		t.Errorf("%d of 9 polls failed: the hung replica was not left alone after it first timed out\n%s", failed, &logs)
	}
}

// caddyfile writes deploy/Caddyfile with the compose service names and
// port replaced by loopback addresses, failing when the file no longer
// has them.
func caddyfile(t *testing.T, listen string, upstreams []string) string {
	t.Helper()
	b, err := os.ReadFile("Caddyfile")
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	for old, new := range map[string]string{
		"ddgbot-1:8080 ddgbot-2:8080 ddgbot-3:8080": strings.Join(upstreams, " "),
		"\n:8080 {": "\nhttp://" + listen + " {",
	} {
		if !strings.Contains(s, old) {
			t.Fatalf("deploy/Caddyfile no longer has %q", old)
		}
		s = strings.Replace(s, old, new, 1)
	}
	p := filepath.Join(t.TempDir(), "Caddyfile")
	if err := os.WriteFile(p, []byte(s), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func status(r *http.Response) string {
	if r == nil {
		return ""
	}
	return r.Status
}

func hostPort(s *httptest.Server) string { return strings.TrimPrefix(s.URL, "http://") }

func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

func waitListening(t *testing.T, addr string, logs fmt.Stringer) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", addr, 100*time.Millisecond)
		if err == nil {
			c.Close()
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("caddy did not listen on %s:\n%s", addr, logs)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
