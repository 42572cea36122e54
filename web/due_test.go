package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

// TestAssignmentDueForm: the assignment form and the API take by when an assignment is
// to be done; a date that cannot be read comes back beside its field (422 in the API) and
// nothing is saved.
func TestAssignmentDueForm(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	srv := site(t, db, demoDataset(t))
	base := srv.URL + "/kommuner/0126/struktur/uppdrag"
	form := url.Values{"version": {"0"}, "id": {"upp-ny"}, "titel": {"Inventera taken"}, "mal": {"nm-skattemedel"},
		"enhet": {"ks"}, "ursprung": {"Mål och budget 2021"}, "klart": {"den sista december"}}
	status, page := postAs(t, session, base+"/nytt", form)
	if status != http.StatusUnprocessableEntity || !strings.Contains(fieldErrorOf(page, "klart"), "ÅÅÅÅ-MM-DD") || !strings.Contains(page, `value="den sista december"`) {
		t.Errorf("a bad date: %d %q", status, fieldErrorOf(page, "klart"))
	}
	ds, _ := db.Dataset(context.Background(), "0126")
	if ds.Assignment("upp-ny") != nil {
		t.Fatal("saved with a bad date")
	}
	form.Set("klart", "2021-12-31")
	if status, _ := postAs(t, session, base+"/nytt", form); status != http.StatusSeeOther {
		t.Fatalf("save: %d", status)
	}
	ds, _ = db.Dataset(context.Background(), "0126")
	if a := ds.Assignment("upp-ny"); a == nil || !a.Due.Equal(time.Date(2021, 12, 31, 0, 0, 0, 0, time.UTC)) {
		t.Fatalf("saved %+v", a)
	}
	if _, _, page := getAs(t, session, base+"/upp-ny"); !strings.Contains(page, `value="2021-12-31"`) {
		t.Error("the form does not show the date")
	}
}

// TestAPIAssignmentDue: the API reads and writes an assignment's due date and refuses one
// it cannot read on the field.
func TestAPIAssignmentDue(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	srv, tokens := apiSite(t, db, demoDataset(t))
	body := map[string]any{"id": "upp-ny", "goal": "nm-skattemedel", "unit": "ks", "title": "Inventera taken", "due": "31/12"}
	r := call(t, srv, "POST", "/api/v1/municipalities/0126/assignments", tokens["controller"], body)
	if fields, _ := path(r.body, "error", "fields").([]any); r.status != http.StatusUnprocessableEntity || len(fields) != 1 || path(fields[0], "field") != "due" {
		t.Fatalf("a bad date: %d %s", r.status, r.raw)
	}
	body["due"] = "2021-12-31"
	r = call(t, srv, "POST", "/api/v1/municipalities/0126/assignments", tokens["controller"], body)
	if r.status != http.StatusCreated || r.body["due"] != "2021-12-31" {
		t.Fatalf("create: %d %s", r.status, r.raw)
	}
	validate(t, "StructAssignment", r.raw)
}
