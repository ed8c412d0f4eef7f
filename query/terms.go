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
	first   map[string][][]string // folded nouns of several words by their first word, longest first
	english map[string]string     // folded noun → English noun
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
		lt := &langTerms{first: map[string][][]string{}, english: map[string]string{}}
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
		for _, k := range keys {
			if words := strings.Fields(k); len(words) > 1 {
				lt.first[words[0]] = append(lt.first[words[0]], words)
			}
		}
		for _, ps := range lt.first {
			slices.SortStableFunc(ps, func(a, b []string) int { return len(b) - len(a) })
		}
		t.langs[strings.TrimSuffix(path.Base(f), ".txt")] = lt
	}
	return t, nil
}

// wordnetTerm returns how many tokens at the start of toks make a wordnet
// noun of another language, and its English noun; guess reports a word
// alone read through another language's spelling, a term only as far as
// the English noun is one. Only words of a clause
// in the wordnet's language count ("muda" is Spanish for a molt, not the
// Swahili for time), or those of a language without a wordnet that it
// respells as a close one's (Portuguese "cordão umbilical" is Spanish
// "cordón umbilical", "cadeira de rodas" Galician), and no word that is
// an English one too: "tambor" is Spanish, "pie" is English.
func (e *Extractor) wordnetTerm(toks []token) (n int, to string, guess bool) {
	if !toks[0].foreign || toks[0].acronym {
		return 0, "", false
	}
	lang := toks[0].lang
	if lt := e.terms.langs[lang]; lt != nil {
		n, to = e.termOf(lt, toks, foldKey, true, false)
		return n, to, false
	}
	// A phrase through any close language, the longest, before a word
	// alone through the closest: "lábio leporino" is a Spanish phrase
	// before it is a Galician "labio".
	for _, r := range respellings[lang] {
		if lt := e.terms.langs[r.lang]; lt != nil {
			if m, t := e.termOf(lt, toks, r.spell, false, true); m > n {
				n, to = m, t
			}
		}
	}
	if n > 0 {
		return n, to, false
	}
	for _, r := range respellings[lang] {
		if lt := e.terms.langs[r.lang]; lt != nil && r.words && len([]rune(toks[0].key)) >= minRespeltRunes {
			if m, t := e.termOf(lt, toks, r.spell, true, true); m > 0 {
				return m, t, true
			}
		}
	}
	return 0, "", false
}

// minRespeltRunes: a shorter word alone read through another language's
// spelling is too often an everyday word whose meanings drifted apart
// (Portuguese "mata", "rede" and "milho" are a wood, a net and maize;
// Galician "mata" is a shrub).
const minRespeltRunes = 6

// termOf matches toks against one wordnet's nouns, each word spelt by
// spell (its key → the wordnet's folded spelling). A word alone counts
// only when words is set: in the wordnet's own language, or through the
// closest language's spelling (respelt), and there only when it is no inflected
// form of its own language's dictionary: "tinha" (had) is a form of
// "ter", no Galician "tiña" (ringworm); "piolhos" (lice) is an entry.
func (e *Extractor) termOf(lt *langTerms, toks []token, spell func(string) string, words, respelt bool) (int, string) {
	first := spell(toks[0].key)
	for _, p := range lt.first[first] {
		if len(p) <= len(toks) && spelledAt(p, toks, spell) && e.wordnetWords(toks[:len(p)]) {
			return len(p), lt.english[strings.Join(p, " ")]
		}
	}
	own := foldKey(toks[0].key)
	if !words || !e.wordnetWords(toks[:1]) || e.vocab.english(first) || e.vocab.english(own) ||
		respelt && !e.ownLemma(toks[0].lang, toks[0].key) {
		return 0, "" // another language's word alone is too often a false friend ("posso" is no Spanish "poso")
	}
	for _, k := range []string{first, strings.TrimSuffix(first, "s"), strings.TrimSuffix(first, "es")} {
		// a plural of the Romance languages: "oxiuros", "transfusiones"
		if to, ok := lt.english[k]; ok && len(k) >= minWordnetRunes {
			return 1, to
		}
	}
	return 0, ""
}

// ownLemma reports a word that its language's dictionary lists as an
// entry, alone or as the plural of one ("piolhos", "infecções"), or does
// not know at all; not a form that only its stem makes a word ("tinha",
// had, is no Galician "tiña", ringworm).
func (e *Extractor) ownLemma(lang, w string) bool {
	m := e.vocab.inDictionary(lang, w)
	if m != DictForm {
		return true
	}
	k := foldKey(w)
	for _, sg := range singulars(k) {
		if e.vocab.dictEntry(lang, sg) {
			return true
		}
	}
	return false
}

// singulars are the singulars a folded Romance plural may have:
// "piolhos" → piolho, "infeccoes" → infeccao, "hospitais" → hospital.
func singulars(k string) []string {
	var out []string
	for _, r := range []struct{ pl, sg string }{{"oes", "ao"}, {"aes", "ao"}, {"ais", "al"}, {"eis", "el"}, {"ois", "ol"}, {"es", ""}, {"s", ""}} {
		if stem, ok := strings.CutSuffix(k, r.pl); ok && stem != "" {
			out = append(out, stem+r.sg)
		}
	}
	return out
}

func spelledAt(p []string, toks []token, spell func(string) string) bool {
	for j, w := range p {
		if toks[j].acronym || spell(toks[j].key) != w {
			return false
		}
	}
	return true
}

// respellings read a language without a wordnet through close ones', the
// closest first: Portuguese through Galician, word by word too, and
// through Spanish, phrases only, by the regular correspondences of their
// spellings.
var respellings = map[string][]respelling{
	"pt": {{"gl", portugueseAsGalician, true}, {"es", portugueseAsSpanish, false}},
}

// respelling reads a language's words as another language (lang) writes
// them: spell takes a word's key (lower case, accents kept) and returns
// the other language's folded spelling; words reads a word alone too, not
// only phrases.
type respelling struct {
	lang  string
	spell func(string) string
	words bool
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

// portugueseAsSpanish respells a Portuguese word as Spanish writes its
// cognate, folded ("cordão" → "cordon", "vacinação" → "vacinacion").
func portugueseAsSpanish(w string) string {
	k := foldKey(w)
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

// glEndings are Portuguese endings and their Galician ones, written with
// their accents or without (a message often has none): "-ção" (-ción),
// "-ções" (-cións), "-são" (-sión), "-ões" (-óns), "-ão" (-ón), "-ável"
// (-able), "-ível" (-ible), "-óvel" (-óbil), "-ém" (-én), an unstressed
// "-em" (-e: "homem", home), "-im" (-ín), "-um" (-ún), "-om" (-on).
// Galician keeps "-dade", "-ite" and "-ose" as Portuguese writes them.
var glEndings = []struct{ from, to string }{
	{"ções", "cions"}, {"coes", "cions"}, {"ção", "cion"}, {"cao", "cion"},
	{"sões", "sions"}, {"soes", "sions"}, {"são", "sion"}, {"sao", "sion"},
	{"ões", "ons"}, {"oes", "ons"}, {"ães", "ans"}, {"ãos", "ans"}, {"ão", "on"}, {"ao", "on"},
	{"ável", "able"}, {"avel", "able"}, {"ível", "ible"}, {"ivel", "ible"}, {"óvel", "obil"}, {"ovel", "obil"},
	{"ém", "en"}, {"em", "e"}, {"im", "in"}, {"um", "un"}, {"om", "on"},
}

// glInside are Portuguese letters and their Galician ones inside a
// folded word: "nh" (ñ, folded n), "lh" (ll), "ss" (s), "j" and a "g"
// before e or i (x: "janela" xanela, "hemorragia" hemorraxia), a "z"
// before e or i (c: "fazer" facer, "doze" doce), "-eia-"
// and "-eio-" (-ea-, -eo-: "veia" vea, "passeio" paseo).
var glInside = strings.NewReplacer("nh", "n", "lh", "ll", "ss", "s", "j", "x", "ge", "xe", "gi", "xi", "ze", "ce", "zi", "ci", "eia", "ea", "eio", "eo")

// portugueseAsGalician respells a Portuguese word as Galician writes its
// cognate, folded ("cadeira" → "cadeira", "piolho" → "piollo",
// "meningite" → "meninxite", "vacinação" → "vacinacion"). "ç" is "z"
// ("cabeça", cabeza).
func portugueseAsGalician(w string) string {
	for _, r := range glEndings {
		if stem, ok := strings.CutSuffix(w, r.from); ok && stem != "" {
			w = stem + r.to
			break
		}
	}
	k := foldKey(strings.ReplaceAll(w, "ç", "z"))
	if strings.ContainsAny(k, "hjgz") || strings.Contains(k, "ss") || strings.Contains(k, "ei") {
		k = glInside.Replace(k) // only then: a Replacer allocates even when it changes nothing
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
