package safety

import "testing"

// Ensure every built-in list parses and has certain entries of each
// category, so no kind of crisis is left to topic words alone.
func TestBuiltInLists(t *testing.T) {
	t.Parallel()
	d, err := NewDetector(nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"suicidal", "self-harm", "sexual-abuse", "child-abuse", "partner-violence", "medical"}
	for _, lang := range Languages() {
		cats := map[string]int{}
		for _, e := range d.entries {
			if e.language == lang && e.strength == certain {
				cats[e.category]++
			}
		}
		for _, c := range want {
			if cats[c] == 0 {
				t.Errorf("%s: no certain %s entries", lang, c)
			}
		}
		if len(cats) != len(want) {
			t.Errorf("%s: categories %v", lang, cats)
		}
	}
}
