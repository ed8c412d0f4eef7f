package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func defaults(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile("../config.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func writeFile(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "config.yaml")
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// Ensure the shipped config.yaml loads on its own and holds the documented defaults.
func TestLoadDefaults(t *testing.T) {
	c, err := Load(defaults(t), "", nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.Server.Addr != ":8080" || c.Server.Path != "/" || c.Turn.AuthType != "bearer" ||
		c.Turn.ResponseTimeout != 3*time.Second || c.Cache.MaxEntries != 10000 ||
		c.Suggestions.Max != 3 || c.Suggestions.MaxChars != 1024 || !c.Suggestions.Attribution ||
		c.DuckDuckGo.MaxConcurrency != 4 || c.DuckDuckGo.BaseURL != "https://api.duckduckgo.com/" {
		t.Fatalf("unexpected defaults: %+v", c)
	}
}

// Ensure a file overrides only what it names and environment variables override both.
func TestLoadFileAndEnv(t *testing.T) {
	p := writeFile(t, "turn:\n  auth_type: token\n  api_token: from-file\nduckduckgo:\n  timeout: 750ms\n")
	env := []string{
		"DDGBOT_TURN_API_TOKEN=from-env",
		"DDGBOT_CACHE_MAX_ENTRIES=42",
		"DDGBOT_SUGGESTIONS_IGNORE=olá,habari",
		"PATH=/usr/bin",
		"NOT_DDGBOT_TURN_AUTH_TYPE=bearer",
	}
	c, err := Load(defaults(t), p, env)
	if err != nil {
		t.Fatal(err)
	}
	if c.Turn.AuthType != "token" || c.Turn.APIToken != "from-env" || c.DuckDuckGo.Timeout != 750*time.Millisecond ||
		c.Cache.MaxEntries != 42 || c.Server.Addr != ":8080" {
		t.Fatalf("got %+v", c)
	}
	if strings.Join(c.Suggestions.Ignore, "|") != "olá|habari" {
		t.Fatalf("ignore = %q", c.Suggestions.Ignore)
	}
}

// Ensure bad settings stop start-up with a message naming the key.
func TestLoadInvalid(t *testing.T) {
	tests := []struct {
		name, file string
		env        []string
		wantKey    string
	}{
		{name: "unknown auth type", env: []string{"DDGBOT_TURN_AUTH_TYPE=basic"}, wantKey: "turn.auth_type"},
		{name: "negative duration", env: []string{"DDGBOT_DUCKDUCKGO_TIMEOUT=-1s"}, wantKey: "duckduckgo.timeout"},
		{name: "not a duration", env: []string{"DDGBOT_CACHE_TTL=soon"}, wantKey: "ttl"},
		{name: "bad URL", env: []string{"DDGBOT_DUCKDUCKGO_BASE_URL=ftp://x"}, wantKey: "duckduckgo.base_url"},
		{name: "relative URL", env: []string{"DDGBOT_DUCKDUCKGO_BASE_URL=/api"}, wantKey: "duckduckgo.base_url"},
		{name: "path without slash", env: []string{"DDGBOT_SERVER_PATH=turn"}, wantKey: "server.path"},
		{name: "too many suggestions", env: []string{"DDGBOT_SUGGESTIONS_MAX=50"}, wantKey: "suggestions.max"},
		{name: "over WhatsApp limit", env: []string{"DDGBOT_SUGGESTIONS_MAX_CHARS=5000"}, wantKey: "suggestions.max_chars"},
		{name: "log level", env: []string{"DDGBOT_LOG_LEVEL=loud"}, wantKey: "log.level"},
		{name: "log format", env: []string{"DDGBOT_LOG_FORMAT=xml"}, wantKey: "log.format"},
		{name: "zero cache", env: []string{"DDGBOT_CACHE_MAX_ENTRIES=0"}, wantKey: "cache.max_entries"},
		{name: "write timeout below response timeout", env: []string{"DDGBOT_SERVER_WRITE_TIMEOUT=1s"}, wantKey: "server.write_timeout"},
		{name: "placeholder token", env: []string{"DDGBOT_TURN_API_TOKEN=change-me-to-a-long-random-string"}, wantKey: "turn.api_token"},
		{name: "typo in file", file: "turn:\n  api_tokn: x\n", wantKey: "api_tokn"},
		{name: "unknown section", file: "duckgo:\n  timeout: 1s\n", wantKey: "duckgo"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := ""
			if tt.file != "" {
				p = writeFile(t, tt.file)
			}
			_, err := Load(defaults(t), p, tt.env)
			if err == nil || !strings.Contains(err.Error(), tt.wantKey) {
				t.Fatalf("err = %v, want one naming %s", err, tt.wantKey)
			}
		})
	}
}

// Ensure a missing file is reported, not silently ignored.
func TestLoadMissingFile(t *testing.T) {
	if _, err := Load(defaults(t), filepath.Join(t.TempDir(), "nope.yaml"), nil); err == nil {
		t.Fatal("want an error for a missing file")
	}
}

// Ensure secrets never reach the start-up log.
func TestRedacted(t *testing.T) {
	c, err := Load(defaults(t), "", []string{"DDGBOT_TURN_API_TOKEN=s3cret", "DDGBOT_TURN_HMAC_SECRET=hm4c"})
	if err != nil {
		t.Fatal(err)
	}
	r := c.Redacted()
	if r.Turn.APIToken != "[redacted]" || r.Turn.HMACSecret != "[redacted]" || c.Turn.APIToken != "s3cret" {
		t.Fatalf("redacted = %+v", r.Turn)
	}
}

// Ensure per-language word lists load from the file, and a bad section or
// topic entry stops start-up naming suggestions.languages.
func TestLoadLanguages(t *testing.T) {
	p := writeFile(t, "suggestions:\n  languages:\n    xh:\n      chat: [molo]\n      topic: [\"isifo seswekile = diabetes\"]\n")
	c, err := Load(defaults(t), p, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Suggestions.Languages["xh"]["chat"]; len(got) != 1 || got[0] != "molo" {
		t.Fatalf("languages = %v", c.Suggestions.Languages)
	}
	for _, body := range []string{
		"suggestions:\n  languages:\n    xh:\n      greetings: [molo]\n",
		"suggestions:\n  languages:\n    xh:\n      topic: [\"isifo seswekile\"]\n",
	} {
		_, err := Load(defaults(t), writeFile(t, body), nil)
		if err == nil || !strings.Contains(err.Error(), "suggestions.languages") {
			t.Errorf("Load(%q) error = %v, want one naming suggestions.languages", body, err)
		}
	}
}
