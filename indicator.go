package tertial

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
type IndicatorValue struct {
	Year    int
	Value   *Decimal
	Kind    ValueKind
	Women   *Decimal
	Men     *Decimal
	Missing Missing
	Note    string
	Version int
}

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
