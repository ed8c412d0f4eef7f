package suggest

import (
	"strings"
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

// Ensure SafeURL lets through only links that open what they show.
func TestSafeURL(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"https", "https://en.wikipedia.org/wiki/Cat", "https://en.wikipedia.org/wiki/Cat"},
		{"http, upper-case scheme, spaces around", "  HTTP://example.org/a  ", "HTTP://example.org/a"},
		{"DuckDuckGo relative link made absolute", "/Cat", "https://duckduckgo.com/Cat"},
		{"non-ASCII host and path", "https://ar.wikipedia.org/wiki/القاهرة", "https://ar.wikipedia.org/wiki/القاهرة"},
		{"formatting markers and spaces encoded", "https://en.wikipedia.org/wiki/C*-algebra a~`\"<>", "https://en.wikipedia.org/wiki/C%2A-algebra%20a%7E%60%22%3C%3E"},
		{"invisible character encoded", "https://example.org/a\u200bb", "https://example.org/a%E2%80%8Bb"},
		{"javascript", "javascript:alert(1)", ""},
		{"data", "data:text/html,<script>alert(1)</script>", ""},
		{"ftp", "ftp://example.org/", ""},
		{"protocol-relative", "//evil.example/x", ""},
		{"no slashes", "http:evil.example", ""},
		{"user part", "https://en.wikipedia.org@evil.example/login", ""},
		{"user and password", "https://en.wikipedia.org:wiki@evil.example/login", ""},
		{"empty user part", "https://@evil.example/", ""},
		{"backslash before the user part", `https://en.wikipedia.org\@evil.example/`, ""},
		{"no host", "https:///wiki/Cat", ""},
		{"port only", "https://:443/", ""},
		{"space in host", "https://en.wikipedia.org evil.example/", ""},
		{"invalid UTF-8", "https://en.wikipedia.org/wiki/Caf\xe9", ""},
		{"U+FFFD", "https://en.wikipedia.org/wiki/Caf\ufffd", ""},
		{"too long", "https://example.org/" + strings.Repeat("a", 2000), ""},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := SafeURL(tt.in)
			if got != tt.want || ok != (tt.want != "") {
				t.Errorf("SafeURL(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.want != "")
			}
		})
	}
}

// Ensure CleanText gives what suggestions show, within the length asked.
func TestCleanText(t *testing.T) {
	tests := []struct {
		name, in string
		maxChars int
		want     string
	}{
		{"plain", "Cat", 80, "Cat"},
		{"HTML and entities", "<h1>Tom &amp; <b>Jerry</b></h1><p>cartoon</p>", 80, "Tom & Jerry cartoon"},
		{"escaped markup", "&lt;img src=x onerror=alert(1)&gt;Cat", 80, "Cat"},
		{"formatting markers", "*bold* _it_", 80, "∗bold∗ ＿it＿"},
		{"invalid UTF-8 and U+FFFD dropped", "Caf\xe9 M\ufffdxico", 80, "Caf Mxico"},
		{"lines joined", "a\nb\r\n\tc", 80, "a b c"},
		{"cut at a word", "The domestic cat is a small carnivorous mammal", 20, "The domestic cat is…"},
		{"no limit", strings.Repeat("word ", 100), 0, strings.TrimSpace(strings.Repeat("word ", 100))},
		{"only markup", "<br/>", 80, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CleanText(tt.in, tt.maxChars); got != tt.want {
				t.Errorf("CleanText(%q, %d) = %q, want %q", tt.in, tt.maxChars, got, tt.want)
			}
		})
	}
}
