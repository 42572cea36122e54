package sie

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"testing"
	"testing/iotest"
)

// sameLines reports where lines and bufio.Scanner, as the reader used it before, differ
// on the input that mk makes ("" when they do not).
func sameLines(mk func() io.Reader) string {
	sc := bufio.NewScanner(mk())
	sc.Buffer(make([]byte, 256<<10), maxLine)
	ls := newLines(mk())
	for n := 1; ; n++ {
		want := sc.Scan()
		line, got := ls.next()
		if want != got {
			return fmt.Sprintf("line %d: Scanner %v, lines %v", n, want, got)
		}
		if !got {
			break
		}
		if !bytes.Equal(sc.Bytes(), line) {
			return fmt.Sprintf("line %d: Scanner %q, lines %q", n, shorten(sc.Bytes()), shorten(line))
		}
	}
	if fmt.Sprint(sc.Err()) != fmt.Sprint(ls.Err()) {
		return fmt.Sprintf("Scanner's error %v, lines' %v", sc.Err(), ls.Err())
	}
	return ""
}

func shorten(b []byte) []byte {
	if len(b) > 40 {
		return append(append([]byte{}, b[:20]...), b[len(b)-20:]...)
	}
	return b
}

// chunkReader returns the data in pieces of random size, some of them empty.
type chunkReader struct {
	data []byte
	rng  *rand.Rand
	eof  bool // return io.EOF with the last piece
}

func (c *chunkReader) Read(p []byte) (int, error) {
	if len(c.data) == 0 {
		return 0, io.EOF
	}
	n := min(len(p), len(c.data), c.rng.IntN(3)*c.rng.IntN(1<<uint(c.rng.IntN(20))))
	copy(p, c.data[:n])
	c.data = c.data[n:]
	if c.eof && len(c.data) == 0 {
		return n, io.EOF
	}
	return n, nil
}

type zeroReader struct{}

func (zeroReader) Read(p []byte) (int, error) { return 0, nil }

type badCountReader struct{}

func (badCountReader) Read(p []byte) (int, error) { return len(p) + 1, nil }

// TestLinesAsScanner checks that lines splits exactly as bufio.Scanner, line ends, long
// lines, readers that return little, nothing, errors or EOF with data included.
func TestLinesAsScanner(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var inputs [][]byte
	for _, s := range []string{"", "\n", "a", "a\n", "a\r\n", "a\r\r\n", "\r", "\r\n", "a\nb", "a\nb\r", "\n\n\r\n", "x\r\ry"} {
		inputs = append(inputs, []byte(s))
	}
	for range 200 {
		var b []byte
		for range rng.IntN(50) {
			b = append(b, bytes.Repeat([]byte{"ab\r\n "[rng.IntN(5)]}, 1+rng.IntN(1<<uint(rng.IntN(14))))...)
		}
		inputs = append(inputs, b)
	}
	for _, n := range []int{maxLine - 2, maxLine - 1, maxLine, maxLine + 1} {
		long := bytes.Repeat([]byte{'x'}, n)
		inputs = append(inputs, long, append(long, '\n'), append(append([]byte("a\n"), long...), '\n'), append(append([]byte("a\n"), long...), "\r\n"...),
			append([]byte(strings.Repeat("b\n", 100000)), long...))
	}
	readers := map[string]func([]byte) io.Reader{
		"bytes":   func(b []byte) io.Reader { return bytes.NewReader(b) },
		"onebyte": func(b []byte) io.Reader { return iotest.OneByteReader(bytes.NewReader(b)) },
		"half":    func(b []byte) io.Reader { return iotest.HalfReader(bytes.NewReader(b)) },
		"dataerr": func(b []byte) io.Reader { return iotest.DataErrReader(bytes.NewReader(b)) },
		"timeout": func(b []byte) io.Reader { return iotest.TimeoutReader(bytes.NewReader(b)) },
		"err": func(b []byte) io.Reader {
			return io.MultiReader(bytes.NewReader(b), iotest.ErrReader(errors.New("boom")))
		},
		"chunks": func(b []byte) io.Reader { return &chunkReader{data: b, rng: rand.New(rand.NewPCG(uint64(len(b)), 3))} },
		"chunkseof": func(b []byte) io.Reader {
			return &chunkReader{data: b, rng: rand.New(rand.NewPCG(uint64(len(b)), 4)), eof: true}
		},
		"zero":     func(b []byte) io.Reader { return io.MultiReader(bytes.NewReader(b), zeroReader{}) },
		"badcount": func(b []byte) io.Reader { return io.MultiReader(bytes.NewReader(b), badCountReader{}) },
	}
	for name, mk := range readers {
		for i, in := range inputs {
			if len(in) > 1<<16 && name != "bytes" && name != "dataerr" && name != "chunkseof" && name != "err" {
				continue // slow, and the small inputs cover these readers
			}
			if diff := sameLines(func() io.Reader { return mk(in) }); diff != "" {
				t.Fatalf("%s, input %d (%d bytes): %s", name, i, len(in), diff)
			}
		}
	}
}
