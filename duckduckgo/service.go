package duckduckgo

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/ddgbot/ddgbot/instant"
)

// Fetcher performs one upstream lookup. *Client implements it.
type Fetcher interface {
	Fetch(ctx context.Context, q string) (instant.Answer, error)
}

// CacheOutcome says how the cache served a Lookup (see
// ServiceOptions.ObserveCache).
type CacheOutcome string

// Cache outcomes: every Lookup and every Cached hit counts exactly one of
// CacheHit, CacheMiss (no fresh entry and no flight to join: the lookup
// goes on to the upstream stream) or CacheCoalesced (joined a flight
// already under way). CacheStale counts, in addition, every stale entry
// served in place of an error.
const (
	CacheHit       CacheOutcome = "hit"
	CacheMiss      CacheOutcome = "miss"
	CacheCoalesced CacheOutcome = "coalesced"
	CacheStale     CacheOutcome = "stale"
)

// UpstreamOutcome says what became of a cache miss (see
// ServiceOptions.ObserveUpstream).
type UpstreamOutcome string

// Upstream outcomes: every CacheMiss counts exactly one, except when the
// service is closed. UpstreamBreakerOpen and UpstreamShed mean no request
// was sent; the others describe the request that was (see Sent).
const (
	UpstreamOK          UpstreamOutcome = "ok"           // an answer with content
	UpstreamEmpty       UpstreamOutcome = "empty"        // a genuine empty answer
	UpstreamTimeout     UpstreamOutcome = "timeout"      // no answer within the attempt or lookup deadline
	UpstreamServerError UpstreamOutcome = "server_error" // a 5xx after the retries
	UpstreamThrottled   UpstreamOutcome = "throttled"    // 429, 403 or an empty 2xx
	UpstreamBadJSON     UpstreamOutcome = "bad_json"     // a 2xx that is not one JSON object, or too large
	UpstreamOtherError  UpstreamOutcome = "error"        // a connection error or another status
	UpstreamBreakerOpen UpstreamOutcome = "breaker_open" // not sent: the circuit breaker is open
	UpstreamShed        UpstreamOutcome = "shed"         // not sent: too many pending, or too little time left after queueing
)

// CacheOutcomes and UpstreamOutcomes list the outcomes counted one per
// lookup and one per miss, for metrics that want each series from the start.
var (
	CacheOutcomes    = []CacheOutcome{CacheHit, CacheMiss, CacheCoalesced}
	UpstreamOutcomes = []UpstreamOutcome{UpstreamOK, UpstreamEmpty, UpstreamTimeout, UpstreamServerError,
		UpstreamThrottled, UpstreamBadJSON, UpstreamOtherError, UpstreamBreakerOpen, UpstreamShed}
)

// Sent reports whether a request went to the API for this outcome.
func (o UpstreamOutcome) Sent() bool { return o != UpstreamBreakerOpen && o != UpstreamShed }

// ServiceOptions configures a Service. The durations and bounds come from
// config.yaml through the caller (config.yaml is their one home): each
// must be positive, StaleFor may be 0 (no stale answers), and NewService
// panics naming one that is not.
type ServiceOptions struct {
	Region        string        // part of the cache key
	TTL           time.Duration // real answers (cache.ttl)
	NegativeTTL   time.Duration // genuine empty answers: 2xx, valid JSON, Empty() (cache.negative_ttl)
	StaleFor      time.Duration // how long after expiry an entry may still be served when upstream fails (cache.stale_for)
	MaxEntries    int           // bound on cached entries (cache.max_entries)
	MaxBytes      int64         // bound on the estimated size of the cached answers (cache.max_bytes)
	LookupTimeout time.Duration // total deadline of one background lookup incl. queueing and retries (duckduckgo.lookup_timeout)
	// AttemptTimeout is the client's per-attempt timeout
	// (duckduckgo.timeout). A lookup stops waiting for an upstream slot
	// when less than this (or LookupTimeout, if shorter) would remain
	// before its caller's deadline, and is shed instead of sent: its
	// failure would say nothing about the API.
	AttemptTimeout  time.Duration
	MaxConcurrency  int           // upstream requests in flight (duckduckgo.max_concurrency)
	MaxPending      int           // lookups started but not finished; beyond this new misses are shed (duckduckgo.max_pending)
	BreakerFailures int           // consecutive upstream failures that open the breaker (duckduckgo.breaker_failures)
	BreakerCooldown time.Duration // minimum open period (duckduckgo.breaker_cooldown)
	MaxRetryAfter   time.Duration // clamp for a throttling Retry-After (duckduckgo.max_retry_after)
	// ObserveCache and ObserveUpstream, when not nil, are called once per
	// counted outcome, synchronously. d is how long the request took (0
	// when none was sent); a lookup answered by a request is observed when
	// the request ends, even when every caller has given up waiting.
	ObserveCache    func(o CacheOutcome)
	ObserveUpstream func(o UpstreamOutcome, d time.Duration)
	Now             func() time.Time // for cache and breaker times in tests; nil = time.Now
	Logger          *slog.Logger     // nil discards; never given the query
}

func (o *ServiceOptions) defaults() {
	mustBePositive("ServiceOptions", map[string]int64{
		"TTL": int64(o.TTL), "NegativeTTL": int64(o.NegativeTTL), "MaxEntries": int64(o.MaxEntries),
		"MaxBytes": o.MaxBytes, "LookupTimeout": int64(o.LookupTimeout), "AttemptTimeout": int64(o.AttemptTimeout),
		"MaxConcurrency": int64(o.MaxConcurrency), "MaxPending": int64(o.MaxPending),
		"BreakerFailures": int64(o.BreakerFailures), "BreakerCooldown": int64(o.BreakerCooldown),
		"MaxRetryAfter": int64(o.MaxRetryAfter),
	})
	if o.StaleFor < 0 {
		panic("duckduckgo: ServiceOptions: StaleFor must not be negative")
	}
	if o.ObserveCache == nil {
		o.ObserveCache = func(CacheOutcome) {}
	}
	if o.ObserveUpstream == nil {
		o.ObserveUpstream = func(UpstreamOutcome, time.Duration) {}
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
// concurrency and pending work, and a circuit breaker that only the API's
// own failures feed. It is safe for concurrent use.
//
// Flights are kept in a map of their own rather than in
// golang.org/x/sync/singleflight: a caller must know, when it asks,
// whether it starts a flight (counted as a miss, checked against the
// breaker and MaxPending) or joins one (counted as coalesced, never
// refused), even when it then leaves before the answer; singleflight only
// says so with the result.
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
	ans  instant.Answer
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
		cache:   newAnswerCache(o.MaxEntries, o.MaxBytes, o.Now),
		br:      &breaker{failures: o.BreakerFailures, cooldown: o.BreakerCooldown, maxWait: o.MaxRetryAfter, now: o.Now},
		sem:     make(chan struct{}, o.MaxConcurrency),
		ctx:     ctx,
		cancel:  cancel,
		flights: make(map[string]*flight),
	}
}

// key is the cache key of a normalised question.
func (s *Service) key(nq string) string {
	if s.o.Region == "" {
		return nq
	}
	return nq + "\x00" + s.o.Region
}

// Cached returns the fresh cached answer for q, counted as a hit, without
// waiting for anything; ok is false (and nothing counted) when only Lookup
// can answer. Callers on a hot path use it to skip setting up a deadline
// for a cache hit.
func (s *Service) Cached(q string) (a instant.Answer, ok bool) {
	if e, found := s.cache.get(s.key(instant.Normalize(q))); found && s.isFresh(e) {
		s.o.ObserveCache(CacheHit)
		return e.Answer, true
	}
	return instant.Answer{}, false
}

// Lookup returns the answer for q. It returns when the answer is ready or
// ctx is done, whichever is first; the upstream lookup itself runs in the
// background on the service's own context, bounded by LookupTimeout, and
// fills the cache so a later call gets it at once. Concurrent calls for the
// same normalised question share one upstream request. The answer is
// trimmed to what building suggestions needs (see Compact).
//
// A stale entry (expired less than StaleFor ago) is returned, with a nil
// error, instead of any error below. Errors: ErrBreakerOpen and ErrShed
// (no request sent; returned at once, or after queueing for an upstream
// slot), ErrClosed after Close, ctx's end wrapped as ErrTimeout (with
// ctx.Err()), or the upstream error (see Client.Fetch).
func (s *Service) Lookup(ctx context.Context, q string) (instant.Answer, error) {
	nq := instant.Normalize(q)
	key := s.key(nq)
	if e, ok := s.cache.get(key); ok && s.isFresh(e) {
		s.o.ObserveCache(CacheHit)
		return e.Answer, nil
	}

	s.mu.Lock()
	if fl, ok := s.flights[key]; ok {
		s.mu.Unlock()
		s.o.ObserveCache(CacheCoalesced)
		return s.wait(ctx, key, fl)
	}
	// A flight that just finished filled the cache before leaving the map.
	if e, ok := s.cache.get(key); ok && s.isFresh(e) {
		s.mu.Unlock()
		s.o.ObserveCache(CacheHit)
		return e.Answer, nil
	}
	if s.closed {
		s.mu.Unlock()
		s.o.ObserveCache(CacheMiss)
		return s.refuse(key, ErrClosed)
	}
	if s.pending >= s.o.MaxPending {
		s.mu.Unlock()
		s.o.ObserveCache(CacheMiss)
		s.o.ObserveUpstream(UpstreamShed, 0)
		return s.refuse(key, fmt.Errorf("%w: %d lookups pending", ErrShed, s.o.MaxPending))
	}
	ok, probe := s.br.allow()
	if !ok {
		s.mu.Unlock()
		s.o.ObserveCache(CacheMiss)
		s.o.ObserveUpstream(UpstreamBreakerOpen, 0)
		return s.refuse(key, ErrBreakerOpen)
	}
	fl := &flight{done: make(chan struct{})}
	s.flights[key] = fl
	s.pending++
	s.wg.Add(1)
	s.mu.Unlock()

	s.o.ObserveCache(CacheMiss)
	by, _ := ctx.Deadline()
	go s.run(key, nq, fl, probe, by)
	return s.wait(ctx, key, fl)
}

func (s *Service) isFresh(e *entry) bool { return s.o.Now().Before(e.Fresh) }

// refuse answers from a stale entry, or with err.
func (s *Service) refuse(key string, err error) (instant.Answer, error) {
	if e, ok := s.cache.get(key); ok {
		s.o.ObserveCache(CacheStale)
		return e.Answer, nil
	}
	return instant.Answer{}, err
}

// wait returns the flight's result, or a stale entry when the flight
// failed or ctx ended first.
func (s *Service) wait(ctx context.Context, key string, fl *flight) (instant.Answer, error) {
	select {
	case <-fl.done:
		if fl.err == nil {
			return fl.ans, nil
		}
		return s.refuse(key, fl.err)
	case <-ctx.Done():
		return s.refuse(key, fmt.Errorf("%w: waiting for the answer: %w", ErrTimeout, ctx.Err()))
	}
}

// run performs the flight's upstream lookup and publishes its result:
// cache first, then the flights map, so that no later caller can miss both.
func (s *Service) run(key, nq string, fl *flight, probe bool, by time.Time) {
	defer s.wg.Done()
	fl.ans, fl.err = s.fetch(key, nq, probe, by)
	s.mu.Lock()
	delete(s.flights, key)
	s.pending--
	s.mu.Unlock()
	close(fl.done)
}

// fetch waits for an upstream slot, asks upstream if the breaker and the
// time left still allow it, caches what may be cached and feeds the
// breaker with the API's own failures only. The slot is given back after
// the breaker has heard the outcome, so that a lookup queued behind a
// failure that opens the breaker is not sent.
//
// by is the deadline of the caller that started the flight (zero: none):
// the lookup runs on after it to fill the cache, but queues only while an
// answer could still reach that caller (see queueDeadline).
func (s *Service) fetch(key, nq string, probe bool, by time.Time) (instant.Answer, error) {
	ctx, cancel := context.WithTimeout(s.ctx, s.o.LookupTimeout)
	defer cancel()
	if !by.IsZero() {
		ctx = context.WithValue(ctx, callerDeadlineKey{}, by)
	}
	if err := s.acquire(ctx); err != nil {
		s.br.release(probe)
		return instant.Answer{}, err
	}
	defer func() { <-s.sem }()
	if !probe {
		// The breaker may have opened while this lookup queued.
		var ok bool
		if ok, probe = s.br.allow(); !ok {
			s.o.ObserveUpstream(UpstreamBreakerOpen, 0)
			return instant.Answer{}, ErrBreakerOpen
		}
	}

	start := time.Now()
	ans, life, err := s.fetchVia(ctx, nq)
	took := time.Since(start)
	switch {
	case err == nil && life > 0: // from the replicas' shared store: not a request
		s.br.release(probe)
		now := s.o.Now() // never outlives the shared entry
		s.cache.put(key, Record{Answer: ans, Fresh: now.Add(min(life, s.o.TTL)), Stale: now.Add(min(life, s.o.TTL) + s.o.StaleFor)})
		return ans, nil
	case errors.Is(err, ErrBreakerOpen), errors.Is(err, ErrShed): // the fleet's pause or rate: not sent
		s.br.release(probe)
		if errors.Is(err, ErrShed) {
			s.o.ObserveUpstream(UpstreamShed, 0)
		} else {
			s.o.ObserveUpstream(UpstreamBreakerOpen, 0)
		}
		return instant.Answer{}, err
	}
	if err == nil {
		ans = Compact(ans)
		outcome, ttl := UpstreamOK, s.o.TTL
		if ans.Empty() {
			outcome, ttl = UpstreamEmpty, s.o.NegativeTTL
		}
		now := s.o.Now()
		s.cache.put(key, Record{Answer: ans, Fresh: now.Add(ttl), Stale: now.Add(ttl + s.o.StaleFor)})
		if s.br.success(probe) {
			s.o.Logger.Info("duckduckgo: circuit breaker closed")
		}
		s.o.ObserveUpstream(outcome, took)
		return ans, nil
	}
	if s.ctx.Err() != nil { // Close: not the upstream's fault
		s.br.release(probe)
		return instant.Answer{}, fmt.Errorf("%w: %w", ErrClosed, err)
	}
	outcome, throttled, retryAfter := classify(err)
	s.o.Logger.Debug("duckduckgo: lookup failed", slog.String("outcome", string(outcome)), slog.Any("error", err))
	if s.br.failure(probe, throttled, retryAfter) {
		s.o.Logger.Warn("duckduckgo: circuit breaker opened",
			slog.String("outcome", string(outcome)), slog.Duration("retry_after", retryAfter))
	}
	s.o.ObserveUpstream(outcome, took)
	return instant.Answer{}, err
}

// acquire takes an upstream slot, giving up (ErrShed, counted) when the
// caller that started the lookup stops waiting, or when the lookup would
// be left with less than its attempt timeout before its own deadline:
// time spent queueing behind our own lookups is not the API's failure and
// must not reach the breaker. A request sent just before the caller's
// deadline still has its whole attempt timeout (the flight outlives the
// poll) and its answer fills the cache for the next poll.
func (s *Service) acquire(ctx context.Context) error {
	select {
	case s.sem <- struct{}{}:
		return nil
	default:
	}
	need := min(s.o.AttemptTimeout, s.o.LookupTimeout)
	qctx, cancel := ctx, context.CancelFunc(func() {})
	if stop, ok := slotDeadline(ctx, need); ok {
		qctx, cancel = context.WithDeadline(ctx, stop)
	}
	defer cancel()
	select {
	case s.sem <- struct{}{}:
		return nil
	case <-qctx.Done():
	}
	if s.ctx.Err() != nil {
		return ErrClosed
	}
	s.o.ObserveUpstream(UpstreamShed, 0)
	return fmt.Errorf("%w: no upstream slot free with %s left", ErrShed, need)
}

// mustBePositive panics naming the first field of what that is not
// positive: a caller that forgot a setting, which config.Load would have
// refused from a file.
func mustBePositive(what string, fields map[string]int64) {
	var bad []string
	for name, v := range fields {
		if v <= 0 {
			bad = append(bad, name)
		}
	}
	if len(bad) > 0 {
		slices.Sort(bad)
		panic(fmt.Sprintf("duckduckgo: %s: %s must be set (from config.yaml)", what, strings.Join(bad, ", ")))
	}
}

// callerDeadlineKey carries, in a flight's context, the deadline of the
// caller that started it.
type callerDeadlineKey struct{}

// queueDeadline is when a lookup must stop queueing (for an upstream slot
// or for duckduckgo.max_rate): its caller's deadline, or its own if
// earlier. Time queued past it would go to an answer nobody waits for
// while newer questions starve.
func queueDeadline(ctx context.Context) (time.Time, bool) {
	dl, ok := ctx.Deadline()
	if by, has := ctx.Value(callerDeadlineKey{}).(time.Time); has && (!ok || by.Before(dl)) {
		return by, true
	}
	return dl, ok
}

// slotDeadline is when a lookup stops waiting for an upstream slot: its
// caller's deadline, or its own deadline less need if that is earlier.
// Unlike queueDeadline it keeps no margin before the caller's deadline:
// a slot is usually free within milliseconds, and shedding every lookup
// that might not finish in time would shed nearly all of them under a
// short turn.response_timeout.
func slotDeadline(ctx context.Context, need time.Duration) (time.Time, bool) {
	stop, ok := ctx.Deadline()
	if ok {
		stop = stop.Add(-need)
	}
	if by, has := ctx.Value(callerDeadlineKey{}).(time.Time); has && (!ok || by.Before(stop)) {
		return by, true
	}
	return stop, ok
}

// fetchVia asks the Fetcher. life > 0 says that the answer came from the
// store shared by replicas (see Shared) and stays fresh there that long.
func (s *Service) fetchVia(ctx context.Context, nq string) (instant.Answer, time.Duration, error) {
	if sh, ok := s.f.(*Shared); ok {
		return sh.FetchShared(ctx, nq)
	}
	a, err := s.f.Fetch(ctx, nq)
	return a, 0, err
}

// classify maps a Fetcher error to its outcome.
func classify(err error) (o UpstreamOutcome, throttled bool, retryAfter time.Duration) {
	var te *ThrottledError
	var ue *UpstreamError
	switch {
	case errors.As(err, &te):
		return UpstreamThrottled, true, te.RetryAfter
	case errors.Is(err, ErrThrottled):
		return UpstreamThrottled, true, 0
	case errors.Is(err, ErrTimeout), errors.Is(err, context.DeadlineExceeded):
		return UpstreamTimeout, false, 0
	case errors.Is(err, ErrBadAnswer):
		return UpstreamBadJSON, false, 0
	case errors.As(err, &ue) && ue.StatusCode >= 500:
		return UpstreamServerError, false, 0
	default:
		return UpstreamOtherError, false, 0
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

// Bytes returns the estimated size of the cached answers (at most
// MaxBytes).
func (s *Service) Bytes() int64 { return s.cache.bytes() }
