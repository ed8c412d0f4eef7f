package config

import (
	"os"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// Ensure docs/configuration.md's table has one row per setting, in the
// order of the config struct, each with its environment variable and the
// default config.yaml gives it, so the page cannot drift from the code.
func TestConfigurationDocs(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile("../docs/configuration.md")
	if err != nil {
		t.Fatal(err)
	}
	row := regexp.MustCompile("(?m)^\\| `([a-z_.]+)` \\| `([A-Z0-9_]+)` \\| `([^`]*)` \\| (.+) \\|$")
	var keys []string
	docs := map[string][]string{}
	for _, m := range row.FindAllStringSubmatch(string(b), -1) {
		keys = append(keys, m[1])
		docs[m[1]] = m[2:]
	}
	if want := Keys(); !slices.Equal(keys, want) {
		t.Errorf("the table's keys, in order:\n%q\nthe config struct's:\n%q", keys, want)
	}
	defaults := flatten(t, "../config.yaml")
	for _, key := range Keys() {
		d, ok := docs[key]
		if !ok {
			continue // reported above
		}
		if d[0] != EnvName(key) {
			t.Errorf("%s: variable %s, want %s", key, d[0], EnvName(key))
		}
		var documented any
		if err := yaml.Unmarshal([]byte(d[1]), &documented); err != nil {
			t.Errorf("%s: default %q is not a YAML value: %v", key, d[1], err)
		}
		if want, ok := defaults[key]; !ok || !reflect.DeepEqual(normal(documented), normal(want)) {
			t.Errorf("%s: documented default %s, config.yaml has %v", key, d[1], want)
		}
		if strings.TrimSpace(d[2]) == "" {
			t.Errorf("%s: no meaning", key)
		}
	}
}

// flatten reads a YAML file of sections into "section.key" → value.
func flatten(t *testing.T, path string) map[string]any {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var sections map[string]map[string]any
	if err := yaml.Unmarshal(b, &sections); err != nil {
		t.Fatal(err)
	}
	out := map[string]any{}
	for s, kv := range sections {
		for k, v := range kv {
			out[s+"."+k] = v
		}
	}
	return out
}

// normal makes empty lists and maps, and nil, compare equal whatever
// their Go types after decoding.
func normal(v any) any {
	switch x := v.(type) {
	case nil:
		return ""
	case []any:
		if len(x) == 0 {
			return "[]"
		}
	case map[string]any:
		if len(x) == 0 {
			return "{}"
		}
	}
	return v
}
