package web_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"github.com/tertial/tertial/dataset"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

// fieldsOf are the fields a 422 names.
func fieldsOf(r apiResponse) map[string]string {
	out := map[string]string{}
	fs, _ := path(r.body, "error", "fields").([]any)
	for _, f := range fs {
		m, _ := f.(map[string]any)
		out[fmt.Sprint(m["field"])] = fmt.Sprint(m["message"])
	}
	return out
}

// TestAPIStructure: goals, indicators and assignments are created (201), changed (200)
// and deleted (204) by a controller; a reporter is refused (403); a cycle, an unparseable
// target and an unknown goal come back as fields (422) and a stale version as 409 with
// the item as it is now, each changing nothing.
func TestAPIStructure(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	srv, tokens := apiSite(t, db, demoDataset(t))
	const base = "/api/v1/municipalities/0126"
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
	goal := map[string]any{"id": "nm-tak", "level": "nm", "parent": "kf-skattemedel", "unit": "ks", "title": "Fler gröna tak", "tags": []string{"klimat"}}
	if r := call(t, srv, "POST", base+"/goals", tokens["rapportor"], goal); r.status != http.StatusForbidden {
		t.Errorf("reporter: %d %s", r.status, r.raw)
	}
	r := call(t, srv, "POST", base+"/goals", tokens["controller"], goal)
	if r.status != http.StatusCreated || r.header.Get("Location") != base+"/goals/nm-tak" {
		t.Fatalf("create goal: %d %s", r.status, r.raw)
	}
	validate(t, "StructGoal", r.raw)
	v1 := r.body["version"]

	before := export()
	// A cycle: kf-skattemedel under nm-skattemedel, which is under it.
	cyc := map[string]any{"level": "kf", "parent": "nm-skattemedel", "title": "Skattemedel används effektivt", "version": 1}
	if r := call(t, srv, "PUT", base+"/goals/kf-skattemedel", tokens["controller"], cyc); r.status != 422 || fieldsOf(r)["parent"] == "" {
		t.Errorf("cycle: %d %s", r.status, r.raw)
	}
	ind := map[string]any{"id": "ind-tak", "goal": "nm-tak", "name": "Andel gröna tak", "unit": "%", "direction": "higher", "decimals": 1,
		"targets": []map[string]any{{"year": 2021, "target": ">10"}, {"year": 2022, "target": "mycket"}}}
	if r := call(t, srv, "POST", base+"/indicators", tokens["controller"], ind); r.status != 422 || fieldsOf(r)["targets[1].target"] == "" {
		t.Errorf("bad target: %d %s", r.status, r.raw)
	}
	ind["targets"] = []map[string]any{{"year": 2021, "target": ">10"}}
	ind["goal"] = "finns-inte"
	if r := call(t, srv, "POST", base+"/indicators", tokens["controller"], ind); r.status != 422 || fieldsOf(r)["goal"] == "" {
		t.Errorf("unknown goal: %d %s", r.status, r.raw)
	}
	if r := call(t, srv, "DELETE", base+"/goals/nm-skattemedel?version=1", tokens["controller"], nil); r.status != 422 || fieldsOf(r)["id"] == "" {
		t.Errorf("delete a goal with history: %d %s", r.status, r.raw)
	}
	if export() != before {
		t.Error("a refused call changed the dataset")
	}

	// Retire the goal; a stale save then meets 409 with the goal as it is.
	goal["retired"], goal["version"] = 2021, v1
	r = call(t, srv, "PUT", base+"/goals/nm-tak", tokens["controller"], goal)
	if r.status != 200 || fmt.Sprint(r.body["retired"]) != "2021" || fmt.Sprint(r.body["version"]) == fmt.Sprint(v1) {
		t.Fatalf("retire: %d %s", r.status, r.raw)
	}
	goal["title"] = "Något annat"
	if r := call(t, srv, "PUT", base+"/goals/nm-tak", tokens["controller"], goal); r.status != http.StatusConflict || path(r.body, "current", "title") != "Fler gröna tak" {
		t.Errorf("stale: %d %s", r.status, r.raw)
	} else {
		validate(t, "StructGoalConflict", r.raw)
	}

	ind["goal"] = "nm-tak"
	r = call(t, srv, "POST", base+"/indicators", tokens["controller"], ind)
	if r.status != http.StatusCreated {
		t.Fatalf("create indicator: %d %s", r.status, r.raw)
	}
	validate(t, "StructIndicator", r.raw)
	ind["version"], ind["tolerance"] = r.body["version"], "10"
	r = call(t, srv, "PUT", base+"/indicators/ind-tak", tokens["controller"], ind)
	if r.status != 200 || r.body["tolerance"] != "10" {
		t.Errorf("update indicator: %d %s", r.status, r.raw)
	}
	if r := call(t, srv, "DELETE", base+"/indicators/ind-tak?version=1", tokens["controller"], nil); r.status != http.StatusConflict {
		t.Errorf("stale delete: %d %s", r.status, r.raw)
	}
	if r := call(t, srv, "DELETE", base+fmt.Sprintf("/indicators/ind-tak?version=%v", r.body["version"]), tokens["controller"], nil); r.status != http.StatusNoContent {
		t.Errorf("delete indicator: %d %s", r.status, r.raw)
	}

	as := map[string]any{"id": "upp-tak", "goal": "nm-tak", "unit": "ks", "origin": "Mål och budget 2021", "title": "Inventera taken"}
	r = call(t, srv, "POST", base+"/assignments", tokens["controller"], as)
	if r.status != http.StatusCreated {
		t.Fatalf("create assignment: %d %s", r.status, r.raw)
	}
	validate(t, "StructAssignment", r.raw)
	as["version"], as["title"] = r.body["version"], "Inventera alla tak"
	if r := call(t, srv, "PUT", base+"/assignments/upp-tak", tokens["controller"], as); r.status != 200 || r.body["title"] != "Inventera alla tak" {
		t.Errorf("update assignment: %d %s", r.status, r.raw)
	}
	ds, err := db.Dataset(context.Background(), "0126")
	if err != nil {
		t.Fatal(err)
	}
	if a := ds.Assignment("upp-tak"); a == nil || a.Title != "Inventera alla tak" || ds.Indicator("ind-tak") != nil || ds.Goal("nm-tak").Retired != 2021 {
		t.Errorf("stored: assignment %+v, indicator %v, goal %+v", a, ds.Indicator("ind-tak"), ds.Goal("nm-tak"))
	}
	if r := call(t, srv, "DELETE", base+"/goals/nm-tak?version=9", tokens["rapportor"], nil); r.status != http.StatusForbidden {
		t.Errorf("reporter delete: %d", r.status)
	}
}
