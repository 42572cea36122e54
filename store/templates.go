package store

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/tertial/tertial"
)

// SaveTemplate creates (create true) or changes a report template of the municipality:
// its name and its sections in order. It is a structural edit (see restructure): the whole
// dataset as it will be must pass Dataset.Validate, so a section of an unknown kind, a
// text section without ref or a goals filter naming a missing goal level is refused with
// EINVALID and nothing changes; the problems of the template name its fields
// ("sections[2].ref"). A new template whose ID exists is refused with EINVALID on "id";
// changing a template that does not exist returns ENOTFOUND. The template's sections are
// shared by every period that uses it, locked ones included: a locked period's report is
// its snapshot. Whether the user may edit it is the caller's question
// (tertial.ActEditStructure).
func (db *DB) SaveTemplate(ctx context.Context, actor, muni string, t tertial.Template, create bool) error {
	var old *tertial.Template
	var texts []periodTexts
	prefix := ""
	err := db.restructure(ctx, actor, muni, func(ds *tertial.Dataset) error {
		texts = nil
		i := slices.IndexFunc(ds.Templates, func(x tertial.Template) bool { return x.ID == t.ID })
		switch {
		case create && i >= 0:
			return tertial.Invalid([]tertial.Problem{{Path: "id", Message: fmt.Sprintf("det finns redan en rapportmall %q", t.ID)}})
		case !create && i < 0:
			return tertial.Errorf(tertial.ENOTFOUND, "det finns ingen rapportmall %q", t.ID)
		case i >= 0:
			o := ds.Templates[i]
			old = &o
			ds.Templates[i] = t
		default:
			i = len(ds.Templates)
			ds.Templates = append(ds.Templates, t)
		}
		prefix = fmt.Sprintf("templates[%d].", i)
		// The open periods that use the template get a field for each new text.
		for j := range ds.Periods {
			per := &ds.Periods[j]
			if per.Template == t.ID && per.State == tertial.PeriodOpen {
				texts = append(texts, periodTexts{per.Unit, per.ID, len(per.Texts), per.AddTemplateTexts(&t)})
			}
		}
		return nil
	}, func(tx *Tx, ds *tertial.Dataset) ([]auditEntry, error) {
		textEntries, err := insertPeriodTexts(tx, muni, texts)
		if err != nil {
			return nil, err
		}
		if old == nil {
			var pos int
			if err := tx.get(`SELECT COALESCE(MAX(pos), -1) + 1 FROM templates WHERE muni = ?`, []any{muni}, &pos); err != nil {
				return nil, err
			}
			if err := insertTemplate(tx, muni, pos, &t); err != nil {
				return nil, err
			}
			return append([]auditEntry{{entity: "template", key: t.ID, changes: []change{
				{"created", "", "created"}, {"name", "", t.Name}, {"sections", "", sectionsText(t.Sections)}}}}, textEntries...), nil
		}
		if err := tx.exec(`UPDATE templates SET name = ? WHERE muni = ? AND id = ?`, t.Name, muni, t.ID); err != nil {
			return nil, err
		}
		if err := insertSections(tx, muni, &t, true); err != nil {
			return nil, err
		}
		return append([]auditEntry{{entity: "template", key: t.ID, changes: []change{
			{"name", old.Name, t.Name}, {"sections", sectionsText(old.Sections), sectionsText(t.Sections)}}}}, textEntries...), nil
	})
	return itemProblems(err, prefix)
}

// DeleteTemplate removes a report template. A template that a period uses is refused with
// EINVALID (the rule set's "det finns ingen rapportmall" on that period); choose another
// template for the period first. It returns ENOTFOUND for an unknown template.
func (db *DB) DeleteTemplate(ctx context.Context, actor, muni, id string) error {
	var old tertial.Template
	return db.restructure(ctx, actor, muni, func(ds *tertial.Dataset) error {
		i := slices.IndexFunc(ds.Templates, func(x tertial.Template) bool { return x.ID == id })
		if i < 0 {
			return tertial.Errorf(tertial.ENOTFOUND, "det finns ingen rapportmall %q", id)
		}
		old = ds.Templates[i]
		var users []string
		for _, p := range ds.Periods {
			if p.Template == id {
				users = append(users, p.Unit+"/"+p.ID)
			}
		}
		if len(users) > 0 {
			return tertial.Invalid([]tertial.Problem{{Path: "id", Message: fmt.Sprintf("rapportmallen används av perioderna %s; välj en annan mall för dem först", strings.Join(users, ", "))}})
		}
		ds.Templates = slices.Delete(ds.Templates, i, i+1)
		return nil
	}, func(tx *Tx, ds *tertial.Dataset) ([]auditEntry, error) {
		if err := tx.exec(`DELETE FROM template_sections WHERE muni = ? AND template_id = ?`, muni, id); err != nil {
			return nil, err
		}
		if err := tx.exec(`DELETE FROM templates WHERE muni = ? AND id = ?`, muni, id); err != nil {
			return nil, err
		}
		return []auditEntry{{entity: "template", key: id, changes: []change{
			{"name", old.Name, ""}, {"sections", sectionsText(old.Sections), ""}, {"deleted", "", "deleted"}}}}, nil
	})
}

// SetPeriodTemplate chooses the report template of an open period ("" for none). An
// unknown template is refused with EINVALID on "template"; ENOTFOUND for an unknown
// period, ELOCKED for a locked one.
func (db *DB) SetPeriodTemplate(ctx context.Context, actor string, p PeriodRef, template string) error {
	var old string
	var texts []periodTexts
	prefix := ""
	err := db.restructure(ctx, actor, p.Municipality, func(ds *tertial.Dataset) error {
		per, i, err := structurePeriod(ds, p)
		if err != nil {
			return err
		}
		old = per.Template
		per.Template = template
		prefix = fmt.Sprintf("periods[%d].", i)
		texts = []periodTexts{{per.Unit, per.ID, len(per.Texts), per.AddTemplateTexts(ds.Template(template))}}
		return nil
	}, func(tx *Tx, ds *tertial.Dataset) ([]auditEntry, error) {
		if err := openPeriod(tx, p); err != nil {
			return nil, err
		}
		if err := tx.exec(`UPDATE periods SET template_id = ? WHERE muni = ? AND unit_id = ? AND id = ?`, null(template), p.Municipality, p.Unit, p.Period); err != nil {
			return nil, err
		}
		textEntries, err := insertPeriodTexts(tx, p.Municipality, texts)
		if err != nil {
			return nil, err
		}
		return append([]auditEntry{{entity: "period", key: p.key(), changes: []change{{"template", old, template}}}}, textEntries...), nil
	})
	return itemProblems(err, prefix)
}

// insertSections stores a template's sections, replacing those it had when replace.
func insertSections(tx *Tx, muni string, t *tertial.Template, replace bool) error {
	if replace {
		if err := tx.exec(`DELETE FROM template_sections WHERE muni = ? AND template_id = ?`, muni, t.ID); err != nil {
			return err
		}
	}
	pos := 0
	var walk func(parent any, ss []tertial.Section) error
	walk = func(parent any, ss []tertial.Section) error {
		for _, s := range ss {
			me := pos
			pos++
			dims := make([]string, len(s.Dimensions))
			for i, d := range s.Dimensions {
				dims[i] = string(d)
			}
			fields := make([]string, len(s.Fields))
			for i, f := range s.Fields {
				fields[i] = string(f)
			}
			if err := tx.exec(`INSERT INTO template_sections (muni, template_id, pos, parent_pos, kind, title, ref, years, base_years, levels, areas, dimensions, owners, tags, layout, fields)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				muni, t.ID, me, parent, string(s.Kind), s.Title, s.Ref, s.Years, boolInt(s.BaseYears),
				strings.Join(s.Levels, ","), strings.Join(s.Areas, ","), strings.Join(dims, ","),
				strings.Join(s.Owners, ","), strings.Join(s.Tags, ","), string(s.Layout), strings.Join(fields, ",")); err != nil {
				return err
			}
			if err := walk(me, s.Sections); err != nil {
				return err
			}
		}
		return nil
	}
	return walk(nil, t.Sections)
}

// sectionsText is a template's sections as one line, for the audit log.
func sectionsText(ss []tertial.Section) string {
	var parts []string
	for _, s := range ss {
		x := string(s.Kind)
		if s.Title != "" {
			x += " " + fmt.Sprintf("%q", s.Title)
		}
		if s.Ref != "" {
			x += " ref=" + s.Ref
		}
		if len(s.Sections) > 0 {
			x += " {" + sectionsText(s.Sections) + "}"
		}
		parts = append(parts, x)
	}
	return strings.Join(parts, "; ")
}

// periodTexts are the text sections a template gave a period: added after the first
// pos texts it had.
type periodTexts struct {
	unit, period string
	pos          int
	added        []tertial.TextSection
}

// insertPeriodTexts stores the texts templates gave periods, each empty, and returns what
// to record of them in the audit log.
func insertPeriodTexts(tx *Tx, muni string, all []periodTexts) ([]auditEntry, error) {
	var entries []auditEntry
	for _, pt := range all {
		for k, t := range pt.added {
			if err := tx.exec(`INSERT INTO text_sections (muni, unit_id, period_id, id, pos, title, body) VALUES (?, ?, ?, ?, ?, ?, ?)`,
				muni, pt.unit, pt.period, t.ID, pt.pos+k, t.Title, ""); err != nil {
				return nil, err
			}
			entries = append(entries, auditEntry{entity: "text", key: pt.unit + "/" + pt.period + "/" + t.ID,
				changes: []change{{"created", "", "created"}, {"title", "", t.Title}}})
		}
	}
	return entries, nil
}
