package store

import (
	"database/sql"
	"fmt"
	"slices"

	"github.com/tertial/tertial"
)

// The economy of a municipality's annual report (docs/economy.md), stored by migrations
// 0040 and 0041 and read and written with the rest of the dataset.

// economyTables are the economy's tables, emptied with the dataset (datasetTables).
var economyTables = []string{"finance_items", "financial_goals", "earlier_deficits", "reserve_movements", "balance_adjustments", "economy_key_figures"}

func init() { datasetTables = slices.Concat(economyTables, datasetTables) }

func nullAmount(a *tertial.Amount) any {
	if a == nil {
		return nil
	}
	return int64(*a)
}

func nullCount(n *int64) any {
	if n == nil {
		return nil
	}
	return *n
}

func insertEconomy(tx *Tx, mu string, e *tertial.Economy) error {
	if err := insertEliminations(tx, mu, e.Eliminations); err != nil {
		return err
	}
	for i, k := range e.KeyFigures {
		if err := tx.exec(`INSERT INTO economy_key_figures (muni, year, pos, inhabitants, tax_rate, employees, pension_commitments, loan_debt)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, mu, k.Year, i, nullCount(k.Inhabitants), nullDecimal(k.TaxRate), nullCount(k.Employees),
			nullAmount(k.PensionCommitments), nullAmount(k.LoanDebt)); err != nil {
			return err
		}
	}
	for i, a := range e.BalanceAdjustments {
		if err := tx.exec(`INSERT INTO balance_adjustments (muni, pos, year, kind, amount, reason) VALUES (?, ?, ?, ?, ?, ?)`,
			mu, i, a.Year, string(a.Kind), int64(a.Amount), a.Reason); err != nil {
			return err
		}
	}
	for i, r := range e.Reserve {
		if err := tx.exec(`INSERT INTO reserve_movements (muni, pos, year, kind, amount, reason) VALUES (?, ?, ?, ?, ?, ?)`,
			mu, i, r.Year, string(r.Kind), int64(r.Amount), r.Reason); err != nil {
			return err
		}
	}
	for i, f := range e.FinanceItems {
		if err := tx.exec(`INSERT INTO finance_items (muni, pos, year, label, amount) VALUES (?, ?, ?, ?, ?)`,
			mu, i, f.Year, f.Label, int64(f.Amount)); err != nil {
			return err
		}
	}
	for i, d := range e.Deficits {
		if err := tx.exec(`INSERT INTO earlier_deficits (muni, year, pos, amount, restored, note) VALUES (?, ?, ?, ?, ?, ?)`,
			mu, d.Year, i, int64(d.Amount), int64(d.Restored), d.Note); err != nil {
			return err
		}
	}
	for i, g := range e.FinancialGoals {
		if err := tx.exec(`INSERT INTO financial_goals (muni, id, pos, title, kind, comparison, target, year_from, year_to)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, mu, g.ID, i, g.Title, string(g.Kind), string(g.Comparison), g.Target.String(), g.From, g.To); err != nil {
			return err
		}
	}
	return nil
}

func loadEconomy(tx *Tx, mu string, e *tertial.Economy) error {
	args := []any{mu}
	if err := loadEliminations(tx, mu, e); err != nil {
		return err
	}
	if err := tx.query(`SELECT year, inhabitants, tax_rate, employees, pension_commitments, loan_debt
		FROM economy_key_figures WHERE muni = ? ORDER BY pos`, args, func(r *sql.Rows) error {
		var k tertial.EconomyKeyFigures
		var inhabitants, employees, pensions, debt sql.NullInt64
		var rate sql.NullString
		if err := r.Scan(&k.Year, &inhabitants, &rate, &employees, &pensions, &debt); err != nil {
			return err
		}
		k.Inhabitants, k.Employees = countOf(inhabitants), countOf(employees)
		k.PensionCommitments, k.LoanDebt = amountOf(pensions), amountOf(debt)
		if rate.Valid {
			d, err := tertial.ParseDecimal(rate.String)
			if err != nil {
				return fmt.Errorf("economy key figures %d: stored tax rate: %w", k.Year, err)
			}
			k.TaxRate = &d
		}
		e.KeyFigures = append(e.KeyFigures, k)
		return nil
	}); err != nil {
		return err
	}
	if err := tx.query(`SELECT year, kind, amount, reason FROM balance_adjustments WHERE muni = ? ORDER BY pos`, args, func(r *sql.Rows) error {
		var a tertial.BalanceAdjustment
		if err := r.Scan(&a.Year, &a.Kind, &a.Amount, &a.Reason); err != nil {
			return err
		}
		e.BalanceAdjustments = append(e.BalanceAdjustments, a)
		return nil
	}); err != nil {
		return err
	}
	if err := tx.query(`SELECT year, kind, amount, reason FROM reserve_movements WHERE muni = ? ORDER BY pos`, args, func(r *sql.Rows) error {
		var m tertial.ReserveMovement
		if err := r.Scan(&m.Year, &m.Kind, &m.Amount, &m.Reason); err != nil {
			return err
		}
		e.Reserve = append(e.Reserve, m)
		return nil
	}); err != nil {
		return err
	}
	if err := tx.query(`SELECT year, label, amount FROM finance_items WHERE muni = ? ORDER BY pos`, args, func(r *sql.Rows) error {
		var f tertial.FinanceItem
		if err := r.Scan(&f.Year, &f.Label, &f.Amount); err != nil {
			return err
		}
		e.FinanceItems = append(e.FinanceItems, f)
		return nil
	}); err != nil {
		return err
	}
	if err := tx.query(`SELECT year, amount, restored, note FROM earlier_deficits WHERE muni = ? ORDER BY pos`, args, func(r *sql.Rows) error {
		var d tertial.EarlierDeficit
		if err := r.Scan(&d.Year, &d.Amount, &d.Restored, &d.Note); err != nil {
			return err
		}
		e.Deficits = append(e.Deficits, d)
		return nil
	}); err != nil {
		return err
	}
	return tx.query(`SELECT id, title, kind, comparison, target, year_from, year_to FROM financial_goals WHERE muni = ? ORDER BY pos`, args, func(r *sql.Rows) error {
		var g tertial.FinancialGoal
		var target string
		if err := r.Scan(&g.ID, &g.Title, &g.Kind, &g.Comparison, &target, &g.From, &g.To); err != nil {
			return err
		}
		d, err := tertial.ParseDecimal(target)
		if err != nil {
			return fmt.Errorf("financial goal %s: stored target: %w", g.ID, err)
		}
		g.Target = d
		e.FinancialGoals = append(e.FinancialGoals, g)
		return nil
	})
}

func countOf(n sql.NullInt64) *int64 {
	if !n.Valid {
		return nil
	}
	return &n.Int64
}

func amountOf(n sql.NullInt64) *tertial.Amount {
	if !n.Valid {
		return nil
	}
	a := tertial.Amount(n.Int64)
	return &a
}
