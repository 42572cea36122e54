package sie

import (
	"io"
	"sort"
)

// Key is one cell of an aggregated ledger: an account, a dimension's object (dimension 0
// and object "" is the account's total over all objects) and a month (YYYYMM).
type Key struct {
	Account string
	Dim     int
	Object  string
	Month   int
}

// Ledger is a file's outcome and budget summed per Key, in öre in the ledger's sign
// (debit positive: costs positive, income negative).
type Ledger struct {
	Outcome map[Key]int64
	Budget  map[Key]int64
}

// Rows returns m's cells sorted by account, dimension, object and month.
func Rows(m map[Key]int64) []Key {
	keys := make([]Key, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		if a.Account != b.Account {
			return a.Account < b.Account
		}
		if a.Dim != b.Dim {
			return a.Dim < b.Dim
		}
		if a.Object != b.Object {
			return a.Object < b.Object
		}
		return a.Month < b.Month
	})
	return keys
}

// Aggregate reads a file and sums its result accounts (classes 3–8) per account, object
// and month, without keeping the transactions. Outcome comes from the vouchers' #TRANS
// rows where the file has vouchers, and otherwise from #PSALDO; #PSALDO of earlier years
// (year index < 0) is always kept, so a 4E file also gives last year's months. Budget
// comes from #PBUDGET. #RTRANS and #BTRANS are not counted: an #RTRANS is followed by the
// same row as #TRANS, and a #BTRANS row has been removed.
func Aggregate(r io.Reader, opts Options) (*File, *Ledger, error) {
	trans := map[Key]int64{}
	psaldo := map[Key]int64{}
	budget := map[Key]int64{}
	add := func(m map[Key]int64, account string, objs []Object, month int, amount int64) {
		if len(account) == 0 || account[0] < '3' {
			return // balance accounts
		}
		m[Key{Account: account, Month: month}] += amount
		for _, o := range objs {
			m[Key{Account: account, Dim: o.Dim, Object: o.Number, Month: month}] += amount
		}
	}
	f, err := Read(r, opts, Visitor{
		Trans: func(v *Voucher, t *Trans) error {
			if t.Kind == TRANS {
				add(trans, t.Account, t.Objects, int(t.Date)/100, t.Amount)
			}
			return nil
		},
		Balance: func(b *Balance) error {
			switch b.Kind {
			case PSALDO:
				add(psaldo, b.Account, b.Objects, b.Period, b.Amount)
			case PBUDGET:
				add(budget, b.Account, b.Objects, b.Period, b.Amount)
			}
			return nil
		},
	})
	if err != nil {
		return f, nil, err
	}
	l := &Ledger{Outcome: psaldo, Budget: budget}
	if f.Transactions > 0 {
		if y0, ok := f.Year(0); ok {
			for k := range psaldo {
				if k.Month >= int(y0.Start)/100 && k.Month <= int(y0.End)/100 {
					delete(psaldo, k)
				}
			}
		} else {
			clear(psaldo)
		}
		for k, v := range trans {
			psaldo[k] += v
		}
	}
	return f, l, nil
}
