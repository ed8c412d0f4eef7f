package safety_test

import (
	"testing"

	"github.com/ddgbot/ddgbot/query"
	"github.com/ddgbot/ddgbot/safety"
)

// Ensure a request to an office that names a death, a threat over an
// everyday lapse or a laugh, and an injury no person did are no crisis in
// every language, while their closest crisis wording stays one: a wish to
// die beside the request, a threat tied to leaving or telling, heavy
// bleeding or no answer after a bite or a fall.
func TestAdminLapseInjuryFrames(t *testing.T) {
	d, err := safety.New(safety.Options{Reader: query.New(nil)})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		lang, text string
		want       bool
	}{
		// an administrative request naming a death
		{"en", "what forms do i need to claim my late father's life insurance, he died in june", false},
		{"en", "my brother passed away, which office registers the death", false},
		{"en", "my mother died last week, i need the pension form and i want to die too", true},
		{"es", "mi abuelo falleció, cómo reclamo su herencia en el banco", false},
		{"pt", "meu avô morreu, como pego o atestado de óbito no cartório", false},
		{"fr", "mon grand-père est décédé, quels papiers pour la succession", false},
		{"sw", "bibi amefariki, tunahitaji cheti cha kifo kwa ajili ya mirathi", false},
		{"zu", "ugogo ushonile, ngifuna ifomu lomshwalense", false},
		{"hi", "dada ki maut ho gayi, bank account ka claim kaise karein", false},
		// a request to an office with no death in it
		{"zu", "ngicela ukwazi ukuthi ngingayenza kuphi ipasipoti", false},
		{"zu", "ngifuna ukwenza ipasipoti yengane yami", false},
		// a threat over an everyday lapse or a laugh, and one tied to leaving
		{"en", "my wife kills me with her puns every morning", false},
		{"es", "mi abuela me va a matar si llego tarde a la cena", false},
		{"pt", "minha esposa me mata de rir toda noite", false},
		{"pt", "ele disse que me mata se eu contar pra minha mãe", true},
		{"fr", "mon père va me tuer si je rate mon bac", false},
		{"sw", "baba ataniua nikifeli mtihani wa hesabu", false},
		{"sw", "mpenzi wangu ataniua nikimwacha", true},
		{"zu", "ubaba uzongibulala uma ngikhohliwe ukhiye", false},
		{"zu", "isoka lami lithi lizongibulala uma ngibika emaphoyiseni", true},
		{"hi", "bhaiya apne chutkulon se maar deta hai", false},
		{"hi", "agar maine usko choda to maar dalega", true},
		// an injury no person did, and the emergency beside it
		{"en", "our puppy bit my toddler's finger, there's a small mark", false},
		{"en", "a stray dog bit my son and he is bleeding a lot", true},
		{"es", "un gato me arañó y me mordió la mano", false},
		{"fr", "une guêpe a piqué ma fille au bras", false},
		{"sw", "paka amemuuma mtoto wangu kidole", false},
		{"zu", "inja ilume umntanami emlenzeni", false},
		{"hi", "bandar ne beti ke haath pe kaat liya", false},
		{"hi", "dadi seedhiyon se gir gayi aur hosh nahi aa raha", true},
	}
	for _, tt := range tests {
		t.Run(tt.lang+"/"+tt.text, func(t *testing.T) {
			if c, ok := d.Detect(tt.text); ok != tt.want {
				t.Fatalf("Detect = %+v, %v; want %v", c, ok, tt.want)
			}
		})
	}
}

// Ensure the lookup guard lets a request about a death and an injury no
// person did be looked up, and still keeps a threat over a lapse (a figure
// of harm) and a wish to die beside a request out.
func TestSensitiveFramed(t *testing.T) {
	d, err := safety.New(safety.Options{Reader: query.New(nil)})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		text string
		want bool
	}{
		{"how do i register my uncle's death at the home affairs office", false},
		{"a neighbour's cat scratched my daughter, does she need a tetanus shot", false},
		{"bandar ne beti ke haath pe kaat liya", false},
		{"ngifuna ukwenza ipasipoti yengane yami", false},
		{"necesito el certificado de defunción de mi abuela que murió ayer", false},
		{"bibi yangu amefariki, nataka fomu ya mafao yake", false},
		{"mi esposo me golpea, dónde está la oficina de la policía", true},
		{"my mum will kill me if i forget her birthday", true},
		{"my husband died and i want to die, where is the pension office", true},
		{"my husband beat me, which form do i fill at the police office", true},
	}
	for _, tt := range tests {
		if got := d.Sensitive(tt.text); got != tt.want {
			t.Errorf("Sensitive(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}

// Ensure a threat to kill tied to leaving or telling, sex demanded under a
// threat to a job, a grade or a home, and a recent attempt by someone close
// are crises in every language, while a threat to a job alone and an
// attempt that is over are not.
func TestLeavingCoercionAttempt(t *testing.T) {
	d, err := safety.New(safety.Options{Reader: query.New(nil)})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		lang, text string
		category   string // "" = no crisis
	}{
		{"en", "when i divorce him he will kill me, he swore it", "partner-violence"},
		{"en", "the landlord says he will evict me unless i sleep with him", "sexual-abuse"},
		{"en", "my boss will fire me if i am late again", ""},
		{"en", "my cousin attempted to poison herself this morning", "suicidal"},
		{"en", "my uncle tried to kill himself ten years ago, now he is well", ""},
		{"es", "mi novia dice que me mata si la dejo", "partner-violence"},
		{"es", "el profesor me reprueba si no duermo con él", "sexual-abuse"},
		{"es", "mi tía intentó suicidarse el domingo", "suicidal"},
		{"pt", "meu namorado vai me matar se eu largar ele", "partner-violence"},
		{"pt", "o patrão disse que me demite se eu não sair com ele", "sexual-abuse"},
		{"pt", "minha prima tentou se matar ontem", "suicidal"},
		{"fr", "si je porte plainte il va me tuer", "partner-violence"},
		{"fr", "le prof a tenté de se suicider il y a des années, il va bien maintenant", ""},
		{"fr", "mon oncle a essayé de se noyer ce matin", "suicidal"},
		{"sw", "ataniua nikiripoti kwa polisi", "partner-violence"},
		{"sw", "binamu yangu amejaribu kujiua leo", "suicidal"},
		{"zu", "uthi uma ngibika uzongibulala", "partner-violence"},
		{"zu", "umzala wami uzame ukuzibulala namhlanje", "suicidal"},
		{"hi", "agar maine police complaint ki to maar dalega", "partner-violence"},
		{"hi", "mere cousin ne aaj suicide ki koshish ki", "suicidal"},
	}
	for _, tt := range tests {
		t.Run(tt.lang+"/"+tt.text, func(t *testing.T) {
			c, ok := d.Detect(tt.text)
			if ok != (tt.category != "") || ok && c.Category != tt.category {
				t.Fatalf("Detect = %+v, %v; want %q", c, ok, tt.category)
			}
		})
	}
}
