package web

import (
	"testing"

	"github.com/tertial/tertial"
)

// TestParseNumericField: a numeric cell's field reads as the report writes a figure, with
// marks before and after it, or as a word; typing slips are refused, not turned into marks.
func TestParseNumericField(t *testing.T) {
	tbl := &tertial.FreeTable{Unit: tertial.Tkr}
	amount := tertial.FreeColumn{ID: "a", Type: tertial.ColAmount}
	count := tertial.FreeColumn{ID: "n", Type: tertial.ColCount}
	percent := tertial.FreeColumn{ID: "p", Type: tertial.ColPercent}
	for _, c := range []struct {
		in            string
		col           tertial.FreeColumn
		value         string // the value as the store writes it; "" for a word or a refusal
		before, after string
		word          string
		bad           bool
	}{
		{in: "116 000", col: count, value: "116000"},
		{in: "ung 116 000", col: count, value: "116000", before: "ung"},
		{in: "ung\u00a0116\u00a0000", col: count, value: "116000", before: "ung"},
		{in: "116 000*", col: count, value: "116000", after: "*"},
		{in: "−400*", col: amount, value: "-40000000", after: "*"},
		{in: "−400 *", col: amount, value: "-40000000", after: "*"},
		{in: "− 400", col: amount, value: "-40000000"},
		{in: "ca − 1 234,0 prel.", col: amount, bad: true}, // tkr with no decimals
		{in: "ca −1 234 prel.", col: amount, value: "-123400000", before: "ca", after: "prel."},
		{in: "≈5", col: count, value: "5", before: "≈"},
		{in: "5,6 %", col: percent, value: "5.6"},
		{in: "ung 5,6 % *", col: percent, value: "5.6", before: "ung", after: "*"},
		{in: "−400 *1", col: amount, value: "-40000000", after: "*1"},
		{in: "Stängt", col: amount, word: "Stängt"},
		{in: "Ej aktuellt", col: count, word: "Ej aktuellt"},
		{in: "-", col: count, word: "-"},
		{in: "12O", col: count, bad: true},
		{in: "ca116", col: count, bad: true},
		{in: "2 3", col: count, bad: true},
		{in: "4 57O", col: count, bad: true},
		{in: "1,5", col: count, bad: true},
		// Read as a mark, which the rule set then finds too long, beside the field.
		{in: "Uppgift saknas 2024", col: count, value: "2024", before: "Uppgift saknas"},
	} {
		cell, ok, msg := parseNumericField(c.in, c.col, tbl)
		if c.bad {
			if ok || msg == "" {
				t.Errorf("%q: read as %+v, want refused", c.in, cell)
			}
			continue
		}
		if !ok || msg != "" {
			t.Errorf("%q: refused (%s)", c.in, msg)
			continue
		}
		var value string
		switch c.col.Type {
		case tertial.ColAmount:
			value = tertial.DecimalFromInt(int64(cell.Amount)).String()
		case tertial.ColCount:
			value = tertial.DecimalFromInt(cell.Count).String()
		default:
			value = cell.Number.String()
		}
		if c.word != "" {
			if cell.Text != c.word || !cell.IsWord(c.col.Type) {
				t.Errorf("%q: %+v, want the word %q", c.in, cell, c.word)
			}
			continue
		}
		if value != c.value || cell.Before != c.before || cell.After != c.after || cell.Text != "" {
			t.Errorf("%q: %s before %q after %q, want %s before %q after %q", c.in, value, cell.Before, cell.After, c.value, c.before, c.after)
		}
		// The field shows the cell as it reads it back.
		if back, ok, _ := parseNumericField(numericFieldValue(cell, c.col, tbl), c.col, tbl); !ok || back != cell {
			t.Errorf("%q shows as %q, which reads back as %+v", c.in, numericFieldValue(cell, c.col, tbl), back)
		}
	}
}
