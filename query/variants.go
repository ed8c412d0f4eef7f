package query

import (
	"maps"
	"slices"
	"strings"

	"github.com/ddgbot/ddgbot/internal/bantu"
)

// Spelling variants: people write the terms of Hinglish, Swahili and
// isiZulu in many forms that the lists name in one, and the Romance
// languages' terms with a typo. Each of these languages has a function
// that gives the keys under which a word's forms meet (a Hinglish spelling
// key, the noun-class readings of a Bantu word, a Romance word as it is); the
// lists' topic terms are indexed by their words' keys when the Extractor
// is built, and a message's words are read through the same function, so
// a word matches a term's word when they share a key. One word of a term
// may also be one edit off (a typo), when no list or dictionary knows it.

// keyKind names the function that gives a language's keys.
type keyKind int

const (
	hinglishKind keyKind = iota
	swahiliKind
	zuluKind
	romanceKind
)

// variantLangs are the languages read through keys, and their functions.
// spelt: the language is spelt in many ways, so its terms of one word
// and of two words written together are read through the keys, and a
// word that shares a key with a term's word is evidence of the language;
// the Romance languages' terms are indexed only for a typo in a term of
// several words (their dictionaries tell their words).
var variantLangs = []struct {
	lang  string
	kind  keyKind
	spelt bool
}{
	{"hi", hinglishKind, true},
	{"sw", swahiliKind, true},
	{"zu", zuluKind, true},
	{"es", romanceKind, false},
	{"fr", romanceKind, false},
	{"pt", romanceKind, false},
}

// keySet holds the keys of one word, each once, at most maxKeys of
// them (more are dropped: no word of the seven languages has that many).
type keySet struct{ keys []string }

// maxKeys bounds the keys of one word: isiZulu's noun and verb readings
// are the most.
const maxKeys = 40

// add adds the key a+b, unless it is there already.
func (ks *keySet) add(a, b string) {
	if k := a + b; len(ks.keys) < maxKeys && !slices.Contains(ks.keys, k) {
		ks.keys = append(ks.keys, k)
	}
}

// addBytes adds the key b, unless it is there already.
func (ks *keySet) addBytes(b []byte) { ks.add(string(b), "") }

// has reports whether one of the keys is in list.
func (ks *keySet) has(list []string) bool {
	return slices.ContainsFunc(ks.keys, func(k string) bool { return slices.Contains(list, k) })
}

// keysOf adds the keys of a folded word (lower case, no accents) of a
// message to ks.
func keysOf(kind keyKind, w string, ks *keySet) { keysFor(kind, w, false, ks) }

// termKeysOf adds the keys of a folded word of a list's term to ks: a
// Swahili or isiZulu word is read as a verb only when it is an infinitive.
func termKeysOf(kind keyKind, w string, ks *keySet) { keysFor(kind, w, true, ks) }

func keysFor(kind keyKind, w string, term bool, ks *keySet) {
	switch kind {
	case hinglishKind:
		hinglishKeys(w, ks)
	case swahiliKind:
		swahiliKeys(w, ks)
		verbKeys(bantu.Swahili(), w, term, false, ks)
	case zuluKind:
		zuluKeys(w, ks)
		verbKeys(bantu.Zulu(), w, term, true, ks)
	case romanceKind:
		romanceKeys(w, ks)
	}
}

// Verb keys: the lists name a condition or an act by its infinitive (sw
// ku-harisha, to have diarrhoea; zu uku-khwehlela, to cough), and people
// say it as a verb with its subject, tense and object ("a-na-harisha", he
// has diarrhoea; "ngi-ya-khwehlela", I am coughing). A word's verb
// analyses (internal/bantu) give the key of each stem they read; an
// infinitive of a term gives its stem's, and the stems of its perfect
// (isiZulu -ile, -e, and -ele of a verb in -ala: "ngikhathele" of
// ukukhathala) and subjunctive (-e). A negated verb gives its stem under
// another mark, so "hatapiki" (he is not vomiting) is no form of kutapika,
// while "angilali" (I do not sleep) is one of ukungalali (insomnia).
const (
	verbMark    = "~"
	notVerbMark = "!"
	// minVerbStem: a shorter stem is read in too many words ("sha", "dla").
	minVerbStem = 4
	// minVerbWord: a shorter word is read as a verb by chance.
	minVerbWord = 5
)

// verbKeys adds the verb keys of w: of every analysis for a message's
// word; for a term's word, of its infinitive's only (a noun of a term,
// "mimba", is read as a verb too: m-imba, you sing), with its object in
// the stem: ukuzibulala (suicide) is to kill oneself, and
// "uyangibulala" (it is killing me) no form of it. perfect adds the stems
// of isiZulu's perfect.
func verbKeys(a *bantu.Analyser, w string, term, perfect bool, ks *keySet) {
	if len(w) < minVerbWord {
		return
	}
	a.Analyse(w, func(an bantu.Analysis) {
		if term && (an.Subject != "inf" || an.Object != "0") {
			return // a term's object is part of its stem: ukuzibulala is no ukubulala
		}
		mark := verbMark
		if an.Neg {
			mark = notVerbMark
		}
		s := an.Stem
		if len(s) >= minVerbStem {
			ks.add(mark, s)
		}
		if !term || an.Neg || s[len(s)-1] != 'a' {
			return
		}
		// a term's word: built once, when the index is
		base := s[:len(s)-1]
		for _, end := range [...]string{"e", "ile"} {
			if len(base)+len(end) >= minVerbStem && (perfect || end == "e") {
				ks.add(mark+base, end)
			}
		}
		if n := len(s); perfect && n >= minVerbStem && s[n-3] == 'a' && isConsonant(s[n-2]) {
			ks.add(mark+s[:n-3]+"e", s[n-2:n-1]+"e") // -ala → -ele, -ana → -ene
		}
	})
}

// romanceKeys gives a word of Portuguese, Spanish or French as it is:
// their plurals are read by termKeys, and the index of their terms is
// there for a word of a term of several words written one edit off
// ("certidao de nacimento").
func romanceKeys(w string, ks *keySet) {
	ks.add(w, "")
}

// variantIndex holds one language's topic terms by the keys of their
// words.
type variantIndex struct {
	lang  string
	kind  keyKind
	terms []variantTerm
	first map[string][]int // a key of a term's first word → its terms, longest first
	near  map[byte][]int   // terms whose first word is minTypoRunes long or more, by its first letter
	words map[string]bool  // the keys of every word of the terms, minVariantEvidenceRunes-1 letters or more
}

// heard reports a word that shares a key with a word of the terms.
func (x *variantIndex) heard(w string) bool {
	var ks keySet
	keysOf(x.kind, w, &ks)
	for _, k := range ks.keys {
		if x.words[k] {
			return true
		}
	}
	return false
}

// variantTerm is a topic term: the keys of each of its words, and its
// English term.
type variantTerm struct {
	words [][]string
	raw   []string // the words as listed
	to    string
}

// minTypoRunes: a word of a term of several words this long may be
// written one edit off ("mshituko wa moyo"); a word alone never is: one
// letter tells apart the words of these languages ("ukunikela", to
// donate, "ukunisela", to irrigate).
const minTypoRunes = 5

// minVariantKey: a shared key shorter than this says nothing: a single
// word matches a term only through a key of this length or more.
const minVariantKey = 3

// newVariantIndex indexes a language's topic terms (folded, with their
// English terms) by their words' keys; a term of two words is also
// indexed as one word written together ("sirdard", "kifuakikuu").
//
// A language that is not spelt in many ways gets terms of several words
// only, and no evidence.
func newVariantIndex(lang string, kind keyKind, spelt bool, terms map[string]string) *variantIndex {
	x := &variantIndex{lang: lang, kind: kind, first: map[string][]int{}, near: map[byte][]int{}, words: map[string]bool{}}
	add := func(words []string, to string) {
		t := variantTerm{to: to, raw: words}
		for _, w := range words {
			var ks keySet
			termKeysOf(kind, w, &ks)
			t.words = append(t.words, ks.keys)
			for _, k := range t.words[len(t.words)-1] {
				if len(k) >= minVariantEvidenceRunes-1 {
					x.words[k] = true
				}
			}
		}
		id := len(x.terms)
		x.terms = append(x.terms, t)
		for _, k := range t.words[0] {
			x.first[k] = append(x.first[k], id)
		}
		if w := words[0]; len(w) >= minTypoRunes && len(words) > 1 {
			x.near[w[0]] = append(x.near[w[0]], id)
		}
	}
	for _, from := range slices.Sorted(maps.Keys(terms)) { // the same order in every process
		words := strings.Fields(from)
		if !spelt && len(words) < 2 {
			continue
		}
		add(words, terms[from])
		if spelt && len(words) == 2 {
			add([]string{words[0] + words[1]}, terms[from])
		}
	}
	for k, ids := range x.near {
		slices.SortStableFunc(ids, func(a, b int) int { return len(x.terms[b].words) - len(x.terms[a].words) })
		x.near[k] = ids
	}
	for k, ids := range x.first {
		slices.SortStableFunc(ids, func(a, b int) int { return len(x.terms[b].words) - len(x.terms[a].words) })
		x.first[k] = ids
	}
	if !spelt {
		x.words = nil
	}
	return x
}

// match returns how many tokens at the start of toks make a term through
// its words' keys, and the English term; the longest term wins. skip
// reports a word that makes no term alone. typo allows one word of
// minTypoRunes letters or more one edit off the term's word, when typo
// reports it a word its language does not know.
func (x *variantIndex) match(toks []token, skip func(token) bool, typo func(token) bool) (int, string) {
	var first, other keySet
	keysOf(x.kind, foldKey(toks[0].key), &first)
	// rest reports that toks[from:] start with the rest of t, one word
	// of it one edit off when fixes is 0.
	rest := func(t *variantTerm, from, fixes int) bool {
		for j := from; j < len(t.words); j++ {
			if toks[j].acronym || toks[j-1].stop {
				return false
			}
			other.keys = other.keys[:0]
			keysOf(x.kind, foldKey(toks[j].key), &other)
			if other.has(t.words[j]) {
				continue
			}
			if fixes > 0 || typo == nil || !nearWord(foldKey(toks[j].key), t.raw[j]) || !typo(toks[j]) {
				return false
			}
			fixes++
		}
		return true
	}
	best, to := 0, ""
	for _, k := range first.keys {
		for _, id := range x.first[k] {
			t := &x.terms[id]
			n := len(t.words)
			if n <= best || n > len(toks) {
				continue
			}
			if n == 1 && (len(k) < minVariantKey || skip(toks[0])) {
				continue
			}
			if rest(t, 1, 0) {
				best, to = n, t.to
			}
		}
	}
	if best > 0 || typo == nil {
		return best, to
	}
	w := foldKey(toks[0].key)
	if len(w) < minTypoRunes || !typo(toks[0]) {
		return 0, ""
	}
	for _, id := range x.near[w[0]] {
		t := &x.terms[id]
		n := len(t.words)
		if n <= best || n > len(toks) {
			continue
		}
		if nearWord(w, t.raw[0]) && rest(t, 1, 1) {
			best, to = n, t.to
		}
	}
	return best, to
}

// nearWord reports a folded word one edit off a term's word (as
// listed), both minTypoRunes letters or more, with the same first letter.
func nearWord(w, want string) bool {
	return len(w) >= minTypoRunes && len(want) >= minTypoRunes && w[0] == want[0] && w != want &&
		editDistance(w, want, 1) <= 1
}

// variant returns how many tokens at the start of toks make a topic term
// of Hinglish, Swahili or isiZulu written in another form than the
// list's ("bukhaar", "vyeti vya kuzaliwa", "unesifo sofuba"), and its
// English term. Only the languages with evidence in the message (heard,
// by language bit) are read; in a message without any, a term of several
// words of any of them ("itshe lezinso").
func (e *Extractor) variant(toks []token, heard uint64) (int, string) {
	if toks[0].acronym || !wordHasLetter(toks[0]) || startsWithDigit(toks[0].text) ||
		len(toks[0].key) < minVariantKey || e.vocab.common(toks[0].key) {
		return 0, "" // an everyday English word starts no term of these languages' spelt otherwise
	}
	best, to := 0, ""
	for _, x := range e.variants {
		if heard != 0 && heard&(1<<e.bit[x.lang]) == 0 {
			continue
		}
		typo := e.unknownWord
		if heard == 0 {
			typo = nil
		}
		if n, t := x.match(toks, e.notAlone, typo); n > best && (heard != 0 || n > 1) {
			best, to = n, t
		}
	}
	return best, to
}

// notAlone reports a word that never makes a term alone through its keys:
// a word of the lists (a function, framing or context word: "kwa",
// "bahut") or an everyday English word.
func (e *Extractor) notAlone(t token) bool {
	k := foldKey(t.key)
	return len(k) < minVariantKey+1 || e.foreign[k] != 0 || e.context[k] || e.vocab.common(k)
}

// unknownWord reports a word that no list, no English word list and no
// dictionary of its clause's language knows: it may be a term's word
// misspelt.
func (e *Extractor) unknownWord(t token) bool {
	k := foldKey(t.key)
	if e.vocab.known(k) || e.foreign[k] != 0 || e.context[k] || e.topics.words[k] {
		return false
	}
	return t.lang == "" || e.vocab.inDictionary(t.lang, t.key) == DictNone
}

// hinglishKeys gives the one key of a Hinglish word: Hindi written in
// Latin letters has no fixed spelling, and the key writes alike what the
// common romanisations write differently:
//   - "ph" is f, "w" v, "z" j (ज़ and ज are told apart by few), "q" k, "ck" k;
//   - an "h" after a consonant is dropped: aspirates and their plain
//     consonants are written either way ("dhadkan", "dadkan"), and "sh" is
//     often "s";
//   - long vowels are written doubled or not ("bukhaar", "bukhar"; "ee" i,
//     "oo" u), and doubled consonants too ("patthri"): every doubled letter
//     is written once;
//   - "ou" is "au" ("doura", "daura"); "iy" before a vowel is "i"
//     ("piliya", "gathia");
//   - a nasal "n" before a consonant is written or not ("khansi", "khaasi");
//   - a final "a" after a consonant is the inherent vowel, written or not
//     ("patra", "patr"), and a noun's final "a" is "e" before a
//     postposition and in the plural ("peeliye mein", "teeke").
func hinglishKeys(w string, ks *keySet) {
	var buf [64]byte
	ks.addBytes(appendHinglishKey(buf[:0], w))
}

// appendHinglishKey appends the Hinglish key of w to b.
func appendHinglishKey(b []byte, w string) []byte {
	for i := 0; i < len(w); i++ {
		c := w[i]
		var next byte
		if i+1 < len(w) {
			next = w[i+1]
		}
		switch {
		case c == 'p' && next == 'h':
			c = 'f'
			i++
		case c == 'c' && next == 'k':
			c = 'k'
			i++
		case c == 'h' && len(b) > 0 && isConsonant(b[len(b)-1]):
			continue
		case c == 'w':
			c = 'v'
		case c == 'z':
			c = 'j'
		case c == 'q':
			c = 'k'
		case c == 'e' && next == 'e':
			c = 'i'
			i++
		case c == 'o' && next == 'o':
			c = 'u'
			i++
		case c == 'o' && next == 'u':
			b = append(b, 'a')
			c = 'u'
			i++
		case c == 'y' && len(b) > 0 && b[len(b)-1] == 'i' && isVowel(next):
			continue
		case c == 'n' && len(b) > 0 && isVowel(b[len(b)-1]) && next != 0 && isConsonant(next) && next != 'h' && next != 'y':
			continue
		}
		if len(b) > 0 && b[len(b)-1] == c {
			continue
		}
		b = append(b, c)
	}
	if n := len(b); n > 3 && b[n-1] == 'e' && (isConsonant(b[n-2]) || b[n-2] == 'i') {
		b[n-1] = 'a' // the oblique or plural of a noun in -a
	}
	if n := len(b); n > 3 && b[n-1] == 'a' && isConsonant(b[n-2]) {
		b = b[:n-1]
	}
	return b
}

func isConsonant(c byte) bool {
	return c >= 'a' && c <= 'z' && !isVowel(c)
}

// swPossessives are Swahili's possessive concords ("of"), one for each
// noun class: the concord agrees with the noun before it, so a plural
// changes it ("cheti cha kuzaliwa", "vyeti vya kuzaliwa"). They share
// one key.
var swPossessives = []string{"wa", "ya", "la", "cha", "vya", "za", "kwa", "pa", "mwa"}

// swahiliKeys gives the keys of a Swahili word: the word; the singular
// of a noun of a plural class (vi- ki-, vy- ch-, mi- m-, wa- m-; ma- and
// ji- of class 5 and 6 have a bare stem: "mawe", "jiwe"); the same of the
// noun without the locative suffix -ni ("hospitalini"); one key for every
// possessive concord.
func swahiliKeys(w string, ks *keySet) {
	if slices.Contains(swPossessives, w) {
		ks.add("-a", "")
		return
	}
	ks.add(w, "")
	swahiliSingular(w, ks)
	if stem, ok := strings.CutSuffix(w, "ni"); ok && len(stem) >= 4 {
		ks.add(stem, "")
		swahiliSingular(stem, ks)
	}
}

// bareStem marks the key of a stem that a class 5 or 6 noun has without
// a prefix ("jiwe", "mawe"; isiZulu "itshe", "amatshe"): it meets only
// such keys, not a word that merely starts with the stem ("makazi",
// housing, is no plural of "kazi", work).
const bareStem = "="

func swahiliSingular(w string, ks *keySet) {
	if len(w) < 4 {
		return
	}
	switch p, c := w[:2], w[2]; {
	case p == "vy" && isVowel(c):
		ks.add("ch", w[2:])
	case p == "vi" && !isVowel(c):
		ks.add("ki", w[2:])
	case (p == "mi" || p == "wa") && !isVowel(c):
		ks.add("m", w[2:])
	case p == "ma" || p == "ji":
		ks.add(bareStem, w[2:])
	}
}

// zuRelatives are the vowels of isiZulu's relative concords, written
// before a subject concord: "a-ba-noshukela" (those who have diabetes).
var zuRelatives = []string{"", "a", "o", "e"}

// zuMerged reports the vowel of a particle merged with a noun's augment:
// a+a a, a+i e, a+u o; the copulatives yi- before i- and ngu- before u-.
// "ngi-" is a subject concord: "ngikhulelwe" is a verb.
func zuMerged(particle string, v byte) bool {
	return v == 'a' || v == 'e' || v == 'o' || particle == "y" && v == 'i' || particle == "ng" && v == 'u'
}

// zuPlurals are the prefixes of isiZulu's plural noun classes and their
// singulars, written without the augment: izi- isi-, izin-/izim- in-/im-,
// imi- um-, aba- um-, ama- and ili- (class 5 and 6 share a bare stem:
// "itshe", "amatshe").
var zuPlurals = []struct{ pl, sg string }{
	{"zin", "n"}, {"zim", "m"}, {"zi", "si"}, {"mi", "m"}, {"mu", "m"}, {"ba", "m"}, {"ma", bareStem}, {"li", bareStem},
}

// zuluKeys gives the keys of an isiZulu noun: its prefix and stem
// without the augment (the initial vowel), read from the word as written,
// after the concords of zuluJoins and zuluSubjects ("nesifo", "unesifo",
// "sofuba"), and
// from a locative ("esiswini": e-, -ini, and the -w- of a stem ending in
// -u); a plural prefix is written as its singular's, and the stem's final
// vowel, which a locative changes, is dropped.
func zuluKeys(w string, ks *keySet) {
	if len(w) < 4 || strings.Contains(w, "-") {
		ks.add(w, "")
		return
	}
	noun := func(s string, vowel bool) {
		if len(s) < 3 {
			return
		}
		if vowel && isVowel(s[len(s)-1]) {
			s = s[:len(s)-1]
		}
		prefix := ""
		for _, p := range zuPlurals {
			if rest, ok := strings.CutPrefix(s, p.pl); ok && len(rest) >= 2 {
				prefix, s = p.sg, rest
				break
			}
		}
		if len(prefix)+len(s) >= 2 {
			ks.add(prefix, s)
		}
	}
	class5 := func(s string) { // i- may be class 5 without its li-: "itshe", "amatshe"
		if isVowel(s[len(s)-1]) {
			s = s[:len(s)-1]
		}
		if len(s) >= 2 {
			ks.add(bareStem, s)
		}
	}
	noun(w, true)
	if isVowel(w[0]) {
		noun(w[1:], true)
		if w[0] == 'i' && !isVowel(w[1]) {
			class5(w[1:])
		}
	}
	if (w[0] == 'e' || w[0] == 'o') && len(w) >= 7 {
		for _, suf := range []string{"wini", "weni", "ini", "eni"} {
			if core, ok := strings.CutSuffix(w[1:], suf); ok {
				noun(core, false)
				break
			}
		}
	}
	joined := func(rest string, joins []string) {
		for _, p := range joins {
			if r, ok := strings.CutPrefix(rest, p); ok && len(r) > 3 && zuMerged(p, r[0]) {
				noun(r[1:], true)
				if r[0] == 'e' && !isVowel(r[1]) {
					class5(r[1:]) // a+i: "letshe"
				}
			}
		}
	}
	joined(w, zuluJoins)
	for _, rel := range zuRelatives {
		r, ok := strings.CutPrefix(w, rel)
		if !ok {
			continue
		}
		for _, sc := range zuluSubjects {
			if rest, ok := strings.CutPrefix(r, sc); ok {
				joined(rest, zuluJoins[:1]) // subject concord + na: "unesifo"
			}
		}
	}
}
