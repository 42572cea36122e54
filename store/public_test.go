package store_test

import (
	"testing"
	"time"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

// TestPublicSettings: the defaults until changed; a change is stored, audited and kept
// when the dataset is imported again; a refused one changes nothing; an unknown
// municipality is ENOTFOUND. PublishedReports lists only what was published, with its
// latest version; HasPublicReports follows the switch.
func TestPublicSettings(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		if err := db.ReplaceDataset(ctx, load(t, "demo")); err != nil {
			t.Fatal(err)
		}
		if ps, err := db.PublicSettings(ctx, "0126"); err != nil || ps != tertial.DefaultPublicSettings {
			t.Fatalf("before any change: %+v, %v", ps, err)
		}
		if _, err := db.PublicSettings(ctx, "9999"); tertial.ErrorCode(err) != tertial.ENOTFOUND {
			t.Errorf("an unknown municipality: %v", err)
		}
		if err := db.SetPublicSettings(ctx, "admin", "9999", tertial.DefaultPublicSettings); tertial.ErrorCode(err) != tertial.ENOTFOUND {
			t.Errorf("setting an unknown municipality's: %v", err)
		}
		err := db.SetPublicSettings(ctx, "admin", "0126", tertial.PublicSettings{Licence: "", LicenceURL: "javascript:x"})
		if ps := tertial.ProblemsOf(err); len(ps) != 2 {
			t.Errorf("a bad licence: %v", err)
		}
		if ps, _ := db.PublicSettings(ctx, "0126"); ps != tertial.DefaultPublicSettings {
			t.Errorf("a refused change changed: %+v", ps)
		}
		want := tertial.PublicSettings{Public: false, Licence: "CC BY 4.0", LicenceURL: "https://creativecommons.org/licenses/by/4.0/"}
		if err := db.SetPublicSettings(ctx, "admin", "0126", want); err != nil {
			t.Fatal(err)
		}
		if err := db.ReplaceDataset(ctx, load(t, "demo")); err != nil {
			t.Fatal(err)
		}
		if ps, _ := db.PublicSettings(ctx, "0126"); ps != want {
			t.Errorf("after a new import: %+v, want %+v", ps, want)
		}
		log, err := db.AuditLog(ctx, store.AuditFilter{Municipality: "0126", Entity: "municipality", Key: "0126"})
		if err != nil {
			t.Fatal(err)
		}
		fields := map[string]string{}
		for _, e := range log {
			fields[e.Field] = e.Old + " → " + e.New
		}
		if fields["public_pages"] != "på → av" || fields["licence"] != "CC0 1.0 Universell → CC BY 4.0" {
			t.Errorf("audit: %v", fields)
		}

		// Published reports: none, then the one published, with its latest version.
		if rs, err := db.PublishedReports(ctx, "0126"); err != nil || len(rs) != 0 {
			t.Fatalf("before publishing: %v, %v", rs, err)
		}
		ref := store.PeriodRef{Municipality: "0126", Unit: "ks", Period: "2021-08"}
		if err := db.LockPeriod(ctx, "c", ref, store.Decision{Date: time.Date(2021, 9, 22, 0, 0, 0, 0, time.UTC), Paragraph: "§ 1"}); err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 2; i++ {
			if _, err := db.Publish(ctx, "c", ref, []store.PublishedFile{{Format: "html", Name: "r.html", MediaType: "text/html", Content: []byte{byte('a' + i)}}}); err != nil {
				t.Fatal(err)
			}
		}
		rs, err := db.PublishedReports(ctx, "0126")
		if err != nil || len(rs) != 1 || rs[0].Unit != "ks" || rs[0].Period != "2021-08" || rs[0].Latest.Number != 2 || rs[0].Versions != 2 ||
			len(rs[0].Latest.Files) != 1 || rs[0].Latest.Files[0].SHA256 != "3e23e8160039594a33894f6564e1b1348bbd7a0088d42c4acb73eeaed59c009d" {
			t.Fatalf("published reports: %+v, %v", rs, err)
		}
		if on, err := db.HasPublicReports(ctx); err != nil || on {
			t.Errorf("public reports with the switch off: %v, %v", on, err)
		}
		want.Public = true
		if err := db.SetPublicSettings(ctx, "admin", "0126", want); err != nil {
			t.Fatal(err)
		}
		if on, err := db.HasPublicReports(ctx); err != nil || !on {
			t.Errorf("public reports with the switch on: %v, %v", on, err)
		}
	})
}
