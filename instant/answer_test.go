package instant

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-json-experiment/json"
)

const fixtureDir = "../testdata/ddg"

// Ensure every recorded answer decodes, whatever the types of its volatile
// fields, and that Empty agrees with the file's kind.
func TestDecodeFixtures(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(fixtureDir, "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures in %s: %v", fixtureDir, err)
	}
	n := 0
	for _, f := range files {
		base := filepath.Base(f)
		if base == "index.json" || strings.HasSuffix(base, ".http.json") {
			continue
		}
		n++
		t.Run(base, func(t *testing.T) {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			a, err := Decode(b)
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			if got, want := a.Empty(), strings.HasPrefix(base, "empty-"); got != want {
				t.Errorf("Empty() = %v, want %v", got, want)
			}
		})
	}
	if n < 15 {
		t.Errorf("decoded %d fixtures, want at least 15", n)
	}
}

// Ensure a grouped RelatedTopics entry keeps its Name and Topics.
func TestDecodeGroupedTopics(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(fixtureDir, "disambiguation-cat.json"))
	if err != nil {
		t.Fatal(err)
	}
	a, err := Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	groups := 0
	for _, tp := range a.RelatedTopics {
		if tp.Name != "" && len(tp.Topics) > 0 {
			groups++
		}
	}
	if a.Type != "D" || groups == 0 {
		t.Errorf("Type %q with %d groups, want D with groups", a.Type, groups)
	}
}

// Ensure fields that change JSON type between answers never break decoding.
func TestDecodeTypeChangingFields(t *testing.T) {
	tests := []struct {
		name string
		body string
	}{
		{"image sizes as strings", `{"ImageHeight":"","ImageWidth":"","ImageIsLogo":""}`},
		{"image sizes as numbers", `{"ImageHeight":270,"ImageWidth":342,"ImageIsLogo":1}`},
		{"infobox as string", `{"Infobox":""}`},
		{"infobox as object", `{"Infobox":{"content":[{"value":{"id":"Q1"},"wiki_order":"101"}],"meta":[]}}`},
		{"meta null", `{"meta":null}`},
		{"meta object", `{"meta":{"id":"just_another_test"}}`},
		{"icon sizes", `{"RelatedTopics":[{"Icon":{"Height":16,"Width":""},"Text":"x"}]}`},
		{"answer object", `{"Answer":{"from":"calc"},"AbstractText":"a"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := Decode([]byte(tt.body)); err != nil {
				t.Fatalf("Decode(%s): %v", tt.body, err)
			}
		})
	}
}

// Ensure Decode rejects what is not one JSON object with ErrNotJSON.
func TestDecodeRejects(t *testing.T) {
	for _, body := range []string{"", "   \n", "<html>", `[1,2]`, `{"Type":"A"`, `null`, `"text"`} {
		if _, err := Decode([]byte(body)); !errors.Is(err, ErrNotJSON) {
			t.Errorf("Decode(%q) error = %v, want ErrNotJSON", body, err)
		}
	}
}

// Ensure Text takes strings and numbers as text and anything else as empty.
func TestTextUnmarshal(t *testing.T) {
	tests := []struct {
		name string
		json string
		want Text
	}{
		{"string", `"42 is the answer"`, "42 is the answer"},
		{"escaped string", `"caf\u00e9"`, "café"},
		{"integer", `42`, "42"},
		{"negative float", `-1.5e3`, "-1.5e3"},
		{"object", `{"from":"calc","result":""}`, ""},
		{"array", `[1,2]`, ""},
		{"null", `null`, ""},
		{"bool", `true`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var v struct{ Answer Text }
			if err := json.Unmarshal([]byte(`{"Answer":`+tt.json+`}`), &v); err != nil {
				t.Fatalf("Unmarshal: %v", err)
			}
			if v.Answer != tt.want {
				t.Errorf("Answer = %q, want %q", v.Answer, tt.want)
			}
		})
	}
}
