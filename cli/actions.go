package cli

import (
	"log/slog"

	"github.com/ddgbot/ddgbot/actions"
	"github.com/ddgbot/ddgbot/config"
)

// newActions builds the operator actions service over st (nil: in this
// process), or returns nil when turn.actions is off. Its key comes from
// the secrets every replica shares, so a menu issued by one replica is
// accepted by all; without a secret it is random, and known only to this
// process.
func newActions(cfg config.Config, st actions.Store, log *slog.Logger) *actions.Service {
	if !cfg.Turn.Actions {
		return nil
	}
	key := actions.Key(cfg.Turn.HMACSecret, cfg.Turn.APIToken)
	if key == nil && cfg.Redis.URL != "" {
		log.Warn("turn.hmac_secret and turn.api_token are empty: each replica signs its own action menus and keeps its own pins and marks in redis; set one of them to share them")
	}
	return actions.New(st, actions.Options{
		PinTTL:      cfg.Turn.PinTTL,
		FeedbackTTL: cfg.Feedback.TTL,
		Key:         key,
		Budget:      cfg.Turn.ResponseTimeout / 2, // the next best after "not helpful": on top of the first answer's budget
	})
}
