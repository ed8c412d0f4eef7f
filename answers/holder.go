package answers

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Reload triggers, as Reloaded.Trigger reports them.
const (
	TriggerStart  = "start"
	TriggerSignal = "signal"
	TriggerWatch  = "watch"
)

// Reloaded reports one reload attempt.
type Reloaded struct {
	Trigger string // TriggerStart, TriggerSignal, TriggerWatch or the caller's own
	Entries int    // entries in use afterwards
	Err     error  // why the new file was refused; the previous set stays in use
}

// HolderOptions configure a Holder. All are optional.
type HolderOptions struct {
	// Check is a rule a new set must also pass, e.g. that the crisis
	// answer exists. A set it refuses is not used.
	Check func(*Set) error
	// Observe is called after every reload attempt that read a changed
	// file (for metrics).
	Observe func(Reloaded)
	// Logger gets one line per reload attempt: info when it was used,
	// error when it was refused.
	Logger *slog.Logger
	// Debounce is how long Watch waits after the last change in the
	// directory before reloading (default 250ms): editors write a file in
	// several steps.
	Debounce time.Duration
}

// Holder holds the answers in use and swaps them atomically on reload, so
// a lookup in flight keeps the set it started with. It is safe for
// concurrent use.
type Holder struct {
	path string
	o    HolderOptions
	cur  atomic.Pointer[Set]
	mu   sync.Mutex // one reload at a time
}

// Open loads the file at path and returns a Holder of it. An invalid file
// is an error (an *Error naming the line), so a bad file stops start-up.
func Open(path string, o HolderOptions) (*Holder, error) {
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Debounce <= 0 {
		o.Debounce = 250 * time.Millisecond
	}
	h := &Holder{path: path, o: o}
	s, err := h.load()
	if err != nil {
		return nil, err
	}
	h.cur.Store(s)
	h.o.Logger.Info("answers loaded", "file", path, "entries", s.Len())
	return h, nil
}

// Current returns the set in use. Callers keep using the set they got for
// the rest of their work.
func (h *Holder) Current() *Set {
	if h == nil {
		return nil
	}
	return h.cur.Load()
}

// Path is the file the holder reloads.
func (h *Holder) Path() string { return h.path }

func (h *Holder) load() (*Set, error) {
	s, err := Load(h.path)
	if err != nil {
		return nil, err
	}
	if h.o.Check != nil {
		if err := h.o.Check(s); err != nil {
			return nil, fmt.Errorf("%s: %w", h.path, err)
		}
	}
	return s, nil
}

// Reload reads and validates the file again and, when it is valid, puts
// it in use. A file that is refused leaves the previous set in use; the
// error names the line. trigger says what asked for the reload.
func (h *Holder) Reload(trigger string) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.reload(trigger, false)
}

// reload, with h.mu held. onlyChanged skips a file whose content is the
// set in use, which is what most events in a watched directory are.
func (h *Holder) reload(trigger string, onlyChanged bool) error {
	s, err := h.load()
	if err == nil && onlyChanged && s.sum == h.cur.Load().sum {
		return nil
	}
	if err != nil {
		h.o.Logger.Error("answers reload refused; previous answers stay in use",
			"file", h.path, "trigger", trigger, "entries", h.cur.Load().Len(), "err", err)
	} else {
		h.cur.Store(s)
		h.o.Logger.Info("answers reloaded", "file", h.path, "trigger", trigger, "entries", s.Len())
	}
	if h.o.Observe != nil {
		h.o.Observe(Reloaded{Trigger: trigger, Entries: h.cur.Load().Len(), Err: err})
	}
	return err
}

// Watch reloads the file whenever it changes, until ctx is done. It
// watches the file's directory, not the file, so an editor's
// write-and-rename and a Kubernetes ConfigMap's symlink swap are both
// seen; a burst of events reloads once, after HolderOptions.Debounce of
// quiet, and only a file whose content changed is reloaded. It returns an
// error only when the directory cannot be watched.
func (h *Holder) Watch(ctx context.Context) error {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return fmt.Errorf("answers: watch %s: %w", h.path, err)
	}
	defer w.Close()
	if err := w.Add(filepath.Dir(h.path)); err != nil {
		return fmt.Errorf("answers: watch %s: %w", h.path, err)
	}
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case _, ok := <-w.Events:
			if !ok {
				return nil
			}
			timer.Reset(h.o.Debounce)
		case err, ok := <-w.Errors:
			if !ok {
				return nil
			}
			h.o.Logger.Warn("answers: watching the file's directory", "file", h.path, "err", err)
		case <-timer.C:
			h.mu.Lock()
			_ = h.reload(TriggerWatch, true) // logged and observed
			h.mu.Unlock()
		}
	}
}
