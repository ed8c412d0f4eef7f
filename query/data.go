package query

import (
	"bufio"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"strconv"
	"strings"
	"unicode"

	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// data holds the word lists, one file per language or source; SOURCES.md at
// the top of the project names where each comes from.
//
//go:embed data/*.txt data/lang/*.txt data/glossary/*.txt data/terms/*.txt
var data embed.FS

// Sections of a language file. Every language may use chat, ignore, lead,
// trail, break, context, negation, question, ask and topic; the others hold rules of the extractor
// that only English has (subject: pronouns after which a word is a verb),
// or only the languages that put a modifier after its noun (link: "de",
// "ya", which join the two) or before it (postposition: Hindi "ka", "ke
// liye"). interrogative holds the words that make a clause a question
// wherever they stand ("qué", "gani"), interrogative-after those of them
// that follow the noun they ask about ("mbolea gani"), situation the
// prepositions of time, circumstance and purpose before a question's
// situation ("para el maíz") and situation-postposition the postpositions
// after it ("pregnancy mein").
var sections = map[string]bool{
	"chat": true, "ignore": true, "lead": true, "trail": true, "break": true, "context": true,
	"topic": true, "negation": true, "ask": true, "subject": true, "soft": true, "question": true, "aux": true, "pronoun": true, "people": true,
	"possessive": true, "owner": true, "keep-s": true, "cjk-prefix": true, "cjk-suffix": true, "link": true,
	"postposition": true, "interrogative": true, "interrogative-after": true, "situation": true,
	"situation-postposition": true,
}

// Lists are word lists by section, as in a language file: "chat" (greetings,
// thanks, assent), "ignore" (whole messages only), "lead" and "trail"
// (framings and function words stripped from the start or end of a
// clause), "break" (function words inside a phrase), "context" (people,
// places and times, one word each: never a topic), "negation" (the next two words are
// not what the message asks about: "not pregnant") and "topic" (entries
// "word = English term"), "question" (question words) and "ask" (words of
// asking: "tell", "sobre"): a word no list knows is looked up only after
// one of these.
type Lists map[string][]string

// Validate reports a section that the extractor does not know.
func (l Lists) Validate() error {
	for s := range l {
		if !sections[s] {
			return fmt.Errorf("unknown word list %q", s)
		}
	}
	return nil
}

// parseLists reads a language file: "[section]" lines start a list, "#"
// starts a comment, every other non-blank line is one entry.
func parseLists(name, text string) (Lists, error) {
	out := Lists{}
	section := ""
	sc := bufio.NewScanner(strings.NewReader(text))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
		case strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]"):
			section = line[1 : len(line)-1]
			if !sections[section] {
				return nil, fmt.Errorf("%s:%d: unknown section %q", name, n, section)
			}
		case section == "":
			return nil, fmt.Errorf("%s:%d: entry before any [section]", name, n)
		default:
			out[section] = append(out[section], line)
		}
	}
	return out, sc.Err()
}

// languageLists returns the lists of every embedded language, by language
// code (the file name): data/lang/CODE.txt, with the entries of
// data/glossary/CODE.txt (terms of public services and health) added to its
// sections.
func languageLists() (map[string]Lists, error) {
	out := map[string]Lists{}
	for _, dir := range []string{"data/lang", "data/glossary"} {
		files, err := fs.Glob(data, dir+"/*.txt")
		if err != nil {
			return nil, err
		}
		for _, f := range files {
			b, err := data.ReadFile(f)
			if err != nil {
				return nil, err
			}
			l, err := parseLists(f, string(b))
			if err != nil {
				return nil, err
			}
			code := strings.TrimSuffix(path.Base(f), ".txt")
			if out[code] == nil {
				if dir != "data/lang" {
					return nil, fmt.Errorf("%s: no language %q in data/lang", f, code)
				}
				out[code] = Lists{}
			}
			for section, entries := range l {
				out[code][section] = append(out[code][section], entries...)
			}
		}
	}
	return out, nil
}

// The vocabulary's files, as strings: their words are substrings of the
// embedded data, so loading copies none of them.
var (
	//go:embed data/english.txt
	englishTxt string
	//go:embed data/nouns.txt
	nounsTxt string
	//go:embed data/adjectives.txt
	adjectivesTxt string
	//go:embed data/synonyms.txt
	synonymsTxt string
	//go:embed data/glosses.txt
	glossesTxt string
	//go:embed data/glosssynonyms.txt
	glossSynonymsTxt string
	//go:embed data/dict/fr.txt
	frDict string
	//go:embed data/dict/es_ES.txt
	esDict string
	//go:embed data/dict/pt_BR.txt
	ptBRDict string
	//go:embed data/health.txt
	healthTxt string
	//go:embed data/medicines.txt
	medicinesTxt string
	//go:embed data/forms.txt
	formsTxt string
)

// readLines calls fn with every entry of one of the vocabulary's files.
func readLines(name, text string, fn func(line string) error) error {
	for n := 1; text != ""; n++ {
		var line string
		line, text, _ = strings.Cut(text, "\n")
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if err := fn(line); err != nil {
			return fmt.Errorf("%s:%d: %w", name, n, err)
		}
	}
	return nil
}

// parseCount splits a "word count" line of english.txt.
func parseCount(line string) (string, uint32, error) {
	w, c, ok := strings.Cut(line, " ")
	if !ok {
		return "", 0, fmt.Errorf("want \"word count\", got %q", line)
	}
	n, err := strconv.ParseUint(c, 10, 32)
	return w, uint32(n), err
}

// parseTopic splits a "word = English term" entry of a topic list.
func parseTopic(entry string) (from, to string, err error) {
	from, to, ok := strings.Cut(entry, "=")
	from, to = foldKey(strings.TrimSpace(from)), strings.TrimSpace(to)
	if !ok || from == "" || to == "" {
		return "", "", fmt.Errorf("topic entry %q: want \"word = English term\"", entry)
	}
	return from, to, nil
}

// foldKey folds a list entry or a message word for matching across
// spellings with and without accents: lower case, apostrophes removed,
// accents removed ("Tétano" → "tetano").
func foldKey(s string) string {
	s = key(s)
	if isASCII(s) {
		return s
	}
	// NFD, marks removed, NFC, as transform.Chain would do it, without the
	// chain's buffers (8 kB a call: a message folds every word).
	var buf [128]byte
	d := norm.NFD.AppendString(buf[:0], s)
	out := d[:0]
	for i := 0; i < len(d); {
		r, n := utf8.DecodeRune(d[i:])
		if !unicode.Is(unicode.Mn, r) {
			out = append(out, d[i:i+n]...)
		}
		i += n
	}
	if !norm.NFC.IsNormal(out) {
		out = norm.NFC.Bytes(out)
	}
	return string(out)
}
