package tertial

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// A municipality's own account mapping of the financial statements, and the budget it
// enters for the resultaträkning (issue 16). The statements' rows and sums are LKBR's and
// stay those of DefaultStatementLayout; what a municipality changes is which accounts each
// accounts row takes (its terms), its note number and the note's rows. StatementSetup
// holds only the rows it changes, so a municipality without edits follows the default,
// and "återställ standard" is an empty mapping. The dataset format's key is `statements`
// (docs/statements.md).

// StatementRowMapping replaces, for one accounts row of the default layout, the terms
// (which accounts the row takes), the note number and the note's rows.
type StatementRowMapping struct {
	Row      string // the ID of an accounts row of DefaultStatementLayout
	Terms    []StatementTerm
	Note     int // 0 for none
	NoteRows []NoteRow
}

// StatementBudget is an amount entered as a year's budget of an accounts row of the
// resultaträkning, in öre in the presentation sign (income positive, costs negative). It
// replaces the ledger's #PBUDGET for the row (StatementOptions.Budget).
type StatementBudget struct {
	Year   int
	Row    string
	Amount Amount
}

// StatementForecast is the forecast for the whole year of an accounts row of the
// resultaträkning, made at a cut-off before the year's end (a tertial's or a
// delårsrapport's), in öre in the presentation sign. A delårsrapport shows it beside the
// budget (RKR R17: the förvaltningsberättelse's forecast for the year and the balance
// requirement judged on it).
type StatementForecast struct {
	Through int // the cut-off the forecast is made at, YYYYMM, month 1–11
	Row     string
	Amount  Amount
}

// StatementSetup is a municipality's edits of the statements: the mapping of the rows it
// changed, in the layout's order, the entered budget and the entered forecasts. Version
// counts its saves (the store's, not part of the dataset format).
type StatementSetup struct {
	Mapping  []StatementRowMapping
	Budget   []StatementBudget
	Forecast []StatementForecast
	Version  int
}

// IsEmpty reports whether the setup holds nothing: the default layout, no entered budget,
// no forecast.
func (s *StatementSetup) IsEmpty() bool {
	return len(s.Mapping) == 0 && len(s.Budget) == 0 && len(s.Forecast) == 0
}

// ForecastOf returns the forecast made at the cut-off (YYYYMM), by row ID; nil when none
// is entered.
func (s *StatementSetup) ForecastOf(through int) map[string]Amount {
	var out map[string]Amount
	for _, f := range s.Forecast {
		if f.Through == through {
			if out == nil {
				out = map[string]Amount{}
			}
			out[f.Row] = f.Amount
		}
	}
	return out
}

// MonthText writes a YYYYMM month as the dataset format and the forms do: "2025-08".
func MonthText(yyyymm int) string { return fmt.Sprintf("%04d-%02d", yyyymm/100, yyyymm%100) }

// ParseMonth reads a month written "2025-08" as YYYYMM; ok is false when the text is not
// a month of a year from 1900 to 2200.
func ParseMonth(s string) (yyyymm int, ok bool) {
	y, m, found := strings.Cut(strings.TrimSpace(s), "-")
	if !found || len(y) != 4 || len(m) != 2 {
		return 0, false
	}
	yn, err1 := strconv.Atoi(y)
	mn, err2 := strconv.Atoi(m)
	if err1 != nil || err2 != nil || mn < 1 || mn > 12 || yn < 1900 || yn > 2200 {
		return 0, false
	}
	return yn*100 + mn, true
}

// MappingOf returns the mapping of the row, or nil when the row follows the default.
func (s *StatementSetup) MappingOf(row string) *StatementRowMapping {
	for i := range s.Mapping {
		if s.Mapping[i].Row == row {
			return &s.Mapping[i]
		}
	}
	return nil
}

// BudgetOf returns the budget entered for the year, by row ID; nil when none is.
func (s *StatementSetup) BudgetOf(year int) map[string]Amount {
	var out map[string]Amount
	for _, b := range s.Budget {
		if b.Year == year {
			if out == nil {
				out = map[string]Amount{}
			}
			out[b.Row] = b.Amount
		}
	}
	return out
}

// StatementLayoutOrDefault returns the layout the municipality's statements are built
// with: DefaultStatementLayout with the dataset's mapping applied.
func (d *Dataset) StatementLayoutOrDefault() *StatementLayout {
	return ApplyStatementMapping(DefaultStatementLayout(), d.Statements.Mapping)
}

// ApplyStatementMapping returns a copy of base whose rows named by the mapping take the
// mapping's terms, note and note rows. Rows the mapping names that base does not have are
// left out (Validate reports them).
func ApplyStatementMapping(base *StatementLayout, m []StatementRowMapping) *StatementLayout {
	out := &StatementLayout{Rows: slices.Clone(base.Rows)}
	for _, rm := range m {
		for i := range out.Rows {
			if out.Rows[i].ID == rm.Row {
				out.Rows[i].Terms = rm.Terms
				out.Rows[i].Note = rm.Note
				out.Rows[i].NoteRows = rm.NoteRows
			}
		}
	}
	return out
}

// MappingFor returns the mapping that, applied to the default layout, gives the rows'
// terms, notes and note rows as in edited: the rows that differ from the default, in the
// layout's order.
func MappingFor(edited *StatementLayout) []StatementRowMapping {
	var out []StatementRowMapping
	def := DefaultStatementLayout()
	for _, r := range edited.Rows {
		d, ok := def.Row(r.ID)
		if !ok || r.Kind != RowAccounts {
			continue
		}
		if !sameRowMapping(d, r) {
			out = append(out, StatementRowMapping{Row: r.ID, Terms: r.Terms, Note: r.Note, NoteRows: r.NoteRows})
		}
	}
	return out
}

func sameRowMapping(a, b StatementRow) bool {
	if a.Note != b.Note || len(a.Terms) != len(b.Terms) || len(a.NoteRows) != len(b.NoteRows) {
		return false
	}
	for i := range a.Terms {
		x, y := a.Terms[i], b.Terms[i]
		if x.Measure != y.Measure || RangesText(x.Accounts) != RangesText(y.Accounts) || RangesText(x.Except) != RangesText(y.Except) {
			return false
		}
	}
	for i := range a.NoteRows {
		x, y := a.NoteRows[i], b.NoteRows[i]
		if x.ID != y.ID || x.Label != y.Label || RangesText(x.Accounts) != RangesText(y.Accounts) {
			return false
		}
	}
	return true
}

// RangesText writes account ranges as a form and the audit log show them: "4-77, 79".
func RangesText(rs []AccountRange) string {
	s := make([]string, len(rs))
	for i, r := range rs {
		s[i] = r.String()
	}
	return strings.Join(s, ", ")
}

// MappingText writes the mapping a row a line, as the audit log and history show it:
// "verksamhetens-kostnader: movement 4-76 utom 4711; not 2 (Personal: 5; Övrigt: 4-76)".
// The empty mapping (the default) is the empty string.
func (s *StatementSetup) MappingText() string {
	lines := make([]string, len(s.Mapping))
	for i, m := range s.Mapping {
		terms := make([]string, len(m.Terms))
		for j, t := range m.Terms {
			terms[j] = string(t.Measure) + " " + RangesText(t.Accounts)
			if len(t.Except) > 0 {
				terms[j] += " utom " + RangesText(t.Except)
			}
		}
		line := m.Row + ": " + strings.Join(terms, " + ")
		if m.Note > 0 {
			line += "; not " + strconv.Itoa(m.Note)
			if len(m.NoteRows) > 0 {
				nr := make([]string, len(m.NoteRows))
				for j, n := range m.NoteRows {
					nr[j] = n.Label + ": " + RangesText(n.Accounts)
				}
				line += " (" + strings.Join(nr, "; ") + ")"
			}
		}
		lines[i] = line
	}
	return strings.Join(lines, "\n")
}

// ForecastText writes the entered forecasts a line each: "2025-08 skatteintakter: 412500000.00".
func (s *StatementSetup) ForecastText() string {
	lines := make([]string, len(s.Forecast))
	for i, f := range s.Forecast {
		lines[i] = MonthText(f.Through) + " " + f.Row + ": " + f.Amount.Exact(Kr).String()
	}
	return strings.Join(lines, "\n")
}

// BudgetText writes the entered budget of a year a line each: "2025 skatteintakter: 412500000,00".
func (s *StatementSetup) BudgetText() string {
	lines := make([]string, len(s.Budget))
	for i, b := range s.Budget {
		lines[i] = strconv.Itoa(b.Year) + " " + b.Row + ": " + b.Amount.Exact(Kr).String()
	}
	return strings.Join(lines, "\n")
}

var layoutRowPath = regexp.MustCompile(`^rows\[(\d+)\]`)

// Validate checks the setup: each mapping names an accounts row of the default layout,
// once, and the layout it makes is valid (StatementLayout.Validate: measures, account
// ranges, unique note numbers, note rows, no account on two rows of the resultaträkning
// and balansräkning); each budget amount names an accounts row of the resultaträkning,
// once a year, in a year from 1900 to 2200; each forecast names a month January–November
// and an accounts row of the resultaträkning, once a month. Paths are the dataset format's under
// `statements` ("mapping[2].terms[0].accounts[1]", "budget[4].row"); a problem the
// mapping causes on a row it does not change is put on the mapping's row that causes it
// where that is known, otherwise on "mapping".
func (s *StatementSetup) Validate() []Problem {
	var ps problems
	def := DefaultStatementLayout()
	at := map[string]int{} // row ID → mapping index
	for i, m := range s.Mapping {
		p := fmt.Sprintf("mapping[%d]", i)
		r, ok := def.Row(m.Row)
		switch {
		case m.Row == "":
			ps.add(p+".row", "raden saknas")
		case !ok:
			ps.add(p+".row", "det finns ingen rad %q i räkenskaperna", m.Row)
		case r.Kind != RowAccounts:
			ps.add(p+".row", "raden %q tar inga konton (den är en summa eller rubrik) och kan inte mappas", m.Row)
		default:
			if _, dup := at[m.Row]; dup {
				ps.add(p+".row", "raden %q är mappad två gånger", m.Row)
			} else {
				at[m.Row] = i
			}
		}
		if ok && r.Kind == RowAccounts && len(m.Terms) == 0 {
			ps.add(p+".terms", "raden %q tar inga konton; ange minst ett kontointervall", m.Row)
		}
	}
	if len(ps) == 0 {
		l := ApplyStatementMapping(def, s.Mapping)
		for _, pr := range l.Validate() {
			ps = append(ps, s.mappingProblem(l, at, pr))
		}
	}
	seen := map[string]bool{}
	for i, b := range s.Budget {
		p := fmt.Sprintf("budget[%d]", i)
		if b.Year < 1900 || b.Year > 2200 {
			ps.add(p+".year", "året %d är inte rimligt", b.Year)
		}
		r, ok := def.Row(b.Row)
		switch {
		case b.Row == "":
			ps.add(p+".row", "raden saknas")
		case !ok || r.Statement != Resultatrakning || r.Kind != RowAccounts:
			ps.add(p+".row", "budget kan bara anges för resultaträkningens rader med konton, inte %q", b.Row)
		default:
			k := strconv.Itoa(b.Year) + "/" + b.Row
			if seen[k] {
				ps.add(p+".row", "budget för %q %d är angiven två gånger", b.Row, b.Year)
			}
			seen[k] = true
		}
	}
	seen = map[string]bool{}
	for i, f := range s.Forecast {
		p := fmt.Sprintf("forecast[%d]", i)
		y, m := f.Through/100, f.Through%100
		switch {
		case y < 1900 || y > 2200 || m < 1 || m > 12:
			ps.add(p+".through", "%d är ingen månad (skriv ÅÅÅÅ-MM)", f.Through)
		case m == 12:
			ps.add(p+".through", "en prognos för helåret görs före årets slut; i december är utfallet helåret (ange en månad januari–november)")
		}
		r, ok := def.Row(f.Row)
		switch {
		case f.Row == "":
			ps.add(p+".row", "raden saknas")
		case !ok || r.Statement != Resultatrakning || r.Kind != RowAccounts:
			ps.add(p+".row", "prognos kan bara anges för resultaträkningens rader med konton, inte %q", f.Row)
		default:
			k := strconv.Itoa(f.Through) + "/" + f.Row
			if seen[k] {
				ps.add(p+".row", "prognos för %q %s är angiven två gånger", f.Row, MonthText(f.Through))
			}
			seen[k] = true
		}
	}
	return ps
}

// mappingProblem puts a problem of the applied layout on the mapping.
func (s *StatementSetup) mappingProblem(l *StatementLayout, at map[string]int, pr Problem) Problem {
	m := layoutRowPath.FindStringSubmatch(pr.Path)
	if m == nil {
		return Problem{Path: "mapping", Message: pr.Message}
	}
	k, _ := strconv.Atoi(m[1])
	row := l.Rows[k]
	if i, ok := at[row.ID]; ok {
		return Problem{Path: fmt.Sprintf("mapping[%d]", i) + pr.Path[len(m[0]):], Message: pr.Message}
	}
	// A row the mapping leaves as it is: an account it now shares with a mapped row, or a
	// note number a mapped row took. Put it on that mapped row.
	for i, rm := range s.Mapping {
		mr, _ := l.Row(rm.Row)
		if mr.Note > 0 && mr.Note == row.Note {
			return Problem{Path: fmt.Sprintf("mapping[%d].note", i), Message: fmt.Sprintf("not %d hör redan till raden %q", mr.Note, row.ID)}
		}
		for j, t := range mr.Terms {
			for _, u := range row.Terms {
				if acc, ok := commonAccount(t, u); ok && mr.Statement != Kassaflode && row.Statement != Kassaflode {
					return Problem{Path: fmt.Sprintf("mapping[%d].terms[%d].accounts", i, j),
						Message: fmt.Sprintf("kontona %s tas redan av raden %q; ett konto får bara finnas på en rad", acc, row.ID)}
				}
			}
		}
	}
	return Problem{Path: "mapping", Message: fmt.Sprintf("raden %q: %s", row.ID, pr.Message)}
}

// validateStatements checks the dataset's statements block.
func (v *validator) statements() {
	v.add("statements", v.d.Statements.Validate())
}
