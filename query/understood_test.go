package query_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/ddgbot/ddgbot/query"
)

// Ensure a clause in another language gives only queries of words ddgbot
// understands (terms, translations, borrowed English nouns, names,
// acronyms, codes): its own words that map to nothing are never looked
// up, even when asked about, and the understood topic still is.
func TestForeignQueriesUnderstood(t *testing.T) {
	t.Parallel()
	e := query.New(nil)
	tests := []struct {
		text string
		raw  []string // words of the message's language that map to nothing
		want string   // the topic that stays a candidate, "" for none
	}{
		// pt: verbs and adverbs around a disclosure or a question
		{"o que é quantos comprimidos?", []string{"quantos", "comprimidos"}, ""},
		{"quero sumir de vez, o que é isso?", []string{"sumir", "vez"}, ""},
		{"o que é tuberculose?", []string{"que"}, "tuberculosis"},
		// sw: verbs with their concords
		{"nataka kujiua leo, nifanye nini?", []string{"kujiua", "nataka", "leo"}, ""},
		{"nimechoka kuishi, ni nini hii?", []string{"nimechoka", "kuishi"}, ""},
		{"mtoto wangu ana pumu, salbutamol inatumika vipi?", []string{"inatumika", "wangu"}, "salbutamol"},
		// zu
		{"ngifuna ukufa, kusho ukuthini?", []string{"ngifuna", "ukufa", "kusho"}, ""},
		{"yini i-drip irrigation?", []string{"yini"}, "drip irrigation"},
		// Hinglish: the borrowed English noun is the topic
		{"mujhe marna hai, kya matlab hai?", []string{"marna", "mujhe"}, ""},
		{"meri wife pregnant hai, folic acid kya hai?", []string{"meri", "hai"}, "folic acid"},
		// es, fr
		{"¿qué es desaparecer para siempre?", []string{"desaparecer", "siempre"}, ""},
		{"qu'est-ce que la méningite?", []string{"est"}, "meningitis"},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			t.Parallel()
			var qs []string
			for _, c := range e.Candidates(tt.text) {
				qs = append(qs, c.Query)
				for _, w := range strings.Fields(strings.ToLower(c.Query)) {
					if slices.Contains(tt.raw, w) {
						t.Errorf("query %q has %q, a word that maps to nothing", c.Query, w)
					}
				}
			}
			if tt.want != "" && !slices.ContainsFunc(qs, func(q string) bool { return strings.EqualFold(q, tt.want) }) {
				t.Errorf("candidates %q, want %q among them", qs, tt.want)
			}
		})
	}
}
