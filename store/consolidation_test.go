package store_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

// TestStoreKeepsConsolidationSections: the consolidating sections, with their ref and the
// boards they choose (owners), are stored and come back as they were.
func TestStoreKeepsConsolidationSections(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ds := load(t, "ekby.yaml")
		tpl := &ds.Templates[0]
		tpl.Sections = append(tpl.Sections,
			tertial.Section{Kind: tertial.SectionCouncilGoals, Levels: []string{"kf"}, Owners: []string{"kfn", "mbn"}},
			tertial.Section{Kind: tertial.SectionBoardDeviations, Ref: "drift", Owners: []string{"mbn"}},
			tertial.Section{Kind: tertial.SectionBoardReports, Title: "Bilagor"})
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
		for _, line := range []string{"- {kind: council_goals, levels: [kf], owners: [kfn, mbn]}", "- {kind: board_deviations, ref: drift, owners: [mbn]}", "- {kind: board_reports, title: Bilagor}"} {
			if !strings.Contains(string(have), line) {
				t.Errorf("the export lacks %q", line)
			}
		}
	})
}
