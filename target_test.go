package tertial_test

import (
	"testing"

	"github.com/tertial/tertial"
)

// Every target form of the reference report (DOMAIN.md §3), and a few more users write.
func TestParseTargetForms(t *testing.T) {
	d := tertial.MustParseDecimal
	for _, c := range []struct {
		in   string
		want tertial.Target
	}{
		{"≥2", tertial.Target{Kind: tertial.TargetAtLeast, Value: d("2")}},
		{">80", tertial.Target{Kind: tertial.TargetMoreThan, Value: d("80")}},
		{"<7,9 %", tertial.Target{Kind: tertial.TargetLessThan, Value: d("7.9"), Unit: "%"}},
		{"<4 %", tertial.Target{Kind: tertial.TargetLessThan, Value: d("4"), Unit: "%"}},
		{"0 %", tertial.Target{Kind: tertial.TargetValue, Value: d("0"), Unit: "%"}},
		{"48", tertial.Target{Kind: tertial.TargetValue, Value: d("48")}},
		{"19,77", tertial.Target{Kind: tertial.TargetValue, Value: d("19.77")}},
		{"+5,5 km", tertial.Target{Kind: tertial.TargetChange, Value: d("5.5"), Unit: "km"}},
		{"+50 km", tertial.Target{Kind: tertial.TargetChange, Value: d("50"), Unit: "km"}},
		{"100 %", tertial.Target{Kind: tertial.TargetValue, Value: d("100"), Unit: "%"}},
		{"1", tertial.Target{Kind: tertial.TargetValue, Value: d("1")}},
		{"85 %", tertial.Target{Kind: tertial.TargetValue, Value: d("85"), Unit: "%"}},
		{">29 %", tertial.Target{Kind: tertial.TargetMoreThan, Value: d("29"), Unit: "%"}},
		{"<137", tertial.Target{Kind: tertial.TargetLessThan, Value: d("137")}},
		{"0,84", tertial.Target{Kind: tertial.TargetValue, Value: d("0.84")}},
		{"Länssnitt", tertial.Target{Kind: tertial.TargetCountyAverage}},
		{"Rikssnitt", tertial.Target{Kind: tertial.TargetNationalAverage}},
		{"Topp tre i länet", tertial.Target{Kind: tertial.TargetTopInCounty, N: 3}},
		{"Plats 13 i länet", tertial.Target{Kind: tertial.TargetRankInCounty, N: 13}},
		{"≤110 kWh/kvm", tertial.Target{Kind: tertial.TargetAtMost, Value: d("110"), Unit: "kWh/kvm"}},
		{"−10 %", tertial.Target{Kind: tertial.TargetChange, Value: d("-10"), Unit: "%"}},
		{"≥−2", tertial.Target{Kind: tertial.TargetAtLeast, Value: d("-2")}},
		{"1 000 kr", tertial.Target{Kind: tertial.TargetValue, Value: d("1000"), Unit: "kr"}},
		{"", tertial.Target{}},
		// Changes against a named base year, and increases and decreases.
		{"öka jfr 2022", tertial.Target{Kind: tertial.TargetIncrease, Base: 2022}},
		{"Minska jämfört med 2019", tertial.Target{Kind: tertial.TargetDecrease, Base: 2019}},
		{"öka", tertial.Target{Kind: tertial.TargetIncrease}},
		{"MINSKA", tertial.Target{Kind: tertial.TargetDecrease}},
		{"öka med 5 % jfr 2022", tertial.Target{Kind: tertial.TargetChange, Value: d("5"), Unit: "%", Base: 2022}},
		{"minska med 2,5 km", tertial.Target{Kind: tertial.TargetChange, Value: d("-2.5"), Unit: "km"}},
		{"+5 jfr 2022", tertial.Target{Kind: tertial.TargetChange, Value: d("5"), Base: 2022}},
		{"−3 kr jfr. 2020", tertial.Target{Kind: tertial.TargetChange, Value: d("-3"), Unit: "kr", Base: 2020}},
		// Percentage points, written out or abbreviated.
		{"+2 procentenheter", tertial.Target{Kind: tertial.TargetChange, Value: d("2"), Unit: tertial.PointsUnit}},
		{"+2 p.e.", tertial.Target{Kind: tertial.TargetChange, Value: d("2"), Unit: tertial.PointsUnit}},
		{"-1,5 procentenhet jfr 2021", tertial.Target{Kind: tertial.TargetChange, Value: d("-1.5"), Unit: tertial.PointsUnit, Base: 2021}},
		{"minska med 3 p.e.", tertial.Target{Kind: tertial.TargetChange, Value: d("-3"), Unit: tertial.PointsUnit}},
	} {
		got, err := tertial.ParseTarget(c.in)
		if err != nil {
			t.Errorf("ParseTarget(%q): %v", c.in, err)
			continue
		}
		if got.Kind != c.want.Kind || !got.Value.Equal(c.want.Value) || got.Unit != c.want.Unit || got.N != c.want.N || got.Base != c.want.Base {
			t.Errorf("ParseTarget(%q) = %+v, want %+v", c.in, got, c.want)
		}
	}
}

// Each form the report prints is printed back exactly as written.
func TestTargetPrintsBackTheSame(t *testing.T) {
	for _, s := range []string{"≥2", ">80", "<7,9 %", "<4 %", "0 %", "48", "19,77", "+5,5 km", "+50 km",
		"100 %", "1", "85 %", ">29 %", "<137", "0,84", "5 %", "50 %", "32 %", "40 %", "Länssnitt",
		"Topp tre i länet", "Plats 13 i länet", "Rikssnitt", "Topp 15 i länet", "−10 %", "≤4", "Öka jfr 2022", "Minska jfr 2019", "Öka", "Minska",
		"+5 % jfr 2022", "+5 jfr 2022", "−2,5 km jfr 2020", "+2 procentenheter", "−0,5 procentenheter jfr 2021", ""} {
		got, err := tertial.ParseTarget(s)
		if err != nil {
			t.Errorf("ParseTarget(%q): %v", s, err)
			continue
		}
		if got.String() != s {
			t.Errorf("ParseTarget(%q).String() = %q", s, got.String())
		}
	}
}

// Variants users type are read and printed in the canonical form.
func TestTargetNormalises(t *testing.T) {
	for in, want := range map[string]string{
		">=2": "≥2", "<= 4": "≤4", "Topp 3 i länet": "Topp tre i länet", "topp tre i länet": "Topp tre i länet",
		"länssnitt": "Länssnitt", "-10 %": "−10 %", "1 000 kr": "1000 kr", " 48 ": "48", "7,9%": "7,9 %",
		"öka jämfört med 2022": "Öka jfr 2022", "minska JFR 2022": "Minska jfr 2022", "öka med 5 % jfr 2022": "+5 % jfr 2022",
		"minska med 10 %": "−10 %", "+2 p.e.": "+2 procentenheter", "+2 %-enheter": "+2 procentenheter",
		"+5 jämfört med 2022": "+5 jfr 2022",
	} {
		got, err := tertial.ParseTarget(in)
		if err != nil {
			t.Errorf("ParseTarget(%q): %v", in, err)
		} else if got.String() != want {
			t.Errorf("ParseTarget(%q).String() = %q, want %q", in, got.String(), want)
		}
	}
}

func TestParseTargetErrors(t *testing.T) {
	for _, bad := range []string{"hög", "≥", "Topp i länet", "Topp tre", "Plats noll i länet", "Plats 0 i länet",
		"ungefär 5", "5 5 5", ">> 3", "12 2021", "Länssnitt +1",
		"jfr 2022", "öka jfr", "öka jfr 22", "öka jfr 2022 2023", "≥2 jfr 2022", "48 jfr 2022", "Länssnitt jfr 2022",
		"öka med", "öka med −5", "öka 5", "minska med mycket", "≥2 procentenheter", "48 p.e.", "öka jfr 2022 km"} {
		if got, err := tertial.ParseTarget(bad); err == nil {
			t.Errorf("ParseTarget(%q) = %+v, want error", bad, got)
		} else if tertial.ErrorCode(err) != tertial.EINVALID {
			t.Errorf("ParseTarget(%q): code %q", bad, tertial.ErrorCode(err))
		}
	}
}

// A change without a unit on an indicator in percent is in percentage points, and says so;
// nothing else changes.
func TestTargetExplicit(t *testing.T) {
	for _, c := range []struct{ target, unit, want string }{
		{"+2", "%", "+2 procentenheter"},
		{"−0,5 jfr 2019", "procent", "−0,5 procentenheter jfr 2019"},
		{"+2", "km", "+2"},
		{"+2", "", "+2"},
		{"+2 %", "%", "+2 %"},
		{"+2 km", "%", "+2 km"},
		{"48", "%", "48"},
		{"Öka", "%", "Öka"},
	} {
		tg, err := tertial.ParseTarget(c.target)
		if err != nil {
			t.Fatal(err)
		}
		if got := tg.Explicit(c.unit).String(); got != c.want {
			t.Errorf("%q on an indicator in %q = %q, want %q", c.target, c.unit, got, c.want)
		}
	}
}
