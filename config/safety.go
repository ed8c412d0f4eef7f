package config

import (
	"strings"

	"github.com/ddgbot/ddgbot/safety"
)

// Answers configures the help line's own vetted answers.
type Answers struct {
	File string `mapstructure:"file"` // YAML file of answers; "" = none
}

// Safety configures crisis handling and the rules over DuckDuckGo answers.
type Safety struct {
	Crisis         map[string][]string `mapstructure:"crisis"`          // extra crisis phrases per language code
	CrisisAnswer   string              `mapstructure:"crisis_answer"`   // own-answer id offered for a crisis message; "" = none
	BlockTopics    []string            `mapstructure:"block_topics"`    // phrases or /patterns/ never offered
	AllowedSources []string            `mapstructure:"allowed_sources"` // when set, the only sources offered
}

// validateSafety checks the answers and safety keys by building what
// they configure, so a phrase the service would refuse stops start-up.
// Whether answers.file and the crisis answer in it are valid is checked
// when the file is loaded.
func (c *Config) validateSafety(bad func(key, why string)) {
	if _, err := safety.NewDetector(c.Safety.Crisis); err != nil {
		at, why, _ := strings.Cut(err.Error(), ": ")
		bad("safety.crisis."+at, why)
	}
	if _, err := safety.NewRules(c.Safety.BlockTopics, c.Safety.AllowedSources); err != nil {
		at, why, _ := strings.Cut(err.Error(), ": ")
		bad("safety."+at, why)
	}
	if c.Safety.CrisisAnswer != "" && c.Answers.File == "" {
		bad("safety.crisis_answer", "names an own answer, so answers.file must be set")
	}
}
