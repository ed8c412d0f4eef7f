//go:build ignore

// genmcr rebuilds terms/es.txt and terms/gl.txt: Spanish and Galician
// nouns of the Multilingual Central Repository 3.0 (MCR, CC BY 3.0) with
// the English WordNet 3.0 noun their synset is linked to ("semáforo =
// traffic light", "esguince = sprain"), so that a Spanish message's term
// is looked up under its English article's title, and a Portuguese one's
// through Galician's spelling, the closest to its. Only nouns that name
// something specific are kept: the English noun is of several words or
// heard fewer than rareCount times in SUBTLEX (english.txt), so everyday
// words ("casa", "mano") stay Spanish.
// The MCR's Spanish nouns come as packaged by extjwnl-data-mcr30
// (lang-spa/src/main/resources/net/sf/extjwnl/data/mcr30/spa: index.noun,
// index.adj, and ili.csv, which links the n-th synset of its data.noun to
// a WordNet 3.0 offset); its Galician ones as the Open Multilingual
// Wordnet's data packages them (omw-data's wns/mcr/wn-data-glg.tab: a
// WordNet 3.0 synset, "glg:lemma" and a lemma a line). Run from this
// folder:
//
//	go run genmcr.go -mcr DIR -wordnet /usr/share/wordnet
//	go run genmcr.go -tab wn-data-glg.tab -lang gl -wordnet /usr/share/wordnet
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
	"unicode"

	"github.com/ddgbot/ddgbot/internal/wordnet"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// rareCount matches the extractor's: an English word heard less often is
// rare.
const rareCount = 1000

// nameable are the lexicographer files (WordNet's lexnames) of nouns
// that name something a person asks about: acts, animals, artifacts, body
// parts, documents and signals (communication), events, food, groups,
// objects, phenomena, plants, possessions, processes, states (conditions)
// and substances. Quantities ("cuanto": quantum), times, places, people,
// feelings, attributes, relations, shapes and ideas are left out.
var nameable = map[string]bool{
	"04": true, "05": true, "06": true, "08": true, "10": true, "11": true, "13": true, "14": true,
	"17": true, "19": true, "20": true, "21": true, "22": true, "26": true, "27": true,
}

// cognateBonus makes a sense whose English noun is the Spanish one's
// cognate win over more heard ones.
const cognateBonus = 1 << 20

// minRunes: shorter Spanish nouns are too often other words too.
const minRunes = 4

func main() {
	mcr := flag.String("mcr", "", "folder holding the MCR Spanish index.noun, index.adj and ili.csv (extjwnl-data-mcr30)")
	tab := flag.String("tab", "", "an MCR wordnet as the Open Multilingual Wordnet's wn-data-LANG.tab (instead of -mcr)")
	lang := flag.String("lang", "es", "language of the wordnet: es or gl")
	wn := flag.String("wordnet", "/usr/share/wordnet", "folder of WordNet 3.0's data.noun")
	out := flag.String("out", "", "output file (default terms/LANG.txt)")
	flag.Parse()
	name, ok := languages[*lang]
	switch {
	case !ok:
		log.Fatalf("genmcr: -lang %q: want es or gl", *lang)
	case (*mcr == "") == (*tab == ""):
		log.Fatal("genmcr: one of -mcr and -tab is required")
	}
	if *out == "" {
		*out = "terms/" + *lang + ".txt"
	}
	counts := subtlex("english.txt")
	synsets, lexFile := englishNouns(filepath.Join(*wn, "data.noun"))
	nSenses := englishSenses(filepath.Join(*wn, "index.noun"))

	// senses are the WordNet 3.0 noun synsets of each lemma, underscores
	// for spaces; adjectives are the lemmas of its adjective synsets.
	var senses map[string][]string
	var adjectives map[string]bool
	packaging := "extjwnl-data-mcr30"
	if *tab != "" {
		senses, adjectives = readTab(*tab)
		packaging = "the Open Multilingual Wordnet (omw-data, wns/mcr)"
	} else {
		senses, adjectives = readMCR(*mcr)
	}
	terms := selectTerms(senses, adjectives, synsets, lexFile, nSenses, counts)
	keys := slices.Sorted(maps.Keys(terms))
	f, err := os.Create(*out)
	check(err)
	w := bufio.NewWriter(f)
	fmt.Fprintf(w, `# %[1]s nouns with the English WordNet 3.0 noun of their first synset,
# made by genmcr.go from the Multilingual Central Repository 3.0 (MCR,
# https://adimen.si.ehu.es/web/MCR/; Gonzalez-Agirre, Laparra and Rigau,
# 2012), %[1]s wordnet, as packaged by %[2]s; licensed under
# the Creative Commons Attribution 3.0 Unported licence (CC BY 3.0). This
# file is a modification: only nouns whose English noun names something
# specific are kept, and words are joined with spaces. English nouns:
# WordNet 3.0, Princeton University (WordNet 3.0 licence).
# %[3]d entries. Format: "%[4]s noun = English noun".
`, name, packaging, len(keys), strings.ToLower(name))
	for _, k := range keys {
		fmt.Fprintf(w, "%s = %s\n", k, terms[k])
	}
	check(w.Flush())
	check(f.Close())
}

// languages are the wordnets genmcr reads, by code.
var languages = map[string]string{"es": "Spanish", "gl": "Galician"}

// readMCR reads the MCR's Spanish index.noun, index.adj and ili.csv as
// extjwnl-data-mcr30 packages them.
func readMCR(dir string) (map[string][]string, map[string]bool) {
	// index.noun: "lemma n synset_cnt p_cnt [ptr...] sense_cnt tagsense_cnt offset..."
	mcrSenses := map[string][]int64{}
	offsets := map[int64]bool{}
	for _, l := range lines(filepath.Join(dir, "index.noun")) {
		if strings.HasPrefix(l, " ") {
			continue // the licence header
		}
		f := strings.Fields(l)
		n, _ := strconv.Atoi(f[2])
		p, _ := strconv.Atoi(f[3])
		var offs []int64
		for _, s := range f[4+p+2:] {
			o, err := strconv.ParseInt(s, 10, 64)
			check(err)
			offs = append(offs, o)
			offsets[o] = true
		}
		if len(offs) != n {
			log.Fatalf("genmcr: %q: %d offsets, want %d", f[0], len(offs), n)
		}
		mcrSenses[f[0]] = offs
	}
	// ili.csv numbers the synsets of data.noun in file order, which is the
	// order of their byte offsets: every synset has a word in index.noun.
	order := slices.Sorted(maps.Keys(offsets))
	toWN := map[int64]string{}
	for _, l := range lines(filepath.Join(dir, "ili.csv")) {
		src, dst, ok := strings.Cut(l, ",")
		if !ok || !strings.HasPrefix(src, "n#") || !strings.HasPrefix(dst, "n") {
			continue
		}
		i, err := strconv.Atoi(src[2:])
		check(err)
		if i >= len(order) {
			log.Fatalf("genmcr: ili.csv names synset %d of %d", i, len(order))
		}
		toWN[order[i]] = dst[1:]
	}
	senses := map[string][]string{}
	for lemma, offs := range mcrSenses {
		for _, o := range offs {
			senses[lemma] = append(senses[lemma], toWN[o]) // "" for an unlinked synset: no English noun
		}
	}
	adjectives := map[string]bool{}
	for _, l := range lines(filepath.Join(dir, "index.adj")) {
		if !strings.HasPrefix(l, " ") {
			adjectives[strings.Fields(l)[0]] = true
		}
	}
	return senses, adjectives
}

// readTab reads a wordnet in the Open Multilingual Wordnet's tab format:
// "00001740-n<TAB>glg:lemma<TAB>entidade", after a "#" header line.
// Nouns' synsets are kept in the file's order; adjectives ("-a", "-s")
// only as lemmas.
func readTab(file string) (map[string][]string, map[string]bool) {
	senses, adjectives := map[string][]string{}, map[string]bool{}
	for _, l := range lines(file) {
		f := strings.Split(l, "\t")
		if strings.HasPrefix(l, "#") || len(f) != 3 || !strings.HasSuffix(f[1], ":lemma") {
			continue
		}
		off, pos, ok := strings.Cut(f[0], "-")
		if !ok {
			log.Fatalf("genmcr: %s: synset %q", file, f[0])
		}
		lemma := strings.ReplaceAll(strings.TrimSpace(f[2]), " ", "_")
		switch pos {
		case "n":
			if !slices.Contains(senses[lemma], off) {
				senses[lemma] = append(senses[lemma], off)
			}
		case "a", "s":
			adjectives[lemma] = true
		}
	}
	return senses, adjectives
}

// selectTerms returns the nouns that name something specific with their
// English noun, from each lemma's WordNet 3.0 synsets.
func selectTerms(senses map[string][]string, adjectives map[string]bool, synsets map[string][]string, lexFile map[string]string, nSenses, counts map[string]int) map[string]string {
	terms := map[string]string{}
	for lemma, offs := range senses {
		es := strings.ReplaceAll(lemma, "_", " ")
		// A single word the wordnet lists as an adjective too, or whose
		// singular it does, is more often a modifier than a name
		// ("especiales", "médico"); phrases are names ("cordón umbilical").
		if !lowerWord(es) || len([]rune(strings.ReplaceAll(es, " ", ""))) < minRunes ||
			!strings.Contains(lemma, "_") && (adjectives[lemma] || adjectives[strings.TrimSuffix(lemma, "s")] || adjectives[strings.TrimSuffix(lemma, "es")]) {
			continue
		}
		// The senses' English nouns, and its singular's: a sense that
		// everyday speech names with one word makes the Spanish word an
		// everyday one too ("pelo": hair; "alimentos": food, not only
		// child support); else the sense whose English noun is a cognate,
		// then the most heard, is the sense meant ("adolescencia":
		// adolescence, not youth; "vacuna": vaccine, not cowpox).
		best, bestCount, everyday := "", -1, false
		all := offs
		for _, sg := range []string{strings.TrimSuffix(lemma, "s"), strings.TrimSuffix(lemma, "es")} {
			if sg != lemma {
				all = append(slices.Clip(all), senses[sg]...) // "alimentos" is the plural of food too
			}
		}
		for _, o := range all {
			words := synsets[o]
			if !nameable[lexFile[o]] {
				continue
			}
			en := title(es, words, nSenses)
			if en == "" {
				continue
			}
			for _, w := range words {
				if !strings.Contains(w, " ") && counts[strings.ToLower(w)] >= rareCount {
					everyday = true // "perro": dog, "gripe": cold
				}
			}
			c := heard(en, counts)
			if shared(es, en) > 0 {
				c += cognateBonus // "adolescencia": adolescence, not youth
			}
			if c > bestCount {
				best, bestCount = en, c
			}
		}
		if everyday || best == "" || strings.EqualFold(fold(es), fold(best)) || !lowerWord(best) {
			continue
		}
		terms[es] = best
	}
	return terms
}

// englishNouns returns the words of every synset of data.noun, by
// offset, with spaces for underscores, and its lexicographer file.
func englishNouns(file string) (map[string][]string, map[string]string) {
	data, err := wordnet.ReadData(file)
	check(err)
	words, lex := map[string][]string{}, map[string]string{}
	for off, s := range data {
		lex[off] = fmt.Sprintf("%02d", s.Lex)
		for _, w := range s.Words {
			w = strings.ReplaceAll(w, "_", " ")
			if j := strings.IndexByte(w, '('); j > 0 {
				w = w[:j] // "(a)", "(p)" markers
			}
			words[off] = append(words[off], w)
		}
	}
	return words, lex
}

// englishSenses returns how many senses each noun of index.noun has.
func englishSenses(file string) map[string]int {
	index, _, err := wordnet.ReadIndex(file)
	check(err)
	out := map[string]int{}
	for lemma, senses := range index {
		out[strings.ReplaceAll(lemma, "_", " ")] = len(senses)
	}
	return out
}

// title returns the word of a synset that an article is most likely
// titled with: the one sharing most words with the Spanish noun ("panel
// solar": solar panel, not solar array; "brucelosis": brucellosis), then the one with fewest other
// senses ("yellow fever", not "yellow jack"), then WordNet's order.
func title(es string, words []string, nSenses map[string]int) string {
	best, bestScore := "", 0
	for i, w := range words {
		score := shared(es, w)*1000 - nSenses[strings.ToLower(w)]*10 - i
		if best == "" || score > bestScore {
			best, bestScore = w, score
		}
	}
	return best
}

// shared counts the words of an English noun that are cognates of a word
// of a Spanish one.
func shared(es, en string) int {
	esWords := strings.Fields(fold(es))
	n := 0
	for _, f := range strings.Fields(fold(en)) {
		if slices.ContainsFunc(esWords, func(e string) bool { return cognates(e, f) }) {
			n++
		}
	}
	return n
}

// cognates reports the same word, two that share their first five
// letters ("brucelosis", "brucellosis"), or a word of four letters or
// more that the other starts with ("maíz", "maize").
func cognates(a, b string) bool {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return a == b || n >= 5 || n >= 4 && (n == len(a) || n == len(b))
}

// heard returns how often a noun is heard: a noun of several words as
// often as its rarest word.
func heard(en string, counts map[string]int) int {
	c := -1
	for _, w := range strings.Fields(en) {
		if n := counts[strings.ToLower(w)]; c < 0 || n < c {
			c = n
		}
	}
	return c
}

// fold lowers a word and removes its accents.
func fold(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(t, strings.ToLower(s))
	check(err)
	return out
}

// subtlex returns english.txt's counts by word.
func subtlex(file string) map[string]int {
	out := map[string]int{}
	for _, l := range lines(file) {
		if strings.HasPrefix(l, "#") {
			continue
		}
		w, c, ok := strings.Cut(l, " ")
		if !ok {
			continue
		}
		n, err := strconv.Atoi(strings.TrimSpace(c))
		check(err)
		out[w] = n
	}
	return out
}

// lowerWord reports letters, spaces, hyphens and apostrophes, none upper
// case: no proper name, abbreviation or number.
func lowerWord(w string) bool {
	for _, r := range w {
		if !unicode.IsLower(r) && r != ' ' && r != '-' && r != '\'' {
			return false
		}
	}
	return w != ""
}

func lines(file string) []string {
	f, err := os.Open(file)
	check(err)
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		out = append(out, sc.Text())
	}
	check(sc.Err())
	return out
}

func check(err error) {
	if err != nil {
		log.Fatal(err)
	}
}
