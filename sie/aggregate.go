package sie

import (
	"fmt"
	"io"
	"iter"
	"math/bits"
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
// first seen, and the twelve months of an account × object × year are one block of 12
// words; a mask per block says which months are present. A block costs about 130 bytes,
// so a file of fully booked years takes about 11 bytes a cell, a file that books each
// account × object in one month only about 130, whatever the length of the account and
// object numbers. The memory an aggregation needs thus grows with the number of distinct
// account × object × year (bounded by the chart and the dimensions), not with the number
// of rows in the file.
//
// A block is found by its account, object and year: through a row per account and year
// indexed by the object's number while such rows take no more memory than 8 numbers a
// block (as when most accounts are booked on most objects), else through a hash table of
// the three numbers packed into 64 bits. Adding a row's amount to its block costs that
// look-up and a write to the block, at random places in memory larger than the
// processor's caches. The rows are therefore added in batches (see addBatch), one pass for
// the look-ups and one for the writes, so that the processor waits for many of those places
// at once instead of one after the other.
type Cells struct {
	ix *index

	rows   [][]denseRow // per account number, its rows
	dense  int          // the numbers in rows (their capacity)
	slots  []cellSlot   // the hash table: open addressing, linear probing, at most 3/4 full
	shift  uint         // 64 - log2(len(slots))
	hashed int          // blocks in the hash table
	keys   []uint64     // per block, its key (see pack)
	slab   [][]int64    // blocks, blockWords words each, in chunks that never move
	mask   []uint16     // per block, the months present
	n      int          // months present
	sink   uint64       // what addBatch's prefetching loads sum to, kept so they are not removed
	stale  bool         // addBatch has added months that n does not count (see count)
}

// denseRow gives the blocks of an account and year by object number: block number + 1, 0
// for none.
type denseRow struct {
	year uint32
	ids  []uint32
}

// cellSlot is an entry of the hash table: a key and its block number + 1 (0: empty).
type cellSlot struct {
	key uint64
	id  uint32
}

const (
	blockWords  = 12 // the months
	chunkShift  = 12
	chunkBlocks = 1 << chunkShift // blocks a chunk
)

func newCells(ix *index) *Cells { return &Cells{ix: ix} }

// Len is the number of cells.
func (c *Cells) Len() int { return c.n }

// count sets n after addBatch.
func (c *Cells) count() {
	if c.stale {
		c.n = 0
		for _, m := range c.mask {
			c.n += bits.OnesCount16(m)
		}
		c.stale = false
	}
}

// dense returns the block of key k from the rows, if it is there.
func (c *Cells) denseID(acc, obj, year uint32) (uint32, bool) {
	if int(acc) < len(c.rows) {
		for _, r := range c.rows[acc] {
			if r.year == year {
				if int(obj) < len(r.ids) && r.ids[obj] != 0 {
					return r.ids[obj] - 1, true
				}
				break
			}
		}
	}
	return 0, false
}

// blockID returns the number of the block of key k, adding it when new.
func (c *Cells) blockID(k uint64) uint32 {
	acc, obj, year := unpack(k)
	if id, ok := c.denseID(acc, obj, year); ok {
		return id
	}
	if c.hashed > 0 {
		mask := len(c.slots) - 1
		for i := int(hash64(k) >> c.shift); c.slots[i].id != 0; i = (i + 1) & mask {
			if c.slots[i].key == k {
				return c.slots[i].id - 1
			}
		}
	}
	// A new block: in a row if there is room, else in the hash table.
	id := uint32(len(c.keys))
	c.keys = append(c.keys, k)
	if id>>chunkShift >= uint32(len(c.slab)) {
		c.slab = append(c.slab, make([]int64, chunkBlocks*blockWords))
	}
	c.mask = append(c.mask, 0)
	if !c.putDense(acc, obj, year, id) {
		c.putHashed(k, id)
	}
	return id
}

// putDense puts block id in its row, making or growing the row when the rows may take
// more memory.
func (c *Cells) putDense(acc, obj, year, id uint32) bool {
	limit := 8*len(c.keys) + 1024
	if int(acc) >= len(c.rows) {
		if c.dense+int(obj)+1 > limit {
			return false
		}
		c.rows = append(c.rows, make([][]denseRow, int(acc)+1-len(c.rows))...)
	}
	rows := c.rows[acc]
	for i := range rows {
		r := &rows[i]
		if r.year != year {
			continue
		}
		if int(obj) >= len(r.ids) {
			if int(obj) >= cap(r.ids) {
				size := max(int(obj)+1, 2*cap(r.ids), 8)
				if c.dense+size-cap(r.ids) > limit {
					return false
				}
				c.dense += size - cap(r.ids)
				ids := make([]uint32, int(obj)+1, size)
				copy(ids, r.ids)
				r.ids = ids
			}
			r.ids = r.ids[:int(obj)+1]
		}
		r.ids[obj] = id + 1
		return true
	}
	size := max(int(obj)+1, 8)
	if c.dense+size > limit {
		return false
	}
	c.dense += size
	ids := make([]uint32, int(obj)+1, size)
	ids[obj] = id + 1
	c.rows[acc] = append(rows, denseRow{year, ids})
	return true
}

func (c *Cells) putHashed(k uint64, id uint32) {
	if 4*(c.hashed+1) > 3*len(c.slots) {
		old := c.slots
		size := max(1024, 2*len(old))
		c.slots = make([]cellSlot, size)
		c.shift = 64 - log2(size)
		c.hashed = 0
		for _, s := range old {
			if s.id != 0 {
				c.putHashed(s.key, s.id-1)
			}
		}
	}
	mask := len(c.slots) - 1
	i := int(hash64(k) >> c.shift)
	for c.slots[i].id != 0 {
		i = (i + 1) & mask
	}
	c.slots[i] = cellSlot{k, id + 1}
	c.hashed++
}

// blockOf returns block id's months.
func (c *Cells) blockOf(id uint32) []int64 {
	off := int(id&(chunkBlocks-1)) * blockWords
	return c.slab[id>>chunkShift][off : off+blockWords : off+blockWords]
}

func (c *Cells) add(k uint64, month int, amount int64) {
	c.count()
	id := c.blockID(k)
	c.blockOf(id)[month] += amount
	if bit := uint16(1) << month; c.mask[id]&bit == 0 {
		c.mask[id] |= bit
		c.n++
	}
}

// batch is a list of amounts to add to cells, in the order of the rows.
type batch struct {
	adds []cellAdd
	ids  []uint32 // addBatch's
}

// cellAdd is an amount to add to a cell: the key of its block (see pack) shifted left by 4
// bits, and its month 0–11 in those 4 bits.
type cellAdd struct {
	keyMonth uint64
	amount   int64
}

const batchLen = 2048

func newBatch() *batch {
	return &batch{adds: make([]cellAdd, 0, batchLen), ids: make([]uint32, batchLen)}
}

// room reports whether a row with objs objects fits.
func (b *batch) room(objs int) bool { return len(b.adds)+1+objs <= batchLen || len(b.adds) == 0 }

// addRow adds a row's amount to the account's total and to each of its objects.
func (b *batch) addRow(acc uint32, objs []uint32, year uint32, month int, amount int64) {
	b.adds = append(b.adds, cellAdd{pack(acc, 0, year)<<4 | uint64(month), amount})
	for _, obj := range objs {
		b.adds = append(b.adds, cellAdd{pack(acc, obj, year)<<4 | uint64(month), amount})
	}
}

// addBatch adds the batch's amounts, as add would one after the other, and empties it.
// A first pass finds the blocks that are in rows and touches the hash table's entries of
// the others, a second finds those and touches the months to add to, a third adds: the
// touching loads do not depend on each other, so the processor runs them at the same time
// (a prefetch) instead of waiting for each in turn.
func (c *Cells) addBatch(b *batch) {
	adds := b.adds
	n := len(adds)
	if len(b.ids) < n {
		b.ids = make([]uint32, n)
	}
	ids := b.ids[:n]
	const notDense = ^uint32(0)
	var sink uint64
	slots, shift := c.slots, c.shift
	for i, a := range adds {
		k := a.keyMonth >> 4
		acc, obj, year := unpack(k)
		id, ok := c.denseID(acc, obj, year)
		if !ok {
			id = notDense
			if len(slots) > 0 {
				sink += slots[hash64(k)>>shift].key
			}
		}
		ids[i] = id
	}
	for i, a := range adds {
		id := ids[i]
		if id == notDense {
			id = c.blockID(a.keyMonth >> 4)
			ids[i] = id
		}
		sink += uint64(c.slab[id>>chunkShift][int(id&(chunkBlocks-1))*blockWords+int(a.keyMonth&15)])
	}
	for i, id := range ids {
		a := adds[i]
		m := a.keyMonth & 15
		c.slab[id>>chunkShift][int(id&(chunkBlocks-1))*blockWords+int(m)] += a.amount
		c.mask[id] |= uint16(1) << m
	}
	c.stale = true
	c.sink += sink
	b.adds = adds[:0]
	if cap(b.adds) > 4*batchLen {
		// A row of very many objects grew it: back to the usual size.
		b.adds, b.ids = make([]cellAdd, 0, batchLen), make([]uint32, batchLen)
	}
}

// pipeline adds batches to cells: the first batch in the caller's goroutine, the following
// ones in a goroutine of its own while the caller fills the next.
type pipeline struct {
	cells   *Cells
	started bool
	work    chan *batch
	free    chan *batch
	done    chan struct{}
}

// pipelineBatches is how many batches are in use at once when the goroutine runs.
const pipelineBatches = 16

// send hands a batch over to be added and returns an empty one to fill.
func (p *pipeline) send(b *batch) *batch {
	if len(b.adds) == 0 {
		return b
	}
	if !p.started {
		if p.work == nil {
			// The first batch: a small file never needs more.
			p.work = make(chan *batch, pipelineBatches)
			p.cells.addBatch(b)
			return b
		}
		p.started = true
		p.free = make(chan *batch, pipelineBatches)
		for range pipelineBatches - 1 {
			p.free <- newBatch()
		}
		p.done = make(chan struct{})
		go func() {
			defer close(p.done)
			for b := range p.work {
				p.cells.addBatch(b)
				p.free <- b
			}
		}()
	}
	p.work <- b
	return <-p.free
}

// stop waits until every batch sent has been added. It may be called more than once.
func (p *pipeline) stop() {
	if p.started {
		close(p.work)
		<-p.done
		p.started = false
	}
}

// blocks yields the key and number of every block.
func (c *Cells) blocks(yield func(k uint64, id uint32) bool) {
	for id, k := range c.keys {
		if !yield(k, uint32(id)) {
			return
		}
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
		entries := make([]entry, 0, len(c.keys))
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
			b, mask := c.blockOf(e.id), c.mask[e.id]
			for m := range 12 {
				if mask&(1<<m) == 0 {
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
// account's total) and 13 of year (from 1900), which leaves 4 bits for a month (cellAdd).
const (
	accBits  = 19
	objBits  = 28
	yearBits = 13
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
	// The #TRANS rows, nearly all of a large file, go through batches, which a second
	// goroutine adds to the cells while the reader goes on (once there is more than one).
	p := pipeline{cells: trans}
	defer p.stop()
	tb := newBatch()
	addTrans := func(t *Trans) error {
		if !t.acc.result {
			return nil // balance accounts
		}
		acc := t.acc.id
		if acc >= 1<<accBits {
			return fmt.Errorf("filen har fler än %d olika konton", 1<<accBits)
		}
		year, m, ok := splitMonth(int(t.Date) / 100)
		if !ok {
			return fmt.Errorf("månaden %d går inte att lagra", int(t.Date)/100)
		}
		for _, obj := range t.objIDs {
			if obj >= 1<<objBits {
				return fmt.Errorf("filen har fler än %d olika objekt", 1<<objBits)
			}
		}
		if !tb.room(len(t.objIDs)) {
			tb = p.send(tb)
		}
		tb.addRow(acc, t.objIDs, year, m, t.Amount)
		return nil
	}
	rd, err := read(r, opts, Visitor{
		Trans: func(v *Voucher, t *Trans) error {
			if t.Kind == TRANS {
				return addTrans(t)
			}
			return nil
		},
		Balance: func(b *Balance) error {
			switch b.Kind {
			case PSALDO:
				return add(psaldo, b.Account, b.acc.id, b.objIDs, b.Period, b.Amount)
			case PBUDGET:
				return add(budget, b.Account, b.acc.id, b.objIDs, b.Period, b.Amount)
			}
			return nil
		},
	})
	if err == nil {
		p.send(tb)
	}
	p.stop()
	trans.count()
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
				b, mask := psaldo.blockOf(id), psaldo.mask[id]
				for m := range 12 {
					if yyyymm := (yearBase+int(year))*100 + m + 1; mask&(1<<m) != 0 && (yyyymm < from || yyyymm > to) {
						trans.add(k, m, b[m])
					}
				}
			}
		}
		l.Outcome = trans
	}
	return f, l, nil
}
