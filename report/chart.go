package report

import (
	"strconv"
	"strings"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/compute"
	"github.com/tertial/tertial/sv"
)

// Chart is a chart of figures the report also shows as numbers: renderers draw it (SVG,
// PNG) and place Table, the same figures, next to it, so the chart is never the only way
// to read them.
type Chart struct {
	ID          string
	Kind        string // "line": values over the years; "bar": a value per category and series
	Title       string
	Description string // what the chart shows, in words, for screen readers and alt texts
	Unit        string
	Categories  []string // the x axis: years, rows
	Series      []ChartSeries
	Markers     []ChartMarker // horizontal lines: targets
	Table       *Table
}

// ChartSeries is a named series of values, one per category; nil where there is none.
type ChartSeries struct {
	Name   string
	Values []*tertial.Decimal
	Labels []string // the values as the report prints them
}

// ChartMarker is a labelled horizontal line, such as a target.
type ChartMarker struct {
	Label string
	Value tertial.Decimal
}

func (*Chart) block() {}

// indicatorCharts adds a trend chart for each indicator of the report that has values for
// at least two years, with the stage and long-term targets marked when they are numbers.
func (b *builder) indicatorCharts(sec *Section) {
	year := b.per.Year()
	years := []int{year - 4, year - 3, year - 2, year - 1, year}
	var walk func(parent string)
	walk = func(parent string) {
		for _, g := range b.scope.Children(parent) {
			for _, ind := range b.scope.Indicators(g.ID) {
				if c := indicatorChart(ind, years, year); c != nil {
					sec.Blocks = append(sec.Blocks, c)
				}
			}
			walk(g.ID)
		}
	}
	walk("")
}

func indicatorChart(ind *tertial.Indicator, years []int, year int) *Chart {
	s := ChartSeries{Name: ind.Name}
	n := 0
	var cats []string
	first := -1
	for i, y := range years {
		v := ind.ValueFor(y)
		if v == nil || v.Value == nil {
			if first < 0 {
				continue // leading years without values are left out
			}
			s.Values, s.Labels = append(s.Values, nil), append(s.Labels, "")
		} else {
			if first < 0 {
				first = i
			}
			d := v.Value.Round(ind.Decimals)
			s.Values, s.Labels = append(s.Values, &d), append(s.Labels, sv.Decimal(*v.Value, ind.Decimals))
			n++
		}
		cats = append(cats, strconv.Itoa(y))
	}
	if n < 2 {
		return nil
	}
	name := ind.Name
	if ind.Unit != "" {
		name += " (" + ind.Unit + ")"
	}
	c := &Chart{ID: "diagram-" + ind.ID, Kind: "line", Title: name, Unit: ind.Unit, Categories: cats, Series: []ChartSeries{s}}
	desc := name + ": "
	for i, cat := range cats {
		if s.Labels[i] != "" {
			desc += cat + " " + s.Labels[i] + ", "
		}
	}
	for _, m := range []struct {
		label string
		t     tertial.Target
	}{{"Etappmål " + strconv.Itoa(year), ind.TargetFor(year)}, {"Målvärde", longTerm(ind)}} {
		switch m.t.Kind {
		case tertial.TargetAtLeast, tertial.TargetMoreThan, tertial.TargetAtMost, tertial.TargetLessThan, tertial.TargetValue:
			c.Markers = append(c.Markers, ChartMarker{Label: m.label + " " + sv.Target(m.t), Value: m.t.Value})
			desc += m.label + " " + sv.Target(m.t) + ", "
		}
	}
	c.Description = desc[:len(desc)-2] + "."
	// The years across and the values in one row, so that the table stays as small as the
	// chart it stands under (indicator charts stand two in a row).
	t := &Table{ID: c.ID + "-tabell", Class: "chart-data", Caption: "Värden i diagrammet: " + name,
		Head: [][]HeadCell{{{Text: "År"}}}}
	row := Row{ID: c.ID + "-varden", Header: Cell{Text: "Värde"}}
	for i, cat := range cats {
		t.Head[0] = append(t.Head[0], HeadCell{Text: cat, Numeric: true})
		row.Cells = append(row.Cells, Cell{Col: cat, Text: s.Labels[i], Numeric: true, Number: s.Values[i], Hidden: hiddenIfEmpty(s.Labels[i])})
	}
	t.Rows = []Row{row}
	if len(c.Markers) > 0 {
		var ms []string
		for _, m := range c.Markers {
			ms = append(ms, m.Label)
		}
		t.Notes = []string{strings.Join(ms, "; ")}
	}
	c.Table = t
	return c
}

func hiddenIfEmpty(s string) string {
	if s == "" {
		return "inget värde"
	}
	return ""
}

func longTerm(ind *tertial.Indicator) tertial.Target {
	if ind.LongTerm == nil {
		return tertial.Target{}
	}
	return ind.LongTerm.Target
}

// ChartPair is what a money chart compares: a budget and an outcome or forecast of the
// same period, and the deviation between them (a declared deviation column, or nil when
// the chart computes it).
type ChartPair struct {
	Budget, Actual tertial.MoneyColumnDef
	Deviation      *tertial.MoneyColumnDef
}

// MoneyChartPair returns the columns a money chart compares; ok is false when the table has
// no such pair. A table with the short column list compares budget and forecast. A table
// with declared columns compares the operands of its first deviation that sets a budget
// (budget, revised budget, period budget) against an outcome or forecast (forecast,
// outcome, period outcome); without one, a forecast, or else an outcome, with a budget of
// the same period, a revised budget before an adopted one.
func MoneyChartPair(t *tertial.MoneyTable) (ChartPair, bool) {
	layout := t.Layout()
	if len(t.Declared) == 0 {
		if !t.HasColumn(tertial.ColBudget) || !t.HasColumn(tertial.ColForecast) {
			return ChartPair{}, false
		}
		var p ChartPair
		for _, c := range layout {
			switch c.ID {
			case tertial.ColBudget:
				p.Budget = c
			case tertial.ColForecast:
				p.Actual = c
			}
		}
		return p, true
	}
	byID := map[tertial.MoneyColumn]tertial.MoneyColumnDef{}
	for _, c := range layout {
		byID[c.ID] = c
	}
	budgetRank := map[tertial.ColumnKind]int{tertial.KindRevisedBudget: 1, tertial.KindBudget: 2, tertial.KindPeriodBudget: 2}
	actualRank := map[tertial.ColumnKind]int{tertial.KindForecast: 1, tertial.KindOutcome: 2, tertial.KindPeriodOutcome: 2}
	for i, c := range layout {
		if c.Kind != tertial.KindDeviation || len(c.Of) != 2 {
			continue
		}
		b, a := byID[c.Of[0]], byID[c.Of[1]]
		if budgetRank[b.Kind] > 0 && actualRank[a.Kind] > 0 {
			return ChartPair{Budget: b, Actual: a, Deviation: &layout[i]}, true
		}
	}
	var best ChartPair
	bestRank := 0
	for _, a := range layout {
		for _, b := range layout {
			ra, rb := actualRank[a.Kind], budgetRank[b.Kind]
			if ra == 0 || rb == 0 || a.Period != b.Period {
				continue
			}
			if rank := ra*10 + rb; bestRank == 0 || rank < bestRank {
				best, bestRank = ChartPair{Budget: b, Actual: a}, rank
			}
		}
	}
	return best, bestRank > 0
}

// resultValue is a row's figure of an amount column in result sign.
func resultValue(r *compute.MoneyRow, c *tertial.MoneyColumnDef) (tertial.Amount, bool) {
	if c.Computed() {
		a, ok := r.Computed[c.ID]
		return a, ok
	}
	a, ok := r.Amounts[c.ID]
	return a, ok
}

// moneyChart draws each row of a money table with its budget and its forecast or outcome
// side by side (in the sign the table shows them), and a second chart of the deviations
// (see MoneyChartPair for the columns it compares).
func (b *builder) moneyChart(t *tertial.MoneyTable) []Block {
	p, ok := MoneyChartPair(t)
	if !ok {
		return []Block{&Notice{Text: noChartPair(t)}}
	}
	declared := len(t.Declared) > 0
	// The full year's forecast in the period's word: "prognos", in an annual report "utfall".
	forecast := b.w.Of(tertial.TermForecast)
	if !declared {
		p.Actual.Heading = forecast
	}
	unit := string(t.Unit)
	bh, ah := strings.ToLower(p.Budget.Heading), compute.Lower(p.Actual.Heading)
	barsTitle := t.Title + ": budget och " + ah + " för helåret, " + unit
	devTitle := t.Title + ": avvikelse mot budget, helår, " + unit + " (positiv är bättre än budget)"
	devHeading, devKey := "Avvikelse", "deviation"
	if declared {
		group := p.Actual.Group
		if group == "" {
			group = b.columnGroup(p.Actual.Period)
		}
		group = strings.ToLower(group)
		barsTitle = t.Title + ": " + bh + " och " + ah + ", " + group + ", " + unit
		devTitle = t.Title + ": avvikelse mot " + bh + ", " + group + ", " + unit + " (positiv är bättre än budget)"
		if p.Deviation != nil {
			devHeading, devKey = p.Deviation.Heading, string(p.Deviation.ID)
		}
	}
	bars := &Chart{ID: "diagram-" + t.ID, Kind: "bar", Title: barsTitle, Unit: unit,
		Series: []ChartSeries{{Name: p.Budget.Heading}, {Name: p.Actual.Heading}}}
	devs := &Chart{ID: "diagram-" + t.ID + "-avvikelse", Kind: "bar", Title: devTitle, Unit: unit,
		Series: []ChartSeries{{Name: devHeading}}}
	tbl := &Table{ID: bars.ID + "-tabell", Class: "chart-data", Caption: "Värden i diagrammen: " + t.Title + ", " + unit,
		Head: [][]HeadCell{{{Text: "Rad"}, {Text: p.Budget.Heading, Numeric: true}, {Text: p.Actual.Heading, Numeric: true}, {Text: devHeading, Numeric: true}}}}
	desc, ddesc := bars.Title+": ", devs.Title+": "
	for _, r := range compute.MoneyTable(t) {
		if r.Kind != compute.BaseRow {
			continue
		}
		bud, okB := r.Value(&p.Budget)
		fc, okF := r.Value(&p.Actual)
		rb, _ := resultValue(&r, &p.Budget)
		ra, _ := resultValue(&r, &p.Actual)
		if !okB || !okF {
			continue
		}
		dev := ra - rb
		bars.Categories = append(bars.Categories, r.Label)
		devs.Categories = append(devs.Categories, r.Label)
		row := Row{ID: tbl.ID + "-" + r.ID, Header: Cell{Text: r.Label}}
		for i, a := range []tertial.Amount{bud, fc} {
			d := a.In(t.Unit, t.Precision)
			s := &bars.Series[i]
			s.Values, s.Labels = append(s.Values, &d), append(s.Labels, sv.Decimal(d, t.Precision))
			row.Cells = append(row.Cells, amountCell(string([]tertial.MoneyColumn{p.Budget.ID, p.Actual.ID}[i]), a, t.Unit, t.Precision))
		}
		dv := dev.In(t.Unit, t.Precision)
		devs.Series[0].Values, devs.Series[0].Labels = append(devs.Series[0].Values, &dv), append(devs.Series[0].Labels, sv.Decimal(dv, t.Precision))
		row.Cells = append(row.Cells, amountCell(devKey, dev, t.Unit, t.Precision))
		tbl.Rows = append(tbl.Rows, row)
		desc += r.Label + " " + bh + " " + bars.Series[0].Labels[len(bars.Series[0].Labels)-1] + ", " + ah + " " + bars.Series[1].Labels[len(bars.Series[1].Labels)-1] + "; "
		ddesc += r.Label + " " + devs.Series[0].Labels[len(devs.Series[0].Labels)-1] + "; "
	}
	if len(bars.Categories) == 0 {
		return []Block{&Notice{Text: "Tabellen " + t.ID + " har inga rader med både " + bh + " och " + ah + "."}}
	}
	bars.Description = desc[:len(desc)-2] + "."
	devs.Description = ddesc[:len(ddesc)-2] + "."
	return []Block{bars, devs, tbl}
}

// noChartPair says why a money table has no chart.
func noChartPair(t *tertial.MoneyTable) string {
	if len(t.Declared) == 0 {
		return "Tabellen " + t.ID + " har inte både budget och prognos att jämföra."
	}
	return "Tabellen " + t.ID + " har ingen budget och inget utfall eller ingen prognos för samma period att jämföra (kolumner av slagen budget, revised_budget eller period_budget och forecast, outcome eller period_outcome)."
}
