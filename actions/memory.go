package actions

import (
	"context"
	"sync"
	"time"
)

// Memory is a Store inside one process, bounded in entries and time: at
// most max keys, each gone after its ttl; when full, a new key evicts an
// expired one if a short scan finds one, else an arbitrary one. It stands
// in for the shared store (store.Memory) until that is part of the
// service; one replica only.
type Memory struct {
	max int
	now func() time.Time

	mu    sync.Mutex
	items map[string]memoryItem
}

type memoryItem struct {
	val []byte
	exp time.Time
}

// NewMemory returns an empty Memory holding at most maxEntries keys
// (10000 when maxEntries <= 0).
func NewMemory(maxEntries int) *Memory {
	if maxEntries <= 0 {
		maxEntries = 10000
	}
	return &Memory{max: maxEntries, now: time.Now, items: map[string]memoryItem{}}
}

// Get implements Store.
func (m *Memory) Get(_ context.Context, key string) ([]byte, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	it, ok := m.items[key]
	if ok && !m.now().Before(it.exp) {
		delete(m.items, key)
		return nil, false, nil
	}
	return it.val, ok, nil
}

// Set implements Store. val is copied.
func (m *Memory) Set(_ context.Context, key string, val []byte, ttl time.Duration) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.now()
	if _, ok := m.items[key]; !ok && len(m.items) >= m.max {
		m.evict(now)
	}
	m.items[key] = memoryItem{val: append([]byte(nil), val...), exp: now.Add(ttl)}
	return nil
}

// Delete implements Store.
func (m *Memory) Delete(_ context.Context, key string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.items, key)
	return nil
}

// Len returns the number of keys held, expired ones not yet evicted
// included.
func (m *Memory) Len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.items)
}

func (m *Memory) evict(now time.Time) {
	const scan = 16
	n := 0
	victim := ""
	for k, it := range m.items { // map order is random: a fair sample
		if !now.Before(it.exp) {
			delete(m.items, k)
			return
		}
		if victim == "" {
			victim = k
		}
		if n++; n == scan {
			break
		}
	}
	delete(m.items, victim)
}
