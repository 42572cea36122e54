package tertial

import (
	"math/big"
	"strconv"
)

// periodise returns a copy of rows whose period budget is the annual budget spread by the
// rule over the months from..to (YYYYMM), and a sentence that says how. Rows without an
// annual budget keep what they have.
//
//   - PeriodiseEven gives every month a twelfth: the period's budget is budget × months / 12.
//   - PeriodisePriorYear spreads each row's budget as the row's outcome was spread last
//     year: budget × outcome(the same months last year) / outcome(all of last year), with
//     the outcome taken from the ledger through the table's account mapping. It needs last
//     year's ledger through December; without it every row is spread evenly. A row whose
//     last year gives no share of the year (see usableProfile) is spread evenly, and the
//     sentence names it.
//
// Amounts are whole öre, rounded half away from zero once per row.
func periodise(rule Periodisation, rows []MoneyRow, rules []AccountRule, l *LedgerData, unit string, from, to int) ([]MoneyRow, string) {
	months := monthIndex(to) - monthIndex(from) + 1
	months = max(1, min(12, months))
	year := from / 100
	var full, part map[string]Amount
	// Last year's profile needs last year whole: a ledger that ends before December (an
	// earlier tertial's file never replaced) would put the whole budget in the period.
	if rule == PeriodisePriorYear && len(rules) > 0 && l.HasOutcome(unit, (year-1)*100+12, (year-1)*100+12) {
		fs, _ := sumEntries(l.Outcome, unit, (year-1)*100+1, (year-1)*100+12)
		full, _ = MapLedgerSums(rules, fs)
		ps, _ := sumEntries(l.Outcome, unit, from-100, to-100)
		part, _ = MapLedgerSums(rules, ps)
	}
	var even []string
	spread := func(r MoneyRow) (Amount, bool) {
		b, ok := r.Amounts[ColBudget]
		if !ok {
			return 0, false
		}
		if rule == PeriodisePriorYear {
			if f, p := full[r.ID], part[r.ID]; usableProfile(p, f) {
				return Amount(mulDivRound(int64(b), int64(p), int64(f))), true
			}
			label := r.Label
			if label == "" {
				label = r.ID
			}
			even = append(even, label)
		}
		return Amount(mulDivRound(int64(b), int64(months), 12)), true
	}
	out := mapLeaves(rows, func(r MoneyRow) MoneyRow {
		pb, ok := spread(r)
		if !ok {
			return r
		}
		return r.withAmounts(map[MoneyColumn]Amount{ColPeriodBudget: pb})
	})
	n := strconv.Itoa(months)
	switch {
	case rule == PeriodiseEven:
		return out, "Periodens budget är årsbudgeten fördelad jämnt över årets månader (" + n + " av 12 månader)."
	case len(rules) == 0:
		return out, "Periodens budget är årsbudgeten fördelad jämnt över årets månader (" + n + " av 12 månader): " +
			"tabellen har ingen kontomappning, så fjolårets utfall i bokföringen, som budgeten skulle fördelas efter, kan inte hämtas."
	case full == nil:
		return out, "Periodens budget är årsbudgeten fördelad jämnt över årets månader (" + n + " av 12 månader): " +
			"fjolårets utfall, som budgeten skulle fördelas efter, finns inte helt (till och med december " + strconv.Itoa(year-1) + ") i den importerade bokföringen."
	}
	note := "Periodens budget är årsbudgeten fördelad efter fjolårets månadsprofil: varje rads utfall för periodens månader " +
		strconv.Itoa(year-1) + " i förhållande till radens utfall för hela " + strconv.Itoa(year-1) + "."
	if len(even) > 0 {
		note += " För " + JoinAnd(even) + " ger fjolårets utfall ingen fördelning (det saknas, byter tecken eller är större för periodens månader än för helåret); där är budgeten fördelad jämnt (" + n + " av 12 månader)."
	}
	return out, note
}

// usableProfile reports whether last year's outcome for the period's months (part) and
// for the whole year (full) give a share of the year: full not zero, part of the same
// sign (or zero) and not larger. Anything else (a row that nets to about zero, refunds
// that change its sign) would give a period budget beyond the annual one.
func usableProfile(part, full Amount) bool {
	switch {
	case full == 0:
		return false
	case part == 0:
		return true
	case (part < 0) != (full < 0):
		return false
	}
	if part < 0 {
		return part >= full
	}
	return part <= full
}

// monthIndex numbers YYYYMM months consecutively.
func monthIndex(yyyymm int) int { return yyyymm/100*12 + yyyymm%100 - 1 }

// mapLeaves returns a copy of rows with f applied to every row that holds amounts.
func mapLeaves(rows []MoneyRow, f func(MoneyRow) MoneyRow) []MoneyRow {
	out := make([]MoneyRow, len(rows))
	for i, r := range rows {
		if r.Group {
			r.Rows = mapLeaves(r.Rows, f)
		} else {
			r = f(r)
		}
		out[i] = r
	}
	return out
}

// mulDivRound returns a × n / d rounded half away from zero, exactly (the product may
// exceed 64 bits). d must not be zero.
func mulDivRound(a, n, d int64) int64 {
	x := new(big.Int).Mul(big.NewInt(a), big.NewInt(n))
	den := big.NewInt(d)
	if d < 0 {
		x.Neg(x)
		den.Neg(den)
	}
	q, r := new(big.Int).QuoRem(x, den, new(big.Int))
	if r.Lsh(r.Abs(r), 1).Cmp(den) >= 0 {
		q.Add(q, big.NewInt(int64(x.Sign())))
	}
	return q.Int64()
}
