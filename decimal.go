package tertial

import (
	"fmt"
	"math/big"
	"strings"
)

// Decimal is an exact decimal number: Coef × 10^−Scale. Indicator values and targets are
// decimals so that what a user wrote (19,77; 0,845) is kept exactly, digit for digit,
// including trailing zeros; binary floating point cannot do that.
//
// The zero value is 0. Decimals are immutable values.
type Decimal struct {
	coef  int64
	scale int32
}

// maxDecimalScale bounds the number of decimals a Decimal may carry. Nothing in municipal
// follow-up needs more; the bound keeps every rescaling within int64.
const maxDecimalScale = 9

// NewDecimal returns coef × 10^−scale. It panics if scale is outside 0..9; it is meant for
// constants in code and tests.
func NewDecimal(coef int64, scale int) Decimal {
	if scale < 0 || scale > maxDecimalScale {
		panic(fmt.Sprintf("tertial.NewDecimal: scale %d out of range", scale))
	}
	return Decimal{coef: coef, scale: int32(scale)}
}

// DecimalFromInt returns the decimal of an integer.
func DecimalFromInt(n int64) Decimal { return Decimal{coef: n} }

// ParseDecimal reads a decimal written with a decimal point or a decimal comma, an optional
// leading sign (+, -, or the minus sign U+2212), and no exponent: "19.77", "19,77", "-0.5".
// It returns an EINVALID error that quotes the text when it is not such a number.
func ParseDecimal(s string) (Decimal, error) {
	orig := s
	bad := func(why string) (Decimal, error) {
		return Decimal{}, Errorf(EINVALID, "%q är inte ett tal (%s)", orig, why)
	}
	neg := false
	switch {
	case strings.HasPrefix(s, "-"):
		neg, s = true, s[1:]
	case strings.HasPrefix(s, "−"):
		neg, s = true, s[len("−"):]
	case strings.HasPrefix(s, "+"):
		s = s[1:]
	}
	if s == "" {
		return bad("tomt")
	}
	intPart, frac := s, ""
	if i := strings.IndexAny(s, ".,"); i >= 0 {
		intPart, frac = s[:i], s[i+1:]
		if frac == "" {
			return bad("inga siffror efter decimaltecknet")
		}
	}
	if intPart == "" {
		return bad("inga siffror före decimaltecknet")
	}
	if len(frac) > maxDecimalScale {
		return bad(fmt.Sprintf("fler än %d decimaler", maxDecimalScale))
	}
	digits := intPart + frac
	if len(strings.TrimLeft(digits, "0")) > 18 {
		return bad("för många siffror")
	}
	var coef int64
	for _, r := range digits {
		if r < '0' || r > '9' {
			return bad(fmt.Sprintf("otillåtet tecken %q", r))
		}
		coef = coef*10 + int64(r-'0')
	}
	if neg {
		coef = -coef
	}
	return Decimal{coef: coef, scale: int32(len(frac))}, nil
}

// MustParseDecimal is ParseDecimal for constants; it panics on error.
func MustParseDecimal(s string) Decimal {
	d, err := ParseDecimal(s)
	if err != nil {
		panic(err)
	}
	return d
}

// Scale returns the number of decimals the value was written with.
func (d Decimal) Scale() int { return int(d.scale) }

// Sign returns −1, 0 or +1.
func (d Decimal) Sign() int {
	switch {
	case d.coef < 0:
		return -1
	case d.coef > 0:
		return 1
	}
	return 0
}

// IsZero reports whether the value is zero.
func (d Decimal) IsZero() bool { return d.coef == 0 }

// String returns the canonical machine form: a decimal point, every decimal the value was
// written with, and a hyphen-minus for negative values: "19.77", "-0.50".
func (d Decimal) String() string {
	neg := d.coef < 0
	c := d.coef
	if neg {
		c = -c
	}
	s := fmt.Sprintf("%0*d", int(d.scale)+1, c)
	if d.scale > 0 {
		s = s[:len(s)-int(d.scale)] + "." + s[len(s)-int(d.scale):]
	}
	if neg {
		s = "-" + s
	}
	return s
}

func (d Decimal) big() *big.Int { return big.NewInt(d.coef) }

// rescaled returns d's coefficient at the given larger-or-equal scale.
func (d Decimal) rescaled(scale int32) *big.Int {
	b := d.big()
	if scale > d.scale {
		b.Mul(b, pow10(int(scale-d.scale)))
	}
	return b
}

func pow10(n int) *big.Int { return new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(n)), nil) }

// Cmp compares d and e numerically (2.50 equals 2.5) and returns −1, 0 or +1.
func (d Decimal) Cmp(e Decimal) int {
	s := max(d.scale, e.scale)
	return d.rescaled(s).Cmp(e.rescaled(s))
}

// Equal reports whether d and e are numerically equal.
func (d Decimal) Equal(e Decimal) bool { return d.Cmp(e) == 0 }

// Add returns d + e at the larger of the two scales. It returns an error if the result
// does not fit.
func (d Decimal) Add(e Decimal) (Decimal, error) {
	s := max(d.scale, e.scale)
	return fromBig(new(big.Int).Add(d.rescaled(s), e.rescaled(s)), s)
}

// Sub returns d − e at the larger of the two scales. It returns an error if the result does
// not fit.
func (d Decimal) Sub(e Decimal) (Decimal, error) {
	s := max(d.scale, e.scale)
	return fromBig(new(big.Int).Sub(d.rescaled(s), e.rescaled(s)), s)
}

// Neg returns −d.
func (d Decimal) Neg() Decimal { return Decimal{coef: -d.coef, scale: d.scale} }

func fromBig(b *big.Int, scale int32) (Decimal, error) {
	if !b.IsInt64() {
		return Decimal{}, Errorf(EINVALID, "talet %s är för stort", b.String())
	}
	return Decimal{coef: b.Int64(), scale: scale}, nil
}

// Round returns d rounded to the given number of decimals, half away from zero
// (2,45 → 2,5; −2,45 → −2,5). Rounding to more decimals than d has adds zeros.
func (d Decimal) Round(decimals int) Decimal {
	if decimals < 0 {
		decimals = 0
	}
	if decimals > maxDecimalScale {
		decimals = maxDecimalScale
	}
	ds := int32(decimals)
	if ds >= d.scale {
		return Decimal{coef: d.coef * pow10i(int(ds-d.scale)), scale: ds}
	}
	return Decimal{coef: divRoundHalfAway(d.coef, pow10i(int(d.scale-ds))), scale: ds}
}

func pow10i(n int) int64 {
	p := int64(1)
	for range n {
		p *= 10
	}
	return p
}

// divRoundHalfAway divides n by a positive d, rounding half away from zero.
func divRoundHalfAway(n, d int64) int64 {
	q, r := n/d, n%d
	if r < 0 {
		r = -r
	}
	if 2*r >= d {
		if n < 0 {
			q--
		} else {
			q++
		}
	}
	return q
}

// IntegerDigits returns the absolute value's integer part and fraction digits as strings,
// for formatting: 1234.50 gives ("1234", "50").
func (d Decimal) IntegerDigits() (intPart, frac string) {
	s := d.String()
	s = strings.TrimPrefix(s, "-")
	if i := strings.IndexByte(s, '.'); i >= 0 {
		return s[:i], s[i+1:]
	}
	return s, ""
}

// Mul returns d × e exactly, with the sum of the scales (capped by rounding half away
// from zero at nine decimals). It returns an error if the result does not fit.
func (d Decimal) Mul(e Decimal) (Decimal, error) {
	p := new(big.Int).Mul(d.big(), e.big())
	scale := d.scale + e.scale
	for scale > maxDecimalScale {
		// Divide by ten, half away from zero.
		q, r := new(big.Int).QuoRem(p, big.NewInt(10), new(big.Int))
		if r.CmpAbs(big.NewInt(5)) >= 0 {
			q.Add(q, big.NewInt(int64(p.Sign())))
		}
		p, scale = q, scale-1
	}
	return fromBig(p, scale)
}

// Abs returns |d|.
func (d Decimal) Abs() Decimal {
	if d.coef < 0 {
		return d.Neg()
	}
	return d
}

// Quo returns d ÷ e rounded half away from zero to the given number of decimals (0..9):
// 115 ÷ 40 to 3 decimals is 2.875, 2 ÷ 3 to 2 is 0.67. It returns an error when e is zero
// or the result does not fit.
func (d Decimal) Quo(e Decimal, decimals int) (Decimal, error) {
	if e.IsZero() {
		return Decimal{}, Errorf(EINVALID, "division med noll")
	}
	decimals = min(max(decimals, 0), maxDecimalScale)
	// d ÷ e × 10^decimals = d.coef × 10^(decimals + e.scale − d.scale) ÷ e.coef.
	num, den := d.big(), e.big()
	if shift := decimals + int(e.scale) - int(d.scale); shift >= 0 {
		num.Mul(num, pow10(shift))
	} else {
		den.Mul(den, pow10(-shift))
	}
	q, r := new(big.Int).QuoRem(num, den, new(big.Int))
	if new(big.Int).Mul(r.Abs(r), big.NewInt(2)).Cmp(new(big.Int).Abs(den)) >= 0 {
		if num.Sign()*den.Sign() < 0 {
			q.Sub(q, big.NewInt(1))
		} else {
			q.Add(q, big.NewInt(1))
		}
	}
	return fromBig(q, int32(decimals))
}
