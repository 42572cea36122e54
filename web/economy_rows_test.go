package web_test

import (
	"context"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

// TestEconomyEliminationRows: an elimination's debit and credit rows are chosen from the
// consolidated layout's accounts rows of the resultaträkning and the balansräkning, by
// their labels: the saved row is chosen, sums and the kassaflöde are not offered, a row
// chosen is saved, and a row the list does not hold (posted by hand) stays chosen and is
// named beside its field by the rule set, nothing saved. The reader sees the label.
func TestEconomyEliminationRows(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	demo := ekbyDemo(t)
	srv := site(t, db, demo)
	page := srv.URL + "/kommuner/9901/struktur/ekonomi"
	status, _, body := getAs(t, session, page)
	if status != http.StatusOK {
		t.Fatalf("the form: %d", status)
	}
	sel := regexp.MustCompile(`(?s)<select id="eliminering-1-debetrad" name="eliminering-1-debetrad">(.*?)</select>`).FindStringSubmatch(body)
	if sel == nil {
		t.Fatal("the first elimination's debit row is not a select")
	}
	layout := tertial.DefaultConsolidatedLayout()
	first := demo.Economy.Eliminations[0].Debit.Row
	r, _ := layout.Row(first)
	if !strings.Contains(sel[1], `<option value="`+first+`" selected>`+r.Label+` (resultaträkning)</option>`) {
		t.Errorf("the saved row %s is not chosen by its label: %.400s", first, sel[1])
	}
	offered := regexp.MustCompile(`<option value="([^"]+)"`).FindAllStringSubmatch(sel[1], -1)
	var want int
	for _, row := range layout.Rows {
		ok := row.Kind == tertial.RowAccounts && row.Statement != tertial.Kassaflode
		if ok {
			want++
		}
		if in := strings.Contains(sel[1], `<option value="`+row.ID+`"`); in != ok {
			t.Errorf("row %s (%s, %s) offered: %v", row.ID, row.Statement, row.Kind, in)
		}
	}
	if len(offered) != want || want == 0 {
		t.Errorf("%d rows offered, %d accounts rows", len(offered), want)
	}

	// A new elimination on rows of the list is saved.
	n := len(demo.Economy.Eliminations) + 1
	f := pageForm(t, body)
	p := "eliminering-" + strconv.Itoa(n) + "-"
	for k, v := range map[string]string{"ar": "2025", "bolag": "ekbybostader", "text": "Internt lån", "debetrad": "langfristiga-skulder",
		"debetbelopp": "1 000 000", "kreditrad": "finansiella-anlaggningstillgangar", "kreditbelopp": "1 000 000"} {
		f.Set(p+k, v)
	}
	if status, got := postAs(t, session, page, f); status != http.StatusSeeOther {
		t.Fatalf("save: %d %s", status, fieldErrorsText(got))
	}
	ds, err := db.Dataset(context.Background(), "9901")
	if err != nil {
		t.Fatal(err)
	}
	es := ds.Economy.Eliminations
	if len(es) != n || es[n-1].Debit.Row != "langfristiga-skulder" || es[n-1].Credit.Row != "finansiella-anlaggningstillgangar" || es[n-1].Debit.Amount != 100_000_000 {
		t.Fatalf("saved eliminations: %+v", es)
	}
	before := tertial.EconomyVersion(&ds.Economy)

	// A sum posted by hand: refused beside the field, kept chosen.
	_, _, body = getAs(t, session, page)
	f = pageForm(t, body)
	f.Set("eliminering-1-debetrad", "arets-resultat")
	status, got := postAs(t, session, page, f)
	if status != http.StatusUnprocessableEntity || !strings.Contains(fieldErrorOf(got, "eliminering-1-debetrad"), "arets-resultat") {
		t.Errorf("a sum as the row: %d, beside the field: %q", status, fieldErrorOf(got, "eliminering-1-debetrad"))
	}
	if !strings.Contains(got, `<option value="arets-resultat" selected>arets-resultat (inget giltigt val)</option>`) {
		t.Error("the refused row is not kept chosen")
	}
	if ds, _ := db.Dataset(context.Background(), "9901"); tertial.EconomyVersion(&ds.Economy) != before {
		t.Error("a refused form changed the economy")
	}

	_, _, read := getAs(t, login(t, srv, "lasare-ekby"), page)
	if !strings.Contains(read, "<td>"+r.Label+" (resultaträkning)</td>") {
		t.Error("the reader does not see the row's label")
	}
}
