package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Ensure a YAML mistake is reported at the line (and column) where it is,
// not where the block around it starts, and without the file's text.
func TestYAMLErrorLine(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, file, want string
	}{
		{"missing colon", "server:\n  addr: \":8080\"\n  path \"/\"\nlog:\n  level: info\n", "line 3, column 3"},
		{"one space too many", "server:\n  addr: \":8080\"\n   path: \"/\"\nlog:\n  level: info\n", "line 3, column 4"},
		{"one space too few", "log:\n  level: info\n format: json\nmetrics:\n  enabled: true\n", "line 3, column 2"},
		{"unclosed quote", "log:\n  level: info\n  format: \"json\nmetrics:\n  enabled: true\n", "line 3, column 11"},
		{"unclosed list", "safety:\n  block_topics: [a, b\n  crisis_answer: x\nlog:\n  level: info\n", "line 3, column 3"},
		{"key twice", "server:\n  addr: \":8080\"\n  addr: \":9090\"\n", "line 3, column 3"},
		{"tab", "server:\n  addr: \":8080\"\n\tpath: \"/\"\n", "line 3, column 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(t.TempDir(), "config.yaml")
			if err := os.WriteFile(path, []byte(tt.file), 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := Load(defaults(t), path, nil)
			if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), tt.want+":") {
				t.Fatalf("got %v, want %s", err, tt.want)
			}
			if strings.Contains(err.Error(), ":8080") || strings.Contains(err.Error(), "json") {
				t.Fatalf("the error repeats the file's text: %v", err)
			}
		})
	}
}

// Ensure a value of the wrong kind is explained in ddgbot's words, naming
// the key, never with the parser's own text (strconv.ParseBool: invalid
// syntax).
func TestScalarErrorsInPlainWords(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		file string
		env  string
		want string
	}{
		{"bool from the environment", "", "DDGBOT_METRICS_ENABLED=maybe", `metrics.enabled is "maybe"; want true or false`},
		{"bool in the file", "metrics:\n  enabled: sometimes\n", "", `metrics.enabled is "sometimes"; want true or false`},
		{"int from the environment", "", "DDGBOT_SUGGESTIONS_MAX=three", `suggestions.max is "three"; want a whole number`},
		{"fraction in the file", "suggestions:\n  max: 2.5\n", "", `suggestions.max is 2.5; want a whole number`},
		{"fraction from the environment", "", "DDGBOT_CACHE_MAX_ENTRIES=1e3.5", `cache.max_entries is "1e3.5"; want a whole number`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			path := ""
			if tt.file != "" {
				path = filepath.Join(t.TempDir(), "config.yaml")
				if err := os.WriteFile(path, []byte(tt.file), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			var env []string
			if tt.env != "" {
				env = []string{tt.env}
			}
			_, err := Load(defaults(t), path, env)
			if err == nil || !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), "strconv") {
				t.Fatalf("got %v, want %q", err, tt.want)
			}
		})
	}
	if _, err := Load(defaults(t), "", []string{"DDGBOT_METRICS_ENABLED=false", "DDGBOT_SUGGESTIONS_MAX=4"}); err != nil {
		t.Fatalf("good values refused: %v", err)
	}
}
