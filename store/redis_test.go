package store_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/ddgbot/ddgbot/store"
	"github.com/ddgbot/ddgbot/store/redistest"
)

// hookLog records what a Redis store reports through its hooks.
type hookLog struct {
	mu     sync.Mutex
	errors int
	bypass []bool
}

func (h *hookLog) hooks() store.Hooks {
	return store.Hooks{
		Error:  func(string) { h.mu.Lock(); h.errors++; h.mu.Unlock() },
		Bypass: func(on bool) { h.mu.Lock(); h.bypass = append(h.bypass, on); h.mu.Unlock() },
	}
}

func (h *hookLog) snapshot() (int, []bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.errors, append([]bool(nil), h.bypass...)
}

const opTimeout = 50 * time.Millisecond

// Ensure the store does not wait for a server that is not there, answers
// ErrUnavailable meanwhile, and connects once the server starts.
func TestRedisStartsWithoutServer(t *testing.T) {
	srv := redistest.Start(t)
	srv.Kill()
	var h hookLog
	start := time.Now()
	r, err := store.NewRedis(store.Options{URL: srv.URL(), Prefix: "ddgbot:test:start:", Timeout: opTimeout, Hooks: h.hooks()})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if _, _, err := r.Get(context.Background(), "k"); !errors.Is(err, store.ErrUnavailable) {
		t.Fatalf("Get before connecting: %v, want ErrUnavailable", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("NewRedis and a Get took %v with no server; start-up must not wait", d)
	}
	srv.Restart()
	eventually(t, "store connects once the server is up", func() bool { return !r.Bypassed() })
	if err := r.Set(context.Background(), "k", []byte("v"), time.Minute); err != nil {
		t.Fatalf("Set after connecting: %v", err)
	}
	if _, bypass := h.snapshot(); len(bypass) != 2 || !bypass[0] || bypass[1] {
		t.Errorf("bypass hook calls %v, want [true false]", bypass)
	}
}

// Ensure a stalled (SIGSTOPped) server costs each call at most about one
// operation timeout, then is bypassed so calls return at once, and is
// used again soon after it continues.
func TestRedisPausedServer(t *testing.T) {
	srv := redistest.Start(t)
	var h hookLog
	r, err := store.NewRedis(store.Options{URL: srv.URL(), Prefix: "ddgbot:test:pause:", Timeout: opTimeout, Hooks: h.hooks()})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	eventually(t, "connected", func() bool { return !r.Bypassed() })
	ctx := context.Background()
	if err := r.Set(ctx, "k", []byte("v"), time.Minute); err != nil {
		t.Fatal(err)
	}

	srv.Pause()
	var slowest time.Duration
	calls := 0
	for !r.Bypassed() {
		start := time.Now()
		_, _, err := r.Get(ctx, "k")
		slowest = max(slowest, time.Since(start))
		if !errors.Is(err, store.ErrUnavailable) {
			t.Fatalf("Get on a paused server: %v, want ErrUnavailable", err)
		}
		if calls++; calls > 10 {
			t.Fatal("still not bypassed after 10 failed calls")
		}
	}
	t.Logf("paused server: %d calls before bypass, slowest %v (timeout %v)", calls, slowest, opTimeout)
	if slowest > 10*opTimeout {
		t.Errorf("a call took %v on a paused server; the deadline is %v", slowest, opTimeout)
	}
	start := time.Now()
	if _, _, err := r.Get(ctx, "k"); !errors.Is(err, store.ErrUnavailable) {
		t.Fatalf("Get while bypassed: %v", err)
	}
	if d := time.Since(start); d > opTimeout {
		t.Errorf("Get while bypassed took %v; it must not ask the server", d)
	}

	srv.Resume()
	resumed := time.Now()
	eventually(t, "bypass ends after the server continues", func() bool { return !r.Bypassed() })
	t.Logf("sharing resumed %v after SIGCONT", time.Since(resumed).Round(time.Millisecond))
	if v, ok, err := r.Get(ctx, "k"); err != nil || !ok || string(v) != "v" {
		t.Fatalf("Get after resume = %q %v %v", v, ok, err)
	}
	if errs, bypass := h.snapshot(); errs < 3 || len(bypass) != 4 {
		t.Errorf("hooks: %d errors, bypass %v; want >= 3 errors and [true false true false]", errs, bypass)
	}
}

// Ensure a killed server is bypassed and its restart is noticed within
// 10s.
func TestRedisKilledAndRestarted(t *testing.T) {
	srv := redistest.Start(t)
	r, err := store.NewRedis(store.Options{URL: srv.URL(), Prefix: "ddgbot:test:kill:", Timeout: opTimeout})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	eventually(t, "connected", func() bool { return !r.Bypassed() })
	ctx := context.Background()

	srv.Kill()
	for i := 0; !r.Bypassed(); i++ {
		if _, _, err := r.Get(ctx, "k"); !errors.Is(err, store.ErrUnavailable) {
			t.Fatalf("Get on a killed server: %v, want ErrUnavailable", err)
		}
		if i > 10 {
			t.Fatal("still not bypassed after 10 failed calls")
		}
	}
	srv.Restart()
	restarted := time.Now()
	eventually(t, "bypass ends after the restart", func() bool { return !r.Bypassed() })
	took := time.Since(restarted)
	t.Logf("sharing resumed %v after restart", took.Round(time.Millisecond))
	if took > 10*time.Second {
		t.Errorf("sharing resumed %v after restart, want within 10s", took)
	}
	if err := r.Set(ctx, "k", []byte("v"), time.Minute); err != nil {
		t.Fatalf("Set after restart: %v", err)
	}
}

// Ensure a caller's own cancellation is not held against the server.
func TestRedisCallerCancelIsNotAFailure(t *testing.T) {
	db := redistest.Shared(t)
	var h hookLog
	r, err := store.NewRedis(store.Options{URL: db.URL(), Prefix: db.Prefix, Timeout: opTimeout, Hooks: h.hooks()})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	eventually(t, "connected", func() bool { return !r.Bypassed() })
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for range 5 {
		_, _, _ = r.Get(ctx, "k")
	}
	if r.Bypassed() {
		t.Fatal("cancelled calls made the store bypass a healthy server")
	}
	if errs, _ := h.snapshot(); errs != 0 {
		t.Errorf("%d errors reported for cancelled calls", errs)
	}
}
