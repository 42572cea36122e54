package compute_test

import (
	"strings"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/compute"
)

// ratio is a year's entry given as numerator and denominator, with a kind ("" outcome).
type ratio struct {
	num, den string
	kind     tertial.ValueKind
}

// pooledInd is an indicator in percent with one decimal, the target for year and the
// years' numerators and denominators; values are derived as the dataset file derives them.
func pooledInd(direction tertial.Direction, target string, year int, years map[int]ratio) *tertial.Indicator {
	in := &tertial.Indicator{ID: "resultat", Unit: "%", Decimals: 1, Direction: direction}
	for y := 2015; y <= 2030; y++ {
		r, ok := years[y]
		if !ok {
			continue
		}
		v := tertial.IndicatorValue{Year: y, Kind: r.kind}
		if r.num != "" {
			v.Numerator, v.Denominator = dec(r.num), dec(r.den)
		}
		in.Values = append(in.Values, v)
	}
	in.DeriveValues()
	t, err := tertial.ParseTarget(target)
	if err != nil {
		panic(err)
	}
	in.Targets = []tertial.YearTarget{{Year: year, Target: t}}
	return in
}

func dec(s string) *tertial.Decimal {
	d := tertial.MustParseDecimal(s)
	return &d
}

// The pooled figure is the sum of the numerators over the sum of the denominators, which
// differs from the average of the years' percentages whenever the denominators differ.
func TestAssessPooledSumsNotAverages(t *testing.T) {
	H := tertial.HigherIsBetter
	// 1,0 % of 1 000 and 3,5 % of 3 000: pooled (10 + 105) / 4 000 = 2,875 %; the average
	// of 1,0 % and 3,5 % would be 2,25 %.
	small, large := ratio{"10", "1000", ""}, ratio{"105", "3000", ""}
	a := compute.AssessIndicator(pooledInd(H, "≥2,5 % över 2021–2022", 2022, map[int]ratio{2021: small, 2022: large}), 2022)
	if a.Result != compute.Reaches || a.Pool == nil {
		t.Fatalf("2,875 %% against ≥2,5 %%: %d (%s)", a.Result, a.Reason)
	}
	if a.Pool.Numerator.String() != "115" || a.Pool.Denominator.String() != "4000" || !a.Pool.Figure.Equal(tertial.MustParseDecimal("2.875")) {
		t.Errorf("pool %s / %s = %s, want 115 / 4000 = 2.875", a.Pool.Numerator, a.Pool.Denominator, a.Pool.Figure)
	}
	if a.Pool.From != 2021 || a.Pool.To != 2022 || a.Pool.SoFar {
		t.Errorf("years %d–%d so far %v", a.Pool.From, a.Pool.To, a.Pool.SoFar)
	}
	if a.Basis != "sammanvägt 2021–2022: 2,9\u00a0%" {
		t.Errorf("basis %q", a.Basis)
	}
	// The other way round: 3,5 % of 1 000 and 1,0 % of 3 000 pool to (35 + 30) / 4 000 =
	// 1,625 %, which misses ≥2 % (more than 5 % below it), though the average 2,25 % would reach it.
	a = compute.AssessIndicator(pooledInd(H, "≥2 % över 2021–2022", 2022, map[int]ratio{2021: {"35", "1000", ""}, 2022: {"30", "3000", ""}}), 2022)
	if a.Result != compute.Misses || !a.Pool.Figure.Equal(tertial.MustParseDecimal("1.625")) {
		t.Errorf("1,625 %% against ≥2 %%: %d, figure %v (%s)", a.Result, a.Pool, a.Reason)
	}
}

func TestAssessPooled(t *testing.T) {
	H, L := tertial.HigherIsBetter, tertial.LowerIsBetter
	// Huddinge-like figures in mnkr: årets resultat over skatteintäkter och generella statsbidrag.
	y21, y22, y23 := ratio{"45.2", "2100.0", ""}, ratio{"61.75", "2205.5", ""}, ratio{"12.3", "2310.25", ""}
	for _, c := range []struct {
		name      string
		direction tertial.Direction
		target    string
		year      int
		years     map[int]ratio
		want      compute.Result
		say       string // part of the basis, or of the reason when not assessed
	}{
		// (45,2 + 61,75 + 12,3) / (2 100 + 2 205,5 + 2 310,25) = 119,25 / 6 615,75 = 1,8025…%
		{"three years, within 5 % of ≥1,85", H, "≥1,85 % över 2021–2023", 2023, map[int]ratio{2021: y21, 2022: y22, 2023: y23}, compute.Approaches, "sammanvägt 2021–2023: 1,8\u00a0%"},
		{"three years against ≥1,8", H, "≥1,8 % över 2021–2023", 2023, map[int]ratio{2021: y21, 2022: y22, 2023: y23}, compute.Reaches, "2021–2023"},
		{"three years against ≥2", H, "≥2 % över 2021–2023", 2023, map[int]ratio{2021: y21, 2022: y22, 2023: y23}, compute.Misses, "1,8"},
		// (45,2 + 61,75) / (2 100 + 2 205,5) = 106,95 / 4 305,5 = 2,484…%
		{"so far in the period's second year", H, "≥2 % över 2021–2023", 2022, map[int]ratio{2021: y21, 2022: y22}, compute.Reaches, "sammanvägt hittills 2021–2022: 2,5\u00a0%"},
		{"the first year alone so far", H, "≥2 % över 2021–2023", 2021, map[int]ratio{2021: y21, 2022: y22}, compute.Reaches, "sammanvägt hittills 2021: 2,2\u00a0%"},
		{"a later year is not pooled before its time", H, "≥2,4 % över 2021–2023", 2021, map[int]ratio{2021: y21, 2022: y22}, compute.Misses, "hittills 2021:"},
		{"years outside the target are not pooled", H, "≥2 % över 2022–2023", 2023, map[int]ratio{2021: {"1000", "2000", ""}, 2022: y22, 2023: y23}, compute.Misses, "2022–2023: 1,6"},
		{"more than is strict", H, ">2 % över 2021–2022", 2022, map[int]ratio{2021: {"20", "1000", ""}, 2022: {"20", "1000", ""}}, compute.Approaches, "2,0"},
		{"at most, lower is better", L, "≤10 % över 2021–2022", 2022, map[int]ratio{2021: {"50", "1000", ""}, 2022: {"150", "1000", ""}}, compute.Reaches, "10,0"},
		{"less than", L, "<10 % över 2021–2022", 2022, map[int]ratio{2021: {"50", "1000", ""}, 2022: {"170", "1000", ""}}, compute.Misses, "11,0"},
		{"the number itself, lower is better", L, "10 % över 2021–2022", 2022, map[int]ratio{2021: {"100", "1000", ""}, 2022: {"105", "1000", ""}}, compute.Approaches, "10,3"},
		{"a deficit pooled", H, "≥0 % över 2021–2022", 2022, map[int]ratio{2021: {"-30", "1000", ""}, 2022: {"20", "1000", ""}}, compute.Misses, "−0,5"},
		{"a year without numerator and denominator", H, "≥2 % över 2021–2023", 2023, map[int]ratio{2021: y21, 2022: {}, 2023: y23}, compute.NotAssessed,
			"det sammanvägda utfallet för 2021–2023 kan inte beräknas utan täljare och nämnare för 2022"},
		{"years without an entry", H, "≥2 % över 2021–2023", 2023, map[int]ratio{2023: y23}, compute.NotAssessed, "för 2021 och 2022"},
		{"the assessed year itself lacking", H, "≥2 % över 2021–2023", 2022, map[int]ratio{2021: y21}, compute.NotAssessed, "2021–2022 kan inte beräknas utan täljare och nämnare för 2022"},
		{"a year before the target's", H, "≥2 % över 2021–2023", 2020, map[int]ratio{2020: y21, 2021: y21}, compute.NotAssessed, "målet gäller 2021–2023, som börjar efter 2020"},
		{"after the target's years, all of them", H, "≥2 % över 2021–2022", 2023, map[int]ratio{2021: y21, 2022: y22, 2023: {"1", "1000", ""}}, compute.Reaches, "sammanvägt 2021–2022: 2,5"},
	} {
		a := compute.AssessIndicator(pooledInd(c.direction, c.target, c.year, c.years), c.year)
		if a.Result != c.want {
			t.Errorf("%s: %d (%s %s), want %d", c.name, a.Result, a.Basis, a.Reason, c.want)
		}
		got := a.Basis
		if c.want == compute.NotAssessed {
			got = a.Reason
		}
		if !strings.Contains(got, c.say) {
			t.Errorf("%s: %q, want it to say %q", c.name, got, c.say)
		}
	}
}

// A pooled assessment is provisional when any year pooled is a forecast or preliminary,
// not only the assessed year.
func TestAssessPooledProvisional(t *testing.T) {
	for _, c := range []struct {
		kinds [2]tertial.ValueKind
		want  bool
	}{
		{[2]tertial.ValueKind{"", ""}, false},
		{[2]tertial.ValueKind{"", tertial.Forecast}, true},
		{[2]tertial.ValueKind{tertial.Preliminary, ""}, true},
	} {
		ind := pooledInd(tertial.HigherIsBetter, "≥2 % över 2021–2022", 2022, map[int]ratio{
			2021: {"30", "1000", c.kinds[0]}, 2022: {"30", "1000", c.kinds[1]}})
		if a := compute.AssessIndicator(ind, 2022); a.Provisional() != c.want || a.Result != compute.Reaches {
			t.Errorf("%v: provisional %v, result %d", c.kinds, a.Provisional(), a.Result)
		}
	}
}
