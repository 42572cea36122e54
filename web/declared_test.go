package web_test

import (
	"context"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/dataset"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

// withDeclaredTables is the demo with Provby's two declared money tables added to the
// period ks 2021-08: income, cost and net per activity (shown with costs positive) and
// investments with a revised budget, the outcome, its deviation, what remains and the
// share used (projekt: income shown as stored, expenditure positive).
func withDeclaredTables(t *testing.T) *tertial.Dataset {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "testdata", "provby-kolumner.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	prov, err := dataset.Decode(data, "provby-kolumner.yaml")
	if err != nil {
		t.Fatal(err)
	}
	ds := demoDataset(t)
	per := ds.Period("ks", "2021-08")
	tables := prov.Period("bn", "2024-08").MoneyTables
	tables[1].ID = "projekt" // the demo has a table investeringar
	per.MoneyTables = append(per.MoneyTables, tables...)
	if ps := ds.Validate(); len(ps) > 0 {
		t.Fatalf("the demo with declared tables is not valid: %v", ps)
	}
	return ds
}

// storedRow returns the stored amounts of a row of a money table of ks 2021-08.
func storedRow(t *testing.T, db *store.DB, table, row string) map[tertial.MoneyColumn]tertial.Amount {
	t.Helper()
	ds, err := db.Dataset(context.Background(), "0126")
	if err != nil {
		t.Fatal(err)
	}
	for _, mt := range ds.Period("ks", "2021-08").MoneyTables {
		if mt.ID != table {
			continue
		}
		for _, r := range mt.Leaves() {
			if r.ID == row {
				return r.Amounts
			}
		}
	}
	t.Fatalf("no row %s/%s", table, row)
	return nil
}

var outputRe = regexp.MustCompile(`<output id="([^"]+)"[^>]*>([^<]*)</output>`)

// outputs are the computed figures a form shows, by field name.
func outputs(page string) map[string]string {
	out := map[string]string{}
	for _, m := range outputRe.FindAllStringSubmatch(page, -1) {
		out[m[1]] = strings.ReplaceAll(html.UnescapeString(m[2]), "\u00a0", " ")
	}
	return out
}

// TestDeclaredMoneyRowForm: a controller enters a row of a declared table on the site. The
// form asks for each entered column under its heading, as the table shows the row (costs
// positive in a negated row, income negative), stores the amounts in result sign, and
// shows the computed columns, never asked for: the net of income and costs; and for an
// investment the revised budget, the deviation, what remains and the share used. A
// reporter is not asked for budget and outcome.
func TestDeclaredMoneyRowForm(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		srv := site(t, db, withDeclaredTables(t))
		cookie := login(t, srv, "controller")

		u := srv.URL + periodPath + "/redigera/rad/verksamheter/vard"
		_, _, page := getAs(t, cookie, u)
		shown := map[string]string{}
		for _, m := range decimalInputRe.FindAllStringSubmatch(page, -1) {
			shown[m[1]] = strings.ReplaceAll(html.UnescapeString(m[2]), "\u00a0", " ")
		}
		// Vård: income 310, costs −1 450 stored; costs shown positive.
		if shown["kolumn-intakt"] != "−310" || shown["kolumn-kostnad"] != "1 450" || shown["kolumn-fg"] != "1 090" {
			t.Errorf("the form shows %v", shown)
		}
		if !strings.Contains(page, "Kostnader anges som positiva belopp och intäkter som negativa") {
			t.Error("the form does not say which sign it asks for")
		}
		if _, ok := shown["beraknad-netto"]; ok || strings.Contains(page, `name="kolumn-netto"`) {
			t.Error("the form asks for the net")
		}
		if got := outputs(page)["beraknad-netto"]; got != "1 140 tkr" {
			t.Errorf("net shown %q, want 1 140 tkr (costs 1 450 less income 310)", got)
		}
		form := url.Values{"version": {formVersion(t, cookie, u)}, "atgard": {"spara"},
			"kolumn-intakt": {"−320"}, "kolumn-kostnad": {"1 500"}, "kolumn-fg": {"1 090"}}
		if code, body := postAs(t, cookie, u, form); code != http.StatusSeeOther {
			t.Fatalf("save: %d\n%s", code, text(body))
		}
		got := storedRow(t, db, "verksamheter", "vard")
		if got["intakt"] != 320_000_00 || got["kostnad"] != -1_500_000_00 || got["fg"] != -1_090_000_00 {
			t.Errorf("stored %v, want income 320 tkr and costs −1 500 tkr in result sign", got)
		}
		_, _, page = getAs(t, cookie, u+"?sparat=1")
		if got := outputs(page)["beraknad-netto"]; got != "1 180 tkr" {
			t.Errorf("net after the save %q, want 1 180 tkr", got)
		}

		// An investment shown positive: budget 50, ombudgetering 3, outcome 20 mnkr.
		u = srv.URL + periodPath + "/redigera/rad/projekt/badhus"
		form = url.Values{"version": {formVersion(t, cookie, u)}, "atgard": {"spara"},
			"kolumn-budget": {"50"}, "kolumn-omb": {"3"}, "kolumn-utfall": {"20"}}
		if code, body := postAs(t, cookie, u, form); code != http.StatusSeeOther {
			t.Fatalf("save: %d\n%s", code, text(body))
		}
		got = storedRow(t, db, "projekt", "badhus")
		if got["budget"] != -50_000_000_00 || got["omb"] != -3_000_000_00 || got["utfall"] != -20_000_000_00 {
			t.Errorf("stored %v, want −50, −3 and −20 mnkr", got)
		}
		_, _, page = getAs(t, cookie, u)
		// Revised budget 53; deviation in result sign −20 − (−53) = 33 (better than
		// budget); remaining 53 − 20 = 33 as the row shows it; share 20 / 53 = 37,7 %.
		want := map[string]string{"beraknad-rev": "53,0 mnkr", "beraknad-avv": "33,0 mnkr", "beraknad-kvar": "33,0 mnkr", "beraknad-andel": "37,7 %"}
		for name, w := range want {
			if got := outputs(page)[name]; got != w {
				t.Errorf("%s: %q, want %q", name, got, w)
			}
		}
		// Income shown as stored: what remains of a sale is budget − outcome as shown.
		u = srv.URL + periodPath + "/redigera/rad/projekt/tomter"
		form = url.Values{"version": {formVersion(t, cookie, u)}, "atgard": {"spara"},
			"kolumn-budget": {"12,5"}, "kolumn-omb": {"0"}, "kolumn-utfall": {"9,1"}}
		if code, body := postAs(t, cookie, u, form); code != http.StatusSeeOther {
			t.Fatalf("save: %d\n%s", code, text(body))
		}
		if got := storedRow(t, db, "projekt", "tomter")["utfall"]; got != 9_100_000_00 {
			t.Errorf("income stored %v, want +9,1 mnkr", got)
		}
		_, _, page = getAs(t, cookie, u)
		if got := outputs(page)["beraknad-kvar"]; got != "3,4 mnkr" {
			t.Errorf("remaining %q, want 3,4 mnkr", got)
		}
		if got := outputs(page)["beraknad-avv"]; got != "−3,4 mnkr" {
			t.Errorf("deviation %q, want −3,4 mnkr (less income than budgeted)", got)
		}

		// A reporter changes forecasts and comments, not income and costs.
		reporter := login(t, srv, "rapportor")
		_, _, page = getAs(t, reporter, srv.URL+periodPath+"/redigera/rad/verksamheter/vard")
		if strings.Contains(page, `name="kolumn-intakt"`) || outputs(page)["beraknad-netto"] != "1 180 tkr" {
			t.Errorf("the reporter's form asks for income or does not show the net:\n%s", text(page))
		}
	})
}

// TestAPIPutMoneyRow: entering a row of a declared table through the API: amounts in whole
// öre in result sign, as the period's "ore" gives them; the answer shows the row as the
// period does, the net computed and every figure shown with the row's sign; a column left
// out is cleared; a computed or unknown column is refused with the field named; a
// reporter may not change income and costs; a stale version gets the row as saved.
func TestAPIPutMoneyRow(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		srv, tokens := apiSite(t, db, withDeclaredTables(t))
		rowURL := ksPeriod + "/money-tables/verksamheter/rows/vard"
		version := rowVersion(t, srv, tokens["controller"], "verksamheter", "vard")
		body := func(v int, amounts map[string]any) map[string]any {
			return map[string]any{"version": v, "amounts": amounts, "comment": "Högre lönekostnader."}
		}
		full := map[string]any{"intakt": 320_000_00, "kostnad": -1_500_000_00, "fg": -1_090_000_00}

		if r := call(t, srv, "PUT", rowURL, tokens["rapportor"], body(version, full)); r.status != 403 {
			t.Errorf("reporter: %d %s", r.status, r.raw)
		}
		r := call(t, srv, "PUT", rowURL, tokens["controller"], body(version, map[string]any{"intakt": 1, "netto": 5, "foo": 7}))
		fields := map[string]bool{}
		errs, _ := path(r.body, "error", "fields").([]any)
		for _, f := range errs {
			fields[path(f, "field").(string)] = true
		}
		if r.status != 422 || !fields["amounts.netto"] || !fields["amounts.foo"] || len(fields) != 2 {
			t.Errorf("computed and unknown columns: %d %s", r.status, r.raw)
		}
		if got := storedRow(t, db, "verksamheter", "vard"); got["intakt"] != 310_000_00 {
			t.Errorf("a refused PUT changed the row: %v", got)
		}

		r = call(t, srv, "PUT", rowURL, tokens["controller"], body(version, full))
		if r.status != 200 {
			t.Fatalf("PUT: %d %s", r.status, r.raw)
		}
		validate(t, "SavedMoneyRow", r.raw)
		// Costs shown positive, income negative; the net is income + cost = −1 180 tkr in
		// result sign, shown as 1 180.
		for _, c := range []struct {
			field, key string
			ore        int
			display    string
		}{
			{"amounts", "intakt", 320_000_00, "−320"},
			{"amounts", "kostnad", -1_500_000_00, "1 500"},
			{"computed", "netto", -1_180_000_00, "1 180"},
		} {
			got := path(r.body, c.field, c.key)
			if num(path(got, "ore")) != c.ore || strings.ReplaceAll(path(got, "display").(string), "\u00a0", " ") != c.display {
				t.Errorf("%s.%s = %v, want %d öre shown as %q", c.field, c.key, got, c.ore, c.display)
			}
		}
		if num(path(r.body, "version")) != version+1 || path(r.body, "comment") != "Högre lönekostnader." || path(r.body, "table") != "verksamheter" {
			t.Errorf("saved row %s", r.raw)
		}

		// A column left out is cleared.
		r = call(t, srv, "PUT", rowURL, tokens["controller"], body(version+1, map[string]any{"intakt": 320_000_00, "kostnad": -1_500_000_00}))
		if r.status != 200 || path(r.body, "amounts", "fg") != nil {
			t.Errorf("fg left out: %d %s", r.status, r.raw)
		}
		if _, ok := storedRow(t, db, "verksamheter", "vard")["fg"]; ok {
			t.Error("fg left out is still stored")
		}

		// Stale: the row as it is saved now.
		r = call(t, srv, "PUT", rowURL, tokens["controller"], body(version, full))
		if r.status != 409 || num(path(r.body, "current", "version")) != version+2 {
			t.Errorf("stale: %d %s", r.status, r.raw)
		}
		validate(t, "MoneyRowConflict", r.raw)

		// A reporter's PUT of the demo's operating statement changes the forecast and
		// leaves the budget and outcome, which are not the reporter's, as they are.
		before := storedRow(t, db, "drift", "personal")
		r = call(t, srv, "PUT", ksPeriod+"/money-tables/drift/rows/personal", tokens["rapportor"],
			body(rowVersion(t, srv, tokens["rapportor"], "drift", "personal"), map[string]any{"forecast": -240_000_000_00}))
		if r.status != 200 {
			t.Fatalf("reporter's forecast: %d %s", r.status, r.raw)
		}
		after := storedRow(t, db, "drift", "personal")
		if after["forecast"] != -240_000_000_00 || after["budget"] != before["budget"] || after["period_outcome"] != before["period_outcome"] || len(after) != len(before) {
			t.Errorf("reporter's forecast: %v before, %v after", before, after)
		}
		if r := call(t, srv, "PUT", ksPeriod+"/money-tables/drift/rows/personal", tokens["rapportor"],
			body(num(path(r.body, "version")), map[string]any{"forecast": 1, "budget": 1})); r.status != 403 {
			t.Errorf("reporter's budget: %d %s", r.status, r.raw)
		}

		if r := call(t, srv, "PUT", ksPeriod+"/money-tables/verksamheter/rows/omsorg", tokens["controller"], body(1, nil)); r.status != 404 {
			t.Errorf("a group: %d %s", r.status, r.raw)
		}
		if r := call(t, srv, "PUT", ksPeriod+"/money-tables/nej/rows/vard", tokens["controller"], body(1, nil)); r.status != 404 {
			t.Errorf("no table: %d %s", r.status, r.raw)
		}
	})
}

// rowVersion returns the version the API gives a row of a money table of ks 2021-08.
func rowVersion(t *testing.T, srv *httptest.Server, token, table, row string) int {
	t.Helper()
	period := call(t, srv, "GET", ksPeriod, token, nil)
	tables, _ := period.body["money_tables"].([]any)
	for _, tb := range tables {
		if path(tb, "id") != table {
			continue
		}
		rows, _ := path(tb, "rows").([]any)
		for _, r := range rows {
			if path(r, "id") == row && path(r, "kind") == "row" {
				return num(path(r, "version"))
			}
		}
	}
	t.Fatalf("the period has no row %s/%s: %s", table, row, period.raw)
	return 0
}
