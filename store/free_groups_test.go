package store_test

import (
	"reflect"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

// groupedFreeTable is a free table with nested groups and units, for the store's tests.
func groupedFreeTable() tertial.FreeTable {
	count := func(n int64) tertial.Cell { return tertial.Cell{Count: n} }
	return tertial.FreeTable{
		ID: "personalgrupper", Title: "Personal i grupper", Unit: tertial.Tkr, SumLabel: "Totalt",
		Columns: []tertial.FreeColumn{
			{ID: "namn", Label: "Yrkesgrupp", Type: tertial.ColText},
			{ID: "antal", Label: "Antal", Type: tertial.ColCount, Sum: true},
		},
		Rows: []tertial.FreeRow{
			{ID: "skola", Group: true, Label: "Skola", Unit: "st", Sum: tertial.SumTop, Rows: []tertial.FreeRow{
				{ID: "larare", Unit: "st", Cells: map[string]tertial.Cell{"namn": {Text: "Lärare"}, "antal": count(40)}},
				{ID: "eh", Group: true, Label: "Elevhälsa", Sum: tertial.SumBottom, SumLabel: "Summa elevhälsa", Rows: []tertial.FreeRow{
					{ID: "kurator", Cells: map[string]tertial.Cell{"namn": {Text: "Kuratorer"}, "antal": count(3)}},
				}},
				{ID: "tom", Group: true, Sum: tertial.SumNone, Rows: []tertial.FreeRow{}},
			}},
			{ID: "kansli", Cells: map[string]tertial.Cell{"namn": {Text: "Kansli"}, "antal": count(5)}},
		},
	}
}

// versionless is the table's rows without the versions the store sets.
func versionless(rows []tertial.FreeRow) []tertial.FreeRow {
	if rows == nil {
		return nil
	}
	out := make([]tertial.FreeRow, len(rows))
	for i, r := range rows {
		r.Version = 0
		if r.Group {
			r.Rows = versionless(r.Rows)
		}
		out[i] = r
	}
	return out
}

// TestFreeGroupsStored: a free table with groups and units is stored and read back as it
// was on both databases; a row in a group saves its cells, and a group refuses cells.
func TestFreeGroupsStored(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ds := load(t, "demo")
		per := ds.Period("ks", "2021-08")
		per.State = tertial.PeriodOpen
		per.FreeTables = append(per.FreeTables, groupedFreeTable())
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
				if ft.ID == "personalgrupper" {
					return &got.Period("ks", "2021-08").FreeTables[i]
				}
			}
			t.Fatal("the table is not read back")
			return nil
		}
		got, want := read(), groupedFreeTable()
		if !reflect.DeepEqual(versionless(got.Rows), want.Rows) {
			t.Errorf("rows read back:\n%+v\nwant\n%+v", versionless(got.Rows), want.Rows)
		}
		// The demo's flat tables read back as they were.
		all, err := db.Dataset(ctx, "0126")
		if err != nil {
			t.Fatal(err)
		}
		for i, ft := range all.Period("ks", "2021-08").FreeTables {
			if w := per.FreeTables[i]; ft.ID != "personalgrupper" && !reflect.DeepEqual(versionless(ft.Rows), w.Rows) {
				t.Errorf("the demo's table %s came back as %+v, want %+v", ft.ID, ft.Rows, w.Rows)
			}
		}

		kurator := got.Rows[0].Rows[1].Rows[0]
		v, err := db.SaveFreeRow(ctx, store.Edit{Actor: "x", Period: ks, Version: kurator.Version}, "personalgrupper", "kurator",
			map[string]tertial.Cell{"namn": {Text: "Kuratorer"}, "antal": {Count: 4}})
		if err != nil || v != kurator.Version+1 {
			t.Fatalf("save: %v, version %d", err, v)
		}
		after := read()
		if c := after.Rows[0].Rows[1].Rows[0].Cells["antal"].Count; c != 4 {
			t.Errorf("kurator's count after the save: %d, want 4", c)
		}
		if len(after.Rows[0].Rows) != 3 || after.Rows[0].Rows[1].ID != "eh" {
			t.Errorf("the save moved the row out of its group: %+v", after.Rows[0])
		}
		group := got.Rows[0]
		_, err = db.SaveFreeRow(ctx, store.Edit{Actor: "x", Period: ks, Version: group.Version}, "personalgrupper", "skola",
			map[string]tertial.Cell{"antal": {Count: 1}})
		if tertial.ErrorCode(err) != tertial.EINVALID {
			t.Errorf("cells on a group: %v, want EINVALID", err)
		}
		if g := read().Rows[0]; len(g.Cells) != 0 || g.Version != group.Version {
			t.Errorf("the refused save changed the group: %+v", g)
		}
	})
}
