// Package report builds a report document from a unit's period and the template stored
// with the data: every section in the template's order, with texts, tables, computed sums,
// deviations, assessments and summaries. The document is independent of the output format;
// renderers (HTML now; PDF, DOCX and XLSX later) only lay it out.
package report

import (
	"time"

	"github.com/tertial/tertial"
)

// Document is a whole report.
type Document struct {
	Title        string // "Delårsrapport per 31 augusti 2021"
	Unit         string // "Kommunstyrelsen"
	Municipality string
	Period       string // the period ID
	Cutoff       time.Time
	Dated        string // the cover's line with the date in the period's words: "Brytdatum 31 augusti 2021"
	Cover        bool   // the template starts with a cover
	// Facts are the labelled facts the cover shows instead of the Dated line, in the order
	// the cover section's fields give; nil when it gives none.
	Facts []Fact
	// CoverText is the period's text for the cover (Markdown), shown with a cover only.
	CoverText string
	// Logo is the municipality's logo, shown on the cover (with a cover only; nil when the
	// municipality has none), and LogoAlt its text alternative: "Huddinge kommuns logotyp".
	Logo    *tertial.Logo
	LogoAlt string
	// Colour is the municipality's colour, "#RRGGBB" with at least 4.5:1 against white
	// (tertial.CheckMunicipalityColour): the cover's band, the title in white on it. "" with
	// no cover or no colour; the cover is then as it always was.
	Colour   string
	Sections []*Section
}

// Fact is a labelled fact on the cover: "Status: Påbörjad".
type Fact struct {
	Field tertial.CoverField
	Label string
	Value string
}

// Section is a part of the document with a heading. Level is the HTML heading level:
// the document title is the only h1, top-level sections are h2. Blocks is the content in
// document order, sub-sections included where they stand; Sections lists the
// sub-sections alone, for tables of contents.
type Section struct {
	ID       string // anchor, unique in the document
	Title    string
	Level    int
	Blocks   []Block
	Sections []*Section
}

// Block is content inside a section: *Section, *Markdown, *Paragraph, *Table, *Chart,
// *TOC, *List or *Notice.
type Block interface{ block() }

// Markdown is user text. HeadingLevel is the level its first heading level ("###") takes.
type Markdown struct {
	Text         string
	HeadingLevel int
	Ref          string // the period's text it shows, if any (a text section's ID)
}

// Paragraph is a paragraph Tertial wrote, such as a computed summary.
type Paragraph struct {
	Text  string
	Class string // "computed-summary"
	Ref   string // what it summarises: "economic", "internal_control"
	// Colour shades the paragraph: a goal's assessment line in its level's colour.
	Colour tertial.Colour
}

// TOC is the table of contents; renderers list the document's sections.
type TOC struct{}

// List is a bulleted list, such as the attachments.
type List struct{ Items []string }

// Notice marks something missing from the data, so that a gap is visible before the report
// is published (tertial check lists them too).
type Notice struct{ Text string }

func (*Section) block()   {}
func (*Markdown) block()  {}
func (*Paragraph) block() {}
func (*Table) block()     {}
func (*TOC) block()       {}
func (*List) block()      {}
func (*Notice) block()    {}

// Table is a table with a caption, header rows and body rows.
type Table struct {
	ID      string
	Class   string // "money", "trend", "free", "indicators", "assignments", "control", "assessments"
	Caption string
	Head    [][]HeadCell
	Rows    []Row
	Notes   []string // Markdown shown under the table
	// Columns describes, for a money table, what each column of its cells holds, in
	// order, so that a spreadsheet can compute the computed ones from the others of the
	// same row; nil for other tables.
	Columns []MoneyColumn
}

// MoneyColumn is a column of a money table in the document: the key of its cells
// (Cell.Col), its kind, and for a computed kind the keys of the columns it is computed
// from. The figures of a row are shown in the row's sign (Row.Sign), except those of
// columns in result sign (deviations), whatever the row's sign.
type MoneyColumn struct {
	Col        string
	Kind       tertial.ColumnKind
	Of         []string // the operands of a computed column; nil for an entered one
	ResultSign bool
}

// Width returns the number of columns of the table: those its first header row spans,
// or one more than the most cells a row has.
func (t *Table) Width() int {
	n := 0
	if len(t.Head) > 0 {
		for _, h := range t.Head[0] {
			n += max(h.ColSpan, 1)
		}
	}
	for _, r := range t.Rows {
		n = max(n, 1+len(r.Cells))
	}
	return n
}

// HeadCell is a column header.
type HeadCell struct {
	Text    string
	ColSpan int
	RowSpan int
	Group   bool // heads a group of columns (scope colgroup)
	Numeric bool
}

// Row is a body row: a row header and cells.
type Row struct {
	ID     string
	Class  string // "", "group", "sum", "total"; "formula" for a row computed from other rows
	Depth  int
	Header Cell
	Cells  []Cell
	// Full makes the row one cell across the table, its Header: with Class "group" the
	// heading of the rows that follow up to the next such row (a goal over its
	// assignments), otherwise a note on the row above (a goal's analysis under the goal),
	// which is data, not a header.
	Full bool
	// Sign is, for a money table's row, the sign its amounts are shown with: +1 as stored
	// (result sign), −1 negated (costs positive); see compute.MoneyRow.Sign. Its
	// deviations are in result sign either way. 0 in other tables.
	Sign int
	// Formula is, for a free table's row computed from other rows of the table (class
	// "formula"), the rows it adds with their signs; each of its figures is the sum of
	// theirs in the same column. nil for other rows.
	Formula []RowTerm
}

// RowTerm is a row a computed row adds: its index in the table's Rows, and whether it is
// subtracted.
type RowTerm struct {
	Row      int
	Negative bool
}

// Cell is a table cell, formatted for display.
type Cell struct {
	Col      string // what the column holds: "budget", "2021", "target" ...
	Text     string
	Detail   string // shown after the text, smaller: "prognos"
	Hidden   string // words for screen readers only, for cells that show no figure
	Markdown string // rich text instead of Text
	Numeric  bool
	Symbol   string // a status or assessment symbol shown before the text
	Class    string // the symbol's class
	// Colour is the colour of the scale level the cell shows, when the level has one of
	// its own: renderers shade the cell with it and colour the symbol, beside the name.
	Colour tertial.Colour
	Number *tertial.Decimal // the displayed figure as a number (for spreadsheets)
	// Before and After are marks shown before and after the figure ("ung", "*"); Text
	// holds them already (sv.Marked).
	Before, After string
}
