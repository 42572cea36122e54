package docxreport_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/tertial/tertial/dataset"
	"github.com/tertial/tertial/docxreport"
	"github.com/tertial/tertial/report"
)

func simrishamnDocument(t *testing.T) *report.Document {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "testdata", "simrishamn.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	ds, err := dataset.Decode(data, "simrishamn.yaml")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := report.Build(ds, "kfn", "2025")
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// TestSimrishamnCoverAndGoalTables: the cover has a line per fact, its label bold, and the
// cover's text before the page break; a goal over its activities and each comment are one
// cell across the table (gridSpan of all its columns).
func TestSimrishamnCoverAndGoalTables(t *testing.T) {
	parts, _ := unzip(t, simrishamnDocument(t))
	body := parts["word/document.xml"]
	wellFormed(t, "word/document.xml", body)
	for _, want := range []string{
		`<w:rPr><w:b/><w:bCs/></w:rPr><w:t xml:space="preserve">Status: </w:t></w:r><w:r><w:t xml:space="preserve">Påbörjad</w:t>`,
		`<w:rPr><w:b/><w:bCs/></w:rPr><w:t xml:space="preserve">Rapportperiod: </w:t></w:r><w:r><w:t xml:space="preserve">2025</w:t>`,
		`<w:rPr><w:b/><w:bCs/></w:rPr><w:t xml:space="preserve">Organisation: </w:t></w:r><w:r><w:t xml:space="preserve">Kultur- och fritidsnämnden</w:t>`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the cover lacks %s", want)
		}
	}
	cover := body[:strings.Index(body, `<w:br w:type="page"/>`)]
	if !strings.Contains(cover, "Förvaltningschef: Gunilla Lewerentz") {
		t.Error("the cover's text is not before the cover's page break")
	}
	span := regexp.MustCompile(`<w:tc><w:tcPr><w:tcW w:w="\d+" w:type="dxa"/><w:gridSpan w:val="3"/>.*?</w:tc>`)
	joined := strings.Join(span.FindAllString(body, -1), "\n")
	for _, want := range []string{"Arbeta för en livskraftig landsbygd.", "Kommentar:", "Projektet genomfört och avslutat för 2025."} {
		if !strings.Contains(joined, want) {
			t.Errorf("no cell across the activities table holds %q", want)
		}
	}
	if strings.Contains(joined, "Utveckla friluftsliv samt") {
		t.Error("an activity's own row spans the table")
	}
}

// TestSimrishamnLibreOffice: LibreOffice opens the DOCX and its PDF holds the cover's
// facts and the goals tables' words.
func TestSimrishamnLibreOffice(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		skipOrFail(t, "LibreOffice (soffice) is not installed")
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		skipOrFail(t, "pdftotext is not installed")
	}
	data, err := docxreport.Render(simrishamnDocument(t))
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(pdfText(t, convert(t, soffice, data, nil), "-raw")), " ")
	for _, want := range []string{"Status: Påbörjad", "Rapportperiod: 2025", "Organisation: Kultur- och fritidsnämnden",
		"Verksamhetsmål Bedömning", "Aktivitet Status Färdiggrad", "Kommentar:", "75 %", "Vision 2030"} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF lacks %q", want)
		}
	}
}
