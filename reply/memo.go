package reply

import (
	"strings"
	"sync/atomic"

	lru "github.com/hashicorp/golang-lru/v2"

	"github.com/ddgbot/ddgbot/answers"
	"github.com/ddgbot/ddgbot/query"
	"github.com/ddgbot/ddgbot/safety"
)

// maxRememberedText bounds the messages whose understanding is remembered:
// longer ones (rare, and costly to hold as keys) are worked out each time.
const maxRememberedText = 1 << 10

// remembered holds what depends on a message's text alone (its candidate
// queries, whether it is a crisis message or sensitive, whether each of
// its candidate queries is risky, and the own answer it matches) for the last messages
// seen: Turn polls a conversation again each time an operator looks at
// it, with the same newest message. All are pure functions of the text
// (and of the crisis lists and own answers in use, which a help line may
// reload), so a remembered result is always the one the extractor,
// detector or answers would give. Results are shared between polls:
// callers only read them.
type remembered struct {
	extractor Extractor
	crisis    CrisisDetector
	cands     *lru.Cache[string, []query.Candidate]
	crises    *lru.Cache[crisisKey, detected]
	// risky and sensitive hold the verdicts on candidate queries and on
	// messages (and their sentences): reading a text as the crisis check
	// does (its understanding included) costs more than the rest of a
	// poll answered from the cache.
	risky, sensitive *lru.Cache[crisisKey, bool]
	// own holds the own answers messages matched, for the set of answers
	// in use (matching a message by its words costs more than the rest of
	// a poll).
	own  atomic.Pointer[ownMatches]
	size int
}

// ownMatches are the own answers messages matched in one set of answers:
// a set put in use (a reload) gets new ones, so a new file applies to a
// message polled again.
type ownMatches struct {
	set     *answers.Set
	matches *lru.Cache[ownKey, ownMatch]
}

// ownKey is a message and the terms it was matched with, joined.
type ownKey struct {
	text  string
	terms string
}

type ownMatch struct {
	m  answers.Match
	ok bool
}

// crisisKey remembers a verdict with the generation of the crisis lists
// that gave it: after a reload, a message is checked again.
type crisisKey struct {
	text string
	gen  uint64
}

// key is text's key under the crisis lists in use.
func (r *remembered) key(text string) crisisKey {
	k := crisisKey{text: text}
	if g, ok := r.crisis.(generational); ok {
		k.gen = g.Generation()
	}
	return k
}

// generational is a CrisisDetector whose lists may be reloaded
// (*safety.Lists).
type generational interface{ Generation() uint64 }

type detected struct {
	crisis safety.Crisis
	ok     bool
}

func newRemembered(e Extractor, c CrisisDetector, size int) *remembered {
	r := &remembered{extractor: e, crisis: c, size: size}
	r.cands, _ = lru.New[string, []query.Candidate](size) // size > 0: cannot fail
	r.crises, _ = lru.New[crisisKey, detected](size)
	r.risky, _ = lru.New[crisisKey, bool](size)
	r.sensitive, _ = lru.New[crisisKey, bool](size)
	return r
}

// Candidates implements Extractor.
func (r *remembered) Candidates(text string) []query.Candidate {
	if len(text) > maxRememberedText {
		return r.extractor.Candidates(text)
	}
	if c, ok := r.cands.Get(text); ok {
		return c
	}
	c := r.extractor.Candidates(text)
	r.cands.Add(text, c)
	return c
}

// Understand and Heard are the extractor's, not remembered: the own
// answers' matches that read them are (see Match).
func (r *remembered) Understand(text string) query.Understanding { return r.extractor.Understand(text) }

// Heard is the extractor's.
func (r *remembered) Heard(word string) int { return r.extractor.Heard(word) }

// Risky is the detector's verdict on a candidate query (see riskyQuery).
func (r *remembered) Risky(query string) bool { return r.verdict(r.risky, query, riskyQuery) }

// Sensitive is the detector's verdict on a message or sentence (see
// sensitive).
func (r *remembered) Sensitive(text string) bool { return r.verdict(r.sensitive, text, sensitive) }

// verdict is check's verdict on text, remembered in m under the crisis
// lists in use.
func (r *remembered) verdict(m *lru.Cache[crisisKey, bool], text string, check func(CrisisDetector, string) bool) bool {
	if len(text) > maxRememberedText {
		return check(r.crisis, text)
	}
	key := r.key(text)
	if v, ok := m.Get(key); ok {
		return v
	}
	v := check(r.crisis, text)
	m.Add(key, v)
	return v
}

// Detect implements CrisisDetector.
func (r *remembered) Detect(text string) (safety.Crisis, bool) {
	if len(text) > maxRememberedText {
		return r.crisis.Detect(text)
	}
	key := r.key(text)
	if d, ok := r.crises.Get(key); ok {
		return d.crisis, d.ok
	}
	c, ok := r.crisis.Detect(text)
	r.crises.Add(key, detected{c, ok})
	return c, ok
}

// Match is set.Match(text, terms) as the extractor reads text, remembered
// while set is the one asked about.
func (r *remembered) Match(set *answers.Set, text string, terms []string) (answers.Match, bool) {
	if set == nil || len(text) > maxRememberedText {
		return set.Match(text, terms, r.extractor)
	}
	mem := r.own.Load()
	if mem == nil || mem.set != set {
		// Another set is in use (or was, for a poll that started before a
		// reload and is still running: the next poll puts the newer one
		// back).
		mem = &ownMatches{set: set}
		mem.matches, _ = lru.New[ownKey, ownMatch](r.size)
		r.own.Store(mem)
	}
	// Which terms a message gives depends on more than its text (the
	// sentences the crisis lists in use leave to look up): they are part
	// of the key.
	key := ownKey{text: text, terms: strings.Join(terms, "\n")}
	if m, ok := mem.matches.Get(key); ok {
		return m.m, m.ok
	}
	m, ok := set.Match(text, terms, r.extractor)
	mem.matches.Add(key, ownMatch{m, ok})
	return m, ok
}
