package query_test

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/ddgbot/ddgbot/query"
)

// Ensure a Spanish noun of the wordnet that no glossary lists is looked up
// by the English noun of its synset, in the singular or the plural, as one
// word or several.
func TestWordnetTerms(t *testing.T) {
	t.Parallel()
	e := query.New(nil)
	tests := []struct{ text, want string }{
		{"mi hijo tiene un orzuelo en el ojo, ¿qué hago?", "stye"},
		{"¿los juanetes se operan en el hospital?", "bunion"},
		{"¿la tos ferina es peligrosa para un bebé?", "whooping cough"},
		{"tengo sabañones en los dedos por el frío", "chilblain"},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			t.Parallel()
			if c := top(t, e, tt.text); !strings.EqualFold(c.Query, tt.want) {
				t.Errorf("top = %q, want %q", c.Query, tt.want)
			}
		})
	}
}

// Ensure a wordnet's nouns are read only in clauses of its own language:
// Swahili "muda" (time) is no Spanish molt, and an English message keeps
// its words.
func TestWordnetTermsOnlyInTheirLanguage(t *testing.T) {
	t.Parallel()
	e := query.New(nil)
	for _, text := range []string{
		"hati ya kusafiria inachukua muda gani?",
		"what is the muda period",
	} {
		for _, c := range e.Candidates(text) {
			if strings.Contains(strings.ToLower(c.Query), "molt") {
				t.Errorf("%q: candidate %q", text, c.Query)
			}
		}
	}
}

// Ensure a word that the dictionary of its clause's language knows is
// never corrected into an English one ("sangre" is not "Sanger", "acho"
// not "achy"), and that a word after a clitic pronoun is read as a verb,
// not a term ("se marea": gets dizzy, not the tide).
func TestOwnLanguageWords(t *testing.T) {
	t.Parallel()
	e := query.New(nil)
	tests := []struct {
		text  string
		never string
	}{
		{"¿puedo donar sangre si tengo tatuajes?", "sanger"},
		{"acho que estou com dengue, o que faço?", "achy"},
		{"mi hija se marea en el bus, ¿qué le doy?", ""},
		{"el hospital de la esquina cierra a las ocho", "squint"},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			t.Parallel()
			for _, c := range e.Candidates(tt.text) {
				if tt.never != "" && slices.ContainsFunc(strings.Fields(strings.ToLower(c.Query)), func(w string) bool { return w == tt.never }) {
					t.Errorf("candidate %q has %q", c.Query, tt.never)
				}
				if tt.never == "" && c.Lexicon {
					t.Errorf("candidate %q is read as a term", c.Query)
				}
			}
		})
	}
}

// Ensure a term joined by a preposition or a connective to the term that
// modifies it, in a language that puts the modifier after its noun, is
// looked up in English order, modifier first; and that an article of one
// language is no clitic of another ("le vaccin" is French, not Spanish
// "le" before a verb).
func TestCompounds(t *testing.T) {
	t.Parallel()
	e := query.New(nil)
	tests := []struct{ text, want string }{
		{"quando tomar a vacina contra o sarampo?", "measles vaccine"},
		{"le vaccin contre la rougeole est gratuit ?", "measles vaccine"},
		{"¿dónde ponen la vacuna contra el sarampión?", "measles vaccine"},
		{"chanjo ya surua inatolewa wapi?", "measles vaccine"},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			t.Parallel()
			if c := top(t, e, tt.text); !strings.EqualFold(c.Query, tt.want) {
				t.Errorf("top = %q, want %q", c.Query, tt.want)
			}
		})
	}
	// English writes its own order: nothing is turned round.
	if c := top(t, e, "is the vaccine for measles free?"); strings.EqualFold(c.Query, "measles vaccine") {
		t.Errorf("top = %q, an English clause turned round", c.Query)
	}
}

// Ensure a compound composed from another language's words, or one no
// dictionary lists, is followed by the part it is about, in case it has no
// article: the modifier of a broad head ("vaccine", "test", "permit"), the
// head otherwise ("maize fertilizer" is a fertilizer); and that a term
// the dictionary knows, or a part that is no term, adds nothing.
func TestCompoundParts(t *testing.T) {
	e := query.New(nil)
	tests := []struct {
		text  string
		want  []string // the first queries
		part  string   // the Part of want[1], if any
		never string   // a query that must not be among the first three
	}{
		{"onde tomar a vacina da febre amarela", []string{"yellow fever vaccine", "yellow fever"}, "yellow fever vaccine", "vaccine"},
		{"le vaccin contre la rougeole est gratuit ?", []string{"measles vaccine", "measles"}, "measles vaccine", "vaccine"},
		{"mtoto wangu hajapata chanjo ya surua", []string{"measles vaccine", "measles"}, "measles vaccine", "vaccine"},
		{"fertilizante para maíz cual es mejor", []string{"maize fertilizer", "fertilizer"}, "maize fertilizer", "maize"},
		{"quel engrais pour le maïs?", []string{"maize fertilizer", "fertilizer"}, "maize fertilizer", "maize"},
		{"how accurate is a pregnancy test", []string{"pregnancy test"}, "", ""},
		{"where can i do a typhoid test", []string{"typhoid test", "typhoid"}, "", "test"},
		{"where do i get a firearm license", []string{"firearm license", "firearm"}, "firearm license", "license"},
		// Hindi puts the modifier first, before its postposition
		{"makka ke liye keetnashak konsa hai", []string{"maize pesticide", "pesticide"}, "maize pesticide", "maize"},
		{"khasra ka teeka free hai kya", []string{"measles vaccine", "measles"}, "measles vaccine", "vaccine"},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			cands := e.Candidates(tt.text)
			var got []string
			for _, c := range cands[:min(len(cands), 3)] {
				got = append(got, strings.ToLower(c.Query))
			}
			if len(got) < len(tt.want) || !slices.Equal(got[:len(tt.want)], tt.want) {
				t.Fatalf("queries %q, want %q first", got, tt.want)
			}
			if tt.never != "" && slices.Contains(got, tt.never) {
				t.Errorf("queries %q, want no %q", got, tt.never)
			}
			for i, c := range cands[:len(tt.want)] {
				want := ""
				if i == 1 {
					want = tt.part
				}
				if c.Part != want {
					t.Errorf("%q is part of %q, want %q", c.Query, c.Part, want)
				}
				if want != "" && !strings.Contains(c.Why(), strconv.Quote(want)) {
					t.Errorf("Why() = %q, want it to name %q", c.Why(), want)
				}
			}
		})
	}
}

// Ensure a loan word after any of isiZulu's prefixes and concords is read
// with the English words that follow it as one noun ("i-mobile money"), in
// an isiZulu clause, and that an English word with such a first part stays
// whole.
func TestZuluLoanPhrases(t *testing.T) {
	t.Parallel()
	e := query.New(nil)
	tests := []struct{ text, want string }{
		{"ngicela ukwazi nge-smoke alarm", "smoke alarm"},
		{"ngemuva kwe-kidney transplant ngidla kanjani?", "kidney transplant"},
		{"ama-solar panel abiza malini?", "solar panel"},
		{"ngidinga i-paracetamol", "paracetamol"},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			t.Parallel()
			if c := top(t, e, tt.text); !strings.EqualFold(c.Query, tt.want) {
				t.Errorf("top = %q, want %q", c.Query, tt.want)
			}
		})
	}
	for _, c := range e.Candidates("is the so-called miracle cure real?") {
		if strings.EqualFold(c.Query, "called") {
			t.Errorf("candidate %q: an English word cut at its hyphen", c.Query)
		}
	}
}

// Ensure a long word of its clause's dictionary may still become the
// health term it is the cognate of, starting like it ("diphterie" →
// "diphtheria").
func TestCognateOfOwnWord(t *testing.T) {
	t.Parallel()
	e := query.New(nil)
	if c := top(t, e, "la diphterie existe encore au Sénégal ?"); c.Query != "diphtheria" {
		t.Errorf("top = %q, want diphtheria", c.Query)
	}
}

// Ensure the words only a dictionary knows tell apart the languages that
// the lists found in a message ("pedra", "precisa" are Portuguese), and
// never make a message of unknown words foreign.
func TestDictionaryEvidence(t *testing.T) {
	t.Parallel()
	e := query.New(nil)
	if u := e.Understand("pedra na vesícula precisa operar?"); u.Lang != "pt" {
		t.Errorf("language %q (%v), want pt", u.Lang, u.Langs)
	}
	if u := e.Understand("molo"); u.Lang != "" {
		t.Errorf("language %q (%v), want none", u.Lang, u.Langs)
	}
}

// Ensure Hinglish function words never become topics or parts of one: the
// English or Hindi term is what is looked up.
func TestHinglishFunctionWords(t *testing.T) {
	t.Parallel()
	e := query.New(nil)
	function := []string{"ka", "ki", "ke", "hai", "kya", "mein", "kaise", "liye", "ko", "se", "hota", "kar", "karna", "chahiye", "nahi"}
	tests := []struct{ text, want string }{
		{"TB ka ilaj kaise hota hai", "TB"},
		{"pregnancy mein kya khana chahiye", "pregnancy"},
		{"typhoid ke liye kaunsi dawai leni chahiye?", "typhoid"},
		{"mere papa ko gout hai, kya karna chahiye", "gout"},
		{"chickenpox mein nahana chahiye ki nahi", "chickenpox"},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			t.Parallel()
			cands := e.Candidates(tt.text)
			if len(cands) == 0 || !strings.EqualFold(cands[0].Query, tt.want) {
				t.Errorf("candidates %v, want %q first", cands, tt.want)
			}
			for _, c := range cands {
				for _, w := range strings.Fields(strings.ToLower(c.Query)) {
					if slices.Contains(function, w) {
						t.Errorf("candidate %q has the function word %q", c.Query, w)
					}
				}
			}
		})
	}
}

// Ensure Portuguese, which has no wordnet here, is read through the
// Spanish one by the regular correspondences of their spellings, for
// phrases; a word alone is no term ("posso", I can, is no Spanish "poso",
// coffee grounds).
func TestPortugueseThroughSpanish(t *testing.T) {
	t.Parallel()
	e := query.New(nil)
	if c := top(t, e, "minha mãe tem problema na vesícula biliar, precisa operar?"); c.Query != "gallbladder" {
		t.Errorf("top = %q, want gallbladder", c.Query)
	}
	for _, c := range e.Candidates("posso tomar banho depois do parto?") {
		if strings.Contains(c.Query, "grounds") {
			t.Errorf("candidate %q", c.Query)
		}
	}
}

// Ensure Portuguese is read through the Galician wordnet too, phrases and
// words alone, by the regular correspondences of their spellings; and
// that a short everyday word ("mata", kills; "rede", net) or a word that
// names no health subject ("repetição") is never read as a Galician noun,
// alone or as a modifier.
func TestPortugueseThroughGalician(t *testing.T) {
	e := query.New(nil)
	tests := []struct{ text, want string }{
		{"o posto empresta cadeira de rodas?", "wheelchair"},
		{"quebrei o pé, onde consigo muletas?", "crutch"},
		{"a transfusão de sangue é segura?", "blood transfusion"},
		{"meu filho tem amigdalite de repetição, tem que tirar?", "tonsillitis"},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			if c := top(t, e, tt.text); !strings.EqualFold(c.Query, tt.want) {
				t.Errorf("top = %q, want %q", c.Query, tt.want)
			}
		})
	}
	never := []struct{ text, word string }{
		{"ele mata galinhas no quintal, pode pegar gripe das aves?", "shrub"},
		{"a rede do hospital caiu", "network"},
		{"meu filho tem amigdalite de repetição, tem que tirar?", "repetition"},
	}
	for _, tt := range never {
		t.Run(tt.text, func(t *testing.T) {
			for _, c := range e.Candidates(tt.text) {
				if strings.Contains(strings.ToLower(c.Query), tt.word) {
					t.Errorf("candidate %q", c.Query)
				}
			}
		})
	}
}

// Ensure a condition a Swahili or isiZulu message says as a verb, with its
// subject, tense and object, finds the term its infinitive names, and that
// a negated verb does not.
func TestBantuVerbForms(t *testing.T) {
	t.Parallel()
	e := query.New(nil)
	tests := []struct{ text, want string }{
		{"watoto wangu wametapika usiku wote", "vomiting"},
		{"baba yangu amevimbiwa siku nne", "constipation"},
		{"umntanami uyakhwehlela ebusuku", "cough"},
		{"umama ukhathele kakhulu", "fatigue"},
		{"ubaba akagabhi kodwa uyaqunjelwa", "constipation"},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			t.Parallel()
			if c := top(t, e, tt.text); !strings.EqualFold(c.Query, tt.want) {
				t.Errorf("top = %q, want %q", c.Query, tt.want)
			}
		})
	}
	for _, c := range e.Candidates("mtoto hatapiki tena, anakula vizuri") {
		if strings.EqualFold(c.Query, "vomiting") {
			t.Errorf("a negated verb found %q", c.Query)
		}
	}
}
