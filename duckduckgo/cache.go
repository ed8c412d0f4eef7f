package duckduckgo

import (
	"sync"
	"time"

	gocache "github.com/patrickmn/go-cache"
)

// entry is a cached answer. It is fresh until fresh and may be served as
// stale until stale; go-cache expires the item at stale.
type entry struct {
	ans   Answer
	fresh time.Time
	stale time.Time
	seq   uint64 // insertion number, to tell a re-inserted key from its old ring slot
}

// slot is one insertion remembered by the FIFO ring.
type slot struct {
	key string
	seq uint64
}

// answerCache is a typed, size-bounded wrapper around go-cache. go-cache
// has no size bound and, without its janitor, keeps expired items, so a
// ring of the last max insertions decides what to evict: inserting into a
// full ring deletes the oldest insertion's item unless that key was
// re-inserted since. Every item in go-cache has its latest insertion in
// the ring, so at most max items are held, expired ones included. Inserts
// are O(1).
type answerCache struct {
	c   *gocache.Cache
	now func() time.Time

	mu   sync.Mutex // orders ring updates with the go-cache writes they imply
	ring []slot
	next int // ring index of the next insertion (the oldest slot when full)
	seq  uint64
}

func newAnswerCache(maxEntries int, now func() time.Time) *answerCache {
	// Cleanup interval 0: no janitor goroutine; the ring bounds memory.
	return &answerCache{
		c:    gocache.New(gocache.NoExpiration, 0),
		now:  now,
		ring: make([]slot, maxEntries),
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
	if !ac.now().Before(e.stale) {
		return nil, false
	}
	return e, true
}

// put stores a for ttl, servable as stale for staleFor after that.
func (ac *answerCache) put(key string, a Answer, ttl, staleFor time.Duration) {
	now := ac.now()
	ac.mu.Lock()
	defer ac.mu.Unlock()
	ac.seq++
	old := ac.ring[ac.next]
	if old.seq != 0 {
		ac.evict(old)
	}
	ac.ring[ac.next] = slot{key: key, seq: ac.seq}
	ac.next = (ac.next + 1) % len(ac.ring)
	e := &entry{ans: a, fresh: now.Add(ttl), stale: now.Add(ttl + staleFor), seq: ac.seq}
	ac.c.Set(key, e, ttl+staleFor)
}

// evict deletes the item of an old ring slot unless the key was inserted
// again since. An item go-cache considers expired is deleted either way.
func (ac *answerCache) evict(s slot) {
	if v, ok := ac.c.Get(s.key); ok && v.(*entry).seq != s.seq {
		return
	}
	ac.c.Delete(s.key)
}

// len returns the number of items held, expired ones included.
func (ac *answerCache) len() int { return ac.c.ItemCount() }
