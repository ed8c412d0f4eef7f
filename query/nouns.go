package query

import (
	"fmt"
	"strconv"
	"strings"
)

// Noun is what WordNet says about a noun (one word or several: "speed
// limit", "food poisoning"): its first sense's lexicographer file and
// hypernym depth, how many senses it has and which health subjects they
// name. It packs into one word; the zero Noun is no noun.
type Noun uint32

// Layout of a Noun: depth (5 bits), senses (6 bits), lexicographer file (5
// bits), instance (1 bit), health kind of the first sense (3 bits), health
// kinds of the other senses (one bit each), and a bit that marks a noun.
const (
	nounDepthBits  = 0
	nounSensesBits = 5
	nounLexBits    = 11
	nounInstBit    = 1 << 16
	nounKindBits   = 17
	nounOtherBits  = 20
	nounValidBit   = 1 << 31
)

// HealthKind is the health subject a noun sense names, by the WordNet
// synsets it descends from (genwordnet.go lists them).
type HealthKind uint8

// Health kinds. KindNone is a sense outside health.
const (
	KindNone      HealthKind = iota
	KindMedicine             // drug, medicine, vaccine, contraceptive
	KindCondition            // disease, illness, symptom, injury, disorder, pathological process
	KindCare                 // medical care, procedure, therapy, diagnostic test
	KindPathogen             // microorganism, virus, parasite
	KindService              // health professional, medical institution
)

var kindLetters = map[string]HealthKind{"-": KindNone, "m": KindMedicine, "d": KindCondition, "c": KindCare, "p": KindPathogen, "h": KindService}

// lexFiles are WordNet's noun lexicographer files without "noun.", in the
// order Noun.Lex numbers them.
var lexFiles = []string{"tops", "act", "animal", "artifact", "attribute", "body", "cognition", "communication",
	"event", "feeling", "food", "group", "location", "motive", "object", "person", "phenomenon", "plant",
	"possession", "process", "quantity", "relation", "shape", "state", "substance", "time"}

// Depth is the number of hypernym steps from the first sense up to
// "entity": the deeper, the more specific ("disease" 6, "malaria" 10).
func (n Noun) Depth() int { return int(n >> nounDepthBits & 31) }

// Senses is how many senses the noun has: a noun of one sense means one
// thing wherever it is written.
func (n Noun) Senses() int { return int(n >> nounSensesBits & 63) }

// Lex is the lexicographer file of the first (most frequent) sense without
// its "noun." prefix: "state", "artifact", "act", "communication", ...
func (n Noun) Lex() string {
	if n&nounValidBit == 0 {
		return ""
	}
	return lexFiles[n>>nounLexBits&31]
}

// Instance reports a first sense that is a named instance (a person, a
// place, an event: "paris", "einstein") rather than a kind of thing.
func (n Noun) Instance() bool { return n&nounInstBit != 0 }

// Kind is the health subject of the first sense, or KindNone.
func (n Noun) Kind() HealthKind { return HealthKind(n >> nounKindBits & 7) }

// OtherKind reports whether a sense other than the first names health
// subject k ("depression" names an economic slump first, a condition too).
func (n Noun) OtherKind(k HealthKind) bool {
	return k != KindNone && n>>(nounOtherBits+int(k)-1)&1 != 0
}

// Health reports a noun any of whose senses names a health subject.
func (n Noun) Health() bool { return n.Kind() != KindNone || n>>nounOtherBits&31 != 0 }

// Depths from which a first sense names one medicine or condition rather
// than a class of them: "drug" is 4 steps below "entity" and "aspirin" 7;
// "disease" is 9 ("illness" 8) and "hernia" 10.
const (
	medicineDepth  = 7
	conditionDepth = 10
)

// namesHealth reports a noun that means one specific medicine or condition
// however often it is heard ("aspirin", "hernia"): it has one sense, a
// medicine made by people or a condition someone is in, deeper in WordNet
// than the classes of them. A drink that is a drug ("beer"), a class
// ("disease") or a word of several meanings ("cold", "pain") is not one.
func (n Noun) namesHealth() bool {
	if n.Senses() != 1 || n.Instance() {
		return false
	}
	switch n.Kind() {
	case KindMedicine:
		return n.Lex() == "artifact" && n.Depth() >= medicineDepth
	case KindCondition:
		return n.Lex() == "state" && n.Depth() >= conditionDepth
	}
	return false
}

// parseNoun reads a line of nouns.txt: noun, lexicographer file (with "!"
// for an instance), depth, senses, health kind of the first sense, health
// kinds of the others, separated by tabs.
func parseNoun(line string) (string, Noun, error) {
	f := strings.Split(line, "\t")
	if len(f) != 6 {
		return "", 0, fmt.Errorf("want 6 tab-separated fields, got %q", line)
	}
	n := Noun(nounValidBit)
	lex, inst := strings.CutSuffix(f[1], "!")
	if inst {
		n |= nounInstBit
	}
	li := -1
	for i, l := range lexFiles {
		if l == lex {
			li = i
		}
	}
	depth, err1 := strconv.ParseUint(f[2], 10, 8)
	senses, err2 := strconv.ParseUint(f[3], 10, 8)
	kind, ok := kindLetters[f[4]]
	if li < 0 || err1 != nil || err2 != nil || !ok {
		return "", 0, fmt.Errorf("bad noun line %q", line)
	}
	n |= Noun(min(depth, 31))<<nounDepthBits | Noun(min(senses, 63))<<nounSensesBits | Noun(li)<<nounLexBits | Noun(kind)<<nounKindBits
	if f[5] != "-" {
		for _, c := range f[5] {
			k, ok := kindLetters[string(c)]
			if !ok || k == KindNone {
				return "", 0, fmt.Errorf("bad health kinds in %q", line)
			}
			n |= 1 << (nounOtherBits + int(k) - 1)
		}
	}
	return f[0], n, nil
}

// parseAdjective reads a line of adjectives.txt: adjective, the noun it
// pertains to, that noun's health kind, separated by tabs.
func parseAdjective(line string) (adj, noun string, kind HealthKind, err error) {
	f := strings.Split(line, "\t")
	k, ok := HealthKind(0), false
	if len(f) == 3 {
		k, ok = kindLetters[f[2]]
	}
	if !ok || f[0] == "" || f[1] == "" {
		return "", "", 0, fmt.Errorf("want adjective, noun and health kind separated by tabs, got %q", line)
	}
	return f[0], f[1], k, nil
}
