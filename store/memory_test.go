package store

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// Ensure Memory never holds more than its bound, preferring to evict
// expired entries, and expires entries by its clock.
func TestMemoryBounds(t *testing.T) {
	ctx := context.Background()
	now := time.Unix(1000, 0)
	m := NewMemory(10)
	m.now = func() time.Time { return now }
	for i := range 5 {
		_ = m.Set(ctx, fmt.Sprint("short", i), []byte("x"), time.Second)
	}
	for i := range 5 {
		_ = m.Set(ctx, fmt.Sprint("long", i), []byte("x"), time.Hour)
	}
	now = now.Add(2 * time.Second) // the short ones expire
	for i := range 5 {
		_ = m.Set(ctx, fmt.Sprint("new", i), []byte("x"), time.Hour)
	}
	if n := m.Len(); n != 10 {
		t.Fatalf("Len = %d, want 10", n)
	}
	for i := range 5 {
		if _, ok, _ := m.Get(ctx, fmt.Sprint("long", i)); !ok {
			t.Errorf("long%d evicted although expired entries were there", i)
		}
	}
	for i := range 100 {
		_ = m.Set(ctx, fmt.Sprint("more", i), []byte("x"), time.Hour)
	}
	if n := m.Len(); n != 10 {
		t.Fatalf("Len after 100 more = %d, want 10", n)
	}
}

// Ensure GCRA on Memory lets rate per second through over time.
func TestMemoryAllowOverTime(t *testing.T) {
	ctx := context.Background()
	now := time.Unix(1000, 0)
	m := NewMemory(10)
	m.now = func() time.Time { return now }
	granted := 0
	for range 1000 { // 10s in steps of 10ms at 5/s, burst 1
		if w, _ := m.Allow(ctx, "r", 5, 1); w == 0 {
			granted++
		}
		now = now.Add(10 * time.Millisecond)
	}
	if granted != 50 {
		t.Fatalf("granted %d in 10s at 5/s, want 50", granted)
	}
}

// Ensure waits that end without a value leave nothing behind.
func TestMemoryAwaitForgetsWaiters(t *testing.T) {
	m := NewMemory(10)
	ctx := context.Background()
	_, _, _ = m.Lease(ctx, "l", time.Hour)
	for range 3 {
		cctx, cancel := context.WithTimeout(ctx, time.Millisecond)
		_, _, _ = m.Await(cctx, "v", "l", 0)
		cancel()
	}
	m.mu.Lock()
	n := len(m.waiters)
	m.mu.Unlock()
	if n != 0 {
		t.Fatalf("%d keys still have waiters after every wait ended", n)
	}
}
