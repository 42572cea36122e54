package ledgerimport_test

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/demo"
	"github.com/tertial/tertial/ledgerimport"
	"github.com/tertial/tertial/report"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

// brokenReader gives the first n bytes of a file, then fails as a dropped upload does.
type brokenReader struct {
	r io.Reader
	n int
}

var errDropped = errors.New("connection reset")

func (b *brokenReader) Read(p []byte) (int, error) {
	if b.n <= 0 {
		return 0, errDropped
	}
	if len(p) > b.n {
		p = p[:b.n]
	}
	n, err := b.r.Read(p)
	b.n -= n
	return n, err
}

// TestImport: a file is stored once and replaced by the same source and year; a fault in
// the file is an EINVALID error with its line; a failure to read it is a ReadError; and
// neither of them stores anything.
func TestImport(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		ds, err := demo.Dataset()
		if err != nil {
			t.Fatal(err)
		}
		if err := db.ReplaceDataset(ctx, ds); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join("..", "sie", "testdata", "kommun-4e.se")
		opts := ledgerimport.Options{Municipality: "0126", Unit: "ks", Actor: "test", FileName: "kommun-4e.se"}
		imported := func() int {
			list, err := db.LedgerImports(ctx, "0126", "ks")
			if err != nil {
				t.Fatal(err)
			}
			return len(list)
		}

		fh, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer fh.Close()
		_, err = ledgerimport.Import(ctx, db, &brokenReader{r: fh, n: 900}, opts)
		var re *ledgerimport.ReadError
		if !errors.As(err, &re) || !errors.Is(err, errDropped) || imported() != 0 {
			t.Fatalf("dropped upload: %v, %d imports", err, imported())
		}

		_, err = ledgerimport.Import(ctx, db, strings.NewReader("#SIETYP 4\n#RAR 0 20210101 20211231\n#TRANS 3010 {} 1.00\n"), opts)
		if tertial.ErrorCode(err) != tertial.EINVALID || !strings.Contains(err.Error(), "kommun-4e.se:3:") || imported() != 0 {
			t.Fatalf("#TRANS outside a voucher: %v", err)
		}

		for i, wantReplaced := range []bool{false, true} {
			fh.Seek(0, io.SeekStart)
			res, err := ledgerimport.Import(ctx, db, fh, opts)
			if err != nil {
				t.Fatal(err)
			}
			if res.Replaced != wantReplaced || res.Year != 2021 || res.Source != "sie:Unit4 ERP" || len(res.SHA256) != 64 || res.Outcome == 0 || imported() != 1 {
				t.Errorf("import %d: %+v, %d imports", i+1, res, imported())
			}
		}
	})
}

// TestImportChart: the file's chart of accounts (#KPTYP) is stored with the import; a
// chart other than Kommun-Bas gets a warning at its line, and tertial check names it.
func TestImportChart(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		ds, err := demo.Dataset()
		if err != nil {
			t.Fatal(err)
		}
		if err := db.ReplaceDataset(ctx, ds); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			file, chart, unit string
			warned            bool
		}{{"kommun-4e.se", "KBAS2021", "ksf", false}, {"eubas97.se", "EUBAS97", "ks", true}} {
			fh, err := os.Open(filepath.Join("..", "sie", "testdata", c.file))
			if err != nil {
				t.Fatal(err)
			}
			res, err := ledgerimport.Import(ctx, db, fh, ledgerimport.Options{Municipality: "0126", Unit: c.unit, Actor: "test", FileName: c.file})
			fh.Close()
			if err != nil {
				t.Fatal(err)
			}
			var warned bool
			for _, w := range res.File.Warnings {
				if strings.Contains(w.Message, "kontoplanen "+c.chart+" (#KPTYP), inte Kommun-Bas") && w.Line == res.File.ChartTypeLine && w.Line > 0 {
					warned = true
				}
			}
			if warned != c.warned {
				t.Errorf("%s: warned %v, want %v: %v", c.file, warned, c.warned, res.File.Warnings)
			}
		}
		charts := map[string]string{}
		for _, unit := range []string{"ks", "ksf"} {
			list, err := db.LedgerImports(ctx, "0126", unit)
			if err != nil {
				t.Fatal(err)
			}
			for _, i := range list {
				charts[i.Source] = i.Chart
			}
		}
		if len(charts) != 2 || charts["sie:Unit4 ERP"] != "KBAS2021" || charts["sie:Fortnox"] != "EUBAS97" {
			t.Errorf("stored charts %v", charts)
		}
		ds, err = db.Dataset(ctx, "0126")
		if err != nil {
			t.Fatal(err)
		}
		findings, err := report.Check(ds, "ks", "2021-08")
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, f := range findings {
			if strings.Contains(f.What, "kontoplanen EUBAS97 (#KPTYP), inte Kommun-Bas") && f.Where == "bokföringen sie:Fortnox 2021" {
				n++
			} else if strings.Contains(f.What, "#KPTYP") {
				t.Errorf("unexpected finding %s", f)
			}
		}
		if n != 1 {
			t.Errorf("%d findings about the chart, want 1: %v", n, findings)
		}
	})
}
