package cli

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Ensure `ddgbot answers check` passes the shipped example, and fails with
// every problem named by line for a bad file or a missing crisis answer.
func TestAnswersCheck(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	bad := write("bad.yaml", "answers:\n  - id: a\n    title: A\n    body: x\n    match: [clinic]\n  - id: a\n    title: B\n    body: \"\"\n    match: [Clinic]\n")
	withReferral := write("config.yaml", "answers:\n  file: answers.yaml\nsafety:\n  crisis_answer: referral\n")
	withOther := write("other.yaml", "answers:\n  file: answers.yaml\nsafety:\n  crisis_answer: hotline\n")
	crisisOnly := write("crisis-only.yaml", "safety:\n  crisis_answer: referral\n")
	otherOnly := write("other-only.yaml", "safety:\n  crisis_answer: hotline\n")

	for _, tc := range []struct {
		name    string
		args    []string
		code    int // exit status: 0 ok, 1 problems, 2 wrong command line
		outputs []string
	}{
		{"example", []string{"answers", "check", "../answers.example.yaml"}, 0, []string{"../answers.example.yaml: ok, 5 answers", "clinic-hours"}},
		{"example with crisis answer", []string{"answers", "--config", withReferral, "check", "../answers.example.yaml"}, 0, []string{"crisis answer: referral"}},
		{"missing crisis answer", []string{"answers", "--config", withOther, "check", "../answers.example.yaml"}, 1, []string{`safety.crisis_answer "hotline" is not an id`}},
		// The file on the command line is the answers file: the config
		// need not name one.
		{"crisis answer, no answers.file", []string{"answers", "--config", crisisOnly, "check", "../answers.example.yaml"}, 0, []string{"ok, 5 answers", "crisis answer: referral"}},
		{"crisis answer missing, no answers.file", []string{"answers", "--config", otherOnly, "check", "../answers.example.yaml"}, 1, []string{`safety.crisis_answer "hotline" is not an id`}},
		{"bad file", []string{"answers", "check", bad}, 1, []string{
			bad + `:6: id "a" repeated (first on line 2)`,
			bad + ":6: entry a has an empty body",
			bad + `:9: entry a: match "Clinic" collides with entry "a" (line 2)`,
		}},
		{"missing file", []string{"answers", "check", filepath.Join(dir, "none.yaml")}, 1, []string{"no such file"}},
		{"no file", []string{"answers", "check"}, 2, nil},
		{"no verb", []string{"answers"}, 2, nil},
		// Flags may stand anywhere on the command line (see Run).
		{"flag after check", []string{"answers", "check", "--config", withReferral, "../answers.example.yaml"}, 0, []string{"crisis answer: referral"}},
		{"flag after the file", []string{"answers", "check", "../answers.example.yaml", "--config", withOther}, 1, []string{`safety.crisis_answer "hotline" is not an id`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			err := run(context.Background(), tc.args, nil, &out, &errOut, nil)
			if code := ExitCode(err, io.Discard); code != tc.code {
				t.Fatalf("exit status %d, want %d: %v\n%s", code, tc.code, err, out.String())
			}
			for _, want := range tc.outputs {
				if !strings.Contains(out.String(), want) {
					t.Errorf("output lacks %q:\n%s", want, out.String())
				}
			}
		})
	}
}

// Ensure a crisis list for an unknown language, a broken answers file or
// a missing crisis answer stops start-up naming the key and the line.
func TestServeRefusesBadAnswersConfig(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	broken := write("broken.yaml", "answers:\n  - id: a\n    title: A\n    body: \"\"\n")
	for _, tc := range []struct{ name, config, want string }{
		{"unknown language", "safety:\n  crisis:\n    de: [hilfe]\n", "config: safety.crisis.de no such language"},
		{"broken answers file", "answers:\n  file: " + broken + "\n", "answers.file: " + broken + ":2: entry a has an empty body"},
		{"missing crisis answer", "answers:\n  file: ../answers.example.yaml\nsafety:\n  crisis_answer: hotline\n", `safety.crisis_answer "hotline" is not an id`},
		{"crisis answer without a file", "safety:\n  crisis_answer: referral\n", "config: safety.crisis_answer names an own answer, so answers.file must be set"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stderr bytes.Buffer
			err := run(context.Background(), []string{"--config", write("config.yaml", tc.config)},
				[]string{"DDGBOT_SERVER_ADDR=127.0.0.1:0"}, io.Discard, &stderr, nil)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("run = %v, want %q", err, tc.want)
			}
		})
	}
}
