package query

import (
	"io/fs"
	"os"
	"path"
	"strings"
	"testing"
)

// Ensure every embedded data file has a row in SOURCES.md that names its
// licence, and that no row names a licence whose data must never be
// embedded (GPL, LGPL, CC-BY-SA).
func TestSourcesListEveryEmbeddedFile(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile("../SOURCES.md")
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string]string{} // path under query/ → licence column
	for _, line := range strings.Split(string(b), "\n") {
		cells := strings.Split(line, "|")
		if len(cells) < 6 || !strings.Contains(cells[1], "`query/data/") {
			continue
		}
		licence := cells[len(cells)-2]
		dir := ""
		for _, f := range strings.Split(cells[1], ",") {
			f = strings.Trim(strings.TrimSpace(f), "`")
			if !strings.Contains(f, "/") {
				f = path.Join(dir, f) // "query/data/glossary/pt.txt, es.txt"
			}
			dir = path.Dir(f)
			rows[strings.TrimPrefix(f, "query/")] = licence
		}
		for _, bad := range []string{"GPL", "CC-BY-SA", "CC BY-SA"} {
			if strings.Contains(licence, bad) && !strings.Contains(licence, "offers") {
				t.Errorf("SOURCES.md: %s is under %q: never embedded", cells[1], strings.TrimSpace(licence))
			}
		}
	}
	err = fs.WalkDir(data, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if l, ok := rows[p]; !ok || strings.TrimSpace(l) == "" {
			t.Errorf("%s is embedded but SOURCES.md names no source and licence for it", p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range dictFiles {
		if l, ok := rows["data/"+f.name]; !ok || strings.TrimSpace(l) == "" {
			t.Errorf("%s is embedded but SOURCES.md names no source and licence for it", f.name)
		}
	}
}
