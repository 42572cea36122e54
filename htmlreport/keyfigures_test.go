package htmlreport_test

import (
	"github.com/tertial/tertial/htmlreport"
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

// TestKeyFiguresPage: the key figures stand after the contents as a table with the
// assessment's symbol beside its words.
func TestKeyFiguresPage(t *testing.T) {
	out, err := htmlreport.Render(keyFiguresDoc(t))
	if err != nil {
		t.Fatal(err)
	}
	page := string(out)
	toc, kf, sum := strings.Index(page, `<nav class="toc"`), strings.Index(page, `<h2 id="avsnitt-nyckeltal-rubrik">Nyckeltal</h2>`), strings.Index(page, `>Sammanfattning</h2>`)
	if toc < 0 || kf < toc || sum < kf {
		t.Fatalf("contents at %d, key figures at %d, summary at %d", toc, kf, sum)
	}
	part := page[kf:sum]
	for _, want := range []string{`<table id="avsnitt-nyckeltalstabell" class="indicators key-figures">`, "<caption>Nyckeltal 2021</caption>",
		`<th scope="col" class="num">Utfall 2021</th>`, `<span class="symbol result-reaches" aria-hidden="true">✔</span> Uppnår etappmålet`,
		`<span class="symbol result-misses" aria-hidden="true">✘</span> Uppnår inte etappmålet`, "Av "} {
		if !strings.Contains(part, want) {
			t.Errorf("the key figures lack %s:\n%.600s", want, part)
		}
	}
}
