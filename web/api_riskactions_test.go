package web_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

// TestAPIRiskActions: a risk's actions added, changed and removed through the API by a
// controller; a reporter is refused, and a bad ID, an empty text, an ID in use, a changed
// ID, an unknown risk or action and removing a followed-up action change nothing.
func TestAPIRiskActions(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	srv, tokens := apiSite(t, db, demoDataset(t))
	const actions = "/api/v1/municipalities/0126/internal-control/risks/risk-brandskydd/actions"
	snapshot := func() string { return string(export(t, db)) }
	before := snapshot()
	good := map[string]any{"id": "atgard-utbildning", "action": "Utbilda personalen i brandskydd."}
	for _, c := range []struct {
		name, who, method, path string
		body                    any
		status                  int
		field                   string
	}{
		{"reporter", "rapportor", "POST", actions, good, http.StatusForbidden, ""},
		{"reader's delete", "lasare", "DELETE", actions + "/atgard-brandskyddsarbete", nil, http.StatusForbidden, ""},
		{"bad id", "controller", "POST", actions, map[string]any{"id": "Ny åtgärd", "action": "x"}, http.StatusUnprocessableEntity, "id"},
		{"id in use", "controller", "POST", actions, map[string]any{"id": "risk-brandskydd", "action": "x"}, http.StatusUnprocessableEntity, "id"},
		{"no text", "controller", "POST", actions, map[string]any{"id": "atgard-ny", "action": " "}, http.StatusUnprocessableEntity, "action"},
		{"unknown field", "controller", "POST", actions, map[string]any{"id": "atgard-ny", "action": "x", "status": "done"}, http.StatusBadRequest, ""},
		{"changed id", "controller", "PUT", actions + "/atgard-brandskyddsarbete", map[string]any{"id": "annat", "action": "x"}, http.StatusUnprocessableEntity, "id"},
		{"unknown risk", "controller", "POST", "/api/v1/municipalities/0126/internal-control/risks/finns-inte/actions", good, http.StatusNotFound, ""},
		{"unknown action", "controller", "PUT", actions + "/finns-inte", map[string]any{"action": "x"}, http.StatusNotFound, ""},
		{"followed-up action", "controller", "DELETE", actions + "/atgard-brandskyddsarbete", nil, http.StatusUnprocessableEntity, "id"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := call(t, srv, c.method, c.path, tokens[c.who], c.body)
			if r.status != c.status {
				t.Fatalf("%d, want %d: %s", r.status, c.status, r.raw)
			}
			if _, ok := fieldsOf(r)[c.field]; c.field != "" && !ok {
				t.Errorf("no problem of %s: %s", c.field, r.raw)
			}
			if snapshot() != before {
				t.Error("the database changed")
			}
		})
	}
	r := call(t, srv, "POST", actions, tokens["controller"], good)
	if r.status != http.StatusCreated || r.header.Get("Location") != actions+"/atgard-utbildning" || r.body["action"] != "Utbilda personalen i brandskydd." {
		t.Fatalf("create: %d %s", r.status, r.raw)
	}
	validate(t, "ICRiskAction", r.raw)
	r = call(t, srv, "PUT", actions+"/atgard-brandskyddsarbete", tokens["controller"], map[string]any{"action": "Ett digitalt brandskyddsarbete."})
	if r.status != http.StatusOK || r.body["id"] != "atgard-brandskyddsarbete" {
		t.Fatalf("update: %d %s", r.status, r.raw)
	}
	ds, err := db.Dataset(context.Background(), "0126")
	if err != nil {
		t.Fatal(err)
	}
	brand := func(ds *tertial.Dataset) tertial.Risk {
		for _, r := range ds.Risks {
			if r.ID == "risk-brandskydd" {
				return r
			}
		}
		t.Fatal("no risk-brandskydd")
		return tertial.Risk{}
	}
	risk := brand(ds)
	if len(risk.Actions) != 2 || risk.Actions[0].Action != "Ett digitalt brandskyddsarbete." || len(risk.Actions[0].Followups) == 0 ||
		risk.Actions[1].ID != "atgard-utbildning" {
		t.Errorf("stored: %+v", risk.Actions)
	}
	if r := call(t, srv, "DELETE", actions+"/atgard-utbildning", tokens["controller"], nil); r.status != http.StatusOK || r.body["deleted"] != "atgard-utbildning" {
		t.Fatalf("delete: %d %s", r.status, r.raw)
	}
	ds, err = db.Dataset(context.Background(), "0126")
	if err != nil {
		t.Fatal(err)
	}
	if a := brand(ds).Actions; len(a) != 1 || a[0].ID != "atgard-brandskyddsarbete" {
		t.Errorf("after delete: %+v", a)
	}
}
