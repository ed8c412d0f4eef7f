package reply_test

import (
	"slices"
	"testing"

	"github.com/ddgbot/ddgbot/instant"
	"github.com/ddgbot/ddgbot/query"
	"github.com/ddgbot/ddgbot/reply"
	"github.com/ddgbot/ddgbot/suggest"
)

// fixedQueries is an Extractor that reads every message into the same
// candidate queries: what an extraction might make of a disclosure the
// crisis check missed.
type fixedQueries struct {
	*query.Extractor
	queries []string
}

func (f fixedQueries) Candidates(string) []query.Candidate {
	var out []query.Candidate
	for _, q := range f.queries {
		out = append(out, query.Candidate{Query: q})
	}
	return out
}

// Ensure no query the crisis lists read as risky is looked up, whatever
// the message it came from and in every language, while the harmless
// queries beside it still are.
func TestRiskyQueriesNeverLookedUp(t *testing.T) {
	t.Parallel()
	tests := []struct {
		queries []string
		want    []string // looked up
	}{
		{[]string{"kill myself", "malaria"}, []string{"malaria"}},
		{[]string{"slap me", "stab arm"}, nil},
		{[]string{"quero me matar", "dengue"}, []string{"dengue"}},
		{[]string{"nataka kujiua"}, nil},
		{[]string{"ngifuna ukuzibulala", "malaria"}, []string{"malaria"}},
		{[]string{"mujhe marna hai"}, nil},
		{[]string{"domestic violence", "heart attack"}, []string{"domestic violence", "heart attack"}},
	}
	for _, remember := range []int{0, 16} {
		for _, tt := range tests {
			s := &searcher{answers: map[string]instant.Answer{}}
			o := suggest.DefaultOptions()
			svc := reply.New(reply.Options{Searcher: s, Extractor: fixedQueries{query.New(nil), tt.queries}, Suggest: o,
				Remember: remember, Guards: reply.Guards{Crisis: detector(t)}})
			svc.Answer(pollCtx(t), reply.Poll{Question: "a message the crisis check misses"})
			slices.Sort(s.lookups)
			if !slices.Equal(s.lookups, tt.want) {
				t.Errorf("remember %d, queries %q: looked up %q, want %q", remember, tt.queries, s.lookups, tt.want)
			}
		}
	}
}
