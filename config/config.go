// Package config loads ddgbot's settings: the embedded defaults, an optional
// YAML file over them, and DDGBOT_<SECTION>_<KEY> environment variables over
// both.
package config

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"github.com/ddgbot/ddgbot/query"
	"log/slog"
	"math"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/go-viper/mapstructure/v2"
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
	Answers     Answers     `mapstructure:"answers"`
	Safety      Safety      `mapstructure:"safety"`
	Redis       Redis       `mapstructure:"redis"`
	Feedback    Feedback    `mapstructure:"feedback"`
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
	Actions         bool          `mapstructure:"actions"`    // offer operators the action menu
	PinTTL          time.Duration `mapstructure:"pin_ttl"`    // how long a pin lasts at most
	PublicURL       string        `mapstructure:"public_url"` // base of absolute action URLs; empty: paths
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

// Feedback configures what operators' "not helpful" is remembered for.
type Feedback struct {
	TTL time.Duration `mapstructure:"ttl"`
}

// EnvPrefix starts every environment variable that overrides a key.
const EnvPrefix = "DDGBOT_"

// Load reads defaults (the embedded config.yaml), then the file at path if
// path is not empty, then overrides from environ ("KEY=value" pairs, as
// os.Environ returns them), and validates the result. Typos are errors, so
// they do not pass silently: an unknown key in the file, and a DDGBOT_*
// variable that names no key. Every error names the key.
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
	if err := applyEnv(v, environ); err != nil {
		return Config{}, err
	}
	var c Config
	if err := v.UnmarshalExact(&c, viper.DecodeHook(mapstructure.ComposeDecodeHookFunc(
		strictScalars, mapstructure.StringToSliceHookFunc(",")))); err != nil {
		return Config{}, flattenDecodeError(err)
	}
	if err := c.Validate(); err != nil {
		return Config{}, err
	}
	return c, nil
}

// applyEnv sets every key that has a DDGBOT_* variable in environ, and
// refuses a DDGBOT_* variable that matches no key, naming the nearest one:
// a misspelt DDGBOT_TURN_API_TOKEN would otherwise leave the service open.
func applyEnv(v *viper.Viper, environ []string) error {
	keys := make(map[string]string) // env name → key
	for _, key := range v.AllKeys() {
		keys[EnvName(key)] = key
	}
	var errs []error
	for _, kv := range environ {
		name, val, ok := strings.Cut(kv, "=")
		if !ok || !strings.HasPrefix(name, EnvPrefix) {
			continue
		}
		if key, ok := keys[name]; ok {
			v.Set(key, val)
			continue
		}
		hint := "no setting has a similar name"
		if n, d := nearest(name, keys); d <= len(name)/3 {
			hint = "did you mean " + n + "?"
		}
		errs = append(errs, fmt.Errorf("config: unknown environment variable %s (%s); settings are %s<SECTION>_<KEY> for the keys in config.yaml",
			name, hint, EnvPrefix))
	}
	return errors.Join(errs...)
}

// nearest returns the name in names closest to s and its edit distance.
func nearest(s string, names map[string]string) (string, int) {
	best, bestD := "", -1
	for n := range names {
		if d := editDistance(s, n); bestD < 0 || d < bestD || (d == bestD && n < best) {
			best, bestD = n, d
		}
	}
	return best, bestD
}

// editDistance is the Levenshtein distance between a and b, in bytes.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

var durationType = reflect.TypeFor[time.Duration]()

// strictScalars is a decode hook that refuses what weak typing would
// silently turn into something else: a duration without a unit (YAML's
// `timeout: 2` would be 2ns; the number 0 is allowed, as "0" is in the
// environment), NaN or an infinity for a number, and a number or boolean
// for a string setting (`api_token: 0x1F` would become "31"). Durations
// are parsed here too, for a message that says what is wanted.
func strictScalars(from, to reflect.Type, data any) (any, error) {
	switch {
	case to == durationType:
		if s, ok := data.(string); ok {
			d, err := time.ParseDuration(s)
			if err != nil {
				return nil, fmt.Errorf("is %q; want a duration with a unit, e.g. 1500ms, 2s, 5m", s)
			}
			return d, nil
		}
		if f, err := toFloat(data); err == nil && f == 0 {
			return time.Duration(0), nil
		}
		return nil, fmt.Errorf("is %v, which has no unit; write a duration such as 2s or 1500ms", data)
	case to.Kind() == reflect.Float32 || to.Kind() == reflect.Float64:
		f, err := toFloat(data)
		if err != nil {
			return data, nil // not a number: mapstructure reports it
		}
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, fmt.Errorf("is %v; want a finite number", data)
		}
	case to.Kind() == reflect.String && from.Kind() != reflect.String:
		// The value is not repeated: it may be a secret.
		return nil, fmt.Errorf("is a YAML %s, not a string; put the value in quotes", from.Kind())
	}
	return data, nil
}

// toFloat reads a YAML or environment value as a number.
func toFloat(data any) (float64, error) {
	switch x := reflect.ValueOf(data); x.Kind() {
	case reflect.Float32, reflect.Float64:
		return x.Float(), nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return float64(x.Int()), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return float64(x.Uint()), nil
	case reflect.String:
		return strconv.ParseFloat(x.String(), 64)
	}
	return 0, fmt.Errorf("%T is not a number", data)
}

// flattenDecodeError turns mapstructure's error tree into one
// "config: KEY problem" line per bad key.
func flattenDecodeError(err error) error {
	var out []error
	var walk func(error)
	walk = func(err error) {
		var de *mapstructure.DecodeError
		switch e := err.(type) {
		case interface{ Unwrap() []error }:
			for _, err := range e.Unwrap() {
				walk(err)
			}
		case *mapstructure.DecodeError:
			if errors.As(e.Unwrap(), &de) || isJoin(e.Unwrap()) {
				walk(e.Unwrap())
				return
			}
			out = append(out, fmt.Errorf("config: %s %w", cmp.Or(e.Name(), "file"), e.Unwrap()))
		default:
			if inner := errors.Unwrap(err); inner != nil && (errors.As(inner, &de) || isJoin(inner)) {
				walk(inner)
				return
			}
			out = append(out, fmt.Errorf("config: %w", err))
		}
	}
	walk(err)
	return errors.Join(out...)
}

func isJoin(err error) bool {
	_, ok := err.(interface{ Unwrap() []error })
	return ok
}

// EnvName is the environment variable that overrides key, e.g.
// turn.api_token → DDGBOT_TURN_API_TOKEN.
func EnvName(key string) string {
	return EnvPrefix + strings.ToUpper(strings.ReplaceAll(key, ".", "_"))
}

// Validate reports every invalid setting, one error per setting naming its
// key (joined with errors.Join), or nil.
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
		{"turn.pin_ttl", c.Turn.PinTTL},
		{"feedback.ttl", c.Feedback.TTL},
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
	if !(c.Server.RateLimit >= 0) || math.IsInf(c.Server.RateLimit, 0) { // NaN fails >= 0
		bad("server.rate_limit", "must be a finite number, not negative")
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
		bad("turn.api_token", "is still the placeholder from .env.example: in .env, replace the value of "+
			"DDGBOT_TURN_API_TOKEN with a long random token of your own (e.g. the output of `openssl rand -hex 32`), "+
			"and enter the same token in Turn as the integration's API Token")
	}
	for _, s := range []struct{ key, secret string }{{"turn.api_token", c.Turn.APIToken}, {"turn.hmac_secret", c.Turn.HMACSecret}} {
		if strings.TrimSpace(s.secret) != s.secret {
			bad(s.key, "starts or ends with whitespace, so it can never match what Turn sends; remove it "+
				"(if it comes from .env, save that file with Unix line endings: Windows ones leave a \\r at the end of "+EnvName(s.key)+")")
		}
	}
	if u, err := url.Parse(c.DuckDuckGo.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		bad("duckduckgo.base_url", fmt.Sprintf("is %q; want an http(s) URL", RedactURL(c.DuckDuckGo.BaseURL)))
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
	if c.Cache.MaxEntries < 1 || c.Cache.MaxEntries > MaxCacheEntries {
		bad("cache.max_entries", fmt.Sprintf("must be between 1 and %d", MaxCacheEntries))
	}
	if c.Cache.MaxBytes < 1<<20 {
		bad("cache.max_bytes", "must be at least 1048576 (1 MiB)")
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
	if c.Turn.PublicURL != "" {
		u, err := url.Parse(c.Turn.PublicURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
			bad("turn.public_url", fmt.Sprintf("is %q; want an http(s) URL without query, e.g. https://bots.example.org/ddgbot", c.Turn.PublicURL))
		}
	}
	if c.Metrics.Enabled && (!strings.HasPrefix(c.Metrics.Path, "/") || c.Metrics.Path == c.Server.Path) {
		bad("metrics.path", "must start with / and differ from server.path")
	}
	c.validateSafety(bad)
	c.validateShared(bad)
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

// Redacted returns a copy with secrets replaced, for logging. A new secret
// setting must be added here; URLs that may carry credentials go through
// RedactURL.
func (c Config) Redacted() Config {
	hide := func(s string) string {
		if s == "" {
			return ""
		}
		return "[redacted]"
	}
	c.Turn.APIToken = hide(c.Turn.APIToken)
	c.Turn.HMACSecret = hide(c.Turn.HMACSecret)
	c.DuckDuckGo.BaseURL = RedactURL(c.DuckDuckGo.BaseURL)
	c.Redis.URL = RedactURL(c.Redis.URL)
	return c
}

// RedactURL returns s with what may be a credential replaced by
// "redacted": the user info (user and password), every query value (keys
// stay) and the fragment. A string that does not parse as a URL is
// replaced whole, since it cannot be taken apart safely.
func RedactURL(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return "[unparsable URL redacted]"
	}
	if u.User != nil {
		u.User = url.User("redacted")
	}
	if u.RawQuery != "" {
		q := u.Query()
		for k := range q {
			q[k] = []string{"redacted"}
		}
		u.RawQuery = q.Encode()
	}
	if u.Fragment != "" {
		u.Fragment = "redacted"
	}
	return u.String()
}

// LogValue makes a Config log as nested groups named as in config.yaml,
// with secrets redacted (see Redacted) and durations written as "2s", so
// logging a Config never leaks a secret.
func (c Config) LogValue() slog.Value {
	return structLogValue(reflect.ValueOf(c.Redacted()))
}

func structLogValue(v reflect.Value) slog.Value {
	attrs := make([]slog.Attr, 0, v.NumField())
	for i := range v.NumField() {
		key := v.Type().Field(i).Tag.Get("mapstructure")
		switch f := v.Field(i); {
		case f.Type() == durationType:
			attrs = append(attrs, slog.String(key, time.Duration(f.Int()).String()))
		case f.Kind() == reflect.Struct:
			attrs = append(attrs, slog.Attr{Key: key, Value: structLogValue(f)})
		default:
			attrs = append(attrs, slog.Any(key, f.Interface()))
		}
	}
	return slog.GroupValue(attrs...)
}
