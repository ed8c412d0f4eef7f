package turn

import (
	"testing"

	"github.com/ddgbot/ddgbot/turn/turntest"
)

// Ensure a long conversation decodes to its newest inbound question.
func TestDecodeHistory(t *testing.T) {
	for _, n := range []int{1, 3, 100} {
		r, err := Decode(turntest.History(n, "what is malaria?"))
		if err != nil {
			t.Fatal(err)
		}
		if got := r.Question(); got != "what is malaria?" {
			t.Fatalf("%d messages: question %q", n, got)
		}
	}
}

// BenchmarkDecode measures what every poll costs before any lookup:
// decoding Turn's payload and picking the newest inbound question, for
// the usual short poll and for a long conversation (Turn sends the recent
// history with each poll).
func BenchmarkDecode(b *testing.B) {
	for _, bc := range []struct {
		name string
		body []byte
	}{
		{"handshake", []byte(`{"handshake": true}`)},
		{"3-messages", turntest.History(3, "what is malaria?")},
		{"100-messages", turntest.History(100, "what is malaria?")},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(bc.body)))
			for b.Loop() {
				r, err := Decode(bc.body)
				if err != nil {
					b.Fatal(err)
				}
				_ = r.Question()
			}
		})
	}
}
