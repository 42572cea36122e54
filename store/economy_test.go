package store_test

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

// economy is every kind of economy item, with figures left out (nil), öre, a multi-line
// reason and a goal of one year.
func economy() tertial.Economy {
	n := func(v int64) *int64 { return &v }
	a := func(v int64) *tertial.Amount { x := tertial.Amount(v); return &x }
	rate := tertial.MustParseDecimal("21.35")
	return tertial.Economy{
		KeyFigures: []tertial.EconomyKeyFigures{
			{Year: 2024, Inhabitants: n(20_412), TaxRate: &rate, Employees: n(1_830), PensionCommitments: a(39_850_000_050), LoanDebt: a(90_000_000_000)},
			{Year: 2023, Inhabitants: n(20_000)},
		},
		BalanceAdjustments: []tertial.BalanceAdjustment{
			{Year: 2024, Kind: tertial.AdjustRealisationGains, Amount: 340_000_000, Reason: "Försäljning av fastigheten Ekby 1:23"},
			{Year: 2023, Kind: tertial.AdjustSpecialReasons, Amount: 100_000_075, Reason: "Omstrukturering.\n\nKF § 7."},
		},
		Reserve: []tertial.ReserveMovement{
			{Year: 2015, Kind: tertial.ReserveReservation, Amount: 1_500_000_000},
			{Year: 2023, Kind: tertial.ReserveUse, Amount: 500_000_000, Reason: "KF § 31"},
		},
		Deficits: []tertial.EarlierDeficit{{Year: 2021, Amount: 800_000_000, Restored: 300_000_000, Note: "Åtgärdsplan 2022"}},
		FinancialGoals: []tertial.FinancialGoal{
			{ID: "resultat", Title: "Minst 2 % över tre år", Kind: tertial.FinancialResultShare, Comparison: tertial.AtLeast,
				Target: tertial.DecimalFromInt(2), From: 2022, To: 2024},
			{ID: "skuld", Title: "Låneskuld per invånare", Kind: tertial.FinancialDebtPerInhabitant, Comparison: tertial.AtMost,
				Target: tertial.MustParseDecimal("45000.50"), From: 2024, To: 2024},
		},
	}
}

// TestBalanceEconomyStored: the economy is stored and read back as it was on both
// databases, export → import → export gives the same file, a new import replaces it, and
// deleting the municipality removes it.
func TestBalanceEconomyStored(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ds := load(t, "demo")
		ds.Economy = economy()
		if err := db.ReplaceDataset(ctx, ds); err != nil {
			t.Fatal(err)
		}
		got, err := db.Dataset(ctx, ds.Municipality.Code)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got.Economy, ds.Economy) {
			t.Errorf("stored economy:\n got %+v\nwant %+v", got.Economy, ds.Economy)
		}
		first := encode(t, got)
		if !bytes.Contains(first, []byte("financial_goals:")) {
			t.Error("the export has no financial goals")
		}
		// export → import → export
		if err := db.ReplaceDataset(ctx, got); err != nil {
			t.Fatal(err)
		}
		again, err := db.Dataset(ctx, ds.Municipality.Code)
		if err != nil {
			t.Fatal(err)
		}
		if second := encode(t, again); !bytes.Equal(first, second) {
			t.Errorf("export → import → export differs:\n%s\n---\n%s", first, second)
		}
		// An import without an economy leaves none.
		ds.Economy = tertial.Economy{}
		if err := db.ReplaceDataset(ctx, ds); err != nil {
			t.Fatal(err)
		}
		if got, err := db.Dataset(ctx, ds.Municipality.Code); err != nil || !got.Economy.IsEmpty() {
			t.Errorf("after an import without economy: %+v, %v", got.Economy, err)
		}
		ds.Economy = economy()
		if err := db.ReplaceDataset(ctx, ds); err != nil {
			t.Fatal(err)
		}
		if err := db.DeleteMunicipality(ctx, ds.Municipality.Code); err != nil {
			t.Fatalf("delete with an economy: %v", err)
		}
	})
}

// TestBalanceEconomyRefused: the store applies the rules before it writes: a reserve used
// beyond its balance is refused and nothing is stored.
func TestBalanceEconomyRefused(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ds := load(t, "demo")
		ds.Economy = economy()
		ds.Economy.Reserve[1].Amount = 1_500_000_001
		err := db.ReplaceDataset(ctx, ds)
		if tertial.ErrorCode(err) != tertial.EINVALID || !bytes.Contains([]byte(err.Error()), []byte("economy.reserve[1].amount")) {
			t.Fatalf("got %v", err)
		}
		if _, err := db.Dataset(ctx, ds.Municipality.Code); tertial.ErrorCode(err) != tertial.ENOTFOUND {
			t.Errorf("a refused import stored something: %v", err)
		}
	})
}
