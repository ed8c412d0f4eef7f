package query

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Candidate is one query that a message could be asking about.
type Candidate struct {
	Query       string       // what to look up
	Score       float64      // higher is likelier to be what the message asks about
	Original    string       // the phrase as written, when Query differs from it
	Corrections []Correction // the words changed to make Query
	Lexicon     bool         // Query names a term of the health lexicon
	Noun        bool         // Query is a noun of several words that a dictionary names ("folic acid")
	Specificity float64      // how specific Query is, part of Score (see specificity)
	// Asked: the phrase is in the clause that asks (a question mark or a
	// question word) and is not the situation named after what the
	// question asks about ("in pregnancy" of "can i take aspirin in
	// pregnancy"); Context: it is not, and another named thing is, so
	// it lost contextCost ("my daughter has asthma, how often can she use
	// her salbutamol pump").
	Asked, Context bool
	// Synonym: Query is the dictionary's head word for the phrase written
	// (Original), a synonym of it ("water pill" → "diuretic").
	Synonym bool
	// Contains: Query is a term of several words that holds the phrase of
	// another candidate, which it outranks ("hearing aids" over "aids").
	Contains string
	// Described: no phrase of the message names Query; its words meet
	// the WordNet definition of Query's sense (the words and the match's
	// score, and the next best's).
	Described string
	// Part: Query is a part of this compound, which no dictionary lists or
	// which was composed from another language's words; it ranks just below
	// the compound, looked up in case the compound has no article
	// ("yellow fever" of "yellow fever vaccine").
	Part string

	partWhy string // which part of Part Query is, for Why

	depth    float64 // the part of Specificity that WordNet's depth gives
	sentence int     // which sentence of the message the phrase is in
	from, to int     // the words of the message the phrase spans
	term     float64 // several words that name one thing: what it gains over a candidate of its words
}

// Correction is one word of a message changed to make a query: a typo
// ("astma" → "asthma"), a word form ("diabetic" → "diabetes") or a term of
// another language ("tuberculose" → "tuberculosis").
type Correction struct {
	From, To string
}

func (c Correction) String() string { return c.From + " → " + c.To }

// Why says in a few words what raised or lowered the candidate's score,
// for people tuning the lists ("ddgbot suggest -v").
func (c Candidate) Why() string {
	var parts []string
	switch {
	case c.Described != "":
		parts = append(parts, "described: "+c.Described)
	case c.Lexicon:
		parts = append(parts, "health lexicon term")
	case c.Noun:
		parts = append(parts, "names one thing (dictionary noun or rare word)")
	}
	if c.Contains != "" {
		parts = append(parts, "names more than "+strconv.Quote(c.Contains))
	}
	if c.Synonym {
		parts = append(parts, "WordNet synonym of "+strconv.Quote(c.Original))
	}
	if c.Part != "" {
		parts = append(parts, c.partWhy+" of "+strconv.Quote(c.Part)+", in case it has no article")
	}
	parts = append(parts, fmt.Sprintf("specificity %+.2f", c.Specificity))
	if c.depth != 0 {
		parts[len(parts)-1] += fmt.Sprintf(" (WordNet depth %+.2f)", c.depth)
	}
	if c.Asked {
		parts = append(parts, "in the clause that asks")
	}
	if c.Context {
		parts = append(parts, "context: outside the clause that asks")
	}
	for _, fix := range c.Corrections {
		parts = append(parts, fix.String())
	}
	return strings.Join(parts, "; ")
}

// Scores: a lexicon term outweighs everything else; a long phrase, a
// fallback, a correction and the original spelling of a corrected word
// each cost a little, and a question gains a little over the context
// before it.
const (
	lexiconScore    = 3
	extraWordCost   = 0.5 // per word beyond two
	fallbackCost    = 0.2 // per step down the chain of fallbacks
	correctCost     = 0.2 // per corrected word
	formCost        = 0.3 // per word turned into a topic noun ("itchy" → "itching")
	positionScore   = 0.1 // the later in the message, the likelier the question
	originalCost    = 1.5 // the original spelling of a corrected phrase
	questionScore   = 0.5
	synonymCost     = 0.1  // a dictionary synonym of the phrase written
	outrankScore    = 0.05 // a term of several words over a candidate of its words
	minCognateRunes = 5    // a shorter word of another language meets English ones by chance
	minRareRunes    = 5    // a shorter word is rarely a specific name
	minUnknownRunes = 7    // an unknown word this long that no correction fits is a specialist term
	contextCost     = 2    // a named thing outside the clause that asks, when that clause names one
	// broaderMargin: how much more specific than everything the clause
	// that asks names a context term must be to keep its score.
	broaderMargin = 0.3
	// broadQuestion: a clause that asks whose named things are all less
	// specific than this names something broad (about 300 hearings a
	// million words).
	broadQuestion = 0.5
	topicScore    = 0.3 // a term of the curated health list or a translation, over a dictionary word
	loneCost      = 0.3 // a lexicon word taken out of a longer phrase
	// A lexicon word with its neighbours: a neighbour in the lexicon or a
	// rare one makes a specific term ("prostate cancer", "breast
	// cancer"), an everyday one a phrase that names nothing ("says
	// bronchitis").
	lexiconNeighbour = 0.3
	rareNeighbour    = 0.05
	commonNeighbour  = -0.6
	rareCount        = 1000 // a word heard less often is rare
	// Specificity: specWeight per tenfold rarity below specRef hearings
	// (at most specMax tenfolds); a term of several words gains
	// multiwordScore tenfolds over its rarest word.
	specWeight     = 0.8
	specRef        = 1000
	specMax        = 3
	multiwordScore = 1
	specUnknown    = 2
	// WordNet's hypernym depth: depthWeight per step below depthRef (a
	// typical depth of a noun), at most depthMax either way.
	depthWeight   = 0.05
	depthRef      = 8
	depthMax      = 0.2
	specAcronym   = 1
	maxSpan       = 4 // words around a lexicon word
	negationWords = 2 // words after a negation that it covers
)

// normalise replaces terms of other languages and phrases of the lexicon by
// one token each, corrects misspelt words and turns word forms into topic
// nouns. It returns toks, changed in place and possibly shorter.
func (e *Extractor) normalise(toks []token) []token {
	heard := uint64(0) // every language with evidence in the message
	for _, l := range e.markForeign(toks) {
		heard |= 1 << e.bit[l.Lang]
	}
	mask := uint64(0) // the other languages the message uses
	for _, t := range toks {
		if k := foldKey(t.key); !t.acronym && e.vocab.count(k) < rareCount {
			mask |= e.foreign[k]
		}
	}
	out := toks[:0] // written behind the reads: merging only shortens
	for i := 0; i < len(toks); {
		// the longer term: a glossary's word gives way to a wordnet's
		// phrase that starts with it ("parálisis cerebral"); a term
		// written in another form than its list's counts as the term
		n, to := e.translation(toks[i:], mask)
		if m, v := e.variant(toks[i:], heard); m > n {
			n, to = m, v
		}
		guess := false
		if wn, wto, g := e.wordnetTerm(toks[i:]); wn > n && (!g || e.guessed(wto)) {
			n, to, guess = wn, wto, g
		}
		if n > 0 {
			m := merge(toks[i:i+n], to)
			if guess { // "repetição" is no health term, "varizes" is
				m.lex, m.topic = e.vocab.lexicon(m.key), e.vocab.topic(m.key)
			}
			m.parts = e.glossed(m)
			out = append(out, m)
			i += n
			continue
		}
		out = append(out, e.word(toks[i], mask))
		i++
	}
	toks, out = out, out[:0]
	for i := 0; i < len(toks); {
		if w := e.joined(toks, i); w != "" {
			m := merge(toks[i:i+2], w)
			m.lex = e.vocab.lexicon(m.key) || e.vocab.lexicon(strings.ReplaceAll(m.key, "-", ""))
			m.topic = e.vocab.topic(m.key)
			out = append(out, m)
			i += 2
			continue
		}
		if n, p := e.lexiconPhrase(toks[i:]); n > 1 {
			m := merge(toks[i:i+n], p)
			if m.from != "" && !strings.EqualFold(m.from, join(toks[i:i+n], false)) {
				m.fixes = max(m.fixes, 1)
			} else if m.from != "" && m.fixes == 0 {
				m.fixes = 1 // "sickle cel": a word of the phrase was one edit off
			}
			out = append(out, m)
			i += n
			continue
		}
		out = append(out, toks[i])
		i++
	}
	for i := 1; i < len(out); i++ {
		if e.verbAfter(out[i-1], out[i]) && out[i].lex && !out[i].form {
			out[i].lex, out[i].topic = false, false // "I burn when I pee", "se marea": a verb
		}
	}
	toks, out = out, out[:0]
	for i := 0; i < len(toks); {
		if n, to, post := e.compound(toks[i:]); n > 0 {
			m := merge(toks[i:i+n], to)
			m.parts = &composed{mod: toks[i+n-1], head: toks[i]}
			if post {
				m.parts = &composed{mod: toks[i], head: toks[i+n-1]}
			}
			out = append(out, m)
			i += n
			continue
		}
		if n := e.loanPhrase(toks[i:]); n > 1 {
			m := merge(toks[i:i+n], join(toks[i:i+n], false))
			m.lex, m.topic, m.noun = e.vocab.lexicon(m.key), e.vocab.topic(m.key), true
			out = append(out, m)
			i += n
			continue
		}
		out = append(out, toks[i])
		i++
	}
	negated := 0
	for i := range out {
		out[i].headed = e.unknownModifier(out, i)
		out[i].pos = i
		out[i].rare = e.rare(out[i], i)
		out[i].noun = out[i].noun || e.loanNoun(out[i])
		if negated > 0 && out[i].lex {
			out[i].lex, out[i].topic, out[i].neg = false, false, true
		}
		negated--
		if e.negation[out[i].key] {
			negated = negationWords
		}
		if out[i].stop {
			negated = 0
		}
	}
	return out
}

// unknownModifier reports a broad term of a foreign clause, translated
// from one word of the clause's language, joined by a link word to a word
// of that clause that names something ddgbot does not know: no list,
// dictionary or glossary has it ("homa ya bonde": a fever of some
// valley). The term alone names the broader thing ("fever"), not the one
// asked about; a specific term ("influenza") or a translated phrase
// ("bourse d'études") stays.
func (e *Extractor) unknownModifier(toks []token, i int) bool {
	head := toks[i]
	if !head.foreign || !head.lex && !head.topic || head.from == "" || strings.Contains(head.from, " ") || head.stop || head.acronym {
		return false
	}
	j := i + 1
	for j < len(toks) && j-i <= maxLinks && toks[j].foreign && e.link[toks[j].key] && !toks[j].stop {
		j++
	}
	if j == i+1 || j >= len(toks) || e.specificity(toks[i:i+1]) >= broadQuestion {
		return false
	}
	m := toks[j]
	k := foldKey(m.key)
	return m.foreign && m.lang == head.lang && !e.understood(m) && !e.isContext(m) && !e.people[m.key] && !e.link[m.key] &&
		e.foreign[k] == 0 && utf8.RuneCountInString(k) >= minCognateRunes && e.InDictionary(m.lang, m.text) == DictNone
}

// guessed reports an English noun that a word read through another
// language's spelling may be taken for: a term, a noun whose first sense
// is a health subject, or one that names a thing ("muletas" →
// "crutches", "oxiúros" → "pinworm"). An act, a state or a quality is too
// often a word whose meaning drifted apart, or one nobody asks about by
// name ("recuperação" → "recuperation").
func (e *Extractor) guessed(to string) bool {
	k := strings.ToLower(to)
	n := e.vocab.noun(k)
	return e.vocab.lexicon(k) || e.vocab.topic(k) || n.Kind() != KindNone || !abstractLex(n.Lex()) && !contextLex(n.Lex())
}

// abstractLex reports a WordNet lexicographer file of nouns that name an
// act, a state, a quality or an event rather than a thing.
func abstractLex(lex string) bool {
	switch lex {
	case "act", "attribute", "cognition", "event", "feeling", "motive", "phenomenon", "process", "state":
		return true
	}
	return false
}

// maxLinks bounds the words between a noun and its modifier: a
// preposition and an article ("contra a").
const maxLinks = 2

// compound returns how many tokens at the start of toks make a term and the
// term that modifies it, joined by a preposition or a connective, in a
// clause of a language that puts the modifier after the noun, or by a
// postposition in one that puts it before (Hindi), and the English noun
// phrase, modifier first: "vacina contra a malária" → "malaria vaccine",
// "dawa ya malaria" → "malaria medicine", "makka ke liye khad" → "maize
// fertilizer". post reports the second order: the first token is the
// modifier.
func (e *Extractor) compound(toks []token) (n int, to string, post bool) {
	first := toks[0]
	if !first.foreign || !first.lex && !first.topic || first.acronym || first.stop || first.neg {
		return 0, "", false
	}
	joins := e.link
	if post = len(toks) > 1 && e.post[toks[1].key]; post {
		joins = e.post
	}
	j := 1
	for j < len(toks) && j <= maxLinks && toks[j].foreign && !toks[j].acronym && joins[toks[j].key] && !toks[j].stop {
		j++
	}
	if j == 1 || j == len(toks) {
		return 0, "", false
	}
	last := toks[j]
	if !last.lex && !last.topic || joins[last.key] {
		return 0, "", false
	}
	if post {
		return j + 1, first.text + " " + last.text, true
	}
	return j + 1, last.text + " " + first.text, false
}

// maxLoanWords bounds a loan phrase after an isiZulu prefix: "i-mobile
// money", "ama-solar panel".
const maxLoanWords = 3

// loanPhrase returns how many tokens at the start of toks make one loan
// noun: a word with an isiZulu prefix and the English words after it
// ("i-mobile money isebenza kanjani?" asks about mobile money), or 1.
func (e *Extractor) loanPhrase(toks []token) int {
	if !toks[0].loan || toks[0].stop {
		return 1
	}
	n := 1
	for n < len(toks) && n < maxLoanWords && !toks[n-1].stop && !toks[n].loan && !toks[n].acronym &&
		e.vocab.english(toks[n].key) && e.foreign[foldKey(toks[n].key)] == 0 && e.content(toks[n]) {
		n++
	}
	return n
}

// markForeign marks the words of clauses in another language than
// English, so they are corrected only into terms, never into everyday
// English words ("cedo" is Portuguese, not a misspelt "cedar"). It
// returns the message's languages, as identify does.
func (e *Extractor) markForeign(toks []token) []LangWeight {
	langs := e.identify(toks)
	if len(langs) == 0 || len(langs) == 1 && langs[0].Lang == English {
		return langs
	}
	start := 0
	for i := range toks {
		if !toks[i].stop && i < len(toks)-1 {
			continue
		}
		if l := e.clauseLang(toks[start:i+1], langs[0].Lang); l != English {
			for j := start; j <= i; j++ {
				toks[j].foreign, toks[j].lang = true, l
			}
			toks[start].initial = true
		}
		start = i + 1
	}
	return langs
}

// joined returns the word that the vocabulary writes for toks[i] and
// toks[i+1] with a hyphen or as one ("pre eclampsia" → "pre-eclampsia"),
// or "".
func (e *Extractor) joined(toks []token, i int) string {
	if i+1 >= len(toks) {
		return ""
	}
	a, b := toks[i], toks[i+1]
	letter := len(a.key) == 1 && !a.acronym && a.key != "a" && a.key != "i" // "c section"
	// a time may start a noun too ("sun screen", "sun burn")
	timeWord := e.isContext(a) && !e.people[a.key] && !startsWithDigit(a.text)
	if a.acronym || b.acronym || len(a.key) < 3 && !letter || len(a.key) > 5 || !isASCIILetters(a.key) ||
		!isASCIILetters(b.key) || !e.content(a) && !letter && !timeWord || !e.content(b) {
		return ""
	}
	var buf [64]byte
	w := append(append(append(buf[:0], a.key...), '-'), b.key...)
	if e.vocab.known(string(w)) || letter && e.vocab.dictionary(string(w)) { // no string is made for a lookup
		return string(w)
	}
	if letter {
		return ""
	}
	w = append(append(buf[:0], a.key...), b.key...)
	if e.vocab.lexicon(string(w)) || e.splitNoun(string(w), a.key+" "+b.key) {
		return string(w)
	}
	if timeWord {
		return ""
	}
	if bk := strings.ToLower(cmp.Or(b.from, b.key)); b.fixes > 0 || !e.vocab.known(bk) && !e.vocab.dictionary(bk) {
		// a term split where it sounds apart, and misspelt: "meta formin"
		w = append(append(buf[:0], a.key...), bk...)
		if c := e.vocab.correct(string(w), true); c != "" && len(c) >= twoEditRunes {
			return c
		}
	}
	return ""
}

// splitNoun reports a dictionary noun written as two words ("sun screen",
// "pain killer", "pot holes"): one that everyday speech rarely uses, when
// the two words are no noun of their own.
func (e *Extractor) splitNoun(w, apart string) bool {
	if e.vocab.term(apart) || e.vocab.common(w) {
		return false
	}
	if _, ok := e.vocab.nouns[w]; ok {
		return true
	}
	_, ok := e.vocab.nouns[strings.TrimSuffix(w, "s")]
	return ok && strings.HasSuffix(w, "s") && !e.vocab.common(w[:len(w)-1])
}

// translation returns how many tokens at the start of toks make a term of
// another language, and its English term. A one-word term that is also an
// English word ("rage", "gale") counts only in a message that uses other
// words of its language, and a one-word term of a language far from the
// clause's does not count ("asile" is French for asylum, and Swahili for
// "let her not eat"). An
// acronym is a term only in a clause of its language ("SMIG", "VIH"). The
// phrase's last word may be written as a plural the entry is not
// ("bolsa de estudos"), and in an isiZulu clause the first word may carry
// the concord that joins it to the sentence ("unesifo sikashukela": has
// diabetes).
func (e *Extractor) translation(toks []token, mask uint64) (int, string) {
	first := foldKey(toks[0].key)
	if toks[0].acronym {
		if e.topics.words[first] && toks[0].foreign && e.topicLang[first]&e.langBit(toks[0].lang) != 0 {
			return 1, e.english[first]
		}
		return 0, ""
	}
	lang := toks[0].lang
	for i, k := range e.termKeys(first, lang) {
		own := i > 0 // a variant of the word: only terms of the clause's family
		for _, p := range e.topics.first[k] {
			if len(p) <= len(toks) && e.foldedAt(p, toks, lang) && (!own || !e.far(lang, strings.Join(p, " "))) {
				return len(p), e.english[strings.Join(p, " ")]
			}
		}
		if !e.topics.words[k] || own && e.far(lang, k) {
			continue
		}
		to := e.english[k]
		if e.far(lang, k) {
			continue
		}
		// "rage" is English as well as French: only with other French
		if !e.vocab.english(k) || k != toks[0].key || strings.EqualFold(to, k) ||
			e.topicLang[k]&mask != 0 {
			return 1, to
		}
	}
	return 0, ""
}

// langBit returns the bit of a language in foreign and topicLang, or 0.
func (e *Extractor) langBit(lang string) uint64 {
	if b, ok := e.bit[lang]; ok {
		return 1 << b
	}
	return 0
}

// termKeys returns the keys under which a folded word of a clause in lang
// may be a term: the word itself, then, in a Romance clause, the word
// without a plural ending. Bantu nouns inside their concords are read
// through their variant keys (zuluKeys, swahiliKeys).
func (e *Extractor) termKeys(k, lang string) []string {
	keys := []string{k}
	switch lang {
	case "pt", "es", "fr":
		if s, ok := strings.CutSuffix(k, "s"); ok && len(s) >= 3 {
			keys = append(keys, s)
			if s, ok := strings.CutSuffix(s, "e"); ok && lang == "es" && len(s) >= 3 {
				keys = append(keys, s) // "inundaciones"
			}
		}
	}
	return keys
}

// foldedAt reports whether toks start with the words of phrase p, its
// first word aside (the caller matched it); the last word may be a
// plural in a Romance clause.
func (e *Extractor) foldedAt(p []string, toks []token, lang string) bool {
	for j := 1; j < len(p); j++ {
		if toks[j].acronym {
			return false
		}
		k := foldKey(toks[j].key)
		if k == p[j] {
			continue
		}
		if j == len(p)-1 && len(e.termKeys(k, lang)) > 1 && slices.Contains(e.termKeys(k, lang)[1:], p[j]) &&
			(lang == "pt" || lang == "es" || lang == "fr") {
			continue
		}
		return false
	}
	return true
}

// families groups the languages whose words a clause of another may
// borrow: a Portuguese message may use a Spanish word, a Swahili one
// hardly a French.
var families = map[string]int{"pt": 1, "es": 1, "fr": 1, "sw": 2, "zu": 2, "hi": 3}

// far reports whether term k is of no language of lang's family.
func (e *Extractor) far(lang, k string) bool {
	f, ok := families[lang]
	if !ok {
		return false
	}
	for code, b := range e.bit {
		if e.topicLang[k]&(1<<b) != 0 && families[code] == f {
			return false
		}
	}
	return true
}

// lexiconPhrase returns how many tokens at the start of toks make a term of
// several words of the lexicon ("sickle cell", "heart attack"), and the
// term.
// A word of the phrase may be one edit off ("sickle cel", "whooping
// cogh") when the phrase's first word is written right, and the first word
// of two when the second is: the phrase is the term, even where the word
// alone is a valid one.
func (e *Extractor) lexiconPhrase(toks []token) (int, string) {
	for _, p := range e.vocab.phrases.first[written(toks[0])] {
		if len(p) > len(toks) {
			continue
		}
		ok := true
		for j := 1; j < len(p) && ok; j++ {
			k := written(toks[j])
			ok = k == p[j] || len(p[j]) > 3 && editDistance(k, p[j], 1) <= 1
		}
		if ok {
			return len(p), strings.Join(p, " ")
		}
	}
	// ... or its first word, when the rest is right ("prostrate cancer").
	if len(toks) > 1 && !toks[0].acronym {
		for _, p := range e.vocab.phrases.last[written(toks[1])] {
			if len(p) == 2 && len(p[0]) >= 5 && editDistance(written(toks[0]), p[0], 1) <= 1 {
				return 2, strings.Join(p, " ")
			}
		}
	}
	return 0, ""
}

// nounPhrase returns how many tokens at the start of toks make a noun of
// several words ("folic acid", "zebra crossing"), longest first, or 0.
// Its words must be written as the dictionary has them, corrected typos
// aside, or as a possessive the dictionary writes with its "s"
// ("athlete's foot"). Its last word may be a plural ("water pills") or
// one edit off when it is no word of its own ("sleep apnia"). fixed is
// then a copy of the phrase's tokens written as the dictionary has them,
// a misspelt last word marked corrected; nil when they are as written.
func (e *Extractor) nounPhrase(toks []token) (n int, fixed []token) {
	if toks[0].acronym || toks[0].lex && toks[0].from != "" && toks[0].fixes == 0 {
		return 0, nil // a translation stays one
	}
	firsts := e.vocab.nounPhrases.first[toks[0].key]
	if toks[0].poss {
		firsts = append(slices.Clip(firsts), e.vocab.nounPhrases.first[toks[0].key+"s"]...)
	}
	for _, p := range firsts {
		if len(p) > len(toks) {
			continue
		}
		ok := true
		fixed = nil
		change := func(j int, t token) {
			if fixed == nil {
				fixed = slices.Clone(toks[:len(p)])
			}
			fixed[j] = t
		}
		for j := 0; j < len(p) && ok; j++ {
			t := toks[j]
			// a word inside may be a function word ("pins and needles"),
			// the first a person ("child support")
			ok = (e.content(t) || j > 0 && j < len(p)-1 && t.key == p[j] || j == 0 && e.people[t.key]) &&
				(j == 0 || !toks[j-1].acronym)
			if t.key == p[j] || !ok {
				continue
			}
			if t.poss && t.key+"s" == p[j] {
				t.text, t.key = t.text+"'s", p[j]
				change(j, t)
				continue
			}
			last := j == len(p)-1
			if last && pluralOf(t.key, p[j]) {
				t.text, t.key = t.text[:len(t.text)-(len(t.key)-len(p[j]))], p[j]
				if strings.HasSuffix(t.key, "y") {
					t.text = t.text[:len(t.text)-1] + "y"
				}
				t.lex, t.topic = e.vocab.lexicon(p[j]), e.vocab.topic(p[j]) // "aids" is a term, "aid" not
				change(j, t)
				continue
			}
			k := strings.ToLower(cmp.Or(t.from, t.text))
			if last && len(p[j]) >= minFixRunes+1 && (t.fixes > 0 || !e.vocab.known(k) && !e.vocab.dictionary(k)) &&
				editDistance(k, p[j], 1) <= 1 {
				t.from, t.text, t.key, t.fixes = cmp.Or(t.from, t.text), p[j], p[j], 1
				t.lex, t.topic = e.vocab.lexicon(p[j]), e.vocab.topic(p[j])
				change(j, t)
				continue
			}
			ok = false
		}
		if ok {
			return len(p), fixed
		}
	}
	return 0, nil
}

// pluralOf reports a regular English plural of noun ("aids" of "aid",
// "batteries" of "battery"), whatever the word means alone.
func pluralOf(w, noun string) bool {
	rest, ok := strings.CutPrefix(w, noun)
	if ok {
		return rest == "s" || rest == "es" && strings.ContainsAny(noun[len(noun)-1:], "sxzh")
	}
	stem, ok := strings.CutSuffix(noun, "y")
	return ok && w == stem+"ies"
}

// written is a token's key as written: a word form's own, not its noun's
// ("contraceptive implant" is a phrase of the lexicon).
func written(t token) string {
	if t.form {
		return strings.ToLower(t.from)
	}
	return t.key
}

// merge makes one lexicon token of several, written to: the English term
// of another language's, the lexicon's spelling of a phrase.
func merge(toks []token, to string) token {
	m := toks[len(toks)-1]
	m.acronym, m.poss, m.lex, m.topic, m.fixes = false, false, true, true, 0
	parts := make([]string, len(toks))
	for i, t := range toks {
		parts[i] = cmp.Or(t.from, t.text)
		m.fixes += t.fixes
	}
	m.from = strings.Join(parts, " ")
	m.text, m.key = to, strings.ToLower(to)
	if strings.EqualFold(m.from, to) {
		m.from, m.text = "", m.from // as written
	}
	return m
}

// word corrects one word and turns a word form into its topic noun. Words
// of the vocabulary or of another language, acronyms, words with capitals
// inside ("ARVs") and numbers stay.
func (e *Extractor) word(t token, mask uint64) token {
	if t.acronym || !wordHasLetter(t) || startsWithDigit(t.text) {
		t.lex = t.acronym && e.vocab.lexicon(t.key)
		return t
	}
	k := t.key
	rest, ok := zuluPrefix(k)
	if !ok && (t.lang == "zu" || t.lang == "sw") {
		rest, ok = zuluConcord(k) // Swahili writes no hyphens: a Bantu clause read as Swahili is isiZulu here
	}
	if ok {
		// "i-paracetamol", "ama-ARV": the loan word is a noun
		t.from, t.text, t.key, t.noun, t.loan = t.text, t.text[len(t.text)-len(rest):], rest, true, true
		k = rest
		if e.vocab.lexicon(k) {
			t.from = ""
		}
	}
	if t.foreign && !e.vocab.known(k) && !e.vocab.dictionary(k) && e.foreign[foldKey(k)] == 0 {
		if c := e.cognate(t.text); c != "" {
			// "l'impétigo" → "impetigo", "endometriose" → "endometriosis"
			t.from, t.text, t.key, t.noun = t.text, c, c, true
			k = c
		}
	}
	plural := ""
	if s := e.singularKey(t); s != "" && !t.foreign && !e.vocab.dictionary(k) && e.vocab.dictionary(s) && !e.vocab.common(s) {
		// "pinworms", "antacids": a noun's plural is no typo, and its
		// article is under the singular; an everyday one may be a verb
		// ("says", "wets")
		plural = s
	}
	if plural == "" && !e.vocab.known(k) && !e.vocab.dictionary(k) && e.foreign[foldKey(k)] == 0 && !e.ignore[k] && !e.lead.words[k] &&
		!e.trail.words[k] && !e.brk[k] && !e.context[k] && !capitalInside(t.text) {
		// a short word of another language is one or two edits from
		// some English term by chance ("haki" is Swahili for rights, no
		// misspelt "saki"): only a longer one is taken for a typo
		if c := e.vocab.correct(k, t.foreign); c != "" && (!e.ownWord(t) || e.cognateFix(k, c)) &&
			(!t.foreign || utf8.RuneCountInString(k) >= minForeignFixRunes) {
			t.from, t.text, t.key, t.fixes = t.text, c, c, 1
			k = c
		}
	}
	if f := e.vocab.form(k); f != "" && e.foreign[k]&mask == 0 {
		t.from = cmp.Or(t.from, t.text)
		t.text, t.key, t.form, t.lex, t.topic = f, f, true, true, true
		return t
	}
	if e.soft.words[k] || e.lead.words[k] || e.trail.words[k] || e.brk[k] || e.context[k] {
		return t // "symptoms", "treatment": framing, not a topic
	}
	if s := e.singularKey(t); s != "" && !e.vocab.lexicon(k) && (e.vocab.lexicon(s) || s == plural) {
		// "migraines" → "migraine": the article is under the singular
		t.text, t.key = e.singular(t), s
	}
	t.lex, t.topic = e.vocab.lexicon(t.key), e.vocab.topic(t.key)
	return t
}

// verbAfter reports a word that its pronoun makes a verb: English's
// subject pronouns ("I burn"), or another language's clitics in its own
// clauses ("me toca", "se marea").
func (e *Extractor) verbAfter(prev, t token) bool {
	if prev.acronym {
		return false
	}
	return e.subject[prev.key] || t.foreign && prev.foreign && e.clitic[prev.key]&(1<<e.bit[t.lang]) != 0
}

// cognateFix reports a correction of a word of a foreign clause's own
// dictionary that finds its English cognate, not another word: a long
// word into a health term that starts like it and names no person or
// place ("diphterie" → "diphtheria"; never "sangre" → "Sanger", "acho" →
// "achy").
func (e *Extractor) cognateFix(k, c string) bool {
	return utf8.RuneCountInString(k) >= minCognateFixRunes && len(k) >= cognatePrefix && len(c) >= cognatePrefix &&
		k[:cognatePrefix] == c[:cognatePrefix] && e.vocab.lexicon(c) && !e.vocab.noun(c).Instance()
}

// A word of another language shorter than minCognateFixRunes, or not
// starting with the same cognatePrefix letters, is too often one or two
// edits from an unrelated English term ("esquina", a street corner, is no
// squint).
const (
	minCognateFixRunes = 7
	cognatePrefix      = 4
	// minForeignFixRunes: a shorter word of a foreign clause is never
	// taken for a misspelt term.
	minForeignFixRunes = 6
)

// ownWord reports a word of a foreign clause that its language's
// dictionary knows: it is that language's word, never a misspelt English
// one ("sangre" is not "Sanger", nor "acho" "achy"), unless cognateFix.
func (e *Extractor) ownWord(t token) bool {
	return t.foreign && t.lang != "" && e.InDictionary(t.lang, t.text) != DictNone
}

// elisions are the articles and pronouns that French writes joined to
// the next word with an apostrophe ("l'impétigo", "d'asthme").
var elisions = []string{"l", "d", "j", "n", "s", "m", "t", "c", "qu", "lorsqu", "jusqu"}

// cognateSuffixes turn the endings of Portuguese, Spanish and French
// medical and everyday nouns into their English ones ("endometriose" →
// "endometriosis", "meningite" → "meningitis", "vacunación" →
// "vaccination" is left to the glossaries).
var cognateSuffixes = []struct{ from, to string }{
	{"ose", "osis"}, {"osis", "osis"}, {"ite", "itis"}, {"itis", "itis"}, {"ie", "y"}, {"ie", "ia"}, {"isme", "ism"},
	{"ismo", "ism"}, {"ique", "ic"}, {"ico", "ic"}, {"cao", "tion"}, {"cion", "tion"}, {"dade", "ty"},
	{"dad", "ty"},
}

// cognate returns the English noun that a word of a Romance language
// writes with accents, an elided article or a regular ending of its own
// ("l'impétigo", "rotavírus", "endometriose"), or "": only lexicon terms
// of minCognateRunes letters or more are targets. An everyday noun that a
// word respells into is too often a false friend ("audición" is hearing,
// not an audition; "actualidad" is the present, not actuality).
func (e *Extractor) cognate(text string) string {
	w := text
	for _, el := range elisions {
		if len(w) > len(el)+1 && strings.EqualFold(w[:len(el)], el) && (w[len(el)] == '\'' || strings.HasPrefix(w[len(el):], "’")) {
			_, w, _ = strings.Cut(w, w[len(el):len(el)+1])
			w = strings.TrimPrefix(w, "\x80\x99") // the rest of a curly apostrophe
			break
		}
	}
	k := foldKey(w)
	named := func(c string) bool {
		return len(c) >= minCognateRunes && isASCIILetters(c) && e.vocab.lexicon(c)
	}
	if named(k) {
		return k
	}
	for _, r := range cognateSuffixes {
		if stem, ok := strings.CutSuffix(k, r.from); ok && len(stem) >= minCognateRunes-1 && named(stem+r.to) {
			return stem + r.to
		}
	}
	return ""
}

// singularKey returns the key of a plural's singular, or "".
func (e *Extractor) singularKey(t token) string {
	return strings.ToLower(e.singular(t))
}

// capitalInside reports a capital after the first letter ("ARVs", "iPhone").
func capitalInside(w string) bool {
	for i, r := range w {
		if i > 0 && unicode.IsUpper(r) {
			return true
		}
	}
	return false
}

func startsWithDigit(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsDigit(r)
}

// isContext reports a word that says who, where or when, not what: a
// number, a person, a place, a time.
func (e *Extractor) isContext(t token) bool {
	if t.acronym || t.lex {
		return false
	}
	return e.context[t.key] || startsWithDigit(t.text)
}

// candidates appends the candidates of one topic phrase: the phrase itself,
// the phrase without trailing qualifiers ("heart attack symptoms" → "heart
// attack"), its first noun chunk ("dehydration in babies" →
// "dehydration"), that chunk without its last word and the singular of its
// last word ("vaccines" → "vaccine"); then each lexicon term of the phrase
// alone and with its neighbours.
// asked: the clause ends with a question mark; framed: the message does
// not greet or use another language, or the clause's framing asks ("what
// is", "tell me about"), so a word outside the lexicon may be the topic.
func (e *Extractor) candidates(toks []token, asked, framed bool, out []Candidate) []Candidate {
	if len(toks) == 0 || e.ignored(toks) {
		return out
	}
	toks = e.trimForeign(toks)
	rank := 0
	add := func(ts []token, cost float64) {
		if c, ok := e.candidate(ts, asked, framed, cost); ok {
			out = append(out, c)
			if s, ok := e.synonym(ts, c); ok {
				out = append(out, s)
			}
			out = e.partsAfter(ts, c, asked, out)
		}
		if !slices.ContainsFunc(ts, func(t token) bool { return t.fixes > 0 }) {
			return
		}
		// The original spelling stays a candidate: the speller may be wrong.
		orig := make([]token, len(ts))
		for i, t := range ts {
			if t.fixes > 0 {
				t.text, t.key, t.from, t.fixes, t.lex, t.topic, t.form = t.from, strings.ToLower(t.from), "", 0, false, false, false
			}
			orig[i] = t
		}
		if c, ok := e.candidate(orig, asked, true, cost+originalCost); ok { // a typo, not a greeting
			out = append(out, c)
		}
	}
	chain := func(ts []token) {
		add(ts, float64(rank)*fallbackCost+e.filler(ts))
		rank++
	}
	if len(toks) <= maxPhraseWords {
		chain(toks)
	}
	core := toks[:e.stripSoft(toks)]
	if len(core) <= maxPhraseWords {
		chain(core)
	}
	head := core[:e.chunk(core)]
	head = head[:e.stripSoft(head)]
	chain(head)
	if len(head) > 1 {
		// "asthma attack" → "asthma", "hep b vaccine" → "hep b"
		chain(head[:len(head)-1])
	}
	if len(head) > 0 {
		if s := e.singular(head[len(head)-1]); s != "" {
			last := head[len(head)-1]
			last.text, last.key = s, strings.ToLower(s)
			chain(append(head[:len(head)-1:len(head)-1], last))
		}
	}
	for i := range toks {
		// "folic acid", "zebra crossing": a noun of several words
		n, fixed := e.nounPhrase(toks[i:])
		if n < 2 {
			continue
		}
		if fixed == nil {
			fixed = toks[i : i+n]
		}
		add(fixed, loneCost)
	}
	for i, t := range toks {
		if !t.lex && !t.rare {
			continue
		}
		from, to := i, i+1 // the run of content words around t
		for from > 0 && to-from < maxSpan && e.content(toks[from-1]) {
			from--
		}
		for to < len(toks) && to-from < maxSpan && e.content(toks[to]) {
			to++
		}
		for a := from; a <= i; a++ {
			for b := to; b > i; b-- {
				add(toks[a:b], loneCost-e.neighbours(toks[a:i])-e.neighbours(toks[i+1:b]))
			}
		}
	}
	return out
}

// Parts of a compound: a noun that ends broadHeads or more of the
// dictionary's nouns of several words names a kind of many things
// ("vaccine", "test", "card", "permit"), so a compound it heads is about
// what its modifier names ("yellow fever vaccine"); a compound any other
// noun heads is about that noun ("maize fertilizer" is a fertilizer, not
// maize). Each part ranks partCost below the one before it.
const (
	broadHeads = 5
	partCost   = 0.01
)

// composed holds the words a term was composed of in another language
// ("vacina da febre amarela" → "yellow fever vaccine"): its modifier and
// its head, each a term.
type composed struct{ mod, head token }

// partsAfter appends, after candidate c of phrase ts, the candidates of its
// parts when ts is a compound that may have no article: one composed from
// another language's words, or a noun compound no dictionary lists. The
// parts are the compound's subject: its head, unless the head is broad,
// then the modifier's terms, the rarer first; a broad head alone only when
// the modifier names nothing. A part that is no term is not looked up: it
// names less than the compound, and an everyday word finds an article
// about something else.
func (e *Extractor) partsAfter(ts []token, c Candidate, asked bool, out []Candidate) []Candidate {
	var mod []token
	var head token
	switch {
	case len(ts) == 1 && ts[0].parts != nil:
		mod, head = []token{ts[0].parts.mod}, ts[0].parts.head
		mod[0].pos, head.pos = ts[0].pos, ts[0].pos
	case len(ts) >= 2 && len(ts) <= 3 && !c.Lexicon && e.nounCompound(ts) && !e.namesOne(join(ts, true)):
		mod, head = ts[:len(ts)-1], ts[len(ts)-1]
	default:
		return out
	}
	var parts [][]token
	why := "head"
	switch broad := e.broad(head); {
	case !broad && e.partTerm([]token{head}):
		parts = append(parts, []token{head})
	case !broad:
	case e.partTerm(mod):
		parts, why = append(parts, mod), "subject"
	default:
		for i := range mod {
			if e.partTerm(mod[i : i+1]) {
				parts, why = append(parts, mod[i:i+1]), "subject"
			}
		}
		slices.SortStableFunc(parts, func(a, b []token) int { return cmp.Compare(e.specificity(b), e.specificity(a)) })
		if len(parts) == 0 && e.partTerm([]token{head}) {
			parts, why = append(parts, []token{head}), "broad head"
		}
	}
	for i, p := range parts {
		pc, ok := e.candidate(p, asked, true, 0)
		if !ok {
			continue
		}
		pc.Score = min(pc.Score, c.Score-partCost*float64(i+1))
		pc.Part, pc.partWhy = c.Query, why
		pc.Noun = pc.Noun || !pc.Lexicon // a term: it stands with the lexicon's
		out = append(out, pc)
	}
	return out
}

// glossed returns the parts of a term of another language whose English
// is several words that no English list names as one thing ("chanjo ya
// surua" → "measles vaccine"): the last word as the head, the words before
// it as the modifier. It is nil when the English is such a term ("febre
// amarela" → "yellow fever") or its last word no noun.
func (e *Extractor) glossed(m token) *composed {
	words := strings.Fields(m.text)
	if len(words) < 2 || e.vocab.term(m.key) {
		return nil
	}
	part := func(text string) token {
		k := strings.ToLower(text)
		return token{text: text, key: k, lex: e.vocab.lexicon(k), topic: e.vocab.topic(k), stop: m.stop, ask: m.ask}
	}
	head := part(words[len(words)-1])
	if _, ok := e.vocab.nouns[head.key]; !ok {
		return nil
	}
	return &composed{mod: part(strings.Join(words[:len(words)-1], " ")), head: head}
}

// broad reports a head noun that names a kind of many things: it ends
// broadHeads or more of the dictionary's nouns of several words
// ("vaccine", "test", "card", "certificate").
func (e *Extractor) broad(head token) bool {
	return len(e.vocab.nounPhrases.last[head.key]) >= broadHeads
}

// partTerm reports a part of a compound that names something by itself:
// a term of the lexicon or a glossary, a rare noun, or words a dictionary
// names as one thing.
func (e *Extractor) partTerm(ts []token) bool {
	if len(ts) == 1 {
		t := ts[0]
		return t.lex || t.topic || t.rare
	}
	return e.namesOne(join(ts, true))
}

// synonym returns the candidate of c's dictionary synonym: the head word
// of the WordNet synset that the phrase's first sense belongs to ("water
// pills" → "diuretic", "high blood pressure" → "hypertension"), which is
// likelier to be an article's title than a description of it. It scores
// a little below c, so it is looked up when c finds nothing. Only a
// phrase that names one thing has one: a term of several words, or a
// word of the lexicon or a rare noun ("lockjaw" → "tetanus"); an everyday
// word's first sense is too often not the one meant ("shot"). The phrase
// names a health subject or a thing (see thingLex): the other name of a
// body part is still context ("belly button" → "navel"), and that of an
// act or a state an everyday phrase ("waking up" → "awakening").
func (e *Extractor) synonym(ts []token, c Candidate) (Candidate, bool) {
	k := join(ts, true)
	if len(ts) == 1 && !ts[0].lex && !ts[0].rare || len(ts) > 1 && !e.vocab.term(k) ||
		e.vocab.topic(k) || slices.ContainsFunc(ts, func(t token) bool { return t.acronym || t.from != "" && t.fixes == 0 }) {
		// a curated term is a title already ("headache", not WordNet's
		// first "worry"); an acronym may be anything ("TB"); a translated
		// or derived word was turned into its term already
		return Candidate{}, false
	}
	h := e.vocab.synonym(k)
	if n := e.vocab.noun(k); h == "" || !n.Health() && !thingLex(n.Lex()) {
		return Candidate{}, false
	}
	s := c
	s.Query, s.Original, s.Synonym = h, cmp.Or(c.Original, c.Query), true
	s.Corrections = append(slices.Clip(c.Corrections), Correction{From: c.Query, To: h})
	s.Score -= synonymCost
	return s, true
}

// trimForeign drops words of another language that name nothing from the
// ends of a phrase that has a word naming something ("yami asthma" →
// "asthma", "ARV ayasebenza" → "ARV").
func (e *Extractor) trimForeign(toks []token) []token {
	keep := func(t token) bool { return !t.foreign || e.named(t) }
	i := slices.IndexFunc(toks, keep)
	if i < 0 {
		return toks
	}
	j := len(toks)
	for !keep(toks[j-1]) {
		j--
	}
	return toks[i:j]
}

// loanWord reports an English word in a clause of another language that
// none of that language's lists has: borrowed, as help-line contacts
// borrow the names of things ("meri wife pregnant hai", "folic acid").
//
// A word that the clause language's own dictionary knows is that
// language's word, not a loan ("tempo" in Portuguese, "manger" in
// French), unless it is a long word English rarely uses: a specialist
// term both languages write alike.
func (e *Extractor) loanWord(t token) bool {
	k := foldKey(t.key)
	if e.foreign[k] != 0 || !e.vocab.english(k) && (len(k) < minCognateRunes || !e.vocab.dictionary(k)) {
		return false
	}
	return utf8.RuneCountInString(k) >= minLoanRunes && e.vocab.count(k) < rareCount || !e.ownWord(t) // the dictionary last: it stems
}

// minLoanRunes: a word of a foreign clause's own dictionary this long and
// rare in English is a term both write alike; a shorter one is the
// clause language's word.
const minLoanRunes = 8

// loanNoun reports a loan word that names a thing: a WordNet noun that is
// not a person, place, time or amount ("passport ke liye kya documents
// chahiye").
func (e *Extractor) loanNoun(t token) bool {
	if !t.foreign || t.acronym || len(t.key) < minFixRunes || !e.loanWord(t) {
		return false
	}
	n, ok := e.vocab.nouns[t.key]
	return ok && !n.Instance() && !contextLex(n.Lex())
}

// thingLex reports a WordNet lexicographer file of nouns that name things
// someone asks about by name: objects, documents, money, substances and
// food ("sunblock", "speeding ticket", "pension").
func thingLex(lex string) bool {
	switch lex {
	case "artifact", "communication", "possession", "substance", "food":
		return true
	}
	return false
}

// contextLex reports a WordNet lexicographer file of nouns that say who,
// where, when or how much, not what.
func contextLex(lex string) bool {
	switch lex {
	case "person", "location", "time", "quantity", "group", "relation", "tops", "shape", "body":
		return true
	}
	return false
}

// named reports a word that names something by itself: a term, a noun
// by its form, an acronym or an English word.
func (e *Extractor) named(t token) bool {
	return t.lex || t.topic || t.noun || t.acronym || !t.foreign && isASCIILetters(foldKey(t.key)) || e.loanWord(t)
}

// understood reports a word of a clause in another language that ddgbot
// knows what it means: a term (lexicon, glossary translation, word form,
// a correction into a term), a noun by its form or cognate, an English
// word borrowed (see loanWord), an acronym, a name (capitalised inside a clause, or with a
// capital inside: "Mzuzu", "iPhone"), a code of digits and letters ("B12")
// or a single letter ("hepatite B").
func (e *Extractor) understood(t token) bool {
	if t.lex || t.topic || t.noun || t.form || t.fixes > 0 || t.acronym || e.loanWord(t) {
		return true
	}
	if utf8.RuneCountInString(t.key) == 1 || strings.ContainsFunc(t.text, unicode.IsDigit) && wordHasLetter(t) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(t.text)
	return capitalInside(t.text) || unicode.IsUpper(r) && !t.initial
}

// specificity scores how specific a phrase is: the rarer a word in
// everyday speech, the more specific ("salbutamol" over "asthma",
// "shingles" over "measles"); a phrase that names one thing ("sleep
// apnea") is as specific as its rarest word and more, and any other phrase
// as its words on average ("condoms prevent HIV" names less than
// "condoms"). An unknown word (a typo, another language's word) counts as
// rare as specUnknown, an acronym as specAcronym: both may be anything.
func (e *Extractor) specificity(ts []token) float64 {
	term := len(ts) > 1 && e.vocab.term(join(ts, true))
	spec, sum, n := 0.0, 0.0, 0
	for _, t := range ts {
		if !wordHasLetter(t) {
			continue
		}
		var s float64
		switch {
		case t.acronym:
			s = specAcronym
		case len(t.key) <= 2 && len(ts) > 1:
			continue // "hepatitis b", "type 1"
		case !t.lex && !t.topic && !e.vocab.known(t.key):
			s = specUnknown
		default:
			s = min(specMax, math.Log10(specRef/(float64(e.vocab.count(t.key))+1)))
		}
		if term {
			spec = max(spec, s)
		} else {
			sum += s
			n++
		}
	}
	d := e.depth(ts)
	if term {
		return specWeight*(spec+multiwordScore) + d
	}
	if n == 0 {
		return d
	}
	return specWeight*sum/float64(n) + d
}

// depth scores how deep in WordNet's hierarchy the phrase's noun is: a
// kind of a kind of a thing is more specific than the thing ("malaria"
// 10 steps below "entity", "disease" 6), at most depthMax either way of
// depthRef steps. A phrase that is no WordNet noun scores 0.
func (e *Extractor) depth(ts []token) float64 {
	n := e.vocab.noun(join(ts, true))
	if n == 0 || len(ts) == 1 && ts[0].acronym {
		return 0
	}
	return max(-depthMax, min(depthMax, depthWeight*float64(n.Depth()-depthRef)))
}

// rare reports a word that names something specific: a noun of the
// dictionary that everyday speech rarely uses ("hookworm", "borehole"),
// or, in English, a long unknown word that no correction fits
// ("salbutamol"). Names of people and places, and capitalised words
// inside a sentence, are context.
func (e *Extractor) rare(t token, i int) bool {
	k := t.key
	if t.lex || t.acronym || t.foreign || t.neg || t.fixes > 0 || len(k) < minRareRunes || !isASCIILetters(strings.ReplaceAll(k, "-", "")) ||
		e.isContext(t) || !e.content(t) || e.vocab.count(k) >= rareCount {
		return false
	}
	if i > 0 && t.text != k {
		return false // "Mzuzu", "Botswana"
	}
	if n, ok := e.vocab.nouns[k]; ok {
		return !contextLex(n.Lex()) && !n.Instance()
	}
	return !e.vocab.known(k) && !e.vocab.dictionary(k) && len(k) >= minUnknownRunes && !adjectival(k)
}

// adjectival reports a word with an English adjective's ending
// ("meningococcal", "antiretroviral"): it qualifies a name, it is not one.
func adjectival(k string) bool {
	for _, suf := range []string{"al", "ous", "ic", "ive", "ful", "less", "able", "ible", "ary", "ed", "ing"} {
		if strings.HasSuffix(k, suf) {
			return true
		}
	}
	return false
}

// filler costs a phrase its everyday words: "antivenom needed" names less
// than "antivenom". Letters ("hepatitis B") and lexicon words cost nothing.
func (e *Extractor) filler(ts []token) float64 {
	if len(ts) < 2 {
		return 0
	}
	cost := 0.0
	for _, t := range ts {
		if !t.lex && !t.acronym && len(t.key) > 2 && e.vocab.count(t.key) >= rareCount {
			cost -= commonNeighbour
		}
	}
	return cost
}

// neighbours scores the words beside a lexicon word.
func (e *Extractor) neighbours(toks []token) float64 {
	s := 0.0
	for _, t := range toks {
		switch {
		case t.lex:
			s += lexiconNeighbour
		case e.vocab.count(t.key) < rareCount:
			s += rareNeighbour
		default:
			s += commonNeighbour
		}
	}
	return s
}

// content reports a word that may be part of a topic's name. In a clause
// of another language, only terms and English words are: "ingane yami
// ine-asthma" names asthma, not "yami asthma".
func (e *Extractor) content(t token) bool {
	if t.acronym {
		return true
	}
	if t.foreign && !t.lex && !t.topic && !t.noun && !e.loanWord(t) {
		return false
	}
	return wordHasLetter(t) && !e.isContext(t) && !e.brk[t.key] && !e.lead.words[t.key] &&
		!e.trail.words[t.key] && !e.chat.words[t.key]
}

// candidate scores one phrase. ok is false for a phrase that would only
// fetch a disambiguation page or an article about an everyday word.
func (e *Extractor) candidate(ts []token, asked, framed bool, cost float64) (Candidate, bool) {
	q := e.usable(ts)
	if q == "" {
		return Candidate{}, false
	}
	t := ts[0]
	if len(ts) == 1 && t.headed {
		return Candidate{}, false // "homa" of "homa ya bonde": not the fever asked about
	}
	if len(ts) == 1 && !t.lex && !t.acronym && (e.everyday(t) && !t.noun || e.isContext(t) || t.neg || e.nameless(t) ||
		!framed && !t.noun && isASCIILetters(foldKey(t.key))) {
		// an everyday word, or, in a message that greets or uses another
		// language, a word nobody asked about: it could be a greeting
		// the lists lack ("kakhulu", "bem")
		return Candidate{}, false
	}
	if !framed && len(ts) > 1 && !slices.ContainsFunc(ts, e.named) {
		// words of another language nobody asked about: a greeting or
		// chit-chat the lists lack ("vou tentar amanhã cedo")
		return Candidate{}, false
	}
	if slices.ContainsFunc(ts, func(t token) bool { return t.foreign && !e.understood(t) }) {
		// a word of another language that maps to nothing ddgbot knows:
		// looked up, it finds an article about a namesake, and it may be
		// part of a disclosure the crisis lists lack
		return Candidate{}, false
	}
	c := Candidate{Query: q, Score: 1 - cost, from: ts[0].pos, to: ts[len(ts)-1].pos + 1}
	switch {
	case len(ts) < 2:
	case e.namesOne(join(ts, true)):
		c.term = outrankScore
	case e.nounCompound(ts):
		c.term = outrankScore / 2
	}
	changed := false
	topic := false
	for _, t := range ts {
		c.Lexicon = c.Lexicon || t.lex
		topic = topic || t.topic
		if t.from != "" && !strings.EqualFold(t.from, t.text) {
			changed = true
			c.Corrections = append(c.Corrections, Correction{From: t.from, To: t.text})
		}
		c.Score -= float64(t.fixes) * correctCost
		if t.form {
			c.Score -= formCost
		}
	}
	c.Score += positionScore * float64(ts[0].pos) / float64(ts[0].pos+8)
	if changed {
		parts := make([]string, len(ts))
		for i, t := range ts {
			parts[i] = cmp.Or(t.from, t.text)
		}
		c.Original = strings.Join(parts, " ")
	}
	if c.Lexicon {
		c.Score += lexiconScore
	}
	if topic {
		c.Score += topicScore
	}
	if asked {
		c.Score += questionScore
		c.Asked = true
	}
	c.Specificity, c.depth = e.specificity(ts), e.depth(ts)
	c.Score += c.Specificity
	if !c.Lexicon && (len(ts) > 1 && e.namesOne(join(ts, true)) || slices.ContainsFunc(ts, func(t token) bool { return t.rare })) {
		c.Noun = true // names one thing: it stands with the lexicon's terms
		c.Score += lexiconScore
	}
	c.Score -= extraWordCost * float64(max(0, len(ts)-2))
	return c, true
}

// nounCompound reports a noun compound of two or three words that no
// dictionary lists: every word a noun (of WordNet or the lexicon) that
// names no person, place or time, none an adjective's form, none
// corrected, none a qualifier ("cervical cancer screening"): "drip
// irrigation", "prepayment meter", "load shedding". It names something
// more specific than its words, as a term does, if less surely.
func (e *Extractor) nounCompound(ts []token) bool {
	if len(ts) > 3 {
		return false
	}
	for _, t := range ts {
		_, noun := e.vocab.nouns[t.key]
		if t.acronym || t.fixes > 0 || t.form || !noun && !t.lex || e.isContext(t) || !e.content(t) ||
			e.vocab.adjective(t.key) != "" || e.people[t.key] || e.soft.words[t.key] {
			return false
		}
	}
	return true
}

// namesOne reports a phrase of several words that names one thing: a
// lexicon term, or a WordNet noun that is not a person, a place, a time, an
// amount or a group ("east coast", "new year" are context).
func (e *Extractor) namesOne(k string) bool {
	if e.vocab.lexicon(k) {
		return true
	}
	n := e.vocab.noun(k)
	return n != 0 && !n.Instance() && !(contextLex(n.Lex()) && n.Lex() != "body" && n.Lex() != "tops" && n.Lex() != "shape")
}

// nameless reports an English word that is no noun: an adjective, a verb
// or an adverb ("hoarse", "swollen") describes, it names no topic. A word
// no English list has (a medicine, a brand, another language's word) may
// still be one.
func (e *Extractor) nameless(t token) bool {
	_, noun := e.vocab.nouns[t.key]
	if s := e.singularKey(t); s != "" && !noun {
		_, noun = e.vocab.nouns[s]
		_, noun2 := e.vocab.nouns[t.key[:len(t.key)-1]] // "greenhouses"
		noun = noun || noun2
	}
	return !noun && !t.noun && !t.rare && !t.form && !t.foreign && t.fixes == 0 && e.vocab.english(t.key)
}

// everyday reports an ordinary English word, or an inflection of one
// ("wets", "fixes"): alone, it names no topic of its own.
func (e *Extractor) everyday(t token) bool {
	if e.vocab.common(t.key) {
		return true
	}
	s := e.singularKey(t)
	return s != "" && e.vocab.english(t.key) && e.vocab.common(s)
}

// rank sorts candidates best first, keeps the best of each query, and
// drops everything but lexicon terms (and their original spellings) when
// the message names one.
func (e *Extractor) rank(cands []Candidate) []Candidate {
	if len(cands) == 0 {
		return nil
	}
	if slices.ContainsFunc(cands, func(c Candidate) bool { return c.Asked && (c.Lexicon || c.Noun) }) {
		asked, sentences := math.Inf(-1), uint64(0) // how specific the clause that asks gets, and its sentences
		for _, c := range cands {
			if c.Asked && (c.Lexicon || c.Noun) {
				asked = max(asked, c.Specificity)
				sentences |= 1 << min(c.sentence, 63)
			}
		}
		for i := range cands {
			c := &cands[i]
			// a question that names only something broad asks about
			// the specific term its sentence named before it ("la
			// hernia de mi papá, ¿necesita cirugía?"): that term keeps
			// its score
			about := asked < broadQuestion && c.Specificity >= asked+broaderMargin && (c.Lexicon || c.Noun) &&
				sentences&(1<<min(c.sentence, 63)) != 0
			if !c.Asked && !about {
				c.Score -= contextCost
				c.Context = true
			}
		}
	}
	outrank(cands)
	slices.SortStableFunc(cands, func(a, b Candidate) int { return cmp.Compare(b.Score, a.Score) })
	lexicon := slices.ContainsFunc(cands, func(c Candidate) bool { return c.Lexicon || c.Noun })
	out := cands[:0]
	seen := make(map[string]int, len(cands)) // query → its index in out, or -1
	for _, c := range cands {
		k := strings.ToLower(c.Query)
		if i, ok := seen[k]; ok {
			if i >= 0 && out[i].Part == "" && c.Part != "" {
				// the best of a query is also a compound's part: say so
				out[i].Part, out[i].partWhy = c.Part, c.partWhy
			}
			continue
		}
		seen[k] = -1
		if lexicon && !c.Lexicon && !c.Noun && !isOriginal(c, cands) {
			continue
		}
		seen[k] = len(out)
		out = append(out, c)
	}
	return slices.Clip(out)
}

// outrank raises each term of several words just above the best
// candidate whose words it holds: the term names something more specific
// than its words alone ("hearing aids" is not "aids", "wisdom tooth" not
// "tooth"); a dictionary's term rises above a compound of its words. Looked up first, a term that finds nothing costs one lookup
// before its words are tried.
func outrank(cands []Candidate) {
	for i := range cands {
		a := &cands[i]
		if a.term == 0 || a.Synonym {
			continue
		}
		for _, b := range cands {
			if b.from >= a.from && b.to <= a.to && b.to-b.from < a.to-a.from && b.Score+a.term > a.Score {
				a.Score, a.Contains = b.Score+a.term, b.Query
			}
		}
	}
}

// isOriginal reports a candidate that is the original spelling of another.
func isOriginal(c Candidate, cands []Candidate) bool {
	return slices.ContainsFunc(cands, func(o Candidate) bool { return o.Original != "" && strings.EqualFold(o.Original, c.Query) })
}
