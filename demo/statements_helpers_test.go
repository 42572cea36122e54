package demo_test

import (
	"bytes"
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/demo"
	"github.com/tertial/tertial/ledgerimport"
	"github.com/tertial/tertial/report"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

// The helpers of the statement tests (issue 16): the Ekby demo's generated SIE files as
// text, to be edited on purpose before they are imported, and a small reader of those
// files that sums their rows by account prefix without the sie package, so that the
// statements' figures are checked against the files by other code than the code that
// computed them.

var (
	ekbyFilesOnce sync.Once
	ekbyFilesText map[int]string
	ekbyFilesErr  error
)

// ekbyFiles returns the demo's SIE files by year, as tertial demo ekby writes them
// (generated once per test binary; callers get a fresh map they may change).
func ekbyFiles(t testing.TB) map[int]string {
	t.Helper()
	ekbyFilesOnce.Do(func() {
		d, _ := demo.Get("ekby")
		ekbyFilesText = map[int]string{}
		for _, l := range d.Ledgers {
			if l.Unit != "kf" {
				continue // the company's books are imported as generated (ekbyLoad)
			}
			var buf bytes.Buffer
			if err := l.Write(&buf); err != nil {
				ekbyFilesErr = err
				return
			}
			ekbyFilesText[l.Year] = buf.String()
		}
	})
	if ekbyFilesErr != nil {
		t.Fatal(ekbyFilesErr)
	}
	out := map[int]string{}
	for y, s := range ekbyFilesText {
		out[y] = s
	}
	return out
}

// ekbyLoad loads the Ekby demo's dataset and the SIE files (by year, all for unit kf)
// into a new SQLite database, as tertial demo ekby does, and reads the dataset back.
func ekbyLoad(t testing.TB, files map[int]string) *tertial.Dataset {
	t.Helper()
	ctx := context.Background()
	d, _ := demo.Get("ekby")
	ds, err := d.Dataset()
	if err != nil {
		t.Fatal(err)
	}
	db := storetest.Open(t, store.SQLite)
	if err := db.ReplaceDataset(ctx, ds); err != nil {
		t.Fatal(err)
	}
	for _, l := range d.Ledgers {
		text, ok := files[l.Year]
		if l.Unit != "kf" {
			var buf bytes.Buffer
			if err := l.Write(&buf); err != nil {
				t.Fatal(err)
			}
			text, ok = buf.String(), true
		}
		if !ok {
			continue
		}
		if _, err := ledgerimport.Import(ctx, db, strings.NewReader(text), ledgerimport.Options{Municipality: ds.Municipality.Code, Unit: l.Unit, Year: l.Year,
			Source: "demo", Actor: "test", FileName: l.FileName(d.Name)}); err != nil {
			t.Fatalf("%d: %v", l.Year, err)
		}
	}
	loaded, err := db.Dataset(ctx, ds.Municipality.Code)
	if err != nil {
		t.Fatal(err)
	}
	return loaded
}

// kfStatements builds the statements of kommunfullmäktige's årsredovisning 2025 (this
// year and 2024) as the report does.
func kfStatements(t testing.TB, ds *tertial.Dataset) *tertial.Statements {
	t.Helper()
	st, err := report.StatementsOf(ds, "kf", ds.Period("kf", "2025-12"))
	if err != nil {
		t.Fatal(err)
	}
	if st == nil {
		t.Fatal("kf/2025-12 has no statements")
	}
	return st
}

// sieSums are one SIE file's rows of its own fiscal year (year index 0) summed per
// account, öre in the file's sign (debit positive): the vouchers' #TRANS rows, #IB, #UB
// and #RES.
type sieSums struct {
	trans, ib, ub, res map[string]int64
}

// readSIESums sums a generated SIE file by plain string parsing: it knows the lines
// "#TRANS acc {objects} amount", "#IB 0 acc amount", "#UB 0 acc amount" and
// "#RES 0 acc amount", and nothing of the sie package.
func readSIESums(t testing.TB, text string) sieSums {
	t.Helper()
	s := sieSums{trans: map[string]int64{}, ib: map[string]int64{}, ub: map[string]int64{}, res: map[string]int64{}}
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		switch f[0] {
		case "#TRANS":
			// The object list is between braces and may hold spaces; the amount follows it.
			close := strings.IndexByte(line, '}')
			if close < 0 {
				t.Fatalf("line %d: %q has no object list", i+1, line)
			}
			rest := strings.Fields(line[close+1:])
			if len(rest) == 0 {
				t.Fatalf("line %d: %q has no amount", i+1, line)
			}
			s.trans[f[1]] += parseOre(t, i+1, rest[0])
		case "#IB", "#UB", "#RES":
			if len(f) < 4 || f[1] != "0" {
				continue
			}
			m := map[string]map[string]int64{"#IB": s.ib, "#UB": s.ub, "#RES": s.res}[f[0]]
			m[f[2]] += parseOre(t, i+1, f[3])
		}
	}
	return s
}

// parseOre reads "-1234.5" or "17.05" as öre, without floats.
func parseOre(t testing.TB, line int, s string) int64 {
	t.Helper()
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	whole, frac, _ := strings.Cut(s, ".")
	for len(frac) < 2 {
		frac += "0"
	}
	w, err1 := strconv.ParseInt(whole, 10, 64)
	f, err2 := strconv.ParseInt(frac, 10, 64)
	if err1 != nil || err2 != nil || len(frac) != 2 {
		t.Fatalf("line %d: amount %q", line, s)
	}
	v := w*100 + f
	if neg {
		v = -v
	}
	return v
}

// sum adds the accounts of m whose number starts with one of the prefixes.
func sumPrefix(m map[string]int64, prefixes ...string) int64 {
	var v int64
	for a, x := range m {
		for _, p := range prefixes {
			if strings.HasPrefix(a, p) {
				v += x
				break
			}
		}
	}
	return v
}

// formatOre writes öre as kronor with two decimals, the way the SIE files do.
func formatOre(v int64) string {
	sign := ""
	if v < 0 {
		sign, v = "-", -v
	}
	return fmt.Sprintf("%s%d.%02d", sign, v/100, v%100)
}
