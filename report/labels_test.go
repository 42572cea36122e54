package report_test

import (
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/report"
)

// TestPeriodKindLabel: fullmäktige's annual period is the årsredovisning; a board's and
// every other kind keep their names.
func TestPeriodKindLabel(t *testing.T) {
	kf := &tertial.Unit{ID: "kf", Kind: tertial.UnitCouncil}
	ks := &tertial.Unit{ID: "ks", Kind: tertial.UnitBoard}
	for _, c := range []struct {
		unit *tertial.Unit
		kind tertial.PeriodKind
		want string
	}{
		{kf, tertial.PeriodAnnual, "Årsredovisning"},
		{ks, tertial.PeriodAnnual, "Verksamhetsberättelse"},
		{nil, tertial.PeriodAnnual, "Verksamhetsberättelse"},
		{kf, tertial.PeriodInterim, "Delårsrapport"},
		{kf, tertial.PeriodPlan, "Verksamhetsplan"},
	} {
		if got := report.PeriodKindLabel(c.unit, c.kind); got != c.want {
			t.Errorf("%v %s: %q, want %q", c.unit, c.kind, got, c.want)
		}
	}
}
