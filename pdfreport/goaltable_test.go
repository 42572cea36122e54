package pdfreport

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tertial/tertial/dataset"
	"github.com/tertial/tertial/report"
)

// TestSimrishamn: the PDF of Simrishamn's annual report, printed from the HTML, is tagged
// and holds the cover's facts, the goals and activities tables' headers and contents, and
// the vision.
func TestSimrishamn(t *testing.T) {
	bin := chromium(t)
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
	pdf, err := Render(context.Background(), doc, Options{ChromiumPath: bin})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "simrishamn.pdf")
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	if info := pdfinfo(t, path); info["Tagged"] != "yes" {
		t.Errorf("the PDF is not tagged: %v", info)
	}
	text := squash(tool(t, "pdftotext", path, "-"))
	for _, want := range []string{"Status: Påbörjad", "Rapportperiod: 2025", "Organisation: Kultur- och fritidsnämnden",
		"Ordförande: Charlotta Wasteson (L)", "Vision 2030", "Verksamhetsmål Bedömning", "Aktivitet Status Färdiggrad",
		"Arbeta för en livskraftig landsbygd.", "Kommentar:", "75 %"} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF lacks %q", want)
		}
	}
}
