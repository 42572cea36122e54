package web_test

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/ledgerimport"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

// importLedger imports an SIE file of sie/testdata for the demo's kommunstyrelse, as
// `tertial import sie` does.
func importLedger(t *testing.T, db *store.DB, name string) {
	t.Helper()
	fh, err := os.Open(filepath.Join("..", "sie", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	if _, err := ledgerimport.Import(context.Background(), db, fh, ledgerimport.Options{Municipality: "0126", Unit: "ks", Actor: "test", FileName: name}); err != nil {
		t.Fatal(err)
	}
}

// mappingForm is the form for the demo statement's rules, each given as row, accounts,
// dimension, objects and order; the rules not given are sent empty.
func mappingForm(version, periodisation string, rules ...[5]string) url.Values {
	f := url.Values{"version": {version}, "grund": {"egna"}, "periodisering": {periodisation}, "atgard": {"spara"}}
	for i := range max(9, len(rules)) {
		p := "regel-" + strconv.Itoa(i+1) + "-"
		var r [5]string
		if i < len(rules) {
			r = rules[i]
		}
		for j, name := range []string{"rad", "konton", "dimension", "objekt", "ordning"} {
			f.Set(p+name, r[j])
		}
	}
	return f
}

// TestLedgerSetupForm: a controller changes the statement's account mapping and
// periodisation on the site; mistakes are shown at the field; a reporter may not; the
// report, the edit index and the history follow.
func TestLedgerSetupForm(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		srv := site(t, db, demoDataset(t))
		importLedger(t, db, "kommun-4e.se")
		u := srv.URL + periodPath + "/redigera/kontomappning/drift"
		controller := login(t, srv, "controller")

		status, _, page := getAs(t, controller, u)
		if status != http.StatusOK {
			t.Fatalf("form: %d", status)
		}
		for _, want := range []string{`<option value="standard" selected>Standardmappningen för Kommun-Bas`, `<legend>Regel 6</legend>`,
			`<legend>Ny regel 9</legend>`, `id="regel-3-konton"`, `value="60-61"`, "Bokföringen enligt de sparade reglerna",
			"Alla konton i klass 3–7 med utfall under perioden förs till tabellen."} {
			if !strings.Contains(page, want) {
				t.Errorf("form lacks %q", want)
			}
		}
		if status, _, _ := getAs(t, login(t, srv, "rapportor"), u); status != http.StatusForbidden {
			t.Errorf("a reporter opens the mapping: %d", status)
		}

		// Own rules: premises only on responsibility 1200, and cleaning (6110) to premises
		// before everything else; no rule for "other", so 7010 is left unmapped.
		form := mappingForm("0", "even",
			[5]string{"intakter", "3", "", "", "10"}, [5]string{"personal", "5", "", "", "20"},
			[5]string{"lokaler", "60-61", "1", "1200", "30"}, [5]string{"bidrag", "45", "", "", "40"},
			[5]string{"kop-av-verksamhet", "46", "", "", "50"}, [5]string{"", "4-7", "", "", "60"}, [5]string{"lokaler", "6110", "", "", "1"})
		if code, body := postAs(t, controller, u, form); code != http.StatusSeeOther {
			t.Fatalf("save: %d\n%s", code, text(body))
		}
		ds, err := db.Dataset(context.Background(), "0126")
		if err != nil {
			t.Fatal(err)
		}
		drift := &ds.Period("ks", "2021-08").MoneyTables[0]
		if got := store.MappingText(drift.Mapping); got != "lokaler: 6110\nintakter: 3\npersonal: 5\nlokaler: 60-61 (dimension 1: 1200)\nbidrag: 45\nkop-av-verksamhet: 46" ||
			drift.Periodisation != tertial.PeriodiseEven {
			t.Errorf("stored %q, %q", got, drift.Periodisation)
		}
		_, _, page = getAs(t, controller, u+"?sparat=1")
		for _, want := range []string{"Ändringen är sparad", `<option value="egna" selected>`, "7010", "8\u00a0000,00\u00a0kr"} {
			if !strings.Contains(page, want) {
				t.Errorf("after saving the form lacks %q", want)
			}
		}
		_, _, rep := getAs(t, controller, srv.URL+periodPath+"/rapport")
		for _, want := range []string{"Periodens budget är årsbudgeten fördelad jämnt över årets månader (8 av 12 månader).",
			"kommer från den importerade bokföringen"} {
			if !strings.Contains(rep, want) {
				t.Errorf("report lacks %q", want)
			}
		}
		_, _, index := getAs(t, controller, srv.URL+periodPath+"/redigera")
		if !strings.Contains(index, "egna regler (6); budgeten periodiseras jämnt") {
			t.Error("the edit index does not summarise the mapping")
		}

		// Mistakes: a malformed account, and objects without a dimension (the dataset
		// format's rule), each shown at its field; nothing is saved.
		code, body := postAs(t, controller, u, mappingForm("1", "even", [5]string{"personal", "5x", "", "", ""}, [5]string{"lokaler", "60", "", "200", ""}))
		if code != http.StatusUnprocessableEntity {
			t.Fatalf("bad rules: %d", code)
		}
		for _, want := range []string{`<a href="#regel-1-konton">Regel 1: &#34;5x&#34; är inget konto`, `id="regel-1-konton-fel"`, `value="5x"`} {
			if !strings.Contains(body, want) {
				t.Errorf("error page lacks %q", want)
			}
		}
		// A new rule with accounts but no row is a mistake, not a rule to drop (a saved rule
		// set to "– ingen" is dropped, as in the save above).
		newRule := make([][5]string, 8)
		newRule[0] = [5]string{"personal", "5", "", "", ""}
		newRule[7] = [5]string{"", "6110", "", "", ""}
		code, body = postAs(t, controller, u, mappingForm("1", "even", newRule...))
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, `<a href="#regel-8-rad">Regel 8: välj vilken rad`) {
			t.Errorf("a new rule without a row: %d\n%s", code, text(body))
		}
		code, body = postAs(t, controller, u, mappingForm("1", "even", [5]string{"lokaler", "60", "", "200", ""}))
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, `<a href="#regel-1-dimension">Regel 1: objekt kräver en dimension.`) {
			t.Errorf("objects without a dimension: %d\n%s", code, text(body))
		}
		// A save from the old version gets the conflict page with both versions, and none
		// of the rules typed is lost, also those beyond the saved ones' form.
		stale := [][5]string{{"personal", "5", "", "", ""}}
		for range 9 {
			stale = append(stale, [5]string{})
		}
		stale = append(stale, [5]string{"lokaler", "6999", "", "", "1"})
		code, body = postAs(t, controller, u, mappingForm("0", "", stale...))
		if code != http.StatusConflict || !strings.Contains(body, "Regel 1: Konton") || !strings.Contains(body, `value="6999"`) ||
			!strings.Contains(body, "Ny regel 11: Konton") {
			t.Errorf("stale save: %d\n%s", code, text(body))
		}
		// Back to the default.
		if code, _ := postAs(t, controller, u, url.Values{"version": {"1"}, "grund": {"standard"}, "periodisering": {""}, "atgard": {"spara"}}); code != http.StatusSeeOther {
			t.Errorf("back to the default: %d", code)
		}
		if status, _, _ := getAs(t, controller, srv.URL+"/historik?typ=money_setup&nyckel=ks/2021-08/drift"); status != http.StatusBadRequest {
			t.Errorf("history without the municipality: %d", status)
		}
		_, _, hist := getAs(t, controller, srv.URL+"/historik?kommun=0126&typ=money_setup&nyckel=ks/2021-08/drift")
		if !strings.Contains(hist, "lokaler: 60-61 (dimension 1: 1200)") || !strings.Contains(hist, "Periodisering satt till jämnt över årets månader") {
			t.Errorf("the history lacks the mapping or the periodisation in words: %s", text(hist))
		}
		// What a reader sees (the stored names stay in the rows' data- attributes, for programs).
		if shown := text(hist); strings.Contains(shown, "periodisation") || strings.Contains(shown, "money_setup") {
			t.Errorf("the history shows raw names: %s", text(hist))
		}
	})
}

// TestAPIMoneyTablesAsReported: the JSON API gives the money tables as the report shows
// them: outcome from the imported ledger, the period budget periodised, and the sentences
// that say so.
func TestAPIMoneyTablesAsReported(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ds := demoDataset(t)
		drift := &ds.Period("ks", "2021-08").MoneyTables[0]
		drift.Periodisation = tertial.PeriodiseEven
		srv, tokens := apiSite(t, db, ds)
		importLedger(t, db, "kommun-4e.se")
		r := call(t, srv, "GET", ksPeriod, tokens["lasare"], nil)
		if r.status != 200 {
			t.Fatalf("%d %s", r.status, r.raw)
		}
		validate(t, "PeriodDoc", r.raw)
		table := path(r.body, "money_tables", 0).(map[string]any)
		if table["id"] != "drift" || table["periodisation"] != "even" || len(table["sources"].([]any)) != 2 {
			t.Fatalf("table: id %v, periodisation %v, sources %v", table["id"], table["periodisation"], table["sources"])
		}
		if table["mapping_source"] != "kommun_bas" || len(table["mapping"].([]any)) != 6 || path(table, "mapping", 2, "row") != "lokaler" ||
			path(table, "mapping", 2, "accounts", 0) != "60-61" {
			t.Errorf("mapping: %v %v", table["mapping_source"], table["mapping"])
		}
		var personal map[string]any
		for _, row := range table["rows"].([]any) {
			if row := row.(map[string]any); row["id"] == "personal" {
				personal = row
			}
		}
		if personal == nil {
			t.Fatal("no personal row")
		}
		budget := int64(drift.Rows[1].Rows[0].Amounts[tertial.ColBudget])
		// 5010 and 5610 in kommun-4e.se, in result sign; the budget × 8/12, half away from zero.
		want := map[string]float64{"period_outcome": -(30000025 + 9426000), "period_budget": float64((budget*8 - 6) / 12)}
		for col, ore := range want {
			if got := path(personal, "amounts", col, "ore"); got != ore {
				t.Errorf("personal %s: %v öre, want %.0f", col, got, ore)
			}
		}
	})
}

// TestLedgerPreviewOnlyFromTheLedger: the mapping page shows what the rules make of the
// ledger only when the unit's ledger has outcome for the period, not another unit's, and
// not the entered amounts of a periodised table.
func TestLedgerPreviewOnlyFromTheLedger(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	ds := demoDataset(t)
	ds.Period("ks", "2021-08").MoneyTables[0].Periodisation = tertial.PeriodiseEven
	srv := site(t, db, ds)
	fh, err := os.Open(filepath.Join("..", "sie", "testdata", "kommun-4e.se"))
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	if _, err := ledgerimport.Import(context.Background(), db, fh, ledgerimport.Options{Municipality: "0126", Unit: "ksf", Actor: "test", FileName: "x.se"}); err != nil {
		t.Fatal(err)
	}
	_, _, page := getAs(t, login(t, srv, "controller"), srv.URL+periodPath+"/redigera/kontomappning/drift")
	if strings.Contains(page, "Bokföringen enligt de sparade reglerna") {
		t.Error("the preview shows amounts for a unit without a ledger")
	}
	if !strings.Contains(page, `<legend>Regel 1</legend>`) {
		t.Error("no form")
	}
}
