package reply_test

import (
	"context"
	"errors"
	"maps"
	"slices"
	"sync"
	"testing"

	"github.com/ddgbot/ddgbot/instant"
	"github.com/ddgbot/ddgbot/query"
	"github.com/ddgbot/ddgbot/reply"
	"github.com/ddgbot/ddgbot/suggest"
)

// searcher answers from a map; a query that is not there fails with err
// (or gives an empty answer when err is nil). cached lists the queries
// answered without a lookup.
type searcher struct {
	answers map[string]instant.Answer
	cached  map[string]bool
	err     error
	mu      sync.Mutex
	lookups []string
}

func (s *searcher) Cached(q string) (instant.Answer, bool) {
	if !s.cached[q] {
		return instant.Answer{}, false
	}
	return s.answers[q], true
}

func (s *searcher) Lookup(ctx context.Context, q string) (instant.Answer, error) {
	s.mu.Lock()
	s.lookups = append(s.lookups, q)
	s.mu.Unlock()
	if _, ok := ctx.Deadline(); !ok {
		return instant.Answer{}, errors.New("lookup without a deadline")
	}
	if a, ok := s.answers[q]; ok {
		return a, nil
	}
	return instant.Answer{}, s.err
}

var malaria = instant.Answer{Type: "A", Heading: "Malaria",
	AbstractText:   "Malaria is a mosquito-borne infectious disease. It is common in the tropics.",
	AbstractSource: "Wikipedia", AbstractURL: "https://en.wikipedia.org/wiki/Malaria"}

// Ensure each kind of question ends in the right outcome, and that
// cached answers cost no lookup.
func TestSuggest(t *testing.T) {
	t.Parallel()
	boom := errors.New("boom")
	tests := []struct {
		name        string
		question    string
		s           searcher
		want        reply.Outcome
		wantQuery   string
		wantLookups int
		wantErr     error
	}{
		{name: "empty", question: "", want: reply.NoQuestion},
		{name: "chit-chat", question: "thanks", want: reply.ChitChat},
		{name: "looked up", question: "what is malaria?", s: searcher{answers: map[string]instant.Answer{"malaria": malaria}},
			want: reply.Suggested, wantQuery: "malaria", wantLookups: 1},
		{name: "cached", question: "what is malaria?", s: searcher{answers: map[string]instant.Answer{"malaria": malaria}, cached: map[string]bool{"malaria": true}},
			want: reply.Suggested, wantQuery: "malaria"},
		{name: "nothing known", question: "what is malaria?", want: reply.NoAnswer, wantQuery: "malaria", wantLookups: 1},
		{name: "lookup fails", question: "what is malaria?", s: searcher{err: boom}, want: reply.Unavailable, wantQuery: "malaria", wantLookups: 1, wantErr: boom},
	}
	for i := range tests {
		tt := &tests[i]
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			svc := reply.New(reply.Options{Searcher: &tt.s, Extractor: query.New(nil), Suggest: suggest.DefaultOptions()})
			res := svc.Answer(pollCtx(t), reply.Poll{Question: tt.question})
			if res.Outcome != tt.want || res.Query != tt.wantQuery || !errors.Is(res.Err, tt.wantErr) {
				t.Fatalf("got outcome %q query %q err %v, want %q %q %v", res.Outcome, res.Query, res.Err, tt.want, tt.wantQuery, tt.wantErr)
			}
			if len(tt.s.lookups) != tt.wantLookups {
				t.Fatalf("lookups %q, want %d", tt.s.lookups, tt.wantLookups)
			}
			if (res.Outcome == reply.Suggested) != (len(res.Suggestions) > 0) {
				t.Fatalf("outcome %q with %d suggestions", res.Outcome, len(res.Suggestions))
			}
			if card := res.Card(); card["Outcome"] != string(tt.want) {
				t.Fatalf("card %v", card)
			}
		})
	}
}

// Ensure the sidebar card shows upstream text and links as the suggestions
// do: cleaned, and only links a suggestion would offer.
func TestCard(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		answer instant.Answer
		want   map[string]string
	}{
		{
			name:   "clean answer as it is",
			answer: malaria,
			want:   map[string]string{"Topic": "Malaria", "Source": "Wikipedia", "Link": "https://en.wikipedia.org/wiki/Malaria"},
		},
		{
			name: "markup, entities and invalid UTF-8 cleaned",
			answer: instant.Answer{Heading: "<b>Malaria</b> &amp; <i>Plasmodium</i>\ufffd", AbstractSource: "<a href=\"x\">Wiki*pedia*</a>",
				AbstractURL: "https://en.wikipedia.org/wiki/Malaria"},
			want: map[string]string{"Topic": "Malaria & Plasmodium", "Source": "Wiki∗pedia∗", "Link": "https://en.wikipedia.org/wiki/Malaria"},
		},
		{
			name:   "script link dropped",
			answer: instant.Answer{Heading: "Malaria", AbstractURL: "javascript:alert(1)"},
			want:   map[string]string{"Topic": "Malaria"},
		},
		{
			name:   "link with a user part dropped",
			answer: instant.Answer{Heading: "Malaria", AbstractURL: "https://en.wikipedia.org@evil.example/login"},
			want:   map[string]string{"Topic": "Malaria"},
		},
		{
			name:   "markup alone leaves no topic",
			answer: instant.Answer{Heading: "<br/>", AbstractSource: " "},
			want:   map[string]string{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := reply.Result{Outcome: reply.Suggested, Query: "malaria", Answer: tt.answer}
			card := r.Card()
			want := map[string]string{"Outcome": "suggested", "Looked up": "malaria"}
			maps.Copy(want, tt.want)
			if !maps.Equal(card, want) {
				t.Fatalf("card %q, want %q", card, want)
			}
		})
	}
}

func article(title string) instant.Answer {
	return instant.Answer{Type: "A", Heading: title,
		AbstractText:   title + " is the subject of an encyclopedia article that is long enough to offer.",
		AbstractSource: "Wikipedia", AbstractURL: "https://en.wikipedia.org/wiki/" + title}
}

// Ensure the best candidates are looked up at once (at most three new
// lookups), the best answer is offered, and the card shows the correction.
func TestSuggestCandidates(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		question    string
		answers     map[string]instant.Answer
		cached      []string
		wantQuery   string
		wantLookups []string
		wantCard    string
	}{
		{name: "typo corrected", question: "my son has astma",
			answers:   map[string]instant.Answer{"asthma": article("Asthma"), "astma": article("Astma")},
			wantQuery: "asthma", wantLookups: []string{"asthma", "astma"}, wantCard: "asthma (astma → asthma)"},
		{name: "best candidate wins over a later one", question: "3 weeks of cough and now the doctor says bronchitis",
			answers:   map[string]instant.Answer{"cough": article("Cough"), "bronchitis": article("Bronchitis")},
			wantQuery: "bronchitis", wantLookups: []string{"bronchitis", "cough", "says bronchitis"}, wantCard: "bronchitis"},
		{name: "later candidate when the best is empty", question: "heart attack symptoms",
			answers:   map[string]instant.Answer{"heart attack": article("Myocardial infarction")},
			wantQuery: "heart attack", wantLookups: []string{"heart attack symptoms", "heart attack"}, wantCard: "heart attack"},
		{name: "cached best needs no lookup", question: "3 weeks of cough and now the doctor says bronchitis",
			answers: map[string]instant.Answer{"bronchitis": article("Bronchitis")}, cached: []string{"bronchitis"},
			wantQuery: "bronchitis", wantCard: "bronchitis"},
		{name: "article before disambiguation", question: "3 weeks of cough and now the doctor says bronchitis",
			answers: map[string]instant.Answer{"bronchitis": {Type: "D", Heading: "Bronchitis", RelatedTopics: []instant.Topic{
				{Text: "Bronchitis (band), a band that plays loud music in small towns", FirstURL: "https://duckduckgo.com/Bronchitis_(band)"}}},
				"cough": article("Cough")},
			wantQuery: "cough", wantLookups: []string{"bronchitis", "cough", "says bronchitis"}, wantCard: "cough"},
		{name: "composed compound without an article falls back to its subject", question: "onde tomar a vacina da febre amarela",
			answers:   map[string]instant.Answer{"yellow fever": article("Yellow fever"), "vaccine": article("Vaccine")},
			wantQuery: "yellow fever", wantLookups: []string{"yellow fever vaccine", "yellow fever"}, wantCard: "yellow fever (febre amarela → yellow fever)"},
		{name: "composed compound with an article stays first", question: "onde tomar a vacina da febre amarela",
			answers:   map[string]instant.Answer{"yellow fever vaccine": article("Yellow fever vaccine"), "yellow fever": article("Yellow fever")},
			wantQuery: "yellow fever vaccine", wantLookups: []string{"yellow fever vaccine", "yellow fever"}, wantCard: "yellow fever vaccine (vacina da febre amarela → yellow fever vaccine)"},
		{name: "composed compound falls back to its head, not its modifier", question: "fertilizante para maíz cual es mejor",
			answers:   map[string]instant.Answer{"fertilizer": article("Fertilizer"), "maize": article("Maize")},
			wantQuery: "fertilizer", wantLookups: []string{"maize fertilizer", "fertilizer"}, wantCard: "fertilizer (fertilizante → fertilizer)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := &searcher{answers: tt.answers, cached: map[string]bool{}}
			for _, q := range tt.cached {
				s.cached[q] = true
			}
			svc := reply.New(reply.Options{Searcher: s, Extractor: query.New(nil), Suggest: suggest.DefaultOptions()})
			res := svc.Answer(pollCtx(t), reply.Poll{Question: tt.question})
			if res.Outcome != reply.Suggested || res.Query != tt.wantQuery {
				t.Fatalf("got %q %q (tried %+v), want suggested %q", res.Outcome, res.Query, res.Tried, tt.wantQuery)
			}
			slices.Sort(s.lookups)
			slices.Sort(tt.wantLookups)
			if !slices.Equal(s.lookups, tt.wantLookups) {
				t.Errorf("lookups %q, want %q", s.lookups, tt.wantLookups)
			}
			if got := res.Card()["Looked up"]; got != tt.wantCard {
				t.Errorf("card Looked up %q, want %q", got, tt.wantCard)
			}
		})
	}
}

// Ensure no question costs more than three upstream lookups, however many
// candidates it has.
func TestSuggestLookupBound(t *testing.T) {
	t.Parallel()
	s := &searcher{}
	svc := reply.New(reply.Options{Searcher: s, Extractor: query.New(nil), Suggest: suggest.DefaultOptions()})
	res := svc.Answer(pollCtx(t), reply.Poll{Question: "meningococcal meningitis vaccine and cervical cancer screening with hepatitis B"})
	if len(s.lookups) != 3 || res.Outcome != reply.NoAnswer {
		t.Fatalf("outcome %q after lookups %q, want no_answer after 3", res.Outcome, s.lookups)
	}
	skipped := 0
	for _, tr := range res.Tried {
		if tr.Skipped {
			skipped++
		}
	}
	if skipped == 0 {
		t.Errorf("tried %+v: want candidates skipped beyond the bound", res.Tried)
	}
}

// barrier is a searcher whose lookups each wait until n of them have
// started, or until their context ends: lookups made one after the other
// could never all start.
type barrier struct {
	mu  sync.Mutex
	n   int
	all chan struct{}
}

func (b *barrier) Cached(string) (instant.Answer, bool) { return instant.Answer{}, false }

func (b *barrier) Lookup(ctx context.Context, q string) (instant.Answer, error) {
	b.mu.Lock()
	if b.n--; b.n == 0 {
		close(b.all)
	}
	b.mu.Unlock()
	select {
	case <-b.all:
		return article(q), nil
	case <-ctx.Done():
		return instant.Answer{}, ctx.Err()
	}
}

// Ensure a question's lookups run at the same time, so that three slow
// ones cost the time of one.
func TestSuggestLookupsAtOnce(t *testing.T) {
	t.Parallel()
	b := &barrier{n: 3, all: make(chan struct{})}
	svc := reply.New(reply.Options{Searcher: b, Extractor: query.New(nil), Suggest: suggest.DefaultOptions()})
	res := svc.Answer(pollCtx(t), reply.Poll{Question: "meningococcal meningitis vaccine and cervical cancer screening with hepatitis B"})
	looked := 0
	for _, tr := range res.Tried {
		if !tr.Cached && !tr.Skipped {
			looked++
			if tr.Err != nil {
				t.Errorf("lookup of %q: %v", tr.Candidate.Query, tr.Err)
			}
		}
	}
	if looked != 3 || res.Outcome != reply.Suggested {
		t.Fatalf("outcome %q after %d lookups, want suggested after 3", res.Outcome, looked)
	}
}
