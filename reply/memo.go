package reply

import (
	lru "github.com/hashicorp/golang-lru/v2"

	"github.com/ddgbot/ddgbot/query"
	"github.com/ddgbot/ddgbot/safety"
)

// maxRememberedText bounds the messages whose understanding is remembered:
// longer ones (rare, and costly to hold as keys) are worked out each time.
const maxRememberedText = 1 << 10

// remembered holds what depends on a message's text alone (its candidate
// queries, whether it is a crisis message, and whether each of its
// candidate queries is risky) for the last messages seen: Turn polls a
// conversation again each time an operator looks at it, with the same
// newest message. All are pure functions of the text (and of the
// generation of the crisis lists, which a help line may reload), so a
// remembered result is always the one the extractor or detector would
// give. Results are shared between polls: callers only read them.
type remembered struct {
	extractor Extractor
	crisis    CrisisDetector
	cands     *lru.Cache[string, []query.Candidate]
	crises    *lru.Cache[crisisKey, detected]
	// risky holds the verdicts on candidate queries: reading a query as
	// the crisis check does (its understanding included) costs more than
	// the rest of a poll answered from the cache.
	risky *lru.Cache[crisisKey, bool]
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
	r := &remembered{extractor: e, crisis: c}
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

// Understand and Heard are the extractor's, not remembered: own answers
// read a message only when no crisis was found.
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
