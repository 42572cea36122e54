package store_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

// TestKoncernStored: a company's share and org number and the eliminations are stored and
// read back as they were on both databases; editing the company through UpdateUnit, which
// the unit form calls without the share, keeps them; a share the rule set refuses is
// refused with nothing stored; deleting a company the eliminations name is refused.
func TestKoncernStored(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ds := load(t, "demo")
		share := tertial.MustParseDecimal("50.5")
		ds.Units = append(ds.Units, tertial.Unit{ID: "bostader", Name: "Provbybostäder AB", Kind: tertial.UnitCompany, Share: &share, OrgNumber: "556999-0001"})
		ds.Economy.Eliminations = []tertial.Elimination{
			{Year: 2025, Company: "bostader", Text: "Internhyra",
				Debit: tertial.EliminationSide{Row: "verksamhetens-intakter", Amount: 150_000_000}, Credit: tertial.EliminationSide{Row: "verksamhetens-kostnader", Amount: 150_000_050}},
			{Year: 2024, Company: "bostader", Text: "Aktier mot aktiekapital",
				Debit: tertial.EliminationSide{Row: "ovrigt-eget-kapital", Amount: 5_000_000}, Credit: tertial.EliminationSide{Row: "finansiella-anlaggningstillgangar", Amount: 5_000_000}},
		}
		if err := db.ReplaceDataset(ctx, ds); err != nil {
			t.Fatal(err)
		}
		code := ds.Municipality.Code
		got, err := db.Dataset(ctx, code)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got.Economy.Eliminations, ds.Economy.Eliminations) {
			t.Errorf("eliminations:\n got %+v\nwant %+v", got.Economy.Eliminations, ds.Economy.Eliminations)
		}
		u := got.Unit("bostader")
		if u == nil || u.Kind != tertial.UnitCompany || u.Share == nil || u.Share.String() != "50.5" || u.OrgNumber != "556999-0001" {
			t.Fatalf("company read back as %+v", u)
		}
		if b := got.Unit(ds.Units[0].ID); b.Share != nil || b.Kind != ds.Units[0].Kind {
			t.Errorf("another unit read back as %+v", b)
		}
		// The unit form's edit: a new name, no share.
		if err := db.UpdateUnit(ctx, "test", code, tertial.Unit{ID: "bostader", Name: "Provbybostäder Aktiebolag", Kind: tertial.UnitCompany}); err != nil {
			t.Fatal(err)
		}
		got, _ = db.Dataset(ctx, code)
		if u := got.Unit("bostader"); u.Name != "Provbybostäder Aktiebolag" || u.Share == nil || u.Share.String() != "50.5" || u.OrgNumber != "556999-0001" {
			t.Errorf("after the edit %+v", u)
		}
		bad := tertial.MustParseDecimal("0")
		err = db.UpdateUnit(ctx, "test", code, tertial.Unit{ID: "bostader", Name: "X", Kind: tertial.UnitCompany, Share: &bad})
		if tertial.ErrorCode(err) != tertial.EINVALID || !strings.Contains(tertial.ErrorMessage(err), "ägarandelen") {
			t.Errorf("share 0: %v", err)
		}
		if err := db.DeleteUnit(ctx, "test", code, "bostader"); tertial.ErrorCode(err) != tertial.EINVALID {
			t.Errorf("deleting a company the eliminations name: %v", err)
		}
		got, _ = db.Dataset(ctx, code)
		if u := got.Unit("bostader"); u == nil || u.Share.String() != "50.5" {
			t.Errorf("after the refused edits %+v", u)
		}
		// A new import without them removes them.
		ds.Units = ds.Units[:len(ds.Units)-1]
		ds.Economy.Eliminations = nil
		if err := db.ReplaceDataset(ctx, ds); err != nil {
			t.Fatal(err)
		}
		if got, _ := db.Dataset(ctx, code); got.Unit("bostader") != nil || len(got.Economy.Eliminations) != 0 {
			t.Errorf("after a new import: %+v", got.Economy.Eliminations)
		}
	})
}
