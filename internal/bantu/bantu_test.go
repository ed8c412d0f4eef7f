package bantu

import (
	"slices"
	"testing"
)

// Ensure Swahili and isiZulu verbs are read into subject, negation,
// object and stem whatever their tense.
func TestAnalyse(t *testing.T) {
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
		b := map[string]*Analyser{"sw": Swahili(), "zu": Zulu()}[tc.lang]
		var got []string
		b.Analyse(tc.word, func(a Analysis) { got = append(got, a.String()) })
		if !slices.Contains(got, tc.want) {
			t.Errorf("%s %s: %q, want %s among them", tc.lang, tc.word, got, tc.want)
		}
	}
}

// Ensure a word's readings are bounded and no stem is shorter than
// MinStem.
func TestAnalyseBounds(t *testing.T) {
	t.Parallel()
	for _, w := range []string{"ngingangingangi", "wananiwananiwa", "ku"} {
		for _, b := range []*Analyser{Swahili(), Zulu()} {
			n := 0
			b.Analyse(w, func(a Analysis) {
				n++
				if len(a.Stem) < MinStem {
					t.Errorf("%s: stem %q shorter than %d", w, a.Stem, MinStem)
				}
			})
			if n > MaxAnalyses {
				t.Errorf("%s: %d readings, want at most %d", w, n, MaxAnalyses)
			}
		}
	}
}
