package tertial

import (
	"slices"
	"sort"
)

// Statements are the municipality's resultaträkning, balansräkning and kassaflödesanalys
// for a year, with the comparison year and, on the resultaträkning, the budget, computed
// from the ledger through a StatementLayout by BuildStatements. Amounts are öre in the
// presentation sign of each row (see StatementRow.Sign).
type Statements struct {
	Year      int // this year
	PriorYear int // the comparison year; 0 when there is none
	Through   int // the last month of this year's ledger, YYYYMM
	HasPrior  bool
	// HasBalances says, per year, whether its ledger carried opening and closing balances
	// (#IB/#UB): without them the balansräkning and kassaflödesanalys are not computed
	// from anything, and Check says so.
	HasBalances, PriorHasBalances bool
	// HasBudget says that the resultaträkning has a budget column: the ledger held a
	// budget (#PBUDGET) or amounts were entered.
	HasBudget bool
	// HasForecast says that the resultaträkning has a forecast for the whole year
	// (StatementOptions.Forecast). ForecastAsBudget are the accounts rows of the
	// resultaträkning with a budget or an outcome that no forecast was entered for, in the
	// layout's order: their forecast is their budget (0 without a budget), which the
	// report says.
	HasForecast      bool
	ForecastAsBudget []string
	// Lines are the layout's rows with their amounts, in the layout's order.
	Lines []StatementLine
	// Notes are the notes, by number.
	Notes []StatementNote
	// Unmapped are the accounts with amounts, of either year, that no row of the
	// resultaträkning or the balansräkning takes: their money is in no statement.
	Unmapped []UnmappedStatementAccount
	// EquityEntries are this year's entries directly against equity: the movement of each
	// equity account (the balansräkning's equity rows' accounts) in the year, presented as
	// equity is (an increase positive), the closing of the year's result (Kommun-Bas 89)
	// included so that they net it out. Their sum is what the equity changed by besides
	// the year's result.
	EquityEntries []EquityEntry
	// EquityOpening is the equity at the start of the year by the ledger's opening balances
	// (#IB), which hold last year's result: the base the equity check compares with when
	// there is no comparison year.
	EquityOpening Amount

	layout   *StatementLayout
	index    map[string]int
	noteRows map[string]Amount
}

// StatementLine is a statement row with its amounts.
type StatementLine struct {
	ID        string
	Statement StatementID
	Label     string
	Kind      RowKind
	Note      int
	Amount    Amount // this year
	Prior     Amount // the comparison year (when Statements.HasPrior)
	Budget    Amount // the year's budget (resultaträkning, when Statements.HasBudget)
	Forecast  Amount // the forecast for the whole year (resultaträkning, when Statements.HasForecast)
}

// StatementNote is a note: the accounts or account groups behind a statement row.
type StatementNote struct {
	Number    int
	Row       string // the statement row's ID
	Statement StatementID
	Label     string // the row's label
	Rows      []StatementNoteRow
	// Amount and Prior are the statement row's, which the note's rows sum to.
	Amount, Prior Amount
}

// StatementNoteRow is a row of a note.
type StatementNoteRow struct {
	ID       string // the layout's note row ID; "" for an unnamed group or an account
	Label    string
	Accounts []string // the accounts the row holds, of either year
	Amount   Amount
	Prior    Amount
}

// UnmappedStatementAccount is an account with amounts that no row takes.
type UnmappedStatementAccount struct {
	Year    int
	Account string
	// Opening, Closing and Movement are the account's figures in the ledger's sign.
	Opening, Closing, Movement int64
}

// EquityEntry is one equity account's movement in the year, presented as equity is.
type EquityEntry struct {
	Account string
	Amount  Amount
}

// StatementOptions are what BuildStatements takes besides the ledger.
type StatementOptions struct {
	// Budget are budget amounts entered for accounts rows of the resultaträkning, by row
	// ID, in the presentation sign; they replace the ledger's budget for those rows.
	Budget map[string]Amount
	// Forecast are the forecast for the whole year of accounts rows of the
	// resultaträkning, by row ID, in the presentation sign (StatementSetup.ForecastOf).
	// When it holds any row the resultaträkning has a forecast column; a row it does not
	// hold is forecast at its budget.
	Forecast map[string]Amount
}

// BuildStatements computes the statements of this year, with prior (nil for none) as the
// comparison year, through layout. It fails with an EINVALID error when the layout is not
// valid (StatementLayout.Validate), when an entered budget names a row that is not an
// accounts row of the resultaträkning, and when a sum passes what an int64 of öre holds.
func BuildStatements(layout *StatementLayout, this, prior *LedgerYear, opts StatementOptions) (*Statements, error) {
	if ps := layout.Validate(); len(ps) > 0 {
		return nil, Invalid(ps)
	}
	if this == nil {
		return nil, Errorf(EINVALID, "bokföringen för året saknas")
	}
	for id := range opts.Budget {
		r, ok := layout.Row(id)
		if !ok || r.Statement != Resultatrakning || r.Kind != RowAccounts {
			return nil, Errorf(EINVALID, "budget angiven för %q, som inte är en rad med konton i resultaträkningen", id)
		}
	}
	for id := range opts.Forecast {
		r, ok := layout.Row(id)
		if !ok || r.Statement != Resultatrakning || r.Kind != RowAccounts {
			return nil, Errorf(EINVALID, "prognos angiven för %q, som inte är en rad med konton i resultaträkningen", id)
		}
	}
	s := &Statements{Year: this.Year, Through: this.Through, HasBalances: this.HasBalances, layout: layout, index: map[string]int{}}
	var sum oreSum
	cur := evaluate(layout, this, &sum)
	var prev *columnAmounts
	var bud map[string]Amount
	if prior != nil {
		s.HasPrior, s.PriorYear, s.PriorHasBalances = true, prior.Year, prior.HasBalances
		prev = evaluate(layout, prior, &sum)
	}
	s.HasBudget = len(opts.Budget) > 0
	for _, a := range this.Accounts {
		if a.Budget != 0 {
			s.HasBudget = true
		}
	}
	if s.HasBudget {
		bud = evaluateBudget(layout, this, opts.Budget, &sum)
	}
	var fc map[string]Amount
	if len(opts.Forecast) > 0 {
		s.HasForecast = true
		fc, s.ForecastAsBudget = evaluateForecast(layout, opts.Forecast, bud, cur.rows, &sum)
	}
	for i, r := range layout.Rows {
		s.index[r.ID] = i
		s.Lines = append(s.Lines, StatementLine{ID: r.ID, Statement: r.Statement, Label: r.Label, Kind: r.Kind, Note: r.Note,
			Amount: cur.rows[r.ID], Prior: prev.get(r.ID), Budget: bud[r.ID], Forecast: fc[r.ID]})
	}
	s.Notes = buildNotes(layout, this, prior, cur, &sum)
	s.noteRows = map[string]Amount{}
	for _, n := range s.Notes {
		for _, r := range n.Rows {
			if r.ID != "" {
				s.noteRows[r.ID] = r.Amount
			}
		}
	}
	s.Unmapped = unmapped(layout, this)
	if prior != nil {
		s.Unmapped = append(s.Unmapped, unmapped(layout, prior)...)
	}
	s.EquityEntries, s.EquityOpening = equityEntries(layout, this, &sum)
	if sum.overflow {
		return nil, Errorf(EINVALID, "bokslutets belopp summerar till mer än ett belopp kan vara (över 92 biljarder kronor)")
	}
	return s, nil
}

// Line returns the line of the row with the ID.
func (s *Statements) Line(id string) (StatementLine, bool) {
	i, ok := s.index[id]
	if !ok {
		return StatementLine{}, false
	}
	return s.Lines[i], true
}

// Amount returns this year's amount of the row with the ID, 0 for an unknown row.
func (s *Statements) Amount(id string) Amount {
	l, _ := s.Line(id)
	return l.Amount
}

// Figures returns this year's amount of every row with an amount and of every note row
// with an ID, by ID: what the balance requirement, the financial goals and the five-year
// overview read ("arets-resultat", "realisationsvinster").
func (s *Statements) Figures() map[string]Amount {
	out := make(map[string]Amount, len(s.Lines)+len(s.noteRows))
	for _, l := range s.Lines {
		if l.Kind != RowHeading {
			out[l.ID] = l.Amount
		}
	}
	for id, a := range s.noteRows {
		out[id] = a
	}
	return out
}

// ForecastFigures returns the figures of the year as forecast: the resultaträkning's
// rows at their forecast for the whole year, the balansräkning's rows and the note rows at
// their amount through the cut-off (realisation gains made so far, the balance sheet of
// the day), and no kassaflödesanalys: its flows are the period's, which a measure must not
// set against a whole year's forecast, so the measures that need them (investments'
// financing) cannot be computed and say so. Nil when the statements have no forecast. A delårsrapport judges the balance
// requirement and the financial goals on them (RKR R17).
func (s *Statements) ForecastFigures() map[string]Amount {
	if !s.HasForecast {
		return nil
	}
	out := s.Figures()
	for _, l := range s.Lines {
		switch {
		case l.Kind == RowHeading:
		case l.Statement == Resultatrakning:
			out[l.ID] = l.Forecast
		case l.Statement == Kassaflode:
			delete(out, l.ID)
		}
	}
	return out
}

// PriorFigures returns the comparison year's amounts by row ID, as Figures does; nil when
// there is no comparison year.
func (s *Statements) PriorFigures() map[string]Amount {
	if !s.HasPrior {
		return nil
	}
	out := make(map[string]Amount, len(s.Lines))
	for _, l := range s.Lines {
		if l.Kind != RowHeading {
			out[l.ID] = l.Prior
		}
	}
	return out
}

// Layout returns the layout the statements were built with.
func (s *Statements) Layout() *StatementLayout { return s.layout }

// columnAmounts are one column's amounts by row ID.
type columnAmounts struct{ rows map[string]Amount }

func (c *columnAmounts) get(id string) Amount {
	if c == nil {
		return 0
	}
	return c.rows[id]
}

// measure returns the account's figure for the measure, in the ledger's sign.
func measure(a AccountYear, m Measure, sum *oreSum) int64 {
	switch m {
	case MeasureMovement:
		return a.Movement
	case MeasureClosing:
		return a.Closing
	case MeasureOpening:
		return a.Opening
	case MeasureChange:
		return sum.sub(a.Closing, a.Opening)
	}
	return 0
}

// present turns a ledger sum into the row's presentation sign.
func present(v int64, sign int, sum *oreSum) Amount {
	if sign < 0 {
		return Amount(sum.sub(0, v))
	}
	return Amount(v)
}

// evaluate computes every row of the layout for one year of the ledger.
func evaluate(l *StatementLayout, ly *LedgerYear, sum *oreSum) *columnAmounts {
	c := &columnAmounts{rows: map[string]Amount{}}
	for _, r := range l.Rows {
		if r.Kind != RowAccounts {
			continue
		}
		var v int64
		for _, t := range r.Terms {
			for _, a := range ly.Accounts {
				if t.Takes(a.Account) {
					v = sum.add(v, measure(a, t.Measure, sum))
				}
			}
		}
		c.rows[r.ID] = present(v, r.Sign, sum)
	}
	sumRows(l, c.rows, sum)
	return c
}

// evaluateBudget computes the resultaträkning's budget column: each accounts row's
// entered amount, or its accounts' budgets; sums as the other columns.
func evaluateBudget(l *StatementLayout, ly *LedgerYear, entered map[string]Amount, sum *oreSum) map[string]Amount {
	rows := map[string]Amount{}
	for _, r := range l.Rows {
		if r.Kind != RowAccounts || r.Statement != Resultatrakning {
			continue
		}
		if a, ok := entered[r.ID]; ok {
			rows[r.ID] = a
			continue
		}
		var v int64
		for _, t := range r.Terms {
			for _, a := range ly.Accounts {
				if t.Takes(a.Account) {
					v = sum.add(v, a.Budget)
				}
			}
		}
		rows[r.ID] = present(v, r.Sign, sum)
	}
	sumRows(l, rows, sum)
	// Only the resultaträkning has a budget: a sum elsewhere that adds its rows (the
	// balansräkning's year's result) has none.
	for _, r := range l.Rows {
		if r.Statement != Resultatrakning {
			delete(rows, r.ID)
		}
	}
	return rows
}

// evaluateForecast computes the resultaträkning's forecast column: each accounts row's
// entered forecast, or its budget (bud, nil without one); sums as the other columns. It
// also returns the accounts rows that took their budget and have a budget or an outcome
// (out, the year's column) to forecast: a row empty in both is not missing a forecast.
func evaluateForecast(l *StatementLayout, entered, bud, out map[string]Amount, sum *oreSum) (map[string]Amount, []string) {
	rows := map[string]Amount{}
	var asBudget []string
	for _, r := range l.Rows {
		if r.Kind != RowAccounts || r.Statement != Resultatrakning {
			continue
		}
		if a, ok := entered[r.ID]; ok {
			rows[r.ID] = a
			continue
		}
		rows[r.ID] = bud[r.ID]
		if bud[r.ID] != 0 || out[r.ID] != 0 {
			asBudget = append(asBudget, r.ID)
		}
	}
	sumRows(l, rows, sum)
	for _, r := range l.Rows {
		if r.Statement != Resultatrakning {
			delete(rows, r.ID)
		}
	}
	return rows, asBudget
}

// sumRows sets every sum row's amount in rows, whose accounts rows are set. The layout is
// valid, so no sum reaches itself.
func sumRows(l *StatementLayout, rows map[string]Amount, sum *oreSum) {
	byID := map[string]StatementRow{}
	for _, r := range l.Rows {
		byID[r.ID] = r
	}
	done := map[string]bool{}
	var eval func(id string) Amount
	eval = func(id string) Amount {
		r := byID[id]
		if r.Kind != RowSum || done[id] {
			return rows[id]
		}
		var v int64
		for _, s := range r.Sum {
			v = sum.add(v, int64(eval(s)))
		}
		rows[id], done[id] = Amount(v), true
		return rows[id]
	}
	for _, r := range l.Rows {
		if r.Kind == RowSum {
			eval(r.ID)
		}
	}
}

// buildNotes computes the notes of both years: each note row takes the accounts of its
// statement row that no earlier note row took; a note without rows lists each account,
// by number and the ledger's name of it (LedgerYear.AccountLabel), in account order.
func buildNotes(l *StatementLayout, this, prior *LedgerYear, cur *columnAmounts, sum *oreSum) []StatementNote {
	var notes []StatementNote
	for _, r := range l.Rows {
		if r.Note == 0 || r.Kind != RowAccounts {
			continue
		}
		n := StatementNote{Number: r.Note, Row: r.ID, Statement: r.Statement, Label: r.Label, Amount: cur.rows[r.ID]}
		groups := r.NoteRows
		rows := make([]StatementNoteRow, len(groups))
		for i, g := range groups {
			rows[i] = StatementNoteRow{ID: g.ID, Label: g.Label}
		}
		byAccount := map[string]int{} // account → index in rows, for notes listing accounts
		type rowAccount struct {
			row     int
			account string
		}
		seen := map[rowAccount]bool{}
		// A note listing accounts names each by the ledger's name of it, this year's or
		// else last year's; rowAccounts is the account of each such row.
		var rowAccounts []string
		accountLabel := func(a string) string {
			if this.Names[a] == "" && prior != nil && prior.Names[a] != "" {
				return prior.AccountLabel(a)
			}
			return this.AccountLabel(a)
		}
		add := func(ly *LedgerYear, isPrior bool) {
			for _, t := range r.Terms {
				for _, a := range ly.Accounts {
					if !t.Takes(a.Account) {
						continue
					}
					v := present(measure(a, t.Measure, sum), r.Sign, sum)
					i := -1
					if len(groups) > 0 {
						for j, g := range groups {
							if inRanges(g.Accounts, a.Account) {
								i = j
								break
							}
						}
						if i < 0 {
							continue // in no note row: the note does not sum to its row
						}
					} else {
						var ok bool
						if i, ok = byAccount[a.Account]; !ok {
							i = len(rows)
							byAccount[a.Account] = i
							rows = append(rows, StatementNoteRow{Label: accountLabel(a.Account)})
							rowAccounts = append(rowAccounts, a.Account)
						}
					}
					if isPrior {
						rows[i].Prior = Amount(sum.add(int64(rows[i].Prior), int64(v)))
					} else {
						rows[i].Amount = Amount(sum.add(int64(rows[i].Amount), int64(v)))
					}
					if k := (rowAccount{i, a.Account}); !seen[k] {
						seen[k] = true
						rows[i].Accounts = append(rows[i].Accounts, a.Account)
					}
				}
			}
		}
		add(this, false)
		if prior != nil {
			add(prior, true)
		}
		if len(groups) == 0 {
			// By account number: a name does not change the order.
			order := make([]int, len(rows))
			for i := range order {
				order[i] = i
			}
			sort.SliceStable(order, func(i, j int) bool { return rowAccounts[order[i]] < rowAccounts[order[j]] })
			sorted := make([]StatementNoteRow, len(rows))
			for i, k := range order {
				sorted[i] = rows[k]
			}
			rows = sorted
		}
		for i := range rows {
			sort.Strings(rows[i].Accounts)
		}
		n.Rows = rows
		notes = append(notes, n)
	}
	sort.SliceStable(notes, func(i, j int) bool { return notes[i].Number < notes[j].Number })
	return notes
}

// unmapped returns the year's accounts with an amount that no accounts row of the
// resultaträkning or the balansräkning takes.
func unmapped(l *StatementLayout, ly *LedgerYear) []UnmappedStatementAccount {
	var out []UnmappedStatementAccount
	for _, a := range ly.Accounts {
		if a.Opening == 0 && a.Closing == 0 && a.Movement == 0 {
			continue
		}
		taken := false
		for _, r := range l.Rows {
			if r.Kind != RowAccounts || r.Statement == Kassaflode {
				continue
			}
			for _, t := range r.Terms {
				if t.Takes(a.Account) {
					taken = true
				}
			}
		}
		if !taken {
			out = append(out, UnmappedStatementAccount{Year: ly.Year, Account: a.Account,
				Opening: a.Opening, Closing: a.Closing, Movement: a.Movement})
		}
	}
	return out
}

// equityRows returns the accounts rows the balansräkning's equity ("eget-kapital") sums,
// directly or through other sums.
func equityRows(l *StatementLayout) []StatementRow {
	var out []StatementRow
	seen := map[string]bool{}
	var walk func(id string)
	walk = func(id string) {
		if seen[id] {
			return
		}
		seen[id] = true
		r, ok := l.Row(id)
		if !ok {
			return
		}
		switch {
		case r.Kind == RowSum:
			for _, s := range r.Sum {
				walk(s)
			}
		case r.Kind == RowAccounts && r.Statement == Balansrakning:
			out = append(out, r)
		}
	}
	walk("eget-kapital")
	return out
}

// equityEntries returns the year's movements of the equity rows' accounts, presented as
// equity (closing balances as their change in the year, movements as they are), and the
// equity at the start of the year by the opening balances.
func equityEntries(l *StatementLayout, ly *LedgerYear, sum *oreSum) ([]EquityEntry, Amount) {
	var out []EquityEntry
	var opening int64
	for _, r := range equityRows(l) {
		for _, t := range r.Terms {
			for _, a := range ly.Accounts {
				if !t.Takes(a.Account) {
					continue
				}
				var v int64
				switch t.Measure {
				case MeasureClosing:
					v = sum.sub(a.Closing, a.Opening)
					opening = sum.add(opening, int64(present(a.Opening, r.Sign, sum)))
				case MeasureMovement, MeasureChange:
					v = measure(a, t.Measure, sum)
				}
				if v != 0 {
					out = append(out, EquityEntry{Account: a.Account, Amount: present(v, r.Sign, sum)})
				}
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Account < out[j].Account })
	return out, Amount(opening)
}

// WithPriorOf returns a copy of the statements whose comparison figures of the named
// statements (lines and notes) are other's: for a delårsrapport, whose balance sheet is
// compared with the previous year's closing one and whose resultaträkning with the same
// months of the year before (RKR R17). other must be built from the same layout and this
// year's ledger. The copy is for display; Check the statements it was made from.
func (s *Statements) WithPriorOf(other *Statements, which ...StatementID) *Statements {
	c := *s
	c.Lines = append([]StatementLine(nil), s.Lines...)
	for i, l := range c.Lines {
		if slices.Contains(which, l.Statement) {
			if o, ok := other.Line(l.ID); ok {
				c.Lines[i].Prior = o.Prior
			}
		}
	}
	c.Notes = append([]StatementNote(nil), s.Notes...)
	for i, n := range c.Notes {
		if !slices.Contains(which, n.Statement) {
			continue
		}
		for _, on := range other.Notes {
			if on.Row == n.Row {
				c.Notes[i].Rows = on.Rows
			}
		}
	}
	return &c
}
