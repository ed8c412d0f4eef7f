package filewatch_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ddgbot/ddgbot/filewatch"
)

// fakeClock fires its timers only when the test advances it, and tells
// the test each timer armed.
type fakeClock struct {
	mu     sync.Mutex
	now    time.Duration
	timers []timer
	armed  chan time.Duration
}

type timer struct {
	at time.Duration
	ch chan time.Time
}

func newClock() *fakeClock { return &fakeClock{armed: make(chan time.Duration, 1024)} }

func (c *fakeClock) After(d time.Duration) <-chan time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch := make(chan time.Time, 1)
	c.timers = append(c.timers, timer{c.now + d, ch})
	c.armed <- d
	return ch
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now += d
	kept := c.timers[:0]
	for _, t := range c.timers {
		if t.at <= c.now {
			t.ch <- time.Unix(0, int64(c.now))
		} else {
			kept = append(kept, t)
		}
	}
	c.timers = kept
}

const (
	debounce = 250 * time.Millisecond
	settle   = time.Second
	poll     = time.Hour // no poll unless a test advances this far
)

// harness runs Watch on path with the fake clock and collects what it
// hands over.
type harness struct {
	clock    *fakeClock
	changes  chan string
	advanced int    // timers let pass by next
	initial  string // what was handed over at the start
}

func watch(t *testing.T, path string) *harness {
	t.Helper()
	h := &harness{clock: newClock(), changes: make(chan string, 64)}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- filewatch.Watch(ctx, path, filewatch.Options{Debounce: debounce, Settle: settle, Poll: poll, Clock: h.clock},
			func(data []byte, err error) {
				if err != nil {
					h.changes <- "error: " + err.Error()
					return
				}
				h.changes <- string(data)
			})
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
	})
	h.waitArmed(t, poll) // started and watching
	h.initial = h.next(t)
	return h
}

// waitArmed waits for a timer of duration d to be armed.
func (h *harness) waitArmed(t *testing.T, d time.Duration) {
	t.Helper()
	for {
		select {
		case got := <-h.clock.armed:
			if got == d {
				return
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("no %v timer armed", d)
		}
	}
}

// armed returns the duration of the next timer armed.
func (h *harness) armed(t *testing.T) time.Duration {
	t.Helper()
	select {
	case d := <-h.clock.armed:
		return d
	case <-time.After(10 * time.Second):
		t.Fatal("no timer armed")
		return 0
	}
}

// next lets time pass, one armed timer at a time, until something is
// handed over, and returns it.
func (h *harness) next(t *testing.T) string {
	t.Helper()
	for {
		select {
		case c := <-h.changes:
			return c
		case d := <-h.clock.armed:
			if d != poll {
				h.advanced++
				h.clock.Advance(d)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("nothing handed over")
		}
	}
}

func (h *harness) none(t *testing.T) {
	t.Helper()
	select {
	case c := <-h.changes:
		t.Fatalf("handed over %q", c)
	default:
	}
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		t.Fatal(err)
	}
}

// Ensure a file rewritten in place by a writer that pauses half way is
// handed over only once complete: the read after the debounce sees half a
// file, the read a settle time later sees it change, and the complete file
// is read twice alike before it is handed over.
func TestHalfWrittenFileWaits(t *testing.T) {
	path := filepath.Join(t.TempDir(), "answers.yaml")
	writeFile(t, path, "v1 complete\n")
	h := watch(t, path)

	f, err := os.OpenFile(path, os.O_WRONLY|os.O_TRUNC, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString("v2 half"); err != nil {
		t.Fatal(err)
	}
	h.waitArmed(t, debounce)
	h.clock.Advance(debounce) // the first read: half a file
	// The write's event may come after the truncation's and arm the
	// debounce again: the read after it sees the same half file.
	for d := h.armed(t); d != settle; d = h.armed(t) {
		if d == debounce {
			h.clock.Advance(d)
		}
	}
	if _, err := f.WriteString(" and the rest\n"); err != nil { // the writer goes on
		t.Fatal(err)
	}
	// Whatever the order of the write's event and the timers, the first
	// thing handed over is the complete file.
	if got := h.next(t); got != "v2 half and the rest\n" {
		t.Fatalf("handed over %q", got)
	}
}

// Ensure writes to other files in the directory, however frequent, do
// not hold off the file's own change: they arm no timer at all.
func TestOtherFilesIgnored(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "answers.yaml")
	writeFile(t, path, "v1\n")
	h := watch(t, path)

	log, err := os.OpenFile(filepath.Join(dir, "app.log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	defer log.Close()
	stop := make(chan struct{})
	written := make(chan int, 1)
	var wg sync.WaitGroup
	wg.Go(func() {
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			fmt.Fprintf(log, "line %d\n", i)
			writeFile(t, filepath.Join(dir, "other.yaml"), fmt.Sprint(i))
			select {
			case written <- i:
			default:
			}
		}
	})
	defer func() { close(stop); wg.Wait() }()

	h.advanced = 0
	writeFile(t, path, "v2\n")
	if got := h.next(t); got != "v2\n" {
		t.Fatalf("handed over %q", got)
	}
	// The debounce and the settle time, a few times at most: each event
	// of the rename may restart them. Another file's write restarts
	// nothing (when it did, dozens of timers passed here).
	if h.advanced > 6 {
		t.Errorf("%d timers let pass before the change was handed over", h.advanced)
	}
	// After 200 more writes of the other files, at most the rename's
	// second event may still have armed a timer.
	for n, from := <-written, <-written; n < from+200; n = <-written {
	}
	armed := 0
	for len(h.clock.armed) > 0 {
		if d := <-h.clock.armed; d != poll {
			armed++
		}
	}
	if armed > 1 {
		t.Fatalf("%d timers armed while only other files were written", armed)
	}
}

// Ensure the file is followed through a `current -> release` symlink
// swapped many times, a Kubernetes ConfigMap's `..data` swaps, and its
// directory being replaced.
func TestFollowsSwapsAndReplacedDirectory(t *testing.T) {
	t.Run("current -> release", func(t *testing.T) {
		dir := t.TempDir()
		for i := range 2 {
			rel := filepath.Join(dir, fmt.Sprint("release", i))
			if err := os.Mkdir(rel, 0o700); err != nil {
				t.Fatal(err)
			}
		}
		if err := os.Symlink("release0", filepath.Join(dir, "current")); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, "current", "answers.yaml")
		writeFile(t, path, "v0")
		h := watch(t, path)
		for i := 1; i <= 20; i++ {
			rel := fmt.Sprint("release", i%2)
			writeFile(t, filepath.Join(dir, rel, "answers.yaml"), fmt.Sprint("v", i))
			swap(t, rel, filepath.Join(dir, "current"))
			if got := h.next(t); got != fmt.Sprint("v", i) {
				t.Fatalf("swap %d: handed over %q", i, got)
			}
		}
	})
	t.Run("ConfigMap ..data", func(t *testing.T) {
		dir := t.TempDir()
		mkVersion := func(i int) string {
			name := fmt.Sprintf("..2026_12_07_%02d", i)
			if err := os.Mkdir(filepath.Join(dir, name), 0o700); err != nil {
				t.Fatal(err)
			}
			writeFile(t, filepath.Join(dir, name, "answers.yaml"), fmt.Sprint("v", i))
			return name
		}
		if err := os.Symlink(mkVersion(0), filepath.Join(dir, "..data")); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, "answers.yaml")
		if err := os.Symlink(filepath.Join("..data", "answers.yaml"), path); err != nil {
			t.Fatal(err)
		}
		h := watch(t, path)
		for i := 1; i <= 20; i++ {
			old, _ := os.Readlink(filepath.Join(dir, "..data"))
			swap(t, mkVersion(i), filepath.Join(dir, "..data"))
			if err := os.RemoveAll(filepath.Join(dir, old)); err != nil { // as the kubelet does
				t.Fatal(err)
			}
			if got := h.next(t); got != fmt.Sprint("v", i) {
				t.Fatalf("swap %d: handed over %q", i, got)
			}
		}
	})
	t.Run("directory replaced", func(t *testing.T) {
		dir := t.TempDir()
		conf := filepath.Join(dir, "conf")
		if err := os.Mkdir(conf, 0o700); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(conf, "answers.yaml")
		writeFile(t, path, "v0")
		h := watch(t, path)
		for i := 1; i <= 5; i++ {
			next := filepath.Join(dir, "conf.new")
			if err := os.Mkdir(next, 0o700); err != nil {
				t.Fatal(err)
			}
			writeFile(t, filepath.Join(next, "answers.yaml"), fmt.Sprint("v", i))
			if err := os.RemoveAll(conf); err != nil {
				t.Fatal(err)
			}
			if err := os.Rename(next, conf); err != nil {
				t.Fatal(err)
			}
			got := h.next(t)
			for strings.HasPrefix(got, "error: ") { // read while it was gone
				got = h.next(t)
			}
			if got != fmt.Sprint("v", i) {
				t.Fatalf("replacement %d: handed over %q", i, got)
			}
			// An edit in place in the new directory is seen too.
			writeFile(t, path, fmt.Sprint("v", i, " edited"))
			if got := h.next(t); got != fmt.Sprint("v", i, " edited") {
				t.Fatalf("edit after replacement %d: handed over %q", i, got)
			}
		}
	})
}

// swap points the symlink link at target atomically, as `ln -sfn` with a
// rename and the kubelet do.
func swap(t *testing.T, target, link string) {
	t.Helper()
	tmp := link + ".tmp"
	if err := os.Symlink(target, tmp); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, link); err != nil {
		t.Fatal(err)
	}
}

// Ensure a change no event reports is found by the poll.
func TestPollFallback(t *testing.T) {
	path := filepath.Join(t.TempDir(), "answers.yaml")
	writeFile(t, path, "v1")
	h := watch(t, path)
	if h.initial != "v1" {
		t.Fatalf("handed over %q at the start", h.initial)
	}
	h.clock.Advance(poll) // nothing changed: nothing to do
	h.waitArmed(t, poll)
	h.none(t)
	writeFile(t, path, "v2")
	// Whether the event or the poll finds it, it is handed over once.
	h.clock.Advance(poll)
	if got := h.next(t); got != "v2" {
		t.Fatalf("handed over %q", got)
	}
}
