package instant

import (
	"strings"
	"testing"
)

func TestNormalize(t *testing.T) {
	tests := map[string]string{
		"  Stephen   Fry ":   "stephen fry",
		"CAT":                "cat",
		"\tfutebol\n\u00a0x": "futebol x",
		"ÉCOLE Ünïcode":      "école ünïcode",
		"":                   "",
		"!W Stephen\tFry":    "!w stephen fry",
	}
	for in, want := range tests {
		if got := Normalize(in); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", in, got, want)
		}
	}
}

// Ensure Normalize's shortcut for text already in normal form agrees with
// the full path.
func TestNormalizeShortcut(t *testing.T) {
	for _, q := range []string{"", "cat", "tb symptoms", "a b c", " cat", "cat ", "a  b", "Cat", "ca\tt",
		"malária", "HIV", "x\u00a0y", "a\nb", "1 2 3", "what's up?", "  What IS\t\tTB?\r\n", "\t", "A", "a \v b \f"} {
		full := strings.ToLower(strings.Join(strings.Fields(q), " "))
		if got := Normalize(q); got != full {
			t.Errorf("Normalize(%q) = %q, want %q", q, got, full)
		}
		if isNormal(q) && q != full {
			t.Errorf("isNormal(%q) but the normal form is %q", q, full)
		}
	}
}

// FuzzNormalize checks Normalize's shortcuts against the plain definition.
func FuzzNormalize(f *testing.F) {
	for _, q := range []string{"", "cat", " What IS\tTB? ", "malária", "a\u00a0b", "A\x85B", " Apple  PIE ", "Çat\tDam", "x\x01y", "ǅ"} {
		f.Add(q)
	}
	f.Fuzz(func(t *testing.T, q string) {
		if got, want := Normalize(q), strings.ToLower(strings.Join(strings.Fields(q), " ")); got != want {
			t.Fatalf("Normalize(%q) = %q, want %q", q, got, want)
		}
	})
}
