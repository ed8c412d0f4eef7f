package duckduckgo

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/ddgbot/ddgbot/duckduckgo/ddgtest"
	"github.com/ddgbot/ddgbot/instant"
)

// fakeClock is an injectable clock, safe for concurrent use.
type fakeClock struct{ ns atomic.Int64 }

func newClock() *fakeClock {
	c := &fakeClock{}
	c.ns.Store(time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC).UnixNano())
	return c
}
func (c *fakeClock) Now() time.Time          { return time.Unix(0, c.ns.Load()) }
func (c *fakeClock) Advance(d time.Duration) { c.ns.Add(int64(d)) }

// outcomes counts what the service observed, in its two streams.
type outcomes struct {
	mu    sync.Mutex
	cache map[CacheOutcome]int
	up    map[UpstreamOutcome]int
}

func (o *outcomes) observeCache(x CacheOutcome) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.cache == nil {
		o.cache = map[CacheOutcome]int{}
	}
	o.cache[x]++
}

func (o *outcomes) observeUpstream(x UpstreamOutcome, d time.Duration) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.up == nil {
		o.up = map[UpstreamOutcome]int{}
	}
	o.up[x]++
}

func (o *outcomes) getCache(x CacheOutcome) int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.cache[x]
}

func (o *outcomes) getUp(x UpstreamOutcome) int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.up[x]
}

func (o *outcomes) String() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return fmt.Sprintf("cache %v, upstream %v", o.cache, o.up)
}

// fetcherFunc is an in-process Fetcher.
type fetcherFunc func(ctx context.Context, q string) (instant.Answer, error)

func (f fetcherFunc) Fetch(ctx context.Context, q string) (instant.Answer, error) { return f(ctx, q) }

// quick answers every question at once and counts calls per question.
type quick struct {
	mu    sync.Mutex
	calls map[string]int
	total atomic.Int64
}

func (f *quick) Fetch(_ context.Context, q string) (instant.Answer, error) {
	f.total.Add(1)
	f.mu.Lock()
	if f.calls == nil {
		f.calls = map[string]int{}
	}
	f.calls[q]++
	f.mu.Unlock()
	return instant.Answer{Type: "A", Heading: q, AbstractText: "about " + q}, nil
}

func (f *quick) callsFor(q string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls[q]
}

type fixture struct {
	srv   *ddgtest.Server
	svc   *Service
	clock *fakeClock
	seen  *outcomes
}

// newFixture returns a Service in front of a Client in front of the fake
// API, with an injected clock, no client retries and a breaker that only
// throttling opens, unless o says otherwise.
func newFixture(t *testing.T, o ServiceOptions) *fixture {
	t.Helper()
	fx := &fixture{srv: newFake(t), clock: newClock(), seen: &outcomes{}}
	c := newTestClient(t, ClientOptions{BaseURL: fx.srv.URL, Timeout: 10 * time.Second})
	if o.BreakerFailures == 0 {
		o.BreakerFailures = 1000
	}
	if o.LookupTimeout == 0 {
		o.LookupTimeout = 20 * time.Second
	}
	o.Now = fx.clock.Now
	o.ObserveCache, o.ObserveUpstream = fx.seen.observeCache, fx.seen.observeUpstream
	fx.svc = NewService(c, serviceOptions(o))
	t.Cleanup(fx.svc.Close)
	return fx
}

func newServiceWith(t *testing.T, f Fetcher, o ServiceOptions) (*Service, *fakeClock, *outcomes) {
	t.Helper()
	clock, seen := newClock(), &outcomes{}
	o.Now, o.ObserveCache, o.ObserveUpstream = clock.Now, seen.observeCache, seen.observeUpstream
	if o.LookupTimeout == 0 {
		o.LookupTimeout = 20 * time.Second
	}
	s := NewService(f, serviceOptions(o))
	t.Cleanup(s.Close)
	return s, clock, seen
}

func lookup(t *testing.T, s *Service, q string, within time.Duration) (instant.Answer, time.Duration, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), within)
	defer cancel()
	start := time.Now()
	a, err := s.Lookup(ctx, q)
	return a, time.Since(start), err
}

// Ensure a second lookup of the same (normalised) question is a cache hit
// and that the upstream is asked with the normalised question.
func TestServiceHitMiss(t *testing.T) {
	t.Parallel()
	fx := newFixture(t, ServiceOptions{})
	a, _, err := lookup(t, fx.svc, "  Stephen   FRY ", budget)
	if err != nil || a.Heading != "Stephen Fry" {
		t.Fatalf("first lookup: %q, %v", a.Heading, err)
	}
	r, _ := fx.srv.LastRequest()
	if got := r.URL.Query().Get("q"); got != "stephen fry" {
		t.Errorf("upstream asked %q, want the normalised question", got)
	}
	a, _, err = lookup(t, fx.svc, "stephen fry", budget)
	if err != nil || a.Heading != "Stephen Fry" {
		t.Fatalf("second lookup: %q, %v", a.Heading, err)
	}
	if fx.srv.Requests() != 1 || fx.svc.Len() != 1 {
		t.Errorf("requests %d, Len %d; want 1, 1", fx.srv.Requests(), fx.svc.Len())
	}
	if fx.seen.getCache(CacheMiss) != 1 || fx.seen.getCache(CacheHit) != 1 || fx.seen.getUp(UpstreamOK) != 1 {
		t.Errorf("outcomes %v", fx.seen)
	}
}

// Ensure the region is part of the cache key.
func TestServiceRegionKey(t *testing.T) {
	t.Parallel()
	f := &quick{}
	s, _, _ := newServiceWith(t, f, ServiceOptions{Region: "de-de"})
	if _, err := s.Lookup(context.Background(), "cat"); err != nil {
		t.Fatal(err)
	}
	if e, ok := s.cache.get("cat\x00de-de"); !ok || e.Answer.Heading != "cat" {
		t.Errorf("entry not under the regional key")
	}
	if _, ok := s.cache.get("cat"); ok {
		t.Errorf("entry found under the key without region")
	}
}

// Ensure each upstream failure mode gives the right error, latency, outcome
// and caching decision.
func TestServiceFailureModes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		fault      ddgtest.Fault
		query      string
		wantErr    error // nil: an answer
		outcome    UpstreamOutcome
		budget     time.Duration // LookupTimeout; default 20s
		cached     bool          // a second Lookup is a hit, no request
		secondErr  error         // for a second Lookup when not cached (default wantErr)
		secondReqs int           // requests after the second Lookup
	}{
		{name: "answer", query: "cat", outcome: UpstreamOK, cached: true, secondReqs: 1},
		{name: "empty answer", query: "what should I cook tonight", outcome: UpstreamEmpty, cached: true, secondReqs: 1},
		{name: "202 with answer", fault: ddgtest.Fault{Status: 202, WithAnswer: true}, query: "face", outcome: UpstreamOK, cached: true, secondReqs: 1},
		{name: "500", fault: ddgtest.Fault{Status: 500}, wantErr: ErrUpstream, outcome: UpstreamServerError, secondReqs: 2},
		{name: "404", fault: ddgtest.Fault{Status: 404}, wantErr: ErrUpstream, outcome: UpstreamOtherError, secondReqs: 2},
		{name: "redirect loop", fault: ddgtest.Fault{Mode: ddgtest.RedirectLoop}, wantErr: ErrUpstream, outcome: UpstreamOtherError, secondReqs: 2},
		{name: "garbage", fault: ddgtest.Fault{Mode: ddgtest.Garbage}, wantErr: ErrBadAnswer, outcome: UpstreamBadJSON, secondReqs: 2},
		{name: "truncated", fault: ddgtest.Fault{Mode: ddgtest.Truncated}, query: "reddit", wantErr: ErrBadAnswer, outcome: UpstreamBadJSON, secondReqs: 2},
		{name: "oversized", fault: ddgtest.Fault{Mode: ddgtest.Oversized}, wantErr: ErrBadAnswer, outcome: UpstreamBadJSON, secondReqs: 2},
		{name: "hang", fault: ddgtest.Fault{Mode: ddgtest.Hang}, budget: 300 * time.Millisecond, wantErr: ErrTimeout, outcome: UpstreamTimeout, secondReqs: 2},
		// Throttling opens the breaker at once: the second Lookup is refused.
		{name: "202 empty", fault: ddgtest.Fault{Status: 202}, wantErr: ErrThrottled, outcome: UpstreamThrottled, secondErr: ErrBreakerOpen, secondReqs: 1},
		{name: "403", fault: ddgtest.Fault{Status: 403}, wantErr: ErrThrottled, outcome: UpstreamThrottled, secondErr: ErrBreakerOpen, secondReqs: 1},
		{name: "429", fault: ddgtest.Fault{Status: 429, RetryAfter: "30"}, wantErr: ErrThrottled, outcome: UpstreamThrottled, secondErr: ErrBreakerOpen, secondReqs: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fx := newFixture(t, ServiceOptions{LookupTimeout: tt.budget})
			fx.srv.SetFault(tt.fault)
			q := tt.query
			if q == "" {
				q = secret
			}
			_, elapsed, err := lookup(t, fx.svc, q, budget)
			if elapsed > bound {
				t.Errorf("Lookup took %s", elapsed)
			}
			if tt.wantErr == nil && err != nil || tt.wantErr != nil && !errors.Is(err, tt.wantErr) {
				t.Fatalf("Lookup error = %v, want %v", err, tt.wantErr)
			}
			if err != nil {
				assertNoQuery(t, "error", err.Error())
			}
			if fx.seen.getUp(tt.outcome) != 1 {
				t.Errorf("outcome %s not counted once: %v", tt.outcome, fx.seen)
			}
			wantLen := 0
			if tt.cached {
				wantLen = 1
			}
			if fx.svc.Len() != wantLen {
				t.Errorf("Len = %d, want %d", fx.svc.Len(), wantLen)
			}
			_, elapsed, err2 := lookup(t, fx.svc, q, budget)
			want2 := tt.wantErr
			if tt.secondErr != nil {
				want2 = tt.secondErr
			}
			if want2 == nil && err2 != nil || want2 != nil && !errors.Is(err2, want2) {
				t.Errorf("second Lookup error = %v, want %v", err2, want2)
			}
			if tt.cached && fx.seen.getCache(CacheHit) != 1 {
				t.Errorf("second Lookup was not a hit: %v", fx.seen)
			}
			if elapsed > bound {
				t.Errorf("second Lookup took %s", elapsed)
			}
			if got := fx.srv.Requests(); got != tt.secondReqs {
				t.Errorf("requests = %d, want %d", got, tt.secondReqs)
			}
		})
	}
}

// Ensure 50 concurrent callers of a never-seen question cause exactly one
// upstream request, with a slow and with an instant API.
func TestServiceCoalescing(t *testing.T) {
	t.Parallel()
	herd := func(t *testing.T, fx *fixture, q, heading string) {
		t.Helper()
		var wg sync.WaitGroup
		start := make(chan struct{})
		errs := make(chan error, 50)
		for range 50 {
			wg.Go(func() {
				<-start
				a, err := fx.svc.Lookup(context.Background(), q)
				if err == nil && a.Heading != heading {
					err = fmt.Errorf("heading %q", a.Heading)
				}
				errs <- err
			})
		}
		close(start)
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatalf("Lookup: %v", err)
			}
		}
	}
	t.Run("slow", func(t *testing.T) {
		fx := newFixture(t, ServiceOptions{})
		fx.srv.SetLatency(200 * time.Millisecond)
		herd(t, fx, "reddit", "Reddit")
		if n := fx.srv.Requests(); n != 1 {
			t.Errorf("upstream requests = %d, want 1", n)
		}
		if m, c, h := fx.seen.getCache(CacheMiss), fx.seen.getCache(CacheCoalesced), fx.seen.getCache(CacheHit); m != 1 || m+c+h != 50 {
			t.Errorf("miss %d coalesced %d hit %d, want 1 miss and 50 in all", m, c, h)
		}
		t.Logf("50-herd, slow API: %d upstream request(s), %d coalesced", fx.srv.Requests(), fx.seen.getCache(CacheCoalesced))
	})
	t.Run("instant", func(t *testing.T) {
		fx := newFixture(t, ServiceOptions{})
		for i := range 200 {
			q := fmt.Sprintf("never seen %d", i)
			herd(t, fx, q, "")
			if n := fx.srv.RequestsFor(q); n != 1 {
				t.Fatalf("round %d: upstream requests = %d, want 1", i, n)
			}
		}
		if n := fx.srv.Requests(); n != 200 {
			t.Errorf("upstream requests = %d for 200 questions", n)
		}
	})
}

// Ensure the late-arrival race (a caller arriving as a flight finishes)
// never causes a second upstream request, with an in-process API so that
// the race window is as wide as it gets.
func TestServiceCoalescingInstantInProcess(t *testing.T) {
	f := &quick{}
	s, _, _ := newServiceWith(t, f, ServiceOptions{})
	rounds := 2000
	if testing.Short() {
		rounds = 200
	}
	for i := range rounds {
		q := fmt.Sprintf("question %d", i)
		var wg sync.WaitGroup
		start := make(chan struct{})
		for range 50 {
			wg.Go(func() {
				<-start
				if _, err := s.Lookup(context.Background(), q); err != nil {
					t.Error(err)
				}
			})
		}
		close(start)
		wg.Wait()
		if n := f.callsFor(q); n != 1 {
			t.Fatalf("round %d: %d upstream calls, want 1", i, n)
		}
	}
}

// Ensure a caller whose context ends first gets ErrTimeout at once, and the
// answer that arrives later is cached for the next caller.
func TestServiceLateAnswer(t *testing.T) {
	t.Parallel()
	fx := newFixture(t, ServiceOptions{})
	fx.srv.SetLatency(300 * time.Millisecond)
	_, elapsed, err := lookup(t, fx.svc, "typescript", 50*time.Millisecond)
	if !errors.Is(err, ErrTimeout) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("error = %v, want ErrTimeout wrapping DeadlineExceeded", err)
	}
	if elapsed > bound {
		t.Errorf("returned after %s with a 50ms budget", elapsed)
	}
	waitFor(t, func() bool { return fx.svc.Len() == 1 })
	a, _, err := lookup(t, fx.svc, "typescript", 50*time.Millisecond)
	if err != nil || a.Type != "A" {
		t.Fatalf("later Lookup: %q, %v", a.Type, err)
	}
	if fx.srv.Requests() != 1 || fx.seen.getCache(CacheHit) != 1 {
		t.Errorf("requests %d, outcomes %v", fx.srv.Requests(), fx.seen)
	}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met within 10s")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// Ensure an expired entry is served when the upstream fails or is too slow
// for the caller, until StaleFor has passed.
func TestServiceStale(t *testing.T) {
	t.Parallel()
	fx := newFixture(t, ServiceOptions{TTL: time.Minute, StaleFor: time.Hour})
	if _, _, err := lookup(t, fx.svc, "apple", budget); err != nil {
		t.Fatal(err)
	}
	fx.clock.Advance(2 * time.Minute)

	fx.srv.SetFault(ddgtest.Fault{Status: 500})
	a, _, err := lookup(t, fx.svc, "apple", budget)
	if err != nil || a.Definition == "" {
		t.Fatalf("on 500: %v, definition %q; want the stale answer", err, a.Definition)
	}
	if fx.srv.Requests() != 2 || fx.seen.getCache(CacheStale) != 1 || fx.seen.getUp(UpstreamServerError) != 1 {
		t.Errorf("requests %d, outcomes %v", fx.srv.Requests(), fx.seen)
	}

	fx.srv.SetFault(ddgtest.Fault{Mode: ddgtest.Hang})
	a, elapsed, err := lookup(t, fx.svc, "apple", 100*time.Millisecond)
	if err != nil || a.Definition == "" {
		t.Fatalf("on hang: %v; want the stale answer", err)
	}
	if elapsed > bound {
		t.Errorf("stale answer after %s with a 100ms budget", elapsed)
	}

	// Past StaleFor nothing is served: the caller joins the hanging flight
	// and times out.
	fx.clock.Advance(2 * time.Hour)
	if _, _, err := lookup(t, fx.svc, "apple", 100*time.Millisecond); !errors.Is(err, ErrTimeout) {
		t.Errorf("after StaleFor: error = %v, want ErrTimeout", err)
	}
}

// Ensure empty answers are cached for NegativeTTL only, real ones for TTL.
func TestServiceNegativeTTL(t *testing.T) {
	t.Parallel()
	fx := newFixture(t, ServiceOptions{TTL: time.Hour, NegativeTTL: 5 * time.Minute, StaleFor: time.Nanosecond})
	for _, q := range []string{"is it going to rain tomorrow", "cat", "is it going to rain tomorrow", "cat"} {
		if _, _, err := lookup(t, fx.svc, q, budget); err != nil {
			t.Fatal(err)
		}
	}
	if fx.srv.Requests() != 2 || fx.seen.getUp(UpstreamEmpty) != 1 {
		t.Fatalf("requests %d, outcomes %v", fx.srv.Requests(), fx.seen)
	}
	fx.clock.Advance(6 * time.Minute)
	for _, q := range []string{"is it going to rain tomorrow", "cat"} {
		if _, _, err := lookup(t, fx.svc, q, budget); err != nil {
			t.Fatal(err)
		}
	}
	if fx.srv.RequestsFor("is it going to rain tomorrow") != 2 || fx.srv.RequestsFor("cat") != 1 {
		t.Errorf("after 6m: empty asked %d times, cat %d; want 2, 1",
			fx.srv.RequestsFor("is it going to rain tomorrow"), fx.srv.RequestsFor("cat"))
	}
}

// scripted is a Fetcher whose answer the test sets, counting calls; with
// gate set, each call waits for a value on it (or ctx).
type scripted struct {
	calls   atomic.Int64
	mu      sync.Mutex
	err     error
	gate    chan struct{}
	entered chan struct{}
}

func (f *scripted) set(err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.err = err
}

func (f *scripted) Fetch(ctx context.Context, q string) (instant.Answer, error) {
	f.calls.Add(1)
	f.mu.Lock()
	err, gate, entered := f.err, f.gate, f.entered
	f.mu.Unlock()
	if entered != nil {
		entered <- struct{}{}
	}
	if gate != nil {
		select {
		case <-gate:
		case <-ctx.Done():
			return instant.Answer{}, fmt.Errorf("%w: %w", ErrTimeout, ctx.Err())
		}
	}
	if err != nil {
		return instant.Answer{}, err
	}
	return instant.Answer{Type: "A", AbstractText: "about " + q}, nil
}

var err500 = &UpstreamError{StatusCode: 500}

// Ensure the breaker opens after N consecutive failures, refuses at once
// without asking upstream, lets exactly one probe through when half-open,
// and closes on its success or re-opens on its failure.
func TestServiceBreaker(t *testing.T) {
	t.Parallel()
	f := &scripted{}
	s, clock, seen := newServiceWith(t, f, ServiceOptions{BreakerFailures: 3, BreakerCooldown: time.Minute})
	ctx := context.Background()

	f.set(err500)
	for i := range 2 {
		s.Lookup(ctx, fmt.Sprint("fail ", i))
	}
	f.set(nil) // a success resets the streak
	if _, err := s.Lookup(ctx, "ok"); err != nil {
		t.Fatal(err)
	}
	f.set(err500)
	for i := range 3 {
		if s.BreakerState() != BreakerClosed {
			t.Fatalf("breaker open after %d failures, want 3", i)
		}
		s.Lookup(ctx, fmt.Sprint("again ", i))
	}
	if s.BreakerState() != BreakerOpen {
		t.Fatalf("state = %d after 3 failures, want open", s.BreakerState())
	}

	calls := f.calls.Load()
	start := time.Now()
	for i := range 20 {
		if _, err := s.Lookup(ctx, fmt.Sprint("refused ", i)); !errors.Is(err, ErrBreakerOpen) {
			t.Fatalf("error = %v, want ErrBreakerOpen", err)
		}
	}
	if el := time.Since(start); el > bound {
		t.Errorf("20 refusals took %s", el)
	}
	if f.calls.Load() != calls || seen.getUp(UpstreamBreakerOpen) != 20 {
		t.Errorf("calls %d→%d, breaker-open %d", calls, f.calls.Load(), seen.getUp(UpstreamBreakerOpen))
	}
	if _, err := s.Lookup(ctx, "ok"); err != nil { // cached answers still served
		t.Errorf("cached answer refused: %v", err)
	}

	clock.Advance(59 * time.Second)
	if s.BreakerState() != BreakerOpen {
		t.Fatalf("state = %d before the cooldown ended", s.BreakerState())
	}
	clock.Advance(2 * time.Second)
	if s.BreakerState() != BreakerHalfOpen {
		t.Fatalf("state = %d after the cooldown, want half-open", s.BreakerState())
	}

	// Half-open: one probe, held at the gate; everyone else is refused.
	probe := func(err error) {
		t.Helper()
		f.mu.Lock()
		f.gate, f.entered, f.err = make(chan struct{}), make(chan struct{}, 1), err
		gate, entered := f.gate, f.entered
		f.mu.Unlock()
		done := make(chan error, 1)
		go func() { _, err := s.Lookup(ctx, "probe"); done <- err }()
		<-entered
		calls := f.calls.Load()
		for i := range 10 {
			if _, err := s.Lookup(ctx, fmt.Sprint("during probe ", i)); !errors.Is(err, ErrBreakerOpen) {
				t.Errorf("during probe: %v, want ErrBreakerOpen", err)
			}
		}
		if f.calls.Load() != calls {
			t.Errorf("%d requests let through beside the probe", f.calls.Load()-calls)
		}
		close(gate)
		<-done
		f.mu.Lock()
		f.gate, f.entered = nil, nil
		f.mu.Unlock()
	}
	probe(err500)
	if s.BreakerState() != BreakerOpen {
		t.Fatalf("state = %d after a failed probe, want open", s.BreakerState())
	}
	clock.Advance(61 * time.Second)
	probe(nil)
	if s.BreakerState() != BreakerClosed {
		t.Fatalf("state = %d after a good probe, want closed", s.BreakerState())
	}
	f.set(nil)
	if _, err := s.Lookup(ctx, "after"); err != nil {
		t.Errorf("after closing: %v", err)
	}
}

// Ensure a throttling answer opens the breaker at once, for the longer of
// the cooldown and the (clamped) Retry-After.
func TestServiceBreakerThrottle(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		retryAfter time.Duration
		openFor    time.Duration
	}{
		{"no Retry-After", 0, time.Minute},
		{"short Retry-After", 10 * time.Second, time.Minute},
		{"long Retry-After", 30 * time.Minute, 30 * time.Minute},
		{"clamped Retry-After", 5 * time.Hour, time.Hour},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &scripted{}
			s, clock, seen := newServiceWith(t, f, ServiceOptions{BreakerFailures: 5, BreakerCooldown: time.Minute, MaxRetryAfter: time.Hour})
			f.set(&ThrottledError{StatusCode: 429, RetryAfter: tt.retryAfter})
			if _, err := s.Lookup(context.Background(), "q"); !errors.Is(err, ErrThrottled) {
				t.Fatalf("error = %v", err)
			}
			if s.BreakerState() != BreakerOpen || seen.getUp(UpstreamThrottled) != 1 {
				t.Fatalf("state %d outcomes %v after one throttle", s.BreakerState(), seen)
			}
			clock.Advance(tt.openFor - time.Second)
			if _, err := s.Lookup(context.Background(), "q2"); !errors.Is(err, ErrBreakerOpen) || f.calls.Load() != 1 {
				t.Errorf("before %s: %v, %d calls", tt.openFor, err, f.calls.Load())
			}
			clock.Advance(2 * time.Second)
			if s.BreakerState() != BreakerHalfOpen {
				t.Errorf("state = %d after %s, want half-open", s.BreakerState(), tt.openFor)
			}
		})
	}
}

// Ensure a 429 from the fake, through the real client, opens the breaker
// for its Retry-After.
func TestServiceBreakerThrottleThroughClient(t *testing.T) {
	t.Parallel()
	fx := newFixture(t, ServiceOptions{BreakerCooldown: time.Minute, MaxRetryAfter: time.Hour})
	fx.srv.SetFault(ddgtest.Fault{Status: 429, RetryAfter: "600"})
	if _, _, err := lookup(t, fx.svc, "cat", budget); !errors.Is(err, ErrThrottled) {
		t.Fatalf("error = %v", err)
	}
	fx.clock.Advance(9 * time.Minute)
	if fx.svc.BreakerState() != BreakerOpen {
		t.Errorf("state = %d 9 min into a 10 min Retry-After", fx.svc.BreakerState())
	}
	fx.clock.Advance(2 * time.Minute)
	if fx.svc.BreakerState() != BreakerHalfOpen {
		t.Errorf("state = %d after the Retry-After", fx.svc.BreakerState())
	}
	fx.srv.SetFault(ddgtest.Fault{})
	if _, _, err := lookup(t, fx.svc, "cat", budget); err != nil {
		t.Fatal(err)
	}
	if fx.svc.BreakerState() != BreakerClosed || fx.srv.Requests() != 2 {
		t.Errorf("state %d, requests %d", fx.svc.BreakerState(), fx.srv.Requests())
	}
}

// Ensure an open breaker still serves stale entries.
func TestServiceBreakerServesStale(t *testing.T) {
	t.Parallel()
	f := &scripted{}
	s, clock, seen := newServiceWith(t, f, ServiceOptions{TTL: time.Minute, StaleFor: time.Hour, BreakerCooldown: time.Hour})
	if _, err := s.Lookup(context.Background(), "cat"); err != nil {
		t.Fatal(err)
	}
	f.set(&ThrottledError{StatusCode: 403})
	s.Lookup(context.Background(), "dog")
	clock.Advance(5 * time.Minute)
	a, err := s.Lookup(context.Background(), "cat")
	if err != nil || a.AbstractText != "about cat" {
		t.Fatalf("got %q, %v; want the stale answer", a.AbstractText, err)
	}
	if seen.getUp(UpstreamBreakerOpen) != 1 || seen.getCache(CacheStale) != 1 || f.calls.Load() != 2 {
		t.Errorf("outcomes %v, calls %d", seen, f.calls.Load())
	}
}

// Ensure upstream concurrency stays within MaxConcurrency and lookups beyond
// MaxPending are shed at once; Close ends the waiting ones.
func TestServicePoliteness(t *testing.T) {
	t.Parallel()
	var inFlight, peak atomic.Int64
	slow := fetcherFunc(func(ctx context.Context, q string) (instant.Answer, error) {
		n := inFlight.Add(1)
		defer inFlight.Add(-1)
		for {
			p := peak.Load()
			if n <= p || peak.CompareAndSwap(p, n) {
				break
			}
		}
		select {
		case <-time.After(50 * time.Millisecond):
			return instant.Answer{AbstractText: q}, nil
		case <-ctx.Done():
			return instant.Answer{}, fmt.Errorf("%w: %w", ErrTimeout, ctx.Err())
		}
	})
	t.Run("concurrency", func(t *testing.T) {
		s, _, _ := newServiceWith(t, slow, ServiceOptions{MaxConcurrency: 2})
		var wg sync.WaitGroup
		for i := range 10 {
			wg.Go(func() {
				if _, err := s.Lookup(context.Background(), fmt.Sprint("q", i)); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		if p := peak.Load(); p > 2 || p < 1 {
			t.Errorf("peak upstream concurrency = %d, want 1..2", p)
		}
	})
	t.Run("shed", func(t *testing.T) {
		hang := fetcherFunc(func(ctx context.Context, _ string) (instant.Answer, error) {
			<-ctx.Done()
			return instant.Answer{}, ctx.Err()
		})
		s, _, seen := newServiceWith(t, hang, ServiceOptions{MaxConcurrency: 1, MaxPending: 2, LookupTimeout: time.Minute})
		for i := range 2 {
			// Callers without a deadline, who leave after 20ms: their
			// lookups stay pending, one running and one queued.
			ctx, cancel := context.WithCancel(context.Background())
			time.AfterFunc(20*time.Millisecond, cancel)
			if _, err := s.Lookup(ctx, fmt.Sprint("pending ", i)); !errors.Is(err, ErrTimeout) {
				t.Fatalf("error = %v, want ErrTimeout", err)
			}
		}
		_, elapsed, err := lookup(t, s, "one too many", budget)
		if !errors.Is(err, ErrShed) || seen.getUp(UpstreamShed) != 1 {
			t.Errorf("error = %v, outcomes %v; want ErrShed", err, seen)
		}
		if elapsed > bound {
			t.Errorf("shedding took %s", elapsed)
		}
		closed := make(chan struct{})
		go func() { s.Close(); close(closed) }()
		select {
		case <-closed:
		case <-time.After(5 * time.Second):
			t.Fatal("Close did not return")
		}
		if _, err := s.Lookup(context.Background(), "after close"); !errors.Is(err, ErrClosed) {
			t.Errorf("after Close: %v, want ErrClosed", err)
		}
	})
}

// Ensure Close ends a lookup hanging on the API and leaves no goroutine
// behind; measure the worst Lookup latency meanwhile.
func TestServiceCloseWithHangingUpstream(t *testing.T) {
	srv, err := ddgtest.NewFixtureServer(fixtureDir)
	if err != nil {
		t.Fatal(err)
	}
	srv.SetFault(ddgtest.Fault{Mode: ddgtest.Hang})
	c := NewClient(clientOptions(ClientOptions{BaseURL: srv.URL, MaxRetries: 2, Timeout: time.Minute}))
	s := NewService(c, serviceOptions(ServiceOptions{LookupTimeout: time.Minute}))
	var worst time.Duration
	var wg sync.WaitGroup
	var mu sync.Mutex
	for i := range 20 {
		wg.Go(func() {
			_, el, err := lookup(t, s, fmt.Sprint("hang ", i%5), 200*time.Millisecond)
			// The fifth question finds the four slots taken and is shed
			// rather than queued past its caller's deadline.
			if !errors.Is(err, ErrTimeout) && !errors.Is(err, ErrShed) {
				t.Errorf("error = %v, want ErrTimeout or ErrShed", err)
			}
			mu.Lock()
			worst = max(worst, el)
			mu.Unlock()
		})
	}
	wg.Wait()
	t.Logf("worst Lookup latency with a hanging API and a 200ms budget: %s", worst)
	if worst > bound {
		t.Errorf("worst Lookup latency %s with a 200ms budget", worst)
	}
	start := time.Now()
	s.Close()
	if el := time.Since(start); el > 5*time.Second {
		t.Errorf("Close took %s", el)
	}
	c.CloseIdleConnections()
	srv.Close()
	goleak.VerifyNone(t)
}

// Ensure the cache never holds more than MaxEntries and evicts oldest first.
func TestServiceMaxEntries(t *testing.T) {
	t.Parallel()
	f := &quick{}
	s, _, _ := newServiceWith(t, f, ServiceOptions{MaxEntries: 100})
	for i := range 1000 {
		if _, err := s.Lookup(context.Background(), fmt.Sprint("q", i)); err != nil {
			t.Fatal(err)
		}
		if s.Len() > 100 {
			t.Fatalf("Len = %d after %d inserts", s.Len(), i+1)
		}
	}
	before := f.total.Load()
	s.Lookup(context.Background(), "q999") // newest: kept
	s.Lookup(context.Background(), "q0")   // oldest: evicted
	if got := f.total.Load() - before; got != 1 || f.callsFor("q0") != 2 {
		t.Errorf("upstream calls %d, q0 asked %d times; want 1, 2", got, f.callsFor("q0"))
	}
}

// Ensure memory stays flat while 1,000,000 distinct questions go through a
// service bounded to 10,000 entries.
func TestServiceMemoryMillionQuestions(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("pushes 1,000,000 questions; skipped with -short and -race")
	}
	heap, n := pushDistinct(t, 1_000_000, func(i int, heap uint64) {
		t.Logf("after %7d questions: HeapInuse after GC %.1f MiB", i, float64(heap)/(1<<20))
	})
	t.Logf("after 1,000,000 questions: Len %d, HeapInuse after GC %.1f MiB", n, float64(heap)/(1<<20))
	if n > 10000 {
		t.Errorf("Len = %d, want <= 10000", n)
	}
	if heap > 64<<20 {
		t.Errorf("HeapInuse = %d MiB, want < 64 MiB", heap>>20)
	}
}

// BenchmarkServiceMillionQuestions reports the heap in use after GC once
// 1,000,000 distinct questions went through a 10,000-entry service.
func BenchmarkServiceMillionQuestions(b *testing.B) {
	for b.Loop() {
		heap, n := pushDistinct(b, 1_000_000, nil)
		b.ReportMetric(float64(heap)/(1<<20), "heap-MiB")
		b.ReportMetric(float64(n), "entries")
	}
}

// pushDistinct looks up n distinct questions through a Service with
// MaxEntries 10000 and an in-process Fetcher, and returns HeapInuse after
// GC (with the service still alive) and the number of entries cached.
// A non-nil checkpoint gets the heap in use after every 100,000 questions.
func pushDistinct(tb testing.TB, n int, checkpoint func(i int, heapInuse uint64)) (heap uint64, entries int) {
	tb.Helper()
	f := &countOnly{}
	s := NewService(f, serviceOptions(ServiceOptions{MaxEntries: 10000}))
	defer s.Close()
	ctx := context.Background()
	for i := range n {
		if _, err := s.Lookup(ctx, "what is the meaning of question number "+strconv.Itoa(i)); err != nil {
			tb.Fatal(err)
		}
		if checkpoint != nil && (i+1)%100_000 == 0 {
			checkpoint(i+1, readHeapInuse())
		}
	}
	if got := f.n.Load(); got != int64(n) {
		tb.Fatalf("%d upstream calls for %d distinct questions", got, n)
	}
	heap = readHeapInuse()
	entries = s.Len()
	runtime.KeepAlive(s)
	return heap, entries
}

func readHeapInuse() uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapInuse
}

// countOnly answers with a realistic-size abstract and counts calls only.
type countOnly struct{ n atomic.Int64 }

func (f *countOnly) Fetch(_ context.Context, q string) (instant.Answer, error) {
	f.n.Add(1)
	return instant.Answer{Type: "A", Heading: q, AbstractText: "An abstract of a few hundred bytes about " + q,
		RelatedTopics: []instant.Topic{{FirstURL: "https://duckduckgo.com/x", Text: q}}}, nil
}

// Ensure Cached answers fresh entries only, counting a hit, and never
// goes upstream.
func TestServiceCached(t *testing.T) {
	t.Parallel()
	f := &quick{}
	s, _, _ := newServiceWith(t, f, ServiceOptions{})
	if _, ok := s.Cached("Cat"); ok {
		t.Fatal("cached before any lookup")
	}
	if _, err := s.Lookup(context.Background(), "cat"); err != nil {
		t.Fatal(err)
	}
	if a, ok := s.Cached("  CAT "); !ok || a.Heading != "cat" {
		t.Fatalf("Cached = %+v, %v", a, ok)
	}
	if n := f.total.Load(); n != 1 {
		t.Fatalf("%d upstream calls, want 1", n)
	}
}

// largeBody is a valid answer of about 1.9 MB (a tenth of it when scale
// is 10): a long abstract and thousands of related topics, as a hostile
// or broken upstream may send.
func largeBody(scale int) []byte {
	var b strings.Builder
	b.WriteString(`{"Type":"A","Heading":"Big","AbstractSource":"Wikipedia","AbstractURL":"https://en.wikipedia.org/wiki/Big","AbstractText":"`)
	b.WriteString(strings.Repeat("A sentence of a very long abstract. ", 25000/scale))
	b.WriteString(`","RelatedTopics":[`)
	for i := range 2200 / scale {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"FirstURL":"https://duckduckgo.com/Topic_%d","Result":"<a href=\"https://duckduckgo.com/Topic_%d\">instant.Topic %d</a> %s","Text":"Topic %d %s"}`,
			i, i, i, strings.Repeat("about something ", 10), i, strings.Repeat("about something ", 10))
	}
	b.WriteString(`]}`)
	return []byte(b.String())
}

var largeAnswers = flag.Int("large-answers", 100, "distinct ~1.9 MB answers TestServiceMemoryLargeAnswers caches (the issue measured 400)")

// Ensure answers are cached compacted and within MaxBytes: distinct
// questions answered with ~1.9 MB bodies over real HTTP (-large-answers
// of them; 8 of 0.2 MB with the race detector) keep the heap far below their total
// size. Fails before the fix: the whole decoded answers were cached, about
// 2.7 MB of heap each.
func TestServiceMemoryLargeAnswers(t *testing.T) {
	body, n := largeBody(1), *largeAnswers
	if raceEnabled || testing.Short() {
		body, n = largeBody(10), 8 // the race detector makes decoding 2 MB slow
	}
	tests := []struct {
		name     string
		maxBytes int64
		n        int
	}{
		{"default bounds", 0, n},
		{"100 KiB", 100 << 10, 8}, // enough to overflow 100 KiB
	}
	for _, tt := range tests {
		n := tt.n
		t.Run(tt.name, func(t *testing.T) {
			srv := ddgtest.NewServer(map[string][]byte{ddgtest.UnknownKey: body})
			t.Cleanup(srv.Close)
			c := newTestClient(t, ClientOptions{BaseURL: srv.URL, Timeout: time.Minute})
			s := NewService(c, serviceOptions(ServiceOptions{MaxBytes: tt.maxBytes, LookupTimeout: time.Minute}))
			t.Cleanup(s.Close)
			base := readHeapInuse()
			var wg sync.WaitGroup
			for w := range 4 {
				wg.Go(func() {
					for i := w; i < n; i += 4 {
						if _, err := s.Lookup(context.Background(), fmt.Sprint("big question ", i)); err != nil {
							t.Error(err)
							return
						}
					}
				})
			}
			wg.Wait()
			heap := readHeapInuse()
			t.Logf("%d answers of %.1f MB: %d cached, %.1f MiB estimated, heap in use %.1f MiB more than before",
				n, float64(len(body))/1e6, s.Len(), float64(s.Bytes())/(1<<20), (float64(heap)-float64(base))/(1<<20))
			if s.Bytes() > s.o.MaxBytes {
				t.Errorf("cache holds %d bytes, bound %d", s.Bytes(), s.o.MaxBytes)
			}
			if tt.maxBytes == 0 && s.Len() != n {
				t.Errorf("%d of %d answers cached under the default bounds", s.Len(), n)
			}
			if tt.maxBytes != 0 && s.Len() >= n {
				t.Errorf("all %d answers cached within %d bytes", n, tt.maxBytes)
			}
			if !raceEnabled && heap > base+128<<20 {
				t.Errorf("heap grew by %d MiB for %d cached answers", (heap-base)>>20, s.Len())
			}
			runtime.KeepAlive(s)
		})
	}
}

// Ensure the estimated size of a cached answer follows its heap cost, and
// report what the default bounds hold with the real 45 KB disambiguation
// answer (decoded afresh for every question, as from the API).
func TestServiceMemoryPerEntry(t *testing.T) {
	if raceEnabled || testing.Short() {
		t.Skip("measures the heap; skipped with -short and -race")
	}
	raw, err := os.ReadFile(filepath.Join(fixtureDir, "disambiguation-cat.json"))
	if err != nil {
		t.Fatal(err)
	}
	decode := fetcherFunc(func(context.Context, string) (instant.Answer, error) { return instant.Decode(raw) })
	const n = 2000
	s := NewService(decode, serviceOptions(ServiceOptions{MaxEntries: n}))
	defer s.Close()
	base := readHeapInuse()
	for i := range n {
		if _, err := s.Lookup(context.Background(), fmt.Sprint("cat ", i)); err != nil {
			t.Fatal(err)
		}
	}
	heap := readHeapInuse()
	perHeap := (float64(heap) - float64(base)) / n
	perEst := float64(s.Bytes()) / n
	t.Logf("disambiguation-cat (%d bytes of JSON): %.0f bytes of heap per cached answer, %.0f estimated; 10,000 entries: %.0f MiB of heap",
		len(raw), perHeap, perEst, perHeap*10000/(1<<20))
	if perEst < perHeap/2 || perEst > perHeap*2 {
		t.Errorf("estimate %.0f bytes per entry is off the heap cost %.0f by more than 2x", perEst, perHeap)
	}
	runtime.KeepAlive(s)
}

// Ensure the two outcome streams add up: one cache outcome per Lookup
// (stale aside), one upstream outcome per miss, so no lookup counts twice
// in either; and every outcome value is snake_case.
func TestServiceOutcomeStreams(t *testing.T) {
	t.Parallel()
	f := &scripted{}
	s, _, seen := newServiceWith(t, f, ServiceOptions{BreakerFailures: 2, MaxPending: 1})
	ctx := context.Background()
	lookups := 0
	ask := func(q string) {
		lookups++
		s.Lookup(ctx, q)
	}
	ask("a") // miss, ok
	ask("a") // hit
	f.set(err500)
	ask("b") // miss, server_error
	ask("c") // miss, server_error: opens the breaker
	ask("d") // miss, breaker_open
	hits, misses, coalesced := seen.getCache(CacheHit), seen.getCache(CacheMiss), seen.getCache(CacheCoalesced)
	if hits+misses+coalesced != lookups {
		t.Errorf("cache outcomes %v for %d lookups", seen, lookups)
	}
	up := 0
	snake := regexp.MustCompile(`^[a-z]+(_[a-z]+)*$`)
	seen.mu.Lock()
	for o, n := range seen.up {
		up += n
		if !snake.MatchString(string(o)) {
			t.Errorf("upstream outcome %q is not snake_case", o)
		}
	}
	for o := range seen.cache {
		if !snake.MatchString(string(o)) {
			t.Errorf("cache outcome %q is not snake_case", o)
		}
	}
	seen.mu.Unlock()
	if up != misses || seen.getUp(UpstreamOK) != 1 || seen.getUp(UpstreamServerError) != 2 || seen.getUp(UpstreamBreakerOpen) != 1 {
		t.Errorf("upstream outcomes %v for %d misses", seen, misses)
	}
}

// Ensure cache.stale_for: 0 means what config.yaml says, no stale answers,
// rather than a package default taking over a zero.
func TestServiceStaleForZero(t *testing.T) {
	t.Parallel()
	f := &scripted{}
	clock := newClock()
	o := serviceOptions(ServiceOptions{TTL: time.Minute, BreakerCooldown: time.Hour, Now: clock.Now})
	o.StaleFor = 0
	s := NewService(f, o)
	t.Cleanup(s.Close)
	if _, err := s.Lookup(context.Background(), "cat"); err != nil {
		t.Fatal(err)
	}
	f.set(&ThrottledError{StatusCode: 403})
	clock.Advance(5 * time.Minute)
	if a, err := s.Lookup(context.Background(), "cat"); err == nil {
		t.Fatalf("stale_for 0 served %q after expiry", a.AbstractText)
	}
}

// Ensure a lookup whose caller waits less than one attempt timeout (a
// short turn.response_timeout) still queues for a busy upstream slot until
// its caller's deadline instead of being shed at once: with a fast API the
// slot frees within milliseconds, and shedding would leave nearly every
// new question unanswered under a burst.
func TestServiceQueuesForSlotUntilCallerDeadline(t *testing.T) {
	t.Parallel()
	entered, release := make(chan struct{}), make(chan struct{})
	f := fetcherFunc(func(ctx context.Context, q string) (instant.Answer, error) {
		if q == "first" {
			close(entered)
			<-release
		}
		return instant.Answer{Type: "A", Heading: q, AbstractText: "about " + q}, nil
	})
	s, _, seen := newServiceWith(t, f, ServiceOptions{MaxConcurrency: 1, AttemptTimeout: 2 * time.Second})
	go func() { _, _, _ = lookup(t, s, "first", 10*time.Second) }()
	<-entered
	type result struct {
		a   instant.Answer
		err error
	}
	done := make(chan result, 1)
	go func() {
		a, _, err := lookup(t, s, "second", 1900*time.Millisecond)
		done <- result{a, err}
	}()
	var r result
	select {
	case r = <-done: // shed without waiting for the slot
		close(release)
	case <-time.After(100 * time.Millisecond):
		close(release)
		r = <-done
	}
	if r.err != nil || r.a.Heading != "second" {
		t.Fatalf("second lookup: %q, %v (%v); want its answer once the slot is free", r.a.Heading, r.err, seen)
	}
	if n := seen.getUp(UpstreamShed); n != 0 {
		t.Fatalf("%d lookups shed, want 0", n)
	}
}
