package report

import (
	"strconv"

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
	t := &Table{ID: c.ID + "-tabell", Class: "chart-data", Caption: "Värden i diagrammet: " + name,
		Head: [][]HeadCell{{{Text: "År"}, {Text: "Värde", Numeric: true}}}}
	for i, cat := range cats {
		t.Rows = append(t.Rows, Row{ID: c.ID + "-" + cat, Header: Cell{Text: cat}, Cells: []Cell{{Col: "value", Text: s.Labels[i], Numeric: true, Number: s.Values[i], Hidden: hiddenIfEmpty(s.Labels[i])}}})
	}
	for _, m := range c.Markers {
		t.Notes = append(t.Notes, m.Label)
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

// moneyChart draws each row of a money table with budget and forecast side by side (in
// the sign the table shows them), and a second chart of the deviations.
func (b *builder) moneyChart(t *tertial.MoneyTable) []Block {
	// The full year's forecast in the period's word: "prognos", in an annual report "utfall".
	forecast := b.w.Of(tertial.TermForecast)
	fcWord := compute.Lower(forecast)
	if !t.HasColumn(tertial.ColBudget) || !t.HasColumn(tertial.ColForecast) {
		return []Block{&Notice{Text: "Tabellen " + t.ID + " har inte både budget och " + fcWord + " att jämföra."}}
	}
	bars := &Chart{ID: "diagram-" + t.ID, Kind: "bar", Title: t.Title + ": budget och " + fcWord + " för helåret, " + string(t.Unit), Unit: string(t.Unit),
		Series: []ChartSeries{{Name: "Budget"}, {Name: forecast}}}
	devs := &Chart{ID: "diagram-" + t.ID + "-avvikelse", Kind: "bar", Title: t.Title + ": avvikelse mot budget, helår, " + string(t.Unit) + " (positiv är bättre än budget)", Unit: string(t.Unit),
		Series: []ChartSeries{{Name: "Avvikelse"}}}
	tbl := &Table{ID: bars.ID + "-tabell", Class: "chart-data", Caption: "Värden i diagrammen: " + t.Title + ", " + string(t.Unit),
		Head: [][]HeadCell{{{Text: "Rad"}, {Text: "Budget", Numeric: true}, {Text: forecast, Numeric: true}, {Text: "Avvikelse", Numeric: true}}}}
	desc, ddesc := bars.Title+": ", devs.Title+": "
	for _, r := range compute.MoneyTable(t) {
		if r.Kind != compute.BaseRow {
			continue
		}
		bud, okB := r.Display(tertial.ColBudget)
		fc, okF := r.Display(tertial.ColForecast)
		if !okB || !okF || r.Deviation == nil {
			continue
		}
		bars.Categories = append(bars.Categories, r.Label)
		devs.Categories = append(devs.Categories, r.Label)
		row := Row{ID: tbl.ID + "-" + r.ID, Header: Cell{Text: r.Label}}
		for i, a := range []tertial.Amount{bud, fc} {
			d := a.In(t.Unit, t.Precision)
			s := &bars.Series[i]
			s.Values, s.Labels = append(s.Values, &d), append(s.Labels, sv.Decimal(d, t.Precision))
			row.Cells = append(row.Cells, amountCell([]string{"budget", "forecast"}[i], a, t.Unit, t.Precision))
		}
		dv := r.Deviation.In(t.Unit, t.Precision)
		devs.Series[0].Values, devs.Series[0].Labels = append(devs.Series[0].Values, &dv), append(devs.Series[0].Labels, sv.Decimal(dv, t.Precision))
		row.Cells = append(row.Cells, amountCell("deviation", *r.Deviation, t.Unit, t.Precision))
		tbl.Rows = append(tbl.Rows, row)
		desc += r.Label + " budget " + bars.Series[0].Labels[len(bars.Series[0].Labels)-1] + ", " + fcWord + " " + bars.Series[1].Labels[len(bars.Series[1].Labels)-1] + "; "
		ddesc += r.Label + " " + devs.Series[0].Labels[len(devs.Series[0].Labels)-1] + "; "
	}
	if len(bars.Categories) == 0 {
		return []Block{&Notice{Text: "Tabellen " + t.ID + " har inga rader med både budget och " + fcWord + "."}}
	}
	bars.Description = desc[:len(desc)-2] + "."
	devs.Description = ddesc[:len(ddesc)-2] + "."
	return []Block{bars, devs, tbl}
}
