// Package phrase folds text into comparable words and finds phrases and
// patterns in them. Own answers and the safety rules both match this way,
// so "Clinic hours?", "clinic  HOURS" and "clínic hours" are the same words
// to both.
package phrase

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// MaxRunes bounds the text folded per call: longer text is cut. A WhatsApp
// message is at most 4096 characters.
const MaxRunes = 8192

// Fold returns the words of text: lower case, accents and other combining
// marks removed, apostrophes dropped inside words ("don't" → "dont",
// "j'ai" → "jai"), every other character that is not a letter or a digit a
// separator. Only the first MaxRunes runes are read.
func Fold(text string) []string {
	if n := 0; len(text) > MaxRunes {
		for i := range text {
			if n++; n > MaxRunes {
				text = text[:i]
				break
			}
		}
	}
	if !isASCII(text) {
		text = norm.NFD.String(text) // accents become marks, dropped below
	}
	// One folded copy, words separated by spaces, then split: two
	// allocations whatever the number of words.
	var b strings.Builder
	b.Grow(len(text))
	inWord := false
	for _, r := range text {
		switch {
		case 'a' <= r && r <= 'z' || '0' <= r && r <= '9':
			b.WriteByte(byte(r))
			inWord = true
		case 'A' <= r && r <= 'Z':
			b.WriteByte(byte(r) + 'a' - 'A')
			inWord = true
		case r < utf8.RuneSelf && r != '\'' && r != '`':
			b.WriteByte(' ') // other ASCII: spaces and punctuation
			inWord = false
		case unicode.IsLetter(r) || unicode.IsNumber(r):
			b.WriteRune(unicode.ToLower(r))
			inWord = true
		case unicode.IsMark(r), isApostrophe(r) && inWord:
			// Accents go; an apostrophe inside a word joins it.
		default:
			b.WriteByte(' ')
			inWord = false
		}
	}
	return strings.Fields(b.String())
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// Key is Fold joined by single spaces: the form in which two phrases are
// compared for equality.
func Key(text string) string { return strings.Join(Fold(text), " ") }

func isApostrophe(r rune) bool { return r == '\'' || r == '’' || r == 'ʼ' || r == '`' }

// Pattern is one compiled phrase or regular expression. The zero value
// matches nothing.
type Pattern struct {
	src   string
	words []word
	re    *regexp.Regexp
}

// word is one word of a phrase; a leading or trailing * makes it match
// any word ending or starting with the rest.
type word struct {
	text   string
	prefix bool // "kill*"
	suffix bool // "*bulala"
	infix  bool // "*zibulal*"
}

func (w word) matches(s string) bool {
	switch {
	case w.infix:
		return strings.Contains(s, w.text)
	case w.prefix:
		return strings.HasPrefix(s, w.text)
	case w.suffix:
		return strings.HasSuffix(s, w.text)
	}
	return s == w.text
}

// ErrEmpty is returned by Compile for a phrase without letters or digits,
// or a pattern that matches empty text.
var ErrEmpty = errors.New("matches everything (no letters or digits, or empty text)")

// minAffix is the shortest word part a * may extend: "ki*" would match
// half the language.
const minAffix = 4

// Compile parses a phrase or a pattern:
//   - "clinic hours": these words, in this order, next to each other,
//     anywhere in the text, compared after Fold (so case, accents and
//     punctuation do not matter);
//   - "suicid*", "*zibulal*": a * at the start or end of a word extends it
//     (at least 4 letters must remain);
//   - "/regexp/": a Go regular expression (RE2 syntax, linear time) run on
//     the folded words joined by single spaces, so it is written in lower
//     case without accents.
func Compile(s string) (Pattern, error) {
	src := strings.TrimSpace(s)
	if len(src) >= 2 && strings.HasPrefix(src, "/") && strings.HasSuffix(src, "/") {
		re, err := regexp.Compile(src[1 : len(src)-1])
		if err != nil {
			return Pattern{}, fmt.Errorf("pattern %s: %w", src, err)
		}
		if re.MatchString("") {
			return Pattern{}, fmt.Errorf("pattern %s %w", src, ErrEmpty)
		}
		return Pattern{src: src, re: re}, nil
	}
	p := Pattern{src: src}
	for _, f := range strings.Fields(src) {
		lead, trail := strings.HasPrefix(f, "*"), strings.HasSuffix(f, "*")
		inner := strings.Trim(f, "*")
		if strings.Contains(inner, "*") {
			return Pattern{}, fmt.Errorf("phrase %q: a * may only start or end a word", src)
		}
		folded := Fold(inner)
		if len(folded) == 0 {
			if lead || trail {
				return Pattern{}, fmt.Errorf("phrase %q: a * must extend a word", src)
			}
			continue // punctuation between words
		}
		if (lead || trail) && (len(folded) > 1 || utf8.RuneCountInString(folded[0]) < minAffix) {
			return Pattern{}, fmt.Errorf("phrase %q: a * must extend one word of at least %d letters", src, minAffix)
		}
		for i, t := range folded {
			w := word{text: t}
			if i == 0 && i == len(folded)-1 {
				w.infix, w.prefix, w.suffix = lead && trail, trail && !lead, lead && !trail
			}
			p.words = append(p.words, w)
		}
	}
	if len(p.words) == 0 {
		return Pattern{}, fmt.Errorf("phrase %q %w", src, ErrEmpty)
	}
	return p, nil
}

// MustCompile is Compile for phrases known to be valid; it panics otherwise.
func MustCompile(s string) Pattern {
	p, err := Compile(s)
	if err != nil {
		panic(err)
	}
	return p
}

// Regexp reports a /regular expression/.
func (p Pattern) Regexp() bool { return p.re != nil }

// Plain reports a phrase of whole words: no regular expression, no * word.
func (p Pattern) Plain() bool {
	if p.re != nil {
		return false
	}
	for _, w := range p.words {
		if w.prefix || w.suffix || w.infix {
			return false
		}
	}
	return true
}

// String returns the phrase or pattern as written.
func (p Pattern) String() string { return p.src }

// Key is the folded phrase ("clinic hours"), or the pattern as written:
// two phrases with the same key match the same texts.
func (p Pattern) Key() string {
	if p.re != nil {
		return p.src
	}
	parts := make([]string, len(p.words))
	for i, w := range p.words {
		parts[i] = w.text
		if w.infix || w.suffix {
			parts[i] = "*" + parts[i]
		}
		if w.infix || w.prefix {
			parts[i] += "*"
		}
	}
	return strings.Join(parts, " ")
}

// Words is the number of words of a phrase (a regular expression counts
// as one): a longer phrase is a more specific match.
func (p Pattern) Words() int {
	if p.re != nil {
		return 1
	}
	return len(p.words)
}

// Find returns where the pattern first occurs in words (as returned by
// Fold): the index of its first word and how many words it covers, or
// -1, 0. A regular expression covers the words its match touches.
func (p Pattern) Find(words []string) (at, n int) {
	if p.re != nil {
		return p.findRegexp(words)
	}
	for i := 0; i+len(p.words) <= len(words); i++ {
		if p.at(words, i) {
			return i, len(p.words)
		}
	}
	return -1, 0
}

// In reports whether the pattern occurs in words.
func (p Pattern) In(words []string) bool {
	at, _ := p.Find(words)
	return at >= 0
}

// Anchor is the first word of a phrase that must equal a word exactly, or
// "" (a pattern, or a phrase starting with a * word): callers with many
// phrases index them by it and try MatchAt only where it occurs.
func (p Pattern) Anchor() string {
	if p.re != nil || len(p.words) == 0 {
		return ""
	}
	if w := p.words[0]; !w.prefix && !w.suffix && !w.infix {
		return w.text
	}
	return ""
}

// MatchAt reports whether a phrase occurs in words starting at index i. A
// regular expression never does: use Find.
func (p Pattern) MatchAt(words []string, i int) bool {
	return p.re == nil && len(p.words) > 0 && i >= 0 && i+len(p.words) <= len(words) && p.at(words, i)
}

func (p Pattern) at(words []string, i int) bool {
	for j, w := range p.words {
		if !w.matches(words[i+j]) {
			return false
		}
	}
	return true
}

func (p Pattern) findRegexp(words []string) (int, int) {
	text := strings.Join(words, " ")
	loc := p.re.FindStringIndex(text)
	if loc == nil {
		return -1, 0
	}
	// Count the words before the match and the words it touches.
	first := strings.Count(text[:loc[0]], " ")
	last := strings.Count(text[:loc[1]], " ")
	if loc[1] > loc[0] && text[loc[1]-1] == ' ' {
		last--
	}
	return first, last - first + 1
}
