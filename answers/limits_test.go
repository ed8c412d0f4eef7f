package answers_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/ddgbot/ddgbot/answers"
	"github.com/ddgbot/ddgbot/query"
)

// bigFile is a valid answers file of entries with phrases plain phrases
// and patterns /regular expressions/ in all, spread over entries of ten.
func bigFile(phrases, patterns int) string {
	var b strings.Builder
	b.WriteString("answers:\n")
	for i := 0; i < phrases+patterns; i += 10 {
		fmt.Fprintf(&b, "  - id: e%d\n    title: Entry %d\n    body: The answer to question %d.\n    match:\n", i, i, i)
		for j := i; j < min(i+10, phrases+patterns); j++ {
			if j < patterns {
				fmt.Fprintf(&b, "      - '/\\bterm%dx (alpha|beta)\\b/'\n", j)
			} else {
				fmt.Fprintf(&b, "      - word%d clinic%d topic%d\n", j, j%97, j%13)
			}
		}
	}
	return b.String()
}

// longMessage is a message of about 4,000 characters of ordinary words
// with a question at the end.
func longMessage() string {
	var b strings.Builder
	for b.Len() < 3900 {
		b.WriteString("hello my mother went to the clinic yesterday and the nurse said she must come back next week because the results are not ready ")
	}
	b.WriteString("when does the clinic open on saturday?")
	return b.String()
}

// Ensure a file is refused beyond MaxPatterns patterns or MaxPhrases
// phrases, naming the limit, and accepted at them: every poll tries each
// pattern, so their number bounds a poll's cost.
func TestLimits(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name              string
		phrases, patterns int
		want              string
	}{
		{"at the limits", answers.MaxPhrases - answers.MaxPatterns, answers.MaxPatterns, ""},
		{"a pattern too many", 10, answers.MaxPatterns + 1, fmt.Sprintf("more than %d /regular expressions/", answers.MaxPatterns)},
		{"a phrase too many", answers.MaxPhrases + 1 - answers.MaxPatterns, answers.MaxPatterns, fmt.Sprintf("more than %d match phrases", answers.MaxPhrases)},
		{"39k patterns", 0, 39000, fmt.Sprintf("more than %d /regular expressions/", answers.MaxPatterns)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			src := bigFile(tc.phrases, tc.patterns)
			if len(src) > answers.MaxFileBytes {
				t.Fatalf("the file is %d bytes", len(src))
			}
			_, err := answers.Parse("big.yaml", []byte(src))
			if tc.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Parse = %v, want %q", err, tc.want)
			}
			if n := strings.Count(err.Error(), "more than"); n != 1 {
				t.Errorf("the limit is reported %d times", n)
			}
		})
	}
}

// BenchmarkMatchLargestFile matches a 4,000-character message against
// the largest file Parse accepts: MaxPatterns patterns and the rest of
// MaxPhrases plain phrases, as written and by their words.
func BenchmarkMatchLargestFile(b *testing.B) {
	s, err := answers.Parse("big.yaml", []byte(bigFile(answers.MaxPhrases-answers.MaxPatterns, answers.MaxPatterns)))
	if err != nil {
		b.Fatal(err)
	}
	x := query.New(nil)
	msg := longMessage()
	terms := []string{"clinic", "clinic results", "nurse"}
	b.ReportAllocs()
	for b.Loop() {
		s.Match(msg, terms, x)
	}
}

// BenchmarkMatchFAQ matches a typical message against a help line's FAQ.
func BenchmarkMatchFAQ(b *testing.B) {
	s := mustParseB(b, readByWords(b))
	x := query.New(nil)
	b.ReportAllocs()
	for b.Loop() {
		s.Match("where do i pick up my tb meds", []string{"tb meds"}, x)
	}
}

func mustParseB(b *testing.B, src string) *answers.Set {
	b.Helper()
	s, err := answers.Parse("answers.yaml", []byte(src))
	if err != nil {
		b.Fatal(err)
	}
	return s
}
