package duckduckgo

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ddgbot/ddgbot/duckduckgo/ddgtest"
)

// The bursts below are the ones of the issue that found the defects,
// scaled down tenfold in time so that a test run takes a second: the
// default config's lookup timeout 10s becomes 1s and the fake's latency
// shrinks alike, but the attempt timeout becomes 300ms rather than 200ms
// and the 1.5s latency 100ms rather than 150ms, so that a loaded test
// machine does not turn slow answers into real timeouts. Concurrency,
// pending bound, retries and breaker threshold are the defaults.

// burstFake is the fake API over real HTTP, counting the requests that
// arrive and remembering how many had arrived when the breaker opened.
type burstFake struct {
	*ddgtest.Handler
	arrived   atomic.Int64
	atOpening atomic.Int64 // arrivals when the breaker opened; -1 before
}

func newBurstFake(t *testing.T) (*burstFake, string) {
	t.Helper()
	f := &burstFake{Handler: ddgtest.NewHandler(nil)}
	f.atOpening.Store(-1)
	srv := httptest.NewServer(f)
	t.Cleanup(func() { f.Handler.Close(); srv.Close() })
	return f, srv.URL + "/"
}

func (f *burstFake) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.arrived.Add(1)
	f.Handler.ServeHTTP(w, r)
}

// openingHook is a slog.Handler that notes the fake's arrivals when the
// service logs that the breaker opened.
type openingHook struct{ f *burstFake }

func (h openingHook) Enabled(context.Context, slog.Level) bool { return true }
func (h openingHook) Handle(_ context.Context, r slog.Record) error {
	if r.Message == "duckduckgo: circuit breaker opened" {
		h.f.atOpening.CompareAndSwap(-1, h.f.arrived.Load())
	}
	return nil
}
func (h openingHook) WithAttrs([]slog.Attr) slog.Handler { return h }
func (h openingHook) WithGroup(string) slog.Handler      { return h }

// burstService is the default config scaled down, over a real client
// with the default retries.
func burstService(t *testing.T, f *burstFake, url string) (*Service, *outcomes) {
	t.Helper()
	const attempt = 300 * time.Millisecond
	c := newTestClient(t, ClientOptions{BaseURL: url, Timeout: attempt, MaxRetries: 2})
	seen := &outcomes{}
	s := NewService(c, serviceOptions(ServiceOptions{
		AttemptTimeout:  attempt,
		LookupTimeout:   time.Second,
		ObserveCache:    seen.observeCache,
		ObserveUpstream: seen.observeUpstream,
		Logger:          slog.New(openingHook{f}),
	}))
	t.Cleanup(s.Close)
	return s, seen
}

// burst asks n distinct "topic-N" questions, one every interval (all at
// once when 0), each caller waiting until its lookup has ended, and
// returns once all have.
func burst(s *Service, n int, every time.Duration, first int) (answered int) {
	var wg sync.WaitGroup
	var ok atomic.Int64
	start := time.Now()
	for i := range n {
		if every > 0 {
			// Asked on a schedule, not after a pause each: on a loaded
			// machine late wake-ups add up and would thin the burst out.
			time.Sleep(time.Until(start.Add(time.Duration(i+1) * every)))
		}
		wg.Go(func() {
			if _, err := s.Lookup(context.Background(), fmt.Sprintf("topic-%d", first+i)); err == nil {
				ok.Add(1)
			}
		})
	}
	wg.Wait()
	return int(ok.Load())
}

// Ensure a burst against a slow but healthy API leaves the breaker closed
// (lookups that queued too long for a slot are shed, not counted as
// upstream timeouts) and a new question is answered. Fails before the fix:
// queued lookups reached upstream with no time left, timed out, and the
// breaker opened.
func TestServiceBurstKeepsBreakerClosed(t *testing.T) {
	// Not parallel: hundreds of lookups at once against real timeouts;
	// other tests' CPU would turn slow answers into timeouts.
	tests := []struct {
		name    string
		latency time.Duration
		n       int
		every   time.Duration
	}{
		{"300ms latency, 200 questions at once", 30 * time.Millisecond, 200, 0},
		{"1.5s latency, 60 questions at 30/s", 100 * time.Millisecond, 60, 3 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, url := newBurstFake(t)
			f.SetLatency(tt.latency)
			s, seen := burstService(t, f, url)
			answered := burst(s, tt.n, tt.every, 0)
			t.Logf("%d of %d answered; upstream requests %d; %v; breaker state %d",
				answered, tt.n, f.arrived.Load(), seen, s.BreakerState())
			if st := s.BreakerState(); st != BreakerClosed {
				t.Fatalf("breaker state %d after the burst, want closed", st)
			}
			if seen.getUp(UpstreamShed) == 0 || answered == 0 {
				t.Errorf("want some shed and some answered: %v", seen)
			}
			a, err := s.Lookup(context.Background(), "topic-999999")
			if err != nil || a.Heading != "Topic 999999" {
				t.Fatalf("new question after the burst: %q, %v", a.Heading, err)
			}
		})
	}
}

// Ensure that once the breaker is open nothing queued goes upstream: at
// most the requests already in flight (MaxConcurrency). Fails before the
// fix: 37 (throttled) and 252 (hanging) requests followed the opening.
func TestServiceNothingQueuedAfterBreakerOpens(t *testing.T) {
	// Not parallel: hundreds of lookups at once against real timeouts;
	// other tests' CPU would turn slow answers into timeouts.
	tests := []struct {
		name  string
		fault ddgtest.Fault
	}{
		{"429 with Retry-After 600", ddgtest.Fault{Status: http.StatusTooManyRequests, RetryAfter: "600"}},
		{"hanging", ddgtest.Fault{Mode: ddgtest.Hang}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, url := newBurstFake(t)
			f.SetLatency(20 * time.Millisecond)
			f.SetFault(tt.fault)
			s, seen := burstService(t, f, url)
			burst(s, 300, 0, 0)
			total, before := f.arrived.Load(), f.atOpening.Load()
			t.Logf("upstream requests %d, of which %d after the breaker opened; %v", total, total-before, seen)
			if before < 0 {
				t.Fatal("the breaker never opened")
			}
			if after := total - before; after > int64(s.o.MaxConcurrency) {
				t.Errorf("%d upstream requests after the breaker opened, want <= %d (MaxConcurrency)", after, s.o.MaxConcurrency)
			}
			if seen.getUp(UpstreamBreakerOpen) == 0 {
				// On a loaded machine every lookup of the burst may end by
				// its own deadline before the breaker opens: a question
				// asked now, within the cooldown, must be refused by it
				// without reaching upstream.
				arrived := f.arrived.Load()
				if _, err := s.Lookup(context.Background(), "topic-after"); err == nil || f.arrived.Load() != arrived {
					t.Errorf("a lookup after the breaker opened: err %v, %d upstream requests", err, f.arrived.Load()-arrived)
				}
			}
			if seen.getUp(UpstreamBreakerOpen) == 0 {
				t.Errorf("no lookup refused by the breaker: %v", seen)
			}
		})
	}
}
