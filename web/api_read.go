package web

import (
	"net/http"
	"time"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/compute"
	"github.com/tertial/tertial/report"
	"github.com/tertial/tertial/sv"
)

// The API's view of the data. Field names are English snake_case and stable; decimals
// are strings in the machine form of tertial.Decimal ("8.9", "-0.50", never a float);
// money is whole öre as an integer, with the table's unit and the figure as the report
// prints it ("display"). Lists are never null.

type apiMunicipality struct {
	Code       string `json:"code"`
	Name       string `json:"name"`
	County     string `json:"county"`
	CountyCode string `json:"county_code"`
	URL        string `json:"url"`
}

func municipalityJSON(m tertial.Municipality) apiMunicipality {
	return apiMunicipality{Code: m.Code, Name: m.Name, County: m.County, CountyCode: m.CountyCode, URL: "/api/v1/municipalities/" + m.Code}
}

type apiUnit struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	ShortName string `json:"short_name"`
	Kind      string `json:"kind"`
	Parent    string `json:"parent"`
	Retired   int    `json:"retired,omitempty"` // the last year the unit existed; left out while it does
	// Share is a company's ownership share in percent, a decimal string; OrgNumber its
	// organisationsnummer. Both are left out for other units.
	Share     *string `json:"share,omitempty"`
	OrgNumber string  `json:"org_number,omitempty"`
}

func unitJSON(u *tertial.Unit) apiUnit {
	out := apiUnit{ID: u.ID, Name: u.Name, ShortName: u.ShortName, Kind: string(u.Kind), Parent: u.Parent, Retired: u.Retired, OrgNumber: u.OrgNumber}
	if u.Share != nil {
		share := u.Share.String()
		out.Share = &share
	}
	return out
}

type apiPeriodInfo struct {
	Unit              string  `json:"unit"`
	ID                string  `json:"id"`
	Kind              string  `json:"kind"`
	Title             string  `json:"title"`
	Year              int     `json:"year"`
	Start             string  `json:"start"`
	Cutoff            string  `json:"cutoff"`
	Deadline          *string `json:"deadline"`
	State             string  `json:"state"`
	DecisionDate      *string `json:"decision_date"`
	DecisionParagraph string  `json:"decision_paragraph"`
	Template          string  `json:"template"`
	From              string  `json:"from"`
	Status            string  `json:"status"`
	CoverText         string  `json:"cover_text"`
	Version           int     `json:"version"`
	URL               string  `json:"url"`
}

func dateOrNil(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := sv.Date(t)
	return &s
}

func apiPeriodURL(code, unit, period string) string {
	return "/api/v1/municipalities/" + code + "/units/" + unit + "/periods/" + period
}

func periodInfoJSON(code string, p *tertial.Period) apiPeriodInfo {
	return apiPeriodInfo{Unit: p.Unit, ID: p.ID, Kind: string(p.Kind), Title: p.Title, Year: p.Year(),
		Start: sv.Date(p.StartDate()), Cutoff: sv.Date(p.Cutoff), Deadline: dateOrNil(p.Deadline), State: string(p.State),
		DecisionDate: dateOrNil(p.DecisionDate), DecisionParagraph: p.DecisionParagraph, Template: p.Template, From: p.From,
		Status: p.Status, CoverText: p.CoverText, Version: p.Version, URL: apiPeriodURL(code, p.Unit, p.ID)}
}

// GET /api/v1/municipalities

type apiMunicipalityList struct {
	Municipalities []apiMunicipality `json:"municipalities"`
}

func (s *Server) apiMunicipalities(w http.ResponseWriter, r *http.Request) {
	ms, err := s.db.Municipalities(r.Context())
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	out := apiMunicipalityList{Municipalities: []apiMunicipality{}}
	u := userFrom(r.Context())
	for _, m := range ms {
		if tertial.Can(u, tertial.ActRead, tertial.AccessTarget{Municipality: m.Code}) {
			out.Municipalities = append(out.Municipalities, municipalityJSON(m))
		}
	}
	s.writeAPI(w, r, http.StatusOK, out)
}

// GET /api/v1/municipalities/{code}

type apiMunicipalityDoc struct {
	Municipality apiMunicipality `json:"municipality"`
	Units        []apiUnit       `json:"units"`
	Periods      []apiPeriodInfo `json:"periods"`
	Scales       apiScales       `json:"scales"`
}

// apiScales are the municipality's assessment scales, its own or the defaults: the levels
// a goal's assessment and a status may take.
type apiScales struct {
	Goals      []apiScaleLevel `json:"goals"`
	Indicators []apiScaleLevel `json:"indicators"`
	Statuses   []apiScaleLevel `json:"statuses"`
}

type apiScaleLevel struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Symbol string `json:"symbol"`
	Colour string `json:"colour"`
}

func scalesJSON(m *tertial.Municipality) apiScales {
	levels := func(kind tertial.ScaleKind) []apiScaleLevel {
		out := []apiScaleLevel{}
		for _, l := range m.Scale(kind) {
			out = append(out, apiScaleLevel{ID: l.ID, Name: l.Name, Symbol: l.Symbol, Colour: string(l.Colour)})
		}
		return out
	}
	return apiScales{Goals: levels(tertial.ScaleGoals), Indicators: levels(tertial.ScaleIndicators), Statuses: levels(tertial.ScaleStatuses)}
}

func (s *Server) apiMunicipality(w http.ResponseWriter, r *http.Request) {
	ds, err := s.db.SharedDataset(r.Context(), r.PathValue("code"))
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	if !tertial.Can(userFrom(r.Context()), tertial.ActRead, tertial.AccessTarget{Municipality: ds.Municipality.Code}) {
		s.apiError(w, r, tertial.Errorf(tertial.EFORBIDDEN, "Du har inte behörighet att läsa den här kommunen."))
		return
	}
	out := apiMunicipalityDoc{Municipality: municipalityJSON(ds.Municipality), Units: []apiUnit{}, Periods: []apiPeriodInfo{},
		Scales: scalesJSON(&ds.Municipality)}
	for i := range ds.Units {
		out.Units = append(out.Units, unitJSON(&ds.Units[i]))
	}
	for i := range ds.Periods {
		out.Periods = append(out.Periods, periodInfoJSON(ds.Municipality.Code, &ds.Periods[i]))
	}
	s.writeAPI(w, r, http.StatusOK, out)
}

// GET /api/v1/municipalities/{code}/units/{unit}/periods/{period}

type apiPeriodDoc struct {
	Municipality    apiMunicipality    `json:"municipality"`
	Unit            apiUnit            `json:"unit"`
	Period          apiPeriodInfo      `json:"period"`
	Permissions     apiPermissions     `json:"permissions"`
	Assessments     []apiOverall       `json:"assessments"`
	GoalAreas       []apiGoalArea      `json:"goal_areas"`
	Goals           []apiGoal          `json:"goals"`
	MoneyTables     []apiMoneyTable    `json:"money_tables"`
	FreeTables      []apiFreeTable     `json:"free_tables"`
	Texts           []apiText          `json:"texts"`
	InternalControl apiInternalControl `json:"internal_control"`
	Attachments     []apiAttachment    `json:"attachments"`
	Scales          apiScales          `json:"scales"`
}

// apiPermissions is what the requesting user may do in the period (tertial.Can).
type apiPermissions struct {
	EditContent   bool `json:"edit_content"`
	EditBudget    bool `json:"edit_budget"`
	SubmitSection bool `json:"submit_section"`
	ReviewSection bool `json:"review_section"`
	LockPeriod    bool `json:"lock_period"`
}

type apiOverall struct {
	ID         string `json:"id"`
	Label      string `json:"label"`
	Assessment string `json:"assessment"`
}

type apiGoalArea struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Dimension   string `json:"dimension"`
	Description string `json:"description"`
}

type apiGoal struct {
	ID              string          `json:"id"`
	Level           string          `json:"level"`
	LevelName       string          `json:"level_name"`
	Area            string          `json:"area"`
	Unit            string          `json:"unit"`
	Title           string          `json:"title"`
	Description     string          `json:"description"`
	Assessment      string          `json:"assessment"`
	AssessmentLabel string          `json:"assessment_label"`
	Analysis        string          `json:"analysis"`
	ReportedBy      string          `json:"reported_by"`
	Version         int             `json:"version"`
	Indicators      []apiIndicator  `json:"indicators"`
	Assignments     []apiAssignment `json:"assignments"`
	Children        []apiGoal       `json:"children"`
}

type apiIndicator struct {
	ID             string                 `json:"id"`
	Goal           string                 `json:"goal"`
	Name           string                 `json:"name"`
	Unit           string                 `json:"unit"`
	Direction      string                 `json:"direction"`
	Decimals       int                    `json:"decimals"`
	Owner          string                 `json:"owner"`
	Gender         bool                   `json:"gender"`
	Tolerance      string                 `json:"tolerance"`
	KoladaKPI      string                 `json:"kolada_kpi"`
	Note           string                 `json:"note"`
	Values         []apiIndicatorValue    `json:"values"`
	Targets        []apiTarget            `json:"targets"`
	LongTermTarget *apiTarget             `json:"long_term_target"`
	Assessment     apiIndicatorAssessment `json:"assessment"`
	// LongTermAssessment is the period's value against a relative long-term target
	// (Länssnitt, Rikssnitt, Topp N) as the report states it; null for other targets.
	LongTermAssessment *apiIndicatorAssessment `json:"long_term_assessment"`
}

type apiIndicatorValue struct {
	Year        int     `json:"year"`
	Value       *string `json:"value"`
	Computed    bool    `json:"computed"` // value is numerator ÷ denominator, not given
	Kind        string  `json:"kind"`
	Women       *string `json:"women"`
	Men         *string `json:"men"`
	Numerator   *string `json:"numerator"`
	Denominator *string `json:"denominator"`
	Missing     string  `json:"missing"`
	Note        string  `json:"note"`
	Display     string  `json:"display"`
	Version     int     `json:"version"`
}

type apiTarget struct {
	Year    int    `json:"year"`
	Target  string `json:"target"`
	Version int    `json:"version"`
}

type apiIndicatorAssessment struct {
	Year        int      `json:"year"`
	Target      string   `json:"target"`
	Result      string   `json:"result"`
	Provisional bool     `json:"provisional"`
	Reason      string   `json:"reason"`
	Basis       string   `json:"basis"`  // what a relative target was judged against: "länssnitt 74,7 av 25 kommuner med värde"
	Pooled      *apiPool `json:"pooled"` // what a pooled target was judged on; null for other targets
}

// apiPool is what a pooled target ("≥2 % över 2021–2023") was assessed on.
type apiPool struct {
	From        int    `json:"from"`
	To          int    `json:"to"`
	SoFar       bool   `json:"so_far"`
	Numerator   string `json:"numerator"`
	Denominator string `json:"denominator"`
	Value       string `json:"value"`
}

func poolJSON(ind *tertial.Indicator, p *compute.Pool) *apiPool {
	if p == nil {
		return nil
	}
	return &apiPool{From: p.From, To: p.To, SoFar: p.SoFar, Numerator: p.Numerator.String(), Denominator: p.Denominator.String(),
		Value: p.Figure.Round(ind.Decimals).String()}
}

// apiStatusFollowup is the follow-up of an assignment or internal-control item in the period.
type apiStatusFollowup struct {
	Status      string `json:"status"`
	StatusLabel string `json:"status_label"`
	Progress    *int   `json:"progress"`
	Comment     string `json:"comment"`
	ReportedBy  string `json:"reported_by"`
	Version     int    `json:"version"`
}

type apiAssignment struct {
	ID          string `json:"id"`
	Goal        string `json:"goal"`
	Unit        string `json:"unit"`
	Origin      string `json:"origin"`
	Title       string `json:"title"`
	Description string `json:"description"`
	apiStatusFollowup
}

type apiAmount struct {
	Ore     int64  `json:"ore"`
	Display string `json:"display"`
}

// apiMoneyColumn is a declared column of a money table.
type apiMoneyColumn struct {
	ID      string   `json:"id"`
	Kind    string   `json:"kind"`
	Heading string   `json:"heading"`
	Group   string   `json:"group,omitempty"`
	Period  string   `json:"period,omitempty"`
	Of      []string `json:"of,omitempty"`
	Entered bool     `json:"entered"` // amounts are entered, not computed
}

type apiMoneyTable struct {
	ID           string   `json:"id"`
	Title        string   `json:"title"`
	Unit         string   `json:"unit"`
	Precision    int      `json:"precision"`
	LabelHeading string   `json:"label_heading"`
	Columns      []string `json:"columns"`
	// Layout lists a table's declared columns with defaults filled in; absent for a table
	// with the old column list, whose columns says it all.
	Layout []apiMoneyColumn `json:"layout,omitempty"`
	Note   string           `json:"note"`
	Rows   []apiMoneyRow    `json:"rows"`
	// Periodisation and Sources: how computed amounts were obtained.
	Periodisation string   `json:"periodisation"`
	Sources       []string `json:"sources"`
	// Mapping is the account mapping in effect; MappingSource says whose it is.
	Mapping       []apiAccountRule `json:"mapping"`
	MappingSource string           `json:"mapping_source"`
}

type apiAccountRule struct {
	Row       string   `json:"row"`
	Accounts  []string `json:"accounts"`
	Dimension int      `json:"dimension"`
	Objects   []string `json:"objects"`
}

type apiMoneyRow struct {
	Kind            string               `json:"kind"`
	ID              string               `json:"id"`
	Label           string               `json:"label"`
	Depth           int                  `json:"depth"`
	Negate          bool                 `json:"negate"`
	Comment         string               `json:"comment"`
	Version         *int                 `json:"version"`
	Amounts         map[string]apiAmount `json:"amounts"`
	Deviation       *apiAmount           `json:"deviation"`
	PeriodDeviation *apiAmount           `json:"period_deviation"`
	// Computed holds the figures of a table's declared computed columns: amounts (a
	// deviation's display in result sign, others as the row shows amounts) and shares in
	// percent ("ore" 0, "display" the percentage). Absent for old tables.
	Computed map[string]apiAmount `json:"computed,omitempty"`
}

type apiFreeTable struct {
	ID        string          `json:"id"`
	Title     string          `json:"title"`
	Unit      string          `json:"unit"`
	Precision int             `json:"precision"`
	Note      string          `json:"note"`
	Columns   []apiFreeColumn `json:"columns"`
	Rows      []apiFreeRow    `json:"rows"`
	Sum       *apiFreeSum     `json:"sum"`
	// Lines is, for a table with groups, every row in display order: rows with cells
	// ("row"), group headers ("group", with the group's sums when they are on top) and
	// groups' sum rows ("sum"). Absent for a table without groups.
	Lines []apiFreeLine `json:"lines,omitempty"`
}

type apiFreeLine struct {
	Kind  string                 `json:"kind"`
	ID    string                 `json:"id"`
	Label string                 `json:"label,omitempty"`
	Unit  string                 `json:"unit,omitempty"`
	Depth int                    `json:"depth"`
	Cells map[string]apiFreeCell `json:"cells"`
}

type apiFreeColumn struct {
	ID      string `json:"id"`
	Label   string `json:"label"`
	Type    string `json:"type"`
	Sum     bool   `json:"sum"`
	Formula string `json:"formula"`
}

type apiFreeRow struct {
	ID      string                 `json:"id"`
	Version int                    `json:"version"`
	Unit    string                 `json:"unit,omitempty"`
	Formula string                 `json:"formula,omitempty"`
	Cells   map[string]apiFreeCell `json:"cells"`
}

type apiFreeSum struct {
	Label string                 `json:"label"`
	Cells map[string]apiFreeCell `json:"cells"`
}

// apiFreeCell holds the one value field its column's type uses; a numeric cell may hold a
// word in text instead, or marks before and after its value.
type apiFreeCell struct {
	Text     *string `json:"text,omitempty"`
	Ore      *int64  `json:"ore,omitempty"`
	Number   *string `json:"number,omitempty"`
	Count    *int64  `json:"count,omitempty"`
	Date     *string `json:"date,omitempty"`
	Before   string  `json:"before,omitempty"`
	After    string  `json:"after,omitempty"`
	Display  string  `json:"display"`
	Computed bool    `json:"computed"`
}

type apiText struct {
	ID      string `json:"id"`
	Title   string `json:"title"`
	Body    string `json:"body"`
	Version int    `json:"version"`
}

type apiInternalControl struct {
	Risks    []apiRisk    `json:"risks"`
	Audits   []apiAudit   `json:"audits"`
	Controls []apiControl `json:"controls"`
}

type apiRisk struct {
	ID          string          `json:"id"`
	Unit        string          `json:"unit"`
	Process     string          `json:"process"`
	Risk        string          `json:"risk"`
	Probability int             `json:"probability"`
	Consequence int             `json:"consequence"`
	Actions     []apiRiskAction `json:"actions"`
}

type apiRiskAction struct {
	ID     string `json:"id"`
	Action string `json:"action"`
	apiStatusFollowup
}

type apiAudit struct {
	ID         string `json:"id"`
	Unit       string `json:"unit"`
	Title      string `json:"title"`
	CaseNumber string `json:"case_number"`
	Background string `json:"background"`
	Action     string `json:"action"`
	apiStatusFollowup
}

type apiControl struct {
	ID      string `json:"id"`
	Unit    string `json:"unit"`
	Process string `json:"process"`
	Control string `json:"control"`
	Reason  string `json:"reason"`
	apiStatusFollowup
}

type apiAttachment struct {
	Title       string `json:"title"`
	Description string `json:"description"`
}

func (s *Server) apiPeriod(w http.ResponseWriter, r *http.Request) {
	pc, err := s.loadPeriod(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	s.writeAPI(w, r, http.StatusOK, periodDocJSON(pc))
}

// periodDocJSON is everything of a unit's period: what its report shows, computed, with
// the version of every item that can be edited.
func periodDocJSON(pc *periodCtx) *apiPeriodDoc {
	ds, per := pc.ds, pc.per
	code := ds.Municipality.Code
	doc := &apiPeriodDoc{
		Municipality: municipalityJSON(ds.Municipality),
		Scales:       scalesJSON(&ds.Municipality),
		Unit:         unitJSON(pc.unit),
		Period:       periodInfoJSON(code, per),
		Permissions: apiPermissions{EditContent: pc.can(tertial.ActEditContent), EditBudget: pc.can(tertial.ActEditBudget),
			SubmitSection: pc.can(tertial.ActSubmitSection), ReviewSection: pc.can(tertial.ActReviewSection), LockPeriod: pc.can(tertial.ActLockPeriod)},
		Assessments: []apiOverall{}, GoalAreas: []apiGoalArea{}, MoneyTables: []apiMoneyTable{}, FreeTables: []apiFreeTable{},
		Texts: []apiText{}, Attachments: []apiAttachment{},
		InternalControl: apiInternalControl{Risks: []apiRisk{}, Audits: []apiAudit{}, Controls: []apiControl{}},
	}
	for _, a := range per.Assessments {
		doc.Assessments = append(doc.Assessments, apiOverall{ID: a.ID, Label: a.Label, Assessment: string(a.Assessment)})
	}
	for _, a := range ds.GoalAreas {
		doc.GoalAreas = append(doc.GoalAreas, apiGoalArea{ID: a.ID, Name: a.Name, Dimension: string(a.Dimension), Description: a.Description})
	}
	scope := tertial.NewPeriodScope(ds, pc.unit, pc.per.Year())
	doc.Goals = goalsJSON(pc, scope, "")
	// The money tables as the report shows them: filled from the imported ledger and with
	// the period budget periodised, where the tables say so.
	filled, _ := tertial.ApplyLedger(per, ds.Ledger)
	for i := range filled.MoneyTables {
		doc.MoneyTables = append(doc.MoneyTables, moneyTableJSON(&filled.MoneyTables[i]))
	}
	for i := range per.FreeTables {
		doc.FreeTables = append(doc.FreeTables, freeTableJSON(&per.FreeTables[i]))
	}
	for _, t := range per.Texts {
		doc.Texts = append(doc.Texts, apiText{ID: t.ID, Title: t.Title, Body: t.Body, Version: t.Version})
	}
	ic := &doc.InternalControl
	for _, rk := range ds.Risks {
		if !scope.Includes(rk.Unit) {
			continue
		}
		risk := apiRisk{ID: rk.ID, Unit: rk.Unit, Process: rk.Process, Risk: rk.Risk, Probability: rk.Probability,
			Consequence: rk.Consequence, Actions: []apiRiskAction{}}
		for _, a := range rk.Actions {
			risk.Actions = append(risk.Actions, apiRiskAction{ID: a.ID, Action: a.Action, apiStatusFollowup: statusJSON(ds, a.Followups, rk.Unit, per)})
		}
		ic.Risks = append(ic.Risks, risk)
	}
	for _, a := range ds.Audits {
		if scope.Includes(a.Unit) {
			ic.Audits = append(ic.Audits, apiAudit{ID: a.ID, Unit: a.Unit, Title: a.Title, CaseNumber: a.CaseNumber,
				Background: a.Background, Action: a.Action, apiStatusFollowup: statusJSON(ds, a.Followups, a.Unit, per)})
		}
	}
	for _, c := range ds.Controls {
		if scope.Includes(c.Unit) {
			ic.Controls = append(ic.Controls, apiControl{ID: c.ID, Unit: c.Unit, Process: c.Process, Control: c.Control,
				Reason: c.Reason, apiStatusFollowup: statusJSON(ds, c.Followups, c.Unit, per)})
		}
	}
	for _, a := range per.Attachments {
		doc.Attachments = append(doc.Attachments, apiAttachment{Title: a.Title, Description: a.Description})
	}
	return doc
}

// goalsJSON returns the goals below parent that the period's report shows, as a tree.
func goalsJSON(pc *periodCtx, scope *tertial.Scope, parent string) []apiGoal {
	levels := map[string]string{}
	for _, l := range pc.ds.GoalLevels {
		levels[l.ID] = l.Name
	}
	var walk func(parent string) []apiGoal
	walk = func(parent string) []apiGoal {
		out := []apiGoal{}
		for _, g := range scope.Children(parent) {
			gj := apiGoal{ID: g.ID, Level: g.Level, LevelName: levels[g.Level], Unit: g.Unit, Title: g.Title,
				Description: g.Description, Indicators: []apiIndicator{}, Assignments: []apiAssignment{}}
			if a := pc.ds.GoalArea(g.ID); a != nil {
				gj.Area = a.ID
			}
			// What the report shows (for a council, what the nämnd reported) ...
			if f := report.GoalFollowup(g, pc.per); f != nil {
				l, _ := report.Words(pc.ds, pc.per).Level(tertial.ScaleGoals, string(f.Assessment))
				gj.Assessment, gj.AssessmentLabel, gj.Analysis = string(f.Assessment), l.Text, f.Analysis
				gj.ReportedBy = f.Unit
				if gj.ReportedBy == "" {
					gj.ReportedBy = g.Unit
				}
			}
			// ... and the version of this period's own follow-up, which an edit names.
			if f := exactFollowup(g, pc.per); f != nil {
				gj.Version = f.Version
			}
			for _, ind := range scope.Indicators(g.ID) {
				gj.Indicators = append(gj.Indicators, indicatorJSON(pc.ds, ind, pc.per.Year()))
			}
			for _, a := range scope.Assignments(g.ID) {
				gj.Assignments = append(gj.Assignments, apiAssignment{ID: a.ID, Goal: a.Goal, Unit: pc.ds.AssignmentUnit(a),
					Origin: a.Origin, Title: a.Title, Description: a.Description,
					apiStatusFollowup: statusJSON(pc.ds, a.Followups, pc.ds.AssignmentUnit(a), pc.per)})
			}
			gj.Children = walk(g.ID)
			out = append(out, gj)
		}
		return out
	}
	return walk(parent)
}

func decimalPtr(d *tertial.Decimal) *string {
	if d == nil {
		return nil
	}
	s := d.String()
	return &s
}

// indicatorValueJSON is an indicator's value entry for a year; the zero entry (version 0)
// when there is none.
func indicatorValueJSON(ind *tertial.Indicator, year int) apiIndicatorValue {
	v := ind.ValueFor(year)
	if v == nil {
		return apiIndicatorValue{Year: year, Kind: string(tertial.Outcome)}
	}
	return valueJSON(ind, v)
}

func valueJSON(ind *tertial.Indicator, v *tertial.IndicatorValue) apiIndicatorValue {
	d := ind.WithDerivedValue(*v) // a value just saved from its numerator and denominator
	kind := d.Kind
	if kind == "" {
		kind = tertial.Outcome
	}
	return apiIndicatorValue{Year: d.Year, Value: decimalPtr(d.Value), Computed: d.Computed, Kind: string(kind), Women: decimalPtr(d.Women),
		Men: decimalPtr(d.Men), Numerator: decimalPtr(d.Numerator), Denominator: decimalPtr(d.Denominator), Missing: string(d.Missing),
		Note: d.Note, Display: report.ValueCell(ind, &d, "").Text, Version: d.Version}
}

var resultNames = map[compute.Result]string{
	compute.NotAssessed: "not_assessed", compute.Reaches: "reaches", compute.Approaches: "approaches", compute.Misses: "misses",
}

func indicatorJSON(ds *tertial.Dataset, ind *tertial.Indicator, year int) apiIndicator {
	out := apiIndicator{ID: ind.ID, Goal: ind.Goal, Name: ind.Name, Unit: ind.Unit, Direction: string(ind.Direction),
		Decimals: ind.Decimals, Owner: ind.Owner, Gender: ind.Gender, Tolerance: ind.ToleranceOrDefault().String(),
		KoladaKPI: ind.KoladaKPI, Note: ind.Note, Values: []apiIndicatorValue{}, Targets: []apiTarget{}}
	for i := range ind.Values {
		out.Values = append(out.Values, valueJSON(ind, &ind.Values[i]))
	}
	for _, t := range ind.Targets {
		out.Targets = append(out.Targets, apiTarget{Year: t.Year, Target: t.Target.String(), Version: t.Version})
	}
	if ind.LongTerm != nil {
		out.LongTermTarget = &apiTarget{Year: ind.LongTerm.Year, Target: ind.LongTerm.Target.String(), Version: ind.LongTerm.Version}
	}
	a := report.Assess(ds, ind, year)
	out.Assessment = apiIndicatorAssessment{Year: year, Target: a.Target.String(), Result: resultNames[a.Result],
		Provisional: a.Provisional(), Reason: a.Reason, Basis: a.Basis, Pooled: poolJSON(ind, a.Pool)}
	if lt, ok := report.AssessLongTerm(ds, ind, year); ok {
		out.LongTermAssessment = &apiIndicatorAssessment{Year: year, Target: lt.Target.String(), Result: resultNames[lt.Result],
			Provisional: lt.Provisional(), Reason: lt.Reason, Basis: lt.Basis, Pooled: poolJSON(ind, lt.Pool)}
	}
	return out
}

// statusJSON is the follow-up of an item of itemUnit in the period: what the report shows,
// with the status in the words of the municipality's status scale, and the version of the
// period's own follow-up.
func statusJSON(ds *tertial.Dataset, fs []tertial.StatusFollowup, itemUnit string, per *tertial.Period) apiStatusFollowup {
	var out apiStatusFollowup
	if f := report.StatusFollowup(fs, itemUnit, per); f != nil {
		out.Status, out.Progress, out.Comment = string(f.Status), f.Progress, f.Comment
		l, _ := report.Words(ds, per).Level(tertial.ScaleStatuses, string(f.Status))
		out.StatusLabel = l.Text
		out.ReportedBy = f.Unit
		if out.ReportedBy == "" {
			out.ReportedBy = itemUnit
		}
	}
	if f := exactStatus(fs, itemUnit, per); f != nil {
		out.Version = f.Version
	}
	return out
}

var moneyRowKinds = map[compute.RowKind]string{
	compute.BaseRow: "row", compute.HeaderRow: "group", compute.SumRow: "sum", compute.TotalRow: "total",
}

func amountJSON(a tertial.Amount, shown tertial.Amount, t *tertial.MoneyTable) apiAmount {
	return apiAmount{Ore: int64(a), Display: sv.Amount(shown, t.Unit, t.Precision)}
}

// moneyTableJSON is a money table as compute.MoneyTable computes it: rows in display
// order with group sums, the total and the deviations. "ore" is in result sign (income
// positive, costs negative) as stored; "display" is what the report prints, with the
// row's negate applied to the amounts (not to the deviations).
func moneyTableJSON(t *tertial.MoneyTable) apiMoneyTable {
	out := apiMoneyTable{ID: t.ID, Title: t.Title, Unit: string(t.Unit), Precision: t.Precision, LabelHeading: t.LabelHeading,
		Columns: []string{}, Note: t.Note, Rows: []apiMoneyRow{}, Periodisation: string(t.Periodisation), Sources: append([]string{}, t.Derived...)}
	for _, c := range t.AmountColumns() {
		out.Columns = append(out.Columns, string(c))
	}
	declared := len(t.Declared) > 0
	layout := t.Layout()
	if declared {
		for _, c := range layout {
			ac := apiMoneyColumn{ID: string(c.ID), Kind: string(c.Kind), Heading: c.Heading, Group: c.Group, Period: string(c.Period), Entered: !c.Computed()}
			for _, o := range c.Of {
				ac.Of = append(ac.Of, string(o))
			}
			out.Layout = append(out.Layout, ac)
		}
	}
	out.Mapping, out.MappingSource = []apiAccountRule{}, "none"
	switch {
	case len(t.Mapping) > 0:
		out.MappingSource = "table"
	case len(t.Rules()) > 0:
		out.MappingSource = "kommun_bas"
	}
	for _, r := range t.Rules() {
		rule := apiAccountRule{Row: r.Row, Accounts: []string{}, Dimension: r.Dimension, Objects: append([]string{}, r.Objects...)}
		for _, a := range r.Accounts {
			rule.Accounts = append(rule.Accounts, a.String())
		}
		out.Mapping = append(out.Mapping, rule)
	}
	for _, r := range compute.MoneyTable(t) {
		row := apiMoneyRow{Kind: moneyRowKinds[r.Kind], ID: r.ID, Label: r.Label, Depth: r.Depth, Negate: r.Negate,
			Comment: r.Comment, Amounts: map[string]apiAmount{}}
		if r.Kind == compute.BaseRow {
			if src := findRow(t.Rows, r.ID); src != nil {
				v := src.Version
				row.Version = &v
			}
		}
		if r.Kind != compute.HeaderRow || r.HasSums {
			for c, a := range r.Amounts {
				shown, _ := r.Display(c)
				row.Amounts[string(c)] = amountJSON(a, shown, t)
			}
			if r.Deviation != nil {
				d := amountJSON(*r.Deviation, *r.Deviation, t)
				row.Deviation = &d
			}
			if r.PeriodDeviation != nil {
				d := amountJSON(*r.PeriodDeviation, *r.PeriodDeviation, t)
				row.PeriodDeviation = &d
			}
			for i := range layout {
				c := &layout[i]
				if !declared || !c.Computed() {
					continue
				}
				if row.Computed == nil {
					row.Computed = map[string]apiAmount{}
				}
				if p, ok := r.Shares[c.ID]; ok {
					row.Computed[string(c.ID)] = apiAmount{Display: sv.WithUnit(sv.Decimal(p.Round(1), 1), "%")}
				} else if shown, ok := r.Value(c); ok {
					row.Computed[string(c.ID)] = amountJSON(r.Computed[c.ID], shown, t)
				}
			}
		}
		out.Rows = append(out.Rows, row)
	}
	return out
}

// freeTableJSON is a free table with its formula columns and sum row computed.
func freeTableJSON(t *tertial.FreeTable) apiFreeTable {
	out := apiFreeTable{ID: t.ID, Title: t.Title, Unit: string(t.Unit), Precision: t.Precision, Note: t.Note,
		Columns: []apiFreeColumn{}, Rows: []apiFreeRow{}}
	for _, c := range t.Columns {
		out.Columns = append(out.Columns, apiFreeColumn{ID: c.ID, Label: c.Label, Type: string(c.Type), Sum: c.Sum, Formula: c.Formula.String()})
	}
	res := compute.FreeTable(t)
	cells := func(vals []compute.FreeValue) map[string]apiFreeCell {
		m := map[string]apiFreeCell{}
		for i, c := range t.Columns {
			if vals[i].Present || vals[i].Word != "" {
				m[c.ID] = freeCellJSON(c, vals[i], t)
			}
		}
		return m
	}
	for i, r := range t.Leaves() {
		out.Rows = append(out.Rows, apiFreeRow{ID: r.ID, Version: r.Version, Unit: r.Unit, Formula: r.Formula.String(), Cells: cells(res.Rows[i])})
	}
	if res.Sum != nil {
		out.Sum = &apiFreeSum{Label: t.SumLabel, Cells: cells(res.Sum)}
	}
	if t.Grouped() {
		for _, l := range res.Lines {
			out.Lines = append(out.Lines, apiFreeLine{Kind: moneyRowKinds[l.Kind], ID: l.ID, Label: l.Label, Unit: l.Unit,
				Depth: l.Depth, Cells: cells(l.Values)})
		}
	}
	return out
}

func freeCellJSON(c tertial.FreeColumn, v compute.FreeValue, t *tertial.FreeTable) apiFreeCell {
	out := apiFreeCell{Computed: v.Computed}
	if !v.Present {
		// A numeric cell with a word in place of its value.
		w := v.Word
		out.Text, out.Display = &w, w
		return out
	}
	switch c.Type {
	case tertial.ColText:
		s := v.Cell.Text
		out.Text, out.Display = &s, s
	case tertial.ColAmount:
		n := int64(v.Cell.Amount)
		out.Ore, out.Display = &n, sv.Amount(v.Cell.Amount, t.Unit, t.Precision)
	case tertial.ColPercent:
		s := v.Cell.Number.String()
		out.Number, out.Display = &s, sv.WithUnit(sv.Exact(v.Cell.Number), "%")
	case tertial.ColDecimal:
		s := v.Cell.Number.String()
		out.Number, out.Display = &s, sv.Exact(v.Cell.Number)
	case tertial.ColCount:
		n := v.Cell.Count
		out.Count, out.Display = &n, sv.Decimal(tertial.DecimalFromInt(n), 0)
	case tertial.ColDate:
		s := sv.Date(v.Cell.Date)
		out.Date, out.Display = &s, s
	}
	if c.Type.Numeric() {
		out.Before, out.After = v.Cell.Before, v.Cell.After
		out.Display = sv.Marked(out.Before, out.Display, out.After)
	}
	return out
}
