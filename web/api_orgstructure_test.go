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

// TestAPIUnits: POST, PUT and DELETE of units for controllers and admins of the
// municipality; everyone else is refused, and what the rules refuse comes back as fields
// (422) with nothing changed.
func TestAPIUnits(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	srv, tokens := apiSite(t, db, demoDataset(t))
	const units = "/api/v1/municipalities/0126/units"
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
	ks := map[string]any{"name": "Kommunstyrelsen", "kind": "board", "parent": "kf"}
	with := func(m map[string]any, k string, v any) map[string]any {
		out := map[string]any{}
		for kk, vv := range m {
			out[kk] = vv
		}
		out[k] = v
		return out
	}
	newUnit := map[string]any{"id": "plan", "name": "Planavdelningen", "kind": "department", "parent": "ksf"}
	for _, c := range []struct {
		name, who, method, path string
		body                    any
		status                  int
		field                   string
	}{
		{"reader", "lasare", "POST", units, newUnit, http.StatusForbidden, ""},
		{"reporter", "rapportor", "POST", units, newUnit, http.StatusForbidden, ""},
		{"reporter's put", "rapportor", "PUT", units + "/ks", ks, http.StatusForbidden, ""},
		{"reporter's delete", "rapportor", "DELETE", units + "/ksf", nil, http.StatusForbidden, ""},
		{"unknown municipality", "controller", "POST", "/api/v1/municipalities/9999/units", newUnit, http.StatusNotFound, ""},
		{"cycle", "controller", "PUT", units + "/ks", with(ks, "parent", "ksf"), http.StatusUnprocessableEntity, "parent"},
		{"unknown kind", "controller", "PUT", units + "/ks", with(ks, "kind", "namnd"), http.StatusUnprocessableEntity, "kind"},
		{"bad year", "controller", "PUT", units + "/ks", with(ks, "retired", 22), http.StatusUnprocessableEntity, "retired"},
		{"another id", "controller", "PUT", units + "/ks", with(ks, "id", "ks2"), http.StatusUnprocessableEntity, "id"},
		{"unknown unit", "controller", "PUT", units + "/xx", ks, http.StatusNotFound, ""},
		{"duplicate id", "controller", "POST", units, with(newUnit, "id", "ksf"), http.StatusUnprocessableEntity, "id"},
		{"unknown field", "controller", "POST", units, with(newUnit, "colour", "blue"), http.StatusBadRequest, ""},
		{"delete with reports", "controller", "DELETE", units + "/ks", nil, http.StatusUnprocessableEntity, "id"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := call(t, srv, c.method, c.path, tokens[c.who], c.body)
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
	r := call(t, srv, "POST", units, tokens["controller"], newUnit)
	if r.status != http.StatusCreated || r.header.Get("Location") != units+"/plan" {
		t.Fatalf("create: %d %s, Location %q", r.status, r.raw, r.header.Get("Location"))
	}
	validate(t, "Unit", r.raw)
	r = call(t, srv, "PUT", units+"/plan", tokens["admin"], with(newUnit, "retired", 2023))
	if r.status != http.StatusOK || r.body["retired"] != float64(2023) || r.body["parent"] != "ksf" {
		t.Fatalf("update: %d %s", r.status, r.raw)
	}
	validate(t, "Unit", r.raw)
	if !strings.Contains(export(), "retired: 2023") {
		t.Error("the export does not say the unit was retired")
	}
	// The municipality's units say it too.
	r = call(t, srv, "GET", "/api/v1/municipalities/0126", tokens["lasare"], nil)
	if !strings.Contains(string(r.raw), `"retired":2023`) {
		t.Errorf("the municipality's units: %s", r.raw)
	}
	r = call(t, srv, "DELETE", units+"/plan", tokens["controller"], nil)
	if r.status != http.StatusOK || r.body["deleted"] != "plan" {
		t.Fatalf("delete: %d %s", r.status, r.raw)
	}
	if export() != before {
		t.Error("after adding and deleting a unit, the export differs from the one before")
	}
}

// TestAPISettings: PUT …/settings replaces the municipality's settings for its
// administrators; controllers and readers are refused, and what the rules refuse comes
// back as fields (422) with nothing changed.
func TestAPISettings(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	srv, tokens := apiSite(t, db, demoDataset(t))
	const settings = "/api/v1/municipalities/0126/settings"
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
	good := map[string]any{"name": "Huddinge kommun", "county": "Stockholms län", "county_code": "01",
		"comparison": []any{map[string]any{"code": "0180", "name": "Stockholm"}},
		"vocabulary": map[string]any{"cutoff": "Per"},
		"scales": map[string]any{"statuses": []any{
			map[string]any{"id": "done", "name": "Klart", "symbol": "✔"}, map[string]any{"id": "will_complete", "name": "Blir klart", "symbol": "●"},
			map[string]any{"id": "likely_complete", "name": "Troligen klart", "symbol": "◐"}, map[string]any{"id": "not_complete", "name": "Ej klart", "symbol": "○"},
			map[string]any{"id": "on_track", "name": "Enligt plan", "symbol": "●"}, map[string]any{"id": "started", "name": "Påbörjad", "symbol": "◐"},
			map[string]any{"id": "not_started", "name": "Ej påbörjad", "symbol": "○"}, map[string]any{"id": "cancelled", "name": "Avbrutet", "symbol": "✕"}}}}
	with := func(k string, v any) map[string]any {
		out := map[string]any{}
		for kk, vv := range good {
			out[kk] = vv
		}
		out[k] = v
		return out
	}
	for _, c := range []struct {
		name, who string
		body      any
		status    int
		field     string
	}{
		{"controller", "controller", good, http.StatusForbidden, ""},
		{"reader", "lasare", good, http.StatusForbidden, ""},
		{"county code", "admin", with("county_code", "1"), http.StatusUnprocessableEntity, "municipality.county_code"},
		{"unknown term", "admin", with("vocabulary", map[string]any{"tertial": "T"}), http.StatusUnprocessableEntity, "municipality.vocabulary.tertial"},
		{"unknown scale level", "admin", with("scales", map[string]any{"indicators": []any{map[string]any{"id": "bra", "name": "Bra", "symbol": "+"}}}),
			http.StatusUnprocessableEntity, "municipality.scales.indicators[0].id"},
		{"empty scale", "admin", with("scales", map[string]any{"goals": []any{}}), http.StatusUnprocessableEntity, "municipality.scales.goals"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := call(t, srv, "PUT", settings, tokens[c.who], c.body)
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
	r := call(t, srv, "PUT", settings, tokens["admin"], good)
	if r.status != http.StatusOK || path(r.body, "vocabulary", "cutoff") != "Per" {
		t.Fatalf("save: %d %s", r.status, r.raw)
	}
	validate(t, "Settings", r.raw)
	ds, err := db.Dataset(context.Background(), "0126")
	if err != nil {
		t.Fatal(err)
	}
	m := ds.Municipality
	if len(m.Comparison) != 1 || m.Comparison[0].Code != "0180" || m.Vocabulary["cutoff"] != "Per" || len(m.Scales["statuses"]) != 8 || m.Scales["statuses"][1].Name != "Blir klart" {
		t.Errorf("stored: %+v", m)
	}
}

// TestAPIInternalControl: POST, PUT and DELETE of internal-control items for controllers
// and admins; everyone else is refused, and what the rules refuse comes back as fields
// (422) with nothing changed.
func TestAPIInternalControl(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	srv, tokens := apiSite(t, db, demoDataset(t))
	const ic = "/api/v1/municipalities/0126/internal-control"
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
	risk := map[string]any{"id": "risk-inkop", "unit": "ks", "process": "Inköp", "risk": "Felaktiga inköp", "probability": 3, "consequence": 4}
	with := func(m map[string]any, k string, v any) map[string]any {
		out := map[string]any{}
		for kk, vv := range m {
			out[kk] = vv
		}
		out[k] = v
		return out
	}
	for _, c := range []struct {
		name, who, method, path string
		body                    any
		status                  int
		field                   string
	}{
		{"reporter", "rapportor", "POST", ic + "/risks", risk, http.StatusForbidden, ""},
		{"reader's delete", "lasare", "DELETE", ic + "/risks/risk-brandskydd", nil, http.StatusForbidden, ""},
		{"unknown kind", "controller", "POST", ic + "/hazards", risk, http.StatusNotFound, ""},
		{"score 6", "controller", "POST", ic + "/risks", with(risk, "probability", 6), http.StatusUnprocessableEntity, "probability"},
		{"id in use", "controller", "POST", ic + "/risks", with(risk, "id", "risk-brandskydd"), http.StatusUnprocessableEntity, "id"},
		{"another kind's field", "controller", "POST", ic + "/controls", with(risk, "control", "x"), http.StatusUnprocessableEntity, "risk"},
		{"followed-up risk", "controller", "DELETE", ic + "/risks/risk-brandskydd", nil, http.StatusUnprocessableEntity, "id"},
		{"unknown item", "controller", "PUT", ic + "/risks/finns-inte", with(risk, "id", "finns-inte"), http.StatusNotFound, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := call(t, srv, c.method, c.path, tokens[c.who], c.body)
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
	r := call(t, srv, "POST", ic+"/risks", tokens["controller"], risk)
	if r.status != http.StatusCreated || r.header.Get("Location") != ic+"/risks/risk-inkop" || r.body["probability"] != float64(3) {
		t.Fatalf("create: %d %s", r.status, r.raw)
	}
	validate(t, "ICItem", r.raw)
	r = call(t, srv, "PUT", ic+"/risks/risk-inkop", tokens["admin"], with(risk, "consequence", 5))
	if r.status != http.StatusOK || r.body["consequence"] != float64(5) {
		t.Fatalf("update: %d %s", r.status, r.raw)
	}
	r = call(t, srv, "POST", ic+"/controls", tokens["controller"], map[string]any{"id": "kontroll-ny", "unit": "ksf", "control": "Stickprov", "reason": "Felaktiga inköp", "frequency": "Kvartalsvis"})
	if r.status != http.StatusCreated || r.body["control"] != "Stickprov" || r.body["frequency"] != "Kvartalsvis" {
		t.Fatalf("create control: %d %s", r.status, r.raw)
	}
	validate(t, "ICItem", r.raw)
	if !strings.Contains(export(), "consequence: 5") {
		t.Error("the export does not hold the rescored risk")
	}
	for _, p := range []string{ic + "/risks/risk-inkop", ic + "/controls/kontroll-ny"} {
		if r := call(t, srv, "DELETE", p, tokens["controller"], nil); r.status != http.StatusOK {
			t.Fatalf("delete %s: %d %s", p, r.status, r.raw)
		}
	}
	if export() != before {
		t.Error("after adding and deleting, the export differs from the one before")
	}
}
