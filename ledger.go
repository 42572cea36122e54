package tertial

import (
	"slices"
	"sort"
	"strings"
)

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
//
// When a row's sum passes what an int64 holds (only absurd amounts do: the import refuses
// a month's sum that does), both maps are nil.
func MapLedger(rules []AccountRule, totals map[string]int64) (rows map[string]Amount, unmapped map[string]int64) {
	rows, unmapped = map[string]Amount{}, map[string]int64{}
	accounts := make([]string, 0, len(totals))
	for a := range totals {
		accounts = append(accounts, a)
	}
	sort.Strings(accounts)
	var sum oreSum
	for _, a := range accounts {
		mapped := false
		for _, r := range rules {
			if r.Dimension == 0 && r.Matches(a) {
				rows[r.Row] = Amount(sum.sub(int64(rows[r.Row]), totals[a]))
				mapped = true
				break
			}
		}
		if !mapped && a != "" && a[0] >= '3' && a[0] <= '7' {
			unmapped[a] = totals[a]
		}
	}
	if sum.overflow {
		return nil, nil
	}
	return rows, unmapped
}

// oreSum adds and subtracts öre and remembers whether a result passed what an int64
// holds (the result is then wrong and must not be used).
type oreSum struct{ overflow bool }

func (o *oreSum) add(a, b int64) int64 {
	s := a + b
	if (s > a) != (b > 0) {
		o.overflow = true
	}
	return s
}

func (o *oreSum) sub(a, b int64) int64 {
	s := a - b
	if (s < a) != (b > 0) {
		o.overflow = true
	}
	return s
}

// String writes the range as the dataset file does: "45", or "60-61".
func (r AccountRange) String() string {
	if r.From == r.To {
		return r.From
	}
	return r.From + "-" + r.To
}

// ParseAccountRange reads an account or account range as written in the dataset file:
// "3", "4510", "60-61", "3010-3029". Both ends are account numbers (digits), the first
// not after the last. It returns an EINVALID error otherwise.
func ParseAccountRange(s string) (AccountRange, error) {
	from, to, ok := strings.Cut(s, "-")
	if !ok {
		to = from
	}
	from, to = strings.TrimSpace(from), strings.TrimSpace(to)
	if !digits(from) || !digits(to) {
		return AccountRange{}, Errorf(EINVALID, "%q är inget konto eller kontointervall (skriv till exempel \"45\" eller \"60-61\")", s)
	}
	if from > to[:min(len(to), len(from))] {
		return AccountRange{}, Errorf(EINVALID, "kontointervallet %q börjar efter sitt slut", s)
	}
	return AccountRange{From: from, To: to}, nil
}

func digits(s string) bool {
	if s == "" || len(s) > 20 {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// Rules returns the table's account mapping: its own rules, or, when it has none and its
// rows include every row that KommunBasRules names, the Kommun-Bas default. A table
// without either is not filled from the ledger.
func (t *MoneyTable) Rules() []AccountRule {
	if len(t.Mapping) > 0 {
		return t.Mapping
	}
	leaves := t.leafRows()
	for _, r := range KommunBasRules() {
		if !leaves[r.Row] {
			return nil
		}
	}
	return KommunBasRules()
}

// Leaves returns the table's rows that hold amounts (not groups), in order.
func (t *MoneyTable) Leaves() []MoneyRow { return appendLeaves(nil, t.Rows) }

func appendLeaves(out, rows []MoneyRow) []MoneyRow {
	for _, r := range rows {
		if r.Group {
			out = appendLeaves(out, r.Rows)
		} else {
			out = append(out, r)
		}
	}
	return out
}

// leafRows returns the IDs of the table's rows that hold amounts (not groups).
func (t *MoneyTable) leafRows() map[string]bool {
	ids := map[string]bool{}
	for _, r := range t.Leaves() {
		ids[r.ID] = true
	}
	return ids
}

// LedgerEntry is one aggregated amount of a unit's imported ledger: öre in the ledger's
// sign (costs positive) for an account and month; Dimension 0 with Object "" is the
// account's total, other entries the part booked on an object of a dimension.
type LedgerEntry struct {
	Unit      string
	Account   string
	Dimension int
	Object    string
	Month     int // YYYYMM
	Amount    int64
}

// LedgerData is what the store holds from the accounting system (SIE imports) for a
// municipality: outcome and budget per unit, account, month and, for the dimensions that
// account mappings name, object. Like Kolada data it is kept apart from the amounts people
// enter and is not part of the dataset format.
type LedgerData struct {
	Outcome []LedgerEntry
	Budget  []LedgerEntry
	// Charts are the charts of accounts of the imports the amounts come from.
	Charts []LedgerChart
	// Movements are the balance accounts' (classes 1–2) changes per unit, account and
	// month (Dimension 0 only), summed over the imports as Outcome is.
	Movements []LedgerEntry
	// Balances are the opening and closing balances (#IB, #UB) of the balance accounts and
	// the results (#RES) of the result accounts as each import gives them, for its fiscal
	// year and the one before, sorted by unit, year, account, import year and source (see
	// LedgerBalance).
	Balances []LedgerBalance
	// AccountNames are the names of the units' accounts as the imports declare them
	// (#KONTO), one per unit and account, sorted by unit and account. The store takes each
	// from the unit's import of the latest fiscal year that names the account (the latest
	// imported among those of the same year).
	AccountNames []LedgerAccountName
}

// LedgerAccountName is the name an import gives a unit's account (#KONTO).
type LedgerAccountName struct {
	Unit, Account, Name string
}

// LedgerChart is the chart of accounts that an import's SIE file declares.
type LedgerChart struct {
	Unit, Source string
	Year         int
	Chart        string // #KPTYP as the file writes it; "" when it does not say
}

// IsKommunBasChart reports whether an SIE file's chart type (#KPTYP) names SKR's
// Kommun-Bas, whose rules KommunBasRules follows: "KBAS2021", "Kommun-Bas 13",
// "KOMMUNBAS". Companies' BAS charts (BAS95, EUBAS97, BAS2008 ...) give other meanings
// to the same account numbers (BAS class 4 is goods and material, not transfers and
// purchased activity). An empty chart type, which many municipal exports write, is not
// Kommun-Bas by this test; callers that only warn should leave it alone.
func IsKommunBasChart(kptyp string) bool {
	var b strings.Builder
	for _, r := range strings.ToUpper(kptyp) {
		if r != ' ' && r != '-' && r != '_' {
			b.WriteRune(r)
		}
	}
	s := b.String()
	return strings.HasPrefix(s, "KBAS") || strings.HasPrefix(s, "KOMMUNBAS")
}

// LedgerSums are ledger amounts for some months summed per account (Accounts) and per
// dimension, account and object (Objects[dimension][account][object]).
type LedgerSums struct {
	Accounts map[string]int64
	Objects  map[int]map[string]map[string]int64
	// Overflow says that a sum passed what an int64 holds: the sums must not be used.
	Overflow bool
}

// LedgerOf returns the ledger the period is filled from: the one it was locked with, or
// else current (the municipality's ledger).
func (p *Period) LedgerOf(current *LedgerData) *LedgerData {
	if p.Ledger != nil {
		return p.Ledger
	}
	return current
}

// HasOutcome reports whether the ledger holds outcome of the unit in the months from..to
// (YYYYMM, inclusive).
func (l *LedgerData) HasOutcome(unit string, from, to int) bool {
	if l == nil {
		return false
	}
	for _, e := range l.Outcome {
		if e.Unit == unit && e.Month >= from && e.Month <= to {
			return true
		}
	}
	return false
}

// sums returns the unit's entries for months from..to summed, and whether any entry of
// the unit falls in those months.
func sumEntries(entries []LedgerEntry, unit string, from, to int) (LedgerSums, bool) {
	s := LedgerSums{Accounts: map[string]int64{}, Objects: map[int]map[string]map[string]int64{}}
	found := false
	var sum oreSum
	for _, e := range entries {
		if e.Unit != unit || e.Month < from || e.Month > to {
			continue
		}
		found = true
		if e.Dimension == 0 {
			s.Accounts[e.Account] = sum.add(s.Accounts[e.Account], e.Amount)
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
		byAcc[e.Account][e.Object] = sum.add(byAcc[e.Account][e.Object], e.Amount)
	}
	s.Overflow = sum.overflow
	return s, found
}

// MapLedgerSums is MapLedger with objects: a rule restricted to objects of a dimension
// takes, for each account it matches, the amounts booked on those objects; what the
// account has left goes on to the next rules. Unmapped accounts are returned with what no
// rule took. When the sums overflowed (s.Overflow), or a row's sum does, both maps are
// nil.
func MapLedgerSums(rules []AccountRule, s LedgerSums) (rows map[string]Amount, unmapped map[string]int64) {
	if s.Overflow {
		return nil, nil
	}
	rows, unmapped = map[string]Amount{}, map[string]int64{}
	var sum oreSum
	accounts := make([]string, 0, len(s.Accounts))
	for a := range s.Accounts {
		accounts = append(accounts, a)
	}
	sort.Strings(accounts)
	for _, a := range accounts {
		left := s.Accounts[a]
		taken := map[int]map[string]bool{}
		mapped := false
		for _, r := range rules {
			if !r.Matches(a) {
				continue
			}
			if r.Dimension == 0 {
				rows[r.Row] = Amount(sum.sub(int64(rows[r.Row]), left))
				left, mapped = 0, true
				break
			}
			if taken[r.Dimension] == nil {
				taken[r.Dimension] = map[string]bool{}
			}
			if _, ok := rows[r.Row]; !ok {
				rows[r.Row] = 0
			}
			for _, o := range r.Objects {
				if taken[r.Dimension][o] {
					continue
				}
				taken[r.Dimension][o] = true
				v := s.Objects[r.Dimension][a][o]
				rows[r.Row] = Amount(sum.sub(int64(rows[r.Row]), v))
				left = sum.sub(left, v)
			}
		}
		if !mapped && left != 0 && a != "" && a[0] >= '3' && a[0] <= '7' {
			unmapped[a] = left
		}
	}
	if sum.overflow {
		return nil, nil
	}
	return rows, unmapped
}

// UnmappedAccount is a ledger account with an amount in a period that no rule of a money
// table maps to a row.
type UnmappedAccount struct {
	Table   string // the money table's ID
	Account string
	Amount  int64 // öre, in the ledger's sign (costs positive), for the period's months
}

// LedgerMonths returns the period's first and last month (YYYYMM), as the ledger counts
// them.
func (p *Period) LedgerMonths() (from, to int) {
	s := p.StartDate()
	return s.Year()*100 + int(s.Month()), p.Cutoff.Year()*100 + int(p.Cutoff.Month())
}

// ledgerColumn is a kind of column the ledger fills: its kind and period, the months it
// covers relative to the period, whether it takes the budget (#PBUDGET) rather than the
// outcome, and the classes of accounts it takes ("" for all that the rules map).
type ledgerColumn struct {
	kind    ColumnKind
	period  ColumnPeriod
	budget  bool
	classes string // the first digits of the accounts it takes; "" for every account
	name    string // as a sentence names it
}

// ledgerColumns are what the ledger can fill, in the order a table's columns are looked
// up: outcome of the period (or, with period year, of the year up to the cut-off), the
// outcome of last year's same months or whole year, the budget of the period or the year,
// and income (class 3) and costs (classes 4–8) for the same four spans as the outcome.
var ledgerColumns = []ledgerColumn{
	{KindOutcome, PeriodPeriod, false, "", "periodens utfall"},
	{KindOutcome, PeriodYear, false, "", "årets utfall"},
	{KindPriorOutcome, PeriodPriorPeriod, false, "", "fjolårets utfall"},
	{KindPriorOutcome, PeriodPriorYear, false, "", "fjolårets utfall för helåret"},
	{KindBudget, PeriodPeriod, true, "", "periodens budget"},
	{KindBudget, PeriodYear, true, "", "årsbudgeten"},
	{KindIncome, PeriodPeriod, false, incomeClasses, "periodens intäkter"},
	{KindIncome, PeriodYear, false, incomeClasses, "årets intäkter"},
	{KindIncome, PeriodPriorPeriod, false, incomeClasses, "fjolårets intäkter"},
	{KindIncome, PeriodPriorYear, false, incomeClasses, "fjolårets intäkter för helåret"},
	{KindCost, PeriodPeriod, false, costClasses, "periodens kostnader"},
	{KindCost, PeriodYear, false, costClasses, "årets kostnader"},
	{KindCost, PeriodPriorPeriod, false, costClasses, "fjolårets kostnader"},
	{KindCost, PeriodPriorYear, false, costClasses, "fjolårets kostnader för helåret"},
}

// The account classes of Kommun-Bas that fill a table's income and cost columns: class 3
// is the operation's income; classes 4–7 its costs and class 8 the financial items
// (interest, mostly costs for a board) that a mapping may bring to a row. A row's income
// and costs are the parts of what the rules map to it on these accounts, so that income +
// cost is the row's outcome wherever the rules map only accounts of classes 3–8.
const (
	incomeClasses = "3"
	costClasses   = "45678"
)

// months returns the first and last month (YYYYMM) the column covers for a period from..to
// of the year.
func (c ledgerColumn) months(from, to, year int) (int, int) {
	switch {
	case c.budget && c.period == PeriodYear:
		return year*100 + 1, year*100 + 12
	case c.budget:
		return from, to
	}
	switch c.period {
	case PeriodYear:
		return year*100 + 1, to
	case PeriodPriorPeriod:
		return from - 100, to - 100
	case PeriodPriorYear:
		return (year-1)*100 + 1, (year-1)*100 + 12
	}
	return from, to
}

// LedgerFilled returns the IDs of the table's columns that the ledger fills when it holds
// the unit's figures (see ApplyLedger): one entered column for each kind and period it
// fills, found by kind and period, never by ID. A table with rules but none of these
// columns gets nothing from the ledger.
func (t *MoneyTable) LedgerFilled() []MoneyColumn {
	var out []MoneyColumn
	for _, c := range ledgerColumns {
		if id, ok := t.ColumnOf(c.kind, c.period); ok && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

// onlyClasses returns the sums of the accounts whose first digit is one of classes.
func (s LedgerSums) onlyClasses(classes string) LedgerSums {
	if classes == "" {
		return s
	}
	in := func(a string) bool { return a != "" && strings.IndexByte(classes, a[0]) >= 0 }
	out := LedgerSums{Accounts: map[string]int64{}, Objects: map[int]map[string]map[string]int64{}, Overflow: s.Overflow}
	for a, v := range s.Accounts {
		if in(a) {
			out.Accounts[a] = v
		}
	}
	for d, byAcc := range s.Objects {
		for a, byObj := range byAcc {
			if in(a) {
				if out.Objects[d] == nil {
					out.Objects[d] = map[string]map[string]int64{}
				}
				out.Objects[d][a] = byObj
			}
		}
	}
	return out
}

// ApplyLedger returns the period with its money tables filled from the ledger, and the
// accounts with outcome in the period that no rule maps. For every table with rules
// (MoneyTable.Rules) the rows that a rule names get, when the ledger holds the unit's
// outcome for the months a column covers, the column's figure through the rules: an
// outcome column of the period (or of the year up to the cut-off), a prior_outcome of the
// same months a year earlier or of the whole year before, and income and cost columns of
// any of those four spans, income being what the rules map to the row on accounts of class
// 3 and costs what they map on classes 4–8 (see ledgerColumns); and, when the ledger holds
// the unit's budget (#PBUDGET), a budget of the period's months or of the whole year. The
// ledger wins over amounts entered by hand; rows no rule names keep theirs. Only columns
// the table has are set, found by kind and period (MoneyTable.LedgerFilled). A locked
// period is filled from the ledger it was locked with (Period.Ledger), not from l.
//
// The unmapped accounts are reported for tables the ledger fills with something of the
// period's months (an outcome, income or cost column of the period).
//
// A table with a Periodisation whose period budget the ledger did not give gets it from
// its annual budget (see periodise), whether or not a ledger is imported. Every table
// that got amounts this way says how in Derived. When nothing applies, per itself is
// returned; otherwise a copy, and per is not changed.
func ApplyLedger(per *Period, l *LedgerData) (*Period, []UnmappedAccount) {
	l = per.LedgerOf(l)
	if l != nil && len(l.Outcome) == 0 && len(l.Budget) == 0 {
		l = nil
	}
	from, to := per.LedgerMonths()
	year := per.Cutoff.Year()
	var out *Period
	var unmapped []UnmappedAccount
	for i := range per.MoneyTables {
		t := &per.MoneyTables[i]
		rules := t.Rules()
		filled := map[MoneyColumn]map[string]Amount{}
		var derived, overflowed []string
		rows := t.Rows
		if l != nil && len(rules) > 0 {
			var labels []string
			periodFilled := false
			for _, c := range ledgerColumns {
				id, ok := t.ColumnOf(c.kind, c.period)
				if !ok || filled[id] != nil {
					continue
				}
				entries := l.Outcome
				if c.budget {
					entries = l.Budget
				}
				lo, hi := c.months(from, to, year)
				s, ok := sumEntries(entries, per.Unit, lo, hi)
				if !ok {
					continue
				}
				byRow, _ := MapLedgerSums(rules, s.onlyClasses(c.classes))
				if byRow == nil {
					// Only absurd amounts get here: the import refuses a month whose sum
					// passes 64 bits, but several months together still may.
					overflowed = append(overflowed, c.name)
					continue
				}
				filled[id] = byRow
				labels = append(labels, c.name)
				if !c.budget && c.period == PeriodPeriod {
					periodFilled = true
				}
			}
			if periodFilled {
				s, _ := sumEntries(l.Outcome, per.Unit, from, to)
				_, un := MapLedgerSums(rules, s)
				for _, a := range sortedKeys(un) {
					unmapped = append(unmapped, UnmappedAccount{Table: t.ID, Account: a, Amount: un[a]})
				}
			}
			if len(filled) > 0 {
				named := map[string]bool{}
				for _, r := range rules {
					named[r.Row] = true
				}
				rows = fillRows(t.Rows, named, filled)
				source := "den importerade bokföringen (SIE)"
				if per.Ledger != nil {
					source = "bokföringen (SIE) som den var när perioden låstes"
				}
				derived = append(derived, Capitalize(JoinAnd(labels))+" kommer från "+source+" för de rader som kontomappningen anger.")
			}
			if len(overflowed) > 0 {
				derived = append(derived, Capitalize(JoinAnd(overflowed))+" kan inte räknas fram ur bokföringen: beloppen summerar till mer än ett belopp kan vara (över 92 biljarder kronor), så de är inte ifyllda.")
			}
		}
		if t.Periodisation != "" && t.HasColumn(ColPeriodBudget) && t.HasColumn(ColBudget) && filled[ColPeriodBudget] == nil {
			var note string
			rows, note = periodise(t.Periodisation, rows, rules, l, per.Unit, from, to)
			derived = append(derived, note)
		}
		if len(derived) == 0 {
			continue
		}
		if out == nil {
			cp := *per
			cp.MoneyTables = append([]MoneyTable(nil), per.MoneyTables...)
			out = &cp
		}
		out.MoneyTables[i].Rows = rows
		out.MoneyTables[i].Derived = derived
	}
	if out == nil {
		return per, unmapped
	}
	return out, unmapped
}

// fillRows returns a copy of rows with the filled amounts set on the named rows.
func fillRows(rows []MoneyRow, named map[string]bool, filled map[MoneyColumn]map[string]Amount) []MoneyRow {
	return mapLeaves(rows, func(r MoneyRow) MoneyRow {
		if !named[r.ID] {
			return r
		}
		set := make(map[MoneyColumn]Amount, len(filled))
		for c, byRow := range filled {
			set[c] = byRow[r.ID]
		}
		return r.withAmounts(set)
	})
}

// withAmounts returns the row with the amounts of set replacing its own, in a new map (the
// row's map may be shared with the period it was copied from).
func (r MoneyRow) withAmounts(set map[MoneyColumn]Amount) MoneyRow {
	amounts := make(map[MoneyColumn]Amount, len(r.Amounts)+len(set))
	for c, a := range r.Amounts {
		amounts[c] = a
	}
	for c, a := range set {
		amounts[c] = a
	}
	r.Amounts = amounts
	return r
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
