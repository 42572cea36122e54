package tertial

import "sort"

// AccountRange is an inclusive range of account numbers compared as prefixes of the
// same length: {From: "60", To: "61"} holds 6000–6199 and any longer account starting
// with 60 or 61.
type AccountRange struct {
	From, To string
}

// Contains reports whether the account falls in the range.
func (r AccountRange) Contains(account string) bool {
	lo, hi := account, account
	if len(lo) > len(r.From) {
		lo = lo[:len(r.From)]
	}
	if len(hi) > len(r.To) {
		hi = hi[:len(r.To)]
	}
	return lo >= r.From && hi <= r.To
}

// AccountRule maps accounts (and optionally only some objects of a dimension) to a money
// table's row. Rules are tried in order; the first that matches wins, so narrow rules
// (45, 46) stand before the wide ones (4–7).
type AccountRule struct {
	Row      string // the money row's ID
	Accounts []AccountRange
	// Dimension and Objects, when set, restrict the rule to those objects (for a table per
	// verksamhet: dimension 20, objects "100", "110").
	Dimension int
	Objects   []string
}

// Matches reports whether the rule maps the account.
func (r AccountRule) Matches(account string) bool {
	for _, a := range r.Accounts {
		if a.Contains(account) {
			return true
		}
	}
	return false
}

// KommunBasRules is the default mapping of SKR's Kommun-Bas chart to the operating
// statement's rows (DOMAIN.md §6): class 3 income; 5 personnel; 60–61 premises; 45
// grants; 46 purchased activity; the rest of 4–7 other. Class 8 (taxes, equalisation,
// financial items) and the balance classes 1–2 are not part of a board's statement.
func KommunBasRules() []AccountRule {
	return []AccountRule{
		{Row: "intakter", Accounts: []AccountRange{{"3", "3"}}},
		{Row: "personal", Accounts: []AccountRange{{"5", "5"}}},
		{Row: "lokaler", Accounts: []AccountRange{{"60", "61"}}},
		{Row: "bidrag", Accounts: []AccountRange{{"45", "45"}}},
		{Row: "kop-av-verksamhet", Accounts: []AccountRange{{"46", "46"}}},
		{Row: "ovrigt", Accounts: []AccountRange{{"4", "7"}}},
	}
}

// MapLedger sums ledger totals per account (öre, ledger sign: costs positive) into the
// rows the rules name, in result sign (income positive, costs negative, as money tables
// hold them). Accounts of classes 3–7 that no rule maps are returned with their amounts,
// so that no money silently disappears; class 8 is outside a board's statement.
func MapLedger(rules []AccountRule, totals map[string]int64) (rows map[string]Amount, unmapped map[string]int64) {
	rows, unmapped = map[string]Amount{}, map[string]int64{}
	accounts := make([]string, 0, len(totals))
	for a := range totals {
		accounts = append(accounts, a)
	}
	sort.Strings(accounts)
	for _, a := range accounts {
		mapped := false
		for _, r := range rules {
			if r.Dimension == 0 && r.Matches(a) {
				rows[r.Row] -= Amount(totals[a])
				mapped = true
				break
			}
		}
		if !mapped && a != "" && a[0] >= '3' && a[0] <= '7' {
			unmapped[a] += totals[a]
		}
	}
	return rows, unmapped
}
