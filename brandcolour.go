package tertial

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
)

// The municipality's colour (Municipality.Colour) is its own colour for the report's cover:
// a band with the title in white on it. Any colour a user picks has to carry white text
// (WCAG 2.1 AA for normal text), so a colour whose contrast against white is under
// MinColourContrast is refused.

// MinColourContrast is the least contrast ratio the municipality's colour must have against
// white: WCAG 2.1 AA for normal text (success criterion 1.4.3).
const MinColourContrast = 4.5

var hexColourPattern = regexp.MustCompile(`^#[0-9A-Fa-f]{6}$`)

// RelativeLuminance is the WCAG 2.1 relative luminance of a colour written "#RRGGBB"
// (0 for black, 1 for white); ok is false when hex is not of that form.
func RelativeLuminance(hex string) (l float64, ok bool) {
	if !hexColourPattern.MatchString(hex) {
		return 0, false
	}
	v, err := strconv.ParseUint(hex[1:], 16, 32)
	if err != nil {
		return 0, false
	}
	for i, w := range []float64{0.2126, 0.7152, 0.0722} {
		c := float64((v>>(16-8*i))&0xff) / 255
		if c <= 0.03928 {
			c /= 12.92
		} else {
			c = math.Pow((c+0.055)/1.055, 2.4)
		}
		l += w * c
	}
	return l, true
}

// ContrastRatio is the WCAG 2.1 contrast ratio of two colours written "#RRGGBB", from 1
// (the same) to 21 (black on white); ok is false when either is not of that form.
func ContrastRatio(a, b string) (r float64, ok bool) {
	la, okA := RelativeLuminance(a)
	lb, okB := RelativeLuminance(b)
	if !okA || !okB {
		return 0, false
	}
	return (max(la, lb) + 0.05) / (min(la, lb) + 0.05), true
}

// CheckMunicipalityColour checks the municipality's colour: "" (none) or "#RRGGBB" with a
// contrast ratio of at least MinColourContrast against white. It returns what is wrong, in
// Swedish, or "" when nothing is.
func CheckMunicipalityColour(c string) string {
	if c == "" {
		return ""
	}
	r, ok := ContrastRatio(c, "#FFFFFF")
	switch {
	case !ok:
		return fmt.Sprintf("färgen %q ska skrivas #RRGGBB med sex hexadecimala siffror, till exempel \"#005A9C\"", c)
	case r < MinColourContrast:
		return fmt.Sprintf("färgen %s har kontrasten %s:1 mot vitt men ska ha minst 4,5:1, så att vit text på den går att läsa (WCAG 2.1 AA); välj en mörkare färg", c, contrastText(r))
	}
	return ""
}

// contrastText writes a contrast ratio the Swedish way with two decimals: "4,48". A ratio
// just under MinColourContrast never reads as 4,50.
func contrastText(r float64) string {
	s := fmt.Sprintf("%.2f", r)
	if r < MinColourContrast && s == "4.50" {
		s = "4.49"
	}
	return strings.Replace(s, ".", ",", 1)
}
