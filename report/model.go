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
	Sections     []*Section
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
	Class  string // "", "group", "sum", "total"
	Depth  int
	Header Cell
	Cells  []Cell
	// Sign is, for a money table's row, the sign its amounts are shown with: +1 as stored
	// (result sign), −1 negated (costs positive); see compute.MoneyRow.Sign. Its
	// deviations are in result sign either way. 0 in other tables.
	Sign int
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
}
