package duckduckgo

import (
	"os"
	"testing"

	"github.com/ddgbot/ddgbot/config"
)

// Ensure the package defaults agree with the shipped config.yaml, so that
// a caller leaving a field zero gets what the documentation says.
func TestDefaultsAgreeWithConfig(t *testing.T) {
	b, err := os.ReadFile("../config.yaml")
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(b, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	var o ServiceOptions
	o.defaults()
	c := NewClient(ClientOptions{})
	d, cc := cfg.DuckDuckGo, cfg.Cache
	tests := []struct {
		key       string
		got, want any
	}{
		{"duckduckgo.base_url", c.opts.BaseURL, d.BaseURL},
		{"duckduckgo.app_name", c.opts.AppName, d.AppName},
		{"duckduckgo.timeout", c.opts.Timeout, d.Timeout},
		{"duckduckgo.timeout (service)", o.AttemptTimeout, d.Timeout},
		{"duckduckgo.lookup_timeout", o.LookupTimeout, d.LookupTimeout},
		{"duckduckgo.max_concurrency", o.MaxConcurrency, d.MaxConcurrency},
		{"duckduckgo.max_pending", o.MaxPending, d.MaxPending},
		{"duckduckgo.breaker_failures", o.BreakerFailures, d.BreakerFailures},
		{"duckduckgo.breaker_cooldown", o.BreakerCooldown, d.BreakerCooldown},
		{"duckduckgo.max_retry_after", o.MaxRetryAfter, d.MaxRetryAfter},
		{"cache.ttl", o.TTL, cc.TTL},
		{"cache.negative_ttl", o.NegativeTTL, cc.NegativeTTL},
		{"cache.stale_for", o.StaleFor, cc.StaleFor},
		{"cache.max_entries", o.MaxEntries, cc.MaxEntries},
		{"cache.max_bytes", o.MaxBytes, cc.MaxBytes},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: package default %v, config.yaml %v", tt.key, tt.got, tt.want)
		}
	}
}
