package duckduckgo_test

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/ddgbot/ddgbot/duckduckgo"
	"github.com/ddgbot/ddgbot/instant"
)

// Ensure every recorded answer, compacted, survives MarshalBinary and
// UnmarshalBinary unchanged, in fewer bytes than the API sent.
func TestRecordRoundTrip(t *testing.T) {
	t.Parallel()
	paths, err := filepath.Glob("../testdata/ddg/*.json")
	if err != nil || len(paths) == 0 {
		t.Fatalf("fixtures: %v", err)
	}
	fresh := time.UnixMilli(1_780_000_000_123)
	for _, p := range paths {
		raw, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		a, err := instant.Decode(raw)
		if err != nil {
			continue // not an answer
		}
		in := duckduckgo.Record{Answer: duckduckgo.Compact(a), Fresh: fresh, Stale: fresh.Add(24 * time.Hour)}
		b, err := in.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		var out duckduckgo.Record
		if err := out.UnmarshalBinary(b); err != nil {
			t.Fatalf("%s: %v", filepath.Base(p), err)
		}
		if !reflect.DeepEqual(out.Answer, in.Answer) || !out.Fresh.Equal(in.Fresh) || !out.Stale.Equal(in.Stale) {
			t.Errorf("%s: round trip changed the record:\n in %+v\nout %+v", filepath.Base(p), in, out)
		}
		if len(b) > len(raw) {
			t.Errorf("%s: %d bytes encoded from %d of JSON", filepath.Base(p), len(b), len(raw))
		}
	}
}

// Ensure bytes of another version or damaged ones are refused with
// ErrRecordFormat and leave the record as it was.
func TestRecordRefusesOtherFormats(t *testing.T) {
	t.Parallel()
	good, err := duckduckgo.Record{Answer: instant.Answer{Heading: "h"}}.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	newer := append([]byte{2}, good[1:]...)
	for name, b := range map[string][]byte{"empty": nil, "newer version": newer, "truncated": good[:len(good)-1], "JSON without version": good[1:]} {
		r := duckduckgo.Record{Answer: instant.Answer{Heading: "kept"}}
		if err := r.UnmarshalBinary(b); !errors.Is(err, duckduckgo.ErrRecordFormat) || r.Answer.Heading != "kept" {
			t.Errorf("%s: err %v, heading %q", name, err, r.Answer.Heading)
		}
	}
}

// FuzzRecord checks that any bytes decode to a bounded answer or an error,
// and that what decodes encodes and decodes to the same record.
func FuzzRecord(f *testing.F) {
	good, _ := duckduckgo.Record{Answer: instant.Answer{Heading: "h", RelatedTopics: []instant.Topic{{Name: "g", Topics: []instant.Topic{{Text: "x"}}}}}}.MarshalBinary()
	for _, seed := range [][]byte{good, {1}, {1, '{', '}'}, {2, '{', '}'}, []byte(`{"f":1}`)} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var r duckduckgo.Record
		if err := r.UnmarshalBinary(b); err != nil {
			return
		}
		if !reflect.DeepEqual(r.Answer, duckduckgo.Compact(r.Answer)) {
			t.Fatalf("decoded answer not within the compact bounds")
		}
		again, err := r.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		var r2 duckduckgo.Record
		if err := r2.UnmarshalBinary(again); err != nil || !reflect.DeepEqual(r2, r) {
			t.Fatalf("re-encoding changed the record: %v", err)
		}
	})
}
