package safety

import "testing"

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

// Ensure a doubled consonant is read once only when that makes a word of
// the lists, and a doubled vowel never is.
func TestUndouble(t *testing.T) {
	t.Parallel()
	var n normaliser
	for _, w := range []string{"cut", "son", "hit"} {
		n.addWord(w)
	}
	for w, want := range map[string]string{
		"cutt":  "cut",
		"hitt":  "hit",
		"soon":  "",
		"butt":  "",
		"cuttt": "",
	} {
		var got string
		n.undouble(w, func(s string) { got = s })
		if got != want {
			t.Errorf("%s: read as %q, want %q", w, got, want)
		}
	}
}
