package duckduckgo

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/ddgbot/ddgbot/instant"
)

// Ensure the ring bounds the items held, expired ones included, and that
// an old slot never evicts a key inserted again since.
func TestAnswerCacheBound(t *testing.T) {
	t.Parallel()
	clock := newClock()
	c := newAnswerCache(3, 1<<30, clock.Now)
	put := func(k string) { c.put(k, rec(clock, instant.Answer{Heading: k}, time.Minute, time.Minute)) }

	put("a")
	put("b")
	put("a") // re-inserted: its first slot must not evict it
	put("c") // evicts slot 1 ("a", old seq): kept, newer seq
	if _, ok := c.get("a"); !ok {
		t.Fatal("re-inserted key evicted by its old slot")
	}
	put("d") // evicts "b"
	if _, ok := c.get("b"); ok {
		t.Error("oldest key not evicted")
	}
	if c.len() > 3 {
		t.Errorf("len = %d, want <= 3", c.len())
	}

	clock.Advance(time.Hour) // everything past its stale window
	for _, k := range []string{"a", "c", "d"} {
		if _, ok := c.get(k); ok {
			t.Errorf("%s served after its stale window", k)
		}
	}
	for i := range 100 {
		put(fmt.Sprint("k", i))
		if c.len() > 3 {
			t.Fatalf("len = %d after %d more inserts", c.len(), i+1)
		}
	}
}

// Ensure get tells fresh from stale by the injected clock.
func TestAnswerCacheFreshness(t *testing.T) {
	t.Parallel()
	clock := newClock()
	c := newAnswerCache(10, 1<<30, clock.Now)
	c.put("k", rec(clock, instant.Answer{Heading: "h"}, time.Minute, time.Hour))
	now := clock.Now()
	e, ok := c.get("k")
	if !ok || !now.Before(e.Fresh) {
		t.Fatal("new entry not fresh")
	}
	clock.Advance(30 * time.Minute)
	e, ok = c.get("k")
	if !ok || clock.Now().Before(e.Fresh) {
		t.Fatal("entry not stale-servable after its TTL")
	}
	clock.Advance(31 * time.Minute)
	if _, ok := c.get("k"); ok {
		t.Fatal("entry served after TTL+StaleFor")
	}
}

// Ensure the byte bound evicts oldest first, a replaced entry's bytes are
// given back, and an answer larger than the bound is not kept.
func TestAnswerCacheBytes(t *testing.T) {
	t.Parallel()
	clock := newClock()
	one := instant.Answer{AbstractText: strings.Repeat("x", 1000)}
	per := answerSize(&one) + 1 + entryOverhead // keys are one byte
	c := newAnswerCache(1000, 3*per, clock.Now)
	for _, k := range []string{"a", "b", "c", "a", "a"} {
		c.put(k, rec(clock, one, time.Minute, time.Minute))
	}
	if c.len() != 3 || c.bytes() != 3*per {
		t.Fatalf("len %d bytes %d; want 3, %d", c.len(), c.bytes(), 3*per)
	}
	c.put("d", rec(clock, one, time.Minute, time.Minute)) // evicts "b", the oldest now
	if _, ok := c.get("b"); ok {
		t.Error("oldest entry kept beyond the byte bound")
	}
	for _, k := range []string{"a", "c", "d"} {
		if _, ok := c.get(k); !ok {
			t.Errorf("%s evicted", k)
		}
	}
	c.put("huge", rec(clock, instant.Answer{AbstractText: strings.Repeat("x", int(4*per))}, time.Minute, time.Minute))
	if _, ok := c.get("huge"); ok || c.bytes() > 3*per {
		t.Errorf("answer larger than the bound kept, bytes %d", c.bytes())
	}
}

// Ensure nothing is allocated up front in proportion to the entry bound.
func TestAnswerCacheNoUpFrontAllocation(t *testing.T) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	c := newAnswerCache(1_000_000, 64<<20, time.Now)
	runtime.ReadMemStats(&after)
	if got := after.TotalAlloc - before.TotalAlloc; got > 64<<10 {
		t.Errorf("a 1,000,000-entry cache allocated %d bytes up front", got)
	}
	runtime.KeepAlive(c)
}

// rec is a Record of a stored now for ttl, then stale for staleFor.
func rec(clock *fakeClock, a instant.Answer, ttl, staleFor time.Duration) Record {
	now := clock.Now()
	return Record{Answer: a, Fresh: now.Add(ttl), Stale: now.Add(ttl + staleFor)}
}
