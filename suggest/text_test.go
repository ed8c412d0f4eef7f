package suggest

import (
	"testing"
)

// FuzzNormalizeClean checks what clean relies on to skip normalize: text
// that needsClean passes comes out of normalize unchanged.
func FuzzNormalizeClean(f *testing.F) {
	for _, s := range []string{"Official site", "a  b", " a", ">a", "a\u200bb", "a\ufffdb", "a\xffb", "a*b", "é ü", "a\u00a0b", "a\u0085b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if needsClean(s) {
			return
		}
		if got := normalize(s); got != s {
			t.Fatalf("normalize(%q) = %q", s, got)
		}
	})
}
