package safety_test

import (
	"testing"

	"github.com/ddgbot/ddgbot/query"
	"github.com/ddgbot/ddgbot/safety"
)

// Ensure the who + act + whom classes of every list read a disclosure
// that names no harm word: an adult close to the writer coming into the
// room or the bed at night and touching; a farewell with the care of
// someone left behind; the phone or money taken with a threat; a fall or
// a faint with no answer. Their ordinary neighbours (a parent saying
// goodnight, a closing "take care", a question about children in
// general) stay no crisis or no certain one.
func TestWhoActWhom(t *testing.T) {
	d, err := safety.New(safety.Options{Reader: query.New(nil)})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		lang, text string
		category   string // "" = no crisis
		tier       string // "" = any
	}{
		// an adult coming into the room or the bed, and touching
		{"en", "my uncle sneaks into my bedroom when everyone is asleep and pulls down my pants", "sexual-abuse", safety.TierCertain},
		{"en", "my dad comes into my room every morning to wake me for school", "", ""},
		{"en", "my cousin comes into my room late when my parents are out", "sexual-abuse", safety.TierUnsure},
		{"es", "mi padrastro se mete en mi cama cuando mi mamá trabaja y me toca", "sexual-abuse", safety.TierCertain},
		{"es", "el vecino entra al cuarto de mi hermanita por la noche", "sexual-abuse", safety.TierUnsure},
		{"pt", "o namorado da minha mãe deita na minha cama de madrugada e mexe em mim", "sexual-abuse", safety.TierCertain},
		{"pt", "meu tio entra no banheiro quando to sozinha", "sexual-abuse", safety.TierUnsure},
		{"fr", "mon oncle se glisse dans mon lit quand mes parents dorment et me déshabille", "sexual-abuse", safety.TierCertain},
		{"sw", "mjomba huingia chumbani kwangu mama akiwa kazini na kunigusa", "sexual-abuse", safety.TierCertain},
		{"zu", "umalume ungena embhedeni wami ebusuku", "sexual-abuse", safety.TierUnsure},
		{"hi", "bhaiya raat ko mere room mein aate hain aur kapde utaarte hain", "sexual-abuse", safety.TierCertain},
		{"en", "my husband comes into the bedroom late after his shift", "", ""},
		{"es", "mi esposo entra al cuarto en la noche después del trabajo", "", ""},
		// a farewell with the care of someone left behind
		{"en", "this is my last message. please take care of my little brother", "suicidal", safety.TierCertain},
		{"en", "goodbye, take care", "", ""},
		{"es", "cuiden a mis hijos por favor, no volverán a saber de mí", "suicidal", safety.TierCertain},
		{"pt", "valeu por tudo, essa é minha última mensagem", "suicidal", safety.TierCertain},
		{"fr", "prenez soin de mes enfants, adieu", "suicidal", safety.TierCertain},
		{"sw", "nawaaga wote, watunzeni watoto wangu", "suicidal", safety.TierCertain},
		{"zu", "ngiyavalelisa, nakekelani izingane zami", "suicidal", safety.TierCertain},
		{"hi", "alvida sabko, mere bacchon ka khayal rakhna", "suicidal", safety.TierCertain},
		// the phone, money or papers taken with a threat
		{"en", "my boyfriend hides my passport and says he will bury me", "partner-violence", safety.TierCertain},
		{"es", "mi novio me revisa el celular y dice que me va a desaparecer", "partner-violence", safety.TierCertain},
		{"pt", "meu marido escondeu meus documentos e disse que vai me sumir", "partner-violence", safety.TierCertain},
		{"fr", "mon copain confisque mon portable et veut me faire la peau", "partner-violence", safety.TierCertain},
		{"sw", "mume wangu ananinyang'anya pesa na anasema atanichinja", "partner-violence", safety.TierCertain},
		{"zu", "isoka lami lifihla umazisi wami lithi lizongibulala", "partner-violence", safety.TierCertain},
		{"hi", "shauhar salary chheen leta hai aur bolta hai jala dunga", "partner-violence", safety.TierCertain},
		// a fall or a faint with no answer
		{"pt", "minha avó desmaiou no banheiro e não responde", "medical", safety.TierCertain},
		{"fr", "ma grand-mère est tombée, elle ne répond plus", "medical", safety.TierCertain},
		{"en", "my grandma fell yesterday and is not moving her arm well", "", ""},
		{"en", "my dad comes into my room every night to say goodnight", "", ""},
		{"en", "thanks, this is my last message for today", "", ""},
		{"zu", "umkhulu uwile phansi akaphefumuli", "medical", safety.TierCertain},
		{"hi", "nani gir gayi aur hosh nahi aa raha", "medical", safety.TierCertain},
		// a question about people in general
		{"en", "how can a teacher tell when a child is being abused at home", "", ""},
		{"es", "qué hacer cuando una mujer sufre violencia", "", ""},
		{"pt", "como saber se uma criança é maltratada", "", ""},
		{"fr", "comment savoir si un enfant est battu", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.lang+"/"+tt.text, func(t *testing.T) {
			c, ok := d.Detect(tt.text)
			if ok != (tt.category != "") || ok && (c.Category != tt.category || tt.tier != "" && c.Tier != tt.tier) {
				t.Fatalf("Detect = %+v, %v; want %q %q", c, ok, tt.category, tt.tier)
			}
		})
	}
}

// Ensure a parent's "kill me" over a lapse of every day (a late night, a
// failed exam) is a figure of speech while a partner's stays a threat,
// and Hinglish long vowels are read as their short spelling.
func TestLapsesAndLongVowels(t *testing.T) {
	d, err := safety.New(safety.Options{Reader: query.New(nil)})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		lang, text string
		want       bool
	}{
		{"en", "my dad will kill me if i miss curfew", false},
		{"en", "my mom is going to murder me when she sees my grades", false},
		{"en", "my dad will kill me", true},
		{"en", "my boyfriend will kill me if i leave him", true},
		{"hi", "papa maar denge agar result kharab aaya", false},
		{"hi", "pati maar dalega agar maine kisi ko bataya", true},
		{"hi", "bas so jaaun aur na uthun", true},
		{"hi", "khudkushi naam ki kitaab ka writer kaun hai", false},
	}
	for _, tt := range tests {
		t.Run(tt.lang+"/"+tt.text, func(t *testing.T) {
			if c, ok := d.Detect(tt.text); ok != tt.want {
				t.Fatalf("Detect = %+v, %v; want %v", c, ok, tt.want)
			}
		})
	}
}
