package duckduckgo

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ddgbot/ddgbot/instant"
	"github.com/ddgbot/ddgbot/store"
	"github.com/ddgbot/ddgbot/store/redistest"
)

// openRedis opens a Redis store of its own (one per replica, as each
// process has) and waits until it is connected.
func openRedis(t *testing.T, url, prefix string) *store.Redis {
	t.Helper()
	st, err := store.NewRedis(store.Options{URL: url, Prefix: prefix, Timeout: 500 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(st.Close)
	for deadline := time.Now().Add(10 * time.Second); st.Bypassed(); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("redis store did not connect")
		}
	}
	return st
}

// slowAPI answers every question after delay, counting calls.
type slowAPI struct {
	delay time.Duration
	calls atomic.Int64
}

func (f *slowAPI) Fetch(ctx context.Context, q string) (instant.Answer, error) {
	f.calls.Add(1)
	select {
	case <-time.After(f.delay):
		return instant.Answer{Type: "A", Heading: q, AbstractText: "An answer."}, nil
	case <-ctx.Done():
		return instant.Answer{}, fmt.Errorf("%w: %w", ErrTimeout, ctx.Err())
	}
}

// lookupAll asks every question at once, each with a caller deadline of
// within, and returns how many were answered and how long all took.
func lookupAll(r replica, qs []string, within time.Duration) (answered int, took time.Duration) {
	start := time.Now()
	var wg sync.WaitGroup
	var n atomic.Int32
	for _, q := range qs {
		wg.Go(func() {
			ctx, cancel := context.WithTimeout(context.Background(), within)
			defer cancel()
			if _, err := r.Lookup(ctx, q); err == nil {
				n.Add(1)
			}
		})
	}
	wg.Wait()
	return int(n.Load()), time.Since(start)
}

func questions(prefix string, n int) []string {
	qs := make([]string, n)
	for i := range qs {
		qs[i] = fmt.Sprint(prefix, " ", i)
	}
	return qs
}

// Ensure max_rate still holds, per replica, when Redis refuses writes
// (out of memory under noeviction): the rate is kept locally, the store
// reports itself bypassed, and nothing is sent faster than max_rate.
func TestSharedMaxRateWhenRedisRefusesWrites(t *testing.T) {
	t.Parallel()
	srv := redistest.Start(t)
	st := openRedis(t, srv.URL(), "ddgbot:test:rate:")
	srv.RefuseWrites()
	api := &slowAPI{}
	const maxRate = 4
	r := newReplica(t, api, st, SharedOptions{MaxRate: maxRate, AttemptTimeout: 100 * time.Millisecond}, ServiceOptions{MaxConcurrency: 16, MaxPending: 64})
	_, took := lookupAll(r, questions("rate", 30), time.Second)
	calls := api.calls.Load()
	// A slow machine only lengthens took, which loosens the bound.
	if limit := 1 + int64(maxRate*took.Seconds()); calls > limit {
		t.Fatalf("%d API calls in %s at max_rate %d with Redis refusing writes; want at most %d", calls, took.Round(time.Millisecond), maxRate, limit)
	}
	if !st.Bypassed() {
		t.Error("Redis refuses every write but the store is not bypassed")
	}
	if r.ev.get(LocalLimits) == 0 {
		t.Error("no call counted as kept to local limits")
	}
	t.Logf("Redis refusing writes, max_rate %d: %d API calls for 30 new questions in %s", maxRate, calls, took.Round(time.Millisecond))
}

// Ensure a fleet pause seen before Redis began refusing writes is kept
// after it: when it ends, one call probes the API, not every question
// waiting; and that a replica honouring another's pause reports it on its
// gauge.
func TestSharedPauseWhenRedisRefusesWrites(t *testing.T) {
	t.Parallel()
	srv := redistest.Start(t)
	api := &apiFake{}
	opts := SharedOptions{BreakerCooldown: 400 * time.Millisecond, MaxRetryAfter: 400 * time.Millisecond}
	svo := ServiceOptions{MaxConcurrency: 16, MaxPending: 64, BreakerCooldown: 400 * time.Millisecond, MaxRetryAfter: 400 * time.Millisecond}
	a := newReplica(t, api, openRedis(t, srv.URL(), "ddgbot:test:pause:"), opts, svo)
	bst := openRedis(t, srv.URL(), "ddgbot:test:pause:")
	b := newReplica(t, api, bst, opts, svo)
	ctx := context.Background()

	api.fail(&ThrottledError{StatusCode: 429, RetryAfter: time.Minute})
	if _, err := a.Lookup(ctx, "q1"); !errors.Is(err, ErrThrottled) {
		t.Fatalf("A: %v, want ErrThrottled", err)
	}
	if _, err := b.Lookup(ctx, "q2"); !errors.Is(err, ErrBreakerOpen) {
		t.Fatalf("B during A's pause: %v, want ErrBreakerOpen", err)
	}
	if p := b.sh.PausedFor(); p < 200*time.Millisecond {
		t.Errorf("B honours A's 400ms pause but its gauge reads %s", p)
	}

	srv.RefuseWrites()
	time.Sleep(450 * time.Millisecond) // past the pause, by Redis' clock
	calls := api.calls.Load()
	answered, _ := lookupAll(b, questions("after", 20), time.Second)
	if n := api.calls.Load() - calls; n != 1 || answered != 0 {
		t.Fatalf("after the pause, with Redis refusing writes and the API still throttling: %d API calls, %d answered; want 1 probe, 0", n, answered)
	}
}

// Ensure a replica waiting for another's lookup keeps watching until its
// caller's deadline, however slow the API: a slow answer still costs one
// call and reaches every waiter.
func TestSharedWaitersWatchUntilTheirDeadline(t *testing.T) {
	t.Parallel()
	db := redistest.Shared(t)
	api := &slowAPI{delay: 1200 * time.Millisecond}
	a := newReplica(t, api, openRedis(t, db.URL(), db.Prefix), SharedOptions{}, ServiceOptions{})
	b := newReplica(t, api, openRedis(t, db.URL(), db.Prefix), SharedOptions{}, ServiceOptions{})
	c := newReplica(t, api, openRedis(t, db.URL(), db.Prefix), SharedOptions{}, ServiceOptions{})
	var wg sync.WaitGroup
	var answered atomic.Int32
	for i, r := range []replica{a, b, c, a, b, c} {
		wg.Go(func() {
			if i > 0 { // A's flight takes the lease first
				for a.ev.get(LeaseWon) == 0 {
					time.Sleep(time.Millisecond)
				}
			}
			ctx, cancel := context.WithTimeout(context.Background(), 8*time.Second) // generous: the machine may be loaded
			defer cancel()
			if _, err := r.Lookup(ctx, "what is malaria"); err == nil {
				answered.Add(1)
			}
		})
	}
	wg.Wait()
	if n := api.calls.Load(); n != 1 || answered.Load() != 6 {
		t.Fatalf("API 1.2s slow: %d calls, %d of 6 answered; want 1 and 6", n, answered.Load())
	}
}

// Ensure a lease holder that dies (its process killed, so it neither
// answers nor lets go) holds the others up for about one lease life, not
// the lookup timeout: one of them then asks the API for all.
func TestSharedLeaseHolderDies(t *testing.T) {
	t.Parallel()
	db := redistest.Shared(t)
	stuck := &apiFake{release: make(chan struct{})}
	ast, err := store.NewRedis(store.Options{URL: db.URL(), Prefix: db.Prefix, Timeout: 500 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	for ast.Bypassed() {
		time.Sleep(5 * time.Millisecond)
	}
	a := newReplica(t, stuck, ast, SharedOptions{}, ServiceOptions{})
	t.Cleanup(func() { close(stuck.release) })
	go func() { _, _ = a.Lookup(context.Background(), "what is malaria") }()
	for a.ev.get(LeaseWon) == 0 {
		time.Sleep(time.Millisecond)
	}
	ast.Close() // A can no longer renew or let go, as if killed

	api := &slowAPI{delay: 100 * time.Millisecond}
	b := newReplica(t, api, openRedis(t, db.URL(), db.Prefix), SharedOptions{}, ServiceOptions{})
	c := newReplica(t, api, openRedis(t, db.URL(), db.Prefix), SharedOptions{}, ServiceOptions{})
	var wg sync.WaitGroup
	var answered atomic.Int32
	start := time.Now()
	for i := range 20 {
		wg.Go(func() {
			ctx, cancel := context.WithTimeout(context.Background(), 8*time.Second) // generous: the machine may be loaded
			defer cancel()
			if _, err := []replica{b, c}[i%2].Lookup(ctx, "what is malaria"); err == nil {
				answered.Add(1)
			}
		})
	}
	wg.Wait()
	if n := api.calls.Load(); n != 1 || answered.Load() != 20 {
		t.Fatalf("lease holder dead: %d API calls from the other replicas, %d of 20 answered; want 1 and 20", n, answered.Load())
	}
	t.Logf("lease holder dead: 20 questions on two other replicas answered in %s with 1 call", time.Since(start).Round(time.Millisecond))
}

// Ensure max_rate never queues a lookup past its caller's deadline: what
// cannot be sent in time is shed at once, instead of taking the rate from
// newer questions after its caller has gone.
func TestSharedMaxRateShedsPastCallerDeadline(t *testing.T) {
	t.Parallel()
	api := &slowAPI{}
	const maxRate = 5
	r := newReplica(t, api, store.NewMemory(100), SharedOptions{MaxRate: maxRate, AttemptTimeout: 100 * time.Millisecond},
		ServiceOptions{MaxConcurrency: 32, MaxPending: 64, LookupTimeout: 10 * time.Second})
	answered, took := lookupAll(r, questions("burst", 30), 500*time.Millisecond)
	shed := r.ev.get(RateShed)
	// Within a 500ms deadline at 5/s: the first at once, the next after
	// 200ms; every other one must be shed rather than queued.
	if limit := 1 + int(maxRate*took.Seconds()); 30-shed > limit {
		t.Fatalf("30 questions with 500ms deadlines at max_rate %d: %d shed, %d answered in %s; want at most %d kept waiting or sent",
			maxRate, shed, answered, took.Round(time.Millisecond), limit)
	}
}
