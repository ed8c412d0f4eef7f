// Package reply is ddgbot's use case: from the question in a chat message to
// the suggested replies an operator sees. It holds its dependencies (the
// searcher, query extraction, suggestion options and the lookup budget);
// the HTTP handlers and the suggest subcommand both call Service.Suggest.
package reply

import (
	"context"
	"time"

	"github.com/ddgbot/ddgbot/duckduckgo"
	"github.com/ddgbot/ddgbot/suggest"
)

// Outcome names what one question came to. The values are snake_case so
// they can be used as metric label values and log attributes as they are.
type Outcome string

// Outcomes of Service.Suggest.
const (
	NoQuestion  Outcome = "no_question" // no text to look at
	ChitChat    Outcome = "chit_chat"   // nothing worth looking up
	Suggested   Outcome = "suggested"   // at least one suggestion
	NoAnswer    Outcome = "no_answer"   // DuckDuckGo knew nothing useful
	Unavailable Outcome = "unavailable" // DuckDuckGo failed, was slow, or is held off
)

// Outcomes lists every Outcome, for metrics that want each series to exist
// from the start.
var Outcomes = []Outcome{NoQuestion, ChitChat, Suggested, NoAnswer, Unavailable}

// Searcher looks a query up. Cached answers from the cache alone, without
// waiting; Lookup may go upstream and must return by the time ctx is done.
type Searcher interface {
	Cached(q string) (duckduckgo.Answer, bool)
	Lookup(ctx context.Context, q string) (duckduckgo.Answer, error)
}

// Extractor turns a chat message into the queries to try, most specific
// first; none means the message needs no lookup.
type Extractor interface {
	Queries(text string) []string
}

// Options holds a Service's dependencies. Searcher and Extractor are
// required.
type Options struct {
	Searcher  Searcher
	Extractor Extractor
	Suggest   suggest.Options
	// Budget bounds the lookups of one question that are not answered
	// from the cache; it starts with the first such lookup.
	Budget time.Duration
}

// Service answers questions. It is safe for concurrent use when its
// Searcher and Extractor are.
type Service struct {
	o Options
}

// New returns a Service using o.
func New(o Options) *Service {
	return &Service{o: o}
}

// Result is what one question found.
type Result struct {
	Outcome    Outcome
	Query      string   // the query whose answer was used, or the last one tried
	Candidates []string // every query considered, best first
	// Answer is the answer used; when nothing was suggested, the first
	// answer with content (e.g. a disambiguation not offered for one word),
	// whose related topics are still worth showing an operator.
	Answer      duckduckgo.Answer
	Suggestions []suggest.Suggestion
	Err         error // why the lookup failed, when Outcome is Unavailable
}

// Suggest derives queries from a question and tries them in turn until one
// gives suggestions, the budget runs out, or a lookup fails. A cache hit
// costs no budget. It never returns an error of its own: failures are an
// Unavailable outcome with Err set.
func (s *Service) Suggest(ctx context.Context, question string) Result {
	if question == "" {
		return Result{Outcome: NoQuestion}
	}
	queries := s.o.Extractor.Queries(question)
	if len(queries) == 0 {
		return Result{Outcome: ChitChat}
	}
	return s.SuggestQueries(ctx, queries)
}

// SuggestQueries is Suggest for queries already chosen (a topic an
// operator picked, the next best after one judged not helpful), tried in
// order.
func (s *Service) SuggestQueries(ctx context.Context, queries []string) Result {
	if len(queries) == 0 {
		return Result{Outcome: NoQuestion}
	}
	res := Result{Outcome: NoAnswer, Candidates: queries}
	var deadline time.Time
	for _, q := range queries {
		res.Query = q
		a, ok := s.o.Searcher.Cached(q)
		var err error
		if !ok {
			if deadline.IsZero() {
				deadline = time.Now().Add(s.o.Budget)
			}
			a, err = s.lookup(ctx, q, deadline)
		}
		if err != nil {
			// Expected in operation (slow upstream, breaker open) and
			// counted by the lookup service's metrics.
			res.Outcome, res.Err = Unavailable, err
			return res
		}
		if sugg := suggest.Build(&a, q, s.o.Suggest); len(sugg) > 0 {
			res.Outcome, res.Answer, res.Suggestions = Suggested, a, sugg
			return res
		}
		if res.Answer.Empty() {
			res.Answer = a
		}
	}
	return res
}

func (s *Service) lookup(ctx context.Context, q string, deadline time.Time) (duckduckgo.Answer, error) {
	ctx, cancel := context.WithDeadline(ctx, deadline)
	defer cancel()
	return s.o.Searcher.Lookup(ctx, q)
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
	return card
}
