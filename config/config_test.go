package config

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
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
	t.Parallel()
	c, err := Load(defaults(t), "", nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.Server.Addr != "127.0.0.1:8080" || c.Server.Path != "/" || c.Turn.AuthType != "bearer" ||
		c.Turn.ResponseTimeout != 3*time.Second || c.Cache.MaxEntries != 10000 ||
		c.Suggestions.Max != 3 || c.Suggestions.MaxChars != 1024 || !c.Suggestions.Attribution ||
		c.DuckDuckGo.MaxConcurrency != 4 || c.DuckDuckGo.BaseURL != "https://api.duckduckgo.com/" {
		t.Fatalf("unexpected defaults: %+v", c)
	}
}

// Ensure a file overrides only what it names and environment variables override both.
func TestLoadFileAndEnv(t *testing.T) {
	t.Parallel()
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
	t.Parallel()
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
		{name: "huge cache", env: []string{"DDGBOT_CACHE_MAX_ENTRIES=1000000000000"}, wantKey: "cache.max_entries"},
		{name: "tiny cache bytes", env: []string{"DDGBOT_CACHE_MAX_BYTES=1000"}, wantKey: "cache.max_bytes"},
		{name: "write timeout below response timeout", env: []string{"DDGBOT_SERVER_WRITE_TIMEOUT=1s"}, wantKey: "server.write_timeout"},
		{name: "placeholder token", env: []string{"DDGBOT_TURN_API_TOKEN=change-me-to-a-long-random-string"}, wantKey: "turn.api_token"},
		{name: "typo in file", file: "turn:\n  api_tokn: x\n", wantKey: "api_tokn"},
		{name: "unknown section", file: "duckgo:\n  timeout: 1s\n", wantKey: "duckgo"},
		{name: "duration without unit in env", env: []string{"DDGBOT_SERVER_READ_HEADER_TIMEOUT=5"}, wantKey: "server.read_header_timeout"},
		{name: "duration without unit in file", file: "duckduckgo: {timeout: 2}\n", wantKey: "duckduckgo.timeout"},
		{name: "fractional duration without unit in file", file: "server: {read_header_timeout: 1.5}\n", wantKey: "server.read_header_timeout"},
		{name: "NaN rate limit in file", file: "server: {rate_limit: .nan}\n", wantKey: "server.rate_limit"},
		{name: "infinite rate limit in file", file: "server: {rate_limit: .inf}\n", wantKey: "server.rate_limit"},
		{name: "NaN rate limit in env", env: []string{"DDGBOT_SERVER_RATE_LIMIT=NaN"}, wantKey: "server.rate_limit"},
		{name: "infinite rate limit in env", env: []string{"DDGBOT_SERVER_RATE_LIMIT=-Inf"}, wantKey: "server.rate_limit"},
		{name: "token as a YAML number", file: "turn: {api_token: 0x1F}\n", wantKey: "turn.api_token"},
		{name: "secret as a YAML number", file: "turn: {hmac_secret: 12345678901234567890}\n", wantKey: "turn.hmac_secret"},
		{name: "string setting as a YAML boolean", file: "duckduckgo: {app_name: true}\n", wantKey: "duckduckgo.app_name"},
		{name: "token with a Windows line ending", env: []string{"DDGBOT_TURN_API_TOKEN=a-long-random-token-from-dotenv\r"}, wantKey: "turn.api_token"},
		{name: "secret with spaces", env: []string{"DDGBOT_TURN_HMAC_SECRET= s3cret "}, wantKey: "turn.hmac_secret"},
		{name: "empty secret line with a Windows line ending", env: []string{"DDGBOT_TURN_HMAC_SECRET=\r"}, wantKey: "turn.hmac_secret"},
		{name: "misspelt token variable", env: []string{"DDGBOT_TURN_APITOKEN=s3cret"}, wantKey: "DDGBOT_TURN_APITOKEN"},
		{name: "variable for no setting", env: []string{"DDGBOT_TURN=x"}, wantKey: "DDGBOT_TURN "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
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

// Ensure a misspelt DDGBOT_* variable is refused with the nearest setting,
// all of them at once, and that a far-off name gets no guess.
func TestLoadUnknownEnv(t *testing.T) {
	t.Parallel()
	_, err := Load(defaults(t), "", []string{
		"DDGBOT_TURN_APITOKEN=s3cret", "DDGBOT_DUCKDUCKGO_TIMEOUTS=1s", "DDGBOT_ZZZ=1", "DDGBOT_TURN_AUTH_TYPE=token",
	})
	if err == nil {
		t.Fatal("unknown variables accepted")
	}
	for _, want := range []string{
		"DDGBOT_TURN_APITOKEN (did you mean DDGBOT_TURN_API_TOKEN?)",
		"DDGBOT_DUCKDUCKGO_TIMEOUTS (did you mean DDGBOT_DUCKDUCKGO_TIMEOUT?)",
		"DDGBOT_ZZZ (no setting has a similar name)",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
	if strings.Contains(err.Error(), "s3cret") {
		t.Errorf("error shows the value: %v", err)
	}
}

// Ensure every DDGBOT_* variable the project documents or sets (README,
// .env.example, docker-compose.yml, config.yaml, cmd/, scripts/, docs/,
// deploy/) is a
// setting, so refusing unknown ones breaks none of them.
func TestDocumentedEnvAreSettings(t *testing.T) {
	t.Parallel()
	known := map[string]bool{}
	for _, key := range Keys() {
		known[EnvName(key)] = true
	}
	files := []string{"../README.md", "../.env.example", "../docker-compose.yml", "../docker-compose.fleet.yml", "../config.yaml", "../Dockerfile"}
	more, _ := filepath.Glob("../cmd/*/*.go")
	for _, dir := range []string{"../scripts", "../docs", "../deploy"} {
		_ = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && !strings.HasSuffix(path, ".png") {
				more = append(more, path)
			}
			return nil
		})
	}
	re := regexp.MustCompile(`DDGBOT_[A-Z0-9_]*[A-Z0-9]`)
	seen := 0
	for _, f := range append(files, more...) {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(b), "\n") {
			if strings.Contains(line, "did you mean") {
				continue // an example of the typo that start-up refuses
			}
			for _, name := range re.FindAllString(line, -1) {
				seen++
				if !known[name] && !strings.HasSuffix(name, "_SECTION") && !kubernetesName(name) {
					t.Errorf("%s names %s, which is not a setting", f, name)
				}
			}
		}
	}
	if seen < 10 {
		t.Fatalf("found only %d DDGBOT_* names: is the pattern right?", seen)
	}
}

// Ensure unit-less zero, a quoted number for a number setting, and a YAML
// string for a string setting still load.
func TestLoadLenientWhereHarmless(t *testing.T) {
	t.Parallel()
	p := writeFile(t, "cache: {stale_for: 0}\nserver: {rate_limit: \"2.5\"}\nturn: {api_token: \"0x1F\"}\nsuggestions: {ignore: [\"1\", menu]}\n")
	c, err := Load(defaults(t), p, []string{"DDGBOT_SERVER_RATE_BURST=5"})
	if err != nil {
		t.Fatal(err)
	}
	if c.Cache.StaleFor != 0 || c.Server.RateLimit != 2.5 || c.Turn.APIToken != "0x1F" || strings.Join(c.Suggestions.Ignore, "|") != "1|menu" {
		t.Fatalf("got %+v", c)
	}
}

// Ensure the placeholder refusal says which file and variable to change and how.
func TestPlaceholderTokenMessage(t *testing.T) {
	t.Parallel()
	_, err := Load(defaults(t), "", []string{"DDGBOT_TURN_API_TOKEN=change-me-to-a-long-random-string"})
	if err == nil {
		t.Fatal("placeholder accepted")
	}
	for _, want := range []string{".env", "DDGBOT_TURN_API_TOKEN", "openssl rand -hex 32", "Turn"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("message lacks %q: %v", want, err)
		}
	}
	example, err := os.ReadFile("../.env.example")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(example), "DDGBOT_TURN_API_TOKEN=change-me") {
		t.Error(".env.example no longer holds the placeholder this check refuses")
	}
}

// Ensure every error is reported, not only the first.
func TestValidateReportsAll(t *testing.T) {
	t.Parallel()
	_, err := Load(defaults(t), "", []string{"DDGBOT_TURN_AUTH_TYPE=basic", "DDGBOT_LOG_LEVEL=loud", "DDGBOT_SUGGESTIONS_MAX=0"})
	for _, key := range []string{"turn.auth_type", "log.level", "suggestions.max"} {
		if err == nil || !strings.Contains(err.Error(), key) {
			t.Errorf("err = %v, want one naming %s", err, key)
		}
	}
}

// Ensure a missing file is reported, not silently ignored.
func TestLoadMissingFile(t *testing.T) {
	t.Parallel()
	if _, err := Load(defaults(t), filepath.Join(t.TempDir(), "nope.yaml"), nil); err == nil {
		t.Fatal("want an error for a missing file")
	}
}

// Ensure secrets never reach the start-up log.
func TestRedacted(t *testing.T) {
	t.Parallel()
	c, err := Load(defaults(t), "", []string{"DDGBOT_TURN_API_TOKEN=s3cret", "DDGBOT_TURN_HMAC_SECRET=hm4c",
		"DDGBOT_DUCKDUCKGO_BASE_URL=https://ddguser:pw0rd@proxy.example/ddg/?key=k3y"})
	if err != nil {
		t.Fatal(err)
	}
	r := c.Redacted()
	if r.Turn.APIToken != "[redacted]" || r.Turn.HMACSecret != "[redacted]" || c.Turn.APIToken != "s3cret" ||
		r.DuckDuckGo.BaseURL != "https://redacted@proxy.example/ddg/?key=redacted" {
		t.Fatalf("redacted = %+v %+v", r.Turn, r.DuckDuckGo)
	}
}

// Ensure RedactURL hides user info, query values and fragments, and
// hides a URL it cannot parse whole.
func TestRedactURL(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, in, want string }{
		{"plain", "https://api.duckduckgo.com/", "https://api.duckduckgo.com/"},
		{"user and password", "https://u:p4ss@host.example:8443/x", "https://redacted@host.example:8443/x"},
		{"token as user", "redis://t0ken@redis.example:6379/0", "redis://redacted@redis.example:6379/0"},
		{"query", "http://h.example/?a=1&token=s3cret", "http://h.example/?a=redacted&token=redacted"},
		{"fragment", "http://h.example/#s3cret", "http://h.example/#redacted"},
		{"unparsable", "http://u:p4ss@h.example/\r", "[unparsable URL redacted]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := RedactURL(tt.in); got != tt.want {
				t.Fatalf("RedactURL(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// Ensure a bad base_url is refused without showing its credentials.
func TestBadBaseURLRedacted(t *testing.T) {
	t.Parallel()
	_, err := Load(defaults(t), "", []string{"DDGBOT_DUCKDUCKGO_BASE_URL=ftp://u:p4ss@h.example/"})
	if err == nil || !strings.Contains(err.Error(), "duckduckgo.base_url") || strings.Contains(err.Error(), "p4ss") {
		t.Fatalf("err = %v", err)
	}
}

// Ensure a logged Config is structured: one group per section, durations
// readable, secrets and URL credentials redacted.
func TestLogValue(t *testing.T) {
	t.Parallel()
	c, err := Load(defaults(t), "", []string{"DDGBOT_TURN_API_TOKEN=s3cret-token", "DDGBOT_TURN_HMAC_SECRET=hm4c-secret",
		"DDGBOT_DUCKDUCKGO_BASE_URL=https://ddguser:pw0rd@proxy.example/?key=k3y"})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	slog.New(slog.NewJSONHandler(&buf, nil)).Info("starting", "config", c)
	for _, secret := range []string{"s3cret-token", "hm4c-secret", "pw0rd", "ddguser", "k3y"} {
		if strings.Contains(buf.String(), secret) {
			t.Errorf("log holds %q: %s", secret, buf.String())
		}
	}
	var line struct {
		Config map[string]map[string]any
	}
	if err := json.Unmarshal(buf.Bytes(), &line); err != nil {
		t.Fatal(err)
	}
	got := line.Config
	if got["duckduckgo"]["timeout"] != "2s" || got["cache"]["ttl"] != "6h0m0s" || got["server"]["max_header_bytes"] != 16384.0 ||
		got["turn"]["api_token"] != "[redacted]" || got["duckduckgo"]["base_url"] != "https://redacted@proxy.example/?key=redacted" {
		t.Fatalf("logged config: %s", buf.String())
	}
	for _, section := range Keys() {
		sec, key, _ := strings.Cut(section, ".")
		if _, ok := got[sec][key]; !ok {
			t.Errorf("logged config lacks %s", section)
		}
	}
}

// Ensure per-language word lists load from the file, and a bad section or
// topic entry stops start-up naming suggestions.languages.
func TestLoadLanguages(t *testing.T) {
	t.Parallel()
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

// Ensure the action keys default as documented and refuse bad values,
// naming the key.
func TestActionKeys(t *testing.T) {
	t.Parallel()
	c, err := Load(defaults(t), "", nil)
	if err != nil {
		t.Fatal(err)
	}
	if !c.Turn.Actions || c.Turn.PinTTL != 30*time.Minute || c.Turn.PublicURL != "" || c.Feedback.TTL != 30*24*time.Hour {
		t.Fatalf("defaults: %+v %+v", c.Turn, c.Feedback)
	}
	c, err = Load(defaults(t), "", []string{"DDGBOT_TURN_ACTIONS=false", "DDGBOT_TURN_PUBLIC_URL=https://bots.example.org/ddgbot"})
	if err != nil || c.Turn.Actions || c.Turn.PublicURL != "https://bots.example.org/ddgbot" {
		t.Fatalf("overrides: %+v %v", c.Turn, err)
	}
	for _, tt := range []struct{ env, key string }{
		{"DDGBOT_TURN_PIN_TTL=0s", "turn.pin_ttl"},
		{"DDGBOT_FEEDBACK_TTL=-1h", "feedback.ttl"},
		{"DDGBOT_TURN_PUBLIC_URL=bots.example.org", "turn.public_url"},
		{"DDGBOT_TURN_PUBLIC_URL=ftp://bots.example.org", "turn.public_url"},
		{"DDGBOT_TURN_PUBLIC_URL=https://bots.example.org/?a=1", "turn.public_url"},
	} {
		if _, err := Load(defaults(t), "", []string{tt.env}); err == nil || !strings.Contains(err.Error(), tt.key) {
			t.Errorf("%s: err = %v, want one naming %s", tt.env, err, tt.key)
		}
	}
}

// kubernetesName reports whether name has the shape of a variable
// Kubernetes sets for a Service, which the documentation names as such.
func kubernetesName(name string) bool {
	for _, k := range kubeVars {
		if k.name.MatchString(name) {
			return true
		}
	}
	return false
}

// Ensure a dictionary a help line installs loads by language, and a
// missing or empty file stops start-up naming suggestions.dictionaries.
func TestLoadDictionaries(t *testing.T) {
	t.Parallel()
	dic := writeFile(t, "2\nhoma/AB\nkikohozi\n")
	c, err := Load(defaults(t), writeFile(t, "suggestions:\n  dictionaries:\n    sw: ["+dic+"]\n"), nil)
	if err != nil {
		t.Fatal(err)
	}
	qc, err := c.Suggestions.Query()
	if got := qc.Dictionaries["sw"]; err != nil || len(got) != 2 || got[0] != "homa" {
		t.Fatalf("dictionaries = %v, %v", got, err)
	}
	for _, body := range []string{
		"suggestions:\n  dictionaries:\n    sw: [/nonexistent/sw.dic]\n",
		"suggestions:\n  dictionaries:\n    sw: [" + writeFile(t, "\n") + "]\n",
		"suggestions:\n  dictionaries:\n    sw: [" + writeFile(t, "homa\ntwo words\n") + "]\n",
	} {
		_, err := Load(defaults(t), writeFile(t, body), nil)
		if err == nil || !strings.Contains(err.Error(), "suggestions.dictionaries") {
			t.Errorf("Load(%q) error = %v, want one naming suggestions.dictionaries", body, err)
		}
	}
}
