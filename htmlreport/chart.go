package htmlreport

import (
	"fmt"
	"html/template"
	"math/big"
	"strings"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/report"
)

// The charts are static SVG: role="img" with a title and a description that says every
// figure in words, series told apart by pattern and direct labels as well as by colour,
// and the same figures in a table next to each chart.

func esc(s string) string { return template.HTMLEscapeString(s) }

func float(d *tertial.Decimal) float64 {
	if d == nil {
		return 0
	}
	f, _ := new(big.Float).SetString(d.String())
	v, _ := f.Float64()
	return v // only for positions on the drawing; figures are printed from the decimals
}

// ChartSVG draws a chart as the report does, for pages that show a report's chart
// outside the report: an inline <svg role="img"> with the chart's title and description.
func ChartSVG(c *report.Chart) template.HTML { return svgChart(c) }

// svgChart draws a chart.
func svgChart(c *report.Chart) template.HTML {
	if c.Kind == "line" {
		return lineChart(c)
	}
	return barChart(c)
}

func header(c *report.Chart, w, h int) string {
	return fmt.Sprintf(`<svg role="img" class="chart" viewBox="0 0 %d %d" width="%d" height="%d" aria-labelledby="%s-titel %s-beskrivning">`+
		`<title id="%s-titel">%s</title><desc id="%s-beskrivning">%s</desc>`+
		`<defs><pattern id="%s-rand" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#fff"/><line x1="0" y1="0" x2="0" y2="6" stroke="#8a5a00" stroke-width="3"/></pattern></defs>`,
		w, h, w, h, c.ID, c.ID, c.ID, esc(c.Title), c.ID, esc(c.Description), c.ID)
}

// scale maps values between lo and hi onto pixels between a (for lo) and b (for hi).
type scale struct{ lo, hi, a, b float64 }

func (s scale) at(v float64) float64 {
	if s.hi == s.lo {
		return (s.a + s.b) / 2
	}
	return s.a + (v-s.lo)/(s.hi-s.lo)*(s.b-s.a)
}

func bounds(vals []float64, withZero bool) (lo, hi float64) {
	lo, hi = vals[0], vals[0]
	for _, v := range vals {
		lo, hi = min(lo, v), max(hi, v)
	}
	if withZero {
		lo, hi = min(lo, 0), max(hi, 0)
	}
	pad := (hi - lo) * 0.1
	if pad == 0 {
		pad = max(1, hi*0.1)
	}
	return lo - pad, hi + pad
}

func lineChart(c *report.Chart) template.HTML {
	const w, h, left, right, top, bottom = 560, 240, 20, 150, 24, 36
	var vals []float64
	for _, s := range c.Series {
		for _, v := range s.Values {
			if v != nil {
				vals = append(vals, float(v))
			}
		}
	}
	for _, m := range c.Markers {
		vals = append(vals, float(&m.Value))
	}
	lo, hi := bounds(vals, false)
	y := scale{lo, hi, h - bottom, top}
	n := len(c.Categories)
	x := func(i int) float64 {
		if n == 1 {
			return float64(left+w-right) / 2
		}
		return left + 20 + float64(i)*float64(w-right-left-40)/float64(n-1)
	}
	var b strings.Builder
	b.WriteString(header(c, w, h))
	fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#4a4a4a"/>`, left, h-bottom, w-right, h-bottom)
	for i, cat := range c.Categories {
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" text-anchor="middle" font-size="12" fill="#1b1b1b">%s</text>`, x(i), h-bottom+18, esc(cat))
	}
	dashes := []string{"", "6 4", "2 3"}
	// Markers at the same value share a line and a label; labels that would overlap move down.
	type line struct {
		v     tertial.Decimal
		label string
	}
	var lines []line
	for _, m := range c.Markers {
		merged := false
		for i := range lines {
			if lines[i].v.Equal(m.Value) {
				lines[i].label += "; " + m.Label
				merged = true
			}
		}
		if !merged {
			lines = append(lines, line{m.Value, m.Label})
		}
	}
	lastY := -100.0
	for mi, l := range lines {
		yy := y.at(float(&l.v))
		fmt.Fprintf(&b, `<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#8a5a00" stroke-width="1.5" stroke-dasharray="%s"/>`, left, yy, w-right, yy, []string{"6 4", "2 3"}[mi%2])
		ly := yy + 4
		if ly-lastY < 13 {
			ly = lastY + 13
		}
		lastY = ly
		for i, part := range strings.Split(l.label, "; ") {
			fmt.Fprintf(&b, `<text x="%d" y="%.1f" font-size="11" fill="#5a3b00">%s</text>`, w-right+6, ly+float64(i)*13, esc(part))
			lastY = ly + float64(i)*13
		}
	}
	for si, s := range c.Series {
		var pts []string
		for i, v := range s.Values {
			if v != nil {
				pts = append(pts, fmt.Sprintf("%.1f,%.1f", x(i), y.at(float(v))))
			}
		}
		fmt.Fprintf(&b, `<polyline fill="none" stroke="#12344d" stroke-width="2.5" stroke-dasharray="%s" points="%s"/>`, dashes[si%3], strings.Join(pts, " "))
		for i, v := range s.Values {
			if v == nil {
				continue
			}
			px, py := x(i), y.at(float(v))
			fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="4" fill="#12344d"/>`, px, py)
			fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" text-anchor="middle" font-size="12" font-weight="bold" fill="#1b1b1b">%s</text>`, px, py-9, esc(s.Labels[i]))
		}
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

func barChart(c *report.Chart) template.HTML {
	const w, labelW, valueW = 680, 230, 70
	per := len(c.Series)
	rowH := per*16 + 12
	top := 30
	h := top + len(c.Categories)*rowH + 10
	var vals []float64
	for _, s := range c.Series {
		for _, v := range s.Values {
			vals = append(vals, float(v))
		}
	}
	lo, hi := bounds(vals, true)
	x := scale{lo, hi, labelW + valueW, w - valueW}
	var b strings.Builder
	b.WriteString(header(c, w, h))
	fills := []string{"#12344d", "url(#" + c.ID + "-rand)"}
	// Legend: a swatch and the name of each series.
	for si, s := range c.Series {
		lx := labelW + si*140
		fmt.Fprintf(&b, `<rect x="%d" y="6" width="14" height="14" fill="%s" stroke="#1b1b1b"/><text x="%d" y="18" font-size="12" fill="#1b1b1b">%s</text>`, lx, fills[si%2], lx+20, esc(s.Name))
	}
	zero := x.at(0)
	fmt.Fprintf(&b, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#4a4a4a"/>`, zero, top-4, zero, h-8)
	for i, cat := range c.Categories {
		y0 := top + i*rowH
		label := cat
		if r := []rune(label); len(r) > 34 {
			label = string(r[:33]) + "…"
		}
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="end" font-size="11" fill="#1b1b1b">%s</text>`, labelW-8, y0+per*8+4, esc(label))
		for si, s := range c.Series {
			v := float(s.Values[i])
			xa, xb := zero, x.at(v)
			if xb < xa {
				xa, xb = xb, xa
			}
			yy := y0 + si*16
			fmt.Fprintf(&b, `<rect x="%.1f" y="%d" width="%.1f" height="13" fill="%s" stroke="#1b1b1b" stroke-width="0.5"/>`, xa, yy, max(xb-xa, 1), fills[si%2])
			tx, anchor := x.at(v)+4, "start"
			if v < 0 {
				tx, anchor = x.at(v)-4, "end"
			}
			fmt.Fprintf(&b, `<text x="%.1f" y="%d" text-anchor="%s" font-size="11" fill="#1b1b1b">%s</text>`, tx, yy+11, anchor, esc(s.Labels[i]))
		}
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}
