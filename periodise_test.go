package tertial

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// budgeted is an operating statement with an annual budget on some rows, for a period
// January–August 2021 (8 of 12 months).
func budgeted(rule Periodisation) *Period {
	leaf := func(id string, budget Amount, periodBudget Amount) MoneyRow {
		a := map[MoneyColumn]Amount{ColPeriodBudget: periodBudget}
		if budget != 0 {
			a[ColBudget] = budget
		}
		return MoneyRow{ID: id, Label: "Rad " + id, Amounts: a}
	}
	return &Period{Unit: "ks", ID: "2021-08", Cutoff: time.Date(2021, 8, 31, 0, 0, 0, 0, time.UTC),
		MoneyTables: []MoneyTable{{ID: "drift", Periodisation: rule,
			Columns: []MoneyColumn{ColBudget, ColPeriodBudget, ColPeriodOutcome},
			Rows: []MoneyRow{leaf("intakter", 120000, 1), {ID: "kostnader", Group: true, Rows: []MoneyRow{
				leaf("personal", -1200001, 2), leaf("lokaler", -300000, 3), leaf("bidrag", 0, 4),
				leaf("kop-av-verksamhet", -100, 5), leaf("ovrigt", -7, 6)}}}}}}
}

func TestPeriodiseEven(t *testing.T) {
	per := budgeted(PeriodiseEven)
	got, _ := ApplyLedger(per, nil)
	if got == per {
		t.Fatal("nothing periodised")
	}
	drift := &got.MoneyTables[0]
	// budget × 8 / 12, half away from zero: −1 200 001 × 2/3 = −800 000.67 → −800 001;
	// −7 × 2/3 = −4.67 → −5; the row without an annual budget keeps its entered amount.
	want := map[string]Amount{"intakter": 80000, "personal": -800001, "lokaler": -200000, "bidrag": 4,
		"kop-av-verksamhet": -67, "ovrigt": -5}
	if pb := amountsOf(drift, ColPeriodBudget); !equalAmounts(pb, want) {
		t.Errorf("period_budget %v, want %v", pb, want)
	}
	if len(drift.Derived) != 1 || !strings.Contains(drift.Derived[0], "jämnt") || !strings.Contains(drift.Derived[0], "8 av 12") {
		t.Errorf("derived %q", drift.Derived)
	}
	if pb := amountsOf(&per.MoneyTables[0], ColPeriodBudget); pb["personal"] != 2 {
		t.Errorf("the period passed in changed: %v", pb)
	}
	// Without a rule nothing is computed and the period comes back as it was.
	plain := budgeted("")
	if got, _ := ApplyLedger(plain, nil); got != plain {
		t.Error("a table without periodisation was changed")
	}
}

func TestPeriodisePriorYear(t *testing.T) {
	e := func(acc string, month int, amount int64) LedgerEntry {
		return LedgerEntry{Unit: "ks", Account: acc, Month: month, Amount: amount}
	}
	// Last year: personnel booked 100 in each month (8/12 in Jan–Aug); premises 900 in
	// March and 100 in December (9/10); income −50 in September only (0 in Jan–Aug).
	// Purchased activity and "other" have no outcome last year.
	var out []LedgerEntry
	for m := 1; m <= 12; m++ {
		out = append(out, e("5010", 202000+m, 100))
	}
	out = append(out, e("6110", 202003, 900), e("6110", 202012, 100), e("3110", 202009, -50),
		e("5010", 202102, 1)) // this year's outcome does not change the profile
	l := &LedgerData{Outcome: out}
	got, _ := ApplyLedger(budgeted(PeriodisePriorYear), l)
	drift := &got.MoneyTables[0]
	want := map[string]Amount{
		"intakter":          0,       // 120 000 × 0 / 50: nothing booked in Jan–Aug last year
		"personal":          -800001, // −1 200 001 × 800 / 1200
		"lokaler":           -270000, // −300 000 × 900 / 1000
		"bidrag":            4,       // no annual budget: kept
		"kop-av-verksamhet": -67,     // evenly: no outcome last year
		"ovrigt":            -5,      // evenly
	}
	if pb := amountsOf(drift, ColPeriodBudget); !equalAmounts(pb, want) {
		t.Errorf("period_budget %v, want %v", pb, want)
	}
	note := strings.Join(drift.Derived, " ")
	for _, s := range []string{"fjolårets månadsprofil", "2020", "Rad kop-av-verksamhet och Rad ovrigt", "jämnt"} {
		if !strings.Contains(note, s) {
			t.Errorf("derived %q lacks %q", note, s)
		}
	}
	// The ledger also filled this year's outcome, and says so.
	if !strings.Contains(note, "bokföringen") {
		t.Errorf("derived %q does not name the ledger", note)
	}

	// No outcome last year at all: every row is spread evenly and the note says why.
	l = &LedgerData{Outcome: []LedgerEntry{e("5010", 202102, 1)}}
	got, _ = ApplyLedger(budgeted(PeriodisePriorYear), l)
	if pb := amountsOf(&got.MoneyTables[0], ColPeriodBudget); pb["lokaler"] != -200000 {
		t.Errorf("without last year: %v", pb)
	}
	if note := strings.Join(got.MoneyTables[0].Derived, " "); !strings.Contains(note, "finns inte") {
		t.Errorf("derived %q", note)
	}

	// Last year's ledger only through August (an earlier tertial's file): no profile, or
	// the whole budget would land in January–August.
	var partial []LedgerEntry
	for _, x := range out {
		if x.Month <= 202008 || x.Month > 202012 {
			partial = append(partial, x)
		}
	}
	got, _ = ApplyLedger(budgeted(PeriodisePriorYear), &LedgerData{Outcome: partial})
	if pb := amountsOf(&got.MoneyTables[0], ColPeriodBudget); pb["personal"] != -800001 {
		t.Errorf("with last year through August only: %v, want the even -800001", pb)
	}
	if note := strings.Join(got.MoneyTables[0].Derived, " "); !strings.Contains(note, "till och med december 2020") {
		t.Errorf("derived %q", note)
	}

	// Profiles that give no share of the year are spread evenly: premises' January–August
	// nets to a refund (900 − 1 000) while the year is a cost (another sign), and "other"
	// books more in January–August than in the whole year.
	odd := append(append([]LedgerEntry{}, out...), e("6110", 202004, -1000), e("6110", 202012, 1000), e("7010", 202002, 100), e("7010", 202011, -60))
	got, _ = ApplyLedger(budgeted(PeriodisePriorYear), &LedgerData{Outcome: odd})
	pb := amountsOf(&got.MoneyTables[0], ColPeriodBudget)
	if pb["lokaler"] != -200000 || pb["ovrigt"] != -5 || pb["personal"] != -800001 {
		t.Errorf("unusable profiles: %v", pb)
	}
	if note := strings.Join(got.MoneyTables[0].Derived, " "); !strings.Contains(note, "Rad lokaler") || !strings.Contains(note, "Rad ovrigt") {
		t.Errorf("derived %q does not name the rows spread evenly", note)
	}

	// A table without a mapping cannot take last year's profile from the ledger.
	per := budgeted(PeriodisePriorYear)
	per.MoneyTables[0].Rows = per.MoneyTables[0].Rows[:1]
	got, _ = ApplyLedger(per, &LedgerData{Outcome: out})
	if note := strings.Join(got.MoneyTables[0].Derived, " "); !strings.Contains(note, "ingen kontomappning") {
		t.Errorf("without a mapping: %q", note)
	}

	// A budget per month from the ledger (#PBUDGET) wins over the rule.
	l = &LedgerData{Outcome: out, Budget: []LedgerEntry{e("5010", 202101, 1000)}}
	got, _ = ApplyLedger(budgeted(PeriodisePriorYear), l)
	if pb := amountsOf(&got.MoneyTables[0], ColPeriodBudget); pb["personal"] != -1000 || pb["lokaler"] != 0 {
		t.Errorf("with #PBUDGET: %v", pb)
	}
}

func TestMulDivRound(t *testing.T) {
	for _, c := range []struct{ a, n, d, want int64 }{
		{10, 1, 4, 3}, {-10, 1, 4, -3}, {10, 1, -4, -3}, {9, 1, 4, 2}, {-9, 1, 4, -2},
		{7, 2, 3, 5}, {0, 5, 7, 0},
		// The product exceeds 64 bits: 9e17 × 3e3 / 1e4.
		{900_000_000_000_000_000, 3000, 10000, 270_000_000_000_000_000},
	} {
		if got := mulDivRound(c.a, c.n, c.d); got != c.want {
			t.Errorf("%d × %d / %d = %d, want %d", c.a, c.n, c.d, got, c.want)
		}
	}
}

func equalAmounts(a, b map[string]Amount) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

func TestValidatePeriodisation(t *testing.T) {
	per := budgeted("monthly")
	var v validator
	v.moneyTable("t", &per.MoneyTables[0], map[string]bool{})
	if !strings.Contains(fmt.Sprint(v.problems), "okänd periodisering") {
		t.Errorf("unknown rule: %s", fmt.Sprint(v.problems))
	}
	per = budgeted(PeriodiseEven)
	per.MoneyTables[0].Columns = []MoneyColumn{ColBudget, ColPeriodOutcome}
	v = validator{}
	v.moneyTable("t", &per.MoneyTables[0], map[string]bool{})
	if !strings.Contains(fmt.Sprint(v.problems), "period_budget") {
		t.Errorf("missing column: %s", fmt.Sprint(v.problems))
	}
}
