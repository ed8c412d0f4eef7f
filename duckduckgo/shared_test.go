package duckduckgo

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ddgbot/ddgbot/instant"
	"github.com/ddgbot/ddgbot/store"
	"github.com/ddgbot/ddgbot/store/redistest"
)

// apiFake is the API behind every replica of a test: it counts calls,
// answers after release is closed (or at once when nil) and fails with
// err when set.
type apiFake struct {
	calls   atomic.Int64
	release chan struct{}
	mu      sync.Mutex
	err     error
}

func (f *apiFake) Fetch(ctx context.Context, q string) (instant.Answer, error) {
	f.calls.Add(1)
	if f.release != nil {
		select {
		case <-f.release:
		case <-ctx.Done():
			return instant.Answer{}, fmt.Errorf("%w: %w", ErrTimeout, ctx.Err())
		}
	}
	f.mu.Lock()
	err := f.err
	f.mu.Unlock()
	if err != nil {
		return instant.Answer{}, err
	}
	return instant.Answer{Type: "A", Heading: "Heading", AbstractText: "An answer."}, nil
}

func (f *apiFake) fail(err error) { f.mu.Lock(); f.err = err; f.mu.Unlock() }

// events counts Shared events.
type events struct {
	mu sync.Mutex
	m  map[SharedEvent]int
}

func (e *events) observe(x SharedEvent) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.m == nil {
		e.m = map[SharedEvent]int{}
	}
	e.m[x]++
}

func (e *events) get(x SharedEvent) int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.m[x]
}

// replica is one Service with its Shared, as one ddgbot process has.
type replica struct {
	*Service
	sh *Shared
	ev *events
}

func newReplica(t *testing.T, api Fetcher, st store.Store, so SharedOptions, svo ServiceOptions) replica {
	t.Helper()
	ev := &events{}
	so.Observe = ev.observe
	sh := NewShared(api, st, sharedOptions(so))
	svc := NewService(sh, serviceOptions(svo))
	t.Cleanup(func() { svc.Close(); sh.Close() })
	return replica{Service: svc, sh: sh, ev: ev}
}

// Ensure a herd of one new question over three replicas costs one API
// call, the other replicas waiting for its answer.
func TestSharedHerdOneCall(t *testing.T) {
	t.Parallel()
	api := &apiFake{release: make(chan struct{})}
	st := store.NewMemory(100)
	var rs []replica
	for range 3 {
		rs = append(rs, newReplica(t, api, st, SharedOptions{}, ServiceOptions{}))
	}
	var wg sync.WaitGroup
	var failed atomic.Int32
	for i := range 60 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := rs[i%3].Lookup(context.Background(), "What is malaria"); err != nil {
				failed.Add(1)
			}
		}()
	}
	// Let every replica's flight reach the lease before the API answers.
	for _, r := range rs {
		for r.ev.get(LeaseWon)+r.ev.get(SharedMiss) == 0 {
			time.Sleep(time.Millisecond)
		}
	}
	close(api.release)
	wg.Wait()
	if n := api.calls.Load(); n != 1 || failed.Load() != 0 {
		t.Fatalf("%d API calls, %d failed lookups; want 1 call, 0 failed", n, failed.Load())
	}
	won, woke := 0, 0
	for _, r := range rs {
		won += r.ev.get(LeaseWon)
		woke += r.ev.get(LeaseWoke) + r.ev.get(SharedHit)
	}
	if won != 1 || woke != 2 {
		t.Fatalf("lease won %d, others served from the store %d; want 1 and 2", won, woke)
	}
}

// Ensure an answer fetched on one replica serves the others from the
// store, and that their own cache never keeps it longer than the store.
func TestSharedAnswerServesOthers(t *testing.T) {
	t.Parallel()
	api := &apiFake{}
	st := store.NewMemory(100)
	a := newReplica(t, api, st, SharedOptions{}, ServiceOptions{})
	clock := newClock()
	b := newReplica(t, api, st, SharedOptions{}, ServiceOptions{Now: clock.Now})
	ctx := context.Background()
	if _, err := a.Lookup(ctx, "malaria"); err != nil {
		t.Fatal(err)
	}
	a.sh.Close() // the store write is done
	got, err := b.Lookup(ctx, "  Malaria ")
	if err != nil || got.AbstractText != "An answer." {
		t.Fatalf("B: %+v, %v", got, err)
	}
	if n := api.calls.Load(); n != 1 {
		t.Fatalf("%d API calls, want 1", n)
	}

	// An entry with 1s left in the store lives at most 1s in B's cache.
	key := sharedKey("dengue", "")
	_ = st.Set(ctx, "a:"+key, encodeShared(instant.Answer{Type: "A", AbstractText: "Dengue."}, time.Now().Add(time.Second)), time.Second)
	if _, err := b.Lookup(ctx, "dengue"); err != nil {
		t.Fatal(err)
	}
	if _, ok := b.Cached("dengue"); !ok {
		t.Fatal("a store hit was not kept in the replica's cache")
	}
	clock.Advance(1100 * time.Millisecond)
	if _, ok := b.Cached("dengue"); ok {
		t.Fatal("the replica's cache kept an answer longer than the store")
	}
}

// Ensure a throttled answer on one replica pauses every replica at once,
// without opening their own breakers, and that exactly one probe goes out
// when the pause ends; its success lets everyone call again.
func TestSharedPauseAndOneProbe(t *testing.T) {
	// Not parallel: B's five lookups must fit in A's 50ms pause, by the
	// real clock the stores use.
	api := &apiFake{}
	st := store.NewMemory(100)
	so := SharedOptions{BreakerCooldown: 50 * time.Millisecond, MaxRetryAfter: 50 * time.Millisecond}
	svo := ServiceOptions{BreakerCooldown: 50 * time.Millisecond, MaxRetryAfter: 50 * time.Millisecond}
	a := newReplica(t, api, st, so, svo)
	b := newReplica(t, api, st, so, svo)
	ctx := context.Background()

	api.fail(&ThrottledError{StatusCode: 429, RetryAfter: 30 * time.Second})
	if _, err := a.Lookup(ctx, "q1"); !errors.Is(err, ErrThrottled) {
		t.Fatalf("A: %v, want ErrThrottled", err)
	}
	api.fail(nil)
	for i := range 5 {
		if _, err := b.Lookup(ctx, fmt.Sprint("b", i)); !errors.Is(err, ErrBreakerOpen) {
			t.Fatalf("B during the pause: %v, want ErrBreakerOpen", err)
		}
	}
	if n := api.calls.Load(); n != 1 {
		t.Fatalf("%d API calls during the pause, want 1 (A's)", n)
	}
	if b.BreakerState() != BreakerClosed || b.ev.get(FleetPaused) != 5 {
		t.Fatalf("B: breaker %d, fleet_paused %d; want closed and 5", b.BreakerState(), b.ev.get(FleetPaused))
	}

	// The pause ends: of many new questions at once, one is the probe.
	time.Sleep(60 * time.Millisecond) // past the 50ms pause; the stores' clocks are real
	api.release = make(chan struct{})
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, _ = []replica{a, b}[i%2].Lookup(ctx, fmt.Sprint("p", i))
		}()
	}
	for api.calls.Load() < 2 {
		time.Sleep(time.Millisecond)
	}
	time.Sleep(20 * time.Millisecond) // room for a second probe to show up
	close(api.release)
	wg.Wait()
	if n := api.calls.Load(); n != 2 {
		t.Fatalf("%d API calls after the pause, want 1 probe", n-1)
	}
	a.sh.Close() // the probe's Resume is done
	b.sh.Close()
	for time.Now().UnixNano() < b.sh.pausedUntil.Load() { // B looks at the store again after at most 100ms
		time.Sleep(5 * time.Millisecond)
	}
	for i := range 3 {
		if _, err := b.Lookup(ctx, fmt.Sprint("after", i)); err != nil {
			t.Fatalf("after the probe succeeded: %v", err)
		}
	}
}

// Ensure a store that cannot be reached costs nothing but the sharing:
// every lookup is answered, one API call per replica.
func TestSharedStoreDown(t *testing.T) {
	t.Parallel()
	srv := redistest.Start(t)
	srv.Kill()
	st, err := store.NewRedis(store.Options{URL: srv.URL(), Timeout: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	api := &apiFake{}
	rs := []replica{newReplica(t, api, st, SharedOptions{}, ServiceOptions{}), newReplica(t, api, st, SharedOptions{}, ServiceOptions{})}
	for i := range 10 {
		if _, err := rs[i%2].Lookup(context.Background(), "malaria"); err != nil {
			t.Fatal(err)
		}
	}
	if n := api.calls.Load(); n != 2 {
		t.Fatalf("%d API calls, want 2 (one per replica)", n)
	}
}

// Ensure max_rate spaces the fleet's calls and drops one that cannot wait.
func TestSharedMaxRate(t *testing.T) {
	t.Parallel()
	api := &apiFake{}
	st := store.NewMemory(100)
	r := newReplica(t, api, st, SharedOptions{MaxRate: 20, AttemptTimeout: time.Millisecond}, ServiceOptions{})
	for i := range 3 {
		if _, err := r.Lookup(context.Background(), fmt.Sprint("q", i)); err != nil {
			t.Fatal(err)
		}
	}
	if r.ev.get(RateWaited) == 0 {
		t.Fatal("three calls at once at 20/s: none waited")
	}
	slow := newReplica(t, api, st, SharedOptions{MaxRate: 0.001, AttemptTimeout: time.Second}, ServiceOptions{})
	_, _ = slow.Lookup(context.Background(), "first")
	if _, err := slow.Lookup(context.Background(), "second"); !errors.Is(err, ErrShed) {
		t.Fatalf("a call that cannot wait for max_rate: %v, want ErrShed", err)
	}
}

// Ensure Redis holds no question in plain text, and that values of
// another format version are ignored.
func TestSharedOnRedis(t *testing.T) {
	t.Parallel()
	db := redistest.Shared(t)
	st, err := store.NewRedis(store.Options{URL: db.URL(), Prefix: db.Prefix, Timeout: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for st.Bypassed() {
		time.Sleep(5 * time.Millisecond)
	}
	api := &apiFake{}
	a := newReplica(t, api, st, SharedOptions{}, ServiceOptions{})
	const q = "is paracetamol safe in pregnancy"
	if _, err := a.Lookup(context.Background(), q); err != nil {
		t.Fatal(err)
	}
	a.sh.Close()
	keys, err := redistest.Keys(db.Addr, db.Prefix)
	if err != nil || len(keys) != 1 {
		t.Fatalf("keys %v, %v; want one answer", keys, err)
	}
	if strings.Contains(keys[0], "paracetamol") {
		t.Fatalf("key %q holds the question", keys[0])
	}

	b := newReplica(t, api, st, SharedOptions{}, ServiceOptions{})
	newer := append([]byte{recordVersion + 1}, encodeShared(instant.Answer{Type: "A"}, time.Now().Add(time.Hour))[1:]...)
	if err := st.Set(context.Background(), "a:"+sharedKey(q, ""), newer, time.Hour); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Lookup(context.Background(), q); err != nil {
		t.Fatalf("a value of a newer format made the lookup fail: %v", err)
	}
	if n := api.calls.Load(); n != 2 {
		t.Fatalf("%d API calls, want 2: the newer value is ignored, not used", n)
	}
}

func TestSharedEncoding(t *testing.T) {
	t.Parallel()
	now := time.Now()
	a := instant.Answer{Type: "D", Heading: "Cat", RelatedTopics: []instant.Topic{{FirstURL: "https://x", Text: "t"}}}
	got, life, ok := decodeShared(encodeShared(a, now.Add(time.Minute)), now)
	if !ok || got.Heading != "Cat" || len(got.RelatedTopics) != 1 || life <= 59*time.Second {
		t.Fatalf("round trip: %+v %v %v", got, life, ok)
	}
	for name, b := range map[string][]byte{
		"empty":   nil,
		"expired": encodeShared(a, now.Add(-time.Second)),
		"newer":   append([]byte{2}, encodeShared(a, now.Add(time.Minute))[1:]...),
		"damaged": encodeShared(a, now.Add(time.Minute))[:20],
	} {
		if _, _, ok := decodeShared(b, now); ok {
			t.Errorf("%s value decoded", name)
		}
	}
}

func FuzzDecodeShared(f *testing.F) {
	now := time.Unix(1_800_000_000, 0)
	f.Add(encodeShared(instant.Answer{Type: "A", AbstractText: "x"}, now.Add(time.Hour)))
	f.Add([]byte{1, 0, 0, 0, 0, 0, 0, 0, 0, '{'})
	f.Fuzz(func(t *testing.T, b []byte) {
		a, life, ok := decodeShared(b, now)
		if ok && life <= 0 {
			t.Fatalf("decoded an expired value: %+v", a)
		}
	})
}
