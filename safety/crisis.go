// Package safety holds the rules that keep harmful text away from a help
// line's operators: crisis messages that must get the line's referral and
// nothing looked up, and topic and source rules over DuckDuckGo answers.
package safety

import (
	"bufio"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/ddgbot/ddgbot/phrase"
	"github.com/ddgbot/ddgbot/query"
)

//go:embed crisis/*.txt
var crisisFiles embed.FS

// CategoryTeam is the category of phrases a team adds in its config.
const CategoryTeam = "team"

// Tiers of a crisis, as Crisis.Tier reports them.
const (
	// TierCertain: a disclosure. The referral only, nothing looked up.
	TierCertain = "certain"
	// TierUnsure: risky words (a first-person harm word, an emergency
	// word, a crisis subject not framed as a question about it). The
	// referral first and nothing about the harm looked up.
	TierUnsure = "unsure"
)

// Crisis says why a message was taken for a crisis: the language of the
// list, the category of the entry that matched (e.g. "suicidal",
// "self-harm", "sexual-abuse", "child-abuse", "partner-violence",
// "medical" or CategoryTeam) and the tier. It holds no message text.
type Crisis struct {
	Language string
	Category string
	Tier     string
}

// Detector finds crisis messages. It is immutable and safe for concurrent
// use.
type Detector struct {
	entries  []entry
	except   []exclusion // words of these are ignored before matching, in every language
	frames   []frame     // a topic word in a message framed so is not a crisis
	norm     normaliser
	index    map[ikey][]int // entries by the keys of one of their elements
	floating []int          // entries that have no such element
	framedBy map[ikey][]int // frames by their keys (a frame with none may occur in any message)
	reader   Reader
	// the words of harm and of persons per language, of the lists'
	// classes and WordNet's (see generic and Risky)
	vocabs []*vocab
}

// strength orders the tiers of entries: a topic word is a crisis
// (unsure) unless the message is framed as a question about it.
type strength int

const (
	topic strength = iota + 1
	unsure
	certain
)

// exclusion is a pattern whose words are ignored before matching, with
// the keys a message needs for it to occur (nil: any message).
type exclusion struct {
	p    pattern
	keys []ikey
}

// frame is an educational, past or title framing ("signs of", "years
// ago", "song"), or for a category an ordinary cause ("[frame
// self-harm]": cutting a finger while cooking).
type frame struct {
	p        pattern
	keys     []ikey // a message without one of these has no occurrence (nil: any message)
	category string
}

type entry struct {
	p        pattern
	required [][]ikey       // a message without one of each of these cannot match
	re       *regexp.Regexp // a /regexp/ entry, on the folded words joined by spaces
	language string
	category string
	strength strength
}

// Languages returns the language codes of the built-in crisis lists, in
// the order they are tried.
func Languages() []string {
	entries, _ := crisisFiles.ReadDir("crisis")
	langs := make([]string, 0, len(entries))
	for _, e := range entries {
		langs = append(langs, strings.TrimSuffix(e.Name(), ".txt"))
	}
	// English first: it is the most common language of the help lines
	// and the one code-mixed messages borrow from.
	slices.SortStableFunc(langs, func(a, b string) int {
		switch {
		case a == b:
			return 0
		case a == "en":
			return -1
		case b == "en":
			return 1
		}
		return strings.Compare(a, b)
	})
	return langs
}

// NewDetector returns a Detector of the built-in lists plus extra entries
// per language code (config safety.crisis), which are certain and of
// CategoryTeam and may use the classes of their language's list. An extra
// entry starting with "!" is an exclusion. A language without a built-in
// list is an error, as is an entry that does not compile; the error names
// the language and the entry's index ("en[2]"). Exclusions apply to the
// text whatever their list.
func NewDetector(extra map[string][]string) (*Detector, error) {
	return New(Options{Extra: extra})
}

// Reader reads a message into normalised words as query extraction does
// (*query.Extractor is one), so the crisis check matches what the
// extraction understood: a word's spelling correction and its topic or
// English term ("sucidal" → "suicide", zu "ukuzibulala" → "suicide") are
// matched too.
type Reader interface {
	Understand(text string) query.Understanding
}

// Options configure a Detector. All are optional.
type Options struct {
	// Extra are entries per language code (config safety.crisis), see
	// NewDetector.
	Extra map[string][]string
	// Dir holds more lists, see NewDetectorFS.
	Dir fs.FS
	// Reader, when set, adds the words as extraction understands them.
	Reader Reader
	// Built, when set and Dir is nil, is a Detector already built of the
	// built-in lists and Extra (config validation builds one): New uses
	// it with Reader instead of building the lists again.
	Built *Detector
}

// builtIn is the Detector of the built-in lists alone. They are
// compiled into the binary and a Detector never changes once built, so
// a process builds it once (every config.Load validates the crisis
// settings; tests load configs by the dozen).
var builtIn = sync.OnceValues(func() (*Detector, error) { return NewDetectorFS(nil, nil) })

// New returns a Detector of the built-in lists and o.
func New(o Options) (*Detector, error) {
	base := o.Built
	if base == nil && o.Dir == nil && len(o.Extra) == 0 {
		var err error
		if base, err = builtIn(); err != nil {
			return nil, err
		}
	}
	if base != nil && o.Dir == nil {
		d := *base // a copy: base stays as it was, its lists shared
		d.reader = o.Reader
		return &d, nil
	}
	d, err := NewDetectorFS(o.Dir, o.Extra)
	if err != nil {
		return nil, err
	}
	d.reader = o.Reader
	return d, nil
}

// DirError is an error in a list of the directory given to NewDetectorFS
// (as opposed to an extra entry); it names the file and line.
type DirError struct{ Err error }

func (e *DirError) Error() string { return e.Err.Error() }
func (e *DirError) Unwrap() error { return e.Err }

// NewDetectorFS is NewDetector with more lists: files named after a
// language code ("sw.txt", in the format of the built-in lists) in fsys,
// read after the built-in list of their language, so they may use its
// classes. fsys may be nil. A file of another name is ignored.
func NewDetectorFS(fsys fs.FS, extra map[string][]string) (*Detector, error) {
	d := &Detector{}
	d.addWordNet()
	langs := Languages()
	for _, lang := range langs {
		f, err := crisisFiles.Open(path.Join("crisis", lang+".txt"))
		if err != nil {
			return nil, err
		}
		l := list{d: d, language: lang}
		err = l.parse(lang+".txt", f)
		f.Close()
		if err != nil {
			return nil, err // a defect in an embedded file; a test catches it
		}
		if fsys != nil {
			if f, err := fsys.Open(lang + ".txt"); err == nil {
				err = l.parse(lang+".txt", f)
				f.Close()
				if err != nil {
					return nil, &DirError{err}
				}
			} else if !errorsIsNotExist(err) {
				return nil, &DirError{fmt.Errorf("%s.txt: %w", lang, err)}
			}
		}
		for i, s := range extra[lang] {
			if err := l.add(s, certain, CategoryTeam); err != nil {
				return nil, fmt.Errorf("%s[%d]: %w", lang, i, err)
			}
		}
	}
	for lang := range extra {
		if !slices.Contains(langs, lang) {
			return nil, fmt.Errorf("%s: no such language; want one of %s", lang, strings.Join(langs, ", "))
		}
	}
	d.framedBy = map[ikey][]int{}
	for j, fr := range d.frames {
		for _, k := range fr.keys {
			if l := d.framedBy[k]; len(l) == 0 || l[len(l)-1] != j {
				d.framedBy[k] = append(l, j)
			}
		}
	}
	d.index = map[ikey][]int{}
	for i, e := range d.entries {
		if e.re != nil {
			d.floating = append(d.floating, i)
			continue
		}
		keys, ok := selective(e.p.elems)
		if !ok {
			d.floating = append(d.floating, i)
			continue
		}
		for _, k := range keys {
			if l := d.index[k]; len(l) == 0 || l[len(l)-1] != i {
				d.index[k] = append(l, i)
			}
		}
	}
	return d, nil
}

// selective returns the index keys of the element of a pattern that the
// fewest messages have: an entry is tried only on messages with one of
// them. Short whole words ("my", "me") and three-letter prefixes are
// common; a class of many alternatives is as common as all of them.
func selective(es []elem) (best []ikey, ok bool) {
	bestCost := 0
	for _, el := range es {
		keys, ok := el.keys()
		if !ok {
			continue
		}
		cost := 0
		for _, k := range keys {
			switch {
			case k.kind == '=' && len(k.s) <= 3:
				cost += 20
			case k.kind != '=':
				cost += 4
			default:
				cost++
			}
		}
		if best == nil || cost < bestCost {
			best, bestCost = keys, cost
		}
	}
	return best, best != nil
}

func errorsIsNotExist(err error) bool { return errors.Is(err, fs.ErrNotExist) }

// list reads the files of one language into its Detector.
type list struct {
	d        *Detector
	language string
	c        compiler
	section  string // "", "spellings", "frame" or a tier and category
	strength strength
	category string
}

func (l *list) parse(name string, r io.Reader) error {
	l.section, l.strength, l.category = "", 0, ""
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if err := l.line(line); err != nil {
			return fmt.Errorf("%s:%d: %w", name, n, err)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

func (l *list) line(line string) error {
	switch {
	case line == "" || strings.HasPrefix(line, "#"):
		return nil
	case strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]"):
		return l.header(strings.Fields(line[1 : len(line)-1]))
	case isClass(line):
		if err := l.c.define(line); err != nil {
			return err
		}
		l.classWords(strings.Fields(line)[0])
		return nil
	case strings.HasPrefix(line, "!") && l.section != "":
		return l.add(line, 0, "")
	case l.section == "spellings":
		word, variants, ok := strings.Cut(line, "=")
		canon := phrase.Fold(word)
		if !ok || len(canon) != 1 {
			return fmt.Errorf("spelling %q: want word = variant | variant", line)
		}
		for _, v := range strings.Split(variants, "|") {
			switch fv := phrase.Fold(v); len(fv) {
			case 1:
				l.d.norm.addSpelling(fv[0], canon[0])
			case 2:
				l.d.norm.addSplit(fv[0], fv[1], canon[0]) // "my self" = myself
			default:
				return fmt.Errorf("spelling %q: %q is not one or two words", line, v)
			}
		}
		return nil
	case l.section == "frame":
		p, err := l.c.compile(line)
		if err != nil {
			return err
		}
		keys, _ := selective(p.elems)
		l.d.frames = append(l.d.frames, frame{p: p, keys: keys, category: l.category})
		return nil
	case l.section == "":
		return fmt.Errorf("an entry before the first [section]")
	}
	return l.add(line, l.strength, l.category)
}

// isClass reports whether line defines a class: "@name = ...".
func isClass(line string) bool {
	f := strings.Fields(line)
	return len(f) > 1 && strings.HasPrefix(f[0], "@") && f[1] == "="
}

// header starts a section: [spellings], [frame], or [TIER CATEGORY] with
// TIER certain, unsure or topic ([CATEGORY] alone is certain).
func (l *list) header(f []string) error {
	switch {
	case len(f) == 1 && (f[0] == "spellings" || f[0] == "frame"):
		l.section, l.category = f[0], ""
		return nil
	case len(f) == 2 && f[0] == "frame":
		l.section, l.category = "frame", f[1]
		return nil
	case len(f) == 1:
		l.section, l.strength, l.category = f[0], certain, f[0]
		return nil
	case len(f) == 2:
		s, ok := map[string]strength{"certain": certain, "unsure": unsure, "topic": topic}[f[0]]
		if !ok {
			return fmt.Errorf("section [%s]: want certain, unsure or topic before the category", strings.Join(f, " "))
		}
		l.section, l.strength, l.category = f[1], s, f[1]
		return nil
	}
	return fmt.Errorf("section %q: want [TIER CATEGORY]", strings.Join(f, " "))
}

// add adds an entry, or an exclusion ("!phrase"). A /regexp/ entry
// matches the folded words joined by single spaces.
func (l *list) add(s string, st strength, category string) error {
	s = strings.TrimSpace(s)
	if rest, ok := strings.CutPrefix(s, "!"); ok {
		p, err := l.c.compile(rest)
		if err != nil {
			return err
		}
		keys, _ := selective(p.elems)
		l.d.except = append(l.d.except, exclusion{p: p, keys: keys})
		return nil
	}
	e := entry{language: l.language, category: category, strength: st}
	if len(s) >= 2 && strings.HasPrefix(s, "/") && strings.HasSuffix(s, "/") {
		re, err := regexp.Compile(s[1 : len(s)-1])
		if err != nil {
			return fmt.Errorf("pattern %s: %w", s, err)
		}
		if re.MatchString("") {
			return fmt.Errorf("pattern %s %w", s, phrase.ErrEmpty)
		}
		e.re, e.p.src = re, s
	} else {
		p, err := l.c.compile(s)
		if err != nil {
			return err
		}
		e.p = p
		for _, el := range p.elems {
			if keys, ok := el.keys(); ok {
				e.required = append(e.required, keys)
			}
		}
		// The shortest lists first: a message lacks one of them soonest.
		slices.SortStableFunc(e.required, func(a, b []ikey) int { return len(a) - len(b) })
		for _, el := range p.elems {
			vocabulary(el, l.d.norm.addWord)
		}
	}
	l.d.entries = append(l.d.entries, e)
	return nil
}

// Risky reports whether a query (a phrase about to be looked up) says
// anything the crisis check reads as risky: an entry of the certain or
// unsure tier matches it (a crisis subject alone, "domestic violence", is
// a topic one asks about), or it has a word of harm with a word of a
// person or the body in any language ("cut wrist", "burn myself", "beat
// child"; see risky). A risky query is never sent upstream, whatever the
// message around it.
func (d *Detector) Risky(query string) bool {
	if _, ok := d.detect(query, unsure); ok {
		return true
	}
	return d.risky(d.norm.tokens(phrase.Fold(query), nil), nil)
}

// vocabulary calls fn with the whole words of an element.
func vocabulary(e elem, fn func(string)) {
	if len(e.word.parts) == 1 {
		fn(e.word.text)
	}
	for _, a := range e.alts {
		for _, el := range a {
			vocabulary(el, fn)
		}
	}
}

// Detect reports whether message is a crisis message in any language,
// and how sure that is. The message is folded into words (case, accents
// and punctuation), the words of every exclusion ("!suicide squad") are
// taken out, and the entries of every list are matched against the words
// and their other forms (see token). The strongest entry that matches
// wins, and among equals the first (English first). A message whose
// strongest match is a topic word ("suicide") is a crisis only when no
// frame of any list ("how do I talk to .. about", "years ago") occurs in
// it.
func (d *Detector) Detect(message string) (Crisis, bool) {
	return d.detect(message, topic)
}

// detect is Detect with entries of strength least or more.
func (d *Detector) detect(message string, least strength) (Crisis, bool) {
	return d.detectIn(message, least, false)
}

// detectIn is detect; part tells a clause of a message (see detectPart),
// which is not split again.
func (d *Detector) detectIn(message string, least strength, part bool) (Crisis, bool) {
	toks, keys := d.read(message)
	if len(toks) == 0 {
		return Crisis{}, false
	}
	hits := d.hits(toks, keys)
	// The strongest hit a frame does not cancel wins; among equals the
	// first (English first).
	f := frames{d: d, toks: toks, have: keys, occurs: make([]int8, len(d.frames))}
	best, cancelledByPast := -1, false
	for _, i := range hits {
		e := &d.entries[i]
		if e.strength < least {
			continue
		}
		if best >= 0 && (e.strength < d.entries[best].strength || e.strength == d.entries[best].strength && i > best) {
			continue
		}
		if f.cancel(e.category, e.strength) {
			cancelledByPast = cancelledByPast || f.past()
			continue
		}
		if f.held(i) {
			continue
		}
		best = i
	}
	if best >= 0 {
		e := d.entries[best]
		c := Crisis{Language: e.language, Category: e.category, Tier: TierUnsure}
		if e.strength == certain {
			c.Tier = TierCertain
		}
		return c, true
	}
	if cancelledByPast && !part {
		// Something over may sit beside something that is not: "I was
		// raped years ago and now I want to die". A clause without a
		// past framing is read on its own.
		for _, cl := range clauses(message) {
			if c, ok := d.detectPart(cl, least); ok {
				return c, true
			}
		}
		return Crisis{}, false
	}
	if least > topic {
		return Crisis{}, false
	}
	if lang, ok := d.generic(toks, genericWindow, f.framed()); ok && !f.cancel(CategoryHarm, topic) {
		return Crisis{Language: lang, Category: CategoryHarm, Tier: TierUnsure}, true
	}
	return Crisis{}, false
}

// read folds message into tokens with their other forms and the
// extraction's reading, with the words of every exclusion masked, and
// returns them with their index keys (those of the words before masking:
// a superset, which only lets more entries be tried).
func (d *Detector) read(message string) ([]token, map[ikey]bool) {
	return d.tokens(message, d.reader)
}

// readRaw is read without the extraction's reading.
func (d *Detector) readRaw(message string) ([]token, map[ikey]bool) {
	return d.tokens(message, nil)
}

func (d *Detector) tokens(message string, reader Reader) ([]token, map[ikey]bool) {
	words := phrase.Fold(message)
	if len(words) == 0 {
		return nil, nil
	}
	if reader == nil {
		toks := d.norm.tokens(words, nil)
		keys := have(toks)
		d.exclude(toks, keys)
		return toks, keys
	}
	u := reader.Understand(message)
	toks := d.norm.tokens(words, wordLangs(u, words))
	understood(u, toks)
	keys := have(toks)
	d.exclude(toks, keys)
	return toks, keys
}

// exclude masks the words of every exclusion in toks, whose index keys
// are have.
func (d *Detector) exclude(toks []token, have map[ikey]bool) {
	for _, x := range d.except {
		if x.keys == nil || slices.ContainsFunc(x.keys, func(k ikey) bool { return have[k] }) {
			mask(toks, x.p)
		}
	}
}

// have returns the index keys of the words of toks.
func have(toks []token) map[ikey]bool {
	have := make(map[ikey]bool, 4*len(toks))
	for _, t := range toks {
		for _, f := range t.forms {
			indexKeys(f, func(k ikey) { have[k] = true })
		}
	}
	return have
}

// hits returns the entries that match toks (whose index keys are have),
// frames aside: only the entries whose every required word is among the
// keys are matched.
func (d *Detector) hits(toks []token, have map[ikey]bool) []int {
	var hits []int
	try := func(i int) {
		if d.matches(i, toks) {
			hits = append(hits, i)
		}
	}
	seen := make(map[int]bool, 16)
	for k := range have {
		for _, i := range d.index[k] {
			if !seen[i] {
				seen[i] = true
				if d.entries[i].possible(have) {
					try(i)
				}
			}
		}
	}
	for _, i := range d.floating {
		try(i)
	}
	return hits
}

// Sensitive reports whether message holds anything the crisis check
// reads as risky, whether or not it is a crisis: an entry of the certain
// tier whatever frames cancel it ("my brother overdosed years ago"), one
// of the unsure tier no ordinary cause of its category cancels (a
// period's bleeding), a word of harm anywhere in the message with a
// person (the vocabulary check, see generic, whatever figure of speech
// cancels it: "this heat is killing me"), the words Risky reads or a
// negated word of living ("i dont see the point in living", see
// refused) or a sign of a body emergency near a person ("my baby is
// turning blue", see signed). The
// lookup guard never looks up a sentence that is sensitive.
//
// It reads the message's own words and their forms, not the extraction's
// reading (Detect, asked first, has that): the candidate queries made of
// that reading are each checked by Risky before they leave.
func (d *Detector) Sensitive(message string) bool {
	toks, keys := d.readRaw(message)
	f := frames{d: d, toks: toks, have: keys, occurs: make([]int8, len(d.frames))}
	for _, i := range d.hits(toks, keys) {
		switch e := &d.entries[i]; {
		case f.heldBy(i, frameInjury):
			// an injury no person did: its term may be looked up
		case e.strength == certain:
			return true
		case e.strength == unsure && !f.ordinary(e.category):
			return true
		}
	}
	q := f.framed()
	q.lapse = nil // a threat over a lapse is still a figure of harm, never looked up
	if _, ok := d.generic(toks, len(toks), q); ok {
		return true
	}
	return d.risky(toks, q) || d.refused(toks) || d.signed(toks)
}

// detectPart is detect on a clause of a message: a clause with a past
// framing of its own is no crisis.
func (d *Detector) detectPart(clause string, least strength) (Crisis, bool) {
	toks := d.norm.tokens(phrase.Fold(clause), nil)
	f := frames{d: d, toks: toks, have: have(toks), occurs: make([]int8, len(d.frames))}
	if f.any(framePast) {
		return Crisis{}, false
	}
	return d.detectIn(clause, least, true)
}

// frames tells which frames occur in a message's tokens, matching each
// at most once.
type frames struct {
	d      *Detector
	toks   []token
	have   map[ikey]bool // the index keys of toks
	occurs []int8        // 0 unknown, 1 occurs, -1 not
	keyed  []bool        // frames with one of their keys in have; made on first use
	q      *framed       // made on first use (see framed)
}

func (f *frames) at(j int) bool {
	if f.occurs[j] == 0 {
		f.occurs[j] = -1
		if f.keyed == nil {
			// A message has far fewer keys than the frames together
			// (some 1,500): look its keys up, not theirs.
			f.keyed = make([]bool, len(f.d.frames))
			for k := range f.have {
				for _, i := range f.d.framedBy[k] {
					f.keyed[i] = true
				}
			}
		}
		fr := &f.d.frames[j]
		if (fr.keys == nil || f.keyed[j]) && fr.p.match(f.toks) {
			f.occurs[j] = 1
		}
	}
	return f.occurs[j] == 1
}

// any reports whether a frame of category occurs.
func (f *frames) any(category string) bool {
	for j, fr := range f.d.frames {
		if fr.category == category && f.at(j) {
			return true
		}
	}
	return false
}

// past reports whether the message is framed as over: a past frame and
// no ongoing one outside every past one (pt "hoje to bem", "today I'm
// fine", and sw "mwaka jana", "last year", hold an ongoing word).
func (f *frames) past() bool {
	if !f.any(framePast) {
		return false
	}
	var over [][2]int
	for _, fr := range f.d.frames {
		if fr.category == framePast {
			over = append(over, spans(fr.p, f.toks)...)
		}
	}
	for _, fr := range f.d.frames {
		if fr.category != frameOngoing {
			continue
		}
		for _, sp := range spans(fr.p, f.toks) {
			if !slices.ContainsFunc(over, func(o [2]int) bool { return o[0] <= sp[0] && sp[1] <= o[1] }) {
				return false
			}
		}
	}
	return true
}

// outsideOngoing reports whether p occurs somewhere in the tokens outside
// every ongoing frame ("ce" of fr "ce soir" is inside one).
func (f *frames) outsideOngoing(p pattern) bool {
	var ongoing [][2]int
	for _, fr := range f.d.frames {
		if fr.category == frameOngoing {
			ongoing = append(ongoing, spans(fr.p, f.toks)...)
		}
	}
	for _, sp := range spans(p, f.toks) {
		if !slices.ContainsFunc(ongoing, func(o [2]int) bool { return o[0] <= sp[0] && sp[1] <= o[1] }) {
			return true
		}
	}
	return false
}

// spans returns where p occurs in toks: the first token and the one after
// the last of each occurrence.
func spans(p pattern, toks []token) [][2]int {
	var out [][2]int
	for i := range toks {
		end := -1
		if matchSeq(p.elems, toks, i, func(e int) bool { end = e; return true }) {
			out = append(out, [2]int{i, end})
		}
	}
	return out
}

// framed returns the tokens the lapse frames (unless a leaving frame
// occurs) and the injury frames hold, and whether an administrative frame
// occurs.
func (f *frames) framed() *framed {
	if f.q != nil {
		return f.q
	}
	q := &framed{admin: f.any(frameAdmin)}
	leaving := f.any(frameLeaving)
	for j, fr := range f.d.frames {
		var to *[]bool
		switch {
		case fr.category == frameLapse && !leaving:
			to = &q.lapse
		case fr.category == frameInjury:
			to = &q.injury
		default:
			continue
		}
		if !f.at(j) {
			continue
		}
		if *to == nil {
			*to = make([]bool, len(f.toks))
		}
		for _, sp := range spans(fr.p, f.toks) {
			for k := sp[0]; k < sp[1] && k < len(f.toks); k++ {
				(*to)[k] = true
			}
		}
	}
	f.q = q
	return q
}

// held reports whether the frames hold the hit of entry i: a threat
// (partner violence, child abuse, harm) a lapse frame holds ("my mum
// will kill me if I'm late", "he kills me with his jokes"; never with a
// leaving frame: "he will kill me if I leave"), or self-harm or harm an
// injury frame holds ("the dog bit my hand"). Every occurrence of the
// entry must overlap the frame: a threat beside it still counts.
func (f *frames) held(i int) bool {
	return f.heldBy(i, frameLapse) || f.heldBy(i, frameInjury)
}

// heldBy is held for the frames of one category.
func (f *frames) heldBy(i int, category string) bool {
	e := &f.d.entries[i]
	var mark []bool
	switch {
	case category == frameLapse && (e.category == "partner-violence" || e.category == "child-abuse" || e.category == CategoryHarm):
		mark = f.framed().lapse
	case category == frameInjury && (e.category == "self-harm" || e.category == CategoryHarm):
		mark = f.framed().injury
	}
	if mark == nil || e.re != nil {
		return false
	}
	occ := spans(e.p, f.toks)
	if len(occ) == 0 {
		return false
	}
	for _, sp := range occ {
		if !slices.Contains(mark[sp[0]:min(sp[1], len(mark))], true) {
			return false
		}
	}
	return true
}

// ordinary reports whether a frame of category occurs: an ordinary cause
// ("[frame medical]": a period).
func (f *frames) ordinary(category string) bool {
	switch category {
	case "", framePast, frameOngoing, frameEducational, framePersonal, frameFigure, frameTitle,
		frameAdmin, frameLapse, frameLeaving, frameInjury:
		return false
	}
	return f.any(category)
}

// cancel reports whether the frames occurring cancel a hit of category
// and strength: something over (a past frame and no ongoing one: "years
// ago", "now I'm fine") or a question about people in general (an
// educational frame and no personal one: "what to do if someone has a
// seizure") cancels any hit; a frame of no category ("signs of") cancels
// topic words, the name of a work ("song") topic and unsure ones; a
// figure of speech ("this heat", "lol") the
// vocabulary check; a frame of a category ("[frame self-harm]": cooking)
// the topic and unsure hits of the category and the vocabulary check.
func (f *frames) cancel(category string, st strength) bool {
	if f.past() || f.any(frameEducational) && !f.any(framePersonal) {
		return true
	}
	for j, fr := range f.d.frames {
		switch fr.category {
		case framePast, frameOngoing, frameEducational, framePersonal, frameAdmin, frameLapse, frameLeaving, frameInjury:
			continue // read by past, framed and held
		case "":
			if st != topic {
				continue
			}
		case frameFigure:
			// A figure's word inside a time ("ce soir", tonight) is no
			// thing that kills.
			if category != CategoryHarm || f.at(j) && !f.outsideOngoing(fr.p) {
				continue
			}
		case frameTitle:
			if st == certain {
				continue
			}
		default:
			if st == certain || fr.category != category && category != CategoryHarm {
				continue
			}
		}
		if f.at(j) {
			return true
		}
	}
	return false
}

// understood adds to toks the normalised form extraction gives each
// word (its correction, topic or English term), where that is one word.
func understood(u query.Understanding, toks []token) {
	for _, c := range u.Clauses {
		for _, w := range c.Words {
			if w.Norm == w.Key || w.Norm == "" || strings.Contains(w.Norm, " ") {
				continue
			}
			for i := range toks {
				if len(toks[i].forms) > 0 && toks[i].forms[0] == w.Key && !slices.Contains(toks[i].forms, w.Norm) {
					toks[i].forms = append(toks[i].forms, w.Norm)
				}
			}
		}
	}
}

// wordLangs returns the language of the clause of each of words (a
// message folded), as u reads them: the words of u's clauses are found in
// words in order; a word u does not have (split otherwise) takes the
// language of the clause of the next word found, or of the last clause.
func wordLangs(u query.Understanding, words []string) []string {
	langs := make([]string, len(words))
	j, cur := 0, u.Lang
	for _, c := range u.Clauses {
		for _, w := range c.Words {
			k := w.Key
			for n := j; n < len(words) && n < j+4; n++ {
				if words[n] == k {
					for ; j <= n; j++ {
						langs[j] = c.Lang
					}
					break
				}
			}
			cur = c.Lang
		}
	}
	for ; j < len(words); j++ {
		langs[j] = cur
	}
	return langs
}

// possible reports whether a message with the index keys have may match
// e: whether it has a key of every element e requires.
func (e *entry) possible(have map[ikey]bool) bool {
	for _, keys := range e.required {
		if !slices.ContainsFunc(keys, func(k ikey) bool { return have[k] }) {
			return false
		}
	}
	return true
}

func (d *Detector) matches(i int, toks []token) bool {
	e := &d.entries[i]
	if e.re == nil {
		return e.p.match(toks)
	}
	var b strings.Builder
	for _, t := range toks {
		if len(t.forms) > 0 {
			b.WriteString(t.forms[0])
		}
		b.WriteByte(' ')
	}
	return e.re.MatchString(b.String())
}

// mask blanks the tokens of every occurrence of p: a blank token matches
// nothing.
func mask(toks []token, p pattern) {
	for i := range toks {
		end := -1
		if matchSeq(p.elems, toks, i, func(e int) bool { end = e; return true }) {
			for j := i; j < end; j++ {
				toks[j].forms = nil
			}
		}
	}
}
