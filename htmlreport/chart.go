package htmlreport

import (
	"fmt"
	"html/template"
	"math"
	"strings"
	"unicode/utf8"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/report"
)

// The charts are static SVG: role="img" with a title and a description that says every
// figure in words, series told apart by pattern and direct labels as well as by colour,
// and the same figures in a table next to each chart. Every chart has a value axis with
// ticks (report.ValueAxis): bars start at zero, lines at zero or on a broken axis marked
// with a break symbol; category labels wrap on word boundaries and are never cut, or, past
// three lines, end with "…" while the description holds them whole.

func esc(s string) string { return template.HTMLEscapeString(s) }

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

// Text metrics of the drawings: Liberation Sans at 11 px averages under 6,2 px a
// character, so labels measured with it never run past their room.
const (
	fontSize  = 11
	charWidth = 6.2
	lineStep  = 13
)

func textWidth(s string) float64 { return float64(utf8.RuneCountInString(s)) * charWidth }

// description is the chart's description, with where a broken axis starts.
func description(c *report.Chart, ax report.Axis) string {
	d := c.Description
	if ax.Break {
		d += " Värdeaxeln börjar vid " + ax.Start() + ", inte vid noll."
	}
	return d
}

func header(c *report.Chart, ax report.Axis, w, h int) string {
	return fmt.Sprintf(`<svg role="img" class="chart" viewBox="0 0 %d %d" width="%d" height="%d" aria-labelledby="%s-titel %s-beskrivning">`+
		`<title id="%s-titel">%s</title><desc id="%s-beskrivning">%s</desc>`+
		`<defs><pattern id="%s-rand" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#fff"/><line x1="0" y1="0" x2="0" y2="6" stroke="#8a5a00" stroke-width="3"/></pattern></defs>`,
		w, h, w, h, c.ID, c.ID, c.ID, esc(c.Title), c.ID, esc(description(c, ax)), c.ID)
}

// scale maps values between lo and hi onto pixels between a (for lo) and b (for hi).
type scale struct{ lo, hi, a, b float64 }

func (s scale) at(v float64) float64 {
	if s.hi == s.lo {
		return (s.a + s.b) / 2
	}
	return s.a + (v-s.lo)/(s.hi-s.lo)*(s.b-s.a)
}

// breakMark draws the break symbol across a vertical axis at x, y: two short slanted
// strokes with a white gap between them.
func breakMark(b *strings.Builder, x, y float64) {
	fmt.Fprintf(b, `<path class="axis-break" d="M%.1f %.1fh12v6h-12z" fill="#fff"/>`, x-6, y-3)
	fmt.Fprintf(b, `<path d="M%.1f %.1fl12 -4M%.1f %.1fl12 -4" stroke="#4a4a4a" stroke-width="1.2"/>`, x-6, y-1, x-6, y+5)
}

func lineChart(c *report.Chart) template.HTML {
	ax := c.Axis()
	tickW := 0.0
	for _, t := range ax.Ticks {
		tickW = max(tickW, textWidth(t.Label))
	}
	// Small enough to stand three in a row on an A4 page, each with its own axis.
	const w, right, top, plotH = 240, 10, 22, 84
	left := int(math.Ceil(tickW)) + 16
	// Legend lines under the plot: each series when there are several, and each marker.
	type legend struct {
		label, dash string
		marker      bool
	}
	var legends []legend
	dashes := []string{"", "6 4", "2 3"}
	if len(c.Series) > 1 {
		for si, s := range c.Series {
			legends = append(legends, legend{s.Name, dashes[si%3], false})
		}
	}
	// Markers at the same value share a line and a legend entry.
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
	markerDash := []string{"6 4", "2 3"}
	var legendLines [][]string
	for mi, l := range lines {
		legends = append(legends, legend{l.label, markerDash[mi%2], true})
	}
	for _, l := range legends {
		wrapped, _ := report.WrapLabel(l.label, int(float64(w-left-30)/charWidth), 3)
		legendLines = append(legendLines, wrapped)
	}
	h := top + plotH + 24
	for _, l := range legendLines {
		h += len(l)*lineStep + 4
	}
	y := scale{ax.Min, ax.Max, top + plotH, top}
	n := len(c.Categories)
	x := func(i int) float64 {
		if n == 1 {
			return float64(left+w-right) / 2
		}
		return float64(left) + 14 + float64(i)*float64(w-right-left-28)/float64(n-1)
	}
	var b strings.Builder
	b.WriteString(header(c, ax, w, h))
	// The value axis: ticks with labels and light grid lines; the unit above it.
	for _, t := range ax.Ticks {
		yy := y.at(t.Value)
		fmt.Fprintf(&b, `<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#d0d0d0"/>`, left, yy, w-right, yy)
		fmt.Fprintf(&b, `<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#4a4a4a"/>`, left-4, yy, left, yy)
		fmt.Fprintf(&b, `<text x="%d" y="%.1f" text-anchor="end" font-size="%d" fill="#1b1b1b">%s</text>`, left-7, yy+4, fontSize, esc(t.Label))
	}
	if c.Unit != "" {
		fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="%d" fill="#4a4a4a">%s</text>`, 4, 12, fontSize, esc(c.Unit))
	}
	fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#4a4a4a"/>`, left, top, left, top+plotH)
	// The category axis at zero, or at the axis's bottom when zero is not on it.
	base := y.at(max(min(0, ax.Max), ax.Min))
	fmt.Fprintf(&b, `<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#4a4a4a"/>`, left, base, w-right, base)
	if ax.Break {
		if ax.Max <= 0 {
			breakMark(&b, float64(left), top+6)
		} else {
			breakMark(&b, float64(left), top+plotH-6)
		}
	}
	for i, cat := range c.Categories {
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" text-anchor="middle" font-size="%d" fill="#1b1b1b">%s</text>`, x(i), top+plotH+16, fontSize, esc(cat))
	}
	for mi, l := range lines {
		yy := y.at(report.Float(&l.v))
		fmt.Fprintf(&b, `<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#8a5a00" stroke-width="1.5" stroke-dasharray="%s"/>`, left, yy, w-right, yy, markerDash[mi%2])
	}
	for si, s := range c.Series {
		var pts []string
		for i, v := range s.Values {
			if v != nil {
				pts = append(pts, fmt.Sprintf("%.1f,%.1f", x(i), y.at(report.Float(v))))
			}
		}
		fmt.Fprintf(&b, `<polyline fill="none" stroke="#12344d" stroke-width="2.5" stroke-dasharray="%s" points="%s"/>`, dashes[si%3], strings.Join(pts, " "))
		for i, v := range s.Values {
			if v == nil {
				continue
			}
			px, py := x(i), y.at(report.Float(v))
			fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="3.5" fill="#12344d"/>`, px, py)
			fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" text-anchor="middle" font-size="%d" font-weight="bold" fill="#1b1b1b" stroke="#fff" stroke-width="3" paint-order="stroke">%s</text>`, px, py-8, fontSize, esc(s.Labels[i]))
		}
	}
	// The legend: a sample of each line and its label, wrapped.
	ly := top + plotH + 24
	for i, l := range legends {
		colour, width := "#12344d", "2.5"
		if l.marker {
			colour, width = "#8a5a00", "1.5"
		}
		fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="%s" stroke-width="%s" stroke-dasharray="%s"/>`, left, ly+6, left+22, ly+6, colour, width, l.dash)
		for j, part := range legendLines[i] {
			fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="%d" fill="#1b1b1b">%s</text>`, left+30, ly+10+j*lineStep, fontSize, esc(part))
		}
		ly += len(legendLines[i])*lineStep + 4
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

func barChart(c *report.Chart) template.HTML {
	ax := c.Axis()
	const w, labelW, valueW = 680, 236, 74
	lw := float64(labelW - 12)
	maxChars := int(lw / charWidth)
	per := len(c.Series)
	labels := make([][]string, len(c.Categories))
	rows := make([]int, len(c.Categories))
	for i, cat := range c.Categories {
		labels[i], _ = report.WrapLabel(cat, maxChars, 3)
		rows[i] = max(per*16+12, len(labels[i])*lineStep+10)
	}
	top := 30
	h := top + 34
	for _, r := range rows {
		h += r
	}
	x := scale{ax.Min, ax.Max, labelW + valueW, w - valueW}
	var b strings.Builder
	b.WriteString(header(c, ax, w, h))
	fills := []string{"#12344d", "url(#" + c.ID + "-rand)"}
	// Legend: a swatch and the name of each series.
	lx := labelW
	for si, s := range c.Series {
		fmt.Fprintf(&b, `<rect x="%d" y="6" width="14" height="14" fill="%s" stroke="#1b1b1b"/><text x="%d" y="18" font-size="12" fill="#1b1b1b">%s</text>`, lx, fills[si%2], lx+20, esc(s.Name))
		lx += 20 + int(textWidth(s.Name)*12/fontSize) + 24
	}
	bottom := h - 34
	// The value axis under the bars: ticks, labels and grid lines; the unit after it.
	for _, t := range ax.Ticks {
		xx := x.at(t.Value)
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#d0d0d0"/>`, xx, top-4, xx, bottom)
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#4a4a4a"/>`, xx, bottom, xx, bottom+4)
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" text-anchor="middle" font-size="%d" fill="#1b1b1b">%s</text>`, xx, bottom+16, fontSize, esc(t.Label))
	}
	fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#4a4a4a"/>`, labelW+valueW, bottom, w-valueW, bottom)
	if c.Unit != "" {
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="end" font-size="%d" fill="#4a4a4a">%s</text>`, w-valueW, bottom+30, fontSize, esc(c.Unit))
	}
	zero := x.at(0)
	fmt.Fprintf(&b, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#1b1b1b" stroke-width="1.5"/>`, zero, top-4, zero, bottom)
	y0 := top
	for i := range c.Categories {
		rowH := rows[i]
		ly := y0 + rowH/2 - (len(labels[i])-1)*lineStep/2 + 4
		for j, part := range labels[i] {
			fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="end" font-size="%d" fill="#1b1b1b">%s</text>`, labelW-8, ly+j*lineStep, fontSize, esc(part))
		}
		by := y0 + (rowH-per*16)/2
		for si, s := range c.Series {
			if i >= len(s.Values) || s.Values[i] == nil {
				continue
			}
			v := report.Float(s.Values[i])
			xa, xb := zero, x.at(v)
			if xb < xa {
				xa, xb = xb, xa
			}
			yy := by + si*16
			fmt.Fprintf(&b, `<rect x="%.1f" y="%d" width="%.1f" height="13" fill="%s" stroke="#1b1b1b" stroke-width="0.5"/>`, xa, yy, max(xb-xa, 1), fills[si%2])
			tx, anchor := x.at(v)+4, "start"
			if v < 0 {
				tx, anchor = x.at(v)-4, "end"
			}
			fmt.Fprintf(&b, `<text x="%.1f" y="%d" text-anchor="%s" font-size="%d" fill="#1b1b1b">%s</text>`, tx, yy+11, anchor, fontSize, esc(s.Labels[i]))
		}
		y0 += rowH
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}
