package compute_test

import (
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/compute"
)

func tkr(n int64) tertial.Amount { return tertial.Amount(n * 100_000) }

func amounts(budget, forecast, pb, po, prior int64) map[tertial.MoneyColumn]tertial.Amount {
	return map[tertial.MoneyColumn]tertial.Amount{
		tertial.ColBudget: tkr(budget), tertial.ColForecast: tkr(forecast),
		tertial.ColPeriodBudget: tkr(pb), tertial.ColPeriodOutcome: tkr(po), tertial.ColPriorOutcome: tkr(prior),
	}
}

var yes = true

// The operating statement of the reference report (tkr), entered in result sign.
func driftTable() *tertial.MoneyTable {
	return &tertial.MoneyTable{
		ID: "drift", Title: "Driftredovisning", Unit: tertial.Tkr, Total: "Årets resultat", TotalNegate: true,
		Columns: tertial.MoneyColumns,
		Rows: []tertial.MoneyRow{
			{ID: "intakter", Label: "Verksamhetens intäkter", Amounts: amounts(46166, 62010, 29591, 45633, 38833)},
			{ID: "kostnader", Group: true, Sum: tertial.SumBottom, SumLabel: "Verksamhetens kostnader", Negate: &yes, Rows: []tertial.MoneyRow{
				{ID: "personal", Label: "Personal", Amounts: amounts(-228625, -236650, -148878, -156160, -144316)},
				{ID: "lokaler", Label: "Lokaler", Amounts: amounts(-24237, -23047, -16162, -14548, -16119)},
				{ID: "bidrag", Label: "Bidrag kostnader", Amounts: amounts(-7956, -7855, -5413, -5415, -5660)},
				{ID: "kop", Label: "Köp av verksamhet", Amounts: amounts(-79304, -79650, -52999, -53103, -52263)},
				{ID: "ovrigt", Label: "Övrigt", Amounts: amounts(-306322, -331082, -202707, -209858, -159375)},
			}},
		},
	}
}

// TestDeviationSigns: a deviation is positive when better than budget, whatever the row
// (DOMAIN.md §6), with the figures of the reference report.
func TestDeviationSigns(t *testing.T) {
	rows := compute.MoneyTable(driftTable())
	byID := map[string]compute.MoneyRow{}
	for _, r := range rows {
		key := r.ID
		if r.Kind == compute.SumRow {
			key += "-summa"
		}
		byID[key] = r
	}
	for _, c := range []struct {
		row            string
		shownBudget    int64 // as the report shows the row
		deviation      int64 // forecast vs budget, positive = better
		periodDevation int64
	}{
		// Income: forecast − budget.
		{"intakter", 46166, 15844, 16042},
		// Costs shown positive: budget − forecast of the shown figures.
		{"personal", 228625, -8025, -7282},
		{"lokaler", 24237, 1190, 1614},
		{"ovrigt", 306322, -24760, -7151},
		// The sum of costs, shown positive; the report prints 646 444 and −31 841 (rounded from kronor).
		{"kostnader-summa", 646444, -31840, -12925},
	} {
		r, ok := byID[c.row]
		if !ok {
			t.Fatalf("no row %s", c.row)
		}
		shown, _ := r.Display(tertial.ColBudget)
		if shown != tkr(c.shownBudget) {
			t.Errorf("%s: shown budget %v, want %d tkr", c.row, shown, c.shownBudget)
		}
		if r.Deviation == nil || *r.Deviation != tkr(c.deviation) {
			t.Errorf("%s: deviation %v, want %d tkr", c.row, r.Deviation, c.deviation)
		}
		if r.PeriodDeviation == nil || *r.PeriodDeviation != tkr(c.periodDevation) {
			t.Errorf("%s: period deviation %v, want %d tkr", c.row, r.PeriodDeviation, c.periodDevation)
		}
	}
	total := rows[len(rows)-1]
	if total.Kind != compute.TotalRow || total.Label != "Årets resultat" {
		t.Fatalf("last row %+v", total)
	}
	// Net cost shown positive: 646 444 − 46 166 = 600 278 (the report prints 600 279).
	if shown, _ := total.Display(tertial.ColBudget); shown != tkr(600278) {
		t.Errorf("net result shown %v", shown)
	}
	// Net cost grew by more than budget: worse, so negative.
	if *total.Deviation != tkr(-15996) {
		t.Errorf("net result deviation %v", *total.Deviation)
	}
}

// TestNetCostsShownNegative: the per-verksamhet table shows net costs negative; a larger
// cost than budget is a negative deviation (forecast − budget).
func TestNetCostsShownNegative(t *testing.T) {
	tbl := &tertial.MoneyTable{ID: "v", Unit: tertial.Tkr, Columns: tertial.MoneyColumns, Total: "Årets resultat", Rows: []tertial.MoneyRow{
		{ID: "pol", Label: "Politisk verksamhet", Amounts: amounts(-46886, -47684, -30860, -31421, -29697)},
		{ID: "infra", Label: "Infrastruktur, skydd m.m.", Amounts: amounts(-306648, -307649, -204492, -198834, -153360)},
	}}
	rows := compute.MoneyTable(tbl)
	if d := *rows[0].Deviation; d != tkr(-798) {
		t.Errorf("Politisk verksamhet deviation %v, want −798", d)
	}
	if d := *rows[1].PeriodDeviation; d != tkr(5658) {
		t.Errorf("Infrastruktur period deviation %v, want 5 658", d)
	}
	if s, _ := rows[2].Display(tertial.ColBudget); s != tkr(-353534) {
		t.Errorf("total %v", s)
	}
}

// TestInvestmentGroups: the reference report's investments with groups summed below, and
// the Fiberutbyggnad deviation it printed with the wrong sign.
func TestInvestmentGroups(t *testing.T) {
	four := []tertial.MoneyColumn{tertial.ColBudget, tertial.ColForecast, tertial.ColPeriodBudget, tertial.ColPeriodOutcome}
	a := func(b, f, pb, po int64) map[tertial.MoneyColumn]tertial.Amount {
		return map[tertial.MoneyColumn]tertial.Amount{tertial.ColBudget: tkr(b), tertial.ColForecast: tkr(f), tertial.ColPeriodBudget: tkr(pb), tertial.ColPeriodOutcome: tkr(po)}
	}
	tbl := &tertial.MoneyTable{ID: "inv", Unit: tertial.Tkr, Columns: four, Total: "Summa", Rows: []tertial.MoneyRow{
		{ID: "ny", Label: "Nyinvestering", Group: true, Sum: tertial.SumBottom, SumLabel: "Summa nyinvestering", Rows: []tertial.MoneyRow{
			{ID: "fiber", Label: "Fiberutbyggnad IT", Amounts: a(-28800, -29200, -19200, -4765)},
			{ID: "utr", Label: "Utredningar lokalförsörjning", Amounts: a(-15000, 0, -10000, 0)},
			{ID: "kam", Label: "Trygghetskameror", Amounts: a(0, -2800, 0, 0)},
		}},
	}}
	rows := compute.MoneyTable(tbl)
	kinds := []compute.RowKind{compute.HeaderRow, compute.BaseRow, compute.BaseRow, compute.BaseRow, compute.SumRow, compute.TotalRow}
	if len(rows) != len(kinds) {
		t.Fatalf("%d rows", len(rows))
	}
	for i, k := range kinds {
		if rows[i].Kind != k {
			t.Errorf("row %d kind %d, want %d", i, rows[i].Kind, k)
		}
	}
	if *rows[1].Deviation != tkr(-400) {
		t.Errorf("Fiberutbyggnad deviation %v: spending more than budget is −400", *rows[1].Deviation)
	}
	if *rows[4].Deviation != tkr(11800) || *rows[4].PeriodDeviation != tkr(24435) {
		t.Errorf("Summa nyinvestering deviations %v %v", *rows[4].Deviation, *rows[4].PeriodDeviation)
	}
	if rows[0].Amounts != nil {
		t.Error("a header row without a sum on top has no amounts")
	}
}

func TestSumOnTopAndMissingColumns(t *testing.T) {
	one := []tertial.MoneyColumn{tertial.ColBudget, tertial.ColForecast}
	tbl := &tertial.MoneyTable{Unit: tertial.Mnkr, Columns: one, Rows: []tertial.MoneyRow{
		{ID: "g", Label: "Exploateringsprojekt/Område", Group: true, Sum: tertial.SumTop, Rows: []tertial.MoneyRow{
			{ID: "a", Label: "Mellersta", Amounts: map[tertial.MoneyColumn]tertial.Amount{tertial.ColBudget: -5_690_000_000}},
			{ID: "b", Label: "Östra", Amounts: map[tertial.MoneyColumn]tertial.Amount{tertial.ColBudget: -1_160_000_000, tertial.ColForecast: 530_000_000}},
		}},
	}}
	rows := compute.MoneyTable(tbl)
	if !rows[0].HasSums || rows[0].Amounts[tertial.ColBudget] != -6_850_000_000 {
		t.Errorf("sum on top: %+v", rows[0])
	}
	if rows[1].Deviation != nil {
		t.Error("a row without forecast has no deviation")
	}
	if f := rows[0].Amounts[tertial.ColForecast]; f != 530_000_000 || *rows[0].Deviation != 530_000_000+6_850_000_000 {
		t.Errorf("group forecast %v deviation %v", f, *rows[0].Deviation)
	}
}

func TestNetCostTrend(t *testing.T) {
	r := func(id string, hist2019, prior, outcome int64) tertial.MoneyRow {
		return tertial.MoneyRow{ID: id, Label: id, Amounts: map[tertial.MoneyColumn]tertial.Amount{
			tertial.ColPriorOutcome: tkr(prior), tertial.ColPeriodOutcome: tkr(outcome)},
			History: []tertial.YearAmount{{Year: 2019, Amount: tkr(hist2019)}}}
	}
	tbl := &tertial.MoneyTable{Unit: tertial.Tkr, Rows: []tertial.MoneyRow{
		r("pol", -32456, -29697, -31421), r("infra", -141691, -153360, -198834), r("gem", -153002, -155844, -163198),
	}}
	rows := compute.NetCostTrend(tbl, 2021, 3, "Summa nettokostnad")
	if len(rows) != 4 {
		t.Fatalf("%d rows", len(rows))
	}
	want := []int64{327149, 338901, 393453} // the report prints 327 150 for 2019 (rounding)
	for i, w := range want {
		if got := rows[3].Amounts[i]; got == nil || *got != tkr(w) {
			t.Errorf("total %d: %v, want %d", rows[3].Years[i], got, w)
		}
	}
	if *rows[0].Changes[2] != tkr(1724) || rows[0].Changes[0] != nil {
		t.Errorf("changes %v", rows[0].Changes)
	}
}

// TestNegatedTableTotal: a table that shows its amounts negated (costs positive) shows its
// total the same way, as its rows and sums are shown; total_negate alone negates only the
// total (the reference report's Årets resultat).
func TestNegatedTableTotal(t *testing.T) {
	four := []tertial.MoneyColumn{tertial.ColBudget, tertial.ColForecast}
	a := func(b, f int64) map[tertial.MoneyColumn]tertial.Amount {
		return map[tertial.MoneyColumn]tertial.Amount{tertial.ColBudget: tkr(b), tertial.ColForecast: tkr(f)}
	}
	for _, c := range []struct {
		name                string
		negate, totalNegate bool
		rowSign, totalSign  int
	}{
		{"as stored", false, false, 1, 1},
		{"costs positive", true, false, -1, -1},
		{"costs positive, total_negate too", true, true, -1, -1},
		{"only the total negated", false, true, 1, -1},
	} {
		tbl := &tertial.MoneyTable{Unit: tertial.Tkr, Columns: four, Negate: c.negate, TotalNegate: c.totalNegate, Total: "Summa",
			Rows: []tertial.MoneyRow{
				{ID: "ny", Label: "Nyinvestering", Group: true, Sum: tertial.SumBottom, SumLabel: "Summa nyinvestering", Rows: []tertial.MoneyRow{
					{ID: "fiber", Label: "Fiberutbyggnad IT", Amounts: a(-28800, -29200)},
					{ID: "kam", Label: "Trygghetskameror", Amounts: a(0, -2800)},
				}},
			}}
		rows := compute.MoneyTable(tbl)
		total := rows[len(rows)-1]
		if total.Kind != compute.TotalRow {
			t.Fatalf("%s: the last row is no total", c.name)
		}
		for _, r := range rows[:len(rows)-1] {
			if r.Sign() != c.rowSign {
				t.Errorf("%s: row %q shown with sign %d, want %d", c.name, r.Label, r.Sign(), c.rowSign)
			}
		}
		if total.Sign() != c.totalSign {
			t.Errorf("%s: total shown with sign %d, want %d", c.name, total.Sign(), c.totalSign)
		}
		// The figures the total shows: the sum −28 800 of the budgets, with its sign.
		if got, _ := total.Display(tertial.ColBudget); got != tkr(int64(-28800*c.totalSign)) {
			t.Errorf("%s: total budget shown as %v", c.name, got)
		}
		// The deviation stays in result sign: spending 3 200 more is −3 200.
		if *total.Deviation != tkr(-3200) {
			t.Errorf("%s: total deviation %v, want −3 200", c.name, *total.Deviation)
		}
	}
}

// TestShownAndStored: a form asks for an amount as the row shows it; Stored takes it back
// to result sign for every row of a table, negated or not.
func TestShownAndStored(t *testing.T) {
	rows := compute.MoneyTable(driftTable())
	personal, ok := compute.FindRow(rows, "personal")
	if !ok || personal.Sign() != -1 {
		t.Fatalf("personal: found %v, sign %d; the cost group is negated", ok, personal.Sign())
	}
	if shown, _ := personal.Display(tertial.ColForecast); shown != tkr(236650) {
		t.Errorf("personal forecast shown as %v, want 236 650", shown)
	}
	if got := personal.Stored(tkr(236650)); got != tkr(-236650) {
		t.Errorf("236 650 entered for personal stored as %v, want −236 650", got)
	}
	income, _ := compute.FindRow(rows, "intakter")
	if got := income.Stored(tkr(62010)); got != tkr(62010) || income.Sign() != 1 {
		t.Errorf("62 010 entered for income stored as %v (sign %d)", got, income.Sign())
	}
	if _, ok := compute.FindRow(rows, "kostnader"); ok {
		t.Error("FindRow finds a group, which has no amounts to enter")
	}
	for _, r := range rows {
		for _, c := range tertial.MoneyColumns {
			if a, ok := r.Amounts[c]; ok && r.Stored(r.Shown(a)) != a {
				t.Errorf("%s %s: %v does not come back", r.Label, c, a)
			}
		}
	}
}
