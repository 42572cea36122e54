package docxreport

import (
	"encoding/xml"
	"fmt"
	"strings"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/report"
)

// tocPlaceholder is the table of contents until Word updates the field.
const tocPlaceholder = "Högerklicka och välj Uppdatera fält för att visa innehållsförteckningen."

// writer writes word/document.xml and collects what other parts need: hyperlink targets
// (relationships), numbered lists (numbering), pictures (media) and charts (charts).
type writer struct {
	strings.Builder
	doc        *report.Document
	links      []string
	linkIndex  map[string]int
	ordered    []orderedList
	images     []picture
	charts     []string // word/charts/chartN.xml, in order
	headings   int      // headings written so far
	drawingIDs int
	cellSize   int // the text size (half-points) of the table being written, when not the style's
}

type orderedList struct{ start, level int }

func newWriter(doc *report.Document) *writer {
	return &writer{doc: doc, linkIndex: map[string]int{}}
}

// esc escapes s for XML text and attribute values. Characters XML cannot hold become
// U+FFFD.
func esc(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

// runProps are the properties of a run of text.
type runProps struct {
	bold, italic, code, small bool
	style, color              string
	size                      int // half-points; 0 is the style's (or the small size)
}

func (p runProps) xml() string {
	var b strings.Builder
	if p.style != "" {
		b.WriteString(`<w:rStyle w:val="` + p.style + `"/>`)
	}
	if p.code {
		b.WriteString(`<w:rFonts w:ascii="Courier New" w:hAnsi="Courier New" w:cs="Courier New"/>`)
	}
	if p.bold {
		b.WriteString(`<w:b/><w:bCs/>`)
	}
	if p.italic {
		b.WriteString(`<w:i/><w:iCs/>`)
	}
	if p.color != "" {
		b.WriteString(`<w:color w:val="` + p.color + `"/>`)
	}
	if size := p.size; size > 0 || p.small {
		if size == 0 {
			size = tableTextSize - 2
		}
		fmt.Fprintf(&b, `<w:sz w:val="%d"/><w:szCs w:val="%d"/>`, size, size)
	}
	if b.Len() == 0 {
		return ""
	}
	return "<w:rPr>" + b.String() + "</w:rPr>"
}

// paraProps are the properties of a paragraph.
type paraProps struct {
	style           string
	keepNext        bool
	noPageBreak     bool   // override the style's page break before
	numID, ilvl     int    // list numbering when numID > 0
	indent          int    // left indent in twips
	right           bool   // right-aligned
	fill            string // shading, RRGGBB
	spacingAfterNil bool
}

func (p paraProps) xml() string {
	var b strings.Builder
	if p.style != "" {
		b.WriteString(`<w:pStyle w:val="` + p.style + `"/>`)
	}
	if p.keepNext {
		b.WriteString(`<w:keepNext/>`)
	}
	if p.noPageBreak {
		b.WriteString(`<w:pageBreakBefore w:val="0"/>`)
	}
	if p.numID > 0 {
		fmt.Fprintf(&b, `<w:numPr><w:ilvl w:val="%d"/><w:numId w:val="%d"/></w:numPr>`, p.ilvl, p.numID)
	}
	if p.fill != "" {
		b.WriteString(`<w:shd w:val="clear" w:color="auto" w:fill="` + p.fill + `"/>`)
	}
	if p.spacingAfterNil {
		b.WriteString(`<w:spacing w:after="0"/>`)
	}
	if p.indent > 0 {
		fmt.Fprintf(&b, `<w:ind w:left="%d"/>`, p.indent)
	}
	if p.right {
		b.WriteString(`<w:jc w:val="right"/>`)
	}
	if b.Len() == 0 {
		return ""
	}
	return "<w:pPr>" + b.String() + "</w:pPr>"
}

func (w *writer) pOpen(p paraProps) { w.WriteString("<w:p>" + p.xml()) }
func (w *writer) pClose()           { w.WriteString("</w:p>") }

// text writes s as runs: line breaks become w:br and tabs w:tab.
func (w *writer) text(s string, p runProps) {
	if s == "" {
		return
	}
	if w.cellSize > 0 && p.size == 0 {
		p.size = w.cellSize
		if p.small {
			p.size -= 2
		}
	}
	rpr := p.xml()
	w.WriteString("<w:r>" + rpr)
	for i, line := range strings.Split(s, "\n") {
		if i > 0 {
			w.WriteString("<w:br/>")
		}
		for j, part := range strings.Split(line, "\t") {
			if j > 0 {
				w.WriteString("<w:tab/>")
			}
			if part != "" {
				w.WriteString(`<w:t xml:space="preserve">` + esc(part) + `</w:t>`)
			}
		}
	}
	w.WriteString("</w:r>")
}

// para writes a paragraph of plain text.
func (w *writer) para(p paraProps, s string, r runProps) {
	w.pOpen(p)
	w.text(s, r)
	w.pClose()
}

// document writes word/document.xml.
func (w *writer) document() {
	w.WriteString(xmlHeader)
	w.WriteString(`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"` +
		` xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"` +
		` xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"` +
		` xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"` +
		` xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><w:body>`)
	w.cover()
	for _, s := range w.doc.Sections {
		w.section(s)
	}
	titlePg := ""
	if w.doc.Cover {
		titlePg = `<w:titlePg/>`
	}
	fmt.Fprintf(w, `<w:sectPr><w:footerReference w:type="default" r:id="rId4"/><w:pgSz w:w="%d" w:h="%d"/>`+
		`<w:pgMar w:top="%d" w:right="%d" w:bottom="%d" w:left="%d" w:header="567" w:footer="567" w:gutter="0"/>%s</w:sectPr>`,
		pageWidth, pageHeight, margin, margin, margin, margin, titlePg)
	w.WriteString(`</w:body></w:document>`)
}

// cover writes the title, unit, municipality and cut-off date (or the cover's labelled
// facts) and the cover's text; with a cover, a page break follows.
func (w *writer) cover() {
	d := w.doc
	w.logo()
	title, titleRun := paraProps{style: styleTitle}, runProps{}
	if _, ok := tertial.RelativeLuminance(d.Colour); ok {
		// The municipality's colour: the title in white on a band of it (4.5:1 or more).
		title.fill, titleRun.color = strings.ToUpper(d.Colour[1:]), "FFFFFF"
	}
	w.para(title, d.Title, titleRun)
	w.para(paraProps{style: styleSubtitle}, d.Unit, runProps{})
	type line struct{ label, text string }
	lines := []line{}
	if d.Municipality != "" {
		lines = append(lines, line{text: d.Municipality})
	}
	if len(d.Facts) > 0 {
		for _, f := range d.Facts {
			lines = append(lines, line{label: f.Label + ": ", text: f.Value})
		}
	} else if d.Dated != "" {
		lines = append(lines, line{text: d.Dated})
	}
	text := d.Cover && d.CoverText != ""
	for i, l := range lines {
		w.pOpen(paraProps{})
		if l.label != "" {
			w.text(l.label, runProps{bold: true})
		}
		w.text(l.text, runProps{})
		if d.Cover && !text && i == len(lines)-1 {
			w.WriteString(`<w:r><w:br w:type="page"/></w:r>`)
		}
		w.pClose()
	}
	if text {
		w.markdown(d.CoverText, mdContext{headingLevel: 2, style: ""})
	}
	if d.Cover && (text || len(lines) == 0) {
		w.WriteString(`<w:p><w:r><w:br w:type="page"/></w:r></w:p>`)
	}
}

// hasTOC reports whether the section holds the table of contents.
func hasTOC(s *report.Section) bool {
	for _, b := range s.Blocks {
		if _, ok := b.(*report.TOC); ok {
			return true
		}
	}
	return false
}

// section writes a heading and the section's blocks. HTML level 2 is Heading 1, level 3
// Heading 2 and so on; the section that holds the table of contents gets TOC Heading, which
// is outside the outline.
func (w *writer) section(s *report.Section) {
	p := paraProps{style: headingStyle(s.Level - 1)}
	if hasTOC(s) {
		p.style = styleTOCHeading
	}
	if w.headings == 0 {
		p.noPageBreak = true // the first heading follows the cover's page break, or the title
	}
	w.headings++
	w.para(p, s.Title, runProps{})
	for _, b := range s.Blocks {
		w.block(b)
	}
}

// block writes one block. A new kind of block is added here.
func (w *writer) block(b report.Block) {
	switch b := b.(type) {
	case *report.Section:
		w.section(b)
	case *report.Markdown:
		w.markdown(b.Text, mdContext{headingLevel: b.HeadingLevel, style: ""})
	case *report.Paragraph:
		// A goal's assessment is shaded in its level's colour, beside the level's name.
		w.para(paraProps{fill: b.Colour.Fill()}, b.Text, runProps{})
	case *report.Notice:
		w.pOpen(paraProps{style: styleNotice})
		w.text("Saknas: ", runProps{bold: true})
		w.text(b.Text, runProps{})
		w.pClose()
	case *report.List:
		for _, item := range b.Items {
			w.para(paraProps{style: styleListPara, numID: 1}, item, runProps{})
		}
	case *report.TOC:
		w.toc()
	case *report.Table:
		w.table(b)
	case *report.Chart:
		w.chart(b)
	}
}

// toc writes the table of contents as a field over Heading 1–3 that Word fills in when it
// updates the fields (settings.xml asks it to on opening).
func (w *writer) toc() {
	w.pOpen(paraProps{style: "TOC1"})
	w.WriteString(`<w:r><w:fldChar w:fldCharType="begin" w:dirty="true"/></w:r>`)
	w.WriteString(`<w:r><w:instrText xml:space="preserve"> TOC \o "1-3" \h \z \u </w:instrText></w:r>`)
	w.WriteString(`<w:r><w:fldChar w:fldCharType="separate"/></w:r>`)
	w.text(tocPlaceholder, runProps{italic: true})
	w.WriteString(`<w:r><w:fldChar w:fldCharType="end"/></w:r>`)
	w.pClose()
}

// symbolColor colours a status or assessment symbol by its class; the text beside it says
// the same in words.
// cellInk is the colour of a cell's symbol: its scale level's own colour, or the colour
// its class has always given it.
func cellInk(c report.Cell) string {
	if ink := c.Colour.Ink(); ink != "" {
		return ink
	}
	return symbolColor(c.Class)
}

func symbolColor(class string) string {
	switch {
	case strings.Contains(class, "good"), strings.Contains(class, "done"), strings.Contains(class, "reaches"):
		return "2E7D32"
	case strings.Contains(class, "warn"), strings.Contains(class, "approaches"), strings.Contains(class, "near"):
		return "B26A00"
	case strings.Contains(class, "bad"), strings.Contains(class, "misses"), strings.Contains(class, "not"):
		return "C62828"
	}
	return ""
}

// headSlot is a header cell placed on the table grid; cont marks the continuation of a
// cell spanning rows from above (w:vMerge).
type headSlot struct {
	cell    report.HeadCell
	col     int
	span    int
	restart bool
	cont    bool
}

// layoutHead places the header cells on the grid, the way HTML places th with colspan and
// rowspan, and returns the rows and the number of columns.
func layoutHead(head [][]report.HeadCell) ([][]headSlot, int) {
	type taken struct{ until, span int } // rows [.., until) of a column are taken
	occupied := map[int]taken{}
	var rows [][]headSlot
	cols := 0
	for r, cells := range head {
		var row []headSlot
		col := 0
		fill := func() {
			for {
				t, ok := occupied[col]
				if !ok || t.until <= r {
					return
				}
				row = append(row, headSlot{col: col, span: t.span, cont: true})
				col += t.span
			}
		}
		for _, c := range cells {
			fill()
			span := max(c.ColSpan, 1)
			s := headSlot{cell: c, col: col, span: span}
			if c.RowSpan > 1 {
				s.restart = true
				occupied[col] = taken{until: r + c.RowSpan, span: span}
			}
			row = append(row, s)
			col += span
		}
		fill()
		cols = max(cols, col)
		rows = append(rows, row)
	}
	return rows, cols
}

func spanWidth(widths []int, col, span int) int {
	w := 0
	for i := col; i < col+span && i < len(widths); i++ {
		w += widths[i]
	}
	return w
}

// table writes the caption (Caption style, kept with the table) and the table: header
// rows repeated on every page, no row split across pages, numbers right-aligned, sum and
// total rows bold, group rows italic, row headers indented by depth.
func (w *writer) table(t *report.Table) {
	head, cols := layoutHead(t.Head)
	for _, r := range t.Rows {
		cols = max(cols, 1+len(r.Cells))
	}
	if cols == 0 {
		return
	}
	widths, size := tableLayout(t, head, cols)
	if t.Caption != "" {
		w.para(paraProps{style: styleCaption, keepNext: true}, t.Caption, runProps{})
	}
	w.WriteString(`<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="5000" w:type="pct"/><w:tblLayout w:type="fixed"/>` +
		`<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/>`)
	if t.Caption != "" {
		w.WriteString(`<w:tblCaption w:val="` + esc(t.Caption) + `"/>`)
	}
	w.WriteString(`</w:tblPr><w:tblGrid>`)
	for _, x := range widths {
		fmt.Fprintf(w, `<w:gridCol w:w="%d"/>`, x)
	}
	w.WriteString(`</w:tblGrid>`)
	if size != tableTextSize {
		w.cellSize = size
	}

	for _, row := range head {
		w.WriteString(`<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>`)
		col := 0
		for _, s := range row {
			w.tcOpen(spanWidth(widths, s.col, s.span), s.span, s.restart, s.cont, "E8EDF4", false)
			col = s.col + s.span
			if s.cont {
				continue // tcOpen wrote the whole continuation cell
			}
			w.para(paraProps{style: styleTableHeading, right: s.cell.Numeric && !s.cell.Group}, s.cell.Text, runProps{})
			w.WriteString(`</w:tc>`)
		}
		for ; col < cols; col++ {
			w.tcOpen(widths[col], 1, false, false, "E8EDF4", false)
			w.WriteString(`<w:p><w:pPr><w:pStyle w:val="TableHeading"/></w:pPr></w:p></w:tc>`)
		}
		w.WriteString(`</w:tr>`)
	}

	for _, r := range t.Rows {
		rp := runProps{bold: r.Class == "sum" || r.Class == "total", italic: r.Class == "group"}
		topRule := r.Class == "total"
		if r.Full {
			// One cell across the table: a group's heading, or a note on the row above,
			// kept with the row it belongs to.
			w.WriteString(`<w:tr><w:trPr><w:cantSplit/></w:trPr>`)
			w.tcOpen(spanWidth(widths, 0, cols), cols, false, false, "", false)
			w.cell(r.Header, rp, r.Depth*indentStep)
			w.WriteString(`</w:tc></w:tr>`)
			continue
		}
		w.WriteString(`<w:tr><w:trPr><w:cantSplit/></w:trPr>`)
		w.tcOpen(widths[0], 1, false, false, "", topRule)
		w.cell(r.Header, rp, r.Depth*indentStep)
		w.WriteString(`</w:tc>`)
		for i := 1; i < cols; i++ {
			fill := ""
			if i-1 < len(r.Cells) {
				// A scale level's colour shades its cell, beside its name.
				fill = r.Cells[i-1].Colour.Fill()
			}
			w.tcOpen(widths[i], 1, false, false, fill, topRule)
			if i-1 < len(r.Cells) {
				w.cell(r.Cells[i-1], rp, 0)
			} else {
				w.WriteString(`<w:p><w:pPr><w:pStyle w:val="TableText"/></w:pPr></w:p>`)
			}
			w.WriteString(`</w:tc>`)
		}
		w.WriteString(`</w:tr>`)
	}
	w.WriteString(`</w:tbl>`)
	w.cellSize = 0 // the notes under the table have their own size
	for _, n := range t.Notes {
		w.markdown(n, mdContext{headingLevel: 6, style: styleNote, inTable: true})
	}
	if len(t.Notes) == 0 {
		// A paragraph after the table keeps two tables in a row apart.
		w.WriteString(`<w:p><w:pPr><w:spacing w:after="0"/><w:rPr><w:sz w:val="8"/></w:rPr></w:pPr></w:p>`)
	}
}

// tcOpen opens a table cell with its properties in the schema's order.
func (w *writer) tcOpen(width, span int, restart, cont bool, fill string, topRule bool) {
	fmt.Fprintf(w, `<w:tc><w:tcPr><w:tcW w:w="%d" w:type="dxa"/>`, width)
	if span > 1 {
		fmt.Fprintf(w, `<w:gridSpan w:val="%d"/>`, span)
	}
	if restart {
		w.WriteString(`<w:vMerge w:val="restart"/>`)
	} else if cont {
		w.WriteString(`<w:vMerge/>`)
	}
	if topRule {
		w.WriteString(`<w:tcBorders><w:top w:val="single" w:sz="12" w:space="0" w:color="404040"/></w:tcBorders>`)
	}
	if fill != "" {
		w.WriteString(`<w:shd w:val="clear" w:color="auto" w:fill="` + fill + `"/>`)
	}
	w.WriteString(`<w:vAlign w:val="top"/></w:tcPr>`)
	if cont {
		w.WriteString(`<w:p><w:pPr><w:pStyle w:val="TableHeading"/></w:pPr></w:p></w:tc>`)
	}
}

// cell writes a table cell's content: symbol, text or Markdown, and detail.
func (w *writer) cell(c report.Cell, rp runProps, indent int) {
	p := paraProps{style: styleTableText, indent: indent}
	if c.Numeric {
		p.style = styleTableNumber
	}
	if c.Markdown != "" {
		if c.Symbol != "" {
			w.pOpen(p)
			w.text(c.Symbol, runProps{color: cellInk(c)})
			w.pClose()
		}
		w.markdown(c.Markdown, mdContext{headingLevel: 6, style: p.style, inTable: true, run: rp})
		if c.Detail != "" {
			w.para(p, "("+c.Detail+")", runProps{small: true})
		}
		return
	}
	w.pOpen(p)
	if c.Symbol != "" {
		sp := rp
		sp.color = cellInk(c)
		w.text(c.Symbol+" ", sp)
	}
	w.text(c.Text, rp)
	if c.Detail != "" {
		dp := rp
		dp.small = true
		w.text(" ("+c.Detail+")", dp)
	}
	w.pClose()
}
