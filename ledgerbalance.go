package tertial

// LedgerBalance is an account's figures for one fiscal year as one import (an SIE file of
// a unit, source and year) gives them: the opening and closing balance (#IB, #UB) of a
// balance account, the result (#RES) of a result account, and the sum of the import's own
// movements of a balance account in the year. Öre in the ledger's sign (debit positive).
// The Has fields say which the file has: a balance of zero and a balance not given are
// not the same.
type LedgerBalance struct {
	Unit, Source string
	FileName     string
	ImportYear   int // the fiscal year of the import's file (#RAR 0)
	Year         int // the year the figures are for: ImportYear (year index 0) or the one before (-1)
	Account      string

	Opening, Closing, Result int64
	// Movement is the sum of the import's movements of the account in Year (balance
	// accounts).
	Movement int64

	HasOpening, HasClosing, HasResult bool
	// HasMovements says that the import has movements of some balance account in Year
	// (from #TRANS or #PSALDO): without, Movement says nothing.
	HasMovements bool
}

// BalanceAccount reports whether an account is a balance account (class 1 or 2 of
// Kommun-Bas: assets, equity and liabilities).
func BalanceAccount(account string) bool {
	return account != "" && (account[0] == '1' || account[0] == '2')
}

// ResultAccount reports whether an account is a result account (classes 3–8).
func ResultAccount(account string) bool {
	return account != "" && account[0] >= '3' && account[0] <= '8'
}

// Year returns the unit's ledger for a fiscal year from January through the month
// through (YYYYMM; 0, or a month after December, for the whole year), per account of
// classes 1–8, sorted by account:
//
//   - Movement is the sum of the months January..through: the outcome of a result
//     account, the change of a balance account.
//   - Opening is the balance account's #IB of the year; Closing its #UB for the whole
//     year when the file has one, else (and always for a month before December)
//     Opening + Movement.
//   - Budget is the result account's #PBUDGET for the whole year.
//
// The balances come from the imports of the year itself (their year index 0) when they
// have any, else from the next year's (their year index -1), summed over the unit's
// sources. A file with balances but no movements of any balance account in the year (an
// SIE type 1 file) gives each balance account's movement of the whole year as #UB − #IB,
// and one without outcome in the year gives a result account's as its #RES. Names holds
// the ledger's names (AccountNames) of the year's accounts.
func (l *LedgerData) Year(unit string, year, through int) LedgerYear {
	first, last := year*100+1, year*100+12
	if through == 0 || through > last {
		through = last
	}
	if through < first {
		through = first
	}
	whole := through == last
	out := LedgerYear{Unit: unit, Year: year, Through: through}
	if l == nil {
		return out
	}
	var sum oreSum
	byAcc := map[string]*AccountYear{}
	type extra struct{ ub, res bool }
	extras := map[string]*extra{}
	get := func(a string) *AccountYear {
		y := byAcc[a]
		if y == nil {
			y = &AccountYear{Account: a}
			byAcc[a] = y
			extras[a] = &extra{}
		}
		return y
	}
	outcome, moved := false, false
	for _, e := range l.Outcome {
		if e.Unit == unit && e.Dimension == 0 && e.Month >= first && e.Month <= last {
			outcome = true
			if e.Month <= through {
				y := get(e.Account)
				y.Movement = sum.add(y.Movement, e.Amount)
			}
		}
	}
	for _, e := range l.Movements {
		if e.Unit == unit && e.Dimension == 0 && e.Month >= first && e.Month <= last {
			moved = true
			if e.Month <= through {
				y := get(e.Account)
				y.Movement = sum.add(y.Movement, e.Amount)
			}
		}
	}
	for _, e := range l.Budget {
		if e.Unit == unit && e.Dimension == 0 && e.Month >= first && e.Month <= last {
			y := get(e.Account)
			y.Budget = sum.add(y.Budget, e.Amount)
		}
	}
	// The balances of the year's own imports, else of the next year's.
	importYear := year + 1
	for _, b := range l.Balances {
		if b.Unit == unit && b.Year == year && b.ImportYear == year && (b.HasOpening || b.HasClosing || b.HasResult) {
			importYear = year
			break
		}
	}
	result := map[string]int64{}
	for _, b := range l.Balances {
		if b.Unit != unit || b.Year != year || b.ImportYear != importYear || !(b.HasOpening || b.HasClosing || b.HasResult) {
			continue
		}
		y, x := get(b.Account), extras[b.Account]
		if b.HasOpening {
			y.Opening = sum.add(y.Opening, b.Opening)
			out.HasBalances = true
		}
		if b.HasClosing {
			y.Closing = sum.add(y.Closing, b.Closing)
			x.ub, out.HasBalances = true, true
		}
		if b.HasResult {
			result[b.Account] = sum.add(result[b.Account], b.Result)
			x.res = true
		}
	}
	out.Accounts = make([]AccountYear, 0, len(byAcc))
	for _, a := range sortedKeys(byAcc) {
		y, x := byAcc[a], extras[a]
		switch {
		case BalanceAccount(a):
			if !moved && whole && x.ub {
				y.Movement = sum.sub(y.Closing, y.Opening)
			}
			if !(whole && x.ub) {
				y.Closing = sum.add(y.Opening, y.Movement)
			}
		default:
			y.Closing = 0
			if !outcome && whole && x.res {
				y.Movement = result[a]
			}
		}
		out.Accounts = append(out.Accounts, *y)
	}
	for _, n := range l.AccountNames {
		if n.Unit == unit && byAcc[n.Account] != nil && n.Name != "" {
			if out.Names == nil {
				out.Names = map[string]string{}
			}
			out.Names[n.Account] = n.Name
		}
	}
	out.Overflow = sum.overflow
	return out
}
