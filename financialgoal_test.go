package tertial_test

import (
	"slices"
	"testing"

	"github.com/tertial/tertial"
)

func goalFigures() (*tertial.Economy, map[int]tertial.Figures) {
	e := &tertial.Economy{KeyFigures: []tertial.EconomyKeyFigures{
		{Year: 2023, Inhabitants: intp(20_000), LoanDebt: krp(900_000_000)},
		{Year: 2024, Inhabitants: intp(25_000), LoanDebt: krp(1_100_000_000), PensionCommitments: krp(300_000_000)},
	}}
	figures := map[int]tertial.Figures{
		2022: {"arets-resultat": kr(-9_000_000), "skatteintakter": kr(600_000_000), "generella-statsbidrag": kr(200_000_000)},
		2023: {"arets-resultat": kr(1_000_000), "skatteintakter": kr(600_000_000), "generella-statsbidrag": kr(200_000_000),
			"verksamhetens-nettokostnader": kr(-780_000_000)},
		2024: {"arets-resultat": kr(30_000_000), "skatteintakter": kr(750_000_000), "generella-statsbidrag": kr(250_000_000),
			"verksamhetens-nettokostnader": kr(-975_000_000),
			"avskrivningar":                kr(-40_000_000), "kassaflode-investeringar": kr(-100_000_000), "kassaflode-lopande": kr(85_000_000),
			"eget-kapital": kr(500_000_000), "summa-tillgangar": kr(1_000_000_000)},
	}
	return e, figures
}

func TestFinancialGoalOutcomes(t *testing.T) {
	e, figures := goalFigures()
	for _, c := range []struct {
		goal   tertial.FinancialGoal
		value  string
		assess tertial.FinancialAssessment
		text   string
	}{
		// Pooled: (−9 + 1 + 30) / (800 + 800 + 1 000) = 22 / 2 600 = 0,846153… %; the mean
		// of the three years' percentages would be 0,6667 %.
		{tertial.FinancialGoal{Kind: tertial.FinancialResultShare, Comparison: tertial.AtLeast, Target: tertial.DecimalFromInt(2), From: 2022, To: 2024},
			"0.8462", tertial.FinancialNotMet, "Utfall 2022–2024: 0,8\u00a0% (mål: minst 2\u00a0%). Ej uppfyllt."},
		// 30 / 1 000 = 3 %.
		{tertial.FinancialGoal{Kind: tertial.FinancialResultShare, Comparison: tertial.AtLeast, Target: tertial.DecimalFromInt(2), From: 2024, To: 2024},
			"3.0000", tertial.FinancialMet, "Utfall 2024: 3,0\u00a0% (mål: minst 2\u00a0%). Uppfyllt."},
		// (780 + 975) / (800 + 1 000) = 97,5 % exactly: at most 97,5 is met.
		{tertial.FinancialGoal{Kind: tertial.FinancialNetCostShare, Comparison: tertial.AtMost, Target: tertial.MustParseDecimal("97.5"), From: 2023, To: 2024},
			"97.5000", tertial.FinancialMet, "Utfall 2023–2024: 97,5\u00a0% (mål: högst 97,5\u00a0%). Uppfyllt."},
		// 500 / 1 000 = 50 %; with the commitments (500 − 300) / 1 000 = 20 %.
		{tertial.FinancialGoal{Kind: tertial.FinancialEquityRatio, Comparison: tertial.AtLeast, Target: tertial.DecimalFromInt(50), From: 2024, To: 2024},
			"50.0000", tertial.FinancialMet, "Utfall 2024: 50,0\u00a0% (mål: minst 50\u00a0%). Uppfyllt."},
		{tertial.FinancialGoal{Kind: tertial.FinancialEquityRatioPensions, Comparison: tertial.AtLeast, Target: tertial.DecimalFromInt(25), From: 2024, To: 2024},
			"20.0000", tertial.FinancialNotMet, "Utfall 2024: 20,0\u00a0% (mål: minst 25\u00a0%). Ej uppfyllt."},
		// (30 + 40) / 100 = 70 %; 85 / 100 = 85 %; 100 / 1 000 = 10 %.
		{tertial.FinancialGoal{Kind: tertial.FinancialTaxFinancing, Comparison: tertial.AtLeast, Target: tertial.DecimalFromInt(100), From: 2024, To: 2024},
			"70.0000", tertial.FinancialNotMet, "Utfall 2024: 70,0\u00a0% (mål: minst 100\u00a0%). Ej uppfyllt."},
		{tertial.FinancialGoal{Kind: tertial.FinancialSelfFinancing, Comparison: tertial.AtLeast, Target: tertial.DecimalFromInt(80), From: 2024, To: 2024},
			"85.0000", tertial.FinancialMet, "Utfall 2024: 85,0\u00a0% (mål: minst 80\u00a0%). Uppfyllt."},
		{tertial.FinancialGoal{Kind: tertial.FinancialNetInvestmentShare, Comparison: tertial.AtMost, Target: tertial.DecimalFromInt(10), From: 2024, To: 2024},
			"10.0000", tertial.FinancialMet, "Utfall 2024: 10,0\u00a0% (mål: högst 10\u00a0%). Uppfyllt."},
		// (900 000 000 + 1 100 000 000) / (20 000 + 25 000) = 44 444,44… kr.
		{tertial.FinancialGoal{Kind: tertial.FinancialDebtPerInhabitant, Comparison: tertial.AtMost, Target: tertial.DecimalFromInt(45_000), From: 2023, To: 2024},
			"44444.4444", tertial.FinancialMet, "Utfall 2023–2024: 44\u00a0444\u00a0kr (mål: högst 45\u00a0000\u00a0kr). Uppfyllt."},
		// Missing figures name themselves; the goal cannot be assessed.
		{tertial.FinancialGoal{Kind: tertial.FinancialDebtPerInhabitant, Comparison: tertial.AtMost, Target: tertial.DecimalFromInt(45_000), From: 2022, To: 2023},
			"0", tertial.FinancialNotAssessable, "Utfall 2022–2023: kan inte beräknas, låneskuld 2022 och invånare 2022 saknas (mål: högst 45\u00a0000\u00a0kr)."},
		{tertial.FinancialGoal{Kind: tertial.FinancialTaxFinancing, Comparison: tertial.AtLeast, Target: tertial.DecimalFromInt(100), From: 2023, To: 2024},
			"0", tertial.FinancialNotAssessable, "Utfall 2023–2024: kan inte beräknas, avskrivningar 2023 och nettoinvesteringar (kassaflöde från investeringsverksamheten) 2023 saknas (mål: minst 100\u00a0%)."},
		{tertial.FinancialGoal{Kind: tertial.FinancialResultShare, Comparison: tertial.AtLeast, Target: tertial.DecimalFromInt(2), From: 2024, To: 2025},
			"0", tertial.FinancialNotAssessable, "Utfall 2024–2025: kan inte beräknas, bokslutssiffror 2025 saknas (mål: minst 2\u00a0%)."},
	} {
		o := tertial.EvaluateFinancialGoal(&c.goal, e, figures)
		if o.Value.String() != c.value || o.Assessment != c.assess || o.Text != c.text {
			t.Errorf("%s %s: got %s %s %q\nwant %s %s %q", c.goal.Kind, c.goal.Years(), o.Value, o.Assessment, o.Text, c.value, c.assess, c.text)
		}
	}
}

// The assessment compares exact sums, not the rounded outcome: 15 999 999 kr of 800 000 000
// kr is 1,99999999 %, which shows as 2,0000 to four decimals but does not reach 2 %.
func TestFinancialGoalExactComparison(t *testing.T) {
	figures := map[int]tertial.Figures{2024: {"arets-resultat": kr(15_999_999), "skatteintakter": kr(800_000_000), "generella-statsbidrag": 0}}
	g := tertial.FinancialGoal{Kind: tertial.FinancialResultShare, Comparison: tertial.AtLeast, Target: tertial.DecimalFromInt(2), From: 2024, To: 2024}
	o := tertial.EvaluateFinancialGoal(&g, &tertial.Economy{}, figures)
	if o.Assessment != tertial.FinancialNotMet || o.Value.String() != "2.0000" {
		t.Errorf("got %s %s", o.Value, o.Assessment)
	}
	if o.Text != "Utfall 2024: strax under 2,0000\u00a0% (mål: minst 2\u00a0%). Ej uppfyllt." {
		t.Errorf("text %q", o.Text)
	}
	figures[2024]["arets-resultat"] = kr(16_000_000)
	if o := tertial.EvaluateFinancialGoal(&g, &tertial.Economy{}, figures); o.Assessment != tertial.FinancialMet {
		t.Errorf("exactly 2 %%: %s", o.Assessment)
	}
	// A negative denominator (net investments that are sales) cannot be assessed.
	figures[2024]["kassaflode-investeringar"] = kr(5)
	figures[2024]["kassaflode-lopande"] = kr(5)
	g = tertial.FinancialGoal{Kind: tertial.FinancialSelfFinancing, Comparison: tertial.AtLeast, Target: tertial.DecimalFromInt(100), From: 2024, To: 2024}
	if o := tertial.EvaluateFinancialGoal(&g, &tertial.Economy{}, figures); o.Assessment != tertial.FinancialNotAssessable ||
		o.Text != "Utfall 2024: kan inte beräknas, nämnaren −5 är inte större än noll (mål: minst 100\u00a0%)." {
		t.Errorf("negative denominator: %s %q", o.Assessment, o.Text)
	}
}

func TestFinancialGoalValidation(t *testing.T) {
	ds := minimalDataset()
	ds.Economy.FinancialGoals = []tertial.FinancialGoal{
		{ID: "resultat", Title: "Resultat", Kind: tertial.FinancialResultShare, Comparison: tertial.AtLeast, From: 2023, To: 2025},
		{ID: "resultat", Title: " ", Kind: "profit", Comparison: "more", From: 2025, To: 2023},
		{ID: "Lån", Title: "Lån", Kind: tertial.FinancialDebtPerInhabitant, Comparison: tertial.AtMost, From: 2020, To: 2030},
	}
	want := []string{
		`economy.financial_goals[1].id: id "resultat" finns redan bland de finansiella målen`,
		`economy.financial_goals[2].id: ogiltigt id "Lån": använd små bokstäver a–z, siffror, '-', '_' och '.'`,
		"economy.financial_goals[1].title: värde saknas",
		`economy.financial_goals[1].kind: okänt mått "profit": ska vara ett av result_share, net_cost_share, equity_ratio, equity_ratio_pensions, tax_financing, self_financing, net_investment_share, debt_per_inhabitant`,
		`economy.financial_goals[1].comparison: okänd jämförelse "more": ska vara at_least (minst) eller at_most (högst)`,
		"economy.financial_goals[1].to: perioden slutar 2023, före sitt första år 2025",
		"economy.financial_goals[2].to: perioden 2020–2030 är längre än 10 år",
	}
	var got []string
	for _, p := range ds.Validate() {
		got = append(got, p.String())
	}
	if !slices.Equal(got, want) {
		t.Errorf("got\n%q\nwant\n%q", got, want)
	}
}

func TestGoodManagement(t *testing.T) {
	met := tertial.FinancialOutcome{Assessment: tertial.FinancialMet}
	notMet := tertial.FinancialOutcome{Assessment: tertial.FinancialNotMet}
	na := tertial.FinancialOutcome{Assessment: tertial.FinancialNotAssessable}
	for _, c := range []struct {
		fin     []tertial.FinancialOutcome
		council tertial.CouncilGoalCounts
		assess  tertial.Assessment
		text    string
	}{
		{[]tertial.FinancialOutcome{met, met, met}, tertial.CouncilGoalCounts{Achieved: 7, Partly: 3, NotAchieved: 2}, tertial.AssessAchieved,
			"Alla tre finansiella mål är uppfyllda. Av fullmäktiges tolv mål bedöms sju uppnås, tre uppnås delvis och två inte uppnås. " +
				"God ekonomisk hushållning bedöms därmed uppnås: alla finansiella mål som kan bedömas är uppfyllda och mer än hälften av fullmäktiges bedömda mål uppnås."},
		{[]tertial.FinancialOutcome{met, met, met, notMet}, tertial.CouncilGoalCounts{Achieved: 7, Partly: 3, NotAchieved: 2, NotAssessable: 1}, tertial.AssessPartly,
			"Av de fyra finansiella målen är tre uppfyllda och ett inte uppfyllt. Av fullmäktiges 13 mål bedöms sju uppnås, tre uppnås delvis och två inte uppnås; ett kan inte bedömas. " +
				"God ekonomisk hushållning bedöms därmed uppnås delvis, eftersom inte alla finansiella mål är uppfyllda."},
		// Six of twelve achieved is not more than half.
		{[]tertial.FinancialOutcome{met, met, na}, tertial.CouncilGoalCounts{Achieved: 6, Partly: 1, NotAchieved: 5}, tertial.AssessPartly,
			"Av de tre finansiella målen är två uppfyllda och ett kan inte bedömas. Av fullmäktiges tolv mål bedöms sex uppnås, ett uppnås delvis och fem inte uppnås. " +
				"God ekonomisk hushållning bedöms därmed uppnås delvis, eftersom högst hälften av fullmäktiges bedömda mål uppnås helt."},
		{[]tertial.FinancialOutcome{met, notMet, notMet}, tertial.CouncilGoalCounts{Achieved: 1, Partly: 1, NotAchieved: 2}, tertial.AssessNotAchieved,
			"Av de tre finansiella målen är ett uppfyllt och två inte uppfyllda. Av fullmäktiges fyra mål bedöms ett uppnås, ett uppnås delvis och två inte uppnås. " +
				"God ekonomisk hushållning bedöms därmed inte uppnås, eftersom färre än hälften av de finansiella målen är uppfyllda och högst hälften av fullmäktiges bedömda mål uppnås helt eller delvis."},
		{[]tertial.FinancialOutcome{na}, tertial.CouncilGoalCounts{}, tertial.AssessNotAssessable,
			"Det finansiella målet kan inte bedömas. Inget av fullmäktiges mål har bedömts. " +
				"God ekonomisk hushållning kan därmed inte bedömas, eftersom inget finansiellt mål kan bedömas och inget av fullmäktiges mål har bedömts."},
		{[]tertial.FinancialOutcome{notMet, notMet}, tertial.CouncilGoalCounts{Partly: 1}, tertial.AssessNotAchieved,
			"Inget av de två finansiella målen är uppfyllt. Fullmäktiges enda mål bedöms uppnås delvis. " +
				"God ekonomisk hushållning bedöms därmed inte uppnås, eftersom färre än hälften av de finansiella målen är uppfyllda."},
		{nil, tertial.CouncilGoalCounts{Achieved: 3}, tertial.AssessNotAssessable,
			"Fullmäktige har inga finansiella mål för året. Alla tre av fullmäktiges mål bedöms uppnås. " +
				"God ekonomisk hushållning kan därmed inte bedömas, eftersom inget finansiellt mål kan bedömas."},
	} {
		g := tertial.AssessGoodManagement(c.fin, c.council)
		if g.Assessment != c.assess || g.Reasoning != c.text {
			t.Errorf("%+v %+v:\n got %s %q\nwant %s %q", len(c.fin), c.council, g.Assessment, g.Reasoning, c.assess, c.text)
		}
	}
}

func TestFiveYearOverview(t *testing.T) {
	e, figures := goalFigures()
	e.KeyFigures[1].TaxRate = decp("21.35")
	e.KeyFigures[1].Employees = intp(1_830)
	figures[2024]["avsattningar-pensioner"] = kr(120_000_000)
	tab := tertial.FiveYearOverview(e, figures, 2024)
	if !slices.Equal(tab.Years, []int{2020, 2021, 2022, 2023, 2024}) {
		t.Fatalf("years %v", tab.Years)
	}
	s := "saknas"
	want := [][]string{
		{"", "2020", "2021", "2022", "2023", "2024"},
		{"Invånare 31 december", s, s, s, "20\u00a0000", "25\u00a0000"},
		{"Skattesats (%)", s, s, s, s, "21,35"},
		{"Verksamhetens nettokostnader", s, s, s, "−780", "−975"},
		{"Årets resultat", s, s, "−9", "1", "30"},
		{"Nettoinvesteringar", s, s, s, s, "100"},
		{"Soliditet (%)", s, s, s, s, "50,0"},
		{"Soliditet inklusive pensionsförpliktelser (%)", s, s, s, s, "20,0"},
		{"Låneskuld", s, s, s, "900", "1\u00a0100"},
		{"Pensionsåtagande inklusive löneskatt", s, s, s, s, "420"},
		{"Anställda", s, s, s, s, "1\u00a0830"},
	}
	got := tab.Strings(tertial.Mnkr)
	if !slices.EqualFunc(got, want, slices.Equal) {
		for i := range max(len(got), len(want)) {
			if i >= len(got) || i >= len(want) || !slices.Equal(got[i], want[i]) {
				t.Errorf("row %d:\n got %q\nwant %q", i, at(got, i), at(want, i))
			}
		}
	}
	// A zero is a figure, not a missing one.
	figures[2023]["arets-resultat"] = 0
	tab = tertial.FiveYearOverview(e, figures, 2024)
	if c := tab.Row("arets-resultat").Cells[3]; c.Missing || c.Amount != 0 {
		t.Errorf("2023's zero result: %+v", c)
	}
}

func at(rows [][]string, i int) []string {
	if i < len(rows) {
		return rows[i]
	}
	return nil
}

// TestFiveYearLoanDebtFromBalanceSheet: låneskuld is the entered figure when there is one,
// else the balansräkning's långfristiga skulder; with neither it is missing.
func TestFiveYearLoanDebtFromBalanceSheet(t *testing.T) {
	entered := kr(400_000_000)
	e := &tertial.Economy{KeyFigures: []tertial.EconomyKeyFigures{{Year: 2025, LoanDebt: &entered}}}
	figures := map[int]tertial.Figures{
		2024: {tertial.FigureLongTermDebt: kr(350_000_000)},
		2025: {tertial.FigureLongTermDebt: kr(360_000_000)},
	}
	row := tertial.FiveYearOverview(e, figures, 2025).Row(tertial.OverviewLoanDebt)
	want := map[int]struct {
		missing bool
		amount  tertial.Amount
	}{2023: {missing: true}, 2024: {amount: kr(350_000_000)}, 2025: {amount: entered}}
	for _, c := range row.Cells {
		w, ok := want[c.Year]
		if !ok {
			continue
		}
		if c.Missing != w.missing || (!w.missing && c.Amount != w.amount) {
			t.Errorf("%d: missing %v amount %v, want missing %v amount %v", c.Year, c.Missing, c.Amount, w.missing, w.amount)
		}
	}
}
