package tertial

// Scope is what a unit covers: the unit and every unit below it, the goals its reports
// show, and which indicators and assignments belong to it. The report, the site, the API
// and the Kolada sync all ask it, so that they agree on what a unit's report contains.
type Scope struct {
	ds      *Dataset
	Unit    *Unit
	units   map[string]bool
	council bool
	shown   map[string]bool
}

// NewScope returns the scope of the unit's reports. The goals shown are the goals the unit
// (or a unit below it) owns, the goals its indicators and assignments measure, and every
// goal above those; a council also shows the goals that no unit owns.
func NewScope(ds *Dataset, unit *Unit) *Scope {
	s := &Scope{ds: ds, Unit: unit, units: map[string]bool{unit.ID: true}, council: unit.Kind == UnitCouncil, shown: map[string]bool{}}
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

// NewPeriodScope returns the scope of the unit's reports of a period of the year: as
// NewScope, less the goals that are not in force that year (Goal.Retired) and every goal
// below them, with their indicators and assignments.
func NewPeriodScope(ds *Dataset, unit *Unit, year int) *Scope {
	s := NewScope(ds, unit)
	for id := range s.shown {
		if !ds.GoalInForce(id, year) {
			delete(s.shown, id)
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
func (s *Scope) OwnsGoal(g *Goal) bool {
	return s.units[g.Unit] || (s.council && g.Unit == "")
}

// Indicators returns the goal's indicators the report shows: those without an owner and
// those of the scope's units.
func (s *Scope) Indicators(goalID string) []*Indicator {
	var out []*Indicator
	for i := range s.ds.Indicators {
		ind := &s.ds.Indicators[i]
		if ind.Goal == goalID && (ind.Owner == "" || s.units[ind.Owner]) {
			out = append(out, ind)
		}
	}
	return out
}

// Assignments returns the goal's assignments of the scope's units.
func (s *Scope) Assignments(goalID string) []*Assignment {
	var out []*Assignment
	for i := range s.ds.Assignments {
		a := &s.ds.Assignments[i]
		if a.Goal == goalID && s.units[s.ds.AssignmentUnit(a)] {
			out = append(out, a)
		}
	}
	return out
}

// Children returns the shown goals directly below parent ("" for the top), in order.
func (s *Scope) Children(parent string) []*Goal {
	var out []*Goal
	for i := range s.ds.Goals {
		g := &s.ds.Goals[i]
		if g.Parent == parent && s.shown[g.ID] {
			out = append(out, g)
		}
	}
	return out
}
