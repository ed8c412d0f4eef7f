package reply

import (
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
// queries, whether it is a crisis message, whether each of its candidate
// queries is risky, and the own answer it matches) for the last messages
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
	// risky holds the verdicts on candidate queries: reading a query as
	// the crisis check does (its understanding included) costs more than
	// the rest of a poll answered from the cache.
	risky *lru.Cache[crisisKey, bool]
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

// ownKey is a message and how many of its candidate queries it was
// matched with: always the first ones, so their number says which.
type ownKey struct {
	text  string
	terms int
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
func (r *remembered) Risky(query string) bool {
	if len(query) > maxRememberedText {
		return riskyQuery(r.crisis, query)
	}
	key := r.key(query)
	if v, ok := r.risky.Get(key); ok {
		return v
	}
	v := riskyQuery(r.crisis, query)
	r.risky.Add(key, v)
	return v
}

// Sensitive is the detector's (see sensitive), not remembered.
func (r *remembered) Sensitive(text string) bool { return sensitive(r.crisis, text) }

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
// while set is the one asked about. terms must be the first of text's
// candidate queries.
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
	key := ownKey{text: text, terms: len(terms)}
	if m, ok := mem.matches.Get(key); ok {
		return m.m, m.ok
	}
	m, ok := set.Match(text, terms, r.extractor)
	mem.matches.Add(key, ownMatch{m, ok})
	return m, ok
}
