package store_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/dataset"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

// TestInternalControlEdits: risks, audits and controls added, changed and deleted are
// stored so and audited, follow-ups and actions kept; refusals change nothing; the export
// imports into a fresh database and exports byte-identical.
func TestInternalControlEdits(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		if err := db.ReplaceDataset(ctx, load(t, "demo")); err != nil {
			t.Fatal(err)
		}
		before, err := db.Dataset(ctx, "0126")
		if err != nil {
			t.Fatal(err)
		}
		snapshot := encode(t, before)
		risk := store.ICItem{Kind: store.ICRisk, ID: "risk-ny", Unit: "ks", Process: "Inköp", Text: "Felaktiga inköp", Probability: 3, Consequence: 4}
		ctl := store.ICItem{Kind: store.ICControl, ID: "kontroll-ny", Unit: "ksf", Process: "Inköp", Text: "Stickprov på fakturor", Reason: "Risken för felaktiga inköp",
			Method: "Tio fakturor per kvartal", Frequency: "Kvartalsvis", Responsible: "Ekonomichefen"}
		for _, c := range []struct {
			name, field, text string
			it                store.ICItem
			create            bool
		}{
			{"score above 5", "probability", "1–5", func() store.ICItem { r := risk; r.Probability = 6; return r }(), true},
			{"id in use", "id", "finns redan", func() store.ICItem { r := risk; r.ID = "atgard-brandskyddsarbete"; return r }(), true},
			{"unknown unit", "unit", `ingen enhet "xx"`, func() store.ICItem { r := ctl; r.Unit = "xx"; return r }(), true},
			{"no control", "control", "saknas", func() store.ICItem { r := ctl; r.Text = ""; return r }(), true},
		} {
			t.Run(c.name, func(t *testing.T) {
				err := db.SaveICItem(ctx, "controller", "0126", c.it, c.create)
				found := false
				for _, p := range tertial.ProblemsOf(err) {
					found = found || p.Path == c.field && strings.Contains(p.Message, c.text)
				}
				if tertial.ErrorCode(err) != tertial.EINVALID || !found {
					t.Errorf("err %v, want %s: …%s…", err, c.field, c.text)
				}
			})
		}
		if err := db.DeleteICItem(ctx, "controller", "0126", store.ICRisk, "risk-brandskydd"); tertial.ErrorCode(err) != tertial.EINVALID {
			t.Errorf("delete of a risk with follow-ups: %v", err)
		}
		if err := db.SaveICItem(ctx, "controller", "0126", store.ICItem{Kind: store.ICRisk, ID: "finns-inte", Unit: "ks", Text: "x"}, false); tertial.ErrorCode(err) != tertial.ENOTFOUND {
			t.Errorf("update of an unknown item: %v", err)
		}
		now, err := db.Dataset(ctx, "0126")
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(encode(t, now), snapshot) {
			t.Fatal("a refused edit changed the database")
		}

		for _, it := range []store.ICItem{risk, ctl} {
			if err := db.SaveICItem(ctx, "controller", "0126", it, true); err != nil {
				t.Fatal(err)
			}
		}
		// Rescore an existing risk: its actions and their follow-ups stay.
		old := before.Risks[1]
		if err := db.SaveICItem(ctx, "controller", "0126", store.ICItem{Kind: store.ICRisk, ID: old.ID, Unit: old.Unit, Process: old.Process, Text: old.Risk, Probability: 5, Consequence: 5}, false); err != nil {
			t.Fatal(err)
		}
		ds, err := db.Dataset(ctx, "0126")
		if err != nil {
			t.Fatal(err)
		}
		last := ds.Risks[len(ds.Risks)-1]
		if last.ID != "risk-ny" || last.Probability != 3 || last.Consequence != 4 || last.Process != "Inköp" {
			t.Errorf("new risk %+v", last)
		}
		if r := ds.Risks[1]; r.Probability != 5 || r.Consequence != 5 || len(r.Actions) != len(old.Actions) || len(r.Actions[0].Followups) != len(old.Actions[0].Followups) || len(old.Actions[0].Followups) == 0 {
			t.Errorf("rescored risk %+v", r)
		}
		if c := ds.Controls[len(ds.Controls)-1]; c.ID != "kontroll-ny" || c.Reason != "Risken för felaktiga inköp" || c.Method != "Tio fakturor per kvartal" ||
			c.Frequency != "Kvartalsvis" || c.Responsible != "Ekonomichefen" {
			t.Errorf("new control %+v", c)
		}
		log, err := db.AuditLog(ctx, store.AuditFilter{Municipality: "0126", Entity: "ic_item", Key: old.ID})
		if err != nil || len(log) != 2 || log[0].New != "5" {
			t.Errorf("audit log %+v %v", log, err)
		}
		first := encode(t, ds)
		if !strings.Contains(string(first), "responsible: Ekonomichefen") {
			t.Error("the export does not say who is responsible for the control")
		}
		again, err := dataset.Decode(first, "export.yaml")
		if err != nil {
			t.Fatalf("the export does not import: %v", err)
		}
		fresh := storetest.Open(t, db.Dialect())
		if err := fresh.ReplaceDataset(ctx, again); err != nil {
			t.Fatal(err)
		}
		ds2, err := fresh.Dataset(ctx, "0126")
		if err != nil {
			t.Fatal(err)
		}
		if second := encode(t, ds2); !bytes.Equal(first, second) {
			t.Errorf("export → import → export differs:\n%s", diff(first, second))
		}
		// Deleting what was added gives back the dataset as it was but for the rescore.
		if err := db.DeleteICItem(ctx, "controller", "0126", store.ICRisk, "risk-ny"); err != nil {
			t.Fatal(err)
		}
		if err := db.DeleteICItem(ctx, "controller", "0126", store.ICControl, "kontroll-ny"); err != nil {
			t.Fatal(err)
		}
		ds3, err := db.Dataset(ctx, "0126")
		if err != nil {
			t.Fatal(err)
		}
		if len(ds3.Risks) != len(before.Risks) || len(ds3.Controls) != len(before.Controls) {
			t.Errorf("after deleting: %d risks, %d controls", len(ds3.Risks), len(ds3.Controls))
		}
	})
}

// TestRiskActionEdits: a risk's actions added (after its others, also to a risk that is
// not the last), changed and deleted are stored so, read back in order and audited, their
// follow-ups kept; a duplicate or bad ID, an empty text, an unknown risk or action, and
// deleting an action with follow-ups are refused and change nothing.
func TestRiskActionEdits(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		if err := db.ReplaceDataset(ctx, load(t, "demo")); err != nil {
			t.Fatal(err)
		}
		before, err := db.Dataset(ctx, "0126")
		if err != nil {
			t.Fatal(err)
		}
		if len(before.Risks) < 2 {
			t.Fatal("the demo needs two risks")
		}
		first := before.Risks[0] // not the last risk: its new action goes between risks
		reported := first.Actions[0]
		if len(reported.Followups) == 0 {
			t.Fatal("the demo's first action has no follow-ups")
		}
		snapshot := encode(t, before)
		for _, c := range []struct {
			name, field, text string
			a                 tertial.RiskAction
			create            bool
		}{
			{"id in use", "id", "finns redan", tertial.RiskAction{ID: first.ID, Action: "Utbilda"}, true},
			{"bad id", "id", "ogiltigt id", tertial.RiskAction{ID: "Ny Åtgärd", Action: "Utbilda"}, true},
			{"no text", "action", "saknas", tertial.RiskAction{ID: "atgard-ny", Action: ""}, true},
			{"text emptied", "action", "saknas", tertial.RiskAction{ID: reported.ID, Action: " "}, false},
		} {
			t.Run(c.name, func(t *testing.T) {
				err := db.SaveRiskAction(ctx, "controller", "0126", first.ID, c.a, c.create)
				found := false
				for _, p := range tertial.ProblemsOf(err) {
					found = found || p.Path == c.field && strings.Contains(p.Message, c.text)
				}
				if tertial.ErrorCode(err) != tertial.EINVALID || !found {
					t.Errorf("err %v, want %s: …%s…", err, c.field, c.text)
				}
			})
		}
		if err := db.SaveRiskAction(ctx, "controller", "0126", "finns-inte", tertial.RiskAction{ID: "x", Action: "x"}, true); tertial.ErrorCode(err) != tertial.ENOTFOUND {
			t.Errorf("action of an unknown risk: %v", err)
		}
		if err := db.SaveRiskAction(ctx, "controller", "0126", first.ID, tertial.RiskAction{ID: "finns-inte", Action: "x"}, false); tertial.ErrorCode(err) != tertial.ENOTFOUND {
			t.Errorf("update of an unknown action: %v", err)
		}
		if err := db.DeleteRiskAction(ctx, "controller", "0126", first.ID, reported.ID); tertial.ErrorCode(err) != tertial.EINVALID {
			t.Errorf("delete of an action with follow-ups: %v", err)
		}
		if err := db.DeleteRiskAction(ctx, "controller", "0126", before.Risks[1].ID, reported.ID); tertial.ErrorCode(err) != tertial.ENOTFOUND {
			t.Errorf("delete of another risk's action: %v", err)
		}
		now, err := db.Dataset(ctx, "0126")
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(encode(t, now), snapshot) {
			t.Fatal("a refused edit changed the database")
		}

		if err := db.SaveRiskAction(ctx, "controller", "0126", first.ID, tertial.RiskAction{ID: "atgard-ny", Action: "Utbilda personalen"}, true); err != nil {
			t.Fatal(err)
		}
		if err := db.SaveRiskAction(ctx, "controller", "0126", first.ID, tertial.RiskAction{ID: reported.ID, Action: "Ett nytt arbetssätt"}, false); err != nil {
			t.Fatal(err)
		}
		ds, err := db.Dataset(ctx, "0126")
		if err != nil {
			t.Fatal(err)
		}
		r := ds.Risks[0]
		if len(r.Actions) != len(first.Actions)+1 || r.Actions[len(r.Actions)-1].ID != "atgard-ny" || r.Actions[len(r.Actions)-1].Action != "Utbilda personalen" {
			t.Errorf("actions after adding: %+v", r.Actions)
		}
		if r.Actions[0].Action != "Ett nytt arbetssätt" || len(r.Actions[0].Followups) != len(reported.Followups) {
			t.Errorf("changed action %+v", r.Actions[0])
		}
		if len(ds.Risks) != len(before.Risks) || len(ds.Risks[1].Actions) != len(before.Risks[1].Actions) {
			t.Error("the other risks' actions changed")
		}
		log, err := db.AuditLog(ctx, store.AuditFilter{Municipality: "0126", Entity: "ic_item", Key: "atgard-ny"})
		if err != nil || len(log) == 0 {
			t.Errorf("audit log %+v %v", log, err)
		}
		if err := db.DeleteRiskAction(ctx, "controller", "0126", first.ID, "atgard-ny"); err != nil {
			t.Fatal(err)
		}
		ds, err = db.Dataset(ctx, "0126")
		if err != nil {
			t.Fatal(err)
		}
		if len(ds.Risks[0].Actions) != len(first.Actions) {
			t.Errorf("after deleting: %+v", ds.Risks[0].Actions)
		}
	})
}
