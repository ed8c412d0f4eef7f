package duckduckgo

import (
	"sync"
	"time"
)

// Breaker states, as reported by Service.BreakerState.
const (
	BreakerClosed   = 0
	BreakerOpen     = 1
	BreakerHalfOpen = 2
)

// breaker is a consecutive-failure circuit breaker with a single half-open
// probe. It is safe for concurrent use; now is the injected clock.
type breaker struct {
	failures int           // consecutive failures that open it
	cooldown time.Duration // minimum open period
	maxWait  time.Duration // clamp for a throttling Retry-After
	now      func() time.Time

	mu        sync.Mutex
	open      bool      // open or half-open
	openUntil time.Time // half-open from then on
	probing   bool      // the half-open probe is in flight
	streak    int       // consecutive failures while closed
}

func (b *breaker) stateLocked(now time.Time) int {
	switch {
	case !b.open:
		return BreakerClosed
	case now.Before(b.openUntil):
		return BreakerOpen
	default:
		return BreakerHalfOpen
	}
}

func (b *breaker) state() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.stateLocked(b.now())
}

// allow reports whether a request may go upstream. In half-open state it
// admits exactly one probe, and probe is true for it; the caller must then
// report the probe's fate with success, failure or release.
func (b *breaker) allow() (ok, probe bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	switch b.stateLocked(b.now()) {
	case BreakerClosed:
		return true, false
	case BreakerHalfOpen:
		if b.probing {
			return false, false
		}
		b.probing = true
		return true, true
	default:
		return false, false
	}
}

// success records an answered request. It closes a half-open breaker when
// it comes from the probe; results of requests admitted before the breaker
// opened do not change an open breaker.
func (b *breaker) success(probe bool) (changed bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if probe {
		b.open, b.probing, b.streak = false, false, 0
		return true
	}
	if !b.open {
		b.streak = 0
	}
	return false
}

// failure records a failed request; throttled failures open the breaker
// at once for max(cooldown, min(retryAfter, maxWait)).
func (b *breaker) failure(probe, throttled bool, retryAfter time.Duration) (opened bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.open && !probe {
		// A late answer from before the breaker opened: only a throttle
		// matters, since it may ask for a longer pause.
		if throttled {
			until := b.now().Add(max(b.cooldown, min(retryAfter, b.maxWait)))
			if until.After(b.openUntil) {
				b.openUntil = until
			}
		}
		return false
	}
	b.streak++
	if !probe && !throttled && b.streak < b.failures {
		return false
	}
	b.open, b.probing, b.streak = true, false, 0
	b.openUntil = b.now().Add(max(b.cooldown, min(retryAfter, b.maxWait)))
	return true
}

// release gives the probe slot back without a verdict (the probe was
// cancelled or never reached the API).
func (b *breaker) release(probe bool) {
	if !probe {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.probing = false
}
