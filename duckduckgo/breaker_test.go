package duckduckgo

import (
	"testing"
	"time"
)

func newTestBreaker(clock *fakeClock) *breaker {
	return &breaker{failures: 2, cooldown: time.Minute, maxWait: time.Hour, now: clock.Now}
}

// Ensure the breaker's state machine: closed → open after N failures →
// half-open after the cooldown with one probe → closed or open again.
func TestBreakerStates(t *testing.T) {
	t.Parallel()
	clock := newClock()
	b := newTestBreaker(clock)
	step := func(name string, want int) {
		t.Helper()
		if got := b.state(); got != want {
			t.Fatalf("%s: state %d, want %d", name, got, want)
		}
	}
	step("new", BreakerClosed)
	b.failure(false, false, 0)
	step("one failure", BreakerClosed)
	b.success(false)
	b.failure(false, false, 0)
	step("streak reset by success", BreakerClosed)
	b.failure(false, false, 0)
	step("two failures", BreakerOpen)
	if ok, _ := b.allow(); ok {
		t.Fatal("open breaker allowed a request")
	}
	b.success(false) // late answer from before opening
	step("late success", BreakerOpen)

	clock.Advance(time.Minute)
	step("after cooldown", BreakerHalfOpen)
	ok, probe := b.allow()
	if !ok || !probe {
		t.Fatal("half-open breaker refused the probe")
	}
	if ok, _ := b.allow(); ok {
		t.Fatal("second request allowed beside the probe")
	}
	b.release(true)
	if ok, probe := b.allow(); !ok || !probe {
		t.Fatal("probe slot not given back by release")
	}
	b.failure(true, false, 0)
	step("failed probe", BreakerOpen)

	clock.Advance(time.Minute)
	_, probe = b.allow()
	b.success(probe)
	step("good probe", BreakerClosed)
}

// Ensure throttling opens at once and for the clamped Retry-After, and a
// late throttle extends an open breaker.
func TestBreakerThrottle(t *testing.T) {
	t.Parallel()
	clock := newClock()
	b := newTestBreaker(clock)
	b.failure(false, true, 10*time.Minute)
	if b.state() != BreakerOpen {
		t.Fatal("throttle did not open the breaker")
	}
	clock.Advance(5 * time.Minute)
	b.failure(false, true, 3*time.Hour) // clamped to 1h from now
	clock.Advance(59 * time.Minute)
	if b.state() != BreakerOpen {
		t.Fatal("late throttle did not extend the open period")
	}
	clock.Advance(2 * time.Minute)
	if b.state() != BreakerHalfOpen {
		t.Fatal("Retry-After not clamped to an hour")
	}
}
