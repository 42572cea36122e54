package compute_test

import (
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/compute"
)

// declaredTable has every computed kind: net from income and cost, a revised budget from
// budget and budget change, what remains of it after the outcome, the outcome's deviation
// from it, and the outcome's share of the revised budget. Costs are shown positive.
func declaredTable() *tertial.MoneyTable {
	row := func(id string, income, cost, budget, change, outcome int64) tertial.MoneyRow {
		return tertial.MoneyRow{ID: id, Label: id, Amounts: map[tertial.MoneyColumn]tertial.Amount{
			"in": tkr(income), "ut": tkr(cost), "b": tkr(budget), "omb": tkr(change), "utf": tkr(outcome)}}
	}
	return &tertial.MoneyTable{
		ID: "t", Title: "T", Unit: tertial.Tkr, Total: "Summa", Negate: true,
		Declared: []tertial.MoneyColumnDef{
			{ID: "in", Kind: tertial.KindIncome},
			{ID: "ut", Kind: tertial.KindCost},
			{ID: "netto", Kind: tertial.KindNet},
			{ID: "b", Kind: tertial.KindBudget},
			{ID: "omb", Kind: tertial.KindBudgetChange},
			{ID: "rev", Kind: tertial.KindRevisedBudget, Of: []tertial.MoneyColumn{"b", "omb"}},
			{ID: "utf", Kind: tertial.KindOutcome},
			{ID: "kvar", Kind: tertial.KindRemaining, Of: []tertial.MoneyColumn{"rev", "utf"}},
			{ID: "avv", Kind: tertial.KindDeviation, Of: []tertial.MoneyColumn{"rev", "utf"}},
			{ID: "andel", Kind: tertial.KindShare, Of: []tertial.MoneyColumn{"utf", "rev"}},
		},
		Rows: []tertial.MoneyRow{
			{ID: "g", Group: true, Label: "Grupp", Sum: tertial.SumBottom, SumLabel: "Summa grupp", Rows: []tertial.MoneyRow{
				row("a", 100, -900, -1000, -200, -300),
				row("b", 50, -150, -100, 0, -130),
			}},
			{ID: "c", Label: "c", Amounts: map[tertial.MoneyColumn]tertial.Amount{"in": tkr(10), "b": tkr(-40)}},
		},
	}
}

func TestComputedColumns(t *testing.T) {
	rows := compute.MoneyTable(declaredTable())
	byID := map[string]compute.MoneyRow{}
	for _, r := range rows {
		key := r.ID
		if r.Kind == compute.SumRow {
			key += "-sum"
		}
		if r.Kind == compute.TotalRow {
			key = "total"
		}
		byID[key] = r
	}
	tbl := declaredTable()
	col := func(id tertial.MoneyColumn) *tertial.MoneyColumnDef {
		c, ok := tbl.Column(id)
		if !ok {
			t.Fatalf("no column %s", id)
		}
		return &c
	}
	for _, c := range []struct {
		row  string
		col  tertial.MoneyColumn
		want int64 // tkr as the row shows it; -1 << 40 for none
	}{
		// Row a: net = 100 − 900 = −800 in result sign, shown 800 (costs positive).
		{"a", "netto", 800},
		{"a", "ut", 900},
		// Revised budget −1000 − 200 = −1200, shown 1200; remaining −1200 − (−300) = −900, shown 900.
		{"a", "rev", 1200},
		{"a", "kvar", 900},
		// The deviation is in result sign: −300 − (−1200) = 900 better than budget.
		{"a", "avv", 900},
		{"b", "netto", 100},
		{"b", "kvar", -30}, // spent 30 more than budgeted
		{"b", "avv", -30},
		// The group's sums: every amount column summed, computed columns from the sums.
		{"g-sum", "in", -150},
		{"g-sum", "ut", 1050},
		{"g-sum", "netto", 900},
		{"g-sum", "rev", 1300},
		{"g-sum", "kvar", 870},
		{"g-sum", "avv", 870},
		// Row c lacks cost, budget change and outcome: no net, no revised budget, nothing computed.
		{"c", "netto", -1 << 40},
		{"c", "rev", -1 << 40},
		{"c", "kvar", -1 << 40},
		// The total: net 160 − 1050 = −890, shown 890; budget −1140 (c's budget too), revised
		// −1140 − 200 = −1340, deviation −430 − (−1340) = 910.
		{"total", "netto", 890},
		{"total", "b", 1140},
		{"total", "rev", 1340},
		{"total", "avv", 910},
	} {
		r, ok := byID[c.row]
		if !ok {
			t.Fatalf("no row %s", c.row)
		}
		got, ok := r.Value(col(c.col))
		if c.want == -1<<40 {
			if ok {
				t.Errorf("%s.%s = %d, want none", c.row, c.col, got)
			}
			continue
		}
		if !ok || got != tkr(c.want) {
			t.Errorf("%s.%s = %d (present %v), want %d tkr", c.row, c.col, got, ok, c.want)
		}
	}
	// Shares: 300 of 1200 is 25 %; the group's 430 of 1300 is 33.0769… %.
	for _, c := range []struct {
		row, want string
	}{{"a", "25.0000"}, {"b", "130.0000"}, {"g-sum", "33.0769"}} {
		if got, ok := byID[c.row].Shares["andel"]; !ok || got.String() != c.want {
			t.Errorf("%s share %v (present %v), want %s", c.row, got, ok, c.want)
		}
	}
	if _, ok := byID["c"].Shares["andel"]; ok {
		t.Error("row c has a share though it lacks both amounts")
	}
}

// TestOldColumnsLayout: the old column list means the columns, headings and deviations the
// reports always showed.
func TestOldColumnsLayout(t *testing.T) {
	tbl := &tertial.MoneyTable{Columns: tertial.MoneyColumns}
	var got []string
	for _, c := range tbl.Layout() {
		got = append(got, string(c.ID)+":"+c.Heading+":"+string(c.Period))
	}
	want := []string{"budget:Budget:year", "forecast:Prognos:year", "deviation:Avvikelse:year",
		"period_budget:Budget:period", "period_outcome:Utfall:period", "period_deviation:Avvikelse:period",
		"prior_outcome:Utfall:prior_period"}
	if len(got) != len(want) {
		t.Fatalf("layout %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("column %d: %s, want %s", i, got[i], want[i])
		}
	}
	// Without a budget there is no deviation after the forecast.
	tbl = &tertial.MoneyTable{Columns: []tertial.MoneyColumn{tertial.ColForecast, tertial.ColPeriodOutcome}}
	if n := len(tbl.Layout()); n != 2 {
		t.Errorf("forecast and period outcome alone give %d columns, want 2", n)
	}
	// The old deviations equal the computed ones.
	for _, r := range compute.MoneyTable(driftTable()) {
		if r.Deviation != nil && r.Computed[tertial.ColDeviation] != *r.Deviation {
			t.Errorf("%s: deviation %d, computed %d", r.ID, *r.Deviation, r.Computed[tertial.ColDeviation])
		}
		if r.PeriodDeviation != nil && r.Computed[tertial.ColPeriodDeviation] != *r.PeriodDeviation {
			t.Errorf("%s: period deviation %d, computed %d", r.ID, *r.PeriodDeviation, r.Computed[tertial.ColPeriodDeviation])
		}
	}
}
