package report_test

// The Simrishamn golden test proves the second demo against the report it transcribes:
// every cell of every table of testdata/simrishamn-reference.txt (Kultur- och
// fritidsnämnden Simrishamn's årsbokslut 2025, as pdftotext -layout extracted it) is
// compared with the same cell of the HTML that htmlreport renders from report.Build of
// demo/simrishamn.yaml: the figures, the words in figure columns ("Stängt"), the blanks
// and the row labels. Where the two differ, testdata/simrishamn-differences.yaml must say
// why; an unlisted difference fails the test, and so does a listed one that no longer
// occurs or whose values changed.
//
// The source is space-aligned text, not tab-separated: parseLayoutLine splits a line into
// its label and cells at runs of two or more spaces, and then splits figures that the
// extraction set only one space apart ("0,800 0,617", "10 398 13 818"). The parsing is
// tested on its own in TestParseLayout. testdata/simrishamn-map.yaml says which source
// lines are which rendered table's rows, and which columns a line's cells fill.
//
// Set GOLDEN_HTML=path to keep the rendered HTML for inspection.

import (
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/tertial/tertial/demo"
	"github.com/tertial/tertial/htmlreport"
	"github.com/tertial/tertial/report"
)

const (
	simrishamnSource = "testdata/simrishamn-reference.txt"
	simrishamnMap    = "testdata/simrishamn-map.yaml"
	simrishamnDiffs  = "testdata/simrishamn-differences.yaml"
)

// ---------------------------------------------------------------------------------------
// Parsing the space-aligned source.

var (
	reColumnGap = regexp.MustCompile(`\s{2,}`)
	// A figure cell at the start of the rest of a chunk: an optional word before it ("ung
	// 116 000"), the number in Swedish form (thousands in groups of three after a space,
	// decimal comma) and an optional mark after it ("-400*").
	reFigureCell = regexp.MustCompile(`^(?:(\p{L}+) )?(-?(?:\d{1,3}(?: \d{3})+|\d+)(?:,\d+)?)(\*?)(?: |$)`)
)

// parseLayoutLine splits a line of the source into its label (the first column) and its
// cells. Columns are separated by two or more spaces; a chunk between them holds one or
// more figures, or is one text cell ("Stängt"). Every cell is normalised by normText, so
// "- 6 279" is "-6 279".
func parseLayoutLine(line string) (label string, cells []string) {
	chunks := reColumnGap.Split(strings.TrimSpace(line), -1)
	if len(chunks) == 0 || chunks[0] == "" {
		return "", nil
	}
	label = normText(chunks[0])
	for _, ch := range chunks[1:] {
		cells = append(cells, splitChunk(normText(ch))...)
	}
	return label, cells
}

// splitChunk splits a chunk into its figure cells; a chunk that is not all figures is one
// text cell.
func splitChunk(chunk string) []string {
	var cells []string
	for rest := chunk; rest != ""; {
		m := reFigureCell.FindString(rest)
		if m == "" {
			return []string{chunk}
		}
		cells = append(cells, strings.TrimSpace(m))
		rest = rest[len(m):]
	}
	return cells
}

// layoutKey is what is compared of a cell, source or rendered: a figure as its number in
// plain form with the word before and the mark after it ("ung|116000|", "|-400|*"), a
// text as itself, and a blank cell as "".
func layoutKey(s string) string {
	t := normText(s)
	if t == "" {
		return ""
	}
	if m := reFigureCell.FindStringSubmatch(t); m != nil && len(m[0]) == len(t) {
		return m[1] + "|" + canonNumber(m[2]) + "|" + m[3]
	}
	return "text:" + t
}

// isFigure reports whether a source cell holds a number.
func isFigure(s string) bool { return strings.Contains(layoutKey(s), "|") }

// ---------------------------------------------------------------------------------------
// The map and the cells it names.

type layoutMap struct {
	// Ignore lists lines of the source that hold figures but are no table row: the years
	// of headings and the page numbers of the table of contents.
	Ignore []int         `yaml:"ignore"`
	Tables []layoutTable `yaml:"tables"`
}

type layoutTable struct {
	Name    string `yaml:"name"`
	Element string `yaml:"element"`
	// Header is the line of the table's first heading and the text it starts with
	// (checked, so that a shifted file is noticed).
	Header struct {
		Line   int    `yaml:"line"`
		Starts string `yaml:"starts"`
	} `yaml:"header"`
	// Columns are the data-col of the rendered cells, in the source's column order.
	Columns []string    `yaml:"columns"`
	Rows    []layoutRow `yaml:"rows"`
}

type layoutRow struct {
	Line int `yaml:"line"`
	// Wrap is how many lines after Line continue the label (a long label breaks).
	Wrap  int    `yaml:"wrap"`
	Label string `yaml:"label"`
	ID    string `yaml:"id"`
	// Columns, when given, are the columns the line's cells fill in order; the table's
	// other columns are blank on this row.
	Columns []string `yaml:"columns"`
	// Cells, when given, replace the cells parsed from the lines, for a row the extraction
	// garbled; the test checks they hold the same words as the lines.
	Cells []string `yaml:"cells"`
}

// layoutCell is one compared cell of the source.
type layoutCell struct {
	Table *layoutTable
	Row   *layoutRow
	Col   string // a data-col, or "label" for the row's label
	Text  string // normalised
}

// Name is the cell's name in the differences file: rendered row id / data-col.
func (c layoutCell) Name() string { return c.Row.ID + "/" + c.Col }

// sourceCells resolves the map against the source lines: every cell of every mapped row,
// its label first, in order. Mismatches between the map and the source are errors.
func sourceCells(lines []string, m *layoutMap) ([]layoutCell, []error) {
	var (
		cells []layoutCell
		errs  []error
	)
	line := func(n int) string {
		if n < 1 || n > len(lines) {
			return ""
		}
		return lines[n-1]
	}
	for ti := range m.Tables {
		mt := &m.Tables[ti]
		if h := strings.TrimSpace(line(mt.Header.Line)); !strings.HasPrefix(h, mt.Header.Starts) {
			errs = append(errs, fmt.Errorf("%s: line %d is %q, map says it starts with %q", mt.Name, mt.Header.Line, h, mt.Header.Starts))
		}
		for ri := range mt.Rows {
			r := &mt.Rows[ri]
			label, parsed := parseLayoutLine(line(r.Line))
			var words []string // every word of the row's lines, for a row with Cells
			words = append(words, strings.Fields(line(r.Line))...)
			for k := 1; k <= r.Wrap; k++ {
				l, more := parseLayoutLine(line(r.Line + k))
				label += " " + l
				parsed = append(parsed, more...)
				words = append(words, strings.Fields(line(r.Line+k))...)
			}
			if r.Cells != nil {
				want := strings.Fields(r.Label + " " + strings.Join(r.Cells, " "))
				slices.Sort(want)
				slices.Sort(words)
				if !slices.Equal(want, words) {
					errs = append(errs, fmt.Errorf("%s line %d: the map's label and cells have the words %q, the lines %q", mt.Name, r.Line, want, words))
				}
				label, parsed = r.Label, r.Cells
			}
			if label != r.Label {
				errs = append(errs, fmt.Errorf("%s line %d: label %q, map says %q", mt.Name, r.Line, label, r.Label))
			}
			cols := mt.Columns
			if r.Columns != nil {
				cols = r.Columns
			}
			if len(parsed) != len(cols) {
				errs = append(errs, fmt.Errorf("%s line %d (%s): %d cells %q, map has %d columns %q", mt.Name, r.Line, r.Label, len(parsed), parsed, len(cols), cols))
				continue
			}
			cells = append(cells, layoutCell{Table: mt, Row: r, Col: "label", Text: r.Label})
			for _, c := range mt.Columns {
				text := ""
				if i := slices.Index(cols, c); i >= 0 {
					text = parsed[i]
				}
				cells = append(cells, layoutCell{Table: mt, Row: r, Col: c, Text: text})
			}
			for _, c := range cols {
				if !slices.Contains(mt.Columns, c) {
					errs = append(errs, fmt.Errorf("%s line %d: column %q is not one of the table's", mt.Name, r.Line, c))
				}
			}
		}
	}
	return cells, errs
}

// unmappedFigureLines returns the source lines that hold a figure after their label but
// that the map neither maps nor ignores.
func unmappedFigureLines(lines []string, m *layoutMap) []int {
	known := map[int]bool{}
	for _, n := range m.Ignore {
		known[n] = true
	}
	for _, t := range m.Tables {
		known[t.Header.Line] = true
		for _, r := range t.Rows {
			for k := 0; k <= r.Wrap; k++ {
				known[r.Line+k] = true
			}
		}
	}
	var out []int
	for i, l := range lines {
		if known[i+1] {
			continue
		}
		_, cells := parseLayoutLine(l)
		for _, c := range cells {
			if isFigure(c) {
				out = append(out, i+1)
				break
			}
		}
	}
	return out
}

// ---------------------------------------------------------------------------------------
// Comparing with the rendered report.

var reRowHeader = regexp.MustCompile(`(?s)<th\b[^>]*\bscope="row"[^>]*>(.*?)</th>`)

// layoutFound is a cell that differs.
type layoutFound struct {
	cell    layoutCell
	tertial string
}

func (f layoutFound) String() string {
	return fmt.Sprintf("%s: source %q, tertial %q (%s line %d, %q)", f.cell.Name(), f.cell.Text, f.tertial, simrishamnSource, f.cell.Row.Line, f.cell.Row.Label)
}

// compareLayout compares every source cell with the rendered HTML and returns the cells
// that differ, plus what is wrong with the rendered document as a whole: ids that occur
// twice, mapped tables it lacks, and rendered rows the source does not have.
func compareLayout(src string, cells []layoutCell, m *layoutMap) (diffs []layoutFound, problems []string) {
	seen := map[string]int{}
	for _, mm := range reRowIDs.FindAllStringSubmatch(src, -1) {
		seen[mm[1]]++
	}
	for id, n := range seen {
		if n > 1 {
			problems = append(problems, fmt.Sprintf("id %q occurs %d times in the rendered report", id, n))
		}
	}
	tables := map[string]string{}
	for _, mt := range m.Tables {
		tabs := tableByID(src, mt.Element)
		if len(tabs) == 0 {
			problems = append(problems, fmt.Sprintf("%s: no <table id=%q> in the rendered report", mt.Name, mt.Element))
			continue
		}
		tables[mt.Element] = tabs[0]
		mapped := map[string]bool{}
		for _, r := range mt.Rows {
			mapped[r.ID] = true
		}
		for _, id := range tableRowIDs(tabs[0]) {
			if !mapped[id] {
				problems = append(problems, fmt.Sprintf("%s: rendered row %q is not in the source's table", mt.Name, id))
			}
		}
	}
	for _, c := range cells {
		scope, ok := tables[c.Table.Element]
		if !ok {
			continue // reported above
		}
		rows := rowByID(scope, c.Row.ID)
		if len(rows) == 0 {
			diffs = append(diffs, layoutFound{c, noRow})
			continue
		}
		text := noCell
		if c.Col == "label" {
			if h := reRowHeader.FindStringSubmatch(rows[0]); h != nil {
				text = cellText(h[1], false)
			}
		} else if inner, ok := rowCells(rows[0])[c.Col]; ok {
			text = cellText(inner, false)
		}
		if layoutKey(c.Text) != layoutKey(text) {
			diffs = append(diffs, layoutFound{c, text})
		}
	}
	return diffs, problems
}

// layoutDifference is an entry of the differences file.
type layoutDifference struct {
	Cell    string `yaml:"cell"`
	Source  string `yaml:"source"`
	Tertial string `yaml:"tertial"`
	Reason  string `yaml:"reason"`
	Why     string `yaml:"why"`
}

// validReason reports whether a difference's reason is one the differences file allows.
func validReason(r string) bool {
	switch r {
	case "rounding", "report_error", "blank_zero":
		return true
	}
	return false
}

// checkLayoutDifferences matches the differences found with those listed and returns what
// is wrong: unlisted differences, listed ones whose values changed, stale and malformed
// entries; and the listed entry of each difference found, by cell name.
func checkLayoutDifferences(diffs []layoutFound, listed []layoutDifference) (errs []string, unlisted []layoutFound, matched map[string]layoutDifference) {
	byCell := map[string]int{}
	for i, d := range listed {
		if _, dup := byCell[d.Cell]; dup {
			errs = append(errs, fmt.Sprintf("%s: %s listed twice", simrishamnDiffs, d.Cell))
		}
		byCell[d.Cell] = i
		if !validReason(d.Reason) {
			errs = append(errs, fmt.Sprintf("%s: %s: reason %q, want rounding, report_error or blank_zero", simrishamnDiffs, d.Cell, d.Reason))
		}
		if strings.TrimSpace(d.Why) == "" {
			errs = append(errs, fmt.Sprintf("%s: %s: no why", simrishamnDiffs, d.Cell))
		}
	}
	matched = map[string]layoutDifference{}
	for _, f := range diffs {
		i, ok := byCell[f.cell.Name()]
		if !ok {
			unlisted = append(unlisted, f)
			errs = append(errs, f.String()+": not listed in "+simrishamnDiffs)
			continue
		}
		d := listed[i]
		matched[d.Cell] = d
		if layoutKey(d.Source) != layoutKey(f.cell.Text) || layoutKey(d.Tertial) != layoutKey(f.tertial) {
			errs = append(errs, fmt.Sprintf("%s: listed in %s with source %q, tertial %q; the values changed", f, simrishamnDiffs, d.Source, d.Tertial))
		}
	}
	for _, d := range listed {
		if _, ok := matched[d.Cell]; !ok {
			errs = append(errs, fmt.Sprintf("%s: %s (source %q, tertial %q) no longer differs: remove the stale entry", simrishamnDiffs, d.Cell, d.Source, d.Tertial))
		}
	}
	return errs, unlisted, matched
}

// matchRate counts the source's figures and how many the report shows: exactly, and
// exactly or differing only by the source's own rounding (a listed difference with reason
// rounding).
func matchRate(cells []layoutCell, diffs []layoutFound, matched map[string]layoutDifference) (figures, exact, uptoRounding int) {
	differs := map[string]bool{}
	for _, f := range diffs {
		differs[f.cell.Name()] = true
	}
	for _, c := range cells {
		if c.Col == "label" || !isFigure(c.Text) {
			continue
		}
		figures++
		switch {
		case !differs[c.Name()]:
			exact++
			uptoRounding++
		case matched[c.Name()].Reason == "rounding":
			uptoRounding++
		}
	}
	return figures, exact, uptoRounding
}

// ---------------------------------------------------------------------------------------
// The tests.

func loadLayout(t *testing.T) ([]string, *layoutMap) {
	t.Helper()
	b, err := os.ReadFile(simrishamnSource)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.ReplaceAll(string(b), "\r\n", "\n"), "\n")
	mb, err := os.ReadFile(simrishamnMap)
	if err != nil {
		t.Fatal(err)
	}
	var m layoutMap
	if err := yaml.Unmarshal(mb, &m); err != nil {
		t.Fatalf("%s: %v", simrishamnMap, err)
	}
	return lines, &m
}

func TestGoldenSimrishamn(t *testing.T) {
	lines, m := loadLayout(t)
	cells, errs := sourceCells(lines, m)
	for _, err := range errs {
		t.Error(err)
	}
	for _, n := range unmappedFigureLines(lines, m) {
		t.Errorf("%s line %d has figures but is neither mapped nor ignored in %s: %q", simrishamnSource, n, simrishamnMap, strings.TrimSpace(lines[n-1]))
	}
	var listed []layoutDifference
	if b, err := os.ReadFile(simrishamnDiffs); err != nil {
		t.Fatal(err)
	} else if err := yaml.Unmarshal(b, &listed); err != nil {
		t.Fatalf("%s: %v", simrishamnDiffs, err)
	}

	d, ok := demo.Get("simrishamn")
	if !ok {
		t.Fatal("no demo simrishamn")
	}
	ds, err := d.Dataset()
	if err != nil {
		t.Fatal(err)
	}
	doc, err := report.Build(ds, d.Unit, d.Period)
	if err != nil {
		t.Fatal(err)
	}
	out, err := htmlreport.Render(doc)
	if err != nil {
		t.Fatal(err)
	}
	if p := os.Getenv("GOLDEN_HTML"); p != "" {
		if err := os.WriteFile(p, out, 0o644); err != nil {
			t.Fatal(err)
		}
	}

	diffs, problems := compareLayout(string(out), cells, m)
	for _, p := range problems {
		t.Error(p)
	}
	errors, unlisted, matched := checkLayoutDifferences(diffs, listed)
	for _, e := range errors {
		t.Error(e)
	}
	if len(unlisted) > 0 {
		var b strings.Builder
		for _, f := range unlisted {
			fmt.Fprintf(&b, "- {cell: %q, source: %q, tertial: %q, reason: ?, why: \"?\"}\n", f.cell.Name(), f.cell.Text, f.tertial)
		}
		t.Logf("unlisted differences, to be classified (a bug in the renderer or the data is to be fixed, not listed):\n%s", b.String())
	}
	figures, exact, upto := matchRate(cells, diffs, matched)
	pct := func(n int) float64 { return 100 * float64(n) / float64(figures) }
	t.Logf("compared %d cells of %d tables (%d figures); %d differ, %d listed", len(cells), len(m.Tables), figures, len(diffs), len(listed))
	t.Logf("figures shown as the source prints them: %d of %d (%.1f %%); counting the source's own rounding as shown: %d (%.1f %%)",
		exact, figures, pct(exact), upto, pct(upto))
	// The source's sums and deviations were computed from kronor and its rows printed
	// rounded, so some of Tertial's sums of the printed rows differ in the last digit;
	// those are counted as matching in the second rate, which must reach 97 %. The exact
	// rate (223 of 231 when written) is below that only by the source's own rounding and
	// its two inconsistent investment totals, each listed with its reason.
	if figures < 200 {
		t.Errorf("only %d figures compared", figures)
	}
	if pct(upto) < 97 {
		t.Errorf("match rate %.1f %%, want at least 97 %%", pct(upto))
	}
	if pct(exact) < 96 {
		t.Errorf("exact match rate %.1f %%, want at least 96 %%", pct(exact))
	}
}

func TestParseLayout(t *testing.T) {
	t.Run("lines", func(t *testing.T) {
		for _, c := range []struct {
			line  string
			label string
			cells []string
		}{
			{"Allmän fritidsverksamhet                                             - 6 279               -6 827                 548",
				"Allmän fritidsverksamhet", []string{"-6 279", "-6 827", "548"}},
			{"Alkoholtillstånd                                                          1                                        1",
				"Alkoholtillstånd", []string{"1", "1"}},
			{"Ny inredning, biblioteket             4,827    4,812    0,015           0,709 0,694            0,015",
				"Ny inredning, biblioteket", []string{"4,827", "4,812", "0,015", "0,709", "0,694", "0,015"}},
			{"Teknik/digital utveckling,            0,850    0,942    -0,092          0,412 0,504            -0,092",
				"Teknik/digital utveckling,", []string{"0,850", "0,942", "-0,092", "0,412", "0,504", "-0,092"}},
			{"Ungdomens hus                                  11 147      13 414      10 398 13 818            11 000",
				"Ungdomens hus", []string{"11 147", "13 414", "10 398", "13 818", "11 000"}},
			{"Bibliotek och buss                             117 271                   ung 116 000     ung 116 000               110 000",
				"Bibliotek och buss", []string{"117 271", "ung 116 000", "ung 116 000", "110 000"}},
			{"Studieförbundsbidrag                      -400      -391      -397        -400*         11            10           9",
				"Studieförbundsbidrag", []string{"-400", "-391", "-397", "-400*", "11", "10", "9"}},
			{"Korsavads simhall   Stängt   Stängt   Stängt   Stängt", "Korsavads simhall", []string{"Stängt", "Stängt", "Stängt", "Stängt"}},
			{"Tobisviksbadet                                                   Stängt                        240                      1310",
				"Tobisviksbadet", []string{"Stängt", "240", "1310"}},
			{"Totalt                          -1 732      -2 046     -2 092     -1947          76         89        92",
				"Totalt", []string{"-1 732", "-2 046", "-2 092", "-1947", "76", "89", "92"}},
			{"Fritid Österlen Holding AB   Tobisviks camping", "Fritid Österlen Holding AB", []string{"Tobisviks camping"}},
			{"Inga rättstvister", "Inga rättstvister", nil},
			{"    (6014)", "(6014)", nil},
			{"", "", nil},
		} {
			label, cells := parseLayoutLine(c.line)
			if label != c.label || !slices.Equal(cells, c.cells) {
				t.Errorf("parseLayoutLine(%q) = %q, %q; want %q, %q", c.line, label, cells, c.label, c.cells)
			}
		}
	})

	t.Run("keys", func(t *testing.T) {
		for _, c := range []struct {
			a, b string
			eq   bool
		}{
			{"- 6 279", "\u22126\u00a0279", true},
			{"-6 279", "-6279", true},
			{"0,015", "0,015", true},
			{"0,884", "0,883", false},
			{"1 394", "1\u00a0393", false},
			{"1310", "1 310", true},
			{"ung 116 000", "116\u00a0000", false},
			{"ung 116 000", "ung 116\u00a0000", true},
			{"-400*", "\u2212400", false},
			{"-400*", "\u2212400*", true},
			{"", "0", false},
			{"", "0,000", false},
			{"Stängt", "", false},
			{"Stängt", "Stängt", true},
			{"Tobisviks camping", "Tobisviks  camping", true},
			{"", "", true},
		} {
			if got := layoutKey(c.a) == layoutKey(c.b); got != c.eq {
				t.Errorf("layoutKey(%q)=%q, layoutKey(%q)=%q: equal %v, want %v", c.a, layoutKey(c.a), c.b, layoutKey(c.b), got, c.eq)
			}
		}
		for s, want := range map[string]bool{"-6 279": true, "ung 116 000": true, "-400*": true, "0,000": true, "Stängt": false, "": false, "Ej aktuellt": false} {
			if isFigure(s) != want {
				t.Errorf("isFigure(%q) = %v", s, !want)
			}
		}
	})

	t.Run("map", func(t *testing.T) {
		lines := []string{
			"Bidrag, tkr      Bokslut    Budget",    // 1
			"Arrangörsbidrag för    -718     -718",  // 2
			"kulturföreningar",                      // 3
			"Alkoholtillstånd        1",             // 4
			"Kultur- och   Ej aktuellt Ej",          // 5
			"arrangörsbidrag   aktuellt",            // 6
			"Sidfot 2025                SID 3 (36)", // 7
			"Okänd rad    12    13",                 // 8
		}
		tbl := layoutTable{Name: "Bidrag", Element: "tabell-bidrag", Columns: []string{"bokslut", "budget"}, Rows: []layoutRow{
			{Line: 2, Wrap: 1, Label: "Arrangörsbidrag för kulturföreningar", ID: "tabell-bidrag-arr"},
			{Line: 4, Label: "Alkoholtillstånd", ID: "tabell-bidrag-alk", Columns: []string{"budget"}},
			{Line: 5, Wrap: 1, Label: "Kultur- och arrangörsbidrag", ID: "tabell-bidrag-ka", Cells: []string{"Ej aktuellt", "Ej aktuellt"}},
		}}
		tbl.Header.Line, tbl.Header.Starts = 1, "Bidrag, tkr"
		m := &layoutMap{Ignore: []int{7}, Tables: []layoutTable{tbl}}
		cells, errs := sourceCells(lines, m)
		if len(errs) != 0 {
			t.Fatalf("errors: %v", errs)
		}
		got := map[string]string{}
		for _, c := range cells {
			got[c.Name()] = c.Text
		}
		want := map[string]string{
			"tabell-bidrag-arr/label": "Arrangörsbidrag för kulturföreningar", "tabell-bidrag-arr/bokslut": "-718", "tabell-bidrag-arr/budget": "-718",
			"tabell-bidrag-alk/label": "Alkoholtillstånd", "tabell-bidrag-alk/bokslut": "", "tabell-bidrag-alk/budget": "1",
			"tabell-bidrag-ka/label": "Kultur- och arrangörsbidrag", "tabell-bidrag-ka/bokslut": "Ej aktuellt", "tabell-bidrag-ka/budget": "Ej aktuellt",
		}
		if len(got) != len(want) {
			t.Errorf("cells %q, want %q", got, want)
		}
		for k, v := range want {
			if got[k] != v {
				t.Errorf("%s: %q, want %q", k, got[k], v)
			}
		}
		if un := unmappedFigureLines(lines, m); !slices.Equal(un, []int{8}) {
			t.Errorf("unmapped lines %v, want [8]", un)
		}
		// A wrong label, a wrong number of cells and cells with other words than the lines
		// are errors.
		bad := tbl
		bad.Rows = []layoutRow{
			{Line: 2, Label: "Arrangörsbidrag för kulturföreningar", ID: "a"},
			{Line: 4, Label: "Alkoholtillstånd", ID: "b"},
			{Line: 5, Wrap: 1, Label: "Kultur- och arrangörsbidrag", ID: "c", Cells: []string{"Ej aktuellt", "Stängt"}},
		}
		if _, errs := sourceCells(lines, &layoutMap{Tables: []layoutTable{bad}}); len(errs) != 3 {
			t.Errorf("bad map: %d errors, want 3: %v", len(errs), errs)
		}
	})

	t.Run("html and differences", func(t *testing.T) {
		const src = `<table id="tabell-bibliotek" class="free"><thead><tr><th>Statistik</th></tr></thead><tbody>
<tr id="tabell-bibliotek-buss"><th scope="row">Bibliotek och buss</th><td data-col="b2024" class="num">116&nbsp;000</td><td data-col="b2025" class="num"></td></tr>
</tbody></table>`
		tbl := &layoutTable{Name: "Folkbibliotek", Element: "tabell-bibliotek", Columns: []string{"b2024", "b2025"}}
		row := &layoutRow{Line: 9, Label: "Bibliotek och buss", ID: "tabell-bibliotek-buss"}
		tbl.Rows = []layoutRow{*row}
		cells := []layoutCell{
			{Table: tbl, Row: row, Col: "label", Text: "Bibliotek och buss"},
			{Table: tbl, Row: row, Col: "b2024", Text: "ung 116 000"},
			{Table: tbl, Row: row, Col: "b2025", Text: "Stängt"},
		}
		diffs, problems := compareLayout(src, cells, &layoutMap{Tables: []layoutTable{*tbl}})
		if len(problems) != 0 || len(diffs) != 2 || diffs[0].cell.Col != "b2024" || diffs[0].tertial != "116 000" || diffs[1].tertial != "" {
			t.Fatalf("diffs %v, problems %v", diffs, problems)
		}
		ok := []layoutDifference{
			{Cell: "tabell-bibliotek-buss/b2024", Source: "ung 116 000", Tertial: "116 000", Reason: "report_error", Why: "x"},
			{Cell: "tabell-bibliotek-buss/b2025", Source: "Stängt", Tertial: "", Reason: "report_error", Why: "x"},
		}
		if errs, _, _ := checkLayoutDifferences(diffs, ok); len(errs) != 0 {
			t.Errorf("listed differences: %v", errs)
		}
		if errs, un, _ := checkLayoutDifferences(diffs, ok[:1]); len(errs) != 1 || len(un) != 1 {
			t.Errorf("unlisted difference: %v", errs)
		}
		if errs, _, _ := checkLayoutDifferences(diffs[:1], ok); len(errs) != 1 || !strings.Contains(errs[0], "stale") {
			t.Errorf("stale entry: %v", errs)
		}
		changed := slices.Clone(ok)
		changed[0].Tertial = "115 000"
		if errs, _, _ := checkLayoutDifferences(diffs, changed); len(errs) != 1 || !strings.Contains(errs[0], "changed") {
			t.Errorf("changed entry: %v", errs)
		}
		bad := slices.Clone(ok)
		bad[0].Reason, bad[0].Why = "väntar", ""
		if errs, _, _ := checkLayoutDifferences(diffs, bad); len(errs) != 2 {
			t.Errorf("malformed entry: %v", errs)
		}
		rounding := slices.Clone(ok)
		rounding[0].Reason = "rounding"
		_, _, matched := checkLayoutDifferences(diffs, rounding)
		if f, e, u := matchRate(cells, diffs, matched); f != 1 || e != 0 || u != 1 {
			t.Errorf("matchRate: %d figures, %d exact, %d up to rounding; want 1, 0, 1", f, e, u)
		}
		// A rendered row the source lacks is a problem.
		extra := strings.Replace(src, "</tbody>", `<tr id="tabell-bibliotek-ny"><th scope="row">Ny</th></tr></tbody>`, 1)
		if _, problems := compareLayout(extra, cells, &layoutMap{Tables: []layoutTable{*tbl}}); len(problems) != 1 {
			t.Errorf("extra row: %v", problems)
		}
	})
}
