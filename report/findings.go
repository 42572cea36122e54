package report

import (
	"strings"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/compute"
)

// FindingKind is what sort of thing a finding of Check says; its severity follows from it
// (Severities), so the severity of every finding is decided in this one place.
type FindingKind string

// The kinds of finding.
const (
	FindGoalAssessment FindingKind = "goal_assessment" // a goal of the unit without an assessment
	FindGoalAnalysis   FindingKind = "goal_analysis"   // a goal with an assessment but no analysis
	FindIndicatorValue FindingKind = "indicator_value" // an indicator without this year's value and no note why
	FindTarget         FindingKind = "target"          // a stage target that cannot be assessed
	FindStatus         FindingKind = "status"          // an assignment or internal-control item without status
	FindComment        FindingKind = "comment"         // such an item with a status but no comment
	FindDue            FindingKind = "due"             // an assignment past its day to be done and not done
	FindForecast       FindingKind = "forecast"        // a money-table row without a forecast
	FindBudgetFrame    FindingKind = "budget_frame"    // a budget that differs from the plan's frame
	FindUnmapped       FindingKind = "unmapped"        // booked money that no row of a table takes
	FindSum            FindingKind = "sum"             // a sum over a column where some rows are empty
	FindEmptyText      FindingKind = "empty_text"      // a text the template shows that is empty
	FindHidden         FindingKind = "hidden"          // content that no section of the template shows
	FindLayout         FindingKind = "layout"          // the template, the ledger's chart, a table's width: the form of the report
	// FindBoardAssessment is a board that contributes to a council goal without an
	// assessment of it in its period (a council_goals section's gap).
	FindBoardAssessment FindingKind = "board_assessment"
)

// The kinds of finding about the ledger's balances (#IB, #UB, #RES): balances that do not
// carry over from the year before, an account whose closing balance is not its opening
// balance plus the year's movements, a balance sheet that does not balance. They block an
// annual report, whose statements are built from them, and are warnings in other periods.
const (
	FindLedgerBalance        FindingKind = "ledger_balance"         // in an annual period
	FindLedgerBalanceInterim FindingKind = "ledger_balance_interim" // in another period
)

// The kinds of finding of the financial statements' cross-checks (tertial.Statements.Check):
// a balance sheet that does not balance, a cash flow or a result that does not agree with
// the balance sheet, a note that does not sum to its row, an account no row takes. They
// block an annual report and are warnings in an interim one.
const (
	FindStatement        FindingKind = "statement"         // in an annual period
	FindStatementInterim FindingKind = "statement_interim" // in another period
)

// Severity says whether a finding stops a section from being marked ready or approved and
// a period from being locked (blocking), or only asks to be looked at (warning).
type Severity string

// The severities.
const (
	Blocking Severity = "blocking"
	Warning  Severity = "warning"
)

// Severities maps each kind of finding to its severity. A blocking finding is something
// missing from what the board decides on, or a figure that does not add up: a goal without
// an assessment, an indicator without a value when it is due (and no note why), an
// assignment or control without a status, a forecast missing, booked money outside every
// row, a sum over half-empty rows, an empty text the report shows. The rest are warnings:
// what can be right (a budget differing from the frame after a later decision, a target
// that cannot be assessed, an assignment not done in time) or is about the report's form.
var Severities = map[FindingKind]Severity{
	FindGoalAssessment: Blocking,
	FindGoalAnalysis:   Warning,
	FindIndicatorValue: Blocking,
	FindTarget:         Warning,
	FindStatus:         Blocking,
	FindComment:        Warning,
	FindDue:            Warning,
	FindForecast:       Blocking,
	FindBudgetFrame:    Warning,
	FindUnmapped:       Blocking,
	FindSum:            Blocking,
	FindEmptyText:      Blocking,
	FindHidden:         Warning,
	FindLayout:         Warning,

	FindLedgerBalance:        Blocking,
	FindLedgerBalanceInterim: Warning,
	FindStatement:            Blocking,
	FindStatementInterim:     Warning,
	// The board decides its own report; the council's report can only point at the gap.
	FindBoardAssessment: Warning,
}

// Severity is the finding's severity; a kind missing from Severities is a warning.
func (f Finding) Severity() Severity {
	if s, ok := Severities[f.Kind]; ok {
		return s
	}
	return Warning
}

// Blocking reports whether the finding stops the workflow until it is fixed or overridden.
func (f Finding) Blocking() bool { return f.Severity() == Blocking }

// ItemKind is what kind of item a finding concerns.
type ItemKind string

// The kinds of item a finding can name.
const (
	ItemGoal       ItemKind = "goal"
	ItemIndicator  ItemKind = "indicator"
	ItemAssignment ItemKind = "assignment"
	ItemMoneyRow   ItemKind = "money_row"
	ItemMoneyTable ItemKind = "money_table"
	ItemFreeTable  ItemKind = "free_table"
	ItemFreeRow    ItemKind = "free_row"
	ItemText       ItemKind = "text"
	ItemControl    ItemKind = "control" // a risk action, an audit action or a systematic control
)

// Item is the item a finding concerns, for a link to its form: a goal, indicator,
// assignment or control by ID, a row by its table and ID, a table or text by ID. Year is an
// indicator's year. The zero Item is the report as a whole (its template, the ledger).
type Item struct {
	Kind  ItemKind
	ID    string
	Table string // a row's table
	Year  int
}

// The workflow's sections: what "Fyll i" groups, each submitted and approved on its own.
const (
	SectionKeyGoals    = "mal"
	SectionKeyEconomy  = "ekonomi"
	SectionKeyTables   = "tabeller"
	SectionKeyTexts    = "texter"
	SectionKeyControls = "internkontroll"
)

// WorkflowSection is a part of a unit's period that is submitted and approved on its own.
type WorkflowSection struct{ Key, Title string }

// WorkflowSections lists the workflow's sections of a unit's period, in the order "Fyll i"
// shows them: the goals with their indicators and assignments, the economy (the money
// tables with budget, outcome and forecast), the other tables, the texts and the internal
// control. A section with nothing in it for the period is left out.
func WorkflowSections(ds *tertial.Dataset, unitID, periodID string) ([]WorkflowSection, error) {
	unit := ds.Unit(unitID)
	if unit == nil {
		return nil, tertial.Errorf(tertial.ENOTFOUND, "det finns ingen enhet %q", unitID)
	}
	per := ds.Period(unitID, periodID)
	if per == nil {
		return nil, tertial.Errorf(tertial.ENOTFOUND, "%s har ingen period %q", unit.Name, periodID)
	}
	scope := tertial.NewPeriodScope(ds, unit, per.Year())
	w := Words(ds, per)
	var out []WorkflowSection
	if len(scope.Children("")) > 0 {
		out = append(out, WorkflowSection{SectionKeyGoals, w.Of(tertial.TermSectionGoals)})
	}
	if len(per.MoneyTables) > 0 {
		out = append(out, WorkflowSection{SectionKeyEconomy, "Ekonomi"})
	}
	if len(per.FreeTables) > 0 {
		out = append(out, WorkflowSection{SectionKeyTables, "Tabeller"})
	}
	if len(per.Texts) > 0 {
		out = append(out, WorkflowSection{SectionKeyTexts, "Texter"})
	}
	controls := false
	for _, r := range ds.Risks {
		controls = controls || (scope.Includes(r.Unit) && len(r.Actions) > 0)
	}
	for _, a := range ds.Audits {
		controls = controls || scope.Includes(a.Unit)
	}
	for _, k := range ds.Controls {
		controls = controls || scope.Includes(k.Unit)
	}
	if controls {
		out = append(out, WorkflowSection{SectionKeyControls, "Intern kontroll"})
	}
	return out, nil
}

// Section is the key of the workflow section the finding belongs to, "" for one about the
// report as a whole, which only the period's lock looks at.
func (f Finding) Section() string {
	switch f.Item.Kind {
	case ItemGoal, ItemIndicator, ItemAssignment:
		return SectionKeyGoals
	case ItemMoneyRow, ItemMoneyTable:
		return SectionKeyEconomy
	case ItemFreeTable, ItemFreeRow:
		return SectionKeyTables
	case ItemText:
		return SectionKeyTexts
	case ItemControl:
		return SectionKeyControls
	}
	return ""
}

// definite gives the default words for items their definite form, for a sentence that
// starts with the item ("Målet «…» saknar bedömning"); a municipality's own word is used
// as it is written.
var definite = map[string]string{
	"mål": "målet", "indikator": "indikatorn", "uppdrag": "uppdraget", "aktivitet": "aktiviteten",
	"prognos": "prognosen", "utfall": "utfallet",
}

func theWord(word string) string {
	w := compute.Lower(word)
	if d, ok := definite[w]; ok {
		return d
	}
	return w
}

// quoted is a title in Swedish quotation marks.
func quoted(s string) string { return "«" + s + "»" }

// sentence joins a subject and what is said of it into a sentence with a capital letter.
func sentence(subject, what string) string {
	return tertial.Capitalize(strings.TrimSpace(subject + " " + what))
}

// words is the default sentence of a finding without one of its own: "Where: What".
func (f Finding) words() string {
	if f.Text != "" {
		return f.Text
	}
	return tertial.Capitalize(f.Where) + ": " + f.What
}
