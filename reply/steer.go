package reply

import (
	"context"
	"errors"
	"net/url"
	"strings"

	"github.com/ddgbot/ddgbot/actions"
	"github.com/ddgbot/ddgbot/instant"
	"github.com/ddgbot/ddgbot/query"
)

// Steering is what operators said about conversations through the action
// menu, and the menu itself; *actions.Service is one. Its store failures
// leave a poll unsteered.
type Steering interface {
	// Pinned returns the conversation's pin, if one lasts.
	Pinned(ctx context.Context, address string, newest int64) (actions.Pin, bool, error)
	// Unhelpful reports whether topic was marked not helpful for query
	// in the conversation at address.
	Unhelpful(ctx context.Context, address, query, topic string) (bool, error)
	// Items returns the menu for what a poll of the conversation at
	// address was offered (shared: read only).
	Items(address string, o actions.Offer) []actions.Item
}

// Poll is what a context poll says about its conversation.
type Poll struct {
	Address  string // chat.owner; "" when the poll has none
	Question string // content of the newest inbound message
	Newest   int64  // that message's timestamp, unix seconds
	// Inbound lists the contents of the conversation's inbound messages,
	// newest first. It is called only while a message is pinned.
	Inbound func() []string
}

// maxNextBest bounds the answers replaced because an operator found them
// not helpful, per poll.
const maxNextBest = 3

// steer returns what the poll is to be answered for: the newest question,
// or the pinned message or topic while the conversation's pin lasts.
func (s *Service) steer(ctx context.Context, p Poll) (question, topic string, err error) {
	question = p.Question
	if s.o.Steering == nil || p.Address == "" {
		return question, "", nil
	}
	pin, ok, err := s.o.Steering.Pinned(ctx, p.Address, p.Newest)
	switch {
	case !ok:
	case pin.Topic != "":
		topic = pin.Topic
	case p.Inbound != nil:
		// A pinned message no longer in the poll's window leaves the
		// newest question in charge.
		for _, c := range p.Inbound() {
			if pin.Matches(c) {
				question = c
				break
			}
		}
	}
	return question, topic, err
}

// menu finishes a steered answer for the conversation at address: past any
// topic marked not helpful for its query to the next best, then the menu
// to offer with it.
func (s *Service) menu(ctx context.Context, address string, res Result) Result {
	res, hidden, err := s.skipUnhelpful(ctx, address, res)
	res.StateErr = errors.Join(res.StateErr, err)

	o := actions.Offer{Alternatives: nextQueries(&res), Hidden: hidden}
	if res.Outcome == Suggested && (res.Query != hidden.Query || res.Topic() != hidden.Topic) {
		o.Query, o.Topic = res.Query, res.Topic() // Items leaves both out of the alternatives
	} else {
		alts := o.Alternatives
		o.Alternatives = alts[:0] // filtered in place: not what was just looked up
		q, t := instant.Normalize(res.Query), instant.Normalize(res.Topic())
		for _, a := range alts {
			if k := instant.Normalize(a); k != q && k != t {
				o.Alternatives = append(o.Alternatives, a)
			}
		}
	}
	res.Menu = s.o.Steering.Items(address, o)
	return res
}

// skipUnhelpful replaces an answer whose topic the conversation marked
// not helpful for its query with the next best, behind the own answer if
// one was offered, and returns the mark that hid it (zero for none), so
// the menu can offer to undo it. When there is no next best, the hidden
// answer's suggestions about other topics (its related topics) stand in,
// unless the conversation marked a next best too: a click alone never
// leaves the operator with nothing.
func (s *Service) skipUnhelpful(ctx context.Context, address string, res Result) (Result, actions.Mark, error) {
	if res.Outcome != Suggested {
		return res, actions.Mark{}, nil
	}
	if bad, err := s.o.Steering.Unhelpful(ctx, address, res.Query, res.Topic()); err != nil || !bad {
		return res, actions.Mark{}, err // the usual case: no lookups
	}
	first, hidden := res, actions.Mark{Query: res.Query, Topic: res.Topic()}
	next, rejected, err := s.nextBest(ctx, address, res)
	if len(next.Suggestions) == 0 && !rejected {
		if others := otherTopics(&first); len(others) > 0 {
			next = first
			next.Own, next.Suggestions = nil, others
		}
	}
	return s.keepOwn(first, next), hidden, err
}

// otherTopics returns the suggestions of res that are not about its topic
// and not its own answer: those made from its related topics.
func otherTopics(res *Result) []instant.Suggestion {
	sugg := res.Suggestions
	if res.Own != nil && len(sugg) > 0 {
		sugg = sugg[1:]
	}
	topic := strings.ToLower(strings.TrimSpace(res.Topic()))
	var out []instant.Suggestion
	for _, sg := range sugg {
		title := strings.ToLower(strings.TrimSpace(sg.Title))
		if title != topic && !strings.HasPrefix(title, topic+":") {
			out = append(out, sg)
		}
	}
	return out
}

// nextBest looks for the best answer after res whose topic the
// conversation did not mark not helpful for its query, in the time the
// poll has left; rejected is true when it found marked ones.
func (s *Service) nextBest(ctx context.Context, address string, res Result) (_ Result, rejected bool, _ error) {
	tried := map[string]bool{}
	for range maxNextBest {
		for _, q := range res.Candidates {
			tried[instant.Normalize(q)] = true
			if q == res.Query {
				break
			}
		}
		var next []string
		for _, q := range nextQueries(&res) {
			if !tried[instant.Normalize(q)] {
				next = append(next, q)
			}
		}
		if len(next) == 0 {
			break
		}
		res = s.queries(ctx, next[:min(len(next), actions.MaxOptions)])
		if res.Outcome != Suggested {
			return res, rejected, nil
		}
		bad, err := s.o.Steering.Unhelpful(ctx, address, res.Query, res.Topic())
		if err != nil || !bad {
			return res, rejected, err
		}
		rejected = true
	}
	return Result{Outcome: NoAnswer, Query: res.Query, Candidates: res.Candidates}, rejected, nil
}

// pinnedTopic answers the topic an operator pinned for the conversation,
// behind the own answer the question matches: the line's own answer stays
// first whatever is pinned.
func (s *Service) pinnedTopic(ctx context.Context, question, topic string) Result {
	var terms []string
	if s.o.Guards.Answers != nil && question != "" {
		for _, c := range s.o.Extractor.Candidates(question) {
			terms = append(terms, c.Query)
		}
	}
	return s.ownFirst(question, terms, func(max int) Result {
		res := s.lookups(ctx, []query.Candidate{{Query: topic}}, max)
		res.Candidates = []string{topic}
		return res
	})
}

// queries answers queries already chosen (a topic an operator picked, the
// next best after one judged not helpful), looked up as candidates in that
// order, under the same topic and source rules.
func (s *Service) queries(ctx context.Context, queries []string) Result {
	if len(queries) == 0 {
		return Result{Outcome: NoQuestion}
	}
	cands := make([]query.Candidate, len(queries))
	for i, q := range queries {
		cands[i] = query.Candidate{Query: q}
	}
	res := s.lookups(ctx, cands, s.o.Suggest.Max)
	res.Candidates = queries
	return res
}

// nextQueries returns what could be looked up after res, best first: the
// queries considered after the one used, then the answer's related
// topics. One allocation: it runs on every poll.
func nextQueries(res *Result) []string {
	var rest []string
	for i, q := range res.Candidates {
		if q == res.Query {
			rest = res.Candidates[i+1:]
			break
		}
	}
	n := len(rest)
	if len(res.Answer.RelatedTopics) > 0 {
		n += actions.MaxOptions * 2
	}
	if n == 0 {
		return nil
	}
	return appendRelated(append(make([]string, 0, n), rest...), &res.Answer)
}

// Topic is what the result's answer is about: its heading, or the query.
func (r *Result) Topic() string {
	if h := strings.TrimSpace(r.Answer.Heading); h != "" {
		return h
	}
	return r.Query
}

// appendRelated appends to out the names of an answer's related topics
// (for a disambiguation, its meanings), in order, as DuckDuckGo names
// their pages: each is a query that looks that topic up. Category and
// disambiguation lists are left out.
func appendRelated(out []string, a *instant.Answer) []string {
	limit := len(out) + actions.MaxOptions*2
	var walk func(ts []instant.Topic, depth int)
	walk = func(ts []instant.Topic, depth int) {
		for i := range ts {
			if len(out) == limit {
				return
			}
			t := &ts[i]
			if len(t.Topics) > 0 && depth < 2 {
				walk(t.Topics, depth+1)
			}
			if name := topicName(t.FirstURL); name != "" {
				out = append(out, name)
			}
		}
	}
	walk(a.RelatedTopics, 0)
	return out
}

// topicName turns https://duckduckgo.com/Apple_Inc. into "Apple Inc.".
func topicName(first string) string {
	_, p, ok := strings.Cut(first, "://duckduckgo.com/")
	if !ok {
		return ""
	}
	if i := strings.IndexAny(p, "?#"); i >= 0 {
		p = p[:i]
	}
	if p == "" || strings.Contains(p, "/") { // c/… and d/… are lists of topics
		return ""
	}
	if strings.Contains(p, "%") {
		var err error
		if p, err = url.PathUnescape(p); err != nil || strings.Contains(p, "/") {
			return ""
		}
	}
	return strings.TrimSpace(strings.ReplaceAll(p, "_", " "))
}
