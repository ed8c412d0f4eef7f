package config

import (
	"fmt"
	"net/url"
	"time"
)

// DuckDuckGo configures the upstream client and its politeness limits.
type DuckDuckGo struct {
	BaseURL         string        `mapstructure:"base_url"`
	AppName         string        `mapstructure:"app_name"`
	Region          string        `mapstructure:"region"`
	Timeout         time.Duration `mapstructure:"timeout"`
	MaxRetries      int           `mapstructure:"max_retries"`
	LookupTimeout   time.Duration `mapstructure:"lookup_timeout"`
	MaxConcurrency  int           `mapstructure:"max_concurrency"`
	MaxPending      int           `mapstructure:"max_pending"`
	BreakerFailures int           `mapstructure:"breaker_failures"`
	BreakerCooldown time.Duration `mapstructure:"breaker_cooldown"`
	MaxRetryAfter   time.Duration `mapstructure:"max_retry_after"`
	MaxRate         float64       `mapstructure:"max_rate"` // requests per second for the whole fleet (needs redis.url); 0 = unlimited
}

// MaxCacheEntries is the largest cache.max_entries accepted. Memory is
// bounded by cache.max_bytes either way; this catches a typo'd exponent.
const MaxCacheEntries = 1_000_000

// Cache configures the answer cache, bounded by entries and by bytes.
type Cache struct {
	TTL         time.Duration `mapstructure:"ttl"`
	NegativeTTL time.Duration `mapstructure:"negative_ttl"`
	StaleFor    time.Duration `mapstructure:"stale_for"`
	MaxEntries  int           `mapstructure:"max_entries"`
	MaxBytes    int64         `mapstructure:"max_bytes"`
}

func (c *Config) validateDuckDuckGo(bad func(key, why string)) {
	d := c.DuckDuckGo
	positive(bad, "duckduckgo.timeout", d.Timeout)
	positive(bad, "duckduckgo.lookup_timeout", d.LookupTimeout)
	positive(bad, "duckduckgo.breaker_cooldown", d.BreakerCooldown)
	positive(bad, "duckduckgo.max_retry_after", d.MaxRetryAfter)
	if u, err := url.Parse(d.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		bad("duckduckgo.base_url", fmt.Sprintf("is %q; want an http(s) URL", RedactURL(d.BaseURL)))
	}
	if d.AppName == "" {
		bad("duckduckgo.app_name", "must not be empty (DuckDuckGo asks for it)")
	}
	if d.MaxRetries < 0 || d.MaxRetries > 10 {
		bad("duckduckgo.max_retries", "must be between 0 and 10")
	}
	if d.MaxConcurrency < 1 {
		bad("duckduckgo.max_concurrency", "must be at least 1")
	}
	if d.MaxPending < d.MaxConcurrency {
		bad("duckduckgo.max_pending", "must be at least duckduckgo.max_concurrency")
	}
	if d.BreakerFailures < 1 {
		bad("duckduckgo.breaker_failures", "must be at least 1")
	}
}

func (c *Config) validateCache(bad func(key, why string)) {
	cc := c.Cache
	positive(bad, "cache.ttl", cc.TTL)
	positive(bad, "cache.negative_ttl", cc.NegativeTTL)
	if cc.StaleFor < 0 {
		bad("cache.stale_for", "must not be negative")
	}
	if cc.MaxEntries < 1 || cc.MaxEntries > MaxCacheEntries {
		bad("cache.max_entries", fmt.Sprintf("must be between 1 and %d", MaxCacheEntries))
	}
	if cc.MaxBytes < 1<<20 {
		bad("cache.max_bytes", "must be at least 1048576 (1 MiB)")
	}
}
