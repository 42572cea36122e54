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

// scanLog lists the lines and the error of bufio.Scanner as the reader used it before.
func scanLog(r io.Reader) string {
	var b strings.Builder
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 256<<10), maxLine)
	for sc.Scan() {
		fmt.Fprintf(&b, "%d %q\n", len(sc.Bytes()), shorten(sc.Bytes()))
	}
	fmt.Fprintf(&b, "err %v\n", sc.Err())
	return b.String()
}

func linesLog(r io.Reader) string {
	var b strings.Builder
	sc := newLines(r)
	for {
		line, ok := sc.next()
		if !ok {
			break
		}
		fmt.Fprintf(&b, "%d %q\n", len(line), shorten(line))
	}
	fmt.Fprintf(&b, "err %v\n", sc.Err())
	return b.String()
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
		"chunks":    func(b []byte) io.Reader { return &chunkReader{data: b, rng: rand.New(rand.NewPCG(uint64(len(b)), 3))} },
		"chunkseof": func(b []byte) io.Reader { return &chunkReader{data: b, rng: rand.New(rand.NewPCG(uint64(len(b)), 4)), eof: true} },
		"zero":      func(b []byte) io.Reader { return io.MultiReader(bytes.NewReader(b), zeroReader{}) },
		"badcount":  func(b []byte) io.Reader { return io.MultiReader(bytes.NewReader(b), badCountReader{}) },
	}
	for name, mk := range readers {
		for i, in := range inputs {
			if name == "onebyte" && len(in) > 1<<16 {
				continue // slow and adds nothing
			}
			if want, got := scanLog(mk(in)), linesLog(mk(in)); want != got {
				t.Fatalf("%s, input %d (%d bytes):\nScanner %.500s\nlines   %.500s", name, i, len(in), want, got)
			}
		}
	}
}
