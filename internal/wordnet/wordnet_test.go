package wordnet

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// Lines as WordNet 3.0 writes them (cut short after the pointers): the
// licence header, a synset with a hypernym and derivational pointers,
// and an instance.
const (
	dataNoun = `  1 This software and database is being provided to you, the LICENSEE, by  
  2 Princeton University under the following license.  By obtaining, using  
14288235 26 n 03 bleeding 0 hemorrhage 0 haemorrhage 0 003 @ 14285662 n 0000 + 02740224 a 0302 ~ 14288561 n 0000 | the flow of blood
09044862 15 n 02 United_States 0 US 0 002 @i 08702805 n 0000 #p 09372504 n 0000 | North American republic
`
	indexNoun = `  1 This software and database is being provided to you, the LICENSEE, by  
bleeding n 1 3 @ ~ + 1 0 14288235  
hemorrhage n 2 3 @ ~ + 1 0 14288235 00000001  
`
)

func write(t *testing.T, name, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// Ensure a data file's synsets keep their lexicographer file, words in
// order and every pointer, with hypernyms and instances read from them.
func TestReadData(t *testing.T) {
	syn, err := ReadData(write(t, "data.noun", dataNoun))
	if err != nil {
		t.Fatal(err)
	}
	if len(syn) != 2 {
		t.Fatalf("%d synsets, want 2", len(syn))
	}
	b := syn["14288235"]
	if b.Lex != 26 || !slices.Equal(b.Words, []string{"bleeding", "hemorrhage", "haemorrhage"}) || len(b.Pointers) != 3 ||
		b.Pointers[1] != (Pointer{"+", "02740224", "a"}) || !slices.Equal(b.Hypernyms(), []string{"14285662"}) || b.Instance() ||
		b.Gloss != "the flow of blood" {
		t.Errorf("bleeding: %+v", b)
	}
	us := syn["09044862"]
	if !slices.Equal(us.Words, []string{"United_States", "US"}) || !us.Instance() || !slices.Equal(us.Hypernyms(), []string{"08702805"}) {
		t.Errorf("United States: %+v", us)
	}
}

// Ensure an index gives each lemma's senses, most frequent first, and
// the lemmas in the file's order.
func TestReadIndex(t *testing.T) {
	senses, lemmas, err := ReadIndex(write(t, "index.noun", indexNoun))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(lemmas, []string{"bleeding", "hemorrhage"}) || !slices.Equal(senses["hemorrhage"], []string{"14288235", "00000001"}) {
		t.Errorf("lemmas %v, senses %v", lemmas, senses)
	}
}

// Ensure a cut line is an error naming the file, not a panic.
func TestReadDataShortLine(t *testing.T) {
	path := write(t, "data.noun", "14288235 26 n 03 bleeding 0\n")
	if _, err := ReadData(path); err == nil || !strings.Contains(err.Error(), path) {
		t.Errorf("err = %v, want one naming %s", err, path)
	}
}
