package config

import (
	"strings"
	"testing"
)

// Ensure the variables Kubernetes sets for Services named ddgbot and
// ddgbot-redis do not stop start-up, while a setting typed into one of
// those names, or one of those names with a value of another shape, is
// still refused.
func TestKubernetesServiceVariables(t *testing.T) {
	t.Parallel()
	injected := []string{
		"DDGBOT_SERVICE_HOST=10.96.12.7",
		"DDGBOT_SERVICE_PORT=8080",
		"DDGBOT_SERVICE_PORT_HTTP=8080",
		"DDGBOT_PORT=tcp://10.96.12.7:8080",
		"DDGBOT_PORT_8080_TCP=tcp://10.96.12.7:8080",
		"DDGBOT_PORT_8080_TCP_PROTO=tcp",
		"DDGBOT_PORT_8080_TCP_PORT=8080",
		"DDGBOT_PORT_8080_TCP_ADDR=10.96.12.7",
		"DDGBOT_REDIS_SERVICE_HOST=fd00::12",
		"DDGBOT_REDIS_SERVICE_PORT=6379",
		"DDGBOT_REDIS_PORT=tcp://[fd00::12]:6379",
		"DDGBOT_REDIS_PORT_6379_TCP=tcp://[fd00::12]:6379",
		"DDGBOT_REDIS_PORT_6379_TCP_PROTO=tcp",
		"DDGBOT_REDIS_PORT_6379_TCP_PORT=6379",
		"DDGBOT_REDIS_PORT_6379_TCP_ADDR=fd00::12",
		"DDGBOT_METRICS_PORT_9090_UDP=udp://10.96.0.3:9090",
	}
	if _, err := Load(defaults(t), "", append(injected, "DDGBOT_TURN_API_TOKEN=a-long-random-token-0123456789")); err != nil {
		t.Fatalf("Kubernetes' variables refused: %v", err)
	}
	for _, kv := range []string{
		"DDGBOT_PORT=8080",                     // meant server.addr
		"DDGBOT_SERVICE_HOST=ddgbot.local",     // a name, not the IP Kubernetes sets
		"DDGBOT_SERVICE_PORT=http",             // not a port number
		"DDGBOT_REDIS_PORT=redis://10.0.0.1:1", // a Redis URL in the wrong variable
		"DDGBOT_PORT_8080_TCP_PROTO=http",      // no such protocol
		"DDGBOT_SERVER_PORT=8080",              // a typo of a setting
		"DDGBOT_TURN_API_TOKN=s3cret",          // a typo of a setting
	} {
		_, err := Load(defaults(t), "", []string{kv})
		name, _, _ := strings.Cut(kv, "=")
		if err == nil || !strings.Contains(err.Error(), "unknown environment variable "+name) {
			t.Errorf("%s: err = %v, want it refused as unknown", kv, err)
		}
	}
}

// Ensure the map settings can be set from the environment as JSON or a
// YAML flow mapping, and that a malformed value or a variable for one
// entry says how to write it, naming the key.
func TestMapSettingsFromEnv(t *testing.T) {
	t.Parallel()
	c, err := Load(defaults(t), "", []string{
		`DDGBOT_SAFETY_CRISIS={"sw": ["nitajinyonga"], "en": ["nobody would miss me", "!suicide squad"]}`,
		`DDGBOT_SUGGESTIONS_LANGUAGES={xh: {chat: [molo], topic: ["isifo seswekile = diabetes"]}}`,
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Safety.Crisis["sw"]; len(got) != 1 || got[0] != "nitajinyonga" || len(c.Safety.Crisis["en"]) != 2 {
		t.Errorf("safety.crisis = %v", c.Safety.Crisis)
	}
	if got := c.Suggestions.Languages["xh"]["topic"]; len(got) != 1 || got[0] != "isifo seswekile = diabetes" {
		t.Errorf("suggestions.languages = %v", c.Suggestions.Languages)
	}
	if c, err := Load(defaults(t), "", []string{"DDGBOT_SAFETY_CRISIS="}); err != nil || len(c.Safety.Crisis) != 0 {
		t.Errorf("empty map: %v, %v", c.Safety.Crisis, err)
	}
	for _, tt := range []struct{ kv, want string }{
		{`DDGBOT_SAFETY_CRISIS=nitajinyonga`, "safety.crisis (from DDGBOT_SAFETY_CRISIS) is not a mapping; write it as JSON"},
		{`DDGBOT_SAFETY_CRISIS={"sw": ["nitajinyonga"]`, "safety.crisis (from DDGBOT_SAFETY_CRISIS) is not a mapping"},
		{`DDGBOT_SAFETY_CRISIS_SW=nitajinyonga`, `safety.crisis is a map, set whole: DDGBOT_SAFETY_CRISIS='{"sw": [...]}'`},
		{`DDGBOT_SUGGESTIONS_LANGUAGES={xh: {greetings: [molo]}}`, "suggestions.languages"},
		{`DDGBOT_SAFETY_CRISIS={"en": ["/(unclosed/"]}`, "safety.crisis.en[0]"},
	} {
		_, err := Load(defaults(t), "", []string{tt.kv})
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want one containing %q", tt.kv, err, tt.want)
		}
	}
}
