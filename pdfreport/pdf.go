package pdfreport

// A small reader and patcher for the PDF files Chromium (Skia) writes: classic xref
// tables, uncompressed object dictionaries. It reads the named destinations to find the
// page of each section, and appends an incremental update that fixes the metadata.

import (
	"bytes"
	"crypto/md5"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"time"
	"unicode/utf16"
)

type (
	pdfName  string
	pdfRef   struct{ num, gen int }
	pdfDict  map[pdfName]any
	pdfArray []any
	pdfStr   []byte
)

// pdfFile is a parsed PDF: where each object starts, and the trailer.
type pdfFile struct {
	data      []byte
	offsets   map[int]int
	trailer   pdfDict
	startxref int
}

var errPDF = errors.New("pdf från chromium kan inte läsas")

func pdfErrorf(format string, args ...any) error {
	return fmt.Errorf("%w: %s", errPDF, fmt.Sprintf(format, args...))
}

var startxrefRE = regexp.MustCompile(`startxref\s+(\d+)\s+%%EOF\s*$`)

// parsePDF reads the cross-reference tables and trailers of a PDF.
func parsePDF(data []byte) (*pdfFile, error) {
	m := startxrefRE.FindSubmatch(data)
	if m == nil {
		return nil, pdfErrorf("startxref saknas")
	}
	start, _ := strconv.Atoi(string(m[1]))
	f := &pdfFile{data: data, offsets: map[int]int{}, startxref: start}
	for pos, seen := start, map[int]bool{}; ; {
		if seen[pos] || pos >= len(data) {
			return nil, pdfErrorf("xref på %d", pos)
		}
		seen[pos] = true
		trailer, err := f.readXref(pos)
		if err != nil {
			return nil, err
		}
		if f.trailer == nil {
			f.trailer = trailer
		}
		prev, ok := trailer["Prev"].(int)
		if !ok {
			break
		}
		pos = prev
	}
	return f, nil
}

// readXref reads one xref section at pos; newer sections win over older ones.
func (f *pdfFile) readXref(pos int) (pdfDict, error) {
	p := &lexer{data: f.data, pos: pos}
	if p.keyword() != "xref" {
		return nil, pdfErrorf("bara xref-tabeller stöds (position %d)", pos)
	}
	for {
		p.space()
		if bytes.HasPrefix(f.data[p.pos:], []byte("trailer")) {
			p.pos += len("trailer")
			v, err := p.value()
			if err != nil {
				return nil, err
			}
			d, ok := v.(pdfDict)
			if !ok {
				return nil, pdfErrorf("trailer är ingen dictionary")
			}
			return d, nil
		}
		first, err1 := p.value()
		count, err2 := p.value()
		a, ok1 := first.(int)
		n, ok2 := count.(int)
		if err1 != nil || err2 != nil || !ok1 || !ok2 {
			return nil, pdfErrorf("trasig xref-tabell")
		}
		p.space()
		for i := range n {
			if p.pos+18 > len(f.data) {
				return nil, pdfErrorf("kort xref-tabell")
			}
			line := f.data[p.pos : p.pos+18]
			p.pos += 18
			p.space()
			if line[17] != 'n' {
				continue
			}
			if _, ok := f.offsets[a+i]; ok {
				continue
			}
			off, err := strconv.Atoi(string(line[:10]))
			if err != nil {
				return nil, pdfErrorf("xref-rad %q", line)
			}
			f.offsets[a+i] = off
		}
	}
}

// object returns object num's value and where its bytes are (from "N G obj" to the end of
// "endobj").
func (f *pdfFile) object(num int) (any, int, int, error) {
	off, ok := f.offsets[num]
	if !ok {
		return nil, 0, 0, pdfErrorf("objekt %d saknas", num)
	}
	p := &lexer{data: f.data, pos: off}
	n, _ := p.value()
	g, _ := p.value()
	if n != num || g == nil || p.keyword() != "obj" {
		return nil, 0, 0, pdfErrorf("objekt %d på fel plats", num)
	}
	v, err := p.value()
	if err != nil {
		return nil, 0, 0, err
	}
	end := bytes.Index(f.data[p.pos:], []byte("endobj"))
	if end < 0 {
		return nil, 0, 0, pdfErrorf("objekt %d saknar endobj", num)
	}
	return v, off, p.pos + end + len("endobj"), nil
}

// resolve follows a reference.
func (f *pdfFile) resolve(v any) (any, error) {
	for range 32 {
		r, ok := v.(pdfRef)
		if !ok {
			return v, nil
		}
		o, _, _, err := f.object(r.num)
		if err != nil {
			return nil, err
		}
		v = o
	}
	return nil, pdfErrorf("för långa referenskedjor")
}

func (f *pdfFile) dict(v any) (pdfDict, error) {
	v, err := f.resolve(v)
	if err != nil {
		return nil, err
	}
	d, ok := v.(pdfDict)
	if !ok {
		return nil, pdfErrorf("väntade en dictionary, fick %T", v)
	}
	return d, nil
}

// catalog returns the document catalog and its object number.
func (f *pdfFile) catalog() (pdfDict, int, error) {
	r, ok := f.trailer["Root"].(pdfRef)
	if !ok {
		return nil, 0, pdfErrorf("trailer utan /Root")
	}
	d, err := f.dict(r)
	return d, r.num, err
}

// pageNumbers maps each page object to its page number, from 1.
func (f *pdfFile) pageNumbers() (map[int]int, error) {
	cat, _, err := f.catalog()
	if err != nil {
		return nil, err
	}
	pages := map[int]int{}
	var walk func(v any, depth int) error
	walk = func(v any, depth int) error {
		if depth > 64 {
			return pdfErrorf("för djupt sidträd")
		}
		d, err := f.dict(v)
		if err != nil {
			return err
		}
		if d["Type"] == pdfName("Page") {
			if r, ok := v.(pdfRef); ok {
				pages[r.num] = len(pages) + 1
			}
			return nil
		}
		kids, err := f.resolve(d["Kids"])
		if err != nil {
			return err
		}
		arr, _ := kids.(pdfArray)
		for _, k := range arr {
			if err := walk(k, depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	return pages, walk(cat["Pages"], 0)
}

// destinationPages maps each named destination (an element ID that a link points to) to
// the page it is on.
func (f *pdfFile) destinationPages() (map[string]int, error) {
	cat, _, err := f.catalog()
	if err != nil {
		return nil, err
	}
	pages, err := f.pageNumbers()
	if err != nil {
		return nil, err
	}
	out := map[string]int{}
	add := func(name string, v any) error {
		v, err := f.resolve(v)
		if err != nil {
			return err
		}
		if d, ok := v.(pdfDict); ok {
			v = d["D"]
		}
		arr, ok := v.(pdfArray)
		if !ok || len(arr) == 0 {
			return nil
		}
		if r, ok := arr[0].(pdfRef); ok && pages[r.num] > 0 {
			out[name] = pages[r.num]
		}
		return nil
	}
	if cat["Dests"] != nil {
		dests, err := f.dict(cat["Dests"])
		if err != nil {
			return nil, err
		}
		for k, v := range dests {
			if err := add(string(k), v); err != nil {
				return nil, err
			}
		}
	}
	// PDF 1.2 and later may keep them in the /Names tree instead.
	if cat["Names"] != nil {
		names, err := f.dict(cat["Names"])
		if err != nil {
			return nil, err
		}
		if names["Dests"] != nil {
			var walk func(v any, depth int) error
			walk = func(v any, depth int) error {
				node, err := f.dict(v)
				if err != nil || depth > 32 {
					return err
				}
				kv, _ := f.resolve(node["Names"])
				arr, _ := kv.(pdfArray)
				for i := 0; i+1 < len(arr); i += 2 {
					if s, ok := arr[i].(pdfStr); ok {
						if err := add(string(s), arr[i+1]); err != nil {
							return err
						}
					}
				}
				kids, _ := f.resolve(node["Kids"])
				ka, _ := kids.(pdfArray)
				for _, k := range ka {
					if err := walk(k, depth+1); err != nil {
						return err
					}
				}
				return nil
			}
			if err := walk(names["Dests"], 0); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

// outlineTitles returns the titles of the document outline (bookmarks) in order, with
// their depth from 0.
func (f *pdfFile) outlineTitles() ([]string, []int, error) {
	cat, _, err := f.catalog()
	if err != nil {
		return nil, nil, err
	}
	if cat["Outlines"] == nil {
		return nil, nil, nil
	}
	root, err := f.dict(cat["Outlines"])
	if err != nil {
		return nil, nil, err
	}
	var titles []string
	var depths []int
	var walk func(first any, depth int) error
	walk = func(first any, depth int) error {
		for v, n := first, 0; v != nil; n++ {
			if n > 100000 || depth > 64 {
				return pdfErrorf("trasig disposition")
			}
			item, err := f.dict(v)
			if err != nil {
				return err
			}
			t, _ := f.resolve(item["Title"])
			s, _ := t.(pdfStr)
			titles = append(titles, decodeText(s))
			depths = append(depths, depth)
			if item["First"] != nil {
				if err := walk(item["First"], depth+1); err != nil {
					return err
				}
			}
			v = item["Next"]
		}
		return nil
	}
	return titles, depths, walk(root["First"], 0)
}

// decodeText decodes a PDF text string: UTF-16BE with a byte order mark, else
// PDFDocEncoding (taken as Latin-1, which it equals for letters).
func decodeText(s []byte) string {
	if len(s) >= 2 && s[0] == 0xFE && s[1] == 0xFF {
		u := make([]uint16, 0, len(s)/2)
		for i := 2; i+1 < len(s); i += 2 {
			u = append(u, uint16(s[i])<<8|uint16(s[i+1]))
		}
		return string(utf16.Decode(u))
	}
	r := make([]rune, len(s))
	for i, c := range s {
		r[i] = rune(c)
	}
	return string(r)
}

// encodeText encodes a text string as UTF-16BE hex with a byte order mark.
func encodeText(s string) string {
	var b bytes.Buffer
	b.WriteString("<FEFF")
	for _, u := range utf16.Encode([]rune(s)) {
		fmt.Fprintf(&b, "%04X", u)
	}
	b.WriteString(">")
	return b.String()
}

// Metadata is what finish writes into the Info dictionary and the catalog.
type metadata struct {
	Title, Author, Subject, Lang string
	Date                         time.Time
}

var pdfDateRE = regexp.MustCompile(`\(D:[^)]*\)`)

// pdfDate formats t as a PDF date in UTC.
func pdfDate(t time.Time) string {
	return "(D:" + t.UTC().Format("20060102150405") + "+00'00')"
}

// finish makes Chromium's PDF deterministic and completes its metadata: it overwrites
// the creation and modification dates Chromium wrote (same length, so every offset
// stays), then appends an incremental update with a new Info dictionary (title, author,
// subject, the fixed dates), the catalog with /Lang when Chromium wrote another language,
// and a trailer with a file /ID computed from the content.
func finish(data []byte, meta metadata) ([]byte, error) {
	data = bytes.Clone(data)
	f, err := parsePDF(data)
	if err != nil {
		return nil, err
	}
	date := pdfDate(meta.Date)
	var producer string
	if r, ok := f.trailer["Info"].(pdfRef); ok {
		info, start, end, err := f.object(r.num)
		if err != nil {
			return nil, err
		}
		if d, ok := info.(pdfDict); ok {
			if s, ok := d["Producer"].(pdfStr); ok {
				producer = decodeText(s)
			}
		}
		raw := data[start:end]
		for _, loc := range pdfDateRE.FindAllIndex(raw, -1) {
			n := loc[1] - loc[0]
			repl := date
			if len(repl) > n {
				repl = "(D:" + meta.Date.UTC().Format("20060102150405") + ")"
			}
			if len(repl) > n {
				repl = "()"
			}
			copy(raw[loc[0]:loc[1]], repl+string(bytes.Repeat([]byte(" "), n-len(repl))))
		}
	}
	renumberNodeIDs(data)
	cat, catNum, err := f.catalog()
	if err != nil {
		return nil, err
	}
	size, _ := f.trailer["Size"].(int)
	infoNum := size
	size++
	sum := md5.Sum(data)
	id := fmt.Sprintf("<%X>", sum[:])

	var out bytes.Buffer
	out.Write(data)
	if !bytes.HasSuffix(data, []byte("\n")) {
		out.WriteByte('\n')
	}
	offsets := map[int]int{}
	offsets[infoNum] = out.Len()
	fmt.Fprintf(&out, "%d 0 obj\n<</Title %s\n/Author %s\n/Subject %s\n/Creator (Tertial)\n", infoNum, encodeText(meta.Title), encodeText(meta.Author), encodeText(meta.Subject))
	if producer != "" {
		fmt.Fprintf(&out, "/Producer %s\n", encodeText(producer))
	}
	fmt.Fprintf(&out, "/CreationDate %s\n/ModDate %s>>\nendobj\n", date, date)
	if lang, _ := cat["Lang"].(pdfStr); meta.Lang != "" && string(lang) != meta.Lang {
		_, start, end, err := f.object(catNum)
		if err != nil {
			return nil, err
		}
		raw := data[start:end]
		body := raw[bytes.Index(raw, []byte("obj"))+3 : len(raw)-len("endobj")]
		body = langRE.ReplaceAll(body, nil)
		i := bytes.Index(body, []byte("<<"))
		if i < 0 {
			return nil, pdfErrorf("katalogen är ingen dictionary")
		}
		offsets[catNum] = out.Len()
		fmt.Fprintf(&out, "%d 0 obj\n<</Lang (%s)\n%s\nendobj\n", catNum, meta.Lang, bytes.TrimSpace(body[i+2:]))
	}
	xref := out.Len()
	out.WriteString("xref\n")
	nums := make([]int, 0, len(offsets))
	for n := range offsets {
		nums = append(nums, n)
	}
	sort.Ints(nums)
	for _, n := range nums {
		fmt.Fprintf(&out, "%d 1\n%010d 00000 n \n", n, offsets[n])
	}
	fmt.Fprintf(&out, "trailer\n<</Size %d\n/Root %d 0 R\n/Info %d 0 R\n/Prev %d\n/ID [%s %s]>>\nstartxref\n%d\n%%%%EOF\n", size, catNum, infoNum, f.startxref, id, id, xref)
	return out.Bytes(), nil
}

// nodeIDRE matches the IDs Chromium gives the structure elements of a tagged PDF
// ("/ID (node00005054)", also named by table cells' /Headers): its DOM node numbers, which
// differ by a few between two renders of the same page, depending on what the renderer
// created before.
var nodeIDRE = regexp.MustCompile(`\(node([0-9]+)\)`)

// renumberNodeIDs replaces, in place, each structure element ID by its order of first
// appearance, written in as many digits as the original, so that the same document always
// gives the same bytes and every offset stays. Each ID keeps one number wherever it occurs,
// so references between elements hold.
func renumberNodeIDs(data []byte) {
	seen := map[string]int{}
	for _, loc := range nodeIDRE.FindAllSubmatchIndex(data, -1) {
		digits := data[loc[2]:loc[3]]
		n, ok := seen[string(digits)]
		if !ok {
			n = len(seen) + 1
			seen[string(digits)] = n
		}
		repl := fmt.Sprintf("%0*d", len(digits), n)
		if len(repl) == len(digits) {
			copy(digits, repl)
		}
	}
}

var langRE = regexp.MustCompile(`/Lang\s*\((?:[^()\\]|\\.)*\)`)

// lexer reads PDF tokens and objects.
type lexer struct {
	data []byte
	pos  int
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0
}

func isDelim(c byte) bool {
	return bytes.IndexByte([]byte("()<>[]{}/%"), c) >= 0
}

func (p *lexer) space() {
	for p.pos < len(p.data) {
		c := p.data[p.pos]
		if c == '%' {
			for p.pos < len(p.data) && p.data[p.pos] != '\n' && p.data[p.pos] != '\r' {
				p.pos++
			}
			continue
		}
		if !isSpace(c) {
			return
		}
		p.pos++
	}
}

// keyword reads a bare word.
func (p *lexer) keyword() string {
	p.space()
	s := p.pos
	for p.pos < len(p.data) && !isSpace(p.data[p.pos]) && !isDelim(p.data[p.pos]) {
		p.pos++
	}
	return string(p.data[s:p.pos])
}

func (p *lexer) value() (any, error) {
	return p.valueDepth(0)
}

func (p *lexer) valueDepth(depth int) (any, error) {
	if depth > 100 {
		return nil, pdfErrorf("för djupt nästlat")
	}
	p.space()
	if p.pos >= len(p.data) {
		return nil, pdfErrorf("oväntat slut")
	}
	switch c := p.data[p.pos]; {
	case c == '<' && p.pos+1 < len(p.data) && p.data[p.pos+1] == '<':
		p.pos += 2
		d := pdfDict{}
		for {
			p.space()
			if bytes.HasPrefix(p.data[p.pos:], []byte(">>")) {
				p.pos += 2
				return d, nil
			}
			k, err := p.valueDepth(depth + 1)
			if err != nil {
				return nil, err
			}
			name, ok := k.(pdfName)
			if !ok {
				return nil, pdfErrorf("nyckel %v är inget namn", k)
			}
			v, err := p.valueDepth(depth + 1)
			if err != nil {
				return nil, err
			}
			d[name] = v
		}
	case c == '<':
		end := bytes.IndexByte(p.data[p.pos:], '>')
		if end < 0 {
			return nil, pdfErrorf("hexsträng utan slut")
		}
		hex := p.data[p.pos+1 : p.pos+end]
		p.pos += end + 1
		var digits []byte
		for _, h := range hex {
			if !isSpace(h) {
				digits = append(digits, h)
			}
		}
		if len(digits)%2 == 1 {
			digits = append(digits, '0')
		}
		out := make([]byte, len(digits)/2)
		for i := range out {
			v, err := strconv.ParseUint(string(digits[2*i:2*i+2]), 16, 8)
			if err != nil {
				return nil, pdfErrorf("hexsträng")
			}
			out[i] = byte(v)
		}
		return pdfStr(out), nil
	case c == '(':
		return p.literal()
	case c == '[':
		p.pos++
		var a pdfArray
		for {
			p.space()
			if p.pos < len(p.data) && p.data[p.pos] == ']' {
				p.pos++
				return a, nil
			}
			v, err := p.valueDepth(depth + 1)
			if err != nil {
				return nil, err
			}
			a = append(a, v)
		}
	case c == '/':
		p.pos++
		s := p.pos
		for p.pos < len(p.data) && !isSpace(p.data[p.pos]) && !isDelim(p.data[p.pos]) {
			p.pos++
		}
		raw := p.data[s:p.pos]
		var name []byte
		for i := 0; i < len(raw); i++ {
			if raw[i] == '#' && i+2 < len(raw) {
				if v, err := strconv.ParseUint(string(raw[i+1:i+3]), 16, 8); err == nil {
					name = append(name, byte(v))
					i += 2
					continue
				}
			}
			name = append(name, raw[i])
		}
		return pdfName(name), nil
	case c == '+' || c == '-' || c == '.' || (c >= '0' && c <= '9'):
		w := p.keyword()
		if n, err := strconv.Atoi(w); err == nil {
			// N G R is a reference.
			save := p.pos
			if g, err := strconv.Atoi(p.keyword()); err == nil && g >= 0 {
				if p.keyword() == "R" {
					return pdfRef{n, g}, nil
				}
			}
			p.pos = save
			return n, nil
		}
		f, err := strconv.ParseFloat(w, 64)
		if err != nil {
			return nil, pdfErrorf("tal %q", w)
		}
		return f, nil
	default:
		switch w := p.keyword(); w {
		case "true":
			return true, nil
		case "false":
			return false, nil
		case "null":
			return nil, nil
		case "":
			return nil, pdfErrorf("oväntat tecken %q på %d", c, p.pos)
		default:
			return nil, pdfErrorf("oväntat ord %q", w)
		}
	}
}

// literal reads a (string) with escapes and balanced parentheses.
func (p *lexer) literal() (any, error) {
	p.pos++
	var out []byte
	depth := 0
	for p.pos < len(p.data) {
		c := p.data[p.pos]
		p.pos++
		switch c {
		case '(':
			depth++
		case ')':
			if depth == 0 {
				return pdfStr(out), nil
			}
			depth--
		case '\\':
			if p.pos >= len(p.data) {
				break
			}
			e := p.data[p.pos]
			p.pos++
			switch e {
			case 'n':
				c = '\n'
			case 'r':
				c = '\r'
			case 't':
				c = '\t'
			case 'b':
				c = '\b'
			case 'f':
				c = '\f'
			case '\r', '\n':
				if e == '\r' && p.pos < len(p.data) && p.data[p.pos] == '\n' {
					p.pos++
				}
				continue
			default:
				if e >= '0' && e <= '7' {
					v := int(e - '0')
					for i := 0; i < 2 && p.pos < len(p.data) && p.data[p.pos] >= '0' && p.data[p.pos] <= '7'; i++ {
						v = v*8 + int(p.data[p.pos]-'0')
						p.pos++
					}
					c = byte(v)
				} else {
					c = e
				}
			}
		}
		out = append(out, c)
	}
	return nil, pdfErrorf("sträng utan slut")
}
