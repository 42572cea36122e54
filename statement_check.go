package tertial

import (
	"fmt"
	"strings"
)

// The kinds of StatementFinding: what `tertial check` reports about the statements. Each
// blocks an annual report.
const (
	FindingBalanceSheet   = "balansrakning-balanserar-inte" // tillgångar ≠ eget kapital, avsättningar och skulder
	FindingCashFlow       = "kassaflode-stammer-inte"       // the cash flow ≠ the balance sheet's change in liquid funds
	FindingEquity         = "resultat-eget-kapital"         // the year's result ≠ the change in equity net of direct entries
	FindingNote           = "not-summerar-inte"             // a note's rows do not sum to its row
	FindingUnmapped       = "konto-utan-rad"                // an account with amounts that no row takes
	FindingNetCostBalance = "nettokostnad-avstammer-inte"   // boards + finance ≠ verksamhetens nettokostnader
	FindingNoBalances     = "bokforing-utan-balanser"       // the ledger has no #IB/#UB: no balansräkning
)

// StatementFinding is something wrong with the statements, in Swedish words, with the
// amounts it compares and where each comes from.
type StatementFinding struct {
	Kind      string
	Statement StatementID // the statement it concerns ("" for the ledger as a whole)
	Row       string      // the row it concerns, if one
	Year      int
	Message   string // Swedish, with the amounts in kronor
	// Amounts are the figures compared, each with where it comes from.
	Amounts    []FindingAmount
	Difference Amount
}

// FindingAmount is one figure of a finding and where it comes from.
type FindingAmount struct {
	Label  string // Swedish: what and where from ("Summa tillgångar (balansräkningen 2025)")
	Amount Amount
}

// Check returns what is wrong with the statements: a ledger without opening and closing
// balances (either year); a balance sheet that does not balance
// (either year); a cash flow whose change in liquid funds differs from the balance
// sheet's; a year's result that differs from the change in equity net of the entries
// directly against equity; a note whose rows do not sum to its row (either year); and each
// account with amounts that no row takes. None means the statements hold together.
func (s *Statements) Check() []StatementFinding {
	var out []StatementFinding
	for _, y := range []struct {
		year int
		has  bool
	}{{s.Year, s.HasBalances}, {s.PriorYear, s.PriorHasBalances || !s.HasPrior}} {
		if !y.has {
			out = append(out, StatementFinding{Kind: FindingNoBalances, Statement: Balansrakning, Year: y.year,
				Message: fmt.Sprintf("Bokföringen för %d saknar ingående och utgående balanser (#IB och #UB): balansräkningen och kassaflödesanalysen kan inte räknas fram. Importera en SIE-fil med balanser.", y.year)})
		}
	}
	out = append(out, s.checkBalance()...)
	out = append(out, s.checkCashFlow()...)
	out = append(out, s.checkEquity()...)
	out = append(out, s.checkNotes()...)
	out = append(out, s.checkUnmapped()...)
	return out
}

func (s *Statements) label(id string) string {
	if l, ok := s.Line(id); ok {
		return l.Label
	}
	return id
}

// columns returns the years the statements have, with a function to read a row's amount
// in each.
func (s *Statements) columns() []struct {
	year int
	get  func(string) Amount
} {
	cols := []struct {
		year int
		get  func(string) Amount
	}{{s.Year, func(id string) Amount { l, _ := s.Line(id); return l.Amount }}}
	if s.HasPrior {
		cols = append(cols, struct {
			year int
			get  func(string) Amount
		}{s.PriorYear, func(id string) Amount { l, _ := s.Line(id); return l.Prior }})
	}
	return cols
}

func (s *Statements) checkBalance() []StatementFinding {
	var out []StatementFinding
	for _, c := range s.columns() {
		var sum oreSum
		assets, claims := c.get("summa-tillgangar"), c.get("summa-eget-kapital-avsattningar-skulder")
		d := Amount(sum.sub(int64(assets), int64(claims)))
		if d == 0 && !sum.overflow {
			continue
		}
		out = append(out, StatementFinding{Kind: FindingBalanceSheet, Statement: Balansrakning, Row: "summa-tillgangar", Year: c.year,
			Message: fmt.Sprintf("Balansräkningen %d balanserar inte: summa tillgångar %s, summa eget kapital, avsättningar och skulder %s; skillnad %s.",
				c.year, kronor(assets), kronor(claims), kronor(d)),
			Amounts: []FindingAmount{
				{fmt.Sprintf("%s (balansräkningen %d)", s.label("summa-tillgangar"), c.year), assets},
				{fmt.Sprintf("%s (balansräkningen %d)", s.label("summa-eget-kapital-avsattningar-skulder"), c.year), claims},
			},
			Difference: d})
	}
	return out
}

// checkCashFlow compares the year's cash flow with the change in liquid funds
// (kortfristiga placeringar and kassa och bank) between the balance sheets of the
// comparison year and this year; without a comparison year, with the liquid funds at the
// start of the year by the ledger's opening balances.
func (s *Statements) checkCashFlow() []StatementFinding {
	var sum oreSum
	flow := s.Amount("arets-kassaflode")
	end := Amount(sum.add(int64(s.Amount("kortfristiga-placeringar")), int64(s.Amount("kassa-och-bank"))))
	start, startFrom := s.Amount("likvida-medel-ib"), fmt.Sprintf("%s (kassaflödesanalysen %d, bokföringens ingående balanser)", s.label("likvida-medel-ib"), s.Year)
	if s.HasPrior {
		l1, _ := s.Line("kortfristiga-placeringar")
		l2, _ := s.Line("kassa-och-bank")
		start = Amount(sum.add(int64(l1.Prior), int64(l2.Prior)))
		startFrom = fmt.Sprintf("Kortfristiga placeringar och kassa och bank (balansräkningen %d)", s.PriorYear)
	}
	change := Amount(sum.sub(int64(end), int64(start)))
	d := Amount(sum.sub(int64(flow), int64(change)))
	if d == 0 && !sum.overflow {
		return nil
	}
	return []StatementFinding{{Kind: FindingCashFlow, Statement: Kassaflode, Row: "arets-kassaflode", Year: s.Year,
		Message: fmt.Sprintf("Kassaflödesanalysens årets kassaflöde %s stämmer inte med balansräkningens förändring av likvida medel %s (från %s till %s); skillnad %s.",
			kronor(flow), kronor(change), kronor(start), kronor(end), kronor(d)),
		Amounts: []FindingAmount{
			{fmt.Sprintf("%s (kassaflödesanalysen %d)", s.label("arets-kassaflode"), s.Year), flow},
			{startFrom, start},
			{fmt.Sprintf("Kortfristiga placeringar och kassa och bank (balansräkningen %d)", s.Year), end},
		},
		Difference: d}}
}

// checkEquity compares the year's result with the change in equity between the
// comparison year's balance sheet (or, without one, the ledger's opening balances) and
// this year's, net of the entries directly against equity (Statements.EquityEntries).
func (s *Statements) checkEquity() []StatementFinding {
	var sum oreSum
	result := s.Amount("arets-resultat")
	eq, _ := s.Line("eget-kapital")
	base, baseFrom := s.EquityOpening, fmt.Sprintf("Eget kapital vid årets början (bokföringens ingående balanser %d)", s.Year)
	if s.HasPrior {
		base, baseFrom = eq.Prior, fmt.Sprintf("%s (balansräkningen %d)", eq.Label, s.PriorYear)
	}
	var direct int64
	var named []string
	for _, e := range s.EquityEntries {
		direct = sum.add(direct, int64(e.Amount))
		named = append(named, fmt.Sprintf("konto %s %s", e.Account, kronor(e.Amount)))
	}
	change := sum.sub(int64(eq.Amount), int64(base))
	d := Amount(sum.sub(sum.sub(change, direct), int64(result)))
	if d == 0 && !sum.overflow {
		return nil
	}
	directText := "inga poster direkt mot eget kapital"
	if len(named) > 0 {
		directText = "poster direkt mot eget kapital " + kronor(Amount(direct)) + " (" + JoinAnd(named) + ")"
	}
	return []StatementFinding{{Kind: FindingEquity, Statement: Balansrakning, Row: "eget-kapital", Year: s.Year,
		Message: fmt.Sprintf("Årets resultat %s stämmer inte med förändringen av eget kapital %s (från %s till %s) med %s; skillnad %s.",
			kronor(result), kronor(Amount(change)), kronor(base), kronor(eq.Amount), directText, kronor(d)),
		Amounts: []FindingAmount{
			{fmt.Sprintf("%s (resultaträkningen %d)", s.label("arets-resultat"), s.Year), result},
			{baseFrom, base},
			{fmt.Sprintf("%s (balansräkningen %d)", eq.Label, s.Year), eq.Amount},
			{fmt.Sprintf("Poster direkt mot eget kapital %d (eget kapitals konton)", s.Year), Amount(direct)},
		},
		Difference: d}}
}

func (s *Statements) checkNotes() []StatementFinding {
	var out []StatementFinding
	for _, n := range s.Notes {
		years := []struct {
			year     int
			row      Amount
			noteRows func(StatementNoteRow) Amount
		}{{s.Year, n.Amount, func(r StatementNoteRow) Amount { return r.Amount }}}
		if s.HasPrior {
			l, _ := s.Line(n.Row)
			years = append(years, struct {
				year     int
				row      Amount
				noteRows func(StatementNoteRow) Amount
			}{s.PriorYear, l.Prior, func(r StatementNoteRow) Amount { return r.Prior }})
		}
		for _, y := range years {
			var sum oreSum
			var total int64
			for _, r := range n.Rows {
				total = sum.add(total, int64(y.noteRows(r)))
			}
			d := Amount(sum.sub(total, int64(y.row)))
			if d == 0 && !sum.overflow {
				continue
			}
			out = append(out, StatementFinding{Kind: FindingNote, Statement: n.Statement, Row: n.Row, Year: y.year,
				Message: fmt.Sprintf("Not %d (%s) summerar till %s för %d men raden i %s visar %s; skillnad %s. Notens rader tar inte alla radens konton.",
					n.Number, n.Label, kronor(Amount(total)), y.year, strings.ToLower(n.Statement.Name()), kronor(y.row), kronor(d)),
				Amounts: []FindingAmount{
					{fmt.Sprintf("Summa av not %d:s rader (%d)", n.Number, y.year), Amount(total)},
					{fmt.Sprintf("%s (%s %d)", n.Label, strings.ToLower(n.Statement.Name()), y.year), y.row},
				},
				Difference: d})
		}
	}
	return out
}

func (s *Statements) checkUnmapped() []StatementFinding {
	var out []StatementFinding
	for _, u := range s.Unmapped {
		var amounts []FindingAmount
		var parts []string
		for _, f := range []struct {
			label string
			v     int64
		}{{"ingående balans", u.Opening}, {"utgående balans", u.Closing}, {"årets belopp", u.Movement}} {
			if f.v != 0 {
				amounts = append(amounts, FindingAmount{fmt.Sprintf("Konto %s, %s %d (bokföringen)", u.Account, f.label, u.Year), Amount(f.v)})
				parts = append(parts, f.label+" "+kronor(Amount(f.v)))
			}
		}
		diff := Amount(u.Movement)
		if u.Closing != 0 {
			diff = Amount(u.Closing)
		}
		out = append(out, StatementFinding{Kind: FindingUnmapped, Year: u.Year, Row: "",
			Message: fmt.Sprintf("Konto %s har belopp %d (%s) men ingen rad i resultaträkningen eller balansräkningen tar det; lägg till kontot i uppställningen.",
				u.Account, u.Year, JoinAnd(parts)),
			Amounts: amounts, Difference: diff})
	}
	return out
}

// NetCostItem is an amount that makes up verksamhetens nettokostnader: a board's net
// cost or an item of the finance function (pensions, internal interest, …), in the
// presentation sign (costs negative).
type NetCostItem struct {
	Label  string
	Amount Amount
}

// NetCostReconciliation is the avstämning of the boards' net costs and the finance
// function's items with the resultaträkning's verksamhetens nettokostnader.
type NetCostReconciliation struct {
	Year       int
	Boards     []NetCostItem
	BoardsSum  Amount
	Finance    []NetCostItem
	Total      Amount // boards and finance together
	Statement  Amount // verksamhetens nettokostnader in the resultaträkning
	Difference Amount // Total − Statement
}

// Rows returns the avstämning as it is shown: each board, the boards' sum, each item of
// the finance function, the total, the resultaträkning's figure and the difference.
func (r NetCostReconciliation) Rows() []NetCostItem {
	out := append([]NetCostItem(nil), r.Boards...)
	out = append(out, NetCostItem{"Summa nämnder", r.BoardsSum})
	out = append(out, r.Finance...)
	out = append(out,
		NetCostItem{"Summa nämnder och finansförvaltning", r.Total},
		NetCostItem{"Verksamhetens nettokostnader enligt resultaträkningen", r.Statement},
		NetCostItem{"Differens", r.Difference})
	return out
}

// ReconcileNetCosts reconciles the boards' net costs and the finance function's items with
// the resultaträkning's verksamhetens nettokostnader. The finding is nil when they agree.
// It fails with an EINVALID error when the amounts sum to more than an int64 of öre holds.
func (s *Statements) ReconcileNetCosts(boards, finance []NetCostItem) (NetCostReconciliation, *StatementFinding, error) {
	var sum oreSum
	r := NetCostReconciliation{Year: s.Year, Boards: boards, Finance: finance, Statement: s.Amount("verksamhetens-nettokostnader")}
	for _, b := range boards {
		r.BoardsSum = Amount(sum.add(int64(r.BoardsSum), int64(b.Amount)))
	}
	r.Total = r.BoardsSum
	for _, f := range finance {
		r.Total = Amount(sum.add(int64(r.Total), int64(f.Amount)))
	}
	r.Difference = Amount(sum.sub(int64(r.Total), int64(r.Statement)))
	if sum.overflow {
		return NetCostReconciliation{}, nil, Errorf(EINVALID, "nämndernas nettokostnader summerar till mer än ett belopp kan vara (över 92 biljarder kronor)")
	}
	if r.Difference == 0 {
		return r, nil, nil
	}
	f := &StatementFinding{Kind: FindingNetCostBalance, Statement: Resultatrakning, Row: "verksamhetens-nettokostnader", Year: s.Year,
		Message: fmt.Sprintf("Nämndernas nettokostnader %s och finansförvaltningens poster %s blir %s, men verksamhetens nettokostnader i resultaträkningen %d är %s; skillnad %s.",
			kronor(r.BoardsSum), kronor(Amount(int64(r.Total)-int64(r.BoardsSum))), kronor(r.Total), s.Year, kronor(r.Statement), kronor(r.Difference)),
		Amounts: []FindingAmount{
			{fmt.Sprintf("Summa nämnder (nämndernas driftredovisning %d)", s.Year), r.BoardsSum},
			{fmt.Sprintf("Summa nämnder och finansförvaltning %d", s.Year), r.Total},
			{fmt.Sprintf("Verksamhetens nettokostnader (resultaträkningen %d)", s.Year), r.Statement},
		},
		Difference: r.Difference}
	return r, f, nil
}
