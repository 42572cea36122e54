package sie

import (
	"encoding/binary"
	"hash/maphash"
)

// The reader numbers the account and object numbers it meets, each once, so that a row
// costs one look-up per account and object in a small table and no allocation. These are
// the tables: open addressing with linear probing, at most half full, sized by powers of
// two.

// intTab maps a key other than 0 to a number.
type intTab struct {
	keys  []uint64 // 0: empty
	vals  []uint32
	n     int
	shift uint // 64 - log2(len(keys))
}

func hash64(k uint64) uint64 { return k * 0x9E3779B97F4A7C15 }

func (t *intTab) get(k uint64) (uint32, bool) {
	if t.n == 0 {
		return 0, false
	}
	mask := len(t.keys) - 1
	for i := int(hash64(k) >> t.shift); ; i = (i + 1) & mask {
		switch t.keys[i] {
		case k:
			return t.vals[i], true
		case 0:
			return 0, false
		}
	}
}

// put adds k, which must be absent.
func (t *intTab) put(k uint64, v uint32) {
	if 2*(t.n+1) > len(t.keys) {
		old, oldVals := t.keys, t.vals
		size := max(64, 2*len(old))
		t.keys, t.vals = make([]uint64, size), make([]uint32, size)
		t.shift = 64 - log2(size)
		t.n = 0
		for i, k := range old {
			if k != 0 {
				t.put(k, oldVals[i])
			}
		}
	}
	mask := len(t.keys) - 1
	i := int(hash64(k) >> t.shift)
	for t.keys[i] != 0 {
		i = (i + 1) & mask
	}
	t.keys[i], t.vals[i] = k, v
	t.n++
}

func log2(n int) uint {
	s := uint(0)
	for 1<<s < n {
		s++
	}
	return s
}

// accountKey packs an account number of 1 to 15 ASCII digits into a key other than 0 that
// tells "0123" from "123"; ok is false for other account numbers.
func accountKey(b []byte) (uint64, bool) {
	if len(b) == 0 || len(b) > 15 {
		return 0, false
	}
	var v uint64
	for _, c := range b {
		if c-'0' > 9 {
			return 0, false
		}
		v = v*10 + uint64(c-'0')
	}
	return v<<4 | uint64(len(b)), true
}

// shortObjTab maps a dimension and an object number of at most 8 bytes, packed into two
// words (see shortObjKey), to the object's number in objList (never 0).
type shortObjTab struct {
	slots []shortObjSlot
	n     int
	shift uint
}

type shortObjSlot struct {
	bytes, dimLen uint64
	id            uint32 // 0: empty
}

// shortObjKey packs an object number of at most 8 bytes: its bytes, and its dimension and
// length.
func shortObjKey(dim int, b []byte) (bytes, dimLen uint64) {
	if len(b) == 8 {
		return binary.LittleEndian.Uint64(b), uint64(dim)<<8 | 8
	}
	var v uint64
	for i := len(b) - 1; i >= 0; i-- {
		v = v<<8 | uint64(b[i])
	}
	return v, uint64(dim)<<8 | uint64(len(b))
}

// shortObjKeyAt is shortObjKey of line[s:s+n], n at most 8, loading 8 bytes at once where
// the line has them.
func shortObjKeyAt(dim int, line []byte, s, n int) (bytes, dimLen uint64) {
	if s+8 <= len(line) {
		return binary.LittleEndian.Uint64(line[s:s+8]) & (uint64(1)<<(8*n) - 1), uint64(dim)<<8 | uint64(n)
	}
	return shortObjKey(dim, line[s:s+n])
}

func shortObjHash(bytes, dimLen uint64) uint64 {
	return (bytes ^ hash64(dimLen)) * 0xC2B2AE3D27D4EB4F
}

func (t *shortObjTab) get(bytes, dimLen uint64) (uint32, bool) {
	if t.n == 0 {
		return 0, false
	}
	mask := len(t.slots) - 1
	for i := int(shortObjHash(bytes, dimLen) >> t.shift); ; i = (i + 1) & mask {
		s := &t.slots[i]
		if s.bytes == bytes && s.dimLen == dimLen && s.id != 0 {
			return s.id, true
		}
		if s.id == 0 {
			return 0, false
		}
	}
}

// put adds an entry, which must be absent.
func (t *shortObjTab) put(bytes, dimLen uint64, id uint32) {
	if 2*(t.n+1) > len(t.slots) {
		old := t.slots
		size := max(64, 2*len(old))
		t.slots = make([]shortObjSlot, size)
		t.shift = 64 - log2(size)
		t.n = 0
		for _, s := range old {
			if s.id != 0 {
				t.put(s.bytes, s.dimLen, s.id)
			}
		}
	}
	mask := len(t.slots) - 1
	i := int(shortObjHash(bytes, dimLen) >> t.shift)
	for t.slots[i].id != 0 {
		i = (i + 1) & mask
	}
	t.slots[i] = shortObjSlot{bytes, dimLen, id}
	t.n++
}

// objTab maps a dimension and an object number of more than 8 bytes to the object's number
// in objList (never 0), keeping the hash of each entry to skip most comparisons.
type objTab struct {
	hashes []uint64
	ids    []uint32 // 0: empty
	n      int
	shift  uint
}

var objSeed = maphash.MakeSeed()

func objHash(dim int, b []byte) uint64 {
	return hash64(maphash.Bytes(objSeed, b) ^ uint64(dim))
}

func (t *objTab) get(list []Object, h uint64, dim int, b []byte) (uint32, bool) {
	if t.n == 0 {
		return 0, false
	}
	mask := len(t.ids) - 1
	for i := int(h >> t.shift); ; i = (i + 1) & mask {
		id := t.ids[i]
		if id == 0 {
			return 0, false
		}
		if t.hashes[i] == h {
			if o := list[id]; o.Dim == dim && o.Number == string(b) {
				return id, true
			}
		}
	}
}

// put adds an entry, which must be absent.
func (t *objTab) put(h uint64, id uint32) {
	if 2*(t.n+1) > len(t.ids) {
		oldH, oldIDs := t.hashes, t.ids
		size := max(64, 2*len(oldIDs))
		t.hashes, t.ids = make([]uint64, size), make([]uint32, size)
		t.shift = 64 - log2(size)
		t.n = 0
		for i, id := range oldIDs {
			if id != 0 {
				t.put(oldH[i], id)
			}
		}
	}
	mask := len(t.ids) - 1
	i := int(h >> t.shift)
	for t.ids[i] != 0 {
		i = (i + 1) & mask
	}
	t.hashes[i], t.ids[i] = h, id
	t.n++
}

// Account numbers of 1 to 4 digits, the usual, are numbered through a table indexed by
// the number: shortAccBase[len] + the number.
var shortAccBase = [5]int{0, 0, 10, 110, 1110}

const shortAccs = 11110

// accSym returns the symbol of an account number (field n of the line), adding it when
// new and within Options.MaxAccounts and MaxTextBytes.
func (rd *reader) accSym(b []byte, n int) (*accSym, error) {
	k, small := accountKey(b)
	if small && len(b) <= 4 {
		i := shortAccBase[len(b)] + int(k>>4)
		if rd.accShort == nil {
			rd.accShort = make([]uint32, shortAccs)
		}
		if id := rd.accShort[i]; id != 0 {
			return rd.accList[id-1], nil
		}
		a, err := rd.newAcc(b, n)
		if err != nil {
			return nil, err
		}
		rd.accShort[i] = a.id + 1
		return a, nil
	}
	if small {
		if id, ok := rd.accTab.get(k); ok {
			return rd.accList[id], nil
		}
	} else if a, ok := rd.accBig[string(b)]; ok {
		return a, nil
	}
	a, err := rd.newAcc(b, n)
	if err != nil {
		return nil, err
	}
	if small {
		rd.accTab.put(k, a.id)
	} else {
		if rd.accBig == nil {
			rd.accBig = map[string]*accSym{}
		}
		rd.accBig[a.nr] = a
	}
	return a, nil
}

func (rd *reader) newAcc(b []byte, n int) (*accSym, error) {
	if len(rd.accList) >= rd.opts.MaxAccounts {
		return nil, rd.errAt(rd.col(n), "kontot %s är ett för många: en fil får ha högst %d olika konton", b, rd.opts.MaxAccounts)
	}
	if err := rd.holdText(n, len(b)); err != nil {
		return nil, err
	}
	a := &accSym{nr: string(b), id: uint32(len(rd.accList)), result: len(b) > 0 && b[0] >= '3' && b[0] <= '8', class9: len(b) > 0 && b[0] == '9',
		balance: len(b) > 0 && (b[0] == '1' || b[0] == '2')}
	rd.accList = append(rd.accList, a)
	return a, nil
}

// objSym returns the number of an object (in field n of the line), adding it when new
// and within Options.MaxObjects and MaxTextBytes.
func (rd *reader) objSym(dim int, b []byte, n int) (uint32, error) {
	if len(b) <= 8 {
		k1, k2 := shortObjKey(dim, b)
		if id, ok := rd.objShort.get(k1, k2); ok {
			return id, nil
		}
		id, err := rd.newObj(dim, b, n)
		if err != nil {
			return 0, err
		}
		rd.objShort.put(k1, k2, id)
		return id, nil
	}
	h := objHash(dim, b)
	if id, ok := rd.objTab.get(rd.objList, h, dim, b); ok {
		return id, nil
	}
	id, err := rd.newObj(dim, b, n)
	if err != nil {
		return 0, err
	}
	rd.objTab.put(h, id)
	return id, nil
}

func (rd *reader) newObj(dim int, b []byte, n int) (uint32, error) {
	if len(rd.objList)-1 >= rd.opts.MaxObjects { // [0] is no object
		return 0, rd.errAt(rd.col(n), "objektet %s i dimension %d är ett för många: en fil får ha högst %d olika objekt", b, dim, rd.opts.MaxObjects)
	}
	if err := rd.holdText(n, len(b)); err != nil {
		return 0, err
	}
	id := uint32(len(rd.objList))
	rd.objList = append(rd.objList, Object{Dim: dim, Number: string(b)})
	rd.objDecl = append(rd.objDecl, false)
	return id, nil
}

// declareObj marks object id of dimension dim as declared by an #OBJEKT.
func (rd *reader) declareObj(dim int, id uint32) {
	rd.objDecl[id] = true
	if dim < 1024 {
		if dim >= len(rd.dimDecl) {
			rd.dimDecl = append(rd.dimDecl, make([]bool, dim+1-len(rd.dimDecl))...)
		}
		rd.dimDecl[dim] = true
		return
	}
	if rd.dimDeclBig == nil {
		rd.dimDeclBig = map[int]bool{}
	}
	rd.dimDeclBig[dim] = true
}

// dimDeclared reports whether dimension dim has any #OBJEKT.
func (rd *reader) dimDeclared(dim int) bool {
	if dim < 1024 {
		return dim < len(rd.dimDecl) && rd.dimDecl[dim]
	}
	return rd.dimDeclBig[dim]
}
