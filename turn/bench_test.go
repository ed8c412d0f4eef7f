package turn

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
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

// FuzzFastPaths checks the allocation-free paths that these benchmarks
// motivated against encoding/json: where the _vnd scan answers, it must
// give json.Unmarshal's direction, and the digits fast
// path the same number as strconv.ParseInt.
func FuzzFastPaths(f *testing.F) {
	for _, s := range []string{
		`{"v1":{"direction":"inbound"}}`,
		`{"v1": {"author": {"id": "1", "name": "A\"b"}, "direction": "outbound", "labels": [1, -2.5e3, true, null]}}`,
		`{"V1":{"Direction":"x"},"v1":{"direction":null}}`,
		`{"v1":{"direction":"a\u00e9"}}`,
		`{"v1":"None"}`, `{"v1":{"direction":5}}`, `{"v1":null}`, `{}`, `{"x":01}`, `{"x":"\q"}`,
		`"1706709716"`, `1706709716`, `"0123"`, `"1e3"`, `""`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if n, ok := digits(b); ok {
			s := string(bytes.Trim(b, `"`))
			if want, err := strconv.ParseInt(s, 10, 64); err != nil || want != n {
				t.Fatalf("digits(%q) = %d, ParseInt = %d, %v", b, n, want, err)
			}
		}
		if len(b) == 0 || b[0] != '{' {
			return
		}
		dir, _, ok := scanDirection(b)
		type plain Vnd
		var want Vnd
		wantErr := json.Unmarshal(b, (*plain)(&want))
		// Where the scan answers (else Decode falls back to json.Unmarshal)
		// it must agree with json.Unmarshal.
		if ok && (wantErr != nil || dir != want.V1.Direction) {
			t.Fatalf("%q: scan %q; json.Unmarshal %q, %v", b, dir, want.V1.Direction, wantErr)
		}
	})
}

// FuzzDecodeScan checks Decode's single-pass scan against encoding/json:
// for any body, the same error (or none), the same handshake and the same
// question as json.Unmarshal into the full wire types.
func FuzzDecodeScan(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("..", "testdata", "turn", "*.json"))
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	for _, s := range []string{
		`{"messages":[{"timestamp":"1","text":{"body":"\u00e9\ud83d\ude4f"},"_vnd":{"v1":{"direction":"inbound"}}}]}`,
		`{"messages":[{"timestamp":1e3,"type":"interactive","interactive":{"type":"list_reply","list_reply":{"title":"x"}}}]}`,
		`{"messages":[{"type":"interactive","interactive":{"button_reply":{"title":"b"},"list_reply":{"title":"l"}}}]}`,
		`{"messages":[{"type":"button","button":{"text":"Yes","payload":null}}]}`,
		`{"messages":[null,{"text":{"body":"a"},"timestamp":"0"}]}`,
		`{"messages":[{"text":{"body":"a"},"text":{"x":1}}]}`,
		`{"messages":[{"text":{"body":"a"}},{"text":{"body":"b"}}],"messages":[{"timestamp":"1"}]}`,
		`{"messages":[{"Text":{"BODY":"a"},"TYPE":"TEXT"}]}`,
		`{"messages":[{"type":"\u0074ext","text":{"body":"a"}}]}`,
		`{"messages":[{"type":"text","text":{"body":"a\xffb"}}]}`,
		`{"messages":[{"text":{"body":"x"},"text":null,"text":{}}]}`,
		`{"messages":[{"tеxt":{"body":"x"}}], "handshake": null}`,
		`{"meſſages":[{"text":{"body":"x"}}]}`,
		`{"messages":[{"_vnd":{"v1":{"direction":"outbound"}},"_vnd":{"v1":{}},"text":{"body":"x"}}]}`,
		`{"messages":[{"_vnd":"None","timestamp":null,"text":{"body":"x"}}]}`,
		`{"handshake":true,"handshake":false}`, `{"handshake":1}`, `{"messages":null}`, `{"messages":[1]}`,
		`{"messages":[{"timestamp":"2","text":{"body":"old"}},{"timestamp":2,"text":{"body":"same"}}]}`,
	} {
		f.Add([]byte(s))
	}
	f.Add([]byte("{\"messages\":[{\"type\":\"text\",\"text\":{\"body\":\"a\xffb\"}}]}"))
	f.Add([]byte(`{"messages":[{"text":{"body":"x"},"y":` + strings.Repeat("[", maxDepth) + strings.Repeat("]", maxDepth) + `}]}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		got, gotErr := Decode(body)
		trimmed := bytes.TrimSpace(body)
		if len(trimmed) == 0 || trimmed[0] != '{' {
			if gotErr == nil {
				t.Fatalf("%q: no error for a body that is not an object", body)
			}
			return
		}
		want, wantErr := decodeWire(trimmed)
		if (gotErr == nil) != (wantErr == nil) || gotErr != nil && gotErr.Error() != wantErr.Error() {
			t.Fatalf("%q: error %v, encoding/json %v", body, gotErr, wantErr)
		}
		if got != want {
			t.Fatalf("%q: got %+v, encoding/json %+v", body, got, want)
		}
	})
}

// Ensure the recorded payloads take the scan, not the encoding/json
// fallback, so the benchmarks above measure what production runs.
func TestScanTakesFixtures(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("..", "testdata", "turn", "*.json"))
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if _, _, ok := scanRequest(bytes.TrimSpace(b)); !ok {
			t.Errorf("%s: scan refused it", filepath.Base(p))
		}
	}
}
