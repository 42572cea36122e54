package publish

import (
	"encoding/json"
	"strconv"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/compute"
	"github.com/tertial/tertial/report"
)

// OpenFreeTable is a free table: its typed columns and its rows, with formula columns,
// rows computed by row formulas, group sums and the sum row as the report computes them
// (compute.FreeTable).
type OpenFreeTable struct {
	ID         string           `json:"id"`
	Title      string           `json:"title"`
	ReportUnit string           `json:"report_unit,omitempty"` // the unit the report shows amount columns in
	Note       string           `json:"note,omitempty"`
	Columns    []OpenFreeColumn `json:"columns"`
	Rows       []OpenFreeRow    `json:"rows"`
}

// OpenFreeColumn is a free table's column: its type (text, amount, percent, count, date,
// decimal), whether the table's sums add it, and its formula when it is computed.
type OpenFreeColumn struct {
	ID      string `json:"id"`
	Label   string `json:"label"`
	Type    string `json:"type"`
	Sum     bool   `json:"sum"`
	Formula string `json:"formula,omitempty"`
	Unit    string `json:"unit"` // kr for amounts, % for percentages, empty otherwise
}

// OpenFreeRow is a row of a free table. ID is the table's ID, "/" and the row's: the
// row's own ID for a row with cells or a group heading, the group's ID and "-summa" for a
// group's sum shown below it, "total" for the table's sum row. Kind is row (entered; the
// rows that sums add), formula (computed from other rows by Formula; added to no sum),
// group, sum or total. Cells holds the row's cells by column ID; an empty cell is left
// out.
type OpenFreeRow struct {
	ID      string                  `json:"id"`
	Label   string                  `json:"label"`
	Kind    string                  `json:"kind"`
	Depth   int                     `json:"depth"`
	Unit    string                  `json:"unit,omitempty"`
	Formula string                  `json:"formula,omitempty"`
	Cells   map[string]OpenFreeCell `json:"cells"`
}

// OpenFreeCell is a cell of a free table. Value is a numeric cell's figure (amounts in
// whole kronor as integers, counts as integers, percentages and decimals with a decimal
// point); Text is a text cell's text, a date cell's date (YYYY-MM-DD), or the word a
// numeric cell holds in place of a figure ("Stängt"). Before and After are a figure's
// marks ("ung", "*"); Computed is set on figures a formula or sum computed.
type OpenFreeCell struct {
	Value    *json.Number `json:"value,omitempty"`
	Text     string       `json:"text,omitempty"`
	Before   string       `json:"before,omitempty"`
	After    string       `json:"after,omitempty"`
	Computed bool         `json:"computed,omitempty"`
}

func openFreeTable(t *tertial.FreeTable) OpenFreeTable {
	ot := OpenFreeTable{ID: t.ID, Title: t.Title, Note: t.Note, Columns: []OpenFreeColumn{}, Rows: []OpenFreeRow{}}
	for _, c := range t.Columns {
		unit := ""
		switch c.Type {
		case tertial.ColAmount:
			unit, ot.ReportUnit = "kr", string(t.Unit)
		case tertial.ColPercent:
			unit = "%"
		}
		ot.Columns = append(ot.Columns, OpenFreeColumn{ID: c.ID, Label: c.Label, Type: string(c.Type), Sum: c.Sum, Formula: c.Formula.String(), Unit: unit})
	}
	cells := func(vals []compute.FreeValue) map[string]OpenFreeCell {
		out := map[string]OpenFreeCell{}
		for i, c := range t.Columns {
			if cell, ok := openFreeCell(c.Type, vals[i]); ok {
				out[c.ID] = cell
			}
		}
		return out
	}
	res := compute.FreeTable(t)
	for _, l := range res.Lines {
		row := OpenFreeRow{ID: t.ID + "/" + l.ID, Label: l.Label, Depth: l.Depth, Unit: l.Unit, Cells: cells(l.Values)}
		switch l.Kind {
		case compute.BaseRow:
			row.Kind = "row"
			if len(l.Formula) > 0 {
				row.Kind, row.Formula = "formula", l.Formula.String()
			}
			// A row's label is its first cell, as the report heads the row with it.
			if len(t.Columns) > 0 {
				row.Label = row.Cells[t.Columns[0].ID].Text
			}
		case compute.HeaderRow:
			row.Kind = "group"
		case compute.SumRow:
			row.ID, row.Kind = t.ID+"/"+l.ID+"-summa", "sum"
		}
		ot.Rows = append(ot.Rows, row)
	}
	if res.Sum != nil {
		ot.Rows = append(ot.Rows, OpenFreeRow{ID: t.ID + "/total", Label: t.SumLabel, Kind: "total", Cells: cells(res.Sum)})
	}
	return ot
}

// openFreeCell is a computed free-table value as open data; ok is false for an empty
// cell.
func openFreeCell(typ tertial.ColumnType, v compute.FreeValue) (OpenFreeCell, bool) {
	if !v.Present {
		if v.Word != "" {
			return OpenFreeCell{Text: v.Word}, true
		}
		return OpenFreeCell{}, false
	}
	out := OpenFreeCell{Computed: v.Computed}
	num := func(s string) {
		n := json.Number(s)
		out.Value = &n
	}
	switch typ {
	case tertial.ColText:
		if v.Cell.Text == "" {
			return OpenFreeCell{}, false
		}
		out.Text = v.Cell.Text
	case tertial.ColDate:
		if v.Cell.Date.IsZero() {
			return OpenFreeCell{}, false
		}
		out.Text = date(v.Cell.Date)
	case tertial.ColAmount:
		num(v.Cell.Amount.In(tertial.Kr, 0).String())
	case tertial.ColCount:
		num(strconv.FormatInt(v.Cell.Count, 10))
	case tertial.ColPercent, tertial.ColDecimal:
		num(v.Cell.Number.String())
	default:
		return OpenFreeCell{}, false
	}
	if typ.Numeric() {
		out.Before, out.After = v.Cell.Before, v.Cell.After
	}
	return out, true
}

// The kinds of OpenStatusItem.
const (
	kindAssignment = "assignment"
	kindRiskAction = "risk_action"
	kindAudit      = "audit"
	kindControl    = "control"
)

// OpenStatusItem is an assignment or an internal-control item (a risk's action, an
// action after an audit, a systematic control) with its status follow-up for the
// period, as the report lists it. Status is the level ID of the municipality's status
// scale and StatusText its word, both empty when the period has no follow-up.
type OpenStatusItem struct {
	ID         string `json:"id"`
	Kind       string `json:"kind"` // assignment, risk_action, audit, control
	Title      string `json:"title"`
	Goal       string `json:"goal,omitempty"`        // an assignment's goal
	Process    string `json:"process,omitempty"`     // a risk's or a control's process ("Mål / process")
	Risk       string `json:"risk,omitempty"`        // a risk action's risk: its ID
	RiskText   string `json:"risk_text,omitempty"`   // and what it is
	Review     string `json:"review,omitempty"`      // an audit action's review
	CaseNumber string `json:"case_number,omitempty"` // and its case number (diarienummer)
	Unit       string `json:"unit"`                  // the responsible unit
	Origin     string `json:"origin,omitempty"`      // who gave an assignment
	Due        string `json:"due,omitempty"`         // by when it is to be done (YYYY-MM-DD)
	Status     string `json:"status"`
	StatusText string `json:"status_text"`
	Progress   *int   `json:"progress,omitempty"` // degree of completion in percent, if reported
	Comment    string `json:"comment"`
}

// with returns the item with the follow-up's status, progress and comment.
func (it OpenStatusItem) with(w report.Vocab, f *tertial.StatusFollowup) OpenStatusItem {
	if f == nil {
		return it
	}
	it.Status, it.Progress, it.Comment = string(f.Status), f.Progress, f.Comment
	if l, ok := w.Status(f.Status); ok {
		it.StatusText = l.Text
	}
	return it
}

// openControl lists the internal-control items of the units in scope, as the report's
// sections do: the risks' actions, the actions after audits and the controls.
func openControl(ds *tertial.Dataset, scope *tertial.Scope, w report.Vocab, per *tertial.Period) []OpenStatusItem {
	out := []OpenStatusItem{}
	for _, r := range ds.Risks {
		if !scope.Includes(r.Unit) {
			continue
		}
		for _, a := range r.Actions {
			it := OpenStatusItem{ID: a.ID, Kind: kindRiskAction, Title: a.Action, Process: r.Process, Risk: r.ID, RiskText: r.Risk, Unit: r.Unit}
			out = append(out, it.with(w, report.StatusFollowup(a.Followups, r.Unit, per)))
		}
	}
	for _, a := range ds.Audits {
		if !scope.Includes(a.Unit) {
			continue
		}
		it := OpenStatusItem{ID: a.ID, Kind: kindAudit, Title: a.Action, Review: a.Title, CaseNumber: a.CaseNumber, Unit: a.Unit}
		out = append(out, it.with(w, report.StatusFollowup(a.Followups, a.Unit, per)))
	}
	for _, c := range ds.Controls {
		if !scope.Includes(c.Unit) {
			continue
		}
		it := OpenStatusItem{ID: c.ID, Kind: kindControl, Title: c.Control, Process: c.Process, Unit: c.Unit}
		out = append(out, it.with(w, report.StatusFollowup(c.Followups, c.Unit, per)))
	}
	return out
}
