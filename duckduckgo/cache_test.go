package duckduckgo

import (
	"fmt"
	"testing"
	"time"
)

// Ensure the ring bounds the items held, expired ones included, and that
// an old slot never evicts a key inserted again since.
func TestAnswerCacheBound(t *testing.T) {
	clock := newClock()
	c := newAnswerCache(3, clock.Now)
	put := func(k string) { c.put(k, Answer{Heading: k}, time.Minute, time.Minute) }

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
	clock := newClock()
	c := newAnswerCache(10, clock.Now)
	c.put("k", Answer{Heading: "h"}, time.Minute, time.Hour)
	now := clock.Now()
	e, ok := c.get("k")
	if !ok || !now.Before(e.fresh) {
		t.Fatal("new entry not fresh")
	}
	clock.Advance(30 * time.Minute)
	e, ok = c.get("k")
	if !ok || clock.Now().Before(e.fresh) {
		t.Fatal("entry not stale-servable after its TTL")
	}
	clock.Advance(31 * time.Minute)
	if _, ok := c.get("k"); ok {
		t.Fatal("entry served after TTL+StaleFor")
	}
}
