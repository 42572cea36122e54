package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
	"github.com/tertial/tertial/sv"
)

// forecastCells returns the budget and outcome the forecast part shows for a row label.
func forecastCells(page, label string) (budget, outcome string) {
	m := regexp.MustCompile(`<tr><th scope="row" id="prognos-rad-[^"]*">` + regexp.QuoteMeta(label) + `</th><td class="num">([^<]*)</td><td class="num">([^<]*)</td>`).FindStringSubmatch(page)
	if m == nil {
		return "", ""
	}
	return text(m[1]), text(m[2])
}

// forecastValue returns the value of a row's forecast field, spaces normalised.
func forecastValue(page, row string) string {
	m := regexp.MustCompile(`id="f-` + regexp.QuoteMeta(row) + `"[^>]* value="([^"]*)"`).FindStringSubmatch(page)
	if m == nil {
		return "(no field)"
	}
	return norm(m[1])
}

// TestStatementForecastForm: the statements page's part "Prognos för helåret" defaults to
// the latest month before December with outcome in the unit's ledger and shows each
// resultaträkning row's budget and the outcome through the chosen month; a controller
// saves a forecast for 2021-08 in kronor (decimal comma), which is stored in öre for that
// month only, keeping the mapping, the budget and another month's forecast; an empty field
// removes the row's forecast; an amount that is none comes back beside its field and
// saves nothing; December and a month that is none are refused beside the month field; a
// stale form gets the conflict page; readers see the figures without fields and cannot
// post; the save is in the history.
func TestStatementForecastForm(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	srv := site(t, db, demoDataset(t))
	importLedger(t, db, "kommun-4e.se")
	ctx := context.Background()
	stored := func() tertial.StatementSetup {
		ds, err := db.Dataset(ctx, "0126")
		if err != nil {
			t.Fatal(err)
		}
		return ds.Statements
	}
	// A budget for 2021 and a forecast made in April, which the August form must keep.
	before := stored()
	if _, err := db.SaveStatementSetup(ctx, "test", "0126", before.Version, before.Mapping,
		[]tertial.StatementBudget{{Year: 2021, Row: "skatteintakter", Amount: 50_000_000_00}},
		[]tertial.StatementForecast{{Through: 202104, Row: "skatteintakter", Amount: 49_000_000_00}}); err != nil {
		t.Fatal(err)
	}
	base := srv.URL + "/kommuner/0126/struktur/rakenskaper?ar=2021&enhet=ks"

	// The default month: the ledger has outcome of January–April 2021.
	status, _, page := getAs(t, session, base)
	if status != http.StatusOK || !strings.Contains(page, `id="prognos" name="prognos" type="text" value="2021-04"`) {
		t.Fatalf("the default month: %d %s", status, regexp.MustCompile(`id="prognos"[^>]*>`).FindString(page))
	}
	if v := forecastValue(page, "skatteintakter"); v != "49 000 000,00" {
		t.Errorf("the April form shows April's saved forecast as %q", v)
	}

	// The outcome through February is January's and February's costs, less than the year's.
	ds, err := db.Dataset(ctx, "0126")
	if err != nil {
		t.Fatal(err)
	}
	feb := ds.Ledger.Year("ks", 2021, 202102)
	st, err := tertial.BuildStatements(ds.StatementLayoutOrDefault(), &feb, nil, tertial.StatementOptions{})
	if err != nil {
		t.Fatal(err)
	}
	_, _, page = getAs(t, session, base+"&prognos=2021-02")
	bud, out := forecastCells(page, "Skatteintäkter")
	if want := sv.Amount(50_000_000_00, tertial.Kr, 0); text(want) != bud {
		t.Errorf("the budget of skatteintäkter: %q, want %q", bud, text(want))
	}
	_, costs := forecastCells(page, "Verksamhetens kostnader")
	if want := text(sv.Amount(st.Amount("verksamhetens-kostnader"), tertial.Kr, 0)); costs != want || costs == previewAmount(page, "Verksamhetens kostnader") {
		t.Errorf("the outcome jan–feb: %q, want %q (the year's %q)", costs, want, previewAmount(page, "Verksamhetens kostnader"))
	}
	if out == "" || !strings.Contains(page, "Utfall jan–feb 2021") {
		t.Errorf("the outcome column: %q", out)
	}

	aug := base + "&prognos=2021-08"
	status, _, page = getAs(t, session, aug)
	if status != http.StatusOK || !strings.Contains(page, `id="f-skatteintakter"`) || !strings.Contains(page, "följer då budgeten") {
		t.Fatalf("the August form: %d", status)
	}
	action := regexp.MustCompile(`<form method="post" action="([^"]*/prognos\?[^"]*)"`).FindStringSubmatch(page)
	if action == nil {
		t.Fatal("no forecast form")
	}
	post := srv.URL + strings.ReplaceAll(action[1], "&amp;", "&")
	version := versionRe.FindStringSubmatch(page)[1]

	// Readers: no fields, no saving.
	reader := login(t, srv, "lasare")
	if _, _, rp := getAs(t, reader, aug); strings.Contains(rp, `id="f-skatteintakter"`) || !strings.Contains(rp, "Följer budgeten") {
		t.Error("a reader is shown the forecast's fields")
	}
	if status, _ := postAs(t, reader, post, url.Values{"version": {version}, "f-skatteintakter": {"1"}}); status != http.StatusForbidden {
		t.Errorf("a reader's post: %d", status)
	}

	// An amount that is none: beside its field, nothing saved.
	status, body := postAs(t, session, post, url.Values{"version": {version}, "f-skatteintakter": {"mycket"}, "f-verksamhetens-kostnader": {"-1"}})
	if status != http.StatusUnprocessableEntity || !strings.Contains(fieldErrorOf(body, "f-skatteintakter"), "inget belopp") ||
		!strings.Contains(body, `<a href="#f-skatteintakter">`) || !strings.Contains(body, `aria-describedby="prognosbelopp-hint f-skatteintakter-fel"`) {
		t.Errorf("a bad amount: %d, beside the field %q", status, fieldErrorOf(body, "f-skatteintakter"))
	}
	for _, m := range []struct{ month, msg string }{{"2021-12", "i december"}, {"augusti", "ingen månad"}} {
		p := strings.Replace(post, "prognos=2021-08", "prognos="+m.month, 1)
		status, body := postAs(t, session, p, url.Values{"version": {version}, "f-skatteintakter": {"1"}})
		if status != http.StatusUnprocessableEntity || !strings.Contains(fieldErrorOf(body, "prognos"), m.msg) {
			t.Errorf("month %s: %d, beside the month %q", m.month, status, fieldErrorOf(body, "prognos"))
		}
	}
	if got := stored(); got.ForecastText() != "2021-04 skatteintakter: 49000000.00" || got.Version != before.Version+1 {
		t.Fatalf("a refused form changed the forecast: %q", got.ForecastText())
	}

	// Saved: August's rows in öre; April's forecast, the budget and the mapping kept.
	status, _ = postAs(t, session, post, url.Values{"version": {version},
		"f-skatteintakter": {"52 500 000,50"}, "f-verksamhetens-kostnader": {"−1 200 000"}})
	if status != http.StatusSeeOther {
		t.Fatalf("save: %d", status)
	}
	got := stored()
	if f := got.ForecastOf(202108); len(f) != 2 || f["skatteintakter"] != 52_500_000_50 || f["verksamhetens-kostnader"] != -1_200_000_00 {
		t.Errorf("August's forecast: %v", f)
	}
	if f := got.ForecastOf(202104); f["skatteintakter"] != 49_000_000_00 {
		t.Errorf("April's forecast was not kept: %v", got.Forecast)
	}
	if got.BudgetOf(2021)["skatteintakter"] != 50_000_000_00 || len(got.Mapping) != 0 {
		t.Errorf("the budget or the mapping changed: %+v", got)
	}
	_, _, page = getAs(t, session, aug+"&sparad=prognos")
	if !strings.Contains(page, "Prognosen för helåret gjord per 2021-08 är sparad") || forecastValue(page, "skatteintakter") != "52 500 000,50" {
		t.Error("the page does not show the saved forecast")
	}

	// The form of the old version: the conflict page, nothing saved.
	status, body = postAs(t, session, post, url.Values{"version": {version}, "f-skatteintakter": {"1"}})
	if status != http.StatusConflict || !strings.Contains(body, "Någon annan har ändrat") || !strings.Contains(body, `name="f-skatteintakter"`) {
		t.Errorf("a stale form: %d", status)
	}
	if now := stored(); now.ForecastOf(202108)["skatteintakter"] != 52_500_000_50 {
		t.Error("a stale form was saved")
	}

	// An empty field removes the row's forecast: it follows the budget.
	version = versionRe.FindStringSubmatch(page)[1]
	if status, _ := postAs(t, session, post, url.Values{"version": {version}, "f-skatteintakter": {""}}); status != http.StatusSeeOther {
		t.Fatalf("emptying: %d", status)
	}
	after := stored()
	if f := after.ForecastOf(202108); len(f) != 1 || f["verksamhetens-kostnader"] != -1_200_000_00 {
		t.Errorf("after emptying skatteintäkter: %v", f)
	}
	_, _, history := getAs(t, session, srv.URL+"/historik?kommun=0126&typ=statement_setup&nyckel=0126")
	if h := text(history); !strings.Contains(h, "2021-08 skatteintakter") {
		t.Errorf("history: %.600s", h)
	}
}

// TestAPIStatementForecast: GET …/statement-forecast gives the forecasts by month; PUT
// replaces them all for those who edit the structure (reporters are refused), keeping the
// mapping and the budget; a month that is none, December and a row the resultaträkning
// has not come back as fields (422) at the dataset path; an old version gets 409 with the
// current state.
func TestAPIStatementForecast(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	srv, tokens := apiSite(t, db, demoDataset(t))
	const forecast = "/api/v1/municipalities/0126/statement-forecast"
	const budget = "/api/v1/municipalities/0126/statement-budget"
	r := call(t, srv, "GET", forecast, tokens["lasare"], nil)
	if r.status != http.StatusOK || len(path(r.body, "forecast").([]any)) != 0 {
		t.Fatalf("GET: %d %.300s", r.status, r.raw)
	}
	version := num(path(r.body, "version"))
	r = call(t, srv, "PUT", budget, tokens["controller"], map[string]any{"version": version,
		"budget": []any{map[string]any{"year": 2021, "row": "skatteintakter", "amount": 50_000_000_00}}})
	if r.status != http.StatusOK {
		t.Fatalf("PUT budget: %d %.300s", r.status, r.raw)
	}
	version++
	body := map[string]any{"version": version, "forecast": []any{
		map[string]any{"through": "2021-08", "row": "skatteintakter", "amount": 52_500_000_50},
		map[string]any{"through": "2021-04", "row": "verksamhetens-kostnader", "amount": -1_200_000_00},
	}}
	if r := call(t, srv, "PUT", forecast, tokens["rapportor"], body); r.status != http.StatusForbidden {
		t.Errorf("a reporter's PUT: %d", r.status)
	}
	for _, c := range []struct{ through, row, field string }{
		{"2021-13", "skatteintakter", "statements.forecast[0].through"},
		{"2021-12", "skatteintakter", "statements.forecast[0].through"},
		{"2021-08", "kassa-och-bank", "statements.forecast[0].row"},
	} {
		r := call(t, srv, "PUT", forecast, tokens["controller"], map[string]any{"version": version,
			"forecast": []any{map[string]any{"through": c.through, "row": c.row, "amount": 1}}})
		if r.status != http.StatusUnprocessableEntity || path(r.body, "error", "fields", 0, "field") != c.field {
			t.Errorf("%s %s: %d %.300s", c.through, c.row, r.status, r.raw)
		}
	}
	r = call(t, srv, "PUT", forecast, tokens["controller"], body)
	if r.status != http.StatusOK || num(path(r.body, "version")) != version+1 || len(path(r.body, "forecast").([]any)) != 2 {
		t.Fatalf("PUT: %d %.300s", r.status, r.raw)
	}
	r = call(t, srv, "PUT", forecast, tokens["controller"], body) // the old version
	if r.status != http.StatusConflict || num(path(r.body, "current", "version")) != version+1 {
		t.Errorf("a stale PUT: %d %.300s", r.status, r.raw)
	}
	ds, err := db.Dataset(context.Background(), "0126")
	if err != nil {
		t.Fatal(err)
	}
	if ds.Statements.ForecastOf(202108)["skatteintakter"] != 52_500_000_50 || ds.Statements.ForecastOf(202104)["verksamhetens-kostnader"] != -1_200_000_00 ||
		ds.Statements.BudgetOf(2021)["skatteintakter"] != 50_000_000_00 {
		t.Errorf("stored %+v", ds.Statements)
	}
	r = call(t, srv, "GET", forecast, tokens["lasare"], nil)
	if r.status != http.StatusOK || path(r.body, "forecast", 0, "through") == nil || num(path(r.body, "forecast", 1, "amount"))+num(path(r.body, "forecast", 0, "amount")) != 52_500_000_50-1_200_000_00 {
		t.Errorf("GET after: %d %.300s", r.status, r.raw)
	}
	// A budget PUT keeps the forecasts.
	r = call(t, srv, "PUT", budget, tokens["controller"], map[string]any{"version": version + 1, "budget": []any{}})
	if r.status != http.StatusOK {
		t.Fatalf("PUT budget: %d %.300s", r.status, r.raw)
	}
	if ds, err := db.Dataset(context.Background(), "0126"); err != nil || len(ds.Statements.Forecast) != 2 || len(ds.Statements.Budget) != 0 {
		t.Errorf("after the budget PUT: %v %+v", err, ds.Statements)
	}
}
