package tertial

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
)

// SectionKinds lists the section kinds.
var SectionKinds = []SectionKind{SectionCover, SectionTOC, SectionSummary, SectionAssessments,
	SectionGoals, SectionHeading, SectionText, SectionMoneyTable, SectionFreeTable,
	SectionNetCostTrend, SectionRisks, SectionAudits, SectionControls, SectionAttachments,
	SectionIndicatorCharts, SectionMoneyChart}

// SummaryRefs are what a summary section can summarise: a sustainability dimension or the
// internal control.
var SummaryRefs = []string{string(Economic), string(Social), string(Ecological), "internal_control"}

// NeedsRef reports whether sections of this kind name a text or table of the period.
func (k SectionKind) NeedsRef() bool {
	switch k {
	case SectionText, SectionMoneyTable, SectionFreeTable, SectionNetCostTrend, SectionMoneyChart:
		return true
	}
	return false
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
}
