package config

import (
	"fmt"
	"maps"
	"os"
	"slices"
	"strings"

	"github.com/ddgbot/ddgbot/phrase"
	"github.com/ddgbot/ddgbot/safety"
)

// Answers configures the help line's own vetted answers.
type Answers struct {
	File string `mapstructure:"file"` // YAML file of answers; "" = none
}

// Safety configures crisis handling and the rules over DuckDuckGo answers.
type Safety struct {
	Crisis         map[string][]string `mapstructure:"crisis"`          // extra crisis entries per language code
	CrisisDir      string              `mapstructure:"crisis_dir"`      // directory of the line's own crisis lists (<lang>.txt); "" = none
	CrisisAnswer   string              `mapstructure:"crisis_answer"`   // own-answer id offered for a crisis message; "" = none
	BlockTopics    []string            `mapstructure:"block_topics"`    // phrases or /patterns/ never offered
	AllowedSources []string            `mapstructure:"allowed_sources"` // when set, the only sources offered

	checked *checkedCrisis // the crisis check validation built, see Detector
}

// checkedCrisis is the crisis check built of the built-in lists and the
// extra entries it holds a copy of.
type checkedCrisis struct {
	extra map[string][]string
	d     *safety.Detector
}

// Detector returns the crisis check that validation built of the
// built-in lists and Crisis, so the service need not build it again; nil
// when the settings were not validated or Crisis changed since.
func (s Safety) Detector() *safety.Detector {
	if s.checked == nil || !maps.EqualFunc(s.checked.extra, s.Crisis, slices.Equal[[]string]) {
		return nil
	}
	return s.checked.d
}

// validateSafety checks that every phrase and pattern compiles, so one the
// service would refuse stops start-up naming its key. Which languages
// have crisis lists, whether answers.file is valid and whether the crisis
// answer is in it are checked when the service builds them.
func (c *Config) validateSafety(bad func(key, why string)) {
	// The entries compile as the crisis check compiles them, with the
	// classes of their language's list; the error names the entry
	// ("en[2]: ...").
	c.Safety.checked = nil
	if d, err := safety.NewDetector(c.Safety.Crisis); err != nil {
		entry, why, _ := strings.Cut(err.Error(), ": ")
		bad("safety.crisis."+entry, why)
	} else {
		extra := make(map[string][]string, len(c.Safety.Crisis))
		for lang, entries := range c.Safety.Crisis {
			extra[lang] = slices.Clone(entries)
		}
		c.Safety.checked = &checkedCrisis{extra: extra, d: d}
	}
	if c.Safety.CrisisDir != "" {
		if st, err := os.Stat(c.Safety.CrisisDir); err != nil || !st.IsDir() {
			bad("safety.crisis_dir", fmt.Sprintf("%q is not a readable directory", c.Safety.CrisisDir))
		}
	}
	for i, s := range c.Safety.BlockTopics {
		if _, err := phrase.Compile(s); err != nil {
			bad(fmt.Sprintf("safety.block_topics[%d]", i), err.Error())
		}
	}
	for i, s := range c.Safety.AllowedSources {
		if phrase.Key(s) == "" {
			bad(fmt.Sprintf("safety.allowed_sources[%d]", i), fmt.Sprintf("is %q; want a source name or domain", s))
		}
	}
}
