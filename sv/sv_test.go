package sv_test

import (
	"strings"
	"testing"
	"time"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/sv"
)

func TestDecimal(t *testing.T) {
	for _, c := range []struct {
		in       string
		decimals int
		want     string
	}{
		{"-31841", 0, "−31\u00a0841"},
		{"5.63", 1, "5,6"},
		{"19.77", 2, "19,77"},
		{"0.845", 3, "0,845"},
		{"2.45", 1, "2,5"},   // half away from zero
		{"-2.45", 1, "−2,5"}, // half away from zero, negative
		{"-0.04", 1, "0,0"},  // rounds to zero: no minus sign
		{"1234567", 0, "1\u00a0234\u00a0567"},
		{"999.5", 0, "1\u00a0000"},
		{"7", 1, "7,0"},
	} {
		if got := sv.Decimal(tertial.MustParseDecimal(c.in), c.decimals); got != c.want {
			t.Errorf("Decimal(%s, %d) = %q, want %q", c.in, c.decimals, got, c.want)
		}
	}
}

func TestAmount(t *testing.T) {
	for _, c := range []struct {
		ore      tertial.Amount
		unit     tertial.AmountUnit
		decimals int
		want     string
	}{
		{4_616_600_000, tertial.Tkr, 0, "46\u00a0166"},
		{-3_184_149_999, tertial.Tkr, 0, "−31\u00a0841"},
		{-3_184_150_000, tertial.Tkr, 0, "−31\u00a0842"}, // exactly half: away from zero
		{-9_170_000_000, tertial.Mnkr, 1, "−91,7"},
		{-9_165_000_000, tertial.Mnkr, 1, "−91,7"},
		{123, tertial.Kr, 2, "1,23"},
	} {
		if got := sv.Amount(c.ore, c.unit, c.decimals); got != c.want {
			t.Errorf("Amount(%d öre, %s, %d) = %q, want %q", c.ore, c.unit, c.decimals, got, c.want)
		}
	}
}

func TestLongDate(t *testing.T) {
	if got := sv.LongDate(time.Date(2021, 8, 31, 0, 0, 0, 0, time.UTC)); got != "31 augusti 2021" {
		t.Errorf("LongDate = %q", got)
	}
}

func TestTarget(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"≥4,5", "≥4,5"},
		{"5 %", "5\u00a0%"},
		{">54 %", ">54\u00a0%"},
		{"<7,9 %", "<7,9\u00a0%"},
		{"≤12000 kr", "≤12\u00a0000\u00a0kr"},
		{"+5,5 km", "+5,5\u00a0km"},
		{"-2,50 %", "−2,50\u00a0%"},
		{"48", "48"},
		{"Länssnitt", "Länssnitt"},
		{"Plats 13 i länet", "Plats 13 i länet"},
		{"öka jfr 2022", "Öka jämfört med 2022"},
		{"Minska", "Minska"},
		{"öka med 5 % jfr 2022", "+5\u00a0% jämfört med 2022"},
		{"−1 500 kr jämfört med 2019", "−1\u00a0500\u00a0kr jämfört med 2019"},
		{"+2 p.e.", "+2\u00a0procentenheter"},
		{"≥2 % 2021-2023", "≥2\u00a0% över 2021–2023"},
		{"≥1 500 kr under treårsperioden 2021–2023", "≥1\u00a0500\u00a0kr över 2021–2023"},
		{"", ""},
	} {
		tg, err := tertial.ParseTarget(c.in)
		if err != nil {
			t.Fatalf("ParseTarget(%q): %v", c.in, err)
		}
		got := sv.Target(tg)
		if got != c.want {
			t.Errorf("Target(%q) = %q, want %q", c.in, got, c.want)
		}
		// What it shows, without its no-break spaces, reads back as the same target.
		if back, err := tertial.ParseTarget(strings.ReplaceAll(got, "\u00a0", "")); err != nil || back != tg {
			t.Errorf("Target(%q) = %q reads back as %+v, %v", c.in, got, back, err)
		}
	}
}

// TestNounOf: the forms of the words municipalities use for goals, goal areas and
// assignments, as a Swedish dictionary gives them.
func TestNounOf(t *testing.T) {
	for _, c := range []struct {
		word                                  string
		neuter                                bool
		plural, definite, definitePlural, one string
	}{
		{"Uppdrag", true, "uppdrag", "uppdraget", "uppdragen", "ett uppdrag"},
		{"mål", true, "mål", "målet", "målen", "ett mål"},
		{"Målområde", true, "målområden", "målområdet", "målområdena", "ett målområde"},
		{"Åtagande", true, "åtaganden", "åtagandet", "åtagandena", "ett åtagande"},
		{"Aktivitet", false, "aktiviteter", "aktiviteten", "aktiviteterna", "en aktivitet"},
		{"Åtgärd", false, "åtgärder", "åtgärden", "åtgärderna", "en åtgärd"},
		{"Insats", false, "insatser", "insatsen", "insatserna", "en insats"},
		{"Inriktning", false, "inriktningar", "inriktningen", "inriktningarna", "en inriktning"},
		{"Strategi", false, "strategier", "strategin", "strategierna", "en strategi"},
		{"Projekt", true, "projekt", "projektet", "projekten", "ett projekt"},
		{"Indikator", false, "indikatorer", "indikatorn", "indikatorerna", "en indikator"},
	} {
		n := sv.NounOf(c.word)
		if n.Neuter != c.neuter || n.Plural != c.plural || n.Definite(false) != c.definite || n.Definite(true) != c.definitePlural || n.Count(1) != c.one {
			t.Errorf("%s: %+v, %s, %s, %s", c.word, n, n.Definite(false), n.Definite(true), n.Count(1))
		}
	}
	if got := sv.NounOf("Aktivitet").Count(3); got != "tre aktiviteter" {
		t.Errorf("three: %q", got)
	}
	if got := sv.NounOf("uppdrag").Count(14); got != "14 uppdrag" {
		t.Errorf("fourteen: %q", got)
	}
}
