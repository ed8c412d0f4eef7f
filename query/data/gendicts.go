//go:build ignore

// gendicts rebuilds dict/*.txt from Debian's hunspell dictionaries: the
// dictionary's words (its entries without affix flags) and their Snowball
// stems, so that an inflected form ("vacinas", "tomou") is recognised by
// its stem. The dictionaries are under the MPL (among other licences), and
// so is each file made from them: it keeps its notice. Run from this
// folder:
//
//	go run gendicts.go -hunspell /usr/share/hunspell
package main

import (
	"bufio"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode"

	"github.com/ddgbot/ddgbot/query/stem"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// sources: the dictionaries embedded, with the licence chosen among those
// they offer and the notice their files carry (SOURCES.md has the rest).
var sources = []struct {
	file, lang, pkg, notice string
}{
	{"fr", "fr", "hunspell-fr 1:7.0-1 (Dicollecte / Grammalecte, 2007-2018)",
		"MPL-2.0 (the dictionary's licence)"},
	{"es_ES", "es", "hunspell-es 1:7.5.0-1 (Santiago Bosio, libreoffice-dictionaries)",
		"MPL-2.0 (the dictionary offers GPL-3+, LGPL-3+ or MPL-1.1+; MPL-1.1+ is used, as version 2.0)"},
	{"pt_BR", "pt", "hunspell-pt-br 1:7.5.0-1 (Raimundo Santos Moura, 2006-2013, libreoffice-dictionaries)",
		"MPL-2.0 (the dictionary offers LGPL-3 or MPL; the MPL is used, as version 2.0)"},
}

func main() {
	dir := flag.String("hunspell", "/usr/share/hunspell", "folder of the .dic files")
	out := flag.String("out", "dict", "output folder")
	flag.Parse()
	check(os.MkdirAll(*out, 0o755))
	for _, s := range sources {
		words, stems := map[string]bool{}, map[string]bool{}
		for i, l := range lines(filepath.Join(*dir, s.file+".dic")) {
			if i == 0 {
				continue // the entry count
			}
			w, _, _ := strings.Cut(l, "/")
			w, _, _ = strings.Cut(w, "\t")
			w = strings.TrimSpace(w)
			if !lowerWord(w) {
				continue // a proper name, an abbreviation, a number or a symbol
			}
			words[fold(w)] = true
			stems[fold(stem.Stem(s.lang, w))] = true
			stems[stem.Stem(s.lang, fold(w))] = true // as written without accents
		}
		path := filepath.Join(*out, s.file+".txt")
		f, err := os.Create(path)
		check(err)
		w := bufio.NewWriter(f)
		fmt.Fprintf(w, "# Made by gendicts.go from Debian's %s:\n", s.pkg)
		fmt.Fprintf(w, "# the dictionary's entries in lower case (without affix flags), folded (no\n")
		fmt.Fprintf(w, "# accents or apostrophes), then their Snowball stems (%s). This file is\n", s.lang)
		fmt.Fprintf(w, "# a modification of that dictionary and is under the same licence:\n# %s.\n", s.notice)
		fmt.Fprintf(w, "# This Source Code Form is subject to the terms of the Mozilla Public\n")
		fmt.Fprintf(w, "# License, v. 2.0. If a copy of the MPL was not distributed with this\n")
		fmt.Fprintf(w, "# file, You can obtain one at http://mozilla.org/MPL/2.0/ (and in\n# ../licenses/MPL-2.0.txt).\n")
		fmt.Fprintf(w, "# The unmodified dictionary is in the Debian package named above.\n# See SOURCES.md at the top of the project.\n")
		fmt.Fprintln(w, "[words]")
		for _, k := range sorted(words) {
			fmt.Fprintln(w, k)
		}
		fmt.Fprintln(w, "[stems]")
		for _, k := range sorted(stems) {
			fmt.Fprintln(w, k)
		}
		check(w.Flush())
		check(f.Close())
		log.Printf("%s: %d words, %d stems", path, len(words), len(stems))
	}
}

// lowerWord reports an entry that starts with a lower-case letter and has
// only letters, inner hyphens and apostrophes.
func lowerWord(w string) bool {
	for i, r := range w {
		switch {
		case i == 0 && !unicode.IsLower(r):
			return false
		case unicode.IsLetter(r):
		case (r == '-' || r == '\'' || r == '’') && i > 0 && i < len(w)-1:
		default:
			return false
		}
	}
	return w != ""
}

// fold is the extractor's foldKey: lower case, apostrophes and accents
// removed.
func fold(s string) string {
	s = strings.NewReplacer("'", "", "’", "").Replace(strings.ToLower(s))
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(t, s)
	check(err)
	return out
}

func sorted(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func lines(path string) []string {
	b, err := os.ReadFile(path)
	check(err)
	return strings.Split(strings.TrimPrefix(strings.TrimSpace(string(b)), "\uFEFF"), "\n")
}

func check(err error) {
	if err != nil {
		log.Fatal(err)
	}
}
