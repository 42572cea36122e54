package store_test

import (
	"reflect"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

// ekonomiTable is Simrishamn's "Ekonomi (tkr)" with its derived rows as row formulas, a
// footnote mark on a budget, "ung" before an income and a row of words, for the store's
// tests.
func ekonomiTable() tertial.FreeTable {
	tkr := func(n int64) tertial.Amount { return tertial.Amount(n * 100_000) }
	f := func(s string) tertial.Formula {
		fm, err := tertial.ParseFormula(s)
		if err != nil {
			panic(err)
		}
		return fm
	}
	return tertial.FreeTable{
		ID: "ekonomi", Title: "Ekonomi", Unit: tertial.Tkr,
		Columns: []tertial.FreeColumn{
			{ID: "post", Label: "Ekonomi (tkr)", Type: tertial.ColText},
			{ID: "ar2024", Label: "2024", Type: tertial.ColAmount},
			{ID: "ar2025", Label: "2025", Type: tertial.ColAmount},
		},
		Rows: []tertial.FreeRow{
			{ID: "intakter", Cells: map[string]tertial.Cell{"post": {Text: "Intäkter"}, "ar2024": {Amount: tkr(10135)}, "ar2025": {Amount: tkr(11251), Before: "ung"}}},
			{ID: "kostnader", Cells: map[string]tertial.Cell{"post": {Text: "Kostnader"}, "ar2024": {Amount: tkr(-69731)}, "ar2025": {Amount: tkr(-73300)}}},
			{ID: "netto", Formula: f("intakter + kostnader"), Cells: map[string]tertial.Cell{"post": {Text: "Nettokostnader"}}},
			{ID: "budget", Cells: map[string]tertial.Cell{"post": {Text: "Budget"}, "ar2024": {Amount: tkr(-59689)}, "ar2025": {Amount: tkr(-63119), After: "*"}}},
			{ID: "avvikelse", Formula: f("netto - budget"), Cells: map[string]tertial.Cell{"post": {Text: "Budgetavvikelse"}}},
			{ID: "ovrigt", Cells: map[string]tertial.Cell{"post": {Text: "Övrigt"}, "ar2024": {Text: "Ej aktuellt"}, "ar2025": {Text: "Uppgift saknas"}}},
		},
	}
}

// TestFreeCellsStored: row formulas, words and marks are stored and read back as they were
// on both databases; a row's save keeps, changes and removes them, with the change history
// naming them; the rule set refuses a value on a formula row and a mark too long.
func TestFreeCellsStored(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ds := load(t, "demo")
		per := ds.Period("ks", "2021-08")
		per.State = tertial.PeriodOpen
		per.FreeTables = append(per.FreeTables, ekonomiTable())
		if err := db.ReplaceDataset(ctx, ds); err != nil {
			t.Fatal(err)
		}
		read := func() *tertial.FreeTable {
			t.Helper()
			got, err := db.Dataset(ctx, "0126")
			if err != nil {
				t.Fatal(err)
			}
			for i, ft := range got.Period("ks", "2021-08").FreeTables {
				if ft.ID == "ekonomi" {
					return &got.Period("ks", "2021-08").FreeTables[i]
				}
			}
			t.Fatal("the table is not read back")
			return nil
		}
		got, want := read(), ekonomiTable()
		if !reflect.DeepEqual(versionless(got.Rows), want.Rows) {
			t.Errorf("rows read back:\n%+v\nwant\n%+v", versionless(got.Rows), want.Rows)
		}

		// Marks change and go, a word replaces a value.
		ovrigt := got.Rows[5]
		v, err := db.SaveFreeRow(ctx, store.Edit{Actor: "x", Period: ks, Version: ovrigt.Version}, "ekonomi", "ovrigt",
			map[string]tertial.Cell{"post": {Text: "Övrigt"}, "ar2024": {Amount: 4_000_000, Before: "ca", After: "*"}, "ar2025": {Text: "Stängt"}})
		if err != nil || v != ovrigt.Version+1 {
			t.Fatalf("save: %v, version %d", err, v)
		}
		after := read()
		if c := after.Rows[5].Cells; !reflect.DeepEqual(c["ar2024"], tertial.Cell{Amount: 4_000_000, Before: "ca", After: "*"}) ||
			!reflect.DeepEqual(c["ar2025"], tertial.Cell{Text: "Stängt"}) {
			t.Errorf("cells after the save: %+v", c)
		}
		log, err := db.AuditLog(ctx, store.AuditFilter{Entity: "free_row", Key: "ks/2021-08/ekonomi/ovrigt"})
		if err != nil {
			t.Fatal(err)
		}
		changes := map[string][2]string{}
		for _, e := range log {
			changes[e.Field] = [2]string{e.Old, e.New}
		}
		if c := changes["ar2024"]; c != [2]string{"Ej aktuellt", "ca 4000000 *"} {
			t.Errorf("history of ar2024: %q", c)
		}
		if c := changes["ar2025"]; c != [2]string{"Uppgift saknas", "Stängt"} {
			t.Errorf("history of ar2025: %q", c)
		}
		if _, ok := changes["post"]; ok {
			t.Error("an unchanged cell is in the history")
		}

		// A formula row takes its label, not its figures.
		netto := after.Rows[2]
		if v, err := db.SaveFreeRow(ctx, store.Edit{Actor: "x", Period: ks, Version: netto.Version}, "ekonomi", "netto",
			map[string]tertial.Cell{"post": {Text: "Nettokostnad"}}); err != nil || v != netto.Version+1 {
			t.Errorf("label of a formula row: %v, version %d", err, v)
		}
		_, err = db.SaveFreeRow(ctx, store.Edit{Actor: "x", Period: ks, Version: netto.Version + 1}, "ekonomi", "netto",
			map[string]tertial.Cell{"post": {Text: "Nettokostnad"}, "ar2025": {Amount: 1}})
		if ps := tertial.ProblemsOf(err); len(ps) != 1 || ps[0].Path != "cells.ar2025" {
			t.Errorf("a value on a formula row: %v, want EINVALID at cells.ar2025", err)
		}
		budget := after.Rows[3]
		_, err = db.SaveFreeRow(ctx, store.Edit{Actor: "x", Period: ks, Version: budget.Version}, "ekonomi", "budget",
			map[string]tertial.Cell{"ar2025": {Amount: -6_311_900_000, After: "se not nedan"}})
		if ps := tertial.ProblemsOf(err); len(ps) != 1 || ps[0].Path != "cells.ar2025.after" {
			t.Errorf("a mark too long: %v, want EINVALID at cells.ar2025.after", err)
		}
		_, err = db.SaveFreeRow(ctx, store.Edit{Actor: "x", Period: ks, Version: budget.Version}, "ekonomi", "budget",
			map[string]tertial.Cell{"ar2025": {Amount: -6_311_900_001}})
		if ps := tertial.ProblemsOf(err); len(ps) != 1 || ps[0].Path != "cells.ar2025" {
			t.Errorf("öre finer than the table's precision: %v, want EINVALID at cells.ar2025", err)
		}
		final := read()
		if f := final.Rows[2]; f.Formula.String() != "intakter + kostnader" || len(f.Cells) != 1 || f.Cells["post"].Text != "Nettokostnad" {
			t.Errorf("netto after its saves: %+v", f)
		}
		if b := final.Rows[3]; b.Version != budget.Version || b.Cells["ar2025"].After != "*" {
			t.Errorf("the refused saves changed the budget: %+v", b)
		}
	})
}
