package store

import (
	"context"
	"fmt"
	"strconv"

	"github.com/tertial/tertial"
)

// The internal-control plan edited in the product: its risks (with probability and
// consequence), audit actions and controls, each a structural edit (see restructure), so
// the whole dataset as it will be must pass Dataset.Validate: an ID used anywhere in the
// internal control, an unknown unit, a score outside 1–5 or an empty text is refused with
// EINVALID, its problems naming the item's fields ("id", "probability"), and nothing
// changes. An item's follow-ups and a risk's actions are kept as they are; an item with
// follow-ups (or a risk whose actions have some) cannot be deleted. Whether the user may
// is the caller's question (tertial.ActEditStructure).

// ICKind is the kind of an item of the internal-control plan.
type ICKind string

// The kinds of internal-control items, as the dataset format's internal_control names
// their lists.
const (
	ICRisk    ICKind = "risks"
	ICAudit   ICKind = "audits"
	ICControl ICKind = "controls"
)

// ICItem is an item of the internal-control plan as it is edited: the fields of its kind
// (tertial.Risk, Audit or Control) without its follow-ups and actions.
type ICItem struct {
	Kind        ICKind
	ID          string
	Unit        string
	Process     string // risks, controls
	Text        string // the risk; the audit's action; the control
	Probability int    // risks: 1–5, 0 when not scored
	Consequence int    // risks: 1–5, 0 when not scored
	Title       string // audits
	CaseNumber  string // audits
	Background  string // audits
	Reason      string // controls
	Method      string // controls
	Frequency   string // controls
	Responsible string // controls
}

// icLocate returns the index of the item with the ID in its kind's list, or -1.
func icLocate(ds *tertial.Dataset, kind ICKind, id string) int {
	switch kind {
	case ICRisk:
		for i := range ds.Risks {
			if ds.Risks[i].ID == id {
				return i
			}
		}
	case ICAudit:
		for i := range ds.Audits {
			if ds.Audits[i].ID == id {
				return i
			}
		}
	case ICControl:
		for i := range ds.Controls {
			if ds.Controls[i].ID == id {
				return i
			}
		}
	}
	return -1
}

// icApply puts it in ds at i (-1: at the end of its kind's list), keeping the follow-ups
// and actions the item has, and returns its index.
func icApply(ds *tertial.Dataset, it ICItem, i int) int {
	switch it.Kind {
	case ICRisk:
		r := tertial.Risk{ID: it.ID, Unit: it.Unit, Process: it.Process, Risk: it.Text, Probability: it.Probability, Consequence: it.Consequence}
		if i < 0 {
			ds.Risks = append(ds.Risks, r)
			return len(ds.Risks) - 1
		}
		r.Actions = ds.Risks[i].Actions
		ds.Risks[i] = r
	case ICAudit:
		a := tertial.Audit{ID: it.ID, Unit: it.Unit, Title: it.Title, CaseNumber: it.CaseNumber, Background: it.Background, Action: it.Text}
		if i < 0 {
			ds.Audits = append(ds.Audits, a)
			return len(ds.Audits) - 1
		}
		a.Followups = ds.Audits[i].Followups
		ds.Audits[i] = a
	case ICControl:
		c := tertial.Control{ID: it.ID, Unit: it.Unit, Process: it.Process, Control: it.Text, Reason: it.Reason,
			Method: it.Method, Frequency: it.Frequency, Responsible: it.Responsible}
		if i < 0 {
			ds.Controls = append(ds.Controls, c)
			return len(ds.Controls) - 1
		}
		c.Followups = ds.Controls[i].Followups
		ds.Controls[i] = c
	}
	return i
}

// icItemOf returns the dataset's item as an ICItem.
func icItemOf(ds *tertial.Dataset, kind ICKind, i int) ICItem {
	switch kind {
	case ICRisk:
		r := ds.Risks[i]
		return ICItem{Kind: kind, ID: r.ID, Unit: r.Unit, Process: r.Process, Text: r.Risk, Probability: r.Probability, Consequence: r.Consequence}
	case ICAudit:
		a := ds.Audits[i]
		return ICItem{Kind: kind, ID: a.ID, Unit: a.Unit, Title: a.Title, CaseNumber: a.CaseNumber, Background: a.Background, Text: a.Action}
	}
	c := ds.Controls[i]
	return ICItem{Kind: kind, ID: c.ID, Unit: c.Unit, Process: c.Process, Text: c.Control, Reason: c.Reason,
		Method: c.Method, Frequency: c.Frequency, Responsible: c.Responsible}
}

func scoreText(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

func icChanges(old, new ICItem) []change {
	return []change{{"unit", old.Unit, new.Unit}, {"process", old.Process, new.Process}, {"text", old.Text, new.Text},
		{"probability", scoreText(old.Probability), scoreText(new.Probability)}, {"consequence", scoreText(old.Consequence), scoreText(new.Consequence)},
		{"title", old.Title, new.Title}, {"case_number", old.CaseNumber, new.CaseNumber}, {"background", old.Background, new.Background},
		{"reason", old.Reason, new.Reason}, {"method", old.Method, new.Method}, {"frequency", old.Frequency, new.Frequency},
		{"responsible", old.Responsible, new.Responsible}}
}

// icRow is the kind's value in ic_items.kind.
var icRow = map[ICKind]string{ICRisk: "risk", ICAudit: "audit", ICControl: "control"}

func icKnown(kind ICKind) error {
	if _, ok := icRow[kind]; !ok {
		return tertial.Errorf(tertial.ENOTFOUND, "den interna kontrollen har inga %q", kind)
	}
	return nil
}

// SaveICItem creates the item (create) after every other of its kind, or replaces the
// fields of the one with its ID, keeping its follow-ups and actions. ENOTFOUND when an
// item to replace does not exist.
func (db *DB) SaveICItem(ctx context.Context, actor, muni string, it ICItem, create bool) error {
	if err := icKnown(it.Kind); err != nil {
		return err
	}
	prefix := ""
	var old ICItem
	err := db.restructure(ctx, actor, muni, func(ds *tertial.Dataset) error {
		i := -1
		if !create {
			if i = icLocate(ds, it.Kind, it.ID); i < 0 {
				return tertial.Errorf(tertial.ENOTFOUND, "den interna kontrollen har ingen post %q", it.ID)
			}
			old = icItemOf(ds, it.Kind, i)
		}
		i = icApply(ds, it, i)
		prefix = fmt.Sprintf("internal_control.%s[%d].", it.Kind, i)
		return nil
	}, func(tx *Tx, ds *tertial.Dataset) ([]auditEntry, error) {
		text, title, caseNo, background, reason := it.Text, it.Title, it.CaseNumber, it.Background, it.Reason
		if create {
			var pos int
			if err := tx.get(`SELECT COALESCE(MAX(pos), 0) + 1 FROM ic_items WHERE muni = ?`, []any{muni}, &pos); err != nil {
				return nil, err
			}
			if err := tx.exec(`INSERT INTO ic_items (muni, id, pos, kind, parent_id, unit_id, process, title, case_number, background, body, reason, probability, consequence, method, frequency, responsible)
				VALUES (?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, muni, it.ID, pos, icRow[it.Kind], it.Unit, it.Process, title, caseNo, background, text, reason,
				nullScore(it.Probability), nullScore(it.Consequence), it.Method, it.Frequency, it.Responsible); err != nil {
				return nil, err
			}
			return []auditEntry{{entity: "ic_item", key: it.ID, changes: append([]change{{"created", "", string(it.Kind)}}, icChanges(ICItem{}, it)...)}}, nil
		}
		if err := tx.exec(`UPDATE ic_items SET unit_id = ?, process = ?, title = ?, case_number = ?, background = ?, body = ?, reason = ?, probability = ?, consequence = ?,
			method = ?, frequency = ?, responsible = ? WHERE muni = ? AND id = ?`, it.Unit, it.Process, title, caseNo, background, text, reason,
			nullScore(it.Probability), nullScore(it.Consequence), it.Method, it.Frequency, it.Responsible, muni, it.ID); err != nil {
			return nil, err
		}
		// A risk's actions belong to its unit.
		if err := tx.exec(`UPDATE ic_items SET unit_id = ? WHERE muni = ? AND parent_id = ?`, it.Unit, muni, it.ID); err != nil {
			return nil, err
		}
		return []auditEntry{{entity: "ic_item", key: it.ID, changes: icChanges(old, it)}}, nil
	})
	return itemProblems(err, prefix)
}

// DeleteICItem removes the item of the kind with the ID. An item with follow-ups, or a
// risk whose actions have some, is refused with EINVALID (field "id"): what was reported
// stays. A risk's actions without follow-ups go with it.
func (db *DB) DeleteICItem(ctx context.Context, actor, muni string, kind ICKind, id string) error {
	if err := icKnown(kind); err != nil {
		return err
	}
	var old ICItem
	return db.restructure(ctx, actor, muni, func(ds *tertial.Dataset) error {
		i := icLocate(ds, kind, id)
		if i < 0 {
			return tertial.Errorf(tertial.ENOTFOUND, "den interna kontrollen har ingen post %q", id)
		}
		old = icItemOf(ds, kind, i)
		reported := false
		switch kind {
		case ICRisk:
			for _, a := range ds.Risks[i].Actions {
				reported = reported || len(a.Followups) > 0
			}
			ds.Risks = append(ds.Risks[:i:i], ds.Risks[i+1:]...)
		case ICAudit:
			reported = len(ds.Audits[i].Followups) > 0
			ds.Audits = append(ds.Audits[:i:i], ds.Audits[i+1:]...)
		case ICControl:
			reported = len(ds.Controls[i].Followups) > 0
			ds.Controls = append(ds.Controls[:i:i], ds.Controls[i+1:]...)
		}
		if reported {
			return tertial.Invalid([]tertial.Problem{{Path: "id", Message: "en post som har följts upp kan inte tas bort: uppföljningarna hör till rapporterna"}})
		}
		return nil
	}, func(tx *Tx, ds *tertial.Dataset) ([]auditEntry, error) {
		if err := tx.exec(`DELETE FROM ic_items WHERE muni = ? AND parent_id = ?`, muni, id); err != nil {
			return nil, err
		}
		if err := tx.exec(`DELETE FROM ic_items WHERE muni = ? AND id = ?`, muni, id); err != nil {
			return nil, err
		}
		return []auditEntry{{entity: "ic_item", key: id, changes: append([]change{{"deleted", "", string(kind)}}, icChanges(old, ICItem{})...)}}, nil
	})
}

// icRisk returns the index of the risk with the ID, or ENOTFOUND.
func icRisk(ds *tertial.Dataset, risk string) (int, error) {
	if i := icLocate(ds, ICRisk, risk); i >= 0 {
		return i, nil
	}
	return -1, tertial.Errorf(tertial.ENOTFOUND, "den interna kontrollen har ingen risk %q", risk)
}

// icAction returns the index of the risk's action with the ID, or ENOTFOUND.
func icAction(r *tertial.Risk, id string) (int, error) {
	for j := range r.Actions {
		if r.Actions[j].ID == id {
			return j, nil
		}
	}
	return -1, tertial.Errorf(tertial.ENOTFOUND, "risken %s har ingen åtgärd %q", r.ID, id)
}

// icRenumber writes the internal control's order of the dataset into ic_items.pos: each
// risk followed by its actions, then the audits and the controls, as the dataset is read
// back (loadInternalControl reads an action after its risk).
func icRenumber(tx *Tx, muni string, ds *tertial.Dataset) error {
	pos := 0
	set := func(id string) error {
		pos++
		return tx.exec(`UPDATE ic_items SET pos = ? WHERE muni = ? AND id = ?`, pos, muni, id)
	}
	for _, r := range ds.Risks {
		if err := set(r.ID); err != nil {
			return err
		}
		for _, a := range r.Actions {
			if err := set(a.ID); err != nil {
				return err
			}
		}
	}
	for _, a := range ds.Audits {
		if err := set(a.ID); err != nil {
			return err
		}
	}
	for _, c := range ds.Controls {
		if err := set(c.ID); err != nil {
			return err
		}
	}
	return nil
}

// SaveRiskAction creates the risk-reducing action a (create) after the risk's other
// actions, or replaces the text of the risk's action with a's ID, keeping its follow-ups
// (they belong to the periods). Its ID is unique in the internal control; the rule set's
// problems name "id" and "action". ENOTFOUND when the risk, or an action to replace, does
// not exist.
func (db *DB) SaveRiskAction(ctx context.Context, actor, muni, risk string, a tertial.RiskAction, create bool) error {
	prefix, old := "", ""
	err := db.restructure(ctx, actor, muni, func(ds *tertial.Dataset) error {
		i, err := icRisk(ds, risk)
		if err != nil {
			return err
		}
		r := &ds.Risks[i]
		j := len(r.Actions)
		if create {
			r.Actions = append(r.Actions, tertial.RiskAction{ID: a.ID, Action: a.Action})
		} else {
			if j, err = icAction(r, a.ID); err != nil {
				return err
			}
			old = r.Actions[j].Action
			r.Actions[j].Action = a.Action
		}
		prefix = fmt.Sprintf("internal_control.risks[%d].actions[%d].", i, j)
		return nil
	}, func(tx *Tx, ds *tertial.Dataset) ([]auditEntry, error) {
		if !create {
			if err := tx.exec(`UPDATE ic_items SET body = ? WHERE muni = ? AND id = ? AND parent_id = ?`, a.Action, muni, a.ID, risk); err != nil {
				return nil, err
			}
			return []auditEntry{{entity: "ic_item", key: a.ID, changes: []change{{"action", old, a.Action}}}}, nil
		}
		r := ds.Risks[icLocate(ds, ICRisk, risk)]
		if err := tx.exec(`INSERT INTO ic_items (muni, id, pos, kind, parent_id, unit_id, body) VALUES (?, ?, 0, 'action', ?, ?, ?)`,
			muni, a.ID, risk, r.Unit, a.Action); err != nil {
			return nil, err
		}
		if err := icRenumber(tx, muni, ds); err != nil {
			return nil, err
		}
		return []auditEntry{{entity: "ic_item", key: a.ID, changes: []change{{"created", "", "action"}, {"risk", "", risk}, {"action", "", a.Action}}}}, nil
	})
	return itemProblems(err, prefix)
}

// DeleteRiskAction removes the risk's action with the ID. An action with follow-ups is
// refused with EINVALID (field "id"): what was reported stays. ENOTFOUND when the risk or
// the action does not exist.
func (db *DB) DeleteRiskAction(ctx context.Context, actor, muni, risk, id string) error {
	old := ""
	return db.restructure(ctx, actor, muni, func(ds *tertial.Dataset) error {
		i, err := icRisk(ds, risk)
		if err != nil {
			return err
		}
		r := &ds.Risks[i]
		j, err := icAction(r, id)
		if err != nil {
			return err
		}
		if len(r.Actions[j].Followups) > 0 {
			return tertial.Invalid([]tertial.Problem{{Path: "id", Message: "en åtgärd som har följts upp kan inte tas bort: uppföljningarna hör till rapporterna"}})
		}
		old = r.Actions[j].Action
		r.Actions = append(r.Actions[:j:j], r.Actions[j+1:]...)
		return nil
	}, func(tx *Tx, ds *tertial.Dataset) ([]auditEntry, error) {
		if err := tx.exec(`DELETE FROM ic_items WHERE muni = ? AND id = ? AND parent_id = ?`, muni, id, risk); err != nil {
			return nil, err
		}
		return []auditEntry{{entity: "ic_item", key: id, changes: []change{{"deleted", "", "action"}, {"risk", risk, ""}, {"action", old, ""}}}}, nil
	})
}
