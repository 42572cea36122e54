package main

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/compute"
	"github.com/tertial/tertial/demo"
	"github.com/tertial/tertial/sie"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

// BenchmarkStatementFromLedger imports a generated SIE 4E file of TERTIAL_BENCH_ROWS
// transaction rows (default 1 million; the figure in docs/performance.md is for 10
// million) for the demo's kommunstyrelse, with `tertial import sie` as a user would, and
// then times what a report needs for the operating statement: reading the ledger from the
// database, mapping it to the statement's rows for the period's months (and the same
// months last year) and computing the table's sums and deviations. The import is set-up
// and not timed. It runs on SQLite and, when TERTIAL_TEST_POSTGRES is set, on PostgreSQL.
func BenchmarkStatementFromLedger(b *testing.B) {
	rows := 1_000_000
	if s := os.Getenv("TERTIAL_BENCH_ROWS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 100 {
			b.Fatalf("TERTIAL_BENCH_ROWS=%q: a number of rows, at least 100", s)
		}
		rows = n
	}
	file := filepath.Join(b.TempDir(), "ledger.se")
	fh, err := os.Create(file)
	if err != nil {
		b.Fatal(err)
	}
	written, err := sie.Generate(fh, sie.GenerateOptions{Vouchers: rows / 11, Seed: 1})
	if err2 := fh.Close(); err == nil {
		err = err2
	}
	if err != nil {
		b.Fatal(err)
	}
	demoFile := filepath.Join(b.TempDir(), "huddinge.yaml")
	if err := os.WriteFile(demoFile, demo.Bytes(), 0o644); err != nil {
		b.Fatal(err)
	}
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		b.Run(string(d), func(b *testing.B) {
			u := storetest.URL(b, d)
			ctx := context.Background()
			for _, args := range [][]string{{"import", demoFile}, {"import", "sie", file, "--unit", "ks"}} {
				if code := run(ctx, append(args, "--db", u), io.Discard, os.Stderr); code != 0 {
					b.Fatalf("tertial %v: exit %d", args, code)
				}
			}
			db, err := store.Open(ctx, u)
			if err != nil {
				b.Fatal(err)
			}
			defer db.Close()
			ds, err := db.Dataset(ctx, "0126")
			if err != nil {
				b.Fatal(err)
			}
			per := ds.Period("ks", "2021-08")
			var stored int
			for b.Loop() {
				l, err := db.Ledger(ctx, "0126", ds)
				if err != nil {
					b.Fatal(err)
				}
				filled, _ := tertial.ApplyLedger(per, l)
				if filled == per {
					b.Fatal("the statement was not filled from the ledger")
				}
				compute.MoneyTable(&filled.MoneyTables[0])
				stored = len(l.Outcome) + len(l.Budget)
			}
			b.ReportMetric(float64(written), "transactions")
			b.ReportMetric(float64(stored), "ledger-rows-read")
		})
	}
}
