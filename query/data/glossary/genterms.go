//go:build ignore

// genterms writes terms.tsv: the English terms that the glossaries of this
// folder translate, so that each covers the same, most commonly needed,
// help-line topics rather than whatever came to mind. Three sources, all
// embedded in the binary already or written here:
//
//   - health: WordNet nouns (../nouns.txt) whose first sense is a medicine,
//     condition, kind of care, pathogen or health service, one word, not a
//     named instance nor food or drink ("wine" descends from drug), ranked
//     by how often they are heard (../english.txt, SUBTLEX-US): the top
//     healthTop;
//   - everyday health terms (../health.txt): help-line topics of several
//     words or everyday words that the first source misses or ranks low;
//   - public services: the categories below, written from general
//     knowledge of what help lines are asked (documents, grants, road
//     safety, farming, water and sanitation, housing, work, schooling,
//     family and money) before any set was scored with a glossary.
//
// Run from this folder:
//
//	go run genterms.go
package main

import (
	"bufio"
	"flag"
	"fmt"
	"log"
	"os"
	"slices"
	"strconv"
	"strings"
)

// healthTop is how many WordNet health nouns, most heard first, are kept.
const healthTop = 250

// minLetters: shorter WordNet nouns are mostly abbreviations or slang
// ("b", "ed", "ms" for multiple sclerosis) that no one translates.
const minLetters = 3

// services are public-service terms by category, as help lines are asked
// about them: WordNet nouns or article titles.
var services = []struct {
	category string
	terms    []string
}{
	{"documents", []string{"birth certificate", "birth registration", "death certificate", "marriage certificate",
		"identity document", "identity card", "passport", "driver's license", "visa", "work permit", "residence permit",
		"refugee", "asylum", "citizenship", "voter registration", "proof of address", "police clearance certificate",
		"adoption", "will", "inheritance"}},
	{"grants", []string{"pension", "old age pension", "disability pension", "child benefit", "unemployment benefits",
		"social security", "welfare", "cash transfer", "food aid", "food bank", "scholarship", "student loan",
		"health insurance", "insurance", "subsidy", "tax", "tax return", "electricity bill"}},
	{"road safety", []string{"seat belt", "helmet", "speed limit", "traffic light", "traffic collision", "drunk driving",
		"driving test", "pedestrian crossing", "child safety seat", "road safety", "motorcycle", "traffic ticket"}},
	{"farming", []string{"fertilizer", "pesticide", "herbicide", "irrigation", "seed", "harvest", "livestock", "cattle",
		"goat", "poultry", "maize", "crop", "drought", "locust", "fall armyworm", "compost", "manure", "soil", "crop rotation",
		"beekeeping", "fish farming", "tractor", "greenhouse", "weed", "veterinarian", "foot-and-mouth disease",
		"newcastle disease"}},
	{"water and sanitation", []string{"drinking water", "water purification", "water well", "borehole", "pit latrine",
		"toilet", "sanitation", "hand washing", "sewage", "water filter", "chlorine", "rainwater harvesting",
		"garbage", "recycling", "soap"}},
	{"housing", []string{"housing", "rent", "eviction", "lease", "landlord", "tenant", "mortgage", "electricity",
		"flood", "fire", "fire extinguisher", "smoke detector", "mosquito net", "homeless shelter", "homelessness",
		"building permit", "solar panel", "cooking gas", "carbon monoxide poisoning"}},
	{"work", []string{"job", "employment contract", "minimum wage", "salary", "overtime", "sick leave", "maternity leave",
		"paternity leave", "annual leave", "dismissal", "unemployment", "trade union", "occupational safety",
		"child labour", "domestic worker", "résumé", "job interview", "retirement", "sexual harassment"}},
	{"schooling", []string{"school", "school fees", "school uniform", "enrollment", "exam", "homework", "teacher",
		"preschool", "kindergarten", "university", "literacy", "school meal", "vocational training", "distance learning",
		"bullying"}},
	{"family and protection", []string{"child marriage", "divorce", "child custody", "child support", "human trafficking",
		"orphan", "legal aid", "police", "lawyer", "missing person", "foster care", "elder abuse"}},
	{"money", []string{"bank account", "mobile money", "loan", "debt", "savings", "budget", "fraud", "scam",
		"microcredit"}},
	{"disasters", []string{"cyclone", "earthquake", "heat wave", "power outage", "evacuation"}},
}

func main() {
	nouns := flag.String("nouns", "../nouns.txt", "genwordnet.go's nouns")
	english := flag.String("english", "../english.txt", "gen.go's word counts")
	health := flag.String("health", "../health.txt", "everyday health terms")
	out := flag.String("out", "terms.tsv", "output file")
	flag.Parse()

	counts := map[string]int{}
	eachLine(*english, func(line string) {
		w, c, _ := strings.Cut(line, " ")
		counts[w], _ = strconv.Atoi(c)
	})
	type term struct {
		word  string
		count int
	}
	var ranked []term
	eachLine(*nouns, func(line string) {
		f := strings.Split(line, "\t")
		if len(f) < 6 {
			log.Fatalf("%s: %q: want 6 fields", *nouns, line)
		}
		if !strings.Contains("mdcph", f[4]) || strings.HasSuffix(f[1], "!") || f[1] == "food" ||
			len(f[0]) < minLetters || strings.IndexFunc(f[0], notLetter) >= 0 || counts[f[0]] == 0 {
			return
		}
		ranked = append(ranked, term{f[0], counts[f[0]]})
	})
	slices.SortStableFunc(ranked, func(a, b term) int { return b.count - a.count })
	ranked = ranked[:min(healthTop, len(ranked))]

	seen := map[string]bool{}
	var rows []string
	add := func(t, category string) {
		if seen[t] {
			return
		}
		seen[t] = true
		c := "-"
		if n, ok := counts[t]; ok {
			c = strconv.Itoa(n)
		}
		rows = append(rows, t+"\t"+category+"\t"+c)
	}
	for _, t := range ranked {
		add(t.word, "health (WordNet)")
	}
	eachLine(*health, func(line string) { add(strings.ToLower(line), "health (health.txt)") })
	for _, s := range services {
		for _, t := range s.terms {
			add(t, s.category)
		}
	}

	f, err := os.Create(*out)
	check(err)
	w := bufio.NewWriter(f)
	fmt.Fprintln(w, "# Generated by genterms.go from ../nouns.txt, ../english.txt, ../health.txt and its list of public-service")
	fmt.Fprintln(w, "# terms: the English terms the glossaries of this folder translate. Not embedded in the binary.")
	fmt.Fprintln(w, "# term<TAB>category<TAB>times heard in SUBTLEX-US (one word; - for a phrase)")
	for _, r := range rows {
		fmt.Fprintln(w, r)
	}
	check(w.Flush())
	check(f.Close())
	log.Printf("%s: %d terms (%d WordNet health nouns)", *out, len(rows), len(ranked))
}

func notLetter(r rune) bool { return r < 'a' || r > 'z' }

// eachLine calls fn with every line of path that is neither empty nor a
// comment.
func eachLine(path string, fn func(string)) {
	f, err := os.Open(path)
	check(err)
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if line := strings.TrimSpace(sc.Text()); line != "" && !strings.HasPrefix(line, "#") {
			fn(line)
		}
	}
	check(sc.Err())
}

func check(err error) {
	if err != nil {
		log.Fatal(err)
	}
}
