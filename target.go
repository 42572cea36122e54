package tertial

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode"
)

// TargetKind tells what kind of target a Target is.
type TargetKind int

// The kinds of target, as users write them (DOMAIN.md §3).
const (
	TargetNone            TargetKind = iota // blank: no target
	TargetAtLeast                           // ≥2
	TargetMoreThan                          // >80
	TargetAtMost                            // ≤4
	TargetLessThan                          // <7,9 %
	TargetValue                             // 48: at least or at most, by the indicator's direction
	TargetChange                            // +5,5 km: a change from the previous value
	TargetCountyAverage                     // Länssnitt
	TargetNationalAverage                   // Rikssnitt
	TargetTopInCounty                       // Topp tre i länet
	TargetRankInCounty                      // Plats 13 i länet
	TargetIncrease                          // Öka: more than the base year's value
	TargetDecrease                          // Minska: less than the base year's value
)

// PointsUnit is the unit of a change in percentage points ("+2 procentenheter"), as
// opposed to "%", which is a change relative to the base value ("+2 %": 2 % of it).
const PointsUnit = "procentenheter"

// Target is a typed indicator target parsed from what a user wrote.
type Target struct {
	Kind  TargetKind
	Value Decimal // the number, for comparison and change kinds
	Unit  string  // the unit written after the number ("%", "km"), if any
	N     int     // the rank, for TopInCounty and RankInCounty
	Base  int     // the year a change is measured from ("jfr 2022"); 0: the year before

	// From and To are the first and last year of a pooled target ("≥2 % över 2021–2023"):
	// the ratio of the sums of those years' numerators and denominators is compared with
	// Value. Both are 0 for a target of one year.
	From, To int
}

// Pooled reports whether the target is assessed on the years From–To pooled: the sum of
// their numerators over the sum of their denominators, not the average of their values.
func (t Target) Pooled() bool { return t.From != 0 }

// Poolable reports whether a target of this kind can be pooled over several years: a
// level (≥, >, ≤, <, or the number itself), not a change or a comparison with others.
func (k TargetKind) Poolable() bool {
	switch k {
	case TargetAtLeast, TargetMoreThan, TargetAtMost, TargetLessThan, TargetValue:
		return true
	}
	return false
}

// IsChange reports whether the target is measured from a base year's value: a change by
// an amount ("+5,5 km") or an increase or decrease ("Öka", "Minska").
func (t Target) IsChange() bool {
	return t.Kind == TargetChange || t.Kind == TargetIncrease || t.Kind == TargetDecrease
}

// BaseYear returns the year whose value a change target for year is measured from: the
// named base year, or the year before.
func (t Target) BaseYear(year int) int {
	if t.Base != 0 {
		return t.Base
	}
	return year - 1
}

// RelativeChange reports whether a change target is in percent of the base value ("+5 %",
// "−10 %") rather than in the indicator's unit or in percentage points.
func (t Target) RelativeChange() bool { return t.Kind == TargetChange && t.Unit == "%" }

// IsZero reports whether there is no target.
func (t Target) IsZero() bool { return t.Kind == TargetNone }

// Relative reports whether the target is relative to other municipalities, so that it can
// be assessed only with comparison data.
func (t Target) Relative() bool {
	switch t.Kind {
	case TargetCountyAverage, TargetNationalAverage, TargetTopInCounty, TargetRankInCounty:
		return true
	}
	return false
}

var swedishNumberWords = []string{"noll", "ett", "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio", "tio", "elva", "tolv"}

// ParseTarget reads a target as users write it: "≥2", ">80", "<7,9 %", "48", "+5,5 km",
// "Länssnitt", "Rikssnitt", "Topp tre i länet", "Plats 13 i länet", or "" for no target.
// A change is measured from the year before unless a base year follows ("+5 jfr 2022",
// "Öka jämfört med 2022"); "Öka" and "Minska" ask for more or less than the base year's
// value, "öka med 5 %" and "minska med 2 procentenheter" for a change by that much. A
// change in "%" is relative to the base value; one in percentage points is written
// "procentenheter" ("p.e." and "procentenhet" are read as that).
// A level followed by a range of years is pooled over those years: "≥2 % över 2021–2023"
// (also "≥2 % 2021–2023", "≥2 % under treårsperioden 2021-2023").
// It returns an EINVALID error in Swedish that quotes the text when it is none of these.
func ParseTarget(s string) (Target, error) {
	orig := s
	s = strings.TrimSpace(strings.ReplaceAll(s, "\u00a0", " "))
	if s == "" {
		return Target{}, nil
	}
	bad := func(why string) (Target, error) {
		return Target{}, Errorf(EINVALID, "målvärdet %q kan inte läsas: %s", orig, why)
	}
	s, from, to, err := cutPoolYears(s)
	if err != "" {
		return bad(err)
	}
	s, base, err := cutBaseYear(s)
	if err != "" {
		return bad(err)
	}
	t, why := parseTargetBody(s)
	if why != "" {
		return bad(why)
	}
	if base != 0 {
		if !t.IsChange() {
			return bad(`ett basår ("jfr 2022") gäller bara ett mål om förändring, som "Öka jfr 2022" eller "+5 % jfr 2022"`)
		}
		if from != 0 {
			return bad(`ett mål över flera år kan inte också jämföras med ett basår`)
		}
		t.Base = base
	}
	if from != 0 {
		if !t.Kind.Poolable() {
			return bad(`bara en nivå kan gälla flera år sammanvägt, som "≥2 % över 2021–2023"`)
		}
		t.From, t.To = from, to
	}
	return t, nil
}

// poolYears matches a trailing range of years and the words users put before it:
// "över 2021–2023", "under treårsperioden 2021-2023", "2021 – 2023".
var poolYears = regexp.MustCompile(`(?i)^(.*?\S)\s+(?:(?:över|under|för)\s+)?(?:(perioden|åren|mandatperioden|(\p{L}+|[0-9]+-?)årsperioden)\s+)?([0-9]{4})\s*[-–—]\s*([0-9]{4})$`)

// cutPoolYears cuts a trailing range of years off s and returns its first and last year
// (0, 0 when there is none), or why it cannot be read.
func cutPoolYears(s string) (rest string, from, to int, why string) {
	m := poolYears.FindStringSubmatch(s)
	if m == nil {
		return s, 0, 0, ""
	}
	from, _ = strconv.Atoi(m[4])
	to, _ = strconv.Atoi(m[5])
	switch {
	case !isYear(m[4]) || !isYear(m[5]):
		return s, 0, 0, "åren kan inte läsas"
	case to <= from:
		return s, 0, 0, fmt.Sprintf("perioden %d–%d ska sluta efter att den börjar", from, to)
	}
	if n := m[3]; n != "" {
		want := to - from + 1
		if got, ok := yearCount(n); !ok || got != want {
			return s, 0, 0, fmt.Sprintf("%d–%d är %d år, inte %s", from, to, want, strings.ToLower(m[2]))
		}
	}
	return m[1], from, to, ""
}

// yearCount reads the number of "treårsperioden" or "3-årsperioden".
func yearCount(s string) (int, bool) {
	s = strings.TrimSuffix(strings.ToLower(s), "-")
	if n, err := strconv.Atoi(s); err == nil {
		return n, true
	}
	for i, w := range swedishNumberWords {
		if s == w {
			return i, true
		}
	}
	return 0, false
}

// word is a word of a target and where it starts.
type word struct {
	text string
	at   int
}

func words(s string) []word {
	var ws []word
	start := -1
	for i, r := range s {
		switch {
		case unicode.IsSpace(r) && start >= 0:
			ws = append(ws, word{s[start:i], start})
			start = -1
		case !unicode.IsSpace(r) && start < 0:
			start = i
		}
	}
	if start >= 0 {
		ws = append(ws, word{s[start:], start})
	}
	return ws
}

// cutBaseYear cuts a trailing "jfr 2022" or "jämfört med 2022" off s and returns the year
// (0 when there is none), or why it cannot be read.
func cutBaseYear(s string) (rest string, base int, why string) {
	ws := words(s)
	for i, w := range ws {
		n := 0 // words of the "compared with"
		switch {
		case strings.EqualFold(w.text, "jfr") || strings.EqualFold(w.text, "jfr."):
			n = 1
		case strings.EqualFold(w.text, "jämfört") && i+1 < len(ws) && strings.EqualFold(ws[i+1].text, "med"):
			n = 2
		default:
			continue
		}
		if i+n != len(ws)-1 || !isYear(ws[i+n].text) {
			return s, 0, `skriv basåret som ett årtal sist, till exempel "jfr 2022"`
		}
		if i == 0 {
			return s, 0, `det saknas vad som ska jämföras med basåret, till exempel "Öka jfr 2022"`
		}
		y, _ := strconv.Atoi(ws[i+n].text)
		return strings.TrimSpace(s[:w.at]), y, ""
	}
	return s, 0, ""
}

func isYear(s string) bool {
	y, err := strconv.Atoi(s)
	return err == nil && len(s) == 4 && y >= 1900
}

// parseTargetBody reads a target without its base year, or says why it cannot.
func parseTargetBody(s string) (Target, string) {
	lower := strings.ToLower(s)
	switch lower {
	case "länssnitt":
		return Target{Kind: TargetCountyAverage}, ""
	case "rikssnitt":
		return Target{Kind: TargetNationalAverage}, ""
	case "öka":
		return Target{Kind: TargetIncrease}, ""
	case "minska":
		return Target{Kind: TargetDecrease}, ""
	}
	if rest, ok := strings.CutPrefix(lower, "topp "); ok {
		n, ok := parseRankSuffix(rest)
		if !ok {
			return Target{}, `skriv till exempel "Topp tre i länet"`
		}
		return Target{Kind: TargetTopInCounty, N: n}, ""
	}
	if rest, ok := strings.CutPrefix(lower, "plats "); ok {
		n, ok := parseRankSuffix(rest)
		if !ok {
			return Target{}, `skriv till exempel "Plats 13 i länet"`
		}
		return Target{Kind: TargetRankInCounty, N: n}, ""
	}
	if ws := words(s); len(ws) >= 1 && (strings.EqualFold(ws[0].text, "öka") || strings.EqualFold(ws[0].text, "minska")) {
		if len(ws) < 3 || !strings.EqualFold(ws[1].text, "med") {
			return Target{}, `skriv "Öka", "Minska" eller till exempel "öka med 5 %"`
		}
		t, why := parseNumberUnit(s[ws[2].at:])
		if why != "" {
			return Target{}, why
		}
		if r := s[ws[2].at:]; strings.HasPrefix(r, "+") || strings.HasPrefix(r, "-") || strings.HasPrefix(r, "−") {
			return Target{}, `skriv talet utan tecken efter "öka med" och "minska med"`
		}
		t.Kind = TargetChange
		if strings.EqualFold(ws[0].text, "minska") {
			t.Value = t.Value.Neg()
		}
		return t, ""
	}
	kind := TargetValue
	for _, op := range []struct {
		prefix string
		kind   TargetKind
	}{{"≥", TargetAtLeast}, {">=", TargetAtLeast}, {"≤", TargetAtMost}, {"<=", TargetAtMost},
		{">", TargetMoreThan}, {"<", TargetLessThan}, {"+", TargetChange}, {"-", TargetChange}, {"−", TargetChange}} {
		if rest, ok := strings.CutPrefix(s, op.prefix); ok {
			kind = op.kind
			if op.kind != TargetChange || op.prefix == "+" {
				s = rest
			} else {
				s = "-" + rest
			}
			break
		}
	}
	t, why := parseNumberUnit(s)
	t.Kind = kind
	if why == "" && t.Unit == PointsUnit && kind != TargetChange {
		why = `procentenheter gäller bara en förändring, som "+2 procentenheter"; en nivå skrivs i "%"`
	}
	return t, why
}

// parseNumberUnit reads "7,9 %" or "2 p.e." into the Value and Unit of a target.
func parseNumberUnit(s string) (Target, string) {
	s = strings.TrimSpace(s)
	if rest, ok := strings.CutPrefix(s, "−"); ok {
		s = "-" + rest
	}
	num, unit := splitNumberUnit(s)
	if num == "" {
		return Target{}, "det saknas ett tal"
	}
	d, err := ParseDecimal(strings.ReplaceAll(num, " ", ""))
	if err != nil {
		return Target{}, "talet kan inte läsas"
	}
	if unit != "" && !validTargetUnit(unit) {
		return Target{}, fmt.Sprintf("okänd text %q efter talet", unit)
	}
	switch strings.ToLower(unit) {
	case "p.e.", "pe", "p.e", "procentenhet", "procentenheter", "%-enheter", "procentenh.":
		unit = PointsUnit
	}
	return Target{Value: d, Unit: unit}, ""
}

// parseRankSuffix reads "tre i länet" or "13 i länet".
func parseRankSuffix(s string) (int, bool) {
	word, ok := strings.CutSuffix(strings.TrimSpace(s), " i länet")
	if !ok {
		return 0, false
	}
	word = strings.TrimSpace(word)
	for i, w := range swedishNumberWords {
		if word == w || (i == 1 && word == "en") {
			return i, i > 0
		}
	}
	n, err := strconv.Atoi(word)
	if err != nil || n < 1 || n > 999 {
		return 0, false
	}
	return n, true
}

// splitNumberUnit splits "7,9 %" into "7,9" and "%". Digit groups of three separated by a
// space ("1 000") belong to the number.
func splitNumberUnit(s string) (num, unit string) {
	i := 0
	for i < len(s) {
		c := s[i]
		switch {
		case c >= '0' && c <= '9', c == ',', c == '.', c == '-' && i == 0:
			i++
			continue
		case c == ' ' && isThreeDigits(s[i+1:]):
			i++
			continue
		}
		break
	}
	return strings.TrimSpace(s[:i]), strings.TrimSpace(s[i:])
}

func isThreeDigits(s string) bool {
	if len(s) < 3 {
		return false
	}
	for j := range 3 {
		if s[j] < '0' || s[j] > '9' {
			return false
		}
	}
	return len(s) == 3 || s[3] == ',' || s[3] == ' ' || s[3] == '.'
}

func validTargetUnit(u string) bool {
	if u == "%" {
		return true
	}
	for _, r := range u {
		if unicode.IsDigit(r) {
			return false
		}
	}
	return len(u) <= 20
}

// String prints the target the way users write it, in Swedish form: "≥2", "<7,9 %",
// "+5,5 km", "+5 % jfr 2022", "Öka jfr 2022", "Topp tre i länet", "≥2 % över 2021–2023".
// ParseTarget(t.String()) gives t back.
func (t Target) String() string {
	if t.Pooled() {
		body := t
		body.From, body.To = 0, 0
		return body.String() + " över " + t.PoolRange()
	}
	num := func() string {
		int, frac := t.Value.IntegerDigits()
		s := int
		if frac != "" {
			s += "," + frac
		}
		if t.Unit != "" {
			s += " " + t.Unit
		}
		return s
	}
	sign := ""
	if t.Value.Sign() < 0 {
		sign = "−"
	}
	switch t.Kind {
	case TargetAtLeast:
		return "≥" + sign + num()
	case TargetMoreThan:
		return ">" + sign + num()
	case TargetAtMost:
		return "≤" + sign + num()
	case TargetLessThan:
		return "<" + sign + num()
	case TargetValue:
		return sign + num()
	case TargetChange:
		if sign == "" {
			sign = "+"
		}
		return sign + num() + t.baseSuffix()
	case TargetIncrease:
		return "Öka" + t.baseSuffix()
	case TargetDecrease:
		return "Minska" + t.baseSuffix()
	case TargetCountyAverage:
		return "Länssnitt"
	case TargetNationalAverage:
		return "Rikssnitt"
	case TargetTopInCounty:
		if t.N < len(swedishNumberWords) {
			return "Topp " + swedishNumberWords[t.N] + " i länet"
		}
		return fmt.Sprintf("Topp %d i länet", t.N)
	case TargetRankInCounty:
		return fmt.Sprintf("Plats %d i länet", t.N)
	}
	return ""
}

// PoolRange writes the years of a pooled target: "2021–2023".
func (t Target) PoolRange() string { return YearRange(t.From, t.To) }

// YearRange writes a range of years with an en dash, "2021–2023", or one year alone.
func YearRange(from, to int) string {
	if from == to {
		return strconv.Itoa(from)
	}
	return strconv.Itoa(from) + "–" + strconv.Itoa(to)
}

func (t Target) baseSuffix() string {
	if t.Base == 0 {
		return ""
	}
	return " jfr " + strconv.Itoa(t.Base)
}

// Explicit returns the target as it reads on an indicator measured in indicatorUnit: a
// change without a unit on an indicator in percent is in percentage points, and says so
// ("+2" → "+2 procentenheter"), so that no one reads it as percent of the base value.
// Any other target is returned as it is.
func (t Target) Explicit(indicatorUnit string) Target {
	u := strings.TrimSpace(indicatorUnit)
	if t.Kind == TargetChange && t.Unit == "" && (u == "%" || strings.EqualFold(u, "procent")) {
		t.Unit = PointsUnit
	}
	return t
}
