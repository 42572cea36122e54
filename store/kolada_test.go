package store_test

import (
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

// TestKoladaRevisionsAudited: a figure Kolada revises between two syncs is in the audit
// log with the old and the new value; a figure that did not change is not.
func TestKoladaRevisionsAudited(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		demoOpen(t, db)
		dec := func(s string) *tertial.Decimal { d := tertial.MustParseDecimal(s); return &d }
		fetch := func(sick, rate *tertial.Decimal) store.KoladaFetch {
			return store.KoladaFetch{Source: "https://kolada.test/v3", Values: []tertial.KoladaValue{
				{KPI: "N00090", Municipality: "0126", Year: 2020, Gender: "T", Value: sick},
				{KPI: "N00091", Municipality: "0126", Year: 2020, Gender: "T", Value: rate},
			}}
		}
		if err := db.SaveKolada(ctx, "anna", "0126", fetch(dec("9.8"), nil)); err != nil {
			t.Fatal(err)
		}
		if err := db.SaveKolada(ctx, "bengt", "0126", fetch(dec("9.9"), nil)); err != nil {
			t.Fatal(err)
		}
		if err := db.SaveKolada(ctx, "bengt", "0126", fetch(dec("9.9"), dec("71.5"))); err != nil {
			t.Fatal(err)
		}
		log, err := db.AuditLog(ctx, store.AuditFilter{Municipality: "0126", Entity: "kolada"})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, e := range log {
			got = append(got, e.Actor+" "+e.Field+": "+e.Old+" → "+e.New)
		}
		want := []string{
			"anna sync:  → 2 värden från https://kolada.test/v3",
			"bengt sync:  → 2 värden från https://kolada.test/v3",
			"bengt N00090/0126/2020/T: 9.8 → 9.9",
			"bengt sync:  → 2 värden från https://kolada.test/v3",
			"bengt N00091/0126/2020/T: – → 71.5",
		}
		if len(got) != len(want) {
			t.Fatalf("audit:\n%q\nwant\n%q", got, want)
		}
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("entry %d: %q, want %q", i, got[i], want[i])
			}
		}
	})
}
