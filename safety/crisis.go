// Package safety holds the rules that keep harmful text away from a help
// line's operators: crisis messages that must get the line's referral and
// nothing looked up, and topic and source rules over DuckDuckGo answers.
package safety

import (
	"bufio"
	"embed"
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/ddgbot/ddgbot/phrase"
)

//go:embed crisis/*.txt
var crisisFiles embed.FS

// CategoryTeam is the category of phrases a team adds in its config.
const CategoryTeam = "team"

// Crisis says why a message was taken for a crisis: the language of the
// list and the category of the phrase that matched ("self-harm", "abuse",
// "medical" or CategoryTeam). It holds no message text.
type Crisis struct {
	Language string
	Category string
}

// Detector finds crisis messages. It is immutable and safe for concurrent
// use.
type Detector struct {
	lists  []crisisList
	except []phrase.Pattern // words of these are ignored before matching, in every language
	// The phrases again, for speed: by their first word when it is exact,
	// the rest (patterns, * words first) to try everywhere.
	anchored map[string][]ref
	floating []ref
}

// ref is one phrase of d.lists.
type ref struct{ list, phrase int }

type crisisList struct {
	language string
	phrases  []crisisPhrase
	except   []phrase.Pattern
}

type crisisPhrase struct {
	p        phrase.Pattern
	category string
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

// NewDetector returns a Detector of the built-in lists plus extra phrases
// per language code (config safety.crisis). An extra phrase starting with
// "!" is an exclusion. A language without a built-in list is an error, as
// is a phrase that does not compile; the error names the language and the
// entry's index ("en[2]"). Exclusions apply to the text whatever their
// list.
func NewDetector(extra map[string][]string) (*Detector, error) {
	d := &Detector{}
	byLang := map[string]*crisisList{}
	for _, lang := range Languages() {
		l, err := parseList(lang)
		if err != nil {
			return nil, err // a defect in an embedded file; a test catches it
		}
		d.lists = append(d.lists, l)
	}
	for i := range d.lists {
		byLang[d.lists[i].language] = &d.lists[i]
	}
	langs := make([]string, 0, len(extra))
	for lang := range extra {
		langs = append(langs, lang)
	}
	slices.Sort(langs)
	for _, lang := range langs {
		l, ok := byLang[lang]
		if !ok {
			return nil, fmt.Errorf("%s: no such language; want one of %s", lang, strings.Join(Languages(), ", "))
		}
		for i, s := range extra[lang] {
			if err := l.add(s, CategoryTeam); err != nil {
				return nil, fmt.Errorf("%s[%d]: %w", lang, i, err)
			}
		}
	}
	d.anchored = map[string][]ref{}
	for li, l := range d.lists {
		d.except = append(d.except, l.except...)
		for pi, c := range l.phrases {
			if a := c.p.Anchor(); a != "" {
				d.anchored[a] = append(d.anchored[a], ref{li, pi})
			} else {
				d.floating = append(d.floating, ref{li, pi})
			}
		}
	}
	return d, nil
}

func parseList(lang string) (crisisList, error) {
	name := path.Join("crisis", lang+".txt")
	f, err := crisisFiles.Open(name)
	if err != nil {
		return crisisList{}, err
	}
	defer f.Close()
	l := crisisList{language: lang}
	category := ""
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
		case strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]"):
			category = strings.TrimSpace(line[1 : len(line)-1])
		case category == "":
			return crisisList{}, fmt.Errorf("%s:%d: a phrase before the first [category]", name, n)
		default:
			if err := l.add(line, category); err != nil {
				return crisisList{}, fmt.Errorf("%s:%d: %w", name, n, err)
			}
		}
	}
	return l, sc.Err()
}

func (l *crisisList) add(s, category string) error {
	if rest, ok := strings.CutPrefix(strings.TrimSpace(s), "!"); ok {
		p, err := phrase.Compile(rest)
		if err != nil {
			return err
		}
		l.except = append(l.except, p)
		return nil
	}
	p, err := phrase.Compile(s)
	if err != nil {
		return err
	}
	l.phrases = append(l.phrases, crisisPhrase{p: p, category: category})
	return nil
}

// Detect reports whether message is a crisis message in any language:
// whether a phrase of any list occurs in it (see phrase.Compile for what
// occurs means), once the words of every exclusion ("!suicide squad") are
// taken out.
func (d *Detector) Detect(message string) (Crisis, bool) {
	words := mask(phrase.Fold(message), d.except)
	if len(words) == 0 {
		return Crisis{}, false
	}
	best := ref{list: -1}
	found := func(r ref) {
		if best.list < 0 || r.list < best.list || r.list == best.list && r.phrase < best.phrase {
			best = r
		}
	}
	for i, w := range words {
		for _, r := range d.anchored[w] {
			if d.lists[r.list].phrases[r.phrase].p.MatchAt(words, i) {
				found(r)
			}
		}
	}
	for _, r := range d.floating {
		if d.lists[r.list].phrases[r.phrase].p.In(words) {
			found(r)
		}
	}
	if best.list < 0 {
		return Crisis{}, false
	}
	l := d.lists[best.list]
	return Crisis{Language: l.language, Category: l.phrases[best.phrase].category}, true
}

// mask blanks the words of every occurrence of the exclusions; an empty
// word matches no phrase.
func mask(words []string, except []phrase.Pattern) []string {
	for _, p := range except {
		// Each pass blanks at least one word, or stops: a pattern that
		// matches blanked words (a regexp on spaces) cannot loop.
		for range len(words) {
			at, n := p.Find(words)
			if at < 0 || !slices.ContainsFunc(words[at:at+n], func(w string) bool { return w != "" }) {
				break
			}
			for i := at; i < at+n; i++ {
				words[i] = ""
			}
		}
	}
	return words
}
