package tertial_test

import (
	"slices"
	"testing"

	"github.com/tertial/tertial"
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
