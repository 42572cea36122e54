package report_test

import (
	"slices"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/report"
)

// indicatorYears builds the demo's report after change and returns the year columns of the
// indicator table of sjukfranvaro's goal, and the row's figures in them.
func indicatorYears(t *testing.T, change func(ds *tertial.Dataset, goals *tertial.Section)) (years, figures []string) {
	t.Helper()
	ds := demoDataset(t)
	per := ds.Period("ks", "2021-08")
	tpl := ds.Template(per.Template)
	if tpl == nil {
		t.Fatal("the demo's period has no template")
	}
	var goals *tertial.Section
	var find func(ss []tertial.Section)
	find = func(ss []tertial.Section) {
		for i := range ss {
			if ss[i].Kind == tertial.SectionGoals && goals == nil {
				goals = &ss[i]
			}
			find(ss[i].Sections)
		}
	}
	find(tpl.Sections)
	if goals == nil {
		t.Fatal("the demo's template has no goals section")
	}
	change(ds, goals)
	doc, err := report.Build(ds, "ks", "2021-08")
	if err != nil {
		t.Fatal(err)
	}
	var table *report.Table
	var walk func(ss []*report.Section)
	walk = func(ss []*report.Section) {
		for _, s := range ss {
			for _, b := range s.Blocks {
				if tb, ok := b.(*report.Table); ok && tb.ID == "indikatorer-kf-arbetsgivare" && table == nil {
					table = tb
				}
			}
			walk(s.Sections)
		}
	}
	walk(doc.Sections)
	if table == nil {
		t.Fatal("no indicator table for kf-arbetsgivare")
	}
	for _, h := range table.Head[0][1:] {
		if len(h.Text) == 4 {
			years = append(years, h.Text)
		}
	}
	for _, r := range table.Rows {
		if r.ID == "indikator-sjukfranvaro" {
			for _, c := range r.Cells[:len(years)] {
				figures = append(figures, c.Text)
			}
		}
	}
	return years, figures
}

// A goals section shows three years by default, as many as it asks for, and with
// base_years the year a change target is compared with, with its value.
func TestIndicatorTableYears(t *testing.T) {
	baseTarget := func(ds *tertial.Dataset) {
		for i := range ds.Indicators {
			if ind := &ds.Indicators[i]; ind.ID == "sjukfranvaro" {
				ind.TargetEntry(2021).Target = tertial.Target{Kind: tertial.TargetDecrease, Base: 2016}
				v := tertial.MustParseDecimal("7.2")
				ind.Values = append(ind.Values, tertial.IndicatorValue{Year: 2016, Value: &v})
			}
		}
	}
	for _, c := range []struct {
		name    string
		change  func(ds *tertial.Dataset, goals *tertial.Section)
		years   []string
		figures []string
	}{
		{"default", func(ds *tertial.Dataset, goals *tertial.Section) { baseTarget(ds) },
			[]string{"2019", "2020", "2021"}, []string{"8,0", "9,9", "8,9"}},
		{"five years", func(ds *tertial.Dataset, goals *tertial.Section) { goals.Years = 5 },
			[]string{"2017", "2018", "2019", "2020", "2021"}, []string{"", "", "8,0", "9,9", "8,9"}},
		{"one year", func(ds *tertial.Dataset, goals *tertial.Section) { goals.Years = 1 },
			[]string{"2021"}, []string{"8,9"}},
		{"base years", func(ds *tertial.Dataset, goals *tertial.Section) { baseTarget(ds); goals.BaseYears = true },
			[]string{"2016", "2019", "2020", "2021"}, []string{"7,2", "8,0", "9,9", "8,9"}},
		{"base years, none named", func(ds *tertial.Dataset, goals *tertial.Section) { goals.BaseYears = true },
			[]string{"2019", "2020", "2021"}, []string{"8,0", "9,9", "8,9"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			years, figures := indicatorYears(t, c.change)
			if !slices.Equal(years, c.years) || !slices.Equal(figures, c.figures) {
				t.Errorf("years %q with %q, want %q with %q", years, figures, c.years, c.figures)
			}
		})
	}
}
