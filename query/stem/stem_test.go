package stem

import "testing"

// Ensure the forms of a word share a stem in each supported language, and
// unsupported languages leave words as they are (lower case).
func TestStem(t *testing.T) {
	for _, tt := range []struct {
		lang  string
		forms []string
	}{
		{"en", []string{"vaccination", "vaccinations"}},
		{"en", []string{"cough", "coughing", "coughs", "Coughed"}},
		{"pt", []string{"vacina", "vacinas"}},
		{"pt", []string{"grávida", "grávidas"}},
		{"es", []string{"vacuna", "vacunas"}},
		{"es", []string{"embarazada", "embarazadas"}},
		{"fr", []string{"vaccin", "vaccins"}},
		{"fr", []string{"enceinte", "enceintes"}},
	} {
		want := Stem(tt.lang, tt.forms[0])
		for _, f := range tt.forms[1:] {
			if got := Stem(tt.lang, f); got != want {
				t.Errorf("Stem(%q, %q) = %q, want %q (the stem of %q)", tt.lang, f, got, want, tt.forms[0])
			}
		}
	}
	for _, tt := range []struct{ lang, word, want string }{
		{"sw", "Homa", "homa"},
		{"zu", "ukukhwehlela", "ukukhwehlela"},
		{"xx", "Coughing", "coughing"},
		{"en", "TB", "tb"},
		{"pt", "", ""},
	} {
		if got := Stem(tt.lang, tt.word); got != tt.want {
			t.Errorf("Stem(%q, %q) = %q, want %q", tt.lang, tt.word, got, tt.want)
		}
	}
}

// FuzzStem ensures no input makes a stemmer panic.
func FuzzStem(f *testing.F) {
	for _, s := range []string{"vacinação", "coughing", "enceintes", "", "ÉÉÉ", "a\xffb"} {
		f.Add("pt", s)
	}
	f.Fuzz(func(t *testing.T, lang, word string) {
		_ = Stem(lang, word)
	})
}

func BenchmarkStem(b *testing.B) {
	for b.Loop() {
		Stem("pt", "vacinações")
	}
}
