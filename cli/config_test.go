package cli

import (
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
)

// writeFile writes content to name in a fresh directory and returns its path.
func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// Ensure `config check` passes the shipped config.yaml and fails a config
// with a misspelt key, a bad value or a broken answers file, naming what
// to fix, without starting anything.
func TestConfigCheck(t *testing.T) {
	t.Parallel()
	misspelt := writeFile(t, "misspelt.yaml", "server:\n  adr: \":8080\"\n")
	badValue := writeFile(t, "bad-value.yaml", "log:\n  level: loud\n")
	badAnswers := writeFile(t, "answers.yaml", "answers:\n  - id: x\n")
	withBadAnswers := writeFile(t, "config.yaml", "answers:\n  file: "+badAnswers+"\n")
	goodAnswers := writeFile(t, "answers.yaml", "answers:\n  - id: clinic\n    title: Clinic hours\n    match: [clinic hours]\n    body: Open 8 to 5.\n")
	withAnswers := writeFile(t, "config.yaml", "answers:\n  file: "+goodAnswers+"\n")
	tests := []struct {
		name     string
		args     []string
		env      []string
		wantCode int
		want     string // in stdout when 0, else in stderr
	}{
		{"defaults", []string{"config", "check"}, nil, 0, "config OK (no answers file)"},
		{"shipped config.yaml", []string{"config", "check", "--config", "../config.yaml"}, nil, 0, "config OK"},
		{"--config first", []string{"--config", "../config.yaml", "config", "check"}, nil, 0, "config OK"},
		{"answers file", []string{"config", "check", "--config", withAnswers}, nil, 0, "1 answers"},
		{"misspelt key", []string{"config", "check", "--config", misspelt}, nil, 1, "adr"},
		{"misspelt key, --config first", []string{"--config", misspelt, "config", "check"}, nil, 1, "adr"},
		{"bad value", []string{"config", "check", "--config", badValue}, nil, 1, "log.level"},
		{"misspelt variable", []string{"config", "check"}, []string{"DDGBOT_LOG_LEVLE=debug"}, 1, "DDGBOT_LOG_LEVLE"},
		{"broken answers file", []string{"config", "check", "--config", withBadAnswers}, nil, 1, "answers.file"},
		{"no check", []string{"config"}, nil, 2, `config needs "check"`},
		{"something else", []string{"config", "show"}, nil, 2, `config needs "check"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stdout, stderr, code := runCLI(t, tt.args, tt.env...)
			got := stdout
			if tt.wantCode != 0 {
				got = stderr
			}
			if code != tt.wantCode || !strings.Contains(got, tt.want) {
				t.Fatalf("exit %d (want %d)\nstdout: %s\nstderr: %s", code, tt.wantCode, stdout, stderr)
			}
		})
	}
}

// Ensure --config is honoured before and after every command that loads
// the config (a misspelt key in it is reported either way), and that
// flags may follow a command's arguments.
func TestConfigFlagAnywhere(t *testing.T) {
	t.Parallel()
	bad := writeFile(t, "bad.yaml", "server:\n  adr: \":8080\"\n")
	for _, c := range commands() {
		if c.noConfig {
			continue
		}
		var args []string
		switch c.name {
		case "suggest":
			args = []string{"what is malaria"}
		case "answers":
			args = []string{"check", "../answers.example.yaml"}
		case "config":
			args = []string{"check"}
		}
		for _, line := range [][]string{
			append([]string{"--config", bad, c.name}, args...),
			append([]string{c.name, "--config", bad}, args...),
			append(append([]string{c.name}, args...), "--config="+bad),
		} {
			t.Run(strings.Join(line, " "), func(t *testing.T) {
				_, stderr, code := runCLI(t, line, "DDGBOT_SERVER_ADDR=192.0.2.1:1")
				if code != 1 || !strings.Contains(stderr, "adr") {
					t.Fatalf("exit %d, stderr %q: --config was not read", code, stderr)
				}
			})
		}
	}
	// After "--", a flag-like word is an argument.
	_, stderr, code := runCLI(t, []string{"config", "--", "--config"})
	if code != 2 || !strings.Contains(stderr, `config needs "check"`) {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
}

// Ensure `version` names the version, the commit built and the Go version.
func TestVersionRevision(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name, version, revision string
		want                    string
	}{
		{"set at build time", "v1.2.3", "0123abcd", "ddgbot v1.2.3 (revision 0123abcd, " + runtime.Version() + ")\n"},
		// A test binary records no commit.
		{"unknown", "", "", "ddgbot dev (revision unknown, " + runtime.Version() + ")\n"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var out strings.Builder
			err := Run(t.Context(), Env{Args: []string{"version"}, Stdout: &out, Stderr: &out, Version: tt.version, Revision: tt.revision})
			if err != nil || out.String() != tt.want {
				t.Fatalf("%v %q, want %q", err, out.String(), tt.want)
			}
		})
	}
}

// Ensure the commit Go records building in a git checkout is used, marked
// when the checkout had changes.
func TestVCSRevision(t *testing.T) {
	t.Parallel()
	set := func(kv ...string) []debug.BuildSetting {
		var s []debug.BuildSetting
		for i := 0; i < len(kv); i += 2 {
			s = append(s, debug.BuildSetting{Key: kv[i], Value: kv[i+1]})
		}
		return s
	}
	for _, tt := range []struct {
		name     string
		settings []debug.BuildSetting
		want     string
	}{
		{"clean", set("vcs", "git", "vcs.revision", "abc123", "vcs.modified", "false"), "abc123"},
		{"modified", set("vcs.revision", "abc123", "vcs.modified", "true"), "abc123-dirty"},
		{"none", set("-trimpath", "true"), ""},
	} {
		if got := vcsRevision(tt.settings); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}
