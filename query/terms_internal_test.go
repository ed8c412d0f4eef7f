package query

import "testing"

// BenchmarkLoadTerms measures reading the embedded wordnets' terms, part
// of start-up.
func BenchmarkLoadTerms(b *testing.B) {
	for b.Loop() {
		if _, err := loadTerms(); err != nil {
			b.Fatal(err)
		}
	}
}

// Ensure Portuguese words are respelt as Galician writes their cognates,
// by the regular correspondences, with or without their accents.
func TestPortugueseAsGalician(t *testing.T) {
	tests := []struct{ pt, want string }{
		{"cadeira", "cadeira"},         // the same word
		{"piolho", "piollo"},           // lh → ll
		{"unha", "una"},                // nh → ñ, folded
		{"tosse", "tose"},              // ss → s
		{"cabeça", "cabeza"},           // ç → z
		{"infecção", "infeccion"},      // -ção → -ción
		{"infeccao", "infeccion"},      // written without accents
		{"vacinações", "vacinacions"},  // -ções → -cións
		{"transfusão", "transfusion"},  // -são → -sión
		{"pulmões", "pulmons"},         // -ões → -óns
		{"cordão", "cordon"},           // -ão → -ón
		{"janela", "xanela"},           // j → x
		{"meningite", "meninxite"},     // g before i → x
		{"hemorragia", "hemorraxia"},   // the same
		{"viagem", "viaxe"},            // g before e → x; unstressed -em → -e
		{"armazém", "armacen"},         // stressed -ém → -én; z before e → c
		{"jardim", "xardin"},           // -im → -ín
		{"jejum", "xexun"},             // -um → -ún
		{"possível", "posible"},        // -ível → -ible, ss → s
		{"automóvel", "automobil"},     // -óvel → -óbil
		{"veia", "vea"},                // -eia → -ea
		{"passeio", "paseo"},           // -eio → -eo
		{"guerra", "guerra"},           // a hard g stays
		{"saúde", "saude"},             // Galician keeps -dade, -ite, -ose, -ude
		{"tuberculose", "tuberculose"}, // the same
		{"fazer", "facer"},             // z before e → c
	}
	for _, tt := range tests {
		t.Run(tt.pt, func(t *testing.T) {
			if got := portugueseAsGalician(tt.pt); got != tt.want {
				t.Errorf("portugueseAsGalician(%q) = %q, want %q", tt.pt, got, tt.want)
			}
		})
	}
}

// Ensure a word alone read through another language's spelling must be
// an entry of its own language's dictionary (or its plural), or unknown
// to it: an inflected form ("tinha", had) is no noun of the other.
func TestOwnLemma(t *testing.T) {
	e := New(nil)
	tests := []struct {
		word string
		want bool
	}{
		{"cadeira", true},
		{"muletas", true},
		{"tinha", false},
		{"posso", false},
		{"drepanocitose", true},
		{"infecções", true}, // the plural of an entry
	}
	for _, tt := range tests {
		t.Run(tt.word, func(t *testing.T) {
			if got := e.ownLemma("pt", tt.word); got != tt.want {
				t.Errorf("ownLemma(pt, %q) = %v, want %v", tt.word, got, tt.want)
			}
		})
	}
}
