package store_test

import (
	"testing"

	"github.com/tertial/tertial/demo"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

// BenchmarkReplaceDataset measures importing the whole demo (delete and insert in one
// transaction) on each database.
func BenchmarkReplaceDataset(b *testing.B) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		b.Run(string(d), func(b *testing.B) {
			db := storetest.Open(b, d)
			ds, err := demo.Dataset()
			if err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				if err := db.ReplaceDataset(ctx, ds); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkLoadDataset measures reading the whole demo back, as every page of the
// read-only site does.
func BenchmarkLoadDataset(b *testing.B) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		b.Run(string(d), func(b *testing.B) {
			db := storetest.Open(b, d)
			ds, err := demo.Dataset()
			if err != nil {
				b.Fatal(err)
			}
			if err := db.ReplaceDataset(ctx, ds); err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				if _, err := db.Dataset(ctx, "0126"); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
