package safety

import "strings"

// bantu analyses the verbs of a Bantu language (Swahili, isiZulu): a verb
// carries its subject, negation, tense and object as prefixes around the
// stem (sw ni-ta-ji-ua "I will kill myself", a-na-ni-piga "he hits me";
// zu ngi-ya-zi-sika "I cut myself", a-ka-ngi-vumeli "he does not let
// me"). analyse writes each way a word can be read as
// "[not+]SUBJECT+OBJECT+stem": subject 1, 2, 3, inf (an infinitive), object
// me, you, him, them, self, it or 0 (none); subject x is a thing (a noun
// class other than persons: "joto li-na-ni-ua", the heat is killing me). Lists match these forms with
// patterns like "*+self+ua" or "not+3+0+pumu*".
//
// The tables list the concords of persons and noun classes; a word that
// is no verb may still be read as one ("kikombe" as ki-kombe), which only
// matters when a list names its stem.
type bantu struct {
	negSubjects []affix // negation and subject in one: sw si-, ha-; zu angi-, aka-
	subjects    []affix
	tenses      []affix // tense and aspect markers; value "not" negates
	objects     []affix
	infinitives []affix // sw ku-, zu uku- ngoku-
}

type affix struct{ text, value string }

// maxAnalyses bounds the readings of one word.
const maxAnalyses = 12

// minStem is the shortest stem read: sw "ua" (kill), "fa" (die).
const minStem = 2

func (b *bantu) analyse(w string, add func(string)) {
	n := 0
	emit := func(neg bool, subj, obj, stem string) {
		if n >= maxAnalyses || len(stem) < minStem {
			return
		}
		n++
		var s strings.Builder
		if neg {
			s.WriteString("not+")
		}
		s.WriteString(subj)
		s.WriteByte('+')
		s.WriteString(obj)
		s.WriteByte('+')
		s.WriteString(stem)
		add(s.String())
	}
	objects := func(neg bool, subj, rest string) {
		emit(neg, subj, "0", rest)
		for _, o := range b.objects {
			if r, ok := strings.CutPrefix(rest, o.text); ok {
				emit(neg, subj, o.value, r)
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

// swahili reads Swahili verbs.
var swahili = bantu{
	negSubjects: affixes("si=1 hu=2 ha=3 hatu=1 ham=2 hawa=3 hai=x hali=x haki=x havi=x hazi=x haya=x hau=x haku=x"),
	subjects:    affixes("ni=1 na=1 tu=1 u=2 m=2 mu=2 a=3 wa=3 i=x li=x ki=x vi=x zi=x ya=x pa=x hu=3"),
	tenses:      affixes("na=now li=past ta=fut me=perf ki=cond nge=cond ngali=cond ka=then ja=not sha=perf ku=past to=not"),
	objects:     affixes("ni=me tu=me ku=you m=him mw=him wa=them ji=self i=it li=it ki=it vi=it zi=it ya=it u=it"),
	infinitives: affixes("ku=inf kw=inf kuto=not"), // kw- before a vowel: kw-enda
}

// zulu reads isiZulu verbs.
var zulu = bantu{
	negSubjects: affixes("angi=1 awu=2 aka=3 asi=1 ani=2 aba=3 ayi=x ali=x azi=x aku=x alu=x abu=x awa=3"),
	subjects:    affixes("ngi=1 u=3 si=1 ni=2 ba=3 i=x li=x a=x zi=x ku=x lu=x bu=x wa=3 nga=1"),
	tenses:      affixes("ya=now yo=fut zo=fut be=past sa=still a=past ka=then se=now nga=not zobe=fut"),
	objects:     affixes("ngi=me si=me ku=you m=him mu=him ba=them zi=self yi=it li=it wa=them lu=it bu=it"),
	infinitives: affixes("uku=inf ukw=inf ngoku=inf ngokw=inf oku=inf koku=inf ukunga=not"), // ukw- before a vowel: ukw-enza
}
