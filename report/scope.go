package report

import "github.com/tertial/tertial"

// Scope is what a unit's report covers: the unit and every unit below it, the goals it
// shows, and which indicators and assignments belong to it.
type Scope struct {
	ds      *tertial.Dataset
	Unit    *tertial.Unit
	units   map[string]bool
	council bool
	shown   map[string]bool
}

// NewScope returns the scope of the unit's reports. The goals shown are the goals the unit
// (or a unit below it) owns, the goals its indicators and assignments measure, and every
// goal above those; a council also shows the goals that no unit owns.
func NewScope(ds *tertial.Dataset, unit *tertial.Unit) *Scope {
	s := &Scope{ds: ds, Unit: unit, units: map[string]bool{unit.ID: true}, council: unit.Kind == tertial.UnitCouncil, shown: map[string]bool{}}
	for changed := true; changed; {
		changed = false
		for _, u := range ds.Units {
			if !s.units[u.ID] && s.units[u.Parent] {
				s.units[u.ID], changed = true, true
			}
		}
	}
	mark := func(goalID string) {
		for g := ds.Goal(goalID); g != nil && !s.shown[g.ID]; g = ds.Goal(g.Parent) {
			s.shown[g.ID] = true
		}
	}
	for _, g := range ds.Goals {
		if s.units[g.Unit] || (s.council && g.Unit == "") {
			mark(g.ID)
		}
	}
	for _, ind := range ds.Indicators {
		if s.units[ind.Owner] {
			mark(ind.Goal)
		}
	}
	for i := range ds.Assignments {
		if s.units[ds.AssignmentUnit(&ds.Assignments[i])] {
			mark(ds.Assignments[i].Goal)
		}
	}
	return s
}

// Includes reports whether a unit is the scope's unit or below it.
func (s *Scope) Includes(unitID string) bool { return s.units[unitID] }

// ShowsGoal reports whether the report shows the goal.
func (s *Scope) ShowsGoal(id string) bool { return s.shown[id] }

// OwnsGoal reports whether the goal is the unit's own (a goal of the unit or below it; for
// a council, also the goals no unit owns).
func (s *Scope) OwnsGoal(g *tertial.Goal) bool {
	return s.units[g.Unit] || (s.council && g.Unit == "")
}

// Indicators returns the goal's indicators the report shows: those without an owner and
// those of the scope's units.
func (s *Scope) Indicators(goalID string) []*tertial.Indicator {
	var out []*tertial.Indicator
	for i := range s.ds.Indicators {
		ind := &s.ds.Indicators[i]
		if ind.Goal == goalID && (ind.Owner == "" || s.units[ind.Owner]) {
			out = append(out, ind)
		}
	}
	return out
}

// Assignments returns the goal's assignments of the scope's units.
func (s *Scope) Assignments(goalID string) []*tertial.Assignment {
	var out []*tertial.Assignment
	for i := range s.ds.Assignments {
		a := &s.ds.Assignments[i]
		if a.Goal == goalID && s.units[s.ds.AssignmentUnit(a)] {
			out = append(out, a)
		}
	}
	return out
}

// Children returns the shown goals directly below parent ("" for the top), in order.
func (s *Scope) Children(parent string) []*tertial.Goal {
	var out []*tertial.Goal
	for i := range s.ds.Goals {
		g := &s.ds.Goals[i]
		if g.Parent == parent && s.shown[g.ID] {
			out = append(out, g)
		}
	}
	return out
}

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
