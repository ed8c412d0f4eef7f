package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/ddgbot/ddgbot/config"
	"github.com/ddgbot/ddgbot/query"
)

// suggestCmd prints what ddgbot would suggest for a message, using the
// configured DuckDuckGo, so a team can tune suggestions.ignore without Turn.
func suggestCmd(ctx context.Context, cfg config.Config, args []string, stdout, stderr io.Writer) error {
	text := strings.Join(args, " ")
	if strings.TrimSpace(text) == "" {
		return errors.New(`usage: ddgbot suggest [--config FILE] "message text"`)
	}
	cfg.Log.Level = "warn"
	log := newLogger(cfg.Log, stderr)
	svc := lookups(cfg, log, nil)
	defer svc.Close()

	extractor := query.New(cfg.Suggestions.Ignore)
	queries := extractor.Queries(text)
	if len(queries) == 0 {
		_, err := fmt.Fprintln(stdout, "queries: none (chit-chat or menu input: no lookup)")
		return err
	}
	fmt.Fprintf(stdout, "queries: %q\n", queries)
	res := newReply(cfg, svc, cfg.DuckDuckGo.LookupTimeout).Suggest(ctx, text)
	fmt.Fprintf(stdout, "outcome: %s (looked up %q)\n", res.Outcome, res.Query)
	if res.Err != nil {
		fmt.Fprintf(stdout, "error: %v\n", res.Err)
	}
	for i, s := range res.Suggestions {
		fmt.Fprintf(stdout, "\n--- %d. %s (confidence %.2f)\n%s\n", i+1, s.Title, s.Confidence, s.Body)
	}
	return nil
}
