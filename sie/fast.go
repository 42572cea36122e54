package sie

// The fast path for the row that makes up nearly all of a large file: a #TRANS inside a
// voucher with an account number of digits, an object list of plain pairs and an amount,
// such as
//
//	#TRANS 5010 {1 "1100" 20 "100"} 300000.25
//
// fastTrans reads such a row without splitting it into fields first and without any
// allocation. Whatever it does not recognise, or what would need an error or a warning (an
// account, object or date it would have to report, an escaped quote, an odd amount), it
// leaves to the general path, having changed nothing, so that the general path reads the
// line as if the fast path did not exist and reports what it reports, at the same line
// and column. FuzzFastPath checks that the two agree.

var transLabel = []byte("#TRANS")

// noFastPath turns the fast path off (for tests that compare the two paths).
var noFastPath = false

// fastTrans reads the #TRANS row in rd.line from p, just after "#TRANS" and a space. done
// is false when it left the row to the general path; else err is the visitor's.
func (rd *reader) fastTrans(p int) (done bool, err error) {
	if noFastPath {
		return false, nil
	}
	line := rd.line
	n := len(line)
	for p < n && isSpace(line[p]) {
		p++
	}
	// The account: 1–15 digits, declared (or no account is and that has been said).
	accStart := p
	var k uint64
	for p < n && line[p]-'0' <= 9 {
		k = k*10 + uint64(line[p]-'0')
		p++
	}
	accLen := p - accStart
	if accLen == 0 || accLen > 15 || p == n || !isSpace(line[p]) {
		return false, nil
	}
	var acc *accSym
	if accLen <= 4 {
		if rd.accShort == nil {
			return false, nil
		}
		id := rd.accShort[shortAccBase[accLen]+int(k)]
		if id == 0 {
			return false, nil
		}
		acc = rd.accList[id-1]
	} else {
		id, ok := rd.accTab.get(k<<4 | uint64(accLen))
		if !ok {
			return false, nil
		}
		acc = rd.accList[id]
	}
	if !acc.declared && (rd.declaredAny || !rd.warnedNoKto) {
		return false, nil
	}
	for p < n && isSpace(line[p]) {
		p++
	}
	// The object list: pairs of a dimension's number and a known object, quoted without
	// escapes or unquoted.
	if p == n || line[p] != '{' {
		return false, nil
	}
	listStart := p
	p++
	objs, ids := rd.objs[:0], rd.objIDs[:0]
	// Within #KSUMMA, the bytes that go into the CRC (see checksum).
	ksum := rd.ksumStarted && !rd.ksumDone
	var crcBuf []byte
	if ksum {
		crcBuf = append(append(rd.crcBuf[:0], transLabel...), line[accStart:accStart+accLen]...)
	}
	for {
		for p < n && isSpace(line[p]) {
			p++
		}
		if p == n {
			return false, nil
		}
		if line[p] == '}' {
			break
		}
		dimStart, d := p, 0
		for p < n && line[p]-'0' <= 9 {
			d = d*10 + int(line[p]-'0')
			p++
			if p-dimStart > 9 {
				return false, nil
			}
		}
		if d == 0 || p == n || !isSpace(line[p]) {
			return false, nil
		}
		dimEnd := p
		for p < n && isSpace(line[p]) {
			p++
		}
		if p == n {
			return false, nil
		}
		s, e := p, 0
		if line[p] == '"' {
			p++
			s = p
			for p < n && line[p] != '"' && line[p] != '\\' {
				p++
			}
			if p == n || line[p] != '"' || p == s {
				return false, nil
			}
			e = p
			p++
			if p == n || !isSpace(line[p]) && line[p] != '}' {
				return false, nil
			}
		} else {
			for p < n && !isSpace(line[p]) && line[p] != '}' && line[p] != '"' && line[p] != '\\' {
				p++
			}
			if p == n || p == s || line[p] == '"' || line[p] == '\\' {
				return false, nil
			}
			e = p
		}
		var id uint32
		var ok bool
		if e-s <= 8 {
			id, ok = rd.objShort.get(shortObjKeyAt(d, line, s, e-s))
		} else {
			id, ok = rd.objTab.get(rd.objList, objHash(d, line[s:e]), d, line[s:e])
		}
		if !ok || !rd.objDecl[id] && rd.dimDeclared(d) {
			return false, nil
		}
		objs = append(objs, rd.objList[id])
		ids = append(ids, id)
		if ksum {
			crcBuf = append(append(crcBuf, line[dimStart:dimEnd]...), line[s:e]...)
		}
	}
	listEnd := p
	p++
	if p == n || !isSpace(line[p]) {
		return false, nil
	}
	for p < n && isSpace(line[p]) {
		p++
	}
	// The amount, as ParseAmount but at most 16 bytes, which cannot overflow.
	amtStart := p
	neg := false
	if p < n && (line[p] == '-' || line[p] == '+') {
		neg = line[p] == '-'
		p++
	}
	digits := p
	var amount int64
	for p < n && line[p]-'0' <= 9 {
		amount = amount*10 + int64(line[p]-'0')
		p++
	}
	if p < n && line[p] == '.' {
		p++
		decimals := p
		for p < n && line[p]-'0' <= 9 {
			amount = amount*10 + int64(line[p]-'0')
			p++
		}
		switch p - decimals {
		case 1:
			amount *= 10
		case 2:
		default:
			return false, nil
		}
	} else if p == digits {
		return false, nil
	} else {
		amount *= 100
	}
	if p-amtStart > 16 || p < n && !isSpace(line[p]) {
		return false, nil
	}
	if neg {
		amount = -amount
	}
	sum, ok := AddOre(rd.voucher.Sum, amount)
	if !ok {
		return false, nil
	}
	amtEnd := p
	for p < n && isSpace(line[p]) {
		p++
	}
	// A date and further fields (a text, a quantity, a signature) need the fields; the date
	// is the row's.
	date := rd.voucher.Date
	rest := p < n
	if rest {
		rd.fields = append(rd.fields[:0],
			field{start: accStart, end: accStart + accLen, col: accStart + 1},
			field{start: listStart + 1, end: listEnd, col: listStart + 1, list: true},
			field{start: amtStart, end: amtEnd, col: amtStart + 1})
		if rd.splitFrom(p) != nil {
			return false, nil
		}
		if len(rd.fields) > 3 {
			d, err := rd.date(3, false)
			if err != nil || d != 0 && rd.haveYear0 && (d < rd.year0.Start || d > rd.year0.End) {
				return false, nil
			}
			if d != 0 {
				date = d
			}
		}
	}
	// The row is good: from here on as transRow.
	rd.empty = false
	if ksum {
		if rest {
			rd.checksum(transLabel)
		} else {
			rd.crcBuf = append(crcBuf, line[amtStart:amtEnd]...)
			rd.feedCRC(rd.crcBuf)
		}
	}
	if cap(objs) != cap(rd.objs) {
		rd.objs = objs // grown
	}
	if cap(ids) != cap(rd.objIDs) {
		rd.objIDs = ids
	}
	t := &rd.trans
	t.Kind, t.Account, t.Objects, t.Amount, t.Date, t.Line, t.acc, t.objIDs = TRANS, acc.nr, objs, amount, date, rd.lineNo, acc, ids
	rd.voucher.Rows++
	rd.voucher.Sum = sum
	rd.f.Transactions++
	if rd.v.Trans != nil {
		return true, rd.v.Trans(&rd.voucher, t)
	}
	return true, nil
}
