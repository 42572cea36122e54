package tertial

import (
	"math/big"
	"sort"
	"time"
)

// KoladaSource is the credit Kolada asks for wherever its figures are shown.
const KoladaSource = "Källa: Kolada"

// KoladaValue is one figure fetched from Kolada: a KPI's value for a municipality, a year
// and a gender (T, K or M). Value is nil when Kolada has the entry but no figure.
type KoladaValue struct {
	KPI          string
	Municipality string // Kolada's municipality id, the SCB code: "0126"
	Year         int
	Gender       string
	Value        *Decimal
	FetchedAt    time.Time
}

// KoladaMember is a municipality of a Kolada municipality group.
type KoladaMember struct {
	ID    string
	Title string
}

// KoladaData is what the store holds from Kolada for a municipality: the county's
// municipality group and its members, and the fetched values. Kolada values are kept apart
// from the values people enter and never replace them.
type KoladaData struct {
	CountyGroup   string // Kolada group id, "G33612"
	CountyTitle   string // "Stockholms läns kommuner (ovägt medel)"
	CountyMembers []KoladaMember
	Values        []KoladaValue
}

// Value returns the fetched value of kpi for municipality, year and gender ("" means T), or nil.
func (k *KoladaData) Value(kpi, municipality string, year int, gender string) *KoladaValue {
	if k == nil {
		return nil
	}
	if gender == "" {
		gender = "T"
	}
	for i := range k.Values {
		v := &k.Values[i]
		if v.KPI == kpi && v.Municipality == municipality && v.Year == year && v.Gender == gender {
			return v
		}
	}
	return nil
}

// MemberTitle returns the name of a county member, or "".
func (k *KoladaData) MemberTitle(id string) string {
	if k == nil {
		return ""
	}
	for _, m := range k.CountyMembers {
		if m.ID == id {
			return m.Title
		}
	}
	return ""
}

// KoladaComparison is the comparison data of one indicator for one year: the
// municipality's own Kolada value, the values of the county's municipalities that have one,
// and their unweighted average.
type KoladaComparison struct {
	KPI           string
	Gender        string
	Year          int
	Municipality  string
	Own           *Decimal           // the municipality's Kolada value; nil without one
	County        map[string]Decimal // county municipalities with a value, by id
	CountyMembers int                // municipalities in the county group
	CountyTitle   string
	CountyAverage *Decimal // unweighted mean of County; nil when no county municipality has a value
	National      *Decimal // Kolada's value for the whole country (Riket, KoladaNational); nil without one
	FetchedAt     time.Time
}

// KoladaNational is Kolada's id of the whole country (Riket), whose value is the national
// figure a "Rikssnitt" target is judged against.
const KoladaNational = "0000"

// Comparison returns the comparison data of a mapped indicator for year, or nil when the
// indicator names no Kolada KPI or nothing was fetched for it and the year.
func (k *KoladaData) Comparison(ind *Indicator, municipality string, year int) *KoladaComparison {
	if k == nil || ind.KoladaKPI == "" {
		return nil
	}
	gender := ind.KoladaGender
	if gender == "" {
		gender = "T"
	}
	c := &KoladaComparison{KPI: ind.KoladaKPI, Gender: gender, Year: year, Municipality: municipality,
		County: map[string]Decimal{}, CountyMembers: len(k.CountyMembers), CountyTitle: k.CountyTitle}
	found := false
	if v := k.Value(ind.KoladaKPI, municipality, year, gender); v != nil {
		found = true
		c.Own, c.FetchedAt = v.Value, v.FetchedAt
	}
	if v := k.Value(ind.KoladaKPI, KoladaNational, year, gender); v != nil {
		found = true
		c.National = v.Value
	}
	sum := new(big.Rat)
	ok := true
	for _, m := range k.CountyMembers {
		v := k.Value(ind.KoladaKPI, m.ID, year, gender)
		if v == nil {
			continue
		}
		found = true
		if v.FetchedAt.After(c.FetchedAt) {
			c.FetchedAt = v.FetchedAt
		}
		if v.Value == nil {
			continue
		}
		c.County[m.ID] = *v.Value
		r, good := new(big.Rat).SetString(v.Value.String())
		ok = ok && good
		if good {
			sum.Add(sum, r)
		}
	}
	if !found {
		return nil
	}
	if n := len(c.County); n > 0 && ok {
		sum.Quo(sum, new(big.Rat).SetInt64(int64(n)))
		if avg, err := ParseDecimal(sum.FloatString(4)); err == nil {
			c.CountyAverage = &avg
		}
	}
	return c
}

// Rank returns the rank of value among the county's values by direction (1 is best; ties
// share the better rank, "1, 2, 2, 4") and how many municipalities had a value. The value
// itself is counted among them if it is not already.
func (c *KoladaComparison) Rank(value Decimal, dir Direction) (rank, n int) {
	vals := make([]Decimal, 0, len(c.County)+1)
	for _, v := range c.County {
		vals = append(vals, v)
	}
	if _, ok := c.County[c.Municipality]; !ok {
		vals = append(vals, value)
	}
	sort.Slice(vals, func(i, j int) bool { return vals[i].Cmp(vals[j]) < 0 })
	rank = 1
	for _, v := range vals {
		better := v.Cmp(value) > 0
		if dir == LowerIsBetter {
			better = v.Cmp(value) < 0
		}
		if better {
			rank++
		}
	}
	return rank, len(vals)
}
