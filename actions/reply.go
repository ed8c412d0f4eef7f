package actions

import (
	"context"
	"errors"
	"net/url"
	"strings"

	"github.com/ddgbot/ddgbot/instant"
	"github.com/ddgbot/ddgbot/reply"
)

// Replier is the use case as pins and feedback steer it (reply.Service).
type Replier interface {
	Suggest(ctx context.Context, question string) reply.Result
	SuggestQueries(ctx context.Context, queries []string) reply.Result
	Crisis(question string) (reply.Result, bool)
	KeepOwn(prev, next reply.Result) reply.Result
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

// Reply answers a poll as operators steered it: for the pinned message or
// topic while the conversation's pin lasts, and past any topic marked not
// helpful for its query to the next best (the other queries considered,
// then the answer's related topics), or to nothing. It returns the menu
// to offer with the answer, shared as Items shares it (read only): none
// when there was nothing to ask about. A
// crisis message is answered as Suggest answers it, whatever is pinned. A
// store failure leaves the poll unsteered and is returned as err for
// logging; res and items are good either way.
func (s *Service) Reply(ctx context.Context, r Replier, p Poll) (res reply.Result, items []Item, err error) {
	var errs []error
	question, topic := p.Question, ""
	if p.Address != "" {
		pin, ok, err := s.Pinned(ctx, p.Address, p.Newest)
		errs = append(errs, err)
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
	}
	crisis := false
	if topic != "" || question != p.Question {
		// No pin outweighs a crisis: the newest message still gets the
		// crisis answer (a pin normally ends with it, unless the clocks
		// disagree).
		res, crisis = r.Crisis(p.Question)
	}
	switch {
	case crisis:
		question, topic = p.Question, ""
	case topic != "":
		res = r.SuggestQueries(ctx, []string{topic})
	default:
		res = r.Suggest(ctx, question)
	}
	if question == "" && topic == "" {
		return res, nil, errors.Join(errs...)
	}
	res, err = s.skipUnhelpful(ctx, r, res)
	errs = append(errs, err)

	o := Offer{Alternatives: nextQueries(&res)}
	if res.Outcome == reply.Suggested {
		o.Query, o.Topic = res.Query, Topic(&res) // Items leaves both out of the alternatives
	} else {
		alts := o.Alternatives
		o.Alternatives = alts[:0] // filtered in place: not what was just looked up
		q, t := instant.Normalize(res.Query), instant.Normalize(Topic(&res))
		for _, a := range alts {
			if k := instant.Normalize(a); k != q && k != t {
				o.Alternatives = append(o.Alternatives, a)
			}
		}
	}
	return res, s.Items(p.Address, o), errors.Join(errs...)
}

// skipUnhelpful replaces an answer whose topic was marked not helpful
// for its query with the next best, behind the own answer if one was
// offered. The extra lookups share one budget.
func (s *Service) skipUnhelpful(ctx context.Context, r Replier, res reply.Result) (reply.Result, error) {
	if res.Outcome != reply.Suggested {
		return res, nil
	}
	if bad, err := s.Unhelpful(ctx, res.Query, Topic(&res)); err != nil || !bad {
		return res, err // the usual case: no lookups, no deadline to set up
	}
	first := res
	next, err := s.nextBest(ctx, r, res)
	return r.KeepOwn(first, next), err
}

// nextBest looks for the best answer after res whose topic no operator
// marked not helpful for its query.
func (s *Service) nextBest(ctx context.Context, r Replier, res reply.Result) (reply.Result, error) {
	ctx, cancel := context.WithTimeout(ctx, s.o.Budget)
	defer cancel()
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
		res = r.SuggestQueries(ctx, next[:min(len(next), MaxOptions)])
		if res.Outcome != reply.Suggested {
			return res, nil
		}
		bad, err := s.Unhelpful(ctx, res.Query, Topic(&res))
		if err != nil || !bad {
			return res, err
		}
	}
	return reply.Result{Outcome: reply.NoAnswer, Query: res.Query, Candidates: res.Candidates}, nil
}

// nextQueries returns what could be looked up after res, best first: the
// queries considered after the one used, then the answer's related
// topics. One allocation: it runs on every poll.
func nextQueries(res *reply.Result) []string {
	var rest []string
	for i, q := range res.Candidates {
		if q == res.Query {
			rest = res.Candidates[i+1:]
			break
		}
	}
	n := len(rest)
	if len(res.Answer.RelatedTopics) > 0 {
		n += MaxOptions * 2
	}
	if n == 0 {
		return nil
	}
	return appendRelated(append(make([]string, 0, n), rest...), &res.Answer)
}

// Topic is what a result's answer is about: its heading, or the query.
func Topic(res *reply.Result) string {
	if h := strings.TrimSpace(res.Answer.Heading); h != "" {
		return h
	}
	return res.Query
}

// Related returns the names of an answer's related topics (for a
// disambiguation, its meanings), in order, as DuckDuckGo names their
// pages: each is a query that looks that topic up. Category and
// disambiguation lists are left out.
func Related(a *instant.Answer) []string {
	if len(a.RelatedTopics) == 0 {
		return nil
	}
	return appendRelated(make([]string, 0, MaxOptions*2), a)
}

// appendRelated appends what Related returns to out.
func appendRelated(out []string, a *instant.Answer) []string {
	limit := len(out) + MaxOptions*2
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
