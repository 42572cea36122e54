package web_test

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/tertial/tertial/demo"
	"github.com/tertial/tertial/ledgerimport"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
	"github.com/tertial/tertial/web"
)

// TestAccessibilityAxeMunicipalReport runs axe-core's WCAG 2.1 A and AA rules over the
// Ekby demo's municipal reports with their books imported, as `tertial demo ekby` loads
// them: kommunfullmäktige's årsredovisning (the statements, notes, balanskravsutredning,
// financial goals, five-year overview, avstämning, the boards' contributions and
// deviations, their reports as chapters and the sammanställda räkenskaper) and its
// delårsrapport, the statements' mapping page, which previews the imported ledger, the
// company's own ledger page, the organisation and the municipality's page.
func TestAccessibilityAxeMunicipalReport(t *testing.T) {
	axeTools(t)
	ctx := context.Background()
	d, ok := demo.Get("ekby")
	if !ok {
		t.Fatal("no ekby demo")
	}
	ds, err := d.Dataset()
	if err != nil {
		t.Fatal(err)
	}
	db := storetest.Open(t, store.SQLite)
	srv := siteWith(t, db, web.Options{UnreadTTL: -1}, ds)
	for _, l := range d.Ledgers {
		var buf bytes.Buffer
		if err := l.Write(&buf); err != nil {
			t.Fatal(err)
		}
		if _, err := ledgerimport.Import(ctx, db, &buf, ledgerimport.Options{Municipality: ds.Municipality.Code, Unit: l.Unit, Year: l.Year,
			Source: "demo", Actor: "test", FileName: l.FileName(d.Name)}); err != nil {
			t.Fatal(err)
		}
	}
	var urls []string
	for _, path := range []string{
		"/kommuner/9901/enheter/kf/perioder/2025-12/rapport",
		"/kommuner/9901/enheter/kf/perioder/2025-08/rapport",
		"/kommuner/9901/struktur/rakenskaper",
		"/kommuner/9901/struktur/rakenskaper?prognos=2025-12", // the forecast's month refused beside its field
		"/kommuner/9901/struktur/ekonomi",
		"/kommuner/9901/struktur/mallar",                // the new template's starting templates
		"/kommuner/9901/struktur/mallar/arsredovisning", // the statements' choice of RR, BR and KF
		"/kommuner/9901/enheter/ekbybostader/bokforing", // a company's own ledger page, with its imported years
		"/kommuner/9901/struktur/enheter",               // the organisation with the company's share and ledger link
		"/kommuner/9901",
	} {
		status, _, page := getAs(t, session, srv.URL+path)
		if status != http.StatusOK {
			t.Fatalf("%s: status %d", path, status)
		}
		// The pages must hold what they are checked for, not a notice that the books are
		// missing.
		if strings.HasSuffix(path, "2025-12/rapport") {
			for _, want := range []string{"Resultaträkning", "Balanskravsutredning", "Femårsöversikt", "Avstämning av nämndernas nettokostnader", "kommunkoncernen"} {
				if !strings.Contains(page, want) {
					t.Errorf("%s lacks %q", path, want)
				}
			}
			if strings.Contains(page, "ingen bokföring för året") {
				t.Errorf("%s says the books are missing", path)
			}
		}
		urls = append(urls, srv.URL+path)
	}
	runAxe(t, urls, session, srv.URL)
}
