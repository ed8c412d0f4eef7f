package safety_test

import (
	"testing"

	"github.com/ddgbot/ddgbot/query"

	"github.com/ddgbot/ddgbot/safety"
)

// Ensure the vocabulary check reads a word of harm beside a person as an
// unsure crisis in every language, in wordings no list entry has, and
// that figures of speech (a thing or a joke that kills), something over
// and questions about people in general stay no crisis.
func TestVocabularyCheck(t *testing.T) {
	t.Parallel()
	d := detector(t, nil)
	tests := []struct {
		lang, text string
		want       bool
	}{
		{"en", "my stepfather strangled my little brother", true},
		{"en", "my uncle molested me in the car", true},
		{"pt", "o namorado da minha mãe espancou minha irmã", true},
		{"es", "mi padrastro golpea a mi hermana", true},
		{"fr", "mon copain m'a blessée au visage", true},
		{"sw", "baba anamchapa mtoto", true},
		{"zu", "umyeni uyangilimaza", true},
		{"hi", "pati mujhe peet ta hai", true},
		{"en", "this traffic is killing me lol", false},
		{"en", "my deadline is killing me", false},
		{"pt", "esse calor tá me matando", false},
		{"es", "este calor me mata", false},
		{"fr", "cette chaleur me tue", false},
		{"sw", "joto hili linaniua", false},
		{"zu", "lokhu kushisa kuyangibulala", false},
		{"hi", "yeh garmi mujhe maar dalegi", false},
		{"en", "cut the onions into small cubes", false},
		{"en", "they keep my baby brother chained to the bed", true},
		{"pt", "meu pai tranca minha irmã no porão", true},
		{"es", "mi tía encierra a mi primo en el patio", true},
		{"en", "my phone locked me out of my account", false},
	}
	for _, tt := range tests {
		t.Run(tt.lang+"/"+tt.text, func(t *testing.T) {
			t.Parallel()
			c, ok := d.Detect(tt.text)
			if ok != tt.want {
				t.Fatalf("Detect = %+v, %v; want %v", c, ok, tt.want)
			}
			if ok && c.Tier != safety.TierCertain && c.Tier != safety.TierUnsure {
				t.Errorf("tier %q", c.Tier)
			}
		})
	}
}

// Ensure something over (a past framing with no ongoing one) and a
// question about people in general (an educational framing with nothing
// of the writer's own) are no crisis even when a certain entry matches,
// while a present part beside a past one, an ongoing word or the
// writer's own person keeps the crisis.
func TestFramesOverAndGeneral(t *testing.T) {
	t.Parallel()
	d := detector(t, nil)
	tests := []struct {
		text string
		want bool
	}{
		{"i tried to kill myself years ago, now im fine. what is therapy", false},
		{"my husband beat me years ago, we divorced", false},
		{"tentei me matar há muitos anos, hoje estou bem", false},
		{"intenté matarme hace muchos años, ya estoy bien", false},
		{"i was raped years ago and he still visits", true},
		{"i was raped years ago and now i want to kill myself", true},
		{"my husband beat me last year and again yesterday", true},
		{"what to do if someone is having a seizure", false},
		{"what to do if my son is having a seizure", true},
		{"que hacer si alguien tiene una convulsion", false},
		{"my baby bumped her head but she is fine", false},
		{"what is the song bleeding love about", false},
		{"qual o filme sobre afogamento que ganhou o oscar", false},
	}
	for _, tt := range tests {
		if c, ok := d.Detect(tt.text); ok != tt.want {
			t.Errorf("Detect(%q) = %+v, %v; want %v", tt.text, c, ok, tt.want)
		}
	}
}

// Ensure Sensitive reads what must not be looked up whatever cancels the
// crisis (a figure of speech, something over), and nothing in ordinary
// questions and subjects one asks about.
func TestSensitive(t *testing.T) {
	t.Parallel()
	d := detector(t, nil)
	tests := []struct {
		text string
		want bool
	}{
		{"i want to kill myself", true},
		{"my brother overdosed 5 years ago", true},
		{"this heat is killing me", true},
		{"the neighbours lock their boy outside and he has burns", true},
		{"what is naloxone", false},
		{"how do i renew my passport", false},
		{"what are the signs of diabetes in children", false},
		{"my baby has a fever", false},
		// Kinds of injury are everyday health topics; hurting a person is harm.
		{"my baby has a hernia", false},
		{"i sprained my ankle what should i do", false},
		{"i have a bruise on my leg", false},
		{"he injured me", true},
	}
	for _, tt := range tests {
		if got := d.Sensitive(tt.text); got != tt.want {
			t.Errorf("Sensitive(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}

// Ensure the vocabulary check reads a word as English only in an English,
// Hinglish or unknown clause, and a Bantu verb analysis only as a word of
// its own language: a Spanish plural is no English kin word ("papas",
// potatoes, is not "papa") and a Swahili noun no isiZulu verb with the
// object "me", while English and Hinglish harm beside a person, and each
// language's own, still count.
func TestVocabularyPerLanguage(t *testing.T) {
	d, err := safety.New(safety.Options{Reader: query.New(nil)})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		lang, text string
		want       bool
	}{
		{"es", "ralla las papas y corta la cebolla en cuadritos", false},
		{"es", "hierve las papas y después córtalas", false},
		{"sw", "baridi ya usiku inaniua", false},
		{"en", "my papa cut me with a knife", true},
		{"es", "mi papá me golpea", true},
		{"hi", "mera husband roz beat karta hai", true},
		{"sw", "baba anamchapa mtoto", true},
		{"zu", "umyeni uyangilimaza", true},
	}
	for _, tt := range tests {
		t.Run(tt.lang+"/"+tt.text, func(t *testing.T) {
			if c, ok := d.Detect(tt.text); ok != tt.want {
				t.Fatalf("Detect = %+v, %v; want %v", c, ok, tt.want)
			}
		})
	}
}
