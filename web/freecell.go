package web

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/sv"
)

// A free table's numeric cell is one field of the "Fyll i" form, written as the report
// shows it: a figure ("116 000"), a figure with marks before or after it ("ung 116 000",
// "−400 *", "−400*"), or a word in place of the figure ("Stängt"). The form only reads the
// field into a tertial.Cell; the rule set (FreeTable.ValidateRow) judges the marks and the
// word, as it does the dataset file's and the API's.

// numericFieldValue is a numeric cell as its field shows it.
func numericFieldValue(c tertial.Cell, col tertial.FreeColumn, t *tertial.FreeTable) string {
	if c.IsWord(col.Type) {
		return c.Text
	}
	var figure string
	switch col.Type {
	case tertial.ColAmount:
		figure = sv.Exact(c.Amount.In(t.Unit, t.Precision))
	case tertial.ColPercent, tertial.ColDecimal:
		figure = sv.Exact(c.Number)
	case tertial.ColCount:
		figure = strconv.FormatInt(c.Count, 10)
	}
	return sv.Marked(c.Before, figure, c.After)
}

// numericFieldHint says what a numeric cell's field takes.
func numericFieldHint(col tertial.FreeColumn, t *tertial.FreeTable) string {
	var h string
	switch col.Type {
	case tertial.ColAmount:
		h = "Belopp i " + string(t.Unit) + "."
	case tertial.ColPercent:
		h = "Procent, till exempel 5,6."
	case tertial.ColCount:
		h = "Ett heltal."
	default:
		h = "Ett tal."
	}
	return h + " Ett kort tecken före eller efter värdet visas med det (ung 116 000, −400 *); " +
		"ett ord utan siffror visas i stället för värdet (Stängt, Ej aktuellt)."
}

// parseNumericField reads a numeric cell's field; "" is no cell. msg, when not "", says
// what is wrong, for beside the field.
func parseNumericField(v string, col tertial.FreeColumn, t *tertial.FreeTable) (cell tertial.Cell, ok bool, msg string) {
	v = strings.TrimSpace(v)
	if v == "" {
		return cell, false, ""
	}
	example := map[tertial.ColumnType]string{tertial.ColAmount: "ett belopp, till exempel −1 234",
		tertial.ColCount: "ett heltal, till exempel 116 000"}[col.Type]
	if example == "" {
		example = "ett tal, till exempel 5,6"
	}
	bad := "ange " + example + ", gärna med ett tecken före eller efter (ung 116 000, −400 *), eller ett ord utan siffror i stället för värdet (Stängt)"
	if !strings.ContainsFunc(v, unicode.IsDigit) {
		return tertial.Cell{Text: v}, true, ""
	}
	before, figure, after, found := splitMarks(v)
	if !found {
		return cell, false, bad
	}
	if col.Type == tertial.ColPercent {
		// "5,6 %" is how the report writes a percentage: the sign is the column's, no mark.
		after = strings.TrimSpace(strings.TrimPrefix(after, "%"))
	}
	cell.Before, cell.After = before, after
	switch col.Type {
	case tertial.ColAmount:
		d, ok := parseDecimalField(figure)
		if !ok || d == nil {
			return cell, false, bad
		}
		a, err := tertial.ParseAmount(d.String(), t.Unit, t.Precision)
		if err != nil {
			return cell, false, tertial.ErrorMessage(err)
		}
		cell.Amount = a
	case tertial.ColPercent, tertial.ColDecimal:
		d, ok := parseDecimalField(figure)
		if !ok || d == nil {
			return cell, false, bad
		}
		cell.Number = *d
	case tertial.ColCount:
		n, err := strconv.ParseInt(strings.ReplaceAll(thousandsSpaces.Replace(figure), "\u2212", "-"), 10, 64)
		if err != nil {
			return cell, false, bad
		}
		cell.Count = n
	}
	return cell, true, ""
}

// signs are the signs a figure may start with.
const signs = "-−+"

// splitMarks splits a field holding a figure into the marks before it, the figure and
// the marks after it. The figure is the first word with a digit, with the groups of three
// digits that follow it ("116 000") and a sign written apart ("− 400"); a mark of signs
// that are neither letters nor digits may touch it ("−400*", "≈5"). found is false when
// the field does not read as one figure with marks: a letter touches the figure ("12O"), a
// mark is or starts as a number ("2 3", "4 57O"), or the figure has no digit after its
// sign.
func splitMarks(v string) (before, figure, after string, found bool) {
	words := strings.Fields(v)
	first := -1
	for i, w := range words {
		if strings.ContainsFunc(w, unicode.IsDigit) {
			first = i
			break
		}
	}
	if first < 0 {
		return "", "", "", false
	}
	// The word with the first digit: symbols before its number, the number, symbols after.
	w := []rune(words[first])
	lo := 0
	for lo < len(w) && !unicode.IsDigit(w[lo]) && !strings.ContainsRune(signs, w[lo]) {
		if unicode.IsLetter(w[lo]) {
			return "", "", "", false
		}
		lo++
	}
	hi := lo
	for hi < len(w) && (unicode.IsDigit(w[hi]) || strings.ContainsRune(signs+",.", w[hi])) {
		hi++
	}
	for _, r := range w[hi:] {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return "", "", "", false
		}
	}
	pre, num, post := string(w[:lo]), string(w[lo:hi]), string(w[hi:])
	if !strings.ContainsFunc(num, unicode.IsDigit) {
		return "", "", "", false
	}
	last := first
	// Groups of three digits continue the figure ("116 000"), the last one possibly touched
	// by a mark ("116 000*"), unless the figure has decimals or a mark after it already.
	for post == "" && !strings.ContainsAny(num, ",.") && last+1 < len(words) {
		next := words[last+1]
		end := strings.IndexFunc(next, func(r rune) bool { return (r < '0' || r > '9') && r != ',' && r != '.' })
		if end < 0 {
			end = len(next)
		}
		if !isGroup(next[:end]) || strings.ContainsFunc(next[end:], func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) {
			break
		}
		last++
		num, post = num+next[:end], next[end:]
	}
	lead := words[:first]
	if n := len(lead); n > 0 && pre == "" && strings.Trim(lead[n-1], signs) == "" && !strings.ContainsRune(signs, []rune(num)[0]) {
		// A sign written apart from its figure: "− 400".
		num, lead = lead[n-1]+num, lead[:n-1]
	}
	rest := words[last+1:]
	for _, m := range append(append([]string{}, lead...), rest...) {
		// A mark is no number, nor starts as one: "2 3" and "4 57O" are typing slips.
		if isNumber(m) || unicode.IsDigit([]rune(m)[0]) {
			return "", "", "", false
		}
	}
	before = strings.Join(append(append([]string{}, lead...), nonEmpty(pre)...), " ")
	after = strings.Join(append(nonEmpty(post), rest...), " ")
	return before, num, after, true
}

// isGroup reports whether a word is a group of three digits, possibly with decimals:
// "000", "000,5".
func isGroup(w string) bool {
	digits, frac, _ := strings.Cut(strings.Replace(w, ".", ",", 1), ",")
	if len(digits) != 3 || strings.ContainsFunc(digits+frac, func(r rune) bool { return r < '0' || r > '9' }) {
		return false
	}
	return true
}

// isNumber reports whether a word is a number on its own ("3", "−2,5").
func isNumber(w string) bool {
	w = strings.TrimLeft(w, signs)
	return w != "" && strings.ContainsFunc(w, unicode.IsDigit) &&
		!strings.ContainsFunc(w, func(r rune) bool { return !unicode.IsDigit(r) && r != ',' && r != '.' })
}

func nonEmpty(s string) []string {
	if s == "" {
		return nil
	}
	return []string{s}
}
