package safety_test

import (
	"testing"

	"github.com/ddgbot/ddgbot/query"
	"github.com/ddgbot/ddgbot/safety"
)

// Ensure the lookup guard reads, in every language, what the check's
// thresholds leave below them: an act of hurting done to a part of the
// body, a negated word of living and a sign of a body emergency near the
// writer or someone close; while the ordinary sentences nearest to them
// (living somewhere, a body part alone, a colour of a thing) may be
// looked up.
func TestSensitiveBelowThresholds(t *testing.T) {
	t.Parallel()
	d, err := safety.New(safety.Options{Reader: query.New(nil)})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		lang, text string
		want       bool
	}{
		// an act of hurting and a part of the body
		{"es", "ayer me quemé la pierna con la plancha a propósito", true},
		{"pt", "queimei a coxa com isqueiro", true},
		{"fr", "j ai coupé mes poignets", true},
		{"sw", "nimeukata mkono wangu", true},
		{"zu", "ngisike ingalo", true},
		{"hi", "usne kalai kaat li", true},
		{"hi", "haath mein dard hai kya karu", false},
		// a negated word of living
		{"en", "honestly i dont really see any point to living", true},
		{"es", "ya no le encuentro sentido a la vida", true},
		{"pt", "nao tenho vontade de viver", true},
		{"fr", "je n ai plus le goût de vivre", true},
		{"sw", "sina hamu ya maisha tena", true},
		{"zu", "angisaboni ukuthi ngiphilelani, akukho mpilo", true},
		{"hi", "zindagi mein kuch nahi bacha", true},
		{"en", "where do people live longest", false},
		{"es", "cuánto cuesta la vida en lima", false},
		// a sign of a body emergency near a person
		{"en", "my grandpa went limp in his chair", true},
		{"es", "mi hija está morada", true},
		{"pt", "meu pai desabou na cozinha", true},
		{"fr", "ma fille est toute bleue", true},
		{"sw", "mama yangu amezimia", true},
		{"zu", "umama uqulekile", true},
		{"hi", "dadi behosh ho gayi", true},
		{"en", "what colour is the blue line bus", false},
		{"fr", "où acheter un pull bleu", false},
	}
	for _, tt := range tests {
		if got := d.Sensitive(tt.text); got != tt.want {
			t.Errorf("%s Sensitive(%q) = %v, want %v", tt.lang, tt.text, got, tt.want)
		}
	}
}

// Ensure a word of the lists written as two, and an English word with a
// consonant doubled by a slip, are read as the word.
func TestSplitAndDoubledWords(t *testing.T) {
	t.Parallel()
	d, err := safety.New(safety.Options{Reader: query.New(nil)})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		lang, text string
		want       bool
	}{
		{"en", "i burned my self with a lighter again", true},
		{"en", "gonna kill my self this weekend", true},
		{"en", "i want to cutt myself", true},
		{"sw", "nataka kuji ua wiki hii", true},
		{"zu", "ngicabanga ukuzi bulala", true},
		{"hi", "khud kushi karne ka soch raha hu", true},
		{"fr", "je vais m étrangler avec une corde", true},
		{"en", "how do i fix my self cleaning oven", false},
		{"en", "the butt of the joke was me lol", false},
	}
	for _, tt := range tests {
		if _, got := d.Detect(tt.text); got != tt.want {
			t.Errorf("%s Detect(%q) = %v, want %v", tt.lang, tt.text, got, tt.want)
		}
	}
}

// Ensure a figure of speech's word inside a time ("ce soir", tonight) is
// no thing that kills, while the figure itself still is.
func TestFigureInsideATime(t *testing.T) {
	t.Parallel()
	d, err := safety.New(safety.Options{Reader: query.New(nil)})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		text string
		want bool
	}{
		{"il va me frapper ce soir", true},
		{"mon copain va me battre ce soir quand il rentre", true},
		{"ce boulot me tue", false},
		{"cette chaleur me tue ce soir", false},
	}
	for _, tt := range tests {
		if _, got := d.Detect(tt.text); got != tt.want {
			t.Errorf("Detect(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}
