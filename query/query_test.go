package query_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/ddgbot/ddgbot/query"
)

// Ensure chit-chat, menu input and messages without letters cause no lookup.
func TestQueriesChitChat(t *testing.T) {
	t.Parallel()
	e := query.New(nil)
	for _, text := range []string{
		"ok", "okay", "OK", "k", "Ok thanks", "okay cool", "ok 👍", "ok thank you", "ok bye", "hmm ok",
		"thanks", "Thanks!", "thank you", "thank you 🙏", "thank you so much!!", "Thank u", "thanx",
		"thanks so much", "Thank you very much for the information", "Thank you doctor", "great thank you",
		"noted with thanks", "that's helpful thanks", "This is helpful",
		"hi", "Hi there", "hello", "Hello 👋", "hey", "Hey!", "Hie", "hellooo", "hiii", "heyyy",
		"good morning", "Good morning 🌞", "Good afternoon", "Good evening, how are you", "Good night",
		"morning", "Hi, good morning", "how are you?", "who are you", "I'm fine thanks and you?",
		"yes", "Yes please", "yep", "No", "no thanks", "Nope", "Sure", "Sure, thank you", "Alright",
		"sure thing", "cool", "fine", "nice", "Good", "great", "lol", "haha", "Sorry", "What?",
		"bye", "bye bye", "byee", "ok noted", "I don't understand", "tell me more",
		"yes please tell me more", "can you help me", "hi, i have a question", "can I talk to a person",
		"wrong number", "yes I did",
	} {
		t.Run(text, func(t *testing.T) {
			t.Parallel()
			if got := e.Queries(text); got != nil {
				t.Errorf("Queries(%q) = %q, want nil", text, got)
			}
		})
	}
}

// Ensure menu choices, keywords and messages without letters cause no lookup.
func TestQueriesMenuAndSymbols(t *testing.T) {
	t.Parallel()
	e := query.New(nil)
	tests := []struct{ name, text string }{
		{"digit", "1"},
		{"zero", "0"},
		{"two digits", "10"},
		{"digit and letter", "2a"},
		{"letter", "B"},
		{"hash", "#"},
		{"star", "*"},
		{"keycap emoji", "1️⃣"},
		{"menu", "Menu"},
		{"menu pls", "menu pls"},
		{"main menu", "MAIN MENU"},
		{"option with number", "Option 2"},
		{"stop", "STOP"},
		{"start", "start"},
		{"unsubscribe", "unsubscribe"},
		{"help", "help"},
		{"thumbs up", "👍"},
		{"folded hands", "🙏🙏"},
		{"tears of joy", "😂😂😂"},
		{"emoji with skin tone", "👍🏽"},
		{"question mark", "?"},
		{"question marks", "???"},
		{"bangs", "!!!"},
		{"number", "123456"},
		{"phone number", "+27 82 000 1001"},
		{"empty", ""},
		{"spaces", "   \n\t "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := e.Queries(tt.text); got != nil {
				t.Errorf("Queries(%q) = %q, want nil", tt.text, got)
			}
		})
	}
}

// Ensure the topic phrase comes first and the fallbacks follow it.
func TestQueriesTopics(t *testing.T) {
	t.Parallel()
	e := query.New(nil)
	tests := []struct {
		name, text string
		want       []string
	}{
		// framings
		{"what is", "what is syphilis", []string{"syphilis"}},
		{"what are the signs of", "what are the signs of TB", []string{"TB"}},
		{"what are the warning signs of", "what are the warning signs of a stroke", []string{"stroke"}},
		{"symptoms of", "What are the symptoms of diabetes?", []string{"diabetes"}},
		{"signs of with a tail", "signs of dehydration in babies", []string{"dehydration"}},
		{"treatment for", "treatment for malaria", []string{"malaria"}},
		{"how to prevent", "how to prevent malaria", []string{"malaria"}},
		{"how is X spread", "how is hepatitis B spread", []string{"hepatitis B"}},
		{"is X contagious", "Is epilepsy contagious?", []string{"epilepsy"}},
		{"is X dangerous", "is measles dangerous?", []string{"measles"}},
		{"what is X used for", "What is amoxicillin used for", []string{"amoxicillin"}},
		{"what does X do", "What does the BCG vaccine do?", []string{"BCG vaccine", "vaccine", "BCG"}},
		{"can you tell me about", "hello can you tell me about tuberculosis please", []string{"tuberculosis"}},
		{"can you explain what X is", "Hi there! 😊 Can you explain what tuberculosis is?", []string{"tuberculosis"}},
		{"tell me more about", "Tell me more about ARVs", []string{"ARVs", "ARV"}},
		{"I want to know about", "I want to know about HIV", []string{"HIV"}},
		{"I have a question about", "I have a question about cholera", []string{"cholera"}},
		{"info on", "info on family planning", []string{"family planning"}},
		{"do you know anything about", "Do you know anything about Influenza?", []string{"Influenza"}},
		{"how do I know if I have", "how do i know if i have cholera", []string{"cholera"}},
		{"where can I get", "Where can I get condoms", []string{"condoms", "condom"}},
		{"what should I do about", "What should I do about a fever", []string{"fever"}},
		{"how to deal with", "how to deal with anxiety", []string{"anxiety"}},
		{"what causes", "what causes anaemia", []string{"anaemia"}},
		{"who was", "who was Nelson Mandela", []string{"Nelson Mandela"}},
		{"I think I have", "I think I have gonorrhoea", []string{"gonorrhoea"}},
		{"texting spelling", "hw do i knw if i have TB", []string{"TB"}},
		{"wat r", "wat r the symptoms of TB", []string{"TB"}},
		{"whats", "whats hiv", []string{"hiv"}},
		{"is it safe to take", "Is it safe to take panado?", []string{"panado"}},
		// possessives and people
		{"my child has", "my child has asthma what must i do", []string{"asthma"}},
		{"my baby has", "my baby has diarrhoea", []string{"diarrhoea"}},
		{"my 3 year old has a", "my 3 year old has a fever", []string{"fever"}},
		{"possessive", "my daughter's asthma is getting worse", []string{"asthma"}},
		{"people then preposition", "How can I protect my kids from cholera?", []string{"cholera"}},
		// politeness and filler
		{"pls", "malaria pls", []string{"malaria"}},
		{"plz and emoji", "plz info on TB 🙏", []string{"TB"}},
		{"kindly", "kindly explain HIV", []string{"HIV"}},
		{"trailing thanks", "Malaria? thanks", []string{"Malaria"}},
		{"ok so", "ok so what is malaria", []string{"malaria"}},
		{"um", "um what is pneumonia", []string{"pneumonia"}},
		{"greeting sentence", "Good morning. Please explain postpartum depression", []string{"postpartum depression", "depression"}},
		{"greeting and emoji", "Hi 👋 malaria", []string{"malaria"}},
		{"shouting", "HI WHAT IS MALARIA", []string{"MALARIA"}},
		// bare topics
		{"bare", "Ebola", []string{"Ebola"}},
		{"question marks", "Pneumonia??", []string{"Pneumonia"}},
		{"capitals", "MALARIA", []string{"MALARIA"}},
		{"hyphen kept", "what is covid-19", []string{"covid-19"}},
		{"slash kept", "is HIV/AIDS curable", []string{"HIV/AIDS"}},
		{"acronym that is a function word", "Tell me about WHO", []string{"WHO"}},
		{"vitamin letter kept", "vitamin a", []string{"vitamin a", "vitamin"}},
		{"morning sickness kept", "morning sickness", []string{"morning sickness"}},
		// fallbacks
		{"qualifier dropped", "heart attack symptoms", []string{"heart attack", "heart attack symptoms"}},
		{"screening dropped", "cervical cancer screening", []string{"cervical cancer", "cervical cancer screening"}},
		{"tips dropped", "breastfeeding tips please", []string{"breastfeeding", "breastfeeding tips"}},
		{"tail dropped", "obesity in children", []string{"obesity"}},
		{"singular", "vaccines for babies", []string{"vaccines", "vaccine"}},
		{"ies singular", "allergies", []string{"allergy"}},
		{"not a plural", "measles", []string{"measles"}},
		{"time phrase dropped", "I feel depression all the time", []string{"depression"}},
		{"place phrase dropped", "how do i make ORS at home", []string{"ORS"}},
		{"closing question", "Headaches every day what could it be", []string{"Headache"}},
		{"second question", "lump in breast could it be breast cancer", []string{"breast cancer"}},
		{"adjective inside", "is flu dangerous for babies", []string{"flu"}},
		{"verb inside", "Do condoms prevent HIV?", []string{"HIV", "condoms", "condoms prevent HIV"}},
		{"compound", "asthma attack what to do", []string{"asthma attack", "asthma"}},
		{"and I starts a question", "Hi I am pregnant and I have a headache", []string{"headache", "pregnancy"}},
		{"difference between", "Whats the difference between HIV and AIDS", []string{"AIDS", "HIV", "HIV and AIDS"}},
		{"problem is chit-chat", "Hello doctor I have a problem", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := e.Queries(tt.text); !slices.Equal(got, tt.want) {
				t.Errorf("Queries(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

// Ensure text in other languages passes through whole: accents, right-to-
// left and CJK scripts are kept, emoji are dropped.
func TestQueriesOtherLanguages(t *testing.T) {
	t.Parallel()
	e := query.New(nil)
	tests := []struct {
		name, text string
		want       []string
	}{
		{"Portuguese framing", "o que é malária?", []string{"malaria"}},
		{"Portuguese words", "Gravidez na adolescência", []string{"teen pregnancy"}},
		{"Portuguese accents", "infecção urinária", []string{"urinary tract infection"}},
		{"Swahili framing", "malaria ni nini?", []string{"malaria"}},
		{"Swahili words", "kifua kikuu", []string{"tuberculosis"}},
		{"Arabic", "الملاريا", []string{"الملاريا"}},
		{"Arabic framing", "ما هو السكري؟", []string{"السكري"}},
		{"Arabic phrase", "ضغط الدم", []string{"ضغط الدم", "ضغط"}},
		{"Chinese", "疟疾", []string{"疟疾"}},
		{"Chinese framing", "什么是疟疾？", []string{"疟疾"}},
		{"Chinese with emoji", "🦟疟疾😷", []string{"疟疾"}},
		{"Hindi with marks", "मलेरिया क्या है", []string{"मलेरिया क्या है", "मलेरिया क्या"}},
		{"decomposed accent", "mala\u0301ria", []string{"malaria"}},
		{"emoji inside", "malária 🦟 sintomas", []string{"malaria"}},
		{"Zulu", "isifo sikashukela", []string{"diabetes"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := e.Queries(tt.text)
			if !slices.Equal(got, tt.want) {
				t.Errorf("Queries(%q) = %q, want %q", tt.text, got, tt.want)
			}
			for _, q := range got {
				if !utf8.ValidString(q) {
					t.Errorf("query %q is not valid UTF-8", q)
				}
			}
		})
	}
}

// Ensure configured ignore words silence whole messages, case- and
// punctuation-insensitively, and are stripped from longer ones.
func TestQueriesConfiguredIgnore(t *testing.T) {
	t.Parallel()
	plain := query.New(nil)
	e := query.New([]string{"Olá", "habari", "sawubona", "molo", "Habari za asubuhi", "INFO LINE", " ", "🙏"})
	tests := []struct {
		name, text string
		want       []string
	}{
		{"Portuguese greeting", "olá", nil},
		{"Portuguese greeting with punctuation", "Olá!! 😊", nil},
		{"Swahili greeting", "Habari", nil},
		{"Swahili phrase", "habari za asubuhi", nil},
		{"Zulu greeting", "SAWUBONA", nil},
		{"Xhosa greeting", "Molo.", nil},
		{"menu keyword", "info line", nil},
		{"greeting stripped", "olá, o que é malária?", []string{"malaria"}},
		{"greeting stripped before topic", "Sawubona, what is TB", []string{"TB"}},
		{"built-ins still apply", "thanks", nil},
		{"topics still pass", "malaria", []string{"malaria"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := e.Queries(tt.text); !slices.Equal(got, tt.want) {
				t.Errorf("Queries(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
	t.Run("not ignored without config", func(t *testing.T) {
		t.Parallel()
		if got := plain.Queries("molo"); got == nil {
			t.Errorf("Queries(%q) = nil without the ignore entry", "molo")
		}
	})
}

// Ensure long text is cut at a word boundary to MaxRunes runes.
func TestQueriesLongText(t *testing.T) {
	t.Parallel()
	e := query.New(nil)
	tests := []struct{ name, text string }{
		{"many words", strings.Repeat("malaria fever ", 200)},
		{"one long word", "what is " + strings.Repeat("á", 3*query.MaxRunes)},
		{"long Chinese", strings.Repeat("疟疾", query.MaxRunes)},
		{"words after framing", "what is " + strings.Repeat("tuberculosis ", 100)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := e.Queries(tt.text)
			if len(got) == 0 {
				t.Fatalf("Queries(%.40q...) = nil", tt.text)
			}
			for _, q := range got {
				if n := utf8.RuneCountInString(q); n > query.MaxRunes {
					t.Errorf("query has %d runes, want at most %d", n, query.MaxRunes)
				}
				if !strings.Contains(tt.text, q) {
					t.Errorf("query %.40q... is not a cut of the text at a word boundary", q)
				}
				if strings.HasSuffix(q, " ") || !utf8.ValidString(q) {
					t.Errorf("query %.40q... ends badly", q)
				}
			}
		})
	}
	t.Run("cut at a word", func(t *testing.T) {
		t.Parallel()
		got := e.Queries(strings.Repeat("malaria ", 100))
		if len(got) == 0 || !strings.HasSuffix(got[0], "malaria") {
			t.Errorf("first query %q does not end with a whole word", got)
		}
	})
}

// Ensure every chain is short, distinct and non-empty.
func TestQueriesChain(t *testing.T) {
	t.Parallel()
	e := query.New(nil)
	for _, text := range []string{
		"vaccines for babies", "heart attack symptoms", "lump in breast could it be breast cancer",
		"I have a headache and fever. Could it be malaria? Or is it TB? Maybe typhoid?",
		"Vaccines vaccines VACCINES", "tb. TB! Tb?",
	} {
		t.Run(text, func(t *testing.T) {
			t.Parallel()
			checkInvariants(t, text, e.Queries(text))
		})
	}
}

// Ensure one Extractor serves concurrent callers (run with -race) with
// the answers it gives one caller at a time.
func TestQueriesConcurrent(t *testing.T) {
	t.Parallel()
	e := query.New([]string{"olá"})
	texts := []string{"Hi, what are the signs of TB in children? thanks 🙏", "olá"}
	want := make([][]string, len(texts))
	for i, text := range texts {
		want[i] = e.Queries(text)
	}
	if len(want[0]) == 0 || len(want[1]) != 0 {
		t.Fatalf("sequential answers %q: want queries for the question and none for the ignored word", want)
	}
	errs := make(chan string, 8)
	for range 8 {
		go func() {
			var bad string
			for range 200 {
				for i, text := range texts {
					if got := e.Queries(text); !slices.Equal(got, want[i]) && bad == "" {
						bad = fmt.Sprintf("Queries(%q) = %q concurrently, %q alone", text, got, want[i])
					}
				}
			}
			errs <- bad
		}()
	}
	for range 8 {
		if bad := <-errs; bad != "" {
			t.Error(bad)
		}
	}
}

func checkInvariants(t *testing.T, text string, got []string) {
	t.Helper()
	if len(got) > 3 {
		t.Errorf("Queries(%q) gave %d queries, want at most 3", text, len(got))
	}
	seen := map[string]bool{}
	for _, q := range got {
		if q == "" || strings.TrimSpace(q) != q {
			t.Errorf("Queries(%q) gave an empty or padded query %q", text, q)
		}
		if !utf8.ValidString(q) {
			t.Errorf("Queries(%q) gave invalid UTF-8 %q", text, q)
		}
		if n := utf8.RuneCountInString(q); n > query.MaxRunes {
			t.Errorf("Queries(%q) gave a query of %d runes", text, n)
		}
		if k := strings.ToLower(q); seen[k] {
			t.Errorf("Queries(%q) repeats %q", text, q)
		} else {
			seen[k] = true
		}
	}
}

func FuzzQueries(f *testing.F) {
	for _, s := range []string{
		"", "hi", "Hi, what is malaria?", "my child has asthma what must i do", "1", "2a", "👍🏽",
		"o que é malária?", "什么是疟疾？", "ما هو السكري؟", "lump in breast could it be breast cancer",
		"my daughter's asthma", "hellooo", "a-b/c'd", "\xff\xfe", "what's", "it’s", strings.Repeat("x ", 300),
	} {
		f.Add(s)
	}
	e := query.New([]string{"olá", "habari"})
	f.Fuzz(func(t *testing.T, text string) {
		checkInvariants(t, text, e.Queries(text))
	})
}

func BenchmarkQueries(b *testing.B) {
	e := query.New(nil)
	msgs := []string{
		"Hi, can you tell me about malaria please?",
		"what are the warning signs of a stroke",
		"my child has asthma what must i do",
		"thank you 🙏",
		"1",
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		e.Queries(msgs[i%len(msgs)])
	}
}

// BenchmarkQueriesPoll measures the question of the handler benchmark's
// poll alone: a capitalised topic after a greeting and a framing.
func BenchmarkQueriesPoll(b *testing.B) {
	e := query.New(nil)
	b.ReportAllocs()
	for b.Loop() {
		e.Queries("Hi, what is Reddit?")
	}
}
