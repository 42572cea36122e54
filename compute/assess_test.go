package compute_test

import (
	"strings"
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

// Change targets measured from a named base year, increases and decreases, and changes in
// percent of the base value against changes in percentage points.
func TestAssessChangeFromBaseYear(t *testing.T) {
	H, L := tertial.HigherIsBetter, tertial.LowerIsBetter
	for _, c := range []struct {
		name      string
		direction tertial.Direction
		target    string
		values    map[int]string
		want      compute.Result
		reason    string // part of the reason, when not assessed
	}{
		{"Besök 110 against more than 2019's 100", H, "Öka jfr 2019", map[int]string{2019: "100", 2020: "120", 2021: "110"}, compute.Reaches, ""},
		{"Besök as many as 2019 is no increase, but within tolerance", H, "Öka jfr 2019", map[int]string{2019: "100", 2021: "100"}, compute.Approaches, ""},
		{"Besök 90 against more than 2019's 100", H, "Öka jfr 2019", map[int]string{2019: "100", 2021: "90"}, compute.Misses, ""},
		{"Öka whatever the direction", L, "Öka jfr 2019", map[int]string{2019: "100", 2021: "110"}, compute.Reaches, ""},
		{"Minska whatever the direction", H, "Minska jfr 2019", map[int]string{2019: "100", 2021: "95"}, compute.Reaches, ""},
		{"Minska from a lower value", H, "Minska jfr 2019", map[int]string{2019: "100", 2021: "120"}, compute.Misses, ""},
		{"Öka alone is against the year before", H, "Öka", map[int]string{2019: "10", 2020: "5", 2021: "6"}, compute.Reaches, ""},
		{"Minska alone is against the year before", H, "Minska", map[int]string{2019: "10", 2020: "5", 2021: "6"}, compute.Misses, ""},
		{"+5 from 2019, not from 2020", H, "+5 jfr 2019", map[int]string{2019: "200", 2020: "204", 2021: "205"}, compute.Reaches, ""},
		{"+5 from 2020 by default", H, "+5", map[int]string{2019: "200", 2020: "204", 2021: "205"}, compute.Misses, ""},
		{"+5 % of 2019's 200 is 10", H, "+5 % jfr 2019", map[int]string{2019: "200", 2021: "210"}, compute.Reaches, ""},
		{"+9,6 of +10 approaches", H, "öka med 5 % jfr 2019", map[int]string{2019: "200", 2021: "209.6"}, compute.Approaches, ""},
		{"+5 of +10 misses", H, "+5 % jfr 2019", map[int]string{2019: "200", 2021: "205"}, compute.Misses, ""},
		{"Energy −5 % of 200, lower is better", L, "−5 %", map[int]string{2020: "200", 2021: "190"}, compute.Reaches, ""},
		{"Energy −2,5 % of −5 %", L, "minska med 5 %", map[int]string{2020: "200", 2021: "195"}, compute.Misses, ""},
		{"Andel +1 percent of 40 is +0,4 points", H, "+1 %", map[int]string{2020: "40", 2021: "40.5"}, compute.Reaches, ""},
		{"Andel +1 point from 40", H, "+1 procentenheter", map[int]string{2020: "40", 2021: "40.5"}, compute.Misses, ""},
		{"Andel bare +1 is in points", H, "+1", map[int]string{2020: "40", 2021: "40.5"}, compute.Misses, ""},
		{"Andel +1 p.e. reached", H, "+1 p.e.", map[int]string{2020: "40", 2021: "41"}, compute.Reaches, ""},
		{"No value for the base year", H, "Öka jfr 2019", map[int]string{2020: "100", 2021: "110"}, compute.NotAssessed, "basåret 2019"},
		{"Relative change without the base year's value", H, "+5 % jfr 2019", map[int]string{2021: "110"}, compute.NotAssessed, "basåret 2019"},
		{"No value for the year before", H, "Öka", map[int]string{2019: "100", 2021: "110"}, compute.NotAssessed, "värde för 2020"},
		{"Base year after the target's year", H, "Öka jfr 2022", map[int]string{2021: "110", 2022: "100"}, compute.NotAssessed, "2022 ligger inte före 2021"},
	} {
		a := compute.AssessIndicator(ind(c.direction, c.target, c.values), 2021)
		if a.Result != c.want {
			t.Errorf("%s: %d (%s), want %d", c.name, a.Result, a.Reason, c.want)
		}
		if c.want == compute.NotAssessed && !strings.Contains(a.Reason, c.reason) {
			t.Errorf("%s: reason %q, want it to say %q", c.name, a.Reason, c.reason)
		}
	}
}
