// Package query derives DuckDuckGo Instant Answer queries from chat
// messages. The API finds topics by their title and comes back empty for
// almost every full sentence, so a message is cut down to its topic phrase:
// greetings, politeness, filler and question framings are stripped, and a
// short chain of fallbacks (the head noun chunk, a singular form) is offered
// for the caller to try while the answers stay empty.
package query

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxRunes bounds a query: longer text is cut (at a word boundary) before it
// goes upstream or into a cache key.
const MaxRunes = 200

const (
	// maxQueries bounds the chain, so one message costs at most that many
	// upstream calls.
	maxQueries = 3
	// maxInputRunes bounds the work per message; the topic of a help-line
	// message is in its first lines.
	maxInputRunes = 2000
	// maxPhraseWords: a longer phrase is never a topic title, so it is not
	// sent as it is; only its head chunk is.
	maxPhraseWords = 8
	// maxMenuCode: a single token this short that holds a digit is a menu
	// choice ("1", "2a", "10").
	maxMenuCode = 3
	// maxOwnerWords: "my <up to this many words> has ...".
	maxOwnerWords = 3
)

// Extractor derives DuckDuckGo queries from chat messages. It is safe for
// concurrent use and immutable after New.
type Extractor struct {
	ignore        map[string]bool // whole messages or clauses that never cause a lookup
	chat          set             // stripped from both ends, even in capitals
	lead          set             // stripped from the start of a clause
	trail         set             // stripped from the end of a clause
	soft          set             // trailing qualifiers dropped by the fallbacks
	brk           map[string]bool // words that end a noun chunk
	question      map[string]bool // start a new question inside a clause
	aux           map[string]bool // with a following pronoun, start a new question
	pronoun       map[string]bool
	possessive    map[string]bool
	people        map[string]bool
	context       map[string]bool   // people, places and times: never a topic
	negation      map[string]bool   // the next words are not the topic ("not pregnant")
	subject       map[string]bool   // pronouns after which a word is a verb ("I burn")
	clitic        map[string]uint64 // the other languages' subject lists, with their languages' bits: the same in their clauses ("se marea")
	link          map[string]bool   // words that join a noun to its modifier after it ("vacina contra a malária")
	post          map[string]bool   // words that join a noun to its modifier before it ("makka ke liye khad")
	interrog      map[string]bool   // interrogatives: wherever they stand, the clause asks ("qué", "gani", "which")
	interrogPost  map[string]bool   // interrogatives that follow the noun they ask about: no new question ("mbolea gani")
	situation     set               // prepositions before a question's situation ("in pregnancy", "para el maíz")
	situationPost set               // postpositions after it ("pregnancy mein", "makka ke liye")
	ask           map[string]bool   // words of asking about something ("tell", "about", "sobre")
	squeezed      map[string]string // chit-chat words with repeated letters squeezed ("helo") → the word
	owner         map[string]bool
	keepS         map[string]bool   // words ending in s that are not plurals
	foreign       map[string]uint64 // words of the other languages → bit set of their languages
	englishList   map[string]uint64 // words of the English lists → English's bit
	bit           map[string]int    // language code → its bit in foreign and topicLang
	topics        set               // terms of other languages that have an English one (folded keys)
	english       map[string]string // folded topic term → English term
	topicLang     map[string]uint64 // folded topic term → its languages
	terms         *wordnetTerms     // other languages' wordnet nouns, after the glossaries
	variants      []*variantIndex   // topic terms of the languages spelt in many ways, by their words' keys
	vocab         *vocabulary
	cjkPrefix     []string
	cjkSuffix     []string
	extraDicts    map[string]map[string]bool // Config.Dictionaries, folded keys by language
}

// set holds single words and phrases of several words, keyed for matching
// at either end of a clause.
type set struct {
	words map[string]bool
	first map[string][][]string // phrases by their first word, longest first
	last  map[string][][]string // phrases by their last word, longest first
}

func newSet(lists ...[]string) set {
	s := set{words: map[string]bool{}, first: map[string][][]string{}, last: map[string][][]string{}}
	for _, list := range lists {
		for _, entry := range list {
			words := strings.Fields(key(entry))
			switch len(words) {
			case 0:
			case 1:
				s.words[words[0]] = true
			default:
				s.first[words[0]] = append(s.first[words[0]], words)
				s.last[words[len(words)-1]] = append(s.last[words[len(words)-1]], words)
			}
		}
	}
	for _, m := range []map[string][][]string{s.first, s.last} {
		for _, ps := range m {
			slices.SortStableFunc(ps, func(a, b []string) int { return len(b) - len(a) })
		}
	}
	return s
}

func toMap(lists ...[]string) map[string]bool {
	m := map[string]bool{}
	for _, list := range lists {
		for _, w := range list {
			if k := key(w); k != "" {
				m[k] = true
			}
		}
	}
	return m
}

// Config extends the built-in word lists.
type Config struct {
	// Ignore lists whole messages that never cause a lookup (config
	// suggestions.ignore), stripped from the ends of longer ones too.
	Ignore []string
	// Languages adds word lists by language code (config
	// suggestions.languages), merged with the built-in lists of that
	// language; see Lists for the sections.
	Languages map[string]Lists
	// Dictionaries adds words by language code (config
	// suggestions.dictionaries, read with ParseWordList): a dictionary a
	// help line installs itself, such as Debian's Swahili one, which the
	// binary cannot embed under its licence. Extractor.InDictionary knows
	// them as entries.
	Dictionaries map[string][]string
}

// Validate reports an unknown section or a malformed topic entry in
// c.Languages.
func (c Config) Validate() error {
	for code, l := range c.Languages {
		if err := l.Validate(); err != nil {
			return fmt.Errorf("language %q: %w", code, err)
		}
		for _, entry := range l["topic"] {
			if _, _, err := parseTopic(entry); err != nil {
				return fmt.Errorf("language %q: %w", code, err)
			}
		}
	}
	return nil
}

// NewFor returns NewExtractor(c) for a c that passed Validate: it panics
// otherwise, or if the embedded lists are broken, which the package tests
// rule out.
func NewFor(c Config) *Extractor {
	e, err := NewExtractor(c)
	if err != nil {
		panic(err)
	}
	return e
}

// New returns an Extractor with the built-in lists of every language plus
// the extra ignore words and phrases given (config suggestions.ignore:
// whole messages that must never cause a lookup, such as a team's menu
// keywords). They are matched case-insensitively after trimming
// punctuation and emoji, and, like the built-in greetings, they are also
// stripped from the start and end of a longer message ("olá, o que é
// malária?"). It panics only if the embedded lists are broken, which the
// package tests rule out.
func New(ignore []string) *Extractor {
	return NewFor(Config{Ignore: ignore})
}

// NewExtractor returns an Extractor with the built-in lists extended by c.
// It fails on an unknown section or a malformed topic entry.
func NewExtractor(c Config) (*Extractor, error) {
	v, err := defaultVocabulary()
	if err != nil {
		return nil, fmt.Errorf("query: vocabulary: %w", err)
	}
	langs, err := languageLists()
	if err != nil {
		return nil, fmt.Errorf("query: word lists: %w", err)
	}
	wnTerms, err := defaultTerms()
	if err != nil {
		return nil, fmt.Errorf("query: %w", err)
	}
	if err := c.Validate(); err != nil {
		return nil, fmt.Errorf("query: %w", err)
	}
	for code, l := range c.Languages {
		if langs[code] == nil {
			langs[code] = Lists{}
		}
		for s, words := range l {
			langs[code][s] = append(slices.Clip(langs[code][s]), words...)
		}
	}
	extraDicts := make(map[string]map[string]bool, len(c.Dictionaries))
	for code, words := range c.Dictionaries {
		m := make(map[string]bool, len(words))
		for _, w := range words {
			if k := foldKey(w); k != "" {
				m[k] = true
			}
		}
		extraDicts[code] = m
	}
	extra := make([]string, 0, len(c.Ignore))
	for _, w := range c.Ignore {
		if k := normalise(w); k != "" {
			extra = append(extra, k)
		}
	}
	all := func(section string) [][]string {
		var out [][]string
		for _, code := range slices.Sorted(maps.Keys(langs)) {
			out = append(out, langs[code][section])
		}
		return out
	}
	en := langs["en"]
	e := &Extractor{
		extraDicts:    extraDicts,
		ignore:        toMap(append(append(all("chat"), all("ignore")...), extra)...),
		chat:          newSet(append(all("chat"), extra)...),
		lead:          newSet(all("lead")...),
		trail:         newSet(all("trail")...),
		soft:          newSet(en["soft"]),
		brk:           toMap(all("break")...),
		question:      toMap(all("question")...),
		aux:           toMap(en["aux"]),
		pronoun:       toMap(en["pronoun"]),
		possessive:    toMap(en["possessive"]),
		people:        toMap(en["people"]),
		context:       toMap(append(all("context"), en["people"])...),
		negation:      toMap(all("negation")...),
		subject:       toMap(en["subject"]),
		clitic:        map[string]uint64{},
		link:          toMap(all("link")...),
		post:          toMap(all("postposition")...),
		interrog:      toMap(all("interrogative")...),
		interrogPost:  toMap(all("interrogative-after")...),
		situation:     newSet(all("situation")...),
		situationPost: newSet(all("situation-postposition")...),
		ask:           toMap(all("ask")...),
		squeezed:      squeezedWords(append(append(all("chat"), all("ignore")...), extra)...),
		owner:         toMap(en["owner"]),
		keepS:         toMap(en["keep-s"]),
		foreign:       map[string]uint64{},
		english:       map[string]string{},
		topicLang:     map[string]uint64{},
		vocab:         v,
		terms:         wnTerms,
		cjkPrefix:     en["cjk-prefix"],
		cjkSuffix:     en["cjk-suffix"],
	}
	var terms []string
	noTopic := notTopics(en)
	e.englishList, e.bit = map[string]uint64{}, map[string]int{}
	for i, code := range slices.Sorted(maps.Keys(langs)) {
		e.bit[code] = i % 64
		bit := uint64(1) << (i % 64)
		if code == English {
			for s, words := range langs[code] {
				if s == "topic" || s == "context" || s == "people" {
					continue
				}
				for _, w := range words {
					for _, f := range strings.Fields(foldKey(w)) {
						e.englishList[f] |= bit
					}
				}
			}
			continue
		}
		for _, w := range langs[code]["subject"] {
			e.clitic[key(w)] |= bit
		}
		for s, words := range langs[code] {
			for _, w := range words {
				if s == "topic" {
					from, to, err := parseTopic(w)
					if err != nil {
						return nil, fmt.Errorf("query: language %q: %w", code, err)
					}
					if noTopic[foldKey(to)] {
						// never a topic, like the English word
						if lhs, _, _ := strings.Cut(w, "="); !strings.Contains(from, " ") {
							e.context[from], e.context[key(strings.TrimSpace(lhs))] = true, true
						}
						continue
					}
					e.english[from] = to
					e.topicLang[from] |= bit
					terms = append(terms, from)
					w = from
				}
				if s == "topic" {
					continue // a term, not a sign of the language: "rage" is English too
				}
				for _, f := range strings.Fields(foldKey(w)) {
					e.foreign[f] |= bit
				}
			}
		}
	}
	e.topics = newSet(terms)
	for _, v := range variantLangs {
		if _, ok := langs[v.lang]; !ok {
			continue
		}
		own := map[string]string{}
		for from, m := range e.topicLang {
			if m&(1<<e.bit[v.lang]) != 0 {
				own[from] = e.english[from]
			}
		}
		e.variants = append(e.variants, newVariantIndex(v.lang, v.kind, v.spelt, own))
	}
	return e, nil
}

// notTopics returns the entries of English's lists that say a word is no
// topic in English (greetings and address, framings, soft and function
// words, people and places: "doctor", "symptoms", "medication", "will",
// "school"). Another language's
// term whose English is one of them is no topic either, and a one-word
// term is a context word, never looked up as written: "sintomas" frames a
// question as "symptoms" does, "médico" is whom the person saw, and
// "testamento" looked up as "will" would find the verb.
func notTopics(en Lists) map[string]bool {
	out := map[string]bool{}
	for s, words := range en {
		switch s {
		case "topic", "keep-s":
			continue
		}
		for _, w := range words {
			out[foldKey(w)] = true
		}
	}
	return out
}

// token is one word of a message.
type token struct {
	text    string // as written, possessive 's removed; or the English term that replaced it
	key     string // lower-case, apostrophes removed: what the rules match
	from    string // as written, when text is a correction, a word form or a translation
	fixes   int    // spelling corrections in text
	acronym bool   // all capitals in a message that has lower-case letters ("WHO", "ART")
	stop    bool   // a clause ends after this token (sentence punctuation)
	ask     bool   // a question mark follows this token
	period  bool   // a sentence ends after this token
	poss    bool   // written with a possessive 's ("daughter's")
	lex     bool   // a term of the health lexicon
	topic   bool   // a term of the curated health list, a word form's noun or a translation
	form    bool   // text is the topic noun of a word form written ("anxious" → "anxiety")
	pos     int    // index among the message's words, after merging
	neg     bool   // follows a negation: not the topic
	noun    bool   // named as a noun: a dictionary noun of several words, a loan word with an isiZulu noun-class prefix
	rare    bool   // a rare noun of the dictionary, or an unknown word no speller fixes: it names something specific
	foreign bool   // in a clause of another language than English: corrected only into terms
	lang    string // a foreign clause's language
	loan    bool   // written with an isiZulu prefix: a loan word ("i-paracetamol")
	initial bool   // the first word of a clause of another language: its capital names nothing
	headed  bool   // a term whose modifier after it names something unknown: alone it names a broader thing

	parts *composed // the words a term was composed of in another language, or nil
}

// Queries returns the queries to try, best first: the top candidates of
// Candidates, at most three, no duplicates (case-insensitively), each
// non-empty and at most MaxRunes runes. nil means chit-chat or menu input:
// do no lookup at all.
func (e *Extractor) Queries(text string) []string {
	cands := e.Candidates(text)
	if len(cands) == 0 {
		return nil
	}
	out := make([]string, 0, maxQueries)
	for _, c := range cands[:min(len(cands), maxQueries)] {
		out = append(out, c.Query)
	}
	return out
}

// Candidates returns what a message could be asking about, best first,
// without duplicates (case-insensitively); nil means chit-chat or menu
// input. Each candidate is a phrase of the message after framings,
// greetings and context are stripped, with typos corrected, word forms
// turned into the topic noun and terms of other languages into English.
func (e *Extractor) Candidates(text string) []Candidate {
	var tokBuf [16]token // a message's words, on the stack when few
	toks := tokenize(tokBuf[:0], text, e.cjkPrefix, e.cjkSuffix)
	if len(toks) == 0 || !hasLetter(toks) {
		return nil
	}
	e.unstretch(toks)
	if e.ignored(toks) || isMenuCode(toks) {
		return nil
	}
	toks = e.normalise(toks)
	if e.ignored(toks) {
		return nil
	}
	// A word no list knows may be a greeting the lists lack when the
	// message greets or uses another language: then it is looked up only
	// when asked about ("Sawubona, unjani" but "what is mpox").
	open := !slices.ContainsFunc(toks, e.chatty)
	var out []Candidate
	start, sentence := 0, 0
	for i := range toks {
		if toks[i].stop || i == len(toks)-1 {
			n := len(out)
			out = e.clause(toks[start:i+1], open, out)
			for j := n; j < len(out); j++ {
				out[j].sentence = sentence
			}
			start = i + 1
		}
		if toks[i].period {
			sentence++
		}
	}
	return e.describe(toks, e.rank(out))
}

// chatty reports a greeting, thanks or a word of another language.
func (e *Extractor) chatty(t token) bool {
	k := foldKey(t.key)
	return e.chat.words[t.key] || e.foreign[k] != 0 && e.vocab.count(k) < rareCount
}

// clause appends the candidates of each question in one clause; open:
// words no list knows may be candidates without a framing that asks.
func (e *Extractor) clause(toks []token, open bool, out []Candidate) []Candidate {
	asked := toks[len(toks)-1].ask
	whole := toks
	for len(toks) > 0 {
		n := e.stripLead(toks)
		framed := open || e.asks(toks[:n]) || n > 0 && e.aux[toks[0].key] // "what is", "is it safe to take"
		lead := toks[:n]
		toks = toks[n:]
		// A question word after the topic starts a new question:
		// "my child has asthma | what must i do".
		rest := []token(nil)
		for i := 1; i < len(toks); i++ {
			if e.opensQuestion(toks, i) {
				toks, rest = toks[:i], toks[i:]
				break
			}
		}
		m := e.stripTrail(toks)
		framed = framed || e.asks(toks[m:])
		// a question word in the framing makes this the question, as a
		// question mark does: "my daughter has asthma, how often can she
		// use her salbutamol pump"
		// and so does an interrogative wherever it stands: "qué
		// fertilizante es bueno para el maíz", "mbolea gani nzuri"
		question := asked || e.questionWord(lead) || e.questionWord(toks[m:]) ||
			len(lead) > 1 && asksAbout(lead[0].key, lead[1].key) && e.aux[lead[0].key] && e.pronoun[lead[1].key] || // "can he take", not "and i"
			e.interrogative(lead) || e.interrogative(toks)
		n0 := len(out)
		out = e.candidates(toks[:m], question, framed, out)
		if question {
			e.situate(whole, out[n0:])
		}
		toks = rest
	}
	return out
}

// situate marks the named things of a question that come after the first
// one as its situation, not what it asks about: the question names its
// object first and the circumstances after ("can i take aspirin in
// pregnancy", "qué fertilizante es bueno para el maíz"). They rank as
// context does, so the object wins unless it is broad and they are
// specific. A thing of the object's own kind is an alternative the
// question weighs, not a situation ("measles or chickenpox?").
//
// A preposition of time, circumstance or purpose before a thing, or a
// postposition after it, says it is the situation wherever it stands, and
// the object is the first thing named that none marks so ("kya pregnancy
// mein aspirin le sakte hai", "para el maíz, qué fertilizante es bueno").
func (e *Extractor) situate(toks []token, cands []Candidate) {
	var marked [8]bool // of the first candidates, by index: a situation's mark
	for i, c := range cands {
		if i < len(marked) && (c.Lexicon || c.Noun) {
			marked[i] = e.situationAt(toks, c.from, c.to)
		}
	}
	object := -1
	for _, free := range []bool{true, false} {
		for i, c := range cands {
			// the first named thing, the shortest of the phrases it
			// starts ("morphine", not "morphine after his stroke")
			if (c.Lexicon || c.Noun) && !(free && i < len(marked) && marked[i]) && (object < 0 || c.from < cands[object].from ||
				c.from == cands[object].from && c.to < cands[object].to) {
				object = i
			}
		}
		if object >= 0 {
			break
		}
	}
	if object < 0 {
		return
	}
	o := cands[object]
	for i := range cands {
		// a word right after the object is of its noun chunk ("BCG
		// vaccine"); a situation comes after a word that links it
		c := &cands[i]
		situation := c.from > o.to || i < len(marked) && marked[i] && (c.to <= o.from || c.from >= o.to)
		if situation && (c.Lexicon || c.Noun) && c.Part == "" && !e.sameKind(o.Query, c.Query) {
			c.Asked = false
		}
	}
}

// situationAt reports a preposition of time, circumstance or purpose before
// the words from..to of the message (pos), past at most two articles or
// possessives ("para el maíz", "in my pregnancy"), or a postposition of
// them after ("pregnancy mein").
func (e *Extractor) situationAt(toks []token, from, to int) bool {
	first := slices.IndexFunc(toks, func(t token) bool { return t.pos == from })
	last := slices.IndexFunc(toks, func(t token) bool { return t.pos == to-1 })
	if first < 0 || last < 0 {
		return false
	}
	for k := first - 1; k >= 0 && k >= first-3; k-- {
		if matchLast(e.situation, toks[:k+1], false) > 0 {
			return true
		}
		if t := toks[k]; !e.link[t.key] && !e.possessive[t.key] {
			break
		}
	}
	return last+1 < len(toks) && matchFirst(e.situationPost, toks[last+1:], false) > 0
}

// interrogative reports an interrogative word ("qué", "gani", "which").
func (e *Extractor) interrogative(toks []token) bool {
	return slices.ContainsFunc(toks, func(t token) bool { return e.interrog[t.key] })
}

// sameKind reports two queries whose first WordNet senses are things of
// one kind: the same health subject when both name one, else the same
// lexicographer file ("allergy" and "asthma" are states). Unknown nouns
// are of no kind.
func (e *Extractor) sameKind(a, b string) bool {
	na, nb := e.vocab.nouns[key(a)], e.vocab.nouns[key(b)]
	if na == 0 || nb == 0 {
		return false
	}
	if na.Kind() != KindNone && nb.Kind() != KindNone {
		return na.Kind() == nb.Kind()
	}
	return na.Lex() == nb.Lex()
}

// asksAbout reports an auxiliary and a pronoun that open a question about
// something new ("can i take", "should she use", "is it safe"), not a
// conjunction that goes on telling ("and i vomit") nor a question about
// what was named before ("what is crop rotation and does it help").
func asksAbout(aux, pronoun string) bool {
	switch aux {
	case "and", "but", "because", "so", "or":
		return false
	}
	switch pronoun {
	case "it", "they", "this", "that":
		return aux == "is" || aux == "was" || aux == "are"
	}
	return true
}

// asks reports framing words that ask about something: a question word
// ("what is", "o que é", "kya hai") or a word of asking ("tell me about",
// "batao").
func (e *Extractor) asks(toks []token) bool {
	return slices.ContainsFunc(toks, func(t token) bool { k := foldKey(t.key); return e.question[k] || e.ask[k] })
}

// questionWord reports a question word ("how", "what", "kya", "comment").
func (e *Extractor) questionWord(toks []token) bool {
	return slices.ContainsFunc(toks, func(t token) bool { return e.question[foldKey(t.key)] })
}

func (e *Extractor) opensQuestion(toks []token, i int) bool {
	t := toks[i]
	if t.acronym {
		return false
	}
	if e.question[t.key] {
		return !e.interrogPost[t.key] // "mbolea gani" asks about the noun before
	}
	return e.aux[t.key] && i+1 < len(toks) && e.pronoun[toks[i+1].key] && !toks[i+1].acronym
}

// stripLead returns how many tokens at the start of a clause are greeting,
// politeness, filler or question framing.
func (e *Extractor) stripLead(toks []token) int {
	i := 0
	for i < len(toks) {
		if n := matchFirst(e.chat, toks[i:], true); n > 0 {
			i += n
			continue
		}
		if n := e.ownerFraming(toks[i:]); n > 0 {
			i += n
			continue
		}
		if n := matchFirst(e.lead, toks[i:], false); n > 0 {
			i += n
			continue
		}
		if i+1 < len(toks) && e.people[toks[i].key] && !toks[i].acronym && e.brk[toks[i+1].key] {
			i++
			continue
		}
		if e.isContext(toks[i]) && !e.startsTerm(toks[i:]) {
			i++
			continue
		}
		break
	}
	return i
}

// startsTerm reports a person that starts a term of several words
// ("child support", "child labour").
func (e *Extractor) startsTerm(toks []token) bool {
	n, _ := e.nounPhrase(toks)
	return n > 1 && e.namesOne(join(toks[:n], true))
}

// ownerFraming matches "my child has", "my 2 year old is", "our baby keeps":
// the owner is a person (or an age), not a thing ("my wisdom tooth is
// coming out" names the tooth).
func (e *Extractor) ownerFraming(toks []token) int {
	if len(toks) < 3 || !e.possessive[toks[0].key] {
		return 0
	}
	person := false
	for i := 1; i < len(toks)-1 && i <= maxOwnerWords+1; i++ {
		if toks[i].poss {
			return i + 1 // "my daughter's asthma"
		}
		if i > 1 && e.owner[toks[i].key] && person {
			return i + 1
		}
		n := e.vocab.noun(toks[i].key)
		person = person || e.isContext(toks[i]) || n.Lex() == "person" || n.Lex() == "group"
	}
	return 0
}

// stripTrail returns the length of a clause without its closing framing,
// politeness and filler.
func (e *Extractor) stripTrail(toks []token) int {
	n := len(toks)
	for n > 0 {
		if m := matchLast(e.chat, toks[:n], true); m > 0 {
			n -= m
			continue
		}
		if m := matchLast(e.trail, toks[:n], false); m > 0 {
			n -= m
			continue
		}
		if e.isContext(toks[n-1]) {
			n--
			continue
		}
		break
	}
	return n
}

// matchFirst returns the length of the longest entry of s that starts toks.
// Acronyms ("WHO", "ART") only match chit-chat sets.
func matchFirst(s set, toks []token, chat bool) int {
	if !chat && toks[0].acronym {
		return 0
	}
	for _, p := range s.first[toks[0].key] {
		if phraseAt(p, toks, 0, chat) {
			return len(p)
		}
	}
	if s.words[toks[0].key] {
		return 1
	}
	return 0
}

// matchLast returns the length of the longest entry of s that ends toks.
func matchLast(s set, toks []token, chat bool) int {
	last := toks[len(toks)-1]
	if !chat && last.acronym {
		return 0
	}
	for _, p := range s.last[last.key] {
		if start := len(toks) - len(p); start >= 0 && phraseAt(p, toks, start, chat) {
			return len(p)
		}
	}
	if s.words[last.key] {
		return 1
	}
	return 0
}

func phraseAt(p []string, toks []token, at int, chat bool) bool {
	if at+len(p) > len(toks) {
		return false
	}
	for j, w := range p {
		t := toks[at+j]
		if t.key != w || (!chat && t.acronym) {
			return false
		}
	}
	return true
}

// chunk returns the length of the first noun chunk of toks: it ends before
// a function word, a framing verb or a closing adjective ("flu | dangerous
// for babies", "condoms | prevent HIV").
func (e *Extractor) chunk(toks []token) int {
	for i, t := range toks {
		if i > 0 && !t.acronym && (e.brk[t.key] || e.lead.words[t.key] || e.trail.words[t.key] || e.isContext(t)) {
			return i
		}
	}
	return len(toks)
}

// stripSoft returns the length of toks without trailing topical qualifiers,
// keeping at least one word.
func (e *Extractor) stripSoft(toks []token) int {
	n := len(toks)
	for n > 1 {
		m := matchLast(e.soft, toks[:n], false)
		if m == 0 || m >= n {
			break
		}
		n -= m
	}
	return n
}

// usable returns the query for toks, or "" when it would only fetch a
// disambiguation page or nothing: no letters, a lone letter or chit-chat.
func (e *Extractor) usable(toks []token) string {
	if len(toks) == 0 || !hasLetter(toks) || e.ignored(toks) {
		return ""
	}
	if len(toks) == 1 && utf8.RuneCountInString(toks[0].text) == 1 && toks[0].text[0] < utf8.RuneSelf {
		return ""
	}
	return cut(join(toks, false))
}

// singular returns the singular of an English plural ("vaccines",
// "babies", "ARVs"), or "" when the word does not look like one.
func (e *Extractor) singular(t token) string {
	w, k := t.text, t.key
	if len(k) < 4 || e.keepS[k] || !isASCIILetters(k) || k[len(k)-1] != 's' {
		return ""
	}
	switch {
	case strings.HasSuffix(k, "ss"), strings.HasSuffix(k, "us"), strings.HasSuffix(k, "is"),
		strings.HasSuffix(k, "ous"), strings.HasSuffix(k, "'s"):
		return ""
	case strings.HasSuffix(k, "ies") && len(k) > 4:
		return w[:len(w)-3] + matchCase(w[len(w)-3:], "y")
	case strings.HasSuffix(k, "sses"), strings.HasSuffix(k, "shes"), strings.HasSuffix(k, "xes"),
		strings.HasSuffix(k, "zes"), strings.HasSuffix(k, "ches") && !strings.HasSuffix(k, "aches"),
		strings.HasSuffix(k, "uses"):
		return w[:len(w)-2]
	}
	return w[:len(w)-1]
}

func matchCase(like, s string) string {
	if strings.ToUpper(like) == like {
		return strings.ToUpper(s)
	}
	return s
}

func isASCIILetters(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}

// cut shortens q to MaxRunes runes, at a word boundary when there is one.
func cut(q string) string {
	if utf8.RuneCountInString(q) <= MaxRunes {
		return q
	}
	end, n := 0, 0
	for i := range q {
		if n == MaxRunes {
			end = i
			break
		}
		n++
	}
	if sp := strings.LastIndexByte(q[:end+1], ' '); sp > 0 {
		return q[:sp]
	}
	return q[:end]
}

// join joins the tokens' keys (keys true) or texts with spaces.
func join(toks []token, keys bool) string {
	part := func(t token) string {
		if keys {
			return t.key
		}
		return t.text
	}
	if len(toks) == 1 {
		return part(toks[0])
	}
	var b strings.Builder
	for i, t := range toks {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(part(t))
	}
	return b.String()
}

// unstretch rewrites chit-chat written with stretched letters ("hellooo",
// "byee", "thankss") to the word itself, so it matches.
func (e *Extractor) unstretch(toks []token) {
	for i := range toks {
		k := toks[i].key
		if !hasRepeat(k) || e.ignore[k] || e.lead.words[k] || e.trail.words[k] {
			continue
		}
		var buf [32]byte
		if w, ok := e.squeezed[string(appendSqueezed(buf[:0], k))]; ok { // no string is made for a lookup
			toks[i].key = w
		}
	}
}

func squeezedWords(lists ...[]string) map[string]string {
	m := map[string]string{}
	for _, list := range lists {
		for _, w := range list {
			k := key(w)
			if strings.Contains(k, " ") {
				continue
			}
			if _, ok := m[squeeze(k)]; !ok {
				m[squeeze(k)] = k
			}
		}
	}
	return m
}

// hasRepeat reports a letter written twice in a row.
func hasRepeat(s string) bool {
	var prev rune
	for _, r := range s {
		if r == prev {
			return true
		}
		prev = r
	}
	return false
}

// squeeze writes each run of one letter once: "hellooo" → "helo".
func squeeze(s string) string {
	return string(appendSqueezed(nil, s))
}

// appendSqueezed appends squeeze(s) to b.
func appendSqueezed(b []byte, s string) []byte {
	var prev rune = -1
	for _, r := range s {
		if r != prev {
			b = utf8.AppendRune(b, r)
		}
		prev = r
	}
	return b
}

// ignored reports words that are an ignore entry, numbers aside ("option
// 2", "menu 1").
func (e *Extractor) ignored(toks []token) bool {
	var buf [64]byte
	if e.ignore[string(appendKeys(buf[:0], toks))] { // no string is made for a lookup
		return true
	}
	numbers := 0
	for _, t := range toks {
		if !wordHasLetter(t) {
			numbers++
		}
	}
	if numbers == 0 || numbers == len(toks) {
		return false
	}
	b := buf[:0]
	for _, t := range toks {
		if wordHasLetter(t) {
			if len(b) > 0 {
				b = append(b, ' ')
			}
			b = append(b, t.key...)
		}
	}
	return e.ignore[string(b)]
}

// appendKeys appends what join(toks, true) returns.
func appendKeys(b []byte, toks []token) []byte {
	for i, t := range toks {
		if i > 0 {
			b = append(b, ' ')
		}
		b = append(b, t.key...)
	}
	return b
}

func hasLetter(toks []token) bool {
	return slices.ContainsFunc(toks, wordHasLetter)
}

func wordHasLetter(t token) bool {
	return strings.IndexFunc(t.text, unicode.IsLetter) >= 0
}

// isMenuCode reports a message that is one short token with a digit ("1",
// "2a", "10") or one letter ("A").
func isMenuCode(toks []token) bool {
	if len(toks) != 1 {
		return false
	}
	w := toks[0].text
	n := utf8.RuneCountInString(w)
	if n == 1 {
		return w[0] < utf8.RuneSelf
	}
	return n <= maxMenuCode && strings.ContainsAny(w, "0123456789")
}

// normalise folds an ignore entry the way messages are folded.
func normalise(s string) string {
	return join(tokenize(nil, s, nil, nil), true)
}

// key folds a word list entry: lower case, curly apostrophes and
// apostrophes removed.
func key(s string) string {
	s = strings.ToLower(s)
	if strings.ContainsAny(s, "'’") {
		s = strings.NewReplacer("'", "", "’", "").Replace(s)
	}
	return s
}
