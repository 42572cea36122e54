package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/tertial/tertial/dataset"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

// TestAPIPostPeriod: POST …/periods creates a period for controllers and admins of the
// municipality, made from an earlier one with from; everyone else is refused, and invalid
// values come back as fields (422) with nothing changed.
func TestAPIPostPeriod(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	srv, tokens := apiSite(t, db, demoDataset(t))
	const url = "/api/v1/municipalities/0126/periods"
	export := func() string {
		ds, err := db.Dataset(context.Background(), "0126")
		if err != nil {
			t.Fatal(err)
		}
		b, err := dataset.Encode(ds)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	before := export()
	good := map[string]any{"unit": "ks", "id": "2022-08", "kind": "interim", "title": "Delårsrapport per 31 augusti 2022",
		"cutoff": "2022-08-31", "deadline": "2022-09-10", "from": "2021-08"}
	with := func(k string, v any) map[string]any {
		m := map[string]any{}
		for kk, vv := range good {
			m[kk] = vv
		}
		m[k] = v
		return m
	}
	for _, c := range []struct {
		name   string
		who    string
		path   string
		body   any
		status int
		field  string // a field the 422 names
	}{
		{"reader", "lasare", url, good, http.StatusForbidden, ""},
		{"reporter", "rapportor", url, good, http.StatusForbidden, ""},
		{"unknown municipality", "controller", "/api/v1/municipalities/9999/periods", good, http.StatusNotFound, ""},
		{"not a date", "controller", url, with("cutoff", "31 augusti"), http.StatusUnprocessableEntity, "cutoff"},
		{"id the unit has", "controller", url, with("id", "2021-08"), http.StatusUnprocessableEntity, "id"},
		{"overlap", "controller", url, with("cutoff", "2021-08-31"), http.StatusUnprocessableEntity, "cutoff"},
		{"from another unit", "controller", url, with("unit", "ksf"), http.StatusUnprocessableEntity, "from"},
		{"unknown kind", "controller", url, with("kind", "tertial"), http.StatusUnprocessableEntity, "kind"},
		{"unknown field", "controller", url, with("colour", "blue"), http.StatusBadRequest, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := call(t, srv, "POST", c.path, tokens[c.who], c.body)
			if r.status != c.status {
				t.Fatalf("%d, want %d: %s", r.status, c.status, r.raw)
			}
			if c.field != "" {
				fields, _ := path(r.body, "error", "fields").([]any)
				found := false
				for _, f := range fields {
					found = found || path(f, "field") == c.field
				}
				if !found {
					t.Errorf("no problem of %s: %s", c.field, r.raw)
				}
			}
			if export() != before {
				t.Error("the database changed")
			}
		})
	}
	for _, who := range []string{"controller", "admin"} {
		body := with("id", "2022-08-"+who)
		if who == "admin" {
			body = with("id", "2023-08")
			body["cutoff"], body["from"] = "2023-08-31", "2022-08-controller"
		}
		r := call(t, srv, "POST", url, tokens[who], body)
		if r.status != http.StatusCreated {
			t.Fatalf("%s: %d %s", who, r.status, r.raw)
		}
		validate(t, "PeriodInfo", r.raw)
		if r.body["from"] != body["from"] || r.body["state"] != "open" || r.body["id"] != body["id"] ||
			!strings.HasSuffix(r.header.Get("Location"), "/units/ks/periods/"+body["id"].(string)) {
			t.Errorf("%s: %s, Location %q", who, r.raw, r.header.Get("Location"))
		}
	}
	// The new period reads as any other, its texts empty.
	r := call(t, srv, "GET", "/api/v1/municipalities/0126/units/ks/periods/2023-08", tokens["lasare"], nil)
	if r.status != http.StatusOK {
		t.Fatalf("%d %s", r.status, r.raw)
	}
	texts, _ := r.body["texts"].([]any)
	if len(texts) == 0 || path(texts[0], "body") != "" {
		t.Errorf("texts %v", texts)
	}
}
