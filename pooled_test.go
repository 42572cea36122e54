package tertial_test

import (
	"strings"
	"testing"

	"github.com/tertial/tertial"
)

// The pooled form names its years; variants users write read as the canonical
// "≥2 % över 2021–2023".
func TestParsePooledTargets(t *testing.T) {
	d := tertial.MustParseDecimal
	for _, c := range []struct {
		in        string
		kind      tertial.TargetKind
		value     string
		unit      string
		from, to  int
		canonical string
	}{
		{"≥2 % över 2021–2023", tertial.TargetAtLeast, "2", "%", 2021, 2023, "≥2 % över 2021–2023"},
		{"≥2 % 2021–2023", tertial.TargetAtLeast, "2", "%", 2021, 2023, "≥2 % över 2021–2023"},
		{">=2 % 2021-2023", tertial.TargetAtLeast, "2", "%", 2021, 2023, "≥2 % över 2021–2023"},
		{"≥2% över 2021 – 2023", tertial.TargetAtLeast, "2", "%", 2021, 2023, "≥2 % över 2021–2023"},
		{"≥2 % under treårsperioden 2021–2023", tertial.TargetAtLeast, "2", "%", 2021, 2023, "≥2 % över 2021–2023"},
		{"≥2 % ÖVER TREÅRSPERIODEN 2021-2023", tertial.TargetAtLeast, "2", "%", 2021, 2023, "≥2 % över 2021–2023"},
		{"≥2 % över 3-årsperioden 2021–2023", tertial.TargetAtLeast, "2", "%", 2021, 2023, "≥2 % över 2021–2023"},
		{"≥1,5 % för perioden 2023—2026", tertial.TargetAtLeast, "1.5", "%", 2023, 2026, "≥1,5 % över 2023–2026"},
		{"≥1 % över mandatperioden 2023–2026", tertial.TargetAtLeast, "1", "%", 2023, 2026, "≥1 % över 2023–2026"},
		{"2 % över åren 2021–2022", tertial.TargetValue, "2", "%", 2021, 2022, "2 % över 2021–2022"},
		{"<50 % över 2024–2027", tertial.TargetLessThan, "50", "%", 2024, 2027, "<50 % över 2024–2027"},
		{"≤0,9 över 2021–2025", tertial.TargetAtMost, "0.9", "", 2021, 2025, "≤0,9 över 2021–2025"},
		{">−1 % över 2021–2023", tertial.TargetMoreThan, "-1", "%", 2021, 2023, ">−1 % över 2021–2023"},
	} {
		got, err := tertial.ParseTarget(c.in)
		if err != nil {
			t.Errorf("ParseTarget(%q): %v", c.in, err)
			continue
		}
		if got.Kind != c.kind || !got.Value.Equal(d(c.value)) || got.Unit != c.unit || got.From != c.from || got.To != c.to || !got.Pooled() {
			t.Errorf("ParseTarget(%q) = %+v", c.in, got)
		}
		if got.String() != c.canonical {
			t.Errorf("ParseTarget(%q).String() = %q, want %q", c.in, got.String(), c.canonical)
		}
		back, err := tertial.ParseTarget(got.String())
		if err != nil || back != got {
			t.Errorf("%q does not read back as itself: %+v, %v", got.String(), back, err)
		}
	}
	// A target of one year is not pooled.
	if got, _ := tertial.ParseTarget("≥2 %"); got.Pooled() {
		t.Errorf("≥2 %% is pooled: %+v", got)
	}
}

func TestParsePooledTargetErrors(t *testing.T) {
	for bad, why := range map[string]string{
		"≥2 % över 2023–2021":                "sluta efter",
		"≥2 % över 2021–2021":                "sluta efter",
		"≥2 % över treårsperioden 2021–2024": "4 år, inte treårsperioden",
		"≥2 % över femårsperioden 2021–2023": "3 år",
		"+2 över 2021–2023":                  "bara en nivå",
		"Öka över 2021–2023":                 "bara en nivå",
		"Länssnitt 2021–2023":                "bara en nivå",
		"Topp tre i länet 2021–2023":         "Topp tre",
		"över 2021–2023":                     "saknas ett tal",
		"≥2 % över 2021–23":                  "",
		"≥2 % över 0999–2023":                "",
		"≥2 % jfr 2020 över 2021–2023":       "",
	} {
		got, err := tertial.ParseTarget(bad)
		if err == nil {
			t.Errorf("ParseTarget(%q) = %+v, want an error", bad, got)
			continue
		}
		if tertial.ErrorCode(err) != tertial.EINVALID || !strings.Contains(tertial.ErrorMessage(err), why) {
			t.Errorf("ParseTarget(%q): %v, want it to say %q", bad, err, why)
		}
	}
}

func TestDecimalQuo(t *testing.T) {
	d := tertial.MustParseDecimal
	for _, c := range []struct {
		a, b     string
		decimals int
		want     string
	}{
		{"115", "40", 3, "2.875"},
		{"115", "40", 2, "2.88"}, // half away from zero
		{"-115", "40", 2, "-2.88"},
		{"2", "3", 2, "0.67"},
		{"1", "3", 0, "0"},
		{"45.2", "2100.0", 4, "0.0215"},
		{"4520", "2100.0", 1, "2.2"},
		{"1", "-8", 2, "-0.13"},
		{"7", "0.5", 0, "14"},
	} {
		got, err := d(c.a).Quo(d(c.b), c.decimals)
		if err != nil || got.String() != c.want {
			t.Errorf("%s ÷ %s to %d = %s, %v, want %s", c.a, c.b, c.decimals, got, err, c.want)
		}
	}
	if _, err := d("1").Quo(d("0.00"), 2); err == nil {
		t.Error("division by zero gave no error")
	}
	if _, err := d("900000000000").Quo(d("0.000000001"), 9); err == nil {
		t.Error("a quotient that does not fit gave no error")
	}
}

// The value of an entry with a numerator and a denominator is their ratio, in percent for
// an indicator in percent, at the indicator's decimals; a value given must agree with it.
func TestIndicatorRatioValues(t *testing.T) {
	pct := &tertial.Indicator{Unit: "%", Decimals: 1}
	ratio := &tertial.Indicator{Decimals: 3}
	for _, c := range []struct {
		name string
		ind  *tertial.Indicator
		v    tertial.IndicatorValue
		want string // problem paths
	}{
		{"numerator and denominator alone", pct, tertial.IndicatorValue{Year: 2022, Numerator: dec("45.2"), Denominator: dec("2100.0")}, ""},
		{"a value that agrees", pct, tertial.IndicatorValue{Year: 2022, Value: dec("2.2"), Numerator: dec("45.2"), Denominator: dec("2100.0")}, ""},
		{"a value that agrees at the indicator's decimals", pct, tertial.IndicatorValue{Year: 2022, Value: dec("2.15"), Numerator: dec("45.2"), Denominator: dec("2100.0")}, ""},
		{"a value that does not agree", pct, tertial.IndicatorValue{Year: 2022, Value: dec("2.3"), Numerator: dec("45.2"), Denominator: dec("2100.0")}, "value"},
		{"a ratio in no unit is not in percent", ratio, tertial.IndicatorValue{Year: 2022, Value: dec("0.845"), Numerator: dec("8450"), Denominator: dec("10000")}, ""},
		{"the same ratio as a percentage", ratio, tertial.IndicatorValue{Year: 2022, Value: dec("84.5"), Numerator: dec("8450"), Denominator: dec("10000")}, "value"},
		{"a negative result", pct, tertial.IndicatorValue{Year: 2022, Numerator: dec("-12"), Denominator: dec("1500")}, ""},
		{"numerator without denominator", pct, tertial.IndicatorValue{Year: 2022, Numerator: dec("45.2")}, "denominator"},
		{"denominator without numerator", pct, tertial.IndicatorValue{Year: 2022, Value: dec("2"), Denominator: dec("2100")}, "numerator"},
		{"zero denominator", pct, tertial.IndicatorValue{Year: 2022, Numerator: dec("1"), Denominator: dec("0.0")}, "denominator"},
		{"negative denominator", pct, tertial.IndicatorValue{Year: 2022, Numerator: dec("1"), Denominator: dec("-10")}, "denominator"},
		{"missing with a numerator", pct, tertial.IndicatorValue{Year: 2022, Missing: tertial.MissingNotReported, Numerator: dec("1"), Denominator: dec("10")}, "missing"},
	} {
		if got := paths(c.v.Validate(c.ind)); got != c.want {
			t.Errorf("%s: problems at %q, want %q: %v", c.name, got, c.want, c.v.Validate(c.ind))
		}
	}
	bad := tertial.IndicatorValue{Year: 2022, Value: dec("2.3"), Numerator: dec("45.2"), Denominator: dec("2100.0")}
	if ps := bad.Validate(pct); len(ps) != 1 || !strings.Contains(ps[0].Message, "45.2 / 2100.0 × 100 = 2.2") {
		t.Errorf("the message does not show the computation: %v", ps)
	}

	ind := &tertial.Indicator{Unit: "%", Decimals: 1, Values: []tertial.IndicatorValue{
		{Year: 2021, Numerator: dec("10"), Denominator: dec("1000")},
		{Year: 2022, Value: dec("3.5"), Numerator: dec("105"), Denominator: dec("3000")},
		{Year: 2023, Numerator: dec("45.2"), Denominator: dec("2100.0")},
		{Year: 2024, Value: dec("1")},
		{Year: 2025, Missing: tertial.MissingNotReported},
	}}
	ind.DeriveValues()
	for _, c := range []struct {
		year     int
		want     string // "" for no value
		computed bool
	}{{2021, "1.0", true}, {2022, "3.5", false}, {2023, "2.2", true}, {2024, "1", false}, {2025, "", false}} {
		v := ind.ValueFor(c.year)
		got := ""
		if v.Value != nil {
			got = v.Value.String()
		}
		if got != c.want || v.Computed != c.computed {
			t.Errorf("%d: value %q computed %v, want %q %v", c.year, got, v.Computed, c.want, c.computed)
		}
	}
	// A computed value follows the indicator's decimals.
	ind.Decimals = 3
	ind.DeriveValues()
	if v := ind.ValueFor(2023); v.Value.String() != "2.152" || !v.Computed {
		t.Errorf("at three decimals: %s computed %v", v.Value, v.Computed)
	}
	if !ind.UsesRatios() || (&tertial.Indicator{Values: []tertial.IndicatorValue{{Year: 2021, Value: dec("1")}}}).UsesRatios() {
		t.Error("UsesRatios wrong")
	}
	pooled, _ := tertial.ParseTarget("≥2 % över 2021–2023")
	if !(&tertial.Indicator{Targets: []tertial.YearTarget{{Year: 2022, Target: pooled}}}).UsesRatios() {
		t.Error("an indicator with a pooled target does not use ratios")
	}
}

// A pooled stage target is for a year among its own.
func TestPooledYearTargetValidate(t *testing.T) {
	pooled, err := tertial.ParseTarget("≥2 % över 2021–2023")
	if err != nil {
		t.Fatal(err)
	}
	for year, want := range map[int]string{2020: "target", 2021: "", 2022: "", 2023: "", 2024: "target"} {
		yt := tertial.YearTarget{Year: year, Target: pooled}
		if got := paths(yt.Validate()); got != want {
			t.Errorf("%d: problems at %q, want %q", year, got, want)
		}
	}
	bad := tertial.YearTarget{Year: 2022, Target: tertial.Target{Kind: tertial.TargetChange, Value: tertial.MustParseDecimal("1"), From: 2021, To: 2023}}
	if got := paths(bad.Validate()); got != "target" {
		t.Errorf("a pooled change: problems at %q", got)
	}
}
