package reply_test

import (
	"reflect"
	"slices"
	"testing"

	"github.com/ddgbot/ddgbot/instant"
	"github.com/ddgbot/ddgbot/query"
	"github.com/ddgbot/ddgbot/reply"
	"github.com/ddgbot/ddgbot/suggest"
)

// Ensure chosen queries are looked up as candidates (in parallel, so each
// at most once and in any order), the best that answers wins, and the
// result names every query considered.
func TestSuggestQueries(t *testing.T) {
	t.Parallel()
	s := &searcher{answers: map[string]instant.Answer{"malaria": malaria}}
	svc := reply.New(reply.Options{Searcher: s, Extractor: query.New(nil), Suggest: suggest.DefaultOptions()})
	res := svc.Queries(pollCtx(t), []string{"unknown thing", "malaria", "never asked"})
	looked := slices.Sorted(slices.Values(s.lookups))
	if res.Outcome != reply.Suggested || res.Query != "malaria" || !reflect.DeepEqual(looked, []string{"malaria", "never asked", "unknown thing"}) {
		t.Fatalf("got %q %q after %q", res.Outcome, res.Query, s.lookups)
	}
	if want := []string{"unknown thing", "malaria", "never asked"}; !reflect.DeepEqual(res.Candidates, want) {
		t.Fatalf("candidates %q", res.Candidates)
	}
	if res := svc.Queries(pollCtx(t), nil); res.Outcome != reply.NoQuestion {
		t.Fatalf("no queries: %q", res.Outcome)
	}
	if res := svc.Answer(pollCtx(t), reply.Poll{Question: "tell me about the rust programming language"}); len(res.Candidates) < 2 {
		t.Fatalf("Suggest candidates %q", res.Candidates)
	}
}
