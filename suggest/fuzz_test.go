package suggest_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/ddgbot/ddgbot/instant"
	"github.com/ddgbot/ddgbot/suggest"
)

// tag matches anything WhatsApp would show as raw HTML.
var tag = regexp.MustCompile(`<[A-Za-z/!?][^<>]*>`)

// checkInvariants fails t unless got keeps the promises of Build for o.
func checkInvariants(t testing.TB, got []instant.Suggestion, o suggest.Options) {
	t.Helper()
	maxN, maxChars := o.Max, o.MaxChars
	if maxN <= 0 {
		maxN = 3
	}
	if maxChars <= 0 {
		maxChars = 1024
	}
	maxChars = min(maxChars, 4096)
	if got == nil {
		t.Fatal("Build returned nil, want an empty slice")
	}
	if len(got) > maxN {
		t.Fatalf("%d suggestions, want at most %d", len(got), maxN)
	}
	bodies := make(map[string]bool, len(got))
	for i, s := range got {
		if s.Type != "TEXT" {
			t.Errorf("suggestion %d: type %q, want TEXT", i, s.Type)
		}
		if s.Title == "" || !utf8.ValidString(s.Title) || strings.ContainsRune(s.Title, utf8.RuneError) {
			t.Errorf("suggestion %d: bad title %q", i, s.Title)
		}
		b := s.Body
		switch {
		case strings.TrimSpace(b) == "":
			t.Errorf("suggestion %d: empty body", i)
		case !utf8.ValidString(b) || strings.ContainsRune(b, utf8.RuneError):
			t.Errorf("suggestion %d: body is not valid UTF-8 or shows U+FFFD: %q", i, b)
		case utf8.RuneCountInString(b) > maxChars:
			t.Errorf("suggestion %d: body has %d characters, want at most %d", i, utf8.RuneCountInString(b), maxChars)
		case tag.MatchString(b):
			t.Errorf("suggestion %d: body has HTML %q: %q", i, tag.FindString(b), b)
		case strings.TrimFunc(b, unicode.IsSpace) != b:
			t.Errorf("suggestion %d: body has leading or trailing space: %q", i, b)
		case strings.Contains(b, "\n\n"):
			t.Errorf("suggestion %d: body has a blank line: %q", i, b)
		case bodies[b]:
			t.Errorf("suggestion %d: duplicate body %q", i, b)
		}
		bodies[b] = true
		// The only formatting is the bold title on the first line.
		if n := strings.Count(b, "*"); n != 0 {
			first, _, _ := strings.Cut(b, "\n")
			if n != 2 || len(first) < 3 || first[0] != '*' || first[len(first)-1] != '*' {
				t.Errorf("suggestion %d: stray '*' in %q", i, b)
			}
		}
		for line := range strings.SplitSeq(b, "\n") {
			markers := "_~`"
			if strings.Contains(line, "://") {
				markers = "~`" // '_' is common in links and harmless there
			}
			if strings.ContainsAny(line, markers) {
				t.Errorf("suggestion %d: formatting marker in %q", i, line)
			}
		}
		if s.Confidence < 0 || s.Confidence > 1 {
			t.Errorf("suggestion %d: confidence %v out of [0,1]", i, s.Confidence)
		}
		if i > 0 && s.Confidence >= got[i-1].Confidence {
			t.Errorf("suggestion %d: confidence %v not below %v", i, s.Confidence, got[i-1].Confidence)
		}
	}
}

// FuzzBuild feeds Build arbitrary API bodies, queries and options and checks
// that it never panics and always keeps its promises.
func FuzzBuild(f *testing.F) {
	for name, q := range queries {
		body, err := os.ReadFile(filepath.Join(fixtureDir, name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(body, q, uint8(0), uint16(0), true)
		f.Add(body, q+" please", uint8(5), uint16(200), false)
	}
	f.Add([]byte(`{"Answer":"<b>4</b> &amp; *2*","AnswerType":"","Heading":"_x_"}`), "2+2", uint8(3), uint16(40), true)
	f.Add([]byte("<a href=x>T&amp;*x*</a> - Mr. A. B. Cé 🎉 said: hi. Then\u200b~`_y_<br>z"), "two words", uint8(2), uint16(90), true)
	f.Add([]byte(`{"Type":"D","RelatedTopics":[{"Name":"g","Topics":[{"FirstURL":"https://duckduckgo.com/X","Result":"<a href=\"x\">X &lt;b&gt;</a> y","Text":"X y"}]}]}`), "x y", uint8(1), uint16(30), true)
	f.Fuzz(func(t *testing.T, body []byte, query string, maxN uint8, maxChars uint16, attribution bool) {
		a, err := instant.Decode(body)
		if err != nil {
			// Most mutations break the JSON; rather than waste them, put
			// the bytes in every text field so the text handling gets them.
			a = textAnswer(string(body), maxN)
		}
		o := suggest.Options{Max: int(maxN), MaxChars: int(maxChars), Attribution: attribution}
		checkInvariants(t, suggest.Build(&a, query, o), o)
	})
}

// textAnswer returns an answer carrying text in every field Build reads,
// of a type chosen by pick.
func textAnswer(text string, pick uint8) instant.Answer {
	topic := instant.Topic{FirstURL: "https://duckduckgo.com/" + text, Result: text, Text: text}
	return instant.Answer{
		Type:             [...]string{"A", "C", "D", ""}[pick%4],
		Heading:          text,
		AbstractText:     text,
		AbstractSource:   text,
		AbstractURL:      "https://en.wikipedia.org/wiki/" + text,
		Answer:           instant.Text(text),
		Definition:       text,
		DefinitionSource: text,
		DefinitionURL:    text,
		RelatedTopics:    []instant.Topic{topic, {Name: text, Topics: []instant.Topic{topic, topic}}},
		Results:          []instant.Topic{topic},
	}
}
