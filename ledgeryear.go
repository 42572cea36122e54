package tertial

import "sort"

// AccountYear is one account's figures for one fiscal year of a ledger, in öre and in the
// ledger's sign (debit positive: assets and costs positive; equity, liabilities and
// income negative).
type AccountYear struct {
	Account string
	// Opening and Closing are the balance at the start of the year (#IB) and at its end
	// (#UB), or at the end of the month the year is taken through. Balance accounts
	// (classes 1–2) only.
	Opening, Closing int64
	// Movement is the sum of the year's transactions (through the month): for a result
	// account its outcome, for a balance account its change.
	Movement int64
	// Budget is the year's budget (#PBUDGET), result accounts only.
	Budget int64
}

// LedgerYear is a unit's ledger for one fiscal year, from January through a month: what
// the financial statements are computed from.
type LedgerYear struct {
	Unit    string
	Year    int
	Through int // the last month included, YYYYMM; the year's December for a whole year
	// Accounts, sorted by account number.
	Accounts []AccountYear
	// Names are the names of the year's accounts that the ledger knows (#KONTO), by
	// account number; nil when it knows none.
	Names map[string]string
	// HasBalances says that the ledger carried opening and closing balances (#IB/#UB).
	HasBalances bool
	// Overflow says that a sum passed what an int64 holds (only absurd amounts do): the
	// figures must not be used.
	Overflow bool
}

// Account returns the account's figures; the zero AccountYear (with Account set) when the
// ledger has none.
func (l *LedgerYear) Account(a string) AccountYear {
	i := sort.Search(len(l.Accounts), func(i int) bool { return l.Accounts[i].Account >= a })
	if i < len(l.Accounts) && l.Accounts[i].Account == a {
		return l.Accounts[i]
	}
	return AccountYear{Account: a}
}

// AccountLabel is how a statement's note names an account: the number and the ledger's
// name of it ("7820 Avskrivningar maskiner och inventarier"), or "Konto 7820" when the
// ledger has no name for it.
func (l *LedgerYear) AccountLabel(a string) string {
	if l != nil {
		if n := l.Names[a]; n != "" {
			return a + " " + n
		}
	}
	return "Konto " + a
}
