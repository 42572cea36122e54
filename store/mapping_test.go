package store_test

import (
	"strings"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

// TestSaveLedgerSetup: a controller's account mapping and periodisation are stored,
// checked, versioned and audited; the Kommun-Bas default comes back when the rules are
// removed.
func TestSaveLedgerSetup(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		demoOpen(t, db)
		table := func() *tertial.MoneyTable {
			t.Helper()
			ds, err := db.Dataset(ctx, "0126")
			if err != nil {
				t.Fatal(err)
			}
			for i, m := range ds.Period("ks", "2021-08").MoneyTables {
				if m.ID == "drift" {
					return &ds.Period("ks", "2021-08").MoneyTables[i]
				}
			}
			t.Fatal("no drift table")
			return nil
		}
		before := table()
		if len(before.Mapping) != 0 || len(before.Rules()) != 6 || before.SetupVersion != 0 {
			t.Fatalf("the demo's statement should use the Kommun-Bas default: %+v, version %d", before.Mapping, before.SetupVersion)
		}
		rules := append([]tertial.AccountRule{{Row: "lokaler", Accounts: []tertial.AccountRange{{From: "6410", To: "6410"}}, Dimension: 1, Objects: []string{"200", "210"}}},
			tertial.KommunBasRules()...)
		v, err := db.SaveLedgerSetup(ctx, store.Edit{Actor: "controller", Period: ks, Version: 0}, "drift", store.LedgerSetup{Mapping: rules, Periodisation: tertial.PeriodisePriorYear})
		if err != nil || v != 1 {
			t.Fatalf("save: version %d, %v", v, err)
		}
		got := table()
		if store.MappingText(got.Mapping) != store.MappingText(rules) || got.Periodisation != tertial.PeriodisePriorYear || got.SetupVersion != 1 {
			t.Errorf("stored %q, %q, version %d", store.MappingText(got.Mapping), got.Periodisation, got.SetupVersion)
		}
		// A save from the old version is refused and changes nothing.
		if _, err := db.SaveLedgerSetup(ctx, store.Edit{Actor: "bengt", Period: ks, Version: 0}, "drift", store.LedgerSetup{}); tertial.ErrorCode(err) != tertial.ECONFLICT {
			t.Errorf("stale save: %v", err)
		}
		// A rule naming a group, and periodisation on a table without a budget column, are
		// refused with what is wrong.
		for _, c := range []struct {
			table string
			setup store.LedgerSetup
			want  string
		}{
			{"drift", store.LedgerSetup{Mapping: []tertial.AccountRule{{Row: "kostnader", Accounts: []tertial.AccountRange{{From: "5", To: "5"}}}}}, `mapping[0].row`},
			{"drift", store.LedgerSetup{Mapping: []tertial.AccountRule{{Row: "personal"}}}, "inga konton"},
			{"drift", store.LedgerSetup{Periodisation: "monthly"}, "okänd periodisering"},
		} {
			_, err := db.SaveLedgerSetup(ctx, store.Edit{Actor: "controller", Period: ks, Version: 1}, c.table, c.setup)
			if tertial.ErrorCode(err) != tertial.EINVALID || !strings.Contains(err.Error(), c.want) {
				t.Errorf("%+v: %v, want %q", c.setup, err, c.want)
			}
		}
		if _, err := db.SaveLedgerSetup(ctx, store.Edit{Actor: "controller", Period: ks, Version: 0}, "ingen-tabell", store.LedgerSetup{}); tertial.ErrorCode(err) != tertial.ENOTFOUND {
			t.Errorf("unknown table: %v", err)
		}
		if got := table(); got.SetupVersion != 1 || len(got.Mapping) != 7 {
			t.Errorf("refused saves changed the table: version %d, %d rules", got.SetupVersion, len(got.Mapping))
		}
		// Removing the rules brings the default back.
		if v, err = db.SaveLedgerSetup(ctx, store.Edit{Actor: "controller", Period: ks, Version: 1}, "drift", store.LedgerSetup{}); err != nil || v != 2 {
			t.Fatalf("clear: %d, %v", v, err)
		}
		if got := table(); len(got.Mapping) != 0 || len(got.Rules()) != 6 || got.Periodisation != "" {
			t.Errorf("after clearing: %+v %q", got.Mapping, got.Periodisation)
		}
		// Saving the same again is no change: no new version, nothing audited.
		if v, err = db.SaveLedgerSetup(ctx, store.Edit{Actor: "controller", Period: ks, Version: 2}, "drift", store.LedgerSetup{}); err != nil || v != 2 {
			t.Errorf("unchanged save: %d, %v", v, err)
		}
		log, err := db.AuditLog(ctx, store.AuditFilter{Municipality: "0126", Entity: "money_setup", Key: "ks/2021-08/drift"})
		if err != nil {
			t.Fatal(err)
		}
		if len(log) != 4 { // mapping and periodisation, twice
			t.Fatalf("audit: %+v", log)
		}
		if log[0].Field != "mapping" || log[0].Actor != "controller" || !strings.Contains(log[0].New, "lokaler: 6410 (dimension 1: 200, 210)") || log[2].Old != log[0].New {
			t.Errorf("audit entries: %+v", log)
		}
	})
}
