package query

import (
	"fmt"
	"sort"
	"strings"

	"github.com/ddgbot/ddgbot/query/stem"
)

// sortedSet is a set of strings kept as they are in a file, one sorted
// line each (byte order), with the offset of every line: a lookup is a
// binary search, and the set costs 4 bytes an entry beside the file.
type sortedSet struct {
	text string
	offs []uint32 // start of each line; one more for the end
}

func newSortedSet(text string) sortedSet {
	s := sortedSet{text: text, offs: make([]uint32, 0, strings.Count(text, "\n")+2)}
	for i := 0; i < len(text); {
		s.offs = append(s.offs, uint32(i))
		n := strings.IndexByte(text[i:], '\n')
		if n < 0 {
			break
		}
		i += n + 1
	}
	s.offs = append(s.offs, uint32(len(text)))
	return s
}

func (s sortedSet) len() int { return len(s.offs) - 1 }

// at returns the i-th entry.
func (s sortedSet) at(i int) string {
	return strings.TrimSuffix(s.text[s.offs[i]:s.offs[i+1]], "\n")
}

func (s sortedSet) has(k string) bool {
	i := sort.Search(s.len(), func(i int) bool { return s.at(i) >= k })
	return i < s.len() && s.at(i) == k
}

// dictionary is one language's word list made from a hunspell dictionary
// (dict/*.txt): its entries, folded, and their Snowball stems.
type dictionary struct {
	lang         string
	words, stems sortedSet
}

// parseDictionary reads a dict/*.txt file: comment lines, then "[words]"
// and "[stems]", each followed by its sorted entries.
func parseDictionary(name, lang, text string) (dictionary, error) {
	for strings.HasPrefix(text, "#") {
		_, text, _ = strings.Cut(text, "\n")
	}
	words, ok1 := strings.CutPrefix(text, "[words]\n")
	words, stems, ok2 := strings.Cut(words, "[stems]\n")
	if !ok1 || !ok2 {
		return dictionary{}, fmt.Errorf("%s: want [words] then [stems] after the comments", name)
	}
	return dictionary{lang: lang, words: newSortedSet(words), stems: newSortedSet(stems)}, nil
}

// DictMatch is how a word matched a language's dictionary.
type DictMatch uint8

// Dictionary matches, weakest first.
const (
	DictNone  DictMatch = iota // not a word of the dictionary
	DictForm                   // an inflected form: its Snowball stem is the stem of an entry ("vacinas", "tomou")
	DictEntry                  // an entry of the dictionary, accents aside ("cedo", "vacuna")
)

// dictFiles are the embedded dictionaries with the language each serves
// (Brazilian Portuguese serves "pt": the European dictionary is offered
// only under GPL-2, LGPL-2.1 or MPL-1.1, none of which this project embeds).
var dictFiles = []struct{ name, lang, text string }{
	{"dict/fr.txt", "fr", frDict},
	{"dict/es_ES.txt", "es", esDict},
	{"dict/pt_BR.txt", "pt", ptBRDict},
}

// loadDictionaries reads every embedded dictionary, by language.
func loadDictionaries() (map[string][]dictionary, error) {
	out := map[string][]dictionary{}
	for _, f := range dictFiles {
		d, err := parseDictionary(f.name, f.lang, f.text)
		if err != nil {
			return nil, err
		}
		out[f.lang] = append(out[f.lang], d)
	}
	return out, nil
}

// inDictionary reports whether a word is a word of language lang ("pt",
// "es", "fr") by that language's hunspell dictionary: an entry, accents
// aside, or a form with an entry's Snowball stem. word is the word as
// written (any case, accents or none). A language without a dictionary
// gives DictNone. A word of several languages ("casa") matches each.
func (v *vocabulary) inDictionary(lang, word string) DictMatch {
	ds := v.dicts[lang]
	if len(ds) == 0 {
		return DictNone
	}
	word = strings.ToLower(word)
	k := foldKey(word)
	for i := range ds {
		if ds[i].words.has(k) {
			return DictEntry
		}
	}
	// The stem of the word as written, and of the word without accents:
	// the files hold both stems of every entry.
	s1, s2 := foldKey(stem.Stem(lang, word)), ""
	if k != word {
		s2 = stem.Stem(lang, k)
	}
	for i := range ds {
		if ds[i].stems.has(s1) || s2 != "" && ds[i].stems.has(s2) {
			return DictForm
		}
	}
	return DictNone
}

// dictEntry reports a folded word that is an entry of an embedded
// dictionary of lang, without looking at its stem.
func (v *vocabulary) dictEntry(lang, k string) bool {
	for i := range v.dicts[lang] {
		if v.dicts[lang][i].words.has(k) {
			return true
		}
	}
	return false
}

// InDictionary reports whether a word (as written: any case, accents or
// none) is a word of language lang: by the embedded dictionaries of
// Portuguese, Spanish and French (an entry, or a form with an entry's
// Snowball stem), or as an entry of a dictionary the configuration adds
// (Config.Dictionaries). A language without either gives DictNone.
func (e *Extractor) InDictionary(lang, word string) DictMatch {
	if m := e.vocab.inDictionary(lang, word); m != DictNone {
		return m
	}
	if e.extraDicts[lang][foldKey(strings.ToLower(word))] {
		return DictEntry
	}
	return DictNone
}

// ParseWordList reads a word list for Config.Dictionaries: one word a
// line; blank lines and lines starting with "#" are skipped. A hunspell
// .dic file reads too: its first line (the entry count) is skipped, and
// each entry's affix flags ("/...") and morphology (after a tab) are
// dropped, so only the stems of its entries are known; a list of every
// form (hunspell's "unmunch" prints one) knows more. It fails on a list
// with no word or a line of more than one word.
func ParseWordList(text string) ([]string, error) {
	var out []string
	for n, line := range strings.Split(strings.TrimPrefix(text, "\uFEFF"), "\n") {
		line, _, _ = strings.Cut(line, "\t")
		line, _, _ = strings.Cut(line, "/")
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") || n == 0 && isDigits(line) {
			continue
		}
		if strings.ContainsAny(line, " \r") {
			return nil, fmt.Errorf("line %d: %q is not one word", n+1, line)
		}
		out = append(out, line)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no words")
	}
	return out, nil
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
