package tertial

import (
	"fmt"
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
)

// Target is a typed indicator target parsed from what a user wrote.
type Target struct {
	Kind  TargetKind
	Value Decimal // the number, for comparison and change kinds
	Unit  string  // the unit written after the number ("%", "km"), if any
	N     int     // the rank, for TopInCounty and RankInCounty
}

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
	lower := strings.ToLower(s)
	switch lower {
	case "länssnitt":
		return Target{Kind: TargetCountyAverage}, nil
	case "rikssnitt":
		return Target{Kind: TargetNationalAverage}, nil
	}
	if rest, ok := strings.CutPrefix(lower, "topp "); ok {
		n, ok := parseRankSuffix(rest)
		if !ok {
			return bad(`skriv till exempel "Topp tre i länet"`)
		}
		return Target{Kind: TargetTopInCounty, N: n}, nil
	}
	if rest, ok := strings.CutPrefix(lower, "plats "); ok {
		n, ok := parseRankSuffix(rest)
		if !ok {
			return bad(`skriv till exempel "Plats 13 i länet"`)
		}
		return Target{Kind: TargetRankInCounty, N: n}, nil
	}
	t := Target{Kind: TargetValue}
	for _, op := range []struct {
		prefix string
		kind   TargetKind
	}{{"≥", TargetAtLeast}, {">=", TargetAtLeast}, {"≤", TargetAtMost}, {"<=", TargetAtMost},
		{">", TargetMoreThan}, {"<", TargetLessThan}, {"+", TargetChange}, {"-", TargetChange}, {"−", TargetChange}} {
		if rest, ok := strings.CutPrefix(s, op.prefix); ok {
			t.Kind = op.kind
			if op.kind != TargetChange || op.prefix == "+" {
				s = rest
			} else {
				s = "-" + rest
			}
			break
		}
	}
	s = strings.TrimSpace(s)
	if rest, ok := strings.CutPrefix(s, "−"); ok {
		s = "-" + rest
	}
	num, unit := splitNumberUnit(s)
	if num == "" {
		return bad("det saknas ett tal")
	}
	d, err := ParseDecimal(strings.ReplaceAll(num, " ", ""))
	if err != nil {
		return bad("talet kan inte läsas")
	}
	if unit != "" && !validTargetUnit(unit) {
		return bad(fmt.Sprintf("okänd text %q efter talet", unit))
	}
	t.Value, t.Unit = d, unit
	return t, nil
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
// "+5,5 km", "Topp tre i länet". ParseTarget(t.String()) gives t back.
func (t Target) String() string {
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
		return sign + num()
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
