package store_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

// TestStoreKeepsGoalFilters: a goals section's levels, areas and dimensions are stored and
// come back in their order, and the export writes them as one-line lists; a key-figures
// section's too.
func TestStoreKeepsGoalFilters(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ds := load(t, "ekby.yaml")
		tpl := &ds.Templates[0]
		tpl.Sections = append(tpl.Sections,
			tertial.Section{Kind: tertial.SectionGoals, Title: "Fullmäktiges mål", Levels: []string{"nm", "kf"}},
			tertial.Section{Kind: tertial.SectionGoals, Title: "Gröna mål", Areas: []string{"gront-ekby"}, Dimensions: []tertial.Dimension{tertial.Ecological, tertial.Social}},
			tertial.Section{Kind: tertial.SectionKeyFigures, Levels: []string{"nm"}})
		if err := db.ReplaceDataset(ctx, ds); err != nil {
			t.Fatal(err)
		}
		got, err := db.Dataset(ctx, ds.Municipality.Code)
		if err != nil {
			t.Fatal(err)
		}
		want, have := encode(t, ds), encode(t, got)
		if !bytes.Equal(want, have) {
			t.Errorf("stored dataset differs:\n%s", diff(want, have))
		}
		for _, line := range []string{"levels: [nm, kf]", "areas: [gront-ekby], dimensions: [ecological, social]", "- {kind: key_figures, levels: [nm]}"} {
			if !strings.Contains(string(have), line) {
				t.Errorf("the export lacks %q", line)
			}
		}
	})
}

// TestStoreKeepsGoalAreaWithoutDimension: a goal area without a sustainability dimension is
// stored (the migrated CHECK constraint allows it) and comes back without one.
func TestStoreKeepsGoalAreaWithoutDimension(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ds := load(t, "ekby.yaml")
		ds.GoalAreas[0].Dimension = ""
		if err := db.ReplaceDataset(ctx, ds); err != nil {
			t.Fatal(err)
		}
		got, err := db.Dataset(ctx, ds.Municipality.Code)
		if err != nil {
			t.Fatal(err)
		}
		if got.GoalAreas[0].Dimension != "" || got.GoalAreas[1].Dimension != ds.GoalAreas[1].Dimension {
			t.Errorf("goal areas come back as %+v", got.GoalAreas)
		}
		if want, have := encode(t, ds), encode(t, got); !bytes.Equal(want, have) {
			t.Errorf("stored dataset differs:\n%s", diff(want, have))
		}
	})
}
