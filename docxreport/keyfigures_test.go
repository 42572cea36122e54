package docxreport_test

import (
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

// TestKeyFiguresPage: the key-figures table follows the contents field, with the
// assessment's symbol and words.
func TestKeyFiguresPage(t *testing.T) {
	parts, _ := unzip(t, keyFiguresDoc(t))
	body := parts["word/document.xml"]
	toc, kf, sum := strings.Index(body, ` TOC \o`), strings.Index(body, ">Nyckeltal 2021<"), strings.Index(body, ">Sammanfattning<")
	if toc < 0 || kf < toc || sum < kf {
		t.Fatalf("contents at %d, key figures at %d, summary at %d", toc, kf, sum)
	}
	part := body[kf:sum]
	for _, want := range []string{">Utfall 2021<", "✔", "Uppnår etappmålet", "✘", "Uppnår inte etappmålet"} {
		if !strings.Contains(part, want) {
			t.Errorf("the key figures lack %s", want)
		}
	}
}
