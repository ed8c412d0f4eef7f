package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/ddgbot/ddgbot/answers"
	"github.com/ddgbot/ddgbot/config"
)

const answersUsage = "usage: ddgbot answers [--config FILE] check ANSWERS.yaml"

// answersCmd checks an answers file before it is deployed: the schema,
// duplicate ids, colliding matches, and that the crisis answer named by
// safety.crisis_answer (in the config) is in it. It prints every problem
// with its line and fails when there is one.
func answersCmd(cfg config.Config, args []string, stdout io.Writer) error {
	if len(args) != 2 || args[0] != "check" {
		return errors.New(answersUsage)
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
