// Package config loads ddgbot's settings: the embedded defaults, an optional
// YAML file over them, and DDGBOT_<SECTION>_<KEY> environment variables over
// both.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"github.com/ddgbot/ddgbot/query"
	"log/slog"
	"net/url"
	"strings"
	"time"

	"github.com/spf13/viper"
)

// Config holds every setting. The mapstructure names are the public
// interface of config.yaml; keep them.
type Config struct {
	Server      Server      `mapstructure:"server"`
	Turn        Turn        `mapstructure:"turn"`
	DuckDuckGo  DuckDuckGo  `mapstructure:"duckduckgo"`
	Cache       Cache       `mapstructure:"cache"`
	Suggestions Suggestions `mapstructure:"suggestions"`
	Log         Log         `mapstructure:"log"`
	Metrics     Metrics     `mapstructure:"metrics"`
}

// Server configures the HTTP listener.
type Server struct {
	Addr              string        `mapstructure:"addr"`
	Path              string        `mapstructure:"path"`
	ReadHeaderTimeout time.Duration `mapstructure:"read_header_timeout"`
	ReadTimeout       time.Duration `mapstructure:"read_timeout"`
	WriteTimeout      time.Duration `mapstructure:"write_timeout"`
	IdleTimeout       time.Duration `mapstructure:"idle_timeout"`
	ShutdownTimeout   time.Duration `mapstructure:"shutdown_timeout"`
	MaxHeaderBytes    int           `mapstructure:"max_header_bytes"`
	MaxBodyBytes      int64         `mapstructure:"max_body_bytes"`
	RateLimit         float64       `mapstructure:"rate_limit"`
	RateBurst         int           `mapstructure:"rate_burst"`
}

// Turn configures how Turn authenticates and how fast it is answered.
type Turn struct {
	AuthType        string        `mapstructure:"auth_type"`
	APIToken        string        `mapstructure:"api_token"`
	HMACSecret      string        `mapstructure:"hmac_secret"`
	ResponseTimeout time.Duration `mapstructure:"response_timeout"`
	ContextCard     bool          `mapstructure:"context_card"`
}

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
}

// Cache configures the answer cache.
type Cache struct {
	TTL         time.Duration `mapstructure:"ttl"`
	NegativeTTL time.Duration `mapstructure:"negative_ttl"`
	StaleFor    time.Duration `mapstructure:"stale_for"`
	MaxEntries  int           `mapstructure:"max_entries"`
}

// Suggestions configures what is offered to the operator.
type Suggestions struct {
	Max         int      `mapstructure:"max"`
	MaxChars    int      `mapstructure:"max_chars"`
	Attribution bool     `mapstructure:"attribution"`
	Ignore      []string `mapstructure:"ignore"`
	// Languages extends the built-in word lists by language code
	// ("pt", "zu", or a new one): sections as in query.Lists.
	Languages map[string]query.Lists `mapstructure:"languages"`
}

// Log configures the structured logger.
type Log struct {
	Level  string `mapstructure:"level"`
	Format string `mapstructure:"format"`
}

// Metrics configures the Prometheus endpoint.
type Metrics struct {
	Enabled     bool   `mapstructure:"enabled"`
	Path        string `mapstructure:"path"`
	RequireAuth bool   `mapstructure:"require_auth"`
}

// EnvPrefix starts every environment variable that overrides a key.
const EnvPrefix = "DDGBOT_"

// Load reads defaults (the embedded config.yaml), then the file at path if
// path is not empty, then overrides from environ ("KEY=value" pairs, as
// os.Environ returns them), and validates the result. Unknown keys in the
// file are an error, so a typo does not pass silently.
func Load(defaults []byte, path string, environ []string) (Config, error) {
	v := viper.New()
	v.SetConfigType("yaml")
	if err := v.ReadConfig(bytes.NewReader(defaults)); err != nil {
		return Config{}, fmt.Errorf("embedded defaults: %w", err)
	}
	if path != "" {
		v.SetConfigFile(path)
		if err := v.MergeInConfig(); err != nil {
			return Config{}, fmt.Errorf("config file %s: %w", path, err)
		}
	}
	env := make(map[string]string, len(environ))
	for _, kv := range environ {
		if k, val, ok := strings.Cut(kv, "="); ok && strings.HasPrefix(k, EnvPrefix) {
			env[k] = val
		}
	}
	for _, key := range v.AllKeys() {
		if val, ok := env[EnvName(key)]; ok {
			v.Set(key, val)
		}
	}
	var c Config
	if err := v.UnmarshalExact(&c); err != nil {
		return Config{}, fmt.Errorf("config: %w", err)
	}
	if err := c.Validate(); err != nil {
		return Config{}, err
	}
	return c, nil
}

// EnvName is the environment variable that overrides key, e.g.
// turn.api_token → DDGBOT_TURN_API_TOKEN.
func EnvName(key string) string {
	return EnvPrefix + strings.ToUpper(strings.ReplaceAll(key, ".", "_"))
}

// Validate reports the first invalid setting, naming its key.
func (c *Config) Validate() error {
	var errs []error
	bad := func(key, why string) { errs = append(errs, fmt.Errorf("config: %s %s", key, why)) }

	if c.Server.Addr == "" {
		bad("server.addr", "must not be empty")
	}
	if !strings.HasPrefix(c.Server.Path, "/") {
		bad("server.path", "must start with /")
	}
	for _, d := range []struct {
		key string
		d   time.Duration
	}{
		{"server.read_header_timeout", c.Server.ReadHeaderTimeout},
		{"server.read_timeout", c.Server.ReadTimeout},
		{"server.write_timeout", c.Server.WriteTimeout},
		{"server.idle_timeout", c.Server.IdleTimeout},
		{"server.shutdown_timeout", c.Server.ShutdownTimeout},
		{"turn.response_timeout", c.Turn.ResponseTimeout},
		{"duckduckgo.timeout", c.DuckDuckGo.Timeout},
		{"duckduckgo.lookup_timeout", c.DuckDuckGo.LookupTimeout},
		{"duckduckgo.breaker_cooldown", c.DuckDuckGo.BreakerCooldown},
		{"duckduckgo.max_retry_after", c.DuckDuckGo.MaxRetryAfter},
		{"cache.ttl", c.Cache.TTL},
		{"cache.negative_ttl", c.Cache.NegativeTTL},
	} {
		if d.d <= 0 {
			bad(d.key, "must be a positive duration")
		}
	}
	if c.Cache.StaleFor < 0 {
		bad("cache.stale_for", "must not be negative")
	}
	if c.Server.WriteTimeout > 0 && c.Server.WriteTimeout <= c.Turn.ResponseTimeout {
		bad("server.write_timeout", "must be longer than turn.response_timeout")
	}
	if c.Server.MaxHeaderBytes < 1024 {
		bad("server.max_header_bytes", "must be at least 1024")
	}
	if c.Server.MaxBodyBytes < 1024 {
		bad("server.max_body_bytes", "must be at least 1024")
	}
	if c.Server.RateLimit < 0 {
		bad("server.rate_limit", "must not be negative")
	}
	if c.Server.RateLimit > 0 && c.Server.RateBurst < 1 {
		bad("server.rate_burst", "must be at least 1 when server.rate_limit is on")
	}
	switch c.Turn.AuthType {
	case "bearer", "token":
	default:
		bad("turn.auth_type", fmt.Sprintf("is %q; want \"bearer\" or \"token\"", c.Turn.AuthType))
	}
	if strings.HasPrefix(c.Turn.APIToken, "change-me") {
		bad("turn.api_token", "is still the placeholder from .env.example; set a long random token of your own")
	}
	if u, err := url.Parse(c.DuckDuckGo.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		bad("duckduckgo.base_url", fmt.Sprintf("is %q; want an http(s) URL", c.DuckDuckGo.BaseURL))
	}
	if c.DuckDuckGo.AppName == "" {
		bad("duckduckgo.app_name", "must not be empty (DuckDuckGo asks for it)")
	}
	if c.DuckDuckGo.MaxRetries < 0 || c.DuckDuckGo.MaxRetries > 10 {
		bad("duckduckgo.max_retries", "must be between 0 and 10")
	}
	if c.DuckDuckGo.MaxConcurrency < 1 {
		bad("duckduckgo.max_concurrency", "must be at least 1")
	}
	if c.DuckDuckGo.MaxPending < c.DuckDuckGo.MaxConcurrency {
		bad("duckduckgo.max_pending", "must be at least duckduckgo.max_concurrency")
	}
	if c.DuckDuckGo.BreakerFailures < 1 {
		bad("duckduckgo.breaker_failures", "must be at least 1")
	}
	if c.Cache.MaxEntries < 1 {
		bad("cache.max_entries", "must be at least 1")
	}
	if c.Suggestions.Max < 1 || c.Suggestions.Max > 10 {
		bad("suggestions.max", "must be between 1 and 10")
	}
	if c.Suggestions.MaxChars < 160 || c.Suggestions.MaxChars > 4096 {
		bad("suggestions.max_chars", "must be between 160 and 4096 (WhatsApp's limit)")
	}
	if err := (query.Config{Languages: c.Suggestions.Languages}).Validate(); err != nil {
		bad("suggestions.languages", err.Error())
	}
	if _, err := c.Log.SlogLevel(); err != nil {
		bad("log.level", err.Error())
	}
	switch c.Log.Format {
	case "json", "text":
	default:
		bad("log.format", fmt.Sprintf("is %q; want \"json\" or \"text\"", c.Log.Format))
	}
	if c.Metrics.Enabled && (!strings.HasPrefix(c.Metrics.Path, "/") || c.Metrics.Path == c.Server.Path) {
		bad("metrics.path", "must start with / and differ from server.path")
	}
	return errors.Join(errs...)
}

// SlogLevel parses log.level.
func (l Log) SlogLevel() (slog.Level, error) {
	var lvl slog.Level
	switch l.Level {
	case "debug", "info", "warn", "error":
		return lvl, lvl.UnmarshalText([]byte(l.Level))
	}
	return lvl, fmt.Errorf("is %q; want debug, info, warn or error", l.Level)
}

// Redacted returns a copy with secrets replaced, for logging.
func (c Config) Redacted() Config {
	hide := func(s string) string {
		if s == "" {
			return ""
		}
		return "[redacted]"
	}
	c.Turn.APIToken = hide(c.Turn.APIToken)
	c.Turn.HMACSecret = hide(c.Turn.HMACSecret)
	return c
}
