package query

import "testing"

// FuzzTokenizeKeys checks that the keys tokenize takes from a message
// lower-cased whole are what key gives for each word alone.
func FuzzTokenizeKeys(f *testing.F) {
	for _, s := range []string{"Hi, what is Reddit?", "WHO's ART plan", "don't Stop", "Olá, o que é MALÁRIA?", "KELVIN \u212a", "a'S b's", "x\xffY"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		for _, tok := range tokenize(nil, text, nil, nil) {
			if want := key(tok.text); tok.key != want {
				t.Fatalf("%q: word %q has key %q, want %q", text, tok.text, tok.key, want)
			}
		}
	})
}
