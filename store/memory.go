package store

import (
	"context"
	"encoding/binary"
	"math"
	"sync"
	"time"
)

// Memory is a Store inside the process: bounded in entries and, through
// expiry, in time. It never fails. When full, storing a new key evicts an
// expired entry if a short scan finds one and an arbitrary entry
// otherwise.
type Memory struct {
	max int
	now func() time.Time // injected by tests

	mu      sync.Mutex
	items   map[string]item
	waiters map[string][]chan struct{} // Await calls to wake when the key changes
}

type item struct {
	val []byte
	exp time.Time
}

// NewMemory returns an empty Memory holding at most maxEntries keys
// (default 10000 when maxEntries <= 0).
func NewMemory(maxEntries int) *Memory {
	if maxEntries <= 0 {
		maxEntries = 10000
	}
	return &Memory{max: maxEntries, now: time.Now, items: make(map[string]item), waiters: make(map[string][]chan struct{})}
}

// Len returns the number of keys held, expired ones not yet evicted
// included.
func (m *Memory) Len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.items)
}

// getLocked returns the live item of key, deleting it when expired.
func (m *Memory) getLocked(key string, now time.Time) (item, bool) {
	it, ok := m.items[key]
	if ok && !now.Before(it.exp) {
		delete(m.items, key)
		return item{}, false
	}
	return it, ok
}

// setLocked stores val (owned by the store from now on) and wakes the
// key's waiters.
func (m *Memory) setLocked(key string, val []byte, exp time.Time, now time.Time) {
	if _, ok := m.items[key]; !ok && len(m.items) >= m.max {
		m.evictLocked(now)
	}
	m.items[key] = item{val: val, exp: exp}
	m.wakeLocked(key)
}

func (m *Memory) deleteLocked(key string) {
	delete(m.items, key)
	m.wakeLocked(key)
}

// evictLocked makes room for one key.
func (m *Memory) evictLocked(now time.Time) {
	const scan = 16
	var victim string
	n := 0
	for k, it := range m.items {
		if !now.Before(it.exp) {
			delete(m.items, k)
			return
		}
		if n == 0 {
			victim = k
		}
		if n++; n == scan {
			break
		}
	}
	delete(m.items, victim)
}

func (m *Memory) wakeLocked(key string) {
	for _, ch := range m.waiters[key] {
		close(ch)
	}
	delete(m.waiters, key)
}

// Get implements Store.
func (m *Memory) Get(_ context.Context, key string) ([]byte, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	it, ok := m.getLocked(key, m.now())
	if !ok {
		return nil, false, nil
	}
	return append([]byte(nil), it.val...), true, nil
}

// Set implements Store.
func (m *Memory) Set(_ context.Context, key string, val []byte, ttl time.Duration) error {
	if ttl <= 0 {
		return ErrInvalid
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.now()
	m.setLocked(key, append([]byte(nil), val...), now.Add(ttl), now)
	return nil
}

// Delete implements Store.
func (m *Memory) Delete(_ context.Context, key string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.deleteLocked(key)
	return nil
}

// Lease implements Store.
func (m *Memory) Lease(_ context.Context, key string, ttl time.Duration) (string, bool, error) {
	if ttl <= 0 {
		return "", false, ErrInvalid
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.now()
	if _, held := m.getLocked(key, now); held {
		return "", false, nil
	}
	token := newToken()
	m.setLocked(key, []byte(token), now.Add(ttl), now)
	return token, true, nil
}

// Renew implements Store.
func (m *Memory) Renew(_ context.Context, key, token string, ttl time.Duration) (bool, error) {
	if ttl <= 0 {
		return false, ErrInvalid
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.now()
	if it, ok := m.getLocked(key, now); !ok || string(it.val) != token {
		return false, nil
	}
	m.setLocked(key, []byte(token), now.Add(ttl), now)
	return true, nil
}

// Release implements Store.
func (m *Memory) Release(_ context.Context, key, token string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if it, ok := m.getLocked(key, m.now()); ok && string(it.val) == token {
		m.deleteLocked(key)
	}
	return nil
}

// Await implements Store. It is woken as soon as key is set or lease
// released, and otherwise when the lease expires.
func (m *Memory) Await(ctx context.Context, key, lease string, _ time.Duration) ([]byte, bool, error) {
	for {
		m.mu.Lock()
		now := m.now()
		if it, ok := m.getLocked(key, now); ok {
			m.mu.Unlock()
			return append([]byte(nil), it.val...), true, nil
		}
		l, held := m.getLocked(lease, now)
		if !held {
			m.mu.Unlock()
			return nil, false, nil
		}
		ch := make(chan struct{})
		m.waiters[key] = append(m.waiters[key], ch)
		chl := make(chan struct{})
		m.waiters[lease] = append(m.waiters[lease], chl)
		m.mu.Unlock()

		t := time.NewTimer(l.exp.Sub(now))
		var err error
		select {
		case <-ch:
		case <-chl:
		case <-t.C:
		case <-ctx.Done():
			err = ctx.Err()
		}
		t.Stop()
		m.mu.Lock()
		m.unwaitLocked(key, ch)
		m.unwaitLocked(lease, chl)
		m.mu.Unlock()
		if err != nil {
			return nil, false, err
		}
	}
}

// unwaitLocked forgets ch among key's waiters, so that keys never set do
// not keep channels.
func (m *Memory) unwaitLocked(key string, ch chan struct{}) {
	ws := m.waiters[key]
	for i, w := range ws {
		if w == ch {
			ws = append(ws[:i], ws[i+1:]...)
			break
		}
	}
	if len(ws) == 0 {
		delete(m.waiters, key)
	} else {
		m.waiters[key] = ws
	}
}

// Pause implements Store. The gate's record lives for 2d plus a minute,
// so that the end of the pause is seen and probed; then it lapses open.
func (m *Memory) Pause(_ context.Context, key string, d time.Duration) error {
	if d <= 0 {
		return ErrInvalid
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.now()
	m.deleteLocked(probeKey(key))
	end := now.Add(d)
	if it, ok := m.getLocked(key, now); ok && decodeTime(it.val).After(end) {
		return nil
	}
	m.setLocked(key, encodeTime(end), now.Add(pauseLife(d)), now)
	return nil
}

// Gate implements Store.
func (m *Memory) Gate(_ context.Context, key string, probeTTL time.Duration) (GateState, time.Duration, error) {
	if probeTTL <= 0 {
		return GateClosed, 0, ErrInvalid
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.now()
	it, ok := m.getLocked(key, now)
	if !ok {
		return GateOpen, 0, nil
	}
	if end := decodeTime(it.val); now.Before(end) {
		return GateClosed, end.Sub(now), nil
	}
	pk := probeKey(key)
	if _, held := m.getLocked(pk, now); held {
		return GateClosed, 0, nil
	}
	m.setLocked(pk, []byte{1}, now.Add(probeTTL), now)
	return GateProbe, 0, nil
}

// Resume implements Store.
func (m *Memory) Resume(_ context.Context, key string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.deleteLocked(key)
	m.deleteLocked(probeKey(key))
	return nil
}

// Allow implements Store.
func (m *Memory) Allow(_ context.Context, key string, rate float64, burst int) (time.Duration, error) {
	interval, tolerance, err := gcraParams(rate, burst)
	if err != nil {
		return 0, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.now()
	tat := now
	if it, ok := m.getLocked(key, now); ok && decodeTime(it.val).After(now) {
		tat = decodeTime(it.val)
	}
	if allowAt := tat.Add(-tolerance); now.Before(allowAt) {
		return allowAt.Sub(now), nil
	}
	tat = tat.Add(interval)
	m.setLocked(key, encodeTime(tat), tat, now)
	return 0, nil
}

// Close implements Store; Memory holds nothing to release.
func (m *Memory) Close() {}

// probeKey is the key of a gate's probe lease.
func probeKey(gate string) string { return gate + ":probe" }

// pauseLife is how long a pause record lives: past its end, so that the
// end is noticed and probed, but not for ever.
func pauseLife(d time.Duration) time.Duration { return 2*d + time.Minute }

// gcraParams turns a rate and burst into GCRA's emission interval and
// burst tolerance.
func gcraParams(rate float64, burst int) (interval, tolerance time.Duration, err error) {
	if !(rate > 0) || math.IsInf(rate, 1) || burst < 1 {
		return 0, 0, ErrInvalid
	}
	interval = time.Duration(float64(time.Second) / rate)
	if interval <= 0 {
		interval = 1
	}
	return interval, interval * time.Duration(burst-1), nil
}

func encodeTime(t time.Time) []byte { return binary.BigEndian.AppendUint64(nil, uint64(t.UnixNano())) }

func decodeTime(b []byte) time.Time {
	if len(b) != 8 {
		return time.Time{}
	}
	return time.Unix(0, int64(binary.BigEndian.Uint64(b)))
}
