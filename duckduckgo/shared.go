package duckduckgo

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ddgbot/ddgbot/instant"
	"github.com/ddgbot/ddgbot/store"
)

// SharedEvent names what a Shared fetch did, for metrics (see
// SharedOptions.Observe).
type SharedEvent string

// Shared events. Every fetch counts one of SharedHit and SharedMiss (none
// when the store cannot be asked). A miss then counts one of LeaseWon
// (this replica asks the API for the fleet), LeaseWoke (another replica's
// answer arrived) or LeaseGaveUp (it did not arrive in time, or the store
// failed: this replica asks the API itself). FleetPaused counts a call not
// made because the fleet is paused; PauseSet a pause this replica set;
// RateWaited a call delayed by duckduckgo.max_rate and RateShed one
// dropped because the wait would not fit in its deadline.
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
	SharedUnused SharedEvent = "store_unavailable"
)

// SharedEvents lists every SharedEvent, for metrics that want each series
// from the start.
var SharedEvents = []SharedEvent{SharedHit, SharedMiss, LeaseWon, LeaseWoke, LeaseGaveUp,
	FleetPaused, PauseSet, RateWaited, RateShed, SharedUnused}

// SharedOptions configures a Shared. Zero fields take the defaults named.
type SharedOptions struct {
	Region      string        // part of the key, as for the Service
	TTL         time.Duration // answers with content (default 6h)
	NegativeTTL time.Duration // genuine empty answers (default 10m)
	// LeaseWait bounds how long a replica waits for another replica's
	// lookup of the same question before asking the API itself (default
	// 1s). Keep it below turn.response_timeout less one attempt, so that
	// the fallback can still answer in time.
	LeaseWait     time.Duration
	LookupTimeout time.Duration // how long a lease (and a probe) lasts at most (default 10s)
	Poll          time.Duration // how often a waiting replica looks for the answer (default 10ms)
	// The fleet pause mirrors the local circuit breaker: a throttled
	// answer pauses every replica for max(BreakerCooldown,
	// min(Retry-After, MaxRetryAfter)); BreakerFailures failures in a row
	// pause it for BreakerCooldown. Defaults as ServiceOptions.
	BreakerFailures int
	BreakerCooldown time.Duration
	MaxRetryAfter   time.Duration
	AttemptTimeout  time.Duration // a rate-limited call is dropped unless this much time is left (default 2s)
	// MaxRate is the fleet's request rate to the API per second; 0 means
	// no limit.
	MaxRate float64
	Observe func(SharedEvent) // synchronous; may be nil
	Logger  *slog.Logger      // nil discards; never given the query
}

func (o *SharedOptions) defaults() {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&o.TTL, 6*time.Hour)
	def(&o.NegativeTTL, 10*time.Minute)
	def(&o.LeaseWait, time.Second)
	def(&o.LookupTimeout, 10*time.Second)
	def(&o.Poll, 10*time.Millisecond)
	def(&o.BreakerCooldown, 5*time.Minute)
	def(&o.MaxRetryAfter, time.Hour)
	def(&o.AttemptTimeout, DefaultTimeout)
	if o.BreakerFailures <= 0 {
		o.BreakerFailures = 5
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
// fails it steps aside: the fetch goes to the API as it would without it.
// Answers are written to the store after the fetch has returned them.
// Close waits for those writes.
type Shared struct {
	next  Fetcher
	st    store.Store
	o     SharedOptions
	fails atomic.Int32 // API failures in a row, for the fleet pause
	// pausedUntil (unix ns) is the end of the fleet pause last seen, so
	// that a paused replica does not ask the store for every call.
	pausedUntil atomic.Int64
	wg          sync.WaitGroup
}

// NewShared returns a Shared asking next through st.
func NewShared(next Fetcher, st store.Store, o SharedOptions) *Shared {
	o.defaults()
	return &Shared{next: next, st: st, o: o}
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
// ErrShed (max_rate left no time), both meaning no request was sent.
func (s *Shared) FetchShared(ctx context.Context, q string) (a instant.Answer, life time.Duration, err error) {
	key := sharedKey(q, s.o.Region)
	if a, life, ok := s.get(ctx, key); ok {
		return a, life, nil
	} else if life < 0 {
		return s.call(ctx, q, key, "", false)
	}
	waitCtx, cancel := context.WithTimeout(ctx, s.o.LeaseWait)
	defer cancel()
	for {
		token, won, err := s.st.Lease(ctx, "l:"+key, s.o.LookupTimeout+time.Second)
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
		v, ok, err := s.st.Await(waitCtx, "a:"+key, "l:"+key, s.o.Poll)
		if ok {
			if a, life, ok := decodeShared(v, time.Now()); ok {
				s.o.Observe(LeaseWoke)
				return a, life, nil
			}
		}
		if err != nil || ok { // deadline, store trouble, or an answer we cannot read
			s.o.Logger.Debug("duckduckgo: gave up waiting for another replica", slog.Any("error", err))
			s.o.Observe(LeaseGaveUp)
			return s.call(ctx, q, key, "", !errors.Is(err, store.ErrUnavailable))
		}
		// The holder let go without an answer: try for the lease again.
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

// call asks the API, if the fleet's pause and rate allow it, and shares
// the outcome. token is the lease held for key, if any. gated false skips
// the fleet's pause and rate: the store just failed this fetch, and each
// failed store call may cost a poll up to one store timeout.
func (s *Shared) call(ctx context.Context, q, key, token string, gated bool) (instant.Answer, time.Duration, error) {
	var probe bool
	if gated {
		var err error
		if probe, err = s.admit(ctx); err != nil {
			s.release(key, token)
			return instant.Answer{}, 0, err
		}
	}
	a, err := s.next.Fetch(ctx, q)
	if err == nil {
		s.fails.Store(0)
		s.background(func(ctx context.Context) {
			if probe {
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
	if ctx.Err() != nil {
		return instant.Answer{}, 0, err // our deadline, not the API's failure
	}
	_, throttled, retryAfter := classify(err)
	n := s.fails.Add(1)
	var d time.Duration
	switch {
	case throttled:
		d = max(s.o.BreakerCooldown, min(retryAfter, s.o.MaxRetryAfter))
	case probe || int(n) >= s.o.BreakerFailures:
		d = s.o.BreakerCooldown
	}
	if d > 0 {
		// Before returning, so the fleet stops as soon as this replica does.
		if perr := s.st.Pause(context.WithoutCancel(ctx), "pause", d); perr == nil {
			s.o.Observe(PauseSet)
			s.pausedUntil.Store(time.Now().Add(d).UnixNano())
			s.o.Logger.Warn("duckduckgo: paused every replica", slog.Duration("for", d))
		}
	}
	return instant.Answer{}, 0, err
}

// admit checks the fleet pause and rate. probe is true when this call is
// the one probe after a pause. Store trouble admits the call: each
// replica's own breaker still guards the API.
func (s *Shared) admit(ctx context.Context) (probe bool, err error) {
	if until := s.pausedUntil.Load(); until != 0 && time.Now().UnixNano() < until {
		s.o.Observe(FleetPaused)
		return false, fmt.Errorf("%w: every replica is paused", ErrBreakerOpen)
	}
	state, wait, err := s.st.Gate(ctx, "pause", s.o.LookupTimeout)
	switch {
	case err != nil:
	case state == store.GateClosed:
		// Spare the store while paused, but see a probe's success soon.
		s.pausedUntil.Store(time.Now().Add(min(wait, 100*time.Millisecond)).UnixNano())
		s.o.Observe(FleetPaused)
		return false, fmt.Errorf("%w: every replica is paused", ErrBreakerOpen)
	case state == store.GateProbe:
		probe = true
	default:
		s.pausedUntil.Store(0)
	}
	if s.o.MaxRate <= 0 {
		return probe, nil
	}
	for waited := false; ; waited = true {
		wait, err := s.st.Allow(ctx, "rate", s.o.MaxRate, 1)
		if err != nil || wait == 0 {
			if waited {
				s.o.Observe(RateWaited)
			}
			return probe, nil
		}
		if dl, ok := ctx.Deadline(); ok && time.Until(dl) < wait+s.o.AttemptTimeout {
			s.o.Observe(RateShed)
			if probe {
				_ = s.st.Pause(context.WithoutCancel(ctx), "pause", time.Millisecond) // hand the probe on
			}
			return false, fmt.Errorf("%w: duckduckgo.max_rate leaves no time for this lookup", ErrShed)
		}
		t := time.NewTimer(wait)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return false, fmt.Errorf("%w: waiting for duckduckgo.max_rate: %w", ErrShed, ctx.Err())
		}
	}
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

// PausedFor returns how long the fleet pause last seen still lasts (0 when
// none), for a gauge.
func (s *Shared) PausedFor() time.Duration {
	return max(time.Until(time.Unix(0, s.pausedUntil.Load())), 0)
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
