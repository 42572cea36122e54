package compute_test

import (
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/compute"
)

func ind(direction tertial.Direction, target string, values map[int]string) *tertial.Indicator {
	in := &tertial.Indicator{ID: "x", Direction: direction}
	for y, v := range values {
		d := tertial.MustParseDecimal(v)
		in.Values = append(in.Values, tertial.IndicatorValue{Year: y, Value: &d})
	}
	if target != "" {
		t, err := tertial.ParseTarget(target)
		if err != nil {
			panic(err)
		}
		in.Targets = []tertial.YearTarget{{Year: 2021, Target: t}}
	}
	return in
}

// TestAssessIndicator uses the indicators of the reference report.
func TestAssessIndicator(t *testing.T) {
	H, L := tertial.HigherIsBetter, tertial.LowerIsBetter
	for _, c := range []struct {
		name      string
		direction tertial.Direction
		target    string
		values    map[int]string
		want      compute.Result
	}{
		{"Resultat 5,6 against ≥2", H, "≥2", map[int]string{2021: "5.6"}, compute.Reaches},
		{"Skattesats 19,77 against 19,77, lower is better", L, "19,77", map[int]string{2021: "19.77"}, compute.Reaches},
		{"Skattesats 19,80 against 19,77", L, "19,77", map[int]string{2021: "19.80"}, compute.Approaches},
		{"HME 79 against >80 (within 5 %)", H, ">80", map[int]string{2021: "79"}, compute.Approaches},
		{"HME 80 against >80 (strictly more)", H, ">80", map[int]string{2021: "80"}, compute.Approaches},
		{"HME KS 74 against >80", H, ">80", map[int]string{2021: "74"}, compute.Misses},
		{"Sjukfrånvaro 8,9 against <7,9", L, "<7,9 %", map[int]string{2021: "8.9"}, compute.Misses},
		{"Sjukfrånvaro 7,8 against <7,9", L, "<7,9 %", map[int]string{2021: "7.8"}, compute.Reaches},
		{"E-tjänster 60 against 48", H, "48", map[int]string{2021: "60"}, compute.Reaches},
		{"Budgethållning 0,1 against 0 %", H, "0 %", map[int]string{2021: "0.1"}, compute.Reaches},
		{"Budgethållning −0,1 against 0 % (zero target: no tolerance)", H, "0 %", map[int]string{2021: "-0.1"}, compute.Misses},
		{"Fordon 32,5 against >29 %", H, ">29 %", map[int]string{2021: "32.5"}, compute.Reaches},
		{"Cirkulär 0 against 5 %", H, "5 %", map[int]string{2021: "0"}, compute.Misses},
		{"Cykelväg +6 km against +5,5 km", H, "+5,5 km", map[int]string{2020: "10", 2021: "16"}, compute.Reaches},
		{"Cykelväg +2 km against +5,5 km", H, "+5,5 km", map[int]string{2020: "10", 2021: "12"}, compute.Misses},
		{"Change without last year's value", H, "+5,5 km", map[int]string{2021: "12"}, compute.NotAssessed},
		{"Länssnitt without comparison data", L, "Länssnitt", map[int]string{2021: "8.9"}, compute.NotAssessed},
		{"Plats 13 i länet without comparison data", L, "Plats 13 i länet", map[int]string{2021: "140"}, compute.NotAssessed},
		{"No value", H, "≥2", map[int]string{2020: "3"}, compute.NotAssessed},
		{"No target", H, "", map[int]string{2021: "3"}, compute.NotAssessed},
	} {
		a := compute.AssessIndicator(ind(c.direction, c.target, c.values), 2021)
		if a.Result != c.want {
			t.Errorf("%s: %d (%s), want %d", c.name, a.Result, a.Reason, c.want)
		}
		if a.Result == compute.NotAssessed && a.Reason == "" {
			t.Errorf("%s: no reason given", c.name)
		}
	}
}

func TestToleranceIsPerIndicator(t *testing.T) {
	in := ind(tertial.HigherIsBetter, ">80", map[int]string{2021: "79"})
	zero := tertial.NewDecimal(0, 0)
	in.Tolerance = &zero
	if a := compute.AssessIndicator(in, 2021); a.Result != compute.Misses {
		t.Errorf("with no tolerance 79 against >80 misses, got %d", a.Result)
	}
	wide := tertial.NewDecimal(10, 0)
	in = ind(tertial.LowerIsBetter, "<7,9 %", map[int]string{2021: "8.6"})
	in.Tolerance = &wide
	if a := compute.AssessIndicator(in, 2021); a.Result != compute.Approaches {
		t.Errorf("with 10 %% tolerance 8,6 against <7,9 approaches, got %d", a.Result)
	}
}

func TestProvisionalValues(t *testing.T) {
	in := ind(tertial.HigherIsBetter, "≥2", map[int]string{2021: "5.6"})
	in.Values[0].Kind = tertial.Forecast
	a := compute.AssessIndicator(in, 2021)
	if !a.Provisional() || a.Result != compute.Reaches {
		t.Errorf("forecast: provisional %v result %d", a.Provisional(), a.Result)
	}
}
