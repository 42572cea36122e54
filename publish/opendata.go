package publish

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strconv"
	"time"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/compute"
	"github.com/tertial/tertial/report"
)

// OpenDataFormat names the open data's format and its version, in every JSON file.
const OpenDataFormat = "tertial-oppna-data-1"

// OpenData is a published report's figures as open data (docs/publishing.md): the
// unit's goals with their assessments, its indicators with values, targets and
// assessments, its money tables and free tables row by row, and its assignments and
// internal-control items with their status in the period, each with a stable ID. It is built at
// publication from the same data as the report's files, and stored with them, so that it
// stays what was published whatever changes later.
type OpenData struct {
	Format       string           `json:"format"`
	Municipality OpenMunicipality `json:"municipality"`
	Unit         OpenRef          `json:"unit"`
	Period       OpenPeriod       `json:"period"`
	Licence      OpenLicence      `json:"licence"`
	Overall      []OpenAssessment `json:"overall_assessments"`
	Goals        []OpenGoal       `json:"goals"`
	Indicators   []OpenIndicator  `json:"indicators"`
	Tables       []OpenMoneyTable `json:"tables"`
	FreeTables   []OpenFreeTable  `json:"free_tables"`
	Assignments  []OpenStatusItem `json:"assignments"`
	Control      []OpenStatusItem `json:"internal_control"`
	Generated    string           `json:"generated"`
}

// OpenMunicipality is the municipality: its code and name.
type OpenMunicipality struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// OpenRef is an item's ID and name.
type OpenRef struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// OpenPeriod is the report's period.
type OpenPeriod struct {
	ID                string `json:"id"`
	Title             string `json:"title"`
	Kind              string `json:"kind"`
	Start             string `json:"start"`
	Cutoff            string `json:"cutoff"`
	DecisionDate      string `json:"decision_date,omitempty"`
	DecisionParagraph string `json:"decision_paragraph,omitempty"`
}

// OpenLicence is the municipality's licence statement for the open data.
type OpenLicence struct {
	Name string `json:"name"`
	URL  string `json:"url,omitempty"`
}

// OpenAssessment is a row of the overall assessment ("Ekonomi: uppnås").
type OpenAssessment struct {
	ID         string `json:"id"`
	Label      string `json:"label"`
	Assessment string `json:"assessment"`
	Text       string `json:"assessment_text"`
}

// OpenGoal is a goal of the unit's report with its assessment in the period ("" when
// none was made).
type OpenGoal struct {
	ID         string `json:"id"`
	Title      string `json:"title"`
	Level      string `json:"level"`
	Area       string `json:"area"`
	Parent     string `json:"parent,omitempty"`
	Assessment string `json:"assessment"`
	Text       string `json:"assessment_text"`
}

// OpenIndicator is an indicator of the unit's report.
type OpenIndicator struct {
	ID         string      `json:"id"`
	Goal       string      `json:"goal"`
	Name       string      `json:"name"`
	Unit       string      `json:"unit"`
	Direction  string      `json:"direction"`
	Values     []OpenValue `json:"values"`
	Target     string      `json:"target"`
	TargetYear int         `json:"target_year"`
	LongTerm   string      `json:"long_term_target"`
	LongYear   int         `json:"long_term_year,omitempty"`
	Assessment string      `json:"assessment"`
	Text       string      `json:"assessment_text"`
	Reason     string      `json:"assessment_reason,omitempty"`
}

// OpenValue is an indicator's value for a year: Value is the decimal with a point
// (json.Number), null when missing (Missing says why).
type OpenValue struct {
	Year    int          `json:"year"`
	Value   *json.Number `json:"value"`
	Kind    string       `json:"kind"`
	Missing string       `json:"missing,omitempty"`
}

// OpenMoneyTable is a money table: its columns and rows.
type OpenMoneyTable struct {
	ID         string         `json:"id"`
	Title      string         `json:"title"`
	ReportUnit string         `json:"report_unit"`
	Columns    []OpenColumn   `json:"columns"`
	Rows       []OpenMoneyRow `json:"rows"`
}

// OpenColumn is a money table's column.
type OpenColumn struct {
	ID      string `json:"id"`
	Heading string `json:"heading"`
	Group   string `json:"group,omitempty"`
	Kind    string `json:"kind"`
	Unit    string `json:"unit"` // kr, or % for a share
}

// OpenMoneyRow is a row of a money table. ID is the table's ID, "/" and the row's: the
// row's own ID for an entered row or a group heading, the group's ID and "-summa" for a
// group's sum, "total" for the table's total. Values holds the row's figure per column ID
// (whole kronor as integers; a share in percent as a decimal), as the report shows them;
// a column without a figure in the row is left out.
type OpenMoneyRow struct {
	ID     string                 `json:"id"`
	Label  string                 `json:"label"`
	Kind   string                 `json:"kind"` // row, group, sum, total
	Depth  int                    `json:"depth"`
	Values map[string]json.Number `json:"values"`
}

var resultIDs = map[compute.Result]string{
	compute.Reaches: tertial.ResultReaches, compute.Approaches: tertial.ResultApproaches,
	compute.Misses: tertial.ResultMisses, compute.NotAssessed: tertial.ResultNotAssessed,
}

func date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02")
}

// BuildOpenData builds the open data of a unit's period from the dataset, with the
// licence statement, stamped with the time given.
func BuildOpenData(ds *tertial.Dataset, unitID, periodID string, licence tertial.PublicSettings, at time.Time) (*OpenData, error) {
	unit := ds.Unit(unitID)
	if unit == nil {
		return nil, tertial.Errorf(tertial.ENOTFOUND, "det finns ingen enhet %q", unitID)
	}
	per := ds.Period(unitID, periodID)
	if per == nil {
		return nil, tertial.Errorf(tertial.ENOTFOUND, "%s har ingen period %q", unit.Name, periodID)
	}
	per, _ = tertial.ApplyLedger(per, ds.Ledger)
	w := report.Words(ds, per)
	year := per.Year()
	od := &OpenData{Format: OpenDataFormat, Municipality: OpenMunicipality{ds.Municipality.Code, ds.Municipality.Name},
		Unit: OpenRef{unit.ID, unit.Name},
		Period: OpenPeriod{ID: per.ID, Title: per.Title, Kind: string(per.Kind), Start: date(per.StartDate()), Cutoff: date(per.Cutoff),
			DecisionDate: date(per.DecisionDate), DecisionParagraph: per.DecisionParagraph},
		Licence: OpenLicence{licence.Licence, licence.LicenceURL}, Generated: at.UTC().Format(time.RFC3339),
		Overall: []OpenAssessment{}, Goals: []OpenGoal{}, Indicators: []OpenIndicator{}, Tables: []OpenMoneyTable{},
		FreeTables: []OpenFreeTable{}, Assignments: []OpenStatusItem{}, Control: []OpenStatusItem{}}
	for _, a := range per.Assessments {
		text := ""
		if l, ok := w.Level(tertial.ScaleGoals, string(a.Assessment)); ok {
			text = l.Text
		}
		od.Overall = append(od.Overall, OpenAssessment{ID: a.ID, Label: a.Label, Assessment: string(a.Assessment), Text: text})
	}
	scope := tertial.NewPeriodScope(ds, unit, year)
	var walk func(parent string)
	walk = func(parent string) {
		for _, g := range scope.Children(parent) {
			og := OpenGoal{ID: g.ID, Title: g.Title, Level: g.Level, Parent: g.Parent}
			if a := ds.GoalArea(g.ID); a != nil {
				og.Area = a.ID
			}
			if f := report.GoalFollowup(g, per); f != nil && f.Assessment != "" {
				og.Assessment = string(f.Assessment)
				if l, ok := w.Level(tertial.ScaleGoals, og.Assessment); ok {
					og.Text = l.Text
				}
			}
			od.Goals = append(od.Goals, og)
			for _, ind := range scope.Indicators(g.ID) {
				od.Indicators = append(od.Indicators, openIndicator(ds, w, ind, year))
			}
			for _, a := range scope.Assignments(g.ID) {
				unit := ds.AssignmentUnit(a)
				it := OpenStatusItem{ID: a.ID, Kind: kindAssignment, Title: a.Title, Goal: a.Goal, Unit: unit, Origin: a.Origin, Due: date(a.Due)}
				od.Assignments = append(od.Assignments, it.with(w, report.StatusFollowup(a.Followups, unit, per)))
			}
			walk(g.ID)
		}
	}
	walk("")
	for i := range per.MoneyTables {
		od.Tables = append(od.Tables, openMoneyTable(&per.MoneyTables[i]))
	}
	for i := range per.FreeTables {
		od.FreeTables = append(od.FreeTables, openFreeTable(&per.FreeTables[i]))
	}
	od.Control = openControl(ds, scope, w, per)
	return od, nil
}

func openIndicator(ds *tertial.Dataset, w report.Vocab, ind *tertial.Indicator, year int) OpenIndicator {
	oi := OpenIndicator{ID: ind.ID, Goal: ind.Goal, Name: ind.Name, Unit: ind.Unit, Direction: string(ind.Direction),
		Values: []OpenValue{}, Target: ind.TargetFor(year).String(), TargetYear: year}
	for _, v := range ind.Values {
		if v.Year > year {
			continue
		}
		ov := OpenValue{Year: v.Year, Kind: string(v.Kind), Missing: string(v.Missing)}
		if ov.Kind == "" {
			ov.Kind = string(tertial.Outcome)
		}
		if v.Value != nil {
			n := json.Number(v.Value.String())
			ov.Value = &n
		}
		oi.Values = append(oi.Values, ov)
	}
	if ind.LongTerm != nil {
		oi.LongTerm, oi.LongYear = ind.LongTerm.Target.String(), ind.LongTerm.Year
	}
	a := report.Assess(ds, ind, year)
	oi.Assessment, oi.Text = resultIDs[a.Result], w.Result(a.Result).Text
	if a.Result == compute.NotAssessed {
		oi.Reason = a.Reason
	}
	return oi
}

func openMoneyTable(t *tertial.MoneyTable) OpenMoneyTable {
	ot := OpenMoneyTable{ID: t.ID, Title: t.Title, ReportUnit: string(t.Unit), Columns: []OpenColumn{}, Rows: []OpenMoneyRow{}}
	layout := t.Layout()
	for _, c := range layout {
		unit := "kr"
		if c.Kind == tertial.KindShare {
			unit = "%"
		}
		ot.Columns = append(ot.Columns, OpenColumn{ID: string(c.ID), Heading: c.Heading, Group: c.Group, Kind: string(c.Kind), Unit: unit})
	}
	for _, r := range compute.MoneyTable(t) {
		row := OpenMoneyRow{Label: r.Label, Depth: r.Depth, Values: map[string]json.Number{}}
		switch r.Kind {
		case compute.BaseRow:
			row.ID, row.Kind = t.ID+"/"+r.ID, "row"
		case compute.HeaderRow:
			row.ID, row.Kind = t.ID+"/"+r.ID, "group"
		case compute.SumRow:
			row.ID, row.Kind = t.ID+"/"+r.ID+"-summa", "sum"
		case compute.TotalRow:
			row.ID, row.Kind = t.ID+"/total", "total"
		}
		for i := range layout {
			c := &layout[i]
			if r.Kind == compute.HeaderRow && !r.HasSums {
				continue
			}
			if c.Kind == tertial.KindShare {
				if p, ok := r.Shares[c.ID]; ok {
					row.Values[string(c.ID)] = json.Number(p.Round(1).String())
				}
				continue
			}
			if a, ok := r.Value(c); ok {
				row.Values[string(c.ID)] = json.Number(a.In(tertial.Kr, 0).String())
			}
		}
		ot.Rows = append(ot.Rows, row)
	}
	return ot
}

// JSON is the open data as indented JSON.
func (od *OpenData) JSON() ([]byte, error) {
	b, err := json.MarshalIndent(od, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

// CSVHeader is the open data CSV's header row.
var CSVHeader = []string{"type", "id", "name", "column", "value", "unit"}

// CSV is the open data as one table (RFC 4180, UTF-8, comma-separated), a figure a row:
// the overall and goal assessments, indicator values, targets and assessments, money
// table figures (type amount in whole kronor, type share in percent), free tables' cells
// (type free_cell) and the statuses of assignments and internal-control items (types
// assignment_status and control_status; their comments are in the JSON only).
// The licence is in the JSON and on the page, not here, so that the file stays a clean
// table.
func (od *OpenData) CSV() ([]byte, error) {
	var buf bytes.Buffer
	cw := csv.NewWriter(&buf)
	rec := func(fields ...string) { cw.Write(fields) }
	rec(CSVHeader...)
	for _, a := range od.Overall {
		rec("overall_assessment", a.ID, a.Label, "", a.Assessment, "")
	}
	for _, g := range od.Goals {
		rec("goal_assessment", g.ID, g.Title, "", g.Assessment, "")
	}
	for _, ind := range od.Indicators {
		for _, v := range ind.Values {
			val := ""
			if v.Value != nil {
				val = v.Value.String()
			}
			rec("indicator_value", ind.ID, ind.Name, strconv.Itoa(v.Year), val, ind.Unit)
		}
		rec("indicator_target", ind.ID, ind.Name, strconv.Itoa(ind.TargetYear), ind.Target, ind.Unit)
		if ind.LongYear != 0 {
			rec("indicator_long_term_target", ind.ID, ind.Name, strconv.Itoa(ind.LongYear), ind.LongTerm, ind.Unit)
		}
		rec("indicator_assessment", ind.ID, ind.Name, strconv.Itoa(ind.TargetYear), ind.Assessment, "")
	}
	for _, t := range od.Tables {
		for _, r := range t.Rows {
			for _, c := range t.Columns {
				v, ok := r.Values[c.ID]
				if !ok {
					continue
				}
				kind := "amount"
				if c.Unit == "%" {
					kind = "share"
				}
				rec(kind, r.ID, r.Label, c.ID, v.String(), c.Unit)
			}
		}
	}
	for _, t := range od.FreeTables {
		for _, r := range t.Rows {
			for _, c := range t.Columns {
				cell, ok := r.Cells[c.ID]
				if !ok {
					continue
				}
				val := cell.Text
				if cell.Value != nil {
					val = cell.Value.String()
				}
				rec("free_cell", r.ID, r.Label, c.ID, val, c.Unit)
			}
		}
	}
	for _, a := range od.Assignments {
		rec("assignment_status", a.ID, a.Title, "", a.Status, "")
	}
	for _, c := range od.Control {
		rec("control_status", c.ID, c.Title, c.Kind, c.Status, "")
	}
	cw.Flush()
	return buf.Bytes(), cw.Error()
}
