package actions

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/hashicorp/golang-lru/v2/simplelru"
)

// ErrFull is returned for a callback when the in-process pool of its
// kind holds as many live entries as it may: nothing is evicted to make
// room, so a flood cannot erase what operators set before it.
var ErrFull = errors.New("actions: too many pins or marks held; try again later")

// pool is the in-process Store of one kind of state (pins or feedback):
// at most max entries, each living for the one ttl of its kind. Entries
// are kept in the order they were written (reads do not reorder), which
// with one ttl is the order they expire in, so making room only ever
// drops expired entries from the old end.
type pool struct {
	now func() time.Time

	mu  sync.Mutex
	lru *simplelru.LRU[string, poolEntry]
	max int
}

type poolEntry struct {
	val []byte
	exp time.Time
}

func newPool(max int, now func() time.Time) *pool {
	l, err := simplelru.NewLRU[string, poolEntry](max+1, nil) // +1: Set checks the bound itself
	if err != nil {
		panic(err) // only for a size below 1
	}
	return &pool{now: now, lru: l, max: max}
}

// Get implements Store.
func (p *pool) Get(_ context.Context, key string) ([]byte, bool, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	e, ok := p.lru.Peek(key)
	if !ok || !p.now().Before(e.exp) {
		return nil, false, nil
	}
	return e.val, true, nil
}

// Set implements Store; it returns ErrFull when the pool holds max live
// entries and key is not one of them. val must not be modified after.
func (p *pool) Set(_ context.Context, key string, val []byte, ttl time.Duration) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	if !p.lru.Contains(key) {
		for p.lru.Len() >= p.max {
			_, e, _ := p.lru.GetOldest()
			if now.Before(e.exp) {
				return ErrFull
			}
			p.lru.RemoveOldest()
		}
	}
	p.lru.Add(key, poolEntry{val: val, exp: now.Add(ttl)})
	return nil
}

// Delete implements Store.
func (p *pool) Delete(_ context.Context, key string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.lru.Remove(key)
	return nil
}
