package query

import (
	"testing"
)

// Ensure the edit distance counts insertions, deletions, substitutions and
// transpositions, and stops at its bound.
func TestEditDistance(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		a, b string
		max  int
		want int
	}{
		{"asthma", "asthma", 2, 0},
		{"astma", "asthma", 2, 1},
		{"asthmaa", "asthma", 2, 1},
		{"hepatitus", "hepatitis", 2, 1},
		{"typhiod", "typhoid", 2, 1},
		{"tuberculose", "tuberculosis", 2, 2},
		{"malaria", "cholera", 2, 3},
		{"a", "abcdef", 2, 3},
		{"", "ab", 2, 2},
	} {
		if got := editDistance(tt.a, tt.b, tt.max); got != tt.want {
			t.Errorf("editDistance(%q, %q, %d) = %d, want %d", tt.a, tt.b, tt.max, got, tt.want)
		}
	}
}

// Ensure the vocabulary loads, knows its sources, and the speller finds
// words up to two edits away but never changes a word it knows.
func TestVocabulary(t *testing.T) {
	t.Parallel()
	v, err := defaultVocabulary()
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"water", "farm", "malaria", "schistosomiasis", "fever", "sickle cell"} {
		if !v.known(w) {
			t.Errorf("known(%q) = false", w)
		}
	}
	for w, lex := range map[string]bool{"malaria": true, "fever": true, "sickle cell": true, "farm": false, "water": false, "pain": false,
		// heard often, but one specific medicine or condition is all they mean
		"morphine": true, "paralysis": true,
		// a drink that is a drug, classes of medicines and conditions
		"beer": false, "drug": false, "disease": false, "illness": false} {
		if v.lexicon(w) != lex {
			t.Errorf("lexicon(%q) = %v, want %v", w, !lex, lex)
		}
	}
	for _, tt := range []struct{ in, want string }{
		{"astma", "asthma"}, {"diarhea", "diarrhea"}, {"tubercolosis", "tuberculosis"},
		{"pnuemonia", "pneumonia"}, {"malria", "malaria"},
		{"ajuda", ""},  // short words meet rare specialist terms by chance
		{"xqzvwk", ""}, // nothing near
		{"café", ""},   // not ASCII
		{"hiv", ""},    // too short
	} {
		if got := v.correct(tt.in, false); got != tt.want {
			t.Errorf("correct(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	for _, tt := range []struct{ in, want string }{
		{"anxious", "anxiety"}, {"diabetic", "diabetes"}, {"dehydrated", "dehydration"},
		{"asthmatic", "asthma"}, {"pregnant", "pregnancy"}, {"anaemic", "anaemia"},
		{"cough", ""}, {"farm", ""},
	} {
		if got := v.form(tt.in); got != tt.want {
			t.Errorf("form(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// Ensure every embedded language file parses and uses known sections.
func TestLanguageLists(t *testing.T) {
	t.Parallel()
	langs, err := languageLists()
	if err != nil {
		t.Fatal(err)
	}
	for _, code := range []string{"en", "pt", "es", "fr", "sw", "zu", "hi"} {
		l := langs[code]
		if len(l["chat"]) == 0 {
			t.Errorf("%s: no chit-chat", code)
		}
		for _, entry := range l["topic"] {
			if _, _, err := parseTopic(entry); err != nil {
				t.Errorf("%s: %v", code, err)
			}
		}
	}
	if _, err := parseLists("x", "word before a section"); err == nil {
		t.Error("parseLists accepted an entry before any section")
	}
	if _, err := parseLists("x", "[greetings]\nhi"); err == nil {
		t.Error("parseLists accepted an unknown section")
	}
}

// BenchmarkLoadVocabulary measures what the vocabulary adds to start-up
// (the budget: under 500 ms and 50 MB).
func BenchmarkLoadVocabulary(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := loadVocabulary(); err != nil {
			b.Fatal(err)
		}
	}
}
