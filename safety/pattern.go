package safety

import (
	"fmt"
	"strings"

	"github.com/ddgbot/ddgbot/phrase"
)

// A pattern is a sequence of elements matched against consecutive tokens
// of a message (see compiler.compile for the syntax).
type pattern struct {
	src   string
	elems []elem
}

// elem is one element of a pattern: a word, a choice of sequences (a
// @class or {a|b c}) or a gap of up to gap words.
type elem struct {
	word glob
	alts [][]elem
	gap  int
}

// glob is one word with * standing for any letters ("kill*", "*+me+pig*").
type glob struct {
	text  string
	parts []string // text split at *; one part = exact word
}

func newGlob(s string) glob { return glob{text: s, parts: strings.Split(s, "*")} }

func (g glob) match(w string) bool {
	if len(g.parts) == 1 {
		return w == g.text
	}
	first, last := g.parts[0], g.parts[len(g.parts)-1]
	if len(w) < len(first)+len(last) || !strings.HasPrefix(w, first) || !strings.HasSuffix(w, last) {
		return false
	}
	w = w[len(first) : len(w)-len(last)]
	for _, p := range g.parts[1 : len(g.parts)-1] {
		i := strings.Index(w, p)
		if i < 0 {
			return false
		}
		w = w[i+len(p):]
	}
	return true
}

// maxGap is the most words ".." skips, maxLongGap the most "..." skips.
const (
	maxGap     = 3
	maxLongGap = 8
)

// compiler compiles the patterns of one list, with the @classes defined
// so far in it.
type compiler struct {
	classes map[string][][]elem
}

// define compiles a class line "@name = alternative | alternative".
func (c *compiler) define(line string) error {
	name, body, ok := strings.Cut(line, "=")
	name = strings.TrimSpace(name)
	if !ok || len(name) < 2 || strings.ContainsAny(name[1:], " @{}|") {
		return fmt.Errorf("class %q: want @name = word | other words", line)
	}
	alts, err := c.alternatives(body)
	if err != nil {
		return fmt.Errorf("class %s: %w", name, err)
	}
	if c.classes == nil {
		c.classes = map[string][][]elem{}
	}
	c.classes[name] = alts
	return nil
}

func (c *compiler) alternatives(body string) ([][]elem, error) {
	var alts [][]elem
	for _, a := range strings.Split(body, "|") {
		es, err := c.sequence(a)
		if err != nil {
			return nil, err
		}
		alts = append(alts, es)
	}
	return alts, nil
}

// compile compiles a pattern: words matched as whole words after folding
// case and accents ("don't" is "dont"); a * inside a word stands for any
// letters; @name is any alternative of a class defined above;
// {a|b c} is either of its alternatives ({own|} may be left out); ".."
// skips up to three words, "..." up to eight.
func (c *compiler) compile(src string) (pattern, error) {
	es, err := c.sequence(src)
	if err != nil {
		return pattern{}, fmt.Errorf("pattern %q: %w", src, err)
	}
	if len(es) == 0 {
		return pattern{}, fmt.Errorf("pattern %q %w", src, phrase.ErrEmpty)
	}
	if es[0].gap > 0 || es[len(es)-1].gap > 0 {
		return pattern{}, fmt.Errorf("pattern %q: a .. must stand between words", src)
	}
	return pattern{src: strings.TrimSpace(src), elems: es}, nil
}

func (c *compiler) sequence(s string) ([]elem, error) {
	var es []elem
	for s = strings.TrimSpace(s); s != ""; s = strings.TrimSpace(s) {
		switch {
		case s[0] == '{':
			end := strings.IndexByte(s, '}')
			if end < 0 {
				return nil, fmt.Errorf("a { without }")
			}
			alts, err := c.alternatives(s[1:end])
			if err != nil {
				return nil, err
			}
			es = append(es, elem{alts: alts})
			s = s[end+1:]
			continue
		case s[0] == '}' || s[0] == '|':
			return nil, fmt.Errorf("a %c outside {}", s[0])
		}
		end := strings.IndexAny(s, " \t{")
		if end < 0 {
			end = len(s)
		}
		f := s[:end]
		s = s[end:]
		switch {
		case f == "..":
			es = append(es, elem{gap: maxGap})
		case f == "...":
			es = append(es, elem{gap: maxLongGap})
		case f[0] == '@':
			alts, ok := c.classes[f]
			if !ok {
				return nil, fmt.Errorf("no class %s defined above", f)
			}
			es = append(es, elem{alts: alts})
		default:
			ws, err := foldWord(f)
			if err != nil {
				return nil, err
			}
			for _, w := range ws {
				es = append(es, elem{word: newGlob(w)})
			}
		}
	}
	return es, nil
}

// foldWord folds a word of a pattern as messages are folded, keeping its
// * and the + of a word analysed into its parts ("1+self+ua"). A word that
// folds to several ("beau-père") is several words.
func foldWord(f string) ([]string, error) {
	if strings.Contains(f, "+") {
		return []string{strings.ToLower(f)}, nil
	}
	if !strings.Contains(f, "*") {
		ws := phrase.Fold(f)
		if len(ws) == 0 {
			return nil, fmt.Errorf("%q is not a word", f)
		}
		return ws, nil
	}
	segs := strings.Split(f, "*")
	for i, sg := range segs {
		if sg == "" {
			continue
		}
		ws := phrase.Fold(sg)
		if len(ws) != 1 {
			return nil, fmt.Errorf("%q: a * must stand inside one word", f)
		}
		segs[i] = ws[0]
	}
	w := strings.Join(segs, "*")
	if len(strings.ReplaceAll(w, "*", "")) < 3 {
		return nil, fmt.Errorf("%q: a word with * needs at least 3 letters", f)
	}
	return []string{w}, nil
}

// match reports whether p occurs anywhere in toks.
func (p *pattern) match(toks []token) bool {
	for i := range toks {
		if mayStart(p.elems[0], toks[i]) && matchSeq(p.elems, toks, i, func(int) bool { return true }) {
			return true
		}
	}
	return false
}

// mayStart reports whether a match of an element may start at t: false
// only when it surely cannot, cheaply, before matchSeq sets out.
func mayStart(e elem, t token) bool {
	switch {
	case e.gap > 0:
		return true
	case e.alts != nil:
		for _, a := range e.alts {
			if len(a) == 0 || mayStart(a[0], t) {
				return true
			}
		}
		return false
	}
	return t.has(e.word)
}

// matchSeq reports whether es matches toks from ti on and k accepts where
// the match ends.
func matchSeq(es []elem, toks []token, ti int, k func(int) bool) bool {
	if len(es) == 0 {
		return k(ti)
	}
	e, rest := es[0], es[1:]
	switch {
	case e.gap > 0:
		for g := 0; g <= e.gap && ti+g <= len(toks); g++ {
			if matchSeq(rest, toks, ti+g, k) {
				return true
			}
		}
		return false
	case e.alts != nil:
		next := k // one continuation for every alternative, none at the end
		if len(rest) > 0 {
			next = func(t int) bool { return matchSeq(rest, toks, t, k) }
		}
		for _, a := range e.alts {
			if len(a) > 0 && (ti >= len(toks) || !mayStart(a[0], toks[ti])) {
				continue // cannot start here: skip it before any work
			}
			if matchSeq(a, toks, ti, next) {
				return true
			}
		}
		return false
	}
	return ti < len(toks) && toks[ti].has(e.word) && matchSeq(rest, toks, ti+1, k)
}

// keys are the index keys of an element: a token can only match it when
// one of the token's keys (see token keys) is among them. ok is false
// for an element that can match any token.
func (e elem) keys() (keys []ikey, ok bool) {
	switch {
	case e.gap > 0:
		return nil, false
	case e.alts != nil:
		for _, a := range e.alts {
			if len(a) == 0 || a[0].gap > 0 {
				return nil, false
			}
			k, ok := a[0].keys()
			if !ok {
				return nil, false
			}
			keys = append(keys, k...)
		}
		return keys, true
	}
	return e.word.keys()
}

// ikey is an index key: a whole word ('='), or the first ('<') or last
// ('>') three bytes of one.
type ikey struct {
	kind byte
	s    string
}

func (g glob) keys() ([]ikey, bool) {
	first, last := g.parts[0], g.parts[len(g.parts)-1]
	if k, ok := morphKey(g.text); ok {
		return []ikey{{'+', k}}, true
	}
	switch {
	case len(g.parts) == 1:
		return []ikey{{'=', g.text}}, true
	case len(first) >= 3:
		return []ikey{{'<', first[:3]}}, true
	case len(last) >= 3:
		return []ikey{{'>', last[len(last)-3:]}}, true
	}
	return nil, false
}

// morphKey is the index key of a verb analysis or a pattern of one
// ("not+3+me+piga", "*+me+pig*"): its object and the first two letters of
// its stem ("me+pi"), when they are letters, not *.
func morphKey(s string) (string, bool) {
	s = strings.TrimPrefix(s, "not+")
	_, rest, ok := strings.Cut(s, "+") // the subject
	if !ok {
		return "", false
	}
	obj, stem, ok := strings.Cut(rest, "+")
	if !ok || len(stem) < 2 || strings.ContainsAny(obj, "*") || strings.ContainsAny(stem[:2], "*+") {
		return "", false
	}
	return rest[:len(obj)+3], true
}

// indexKeys calls fn with the keys under which a word is found in the
// index.
func indexKeys(w string, fn func(ikey)) {
	if k, ok := morphKey(w); ok {
		fn(ikey{'+', k})
	}
	fn(ikey{'=', w})
	if len(w) >= 3 {
		fn(ikey{'<', w[:3]})
		fn(ikey{'>', w[len(w)-3:]})
	}
}
