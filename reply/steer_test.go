package reply_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/ddgbot/ddgbot/actions"
	"github.com/ddgbot/ddgbot/answers"
	"github.com/ddgbot/ddgbot/instant"
	"github.com/ddgbot/ddgbot/query"
	"github.com/ddgbot/ddgbot/reply"
	"github.com/ddgbot/ddgbot/safety"
	"github.com/ddgbot/ddgbot/store"
	"github.com/ddgbot/ddgbot/suggest"
)

// cachedSearcher answers from recorded answers, all as cache hits, and
// counts what it was asked.
type cachedSearcher struct {
	answers map[string]instant.Answer
	asked   []string
}

func (s *cachedSearcher) Cached(q string) (instant.Answer, bool) {
	s.asked = append(s.asked, q)
	return s.answers[strings.ToLower(q)], true
}

func (s *cachedSearcher) Lookup(context.Context, string) (instant.Answer, error) {
	return instant.Answer{}, errors.New("not cached")
}

func recorded(t *testing.T, name string) instant.Answer {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", "ddg", name))
	if err != nil {
		t.Fatal(err)
	}
	a, err := instant.Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// failingStore is a store in memory that can be told to fail reads.
type failingStore struct {
	actions.Store
	fail error
}

func (f *failingStore) Get(ctx context.Context, key string) ([]byte, bool, error) {
	if f.fail != nil {
		return nil, false, f.fail
	}
	return f.Store.Get(ctx, key)
}

// fixedClock is the steering state's time.
type fixedClock struct{ t time.Time }

func (c fixedClock) Now() time.Time { return c.t }

// newService is the steering state in memory, on a fixed clock.
func newService(t *testing.T) (*actions.Service, *failingStore, fixedClock) {
	t.Helper()
	c := fixedClock{time.Unix(1_800_000_000, 0)}
	st := &failingStore{Store: store.NewMemory(0)}
	return actions.New(st, actions.Options{Key: actions.Key("secret", "token"), Now: c.Now}), st, c
}

const addr = "+27820001001"

// options returns the "other topics" submenu as key → label.
func options(t *testing.T, items []actions.Item) map[string]string {
	t.Helper()
	m := map[string]string{}
	for _, o := range item(t, items, actions.OtherTopics).Options {
		if _, dup := m[o.Key]; dup {
			t.Fatalf("option %q twice", o.Key)
		}
		m[o.Key] = o.Label
	}
	return m
}

func item(t *testing.T, items []actions.Item, id string) actions.Item {
	t.Helper()
	for _, it := range items {
		if it.ID == id {
			return it
		}
	}
	t.Fatalf("no %s among %+v", id, items)
	return actions.Item{}
}

func ids(items []actions.Item) []string {
	var out []string
	for _, it := range items {
		out = append(out, it.ID)
	}
	return out
}

func callback(it actions.Item, option, message string) actions.Callback {
	return actions.Callback{Address: addr, Option: option, Payload: it.Payload, Message: message}
}

// answer answers a poll and returns what the handler sends: the result,
// its menu, and the steering error it logs.
func answer(ctx context.Context, r *reply.Service, p reply.Poll) (reply.Result, []actions.Item, error) {
	res := r.Answer(ctx, p)
	return res, res.Menu, res.StateErr
}

// newReplier is the real use case over recorded answers: "reddit", its
// first related topic "Baidu Tieba" (answered with the DuckDuckGo article)
// and the disambiguation "eur", steered by st.
func newReplier(t *testing.T, st reply.Steering) (*reply.Service, *cachedSearcher) {
	t.Helper()
	s := &cachedSearcher{answers: map[string]instant.Answer{
		"reddit":      recorded(t, "article-reddit.json"),
		"baidu tieba": recorded(t, "article-duckduckgo.json"),
		"eur":         recorded(t, "disambiguation-eur.json"),
	}}
	return reply.New(reply.Options{Searcher: s, Extractor: query.New(nil), Suggest: suggest.DefaultOptions(),
		Guards: reply.Guards{Crisis: detector(t)}, Steering: st}), s
}

func poll(question string, newest int64, inbound ...string) reply.Poll {
	return reply.Poll{Address: addr, Question: question, Newest: newest, Inbound: func() []string { return inbound }}
}

// Ensure a poll without steering gets the plain answer and the full menu:
// other topics from the answer's related topics, not helpful for what was
// suggested.
func TestReplyPlain(t *testing.T) {
	t.Parallel()
	s, _, _ := newService(t)
	r, _ := newReplier(t, s)
	res, items, err := answer(pollCtx(t), r, poll("what is reddit?", 0))
	if err != nil || res.Outcome != reply.Suggested || res.Query != "reddit" {
		t.Fatalf("res %+v %v", res, err)
	}
	if got := strings.Join(ids(items), " "); got != actions.ThisMessage+" "+actions.OtherTopics+" "+actions.NotHelpful {
		t.Fatalf("items %s", got)
	}
	opts := options(t, items)
	if opts["1"] != "Baidu Tieba" || opts["2"] != "Delicious (website)" || len(opts) != actions.MaxOptions {
		t.Fatalf("options %q", opts)
	}
	if res, items, _ := answer(pollCtx(t), r, poll("", 0)); res.Outcome != reply.NoQuestion || items != nil {
		t.Fatalf("no question: %+v %v", res, items)
	}
}

// Ensure a pinned message is answered instead of the newest one while the
// pin lasts and is still in the poll, and a newer message ends the pin.
func TestReplyPinnedMessage(t *testing.T) {
	t.Parallel()
	s, _, c := newService(t)
	r, _ := newReplier(t, s)
	ctx := pollCtx(t)
	items := s.Items(addr, actions.Offer{})
	if _, err := s.Apply(ctx, callback(item(t, items, actions.ThisMessage), "", "what is eur")); err != nil {
		t.Fatal(err)
	}
	before := c.Now().Unix() - 60
	res, _, err := answer(ctx, r, poll("what is reddit?", before, "what is reddit?", "what is eur"))
	if err != nil || res.Query != "eur" {
		t.Fatalf("pinned: %+v %v", res, err)
	}
	if res, _, _ := answer(ctx, r, poll("what is reddit?", before, "what is reddit?")); res.Query != "reddit" {
		t.Fatalf("pinned message gone from the poll: %+v", res)
	}
	if res, _, _ := answer(ctx, r, poll("what is reddit?", c.Now().Unix()+1, "what is reddit?", "what is eur")); res.Query != "reddit" {
		t.Fatalf("after a newer message: %+v", res)
	}
	if res, _, _ := answer(ctx, r, poll("what is reddit?", before, "what is reddit?", "what is eur")); res.Query != "reddit" {
		t.Fatalf("pin came back: %+v", res)
	}
}

// Ensure a topic chosen under "other topics" is looked up for the
// conversation instead of its question.
func TestReplyPinnedTopic(t *testing.T) {
	t.Parallel()
	s, _, _ := newService(t)
	r, _ := newReplier(t, s)
	ctx := pollCtx(t)
	_, items, _ := answer(ctx, r, poll("what is reddit?", 0))
	if _, err := s.Apply(ctx, callback(item(t, items, actions.OtherTopics), "1", "")); err != nil {
		t.Fatal(err)
	}
	res, items, err := answer(ctx, r, poll("what is reddit?", 0))
	if err != nil || res.Query != "Baidu Tieba" || res.Topic() != "DuckDuckGo" {
		t.Fatalf("res %+v %v", res, err)
	}
	if item(t, items, actions.NotHelpful).Payload == nil {
		t.Fatal("no not-helpful for the pinned topic")
	}
}

// Ensure "not helpful" stops the pair being offered, gives the next best,
// and gives nothing when there is no next best.
func TestReplyNotHelpful(t *testing.T) {
	t.Parallel()
	s, _, _ := newService(t)
	r, search := newReplier(t, s)
	ctx := pollCtx(t)
	_, items, _ := answer(ctx, r, poll("what is reddit?", 0))
	if _, err := s.Apply(ctx, callback(item(t, items, actions.NotHelpful), "", "")); err != nil {
		t.Fatal(err)
	}
	res, items, err := answer(ctx, r, poll("what is reddit?", 0))
	if err != nil || res.Outcome != reply.Suggested || res.Query != "Baidu Tieba" {
		t.Fatalf("next best: %+v %v", res, err)
	}
	for _, sg := range res.Suggestions {
		if strings.Contains(sg.Body, "Reddit") {
			t.Fatalf("unhelpful topic offered again: %q", sg.Body)
		}
	}
	// And the next best judged not helpful too: the other related topics
	// have no answer here, so nothing is offered.
	if _, err := s.Apply(ctx, callback(item(t, items, actions.NotHelpful), "", "")); err != nil {
		t.Fatal(err)
	}
	search.asked = nil
	res, items, _ = answer(ctx, r, poll("what is reddit?", 0))
	if res.Outcome != reply.NoAnswer || len(res.Suggestions) != 0 {
		t.Fatalf("after both: %+v", res)
	}
	if got := strings.Join(ids(items), " "); strings.Contains(got, actions.NotHelpful) {
		t.Fatalf("items %s", got)
	}
	if len(search.asked) > 1+actions.MaxOptions*3 {
		t.Fatalf("%d lookups for one poll", len(search.asked))
	}
}

type ownAnswers struct{ s *answers.Set }

func (o ownAnswers) Current() *answers.Set { return o.s }

// Ensure "not helpful" on DuckDuckGo's topic replaces only DuckDuckGo's
// suggestions: the help line's own answer stays first.
func TestReplyNotHelpfulKeepsOwnAnswer(t *testing.T) {
	t.Parallel()
	s, _, _ := newService(t)
	_, search := newReplier(t, s)
	set, err := answers.Parse("answers.yaml", []byte(`answers:
  - id: forums
    title: Our forum
    body: Ask on our own forum, it is moderated by nurses.
    match: ["reddit"]
`))
	if err != nil {
		t.Fatal(err)
	}
	r := reply.New(reply.Options{Searcher: search, Extractor: query.New(nil), Suggest: suggest.DefaultOptions(),
		Guards: reply.Guards{Answers: ownAnswers{set}}, Steering: s})
	ctx := pollCtx(t)
	_, items, _ := answer(ctx, r, poll("what is reddit?", 0))
	if _, err := s.Apply(ctx, callback(item(t, items, actions.NotHelpful), "", "")); err != nil {
		t.Fatal(err)
	}
	res, _, err := answer(ctx, r, poll("what is reddit?", 0))
	if err != nil || res.Outcome != reply.Suggested || res.Own == nil || len(res.Suggestions) < 2 ||
		res.Suggestions[0].Title != "Our forum" || res.Query != "Baidu Tieba" {
		t.Fatalf("after not helpful: %+v %v", res, err)
	}
	if n, max := len(res.Suggestions), suggest.DefaultOptions().Max; n > max {
		t.Fatalf("%d suggestions, max %d", n, max)
	}
}

// Ensure a failing store leaves polls answered as if nothing was steered.
func TestReplyStoreFailure(t *testing.T) {
	t.Parallel()
	s, st, _ := newService(t)
	r, _ := newReplier(t, s)
	st.fail = errors.New("down")
	res, items, err := answer(pollCtx(t), r, poll("what is reddit?", 0))
	if err == nil || res.Query != "reddit" || len(items) != 3 {
		t.Fatalf("res %+v items %d err %v", res, len(items), err)
	}
}

// Ensure a question answered only by a disambiguation ddgbot does not
// offer for one word still gets its meanings under "other topics".
func TestReplyDisambiguationOffersTopics(t *testing.T) {
	t.Parallel()
	s, _, _ := newService(t)
	r, _ := newReplier(t, s)
	res, items, _ := answer(pollCtx(t), r, poll("what is eur", 0))
	if res.Outcome != reply.NoAnswer {
		t.Fatalf("outcome %q", res.Outcome)
	}
	if got := strings.Join(ids(items), " "); got != actions.ThisMessage+" "+actions.OtherTopics {
		t.Fatalf("items %s", got)
	}
	if opts := options(t, items); opts["1"] != "Euro" || opts["4"] != "EUR, Rome" {
		t.Fatalf("options %q", opts)
	}
}

// Ensure no pin outweighs a crisis: a crisis message that does not end
// the pin (its timestamp is not after it, as when clocks disagree) still
// gets the crisis outcome, and nothing is looked up for the pin.
func TestReplyCrisisOverridesPin(t *testing.T) {
	t.Parallel()
	s, _, c := newService(t)
	r, search := newReplier(t, s)
	ctx := pollCtx(t)
	_, items, _ := answer(ctx, r, poll("what is reddit?", 0))
	pins := map[string]actions.Callback{
		"message": callback(item(t, items, actions.ThisMessage), "", "what is reddit?"),
		"topic":   callback(item(t, items, actions.OtherTopics), "1", ""),
	}
	for kind, cb := range pins {
		if _, err := s.Apply(ctx, cb); err != nil {
			t.Fatal(err)
		}
		search.asked = nil
		res, _, _ := answer(ctx, r, poll("I want to kill myself", c.Now().Unix()-5, "I want to kill myself", "what is reddit?"))
		if res.Outcome != reply.Crisis || len(search.asked) != 0 {
			t.Fatalf("%s pinned: outcome %q after asking %q", kind, res.Outcome, search.asked)
		}
		if res, _, _ := answer(ctx, r, poll("thanks", c.Now().Unix()-5, "thanks", "what is reddit?")); res.Outcome != reply.Suggested {
			t.Fatalf("%s pinned: pin lost after the crisis check: %q", kind, res.Outcome)
		}
	}
}

// Ensure "other topics" never lists a topic the safety rules block: the
// rules filter the answer before its related topics are read.
func TestReplyOtherTopicsFollowRules(t *testing.T) {
	t.Parallel()
	s, _, _ := newService(t)
	_, search := newReplier(t, s)
	rules, err := safety.NewRules([]string{"baidu"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	r := reply.New(reply.Options{Searcher: search, Extractor: query.New(nil), Suggest: suggest.DefaultOptions(),
		Guards: reply.Guards{Rules: rules}, Steering: s})
	_, items, _ := answer(pollCtx(t), r, poll("what is reddit?", 0))
	opts := options(t, items)
	for _, label := range opts {
		if strings.Contains(strings.ToLower(label), "baidu") {
			t.Fatalf("blocked topic offered: %q", opts)
		}
	}
	if opts["1"] != "Delicious (website)" {
		t.Fatalf("options %q", opts)
	}
}

// Ensure "other topics" never offers what was just looked up or found,
// whatever its case or spacing, whether or not it was suggested.
func TestReplyOtherTopicsLeaveOutTheQuery(t *testing.T) {
	t.Parallel()
	related := func(names ...string) []instant.Topic {
		var ts []instant.Topic
		for _, n := range names {
			ts = append(ts, instant.Topic{FirstURL: "https://duckduckgo.com/" + n, Text: n + " - a topic", Result: n})
		}
		return ts
	}
	tests := []struct {
		name     string
		question string
		answer   instant.Answer
		outcome  reply.Outcome
		want     map[string]string
	}{
		{"suggested", "what is reddit?", instant.Answer{Type: "A", Heading: "Reddit Inc",
			AbstractText: "Reddit is a website.", AbstractURL: "https://en.wikipedia.org/wiki/Reddit",
			RelatedTopics: related("Reddit", "REDDIT_INC", "Digg", "reddit")},
			reply.Suggested, map[string]string{"1": "Digg"}},
		{"not suggested", "what is eur", instant.Answer{Type: "D", Heading: "EUR Rome",
			RelatedTopics: related("Eur", "Euro", "eur_rome", "Euro_(disambiguation)")},
			reply.NoAnswer, map[string]string{"1": "Euro", "2": "Euro (disambiguation)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, _, _ := newService(t)
			q := strings.TrimSuffix(strings.TrimPrefix(tt.question, "what is "), "?")
			r := reply.New(reply.Options{Searcher: &cachedSearcher{answers: map[string]instant.Answer{q: tt.answer}},
				Extractor: query.New(nil), Suggest: suggest.DefaultOptions(), Steering: s})
			res, items, err := answer(pollCtx(t), r, poll(tt.question, 0))
			if err != nil || res.Outcome != tt.outcome || res.Query != q {
				t.Fatalf("outcome %q for %q, want %q for %q (%v)", res.Outcome, res.Query, tt.outcome, q, err)
			}
			if got := options(t, items); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("options %q, want %q", got, tt.want)
			}
		})
	}
}
