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
	svc := lookups(cfg, log, nil, nil)
	defer svc.Close()

	guards, _, err := newGuards(cfg, log, nil)
	if err != nil {
		return err
	}
	extractor := query.New(cfg.Suggestions.Ignore)
	if queries := extractor.Queries(text); len(queries) == 0 {
		fmt.Fprintln(stdout, "queries: none (chit-chat or menu input: no lookup)")
	} else {
		fmt.Fprintf(stdout, "queries: %q\n", queries)
	}
	res := newReply(cfg, svc, cfg.DuckDuckGo.LookupTimeout, guards).Suggest(ctx, text)
	fmt.Fprintf(stdout, "outcome: %s (looked up %q)\n", res.Outcome, res.Query)
	if res.Crisis != nil {
		fmt.Fprintf(stdout, "crisis: %s (%s list); nothing looked up\n", res.Crisis.Category, res.Crisis.Language)
	}
	if res.Own != nil && res.Own.Phrase != "" {
		fmt.Fprintf(stdout, "own answer: %s (matched %q)\n", res.Own.Entry.ID, res.Own.Phrase)
	} else if res.Own != nil {
		fmt.Fprintf(stdout, "own answer: %s (safety.crisis_answer)\n", res.Own.Entry.ID)
	}
	if res.Filtered != "" {
		fmt.Fprintf(stdout, "safety rules: %s\n", res.Filtered)
	}
	if res.Err != nil {
		fmt.Fprintf(stdout, "error: %v\n", res.Err)
	}
	for i, s := range res.Suggestions {
		fmt.Fprintf(stdout, "\n--- %d. %s (confidence %.2f)\n%s\n", i+1, s.Title, s.Confidence, s.Body)
	}
	return nil
}
