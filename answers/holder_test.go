package answers_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ddgbot/ddgbot/answers"
	"github.com/ddgbot/ddgbot/filewatch"
)

func entryFile(ids ...string) string {
	var b strings.Builder
	b.WriteString("answers:\n")
	for _, id := range ids {
		b.WriteString("  - id: " + id + "\n    title: T " + id + "\n    body: B " + id + "\n    match: [topic " + id + "]\n")
	}
	return b.String()
}

const broken = "answers:\n  - id: x\n    title: X\n    body: \"\"\n"

func write(t *testing.T, path, content string) {
	t.Helper()
	// Write and rename, as editors and config management do, so a reader
	// never sees half a file.
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		t.Fatal(err)
	}
}

// Ensure a broken file is refused at open, naming the line.
func TestOpenRefusesBrokenFile(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "answers.yaml")
	write(t, path, broken)
	_, err := answers.Open(path, answers.HolderOptions{})
	if err == nil || !strings.Contains(err.Error(), path+":2: entry x has an empty body") {
		t.Fatalf("Open = %v", err)
	}
	if _, err := answers.Open(filepath.Join(t.TempDir(), "missing.yaml"), answers.HolderOptions{}); err == nil {
		t.Fatal("Open of a missing file succeeded")
	}
}

// Ensure Reload swaps in a valid file, keeps the previous set on a broken
// one or one the check refuses, and reports each attempt.
func TestReload(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "answers.yaml")
	write(t, path, entryFile("a", "referral"))
	var got []answers.Reloaded
	needReferral := func(s *answers.Set) error {
		if _, ok := s.Get("referral"); !ok {
			return errors.New("safety.crisis_answer: no entry \"referral\"")
		}
		return nil
	}
	h, err := answers.Open(path, answers.HolderOptions{Check: needReferral, Observe: func(r answers.Reloaded) { got = append(got, r) }})
	if err != nil {
		t.Fatal(err)
	}
	first := h.Current()

	write(t, path, entryFile("a", "b", "referral"))
	if err := h.Reload(answers.TriggerSignal); err != nil {
		t.Fatal(err)
	}
	if h.Current().Len() != 3 || first.Len() != 2 {
		t.Fatalf("after reload %d entries; the old set now %d", h.Current().Len(), first.Len())
	}

	write(t, path, broken)
	if err := h.Reload(answers.TriggerSignal); err == nil || !strings.Contains(err.Error(), ":2: entry x has an empty body") {
		t.Fatalf("Reload of a broken file = %v", err)
	}
	write(t, path, entryFile("a"))
	if err := h.Reload(answers.TriggerSignal); err == nil || !strings.Contains(err.Error(), "safety.crisis_answer") {
		t.Fatalf("Reload without the referral = %v", err)
	}
	if _, ok := h.Current().Get("b"); !ok || h.Current().Len() != 3 {
		t.Fatal("a refused file replaced the answers in use")
	}
	if len(got) != 3 || got[0].Err != nil || got[0].Entries != 3 || got[1].Err == nil || got[2].Err == nil || got[2].Entries != 3 {
		t.Fatalf("observed %+v", got)
	}
}

// Ensure the watcher reloads a changed file once it settles, refuses a
// broken one, and picks up the next good one.
func TestWatch(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "answers.yaml")
	write(t, path, entryFile("a"))
	events := make(chan answers.Reloaded, 16)
	h, err := answers.Open(path, answers.HolderOptions{
		Watch:   filewatch.Options{Debounce: 20 * time.Millisecond, Settle: 20 * time.Millisecond},
		Observe: func(r answers.Reloaded) { events <- r },
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- h.Watch(ctx) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
	}()

	next := func() answers.Reloaded {
		t.Helper()
		select {
		case r := <-events:
			return r
		case <-time.After(10 * time.Second):
			t.Fatal("no reload seen")
		}
		return answers.Reloaded{}
	}
	// The watcher may start after the first write: write until it reports.
	write(t, path, entryFile("a", "b"))
	var r answers.Reloaded
	for r.Entries != 2 {
		select {
		case r = <-events:
		case <-time.After(200 * time.Millisecond):
			write(t, path, entryFile("a", "b"))
		}
	}
	if r.Err != nil || r.Trigger != answers.TriggerWatch {
		t.Fatalf("first reload %+v", r)
	}

	write(t, path, broken)
	if r := next(); r.Err == nil || r.Entries != 2 {
		t.Fatalf("broken file: %+v", r)
	}
	// A file elsewhere in the directory does not reload an unchanged set.
	if err := os.WriteFile(filepath.Join(dir, "other.txt"), []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	write(t, path, entryFile("a", "b", "c"))
	if r := next(); r.Err != nil || r.Entries != 3 || h.Current().Len() != 3 {
		t.Fatalf("good file after a broken one: %+v", r)
	}
}

// Ensure readers never see a torn set while reloads run (run with -race).
func TestCurrentDuringReloads(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "answers.yaml")
	write(t, path, entryFile("a"))
	h, err := answers.Open(path, answers.HolderOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				s := h.Current()
				if m, ok := s.Match("topic a", nil, nil); !ok || m.Entry.Body != "B a" {
					t.Error("lost entry a")
					return
				}
			}
		}()
	}
	for i := range 50 {
		if i%5 == 4 {
			write(t, path, broken)
			if h.Reload("test") == nil {
				t.Error("broken file accepted")
			}
			continue
		}
		write(t, path, entryFile("a", strings.Repeat("b", i+1)))
		if err := h.Reload("test"); err != nil {
			t.Error(err)
		}
	}
	close(stop)
	wg.Wait()
}

// Ensure a Kubernetes ConfigMap update (a new directory, then an atomic
// swap of the ..data symlink the file points through) is reloaded.
func TestWatchSymlinkSwap(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for i, content := range []string{entryFile("a"), entryFile("a", "b")} {
		sub := filepath.Join(dir, "v"+string(rune('1'+i)))
		if err := os.Mkdir(sub, 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(sub, "answers.yaml"), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	data := filepath.Join(dir, "..data")
	if err := os.Symlink("v1", data); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "answers.yaml")
	if err := os.Symlink(filepath.Join("..data", "answers.yaml"), path); err != nil {
		t.Fatal(err)
	}
	events := make(chan answers.Reloaded, 16)
	h, err := answers.Open(path, answers.HolderOptions{Watch: filewatch.Options{Debounce: 20 * time.Millisecond, Settle: 20 * time.Millisecond}, Observe: func(r answers.Reloaded) { events <- r }})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- h.Watch(ctx) }()
	defer func() { cancel(); <-done }()

	// Swap until the watcher (which may start late) reports the new set.
	for i := 0; ; i++ {
		target := []string{"v2", "v1"}[i%2]
		tmp := filepath.Join(dir, "..data_tmp")
		if err := os.Symlink(target, tmp); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(tmp, data); err != nil {
			t.Fatal(err)
		}
		if target == "v1" {
			continue
		}
		select {
		case r := <-events:
			if r.Err != nil || r.Entries != 2 {
				t.Fatalf("reload %+v", r)
			}
			return
		case <-time.After(time.Second):
			if i > 20 {
				t.Fatal("symlink swap never reloaded")
			}
		}
	}
}
