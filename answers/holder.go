package answers

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"

	"github.com/ddgbot/ddgbot/filewatch"
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
	// Watch tunes how Watch sees changes: the debounce, the settle time
	// between the two reads that must agree, the poll (filewatch's
	// defaults when zero). Its MaxBytes is MaxFileBytes.
	Watch filewatch.Options
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
	o.Watch.MaxBytes = MaxFileBytes
	if o.Watch.Logger == nil {
		o.Watch.Logger = o.Logger
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
	return h.check(s)
}

// parse validates data read from the file (or the read error) as load does.
func (h *Holder) parse(data []byte, err error) (*Set, error) {
	if err != nil {
		return nil, &Error{File: h.path, Problems: []Problem{{Msg: err.Error()}}}
	}
	s, err := Parse(h.path, data)
	if err != nil {
		return nil, err
	}
	return h.check(s)
}

func (h *Holder) check(s *Set) (*Set, error) {
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
	s, err := h.load()
	return h.use(trigger, s, err, false)
}

// use puts s in use, or logs and reports err, with h.mu held. onlyChanged
// skips a file whose content is the set in use.
func (h *Holder) use(trigger string, s *Set, err error, onlyChanged bool) error {
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

// Watch reloads the file whenever it changes and is complete, until ctx
// is done: see package filewatch for how changes are seen (symlink swaps,
// a replaced directory, other files in the directory ignored) and how a
// half-written file is told from a complete one. Only a file whose content
// differs from the set in use is reloaded. It returns an error only when
// no watcher can be made.
func (h *Holder) Watch(ctx context.Context) error {
	err := filewatch.Watch(ctx, h.path, h.o.Watch, func(data []byte, err error) {
		h.mu.Lock()
		defer h.mu.Unlock()
		s, err := h.parse(data, err)
		_ = h.use(TriggerWatch, s, err, true) // logged and observed
	})
	if err != nil {
		return fmt.Errorf("answers: %w", err)
	}
	return nil
}
