package tertial

import (
	"fmt"
	"slices"
)

// SectionKind tells what a template section shows.
type SectionKind string

// The section kinds.
const (
	SectionCover        SectionKind = "cover"
	SectionTOC          SectionKind = "toc"
	SectionSummary      SectionKind = "summary"
	SectionAssessments  SectionKind = "assessments"
	SectionGoals        SectionKind = "goals"
	SectionHeading      SectionKind = "heading"
	SectionText         SectionKind = "text"
	SectionMoneyTable   SectionKind = "money_table"
	SectionFreeTable    SectionKind = "free_table"
	SectionNetCostTrend SectionKind = "net_cost_trend"
	SectionRisks        SectionKind = "risks"
	SectionAudits       SectionKind = "audits"
	SectionControls     SectionKind = "controls"
	SectionAttachments  SectionKind = "attachments"
	// SectionIndicatorCharts draws a trend chart per indicator of the goal tree that has
	// values for more than one year, with its targets marked.
	SectionIndicatorCharts SectionKind = "indicator_charts"
	// SectionMoneyChart draws a money table's budget against forecast per row, and the
	// deviations (ref: the table).
	SectionMoneyChart SectionKind = "money_chart"
	// SectionAssignments shows the assignments of the unit's goal tree in one table, so
	// that a report can give them a chapter of their own (filtered like a goals section).
	SectionAssignments SectionKind = "assignments"
	// SectionVision shows the municipality's vision: its title as the heading and its text.
	SectionVision SectionKind = "vision"
	// SectionKeyFigures is a page of key figures (nyckeltal): in one table, the indicators
	// of the goals its filters choose, each with the period's outcome, stage target and
	// assessment (symbol and words), typically right after the table of contents.
	SectionKeyFigures SectionKind = "key_figures"
	// SectionCouncilGoals consolidates the council's goals across the boards (a council's
	// or kommunstyrelsen's report): per council goal, the assessment of every board that
	// contributes to it in its period of the same date (ConsolidatedBoards), counted in a
	// sentence. Its goal filters choose the council goals (without levels: the goals at
	// the top of the tree); owners chooses the boards.
	SectionCouncilGoals SectionKind = "council_goals"
	// SectionBoardDeviations is every board's budget deviation in one table, from each
	// board's money table with the section's ref as ID (its driftredovisning) in its
	// period of the same date, with the sum of the boards; owners chooses the boards.
	SectionBoardDeviations SectionKind = "board_deviations"
	// SectionBoardReports includes each board's own report of its period of the same date,
	// built from its own template, as a chapter with its headings a level down; owners
	// chooses the boards. Placed under a heading "Bilagor" the chapters are appendices.
	SectionBoardReports SectionKind = "board_reports"
)

// SectionKinds lists the section kinds.
var SectionKinds = []SectionKind{SectionCover, SectionTOC, SectionSummary, SectionAssessments,
	SectionGoals, SectionHeading, SectionText, SectionMoneyTable, SectionFreeTable,
	SectionNetCostTrend, SectionRisks, SectionAudits, SectionControls, SectionAttachments,
	SectionIndicatorCharts, SectionMoneyChart, SectionAssignments, SectionVision, SectionKeyFigures,
	SectionStatement, SectionStatementNotes, SectionBalanceRequirement, SectionFinancialGoals, SectionFiveYear, SectionNetCostReconciliation,
	SectionCouncilGoals, SectionBoardDeviations, SectionBoardReports, SectionConsolidatedStatement}

// SectionConsolidatedStatement is a statement of the sammanställda räkenskaper (the
// kommunkoncernen: the municipality, its companies by their shares, the eliminations),
// named by its ref as SectionStatement is (StatementRefs).
const SectionConsolidatedStatement SectionKind = "consolidated_statement"

// The sections of a municipality's financial statements (issue 16): a statement, named by
// its ref (StatementRefs), and the notes of all of them.
const (
	SectionStatement      SectionKind = "statement"
	SectionStatementNotes SectionKind = "statement_notes"
	// SectionBalanceRequirement is the balanskravsutredning of the year and the two before
	// it, with the deficits still to be restored.
	SectionBalanceRequirement SectionKind = "balance_requirement"
	// SectionFinancialGoals is the financial goals' outcomes and the assessment of god
	// ekonomisk hushållning.
	SectionFinancialGoals SectionKind = "financial_goals"
	// SectionFiveYear is the five-year overview of key figures.
	SectionFiveYear SectionKind = "five_year"
	// SectionNetCostReconciliation is the avstämning of the boards' net costs (their money
	// table named by ref, as board_deviations) and the finance function's items with the
	// resultaträkning's verksamhetens nettokostnader.
	SectionNetCostReconciliation SectionKind = "net_cost_reconciliation"
)

// StatementRefs are what a statement section can show: the resultaträkning, the
// balansräkning or the kassaflödesanalys.
var StatementRefs = []string{string(Resultatrakning), string(Balansrakning), string(Kassaflode)}

// SummaryRefs are what a summary section can summarise: a sustainability dimension or the
// internal control.
var SummaryRefs = []string{string(Economic), string(Social), string(Ecological), "internal_control"}

// NeedsRef reports whether sections of this kind name a text or table of the period.
func (k SectionKind) NeedsRef() bool {
	switch k {
	case SectionText, SectionMoneyTable, SectionFreeTable, SectionNetCostTrend, SectionMoneyChart:
		return true
	case SectionBoardDeviations, SectionNetCostReconciliation:
		// The ID of the boards' money table, which the period itself need not have.
		return true
	}
	return false
}

// Consolidates reports whether sections of this kind gather the boards' periods of the
// same date (ConsolidatedBoards): council_goals, board_deviations and board_reports. Their
// owners choose the boards (empty: every board with such a period).
func (k SectionKind) Consolidates() bool {
	return k == SectionCouncilGoals || k == SectionBoardDeviations || k == SectionBoardReports || k == SectionNetCostReconciliation
}

// RefMissing returns what a period using the template lacks for the section: "perioden
// har ingen text \"x\"" when the section names by ref a text or table that the period does
// not have, and "" when it has it or the section names none.
//
// A dangling ref is a warning, never a refusal of Dataset.Validate: a template belongs to
// the municipality and is shared by periods of every unit and year, and a period is free
// to lack what another has. Refusing would make a text section impossible to add to a
// template while any locked period of earlier years uses it (its texts cannot change), and
// a period created from a template without an earlier period (no texts yet) impossible to
// create; removing a text from one period would be refused because of the template. The
// demos and the test data would all pass such a rule today, but the edits above would not.
// So `tertial check` reports it per period (report.Check) and the template's page shows it
// beside the section, and the report shows a notice where the text or table would be.
func (s Section) RefMissing(per *Period) string {
	switch s.Kind {
	case SectionText:
		if !slices.ContainsFunc(per.Texts, func(t TextSection) bool { return t.ID == s.Ref }) {
			return fmt.Sprintf("perioden har ingen text %q", s.Ref)
		}
	case SectionMoneyTable, SectionNetCostTrend, SectionMoneyChart:
		if !slices.ContainsFunc(per.MoneyTables, func(t MoneyTable) bool { return t.ID == s.Ref }) {
			return fmt.Sprintf("perioden har ingen pengatabell %q", s.Ref)
		}
	case SectionFreeTable:
		if !slices.ContainsFunc(per.FreeTables, func(t FreeTable) bool { return t.ID == s.Ref }) {
			return fmt.Sprintf("perioden har ingen tabell %q", s.Ref)
		}
	}
	return ""
}

// Template is a report template: the ordered sections of a document.
type Template struct {
	ID       string
	Name     string
	Sections []Section
}

// Section is one part of a template; nested sections are one heading level down.
type Section struct {
	Kind     SectionKind
	Title    string
	Ref      string
	Sections []Section

	// Years and BaseYears choose the years a goals section's indicator tables show: the
	// Years years up to the period's year (0: DefaultIndicatorYears), and with BaseYears
	// also the base years the indicators' targets are compared with ("Öka jfr 2019"), so
	// that the value a change is measured from is in the table.
	Years     int
	BaseYears bool

	// Levels, Areas and Dimensions narrow what a goals section shows to the goals of these
	// goal levels, in these goal areas, in goal areas of these sustainability dimensions
	// (empty: all), so that a report can show the council's goals and the board's in
	// chapters of their own. A goal that is left out still leads to its shown sub-goals,
	// which then stand directly under their goal area. An assignments section shows the
	// assignments of the goals they let through.
	Levels     []string
	Areas      []string
	Dimensions []Dimension
	// Owners and Tags narrow it further to the goals owned by these units (the goal's
	// unit) and the goals that carry one of these tags (empty: all).
	Owners []string
	Tags   []string

	// Layout is how a goals section lays out its goals: a heading per goal (GoalsHeadings,
	// the default) or a table of goals and a table of assignments per goal area
	// (GoalsTable).
	Layout GoalsLayout

	// Fields chooses and orders the labelled facts a cover section shows (empty: the
	// cover's date line alone, as it always was).
	Fields []CoverField
}

// GoalsLayout is how a goals section lays out its goals.
type GoalsLayout string

// The goals layouts.
const (
	// GoalsHeadings gives each goal a heading of its own with its analysis, indicator
	// table and assignment table (the default, also when no layout is given).
	GoalsHeadings GoalsLayout = "headings"
	// GoalsTable gives each goal area its heading and description, one table of its goals
	// with their assessments (and analyses as comments), and one table of their
	// assignments grouped by goal, with status, progress and comment.
	GoalsTable GoalsLayout = "table"
)

// GoalsLayouts lists the goals layouts.
var GoalsLayouts = []GoalsLayout{GoalsHeadings, GoalsTable}

// CoverField is a labelled fact a cover can show.
type CoverField string

// The cover fields.
const (
	CoverStatus       CoverField = "status"       // the period's status word: "Status: Påbörjad"
	CoverCutoff       CoverField = "cutoff"       // the period's date in its word: "Räkenskapsår: 2025"
	CoverOrganisation CoverField = "organisation" // the unit's name: "Organisation: Kultur- och fritidsnämnden"
	CoverDecision     CoverField = "decision"     // when and by which § the board decided the report
)

// CoverFields lists the cover fields.
var CoverFields = []CoverField{CoverStatus, CoverCutoff, CoverOrganisation, CoverDecision}

// FiltersGoals reports whether sections of this kind can choose goals (levels, areas,
// dimensions, owners, tags): goals, assignments and key figures (the indicators of the
// chosen goals).
func (k SectionKind) FiltersGoals() bool {
	return k == SectionGoals || k == SectionAssignments || k == SectionKeyFigures || k == SectionCouncilGoals
}

// ShowsGoal reports whether a goals section's filters let it show the goal, which is in
// this goal area (nil: none).
func (s Section) ShowsGoal(g *Goal, area *GoalArea) bool {
	if len(s.Levels) > 0 && !slices.Contains(s.Levels, g.Level) {
		return false
	}
	if len(s.Owners) > 0 && !slices.Contains(s.Owners, g.Unit) {
		return false
	}
	if len(s.Tags) > 0 && !slices.ContainsFunc(g.Tags, func(t string) bool { return slices.Contains(s.Tags, t) }) {
		return false
	}
	if len(s.Areas) > 0 && (area == nil || !slices.Contains(s.Areas, area.ID)) {
		return false
	}
	if len(s.Dimensions) > 0 && (area == nil || !slices.Contains(s.Dimensions, area.Dimension)) {
		return false
	}
	return true
}

// DefaultIndicatorYears is how many years up to the period's an indicator table shows.
const DefaultIndicatorYears = 3

// MaxIndicatorYears is the most years up to the period's an indicator table can show.
const MaxIndicatorYears = 10

// IndicatorYears returns the years, earliest first, that the section's indicator tables
// show for the period of year, of indicators with these targets: the section's number of
// years up to year and, with BaseYears, the base year of each change target (a stage
// target for year, or a long-term target that names one) and the years a pooled stage
// target for year has pooled so far.
func (s Section) IndicatorYears(year int, inds []*Indicator) []int {
	n := s.Years
	if n <= 0 {
		n = DefaultIndicatorYears
	}
	seen := map[int]bool{}
	for y := year - n + 1; y <= year; y++ {
		seen[y] = true
	}
	if s.BaseYears {
		for _, ind := range inds {
			if t := ind.TargetFor(year); t.IsChange() && t.BaseYear(year) < year {
				seen[t.BaseYear(year)] = true
			} else if t.Pooled() {
				for y := t.From; y <= min(year, t.To); y++ {
					seen[y] = true
				}
			}
			if ind.LongTerm != nil && ind.LongTerm.Target.IsChange() && ind.LongTerm.Target.Base != 0 && ind.LongTerm.Target.Base < year {
				seen[ind.LongTerm.Target.Base] = true
			}
		}
	}
	years := make([]int, 0, len(seen))
	for y := range seen {
		years = append(years, y)
	}
	slices.Sort(years)
	return years
}

// CloneSections returns a copy of the sections whose subsections, at every depth, are
// copies too, so that changing the copy's tree leaves the original's alone.
func CloneSections(ss []Section) []Section {
	if ss == nil {
		return nil
	}
	out := make([]Section, len(ss))
	for i, s := range ss {
		s.Sections = CloneSections(s.Sections)
		out[i] = s
	}
	return out
}
