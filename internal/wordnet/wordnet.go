// Package wordnet reads the database files of Princeton WordNet 3.0
// (Debian's wordnet-base: data.POS and index.POS) for the generators that
// build the project's word lists from them. Nothing the service runs
// imports it.
package wordnet

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// Synset is one line of a data.POS file.
type Synset struct {
	Lex int // lexicographer file number (8 = noun.body)
	// Words are the synset's lemmas as the file writes them, in its
	// order: underscores for spaces, adjective markers such as "(a)" kept.
	Words    []string
	Pointers []Pointer
	// Gloss is the synset's definition and examples as the file writes
	// them after "|": "a painful burning sensation in the chest caused by
	// gastroesophageal reflux ...".
	Gloss string
}

// Pointer is a relation of a synset to another: Symbol is WordNet's
// ("@" hypernym, "@i" instance hypernym, "\\" derived from, "+"
// derivationally related, ...), Offset and POS ("n", "v", "a", "s", "r")
// name the synset it points to.
type Pointer struct{ Symbol, Offset, POS string }

// Hypernyms returns the offsets of s's hypernyms and instance hypernyms.
func (s *Synset) Hypernyms() []string {
	var out []string
	for _, p := range s.Pointers {
		if p.Symbol == "@" || p.Symbol == "@i" {
			out = append(out, p.Offset)
		}
	}
	return out
}

// Instance reports whether s is an instance (a named person, place,
// event): it has an instance hypernym.
func (s *Synset) Instance() bool {
	for _, p := range s.Pointers {
		if p.Symbol == "@i" {
			return true
		}
	}
	return false
}

// ReadData reads a data.POS file: its synsets by offset.
func ReadData(path string) (map[string]*Synset, error) {
	out := map[string]*Synset{}
	err := eachLine(path, func(line string, f []string) error {
		if len(f) < 4 {
			return fmt.Errorf("short line at synset %q", f[0])
		}
		lex, err := strconv.Atoi(f[1])
		if err != nil {
			return err
		}
		nw, err := strconv.ParseInt(f[3], 16, 32)
		if err != nil {
			return err
		}
		i := 4 + 2*int(nw)
		if len(f) <= i {
			return fmt.Errorf("synset %s: short of its %d words", f[0], nw)
		}
		s := &Synset{Lex: lex}
		if _, g, ok := strings.Cut(line, " | "); ok {
			s.Gloss = strings.TrimSpace(g)
		}
		for w := range int(nw) {
			s.Words = append(s.Words, f[4+2*w])
		}
		np, err := strconv.Atoi(f[i])
		if err != nil {
			return err
		}
		if len(f) < i+1+4*np {
			return fmt.Errorf("synset %s: short of its %d pointers", f[0], np)
		}
		for p := range np {
			s.Pointers = append(s.Pointers, Pointer{Symbol: f[i+1+4*p], Offset: f[i+2+4*p], POS: f[i+3+4*p]})
		}
		out[f[0]] = s
		return nil
	})
	return out, err
}

// ReadIndex reads an index.POS file: each lemma's synset offsets, most
// frequent sense first, and the lemmas in the file's order.
func ReadIndex(path string) (senses map[string][]string, lemmas []string, err error) {
	senses = map[string][]string{}
	err = eachLine(path, func(_ string, f []string) error {
		if len(f) < 3 {
			return fmt.Errorf("short line at lemma %q", f[0])
		}
		n, err := strconv.Atoi(f[2])
		if err != nil || n > len(f) {
			return fmt.Errorf("lemma %q: bad sense count %q", f[0], f[2])
		}
		senses[f[0]] = f[len(f)-n:]
		lemmas = append(lemmas, f[0])
		return nil
	})
	return senses, lemmas, err
}

// eachLine calls fn with the text and the fields of every line of path but the
// licence header (lines starting with spaces).
func eachLine(path string, fn func(string, []string) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		if line := sc.Text(); line != "" && line[0] != ' ' {
			if err := fn(line, strings.Fields(line)); err != nil {
				return fmt.Errorf("%s: %w", path, err)
			}
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}
