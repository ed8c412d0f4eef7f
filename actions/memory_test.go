package actions

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// Ensure Memory forgets keys after their ttl, copies values, and never
// holds more than its bound, preferring expired keys when it evicts.
func TestMemory(t *testing.T) {
	ctx := context.Background()
	c := &clock{t: time.Unix(1_800_000_000, 0)}
	m := NewMemory(3)
	m.now = c.Now
	val := []byte("v")
	_ = m.Set(ctx, "a", val, time.Minute)
	val[0] = 'x'
	if got, ok, _ := m.Get(ctx, "a"); !ok || string(got) != "v" {
		t.Fatalf("get a: %q %v", got, ok)
	}
	_ = m.Set(ctx, "short", []byte("s"), time.Second)
	_ = m.Set(ctx, "b", []byte("b"), time.Minute)
	c.Add(2 * time.Second)
	_ = m.Set(ctx, "c", []byte("c"), time.Minute) // full: the expired key goes
	if _, ok, _ := m.Get(ctx, "a"); !ok {
		t.Fatal("live key evicted while an expired one was held")
	}
	for i := range 20 {
		_ = m.Set(ctx, fmt.Sprint("k", i), []byte("k"), time.Minute)
		if m.Len() > 3 {
			t.Fatalf("%d keys held, bound 3", m.Len())
		}
	}
	_ = m.Set(ctx, "a", []byte("new"), time.Minute)
	_ = m.Delete(ctx, "a")
	if _, ok, _ := m.Get(ctx, "a"); ok {
		t.Fatal("deleted key found")
	}
	_ = m.Set(ctx, "d", []byte("d"), time.Minute)
	c.Add(time.Minute)
	if _, ok, _ := m.Get(ctx, "d"); ok {
		t.Fatal("key outlived its ttl")
	}
}
