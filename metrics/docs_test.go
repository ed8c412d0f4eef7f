package metrics_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/ddgbot/ddgbot/reply"
)

// Ensure docs/operations.md names every series this package defines (read
// from its source, so a series added later is caught too) and every poll
// outcome, crisis included.
func TestOperationsDocsNameEverySeries(t *testing.T) {
	doc, err := os.ReadFile("../docs/operations.md")
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob("*.go")
	name := regexp.MustCompile(`Name:\s*"(ddgbot_[a-z_]+)"`)
	seen := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range name.FindAllStringSubmatch(string(src), -1) {
			seen++
			if !strings.Contains(string(doc), "`"+m[1]) {
				t.Errorf("docs/operations.md does not describe %s (%s)", m[1], f)
			}
		}
	}
	if seen < 15 {
		t.Fatalf("found only %d series in the source: is the pattern stale?", seen)
	}
	for _, o := range reply.Outcomes {
		if !strings.Contains(string(doc), "`"+string(o)+"`") {
			t.Errorf("docs/operations.md does not name the poll outcome %s", o)
		}
	}
}
