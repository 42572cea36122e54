// Package compute derives every figure a report shows from the data: sums, totals and
// deviations of money tables, the net cost trend, free-table formulas and sums, indicator
// assessments and the summaries written as Swedish sentences. Everything here is a pure
// function over domain values; nothing is stored and nothing is rounded (rounding happens
// once, when a figure is displayed).
package compute

import (
	"math/big"

	"github.com/tertial/tertial"
)

// RowKind tells what a computed money row is.
type RowKind int

// The kinds of computed money rows.
const (
	BaseRow   RowKind = iota // a row with entered amounts
	HeaderRow                // a group's header; carries the group's sums when its sum is on top
	SumRow                   // a group's sum row below its rows
	TotalRow                 // the table's total
)

// Amounts holds an amount per column; a column without an amount is absent.
type Amounts map[tertial.MoneyColumn]tertial.Amount

// MoneyRow is a row of a money table as shown: in display order, with sums computed.
type MoneyRow struct {
	Kind    RowKind
	ID      string // the row's or group's ID; "" for the total
	Label   string
	Depth   int  // nesting depth, 0 at the top
	Negate  bool // show the amounts (not the deviations) with the opposite sign; see Shown
	Amounts Amounts
	HasSums bool // a header row that carries its group's sums
	Comment string

	// Deviations in result sign: positive when better than budget. Nil when one side is
	// missing.
	Deviation       *tertial.Amount // forecast − budget
	PeriodDeviation *tertial.Amount // period outcome − period budget

	// Computed holds the amounts of the table's computed columns (net, revised budget,
	// deviation, remaining) in result sign, and Shares its shares in percent; a column is
	// absent where an amount it is computed from is missing (or, for a share, is 0).
	Computed Amounts
	Shares   map[tertial.MoneyColumn]tertial.Decimal
}

// Value returns the figure of an amount column as the row shows it: an entered or summed
// amount and a computed net, revised budget or remaining through Shown, a deviation in
// result sign (positive when better). ok is false where the row has no figure.
func (r *MoneyRow) Value(c *tertial.MoneyColumnDef) (tertial.Amount, bool) {
	if !c.Computed() {
		return r.Display(c.ID)
	}
	a, ok := r.Computed[c.ID]
	if c.InResultSign() {
		return a, ok
	}
	return r.Shown(a), ok
}

// Sign is the sign the row shows its amounts with: +1 when as stored (result sign), −1
// when negated (costs shown positive). Deviations are always shown in result sign.
//
// This is the one sign rule of money tables: every format, chart, the site's list and the
// money row's form show and ask for amounts through Sign, Shown, Stored and Display, so
// none of them applies a table's negate flags itself.
func (r *MoneyRow) Sign() int {
	if r.Negate {
		return -1
	}
	return 1
}

// Shown converts an amount in result sign to the sign the row shows it with.
func (r *MoneyRow) Shown(a tertial.Amount) tertial.Amount {
	if r.Negate {
		return -a
	}
	return a
}

// Stored converts an amount as the row shows it (as a form asks for it) back to result
// sign, the sign amounts are stored in. It is the inverse of Shown.
func (r *MoneyRow) Stored(shown tertial.Amount) tertial.Amount {
	return r.Shown(shown)
}

// Display returns the amount of a column as the row shows it (see Shown).
func (r *MoneyRow) Display(c tertial.MoneyColumn) (tertial.Amount, bool) {
	a, ok := r.Amounts[c]
	return r.Shown(a), ok
}

// Deviation returns b − a when both exist. With amounts in result sign this is positive
// when b is better than a, whatever the row holds: income (forecast − budget), costs shown
// positive (budget − forecast of the shown figures) and net costs shown negative
// (forecast − budget), as DOMAIN.md §6 defines them.
func Deviation(amounts Amounts, budget, actual tertial.MoneyColumn) *tertial.Amount {
	b, okB := amounts[budget]
	a, okA := amounts[actual]
	if !okB || !okA {
		return nil
	}
	d := a - b
	return &d
}

// Sum adds the amounts of rows per column. A column is present in the sum when any row has
// it.
func Sum(rows ...Amounts) Amounts {
	out := Amounts{}
	for _, r := range rows {
		for c, a := range r {
			out[c] += a
		}
	}
	return out
}

// MoneyTable computes a money table: its rows in display order with every group's sum,
// the total and the deviations.
//
// A row shows its amounts negated when its own negate flag says so, else as its group
// does, else as the table does (t.Negate). The total is negated when the table is or when
// t.TotalNegate says so: a table that shows costs positive shows its total the same way,
// and total_negate can turn a total of rows in result sign into a net cost.
//
// Every amount column is summed into group sums and the total; computed columns (net,
// revised budget, deviation, remaining, share) are computed on every row from its own
// amounts, sums included, so a sum row's share is the share of the sums.
func MoneyTable(t *tertial.MoneyTable) []MoneyRow {
	w := moneyWalk{layout: t.Layout()}
	total := w.walk(t.Rows, t.Negate, 0)
	if t.Total != "" {
		w.out = append(w.out, w.finish(MoneyRow{Kind: TotalRow, Label: t.Total, Negate: t.Negate || t.TotalNegate, Amounts: total}))
	}
	return w.out
}

type moneyWalk struct {
	layout []tertial.MoneyColumnDef
	out    []MoneyRow
}

// Columns computes the computed columns of a layout from a row's amounts: the amounts of
// net, revised budget, deviation and remaining, and shares in percent (with four
// decimals; rounding is the display's).
func Columns(layout []tertial.MoneyColumnDef, amounts Amounts) (Amounts, map[tertial.MoneyColumn]tertial.Decimal) {
	defs := make(map[tertial.MoneyColumn]*tertial.MoneyColumnDef, len(layout))
	for i := range layout {
		defs[layout[i].ID] = &layout[i]
	}
	computed := Amounts{}
	var shares map[tertial.MoneyColumn]tertial.Decimal
	var value func(id tertial.MoneyColumn, depth int) (tertial.Amount, bool)
	value = func(id tertial.MoneyColumn, depth int) (tertial.Amount, bool) {
		d := defs[id]
		if d == nil || !d.Computed() {
			a, ok := amounts[id]
			return a, ok
		}
		if a, ok := computed[id]; ok {
			return a, true
		}
		if depth > len(layout) || !d.IsAmount() { // a ring, which Validate refuses
			return 0, false
		}
		ops := make([]tertial.Amount, len(d.Of))
		for i, o := range d.Of {
			a, ok := value(o, depth+1)
			if !ok {
				return 0, false
			}
			ops[i] = a
		}
		var a tertial.Amount
		switch d.Kind {
		case tertial.KindNet, tertial.KindRevisedBudget:
			for _, x := range ops {
				a += x
			}
		case tertial.KindDeviation:
			a = ops[1] - ops[0]
		case tertial.KindRemaining:
			a = ops[0] - ops[1]
		}
		if len(ops) == 0 {
			return 0, false
		}
		computed[id] = a
		return a, true
	}
	for i := range layout {
		c := &layout[i]
		if !c.Computed() {
			continue
		}
		if c.Kind != tertial.KindShare {
			value(c.ID, 0)
			continue
		}
		if len(c.Of) != 2 {
			continue
		}
		part, okP := value(c.Of[0], 1)
		whole, okW := value(c.Of[1], 1)
		if !okP || !okW || whole == 0 {
			continue
		}
		if shares == nil {
			shares = map[tertial.MoneyColumn]tertial.Decimal{}
		}
		shares[c.ID] = percent(int64(part), int64(whole))
	}
	return computed, shares
}

// percent is 100·part/whole with four decimals, rounded half away from zero.
func percent(part, whole int64) tertial.Decimal {
	n := new(big.Int).Mul(big.NewInt(part), big.NewInt(1_000_000))
	d := big.NewInt(whole)
	q, r := new(big.Int).QuoRem(n, d, new(big.Int))
	if new(big.Int).Abs(new(big.Int).Mul(r, big.NewInt(2))).Cmp(new(big.Int).Abs(d)) >= 0 {
		if (n.Sign() < 0) != (d.Sign() < 0) {
			q.Sub(q, big.NewInt(1))
		} else {
			q.Add(q, big.NewInt(1))
		}
	}
	return tertial.NewDecimal(q.Int64(), 4)
}

// FindRow returns the computed row of a base row (one with amounts) by its ID, with the
// sign it is shown with; ok is false when the table has no such row.
func FindRow(rows []MoneyRow, id string) (MoneyRow, bool) {
	for _, r := range rows {
		if r.Kind == BaseRow && r.ID == id {
			return r, true
		}
	}
	return MoneyRow{}, false
}

func (w *moneyWalk) finish(r MoneyRow) MoneyRow {
	r.Deviation = Deviation(r.Amounts, tertial.ColBudget, tertial.ColForecast)
	r.PeriodDeviation = Deviation(r.Amounts, tertial.ColPeriodBudget, tertial.ColPeriodOutcome)
	r.Computed, r.Shares = Columns(w.layout, r.Amounts)
	return r
}

// walk appends rows to w.out in display order and returns their sum.
func (w *moneyWalk) walk(rows []tertial.MoneyRow, negate bool, depth int) Amounts {
	out := &w.out
	finish := w.finish
	var sums []Amounts
	for _, r := range rows {
		neg := negate
		if r.Negate != nil {
			neg = *r.Negate
		}
		if !r.Group {
			amounts := Amounts(r.Amounts)
			*out = append(*out, finish(MoneyRow{Kind: BaseRow, ID: r.ID, Label: r.Label, Depth: depth, Negate: neg,
				Amounts: amounts, Comment: r.Comment}))
			sums = append(sums, amounts)
			continue
		}
		headerAt := -1
		if r.Label != "" || r.Sum == tertial.SumTop {
			headerAt = len(*out)
			*out = append(*out, MoneyRow{Kind: HeaderRow, ID: r.ID, Label: r.Label, Depth: depth, Negate: neg, Comment: r.Comment})
		}
		sum := w.walk(r.Rows, neg, depth+1)
		switch r.Sum {
		case tertial.SumTop:
			h := &(*out)[headerAt]
			h.Amounts, h.HasSums = sum, true
			*h = finish(*h)
		case tertial.SumBottom:
			*out = append(*out, finish(MoneyRow{Kind: SumRow, ID: r.ID, Label: r.SumLabel, Depth: depth, Negate: neg, Amounts: sum}))
		}
		sums = append(sums, sum)
	}
	return Sum(sums...)
}

// TrendRow is a row of the net cost trend: a verksamhet's period outcome over the years,
// shown as net cost (positive), with the changes from year to year.
type TrendRow struct {
	ID      string
	Label   string
	Total   bool
	Years   []int
	Amounts []*tertial.Amount // per year, as net cost; nil where unknown
	Changes []*tertial.Amount // per year from the second: this year − the year before
}

// TrendColumns returns the columns the net cost trend takes a row's outcome from: for the
// period's year the first column of the period that holds an outcome or a net (outcome,
// period_outcome, net; the short column list's period_outcome), and for the year before
// the first of last year's same months (prior_outcome, outcome or net of period
// prior_period). Either is nil when the table has none. A table with the short column list
// takes period_outcome and prior_outcome, as it always did.
func TrendColumns(t *tertial.MoneyTable) (year, prior *tertial.MoneyColumnDef) {
	if len(t.Declared) == 0 {
		return &tertial.MoneyColumnDef{ID: tertial.ColPeriodOutcome, Kind: tertial.KindPeriodOutcome, Period: tertial.PeriodPeriod},
			&tertial.MoneyColumnDef{ID: tertial.ColPriorOutcome, Kind: tertial.KindPriorOutcome, Period: tertial.PeriodPriorPeriod}
	}
	layout := t.Layout()
	for i := range layout {
		c := &layout[i]
		switch c.Kind {
		case tertial.KindOutcome, tertial.KindPeriodOutcome, tertial.KindNet, tertial.KindPriorOutcome:
		default:
			continue
		}
		switch {
		case c.Period == tertial.PeriodPeriod && c.Kind != tertial.KindPriorOutcome && year == nil:
			year = c
		case c.Period == tertial.PeriodPriorPeriod && prior == nil:
			prior = c
		}
	}
	return year, prior
}

// NetCostTrend computes the net cost trend of a money table for the years ending with
// year: each row's outcome for year and for year−1 from the columns TrendColumns picks
// (a net computed from the row's income and costs), and its history for earlier years, and
// a total row labelled total. Amounts are in result sign in the table and are shown as net
// cost, so they change sign.
func NetCostTrend(t *tertial.MoneyTable, year, years int, total string) []TrendRow {
	ys := make([]int, years)
	for i := range ys {
		ys[i] = year - years + 1 + i
	}
	cur, prior := TrendColumns(t)
	layout := t.Layout()
	var out []TrendRow
	sums := make([]*tertial.Amount, years)
	var walk func(rows []tertial.MoneyRow)
	walk = func(rows []tertial.MoneyRow) {
		for _, r := range rows {
			if r.Group {
				walk(r.Rows)
				continue
			}
			computed, _ := Columns(layout, r.Amounts)
			value := func(c *tertial.MoneyColumnDef) (tertial.Amount, bool) {
				if c == nil {
					return 0, false
				}
				if c.Computed() {
					a, ok := computed[c.ID]
					return a, ok
				}
				a, ok := r.Amounts[c.ID]
				return a, ok
			}
			row := TrendRow{ID: r.ID, Label: r.Label, Years: ys}
			for i, y := range ys {
				var a tertial.Amount
				var ok bool
				switch y {
				case year:
					a, ok = value(cur)
				case year - 1:
					a, ok = value(prior)
				}
				if !ok && y != year {
					a, ok = historyIn(r, y)
				}
				if !ok {
					row.Amounts = append(row.Amounts, nil)
					continue
				}
				a = -a
				row.Amounts = append(row.Amounts, &a)
				if sums[i] == nil {
					sums[i] = new(tertial.Amount)
				}
				*sums[i] += a
			}
			row.Changes = changes(row.Amounts)
			out = append(out, row)
		}
	}
	walk(t.Rows)
	if total != "" {
		out = append(out, TrendRow{ID: "", Label: total, Total: true, Years: ys, Amounts: sums, Changes: changes(sums)})
	}
	return out
}

// historyIn returns a row's outcome for year y from its history.
func historyIn(r tertial.MoneyRow, y int) (tertial.Amount, bool) {
	for _, h := range r.History {
		if h.Year == y {
			return h.Amount, true
		}
	}
	return 0, false
}

func changes(amounts []*tertial.Amount) []*tertial.Amount {
	out := make([]*tertial.Amount, len(amounts))
	for i := 1; i < len(amounts); i++ {
		if amounts[i] != nil && amounts[i-1] != nil {
			d := *amounts[i] - *amounts[i-1]
			out[i] = &d
		}
	}
	return out
}
