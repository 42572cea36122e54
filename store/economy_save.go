package store

import (
	"context"

	"github.com/tertial/tertial"
)

// SaveEconomy replaces the economy of a municipality's annual report (docs/economy.md):
// its key figures, financial goals, finance items, balanskrav adjustments, reserve
// movements, earlier deficits and eliminations. version is tertial.EconomyVersion of the
// economy the user saw; a save from another is refused with ECONFLICT. The whole dataset
// is judged by the rule set (Dataset.Validate, problems at "economy.key_figures[0].tax_rate"
// and so on), and each changed list is in the audit log (entity economy, key the
// municipality's code, a field per list). It returns the new version.
func (db *DB) SaveEconomy(ctx context.Context, actor, muni, version string, e tertial.Economy) (string, error) {
	var old tertial.Economy
	newVersion := version
	err := db.restructure(ctx, actor, muni, func(ds *tertial.Dataset) error {
		old = ds.Economy
		if have := tertial.EconomyVersion(&old); have != version {
			return tertial.Errorf(tertial.ECONFLICT, "någon annan har ändrat ekonomin sedan du öppnade sidan")
		}
		ds.Economy = e
		return nil
	}, func(tx *Tx, ds *tertial.Dataset) ([]auditEntry, error) {
		was, now := old.Lists(), ds.Economy.Lists()
		var changes []change
		for i := range now {
			if was[i].Text != now[i].Text {
				changes = append(changes, change{now[i].Field, was[i].Text, now[i].Text})
			}
		}
		if len(changes) == 0 {
			return nil, nil
		}
		for _, t := range append([]string{"eliminations"}, economyTables...) {
			if err := tx.exec(`DELETE FROM `+t+` WHERE muni = ?`, muni); err != nil {
				return nil, err
			}
		}
		if err := insertEconomy(tx, muni, &ds.Economy); err != nil {
			return nil, err
		}
		newVersion = tertial.EconomyVersion(&ds.Economy)
		return []auditEntry{{"economy", muni, changes}}, nil
	})
	return newVersion, err
}
