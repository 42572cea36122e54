package tertial

import (
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The rule set of every single write. Each kind of item a user can change on its own (an
// indicator's value, a goal's follow-up, a status, a row, a text) has one Validate here.
// Dataset.Validate applies the same functions to every item of a file, the store applies
// them to every save before it writes, and the doors (the dataset file, the site's forms,
// the API) only translate the problems into their own form: file:line, a message beside the
// field, a JSON 422 naming the field. So nothing a form or the API can save is refused by
// the export's own import.
//
// A Problem's Path in what these return is relative to the item, in the dataset format's
// names ("value", "missing", "note"); Dataset.Validate prefixes the item's path.

// CheckText returns what is wrong with a text a user typed, or "": it must be UTF-8 and
// hold no control characters but newline and tab. PostgreSQL refuses a NUL byte, and other
// control characters cannot move through every export format.
func CheckText(s string) string {
	if !utf8.ValidString(s) {
		return "texten är inte giltig UTF-8"
	}
	n := 0
	for _, r := range s {
		n++
		if r != '\n' && r != '\t' && unicode.IsControl(r) {
			return fmt.Sprintf("texten innehåller ett otillåtet styrtecken (%U) vid tecken %d; bara radbrytning och tabb är tillåtna", r, n)
		}
	}
	return ""
}

// NormalizeNewlines turns the CR LF and lone CR line breaks that browsers and Windows
// programs send into LF, the only line break a stored text holds.
func NormalizeNewlines(s string) string {
	if !strings.Contains(s, "\r") {
		return s
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}

// problems collects an item's problems; paths are relative to the item.
type problems []Problem

func (ps *problems) add(path, format string, args ...any) {
	*ps = append(*ps, Problem{Path: path, Message: fmt.Sprintf(format, args...)})
}

func (ps *problems) text(path, s string) {
	if msg := CheckText(s); msg != "" {
		ps.add(path, "%s", msg)
	}
}

func (ps *problems) year(path string, y int) {
	if y < MinYear || y > MaxYear {
		ps.add(path, "året %d är orimligt: ska vara %d–%d", y, MinYear, MaxYear)
	}
}

// MinYear and MaxYear bound every year Tertial stores.
const (
	MinYear = 1900
	MaxYear = 2200
)

// Validate checks a value entry of ind: the year, the kind, a value or the reason it is
// missing (a note alone is not an entry), women and men only for an indicator split by
// gender, and the note's text. A numerator and a denominator come together, the
// denominator above zero, and stand for the value: without a value they give it (Indicator.
// DeriveValues), and with one they must agree with it to the indicator's decimals (the
// value 2,9 % with 115 of 4 000 at one decimal).
func (v *IndicatorValue) Validate(ind *Indicator) []Problem {
	var ps problems
	ps.year("year", v.Year)
	if v.Kind != "" && !oneOf(v.Kind, ValueKinds) {
		ps.add("kind", "okänd värdetyp %q: ska vara en av %s", v.Kind, list(ValueKinds))
	}
	switch v.Missing {
	case MissingNone:
		if v.Value == nil && v.Women == nil && v.Men == nil && v.Numerator == nil && v.Denominator == nil {
			ps.add("value", "värde saknas: ange ett värde eller varför det saknas")
		}
	case MissingNotMeasured, MissingNotReported:
		if v.Value != nil && !v.Computed {
			ps.add("missing", "ett värde kan inte både finnas och saknas")
		} else if v.Numerator != nil || v.Denominator != nil {
			ps.add("missing", "täljare och nämnare kan inte finnas när värdet saknas")
		}
	default:
		ps.add("missing", "okänd orsak %q: ska vara not_measured eller not_reported", v.Missing)
	}
	if ind != nil && !ind.Gender {
		if v.Women != nil {
			ps.add("women", "indikatorn är inte uppdelad på kön")
		}
		if v.Men != nil {
			ps.add("men", "indikatorn är inte uppdelad på kön")
		}
	}
	v.validateRatio(&ps, ind)
	ps.text("note", v.Note)
	return ps
}

// validateRatio checks the entry's numerator and denominator, and that a value given with
// them agrees with their ratio to the indicator's decimals.
func (v *IndicatorValue) validateRatio(ps *problems, ind *Indicator) {
	switch {
	case v.Numerator == nil && v.Denominator == nil:
		return
	case v.Denominator == nil:
		ps.add("denominator", "nämnaren saknas: täljare och nämnare anges tillsammans")
		return
	case v.Numerator == nil:
		ps.add("numerator", "täljaren saknas: täljare och nämnare anges tillsammans")
		return
	case v.Denominator.Sign() <= 0:
		ps.add("denominator", "nämnaren %s ska vara större än noll", v.Denominator)
		return
	}
	if ind == nil || v.Value == nil || v.Computed {
		return
	}
	r, err := ind.Ratio(*v.Numerator, *v.Denominator, ind.Decimals)
	if err != nil {
		ps.add("value", "värdet kan inte räknas ut ur täljaren %s och nämnaren %s: %s", v.Numerator, v.Denominator, ErrorMessage(err))
		return
	}
	if !v.Value.Round(ind.Decimals).Equal(r) {
		times := ""
		if ind.InPercent() {
			times = " × 100"
		}
		ps.add("value", "värdet %s stämmer inte med täljaren och nämnaren: %s / %s%s = %s (avrundat till indikatorns antal decimaler, %d); ange rätt värde eller lämna det tomt så räknas det ut",
			v.Value, v.Numerator, v.Denominator, times, r, ind.Decimals)
	}
}

// IsEmpty reports whether the entry holds nothing: no number, no reason, no note. Saving
// an empty entry removes the year's entry.
func (v *IndicatorValue) IsEmpty() bool {
	return v.Value == nil && v.Women == nil && v.Men == nil && v.Numerator == nil && v.Denominator == nil &&
		v.Missing == MissingNone && strings.TrimSpace(v.Note) == ""
}

// Validate checks a stage target for a year: the year, and that the target is written as
// text that reads back as the same target, so that the dataset file can carry it; a base
// year lies before the year, and the years of a pooled target include it.
func (t *YearTarget) Validate() []Problem {
	var ps problems
	ps.year("year", t.Year)
	if msg := CheckText(t.Target.Unit); msg != "" {
		ps.add("target", "enheten: %s", msg)
	} else if s := t.Target.String(); !t.Target.IsZero() {
		if back, err := ParseTarget(s); err != nil || back.String() != s || back.Base != t.Target.Base ||
			back.From != t.Target.From || back.To != t.Target.To {
			ps.add("target", "målvärdet %q kan inte läsas tillbaka som samma målvärde", s)
		} else if t.Target.Base != 0 && t.Target.Base >= t.Year {
			ps.add("target", "målvärdet %q jämför med %d, som inte ligger före målets år %d", s, t.Target.Base, t.Year)
		} else if t.Target.Pooled() && (t.Year < t.Target.From || t.Year > t.Target.To) {
			ps.add("target", "målvärdet %q gäller %s, som inte omfattar målets år %d", s, t.Target.PoolRange(), t.Year)
		}
	}
	return ps
}

// Validate checks a goal's follow-up in a period of the municipality m: the assessment, a
// level of m's goal scale (Municipality.CheckAssessment), and the analysis's text.
func (f *GoalFollowup) Validate(m *Municipality) []Problem {
	var ps problems
	if msg := m.CheckAssessment(f.Assessment); msg != "" {
		ps.add("assessment", "%s", msg)
	}
	ps.text("analysis", f.Analysis)
	return ps
}

// Validate checks the follow-up of an assignment or an internal-control item in a period
// of the municipality m: the status, a level of m's status scale (Municipality.CheckStatus),
// the progress and the comment's text.
func (f *StatusFollowup) Validate(m *Municipality) []Problem {
	var ps problems
	if msg := m.CheckStatus(f.Status); msg != "" {
		ps.add("status", "%s", msg)
	}
	if f.Progress != nil && (*f.Progress < 0 || *f.Progress > 100) {
		ps.add("progress", "färdiggraden %d ska vara 0–100", *f.Progress)
	}
	ps.text("comment", f.Comment)
	return ps
}

// Validate checks a text section's body: not empty, and its text.
func (t *TextSection) Validate() []Problem {
	var ps problems
	if strings.TrimSpace(t.Body) == "" {
		ps.add("body", "texten får inte vara tom")
	}
	ps.text("body", t.Body)
	return ps
}

// ValidateRow checks an amount row of the table: its label, amounts only in the table's
// columns, each year of its history once, and the comment's text. Groups are checked by
// the dataset's validator, which walks them.
func (t *MoneyTable) ValidateRow(r *MoneyRow) []Problem {
	var ps problems
	if strings.TrimSpace(r.Label) == "" {
		ps.add("label", "värde saknas")
	}
	amount := t.AmountColumns()
	for _, c := range slices.Sorted(maps.Keys(r.Amounts)) {
		if slices.Contains(amount, c) {
			continue
		}
		if def, ok := t.Column(c); ok && def.Computed() {
			ps.add(string(c), "kolumnen %q räknas fram (%s) och tar inga belopp", c, def.Kind)
		} else {
			ps.add(string(c), "tabellen har ingen kolumn %q", c)
		}
	}
	years := map[int]bool{}
	for j, h := range r.History {
		if years[h.Year] {
			ps.add(fmt.Sprintf("history[%d].year", j), "året %d förekommer två gånger", h.Year)
		}
		years[h.Year] = true
	}
	ps.text("comment", r.Comment)
	return ps
}

// ValidateRow checks a row's cells: only columns the table has, none that is computed (by
// its column's formula, or a numeric one of a row with a row formula), text cells' text,
// amounts within the table's precision (when the table's unit is known), and a numeric
// cell's word or marks (see CheckCellWords); a group has no cells and no
// formula. It checks the texts of a row's unit and a group's labels too. The cells' types
// follow from their columns when they are read. Whether a row formula names rows of the
// table is the table's matter (Dataset.Validate).
func (t *FreeTable) ValidateRow(r *FreeRow) []Problem {
	var ps problems
	if n := utf8.RuneCountInString(r.Unit); n > MaxFreeUnitLength {
		ps.add("unit", "enheten får vara högst %d tecken, den har %d", MaxFreeUnitLength, n)
	}
	ps.text("unit", r.Unit)
	if r.Group {
		ps.text("label", r.Label)
		ps.text("sum_label", r.SumLabel)
		if len(r.Cells) > 0 {
			ps.add("cells", "raden %q är en grupp och kan inte ha celler: ange dem på gruppens rader", r.ID)
		}
		if len(r.Formula) > 0 {
			ps.add("formula", "raden %q är en grupp och kan inte räknas fram med en formel", r.ID)
		}
		return ps
	}
	cols := make(map[string]*FreeColumn, len(t.Columns))
	for i := range t.Columns {
		cols[t.Columns[i].ID] = &t.Columns[i]
	}
	for _, id := range slices.Sorted(maps.Keys(r.Cells)) {
		c := cols[id]
		cell := r.Cells[id]
		switch {
		case c == nil:
			ps.add("cells."+id, "tabellen har ingen kolumn %q", id)
		case len(c.Formula) > 0:
			ps.add("cells."+id, "kolumnen %q räknas fram och kan inte anges", id)
		case len(r.Formula) > 0 && c.Type.Numeric():
			ps.add("cells."+id, "raden %q räknas fram (%s) och tar inga värden i talkolumnen %q; bara dess text anges", r.ID, r.Formula, id)
		case c.Type == ColText:
			ps.text("cells."+id, cell.Text)
			ps = append(ps, noMarks("cells."+id, cell, "en textkolumn")...)
		case c.Type.Numeric():
			ps = append(ps, CheckCellWords("cells."+id, cell, c.Type)...)
			if c.Type == ColAmount && t.Unit.Valid() && !cell.IsWord(c.Type) {
				// As the dataset file writes amounts, in the table's precision.
				if back, err := AmountFromDecimal(cell.Amount.In(t.Unit, t.Precision), t.Unit); err != nil || back != cell.Amount {
					ps.add("cells."+id, "beloppet %s %s har fler decimaler än de %d som tabellen tillåter", cell.Amount.Exact(t.Unit), t.Unit, t.Precision)
				}
			}
		default:
			ps = append(ps, noMarks("cells."+id, cell, "en datumkolumn")...)
		}
	}
	return ps
}

// The longest word a numeric cell may hold in place of its value, and the longest mark
// before or after a value, in characters: a word says briefly why there is no figure
// ("Ej aktuellt", "Uppgift saknas"), a mark is a short word or sign ("ung", "*").
const (
	MaxCellWordLength = 40
	MaxCellMarkLength = 10
)

// WordWithValue is the problem of a numeric cell given both a word and a value. The doors
// that can tell a value of 0 from none (the dataset file, the API) report it before they
// build the cell; CheckCellWords reports a word beside any other value.
func WordWithValue(word string) string {
	return fmt.Sprintf("cellen har både ordet %q och ett värde: ordet står i stället för värdet, ange det ena", word)
}

// CheckCellWords checks what a cell of a numeric column of type t holds besides its
// value: a word in place of the value (at most MaxCellWordLength characters, and then no
// value and no marks), or marks before and after the value (at most MaxCellMarkLength
// characters each). Words and marks are single lines of text without surrounding space.
// path is the cell's ("cells.antal"); the problems name its parts (path.text, path.before,
// path.after) as the dataset format does.
func CheckCellWords(path string, c Cell, t ColumnType) []Problem {
	var ps problems
	part := func(key, what, s string, max int) {
		switch {
		case s == "":
		case CheckText(s) != "":
			ps.text(path+"."+key, s)
		case strings.ContainsAny(s, "\n\t"):
			ps.add(path+"."+key, "%s får inte innehålla radbrytning eller tabb", what)
		case strings.TrimSpace(s) != s:
			ps.add(path+"."+key, "%s %q får inte börja eller sluta med mellanslag", what, s)
		case utf8.RuneCountInString(s) > max:
			ps.add(path+"."+key, "%s %q får vara högst %d tecken, det har %d", what, s, max, utf8.RuneCountInString(s))
		}
	}
	part("text", "ordet", c.Text, MaxCellWordLength)
	part("before", "tecknet före värdet", c.Before, MaxCellMarkLength)
	part("after", "tecknet efter värdet", c.After, MaxCellMarkLength)
	if c.IsWord(t) {
		if c.hasValue(t) {
			ps.add(path, "%s", WordWithValue(c.Text))
		}
		if c.Before != "" || c.After != "" {
			ps.add(path, "ordet %q står i stället för ett värde och kan inte ha tecken före eller efter", c.Text)
		}
	}
	return ps
}

// noMarks reports marks on a cell of a column that is not numeric.
func noMarks(path string, c Cell, what string) []Problem {
	var ps problems
	if c.Before != "" {
		ps.add(path+".before", "bara talkolumner har tecken före värdet, inte %s", what)
	}
	if c.After != "" {
		ps.add(path+".after", "bara talkolumner har tecken efter värdet, inte %s", what)
	}
	return ps
}

// MaxFreeUnitLength is the longest unit a free table's row may have, in characters: a
// unit is a short symbol or word ("st", "kr", "%", "årsarbetare").
const MaxFreeUnitLength = 20

// MaxCommentLength is the longest comment a report section's state change may carry
// (sending it back says why), in characters.
const MaxCommentLength = 5000

// ValidateComment checks the comment of a section's state change.
func ValidateComment(comment string) []Problem {
	var ps problems
	if n := utf8.RuneCountInString(comment); n > MaxCommentLength {
		ps.add("comment", "kommentaren får vara högst %d tecken, den har %d", MaxCommentLength, n)
	}
	ps.text("comment", comment)
	return ps
}

// Invalid returns the EINVALID error of an item's problems: its message lists them, and
// Problems keeps them for a door that shows each beside its field.
func Invalid(ps []Problem) *Error {
	msgs := make([]string, len(ps))
	for i, p := range ps {
		msgs[i] = p.String()
	}
	return &Error{Code: EINVALID, Message: strings.Join(msgs, "; "), Problems: ps}
}

// ProblemsOf returns the problems carried by err (see Invalid), or nil.
func ProblemsOf(err error) []Problem {
	var e *Error
	if errors.As(err, &e) {
		return e.Problems
	}
	return nil
}

// texts checks every text of the dataset, whichever field holds it, with CheckText. The
// path is the dataset format's: a Go field's name in snake case, which is what the format
// calls it, except where textPaths says otherwise.
func (v *validator) texts() {
	reported := make(map[string]bool, len(v.problems))
	for _, p := range v.problems {
		reported[p.Path] = true
	}
	var walk func(path string, x reflect.Value)
	walk = func(path string, x reflect.Value) {
		switch x.Kind() {
		case reflect.String:
			if msg := CheckText(x.String()); msg != "" && !reported[path] {
				reported[path] = true
				v.addf(path, "%s", msg)
			}
		case reflect.Pointer:
			if !x.IsNil() {
				walk(path, x.Elem())
			}
		case reflect.Slice:
			for i := range x.Len() {
				walk(fmt.Sprintf("%s[%d]", path, i), x.Index(i))
			}
		case reflect.Map:
			if x.Type().Key().Kind() != reflect.String {
				return
			}
			iter := x.MapRange()
			for iter.Next() {
				k := iter.Key().String()
				if msg := CheckText(k); msg != "" && !reported[path] {
					reported[path] = true
					v.addf(path, "%s", msg)
				}
				walk(path+"."+k, iter.Value())
			}
		case reflect.Struct:
			t := x.Type()
			for i := range t.NumField() {
				f := t.Field(i)
				if !f.IsExported() || textSkip[f.Name] {
					continue
				}
				name, ok := textPaths[f.Name]
				if !ok {
					name = snakeCase(f.Name)
				}
				p := name
				if path != "" {
					p = path + "." + name
				}
				walk(p, x.Field(i))
			}
		}
	}
	walk("", reflect.ValueOf(v.d).Elem())
}

// textSkip names the fields that are not part of the dataset format: data fetched or
// imported from elsewhere, which their own imports check.
var textSkip = map[string]bool{"Kolada": true, "Ledger": true}

// textPaths names the fields whose name in the dataset format is not their Go name in
// snake case.
var textPaths = map[string]string{
	"Risks": "internal_control.risks", "Audits": "internal_control.audits", "Controls": "internal_control.controls",
}

func snakeCase(s string) string {
	var b strings.Builder
	for i, r := range s {
		if unicode.IsUpper(r) {
			if i > 0 {
				b.WriteByte('_')
			}
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}
