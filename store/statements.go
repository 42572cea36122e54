package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/tertial/tertial"
)

// The municipality's own account mapping of the financial statements and the budget it
// enters for the resultaträkning (tertial.StatementSetup, docs/statements.md), stored by
// migration 0043 and read and written with the rest of the dataset.

// statementTables are the statements' tables, emptied with the dataset (datasetTables).
var statementTables = []string{"statement_forecast", "statement_budget", "statement_note_rows", "statement_mapping_terms", "statement_mapping", "statement_setup"}

func init() {
	datasetTables = slices.Concat(statementTables, datasetTables)
	versionColumns = append(versionColumns, [2]string{"statement_setup", "version"})
}

func parseRanges(s string) ([]tertial.AccountRange, error) {
	if s == "" {
		return nil, nil
	}
	var out []tertial.AccountRange
	for _, x := range strings.Split(s, ",") {
		a, err := tertial.ParseAccountRange(x)
		if err != nil {
			return nil, fmt.Errorf("stored account range %q: %w", x, err)
		}
		out = append(out, a)
	}
	return out, nil
}

// insertStatements stores the setup at version 1 (an import's; replaceDataset moves it
// past the versions before it).
func insertStatements(tx *Tx, mu string, s *tertial.StatementSetup) error {
	if err := tx.exec(`INSERT INTO statement_setup (muni, version) VALUES (?, 1)`, mu); err != nil {
		return err
	}
	return insertStatementRows(tx, mu, s)
}

func insertStatementRows(tx *Tx, mu string, s *tertial.StatementSetup) error {
	for i, m := range s.Mapping {
		if err := tx.exec(`INSERT INTO statement_mapping (muni, row_id, pos, note) VALUES (?, ?, ?, ?)`, mu, m.Row, i, m.Note); err != nil {
			return err
		}
		for j, t := range m.Terms {
			if err := tx.exec(`INSERT INTO statement_mapping_terms (muni, row_id, pos, measure, accounts, except_accounts) VALUES (?, ?, ?, ?, ?, ?)`,
				mu, m.Row, j, string(t.Measure), accountList(t.Accounts), accountList(t.Except)); err != nil {
				return err
			}
		}
		for j, n := range m.NoteRows {
			if err := tx.exec(`INSERT INTO statement_note_rows (muni, row_id, pos, id, label, accounts) VALUES (?, ?, ?, ?, ?, ?)`,
				mu, m.Row, j, n.ID, n.Label, accountList(n.Accounts)); err != nil {
				return err
			}
		}
	}
	for i, b := range s.Budget {
		if err := tx.exec(`INSERT INTO statement_budget (muni, year, row_id, pos, amount) VALUES (?, ?, ?, ?, ?)`,
			mu, b.Year, b.Row, i, int64(b.Amount)); err != nil {
			return err
		}
	}
	for i, f := range s.Forecast {
		if err := tx.exec(`INSERT INTO statement_forecast (muni, through, row_id, pos, amount) VALUES (?, ?, ?, ?, ?)`,
			mu, f.Through, f.Row, i, int64(f.Amount)); err != nil {
			return err
		}
	}
	return nil
}

func loadStatements(tx *Tx, mu string, s *tertial.StatementSetup) error {
	args := []any{mu}
	if err := tx.get(`SELECT version FROM statement_setup WHERE muni = ?`, args, &s.Version); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	at := map[string]int{}
	if err := tx.query(`SELECT row_id, note FROM statement_mapping WHERE muni = ? ORDER BY pos`, args, func(r *sql.Rows) error {
		var m tertial.StatementRowMapping
		if err := r.Scan(&m.Row, &m.Note); err != nil {
			return err
		}
		at[m.Row] = len(s.Mapping)
		s.Mapping = append(s.Mapping, m)
		return nil
	}); err != nil {
		return err
	}
	if err := tx.query(`SELECT row_id, measure, accounts, except_accounts FROM statement_mapping_terms WHERE muni = ? ORDER BY row_id, pos`, args, func(r *sql.Rows) error {
		var row, accounts, except string
		var t tertial.StatementTerm
		if err := r.Scan(&row, &t.Measure, &accounts, &except); err != nil {
			return err
		}
		var err error
		if t.Accounts, err = parseRanges(accounts); err != nil {
			return err
		}
		if t.Except, err = parseRanges(except); err != nil {
			return err
		}
		m := &s.Mapping[at[row]]
		m.Terms = append(m.Terms, t)
		return nil
	}); err != nil {
		return err
	}
	if err := tx.query(`SELECT row_id, id, label, accounts FROM statement_note_rows WHERE muni = ? ORDER BY row_id, pos`, args, func(r *sql.Rows) error {
		var row, accounts string
		var n tertial.NoteRow
		if err := r.Scan(&row, &n.ID, &n.Label, &accounts); err != nil {
			return err
		}
		var err error
		if n.Accounts, err = parseRanges(accounts); err != nil {
			return err
		}
		m := &s.Mapping[at[row]]
		m.NoteRows = append(m.NoteRows, n)
		return nil
	}); err != nil {
		return err
	}
	if err := tx.query(`SELECT year, row_id, amount FROM statement_budget WHERE muni = ? ORDER BY pos`, args, func(r *sql.Rows) error {
		var b tertial.StatementBudget
		if err := r.Scan(&b.Year, &b.Row, &b.Amount); err != nil {
			return err
		}
		s.Budget = append(s.Budget, b)
		return nil
	}); err != nil {
		return err
	}
	return tx.query(`SELECT through, row_id, amount FROM statement_forecast WHERE muni = ? ORDER BY pos`, args, func(r *sql.Rows) error {
		var f tertial.StatementForecast
		if err := r.Scan(&f.Through, &f.Row, &f.Amount); err != nil {
			return err
		}
		s.Forecast = append(s.Forecast, f)
		return nil
	})
}

// SaveStatementSetup replaces the municipality's account mapping of the statements, its
// entered budget and its forecasts (a nil mapping is the default layout). version is the setup's
// Version the user saw; a save from an older one is refused with ECONFLICT. The whole
// dataset is judged by the rule set (Dataset.Validate, whose problems are at
// "statements.mapping[2].terms[0].accounts" and "statements.budget[4].row"), and the change
// is in the audit log (entity statement_setup, fields mapping, budget and forecast). It returns the
// new version.
func (db *DB) SaveStatementSetup(ctx context.Context, actor, muni string, version int, mapping []tertial.StatementRowMapping, budget []tertial.StatementBudget, forecast []tertial.StatementForecast) (int, error) {
	var old tertial.StatementSetup
	newVersion := version
	err := db.restructure(ctx, actor, muni, func(ds *tertial.Dataset) error {
		old = ds.Statements
		if old.Version != version {
			return staleVersion(old.Version, version)
		}
		ds.Statements = tertial.StatementSetup{Mapping: mapping, Budget: budget, Forecast: forecast, Version: version}
		return nil
	}, func(tx *Tx, ds *tertial.Dataset) ([]auditEntry, error) {
		s := &ds.Statements
		var changes []change
		for _, c := range []change{{"mapping", old.MappingText(), s.MappingText()}, {"budget", old.BudgetText(), s.BudgetText()},
			{"forecast", old.ForecastText(), s.ForecastText()}} {
			if c.old != c.new {
				changes = append(changes, c)
			}
		}
		if len(changes) == 0 {
			return nil, nil
		}
		for _, t := range statementTables {
			if err := tx.exec(`DELETE FROM `+t+` WHERE muni = ?`, muni); err != nil {
				return nil, err
			}
		}
		newVersion = version + 1
		if err := tx.exec(`INSERT INTO statement_setup (muni, version) VALUES (?, ?)`, muni, newVersion); err != nil {
			return nil, err
		}
		if err := insertStatementRows(tx, muni, s); err != nil {
			return nil, err
		}
		return []auditEntry{{"statement_setup", muni, changes}}, nil
	})
	return newVersion, err
}
