package tertial

import (
	"testing"
	"time"
)

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// planWithFrames is Kommunstyrelsen's plan for 2026, decided on 20 November 2025: an
// operating statement with the old column list and an investment table with declared
// columns, every column holding an amount, a comment on a row.
func planWithFrames() Period {
	all := func(budget Amount) map[MoneyColumn]Amount {
		return map[MoneyColumn]Amount{ColBudget: budget, ColForecast: budget + 100_00, ColPeriodBudget: budget / 2,
			ColPeriodOutcome: budget / 3, ColPriorOutcome: budget / 4}
	}
	return Period{Unit: "ks", ID: "plan-2026", Kind: PeriodPlan, Title: "Mål och budget 2026",
		Start: date(2026, 1, 1), Cutoff: date(2026, 12, 31), State: PeriodLocked,
		DecisionDate: date(2025, 11, 20), DecisionParagraph: "§ 112",
		MoneyTables: []MoneyTable{
			{ID: "drift", Title: "Driftredovisning", Unit: Tkr, Columns: []MoneyColumn{ColBudget, ColForecast, ColPeriodBudget, ColPeriodOutcome, ColPriorOutcome},
				Rows: []MoneyRow{
					{ID: "intakter", Label: "Intäkter", Amounts: all(5_000_000_00), Comment: "Som planerat."},
					{ID: "kostnader", Label: "Kostnader", Group: true, Rows: []MoneyRow{
						{ID: "personal", Label: "Personal", Amounts: all(-12_000_000_00)},
						{ID: "lokaler", Label: "Lokaler", Amounts: map[MoneyColumn]Amount{ColForecast: -300_00}},
					}},
				}},
			{ID: "invest", Title: "Investeringar", Unit: Tkr,
				Declared: []MoneyColumnDef{
					{ID: "ram", Kind: KindBudget},
					{ID: "andring", Kind: KindBudgetChange},
					{ID: "period", Kind: KindBudget, Period: PeriodPeriod},
					{ID: "utfall", Kind: KindOutcome},
					{ID: "kvar", Kind: KindRemaining, Of: []MoneyColumn{"ram", "utfall"}},
				},
				Rows: []MoneyRow{{ID: "skola", Label: "Ny skola", Amounts: map[MoneyColumn]Amount{"ram": -40_000_000_00, "andring": -1_000_000_00,
					"period": -20_000_000_00, "utfall": -5_000_000_00}}}},
		},
	}
}

// leafAmounts lists every leaf's amounts by row ID.
func leafAmounts(t *MoneyTable) map[string]map[MoneyColumn]Amount {
	out := map[string]map[MoneyColumn]Amount{}
	for _, r := range t.Leaves() {
		out[r.ID] = r.Amounts
	}
	return out
}

// TestNewPeriodFromPlanCarriesFrames: a follow-up made from its year's plan carries the
// plan's budget for the whole year, and nothing else that was entered: no forecast,
// outcome, period budget, budget change or comment.
func TestNewPeriodFromPlanCarriesFrames(t *testing.T) {
	plan := planWithFrames()
	p := NewPeriod(PeriodSpec{Unit: "ks", ID: "2026-04", Kind: PeriodInterim, Title: "Tertialrapport 1 2026",
		Cutoff: date(2026, 4, 30), From: plan.ID}, &plan)
	if p.State != PeriodOpen || !p.DecisionDate.IsZero() || p.DecisionParagraph != "" {
		t.Errorf("the plan's decision came along: %+v", p)
	}
	drift := leafAmounts(&p.MoneyTables[0])
	want := map[string]map[MoneyColumn]Amount{
		"intakter":  {ColBudget: 5_000_000_00},
		"personal":  {ColBudget: -12_000_000_00},
		"lokaler":   {},
		"kostnader": nil, // a group: no leaf
	}
	for id, w := range want {
		if w == nil {
			if _, ok := drift[id]; ok {
				t.Errorf("group %s listed as a leaf", id)
			}
			continue
		}
		got := drift[id]
		if len(got) != len(w) {
			t.Errorf("drift/%s: %v, want %v", id, got, w)
		}
		for c, a := range w {
			if got[c] != a {
				t.Errorf("drift/%s %s: %v, want %v", id, c, got[c], a)
			}
		}
	}
	if c := p.MoneyTables[0].Rows[0].Comment; c != "" {
		t.Errorf("comment carried: %q", c)
	}
	inv := leafAmounts(&p.MoneyTables[1])["skola"]
	if len(inv) != 1 || inv["ram"] != -40_000_000_00 {
		t.Errorf("invest/skola: %v, want only ram −40 000 000", inv)
	}
	// The plan is as it was.
	if plan.MoneyTables[0].Rows[0].Amounts[ColForecast] != 5_000_100_00 || len(plan.MoneyTables[1].Rows[0].Amounts) != 4 {
		t.Errorf("the plan changed: %+v", plan.MoneyTables)
	}
	// The carried map is the new period's own.
	p.MoneyTables[0].Rows[0].Amounts[ColBudget] = 1
	if plan.MoneyTables[0].Rows[0].Amounts[ColBudget] != 5_000_000_00 {
		t.Error("the new period shares the plan's amounts")
	}
}

// TestNewPeriodBudgetOnlyWithinTheYear: a follow-up made from an earlier follow-up of its
// year keeps the year's budget; a plan, and a period made from another year's, keep none.
func TestNewPeriodBudgetOnlyWithinTheYear(t *testing.T) {
	plan := planWithFrames()
	t1 := NewPeriod(PeriodSpec{Unit: "ks", ID: "2026-04", Kind: PeriodInterim, Cutoff: date(2026, 4, 30), From: plan.ID}, &plan)
	t1.MoneyTables[0].Rows[0].Amounts[ColForecast] = 4_900_000_00
	t1.MoneyTables[0].Rows[0].Comment = "Lägre intäkter."
	cases := []struct {
		name       string
		spec       PeriodSpec
		from       *Period
		wantBudget bool
	}{
		{"annual from the year's interim", PeriodSpec{Kind: PeriodAnnual, Cutoff: date(2026, 12, 31)}, &t1, true},
		{"interim from the year's interim", PeriodSpec{Kind: PeriodInterim, Cutoff: date(2026, 8, 31)}, &t1, true},
		{"next year's plan from this year's", PeriodSpec{Kind: PeriodPlan, Start: date(2027, 1, 1), Cutoff: date(2027, 12, 31)}, &plan, false},
		{"next year's interim from this year's plan", PeriodSpec{Kind: PeriodInterim, Cutoff: date(2027, 4, 30)}, &plan, false},
		{"next year's interim from this year's", PeriodSpec{Kind: PeriodInterim, Cutoff: date(2027, 4, 30)}, &t1, false},
		{"a plan from the year's interim", PeriodSpec{Kind: PeriodPlan, Cutoff: date(2026, 12, 31)}, &t1, false},
	}
	for _, c := range cases {
		c.spec.Unit, c.spec.ID, c.spec.From = "ks", "ny", c.from.ID
		p := NewPeriod(c.spec, c.from)
		if CarriesBudget(c.from, &p) != c.wantBudget {
			t.Errorf("%s: CarriesBudget %v", c.name, !c.wantBudget)
		}
		got := leafAmounts(&p.MoneyTables[0])["intakter"]
		if c.wantBudget && (len(got) != 1 || got[ColBudget] != 5_000_000_00) || !c.wantBudget && len(got) != 0 {
			t.Errorf("%s: intakter %v", c.name, got)
		}
		if r := p.MoneyTables[0].Rows[0]; r.Comment != "" {
			t.Errorf("%s: comment %q carried", c.name, r.Comment)
		}
	}
}

// TestFrameColumns: the budget columns for the whole year, entered, of both column forms.
func TestFrameColumns(t *testing.T) {
	plan := planWithFrames()
	if got := plan.MoneyTables[0].FrameColumns(); len(got) != 1 || got[0] != ColBudget {
		t.Errorf("old columns: %v", got)
	}
	if got := plan.MoneyTables[1].FrameColumns(); len(got) != 1 || got[0] != "ram" {
		t.Errorf("declared columns: %v", got)
	}
	noBudget := MoneyTable{Columns: []MoneyColumn{ColForecast, ColPeriodBudget}}
	if got := noBudget.FrameColumns(); len(got) != 0 {
		t.Errorf("no budget column: %v", got)
	}
}

// TestBudgetFrames: a follow-up's frames are those of the unit's decided plan of its year;
// an open plan decides nothing, another unit's or year's plan is not its, and of two
// decided plans the one decided last counts.
func TestBudgetFrames(t *testing.T) {
	plan := planWithFrames()
	draft := planWithFrames()
	draft.ID, draft.State, draft.DecisionDate, draft.DecisionParagraph = "plan-2026-utkast", PeriodOpen, time.Time{}, ""
	draft.MoneyTables[0].Rows[0].Amounts[ColBudget] = 1
	other := planWithFrames()
	other.Unit = "bun"
	next := planWithFrames()
	next.ID, next.Start, next.Cutoff = "plan-2027", date(2027, 1, 1), date(2027, 12, 31)
	t1 := Period{Unit: "ks", ID: "2026-04", Kind: PeriodInterim, Cutoff: date(2026, 4, 30)}
	ds := &Dataset{Periods: []Period{draft, plan, other, next, t1}}

	got, frames := ds.BudgetFrames(&ds.Periods[4])
	if got == nil || got.ID != "plan-2026" || got.Unit != "ks" {
		t.Fatalf("plan %+v", got)
	}
	if frames["drift"]["intakter"] != 5_000_000_00 || frames["drift"]["personal"] != -12_000_000_00 || frames["invest"]["skola"] != -40_000_000_00 {
		t.Errorf("frames %v", frames)
	}
	if _, ok := frames["drift"]["lokaler"]; ok {
		t.Error("a row without a budget has a frame")
	}
	if p, f := ds.BudgetFrames(&ds.Periods[1]); p != nil || f != nil {
		t.Error("a plan measures against a plan")
	}
	// Without the decided plan there is nothing to measure against: the draft is no frame.
	ds.Periods = []Period{draft, other, next, t1}
	if p, _ := ds.BudgetFrames(&ds.Periods[3]); p != nil {
		t.Errorf("frames from %s", p.ID)
	}
	// A revised plan decided later wins over the first decision.
	revised := planWithFrames()
	revised.ID, revised.DecisionDate = "plan-2026-rev", date(2026, 6, 15)
	revised.MoneyTables[0].Rows[0].Amounts[ColBudget] = 5_500_000_00
	ds.Periods = []Period{revised, plan, t1}
	if p, f := ds.BudgetFrames(&ds.Periods[2]); p == nil || p.ID != "plan-2026-rev" || f["drift"]["intakter"] != 5_500_000_00 {
		t.Errorf("revised plan: %v %v", p, f)
	}
}
