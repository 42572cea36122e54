package store

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"
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
// edit's version is the one the user saw, 0 for a section never changed. A section marked
// ready or approved passes its gate (tertial.Gate.Check): with blocking findings it is
// refused (ECONFLICT) unless the gate carries an override's reason, which is then stored
// with the findings (Overrides) and audited, in the same transaction.
func (db *DB) SaveSectionState(ctx context.Context, e Edit, key string, state tertial.SectionState, comment string, gate tertial.Gate) (int, error) {
	if !slices.Contains(tertial.SectionStates, state) {
		return 0, tertial.Errorf(tertial.EINVALID, "okänt läge %q", state)
	}
	if err := invalid(tertial.ValidateComment(comment)); err != nil {
		return 0, err
	}
	step, gated := map[tertial.SectionState]tertial.GateStep{tertial.SectionReady: tertial.GateReady, tertial.SectionApproved: tertial.GateApprove}[state]
	if gated {
		if err := gate.Check(step, "avsnittet "+key); err != nil {
			return 0, err
		}
	}
	actor, p, version := e.Actor, e.Period, e.Version
	var newVersion int
	err := db.inTx(ctx, func(tx *Tx) error {
		if err := openPeriod(tx, p); err != nil {
			return err
		}
		if gated && gate.Overridden() {
			if err := db.recordOverride(tx, actor, p, key, step, gate); err != nil {
				return err
			}
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

// Override is a gated step taken over blocking findings.
type Override struct {
	Section  string // the section's key; "" for the whole period (the lock)
	Step     tertial.GateStep
	Actor    string
	Reason   string
	Findings []string // the blocking findings' sentences at the time
	At       time.Time
}

// recordOverride stores an override and writes it to the audit log (entity "override",
// the period's key and the section's).
func (db *DB) recordOverride(tx *Tx, actor string, p PeriodRef, section string, step tertial.GateStep, g tertial.Gate) error {
	reason := strings.TrimSpace(g.Override)
	findings := strings.Join(g.Blocking, "\n")
	if err := tx.exec(`INSERT INTO gate_overrides (muni, unit_id, period_id, section_key, step, actor, reason, findings, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		p.Municipality, p.Unit, p.Period, section, string(step), actor, reason, findings, db.now()); err != nil {
		return err
	}
	key := p.key()
	if section != "" {
		key += "/" + section
	}
	_, err := db.audit(tx, actor, p.Municipality, "override", key, []change{{"step", "", string(step)}, {"reason", "", reason}, {"findings", "", findings}})
	return err
}

// Overrides lists the overrides of a unit's period, oldest first.
func (db *DB) Overrides(ctx context.Context, p PeriodRef) ([]Override, error) {
	var out []Override
	err := db.inReadTx(ctx, func(tx *Tx) error {
		return tx.query(`SELECT section_key, step, actor, reason, findings, at FROM gate_overrides
			WHERE muni = ? AND unit_id = ? AND period_id = ? ORDER BY id`, []any{p.Municipality, p.Unit, p.Period}, func(r *sql.Rows) error {
			var o Override
			var findings, at string
			if err := r.Scan(&o.Section, &o.Step, &o.Actor, &o.Reason, &findings, &at); err != nil {
				return err
			}
			if findings != "" {
				o.Findings = strings.Split(findings, "\n")
			}
			o.At, _ = time.Parse(time.RFC3339Nano, at)
			out = append(out, o)
			return nil
		})
	})
	return out, err
}

// PeriodOverrides lists the overrides of every unit's period with the ID in a
// municipality, by unit, oldest first.
func (db *DB) PeriodOverrides(ctx context.Context, muni, period string) (map[string][]Override, error) {
	out := map[string][]Override{}
	err := db.inReadTx(ctx, func(tx *Tx) error {
		return tx.query(`SELECT unit_id, section_key, step, actor, reason, findings, at FROM gate_overrides
			WHERE muni = ? AND period_id = ? ORDER BY id`, []any{muni, period}, func(r *sql.Rows) error {
			var o Override
			var unit, findings, at string
			if err := r.Scan(&unit, &o.Section, &o.Step, &o.Actor, &o.Reason, &findings, &at); err != nil {
				return err
			}
			if findings != "" {
				o.Findings = strings.Split(findings, "\n")
			}
			o.At, _ = time.Parse(time.RFC3339Nano, at)
			out[unit] = append(out[unit], o)
			return nil
		})
	})
	return out, err
}
