package docxreport

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/report"
)

// picture is a picture of the document, stored as word/media/NAME.
type picture struct {
	name string
	data []byte
}

func imageRelID(i int) string { return fmt.Sprintf("rIdImg%d", i+1) }
func chartRelID(i int) string { return fmt.Sprintf("rIdChart%d", i+1) }

// emuPerTwip converts page measures to the EMU (English Metric Units) of drawings.
const emuPerTwip = 635

// drawing writes the last of the document's pictures inline, cx × cy EMU, with its alt
// text and title; kind names it ("Logotyp").
func (w *writer) drawing(kind string, cx, cy int64, alt, title string) {
	w.drawingIDs++
	id := w.drawingIDs
	fmt.Fprintf(w, `<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="%d" cy="%d"/>`+
		`<wp:docPr id="%d" name="%s %d" descr="%s" title="%s"/>`+
		`<wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect="1"/></wp:cNvGraphicFramePr>`+
		`<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic>`+
		`<pic:nvPicPr><pic:cNvPr id="%d" name="%s" descr="%s"/><pic:cNvPicPr/></pic:nvPicPr>`+
		`<pic:blipFill><a:blip r:embed="%s"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>`+
		`<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="%d" cy="%d"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr>`+
		`</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>`,
		cx, cy, id, kind, id, esc(alt), esc(title), id, w.images[len(w.images)-1].name, esc(alt), imageRelID(len(w.images)-1), cx, cy)
}

// chart writes a chart as a native Word chart (a DrawingML chart part that Word and
// LibreOffice draw and a reader can restyle): a title, a value axis with the report's
// ticks (report.ValueAxis: bars from zero, a broken line axis says where it starts in its
// title), axis titles, every value as a data label and a legend; targets are dashed
// series of their own. The description is the drawing's alt text, the title a caption
// under it, and the same figures follow as a table, as in the HTML report.
func (w *writer) chart(c *report.Chart) {
	if len(c.Categories) > 0 && len(c.Series) > 0 {
		w.charts = append(w.charts, chartXML(c))
		cx := int64(textWidth) * emuPerTwip
		cy := cx * int64(chartHeight(c)) / 1000
		alt := c.Title
		if c.Description != "" {
			alt = c.Description
		}
		if ax := c.Axis(); ax.Break {
			alt += " Värdeaxeln börjar vid " + ax.Start() + ", inte vid noll."
		}
		w.drawingIDs++
		id := w.drawingIDs
		w.pOpen(paraProps{keepNext: true})
		fmt.Fprintf(w, `<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="%d" cy="%d"/>`+
			`<wp:effectExtent l="0" t="0" r="0" b="0"/>`+
			`<wp:docPr id="%d" name="Diagram %d" descr="%s" title="%s"/><wp:cNvGraphicFramePr/>`+
			`<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart">`+
			`<c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" r:id="%s"/>`+
			`</a:graphicData></a:graphic></wp:inline></w:drawing></w:r>`,
			cx, cy, id, id, esc(alt), esc(c.Title), chartRelID(len(w.charts)-1))
		w.pClose()
	}
	w.para(paraProps{style: styleCaption}, c.Title, runProps{})
	if c.Table != nil {
		w.table(c.Table)
	}
}

// chartHeight is the chart's height in thousandths of its width: a bar chart grows with
// its rows, a line chart is half as high as wide.
func chartHeight(c *report.Chart) int {
	if c.Kind == "line" {
		return 520
	}
	return min(1400, 300+len(c.Categories)*len(c.Series)*70)
}

const (
	ink      = "1B1B1B"
	navy     = "12344D"
	ochre    = "8A5A00"
	gridGrey = "D0D0D0"
)

// richText is a chart title or axis title.
func richText(s string, size int, bold bool) string {
	b := "0"
	if bold {
		b = "1"
	}
	return fmt.Sprintf(`<c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="%d" b="%s"/></a:pPr>`+
		`<a:r><a:rPr lang="sv-SE" sz="%d" b="%s"/><a:t>%s</a:t></a:r></a:p></c:rich></c:tx>`, size, b, size, b, esc(s))
}

// numFormat is the Excel number format with the decimals of the chart's figures; Word
// shows it with the reader's separators (in Swedish 1 234,5).
func numFormat(decimals int) string {
	if decimals <= 0 {
		return "[$-41D]#,##0"
	}
	return "[$-41D]#,##0." + strings.Repeat("0", decimals)
}

// decimals is the most decimals a figure of the chart has.
func decimals(c *report.Chart) int {
	d := 0
	for _, s := range c.Series {
		for _, v := range s.Values {
			if v != nil {
				d = max(d, v.Scale())
			}
		}
	}
	return d
}

// float is a figure as the chart part stores it: a plain decimal with a point.
func float(d *tertial.Decimal) string { return d.String() }

// chartXML is the chart part of a chart.
func chartXML(c *report.Chart) string {
	ax := c.Axis()
	dec := decimals(c)
	format := numFormat(dec)
	line := c.Kind == "line"
	var b strings.Builder
	b.WriteString(xmlHeader)
	b.WriteString(`<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">`)
	b.WriteString(`<c:date1904 val="0"/><c:lang val="` + Language + `"/><c:roundedCorners val="0"/><c:chart>`)
	b.WriteString(`<c:title>` + richText(c.Title, 1100, true) + `<c:overlay val="0"/></c:title><c:autoTitleDeleted val="0"/>`)
	b.WriteString(`<c:plotArea><c:layout/>`)
	if line {
		b.WriteString(`<c:lineChart><c:grouping val="standard"/><c:varyColors val="0"/>`)
	} else {
		b.WriteString(`<c:barChart><c:barDir val="bar"/><c:grouping val="clustered"/><c:varyColors val="0"/>`)
	}
	n := 0
	cats := categories(c.Categories)
	for si, s := range c.Series {
		fmt.Fprintf(&b, `<c:ser><c:idx val="%d"/><c:order val="%d"/><c:tx><c:v>%s</c:v></c:tx>`, n, n, esc(s.Name))
		if line {
			dash := []string{"solid", "dash", "sysDot"}[si%3]
			fmt.Fprintf(&b, `<c:spPr><a:ln w="28575" cap="rnd"><a:solidFill><a:srgbClr val="%s"/></a:solidFill><a:prstDash val="%s"/><a:round/></a:ln></c:spPr>`, navy, dash)
			fmt.Fprintf(&b, `<c:marker><c:symbol val="circle"/><c:size val="6"/><c:spPr><a:solidFill><a:srgbClr val="%s"/></a:solidFill><a:ln><a:solidFill><a:srgbClr val="%s"/></a:solidFill></a:ln></c:spPr></c:marker>`, navy, navy)
		} else if si%2 == 0 {
			fmt.Fprintf(&b, `<c:spPr><a:solidFill><a:srgbClr val="%s"/></a:solidFill><a:ln w="6350"><a:solidFill><a:srgbClr val="%s"/></a:solidFill></a:ln></c:spPr><c:invertIfNegative val="0"/>`, navy, ink)
		} else {
			// The second series is striped, so that it differs by more than colour.
			fmt.Fprintf(&b, `<c:spPr><a:pattFill prst="wdUpDiag"><a:fgClr><a:srgbClr val="%s"/></a:fgClr><a:bgClr><a:srgbClr val="FFFFFF"/></a:bgClr></a:pattFill><a:ln w="6350"><a:solidFill><a:srgbClr val="%s"/></a:solidFill></a:ln></c:spPr><c:invertIfNegative val="0"/>`, ochre, ink)
		}
		pos := "outEnd"
		if line {
			pos = "t"
		}
		fmt.Fprintf(&b, `<c:dLbls><c:numFmt formatCode="%s" sourceLinked="0"/><c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>`+
			`<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="900" b="%d"/></a:pPr><a:endParaRPr lang="sv-SE"/></a:p></c:txPr>`+
			`<c:dLblPos val="%s"/><c:showLegendKey val="0"/><c:showVal val="1"/><c:showCatName val="0"/><c:showSerName val="0"/><c:showPercent val="0"/><c:showBubbleSize val="0"/></c:dLbls>`,
			format, btoi(line), pos)
		b.WriteString(cats)
		b.WriteString(values(s.Values, format))
		if line {
			b.WriteString(`<c:smooth val="0"/>`)
		}
		b.WriteString(`</c:ser>`)
		n++
	}
	if line {
		// Targets: a dashed line across the chart each, named in the legend, no labels.
		for mi, m := range c.Markers {
			v := m.Value
			vals := make([]*tertial.Decimal, len(c.Categories))
			for i := range vals {
				vals[i] = &v
			}
			dash := []string{"dash", "sysDot"}[mi%2]
			fmt.Fprintf(&b, `<c:ser><c:idx val="%d"/><c:order val="%d"/><c:tx><c:v>%s</c:v></c:tx>`, n, n, esc(m.Label))
			fmt.Fprintf(&b, `<c:spPr><a:ln w="19050"><a:solidFill><a:srgbClr val="%s"/></a:solidFill><a:prstDash val="%s"/></a:ln></c:spPr><c:marker><c:symbol val="none"/></c:marker>`, ochre, dash)
			b.WriteString(`<c:dLbls><c:delete val="1"/></c:dLbls>`)
			b.WriteString(cats)
			b.WriteString(values(vals, format))
			b.WriteString(`<c:smooth val="0"/></c:ser>`)
			n++
		}
		b.WriteString(`<c:marker val="1"/><c:axId val="1"/><c:axId val="2"/></c:lineChart>`)
	} else {
		b.WriteString(`<c:gapWidth val="60"/><c:axId val="1"/><c:axId val="2"/></c:barChart>`)
	}
	// The category axis: years left to right, or rows top to bottom in the table's order.
	catTitle, catPos, valPos, orient := "År", "b", "l", "minMax"
	if !line {
		catTitle, catPos, valPos, orient = "", "l", "b", "maxMin"
	}
	fmt.Fprintf(&b, `<c:catAx><c:axId val="1"/><c:scaling><c:orientation val="%s"/></c:scaling><c:delete val="0"/><c:axPos val="%s"/>`, orient, catPos)
	if catTitle != "" {
		b.WriteString(`<c:title>` + richText(catTitle, 900, false) + `<c:overlay val="0"/></c:title>`)
	}
	b.WriteString(`<c:numFmt formatCode="General" sourceLinked="0"/><c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="low"/>`)
	fmt.Fprintf(&b, `<c:spPr><a:ln w="9525"><a:solidFill><a:srgbClr val="%s"/></a:solidFill></a:ln></c:spPr>`, ink)
	b.WriteString(`<c:crossAx val="2"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>`)
	// The value axis: the report's range and ticks; its title the unit, and where a
	// broken axis starts.
	valTitle := c.Unit
	if ax.Break {
		valTitle = strings.TrimSpace(valTitle + " (axeln börjar vid " + ax.Start() + ")")
	}
	lo, hi := ax.Min, ax.Max
	if !line {
		// Room for the data labels past the longest bars: a step more on each side that
		// has bars, so that a label does not run into the row labels.
		for _, v := range c.Floats() {
			if v < 0 && lo == ax.Min {
				lo -= ax.Step
			}
			if v > 0 && hi == ax.Max {
				hi += ax.Step
			}
		}
	}
	fmt.Fprintf(&b, `<c:valAx><c:axId val="2"/><c:scaling><c:orientation val="minMax"/><c:max val="%s"/><c:min val="%s"/></c:scaling><c:delete val="0"/><c:axPos val="%s"/>`,
		num(hi), num(lo), valPos)
	fmt.Fprintf(&b, `<c:majorGridlines><c:spPr><a:ln w="6350"><a:solidFill><a:srgbClr val="%s"/></a:solidFill></a:ln></c:spPr></c:majorGridlines>`, gridGrey)
	if valTitle != "" {
		b.WriteString(`<c:title>` + richText(valTitle, 900, false) + `<c:overlay val="0"/></c:title>`)
	}
	fmt.Fprintf(&b, `<c:numFmt formatCode="%s" sourceLinked="0"/><c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>`, numFormat(axisDecimals(ax)))
	fmt.Fprintf(&b, `<c:spPr><a:ln w="9525"><a:solidFill><a:srgbClr val="%s"/></a:solidFill></a:ln></c:spPr>`, ink)
	crosses := `<c:crosses val="autoZero"/>`
	if !line {
		crosses = `<c:crosses val="max"/>` // under the last row, as the categories run top to bottom
	}
	fmt.Fprintf(&b, `<c:crossAx val="1"/>%s<c:crossBetween val="between"/><c:majorUnit val="%s"/></c:valAx>`, crosses, num(ax.Step))
	b.WriteString(`</c:plotArea><c:legend><c:legendPos val="b"/><c:overlay val="0"/></c:legend><c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart>`)
	b.WriteString(`<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="900"><a:solidFill><a:srgbClr val="` + ink + `"/></a:solidFill><a:latin typeface="Arial"/></a:defRPr></a:pPr><a:endParaRPr lang="sv-SE"/></a:p></c:txPr>`)
	b.WriteString(`</c:chartSpace>`)
	return b.String()
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// axisDecimals is the decimals the axis's step needs: 0 for 5, 1 for 0,5, 2 for 0,02.
func axisDecimals(ax report.Axis) int {
	d := 0
	for s := ax.Step; s < 0.999 && d < 6; s *= 10 {
		d++
	}
	return d
}

// num writes a position of the axis as the chart part stores numbers.
func num(f float64) string { return strconv.FormatFloat(f, 'g', 12, 64) }

// categories is a series' categories as literal text.
func categories(cats []string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<c:cat><c:strLit><c:ptCount val="%d"/>`, len(cats))
	for i, c := range cats {
		fmt.Fprintf(&b, `<c:pt idx="%d"><c:v>%s</c:v></c:pt>`, i, esc(c))
	}
	b.WriteString(`</c:strLit></c:cat>`)
	return b.String()
}

// values is a series' values as literal numbers; a missing value is left out (a gap).
func values(vals []*tertial.Decimal, format string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<c:val><c:numLit><c:formatCode>%s</c:formatCode><c:ptCount val="%d"/>`, format, len(vals))
	for i, v := range vals {
		if v != nil {
			fmt.Fprintf(&b, `<c:pt idx="%d"><c:v>%s</c:v></c:pt>`, i, float(v))
		}
	}
	b.WriteString(`</c:numLit></c:val>`)
	return b.String()
}
