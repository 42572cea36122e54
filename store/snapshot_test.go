package store_test

import (
	"iter"
	"strings"
	"testing"
	"time"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

// importPersonnel imports a ledger for ks of 2021 whose only outcome is personnel (5010)
// in March, of amount öre, replacing the earlier import of the same source.
func importPersonnel(t *testing.T, db *store.DB, amount int64) {
	t.Helper()
	rows := func(yield func(store.LedgerRow) bool) {
		yield(store.LedgerRow{Account: "5010", Month: 202103, Amount: amount})
	}
	if _, err := db.ImportLedger(ctx, store.LedgerImport{Municipality: "0126", Unit: "ks", Source: "test", Year: 2021, SHA256: "-", Actor: "test"},
		iter.Seq[store.LedgerRow](rows), nil); err != nil {
		t.Fatal(err)
	}
}

// personnelOutcome is the demo statement's personnel outcome for the period as the
// report gets it.
func personnelOutcome(t *testing.T, db *store.DB) tertial.Amount {
	t.Helper()
	ds, err := db.Dataset(ctx, "0126")
	if err != nil {
		t.Fatal(err)
	}
	per, _ := tertial.ApplyLedger(ds.Period("ks", "2021-08"), ds.Ledger)
	return per.MoneyTables[0].Rows[1].Rows[0].Amounts[tertial.ColPeriodOutcome]
}

// TestLockedPeriodKeepsItsLedger: imports after a period is locked do not change its
// figures; unlocking lets the current ledger in again. A period locked before any import
// keeps its entered amounts.
func TestLockedPeriodKeepsItsLedger(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		demoOpen(t, db)
		entered := personnelOutcome(t, db)
		decision := store.Decision{Date: time.Date(2021, 9, 22, 0, 0, 0, 0, time.UTC), Paragraph: "§ 12"}

		// Locked with nothing imported: a later import does not reach it.
		if err := db.LockPeriod(ctx, "controller", ks, decision); err != nil {
			t.Fatal(err)
		}
		importPersonnel(t, db, 3_000_000_000) // 30 Mkr: beyond 32 bits
		if got := personnelOutcome(t, db); got != entered {
			t.Errorf("locked before any import: %d, want the entered %d", got, entered)
		}
		// Unlocked: the ledger fills it; locked again with that ledger.
		if err := db.UnlockPeriod(ctx, "controller", ks); err != nil {
			t.Fatal(err)
		}
		if got := personnelOutcome(t, db); got != -3_000_000_000 {
			t.Errorf("open: %d, want the ledger's -3 000 000 000", got)
		}
		if err := db.LockPeriod(ctx, "controller", ks, decision); err != nil {
			t.Fatal(err)
		}
		// Late postings are imported (the same source and year replaces the import).
		importPersonnel(t, db, 4_500_000_000)
		if got := personnelOutcome(t, db); got != -3_000_000_000 {
			t.Errorf("locked, then re-imported: %d, want the ledger at the lock, -3 000 000 000", got)
		}
		frozen, err := db.Dataset(ctx, "0126")
		if err != nil {
			t.Fatal(err)
		}
		if per, _ := tertial.ApplyLedger(frozen.Period("ks", "2021-08"), frozen.Ledger); !strings.Contains(strings.Join(per.MoneyTables[0].Derived, " "), "när perioden låstes") {
			t.Errorf("the report does not say the ledger is the one at the lock: %q", per.MoneyTables[0].Derived)
		}
		ds, err := db.Dataset(ctx, "0126")
		if err != nil {
			t.Fatal(err)
		}
		if ds.Ledger == nil || ds.Ledger.Outcome[0].Amount != 4_500_000_000 {
			t.Errorf("the current ledger: %+v", ds.Ledger)
		}
		// A new import of the dataset keeps the freeze of a period it leaves locked.
		ds.Period("ks", "2021-08").Ledger = nil
		if err := db.ReplaceDataset(ctx, ds); err != nil {
			t.Fatal(err)
		}
		if got := personnelOutcome(t, db); got != -3_000_000_000 {
			t.Errorf("after a dataset import: %d, want -3 000 000 000", got)
		}
		if err := db.UnlockPeriod(ctx, "controller", ks); err != nil {
			t.Fatal(err)
		}
		if got := personnelOutcome(t, db); got != -4_500_000_000 {
			t.Errorf("unlocked again: %d, want the current -4 500 000 000", got)
		}
	})
}

// TestOverlappingImportsNotSummed: a 2021 file carries 2020's months (#PSALDO -1); when
// 2020's own file is imported too, 2020 comes from it and is not counted twice, before
// and after a lock.
func TestOverlappingImportsNotSummed(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		demoOpen(t, db)
		imp := func(source string, year int, rows ...store.LedgerRow) {
			t.Helper()
			if _, err := db.ImportLedger(ctx, store.LedgerImport{Municipality: "0126", Unit: "ks", Source: source, Year: year, SHA256: "-", Actor: "test"},
				func(yield func(store.LedgerRow) bool) {
					for _, r := range rows {
						if !yield(r) {
							return
						}
					}
				}, nil); err != nil {
				t.Fatal(err)
			}
		}
		prior := func() tertial.Amount {
			t.Helper()
			ds, err := db.Dataset(ctx, "0126")
			if err != nil {
				t.Fatal(err)
			}
			per, _ := tertial.ApplyLedger(ds.Period("ks", "2021-08"), ds.Ledger)
			return per.MoneyTables[0].Rows[1].Rows[0].Amounts[tertial.ColPriorOutcome]
		}
		// The 2021 file alone: its copy of March 2020 is last year's outcome.
		imp("sie:Ekonomi", 2021, store.LedgerRow{Account: "5010", Month: 202103, Amount: 500}, store.LedgerRow{Account: "5010", Month: 202003, Amount: 100000})
		if got := prior(); got != -100000 {
			t.Errorf("2021's file alone: prior outcome %d, want -100000", got)
		}
		// 2020's own file (with a late posting the copy lacks) is taken instead.
		imp("sie:Ekonomi", 2020, store.LedgerRow{Account: "5010", Month: 202003, Amount: 100000}, store.LedgerRow{Account: "5010", Month: 202005, Amount: 7})
		if got := prior(); got != -100007 {
			t.Errorf("both files: prior outcome %d, want 2020's own -100007", got)
		}
		if err := db.LockPeriod(ctx, "controller", ks, store.Decision{Date: time.Date(2021, 9, 22, 0, 0, 0, 0, time.UTC), Paragraph: "§ 12"}); err != nil {
			t.Fatal(err)
		}
		if got := prior(); got != -100007 {
			t.Errorf("locked: prior outcome %d, want -100007", got)
		}
		// A month that only the copy holds (2020's file was imported before November and
		// never replaced) is kept: the year's total is 2020's own months plus November.
		imp("sie:Ekonomi", 2021, store.LedgerRow{Account: "5010", Month: 202003, Amount: 100000}, store.LedgerRow{Account: "5010", Month: 202011, Amount: 40})
		totals, err := db.LedgerAccountTotals(ctx, "0126", "ks", false, 202001, 202012)
		if err != nil {
			t.Fatal(err)
		}
		if totals["5010"] != 100000+7+40 {
			t.Errorf("2020 from both files: %d, want %d", totals["5010"], 100000+7+40)
		}
	})
}

// TestDatasetLockedPeriodFrozen: a period that the imported file has locked (decided
// outside Tertial) is frozen at the import, so later SIE imports do not change it; a
// deleted municipality takes its ledger, snapshots and Kolada figures with it.
func TestDatasetLockedPeriodFrozen(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ds := load(t, "demo")
		per := ds.Period("ks", "2021-08")
		per.State = tertial.PeriodLocked
		per.DecisionDate, per.DecisionParagraph = time.Date(2021, 9, 22, 0, 0, 0, 0, time.UTC), "§ 12"
		if err := db.ReplaceDataset(ctx, ds); err != nil {
			t.Fatal(err)
		}
		entered := personnelOutcome(t, db)
		importPersonnel(t, db, 3_000_000_000)
		if got := personnelOutcome(t, db); got != entered {
			t.Errorf("a period locked in the file: %d, want the entered %d", got, entered)
		}
		// Imported again unchanged: the snapshot stays.
		if err := db.ReplaceDataset(ctx, ds); err != nil {
			t.Fatal(err)
		}
		if got := personnelOutcome(t, db); got != entered {
			t.Errorf("imported again: %d, want the entered %d", got, entered)
		}
		// Imported with a mapping by a dimension the snapshot lacks: a new snapshot is taken,
		// and the audit log says so.
		drift := &per.MoneyTables[0]
		drift.Mapping = append([]tertial.AccountRule{{Row: "lokaler", Accounts: []tertial.AccountRange{{From: "6410", To: "6410"}}, Dimension: 1, Objects: []string{"200"}}},
			tertial.KommunBasRules()...)
		if err := db.ReplaceDataset(ctx, ds); err != nil {
			t.Fatal(err)
		}
		if got := personnelOutcome(t, db); got != -3_000_000_000 {
			t.Errorf("after a changed mapping: %d, want the ledger of the new snapshot", got)
		}
		log, err := db.AuditLog(ctx, store.AuditFilter{Municipality: "0126", Entity: "ledger_freeze"})
		if err != nil || len(log) != 1 || !strings.HasPrefix(log[0].New, "0,1|") {
			t.Errorf("audit of the new snapshot: %+v, %v", log, err)
		}
		drift.Mapping = nil
		// Imported again as open: the current ledger fills it.
		per.State, per.DecisionDate, per.DecisionParagraph = tertial.PeriodOpen, time.Time{}, ""
		if err := db.ReplaceDataset(ctx, ds); err != nil {
			t.Fatal(err)
		}
		if got := personnelOutcome(t, db); got != -3_000_000_000 {
			t.Errorf("open again: %d, want the ledger's", got)
		}
		if err := db.DeleteMunicipality(ctx, "0126"); err != nil {
			t.Fatal(err)
		}
		if err := db.ReplaceDataset(ctx, ds); err != nil {
			t.Fatal(err)
		}
		if list, err := db.LedgerImports(ctx, "0126", "ks"); err != nil || len(list) != 0 {
			t.Errorf("after deleting the municipality: %d imports, %v", len(list), err)
		}
	})
}
