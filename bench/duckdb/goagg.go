package duckdbbench

import (
	"fmt"
	"slices"
	"strings"

	"github.com/tertial/tertial/sie"
)

// Cell is one aggregated amount: sie.Key and öre.
type Cell struct {
	sie.Key
	Amount int64
}

// CompareCells orders cells as sie.Cells.All yields them.
func CompareCells(a, b Cell) int {
	if c := strings.Compare(a.Account, b.Account); c != 0 {
		return c
	}
	if a.Dim != b.Dim {
		return a.Dim - b.Dim
	}
	if c := strings.Compare(a.Object, b.Object); c != 0 {
		return c
	}
	return a.Month - b.Month
}

// resultAccounts says, per account code, whether the account is a result account
// (classes 3–9: sie.Aggregate keeps an account whose number starts at '3' or above).
func resultAccounts(r *Rows) []bool {
	keep := make([]bool, len(r.Accounts))
	for i, a := range r.Accounts {
		keep[i] = a != "" && a[0] >= '3'
	}
	return keep
}

// Blocks is the aggregation of sie.Cells (as of commit 17566f2), repeated here because
// its methods are not exported: the twelve months of an account × object × year are one
// block, found through an open-addressing hash table keyed by the account's, the object's
// and the year's numbers packed into 64 bits, with a mask of the months present; rows are
// added in batches of 2048 amounts, one pass for the look-ups and one for the writes,
// each after a pass that touches the places (a prefetch). Object code 0 is the account's
// total (dimension 0). sie.Aggregate runs this in a second goroutine while its reader
// parses; here one goroutine does it all, there being nothing to parse.
type Blocks struct {
	slots []slot
	shift uint
	nb    int
	slab  [][]int64
	mask  []uint16
	n     int // cells (months present)
	sink  uint64
}

type slot struct {
	key uint64
	id  uint32 // block number + 1; 0: empty
}

const (
	blockWords  = 12
	chunkShift  = 12
	chunkBlocks = 1 << chunkShift
	accBits     = 19
	objBits     = 28
	yearBits    = 13
	yearBase    = 1900
	batchLen    = 2048
)

func pack(acc, obj, year uint32) uint64 {
	return uint64(acc)<<(objBits+yearBits) | uint64(obj)<<yearBits | uint64(year)
}

func unpack(k uint64) (acc, obj, year uint32) {
	return uint32(k >> (objBits + yearBits)), uint32(k>>yearBits) & (1<<objBits - 1), uint32(k) & (1<<yearBits - 1)
}

func hash64(k uint64) uint64 { return k * 0x9E3779B97F4A7C15 }

func (c *Blocks) find(k uint64, h uint32) uint32 {
	mask := len(c.slots) - 1
	i := int(h)
	for {
		s := &c.slots[i]
		if s.key == k && s.id != 0 {
			return s.id - 1
		}
		if s.id == 0 {
			break
		}
		i = (i + 1) & mask
	}
	id := uint32(c.nb)
	c.slots[i] = slot{k, id + 1}
	c.nb++
	if id>>chunkShift >= uint32(len(c.slab)) {
		c.slab = append(c.slab, make([]int64, chunkBlocks*blockWords))
	}
	c.mask = append(c.mask, 0)
	return id
}

func (c *Blocks) grow() {
	old := c.slots
	size := max(1024, 2*len(old))
	c.slots = make([]slot, size)
	shift := uint(0)
	for 1<<shift < size {
		shift++
	}
	c.shift = 64 - shift
	mask := size - 1
	for _, s := range old {
		if s.id == 0 {
			continue
		}
		i := int(hash64(s.key) >> c.shift)
		for c.slots[i].id != 0 {
			i = (i + 1) & mask
		}
		c.slots[i] = s
	}
}

// cellAdd is an amount to add: the block's key shifted left by 4 bits, the month 0–11 in
// those bits.
type cellAdd struct {
	keyMonth uint64
	amount   int64
}

// addBatch adds the amounts as sie.Cells.addBatch does.
func (c *Blocks) addBatch(adds []cellAdd, ids []uint32) {
	n := len(adds)
	for 4*(c.nb+n) > 3*len(c.slots) {
		c.grow()
	}
	ids = ids[:n]
	slots, shift := c.slots, c.shift
	var sink uint64
	for i, a := range adds {
		h := uint32(hash64(a.keyMonth>>4) >> shift)
		ids[i] = h
		sink += slots[h].key
	}
	for i, a := range adds {
		k := a.keyMonth >> 4
		if s := slots[ids[i]]; s.key == k && s.id != 0 {
			ids[i] = s.id - 1
		} else {
			ids[i] = c.find(k, ids[i])
		}
	}
	for i, id := range ids {
		sink += uint64(c.slab[id>>chunkShift][int(id&(chunkBlocks-1))*blockWords+int(adds[i].keyMonth&15)])
	}
	for i, id := range ids {
		a := adds[i]
		m := a.keyMonth & 15
		c.slab[id>>chunkShift][int(id&(chunkBlocks-1))*blockWords+int(m)] += a.amount
		if bit := uint16(1) << m; c.mask[id]&bit == 0 {
			c.mask[id] |= bit
			c.n++
		}
	}
	c.sink += sink
}

// Len is the number of cells.
func (c *Blocks) Len() int { return c.n }

// AggregateBlocks sums the rows' result accounts per account × month and per account ×
// object × month with sie.Cells' algorithm.
func AggregateBlocks(r *Rows) (*Blocks, error) {
	if len(r.Accounts) >= 1<<accBits || len(r.Objects) >= 1<<objBits {
		return nil, fmt.Errorf("för många konton eller objekt")
	}
	keep := resultAccounts(r)
	c := &Blocks{}
	adds := make([]cellAdd, 0, batchLen)
	ids := make([]uint32, batchLen)
	for i, acc := range r.Acc {
		if !keep[acc] {
			continue
		}
		yyyymm := int(r.Month[i])
		y, m := yyyymm/100, yyyymm%100
		if y < yearBase || y >= yearBase+1<<yearBits || m < 1 || m > 12 {
			return nil, fmt.Errorf("månaden %d går inte att lagra", yyyymm)
		}
		year, month, amount := uint32(y-yearBase), uint64(m-1), r.Amount[i]
		if len(adds)+1+len(r.Obj) > batchLen {
			c.addBatch(adds, ids)
			adds = adds[:0]
		}
		adds = append(adds, cellAdd{pack(acc, 0, year)<<4 | month, amount})
		for _, col := range r.Obj {
			if obj := col[i]; obj != 0 {
				adds = append(adds, cellAdd{pack(acc, obj, year)<<4 | month, amount})
			}
		}
	}
	if len(adds) > 0 {
		c.addBatch(adds, ids)
	}
	return c, nil
}

// Cells returns the blocks' cells, sorted.
func (c *Blocks) Cells(r *Rows) []Cell {
	out := make([]Cell, 0, c.n)
	for _, s := range c.slots {
		if s.id == 0 {
			continue
		}
		id := s.id - 1
		acc, obj, year := unpack(s.key)
		o := r.Objects[obj]
		off := int(id&(chunkBlocks-1)) * blockWords
		b := c.slab[id>>chunkShift][off : off+blockWords]
		for m := range 12 {
			if c.mask[id]&(1<<m) != 0 {
				out = append(out, Cell{sie.Key{Account: r.Accounts[acc], Dim: o.Dim, Object: o.Number, Month: (yearBase+int(year))*100 + m + 1}, b[m]})
			}
		}
	}
	slices.SortFunc(out, CompareCells)
	return out
}

// MapKey is a cell of AggregateMap: codes of Rows (object 0 is the account's total).
type MapKey struct {
	Acc, Obj uint32
	Month    int32
}

// AggregateMap is the straightforward Go aggregation of the same cells: one map entry per
// account × object × month.
func AggregateMap(r *Rows) map[MapKey]int64 {
	keep := resultAccounts(r)
	sums := map[MapKey]int64{}
	for i, acc := range r.Acc {
		if !keep[acc] {
			continue
		}
		month, amount := r.Month[i], r.Amount[i]
		sums[MapKey{acc, 0, month}] += amount
		for _, col := range r.Obj {
			if obj := col[i]; obj != 0 {
				sums[MapKey{acc, obj, month}] += amount
			}
		}
	}
	return sums
}

// MapCells returns AggregateMap's cells, sorted.
func MapCells(r *Rows, sums map[MapKey]int64) []Cell {
	out := make([]Cell, 0, len(sums))
	for k, v := range sums {
		o := r.Objects[k.Obj]
		out = append(out, Cell{sie.Key{Account: r.Accounts[k.Acc], Dim: o.Dim, Object: o.Number, Month: int(k.Month)}, v})
	}
	slices.SortFunc(out, CompareCells)
	return out
}
