package store

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"time"

	"github.com/tertial/tertial"
)

// SectionState is the workflow state of one report section of a unit's period.
type SectionState struct {
	Key       string
	State     tertial.SectionState
	Comment   string // why it was sent back, or a note
	Version   int
	UpdatedBy string
	UpdatedAt time.Time
}

// SectionStates returns the recorded states of a period's sections by key; a section with
// no entry has not been started.
func (db *DB) SectionStates(ctx context.Context, p PeriodRef) (map[string]SectionState, error) {
	out := map[string]SectionState{}
	err := db.inReadTx(ctx, func(tx *Tx) error {
		return tx.query(`SELECT section_key, state, comment, version, updated_by, updated_at FROM section_states
			WHERE muni = ? AND unit_id = ? AND period_id = ?`, []any{p.Municipality, p.Unit, p.Period}, func(r *sql.Rows) error {
			var s SectionState
			var at string
			if err := r.Scan(&s.Key, &s.State, &s.Comment, &s.Version, &s.UpdatedBy, &at); err != nil {
				return err
			}
			s.UpdatedAt, _ = time.Parse(time.RFC3339Nano, at)
			out[s.Key] = s
			return nil
		})
	})
	return out, err
}

// SaveSectionState sets a section's state (and comment) in the edit's open period; the
// edit's version is the one the user saw, 0 for a section never changed.
func (db *DB) SaveSectionState(ctx context.Context, e Edit, key string, state tertial.SectionState, comment string) (int, error) {
	if !slices.Contains(tertial.SectionStates, state) {
		return 0, tertial.Errorf(tertial.EINVALID, "okänt läge %q", state)
	}
	if err := invalid(tertial.ValidateComment(comment)); err != nil {
		return 0, err
	}
	actor, p, version := e.Actor, e.Period, e.Version
	var newVersion int
	err := db.inTx(ctx, func(tx *Tx) error {
		if err := openPeriod(tx, p); err != nil {
			return err
		}
		old, oldComment := string(tertial.SectionNotStarted), ""
		cur := 0
		err := tx.get(`SELECT state, comment, version FROM section_states WHERE muni = ? AND unit_id = ? AND period_id = ? AND section_key = ?`,
			[]any{p.Municipality, p.Unit, p.Period, key}, &old, &oldComment, &cur)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if cur != version {
			return staleVersion(cur, version)
		}
		newVersion = cur + 1
		if err := recordSectionEvent(tx, p, key, old, string(state), actor, comment, stamp(db.Now())); err != nil {
			return err
		}
		if cur == 0 {
			err = tx.changeOne(`INSERT INTO section_states (muni, unit_id, period_id, section_key, state, comment, version, updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?) ON CONFLICT DO NOTHING`,
				p.Municipality, p.Unit, p.Period, key, string(state), comment, actor, db.now())
		} else {
			err = tx.changeOne(`UPDATE section_states SET state = ?, comment = ?, version = version + 1, updated_by = ?, updated_at = ?
				WHERE muni = ? AND unit_id = ? AND period_id = ? AND section_key = ? AND version = ?`,
				string(state), comment, actor, db.now(), p.Municipality, p.Unit, p.Period, key, cur)
		}
		if err != nil {
			return err
		}
		_, err = db.audit(tx, actor, p.Municipality, "section", p.key()+"/"+key, []change{{"state", old, string(state)}, {"comment", oldComment, comment}})
		return err
	})
	return newVersion, err
}
