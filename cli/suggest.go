package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/ddgbot/ddgbot/query"
	"github.com/ddgbot/ddgbot/reply"
)

// suggestCmd prints what ddgbot would suggest for a message, using the
// configured DuckDuckGo, so a team can tune suggestions.ignore and
// suggestions.languages without Turn. verbose adds every candidate query
// with its score and corrections, and what each lookup found. The message
// gets what a poll would: an answer by turn.response_timeout. It exits 2
// without text, 1 when the lookup failed.
func suggestCmd(ctx context.Context, c call) error {
	cfg, verbose, stdout := c.cfg, c.verbose, c.stdout
	text := strings.Join(c.args, " ")
	if strings.TrimSpace(text) == "" {
		return usageError(c.stderr, errors.New(`suggest needs the text of a message: ddgbot suggest [--config FILE] [-v] "message text"`))
	}
	cfg.Log.Level = "warn"
	log := newLogger(cfg.Log, c.stderr)
	svc := lookups(cfg, c.version, log, nil, nil)
	defer svc.Close()

	guards, _, err := newGuards(cfg, log, nil, c.watch)
	if err != nil {
		return err
	}
	extractor, err := newExtractor(cfg)
	if err != nil {
		return err
	}
	cands := extractor.Candidates(text)
	switch {
	case len(cands) == 0:
		fmt.Fprintln(stdout, "queries: none (chit-chat or menu input: no lookup)")
	case verbose:
		printLanguages(stdout, extractor.Understand(text))
		printCandidates(stdout, cands)
	default:
		fmt.Fprintf(stdout, "queries: %q\n", extractor.Queries(text))
	}
	ctx, cancel := context.WithTimeout(ctx, cfg.Turn.ResponseTimeout)
	defer cancel()
	res := newReply(cfg, extractor, svc, guards, nil).Answer(ctx, reply.Poll{Question: text})
	if verbose && len(res.Tried) > 0 {
		printTries(stdout, res.Tried)
		printChoice(stdout, res)
	}
	fmt.Fprintf(stdout, "outcome: %s (looked up %q)\n", res.Outcome, res.Card()["Looked up"])
	if res.Crisis != nil {
		fmt.Fprintf(stdout, "crisis: %s (%s list, %s); nothing about it looked up\n", res.Crisis.Category, res.Crisis.Language, res.Crisis.Tier)
	}
	if res.Own != nil && res.Own.Phrase != "" {
		how := "as written"
		if res.Own.Score < 1 {
			how = fmt.Sprintf("by its words, score %.2f", res.Own.Score)
		}
		fmt.Fprintf(stdout, "own answer: %s (matched %q %s)\n", res.Own.Entry.ID, res.Own.Phrase, how)
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
	if res.Outcome == reply.Unavailable {
		// Printed above; a script must not take "no suggestion because
		// DuckDuckGo failed" for "nothing to suggest".
		return exitError{fmt.Errorf("lookup failed: %w", res.Err), 1}
	}
	return nil
}

// printLanguages prints the languages told in the message and, when it
// mixes them, each clause's.
func printLanguages(w io.Writer, u query.Understanding) {
	if u.Lang == "" {
		fmt.Fprintln(w, "language: none told (no word of any list)")
		return
	}
	var weights []string
	for _, l := range u.Langs {
		weights = append(weights, fmt.Sprintf("%s %.1f", l.Lang, l.Weight))
	}
	fmt.Fprintf(w, "language: %s (evidence: %s)\n", u.Lang, strings.Join(weights, ", "))
	mixed := false
	var clauses []string
	for _, c := range u.Clauses {
		mixed = mixed || c.Lang != u.Lang
		clauses = append(clauses, c.Lang)
	}
	if mixed {
		fmt.Fprintf(w, "clauses: %s\n", strings.Join(clauses, ", "))
	}
}

func printCandidates(w io.Writer, cands []query.Candidate) {
	fmt.Fprintln(w, "candidates:")
	for i, c := range cands {
		fmt.Fprintf(w, "  %d. %-32q score %5.2f  %s\n", i+1, c.Query, c.Score, c.Why())
	}
}

// printChoice says why the query used beat the candidates ranked above
// and below it.
func printChoice(w io.Writer, res reply.Result) {
	if res.Outcome != reply.Suggested {
		return
	}
	for i, t := range res.Tried {
		if t.Candidate.Query != res.Query {
			continue
		}
		switch {
		case i == 0 && len(res.Tried) > 1:
			next := res.Tried[1].Candidate
			fmt.Fprintf(w, "chosen: %q, ranked first: score %.2f over %.2f for %q (%s)\n",
				res.Query, t.Candidate.Score, next.Score, next.Query, next.Why())
		case i == 0:
			fmt.Fprintf(w, "chosen: %q, the only candidate\n", res.Query)
		default:
			fmt.Fprintf(w, "chosen: %q, ranked %d: the candidates above it found nothing to suggest\n", res.Query, i+1)
		}
		return
	}
}

func printTries(w io.Writer, tries []reply.Try) {
	fmt.Fprintln(w, "looked up:")
	for _, t := range tries {
		found := "nothing"
		switch {
		case t.Skipped:
			found = "skipped (lookup bound reached)"
		case t.Err != nil:
			found = "failed: " + t.Err.Error()
		case len(t.Suggestions) > 0:
			found = fmt.Sprintf("%d suggestion(s), %q", len(t.Suggestions), t.Answer.Heading)
		}
		if t.Cached {
			found += " (cached)"
		}
		fmt.Fprintf(w, "  %-34q %s\n", t.Candidate.Query, found)
	}
}
