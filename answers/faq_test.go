package answers_test

import (
	"bufio"
	"os"
	"strings"
	"testing"

	"github.com/ddgbot/ddgbot/answers"
	"github.com/ddgbot/ddgbot/query"
)

// faqCase is one line of testdata/faq-messages.tsv.
type faqCase struct{ want, lang, msg string }

func faqCases(t *testing.T) []faqCase {
	t.Helper()
	f, err := os.Open("testdata/faq-messages.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []faqCase
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		p := strings.SplitN(line, "\t", 3)
		if len(p) != 3 {
			t.Fatalf("bad line %q", line)
		}
		out = append(out, faqCase{p[0], p[1], p[2]})
	}
	return out
}

// terms are what the use case passes along with a message: the queries
// derived from it.
func terms(x *query.Extractor, msg string) []string {
	var out []string
	for _, c := range x.Candidates(msg) {
		out = append(out, c.Query)
	}
	return out
}

// Ensure the realistic FAQ set, written before the matcher changed, finds
// its own answers and offers none for messages about something else.
func TestFAQSet(t *testing.T) {
	data, err := os.ReadFile("testdata/faq.yaml")
	if err != nil {
		t.Fatal(err)
	}
	set, err := answers.Parse("faq.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	x := query.New(nil)
	hits, wrong, n := 0, 0, 0
	byLang := map[string][2]int{}
	for _, c := range faqCases(t) {
		m, ok := set.Match(c.msg, terms(x, c.msg))
		got := "-"
		if ok {
			got = m.Entry.ID
		}
		n++
		l := byLang[c.lang]
		l[1]++
		switch {
		case got == c.want:
			hits++
			l[0]++
		case got != "-":
			wrong++
		}
		byLang[c.lang] = l
		t.Logf("%-16s %-16s %s %q", c.want, got, c.lang, c.msg)
	}
	t.Logf("FAQ set: %d/%d right, %d wrong own answers; by language %v", hits, n, wrong, byLang)
}
