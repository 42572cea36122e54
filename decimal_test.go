package tertial_test

import (
	"testing"

	"github.com/tertial/tertial"
)

func TestParseDecimal(t *testing.T) {
	for _, c := range []struct {
		in, want string
		scale    int
	}{
		{"19.77", "19.77", 2},
		{"19,77", "19.77", 2},
		{"0.845", "0.845", 3},
		{"0.10", "0.10", 2}, // trailing zeros are kept
		{"-0.5", "-0.5", 1},
		{"−3", "-3", 0},
		{"+80", "80", 0},
		{"000123", "123", 0},
	} {
		d, err := tertial.ParseDecimal(c.in)
		if err != nil {
			t.Errorf("ParseDecimal(%q): %v", c.in, err)
			continue
		}
		if d.String() != c.want || d.Scale() != c.scale {
			t.Errorf("ParseDecimal(%q) = %s (scale %d), want %s (scale %d)", c.in, d, d.Scale(), c.want, c.scale)
		}
	}
	for _, bad := range []string{"", "-", "abc", "1.2.3", "1e5", ".5", "5.", "1 000", "12345678901234567890", "0.1234567891"} {
		if d, err := tertial.ParseDecimal(bad); err == nil {
			t.Errorf("ParseDecimal(%q) = %s, want error", bad, d)
		} else if tertial.ErrorCode(err) != tertial.EINVALID {
			t.Errorf("ParseDecimal(%q): code %s, want invalid", bad, tertial.ErrorCode(err))
		}
	}
}

func TestDecimalArithmetic(t *testing.T) {
	d := tertial.MustParseDecimal
	if !d("2.50").Equal(d("2.5")) || d("2.5").Cmp(d("2.49")) != 1 || d("-1").Cmp(d("0")) != -1 {
		t.Error("Cmp is wrong")
	}
	if s, _ := d("8.9").Sub(d("7.9")); s.String() != "1.0" {
		t.Errorf("8.9 − 7.9 = %s, want 1.0", s)
	}
	if s, _ := d("0.845").Add(d("1")); s.String() != "1.845" {
		t.Errorf("0.845 + 1 = %s", s)
	}
	for _, c := range []struct {
		in       string
		decimals int
		want     string
	}{
		{"2.45", 1, "2.5"}, {"-2.45", 1, "-2.5"}, {"2.44", 1, "2.4"}, {"0.5", 0, "1"}, {"-0.5", 0, "-1"},
		{"19.77", 0, "20"}, {"7", 2, "7.00"}, {"1.005", 2, "1.01"},
	} {
		if got := d(c.in).Round(c.decimals).String(); got != c.want {
			t.Errorf("Round(%s, %d) = %s, want %s", c.in, c.decimals, got, c.want)
		}
	}
	if _, err := tertial.NewDecimal(9_000_000_000_000_000_000, 0).Add(tertial.NewDecimal(9_000_000_000_000_000_000, 0)); err == nil {
		t.Error("overflowing Add did not fail")
	}
}

func TestParseAmount(t *testing.T) {
	for _, c := range []struct {
		in        string
		unit      tertial.AmountUnit
		precision int
		want      tertial.Amount
	}{
		{"46166", tertial.Tkr, 0, 4_616_600_000},
		{"-228625", tertial.Tkr, 0, -22_862_500_000},
		{"-91.7", tertial.Mnkr, 1, -9_170_000_000},
		{"0.0", tertial.Mnkr, 1, 0},
		{"1234.50", tertial.Kr, 2, 123_450},
	} {
		got, err := tertial.ParseAmount(c.in, c.unit, c.precision)
		if err != nil || got != c.want {
			t.Errorf("ParseAmount(%q, %s) = %d, %v; want %d", c.in, c.unit, got, err, c.want)
		}
	}
	for _, c := range []struct {
		in        string
		unit      tertial.AmountUnit
		precision int
	}{
		{"46166.5", tertial.Tkr, 0}, // tkr allows no decimals
		{"-91.75", tertial.Mnkr, 1},
		{"12,3,4", tertial.Tkr, 0},
		{"ett", tertial.Tkr, 0},
		{"1", "skr", 0},
	} {
		if _, err := tertial.ParseAmount(c.in, c.unit, c.precision); err == nil {
			t.Errorf("ParseAmount(%q, %s, %d) did not fail", c.in, c.unit, c.precision)
		}
	}
}

func TestFormula(t *testing.T) {
	f, err := tertial.ParseFormula("bidrag - kostnad + aug-21")
	if err != nil {
		t.Fatal(err)
	}
	if len(f) != 3 || !f[1].Negative || f[2].Column != "aug-21" || f[2].Negative {
		t.Errorf("ParseFormula = %+v", f)
	}
	if f.String() != "bidrag - kostnad + aug-21" {
		t.Errorf("String = %q", f.String())
	}
	lead, err := tertial.ParseFormula("- a + b")
	if err != nil || !lead[0].Negative {
		t.Fatalf("leading minus: %v %v", lead, err)
	}
	if again, err := tertial.ParseFormula(lead.String()); err != nil || again.String() != lead.String() {
		t.Errorf("round trip of %q: %q, %v", lead.String(), again.String(), err)
	}
	for _, bad := range []string{"", "a -", "a b", "a + + b", "A + b", "a * b"} {
		if _, err := tertial.ParseFormula(bad); err == nil {
			t.Errorf("ParseFormula(%q) did not fail", bad)
		}
	}
}
