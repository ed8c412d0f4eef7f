package instant_test

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"unicode/utf8"

	"github.com/ddgbot/ddgbot/instant"
	"github.com/ddgbot/ddgbot/suggest"
)

// htmlTag matches anything WhatsApp would show as raw HTML.
var htmlTag = regexp.MustCompile(`<[A-Za-z/!?][^<>]*>`)

// FuzzDecode feeds Decode arbitrary bytes, as an upstream (or anything in
// between) could send them, and runs the suggestion builder on whatever
// decodes: neither may panic, a failure must wrap ErrNotJSON, and the
// suggestions must keep Build's promises.
func FuzzDecode(f *testing.F) {
	files, err := filepath.Glob(filepath.Join("..", "testdata", "ddg", "*.json"))
	if err != nil || len(files) == 0 {
		f.Fatalf("no fixtures: %v", err)
	}
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, "what is it")
	}
	f.Add([]byte(`{"Answer":42,"AbstractText":"<b>x</b> y. z.","Heading":"H","AbstractURL":"https://e.org/<x>"}`), "x")
	f.Add([]byte(`{"Type":"D","RelatedTopics":[{"Name":"g","Topics":[{"FirstURL":"https://duckduckgo.com/X","Result":"<a href=\"x\">X</a> y","Text":"X y"}]}]}`), "two words")
	f.Add([]byte(`{"Answer":{"a":1},"RelatedTopics":null,"Results":[{"Topics":[{"Topics":[{}]}]}]}`), "")
	f.Add([]byte(`{"AbstractText":"\xff\xfe\u0000 \ud83d","Heading":"\u202e\u05e9\u05dc\u05d5\u05dd"}`), "שלום")
	f.Add([]byte(`<!DOCTYPE html><html>not JSON</html>`), "q")
	f.Add([]byte(`{"Answer":-1e999}`), "q")

	opts := suggest.DefaultOptions()
	f.Fuzz(func(t *testing.T, body []byte, query string) {
		a, err := instant.Decode(body)
		if err != nil {
			if !errors.Is(err, instant.ErrNotJSON) {
				t.Fatalf("error does not wrap ErrNotJSON: %v", err)
			}
			return
		}
		_ = a.Empty()
		got := suggest.Build(&a, query, opts)
		if got == nil {
			t.Fatal("Build returned nil")
		}
		if len(got) > opts.Max {
			t.Fatalf("%d suggestions, want at most %d", len(got), opts.Max)
		}
		for i, s := range got {
			if !utf8.ValidString(s.Body) || !utf8.ValidString(s.Title) {
				t.Errorf("suggestion %d: invalid UTF-8: %q / %q", i, s.Title, s.Body)
			}
			if n := utf8.RuneCountInString(s.Body); n > opts.MaxChars {
				t.Errorf("suggestion %d: %d characters, want at most %d", i, n, opts.MaxChars)
			}
			if m := htmlTag.FindString(s.Body); m != "" {
				t.Errorf("suggestion %d: HTML %q in %q", i, m, s.Body)
			}
			if s.Confidence < 0 || s.Confidence > 1 {
				t.Errorf("suggestion %d: confidence %v out of [0,1]", i, s.Confidence)
			}
			if i > 0 && s.Confidence >= got[i-1].Confidence {
				t.Errorf("suggestion %d: confidence %v not below %v", i, s.Confidence, got[i-1].Confidence)
			}
		}
	})
}
