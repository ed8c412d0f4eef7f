// Package reply is ddgbot's use case: from a poll (the question in a chat
// message and what operators steered) to everything an operator sees: the
// suggested replies, the context card and the action menu. It holds its
// dependencies (the searcher, query extraction, suggestion options, the
// guards and the steering state); the HTTP handlers and the suggest
// subcommand both call Service.Answer, its one entry point, under the one
// deadline they set for the poll.
package reply

import (
	"context"
	"strings"
	"sync"

	"github.com/ddgbot/ddgbot/actions"
	"github.com/ddgbot/ddgbot/answers"
	"github.com/ddgbot/ddgbot/instant"
	"github.com/ddgbot/ddgbot/query"
	"github.com/ddgbot/ddgbot/safety"
	"github.com/ddgbot/ddgbot/suggest"
)

// Outcome names what one question came to. The values are snake_case so
// they can be used as metric label values and log attributes as they are.
type Outcome string

// Outcomes of Service.Answer.
const (
	NoQuestion  Outcome = "no_question" // no text to look at
	ChitChat    Outcome = "chit_chat"   // nothing worth looking up
	Suggested   Outcome = "suggested"   // at least one suggestion
	NoAnswer    Outcome = "no_answer"   // DuckDuckGo knew nothing useful
	Unavailable Outcome = "unavailable" // DuckDuckGo failed, was slow, or is held off
)

// Outcomes lists every Outcome, for metrics that want each series to exist
// from the start.
var Outcomes = []Outcome{NoQuestion, ChitChat, Suggested, NoAnswer, Unavailable, Crisis}

// Searcher looks a query up. Cached answers from the cache alone, without
// waiting; Lookup may go upstream and must return by the time ctx is done.
// *duckduckgo.Service is one.
type Searcher interface {
	Cached(q string) (instant.Answer, bool)
	Lookup(ctx context.Context, q string) (instant.Answer, error)
}

// Extractor turns a chat message into candidate queries, best first; none
// means the message needs no lookup. As an answers.Reader it also reads a
// message for the own answers to match by its words.
type Extractor interface {
	Candidates(text string) []query.Candidate
	answers.Reader
}

// Options holds a Service's dependencies. Searcher and Extractor are
// required.
type Options struct {
	Searcher  Searcher
	Extractor Extractor
	Suggest   suggest.Options
	// Guards are the crisis check, own answers and topic and source
	// rules (see guard.go).
	Guards Guards
	// Remember, when positive, is how many recent messages keep their
	// candidate queries and crisis check, so a repeated poll does not
	// work them out again (see memo.go).
	Remember int
	// Steering, when not nil, holds operators' pins and feedback and
	// builds the action menu (see steer.go); nil turns actions off.
	Steering Steering
}

// Service answers questions. It is safe for concurrent use when its
// Searcher and Extractor are.
type Service struct {
	o    Options
	memo *remembered // nil when nothing is remembered
}

// New returns a Service using o.
func New(o Options) *Service {
	s := &Service{o: o}
	if o.Remember > 0 {
		s.memo = newRemembered(o.Extractor, o.Guards.Crisis, o.Remember)
		s.o.Extractor = s.memo
		if o.Guards.Crisis != nil {
			s.o.Guards.Crisis = s.memo
		}
	}
	return s
}

// Result is what one question found.
type Result struct {
	Outcome     Outcome
	Query       string             // the query whose answer was used, or the best one tried
	Corrections []query.Correction // the words of the message changed to make Query
	Candidates  []string           // every query considered, best first
	// Answer is the answer used; when nothing was suggested, the first
	// answer with content (e.g. a disambiguation not offered for one word),
	// whose related topics are still worth showing an operator.
	Answer      instant.Answer
	Suggestions []instant.Suggestion
	Err         error // why the lookup failed, when Outcome is Unavailable

	Crisis   *safety.Crisis // why the question was taken for a crisis (Outcome Crisis)
	Own      *answers.Match // the own answer offered first, if any
	Filtered string         // what the topic and source rules took out, if anything
	Tried    []Try          // the candidates considered, best first

	// Menu is the action menu to send with the answer (shared: read
	// only); nil without Steering or when there was nothing to ask about.
	Menu []actions.Item
	// StateErr is why the steering state could not be read or written:
	// the poll was answered unsteered. For logging only.
	StateErr error
}

// Try is one candidate considered for a question and what it found.
type Try struct {
	Candidate   query.Candidate
	Cached      bool // answered from the cache, without a lookup
	Skipped     bool // not looked up: better candidates used the lookups
	Answer      instant.Answer
	Suggestions []instant.Suggestion
	Err         error
	filtered    string // what the topic and source rules took out
	panicked    any    // re-raised in the caller, whose recovery then applies
}

const (
	// maxLookups bounds the upstream lookups of one question; they run in
	// parallel, each through the Searcher (cached and coalesced).
	maxLookups = 3
	// maxCandidates bounds the candidates considered, cached ones included.
	maxCandidates = 6
)

// Answer answers a poll. A crisis message (the newest, or a pinned one)
// gets the crisis answer alone (or nothing) and no lookup, whatever is
// pinned. Otherwise the poll is answered for the pinned topic or message
// while the conversation's pin lasts, else for its question: an own answer
// the question matches is the first suggestion; then the candidate queries
// derived from the question are looked up, the best few (answers in the
// cache first and free; then at most maxLookups lookups in parallel within
// ctx's deadline), and the best candidate
// that gives suggestions (after the topic and source rules) wins, an
// article before a disambiguation page; its suggestions follow the own
// answer up to suggestions.max. With Steering, a topic an operator marked
// not helpful for its query is replaced by the next best (the other
// queries considered, then the answer's related topics), and the result
// carries the menu to offer. Every lookup and every read of the steering
// state is bounded by ctx alone: the caller sets the poll's one deadline
// (turn.response_timeout), and Answer returns soon after it with what was
// ready. It never returns an error of its own: when
// nothing gives suggestions and a lookup failed, the outcome is
// Unavailable with Err set (Suggested when an own answer stands); a
// steering store failure leaves the poll unsteered, with StateErr set.
func (s *Service) Answer(ctx context.Context, p Poll) Result {
	question, topic, stateErr := s.steer(ctx, p)
	// No pin outweighs a crisis: the newest message still gets the crisis
	// answer (a pin normally ends with it, unless the clocks disagree).
	res, crisis := s.crisis(p.Question)
	asked := p.Question
	if !crisis && question != p.Question {
		res, crisis = s.crisis(question)
		asked = question
	}
	switch {
	case crisis:
		topic = ""
		if res.Crisis.Tier == safety.TierUnsure {
			s.besideReferral(ctx, &res, asked)
		}
	case topic != "":
		res = s.pinnedTopic(ctx, question, topic)
	default:
		res = s.ask(ctx, question)
	}
	res.StateErr = stateErr
	if s.o.Steering == nil || (question == "" && topic == "") {
		return res
	}
	return s.menu(ctx, p.Address, res)
}

// ask answers a question that is no crisis message.
func (s *Service) ask(ctx context.Context, question string) Result {
	if question == "" {
		return Result{Outcome: NoQuestion}
	}
	cands := s.o.Extractor.Candidates(s.lookupText(question))
	cands = cands[:min(len(cands), maxCandidates)]
	terms := make([]string, len(cands))
	for i, c := range cands {
		terms[i] = c.Query
	}
	res := s.ownFirst(question, terms, func(max int) Result { return s.lookups(ctx, cands, max) })
	res.Candidates = terms
	return res
}

// lookups looks the candidates up for at most max suggestions and offers
// the best.
func (s *Service) lookups(ctx context.Context, cands []query.Candidate, max int) Result {
	cands = s.harmless(cands)
	if len(cands) == 0 {
		return Result{Outcome: ChitChat}
	}
	return choose(s.try(ctx, cands, max))
}

// try looks candidates up: from the cache until one gives suggestions
// (nothing worse is needed then), upstream for up to maxLookups of the
// others, all at once.
func (s *Service) try(ctx context.Context, cands []query.Candidate, max int) []Try {
	tries := make([]Try, len(cands))
	n, lookups := 0, 0
	for _, c := range cands {
		t := &tries[n]
		n++
		t.Candidate = c
		if a, ok := s.o.Searcher.Cached(c.Query); ok {
			t.Cached, t.Answer = true, a
			if s.buildTry(t, max); len(t.Suggestions) > 0 {
				break
			}
			continue
		}
		if lookups == maxLookups {
			t.Skipped = true
			continue
		}
		lookups++
	}
	if lookups > 0 {
		s.lookUp(ctx, tries[:n], max)
	}
	return tries[:n]
}

// lookUp looks up the tries neither cached nor skipped, in parallel
// until ctx is done. It is apart from try so that a
// question answered from the cache sets up none of it.
func (s *Service) lookUp(ctx context.Context, tries []Try, max int) {
	var wg sync.WaitGroup
	var last *Try
	for i := range tries {
		if t := &tries[i]; !t.Cached && !t.Skipped {
			if prev := last; prev != nil {
				wg.Go(func() { s.lookUpTry(ctx, prev, max) })
			}
			last = t
		}
	}
	s.lookUpTry(ctx, last, max) // while the others run: one lookup starts no goroutine
	wg.Wait()
	for _, t := range tries {
		if t.panicked != nil {
			panic(t.panicked)
		}
	}
}

// lookUpTry looks a try up and builds its suggestions. A panic is kept
// in the try, for lookUp to raise again once every lookup has ended.
func (s *Service) lookUpTry(ctx context.Context, t *Try, max int) {
	defer func() { t.panicked = recover() }()
	if t.Answer, t.Err = s.o.Searcher.Lookup(ctx, t.Candidate.Query); t.Err == nil {
		s.buildTry(t, max)
	}
}

// buildTry builds a try's suggestions from its answer.
func (s *Service) buildTry(t *Try, max int) {
	var r Result
	t.Suggestions = s.build(&t.Answer, t.Candidate.Query, max, &r)
	t.filtered = r.Filtered
}

// choose offers the best candidate with suggestions: articles first, then
// disambiguation pages, each in the candidates' order.
func choose(tries []Try) Result {
	res := Result{Outcome: NoAnswer, Tried: tries}
	for _, articles := range []bool{true, false} {
		for _, t := range tries {
			if len(t.Suggestions) > 0 && (t.Answer.Type != "D") == articles {
				res.Outcome, res.Query, res.Corrections = Suggested, t.Candidate.Query, t.Candidate.Corrections
				res.Answer, res.Suggestions, res.Filtered = t.Answer, t.Suggestions, t.filtered
				return res
			}
		}
	}
	for _, t := range tries {
		if t.filtered != "" && res.Filtered == "" {
			res.Filtered = t.filtered
		}
	}
	for _, t := range tries {
		if t.Err != nil {
			// Expected in operation (slow upstream, breaker open) and
			// counted by the lookup service's metrics.
			res.Outcome, res.Err, res.Query = Unavailable, t.Err, t.Candidate.Query
			return res
		}
	}
	res.Query = tries[0].Candidate.Query
	for _, t := range tries {
		if !t.Answer.Empty() {
			res.Answer = t.Answer // its related topics are still worth offering
			break
		}
	}
	return res
}

// cardTextMax is the most characters of upstream text in one card value,
// as in a suggestion's title.
const cardTextMax = 80

// Card is the sidebar table: what was looked up and what it found, so an
// operator sees why a suggestion was made. Upstream text gets the same
// cleaning, and the link the same rules, as in the suggestions: no markup,
// no link a suggestion would refuse.
func (r *Result) Card() map[string]string {
	card := map[string]string{"Outcome": string(r.Outcome)}
	if r.Query != "" {
		card["Looked up"] = r.Query
		if len(r.Corrections) > 0 {
			fixes := make([]string, len(r.Corrections))
			for i, c := range r.Corrections {
				fixes[i] = c.String()
			}
			card["Looked up"] += " (" + strings.Join(fixes, ", ") + ")"
		}
	}
	if topic := suggest.CleanText(r.Answer.Heading, cardTextMax); topic != "" {
		card["Topic"] = topic
	}
	if source := suggest.CleanText(r.Answer.AbstractSource, cardTextMax); source != "" {
		card["Source"] = source
	}
	if link, ok := suggest.SafeURL(r.Answer.AbstractURL); ok {
		card["Link"] = link
	}
	r.guardCard(card)
	return card
}
