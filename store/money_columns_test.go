package store_test

import (
	"reflect"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

// declaredTable is a money table with declared columns, for the store's tests.
func declaredTable() tertial.MoneyTable {
	return tertial.MoneyTable{
		ID: "netto", Title: "Intäkter och kostnader", Unit: tertial.Tkr, Total: "Summa",
		Declared: []tertial.MoneyColumnDef{
			{ID: "in", Kind: tertial.KindIncome, Group: "Perioden jan–apr"},
			{ID: "ut", Kind: tertial.KindCost, Heading: "Kostnader", Group: "Perioden jan–apr"},
			{ID: "netto", Kind: tertial.KindNet, Of: []tertial.MoneyColumn{"in", "ut"}},
			{ID: "budget", Kind: tertial.KindBudget},
			{ID: "fg", Kind: tertial.KindPriorOutcome, Period: tertial.PeriodPriorYear},
		},
		Rows: []tertial.MoneyRow{
			{ID: "g", Group: true, Label: "Grupp", Sum: tertial.SumBottom, SumLabel: "Summa grupp", Rows: []tertial.MoneyRow{
				{ID: "skola", Label: "Skola", Amounts: map[tertial.MoneyColumn]tertial.Amount{"in": 120_000_00, "ut": -900_000_00, "budget": -700_000_00}},
			}},
			{ID: "vard", Label: "Vård", Amounts: map[tertial.MoneyColumn]tertial.Amount{"fg": -5_00}}},
	}
}

// TestDeclaredColumnsStored: a table with declared columns is stored and read back as it
// was, columns, amounts and all; its rows save amounts in declared columns, clear them, and
// refuse amounts in computed columns.
func TestDeclaredColumnsStored(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ds := load(t, "demo")
		per := ds.Period("ks", "2021-08")
		per.State = tertial.PeriodOpen
		per.MoneyTables = append(per.MoneyTables, declaredTable())
		if err := db.ReplaceDataset(ctx, ds); err != nil {
			t.Fatal(err)
		}
		read := func() *tertial.MoneyTable {
			t.Helper()
			got, err := db.Dataset(ctx, "0126")
			if err != nil {
				t.Fatal(err)
			}
			for i, mt := range got.Period("ks", "2021-08").MoneyTables {
				if mt.ID == "netto" {
					return &got.Period("ks", "2021-08").MoneyTables[i]
				}
			}
			t.Fatal("the table is not read back")
			return nil
		}
		got, want := read(), declaredTable()
		if len(got.Columns) != 0 || !reflect.DeepEqual(got.Declared, want.Declared) {
			t.Errorf("columns read back: %v %+v, want %+v", got.Columns, got.Declared, want.Declared)
		}
		skola := got.Rows[0].Rows[0]
		if !reflect.DeepEqual(skola.Amounts, want.Rows[0].Rows[0].Amounts) || !reflect.DeepEqual(got.Rows[1].Amounts, want.Rows[1].Amounts) {
			t.Errorf("amounts read back: %v, %v", skola.Amounts, got.Rows[1].Amounts)
		}
		// The demo's old tables still read back with the old column list.
		if old := ds.Period("ks", "2021-08").MoneyTables[0]; len(old.Columns) == 0 || len(old.Declared) != 0 {
			t.Fatalf("the demo's first table: %v %v", old.Columns, old.Declared)
		}

		cost, fg := tertial.Amount(-950_000_00), tertial.Amount(7_00)
		v, err := db.SaveMoneyRow(ctx, store.Edit{Actor: "x", Period: ks, Version: skola.Version}, "netto", "skola",
			store.MoneyRowEdit{Amounts: map[tertial.MoneyColumn]*tertial.Amount{"ut": &cost, "in": nil, "fg": &fg}})
		if err != nil || v != skola.Version+1 {
			t.Fatalf("save: %v, version %d", err, v)
		}
		row := read().Rows[0].Rows[0]
		wantAmounts := map[tertial.MoneyColumn]tertial.Amount{"ut": -950_000_00, "budget": -700_000_00, "fg": 7_00}
		if !reflect.DeepEqual(row.Amounts, wantAmounts) || row.Version != v {
			t.Errorf("after the save: %v version %d, want %v version %d", row.Amounts, row.Version, wantAmounts, v)
		}
		net := tertial.Amount(1)
		_, err = db.SaveMoneyRow(ctx, store.Edit{Actor: "x", Period: ks, Version: v}, "netto", "skola",
			store.MoneyRowEdit{Amounts: map[tertial.MoneyColumn]*tertial.Amount{"netto": &net}})
		if tertial.ErrorCode(err) != tertial.EINVALID {
			t.Errorf("an amount in the computed net: %v, want EINVALID", err)
		}
		if row := read().Rows[0].Rows[0]; !reflect.DeepEqual(row.Amounts, wantAmounts) || row.Version != v {
			t.Errorf("the refused save changed the row: %v version %d", row.Amounts, row.Version)
		}
	})
}
