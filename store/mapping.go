package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/tertial/tertial"
)

// LedgerSetup is how a money table is filled from the ledger: its account mapping (no
// rules: the Kommun-Bas default where the table qualifies, see MoneyTable.Rules) and how
// its period budget is computed from the annual budget.
type LedgerSetup struct {
	Mapping       []tertial.AccountRule
	Periodisation tertial.Periodisation
}

// SaveLedgerSetup replaces a money table's account mapping and periodisation in an open
// period. version is the table's SetupVersion the user saw; it returns the new one. The
// setup is checked as the dataset format checks it (tertial.MoneyTable.CheckLedgerSetup)
// and the change is in the audit log with the rules before and after.
func (db *DB) SaveLedgerSetup(ctx context.Context, e Edit, tableID string, s LedgerSetup) (int, error) {
	actor, p, version := e.Actor, e.Period, e.Version
	var newVersion int
	err := db.inTx(ctx, func(tx *Tx) error {
		if err := openPeriod(tx, p); err != nil {
			return err
		}
		key := []any{p.Municipality, p.Unit, p.Period, tableID}
		t := tertial.MoneyTable{ID: tableID, Mapping: s.Mapping, Periodisation: s.Periodisation}
		var cols string
		var oldPer tertial.Periodisation
		err := tx.get(`SELECT column_list, periodisation, setup_version FROM money_tables WHERE muni = ? AND unit_id = ? AND period_id = ? AND id = ?`,
			key, &cols, &oldPer, &t.SetupVersion)
		if errors.Is(err, sql.ErrNoRows) {
			return tertial.Errorf(tertial.ENOTFOUND, "perioden %s har ingen tabell %s", p.Period, tableID)
		} else if err != nil {
			return err
		}
		if t.SetupVersion != version {
			return staleVersion(t.SetupVersion, version)
		}
		t.Columns = columnList(cols)
		if err := loadDeclared(tx, key, &t); err != nil {
			return err
		}
		// The rows that hold amounts, for the check that every rule names one.
		if err := tx.query(`SELECT id FROM money_rows WHERE muni = ? AND unit_id = ? AND period_id = ? AND table_id = ? AND is_group = 0 ORDER BY pos`,
			key, func(r *sql.Rows) error {
				var row tertial.MoneyRow
				if err := r.Scan(&row.ID); err != nil {
					return err
				}
				t.Rows = append(t.Rows, row)
				return nil
			}); err != nil {
			return err
		}
		if problems := t.CheckLedgerSetup(); len(problems) > 0 {
			msgs := make([]string, len(problems))
			for i, pr := range problems {
				msgs[i] = pr.String()
			}
			return tertial.Errorf(tertial.EINVALID, "kontomappningen för %s går inte att spara: %s", tableID, strings.Join(msgs, "; "))
		}
		old, err := storedMapping(tx, key)
		if err != nil {
			return err
		}
		oldText, newText := MappingText(old), MappingText(s.Mapping)
		newVersion = version
		if oldText == newText && oldPer == s.Periodisation {
			return nil
		}
		if err := tx.exec(`DELETE FROM money_table_mapping WHERE muni = ? AND unit_id = ? AND period_id = ? AND table_id = ?`, key...); err != nil {
			return err
		}
		if err := insertMapping(tx, key, s.Mapping); err != nil {
			return err
		}
		if err := tx.changeOne(`UPDATE money_tables SET periodisation = ?, setup_version = setup_version + 1
			WHERE muni = ? AND unit_id = ? AND period_id = ? AND id = ? AND setup_version = ?`,
			append(append([]any{string(s.Periodisation)}, key...), version)...); err != nil {
			return err
		}
		newVersion = version + 1
		_, err = db.audit(tx, actor, p.Municipality, "money_setup", p.key()+"/"+tableID, []change{
			{"mapping", oldText, newText},
			{"periodisation", string(oldPer), string(s.Periodisation)},
		})
		return err
	})
	return newVersion, err
}

// storedMapping reads a money table's rules; key is (muni, unit, period, table).
func storedMapping(tx *Tx, key []any) ([]tertial.AccountRule, error) {
	var rules []tertial.AccountRule
	err := tx.query(`SELECT row_id, accounts, dimension, objects FROM money_table_mapping
		WHERE muni = ? AND unit_id = ? AND period_id = ? AND table_id = ? ORDER BY pos`, key, func(r *sql.Rows) error {
		rule, err := scanRule(r)
		rules = append(rules, rule)
		return err
	})
	return rules, err
}

// scanRule reads a row of money_table_mapping (row_id, accounts, dimension, objects).
func scanRule(r *sql.Rows) (tertial.AccountRule, error) {
	var rule tertial.AccountRule
	var accounts, objects string
	if err := r.Scan(&rule.Row, &accounts, &rule.Dimension, &objects); err != nil {
		return rule, err
	}
	var err error
	if rule.Accounts, err = parseRanges(accounts); err != nil {
		return rule, err
	}
	if objects != "" {
		if err := json.Unmarshal([]byte(objects), &rule.Objects); err != nil {
			return rule, fmt.Errorf("stored objects %q: %w", objects, err)
		}
	}
	return rule, nil
}

// MappingText writes rules a line each, as the audit log and history show them:
// "lokaler: 60-61, 6410 (dimension 1: 200, 210)". No rules is the empty string.
func MappingText(rules []tertial.AccountRule) string {
	var b strings.Builder
	for i, r := range rules {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(r.Row + ": " + strings.ReplaceAll(accountList(r.Accounts), ",", ", "))
		if r.Dimension > 0 {
			b.WriteString(" (dimension " + strconv.Itoa(r.Dimension) + ": " + strings.Join(r.Objects, ", ") + ")")
		}
	}
	return b.String()
}
