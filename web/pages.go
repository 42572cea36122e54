package web

import (
	"html/template"
	"net/http"
	"slices"
	"strconv"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/htmlreport"
	"github.com/tertial/tertial/markdown"
	"github.com/tertial/tertial/report"
	"github.com/tertial/tertial/sv"
)

var funcs = template.FuncMap{}

type homePage struct {
	Title          string
	Municipalities []tertial.Municipality
}

func (s *Server) handleHome(w http.ResponseWriter, r *http.Request) {
	ms, err := s.db.Municipalities(r.Context())
	if err != nil {
		s.error(w, r, err)
		return
	}
	if len(ms) == 1 {
		http.Redirect(w, r, "/kommuner/"+ms[0].Code, http.StatusFound)
		return
	}
	s.render(w, r, http.StatusOK, "home.html", homePage{Title: "Tertial", Municipalities: ms})
}

type municipalityPage struct {
	Title        string
	Municipality tertial.Municipality
	Units        []unitNode
}

// unitNode is a unit in the organisation tree with its periods.
type unitNode struct {
	Unit     tertial.Unit
	Kind     string
	Periods  []periodLink
	Children []unitNode
}

type periodLink struct {
	URL, Title, Kind, Cutoff, State string
	Locked                          bool
}

func periodURL(code, unit, period string) string {
	return "/kommuner/" + code + "/enheter/" + unit + "/perioder/" + period
}

func (s *Server) handleMunicipality(w http.ResponseWriter, r *http.Request) {
	ds, err := s.db.Dataset(r.Context(), r.PathValue("code"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	var build func(parent string) []unitNode
	build = func(parent string) []unitNode {
		var out []unitNode
		for _, u := range ds.Units {
			if u.Parent != parent {
				continue
			}
			n := unitNode{Unit: u, Kind: report.UnitKindLabels[u.Kind], Children: build(u.ID)}
			for _, p := range ds.Periods {
				if p.Unit == u.ID {
					n.Periods = append(n.Periods, periodLink{URL: periodURL(ds.Municipality.Code, u.ID, p.ID), Title: p.Title,
						Kind: report.PeriodKindLabels[p.Kind], Cutoff: sv.Date(p.Cutoff), State: report.PeriodStateLabels[p.State], Locked: p.State == tertial.PeriodLocked})
				}
			}
			out = append(out, n)
		}
		return out
	}
	s.render(w, r, http.StatusOK, "municipality.html", municipalityPage{Title: ds.Municipality.Name, Municipality: ds.Municipality, Units: build("")})
}

type periodPage struct {
	Title        string
	ReportURL    string
	Municipality tertial.Municipality
	MuniURL      string
	Unit         tertial.Unit
	Period       tertial.Period
	Kind, State  string
	Cutoff       string
	Years        []int
	Areas        []areaView
}

type areaView struct {
	ID        string
	Name      string
	Dimension string
	Goals     []goalView
}

type goalView struct {
	ID          string
	Heading     int // h3..h6
	Level       string
	Title       string
	Assessment  string
	Analysis    template.HTML
	Indicators  *indicatorTable
	Assignments []assignmentRow
	Children    []goalView
}

type indicatorTable struct {
	Caption      string
	Years        []int
	TargetYear   int
	LongTermYear int // 0 when the rows' years differ; then each cell names its year
	Rows         []indicatorRow
	Notes        []template.HTML
}

type indicatorRow struct {
	Name     string
	Values   []valueCell
	Target   string
	LongTerm string
}

type valueCell struct {
	Text   string // the figure, or "–" when not measured
	Detail string // "prognos", "preliminärt", "kvinnor 9,7, män 6,0"
	Hidden string // words for screen readers when the cell shows no figure
}

type assignmentRow struct {
	Title   string
	Origin  string
	Status  *report.StatusLabel
	Comment template.HTML
}

func (s *Server) handlePeriod(w http.ResponseWriter, r *http.Request) {
	ds, err := s.db.Dataset(r.Context(), r.PathValue("code"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	unit := ds.Unit(r.PathValue("unit"))
	if unit == nil {
		s.error(w, r, tertial.Errorf(tertial.ENOTFOUND, "Det finns ingen enhet %q.", r.PathValue("unit")))
		return
	}
	per := ds.Period(unit.ID, r.PathValue("period"))
	if per == nil {
		s.error(w, r, tertial.Errorf(tertial.ENOTFOUND, "%s har ingen period %q.", unit.Name, r.PathValue("period")))
		return
	}
	page := periodPage{
		Title: unit.Name + " – " + per.Title, Municipality: ds.Municipality, MuniURL: "/kommuner/" + ds.Municipality.Code,
		Unit: *unit, Period: *per, Kind: report.PeriodKindLabels[per.Kind], State: report.PeriodStateLabels[per.State],
		Cutoff:    sv.LongDate(per.Cutoff),
		ReportURL: periodURL(ds.Municipality.Code, unit.ID, per.ID) + "/rapport",
	}
	y := per.Year()
	page.Years = []int{y - 2, y - 1, y}
	page.Areas = buildGoalTree(ds, unit.ID, per, page.Years)
	s.render(w, r, http.StatusOK, "period.html", page)
}

// subtree returns the unit and every unit below it.
func subtree(ds *tertial.Dataset, id string) map[string]bool {
	in := map[string]bool{id: true}
	for changed := true; changed; {
		changed = false
		for _, u := range ds.Units {
			if !in[u.ID] && in[u.Parent] {
				in[u.ID], changed = true, true
			}
		}
	}
	return in
}

// buildGoalTree returns the goals a unit reports on in a period, by goal area: the goals
// it owns, goals with its indicators or assignments, and every goal above those.
func buildGoalTree(ds *tertial.Dataset, unitID string, per *tertial.Period, years []int) []areaView {
	units := subtree(ds, unitID)
	council := ds.Unit(unitID).Kind == tertial.UnitCouncil
	shown := map[string]bool{}
	mark := func(goalID string) {
		for g := ds.Goal(goalID); g != nil && !shown[g.ID]; g = ds.Goal(g.Parent) {
			shown[g.ID] = true
		}
	}
	for _, g := range ds.Goals {
		if units[g.Unit] || (council && g.Unit == "") {
			mark(g.ID)
		}
	}
	for _, ind := range ds.Indicators {
		if units[ind.Owner] {
			mark(ind.Goal)
		}
	}
	for i := range ds.Assignments {
		if units[ds.AssignmentUnit(&ds.Assignments[i])] {
			mark(ds.Assignments[i].Goal)
		}
	}
	levels := map[string]string{}
	for _, l := range ds.GoalLevels {
		levels[l.ID] = l.Name
	}
	// Headings inside texts go one level below the goal's heading.

	var goals func(parent string, heading int) []goalView
	goals = func(parent string, heading int) []goalView {
		var out []goalView
		for _, g := range ds.Goals {
			if g.Parent != parent || !shown[g.ID] {
				continue
			}
			gv := goalView{ID: g.ID, Heading: min(heading, 6), Level: levels[g.Level], Title: g.Title}
			md := gv.Heading + 1
			for _, f := range g.Followups {
				if f.Period == per.ID && (f.Unit == per.Unit || (f.Unit == "" && g.Unit == per.Unit)) {
					gv.Assessment = report.AssessmentLabels[f.Assessment]
					if f.Analysis != "" {
						gv.Analysis = markdown.HTML(f.Analysis, md)
					}
				}
			}
			gv.Indicators = indicatorsOf(ds, &g, units, per, years)
			for i := range ds.Assignments {
				a := &ds.Assignments[i]
				if a.Goal != g.ID || !units[ds.AssignmentUnit(a)] {
					continue
				}
				row := assignmentRow{Title: a.Title, Origin: a.Origin}
				for _, f := range a.Followups {
					if f.Period == per.ID && (f.Unit == "" || f.Unit == per.Unit) {
						if l, ok := report.StatusLabels[f.Status]; ok {
							row.Status = &l
						}
						row.Comment = markdown.HTML(f.Comment, md)
					}
				}
				gv.Assignments = append(gv.Assignments, row)
			}
			gv.Children = goals(g.ID, heading+1)
			out = append(out, gv)
		}
		return out
	}
	var areas []areaView
	for _, a := range ds.GoalAreas {
		av := areaView{ID: a.ID, Name: a.Name, Dimension: report.DimensionLabels[a.Dimension]}
		for _, gv := range goals("", 3) {
			if ga := ds.GoalArea(gv.ID); ga != nil && ga.ID == a.ID {
				av.Goals = append(av.Goals, gv)
			}
		}
		if len(av.Goals) > 0 {
			areas = append(areas, av)
		}
	}
	return areas
}

func indicatorsOf(ds *tertial.Dataset, g *tertial.Goal, units map[string]bool, per *tertial.Period, years []int) *indicatorTable {
	t := &indicatorTable{Caption: "Indikatorer för " + g.Title, Years: years, TargetYear: per.Year()}
	ltYears := map[int]bool{}
	var notes []string
	for _, ind := range ds.Indicators {
		if ind.Goal != g.ID || (ind.Owner != "" && !units[ind.Owner]) {
			continue
		}
		name := ind.Name
		if ind.Unit != "" {
			name += " (" + ind.Unit + ")"
		}
		row := indicatorRow{Name: name, Target: ind.TargetFor(per.Year()).String()}
		for _, y := range years {
			row.Values = append(row.Values, valueCellOf(&ind, ind.ValueFor(y)))
			if v := ind.ValueFor(y); v != nil && v.Note != "" {
				notes = append(notes, v.Note)
			}
		}
		if ind.LongTerm != nil {
			row.LongTerm = ind.LongTerm.Target.String()
			ltYears[ind.LongTerm.Year] = true
		}
		if ind.Note != "" {
			notes = append(notes, ind.Note)
		}
		t.Rows = append(t.Rows, row)
	}
	if len(t.Rows) == 0 {
		return nil
	}
	if len(ltYears) == 1 {
		for y := range ltYears {
			t.LongTermYear = y
		}
	} else {
		// The rows' long-term targets are for different years: name the year in each cell.
		i := 0
		for _, ind := range ds.Indicators {
			if ind.Goal != g.ID || (ind.Owner != "" && !units[ind.Owner]) {
				continue
			}
			if ind.LongTerm != nil {
				t.Rows[i].LongTerm += " (" + strconv.Itoa(ind.LongTerm.Year) + ")"
			}
			i++
		}
	}
	// The same note may belong to several indicators of the table; show it once.
	seen := map[string]bool{}
	for _, n := range notes {
		if !seen[n] {
			seen[n] = true
			t.Notes = append(t.Notes, markdown.HTML(n, 6))
		}
	}
	return t
}

func valueCellOf(ind *tertial.Indicator, v *tertial.IndicatorValue) valueCell {
	switch {
	case v == nil:
		return valueCell{Hidden: "inget värde"}
	case v.Missing == tertial.MissingNotMeasured:
		return valueCell{Text: "–", Hidden: "mäts inte"}
	case v.Missing == tertial.MissingNotReported || v.Value == nil:
		return valueCell{Hidden: "redovisas senare"}
	}
	c := valueCell{Text: sv.Decimal(*v.Value, ind.Decimals), Detail: report.ValueKindLabels[v.Kind]}
	if v.Women != nil || v.Men != nil {
		var parts []string
		if v.Women != nil {
			parts = append(parts, "kvinnor "+sv.Decimal(*v.Women, ind.Decimals))
		}
		if v.Men != nil {
			parts = append(parts, "män "+sv.Decimal(*v.Men, ind.Decimals))
		}
		if c.Detail != "" {
			parts = slices.Insert(parts, 0, c.Detail)
		}
		c.Detail = joinComma(parts)
	}
	return c
}

func joinComma(parts []string) string {
	s := ""
	for i, p := range parts {
		if i > 0 {
			s += ", "
		}
		s += p
	}
	return s
}

// handleReport serves the period's report as the same self-contained HTML file that
// tertial report writes.
func (s *Server) handleReport(w http.ResponseWriter, r *http.Request) {
	ds, err := s.db.Dataset(r.Context(), r.PathValue("code"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	doc, err := report.Build(ds, r.PathValue("unit"), r.PathValue("period"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	page, err := htmlreport.Render(doc)
	if err != nil {
		s.error(w, r, err)
		return
	}
	// The report carries its style sheet inline: allow exactly that one.
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src "+htmlreport.StyleHash()+"; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'")
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write(page)
}
