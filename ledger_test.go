package tertial

import (
	"maps"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestMapLedgerKommunBas(t *testing.T) {
	totals := map[string]int64{
		"3110": -6000000, "3510": -100, "4510": 2500000, "4610": 14000000, "4010": 700,
		"5010": 30000025, "5610": 9426000, "6010": 8200000, "6110": 1250050, "6210": 10,
		"7010": 800000, "7910": 5, "8010": -999, "1930": 123, "9990": 77,
	}
	rows, unmapped := MapLedger(KommunBasRules(), totals)
	want := map[string]Amount{
		"intakter": 6000100, "personal": -39426025, "lokaler": -9450050, "bidrag": -2500000,
		"kop-av-verksamhet": -14000000, "ovrigt": -(700 + 10 + 800000 + 5),
	}
	for id, a := range want {
		if rows[id] != a {
			t.Errorf("%s = %d, want %d", id, rows[id], a)
		}
	}
	if len(unmapped) != 0 {
		t.Errorf("unmapped %v", unmapped)
	}
	// The table's total equals the ledger's total for the mapped accounts (classes 3–7).
	var table Amount
	var ledger int64
	for _, a := range rows {
		table += a
	}
	for acc, v := range totals {
		if acc[0] >= '3' && acc[0] <= '7' {
			ledger += v
		}
	}
	if table != Amount(-ledger) {
		t.Errorf("table total %d, ledger total %d", table, -ledger)
	}
	// Without the wide rule, class 4–7 accounts outside the narrow ones are unmapped.
	_, unmapped = MapLedger(KommunBasRules()[:5], totals)
	if len(unmapped) != 4 || unmapped["7010"] != 800000 {
		t.Errorf("unmapped %v", unmapped)
	}
}

func TestAccountRange(t *testing.T) {
	r := AccountRange{"60", "61"}
	for acc, want := range map[string]bool{"6000": true, "6199": true, "6200": false, "5999": false, "61": true, "6": false} {
		if r.Contains(acc) != want {
			t.Errorf("%s: %v", acc, !want)
		}
	}
}

func TestParseAccountRange(t *testing.T) {
	for s, want := range map[string]AccountRange{"3": {"3", "3"}, "60-61": {"60", "61"}, "3010-3029": {"3010", "3029"}, " 4 - 7 ": {"4", "7"}} {
		got, err := ParseAccountRange(s)
		if err != nil || got != want {
			t.Errorf("%q: %v, %v", s, got, err)
		}
	}
	for _, s := range []string{"", "x", "3-", "-3", "61-60", "3.1", "3-4-5"} {
		if _, err := ParseAccountRange(s); err == nil {
			t.Errorf("%q accepted", s)
		}
	}
}

// statement is an operating statement with the Kommun-Bas rows, for a period Jan–Aug 2021.
func statement() *Period {
	leaf := func(id string, outcome Amount) MoneyRow {
		return MoneyRow{ID: id, Label: id, Amounts: map[MoneyColumn]Amount{ColPeriodOutcome: outcome, ColForecast: 7}}
	}
	return &Period{Unit: "ks", ID: "2021-08", Cutoff: time.Date(2021, 8, 31, 0, 0, 0, 0, time.UTC),
		MoneyTables: []MoneyTable{{ID: "drift", Columns: []MoneyColumn{ColForecast, ColPeriodBudget, ColPeriodOutcome, ColPriorOutcome},
			Rows: []MoneyRow{leaf("intakter", 1), {ID: "kostnader", Group: true, Rows: []MoneyRow{
				leaf("personal", 2), leaf("lokaler", 3), leaf("bidrag", 4), leaf("kop-av-verksamhet", 5), leaf("ovrigt", 6)}},
				leaf("extra", 99)}},
			{ID: "investeringar", Columns: []MoneyColumn{ColPeriodOutcome}, Rows: []MoneyRow{leaf("ovrigt", 11)}}}}
}

func amountsOf(t *MoneyTable, col MoneyColumn) map[string]Amount {
	out := map[string]Amount{}
	var walk func([]MoneyRow)
	walk = func(rows []MoneyRow) {
		for _, r := range rows {
			if r.Group {
				walk(r.Rows)
			} else if a, ok := r.Amounts[col]; ok {
				out[r.ID] = a
			}
		}
	}
	walk(t.Rows)
	return out
}

func TestApplyLedger(t *testing.T) {
	e := func(acc string, month int, amount int64) LedgerEntry {
		return LedgerEntry{Unit: "ks", Account: acc, Month: month, Amount: amount}
	}
	l := &LedgerData{Outcome: []LedgerEntry{
		e("3110", 202101, -500000), e("3110", 202108, -100), e("3110", 202109, -777), // September is after the cut-off
		e("5010", 202103, 300000), e("6110", 202102, 120050), e("4510", 202104, 2500), e("4610", 202105, 1000),
		e("7010", 202106, 33), e("8010", 202106, -999), // class 8 is not a board's
		e("5010", 202003, 250000),                               // last year
		{Unit: "bn", Account: "5010", Month: 202103, Amount: 1}, // another unit
	}, Budget: []LedgerEntry{e("5010", 202101, 10000), e("5010", 202112, 5000)}}
	per := statement()
	got, unmapped := ApplyLedger(per, l)
	if got == per {
		t.Fatal("nothing filled")
	}
	drift := &got.MoneyTables[0]
	want := map[string]Amount{"intakter": 500100, "personal": -300000, "lokaler": -120050, "bidrag": -2500,
		"kop-av-verksamhet": -1000, "ovrigt": -33, "extra": 99}
	outcome := amountsOf(drift, ColPeriodOutcome)
	for id, a := range want {
		if outcome[id] != a {
			t.Errorf("period_outcome %s = %d, want %d", id, outcome[id], a)
		}
	}
	// The statement's total equals the ledger's total of the mapped accounts (classes 3–7)
	// for the period's months.
	var total Amount
	for id, a := range outcome {
		if id != "extra" {
			total += a
		}
	}
	if total != -(-500000 - 100 + 300000 + 120050 + 2500 + 1000 + 33) {
		t.Errorf("table total %d", total)
	}
	if p := amountsOf(drift, ColPriorOutcome); p["personal"] != -250000 || p["intakter"] != 0 || len(p) != 6 {
		t.Errorf("prior_outcome %v", p)
	}
	if b := amountsOf(drift, ColPeriodBudget); b["personal"] != -10000 {
		t.Errorf("period_budget %v", b)
	}
	if f := amountsOf(drift, ColForecast); f["personal"] != 7 {
		t.Errorf("forecast changed: %v", f)
	}
	// A table without the Kommun-Bas rows and without a mapping is left alone, and so is
	// the period that was passed in.
	if a := amountsOf(&got.MoneyTables[1], ColPeriodOutcome); a["ovrigt"] != 11 {
		t.Errorf("investments filled: %v", a)
	}
	if a := amountsOf(&per.MoneyTables[0], ColPeriodOutcome); a["personal"] != 2 {
		t.Errorf("the period passed in changed: %v", a)
	}
	if len(unmapped) != 0 {
		t.Errorf("unmapped %v", unmapped)
	}

	// A mapping of its own: lokaler only on objects 200 and 210 of dimension 1; the rest
	// of 60–61 goes to ovrigt; class 7 is not mapped at all.
	per = statement()
	per.MoneyTables[0].Mapping = []AccountRule{
		{Row: "intakter", Accounts: []AccountRange{{"3", "3"}}},
		{Row: "lokaler", Accounts: []AccountRange{{"60", "61"}}, Dimension: 1, Objects: []string{"200", "210"}},
		{Row: "ovrigt", Accounts: []AccountRange{{"4", "6"}}},
	}
	l.Outcome = append(l.Outcome, LedgerEntry{Unit: "ks", Account: "6110", Dimension: 1, Object: "200", Month: 202102, Amount: 100000},
		LedgerEntry{Unit: "ks", Account: "6110", Dimension: 1, Object: "999", Month: 202102, Amount: 20050})
	got, unmapped = ApplyLedger(per, l)
	outcome = amountsOf(&got.MoneyTables[0], ColPeriodOutcome)
	if outcome["lokaler"] != -100000 || outcome["ovrigt"] != -(300000+20050+2500+1000) || outcome["personal"] != 2 {
		t.Errorf("own mapping: %v", outcome)
	}
	if len(unmapped) != 1 || unmapped[0] != (UnmappedAccount{Table: "drift", Account: "7010", Amount: 33}) {
		t.Errorf("unmapped %v", unmapped)
	}
	// No ledger for the unit: nothing changes.
	if got, _ := ApplyLedger(&Period{Unit: "x", Cutoff: per.Cutoff, MoneyTables: per.MoneyTables}, l); amountsOf(&got.MoneyTables[0], ColPeriodOutcome)["personal"] != 2 {
		t.Error("filled from another unit's ledger")
	}
}

func TestIsKommunBasChart(t *testing.T) {
	for chart, want := range map[string]bool{
		"KBAS2021": true, "kbas": true, "Kommun-Bas 13": true, "KOMMUNBAS": true, "K-BAS 2019": true,
		"EUBAS97": false, "BAS95": false, "BAS2008": false, "NE2007": false, "": false, "RBAS": false,
	} {
		if got := IsKommunBasChart(chart); got != want {
			t.Errorf("IsKommunBasChart(%q) = %v, want %v", chart, got, want)
		}
	}
}

// TestApplyLedgerOverflow: months whose sum passes what an int64 holds fill nothing in
// that column (the outcome keeps what was entered by hand) and the table says why, while
// the other columns are filled; the mapping functions give nil instead of a wrapped sum.
func TestApplyLedgerOverflow(t *testing.T) {
	const big = 1<<62 + 1 // two of them pass 2^63
	e := func(acc string, month int, amount int64) LedgerEntry {
		return LedgerEntry{Unit: "ks", Account: acc, Month: month, Amount: amount}
	}
	l := &LedgerData{Outcome: []LedgerEntry{e("5010", 202102, big), e("5010", 202103, big)},
		Budget: []LedgerEntry{e("5010", 202101, 10000)}}
	got, _ := ApplyLedger(statement(), l)
	drift := &got.MoneyTables[0]
	if o := amountsOf(drift, ColPeriodOutcome); o["personal"] != 2 {
		t.Errorf("period_outcome filled from a wrapped sum: %v", o)
	}
	if b := amountsOf(drift, ColPeriodBudget); b["personal"] != -10000 {
		t.Errorf("period_budget %v", b)
	}
	if !strings.Contains(strings.Join(drift.Derived, " "), "Periodens utfall kan inte räknas fram ur bokföringen") {
		t.Errorf("derived %q", drift.Derived)
	}
	if rows, un := MapLedger(KommunBasRules(), map[string]int64{"5010": big, "5020": big}); rows != nil || un != nil {
		t.Errorf("MapLedger: %v %v", rows, un)
	}
	// The negation into result sign passes it too for -2^63.
	if rows, _ := MapLedger(KommunBasRules(), map[string]int64{"5010": -1 << 63, "5020": 1}); rows != nil {
		t.Errorf("MapLedger of -2^63 negated: %v", rows)
	}
}

// TestApplyLedgerDeclaredColumns: a table with declared columns is filled by each column's
// kind and period, not by its ID: an outcome column named "utfall" gets the period's
// outcome, a prior-year column the whole year before, a budget column the year's budget,
// and a forecast column that happens to be called period_outcome gets nothing from the
// ledger.
func TestApplyLedgerDeclaredColumns(t *testing.T) {
	e := func(acc string, month int, amount int64) LedgerEntry {
		return LedgerEntry{Unit: "ks", Account: acc, Month: month, Amount: amount}
	}
	l := &LedgerData{Outcome: []LedgerEntry{
		e("5010", 202103, 300000), e("5010", 202109, 1), // September is after the cut-off
		e("5010", 202003, 250000), e("5010", 202011, 40000), // last year, in and after the period's months
	}, Budget: []LedgerEntry{e("5010", 202101, 10000), e("5010", 202112, 5000)}}
	per := &Period{Unit: "ks", ID: "2021-08", Cutoff: time.Date(2021, 8, 31, 0, 0, 0, 0, time.UTC),
		MoneyTables: []MoneyTable{{ID: "drift", Declared: []MoneyColumnDef{
			{ID: "utfall", Kind: KindOutcome},
			{ID: ColPeriodOutcome, Kind: KindForecast},
			{ID: "fg", Kind: KindPriorOutcome, Period: PeriodPriorYear},
			{ID: "bud", Kind: KindBudget},
		}, Mapping: []AccountRule{{Row: "personal", Accounts: []AccountRange{{"5", "5"}}}},
			Rows: []MoneyRow{{ID: "personal", Label: "Personal", Amounts: map[MoneyColumn]Amount{ColPeriodOutcome: -7}}}}}}
	got, _ := ApplyLedger(per, l)
	drift := &got.MoneyTables[0]
	for col, want := range map[MoneyColumn]Amount{"utfall": -300000, "fg": -290000, "bud": -15000, ColPeriodOutcome: -7} {
		if a := amountsOf(drift, col)["personal"]; a != want {
			t.Errorf("%s = %d, want %d", col, a, want)
		}
	}
	if len(drift.Derived) == 0 || !strings.Contains(drift.Derived[0], "fjolårets utfall för helåret") {
		t.Errorf("the table does not say where its amounts come from: %q", drift.Derived)
	}
}

// TestApplyLedgerIncomeCost: income and cost columns are filled from what the rules map to
// each row, income from accounts of class 3 and costs from classes 4–8, in result sign,
// for each column's period: the period, the year up to the cut-off, last year's same
// months and last year whole. Income + cost is the row's outcome from the same ledger.
// The ledger wins over the amounts entered, which stay in the period passed in; a row no
// rule names keeps its own. Accounts of classes 3–7 that no rule maps are reported for a
// table that has income and cost columns but no outcome column.
func TestApplyLedgerIncomeCost(t *testing.T) {
	e := func(acc string, month int, amount int64) LedgerEntry {
		return LedgerEntry{Unit: "ks", Account: acc, Month: month, Amount: amount}
	}
	o := func(acc, obj string, month int, amount int64) LedgerEntry {
		return LedgerEntry{Unit: "ks", Account: acc, Dimension: 2, Object: obj, Month: month, Amount: amount}
	}
	l := &LedgerData{Outcome: []LedgerEntry{
		// This year: skola has its income and costs on object 100, vard on 200.
		e("3110", 202102, -120000), o("3110", "100", 202102, -100000), o("3110", "200", 202102, -20000),
		e("3510", 202104, 2500), o("3510", "100", 202104, 2500), // a correction of income, booked debit
		e("5010", 202103, 700000), o("5010", "100", 202103, 400000), o("5010", "200", 202103, 300000),
		e("4610", 202105, 90000), o("4610", "200", 202105, 90000),
		e("8410", 202106, 1100), o("8410", "100", 202106, 1100), // interest: a cost of class 8
		e("7010", 202107, 555),                                // on no object: no rule maps it
		e("1930", 202103, -50), o("1930", "100", 202103, -50), // a balance account the rule also names
		e("5010", 202110, 999), o("5010", "100", 202110, 999), // after the cut-off
		// Last year.
		e("3110", 202003, -80000), o("3110", "100", 202003, -80000),
		e("5010", 202006, 600000), o("5010", "100", 202006, 600000),
		e("5010", 202011, 30000), o("5010", "100", 202011, 30000),
	}}
	per := &Period{Unit: "ks", ID: "2021-08", Cutoff: time.Date(2021, 8, 31, 0, 0, 0, 0, time.UTC),
		MoneyTables: []MoneyTable{{ID: "verksamheter", Unit: Tkr, Declared: []MoneyColumnDef{
			{ID: "intakt", Kind: KindIncome},
			{ID: "kostnad", Kind: KindCost},
			{ID: "netto", Kind: KindNet},
			{ID: "ar-intakt", Kind: KindIncome, Period: PeriodYear},
			{ID: "ar-kostnad", Kind: KindCost, Period: PeriodYear},
			{ID: "fg-intakt", Kind: KindIncome, Period: PeriodPriorPeriod},
			{ID: "fg-kostnad", Kind: KindCost, Period: PeriodPriorPeriod},
			{ID: "fgar-kostnad", Kind: KindCost, Period: PeriodPriorYear},
			{ID: "fgar-intakt", Kind: KindIncome, Period: PeriodPriorYear},
		}, Mapping: []AccountRule{
			{Row: "skola", Accounts: []AccountRange{{"1", "8"}}, Dimension: 2, Objects: []string{"100"}},
			{Row: "vard", Accounts: []AccountRange{{"3", "8"}}, Dimension: 2, Objects: []string{"200"}},
		}, Rows: []MoneyRow{
			{ID: "skola", Label: "Skola", Amounts: map[MoneyColumn]Amount{"intakt": 1, "kostnad": -2}},
			{ID: "vard", Label: "Vård", Amounts: map[MoneyColumn]Amount{"intakt": 3}},
			{ID: "ovrigt", Label: "Övrigt", Amounts: map[MoneyColumn]Amount{"intakt": 4, "kostnad": -5}},
		}}}}
	got, unmapped := ApplyLedger(per, l)
	tbl := &got.MoneyTables[0]
	want := map[MoneyColumn]map[string]Amount{
		"intakt":       {"skola": 100000 - 2500, "vard": 20000, "ovrigt": 4},
		"kostnad":      {"skola": -(400000 + 1100), "vard": -(300000 + 90000), "ovrigt": -5},
		"ar-intakt":    {"skola": 100000 - 2500, "vard": 20000},
		"ar-kostnad":   {"skola": -(400000 + 1100), "vard": -(300000 + 90000)},
		"fg-intakt":    {"skola": 80000, "vard": 0},
		"fg-kostnad":   {"skola": -600000, "vard": 0},
		"fgar-kostnad": {"skola": -630000, "vard": 0},
		"fgar-intakt":  {"skola": 80000, "vard": 0},
	}
	for col, rows := range want {
		if got := amountsOf(tbl, col); !maps.Equal(got, rows) {
			t.Errorf("%s = %v, want %v", col, got, rows)
		}
	}
	// Amounts entered stay stored in the period passed in.
	if a := amountsOf(&per.MoneyTables[0], "intakt"); a["skola"] != 1 || a["vard"] != 3 {
		t.Errorf("the period passed in changed: %v", a)
	}
	if len(unmapped) != 1 || unmapped[0] != (UnmappedAccount{Table: "verksamheter", Account: "7010", Amount: 555}) {
		t.Errorf("unmapped %v", unmapped)
	}
	for _, s := range []string{"periodens intäkter", "årets kostnader", "fjolårets intäkter för helåret"} {
		if !strings.Contains(strings.ToLower(strings.Join(tbl.Derived, " ")), s) {
			t.Errorf("the table does not say that %s come from the ledger: %q", s, tbl.Derived)
		}
	}

	// With an outcome column beside them, income + cost is the outcome wherever the rules
	// map accounts of classes 3–8 only (vard); skola's rule also takes the balance account
	// 1930, which counts in its outcome but is neither income nor cost.
	per.MoneyTables[0].Declared = append(per.MoneyTables[0].Declared, MoneyColumnDef{ID: "utfall", Kind: KindOutcome})
	got, _ = ApplyLedger(per, l)
	tbl = &got.MoneyTables[0]
	inc, cost, outcome := amountsOf(tbl, "intakt"), amountsOf(tbl, "kostnad"), amountsOf(tbl, "utfall")
	if inc["vard"]+cost["vard"] != outcome["vard"] || outcome["vard"] != -370000 {
		t.Errorf("vard: income %d + cost %d, outcome %d", inc["vard"], cost["vard"], outcome["vard"])
	}
	if outcome["skola"]-(inc["skola"]+cost["skola"]) != 50 {
		t.Errorf("skola: income %d + cost %d, outcome %d", inc["skola"], cost["skola"], outcome["skola"])
	}
}

// TestLedgerFilled: the columns the ledger fills, by kind and period; a table whose
// columns the ledger cannot fill has none.
func TestLedgerFilled(t *testing.T) {
	tbl := MoneyTable{Declared: []MoneyColumnDef{
		{ID: "bud", Kind: KindBudget}, {ID: "prognos", Kind: KindForecast}, {ID: "avv", Kind: KindDeviation, Of: []MoneyColumn{"bud", "prognos"}},
		{ID: "i", Kind: KindIncome}, {ID: "i2", Kind: KindIncome}, {ID: "k", Kind: KindCost, Period: PeriodPriorYear},
		{ID: "omb", Kind: KindBudgetChange},
	}}
	if got := tbl.LedgerFilled(); !slices.Equal(got, []MoneyColumn{"bud", "i", "k"}) {
		t.Errorf("LedgerFilled = %v", got)
	}
	// An investment project's total budget and spending since its start are never the
	// ledger's: it holds one year.
	none := MoneyTable{Declared: []MoneyColumnDef{{ID: "prognos", Kind: KindForecast}, {ID: "omb", Kind: KindBudgetChange},
		{ID: "total", Kind: KindBudget, Period: PeriodAccumulated}, {ID: "ack", Kind: KindOutcome, Period: PeriodAccumulated}}}
	if got := none.LedgerFilled(); len(got) != 0 {
		t.Errorf("LedgerFilled = %v", got)
	}
}
