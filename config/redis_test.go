package config

import (
	"strings"
	"testing"
	"time"
)

// Ensure the shared-state keys default to off and load from the
// environment.
func TestRedisKeys(t *testing.T) {
	t.Parallel()
	c, err := Load(defaults(t), "", nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.Redis.URL != "" || c.Redis.KeyPrefix != "ddgbot:v1:" || c.Redis.Timeout != 50*time.Millisecond || c.DuckDuckGo.MaxRate != 0 {
		t.Fatalf("defaults: %+v, max_rate %v", c.Redis, c.DuckDuckGo.MaxRate)
	}
	c, err = Load(defaults(t), "", []string{
		"DDGBOT_REDIS_URL=redis://:pw@redis:6379/1", "DDGBOT_REDIS_TIMEOUT=80ms",
		"DDGBOT_REDIS_KEY_PREFIX=helpline:", "DDGBOT_DUCKDUCKGO_MAX_RATE=2.5",
	})
	if err != nil {
		t.Fatal(err)
	}
	if c.Redis.URL != "redis://:pw@redis:6379/1" || c.Redis.KeyPrefix != "helpline:" || c.Redis.Timeout != 80*time.Millisecond || c.DuckDuckGo.MaxRate != 2.5 {
		t.Fatalf("from env: %+v, max_rate %v", c.Redis, c.DuckDuckGo.MaxRate)
	}
}

// Ensure bad shared-state settings name their key and never show the
// Redis password.
func TestRedisInvalid(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, env, key string
	}{
		{"scheme", "DDGBOT_REDIS_URL=http://:s3cret@redis:6379", "redis.url"},
		{"no host", "DDGBOT_REDIS_URL=redis://:s3cret@/0", "redis.url"},
		{"unparsable", "DDGBOT_REDIS_URL=redis://:s3cret@red is", "redis.url"},
		{"empty prefix", "DDGBOT_REDIS_KEY_PREFIX=", "redis.key_prefix"},
		{"zero timeout", "DDGBOT_REDIS_TIMEOUT=0s", "redis.timeout"},
		{"timeout beyond turn's", "DDGBOT_REDIS_TIMEOUT=5s", "redis.timeout"},
		{"negative rate", "DDGBOT_DUCKDUCKGO_MAX_RATE=-1", "duckduckgo.max_rate"},
		{"NaN rate", "DDGBOT_DUCKDUCKGO_MAX_RATE=NaN", "duckduckgo.max_rate"},
		{"rate without redis", "DDGBOT_DUCKDUCKGO_MAX_RATE=2", "duckduckgo.max_rate"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := Load(defaults(t), "", []string{tc.env})
			if err == nil || !strings.Contains(err.Error(), tc.key) {
				t.Fatalf("err = %v, want one naming %s", err, tc.key)
			}
			if strings.Contains(err.Error(), "s3cret") {
				t.Fatalf("error shows the password: %v", err)
			}
		})
	}
}

// Ensure the Redis password never reaches the start-up log.
func TestRedisURLRedacted(t *testing.T) {
	t.Parallel()
	c, err := Load(defaults(t), "", []string{"DDGBOT_REDIS_URL=redis://:s3cret@redis:6379/0"})
	if err != nil {
		t.Fatal(err)
	}
	if r := c.Redacted(); strings.Contains(r.Redis.URL, "s3cret") || c.Redis.URL != "redis://:s3cret@redis:6379/0" {
		t.Fatalf("Redacted redis.url = %q (original %q)", r.Redis.URL, c.Redis.URL)
	}
}
