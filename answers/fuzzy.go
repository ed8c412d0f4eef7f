package answers

import (
	"bufio"
	"cmp"
	_ "embed"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"

	"github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/english"
	"github.com/blevesearch/snowballstem/french"
	"github.com/blevesearch/snowballstem/portuguese"
	"github.com/blevesearch/snowballstem/spanish"

	"github.com/ddgbot/ddgbot/phrase"
	"github.com/ddgbot/ddgbot/query"
)

// Reader is how a message is understood beyond its words as written: its
// language and each word's spelling correction or English term (query's
// Extractor), and how often an English word is heard, which tells the
// words that say what a message is about from those that do not.
type Reader interface {
	Understand(text string) query.Understanding
	Heard(word string) int
}

// How a phrase is matched by the words of a message in any order.
const (
	// A phrase word found in the message as written, corrected or
	// translated, or in another inflection ("results" for "result").
	creditSame = 1.0
	// A word of the same concept (concepts.txt: "sms" for "messages").
	creditConcept = 0.9
	// The same stem but another derivation ("clinical" for "clinic"):
	// related, not the same thing.
	creditStem = 0.3

	// A message matches a phrase when it has this share of the phrase's
	// weight (the phrase is mostly in the message)...
	minPhraseShare = 0.6
	// ...or this share of it while the message's own words are mostly
	// the phrase's (a short message about nothing else: "i want a human
	// not a bot" for "speak to a person").
	minShortShare   = 0.35
	minMessageShare = 0.6
	// minWeight is the least weight matched: two everyday words never
	// make a match.
	minWeight = 3.0

	// Word weights: bits of surprise of an English word in SUBTLEX's 51
	// million words, less a base under which a word names nothing (the,
	// when, want), at most maxWordWeight. A word English does not know
	// weighs unknownWeight, or shortUnknownWeight when it is at most three
	// letters (another language's function words: da, de, se, na).
	corpusWords        = 51e6
	baseBits           = 8.0
	maxWordWeight      = 10.0
	unknownWeight      = 6.0
	shortUnknownWeight = 1.0
)

//go:embed concepts.txt
var conceptsTxt string

// concepts maps a folded word or phrase to the concepts it names.
type concepts struct {
	of      map[string][]string
	maxSpan int // words in the longest entry
}

func parseConcepts(text string) (concepts, error) {
	c := concepts{of: map[string][]string{}}
	sc := bufio.NewScanner(strings.NewReader(text))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		name, words, ok := strings.Cut(line, ":")
		if !ok {
			return concepts{}, fmt.Errorf("concepts.txt:%d: want \"name: word, word\"", n)
		}
		for _, w := range strings.Split(words, ",") {
			k := phrase.Key(w)
			if k == "" {
				continue
			}
			c.maxSpan = max(c.maxSpan, strings.Count(k, " ")+1)
			c.of[k] = appendNew(c.of[k], "c:"+strings.TrimSpace(name))
			if l := lemma(k, ""); l != k {
				c.of[l] = appendNew(c.of[l], "c:"+strings.TrimSpace(name))
			}
		}
	}
	return c, sc.Err()
}

func appendNew(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// builtinConcepts is parsed once at first use; the package tests rule
// out a broken file.
var builtinConcepts = sync.OnceValue(func() concepts {
	c, err := parseConcepts(conceptsTxt)
	if err != nil {
		panic(err)
	}
	return c
})

// lemma strips a regular inflection: a plural, and in English -ing and
// -ed ("results" → "result", "booking" → "book", "vacinas" → "vacina").
func lemma(w, lang string) string {
	if strings.Contains(w, " ") {
		parts := strings.Fields(w)
		for i, p := range parts {
			parts[i] = lemma(p, lang)
		}
		return strings.Join(parts, " ")
	}
	n := len(w)
	switch {
	case n <= 3:
		return w
	case lang == "en" || lang == "":
		switch {
		case strings.HasSuffix(w, "ies") && n > 4:
			return w[:n-3] + "y"
		case strings.HasSuffix(w, "sses"), strings.HasSuffix(w, "shes"), strings.HasSuffix(w, "ches"), strings.HasSuffix(w, "xes"):
			return w[:n-2]
		case strings.HasSuffix(w, "ss"), strings.HasSuffix(w, "us"), strings.HasSuffix(w, "is"):
			return w
		case strings.HasSuffix(w, "s"):
			return w[:n-1]
		case strings.HasSuffix(w, "ing") && n > 5:
			return w[:n-3]
		case strings.HasSuffix(w, "ed") && n > 4:
			return w[:n-2]
		}
	case lang == "pt" || lang == "es" || lang == "fr":
		if strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") {
			return w[:n-1]
		}
	}
	return w
}

// stem is the Snowball stem of w in lang (English when the language has
// no stemmer here).
func stem(w, lang string) string {
	env := snowballstem.NewEnv(w)
	switch lang {
	case "pt":
		portuguese.Stem(env)
	case "es":
		spanish.Stem(env)
	case "fr":
		french.Stem(env)
	case "en", "":
		english.Stem(env)
	default:
		return w
	}
	return env.Current()
}

// keys are what a word can be matched by, with the credit each gives.
type key struct {
	k      string
	credit float64
}

// wordKeys returns the keys of a folded word (or phrase of words) in
// lang: itself and its lemma (full credit), its concepts, its stem.
func wordKeys(c concepts, w, lang string) []key {
	l := lemma(w, lang)
	out := []key{{"w:" + w, creditSame}, {"w:" + l, creditSame}}
	for _, form := range []string{w, l} {
		for _, id := range c.of[form] {
			out = append(out, key{id, creditConcept})
		}
	}
	if !strings.Contains(w, " ") {
		out = append(out, key{"s:" + stem(w, lang), creditStem})
	}
	return out
}

// weight is how much a word says about what a text is about.
func weight(r Reader, w string) float64 {
	if strings.Contains(w, " ") {
		total := 0.0
		for _, p := range strings.Fields(w) {
			total = max(total, weight(r, p))
		}
		return total
	}
	n := r.Heard(w)
	if n == 0 {
		if len(w) <= 3 {
			return shortUnknownWeight
		}
		return unknownWeight
	}
	bits := math.Log2(corpusWords / float64(n+1))
	return min(maxWordWeight, max(0, bits-baseBits))
}

// fuzzyPhrase is a match phrase read as a set of words in any order.
type fuzzyPhrase struct {
	entry int
	src   string
	words []phraseWord
}

// phraseWord is one word of a phrase and the keys that find it.
type phraseWord struct {
	w    string
	keys []key
}

func newFuzzyPhrase(c concepts, entry int, src, lang string) fuzzyPhrase {
	p := fuzzyPhrase{entry: entry, src: src}
	for _, w := range phrase.Fold(src) {
		p.words = append(p.words, phraseWord{w, wordKeys(c, w, lang)})
	}
	return p
}

// messageWord is one word (or concept phrase) of a message with the keys
// it offers.
type messageWord struct {
	weight float64
	keys   map[string]float64
}

// readMessage turns a message into the keys its words offer, with the
// weight of each content word.
func readMessage(c concepts, r Reader, text string) (words []messageWord) {
	u := r.Understand(text)
	for _, cl := range u.Clauses {
		var folded []string
		for _, w := range cl.Words {
			keys := map[string]float64{}
			add := func(ks []key) {
				for _, k := range ks {
					keys[k.k] = max(keys[k.k], k.credit)
				}
			}
			add(wordKeys(c, w.Key, cl.Lang))
			if w.Norm != w.Key && w.Norm != "" {
				add(wordKeys(c, w.Norm, "en"))
			}
			wt := weight(r, w.Norm)
			if w.Norm == "" {
				wt = weight(r, w.Key)
			}
			words = append(words, messageWord{weight: wt, keys: keys})
			folded = append(folded, w.Key)
		}
		// Concept entries of several words ("pick up", "dont want").
		for i := range folded {
			for n := 2; n <= c.maxSpan && i+n <= len(folded); n++ {
				for _, id := range c.of[strings.Join(folded[i:i+n], " ")] {
					for j := i; j < i+n; j++ {
						words[len(words)-len(folded)+j].keys[id] = creditConcept
					}
				}
			}
		}
	}
	return words
}

// score is how well a message matches a phrase.
type score struct {
	phrase  float64 // the share of the phrase's weight found
	message float64 // the share of the message's weight the phrase accounts for
	weight  float64 // the weight found
	words   int     // phrase words found as written or as a word of their concept
}

// score returns how well a message (its words, and the words offering
// each key) matches p. Each
// message word counts for one phrase word at most, the heaviest first,
// so one word of a concept never stands for two words of a phrase
// ("visit" is not both "book" and "appointment").
func (p fuzzyPhrase) score(r Reader, words []messageWord, byKey map[string][]int) score {
	type weighed struct {
		w    float64
		keys []key
	}
	pws := make([]weighed, 0, len(p.words))
	var total float64
	for _, w := range p.words {
		if wt := weight(r, w.w); wt > 0 {
			total += wt
			pws = append(pws, weighed{wt, w.keys})
		}
	}
	if total == 0 {
		return score{}
	}
	var sc score
	slices.SortStableFunc(pws, func(a, b weighed) int { return cmp.Compare(b.w, a.w) })
	used := map[int]bool{}
	about := map[int]bool{} // message words naming something of the phrase
	for _, x := range pws {
		best, at := 0.0, -1
		for _, k := range x.keys {
			for _, i := range byKey[k.k] {
				about[i] = true
				if cr := min(words[i].keys[k.k], k.credit); !used[i] && cr > best {
					best, at = cr, i
				}
			}
		}
		if at >= 0 {
			used[at] = true
			sc.weight += best * x.w
			if best >= creditConcept {
				sc.words++
			}
		}
	}
	var msgTotal, msgFound float64
	for i, mw := range words {
		msgTotal += mw.weight
		if about[i] {
			msgFound += mw.weight
		}
	}
	if msgTotal > 0 {
		sc.message = msgFound / msgTotal
	}
	sc.phrase = sc.weight / total
	return sc
}
