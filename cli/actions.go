package cli

import (
	"github.com/ddgbot/ddgbot/actions"
	"github.com/ddgbot/ddgbot/config"
)

// newActions builds the operator actions service over st, or returns nil
// when turn.actions is off. Its payload key comes from the secrets every
// replica shares, so a menu issued by one replica is accepted by all.
func newActions(cfg config.Config, st actions.Store) *actions.Service {
	if !cfg.Turn.Actions {
		return nil
	}
	return actions.New(st, actions.Options{
		PinTTL:      cfg.Turn.PinTTL,
		FeedbackTTL: cfg.Feedback.TTL,
		Key:         actions.Key(cfg.Turn.HMACSecret, cfg.Turn.APIToken),
		Budget:      cfg.Turn.ResponseTimeout / 2, // the next best after "not helpful": on top of the first answer's budget
	})
}
