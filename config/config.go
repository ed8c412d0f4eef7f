// Package config loads ddgbot's settings: the embedded defaults, an optional
// YAML file over them, and DDGBOT_<SECTION>_<KEY> environment variables over
// both.
package config

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net/url"
	"os"
	"reflect"
	"strconv"
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

// Validate reports every invalid setting, one error per setting naming its
// key (joined with errors.Join), or nil. Each section's checks sit beside
// its type.
func (c *Config) Validate() error {
	var errs []error
	bad := func(key, why string) { errs = append(errs, fmt.Errorf("config: %s %s", key, why)) }
	c.validateServer(bad)
	c.validateTurn(bad)
	c.validateDuckDuckGo(bad)
	c.validateCache(bad)
	c.validateSuggestions(bad)
	c.validateObservability(bad)
	c.validateSafety(bad)
	c.validateShared(bad)
	return errors.Join(errs...)
}

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
			var pe viper.ConfigParseError
			if errors.As(err, &pe) {
				if data, rerr := os.ReadFile(path); rerr == nil {
					if serr := syntaxError(data); serr != nil {
						return Config{}, fmt.Errorf("config file %s: YAML %w", path, serr)
					}
				}
			}
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
	c.narrowAddr()
	return c, nil
}

// strictScalars is a decode hook that refuses what weak typing would
// silently turn into something else: a duration without a unit (YAML's
// `timeout: 2` would be 2ns; the number 0 is allowed, as "0" is in the
// environment), NaN or an infinity for a number, and a number or boolean
// for a string setting (`api_token: 0x1F` would become "31"). Durations
// are parsed here too, and booleans and whole numbers checked, for a
// message that says what is wanted instead of the parser's own.
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
	case to.Kind() == reflect.Bool:
		if s, ok := data.(string); ok {
			b, err := strconv.ParseBool(s)
			if err != nil {
				return nil, fmt.Errorf("is %q; want true or false", s)
			}
			return b, nil
		}
	case to.Kind() >= reflect.Int && to.Kind() <= reflect.Uint64:
		if s, ok := data.(string); ok {
			if _, err := strconv.ParseInt(s, 0, 64); err != nil {
				return nil, fmt.Errorf("is %q; want a whole number", s)
			}
		}
		if f, err := toFloat(data); err == nil && f != math.Trunc(f) {
			return nil, fmt.Errorf("is %v; want a whole number", data)
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
		if !v.Type().Field(i).IsExported() {
			continue // not a setting
		}
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
