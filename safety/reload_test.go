package safety_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/ddgbot/ddgbot/filewatch"
	"github.com/ddgbot/ddgbot/safety"
)

// Ensure a help line's own lists extend the built-in ones (with their
// classes), are reloaded without a restart, and a broken edit is refused
// while the previous lists stay in use.
func TestListsReload(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	file := filepath.Join(dir, "en.txt")
	write := func(s string) {
		t.Helper()
		if err := os.WriteFile(file, []byte(s), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("[certain suicidal]\nnobody would notice if i vanished\n")
	l, err := safety.OpenLists(safety.Options{}, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	detected := func(msg string) bool { _, ok := l.Detect(msg); return ok }
	if !detected("honestly nobody would notice if i vanished") || !detected("i want to kill myself") {
		t.Fatal("own or built-in entry not detected")
	}
	write("[certain partner-violence]\n@who .. {smashed|smashes} my phone\n")
	if err := l.Reload("test"); err != nil {
		t.Fatal(err)
	}
	if !detected("my boyfriend smashed my phone again") || detected("nobody would notice if i vanished") || l.Generation() != 1 {
		t.Fatalf("reloaded lists not in use (generation %d)", l.Generation())
	}
	write("[certain suicidal]\n{unclosed\n")
	err = l.Reload("test")
	var dirErr *safety.DirError
	if !errors.As(err, &dirErr) || !detected("my boyfriend smashed my phone again") || l.Generation() != 1 {
		t.Fatalf("broken list: %v, generation %d", err, l.Generation())
	}
	if _, err := safety.OpenLists(safety.Options{}, dir, nil); !errors.As(err, &dirErr) {
		t.Fatalf("a broken list at start: %v", err)
	}
	if _, err := safety.OpenLists(safety.Options{}, filepath.Join(dir, "missing"), nil); !errors.As(err, &dirErr) {
		t.Fatalf("a missing directory: %v", err)
	}

	t.Run("watch", func(t *testing.T) {
		write("[certain suicidal]\nnobody would notice if i vanished\n")
		if err := l.Reload("test"); err != nil {
			t.Fatal(err)
		}
		if detected("they hid my shoes again") {
			t.Fatal("taken for a crisis before the list had it")
		}
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() {
			done <- l.Watch(ctx, filewatch.Options{Debounce: time.Millisecond, Settle: time.Millisecond, Poll: 10 * time.Millisecond})
		}()
		defer func() { cancel(); <-done }()
		// The watcher may start after the first write: write until seen.
		for deadline := time.Now().Add(10 * time.Second); !detected("they hid my shoes again"); {
			if time.Now().After(deadline) {
				t.Fatal("an edited list was not reloaded")
			}
			write("[certain child-abuse]\nthey hid my shoes again\n")
			time.Sleep(20 * time.Millisecond)
		}
	})
}
