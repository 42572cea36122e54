package tertial

import "strings"

// Direction tells which way an indicator is better.
type Direction string

// The directions.
const (
	HigherIsBetter Direction = "higher"
	LowerIsBetter  Direction = "lower"
)

// ValueKind tells what a value stands for.
type ValueKind string

// The value kinds.
const (
	Outcome     ValueKind = "outcome"
	Forecast    ValueKind = "forecast"    // helårsprognos
	Preliminary ValueKind = "preliminary" // preliminärt, e.g. per delår
)

// ValueKinds lists the value kinds.
var ValueKinds = []ValueKind{Outcome, Forecast, Preliminary}

// Missing tells why a year has no value.
type Missing string

// The reasons for a missing value.
const (
	MissingNone        Missing = ""
	MissingNotMeasured Missing = "not_measured" // "-": not measured that year
	MissingNotReported Missing = "not_reported" // expected later
)

// Indicator is a measure of a goal, with values per year and targets.
type Indicator struct {
	ID           string
	Goal         string
	Name         string
	Unit         string // unit of measure as shown: "%", "index", "kWh/kvm"
	Direction    Direction
	Decimals     int
	Owner        string // unit that reports it; "" for every unit whose report shows the goal
	KoladaKPI    string
	KoladaGender string   // T, K or M; "" means T
	Gender       bool     // values are broken down by gender
	Tolerance    *Decimal // percent of the target within which a miss counts as approaching; nil: DefaultTolerance
	Note         string
	Values       []IndicatorValue
	Targets      []YearTarget // stage targets (etappmål), by year
	LongTerm     *YearTarget  // målvärde
	Version      int          // for structural edits: a save names the version it changes
}

// DefaultTolerance is the tolerance of indicators that set none: a value that misses its
// target by at most 5 % of the target "approaches" it (HME 79 against >80 approaches;
// sick leave 8,9 % against <7,9 % misses).
var DefaultTolerance = NewDecimal(5, 0)

// ToleranceOrDefault returns the indicator's tolerance in percent of the target.
func (ind *Indicator) ToleranceOrDefault() Decimal {
	if ind.Tolerance != nil {
		return *ind.Tolerance
	}
	return DefaultTolerance
}

// IndicatorValue is an indicator's value for one year.
//
// A value that is a ratio may carry its numerator and denominator (årets resultat and
// skatteintäkter och generella statsbidrag), so that a target over several years can be
// assessed on the sums of the years' numerators and denominators (Target.Pooled). Value
// may then be left out: DeriveValues computes it from them, and Computed says so.
type IndicatorValue struct {
	Year        int
	Value       *Decimal
	Kind        ValueKind
	Women       *Decimal
	Men         *Decimal
	Numerator   *Decimal
	Denominator *Decimal
	Computed    bool // Value was computed from Numerator and Denominator, not given
	Missing     Missing
	Note        string
	Version     int
}

// HasRatio reports whether the entry gives both a numerator and a denominator.
func (v *IndicatorValue) HasRatio() bool { return v.Numerator != nil && v.Denominator != nil }

// YearTarget is a target for a year.
type YearTarget struct {
	Year    int
	Target  Target
	Version int
}

// ValueFor returns the indicator's value entry for year, or nil.
func (ind *Indicator) ValueFor(year int) *IndicatorValue {
	for i := range ind.Values {
		if ind.Values[i].Year == year {
			return &ind.Values[i]
		}
	}
	return nil
}

// TargetEntry returns the stage target entry for year, or nil.
func (ind *Indicator) TargetEntry(year int) *YearTarget {
	for i := range ind.Targets {
		if ind.Targets[i].Year == year {
			return &ind.Targets[i]
		}
	}
	return nil
}

// TargetFor returns the stage target for year, or the zero target.
func (ind *Indicator) TargetFor(year int) Target {
	for _, t := range ind.Targets {
		if t.Year == year {
			return t.Target
		}
	}
	return Target{}
}

// InPercent reports whether the indicator is measured in percent ("%" or "procent"), so
// that the ratio of a numerator to a denominator is shown as a percentage.
func (ind *Indicator) InPercent() bool {
	u := strings.TrimSpace(ind.Unit)
	return u == "%" || strings.EqualFold(u, "procent")
}

// Ratio returns num ÷ den in the indicator's unit, rounded half away from zero to
// decimals: × 100 for an indicator in percent (InPercent), the bare ratio otherwise
// (0,845 jobs per resident). It returns an EINVALID error when den is not positive or the
// result does not fit.
func (ind *Indicator) Ratio(num, den Decimal, decimals int) (Decimal, error) {
	if den.Sign() <= 0 {
		return Decimal{}, Errorf(EINVALID, "nämnaren ska vara större än noll")
	}
	if ind.InPercent() {
		var err error
		if num, err = num.Mul(DecimalFromInt(100)); err != nil {
			return Decimal{}, err
		}
	}
	return num.Quo(den, decimals)
}

// DeriveValues sets the value of every entry that has a numerator and a denominator but
// no value to their ratio (Ratio) at the indicator's decimals, and marks it Computed; an
// entry computed before is computed again, so that it follows the indicator's unit and
// decimals. Whoever reads indicators (the dataset file, the store) calls it, so that
// everything else reads Value alone.
func (ind *Indicator) DeriveValues() {
	for i := range ind.Values {
		ind.Values[i] = ind.WithDerivedValue(ind.Values[i])
	}
}

// WithDerivedValue returns v as DeriveValues leaves it: with the value computed from its
// numerator and denominator when it gives them and no value of its own.
func (ind *Indicator) WithDerivedValue(v IndicatorValue) IndicatorValue {
	if !v.Computed && v.Value != nil {
		return v
	}
	v.Value, v.Computed = nil, false
	if !v.HasRatio() || v.Missing != MissingNone {
		return v
	}
	if r, err := ind.Ratio(*v.Numerator, *v.Denominator, ind.Decimals); err == nil {
		v.Value, v.Computed = &r, true
	}
	return v
}

// UsesRatios reports whether the indicator's values are entered as numerators and
// denominators: an entry gives them, or a target is pooled over several years.
func (ind *Indicator) UsesRatios() bool {
	for i := range ind.Values {
		if ind.Values[i].Numerator != nil || ind.Values[i].Denominator != nil {
			return true
		}
	}
	for _, t := range ind.Targets {
		if t.Target.Pooled() {
			return true
		}
	}
	return ind.LongTerm != nil && ind.LongTerm.Target.Pooled()
}
