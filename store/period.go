package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/tertial/tertial"
)

// CreatePeriod creates an open period of a unit of the municipality as the spec says,
// made from the earlier period spec.From names when it names one: that period's structure
// is carried and none of its figures but, for a follow-up of the same year, the budget
// (tertial.NewPeriod says what exactly). The new period comes after every other in the
// dataset's order. It is a structural edit (see
// restructure): the whole dataset as it will be must pass Dataset.Validate, so a period
// whose ID the unit already has, whose start is after its cut-off, of an unknown kind,
// made from a period the unit does not have, or that overlaps another of the unit's
// periods of the same kind is refused with EINVALID and nothing changes. The problems of
// the new period name the spec's fields ("id", "cutoff", "from"); problems elsewhere keep
// their dataset path. It returns the period as stored, ENOTFOUND for an unknown
// municipality. Whether the user may create it is the caller's question
// (tertial.ActEditStructure).
func (db *DB) CreatePeriod(ctx context.Context, actor, muni string, spec tertial.PeriodSpec) (*tertial.Period, error) {
	ps, err := db.CreatePeriods(ctx, actor, muni, []tertial.PeriodSpec{spec})
	if err != nil {
		return nil, err
	}
	return ps[0], nil
}

// CreatePeriods creates the periods the specs describe as CreatePeriod does, in one
// structural edit: all of them or, when the rules refuse any, none. It makes the same
// period for several units at once (each board's delårsrapport made from its own plan).
// The problems of a spec name its fields; with more than one spec, their messages begin
// with the spec's unit ("ks: …"). It returns the periods as stored, in the specs' order.
func (db *DB) CreatePeriods(ctx context.Context, actor, muni string, specs []tertial.PeriodSpec) ([]*tertial.Period, error) {
	return db.createPeriods(ctx, actor, muni, nil, specs)
}

// CreatePeriodsWithTemplate creates the report template t and the periods the specs
// describe, which name it, in one structural edit: all of them or none (a period made
// from a starting template on the "Ny period" form). A template whose ID exists is
// refused with EINVALID on "template"; the template's other problems keep their dataset
// path ("templates[3].sections[1].ref").
func (db *DB) CreatePeriodsWithTemplate(ctx context.Context, actor, muni string, t tertial.Template, specs []tertial.PeriodSpec) ([]*tertial.Period, error) {
	return db.createPeriods(ctx, actor, muni, &t, specs)
}

func (db *DB) createPeriods(ctx context.Context, actor, muni string, tmpl *tertial.Template, specs []tertial.PeriodSpec) ([]*tertial.Period, error) {
	if len(specs) == 0 {
		return nil, tertial.Errorf(tertial.EINVALID, "inga perioder att skapa")
	}
	created := make([]tertial.Period, len(specs))
	first := 0
	err := db.restructure(ctx, actor, muni, func(ds *tertial.Dataset) error {
		if tmpl != nil {
			if ds.Template(tmpl.ID) != nil {
				return tertial.Invalid([]tertial.Problem{{Path: "template", Message: fmt.Sprintf("det finns redan en rapportmall %q", tmpl.ID)}})
			}
			ds.Templates = append(ds.Templates, *tmpl)
		}
		first = len(ds.Periods)
		for i, spec := range specs {
			var from *tertial.Period
			if spec.From != "" {
				// A From the unit lacks is the validator's to name, beside the field.
				from = ds.Period(spec.Unit, spec.From)
			}
			created[i] = tertial.NewPeriod(spec, from)
			created[i].AddTemplateTexts(ds.Template(created[i].Template))
			ds.Periods = append(ds.Periods, created[i])
		}
		return nil
	}, func(tx *Tx, ds *tertial.Dataset) ([]auditEntry, error) {
		var pos int
		if err := tx.get(`SELECT COALESCE(MAX(pos), -1) + 1 FROM periods WHERE muni = ?`, []any{muni}, &pos); err != nil {
			return nil, err
		}
		var entries []auditEntry
		if tmpl != nil {
			var tpos int
			if err := tx.get(`SELECT COALESCE(MAX(pos), -1) + 1 FROM templates WHERE muni = ?`, []any{muni}, &tpos); err != nil {
				return nil, err
			}
			if err := insertTemplate(tx, muni, tpos, tmpl); err != nil {
				return nil, err
			}
			entries = append(entries, auditEntry{entity: "template", key: tmpl.ID, changes: []change{
				{"created", "", "created"}, {"name", "", tmpl.Name}, {"sections", "", sectionsText(tmpl.Sections)}}})
		}
		for i := range created {
			c := &created[i]
			if err := insertPeriod(tx, muni, pos+i, c); err != nil {
				return nil, err
			}
			entries = append(entries, auditEntry{entity: "period", key: c.Unit + "/" + c.ID, changes: []change{
				{"created", "", "created"},
				{"kind", "", string(c.Kind)}, {"title", "", c.Title},
				{"start", "", dateText(c.Start)}, {"cutoff", "", dateText(c.Cutoff)},
				{"deadline", "", dateText(c.Deadline)}, {"from", "", c.From}, {"template", "", c.Template},
			}})
		}
		return entries, nil
	})
	if err != nil {
		return nil, specProblems(err, first, specs)
	}
	// Read them back as stored, with their versions.
	ds, err := db.Dataset(ctx, muni)
	if err != nil {
		return nil, err
	}
	out := make([]*tertial.Period, len(specs))
	for i, spec := range specs {
		if out[i] = ds.Period(spec.Unit, spec.ID); out[i] == nil {
			return nil, fmt.Errorf("created period %s/%s not found", spec.Unit, spec.ID)
		}
	}
	return out, nil
}

// specProblems translates the problems of CreatePeriods into the specs' fields: a problem
// of the new period at first+i loses its prefix ("periods[7].cutoff" is "cutoff") and,
// when there are several specs, its message begins with the spec's unit. Others keep
// their dataset path. Any other error is returned as it is.
func specProblems(err error, first int, specs []tertial.PeriodSpec) error {
	ps := tertial.ProblemsOf(err)
	if len(ps) == 0 {
		return err
	}
	out := make([]tertial.Problem, len(ps))
	for j, p := range ps {
		out[j] = p
		for i := range specs {
			prefix := fmt.Sprintf("periods[%d].", first+i)
			if strings.HasPrefix(p.Path, prefix) {
				out[j].Path = strings.TrimPrefix(p.Path, prefix)
				if len(specs) > 1 {
					out[j].Message = specs[i].Unit + ": " + p.Message
				}
				break
			}
		}
	}
	return tertial.Invalid(out)
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

// PeriodSettings are what a period's settings form changes: everything about the period
// but its unit, ID, kind, what it was made from, its state and its content. Version is
// the period's version the edit started from.
type PeriodSettings struct {
	Title     string
	Start     time.Time // zero: 1 January of the cut-off year
	Cutoff    time.Time
	Deadline  time.Time // zero: none
	Template  string    // "" for none
	Status    string
	CoverText string
	Version   int
	// NewTemplate, when not nil, is a report template created in the same write, which
	// Template names (a starting template chosen on the settings page). A template whose
	// ID exists is refused with EINVALID on "template"; its other problems keep their
	// dataset path.
	NewTemplate *tertial.Template
}

// UpdatePeriodSettings changes an open period's title, first day, cut-off, deadline (sista
// dag för underlag), report template, status word and cover text. It is a structural edit
// (see restructure): the whole dataset as it will be must pass Dataset.Validate, so a
// cut-off that makes the period overlap another of the unit's periods of the same kind,
// a start after the cut-off, an unknown template or a status too long for the cover is
// refused with EINVALID, its problems naming the period's fields ("cutoff", "status"), and
// nothing changes. ENOTFOUND for an unknown period, ELOCKED for a locked one (the board
// has decided it: unlock it first), ECONFLICT when s.Version is not the period's. It
// returns the period as stored, with its new version. Whether the user may is the
// caller's question (tertial.ActEditStructure).
func (db *DB) UpdatePeriodSettings(ctx context.Context, actor string, p PeriodRef, s PeriodSettings) (*tertial.Period, error) {
	var old tertial.Period
	var after *tertial.Dataset
	var texts []periodTexts
	index := -1
	prefix := ""
	err := db.restructure(ctx, actor, p.Municipality, func(ds *tertial.Dataset) error {
		per, i, err := structurePeriod(ds, p)
		if err != nil {
			return err
		}
		after, index = ds, i
		if per.Version != s.Version {
			return staleVersion(per.Version, s.Version)
		}
		old = *per
		prefix = fmt.Sprintf("periods[%d].", i)
		if t := s.NewTemplate; t != nil {
			if ds.Template(t.ID) != nil {
				return tertial.Invalid([]tertial.Problem{{Path: prefix + "template", Message: fmt.Sprintf("det finns redan en rapportmall %q", t.ID)}})
			}
			ds.Templates = append(ds.Templates, *t)
		}
		per.Title, per.Start, per.Cutoff, per.Deadline = s.Title, s.Start, s.Cutoff, s.Deadline
		per.Template, per.Status, per.CoverText = s.Template, s.Status, s.CoverText
		// A template chosen here gives the period its texts, as choosing it elsewhere does.
		texts = []periodTexts{{per.Unit, per.ID, len(per.Texts), per.AddTemplateTexts(ds.Template(per.Template))}}
		return nil
	}, func(tx *Tx, ds *tertial.Dataset) ([]auditEntry, error) {
		if err := openPeriod(tx, p); err != nil {
			return nil, err
		}
		var entries []auditEntry
		if t := s.NewTemplate; t != nil {
			var tpos int
			if err := tx.get(`SELECT COALESCE(MAX(pos), -1) + 1 FROM templates WHERE muni = ?`, []any{p.Municipality}, &tpos); err != nil {
				return nil, err
			}
			if err := insertTemplate(tx, p.Municipality, tpos, t); err != nil {
				return nil, err
			}
			entries = append(entries, auditEntry{entity: "template", key: t.ID, changes: []change{
				{"created", "", "created"}, {"name", "", t.Name}, {"sections", "", sectionsText(t.Sections)}}})
		}
		if err := tx.changeOne(`UPDATE periods SET title = ?, start_date = ?, cutoff = ?, deadline = ?, template_id = ?, status = ?, cover_text = ?,
			version = version + 1 WHERE muni = ? AND unit_id = ? AND id = ? AND version = ?`,
			s.Title, dateText(s.Start), dateText(s.Cutoff), dateText(s.Deadline), null(s.Template), s.Status, s.CoverText,
			p.Municipality, p.Unit, p.Period, old.Version); err != nil {
			return nil, err
		}
		textEntries, err := insertPeriodTexts(tx, p.Municipality, texts)
		if err != nil {
			return nil, err
		}
		entries = append(entries, auditEntry{entity: "period", key: p.key(), changes: []change{
			{"title", old.Title, s.Title}, {"start", dateText(old.Start), dateText(s.Start)},
			{"cutoff", dateText(old.Cutoff), dateText(s.Cutoff)}, {"deadline", dateText(old.Deadline), dateText(s.Deadline)},
			{"template", old.Template, s.Template}, {"status", old.Status, s.Status}, {"cover_text", old.CoverText, s.CoverText},
		}})
		return append(entries, textEntries...), nil
	})
	if err != nil {
		return nil, itemProblems(overlapsOnEdited(err, after, index), prefix)
	}
	ds, err := db.Dataset(ctx, p.Municipality)
	if err != nil {
		return nil, err
	}
	per := ds.Period(p.Unit, p.Period)
	if per == nil {
		return nil, fmt.Errorf("updated period %s/%s not found", p.Unit, p.Period)
	}
	return per, nil
}

// overlapsOnEdited moves the rule set's problem of an overlap to the edited period (at
// index of ds): the rule set names the later of two overlapping periods in the dataset's
// order, which may be the other one, whose cut-off did not change. The problem then says
// which period the edited one overlaps, on its own cut-off.
func overlapsOnEdited(err error, ds *tertial.Dataset, index int) error {
	ps := tertial.ProblemsOf(err)
	if len(ps) == 0 || ds == nil || index < 0 {
		return err
	}
	edited := &ds.Periods[index]
	out := make([]tertial.Problem, 0, len(ps))
	for _, pr := range ps {
		for j := range ds.Periods {
			other := &ds.Periods[j]
			if j == index || pr.Path != fmt.Sprintf("periods[%d].cutoff", j) || !tertial.PeriodsOverlap(other, edited) {
				continue
			}
			pr = tertial.Problem{Path: fmt.Sprintf("periods[%d].cutoff", index), Message: fmt.Sprintf("perioden överlappar enhetens period %q (%s–%s) av samma typ",
				other.ID, other.StartDate().Format(time.DateOnly), other.Cutoff.Format(time.DateOnly))}
			break
		}
		out = append(out, pr)
	}
	return tertial.Invalid(out)
}
