package cli

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"sync"

	"github.com/ddgbot/ddgbot/answers"
	"github.com/ddgbot/ddgbot/config"
	"github.com/ddgbot/ddgbot/filewatch"
	"github.com/ddgbot/ddgbot/metrics"
	"github.com/ddgbot/ddgbot/query"
	"github.com/ddgbot/ddgbot/reply"
	"github.com/ddgbot/ddgbot/safety"
)

const answersUsage = "usage: ddgbot answers [--config FILE] check ANSWERS.yaml"

// answersCmd checks an answers file before it is deployed: the schema,
// duplicate ids, colliding matches, and that the crisis answer named by
// safety.crisis_answer (in the config) is in it. It prints every problem
// with its line and fails when there is one.
func answersCmd(_ context.Context, c call) error {
	cfg, args, stdout, stderr := c.cfg, c.args, c.stdout, c.stderr
	if len(args) > 1 && args[0] == "check" && strings.HasPrefix(args[1], "-") {
		return usageError(stderr, fmt.Errorf("flags go before check: %s", answersUsage))
	}
	if len(args) != 2 || args[0] != "check" {
		return usageError(stderr, errors.New(answersUsage))
	}
	file := args[1]
	set, err := answers.Load(file)
	if err == nil {
		err = requireAnswer(cfg.Safety.CrisisAnswer)(set)
		if err != nil {
			err = &answers.Error{File: file, Problems: []answers.Problem{{Msg: err.Error()}}}
		}
	}
	if ae := (*answers.Error)(nil); errors.As(err, &ae) {
		for _, p := range ae.Problems {
			if p.Line > 0 {
				fmt.Fprintf(stdout, "%s:%d: %s\n", ae.File, p.Line, p.Msg)
			} else {
				fmt.Fprintf(stdout, "%s: %s\n", ae.File, p.Msg)
			}
		}
		return fmt.Errorf("%s: %d problem(s); nothing in it would be used", file, len(ae.Problems))
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s: ok, %d answers\n", file, set.Len())
	for _, e := range set.Entries() {
		fmt.Fprintf(stdout, "  %-20s %d match phrases  %q\n", e.ID, len(e.Match), e.Title)
	}
	if id := cfg.Safety.CrisisAnswer; id != "" {
		fmt.Fprintf(stdout, "crisis answer: %s\n", id)
	}
	return nil
}

// requireAnswer is the rule an answers file must pass beyond its own
// validity: the configured crisis answer is in it.
func requireAnswer(id string) func(*answers.Set) error {
	return func(s *answers.Set) error {
		if id == "" {
			return nil
		}
		if _, ok := s.Get(id); !ok {
			return fmt.Errorf("safety.crisis_answer %q is not an id in the file", id)
		}
		return nil
	}
}

// newGuards builds the crisis check, the topic and source rules and, when
// answers.file is set, the own answers: loaded now, so a broken file stops
// start-up with its line named. m may be nil (no metrics); watch tunes
// the answers' Watch.
func newGuards(cfg config.Config, log *slog.Logger, m *metrics.Guards, watch filewatch.Options) (reply.Guards, *answers.Holder, error) {
	// The crisis check reads words as extraction does, in every language
	// whatever suggestions.languages allows: a crisis is one in any.
	crisis, err := safety.OpenLists(safety.Options{Extra: cfg.Safety.Crisis, Reader: query.New(nil), Built: cfg.Safety.Detector()}, cfg.Safety.CrisisDir, log)
	if dirErr := (*safety.DirError)(nil); errors.As(err, &dirErr) {
		return reply.Guards{}, nil, fmt.Errorf("config: safety.crisis_dir: %w", err)
	} else if err != nil {
		return reply.Guards{}, nil, fmt.Errorf("config: safety.crisis.%w", err)
	}
	rules, err := safety.NewRules(cfg.Safety.BlockTopics, cfg.Safety.AllowedSources)
	if err != nil {
		return reply.Guards{}, nil, fmt.Errorf("config: safety.%w", err)
	}
	g := reply.Guards{Crisis: crisis, CrisisAnswer: cfg.Safety.CrisisAnswer, Rules: rules}
	o := answers.HolderOptions{Check: requireAnswer(cfg.Safety.CrisisAnswer), Logger: log, Watch: watch}
	if m != nil {
		g.OnCrisis = func(c safety.Crisis) { m.Crisis.WithLabelValues(c.Language, c.Category, c.Tier).Inc() }
		g.OnFiltered = func(reason string) { m.Filtered.WithLabelValues(reason).Inc() }
		o.Observe = func(r answers.Reloaded) {
			result := "ok"
			if r.Err != nil {
				result = "refused"
			}
			m.Reloads.WithLabelValues(result).Inc()
		}
	}
	if cfg.Answers.File == "" {
		if cfg.Safety.CrisisAnswer != "" {
			// Checked here, where the answers are opened, not in the
			// config: `answers check FILE` names the file itself.
			return reply.Guards{}, nil, errors.New("config: safety.crisis_answer names an own answer, so answers.file must be set")
		}
		return g, nil, nil
	}
	h, err := answers.Open(cfg.Answers.File, o)
	if err != nil {
		return reply.Guards{}, nil, fmt.Errorf("answers.file: %w", err)
	}
	g.Answers = h
	return g, h, nil
}

// watchAnswers reloads the own answers on SIGHUP and whenever the file
// changes, until ctx is done or the returned stop is called; stop waits
// for both to end.
func watchAnswers(ctx context.Context, c call, h *answers.Holder, log *slog.Logger) (stop func()) {
	return watchReload(ctx, c, "answers: file changes", h.Reload, h.Watch, log)
}

// watchCrisisLists reloads the help line's crisis lists on SIGHUP and
// whenever a file in their directory changes, as watchAnswers does.
func watchCrisisLists(ctx context.Context, c call, l *safety.Lists, log *slog.Logger) (stop func()) {
	o := c.watch
	o.Logger = log
	watch := func(ctx context.Context) error { return l.Watch(ctx, o) }
	return watchReload(ctx, c, "crisis lists: changes", l.Reload, watch, log)
}

// watchReload calls reload on SIGHUP (c.hangups) and runs watch (which reloads on
// changes) until ctx is done or the returned stop is called; stop waits
// for both to end. reload logs and counts its own outcome; a watch that
// cannot start is logged as what is then not watched.
func watchReload(ctx context.Context, c call, what string, reload func(trigger string) error, watch func(context.Context) error, log *slog.Logger) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	hup := make(chan os.Signal, 1)
	unsubscribe := c.hangups(hup)
	var wg sync.WaitGroup
	wg.Go(func() {
		for {
			select {
			case <-ctx.Done():
				return
			case <-hup:
				_ = reload(answers.TriggerSignal)
			}
		}
	})
	wg.Go(func() {
		if err := watch(ctx); err != nil {
			log.Warn(what+" are not watched; reload with SIGHUP", "err", err)
		}
	})
	return func() {
		unsubscribe()
		cancel()
		wg.Wait()
	}
}
