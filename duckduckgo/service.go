package duckduckgo

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// Fetcher performs one upstream lookup. *Client implements it.
type Fetcher interface {
	Fetch(ctx context.Context, q string) (Answer, error)
}

// Outcome names what happened, for metrics (see ServiceOptions.Observe).
type Outcome string

// Outcomes of a Lookup: exactly one of OutcomeHit, OutcomeMiss,
// OutcomeCoalesced, OutcomeBreakerOpen, OutcomeShed, plus OutcomeStale
// whenever a stale entry is served in place of an error.
// Outcomes of a flight (the background lookup shared by coalesced callers):
// exactly one of OutcomeOK, OutcomeEmpty, OutcomeTimeout, Outcome5xx,
// OutcomeThrottled, OutcomeBadJSON, OutcomeError; none when Close cut it
// short or its re-check found the answer already cached. OutcomeTimeout
// also counts a flight that found no free upstream slot in time.
const (
	OutcomeHit         Outcome = "hit"
	OutcomeMiss        Outcome = "miss"
	OutcomeStale       Outcome = "stale"
	OutcomeCoalesced   Outcome = "coalesced"
	OutcomeOK          Outcome = "ok"
	OutcomeEmpty       Outcome = "empty"
	OutcomeTimeout     Outcome = "timeout"
	Outcome5xx         Outcome = "5xx"
	OutcomeThrottled   Outcome = "throttled"
	OutcomeBadJSON     Outcome = "bad-json"
	OutcomeBreakerOpen Outcome = "breaker-open"
	OutcomeError       Outcome = "error"
	OutcomeShed        Outcome = "shed"
)

// ServiceOptions configures a Service. Zero fields take the defaults named.
type ServiceOptions struct {
	Region          string           // part of the cache key
	TTL             time.Duration    // real answers (default 1h)
	NegativeTTL     time.Duration    // genuine empty answers: 2xx, valid JSON, Empty() (default 10m)
	StaleFor        time.Duration    // how long after expiry an entry may still be served when upstream fails (default 24h)
	MaxEntries      int              // hard bound on cached entries (default 10000)
	LookupTimeout   time.Duration    // total deadline of one background lookup incl. retries (default 10s)
	MaxConcurrency  int              // upstream requests in flight (default 4)
	MaxPending      int              // lookups started but not finished; beyond this new misses are shed (default 256)
	BreakerFailures int              // consecutive failures that open the breaker (default 5)
	BreakerCooldown time.Duration    // minimum open period (default 2m)
	MaxRetryAfter   time.Duration    // clamp for a throttling Retry-After (default 1h)
	Observe         func(Outcome)    // called once per counted outcome, synchronously; may be nil
	Now             func() time.Time // for tests; nil = time.Now
	Logger          *slog.Logger     // nil discards; never given the query
}

func (o *ServiceOptions) defaults() {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	defInt := func(i *int, v int) {
		if *i <= 0 {
			*i = v
		}
	}
	def(&o.TTL, time.Hour)
	def(&o.NegativeTTL, 10*time.Minute)
	def(&o.StaleFor, 24*time.Hour)
	def(&o.LookupTimeout, 10*time.Second)
	def(&o.BreakerCooldown, 2*time.Minute)
	def(&o.MaxRetryAfter, time.Hour)
	defInt(&o.MaxEntries, 10000)
	defInt(&o.MaxConcurrency, 4)
	defInt(&o.MaxPending, 256)
	defInt(&o.BreakerFailures, 5)
	if o.Observe == nil {
		o.Observe = func(Outcome) {}
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
}

// Service answers questions from a cache in front of a Fetcher, with one
// upstream request per distinct question in flight, a bound on upstream
// concurrency and pending work, and a circuit breaker. It is safe for
// concurrent use.
type Service struct {
	f     Fetcher
	o     ServiceOptions
	cache *answerCache
	br    *breaker
	sem   chan struct{}

	ctx    context.Context // parent of every flight; cancelled by Close
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu      sync.Mutex
	flights map[string]*flight
	pending int
	closed  bool
}

// flight is one upstream lookup shared by every caller asking the same
// question meanwhile. ans and err are written before done is closed.
type flight struct {
	done chan struct{}
	ans  Answer
	err  error
}

// NewService returns a Service that asks f. It starts no goroutine until
// the first miss; Close stops and waits for the lookups still running.
func NewService(f Fetcher, o ServiceOptions) *Service {
	o.defaults()
	ctx, cancel := context.WithCancel(context.Background())
	return &Service{
		f:       f,
		o:       o,
		cache:   newAnswerCache(o.MaxEntries, o.Now),
		br:      &breaker{failures: o.BreakerFailures, cooldown: o.BreakerCooldown, maxWait: o.MaxRetryAfter, now: o.Now},
		sem:     make(chan struct{}, o.MaxConcurrency),
		ctx:     ctx,
		cancel:  cancel,
		flights: make(map[string]*flight),
	}
}

// Normalize returns q trimmed, with runs of whitespace collapsed to one
// space and case folded: the form used as cache key and sent upstream.
func Normalize(q string) string {
	if isNormal(q) {
		return q
	}
	if isASCII(q) { // one allocation instead of Fields, Join and ToLower's three
		var b strings.Builder
		b.Grow(len(q))
		space := false
		for i := 0; i < len(q); i++ {
			switch c := q[i]; c {
			case ' ', '\t', '\n', '\v', '\f', '\r':
				space = b.Len() > 0
			default:
				if space {
					b.WriteByte(' ')
					space = false
				}
				if 'A' <= c && c <= 'Z' {
					c += 'a' - 'A'
				}
				b.WriteByte(c)
			}
		}
		return b.String()
	}
	return strings.ToLower(strings.Join(strings.Fields(q), " "))
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// isNormal reports whether q is already in normal form: lower-case ASCII
// with single inner spaces. Anything else takes Normalize's full path.
func isNormal(q string) bool {
	space := true // a leading space is not normal
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case c >= utf8.RuneSelf, 'A' <= c && c <= 'Z', c == '\t', c == '\n', c == '\v', c == '\f', c == '\r':
			return false
		case c == ' ':
			if space {
				return false
			}
			space = true
		default:
			space = false
		}
	}
	return !space || q == ""
}

// key is the cache key of a normalised question.
func (s *Service) key(nq string) string {
	if s.o.Region == "" {
		return nq
	}
	return nq + "\x00" + s.o.Region
}

// Cached returns the fresh cached answer for q, counted as a hit, without
// waiting for anything; ok is false when only Lookup can answer. Callers
// on a hot path use it to skip setting up a deadline for a cache hit.
func (s *Service) Cached(q string) (a Answer, ok bool) {
	if e, found := s.cache.get(s.key(Normalize(q))); found && s.isFresh(e) {
		s.o.Observe(OutcomeHit)
		return e.ans, true
	}
	return Answer{}, false
}

// Lookup returns the answer for q. It returns when the answer is ready or
// ctx is done, whichever is first; the upstream lookup itself runs in the
// background on the service's own context, bounded by LookupTimeout, and
// fills the cache so a later call gets it at once. Concurrent calls for the
// same normalised question share one upstream request.
//
// A stale entry (expired less than StaleFor ago) is returned, with a nil
// error, instead of any error below. Errors: ErrBreakerOpen and ErrShed
// (returned at once, no request sent), ErrClosed after Close, ctx's end
// wrapped as ErrTimeout (with ctx.Err()), or the upstream error (see
// Client.Fetch).
func (s *Service) Lookup(ctx context.Context, q string) (Answer, error) {
	nq := Normalize(q)
	key := s.key(nq)
	if e, ok := s.cache.get(key); ok && s.isFresh(e) {
		s.o.Observe(OutcomeHit)
		return e.ans, nil
	}

	s.mu.Lock()
	if fl, ok := s.flights[key]; ok {
		s.mu.Unlock()
		s.o.Observe(OutcomeCoalesced)
		return s.wait(ctx, key, fl)
	}
	// A flight that just finished filled the cache before leaving the map.
	if e, ok := s.cache.get(key); ok && s.isFresh(e) {
		s.mu.Unlock()
		s.o.Observe(OutcomeHit)
		return e.ans, nil
	}
	if s.closed {
		s.mu.Unlock()
		return s.refuse(key, "", ErrClosed)
	}
	if s.pending >= s.o.MaxPending {
		s.mu.Unlock()
		return s.refuse(key, OutcomeShed, ErrShed)
	}
	ok, probe := s.br.allow()
	if !ok {
		s.mu.Unlock()
		return s.refuse(key, OutcomeBreakerOpen, ErrBreakerOpen)
	}
	fl := &flight{done: make(chan struct{})}
	s.flights[key] = fl
	s.pending++
	s.wg.Add(1)
	s.mu.Unlock()

	s.o.Observe(OutcomeMiss)
	go s.run(key, nq, fl, probe)
	return s.wait(ctx, key, fl)
}

func (s *Service) isFresh(e *entry) bool { return s.o.Now().Before(e.fresh) }

// refuse answers without going upstream: from a stale entry, or with err.
func (s *Service) refuse(key string, o Outcome, err error) (Answer, error) {
	if o != "" {
		s.o.Observe(o)
	}
	if e, ok := s.cache.get(key); ok {
		s.o.Observe(OutcomeStale)
		return e.ans, nil
	}
	return Answer{}, err
}

// wait returns the flight's result, or a stale entry when the flight
// failed or ctx ended first.
func (s *Service) wait(ctx context.Context, key string, fl *flight) (Answer, error) {
	select {
	case <-fl.done:
		if fl.err == nil {
			return fl.ans, nil
		}
		return s.refuse(key, "", fl.err)
	case <-ctx.Done():
		return s.refuse(key, "", fmt.Errorf("%w: waiting for the answer: %w", ErrTimeout, ctx.Err()))
	}
}

// run performs the flight's upstream lookup and publishes its result:
// cache first, then the flights map, so that no later caller can miss both.
func (s *Service) run(key, nq string, fl *flight, probe bool) {
	defer s.wg.Done()
	fl.ans, fl.err = s.fetch(key, nq, probe)
	s.mu.Lock()
	delete(s.flights, key)
	s.pending--
	s.mu.Unlock()
	close(fl.done)
}

// fetch asks upstream (unless a racing flight has just cached the answer),
// caches what may be cached and feeds the breaker.
func (s *Service) fetch(key, nq string, probe bool) (Answer, error) {
	if e, ok := s.cache.get(key); ok && s.isFresh(e) {
		s.br.release(probe)
		return e.ans, nil
	}
	ctx, cancel := context.WithTimeout(s.ctx, s.o.LookupTimeout)
	defer cancel()
	select {
	case s.sem <- struct{}{}:
	case <-ctx.Done():
		s.br.release(probe)
		if s.ctx.Err() != nil {
			return Answer{}, ErrClosed
		}
		s.o.Observe(OutcomeTimeout)
		return Answer{}, fmt.Errorf("%w: no upstream slot within %s", ErrTimeout, s.o.LookupTimeout)
	}
	ans, err := s.f.Fetch(ctx, nq)
	<-s.sem

	if err == nil {
		if ans.Empty() {
			s.o.Observe(OutcomeEmpty)
			s.cache.put(key, ans, s.o.NegativeTTL, s.o.StaleFor)
		} else {
			s.o.Observe(OutcomeOK)
			s.cache.put(key, ans, s.o.TTL, s.o.StaleFor)
		}
		if s.br.success(probe) {
			s.o.Logger.Info("duckduckgo: circuit breaker closed")
		}
		return ans, nil
	}
	if s.ctx.Err() != nil { // Close: not the upstream's fault
		s.br.release(probe)
		return Answer{}, fmt.Errorf("%w: %w", ErrClosed, err)
	}
	outcome, throttled, retryAfter := classify(err)
	s.o.Observe(outcome)
	s.o.Logger.Debug("duckduckgo: lookup failed", slog.String("outcome", string(outcome)), slog.Any("error", err))
	if s.br.failure(probe, throttled, retryAfter) {
		s.o.Logger.Warn("duckduckgo: circuit breaker opened",
			slog.String("outcome", string(outcome)), slog.Duration("retry_after", retryAfter))
	}
	return Answer{}, err
}

// classify maps a Fetcher error to its outcome.
func classify(err error) (o Outcome, throttled bool, retryAfter time.Duration) {
	var te *ThrottledError
	var ue *UpstreamError
	switch {
	case errors.As(err, &te):
		return OutcomeThrottled, true, te.RetryAfter
	case errors.Is(err, ErrThrottled):
		return OutcomeThrottled, true, 0
	case errors.Is(err, ErrTimeout), errors.Is(err, context.DeadlineExceeded):
		return OutcomeTimeout, false, 0
	case errors.Is(err, ErrBadAnswer):
		return OutcomeBadJSON, false, 0
	case errors.As(err, &ue) && ue.StatusCode >= 500:
		return Outcome5xx, false, 0
	default:
		return OutcomeError, false, 0
	}
}

// Close cancels the lookups still running and waits for them to end.
// Lookup keeps serving cached answers afterwards and returns ErrClosed
// for anything else. Close is idempotent.
func (s *Service) Close() {
	s.mu.Lock()
	s.closed = true
	s.mu.Unlock()
	s.cancel()
	s.wg.Wait()
}

// BreakerState returns 0 (closed), 1 (open) or 2 (half-open), for a gauge.
func (s *Service) BreakerState() int { return s.br.state() }

// Len returns the number of cached entries (at most MaxEntries), including
// expired ones not yet evicted.
func (s *Service) Len() int { return s.cache.len() }
