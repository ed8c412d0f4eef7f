package duckduckgo

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/time/rate"

	"github.com/ddgbot/ddgbot/instant"
	"github.com/ddgbot/ddgbot/store"
)

// SharedEvent names what a Shared fetch did, for metrics (see
// SharedOptions.Observe).
type SharedEvent string

// Shared events. Every fetch counts one of SharedHit and SharedMiss (none
// when the store cannot be asked). A miss then counts one of LeaseWon
// (this replica asks the API for the fleet), LeaseWoke (another replica's
// answer arrived) or LeaseGaveUp (the store failed, or the answer could
// not be read: this replica asks the API itself). FleetPaused counts a
// call not made because the fleet is paused; PauseSet a pause this
// replica set; RateWaited a call delayed by duckduckgo.max_rate and
// RateShed one dropped because the wait would not fit in its caller's
// deadline. LocalLimits counts a call whose pause and rate this replica
// decided alone, because the store could not be asked or written.
const (
	SharedHit    SharedEvent = "l2_hit"
	SharedMiss   SharedEvent = "l2_miss"
	LeaseWon     SharedEvent = "lease_won"
	LeaseWoke    SharedEvent = "lease_woke"
	LeaseGaveUp  SharedEvent = "lease_gave_up"
	FleetPaused  SharedEvent = "fleet_paused"
	PauseSet     SharedEvent = "pause_set"
	RateWaited   SharedEvent = "rate_waited"
	RateShed     SharedEvent = "rate_shed"
	LocalLimits  SharedEvent = "local_limits"
	SharedUnused SharedEvent = "store_unavailable"
)

// SharedEvents lists every SharedEvent, for metrics that want each series
// from the start.
var SharedEvents = []SharedEvent{SharedHit, SharedMiss, LeaseWon, LeaseWoke, LeaseGaveUp,
	FleetPaused, PauseSet, RateWaited, RateShed, SharedUnused}

// SharedOptions configures a Shared. The settings from config.yaml must
// be positive (NewShared panics naming one that is not); LeaseLife and
// Poll, which are not settings, take the defaults named.
type SharedOptions struct {
	Region      string        // part of the key, as for the Service
	TTL         time.Duration // answers with content (cache.ttl)
	NegativeTTL time.Duration // genuine empty answers (cache.negative_ttl)
	// LeaseLife is how long a lease lasts unless its holder renews it,
	// which it does every third of it while its call runs (default 1s).
	// The others wait for the holder's answer as long as their lookup
	// may run; a holder that dies costs them at most LeaseLife.
	LeaseLife     time.Duration
	LookupTimeout time.Duration // how long a probe lasts at most (duckduckgo.lookup_timeout)
	Poll          time.Duration // how soon a waiting replica first looks for the answer (default 10ms)
	// The fleet pause mirrors the local circuit breaker: a throttled
	// answer pauses every replica for max(BreakerCooldown,
	// min(Retry-After, MaxRetryAfter)); BreakerFailures failures in a row
	// pause it for BreakerCooldown. As ServiceOptions.
	BreakerFailures int
	BreakerCooldown time.Duration
	MaxRetryAfter   time.Duration
	// AttemptTimeout: a call waits for MaxRate only while this much
	// would be left before its caller's deadline (duckduckgo.timeout).
	AttemptTimeout time.Duration
	// MaxRate is the fleet's request rate to the API per second; 0 means
	// no limit. While the store cannot be asked, each replica keeps to
	// it alone.
	MaxRate float64
	Observe func(SharedEvent) // synchronous; may be nil
	Logger  *slog.Logger      // nil discards; never given the query
}

func (o *SharedOptions) defaults() {
	mustBePositive("SharedOptions", map[string]int64{
		"TTL": int64(o.TTL), "NegativeTTL": int64(o.NegativeTTL), "LookupTimeout": int64(o.LookupTimeout),
		"BreakerFailures": int64(o.BreakerFailures), "BreakerCooldown": int64(o.BreakerCooldown),
		"MaxRetryAfter": int64(o.MaxRetryAfter), "AttemptTimeout": int64(o.AttemptTimeout),
	})
	if o.LeaseLife <= 0 {
		o.LeaseLife = time.Second
	}
	if o.Poll <= 0 {
		o.Poll = 10 * time.Millisecond
	}
	if o.Observe == nil {
		o.Observe = func(SharedEvent) {}
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
}

// Shared is a Fetcher that lets several replicas share one memory through
// a store: answers (the second cache level behind each Service's own),
// one lookup per question across the fleet (a lease; the others wait for
// its answer), a fleet-wide pause after throttling with exactly one probe
// when it ends, and an optional fleet-wide request rate. When the store
// fails, answers and leases step aside (the fetch goes to the API as it
// would without them) but politeness does not: the replica keeps the
// pauses it has seen or set and MaxRate on its own (fail closed).
// Answers are written to the store after the fetch has returned them.
// Close waits for those writes.
type Shared struct {
	next  Fetcher
	st    store.Store
	o     SharedOptions
	fails atomic.Int32 // API failures in a row, for the fleet pause
	// pausedUntil (unix ns) spares the store while the fleet is paused,
	// for at most 100ms at a time so that a probe's success is seen soon.
	pausedUntil atomic.Int64
	// pauseEnd (unix ns) is the end of the latest pause seen or set, 0
	// once the fleet is known to be open: the gauge, and the pause kept
	// when the store cannot be asked. After it, while the store still
	// cannot be asked, one call at a time (localProbe) goes out until
	// one succeeds.
	pauseEnd   atomic.Int64
	localProbe atomic.Bool
	limiter    *rate.Limiter // MaxRate for this replica alone; nil without MaxRate
	wg         sync.WaitGroup
}

// NewShared returns a Shared asking next through st.
func NewShared(next Fetcher, st store.Store, o SharedOptions) *Shared {
	o.defaults()
	s := &Shared{next: next, st: st, o: o}
	if o.MaxRate > 0 {
		s.limiter = rate.NewLimiter(rate.Limit(o.MaxRate), 1)
	}
	return s
}

// Fetch implements Fetcher.
func (s *Shared) Fetch(ctx context.Context, q string) (instant.Answer, error) {
	a, _, err := s.FetchShared(ctx, q)
	return a, err
}

// FetchShared is Fetch that also says, with life > 0, that the answer came
// from the shared store and stays fresh there for life: a cache in front
// must not keep it longer, and no API request was made. The errors are
// those of the next Fetcher, or ErrBreakerOpen (the fleet is paused) and
// ErrShed (max_rate left no time, or ctx ended while another replica's
// answer was awaited), both meaning no request was sent.
func (s *Shared) FetchShared(ctx context.Context, q string) (a instant.Answer, life time.Duration, err error) {
	key := sharedKey(q, s.o.Region)
	if a, life, ok := s.get(ctx, key); ok {
		return a, life, nil
	} else if life < 0 {
		return s.call(ctx, q, key, "", false)
	}
	for {
		token, won, err := s.st.Lease(ctx, "l:"+key, s.o.LeaseLife)
		if err != nil {
			s.o.Logger.Debug("duckduckgo: shared lease failed", slog.Any("error", err))
			s.o.Observe(LeaseGaveUp)
			return s.call(ctx, q, key, "", false)
		}
		if won {
			// The holder before us may have written the answer and let
			// go between our look and our lease.
			if a, life, ok := s.get(ctx, key); ok {
				s.release(key, token)
				return a, life, nil
			}
			s.o.Observe(LeaseWon)
			return s.call(ctx, q, key, token, true)
		}
		// Watch for the holder's answer as long as this lookup may run:
		// the answer serves this replica's cache even after its caller
		// has gone.
		v, ok, err := s.st.Await(ctx, "a:"+key, "l:"+key, s.o.Poll)
		switch {
		case ok:
			if a, life, ok := decodeShared(v, time.Now()); ok {
				s.o.Observe(LeaseWoke)
				return a, life, nil
			}
			s.o.Observe(LeaseGaveUp) // an answer we cannot read
			return s.call(ctx, q, key, "", true)
		case ctx.Err() != nil:
			return instant.Answer{}, 0, fmt.Errorf("%w: waiting for another replica's lookup: %w", ErrShed, ctx.Err())
		case err != nil:
			s.o.Logger.Debug("duckduckgo: gave up waiting for another replica", slog.Any("error", err))
			s.o.Observe(LeaseGaveUp)
			return s.call(ctx, q, key, "", false)
		}
		// The holder let go, or died, without an answer: try for the
		// lease again.
	}
}

// get looks key up in the store. life < 0 means the store cannot be used.
func (s *Shared) get(ctx context.Context, key string) (instant.Answer, time.Duration, bool) {
	v, ok, err := s.st.Get(ctx, "a:"+key)
	if err != nil {
		s.o.Logger.Debug("duckduckgo: shared cache unavailable", slog.Any("error", err))
		s.o.Observe(SharedUnused)
		return instant.Answer{}, -1, false
	}
	if ok {
		if a, life, ok := decodeShared(v, time.Now()); ok {
			s.o.Observe(SharedHit)
			return a, life, true
		}
	}
	s.o.Observe(SharedMiss)
	return instant.Answer{}, 0, false
}

// call asks the API, if the pause and rate allow it, and shares the
// outcome. token is the lease held for key, if any; it is renewed while
// the API is asked. shared false says the store just failed this fetch:
// the pause and rate are this replica's own, without asking the store
// again (each failed store call may cost a poll up to one store timeout).
func (s *Shared) call(ctx context.Context, q, key, token string, shared bool) (instant.Answer, time.Duration, error) {
	adm, err := s.admit(ctx, shared)
	if err != nil {
		s.release(key, token)
		return instant.Answer{}, 0, err
	}
	stop := s.keep(key, token)
	a, err := s.next.Fetch(ctx, q)
	stop()
	if err == nil {
		s.fails.Store(0)
		if adm.localProbe {
			s.pauseEnd.Store(0)
			s.localProbe.Store(false)
		}
		s.background(func(ctx context.Context) {
			if adm.probe {
				_ = s.st.Resume(ctx, "pause")
			}
			a := Compact(a) // only what building suggestions needs
			ttl := s.o.TTL
			if a.Empty() {
				ttl = s.o.NegativeTTL
			}
			_ = s.st.Set(ctx, "a:"+key, encodeShared(a, time.Now().Add(ttl)), ttl)
			if token != "" {
				_ = s.st.Release(ctx, "l:"+key, token)
			}
		})
		return a, 0, nil
	}
	s.release(key, token)
	defer func() {
		if adm.localProbe {
			s.localProbe.Store(false)
		}
	}()
	if ctx.Err() != nil {
		return instant.Answer{}, 0, err // our deadline, not the API's failure
	}
	_, throttled, retryAfter := classify(err)
	n := s.fails.Add(1)
	var d time.Duration
	switch {
	case throttled:
		d = max(s.o.BreakerCooldown, min(retryAfter, s.o.MaxRetryAfter))
	case adm.probe || adm.localProbe || int(n) >= s.o.BreakerFailures:
		d = s.o.BreakerCooldown
	}
	if d > 0 {
		s.pause(ctx, d)
	}
	return instant.Answer{}, 0, err
}

// pause stops this replica's calls for d, and the fleet's when the store
// takes the pause. It returns before the fetch does, so the fleet stops
// as soon as this replica does.
func (s *Shared) pause(ctx context.Context, d time.Duration) {
	until := time.Now().Add(d).UnixNano()
	s.pausedUntil.Store(until)
	s.notePause(until)
	if err := s.st.Pause(context.WithoutCancel(ctx), "pause", d); err != nil {
		s.o.Logger.Warn("duckduckgo: paused this replica; the store did not take the pause for the others",
			slog.Duration("for", d), slog.Any("error", err))
		return
	}
	s.o.Observe(PauseSet)
	s.o.Logger.Warn("duckduckgo: paused every replica", slog.Duration("for", d))
}

// notePause records a pause lasting until until (unix ns), unless one
// known to last longer is recorded.
func (s *Shared) notePause(until int64) {
	for {
		cur := s.pauseEnd.Load()
		if cur >= until || s.pauseEnd.CompareAndSwap(cur, until) {
			return
		}
	}
}

// admission says how a call was let through: as the fleet's one probe
// after a pause, or as this replica's one probe while it keeps the pause
// alone.
type admission struct{ probe, localProbe bool }

// admit checks the pause and the rate: the fleet's through the store when
// shared, and this replica's own when the store is not shared or fails
// (fail closed): the pauses it has seen or set, then one probe at a time
// until one succeeds, and MaxRate for itself.
func (s *Shared) admit(ctx context.Context, shared bool) (adm admission, err error) {
	paused := fmt.Errorf("%w: every replica is paused", ErrBreakerOpen)
	now := time.Now()
	if until := s.pausedUntil.Load(); until != 0 && now.UnixNano() < until {
		s.o.Observe(FleetPaused)
		return adm, paused
	}
	if shared {
		state, wait, err := s.st.Gate(ctx, "pause", s.o.LookupTimeout)
		switch {
		case err != nil:
			shared = false
		case state == store.GateClosed:
			// Spare the store while paused, but see a probe's success soon.
			spare := 100 * time.Millisecond
			if wait > 0 { // paused, not probed by another
				spare = min(wait, spare)
				s.notePause(now.Add(wait).UnixNano())
			}
			s.pausedUntil.Store(now.Add(spare).UnixNano())
			s.o.Observe(FleetPaused)
			return adm, paused
		case state == store.GateProbe:
			adm.probe = true
		default:
			s.pausedUntil.Store(0)
			s.pauseEnd.Store(0)
		}
	}
	if !shared {
		s.o.Observe(LocalLimits)
		if end := s.pauseEnd.Load(); end != 0 {
			if now.UnixNano() < end || !s.localProbe.CompareAndSwap(false, true) {
				s.o.Observe(FleetPaused)
				return adm, paused
			}
			adm.localProbe = true
		}
	}
	if err := s.waitRate(ctx, shared); err != nil {
		if adm.probe {
			_ = s.st.Pause(context.WithoutCancel(ctx), "pause", time.Millisecond) // hand the probe on
		}
		if adm.localProbe {
			s.localProbe.Store(false)
		}
		return admission{}, err
	}
	return adm, nil
}

// waitRate takes a unit of MaxRate, the fleet's from the store when shared
// and this replica's own otherwise or when the store fails, waiting for
// one only while the wait leaves AttemptTimeout before the caller's
// deadline (see queueDeadline); ErrShed otherwise.
func (s *Shared) waitRate(ctx context.Context, shared bool) error {
	if s.limiter == nil {
		return nil
	}
	tooLong := func(wait time.Duration) bool {
		dl, ok := queueDeadline(ctx)
		return ok && time.Until(dl) < wait+s.o.AttemptTimeout
	}
	for waited := false; ; waited = true {
		var wait time.Duration
		if shared {
			w, err := s.st.Allow(ctx, "rate", s.o.MaxRate, 1)
			if err != nil {
				shared = false
				s.o.Observe(LocalLimits)
			}
			wait = w
		}
		var local *rate.Reservation
		if !shared {
			local = s.limiter.Reserve()
			wait = local.Delay()
		}
		if wait == 0 {
			if waited {
				s.o.Observe(RateWaited)
			}
			return nil
		}
		if tooLong(wait) {
			if local != nil {
				local.Cancel()
			}
			s.o.Observe(RateShed)
			return fmt.Errorf("%w: duckduckgo.max_rate leaves no time for this lookup before its caller's deadline", ErrShed)
		}
		t := time.NewTimer(wait)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			if local != nil {
				local.Cancel()
			}
			return fmt.Errorf("%w: waiting for duckduckgo.max_rate: %w", ErrShed, ctx.Err())
		}
		if local != nil {
			s.o.Observe(RateWaited)
			return nil // the reservation is ours once waited for
		}
	}
}

// keep renews the lease token holds for key every third of its life until
// the returned stop is called, so that the others keep waiting for this
// replica's answer however slow the API is, and stop soon after this
// replica dies.
func (s *Shared) keep(key, token string) (stop func()) {
	if token == "" {
		return func() {}
	}
	done := make(chan struct{})
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		t := time.NewTicker(s.o.LeaseLife / 3)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
			}
			held, err := s.st.Renew(context.Background(), "l:"+key, token, s.o.LeaseLife)
			if err == nil && !held {
				return // lost: another replica may have it now
			}
		}
	}()
	return func() { close(done) }
}

// release lets go of a lease in the background.
func (s *Shared) release(key, token string) {
	if token == "" {
		return
	}
	s.background(func(ctx context.Context) { _ = s.st.Release(ctx, "l:"+key, token) })
}

func (s *Shared) background(f func(ctx context.Context)) {
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		f(context.Background()) // the store bounds every operation
	}()
}

// PausedFor returns how long the pause last seen or set still lasts (0
// when none), for a gauge: a replica honouring another's pause shows it
// too.
func (s *Shared) PausedFor() time.Duration {
	end := s.pauseEnd.Load()
	if end == 0 {
		return 0
	}
	return max(time.Until(time.Unix(0, end)), 0)
}

// Close waits for the writes still under way.
func (s *Shared) Close() { s.wg.Wait() }

// sharedKey names a question in the store without revealing it: a hash of
// the normalised question and the region.
func sharedKey(q, region string) string {
	h := sha256.Sum256([]byte(instant.Normalize(q) + "\x00" + region))
	return base64.RawURLEncoding.EncodeToString(h[:18])
}

// encodeShared packs a compacted answer as a Record (versioned, see
// Record.MarshalBinary) that stays fresh until fresh.
func encodeShared(a instant.Answer, fresh time.Time) []byte {
	b, _ := Record{Answer: a, Fresh: fresh, Stale: fresh}.MarshalBinary() // a Record always marshals
	return b
}

// decodeShared unpacks encodeShared's value, compacted again; ok is false
// for another version, a damaged value or an expired one.
func decodeShared(b []byte, now time.Time) (a instant.Answer, life time.Duration, ok bool) {
	var r Record
	if r.UnmarshalBinary(b) != nil {
		return instant.Answer{}, 0, false
	}
	if life = r.Fresh.Sub(now); life <= 0 {
		return instant.Answer{}, 0, false
	}
	return r.Answer, life, true
}
