package safety_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/ddgbot/ddgbot/answers"
	"github.com/ddgbot/ddgbot/query"
	"github.com/ddgbot/ddgbot/safety"
)

// detector returns the check of the built-in lists and extra.
func detector(t testing.TB, extra map[string][]string) *safety.Detector {
	t.Helper()
	d, err := safety.NewDetector(extra)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// Ensure the built-in lists cover the languages own answers may name.
func TestLanguages(t *testing.T) {
	t.Parallel()
	got := safety.Languages()
	if got[0] != "en" {
		t.Errorf("English is not tried first: %v", got)
	}
	want := answers.Languages()
	slices.Sort(want)
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("crisis lists %v, answer languages %v", got, want)
	}
}

// Ensure crisis messages in every language are detected, with the
// category of what matched, and near-misses (figures of speech, questions
// about killing pests, hunger, laughter) are not.
func TestDetect(t *testing.T) {
	t.Parallel()
	broad := map[string][]string{
		"self-harm": {"suicidal", "self-harm"},
		"abuse":     {"sexual-abuse", "child-abuse", "partner-violence"},
		"medical":   {"medical"},
	}
	d := detector(t, nil)
	for _, tc := range []struct {
		lang, msg string
		category  string // "" = must not trigger
	}{
		// English
		{"en", "I want to kill myself", "self-harm"},
		{"en", "i wanna die tonight", "self-harm"},
		{"en", "I DON'T WANT TO LIVE ANYMORE!!!", "self-harm"},
		{"en", "thinking about suicide", "self-harm"},
		{"en", "i have been cutting myself", "self-harm"},
		{"en", "my husband beats me up every night", "abuse"},
		{"en", "I was raped last week", "abuse"},
		{"en", "he is going to kill me", "abuse"},
		{"en", "my baby is not breathing", "medical"},
		{"en", "she can't breathe", "medical"},
		{"en", "my son drank poison", "medical"},
		{"en", "this heat is killing me", ""},
		{"en", "I could kill for a coffee", ""},
		{"en", "my feet are killing me", ""},
		{"en", "this heat is going to kill me", ""},
		{"en", "I'm dying to see the new film", ""},
		{"en", "I nearly died laughing", ""},
		{"en", "how do I kill head lice", ""},
		{"en", "deadline is killing me lol", ""},
		{"en", "is heavy bleeding during periods normal", ""},
		{"en", "have you seen suicide squad", ""},
		{"en", "breathe in slowly when anxious", ""},
		{"en", "I hurt myself playing football", ""},
		{"en", "I cut myself shaving, how do I stop the bleeding", ""},
		{"en", "what is unconscious bias", ""},
		{"en", "the app is unresponsive", ""},
		{"en", "I want to hurt myself", "self-harm"},
		{"en", "my baby is unresponsive", "medical"},
		// Portuguese
		{"pt", "quero me matar", "self-harm"},
		{"pt", "Não quero mais viver", "self-harm"},
		{"pt", "penso em suicídio", "self-harm"},
		{"pt", "meu marido me bate", "abuse"},
		{"pt", "fui estuprada", "abuse"},
		{"pt", "meu filho não está respirando", "medical"},
		{"pt", "ele está tendo convulsões", "medical"},
		{"pt", "esse calor está me matando", ""},
		{"pt", "esse calor vai me matar", ""},
		{"pt", "eu mataria por um café", ""},
		{"pt", "estou morrendo de fome", ""},
		{"pt", "morri de rir", ""},
		{"pt", "tenho medo de me machucar no treino", ""},
		// Spanish
		{"es", "quiero matarme", "self-harm"},
		{"es", "ya no quiero vivir", "self-harm"},
		{"es", "pienso en el suicidio", "self-harm"},
		{"es", "mi esposo me pega", "abuse"},
		{"es", "fui violada", "abuse"},
		{"es", "mi bebé no respira", "medical"},
		{"es", "tomó veneno", "medical"},
		{"es", "este calor me está matando", ""},
		{"es", "este calor va a matarme", ""},
		{"es", "mataría por un café", ""},
		{"es", "me muero de hambre", ""},
		{"es", "me muero de risa", ""},
		{"es", "el sol me pega fuerte", ""},
		{"es", "quiero cortarme el pelo", ""},
		// French
		{"fr", "je veux me tuer", "self-harm"},
		{"fr", "j'ai envie de mourir", "self-harm"},
		{"fr", "je ne veux plus vivre", "self-harm"},
		{"fr", "mon mari me frappe", "abuse"},
		{"fr", "j'ai été violée", "abuse"},
		{"fr", "il ne respire plus", "medical"},
		{"fr", "elle n'arrive pas à respirer", "medical"},
		{"fr", "cette chaleur me tue", ""},
		{"fr", "cette chaleur va me tuer", ""},
		{"fr", "je tuerais pour un café", ""},
		{"fr", "je meurs de faim", ""},
		{"fr", "mort de rire", ""},
		{"fr", "j'ai peur de me faire du mal en courant", ""},
		{"fr", "ce qui me frappe c'est le prix", ""},
		// Swahili
		{"sw", "nataka kujiua", "self-harm"},
		{"sw", "sitaki kuishi tena", "self-harm"},
		{"sw", "mume wangu ananipiga", "abuse"},
		{"sw", "nimebakwa", "abuse"},
		{"sw", "mtoto hapumui", "medical"},
		{"sw", "amekunywa sumu", "medical"},
		{"sw", "joto hili linaniua", ""},
		{"sw", "njaa inaniua", ""},
		{"sw", "nakufa kwa njaa", ""},
		{"sw", "nataka kufanya kazi", ""},
		// isiZulu
		{"zu", "ngifuna ukuzibulala", "self-harm"},
		{"zu", "angisafuni ukuphila", "self-harm"},
		{"zu", "umyeni wami uyangishaya", "abuse"},
		{"zu", "ngidlwenguliwe", "abuse"},
		{"zu", "ingane akaphefumuli", "medical"},
		{"zu", "uphuze ushevu", "medical"},
		{"zu", "ukushisa kuyangibulala", ""},
		{"zu", "ukushisa kuzongibulala", ""},
		{"zu", "indlala iyangibulala", ""},
		{"zu", "izifo zibulala abantu abaningi", ""},
		// Hinglish
		{"hi", "main marna chahta hoon", "self-harm"},
		{"hi", "aatmhatya ke vichar aa rahe hain", "self-harm"},
		{"hi", "jeena nahi chahti", "self-harm"},
		{"hi", "pati mujhe maarta hai", "abuse"},
		{"hi", "woh mujhe jaan se maar dega", "abuse"},
		{"hi", "baccha saans nahi le raha", "medical"},
		{"hi", "usne zeher kha liya", "medical"},
		{"hi", "yeh garmi mujhe maar degi", ""},
		{"hi", "bhook se mar raha hoon", ""},
		{"hi", "main machhar marna chahta hoon", ""},
		{"hi", "ek chai ke liye jaan de doon", ""},
		{"hi", "hans hans ke mar gaya", ""},
		{"hi", "khelte hue khud ko chot lag gayi", ""},
	} {
		t.Run(tc.lang+"/"+tc.msg, func(t *testing.T) {
			t.Parallel()
			c, ok := d.Detect(tc.msg)
			if tc.category == "" {
				if ok {
					t.Fatalf("near-miss taken for a crisis: %+v", c)
				}
				return
			}
			if !ok {
				t.Fatal("crisis not detected")
			}
			// "self-harm" rows may be suicidal, "abuse" rows any abuse.
			if kinds := broad[tc.category]; !slices.Contains(kinds, c.Category) {
				t.Errorf("category %q, want one of %q (list %s)", c.Category, kinds, c.Language)
			}
		})
	}
}

// Ensure teams extend the lists, with exclusions, and bad extensions are
// refused naming the language and index.
func TestDetectorExtra(t *testing.T) {
	t.Parallel()
	d := detector(t, map[string][]string{
		"en": {"nobody would miss me", "!suicide prevention day"},
		"sw": {"/\\bnitajinyonga\\b/"},
	})
	for msg, want := range map[string]bool{
		"I feel nobody would miss me":              true,
		"nitajinyonga leo":                         true,
		"when is suicide prevention day this year": false,
		"suicide":         true,
		"what time is it": false,
	} {
		c, ok := d.Detect(msg)
		if ok != want {
			t.Errorf("%q: detected %v (%+v), want %v", msg, ok, c, want)
		}
	}
	if c, _ := d.Detect("nobody would miss me"); c.Category != safety.CategoryTeam || c.Language != "en" {
		t.Errorf("team phrase reported as %+v", c)
	}
	for _, tc := range []struct {
		extra map[string][]string
		want  string
	}{
		{map[string][]string{"de": {"x"}}, "de: no such language"},
		{map[string][]string{"en": {"ok", "??"}}, "en[1]: "},
		{map[string][]string{"pt": {"/(/"}}, "pt[0]: pattern"},
	} {
		_, err := safety.NewDetector(tc.extra)
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("NewDetector(%v) = %v, want %q...", tc.extra, err, tc.want)
		}
	}
}

// Ensure an exclusion that is a pattern over spaces cannot loop.
func TestDetectorExclusionTerminates(t *testing.T) {
	t.Parallel()
	d := detector(t, map[string][]string{"en": {`!/\s/`}})
	if _, ok := d.Detect("a b c kill myself"); !ok {
		t.Error("not detected")
	}
}

func FuzzDetect(f *testing.F) {
	d := detector(f, nil)
	for _, s := range []string{"I want to kill myself", "this heat is killing me", "ngifuna ukuzibulala", "", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, ok := d.Detect(s)
		if ok && (c.Language == "" || c.Category == "") {
			t.Fatalf("crisis without language or category: %+v", c)
		}
		// Shouting or extra punctuation never changes the verdict (for
		// ASCII text, where upper-casing is reversible).
		if _, again := d.Detect(strings.ToUpper(s) + "!!"); again != ok && isASCII(s) {
			t.Fatalf("%q: %v, shouted %v", s, ok, again)
		}
	})
}

func BenchmarkDetect(b *testing.B) {
	d := detector(b, nil)
	msg := "Good morning doctor, my 2 year old has had a fever for 3 days and now a rash on her arms, what should I do?"
	b.ReportAllocs()
	for b.Loop() {
		d.Detect(msg)
	}
}

// typical are messages as a help line gets them (those query's extraction
// benchmark uses, and crisis messages): the check and extraction together
// should stay under 200 µs a message.
var typical = []string{
	"Hi, what is malaria?",
	"my son has astma what must i do",
	"mere bete ko typhoid hai kya karu",
	"Habari daktari, mtoto ana homa",
	"My 6 year old has had mumps for 4 days, when can she go back to school?",
	"Hello doctor, I hope you are well. My son who is 9 years old has been scratching his skin every night for two weeks and now his sister also started. The nurse at the clinic said it might be scabies. What should we do?",
	"ok thanks",
	"i keep thinking everyone would be better off without me",
	"ngifuna ukuzibulala",
	"meu marido me bate todo dia e não me deixa sair de casa",
}

func BenchmarkDetectTypical(b *testing.B) {
	d := detector(b, nil)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		d.Detect(typical[i%len(typical)])
	}
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// BenchmarkDetectReader is BenchmarkDetectTypical as the service builds
// the check: reading words as extraction does.
func BenchmarkDetectReader(b *testing.B) {
	d, err := safety.New(safety.Options{Reader: query.New(nil)})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		d.Detect(typical[i%len(typical)])
	}
}

// BenchmarkDetectSensitive is what the service asks of a typical
// message that is no crisis: Detect as the service builds it, then
// Sensitive for the lookup guard.
func BenchmarkDetectSensitive(b *testing.B) {
	d, err := safety.New(safety.Options{Reader: query.New(nil)})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		m := typical[i%len(typical)]
		d.Detect(m)
		d.Sensitive(m)
	}
}

// BenchmarkNewDetector is the cost of building the check, which a
// service start pays once: config validation builds it and the service
// takes that one (Options.Built).
func BenchmarkNewDetector(b *testing.B) {
	for b.Loop() {
		if _, err := safety.NewDetector(nil); err != nil {
			b.Fatal(err)
		}
	}
}

// Ensure the built-in lists are compiled once a process: every
// config.Load validates the crisis settings with a Detector of them, and
// compiling the lists again each time cost tens of milliseconds.
func TestBuiltInListsCompiledOnce(t *testing.T) {
	if _, err := safety.NewDetector(nil); err != nil {
		t.Fatal(err)
	}
	allocs := testing.AllocsPerRun(10, func() {
		if _, err := safety.NewDetector(nil); err != nil {
			t.Fatal(err)
		}
	})
	if allocs > 2 {
		t.Errorf("a Detector of the built-in lists allocated %.0f times; want a copy of the one built before", allocs)
	}
	// Extra entries still compile, and still fail by name.
	if _, err := safety.NewDetector(map[string][]string{"en": {"/(unclosed/"}}); err == nil {
		t.Error("a broken extra entry compiled")
	}
}
