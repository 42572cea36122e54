package tertial_test

import (
	"math"
	"strings"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/demo"
)

// TestContrastRatio: the ratio of known WCAG pairs (black on white is 21:1, a colour on
// itself 1:1, #767676 on white 4.54:1, #777777 4.48:1), either way round.
func TestContrastRatio(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want float64
	}{
		{"#000000", "#FFFFFF", 21},
		{"#ffffff", "#FFFFFF", 1},
		{"#767676", "#FFFFFF", 4.54},
		{"#FFFFFF", "#777777", 4.48},
		{"#005A9C", "#FFFFFF", 7.14},
		{"#FF0000", "#FFFFFF", 4.00},
	} {
		r, ok := tertial.ContrastRatio(c.a, c.b)
		if !ok || math.Abs(r-c.want) > 0.005 {
			t.Errorf("%s on %s: %.4f (%v), want %.2f", c.a, c.b, r, ok, c.want)
		}
	}
	for _, bad := range []string{"", "#FFF", "005A9C", "#00 A9C", "#GG0000", "#005A9C0"} {
		if _, ok := tertial.ContrastRatio(bad, "#FFFFFF"); ok {
			t.Errorf("%q was read as a colour", bad)
		}
	}
}

// TestMunicipalityColour: none or a dark enough #RRGGBB passes; a colour written otherwise
// or too light for white text is refused at municipality.colour, the message giving the
// value and the ratio found.
func TestMunicipalityColour(t *testing.T) {
	for _, c := range []struct {
		colour string
		words  []string // nil for no problem
	}{
		{"", nil},
		{"#005A9C", nil},
		{"#767676", nil},
		{"#1b1b1b", nil},
		{"#777777", []string{"#777777", "4,48:1", "4,5:1"}},
		{"#FFFF00", []string{"#FFFF00", "1,07:1"}},
		{"#FFF", []string{`"#FFF"`, "#RRGGBB"}},
		{"blue", []string{`"blue"`, "#RRGGBB"}},
		{"#005A9C ", []string{"#RRGGBB"}},
	} {
		ds, err := demo.Dataset()
		if err != nil {
			t.Fatal(err)
		}
		ds.Municipality.Colour = c.colour
		var found []tertial.Problem
		for _, p := range ds.Validate() {
			if strings.HasPrefix(p.Path, "municipality.colour") {
				found = append(found, p)
			}
		}
		if c.words == nil {
			if len(found) > 0 {
				t.Errorf("%q refused: %v", c.colour, found)
			}
			continue
		}
		if len(found) != 1 || found[0].Path != "municipality.colour" {
			t.Errorf("%q: problems %v, want one at municipality.colour", c.colour, found)
			continue
		}
		for _, w := range c.words {
			if !strings.Contains(found[0].Message, w) {
				t.Errorf("%q: message %q lacks %q", c.colour, found[0].Message, w)
			}
		}
	}
	// Just under the limit never reads as enough.
	if msg := tertial.CheckMunicipalityColour("#777777"); strings.Contains(msg, "4,50:1") {
		t.Error(msg)
	}
}
