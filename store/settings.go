package store

import (
	"context"
	"strings"

	"github.com/tertial/tertial"
)

// Settings are the municipality's own settings: what the dataset format's municipality
// holds besides its code and vision.
type Settings struct {
	Name       string
	County     string
	CountyCode string
	Comparison []tertial.ComparisonMunicipality // in the report's order
	Vocabulary tertial.Vocabulary               // its own words; a term not here has the default
	Scales     map[tertial.ScaleKind][]tertial.ScaleLevel
	Colour     string // "#RRGGBB" for the report's cover (tertial.CheckMunicipalityColour); "": none
}

// SettingsOf returns the municipality's settings as the dataset holds them.
func SettingsOf(m tertial.Municipality) Settings {
	return Settings{Name: m.Name, County: m.County, CountyCode: m.CountyCode, Comparison: m.Comparison,
		Vocabulary: m.Vocabulary, Scales: m.Scales, Colour: m.Colour}
}

func comparisonText(cs []tertial.ComparisonMunicipality) string {
	parts := make([]string, len(cs))
	for i, c := range cs {
		parts[i] = c.Code + " " + c.Name
	}
	return strings.Join(parts, "; ")
}

func scaleText(levels []tertial.ScaleLevel) string {
	parts := make([]string, len(levels))
	for i, l := range levels {
		parts[i] = l.ID + " " + l.Name + " " + l.Symbol
	}
	return strings.Join(parts, "; ")
}

// UpdateSettings replaces the municipality's settings with s: a structural edit (see
// restructure), so the whole dataset as it will be must pass Dataset.Validate. A county
// code that is not two digits, a comparison municipality twice, an unknown term, a scale
// without levels, or a scale that leaves out a level a follow-up uses, or a colour that is not #RRGGBB or too light for white text ("municipality.colour"), is refused with
// EINVALID, its problems at their dataset paths ("municipality.comparison[1].code",
// "municipality.scales.goals[0].name", "goals[3].followups[0].assessment"), and nothing
// changes. ENOTFOUND for an unknown municipality. Whether the user may is the caller's
// question (an administrator's: tertial.ActManageUsers, "accounts and settings").
func (db *DB) UpdateSettings(ctx context.Context, actor, muni string, s Settings) error {
	var old tertial.Municipality
	return db.restructure(ctx, actor, muni, func(ds *tertial.Dataset) error {
		old = ds.Municipality
		m := &ds.Municipality
		m.Name, m.County, m.CountyCode, m.Comparison = s.Name, s.County, s.CountyCode, s.Comparison
		m.Vocabulary, m.Scales, m.Colour = s.Vocabulary, s.Scales, s.Colour
		if len(m.Vocabulary) == 0 {
			m.Vocabulary = nil
		}
		if len(m.Scales) == 0 {
			m.Scales = nil
		}
		return nil
	}, func(tx *Tx, ds *tertial.Dataset) ([]auditEntry, error) {
		m := ds.Municipality
		if err := tx.exec(`UPDATE municipalities SET name = ?, county = ?, county_code = ?, colour = ? WHERE code = ?`, m.Name, m.County, m.CountyCode, m.Colour, muni); err != nil {
			return nil, err
		}
		for _, t := range []string{"comparison_municipalities", "vocabulary", "scale_levels"} {
			if err := tx.exec(`DELETE FROM `+t+` WHERE muni = ?`, muni); err != nil {
				return nil, err
			}
		}
		for i, c := range m.Comparison {
			if err := tx.exec(`INSERT INTO comparison_municipalities (muni, code, pos, name) VALUES (?, ?, ?, ?)`, muni, c.Code, i, c.Name); err != nil {
				return nil, err
			}
		}
		changes := []change{{"name", old.Name, m.Name}, {"county", old.County, m.County}, {"county_code", old.CountyCode, m.CountyCode},
			{"comparison", comparisonText(old.Comparison), comparisonText(m.Comparison)}, {"colour", old.Colour, m.Colour}}
		for _, t := range tertial.Terms {
			w, ok := m.Vocabulary[t]
			if ok {
				if err := tx.exec(`INSERT INTO vocabulary (muni, term, word) VALUES (?, ?, ?)`, muni, string(t), w); err != nil {
					return nil, err
				}
			}
			changes = append(changes, change{"vocabulary." + string(t), old.Vocabulary[t], w})
		}
		for _, kind := range tertial.ScaleKinds {
			for i, l := range m.Scales[kind] {
				if err := tx.exec(`INSERT INTO scale_levels (muni, kind, pos, id, name, symbol) VALUES (?, ?, ?, ?, ?, ?)`,
					muni, string(kind), i, l.ID, l.Name, l.Symbol); err != nil {
					return nil, err
				}
			}
			changes = append(changes, change{"scales." + string(kind), scaleText(old.Scales[kind]), scaleText(m.Scales[kind])})
		}
		return []auditEntry{{entity: "municipality", key: muni, changes: changes}}, nil
	})
}
