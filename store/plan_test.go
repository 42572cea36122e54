package store_test

import (
	"strings"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/report"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
	"github.com/tertial/tertial/sv"
)

// tkr is an amount in thousands of kronor.
func tkr(t *testing.T, s string) tertial.Amount {
	t.Helper()
	a, err := tertial.ParseAmount(s, tertial.Tkr, 0)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// moneyRow is the row of a period's money table as stored.
func moneyRow(t *testing.T, db *store.DB, unit, period, table, row string) tertial.MoneyRow {
	t.Helper()
	ds, err := db.Dataset(ctx, "0126")
	if err != nil {
		t.Fatal(err)
	}
	p := ds.Period(unit, period)
	if p == nil {
		t.Fatalf("no period %s/%s", unit, period)
	}
	for i := range p.MoneyTables {
		if p.MoneyTables[i].ID == table {
			for _, r := range p.MoneyTables[i].Leaves() {
				if r.ID == row {
					return r
				}
			}
		}
	}
	t.Fatalf("no row %s/%s in %s/%s", table, row, unit, period)
	return tertial.MoneyRow{}
}

// frameFindings are the findings of check about budget frames.
func frameFindings(t *testing.T, db *store.DB, period string) []string {
	t.Helper()
	ds, err := db.Dataset(ctx, "0126")
	if err != nil {
		t.Fatal(err)
	}
	fs, err := report.Check(ds, "ks", period)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range fs {
		if strings.Contains(f.What, "ramen i") {
			out = append(out, f.String())
		}
	}
	return out
}

// TestFollowupMeasuresAgainstPlan: the year's plan is given budget frames and decided; the
// first follow-up made from it carries the frames, and check says where its budget has
// come to differ from them, naming the plan and its decision.
func TestFollowupMeasuresAgainstPlan(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		if err := db.ReplaceDataset(ctx, load(t, "demo")); err != nil {
			t.Fatal(err)
		}
		plan, err := db.CreatePeriod(ctx, "controller", "0126", tertial.PeriodSpec{Unit: "ks", ID: "plan-2022", Kind: tertial.PeriodPlan,
			Title: "Mål och budget 2022", Start: day("2022-01-01"), Cutoff: day("2022-12-31"), From: "2021-08"})
		if err != nil {
			t.Fatal(err)
		}
		// A plan made from last year's report keeps none of its budget: next year's frames
		// are next year's decision.
		if r := moneyRow(t, db, "ks", plan.ID, "drift", "personal"); len(r.Amounts) != 0 {
			t.Errorf("the plan carried %v", r.Amounts)
		}
		planRef := store.PeriodRef{Municipality: "0126", Unit: "ks", Period: plan.ID}
		for row, amount := range map[string]string{"personal": "-230000", "intakter": "50000"} {
			a := tkr(t, amount)
			r := moneyRow(t, db, "ks", plan.ID, "drift", row)
			if _, err := db.SaveMoneyRow(ctx, store.Edit{Actor: "controller", Period: planRef, Version: r.Version}, "drift", row,
				store.MoneyRowEdit{Amounts: map[tertial.MoneyColumn]*tertial.Amount{tertial.ColBudget: &a}}); err != nil {
				t.Fatal(err)
			}
		}
		// An open plan is no frame yet.
		if got := frameFindings(t, db, "2021-08"); len(got) != 0 {
			t.Errorf("another year's report measured against the plan: %v", got)
		}
		if err := db.LockPeriod(ctx, "controller", planRef, store.Decision{Date: day("2021-11-20"), Paragraph: "§ 112"}); err != nil {
			t.Fatal(err)
		}

		t1, err := db.CreatePeriod(ctx, "controller", "0126", tertial.PeriodSpec{Unit: "ks", ID: "2022-04", Kind: tertial.PeriodInterim,
			Title: "Tertialrapport 1 2022", Cutoff: day("2022-04-30"), From: plan.ID})
		if err != nil {
			t.Fatal(err)
		}
		r := moneyRow(t, db, "ks", t1.ID, "drift", "personal")
		if len(r.Amounts) != 1 || r.Amounts[tertial.ColBudget] != tkr(t, "-230000") {
			t.Errorf("the follow-up's personal row: %v, want only the budget −230 000 tkr", r.Amounts)
		}
		if got := frameFindings(t, db, t1.ID); len(got) != 0 {
			t.Errorf("the carried budget differs from the frame: %v", got)
		}

		// The budget changes on one row and is cleared on another.
		ref := store.PeriodRef{Municipality: "0126", Unit: "ks", Period: t1.ID}
		changed := tkr(t, "-231500")
		if _, err := db.SaveMoneyRow(ctx, store.Edit{Actor: "controller", Period: ref, Version: r.Version}, "drift", "personal",
			store.MoneyRowEdit{Amounts: map[tertial.MoneyColumn]*tertial.Amount{tertial.ColBudget: &changed}}); err != nil {
			t.Fatal(err)
		}
		in := moneyRow(t, db, "ks", t1.ID, "drift", "intakter")
		if _, err := db.SaveMoneyRow(ctx, store.Edit{Actor: "controller", Period: ref, Version: in.Version}, "drift", "intakter",
			store.MoneyRowEdit{Amounts: map[tertial.MoneyColumn]*tertial.Amount{tertial.ColBudget: nil}}); err != nil {
			t.Fatal(err)
		}
		// Costs are shown positive on the operating statement's cost rows, so both figures
		// of the personal row are too.
		money := func(s string) string { return sv.WithUnit(sv.Amount(tkr(t, s), tertial.Tkr, 0), "tkr") }
		want := []string{
			"tabell drift, rad intakter (Verksamhetens intäkter): Budgeten för «Verksamhetens intäkter» saknas men ramen i «Mål och budget 2022» (beslut 2021-11-20 § 112) är " + money("50000"),
			"tabell drift, rad personal (Personal): Budgeten för «Personal» är " + money("231500") + " men ramen i «Mål och budget 2022» (beslut 2021-11-20 § 112) är " + money("230000"),
		}
		got := frameFindings(t, db, t1.ID)
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("findings:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		// The annual report made from the interim carries the year's budget as the interim
		// has it (budget only), so it differs from the frame on the same rows.
		if _, err := db.CreatePeriod(ctx, "controller", "0126", tertial.PeriodSpec{Unit: "ks", ID: "2022-12", Kind: tertial.PeriodAnnual,
			Title: "Verksamhetsberättelse 2022", Cutoff: day("2022-12-31"), From: t1.ID}); err != nil {
			t.Fatal(err)
		}
		if r := moneyRow(t, db, "ks", "2022-12", "drift", "personal"); len(r.Amounts) != 1 || r.Amounts[tertial.ColBudget] != changed {
			t.Errorf("the annual report's personal row: %v", r.Amounts)
		}
		if got := frameFindings(t, db, "2022-12"); len(got) != 2 {
			t.Errorf("annual report: %v", got)
		}
	})
}
