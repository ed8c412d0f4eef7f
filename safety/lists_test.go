package safety

import "testing"

// Ensure every built-in list parses, has each category, and lists no
// phrase twice.
func TestBuiltInLists(t *testing.T) {
	d, err := NewDetector(nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range d.lists {
		seen := map[string]bool{}
		cats := map[string]int{}
		for _, c := range l.phrases {
			if seen[c.p.Key()] {
				t.Errorf("%s: %q listed twice", l.language, c.p)
			}
			seen[c.p.Key()] = true
			cats[c.category]++
		}
		for _, want := range []string{"self-harm", "abuse", "medical"} {
			if cats[want] == 0 {
				t.Errorf("%s: no %s phrases", l.language, want)
			}
		}
		if len(cats) != 3 {
			t.Errorf("%s: categories %v", l.language, cats)
		}
	}
}
