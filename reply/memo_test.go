package reply

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ddgbot/ddgbot/answers"
	"github.com/ddgbot/ddgbot/instant"
	"github.com/ddgbot/ddgbot/query"
	"github.com/ddgbot/ddgbot/safety"
	"github.com/ddgbot/ddgbot/suggest"
)

// countingExtractor counts the messages it is asked about.
type countingExtractor struct {
	mu         sync.Mutex
	calls      map[string]int
	understood map[string]int
	e          *query.Extractor
}

func (c *countingExtractor) Candidates(text string) []query.Candidate {
	c.mu.Lock()
	c.calls[text]++
	c.mu.Unlock()
	return c.e.Candidates(text)
}

func (c *countingExtractor) Understand(text string) query.Understanding {
	c.mu.Lock()
	if c.understood == nil {
		c.understood = map[string]int{}
	}
	c.understood[text]++
	c.mu.Unlock()
	return c.e.Understand(text)
}

func (c *countingExtractor) Heard(word string) int { return c.e.Heard(word) }

// Ensure a remembered message gives what the extractor and detector
// give, works each out once, and that long messages and a full memory
// fall back to working them out again.
func TestRemembered(t *testing.T) {
	t.Parallel()
	ce := &countingExtractor{calls: map[string]int{}, e: query.New(nil)}
	det, err := safety.NewDetector(nil)
	if err != nil {
		t.Fatal(err)
	}
	r := newRemembered(ce, det, 2)
	long := strings.Repeat("my child has a fever and a cough ", 40) + "what is malaria"
	for _, text := range []string{"what is malaria?", "I want to kill myself", "hello", long} {
		want := ce.e.Candidates(text)
		wantCrisis, wantOK := det.Detect(text)
		for range 3 {
			if got := r.Candidates(text); !reflect.DeepEqual(got, want) {
				t.Fatalf("%.40q: candidates %v, want %v", text, got, want)
			}
			if c, ok := r.Detect(text); ok != wantOK || c != wantCrisis {
				t.Fatalf("%.40q: crisis %v %v, want %v %v", text, c, ok, wantCrisis, wantOK)
			}
		}
		if n, want := ce.calls[text], 1; len(text) > maxRememberedText {
			if n != 3 {
				t.Fatalf("long message worked out %d times, want every time", n)
			}
		} else if n != want {
			t.Fatalf("%q worked out %d times", text, n)
		}
	}
	// Bounded: with room for 2, the first messages were forgotten.
	r.Candidates("what is malaria?")
	if ce.calls["what is malaria?"] != 2 {
		t.Fatalf("memory holds more than its size: %v", ce.calls)
	}
}

// countingDetector counts the texts it is asked whether are risky or
// sensitive.
type countingDetector struct {
	*safety.Detector
	mu                         sync.Mutex
	detected, risky, sensitive map[string]int
}

func newCountingDetector(d *safety.Detector) *countingDetector {
	return &countingDetector{Detector: d, detected: map[string]int{}, risky: map[string]int{}, sensitive: map[string]int{}}
}

func (c *countingDetector) Detect(text string) (safety.Crisis, bool) {
	c.mu.Lock()
	c.detected[text]++
	c.mu.Unlock()
	return c.Detector.Detect(text)
}

func (c *countingDetector) Risky(query string) bool {
	c.mu.Lock()
	c.risky[query]++
	c.mu.Unlock()
	return c.Detector.Risky(query)
}

func (c *countingDetector) Sensitive(text string) bool {
	c.mu.Lock()
	c.sensitive[text]++
	c.mu.Unlock()
	return c.Detector.Sensitive(text)
}

// Ensure a remembered text's risk and sensitivity are the detector's
// verdicts, worked out once, and that a long text is checked every time.
func TestRememberedRisky(t *testing.T) {
	t.Parallel()
	det, err := safety.New(safety.Options{Reader: query.New(nil)})
	if err != nil {
		t.Fatal(err)
	}
	cd := newCountingDetector(det)
	r := newRemembered(&countingExtractor{calls: map[string]int{}, e: query.New(nil)}, cd, 8)
	long := strings.Repeat("fever ", 200) + "kill myself"
	verdicts := map[bool]int{}
	for _, text := range []string{"malaria", "kill myself", "domestic violence", "my brother overdosed years ago", "this heat is killing me", long} {
		for _, check := range []struct {
			name   string
			got    func(string) bool
			want   func(string) bool
			counts map[string]int
		}{
			{"risky", r.Risky, det.Risky, cd.risky},
			{"sensitive", r.Sensitive, det.Sensitive, cd.sensitive},
		} {
			want := check.want(text)
			verdicts[want]++
			for range 3 {
				if got := check.got(text); got != want {
					t.Fatalf("%.40q: %s %v, want %v", text, check.name, got, want)
				}
			}
			times := 1
			if len(text) > maxRememberedText {
				times = 3
			}
			if n := check.counts[text]; n != times {
				t.Errorf("%.40q: %s checked %d times, want %d", text, check.name, n, times)
			}
		}
	}
	if verdicts[true] == 0 || verdicts[false] == 0 {
		t.Fatalf("verdicts: %v", verdicts)
	}
}

// Ensure a remembered crisis verdict is not used once the crisis lists
// were reloaded: a phrase a help line just added applies to a message
// polled again.
func TestRememberedAfterReload(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	lists, err := safety.OpenLists(safety.Options{}, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	r := newRemembered(&countingExtractor{calls: map[string]int{}, e: query.New(nil)}, lists, 8)
	msg, q := "they took my passport and hid my shoes", "hid my shoes"
	if _, ok := r.Detect(msg); ok {
		t.Fatal("taken for a crisis before the list had it")
	}
	if r.Risky(q) || r.Sensitive(msg) {
		t.Fatal("risky or sensitive before the list had it")
	}
	if err := os.WriteFile(filepath.Join(dir, "en.txt"), []byte("[certain partner-violence]\nhid my shoes\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := lists.Reload("test"); err != nil {
		t.Fatal(err)
	}
	if c, ok := r.Detect(msg); !ok || c.Category != "partner-violence" {
		t.Fatalf("after the reload: %+v, %v", c, ok)
	}
	if !r.Risky(q) || !r.Sensitive(msg) {
		t.Fatal("not risky or not sensitive after the reload")
	}
}

// Ensure a remembered own-answer match is the set's, worked out once per
// message and terms, and that a long message is matched every time.
func TestRememberedOwnAnswers(t *testing.T) {
	t.Parallel()
	set, err := answers.Parse("answers.yaml", []byte(`answers:
  - id: hours
    title: Clinic hours
    match: [clinic opening hours]
    body: Monday to Friday, 8:00 to 17:00.
  - id: results
    title: Test results
    match: [test results]
    body: Results are sent by SMS within 3 days.
`))
	if err != nil {
		t.Fatal(err)
	}
	ce := &countingExtractor{calls: map[string]int{}, e: query.New(nil)}
	r := newRemembered(ce, nil, 8)
	long := strings.Repeat("my child has a fever and a cough ", 40) + "when is the clinic open"
	matched := map[bool]int{}
	for _, text := range []string{"what are the clinic opening hours?", "when is the clinik open", "where are my test results", "what is malaria", long} {
		var terms []string
		for _, c := range ce.e.Candidates(text) {
			terms = append(terms, c.Query)
		}
		// Other terms for the same message (those of its other
		// sentences, say) are matched apart.
		seen := map[string]bool{}
		for _, terms := range [][]string{terms, terms[:min(len(terms), 1)], {"clinic opening hours"}, {"test", "results"}, nil} {
			k := strings.Join(terms, "\n")
			if seen[k] {
				continue
			}
			seen[k] = true
			want, wantOK := set.Match(text, terms, ce.e)
			matched[wantOK]++
			before := ce.understood[text]
			for range 3 {
				if got, ok := r.Match(set, text, terms); ok != wantOK || !reflect.DeepEqual(got, want) {
					t.Fatalf("%.40q, terms %q: %+v %v, want %+v %v", text, terms, got, ok, want, wantOK)
				}
			}
			read := ce.understood[text] - before
			if len(text) > maxRememberedText {
				if read != 3 {
					t.Fatalf("long message read %d times, want every time", read)
				}
			} else if read != 1 {
				t.Fatalf("%q, terms %q: read %d times, want once", text, terms, read)
			}
		}
	}
	if matched[true] == 0 || matched[false] == 0 {
		t.Fatalf("matches and misses: %v", matched)
	}
}

// cachedSearcher has every query's answer in its cache.
type cachedSearcher map[string]instant.Answer

func (c cachedSearcher) Cached(q string) (instant.Answer, bool) { return c[q], true }

func (c cachedSearcher) Lookup(context.Context, string) (instant.Answer, error) {
	return instant.Answer{}, errors.New("not cached")
}

// Ensure a message polled again, as Turn polls a conversation each time
// an operator looks at it, is not read again: no extraction, crisis,
// sensitivity, risk or own-answer work the first poll did, whatever the
// message (a question, a disclosure beside a question, a crisis). A check
// added to the poll without being remembered fails this.
func TestRepeatedPollReadsNothingAgain(t *testing.T) {
	t.Parallel()
	det, err := safety.New(safety.Options{Reader: query.New(nil)})
	if err != nil {
		t.Fatal(err)
	}
	set, err := answers.Parse("answers.yaml", []byte(`answers:
  - id: hours
    title: Clinic hours
    match: [clinic opening hours]
    body: Monday to Friday, 8:00 to 17:00.
`))
	if err != nil {
		t.Fatal(err)
	}
	malaria := instant.Answer{Type: "A", Heading: "Malaria", AbstractText: "Malaria is a disease.", AbstractSource: "Wikipedia", AbstractURL: "https://en.wikipedia.org/wiki/Malaria"}
	for _, text := range []string{
		"Hi, what is malaria?",
		"when is the clinik open",
		"my dad beat me years ago. what is a protection order",
		"my head hurts and I keep cutting. what are clinic hours?",
		"I want to kill myself",
		"mere bete ko typhoid hai kya karu",
	} {
		ce := &countingExtractor{calls: map[string]int{}, e: query.New(nil)}
		cd := newCountingDetector(det)
		svc := New(Options{Searcher: cachedSearcher{"malaria": malaria}, Extractor: ce, Suggest: suggest.DefaultOptions(), Remember: 16,
			Guards: Guards{Crisis: cd, Answers: fixedSet{set}}})
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		first := svc.Answer(ctx, Poll{Question: text})
		work := func() string {
			ce.mu.Lock()
			defer ce.mu.Unlock()
			cd.mu.Lock()
			defer cd.mu.Unlock()
			return fmt.Sprint(ce.calls, ce.understood, cd.detected, cd.risky, cd.sensitive)
		}
		before := work()
		again := svc.Answer(ctx, Poll{Question: text})
		cancel()
		if after := work(); after != before {
			t.Errorf("%q polled again was read again:\n first %s\nsecond %s", text, before, after)
		}
		if again.Outcome != first.Outcome || !reflect.DeepEqual(again.Suggestions, first.Suggestions) {
			t.Errorf("%q polled again: %s %+v, first %s %+v", text, again.Outcome, again.Suggestions, first.Outcome, first.Suggestions)
		}
	}
}

// fixedSet is an OwnAnswers that always gives one set.
type fixedSet struct{ s *answers.Set }

func (f fixedSet) Current() *answers.Set { return f.s }
