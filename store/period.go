package store

import (
	"context"
	"fmt"

	"github.com/tertial/tertial"
)

// CreatePeriod creates an open period of a unit of the municipality as the spec says,
// made from the earlier period spec.From names when it names one: that period's structure
// is carried and none of its figures (tertial.NewPeriod says what exactly). The new period
// comes after every other in the dataset's order. It is a structural edit (see
// restructure): the whole dataset as it will be must pass Dataset.Validate, so a period
// whose ID the unit already has, whose start is after its cut-off, of an unknown kind,
// made from a period the unit does not have, or that overlaps another of the unit's
// periods of the same kind is refused with EINVALID and nothing changes. The problems of
// the new period name the spec's fields ("id", "cutoff", "from"); problems elsewhere keep
// their dataset path. It returns the period as stored, ENOTFOUND for an unknown
// municipality. Whether the user may create it is the caller's question
// (tertial.ActEditStructure).
func (db *DB) CreatePeriod(ctx context.Context, actor, muni string, spec tertial.PeriodSpec) (*tertial.Period, error) {
	var created tertial.Period
	prefix := ""
	err := db.restructure(ctx, actor, muni, func(ds *tertial.Dataset) error {
		var from *tertial.Period
		if spec.From != "" {
			// A From the unit lacks is the validator's to name, beside the field.
			from = ds.Period(spec.Unit, spec.From)
		}
		created = tertial.NewPeriod(spec, from)
		created.AddTemplateTexts(ds.Template(created.Template))
		prefix = fmt.Sprintf("periods[%d].", len(ds.Periods))
		ds.Periods = append(ds.Periods, created)
		return nil
	}, func(tx *Tx, ds *tertial.Dataset) ([]auditEntry, error) {
		var pos int
		if err := tx.get(`SELECT COALESCE(MAX(pos), -1) + 1 FROM periods WHERE muni = ?`, []any{muni}, &pos); err != nil {
			return nil, err
		}
		if err := insertPeriod(tx, muni, pos, &created); err != nil {
			return nil, err
		}
		return []auditEntry{{entity: "period", key: created.Unit + "/" + created.ID, changes: []change{
			{"created", "", "created"},
			{"kind", "", string(created.Kind)}, {"title", "", created.Title},
			{"start", "", dateText(created.Start)}, {"cutoff", "", dateText(created.Cutoff)},
			{"deadline", "", dateText(created.Deadline)}, {"from", "", created.From}, {"template", "", created.Template},
		}}}, nil
	})
	if err != nil {
		return nil, itemProblems(err, prefix)
	}
	// Read it back as stored, with its versions.
	ds, err := db.Dataset(ctx, muni)
	if err != nil {
		return nil, err
	}
	p := ds.Period(spec.Unit, spec.ID)
	if p == nil {
		return nil, fmt.Errorf("created period %s/%s not found", spec.Unit, spec.ID)
	}
	return p, nil
}

// PreviousText is the text a period's text section had in the period it was made from.
type PreviousText struct {
	Period      string // the earlier period's ID
	PeriodTitle string
	Title       string // the text's title there
	Body        string
}

// PreviousText returns the text with the ID in the period p was made from (its From), or
// nil when p has no From or that period has no such text. It returns ENOTFOUND when the
// municipality or the period does not exist. Anyone who may read the period may read it.
func (db *DB) PreviousText(ctx context.Context, p PeriodRef, textID string) (*PreviousText, error) {
	ds, err := db.SharedDataset(ctx, p.Municipality)
	if err != nil {
		return nil, err
	}
	if ds.Period(p.Unit, p.Period) == nil {
		return nil, tertial.Errorf(tertial.ENOTFOUND, "enheten %s har ingen period %s", p.Unit, p.Period)
	}
	t, from := ds.PreviousText(p.Unit, p.Period, textID)
	if t == nil {
		return nil, nil
	}
	return &PreviousText{Period: from.ID, PeriodTitle: from.Title, Title: t.Title, Body: t.Body}, nil
}
