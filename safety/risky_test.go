package safety_test

import (
	"testing"
)

// Ensure a query with words the crisis lists read as risky (a certain or
// unsure entry, or a word of harm with one of the self or the body) is
// risky in every language, and a crisis subject asked about, a body part
// or a harm word alone ("heart attack", "snake bite") is not.
func TestRisky(t *testing.T) {
	t.Parallel()
	d := detector(t, nil)
	tests := []struct {
		query string
		want  bool
	}{
		{"kill myself", true},
		{"stab arm", true},
		{"slap me", true},
		{"cutting my arms", true},
		{"burn myself", true},
		{"hurt myself", true},
		{"quero me matar", true},
		{"quiero morir", true},
		{"nataka kujiua", true},
		{"ngifuna ukuzibulala", true},
		{"mujhe marna hai", true},
		{"je veux mourir", true},
		{"malaria", false},
		{"domestic violence", false},
		{"child abuse", false},
		{"heart attack", false},
		{"snake bite", false},
		{"skin rash", false},
		{"stomach pain", false},
		{"burns first aid", false},
		{"paracetamol", false},
	}
	for _, tt := range tests {
		if got := d.Risky(tt.query); got != tt.want {
			t.Errorf("Risky(%q) = %v, want %v", tt.query, got, tt.want)
		}
	}
}
