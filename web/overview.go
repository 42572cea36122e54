package web

import (
	"context"
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/compute"
	"github.com/tertial/tertial/report"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/sv"
)

// The overview: a period of a unit on one page (its goals by assessment, its indicators
// against their stage targets, the largest budget deviations, the workflow against the
// deadline and what tertial check still finds), and the municipality's view of every
// unit with a period. Every line links to its item.

// overviewRoutes registers the overview pages and parses their templates.
func (s *Server) overviewRoutes() {
	for _, p := range []string{"overview.html", "munioverview.html"} {
		s.tmpl[p] = template.Must(template.New("layout.html").Funcs(funcs).Funcs(template.FuncMap{"lower": compute.Lower}).ParseFS(templateFS, "templates/layout.html", "templates/"+p))
	}
	s.mux.HandleFunc("GET /kommuner/{code}/enheter/{unit}/perioder/{period}/oversikt", s.handlePeriodOverview)
	s.mux.HandleFunc("GET /kommuner/{code}/oversikt", s.handleMunicipalityOverview)
}

// topDeviations is how many of the largest budget deviations the overview lists.
const topDeviations = 5

// noAssessment is the assessment filter's value for goals without an assessment.
const noAssessment = "ingen"

// ovLevel is an assessment or result level with its symbol, and a count.
type ovLevel struct {
	ID    string
	Label report.StatusLabel
	N     int
	Text  string // "7 av 11 mål uppnås"
}

type ovGoal struct {
	ID, Level, Title, Parent, URL string
	Assessment                    *report.StatusLabel // nil: no assessment yet
}

type ovArea struct {
	ID, Name string
	Goals    []ovGoal
}

type ovIndicator struct {
	Name, Goal, Value, Target, URL string
	Result                         report.ResultLabel
	Reason                         string // why it cannot be assessed
	result                         compute.Result
}

type ovDeviation struct {
	Table, Row, Column, Amount, URL string
	Negative                        bool
}

type ovSection struct {
	Title, URL string
	State      report.StatusLabel
	Late       bool
}

type ovFinding struct {
	What, URL string
	Blocking  bool
}

// unitOverview is what the overview knows of one unit's period.
type unitOverview struct {
	UnitID, Unit, PeriodTitle, URL, PeriodURL, WorkflowURL string
	GoalWord                                               string // the word for the goals counted, in the plural: "mål"
	Goals                                                  int    // the unit's own goals (in the area filter)
	GoalLevels                                             []ovLevel
	Unassessed                                             int
	UnassessedText                                         string
	Areas                                                  []ovArea
	IndicatorLevels                                        []ovLevel
	Indicators                                             []ovIndicator
	Deviations                                             []ovDeviation
	Deadline                                               deadlineView
	Locked                                                 bool
	Decision                                               string
	Sections                                               []ovSection
	Approved                                               int
	Late                                                   bool // the deadline has passed and a section is not approved
	NoTemplate                                             bool // the period has no report template, so no sections
	Findings                                               []ovFinding
}

// ovFilter is what the overview shows: one goal area, one assessment ("" for all).
type ovFilter struct {
	Area, Assessment string
}

// countText is "7 av 11 mål uppnås": n of total goals with the level's name.
func countText(n, total int, noun sv.Noun, level string) string {
	word := noun.Plural
	if total == 1 {
		word = noun.Singular
	}
	return strconv.Itoa(n) + " av " + strconv.Itoa(total) + " " + word + " " + compute.Lower(level)
}

// buildOverview computes a unit's period as the overview shows it. The assessments are
// the report's (report.GoalFollowup, report.Assess), the findings tertial check's; without
// findings it leaves the check out (it builds the report once more and measures its
// tables: most of the overview's time).
func (s *Server) buildOverview(ctx context.Context, ds *tertial.Dataset, gen int64, unit *tertial.Unit, per *tertial.Period, canEdit bool, f ovFilter, findings bool) (*unitOverview, error) {
	code := ds.Municipality.Code
	purl := periodURL(code, unit.ID, per.ID)
	edit := purl + "/redigera/"
	words := report.Words(ds, per)
	year := per.Year()
	o := &unitOverview{UnitID: unit.ID, Unit: unit.Name, PeriodTitle: per.Title, URL: purl + "/oversikt", PeriodURL: purl,
		WorkflowURL: purl + "/arbetsflode", Locked: per.State == tertial.PeriodLocked, Decision: decisionText(per),
		Deadline: s.deadline(per)}
	scope := tertial.NewPeriodScope(ds, unit, year)
	levels := map[string]string{}
	for _, l := range ds.GoalLevels {
		levels[l.ID] = l.Name
	}
	goalNoun := words.Nouns().Goal
	o.GoalWord = goalNoun.Plural
	scale := ds.Municipality.Scale(tertial.ScaleGoals)
	goalCounts := map[string]int{}
	areaOf := map[string]*ovArea{}
	var walk func(parent, parentTitle string)
	walk = func(parent, parentTitle string) {
		for _, g := range scope.Children(parent) {
			area := ds.GoalArea(g.ID)
			inArea := f.Area == "" || (area != nil && area.ID == f.Area)
			if scope.OwnsGoal(g) && inArea {
				og := ovGoal{ID: g.ID, Level: levels[g.Level], Title: g.Title, Parent: parentTitle, URL: purl + "#mal-" + g.ID}
				if canEdit {
					og.URL = edit + "mal/" + g.ID
				}
				assessment := noAssessment
				if fu := report.GoalFollowup(g, per); fu != nil && fu.Assessment != tertial.AssessNone {
					if l, ok := words.Level(tertial.ScaleGoals, string(fu.Assessment)); ok {
						og.Assessment = &l
						assessment = string(fu.Assessment)
					}
				}
				o.Goals++
				goalCounts[assessment]++
				if f.Assessment == "" || f.Assessment == assessment {
					key, name := "", ""
					if area != nil {
						key, name = area.ID, area.Name
					}
					a, ok := areaOf[key]
					if !ok {
						a = &ovArea{ID: key, Name: name}
						areaOf[key] = a
					}
					a.Goals = append(a.Goals, og)
				}
			}
			// The indicators of every goal the report shows, as its summaries count them.
			if inArea {
				for _, ind := range scope.Indicators(g.ID) {
					o.Indicators = append(o.Indicators, ovIndicatorOf(ds, words, ind, g, year, canEdit, edit, purl))
				}
			}
			below := g.Title
			if l := levels[g.Level]; l != "" {
				below = l + ": " + g.Title
			}
			walk(g.ID, below)
		}
	}
	walk("", "")
	// The areas in the dataset's order, as the report has them.
	for _, ga := range ds.GoalAreas {
		if a, ok := areaOf[ga.ID]; ok {
			o.Areas = append(o.Areas, *a)
		}
	}
	if a, ok := areaOf[""]; ok {
		a.Name = "Utan " + compute.Lower(words.Of(tertial.TermGoalArea))
		o.Areas = append(o.Areas, *a)
	}
	for _, l := range scale {
		label := report.LevelLabel(tertial.ScaleGoals, l)
		o.GoalLevels = append(o.GoalLevels, ovLevel{ID: l.ID, Label: label, N: goalCounts[l.ID], Text: countText(goalCounts[l.ID], o.Goals, goalNoun, l.Name)})
	}
	o.Unassessed = goalCounts[noAssessment]
	o.UnassessedText = strconv.Itoa(o.Unassessed) + " av " + strconv.Itoa(o.Goals) + " " + o.GoalWord + " saknar " + compute.Lower(words.Of(tertial.TermAssessment))
	// Indicators by result, in the order of the indicator scale.
	results := map[compute.Result]int{}
	for _, ind := range o.Indicators {
		results[ind.result]++
	}
	for _, r := range []compute.Result{compute.Reaches, compute.Approaches, compute.Misses, compute.NotAssessed} {
		l := words.Result(r)
		o.IndicatorLevels = append(o.IndicatorLevels, ovLevel{Label: report.StatusLabel(l), N: results[r],
			Text: strconv.Itoa(results[r]) + " av " + strconv.Itoa(len(o.Indicators)) + " " + compute.Lower(words.Of(tertial.TermIndicators)) + ": " + compute.Lower(l.Text)})
	}
	o.Deviations = deviationsOf(ds, per, canEdit, edit, purl)
	if err := s.ovWorkflow(ctx, ds, unit, per, o); err != nil {
		return nil, err
	}
	if !findings {
		return o, nil
	}
	found, err := s.checkOf(ds, gen, unit.ID, per.ID)
	if err != nil {
		return nil, err
	}
	for _, fd := range found {
		o.Findings = append(o.Findings, findingOf(ds, per, fd, canEdit, purl))
	}
	return o, nil
}

// ovIndicatorOf is an indicator of a goal with its value for the year, its stage target
// and the report's assessment of the one against the other.
func ovIndicatorOf(ds *tertial.Dataset, words report.Vocab, ind *tertial.Indicator, g *tertial.Goal, year int, canEdit bool, edit, purl string) ovIndicator {
	name := ind.Name
	if ind.Unit != "" {
		name += " (" + ind.Unit + ")"
	}
	a := report.Assess(ds, ind, year)
	oi := ovIndicator{Name: name, Goal: g.Title, Result: words.Result(a.Result), result: a.Result, Target: sv.Target(ind.TargetFor(year)),
		URL: purl + "#mal-" + g.ID}
	if a.Result == compute.NotAssessed {
		oi.Reason = a.Reason
	}
	if canEdit {
		oi.URL = edit + "indikator/" + ind.ID + "/" + strconv.Itoa(year)
	}
	c := report.ValueCell(ind, ind.ValueFor(year), "")
	oi.Value = c.Text
	if c.Detail != "" {
		oi.Value += " (" + c.Detail + ")"
	}
	return oi
}

// deviationsOf returns the largest deviations of the period's money tables' rows, by
// their size, as the tables show them (in the table's unit and precision).
func deviationsOf(ds *tertial.Dataset, per *tertial.Period, canEdit bool, edit, purl string) []ovDeviation {
	type dev struct {
		d   ovDeviation
		abs tertial.Amount
	}
	var all []dev
	applied, _ := tertial.ApplyLedger(per, ds.Ledger)
	for i := range applied.MoneyTables {
		t := &applied.MoneyTables[i]
		for _, col := range t.Layout() {
			if col.Kind != tertial.KindDeviation {
				continue
			}
			colName := col.Heading
			switch col.Period {
			case tertial.PeriodYear:
				colName += " helår"
			case tertial.PeriodPeriod:
				colName += " perioden"
			}
			// A row's groups name it with it: "Mellersta" is in more than one group.
			groups := map[int]string{}
			for _, row := range compute.MoneyTable(t) {
				if row.Kind == compute.HeaderRow {
					groups[row.Depth] = row.Label
				}
				if row.Kind != compute.BaseRow {
					continue
				}
				label := row.Label
				for d := row.Depth - 1; d >= 0; d-- {
					if g := groups[d]; g != "" {
						label = g + ", " + label
					}
				}
				v, ok := row.Value(&col)
				if !ok || v == 0 {
					continue
				}
				url := purl + "/rapport"
				if canEdit {
					url = edit + "rad/" + t.ID + "/" + row.ID
				}
				abs := v
				if abs < 0 {
					abs = -abs
				}
				all = append(all, dev{ovDeviation{Table: t.Title, Row: label, Column: colName,
					Amount: sv.WithUnit(sv.Amount(v, t.Unit, t.Precision), string(t.Unit)), URL: url, Negative: v < 0}, abs})
			}
		}
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].abs > all[j].abs })
	var out []ovDeviation
	for i := 0; i < len(all) && i < topDeviations; i++ {
		out = append(out, all[i].d)
	}
	return out
}

// ovWorkflow fills in the workflow: each section's state, and whether the unit is late
// (its deadline has passed and a section is not approved).
func (s *Server) ovWorkflow(ctx context.Context, ds *tertial.Dataset, unit *tertial.Unit, per *tertial.Period, o *unitOverview) error {
	if ds.Template(per.Template) == nil {
		// A report without a template has no sections to go through the workflow.
		o.NoTemplate = true
		return nil
	}
	secs, err := workflowSections(ds, unit.ID, per.ID)
	if err != nil {
		return err
	}
	states, err := s.db.SectionStates(ctx, store.PeriodRef{Municipality: ds.Municipality.Code, Unit: unit.ID, Period: per.ID})
	if err != nil {
		return err
	}
	for _, sec := range secs {
		st := currentState(states, sec.Key)
		approved := st.State == tertial.SectionApproved
		if approved {
			o.Approved++
		}
		late := o.Deadline.Passed && !approved && !o.Locked
		o.Late = o.Late || late
		o.Sections = append(o.Sections, ovSection{Title: sec.Title, URL: o.WorkflowURL + "#" + url.PathEscape(sec.Key),
			State: sectionStateLabels[st.State], Late: late})
	}
	return nil
}

// findingOf names a finding of tertial check in words (report.Finding.Words, as the
// workflow says it) and links it to its item: its form for those who may edit
// (findingURL), otherwise where the item shows on the period's page or in the report.
func findingOf(ds *tertial.Dataset, per *tertial.Period, f report.Finding, canEdit bool, purl string) ovFinding {
	of := ovFinding{What: f.Words(), Blocking: f.Blocking()}
	if canEdit {
		of.URL = findingURL(purl, f)
	}
	if of.URL != "" {
		return of
	}
	switch f.Item.Kind {
	case report.ItemGoal:
		of.URL = purl + "#mal-" + f.Item.ID
	case report.ItemIndicator:
		if ind := ds.Indicator(f.Item.ID); ind != nil {
			of.URL = purl + "#mal-" + ind.Goal
		}
	case report.ItemAssignment:
		if a := ds.Assignment(f.Item.ID); a != nil {
			of.URL = purl + "#mal-" + a.Goal
		}
	case report.ItemMoneyRow, report.ItemMoneyTable, report.ItemFreeTable, report.ItemFreeRow, report.ItemText:
		of.URL = purl + "/rapport"
	}
	if of.URL == "" {
		switch {
		case strings.HasPrefix(f.Where, "bokföringen"):
			of.URL = purl + "/bokforing"
		case strings.HasPrefix(f.Where, "mall "):
			of.URL = purl + "/rapport"
		default:
			of.URL = purl + "/redigera"
		}
	}
	return of
}

// orID returns a, or b when a is empty.
func orID(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

type periodOverviewPage struct {
	base
	Title        string
	MuniName     string
	MuniURL      string
	MuniOverview string
	O            *unitOverview
	Filter       ovFilter
	AreaOptions  []option
	AssessOpts   []option
	Filtered     bool
	AreaWord     string
	Assessment   string
	Indicators   string
	StageTarget  string
	// AssessmentLower and StageTargetLower are the words inside sentences.
	AssessmentLower, StageTargetLower string
}

func (s *Server) handlePeriodOverview(w http.ResponseWriter, r *http.Request) {
	pc := s.pagePeriod(w, r)
	if pc == nil {
		return
	}
	q := r.URL.Query()
	f := ovFilter{Area: q.Get("omrade"), Assessment: q.Get("bedomning")}
	areaOpts := []option{{"", "Alla"}}
	for _, a := range pc.ds.GoalAreas {
		areaOpts = append(areaOpts, option{a.ID, a.Name})
	}
	assessOpts := assessmentOptions(pc.ds, pc.per)
	if !validOption(areaOpts, f.Area) || !validOption(assessOpts, f.Assessment) {
		s.error(w, r, tertial.Errorf(tertial.EINVALID, "Filtret känns inte igen: välj bland alternativen i formuläret."))
		return
	}
	o, err := s.buildOverview(r.Context(), pc.ds, pc.gen, pc.unit, pc.per, pc.can(tertial.ActEditContent), f, true)
	if err != nil {
		s.error(w, r, err)
		return
	}
	words := pc.words()
	code := pc.ds.Municipality.Code
	page := &periodOverviewPage{Title: "Översikt: " + pc.unit.Name + ", " + pc.per.Title, MuniName: pc.ds.Municipality.Name,
		MuniURL: "/kommuner/" + code, MuniOverview: "/kommuner/" + code + "/oversikt?period=" + url.QueryEscape(pc.per.ID),
		O: o, Filter: f, AreaOptions: areaOpts, AssessOpts: assessOpts, Filtered: f != ovFilter{},
		AreaWord: words.Of(tertial.TermGoalArea), Assessment: words.Of(tertial.TermAssessment),
		Indicators: words.Of(tertial.TermIndicators), StageTarget: words.Of(tertial.TermStageTarget),
		AssessmentLower: compute.Lower(words.Of(tertial.TermAssessment)), StageTargetLower: compute.Lower(words.Of(tertial.TermStageTarget))}
	s.render(w, r, http.StatusOK, "overview.html", page)
}

// assessmentOptions are the goal scale's levels and "no assessment", for a filter.
func assessmentOptions(ds *tertial.Dataset, per *tertial.Period) []option {
	opts := []option{{"", "Alla"}}
	for _, l := range ds.Municipality.Scale(tertial.ScaleGoals) {
		opts = append(opts, option{l.ID, l.Name})
	}
	return append(opts, option{noAssessment, "Saknar " + compute.Lower(report.Words(ds, per).Of(tertial.TermAssessment))})
}

func validOption(opts []option, v string) bool {
	return slices.ContainsFunc(opts, func(o option) bool { return o.Value == v })
}

// muniRow is one unit of the municipality's overview.
type muniRow struct {
	O        *unitOverview
	Findings int
}

// muniGoal is a goal of the municipality's overview, with its unit.
type muniGoal struct {
	Unit, UnitURL string
	Goal          ovGoal
}

type muniOverviewPage struct {
	base
	Title       string
	MuniName    string
	MuniURL     string
	Period      string
	PeriodTitle string
	Periods     []option
	Units       []option
	AssessOpts  []option
	Unit        string
	Assess      string
	Rows        []muniRow
	Levels      []ovLevel // the goal scale's levels, for the columns
	Goals       []muniGoal
	Late        int
	GoalWord    string
	GoalWordCap string
	AssessLabel string // the chosen assessment's name; "" for all
	Assessment  string
}

func (s *Server) handleMunicipalityOverview(w http.ResponseWriter, r *http.Request) {
	code := r.PathValue("code")
	if err := readable(r, code); err != nil {
		s.error(w, r, err)
		return
	}
	ds, gen, err := s.db.SharedDatasetGeneration(r.Context(), code)
	if err != nil {
		s.error(w, r, err)
		return
	}
	q := r.URL.Query()
	periodID := q.Get("period")
	// The periods any unit has, latest cut-off first; the default is the latest.
	type pinfo struct {
		id, title string
		cutoff    int64
	}
	var ps []pinfo
	seen := map[string]bool{}
	for _, p := range ds.Periods {
		if !seen[p.ID] {
			seen[p.ID] = true
			ps = append(ps, pinfo{p.ID, p.Title, p.Cutoff.Unix()})
		}
	}
	if len(ps) == 0 {
		s.error(w, r, tertial.Errorf(tertial.ENOTFOUND, "%s har inga perioder ännu.", ds.Municipality.Name))
		return
	}
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].cutoff > ps[j].cutoff })
	if periodID == "" {
		periodID = ps[0].id
	}
	if !seen[periodID] {
		s.error(w, r, tertial.Errorf(tertial.ENOTFOUND, "Ingen enhet i %s har en period %q.", ds.Municipality.Name, periodID))
		return
	}
	page := &muniOverviewPage{MuniName: ds.Municipality.Name, MuniURL: "/kommuner/" + code, Period: periodID,
		Unit: q.Get("enhet"), Assess: q.Get("bedomning")}
	for _, p := range ps {
		page.Periods = append(page.Periods, option{p.id, p.title + " (" + p.id + ")"})
	}
	page.Units = []option{{"", "Alla"}}
	user := userFrom(r.Context())
	for i := range ds.Units {
		u := &ds.Units[i]
		per := ds.Period(u.ID, periodID)
		if per == nil {
			continue
		}
		page.Units = append(page.Units, option{u.ID, u.Name})
		if page.PeriodTitle == "" {
			page.PeriodTitle = per.Title
			page.AssessOpts = assessmentOptions(ds, per)
			words := report.Words(ds, per)
			page.Assessment = words.Of(tertial.TermAssessment)
		}
	}
	if !validOption(page.Units, page.Unit) || !validOption(page.AssessOpts, page.Assess) {
		s.error(w, r, tertial.Errorf(tertial.EINVALID, "Filtret känns inte igen: välj bland alternativen i formuläret."))
		return
	}
	page.Title = "Översikt: " + page.PeriodTitle
	for _, o := range page.AssessOpts {
		if o.Value == page.Assess && o.Value != "" {
			page.AssessLabel = compute.Lower(o.Label)
		}
	}
	for i := range ds.Units {
		u := &ds.Units[i]
		per := ds.Period(u.ID, periodID)
		if per == nil || (page.Unit != "" && page.Unit != u.ID) {
			continue
		}
		pc := &periodCtx{ds: ds, unit: u, per: per, user: user}
		canEdit := pc.can(tertial.ActEditContent)
		o, err := s.buildOverview(r.Context(), ds, gen, u, per, canEdit, ovFilter{Assessment: page.Assess}, true)
		if err != nil {
			s.error(w, r, err)
			return
		}
		if page.Levels == nil {
			page.Levels = o.GoalLevels
			page.GoalWord = o.GoalWord
			page.GoalWordCap = tertial.Capitalize(o.GoalWord)
		}
		if o.Late {
			page.Late++
		}
		page.Rows = append(page.Rows, muniRow{O: o, Findings: len(o.Findings)})
		for _, a := range o.Areas {
			for _, g := range a.Goals {
				page.Goals = append(page.Goals, muniGoal{Unit: u.Name, UnitURL: o.URL, Goal: g})
			}
		}
	}
	s.render(w, r, http.StatusOK, "munioverview.html", page)
}

// overviewBox is the period page's box: the goals' counts, whether the unit is late, and
// a link to the overview (which also has what check finds, left out here for speed).
type overviewBox struct {
	URL   string
	Lines []string
	Late  bool
}

// periodOverviewBox computes the period page's box.
// The box needs the report built, so it is kept by the dataset's generation like the
// period page's goal tree (pagecache.go); the day is part of the key because lateness
// changes at midnight, not with a write.
func (s *Server) periodOverviewBox(ctx context.Context, pc *periodCtx) (*overviewBox, error) {
	canEdit := pc.can(tertial.ActEditContent)
	key := pageKey{kind: "overview-box", muni: pc.ref.Municipality, unit: pc.ref.Unit, period: pc.ref.Period, generation: pc.gen,
		variant: fmt.Sprint(canEdit, " ", s.db.Now().Format(time.DateOnly))}
	body, err := s.pages.get(key, func() ([]byte, error) {
		o, err := s.buildOverview(ctx, pc.ds, pc.gen, pc.unit, pc.per, canEdit, ovFilter{}, false)
		if err != nil {
			return nil, err
		}
		b := overviewBox{URL: o.URL, Late: o.Late}
		for _, l := range o.GoalLevels {
			b.Lines = append(b.Lines, l.Text)
		}
		if o.Unassessed > 0 {
			b.Lines = append(b.Lines, o.UnassessedText)
		}
		return json.Marshal(b)
	})
	if err != nil {
		return nil, err
	}
	var b overviewBox
	if err := json.Unmarshal(body, &b); err != nil {
		return nil, err
	}
	return &b, nil
}
