package sie

import (
	"bufio"
	"bytes"
	"io"
)

// lines splits a reader into lines exactly as a bufio.Scanner with bufio.ScanLines and a
// buffer of 256 KiB that may grow to maxLine does (the same reads, the same lines, the same
// errors), without the Scanner's calls through function values for every line.
type lines struct {
	r          io.Reader
	buf        []byte
	start, end int
	err        error
}

func newLines(r io.Reader) *lines { return &lines{r: r, buf: make([]byte, 256<<10)} }

// next returns the next line without its "\n" and one "\r" before it, as Scanner.Scan and
// Scanner.Bytes do; ok is false at the end or at an error (see Err).
func (s *lines) next() (line []byte, ok bool) {
	for {
		if s.end > s.start || s.err != nil {
			data := s.buf[s.start:s.end]
			if i := bytes.IndexByte(data, '\n'); i >= 0 {
				s.start += i + 1
				return dropCR(data[:i]), true
			}
			if s.err != nil && len(data) > 0 {
				// A final line without "\n".
				s.start = s.end
				return dropCR(data), true
			}
		}
		if s.err != nil {
			s.start, s.end = 0, 0
			return nil, false
		}
		// Read more, as Scanner.Scan does.
		if s.start > 0 && (s.end == len(s.buf) || s.start > len(s.buf)/2) {
			copy(s.buf, s.buf[s.start:s.end])
			s.end -= s.start
			s.start = 0
		}
		if s.end == len(s.buf) {
			if len(s.buf) >= maxLine {
				s.setErr(bufio.ErrTooLong)
				return nil, false
			}
			buf := make([]byte, min(len(s.buf)*2, maxLine))
			copy(buf, s.buf[s.start:s.end])
			s.buf = buf
			s.end -= s.start
			s.start = 0
		}
		for loop := 0; ; {
			n, err := s.r.Read(s.buf[s.end:len(s.buf)])
			if n < 0 || len(s.buf)-s.end < n {
				s.setErr(bufio.ErrBadReadCount)
				break
			}
			s.end += n
			if err != nil {
				s.setErr(err)
				break
			}
			if n > 0 {
				break
			}
			loop++
			if loop > 100 {
				s.setErr(io.ErrNoProgress)
				break
			}
		}
	}
}

func dropCR(b []byte) []byte {
	if len(b) > 0 && b[len(b)-1] == '\r' {
		return b[:len(b)-1]
	}
	return b
}

func (s *lines) setErr(err error) {
	if s.err == nil || s.err == io.EOF {
		s.err = err
	}
}

// Err is the error that ended the lines, nil at the end of the input.
func (s *lines) Err() error {
	if s.err == io.EOF {
		return nil
	}
	return s.err
}
