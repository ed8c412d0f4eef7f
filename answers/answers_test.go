package answers_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/ddgbot/ddgbot/answers"
	"github.com/ddgbot/ddgbot/query"
)

const good = `# a help line's answers
answers:
  - id: clinic-hours
    title: Clinic opening hours
    language: en
    match: [clinic hours, opening hours, "horário da clínica"]
    body: |
      Our clinics are open Monday to Friday, 8:00 to 17:00.
  - id: clinic
    title: Our clinics
    match: [clinic, clinics]
    body: We run three clinics; reply with your town to find the nearest.
  - id: referral
    title: Talk to someone now
    body: "Please call our free line: 0800 000 000 (24 hours)."
  - id: ors
    title: Oral rehydration
    match: ["ORS", oral rehydration, "/\\bsugar (and|&)? ?salt solution\\b/"]
    body: Mix 6 level teaspoons of sugar and half a teaspoon of salt in 1 litre of clean water.
`

func mustParse(t *testing.T, src string) *answers.Set {
	t.Helper()
	s, err := answers.Parse("answers.yaml", []byte(src))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return s
}

// Ensure a valid file gives its entries in order, bodies trimmed.
func TestParseGood(t *testing.T) {
	t.Parallel()
	s := mustParse(t, good)
	if s.Len() != 4 {
		t.Fatalf("Len = %d, want 4", s.Len())
	}
	e, ok := s.Get("clinic-hours")
	if !ok || e.Title != "Clinic opening hours" || e.Language != "en" || e.Line != 3 || len(e.Match) != 3 {
		t.Errorf("clinic-hours = %+v, %v", e, ok)
	}
	if strings.HasSuffix(e.Body, "\n") {
		t.Errorf("body not trimmed: %q", e.Body)
	}
	if r, _ := s.Get("referral"); len(r.Match) != 0 {
		t.Errorf("referral matches %q, want none", r.Match)
	}
	if _, ok := s.Get("nope"); ok {
		t.Error("Get(nope) found something")
	}
	if ids := s.Entries(); ids[0].ID != "clinic-hours" || ids[3].ID != "ors" {
		t.Errorf("order: %v", ids)
	}
}

// Ensure every kind of bad file is refused whole, with the line of the
// problem in the error.
func TestParseErrors(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("é", answers.MaxBodyRunes+1)
	for _, tc := range []struct {
		name, src string
		want      []string // each must appear in the error
	}{
		{"empty file", "", []string{"answers.yaml: the file is empty"}},
		{"syntax", "answers:\n  - id: a\n   title: x\n", []string{"answers.yaml: yaml: line "}},
		{"not a mapping", "- a\n- b\n", []string{"answers.yaml:1: want a mapping"}},
		{"no answers key", "other: 1\n", []string{`answers.yaml:1: unknown key "other"`, "answers.yaml:1: no answers: key"}},
		{"answers not a list", "answers: yes\n", []string{"answers.yaml:1: answers must be a list"}},
		{"entry not a mapping", "answers:\n  - hello\n", []string{"answers.yaml:2: an entry must be a mapping"}},
		{"unknown entry key", "answers:\n  - id: a\n    title: A\n    body: b\n    tags: [x]\n", []string{`answers.yaml:5: unknown key "tags"`}},
		{"repeated key", "answers:\n  - id: a\n    title: A\n    body: b\n    body: c\n", []string{`answers.yaml:5: key "body" repeated (first on line 4)`}},
		{"no id", "answers:\n  - title: A\n    body: b\n", []string{"answers.yaml:2: entry has no id"}},
		{"bad id", "answers:\n  - id: two words\n    title: A\n    body: b\n", []string{`answers.yaml:2: id "two words"`}},
		{"duplicate id", "answers:\n  - id: a\n    title: A\n    body: b\n  - id: a\n    title: B\n    body: c\n", []string{`answers.yaml:5: id "a" repeated (first on line 2)`}},
		{"no title", "answers:\n  - id: a\n    body: b\n", []string{"answers.yaml:2: entry a has no title"}},
		{"long title", "answers:\n  - id: a\n    title: " + strings.Repeat("t", 81) + "\n    body: b\n", []string{"title is 81 characters"}},
		{"empty body", "answers:\n  - id: a\n    title: A\n    body: \"  \"\n", []string{"answers.yaml:2: entry a has an empty body"}},
		{"null body", "answers:\n  - id: a\n    title: A\n    body:\n", []string{"entry a has an empty body"}},
		{"long body", "answers:\n  - id: a\n    title: A\n    body: " + long + "\n", []string{"answers.yaml:2: entry a: body is 4097 characters; WhatsApp allows 4096"}},
		{"body not text", "answers:\n  - id: a\n    title: A\n    body: [x]\n", []string{"answers.yaml:4: body must be text"}},
		{"bad language", "answers:\n  - id: a\n    title: A\n    body: b\n    language: de\n", []string{`answers.yaml:2: entry a: language "de"`}},
		{"match not a list", "answers:\n  - id: a\n    title: A\n    body: b\n    match: clinic\n", []string{"answers.yaml:5: entry a: match must be a list"}},
		{"match nested", "answers:\n  - id: a\n    title: A\n    body: b\n    match: [[x]]\n", []string{"answers.yaml:5: entry a: a match must be a phrase"}},
		{"match without letters", "answers:\n  - id: a\n    title: A\n    body: b\n    match:\n      - \"??\"\n", []string{"answers.yaml:6: entry a: match phrase"}},
		{"bad pattern", "answers:\n  - id: a\n    title: A\n    body: b\n    match: [\"/(/\"]\n", []string{"answers.yaml:5: entry a: match pattern"}},
		{"match twice in an entry", "answers:\n  - id: a\n    title: A\n    body: b\n    match: [clinic, Clinic!]\n", []string{`answers.yaml:5: entry a: match "Clinic!" listed twice`}},
		{"colliding matches", "answers:\n  - id: a\n    title: A\n    body: b\n    match: [clinic hours]\n  - id: c\n    title: C\n    body: d\n    match:\n      - Clínic  hours\n",
			[]string{`answers.yaml:10: entry c: match "Clínic  hours" collides with entry "a" (line 2)`}},
		{"two documents", "answers: []\n---\nanswers: []\n", []string{"answers.yaml:2: a second YAML document"}},
		{"all problems listed", "answers:\n  - id: a\n    title: A\n  - id: b\n    body: x\n", []string{"answers.yaml:2: entry a has an empty body", "answers.yaml:4: entry b has no title"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s, err := answers.Parse("answers.yaml", []byte(tc.src))
			if err == nil {
				t.Fatalf("Parse succeeded with %d entries", s.Len())
			}
			var ae *answers.Error
			if !errors.As(err, &ae) {
				t.Fatalf("error %T, want *answers.Error", err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q\nlacks %q", err, w)
				}
			}
		})
	}
}

// Ensure files with no entries are valid and match nothing.
func TestParseNoEntries(t *testing.T) {
	t.Parallel()
	for _, src := range []string{"answers: []\n", "answers:\n", "# comment\nanswers: []\n"} {
		s := mustParse(t, src)
		if _, ok := s.Match("clinic hours", nil, nil); ok || s.Len() != 0 {
			t.Errorf("%q: Len %d", src, s.Len())
		}
	}
	var nilSet *answers.Set
	if _, ok := nilSet.Match("clinic", nil, nil); ok || nilSet.Len() != 0 || nilSet.Entries() != nil {
		t.Error("a nil set matched or holds something")
	}
}

// Ensure messages match the entries a reader would expect, and nothing
// else.
func TestMatch(t *testing.T) {
	t.Parallel()
	s := mustParse(t, good)
	for _, tc := range []struct {
		name    string
		message string
		terms   []string
		want    string // entry id, or "" for no match
		phrase  string
	}{
		{"exact phrase", "clinic hours", nil, "clinic-hours", "clinic hours"},
		{"punctuation and case", "Clinic HOURS??", nil, "clinic-hours", "clinic hours"},
		{"inside a sentence", "hello, what are the opening hours on saturday", nil, "clinic-hours", "opening hours"},
		{"accents ignored", "horario da clinica por favor", nil, "clinic-hours", "horário da clínica"},
		{"longer phrase beats keyword", "is the clinic open? clinic hours please", nil, "clinic-hours", "clinic hours"},
		{"keyword alone", "where is the nearest clinic", nil, "clinic", "clinic"},
		{"plural listed", "which clinics are open", nil, "clinic", "clinics"},
		{"acronym", "how do i make ors", nil, "ors", "ORS"},
		{"pattern", "sugar and salt solution recipe", nil, "ors", `/\bsugar (and|&)? ?salt solution\b/`},
		{"typo only in the message", "clinik hours", nil, "", ""},
		{"typo corrected by the terms", "clinik hours", []string{"clinic hours"}, "clinic-hours", "clinic hours"},
		{"term inside a longer term", "wat r the klinic hrs", []string{"the clinic hours", "clinic"}, "clinic-hours", "clinic hours"},
		{"words must be whole", "clinical trials", nil, "", ""},
		{"words must be adjacent", "the clinic has long hours", nil, "clinic", "clinic"},
		{"no match", "what is malaria", []string{"malaria"}, "", ""},
		{"empty", "", nil, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			m, ok := s.Match(tc.message, tc.terms, nil)
			if tc.want == "" {
				if ok {
					t.Fatalf("matched %q via %q", m.Entry.ID, m.Phrase)
				}
				return
			}
			if !ok || m.Entry.ID != tc.want || m.Phrase != tc.phrase {
				t.Fatalf("Match = %q via %q (%v), want %q via %q", m.Entry.ID, m.Phrase, ok, tc.want, tc.phrase)
			}
		})
	}
}

// Ensure equally specific matches go to the entry earlier in the file.
func TestMatchTieGoesToFileOrder(t *testing.T) {
	t.Parallel()
	s := mustParse(t, `answers:
  - id: first
    title: First
    body: one
    match: [fever]
  - id: second
    title: Second
    body: two
    match: [rash]
`)
	for _, msg := range []string{"fever and rash", "rash and fever"} {
		if m, _ := s.Match(msg, nil, nil); m.Entry.ID != "first" {
			t.Errorf("%q matched %q, want first", msg, m.Entry.ID)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(good))
	f.Add([]byte("answers:\n  - &a {id: x, title: y, body: z}\n  - *a\n"))
	f.Add([]byte("answers: [{id: a, title: b, body: c, match: [\"/x+/\", \"ab*\"]}]"))
	f.Add([]byte("answers: [{id: a, title: b, body: c, match: [clinic opening times, \"bebê\"]}]"))
	x := query.New(nil)
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := answers.Parse("f.yaml", data)
		if err != nil {
			if s != nil {
				t.Fatal("a set and an error")
			}
			return
		}
		for _, e := range s.Entries() {
			if e.ID == "" || e.Title == "" || e.Body == "" {
				t.Fatalf("entry without id, title or body: %+v", e)
			}
			if _, ok := s.Get(e.ID); !ok {
				t.Fatalf("Get(%q) failed", e.ID)
			}
		}
		s.Match(string(data), nil, nil)
		if m, ok := s.Match(string(data), nil, x); ok && (m.Score <= 0 || m.Score > 1 || m.Phrase == "") {
			t.Fatalf("match %+v", m)
		}
	})
}
