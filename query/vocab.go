package query

import (
	"fmt"
	"hash/maphash"
	"slices"
	"strings"
	"sync"
)

const (
	// commonCount: an English word heard at least this often in the
	// frequency list (51 million words of speech) is an ordinary word;
	// alone, it is never a topic unless the lexicon names it.
	commonCount = 100
	// lexiconWeight ranks a lexicon term above ordinary words of the same
	// distance when correcting a typo.
	lexiconWeight = 2000
	// topicWeight: a curated health term beats every other word of the
	// same distance, however frequent.
	topicWeight = countMask
	// minFixRunes: shorter words are never corrected ("ana", "ko", "hai"
	// are words of other languages more often than typos).
	minFixRunes = 4
	// twoEditRunes: words this long may be two edits from the right one.
	twoEditRunes = 7
	// minTermRunes: shorter health nouns are abbreviations or letters
	// ("a" is vitamin A, "tb" many things), not lexicon terms.
	minTermRunes = 4
)

// vocabulary is the embedded vocabulary: English words with their
// frequency, WordNet's nouns, a health and social-services lexicon, and the
// word forms that name a topic. It is immutable after loading.
type vocabulary struct {
	words       map[string]uint32       // word → flags | frequency
	order       []string                // the words in file order: the speller's targets
	phrases     set                     // lexicon terms of several words, for merging tokens
	nounPhrases set                     // WordNet nouns of several words ("folic acid", "seat belt"), by first word
	inNouns     map[string]bool         // the words of nounPhrases ("folic", "apnea")
	forms       map[string]string       // word form → topic noun ("anxious" → "anxiety")
	nouns       map[string]Noun         // WordNet nouns, multiword ones with spaces
	adjs        map[string]string       // WordNet adjective → the noun it pertains to ("epileptic" → "epilepsy")
	synonyms    map[string]string       // WordNet noun → the head word of its first sense ("water pill" → "diuretic")
	dicts       map[string][]dictionary // by language: words of other languages, from hunspell
	spell       speller
	sounds      map[string]string // phonetic key → the lexicon term it spells ("diarea" → "diarrhea")
	// descriptions: the definitions of WordNet's health synsets, for
	// messages that describe a subject without naming it
	descriptions *descriptions
}

// Flags of a vocabulary word; the low bits hold its frequency.
const (
	englishFlag = 1 << 31 // in the English word list
	lexiconFlag = 1 << 30 // a term of the health lexicon
	topicFlag   = 1 << 29 // a curated health term, or the noun of a word form
	countMask   = topicFlag - 1
)

// defaultVocabulary is loaded once: it is large, immutable and the same for
// every Extractor.
var defaultVocabulary = sync.OnceValues(loadVocabulary)

func loadVocabulary() (*vocabulary, error) {
	v := &vocabulary{words: make(map[string]uint32, 160000), order: make([]string, 0, 160000), forms: map[string]string{}}
	add := func(w string, flags uint32) {
		old, ok := v.words[w]
		if !ok {
			v.order = append(v.order, w)
		}
		v.words[w] = old | flags
	}
	err := readLines("english.txt", englishTxt, func(line string) error {
		w, n, err := parseCount(line)
		add(w, englishFlag|min(n, countMask))
		return err
	})
	if err != nil {
		return nil, err
	}
	v.nouns = make(map[string]Noun, 120000)
	var multi []string
	err = readLines("nouns.txt", nounsTxt, func(line string) error {
		w, n, err := parseNoun(line)
		k := key(w)
		v.nouns[k] = n
		// A one-word noun with a health sense that everyday speech rarely
		// uses is a lexicon term ("tuberculosis"); a common word with a
		// health sense ("cold", "depression") is one only when health.txt
		// names it. Multiword nouns ("food poisoning") are left to the
		// ranking, which sees them through noun.
		if n.Health() && len(k) >= minTermRunes && (v.count(k) < commonCount || n.namesHealth()) &&
			!strings.Contains(k, " ") && !strings.HasSuffix(k, "ing") {
			add(k, lexiconFlag)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	v.adjs = make(map[string]string, 12000)
	err = readLines("adjectives.txt", adjectivesTxt, func(line string) error {
		adj, noun, kind, err := parseAdjective(line)
		k := key(adj)
		v.adjs[k] = noun
		// As for nouns: "gestational" and "epileptic" are lexicon terms.
		if kind != KindNone && len(k) >= minTermRunes && v.count(k) < commonCount && !strings.Contains(k, " ") {
			add(k, lexiconFlag)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	v.synonyms = make(map[string]string, 42000)
	err = readLines("synonyms.txt", synonymsTxt, func(line string) error {
		from, to, ok := strings.Cut(line, "\t")
		if !ok || from == "" || to == "" {
			return fmt.Errorf("want noun and head word separated by a tab, got %q", line)
		}
		v.synonyms[key(from)] = to
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = readLines("health.txt", healthTxt, func(line string) error {
		k := key(line)
		add(k, lexiconFlag|topicFlag)
		if strings.Contains(k, " ") {
			multi = append(multi, k)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	// Medicines WordNet lacks ("paracetamol", "dolutegravir") are lexicon
	// terms, as WordNet's rare health nouns are.
	err = readLines("medicines.txt", medicinesTxt, func(line string) error {
		add(key(line), lexiconFlag)
		return nil
	})
	if err != nil {
		return nil, err
	}
	v.phrases = newSet(multi)
	var phrases []string
	v.inNouns = map[string]bool{}
	for k := range v.nouns {
		if strings.Contains(k, " ") {
			phrases = append(phrases, k)
			for _, w := range strings.Fields(k) {
				v.inNouns[w] = true
			}
		}
	}
	slices.Sort(phrases) // the same order in every process
	v.nounPhrases = newSet(phrases)
	err = readLines("forms.txt", formsTxt, func(line string) error {
		from, to, _ := strings.Cut(line, " ")
		to = strings.TrimSpace(to)
		v.forms[from] = to
		add(to, lexiconFlag|topicFlag)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if v.dicts, err = loadDictionaries(); err != nil {
		return nil, err
	}
	v.spell = newSpeller(v)
	v.sounds = soundsLike(v)
	if v.descriptions, err = loadDescriptions(glossesTxt, glossSynonymsTxt, v.count); err != nil {
		return nil, err
	}
	return v, nil
}

// known reports a word of the vocabulary: it is never corrected.
func (v *vocabulary) known(k string) bool {
	_, ok := v.words[k]
	return ok
}

// term reports a phrase that the vocabulary names as one thing: a lexicon
// term or a WordNet noun of several words ("sickle cell", "folic acid").
func (v *vocabulary) term(k string) bool {
	if v.words[k]&lexiconFlag != 0 {
		return true
	}
	_, ok := v.nouns[k]
	return ok && strings.Contains(k, " ")
}

// dictionary reports a word that WordNet knows: a noun, an adjective or
// a word of a noun of several words. It is never corrected: "ectopic" is
// not a misspelt "topic", nor "folic" "colic".
func (v *vocabulary) dictionary(k string) bool {
	if _, ok := v.nouns[k]; ok {
		return true
	}
	if _, ok := v.adjs[k]; ok {
		return true
	}
	return v.inNouns[k]
}

// english reports a word of the English word list.
func (v *vocabulary) english(k string) bool { return v.words[k]&englishFlag != 0 }

// lexicon reports a term of the health lexicon.
func (v *vocabulary) lexicon(k string) bool { return v.words[k]&lexiconFlag != 0 }

// topic reports a curated health term or the noun of a word form.
func (v *vocabulary) topic(k string) bool { return v.words[k]&topicFlag != 0 }

// noun returns what WordNet says about a noun of one or more words (a
// key: lower case, no apostrophes, words separated by one space), or the
// zero Noun when WordNet has no such noun.
func (v *vocabulary) noun(k string) Noun { return v.nouns[k] }

// adjective returns the noun that a WordNet adjective pertains to or is
// derived from ("gestational" → "pregnancy", "malarial" → "malaria"), or
// "" when WordNet has no such adjective or it names no noun. noun tells
// what the noun is.
func (v *vocabulary) adjective(k string) string { return v.adjs[k] }

// synonym returns the head word of the synset of a noun's first sense
// when it is another word ("water pill" → "diuretic", "lockjaw" →
// "tetanus"), or "".
func (v *vocabulary) synonym(k string) string { return v.synonyms[k] }

// count returns how often a word is heard (0 when unknown).
func (v *vocabulary) count(k string) uint32 { return v.words[k] & countMask }

// common reports an ordinary English word that names no topic of its own.
func (v *vocabulary) common(k string) bool {
	f := v.words[k]
	return f&countMask >= commonCount && f&lexiconFlag == 0
}

// form returns the topic noun that a word form names ("diabetic" →
// "diabetes"), or "". The list comes first, then regular suffixes whose
// result the lexicon knows.
func (v *vocabulary) form(k string) string {
	if to, ok := v.forms[k]; ok {
		return to
	}
	if v.lexicon(k) && v.count(k) >= commonCount {
		return "" // a health noun already ("cough", "burn")
	}
	for _, r := range suffixRules {
		if stem, ok := strings.CutSuffix(k, r.from); ok && len(stem) >= 3 {
			if to := stem + r.to; to != k && v.lexicon(to) && !v.common(to) && v.count(to) > 0 {
				return to
			}
		}
	}
	return ""
}

// suffixRules turn regular derived forms into nouns: "dehydrated" →
// "dehydration", "anaemic" → "anaemia", "infected" → "infection".
var suffixRules = []struct{ from, to string }{
	{"ated", "ation"}, {"ed", "ion"}, {"etic", "etes"}, {"ptic", "psy"}, {"ic", "ia"}, {"ic", "y"},
	{"ant", "ancy"}, {"ive", "ion"},
}

// correct returns the vocabulary word nearest to an unknown word (at most
// one edit for short words, two for long ones), or "" when there is none.
// Ties go to a curated health term, then the lexicon, then to the more
// frequent word ("fevr" is "fever", not "fear"). termsOnly: the word is in
// a clause of another language, so only lexicon terms are targets.
func (v *vocabulary) correct(k string, termsOnly bool) string {
	n := len(k)
	if n < minFixRunes || !isASCIILetters(k) {
		return ""
	}
	maxd := 1
	if n >= twoEditRunes {
		maxd = 2
	}
	c := v.spell.nearest(k, maxd, termsOnly)
	if n == minFixRunes && len(c) != n && !v.topic(c) {
		return "" // "mpox" is not "pox": a short word keeps its length, unless it names a health topic ("fevr")
	}
	if (c == "" || !v.lexicon(c)) && !termsOnly && n >= minSoundRunes {
		// written as it sounds: "diarea", "hedache"; a term that sounds
		// like the word beats a word of another subject spelt nearer
		// ("nomonia" is pneumonia, not Pomona)
		if s := v.sounds[phonetic(k)]; s != "" {
			c = s
		}
	}
	return c
}

// minSoundRunes: a shorter word sounds like a term by chance.
const minSoundRunes = 5

// soundsLike indexes the lexicon's terms of minSoundRunes letters or more
// that people use (heard in the frequency list, or curated) by their
// phonetic key; of two terms with one key, the curated or more frequent
// one.
func soundsLike(v *vocabulary) map[string]string {
	m := map[string]string{}
	for _, w := range v.order {
		f := v.words[w]
		if f&lexiconFlag == 0 || f&(countMask|topicFlag) == 0 || len(w) < minSoundRunes || !isASCIILetters(w) {
			continue
		}
		k := phonetic(w)
		if old, ok := m[k]; !ok || weight(f) > weight(v.words[old]) {
			m[k] = w
		}
	}
	return m
}

// phonetic returns a key under which English spellings of one sound meet:
// silent letters dropped ("pn", "kn", "rh"), letters of one sound made one
// ("ph" f, "c" k or s, "y" i, doubled letters once) and every run of
// vowels one "a", since the vowels are what people spell by ear.
func phonetic(w string) string {
	b := make([]byte, 0, len(w))
	for i := 0; i < len(w); i++ {
		c := w[i]
		next := byte(0)
		if i+1 < len(w) {
			next = w[i+1]
		}
		switch {
		case i == 0 && (c == 'p' && (next == 'n' || next == 's') || c == 'k' && next == 'n' || c == 'w' && next == 'r'):
			continue // "pneumonia", "psoriasis", "knee", "wrist"
		case c == 'p' && next == 'h':
			c = 'f'
			i++
		case c == 'c' && next == 'k', c == 'c' && next == 'h':
			c = 'k'
			i++
		case c == 'c' && (next == 'e' || next == 'i' || next == 'y'):
			c = 's'
		case c == 'c', c == 'q':
			c = 'k'
		case c == 'z':
			c = 's'
		case c == 'h' && i > 0 && !isVowel(w[i-1]):
			continue // "rh", "th", "gh": the h is silent or joins its consonant
		case isVowel(c) || c == 'y':
			c = 'a'
		}
		if len(b) > 0 && b[len(b)-1] == c {
			continue
		}
		b = append(b, c)
	}
	return string(b)
}

func isVowel(c byte) bool {
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'
}

// weight ranks correction targets of the same distance.
func weight(flags uint32) int {
	c := int(flags & countMask)
	if flags&lexiconFlag != 0 {
		c += lexiconWeight
	}
	if flags&topicFlag != 0 {
		c += topicWeight
	}
	return c
}

// speller finds words within two edits with a symmetric-delete index
// (SymSpell): every target word is indexed under itself and its one-letter
// deletions, lexicon words of twoEditRunes letters or more that people use
// (heard in the frequency list, or curated) also under their two-letter
// deletions; an input is looked up under itself and its
// deletions, and each hit is checked with a real edit distance. The index
// holds 32-bit hashes of the deletions, bucketed by their top bits (a
// counting sort: loading stays well under the start-up budget).
type speller struct {
	seed    maphash.Seed
	words   []string
	weights []int
	special []bool   // a specialist term no English list has: a target for long words only
	term    []bool   // a lexicon term
	start   []uint32 // bucket b's entries are entries[start[b]:start[b+1]]
	entries []uint64 // hash of a deletion << 32 | word id
}

const bucketBits = 18

func newSpeller(v *vocabulary) speller {
	s := speller{seed: maphash.MakeSeed()}
	raw := make([]uint64, 0, 2<<20)
	for _, w := range v.order { // file order: the same ids in every process
		f := v.words[w]
		if f&countMask == 0 && f&lexiconFlag == 0 || len(w) < minFixRunes-1 || !isASCIILetters(w) {
			continue
		}
		id := uint64(len(s.words))
		s.words = append(s.words, w)
		s.weights = append(s.weights, weight(f))
		s.special = append(s.special, f&(englishFlag|topicFlag) == 0)
		s.term = append(s.term, f&lexiconFlag != 0)
		depth := 1
		if f&lexiconFlag != 0 && len(w) >= twoEditRunes && f&(countMask|topicFlag) != 0 {
			depth = 2
		}
		s.deletes(w, depth, func(d []byte) { raw = append(raw, s.hash(d)<<32|id) })
	}
	s.start = make([]uint32, 1<<bucketBits+1)
	for _, e := range raw {
		s.start[bucket(e)+1]++
	}
	for b := 1; b < len(s.start); b++ {
		s.start[b] += s.start[b-1]
	}
	s.entries = make([]uint64, len(raw))
	next := slices.Clone(s.start[:len(s.start)-1])
	for _, e := range raw {
		b := bucket(e)
		s.entries[next[b]] = e
		next[b]++
	}
	return s
}

func bucket(entry uint64) uint64 { return entry >> (64 - bucketBits) }

func (s *speller) hash(w []byte) uint64 {
	return maphash.Bytes(s.seed, w) >> 32
}

// deletes calls fn with w and every string made by deleting up to depth
// letters of w (with repeats). fn must not keep its argument.
func (s *speller) deletes(w string, depth int, fn func([]byte)) {
	var buf [64]byte
	fn(append(buf[:0], w...))
	if depth == 0 || len(w) <= 1 {
		return
	}
	for i := 0; i < len(w); i++ {
		if i > 0 && w[i] == w[i-1] {
			continue // the same deletion as the previous letter
		}
		d := append(append(buf[:0], w[:i]...), w[i+1:]...)
		if depth == 1 {
			fn(d)
			continue
		}
		s.deletes(string(d), depth-1, fn)
	}
}

func (s *speller) nearest(k string, maxd int, termsOnly bool) string {
	best, bestD, bestW := "", maxd+1, -1
	var seen []uint64
	s.deletes(k, maxd, func(d []byte) {
		h := s.hash(d)
		b := bucket(h << 32)
		for _, e := range s.entries[s.start[b]:s.start[b+1]] {
			id := e & (1<<32 - 1)
			if e>>32 != h || slices.Contains(seen, id) {
				continue
			}
			seen = append(seen, id)
			if termsOnly && !s.term[id] {
				continue
			}
			if s.special[id] && len(k) < twoEditRunes {
				continue // "ajuda" is not "ajuga": short rare words meet by chance
			}
			w := s.words[id]
			dist := editDistance(k, w, maxd)
			if dist < bestD || dist == bestD && s.weights[id] > bestW {
				best, bestD, bestW = w, dist, s.weights[id]
			}
		}
	})
	if bestD > maxd {
		return ""
	}
	return best
}

// editDistance returns the optimal string alignment distance of a and b
// (insertions, deletions, substitutions and transpositions of neighbours),
// or max+1 when it exceeds max.
func editDistance(a, b string, max int) int {
	if d := len(a) - len(b); d > max || -d > max {
		return max + 1
	}
	var rows [3][64]int
	if len(b) >= 63 {
		return max + 1
	}
	prev2, prev, cur := rows[0][:len(b)+1], rows[1][:len(b)+1], rows[2][:len(b)+1]
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		low := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
			low = min(low, cur[j])
		}
		if low > max {
			return max + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}
