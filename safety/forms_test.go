package safety_test

import (
	"testing"

	"github.com/ddgbot/ddgbot/query"
	"github.com/ddgbot/ddgbot/safety"
)

// Ensure the check reads messages after normalisation: other forms of
// listed words (tense, bare form, contraction, colloquial spelling, a
// typo), Swahili and isiZulu verbs with their concords and tenses, words
// between a pronoun and its verb, and the decisions on educational,
// past, negated and accidental wording. None of these messages is in a
// list or a development set.
func TestDetectForms(t *testing.T) {
	t.Parallel()
	d, err := safety.New(safety.Options{Reader: query.New(nil)})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, msg string
		tier      string // "" = no crisis
	}{
		{"past tense", "last night i slashed my arms", safety.TierCertain},
		{"contraction", "i'm gonna hang myself", safety.TierCertain},
		{"typo deleted letter", "i want to kil myslf tonight", safety.TierCertain},
		{"typo corrected by extraction", "i feel so sucidal", safety.TierUnsure},
		{"slang", "ngl i might kms", safety.TierCertain},
		{"negation does not cancel", "i'm not suicidal, i just dont want to be alive", safety.TierCertain},
		{"educational", "how do schools prevent suicide among students", ""},
		{"past third person", "my cousin attempted suicide years ago, how do i support her now", ""},
		{"accident", "i cut myself shaving this morning", ""},
		{"figure die of", "i am dying of boredom in this queue", ""},
		{"pt colloquial", "to pensando em me matar hj", safety.TierCertain},
		{"es words between pronoun and verb", "me sigo cortando escondido", safety.TierCertain},
		{"pt reflexive, no cause", "eu me corto escondida", safety.TierUnsure},
		{"es long gap", "mi padrastro me quema los brazos con un cigarro encendido", safety.TierCertain},
		{"fr accident", "je me suis brulee la main sur le four", ""},
		{"sw future subject concord", "tutajiua sote", safety.TierCertain},
		{"sw object concord past", "baba alinipiga kwa mkanda jana", safety.TierCertain},
		{"sw negation", "mtoto hapumui vizuri tangu asubuhi", safety.TierCertain},
		{"sw thing as subject", "baridi hii inaniua", ""},
		{"zu future reflexive", "ngizozibulala kusihlwa", safety.TierCertain},
		{"zu negative object", "umyeni wami akangivumeli ukuphuma", safety.TierCertain},
		{"zu child", "ingane ayiphefumuli kahle", safety.TierCertain},
		{"hi spelling", "mujhe ab jeena nai hai", safety.TierCertain},
		{"hi figure", "is garmi ne toh maar hi diya", ""},
		{"menstruation", "my periods are so heavy, is it normal to bleed a lot", ""},
		{"pills taken as prescribed", "i take a lot of tablets for my blood pressure, can i drink coffee", ""},
		{"pills all at once", "last night i swallowed the whole box of tablets", safety.TierCertain},
		{"method and plan", "ive got a rope ready for tonight, i'll hang myself", safety.TierCertain},
		{"jump", "im going to jump off the roof of my school", safety.TierCertain},
		{"question about people in general", "why do so many teenagers think about suicide", ""},
		{"pt question about people", "por que tantos jovens pensam em suicídio", ""},
		{"sw habitual reflexive in a question", "kwa nini vijana hujidhuru", ""},
		{"fr method", "je vais me jeter sous un train", safety.TierCertain},
		{"zu swallowed object", "ingane igwinye uhlamvu lwemali", safety.TierCertain},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, ok := d.Detect(tc.msg)
			if tc.tier == "" && ok {
				t.Fatalf("%q taken for a crisis: %+v", tc.msg, c)
			}
			if tc.tier != "" && (!ok || c.Tier != tc.tier) {
				t.Fatalf("%q: %+v, %v; want tier %s", tc.msg, c, ok, tc.tier)
			}
		})
	}
}

// countingReader reads as extraction does and counts the messages read.
type countingReader struct {
	*query.Extractor
	n int
}

func (r *countingReader) Understand(text string) query.Understanding {
	r.n++
	return r.Extractor.Understand(text)
}

// Ensure a Detector built from one already built (as the service builds
// it from the one config validation built) reads words with its Reader,
// keeps the extra entries, and leaves the one it came from as it was.
func TestNewFromBuilt(t *testing.T) {
	t.Parallel()
	extra := map[string][]string{"en": {"nobody would miss me"}}
	built, err := safety.NewDetector(extra)
	if err != nil {
		t.Fatal(err)
	}
	r := &countingReader{Extractor: query.New(nil)}
	d, err := safety.New(safety.Options{Extra: extra, Reader: r, Built: built})
	if err != nil {
		t.Fatal(err)
	}
	if c, ok := d.Detect("i feel so sucidal"); !ok || c.Tier != safety.TierUnsure || r.n != 1 {
		t.Errorf("got %+v %v after %d reads, want tier %s after 1", c, ok, r.n, safety.TierUnsure)
	}
	if _, ok := built.Detect("honestly nobody would miss me at all"); !ok || r.n != 1 {
		t.Errorf("the built detector: crisis %v, reads %d; want true, 1 (no reader)", ok, r.n)
	}
	if _, ok := d.Detect("honestly nobody would miss me at all"); !ok {
		t.Error("the extra entry is missing")
	}
}

// Ensure a word written by ear ("kiero", "suisidarme") counts as the
// listed word it sounds like, and the sound key keeps words apart that
// sound different.
func TestSoundKey(t *testing.T) {
	t.Parallel()
	d := detector(t, nil)
	for _, m := range []string{"kiero matarme", "me quiero suisidar", "je veux me suisider"} {
		if _, ok := d.Detect(m); !ok {
			t.Errorf("Detect(%q): no crisis", m)
		}
	}
	for _, m := range []string{"quiero comprar una casa", "cuanto cuesta la consulta"} {
		if c, ok := d.Detect(m); ok {
			t.Errorf("Detect(%q) = %+v", m, c)
		}
	}
}
