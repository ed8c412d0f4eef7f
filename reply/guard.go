package reply

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/ddgbot/ddgbot/answers"
	"github.com/ddgbot/ddgbot/instant"
	"github.com/ddgbot/ddgbot/query"
	"github.com/ddgbot/ddgbot/safety"
	"github.com/ddgbot/ddgbot/suggest"
)

// Crisis is the outcome of a crisis message: the crisis answer (or
// nothing) and, for an unsure one, what an unrelated question in another
// sentence finds after it; nothing about the crisis is looked up.
const Crisis Outcome = "crisis"

// OwnAnswers gives the help line's own answers in use; *answers.Holder is
// one. Current is asked once per question, so a reload never changes the
// set a question is answered from.
type OwnAnswers interface {
	Current() *answers.Set
}

// CrisisDetector tells crisis messages apart; *safety.Detector is one.
type CrisisDetector interface {
	Detect(message string) (safety.Crisis, bool)
}

// Guards are the safety and own-answer steps around the lookups. Every
// field is optional.
type Guards struct {
	// Crisis, when it detects a crisis, ends the question before any
	// lookup: the suggestion is the own answer CrisisAnswer names, or none.
	Crisis       CrisisDetector
	CrisisAnswer string
	// Answers are matched against the question and the queries derived
	// from it; a match is the first suggestion.
	Answers OwnAnswers
	// Rules filter each DuckDuckGo answer before it becomes suggestions.
	Rules *safety.Rules
	// OnCrisis and OnFiltered are told of each crisis message and each
	// answer the rules took something out of (for metrics).
	OnCrisis   func(safety.Crisis)
	OnFiltered func(reason string)
}

// OwnConfidence is the confidence of an own answer: above anything a
// DuckDuckGo answer gets.
const OwnConfidence = 1.0

// ownSuggestion offers an own answer as it is written: its body is vetted
// wording, so it is neither cut to suggestions.max_chars nor attributed.
func ownSuggestion(e answers.Entry) instant.Suggestion {
	return instant.Suggestion{Type: "TEXT", Title: e.Title, Body: e.Body, Confidence: OwnConfidence}
}

// crisis answers a crisis message, or reports false for any other.
func (s *Service) crisis(question string) (Result, bool) {
	g := s.o.Guards
	if g.Crisis == nil || question == "" {
		return Result{}, false
	}
	c, ok := g.Crisis.Detect(question)
	if !ok {
		return Result{}, false
	}
	if g.OnCrisis != nil {
		g.OnCrisis(c)
	}
	res := Result{Outcome: Crisis, Crisis: &c}
	if g.CrisisAnswer != "" && g.Answers != nil {
		if e, ok := g.Answers.Current().Get(g.CrisisAnswer); ok {
			res.Own = &answers.Match{Entry: e}
			res.Suggestions = []instant.Suggestion{ownSuggestion(e)}
		}
	}
	return res, true
}

// riskChecker tells queries the crisis check reads as risky;
// *safety.Detector and *safety.Lists are ones.
type riskChecker interface {
	Risky(query string) bool
}

// harmless returns cands without the queries the crisis check reads as
// risky (a crisis of any tier, or a word of harm with one of the self or
// the body): whatever the extraction made of a message the check missed,
// a disclosure's words never leave in a query. cands is not changed.
func (s *Service) harmless(cands []query.Candidate) []query.Candidate {
	c := s.o.Guards.Crisis
	if c == nil {
		return cands
	}
	risky := func(q string) bool { return riskyQuery(c, q) }
	if !slices.ContainsFunc(cands, func(x query.Candidate) bool { return risky(x.Query) }) {
		return cands
	}
	out := make([]query.Candidate, 0, len(cands))
	for _, x := range cands {
		if !risky(x.Query) {
			out = append(out, x)
		}
	}
	return out
}

// riskyQuery reports whether c reads query as risky: by its Risky when
// it has one, else by any crisis it detects in it.
func riskyQuery(c CrisisDetector, query string) bool {
	if r, ok := c.(riskChecker); ok {
		return r.Risky(query)
	}
	_, ok := c.Detect(query)
	return ok
}

// sensitiveChecker tells messages that hold anything the crisis check
// reads as risky, whatever their framing; *safety.Detector and
// *safety.Lists are ones.
type sensitiveChecker interface {
	Sensitive(message string) bool
}

// sensitive reports whether c reads text as sensitive: by its Sensitive
// when it has one, else by any crisis it detects in it.
func sensitive(c CrisisDetector, text string) bool {
	if r, ok := c.(sensitiveChecker); ok {
		return r.Sensitive(text)
	}
	_, ok := c.Detect(text)
	return ok
}

// lookupText returns what of question may be looked up: all of it when
// the crisis check reads nothing sensitive in it, else its sentences that
// say nothing sensitive (and no crisis). A message the check missed or
// cancelled ("my dad beat me years ago. what is a protection order")
// sends only its other sentences' words upstream, so a disclosure never
// leaves in a query, whatever the extraction makes of it.
func (s *Service) lookupText(question string) string {
	c := s.o.Guards.Crisis
	if c == nil {
		return question
	}
	if _, crisis := c.Detect(question); !crisis && !sensitive(c, question) {
		return question
	}
	var rest []string
	for _, sentence := range sentences(question) {
		if _, crisis := c.Detect(sentence); !crisis && !sensitive(c, sentence) {
			rest = append(rest, sentence)
		}
	}
	return strings.Join(rest, " ")
}

// besideReferral adds to an unsure crisis result what the sentences of
// question that the crisis check finds nothing in ask, after the
// referral: "my head hurts and I keep cutting. what are clinic hours?"
// looks up clinic hours only. Nothing of a sentence with a risky word is
// ever looked up (see lookupText), and a candidate query the check finds
// anything in is dropped.
func (s *Service) besideReferral(ctx context.Context, res *Result, question string) {
	rest := s.lookupText(question)
	if rest == "" {
		return
	}
	var cands []query.Candidate
	for _, c := range s.o.Extractor.Candidates(rest) {
		if _, risky := s.o.Guards.Crisis.Detect(c.Query); !risky && len(cands) < maxCandidates {
			cands = append(cands, c)
		}
	}
	max := s.maxSuggestions() - len(res.Suggestions)
	if len(cands) == 0 || max <= 0 {
		return
	}
	found := s.lookups(ctx, cands, max)
	res.Query, res.Corrections, res.Answer = found.Query, found.Corrections, found.Answer
	res.Suggestions = append(res.Suggestions, found.Suggestions...)
}

// sentences splits text at sentence ends and line breaks.
func sentences(text string) []string {
	return strings.FieldsFunc(text, func(r rune) bool {
		return r == '.' || r == '?' || r == '!' || r == '\n' || r == ';' || r == '¿' || r == '¡'
	})
}

// ownFirst offers the own answer the question matches (against its text
// and terms, the queries derived from it) as the first suggestion, and
// what lookup finds after it up to suggestions.max. Without a match it is
// lookup's result alone. lookup is given how many suggestions it may add.
func (s *Service) ownFirst(question string, terms []string, lookup func(max int) Result) Result {
	max := s.maxSuggestions()
	if s.o.Guards.Answers == nil {
		return lookup(max)
	}
	m, ok := s.matchOwn(question, terms)
	if !ok {
		return lookup(max)
	}
	own := []instant.Suggestion{ownSuggestion(m.Entry)}
	if max == 1 {
		return Result{Outcome: Suggested, Own: &m, Suggestions: own}
	}
	// Everything the lookups found stays (query, corrections, what was
	// tried and filtered) for the card and the suggest subcommand.
	res := lookup(max - 1)
	res.Outcome, res.Own, res.Suggestions = Suggested, &m, append(own, res.Suggestions...)
	return res
}

// matchOwn matches a question and terms (queries derived from it) with
// the own answers in use.
func (s *Service) matchOwn(question string, terms []string) (answers.Match, bool) {
	set := s.o.Guards.Answers.Current()
	if s.memo != nil {
		return s.memo.Match(set, question, terms)
	}
	return set.Match(question, terms, s.o.Extractor)
}

// keepOwn returns next (an answer found for other queries, e.g. the next
// best after an operator found a topic not helpful) behind the own answer
// prev offered, if it offered one, within suggestions.max: an own answer
// stays first whatever happens to the DuckDuckGo suggestions after it.
func (s *Service) keepOwn(prev, next Result) Result {
	if prev.Own == nil || len(prev.Suggestions) == 0 {
		return next
	}
	sugg := append([]instant.Suggestion{prev.Suggestions[0]}, next.Suggestions...)
	next.Outcome, next.Own, next.Err = Suggested, prev.Own, nil
	next.Suggestions = sugg[:min(len(sugg), s.maxSuggestions())]
	return next
}

// build turns one DuckDuckGo answer into at most max suggestions, after
// the topic and source rules: forbidden parts never reach the builder, and
// a suggestion whose title or text is about a blocked topic is dropped
// after it.
func (s *Service) build(a *instant.Answer, q string, max int, res *Result) []instant.Suggestion {
	g := s.o.Guards
	o := s.o.Suggest
	o.Max = max
	if g.Rules.Empty() {
		return suggest.Build(a, q, o)
	}
	filtered, why := g.Rules.Filter(*a)
	*a = filtered
	out := suggest.Build(&filtered, q, o)
	kept := out[:0]
	for _, sg := range out {
		if g.Rules.Blocked(sg.Title, sg.Body) {
			why = safety.ReasonBlockedTopic
			continue
		}
		kept = append(kept, sg)
	}
	if why != "" {
		res.Filtered = why
		if g.OnFiltered != nil {
			g.OnFiltered(why)
		}
	}
	return kept
}

// maxSuggestions is suggestions.max as the builder reads it.
func (s *Service) maxSuggestions() int {
	if s.o.Suggest.Max > 0 {
		return s.o.Suggest.Max
	}
	return suggest.DefaultOptions().Max
}

// guardCard adds to the context card what the guards decided.
func (r *Result) guardCard(card map[string]string) {
	if r.Crisis != nil {
		// Why, never what: the category, tier and list language only.
		card["Crisis"] = r.Crisis.Category
		card["Crisis tier"] = r.Crisis.Tier
		card["Crisis language"] = r.Crisis.Language
	}
	if r.Own != nil {
		card["Own answer"] = r.Own.Entry.ID
		if r.Own.Phrase != "" {
			card["Matched"] = r.Own.Phrase
			if r.Own.Score < 1 {
				card["Matched"] += fmt.Sprintf(" (by its words, score %.2f)", r.Own.Score)
			}
		}
	}
	if r.Filtered != "" {
		card["Filtered"] = r.Filtered
	}
}
