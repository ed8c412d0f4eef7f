package config

import (
	"strings"
	"testing"
)

// Ensure the answers and safety keys load from a file and the
// environment, and are empty by default.
func TestLoadSafety(t *testing.T) {
	t.Parallel()
	c, err := Load(defaults(t), "", nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.Answers.File != "" || len(c.Safety.Crisis) != 0 || c.Safety.CrisisAnswer != "" || len(c.Safety.BlockTopics) != 0 || len(c.Safety.AllowedSources) != 0 {
		t.Fatalf("defaults: %+v %+v", c.Answers, c.Safety)
	}
	p := writeFile(t, `answers:
  file: /etc/ddgbot/answers.yaml
safety:
  crisis:
    en: ["nobody would miss me", "!suicide squad"]
    sw: [nitajinyonga]
  crisis_answer: referral
  block_topics: ["suicide methods", '/\bdos(e|age)s?\b/']
`)
	c, err = Load(defaults(t), p, []string{"DDGBOT_SAFETY_ALLOWED_SOURCES=Wikipedia,who.int"})
	if err != nil {
		t.Fatal(err)
	}
	if c.Answers.File != "/etc/ddgbot/answers.yaml" || len(c.Safety.Crisis["en"]) != 2 || c.Safety.Crisis["sw"][0] != "nitajinyonga" ||
		c.Safety.CrisisAnswer != "referral" || len(c.Safety.BlockTopics) != 2 || strings.Join(c.Safety.AllowedSources, "|") != "Wikipedia|who.int" {
		t.Fatalf("got %+v %+v", c.Answers, c.Safety)
	}
}

// Ensure bad answers and safety settings stop start-up naming the key.
func TestValidateSafety(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, file, want string
	}{
		{"phrase without letters", "safety:\n  crisis:\n    en: [ok, '??']\n", "config: safety.crisis.en[1] pattern"},
		{"bad block pattern", "safety:\n  block_topics: ['/(/']\n", "config: safety.block_topics[0] pattern"},
		{"blank source", "safety:\n  allowed_sources: [' ']\n", "config: safety.allowed_sources[0]"},
		{"crisis entry with an undefined class", "safety:\n  crisis:\n    en: ['@nobody hurts me']\n", "config: safety.crisis.en[0] pattern"},
		{"crisis language without a list", "safety:\n  crisis:\n    de: [hilfe]\n", "config: safety.crisis.de no such language"},
		{"crisis lists directory missing", "safety:\n  crisis_dir: /nonexistent/crisis\n", "config: safety.crisis_dir"},
		{"unknown key", "safety:\n  crisis_answers: referral\n", "crisis_answers"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := Load(defaults(t), writeFile(t, tc.file), nil)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Load = %v, want %q", err, tc.want)
			}
		})
	}
}

// Ensure Load keeps the crisis check validation built, with the extra
// entries, and that it is not handed out once the entries changed.
func TestSafetyDetectorKept(t *testing.T) {
	t.Parallel()
	c, err := Load(defaults(t), "", []string{`DDGBOT_SAFETY_CRISIS={"en": ["nobody would miss me"]}`})
	if err != nil {
		t.Fatal(err)
	}
	d := c.Safety.Detector()
	if d == nil {
		t.Fatal("no crisis check kept from validation")
	}
	if _, ok := d.Detect("honestly nobody would miss me at all"); !ok {
		t.Error("the kept check misses the extra entry")
	}
	changed := c
	changed.Safety.Crisis = map[string][]string{"en": {"another entry"}}
	if changed.Safety.Detector() != nil {
		t.Error("a check built of other entries was handed out")
	}
	c.Safety.Crisis["en"][0] = "edited in place"
	if c.Safety.Detector() != nil {
		t.Error("a check built before an entry was edited was handed out")
	}
	if (Config{}).Safety.Detector() != nil {
		t.Error("an unvalidated config handed out a check")
	}
}
