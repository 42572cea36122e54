package tertial

import (
	"slices"
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

// MoneyColumns lists the amount columns of the old, fixed column list in report order.
var MoneyColumns = []MoneyColumn{ColBudget, ColForecast, ColPeriodBudget, ColPeriodOutcome, ColPriorOutcome}

// The IDs of the deviation columns the old, fixed column list implies.
const (
	ColDeviation       MoneyColumn = "deviation"        // forecast − budget
	ColPeriodDeviation MoneyColumn = "period_deviation" // period outcome − period budget
)

// ColumnKind is what a declared money column holds: an amount entered or taken from the
// ledger, or a figure computed from other columns of the row.
type ColumnKind string

// The column kinds. Amounts of every kind are in result sign.
const (
	KindBudget        ColumnKind = "budget"         // budget (originally adopted)
	KindBudgetChange  ColumnKind = "budget_change"  // budget changes (ombudgetering)
	KindRevisedBudget ColumnKind = "revised_budget" // revised budget; computed as the sum of its of-columns when it has any
	KindForecast      ColumnKind = "forecast"       // forecast (prognos)
	KindOutcome       ColumnKind = "outcome"        // outcome (utfall)
	KindPeriodBudget  ColumnKind = "period_budget"  // budget for the period
	KindPeriodOutcome ColumnKind = "period_outcome" // outcome for the period
	KindIncome        ColumnKind = "income"         // income (intäkter)
	KindCost          ColumnKind = "cost"           // costs (kostnader), negative in result sign
	KindNet           ColumnKind = "net"            // computed: income + cost
	KindPriorOutcome  ColumnKind = "prior_outcome"  // outcome of the year before
	KindDeviation     ColumnKind = "deviation"      // computed: of[1] − of[0], positive when better
	KindRemaining     ColumnKind = "remaining"      // computed: of[0] − of[1] (budget − outcome)
	KindShare         ColumnKind = "share"          // computed: of[0] as a percentage of of[1]
)

// ColumnKinds lists the column kinds the dataset format accepts.
var ColumnKinds = []ColumnKind{KindBudget, KindBudgetChange, KindRevisedBudget, KindForecast, KindOutcome,
	KindPeriodBudget, KindPeriodOutcome, KindIncome, KindCost, KindNet, KindPriorOutcome, KindDeviation,
	KindRemaining, KindShare}

// ColumnPeriod is the time a money column covers; it sets the column's default group
// heading and which ledger figures fill it.
type ColumnPeriod string

// The column periods.
const (
	PeriodYear        ColumnPeriod = "year"         // the whole year (helår)
	PeriodPeriod      ColumnPeriod = "period"       // the report's period, January to its cutoff
	PeriodPriorPeriod ColumnPeriod = "prior_period" // the same months of the year before
	PeriodPriorYear   ColumnPeriod = "prior_year"   // the whole year before
	PeriodAccumulated ColumnPeriod = "accumulated"  // since the start of what the row is (an investment project's whole life)
)

// ColumnPeriods lists the column periods the dataset format accepts.
var ColumnPeriods = []ColumnPeriod{PeriodYear, PeriodPeriod, PeriodPriorPeriod, PeriodPriorYear, PeriodAccumulated}

// MoneyColumnDef is a declared column of a money table: its ID (the key of its amounts in
// a row), its kind, its heading, the heading of the group of columns it belongs to, the
// period it covers and, for computed kinds, the columns it is computed from. Empty
// Heading, Group and Period take defaults from the kind (see MoneyTable.Layout).
type MoneyColumnDef struct {
	ID      MoneyColumn
	Kind    ColumnKind
	Heading string
	Group   string
	Period  ColumnPeriod
	Of      []MoneyColumn
}

// Computed reports whether the column's figures are computed from other columns of the
// row rather than entered: net, deviation, remaining, share, and a revised budget that
// names the columns it sums.
func (c *MoneyColumnDef) Computed() bool {
	switch c.Kind {
	case KindNet, KindDeviation, KindRemaining, KindShare:
		return true
	case KindRevisedBudget:
		return len(c.Of) > 0
	}
	return false
}

// IsAmount reports whether the column's figures are amounts (all but shares).
func (c *MoneyColumnDef) IsAmount() bool { return c.Kind != KindShare }

// InResultSign reports whether the column is shown in result sign whatever the row's
// negate flag says: deviations are, so that positive always means better.
func (c *MoneyColumnDef) InResultSign() bool { return c.Kind == KindDeviation }

// kindDefaults are the headings and periods of the kinds.
var kindDefaults = map[ColumnKind]struct {
	heading string
	period  ColumnPeriod
}{
	KindBudget:        {"Budget", PeriodYear},
	KindBudgetChange:  {"Budgetändring", PeriodYear},
	KindRevisedBudget: {"Reviderad budget", PeriodYear},
	KindForecast:      {"Prognos", PeriodYear},
	KindOutcome:       {"Utfall", PeriodPeriod},
	KindPeriodBudget:  {"Budget", PeriodPeriod},
	KindPeriodOutcome: {"Utfall", PeriodPeriod},
	KindIncome:        {"Intäkter", PeriodPeriod},
	KindCost:          {"Kostnader", PeriodPeriod},
	KindNet:           {"Netto", ""},
	KindPriorOutcome:  {"Utfall", PeriodPriorPeriod},
	KindDeviation:     {"Avvikelse", ""},
	KindRemaining:     {"Återstår", ""},
	KindShare:         {"Andel", ""},
}

// Layout returns the table's columns in order with defaults filled in: the heading and
// period of the kind, a net's operands (the table's first income and cost columns) and a
// computed column's period (its first operand's). A table with the old column list gets
// the layout that list always meant: each listed column, a deviation after the forecast
// when there is a budget and after the period outcome when there is a period budget.
// Group stays "" where not declared; the report heads it after Period.
func (t *MoneyTable) Layout() []MoneyColumnDef {
	if len(t.Declared) == 0 {
		return oldLayout(t.Columns)
	}
	out := make([]MoneyColumnDef, len(t.Declared))
	byID := map[MoneyColumn]*MoneyColumnDef{}
	for i, c := range t.Declared {
		c.Of = slices.Clone(c.Of)
		if c.Kind == KindNet && len(c.Of) == 0 {
			c.Of = t.netOperands()
		}
		d := kindDefaults[c.Kind]
		if c.Heading == "" {
			c.Heading = d.heading
		}
		if c.Period == "" {
			c.Period = d.period
		}
		out[i] = c
		byID[c.ID] = &out[i]
	}
	// A computed column without a period covers its first operand's, which may itself be
	// computed; the chain is short and acyclic in a valid table.
	for range out {
		for i := range out {
			if out[i].Period == "" && len(out[i].Of) > 0 {
				if o := byID[out[i].Of[0]]; o != nil {
					out[i].Period = o.Period
				}
			}
		}
	}
	return out
}

// netOperands are the first income and the first cost column of the declared columns.
func (t *MoneyTable) netOperands() []MoneyColumn {
	var inc, cost MoneyColumn
	for _, c := range t.Declared {
		if c.Kind == KindIncome && inc == "" {
			inc = c.ID
		}
		if c.Kind == KindCost && cost == "" {
			cost = c.ID
		}
	}
	if inc == "" || cost == "" {
		return nil
	}
	return []MoneyColumn{inc, cost}
}

// oldLayout is the layout of the old, fixed column list.
func oldLayout(cols []MoneyColumn) []MoneyColumnDef {
	has := func(c MoneyColumn) bool { return slices.Contains(cols, c) }
	var out []MoneyColumnDef
	for _, c := range cols {
		switch c {
		case ColBudget:
			out = append(out, MoneyColumnDef{ID: c, Kind: KindBudget, Heading: "Budget", Period: PeriodYear})
		case ColForecast:
			out = append(out, MoneyColumnDef{ID: c, Kind: KindForecast, Heading: "Prognos", Period: PeriodYear})
			if has(ColBudget) {
				out = append(out, MoneyColumnDef{ID: ColDeviation, Kind: KindDeviation, Heading: "Avvikelse", Period: PeriodYear,
					Of: []MoneyColumn{ColBudget, ColForecast}})
			}
		case ColPeriodBudget:
			out = append(out, MoneyColumnDef{ID: c, Kind: KindPeriodBudget, Heading: "Budget", Period: PeriodPeriod})
		case ColPeriodOutcome:
			out = append(out, MoneyColumnDef{ID: c, Kind: KindPeriodOutcome, Heading: "Utfall", Period: PeriodPeriod})
			if has(ColPeriodBudget) {
				out = append(out, MoneyColumnDef{ID: ColPeriodDeviation, Kind: KindDeviation, Heading: "Avvikelse", Period: PeriodPeriod,
					Of: []MoneyColumn{ColPeriodBudget, ColPeriodOutcome}})
			}
		case ColPriorOutcome:
			out = append(out, MoneyColumnDef{ID: c, Kind: KindPriorOutcome, Heading: "Utfall", Period: PeriodPriorPeriod})
		}
	}
	return out
}

// AmountColumns returns the IDs of the columns that hold entered amounts (those not
// computed), in the table's order: the keys a row's Amounts may have.
func (t *MoneyTable) AmountColumns() []MoneyColumn {
	if len(t.Declared) == 0 {
		return slices.Clone(t.Columns)
	}
	var out []MoneyColumn
	for i := range t.Declared {
		if !t.Declared[i].Computed() {
			out = append(out, t.Declared[i].ID)
		}
	}
	return out
}

// Column returns the declared (or implied) column with the ID.
func (t *MoneyTable) Column(id MoneyColumn) (MoneyColumnDef, bool) {
	for _, c := range t.Layout() {
		if c.ID == id {
			return c, true
		}
	}
	return MoneyColumnDef{}, false
}

// ColumnOf returns the first column that holds entered amounts of the kind for the
// period ("" for any period); ok is false when the table has none.
func (t *MoneyTable) ColumnOf(kind ColumnKind, period ColumnPeriod) (MoneyColumn, bool) {
	kind, p := plainKind(kind, period)
	for _, c := range t.Layout() {
		k, cp := plainKind(c.Kind, c.Period)
		if k == kind && !c.Computed() && (p == "" || cp == p) {
			return c.ID, true
		}
	}
	return "", false
}

// plainKind reads the period kinds as what they are: a budget or an outcome for the
// period.
func plainKind(k ColumnKind, p ColumnPeriod) (ColumnKind, ColumnPeriod) {
	switch k {
	case KindPeriodBudget:
		return KindBudget, PeriodPeriod
	case KindPeriodOutcome:
		return KindOutcome, PeriodPeriod
	}
	return k, p
}

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
	// Columns is the old, fixed column list (a subset of MoneyColumns); Declared, when not
	// empty, replaces it with columns of any kind, heading and group. Read the columns
	// through Layout and AmountColumns, which serve both forms.
	Columns     []MoneyColumn
	Declared    []MoneyColumnDef
	Negate      bool // default for rows: show with the opposite sign
	Total       string
	TotalNegate bool // show the total negated even where Negate does not; Negate negates it too
	Note        string
	Rows        []MoneyRow
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

// HasColumn reports whether the table has a column with the ID that holds entered amounts.
func (t *MoneyTable) HasColumn(c MoneyColumn) bool {
	return slices.Contains(t.AmountColumns(), c)
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

// Formula is a sum of IDs with signs: of columns of the same row in a column's formula
// ("bidrag - kostnad"), of rows of the same table in a row's ("intakter + kostnader").
type Formula []FormulaTerm

// FormulaTerm is one ID of a formula with its sign: a column's ID in a column's formula, a
// row's ID in a row's.
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

// FreeRow is a row of a free table, or a group of rows when Group is set. A row's Cells
// hold one value per column ID; a column without a cell is empty. A group has no cells: it
// has a label, its rows and, like a money table's group, a sum of its rows' summed columns
// on its header row (SumTop) or on a row of its own after them (SumBottom).
//
// A row with a Formula is computed from other rows of its table, numeric column by numeric
// column ("intakter + kostnader" gives Nettokostnader from Intäkter and Kostnader): its
// text and date cells are entered (its label), its numeric cells are not. A computed cell
// is empty where any operand row's cell is. Being derived, such a row is added to neither
// the table's sum row nor its groups' sums.
type FreeRow struct {
	ID      string
	Cells   map[string]Cell
	Unit    string  // shown after the row's first cell ("st", "kr", "%"); "" for none
	Formula Formula // the rows the row is computed from; empty for a row whose cells are entered
	Version int

	// A group's label, rows and how its sum is shown.
	Group    bool
	Label    string
	Rows     []FreeRow
	Sum      SumPosition
	SumLabel string
}

// Leaves returns the table's rows that hold cells (all rows but groups), in order, at any
// depth.
func (t *FreeTable) Leaves() []*FreeRow {
	var out []*FreeRow
	var walk func(rows []FreeRow)
	walk = func(rows []FreeRow) {
		for i := range rows {
			if rows[i].Group {
				walk(rows[i].Rows)
			} else {
				out = append(out, &rows[i])
			}
		}
	}
	walk(t.Rows)
	return out
}

// Summed reports whether the table's sums add the row: a row with cells that is not
// computed by a row formula.
func (r *FreeRow) Summed() bool { return !r.Group && len(r.Formula) == 0 }

// Grouped reports whether the table has any group.
func (t *FreeTable) Grouped() bool {
	for i := range t.Rows {
		if t.Rows[i].Group {
			return true
		}
	}
	return false
}

// Cell is a typed value of a free table; which field is set follows the column's type.
//
// A cell of a numeric column may instead hold a word in Text ("Stängt", "Ej aktuellt",
// "Uppgift saknas") and no value: the word is shown in place of the figure, and the sums
// count the cell as empty. A numeric cell with a value may carry short marks shown before
// and after it: "ung" (ungefär) before 116 000, "*" after −400 pointing to a footnote.
type Cell struct {
	Text   string    // text; in a numeric column, a word in place of the value
	Amount Amount    // amount
	Number Decimal   // percent, decimal
	Count  int64     // count
	Date   time.Time // date
	Before string    // a numeric value's mark shown before it; "" for none
	After  string    // a numeric value's mark shown after it; "" for none
}

// IsWord reports whether the cell, of a column of type t, holds a word in place of a
// value.
func (c Cell) IsWord(t ColumnType) bool { return t.Numeric() && c.Text != "" }

// hasValue reports whether the cell, of a numeric column of type t, has a value other
// than 0.
func (c Cell) hasValue(t ColumnType) bool {
	switch t {
	case ColAmount:
		return c.Amount != 0
	case ColCount:
		return c.Count != 0
	case ColPercent, ColDecimal:
		return !c.Number.IsZero()
	}
	return false
}

// ParseFormula reads a formula: IDs of columns (or, in a row's formula, of rows) joined by
// '+' and '-' with spaces around them, such as "bidrag - kostnad" (IDs may themselves
// contain '-'). It returns an EINVALID error
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
				return nil, Errorf(EINVALID, "formeln %q nämner %q, som inte är ett id (skriv mellanslag runt + och -)", s, tok)
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
