package web_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/tertial/tertial/report"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

// projectTable is a money table's structure as a client sends it.
func projectTable() map[string]any {
	return map[string]any{
		"id": "projekt", "title": "Projektens ekonomi", "unit": "tkr", "label_heading": "Projekt, tkr", "total": "Summa",
		"columns": []any{
			map[string]any{"id": "budget", "kind": "budget"},
			map[string]any{"id": "prognos", "kind": "forecast"},
			map[string]any{"id": "avvikelse", "kind": "deviation", "of": []string{"budget", "prognos"}},
		},
		"rows": []any{
			map[string]any{"id": "bygg", "label": "Byggprojekt", "sum": "bottom", "sum_label": "Summa bygg", "rows": []any{
				map[string]any{"id": "skola", "label": "Ny skola"},
			}},
			map[string]any{"id": "it", "label": "IT-system"},
		},
	}
}

// TestAPIMoneyTableStructure: a controller creates, changes and deletes a money table;
// the rule set's problems come back beside their fields; a reporter gets 403.
func TestAPIMoneyTableStructure(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		srv, tokens := apiSite(t, db, demoDataset(t))
		url := ksPeriod + "/money-tables"
		if r := call(t, srv, "POST", url, tokens["rapportor"], projectTable()); r.status != http.StatusForbidden {
			t.Errorf("reporter: %d %s", r.status, r.raw)
		}
		bad := projectTable()
		bad["columns"].([]any)[2].(map[string]any)["of"] = []string{"budget", "saknas"}
		r := call(t, srv, "POST", url, tokens["controller"], bad)
		if r.status != http.StatusUnprocessableEntity || path(r.body, "error", "fields", 0, "field") != "columns[2].of[1]" {
			t.Errorf("bad of: %d %s", r.status, r.raw)
		}
		r = call(t, srv, "POST", url, tokens["controller"], projectTable())
		if r.status != http.StatusCreated || r.body["title"] != "Projektens ekonomi" || r.header.Get("Location") != url+"/projekt" {
			t.Fatalf("create: %d %s", r.status, r.raw)
		}
		validate(t, "MoneyTable", r.raw)
		changed := projectTable()
		changed["title"] = "Projekt"
		delete(changed, "id")
		r = call(t, srv, "PUT", url+"/projekt", tokens["controller"], changed)
		if r.status != http.StatusOK || r.body["title"] != "Projekt" {
			t.Errorf("put: %d %s", r.status, r.raw)
		}
		// The period's GET shows it.
		r = call(t, srv, "GET", ksPeriod, tokens["controller"], nil)
		found := false
		for _, x := range r.body["money_tables"].([]any) {
			found = found || path(x, "id") == "projekt" && path(x, "title") == "Projekt"
		}
		if !found {
			t.Error("the period does not show the new table")
		}
		// Deleting drift needs clear_amounts.
		if r := call(t, srv, "DELETE", url+"/drift", tokens["controller"], nil); r.status != http.StatusUnprocessableEntity {
			t.Errorf("delete drift: %d %s", r.status, r.raw)
		}
		if r := call(t, srv, "DELETE", url+"/projekt", tokens["controller"], nil); r.status != http.StatusOK || r.body["deleted"] != "projekt" {
			t.Errorf("delete: %d %s", r.status, r.raw)
		}
		// A locked period refuses like every other edit.
		if err := db.LockPeriod(t.Context(), "controller", store.PeriodRef{Municipality: "0126", Unit: "ks", Period: "2021-08"},
			store.Decision{Date: time.Date(2021, 9, 22, 0, 0, 0, 0, time.UTC), Paragraph: "§ 12"}); err != nil {
			t.Fatal(err)
		}
		if r := call(t, srv, "POST", url, tokens["controller"], projectTable()); r.status != http.StatusLocked {
			t.Errorf("locked: %d %s", r.status, r.raw)
		}
	})
}

// TestAPITemplates: templates are created, changed and deleted, a period chooses one, and
// the report follows it.
func TestAPITemplates(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	srv, tokens := apiSite(t, db, demoDataset(t))
	url := "/api/v1/municipalities/0126/templates"
	tpl := map[string]any{"id": "kort", "name": "Kort", "sections": []any{
		map[string]any{"kind": "cover", "fields": []string{"status"}},
		map[string]any{"kind": "heading", "title": "Ekonomi", "sections": []any{map[string]any{"kind": "money_table", "ref": "drift"}}},
	}}
	if r := call(t, srv, "POST", url, tokens["rapportor"], tpl); r.status != http.StatusForbidden {
		t.Errorf("reporter: %d", r.status)
	}
	bad := map[string]any{"id": "trasig", "name": "T", "sections": []any{map[string]any{"kind": "text"}}}
	if r := call(t, srv, "POST", url, tokens["controller"], bad); r.status != http.StatusUnprocessableEntity || path(r.body, "error", "fields", 0, "field") != "sections[0].ref" {
		t.Errorf("bad: %d %s", r.status, r.raw)
	}
	r := call(t, srv, "POST", url, tokens["controller"], tpl)
	if r.status != http.StatusCreated {
		t.Fatalf("create: %d %s", r.status, r.raw)
	}
	validate(t, "Template", r.raw)
	if r := call(t, srv, "PUT", ksPeriod+"/template", tokens["controller"], map[string]any{"template": "kort"}); r.status != http.StatusOK {
		t.Fatalf("choose: %d %s", r.status, r.raw)
	}
	ds, _ := db.Dataset(t.Context(), "0126")
	doc, err := report.Build(ds, "ks", "2021-08")
	if err != nil || len(doc.Sections) != 1 || doc.Sections[0].Title != "Ekonomi" {
		t.Errorf("report after choosing the template: %v %+v", err, doc)
	}
	if r := call(t, srv, "DELETE", url+"/kort", tokens["controller"], nil); r.status != http.StatusUnprocessableEntity {
		t.Errorf("delete in use: %d %s", r.status, r.raw)
	}
	tpl["name"] = "Kortare"
	if r := call(t, srv, "PUT", url+"/kort", tokens["controller"], tpl); r.status != http.StatusOK || r.body["name"] != "Kortare" {
		t.Errorf("put: %d %s", r.status, r.raw)
	}
	call(t, srv, "PUT", ksPeriod+"/template", tokens["controller"], map[string]any{"template": "delarsrapport"})
	if r := call(t, srv, "DELETE", url+"/kort", tokens["controller"], nil); r.status != http.StatusOK {
		t.Errorf("delete: %d %s", r.status, r.raw)
	}
}
