package web_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

// TestFreeGroupForms: in a free table with groups, the rows with cells have forms and are
// listed on "Fyll i"; a group has none, since its figures are its rows' sums.
func TestFreeGroupForms(t *testing.T) {
	ds := demoDataset(t)
	ft := &ds.Period("ks", "2021-08").FreeTables[0]
	if ft.ID != "covid" || len(ft.Rows) != 3 {
		t.Fatal("the demo's Covid-19 table is gone or changed")
	}
	ft.Rows = []tertial.FreeRow{ft.Rows[0], {ID: "kostnader", Group: true, Label: "Kostnader", Sum: tertial.SumBottom,
		SumLabel: "Summa kostnader", Rows: []tertial.FreeRow{ft.Rows[1], ft.Rows[2]}}}
	db := storetest.Open(t, store.SQLite)
	srv := site(t, db, ds)
	cookie := login(t, srv, "rapportor")
	base := srv.URL + periodPath + "/redigera/fri/covid/"
	if status, _, page := getAs(t, cookie, base+"personalkostnader"); status != http.StatusOK || !strings.Contains(page, `name="c-utfall"`) {
		t.Errorf("a row in a group: %d, want its form", status)
	}
	if status, _, _ := getAs(t, cookie, base+"kostnader"); status != http.StatusNotFound {
		t.Errorf("a group: %d, want 404 (a group has no form)", status)
	}
	_, _, index := getAs(t, cookie, srv.URL+periodPath+"/redigera")
	if !strings.Contains(index, "/redigera/fri/covid/ovriga-kostnader") || strings.Contains(index, "/redigera/fri/covid/kostnader\"") {
		t.Error("Fyll i should list the group's rows and not the group")
	}
}
