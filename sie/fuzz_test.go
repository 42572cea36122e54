package sie

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzReader reads and aggregates arbitrary bytes in both modes: it must never panic, and
// a strict read that succeeds must only have reported balanced vouchers.
func FuzzReader(f *testing.F) {
	for _, pattern := range []string{"testdata/*.s[ei]", "testdata/fuzz/*.se"} {
		files, _ := filepath.Glob(pattern)
		for _, name := range files {
			data, err := os.ReadFile(name)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, mode := range []Mode{Strict, Lenient} {
			unbalanced := false
			file, err := Read(bytes.NewReader(data), Options{Mode: mode}, Visitor{
				Voucher: func(v *Voucher) error {
					if v.Sum != 0 {
						unbalanced = true
					}
					return nil
				},
				Balance: func(b *Balance) error {
					if b.Account == "" {
						t.Fatalf("balance without account: %+v", b)
					}
					return nil
				},
			})
			if file == nil {
				t.Fatal("nil File")
			}
			if mode == Strict && err == nil && unbalanced {
				t.Fatal("strict read accepted an unbalanced voucher")
			}
			// The aggregation must not panic either, and its cells must be enumerable.
			if _, l, err := Aggregate(bytes.NewReader(data), Options{Mode: mode}); err == nil {
				n := 0
				for range l.Outcome.All() {
					n++
				}
				if n != l.Outcome.Len() {
					t.Fatalf("All yields %d cells, Len says %d", n, l.Outcome.Len())
				}
			}
		}
	})
}

// readLog reads data and prints everything the reader reports: every row as the visitor
// sees it, the File, the error, the aggregation and the checksum.
func readLog(data []byte, mode Mode, reader func([]byte) io.Reader) string {
	var log bytes.Buffer
	progress := func(n int64) { fmt.Fprintf(&log, "progress %d\n", n) }
	f, err := Read(reader(data), Options{Mode: mode, MaxWarnings: 5, Progress: progress}, Visitor{
		Balance: func(b *Balance) error {
			fmt.Fprintf(&log, "B %d %d %d %q %v %d %d\n", b.Kind, b.Year, b.Period, b.Account, b.Objects, b.Amount, b.Line)
			return nil
		},
		Trans: func(v *Voucher, t *Trans) error {
			fmt.Fprintf(&log, "T %d %q %v %d %d %d | %q %q %d %d %d\n", t.Kind, t.Account, t.Objects, t.Amount, t.Date, t.Line, v.Series, v.Number, v.Line, v.Rows, v.Sum)
			return nil
		},
		Voucher: func(v *Voucher) error {
			fmt.Fprintf(&log, "V %+v\n", *v)
			return nil
		},
	})
	j, _ := json.Marshal(f)
	fmt.Fprintf(&log, "F %s\nE %v\n", j, err)
	_, l, err := Aggregate(reader(data), Options{Mode: mode})
	fmt.Fprintf(&log, "AE %v\n", err)
	if err == nil {
		for k, v := range l.Outcome.All() {
			fmt.Fprintf(&log, "O %+v %d\n", k, v)
		}
		for k, v := range l.Budget.All() {
			fmt.Fprintf(&log, "P %+v %d\n", k, v)
		}
	}
	c, err := Checksum(reader(data))
	fmt.Fprintf(&log, "C %d %v\n", c, err)
	return log.String()
}

// FuzzFastPath checks that the fast path for #TRANS rows changes nothing that a read
// reports: the same rows, File, errors (with line and column), warnings, aggregation and
// checksum as the general path alone.
func FuzzFastPath(f *testing.F) {
	for _, pattern := range []string{"testdata/*.s[ei]", "testdata/fuzz/*.se"} {
		files, _ := filepath.Glob(pattern)
		for _, name := range files {
			data, err := os.ReadFile(name)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data)
		}
	}
	var buf bytes.Buffer
	if _, err := Generate(&buf, GenerateOptions{Vouchers: 3, Seed: 5}); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Fuzz(func(t *testing.T, data []byte) {
		sameWithoutFastPath(t, data)
	})
}

// sameWithoutFastPath checks that a read of data with the fast path, all at once and in
// pieces, reports the same as without it.
func sameWithoutFastPath(t *testing.T, data []byte) {
	t.Helper()
	whole := func(b []byte) io.Reader { return bytes.NewReader(b) }
	// In pieces of random size, so that lines end beyond the data read so far.
	pieces := func(b []byte) io.Reader {
		return &chunkReader{data: b, rng: rand.New(rand.NewPCG(uint64(len(b)), 7))}
	}
	for _, mode := range []Mode{Strict, Lenient} {
		noFastPath = true
		slow := readLog(data, mode, whole)
		noFastPath = false
		for _, fast := range []string{readLog(data, mode, whole), readLog(data, mode, pieces)} {
			if fast != slow {
				fl, sl := strings.Split(fast, "\n"), strings.Split(slow, "\n")
				for i := range min(len(fl), len(sl)) {
					if fl[i] != sl[i] {
						t.Fatalf("mode %d, log line %d:\nfast %s\nslow %s", mode, i, fl[i], sl[i])
					}
				}
				t.Fatalf("mode %d: %d log lines fast, %d slow", mode, len(fl), len(sl))
			}
		}
	}
}

// TestFastPathLargeFile compares the paths on a generated file of some MiB, with the
// progress reports, with indented rows and Windows line ends, and with #KSUMMA.
func TestFastPathLargeFile(t *testing.T) {
	var buf bytes.Buffer
	if _, err := Generate(&buf, GenerateOptions{Vouchers: 5000, Seed: 9}); err != nil {
		t.Fatal(err)
	}
	sameWithoutFastPath(t, buf.Bytes())
	crlf := bytes.ReplaceAll(buf.Bytes(), []byte("\n#TRANS"), []byte("\r\n\t#TRANS"))
	sameWithoutFastPath(t, crlf)
	// With #KSUMMA: every row goes into the CRC, which a wrong sum's error shows.
	ksum := bytes.Replace(buf.Bytes(), []byte("#FLAGGA 0\n"), []byte("#FLAGGA 0\n#KSUMMA\n"), 1)
	ksum = append(ksum, "#KSUMMA 1\n"...)
	sameWithoutFastPath(t, ksum)
	ksum = bytes.ReplaceAll(ksum, []byte("\n#TRANS 1930 {}"), []byte("\n#TRANS 1930 {} "))
	ksum = bytes.ReplaceAll(ksum, []byte("\n}\n"), []byte(" 20210301 \"a\\\"b\"\n}\n"))
	sameWithoutFastPath(t, ksum)
}
