package safety_test

import (
	"strings"
	"testing"

	"github.com/ddgbot/ddgbot/instant"
	"github.com/ddgbot/ddgbot/safety"
)

func rules(t *testing.T, block, allow []string) *safety.Rules {
	t.Helper()
	r, err := safety.NewRules(block, allow)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func sample() instant.Answer {
	return instant.Answer{
		Type:             "A",
		Heading:          "Paracetamol",
		AbstractText:     "Paracetamol is a medication used to treat fever and mild to moderate pain.",
		AbstractSource:   "Wikipedia",
		AbstractURL:      "https://en.wikipedia.org/wiki/Paracetamol",
		Definition:       "paracetamol: a pain reliever.",
		DefinitionSource: "Merriam-Webster",
		DefinitionURL:    "https://www.merriam-webster.com/dictionary/paracetamol",
		Answer:           "Paracetamol dosage: 500 mg",
		RelatedTopics: []instant.Topic{
			{FirstURL: "https://duckduckgo.com/Paracetamol_poisoning", Text: "Paracetamol poisoning - caused by excessive use"},
			{Name: "Dosage", Topics: []instant.Topic{
				{FirstURL: "https://duckduckgo.com/Maximum_dose", Text: "Maximum dose of paracetamol per day"},
				{FirstURL: "https://duckduckgo.com/Fever", Text: "Fever - a temporary rise in body temperature"},
			}},
		},
		Results: []instant.Topic{{FirstURL: "https://www.who.int/paracetamol", Text: "WHO on paracetamol"}},
	}
}

// Ensure no rules let everything through untouched.
func TestRulesNone(t *testing.T) {
	t.Parallel()
	for _, r := range []*safety.Rules{nil, rules(t, nil, nil)} {
		a, why := r.Filter(sample())
		if why != "" || a.AbstractText == "" || len(a.RelatedTopics) != 2 || !r.Empty() || r.Blocked("anything") {
			t.Errorf("rules %v filtered: %q", r, why)
		}
	}
}

// Ensure a blocked heading removes the whole answer, and blocked texts
// remove just their part.
func TestRulesBlockTopics(t *testing.T) {
	t.Parallel()
	r := rules(t, []string{"paracetamol"}, nil)
	if a, why := r.Filter(sample()); !a.Empty() || a.Heading != "" || why != safety.ReasonBlockedTopic {
		t.Errorf("blocked heading kept %+v (%q)", a, why)
	}

	r = rules(t, []string{"poisoning", `/\b(maximum|max) dos(e|age)\b/`, "dosage"}, nil)
	a, why := r.Filter(sample())
	if why != safety.ReasonBlockedTopic {
		t.Errorf("reason %q", why)
	}
	if a.Answer != "" {
		t.Errorf("dosage answer kept: %q", a.Answer)
	}
	if a.AbstractText == "" || a.Definition == "" || len(a.Results) != 1 {
		t.Errorf("unblocked parts lost: %+v", a)
	}
	var texts []string
	var walk func([]instant.Topic)
	walk = func(ts []instant.Topic) {
		for _, t := range ts {
			texts = append(texts, t.Name+t.Text)
			walk(t.Topics)
		}
	}
	walk(a.RelatedTopics)
	if got := strings.Join(texts, "|"); got != "" {
		// "Dosage" is a group name: the whole group goes.
		t.Errorf("related topics left: %q", got)
	}
	if orig := sample(); len(orig.RelatedTopics[1].Topics) != 2 {
		t.Error("Filter modified its input")
	}
}

// Ensure only allowed sources are offered, by name or by domain.
func TestRulesAllowedSources(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name                         string
		allow                        []string
		abstract, definition, answer bool
		related, results             int
	}{
		{"Wikipedia by name", []string{"Wikipedia"}, true, false, false, 0, 0},
		{"by domain", []string{"wikipedia.org", "who.int"}, true, false, false, 0, 1},
		{"case and spacing", []string{"  WIKIPEDIA ", "merriam webster"}, true, true, false, 0, 0},
		{"DuckDuckGo's own", []string{"DuckDuckGo"}, false, false, true, 2, 0},
		{"DuckDuckGo by domain", []string{"duckduckgo.com"}, false, false, true, 2, 0},
		{"domain is not a suffix of a word", []string{"pedia.org"}, false, false, false, 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			a, why := rules(t, nil, tc.allow).Filter(sample())
			if (a.AbstractText != "") != tc.abstract || (a.Definition != "") != tc.definition || (a.Answer != "") != tc.answer ||
				len(a.RelatedTopics) != tc.related || len(a.Results) != tc.results {
				t.Errorf("abstract %v definition %v answer %v related %d results %d",
					a.AbstractText != "", a.Definition != "", a.Answer != "", len(a.RelatedTopics), len(a.Results))
			}
			if why != safety.ReasonSourceNotAllowed {
				t.Errorf("reason %q", why)
			}
		})
	}
}

func TestNewRulesErrors(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		block, allow []string
		want         string
	}{
		{[]string{"ok", "??"}, nil, "block_topics[1]: "},
		{[]string{"/[/"}, nil, "block_topics[0]: pattern"},
		{nil, []string{"Wikipedia", " "}, "allowed_sources[1]: "},
	} {
		if _, err := safety.NewRules(tc.block, tc.allow); err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("NewRules(%q, %q) = %v, want %q...", tc.block, tc.allow, err, tc.want)
		}
	}
}
