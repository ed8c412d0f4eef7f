package duckduckgo

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/ddgbot/ddgbot/store"
	"github.com/ddgbot/ddgbot/store/redistest"
)

// redisStore opens a connected Redis store under a key prefix of the
// benchmark's own.
func redisStore(b *testing.B) *store.Redis {
	b.Helper()
	db := redistest.Shared(b)
	st, err := store.NewRedis(store.Options{URL: db.URL(), Prefix: db.Prefix})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(st.Close)
	for st.Bypassed() {
		time.Sleep(5 * time.Millisecond)
	}
	return st
}

// reportQuantiles reports the median and 99th percentile of ds.
func reportQuantiles(b *testing.B, ds []time.Duration) {
	slices.Sort(ds)
	b.ReportMetric(float64(ds[len(ds)/2])/1e3, "p50-µs")
	b.ReportMetric(float64(ds[len(ds)*99/100])/1e3, "p99-µs")
}

// BenchmarkSharedHit compares a lookup answered by the replica's own cache
// (l1) with one answered by Redis (l2: the replica's cache holds one entry
// and two questions alternate, so every lookup misses it).
func BenchmarkSharedHit(b *testing.B) {
	st := redisStore(b)
	ctx := context.Background()
	api := &apiFake{}
	for name, entries := range map[string]int{"l1": 100, "l2": 1} {
		b.Run(name, func(b *testing.B) {
			sh := NewShared(api, st, sharedOptions(SharedOptions{}))
			svc := NewService(sh, serviceOptions(ServiceOptions{MaxEntries: entries}))
			defer func() { svc.Close(); sh.Close() }()
			qs := []string{"malaria " + name, "dengue " + name}
			for _, q := range qs {
				if _, err := svc.Lookup(ctx, q); err != nil {
					b.Fatal(err)
				}
			}
			sh.Close() // the answers are in Redis
			calls := api.calls.Load()
			ds := make([]time.Duration, 0, b.N)
			i := 0
			for b.Loop() {
				start := time.Now()
				if _, err := svc.Lookup(ctx, qs[i%2]); err != nil {
					b.Fatal(err)
				}
				ds = append(ds, time.Since(start))
				i++
			}
			// A Redis call past its 50ms deadline (a loaded machine) falls
			// back to the API, as it should; count how often.
			b.ReportMetric(float64(api.calls.Load()-calls), "api-calls")
			reportQuantiles(b, ds)
		})
	}
}

// BenchmarkWarmLookup measures repeated questions (answered by the
// replica's own cache) with and without Redis configured.
func BenchmarkWarmLookup(b *testing.B) {
	ctx := context.Background()
	for _, name := range []string{"without-redis", "with-redis"} {
		b.Run(name, func(b *testing.B) {
			var f Fetcher = &apiFake{}
			if name == "with-redis" {
				sh := NewShared(f, redisStore(b), sharedOptions(SharedOptions{}))
				defer sh.Close()
				f = sh
			}
			svc := NewService(f, serviceOptions(ServiceOptions{}))
			defer svc.Close()
			if _, err := svc.Lookup(ctx, "malaria"); err != nil {
				b.Fatal(err)
			}
			b.ResetTimer() // connecting to Redis and the first lookup are not what is measured
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if _, err := svc.Lookup(ctx, "Malaria"); err != nil {
						b.Error(err)
						return
					}
				}
			})
		})
	}
}
