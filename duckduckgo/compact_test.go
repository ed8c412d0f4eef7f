package duckduckgo_test

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/ddgbot/ddgbot/duckduckgo"
	"github.com/ddgbot/ddgbot/instant"
	"github.com/ddgbot/ddgbot/suggest"
)

// Ensure a compacted answer builds the same suggestions as the full one,
// for every recorded answer, with one- and several-word queries and the
// smallest and largest bodies.
func TestCompactKeepsSuggestions(t *testing.T) {
	t.Parallel()
	paths, err := filepath.Glob("../testdata/ddg/*.json")
	if err != nil || len(paths) == 0 {
		t.Fatalf("fixtures: %v", err)
	}
	opts := []suggest.Options{
		suggest.DefaultOptions(),
		{Max: 10, MaxChars: 4096, Attribution: true},
		{Max: 1, MaxChars: 160},
	}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		full, err := instant.Decode(b)
		if err != nil {
			continue // not an answer (index.json, recorded HTTP exchanges)
		}
		small := duckduckgo.Compact(full)
		for _, q := range []string{"cat", "what is a cat scan"} {
			for _, o := range opts {
				want, got := suggest.Build(&full, q, o), suggest.Build(&small, q, o)
				if !reflect.DeepEqual(got, want) {
					t.Errorf("%s, %q, %+v:\ncompacted %+v\nfull      %+v", filepath.Base(p), q, o, got, want)
				}
			}
		}
	}
}

// Ensure Compact bounds lists and strings whatever the API sends, cuts
// text on a character boundary and drops (never cuts) long links.
func TestCompactBounds(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("é", 1<<20) // 2 MiB of two-byte characters
	topic := instant.Topic{FirstURL: "https://duckduckgo.com/" + strings.Repeat("x", 4096), Result: long, Text: long}
	group := instant.Topic{Name: long, Topics: []instant.Topic{topic, topic}}
	big := instant.Answer{
		Type: "A", Heading: long, AbstractText: long, AbstractSource: long, AbstractURL: "https://x.example/" + long,
		Answer: instant.Text(long), Definition: long, Redirect: long,
	}
	for range 5000 {
		big.RelatedTopics = append(big.RelatedTopics, topic, group)
		big.Results = append(big.Results, topic)
	}
	c := duckduckgo.Compact(big)
	if n := len(c.Results); n > 20 {
		t.Errorf("%d Results kept", n)
	}
	leaves := 0
	var count func([]instant.Topic)
	count = func(ts []instant.Topic) {
		for _, t := range ts {
			if len(t.Topics) == 0 {
				leaves++
			}
			count(t.Topics)
		}
	}
	count(c.RelatedTopics)
	if leaves > 50 {
		t.Errorf("%d related topics kept", leaves)
	}
	for name, s := range map[string]string{"AbstractText": c.AbstractText, "Heading": c.Heading, "Answer": string(c.Answer), "Redirect": c.Redirect, "topic Text": c.RelatedTopics[0].Text} {
		if len(s) == 0 || len(s) > 16<<10 || !strings.HasPrefix(long, s) {
			t.Errorf("%s: %d bytes, or not a prefix cut on a character", name, len(s))
		}
	}
	if c.AbstractURL != "" || c.RelatedTopics[0].FirstURL != "" {
		t.Error("a link too long to keep was cut instead of dropped")
	}
	if c.Redirect == "" {
		t.Error("a long Redirect was dropped: the answer would stop being a bang answer")
	}
}
