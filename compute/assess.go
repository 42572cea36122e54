package compute

import (
	"github.com/tertial/tertial"
	"github.com/tertial/tertial/sv"
)

// Result is how an indicator's value compares with its stage target.
type Result int

// The results.
const (
	NotAssessed Result = iota // no value, no target, or a relative target without comparison data
	Reaches                   // uppnår etappmålet
	Approaches                // närmar sig etappmålet
	Misses                    // uppnår inte etappmålet
)

// Assessment is an indicator's assessment for one year.
type Assessment struct {
	Year   int
	Value  *tertial.IndicatorValue // nil when the year has no entry
	Target tertial.Target
	Result Result
	Reason string // why it could not be assessed, in Swedish

	// For relative targets assessed with Kolada's comparison data:
	CountyAverage *tertial.Decimal // the county average the value was compared with
	Rank          int              // the municipality's rank in the county (1 is best; ties share the better rank)
	RankOf        int              // how many county municipalities had a value
	Basis         string           // what the relative or pooled assessment rests on, in Swedish

	// For pooled targets ("≥2 % över 2021–2023"): the years pooled and their sums.
	Pool *Pool
}

// Pool is what a pooled target is assessed on: the sums of the numerators and of the
// denominators of the target's years up to the assessed year.
type Pool struct {
	From, To    int             // the years pooled: the target's first year up to the assessed year or the target's last
	SoFar       bool            // the target's years go on after To: the figure is so far (hittills)
	Numerator   tertial.Decimal // the sum of the years' numerators
	Denominator tertial.Decimal // the sum of the years' denominators
	Figure      tertial.Decimal // Numerator ÷ Denominator in the indicator's unit (× 100 in percent), to nine decimals
	Provisional bool            // a year pooled has a forecast or preliminary value
}

// Provisional reports whether the assessed value is a forecast or preliminary, or for a
// pooled target whether any year pooled is.
func (a Assessment) Provisional() bool {
	if a.Pool != nil {
		return a.Pool.Provisional
	}
	return provisional(a.Value)
}

func provisional(v *tertial.IndicatorValue) bool {
	return v != nil && (v.Kind == tertial.Forecast || v.Kind == tertial.Preliminary)
}

// HasResult reports whether the indicator has a value for the year (a reported result).
func (a Assessment) HasResult() bool { return a.Value != nil && a.Value.Value != nil }

// AssessIndicator compares the indicator's value for year with its stage target for year,
// using its direction: a plain number must be reached from the better side, a change is
// measured from the base year's value (the previous year's unless the target names one),
// in percent of that value when the target's unit is "%"; "Öka" and "Minska" ask for more
// or less than the base year's value whatever the direction. A value that misses by at most the indicator's
// tolerance (percent of the target) approaches it. Relative targets (county average, rank)
// cannot be assessed without comparison data and are reported as such. A pooled target
// ("≥2 % över 2021–2023") is compared with the sum of the numerators over the sum of the
// denominators of its years up to year, not with the average of their values; it can be
// assessed only when each of those years gives both (see Pool).
func AssessIndicator(ind *tertial.Indicator, year int) Assessment {
	return AssessIndicatorWith(ind, year, nil)
}

// AssessIndicatorWith is AssessIndicator with comparison data for relative targets (nil:
// none). "Länssnitt" is met when the value is at least (or, lower being better, at most)
// the county average, and approaches it within the indicator's tolerance; "Topp tre i
// länet" and "Plats N i länet" are met when the municipality's rank among the county's
// municipalities with a value is N or better (ties share the better rank), and approach
// it within the tolerance of N. The value assessed is the entered one, or Kolada's when
// nothing was entered; the rank is taken among Kolada's values.
func AssessIndicatorWith(ind *tertial.Indicator, year int, cmp *tertial.KoladaComparison) Assessment {
	return assessAgainst(ind, year, ind.TargetFor(year), cmp)
}

// AssessLongTermWith assesses the indicator's value for year against its long-term
// target (målvärde) when that is relative ("Länssnitt", "Topp tre i länet", "Plats N i
// länet"), with the comparison data of year, in the same way AssessIndicatorWith assesses
// a stage target: the long-term year itself has no value yet, so this says where the
// municipality stands now measured by the long-term target. A long-term target that is not
// relative, or none, is not assessed here (LongTerm false).
func AssessLongTermWith(ind *tertial.Indicator, year int, cmp *tertial.KoladaComparison) (a Assessment, ok bool) {
	if ind.LongTerm == nil || !ind.LongTerm.Target.Relative() {
		return Assessment{Year: year, Reason: "inget relativt målvärde"}, false
	}
	return assessAgainst(ind, year, ind.LongTerm.Target, cmp), true
}

func assessAgainst(ind *tertial.Indicator, year int, t tertial.Target, cmp *tertial.KoladaComparison) Assessment {
	a := Assessment{Year: year, Value: ind.ValueFor(year), Target: t}
	if t.Pooled() {
		return assessPooled(ind, a)
	}
	if a.Target.Relative() && cmp != nil && (a.Value == nil || a.Value.Value == nil) && cmp.Own != nil {
		a.Value = &tertial.IndicatorValue{Year: year, Value: cmp.Own, Kind: tertial.Outcome, Note: tertial.KoladaSource}
	}
	switch {
	case a.Value == nil || a.Value.Value == nil:
		a.Reason = "inget värde för " + itoa(year)
		if a.Value != nil && a.Value.Missing == tertial.MissingNotMeasured {
			a.Reason = "mäts inte " + itoa(year)
		}
		return a
	case a.Target.IsZero():
		a.Reason = "inget etappmål för " + itoa(year)
		return a
	case a.Target.Relative():
		return assessRelative(ind, a, cmp)
	}
	v := *a.Value.Value
	target := a.Target.Value
	kind := a.Target.Kind
	if a.Target.IsChange() {
		by := a.Target.BaseYear(year)
		if by >= year {
			a.Reason = "basåret " + itoa(by) + " ligger inte före " + itoa(year)
			return a
		}
		prev := ind.ValueFor(by)
		if prev == nil || prev.Value == nil {
			a.Reason = "förändringen kan inte beräknas utan värde för " + itoa(by)
			if a.Target.Base != 0 {
				a.Reason = "förändringen kan inte beräknas utan värde för basåret " + itoa(by)
			}
			return a
		}
		base := *prev.Value
		switch kind {
		case tertial.TargetIncrease:
			target, kind = base, tertial.TargetMoreThan
		case tertial.TargetDecrease:
			target, kind = base, tertial.TargetLessThan
		default:
			if a.Target.RelativeChange() {
				// "+5 %" is 5 % of the base value, in the indicator's unit.
				t, err := base.Mul(target)
				if err == nil {
					t, err = t.Mul(tertial.NewDecimal(1, 2))
				}
				if err != nil {
					a.Reason = "förändringen kan inte beräknas"
					return a
				}
				target = t
			}
			d, err := v.Sub(base)
			if err != nil {
				a.Reason = "förändringen kan inte beräknas"
				return a
			}
			v = d
		}
	}
	return assessLevel(ind, a, v, target, kind)
}

// assessLevel judges the value v against a level target of kind (or a change already
// turned into one).
func assessLevel(ind *tertial.Indicator, a Assessment, v, target tertial.Decimal, kind tertial.TargetKind) Assessment {
	// gap is how far v is from reaching the target on the wrong side; ≤ 0 reaches.
	var gap tertial.Decimal
	var err error
	strict := false
	switch kind {
	case tertial.TargetAtLeast:
		gap, err = target.Sub(v)
	case tertial.TargetMoreThan:
		gap, err = target.Sub(v)
		strict = true
	case tertial.TargetAtMost:
		gap, err = v.Sub(target)
	case tertial.TargetLessThan:
		gap, err = v.Sub(target)
		strict = true
	case tertial.TargetValue, tertial.TargetChange:
		if ind.Direction == tertial.LowerIsBetter {
			gap, err = v.Sub(target)
		} else {
			gap, err = target.Sub(v)
		}
	}
	if err != nil {
		a.Reason = "värdet kan inte jämföras med målet"
		return a
	}
	return judge(ind, a, gap, target, strict)
}

// judge sets the result from gap (how far the value is from reaching target on the wrong
// side; ≤ 0 reaches, or < 0 when strict).
func judge(ind *tertial.Indicator, a Assessment, gap, target tertial.Decimal, strict bool) Assessment {
	if gap.Sign() < 0 || (gap.Sign() == 0 && !strict) {
		a.Result = Reaches
		return a
	}
	// Within tolerance: gap × 100 ≤ tolerance × |target|.
	lhs, err1 := gap.Mul(tertial.DecimalFromInt(100))
	rhs, err2 := ind.ToleranceOrDefault().Mul(target.Abs())
	if err1 == nil && err2 == nil && lhs.Cmp(rhs) <= 0 && !target.IsZero() {
		a.Result = Approaches
		return a
	}
	a.Result = Misses
	return a
}

func assessRelative(ind *tertial.Indicator, a Assessment, cmp *tertial.KoladaComparison) Assessment {
	if cmp == nil {
		a.Reason = "jämförelsedata saknas för målet " + a.Target.String()
		return a
	}
	v := *a.Value.Value
	switch a.Target.Kind {
	case tertial.TargetCountyAverage, tertial.TargetNationalAverage:
		var avg tertial.Decimal
		against := "länssnittet"
		if a.Target.Kind == tertial.TargetNationalAverage {
			against = "rikssnittet"
			if cmp.National == nil {
				a.Reason = "Kolada har inget rikssnitt för " + itoa(a.Year)
				return a
			}
			avg = *cmp.National
			a.Basis = "rikssnitt " + sv.Decimal(avg, max(ind.Decimals, 1))
		} else {
			if cmp.CountyAverage == nil {
				a.Reason = "Kolada har inget länssnitt för " + itoa(a.Year)
				return a
			}
			avg = *cmp.CountyAverage
			a.CountyAverage = &avg
			a.Basis = "länssnitt " + sv.Decimal(avg, max(ind.Decimals, 1)) + " av " + itoa(len(cmp.County)) + " kommuner med värde"
		}
		var gap tertial.Decimal
		var err error
		if ind.Direction == tertial.LowerIsBetter {
			gap, err = v.Sub(avg)
		} else {
			gap, err = avg.Sub(v)
		}
		if err != nil {
			a.Reason = "värdet kan inte jämföras med " + against
			return a
		}
		return judge(ind, a, gap, avg, false)
	case tertial.TargetTopInCounty, tertial.TargetRankInCounty:
		own := v
		if cmp.Own != nil {
			own = *cmp.Own
		}
		if len(cmp.County) == 0 {
			a.Reason = "Kolada har inga värden för länets kommuner " + itoa(a.Year)
			return a
		}
		a.Rank, a.RankOf = cmp.Rank(own, ind.Direction)
		a.Basis = "plats " + itoa(a.Rank) + " av " + itoa(a.RankOf) + " kommuner med värde i länet"
		n := tertial.DecimalFromInt(int64(a.Target.N))
		gap, _ := tertial.DecimalFromInt(int64(a.Rank)).Sub(n)
		rankInd := *ind
		rankInd.Direction = tertial.LowerIsBetter
		return judge(&rankInd, a, gap, n, false)
	}
	a.Reason = "jämförelsedata saknas för målet " + a.Target.String()
	return a
}

// poolScale is the number of decimals a pooled figure is computed to before it is
// compared with its target: far beyond any displayed precision.
const poolScale = 9

// assessPooled assesses a pooled target: the years from the target's first up to the
// assessed year (or the target's last) are pooled when each gives a numerator and a
// denominator, and the ratio of their sums is judged as a value would be.
func assessPooled(ind *tertial.Indicator, a Assessment) Assessment {
	t := a.Target
	if a.Year < t.From {
		a.Reason = "målet gäller " + t.PoolRange() + ", som börjar efter " + itoa(a.Year)
		return a
	}
	p := &Pool{From: t.From, To: min(a.Year, t.To)}
	p.SoFar = p.To < t.To
	var lacking []string
	var err error
	for y := p.From; y <= p.To; y++ {
		v := ind.ValueFor(y)
		if v == nil || !v.HasRatio() || v.Missing != tertial.MissingNone {
			lacking = append(lacking, itoa(y))
			continue
		}
		if provisional(v) {
			p.Provisional = true
		}
		if p.Numerator, err = p.Numerator.Add(*v.Numerator); err == nil {
			p.Denominator, err = p.Denominator.Add(*v.Denominator)
		}
		if err != nil {
			a.Reason = "det sammanvägda utfallet för " + tertial.YearRange(p.From, p.To) + " kan inte beräknas"
			return a
		}
	}
	if len(lacking) > 0 {
		a.Reason = "det sammanvägda utfallet för " + tertial.YearRange(p.From, p.To) + " kan inte beräknas utan täljare och nämnare för " + tertial.JoinAnd(lacking)
		return a
	}
	if p.Figure, err = ind.Ratio(p.Numerator, p.Denominator, poolScale); err != nil {
		a.Reason = "det sammanvägda utfallet för " + tertial.YearRange(p.From, p.To) + " kan inte beräknas: " + tertial.ErrorMessage(err)
		return a
	}
	a.Pool = p
	a.Basis = PoolText(ind, p)
	return assessLevel(ind, a, p.Figure, t.Value, t.Kind)
}

// PoolText says what a pooled assessment rests on: "sammanvägt 2021–2023: 2,9 %", or
// "sammanvägt hittills 2021–2022: 2,9 %" while the target's years go on.
func PoolText(ind *tertial.Indicator, p *Pool) string {
	s := "sammanvägt "
	if p.SoFar {
		s += "hittills "
	}
	return s + tertial.YearRange(p.From, p.To) + ": " + sv.WithUnit(sv.Decimal(p.Figure, ind.Decimals), ind.Unit)
}

func itoa(n int) string { return tertial.DecimalFromInt(int64(n)).String() }
