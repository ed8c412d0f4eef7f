package query

import (
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"
)

// wordnetTerms are nouns of other languages' wordnets with the English
// WordNet noun of their synset (data/terms/CODE.txt, generated from a
// wordnet linked to WordNet 3.0): the many specific terms that no glossary
// lists ("esguince" → "sprain", "semáforo" → "traffic light"). A glossary's
// entry wins over a wordnet's.
type wordnetTerms struct {
	langs map[string]*langTerms // by language code
}

// langTerms are one language's wordnet nouns.
type langTerms struct {
	set     set               // folded nouns, for matching phrases by their first word
	english map[string]string // folded noun → English noun
}

// defaultTerms is loaded once: it is large, immutable and the same for
// every Extractor.
var defaultTerms = sync.OnceValues(loadTerms)

func loadTerms() (*wordnetTerms, error) {
	files, err := fs.Glob(data, "data/terms/*.txt")
	if err != nil {
		return nil, err
	}
	t := &wordnetTerms{langs: map[string]*langTerms{}}
	for _, f := range files {
		b, err := data.ReadFile(f)
		if err != nil {
			return nil, err
		}
		lt := &langTerms{english: map[string]string{}}
		var keys []string
		err = readLines(path.Base(f), string(b), func(line string) error {
			from, to, err := parseTopic(line)
			if err != nil {
				return err
			}
			if _, ok := lt.english[from]; !ok {
				lt.english[from] = to
				keys = append(keys, from)
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("wordnet terms: %w", err)
		}
		slices.Sort(keys) // the same order in every process
		lt.set = newSet(keys)
		t.langs[strings.TrimSuffix(path.Base(f), ".txt")] = lt
	}
	return t, nil
}

// wordnetTerm returns how many tokens at the start of toks make a wordnet
// noun of another language, and its English noun. Only words of a clause
// in the wordnet's language count ("muda" is Spanish for a molt, not the
// Swahili for time), or the phrases of a language without a wordnet that
// it respells as a close one's (Portuguese "cordão umbilical" is Spanish
// "cordón umbilical"), and no word that is an English one too: "tambor"
// is Spanish, "pie" is English.
func (e *Extractor) wordnetTerm(toks []token) (int, string) {
	lang, spell, respelt := toks[0].lang, func(k string) string { return k }, false
	if r, ok := respellings[lang]; ok && e.terms.langs[lang] == nil {
		lang, spell, respelt = r.lang, r.spell, true
	}
	lt := e.terms.langs[lang]
	if lt == nil || !toks[0].foreign || toks[0].acronym {
		return 0, ""
	}
	first := spell(foldKey(toks[0].key))
	for _, p := range lt.set.first[first] {
		if len(p) <= len(toks) && spelledAt(p, toks, spell) && e.wordnetWords(toks[:len(p)]) {
			return len(p), lt.english[strings.Join(p, " ")]
		}
	}
	if respelt || !e.wordnetWords(toks[:1]) || e.vocab.english(first) {
		return 0, "" // another language's word alone is too often a false friend ("posso" is no "poso")
	}
	for _, k := range []string{first, strings.TrimSuffix(first, "s"), strings.TrimSuffix(first, "es")} {
		// a plural of the Romance languages: "oxiuros", "transfusiones"
		if to, ok := lt.english[k]; ok && len(k) >= minWordnetRunes {
			return 1, to
		}
	}
	return 0, ""
}

func spelledAt(p []string, toks []token, spell func(string) string) bool {
	for j, w := range p {
		if toks[j].acronym || spell(foldKey(toks[j].key)) != w {
			return false
		}
	}
	return true
}

// respellings read a language without a wordnet through a close one's:
// Portuguese through Spanish, by the regular correspondences of their
// spellings (folded: accents removed).
var respellings = map[string]struct {
	lang  string
	spell func(string) string
}{
	"pt": {"es", portugueseAsSpanish},
}

// ptEndings are Portuguese endings and their Spanish ones: "-ção"
// (-ción), "-ções" (-ciones), "-são" (-sión), "-ão" (-ón), "-dade"
// (-dad), "-agem" (-aje), "-ável" (-able), "-ível" (-ible).
var ptEndings = []struct{ from, to string }{
	{"coes", "ciones"}, {"cao", "cion"}, {"soes", "siones"}, {"sao", "sion"}, {"oes", "ones"}, {"ao", "on"},
	{"dades", "dades"}, {"dade", "dad"}, {"agem", "aje"}, {"avel", "able"}, {"ivel", "ible"},
}

// ptInside are Portuguese letters and their Spanish ones inside a word:
// "lh" (ll), "nh" (ñ, folded n), "ss" (s).
var ptInside = strings.NewReplacer("lh", "ll", "nh", "n", "ss", "s")

// portugueseAsSpanish respells a folded Portuguese word as Spanish writes
// its cognate ("cordao" → "cordon", "vacinacao" → "vacinacion").
func portugueseAsSpanish(k string) string {
	if strings.Contains(k, "lh") || strings.Contains(k, "nh") || strings.Contains(k, "ss") {
		k = ptInside.Replace(k) // only then: a Replacer allocates even when it changes nothing
	}
	for _, r := range ptEndings {
		if stem, ok := strings.CutSuffix(k, r.from); ok && stem != "" {
			return stem + r.to
		}
	}
	return k
}

// minWordnetRunes: a shorter word is too often another language's word too.
const minWordnetRunes = 4

// wordnetWords reports words that can make a wordnet term: none is a
// word of the lists (greetings, framings, function and context words),
// which say what a message is about, not what it names.
func (e *Extractor) wordnetWords(toks []token) bool {
	if len(toks) == 1 {
		k := foldKey(toks[0].key)
		return e.foreign[k] == 0 && !e.context[k] && !e.ignore[k]
	}
	return true
}
