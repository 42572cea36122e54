package report_test

import (
	"archive/zip"
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/docxreport"
	"github.com/tertial/tertial/htmlreport"
	"github.com/tertial/tertial/report"
)

// groupedCovid is the demo with its Covid-19 table's costs in a group with a sum row of its
// own, and the income row in a group with its sum on the header row and a unit.
func groupedCovid(t *testing.T) (*tertial.Dataset, *tertial.FreeTable) {
	t.Helper()
	ds := demoDataset(t)
	var ft *tertial.FreeTable
	for i, f := range ds.Period("ks", "2021-08").FreeTables {
		if f.ID == "covid" {
			ft = &ds.Period("ks", "2021-08").FreeTables[i]
		}
	}
	if ft == nil || len(ft.Rows) != 3 {
		t.Fatal("the demo's Covid-19 table is gone or changed")
	}
	inc, pers, other := ft.Rows[0], ft.Rows[1], ft.Rows[2]
	inc.Unit = "tkr"
	ft.Rows = []tertial.FreeRow{
		{ID: "in", Group: true, Label: "Intäkter", Sum: tertial.SumTop, Rows: []tertial.FreeRow{inc}},
		{ID: "kostnader", Group: true, Label: "Kostnader", Sum: tertial.SumBottom, SumLabel: "Summa kostnader",
			Rows: []tertial.FreeRow{pers, other}},
	}
	if ps := ds.Validate(); len(ps) > 0 {
		t.Fatalf("the changed demo is not valid: %v", ps)
	}
	return ds, ft
}

// TestFreeGroupsRender: a grouped free table shows as a money table's groups do, with the
// same row kinds, so that every format shows its sums: a header carrying the income sum
// (−428), an indented body, a sum row for the costs (1 307 + 1 952 = 3 259) and the total
// over the three rows once (2 831), never adding a group's sum again.
func TestFreeGroupsRender(t *testing.T) {
	ds, _ := groupedCovid(t)
	doc, err := report.Build(ds, "ks", "2021-08")
	if err != nil {
		t.Fatal(err)
	}
	tbl := findBlockTable(doc.Sections, "tabell-covid")
	if tbl == nil {
		t.Fatal("the free table is not in the report")
	}
	var got []string
	for _, r := range tbl.Rows {
		got = append(got, strings.Join([]string{r.Class, string(rune('0' + r.Depth)), r.Header.Text, r.Header.Detail, r.Cells[0].Text}, "|"))
	}
	want := []string{
		"group sum|0|Intäkter||−428",
		"|1|Intäkter (minskade - /ökade +)|tkr|−428",
		"group|0|Kostnader||",
		"|1|Personalkostnader (minskade + /ökade -)||1 307",
		"|1|Övriga kostnader (minskade + /ökade -)||1 952",
		"sum|0|Summa kostnader||3 259",
		"total|0|Minskade nettokostnader (+) /ökade nettokostnader (-)||2 831",
	}
	if plainSpaces(strings.Join(got, "\n")) != strings.Join(want, "\n") {
		t.Errorf("rows:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	html, err := htmlreport.Render(doc)
	if err != nil {
		t.Fatal(err)
	}
	page := string(html)
	for _, s := range []string{`id="tabell-covid-kostnader-summa"`, "Summa kostnader", `<span class="detail">(tkr)</span>`} {
		if !strings.Contains(page, s) {
			t.Errorf("the HTML report lacks %s", s)
		}
	}
	i := strings.Index(page, `id="tabell-covid-kostnader-summa"`)
	if i < 0 || !strings.Contains(plainSpaces(page[i:i+min(len(page)-i, 800)]), "3 259") {
		t.Error("the HTML sum row of the costs lacks 3 259")
	}

	docx, err := docxreport.Render(doc)
	if err != nil {
		t.Fatal(err)
	}
	body := docxBody(t, docx)
	j := strings.Index(body, "Summa kostnader")
	if j < 0 {
		t.Fatal("the DOCX report lacks the costs' sum row")
	}
	if k := strings.Index(body[j:], "259"); k < 0 || k > 2000 {
		t.Error("the DOCX sum row of the costs lacks 3 259")
	}
	if k := strings.Index(body, "Intäkter (minskade - /ökade +)"); k < 0 || !strings.Contains(body[k:k+min(len(body)-k, 400)], "(tkr)") {
		t.Error("the DOCX report lacks the row's unit")
	}
}

// docxBody returns word/document.xml of a DOCX file.
func docxBody(t *testing.T, docx []byte) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(docx), int64(len(docx)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			b, err := io.ReadAll(rc)
			rc.Close()
			if err != nil {
				t.Fatal(err)
			}
			return string(b)
		}
	}
	t.Fatal("no word/document.xml")
	return ""
}

// plainSpaces replaces the no-break spaces of formatted figures with plain ones.
func plainSpaces(s string) string {
	return strings.NewReplacer("\u00a0", " ", "\u202f", " ").Replace(s)
}

// TestCheckFreeGroupSums: in a grouped free table without a sum row, a group's sum over a
// column some of its rows lack is named by the group's sum label; the complete group and
// a group whose rows all lack the column give no finding.
func TestCheckFreeGroupSums(t *testing.T) {
	ds, ft := groupedCovid(t)
	ft.SumLabel = ""
	if got := findingsContaining(t, ds, "summan «"); len(got) != 0 {
		t.Fatalf("complete groups: %q", got)
	}
	delete(ft.Rows[1].Rows[0].Cells, "prognos") // personalkostnader
	delete(ft.Rows[0].Rows[0].Cells, "prognos") // the income group's only row
	got := findingsContaining(t, ds, "summan «")
	want := "tabell covid (Covid-19), kolumn prognos (Prognos helår): summan «Summa kostnader» räknar med raden personalkostnader (Personalkostnader (minskade + /ökade -)), som saknar värde, medan 1 andra rader har värden"
	if len(got) != 1 || !strings.HasPrefix(got[0], want) {
		t.Errorf("got %q, want one finding starting %q", got, want)
	}
}
