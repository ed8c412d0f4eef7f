package query

import (
	"testing"
)

// Ensure the vocabulary knows WordNet's nouns, multiword ones included,
// with the facts the ranking uses: lexicographer file, depth, senses and
// health kinds.
func TestNouns(t *testing.T) {
	t.Parallel()
	v, err := defaultVocabulary()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		noun   string
		lex    string
		kind   HealthKind
		senses int
	}{
		{"speed limit", "communication", KindNone, 1},
		{"work permit", "communication", KindNone, 1},
		{"smoke alarm", "artifact", KindNone, 1},
		{"tax return", "communication", KindNone, 1},
		{"crop failure", "state", KindNone, 1},
		{"food poisoning", "state", KindCondition, 1},
		{"athletes foot", "state", KindCondition, 1}, // a key: no apostrophe
		{"malaria", "state", KindCondition, 1},
		{"whooping cough", "state", KindCondition, 1},
		{"acetaminophen", "artifact", KindMedicine, 1},
		{"vaccine", "artifact", KindMedicine, 1},
		{"nurse", "person", KindService, 2},
	} {
		n := v.noun(tt.noun)
		if n.Lex() != tt.lex || n.Kind() != tt.kind || n.Senses() != tt.senses {
			t.Errorf("noun(%q) = lex %q kind %d senses %d, want %q %d %d", tt.noun, n.Lex(), n.Kind(), n.Senses(), tt.lex, tt.kind, tt.senses)
		}
	}
	for _, w := range []string{"", "cedo", "gonna", "Speed limit", "speed_limit"} {
		if n := v.noun(w); n != 0 || n.Lex() != "" {
			t.Errorf("noun(%q) = %#x (lex %q), want no noun", w, uint32(n), n.Lex())
		}
	}
	// The more specific noun lies deeper.
	for _, pair := range [][2]string{{"disease", "malaria"}, {"cough", "whooping cough"}, {"limit", "speed limit"}, {"poisoning", "food poisoning"}} {
		if broad, specific := v.noun(pair[0]).Depth(), v.noun(pair[1]).Depth(); broad >= specific {
			t.Errorf("depth(%q) = %d, depth(%q) = %d: want the second deeper", pair[0], broad, pair[1], specific)
		}
	}
	if n := v.noun("depression"); n.Kind() != KindNone || !n.OtherKind(KindCondition) || !n.Health() {
		t.Errorf("depression: kind %d, other condition %v: want an economic slump first, a condition too", n.Kind(), n.OtherKind(KindCondition))
	}
	if n := v.noun("paris"); !n.Instance() || n.Lex() != "location" {
		t.Errorf("paris: instance %v lex %q, want a named location", n.Instance(), n.Lex())
	}
	for adj, noun := range map[string]string{"gestational": "pregnancy", "epileptic": "epilepsy", "malarial": "malaria", "urban": "city", "cedo": ""} {
		if got := v.adjective(adj); got != noun {
			t.Errorf("adjective(%q) = %q, want %q", adj, got, noun)
		}
	}
}

// Ensure health nouns and adjectives that everyday speech rarely uses are
// lexicon terms, and common words with a health sense are not.
func TestHealthLexicon(t *testing.T) {
	t.Parallel()
	v, err := defaultVocabulary()
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"tuberculosis", "schistosomiasis", "amoxicillin", "preeclampsia", "gestational", "epileptic", "cholera",
		"paracetamol", "dolutegravir", "artemether"} {
		if !v.lexicon(w) {
			t.Errorf("lexicon(%q) = false", w)
		}
	}
	for _, w := range []string{"depression", "pot", "hot", "red", "food poisoning", "paris", "permit"} {
		if v.lexicon(w) && !v.topic(w) {
			t.Errorf("lexicon(%q) = true, want a word that no lexicon names", w)
		}
	}
}

// Ensure a malformed line of nouns.txt or adjectives.txt is an error that
// quotes it, and a well-formed one reads back field by field.
func TestParseNoun(t *testing.T) {
	t.Parallel()
	w, n, err := parseNoun("food poisoning\tstate\t9\t1\td\tmp")
	if err != nil || w != "food poisoning" || n.Lex() != "state" || n.Depth() != 9 || n.Senses() != 1 ||
		n.Kind() != KindCondition || !n.OtherKind(KindMedicine) || !n.OtherKind(KindPathogen) || n.OtherKind(KindCare) || n.Instance() {
		t.Errorf("parseNoun = %q %#x %v", w, uint32(n), err)
	}
	for _, line := range []string{"", "x", "a\tstate\t9\t1\td", "a\tnoun.state\t9\t1\td\t-", "a\tstate\tx\t1\td\t-", "a\tstate\t9\t1\tz\t-", "a\tstate\t9\t1\td\t-z"} {
		if _, _, err := parseNoun(line); err == nil {
			t.Errorf("parseNoun(%q): no error", line)
		}
	}
	for _, line := range []string{"", "a\tb", "a\t\t-", "a\tb\tz"} {
		if _, _, _, err := parseAdjective(line); err == nil {
			t.Errorf("parseAdjective(%q): no error", line)
		}
	}
}
