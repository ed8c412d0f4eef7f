package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ddgbot/ddgbot/duckduckgo/ddgtest"
)

// fiveAnswers is an answers file whose crisis referral (first, a block
// scalar, so a cut inside it is still valid YAML) gives line as its phone
// number, and whose clinic entry is titled title.
func fiveAnswers(line, title string) string {
	return `answers:
  - id: referral
    title: Talk to someone now
    body: |
      You are not alone, and we want to help right now.
      Call our free 24-hour line: ` + line + `
      In an emergency, call 112.
  - id: clinic-hours
    title: ` + title + `
    match: [clinic hours]
    body: Monday to Friday, 8:00 to 17:00.
  - id: reddit-policy
    title: Our Reddit community
    match: [reddit]
    body: Our moderated community is r/example.
  - id: asthma
    title: Our asthma clinic
    match: [asthma]
    body: Open every Wednesday.
  - id: stop
    title: Stop messages
    match: [stop messages]
    body: Reply STOP and we will not message you again.
`
}

// waitFor polls msg until its first suggestion satisfies ok, and fails
// after limit.
func (s *service) waitFor(t *testing.T, msg string, limit time.Duration, ok func(title, body string) bool) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for {
		sugg, _ := s.pollCard(t, msg)
		if len(sugg) > 0 && ok(sugg[0].Title, sugg[0].Body) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("after %v, %q is answered %+v", limit, msg, sugg)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// reloadLimit bounds how long a reload may take: with filewatch's
// defaults the debounce and the settle time (1.25 s) or the poll fallback
// (2 s), and room for a loaded machine.
const reloadLimit = 8 * time.Second

// Ensure an answers file rewritten in place by a writer that pauses half
// way (here: until the watcher has read the half file) is never put in
// use: polls keep the complete old referral and all five answers until the
// complete new file is in use.
func TestEndToEndHalfWrittenAnswers(t *testing.T) {
	t.Parallel()
	path := writeAnswers(t, filepath.Join(t.TempDir(), "answers.yaml"), fiveAnswers("0800 000 000", "Clinic hours"))
	fake, err := ddgtest.NewFixtureServer("../testdata/ddg")
	if err != nil {
		t.Fatal(err)
	}
	s := launch(t, fake, launchOptions{defaultWatch: true}, "DDGBOT_ANSWERS_FILE="+path, "DDGBOT_SAFETY_CRISIS_ANSWER=referral")
	const crisis = "I want to kill myself"
	complete := func(line string) func(string, string) bool {
		return func(title, body string) bool {
			return title == "Talk to someone now" && strings.Contains(body, "24-hour line: "+line+"\n")
		}
	}
	s.waitFor(t, crisis, reloadLimit, complete("0800 000 000"))

	next := fiveAnswers("0800 123 456", "Clinic hours")
	cut := strings.Index(next, "0800 123 456") + len("0800 1")
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_TRUNC, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	const firstRead = "reading it again to be sure it is complete"
	reloads, reads := strings.Count(s.logs.String(), "answers reloaded"), strings.Count(s.logs.String(), firstRead)
	paused := time.Now() // the watcher reads the half file after this
	if _, err := f.WriteString(next[:cut]); err != nil {
		t.Fatal(err)
	}
	// The writer pauses until the watcher has read the half file once
	// (or, as before this was fixed, reloaded it).
	for deadline := time.Now().Add(reloadLimit); ; time.Sleep(10 * time.Millisecond) {
		logs := s.logs.String()
		if strings.Count(logs, firstRead) > reads || strings.Count(logs, "answers reloaded") > reloads {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the watcher never read the changed file")
		}
	}
	// Polls while the writer pauses keep the complete old file. The pause
	// stays well inside the settle time (1s after that read): a writer
	// pausing longer cannot be told from one that has finished, and a
	// fixed number of polls outlasted it on a loaded machine.
	// A poll that returns once the writer has paused longer than the
	// settle time (a loaded machine can stretch one poll that far) says
	// nothing about the watcher, so only polls answered sooner count.
	const settle = time.Second // filewatch's default Settle, which serve uses
	for until := time.Now().Add(300 * time.Millisecond); time.Now().Before(until); {
		sugg, _ := s.pollCard(t, crisis)
		if time.Since(paused) >= settle {
			break
		}
		if len(sugg) == 0 || !complete("0800 000 000")(sugg[0].Title, sugg[0].Body) {
			t.Fatalf("%v after the writer paused, %q is answered %+v", time.Since(paused), crisis, sugg)
		}
		sugg, _ = s.pollCard(t, "stop messages")
		if time.Since(paused) >= settle {
			break
		}
		if len(sugg) == 0 || sugg[0].Title != "Stop messages" {
			t.Fatalf("%v after the writer paused, %q is answered %+v", time.Since(paused), "stop messages", sugg)
		}
	}
	if _, err := f.WriteString(next[cut:]); err != nil {
		t.Fatal(err)
	}
	s.waitFor(t, crisis, reloadLimit, complete("0800 123 456"))
	s.waitFor(t, "stop messages", 0, func(title, _ string) bool { return title == "Stop messages" })
}

// Ensure a file written often beside the answers file (a log appended
// every 50 ms) does not hold off the reload.
func TestEndToEndAnswersBesideBusyLog(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := writeAnswers(t, filepath.Join(dir, "answers.yaml"), fiveAnswers("0800 000 000", "Version 1"))
	s := start(t, "DDGBOT_ANSWERS_FILE="+path)
	log, err := os.OpenFile(filepath.Join(dir, "app.log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	defer log.Close()
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		tick := time.NewTicker(50 * time.Millisecond)
		defer tick.Stop()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			case <-tick.C:
				fmt.Fprintf(log, "line %d\n", i)
			}
		}
	}()
	defer func() { close(stop); <-done }()
	for v := 2; v <= 3; v++ {
		writeAnswers(t, path, fiveAnswers("0800 000 000", fmt.Sprint("Version ", v)))
		s.waitFor(t, "clinic hours", reloadLimit, func(title, _ string) bool { return title == fmt.Sprint("Version ", v) })
	}
}

// Ensure the answers are reloaded through a `current -> release` symlink
// swapped several times, a Kubernetes ConfigMap's `..data` swaps, and the
// replacement of the file's directory (and edits in the new one).
func TestEndToEndAnswersThroughSwaps(t *testing.T) {
	t.Parallel()
	const swaps = 4
	clinic := func(t *testing.T, s *service, v int) {
		t.Helper()
		s.waitFor(t, "clinic hours", reloadLimit, func(title, _ string) bool { return title == fmt.Sprint("Version ", v) })
	}
	link := func(t *testing.T, target, name string) {
		t.Helper()
		if err := os.Symlink(target, name+".tmp"); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(name+".tmp", name); err != nil {
			t.Fatal(err)
		}
	}
	t.Run("current -> release", func(t *testing.T) {
		t.Parallel()
		dir := t.TempDir()
		release := func(v int) string {
			name := fmt.Sprint("release-", v)
			if err := os.Mkdir(filepath.Join(dir, name), 0o700); err != nil {
				t.Fatal(err)
			}
			writeAnswers(t, filepath.Join(dir, name, "answers.yaml"), fiveAnswers("0800 000 000", fmt.Sprint("Version ", v)))
			return name
		}
		link(t, release(0), filepath.Join(dir, "current"))
		s := start(t, "DDGBOT_ANSWERS_FILE="+filepath.Join(dir, "current", "answers.yaml"))
		for v := 1; v <= swaps; v++ {
			link(t, release(v), filepath.Join(dir, "current"))
			clinic(t, s, v)
		}
	})
	t.Run("ConfigMap ..data", func(t *testing.T) {
		t.Parallel()
		dir := t.TempDir()
		version := func(v int) string {
			name := fmt.Sprintf("..2026_12_07_16_00_%02d.%d", v, v)
			if err := os.Mkdir(filepath.Join(dir, name), 0o700); err != nil {
				t.Fatal(err)
			}
			writeAnswers(t, filepath.Join(dir, name, "answers.yaml"), fiveAnswers("0800 000 000", fmt.Sprint("Version ", v)))
			return name
		}
		link(t, version(0), filepath.Join(dir, "..data"))
		if err := os.Symlink(filepath.Join("..data", "answers.yaml"), filepath.Join(dir, "answers.yaml")); err != nil {
			t.Fatal(err)
		}
		s := start(t, "DDGBOT_ANSWERS_FILE="+filepath.Join(dir, "answers.yaml"))
		for v := 1; v <= swaps; v++ {
			old, err := os.Readlink(filepath.Join(dir, "..data"))
			if err != nil {
				t.Fatal(err)
			}
			link(t, version(v), filepath.Join(dir, "..data"))
			if err := os.RemoveAll(filepath.Join(dir, old)); err != nil { // as the kubelet does
				t.Fatal(err)
			}
			clinic(t, s, v)
		}
	})
	t.Run("directory replaced", func(t *testing.T) {
		t.Parallel()
		dir := t.TempDir()
		conf := filepath.Join(dir, "conf")
		if err := os.Mkdir(conf, 0o700); err != nil {
			t.Fatal(err)
		}
		path := writeAnswers(t, filepath.Join(conf, "answers.yaml"), fiveAnswers("0800 000 000", "Version 0"))
		s := start(t, "DDGBOT_ANSWERS_FILE="+path)
		for v := 1; v <= 2*swaps; v += 2 {
			next := filepath.Join(dir, "conf.new")
			if err := os.Mkdir(next, 0o700); err != nil {
				t.Fatal(err)
			}
			writeAnswers(t, filepath.Join(next, "answers.yaml"), fiveAnswers("0800 000 000", fmt.Sprint("Version ", v)))
			if err := os.Rename(conf, filepath.Join(dir, fmt.Sprint("conf.old", v))); err != nil {
				t.Fatal(err)
			}
			if err := os.Rename(next, conf); err != nil {
				t.Fatal(err)
			}
			clinic(t, s, v)
			writeAnswers(t, path, fiveAnswers("0800 000 000", fmt.Sprint("Version ", v+1)))
			clinic(t, s, v+1)
		}
	})
}
