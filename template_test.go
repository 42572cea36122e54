package tertial_test

import (
	"slices"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/demo"
)

// The years an indicator table shows: the chosen number up to the period's year, and the
// base years named by change targets when asked for, each once and in order.
func TestSectionIndicatorYears(t *testing.T) {
	target := func(s string) tertial.Target {
		tg, err := tertial.ParseTarget(s)
		if err != nil {
			t.Fatal(err)
		}
		return tg
	}
	inds := []*tertial.Indicator{
		{Targets: []tertial.YearTarget{{Year: 2023, Target: target("Öka jfr 2019")}}},
		{Targets: []tertial.YearTarget{{Year: 2023, Target: target("+5 % jfr 2019")}}},
		{Targets: []tertial.YearTarget{{Year: 2022, Target: target("Öka jfr 2016")}}}, // another year's target
		{Targets: []tertial.YearTarget{{Year: 2023, Target: target("Minska")}}},       // the year before, shown anyway
		{LongTerm: &tertial.YearTarget{Year: 2030, Target: target("−10 % jfr 2018")}},
		{Targets: []tertial.YearTarget{{Year: 2023, Target: target("≥2")}}},
	}
	for _, c := range []struct {
		section tertial.Section
		want    []int
	}{
		{tertial.Section{}, []int{2021, 2022, 2023}},
		{tertial.Section{Years: 1}, []int{2023}},
		{tertial.Section{Years: 5}, []int{2019, 2020, 2021, 2022, 2023}},
		{tertial.Section{BaseYears: true}, []int{2018, 2019, 2021, 2022, 2023}},
		{tertial.Section{Years: 1, BaseYears: true}, []int{2018, 2019, 2022, 2023}},
	} {
		if got := c.section.IndicatorYears(2023, inds); !slices.Equal(got, c.want) {
			t.Errorf("%+v: %v, want %v", c.section, got, c.want)
		}
	}
}

// With base years, a pooled stage target adds the years it has pooled so far.
func TestSectionIndicatorYearsPooled(t *testing.T) {
	pooled, err := tertial.ParseTarget("≥2 % över 2018–2024")
	if err != nil {
		t.Fatal(err)
	}
	inds := []*tertial.Indicator{{Targets: []tertial.YearTarget{{Year: 2022, Target: pooled}}}}
	for _, c := range []struct {
		section tertial.Section
		want    []int
	}{
		{tertial.Section{}, []int{2020, 2021, 2022}},
		{tertial.Section{BaseYears: true}, []int{2018, 2019, 2020, 2021, 2022}},
	} {
		if got := c.section.IndicatorYears(2022, inds); !slices.Equal(got, c.want) {
			t.Errorf("%+v: %v, want %v", c.section, got, c.want)
		}
	}
}

// A template section whose ref names nothing in a period: the dataset stays valid (a
// template is shared by periods, which may lack what another has), and RefMissing names
// what the period lacks, for each kind of ref.
func TestSectionRefMissing(t *testing.T) {
	ds, err := demo.Dataset()
	if err != nil {
		t.Fatal(err)
	}
	per := ds.Period("ks", "2021-08")
	tmpl := ds.Template(per.Template)
	for _, s := range []tertial.Section{{Kind: tertial.SectionText, Ref: per.Texts[0].ID}, {Kind: tertial.SectionMoneyTable, Ref: per.MoneyTables[0].ID},
		{Kind: tertial.SectionGoals}, {Kind: tertial.SectionSummary, Ref: "economic"}} {
		if msg := s.RefMissing(per); msg != "" {
			t.Errorf("%s %q: %s", s.Kind, s.Ref, msg)
		}
	}
	for _, c := range []struct {
		s    tertial.Section
		want string
	}{
		{tertial.Section{Kind: tertial.SectionText, Ref: "finns-inte"}, `perioden har ingen text "finns-inte"`},
		{tertial.Section{Kind: tertial.SectionMoneyChart, Ref: "finns-inte"}, `perioden har ingen pengatabell "finns-inte"`},
		{tertial.Section{Kind: tertial.SectionNetCostTrend, Ref: per.Texts[0].ID}, `perioden har ingen pengatabell "` + per.Texts[0].ID + `"`},
		{tertial.Section{Kind: tertial.SectionFreeTable, Ref: per.MoneyTables[0].ID}, `perioden har ingen tabell "` + per.MoneyTables[0].ID + `"`},
	} {
		if got := c.s.RefMissing(per); got != c.want {
			t.Errorf("%s %q: %q, want %q", c.s.Kind, c.s.Ref, got, c.want)
		}
		tmpl.Sections = append(tmpl.Sections, c.s)
	}
	if err := ds.Validate(); err != nil {
		t.Errorf("a template naming what a period lacks is refused: %v", err)
	}
}
