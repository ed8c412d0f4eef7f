package query

import (
	"math/bits"
	"slices"
	"strings"
)

// dictLangs are the languages with an embedded dictionary.
var dictLangs = []string{"es", "fr", "pt"}

// minDictEvidenceRunes: a shorter word is in too many dictionaries to tell.
const minDictEvidenceRunes = 4

// English is the code of the language the lookups are made in.
const English = "en"

// Hinglish: Hindi in Latin script borrows English words freely, so a clause
// with this share of Hindi evidence against English is Hindi ("meri wife
// pregnant hai").
const hinglishShare = 0.5

// Evidence weights of one word for language identification: a word of a
// language's own lists (greetings, framings, function words, terms) counts
// fully, shared among the languages that list it; an everyday English word
// that no other list has counts less, since other languages borrow them.
const (
	listEvidence    = 1.0
	englishEvidence = 0.5
	zuluEvidence    = 1.0 // a loan word with an isiZulu noun-class prefix ("i-paracetamol")
	// a word of an embedded dictionary that no list has and English does
	// not know ("pedra", "precisa"): weak, since the three languages share
	// many words
	dictEvidence = 0.3
	// a loan word with another of isiZulu's concords, which some English
	// words start with too ("kwe-c-section", "so-called")
	zuluConcordEvidence = 0.5
	// a word that no list has as written but that shares a key with a
	// word of a language's terms ("amakhondomu", "bukhaaar"): weaker than
	// a listed word, since keys meet by chance more often
	variantEvidence = 0.5
)

// minVariantEvidenceRunes: a shorter word meets a term's word's key by
// chance.
const minVariantEvidenceRunes = 5

// Understanding is a message as the extractor reads it: its language, and
// its clauses of normalised words, each with its own language when the
// message mixes them.
type Understanding struct {
	Lang    string       // the message's main language ("" when no word tells)
	Langs   []LangWeight // every language with evidence, strongest first
	Clauses []Clause
}

// LangWeight is the evidence for one language in a message.
type LangWeight struct {
	Lang   string
	Weight float64
}

// Clause is a run of words up to sentence punctuation.
type Clause struct {
	Lang  string // the clause's language: its own evidence, else the message's
	Words []Word
}

// Word is one word of a message after normalisation.
type Word struct {
	Text string // as written
	Key  string // folded: lower case, accents and apostrophes removed
	// Norm is what the word means for matching: the spelling correction,
	// the topic noun of a word form ("diabetic" → "diabetes"), the English
	// term of another language's word, or the loan word inside an isiZulu
	// noun-class prefix ("i-paracetamol" → "paracetamol"). It equals Key
	// when nothing changed.
	Norm    string
	Acronym bool // all capitals in a message with lower-case letters
	Term    bool // a term of the vocabulary: health lexicon or a translation
}

// Understand reads a message the way Candidates does and returns its
// language(s) and normalised words, for other checks (crisis, own answers)
// to match against. It never looks anything up.
func (e *Extractor) Understand(text string) Understanding {
	toks := tokenize(nil, text, e.cjkPrefix, e.cjkSuffix)
	if len(toks) == 0 {
		return Understanding{}
	}
	e.unstretch(toks)
	langs := e.identify(toks)
	u := Understanding{Langs: langs}
	if len(langs) > 0 {
		u.Lang = langs[0].Lang
	}
	toks = e.normalise(toks)
	start := 0
	for i := range toks {
		if !toks[i].stop && i < len(toks)-1 {
			continue
		}
		c := Clause{Lang: e.clauseLang(toks[start:i+1], u.Lang)}
		for _, t := range toks[start : i+1] {
			w := Word{Text: cmpOr(t.from, t.text), Key: foldKey(key(cmpOr(t.from, t.text))), Norm: foldKey(t.key), Acronym: t.acronym, Term: t.lex || t.topic}
			c.Words = append(c.Words, w)
		}
		u.Clauses = append(u.Clauses, c)
		start = i + 1
	}
	return u
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// identify weighs the evidence for each language over toks, strongest
// first; languages without evidence are left out.
func (e *Extractor) identify(toks []token) []LangWeight {
	var w [64]float64
	for _, t := range toks {
		e.evidence(t, &w)
	}
	e.dictionaryEvidence(toks, &w)
	return e.ranked(&w)
}

// dictionaryEvidence adds, to each language that the lists already found
// in toks, the evidence of its words that only its dictionary knows
// ("pedra", "precisa"): it tells apart languages the lists name, and never
// makes a message of unknown words foreign ("molo").
func (e *Extractor) dictionaryEvidence(toks []token, w *[64]float64) {
	if !slices.ContainsFunc(dictLangs, func(l string) bool { return w[e.bit[l]] > 0 }) {
		return
	}
	for _, t := range toks {
		if t.acronym || len(t.key) < minDictEvidenceRunes {
			continue
		}
		k := foldKey(t.key)
		if e.vocab.known(k) || e.foreign[k] != 0 {
			continue
		}
		for _, lang := range dictLangs {
			if b := e.bit[lang]; w[b] > 0 && e.vocab.dictEntry(lang, k) {
				w[b] += dictEvidence
			}
		}
	}
}

// clauseLang returns the language of one clause: its own evidence when it
// has some, else fallback (the message's).
func (e *Extractor) clauseLang(toks []token, fallback string) string {
	var w [64]float64
	for _, t := range toks {
		e.evidence(t, &w)
	}
	e.dictionaryEvidence(toks, &w)
	if l := e.ranked(&w); len(l) > 0 && l[0].Weight >= listEvidence {
		return l[0].Lang
	}
	return fallback
}

// evidence adds one word's evidence to w, indexed by language bit.
func (e *Extractor) evidence(t token, w *[64]float64) {
	if t.acronym || !wordHasLetter(t) || startsWithDigit(t.text) {
		return
	}
	k := foldKey(t.key)
	if _, ok := zuluPrefix(k); ok {
		w[e.bit["zu"]] += zuluEvidence
		return
	}
	if p, _, _ := strings.Cut(k, "-"); len(p) > 1 {
		if _, ok := zuluConcord(k); ok {
			w[e.bit["zu"]] += zuluConcordEvidence // "kwe-c-section", "so-called"
			return
		}
	}
	m := e.foreign[k] // a word listed in English and another language is the other's ("c'est quoi")
	if m == 0 {
		m = e.englishList[k]
	}
	if m == 0 && e.topicLang[k] != 0 && !e.vocab.english(k) {
		m = e.topicLang[k] // a term of another language ("tuberculose")
	}
	if m != 0 {
		share := listEvidence / float64(bits.OnesCount64(m))
		for b := range 64 {
			if m&(1<<b) != 0 {
				w[b] += share
			}
		}
		return
	}
	if e.vocab.english(k) && e.vocab.count(k) >= commonCount {
		w[e.bit[English]] += englishEvidence
		return
	}
	if len(k) >= minVariantEvidenceRunes && !e.vocab.known(k) {
		for _, x := range e.variants {
			if x.heard(k) {
				w[e.bit[x.lang]] += variantEvidence // "amakhondomu", "piliyaa": a term's word in another form
			}
		}
	}

}

// ranked returns the languages of w with positive weight, strongest first,
// with the rule for Hinglish applied.
func (e *Extractor) ranked(w *[64]float64) []LangWeight {
	var out []LangWeight
	for code, b := range e.bit {
		if w[b] > 0 {
			out = append(out, LangWeight{Lang: code, Weight: w[b]})
		}
	}
	slices.SortFunc(out, func(a, b LangWeight) int {
		if a.Weight != b.Weight {
			if a.Weight > b.Weight {
				return -1
			}
			return 1
		}
		return strings.Compare(a.Lang, b.Lang)
	})
	if len(out) > 1 && out[0].Lang == English {
		if i := slices.IndexFunc(out, func(l LangWeight) bool { return l.Lang == "hi" }); i > 0 &&
			out[i].Weight >= listEvidence && out[i].Weight >= hinglishShare*out[0].Weight {
			out[0], out[i] = out[i], out[0]
		}
	}
	return out
}

// zuluPrefixes are isiZulu noun-class prefixes and the particles that join
// them ("nge-", "ne-", "une-"), written with a hyphen before a loan word:
// "i-paracetamol", "ama-ARV", "isi-", "ine-asthma".
var zuluPrefixes = []string{
	"i", "ii", "ama", "isi", "izi", "um", "umu", "u", "aba", "imi", "ili", "ubu", "uku", "izin", "ku", "kwi",
	"nge", "ngo", "nga", "ne", "ine", "une", "ane", "sine", "ngine", "yi", "ye", "ka", "nama", "nesi", "ngama",
}

// zuluConcords are the rest of isiZulu's prefixes and concords that join
// a loan word with a hyphen, read only in Bantu clauses, where they
// cannot be an English word's first part ("e-mail", "so-called"): the
// noun-class prefixes, the possessive concords of every class with their
// vowels merged ("kwe-c-section": of the caesarean), the locatives, the
// associatives and instrumentals, and the copulatives. Written from the
// grammar's tables.
var zuluConcords = []string{
	"umu", "um", "u", "aba", "abe", "o", "imi", "ili", "li", "ama", "isi", "izi", "in", "im", "izin", "izim", "ulu", "ubu", "uku",
	"wa", "we", "wo", "ba", "be", "bo", "ya", "ye", "yo", "la", "le", "lo", "a", "e", "sa", "se", "so", "za", "ze", "zo",
	"lwa", "lwe", "lwo", "bwa", "bwe", "bwo", "kwa", "kwe", "kwo",
	"ku", "kwi", "ezi", "na", "ne", "no", "nga", "nge", "ngo", "yi", "ngu", "wu", "si",
}

// zuluPrefix returns the loan word of a folded word written with an
// isiZulu noun-class prefix and a hyphen ("i-paracetamol" →
// "paracetamol"), and whether it has one.
func zuluPrefix(k string) (string, bool) {
	return zuluCut(k, zuluPrefixes)
}

// zuluConcord is zuluPrefix with every prefix and concord of the grammar,
// for words of isiZulu clauses.
func zuluConcord(k string) (string, bool) {
	if rest, ok := zuluPrefix(k); ok {
		return rest, true
	}
	return zuluCut(k, zuluConcords)
}

// zuluJoins are the concords that isiZulu joins to a noun without a
// hyphen, their vowel merged with the noun's first (a + i → e, a + u → o):
// na + isifo → nesifo (with), nga + umuthi → ngomuthi (by), wa + igazi →
// wegazi (of), ka + umazisi → kamazisi (of, class 1a), the copulatives yi
// + isifo → yisifo and ngu + umkhuhlane → ngumkhuhlane; zuluSubjects are
// the subject concords written before "na" (u + nesifo → unesifo: she
// has). Written from the grammar's tables; zuluKeys reads them.
var (
	zuluJoins    = []string{"n", "ng", "w", "y", "l", "s", "z", "b", "k", "kw", "lw", "bw"}
	zuluSubjects = []string{"ngi", "u", "si", "ni", "ba", "i", "li", "zi", "ku", "lu", "bu", "a", "wa"}
)

func zuluCut(k string, prefixes []string) (string, bool) {
	p, rest, ok := strings.Cut(k, "-")
	if !ok || len(rest) < 3 || !slices.Contains(prefixes, p) {
		return "", false
	}
	return rest, true
}
