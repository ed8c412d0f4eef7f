package query

import (
	"slices"
	"strings"
	"testing"
)

// Ensure a word of Portuguese, Spanish or French is recognised in its own
// language, written with or without accents and inflected, and an English
// word or a typo is not.
func TestDictionary(t *testing.T) {
	t.Parallel()
	v, err := defaultVocabulary()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		lang, word string
		want       DictMatch
	}{
		{"pt", "cedo", DictForm}, // "ceder"'s stem: pt_BR lists the verb, not the adverb
		{"pt", "febre", DictEntry},
		{"pt", "Grávida", DictForm},
		{"pt", "gravida", DictForm},
		{"pt", "vacinação", DictEntry},
		{"pt", "vacinacao", DictEntry},
		{"pt", "vacinas", DictForm},
		{"pt", "tomou", DictForm},
		{"pt", "vacinações", DictForm},
		{"es", "vacuna", DictEntry},
		{"es", "embarazada", DictEntry},
		{"es", "vacunas", DictForm},
		{"fr", "coqueluche", DictEntry},
		{"fr", "enceinte", DictEntry},
		{"fr", "vaccins", DictForm},
		{"fr", "aujourdhui", DictEntry}, // folded: no apostrophe
		{"pt", "xqzv", DictNone},
		{"pt", "headache", DictNone},
		{"es", "headache", DictNone},
		{"fr", "whooping", DictNone},
		{"sw", "homa", DictNone}, // no embedded Swahili dictionary
		{"en", "cough", DictNone},
	} {
		if got := v.inDictionary(tt.lang, tt.word); got != tt.want {
			t.Errorf("inDictionary(%q, %q) = %d, want %d", tt.lang, tt.word, got, tt.want)
		}
	}
}

// Ensure every embedded dictionary is sorted, as the binary search needs,
// and large enough to be the whole dictionary.
func TestDictionariesSorted(t *testing.T) {
	t.Parallel()
	v, err := defaultVocabulary()
	if err != nil {
		t.Fatal(err)
	}
	for lang, ds := range v.dicts {
		for _, d := range ds {
			for name, s := range map[string]sortedSet{"words": d.words, "stems": d.stems} {
				if s.len() < 20000 {
					t.Errorf("%s %s: %d entries", lang, name, s.len())
				}
				for i := 1; i < s.len(); i++ {
					if s.at(i-1) >= s.at(i) || s.at(i) == "" {
						t.Fatalf("%s %s: %q then %q: not sorted", lang, name, s.at(i-1), s.at(i))
					}
				}
			}
		}
	}
}

// Ensure the dictionaries do not swallow English: the dictionaries hold
// loan words ("show", "time", French "look") and words that share a stem
// with English ones, so a word of both languages is weak evidence of
// either. Measured on the 2,390 English words of four letters or more
// heard 1,000 times or more, when written: entries pt 171, es 146, fr 503;
// forms a further pt 437, es 387, fr 380.
func TestDictionariesAndEnglish(t *testing.T) {
	t.Parallel()
	v, err := defaultVocabulary()
	if err != nil {
		t.Fatal(err)
	}
	var common []string
	for _, w := range v.order {
		if v.english(w) && v.count(w) >= 1000 && len(w) >= 4 {
			common = append(common, w)
		}
	}
	for _, lang := range []string{"pt", "es", "fr"} {
		var entries, forms []string
		for _, w := range common {
			switch v.inDictionary(lang, w) {
			case DictEntry:
				entries = append(entries, w)
			case DictForm:
				forms = append(forms, w)
			}
		}
		t.Logf("%s: %d of %d common English words are entries (%s ...), %d forms (%s ...)", lang, len(entries), len(common),
			strings.Join(entries[:min(8, len(entries))], " "), len(forms), strings.Join(forms[:min(8, len(forms))], " "))
		if 4*len(entries) > len(common) || 10*(len(entries)+len(forms)) > 4*len(common) {
			t.Errorf("%s: %d entries, %d forms of %d common English words", lang, len(entries), len(forms), len(common))
		}
	}
	if len(common) < 2000 || !slices.Contains(common, "water") {
		t.Errorf("%d common English words, want the list of everyday words", len(common))
	}
}

func BenchmarkDictionary(b *testing.B) {
	v, err := defaultVocabulary()
	if err != nil {
		b.Fatal(err)
	}
	words := []string{"quando", "o", "bebê", "toma", "as", "vacinas", "headache", "tosse"}
	for b.Loop() {
		for _, w := range words {
			v.inDictionary("pt", w)
		}
	}
}

// Ensure folding removes accents and apostrophes and keeps other letters,
// as NFD, mark removal and NFC would.
func TestFoldKey(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"Tétano": "tetano", "vacinação": "vacinacao", "bebê": "bebe", "aujourd'hui": "aujourdhui",
		"São Tomé": "sao tome", "ñandú": "nandu", "straße": "straße", "Øre": "øre", "naïve": "naive",
		"cough": "cough", "": "", "e\u0301": "e", "ǅ": "ǆ",
	} {
		if got := foldKey(in); got != want {
			t.Errorf("foldKey(%q) = %q, want %q", in, got, want)
		}
	}
}

// BenchmarkFoldKey: folding an accented word once cost 8 kB of transform
// buffers; every word of a message is folded.
func BenchmarkFoldKey(b *testing.B) {
	for b.Loop() {
		foldKey("vacinação")
	}
}

// Ensure the glossaries add their terms to their languages, and none gives a
// term that the language's own list already maps to another English term.
func TestGlossaries(t *testing.T) {
	t.Parallel()
	langs, err := languageLists()
	if err != nil {
		t.Fatal(err)
	}
	for code, l := range langs {
		seen := map[string]string{}
		for _, entry := range l["topic"] {
			from, to, err := parseTopic(entry)
			if err != nil {
				t.Fatalf("%s: %v", code, err)
			}
			if old, ok := seen[from]; ok && old != to {
				t.Errorf("%s: %q is %q and %q", code, from, old, to)
			}
			seen[from] = to
		}
	}
	e := New(nil)
	for _, tt := range []struct{ msg, want string }{
		{"onde tiro a certidão de nascimento do meu filho?", "birth certificate"},
		{"¿cuál es el límite de velocidad en la ciudad?", "speed limit"},
		{"comment avoir une moustiquaire gratuite", "mosquito net"},
		{"nataka kujua kuhusu cheti cha kuzaliwa", "birth certificate"},
	} {
		if got := e.Queries(tt.msg); !slices.Contains(got, tt.want) {
			t.Errorf("Queries(%q) = %q, want %q among them", tt.msg, got, tt.want)
		}
	}
}

// Ensure a dictionary the configuration adds makes its words known in its
// language only, and a hunspell .dic file reads as its stems.
func TestExtraDictionary(t *testing.T) {
	t.Parallel()
	words, err := ParseWordList("3\nhoma/AB\nkikohozi\tpo:noun\n# a comment\n\nUgonjwa\n")
	if err != nil || !slices.Equal(words, []string{"homa", "kikohozi", "Ugonjwa"}) {
		t.Fatalf("ParseWordList = %q, %v", words, err)
	}
	e, err := NewExtractor(Config{Dictionaries: map[string][]string{"sw": words}})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		lang, word string
		want       DictMatch
	}{
		{"sw", "homa", DictEntry},
		{"sw", "UGONJWA", DictEntry},
		{"sw", "malaria", DictNone},
		{"pt", "kikohozi", DictNone},
		{"pt", "vacinas", DictForm}, // the embedded dictionaries still answer
	} {
		if got := e.InDictionary(tt.lang, tt.word); got != tt.want {
			t.Errorf("InDictionary(%q, %q) = %d, want %d", tt.lang, tt.word, got, tt.want)
		}
	}
	if New(nil).InDictionary("sw", "homa") != DictNone {
		t.Error("homa is Swahili without the configured dictionary")
	}
	for _, bad := range []string{"", "\n# only a comment\n", "12\n", "two words\n"} {
		if _, err := ParseWordList(bad); err == nil {
			t.Errorf("ParseWordList(%q): no error", bad)
		}
	}
}

// FuzzParseWordList ensures no input makes the parser panic, and every word
// it returns is one non-empty word.
func FuzzParseWordList(f *testing.F) {
	for _, s := range []string{"3\nhoma/AB\nkikohozi\tpo:noun\n", "", "\uFEFF12\nx", "a b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		words, err := ParseWordList(text)
		for _, w := range words {
			if err != nil || w == "" || strings.ContainsAny(w, " \n\t") {
				t.Fatalf("ParseWordList(%q) = %q, %v", text, words, err)
			}
		}
	})
}
