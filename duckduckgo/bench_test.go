package duckduckgo_test

import (
	"context"
	"os"
	"testing"

	"github.com/ddgbot/ddgbot/config"
	"github.com/ddgbot/ddgbot/duckduckgo"
	"github.com/ddgbot/ddgbot/duckduckgo/ddgtest"
	"github.com/ddgbot/ddgbot/instant"
)

// BenchmarkLookupHit measures Service.Lookup for a question already in the
// cache: the path every repeated question takes.
func BenchmarkLookupHit(b *testing.B) {
	fake, err := ddgtest.NewFixtureServer("../testdata/ddg")
	if err != nil {
		b.Fatal(err)
	}
	defer fake.Close()
	raw, err := os.ReadFile("../config.yaml")
	if err != nil {
		b.Fatal(err)
	}
	cfg, err := config.Load(raw, "", nil)
	if err != nil {
		b.Fatal(err)
	}
	d, c := cfg.DuckDuckGo, cfg.Cache
	client := duckduckgo.NewClient(duckduckgo.ClientOptions{BaseURL: fake.URL, AppName: d.AppName, Timeout: d.Timeout})
	defer client.CloseIdleConnections()
	s := duckduckgo.NewService(client, duckduckgo.ServiceOptions{
		TTL: c.TTL, NegativeTTL: c.NegativeTTL, StaleFor: c.StaleFor, MaxEntries: c.MaxEntries, MaxBytes: c.MaxBytes,
		LookupTimeout: d.LookupTimeout, AttemptTimeout: d.Timeout, MaxConcurrency: d.MaxConcurrency, MaxPending: d.MaxPending,
		BreakerFailures: d.BreakerFailures, BreakerCooldown: d.BreakerCooldown, MaxRetryAfter: d.MaxRetryAfter,
		ObserveCache: func(duckduckgo.CacheOutcome) {},
	})
	defer s.Close()
	ctx := context.Background()
	if a, err := s.Lookup(ctx, "typescript"); err != nil || a.Heading == "" {
		b.Fatalf("warming: %+v, %v", a, err)
	}

	b.Run("serial", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := s.Lookup(ctx, "TypeScript"); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("parallel", func(b *testing.B) {
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if _, err := s.Lookup(ctx, "TypeScript"); err != nil {
					b.Error(err)
					return
				}
			}
		})
	})
	if n := fake.Requests(); n != 1 {
		b.Fatalf("%d upstream requests, want 1", n)
	}
}

// BenchmarkDecode measures decoding a recorded article, the first step of
// every upstream answer (the cold path).
func BenchmarkDecode(b *testing.B) {
	body, err := os.ReadFile("../testdata/ddg/article-reddit.json")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := instant.Decode(body); err != nil {
			b.Fatal(err)
		}
	}
}
