package turn

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

func benchFixture(b *testing.B, name string) []byte {
	b.Helper()
	body, err := os.ReadFile(filepath.Join("..", "testdata", "turn", name))
	if err != nil {
		b.Fatal(err)
	}
	return body
}

// BenchmarkDecodeQuestion measures what every poll costs before any
// lookup: decoding Turn's payload and picking the newest inbound question.
func BenchmarkDecodeQuestion(b *testing.B) {
	for _, name := range []string{"constructed-context-request-text-inbound.json", "handshake-request.json"} {
		body := benchFixture(b, name)
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(body)))
			for b.Loop() {
				r, err := Decode(body)
				if err != nil {
					b.Fatal(err)
				}
				_ = r.Question()
			}
		})
	}
	// A longer conversation: Turn sends the recent history with each poll.
	one := benchFixture(b, "constructed-context-request-text-inbound.json")
	start := bytes.Index(one, []byte(`"messages": [`)) + len(`"messages": [`)
	end := bytes.LastIndex(one, []byte(`]`))
	msgs := bytes.TrimSpace(one[start:end])
	long := append([]byte{}, one[:start]...)
	for i := range 10 {
		if i > 0 {
			long = append(long, ',')
		}
		long = append(long, msgs...)
	}
	long = append(long, one[end:]...)
	if _, err := Decode(long); err != nil {
		b.Fatal(err)
	}
	b.Run("30-messages", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(long)))
		for b.Loop() {
			r, err := Decode(long)
			if err != nil {
				b.Fatal(err)
			}
			_ = r.Question()
		}
	})
}
