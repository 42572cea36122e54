package docxreport

import (
	"strings"
	"testing"

	"github.com/tertial/tertial/demo"
	"github.com/tertial/tertial/report"
)

// dejavuBold holds advance widths in thousandths of an em read from DejaVuSans-Bold.ttf
// (fonts-dejavu-core 2.37), the widest font a reader without Arial is likely to get.
var dejavuBold = map[rune]int{
	'A': 773, 'B': 762, 'C': 733, 'D': 830, 'E': 683, 'F': 683, 'G': 820, 'H': 836, 'I': 372, 'J': 372, 'K': 774,
	'L': 637, 'M': 995, 'N': 836, 'O': 850, 'P': 732, 'Q': 850, 'R': 770, 'S': 720, 'T': 682, 'U': 812, 'V': 773,
	'W': 1103, 'X': 770, 'Y': 724, 'Z': 725, 'Å': 773, 'Ä': 773, 'Ö': 850, 'É': 683, 'Ü': 812,
	'a': 674, 'b': 715, 'c': 592, 'd': 715, 'e': 678, 'f': 435, 'g': 715, 'h': 711, 'i': 342, 'j': 342, 'k': 665,
	'l': 342, 'm': 1041, 'n': 711, 'o': 687, 'p': 715, 'q': 715, 'r': 493, 's': 595, 't': 478, 'u': 711, 'v': 651,
	'w': 923, 'x': 645, 'y': 651, 'z': 582, 'å': 674, 'ä': 674, 'ö': 687, 'é': 678, 'ü': 711, 'ß': 719,
	'0': 695, '1': 695, '2': 695, '3': 695, '4': 695, '5': 695, '6': 695, '7': 695, '8': 695, '9': 695,
	' ': 348, '\u00a0': 348, ',': 379, '.': 379, ':': 399, ';': 399, '\'': 306, '!': 456, '|': 365, '(': 457,
	')': 457, '[': 457, ']': 457, '-': 415, '/': 365, '"': 520, '–': 500, '−': 837, '+': 837, '%': 1001,
	'≥': 837, '≤': 837, '<': 837, '>': 837, '●': 872, '○': 872, '▲': 769, '✘': 837, '✔': 837,
	'*': 522, '&': 872, '=': 837, '?': 580, '#': 837, '_': 500, '§': 500, '@': 1000, '~': 837, '^': 837,
}

// TestRuneWidth: the estimate is never narrower than DejaVu Sans Bold.
func TestRuneWidth(t *testing.T) {
	for r, w := range dejavuBold {
		if got := runeWidth(r); got < w {
			t.Errorf("runeWidth(%q) = %d, DejaVu Sans Bold has %d", r, got, w)
		}
	}
}

// measured is the width in twips of s set in DejaVu Sans Bold at size (half-points) in a
// cell, with the cell's margins.
func measured(t *testing.T, s string, size int) int {
	t.Helper()
	em := 0
	for _, r := range s {
		w, ok := dejavuBold[r]
		if !ok {
			t.Fatalf("no DejaVu width for %q", r)
		}
		em += w
	}
	return em*size/100 + 2*85
}

func demoTables(t *testing.T) []*report.Table {
	t.Helper()
	ds, err := demo.Dataset()
	if err != nil {
		t.Fatal(err)
	}
	doc, err := report.Build(ds, "ks", "2021-08")
	if err != nil {
		t.Fatal(err)
	}
	var out []*report.Table
	var walk func([]report.Block)
	walk = func(blocks []report.Block) {
		for _, b := range blocks {
			switch b := b.(type) {
			case *report.Section:
				walk(b.Blocks)
			case *report.Table:
				out = append(out, b)
			case *report.Chart:
				if b.Table != nil {
					out = append(out, b.Table)
				}
			}
		}
	}
	for _, s := range doc.Sections {
		walk([]report.Block{s})
	}
	return out
}

// layout lays out a table as the writer does.
func layout(t *report.Table) ([]int, int, [][]headSlot) {
	head, cols := layoutHead(t.Head)
	for _, r := range t.Rows {
		cols = max(cols, 1+len(r.Cells))
	}
	widths, size := tableLayout(t, head, cols)
	return widths, size, head
}

// TestDemoColumns: in every table of the demo report the columns fill the text width, and
// each column holds its header's words and its figures whole in DejaVu Sans Bold at the
// table's size. Driftredovisning, whose "Avvikelse" and "646 444" broke before, is checked
// by name too.
func TestDemoColumns(t *testing.T) {
	tables := demoTables(t)
	if len(tables) < 20 {
		t.Fatalf("only %d tables", len(tables))
	}
	checked := 0
	for _, tbl := range tables {
		widths, size, head := layout(tbl)
		total := 0
		for _, w := range widths {
			total += w
		}
		if total != textWidth {
			t.Errorf("%s: the columns add up to %d twips, the text width is %d", tbl.Caption, total, textWidth)
		}
		if size < minTableSize || size > tableTextSize {
			t.Errorf("%s: size %d", tbl.Caption, size)
		}
		fits := func(what, s string, col, span int) {
			have := spanWidth(widths, col, span)
			for _, word := range strings.Split(s, " ") {
				if need := measured(t, word, size); have < need {
					t.Errorf("%s: %s %q needs %d twips at size %d, its column has %d", tbl.Caption, what, word, need, size, have)
				}
				checked++
			}
		}
		for _, row := range head {
			for _, s := range row {
				if !s.cont {
					fits("the header word of", s.cell.Text, s.col, s.span)
				}
			}
		}
		for _, r := range tbl.Rows {
			for i, c := range r.Cells {
				if c.Numeric && c.Markdown == "" && c.Text != "" {
					fits("the figure", c.Text, i+1, 1)
				}
			}
		}
		if tbl.Caption == "Driftredovisning" {
			col := func(i int) int { return spanWidth(widths, i, 1) }
			if need := measured(t, "Avvikelse", size); col(3) < need {
				t.Errorf("Driftredovisning: Avvikelse needs %d twips, has %d", need, col(3))
			}
			if need := measured(t, "646\u00a0444", size); col(1) < need {
				t.Errorf("Driftredovisning: 646 444 needs %d twips, has %d", need, col(1))
			}
		}
	}
	if checked < 500 {
		t.Errorf("only %d words and figures checked", checked)
	}
}

// TestWideTable: a table whose figures do not fit at the normal size is set smaller, with
// every figure and header word still whole; one that cannot fit at all still fills the
// text width at the smallest size.
func TestWideTable(t *testing.T) {
	table := func(cols int) *report.Table {
		tbl := &report.Table{Caption: "Bred"}
		head := []report.HeadCell{{Text: "Verksamhet"}}
		row := report.Row{Header: report.Cell{Text: "Verksamhetens kostnader"}}
		for range cols {
			head = append(head, report.HeadCell{Text: "Avvikelse", Numeric: true})
			row.Cells = append(row.Cells, report.Cell{Text: "−123\u00a0456", Numeric: true})
		}
		tbl.Head = [][]report.HeadCell{head}
		tbl.Rows = []report.Row{row}
		return tbl
	}
	widths, size, _ := layout(table(9))
	if size >= tableTextSize {
		t.Errorf("nine figure columns are set at size %d, want smaller than %d", size, tableTextSize)
	}
	for i := 1; i < len(widths); i++ {
		if need := measured(t, "−123\u00a0456", size); widths[i] < need {
			t.Errorf("column %d: %d twips, −123 456 needs %d at size %d", i, widths[i], need, size)
		}
	}
	widths, size, _ = layout(table(30))
	total := 0
	for _, w := range widths {
		total += w
	}
	if size != minTableSize || total != textWidth {
		t.Errorf("thirty columns: size %d, %d twips; want %d and %d", size, total, minTableSize, textWidth)
	}
}
