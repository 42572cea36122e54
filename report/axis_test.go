package report

import (
	"math"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestNiceStep(t *testing.T) {
	for _, c := range []struct {
		span float64
		n    int
		want float64
		exp  int
	}{
		{10, 5, 2, 0},
		{0.1, 5, 0.02, -2},
		{4, 5, 1, 0},
		{236650, 5, 50000, 4},
		{7, 5, 2, 0},
		{1, 5, 0.2, -1},
		{3, 5, 1, 0},
		{0.5, 5, 0.1, -1},
		{12, 4, 5, 0},
		{100, 5, 20, 1},
	} {
		got, m, exp := NiceStep(c.span, c.n)
		if math.Abs(got-c.want) > 1e-12 || exp != c.exp {
			t.Errorf("NiceStep(%v, %d) = %v (e%d), want %v (e%d)", c.span, c.n, got, exp, c.want, c.exp)
		}
		if m != 1 && m != 2 && m != 5 {
			t.Errorf("NiceStep(%v, %d): mantissa %d", c.span, c.n, m)
		}
		if got*float64(c.n) < c.span*(1-1e-9) {
			t.Errorf("NiceStep(%v, %d) = %v: %d steps do not cover the span", c.span, c.n, got, c.n)
		}
	}
}

func labels(a Axis) string {
	var s []string
	for _, t := range a.Ticks {
		s = append(s, t.Label)
	}
	return strings.Join(s, " | ")
}

func TestValueAxis(t *testing.T) {
	for _, c := range []struct {
		name     string
		vals     []float64
		fromZero bool
		want     string
		broken   bool
	}{
		// The tax rate: a broken axis that spans at least a fifth of the value,
		// so 19,87 → 19,77 is a small step, not a collapse.
		{"tax rate", []float64{19.87, 19.77, 19.87}, false, "15 | 16 | 17 | 18 | 19 | 20", true},
		{"near zero starts at zero", []float64{3, 8, 10}, false, "0 | 2 | 4 | 6 | 8 | 10", false},
		{"bars from zero", []float64{19.87, 19.77}, true, "0 | 5 | 10 | 15 | 20", false},
		{"money bars with thousands", []float64{236650, 240120, -3470}, true, "−50\u00a0000 | 0 | 50\u00a0000 | 100\u00a0000 | 150\u00a0000 | 200\u00a0000 | 250\u00a0000", false},
		{"decimals", []float64{0.12, 0.35}, true, "0,0 | 0,1 | 0,2 | 0,3 | 0,4", false},
		{"hundredths", []float64{0.012, 0.035}, true, "0,00 | 0,01 | 0,02 | 0,03 | 0,04", false},
		{"negative far from zero", []float64{-98, -99}, false, "−100 | −95 | −90 | −85 | −80 | −75", true},
		{"negative near zero", []float64{-2, -9}, false, "−10 | −8 | −6 | −4 | −2 | 0", false},
		{"across zero", []float64{-4, 6}, false, "−4 | −2 | 0 | 2 | 4 | 6", false},
		{"one zero value", []float64{0}, false, "0,0 | 0,2 | 0,4 | 0,6 | 0,8 | 1,0", false},
		{"survey percentages", []float64{70, 72, 75}, false, "60 | 65 | 70 | 75", true},
	} {
		a := ValueAxis(c.vals, c.fromZero)
		if got := labels(a); got != c.want || a.Break != c.broken {
			t.Errorf("%s: ValueAxis(%v) = %s (break %v), want %s (break %v)", c.name, c.vals, got, a.Break, c.want, c.broken)
		}
		if len(a.Ticks) > MaxTicks+1 {
			t.Errorf("%s: %d ticks", c.name, len(a.Ticks))
		}
		for _, v := range c.vals {
			if v < a.Min-1e-9 || v > a.Max+1e-9 {
				t.Errorf("%s: %v outside the axis %v–%v", c.name, v, a.Min, a.Max)
			}
		}
		if (c.fromZero || !a.Break) && (a.Min > 0 || a.Max < 0) {
			t.Errorf("%s: axis %v–%v leaves out zero without a break", c.name, a.Min, a.Max)
		}
		if a.Break && a.Max-a.Min < MinBrokenSpan*max(math.Abs(a.Min), math.Abs(a.Max))*0.99 {
			t.Errorf("%s: broken axis %v–%v spans less than %v of its values", c.name, a.Min, a.Max, MinBrokenSpan)
		}
	}
	if a := ValueAxis([]float64{19.87, 19.77}, false); a.Start() != "15" {
		t.Errorf("Start of the tax rate's axis = %q, want 15", a.Start())
	}
}

func TestWrapLabel(t *testing.T) {
	for _, c := range []struct {
		in    string
		width int
		lines int
		want  string
		abbr  bool
	}{
		{"Kommunstyrelsen", 20, 2, "Kommunstyrelsen", false},
		{"Samhällsbyggnad Mellersta och Nordvästra", 20, 3, "Samhällsbyggnad|Mellersta och|Nordvästra", false},
		{"Samhällsbyggnad Mellersta och Nordvästra", 20, 2, "Samhällsbyggnad|Mellersta och…", true},
		{"Bostadsförsörjningsprogrammet", 12, 3, "Bostadsförs-|örjningspro-|grammet", false},
		{"a b c d e f", 3, 2, "a b|c…", true},
		// A no-break space holds a figure and its unit together.
		{"Etappmål 2021 <7,9\u00a0%", 16, 3, "Etappmål 2021|<7,9\u00a0%", false},
	} {
		got, abbr := WrapLabel(c.in, c.width, c.lines)
		if strings.Join(got, "|") != c.want || abbr != c.abbr {
			t.Errorf("WrapLabel(%q, %d, %d) = %q (%v), want %q (%v)", c.in, c.width, c.lines, strings.Join(got, "|"), abbr, c.want, c.abbr)
		}
		for _, l := range got {
			if utf8.RuneCountInString(l) > c.width {
				t.Errorf("WrapLabel(%q): line %q wider than %d", c.in, l, c.width)
			}
		}
		if !abbr && strings.ReplaceAll(strings.Join(got, " "), "- ", "") != c.in {
			t.Errorf("WrapLabel(%q) lost words without saying so: %q", c.in, got)
		}
	}
}
