package web

import (
	"net/http"
	"strconv"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/compute"
	"github.com/tertial/tertial/report"
	"github.com/tertial/tertial/sv"
)

// editIndexPage lists everything of a period that can be filled in, with links to the
// forms, and what tertial check says is still missing.
type editIndexPage struct {
	base
	Title       string
	Unit        string
	Period      *tertial.Period
	PeriodURL   string
	ReportURL   string
	WorkflowURL string
	LedgerURL   string
	Locked      bool
	CanEdit     bool
	CanBudget   bool   // may change budget, outcome and the account mapping
	Assignment  string // the vocabulary's word: "Uppdrag", "Aktivitet"
	Goals       []editGoal
	Tables      []editTable
	FreeTables  []editTable
	Texts       []editLink
	Controls    []editLink
	Findings    []wfFinding
}

type editGoal struct {
	Level, Title, URL, Assessment string
	Depth                         int
	HasAnalysis                   bool
	Indicators                    []editIndicator
	Assignments                   []editLink
}

type editIndicator struct {
	Name   string
	Values []editLink
	Target editLink
}

type editLink struct {
	Label, Value, URL string
}

type editTable struct {
	Title string
	Rows  []editLink
	Setup *editLink // a money table's account mapping and periodisation
}

func (s *Server) handleEditIndex(w http.ResponseWriter, r *http.Request) {
	pc := s.pagePeriod(w, r)
	if pc == nil {
		return
	}
	edit := pc.url + "/redigera/"
	page := &editIndexPage{Title: "Fyll i: " + pc.unit.Name + ", " + pc.per.Title, Unit: pc.unit.Name, Period: pc.per,
		Assignment: pc.words().Of(tertial.TermAssignment),
		PeriodURL:  pc.url, ReportURL: pc.url + "/rapport", WorkflowURL: pc.url + "/arbetsflode", LedgerURL: pc.url + "/bokforing",
		Locked: pc.per.State == tertial.PeriodLocked, CanEdit: pc.can(tertial.ActEditContent), CanBudget: pc.can(tertial.ActEditBudget)}
	scope := tertial.NewPeriodScope(pc.ds, pc.unit, pc.per.Year())
	levels := map[string]string{}
	for _, l := range pc.ds.GoalLevels {
		levels[l.ID] = l.Name
	}
	year := pc.per.Year()
	var walk func(parent string, depth int)
	walk = func(parent string, depth int) {
		for _, g := range scope.Children(parent) {
			eg := editGoal{Level: levels[g.Level], Title: g.Title, URL: edit + "mal/" + g.ID, Depth: depth}
			if f := exactFollowup(g, pc.per); f != nil {
				l, _ := report.Words(pc.ds, pc.per).Level(tertial.ScaleGoals, string(f.Assessment))
				eg.Assessment = l.Text
				eg.HasAnalysis = f.Analysis != ""
			}
			for _, ind := range scope.Indicators(g.ID) {
				name := ind.Name
				if ind.Unit != "" {
					name += " (" + ind.Unit + ")"
				}
				ei := editIndicator{Name: name}
				for _, y := range []int{year - 1, year} {
					l := editLink{Label: strconv.Itoa(y), URL: edit + "indikator/" + ind.ID + "/" + strconv.Itoa(y)}
					c := report.ValueCell(ind, ind.ValueFor(y), "")
					l.Value = c.Text
					if c.Detail != "" {
						l.Value += " (" + c.Detail + ")"
					}
					ei.Values = append(ei.Values, l)
				}
				ei.Target = editLink{Label: "Etappmål " + strconv.Itoa(year), Value: sv.Target(ind.TargetFor(year)), URL: edit + "etappmal/" + ind.ID + "/" + strconv.Itoa(year)}
				eg.Indicators = append(eg.Indicators, ei)
			}
			for _, a := range scope.Assignments(g.ID) {
				l := editLink{Label: a.Title, URL: edit + "uppdrag/" + a.ID}
				if f := exactStatus(a.Followups, pc.ds.AssignmentUnit(a), pc.per); f != nil {
					l.Value = levelText(pc, tertial.ScaleStatuses, string(f.Status))
				}
				eg.Assignments = append(eg.Assignments, l)
			}
			page.Goals = append(page.Goals, eg)
			walk(g.ID, depth+1)
		}
	}
	walk("", 0)
	for i := range pc.per.MoneyTables {
		t := &pc.per.MoneyTables[i]
		et := editTable{Title: t.Title}
		for _, row := range compute.MoneyTable(t) {
			if row.Kind != compute.BaseRow {
				continue
			}
			l := editLink{Label: row.Label, URL: edit + "rad/" + t.ID + "/" + row.ID}
			if a, ok := row.Display(tertial.ColForecast); ok {
				l.Value = sv.WithUnit(sv.Amount(a, t.Unit, t.Precision), string(t.Unit))
			}
			et.Rows = append(et.Rows, l)
		}
		et.Setup = &editLink{Label: "Kontomappning och periodisering för " + t.Title, Value: setupSummary(t), URL: edit + "kontomappning/" + t.ID}
		page.Tables = append(page.Tables, et)
	}
	for i := range pc.per.FreeTables {
		t := &pc.per.FreeTables[i]
		et := editTable{Title: t.Title}
		for _, row := range t.Leaves() {
			label := row.ID
			if len(t.Columns) > 0 {
				if c, ok := row.Cells[t.Columns[0].ID]; ok && c.Text != "" {
					label = c.Text
				}
			}
			et.Rows = append(et.Rows, editLink{Label: label, URL: edit + "fri/" + t.ID + "/" + row.ID})
		}
		if len(et.Rows) > 0 {
			page.FreeTables = append(page.FreeTables, et)
		}
	}
	for _, t := range pc.per.Texts {
		label := t.Title
		if label == "" {
			label = t.ID
		}
		page.Texts = append(page.Texts, editLink{Label: label, URL: edit + "text/" + t.ID})
	}
	status := func(fs []tertial.StatusFollowup, unit string) string {
		if f := exactStatus(fs, unit, pc.per); f != nil {
			return levelText(pc, tertial.ScaleStatuses, string(f.Status))
		}
		return ""
	}
	for _, rk := range pc.ds.Risks {
		if scope.Includes(rk.Unit) {
			for _, a := range rk.Actions {
				page.Controls = append(page.Controls, editLink{Label: "Riskreducerande åtgärd: " + firstLine(a.Action), Value: status(a.Followups, rk.Unit), URL: edit + "kontroll/" + a.ID})
			}
		}
	}
	for _, a := range pc.ds.Audits {
		if scope.Includes(a.Unit) {
			page.Controls = append(page.Controls, editLink{Label: "Granskning: " + firstLine(a.Action), Value: status(a.Followups, a.Unit), URL: edit + "kontroll/" + a.ID})
		}
	}
	for _, c := range pc.ds.Controls {
		if scope.Includes(c.Unit) {
			page.Controls = append(page.Controls, editLink{Label: "Kontroll: " + firstLine(c.Control), Value: status(c.Followups, c.Unit), URL: edit + "kontroll/" + c.ID})
		}
	}
	findings, err := report.Check(pc.ds, pc.unit.ID, pc.per.ID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	page.Findings, _ = wfFindings(pc.url, findings)
	s.render(w, r, http.StatusOK, "editindex.html", page)
}

// setupSummary says in a few words how a money table is filled from the ledger.
func setupSummary(t *tertial.MoneyTable) string {
	var s string
	switch {
	case len(t.Mapping) > 0:
		s = "egna regler (" + strconv.Itoa(len(t.Mapping)) + ")"
	case len(t.Rules()) > 0:
		s = "standardmappningen för Kommun-Bas"
	default:
		s = "ingen kontomappning: fylls inte från bokföringen"
	}
	switch t.Periodisation {
	case tertial.PeriodiseEven:
		s += "; budgeten periodiseras jämnt"
	case tertial.PeriodisePriorYear:
		s += "; budgeten periodiseras efter fjolårets månadsprofil"
	}
	return s
}
