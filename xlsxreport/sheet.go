package xlsxreport

import (
	"archive/zip"
	"bytes"
	"cmp"
	"fmt"
	"io"
	"math/big"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/report"
	"github.com/tertial/tertial/sv"
)

// styles creates each cell style once, in the order first asked for.
type styles struct {
	f   *excelize.File
	ids map[string]int
	err error
}

func newStyles(f *excelize.File) *styles { return &styles{f: f, ids: map[string]int{}} }

func (s *styles) get(key string, mk func() *excelize.Style) int {
	if id, ok := s.ids[key]; ok {
		return id
	}
	id, err := s.f.NewStyle(mk())
	if err != nil && s.err == nil {
		s.err = err
	}
	s.ids[key] = id
	return id
}

func (s *styles) title() int {
	return s.get("title", func() *excelize.Style {
		return &excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}}
	})
}

// coverTitle is the contents sheet's title in the municipality's colour (RRGGBB).
func (s *styles) coverTitle(colour string) int {
	return s.get("covertitle/"+colour, func() *excelize.Style {
		return &excelize.Style{Font: &excelize.Font{Bold: true, Size: 14, Color: colour}}
	})
}

func (s *styles) subtitle() int {
	return s.get("subtitle", func() *excelize.Style {
		return &excelize.Style{Font: &excelize.Font{Italic: true}}
	})
}

func (s *styles) heading() int {
	return s.get("heading", func() *excelize.Style {
		return &excelize.Style{Font: &excelize.Font{Bold: true, Size: 12}}
	})
}

func (s *styles) link() int {
	return s.get("link", func() *excelize.Style {
		return &excelize.Style{Font: &excelize.Font{Color: "0563C1", Underline: "single"}}
	})
}

func (s *styles) note() int {
	return s.get("note", func() *excelize.Style {
		return &excelize.Style{Font: &excelize.Font{Italic: true, Size: 9}}
	})
}

var bottomBorder = []excelize.Border{{Type: "bottom", Color: "000000", Style: 1}}

// head is a column header: bold, underlined by a border, right-aligned over figures.
func (s *styles) head(numeric bool) int {
	return s.get(fmt.Sprintf("head/%v", numeric), func() *excelize.Style {
		al := &excelize.Alignment{Vertical: "bottom", WrapText: true}
		if numeric {
			al.Horizontal = "right"
		}
		return &excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: al, Border: bottomBorder}
	})
}

// groupHead heads a group of columns: centred over them.
func (s *styles) groupHead() int {
	return s.get("grouphead", func() *excelize.Style {
		return &excelize.Style{Font: &excelize.Font{Bold: true}, Border: bottomBorder,
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "bottom", WrapText: true}}
	})
}

// text is a text cell; indent is the row's depth in the row header column.
func (s *styles) text(bold bool, indent int, top bool) int {
	return s.get(fmt.Sprintf("text/%v/%d/%v", bold, indent, top), func() *excelize.Style {
		st := &excelize.Style{Alignment: &excelize.Alignment{Indent: indent, WrapText: true, Vertical: "top"}}
		if bold {
			st.Font = &excelize.Font{Bold: true}
		}
		if top {
			st.Border = []excelize.Border{{Type: "top", Color: "000000", Style: 1}}
		}
		return st
	})
}

// level is a scale level's cell (an assessment, a status) filled with its colour's fill,
// RRGGBB; the cell's text names the level, so the fill is never the only cue.
func (s *styles) level(fill string) int {
	return s.get("level/"+fill, func() *excelize.Style {
		return &excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"},
			Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{fill}}}
	})
}

// number is a figure with decimals decimals, an optional suffix (" %") and the marks a
// free table's cell shows before and after it ("ung", "*").
func (s *styles) number(decimals int, suffix, before, after string, bold, top bool) int {
	code := markedFormat(numberFormat(decimals, suffix), before, after)
	return s.get(fmt.Sprintf("num/%s/%v/%v", code, bold, top), func() *excelize.Style {
		st := &excelize.Style{CustomNumFmt: &code, Alignment: &excelize.Alignment{Vertical: "top"}}
		if bold {
			st.Font = &excelize.Font{Bold: true}
		}
		if top {
			st.Border = []excelize.Border{{Type: "top", Color: "000000", Style: 1}}
		}
		return st
	})
}

// numberFormat is the format code of a figure: digits grouped by thousands, decimals as
// shown in the report, negative figures with the minus sign (U+2212) as in the report,
// never by colour alone. The codes are the standard ones (, groups, . is the decimal
// point), which Excel shows with the reader's separators: 646 444 and −91,6 in Swedish.
func numberFormat(decimals int, suffix string) string {
	pos := "#,##0"
	if decimals > 0 {
		pos += "." + strings.Repeat("0", decimals)
	}
	if suffix != "" {
		pos += `"` + suffix + `"`
	}
	return pos + `;"−"` + pos
}

// markedFormat adds a figure's marks to its format code as literal text, each beside the
// figure with a no-break space as the report writes them (sv.Marked): "ung 116 000",
// "−400 *". The figure stays a number that formulas and sums can use; the marks are only
// shown.
func markedFormat(code, before, after string) string {
	if before == "" && after == "" {
		return code
	}
	pos, neg, _ := strings.Cut(code, ";")
	mark := func(section string) string {
		if before != "" {
			section = formatLiteral(before+sv.MarkSpace(before)) + section
		}
		if after != "" {
			section += formatLiteral(sv.MarkSpace(after) + after)
		}
		return section
	}
	return mark(pos) + ";" + mark(neg)
}

// formatLiteral quotes text for a number format code; a double quote in it is written
// escaped, outside the quotes.
func formatLiteral(s string) string {
	return `"` + strings.ReplaceAll(s, `"`, `"\""`) + `"`
}

// cellText is what a text cell shows.
func cellText(c report.Cell) string {
	t := c.Text
	if t == "" {
		t = c.Markdown
	}
	if c.Detail != "" {
		if t != "" {
			t += " "
		}
		t += "(" + c.Detail + ")"
	}
	return t
}

// percentSuffix is " %" (with a no-break space) when a figure is shown as a percentage.
func percentSuffix(c report.Cell) string {
	t := c.Text
	if c.After != "" {
		t = strings.TrimSuffix(t, sv.MarkSpace(c.After)+c.After)
	}
	if strings.HasSuffix(strings.TrimSpace(t), "%") {
		return "\u00a0%"
	}
	return ""
}

func toFloat(d tertial.Decimal) float64 {
	v, _ := strconv.ParseFloat(d.String(), 64)
	return v
}

func cellRef(col, row int) string {
	s, _ := excelize.CoordinatesToCellName(col, row)
	return s
}

// writeTable writes a table's sheet: the caption, the section it stands under, the header
// rows (merged where a header spans columns or rows), the body rows and the notes.
func writeTable(f *excelize.File, st *styles, e entry) error {
	t := e.table
	sw, err := f.NewStreamWriter(e.sheet)
	if err != nil {
		return err
	}
	ncols := 1
	for _, r := range t.Rows {
		ncols = max(ncols, 1+len(r.Cells))
	}
	grid, merges, width := layoutHead(t.Head)
	ncols = max(ncols, width)

	const headTop = 4 // caption, section, a blank row, then the header
	bodyTop := headTop + len(grid)

	if err := sw.SetColWidth(1, 1, 48); err != nil {
		return err
	}
	if ncols > 1 {
		if err := sw.SetColWidth(2, ncols, 15); err != nil {
			return err
		}
	}
	if len(grid) > 0 {
		if err := sw.SetPanes(&excelize.Panes{Freeze: true, XSplit: 1, YSplit: bodyTop - 1,
			TopLeftCell: cellRef(2, bodyTop), ActivePane: "bottomRight"}); err != nil {
			return err
		}
	}
	row := func(r int, values ...any) error { return sw.SetRow(cellRef(1, r), values) }
	if err := row(1, excelize.Cell{StyleID: st.title(), Value: t.Caption}); err != nil {
		return err
	}
	if e.section != "" {
		if err := row(2, excelize.Cell{StyleID: st.subtitle(), Value: "Avsnitt: " + e.section}); err != nil {
			return err
		}
	}

	// Header rows.
	for i, hr := range grid {
		values := make([]any, ncols)
		for j, hc := range hr {
			if hc == nil {
				continue
			}
			style := st.head(hc.Numeric)
			if hc.Group {
				style = st.groupHead()
			}
			values[j] = excelize.Cell{StyleID: style, Value: hc.Text}
		}
		if err := row(headTop+i, values...); err != nil {
			return err
		}
	}
	for _, m := range merges {
		if err := sw.MergeCell(cellRef(m[1]+1, headTop+m[0]), cellRef(m[3]+1, headTop+m[2])); err != nil {
			return err
		}
	}

	// Body rows.
	terms := sumTerms(t)
	var signs []int
	if t.Class == "money" {
		signs = rowSigns(t)
	}
	colOf := func(r report.Row, key string) int { // sheet column of a row's cell
		for k, c := range r.Cells {
			if c.Col == key {
				return k + 2
			}
		}
		return 0
	}
	var notes []string
	for i, r := range t.Rows {
		sheetRow := bodyTop + i
		if r.Full {
			// One cell across the table (a goal over its assignments, or a comment under
			// a row), merged over the table's columns and in plain text.
			text := strings.Join(plainParagraphs(cellText(r.Header)), " ")
			if err := row(sheetRow, excelize.Cell{StyleID: st.text(r.Class == "group", r.Depth, false), Value: text}); err != nil {
				return err
			}
			if ncols > 1 {
				if err := sw.MergeCell(cellRef(1, sheetRow), cellRef(ncols, sheetRow)); err != nil {
					return err
				}
			}
			continue
		}
		bold := r.Class != "" && r.Class != "formula" // a computed row is set as the report sets it: plain
		top := r.Class == "total"
		values := make([]any, ncols)
		values[0] = valueCell(st, r.Header, bold, r.Depth, top)
		for k, c := range r.Cells {
			v := valueCell(st, c, bold, 0, top)
			if c.Number != nil {
				formula, note := cellFormula(t, i, c, terms[i], signs, colOf, bodyTop)
				if formula != "" {
					cell := v.(excelize.Cell)
					cell.Formula = formula
					v = cell
				}
				if note != "" {
					notes = append(notes, cellRef(k+2, sheetRow)+": "+note)
				}
			}
			values[k+1] = v
		}
		if err := row(sheetRow, values...); err != nil {
			return err
		}
	}

	next := bodyTop + len(t.Rows) + 1
	for _, n := range t.Notes {
		for _, p := range plainParagraphs(n) {
			if err := row(next, excelize.Cell{StyleID: st.note(), Value: p}); err != nil {
				return err
			}
			next++
		}
	}
	if len(notes) > 0 {
		if err := row(next, excelize.Cell{StyleID: st.note(), Value: "Tertial summerar och jämför belopp före avrundning. " +
			"Där de avrundade beloppen i tabellen ger en annan summa eller avvikelse står Tertials belopp utan formel:"}); err != nil {
			return err
		}
		next++
		for _, n := range notes {
			if err := row(next, excelize.Cell{StyleID: st.note(), Value: n}); err != nil {
				return err
			}
			next++
		}
	}
	if st.err != nil {
		return st.err
	}
	return sw.Flush()
}

// plainParagraphs splits a Markdown note into its paragraphs, without the emphasis marks
// and escapes, one for each row under a table.
func plainParagraphs(md string) []string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(md, "\r\n", "\n"), "\n\n") {
		p = strings.Join(strings.Fields(p), " ")
		p = strings.NewReplacer("**", "", "__", "", `\*`, "*", `\_`, "_", `\\`, `\`).Replace(p)
		if p != "" {
			out = append(out, p)
		}
	}
	return out
}

// valueCell is a cell's value: its figure as a number when it shows one, else its text.
func valueCell(st *styles, c report.Cell, bold bool, indent int, top bool) any {
	if c.Number != nil {
		return excelize.Cell{StyleID: st.number(c.Number.Scale(), percentSuffix(c), c.Before, c.After, bold, top), Value: toFloat(*c.Number)}
	}
	text := cellText(c)
	if text == "" && !top {
		return nil
	}
	if fill := c.Colour.Fill(); fill != "" {
		return excelize.Cell{StyleID: st.level(fill), Value: text}
	}
	return excelize.Cell{StyleID: st.text(bold, indent, top), Value: text}
}

// cellFormula returns the formula of a figure of row i, "" when it has none, and a note
// when a formula would not give the report's figure.
func cellFormula(t *report.Table, i int, c report.Cell, ts []term, signs []int,
	colOf func(report.Row, string) int, bodyTop int) (formula, note string) {
	want := *c.Number
	var missed []string
	// A computed column of a money table: from the row's own figures.
	mc, computed := moneyColumn(t, c.Col)
	if computed {
		f, got, ok := rowFormula(t, mc, i, signs[i], colOf, bodyTop)
		if ok && got.Equal(want) {
			return f, ""
		}
		if ok {
			what := "beräkningen ur de avrundade beloppen ger "
			if mc.Kind == tertial.KindDeviation {
				what = "avvikelsen av de avrundade beloppen är "
			}
			missed = append(missed, what+sv.Decimal(got, want.Scale()))
		}
	}
	// A row computed from other rows of the table (a free table's row formula).
	if r := t.Rows[i]; len(r.Formula) > 0 {
		got, ok := evalRowFormula(t.Rows, r.Formula, c.Col)
		if ok && got.Equal(want) {
			return rowsFormula(t, r.Formula, c.Col, colOf, bodyTop), ""
		}
		if ok {
			missed = append(missed, "formeln räknad på de avrundade raderna ger "+sv.Decimal(got, want.Scale()))
		}
	}
	// A sum of rows; a share is never summed (a sum row's share is the share of its sums).
	if len(ts) > 0 && !(computed && mc.Kind == tertial.KindShare) {
		got, ok := evalSum(t.Rows, ts, c.Col)
		if ok && got.Equal(want) {
			return sumFormula(t, ts, c.Col, colOf, bodyTop), ""
		}
		if ok {
			missed = append(missed, "summan av de avrundade raderna är "+sv.Decimal(got, want.Scale()))
		}
	}
	if len(missed) == 0 {
		return "", ""
	}
	return "", sv.Decimal(want, want.Scale()) + " (" + strings.Join(missed, ", ") + ")"
}

// moneyColumn returns the description of a money table's column that is computed from
// other columns of its row; ok is false for any other column.
func moneyColumn(t *report.Table, col string) (report.MoneyColumn, bool) {
	if t.Class != "money" {
		return report.MoneyColumn{}, false
	}
	for _, mc := range moneyColumns(t) {
		if mc.Col == col {
			return mc, len(mc.Of) > 0
		}
	}
	return report.MoneyColumn{}, false
}

// impliedColumns are the computed columns of a money table that does not describe its
// columns (Table.Columns): the deviations of the short form's column list.
var impliedColumns = []report.MoneyColumn{
	{Col: "deviation", Kind: tertial.KindDeviation, Of: []string{"budget", "forecast"}, ResultSign: true},
	{Col: "period_deviation", Kind: tertial.KindDeviation, Of: []string{"period_budget", "period_outcome"}, ResultSign: true},
}

// moneyColumns returns the description of a money table's columns.
func moneyColumns(t *report.Table) []report.MoneyColumn {
	if t.Columns == nil {
		return impliedColumns
	}
	return t.Columns
}

// rowFormula returns the formula of a computed column's figure on row i from the row's own
// cells, and the figure it gives from the figures shown (ok is false when an operand shows
// none). The report computes in result sign and shows each figure in its row's sign (sign,
// or +1 for a column in result sign): a net or revised budget adds its operands, a
// deviation is of[1] − of[0], what remains of[0] − of[1], a share 100 · of[0] / of[1]
// rounded to one decimal as the report shows it. Turned into the figures shown, an operand
// whose sign differs from the result's changes sign in the formula, so every row shown
// with the same sign gets the same formula, whatever its figures.
func rowFormula(t *report.Table, mc report.MoneyColumn, i, sign int, colOf func(report.Row, string) int, bodyTop int) (string, tertial.Decimal, bool) {
	r := t.Rows[i]
	shownSign := func(col string) int {
		for _, c := range moneyColumns(t) {
			if c.Col == col && c.ResultSign {
				return 1
			}
		}
		return sign
	}
	target := shownSign(mc.Col)
	type operand struct {
		ref  string
		n    tertial.Decimal
		sign int // the sign it enters the formula with, on the figures shown
	}
	var ops []operand
	for _, o := range mc.Of {
		n := cellNumber(r, o)
		col := colOf(r, o)
		if n == nil || col == 0 {
			return "", tertial.Decimal{}, false
		}
		ops = append(ops, operand{ref: cellRef(col, bodyTop+i), n: *n, sign: target * shownSign(o)})
	}
	switch mc.Kind {
	case tertial.KindDeviation:
		if len(ops) != 2 {
			return "", tertial.Decimal{}, false
		}
		ops[0].sign = -ops[0].sign
	case tertial.KindRemaining:
		if len(ops) != 2 {
			return "", tertial.Decimal{}, false
		}
		ops[1].sign = -ops[1].sign
	case tertial.KindShare:
		if len(ops) != 2 {
			return "", tertial.Decimal{}, false
		}
		// The share of result-sign amounts: the quotient of the figures shown changes sign
		// when only one of them is shown negated.
		neg := shownSign(mc.Of[0]) != shownSign(mc.Of[1])
		got, ok := shareOf(ops[0].n, ops[1].n, neg)
		if !ok {
			return "", tertial.Decimal{}, false
		}
		hundred := "100"
		if neg {
			hundred = "-100"
		}
		return "ROUND(" + hundred + "*" + ops[0].ref + "/" + ops[1].ref + ",1)", got, true
	case tertial.KindNet, tertial.KindRevisedBudget:
	default:
		return "", tertial.Decimal{}, false
	}
	var got tertial.Decimal
	var plus, minus []string
	for _, o := range ops {
		var err error
		if o.sign < 0 {
			got, err = got.Sub(o.n)
			minus = append(minus, o.ref)
		} else {
			got, err = got.Add(o.n)
			plus = append(plus, o.ref)
		}
		if err != nil {
			return "", tertial.Decimal{}, false
		}
	}
	f := strings.Join(plus, "+")
	if len(minus) > 0 {
		f += "-" + strings.Join(minus, "-")
	}
	return f, got, true
}

// shareOf is 100 · part / whole (negated when neg) rounded half away from zero to one
// decimal, as ROUND does in a spreadsheet; ok is false for a whole of 0.
func shareOf(part, whole tertial.Decimal, neg bool) (tertial.Decimal, bool) {
	p, ok1 := new(big.Rat).SetString(part.String())
	w, ok2 := new(big.Rat).SetString(whole.String())
	if !ok1 || !ok2 || w.Sign() == 0 {
		return tertial.Decimal{}, false
	}
	q := new(big.Rat).Quo(new(big.Rat).Mul(p, big.NewRat(1000, 1)), w) // tenths of a percent
	if neg {
		q.Neg(q)
	}
	n, d := q.Num(), q.Denom()
	tenths, rem := new(big.Int).QuoRem(new(big.Int).Abs(n), d, new(big.Int))
	if new(big.Int).Mul(rem, big.NewInt(2)).Cmp(d) >= 0 {
		tenths.Add(tenths, big.NewInt(1))
	}
	if n.Sign() < 0 {
		tenths.Neg(tenths)
	}
	if !tenths.IsInt64() {
		return tertial.Decimal{}, false
	}
	return tertial.NewDecimal(tenths.Int64(), 1), true
}

// sumFormula is SUM(…) of the terms' cells, minus SUM(…) of those added with the opposite
// sign, with adjacent cells as ranges.
func sumFormula(t *report.Table, ts []term, col string, colOf func(report.Row, string) int, bodyTop int) string {
	var plus, minus [][2]int // runs of sheet rows, per column
	var plusCol, minusCol []int
	add := func(runs *[][2]int, cols *[]int, c, r int) {
		n := len(*runs)
		if n > 0 && (*cols)[n-1] == c && (*runs)[n-1][1] == r-1 {
			(*runs)[n-1][1] = r
			return
		}
		*runs = append(*runs, [2]int{r, r})
		*cols = append(*cols, c)
	}
	for _, tm := range ts {
		rr := t.Rows[tm.row]
		if cellNumber(rr, col) == nil {
			continue
		}
		c := colOf(rr, col)
		if tm.sign < 0 {
			add(&minus, &minusCol, c, bodyTop+tm.row)
		} else {
			add(&plus, &plusCol, c, bodyTop+tm.row)
		}
	}
	refs := func(runs [][2]int, cols []int) string {
		var parts []string
		for k, run := range runs {
			ref := cellRef(cols[k], run[0])
			if run[1] > run[0] {
				ref += ":" + cellRef(cols[k], run[1])
			}
			parts = append(parts, ref)
		}
		if len(parts) == 1 && !strings.Contains(parts[0], ":") {
			return parts[0]
		}
		return "SUM(" + strings.Join(parts, ",") + ")"
	}
	switch {
	case len(minus) == 0:
		return refs(plus, plusCol)
	case len(plus) == 0:
		return "-" + refs(minus, minusCol)
	}
	return refs(plus, plusCol) + "-" + refs(minus, minusCol)
}

// layoutHead places header cells on a grid the way HTML lays out a table's header: each
// cell takes the next free column of its row and covers its column and row span. It
// returns the grid (nil where a cell is covered), the merges as {row, col, lastRow,
// lastCol} (0-based) and the number of columns.
func layoutHead(head [][]report.HeadCell) ([][]*report.HeadCell, [][4]int, int) {
	taken := map[[2]int]bool{}
	var grid [][]*report.HeadCell
	var merges [][4]int
	width := 0
	for i := range head {
		for len(grid) <= i {
			grid = append(grid, nil)
		}
		col := 0
		for j := range head[i] {
			hc := &head[i][j]
			for taken[[2]int{i, col}] {
				col++
			}
			cs, rs := max(hc.ColSpan, 1), max(hc.RowSpan, 1)
			for len(grid[i]) <= col {
				grid[i] = append(grid[i], nil)
			}
			grid[i][col] = hc
			for a := i; a < i+rs; a++ {
				for b := col; b < col+cs; b++ {
					taken[[2]int{a, b}] = true
				}
			}
			if cs > 1 || rs > 1 {
				merges = append(merges, [4]int{i, col, min(i+rs-1, len(head)-1), col + cs - 1})
			}
			col += cs
			width = max(width, col)
		}
	}
	for i := range grid {
		for len(grid[i]) < width {
			grid[i] = append(grid[i], nil)
		}
	}
	return grid, merges, width
}

// zipEpoch is the modification time of every file in the workbook's zip archive.
var zipEpoch = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)

// normalizeZip rewrites the workbook's zip archive with its files in a fixed order and
// with fixed modification times, so that the same data always gives the same bytes.
func normalizeZip(data []byte) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, err
	}
	// excelize writes streamed sheets in map order: sort the files, [Content_Types].xml
	// first as Office writes it.
	files := slices.Clone(zr.File)
	rank := func(name string) int {
		switch {
		case name == "[Content_Types].xml":
			return 0
		case strings.HasPrefix(name, "_rels/"):
			return 1
		}
		return 2
	}
	slices.SortFunc(files, func(a, b *zip.File) int {
		return cmp.Or(cmp.Compare(rank(a.Name), rank(b.Name)), strings.Compare(a.Name, b.Name))
	})
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, zf := range files {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: zf.Name, Method: zip.Deflate, Modified: zipEpoch})
		if err != nil {
			return nil, err
		}
		rc, err := zf.Open()
		if err != nil {
			return nil, err
		}
		_, err = io.Copy(w, rc)
		rc.Close()
		if err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
