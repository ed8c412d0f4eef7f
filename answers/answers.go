// Package answers holds a help line's own vetted answers: a YAML file of
// entries (id, title, body, match phrases), validated strictly, matched
// against messages, and reloaded without a restart.
//
// The file looks like this:
//
//	answers:
//	  - id: clinic-hours
//	    title: Clinic opening hours
//	    language: en            # optional: en, pt, es, fr, sw, zu or hi
//	    match: [clinic hours, opening hours, horario da clinica]
//	    body: |
//	      Our clinics are open Monday to Friday, 8:00 to 17:00.
package answers

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/ddgbot/ddgbot/phrase"
)

// Limits on a file and its entries.
const (
	// MaxBodyRunes is WhatsApp's limit on a text message.
	MaxBodyRunes = 4096
	// MaxTitleRunes keeps a title readable on Turn's suggestion button.
	MaxTitleRunes = 80
	// MaxFileBytes bounds what Load reads.
	MaxFileBytes = 4 << 20
	// MaxPhrases bounds the match phrases of a file, and MaxPatterns its
	// /regular expressions/: every poll tries each pattern on the message,
	// so their number bounds the cost of a poll (phrases are found through
	// an index of their words and cost little each).
	MaxPhrases  = 10000
	MaxPatterns = 20
)

// Languages returns the language codes an entry may name: the languages
// the query rules and the crisis lists cover ("hi" is Hindi written in
// Latin script, Hinglish).
func Languages() []string { return []string{"en", "pt", "es", "fr", "sw", "zu", "hi"} }

// Entry is one vetted answer.
type Entry struct {
	ID       string
	Title    string
	Body     string // WhatsApp formatting; at most MaxBodyRunes characters
	Match    []string
	Language string // "" or one of Languages
	Line     int    // where the entry starts in its file
}

// Set is a validated, immutable collection of entries. The zero value and
// a nil *Set hold nothing.
type Set struct {
	entries []Entry
	byID    map[string]int
	matches []match
	anchors map[string][]int // matches by the word a phrase starts with
	loose   []int            // patterns and phrases starting with a * word
	fuzzy   []fuzzyPhrase    // plain phrases, matched by their words in any order
	byKey   map[string][]int // fuzzy phrases by the keys of their words
	sum     [sha256.Size]byte
}

// match is one compiled match phrase of an entry.
type match struct {
	p     phrase.Pattern
	entry int
}

// Problem is one thing wrong with a file, at a line (0 when unknown).
type Problem struct {
	Line int
	Msg  string
}

// Error lists everything wrong with a file. A file with any problem is
// refused whole: nothing of it is used.
type Error struct {
	File     string
	Problems []Problem
}

func (e *Error) Error() string {
	var b strings.Builder
	for i, p := range e.Problems {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(e.File)
		if p.Line > 0 {
			fmt.Fprintf(&b, ":%d", p.Line)
		}
		b.WriteString(": ")
		b.WriteString(p.Msg)
	}
	return b.String()
}

// Load reads and validates the file at path. Every error is an *Error
// naming the file (and the line, where there is one).
func Load(path string) (*Set, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, &Error{File: path, Problems: []Problem{{Msg: err.Error()}}}
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxFileBytes+1))
	if err != nil {
		return nil, &Error{File: path, Problems: []Problem{{Msg: err.Error()}}}
	}
	if len(data) > MaxFileBytes {
		return nil, &Error{File: path, Problems: []Problem{{Msg: fmt.Sprintf("larger than %d bytes", MaxFileBytes)}}}
	}
	return Parse(path, data)
}

// Parse validates data, the content of the file called name: known keys
// only, an id, title and body in every entry, ids unique, bodies at most
// MaxBodyRunes, match phrases valid and not shared between entries.
func Parse(name string, data []byte) (*Set, error) {
	p := parser{byID: map[string]int{}, byKey: map[string]int{}}
	p.file(data)
	if len(p.problems) > 0 {
		return nil, &Error{File: name, Problems: p.problems}
	}
	s := &Set{entries: p.entries, byID: p.byID, matches: p.matches, anchors: map[string][]int{}, byKey: map[string][]int{}, sum: sha256.Sum256(data)}
	for i, m := range s.matches {
		if a := m.p.Anchor(); a != "" {
			s.anchors[a] = append(s.anchors[a], i)
		} else {
			s.loose = append(s.loose, i)
		}
		if m.p.Plain() {
			p := newFuzzyPhrase(builtinConcepts(), m.entry, m.p.String(), s.entries[m.entry].Language)
			for _, w := range p.words {
				for _, k := range w.keys {
					if l := s.byKey[k.k]; len(l) == 0 || l[len(l)-1] != len(s.fuzzy) {
						s.byKey[k.k] = append(l, len(s.fuzzy))
					}
				}
			}
			s.fuzzy = append(s.fuzzy, p)
		}
	}
	return s, nil
}

var idPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)

type parser struct {
	patterns int  // /regular expressions/ so far
	over     bool // MaxPhrases or MaxPatterns passed
	entries  []Entry
	byID     map[string]int // entry index by id
	matches  []match
	byKey    map[string]int // entry index by folded match phrase
	problems []Problem
}

func (p *parser) bad(line int, format string, args ...any) {
	p.problems = append(p.problems, Problem{Line: line, Msg: fmt.Sprintf(format, args...)})
}

func (p *parser) file(data []byte) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			p.bad(0, "the file is empty; want a top-level answers: list")
		} else {
			p.bad(0, "%v", err)
		}
		return
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		p.bad(extra.Line, "a second YAML document: want one")
		return
	}
	if len(doc.Content) == 0 {
		p.bad(0, "the file is empty; want a top-level answers: list")
		return
	}
	top := resolve(doc.Content[0])
	if top.Kind != yaml.MappingNode {
		p.bad(top.Line, "want a mapping with a top-level answers: list")
		return
	}
	var list *yaml.Node
	p.fields(top, func(key string, k, v *yaml.Node) {
		switch key {
		case "answers":
			list = v
		default:
			p.bad(k.Line, "unknown key %q; the only top-level key is answers", key)
		}
	})
	switch {
	case list == nil:
		p.bad(top.Line, "no answers: key")
	case list.Kind == yaml.ScalarNode && list.Tag == "!!null":
		// "answers:" with nothing under it: no entries.
	case list.Kind != yaml.SequenceNode:
		p.bad(list.Line, "answers must be a list of entries")
	default:
		for _, n := range list.Content {
			p.entry(n)
		}
	}
}

// fields calls f for each key of a mapping, reporting duplicate keys.
func (p *parser) fields(m *yaml.Node, f func(key string, k, v *yaml.Node)) {
	seen := map[string]int{}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], resolve(m.Content[i+1])
		if first, ok := seen[k.Value]; ok {
			p.bad(k.Line, "key %q repeated (first on line %d)", k.Value, first)
			continue
		}
		seen[k.Value] = k.Line
		f(k.Value, k, v)
	}
}

func resolve(n *yaml.Node) *yaml.Node {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return n
}

func (p *parser) entry(n *yaml.Node) {
	n = resolve(n)
	if n.Kind != yaml.MappingNode {
		p.bad(n.Line, "an entry must be a mapping with id, title, body and match")
		return
	}
	e := Entry{Line: n.Line}
	var matchNode *yaml.Node
	p.fields(n, func(key string, k, v *yaml.Node) {
		switch key {
		case "id":
			e.ID = p.text(key, v)
		case "title":
			e.Title = p.text(key, v)
		case "body":
			e.Body = p.text(key, v)
		case "language":
			e.Language = p.text(key, v)
		case "match":
			matchNode = v
		default:
			p.bad(k.Line, "unknown key %q; want id, title, body, match or language", key)
		}
	})
	name := e.ID
	if name == "" {
		name = fmt.Sprintf("at line %d", e.Line)
	}
	e.ID, e.Title, e.Body = strings.TrimSpace(e.ID), strings.TrimSpace(e.Title), strings.TrimSpace(e.Body)
	switch {
	case e.ID == "":
		p.bad(n.Line, "entry has no id")
	case !idPattern.MatchString(e.ID):
		p.bad(n.Line, "id %q: use letters, digits, '.', '_' and '-' (at most 64)", e.ID)
	}
	if first, ok := p.byID[e.ID]; ok && e.ID != "" {
		p.bad(n.Line, "id %q repeated (first on line %d)", e.ID, p.entries[first].Line)
	}
	if e.Title == "" {
		p.bad(n.Line, "entry %s has no title", name)
	} else if l := utf8.RuneCountInString(e.Title); l > MaxTitleRunes {
		p.bad(n.Line, "entry %s: title is %d characters; at most %d", name, l, MaxTitleRunes)
	}
	if e.Body == "" {
		p.bad(n.Line, "entry %s has an empty body", name)
	} else if l := utf8.RuneCountInString(e.Body); l > MaxBodyRunes {
		p.bad(n.Line, "entry %s: body is %d characters; WhatsApp allows %d", name, l, MaxBodyRunes)
	}
	if e.Language != "" && !slices.Contains(Languages(), e.Language) {
		p.bad(n.Line, "entry %s: language %q; want one of %s", name, e.Language, strings.Join(Languages(), ", "))
	}
	idx := len(p.entries)
	if matchNode != nil {
		e.Match = p.matchList(name, idx, matchNode)
	}
	if _, dup := p.byID[e.ID]; !dup {
		p.byID[e.ID] = idx
	}
	p.entries = append(p.entries, e)
}

// text returns a scalar's value; null is "".
func (p *parser) text(key string, v *yaml.Node) string {
	if v.Kind != yaml.ScalarNode {
		p.bad(v.Line, "%s must be text", key)
		return ""
	}
	if v.Tag == "!!null" {
		return ""
	}
	return v.Value
}

func (p *parser) matchList(name string, idx int, v *yaml.Node) []string {
	if v.Kind == yaml.ScalarNode && v.Tag == "!!null" {
		return nil
	}
	if v.Kind != yaml.SequenceNode {
		p.bad(v.Line, "entry %s: match must be a list of phrases", name)
		return nil
	}
	var out []string
	for _, n := range v.Content {
		n = resolve(n)
		if n.Kind != yaml.ScalarNode {
			p.bad(n.Line, "entry %s: a match must be a phrase, not a list or mapping", name)
			continue
		}
		if p.over {
			return out // a limit was passed, and said once
		}
		if len(p.matches) == MaxPhrases {
			p.bad(n.Line, "entry %s: more than %d match phrases in the file: every poll looks for each", name, MaxPhrases)
			p.over = true
			return out
		}
		pat, err := phrase.Compile(n.Value)
		if err != nil {
			p.bad(n.Line, "entry %s: match %v", name, err)
			continue
		}
		if pat.Regexp() {
			if p.patterns++; p.patterns > MaxPatterns {
				p.bad(n.Line, "entry %s: more than %d /regular expressions/ in the file: every poll runs each of them; use phrases", name, MaxPatterns)
				p.over = true
				return out
			}
		}
		if other, ok := p.byKey[pat.Key()]; ok {
			if other == idx {
				p.bad(n.Line, "entry %s: match %q listed twice", name, n.Value)
			} else {
				p.bad(n.Line, "entry %s: match %q collides with entry %q (line %d): a message could not tell them apart",
					name, n.Value, p.entries[other].ID, p.entries[other].Line)
			}
			continue
		}
		p.byKey[pat.Key()] = idx
		p.matches = append(p.matches, match{p: pat, entry: idx})
		out = append(out, n.Value)
	}
	return out
}

// Len is the number of entries.
func (s *Set) Len() int {
	if s == nil {
		return 0
	}
	return len(s.entries)
}

// Get returns the entry with the given id.
func (s *Set) Get(id string) (Entry, bool) {
	if s == nil {
		return Entry{}, false
	}
	i, ok := s.byID[id]
	if !ok {
		return Entry{}, false
	}
	return s.entries[i], true
}

// Entries returns the entries in file order.
func (s *Set) Entries() []Entry {
	if s == nil {
		return nil
	}
	return append([]Entry(nil), s.entries...)
}

// Match says which entry a message matched and through which phrase.
type Match struct {
	Entry  Entry
	Phrase string  // the match phrase as written in the file
	Score  float64 // 1 for a phrase found as written; less for one found by its words
}

// Match returns the entry a message is about.
//
// First, a match phrase found as written counts: all its words, in order
// and next to each other, in the message or in one of terms (the topics
// the lookups understood the message to be about), compared after
// phrase.Fold so case, accents and punctuation do not matter. When
// several entries match, the one whose phrase has the most words wins
// ("clinic hours" beats "clinic"); on a tie, the entry earlier in the
// file.
//
// Otherwise, when r is not nil, a plain phrase (no pattern, no *) is
// found by its words in any order, in the message as r understands it:
// spelling corrected, other languages' terms in English, inflections
// ("results" for "result"), words of the same concept (concepts.txt:
// "sms" for "messages", "bebê" for "baby") and, for less, the same stem
// ("clinical" for "clinic"). Words weigh by how rare they are. The phrase
// matches when the message has most of its weight, or a good part of it
// while the message is mostly about it; the best-scoring phrase wins.
func (s *Set) Match(message string, terms []string, r Reader) (Match, bool) {
	if s == nil || len(s.matches) == 0 {
		return Match{}, false
	}
	m, ok := s.exact(message, terms)
	if r == nil || len(s.fuzzy) == 0 {
		return m.Match, ok
	}
	// A phrase found by more of its words beats a shorter one found as
	// written ("is the clinic open today": "clinic hours" by its words
	// over "clinic").
	if w, wok := s.byWords(message, r); wok && (!ok || w.words > m.words) {
		return w.Match, true
	}
	return m.Match, ok
}

// found is a match and how many words of its phrase were found (a
// regular expression counts as one).
type found struct {
	Match
	words int
}

func (s *Set) exact(message string, terms []string) (found, bool) {
	best := -1
	try := func(i int) {
		if best < 0 || better(s.matches[i], s.matches[best]) {
			best = i
		}
	}
	for t := -1; t < len(terms); t++ {
		text := message
		if t >= 0 {
			text = terms[t]
		}
		words := phrase.Fold(text)
		for j, w := range words {
			for _, i := range s.anchors[w] {
				if s.matches[i].p.MatchAt(words, j) {
					try(i)
				}
			}
		}
		for _, i := range s.loose {
			if (best < 0 || better(s.matches[i], s.matches[best])) && s.matches[i].p.In(words) {
				try(i)
			}
		}
	}
	if best < 0 {
		return found{}, false
	}
	m := s.matches[best]
	return found{Match{Entry: s.entries[m.entry], Phrase: m.p.String(), Score: 1}, m.p.Words()}, true
}

func (s *Set) byWords(message string, r Reader) (found, bool) {
	words := readMessage(builtinConcepts(), r, message)
	byKey := map[string][]int{} // message words by the keys they offer
	var cands []int             // phrases sharing a key with the message
	seen := map[int]bool{}
	for i, w := range words {
		for k := range w.keys {
			byKey[k] = append(byKey[k], i)
			for _, p := range s.byKey[k] {
				if !seen[p] {
					seen[p] = true
					cands = append(cands, p)
				}
			}
		}
	}
	slices.Sort(cands) // file order breaks ties
	best, bestP, bestM, bestN := -1, 0.0, 0.0, 0
	for _, i := range cands {
		sc := s.fuzzy[i].score(r, words, byKey)
		if sc.weight < minWeight || !(sc.phrase >= minPhraseShare || sc.phrase >= minShortShare && sc.message >= minMessageShare) {
			continue
		}
		// More words found first (the more specific phrase), then the
		// larger share of the phrase, then of the message.
		if best < 0 || sc.words > bestN || sc.words == bestN && (sc.phrase > bestP || sc.phrase == bestP && sc.message > bestM) {
			best, bestP, bestM, bestN = i, sc.phrase, sc.message, sc.words
		}
	}
	if best < 0 {
		return found{}, false
	}
	p := s.fuzzy[best]
	return found{Match{Entry: s.entries[p.entry], Phrase: p.src, Score: bestP}, bestN}, true
}

// better reports whether a ranks above b: more words, then earlier entry.
func better(a, b match) bool {
	if a.p.Words() != b.p.Words() {
		return a.p.Words() > b.p.Words()
	}
	return a.entry < b.entry
}
