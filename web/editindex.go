package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"strings"

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
	TextsURL    string // all texts in one form
	Controls    []editLink
	Findings    []wfFinding
	Saved       string        // the confirmation of the save that led here
	Lists       template.HTML // the lists ("editindex-lists" of editindex.html), kept by generation
}

type editGoal struct {
	ID, GridURL                   string // GridURL: all the goal's indicator values in one form
	Level, Title, URL, Assessment string
	Depth                         int
	HasAnalysis                   bool
	Indicators                    []editIndicator
	Assignments                   []editLink
}

type editIndicator struct {
	ID     string
	Name   string
	Values []editLink
	Target editLink
}

type editLink struct {
	Label, Value, URL string
	Anchor            string // the item's id in the list, which its form returns to
}

type editTable struct {
	ID, GridURL string // GridURL: the whole table in one form
	Title       string
	Rows        []editLink
	Setup       *editLink // a money table's account mapping and periodisation
}

func (s *Server) handleEditIndex(w http.ResponseWriter, r *http.Request) {
	pc := s.pagePeriod(w, r)
	if pc == nil {
		return
	}
	// The lists, most of the page and its cost, depend on the dataset and the user's rights
	// alone: rendered once per generation of it and kept (pagecache.go).
	page := editIndexHead(pc)
	key := pageKey{kind: "editindex", muni: pc.ref.Municipality, unit: pc.ref.Unit, period: pc.ref.Period, generation: pc.gen,
		variant: fmt.Sprint(page.Locked, page.CanEdit, page.CanBudget)}
	lists, err := s.pages.get(key, func() ([]byte, error) {
		var buf bytes.Buffer
		err := s.tmpl["editindex.html"].ExecuteTemplate(&buf, "editindex-lists", s.editIndex(pc))
		return buf.Bytes(), err
	})
	if err != nil {
		s.error(w, r, err)
		return
	}
	page.Lists = template.HTML(lists)
	if kind, key, ok := strings.Cut(r.URL.Query().Get("sparat"), "/"); ok {
		if it, err := s.item(pc, kind, key); err == nil {
			page.Saved = "Ändringen är sparad: " + it.heading + "."
		}
	}
	findings, err := s.checkOf(pc.ds, pc.gen, pc.unit.ID, pc.per.ID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	page.Findings, _ = wfFindings(pc.url, findings)
	s.render(w, r, http.StatusOK, "editindex.html", page)
}

// itemAnchor is the id of an item's line in "Fyll i", which its form goes back to.
func itemAnchor(kind, key string) string {
	switch kind {
	case "indikator", "etappmal":
		id, _, _ := strings.Cut(key, "/")
		return "indikator-" + id
	case "kontomappning":
		return "tabell-" + key
	}
	return kind + "-" + strings.ReplaceAll(key, "/", "-")
}

// itemOrder lists the forms of "Fyll i" in its order, as kind/key paths: what "Spara och
// nästa" walks through.
func (p *editIndexPage) itemOrder() []string {
	var out []string
	add := func(u string) {
		if _, rest, ok := strings.Cut(u, "/redigera/"); ok {
			out = append(out, rest)
		}
	}
	for _, g := range p.Goals {
		add(g.URL)
		for _, ind := range g.Indicators {
			for _, v := range ind.Values {
				add(v.URL)
			}
			add(ind.Target.URL)
		}
		for _, a := range g.Assignments {
			add(a.URL)
		}
	}
	for _, t := range p.Tables {
		for _, r := range t.Rows {
			add(r.URL)
		}
	}
	for _, t := range p.FreeTables {
		for _, r := range t.Rows {
			add(r.URL)
		}
	}
	for _, t := range p.Texts {
		add(t.URL)
	}
	for _, c := range p.Controls {
		add(c.URL)
	}
	return out
}

// editIndexHead is "Fyll i" of the period without its lists and findings: what the page
// says of the period and the user's rights.
func editIndexHead(pc *periodCtx) *editIndexPage {
	return &editIndexPage{Title: "Fyll i: " + pc.unit.Name + ", " + pc.per.Title, Unit: pc.unit.Name, Period: pc.per,
		Assignment: pc.words().Of(tertial.TermAssignment),
		PeriodURL:  pc.url, ReportURL: pc.url + "/rapport", WorkflowURL: pc.url + "/arbetsflode", LedgerURL: pc.url + "/bokforing",
		Locked: pc.per.State == tertial.PeriodLocked, CanEdit: pc.can(tertial.ActEditContent), CanBudget: pc.can(tertial.ActEditBudget)}
}

// editIndex builds "Fyll i" of the period, without the findings of tertial check.
func (s *Server) editIndex(pc *periodCtx) *editIndexPage {
	edit := pc.url + "/redigera/"
	page := editIndexHead(pc)
	scope := tertial.NewPeriodScope(pc.ds, pc.unit, pc.per.Year())
	levels := map[string]string{}
	for _, l := range pc.ds.GoalLevels {
		levels[l.ID] = l.Name
	}
	year := pc.per.Year()
	var walk func(parent string, depth int)
	walk = func(parent string, depth int) {
		for _, g := range scope.Children(parent) {
			eg := editGoal{ID: g.ID, Level: levels[g.Level], Title: g.Title, URL: edit + "mal/" + g.ID, Depth: depth}
			if len(scope.Indicators(g.ID)) > 0 {
				eg.GridURL = pc.url + "/mal/" + g.ID + "/indikatorer"
			}
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
				ei := editIndicator{ID: ind.ID, Name: name}
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
				l := editLink{Label: a.Title, URL: edit + "uppdrag/" + a.ID, Anchor: itemAnchor("uppdrag", a.ID)}
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
		et := editTable{ID: t.ID, GridURL: pc.url + "/tabeller/" + t.ID, Title: t.Title}
		for _, row := range compute.MoneyTable(t) {
			if row.Kind != compute.BaseRow {
				continue
			}
			l := editLink{Label: row.Label, URL: edit + "rad/" + t.ID + "/" + row.ID, Anchor: itemAnchor("rad", t.ID+"/"+row.ID)}
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
		et := editTable{ID: t.ID, Title: t.Title}
		for _, row := range t.Leaves() {
			label := row.ID
			if len(t.Columns) > 0 {
				if c, ok := row.Cells[t.Columns[0].ID]; ok && c.Text != "" {
					label = c.Text
				}
			}
			et.Rows = append(et.Rows, editLink{Label: label, URL: edit + "fri/" + t.ID + "/" + row.ID, Anchor: itemAnchor("fri", t.ID+"/"+row.ID)})
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
		page.Texts = append(page.Texts, editLink{Label: label, URL: edit + "text/" + t.ID, Anchor: itemAnchor("text", t.ID)})
	}
	if len(pc.per.Texts) > 0 {
		page.TextsURL = pc.url + "/texter"
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
				page.Controls = append(page.Controls, editLink{Label: "Riskreducerande åtgärd: " + firstLine(a.Action), Value: status(a.Followups, rk.Unit), URL: edit + "kontroll/" + a.ID, Anchor: itemAnchor("kontroll", a.ID)})
			}
		}
	}
	for _, a := range pc.ds.Audits {
		if scope.Includes(a.Unit) {
			page.Controls = append(page.Controls, editLink{Label: "Granskning: " + firstLine(a.Action), Value: status(a.Followups, a.Unit), URL: edit + "kontroll/" + a.ID, Anchor: itemAnchor("kontroll", a.ID)})
		}
	}
	for _, c := range pc.ds.Controls {
		if scope.Includes(c.Unit) {
			page.Controls = append(page.Controls, editLink{Label: "Kontroll: " + firstLine(c.Control), Value: status(c.Followups, c.Unit), URL: edit + "kontroll/" + c.ID, Anchor: itemAnchor("kontroll", c.ID)})
		}
	}
	return page
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

// fillOrder is the order of the items of "Fyll i" (itemOrder), for "Spara och nästa",
// kept by the dataset's generation like the list itself.
func (s *Server) fillOrder(pc *periodCtx) ([]string, error) {
	head := editIndexHead(pc)
	key := pageKey{kind: "fill-order", muni: pc.ref.Municipality, unit: pc.ref.Unit, period: pc.ref.Period, generation: pc.gen,
		variant: fmt.Sprint(head.Locked, head.CanEdit, head.CanBudget)}
	body, err := s.pages.get(key, func() ([]byte, error) { return json.Marshal(s.editIndex(pc).itemOrder()) })
	if err != nil {
		return nil, err
	}
	var order []string
	err = json.Unmarshal(body, &order)
	return order, err
}
