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

// TestUpdateSettings: the municipality's name, county, comparison municipalities,
// vocabulary and scales are stored and audited, and the export imports into a fresh
// database and exports byte-identical.
func TestUpdateSettings(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		if err := db.ReplaceDataset(ctx, load(t, "demo")); err != nil {
			t.Fatal(err)
		}
		s := store.Settings{Name: "Huddinge kommun", County: "Stockholms län", CountyCode: "01",
			Comparison: []tertial.ComparisonMunicipality{{Code: "0180", Name: "Stockholm"}, {Code: "0136", Name: "Haninge"}},
			Vocabulary: tertial.Vocabulary{tertial.TermCutoff: "Per"},
			Scales: map[tertial.ScaleKind][]tertial.ScaleLevel{tertial.ScaleGoals: {
				{ID: "achieved", Name: "Nås", Symbol: "●"}, {ID: "partly", Name: "Nås delvis", Symbol: "◐"},
				{ID: "not_achieved", Name: "Nås inte", Symbol: "○"}, {ID: "not_assessable", Name: "Går inte att bedöma", Symbol: "–"}}}}
		if err := db.UpdateSettings(ctx, "admin", "0126", s); err != nil {
			t.Fatal(err)
		}
		ds, err := db.Dataset(ctx, "0126")
		if err != nil {
			t.Fatal(err)
		}
		m := ds.Municipality
		if len(m.Comparison) != 2 || m.Comparison[0].Code != "0180" || m.Comparison[1].Name != "Haninge" || m.Word(tertial.TermCutoff, tertial.PeriodInterim) != "Per" {
			t.Errorf("settings: %+v", m)
		}
		if l, ok := m.Level(tertial.ScaleGoals, "partly"); !ok || l.Name != "Nås delvis" {
			t.Errorf("goal scale: %+v", m.Scale(tertial.ScaleGoals))
		}
		log, err := db.AuditLog(ctx, store.AuditFilter{Municipality: "0126", Entity: "municipality", Key: "0126"})
		if err != nil {
			t.Fatal(err)
		}
		var fields []string
		for _, e := range log {
			fields = append(fields, e.Field+"="+e.New)
		}
		joined := strings.Join(fields, ";")
		for _, want := range []string{"comparison=0180 Stockholm; 0136 Haninge", "vocabulary.cutoff=Per", "scales.goals=achieved Nås ●"} {
			if !strings.Contains(joined, want) {
				t.Errorf("audit log %v lacks %s", fields, want)
			}
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
		ds2, err := fresh.Dataset(ctx, "0126")
		if err != nil {
			t.Fatal(err)
		}
		if second := encode(t, ds2); !bytes.Equal(first, second) {
			t.Errorf("export → import → export differs:\n%s", diff(first, second))
		}
	})
}

// TestUpdateSettingsRefusals: a bad county code, a comparison municipality twice, a scale
// without levels or without a level a follow-up uses are refused, and nothing changes.
func TestUpdateSettingsRefusals(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		if err := db.ReplaceDataset(ctx, load(t, "demo")); err != nil {
			t.Fatal(err)
		}
		first, err := db.Dataset(ctx, "0126")
		if err != nil {
			t.Fatal(err)
		}
		snapshot := encode(t, first)
		base := store.SettingsOf(first.Municipality)
		with := func(change func(s *store.Settings)) store.Settings { s := base; change(&s); return s }
		for _, c := range []struct {
			name, path, text string
			s                store.Settings
		}{
			{"county code", "municipality.county_code", "två siffror", with(func(s *store.Settings) { s.CountyCode = "1" })},
			{"no name", "municipality.name", "saknas", with(func(s *store.Settings) { s.Name = "" })},
			{"comparison twice", "municipality.comparison[1].code", "två gånger", with(func(s *store.Settings) {
				s.Comparison = []tertial.ComparisonMunicipality{{Code: "0180", Name: "Stockholm"}, {Code: "0180", Name: "Stockholm"}}
			})},
			{"unknown term", "municipality.vocabulary.tertial", "okänd term", with(func(s *store.Settings) { s.Vocabulary = tertial.Vocabulary{"tertial": "T"} })},
			{"scale without levels", "municipality.scales.goals", "inga nivåer", with(func(s *store.Settings) {
				s.Scales = map[tertial.ScaleKind][]tertial.ScaleLevel{tertial.ScaleGoals: {}}
			})},
			{"scale without a used level", "assessment", `okänd bedömning "achieved"`, with(func(s *store.Settings) {
				s.Scales = map[tertial.ScaleKind][]tertial.ScaleLevel{tertial.ScaleGoals: {{ID: "bra", Name: "Bra", Symbol: "+"}}}
			})},
		} {
			t.Run(c.name, func(t *testing.T) {
				err := db.UpdateSettings(ctx, "admin", "0126", c.s)
				if tertial.ErrorCode(err) != tertial.EINVALID {
					t.Fatalf("err %v, want EINVALID", err)
				}
				found := false
				for _, p := range tertial.ProblemsOf(err) {
					found = found || strings.HasSuffix(p.Path, c.path) && strings.Contains(p.Message, c.text)
				}
				if !found {
					t.Errorf("problems %v, want %s: …%s…", tertial.ProblemsOf(err), c.path, c.text)
				}
				now, err := db.Dataset(ctx, "0126")
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(encode(t, now), snapshot) {
					t.Error("the database changed")
				}
			})
		}
	})
}
