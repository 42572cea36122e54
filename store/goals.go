package store

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/tertial/tertial"
)

// The structural edits of goals, indicators and assignments (issue 14). Each is made with
// restructure: the whole dataset as it will be must pass Dataset.Validate, so a goal that
// would lie under itself, an unknown level, area, unit or goal, a second item with the same
// ID, a follow-up of a retired goal in a later period are refused with EINVALID and nothing
// changes. The problems of the edited item name its own fields ("parent",
// "targets[1].target"); problems elsewhere keep their dataset path. An update or a delete
// names the version of the item it started from (Goal.Version and so on): a stale one is
// refused with ECONFLICT. Each edit is recorded in the audit log. Whether the user may make
// it is the caller's question (tertial.ActEditStructure).

func goalIndex(ds *tertial.Dataset, id string) int {
	return slices.IndexFunc(ds.Goals, func(g tertial.Goal) bool { return g.ID == id })
}

func indicatorIndex(ds *tertial.Dataset, id string) int {
	return slices.IndexFunc(ds.Indicators, func(x tertial.Indicator) bool { return x.ID == id })
}

func assignmentIndex(ds *tertial.Dataset, id string) int {
	return slices.IndexFunc(ds.Assignments, func(x tertial.Assignment) bool { return x.ID == id })
}

func yearText(y int) string {
	if y == 0 {
		return ""
	}
	return strconv.Itoa(y)
}

// goalChanges are the audited fields of a goal, from old to new (a zero old for a new goal).
func goalChanges(old, g *tertial.Goal) []change {
	return []change{
		{"level", old.Level, g.Level}, {"area", old.Area, g.Area}, {"parent", old.Parent, g.Parent},
		{"unit", old.Unit, g.Unit}, {"title", old.Title, g.Title}, {"description", old.Description, g.Description},
		{"tags", strings.Join(old.Tags, ","), strings.Join(g.Tags, ",")}, {"since", yearText(old.Since), yearText(g.Since)},
		{"retired", yearText(old.Retired), yearText(g.Retired)},
	}
}

// CreateGoal adds the goal (its ID, level, area, parent, unit, title, description, tags and
// retirement; follow-ups are not made here) after every other goal. It returns the goal as
// stored, with its version.
func (db *DB) CreateGoal(ctx context.Context, actor, muni string, g tertial.Goal) (*tertial.Goal, error) {
	g.Followups, g.Version = nil, 1
	prefix := ""
	err := db.restructure(ctx, actor, muni, func(ds *tertial.Dataset) error {
		prefix = fmt.Sprintf("goals[%d].", len(ds.Goals))
		ds.Goals = append(ds.Goals, g)
		return nil
	}, func(tx *Tx, ds *tertial.Dataset) ([]auditEntry, error) {
		var pos int
		if err := tx.get(`SELECT COALESCE(MAX(pos), -1) + 1 FROM goals WHERE muni = ?`, []any{muni}, &pos); err != nil {
			return nil, err
		}
		if err := tx.exec(`INSERT INTO goals (muni, id, pos, level_id, area_id, parent_id, unit_id, title, description, tags, retired, since, version)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
			muni, g.ID, pos, g.Level, null(g.Area), null(g.Parent), null(g.Unit), g.Title, g.Description, strings.Join(g.Tags, ","), nullYear(g.Retired), nullYear(g.Since)); err != nil {
			return nil, err
		}
		return []auditEntry{{entity: "goal", key: g.ID, changes: append([]change{{"created", "", "created"}}, goalChanges(&tertial.Goal{}, &g)...)}}, nil
	})
	if err != nil {
		return nil, itemProblems(err, prefix)
	}
	return &g, nil
}

// UpdateGoal changes the goal with g.ID to what g says (level, area, parent: moving it,
// unit, title, description, tags, retirement), keeping its follow-ups, indicators and
// assignments; g.Version is the version the edit started from. Setting Retired retires the
// goal: reports of later years no longer show it, its history stays. It returns the goal
// as stored, with its new version.
func (db *DB) UpdateGoal(ctx context.Context, actor, muni string, g tertial.Goal) (*tertial.Goal, error) {
	prefix := ""
	var old tertial.Goal
	err := db.restructure(ctx, actor, muni, func(ds *tertial.Dataset) error {
		i := goalIndex(ds, g.ID)
		if i < 0 {
			return tertial.Errorf(tertial.ENOTFOUND, "det finns inget mål %q", g.ID)
		}
		old = ds.Goals[i]
		if old.Version != g.Version {
			return staleVersion(old.Version, g.Version)
		}
		prefix = fmt.Sprintf("goals[%d].", i)
		g.Followups = slices.Clone(old.Followups)
		if g.Unit != old.Unit {
			// A follow-up that named no unit was the goal's unit's: it stays that unit's.
			for j := range g.Followups {
				if g.Followups[j].Unit == "" {
					g.Followups[j].Unit = old.Unit
				}
			}
		}
		g.Version = old.Version + 1
		ds.Goals[i] = g
		return nil
	}, func(tx *Tx, ds *tertial.Dataset) ([]auditEntry, error) {
		if err := tx.changeOne(`UPDATE goals SET level_id = ?, area_id = ?, parent_id = ?, unit_id = ?, title = ?, description = ?, tags = ?, retired = ?,
			since = ?, version = version + 1 WHERE muni = ? AND id = ? AND version = ?`,
			g.Level, null(g.Area), null(g.Parent), null(g.Unit), g.Title, g.Description, strings.Join(g.Tags, ","), nullYear(g.Retired), nullYear(g.Since),
			muni, g.ID, old.Version); err != nil {
			return nil, err
		}
		return []auditEntry{{entity: "goal", key: g.ID, changes: goalChanges(&old, &g)}}, nil
	})
	if err != nil {
		return nil, itemProblems(err, prefix)
	}
	return &g, nil
}

// DeleteGoal removes the goal with the ID, at the version the edit started from. A goal
// with history (follow-ups), indicators, assignments or goals below it is refused with
// EINVALID: retire it instead (UpdateGoal with Retired).
func (db *DB) DeleteGoal(ctx context.Context, actor, muni, id string, version int) error {
	var old tertial.Goal
	return db.restructure(ctx, actor, muni, func(ds *tertial.Dataset) error {
		i := goalIndex(ds, id)
		if i < 0 {
			return tertial.Errorf(tertial.ENOTFOUND, "det finns inget mål %q", id)
		}
		old = ds.Goals[i]
		if old.Version != version {
			return staleVersion(old.Version, version)
		}
		var why []string
		if len(old.Followups) > 0 {
			why = append(why, "uppföljningar")
		}
		if slices.ContainsFunc(ds.Indicators, func(x tertial.Indicator) bool { return x.Goal == id }) {
			why = append(why, "indikatorer")
		}
		if slices.ContainsFunc(ds.Assignments, func(x tertial.Assignment) bool { return x.Goal == id }) {
			why = append(why, "uppdrag")
		}
		if slices.ContainsFunc(ds.Goals, func(x tertial.Goal) bool { return x.Parent == id }) {
			why = append(why, "mål under sig")
		}
		if len(why) > 0 {
			return tertial.Invalid([]tertial.Problem{{Path: "id", Message: fmt.Sprintf(
				"målet %q har %s och kan inte tas bort; avsluta det i stället (sista år i kraft)", id, strings.Join(why, ", "))}})
		}
		ds.Goals = slices.Delete(ds.Goals, i, i+1)
		return nil
	}, func(tx *Tx, ds *tertial.Dataset) ([]auditEntry, error) {
		if err := tx.changeOne(`DELETE FROM goals WHERE muni = ? AND id = ? AND version = ?`, muni, id, old.Version); err != nil {
			return nil, err
		}
		return []auditEntry{{entity: "goal", key: id, changes: append([]change{{"deleted", "", "deleted"}},
			goalChanges(&old, &tertial.Goal{})...)}}, nil
	})
}

func toleranceText(ind *tertial.Indicator) string { return decText(ind.Tolerance) }

func longTermText(t *tertial.YearTarget) string {
	if t == nil {
		return ""
	}
	return strconv.Itoa(t.Year) + ": " + t.Target.String()
}

func targetsText(ts []tertial.YearTarget) string {
	parts := make([]string, len(ts))
	for i, t := range ts {
		parts[i] = strconv.Itoa(t.Year) + ": " + t.Target.String()
	}
	return strings.Join(parts, "; ")
}

// indicatorChanges are the audited fields of an indicator, from old to new.
func indicatorChanges(old, x *tertial.Indicator) []change {
	return []change{
		{"goal", old.Goal, x.Goal}, {"name", old.Name, x.Name}, {"unit", old.Unit, x.Unit},
		{"direction", string(old.Direction), string(x.Direction)}, {"decimals", strconv.Itoa(old.Decimals), strconv.Itoa(x.Decimals)},
		{"tolerance", toleranceText(old), toleranceText(x)}, {"kolada_kpi", old.KoladaKPI, x.KoladaKPI},
		{"kolada_gender", old.KoladaGender, x.KoladaGender}, {"gender", strconv.FormatBool(old.Gender), strconv.FormatBool(x.Gender)},
		{"owner", old.Owner, x.Owner}, {"note", old.Note, x.Note},
		{"targets", targetsText(old.Targets), targetsText(x.Targets)}, {"long_term", longTermText(old.LongTerm), longTermText(x.LongTerm)},
	}
}

// indicatorRow is the indicators row's values of x, from goal_id on, in the order of
// insertIndicator's and UpdateIndicator's statements.
func indicatorRow(x *tertial.Indicator) []any {
	var ltYear, ltTarget any
	if x.LongTerm != nil {
		ltYear, ltTarget = x.LongTerm.Year, x.LongTerm.Target.String()
	}
	return []any{x.Goal, x.Name, x.Unit, string(x.Direction), x.Decimals, null(x.Owner), x.KoladaKPI, x.KoladaGender,
		boolInt(x.Gender), x.Note, ltYear, ltTarget, nullDecimal(x.Tolerance)}
}

// CreateIndicator adds the indicator (its fields, stage targets and long-term target;
// values are reported, not made here) after every other one. It returns it as stored.
func (db *DB) CreateIndicator(ctx context.Context, actor, muni string, x tertial.Indicator) (*tertial.Indicator, error) {
	x.Values, x.Version = nil, 1
	for i := range x.Targets {
		x.Targets[i].Version = 1
	}
	prefix := ""
	err := db.restructure(ctx, actor, muni, func(ds *tertial.Dataset) error {
		prefix = fmt.Sprintf("indicators[%d].", len(ds.Indicators))
		ds.Indicators = append(ds.Indicators, x)
		return nil
	}, func(tx *Tx, ds *tertial.Dataset) ([]auditEntry, error) {
		var pos int
		if err := tx.get(`SELECT COALESCE(MAX(pos), -1) + 1 FROM indicators WHERE muni = ?`, []any{muni}, &pos); err != nil {
			return nil, err
		}
		if err := insertIndicator(tx, muni, pos, &x); err != nil {
			return nil, err
		}
		return []auditEntry{{entity: "indicator", key: x.ID, changes: append([]change{{"created", "", "created"}},
			indicatorChanges(&tertial.Indicator{}, &x)...)}}, nil
	})
	if err != nil {
		return nil, itemProblems(err, prefix)
	}
	return &x, nil
}

// UpdateIndicator changes the indicator with x.ID to what x says, its stage targets
// included (a year left out loses its target), keeping its values; x.Version is the
// version the edit started from. It returns the indicator as stored.
func (db *DB) UpdateIndicator(ctx context.Context, actor, muni string, x tertial.Indicator) (*tertial.Indicator, error) {
	prefix := ""
	var old tertial.Indicator
	err := db.restructure(ctx, actor, muni, func(ds *tertial.Dataset) error {
		i := indicatorIndex(ds, x.ID)
		if i < 0 {
			return tertial.Errorf(tertial.ENOTFOUND, "det finns ingen indikator %q", x.ID)
		}
		old = ds.Indicators[i]
		if old.Version != x.Version {
			return staleVersion(old.Version, x.Version)
		}
		prefix = fmt.Sprintf("indicators[%d].", i)
		x.Values = old.Values
		x.Version = old.Version + 1
		// A stage target keeps its version while it stays the same; a changed one moves
		// on, so that a target form opened before this edit meets a conflict.
		x.Targets = slices.Clone(x.Targets)
		for j := range x.Targets {
			x.Targets[j].Version = 1
			for _, o := range old.Targets {
				if o.Year == x.Targets[j].Year {
					x.Targets[j].Version = o.Version
					if o.Target.String() != x.Targets[j].Target.String() {
						x.Targets[j].Version++
					}
				}
			}
		}
		ds.Indicators[i] = x
		return nil
	}, func(tx *Tx, ds *tertial.Dataset) ([]auditEntry, error) {
		args := append(indicatorRow(&x), muni, x.ID, old.Version)
		if err := tx.changeOne(`UPDATE indicators SET goal_id = ?, name = ?, unit = ?, direction = ?, decimals = ?, owner_id = ?, kolada_kpi = ?,
			kolada_gender = ?, gender = ?, note = ?, long_term_year = ?, long_term_target = ?, tolerance = ?, version = version + 1
			WHERE muni = ? AND id = ? AND version = ?`, args...); err != nil {
			return nil, err
		}
		if err := tx.exec(`DELETE FROM indicator_targets WHERE muni = ? AND indicator_id = ?`, muni, x.ID); err != nil {
			return nil, err
		}
		for j, t := range x.Targets {
			if err := tx.exec(`INSERT INTO indicator_targets (muni, indicator_id, year, pos, target, version) VALUES (?, ?, ?, ?, ?, ?)`,
				muni, x.ID, t.Year, j, t.Target.String(), t.Version); err != nil {
				return nil, err
			}
		}
		return []auditEntry{{entity: "indicator", key: x.ID, changes: indicatorChanges(&old, &x)}}, nil
	})
	if err != nil {
		return nil, itemProblems(err, prefix)
	}
	return &x, nil
}

// DeleteIndicator removes the indicator with the ID and its targets, at the version the
// edit started from. One with values (history) is refused with EINVALID.
func (db *DB) DeleteIndicator(ctx context.Context, actor, muni, id string, version int) error {
	var old tertial.Indicator
	return db.restructure(ctx, actor, muni, func(ds *tertial.Dataset) error {
		i := indicatorIndex(ds, id)
		if i < 0 {
			return tertial.Errorf(tertial.ENOTFOUND, "det finns ingen indikator %q", id)
		}
		old = ds.Indicators[i]
		if old.Version != version {
			return staleVersion(old.Version, version)
		}
		if len(old.Values) > 0 {
			return tertial.Invalid([]tertial.Problem{{Path: "id", Message: fmt.Sprintf(
				"indikatorn %q har värden och kan inte tas bort", id)}})
		}
		ds.Indicators = slices.Delete(ds.Indicators, i, i+1)
		return nil
	}, func(tx *Tx, ds *tertial.Dataset) ([]auditEntry, error) {
		if err := tx.exec(`DELETE FROM indicator_targets WHERE muni = ? AND indicator_id = ?`, muni, id); err != nil {
			return nil, err
		}
		if err := tx.changeOne(`DELETE FROM indicators WHERE muni = ? AND id = ? AND version = ?`, muni, id, old.Version); err != nil {
			return nil, err
		}
		return []auditEntry{{entity: "indicator", key: id, changes: append([]change{{"deleted", "", "deleted"}},
			indicatorChanges(&old, &tertial.Indicator{})...)}}, nil
	})
}

// assignmentChanges are the audited fields of an assignment, from old to new.
func assignmentChanges(old, a *tertial.Assignment) []change {
	return []change{{"goal", old.Goal, a.Goal}, {"unit", old.Unit, a.Unit}, {"origin", old.Origin, a.Origin},
		{"due", dateText(old.Due), dateText(a.Due)}, {"title", old.Title, a.Title}, {"description", old.Description, a.Description}}
}

// CreateAssignment adds the assignment (goal, unit, origin, title, description) after
// every other one. It returns it as stored.
func (db *DB) CreateAssignment(ctx context.Context, actor, muni string, a tertial.Assignment) (*tertial.Assignment, error) {
	a.Followups, a.Version = nil, 1
	prefix := ""
	err := db.restructure(ctx, actor, muni, func(ds *tertial.Dataset) error {
		prefix = fmt.Sprintf("assignments[%d].", len(ds.Assignments))
		ds.Assignments = append(ds.Assignments, a)
		return nil
	}, func(tx *Tx, ds *tertial.Dataset) ([]auditEntry, error) {
		var pos int
		if err := tx.get(`SELECT COALESCE(MAX(pos), -1) + 1 FROM assignments WHERE muni = ?`, []any{muni}, &pos); err != nil {
			return nil, err
		}
		if err := tx.exec(`INSERT INTO assignments (muni, id, pos, goal_id, unit_id, origin, due, title, description, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
			muni, a.ID, pos, a.Goal, null(a.Unit), a.Origin, dateText(a.Due), a.Title, a.Description); err != nil {
			return nil, err
		}
		return []auditEntry{{entity: "assignment", key: a.ID, changes: append([]change{{"created", "", "created"}},
			assignmentChanges(&tertial.Assignment{}, &a)...)}}, nil
	})
	if err != nil {
		return nil, itemProblems(err, prefix)
	}
	return &a, nil
}

// UpdateAssignment changes the assignment with a.ID to what a says, keeping its
// follow-ups; a.Version is the version the edit started from. A changed unit is refused
// when the assignment has follow-ups (they are the unit's reports).
func (db *DB) UpdateAssignment(ctx context.Context, actor, muni string, a tertial.Assignment) (*tertial.Assignment, error) {
	prefix := ""
	var old tertial.Assignment
	err := db.restructure(ctx, actor, muni, func(ds *tertial.Dataset) error {
		i := assignmentIndex(ds, a.ID)
		if i < 0 {
			return tertial.Errorf(tertial.ENOTFOUND, "det finns inget uppdrag %q", a.ID)
		}
		old = ds.Assignments[i]
		if old.Version != a.Version {
			return staleVersion(old.Version, a.Version)
		}
		prefix = fmt.Sprintf("assignments[%d].", i)
		a.Followups = old.Followups
		if len(a.Followups) > 0 && ds.AssignmentUnit(&a) != ds.AssignmentUnit(&old) {
			return tertial.Invalid([]tertial.Problem{{Path: "unit", Message: "uppdraget har uppföljningar av sin ansvariga enhet; enheten kan inte bytas"}})
		}
		a.Version = old.Version + 1
		ds.Assignments[i] = a
		return nil
	}, func(tx *Tx, ds *tertial.Dataset) ([]auditEntry, error) {
		if err := tx.changeOne(`UPDATE assignments SET goal_id = ?, unit_id = ?, origin = ?, due = ?, title = ?, description = ?, version = version + 1
			WHERE muni = ? AND id = ? AND version = ?`, a.Goal, null(a.Unit), a.Origin, dateText(a.Due), a.Title, a.Description, muni, a.ID, old.Version); err != nil {
			return nil, err
		}
		return []auditEntry{{entity: "assignment", key: a.ID, changes: assignmentChanges(&old, &a)}}, nil
	})
	if err != nil {
		return nil, itemProblems(err, prefix)
	}
	return &a, nil
}

// DeleteAssignment removes the assignment with the ID, at the version the edit started
// from. One with follow-ups (history) is refused with EINVALID.
func (db *DB) DeleteAssignment(ctx context.Context, actor, muni, id string, version int) error {
	var old tertial.Assignment
	return db.restructure(ctx, actor, muni, func(ds *tertial.Dataset) error {
		i := assignmentIndex(ds, id)
		if i < 0 {
			return tertial.Errorf(tertial.ENOTFOUND, "det finns inget uppdrag %q", id)
		}
		old = ds.Assignments[i]
		if old.Version != version {
			return staleVersion(old.Version, version)
		}
		if len(old.Followups) > 0 {
			return tertial.Invalid([]tertial.Problem{{Path: "id", Message: fmt.Sprintf(
				"uppdraget %q har uppföljningar och kan inte tas bort", id)}})
		}
		ds.Assignments = slices.Delete(ds.Assignments, i, i+1)
		return nil
	}, func(tx *Tx, ds *tertial.Dataset) ([]auditEntry, error) {
		if err := tx.changeOne(`DELETE FROM assignments WHERE muni = ? AND id = ? AND version = ?`, muni, id, old.Version); err != nil {
			return nil, err
		}
		return []auditEntry{{entity: "assignment", key: id, changes: append([]change{{"deleted", "", "deleted"}},
			assignmentChanges(&old, &tertial.Assignment{})...)}}, nil
	})
}
