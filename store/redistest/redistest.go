// Package redistest gives tests a real Redis: a private redis-server on a
// free port that the test may kill, pause and restart, or the machine's
// shared server at 127.0.0.1:6379 under a key prefix of the test's own,
// removed afterwards.
package redistest

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/redis/rueidis"
)

// SharedAddr is the machine's Redis that Shared uses.
const SharedAddr = "127.0.0.1:6379"

// Server is a redis-server process of a test's own, without persistence.
type Server struct {
	t    testing.TB
	Addr string // host:port, the same across Restart
	cmd  *exec.Cmd
}

// Start runs redis-server on a free loopback port and waits until it
// answers. When redis-server is not installed the test is skipped, saying
// how to install it, except under CI=true, where it fails: CI must not
// pass by skipping. The server is killed when the test ends.
func Start(t testing.TB) *Server {
	t.Helper()
	s := &Server{t: t, Addr: FreeAddr(t)}
	s.start()
	t.Cleanup(s.stop)
	return s
}

// FreeAddr returns a free loopback host:port for a redis-server of the
// test's own. When redis-server is not installed the test is skipped,
// saying how to install it, except under CI=true, where it fails: CI must
// not pass by skipping.
func FreeAddr(t testing.TB) string {
	t.Helper()
	if _, err := exec.LookPath("redis-server"); err != nil {
		const msg = "redistest: this test needs redis-server, which is not installed: " +
			"apt-get install redis-server (Debian, Ubuntu), brew install redis (macOS)"
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s; CI=true, so it fails instead of skipping (%v)", msg, err)
		}
		t.Skip(msg)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// URL returns the server's redis:// URL.
func (s *Server) URL() string { return "redis://" + s.Addr + "/0" }

func (s *Server) start() {
	s.t.Helper()
	_, port, _ := net.SplitHostPort(s.Addr)
	s.cmd = exec.Command("redis-server", "--port", port, "--bind", "127.0.0.1",
		"--save", "", "--appendonly", "no", "--protected-mode", "no", "--loglevel", "warning")
	if err := s.cmd.Start(); err != nil {
		s.t.Fatalf("redistest: start redis-server: %v", err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		if ping(s.Addr) == nil {
			return
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("redistest: redis-server on %s did not answer within 10s", s.Addr)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (s *Server) stop() {
	if s.cmd == nil || s.cmd.Process == nil {
		return
	}
	_ = s.cmd.Process.Signal(syscall.SIGCONT) // a paused server cannot die
	_ = s.cmd.Process.Kill()
	_ = s.cmd.Wait()
	s.cmd = nil
}

// Kill ends the server with SIGKILL, as a crash would.
func (s *Server) Kill() { s.t.Helper(); s.stop() }

// Pause stops the server with SIGSTOP: connections stay open and nothing
// answers, as with a stalled host.
func (s *Server) Pause() { s.signal(syscall.SIGSTOP) }

// Resume continues a paused server with SIGCONT.
func (s *Server) Resume() { s.signal(syscall.SIGCONT) }

// Restart starts a killed server again on the same port (empty).
func (s *Server) Restart() {
	s.t.Helper()
	s.stop()
	s.start()
}

// RefuseWrites makes the server refuse every write that needs memory, as
// a full server under the noeviction policy does (maxmemory 1 byte);
// reads, deletes and PING still work. AcceptWrites undoes it.
func (s *Server) RefuseWrites() { s.configSet("maxmemory-policy", "noeviction", "maxmemory", "1") }

// AcceptWrites lifts RefuseWrites.
func (s *Server) AcceptWrites() { s.configSet("maxmemory", "0") }

// Rejected returns how many calls of cmd (lower case: "set") the server
// has refused since it started, for instance under RefuseWrites.
func (s *Server) Rejected(cmd string) int {
	s.t.Helper()
	c, err := client(s.Addr)
	if err != nil {
		s.t.Fatalf("redistest: %v", err)
	}
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	info, err := c.Do(ctx, c.B().Info().Section("commandstats").Build()).ToString()
	if err != nil {
		s.t.Fatalf("redistest: INFO commandstats: %v", err)
	}
	for line := range strings.Lines(info) {
		stats, ok := strings.CutPrefix(strings.TrimSpace(line), "cmdstat_"+cmd+":")
		if !ok {
			continue
		}
		for kv := range strings.SplitSeq(stats, ",") {
			if v, ok := strings.CutPrefix(kv, "rejected_calls="); ok {
				n, err := strconv.Atoi(v)
				if err != nil {
					s.t.Fatalf("redistest: INFO commandstats: %q", line)
				}
				return n
			}
		}
	}
	return 0
}

func (s *Server) configSet(kv ...string) {
	s.t.Helper()
	c, err := client(s.Addr)
	if err != nil {
		s.t.Fatalf("redistest: %v", err)
	}
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for i := 0; i+1 < len(kv); i += 2 {
		if err := c.Do(ctx, c.B().ConfigSet().ParameterValue().ParameterValue(kv[i], kv[i+1]).Build()).Error(); err != nil {
			s.t.Fatalf("redistest: CONFIG SET %s %s: %v", kv[i], kv[i+1], err)
		}
	}
}

func (s *Server) signal(sig syscall.Signal) {
	s.t.Helper()
	if s.cmd == nil {
		s.t.Fatal("redistest: server is not running")
	}
	if err := s.cmd.Process.Signal(sig); err != nil {
		s.t.Fatalf("redistest: %v: %v", sig, err)
	}
}

// DB is a key prefix of a test's own on a Redis server.
type DB struct {
	Addr   string // host:port
	Prefix string // ends in ":"
}

// URL returns the server's redis:// URL.
func (d DB) URL() string { return "redis://" + d.Addr + "/0" }

// Shared returns a Redis for tests that do not stop it, with a key prefix
// of the test's own; every key under the prefix is deleted when the test
// ends. It uses the machine's server at SharedAddr, or starts a private
// one when none answers there.
func Shared(t testing.TB) DB {
	t.Helper()
	addr := SharedAddr
	if ping(addr) != nil {
		addr = Start(t).Addr
	}
	return NewDB(t, addr)
}

// NewDB returns a fresh key prefix on the server at addr, cleaned up when
// the test ends.
func NewDB(t testing.TB, addr string) DB {
	t.Helper()
	var b [6]byte
	_, _ = rand.Read(b[:])
	d := DB{Addr: addr, Prefix: "ddgbot:test:" + hex.EncodeToString(b[:]) + ":"}
	t.Cleanup(func() {
		if ping(addr) != nil {
			return // a server the test stopped took its keys with it
		}
		if n, err := DeletePrefix(addr, d.Prefix); err != nil {
			t.Errorf("redistest: cleaning up %s (%d keys deleted): %v", d.Prefix, n, err)
		}
	})
	return d
}

// DeletePrefix deletes every key under prefix on the server at addr and
// returns how many it deleted.
func DeletePrefix(addr, prefix string) (int, error) {
	c, err := client(addr)
	if err != nil {
		return 0, err
	}
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	n := 0
	var cursor uint64
	for {
		e, err := c.Do(ctx, c.B().Scan().Cursor(cursor).Match(prefix+"*").Count(1000).Build()).AsScanEntry()
		if err != nil {
			return n, err
		}
		if len(e.Elements) > 0 {
			if err := c.Do(ctx, c.B().Del().Key(e.Elements...).Build()).Error(); err != nil {
				return n, err
			}
			n += len(e.Elements)
		}
		if cursor = e.Cursor; cursor == 0 {
			return n, nil
		}
	}
}

// Keys returns the keys under prefix on the server at addr, for tests that
// check what was written.
func Keys(addr, prefix string) ([]string, error) {
	c, err := client(addr)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return c.Do(ctx, c.B().Keys().Pattern(prefix+"*").Build()).AsStrSlice()
}

// Monitor records every command the server at addr runs from now on
// (MONITOR), for tests that check which keys are read. The returned
// function stops recording and returns the commands seen, one line each
// as Redis prints them ("GET" "key"), in order.
func Monitor(t testing.TB, addr string) (stop func() []string) {
	t.Helper()
	c, err := net.DialTimeout("tcp", addr, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Write([]byte("MONITOR\r\n")); err != nil {
		t.Fatal(err)
	}
	r := bufio.NewReader(c)
	if l, err := r.ReadString('\n'); err != nil || l != "+OK\r\n" {
		t.Fatalf("redistest: MONITOR: %q %v", l, err)
	}
	var mu sync.Mutex
	var lines []string
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			l, err := r.ReadString('\n')
			if err != nil {
				return
			}
			if _, cmd, ok := strings.Cut(l, "] "); ok { // +1700000000.123456 [0 127.0.0.1:5555] "GET" "key"
				mu.Lock()
				lines = append(lines, strings.TrimSpace(cmd))
				mu.Unlock()
			}
		}
	}()
	var once sync.Once
	stopped := func() []string {
		once.Do(func() {
			// A PING through another connection marks the end: every
			// command before it has been printed once it is.
			mu.Lock()
			from := len(lines)
			mu.Unlock()
			_ = ping(addr)
			for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
				mu.Lock()
				seen := slices.Contains(lines[from:], `"PING"`)
				mu.Unlock()
				if seen {
					break
				}
			}
			c.Close()
			<-done
		})
		mu.Lock()
		defer mu.Unlock()
		return lines
	}
	t.Cleanup(func() { stopped() })
	return stopped
}

func client(addr string) (rueidis.Client, error) {
	return rueidis.NewClient(rueidis.ClientOption{
		InitAddress:  []string{addr},
		DisableCache: true,
		Dialer:       net.Dialer{Timeout: time.Second},
	})
}

// ping reports whether a Redis answers PING at addr, in plain RESP over
// TCP so that it needs no client.
func ping(addr string) error {
	c, err := net.DialTimeout("tcp", addr, 200*time.Millisecond)
	if err != nil {
		return err
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(500 * time.Millisecond))
	if _, err := c.Write([]byte("PING\r\n")); err != nil {
		return err
	}
	buf := make([]byte, 7)
	n, err := c.Read(buf)
	if err != nil {
		return err
	}
	if string(buf[:n]) != "+PONG\r\n" {
		return fmt.Errorf("redistest: %s answered %q to PING", addr, buf[:n])
	}
	return nil
}
