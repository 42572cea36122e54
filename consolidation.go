package tertial

import (
	"slices"
	"time"
)

// BoardPeriod is a board and its period that a consolidated report covers.
type BoardPeriod struct {
	Unit   *Unit
	Period *Period
}

// ConsolidatedBoards returns the boards a consolidated report of a unit's period covers
// (the sections that Consolidate: council_goals, board_deviations, board_reports), in the
// dataset's order of units. The rule: every unit of kind board (nämnd) other than the
// report's own unit, not retired before the period's year, that has a period of the same
// kind (interim, annual, plan) whose cut-off is the report's period's cut-off: the boards'
// own reports of the same date, which the council's report gathers. A board with more than
// one such period contributes the one with the report's period's ID, else the first in
// the dataset. owners, when not empty, keeps only the units it names (a section's owners).
func (d *Dataset) ConsolidatedBoards(unitID string, per *Period, owners []string) []BoardPeriod {
	var out []BoardPeriod
	for i := range d.Units {
		u := &d.Units[i]
		if u.ID == unitID || u.Kind != UnitBoard || (u.Retired != 0 && u.Retired < per.Year()) {
			continue
		}
		if len(owners) > 0 && !slices.Contains(owners, u.ID) {
			continue
		}
		if p := d.periodAt(u.ID, per.Kind, per.Cutoff, per.ID); p != nil {
			out = append(out, BoardPeriod{Unit: u, Period: p})
		}
	}
	return out
}

// periodAt returns the unit's period of the kind with the cut-off, preferring the one with
// the ID; nil when it has none.
func (d *Dataset) periodAt(unit string, kind PeriodKind, cutoff time.Time, id string) *Period {
	var first *Period
	for i := range d.Periods {
		p := &d.Periods[i]
		if p.Unit != unit || p.Kind != kind || !p.Cutoff.Equal(cutoff) {
			continue
		}
		if p.ID == id {
			return p
		}
		if first == nil {
			first = p
		}
	}
	return first
}
