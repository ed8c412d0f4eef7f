package cli

import (
	"context"
	"errors"
	"fmt"
)

// configCmd checks the settings without starting, like `promtool check
// config`: Run has already loaded them (a misspelt key, a bad value or a
// stray DDGBOT_* variable stops it there, naming the key); this also
// builds what start-up builds from them (crisis lists, safety rules, the
// answers file and its crisis answer), so what passes here starts.
func configCmd(_ context.Context, c call) error {
	if len(c.args) != 1 || c.args[0] != "check" {
		return usageError(c.stderr, errors.New(`config needs "check": ddgbot config check [--config FILE]`))
	}
	log := newLogger(c.cfg.Log, c.stderr)
	_, own, err := newGuards(c.cfg, log, nil, c.watch)
	if err != nil {
		return err
	}
	answers := "no answers file"
	if own != nil {
		answers = fmt.Sprintf("answers.file %s: %d answers", own.Path(), own.Current().Len())
	}
	_, err = fmt.Fprintf(c.stdout, "config OK (%s)\n", answers)
	return err
}
