package sie

import (
	"errors"
	"fmt"
	"io"
	"iter"
	"slices"
	"strings"
	"sync/atomic"
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
	// Class9Rows counts the rows on accounts of class 9 (internal accounts), which are
	// left out.
	Class9Rows int
	// Movements are the balance accounts' (classes 1–2) changes per account and month,
	// taken like Outcome (#TRANS for fiscal year 0 where the file has vouchers, #PSALDO
	// otherwise and for earlier years), as account totals only (Dim 0, Object ""): the
	// objects of balance rows are not kept.
	Movements *Cells
	// Balances are the opening and closing balances (#IB, #UB) of the balance accounts
	// and the results (#RES) of the result accounts for fiscal years 0 and -1, without
	// objects, sorted by year index (0 first) and account.
	Balances []AccountBalance
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
	max    int          // the most months it may hold (see DefaultMaxCells)
	fault  *cellFault   // the first add that passed max or summed past 64 bits; later adds are ignored
}

// cellFault is an add that failed: its key, month and row line, and whether the month's
// sum passed what 64 bits hold (else the cells passed their cap).
type cellFault struct {
	key      uint64
	month    int
	line     int
	overflow bool
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

// DefaultMaxCells is how many account × object × month cells each of an aggregation's
// outcome and budget may hold unless Options.MaxCells says otherwise: about 260 MB of
// memory at worst (one month a block), far more than a municipality's chart and objects
// give (a year of every one of 1 000 accounts on 100 objects is 1.2 million), so that
// only a pathological file reaches it.
const DefaultMaxCells = 2_000_000

func newCells(ix *index, max int) *Cells { return &Cells{ix: ix, max: max} }

// Len is the number of cells.
func (c *Cells) Len() int { return c.n }

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

// add adds an amount to a month of block k; line is the row's, for the fault. It reports
// false when the cells have a fault, this add's or an earlier one's.
func (c *Cells) add(k uint64, month int, amount int64, line int) bool {
	if c.fault != nil {
		return false
	}
	id := c.blockID(k)
	p := &c.blockOf(id)[month]
	v, ok := AddOre(*p, amount)
	if !ok {
		c.fault = &cellFault{key: k, month: month, line: line, overflow: true}
		return false
	}
	*p = v
	if bit := uint16(1) << month; c.mask[id]&bit == 0 {
		c.mask[id] |= bit
		c.n++
		if c.n > c.max {
			c.fault = &cellFault{key: k, month: month, line: line}
			return false
		}
	}
	return true
}

// set sets a month of block k to an amount.
func (c *Cells) set(k uint64, month int, amount int64) {
	id := c.blockID(k)
	c.blockOf(id)[month] = amount
	if bit := uint16(1) << month; c.mask[id]&bit == 0 {
		c.mask[id] |= bit
		c.n++
	}
}

// err describes the cells' fault, if any, as an error at its line.
func (c *Cells) err(name, what string) error {
	f := c.fault
	if f == nil {
		return nil
	}
	acc, obj, year := unpack(f.key)
	where := "kontot " + c.ix.accNames[acc]
	if obj != 0 {
		o := c.ix.objs[obj]
		where += fmt.Sprintf(" på objektet %s i dimension %d", o.Number, o.Dim)
	}
	month := fmt.Sprintf("%04d-%02d", yearBase+int(year), f.month+1)
	if f.overflow {
		return &Error{File: name, Line: f.line, Message: fmt.Sprintf("%s för %s i %s summerar till mer än %s kr, mer än ett belopp kan vara", what, where, month, FormatOre(1<<63-1))}
	}
	return &Error{File: name, Line: f.line, Message: fmt.Sprintf("filen har fler än %d olika konto × objekt × månad för %s (gränsen nåddes med %s i %s); så många kan inte läsas in", c.max, what, where, month)}
}

// batch is a list of amounts to add to cells, in the order of the rows.
type batch struct {
	adds []cellAdd
	ids  []uint32   // addBatch's
	rows []batchRow // where each row's adds start, for the line of a fault
}

// batchRow is a row of a batch: its first add and its line.
type batchRow struct {
	first, line int32
}

// lineOf returns the line of the row that add i belongs to.
func (b *batch) lineOf(i int) int {
	line := 0
	for _, r := range b.rows {
		if int(r.first) > i {
			break
		}
		line = int(r.line)
	}
	return line
}

// cellAdd is an amount to add to a cell: the key of its block (see pack) shifted left by 4
// bits, and its month 0–11 in those 4 bits.
type cellAdd struct {
	keyMonth uint64
	amount   int64
}

const batchLen = 2048

func newBatch() *batch {
	return &batch{adds: make([]cellAdd, 0, batchLen), ids: make([]uint32, batchLen), rows: make([]batchRow, 0, batchLen)}
}

// room reports whether a row with objs objects fits.
func (b *batch) room(objs int) bool { return len(b.adds)+1+objs <= batchLen || len(b.adds) == 0 }

// addRow adds a row's amount to the account's total and to each of its objects.
func (b *batch) addRow(acc uint32, objs []uint32, year uint32, month int, amount int64, line int) {
	b.rows = append(b.rows, batchRow{int32(len(b.adds)), int32(line)})
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
	if c.fault != nil {
		b.adds, b.rows = adds[:0], b.rows[:0]
		return
	}
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
	if c.n+n <= c.max {
		// The batch cannot pass the cap: count the new months without a branch.
		for i, id := range ids {
			a := adds[i]
			m := a.keyMonth & 15
			p := &c.slab[id>>chunkShift][int(id&(chunkBlocks-1))*blockWords+int(m)]
			old := *p
			v := old + a.amount
			if (old^v)&(a.amount^v) < 0 && c.fault == nil {
				// Both terms had the sign that the sum lost: it passed 64 bits.
				c.fault = &cellFault{key: a.keyMonth >> 4, month: int(m), line: b.lineOf(i), overflow: true}
			}
			*p = v
			mask := c.mask[id]
			c.n += int(^mask>>m) & 1
			c.mask[id] = mask | uint16(1)<<m
		}
	} else {
		for i, id := range ids {
			a := adds[i]
			m := a.keyMonth & 15
			p := &c.slab[id>>chunkShift][int(id&(chunkBlocks-1))*blockWords+int(m)]
			old := *p
			v := old + a.amount
			if (old^v)&(a.amount^v) < 0 && c.fault == nil {
				c.fault = &cellFault{key: a.keyMonth >> 4, month: int(m), line: b.lineOf(i), overflow: true}
			}
			*p = v
			if bit := uint16(1) << m; c.mask[id]&bit == 0 {
				c.mask[id] |= bit
				c.n++
				if c.n > c.max && c.fault == nil {
					c.fault = &cellFault{key: a.keyMonth >> 4, month: int(m), line: b.lineOf(i)}
				}
			}
		}
	}
	c.sink += sink
	b.adds, b.rows = adds[:0], b.rows[:0]
	if cap(b.adds) > 4*batchLen {
		// A row of very many objects grew it: back to the usual size.
		b.adds, b.ids = make([]cellAdd, 0, batchLen), make([]uint32, batchLen)
	}
}

// pipeline adds batches to cells: the first batch in the caller's goroutine, the following
// ones in a goroutine of its own while the caller fills the next.
type pipeline struct {
	cells   *Cells
	failed  atomic.Bool // the cells have a fault
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
			p.failed.Store(p.cells.fault != nil)
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
				if p.cells.fault != nil {
					p.failed.Store(true)
				}
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
//
// An account's total of a month from #PSALDO or #PBUDGET is its row with an empty object
// list where the file has one (as type 3 files do besides the rows per object), else the
// sum of its rows with objects; a row counts only for the months of the fiscal year of its
// year index (the reader leaves the others out). Accounts of class 9 (internal accounts)
// are left out, with a warning per account. A sum that passes 64 bits, or more cells than
// Options.MaxCells, is an error at the line where it happened.
//
// The balance accounts (classes 1–2) give Ledger.Movements, their changes per account and
// month taken as the outcome is, and Ledger.Balances holds the #IB and #UB of the balance
// accounts and the #RES of the result accounts for fiscal years 0 and -1.
func Aggregate(r io.Reader, opts Options) (*File, *Ledger, error) {
	if opts.MaxWarnings == 0 {
		opts.MaxWarnings = 200
	}
	if opts.MaxCells == 0 {
		opts.MaxCells = DefaultMaxCells
	}
	ix := &index{}
	max := opts.MaxCells
	trans, psaldo, budget := newCells(ix, max), newCells(ix, max), newCells(ix, max)
	// The totals of the rows with an empty object list, which replace the sums of the rows
	// with objects (see above).
	psaldoTotal, budgetTotal := newCells(ix, max), newCells(ix, max)
	// The balance accounts' movements: from #TRANS, and from #PSALDO (rows with objects
	// summed, replaced by the row without objects where there is one). They are account
	// totals only, a few thousand cells for a municipality's chart, so their cap is not
	// lowered with MaxCells.
	bal := newBalances(ix, maxInt(max, DefaultMaxCells))
	var rd *reader
	class9 := 0
	leaveOut := func(acc *accSym) {
		if !acc.leftOut {
			acc.leftOut = true
			rd.warn("kontot %s hör till klass 9 (interna konton, som intern- och kalkylredovisning) och lämnas utanför utfall och budget, här och på kontots övriga rader", acc.nr)
		}
		class9++
	}
	add := func(c, total *Cells, b *Balance) error {
		acc := b.acc
		if !acc.result {
			if acc.class9 {
				leaveOut(acc)
			}
			if acc.balance && b.Kind == PSALDO {
				return bal.psaldo(rd, b)
			}
			return nil
		}
		if acc.id >= 1<<accBits {
			return rd.errAt(0, "filen har fler än %d olika konton", 1<<accBits)
		}
		year, m, ok := splitMonth(b.Period)
		if !ok {
			return rd.errAt(0, "månaden %d går inte att lagra", b.Period)
		}
		if len(b.objIDs) == 0 {
			total.add(pack(acc.id, 0, year), m, b.Amount, b.Line)
			return nil
		}
		c.add(pack(acc.id, 0, year), m, b.Amount, b.Line)
		for _, obj := range b.objIDs {
			if obj >= 1<<objBits {
				return rd.errAt(0, "filen har fler än %d olika objekt", 1<<objBits)
			}
			c.add(pack(acc.id, obj, year), m, b.Amount, b.Line)
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
			if t.acc.class9 {
				leaveOut(t.acc)
			}
			if t.acc.balance {
				return bal.trans(rd, t)
			}
			return nil
		}
		acc := t.acc.id
		if acc >= 1<<accBits {
			return rd.errAt(0, "filen har fler än %d olika konton", 1<<accBits)
		}
		year, m, ok := splitMonth(int(t.Date) / 100)
		if !ok {
			return rd.errAt(0, "månaden %d går inte att lagra", int(t.Date)/100)
		}
		for _, obj := range t.objIDs {
			if obj >= 1<<objBits {
				return rd.errAt(0, "filen har fler än %d olika objekt", 1<<objBits)
			}
		}
		if !tb.room(len(t.objIDs)) {
			if tb = p.send(tb); p.failed.Load() {
				return errCellFault
			}
		}
		tb.addRow(acc, t.objIDs, year, m, t.Amount, t.Line)
		return nil
	}
	rd = newReader(opts, Visitor{
		Trans: func(v *Voucher, t *Trans) error {
			if t.Kind == TRANS {
				return addTrans(t)
			}
			return nil
		},
		Balance: func(b *Balance) error {
			var err error
			switch b.Kind {
			case PSALDO:
				err = add(psaldo, psaldoTotal, b)
			case PBUDGET:
				err = add(budget, budgetTotal, b)
			case IB, UB, RES:
				return bal.balance(rd, b)
			default:
				return nil
			}
			if err == nil && (psaldo.fault != nil || psaldoTotal.fault != nil || budget.fault != nil || budgetTotal.fault != nil) {
				err = errCellFault
			}
			return err
		},
	})
	rd.f.Checksum = ChecksumAbsent
	err := rd.run(r)
	if err == nil || err == errCellFault {
		// On a fault the rows read before it are added too, so that the fault reported is
		// the first in the file, whichever cells it is in.
		p.send(tb)
	}
	p.stop()
	f := rd.f
	ix.accNames = make([]string, len(rd.accList))
	for i, a := range rd.accList {
		ix.accNames[i] = a.nr
	}
	ix.objs = rd.objList
	if err == nil || err == errCellFault {
		type faulty struct {
			cells *Cells
			what  string
		}
		var first *faulty
		for _, c := range []faulty{{trans, "utfallet"}, {psaldo, "utfallet (#PSALDO)"}, {psaldoTotal, "utfallet (#PSALDO)"}, {budget, "budgeten"}, {budgetTotal, "budgeten"},
			{bal.fromTrans, "balanskontots förändring"}, {bal.fromPsaldo, "balanskontots förändring (#PSALDO)"}, {bal.psaldoTotal, "balanskontots förändring (#PSALDO)"}} {
			if c.cells.fault != nil && (first == nil || c.cells.fault.line < first.cells.fault.line) {
				first = &c
			}
		}
		if first != nil {
			return f, nil, first.cells.err(opts.Name, first.what)
		}
	}
	if err != nil {
		return f, nil, err
	}
	psaldo.override(psaldoTotal)
	budget.override(budgetTotal)
	l := &Ledger{Outcome: psaldo, Budget: budget, Class9Rows: class9}
	if err := bal.finish(f, l, opts.Name); err != nil {
		return f, nil, err
	}
	if f.Transactions > 0 {
		// The vouchers give fiscal year 0; #PSALDO adds the months outside it.
		if y0, ok := f.Year(0); ok {
			from, to := int(y0.Start)/100, int(y0.End)/100
			for k, id := range psaldo.blocks {
				_, _, year := unpack(k)
				b, mask := psaldo.blockOf(id), psaldo.mask[id]
				for m := range 12 {
					if yyyymm := (yearBase+int(year))*100 + m + 1; mask&(1<<m) != 0 && (yyyymm < from || yyyymm > to) {
						trans.add(k, m, b[m], 0)
					}
				}
			}
			if e := trans.err(opts.Name, "utfallet"); e != nil {
				return f, nil, e
			}
		}
		l.Outcome = trans
	}
	return f, l, nil
}

func maxInt(a, b int) int {
	if a > b {
		return a
	}
	return b
}

// errCellFault stops a read whose cells have a fault; Aggregate returns the fault.
var errCellFault = errors.New("cell fault")

// override sets c's months that total has to total's amounts.
func (c *Cells) override(total *Cells) {
	for k, id := range total.blocks {
		b, mask := total.blockOf(id), total.mask[id]
		for m := range 12 {
			if mask&(1<<m) != 0 {
				c.set(k, m, b[m])
			}
		}
	}
}
