package store

import (
	"context"
	"errors"
	"strconv"

	"github.com/tertial/tertial"
)

// A grid save writes many items of one period (the rows of a money table, a goal's
// indicator values, a section's texts) in ONE transaction, each item with the version the
// user saw:
//
//   - an item whose version changed meanwhile is a conflict: nothing of it is written, it
//     is reported in GridResult.Conflicts, and the other items are saved;
//   - an item the rule set refuses makes the whole save fail with EINVALID, nothing saved:
//     the problems' paths start with the item's key ("ks-personal.forecast");
//   - an item that would change nothing writes nothing (no version, no audit entry), as
//     the single saves do for a money row; the caller sends only the items the user
//     changed.
//
// Each item's row is held (FOR UPDATE on PostgreSQL) from the read of its version to the
// commit, so that a conflict is always found before anything of the item is written.

// GridResult is what a grid save did.
type GridResult struct {
	Versions  map[string]int // the new version of each saved item, by key
	Conflicts []GridConflict // items someone else changed since the user's version
}

// GridConflict is an item not saved because its version changed.
type GridConflict struct {
	Key        string
	Have, Want int // the stored version, the one the user saw
}

// MoneyRowChange is one row of a money-table grid: the row's ID, the version the user saw
// and what changes.
type MoneyRowChange struct {
	Row     string
	Version int
	Edit    MoneyRowEdit
}

// IndicatorValueChange is one indicator's value entry of a grid (Value.Year its year).
type IndicatorValueChange struct {
	Indicator string
	Version   int
	Value     tertial.IndicatorValue
}

// TextChange is one text of a section's grid.
type TextChange struct {
	Text    string
	Version int
	Body    string
}

// lockClause is the row lock of a grid's read of an item's version (see rowLock).
func lockClause(tx *Tx, lock bool) string {
	if !lock {
		return ""
	}
	return tx.rowLock(updateLock)
}

// saveGrid runs the items' saves in one transaction of the open period p (see above).
func (db *DB) saveGrid(ctx context.Context, p PeriodRef, keys []string, save func(tx *Tx, i int, newVersion *int) error) (GridResult, error) {
	var res GridResult
	err := db.inTx(ctx, func(tx *Tx) error {
		res = GridResult{Versions: map[string]int{}}
		if err := openPeriod(tx, p); err != nil {
			return err
		}
		var problems []tertial.Problem
		for i, key := range keys {
			var v int
			err := save(tx, i, &v)
			var stale *staleError
			switch {
			case errors.As(err, &stale):
				res.Conflicts = append(res.Conflicts, GridConflict{Key: key, Have: stale.have, Want: stale.want})
			case tertial.ErrorCode(err) == tertial.EINVALID:
				ps := tertial.ProblemsOf(err)
				if len(ps) == 0 {
					ps = []tertial.Problem{{Message: tertial.ErrorMessage(err)}}
				}
				for _, p := range ps {
					path := key
					if p.Path != "" {
						path += "." + p.Path
					}
					problems = append(problems, tertial.Problem{Path: path, Message: p.Message})
				}
			case err != nil:
				return err
			default:
				res.Versions[key] = v
			}
		}
		if len(problems) > 0 {
			return tertial.Invalid(problems)
		}
		return nil
	})
	if err != nil {
		return GridResult{}, err
	}
	return res, nil
}

// SaveMoneyRows saves rows of a money table together (see GridResult); keys are row IDs.
func (db *DB) SaveMoneyRows(ctx context.Context, actor string, p PeriodRef, tableID string, rows []MoneyRowChange) (GridResult, error) {
	keys := make([]string, len(rows))
	for i, r := range rows {
		keys[i] = r.Row
	}
	return db.saveGrid(ctx, p, keys, func(tx *Tx, i int, v *int) error {
		r := rows[i]
		return db.saveMoneyRow(tx, Edit{Actor: actor, Period: p, Version: r.Version}, tableID, r.Row, r.Edit, true, v)
	})
}

// SaveIndicatorValues saves value entries of indicators together (see GridResult); keys
// are "indicator/year".
func (db *DB) SaveIndicatorValues(ctx context.Context, actor string, p PeriodRef, values []IndicatorValueChange) (GridResult, error) {
	keys := make([]string, len(values))
	for i, v := range values {
		keys[i] = v.Indicator + "/" + strconv.Itoa(v.Value.Year)
	}
	return db.saveGrid(ctx, p, keys, func(tx *Tx, i int, nv *int) error {
		v := values[i]
		return db.saveIndicatorValue(tx, Edit{Actor: actor, Period: p, Version: v.Version}, v.Indicator, v.Value, true, nv)
	})
}

// SaveTexts saves texts of the period together (see GridResult); keys are text IDs.
func (db *DB) SaveTexts(ctx context.Context, actor string, p PeriodRef, texts []TextChange) (GridResult, error) {
	keys := make([]string, len(texts))
	for i, t := range texts {
		keys[i] = t.Text
	}
	return db.saveGrid(ctx, p, keys, func(tx *Tx, i int, v *int) error {
		t := texts[i]
		return db.saveText(tx, Edit{Actor: actor, Period: p, Version: t.Version}, t.Text, t.Body, true, v)
	})
}
