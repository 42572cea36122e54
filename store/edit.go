package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tertial/tertial"
)

// Every edit below runs in one transaction that (1) refuses a locked or missing period
// with ELOCKED or ENOTFOUND, (2) refuses a stale version with ECONFLICT, so that nothing
// someone else saved is overwritten unseen, (3) writes the change, and (4) records who,
// when, what, the old and the new value in the audit log. Each returns the item's new
// version. Whether the user may make the edit is the caller's question (tertial.Can);
// whether the period is open is the store's, so no path around the UI can change a locked
// period.

// PeriodRef names a unit's period in a municipality.
type PeriodRef struct {
	Municipality, Unit, Period string
}

func (p PeriodRef) key() string { return p.Unit + "/" + p.Period }

// Edit is what every save names: who makes it (their user name, for the audit log), in
// which period, and the version of the item they saw (0 when the item had none in the
// period), so that a save over someone else's unseen change is refused.
type Edit struct {
	Actor   string
	Period  PeriodRef
	Version int
}

// invalid returns the EINVALID error of an item's problems, or nil when there are none.
func invalid(ps []tertial.Problem) error {
	if len(ps) == 0 {
		return nil
	}
	return tertial.Invalid(ps)
}

// rowLock is how a transaction holds a row (a period's, an account's) while it depends on
// what the row says.
type rowLock int

const (
	// shareLock is taken by a save that needs the period to stay open until it commits:
	// saves in one period do not wait for each other, but a lock or unlock of the period
	// (which updates the row) waits for every save that checked the period, and a save
	// that comes after a lock waits for it and then sees the period locked.
	shareLock rowLock = iota
	// updateLock is taken by what changes the period's state (lock, unlock), so that two
	// of them never interleave and neither slips between a save's check and its commit.
	updateLock
)

// rowLock returns the clause that locks the rows a SELECT reads until the transaction
// ends. Only PostgreSQL needs it: there a plain SELECT at READ COMMITTED reads
// the last committed state and holds nothing, so a lock could commit between a save's
// check and the save's commit. SQLite (which has no FOR SHARE) runs one writing
// transaction at a time (BEGIN IMMEDIATE on a single connection), so a check made in
// the writing transaction holds until it commits.
func (tx *Tx) rowLock(l rowLock) string {
	if tx.dialect != Postgres {
		return ""
	}
	if l == updateLock {
		return " FOR UPDATE"
	}
	return " FOR SHARE"
}

// periodState reads a period's state and holds its row (see rowLock) until the
// transaction ends. It returns ENOTFOUND if the period does not exist.
func periodState(tx *Tx, p PeriodRef, l rowLock) (tertial.PeriodState, error) {
	var state string
	err := tx.get(`SELECT state FROM periods WHERE muni = ? AND unit_id = ? AND id = ?`+tx.rowLock(l), []any{p.Municipality, p.Unit, p.Period}, &state)
	if errors.Is(err, sql.ErrNoRows) {
		return "", tertial.Errorf(tertial.ENOTFOUND, "enheten %s har ingen period %s", p.Unit, p.Period)
	} else if err != nil {
		return "", err
	}
	return tertial.PeriodState(state), nil
}

// openPeriod returns ENOTFOUND if the period does not exist and ELOCKED if it is locked.
// It is called inside the writing transaction, before the write, and holds the period's
// row until the transaction ends, so that the period cannot be locked between this check
// and the commit: a lock waits for the save, or the save waits for the lock and then
// fails with ELOCKED.
func openPeriod(tx *Tx, p PeriodRef) error {
	return checkOpen(tx, p, shareLock)
}

func checkOpen(tx *Tx, p PeriodRef, l rowLock) error {
	state, err := periodState(tx, p, l)
	if err != nil {
		return err
	}
	if state == tertial.PeriodLocked {
		return tertial.Errorf(tertial.ELOCKED, "perioden %s är låst: nämnden har fattat beslut och innehållet kan inte längre ändras", p.Period)
	}
	if tx.afterPeriodCheck != nil {
		tx.afterPeriodCheck(tx)
	}
	return nil
}

// change is one field's old and new value, as text, for the audit log.
type change struct{ field, old, new string }

func (db *DB) now() string { return db.Now().UTC().Format(time.RFC3339Nano) }

// audit records the changes that changed something; it returns whether any did. Every
// write of a municipality's data calls it after writing, and it moves the municipality's
// generation on in the same transaction, so that cached copies of the dataset
// (SharedDataset) are known to be stale in every process: also when no value changed but
// an item's version did, or a form would open with the old version and meet a conflict.
func (db *DB) audit(tx *Tx, actor, muni, entity, key string, changes []change) (bool, error) {
	at := db.now()
	any := false
	for _, c := range changes {
		if c.old == c.new {
			continue
		}
		any = true
		if err := tx.exec(`INSERT INTO audit_log (at, actor, muni, entity, item_key, field, old_value, new_value) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			at, actor, muni, entity, key, c.field, c.old, c.new); err != nil {
			return false, err
		}
	}
	if muni != "" && !slices.Contains(tx.moved, muni) {
		tx.moved = append(tx.moved, muni)
	}
	return any, nil
}

// moveGenerations moves on, once, the generation of each municipality the transaction's
// writes audited, as its last statement before the commit. On PostgreSQL the update
// holds the municipality's row until the commit, so writes of a municipality queue there
// only for that last step and their commits, not for everything they do before it.
// firstGen and lastGen are set to the generation the write leads to.
func (tx *Tx) moveGenerations() error {
	slices.Sort(tx.moved) // one order, so that two writes never wait for each other's rows
	for _, muni := range tx.moved {
		var gen int64
		if err := tx.get(`UPDATE municipalities SET generation = generation + 1 WHERE code = ? RETURNING generation`, []any{muni}, &gen); err != nil {
			return fmt.Errorf("move the generation on: %w", err)
		}
		if tx.firstGen == 0 {
			tx.firstGen = gen
		}
		tx.lastGen = gen
	}
	return nil
}

func staleVersion(have, want int) error {
	return &staleError{have, want, tertial.Errorf(tertial.ECONFLICT, "någon annan har sparat en ändring sedan du öppnade sidan (version %d, du utgick från version %d)", have, want)}
}

// staleError is the ECONFLICT of a save based on an old version, found before anything of
// the item was written: a grid's save (grid.go) reports it beside the item and goes on
// with the others.
type staleError struct {
	have, want int
	err        *tertial.Error
}

func (e *staleError) Error() string { return e.err.Error() }
func (e *staleError) Unwrap() error { return e.err }

func decText(d *tertial.Decimal) string {
	if d == nil {
		return ""
	}
	return d.String()
}

func progressText(p *int) string {
	if p == nil {
		return ""
	}
	return strconv.Itoa(*p)
}

// municipalityRules returns what the rules of a single write need to know of the
// municipality: its own assessment scales, read in the writing transaction so that a save
// is checked against the scales it is stored under.
func municipalityRules(tx *Tx, mu string) (*tertial.Municipality, error) {
	m := &tertial.Municipality{Code: mu}
	return m, readScales(tx, mu, m)
}

// SaveGoalFollowup saves a goal's assessment and analysis (f.Assessment, f.Analysis) in
// the edit's period. It returns EINVALID with the problems of f.Validate, which checks the
// assessment against the municipality's goal scale.
func (db *DB) SaveGoalFollowup(ctx context.Context, e Edit, goalID string, f tertial.GoalFollowup) (int, error) {
	actor, p, version, assessment, analysis := e.Actor, e.Period, e.Version, f.Assessment, f.Analysis
	var newVersion int
	err := db.inTx(ctx, func(tx *Tx) error {
		if err := openPeriod(tx, p); err != nil {
			return err
		}
		m, err := municipalityRules(tx, p.Municipality)
		if err != nil {
			return err
		}
		if err := invalid(f.Validate(m)); err != nil {
			return err
		}
		var retired, since int
		if err := tx.get(`SELECT COALESCE(retired, 0), COALESCE(since, 0) FROM goals WHERE muni = ? AND id = ?`, []any{p.Municipality, goalID}, &retired, &since); errors.Is(err, sql.ErrNoRows) {
			return tertial.Errorf(tertial.ENOTFOUND, "det finns inget mål %q", goalID)
		} else if err != nil {
			return err
		}
		if retired != 0 || since != 0 {
			// A goal retired before the period's year, or in force only from a later
			// year, is not followed up in it (the rule set's Goal.InForce).
			var cutoff string
			if err := tx.get(`SELECT cutoff FROM periods WHERE muni = ? AND unit_id = ? AND id = ?`, []any{p.Municipality, p.Unit, p.Period}, &cutoff); err != nil {
				return err
			}
			y, err := strconv.Atoi(cutoff[:min(4, len(cutoff))])
			if err == nil && retired != 0 && y > retired {
				return tertial.Invalid([]tertial.Problem{{Path: "period", Message: fmt.Sprintf("målet avslutades %d och kan inte följas upp i en period av %d", retired, y)}})
			}
			if err == nil && since != 0 && y < since {
				return tertial.Invalid([]tertial.Problem{{Path: "period", Message: fmt.Sprintf("målet gäller från %d och kan inte följas upp i en period av %d", since, y)}})
			}
		}
		var oldAssessment, oldAnalysis string
		cur := 0
		err = tx.get(`SELECT assessment, analysis, version FROM goal_followups WHERE muni = ? AND goal_id = ? AND unit_id = ? AND period_id = ?`,
			[]any{p.Municipality, goalID, p.Unit, p.Period}, &oldAssessment, &oldAnalysis, &cur)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if cur != version {
			return staleVersion(cur, version)
		}
		newVersion = cur + 1
		if cur == 0 {
			err = tx.changeOne(`INSERT INTO goal_followups (muni, goal_id, unit_id, period_id, pos, assessment, analysis, version) VALUES (?, ?, ?, ?, ?, ?, ?, 1) ON CONFLICT DO NOTHING`,
				p.Municipality, goalID, p.Unit, p.Period, 1000, string(assessment), analysis)
		} else {
			err = tx.changeOne(`UPDATE goal_followups SET assessment = ?, analysis = ?, version = version + 1 WHERE muni = ? AND goal_id = ? AND unit_id = ? AND period_id = ? AND version = ?`,
				string(assessment), analysis, p.Municipality, goalID, p.Unit, p.Period, cur)
		}
		if err != nil {
			return err
		}
		_, err = db.audit(tx, actor, p.Municipality, "goal", goalID+"@"+p.key(), []change{
			{"assessment", oldAssessment, string(assessment)}, {"analysis", oldAnalysis, analysis}})
		return err
	})
	return newVersion, err
}

// SaveIndicatorValue saves an indicator's value entry for a year, edited in the context of
// the edit's period (which must be open). An empty entry (IsEmpty) removes the year's
// entry; any other is checked with IndicatorValue.Validate (EINVALID with its problems).
// A value computed from the entry's numerator and denominator (Computed) is not stored:
// reading computes it again.
func (db *DB) SaveIndicatorValue(ctx context.Context, e Edit, indicatorID string, v tertial.IndicatorValue) (int, error) {
	var newVersion int
	var patch *cachePatch
	var wtx *Tx
	err := db.inTx(ctx, func(tx *Tx) error {
		if err := openPeriod(tx, e.Period); err != nil {
			return err
		}
		if err := db.saveIndicatorValue(tx, e, indicatorID, v, false, &newVersion); err != nil {
			return err
		}
		// The saved value (changed, new or removed) is carried into the cached dataset as
		// the dataset loader reads it, rather than the next request loading the whole
		// dataset again.
		saved, err := indicatorValuePatch(tx, e.Period.Municipality, indicatorID, v.Year)
		if err == nil {
			patch, wtx = &cachePatch{apply: saved}, tx
		}
		return err
	})
	if err == nil && patch != nil && wtx.firstGen > 0 {
		patch.from, patch.to = wtx.firstGen-1, wtx.lastGen
		db.patchCache(e.Period.Municipality, patch)
	}
	return newVersion, err
}

// saveIndicatorValue is SaveIndicatorValue in a transaction whose period is checked open;
// lock holds the entry's row (PostgreSQL) from its read of the version to the commit.
func (db *DB) saveIndicatorValue(tx *Tx, e Edit, indicatorID string, v tertial.IndicatorValue, lock bool, newVersion *int) error {
	if v.Kind == tertial.Outcome {
		v.Kind = ""
	}
	actor, p, version := e.Actor, e.Period, e.Version
	var ind tertial.Indicator
	err := tx.get(`SELECT gender, unit, decimals FROM indicators WHERE muni = ? AND id = ?`, []any{p.Municipality, indicatorID}, &ind.Gender, &ind.Unit, &ind.Decimals)
	if errors.Is(err, sql.ErrNoRows) {
		return tertial.Errorf(tertial.ENOTFOUND, "det finns ingen indikator %q", indicatorID)
	} else if err != nil {
		return err
	}
	empty := v.IsEmpty()
	if !empty {
		if err := invalid(v.Validate(&ind)); err != nil {
			return err
		}
	}
	var old struct {
		value, women, men, numerator, denominator sql.NullString
		kind, missing                             string
		note                                      string
	}
	cur := 0
	err = tx.get(`SELECT value, kind, women, men, numerator, denominator, missing, note, version FROM indicator_values WHERE muni = ? AND indicator_id = ? AND year = ?`+lockClause(tx, lock),
		[]any{p.Municipality, indicatorID, v.Year}, &old.value, &old.kind, &old.women, &old.men, &old.numerator, &old.denominator, &old.missing, &old.note, &cur)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	if cur != version {
		return staleVersion(cur, version)
	}
	value := givenValue(&v)
	switch {
	case empty && cur == 0:
		return nil
	case empty:
		*newVersion = 0
		err = tx.changeOne(`DELETE FROM indicator_values WHERE muni = ? AND indicator_id = ? AND year = ? AND version = ?`, p.Municipality, indicatorID, v.Year, cur)
	case cur == 0:
		*newVersion = 1
		var pos int
		if err := tx.get(`SELECT COALESCE(MAX(pos), -1) + 1 FROM indicator_values WHERE muni = ? AND indicator_id = ?`, []any{p.Municipality, indicatorID}, &pos); err != nil {
			return err
		}
		err = tx.changeOne(`INSERT INTO indicator_values (muni, indicator_id, year, pos, value, kind, women, men, numerator, denominator, missing, note, version)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1) ON CONFLICT DO NOTHING`,
			p.Municipality, indicatorID, v.Year, pos, nullDecimal(value), string(v.Kind), nullDecimal(v.Women), nullDecimal(v.Men),
			nullDecimal(v.Numerator), nullDecimal(v.Denominator), string(v.Missing), v.Note)
	default:
		*newVersion = cur + 1
		err = tx.changeOne(`UPDATE indicator_values SET value = ?, kind = ?, women = ?, men = ?, numerator = ?, denominator = ?, missing = ?, note = ?, version = version + 1
			WHERE muni = ? AND indicator_id = ? AND year = ? AND version = ?`,
			nullDecimal(value), string(v.Kind), nullDecimal(v.Women), nullDecimal(v.Men), nullDecimal(v.Numerator), nullDecimal(v.Denominator), string(v.Missing), v.Note,
			p.Municipality, indicatorID, v.Year, cur)
	}
	if err != nil {
		return err
	}
	_, err = db.audit(tx, actor, p.Municipality, "indicator_value", indicatorID+"/"+strconv.Itoa(v.Year), []change{
		{"value", old.value.String, decText(value)}, {"kind", old.kind, string(v.Kind)},
		{"women", old.women.String, decText(v.Women)}, {"men", old.men.String, decText(v.Men)},
		{"numerator", old.numerator.String, decText(v.Numerator)}, {"denominator", old.denominator.String, decText(v.Denominator)},
		{"missing", old.missing, string(v.Missing)}, {"note", old.note, v.Note}})
	return err
}

// SaveIndicatorTarget saves an indicator's stage target for a year (yt.Year, yt.Target);
// the zero target removes it.
func (db *DB) SaveIndicatorTarget(ctx context.Context, e Edit, indicatorID string, yt tertial.YearTarget) (int, error) {
	if err := invalid(yt.Validate()); err != nil {
		return 0, err
	}
	actor, p, version, year, t := e.Actor, e.Period, e.Version, yt.Year, yt.Target
	var newVersion int
	err := db.inTx(ctx, func(tx *Tx) error {
		if err := openPeriod(tx, p); err != nil {
			return err
		}
		var n int
		if err := tx.get(`SELECT COUNT(*) FROM indicators WHERE muni = ? AND id = ?`, []any{p.Municipality, indicatorID}, &n); err != nil {
			return err
		} else if n == 0 {
			return tertial.Errorf(tertial.ENOTFOUND, "det finns ingen indikator %q", indicatorID)
		}
		var old string
		cur := 0
		err := tx.get(`SELECT target, version FROM indicator_targets WHERE muni = ? AND indicator_id = ? AND year = ?`,
			[]any{p.Municipality, indicatorID, year}, &old, &cur)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if cur != version {
			return staleVersion(cur, version)
		}
		switch {
		case t.IsZero() && cur == 0:
			return nil
		case t.IsZero():
			err = tx.changeOne(`DELETE FROM indicator_targets WHERE muni = ? AND indicator_id = ? AND year = ? AND version = ?`, p.Municipality, indicatorID, year, cur)
		case cur == 0:
			newVersion = 1
			err = tx.changeOne(`INSERT INTO indicator_targets (muni, indicator_id, year, pos, target, version) VALUES (?, ?, ?, ?, ?, 1) ON CONFLICT DO NOTHING`,
				p.Municipality, indicatorID, year, year, t.String())
		default:
			newVersion = cur + 1
			err = tx.changeOne(`UPDATE indicator_targets SET target = ?, version = version + 1 WHERE muni = ? AND indicator_id = ? AND year = ? AND version = ?`,
				t.String(), p.Municipality, indicatorID, year, cur)
		}
		if err != nil {
			return err
		}
		_, err = db.audit(tx, actor, p.Municipality, "indicator_target", indicatorID+"/"+strconv.Itoa(year), []change{{"target", old, t.String()}})
		return err
	})
	return newVersion, err
}

// SaveStatus saves the status, progress and comment of an assignment or an
// internal-control item in the edit's period. It returns EINVALID with the problems of
// f.Validate, which checks the status against the municipality's status scale.
func (db *DB) SaveStatus(ctx context.Context, e Edit, item tertial.StatusItem, f tertial.StatusFollowup) (int, error) {
	table, col, itemTable := "assignment_followups", "assignment_id", "assignments"
	switch item.Kind {
	case tertial.KindAssignment:
	case tertial.KindControl:
		table, col, itemTable = "ic_followups", "item_id", "ic_items"
	default:
		return 0, fmt.Errorf("SaveStatus: unknown kind %q", item.Kind)
	}
	actor, p, version, kind, itemID := e.Actor, e.Period, e.Version, string(item.Kind), item.ID
	var newVersion int
	err := db.inTx(ctx, func(tx *Tx) error {
		if err := openPeriod(tx, p); err != nil {
			return err
		}
		m, err := municipalityRules(tx, p.Municipality)
		if err != nil {
			return err
		}
		if err := invalid(f.Validate(m)); err != nil {
			return err
		}
		var n int
		if err := tx.get(`SELECT COUNT(*) FROM `+itemTable+` WHERE muni = ? AND id = ?`, []any{p.Municipality, itemID}, &n); err != nil {
			return err
		} else if n == 0 {
			return tertial.Errorf(tertial.ENOTFOUND, "det finns inget %s %q", item.Kind.Noun(), itemID)
		}
		var oldStatus, oldComment string
		var oldProgress sql.NullInt64
		cur := 0
		err = tx.get(`SELECT status, progress, comment, version FROM `+table+` WHERE muni = ? AND `+col+` = ? AND unit_id = ? AND period_id = ?`,
			[]any{p.Municipality, itemID, p.Unit, p.Period}, &oldStatus, &oldProgress, &oldComment, &cur)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if cur != version {
			return staleVersion(cur, version)
		}
		newVersion = cur + 1
		if cur == 0 {
			err = tx.changeOne(`INSERT INTO `+table+` (muni, `+col+`, unit_id, period_id, pos, status, progress, comment, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1) ON CONFLICT DO NOTHING`,
				p.Municipality, itemID, p.Unit, p.Period, 1000, string(f.Status), nullInt(f.Progress), f.Comment)
		} else {
			err = tx.changeOne(`UPDATE `+table+` SET status = ?, progress = ?, comment = ?, version = version + 1 WHERE muni = ? AND `+col+` = ? AND unit_id = ? AND period_id = ? AND version = ?`,
				string(f.Status), nullInt(f.Progress), f.Comment, p.Municipality, itemID, p.Unit, p.Period, cur)
		}
		if err != nil {
			return err
		}
		old := ""
		if oldProgress.Valid {
			old = strconv.FormatInt(oldProgress.Int64, 10)
		}
		_, err = db.audit(tx, actor, p.Municipality, kind, itemID+"@"+p.key(), []change{
			{"status", oldStatus, string(f.Status)}, {"progress", old, progressText(f.Progress)}, {"comment", oldComment, f.Comment}})
		return err
	})
	return newVersion, err
}

// MoneyRowEdit is what an edit of a money-table row changes: nil fields are left as they
// are. Reporters change the forecast and the comment; budget and outcome are the
// controller's (the caller checks tertial.ActEditBudget).
type MoneyRowEdit struct {
	Amounts map[tertial.MoneyColumn]*tertial.Amount // a nil amount clears the column
	Comment *string
}

// SaveMoneyRow saves amounts and the comment of a row of a money table. The row as it
// will be is checked with MoneyTable.ValidateRow: EINVALID with its problems, for example
// an amount in a column the table does not have.
func (db *DB) SaveMoneyRow(ctx context.Context, ed Edit, tableID, rowID string, e MoneyRowEdit) (int, error) {
	var newVersion int
	err := db.inTx(ctx, func(tx *Tx) error {
		if err := openPeriod(tx, ed.Period); err != nil {
			return err
		}
		return db.saveMoneyRow(tx, ed, tableID, rowID, e, false, &newVersion)
	})
	return newVersion, err
}

// saveMoneyRow is SaveMoneyRow in a transaction whose period is checked open; lock holds
// the row (PostgreSQL) from its read of the version to the commit.
func (db *DB) saveMoneyRow(tx *Tx, ed Edit, tableID, rowID string, e MoneyRowEdit, lock bool, newVersion *int) error {
	actor, p, version := ed.Actor, ed.Period, ed.Version
	key := []any{p.Municipality, p.Unit, p.Period, tableID, rowID}
	var isGroup, cur int
	var label, comment string
	var amounts [5]sql.NullInt64
	err := tx.get(`SELECT is_group, label, comment, budget, forecast, period_budget, period_outcome, prior_outcome, version FROM money_rows
		WHERE muni = ? AND unit_id = ? AND period_id = ? AND table_id = ? AND id = ?`+lockClause(tx, lock), key,
		&isGroup, &label, &comment, &amounts[0], &amounts[1], &amounts[2], &amounts[3], &amounts[4], &cur)
	if errors.Is(err, sql.ErrNoRows) {
		return tertial.Errorf(tertial.ENOTFOUND, "tabellen %s har ingen rad %s", tableID, rowID)
	} else if err != nil {
		return err
	}
	if isGroup != 0 {
		return tertial.Errorf(tertial.EINVALID, "raden %s är en grupp; dess summor räknas fram", rowID)
	}
	if cur != version {
		return staleVersion(cur, version)
	}
	var t tertial.MoneyTable
	var cols string
	if err := tx.get(`SELECT column_list FROM money_tables WHERE muni = ? AND unit_id = ? AND period_id = ? AND id = ?`, key[:4], &cols); err != nil {
		return err
	}
	t.Columns = columnList(cols)
	if err := loadDeclared(tx, key[:4], &t); err != nil {
		return err
	}
	row := tertial.MoneyRow{Label: label, Comment: comment, Amounts: map[tertial.MoneyColumn]tertial.Amount{}}
	if e.Comment != nil {
		row.Comment = *e.Comment
	}
	for c, a := range e.Amounts {
		if a != nil {
			row.Amounts[c] = *a
		}
	}
	if err := invalid(t.ValidateRow(&row)); err != nil {
		return err
	}
	var changes []change
	sets := []string{}
	args := []any{}
	if len(t.Declared) > 0 {
		// A table with declared columns keeps its amounts in money_amounts.
		stored, err := loadAmounts(tx, key[:4])
		if err != nil {
			return err
		}
		for _, c := range t.AmountColumns() {
			a, ok := e.Amounts[c]
			if !ok {
				continue
			}
			old := ""
			if o, ok := stored[rowID][c]; ok {
				old = o.String()
			}
			if err := tx.exec(`DELETE FROM money_amounts WHERE muni = ? AND unit_id = ? AND period_id = ? AND table_id = ? AND row_id = ? AND column_id = ?`,
				append(append([]any{}, key...), string(c))...); err != nil {
				return err
			}
			nw := ""
			if a != nil {
				nw = a.String()
				if err := tx.exec(`INSERT INTO money_amounts (muni, unit_id, period_id, table_id, row_id, column_id, amount) VALUES (?, ?, ?, ?, ?, ?, ?)`,
					append(append([]any{}, key...), string(c), int64(*a))...); err != nil {
					return err
				}
			}
			changes = append(changes, change{string(c), old, nw})
		}
	}
	for i, c := range tertial.MoneyColumns {
		if len(t.Declared) > 0 {
			break
		}
		a, ok := e.Amounts[c]
		if !ok {
			continue
		}
		old := ""
		if amounts[i].Valid {
			old = tertial.Amount(amounts[i].Int64).String()
		}
		var val any
		nw := ""
		if a != nil {
			val, nw = int64(*a), a.String()
		}
		sets = append(sets, string(c)+" = ?")
		args = append(args, val)
		changes = append(changes, change{string(c), old, nw})
	}
	if e.Comment != nil {
		sets = append(sets, "comment = ?")
		args = append(args, *e.Comment)
		changes = append(changes, change{"comment", comment, *e.Comment})
	}
	changed := false
	for _, c := range changes {
		changed = changed || c.old != c.new
	}
	if !changed {
		// Nothing changes: no version, no audit entry (a grid posts rows unchanged).
		*newVersion = cur
		return nil
	}
	*newVersion = cur + 1
	args = append(append(args, key...), cur)
	sets = append(sets, "version = version + 1")
	if err := tx.changeOne(`UPDATE money_rows SET `+strings.Join(sets, ", ")+`
		WHERE muni = ? AND unit_id = ? AND period_id = ? AND table_id = ? AND id = ? AND version = ?`, args...); err != nil {
		return err
	}
	_, err = db.audit(tx, actor, p.Municipality, "money_row", p.key()+"/"+tableID+"/"+rowID, changes)
	return err
}

// SaveText saves the body of a text section of the edit's period. It returns EINVALID
// with the problems of TextSection.Validate.
func (db *DB) SaveText(ctx context.Context, e Edit, textID, body string) (int, error) {
	if err := invalid((&tertial.TextSection{Body: body}).Validate()); err != nil {
		return 0, err
	}
	var newVersion int
	err := db.inTx(ctx, func(tx *Tx) error {
		if err := openPeriod(tx, e.Period); err != nil {
			return err
		}
		return db.saveText(tx, e, textID, body, false, &newVersion)
	})
	return newVersion, err
}

// saveText is SaveText in a transaction whose period is checked open; lock holds the
// text's row (PostgreSQL) from its read of the version to the commit.
func (db *DB) saveText(tx *Tx, e Edit, textID, body string, lock bool, newVersion *int) error {
	if err := invalid((&tertial.TextSection{Body: body}).Validate()); err != nil {
		return err
	}
	actor, p, version := e.Actor, e.Period, e.Version
	var old string
	var cur int
	err := tx.get(`SELECT body, version FROM text_sections WHERE muni = ? AND unit_id = ? AND period_id = ? AND id = ?`+lockClause(tx, lock),
		[]any{p.Municipality, p.Unit, p.Period, textID}, &old, &cur)
	if errors.Is(err, sql.ErrNoRows) {
		return tertial.Errorf(tertial.ENOTFOUND, "perioden har ingen text %q", textID)
	} else if err != nil {
		return err
	}
	if cur != version {
		return staleVersion(cur, version)
	}
	*newVersion = cur + 1
	if err := tx.changeOne(`UPDATE text_sections SET body = ?, version = version + 1 WHERE muni = ? AND unit_id = ? AND period_id = ? AND id = ? AND version = ?`,
		body, p.Municipality, p.Unit, p.Period, textID, cur); err != nil {
		return err
	}
	_, err = db.audit(tx, actor, p.Municipality, "text", p.key()+"/"+textID, []change{{"body", old, body}})
	return err
}

// Decision is the board's decision on a period's report.
type Decision struct {
	Date      time.Time
	Paragraph string // § in the minutes
	// Sections are the keys of the report sections that must all be approved for the
	// period to be locked; the check runs in the locking transaction.
	Sections []string
	// Gate holds the blocking findings of the whole period and an override's reason: the
	// period is not locked over blocking findings without one (tertial.Gate.Check).
	Gate tertial.Gate
}

// LockPeriod records the board's decision and locks the period; from then on the store
// refuses every change of its content, and its money tables are filled from the ledger as
// it was at the lock (see freezeLedger), not from later imports. It returns ECONFLICT if it is already locked or a
// section of d.Sections is not approved.
func (db *DB) LockPeriod(ctx context.Context, actor string, p PeriodRef, d Decision) error {
	if d.Date.IsZero() || strings.TrimSpace(d.Paragraph) == "" {
		return tertial.Errorf(tertial.EINVALID, "ange datum och paragraf för nämndens beslut")
	}
	if msg := tertial.CheckText(d.Paragraph); msg != "" {
		return tertial.Invalid([]tertial.Problem{{Path: "paragraph", Message: msg}})
	}
	if err := d.Gate.Check(tertial.GateLock, "perioden "+p.Period); err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *Tx) error {
		if err := checkOpen(tx, p, updateLock); err != nil {
			if tertial.ErrorCode(err) == tertial.ELOCKED {
				return tertial.Errorf(tertial.ECONFLICT, "perioden %s är redan låst", p.Period)
			}
			return err
		}
		for _, key := range d.Sections {
			state := ""
			err := tx.get(`SELECT state FROM section_states WHERE muni = ? AND unit_id = ? AND period_id = ? AND section_key = ?`,
				[]any{p.Municipality, p.Unit, p.Period, key}, &state)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return err
			}
			if state != string(tertial.SectionApproved) {
				return tertial.Errorf(tertial.ECONFLICT, "avsnittet %s är inte godkänt; alla avsnitt måste vara godkända innan perioden låses", key)
			}
		}
		date := d.Date.Format(time.DateOnly)
		if err := tx.changeOne(`UPDATE periods SET state = 'locked', decision_date = ?, decision_paragraph = ?, version = version + 1 WHERE muni = ? AND unit_id = ? AND id = ? AND state = 'open'`,
			date, d.Paragraph, p.Municipality, p.Unit, p.Period); err != nil {
			return err
		}
		if err := db.freezeLedger(tx, p); err != nil {
			return err
		}
		if d.Gate.Overridden() {
			if err := db.recordOverride(tx, actor, p, "", tertial.GateLock, d.Gate); err != nil {
				return err
			}
		}
		_, err := db.audit(tx, actor, p.Municipality, "period", p.key(), []change{
			{"state", "open", "locked"}, {"decision_date", "", date}, {"decision_paragraph", "", d.Paragraph}})
		return err
	})
}

// UnlockPeriod opens a locked period again (a controller's correction); the decision is
// kept in the audit log.
func (db *DB) UnlockPeriod(ctx context.Context, actor string, p PeriodRef) error {
	return db.inTx(ctx, func(tx *Tx) error {
		var state, date, para string
		err := tx.get(`SELECT state, decision_date, decision_paragraph FROM periods WHERE muni = ? AND unit_id = ? AND id = ?`+tx.rowLock(updateLock),
			[]any{p.Municipality, p.Unit, p.Period}, &state, &date, &para)
		if errors.Is(err, sql.ErrNoRows) {
			return tertial.Errorf(tertial.ENOTFOUND, "enheten %s har ingen period %s", p.Unit, p.Period)
		} else if err != nil {
			return err
		}
		if state != string(tertial.PeriodLocked) {
			return tertial.Errorf(tertial.ECONFLICT, "perioden %s är inte låst", p.Period)
		}
		if err := tx.changeOne(`UPDATE periods SET state = 'open', decision_date = '', decision_paragraph = '', version = version + 1 WHERE muni = ? AND unit_id = ? AND id = ? AND state = 'locked'`,
			p.Municipality, p.Unit, p.Period); err != nil {
			return err
		}
		if err := unfreezeLedger(tx, p); err != nil {
			return err
		}
		_, err = db.audit(tx, actor, p.Municipality, "period", p.key(), []change{
			{"state", "locked", "open"}, {"decision_date", date, ""}, {"decision_paragraph", para, ""}})
		return err
	})
}

// SaveFreeRow saves the entered cells of a row of a free table; a group has none (EINVALID).
// cells holds a value (or, in a numeric column, a word in place of it) for every column
// that has one; the others become empty. The row is checked with FreeTable.ValidateRow:
// EINVALID with its problems, for example a cell of a computed column or of one the table
// does not have, a numeric cell of a row computed by a row formula, or a word or mark that
// is too long.
func (db *DB) SaveFreeRow(ctx context.Context, e Edit, tableID, rowID string, cells map[string]tertial.Cell) (int, error) {
	actor, p, version := e.Actor, e.Period, e.Version
	var newVersion int
	err := db.inTx(ctx, func(tx *Tx) error {
		if err := openPeriod(tx, p); err != nil {
			return err
		}
		key := []any{p.Municipality, p.Unit, p.Period, tableID}
		var cur, group int
		var formula string
		err := tx.get(`SELECT version, is_group, formula FROM free_rows WHERE muni = ? AND unit_id = ? AND period_id = ? AND table_id = ? AND id = ?`,
			append(append([]any{}, key...), rowID), &cur, &group, &formula)
		if errors.Is(err, sql.ErrNoRows) {
			return tertial.Errorf(tertial.ENOTFOUND, "tabellen %s har ingen rad %s", tableID, rowID)
		} else if err != nil {
			return err
		}
		if group != 0 {
			// A group's figures are its rows' sums; only rows with cells are edited.
			return tertial.Errorf(tertial.EINVALID, "raden %s i tabellen %s är en grupp och har inga celler att ange", rowID, tableID)
		}
		if cur != version {
			return staleVersion(cur, version)
		}
		type col struct {
			id      string
			typ     tertial.ColumnType
			formula bool
		}
		var cols []col
		if err := tx.query(`SELECT id, type, formula FROM free_columns WHERE muni = ? AND unit_id = ? AND period_id = ? AND table_id = ? ORDER BY pos`,
			key, func(r *sql.Rows) error {
				var c col
				var f string
				if err := r.Scan(&c.id, &c.typ, &f); err != nil {
					return err
				}
				c.formula = f != ""
				cols = append(cols, c)
				return nil
			}); err != nil {
			return err
		}
		t := tertial.FreeTable{ID: tableID}
		if err := tx.get(`SELECT amount_unit, decimals FROM free_tables WHERE muni = ? AND unit_id = ? AND period_id = ? AND id = ?`,
			key, &t.Unit, &t.Precision); err != nil {
			return err
		}
		for _, c := range cols {
			fc := tertial.FreeColumn{ID: c.id, Type: c.typ}
			if c.formula {
				fc.Formula = tertial.Formula{{Column: c.id}} // any term: the column is computed
			}
			t.Columns = append(t.Columns, fc)
		}
		row := tertial.FreeRow{ID: rowID, Cells: cells}
		if formula != "" {
			// Only whether the row is computed matters to its cells, not what from.
			row.Formula = tertial.Formula{{Column: rowID}}
		}
		if err := invalid(t.ValidateRow(&row)); err != nil {
			return err
		}
		old := map[string]storedCell{}
		if err := tx.query(`SELECT column_id, value, word, mark_before, mark_after FROM free_cells WHERE muni = ? AND unit_id = ? AND period_id = ? AND table_id = ? AND row_id = ?`,
			append(append([]any{}, key...), rowID), func(r *sql.Rows) error {
				var c string
				var v storedCell
				if err := r.Scan(&c, &v.value, &v.word, &v.before, &v.after); err != nil {
					return err
				}
				old[c] = v
				return nil
			}); err != nil {
			return err
		}
		var changes []change
		for _, c := range cols {
			if c.formula {
				continue
			}
			var nw storedCell
			cell, entered := cells[c.id]
			if entered {
				nw = encodeCell(cell, c.typ)
			}
			if nw == old[c.id] {
				continue
			}
			changes = append(changes, change{c.id, old[c.id].String(), nw.String()})
			args := append(append([]any{}, key...), rowID, c.id)
			if err := tx.exec(`DELETE FROM free_cells WHERE muni = ? AND unit_id = ? AND period_id = ? AND table_id = ? AND row_id = ? AND column_id = ?`, args...); err != nil {
				return err
			}
			if entered {
				if err := tx.exec(`INSERT INTO free_cells (muni, unit_id, period_id, table_id, row_id, column_id, value, word, mark_before, mark_after) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
					append(args, nw.value, nw.word, nw.before, nw.after)...); err != nil {
					return err
				}
			}
		}
		newVersion = cur
		if len(changes) == 0 {
			return nil
		}
		newVersion = cur + 1
		if err := tx.changeOne(`UPDATE free_rows SET version = version + 1 WHERE muni = ? AND unit_id = ? AND period_id = ? AND table_id = ? AND id = ? AND version = ?`,
			append(append([]any{}, key...), rowID, cur)...); err != nil {
			return err
		}
		_, err = db.audit(tx, actor, p.Municipality, "free_row", p.key()+"/"+tableID+"/"+rowID, changes)
		return err
	})
	return newVersion, err
}
