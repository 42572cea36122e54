package duckdbbench

import (
	"github.com/tertial/tertial"
)

// LedgerEntries returns the aggregated cells as Tertial stores and loads them for a unit
// (tertial.LedgerEntry, what Dataset.Ledger holds): every account × month total, and the
// per-object cells of the dimensions named (only those that mappings name are loaded).
func LedgerEntries(cells []Cell, unit string, dims ...int) []tertial.LedgerEntry {
	var out []tertial.LedgerEntry
	for _, c := range cells {
		if c.Dim != 0 && !contains(dims, c.Dim) {
			continue
		}
		out = append(out, tertial.LedgerEntry{Unit: unit, Account: c.Account, Dimension: c.Dim, Object: c.Object, Month: c.Month, Amount: c.Amount})
	}
	return out
}

func contains(s []int, v int) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// SumLedger sums the unit's entries for months from..to per account and per dimension,
// account and object, as tertial.ApplyLedger does before it maps them (its sumEntries is
// not exported).
func SumLedger(entries []tertial.LedgerEntry, unit string, from, to int) tertial.LedgerSums {
	s := tertial.LedgerSums{Accounts: map[string]int64{}, Objects: map[int]map[string]map[string]int64{}}
	for _, e := range entries {
		if e.Unit != unit || e.Month < from || e.Month > to {
			continue
		}
		if e.Dimension == 0 {
			s.Accounts[e.Account] += e.Amount
			continue
		}
		byAcc := s.Objects[e.Dimension]
		if byAcc == nil {
			byAcc = map[string]map[string]int64{}
			s.Objects[e.Dimension] = byAcc
		}
		if byAcc[e.Account] == nil {
			byAcc[e.Account] = map[string]int64{}
		}
		byAcc[e.Account][e.Object] += e.Amount
	}
	return s
}

// UnitRules are tertial.KommunBasRules restricted to one object of a dimension: the
// mapping of a money table for one unit of the file (dataset file: `dimension`,
// `objects`).
func UnitRules(dim int, object string) []tertial.AccountRule {
	rules := tertial.KommunBasRules()
	for i := range rules {
		rules[i].Dimension, rules[i].Objects = dim, []string{object}
	}
	return rules
}

// TertialStatement is Tertial's path to the operating statement: the stored cells of the
// months summed (SumLedger), then mapped to the rows by tertial.MapLedgerSums. With an
// object, the rules are UnitRules and the entries must hold the dimension's cells.
func TertialStatement(entries []tertial.LedgerEntry, unit string, from, to, dim int, object string) (rows map[string]tertial.Amount, unmapped map[string]int64) {
	rules := tertial.KommunBasRules()
	if object != "" {
		rules = UnitRules(dim, object)
	}
	return tertial.MapLedgerSums(rules, SumLedger(entries, unit, from, to))
}

// RawStatement is the statement's query done in Go over the raw rows, as DuckDB does it:
// each account's row found once by the rules (first match wins), then one pass over the
// rows. It returns öre per row in result sign.
func RawStatement(r *Rows, from, to, dim int, object string) map[string]int64 {
	rules := tertial.KommunBasRules()
	rowOf := make([]int, len(r.Accounts))
	for a, nr := range r.Accounts {
		rowOf[a] = -1
		for i, rule := range rules {
			if rule.Matches(nr) {
				rowOf[a] = i
				break
			}
		}
	}
	// Class 8 and the balance classes are no rule's; KommunBasRules map all of 3–7.
	sums := make([]int64, len(rules))
	found := make([]bool, len(rules))
	f, t := int32(from), int32(to)
	if object == "" {
		for i, acc := range r.Acc {
			if m := r.Month[i]; m >= f && m <= t {
				if row := rowOf[acc]; row >= 0 {
					sums[row] += r.Amount[i]
					found[row] = true
				}
			}
		}
	} else {
		col := r.ObjColumn(dim)
		if col < 0 {
			return map[string]int64{}
		}
		var want uint32
		for code, o := range r.Objects {
			if code > 0 && o.Dim == dim && o.Number == object {
				want = uint32(code)
			}
		}
		if want == 0 {
			return map[string]int64{}
		}
		objs := r.Obj[col]
		for i, acc := range r.Acc {
			if m := r.Month[i]; m >= f && m <= t && objs[i] == want {
				if row := rowOf[acc]; row >= 0 {
					sums[row] += r.Amount[i]
					found[row] = true
				}
			}
		}
	}
	out := map[string]int64{}
	for i, rule := range rules {
		if found[i] {
			out[rule.Row] -= sums[i]
		}
	}
	return out
}
