package store_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

// TestPatchedDatasetEqualsLoaded: a changed indicator value is carried into the cached
// dataset (store/patch.go) instead of the whole dataset being loaded again; what the next
// reader gets must equal a fresh load, value for value. A write by another process in
// between must make the next reader load anew, and see both writes.
func TestPatchedDatasetEqualsLoaded(t *testing.T) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			u := storetest.URL(t, d)
			open := func() *store.DB {
				db, err := store.Open(context.Background(), u)
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { db.Close() })
				return db
			}
			db, other := open(), open()
			demoOpen(t, db)
			prev, gen, err := db.SharedDatasetGeneration(ctx, "0126")
			if err != nil {
				t.Fatal(err)
			}
			// An indicator value that exists.
			var ind *tertial.Indicator
			var year, version int
			for i := range prev.Indicators {
				for _, v := range prev.Indicators[i].Values {
					if v.Value != nil && !v.Computed && ind == nil {
						ind, year, version = &prev.Indicators[i], v.Year, v.Version
					}
				}
			}
			if ind == nil {
				t.Fatal("the demo has no indicator value")
			}
			id := ind.ID
			dec := func(s string) *tertial.Decimal { d := tertial.MustParseDecimal(s); return &d }
			check := func(what string, patched bool) {
				t.Helper()
				got, g, err := db.SharedDatasetGeneration(ctx, "0126")
				if err != nil {
					t.Fatal(err)
				}
				if g <= gen {
					t.Fatalf("%s: generation %d, was %d", what, g, gen)
				}
				want, err := db.Dataset(ctx, "0126")
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("%s: the cached dataset differs from a fresh load:\n%+v\n%+v", what, got.Indicator(id).Values, want.Indicator(id).Values)
				}
				// A patched copy shares what did not change with the one before it; a loaded
				// one shares nothing.
				if shared := &got.Goals[0] == &prev.Goals[0]; shared != patched {
					t.Errorf("%s: patched %v, want %v", what, shared, patched)
				}
				prev, gen = got, g
			}
			save := func(db *store.DB, v tertial.IndicatorValue) {
				t.Helper()
				v.Year = year
				var err error
				if version, err = db.SaveIndicatorValue(ctx, store.Edit{Actor: "test", Period: ks, Version: version}, id, v); err != nil {
					t.Fatal(err)
				}
			}
			save(db, tertial.IndicatorValue{Value: dec("12,5")})
			check("a new value", true)
			save(db, tertial.IndicatorValue{Value: dec("7,25"), Kind: tertial.Preliminary, Note: "Preliminärt per augusti."})
			check("a preliminary value with a note", true)
			save(db, tertial.IndicatorValue{Value: dec("7,250")})
			check("the same value with another scale", true)

			// Another process writes: this one's cache is now two generations behind after
			// its own next save, and must load.
			f := tertial.GoalFollowup{Assessment: "partly", Analysis: "Från den andra processen."}
			goal := prev.Goals[0].ID
			gv := 0
			for _, x := range prev.Goals[0].Followups {
				if x.Period == ks.Period {
					gv = x.Version
				}
			}
			if _, err := other.SaveGoalFollowup(ctx, store.Edit{Actor: "test", Period: ks, Version: gv}, goal, f); err != nil {
				t.Fatal(err)
			}
			save(db, tertial.IndicatorValue{Value: dec("3")})
			check("after another process's write", false)
			found := false
			for _, x := range prev.Goal(goal).Followups {
				found = found || x.Analysis == f.Analysis
			}
			if !found {
				t.Error("the other process's write is missing")
			}
			save(db, tertial.IndicatorValue{Value: dec("4")})
			check("the next save", true)

			// A value of a year that had none goes in its place among the others (the
			// loader's order), and a removed one leaves.
			taken := map[int]bool{}
			for _, v := range prev.Indicator(id).Values {
				taken[v.Year] = true
			}
			year, version = 2000, 0
			for taken[year] {
				year++
			}
			n := len(prev.Indicator(id).Values)
			save(db, tertial.IndicatorValue{Value: dec("5")})
			check("a value of a year that had none", true)
			if got := len(prev.Indicator(id).Values); got != n+1 {
				t.Errorf("after a new year's value: %d values, want %d", got, n+1)
			}
			save(db, tertial.IndicatorValue{Value: dec("6")})
			check("the new year's value changed", true)
			save(db, tertial.IndicatorValue{})
			check("the new year's value removed", true)
			if got := len(prev.Indicator(id).Values); got != n {
				t.Errorf("after the removal: %d values, want %d", got, n)
			}
		})
	}
}
