package web_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

// TestStructureHistoryInWords: the history of a structure edit (a goal, a unit, a money
// table) says each change in Swedish words, with names for IDs and ja/nej for switches,
// never the audit log's field names or raw values.
func TestStructureHistoryInWords(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		srv := site(t, db, demoDataset(t))
		ctx := context.Background()
		ds, err := db.Dataset(ctx, "0126")
		if err != nil {
			t.Fatal(err)
		}
		// A goal: a new title.
		g := *ds.Goal("nm-skattemedel")
		oldTitle := g.Title
		g.Title = "Skattemedlen används väl"
		if _, err := db.UpdateGoal(ctx, "controller", "0126", g); err != nil {
			t.Fatal(err)
		}
		_, _, page := getAs(t, session, srv.URL+"/historik?kommun=0126&typ=goal&nyckel="+url.QueryEscape(g.ID))
		got := text(page)
		if !strings.Contains(got, "Rubrik ändrad från "+oldTitle+" till Skattemedlen används väl") {
			t.Errorf("goal's history: %q", got)
		}
		if !strings.Contains(got, "Målet «Skattemedlen används väl»") {
			t.Errorf("the history does not name the goal: %q", got)
		}

		// A money table: shown with the other sign, a switch in ja/nej.
		per := ds.Period("ks", "2021-08")
		tab := per.MoneyTables[0]
		was := tab.Negate
		tab.Negate = !was
		if err := db.SaveMoneyTable(ctx, "controller", store.MoneyTableSave{
			Period: store.PeriodRef{Municipality: "0126", Unit: "ks", Period: "2021-08"}, Table: tab}); err != nil {
			t.Fatal(err)
		}
		_, _, page = getAs(t, session, srv.URL+"/historik?kommun=0126&typ=money_table&nyckel="+url.QueryEscape("ks/2021-08/"+tab.ID))
		got = text(page)
		yes, no := "ja", "nej"
		if was {
			yes, no = no, yes
		}
		if !strings.Contains(got, "Visa med omvänt tecken ändrat från "+no+" till "+yes) {
			t.Errorf("money table's history: %q", got)
		}
		if !strings.Contains(got, "Tabellen «"+tab.Title+"»") {
			t.Errorf("the history does not name the table: %q", got)
		}
		for _, raw := range []string{"negate", "money_table", "true", "false", "Negate"} {
			if strings.Contains(got, raw) {
				t.Errorf("the history shows %q: %q", raw, got)
			}
		}

		// A free table's cell: by its column's heading and the row's text, the amount in
		// the table's unit.
		ft := per.FreeTables[0]
		row := ft.Leaves()[0]
		var col tertial.FreeColumn
		cells := map[string]tertial.Cell{}
		for k, v := range row.Cells {
			cells[k] = v
		}
		for _, c := range ft.Columns {
			if c.Type == tertial.ColAmount && c.Formula.String() == "" && col.ID == "" {
				col = c
				cells[c.ID] = tertial.Cell{Amount: 123400000} // 1 234 000 kr
			}
		}
		if ft.Unit != tertial.Tkr || col.ID == "" {
			t.Fatalf("the demo's first free table is not in tkr with an amount column: %+v", ft)
		}
		if _, err := db.SaveFreeRow(ctx, store.Edit{Actor: "controller", Period: store.PeriodRef{Municipality: "0126", Unit: "ks", Period: "2021-08"},
			Version: row.Version}, ft.ID, row.ID, cells); err != nil {
			t.Fatal(err)
		}
		_, _, page = getAs(t, session, srv.URL+"/historik?kommun=0126&typ=free_row&nyckel="+url.QueryEscape("ks/2021-08/"+ft.ID+"/"+row.ID))
		got = text(page)
		if !strings.Contains(got, "«"+col.Label+"» för raden «") || !strings.Contains(got, "till 1 234 tkr") || strings.Contains(got, "123400000") {
			t.Errorf("free row's history: %q", got)
		}
		if !strings.Contains(got, "i tabellen «"+ft.Title+"»") {
			t.Errorf("the history does not name the free table: %q", got)
		}

		// A unit: a new short name.
		u := *ds.Unit("ksf")
		u.ShortName = "KSF"
		if err := db.UpdateUnit(ctx, "controller", "0126", u); err != nil {
			t.Fatal(err)
		}
		_, _, page = getAs(t, session, srv.URL+"/historik?kommun=0126&typ=unit&nyckel=ksf")
		got = text(page)
		if !strings.Contains(got, "Kortnamn satt till KSF") || strings.Contains(got, "short_name") {
			t.Errorf("unit's history: %q", got)
		}
		if !strings.Contains(got, "Enheten «"+u.Name+"»") {
			t.Errorf("the history does not name the unit: %q", got)
		}
		// An account's history is for those who manage the municipality's users.
		if status, _, _ := getAs(t, session, srv.URL+"/historik?kommun=0126&typ=user&nyckel=lasare"); status != 403 {
			t.Errorf("a controller reads an account's history: %d", status)
		}
		if status, _, page := getAs(t, login(t, srv, "admin"), srv.URL+"/historik?kommun=0126&typ=user&nyckel=lasare"); status != 200 || !strings.Contains(text(page), "Roll satt till läsare") {
			t.Errorf("the administrator reads an account's history: %d %q", status, text(page))
		}

		// The unit's page links to it.
		_, _, unitPage := getAs(t, session, srv.URL+"/kommuner/0126/struktur/enheter/ksf")
		if !strings.Contains(unitPage, `href="/historik?kommun=0126&amp;typ=unit&amp;nyckel=ksf"`) {
			t.Errorf("the unit's page does not link to its history")
		}
	})
}

// TestAPIHistory: the API's history gives each change's raw fields and the sentence the
// history page says, keeps the newest limit entries, and is read with the history page's
// permission: the municipality's readers for an item, its administrators for accounts and
// the whole log.
func TestAPIHistory(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		srv, tokens := apiSite(t, db, demoDataset(t))
		ctx := context.Background()
		ds, err := db.Dataset(ctx, "0126")
		if err != nil {
			t.Fatal(err)
		}
		g := *ds.Goal("nm-skattemedel")
		oldTitle := g.Title
		g.Title = "Första nya rubriken"
		saved, err := db.UpdateGoal(ctx, "controller", "0126", g)
		if err != nil {
			t.Fatal(err)
		}
		g = *saved
		g.Title = "Andra nya rubriken"
		if _, err := db.UpdateGoal(ctx, "controller", "0126", g); err != nil {
			t.Fatal(err)
		}
		path := "/api/v1/municipalities/0126/history?entity=goal&key=" + url.QueryEscape(g.ID)
		r := call(t, srv, "GET", path, tokens["lasare"], nil)
		if r.status != 200 {
			t.Fatalf("GET %s: %d %s", path, r.status, r.raw)
		}
		entries, _ := r.body["entries"].([]any)
		if len(entries) != 2 {
			t.Fatalf("want the two changes of the title, got %s", r.raw)
		}
		first, _ := entries[0].(map[string]any)
		want := map[string]any{"entity": "goal", "key": g.ID, "field": "title", "old": oldTitle, "new": "Första nya rubriken",
			"actor": "controller", "sentence": "Rubrik ändrad från " + oldTitle + " till Första nya rubriken",
			"item": "Målet «Andra nya rubriken»"}
		for k, v := range want {
			if first[k] != v {
				t.Errorf("entry %s = %v, want %v", k, first[k], v)
			}
		}
		if ts, _ := first["time"].(string); len(ts) < 20 || !strings.HasSuffix(ts, "Z") {
			t.Errorf("time %q is not an RFC 3339 time in UTC", first["time"])
		}

		// limit keeps the newest.
		r = call(t, srv, "GET", path+"&limit=1", tokens["lasare"], nil)
		entries, _ = r.body["entries"].([]any)
		if r.status != 200 || len(entries) != 1 || entries[0].(map[string]any)["new"] != "Andra nya rubriken" {
			t.Errorf("limit=1: %d %s", r.status, r.raw)
		}

		for _, c := range []struct {
			name, path, who string
			status          int
		}{
			{"bad limit", path + "&limit=0", "lasare", 422},
			{"limit too large", path + "&limit=5000", "lasare", 422},
			{"key without entity", "/api/v1/municipalities/0126/history?key=x", "controller", 422},
			{"a reporter of the municipality", path, "rapportor", 200},
			{"signed out", path, "", 401},
			{"accounts' history by a controller", "/api/v1/municipalities/0126/history?entity=user&key=lasare", "controller", 403},
			{"the whole log by a controller", "/api/v1/municipalities/0126/history", "controller", 403},
			{"the whole log by the administrator", "/api/v1/municipalities/0126/history", "admin", 200},
			{"no such municipality", "/api/v1/municipalities/9999/history?entity=goal&key=x", "admin", 404},
		} {
			tok := ""
			if c.who != "" {
				tok = tokens[c.who]
			}
			if r := call(t, srv, "GET", c.path, tok, nil); r.status != c.status {
				t.Errorf("%s: %d, want %d: %s", c.name, r.status, c.status, r.raw)
			}
		}
	})
}
