package web_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

// TestAPIStatementLayout: GET …/statement-layout gives the rows as the mapping makes them;
// PUT replaces the mapping for those who edit the structure (reporters are refused), what
// the rules refuse comes back as fields (422) at the dataset path, an old version gets
// 409 with the current state, and the budget is read and replaced on its own path,
// keeping the mapping.
func TestAPIStatementLayout(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	srv, tokens := apiSite(t, db, demoDataset(t))
	const layout = "/api/v1/municipalities/0126/statement-layout"
	const budget = "/api/v1/municipalities/0126/statement-budget"
	rowTerms := func(r apiResponse, id string) []any {
		rows, _ := path(r.body, "rows").([]any)
		for _, row := range rows {
			if path(row, "id") == id {
				terms, _ := path(row, "terms").([]any)
				return terms
			}
		}
		t.Fatalf("no row %s: %.300s", id, r.raw)
		return nil
	}
	r := call(t, srv, "GET", layout, tokens["lasare"], nil)
	if r.status != http.StatusOK || path(rowTerms(r, "avskrivningar")[0], "accounts", 0) != "78-79" {
		t.Fatalf("GET: %d %.300s", r.status, r.raw)
	}
	version := num(path(r.body, "version"))
	depreciation79 := map[string]any{"version": version, "mapping": []any{
		map[string]any{"row": "avskrivningar", "terms": []any{map[string]any{"measure": "movement", "accounts": []string{"79"}}}, "note": 3},
		map[string]any{"row": "verksamhetens-kostnader", "terms": []any{map[string]any{"measure": "movement", "accounts": []string{"4-78"}}}, "note": 2},
	}}
	if r := call(t, srv, "PUT", layout, tokens["rapportor"], depreciation79); r.status != http.StatusForbidden {
		t.Errorf("a reporter's PUT: %d", r.status)
	}
	overlap := map[string]any{"version": version, "mapping": []any{
		map[string]any{"row": "avskrivningar", "terms": []any{map[string]any{"measure": "movement", "accounts": []string{"77-79"}}}, "note": 3},
	}}
	r = call(t, srv, "PUT", layout, tokens["controller"], overlap)
	if r.status != http.StatusUnprocessableEntity || path(r.body, "error", "fields", 0, "field") != "statements.mapping[0].terms[0].accounts" {
		t.Errorf("an account on two rows: %d %.300s", r.status, r.raw)
	}
	r = call(t, srv, "PUT", layout, tokens["controller"], depreciation79)
	if r.status != http.StatusOK || path(rowTerms(r, "avskrivningar")[0], "accounts", 0) != "79" || num(path(r.body, "version")) != version+1 {
		t.Fatalf("PUT: %d %.300s", r.status, r.raw)
	}
	r = call(t, srv, "PUT", layout, tokens["controller"], depreciation79) // the old version
	if r.status != http.StatusConflict || num(path(r.body, "current", "version")) != version+1 {
		t.Errorf("a stale PUT: %d %.300s", r.status, r.raw)
	}

	r = call(t, srv, "PUT", budget, tokens["controller"], map[string]any{"version": version + 1,
		"budget": []any{map[string]any{"year": 2021, "row": "kassa-och-bank", "amount": 100}}})
	if r.status != http.StatusUnprocessableEntity || path(r.body, "error", "fields", 0, "field") != "statements.budget[0].row" {
		t.Errorf("a budget on a balance row: %d %.300s", r.status, r.raw)
	}
	r = call(t, srv, "PUT", budget, tokens["controller"], map[string]any{"version": version + 1,
		"budget": []any{map[string]any{"year": 2021, "row": "skatteintakter", "amount": 41_250_000_050}}})
	if r.status != http.StatusOK || num(path(r.body, "budget", 0, "amount")) != 41_250_000_050 {
		t.Fatalf("PUT budget: %d %.300s", r.status, r.raw)
	}
	ds, err := db.Dataset(context.Background(), "0126")
	if err != nil {
		t.Fatal(err)
	}
	if len(ds.Statements.Mapping) != 2 || ds.Statements.BudgetOf(2021)["skatteintakter"] != 41_250_000_050 {
		t.Errorf("stored %+v", ds.Statements)
	}
	if r := call(t, srv, "GET", budget, tokens["lasare"], nil); r.status != http.StatusOK || path(r.body, "budget", 0, "row") != "skatteintakter" {
		t.Errorf("GET budget: %d %.300s", r.status, r.raw)
	}
}
