package query_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/ddgbot/ddgbot/query"
)

// top returns the best candidate of text, failing when there is none.
func top(t *testing.T, e *query.Extractor, text string) query.Candidate {
	t.Helper()
	c := e.Candidates(text)
	if len(c) == 0 {
		t.Fatalf("Candidates(%q) = none", text)
	}
	return c[0]
}

// Ensure misspelt words are corrected (at most two edits), the original
// spelling stays a candidate, and valid words, acronyms, numbers and short
// words are never changed.
func TestCorrections(t *testing.T) {
	t.Parallel()
	e := query.New(nil)
	tests := []struct{ text, want, from string }{
		{"my son has astma", "asthma", "astma"},
		{"wat is hepatitus", "hepatitis", "hepatitus"},
		{"typhiod", "typhoid", "typhiod"},
		{"baby has diarhea", "diarrhea", "diarhea"},
		{"pnemonia in children", "pneumonia", "pnemonia"},
		{"is tubercolosis curable", "tuberculosis", "tubercolosis"},
		{"is malaira deadly", "malaria", "malaira"},
		{"diabetis", "diabetes", "diabetis"},
		{"menengitis", "meningitis", "menengitis"},
		{"my baby has diarea", "diarrhea", "diarea"},    // as it sounds
		{"nomonia in kids", "pneumonia", "nomonia"},     // not Pomona, one letter off
		{"i have a bad hedache", "headache", "hedache"}, // as it sounds
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			t.Parallel()
			c := top(t, e, tt.text)
			want := query.Correction{From: tt.from, To: tt.want}
			if c.Query != tt.want || !slices.Contains(c.Corrections, want) {
				t.Fatalf("top = %q %v, want %q with %v", c.Query, c.Corrections, tt.want, want)
			}
			if !slices.ContainsFunc(e.Candidates(tt.text), func(o query.Candidate) bool { return o.Query == tt.from }) {
				t.Errorf("original spelling %q is not a candidate", tt.from)
			}
		})
	}
	unchanged := []struct{ text, want string }{
		{"what is HIV", "HIV"},
		{"TB", "TB"},
		{"Tell me more about ARVs", "ARVs"},
		{"is mpox still around", "mpox"},
		{"what is covid-19", "covid-19"},
		{"stroke", "stroke"},
		{"who was Nelson Mandela", "Nelson Mandela"},
	}
	for _, tt := range unchanged {
		t.Run(tt.text, func(t *testing.T) {
			t.Parallel()
			c := top(t, e, tt.text)
			if c.Query != tt.want || len(c.Corrections) > 0 {
				t.Errorf("top = %q %v, want %q unchanged", c.Query, c.Corrections, tt.want)
			}
		})
	}
}

// Ensure word forms become the topic noun, a real word, not a stem.
func TestWordForms(t *testing.T) {
	t.Parallel()
	e := query.New(nil)
	for _, tt := range []struct{ text, want string }{
		{"is it normal to feel so anxious", "anxiety"},
		{"my mum is diabetic", "diabetes"},
		{"he is dehydrated", "dehydration"},
		{"my son is asthmatic", "asthma"},
		{"I am pregnant", "pregnancy"},
		{"I feel depressed", "depression"},
		{"she is epileptic", "epilepsy"},
		{"the wound is infected", "infection"},
		{"he is anaemic", "anaemia"},
		{"I get migraines", "migraine"},
		{"malnourished children", "malnutrition"},
		{"I miscarried last month", "miscarriage"},
		{"I was raped", "rape"},
	} {
		t.Run(tt.text, func(t *testing.T) {
			t.Parallel()
			if c := top(t, e, tt.text); c.Query != tt.want || !c.Lexicon {
				t.Errorf("top = %q (lexicon %v), want %q", c.Query, c.Lexicon, tt.want)
			}
		})
	}
}

// Ensure chit-chat in every language gets no lookup.
func TestChitChatByLanguage(t *testing.T) {
	t.Parallel()
	e := query.New(nil)
	for lang, texts := range map[string][]string{
		"en": {"hello?? anyone there", "is this a real person", "ok thanks doc", "are you a robot?", "Good night 😴", "I am fine and you?"},
		"pt": {"Olá, bom dia", "Obrigada pela ajuda!", "muito obrigado", "tudo bem?", "Até logo", "Olá, estou bem e você?"},
		"es": {"Hola buenas tardes", "Gracias doctora", "Buenos días", "de acuerdo, gracias", "hasta luego", "Muchas gracias por todo"},
		"fr": {"Bonjour docteur", "Merci beaucoup", "D'accord merci", "Bonne journée", "au revoir", "Bonsoir, vous allez bien?"},
		"sw": {"Habari daktari", "Asante sana", "Mambo vipi", "Poa sana", "Kwaheri", "Niko poa, wewe je?"},
		"zu": {"Sawubona", "Sanibonani", "Ngiyabonga kakhulu", "Unjani?", "Yebo", "Ngikhona, wena unjani?"},
		"hi": {"Namaste 🙏", "Shukriya", "Dhanyavaad ji", "Theek hai", "Kaise ho?", "Namaste ji, kaise hain aap?"},
	} {
		for _, text := range texts {
			t.Run(lang+"/"+text, func(t *testing.T) {
				t.Parallel()
				if got := e.Candidates(text); got != nil {
					t.Errorf("Candidates(%q) = %v, want none", text, got)
				}
			})
		}
	}
}

// Ensure each language's framings are stripped and its terms become the
// English term, while an English word that is also a term of another
// language stays English.
func TestLanguages(t *testing.T) {
	t.Parallel()
	e := query.New(nil)
	for _, tt := range []struct{ name, text, want string }{
		{"pt framing", "o que é malária?", "malaria"},
		{"pt term", "tuberculose", "tuberculosis"},
		{"pt phrase", "o que é diabetes gestacional", "gestational diabetes"},
		{"es framing", "¿Qué es la tuberculosis?", "tuberculosis"},
		{"es term", "tengo fiebre desde ayer", "fever"},
		{"fr framing", "c'est quoi le paludisme", "malaria"},
		{"fr accent", "diabète", "diabetes"},
		{"fr accent left out", "diabete", "diabetes"},
		{"sw framing", "malaria ni nini?", "malaria"},
		{"sw greeting and term", "Habari daktari, mtoto ana homa", "fever"},
		{"zu framing", "Sawubona, ngicela ukwazi nge TB", "TB"},
		{"zu term", "isifo sikashukela", "diabetes"},
		{"hi framing", "dengue kya hai", "dengue"},
		{"hi code-mixing", "mere bete ko typhoid hai kya karu", "typhoid"},
		{"hi term", "mujhe bukhar hai", "fever"},
		{"English word kept", "I feel so much rage at my husband", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := e.Candidates(tt.text)
			if tt.want == "" {
				if slices.ContainsFunc(got, func(c query.Candidate) bool { return c.Query == "rabies" }) {
					t.Errorf("Candidates(%q) = %v, want no rabies", tt.text, got)
				}
				return
			}
			if len(got) == 0 || got[0].Query != tt.want {
				t.Errorf("Candidates(%q) = %v, want %q first", tt.text, got, tt.want)
			}
		})
	}
}

// Ensure scoring puts the lexicon term first, keeps context out, offers no
// everyday word beside a lexicon term and sorts best first.
func TestCandidateScoring(t *testing.T) {
	t.Parallel()
	e := query.New(nil)
	for _, tt := range []struct {
		name, text, want string
		never            []string
	}{
		{"lexicon beats context", "a snake bit my brother at the farm, is antivenom needed", "snake bite", []string{"farm", "brother"}},
		{"lexicon beats generic", "is antivenom needed after a bite on the farm", "antivenom", []string{"farm", "bite"}},
		{"shouting", "DOCTOR SAYS I NEED AN MRI", "MRI", []string{"SAYS", "says"}},
		{"numbers and durations are context", "my 2 year old has had a fever for 3 days", "fever", []string{"2", "3 days", "year"}},
		{"question beats the context before it", "3 weeks of cough and now the doctor says bronchitis", "bronchitis", []string{"doctor"}},
		{"negated term is not the topic", "I am 30 and not pregnant but I burn when I pee", "burn", []string{"pregnancy"}},
		{"specific term beats the general", "lump in breast could it be breast cancer", "breast cancer", []string{"lump", "breast"}},
		{"lexicon phrase one edit off", "sickle cel disease life expectancy", "sickle cell", []string{"life", "cel"}},
		{"hyphenated term", "what is pre eclampsia", "pre-eclampsia", []string{"pre"}},
		{"lexicon phrase with its first word off", "prostrate cancer test", "prostate cancer", []string{"cancer test"}},
		{"a modal and a pronoun ask", "with high blood pressure should i take amlodipine in the morning", "amlodipine", nil},
		{"a pronoun that refers back does not", "what is crop rotation and does it help with maize", "crop rotation", nil},
		{"a term outranks a word of it", "are hearing aids free at government clinics", "hearing aid", nil},
		{"a thing is no owner", "my wisdom tooth is coming out and it's painful", "wisdom tooth", nil},
		{"a place is context", "we live on the east coast, is malaria common", "malaria", nil},
		{"a noun compound outranks its nouns", "is drip irrigation worth it for a small garden", "drip irrigation", nil},
		{"a plural noun is no typo", "pinworms in kids how do you treat them", "pinworm", []string{"informs"}},
		{"a person may start a term", "my son has a disability, can he get a child support grant too", "child support", nil},
		{"an everyday verb is no topic", "my 7 year old still wets the bed every night, is that normal", "", []string{"wets", "wet"}},
		{"an adjective is no topic", "my voice is gone since yesterday, hoarse throat", "", []string{"hoarse"}},
		{"a noun written as two words", "my pain killer is not working", "painkiller", nil},
		{"a letter and a noun written apart", "is a c section safe", "c-section", nil},
		{"a time word may start a noun written apart", "my baby has sun burn", "sunburn", nil},
		{"the clause that asks beats a rare word before it", "i had my baby by c-section. how many weeks is maternity leave", "maternity leave", nil},
		{"a plural of a noun still is one", "do greenhouses work in hot climates", "", []string{}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := e.Candidates(tt.text)
			if tt.want != "" && (len(got) == 0 || got[0].Query != tt.want) {
				t.Fatalf("Candidates(%q) = %v, want %q first", tt.text, got, tt.want)
			}
			if !slices.IsSortedFunc(got, func(a, b query.Candidate) int { return cmpScore(b.Score, a.Score) }) {
				t.Errorf("candidates not sorted by score: %v", got)
			}
			for _, c := range got {
				if slices.Contains(tt.never, c.Query) {
					t.Errorf("candidate %q offered: %v", c.Query, got)
				}
			}
		})
	}
}

func cmpScore(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Ensure teams extend the lists per language through Config, and a bad
// list is refused.
func TestConfigLanguages(t *testing.T) {
	t.Parallel()
	e, err := query.NewExtractor(query.Config{Languages: map[string]query.Lists{
		"xh": {"chat": {"molo", "enkosi"}, "topic": {"isifo seswekile = diabetes"}},
		"pt": {"chat": {"boa tarde gente"}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	for text, want := range map[string]string{"molo": "", "enkosi kakhulu molo": "", "boa tarde gente": "",
		"molo, isifo seswekile": "diabetes", "o que é malária": "malaria"} {
		got := e.Queries(text)
		if want == "" && got != nil || want != "" && (len(got) == 0 || got[0] != want) {
			t.Errorf("Queries(%q) = %q, want %q", text, got, want)
		}
	}
	for _, bad := range []map[string]query.Lists{
		{"xh": {"greetings": {"molo"}}},
		{"xh": {"topic": {"isifo seswekile"}}},
		{"xh": {"topic": {" = diabetes"}}},
	} {
		if _, err := query.NewExtractor(query.Config{Languages: bad}); err == nil {
			t.Errorf("NewExtractor(%v) accepted a bad list", bad)
		}
	}
}

// Ensure a candidate's fields agree: corrections only with an original,
// queries within bounds.
func TestCandidateFields(t *testing.T) {
	t.Parallel()
	e := query.New(nil)
	for _, text := range []string{"my son has astma", "o que é tuberculose", "my mum is diabetic", "malaria", "HIV and TB"} {
		for _, c := range e.Candidates(text) {
			if c.Query == "" || strings.TrimSpace(c.Query) != c.Query {
				t.Errorf("%q: bad query %q", text, c.Query)
			}
			if len(c.Corrections) > 0 && c.Original == "" {
				t.Errorf("%q: %q has corrections %v but no original", text, c.Query, c.Corrections)
			}
		}
	}
}

var typical = []string{
	"Hi, what is malaria?",
	"my son has astma what must i do",
	"mere bete ko typhoid hai kya karu",
	"Habari daktari, mtoto ana homa",
	"My 6 year old has had mumps for 4 days, when can she go back to school?",
	"Hello doctor, I hope you are well. My son who is 9 years old has been scratching his skin every night for two weeks and now his sister also started. The nurse at the clinic said it might be scabies. What should we do?",
	"ok thanks",
}

// BenchmarkCandidates measures extraction of typical messages (the issue's
// budget: under 200 µs each).
func BenchmarkCandidates(b *testing.B) {
	e := query.New(nil)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		e.Candidates(typical[i%len(typical)])
	}
}

// BenchmarkNewExtractor measures building an Extractor once the vocabulary
// is loaded (the vocabulary itself loads once per process).
func BenchmarkNewExtractor(b *testing.B) {
	query.New(nil)
	b.ReportAllocs()
	for b.Loop() {
		query.New(nil)
	}
}

// Ensure a dictionary noun written as a possessive or a plural is found,
// and a phrase that names one thing brings its WordNet synonym, just
// below it, as a fallback: a curated term, an acronym, an act and a body
// part do not.
func TestSynonyms(t *testing.T) {
	t.Parallel()
	e := query.New(nil)
	for _, tt := range []struct {
		name, text, want, synonym string
	}{
		{"possessive", "what is athlete's foot", "athlete's foot", "tinea pedis"},
		{"plural of a noun phrase", "the doctor gave my mum water pills", "water pill", "diuretic"},
		{"phrase of several words", "my grandad has hearing loss", "hearing loss", "deafness"},
		{"function word inside", "my hands get pins and needles at night", "pins and needles", ""},
		{"rare word", "what is lockjaw", "lockjaw", "tetanus"},
		{"curated term", "my baby has diarrhoea", "diarrhoea", ""},
		{"acronym", "what are the signs of TB", "TB", ""},
		{"an act", "he keeps waking up at night", "waking up", ""},
		{"a body part", "what is a belly button", "belly button", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := e.Candidates(tt.text)
			if len(got) == 0 || got[0].Query != tt.want {
				t.Fatalf("Candidates(%q) = %v, want %q first", tt.text, got, tt.want)
			}
			var syn []string
			for _, c := range got {
				if c.Synonym {
					syn = append(syn, c.Query)
				}
			}
			switch {
			case tt.synonym == "" && len(syn) > 0:
				t.Errorf("synonyms %q offered", syn)
			case tt.synonym != "" && (len(got) < 2 || got[1].Query != tt.synonym || !got[1].Synonym || got[1].Original != got[0].Query):
				t.Errorf("second = %+v, want the synonym %q of %q", got[1:], tt.synonym, got[0].Query)
			}
		})
	}
}

// Ensure a term of another language whose English is no topic in English (a
// framing, an address, a function word) is no topic either, nor looked up
// as written, while the language's other terms are.
func TestTermsWhoseEnglishIsNoTopic(t *testing.T) {
	e, err := query.NewExtractor(query.Config{Languages: map[string]query.Lists{
		"xh": {"chat": {"molo"}, "topic": {"iimpawu = symptoms", "ugqirha = doctor", "umyolelo = will",
			"isikolo = school", "isifo seswekile = diabetes"}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, text string
		want       []string
	}{
		{"framing after", "isifo seswekile iimpawu", []string{"diabetes"}},
		{"framing before", "molo, iimpawu isifo seswekile", []string{"diabetes"}},
		{"address", "molo ugqirha, isifo seswekile", []string{"diabetes"}},
		{"address alone", "ugqirha", nil},
		{"function word alone", "umyolelo", nil},
		{"place alone", "isikolo", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := e.Queries(tt.text); !slices.Equal(got, tt.want) {
				t.Errorf("Queries(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

// Ensure a term of another language is found as people write it in a
// sentence: an isiZulu noun with the concords joined to it, a Romance
// phrase with its last word plural, an acronym in a clause of its
// language, the longest term where a wordnet's phrase starts with a
// glossary's word; and not an English acronym in an English message.
func TestTermsAsWritten(t *testing.T) {
	e := query.New(nil)
	tests := []struct {
		name, text, want string
	}{
		{"isiZulu subject and na", "ingane yami inohudo kusukela izolo, ngenzeni?", "diarrhea"},
		{"isiZulu na before a phrase", "umama unesifo sikashukela, kufanele adleni?", "diabetes"},
		{"isiZulu copulative", "ngikhwehlela amasonto amathathu, kungaba yisifo sofuba?", "tuberculosis"},
		{"isiZulu instrumental", "ngicela usizo ngomfundaze", "scholarship"},
		{"Portuguese plural in a phrase", "como posso pedir a bolsa de estudos?", "scholarship"},
		{"Spanish plural", "tengo dos hipotecas, qué hago?", "mortgage"},
		{"Spanish plural in -es", "este año vinieron dos ciclones, cómo nos preparamos?", "cyclone"},
		{"French acronym", "c'est combien le SMIG maintenant", "minimum wage"},
		{"English acronym", "my BP is 150 over 90, is that high?", ""},
		{"a wordnet's phrase over a glossary's word", "¿qué es la parálisis cerebral?", "cerebral palsy"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := e.Queries(tt.text)
			if tt.want == "" {
				for _, q := range got {
					if q == "hypertension" {
						t.Errorf("Queries(%q) = %q: an English acronym read as another language's term", tt.text, got)
					}
				}
				return
			}
			if len(got) == 0 || got[0] != tt.want {
				t.Errorf("Queries(%q) = %q, want %q first", tt.text, got, tt.want)
			}
		})
	}
}

// Ensure a short word of a clause in another language is never taken for
// a misspelt English term: it is that language's word.
func TestShortForeignWordsStay(t *testing.T) {
	e := query.New(nil)
	tests := []struct{ text, word, want string }{
		{"sugar ki bimari mein roti khana sahi hai?", "saki", "diabetes"},
		{"mfanyakazi wa shamba ana haki ya likizo?", "saki", ""},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			cands := e.Candidates(tt.text)
			for _, c := range cands {
				if strings.Contains(c.Query, tt.word) {
					t.Errorf("candidate %q (%s): a short foreign word was corrected", c.Query, c.Why())
				}
			}
			if tt.want != "" && (len(cands) == 0 || cands[0].Query != tt.want) {
				t.Errorf("top = %v, want %q", cands, tt.want)
			}
		})
	}
}

// Ensure a question that names only something broad ("surgery") is taken
// to ask about the specific term its sentence named before it, while a
// question in a sentence of its own, or one that names something as
// specific, keeps the context behind it.
func TestBroadQuestionAboutContext(t *testing.T) {
	e := query.New(nil)
	tests := []struct{ text, want string }{
		{"o meu pai tem gota, precisa de cirurgia?", "gout"},
		{"my sister has lupus. can she get pregnant?", "pregnancy"},
		{"my son has eczema, can he use vaseline?", "vaseline"},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			if c := top(t, e, tt.text); c.Query != tt.want {
				t.Errorf("top = %q (%s), want %q", c.Query, c.Why(), tt.want)
			}
		})
	}
}

// Ensure a question's object, the first thing it names, beats the
// situation it names after it or before it, in a clause that tells; an
// everyday medicine is a term however often it is heard; things of one
// kind that a question weighs stay what it asks about.
func TestObjectOverSituation(t *testing.T) {
	t.Parallel()
	e := query.New(nil)
	tests := []struct {
		text, want string
		alsoAsked  string // another candidate that must stay asked, not context
	}{
		{text: "can my father take morphine after his stroke", want: "morphine"},
		{text: "puedo tomar morfina después de la cirugía?", want: "morphine"},
		{text: "is penicillin safe for a child with measles?", want: "penicillin"},
		{text: "my mother has asthma, can she take valium?", want: "valium"},
		{text: "does it hurt, pneumonia or bronchitis?", want: "bronchitis", alsoAsked: "pneumonia"},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			t.Parallel()
			cands := e.Candidates(tt.text)
			if len(cands) == 0 || cands[0].Query != tt.want {
				t.Fatalf("Candidates(%q) = %v, want %q first", tt.text, cands, tt.want)
			}
			if tt.alsoAsked == "" {
				return
			}
			i := slices.IndexFunc(cands, func(c query.Candidate) bool { return c.Query == tt.alsoAsked })
			if i < 0 || !cands[i].Asked || cands[i].Context {
				t.Errorf("Candidates(%q): %q is not asked about: %v", tt.text, tt.alsoAsked, cands)
			}
		})
	}
}

// Ensure an interrogative marks a question wherever it stands, without a
// question mark, and a preposition of time, circumstance or purpose (a
// postposition in Hindi) marks the situation, so the thing it does not mark
// is the object: before the situation in a verb-final clause, after it when
// the situation is said first.
func TestInterrogativeAndSituationMarks(t *testing.T) {
	t.Parallel()
	e := query.New(nil)
	tests := []struct {
		text, want, situation string
	}{
		{text: "kya diabetes mein ibuprofen le sakte hai", want: "ibuprofen", situation: "diabetes"},
		{text: "chanjo gani ni nzuri kwa surua", want: "vaccine", situation: "measles"},
		{text: "quel engrais est bon pour le maïs", want: "fertilizer", situation: "maize"},
		{text: "cuál vacuna es buena para la malaria", want: "vaccine", situation: "malaria"},
		{text: "pendant la grossesse quel antibiotique est sans danger", want: "antibiotic", situation: "pregnancy"},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			t.Parallel()
			cands := e.Candidates(tt.text)
			if len(cands) == 0 || cands[0].Query != tt.want || !cands[0].Asked {
				t.Fatalf("Candidates(%q) = %v, want %q first and asked", tt.text, cands, tt.want)
			}
			i := slices.IndexFunc(cands, func(c query.Candidate) bool { return c.Query == tt.situation })
			if i < 0 || cands[i].Asked || !cands[i].Context {
				t.Errorf("Candidates(%q): %q is not the situation: %v", tt.text, tt.situation, cands)
			}
		})
	}
}

// Ensure a broad term translated from one word is not looked up alone
// when a link word joins it to a word of the clause that nothing names
// (the term is the head of a name ddgbot does not know), while the term
// stays with no modifier, with a modifier a dictionary knows, or as part
// of a term it makes with its modifier.
func TestHeadOfUnknownName(t *testing.T) {
	e := query.New(nil)
	tests := []struct {
		text string
		want string // the top candidate; "" for none
		not  string // a query that must not be a candidate
	}{
		{"mkopo wa biashara unapatikana wapi?", "", "loan"},
		{"homa kali usiku, nifanye nini?", "fever", ""},
		{"mtoto wangu ana homa, nifanye nini?", "fever", ""},
		{"febre de origem desconhecida é grave?", "fever", ""},
		{"homa ya manjano inazuiwa vipi?", "yellow fever", ""},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			cands := e.Candidates(tt.text)
			got := ""
			if len(cands) > 0 {
				got = cands[0].Query
			}
			if tt.want != "" && got != tt.want {
				t.Errorf("top = %q, want %q", got, tt.want)
			}
			if slices.ContainsFunc(cands, func(c query.Candidate) bool { return c.Query == tt.not }) {
				t.Errorf("candidates %v hold %q", cands, tt.not)
			}
		})
	}
}

// Ensure a word of another language is respelt as its English cognate
// only into a term of the lexicon: an everyday noun it looks like is too
// often a false friend.
func TestCognatesOnlyIntoTerms(t *testing.T) {
	e := query.New(nil)
	tests := []struct {
		text string
		want string // the top candidate; "" for none
		not  string // a query that must not be a candidate
	}{
		{"qual é a realidade disso?", "", "reality"},
		{"la actualidad del pueblo es difícil", "", "actuality"},
		{"j'ai une sinusite depuis une semaine", "sinusitis", ""},
		{"o meu filho tem impetigo, é contagioso?", "impetigo", ""},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			cands := e.Candidates(tt.text)
			got := ""
			if len(cands) > 0 {
				got = cands[0].Query
			}
			if tt.want != "" && got != tt.want {
				t.Errorf("top = %q, want %q", got, tt.want)
			}
			if tt.not != "" && slices.ContainsFunc(cands, func(c query.Candidate) bool { return c.Query == tt.not }) {
				t.Errorf("candidates %v hold %q", cands, tt.not)
			}
		})
	}
}

// Ensure a word read through a close language's spelling is taken for an
// English noun that names a term or a thing, never for an act or a state
// whose meaning may have drifted apart.
func TestRespeltGuesses(t *testing.T) {
	e := query.New(nil)
	tests := []struct {
		text string
		want string // the top candidate; "" for none
		not  string // a query that must not be a candidate
	}{
		{"a recuperação do meu pai demora muito?", "", "recuperation"},
		{"onde posso alugar muletas perto de casa?", "crutch", ""},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			cands := e.Candidates(tt.text)
			got := ""
			if len(cands) > 0 {
				got = cands[0].Query
			}
			if tt.want != "" && got != tt.want {
				t.Errorf("top = %q, want %q", got, tt.want)
			}
			if tt.not != "" && slices.ContainsFunc(cands, func(c query.Candidate) bool { return c.Query == tt.not }) {
				t.Errorf("candidates %v hold %q", cands, tt.not)
			}
		})
	}
}

// Ensure a word of a foreign clause that its language's dictionary knows
// is read as that language's word, not borrowed from English, unless it
// is long and rare in English; a language without a dictionary here
// (Hinglish) still borrows.
func TestOwnWordsAreNoLoans(t *testing.T) {
	e := query.New(nil)
	tests := []struct {
		text string
		want string // the top candidate; "" for none
		not  string // a query that must not be a candidate
	}{
		{"le coin de la rue est dangereux pour les enfants ?", "", "coin"},
		{"quanto tempo leva a cicatrização?", "", "tempo"},
		{"o marketing digital ajuda o meu negócio?", "marketing", ""},
		{"passport renew karne ka process kya hai", "passport renew", ""},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			cands := e.Candidates(tt.text)
			got := ""
			if len(cands) > 0 {
				got = cands[0].Query
			}
			if tt.want != "" && got != tt.want {
				t.Errorf("top = %q, want %q", got, tt.want)
			}
			if tt.not != "" && slices.ContainsFunc(cands, func(c query.Candidate) bool { return c.Query == tt.not }) {
				t.Errorf("candidates %v hold %q", cands, tt.not)
			}
		})
	}
}
