package docxreport_test

import (
	"strings"
	"testing"

	"github.com/tertial/tertial/demo"
	"github.com/tertial/tertial/report"
)

// TestCoverColour: with the municipality's colour the cover's title is a paragraph shaded in
// it with the title's text in white; without one the title paragraph is as it always was.
func TestCoverColour(t *testing.T) {
	ds, err := demo.Dataset()
	if err != nil {
		t.Fatal(err)
	}
	ds.Municipality.Colour = "#005a9c"
	doc, err := report.Build(ds, "ks", "2021-08")
	if err != nil {
		t.Fatal(err)
	}
	parts, _ := unzip(t, doc)
	wellFormed(t, "word/document.xml", parts["word/document.xml"])
	body := parts["word/document.xml"]
	want := `<w:p><w:pPr><w:pStyle w:val="Title"/><w:shd w:val="clear" w:color="auto" w:fill="005A9C"/></w:pPr><w:r><w:rPr><w:color w:val="FFFFFF"/>`
	at := strings.Index(body, want)
	if at < 0 || !strings.Contains(body[at:at+len(want)+200], "Delårsrapport") {
		t.Errorf("the title is not white on the colour:\n%s", body[:min(len(body), 3000)])
	}
	plain, _ := unzip(t, demoDocument(t))
	if strings.Contains(plain["word/document.xml"], "005A9C") || strings.Contains(plain["word/document.xml"], `w:val="Title"/><w:shd`) {
		t.Error("a report without a colour has a shaded title")
	}
}
