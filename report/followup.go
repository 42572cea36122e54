package report

import "github.com/tertial/tertial"

// GoalFollowup returns a goal's follow-up in the period, or nil. A follow-up in the
// period's own unit comes first; failing that, the follow-up the goal's own unit made in
// its period with the same ID, so that a consolidated report (a council's, over all
// nämnder) shows what each nämnd reported.
func GoalFollowup(g *tertial.Goal, per *tertial.Period) *tertial.GoalFollowup {
	var own *tertial.GoalFollowup
	for i := range g.Followups {
		f := &g.Followups[i]
		unit := f.Unit
		if unit == "" {
			unit = g.Unit
		}
		switch {
		case f.Period != per.ID:
		case unit == per.Unit:
			return f
		case unit == g.Unit:
			own = f
		}
	}
	return own
}

// StatusFollowup returns the follow-up of an item of the given unit in the period, or nil;
// like GoalFollowup it falls back to the item's own unit's period with the same ID.
func StatusFollowup(fs []tertial.StatusFollowup, itemUnit string, per *tertial.Period) *tertial.StatusFollowup {
	var own *tertial.StatusFollowup
	for i := range fs {
		f := &fs[i]
		unit := f.Unit
		if unit == "" {
			unit = itemUnit
		}
		switch {
		case f.Period != per.ID:
		case unit == per.Unit:
			return f
		case unit == itemUnit:
			own = f
		}
	}
	return own
}
