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
