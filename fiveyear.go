package tertial

import "strconv"

// OverviewMissing is what the five-year overview shows for a figure it does not have:
// never 0, which would be a figure.
const OverviewMissing = "saknas"

// OverviewKind is how an overview row's figures are written.
type OverviewKind string

// The kinds of overview row.
const (
	OverviewAmount  OverviewKind = "amount"  // money, in öre (Cell.Amount), shown in the report's unit
	OverviewCount   OverviewKind = "count"   // a whole number (Cell.Number): invånare, anställda
	OverviewPercent OverviewKind = "percent" // a percentage (Cell.Number): soliditet, skattesats
)

// OverviewCell is one figure of the overview.
type OverviewCell struct {
	Year    int
	Missing bool    // the figure is not there: shown as OverviewMissing
	Amount  Amount  // for OverviewAmount
	Number  Decimal // for OverviewCount and OverviewPercent; a percentage to OutcomeDecimals
}

// OverviewRow is a key figure over the years.
type OverviewRow struct {
	Key   string // stable: "invanare", "soliditet" …
	Label string // Swedish
	Kind  OverviewKind
	// Decimals is how many decimals the row is shown with (an amount's in its unit).
	Decimals int
	Cells    []OverviewCell // one per year of the table, in its order
}

// OverviewTable is the five-year overview (femårsöversikt): key figures by year, oldest
// year first.
type OverviewTable struct {
	Years []int
	Rows  []OverviewRow
}

// Row returns the row with the key, or nil.
func (t *OverviewTable) Row(key string) *OverviewRow {
	for i := range t.Rows {
		if t.Rows[i].Key == key {
			return &t.Rows[i]
		}
	}
	return nil
}

// The rows of the five-year overview, by key.
const (
	OverviewInhabitants    = "invanare"
	OverviewTaxRate        = "skattesats"
	OverviewNetCosts       = "nettokostnad"
	OverviewResult         = "arets-resultat"
	OverviewNetInvestments = "nettoinvesteringar"
	OverviewEquityRatio    = "soliditet"
	OverviewEquityPensions = "soliditet-inkl-pensioner"
	OverviewLoanDebt       = "laneskuld"
	OverviewPensions       = "pensionsatagande"
	OverviewEmployees      = "anstallda"
)

// FiveYearOverview returns the overview of the five years ending with last, from each
// year's statement figures and its entered key figures:
//
//   - Invånare 31 december, Skattesats (%) and Anställda: entered (EconomyKeyFigures);
//   - Låneskuld: entered, else the balansräkning's långfristiga skulder;
//   - Verksamhetens nettokostnader (as the resultaträkning shows them, negative) and Årets
//     resultat: the resultaträkning;
//   - Nettoinvesteringar: the kassaflödesanalys (NetInvestments);
//   - Soliditet (%): eget kapital / summa tillgångar;
//   - Soliditet inklusive pensionsförpliktelser (%): the same less the commitments outside
//     the balance sheet;
//   - Pensionsåtagande: avsättningar för pensioner plus the commitments outside the
//     balance sheet (both needed).
//
// A year without figures, or a figure it lacks, is a missing cell, never 0.
func FiveYearOverview(e *Economy, figures map[int]Figures, last int) *OverviewTable {
	t := &OverviewTable{}
	for y := last - 4; y <= last; y++ {
		t.Years = append(t.Years, y)
	}
	type source func(y int, f Figures, k *EconomyKeyFigures) OverviewCell
	fig := func(row string, negate bool) source {
		return func(y int, f Figures, _ *EconomyKeyFigures) OverviewCell {
			a, ok := f.Get(row)
			if negate {
				a = -a
			}
			return OverviewCell{Year: y, Missing: !ok, Amount: a}
		}
	}
	ratio := func(y int, num, den Amount, ok bool) OverviewCell {
		if !ok || den <= 0 {
			return OverviewCell{Year: y, Missing: true}
		}
		n, err := num.Exact(Kr).Mul(DecimalFromInt(100))
		var v Decimal
		if err == nil {
			v, err = n.Quo(den.Exact(Kr), OutcomeDecimals)
		}
		return OverviewCell{Year: y, Missing: err != nil, Number: v}
	}
	rows := []struct {
		key, label string
		kind       OverviewKind
		decimals   int
		cell       source
	}{
		{OverviewInhabitants, "Invånare 31 december", OverviewCount, 0, func(y int, _ Figures, k *EconomyKeyFigures) OverviewCell {
			if k == nil || k.Inhabitants == nil {
				return OverviewCell{Year: y, Missing: true}
			}
			return OverviewCell{Year: y, Number: DecimalFromInt(*k.Inhabitants)}
		}},
		{OverviewTaxRate, "Skattesats (%)", OverviewPercent, 2, func(y int, _ Figures, k *EconomyKeyFigures) OverviewCell {
			if k == nil || k.TaxRate == nil {
				return OverviewCell{Year: y, Missing: true}
			}
			return OverviewCell{Year: y, Number: *k.TaxRate}
		}},
		{OverviewNetCosts, "Verksamhetens nettokostnader", OverviewAmount, 0, fig(FigureNetCosts, false)},
		{OverviewResult, "Årets resultat", OverviewAmount, 0, fig(FigureYearResult, false)},
		{OverviewNetInvestments, "Nettoinvesteringar", OverviewAmount, 0, fig(FigureInvestingCashFlow, true)},
		{OverviewEquityRatio, "Soliditet (%)", OverviewPercent, 1, func(y int, f Figures, _ *EconomyKeyFigures) OverviewCell {
			eq, ok1 := f.Get(FigureEquity)
			assets, ok2 := f.Get(FigureTotalAssets)
			return ratio(y, eq, assets, ok1 && ok2)
		}},
		{OverviewEquityPensions, "Soliditet inklusive pensionsförpliktelser (%)", OverviewPercent, 1, func(y int, f Figures, k *EconomyKeyFigures) OverviewCell {
			eq, ok1 := f.Get(FigureEquity)
			assets, ok2 := f.Get(FigureTotalAssets)
			ok3 := k != nil && k.PensionCommitments != nil
			if ok3 {
				eq -= *k.PensionCommitments
			}
			return ratio(y, eq, assets, ok1 && ok2 && ok3)
		}},
		{OverviewLoanDebt, "Låneskuld", OverviewAmount, 0, func(y int, f Figures, k *EconomyKeyFigures) OverviewCell {
			if k != nil && k.LoanDebt != nil {
				return OverviewCell{Year: y, Amount: *k.LoanDebt}
			}
			if debt, ok := f.Get(FigureLongTermDebt); ok {
				return OverviewCell{Year: y, Amount: debt}
			}
			return OverviewCell{Year: y, Missing: true}
		}},
		{OverviewPensions, "Pensionsåtagande inklusive löneskatt", OverviewAmount, 0, func(y int, f Figures, k *EconomyKeyFigures) OverviewCell {
			prov, ok := f.Get(FigurePensionProvisions)
			if !ok || k == nil || k.PensionCommitments == nil {
				return OverviewCell{Year: y, Missing: true}
			}
			return OverviewCell{Year: y, Amount: prov + *k.PensionCommitments}
		}},
		{OverviewEmployees, "Anställda", OverviewCount, 0, func(y int, _ Figures, k *EconomyKeyFigures) OverviewCell {
			if k == nil || k.Employees == nil {
				return OverviewCell{Year: y, Missing: true}
			}
			return OverviewCell{Year: y, Number: DecimalFromInt(*k.Employees)}
		}},
	}
	for _, r := range rows {
		row := OverviewRow{Key: r.key, Label: r.label, Kind: r.kind, Decimals: r.decimals}
		for _, y := range t.Years {
			// A nil Figures answers every Get with "absent".
			row.Cells = append(row.Cells, r.cell(y, figures[y], e.KeyFiguresOf(y)))
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// Text writes the cell the Swedish way: an amount in unit with the row's decimals, a
// number with them, or OverviewMissing.
func (c OverviewCell) Text(r *OverviewRow, unit AmountUnit) string {
	switch {
	case c.Missing:
		return OverviewMissing
	case r.Kind == OverviewAmount:
		return swedishNumber(c.Amount.In(unit, r.Decimals), r.Decimals)
	}
	return swedishNumber(c.Number, r.Decimals)
}

// Strings returns the table as text, a header row of the years and a row per key figure,
// amounts in unit: what a report or a test reads.
func (t *OverviewTable) Strings(unit AmountUnit) [][]string {
	head := []string{""}
	for _, y := range t.Years {
		head = append(head, strconv.Itoa(y))
	}
	out := [][]string{head}
	for i := range t.Rows {
		r := &t.Rows[i]
		line := []string{r.Label}
		for _, c := range r.Cells {
			line = append(line, c.Text(r, unit))
		}
		out = append(out, line)
	}
	return out
}
