package store_test

import (
	"bytes"
	"slices"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/dataset"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

// TestUpdateGoalFrame: goal levels and areas are renamed, reordered, added and taken away
// under the dataset's rules: a level or an area a goal names stays, refused with the rule
// set's problem and nothing changed; what is taken is gone, the change is audited and the
// export imports into a fresh database and exports byte-identical.
func TestUpdateGoalFrame(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		if err := db.ReplaceDataset(ctx, load(t, "demo")); err != nil {
			t.Fatal(err)
		}
		before, err := db.Dataset(ctx, "0126")
		if err != nil {
			t.Fatal(err)
		}
		if len(before.GoalLevels) < 2 || len(before.GoalAreas) < 2 {
			t.Fatalf("the demo's frame: %+v %+v", before.GoalLevels, before.GoalAreas)
		}
		// Every area but the first goes: the goals of the others still name them.
		err = db.UpdateGoalFrame(ctx, "controller", "0126", before.GoalLevels, before.GoalAreas[:1])
		if tertial.ErrorCode(err) != tertial.EINVALID || len(tertial.ProblemsOf(err)) == 0 {
			t.Fatalf("taking away areas in use: %v", err)
		}
		// A level in use.
		err = db.UpdateGoalFrame(ctx, "controller", "0126", before.GoalLevels[1:], before.GoalAreas)
		if tertial.ErrorCode(err) != tertial.EINVALID {
			t.Fatalf("taking away a level in use: %v", err)
		}
		// Two levels with one ID.
		err = db.UpdateGoalFrame(ctx, "controller", "0126", append(slices.Clone(before.GoalLevels), before.GoalLevels[0]), before.GoalAreas)
		if tertial.ErrorCode(err) != tertial.EINVALID {
			t.Fatalf("a duplicate level: %v", err)
		}
		unchanged, err := db.Dataset(ctx, "0126")
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(encode(t, before), encode(t, unchanged)) {
			t.Fatal("a refused change changed the dataset")
		}

		levels := slices.Clone(before.GoalLevels)
		levels[1].Name = "Nämndens mål"
		levels = append(levels, tertial.GoalLevel{ID: "enh", Name: "Enhetsmål"})
		areas := slices.Clone(before.GoalAreas)
		slices.Reverse(areas)
		areas = append(areas, tertial.GoalArea{ID: "digital", Name: "Digital utveckling"})
		if err := db.UpdateGoalFrame(ctx, "controller", "0126", levels, areas); err != nil {
			t.Fatal(err)
		}
		ds, err := db.Dataset(ctx, "0126")
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(ds.GoalLevels, levels) || !slices.Equal(ds.GoalAreas, areas) {
			t.Fatalf("stored %+v %+v", ds.GoalLevels, ds.GoalAreas)
		}
		// The new ones no goal uses go again.
		if err := db.UpdateGoalFrame(ctx, "controller", "0126", levels[:len(levels)-1], areas[:len(areas)-1]); err != nil {
			t.Fatal(err)
		}
		ds, err = db.Dataset(ctx, "0126")
		if err != nil {
			t.Fatal(err)
		}
		if len(ds.GoalLevels) != len(before.GoalLevels) || ds.GoalAreas[0].ID != before.GoalAreas[len(before.GoalAreas)-1].ID {
			t.Fatalf("after taking the new ones away: %+v %+v", ds.GoalLevels, ds.GoalAreas)
		}
		log, err := db.AuditLog(ctx, store.AuditFilter{Municipality: "0126", Entity: "goal_frame", Key: "0126"})
		if err != nil {
			t.Fatal(err)
		}
		if len(log) == 0 {
			t.Error("no audit entries")
		}
		first := encode(t, ds)
		again, err := dataset.Decode(first, "export.yaml")
		if err != nil {
			t.Fatalf("the export does not import: %v", err)
		}
		fresh := storetest.Open(t, db.Dialect())
		if err := fresh.ReplaceDataset(ctx, again); err != nil {
			t.Fatal(err)
		}
		back, err := fresh.Dataset(ctx, "0126")
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(first, encode(t, back)) {
			t.Error("export → import → export differs")
		}
	})
}
