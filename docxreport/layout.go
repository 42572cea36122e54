package docxreport

import (
	"regexp"
	"strings"

	"github.com/tertial/tertial/report"
)

// Table text sizes in half-points: the Table Text style's size and the size of a cell's
// detail ("prognos"), which is two half-points smaller whatever the table's size.
const (
	tableTextSize = 17
	minTableSize  = 12 // the smallest size a wide table shrinks to (6 pt)
)

// indentStep is the left indent (twips) of a row header per level of depth.
const indentStep = 170

// cellPadding is a cell's left and right margin (the Table Grid style's 85 twips each) and
// a little room for the border and rounding.
const cellPadding = 2*85 + 40

// runeWidth is the advance width of r in thousandths of an em, rounded up from DejaVu Sans
// Bold. The document names Arial, but a reader without Arial or a metric clone (Liberation
// Sans) gets another font, most often DejaVu Sans on Linux, which is about 15 % wider than
// Arial; its bold is the widest of the common sans-serif fonts. A column measured with
// these widths holds its text in any of them.
func runeWidth(r rune) int {
	switch {
	case r >= '0' && r <= '9':
		return 700
	case r == ' ' || r == '\u00a0' || r == '\u202f':
		return 350
	case strings.ContainsRune(".,:;'|iIjJl", r):
		return 400
	case strings.ContainsRune("()[]-/ftr–", r):
		return 500
	case strings.ContainsRune("mwMW%", r):
		return 1110
	case r >= 'A' && r <= 'Z', strings.ContainsRune("ÅÄÖÉÜ", r):
		return 850
	case r >= 'a' && r <= 'z', strings.ContainsRune("åäöéüß", r):
		return 720
	}
	return 1000 // the minus sign, ≥, symbols and anything else: a full em
}

// emWidth is the width of s in thousandths of an em.
func emWidth(s string) int {
	n := 0
	for _, r := range s {
		n += runeWidth(r)
	}
	return n
}

// twips converts a width in thousandths of an em at size (half-points) to twips, with 5 %
// to spare for kerning and hinting: size/2 points per em, 20 twips per point.
func twips(em, size int) int { return (em*size*105 + 9999) / 10000 }

// words splits s where a line may break: at ordinary spaces and line breaks only. A
// no-break space (between thousands, before a unit) joins, so "646 444" is one word.
func words(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '\n' || r == '\t' })
}

// widest is the width of the widest word in s, in thousandths of an em.
func widest(s string) int {
	w := 0
	for _, word := range words(s) {
		w = max(w, emWidth(word))
	}
	return w
}

var (
	mdLinkTarget = regexp.MustCompile(`\]\([^)]*\)`)
	mdMarks      = strings.NewReplacer("*", "", "_", "", "`", "", "#", "", ">", "", "[", "", "]", "")
)

// shownText is the text a cell shows, near enough to measure it: the symbol, the text or
// the Markdown without its marks and link targets, and the detail in brackets.
func shownText(c report.Cell) string {
	text := c.Text
	if c.Markdown != "" {
		text = mdMarks.Replace(mdLinkTarget.ReplaceAllString(c.Markdown, "]"))
	}
	if c.Symbol != "" {
		text = c.Symbol + " " + text
	}
	if c.Detail != "" {
		text += " (" + c.Detail + ")"
	}
	return text
}

// tableLayout chooses a table's column widths (twips, adding up to the text width) and
// its text size (half-points). Every column is at least as wide as its header's widest
// word and its widest figure (a number with its no-break spaces), so that neither breaks
// inside; a table where these do not fit at the normal size is set smaller, down to
// minTableSize. The room left goes first to the columns whose widest word of text would
// break, then to those whose text would wrap.
func tableLayout(t *report.Table, head [][]headSlot, cols int) (widths []int, size int) {
	for size = tableTextSize; size > minTableSize; size-- {
		if n := columnNeeds(t, head, cols, size); sum(n.hard) <= textWidth {
			break
		}
	}
	n := columnNeeds(t, head, cols, size)
	return share(textWidth, n.hard, n.soft, n.want), size
}

// needs are the widths (twips) a table's columns need at a text size: hard holds each
// column's header words and figures whole, soft its other words too (up to a sixth of
// the text width: a longer word may break), want its longest text on one line (up to half
// the text width; for Markdown, two thirds). Each is at least the one before.
type needs struct{ hard, soft, want []int }

func columnNeeds(t *report.Table, head [][]headSlot, cols, size int) needs {
	n := needs{make([]int, cols), make([]int, cols), make([]int, cols)}
	widthOf := func(em, indent int) int { return min(twips(em, size)+cellPadding+indent, textWidth/2) }
	floor := widthOf(runeWidth('0')*3, 0) // an empty column still holds a short figure
	for i := range cols {
		n.hard[i] = floor
	}
	need := func(col int, c report.Cell, indent int) {
		if col >= cols {
			return
		}
		text := shownText(c)
		word := widthOf(widest(text), indent)
		if c.Numeric && c.Markdown == "" {
			n.hard[col] = max(n.hard[col], word)
		}
		n.soft[col] = max(n.soft[col], min(word, textWidth/6))
		want := widthOf(emWidth(text), indent)
		if c.Markdown != "" {
			want = textWidth * 2 / 3
		}
		n.want[col] = max(n.want[col], want)
	}
	for _, r := range t.Rows {
		if r.Full {
			continue // a row of one cell across the table wraps in the table's width
		}
		need(0, r.Header, r.Depth*indentStep)
		for i, c := range r.Cells {
			need(i+1, c, 0)
		}
	}
	type spanNeed struct{ col, span, width int }
	var spans []spanNeed
	for _, row := range head {
		for _, s := range row {
			if s.cont || s.cell.Text == "" {
				continue
			}
			w := widthOf(widest(s.cell.Text), 0)
			if s.span == 1 {
				n.hard[s.col] = max(n.hard[s.col], w)
				n.want[s.col] = max(n.want[s.col], widthOf(emWidth(s.cell.Text), 0))
			} else {
				spans = append(spans, spanNeed{s.col, s.span, w})
			}
		}
	}
	// A header over several columns: widen them evenly until its widest word fits.
	for _, s := range spans {
		end := min(s.col+s.span, cols)
		if have := sum(n.hard[s.col:end]); have < s.width {
			for i := s.col; i < end; i++ {
				n.hard[i] += (s.width - have + end - s.col - 1) / (end - s.col)
			}
		}
	}
	for i := range cols {
		n.soft[i] = max(n.soft[i], n.hard[i])
		n.want[i] = max(n.want[i], n.soft[i])
	}
	return n
}

// share divides total between the columns. Each gets its width at the first level; the
// room left goes to the columns short of the next level, in proportion to what they lack,
// level by level, and what is left after the last in proportion to the last. When even
// the first level does not fit, it shrinks in proportion.
func share(total int, levels ...[]int) []int {
	widths := append([]int(nil), levels[0]...)
	if least := sum(widths); least >= total {
		for i, w := range levels[0] {
			widths[i] = w * total / least
		}
	} else {
		extra := total - least
		for _, level := range levels[1:] {
			lack := sum(level) - sum(widths)
			if lack >= extra {
				for i := range widths {
					widths[i] += extra * (level[i] - widths[i]) / lack
				}
				extra = 0
				break
			}
			copy(widths, level)
			extra -= lack
		}
		if extra > 0 {
			last := levels[len(levels)-1]
			for i := range widths {
				widths[i] += extra * last[i] / sum(last)
			}
		}
	}
	widths[0] += total - sum(widths) // what rounding left over
	return widths
}

func sum(xs []int) int {
	n := 0
	for _, x := range xs {
		n += x
	}
	return n
}
