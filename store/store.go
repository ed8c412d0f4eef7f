// Package store holds state that several ddgbot replicas can share: a
// key-value store with expiry, short leases, a pause gate and a rate
// limit. Memory keeps it in the process (the default, for one replica);
// Redis keeps it in a Redis server so that every replica pointed at it
// shares it, and turns Redis trouble into ErrUnavailable quickly instead
// of slowing its callers down.
package store

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"time"
)

// Errors returned by both implementations.
var (
	// ErrUnavailable: the shared store cannot be reached now (not yet
	// connected, bypassed after failures, or the operation's deadline
	// passed). Callers carry on without it.
	ErrUnavailable = errors.New("store: unavailable")
	// ErrInvalid: a ttl, duration, rate or burst argument was not
	// positive.
	ErrInvalid = errors.New("store: ttl, duration, rate and burst must be positive")
)

// Store is shared state with expiry. Every method is safe for concurrent
// use, returns when ctx is done at the latest, and returns an error
// wrapping ErrUnavailable when the backing server cannot be used.
type Store interface {
	// Get returns the value of key; ok is false when there is none.
	Get(ctx context.Context, key string) (val []byte, ok bool, err error)
	// Set stores val under key for ttl (which must be positive).
	Set(ctx context.Context, key string, val []byte, ttl time.Duration) error
	// Delete removes key; a missing key is not an error.
	Delete(ctx context.Context, key string) error

	// Lease takes the lease key for ttl if nobody holds it (SET NX PX).
	// ok is true when the caller now holds it; token then identifies the
	// holder for Release.
	Lease(ctx context.Context, key string, ttl time.Duration) (token string, ok bool, err error)
	// Renew extends the lease key to ttl from now while token holds it;
	// held is false when the lease expired or passed to someone else. A
	// holder renews a short lease while it works, so that a holder that
	// dies costs the others at most one ttl.
	Renew(ctx context.Context, key, token string, ttl time.Duration) (held bool, err error)
	// Release ends the lease key if token still holds it; a lease that
	// expired or passed to someone else is left alone.
	Release(ctx context.Context, key, token string) error
	// Await waits for key to have a value while the lease lease is held.
	// It returns the value (ok true) as soon as it is there; ok false with
	// a nil error when the lease ended without a value; ctx's error when
	// ctx ends first. poll is how often a server is asked (Memory is
	// woken at once and ignores it).
	Await(ctx context.Context, key, lease string, poll time.Duration) (val []byte, ok bool, err error)

	// Pause closes the gate key for d from now (by the store's clock). A
	// later end already set is kept. It also ends a probe in progress.
	Pause(ctx context.Context, key string, d time.Duration) error
	// Gate reports whether calls guarded by key may go ahead. Once a pause
	// has run out, exactly one caller gets GateProbe (for probeTTL); it
	// must then call Resume when its call succeeds or Pause when it fails.
	// wait is how long the pause behind a GateClosed state still lasts;
	// 0 when the pause is over and another caller is probing, whose
	// outcome decides.
	Gate(ctx context.Context, key string, probeTTL time.Duration) (state GateState, wait time.Duration, err error)
	// Resume opens the gate key.
	Resume(ctx context.Context, key string) error

	// Allow takes one unit from the rate limit key: at most rate per
	// second with bursts of burst (generic cell rate algorithm, by the
	// store's clock). wait is 0 when the unit was taken; otherwise nothing
	// was taken and wait is how long until one is free.
	Allow(ctx context.Context, key string, rate float64, burst int) (wait time.Duration, err error)

	// Close releases the store's resources. Other methods must not be
	// called after it.
	Close()
}

// GateState is the answer of Store.Gate.
type GateState int

// Gate states.
const (
	GateOpen   GateState = iota // no pause: go ahead
	GateClosed                  // paused, or another caller is probing
	GateProbe                   // the pause ran out and this caller is the one probe
)

func (s GateState) String() string {
	switch s {
	case GateOpen:
		return "open"
	case GateClosed:
		return "closed"
	case GateProbe:
		return "probe"
	}
	return fmt.Sprintf("GateState(%d)", int(s))
}

// Hooks are told about the store's health, for metrics. Nil fields are
// skipped. They are called synchronously and must not block.
type Hooks struct {
	// Error: an operation failed on the server side (network, deadline,
	// error reply); op names it ("get", "set", "lease", ...).
	Error func(op string)
	// Bypass: the store stopped (true) or resumed (false) using the
	// server after failures, or before its first connection (true).
	Bypass func(on bool)
}

// Options configures NewRedis.
type Options struct {
	// URL of the Redis server: redis://[user:password@]host:port/db, or
	// rediss:// for TLS.
	URL string
	// Prefix starts every key written to Redis (e.g. "ddgbot:v1:").
	Prefix string
	// Timeout bounds each Redis operation (default 50ms).
	Timeout time.Duration
	// Recheck is how often a bypassed server is checked in the background
	// (default 1s), and how long its health key lives.
	Recheck time.Duration
	Hooks   Hooks
	Logger  *slog.Logger // nil discards; never given keys or values
}

// newToken returns a random lease token.
func newToken() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails
	return hex.EncodeToString(b[:])
}
