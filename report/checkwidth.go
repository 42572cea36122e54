package report

import (
	"fmt"
	"regexp"
	"strings"
)

// The PDF's page and table geometry in points, from the print rules of htmlreport's
// report.css, which pdfreport prints with Chromium honouring the CSS page size:
// "@page { size: A4; margin: 20mm 18mm 22mm }", "html { font-size: 10pt }" in print,
// "table { font-size: .92rem }", "th, td { padding: .3rem .45rem }",
// "th.depth-1 { padding-left: 1.3rem }" (2.1 and 2.9 rem for depth 2 and 3),
// ".detail { font-size: .88em }", ".symbol { font-size: 1.05em }",
// "table.indicators tbody th { min-width: 13rem }" and
// "table.control td, table.assignments td { min-width: 8rem }". Cells have no vertical
// borders (border-collapse with bottom borders only).
const (
	mmPoints = 72 / 25.4
	// PDFTextWidth is the width of an A4 page's text in the PDF report, in points: 210 mm
	// less the 18 mm margins left and right.
	PDFTextWidth = (210 - 2*18) * mmPoints
	pdfRem       = 10.0
	pdfTableFont = 0.92 * pdfRem
	pdfCellPad   = 2 * 0.45 * pdfRem
)

// pdfDepthPadLeft is a row header's left padding by depth.
var pdfDepthPadLeft = []float64{0.45 * pdfRem, 1.3 * pdfRem, 2.1 * pdfRem, 2.9 * pdfRem}

// Advance widths in thousandths of an em of Liberation Sans and Liberation Sans Bold,
// the first font the print CSS names and the one the PDF embeds where it is installed
// (docs/development.md); they are Arial's widths, the second font named. Each string
// lists the characters of one width.
var (
	libSansRegular = fontWidths(map[int]string{
		191: "'", 222: "ijl", 278: " \u00a0\u202f.,:;!/[]ftI\\|", 333: "()-r\u00ad", 355: "\"", 400: "°",
		500: "cksvxyzJ", 556: "0123456789abdeghnopqu?$€#_åäöéèüáàß§–", 584: "+=<>−±×÷≤≥",
		611: "FTZ", 667: "ABEKPSVXYÅÄÉ&", 722: "CDHNRUwÜ", 778: "GOQÖ", 833: "mM", 889: "%", 944: "W", 1000: "—…",
	})
	libSansBold = fontWidths(map[int]string{
		238: "'", 278: " \u00a0\u202f.,/[]ijlI\\", 280: "|", 333: "()-:;!ft\u00ad", 389: "r", 400: "°", 474: "\"",
		500: "z", 556: "0123456789acekpsvxyJ$€#_åäé§–", 584: "+=<>−±×÷≤≥", 611: "bdghnoqu?FLTZöüèáàß",
		667: "EPSVXYÉ", 722: "ABCDHKNRUÅÄÜ&", 778: "wGOQÖ", 833: "M", 889: "m%", 944: "W", 1000: "—…",
	})
)

func fontWidths(groups map[int]string) map[rune]int {
	m := map[rune]int{}
	for w, chars := range groups {
		for _, r := range chars {
			m[r] = w
		}
	}
	return m
}

// pdfRuneWidth is the advance width of r in thousandths of an em in Liberation Sans;
// characters it lacks (✔, ●) come from a fallback font and count as a full em.
func pdfRuneWidth(r rune, bold bool) int {
	m := libSansRegular
	if bold {
		m = libSansBold
	}
	if w, ok := m[r]; ok {
		return w
	}
	return 1000
}

// pdfSlack is the share added to every measured width, for rounding and hinting: with
// it the measure errs wide of Chromium's own by a few percent (see checkwidth_test.go).
const pdfSlack = 1.03

// pdfWidth is the width of s in points at size points.
func pdfWidth(s string, size float64, bold bool) float64 {
	n := 0
	for _, r := range s {
		n += pdfRuneWidth(r, bold)
	}
	return float64(n) * size / 1000 * pdfSlack
}

// pdfWidest is the width of the widest word of s in points: lines break at ordinary
// spaces only, a no-break space (between thousands, before a unit) joins.
func pdfWidest(s string, size float64, bold bool) float64 {
	w := 0.0
	for _, word := range strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '\n' || r == '\t' }) {
		w = max(w, pdfWidth(word, size, bold))
	}
	return w
}

var (
	mdLinkTargets = regexp.MustCompile(`\]\([^)]*\)`)
	mdMarkChars   = strings.NewReplacer("*", "", "_", "", "`", "", "#", "", ">", "", "[", "", "]", "")
	mdListItem    = regexp.MustCompile(`(?m)^\s*([-*+]|\d+[.)])\s`)
)

// pdfCellMin is the narrowest a cell's content can be set in points: its widest word, or
// its whole text where the report does not let it wrap (figures and numeric headers).
func pdfCellMin(c Cell, bold bool) float64 {
	size := pdfTableFont
	var w float64
	switch {
	case c.Markdown != "":
		w = pdfWidest(mdMarkChars.Replace(mdLinkTargets.ReplaceAllString(c.Markdown, "]")), size, bold)
		if mdListItem.MatchString(c.Markdown) {
			w += 40 * 0.75 // a list's default 40 px indent
		}
	case c.Numeric:
		w = pdfWidth(c.Text, size, bold)
	default:
		w = pdfWidest(c.Text, size, bold)
	}
	if c.Symbol != "" {
		w = max(w, pdfWidth(c.Symbol, 1.05*size, bold))
	}
	if c.Detail != "" {
		w = max(w, pdfWidest("("+c.Detail+")", 0.88*size, bold))
	}
	return w
}

// PDFTableMinWidth returns the narrowest width in points the PDF report can set t in,
// and the column that needs the most: each column as wide as its widest word (its whole
// figure, for figures and numeric headers, which never wrap), with cell padding and the
// CSS minimum widths, and columns widened where a header spanning them needs more. Text
// is measured with DejaVu Sans widths (see pdfRuneWidth), so the estimate errs wide.
func PDFTableMinWidth(t *Table) (width float64, widest int, widestWidth float64) {
	cols := 0
	for _, r := range t.Rows {
		cols = max(cols, 1+len(r.Cells))
	}
	heads := headGrid(t)
	for _, h := range heads {
		cols = max(cols, h.col+h.n)
	}
	need := make([]float64, cols)
	for _, r := range t.Rows {
		bold := strings.Contains(r.Class, "sum") || strings.Contains(r.Class, "total")
		pad := pdfCellPad // deeper rows have no rule of their own
		if r.Depth < len(pdfDepthPadLeft) {
			pad = pdfDepthPadLeft[r.Depth] + pdfCellPad/2
		}
		h := pdfCellMin(r.Header, bold)
		if t.Class == "indicators" {
			h = max(h, 13*pdfRem)
		}
		need[0] = max(need[0], h+pad)
		for j, c := range r.Cells {
			w := pdfCellMin(c, bold)
			if t.Class == "control" || t.Class == "assignments" {
				w = max(w, 8*pdfRem)
			}
			need[j+1] = max(need[j+1], w+pdfCellPad)
		}
	}
	headWidth := func(h placedHead) float64 {
		if h.Numeric {
			return pdfWidth(h.Text, pdfTableFont, true) + pdfCellPad
		}
		return pdfWidest(h.Text, pdfTableFont, true) + pdfCellPad
	}
	for _, h := range heads {
		if h.n == 1 {
			need[h.col] = max(need[h.col], headWidth(h))
		}
	}
	for _, h := range heads {
		if h.n == 1 {
			continue
		}
		have := 0.0
		for j := h.col; j < h.col+h.n; j++ {
			have += need[j]
		}
		if extra := headWidth(h) - have; extra > 0 {
			for j := h.col; j < h.col+h.n; j++ {
				need[j] += extra / float64(h.n)
			}
		}
	}
	for j, w := range need {
		width += w
		if w > widestWidth {
			widest, widestWidth = j, w
		}
	}
	return width, widest, widestWidth
}

// tableWidths lists the report's tables that are wider than an A4 page's text in the
// PDF even at their narrowest, where Chromium lets them run off the page's edge.
func (c *checker) tableWidths(doc *Document) {
	var walk func(title string, blocks []Block)
	walk = func(title string, blocks []Block) {
		for _, b := range blocks {
			switch b := b.(type) {
			case *Section:
				walk(b.Title, b.Blocks)
			case *Table:
				c.tableWidth(title, b)
			case *Chart:
				if b.Table != nil {
					c.tableWidth(title, b.Table)
				}
			}
		}
	}
	for _, s := range doc.Sections {
		walk(s.Title, s.Blocks)
	}
}

func (c *checker) tableWidth(section string, t *Table) {
	w, col, colW := PDFTableMinWidth(t)
	if w <= PDFTextWidth {
		return
	}
	name := "radrubrikerna"
	if col > 0 {
		name = fmt.Sprintf("kolumn %d", col+1)
		if label := columnHead(t, col); label != "" {
			name += " «" + label + "»"
		}
	}
	c.add(fmt.Sprintf("avsnitt «%s», tabell «%s»", section, t.Caption),
		"är för bred för en A4-sida i PDF:en: den behöver minst %.0f mm men sidans textbredd är %.0f mm, så Chromium förminskar hela PDF:en till omkring %.0f %% för att tabellen ska rymmas; dela tabellen, ta bort kolumner eller korta de längsta orden (bredast är %s, %.0f mm)",
		w/mmPoints, PDFTextWidth/mmPoints, 100*PDFTextWidth/w, name, colW/mmPoints)
}

// placedHead is a header cell with the columns it spans.
type placedHead struct {
	HeadCell
	col, n int
}

// headGrid places the header cells: each takes the next free columns of its row, after
// those that a cell above holds with its row span.
func headGrid(t *Table) []placedHead {
	var out []placedHead
	taken := map[[2]int]bool{}
	for i, row := range t.Head {
		col := 0
		for _, h := range row {
			for taken[[2]int{i, col}] {
				col++
			}
			n := max(h.ColSpan, 1)
			for dr := range max(h.RowSpan, 1) {
				for dc := range n {
					taken[[2]int{i + dr, col + dc}] = true
				}
			}
			out = append(out, placedHead{h, col, n})
			col += n
		}
	}
	return out
}

// columnHead is the text of the lowest header cell over column col alone, "" when none.
func columnHead(t *Table, col int) string {
	label := ""
	for _, h := range headGrid(t) {
		if h.col == col && h.n == 1 {
			label = h.Text
		}
	}
	return label
}
