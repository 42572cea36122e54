package report

import (
	"strconv"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/sv"
)

// The economy of a municipality's annual report (issue 16): the balanskravsutredning, the
// financial goals with the assessment of god ekonomisk hushållning, and the five-year
// overview, computed from the statements of the years the ledger holds
// (tertial.ComputeBalanceRequirement, EvaluateFinancialGoal, AssessGoodManagement,
// FiveYearOverview) and the economy's entered data (Dataset.Economy).

// economyYears is how many years back the economy sections read the ledger's statements.
const economyYears = 5

// yearFigures returns the statement figures of the report's year (through its cut-off)
// and of the four years before it (whole years), for the years the unit's ledger holds.
// In a period that ends before December with a forecast for the year entered, the
// report's year's figures are the forecast's (Statements.ForecastFigures), and
// b.figuresForecast says so: a delårsrapport judges the balance requirement and the
// financial goals on the forecast for the whole year (RKR R17).
func (b *builder) yearFigures() map[int]tertial.Figures {
	if b.figures != nil {
		return b.figures
	}
	b.figures = map[int]tertial.Figures{}
	l := b.per.LedgerOf(b.ds.Ledger)
	if l == nil {
		return b.figures
	}
	year := b.per.Cutoff.Year()
	layout := b.ds.StatementLayoutOrDefault()
	// The report's year: the statements the report shows, with the forecast an interim
	// period has.
	if st, err := b.statements(); err == nil && st != nil {
		if f := st.ForecastFigures(); f != nil {
			b.figures[year], b.figuresForecast = tertial.Figures(f), true
		} else {
			b.figures[year] = tertial.Figures(st.Figures())
		}
	}
	// The years before it, whole.
	for y := year - economyYears + 1; y < year; y++ {
		ly := l.Year(b.unit.ID, y, y*100+12)
		if len(ly.Accounts) == 0 {
			continue
		}
		var prior *tertial.LedgerYear
		if p := l.Year(b.unit.ID, y-1, (y-1)*100+12); len(p.Accounts) > 0 {
			prior = &p
		}
		st, err := tertial.BuildStatements(layout, &ly, prior, tertial.StatementOptions{})
		if err != nil {
			continue
		}
		b.figures[y] = tertial.Figures(st.Figures())
	}
	return b.figures
}

// economyYearHead is an economy table's column heading of a year: the year, "Prognos
// 2025" for the report's year judged on its forecast, or the months ("jan–aug 2025") for
// the report's year of an interim period without a forecast.
func (b *builder) economyYearHead(year int) string {
	b.yearFigures()
	cut := b.per.Cutoff
	switch {
	case year != cut.Year() || cut.Month() == 12:
		return strconv.Itoa(year)
	case b.figuresForecast:
		return "Prognos " + strconv.Itoa(year)
	default:
		return statementYearHead(year, year*100+int(cut.Month()))
	}
}

// balanceRowsOf are the rows of the balanskravsutredning's table: the last year's, with
// every row an earlier year has and the last year lacks (an adjustment made in 2023 but
// not in 2025) put in after the row it follows in that year, so that each column adds up.
func balanceRowsOf(years []*tertial.BalanceYear) []tertial.BalanceRow {
	last := years[len(years)-1]
	rows := append([]tertial.BalanceRow(nil), last.Rows...)
	index := func(key string) int {
		for i, r := range rows {
			if r.Key == key {
				return i
			}
		}
		return -1
	}
	for _, y := range years[:len(years)-1] {
		at := 0
		for _, r := range y.Rows {
			if i := index(r.Key); i >= 0 {
				at = i + 1
				continue
			}
			rows = append(rows[:at], append([]tertial.BalanceRow{r}, rows[at:]...)...)
			at++
		}
	}
	return rows
}

// balanceRequirementBlocks is the balanskravsutredning of the report's year and the two
// before it, and the deficits still to be restored.
func (b *builder) balanceRequirementBlocks(sec *Section) {
	year := b.per.Cutoff.Year()
	br := tertial.ComputeBalanceRequirement(&b.ds.Economy, b.yearFigures(), year)
	var years []*tertial.BalanceYear
	for y := year - 2; y <= year; y++ {
		if by := br.Year(y); by != nil {
			years = append(years, by)
		}
	}
	if len(years) == 0 {
		sec.Blocks = append(sec.Blocks, &Notice{Text: "Balanskravsutredningen kan inte göras: årets resultat saknas (ingen bokföring för året)."})
		return
	}
	head := []HeadCell{{Text: "Belopp i " + string(StatementUnit)}}
	for _, y := range years {
		head = append(head, HeadCell{Text: b.economyYearHead(y.Year), Numeric: true})
	}
	t := &Table{ID: b.id("balanskravsutredning-tabell"), Class: "money balance-requirement", Caption: "Balanskravsutredning (" + string(StatementUnit) + ")", Head: [][]HeadCell{head}}
	last := years[len(years)-1]
	for _, r := range balanceRowsOf(years) {
		row := Row{ID: t.ID + "-" + r.Key, Header: Cell{Text: r.Label}}
		if r.Sum {
			row.Class = "sum"
		}
		for _, y := range years {
			if yr := y.Row(r.Key); yr != nil {
				row.Cells = append(row.Cells, amountCell(strconv.Itoa(y.Year), yr.Amount, StatementUnit, StatementPrecision))
			} else {
				row.Cells = append(row.Cells, Cell{Col: strconv.Itoa(y.Year), Text: "–", Hidden: "saknas", Numeric: true})
			}
		}
		t.Rows = append(t.Rows, row)
	}
	seenNote := map[string]bool{}
	for _, y := range years {
		for _, r := range y.Rows {
			for _, reason := range r.Reasons {
				note := r.Label + ": " + reason
				if y != last {
					note = r.Label + " " + strconv.Itoa(y.Year) + ": " + reason
				}
				if !seenNote[note] {
					seenNote[note] = true
					t.Notes = append(t.Notes, note)
				}
			}
		}
	}
	sec.Blocks = append(sec.Blocks, t)
	result := sv.Amount(last.BalanceResult, StatementUnit, StatementPrecision) + " " + string(StatementUnit)
	met := "Balanskravet är uppfyllt " + strconv.Itoa(last.Year) + ": balanskravsresultatet är " + result + "."
	if !last.Met() {
		met = "Balanskravet är inte uppfyllt " + strconv.Itoa(last.Year) + ": balanskravsresultatet är " + result + " och ska återställas."
	}
	switch {
	case last.Year != b.per.Cutoff.Year() || b.per.Cutoff.Month() == 12:
	case b.figuresForecast && last.Met():
		met = "Balanskravet bedöms bli uppfyllt " + strconv.Itoa(last.Year) + ": enligt helårsprognosen blir balanskravsresultatet " + result + "."
	case b.figuresForecast:
		met = "Balanskravet bedöms inte bli uppfyllt " + strconv.Itoa(last.Year) + ": enligt helårsprognosen blir balanskravsresultatet " + result + ", som ska återställas inom tre år."
	default:
		met = "Balanskravet kan inte bedömas för helåret " + strconv.Itoa(last.Year) + " eftersom ingen helårsprognos är angiven; kolumnen " + b.economyYearHead(last.Year) +
			" visar periodens utfall, där balanskravsresultatet är " + result + "."
	}
	sec.Blocks = append(sec.Blocks, &Paragraph{Text: met, Class: "computed-summary", Ref: "balance_requirement"})
	var open []tertial.Deficit
	for _, d := range br.Deficits {
		if d.Left() > 0 {
			open = append(open, d)
		}
	}
	if len(open) > 0 {
		dt := &Table{ID: b.id("underskott-att-aterstalla"), Class: "money deficits", Caption: "Underskott att återställa (" + string(StatementUnit) + ")",
			Head: [][]HeadCell{{{Text: "Uppkom år"}, {Text: "Underskott", Numeric: true}, {Text: "Kvar att återställa", Numeric: true}, {Text: "Ska vara återställt senast", Numeric: true}}}}
		for _, d := range open {
			dt.Rows = append(dt.Rows, Row{ID: dt.ID + "-" + strconv.Itoa(d.Year), Header: Cell{Text: strconv.Itoa(d.Year)}, Cells: []Cell{
				amountCell("amount", d.Amount, StatementUnit, StatementPrecision), amountCell("left", d.Left(), StatementUnit, StatementPrecision),
				{Col: "restore_by", Text: strconv.Itoa(d.RestoreBy), Numeric: true}}})
		}
		sec.Blocks = append(sec.Blocks, dt)
	}
}

// financialGoalsBlocks is the financial goals' outcomes and the assessment of god
// ekonomisk hushållning from them and the council goals' assessments in the period.
func (b *builder) financialGoalsBlocks(sec *Section) {
	e := &b.ds.Economy
	figs := b.yearFigures()
	var outcomes []tertial.FinancialOutcome
	t := &Table{ID: b.id("finansiella-mal-tabell"), Class: "financial-goals", Caption: "Finansiella mål",
		Head: [][]HeadCell{{{Text: "Mål"}, {Text: "År"}, {Text: "Utfall", Numeric: true}, {Text: "Målvärde", Numeric: true}, {Text: "Bedömning"}}}}
	if b.yearFigures(); b.figuresForecast {
		t.Head[0][2].Text = "Utfall och prognos"
	}
	for i := range e.FinancialGoals {
		g := &e.FinancialGoals[i]
		o := tertial.EvaluateFinancialGoal(g, e, figs)
		outcomes = append(outcomes, o)
		value := Cell{Col: "outcome", Text: "–", Hidden: "kan inte beräknas", Numeric: true}
		if o.Assessment != tertial.FinancialNotAssessable {
			d := o.Value.Round(1)
			value = Cell{Col: "outcome", Text: sv.Decimal(d, 1), Numeric: true, Number: &d}
			if g.Kind.Percent() {
				value.Text += "\u00a0%"
			}
		}
		symbol, class := "○", "financial-not-met"
		switch o.Assessment {
		case tertial.FinancialMet:
			symbol, class = "✔", "financial-met"
		case tertial.FinancialNotAssessable:
			symbol, class = "–", "financial-not-assessable"
		}
		t.Rows = append(t.Rows, Row{ID: t.ID + "-" + g.ID, Header: Cell{Text: g.Title}, Cells: []Cell{
			{Col: "years", Text: g.Years()}, value, {Col: "target", Text: g.TargetText(), Numeric: true},
			{Col: "assessment", Text: tertial.Capitalize(o.Assessment.Name()), Symbol: symbol, Class: class}}})
		if o.Text != "" {
			t.Notes = append(t.Notes, g.Title+": "+o.Text)
		}
	}
	if cut := b.per.Cutoff; cut.Month() != 12 && len(t.Rows) > 0 {
		if b.figuresForecast {
			t.Notes = append(t.Notes, strconv.Itoa(cut.Year())+" bedöms på resultaträkningens helårsprognos per "+sv.LongDate(cut)+".")
		} else {
			t.Notes = append(t.Notes, "Ingen helårsprognos är angiven: "+strconv.Itoa(cut.Year())+" bedöms på periodens utfall "+statementYearHead(cut.Year(), cut.Year()*100+int(cut.Month()))+".")
		}
	}
	if len(t.Rows) > 0 {
		sec.Blocks = append(sec.Blocks, t)
	} else {
		sec.Blocks = append(sec.Blocks, &Notice{Text: "Kommunen har inga finansiella mål inlagda."})
	}
	gm := tertial.AssessGoodManagement(outcomes, b.councilGoalCounts())
	sec.Blocks = append(sec.Blocks, &Paragraph{Text: gm.Reasoning, Class: "computed-summary", Ref: "good_management"})
}

// councilGoalCounts counts the assessments the report's unit made in its period of the
// goals of the top goal level (the council's goals).
func (b *builder) councilGoalCounts() tertial.CouncilGoalCounts {
	var c tertial.CouncilGoalCounts
	if len(b.ds.GoalLevels) == 0 {
		return c
	}
	top := b.ds.GoalLevels[0].ID
	for _, g := range b.ds.Goals {
		if g.Level != top {
			continue
		}
		for _, f := range g.Followups {
			if f.Unit != b.unit.ID || f.Period != b.per.ID {
				continue
			}
			switch f.Assessment {
			case tertial.AssessAchieved:
				c.Achieved++
			case tertial.AssessPartly:
				c.Partly++
			case tertial.AssessNotAchieved:
				c.NotAchieved++
			default:
				c.NotAssessable++
			}
		}
	}
	return c
}

// fiveYearBlocks is the five-year overview: key figures of the report's year and the four
// before it, a missing figure shown as missing.
func (b *builder) fiveYearBlocks(sec *Section) {
	ov := tertial.FiveYearOverview(&b.ds.Economy, b.yearFigures(), b.per.Cutoff.Year())
	head := []HeadCell{{Text: "Nyckeltal"}}
	for _, y := range ov.Years {
		head = append(head, HeadCell{Text: b.economyYearHead(y), Numeric: true})
	}
	t := &Table{ID: b.id("femarsoversikt-tabell"), Class: "five-year", Caption: "Femårsöversikt (belopp i " + string(StatementUnit) + ")", Head: [][]HeadCell{head}}
	for i := range ov.Rows {
		r := &ov.Rows[i]
		row := Row{ID: t.ID + "-" + r.Key, Header: Cell{Text: r.Label}}
		for _, c := range r.Cells {
			row.Cells = append(row.Cells, Cell{Col: strconv.Itoa(c.Year), Text: c.Text(r, StatementUnit), Numeric: true})
		}
		t.Rows = append(t.Rows, row)
	}
	sec.Blocks = append(sec.Blocks, t)
}
