package phrase_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/ddgbot/ddgbot/phrase"
)

func TestFold(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"case and punctuation", "Clinic HOURS??", "clinic hours"},
		{"accents", "Infecção urinária, diabète", "infeccao urinaria diabete"},
		{"apostrophes inside words", "I don't want… j'ai été", "i dont want jai ete"},
		{"curly apostrophe", "don’t", "dont"},
		{"leading apostrophe", "'quoted'", "quoted"},
		{"hyphen separates", "matar-me covid-19", "matar me covid 19"},
		{"emoji and spaces", "  😭😭 help\tme\n", "help me"},
		{"invalid bytes", "a\xffb", "a b"},
		{"empty", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := phrase.Key(tc.in); got != tc.want {
				t.Errorf("Key(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestPatternFind(t *testing.T) {
	for _, tc := range []struct {
		name, pattern, text string
		at, n               int
	}{
		{"phrase", "clinic hours", "what are the clinic hours?", 3, 2},
		{"phrase folded", "Clínic Hours", "CLINIC hours", 0, 2},
		{"whole words only", "kill", "skill", -1, 0},
		{"phrase needs order", "hours clinic", "clinic hours", -1, 0},
		{"phrase needs adjacency", "kill myself", "kill a bug myself", -1, 0},
		{"prefix", "suicid*", "feeling suicidal", 1, 1},
		{"prefix not elsewhere", "suicid*", "a parasuicide", -1, 0},
		{"suffix", "*bulala", "kuyangibulala", 0, 1},
		{"infix", "*zibulal*", "ngizozibulala manje", 0, 1},
		{"regexp", `/\bwant(s|ed)? to die\b/`, "I really want to die now", 2, 3},
		{"regexp miss", `/\bwant to die\b/`, "want to diet", -1, 0},
		{"empty text", "clinic", "", -1, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := phrase.Compile(tc.pattern)
			if err != nil {
				t.Fatal(err)
			}
			at, n := p.Find(phrase.Fold(tc.text))
			if at != tc.at || n != tc.n {
				t.Errorf("Find(%q) in %q = %d, %d; want %d, %d", tc.pattern, tc.text, at, n, tc.at, tc.n)
			}
		})
	}
}

func TestCompileErrors(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		empty    bool
	}{
		{"blank", "  ", true},
		{"punctuation only", "?!", true},
		{"lone star", "*", false},
		{"short affix", "ki*", false},
		{"star inside a word", "kill my*self", false},
		{"star on two words", "*my-self*", false},
		{"bad regexp", "/(/", false},
		{"regexp matching everything", "/.*/", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := phrase.Compile(tc.in)
			if err == nil {
				t.Fatalf("Compile(%q) succeeded", tc.in)
			}
			if got := errors.Is(err, phrase.ErrEmpty); got != tc.empty {
				t.Errorf("Compile(%q) = %v; ErrEmpty %v, want %v", tc.in, err, got, tc.empty)
			}
		})
	}
}

func TestPatternKey(t *testing.T) {
	a, b := phrase.MustCompile("Clinic  Hours?"), phrase.MustCompile("clinic hours")
	if a.Key() != b.Key() || a.Words() != 2 {
		t.Errorf("keys %q, %q; words %d", a.Key(), b.Key(), a.Words())
	}
	if got := phrase.MustCompile("*Zibulal*").Key(); got != "*zibulal*" {
		t.Errorf("key %q", got)
	}
}

func FuzzFold(f *testing.F) {
	for _, s := range []string{"Clinic hours?", "j'ai été", "a\xffb", "'''", "ＡＢＣ", "ǅ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		words := phrase.Fold(s)
		for _, w := range words {
			if w == "" || slices.Contains(phrase.Fold(w), "") {
				t.Fatalf("empty word in %q", words)
			}
		}
		// Folding is idempotent: phrases written folded match themselves.
		if again := phrase.Key(phrase.Key(s)); again != phrase.Key(s) {
			t.Fatalf("Key not idempotent: %q → %q", phrase.Key(s), again)
		}
	})
}

func TestAnchorAndMatchAt(t *testing.T) {
	words := phrase.Fold("please, I want to kill myself")
	for _, tc := range []struct {
		pattern, anchor string
		at              int
		want            bool
	}{
		{"kill myself", "kill", 4, true},
		{"kill myself", "kill", 3, false},
		{"kill myself", "kill", 5, false},
		{"kill myself", "kill", -1, false},
		{"kill* myself", "", 4, true},
		{"/kill/", "", 4, false},
	} {
		p := phrase.MustCompile(tc.pattern)
		if p.Anchor() != tc.anchor || p.MatchAt(words, tc.at) != tc.want {
			t.Errorf("%q: anchor %q, MatchAt(%d) %v", tc.pattern, p.Anchor(), tc.at, p.MatchAt(words, tc.at))
		}
	}
}

func BenchmarkFold(b *testing.B) {
	for _, tc := range []struct{ name, text string }{
		{"ascii", "Good morning doctor, my 2 year old has had a fever for 3 days and now a rash on her arms, what should I do?"},
		{"accents", "Bom dia doutora, o meu filho de 2 anos está com febre há 3 dias e agora tem manchas nos braços, o que faço?"},
	} {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				phrase.Fold(tc.text)
			}
		})
	}
}
