package config

import (
	"fmt"
	"net/url"
	"strings"
	"time"
)

// Turn configures how Turn authenticates and how fast it is answered.
type Turn struct {
	AuthType        string        `mapstructure:"auth_type"`
	APIToken        string        `mapstructure:"api_token"`
	HMACSecret      string        `mapstructure:"hmac_secret"`
	ResponseTimeout time.Duration `mapstructure:"response_timeout"`
	ContextCard     bool          `mapstructure:"context_card"`
	Actions         bool          `mapstructure:"actions"`    // offer operators the action menu
	PinTTL          time.Duration `mapstructure:"pin_ttl"`    // how long a pin lasts at most
	PublicURL       string        `mapstructure:"public_url"` // base of absolute action URLs; empty: paths
}

func (c *Config) validateTurn(bad func(key, why string)) {
	t := c.Turn
	positive(bad, "turn.response_timeout", t.ResponseTimeout)
	positive(bad, "turn.pin_ttl", t.PinTTL)
	switch t.AuthType {
	case "bearer", "token":
	default:
		bad("turn.auth_type", fmt.Sprintf("is %q; want \"bearer\" or \"token\"", t.AuthType))
	}
	if strings.HasPrefix(t.APIToken, "change-me") {
		bad("turn.api_token", "is still the placeholder from .env.example: in .env, replace the value of "+
			"DDGBOT_TURN_API_TOKEN with a long random token of your own (e.g. the output of `openssl rand -hex 32`), "+
			"and enter the same token in Turn as the integration's API Token")
	}
	for _, s := range []struct{ key, secret string }{{"turn.api_token", t.APIToken}, {"turn.hmac_secret", t.HMACSecret}} {
		if strings.TrimSpace(s.secret) != s.secret {
			bad(s.key, "starts or ends with whitespace, so it can never match what Turn sends; remove it "+
				"(if it comes from .env, save that file with Unix line endings: Windows ones leave a \\r at the end of "+EnvName(s.key)+")")
		}
	}
	if t.PublicURL != "" {
		u, err := url.Parse(t.PublicURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
			bad("turn.public_url", fmt.Sprintf("is %q; want an http(s) URL without query, e.g. https://bots.example.org/ddgbot", t.PublicURL))
		}
	}
}
