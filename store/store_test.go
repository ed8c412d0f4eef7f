package store_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ddgbot/ddgbot/store"
	"github.com/ddgbot/ddgbot/store/redistest"
)

// impls returns a fresh store of each kind; the Redis ones share a key
// prefix of the test's own, so two of them act as two replicas.
func impls(t *testing.T) map[string]func() store.Store {
	t.Helper()
	db := redistest.Shared(t)
	mem := store.NewMemory(100) // one Memory is one replica
	return map[string]func() store.Store{
		"memory": func() store.Store { return mem },
		"redis":  func() store.Store { return openRedis(t, db.URL(), db.Prefix) },
	}
}

// openRedis opens a Redis store and waits until it is connected.
func openRedis(t *testing.T, url, prefix string) *store.Redis {
	t.Helper()
	r, err := store.NewRedis(store.Options{URL: url, Prefix: prefix, Timeout: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(r.Close)
	eventually(t, "redis store connected", func() bool { return !r.Bypassed() })
	return r
}

// eventually waits up to 10s for cond, checking every 10ms.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for: %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestGetSetDelete(t *testing.T) {
	ctx := context.Background()
	for name, open := range impls(t) {
		t.Run(name, func(t *testing.T) {
			a, b := open(), open()
			if _, ok, err := a.Get(ctx, "k"); ok || err != nil {
				t.Fatalf("Get before Set: ok %v err %v", ok, err)
			}
			if err := a.Set(ctx, "k", []byte("v\x00\xff"), time.Minute); err != nil {
				t.Fatal(err)
			}
			got, ok, err := b.Get(ctx, "k")
			if err != nil || !ok || string(got) != "v\x00\xff" {
				t.Fatalf("Get = %q, %v, %v; want the binary value set", got, ok, err)
			}
			if err := b.Delete(ctx, "k"); err != nil {
				t.Fatal(err)
			}
			if _, ok, _ := a.Get(ctx, "k"); ok {
				t.Fatal("Get after Delete found the key")
			}
			if err := a.Delete(ctx, "missing"); err != nil {
				t.Fatalf("Delete of a missing key: %v", err)
			}
			if err := a.Set(ctx, "k", nil, 0); !errors.Is(err, store.ErrInvalid) {
				t.Fatalf("Set with ttl 0: %v, want ErrInvalid", err)
			}
			// Expiry: the value is gone after its ttl.
			if err := a.Set(ctx, "short", []byte("x"), 30*time.Millisecond); err != nil {
				t.Fatal(err)
			}
			eventually(t, "short-lived key expires", func() bool {
				_, ok, _ := b.Get(ctx, "short")
				return !ok
			})
		})
	}
}

// Ensure exactly one of many concurrent callers on two replicas wins a
// lease, that only the holder releases it, and that it expires.
func TestLeaseExclusive(t *testing.T) {
	ctx := context.Background()
	for name, open := range impls(t) {
		t.Run(name, func(t *testing.T) {
			replicas := []store.Store{open(), open()}
			var won atomic.Int32
			var token atomic.Value
			var wg sync.WaitGroup
			for i := range 40 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					tok, ok, err := replicas[i%2].Lease(ctx, "lease", time.Minute)
					if err != nil {
						t.Error(err)
					}
					if ok {
						won.Add(1)
						token.Store(tok)
					}
				}()
			}
			wg.Wait()
			if won.Load() != 1 {
				t.Fatalf("%d callers won the lease, want 1", won.Load())
			}
			if err := replicas[1].Release(ctx, "lease", "not-the-token"); err != nil {
				t.Fatal(err)
			}
			if _, ok, _ := replicas[0].Lease(ctx, "lease", time.Minute); ok {
				t.Fatal("a wrong token released the lease")
			}
			if err := replicas[1].Release(ctx, "lease", token.Load().(string)); err != nil {
				t.Fatal(err)
			}
			if _, ok, _ := replicas[0].Lease(ctx, "lease", 30*time.Millisecond); !ok {
				t.Fatal("the holder's Release did not end the lease")
			}
			eventually(t, "lease expires", func() bool {
				_, ok, _ := replicas[1].Lease(ctx, "lease", time.Minute)
				return ok
			})
		})
	}
}

func TestAwait(t *testing.T) {
	for name, open := range impls(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			holder, waiter := open(), open()

			// Nobody holds the lease and there is no value: nothing to wait for.
			if _, ok, err := waiter.Await(ctx, "v0", "l0", time.Millisecond); ok || err != nil {
				t.Fatalf("Await without lease: ok %v err %v", ok, err)
			}

			type result struct {
				v   []byte
				ok  bool
				err error
			}
			tok, _, _ := holder.Lease(ctx, "l1", time.Minute)
			done := make(chan result)
			go func() {
				v, ok, err := waiter.Await(ctx, "v1", "l1", time.Millisecond)
				done <- result{v, ok, err}
			}()
			if err := holder.Set(ctx, "v1", []byte("answer"), time.Minute); err != nil {
				t.Fatal(err)
			}
			if r := <-done; !r.ok || string(r.v) != "answer" || r.err != nil {
				t.Fatalf("Await = %q %v %v; want the value set", r.v, r.ok, r.err)
			}
			_ = holder.Release(ctx, "l1", tok)

			// The holder gives up without a value.
			tok, _, _ = holder.Lease(ctx, "l2", time.Minute)
			go func() {
				v, ok, err := waiter.Await(ctx, "v2", "l2", time.Millisecond)
				done <- result{v, ok, err}
			}()
			_ = holder.Release(ctx, "l2", tok)
			if r := <-done; r.ok || r.err != nil {
				t.Fatalf("Await after release = %v %v; want not ok, no error", r.ok, r.err)
			}

			// The caller's deadline ends the wait.
			_, _, _ = holder.Lease(ctx, "l3", time.Minute)
			cctx, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
			defer cancel()
			if _, _, err := waiter.Await(cctx, "v3", "l3", time.Millisecond); !errors.Is(err, context.DeadlineExceeded) {
				t.Fatalf("Await past deadline: %v, want DeadlineExceeded", err)
			}
		})
	}
}

// Ensure a pause closes the gate for every replica, and that once it runs
// out exactly one caller probes; its success opens the gate, its failure
// pauses again.
func TestGate(t *testing.T) {
	ctx := context.Background()
	for name, open := range impls(t) {
		t.Run(name, func(t *testing.T) {
			a, b := open(), open()
			if st, _, err := b.Gate(ctx, "g", time.Minute); st != store.GateOpen || err != nil {
				t.Fatalf("Gate before pause = %v %v, want open", st, err)
			}
			if err := a.Pause(ctx, "g", 100*time.Millisecond); err != nil {
				t.Fatal(err)
			}
			st, wait, err := b.Gate(ctx, "g", time.Minute)
			if st != store.GateClosed || wait <= 0 || wait > 100*time.Millisecond || err != nil {
				t.Fatalf("Gate after pause = %v %v %v, want closed for at most 100ms", st, wait, err)
			}
			// A shorter pause does not shorten a longer one.
			if err := b.Pause(ctx, "g", time.Millisecond); err != nil {
				t.Fatal(err)
			}
			if st, _, _ := a.Gate(ctx, "g", time.Minute); st != store.GateClosed {
				t.Fatalf("a shorter pause opened the gate: %v", st)
			}
			eventually(t, "pause runs out", func() bool {
				st, _, _ := a.Gate(ctx, "g", time.Minute)
				return st != store.GateClosed
			})
			// The call above that saw it run out was the probe; nobody else is.
			var probes atomic.Int32
			var wg sync.WaitGroup
			for i := range 20 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					if st, _, _ := []store.Store{a, b}[i%2].Gate(ctx, "g", time.Minute); st != store.GateClosed {
						probes.Add(1)
					}
				}()
			}
			wg.Wait()
			if probes.Load() != 0 {
				t.Fatalf("%d more callers got through while one probes", probes.Load())
			}
			// The probe failed: paused again, and then one new probe.
			if err := a.Pause(ctx, "g", 20*time.Millisecond); err != nil {
				t.Fatal(err)
			}
			eventually(t, "second pause runs out", func() bool {
				st, _, _ := b.Gate(ctx, "g", time.Minute)
				return st == store.GateProbe
			})
			if err := b.Resume(ctx, "g"); err != nil {
				t.Fatal(err)
			}
			for _, s := range []store.Store{a, b} {
				if st, _, _ := s.Gate(ctx, "g", time.Minute); st != store.GateOpen {
					t.Fatalf("Gate after Resume = %v, want open", st)
				}
			}
		})
	}
}

// Ensure the rate limit is shared: a burst of 3 across two replicas, then
// a wait of at most one interval.
func TestAllow(t *testing.T) {
	ctx := context.Background()
	for name, open := range impls(t) {
		t.Run(name, func(t *testing.T) {
			replicas := []store.Store{open(), open()}
			const rate = 0.5 // one every 2s: the test never waits a whole interval
			granted := 0
			var wait time.Duration
			for i := range 6 {
				w, err := replicas[i%2].Allow(ctx, "rate", rate, 3)
				if err != nil {
					t.Fatal(err)
				}
				if w == 0 {
					granted++
				} else {
					wait = w
				}
			}
			if granted != 3 {
				t.Fatalf("%d of 6 granted at once, want the burst of 3", granted)
			}
			if wait <= 0 || wait > 2*time.Second {
				t.Fatalf("wait %v, want within one interval (2s)", wait)
			}
			if _, err := replicas[0].Allow(ctx, "rate", 0, 1); !errors.Is(err, store.ErrInvalid) {
				t.Fatalf("rate 0: %v, want ErrInvalid", err)
			}
		})
	}
}

// Ensure a Redis URL that cannot work is refused without showing its
// password.
func TestNewRedisBadURL(t *testing.T) {
	for _, u := range []string{"http://example.com", "redis://:s3cret@host:6379/x", "redis://:s3cret@ho st"} {
		_, err := store.NewRedis(store.Options{URL: u})
		if err == nil {
			t.Fatalf("NewRedis(%q): no error", u)
		}
		if strings.Contains(err.Error(), "s3cret") {
			t.Errorf("NewRedis(%q) error shows the password: %v", u, err)
		}
	}
}
