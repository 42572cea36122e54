package pdfreport

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/demo"
	"github.com/tertial/tertial/report"
)

// TestKeyFiguresPage: a key_figures section after the contents is a page of its own, the
// third, with the indicators' assessments in words.
func TestKeyFiguresPage(t *testing.T) {
	bin := chromium(t)
	ds, err := demo.Dataset()
	if err != nil {
		t.Fatal(err)
	}
	for i := range ds.Templates {
		secs := ds.Templates[i].Sections
		at := slices.IndexFunc(secs, func(s tertial.Section) bool { return s.Kind == tertial.SectionTOC })
		ds.Templates[i].Sections = slices.Insert(secs, at+1, tertial.Section{Kind: tertial.SectionKeyFigures, Levels: []string{"nm"}})
	}
	doc, err := report.Build(ds, "ks", "2021-08")
	if err != nil {
		t.Fatal(err)
	}
	data, err := Render(context.Background(), doc, Options{ChromiumPath: bin})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "nyckeltal.pdf")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	page := squash(tool(t, "pdftotext", "-f", "3", "-l", "3", path, "-"))
	for _, want := range []string{"Nyckeltal 2021", "Utfall 2021", "Uppnår etappmålet", "Uppnår inte etappmålet", "Sida 3 av"} {
		if !strings.Contains(page, want) {
			t.Errorf("page 3 lacks %q:\n%s", want, page)
		}
	}
	if toc := squash(tool(t, "pdftotext", "-f", "2", "-l", "2", path, "-")); !strings.Contains(toc, "Nyckeltal 3") {
		t.Errorf("the contents do not put Nyckeltal on page 3:\n%s", toc)
	}
}
