package web_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

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
	})
}
