package compute_test

import (
	"strings"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/compute"
)

// county builds Kolada data for KPI K in 2021: the municipality 0126 and others with the
// values given ("" is a null value).
func county(values map[string]string) *tertial.KoladaData {
	k := &tertial.KoladaData{CountyGroup: "G1", CountyTitle: "Länets kommuner"}
	for id, v := range values {
		k.CountyMembers = append(k.CountyMembers, tertial.KoladaMember{ID: id})
		kv := tertial.KoladaValue{KPI: "K", Municipality: id, Year: 2021, Gender: "T"}
		if v != "" {
			d := tertial.MustParseDecimal(v)
			kv.Value = &d
		}
		k.Values = append(k.Values, kv)
	}
	return k
}

func TestAssessRelative(t *testing.T) {
	H, L := tertial.HigherIsBetter, tertial.LowerIsBetter
	four := map[string]string{"0126": "80", "a": "70", "b": "90", "c": "80", "d": ""}
	for _, c := range []struct {
		name       string
		direction  tertial.Direction
		target     string
		entered    string // "" for no entered value
		kolada     map[string]string
		want       compute.Result
		rank, of   int
		wantReason bool
	}{
		{"Länssnitt: 80 against average 80", H, "Länssnitt", "80", four, compute.Reaches, 0, 0, false},
		{"Länssnitt: 77 against 80, within 5 %", H, "Länssnitt", "77", four, compute.Approaches, 0, 0, false},
		{"Länssnitt: 70 against 80", H, "Länssnitt", "70", four, compute.Misses, 0, 0, false},
		{"Länssnitt, lower is better: 70 against 80", L, "Länssnitt", "70", four, compute.Reaches, 0, 0, false},
		{"Länssnitt from Kolada's value when none entered", H, "Länssnitt", "", four, compute.Reaches, 0, 0, false},
		{"Länssnitt without county values", H, "Länssnitt", "80", map[string]string{"0126": ""}, compute.NotAssessed, 0, 0, true},
		{"Topp tre: tie for second shares rank 2", H, "Topp tre i länet", "80", four, compute.Reaches, 2, 4, false},
		{"Topp tre, lower is better: 80 shares rank 2", L, "Topp tre i länet", "80", four, compute.Reaches, 2, 4, false},
		{"Plats 1: rank 2 misses", H, "Plats 1 i länet", "80", four, compute.Misses, 2, 4, false},
		{"Plats 13: rank from Kolada's own value, not the entered one", H, "Plats 13 i länet", "70", four, compute.Reaches, 2, 4, false},
		{"Topp tre: last", H, "Topp tre i länet", "70", map[string]string{"0126": "70", "a": "71", "b": "72", "c": "73"}, compute.Misses, 4, 4, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			values := map[int]string{}
			if c.entered != "" {
				values[2021] = c.entered
			}
			in := ind(c.direction, c.target, values)
			in.KoladaKPI = "K"
			cmp := county(c.kolada).Comparison(in, "0126", 2021)
			if cmp == nil {
				t.Fatal("no comparison")
			}
			a := compute.AssessIndicatorWith(in, 2021, cmp)
			if a.Result != c.want {
				t.Errorf("result %v (%s), want %v", a.Result, a.Reason, c.want)
			}
			if a.Rank != c.rank || a.RankOf != c.of {
				t.Errorf("rank %d of %d, want %d of %d", a.Rank, a.RankOf, c.rank, c.of)
			}
			if (a.Reason != "") != c.wantReason {
				t.Errorf("reason %q", a.Reason)
			}
			if a.Result != compute.NotAssessed && a.Basis == "" {
				t.Error("no basis stated")
			}
		})
	}
	// Without comparison data a relative target is still not assessed.
	in := ind(H, "Länssnitt", map[int]string{2021: "80"})
	if a := compute.AssessIndicator(in, 2021); a.Result != compute.NotAssessed || a.Reason == "" {
		t.Errorf("without data: %+v", a)
	}
}

// TestAssessLongTerm: a relative long-term target (2030) is assessed with the current
// year's value and comparison data, as a stage target would be; other long-term targets
// are not assessed by it.
func TestAssessLongTerm(t *testing.T) {
	four := map[string]string{"0126": "80", "a": "70", "b": "90", "c": "80", "d": ""}
	for _, c := range []struct {
		direction tertial.Direction
		longTerm  string
		entered   string
		want      compute.Result
		ok        bool
	}{
		{tertial.LowerIsBetter, "Länssnitt", "70", compute.Reaches, true},
		{tertial.HigherIsBetter, "Länssnitt", "70", compute.Misses, true},
		{tertial.HigherIsBetter, "Topp tre i länet", "", compute.Reaches, true}, // Kolada's own value, rank 2 of 4
		{tertial.HigherIsBetter, "Plats 1 i länet", "80", compute.Misses, true},
		{tertial.HigherIsBetter, "85", "80", compute.NotAssessed, false},
	} {
		values := map[int]string{}
		if c.entered != "" {
			values[2021] = c.entered
		}
		in := ind(c.direction, "", values)
		in.KoladaKPI = "K"
		lt, err := tertial.ParseTarget(c.longTerm)
		if err != nil {
			t.Fatal(err)
		}
		in.LongTerm = &tertial.YearTarget{Year: 2030, Target: lt}
		cmp := county(four).Comparison(in, "0126", 2021)
		a, ok := compute.AssessLongTermWith(in, 2021, cmp)
		if ok != c.ok || a.Result != c.want || a.Year != 2021 {
			t.Errorf("%s, %s: ok %v, result %v (%s) in %d", c.longTerm, c.entered, ok, a.Result, a.Reason, a.Year)
		}
		if ok && a.Basis == "" {
			t.Errorf("%s: no basis", c.longTerm)
		}
		// The stage target (none) is assessed apart.
		if s := compute.AssessIndicatorWith(in, 2021, cmp); s.Result != compute.NotAssessed {
			t.Errorf("%s: stage assessment %v", c.longTerm, s.Result)
		}
	}
	// Without comparison data: stated, not assessed.
	in := ind(tertial.HigherIsBetter, "", map[int]string{2021: "80"})
	in.LongTerm = &tertial.YearTarget{Year: 2030, Target: tertial.Target{Kind: tertial.TargetCountyAverage}}
	if a, ok := compute.AssessLongTermWith(in, 2021, nil); !ok || a.Result != compute.NotAssessed || a.Reason == "" {
		t.Errorf("without data: %v %+v", ok, a)
	}
}

// TestAssessNationalAverage: "Rikssnitt" is judged against Kolada's value for the whole
// country (Riket, 0000), not the county's average, and is not assessed without it.
func TestAssessNationalAverage(t *testing.T) {
	for _, c := range []struct {
		direction        tertial.Direction
		entered, riket   string
		want             compute.Result
		basis, reasonSub string
	}{
		{tertial.HigherIsBetter, "80", "60", compute.Reaches, "rikssnitt 60,0", ""},
		{tertial.HigherIsBetter, "78", "80", compute.Approaches, "rikssnitt 80,0", ""},
		{tertial.HigherIsBetter, "70", "80", compute.Misses, "rikssnitt 80,0", ""},
		{tertial.LowerIsBetter, "70", "80", compute.Reaches, "rikssnitt 80,0", ""},
		{tertial.HigherIsBetter, "80", "", compute.NotAssessed, "", "inget rikssnitt"},
	} {
		// The county's average is 95: a Länssnitt target would miss where Rikssnitt reaches.
		k := county(map[string]string{"0126": c.entered, "a": "95", "b": "95"})
		if c.riket != "" {
			d := tertial.MustParseDecimal(c.riket)
			k.Values = append(k.Values, tertial.KoladaValue{KPI: "K", Municipality: tertial.KoladaNational, Year: 2021, Gender: "T", Value: &d})
		}
		in := ind(c.direction, "Rikssnitt", map[int]string{2021: c.entered})
		in.KoladaKPI = "K"
		a := compute.AssessIndicatorWith(in, 2021, k.Comparison(in, "0126", 2021))
		if a.Result != c.want || a.Basis != c.basis || (c.reasonSub != "" && !strings.Contains(a.Reason, c.reasonSub)) {
			t.Errorf("%+v: %v, basis %q, reason %q", c, a.Result, a.Basis, a.Reason)
		}
	}
}
