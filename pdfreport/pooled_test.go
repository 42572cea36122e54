package pdfreport

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/demo"
	"github.com/tertial/tertial/report"
)

// The PDF's indicator table shows a pooled target with its years and the figure pooled so
// far, as the other formats do.
func TestPooledTarget(t *testing.T) {
	bin := chromium(t)
	ds, err := demo.Dataset()
	if err != nil {
		t.Fatal(err)
	}
	var ind *tertial.Indicator
	for i := range ds.Indicators {
		if ds.Indicators[i].ID == "resultat-exkl-exploatering" {
			ind = &ds.Indicators[i]
		}
	}
	if ind == nil || ind.TargetEntry(2021) == nil || ind.ValueFor(2020) == nil || ind.ValueFor(2021) == nil {
		t.Fatal("the demo has no indicator resultat-exkl-exploatering with values for 2020 and 2021 and a target for 2021")
	}
	// (430 + 410) / (7 050 + 7 320) = 5,85 %
	for y, r := range map[int][2]string{2020: {"430", "7050"}, 2021: {"410", "7320"}} {
		n, d := tertial.MustParseDecimal(r[0]), tertial.MustParseDecimal(r[1])
		ind.ValueFor(y).Numerator, ind.ValueFor(y).Denominator = &n, &d
	}
	if ind.TargetEntry(2021).Target, err = tertial.ParseTarget("≥2 % över 2020–2022"); err != nil {
		t.Fatal(err)
	}
	doc, err := report.Build(ds, "ks", "2021-08")
	if err != nil {
		t.Fatal(err)
	}
	data, err := Render(context.Background(), doc, Options{ChromiumPath: bin})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "rapport.pdf")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	flat := squash(strings.ReplaceAll(tool(t, "pdftotext", path, "-"), "\u00a0", " "))
	for _, want := range []string{"över 2020–2022", "sammanvägt hittills 2020–2021: 5,8 %"} {
		if !strings.Contains(flat, want) {
			i := strings.Index(flat, "Resultat exkl exploatering")
			t.Errorf("the PDF lacks %q; its row reads: %s", want, flat[max(i, 0):min(max(i, 0)+600, len(flat))])
		}
	}
}
