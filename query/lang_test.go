package query_test

import (
	"bufio"
	"encoding/json"
	"os"
	"slices"
	"testing"

	"github.com/ddgbot/ddgbot/query"
)

// Ensure the language of short messages is told from the shipped word
// lists: every labelled line of the development sets is read, and the
// share identified right is reported per language; the test fails when
// fewer than minLangAccuracy of them are right.
func TestUnderstandLanguageAccuracy(t *testing.T) {
	t.Parallel()
	const minLangAccuracy = 0.8
	e := query.New(nil)
	right, total := map[string]int{}, map[string]int{}
	for _, path := range []string{"../testdata/eval/dev2/dev2.jsonl"} {
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			var line struct{ Text, Lang string }
			if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
				t.Fatal(err)
			}
			if line.Lang == "" {
				continue
			}
			got := e.Understand(line.Text).Lang
			if got == "" {
				got = query.English
			}
			total[line.Lang]++
			if got == line.Lang {
				right[line.Lang]++
			} else {
				t.Logf("%s read as %q: %q", line.Lang, got, line.Text)
			}
		}
		f.Close()
	}
	all, ok := 0, 0
	for l, n := range total {
		t.Logf("%s: %d/%d", l, right[l], n)
		all += n
		ok += right[l]
	}
	if float64(ok) < minLangAccuracy*float64(all) {
		t.Errorf("languages identified: %d/%d, want at least %.0f%%", ok, all, 100*minLangAccuracy)
	}
}

// Ensure a message's language and each clause's are told, and words are
// normalised within their own language: a Portuguese word is never
// corrected into English, an isiZulu prefix is taken off a loan word.
func TestUnderstand(t *testing.T) {
	t.Parallel()
	e := query.New(nil)
	tests := []struct {
		name, text string
		lang       string
		clauses    []string          // each clause's language
		norm       map[string]string // word as written → its Norm
	}{
		{"English", "what is malaria", "en", []string{"en"}, map[string]string{"malaria": "malaria"}},
		{"English typo to a health term", "i have a fevr", "en", []string{"en"}, map[string]string{"fevr": "fever"}},
		{"Portuguese word stays", "obrigada, vou tentar amanhã cedo", "pt", []string{"pt", "pt"}, map[string]string{"cedo": "cedo"}},
		{"Spanish", "¿qué es la varicela?", "es", []string{"es"}, nil},
		{"French", "c'est quoi la gale", "fr", []string{"fr"}, nil},
		{"Swahili", "mtoto wangu ana homa", "sw", []string{"sw"}, nil},
		{"isiZulu loan word", "yini i-paracetamol?", "zu", []string{"zu"}, map[string]string{"i-paracetamol": "paracetamol"}},
		{"Hinglish", "meri wife pregnant hai, kya karu", "hi", []string{"hi", "hi"}, nil},
		{"mixed clauses", "hello doctor. mtoto wangu ana homa", "sw", []string{"en", "sw"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			u := e.Understand(tt.text)
			if u.Lang != tt.lang {
				t.Errorf("Lang = %q, want %q (%v)", u.Lang, tt.lang, u.Langs)
			}
			var got []string
			for _, c := range u.Clauses {
				got = append(got, c.Lang)
				for _, w := range c.Words {
					if want, ok := tt.norm[w.Text]; ok && w.Norm != want {
						t.Errorf("word %q: Norm %q, want %q", w.Text, w.Norm, want)
					}
				}
			}
			if !slices.Equal(got, tt.clauses) {
				t.Errorf("clause languages %q, want %q", got, tt.clauses)
			}
		})
	}
}

// Ensure a loan word with an isiZulu noun-class prefix is looked up
// without it, and a word of another language is not looked up as a
// misspelt English word.
func TestQueriesWordLanguage(t *testing.T) {
	t.Parallel()
	e := query.New(nil)
	tests := []struct {
		name, text, first string
	}{
		{"i- prefix", "yini i-paracetamol?", "paracetamol"},
		{"ine- prefix", "ingane yami ine-asthma, ngenzenjani", "asthma"},
		{"ama- prefix", "ama-ARV ayasebenza kanjani?", "ARV"},
		{"health term within reach", "i have had a fevr since monday", "fever"},
		{"Portuguese chit-chat", "obrigada, vou tentar amanhã cedo", ""},
		{"French ending", "j'ai une sinusite depuis hier", "sinusitis"},
		{"English loan noun in Hinglish", "mujhe visa ke liye kya karna hai", "visa"},
		{"common English noun with an isiZulu prefix", "ngicela ukwazi nge-mortgage", "mortgage"},
		{"isiZulu chit-chat", "yebo, kulungile", ""},
		{"Hinglish chit-chat with an English word", "theek hai bhai, dhanyavaad, sorry", ""},
		{"French elided article and accent", "l'impétigo est-il contagieux chez les bébés?", "impetigo"},
		{"Portuguese word near an English noun", "isso é o mínimo, obrigada", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := e.Queries(tt.text)
			first := ""
			if len(got) > 0 {
				first = got[0]
			}
			if first != tt.first {
				t.Errorf("Queries(%q) = %q, want %q first", tt.text, got, tt.first)
			}
		})
	}
}

// Ensure the more specific thing a message names is looked up first: the
// rarer of two topics, a noun of several words over its head word, the
// medicine asked about over the condition told as context, and a word
// the dictionary knows is never "corrected" into another.
func TestQueriesSpecificity(t *testing.T) {
	t.Parallel()
	e := query.New(nil)
	tests := []struct {
		name, text, first string
	}{
		{"medicine asked about over context", "my son has epilepsy, can he take carbamazepine with food", "carbamazepine"},
		{"unknown medicine over condition", "I have asthma, is montelukast safe for me", "montelukast"},
		{"rarer of two conditions", "my wife has diabetes and now she has glaucoma, what helps", "glaucoma"},
		{"noun of several words over its head", "ectopic pregnancy treatment options", "ectopic pregnancy"},
		{"dictionary word kept", "folic acid tablets for women", "folic acid"},
		{"adjective is not a name", "meningococcal meningitis vaccine", "meningococcal meningitis"},
		{"noun of several words misspelt", "my wife snores, could it be sleep apnia", "sleep apnea"},
		{"term split and misspelt", "meta formin dose for adults", "metformin"},
		{"term split", "can i buy a pain killer without a prescription", "painkiller"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := e.Queries(tt.text)
			if len(got) == 0 || got[0] != tt.first {
				t.Errorf("Queries(%q) = %q, want %q first", tt.text, got, tt.first)
			}
		})
	}
}

// BenchmarkUnderstand measures telling a typical message's languages and
// normalising its words.
func BenchmarkUnderstand(b *testing.B) {
	e := query.New(nil)
	msgs := []string{
		"my daughter has asthma, how often can she use her salbutamol pump",
		"estou grávida de 4 meses, posso tomar ácido fólico todos os dias?",
		"ngicela ukwazi nge-vitiligo",
		"meri wife pregnant hai, kya folic acid roz le sakti hai?",
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		e.Understand(msgs[i%len(msgs)])
	}
}
