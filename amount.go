package tertial

import (
	"fmt"
	"strings"
)

// Amount is money in whole öre (1/100 krona), as an integer.
//
// Why öre: the ledger (SIE files from the accounting system) books amounts to the öre, and
// outcome is the sum of many such bookings. Holding öre keeps every sum exact and lets a
// table's totals reconcile with the ledger to the last öre. Reports show tkr or mnkr;
// rounding to those happens once, when a figure is displayed, never when it is stored or
// summed. An int64 of öre reaches ±92 000 billion kronor.
type Amount int64

// AmountUnit is the unit a table's amounts are entered and shown in.
type AmountUnit string

// The amount units.
const (
	Kr   AmountUnit = "kr"
	Tkr  AmountUnit = "tkr"
	Mnkr AmountUnit = "mnkr"
)

// Ore returns how many öre one of the unit is, or 0 for an unknown unit.
func (u AmountUnit) Ore() int64 {
	switch u {
	case Kr:
		return 100
	case Tkr:
		return 100_000
	case Mnkr:
		return 100_000_000
	}
	return 0
}

// DefaultPrecision returns the number of decimals a table in this unit allows when none is
// set: whole kronor and whole tkr, and mnkr to one decimal (100 tkr), as reports print them.
func (u AmountUnit) DefaultPrecision() int {
	if u == Mnkr {
		return 1
	}
	return 0
}

// Valid reports whether u is a known unit.
func (u AmountUnit) Valid() bool { return u.Ore() != 0 }

// maxPrecision returns the most decimals that still express whole öre in the unit.
func (u AmountUnit) maxPrecision() int {
	n := 0
	for p := u.Ore(); p > 1; p /= 10 {
		n++
	}
	return n
}

// ParseAmount reads an amount written in unit with at most precision decimals (a decimal
// point or comma; no thousands separators) and returns it in öre. It returns an EINVALID
// error when the text is not a number or has more decimals than allowed.
func ParseAmount(s string, unit AmountUnit, precision int) (Amount, error) {
	if !unit.Valid() {
		return 0, Errorf(EINVALID, "okänd beloppsenhet %q", unit)
	}
	d, err := ParseDecimal(strings.TrimSpace(s))
	if err != nil {
		return 0, err
	}
	if d.Scale() > precision {
		if precision == 0 {
			return 0, Errorf(EINVALID, "beloppet %s har decimaler, men tabellens enhet %s tillåter bara hela tal", s, unit)
		}
		return 0, Errorf(EINVALID, "beloppet %s har fler än %d decimaler, som tabellens enhet %s tillåter", s, precision, unit)
	}
	return AmountFromDecimal(d, unit)
}

// AmountFromDecimal converts a decimal number of unit to öre. It fails if the decimal has
// finer precision than one öre or does not fit.
func AmountFromDecimal(d Decimal, unit AmountUnit) (Amount, error) {
	if d.Scale() > unit.maxPrecision() {
		return 0, Errorf(EINVALID, "beloppet %s %s är inte ett helt antal öre", d, unit)
	}
	// unit.Ore() is 10^maxPrecision, so the coefficient at that scale is in öre.
	n := d.rescaled(int32(unit.maxPrecision()))
	if !n.IsInt64() {
		return 0, Errorf(EINVALID, "beloppet %s %s är för stort", d, unit)
	}
	return Amount(n.Int64()), nil
}

// In returns the amount in unit rounded to decimals, half away from zero. This is the one
// place where money is rounded; it is meant for display.
func (a Amount) In(unit AmountUnit, decimals int) Decimal {
	exact := Decimal{coef: int64(a), scale: int32(unit.maxPrecision())}
	return exact.Round(decimals)
}

// Exact returns the amount in unit with every decimal down to the öre; the dataset writer
// uses it, trimmed to the table's precision.
func (a Amount) Exact(unit AmountUnit) Decimal {
	return Decimal{coef: int64(a), scale: int32(unit.maxPrecision())}
}

// String returns the amount in kronor with öre, for logs and tests: "-1234.50 kr".
func (a Amount) String() string { return fmt.Sprintf("%s kr", a.Exact(Kr)) }
