package query

import (
	"slices"
	"testing"
)

// Ensure BM25 over the definitions picks the synset that shares the most
// informative words, counts each message word once per synset by its best
// stem, weighs synonyms less, and that a match is strong only with
// enough words, a high score and a clear margin.
func TestDescriptionsMatch(t *testing.T) {
	glosses := "# head, kind, stems\n" +
		"heartburn\td\tburn chest pain sensat stomach\n" +
		"insomnia\td\tinabl sleep\n" +
		"sunburn\td\tburn red skin sun\n" +
		"rash\td\tred skin erupt\n"
	synonyms := "tummy\tstomach\nswollen\t=swell\n"
	d, err := loadDescriptions(glosses, synonyms, func(string) uint32 { return 0 })
	if err != nil {
		t.Fatal(err)
	}
	word := func(w string, stems ...string) glossWord {
		g := glossWord{word: w, stems: stems}
		for range stems {
			g.w = append(g.w, 1)
		}
		return g
	}
	for _, tt := range []struct {
		name  string
		words []glossWord
		want  string
		match []string
	}{
		{"rare words win", []glossWord{word("burning", "burn"), word("chest", "chest")}, "heartburn", []string{"burning", "chest"}},
		{"shared words split", []glossWord{word("red", "red"), word("skin", "skin"), word("sun", "sun")}, "sunburn", []string{"red", "skin", "sun"}},
		{"a word counts once", []glossWord{word("sleep", "sleep", "sleep"), word("cant", "inabl")}, "insomnia", []string{"sleep", "cant"}},
		{"nothing shared", []glossWord{word("phone", "phone")}, "", nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			m, ok := d.match(tt.words)
			if !ok {
				if tt.want != "" {
					t.Fatalf("no match, want %q", tt.want)
				}
				return
			}
			if m.head != tt.want || !slices.Equal(m.words, tt.match) || m.score <= m.second {
				t.Errorf("match = %+v, want %q by %q", m, tt.want, tt.match)
			}
		})
	}
	if got := d.synonyms["swollen"]; !slices.Equal(got, []string{"=swell"}) {
		t.Errorf("synonyms of swollen = %q", got)
	}
	for _, tt := range []struct {
		name string
		m    description
		want bool
	}{
		{"clear", description{score: minDescribed + 1, second: 1, words: []string{"a", "b"}}, true},
		{"one word", description{score: minDescribed + 1, second: 1, words: []string{"a"}}, false},
		{"low", description{score: minDescribed - 1, second: 1, words: []string{"a", "b"}}, false},
		{"no margin", description{score: minDescribed + 1, second: minDescribed, words: []string{"a", "b"}}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.m.strong(); got != tt.want {
				t.Errorf("strong(%+v) = %v, want %v", tt.m, got, tt.want)
			}
		})
	}
}

// Ensure malformed lines of the generated files are errors.
func TestLoadDescriptionsRejects(t *testing.T) {
	for _, tt := range []struct{ name, glosses, synonyms string }{
		{"no stems", "heartburn\td\n", ""},
		{"unknown kind", "heartburn\tx\tburn\n", ""},
		{"no kind of health", "heartburn\t-\tburn\n", ""},
		{"synonym without stems", "heartburn\td\tburn\n", "tummy\n"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := loadDescriptions(tt.glosses, tt.synonyms, func(string) uint32 { return 0 }); err == nil {
				t.Error("no error")
			}
		})
	}
}
