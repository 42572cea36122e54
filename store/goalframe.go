package store

import (
	"context"
	"strings"

	"github.com/tertial/tertial"
)

// UpdateGoalFrame replaces the municipality's goal levels and goal areas, in the order
// given: the frame the goal tree hangs in (KF-mål and nämndmål; the målområden). The
// dataset's rules judge the result whole, so a level or an area a goal still names cannot
// be taken away, and the IDs must be unique. A level or an area that stays keeps its ID;
// its name, position and (for an area) dimension and description may change.
func (db *DB) UpdateGoalFrame(ctx context.Context, actor, muni string, levels []tertial.GoalLevel, areas []tertial.GoalArea) error {
	var oldLevels []tertial.GoalLevel
	var oldAreas []tertial.GoalArea
	return db.restructure(ctx, actor, muni, func(ds *tertial.Dataset) error {
		oldLevels, oldAreas = ds.GoalLevels, ds.GoalAreas
		ds.GoalLevels, ds.GoalAreas = levels, areas
		return nil
	}, func(tx *Tx, ds *tertial.Dataset) ([]auditEntry, error) {
		// Goals refer to levels and areas by foreign key: rows that stay are updated in
		// place, new ones inserted, and only rows no goal names (the rules saw to it)
		// deleted.
		hadLevel, keepLevel := map[string]bool{}, map[string]bool{}
		for _, l := range oldLevels {
			hadLevel[l.ID] = true
		}
		for i, l := range ds.GoalLevels {
			keepLevel[l.ID] = true
			if err := upsert(tx, hadLevel[l.ID], `UPDATE goal_levels SET pos = ?, name = ? WHERE muni = ? AND id = ?`, []any{i, l.Name, muni, l.ID},
				`INSERT INTO goal_levels (muni, id, pos, name) VALUES (?, ?, ?, ?)`, []any{muni, l.ID, i, l.Name}); err != nil {
				return nil, err
			}
		}
		for _, l := range oldLevels {
			if !keepLevel[l.ID] {
				if err := tx.exec(`DELETE FROM goal_levels WHERE muni = ? AND id = ?`, muni, l.ID); err != nil {
					return nil, err
				}
			}
		}
		hadArea, keepArea := map[string]bool{}, map[string]bool{}
		for _, a := range oldAreas {
			hadArea[a.ID] = true
		}
		for i, a := range ds.GoalAreas {
			keepArea[a.ID] = true
			// The dimension column takes no empty value (migration 0019): an area without
			// a dimension is marked by has_dimension and holds a placeholder.
			dim, has := a.Dimension, 1
			if dim == "" {
				dim, has = tertial.Economic, 0
			}
			if err := upsert(tx, hadArea[a.ID], `UPDATE goal_areas SET pos = ?, name = ?, dimension = ?, has_dimension = ?, description = ? WHERE muni = ? AND id = ?`,
				[]any{i, a.Name, string(dim), has, a.Description, muni, a.ID},
				`INSERT INTO goal_areas (muni, id, pos, name, dimension, has_dimension, description) VALUES (?, ?, ?, ?, ?, ?, ?)`,
				[]any{muni, a.ID, i, a.Name, string(dim), has, a.Description}); err != nil {
				return nil, err
			}
		}
		for _, a := range oldAreas {
			if !keepArea[a.ID] {
				if err := tx.exec(`DELETE FROM goal_areas WHERE muni = ? AND id = ?`, muni, a.ID); err != nil {
					return nil, err
				}
			}
		}
		return []auditEntry{{"goal_frame", muni, []change{
			{"goal_levels", levelsText(oldLevels), levelsText(ds.GoalLevels)},
			{"goal_areas", areasText(oldAreas), areasText(ds.GoalAreas)},
		}}}, nil
	})
}

// upsert runs update when the row exists, insert when it does not.
func upsert(tx *Tx, exists bool, update string, uargs []any, insert string, iargs []any) error {
	if exists {
		return tx.exec(update, uargs...)
	}
	return tx.exec(insert, iargs...)
}

func levelsText(ls []tertial.GoalLevel) string {
	s := make([]string, len(ls))
	for i, l := range ls {
		s[i] = l.ID + " " + l.Name
	}
	return strings.Join(s, "; ")
}

func areasText(as []tertial.GoalArea) string {
	s := make([]string, len(as))
	for i, a := range as {
		s[i] = a.ID + " " + a.Name
		if a.Dimension != "" {
			s[i] += " (" + string(a.Dimension) + ")"
		}
	}
	return strings.Join(s, "; ")
}
