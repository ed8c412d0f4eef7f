package config

import (
	"fmt"
	"log/slog"
	"os"
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
	// Dictionaries names word lists by language code that a help line
	// installs itself, e.g. {sw: [/usr/share/hunspell/sw_TZ.dic]}: one word
	// a line, or a hunspell .dic (see query.ParseWordList). The binary
	// embeds only dictionaries whose licence allows it (Portuguese,
	// Spanish, French); Debian's Swahili one is LGPL and can come in only
	// this way. Validate reads them.
	Dictionaries map[string][]string `mapstructure:"dictionaries"`
}

// Query returns the extractor's configuration: the ignore list, the
// language lists and the words of the dictionaries, read from their
// files. Validate has checked that they read.
func (s Suggestions) Query() (query.Config, error) {
	qc := query.Config{Ignore: s.Ignore, Languages: s.Languages}
	for code, paths := range s.Dictionaries {
		if code == "" || strings.ContainsAny(code, " /") {
			return qc, fmt.Errorf("language code %q is not a code such as sw", code)
		}
		for _, p := range paths {
			b, err := os.ReadFile(p)
			if err != nil {
				return qc, fmt.Errorf("%s: %w", code, err)
			}
			words, err := query.ParseWordList(string(b))
			if err != nil {
				return qc, fmt.Errorf("%s: %s: %w", code, p, err)
			}
			if qc.Dictionaries == nil {
				qc.Dictionaries = map[string][]string{}
			}
			qc.Dictionaries[code] = append(qc.Dictionaries[code], words...)
		}
	}
	return qc, nil
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
	if _, err := s.Query(); err != nil {
		bad("suggestions.dictionaries", err.Error())
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
