// Package stem reduces words to their Snowball stems, so that the forms of
// one word ("vacinas", "vacina"; "vaccinations", "vaccination") compare
// equal. It wraps the stemmers of github.com/blevesearch/snowballstem.
package stem

import (
	"strings"

	"github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/english"
	"github.com/blevesearch/snowballstem/french"
	"github.com/blevesearch/snowballstem/portuguese"
	"github.com/blevesearch/snowballstem/spanish"
)

var stemmers = map[string]func(*snowballstem.Env) bool{
	"en": english.Stem,
	"es": spanish.Stem,
	"fr": french.Stem,
	"pt": portuguese.Stem,
}

// Stem returns the Snowball stem of word in language lang: lower case,
// with the inflectional and derivational endings of that language removed
// ("vacinas" → "vacin", "coughing" → "cough"). A language without a
// stemmer, or a word of fewer than three letters, comes back in lower
// case only. Stem is safe for concurrent use.
func Stem(lang, word string) string {
	word = strings.ToLower(word)
	fn := stemmers[lang]
	if fn == nil || len(word) < 3 {
		return word
	}
	env := snowballstem.NewEnv(word)
	fn(env)
	return env.Current()
}
