package safety

import (
	"slices"
	"testing"
)

// Ensure Swahili and isiZulu verbs are read into subject, negation,
// object and stem whatever their tense.
func TestBantuAnalyse(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		lang, word, want string
	}{
		{"sw", "nitajiua", "1+self+ua"},
		{"sw", "najiua", "1+self+ua"},
		{"sw", "kujiua", "inf+self+ua"},
		{"sw", "ananipiga", "3+me+piga"},
		{"sw", "wamenipiga", "3+me+piga"},
		{"sw", "hapumui", "not+3+0+pumui"},
		{"sw", "sitaki", "not+1+0+taki"},
		{"sw", "linaniua", "x+me+ua"},
		{"zu", "ngizozibulala", "1+self+bulala"},
		{"zu", "ukuzibulala", "inf+self+bulala"},
		{"zu", "uyangishaya", "3+me+shaya"},
		{"zu", "akangivumeli", "not+3+me+vumeli"},
		{"zu", "ayiphefumuli", "not+x+0+phefumuli"},
		{"zu", "angisafuni", "not+1+0+funi"},
		// an infinitive before a vowel is glided: ukw-enza, kw-enda
		{"zu", "ukwenza", "inf+0+enza"},
		{"zu", "ukwesaba", "inf+0+esaba"},
		{"sw", "kwenda", "inf+0+enda"},
	} {
		b := map[string]*bantu{"sw": &swahili, "zu": &zulu}[tc.lang]
		var got []string
		b.analyse(tc.word, func(s string) { got = append(got, s) })
		if !slices.Contains(got, tc.want) {
			t.Errorf("%s %s: %q, want %s among them", tc.lang, tc.word, got, tc.want)
		}
	}
}

// Ensure a typo is corrected to a word of the lists only by a letter
// added, dropped or swapped, never changed: a changed letter makes real
// words of other real words.
func TestCorrect(t *testing.T) {
	t.Parallel()
	var n normaliser
	for _, w := range []string{"myself", "choking", "suicide"} {
		n.addWord(w)
	}
	for w, want := range map[string]string{
		"myslf":   "myself",
		"mysself": "myself",
		"sucide":  "suicide",
		"suicdie": "suicide",
		"cooking": "",
		"mysalf":  "",
	} {
		var got string
		n.correct(w, func(s string) { got = s })
		if got != want {
			t.Errorf("%s: corrected to %q, want %q", w, got, want)
		}
	}
}

func FuzzCompile(f *testing.F) {
	for _, s := range []string{"@who .. {hit|beat} me", "{a|} b ... c", "*+me+pig*", "{x|y", "..", "kill*"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c := compiler{}
		_ = c.define("@who = he | she")
		p, err := c.compile(s)
		if err != nil {
			return
		}
		// A pattern that compiles matches without panicking.
		var n normaliser
		p.match(n.tokens([]string{"he", "hit", "me", "kill", "a+me+piga"}, nil))
	})
}
