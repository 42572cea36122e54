package web_test

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

// TestEconomyFormGoalOfOneYear: a financial goal entered on the economy page with "Till
// år" left empty is a goal of its first year, as the dataset file and the API take it,
// rather than refused with "Året 0 är orimligt".
func TestEconomyFormGoalOfOneYear(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	srv := site(t, db, ekbyDemo(t))
	page := srv.URL + "/kommuner/9901/struktur/ekonomi"
	_, _, body := getAs(t, session, page)
	form := pageForm(t, body)
	row := 0
	for i := 1; i < 50; i++ {
		if _, ok := form["mal-"+strconv.Itoa(i)+"-id"]; ok && form.Get("mal-"+strconv.Itoa(i)+"-id") == "" {
			row = i
			break
		}
	}
	if row == 0 {
		t.Fatal("the form has no empty row for a new financial goal")
	}
	p := "mal-" + strconv.Itoa(row) + "-"
	form.Set(p+"id", "soliditet-ett-ar")
	form.Set(p+"rubrik", "Soliditeten ska vara minst 40 procent")
	form.Set(p+"matt", "equity_ratio")
	form.Set(p+"jamforelse", "at_least")
	form.Set(p+"malvarde", "40")
	form.Set(p+"fran", "2025")
	form.Set(p+"till", "")
	status, got := postAs(t, session, page, form)
	if status != http.StatusSeeOther {
		t.Fatalf("the save: %d: %s", status, fieldErrorsText(got))
	}
	ds, err := db.Dataset(context.Background(), "9901")
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, g := range ds.Economy.FinancialGoals {
		if g.ID == "soliditet-ett-ar" {
			found = true
			if g.From != 2025 || g.To != 2025 {
				t.Errorf("the goal's years: %d–%d, want 2025–2025", g.From, g.To)
			}
		}
	}
	if !found {
		t.Error("the goal was not saved")
	}
}

// TestEconomyFormFinanceItemsWords: the finance function's items are named for what they
// are, items of the avstämning of the boards' net costs against the resultaträkning, not
// of the balance requirement.
func TestEconomyFormFinanceItemsWords(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	srv := site(t, db, ekbyDemo(t))
	_, _, body := getAs(t, session, srv.URL+"/kommuner/9901/struktur/ekonomi")
	if strings.Contains(body, "Avstämning mot balanskravet") {
		t.Error("the finance items are still called the balance requirement's")
	}
	if !strings.Contains(body, "<legend>Finansförvaltningens poster i avstämningen av nämndernas nettokostnader</legend>") {
		t.Error("the finance items' legend is missing")
	}
}

// TestLedgerPageSaysWhoImports: an administrator, who may not import books, is told on the
// ledger page that a controller does and where to make one, rather than finding no form;
// a controller gets the form and not the note.
func TestLedgerPageSaysWhoImports(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	srv := site(t, db, ekbyDemo(t))
	page := srv.URL + "/kommuner/9901/enheter/kf/perioder/2025-12/bokforing"
	_, _, body := getAs(t, login(t, srv, "admin"), page)
	if strings.Contains(body, `name="fil"`) || !strings.Contains(body, "Bara en controller läser in bokföring.") || !strings.Contains(body, `href="/admin"`) {
		t.Error("the administrator's ledger page does not say who imports and where to make that account")
	}
	_, _, body = getAs(t, session, page)
	if !strings.Contains(body, `name="fil"`) || strings.Contains(body, "Bara en controller läser in bokföring.") {
		t.Error("the controller's ledger page lacks the form or has the note")
	}
}
