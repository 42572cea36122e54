package tertial

import (
	"fmt"
	"math/big"
)

// The sammanställda räkenskaper (LKBR 12 kap., RKR R16): the kommunkoncernen's
// resultaträkning, balansräkning and kassaflödesanalys, made of the municipality's
// statements, each company's by the proportional method, and the eliminations of what
// passes between them (docs/statements.md, "Sammanställda räkenskaper").

// The kinds of finding Check gives for the consolidated statements, besides
// FindingCashFlow and FindingUnmapped. Each blocks an annual report.
const (
	FindingConsolidatedBalance = "koncernens-balansrakning-balanserar-inte" // the koncern's tillgångar ≠ eget kapital, avsättningar och skulder
	FindingEliminationSides    = "eliminering-balanserar-inte"              // an elimination whose debit and credit differ
	FindingCompanyNoLedger     = "bolag-utan-bokforing"                     // a company without books for the year
)

// ConsolidationCompany is a company's part of BuildConsolidated's input: the unit (of kind
// company, with its share), the layout its books are read through (nil for
// DefaultCompanyLayout) and its own books, this year's and the comparison year's (nil when
// it has none).
type ConsolidationCompany struct {
	Unit        Unit
	Layout      *StatementLayout
	This, Prior *LedgerYear
}

// ConsolidatedCompany is a company as the consolidation took it.
type ConsolidatedCompany struct {
	Unit  Unit
	Share Decimal
	// Statements are the company's statements with its share applied to its books
	// (ScaleLedgerYear); nil when it has no books for the year.
	Statements *Statements
	// NoPrior says that the company had no books for the comparison year, when the
	// consolidation has one.
	NoPrior bool
}

// ConsolidatedStatements are the kommunkoncernen's statements. The embedded Statements are
// the koncern's own, in the consolidated layout (Lines, Figures, Line): each accounts row
// is the municipality's amount, plus each company's (share applied), plus the
// eliminations', and each sum is added up again. There are no notes and no budget.
type ConsolidatedStatements struct {
	*Statements
	Municipality *Statements
	Companies    []ConsolidatedCompany
	// Eliminations are those entered for this year and for the comparison year.
	Eliminations []Elimination
	// Eliminated and PriorEliminated are what the eliminations changed each row by, this
	// year and in the comparison year, by row ID in the rows' presentation sign, sums and
	// the kassaflödesanalys included.
	Eliminated, PriorEliminated map[string]Amount
}

// ScaleLedgerYear returns the year's ledger with every figure multiplied by share percent
// (a company's part in proportional consolidation), in whole öre. It rounds so that
// what balanced still balances to the öre: the opening balances are rounded as a running
// sum over the accounts, as are the closing balances of the balance accounts together
// with the result accounts' movements (their sum is zero in balanced books), each account
// taking the difference between the rounded running sums; a balance account's movement
// is then its closing − opening, and the budgets are rounded the same way. An amount
// beyond an int64 sets Overflow. The accounts keep their names.
func ScaleLedgerYear(ly *LedgerYear, share Decimal) *LedgerYear {
	out := &LedgerYear{Unit: ly.Unit, Year: ly.Year, Through: ly.Through, Names: ly.Names, HasBalances: ly.HasBalances, Overflow: ly.Overflow}
	out.Accounts = make([]AccountYear, len(ly.Accounts))
	num := share.big()
	den := new(big.Int).Mul(big.NewInt(100), pow10(int(share.scale)))
	type running struct{ sum, done *big.Int }
	newRunning := func() *running { return &running{new(big.Int), new(big.Int)} }
	// next adds v to the running sum and returns the rounded scaled sum's growth.
	next := func(r *running, v int64) int64 {
		r.sum.Add(r.sum, big.NewInt(v))
		scaled := roundQuo(new(big.Int).Mul(r.sum, num), den)
		d := new(big.Int).Sub(scaled, r.done)
		r.done = scaled
		if !d.IsInt64() {
			out.Overflow = true
			return 0
		}
		return d.Int64()
	}
	opening, closing, budget := newRunning(), newRunning(), newRunning()
	var sum oreSum
	for i, a := range ly.Accounts {
		s := AccountYear{Account: a.Account}
		s.Opening = next(opening, a.Opening)
		s.Budget = next(budget, a.Budget)
		if BalanceAccount(a.Account) {
			s.Closing = next(closing, a.Closing)
			s.Movement = sum.sub(s.Closing, s.Opening)
		} else {
			s.Movement = next(closing, a.Movement)
		}
		out.Accounts[i] = s
	}
	if sum.overflow {
		out.Overflow = true
	}
	return out
}

// roundQuo returns n/d rounded half away from zero, d positive.
func roundQuo(n, d *big.Int) *big.Int {
	q, r := new(big.Int).QuoRem(n, d, new(big.Int))
	r.Abs(r).Mul(r, big.NewInt(2))
	if r.Cmp(d) >= 0 {
		if n.Sign() < 0 {
			q.Sub(q, big.NewInt(1))
		} else {
			q.Add(q, big.NewInt(1))
		}
	}
	return q
}

// BuildConsolidated computes the sammanställda räkenskaper of municipality's year (its
// statements, as BuildStatements gives them, with their comparison year if any) with the
// companies and the eliminations entered (those of other years are skipped), through
// layout (nil for DefaultConsolidatedLayout). Every accounts row of the municipality's
// layout and of each company's must be an accounts row of the same statement in layout,
// and every elimination's rows accounts rows of its resultaträkning or balansräkning;
// otherwise, or when a company is not of kind company with a valid share, it fails with
// an EINVALID error, as when a sum passes what an int64 of öre holds.
//
// The kassaflödesanalys is each part's, with what the eliminations do to it: an
// elimination on a row whose accounts a kassaflödesanalys row also takes moves that row as
// it moves the accounts (a balance eliminated both years moves no flow; one eliminated
// only this year moves the year's change).
func BuildConsolidated(layout *StatementLayout, municipality *Statements, companies []ConsolidationCompany, eliminations []Elimination) (*ConsolidatedStatements, error) {
	if layout == nil {
		layout = DefaultConsolidatedLayout()
	}
	if ps := layout.Validate(); len(ps) > 0 {
		return nil, Invalid(ps)
	}
	if municipality == nil {
		return nil, Errorf(EINVALID, "kommunens räkenskaper saknas")
	}
	var ps problems
	covers := func(what string, l *StatementLayout) {
		for _, r := range l.Rows {
			if r.Kind != RowAccounts {
				continue
			}
			if c, ok := layout.Row(r.ID); !ok || c.Kind != RowAccounts || c.Statement != r.Statement {
				ps.add("rows", "raden %q i %s har ingen rad med konton i samma räkenskap i den sammanställda uppställningen", r.ID, what)
			}
		}
	}
	covers("kommunens uppställning", municipality.Layout())
	year := municipality.Year
	cs := &ConsolidatedStatements{Municipality: municipality}
	for i, c := range companies {
		p := fmt.Sprintf("companies[%d]", i)
		if c.Unit.Kind != UnitCompany {
			ps.add(p, "enheten %q är inte ett bolag", c.Unit.ID)
			continue
		}
		for _, pr := range c.Unit.validateCompany() {
			ps.add(p+"."+pr.Path, "%s", pr.Message)
		}
		if c.Unit.Share == nil {
			continue
		}
		cl := c.Layout
		if cl == nil {
			cl = DefaultCompanyLayout()
		}
		covers(c.Unit.Name+"s uppställning", cl)
		cc := ConsolidatedCompany{Unit: c.Unit, Share: *c.Unit.Share}
		if c.This != nil {
			var prior *LedgerYear
			if municipality.HasPrior && c.Prior != nil {
				prior = ScaleLedgerYear(c.Prior, cc.Share)
			}
			cc.NoPrior = municipality.HasPrior && c.Prior == nil
			this := ScaleLedgerYear(c.This, cc.Share)
			if this.Overflow || (prior != nil && prior.Overflow) {
				return nil, Errorf(EINVALID, "%s: beloppen blir större än ett belopp kan vara", c.Unit.Name)
			}
			st, err := BuildStatements(cl, this, prior, StatementOptions{})
			if err != nil {
				return nil, err
			}
			cc.Statements = st
		}
		cs.Companies = append(cs.Companies, cc)
	}
	var thisYear, prevYear, beforeYear []Elimination
	for _, e := range eliminations {
		switch e.Year {
		case year:
			thisYear = append(thisYear, e)
		case year - 1:
			prevYear = append(prevYear, e)
		case year - 2:
			beforeYear = append(beforeYear, e)
		}
	}
	cs.Eliminations = append(append(cs.Eliminations, thisYear...), prevYear...)
	for _, pr := range ValidateEliminationRows(layout, cs.Eliminations) {
		ps.add("eliminations"+pr.Path, "%s", pr.Message)
	}
	if len(ps) > 0 {
		return nil, Invalid(ps)
	}
	var sum oreSum
	cs.Eliminated = eliminationEffects(layout, thisYear, prevYear, &sum)
	if municipality.HasPrior {
		cs.PriorEliminated = eliminationEffects(layout, prevYear, beforeYear, &sum)
	}
	s := &Statements{Year: year, PriorYear: municipality.PriorYear, Through: municipality.Through, HasPrior: municipality.HasPrior,
		HasBalances: municipality.HasBalances, PriorHasBalances: municipality.PriorHasBalances, layout: layout, index: map[string]int{}}
	cur, prev := map[string]Amount{}, map[string]Amount{}
	for _, r := range layout.Rows {
		if r.Kind != RowAccounts {
			continue
		}
		v := sum.add(int64(municipality.Amount(r.ID)), int64(cs.Eliminated[r.ID]))
		l, _ := municipality.Line(r.ID)
		p := sum.add(int64(l.Prior), int64(cs.PriorEliminated[r.ID]))
		for _, c := range cs.Companies {
			if c.Statements == nil {
				continue
			}
			cl, _ := c.Statements.Line(r.ID)
			v, p = sum.add(v, int64(cl.Amount)), sum.add(p, int64(cl.Prior))
		}
		cur[r.ID], prev[r.ID] = Amount(v), Amount(p)
	}
	for _, c := range cs.Companies {
		if c.Statements == nil {
			s.HasBalances = false
			continue
		}
		s.HasBalances = s.HasBalances && c.Statements.HasBalances
		if s.HasPrior && !c.NoPrior {
			s.PriorHasBalances = s.PriorHasBalances && c.Statements.PriorHasBalances
		}
	}
	sumRows(layout, cur, &sum)
	sumRows(layout, prev, &sum)
	sumRows(layout, cs.Eliminated, &sum)
	if cs.PriorEliminated != nil {
		sumRows(layout, cs.PriorEliminated, &sum)
	}
	for i, r := range layout.Rows {
		s.index[r.ID] = i
		line := StatementLine{ID: r.ID, Statement: r.Statement, Label: r.Label, Kind: r.Kind}
		if r.Kind != RowHeading {
			line.Amount = cur[r.ID]
			if s.HasPrior {
				line.Prior = prev[r.ID]
			}
		}
		s.Lines = append(s.Lines, line)
	}
	s.EquityOpening = municipality.EquityOpening
	if sum.overflow {
		return nil, Errorf(EINVALID, "de sammanställda räkenskapernas belopp summerar till mer än ett belopp kan vara (över 92 biljarder kronor)")
	}
	cs.Statements = s
	return cs, nil
}

// eliminationEffects returns what the year's eliminations change each accounts row by, in
// the rows' presentation sign: a debit adds its amount to the row in the ledger's sign, a
// credit takes it off. A kassaflödesanalys row moves with the eliminated rows whose
// (first) term shares accounts with one of its terms: by the year's effect for a movement
// or a closing balance, by the year before's for an opening balance, and by the
// difference for a change.
func eliminationEffects(layout *StatementLayout, year, before []Elimination, sum *oreSum) map[string]Amount {
	ledger := func(es []Elimination) map[string]int64 {
		m := map[string]int64{}
		for _, e := range es {
			m[e.Debit.Row] = sum.add(m[e.Debit.Row], int64(e.Debit.Amount))
			m[e.Credit.Row] = sum.sub(m[e.Credit.Row], int64(e.Credit.Amount))
		}
		return m
	}
	now, then := ledger(year), ledger(before)
	out := map[string]Amount{}
	rows := map[string]bool{}
	for id := range now {
		rows[id] = true
	}
	for id := range then {
		rows[id] = true
	}
	for _, r := range layout.Rows {
		if r.Kind != RowAccounts {
			continue
		}
		var v int64
		if r.Statement != Kassaflode {
			v = now[r.ID]
		} else {
			for _, tk := range r.Terms {
				for id := range rows {
					er, ok := layout.Row(id)
					if !ok || len(er.Terms) == 0 {
						continue
					}
					tr := er.Terms[0]
					if _, common := commonAccount(tr, tk); !common {
						continue
					}
					switch {
					case tr.Measure == MeasureMovement && tk.Measure == MeasureMovement:
						v = sum.add(v, now[id])
					case tr.Measure == MeasureClosing && tk.Measure == MeasureClosing:
						v = sum.add(v, now[id])
					case tr.Measure == MeasureClosing && tk.Measure == MeasureOpening:
						v = sum.add(v, then[id])
					case tr.Measure == MeasureClosing:
						v = sum.add(v, sum.sub(now[id], then[id]))
					}
				}
			}
		}
		if v != 0 {
			out[r.ID] = present(v, r.Sign, sum)
		}
	}
	return out
}

// Check returns what is wrong with the consolidated statements: a company without books
// for the year (or the comparison year); an elimination whose debit and credit differ,
// named; a koncern balance sheet that does not balance (either year), with each part's
// own difference; a cash flow that differs from the change in the koncern's liquid funds;
// and each account of a company's books that no row of its layout takes. None means they
// hold together.
func (c *ConsolidatedStatements) Check() []StatementFinding {
	var out []StatementFinding
	for _, co := range c.Companies {
		years := []int{}
		if co.Statements == nil {
			years = append(years, c.Year)
		}
		if co.NoPrior {
			years = append(years, c.PriorYear)
		}
		for _, y := range years {
			out = append(out, StatementFinding{Kind: FindingCompanyNoLedger, Year: y,
				Message: fmt.Sprintf("%s har ingen bokföring för %d: de sammanställda räkenskaperna saknar bolaget. Importera bolagets SIE-fil för %d för enheten %q: på webbplatsen under Organisation, Bokföring på bolagets rad, eller med tertial import sie FIL --unit %s --year %d.", co.Unit.Name, y, y, co.Unit.ID, co.Unit.ID, y)})
		}
	}
	for _, e := range c.Eliminations {
		if e.Debit.Amount == e.Credit.Amount {
			continue
		}
		var sum oreSum
		d := Amount(sum.sub(int64(e.Debit.Amount), int64(e.Credit.Amount)))
		out = append(out, StatementFinding{Kind: FindingEliminationSides, Year: e.Year, Row: e.Debit.Row,
			Message: fmt.Sprintf("Elimineringen %q %d (%s mot %s) balanserar inte: debet %s %s, kredit %s %s; skillnad %s.",
				e.Text, e.Year, c.unitName(e.Company), c.counterpart(e.Counterpart), c.label(e.Debit.Row), kronor(e.Debit.Amount),
				c.label(e.Credit.Row), kronor(e.Credit.Amount), kronor(d)),
			Amounts: []FindingAmount{
				{fmt.Sprintf("Debet %s (elimineringen %q %d)", c.label(e.Debit.Row), e.Text, e.Year), e.Debit.Amount},
				{fmt.Sprintf("Kredit %s (elimineringen %q %d)", c.label(e.Credit.Row), e.Text, e.Year), e.Credit.Amount},
			},
			Difference: d})
	}
	for _, col := range c.columns() {
		var sum oreSum
		assets, claims := col.get("summa-tillgangar"), col.get("summa-eget-kapital-avsattningar-skulder")
		d := Amount(sum.sub(int64(assets), int64(claims)))
		if d == 0 && !sum.overflow {
			continue
		}
		prior := col.year != c.Year
		part := func(s *Statements) Amount {
			if s == nil {
				return 0
			}
			l1, _ := s.Line("summa-tillgangar")
			l2, _ := s.Line("summa-eget-kapital-avsattningar-skulder")
			if prior {
				return Amount(sum.sub(int64(l1.Prior), int64(l2.Prior)))
			}
			return Amount(sum.sub(int64(l1.Amount), int64(l2.Amount)))
		}
		amounts := []FindingAmount{
			{fmt.Sprintf("Summa tillgångar (kommunkoncernens balansräkning %d)", col.year), assets},
			{fmt.Sprintf("Summa eget kapital, avsättningar och skulder (kommunkoncernens balansräkning %d)", col.year), claims},
			{fmt.Sprintf("Skillnad i kommunens balansräkning %d", col.year), part(c.Municipality)},
		}
		var parts []string
		for _, co := range c.Companies {
			if pd := part(co.Statements); pd != 0 {
				parts = append(parts, fmt.Sprintf("%s %s", co.Unit.Name, kronor(pd)))
			}
			amounts = append(amounts, FindingAmount{fmt.Sprintf("Skillnad i %ss balansräkning %d (ägarandel %s %%)", co.Unit.Name, col.year, swedishNumber(co.Share, co.Share.Scale())), part(co.Statements)})
		}
		el := c.Eliminated
		if prior {
			el = c.PriorEliminated
		}
		ed := Amount(sum.sub(int64(el["summa-tillgangar"]), int64(el["summa-eget-kapital-avsattningar-skulder"])))
		amounts = append(amounts, FindingAmount{fmt.Sprintf("Skillnad genom elimineringarna %d", col.year), ed})
		if md := part(c.Municipality); md != 0 {
			parts = append([]string{"kommunen " + kronor(md)}, parts...)
		}
		if ed != 0 {
			parts = append(parts, "elimineringarna "+kronor(ed))
		}
		where := ""
		if len(parts) > 0 {
			where = " Skillnaden kommer från " + JoinAnd(parts) + "."
		}
		out = append(out, StatementFinding{Kind: FindingConsolidatedBalance, Statement: Balansrakning, Row: "summa-tillgangar", Year: col.year,
			Message: fmt.Sprintf("Kommunkoncernens balansräkning %d balanserar inte: summa tillgångar %s, summa eget kapital, avsättningar och skulder %s; skillnad %s.%s",
				col.year, kronor(assets), kronor(claims), kronor(d), where),
			Amounts: amounts, Difference: d})
	}
	for _, f := range c.checkCashFlow() {
		f.Message = "Kommunkoncernen: " + f.Message
		out = append(out, f)
	}
	for _, co := range c.Companies {
		if co.Statements == nil {
			continue
		}
		for _, f := range co.Statements.checkUnmapped() {
			f.Message = co.Unit.Name + ": " + f.Message
			out = append(out, f)
		}
	}
	return out
}

func (c *ConsolidatedStatements) unitName(id string) string {
	for _, co := range c.Companies {
		if co.Unit.ID == id {
			return co.Unit.Name
		}
	}
	return id
}

func (c *ConsolidatedStatements) counterpart(id string) string {
	if id == "" {
		return "kommunen"
	}
	return c.unitName(id)
}

// EliminationsOf returns the eliminations of the year, in the order entered.
func (c *ConsolidatedStatements) EliminationsOf(year int) []Elimination {
	var out []Elimination
	for _, e := range c.Eliminations {
		if e.Year == year {
			out = append(out, e)
		}
	}
	return out
}

// StatementOf returns the statement (RR or BR) of an elimination side's row, "" when the
// layout has no such row.
func (c *ConsolidatedStatements) StatementOf(row string) StatementID {
	if r, ok := c.Layout().Row(row); ok {
		return r.Statement
	}
	return ""
}
