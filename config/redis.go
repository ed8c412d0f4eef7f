package config

import (
	"fmt"
	"math"
	"net/url"
	"strings"
	"time"
)

// Redis configures the state shared by replicas. An empty URL keeps
// everything in the process (one replica).
type Redis struct {
	URL       string        `mapstructure:"url"`
	KeyPrefix string        `mapstructure:"key_prefix"`
	Timeout   time.Duration `mapstructure:"timeout"`
}

// validateShared checks the redis.* keys and duckduckgo.max_rate.
func (c *Config) validateShared(bad func(key, why string)) {
	r := c.Redis
	if r.URL != "" {
		u, err := url.Parse(r.URL)
		switch {
		case err != nil:
			bad("redis.url", "is not a URL")
		case u.Scheme != "redis" && u.Scheme != "rediss" && u.Scheme != "unix":
			bad("redis.url", fmt.Sprintf("is %s; want redis://host:port/db, rediss:// (TLS) or unix://", RedactURL(r.URL)))
		case u.Scheme != "unix" && u.Hostname() == "":
			bad("redis.url", fmt.Sprintf("is %s; it names no host", RedactURL(r.URL)))
		}
	}
	if r.KeyPrefix == "" || len(r.KeyPrefix) > 64 || strings.ContainsAny(r.KeyPrefix, " \t\r\n") {
		bad("redis.key_prefix", "must be 1 to 64 characters without spaces")
	}
	if r.Timeout <= 0 {
		bad("redis.timeout", "must be a positive duration")
	} else if r.Timeout >= c.Turn.ResponseTimeout {
		bad("redis.timeout", "must be shorter than turn.response_timeout")
	}
	if mr := c.DuckDuckGo.MaxRate; mr < 0 || math.IsNaN(mr) || math.IsInf(mr, 0) {
		bad("duckduckgo.max_rate", "must be a number of requests per second, 0 (unlimited) or more")
	} else if mr > 0 && r.URL == "" {
		bad("duckduckgo.max_rate", "limits the replicas sharing redis.url, which is not set; one replica is bounded by duckduckgo.max_concurrency")
	}
}
