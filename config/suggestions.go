package config

import (
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/ddgbot/ddgbot/query"
)

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

// Feedback configures what operators' "not helpful" is remembered for.
type Feedback struct {
	TTL time.Duration `mapstructure:"ttl"`
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

func (c *Config) validateSuggestions(bad func(key, why string)) {
	s := c.Suggestions
	if s.Max < 1 || s.Max > 10 {
		bad("suggestions.max", "must be between 1 and 10")
	}
	if s.MaxChars < 160 || s.MaxChars > 4096 {
		bad("suggestions.max_chars", "must be between 160 and 4096 (WhatsApp's limit)")
	}
	if err := (query.Config{Languages: s.Languages}).Validate(); err != nil {
		bad("suggestions.languages", err.Error())
	}
	positive(bad, "feedback.ttl", c.Feedback.TTL)
}

func (c *Config) validateObservability(bad func(key, why string)) {
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
