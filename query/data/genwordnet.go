//go:build ignore

// genwordnet rebuilds nouns.txt from WordNet 3.0 (Debian's wordnet-base):
// every noun lemma, multiword ones included, with what its senses say about
// how specific it is and whether it names a health subject. Run from this
// folder:
//
//	go run genwordnet.go -dict /usr/share/wordnet -english english.txt
//
// It also writes glosses.txt: the content words of the definitions of
// the health synsets, for matching a message that describes a subject
// without naming it.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"log"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/ddgbot/ddgbot/internal/wordnet"
	"github.com/ddgbot/ddgbot/query/stem"
)

// lexNames are WordNet's lexicographer files of nouns, by number (the
// "lexnames" file of the WordNet distribution), without the "noun." prefix.
var lexNames = map[int]string{
	3: "tops", 4: "act", 5: "animal", 6: "artifact", 7: "attribute", 8: "body", 9: "cognition",
	10: "communication", 11: "event", 12: "feeling", 13: "food", 14: "group", 15: "location",
	16: "motive", 17: "object", 18: "person", 19: "phenomenon", 20: "plant", 21: "possession",
	22: "process", 23: "quantity", 24: "relation", 25: "shape", 26: "state", 27: "substance", 28: "time",
}

// kinds name health subjects by the synsets they descend from (lemma and
// sense number, as in WordNet's index): a sense under one of them is of
// that kind. The first matching kind in this order wins.
var kinds = []struct {
	letter string
	roots  []string
}{
	{"m", []string{"drug#1", "medicine#2", "vaccine#1", "contraceptive#1"}}, // medicines
	{"d", []string{"disease#1", "illness#1", "ill_health#1", "symptom#1", "injury#1", "disorder#1", // conditions
		"pathological_state#1", "physiological_state#1", "mental_disorder#1", "addiction#1", "pain#1", "wound#1", "pathologic_process#1"}},
	{"c", []string{"medical_care#1", "medical_procedure#1", "therapy#1", "diagnostic_test#1", "surgery#1"}}, // care
	{"p", []string{"microorganism#1", "virus#1", "parasite#1"}},                                             // pathogens
	{"h", []string{"health_professional#1", "medical_institution#1"}},                                       // health services
}

type synset struct {
	word  string   // the first word of the synset
	words []string // every word of the synset, in WordNet's order
	gloss string   // definition and examples
	lex   int
	hyper []string // hypernyms and instance hypernyms
	inst  bool     // an instance (a named person, place, event)
}

func main() {
	dict := flag.String("dict", "/usr/share/wordnet", "WordNet dict folder (data.noun, index.noun)")
	out := flag.String("out", "nouns.txt", "output file of nouns")
	adjOut := flag.String("adjectives", "adjectives.txt", "output file of adjectives")
	synOut := flag.String("synonyms", "synonyms.txt", "output file of synonyms")
	glossOut := flag.String("glosses", "glosses.txt", "output file of the health synsets' definition words")
	glossSynOut := flag.String("gloss-synonyms", "glosssynonyms.txt", "output file of everyday words' synonyms among the definition words")
	english := flag.String("english", "english.txt", "word counts (gen.go's output): a synonym's head is the word heard most")
	flag.Parse()

	data, err := wordnet.ReadData(filepath.Join(*dict, "data.noun"))
	check(err)
	synsets := map[string]*synset{}
	for off, d := range data {
		s := &synset{lex: d.Lex, word: strings.ToLower(d.Words[0]), hyper: d.Hypernyms(), inst: d.Instance(), gloss: d.Gloss}
		for _, w := range d.Words {
			s.words = append(s.words, strings.ToLower(w))
		}
		synsets[off] = s
	}

	type entry struct {
		lemma  string
		senses []string
	}
	index, lemmas, err := wordnet.ReadIndex(filepath.Join(*dict, "index.noun"))
	check(err)
	entries := make([]entry, len(lemmas))
	for i, l := range lemmas {
		entries[i] = entry{l, index[l]}
	}

	rootKind := map[string]string{}
	for _, k := range kinds {
		for _, r := range k.roots {
			lemma, n, _ := strings.Cut(r, "#")
			i, _ := strconv.Atoi(n)
			offs := index[lemma]
			if i < 1 || i > len(offs) {
				log.Fatalf("no synset %s", r)
			}
			if _, ok := rootKind[offs[i-1]]; !ok {
				rootKind[offs[i-1]] = k.letter
			}
		}
	}
	// kindOf returns the health kind of a synset: the kind of the nearest
	// root among its ancestors (breadth first), or "".
	kindOf := func(off string) string {
		seen, level := map[string]bool{off: true}, []string{off}
		for len(level) > 0 {
			best := ""
			for _, o := range level {
				if k, ok := rootKind[o]; ok && (best == "" || rank(k) < rank(best)) {
					best = k
				}
			}
			if best != "" {
				return best
			}
			var next []string
			for _, o := range level {
				for _, h := range synsets[o].hyper {
					if !seen[h] {
						seen[h] = true
						next = append(next, h)
					}
				}
			}
			level = next
		}
		return ""
	}
	depths := map[string]int{}
	var depth func(off string) int
	depth = func(off string) int {
		if d, ok := depths[off]; ok {
			return d
		}
		d := 0
		for i, h := range synsets[off].hyper {
			if hd := depth(h) + 1; i == 0 || hd < d {
				d = hd
			}
		}
		depths[off] = d
		return d
	}

	f, err := os.Create(*out)
	check(err)
	w := bufio.NewWriter(f)
	fmt.Fprintln(w, "# Generated by genwordnet.go from WordNet 3.0 (Princeton University); see SOURCES.md at the top of the project.")
	fmt.Fprintln(w, "# noun<TAB>lexicographer file of its first sense<TAB>hypernym depth of its first sense<TAB>senses<TAB>health kind of its first sense<TAB>health kinds of its other senses")
	slices.SortFunc(entries, func(a, b entry) int { return strings.Compare(a.lemma, b.lemma) })
	counts := map[string]int{}
	for _, e := range entries {
		first := synsets[e.senses[0]]
		lex := lexNames[first.lex]
		if first.inst {
			lex += "!" // an instance: a named person, place or event
		}
		k := kindOf(e.senses[0])
		var other []string
		for _, o := range e.senses[1:] {
			if ok := kindOf(o); ok != "" && ok != k && !slices.Contains(other, ok) {
				other = append(other, ok)
			}
		}
		slices.Sort(other)
		if k == "" {
			k = "-"
		}
		counts[k]++
		o := strings.Join(other, "")
		if o == "" {
			o = "-"
		}
		fmt.Fprintf(w, "%s\t%s\t%d\t%d\t%s\t%s\n", strings.ReplaceAll(e.lemma, "_", " "), lex, depth(e.senses[0]), len(e.senses), k, o)
	}
	check(w.Flush())
	check(f.Close())
	log.Printf("%s: %d nouns; health kinds of first senses: %v", *out, len(entries), counts)
	writeAdjectives(*dict, *adjOut, synsets, kindOf)
	heardCounts := readCounts(*english)
	head := headOf(heardCounts, synsets, index)
	writeSynonyms(*synOut, synsets, index, head)
	vocab := writeGlosses(*glossOut, synsets, head, heardCounts, kindOf, under(synsets, index["drug_of_abuse"][0]))
	writeGlossSynonyms(*glossSynOut, *dict, heardCounts, vocab)
}

// headOf returns the head word of a synset, "" when it has none: a word
// of the synset whose own first sense is that synset ("cavity", first a
// hollow, does not name tooth decay): one word heard in speech (counts:
// english.txt) over several or over a word nobody says ("vitamin a", not
// "axerophthol"), then the one heard most often, then WordNet's order.
func headOf(counts map[string]int, synsets map[string]*synset, index map[string][]string) func(string) string {
	return func(off string) string {
		best, bestMulti, bestCount := "", true, -1
		for _, w := range synsets[off].words {
			if offs := index[w]; len(offs) == 0 || offs[0] != off {
				continue
			}
			multi, c := strings.Contains(w, "_") || counts[w] == 0, counts[w]
			if best == "" || bestMulti && !multi || multi == bestMulti && c > bestCount {
				best, bestMulti, bestCount = w, multi, c
			}
		}
		return best
	}
}

// writeSynonyms writes, for every noun whose first (most frequent) sense
// is a synset of several words, that synset's head word (headOf) when it
// is another: "water pill" → "diuretic", "lockjaw" → "tetanus", "high
// blood pressure" → "hypertension". Named instances (people, places) are
// left out.
func writeSynonyms(out string, synsets map[string]*synset, index map[string][]string, head func(string) string) {
	var lines []string
	for lemma, offs := range index {
		s := synsets[offs[0]]
		if s.inst || len(s.words) < 2 {
			continue
		}
		if h := head(offs[0]); h != "" && h != lemma {
			lines = append(lines, strings.ReplaceAll(lemma, "_", " ")+"\t"+strings.ReplaceAll(h, "_", " "))
		}
	}
	writeLines(out, "noun<TAB>the head word of its first sense's synset (the synset's first word that means it first)", lines)
	log.Printf("%s: %d synonyms", out, len(lines))
}

// glossStop are English function words and the words every definition
// uses to define ("a condition in which ..."), left out of glosses.txt.
var glossStop = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`a an the of in on at to for from by with without into onto out
	over under up down about as and or but nor not no than that which who whom whose what when where
	while this these those it its is are was were be been being has have had having do does did can
	could may might must shall should will would such some any all each every other another one two
	more most less least very usually often especially typically sometimes also esp etc e g i
	either both between through after before during within upon against toward towards like same
	so there their they them he she his her you your we our us something someone thing things
	kind kinds type form state condition characterized marked resulting result results caused cause
	causes causing involving involves used use uses using produced produces person people
	any abnormal abnormally`) {
		glossStop[w] = true
	}
}

// under returns whether a synset descends from root (or is it).
func under(synsets map[string]*synset, root string) func(string) bool {
	memo := map[string]bool{}
	var f func(string) bool
	f = func(off string) bool {
		if off == root {
			return true
		}
		if v, ok := memo[off]; ok {
			return v
		}
		memo[off] = false
		v := slices.ContainsFunc(synsets[off].hyper, f)
		memo[off] = v
		return v
	}
	return f
}

// minHeadCount: a synset whose head word is heard less often in speech
// (english.txt) is a subject people rarely describe ("pycnodysostosis").
const minHeadCount = 10

// heard returns how often speech uses w (english.txt), a phrase as a
// tenth of its rarest word.
func heard(w string, counts map[string]int) int {
	words := strings.Split(w, "_")
	if len(words) == 1 {
		return counts[w]
	}
	n := -1
	for _, x := range words {
		if n < 0 || counts[x] < n {
			n = counts[x]
		}
	}
	return n / 10
}

// readCounts reads english.txt: words with how often speech uses them.
func readCounts(english string) map[string]int {
	counts := map[string]int{}
	eachLine(english, func(f []string) {
		if len(f) == 2 {
			counts[f[0]], _ = strconv.Atoi(f[1])
		}
	})
	return counts
}

// writeGlosses writes, for every synset of a health kind that has a head
// word heard at least minHeadCount times and names no instance, neither a food or drink (alcohol is a drug
// to WordNet) nor a drug of abuse (abused tells whether it is one), that head, its kind and the stems of its
// definition's content words and of its words (glossStop and quoted
// examples left out; each stem once): "heartburn<TAB>d<TAB>burn chest
// gastroesophag heartburn pain pyrosi reflux sensat".
//
// It returns the stems written.
func writeGlosses(out string, synsets map[string]*synset, head func(string) string, counts map[string]int, kindOf func(string) string, abused func(string) bool) map[string]bool {
	var lines []string
	vocab := map[string]bool{}
	for off, s := range synsets {
		k := kindOf(off)
		h := head(off)
		if k == "" || h == "" || s.inst || lexNames[s.lex] == "food" || abused(off) || heard(h, counts) < minHeadCount {
			continue
		}
		def := s.gloss
		if i := strings.Index(def, "\""); i >= 0 {
			def = def[:i] // examples follow the definition in quotes
		}
		text := def + " " + strings.Join(s.words, " ")
		seen := map[string]bool{}
		var stems []string
		for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return (r < 'a' || r > 'z') && r != '\'' }) {
			w = strings.Trim(w, "'")
			if len(w) < 3 || glossStop[w] {
				continue
			}
			if st := stem.Stem("en", w); !seen[st] {
				seen[st], vocab[st] = true, true
				stems = append(stems, st)
			}
		}
		slices.Sort(stems)
		lines = append(lines, strings.ReplaceAll(h, "_", " ")+"\t"+k+"\t"+strings.Join(stems, " "))
	}
	writeLines(out, "head word of a health synset<TAB>its health kind<TAB>Snowball stems of its definition's content words and of its words", lines)
	log.Printf("%s: %d health synsets", out, len(lines))
	return vocab
}

// Bounds of glosssynonyms.txt: words heard at least minSynonymCount times
// in speech (english.txt), and the synonyms of their first maxSynonymSenses
// senses of each part of speech.
const (
	minSynonymCount  = 20
	maxSynonymSenses = 3
)

// writeGlossSynonyms writes, for every everyday one-word noun, verb or
// adjective, the stems of its WordNet synonyms (one-word lemmas sharing
// one of its first senses) that glosses.txt has and its own stem is not:
// "tummy<TAB>stomach", "pee<TAB>urin"; an irregular form, its base
// word's stem marked "=" ("swollen<TAB>=swell"). A message's words meet
// the definitions' words through them.
func writeGlossSynonyms(out, dict string, counts map[string]int, vocab map[string]bool) {
	syns := map[string]map[string]bool{}
	for _, pos := range []string{"noun", "verb", "adj"} {
		data, err := wordnet.ReadData(filepath.Join(dict, "data."+pos))
		check(err)
		index, lemmas, err := wordnet.ReadIndex(filepath.Join(dict, "index."+pos))
		check(err)
		for _, l := range lemmas {
			if strings.Contains(l, "_") || counts[l] < minSynonymCount {
				continue
			}
			own := stem.Stem("en", l)
			for _, off := range index[l][:min(len(index[l]), maxSynonymSenses)] {
				for _, w := range data[off].Words {
					w, _, _ = strings.Cut(strings.ToLower(w), "(") // adjective markers: "big(a)"
					if strings.Contains(w, "_") || w == l {
						continue
					}
					if st := stem.Stem("en", w); vocab[st] && st != own {
						if syns[l] == nil {
							syns[l] = map[string]bool{}
						}
						syns[l][st] = true
					}
				}
			}
		}
	}
	// Irregular forms ("swollen", "teeth", "lice") meet their base
	// word's stem at full weight, marked "=".
	for _, pos := range []string{"noun", "verb", "adj"} {
		eachLine(filepath.Join(dict, pos+".exc"), func(f []string) {
			if len(f) < 2 || strings.Contains(f[0], "_") || counts[f[0]] < minSynonymCount {
				return
			}
			if st := stem.Stem("en", f[1]); vocab[st] && st != stem.Stem("en", f[0]) {
				if syns[f[0]] == nil {
					syns[f[0]] = map[string]bool{}
				}
				syns[f[0]]["="+st] = true
			}
		})
	}
	var lines []string
	for l, set := range syns {
		stems := slices.Sorted(maps.Keys(set))
		lines = append(lines, l+"\t"+strings.Join(stems, " "))
	}
	writeLines(out, "everyday word<TAB>stems of glosses.txt that are its synonyms in one of its first senses", lines)
	log.Printf("%s: %d words", out, len(lines))
}

// writeAdjectives writes every adjective that pertains to a noun, or is
// derived from one, ("gestational" → "gestation", "epileptic" →
// "epilepsy") with that noun and its health kind. An adjective of several
// senses takes the first sense that names a noun, preferring one with a
// health kind.
func writeAdjectives(dict, out string, nouns map[string]*synset, kindOf func(string) string) {
	type target struct{ noun, kind string }
	senses := map[string][]target{} // adjective synset offset → nouns
	adjs, err := wordnet.ReadData(filepath.Join(dict, "data.adj"))
	check(err)
	for off, a := range adjs {
		for _, p := range a.Pointers {
			if (p.Symbol == "\\" || p.Symbol == "+") && p.POS == "n" && nouns[p.Offset] != nil {
				t := target{nouns[p.Offset].word, kindOf(p.Offset)}
				if p.Symbol == "\\" {
					senses[off] = append([]target{t}, senses[off]...)
				} else {
					senses[off] = append(senses[off], t)
				}
			}
		}
	}
	type line struct{ adj, noun, kind string }
	var lines []line
	adjIndex, adjLemmas, err := wordnet.ReadIndex(filepath.Join(dict, "index.adj"))
	check(err)
	for _, lemma := range adjLemmas {
		var best *target
		for _, off := range adjIndex[lemma] {
			if t := senses[off]; len(t) > 0 {
				best = &t[0]
				break
			}
		}
		if best == nil {
			continue
		}
		k := best.kind
		if k == "" {
			k = "-"
		}
		lines = append(lines, line{strings.ReplaceAll(lemma, "_", " "), strings.ReplaceAll(best.noun, "_", " "), k})
	}
	rows := make([]string, len(lines))
	for i, l := range lines {
		rows[i] = l.adj + "\t" + l.noun + "\t" + l.kind
	}
	writeLines(out, "adjective<TAB>the noun it pertains to or is derived from<TAB>health kind of that noun", rows)
	log.Printf("%s: %d adjectives", out, len(lines))
}

// writeLines writes lines, sorted, to out under the generator's header
// and a line naming the columns.
func writeLines(out, columns string, lines []string) {
	slices.Sort(lines)
	f, err := os.Create(out)
	check(err)
	w := bufio.NewWriter(f)
	fmt.Fprintln(w, "# Generated by genwordnet.go from WordNet 3.0 (Princeton University); see SOURCES.md at the top of the project.")
	fmt.Fprintln(w, "# "+columns)
	for _, l := range lines {
		fmt.Fprintln(w, l)
	}
	check(w.Flush())
	check(f.Close())
}

func rank(letter string) int {
	for i, k := range kinds {
		if k.letter == letter {
			return i
		}
	}
	return len(kinds)
}

// eachLine calls fn with the fields of every line of path but empty ones.
func eachLine(path string, fn func([]string)) {
	f, err := os.Open(path)
	check(err)
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		if l := sc.Text(); l != "" {
			fn(strings.Fields(l))
		}
	}
	check(sc.Err())
}

func check(err error) {
	if err != nil {
		log.Fatal(err)
	}
}
