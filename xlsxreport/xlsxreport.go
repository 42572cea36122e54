// Package xlsxreport renders a report document as an Excel workbook (XLSX): a first sheet
// "Innehåll" listing the tables, then every table of the report on a sheet of its own,
// named after its caption, in document order.
//
// Figures are stored as numbers, in the table's unit and rounded as the report shows them,
// with standard number formats (Excel shows them with the reader's own separators, so
// 646 444 and −91,6 in a Swedish Excel) and the minus sign U+2212 for negative figures, as
// in the report. Sums and deviations are formulas (=SUM(…), =C5-B5) wherever the formula
// gives exactly the report's figure from the rounded figures shown; Tertial adds unrounded
// amounts and rounds once, so a sum of rounded rows can differ by a unit in the last
// place, and such a cell holds the report's figure as a number, with a note under the
// table. Every formula's cached value is the report's figure, so a spreadsheet that
// recalculates shows the same figures as one that does not.
//
// Rendering is deterministic: the same document gives the same bytes.
package xlsxreport

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/report"
)

// ContentsSheet is the name of the first sheet, which lists the tables.
const ContentsSheet = "Innehåll"

// entry is a table of the document with the heading of the section it stands under.
type entry struct {
	table   *report.Table
	section string
	sheet   string
}

// Tables returns the tables of a document in document order, each with the title of the
// section it stands under.
func Tables(doc *report.Document) (tables []*report.Table, sections []string) {
	var walk func(secs []*report.Section)
	walk = func(secs []*report.Section) {
		for _, s := range secs {
			for _, b := range s.Blocks {
				switch b := b.(type) {
				case *report.Table:
					tables = append(tables, b)
					sections = append(sections, s.Title)
				case *report.Section:
					walk([]*report.Section{b})
				}
			}
		}
	}
	walk(doc.Sections)
	return tables, sections
}

// Render renders the document as an XLSX workbook.
func Render(doc *report.Document) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()

	tables, sections := Tables(doc)
	names := newSheetNames(ContentsSheet)
	var entries []entry
	for i, t := range tables {
		name := t.Caption
		if strings.TrimSpace(name) == "" {
			name = sections[i]
		}
		if strings.TrimSpace(name) == "" {
			name = t.ID
		}
		entries = append(entries, entry{table: t, section: sections[i], sheet: names.add(name)})
	}

	if err := f.SetSheetName("Sheet1", ContentsSheet); err != nil {
		return nil, err
	}
	st := newStyles(f)
	if err := writeContents(f, st, doc, entries); err != nil {
		return nil, err
	}
	for _, e := range entries {
		if _, err := f.NewSheet(e.sheet); err != nil {
			return nil, fmt.Errorf("bladet %q: %w", e.sheet, err)
		}
		if err := writeTable(f, st, e); err != nil {
			return nil, fmt.Errorf("bladet %q: %w", e.sheet, err)
		}
	}
	f.SetActiveSheet(0)

	// Fixed document properties: the same data gives the same file.
	stamp := doc.Cutoff.UTC().Format(time.RFC3339)
	if err := f.SetDocProps(&excelize.DocProperties{
		Title:          doc.Title,
		Subject:        doc.Unit,
		Creator:        doc.Unit,
		LastModifiedBy: doc.Unit,
		Created:        stamp,
		Modified:       stamp,
		Language:       "sv-SE",
	}); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, err
	}
	return normalizeZip(buf.Bytes())
}

// writeContents writes the first sheet: the report's title, then a row per table with a
// link to its sheet, its caption and the section it stands under.
func writeContents(f *excelize.File, st *styles, doc *report.Document, entries []entry) error {
	sh := ContentsSheet
	set := func(cell string, v any, style int) error {
		if err := f.SetCellValue(sh, cell, v); err != nil {
			return err
		}
		if style != 0 {
			return f.SetCellStyle(sh, cell, cell, style)
		}
		return nil
	}
	title := doc.Title
	if title == "" {
		title = "Rapport"
	}
	sub := strings.TrimSpace(strings.Join(nonEmpty(doc.Unit, doc.Municipality), ", "))
	titleStyle := st.title()
	if _, ok := tertial.RelativeLuminance(doc.Colour); ok {
		// The municipality's colour: the title in it (4.5:1 or more against white).
		titleStyle = st.coverTitle(strings.ToUpper(doc.Colour[1:]))
	}
	if err := set("A1", title, titleStyle); err != nil {
		return err
	}
	if err := set("A2", sub, st.subtitle()); err != nil {
		return err
	}
	if len(doc.Facts) > 0 {
		// The cover's labelled facts on the row the sheet leaves free: "Status: Påbörjad".
		facts := make([]string, len(doc.Facts))
		for i, f := range doc.Facts {
			facts[i] = f.Label + ": " + f.Value
		}
		if err := set("A3", strings.Join(facts, "   "), st.subtitle()); err != nil {
			return err
		}
	}
	if err := set("A4", "Innehåll", st.heading()); err != nil {
		return err
	}
	for i, h := range []string{"Blad", "Tabell", "Avsnitt"} {
		cell, _ := excelize.CoordinatesToCellName(i+1, 5)
		if err := set(cell, h, st.head(false)); err != nil {
			return err
		}
	}
	for i, e := range entries {
		row := 6 + i
		a, _ := excelize.CoordinatesToCellName(1, row)
		b, _ := excelize.CoordinatesToCellName(2, row)
		c, _ := excelize.CoordinatesToCellName(3, row)
		if err := set(a, e.sheet, st.link()); err != nil {
			return err
		}
		tip := "Gå till bladet " + e.sheet
		if err := f.SetCellHyperLink(sh, a, quoteSheet(e.sheet)+"!A1", "Location", excelize.HyperlinkOpts{Tooltip: &tip}); err != nil {
			return err
		}
		if err := set(b, e.table.Caption, 0); err != nil {
			return err
		}
		if err := set(c, e.section, 0); err != nil {
			return err
		}
	}
	for i, w := range []float64{34, 70, 50} {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetColWidth(sh, col, col, w); err != nil {
			return err
		}
	}
	return nil
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// quoteSheet quotes a sheet name for a reference: 'Name'.
func quoteSheet(name string) string {
	return "'" + strings.ReplaceAll(name, "'", "''") + "'"
}

// maxSheetName is the longest sheet name Excel accepts, in characters.
const maxSheetName = 31

// sheetNames hands out valid, unique sheet names.
type sheetNames struct{ used map[string]bool }

func newSheetNames(reserved ...string) *sheetNames {
	n := &sheetNames{used: map[string]bool{}}
	for _, r := range reserved {
		n.used[strings.ToLower(r)] = true
	}
	return n
}

// add returns a valid sheet name for title that no earlier name took (Excel compares
// sheet names without case): without the characters Excel forbids ([]:*?/\), at most 31
// characters, not starting or ending with an apostrophe, with " (2)", " (3)" … when taken.
// A longer title is shortened on a word boundary and ends with "…" (abbreviate), so no
// word is cut in the middle; the Innehåll sheet gives each sheet's whole caption.
func (n *sheetNames) add(title string) string {
	base := sanitizeSheetName(title)
	for i := 1; ; i++ {
		name := abbreviate(base, maxSheetName)
		if i > 1 {
			suffix := " (" + strconv.Itoa(i) + ")"
			name = abbreviate(base, maxSheetName-utf8.RuneCountInString(suffix)) + suffix
		}
		key := strings.ToLower(name)
		if !n.used[key] && key != "history" {
			n.used[key] = true
			return name
		}
	}
}

// abbreviate shortens s to at most n characters: whole words from its start and "…", a
// single word too long for it cut with "…"; s itself when it fits.
func abbreviate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	words := strings.Split(s, " ")
	for k := len(words) - 1; k > 0; k-- {
		head := strings.TrimRight(strings.Join(words[:k], " "), " –-,;.'")
		if head != "" && utf8.RuneCountInString(head)+1 <= n {
			return head + "…"
		}
	}
	return strings.TrimRight(truncate(s, n-1), " '") + "…"
}

func sanitizeSheetName(title string) string {
	title = strings.ReplaceAll(title, ": ", " – ")
	var sb strings.Builder
	space := false
	for _, r := range title {
		switch {
		case strings.ContainsRune(`[]:*?/\`, r):
			r = '-'
		case r < ' ' || r == '\u00a0':
			r = ' '
		}
		if r == ' ' && space {
			continue
		}
		space = r == ' '
		sb.WriteRune(r)
	}
	s := strings.Trim(sb.String(), " '")
	if s == "" {
		s = "Tabell"
	}
	return s
}

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n])
}
