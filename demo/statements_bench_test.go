package demo_test

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/demo"
	"github.com/tertial/tertial/ledgerimport"
	"github.com/tertial/tertial/sie"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

// benchVouchers is how many further invoices the benchmark's generated year has: enough
// for at least 5 million #TRANS rows (docs/sie.md).
const benchVouchers = 780_000

// BenchmarkStatements5M builds the statements of a municipality with 5 million
// transaction rows a year from the stored sums (issue 16: under a second). The setup,
// outside the measurement, generates Ekby's 2025 with sie.GenerateYearsTo (≥ 5 M #TRANS
// rows, about 180 MB) and imports it for unit kf into a SQLite database: about a minute.
// Then, each measured:
//
//   - sums: from the loaded ledger (tertial.LedgerData) the year and the comparison year
//     (LedgerData.Year), BuildStatements and Check;
//   - ledger: loading the ledger's stored sums from the database (store DB.Ledger), then
//     the same;
//   - dataset: loading the whole dataset (store DB.Dataset, the ledger with it), then the
//     same.
//
// Run it with
//
//	go test ./demo -run '^$' -bench Statements5M -benchtime 10x
//
// It is skipped with -short.
func BenchmarkStatements5M(b *testing.B) {
	if testing.Short() {
		b.Skip("generates and imports 5 million transaction rows (about a minute)")
	}
	ctx := context.Background()
	path := filepath.Join(b.TempDir(), "ekby-2025.se")
	start := time.Now()
	years, err := sie.GenerateYearsTo(sie.GenerateOptions{Vouchers: benchVouchers, Seed: 9901_2021}, 2025, 2025, func(int) (io.WriteCloser, error) {
		return os.Create(path)
	})
	if err != nil {
		b.Fatal(err)
	}
	if years[0].Rows < 5_000_000 {
		b.Fatalf("%d #TRANS rows, want at least 5 million", years[0].Rows)
	}
	generated := time.Since(start)
	d, _ := demo.Get("ekby")
	ds, err := d.Dataset()
	if err != nil {
		b.Fatal(err)
	}
	db := storetest.Open(b, store.SQLite)
	if err := db.ReplaceDataset(ctx, ds); err != nil {
		b.Fatal(err)
	}
	start = time.Now()
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	_, err = ledgerimport.Import(ctx, db, f, ledgerimport.Options{Municipality: ds.Municipality.Code, Unit: "kf", Year: 2025,
		Source: "bench", Actor: "bench", FileName: "ekby-2025.se"})
	f.Close()
	if err != nil {
		b.Fatal(err)
	}
	imported := time.Since(start)
	code := ds.Municipality.Code
	loaded, err := db.Dataset(ctx, code)
	if err != nil {
		b.Fatal(err)
	}
	build := func(b *testing.B, l *tertial.LedgerData) {
		this, prior := l.Year("kf", 2025, 0), l.Year("kf", 2024, 0)
		st, err := tertial.BuildStatements(tertial.DefaultStatementLayout(), &this, &prior, tertial.StatementOptions{})
		if err != nil {
			b.Fatal(err)
		}
		if fs := st.Check(); len(fs) > 0 {
			b.Fatalf("check: %v", fs)
		}
		if st.Amount("arets-resultat") == 0 || !st.HasPrior || !st.HasBalances || !st.PriorHasBalances {
			b.Fatal("the statements are empty")
		}
	}
	fi, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("%d #TRANS rows, %d vouchers, %d MB, generated in %v, imported in %v; the ledger holds %d outcome, %d budget, %d movement and %d balance rows",
		years[0].Rows, years[0].Vouchers, fi.Size()>>20, generated.Round(time.Millisecond), imported.Round(time.Millisecond),
		len(loaded.Ledger.Outcome), len(loaded.Ledger.Budget), len(loaded.Ledger.Movements), len(loaded.Ledger.Balances))
	b.Run("sums", func(b *testing.B) {
		for b.Loop() {
			build(b, loaded.Ledger)
		}
	})
	b.Run("ledger", func(b *testing.B) {
		for b.Loop() {
			l, err := db.Ledger(ctx, code, loaded)
			if err != nil {
				b.Fatal(err)
			}
			build(b, l)
		}
	})
	b.Run("dataset", func(b *testing.B) {
		for b.Loop() {
			ds, err := db.Dataset(ctx, code)
			if err != nil {
				b.Fatal(err)
			}
			build(b, ds.Ledger)
		}
	})
}
