package sie

import (
	"fmt"
	"slices"
	"strings"
)

// AccountBalance is an account's opening and closing balance (#IB, #UB; balance accounts
// of classes 1–2) or result (#RES; result accounts of classes 3–8) for a fiscal year of
// the file, in öre in the ledger's sign (debit positive). The Has fields say which rows
// the file has: a balance of zero and a balance not given are not the same.
type AccountBalance struct {
	YearIndex int // 0 or -1
	Account   string
	Opening   int64 // #IB
	Closing   int64 // #UB
	Result    int64 // #RES

	HasOpening, HasClosing, HasResult bool
}

// balances gathers, while Aggregate reads, the balance accounts' movements and the
// #IB, #UB and #RES rows of fiscal years 0 and -1.
type balances struct {
	fromTrans   *Cells // from #TRANS
	fromPsaldo  *Cells // from #PSALDO rows with objects
	psaldoTotal *Cells // from #PSALDO rows without objects
	rows        map[balanceKey]*AccountBalance
}

type balanceKey struct {
	year int
	acc  uint32
}

func newBalances(ix *index, max int) *balances {
	return &balances{fromTrans: newCells(ix, max), fromPsaldo: newCells(ix, max), psaldoTotal: newCells(ix, max), rows: map[balanceKey]*AccountBalance{}}
}

// trans adds a #TRANS row of a balance account to the account's month.
func (b *balances) trans(rd *reader, t *Trans) error {
	if t.acc.id >= 1<<accBits {
		return rd.errAt(0, "filen har fler än %d olika konton", 1<<accBits)
	}
	year, m, ok := splitMonth(int(t.Date) / 100)
	if !ok {
		return rd.errAt(0, "månaden %d går inte att lagra", int(t.Date)/100)
	}
	if !b.fromTrans.add(pack(t.acc.id, 0, year), m, t.Amount, t.Line) {
		return errCellFault
	}
	return nil
}

// psaldo adds a #PSALDO row of a balance account: a row without objects is the
// account's month, rows with objects are summed where there is none.
func (b *balances) psaldo(rd *reader, r *Balance) error {
	if r.acc.id >= 1<<accBits {
		return rd.errAt(0, "filen har fler än %d olika konton", 1<<accBits)
	}
	year, m, ok := splitMonth(r.Period)
	if !ok {
		return rd.errAt(0, "månaden %d går inte att lagra", r.Period)
	}
	c := b.psaldoTotal
	if len(r.objIDs) > 0 {
		c = b.fromPsaldo
	}
	if !c.add(pack(r.acc.id, 0, year), m, r.Amount, r.Line) {
		return errCellFault
	}
	return nil
}

// balance keeps an #IB or #UB row of a balance account, or a #RES row of a result
// account, of fiscal year 0 or -1. Rows of other years and accounts are left alone.
func (b *balances) balance(rd *reader, r *Balance) error {
	if r.Year != 0 && r.Year != -1 {
		return nil
	}
	if (r.Kind == RES) != r.acc.result || (r.Kind != RES && !r.acc.balance) {
		return nil
	}
	k := balanceKey{r.Year, r.acc.id}
	a := b.rows[k]
	if a == nil {
		a = &AccountBalance{YearIndex: r.Year, Account: r.acc.nr}
		b.rows[k] = a
	}
	var p *int64
	switch r.Kind {
	case IB:
		p, a.HasOpening = &a.Opening, true
	case UB:
		p, a.HasClosing = &a.Closing, true
	default:
		p, a.HasResult = &a.Result, true
	}
	v, ok := AddOre(*p, r.Amount)
	if !ok {
		return rd.errAt(0, "%s för kontot %s år %d summerar till mer än %s kr, mer än ett belopp kan vara", r.Kind, r.Account, r.Year, FormatOre(1<<63-1))
	}
	*p = v
	return nil
}

// finish sets the ledger's movements and balances: the #TRANS movements of fiscal year 0
// where the file has vouchers, with #PSALDO's months outside it; else #PSALDO's.
func (b *balances) finish(f *File, l *Ledger, name string) error {
	b.fromPsaldo.override(b.psaldoTotal)
	l.Movements = b.fromPsaldo
	if f.Transactions > 0 {
		if y0, ok := f.Year(0); ok {
			from, to := int(y0.Start)/100, int(y0.End)/100
			p := b.fromPsaldo
			for k, id := range p.blocks {
				_, _, year := unpack(k)
				blk, mask := p.blockOf(id), p.mask[id]
				for m := range 12 {
					if yyyymm := (yearBase+int(year))*100 + m + 1; mask&(1<<m) != 0 && (yyyymm < from || yyyymm > to) {
						b.fromTrans.add(k, m, blk[m], 0)
					}
				}
			}
			if e := b.fromTrans.err(name, "balanskontots förändring"); e != nil {
				return e
			}
		}
		l.Movements = b.fromTrans
	}
	l.Balances = make([]AccountBalance, 0, len(b.rows))
	for _, a := range b.rows {
		l.Balances = append(l.Balances, *a)
	}
	slices.SortFunc(l.Balances, func(a, b AccountBalance) int {
		if a.YearIndex != b.YearIndex {
			return b.YearIndex - a.YearIndex
		}
		return strings.Compare(a.Account, b.Account)
	})
	return nil
}

// String writes the balance as a line of a listing, for tests and messages.
func (a AccountBalance) String() string {
	var parts []string
	if a.HasOpening {
		parts = append(parts, "#IB "+FormatOre(a.Opening))
	}
	if a.HasClosing {
		parts = append(parts, "#UB "+FormatOre(a.Closing))
	}
	if a.HasResult {
		parts = append(parts, "#RES "+FormatOre(a.Result))
	}
	return fmt.Sprintf("%d %s %s", a.YearIndex, a.Account, strings.Join(parts, " "))
}
