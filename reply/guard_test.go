package reply_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ddgbot/ddgbot/answers"
	"github.com/ddgbot/ddgbot/instant"
	"github.com/ddgbot/ddgbot/query"
	"github.com/ddgbot/ddgbot/reply"
	"github.com/ddgbot/ddgbot/safety"
	"github.com/ddgbot/ddgbot/suggest"
)

// fixedAnswers is an OwnAnswers that always gives one set.
type fixedAnswers struct{ s *answers.Set }

func (f fixedAnswers) Current() *answers.Set { return f.s }

const ownFile = `answers:
  - id: referral
    title: Talk to someone now
    body: Call 0800 000 000, free, day and night.
  - id: malaria-prevention
    title: Preventing malaria
    match: [malaria]
    body: Sleep under a treated net every night.
`

func guarded(t *testing.T, s *searcher, max int, g reply.Guards) *reply.Service {
	t.Helper()
	set, err := answers.Parse("answers.yaml", []byte(ownFile))
	if err != nil {
		t.Fatal(err)
	}
	if g.Answers == nil {
		g.Answers = fixedAnswers{set}
	}
	o := suggest.DefaultOptions()
	o.Max = max
	return reply.New(reply.Options{Searcher: s, Extractor: query.New(nil), Suggest: o, Guards: g})
}

// detector returns the crisis check of the built-in lists.
func detector(t *testing.T) *safety.Detector {
	t.Helper()
	d, err := safety.NewDetector(nil)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// Ensure a crisis message is never looked up and gets only the crisis
// answer, or nothing when none is configured, and is counted.
func TestSuggestCrisis(t *testing.T) {
	t.Parallel()
	for _, answer := range []string{"referral", "", "missing"} {
		t.Run("crisis answer "+answer, func(t *testing.T) {
			t.Parallel()
			s := &searcher{answers: map[string]instant.Answer{"kill myself": malaria, "malaria": malaria}}
			var seen []safety.Crisis
			svc := guarded(t, s, 3, reply.Guards{Crisis: detector(t), CrisisAnswer: answer, OnCrisis: func(c safety.Crisis) { seen = append(seen, c) }})
			res := svc.Answer(pollCtx(t), reply.Poll{Question: "I want to kill myself, malaria"})
			if res.Outcome != reply.Crisis || len(s.lookups) != 0 || len(seen) != 1 || seen[0].Category != "suicidal" || seen[0].Tier != safety.TierCertain {
				t.Fatalf("outcome %q, lookups %q, seen %v", res.Outcome, s.lookups, seen)
			}
			if answer == "referral" {
				if len(res.Suggestions) != 1 || res.Suggestions[0].Title != "Talk to someone now" || res.Suggestions[0].Confidence != 1 {
					t.Fatalf("suggestions %+v", res.Suggestions)
				}
			} else if len(res.Suggestions) != 0 {
				t.Fatalf("suggestions %+v", res.Suggestions)
			}
			card := res.Card()
			if card["Outcome"] != "crisis" || card["Crisis"] != "suicidal" || card["Crisis tier"] != "certain" || card["Crisis language"] != "en" || card["Looked up"] != "" {
				t.Fatalf("card %v", card)
			}
		})
	}
}

// Ensure an own answer comes first with confidence 1.0 and DuckDuckGo
// fills the rest up to suggestions.max.
func TestSuggestOwnAnswerFirst(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name      string
		max       int
		question  string
		lookups   int
		wantTitle []string
	}{
		{"own then DuckDuckGo", 3, "what is malaria?", 1, []string{"Preventing malaria", "Malaria"}},
		{"own only when max is 1", 1, "what is malaria?", 0, []string{"Preventing malaria"}},
		{"DuckDuckGo without a match", 3, "tell me about the flu", 1, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := &searcher{answers: map[string]instant.Answer{"malaria": malaria}}
			res := guarded(t, s, tc.max, reply.Guards{}).Answer(pollCtx(t), reply.Poll{Question: tc.question})
			if len(s.lookups) != tc.lookups {
				t.Fatalf("lookups %q", s.lookups)
			}
			var titles []string
			for _, sg := range res.Suggestions {
				titles = append(titles, sg.Title)
			}
			if strings.Join(titles, "|") != strings.Join(tc.wantTitle, "|") {
				t.Fatalf("titles %q, want %q", titles, tc.wantTitle)
			}
			if len(titles) > 0 {
				if res.Suggestions[0].Confidence != 1 || res.Outcome != reply.Suggested || res.Card()["Own answer"] != "malaria-prevention" {
					t.Fatalf("first %+v, outcome %q, card %v", res.Suggestions[0], res.Outcome, res.Card())
				}
				for _, sg := range res.Suggestions[1:] {
					if sg.Confidence >= 1 {
						t.Fatalf("DuckDuckGo suggestion at %v", sg.Confidence)
					}
				}
			}
		})
	}
}

// Ensure a message polled again, its match remembered, gets the own
// answers of a file reloaded meanwhile: a changed answer, none once its
// entry is gone, and the answer again when it is back.
func TestOwnAnswerAfterReload(t *testing.T) {
	t.Parallel()
	file := filepath.Join(t.TempDir(), "answers.yaml")
	entry := func(id, body string) string {
		return "answers:\n  - id: " + id + "\n    title: Clinic hours\n    match: [clinic hours]\n    body: " + body + "\n"
	}
	write := func(content string) {
		t.Helper()
		if err := os.WriteFile(file, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write(entry("hours", "Open 8 to 5."))
	h, err := answers.Open(file, answers.HolderOptions{})
	if err != nil {
		t.Fatal(err)
	}
	s := &searcher{answers: map[string]instant.Answer{"malaria": malaria}, cached: map[string]bool{"malaria": true}}
	svc := reply.New(reply.Options{Searcher: s, Extractor: query.New(nil), Suggest: suggest.DefaultOptions(),
		Remember: 16, Guards: reply.Guards{Answers: h, Crisis: detector(t)}})
	for _, step := range []struct {
		file, want string // want: the own answer's body, "" for none
	}{
		{"", "Open 8 to 5."},
		{entry("hours", "Open 9 to 4."), "Open 9 to 4."},
		{"answers:\n  - id: other\n    title: Other\n    match: [something else]\n    body: Other.\n", ""},
		{entry("hours", "Open 9 to 4."), "Open 9 to 4."},
	} {
		if step.file != "" {
			write(step.file)
			if err := h.Reload("test"); err != nil {
				t.Fatal(err)
			}
		}
		for range 2 {
			res := svc.Answer(pollCtx(t), reply.Poll{Question: "what are the clinic hours? and malaria"})
			got := ""
			if res.Own != nil {
				got = res.Own.Entry.Body
			}
			if got != step.want {
				t.Fatalf("after %q: own answer %q, want %q", step.file, got, step.want)
			}
		}
	}
}

// Ensure the own answer stands when DuckDuckGo fails.
func TestSuggestOwnAnswerWhenUpstreamFails(t *testing.T) {
	t.Parallel()
	s := &searcher{err: context.DeadlineExceeded}
	res := guarded(t, s, 3, reply.Guards{}).Answer(pollCtx(t), reply.Poll{Question: "malaria"})
	if res.Outcome != reply.Suggested || len(res.Suggestions) != 1 || res.Err == nil {
		t.Fatalf("outcome %q, %d suggestions, err %v", res.Outcome, len(res.Suggestions), res.Err)
	}
}

// Ensure blocked topics and disallowed sources are never offered, and the
// next query is tried instead.
func TestSuggestRules(t *testing.T) {
	t.Parallel()
	dosage := instant.Answer{Type: "A", Heading: "Paracetamol overdose", AbstractText: "Paracetamol overdose is a poisoning.",
		AbstractSource: "Wikipedia", AbstractURL: "https://en.wikipedia.org/wiki/Paracetamol_overdose"}
	blog := instant.Answer{Type: "A", Heading: "Fever", AbstractText: "Fever is when the body is hot.",
		AbstractSource: "Some Blog", AbstractURL: "https://blog.example/fever"}
	for _, tc := range []struct {
		name, question string
		block, allow   []string
		want           reply.Outcome
		filtered       string
	}{
		{"blocked heading", "paracetamol overdose", []string{"overdose"}, nil, reply.NoAnswer, safety.ReasonBlockedTopic},
		{"source not allowed", "fever", nil, []string{"Wikipedia"}, reply.NoAnswer, safety.ReasonSourceNotAllowed},
		{"allowed", "fever", nil, []string{"blog.example"}, reply.Suggested, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rules, err := safety.NewRules(tc.block, tc.allow)
			if err != nil {
				t.Fatal(err)
			}
			var filtered []string
			s := &searcher{answers: map[string]instant.Answer{"paracetamol overdose": dosage, "fever": blog}}
			res := guarded(t, s, 3, reply.Guards{Rules: rules, OnFiltered: func(r string) { filtered = append(filtered, r) }}).Answer(pollCtx(t), reply.Poll{Question: tc.question})
			if res.Outcome != tc.want || res.Filtered != tc.filtered {
				t.Fatalf("outcome %q filtered %q, want %q %q; %+v", res.Outcome, res.Filtered, tc.want, tc.filtered, res.Suggestions)
			}
			if tc.filtered != "" && (len(filtered) == 0 || res.Card()["Topic"] != "" && tc.block != nil) {
				t.Fatalf("observed %q, card %v", filtered, res.Card())
			}
		})
	}
}

// Ensure an own answer found through a corrected spelling keeps what the
// lookups found after it: the query, its corrections, the tries.
func TestSuggestOwnAnswerKeepsLookups(t *testing.T) {
	t.Parallel()
	s := &searcher{answers: map[string]instant.Answer{"malaria": malaria}}
	res := guarded(t, s, 3, reply.Guards{}).Answer(pollCtx(t), reply.Poll{Question: "wat is malria?"})
	if res.Own == nil || res.Own.Entry.ID != "malaria-prevention" || len(res.Suggestions) != 2 {
		t.Fatalf("own %+v, %d suggestions", res.Own, len(res.Suggestions))
	}
	if res.Query != "malaria" || len(res.Corrections) == 0 || len(res.Tried) == 0 || len(res.Candidates) == 0 {
		t.Fatalf("query %q, corrections %v, %d tries, candidates %q", res.Query, res.Corrections, len(res.Tried), res.Candidates)
	}
}

// Ensure an unsure crisis message gets the referral first and, when
// another sentence asks something unrelated, that question's suggestions
// after it, while nothing of the risky sentence is looked up; without an
// unrelated question it gets the referral alone.
func TestSuggestUnsureCrisis(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, question string
		wantSugg       int
	}{
		{"unrelated question after", "lately i feel suicidal. what is malaria?", 2},
		{"risky words alone", "lately i feel suicidal", 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := &searcher{answers: map[string]instant.Answer{"malaria": malaria}}
			var seen []safety.Crisis
			svc := guarded(t, s, 3, reply.Guards{Crisis: detector(t), CrisisAnswer: "referral", OnCrisis: func(c safety.Crisis) { seen = append(seen, c) }})
			res := svc.Answer(pollCtx(t), reply.Poll{Question: tc.question})
			if res.Outcome != reply.Crisis || len(seen) != 1 || seen[0].Tier != safety.TierUnsure {
				t.Fatalf("outcome %q, seen %v", res.Outcome, seen)
			}
			if len(res.Suggestions) != tc.wantSugg || res.Suggestions[0].Title != "Talk to someone now" {
				t.Fatalf("suggestions %+v", res.Suggestions)
			}
			for _, q := range s.lookups {
				if strings.Contains(q, "suicid") || strings.Contains(q, "feel") || strings.Contains(q, "lately") {
					t.Fatalf("looked up %q", q)
				}
			}
		})
	}
}

// typical are messages as a help line gets them, crisis messages among
// them.
var typical = []string{
	"Hi, what is malaria?",
	"my son has astma what must i do",
	"mere bete ko typhoid hai kya karu",
	"Habari daktari, mtoto ana homa",
	"My 6 year old has had mumps for 4 days, when can she go back to school?",
	"Hello doctor, I hope you are well. My son who is 9 years old has been scratching his skin every night for two weeks and now his sister also started. The nurse at the clinic said it might be scabies. What should we do?",
	"ok thanks",
	"i keep thinking everyone would be better off without me",
	"ngifuna ukuzibulala",
	"meu marido me bate todo dia e não me deixa sair de casa",
}

// BenchmarkCrisisAndCandidates measures what a question costs before any
// lookup: the crisis check and query extraction together (the budget:
// under 200 µs a typical message).
func BenchmarkCrisisAndCandidates(b *testing.B) {
	e := query.New(nil)
	d, err := safety.New(safety.Options{Reader: e}) // as the service builds it
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		msg := typical[i%len(typical)]
		if _, ok := d.Detect(msg); !ok {
			e.Candidates(msg)
		}
	}
}
