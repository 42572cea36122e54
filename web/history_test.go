package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

// TestHistoryInWords: the history says each change in Swedish words and the site's
// formats, with the scale's names, and a text's change as a word diff with <del> and <ins>
// that a screen reader announces.
func TestHistoryInWords(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		srv := site(t, db, demoDataset(t))
		ctx := context.Background()
		ks := store.PeriodRef{Municipality: "0126", Unit: "ks", Period: "2021-08"}
		forecast, err := tertial.ParseAmount("-240000", tertial.Tkr, 0)
		if err != nil {
			t.Fatal(err)
		}
		ds, err := db.Dataset(ctx, "0126")
		if err != nil {
			t.Fatal(err)
		}
		version := 0
		for _, r := range ds.Period("ks", "2021-08").MoneyTables[0].Leaves() {
			if r.ID == "personal" {
				version = r.Version
			}
		}
		if _, err := db.SaveMoneyRow(ctx, store.Edit{Actor: "controller", Period: ks, Version: version}, "drift", "personal",
			store.MoneyRowEdit{Amounts: map[tertial.MoneyColumn]*tertial.Amount{tertial.ColForecast: &forecast}}); err != nil {
			t.Fatal(err)
		}
		_, _, page := getAs(t, session, srv.URL+"/historik?kommun=0126&typ=money_row&nyckel="+url.QueryEscape("ks/2021-08/drift/personal"))
		got := text(page)
		// Personal sits in the group of costs, which the table shows negated (costs as
		// positive figures): the history shows the amounts as the table does.
		if !strings.Contains(got, "Prognos för raden «Personal» ändrad från 236 650 tkr till 240 000 tkr") || strings.Contains(got, "−236 650") {
			t.Errorf("money row's history: %q", got)
		}
		if strings.Contains(got, "forecast") || strings.Contains(got, "236650000") || strings.Contains(got, "money_row") {
			t.Errorf("the history shows internal names or raw figures: %q", got)
		}
		if !strings.Contains(got, "Raden «Personal» i tabellen «Driftredovisning»") {
			t.Errorf("the history does not name the item: %q", got)
		}

		// A goal: the scale's names, and the analysis as a word diff.
		g := ds.Goal("nm-skattemedel")
		var f tertial.GoalFollowup
		for _, x := range g.Followups {
			if (x.Unit == "ks" || x.Unit == "") && x.Period == "2021-08" {
				f = x
			}
		}
		f.Assessment = tertial.AssessPartly
		v, err := db.SaveGoalFollowup(ctx, store.Edit{Actor: "rapportor", Period: ks, Version: f.Version}, g.ID, f)
		if err != nil {
			t.Fatal(err)
		}
		f.Assessment = tertial.AssessAchieved
		old := f.Analysis
		f.Analysis = "Kostnaderna <b>minskade</b> kraftigt. " + old
		if _, err := db.SaveGoalFollowup(ctx, store.Edit{Actor: "controller", Period: ks, Version: v}, g.ID, f); err != nil {
			t.Fatal(err)
		}
		_, _, page = getAs(t, session, srv.URL+"/historik?kommun=0126&typ=goal&nyckel="+url.QueryEscape("nm-skattemedel@ks/2021-08"))
		got = text(page)
		for _, want := range []string{"Bedömning satt till uppnås delvis", "Bedömning ändrad från uppnås delvis till uppnås", "Målet «Skattemedel används effektivt»"} {
			if !strings.Contains(got, want) {
				t.Errorf("goal's history: %q missing in %q", want, got)
			}
		}
		if strings.Contains(got, "partly") || strings.Contains(got, "assessment") {
			t.Errorf("the goal's history shows internal names: %q", got)
		}
		// The analysis: only the added words are marked, escaped, with words for screen readers.
		if !strings.Contains(page, `<ins><span class="visually-hidden">tillagt: </span>Kostnaderna &lt;b&gt;minskade&lt;/b&gt; kraftigt. </ins>`) {
			t.Errorf("the analysis' diff: %s", page[strings.Index(page, "<table"):])
		}
		if old != "" && strings.Count(page, "<del>") != 0 {
			t.Errorf("an addition at the start marks something removed")
		}
		if status, _, _ := getAs(t, session, srv.URL+"/historik?kommun=0126&typ=goal&nyckel=x"); status != http.StatusOK {
			t.Errorf("an unknown item's history: %d", status)
		}
	})
}
