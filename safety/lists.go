package safety

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"

	"github.com/ddgbot/ddgbot/filewatch"
)

// Lists holds the Detector in use and builds it again from its options
// when a help line edits its own lists (Options.Dir), so a list is
// extended without a rebuild or a restart. A reload that fails to parse
// leaves the previous Detector in use. Safe for concurrent use.
type Lists struct {
	o   Options
	dir string
	log *slog.Logger
	cur atomic.Pointer[Detector]
	gen atomic.Uint64
	mu  sync.Mutex // one reload at a time
}

// OpenLists builds a Detector of o plus the lists in dir ("" = none), in
// the format of the built-in ones, one file per language code ("sw.txt").
// An error (a missing directory, an entry that does not compile) names
// the file and line (a *DirError) or the extra entry, so a broken list
// stops start-up.
func OpenLists(o Options, dir string, log *slog.Logger) (*Lists, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if dir != "" {
		st, err := os.Stat(dir)
		if err != nil {
			return nil, &DirError{err}
		}
		if !st.IsDir() {
			return nil, &DirError{fmt.Errorf("%s is not a directory", dir)}
		}
		o.Dir = os.DirFS(dir)
	}
	l := &Lists{o: o, dir: dir, log: log}
	d, err := New(o)
	if err != nil {
		return nil, err
	}
	l.cur.Store(d)
	return l, nil
}

// Detect implements the crisis check with the Detector in use.
func (l *Lists) Detect(message string) (Crisis, bool) { return l.cur.Load().Detect(message) }

// Risky implements Detector.Risky with the Detector in use.
func (l *Lists) Risky(query string) bool { return l.cur.Load().Risky(query) }

// Sensitive implements Detector.Sensitive with the Detector in use.
func (l *Lists) Sensitive(message string) bool { return l.cur.Load().Sensitive(message) }

// Generation counts the reloads put in use: a verdict remembered under
// another generation may be stale.
func (l *Lists) Generation() uint64 { return l.gen.Load() }

// Reload builds the Detector again from the lists and puts it in use; a
// list that fails leaves the previous one in use and is the error.
func (l *Lists) Reload(trigger string) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	d, err := New(l.o)
	if err != nil {
		l.log.Error("crisis lists reload refused; previous lists stay in use", "dir", l.dir, "trigger", trigger, "err", err)
		return fmt.Errorf("crisis lists: %w", err)
	}
	l.cur.Store(d)
	l.gen.Add(1)
	l.log.Info("crisis lists reloaded", "dir", l.dir, "trigger", trigger)
	return nil
}

// Watch reloads the lists whenever a list file in their directory
// ("sw.txt") changes and is complete, until ctx is done: see package
// filewatch for how changes are seen (a Kubernetes ConfigMap's symlink
// swap, an editor's write-and-rename) and a half-written file is told from
// a complete one. It returns at once without a directory, and an error
// only when no watcher can be made.
func (l *Lists) Watch(ctx context.Context, o filewatch.Options) error {
	if l.dir == "" {
		return nil
	}
	if o.Logger == nil {
		o.Logger = l.log
	}
	errs := make(chan error, len(Languages()))
	var wg sync.WaitGroup
	for _, lang := range Languages() {
		wg.Go(func() {
			// Every change is a reload of all the lists, which reads the
			// directory again: the content handed over is not needed.
			errs <- filewatch.Watch(ctx, filepath.Join(l.dir, lang+".txt"), o, func([]byte, error) {
				_ = l.Reload("watch") // logged
			})
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			return fmt.Errorf("crisis lists: %w", err)
		}
	}
	return nil
}
