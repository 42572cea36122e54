package web_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

// grantTable is a free table's structure as a client sends it.
func grantTable() map[string]any {
	return map[string]any{
		"id": "bidrag", "title": "Bidrag", "unit": "tkr", "sum_label": "Summa",
		"columns": []any{
			map[string]any{"id": "namn", "label": "Bidrag", "type": "text"},
			map[string]any{"id": "in", "label": "Intäkt", "type": "amount", "sum": true},
			map[string]any{"id": "ut", "label": "Kostnad", "type": "amount", "sum": true},
			map[string]any{"id": "netto", "label": "Netto", "type": "amount", "sum": true, "formula": "in - ut"},
		},
		"rows": []any{
			map[string]any{"id": "stat", "label": "Statliga", "sum": "bottom", "sum_label": "Summa statliga", "rows": []any{
				map[string]any{"id": "msb"},
			}},
			map[string]any{"id": "eu", "unit": "st"},
			map[string]any{"id": "alla", "formula": "msb + eu"},
		},
	}
}

// TestAPIFreeTableStructure: a controller creates, changes and deletes a free table; bad
// formulas and duplicate IDs come back beside their fields with nothing changed; values
// stay by ID and are only removed when confirmed; a table the template shows is not
// deleted; a reporter gets 403 and a locked period 423.
func TestAPIFreeTableStructure(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		srv, tokens := apiSite(t, db, demoDataset(t))
		url := ksPeriod + "/free-tables"
		ctl := tokens["controller"]
		if r := call(t, srv, "POST", url, tokens["rapportor"], grantTable()); r.status != http.StatusForbidden {
			t.Errorf("reporter: %d %s", r.status, r.raw)
		}
		for _, c := range []struct {
			name, field string
			change      func(b map[string]any)
		}{
			{"formula naming a missing column", "columns[3].formula", func(b map[string]any) {
				b["columns"].([]any)[3].(map[string]any)["formula"] = "in - saknas"
			}},
			{"unreadable formula", "columns[3].formula", func(b map[string]any) { b["columns"].([]any)[3].(map[string]any)["formula"] = "in -" }},
			{"duplicate column", "columns[2].id", func(b map[string]any) { b["columns"].([]any)[2].(map[string]any)["id"] = "in" }},
			{"duplicate row", "rows[1].id", func(b map[string]any) { b["rows"].([]any)[1].(map[string]any)["id"] = "msb" }},
			{"row formula naming a group", "rows[2].formula", func(b map[string]any) { b["rows"].([]any)[2].(map[string]any)["formula"] = "stat + eu" }},
			{"unknown type", "columns[1].type", func(b map[string]any) { b["columns"].([]any)[1].(map[string]any)["type"] = "pengar" }},
		} {
			b := grantTable()
			c.change(b)
			r := call(t, srv, "POST", url, ctl, b)
			if r.status != http.StatusUnprocessableEntity || path(r.body, "error", "fields", 0, "field") != c.field {
				t.Errorf("%s: %d %s", c.name, r.status, r.raw)
			}
		}
		ds, _ := db.Dataset(t.Context(), "0126")
		if n := len(ds.Period("ks", "2021-08").FreeTables); n != 4 {
			t.Fatalf("refused posts left %d free tables", n)
		}
		r := call(t, srv, "POST", url, ctl, grantTable())
		if r.status != http.StatusCreated || r.body["title"] != "Bidrag" || r.header.Get("Location") != url+"/bidrag" {
			t.Fatalf("create: %d %s", r.status, r.raw)
		}
		validate(t, "FreeTable", r.raw)
		if r := call(t, srv, "POST", url, ctl, grantTable()); r.status != http.StatusUnprocessableEntity || path(r.body, "error", "fields", 0, "field") != "id" {
			t.Errorf("create twice: %d %s", r.status, r.raw)
		}
		log, err := db.AuditLog(t.Context(), store.AuditFilter{Municipality: "0126", Entity: "free_table", Key: "ks/2021-08/bidrag"})
		if err != nil || len(log) == 0 || log[0].Actor != "controller" {
			t.Errorf("audit %v %+v", err, log)
		}
		ks := store.PeriodRef{Municipality: "0126", Unit: "ks", Period: "2021-08"}
		if _, err := db.SaveFreeRow(t.Context(), store.Edit{Actor: "controller", Period: ks, Version: 1}, "bidrag", "eu",
			map[string]tertial.Cell{"namn": {Text: "EU"}, "in": {Amount: 10000000}, "ut": {Amount: 4000000}}); err != nil {
			t.Fatal(err)
		}
		// Renaming and reordering keeps the values; changing a column's type with a value
		// in it is refused until confirmed.
		changed := grantTable()
		delete(changed, "id")
		changed["title"] = "Bidrag 2021"
		rows := changed["rows"].([]any)
		changed["rows"] = []any{rows[1], rows[0], rows[2]}
		r = call(t, srv, "PUT", url+"/bidrag", ctl, changed)
		if r.status != http.StatusOK || r.body["title"] != "Bidrag 2021" || path(r.body, "rows", 0, "id") != "eu" ||
			path(r.body, "rows", 0, "cells", "netto", "ore") != float64(6000000) {
			t.Errorf("put: %d %s", r.status, r.raw)
		}
		changed["columns"].([]any)[2].(map[string]any)["type"] = "count"
		changed["columns"].([]any)[3].(map[string]any)["formula"] = ""
		r = call(t, srv, "PUT", url+"/bidrag", ctl, changed)
		if r.status != http.StatusUnprocessableEntity || path(r.body, "error", "fields", 0, "field") != "clear_values" {
			t.Errorf("type change over a value: %d %s", r.status, r.raw)
		}
		changed["clear_values"] = true
		if r := call(t, srv, "PUT", url+"/bidrag", ctl, changed); r.status != http.StatusOK || path(r.body, "rows", 0, "cells", "ut") != nil ||
			path(r.body, "rows", 0, "cells", "in", "ore") != float64(10000000) {
			t.Errorf("confirmed type change: %d %s", r.status, r.raw)
		}
		// The template shows statsbidrag.
		r = call(t, srv, "DELETE", url+"/statsbidrag?clear_values=true", ctl, nil)
		if r.status != http.StatusUnprocessableEntity || path(r.body, "error", "fields", 0, "field") != "template" {
			t.Errorf("delete a table the template shows: %d %s", r.status, r.raw)
		}
		if r := call(t, srv, "DELETE", url+"/bidrag", ctl, nil); r.status != http.StatusUnprocessableEntity {
			t.Errorf("delete with values: %d %s", r.status, r.raw)
		}
		if r := call(t, srv, "DELETE", url+"/bidrag?clear_values=true", ctl, nil); r.status != http.StatusOK || r.body["deleted"] != "bidrag" {
			t.Errorf("delete: %d %s", r.status, r.raw)
		}
		if r := call(t, srv, "PUT", url+"/bidrag", ctl, changed); r.status != http.StatusNotFound {
			t.Errorf("put after delete: %d %s", r.status, r.raw)
		}
		if err := db.LockPeriod(t.Context(), "controller", ks,
			store.Decision{Date: time.Date(2021, 9, 22, 0, 0, 0, 0, time.UTC), Paragraph: "§ 12"}); err != nil {
			t.Fatal(err)
		}
		if r := call(t, srv, "POST", url, ctl, grantTable()); r.status != http.StatusLocked {
			t.Errorf("locked: %d %s", r.status, r.raw)
		}
	})
}
