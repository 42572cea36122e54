package sie

import (
	"encoding/binary"
	"hash/crc32"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// The checksum of a file stored as UTF-8. SIE defines #KSUMMA over the characters of the
// fields in the file's encoding, which the spec makes PC8 (IBM code page 437). A program
// that writes UTF-8 computes it over the UTF-8 bytes it wrote (rd.crc, over the bytes as
// they are); one that computed it over the PC8 text and then stored the text as UTF-8 (or
// a file converted to UTF-8 after it was written) has it over the same characters in
// CP437. Both sums are kept, and either verifies a file whose text is UTF-8.
//
// The second sum costs nothing for the records that are all ASCII, nearly all of a large
// file, as both sums then take the same bytes: the sums differ by an amount that the same
// bytes only shift (CRC-32 is linear), so it is enough to remember that difference and
// how many bytes were added since it was taken, and to shift it when a record with other
// bytes comes, or at the end.
type altCRC struct {
	invalid bool   // a record's text is not UTF-8 in CP437's characters: no second sum
	delta   uint32 // the second sum XOR rd.crc when it was taken
	since   int64  // bytes both sums took since
	buf     []byte
}

// feedCRC adds a record's bytes to the checksums.
func (rd *reader) feedCRC(buf []byte) {
	a := &rd.alt
	if !a.invalid && rd.charsetSet && rd.f.Encoding != "UTF-8" {
		a.invalid = true // the text is not UTF-8: the bytes' sum is the only one
	}
	if a.invalid || asciiWords(buf) {
		rd.crc = crc32.Update(rd.crc, crc32.IEEETable, buf)
		a.since += int64(len(buf))
		return
	}
	// The second sum up to here, then this record's text in CP437.
	before := rd.crc437()
	rd.crc = crc32.Update(rd.crc, crc32.IEEETable, buf)
	a.buf = a.buf[:0]
	for len(buf) > 0 {
		r, n := utf8.DecodeRune(buf)
		b, ok := charmap.CodePage437.EncodeRune(r)
		if r == utf8.RuneError && n <= 1 || !ok {
			a.invalid = true
			return
		}
		a.buf = append(a.buf, b)
		buf = buf[n:]
	}
	a.delta = crc32.Update(before, crc32.IEEETable, a.buf) ^ rd.crc
	a.since = 0
}

// asciiWords is ascii eight bytes at a time.
func asciiWords(b []byte) bool {
	for len(b) >= 8 {
		if binary.LittleEndian.Uint64(b)&0x8080808080808080 != 0 {
			return false
		}
		b = b[8:]
	}
	return ascii(b)
}

// crc437 returns the checksum over the text in CP437 (valid unless rd.alt.invalid).
func (rd *reader) crc437() uint32 {
	return rd.crc ^ crcShift(rd.alt.delta, rd.alt.since)
}

// crcShift returns what a difference d between two CRC-32 registers becomes when both take
// the same n more bytes: d times x^(8n) modulo the polynomial, by squaring the operator of
// one zero byte (as zlib's crc32_combine does).
func crcShift(d uint32, n int64) uint32 {
	if d == 0 || n == 0 {
		return d
	}
	// The operator of one zero bit, as 32 columns, squared to that of 2, 4 and 8 bits.
	var odd, even [32]uint32
	odd[0] = 0xEDB88320
	for i, row := uint(1), uint32(1); i < 32; i, row = i+1, row<<1 {
		odd[i] = row
	}
	gf2Square(&even, &odd) // 2 bits
	gf2Square(&odd, &even) // 4 bits
	for {
		gf2Square(&even, &odd) // 8 bits, then 32, 128 ...
		if n&1 != 0 {
			d = gf2Times(&even, d)
		}
		if n >>= 1; n == 0 {
			return d
		}
		gf2Square(&odd, &even)
		if n&1 != 0 {
			d = gf2Times(&odd, d)
		}
		if n >>= 1; n == 0 {
			return d
		}
	}
}

func gf2Times(m *[32]uint32, v uint32) uint32 {
	var sum uint32
	for i := 0; v != 0; i, v = i+1, v>>1 {
		if v&1 != 0 {
			sum ^= m[i]
		}
	}
	return sum
}

func gf2Square(dst, m *[32]uint32) {
	for i := range dst {
		dst[i] = gf2Times(m, m[i])
	}
}
