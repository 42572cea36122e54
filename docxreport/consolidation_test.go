package docxreport_test

import (
	"strings"
	"testing"

	"github.com/tertial/tertial/internal/fixture"
	"github.com/tertial/tertial/report"
)

// TestConsolidatedDocument: in Word, the council goals' sentences and the boards' table,
// and each board's report as a chapter whose headings are a level below the chapter's,
// with no heading more than one level below the one before.
func TestConsolidatedDocument(t *testing.T) {
	ds, err := fixture.Consolidated()
	if err != nil {
		t.Fatal(err)
	}
	doc, err := report.Build(ds, "kf", "2025-04")
	if err != nil {
		t.Fatal(err)
	}
	parts, _ := unzip(t, doc)
	body := parts["word/document.xml"]
	var headings []string
	prev := 0
	for _, p := range paragraphs(t, body) {
		if !strings.HasPrefix(p.style, "Heading") {
			continue
		}
		headings = append(headings, p.style+":"+p.text)
		n := int(p.style[len("Heading")] - '0')
		if n > prev+1 {
			t.Errorf("%s after Heading%d", p.style, prev)
		}
		prev = n
	}
	all := strings.Join(headings, "|")
	for _, want := range []string{"Heading1:Fullmäktiges mål i nämnderna|Heading2:Målområde: Ett rikt liv för alla i Ekby – social hållbarhet|Heading3:Kommunfullmäktigemål: Alla invånare",
		"Heading1:Bilagor: nämndernas rapporter|Heading2:Kultur- och fritidsnämnden|Heading3:Sammanfattning|Heading4:Social hållbarhet",
		"Heading2:Socialnämnden|Heading3:Sammanfattning"} {
		if !strings.Contains(all, want) {
			t.Errorf("headings lack %s:\n%s", want, all)
		}
	}
	if strings.Count(all, "Heading3:Sammanfattning") != 3 {
		t.Errorf("%d boards' summaries, want 3", strings.Count(all, "Heading3:Sammanfattning"))
	}
	for _, want := range []string{"Av tre nämnder som bidrar till målet har två bedömningen uppnås delvis. En saknar bedömning.", ">Summa nämnder<", ">Nämndernas budgetavvikelser, tkr<", "Uppnås ej"} {
		if !strings.Contains(body, want) {
			t.Errorf("the document lacks %s", want)
		}
	}
}
