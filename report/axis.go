package report

import (
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/sv"
)

// Axis is a chart's value axis, the same in every format: the range drawn, its ticks
// with their labels in Swedish number format, and whether it is broken (does not start
// at zero, which renderers mark with a break symbol at the axis's start and say in the
// chart's description).
type Axis struct {
	Min, Max float64 // the drawn range; positions only, labels come from Ticks
	Step     float64 // the distance between two ticks
	Ticks    []Tick
	// Break is true when the axis starts (or, for negative data, ends) away from zero
	// because zero is far from the data; Min (or Max) is then a tick and its label says
	// where the axis starts.
	Break bool
}

// Tick is a labelled point of an axis.
type Tick struct {
	Value float64
	Label string // "19,5", "1 000", "−200"
}

// MaxTicks is the number of intervals an axis aims at; rounding its ends out to whole
// steps can add one, so an axis has at most MaxTicks+1 ticks.
const MaxTicks = 6

// NiceStep returns the tick step for a range of span over at most n intervals: the
// smallest 1, 2 or 5 × 10^e at least span/n, with e (so that labels know their decimals).
func NiceStep(span float64, n int) (step float64, mantissa int64, exp int) {
	if n < 1 {
		n = 1
	}
	if span <= 0 || math.IsNaN(span) || math.IsInf(span, 0) {
		return 1, 1, 0
	}
	raw := span / float64(n)
	exp = int(math.Floor(math.Log10(raw)))
	for {
		for _, m := range []int64{1, 2, 5} {
			s := float64(m) * math.Pow10(exp)
			// A step a hair below raw because of floating point still counts as enough.
			if s >= raw*(1-1e-9) {
				return s, m, exp
			}
		}
		exp++
	}
}

// tickLabel formats k × mantissa × 10^exp exactly, with the decimals the step has.
func tickLabel(k, mantissa int64, exp int) string {
	coef := k * mantissa
	if exp >= 0 {
		for range exp {
			coef *= 10
		}
		return sv.Decimal(tertial.DecimalFromInt(coef), 0)
	}
	return sv.Decimal(tertial.NewDecimal(coef, -exp), -exp)
}

// BreakRatio decides when a line chart's axis leaves zero out: when every value lies on
// the same side of zero and the one nearest zero is more than BreakRatio of the one
// farthest from it (19,77 against 19,87; 70 against 75), zero would flatten the line
// into the top of the chart, so the axis is broken instead. Closer to zero, the axis
// starts at zero.
const BreakRatio = 0.5

// MinBrokenSpan is the least part of the largest absolute value a broken axis spans, so
// that a change of a few tenths of a per cent is drawn as the small change it is (a tax
// rate of 19,87 → 19,77 spans at least 4, not 0,1, and does not look like a collapse).
const MinBrokenSpan = 0.2

// ValueAxis returns the axis for values (and marker lines) of a chart: from zero for bars
// (fromZero); for lines from zero too unless zero is far from every value (see
// BreakRatio), when the axis is broken and spans at least MinBrokenSpan of the largest
// value. Ticks are 1, 2 or 5 × 10^n apart, at most MaxTicks+1 of them.
func ValueAxis(vals []float64, fromZero bool) Axis {
	if len(vals) == 0 {
		vals = []float64{0}
	}
	lo, hi := vals[0], vals[0]
	for _, v := range vals {
		lo, hi = min(lo, v), max(hi, v)
	}
	broken := false
	switch {
	case fromZero || lo <= 0 && hi >= 0:
		lo, hi = min(lo, 0), max(hi, 0)
	case lo > 0 && lo <= hi*BreakRatio:
		lo = 0
	case hi < 0 && hi >= lo*BreakRatio:
		hi = 0
	case lo > 0:
		broken = true
		lo = min(lo, hi-hi*MinBrokenSpan)
	default: // all negative, far from zero
		broken = true
		hi = max(hi, lo-lo*MinBrokenSpan)
	}
	if hi == lo {
		// One value, zero itself: an axis of 0 to 1.
		hi = lo + 1
	}
	intervals := MaxTicks - 1
	var step float64
	var m int64
	var e int
	var first, last int64
	for {
		step, m, e = NiceStep(hi-lo, intervals)
		first, last = int64(math.Floor(lo/step+1e-9)), int64(math.Ceil(hi/step-1e-9))
		if last-first <= MaxTicks || intervals == 1 {
			break
		}
		intervals-- // rounding out to whole steps made one too many
	}
	// A broken axis that reaches zero is not broken.
	if broken && (first <= 0 && last >= 0) {
		broken = false
	}
	ax := Axis{Min: float64(first) * step, Max: float64(last) * step, Step: step, Break: broken}
	for k := first; k <= last; k++ {
		ax.Ticks = append(ax.Ticks, Tick{Value: float64(k) * step, Label: tickLabel(k, m, e)})
	}
	return ax
}

// Start is the label of the axis's end nearest zero, for a description of a broken axis.
func (a Axis) Start() string {
	if len(a.Ticks) == 0 {
		return ""
	}
	if a.Max <= 0 {
		return a.Ticks[len(a.Ticks)-1].Label
	}
	return a.Ticks[0].Label
}

// Floats returns the values the chart's axis must hold: every value of its series and
// every marker.
func (c *Chart) Floats() []float64 {
	var vals []float64
	for _, s := range c.Series {
		for _, v := range s.Values {
			if v != nil {
				vals = append(vals, Float(v))
			}
		}
	}
	for _, m := range c.Markers {
		vals = append(vals, Float(&m.Value))
	}
	return vals
}

// Axis returns the chart's value axis: bars from zero, lines from zero or broken.
func (c *Chart) Axis() Axis { return ValueAxis(c.Floats(), c.Kind != "line") }

// Float is a decimal as a float, for positions on a drawing only; figures are printed
// from the decimals.
func Float(d *tertial.Decimal) float64 {
	if d == nil {
		return 0
	}
	f, _ := strconv.ParseFloat(d.String(), 64)
	return f
}

// fields splits on ordinary spaces only: a no-break space keeps a figure with its unit.
func fields(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '\t' || r == '\n' })
}

// WrapLabel breaks a label into lines of at most width characters on word boundaries,
// at most lines of them. A word longer than a line is cut with a hyphen only when it
// cannot stand alone. When the label needs more lines, the last line ends with "…" after
// the last word that fits, and abbreviated is true: the chart's description then holds
// the whole label.
func WrapLabel(label string, width, lines int) (out []string, abbreviated bool) {
	words := fields(label)
	if width < 2 || lines < 1 {
		return []string{label}, false
	}
	var cur string
	for i := 0; i < len(words); i++ {
		w := words[i]
		for utf8.RuneCountInString(w) > width {
			// A word longer than a line: break it, with a hyphen.
			r := []rune(w)
			if cur != "" {
				out, cur = append(out, cur), ""
			}
			out = append(out, string(r[:width-1])+"-")
			w = string(r[width-1:])
		}
		switch {
		case cur == "":
			cur = w
		case utf8.RuneCountInString(cur)+1+utf8.RuneCountInString(w) <= width:
			cur += " " + w
		default:
			out, cur = append(out, cur), w
		}
	}
	if cur != "" {
		out = append(out, cur)
	}
	if len(out) <= lines {
		return out, false
	}
	// Too many lines: keep lines-1 whole lines and as many words of the rest as fit with "…".
	out = out[:lines]
	last := fields(out[lines-1])
	for len(last) > 0 && utf8.RuneCountInString(strings.Join(last, " ")+"…") > width {
		last = last[:len(last)-1]
	}
	if len(last) == 0 {
		r := []rune(out[lines-1])
		out[lines-1] = string(r[:width-1]) + "…"
	} else {
		out[lines-1] = strings.Join(last, " ") + "…"
	}
	return out, true
}
