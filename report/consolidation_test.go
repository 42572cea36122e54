package report_test

import (
	"testing"

	"github.com/tertial/tertial/htmlreport"
	"github.com/tertial/tertial/internal/fixture"
	"github.com/tertial/tertial/report"
)

func TestConsolidatedDump(t *testing.T) {
	ds, err := fixture.Consolidated()
	if err != nil {
		t.Fatal(err)
	}
	doc, err := report.Build(ds, "kf", "2025-04")
	if err != nil {
		t.Fatal(err)
	}
	out, err := htmlreport.Render(doc)
	if err != nil {
		t.Fatal(err)
	}
	t.Log(string(out))
}
