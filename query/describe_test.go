package query_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/ddgbot/ddgbot/query"
)

// Ensure a message that describes a health subject without naming it gets
// that subject as a candidate within the lookups a message may cost, with
// its reason, and that vague messages, named subjects and chit-chat get
// none.
func TestDescribed(t *testing.T) {
	e := query.New(nil)
	for _, tt := range []struct {
		name, text, want string
		at               int // its place among the candidates
	}{
		{"nothing named", "the pressure of my blood is too high", "hypertension", 0},
		{"after a weak phrase that scores above zero", "hoarse voice since monday", "laryngitis", 1},
		{"within the lookups", "white flakes keep falling from my scalp", "dandruff", 2},
		{"vague", "i have pain", "", 0},
		{"vague feeling", "i feel bad today", "", 0},
		{"a subject named", "what is malaria", "", 0},
		{"chit-chat", "ok thanks", "", 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := e.Candidates(tt.text)
			i := slices.IndexFunc(got, func(c query.Candidate) bool { return c.Described != "" })
			if tt.want == "" {
				if i >= 0 {
					t.Fatalf("Candidates(%q) describe %q (%s)", tt.text, got[i].Query, got[i].Described)
				}
				return
			}
			if i != tt.at || got[i].Query != tt.want {
				t.Fatalf("Candidates(%q) = %+v, want %q described at %d", tt.text, got, tt.want, tt.at)
			}
			if !strings.Contains(got[i].Why(), "described: ") {
				t.Errorf("Why() = %q, want the words that matched", got[i].Why())
			}
		})
	}
}

// described are messages that describe a subject in everyday words, each
// of which runs the description matcher.
var described = []string{
	"the pressure of my blood is too high",
	"hoarse voice since monday",
	"white flakes keep falling from my scalp",
	"i cant sleep at night for weeks",
	"my tummy is runny since yesterday",
}

// BenchmarkCandidatesDescribed measures extraction of messages that
// describe their subject, which match it against the definitions too.
func BenchmarkCandidatesDescribed(b *testing.B) {
	e := query.New(nil)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		e.Candidates(described[i%len(described)])
	}
}
