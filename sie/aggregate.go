package sie

import (
	"fmt"
	"io"
	"iter"
	"slices"
	"strings"
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
	Outcome *Cells
	Budget  *Cells
}

// Cells holds amounts per Key compactly: accounts and objects are numbered as they are
// first seen, and the twelve months of an account × object × year are one block of 13
// words (the months' amounts and a mask of the months present), found through a map
// keyed by the three numbers packed into 64 bits. A block costs about 125 bytes, so a
// file of fully booked years takes about 10 bytes a cell, a file that books each account ×
// object in one month only about 125, whatever the length of the account and object
// numbers. The memory an aggregation needs thus grows with the number of distinct account
// × object × year (bounded by the chart and the dimensions), not with the number of rows
// in the file; one block's look-up serves all rows of its year, which keeps the map small
// enough to stay in the processor's cache.
type Cells struct {
	ix     *index
	blocks map[uint64]uint32 // account, object, year → block number
	slab   [][]int64         // blocks, blockWords words each, in chunks that never move
	n      int               // months present
}

const (
	blockWords = 13       // 12 months and the mask of months present
	chunkWords = 13 << 12 // 4096 blocks a chunk
)

func newCells(ix *index) *Cells { return &Cells{ix: ix, blocks: map[uint64]uint32{}} }

// Len is the number of cells.
func (c *Cells) Len() int { return c.n }

// block returns the block of key k (see pack), adding it when new.
func (c *Cells) block(k uint64) []int64 {
	id, ok := c.blocks[k]
	if !ok {
		id = uint32(len(c.blocks))
		c.blocks[k] = id
		if int(id)*blockWords/chunkWords >= len(c.slab) {
			c.slab = append(c.slab, make([]int64, chunkWords))
		}
	}
	off := int(id) * blockWords % chunkWords
	return c.slab[int(id)*blockWords/chunkWords][off : off+blockWords : off+blockWords]
}

func (c *Cells) add(k uint64, month int, amount int64) {
	b := c.block(k)
	b[month] += amount
	if bit := int64(1) << month; b[12]&bit == 0 {
		b[12] |= bit
		c.n++
	}
}

// All yields the cells sorted by account, dimension, object and month. It needs 16 bytes
// a block while it runs.
func (c *Cells) All() iter.Seq2[Key, int64] {
	return func(yield func(Key, int64) bool) {
		ix := c.ix
		// Ranks of the account and object numbers in sort order, and their inverses.
		accOrder := make([]uint32, len(ix.accNames))
		for i := range accOrder {
			accOrder[i] = uint32(i)
		}
		slices.SortFunc(accOrder, func(a, b uint32) int { return strings.Compare(ix.accNames[a], ix.accNames[b]) })
		accRank := make([]uint32, len(accOrder))
		for r, id := range accOrder {
			accRank[id] = uint32(r)
		}
		objOrder := make([]uint32, len(ix.objs))
		for i := range objOrder {
			objOrder[i] = uint32(i)
		}
		slices.SortFunc(objOrder, func(a, b uint32) int {
			oa, ob := ix.objs[a], ix.objs[b]
			if oa.Dim != ob.Dim {
				return oa.Dim - ob.Dim
			}
			return strings.Compare(oa.Number, ob.Number)
		})
		objRank := make([]uint32, len(objOrder))
		for r, id := range objOrder {
			objRank[id] = uint32(r)
		}
		type entry struct {
			k  uint64
			id uint32
		}
		entries := make([]entry, 0, len(c.blocks))
		for k, id := range c.blocks {
			acc, obj, year := unpack(k)
			entries = append(entries, entry{pack(accRank[acc], objRank[obj], year), id})
		}
		slices.SortFunc(entries, func(a, b entry) int {
			switch {
			case a.k < b.k:
				return -1
			case a.k > b.k:
				return 1
			}
			return 0
		})
		for _, e := range entries {
			acc, obj, year := unpack(e.k)
			o := ix.objs[objOrder[obj]]
			off := int(e.id) * blockWords % chunkWords
			b := c.slab[int(e.id)*blockWords/chunkWords][off : off+blockWords]
			for m := range 12 {
				if b[12]&(1<<m) == 0 {
					continue
				}
				if !yield(Key{Account: ix.accNames[accOrder[acc]], Dim: o.Dim, Object: o.Number, Month: (yearBase+int(year))*100 + m + 1}, b[m]) {
					return
				}
			}
		}
	}
}

// The packing of a block's key: 19 bits of account number, 28 of object number (0: the
// account's total) and 17 of year (from 1900).
const (
	accBits  = 19
	objBits  = 28
	yearBits = 17
	yearBase = 1900
)

func pack(acc, obj, year uint32) uint64 {
	return uint64(acc)<<(objBits+yearBits) | uint64(obj)<<yearBits | uint64(year)
}

func unpack(k uint64) (acc, obj, year uint32) {
	return uint32(k >> (objBits + yearBits)), uint32(k>>yearBits) & (1<<objBits - 1), uint32(k) & (1<<yearBits - 1)
}

// splitMonth splits YYYYMM into the year as packed and the month 0–11.
func splitMonth(yyyymm int) (year uint32, month int, ok bool) {
	y, m := yyyymm/100, yyyymm%100
	if y < yearBase || y > 9999 || m < 1 || m > 12 {
		return 0, 0, false
	}
	return uint32(y - yearBase), m - 1, true
}

// index names the accounts and objects of an aggregation by the reader's numbers.
type index struct {
	accNames []string
	objs     []Object // [0] is no object
}

// Aggregate reads a file and sums its result accounts (classes 3–8) per account, object
// and month, without keeping the transactions. Outcome comes from the vouchers' #TRANS
// rows where the file has vouchers, and otherwise from #PSALDO; #PSALDO of earlier years
// (year index < 0) is always kept, so a 4E file also gives last year's months. Budget
// comes from #PBUDGET. #RTRANS and #BTRANS are not counted: an #RTRANS is followed by the
// same row as #TRANS, and a #BTRANS row has been removed.
func Aggregate(r io.Reader, opts Options) (*File, *Ledger, error) {
	ix := &index{}
	trans, psaldo, budget := newCells(ix), newCells(ix), newCells(ix)
	add := func(c *Cells, account string, acc uint32, objs []uint32, month int, amount int64) error {
		if len(account) == 0 || account[0] < '3' {
			return nil // balance accounts
		}
		if acc >= 1<<accBits {
			return fmt.Errorf("filen har fler än %d olika konton", 1<<accBits)
		}
		year, m, ok := splitMonth(month)
		if !ok {
			return fmt.Errorf("månaden %d går inte att lagra", month)
		}
		c.add(pack(acc, 0, year), m, amount)
		for _, obj := range objs {
			if obj >= 1<<objBits {
				return fmt.Errorf("filen har fler än %d olika objekt", 1<<objBits)
			}
			c.add(pack(acc, obj, year), m, amount)
		}
		return nil
	}
	rd, err := read(r, opts, Visitor{
		Trans: func(v *Voucher, t *Trans) error {
			if t.Kind == TRANS {
				return add(trans, t.Account, t.accID, t.objIDs, int(t.Date)/100, t.Amount)
			}
			return nil
		},
		Balance: func(b *Balance) error {
			switch b.Kind {
			case PSALDO:
				return add(psaldo, b.Account, b.accID, b.objIDs, b.Period, b.Amount)
			case PBUDGET:
				return add(budget, b.Account, b.accID, b.objIDs, b.Period, b.Amount)
			}
			return nil
		},
	})
	f := rd.f
	if err != nil {
		return f, nil, err
	}
	ix.accNames = make([]string, len(rd.accList))
	for i, a := range rd.accList {
		ix.accNames[i] = a.nr
	}
	ix.objs = rd.objList
	l := &Ledger{Outcome: psaldo, Budget: budget}
	if f.Transactions > 0 {
		// The vouchers give fiscal year 0; #PSALDO adds the months outside it.
		if y0, ok := f.Year(0); ok {
			from, to := int(y0.Start)/100, int(y0.End)/100
			for k, id := range psaldo.blocks {
				_, _, year := unpack(k)
				off := int(id) * blockWords % chunkWords
				b := psaldo.slab[int(id)*blockWords/chunkWords][off : off+blockWords]
				for m := range 12 {
					if yyyymm := (yearBase+int(year))*100 + m + 1; b[12]&(1<<m) != 0 && (yyyymm < from || yyyymm > to) {
						trans.add(k, m, b[m])
					}
				}
			}
		}
		l.Outcome = trans
	}
	return f, l, nil
}
