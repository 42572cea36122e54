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

// TestAPIGoalFrame: PUT …/goal-frame replaces the goal levels and areas for those who
// edit the structure; reporters and readers are refused, and what the rules refuse (a
// level a goal uses, an unknown dimension, an empty name) comes back as fields (422) with
// nothing changed.
func TestAPIGoalFrame(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	srv, tokens := apiSite(t, db, demoDataset(t))
	const frame = "/api/v1/municipalities/0126/goal-frame"
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
	ds := demoDataset(t)
	areas := []map[string]any{}
	for _, a := range ds.GoalAreas {
		areas = append(areas, map[string]any{"id": a.ID, "name": a.Name, "dimension": string(a.Dimension), "description": a.Description})
	}
	levels := []map[string]any{{"id": "kf", "name": "KF-mål"}, {"id": "nm", "name": "Nämndmål"}}
	body := func(ls []map[string]any, as []map[string]any) map[string]any {
		return map[string]any{"goal_levels": ls, "goal_areas": as}
	}
	before := export()
	for _, c := range []struct {
		name, who string
		body      any
		status    int
		field     string
	}{
		{"reader", "lasare", body(levels, areas), http.StatusForbidden, ""},
		{"reporter", "rapportor", body(levels, areas), http.StatusForbidden, ""},
		{"a level in use", "controller", body(levels[:1], areas), http.StatusUnprocessableEntity, "goals[1].level"},
		{"an unknown dimension", "controller", body(levels, append(areas[:len(areas):len(areas)], map[string]any{"id": "x", "name": "X", "dimension": "kulturell"})),
			http.StatusUnprocessableEntity, fmt.Sprintf("goal_areas[%d].dimension", len(areas))},
		{"no name", "controller", body([]map[string]any{levels[0], {"id": "nm", "name": ""}}, areas), http.StatusUnprocessableEntity, "goal_levels[1].name"},
		{"unknown field", "controller", map[string]any{"goal_levels": levels, "goal_areas": areas, "colour": "blue"}, http.StatusBadRequest, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := call(t, srv, "PUT", frame, tokens[c.who], c.body)
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
	r := call(t, srv, "PUT", frame, tokens["controller"], body(append(levels, map[string]any{"id": "enh", "name": "Enhetsmål"}), areas))
	if r.status != http.StatusOK {
		t.Fatalf("save: %d %s", r.status, r.raw)
	}
	validate(t, "GoalFrame", r.raw)
	got, _ := r.body["goal_levels"].([]any)
	if len(got) != 3 || path(got[2], "name") != "Enhetsmål" {
		t.Errorf("saved levels: %s", r.raw)
	}
}
