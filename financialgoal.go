package tertial

import (
	"fmt"
	"strings"
)

// FinancialGoalKind is what a financial goal measures.
type FinancialGoalKind string

// The kinds of financial goal. Each is a ratio of sums, so that a goal over several years
// is the sum of the years' numerators over the sum of their denominators, never the mean
// of the years' percentages. Row IDs are the statements' (Figures).
const (
	// FinancialResultShare: årets resultat / (skatteintäkter + generella statsbidrag och
	// utjämning), in percent.
	FinancialResultShare FinancialGoalKind = "result_share"
	// FinancialNetCostShare: verksamhetens nettokostnader (as a positive cost) /
	// (skatteintäkter + generella statsbidrag och utjämning), in percent.
	FinancialNetCostShare FinancialGoalKind = "net_cost_share"
	// FinancialEquityRatio (soliditet): eget kapital / summa tillgångar, in percent.
	FinancialEquityRatio FinancialGoalKind = "equity_ratio"
	// FinancialEquityRatioPensions (soliditet inklusive pensionsförpliktelser): (eget
	// kapital − pensionsförpliktelser utanför balansräkningen) / summa tillgångar, in
	// percent; the commitments are the year's entered key figure.
	FinancialEquityRatioPensions FinancialGoalKind = "equity_ratio_pensions"
	// FinancialTaxFinancing (skattefinansieringsgrad av investeringar): (årets resultat +
	// avskrivningar) / nettoinvesteringar, in percent.
	FinancialTaxFinancing FinancialGoalKind = "tax_financing"
	// FinancialSelfFinancing (självfinansieringsgrad av investeringar): kassaflöde från den
	// löpande verksamheten / nettoinvesteringar, in percent.
	FinancialSelfFinancing FinancialGoalKind = "self_financing"
	// FinancialNetInvestmentShare: nettoinvesteringar / (skatteintäkter + generella
	// statsbidrag och utjämning), in percent.
	FinancialNetInvestmentShare FinancialGoalKind = "net_investment_share"
	// FinancialDebtPerInhabitant (låneskuld per invånare): the entered låneskuld / the
	// entered invånare, in kronor.
	FinancialDebtPerInhabitant FinancialGoalKind = "debt_per_inhabitant"
)

// FinancialGoalKinds lists the kinds.
var FinancialGoalKinds = []FinancialGoalKind{FinancialResultShare, FinancialNetCostShare, FinancialEquityRatio,
	FinancialEquityRatioPensions, FinancialTaxFinancing, FinancialSelfFinancing, FinancialNetInvestmentShare,
	FinancialDebtPerInhabitant}

// Name returns what the kind measures, in Swedish.
func (k FinancialGoalKind) Name() string {
	switch k {
	case FinancialResultShare:
		return "Årets resultat i procent av skatteintäkter och generella statsbidrag"
	case FinancialNetCostShare:
		return "Verksamhetens nettokostnader i procent av skatteintäkter och generella statsbidrag"
	case FinancialEquityRatio:
		return "Soliditet"
	case FinancialEquityRatioPensions:
		return "Soliditet inklusive pensionsförpliktelser"
	case FinancialTaxFinancing:
		return "Skattefinansieringsgrad av investeringar"
	case FinancialSelfFinancing:
		return "Självfinansieringsgrad av investeringar"
	case FinancialNetInvestmentShare:
		return "Nettoinvesteringar i procent av skatteintäkter och generella statsbidrag"
	case FinancialDebtPerInhabitant:
		return "Låneskuld per invånare"
	}
	return string(k)
}

// Percent reports whether the kind's outcome is in percent; otherwise it is in kronor.
func (k FinancialGoalKind) Percent() bool { return k != FinancialDebtPerInhabitant }

// Comparison says whether a financial goal's outcome must be at least or at most its
// target.
type Comparison string

// The comparisons.
const (
	AtLeast Comparison = "at_least" // ≥
	AtMost  Comparison = "at_most"  // ≤
)

// Comparisons lists the comparisons.
var Comparisons = []Comparison{AtLeast, AtMost}

// FinancialGoal is a financial goal the council set: what it measures, the target and
// whether the outcome must reach or stay under it, over the years From–To pooled (one
// year when From = To): "resultatet ska uppgå till minst 2 % av skatteintäkter och
// generella statsbidrag över perioden 2023–2025" is {result_share, at_least, 2, 2023,
// 2025}.
type FinancialGoal struct {
	ID         string
	Title      string
	Kind       FinancialGoalKind
	Comparison Comparison
	// Target is in percent for a kind in percent (2 is 2 %), in kronor otherwise.
	Target   Decimal
	From, To int
}

// MaxFinancialGoalYears is the longest range of years a financial goal may pool.
const MaxFinancialGoalYears = 10

// Validate checks a financial goal: the ID, the title, the kind, the comparison, and the
// years.
func (g *FinancialGoal) Validate() []Problem {
	var ps problems
	if !ValidID(g.ID) {
		ps.add("id", "ogiltigt id %q: använd små bokstäver a–z, siffror, '-', '_' och '.'", g.ID)
	}
	if strings.TrimSpace(g.Title) == "" {
		ps.add("title", "värde saknas")
	}
	ps.text("title", g.Title)
	if !oneOf(g.Kind, FinancialGoalKinds) {
		ps.add("kind", "okänt mått %q: ska vara ett av %s", g.Kind, list(FinancialGoalKinds))
	}
	if !oneOf(g.Comparison, Comparisons) {
		ps.add("comparison", "okänd jämförelse %q: ska vara at_least (minst) eller at_most (högst)", g.Comparison)
	}
	ps.year("from", g.From)
	ps.year("to", g.To)
	switch {
	case g.To < g.From:
		ps.add("to", "perioden slutar %d, före sitt första år %d", g.To, g.From)
	case g.To-g.From >= MaxFinancialGoalYears:
		ps.add("to", "perioden %s är längre än %d år", YearRange(g.From, g.To), MaxFinancialGoalYears)
	}
	return ps
}

// Years returns the period's years, or one year.
func (g *FinancialGoal) Years() string {
	if g.From == g.To {
		return fmt.Sprint(g.From)
	}
	return YearRange(g.From, g.To)
}

// TargetText writes the target in Swedish: "minst 2 %", "högst 50 000 kr".
func (g *FinancialGoal) TargetText() string {
	word := "minst"
	if g.Comparison == AtMost {
		word = "högst"
	}
	return word + " " + swedishNumber(g.Target, g.Target.Scale()) + "\u00a0" + g.unit()
}

func (g *FinancialGoal) unit() string {
	if g.Kind.Percent() {
		return "%"
	}
	return "kr"
}

// FinancialAssessment is a financial goal's outcome against its target.
type FinancialAssessment string

// The assessments.
const (
	FinancialMet           FinancialAssessment = "met"            // uppfyllt
	FinancialNotMet        FinancialAssessment = "not_met"        // ej uppfyllt
	FinancialNotAssessable FinancialAssessment = "not_assessable" // kan inte bedömas
)

// Name returns the assessment in Swedish.
func (a FinancialAssessment) Name() string {
	switch a {
	case FinancialMet:
		return "uppfyllt"
	case FinancialNotMet:
		return "ej uppfyllt"
	}
	return "kan inte bedömas"
}

// FinancialPart is one year's part of a financial goal's outcome: its numerator and
// denominator (kronor, or inhabitants for låneskuld per invånare), or what is missing.
type FinancialPart struct {
	Year                   int
	Numerator, Denominator Decimal
	Missing                []string
}

// OutcomeDecimals is the number of decimals an outcome is computed to; reports round it
// once more to what they show. The assessment compares the exact ratio, not this.
const OutcomeDecimals = 4

// FinancialOutcome is a financial goal's computed outcome.
type FinancialOutcome struct {
	Goal  FinancialGoal
	Parts []FinancialPart
	// Numerator and Denominator are the pooled sums; Value is Numerator / Denominator
	// (× 100 for a kind in percent) to OutcomeDecimals, when Assessment is not
	// FinancialNotAssessable.
	Numerator, Denominator Decimal
	Value                  Decimal
	Assessment             FinancialAssessment
	// Missing names what is missing ("skatteintäkter 2024"), or why the outcome cannot be
	// computed.
	Missing []string
	// Text says it in Swedish: "Utfall 2023–2025: 2,3 % (mål: minst 2 %). Uppfyllt."
	Text string
}

// NetInvestments returns the year's nettoinvesteringar: the investing activities' net
// outflow in the kassaflödesanalys (investments less sales and investment grants), as a
// positive amount.
func NetInvestments(f Figures) (Amount, bool) {
	a, ok := f.Get(FigureInvestingCashFlow)
	return -a, ok
}

// EvaluateFinancialGoal computes the goal's outcome over its years from the statements'
// figures and the entered key figures, and assesses it against the target. A year or a
// figure missing, or a pooled denominator not above zero, leaves the goal not assessable,
// with what is missing named.
func EvaluateFinancialGoal(g *FinancialGoal, e *Economy, figures map[int]Figures) FinancialOutcome {
	out := FinancialOutcome{Goal: *g, Assessment: FinancialNotAssessable}
	for y := g.From; y <= g.To; y++ {
		p := financialPart(g.Kind, y, figures[y], e.KeyFiguresOf(y))
		out.Parts = append(out.Parts, p)
		out.Missing = append(out.Missing, p.Missing...)
		if len(p.Missing) == 0 {
			var err1, err2 error
			out.Numerator, err1 = out.Numerator.Add(p.Numerator)
			out.Denominator, err2 = out.Denominator.Add(p.Denominator)
			if err1 != nil || err2 != nil {
				out.Missing = append(out.Missing, "talen är för stora")
			}
		}
	}
	if len(out.Missing) > 0 {
		out.Text = fmt.Sprintf("Utfall %s: kan inte beräknas, %s saknas (mål: %s).", g.Years(), joinSwedish(out.Missing), g.TargetText())
		return out
	}
	if out.Denominator.Sign() <= 0 {
		why := fmt.Sprintf("nämnaren %s är inte större än noll", swedishNumber(out.Denominator, 0))
		out.Missing = append(out.Missing, why)
		out.Text = fmt.Sprintf("Utfall %s: kan inte beräknas, %s (mål: %s).", g.Years(), why, g.TargetText())
		return out
	}
	factor := DecimalFromInt(1)
	if g.Kind.Percent() {
		factor = DecimalFromInt(100)
	}
	scaled, err := out.Numerator.Mul(factor)
	if err == nil {
		out.Value, err = scaled.Quo(out.Denominator, OutcomeDecimals)
	}
	var bound Decimal
	if err == nil {
		bound, err = g.Target.Mul(out.Denominator)
	}
	if err != nil {
		out.Missing = append(out.Missing, "talen är för stora")
		out.Text = fmt.Sprintf("Utfall %s: kan inte beräknas (mål: %s).", g.Years(), g.TargetText())
		return out
	}
	// Exact: numerator × factor against target × denominator (the denominator is positive).
	c := scaled.Cmp(bound)
	if (g.Comparison == AtLeast && c >= 0) || (g.Comparison == AtMost && c <= 0) {
		out.Assessment = FinancialMet
	} else {
		out.Assessment = FinancialNotMet
	}
	// One decimal, or more where one would show the target itself for a goal not met.
	decimals := 1
	if !g.Kind.Percent() {
		decimals = 0
	}
	for out.Assessment == FinancialNotMet && decimals < OutcomeDecimals && out.Value.Round(decimals).Equal(g.Target) {
		decimals++
	}
	shown := swedishNumber(out.Value, decimals)
	if out.Assessment == FinancialNotMet && out.Value.Round(decimals).Equal(g.Target) {
		// Within OutcomeDecimals of the target, on the wrong side.
		if g.Comparison == AtLeast {
			shown = "strax under " + shown
		} else {
			shown = "strax över " + shown
		}
	}
	out.Text = fmt.Sprintf("Utfall %s: %s\u00a0%s (mål: %s). %s.", g.Years(), shown, g.unit(), g.TargetText(),
		upperFirst(out.Assessment.Name()))
	return out
}

// financialPart returns one year's numerator and denominator of the kind.
func financialPart(kind FinancialGoalKind, year int, f Figures, k *EconomyKeyFigures) FinancialPart {
	p := FinancialPart{Year: year}
	if kind == FinancialDebtPerInhabitant {
		if k == nil || k.LoanDebt == nil {
			p.Missing = append(p.Missing, fmt.Sprintf("låneskuld %d", year))
		} else {
			p.Numerator = k.LoanDebt.Exact(Kr)
		}
		if k == nil || k.Inhabitants == nil {
			p.Missing = append(p.Missing, fmt.Sprintf("invånare %d", year))
		} else {
			p.Denominator = DecimalFromInt(*k.Inhabitants)
		}
		return p
	}
	if f == nil {
		p.Missing = append(p.Missing, fmt.Sprintf("bokslutssiffror %d", year))
		return p
	}
	get := func(row string) Amount {
		a, ok := f.Get(row)
		if !ok {
			p.Missing = append(p.Missing, fmt.Sprintf("%s %d", figureNames[row], year))
		}
		return a
	}
	revenue := func() Amount { return get(FigureTaxRevenue) + get(FigureGeneralGrants) }
	netInvestments := func() Amount {
		a, ok := NetInvestments(f)
		if !ok {
			p.Missing = append(p.Missing, fmt.Sprintf("nettoinvesteringar (%s) %d", figureNames[FigureInvestingCashFlow], year))
		}
		return a
	}
	var num, den Amount
	switch kind {
	case FinancialResultShare:
		num, den = get(FigureYearResult), revenue()
	case FinancialNetCostShare:
		num, den = -get(FigureNetCosts), revenue()
	case FinancialEquityRatio:
		num, den = get(FigureEquity), get(FigureTotalAssets)
	case FinancialEquityRatioPensions:
		num, den = get(FigureEquity), get(FigureTotalAssets)
		if k == nil || k.PensionCommitments == nil {
			p.Missing = append(p.Missing, fmt.Sprintf("pensionsförpliktelser utanför balansräkningen %d", year))
		} else {
			num -= *k.PensionCommitments
		}
	case FinancialTaxFinancing:
		// Avskrivningar are a cost, negative in the resultaträkning: adding them back.
		num, den = get(FigureYearResult)-get(FigureDepreciation), netInvestments()
	case FinancialSelfFinancing:
		num, den = get(FigureOperatingCashFlow), netInvestments()
	case FinancialNetInvestmentShare:
		num, den = netInvestments(), revenue()
	default:
		p.Missing = append(p.Missing, fmt.Sprintf("måttet %q", kind))
	}
	p.Numerator, p.Denominator = num.Exact(Kr), den.Exact(Kr)
	return p
}

// joinSwedish joins items as Swedish lists them: "a, b och c".
func joinSwedish(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " och " + items[len(items)-1]
}

func upperFirst(s string) string {
	for i, r := range s {
		return strings.ToUpper(string(r)) + s[i+len(string(r)):]
	}
	return s
}
