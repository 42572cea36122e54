package tertial

import (
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
// and a cost column that happens to be called period_outcome gets nothing from the ledger.
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
			{ID: ColPeriodOutcome, Kind: KindCost},
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
