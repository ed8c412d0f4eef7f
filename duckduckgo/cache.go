package duckduckgo

import (
	"sync"
	"time"

	"github.com/hashicorp/golang-lru/v2/simplelru"
	gocache "github.com/patrickmn/go-cache"
)

// entryOverhead estimates what an entry costs beside its answer: the
// entry, its place in the eviction order, go-cache's item and map slot,
// and the key.
const entryOverhead = 256

// entry is a cached Record. It is not modified once stored.
type entry struct {
	Record
	size int64 // estimated bytes, key and overhead included
}

// answerCache is a typed wrapper around go-cache bounded by entries and by
// estimated bytes: inserting beyond either bound evicts the oldest
// insertions first, expired or not. go-cache holds the entries (without
// its janitor, and without expiry: freshness is decided here by the
// injected clock); golang-lru's LRU, told of insertions only, keeps their
// order and evicts from go-cache through its callback. Memory grows with
// what is stored, never with the bounds.
type answerCache struct {
	c        *gocache.Cache
	now      func() time.Time
	maxBytes int64

	mu    sync.Mutex // orders the LRU and byte updates with the go-cache writes they imply
	order *simplelru.LRU[string, int64]
	used  int64
}

func newAnswerCache(maxEntries int, maxBytes int64, now func() time.Time) *answerCache {
	ac := &answerCache{c: gocache.New(gocache.NoExpiration, 0), now: now, maxBytes: maxBytes}
	order, err := simplelru.NewLRU(maxEntries, func(key string, size int64) {
		ac.used -= size
		ac.c.Delete(key)
	})
	if err != nil {
		panic(err) // only for maxEntries below 1, which the defaults rule out
	}
	ac.order = order
	return ac
}

// get returns the entry for key if it is still fresh or stale-servable at
// the injected time.
func (ac *answerCache) get(key string) (*entry, bool) {
	v, ok := ac.c.Get(key)
	if !ok {
		return nil, false
	}
	e := v.(*entry)
	if !ac.now().Before(e.Stale) {
		return nil, false
	}
	return e, true
}

// put stores r in place of any earlier entry for key, then evicts the
// oldest entries until both bounds hold. An answer larger than the byte
// bound is not kept.
func (ac *answerCache) put(key string, r Record) {
	e := &entry{Record: r, size: answerSize(&r.Answer) + int64(len(key)) + entryOverhead}
	ac.mu.Lock()
	defer ac.mu.Unlock()
	ac.order.Remove(key) // its callback forgets an earlier entry and its bytes
	ac.c.Set(key, e, gocache.NoExpiration)
	ac.used += e.size
	ac.order.Add(key, e.size) // evicts the oldest beyond maxEntries
	for ac.used > ac.maxBytes && ac.order.Len() > 0 {
		ac.order.RemoveOldest()
	}
}

// len returns the number of entries held, expired ones included.
func (ac *answerCache) len() int {
	ac.mu.Lock()
	defer ac.mu.Unlock()
	return ac.order.Len()
}

// bytes returns the estimated size of the entries held.
func (ac *answerCache) bytes() int64 {
	ac.mu.Lock()
	defer ac.mu.Unlock()
	return ac.used
}
