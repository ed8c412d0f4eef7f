package store_test

import (
	"context"
	"errors"
	"strconv"
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

// recheck is how often a bypassed server is tried again in the tests
// that wait for it to come back (the default, a second, only adds wait).
const recheck = 50 * time.Millisecond

// Ensure the store does not wait for a server that is not there, answers
// ErrUnavailable meanwhile, and connects once the server starts.
func TestRedisStartsWithoutServer(t *testing.T) {
	t.Parallel()
	srv := redistest.Start(t)
	srv.Kill()
	var h hookLog
	start := time.Now()
	r, err := store.NewRedis(store.Options{URL: srv.URL(), Prefix: "ddgbot:test:start:", Timeout: opTimeout, Recheck: recheck, Hooks: h.hooks()})
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
	t.Parallel()
	srv := redistest.Start(t)
	var h hookLog
	r, err := store.NewRedis(store.Options{URL: srv.URL(), Prefix: "ddgbot:test:pause:", Timeout: opTimeout, Recheck: recheck, Hooks: h.hooks()})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	eventually(t, "connected", func() bool { return !r.Bypassed() })
	ctx := context.Background()
	// One Set can miss opTimeout on a loaded machine; one miss is not
	// the failLimit that starts a bypass.
	eventually(t, "Set before the pause", func() bool { return r.Set(ctx, "k", []byte("v"), time.Minute) == nil })

	srv.Pause()
	var slowest time.Duration
	calls := 0
	for !r.Bypassed() {
		start := time.Now()
		_, _, err := r.Get(ctx, "k")
		slowest = max(slowest, time.Since(start))
		// Ended by the operation's deadline, not by anything slower: how
		// long that takes on a loaded machine is logged, not asserted.
		if !errors.Is(err, store.ErrUnavailable) || !r.Bypassed() && !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("Get on a paused server: %v, want ErrUnavailable after the deadline", err)
		}
		if calls++; calls > 10 {
			t.Fatal("still not bypassed after 10 failed calls")
		}
	}
	t.Logf("paused server: %d calls before bypass, slowest %v (timeout %v)", calls, slowest, opTimeout)
	// While bypassed, a call does not ask the server: it fails without
	// waiting for a deadline.
	if _, _, err := r.Get(ctx, "k"); !errors.Is(err, store.ErrUnavailable) || errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Get while bypassed: %v, want ErrUnavailable without asking the server", err)
	}

	srv.Resume()
	resumed := time.Now()
	eventually(t, "bypass ends after the server continues", func() bool { return !r.Bypassed() })
	t.Logf("sharing resumed %v after SIGCONT", time.Since(resumed).Round(time.Millisecond))
	if errs, bypass := h.snapshot(); errs < 3 || len(bypass) != 4 {
		t.Errorf("hooks: %d errors, bypass %v; want >= 3 errors and [true false true false]", errs, bypass)
	}
	// The server has just continued: on a loaded machine one Get can miss
	// opTimeout, which is that timeout's job, not what this test is about.
	eventually(t, "Get after resume", func() bool {
		v, ok, err := r.Get(ctx, "k")
		return err == nil && ok && string(v) == "v"
	})
}

// Ensure a killed and restarted server is used again, and that the first
// calls after its restart succeed: a connection the kill broke must not
// fail them. The client keeps several connections and picks one at random
// per command, so the test first writes enough keys that every one of
// them is open when the server is killed (64 writes leave one unused with
// odds below 1 in 10^7). The rows restart the server before any call
// notices the kill (every connection is then broken), or once the store
// has bypassed it, with the tests' short recheck, which resumes sharing
// within milliseconds of the restart, and with the default second. A
// killed server refuses connections at once, so the operation timeout is
// generous: this test is about broken connections, not deadlines.
func TestRedisKilledAndRestarted(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		bypass  bool          // call until the store bypasses the killed server
		recheck time.Duration // 0: the default
	}{
		{"restarted before a call notices", false, recheck},
		{"restarted while bypassed, short recheck", true, recheck},
		{"restarted while bypassed, default recheck", true, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := redistest.Start(t)
			bypass := make(chan bool, 16)
			hooks := store.Hooks{Bypass: func(on bool) { bypass <- on }}
			r, err := store.NewRedis(store.Options{URL: srv.URL(), Prefix: "ddgbot:test:kill:", Timeout: time.Second, Recheck: tc.recheck, Hooks: hooks})
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			awaitBypass(t, bypass, true)  // before connecting
			awaitBypass(t, bypass, false) // connected
			ctx := context.Background()
			for i := range 64 {
				if err := r.Set(ctx, "k"+strconv.Itoa(i), []byte("v"), time.Minute); err != nil {
					t.Fatalf("Set before the kill: %v", err)
				}
			}

			srv.Kill()
			if tc.bypass {
				for i := 0; !r.Bypassed(); i++ {
					if _, _, err := r.Get(ctx, "k0"); !errors.Is(err, store.ErrUnavailable) {
						t.Fatalf("Get on a killed server: %v, want ErrUnavailable", err)
					}
					if i > 10 {
						t.Fatal("still not bypassed after 10 failed calls")
					}
				}
				awaitBypass(t, bypass, true)
			}
			srv.Restart()
			if tc.bypass {
				restarted := time.Now()
				awaitBypass(t, bypass, false)
				t.Logf("sharing resumed %v after restart", time.Since(restarted).Round(time.Millisecond))
			}
			for i := range 8 {
				key := "k" + strconv.Itoa(i)
				if err := r.Set(ctx, key, []byte("v2"), time.Minute); err != nil {
					t.Fatalf("Set %d after restart: %v", i, err)
				}
				if v, ok, err := r.Get(ctx, key); err != nil || !ok || string(v) != "v2" {
					t.Fatalf("Get %d after restart: %q %v %v, want v2", i, v, ok, err)
				}
			}
			if r.Bypassed() {
				t.Fatal("bypassed after the restart")
			}
		})
	}
}

// awaitBypass waits for the next call of a store's Bypass hook, sent on
// ch, and fails unless it reports on.
func awaitBypass(t *testing.T, ch <-chan bool, on bool) {
	t.Helper()
	select {
	case got := <-ch:
		if got != on {
			t.Fatalf("Bypass hook called with %v, want %v", got, on)
		}
	case <-time.After(10 * time.Second):
		t.Fatalf("Bypass hook not called with %v within 10s", on)
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

// Ensure a server that refuses writes (out of memory under noeviction)
// counts as failing: the first refusal is ErrUnavailable and starts the
// bypass, reads in between do not hide it, and the bypass lasts until the
// server takes writes again, not merely until it answers PING.
func TestRedisRefusedWritesBypass(t *testing.T) {
	t.Parallel()
	srv := redistest.Start(t)
	var h hookLog
	r, err := store.NewRedis(store.Options{URL: srv.URL(), Prefix: "ddgbot:test:oom:", Timeout: time.Second, Recheck: 50 * time.Millisecond, Hooks: h.hooks()})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	eventually(t, "store connected", func() bool { return !r.Bypassed() })
	ctx := context.Background()
	srv.RefuseWrites()
	if _, err := r.Allow(ctx, "rate", 1, 1); !errors.Is(err, store.ErrUnavailable) {
		t.Fatalf("Allow on a server refusing writes: %v, want ErrUnavailable", err)
	}
	if !r.Bypassed() {
		t.Fatal("a refused write did not start the bypass")
	}
	if n, _ := h.snapshot(); n == 0 {
		t.Error("the refused write was not reported to the Error hook")
	}
	// Several background rechecks: PING answers, the health key's SET is
	// refused.
	rejected := srv.Rejected("set")
	eventually(t, "three more health checks", func() bool { return srv.Rejected("set") >= rejected+3 })
	if !r.Bypassed() {
		t.Fatal("the bypass ended while the server still refuses writes")
	}
	srv.AcceptWrites()
	eventually(t, "the bypass ends once writes are taken", func() bool { return !r.Bypassed() })
	if _, err := r.Allow(ctx, "rate", 1, 1); err != nil {
		t.Fatalf("Allow after writes are taken again: %v", err)
	}
}

// Ensure Renew keeps only the holder's lease alive, on both stores. The
// lives differ by far more than a loaded machine's late wake-ups (a first
// life of 1s, a renewal of a minute, a lapse waited for), so only a wrong
// answer fails the test.
func TestRenew(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for name, open := range impls(t) {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			a, b := open(), open()
			token, ok, err := a.Lease(ctx, "renew", time.Second)
			if !ok || err != nil {
				t.Fatalf("Lease: %v %v", ok, err)
			}
			if held, err := b.Renew(ctx, "renew", "not-the-token", time.Minute); held || err != nil {
				t.Fatalf("Renew with another token: held %v, %v", held, err)
			}
			if held, err := a.Renew(ctx, "renew", token, time.Minute); !held || err != nil {
				t.Fatalf("Renew by the holder: held %v, %v", held, err)
			}
			time.Sleep(1500 * time.Millisecond) // past the first life
			if _, ok, _ := b.Lease(ctx, "renew", time.Minute); ok {
				t.Fatal("a renewed lease was taken by another")
			}
			if held, err := a.Renew(ctx, "renew", token, 50*time.Millisecond); !held || err != nil {
				t.Fatalf("a short renewal by the holder: held %v, %v", held, err)
			}
			eventually(t, "a lapsed lease can be taken", func() bool {
				_, ok, _ := b.Lease(ctx, "renew", time.Minute)
				return ok
			})
			if held, _ := a.Renew(ctx, "renew", token, time.Minute); held {
				t.Fatal("Renew revived a lapsed lease")
			}
		})
	}
}

// Ensure nothing reaches the server once Close has returned, even when
// operations were under way while it closed: a connection the client was
// still dialling must not carry later writes (a lease renewed by a
// replica that is shutting down holds the others up).
func TestRedisNothingAfterClose(t *testing.T) {
	t.Parallel()
	db := redistest.Shared(t)
	for i := range 30 {
		st, err := store.NewRedis(store.Options{URL: db.URL(), Prefix: db.Prefix, Timeout: time.Second})
		if err != nil {
			t.Fatal(err)
		}
		for st.Bypassed() {
			time.Sleep(time.Millisecond)
		}
		ctx := context.Background()
		var wg sync.WaitGroup
		closed := make(chan struct{})
		for g := range 8 { // keys on every connection of the client, each dialled on first use
			wg.Go(func() {
				key := "k" + string(rune('a'+g))
				for {
					select {
					case <-closed:
						return
					default:
					}
					_ = st.Set(ctx, key, []byte("1"), time.Minute)
				}
			})
		}
		time.Sleep(time.Duration(i%5) * time.Millisecond)
		st.Close()
		close(closed)
		wg.Wait()
		for g := range 8 {
			key := "after" + string(rune('a'+g))
			if err := st.Set(ctx, key, []byte("1"), time.Minute); err == nil {
				t.Fatalf("round %d: Set %s succeeded after Close", i, key)
			} else if !errors.Is(err, store.ErrUnavailable) {
				t.Fatalf("round %d: Set after Close: %v, want ErrUnavailable", i, err)
			}
		}
	}
}
