package actions

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hashicorp/golang-lru/v2/simplelru"
)

// Almost every poll asks the shared store about a conversation with no pin
// and a query nobody marked, and each question costs a round trip to
// Redis. absent remembers such "nothing stored" answers in the process,
// and forgets them all whenever any replica changes something: a replica
// that applies a callback writes a new value under the deployment's
// version key, and every replica reads that key in the background at most
// every absentCheck while it is busy. A remembered answer is trusted only
// while the version was read less than absentFresh ago, so a click on one
// replica steers the others within absentFresh: well before Turn, told to
// refresh by the click's answer, can poll again over the internet. A busy
// replica reads the version 100 times a second instead of asking twice
// per poll; an idle one reads it once for its next poll.
const (
	absentCheck   = 10 * time.Millisecond
	absentFresh   = 25 * time.Millisecond
	absentEntries = 10000
	versionTTL    = 7 * 24 * time.Hour // longer than anything it guards; a lapsed key reads as a change
)

// absent is the set of store keys known to hold nothing, valid for one
// generation of the deployment's version.
type absent struct {
	st      Store
	key     string // the version key
	now     func() time.Time
	ttl     time.Duration // how long a remembered answer is kept at most
	gen     atomic.Uint64 // bumped whenever the version changes or cannot be read
	checked atomic.Int64  // unix nanos of the last good read of the version
	busy    atomic.Bool   // a background read is under way

	mu      sync.Mutex
	version string // as last read; "" for none
	keys    *simplelru.LRU[string, absentEntry]
}

type absentEntry struct {
	gen   uint64
	until time.Time
}

func newAbsent(st Store, key string, ttl time.Duration, now func() time.Time) *absent {
	keys, err := simplelru.NewLRU[string, absentEntry](absentEntries, nil)
	if err != nil {
		panic(err) // only for a size below 1
	}
	return &absent{st: st, key: key, ttl: ttl, now: now, keys: keys}
}

// has reports whether key is known to hold nothing. It reads the version
// first when the last read is too old to trust (then the caller waits for
// one round trip), and in the background when one is due.
func (a *absent) has(ctx context.Context, key string) bool {
	now := a.now()
	age := now.UnixNano() - a.checked.Load()
	switch {
	case age >= int64(absentFresh):
		a.check(ctx)
	case age >= int64(absentCheck) && a.busy.CompareAndSwap(false, true):
		go func() {
			defer a.busy.Store(false)
			a.check(context.Background()) // the store bounds each operation
		}()
	}
	if a.now().UnixNano()-a.checked.Load() >= int64(absentFresh) {
		return false // the version could not be read: ask the store
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	e, ok := a.keys.Get(key)
	return ok && e.gen == a.gen.Load() && now.Before(e.until)
}

// add remembers that key held nothing when read in generation gen (read
// before the store was asked, so a change meanwhile discards it).
func (a *absent) add(key string, gen uint64) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.keys.Add(key, absentEntry{gen: gen, until: a.now().Add(a.ttl)})
}

// check reads the version; a change or a failure starts a new generation.
func (a *absent) check(ctx context.Context) {
	start := a.now()
	b, _, err := a.st.Get(ctx, a.key)
	a.mu.Lock()
	defer a.mu.Unlock()
	if err != nil {
		a.gen.Add(1)
		a.checked.Store(0)
		return
	}
	if string(b) != a.version {
		a.version = string(b)
		a.gen.Add(1)
	}
	if start.UnixNano() > a.checked.Load() {
		a.checked.Store(start.UnixNano())
	}
}

// changed tells every replica that state changed: a new version, and a
// new generation here at once.
func (a *absent) changed(ctx context.Context) error {
	a.gen.Add(1)
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails
	return a.st.Set(ctx, a.key, []byte(hex.EncodeToString(b[:])), versionTTL)
}
