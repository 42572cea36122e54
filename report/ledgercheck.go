package report

import (
	"fmt"
	"slices"
	"strings"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/sv"
)

// maxBalanceFindings is how many accounts a check of the ledger's balances names for one
// file (or pair of files) before it counts the rest in one finding.
const maxBalanceFindings = 20

// ledgerBalances checks the unit's imported balances of the period's year and the year
// before (see LedgerBalance): that every balance account's #UB of last year, from last
// year's own file or from this year's file's year -1, is this year's #IB, except that
// the equity accounts (class 20) together take last year's result (its #RES, or, without
// one, what the #UB leave unbalanced), as the result is closed into equity; that an
// account's #UB is its #IB plus the year's movements in the same file; and that each
// file's balance sheet balances, the #UB of classes 1–2 and the #RES of classes 3–8
// summing to zero. Each finding names the account, the amounts in kronor and the files
// they come from. They block an annual period and are warnings in others. A locked
// period's balances are those of the ledger it was locked with (Period.LedgerOf).
func (c *checker) ledgerBalances() {
	l := c.per.LedgerOf(c.ds.Ledger)
	if l == nil || len(l.Balances) == 0 {
		return
	}
	kind := FindLedgerBalanceInterim
	if c.per.Kind == tertial.PeriodAnnual {
		kind = FindLedgerBalance
	}
	y := c.year
	type file struct {
		importYear int
		source     string
	}
	type fileYear struct {
		file
		year int
	}
	var order []fileYear // in the order first met (Balances are sorted)
	rows := map[fileYear][]tertial.LedgerBalance{}
	for _, b := range l.Balances {
		if b.Unit != c.per.Unit || (b.Year != y && b.Year != y-1) {
			continue
		}
		k := fileYear{file{b.ImportYear, b.Source}, b.Year}
		if rows[k] == nil {
			order = append(order, k)
		}
		rows[k] = append(rows[k], b)
	}
	slices.SortFunc(order, func(a, b fileYear) int {
		if a.year != b.year {
			return a.year - b.year
		}
		if a.importYear != b.importYear {
			return a.importYear - b.importYear
		}
		if a.source < b.source {
			return -1
		}
		if a.source > b.source {
			return 1
		}
		return 0
	})
	kr := func(v int64) string { return sv.Amount(tertial.Amount(v), tertial.Kr, 2) + " kr" }
	from := func(b tertial.LedgerBalance) string {
		name := b.FileName
		if name == "" {
			name = "filen"
		}
		if b.Year == b.ImportYear {
			return fmt.Sprintf("%s (%s, räkenskapsår %d)", name, b.Source, b.ImportYear)
		}
		return fmt.Sprintf("%s (%s, räkenskapsår %d, uppgifterna för året före)", name, b.Source, b.ImportYear)
	}
	has := func(bs []tertial.LedgerBalance, f func(tertial.LedgerBalance) bool) bool {
		return slices.ContainsFunc(bs, f)
	}
	closing := func(b tertial.LedgerBalance) bool { return b.HasClosing }
	add := func(where, format string, args ...any) {
		what := fmt.Sprintf(format, args...)
		c.addAs(kind, Item{}, what, where, "%s", what)
	}
	// capped names at most maxBalanceFindings accounts of a check and counts the rest.
	capped := func(where string, n int, what string) {
		if n > maxBalanceFindings {
			add(where, "ytterligare %d konton har samma fel (%s)", n-maxBalanceFindings, what)
		}
	}

	// (a) Last year's #UB carried to this year's #IB.
	for _, ok := range order {
		if ok.year != y || ok.importYear != y {
			continue
		}
		opening := rows[ok]
		if !has(opening, func(b tertial.LedgerBalance) bool { return b.HasOpening }) {
			continue
		}
		for _, ck := range order {
			if ck.year != y-1 || !has(rows[ck], closing) {
				continue
			}
			closings := rows[ck]
			ib, ub := map[string]int64{}, map[string]int64{}
			var accounts []string
			for _, b := range opening {
				if tertial.BalanceAccount(b.Account) && b.HasOpening {
					ib[b.Account] = b.Opening
					accounts = append(accounts, b.Account)
				}
			}
			for _, b := range closings {
				if tertial.BalanceAccount(b.Account) && b.HasClosing {
					ub[b.Account] = b.Closing
					if _, ok := ib[b.Account]; !ok {
						accounts = append(accounts, b.Account)
					}
				}
			}
			slices.Sort(accounts)
			// Last year's result goes to equity (class 20) in this year's opening balance:
			// the equity accounts together may differ by exactly that.
			var eqDiff, result, ubSum int64
			hasResult := false
			for _, a := range accounts {
				if strings.HasPrefix(a, "20") {
					eqDiff += ib[a] - ub[a]
				}
			}
			for _, b := range closings {
				switch {
				case b.HasResult && tertial.ResultAccount(b.Account):
					result += b.Result
					hasResult = true
				case b.HasClosing && tertial.BalanceAccount(b.Account):
					ubSum += b.Closing
				}
			}
			if !hasResult {
				result = -ubSum
			}
			where := fmt.Sprintf("bokföringen %d, ingående balans", y)
			n := 0
			var eqIB, eqUB int64
			var eqMoved []string
			for _, a := range accounts {
				if strings.HasPrefix(a, "20") {
					eqIB, eqUB = eqIB+ib[a], eqUB+ub[a]
					if ib[a] != ub[a] {
						eqMoved = append(eqMoved, a)
					}
					continue
				}
				if ib[a] == ub[a] {
					continue
				}
				if n++; n > maxBalanceFindings {
					continue
				}
				add(where+", konto "+a, "Konto %s har ingående balans %d (#IB) %s i %s men utgående balans %d (#UB) %s i %s: balansen förs inte över från föregående år (skillnad %s)",
					a, y, kr(ib[a]), from(opening[0]), y-1, kr(ub[a]), from(closings[0]), kr(ib[a]-ub[a]))
			}
			if eqDiff != result {
				moved := "inget konto i klass 20 ändras mellan åren"
				if len(eqMoved) > 0 {
					moved = "konton som ändras mellan åren: " + strings.Join(eqMoved, ", ")
				}
				add(where+", eget kapital", "Eget kapital (kontona i klass 20) har ingående balans %d (#IB) %s i %s men utgående balans %d (#UB) %s i %s; med resultatet %d, %s, borde den ingående balansen vara %s (skillnad %s; %s)",
					y, kr(eqIB), from(opening[0]), y-1, kr(eqUB), from(closings[0]), y-1, kr(result), kr(eqUB+result), kr(eqIB-eqUB-result), moved)
			}
			capped(where, n, fmt.Sprintf("ingående balans %d i %s skiljer sig från utgående balans %d i %s", y, from(opening[0]), y-1, from(closings[0])))
		}
	}

	// (b) #UB = #IB + the year's movements, in each file that has both; (c) the file's
	// balance sheet balances.
	for _, k := range order {
		bs := rows[k]
		if !has(bs, closing) {
			continue
		}
		where := fmt.Sprintf("bokföringen %d, %s", k.year, from(bs[0]))
		if bs[0].HasMovements {
			n := 0
			for _, b := range bs {
				if !tertial.BalanceAccount(b.Account) {
					continue
				}
				want := b.Opening + b.Movement
				if b.Closing == want {
					continue
				}
				if n++; n > maxBalanceFindings {
					continue
				}
				add(where+", konto "+b.Account, "Konto %s har utgående balans %d (#UB) %s i %s, men ingående balans %s plus årets förändringar %s ger %s (skillnad %s)",
					b.Account, k.year, kr(b.Closing), from(b), kr(b.Opening), kr(b.Movement), kr(want), kr(b.Closing-want))
			}
			capped(where, n, "utgående balans skild från ingående balans plus årets förändringar")
		}
		var sum int64
		for _, b := range bs {
			switch {
			case tertial.BalanceAccount(b.Account):
				sum += b.Closing
			case tertial.ResultAccount(b.Account):
				sum += b.Result
			}
		}
		if sum != 0 {
			add(where, "Balansräkningen %d i %s balanserar inte: utgående balanser (#UB, klass 1–2) och årets resultat (#RES, klass 3–8) summerar till %s, inte 0",
				k.year, from(bs[0]), kr(sum))
		}
	}
}
