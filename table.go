package tertial

import (
	"strings"
	"time"
)

// MoneyColumn is one of the amount columns a money table can have.
type MoneyColumn string

// The amount columns.
const (
	ColBudget        MoneyColumn = "budget"         // full-year budget
	ColForecast      MoneyColumn = "forecast"       // full-year forecast (prognos)
	ColPeriodBudget  MoneyColumn = "period_budget"  // budget for the period (jan–aug)
	ColPeriodOutcome MoneyColumn = "period_outcome" // outcome for the period (utfall)
	ColPriorOutcome  MoneyColumn = "prior_outcome"  // outcome for the same period last year
)

// MoneyColumns lists the amount columns in report order.
var MoneyColumns = []MoneyColumn{ColBudget, ColForecast, ColPeriodBudget, ColPeriodOutcome, ColPriorOutcome}

// SumPosition says where a group's sum is shown.
type SumPosition string

// The sum positions.
const (
	SumNone   SumPosition = "none"
	SumTop    SumPosition = "top"    // on the group's header row
	SumBottom SumPosition = "bottom" // on a row of its own after the group
)

// MoneyTable is a follow-up table of money: the operating statement, net cost per
// activity, investments, community-building projects. Rows nest in groups; sums, totals and
// deviations are computed from the base amounts and never stored.
//
// Amounts are in result sign: positive improves the result (income), negative worsens it
// (costs). A deviation is then always forecast − budget, positive when better than budget.
// Negate only changes how a row is shown (costs as positive numbers); compute.MoneyTable
// resolves it per row and every view shows amounts through compute.MoneyRow.Display.
type MoneyTable struct {
	ID           string
	Title        string
	Unit         AmountUnit
	Precision    int // decimals allowed and shown
	LabelHeading string
	Columns      []MoneyColumn
	Negate       bool // default for rows: show with the opposite sign
	Total        string
	TotalNegate  bool // show the total negated even where Negate does not; Negate negates it too
	Note         string
	Rows         []MoneyRow
	// Mapping maps ledger accounts to the table's rows (first matching rule wins); when
	// empty, a table with the Kommun-Bas rows gets KommunBasRules (see Rules).
	Mapping []AccountRule
	// Periodisation, when set, computes the period budget from the annual budget where the
	// ledger holds no budget per month (#PBUDGET); see ApplyLedger.
	Periodisation Periodisation
	// SetupVersion counts the saved changes of Mapping and Periodisation.
	SetupVersion int

	// Derived says, in Swedish Markdown, how computed amounts were obtained (the ledger, a
	// periodised budget). ApplyLedger sets it on the copy it returns; it is not stored.
	Derived []string
}

// Periodisation is a rule that spreads an annual budget over the year's months.
type Periodisation string

const (
	PeriodiseEven      Periodisation = "even"       // an equal twelfth a month
	PeriodisePriorYear Periodisation = "prior_year" // as last year's outcome was spread over its months
)

// Periodisations lists the rules the dataset format accepts.
var Periodisations = []Periodisation{PeriodiseEven, PeriodisePriorYear}

// HasColumn reports whether the table has the column.
func (t *MoneyTable) HasColumn(c MoneyColumn) bool {
	for _, x := range t.Columns {
		if x == c {
			return true
		}
	}
	return false
}

// MoneyRow is a row with amounts, or a group of rows when Rows is not nil.
type MoneyRow struct {
	ID      string
	Label   string
	Negate  *bool // nil inherits from the group or table
	Comment string
	Version int

	// A row's amounts, nil where not entered.
	Amounts map[MoneyColumn]Amount
	History []YearAmount // period outcome of earlier years

	// A group's rows and how its sum is shown.
	Group    bool
	Rows     []MoneyRow
	Sum      SumPosition
	SumLabel string
}

// YearAmount is an amount for a year.
type YearAmount struct {
	Year   int
	Amount Amount
}

// ColumnType is the type of a free table's column.
type ColumnType string

// The column types.
const (
	ColText    ColumnType = "text"
	ColAmount  ColumnType = "amount"
	ColPercent ColumnType = "percent"
	ColCount   ColumnType = "count"
	ColDate    ColumnType = "date"
	ColDecimal ColumnType = "decimal"
)

// ColumnTypes lists the column types.
var ColumnTypes = []ColumnType{ColText, ColAmount, ColPercent, ColCount, ColDate, ColDecimal}

// Numeric reports whether values of the type can be summed.
func (t ColumnType) Numeric() bool {
	switch t {
	case ColAmount, ColPercent, ColCount, ColDecimal:
		return true
	}
	return false
}

// FreeTable is a table with typed columns for what money tables do not cover: Covid-19
// consequences, targeted state grants, personnel, the follow-up plan.
type FreeTable struct {
	ID        string
	Title     string
	Unit      AmountUnit // for amount columns
	Precision int
	SumLabel  string // a sum row with this label, if not ""
	Note      string
	Columns   []FreeColumn
	Rows      []FreeRow
}

// FreeColumn is a typed column of a free table.
type FreeColumn struct {
	ID      string
	Label   string
	Type    ColumnType
	Sum     bool
	Formula Formula // computed from other columns when not empty
}

// Formula is a sum of columns with signs: "bidrag - kostnad".
type Formula []FormulaTerm

// FormulaTerm is one column of a formula with its sign.
type FormulaTerm struct {
	Negative bool
	Column   string
}

// String prints the formula as written: "bidrag - kostnad".
func (f Formula) String() string {
	s := ""
	for i, t := range f {
		switch {
		case i > 0 && t.Negative:
			s += " - "
		case i > 0:
			s += " + "
		case t.Negative:
			s += "- "
		}
		s += t.Column
	}
	return s
}

// FreeRow is a row of a free table. Cells hold one value per column ID; a column without a
// cell is empty.
type FreeRow struct {
	ID      string
	Cells   map[string]Cell
	Version int
}

// Cell is a typed value of a free table; which field is set follows the column's type.
type Cell struct {
	Text   string    // text
	Amount Amount    // amount
	Number Decimal   // percent, decimal
	Count  int64     // count
	Date   time.Time // date
}

// ParseFormula reads a formula: column IDs joined by '+' and '-' with spaces around them,
// such as "bidrag - kostnad" (IDs may themselves contain '-'). It returns an EINVALID error
// for anything else.
func ParseFormula(s string) (Formula, error) {
	var f Formula
	neg := false
	expectTerm := true
	for i, tok := range strings.Fields(s) {
		isOp := tok == "+" || tok == "-" || tok == "−"
		switch {
		case expectTerm && isOp && i == 0:
			neg = tok != "+"
		case expectTerm && isOp:
			return nil, Errorf(EINVALID, "formeln %q har två tecken i rad", s)
		case expectTerm:
			if !ValidID(tok) {
				return nil, Errorf(EINVALID, "formeln %q nämner %q, som inte är ett kolumn-id (skriv mellanslag runt + och -)", s, tok)
			}
			f = append(f, FormulaTerm{Negative: neg, Column: tok})
			expectTerm = false
		case isOp:
			neg = tok != "+"
			expectTerm = true
		default:
			return nil, Errorf(EINVALID, "formeln %q saknar + eller - före %q", s, tok)
		}
	}
	if expectTerm {
		return nil, Errorf(EINVALID, "formeln %q är ofullständig", s)
	}
	return f, nil
}
