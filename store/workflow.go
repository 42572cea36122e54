package store

import (
	"context"
	"database/sql"
	"errors"
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

// SectionStep is a step taken on a section: the rule tertial.SectionTransitionOf(Step)
// applies, from the state the section has in the database.
type SectionStep struct {
	Key     string              // the section's key
	Step    tertial.SectionStep // what is done
	Comment string              // why it is sent back (required for send_back)
	// CanReview says that the actor may also review (a controller), who sends a section
	// back rather than withdrawing it.
	CanReview bool
	// Gate is what the section's findings are at the time, for the steps that pass a gate.
	Gate tertial.Gate
}

// SaveSectionStep takes a step of a section's workflow in the edit's open period; the
// edit's version is the one the user saw, 0 for a section never changed. The step's rule
// (tertial.SectionTransition.Take) is applied to the state read in the writing
// transaction: a step the state does not allow is ECONFLICT, a send-back without a
// comment EINVALID. A step to ready or approved passes its gate (tertial.Gate.Check):
// with blocking findings it is refused (ECONFLICT) unless the gate carries an override's
// reason, which is then stored with the findings (Overrides) and audited, in the same
// transaction. It returns the section as it is after the step.
func (db *DB) SaveSectionStep(ctx context.Context, e Edit, st SectionStep) (SectionState, error) {
	t, ok := tertial.SectionTransitionOf(st.Step)
	if !ok {
		return SectionState{}, tertial.Errorf(tertial.EINVALID, "okänt steg %q", st.Step)
	}
	if err := invalid(tertial.ValidateComment(st.Comment)); err != nil {
		return SectionState{}, err
	}
	if t.Gate != "" {
		if err := st.Gate.Check(t.Gate, "avsnittet "+st.Key); err != nil {
			return SectionState{}, err
		}
	}
	actor, p, version, key := e.Actor, e.Period, e.Version, st.Key
	out := SectionState{Key: key, UpdatedBy: actor, UpdatedAt: db.Now()}
	err := db.inTx(ctx, func(tx *Tx) error {
		if err := openPeriod(tx, p); err != nil {
			return err
		}
		old, oldComment := string(tertial.SectionNotStarted), ""
		cur := 0
		err := tx.get(`SELECT state, comment, version FROM section_states WHERE muni = ? AND unit_id = ? AND period_id = ? AND section_key = ?`+lockClause(tx, true),
			[]any{p.Municipality, p.Unit, p.Period, key}, &old, &oldComment, &cur)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if cur != version {
			return staleVersion(cur, version)
		}
		state, comment, err := t.Take(tertial.SectionState(old), oldComment, st.Comment, st.CanReview)
		if err != nil {
			return err
		}
		if t.Gate != "" && st.Gate.Overridden() {
			if err := db.recordOverride(tx, actor, p, key, t.Gate, st.Gate); err != nil {
				return err
			}
		}
		out.State, out.Comment, out.Version = state, comment, cur+1
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
	if err != nil {
		return SectionState{}, err
	}
	return out, nil
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
