// Package sv formats numbers, amounts and dates the Swedish way, for everything a user
// reads: a no-break space between thousands, a decimal comma and the minus sign U+2212
// ("−31 841", "5,6", "19,77"). It is the one place where Tertial formats figures.
package sv

import (
	"strings"
	"time"
	"unicode"

	"github.com/tertial/tertial"
)

// Minus is the minus sign used before negative numbers.
const Minus = "\u2212"

// nbsp separates groups of thousands and a number from its unit, so that neither is broken
// across lines.
const nbsp = "\u00a0"

// Decimal formats d rounded half away from zero to decimals: Decimal(5.63, 1) = "5,6",
// Decimal(-31841, 0) = "−31 841".
func Decimal(d tertial.Decimal, decimals int) string {
	r := d.Round(decimals)
	intPart, frac := r.IntegerDigits()
	var b strings.Builder
	if r.Sign() < 0 {
		b.WriteString(Minus)
	}
	b.WriteString(group(intPart))
	if frac != "" {
		b.WriteString(",")
		b.WriteString(frac)
	}
	return b.String()
}

// Exact formats d with every decimal it was written with: Exact(19.77) = "19,77".
func Exact(d tertial.Decimal) string { return Decimal(d, d.Scale()) }

// group inserts a no-break space between groups of three digits; four-digit numbers are
// grouped too ("1 234"), as in the reference reports' tables.
func group(digits string) string {
	if len(digits) <= 3 {
		return digits
	}
	var b strings.Builder
	lead := len(digits) % 3
	if lead > 0 {
		b.WriteString(digits[:lead])
	}
	for i := lead; i < len(digits); i += 3 {
		if b.Len() > 0 {
			b.WriteString(nbsp)
		}
		b.WriteString(digits[i : i+3])
	}
	return b.String()
}

// Amount formats an amount in unit with decimals, rounded half away from zero once, here:
// Amount(4616600000, tkr, 0) = "46 166".
func Amount(a tertial.Amount, unit tertial.AmountUnit, decimals int) string {
	return Decimal(a.In(unit, decimals), decimals)
}

// Marked puts a figure's marks before and after it: a mark that is a word or holds a
// digit with a no-break space between ("ung 116 000", "5 prel."), a sign such as a
// footnote's star without one, as print sets it ("−400*", "~116 000"). Empty marks add
// nothing.
func Marked(before, figure, after string) string {
	if before != "" {
		figure = before + MarkSpace(before) + figure
	}
	if after != "" {
		figure += MarkSpace(after) + after
	}
	return figure
}

// MarkSpace is what goes between a figure and a mark beside it: a no-break space when
// the mark holds a letter or a digit, nothing when it is only signs ("*", "†", "~").
func MarkSpace(mark string) string {
	for _, r := range mark {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return nbsp
		}
	}
	return ""
}

// WithUnit appends a unit after a no-break space: "5,6 %". An empty unit adds nothing.
func WithUnit(number, unit string) string {
	if unit == "" {
		return number
	}
	return number + nbsp + unit
}

// targetSigns are the signs before the figure of a target that is a number.
var targetSigns = map[tertial.TargetKind]string{tertial.TargetAtLeast: "≥", tertial.TargetMoreThan: ">",
	tertial.TargetAtMost: "≤", tertial.TargetLessThan: "<", tertial.TargetValue: "", tertial.TargetChange: "+"}

// Target formats a target for reading: its figure as Exact formats it, grouped and with a
// no-break space before the unit ("≥5 %", "+1 500 kr", "−2,5 %"), so that a target never
// breaks across lines. A target in words ("Länssnitt", "Plats 13 i länet") reads as
// Target.String writes it; so does no target (""). A change's base year is written out:
// "Öka jämfört med 2022", "+5 % jämfört med 2022"; so are a pooled target's years:
// "≥2 % över 2021–2023". Forms show Target.String, which ParseTarget reads back.
func Target(t tertial.Target) string {
	if t.Pooled() {
		body := t
		body.From, body.To = 0, 0
		return Target(body) + " över " + t.PoolRange()
	}
	base := ""
	if t.Base != 0 {
		base = " jämfört med " + itoa(t.Base)
	}
	switch t.Kind {
	case tertial.TargetIncrease:
		return "Öka" + base
	case tertial.TargetDecrease:
		return "Minska" + base
	}
	sign, ok := targetSigns[t.Kind]
	if !ok {
		return t.String()
	}
	if t.Kind == tertial.TargetChange && t.Value.Sign() < 0 {
		sign = "" // Exact writes the minus sign
	}
	return sign + WithUnit(Exact(t.Value), t.Unit) + base
}

var months = []string{"januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
	"september", "oktober", "november", "december"}

// LongDate formats a date as "31 augusti 2021".
func LongDate(t time.Time) string {
	return itoa(t.Day()) + " " + months[t.Month()-1] + " " + itoa(t.Year())
}

// Date formats a date as "2021-08-31".
func Date(t time.Time) string { return t.Format(time.DateOnly) }

func itoa(n int) string { return tertial.DecimalFromInt(int64(n)).String() }
