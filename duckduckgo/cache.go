package duckduckgo

import (
	"container/list"
	"sync"
	"time"

	gocache "github.com/patrickmn/go-cache"
)

// entryOverhead estimates what an entry costs beside its answer: the
// entry, its list element, go-cache's item and map slot, and the key.
const entryOverhead = 256

// entry is a cached Record. It is not modified once stored.
type entry struct {
	Record
	size int64         // estimated bytes, key and overhead included
	elem *list.Element // the key's place in answerCache.order
}

// answerCache is a typed wrapper around go-cache bounded by entries and by
// estimated bytes: inserting beyond either bound evicts the oldest
// insertions first, expired or not. go-cache holds the entries (without
// its janitor, and without expiry: freshness is decided here by the
// injected clock); a list of keys in insertion order decides eviction.
// Memory grows with what is stored, never with the bounds.
type answerCache struct {
	c          *gocache.Cache
	now        func() time.Time
	maxEntries int
	maxBytes   int64

	mu    sync.Mutex // orders list and byte updates with the go-cache writes they imply
	order *list.List // of keys, oldest first; one element per stored key
	used  int64
}

func newAnswerCache(maxEntries int, maxBytes int64, now func() time.Time) *answerCache {
	return &answerCache{
		c:          gocache.New(gocache.NoExpiration, 0),
		now:        now,
		maxEntries: maxEntries,
		maxBytes:   maxBytes,
		order:      list.New(),
	}
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
	if v, ok := ac.c.Get(key); ok {
		old := v.(*entry)
		ac.order.Remove(old.elem)
		ac.used -= old.size
	}
	e.elem = ac.order.PushBack(key)
	ac.used += e.size
	ac.c.Set(key, e, gocache.NoExpiration)
	for ac.order.Len() > ac.maxEntries || ac.used > ac.maxBytes {
		ac.evictOldest()
	}
}

func (ac *answerCache) evictOldest() {
	key := ac.order.Remove(ac.order.Front()).(string)
	if v, ok := ac.c.Get(key); ok {
		ac.used -= v.(*entry).size
	}
	ac.c.Delete(key)
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
