package web_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

// TestFreeGroupForms: in a free table with groups, the rows with cells have forms (headed
// with the row's unit, as the report shows it) and are listed on "Fyll i"; a group has
// none, since its figures are its rows' sums.
func TestFreeGroupForms(t *testing.T) {
	ds := demoDataset(t)
	ft := &ds.Period("ks", "2021-08").FreeTables[0]
	if ft.ID != "covid" || len(ft.Rows) != 3 {
		t.Fatal("the demo's Covid-19 table is gone or changed")
	}
	ft.Rows[1].Unit = "st"
	ft.Rows = []tertial.FreeRow{ft.Rows[0], {ID: "kostnader", Group: true, Label: "Kostnader", Sum: tertial.SumBottom,
		SumLabel: "Summa kostnader", Rows: []tertial.FreeRow{ft.Rows[1], ft.Rows[2]}}}
	db := storetest.Open(t, store.SQLite)
	srv := site(t, db, ds)
	cookie := login(t, srv, "rapportor")
	base := srv.URL + periodPath + "/redigera/fri/covid/"
	if status, _, page := getAs(t, cookie, base+"personalkostnader"); status != http.StatusOK || !strings.Contains(page, `name="c-utfall"`) {
		t.Errorf("a row in a group: %d, want its form", status)
	} else if !strings.Contains(page, "-) (st)") {
		t.Error("the form's heading lacks the row's unit after its label")
	}
	if status, _, _ := getAs(t, cookie, base+"kostnader"); status != http.StatusNotFound {
		t.Errorf("a group: %d, want 404 (a group has no form)", status)
	}
	_, _, index := getAs(t, cookie, srv.URL+periodPath+"/redigera")
	if !strings.Contains(index, "/redigera/fri/covid/ovriga-kostnader") || strings.Contains(index, "/redigera/fri/covid/kostnader\"") {
		t.Error("Fyll i should list the group's rows and not the group")
	}
}

// TestAPIFreeGroups: the period's JSON keeps a grouped free table's rows with cells under
// rows, with their units, and adds every line in display order with the groups' sums;
// the document still validates against the OpenAPI schema.
func TestAPIFreeGroups(t *testing.T) {
	ds := demoDataset(t)
	ft := &ds.Period("ks", "2021-08").FreeTables[0]
	if ft.ID != "covid" || len(ft.Rows) != 3 {
		t.Fatal("the demo's Covid-19 table is gone or changed")
	}
	ft.Rows[0].Unit = "tkr"
	ft.Rows = []tertial.FreeRow{ft.Rows[0], {ID: "kostnader", Group: true, Label: "Kostnader", Sum: tertial.SumBottom,
		SumLabel: "Summa kostnader", Rows: []tertial.FreeRow{ft.Rows[1], ft.Rows[2]}}}
	db := storetest.Open(t, store.SQLite)
	srv, tokens := apiSite(t, db, ds)
	r := call(t, srv, "GET", ksPeriod, tokens["lasare"], nil)
	if r.status != 200 {
		t.Fatalf("%d %s", r.status, r.raw)
	}
	validate(t, "PeriodDoc", r.raw)
	var covid any
	for _, f := range r.body["free_tables"].([]any) {
		if path(f, "id") == "covid" {
			covid = f
		}
	}
	rows, _ := path(covid, "rows").([]any)
	if len(rows) != 3 || path(rows[0], "unit") != "tkr" || path(rows[2], "id") != "ovriga-kostnader" {
		t.Errorf("rows: %v", rows)
	}
	lines, _ := path(covid, "lines").([]any)
	var kinds []string
	for _, l := range lines {
		kinds = append(kinds, path(l, "kind").(string)+" "+path(l, "id").(string))
	}
	if got, want := strings.Join(kinds, ", "), "row intakter, group kostnader, row personalkostnader, row ovriga-kostnader, sum kostnader"; got != want {
		t.Errorf("lines %s, want %s", got, want)
	}
	// 1 307 + 1 952 tkr in öre.
	if len(lines) == 5 && num(path(lines[4], "cells", "utfall", "ore")) != 325_900_000 {
		t.Errorf("the costs' sum: %v", path(lines[4], "cells", "utfall"))
	}
}
