package suggest_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ddgbot/ddgbot/instant"
	"github.com/ddgbot/ddgbot/suggest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// fixtureDir holds the recorded API answers shared by the project's tests.
const fixtureDir = "../testdata/ddg"

// queries maps each recorded answer to the query that produced it (see
// fixtureDir/index.json).
var queries = map[string]string{
	"article-duckduckgo.json":                "DuckDuckGo",
	"article-reddit.json":                    "reddit",
	"article-rust-programming-language.json": "Rust programming language",
	"article-typescript.json":                "typescript",
	"article-stephen-fry-2011.json":          "stephen fry",
	"disambiguation-cat.json":                "cat",
	"disambiguation-face.json":               "face",
	"disambiguation-eur.json":                "EUR",
	"disambiguation-futebol-pt.json":         "futebol",
	"disambiguation-apple-2011.json":         "apple",
	"category-simpsons-characters.json":      "simpsons characters",
	"category-simpsons-characters-2011.json": "simpsons characters",
	"exclusive-lorem-ipsum-2011.json":        "lorem ipsum",
	"redirect-bang-w-stephen-fry-2014.json":  "!w stephen fry",
	"empty-sopel-chat-irc-bot-2020.json":     "sopel.chat irc bot",
	"empty-sopel-chat-irc-bot-2023.json":     "sopel.chat irc bot",
}

// extraGoldens pair disambiguation answers with longer queries, which may
// be offered a "Did you mean" question. The pairs are made up: the API
// answered these fixtures for the one-word queries above.
var extraGoldens = []struct{ fixture, query, golden string }{
	{"disambiguation-cat.json", "cat scan", "disambiguation-cat.multi-word.golden.json"},
	{"disambiguation-face.json", "face the music", "disambiguation-face.multi-word.golden.json"},
	{"disambiguation-futebol-pt.json", "regras do futebol", "disambiguation-futebol-pt.multi-word.golden.json"},
	{"article-typescript.json", "typescript language", "article-typescript.multi-word.golden.json"},
}

// fixtures returns the names of the recorded answers in fixtureDir.
func fixtures(t testing.TB) []string {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(fixtureDir, "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range paths {
		name := filepath.Base(p)
		if name == "index.json" || strings.HasSuffix(name, ".http.json") {
			continue
		}
		names = append(names, name)
	}
	if len(names) == 0 {
		t.Fatalf("no fixtures in %s", fixtureDir)
	}
	return names
}

// load decodes a recorded answer.
func load(t testing.TB, name string) *instant.Answer {
	t.Helper()
	body, err := os.ReadFile(filepath.Join(fixtureDir, name))
	if err != nil {
		t.Fatal(err)
	}
	a, err := instant.Decode(body)
	if err != nil {
		t.Fatalf("decode %s: %v", name, err)
	}
	return &a
}

// Ensure every recorded answer gives the suggestions in its golden file.
// Run with -update to rewrite them, then read the diff.
func TestBuildGolden(t *testing.T) {
	type goldenCase struct{ fixture, query, golden string }
	var cases []goldenCase
	for _, name := range fixtures(t) {
		q, ok := queries[name]
		if !ok {
			t.Fatalf("fixture %s has no query: add it to the queries map", name)
		}
		cases = append(cases, goldenCase{name, q, strings.TrimSuffix(name, ".json") + ".golden.json"})
	}
	for _, e := range extraGoldens {
		cases = append(cases, goldenCase(e))
	}
	for _, c := range cases {
		t.Run(strings.TrimSuffix(c.golden, ".golden.json"), func(t *testing.T) {
			got := suggest.Build(load(t, c.fixture), c.query, suggest.DefaultOptions())
			checkInvariants(t, got, suggest.DefaultOptions())
			var buf bytes.Buffer
			enc := json.NewEncoder(&buf)
			enc.SetEscapeHTML(false)
			enc.SetIndent("", "  ")
			if err := enc.Encode(got); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", c.golden)
			if *update {
				if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(buf.Bytes(), want) {
				t.Errorf("suggestions for %q differ from %s (run go test -update and review the diff)\ngot:\n%s\nwant:\n%s",
					c.query, path, buf.Bytes(), want)
			}
		})
	}
}
