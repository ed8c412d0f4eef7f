// Package bantu analyses the verbs of Swahili and isiZulu: a verb carries
// its subject, negation, tense and object as prefixes around the stem (sw
// ni-ta-ji-ua "I will kill myself", a-na-ni-piga "he hits me"; zu
// ngi-ya-zi-sika "I cut myself", a-ka-ngi-vumeli "he does not let me").
//
// The tables list the concords of persons and noun classes; a word that is
// no verb may still be read as one ("kikombe" as ki-kombe), which only
// matters when a caller names its stem.
package bantu

import "strings"

// Analyser reads the verbs of one Bantu language. Its tables are fixed:
// the analysers of this package are read, never changed.
type Analyser struct {
	negSubjects []affix // negation and subject in one: sw si-, ha-; zu angi-, aka-
	subjects    []affix
	tenses      []affix // tense and aspect markers; value "not" negates
	objects     []affix
	infinitives []affix // sw ku-, zu uku- ngoku-
}

type affix struct{ text, value string }

// Analysis is one reading of a word as a verb: Subject is 1, 2, 3, inf (an
// infinitive) or x (a thing: a noun class other than persons, "joto
// li-na-ni-ua", the heat is killing me); Object is me, you, him, them,
// self, it or 0 (none).
type Analysis struct {
	Neg     bool
	Subject string
	Object  string
	Stem    string
}

// String writes the analysis as "[not+]SUBJECT+OBJECT+stem".
func (a Analysis) String() string {
	var s strings.Builder
	if a.Neg {
		s.WriteString("not+")
	}
	s.WriteString(a.Subject)
	s.WriteByte('+')
	s.WriteString(a.Object)
	s.WriteByte('+')
	s.WriteString(a.Stem)
	return s.String()
}

// MaxAnalyses bounds the readings of one word.
const MaxAnalyses = 12

// MinStem is the shortest stem read: sw "ua" (kill), "fa" (die).
const MinStem = 2

// Analyse calls emit with each way w can be read as a verb, at most
// MaxAnalyses of them; the same reading may come more than once. It does
// not allocate.
func (b *Analyser) Analyse(w string, emit func(Analysis)) {
	n := 0
	out := func(neg bool, subj, obj, stem string) {
		if n >= MaxAnalyses || len(stem) < MinStem {
			return
		}
		n++
		emit(Analysis{Neg: neg, Subject: subj, Object: obj, Stem: stem})
	}
	objects := func(neg bool, subj, rest string) {
		out(neg, subj, "0", rest)
		for _, o := range b.objects {
			if r, ok := strings.CutPrefix(rest, o.text); ok {
				out(neg, subj, o.value, r)
			}
		}
	}
	tenses := func(neg bool, subj, rest string) {
		objects(neg, subj, rest)
		for _, t := range b.tenses {
			r, ok := strings.CutPrefix(rest, t.text)
			if !ok {
				continue
			}
			objects(neg || t.value == "not", subj, r)
			for _, t2 := range b.tenses { // zu ngi-nga-phinde, sw a-li-ku-...
				if r2, ok := strings.CutPrefix(r, t2.text); ok {
					objects(neg || t.value == "not" || t2.value == "not", subj, r2)
				}
			}
		}
	}
	for _, a := range b.negSubjects {
		if r, ok := strings.CutPrefix(w, a.text); ok {
			tenses(true, a.value, r)
		}
	}
	for _, a := range b.subjects {
		if r, ok := strings.CutPrefix(w, a.text); ok {
			tenses(false, a.value, r)
		}
	}
	for _, a := range b.infinitives {
		if r, ok := strings.CutPrefix(w, a.text); ok {
			objects(a.value == "not", "inf", r)
		}
	}
}

func affixes(spec string) []affix {
	var out []affix
	for _, f := range strings.Fields(spec) {
		t, v, _ := strings.Cut(f, "=")
		out = append(out, affix{t, v})
	}
	return out
}

// Swahili returns the analyser of Swahili verbs.
func Swahili() *Analyser { return &swahili }

// Zulu returns the analyser of isiZulu verbs.
func Zulu() *Analyser { return &zulu }

var swahili = Analyser{
	negSubjects: affixes("si=1 hu=2 ha=3 hatu=1 ham=2 hawa=3 hai=x hali=x haki=x havi=x hazi=x haya=x hau=x haku=x"),
	subjects:    affixes("ni=1 na=1 tu=1 u=2 m=2 mu=2 a=3 wa=3 i=x li=x ki=x vi=x zi=x ya=x pa=x hu=3"),
	tenses:      affixes("na=now li=past ta=fut me=perf ki=cond nge=cond ngali=cond ka=then ja=not sha=perf ku=past to=not"),
	objects:     affixes("ni=me tu=me ku=you m=him mw=him wa=them ji=self i=it li=it ki=it vi=it zi=it ya=it u=it"),
	infinitives: affixes("ku=inf kw=inf kuto=not"), // kw- before a vowel: kw-enda
}

var zulu = Analyser{
	negSubjects: affixes("angi=1 awu=2 aka=3 asi=1 ani=2 aba=3 ayi=x ali=x azi=x aku=x alu=x abu=x awa=3"),
	subjects:    affixes("ngi=1 u=3 si=1 ni=2 ba=3 i=x li=x a=x zi=x ku=x lu=x bu=x wa=3 nga=1"),
	tenses:      affixes("ya=now yo=fut zo=fut be=past sa=still a=past ka=then se=now nga=not zobe=fut"),
	objects:     affixes("ngi=me si=me ku=you m=him mu=him ba=them zi=self yi=it li=it wa=them lu=it bu=it"),
	infinitives: affixes("uku=inf ukw=inf ngoku=inf ngokw=inf oku=inf koku=inf ukunga=not"), // ukw- before a vowel: ukw-enza
}
