package web

import (
	"bytes"
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/htmlreport"
	"github.com/tertial/tertial/markdown"
	"github.com/tertial/tertial/report"
	"github.com/tertial/tertial/sv"
)

var funcs = template.FuncMap{}

type homePage struct {
	base
	Title          string
	Municipalities []tertial.Municipality
}

func (s *Server) handleHome(w http.ResponseWriter, r *http.Request) {
	if userFrom(r.Context()) == nil {
		s.handlePublicList(w, r) // only with published reports to list (withUser)
		return
	}
	all, err := s.db.Municipalities(r.Context())
	if err != nil {
		s.error(w, r, err)
		return
	}
	var ms []tertial.Municipality
	for _, m := range all {
		if readable(r, m.Code) == nil {
			ms = append(ms, m)
		}
	}
	if len(ms) == 1 {
		http.Redirect(w, r, "/kommuner/"+ms[0].Code, http.StatusFound)
		return
	}
	s.render(w, r, http.StatusOK, "home.html", &homePage{Title: "Tertial", Municipalities: ms})
}

type municipalityPage struct {
	base
	Title         string
	Municipality  tertial.Municipality
	Units         []unitNode
	NewPeriod     *newPeriodForm // nil when the user may not create periods
	Structure     string         // the structure pages' address; "" when the user may not edit them
	TemplatesURL  string         // the report templates; "" when the user may not change them
	UnitsURL      string         // the organisation's page; "" when the user may not edit the structure
	SettingsURL   string         // the settings' page; "" when the user may not change them
	ICURL         string         // the internal-control plan's page; "" when the user may not edit the structure
	OverviewURL   string         // the overview of every unit's latest period (overview.go)
	EconomyURL    string         // the annual report's economy (economy.go)
	StatementsURL string         // the statements' account mapping, budget and forecast (statementmapping.go)
	Words         structWords    // the municipality's words for goals, indicators and assignments
	StageTargets  string         // its word for stage targets, in the plural: "etappmål"
}

// unitNode is a unit in the organisation tree with its periods.
type unitNode struct {
	Unit      tertial.Unit
	Kind      string
	LedgerURL string // the unit's own ledger page (unitledger.go): a company's and the council's
	Periods   []periodLink
	Children  []unitNode
}

type periodLink struct {
	URL, Title, Kind, Cutoff, State string
	Locked                          bool
	Decision                        string // the board's decision of a locked period: "22 september 2021, § 12"
	MatrixURL                       string
	OverviewURL                     string
}

func periodURL(code, unit, period string) string {
	return "/kommuner/" + code + "/enheter/" + unit + "/perioder/" + period
}

// readable returns EFORBIDDEN when the signed-in user may not read the municipality.
func readable(r *http.Request, code string) error {
	if !tertial.Can(userFrom(r.Context()), tertial.ActRead, tertial.AccessTarget{Municipality: code}) {
		return tertial.Errorf(tertial.EFORBIDDEN, "Du har inte behörighet att läsa den här kommunens uppgifter.")
	}
	return nil
}

func (s *Server) handleMunicipality(w http.ResponseWriter, r *http.Request) {
	if err := readable(r, r.PathValue("code")); err != nil {
		s.error(w, r, err)
		return
	}
	ds, err := s.db.SharedDataset(r.Context(), r.PathValue("code"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "municipality.html", s.municipalityPage(r, ds))
}

// municipalityPage builds the municipality's page: its organisation with the periods of
// each unit and, for those who may create periods, the "Ny period" form.
func (s *Server) municipalityPage(r *http.Request, ds *tertial.Dataset) *municipalityPage {
	council := councilUnit(ds)
	var build func(parent string) []unitNode
	build = func(parent string) []unitNode {
		var out []unitNode
		for _, u := range ds.Units {
			if u.Parent != parent {
				continue
			}
			n := unitNode{Unit: u, Kind: report.UnitKindLabels[u.Kind], Children: build(u.ID)}
			if hasUnitLedgerLink(&u, council) {
				n.LedgerURL = unitLedgerURL(ds.Municipality.Code, u.ID)
			}
			for _, p := range ds.Periods {
				if p.Unit == u.ID {
					// "brytdatum 2021-08-31", "räkenskapsår 2025-12-31": the date in the period's word.
					dated := strings.ToLower(report.Words(ds, &p).Of(tertial.TermCutoff)) + " " + sv.Date(p.Cutoff)
					n.Periods = append(n.Periods, periodLink{URL: periodURL(ds.Municipality.Code, u.ID, p.ID), Title: p.Title,
						MatrixURL: "/kommuner/" + ds.Municipality.Code + "/perioder/" + p.ID + "/arbetsflode",
						Kind:      report.PeriodKindLabel(&u, p.Kind), Cutoff: dated, State: report.PeriodStateLabels[p.State], Locked: p.State == tertial.PeriodLocked,
						Decision: decisionText(&p), OverviewURL: periodURL(ds.Municipality.Code, u.ID, p.ID) + "/oversikt"})
				}
			}
			out = append(out, n)
		}
		return out
	}
	page := &municipalityPage{Title: ds.Municipality.Name, Municipality: ds.Municipality, Units: build(""), NewPeriod: newPeriodFormFor(r, ds),
		Structure: structureLink(r, ds.Municipality.Code),
		Words:     structWordsOf(&ds.Municipality), StageTargets: sv.NounOf(ds.Municipality.Word(tertial.TermStageTarget, "")).Plural,
		TemplatesURL: templatesURLFor(r, ds), EconomyURL: economyURL(ds.Municipality.Code), StatementsURL: statementMappingURL(ds.Municipality.Code)}
	if len(ds.Periods) > 0 {
		page.OverviewURL = "/kommuner/" + ds.Municipality.Code + "/oversikt"
	}
	if tertial.Can(userFrom(r.Context()), tertial.ActEditStructure, tertial.AccessTarget{Municipality: ds.Municipality.Code}) {
		page.UnitsURL = unitsURL(ds.Municipality.Code)
		page.ICURL = icURL(ds.Municipality.Code)
	}
	if maySettings(userFrom(r.Context()), ds.Municipality.Code) {
		page.SettingsURL = settingsURL(ds.Municipality.Code)
	}
	return page
}

type periodPage struct {
	base
	Title        string
	ReportURL    string
	EditURL      string
	WorkflowURL  string
	PublishedURL string
	KoladaURL    string
	LedgerURL    string
	StructureURL string // the tables and template of the period; "" when the user may not change them
	SettingsURL  string // the period's settings; "" when the user may not change them
	CanEdit      bool
	Municipality tertial.Municipality
	MuniURL      string
	Unit         tertial.Unit
	Period       tertial.Period
	Kind, State  string
	CutoffLabel  string // "Brytdatum" in an interim report, "Räkenskapsår" in an annual one
	Cutoff       string
	Years        []int
	Areas        []areaView    // only while Goals is rendered
	Goals        template.HTML // the goal tree ("period-goals" of period.html), kept by generation
	Cycle        periodFacts
	Words        *siteWords
	Overview     *overviewBox // the overview's counts and link (overview.go)
	FillLinks    []editLink   // the grids, straight from the period's page (grid.go)
}

// siteWords are the words of the municipality's vocabulary the period page uses, in the
// period's kind, as its report says them.
type siteWords struct {
	GoalArea, GoalAreas, Assessment, Indicator, Indicators, StageTarget, LongTermTarget, Assignment, Status, Comment string
}

func wordsOf(ds *tertial.Dataset, per *tertial.Period) *siteWords {
	w := report.Words(ds, per)
	return &siteWords{GoalArea: w.Of(tertial.TermGoalArea), GoalAreas: tertial.Capitalize(w.Nouns().GoalArea.Plural), Assessment: w.Of(tertial.TermAssessment),
		Indicator: w.Of(tertial.TermIndicator), Indicators: w.Of(tertial.TermIndicators), StageTarget: w.Of(tertial.TermStageTarget),
		LongTermTarget: w.Of(tertial.TermLongTermTarget), Assignment: w.Of(tertial.TermAssignment),
		Status: w.Of(tertial.TermStatus), Comment: w.Of(tertial.TermComment)}
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
	Words       *siteWords
	Assessment  *report.StatusLabel // in the municipality's goal scale
	Analysis    template.HTML
	Indicators  *indicatorTable
	Assignments []assignmentRow
	Children    []goalView
	FillURL     string // the goal's indicator values in one form, for those who may edit
}

type indicatorTable struct {
	Words        *siteWords
	Caption      string
	Years        []int
	TargetYear   int
	LongTermYear int // 0 when the rows' years differ; then each cell names its year
	Rows         []indicatorRow
	Notes        []template.HTML
}

type indicatorRow struct {
	Name   string
	Values []valueCell
	Target string
	// TargetDetail gives a pooled target's figure so far ("sammanvägt 2021–2022: 2,9 %"),
	// or why it cannot be computed.
	TargetDetail string
	LongTerm     string
	// LongTermDetail says how the value stands against a relative long-term target, with
	// Kolada's comparison data.
	LongTermDetail string
}

// valueCell is an indicator's value for a year and, when Kolada's differs from it (or only
// Kolada has one), Kolada's, linked to the comparison on the period's Kolada page.
type valueCell struct {
	report.Cell
	Kolada    string // "Kolada: 9,8"
	KoladaURL string
}

type assignmentRow struct {
	Title   string
	Origin  string
	Status  *report.StatusLabel
	Comment template.HTML
}

func (s *Server) handlePeriod(w http.ResponseWriter, r *http.Request) {
	pc := s.pagePeriod(w, r)
	if pc == nil {
		return
	}
	ds, unit, per := pc.ds, pc.unit, pc.per
	// The date in the period's words, as the report's cover says it.
	words := report.Words(ds, per)
	label := words.Of(tertial.TermCutoff)
	cutoff := strings.TrimPrefix(words.Dated(per), label+" ")
	page := periodPage{
		Title: unit.Name + " – " + per.Title, Municipality: ds.Municipality, MuniURL: "/kommuner/" + ds.Municipality.Code,
		Unit: *unit, Period: *per, Kind: report.PeriodKindLabel(unit, per.Kind), State: report.PeriodStateLabels[per.State],
		CutoffLabel: label, Cutoff: cutoff,
		ReportURL:    pc.url + "/rapport",
		EditURL:      pc.url + "/redigera",
		WorkflowURL:  pc.url + "/arbetsflode",
		PublishedURL: pc.url + "/publicerat",
		KoladaURL:    pc.url + "/kolada",
		LedgerURL:    pc.url + "/bokforing",
		CanEdit:      pc.can(tertial.ActEditContent),
		Cycle:        periodFactsOf(ds, per),
	}
	if pc.can(tertial.ActEditStructure) {
		page.StructureURL = pc.url + "/struktur/tabeller"
		page.SettingsURL = periodSettingsURL(pc)
	}
	y := per.Year()
	page.Years = []int{y - 2, y - 1, y}
	page.Words = wordsOf(ds, per)
	// The overview's box; the page stands without it when the report cannot be built.
	if box, err := s.periodOverviewBox(r.Context(), pc); err == nil {
		page.Overview = box
	} else {
		s.log.Error("overview box", "path", r.URL.Path, "err", err)
	}
	// The goal tree, most of the page, is built from the dataset alone: rendered once per
	// generation of it and kept (pagecache.go). The variant keeps apart what the user's
	// rights could change in it.
	key := pageKey{kind: "period-goals", muni: pc.ref.Municipality, unit: pc.ref.Unit, period: pc.ref.Period, generation: pc.gen,
		variant: fmt.Sprint(page.CanEdit, page.StructureURL != "")}
	goals, err := s.pages.get(key, func() ([]byte, error) {
		p := page
		p.Areas = buildGoalTree(ds, unit.ID, per, p.Years, p.KoladaURL)
		addGoalFillURLs(pc, p.Areas)
		var buf bytes.Buffer
		err := s.tmpl["period.html"].ExecuteTemplate(&buf, "period-goals", &p)
		return buf.Bytes(), err
	})
	if err != nil {
		s.error(w, r, err)
		return
	}
	page.Goals = template.HTML(goals)
	addFillLinks(pc, &page)
	s.render(w, r, http.StatusOK, "period.html", &page)
}

// buildGoalTree returns the goals a unit reports on in a period, by goal area, as the
// report shows them (tertial.Scope decides which).
func buildGoalTree(ds *tertial.Dataset, unitID string, per *tertial.Period, years []int, koladaURL string) []areaView {
	scope := tertial.NewPeriodScope(ds, ds.Unit(unitID), per.Year())
	levels := map[string]string{}
	for _, l := range ds.GoalLevels {
		levels[l.ID] = l.Name
	}
	words, vocab := wordsOf(ds, per), report.Words(ds, per)
	var goals func(parent string, heading int) []goalView
	goals = func(parent string, heading int) []goalView {
		var out []goalView
		for _, g := range scope.Children(parent) {
			gv := goalView{ID: g.ID, Heading: min(heading, 6), Level: levels[g.Level], Title: g.Title, Words: words}
			// Headings inside texts go one level below the goal's heading.
			md := gv.Heading + 1
			if f := report.GoalFollowup(g, per); f != nil {
				if l, ok := vocab.Level(tertial.ScaleGoals, string(f.Assessment)); ok {
					gv.Assessment = &l
				}
				if f.Analysis != "" {
					gv.Analysis = markdown.HTML(f.Analysis, md)
				}
			}
			gv.Indicators = indicatorsOf(ds, scope, g, per, years, koladaURL)
			for _, a := range scope.Assignments(g.ID) {
				row := assignmentRow{Title: a.Title, Origin: a.Origin}
				if f := report.StatusFollowup(a.Followups, ds.AssignmentUnit(a), per); f != nil {
					if l, ok := vocab.Status(f.Status); ok {
						row.Status = &l
					}
					row.Comment = markdown.HTML(f.Comment, md)
				}
				gv.Assignments = append(gv.Assignments, row)
			}
			gv.Children = goals(g.ID, heading+1)
			out = append(out, gv)
		}
		return out
	}
	var areas []areaView
	top := goals("", 3)
	for _, a := range ds.GoalAreas {
		av := areaView{ID: a.ID, Name: a.Name, Dimension: report.DimensionLabels[a.Dimension]}
		for _, gv := range top {
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

// indicatorsOf builds a goal's indicator table; koladaURL is the period's Kolada page.
func indicatorsOf(ds *tertial.Dataset, scope *tertial.Scope, g *tertial.Goal, per *tertial.Period, years []int, koladaURL string) *indicatorTable {
	t := &indicatorTable{Words: wordsOf(ds, per), Caption: report.Words(ds, per).Of(tertial.TermIndicators) + " för " + g.Title, Years: years, TargetYear: per.Year()}
	ltYears := map[int]bool{}
	var notes []string
	inds := scope.Indicators(g.ID)
	for _, ind := range inds {
		name := ind.Name
		if ind.Unit != "" {
			name += " (" + ind.Unit + ")"
		}
		row := indicatorRow{Name: name, Target: sv.Target(ind.TargetFor(per.Year()))}
		if ind.TargetFor(per.Year()).Pooled() {
			a := report.Assess(ds, ind, per.Year())
			row.TargetDetail = a.Basis
			if a.Pool == nil {
				row.TargetDetail = a.Reason
			}
		}
		for _, y := range years {
			vc := valueCell{Cell: report.ValueCell(ind, ind.ValueFor(y), strconv.Itoa(y))}
			if kd := report.KoladaDetail(ds, ind, ind.ValueFor(y), y); kd != "" {
				vc.Kolada, vc.KoladaURL = kd, koladaURL+"#kolada-"+ind.ID
			}
			row.Values = append(row.Values, vc)
			if v := ind.ValueFor(y); v != nil && v.Note != "" {
				notes = append(notes, v.Note)
			}
		}
		if ind.LongTerm != nil {
			row.LongTerm = sv.Target(ind.LongTerm.Target)
			ltYears[ind.LongTerm.Year] = true
			if a, ok := report.AssessLongTerm(ds, ind, per.Year()); ok {
				row.LongTermDetail = report.LongTermText(a)
			}
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
		for i, ind := range inds {
			if ind.LongTerm != nil {
				t.Rows[i].LongTerm += " (" + strconv.Itoa(ind.LongTerm.Year) + ")"
			}
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

// handleReport serves the period's report as the same self-contained HTML file that
// tertial report writes.
func (s *Server) handleReport(w http.ResponseWriter, r *http.Request) {
	pc := s.pagePeriod(w, r)
	if pc == nil {
		return
	}
	// The report is the same for everyone who may read it and depends on the dataset
	// alone: kept until the next write of the municipality's data.
	key := pageKey{kind: "report", muni: pc.ref.Municipality, unit: pc.ref.Unit, period: pc.ref.Period, generation: pc.gen}
	page, err := s.pages.get(key, func() ([]byte, error) {
		doc, err := report.Build(pc.ds, pc.unit.ID, pc.per.ID)
		if err != nil {
			return nil, err
		}
		return htmlreport.Render(doc)
	})
	if err != nil {
		s.error(w, r, err)
		return
	}
	// The report carries its style sheet inline: allow exactly that one.
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src "+htmlreport.StyleSources(pc.ds.Municipality.Colour)+"; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'")
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write(page)
}

// templatesURLFor is the address of the municipality's report templates for a user who may
// change them, else "".
func templatesURLFor(r *http.Request, ds *tertial.Dataset) string {
	if !tertial.Can(userFrom(r.Context()), tertial.ActEditStructure, tertial.AccessTarget{Municipality: ds.Municipality.Code}) {
		return ""
	}
	return templatesURL(ds.Municipality.Code)
}
