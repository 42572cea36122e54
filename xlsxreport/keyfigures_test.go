package xlsxreport

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/demo"
	"github.com/tertial/tertial/report"
)

// keyFiguresDoc is the Huddinge demo's report with a key-figures section of the nämndmål
// after the table of contents.
func keyFiguresDoc(t *testing.T) *report.Document {
	t.Helper()
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
	return doc
}

// TestKeyFiguresSheet: the key figures are the workbook's first table, with the
// assessments in words.
func TestKeyFiguresSheet(t *testing.T) {
	_, f := render(t, keyFiguresDoc(t))
	sheets := f.GetSheetList()
	if len(sheets) < 2 || sheets[1] != "Nyckeltal 2021" {
		t.Fatalf("sheets %q, want Nyckeltal 2021 first after the contents", sheets)
	}
	rows, err := f.GetRows(sheets[1])
	if err != nil {
		t.Fatal(err)
	}
	all := fmt.Sprint(rows)
	for _, want := range []string{"Utfall 2021", "Etappmål 2021", "Uppnår etappmålet", "Uppnår inte etappmålet"} {
		if !strings.Contains(all, want) {
			t.Errorf("the key-figures sheet lacks %q: %v", want, rows)
		}
	}
}
