package store

import (
	"context"
	"database/sql"
	"errors"

	"github.com/tertial/tertial"
)

// auditEntry is what a structural edit records in the audit log about one item: its
// entity and key (as the edits of edit.go name them) and the fields it changed.
type auditEntry struct {
	entity, key string
	changes     []change
}

// restructure is how every structural edit is made: a change to what a municipality's
// data is made of (units, goals, indicators, templates, tables, periods) rather than to a
// value reported in it. One rule set decides what a dataset may hold, Dataset.Validate,
// the one the dataset file's import runs; a structural edit runs it on the whole dataset
// as it will be, so that no edit can leave a database whose export the import refuses.
//
// In one writing transaction it
//
//  1. holds the municipality's row (on PostgreSQL FOR UPDATE; SQLite has one writer at a
//     time), so that two structural edits never check against the same old state and
//     together make what neither alone would (two overlapping periods);
//  2. loads the municipality's dataset (ENOTFOUND when there is none);
//  3. calls mutate on that private copy: the edit made in memory, in the dataset's terms.
//     An error from mutate (ENOTFOUND for what the edit names, say) is returned as it is;
//  4. validates the whole copy with Dataset.Validate and refuses with EINVALID, its
//     Problems the rule set's (a path in the dataset format's terms and a message), when
//     anything is wrong. The caller may translate the paths of its item into its fields;
//  5. calls write with the transaction and the changed copy: the targeted SQL that makes
//     the database hold what the copy holds (an insert of the new rows, not a reload of
//     everything), returning what to record in the audit log;
//  6. records those entries (who, when, what, old and new) and moves the municipality's
//     generation on, so that every cached copy of the dataset is known to be stale.
//
// Nothing is written unless every step succeeds. Whether the user may make the edit is the
// caller's question (tertial.Can with tertial.ActEditStructure), as for every other edit.
func (db *DB) restructure(ctx context.Context, actor, muni string, mutate func(ds *tertial.Dataset) error,
	write func(tx *Tx, ds *tertial.Dataset) ([]auditEntry, error)) error {
	return db.inTx(ctx, func(tx *Tx) error {
		var gen int64
		err := tx.get(`SELECT generation FROM municipalities WHERE code = ?`+tx.rowLock(updateLock), []any{muni}, &gen)
		if errors.Is(err, sql.ErrNoRows) {
			return tertial.Errorf(tertial.ENOTFOUND, "det finns ingen kommun med koden %q", muni)
		} else if err != nil {
			return err
		}
		ds, err := loadDataset(tx, muni)
		if err != nil {
			return err
		}
		if err := mutate(ds); err != nil {
			return err
		}
		if ps := ds.Validate(); len(ps) > 0 {
			return tertial.Invalid(ps)
		}
		entries, err := write(tx, ds)
		if err != nil {
			return err
		}
		for _, e := range entries {
			if _, err := db.audit(tx, actor, muni, e.entity, e.key, e.changes); err != nil {
				return err
			}
		}
		if len(entries) == 0 {
			return tx.exec(`UPDATE municipalities SET generation = generation + 1 WHERE code = ?`, muni)
		}
		return nil
	})
}

// itemProblems translates the problems of a structural edit's EINVALID error into the
// item's own fields: a problem under prefix ("periods[7].") loses the prefix ("cutoff"),
// others keep their whole path. Any other error is returned as it is.
func itemProblems(err error, prefix string) error {
	ps := tertial.ProblemsOf(err)
	if len(ps) == 0 {
		return err
	}
	out := make([]tertial.Problem, len(ps))
	for i, p := range ps {
		out[i] = p
		if len(p.Path) > len(prefix) && p.Path[:len(prefix)] == prefix {
			out[i].Path = p.Path[len(prefix):]
		}
	}
	return tertial.Invalid(out)
}
