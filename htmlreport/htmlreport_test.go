package htmlreport_test

import (
	"os"
	"testing"

	"github.com/tertial/tertial/demo"
	"github.com/tertial/tertial/htmlreport"
	"github.com/tertial/tertial/report"
)

func TestRenderDemo(t *testing.T) {
	ds, err := demo.Dataset()
	if err != nil {
		t.Fatal(err)
	}
	doc, err := report.Build(ds, "ks", "2021-08")
	if err != nil {
		t.Fatal(err)
	}
	out, err := htmlreport.Render(doc)
	if err != nil {
		t.Fatal(err)
	}
	if p := os.Getenv("TERTIAL_WRITE_REPORT"); p != "" {
		os.WriteFile(p, out, 0o644)
	}
}
