package xlsxreport

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/tertial/tertial/dataset"
	"github.com/tertial/tertial/report"
)

func simrishamnDoc(t *testing.T) *report.Document {
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

// TestSimrishamnGoalTables: the contents sheet shows the cover's facts under the title;
// on an activities table's sheet a goal and a comment each fill a row merged across the
// table, in plain text, and the progress is a number shown in percent.
func TestSimrishamnGoalTables(t *testing.T) {
	doc := simrishamnDoc(t)
	_, f := render(t, doc)
	if got, _ := f.GetCellValue(ContentsSheet, "A3"); got != "Status: Påbörjad   Rapportperiod: 2025   Organisation: Kultur- och fritidsnämnden" {
		t.Errorf("contents A3 = %q", got)
	}
	tables, _ := Tables(doc)
	sheet := ""
	for i, tbl := range tables {
		if tbl.Caption == "Aktivitet: 08 Hållbart samhällsbyggande" {
			sheet = f.GetSheetList()[1+i]
		}
	}
	if sheet == "" {
		t.Fatal("no sheet for the activities of 08 Hållbart samhällsbyggande")
	}
	// Row 4 is the header; the body starts on row 5 with the first goal.
	for cell, want := range map[string]string{
		"A4": "Aktivitet", "C4": "Färdiggrad",
		"A5": "Bevara och utveckla Simrishamns och Österlens attraktivitet genom möjligheterna i kulturarvet, kulturmiljön, kulturlivet och landskapets värden.",
		"A7": "Kommentar: Litteraturfestivalen Östelen Läser genomfördes enligt plan under evenemanget Österlen Lyser 2025.",
		"A8": "Arbeta för en livskraftig landsbygd.",
		"B9": "Påbörjad",
	} {
		if got, _ := f.GetCellValue(sheet, cell); got != want {
			t.Errorf("%s!%s = %q, want %q", sheet, cell, got, want)
		}
	}
	merged, err := f.GetMergeCells(sheet)
	if err != nil {
		t.Fatal(err)
	}
	var spans []string
	for _, m := range merged {
		spans = append(spans, m.GetStartAxis()+":"+m.GetEndAxis())
	}
	for _, want := range []string{"A5:C5", "A7:C7", "A8:C8", "A10:C10"} {
		if !strings.Contains(strings.Join(spans, " "), want) {
			t.Errorf("%s is not merged across the table: %v", want, spans)
		}
	}
	if raw, _ := f.GetCellValue(sheet, "C9", excelize.Options{RawCellValue: true}); raw != "75" {
		t.Errorf("progress C9 is %q, want the number 75", raw)
	}
	if shown, _ := f.GetCellValue(sheet, "C9"); !strings.HasPrefix(shown, "75") || !strings.HasSuffix(shown, "%") {
		t.Errorf("progress C9 shows %q, want 75 %%", shown)
	}
}
