// Package filewatch hands over a file's content each time it changes and
// is complete, for files that are reloaded while a service runs (the own
// answers, lists a team edits).
//
// A change counts only once the file has settled: the same content, size,
// modification time and inode on two reads Settle apart, with no event on
// the file in between, so a file rewritten in place by a writer that
// pauses is not read half-written. The watcher follows the file through
// symlinks (a `current -> release-N` link, a Kubernetes ConfigMap's
// `..data` swaps) and the replacement of its directory: it watches the
// directories of the path and of every symlink on the way, re-resolves
// the path on every event, and polls the resolved file's identity as a
// fallback. Writes to other files in those directories are ignored.
package filewatch

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"syscall"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Clock gives the watcher's timers; tests use a fake one.
type Clock interface {
	After(d time.Duration) <-chan time.Time
}

type realClock struct{}

func (realClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// Options configure Watch. All are optional.
type Options struct {
	// Debounce is the quiet after the last event before the file is read
	// (default 250ms): editors write a file in several steps.
	Debounce time.Duration
	// Settle is how far apart the two reads that must agree are (default
	// 1s). A writer that pauses longer than Debounce+Settle in the middle
	// of a file, with the file open, is the case this cannot tell from a
	// finished file.
	Settle time.Duration
	// Poll is how often the resolved file's identity is checked even
	// without events (default 2s), and the directories re-watched: the
	// fallback for changes no event reports.
	Poll time.Duration
	// MaxBytes bounds a read (default 4 MiB): a larger file is handed
	// over as an error.
	MaxBytes int64
	// Clock defaults to the real one.
	Clock Clock
	// Logger gets a warning when a directory cannot be watched.
	Logger *slog.Logger
}

func (o *Options) defaults() {
	if o.Debounce <= 0 {
		o.Debounce = 250 * time.Millisecond
	}
	if o.Settle <= 0 {
		o.Settle = time.Second
	}
	if o.Poll <= 0 {
		o.Poll = 2 * time.Second
	}
	if o.MaxBytes <= 0 {
		o.MaxBytes = 4 << 20
	}
	if o.Clock == nil {
		o.Clock = realClock{}
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
}

// Watch calls changed with the file's content each time it changes and
// settles, until ctx is done; err is set instead when the settled file
// cannot be read (missing, too large). The first call hands over the
// content at the start, once settled, whether or not it changed: the
// caller's copy may be older. changed runs on Watch's goroutine. Watch returns an error
// only when no watcher can be made; a directory that cannot be watched
// (yet) is retried at every Poll.
func Watch(ctx context.Context, path string, o Options, changed func(data []byte, err error)) error {
	o.defaults()
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return fmt.Errorf("filewatch: %s: %w", path, err)
	}
	defer fw.Close()
	w := &watcher{path: filepath.Clean(path), o: o, fw: fw, dirs: map[string]fileID{}}
	w.rewatch()
	w.seen = w.identity()

	poll := o.Clock.After(o.Poll)
	var phase <-chan time.Time // the debounce, then the settle timer
	var first *snapshot        // the first read, while settling
	restart := func() { first, phase = nil, o.Clock.After(o.Debounce) }
	// The content at the start is handed over once settled too: it may
	// have changed since the caller read it.
	fresh := true
	restart()
	for {
		select {
		case <-ctx.Done():
			return nil
		case ev, ok := <-fw.Events:
			if !ok {
				return nil
			}
			if w.relevant(ev) {
				w.rewatch()
				restart()
			}
		case err, ok := <-fw.Errors:
			if !ok {
				return nil
			}
			o.Logger.Warn("filewatch: watching", "file", path, "err", err)
		case <-poll:
			poll = o.Clock.After(o.Poll)
			w.rewatch()
			if id := w.identity(); phase == nil && id != w.last.id {
				w.seen = id
				restart()
			}
		case <-phase:
			w.rewatch()
			s := w.read()
			if first == nil || !first.same(s) {
				// The first read, or the file changed since it:
				// read again after Settle.
				o.Logger.Debug("filewatch: file changed; reading it again to be sure it is complete", "file", path, "after", o.Settle)
				first, phase = &s, o.Clock.After(o.Settle)
				continue
			}
			first, phase = nil, nil
			if fresh || !s.sameContent(w.last) {
				fresh = false
				w.last = s
				changed(s.data, s.err)
			}
			w.last.id = s.id
		}
	}
}

type watcher struct {
	path string
	o    Options
	fw   *fsnotify.Watcher
	dirs map[string]fileID // directories watched, by path, with the inode watched
	last snapshot          // what was last handed over (or found at the start)
	seen fileID            // the identity at the last event
}

// fileID tells one version of a file from another without reading it.
type fileID struct {
	resolved   string
	dev, ino   uint64
	size       int64
	mtime      int64
	missingErr string
}

func (w *watcher) identity() fileID {
	resolved, err := filepath.EvalSymlinks(w.path)
	if err != nil {
		return fileID{missingErr: err.Error()}
	}
	fi, err := os.Stat(resolved)
	if err != nil {
		return fileID{resolved: resolved, missingErr: err.Error()}
	}
	id := fileID{resolved: resolved, size: fi.Size(), mtime: fi.ModTime().UnixNano()}
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		id.dev, id.ino = uint64(st.Dev), uint64(st.Ino)
	}
	return id
}

// relevant reports whether an event may concern the file: it names the
// file, its resolved target or a watched directory itself, or the file's
// identity changed (a symlink on the way was swapped).
func (w *watcher) relevant(ev fsnotify.Event) bool {
	name := filepath.Clean(ev.Name)
	if name == w.path || name == w.seen.resolved {
		return true
	}
	if _, ok := w.dirs[name]; ok {
		return true // the directory itself went or was replaced
	}
	id := w.identity()
	if id != w.seen {
		w.seen = id
		return true
	}
	return false
}

// rewatch watches the directories the file's path goes through: the one
// holding the path, the ones holding each symlink on the way and the one
// holding the resolved file; it drops those no longer on the way and
// re-adds one that was replaced.
func (w *watcher) rewatch() {
	want := watchDirs(w.path)
	for dir, id := range w.dirs {
		if !slices.Contains(want, dir) {
			_ = w.fw.Remove(dir) // may be gone already
			delete(w.dirs, dir)
			continue
		}
		if dirID(dir) != id {
			_ = w.fw.Remove(dir)
			delete(w.dirs, dir)
		}
	}
	for _, dir := range want {
		if _, ok := w.dirs[dir]; ok {
			continue
		}
		id := dirID(dir)
		if err := w.fw.Add(dir); err != nil {
			w.o.Logger.Warn("filewatch: cannot watch a directory; retrying", "file", w.path, "dir", dir, "err", err)
			continue
		}
		w.dirs[dir] = id
	}
}

func dirID(dir string) fileID {
	fi, err := os.Stat(dir)
	if err != nil {
		return fileID{missingErr: err.Error()}
	}
	id := fileID{resolved: dir}
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		id.dev, id.ino = uint64(st.Dev), uint64(st.Ino)
	}
	return id
}

// watchDirs returns the directories to watch for path: its own, the one of
// every symlink met while resolving it, and the resolved file's.
func watchDirs(path string) []string {
	// The grandparent too: it sees the directory itself replaced.
	dirs := []string{filepath.Dir(path), filepath.Dir(filepath.Dir(path))}
	add := func(d string) {
		if !slices.Contains(dirs, d) {
			dirs = append(dirs, d)
		}
	}
	p := path
	for range 40 { // the kernel's own limit on links followed
		link, target, ok := firstSymlink(p)
		if !ok {
			break
		}
		add(filepath.Dir(link))
		p = target
	}
	add(filepath.Dir(p))
	return dirs
}

// firstSymlink finds the first component of path that is a symlink and
// returns it and path with that component replaced by its target.
func firstSymlink(path string) (link, resolved string, ok bool) {
	parts := []string{}
	for p := path; ; p = filepath.Dir(p) {
		parts = append(parts, p)
		if d := filepath.Dir(p); d == p {
			break
		}
	}
	for i := len(parts) - 1; i >= 0; i-- {
		p := parts[i]
		fi, err := os.Lstat(p)
		if err != nil {
			return "", "", false
		}
		if fi.Mode()&os.ModeSymlink == 0 {
			continue
		}
		target, err := os.Readlink(p)
		if err != nil {
			return "", "", false
		}
		if !filepath.IsAbs(target) {
			target = filepath.Join(filepath.Dir(p), target)
		}
		rest, _ := filepath.Rel(p, path)
		return p, filepath.Join(target, rest), true
	}
	return "", "", false
}

// snapshot is one read of the file.
type snapshot struct {
	id     fileID
	data   []byte
	err    error
	moving bool // the file changed while it was read
}

func (s snapshot) errText() string {
	if s.err == nil {
		return ""
	}
	return s.err.Error()
}

// same reports two reads of one settled file: same identity and content.
func (s snapshot) same(o snapshot) bool {
	return !s.moving && !o.moving && s.id == o.id && s.sameContent(o)
}

func (s snapshot) sameContent(o snapshot) bool {
	return s.errText() == o.errText() && bytes.Equal(s.data, o.data)
}

func (w *watcher) read() snapshot {
	s := snapshot{id: w.identity()}
	f, err := os.Open(w.path)
	if err != nil {
		s.err = err
		return s
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, w.o.MaxBytes+1))
	switch {
	case err != nil:
		s.err = err
	case int64(len(data)) > w.o.MaxBytes:
		s.err = fmt.Errorf("larger than %d bytes", w.o.MaxBytes)
	default:
		s.data = data
	}
	// The identity again: a write during the read shows as a different
	// one, so two reads only agree on a file that stood still.
	s.moving = w.identity() != s.id
	return s
}
