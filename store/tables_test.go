package store_test

import (
	"bytes"
	"slices"
	"testing"
	"time"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/dataset"
	"github.com/tertial/tertial/report"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

var ks2021 = store.PeriodRef{Municipality: "0126", Unit: "ks", Period: "2021-08"}

func yes() *bool { b := true; return &b }

// newTable is a money table with declared columns and a group, as a controller makes it.
func newTable() tertial.MoneyTable {
	return tertial.MoneyTable{ID: "projekt", Title: "Projektens ekonomi", Unit: tertial.Tkr, LabelHeading: "Projekt, tkr", Total: "Summa",
		Declared: []tertial.MoneyColumnDef{
			{ID: "budget", Kind: tertial.KindBudget},
			{ID: "prognos", Kind: tertial.KindForecast, Heading: "Prognos helår"},
			{ID: "avvikelse", Kind: tertial.KindDeviation, Of: []tertial.MoneyColumn{"budget", "prognos"}},
		},
		Rows: []tertial.MoneyRow{
			{ID: "bygg", Label: "Byggprojekt", Group: true, Sum: tertial.SumBottom, SumLabel: "Summa bygg", Rows: []tertial.MoneyRow{
				{ID: "skola", Label: "Ny skola", Negate: yes()},
			}},
			{ID: "it", Label: "IT-system"},
		}}
}

func exportOf(t *testing.T, db *store.DB) []byte {
	t.Helper()
	ds, err := db.Dataset(ctx, "0126")
	if err != nil {
		t.Fatal(err)
	}
	return encode(t, ds)
}

func hasProblemAt(err error, path string) bool {
	return slices.ContainsFunc(tertial.ProblemsOf(err), func(p tertial.Problem) bool { return p.Path == path })
}

// TestSaveMoneyTable: a new table is stored with its columns and rows and audited; bad
// columns are refused with the rule set's problem on the field and nothing changes; an edit
// keeps the amounts of kept rows and refuses to drop amounts unless told to.
func TestSaveMoneyTable(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		if err := db.ReplaceDataset(ctx, load(t, "demo")); err != nil {
			t.Fatal(err)
		}
		before := exportOf(t, db)

		// Refusals: an of naming a missing column, a ring, a duplicate, unchanged data.
		bad := newTable()
		bad.Declared[2].Of = []tertial.MoneyColumn{"budget", "saknas"}
		err := db.SaveMoneyTable(ctx, "controller", store.MoneyTableSave{Period: ks2021, Table: bad, Create: true})
		if tertial.ErrorCode(err) != tertial.EINVALID || !hasProblemAt(err, "columns[2].of[1]") {
			t.Errorf("of naming a missing column: %v %v", err, tertial.ProblemsOf(err))
		}
		ring := newTable()
		ring.Declared = append(ring.Declared[:2],
			tertial.MoneyColumnDef{ID: "x", Kind: tertial.KindDeviation, Of: []tertial.MoneyColumn{"budget", "y"}},
			tertial.MoneyColumnDef{ID: "y", Kind: tertial.KindDeviation, Of: []tertial.MoneyColumn{"budget", "x"}})
		if err := db.SaveMoneyTable(ctx, "controller", store.MoneyTableSave{Period: ks2021, Table: ring, Create: true}); !hasProblemAt(err, "columns") {
			t.Errorf("ring: %v %v", err, tertial.ProblemsOf(err))
		}
		dup := newTable()
		dup.ID = "drift"
		if err := db.SaveMoneyTable(ctx, "controller", store.MoneyTableSave{Period: ks2021, Table: dup, Create: true}); !hasProblemAt(err, "id") {
			t.Errorf("duplicate: %v", err)
		}
		if after := exportOf(t, db); !bytes.Equal(before, after) {
			t.Fatalf("refused edits changed the data:\n%s", diff(before, after))
		}

		// Create.
		if err := db.SaveMoneyTable(ctx, "controller", store.MoneyTableSave{Period: ks2021, Table: newTable(), Create: true}); err != nil {
			t.Fatal(err)
		}
		ds, _ := db.Dataset(ctx, "0126")
		p := ds.Period("ks", "2021-08")
		got := p.MoneyTables[len(p.MoneyTables)-1]
		if got.ID != "projekt" || got.Title != "Projektens ekonomi" || len(got.Declared) != 3 || got.Declared[1].Heading != "Prognos helår" ||
			moneyShape(got.Rows) != "bygg|Byggprojekt|bottom|Summa bygg|-[skola|Ny skola|none||neg;];it|IT-system|none||-;" {
			t.Errorf("stored table %+v rows %s", got, moneyShape(got.Rows))
		}
		log, err := db.AuditLog(ctx, store.AuditFilter{Municipality: "0126", Entity: "money_table", Key: "ks/2021-08/projekt"})
		if err != nil || len(log) == 0 || log[0].Actor != "controller" {
			t.Errorf("audit %v %+v", err, log)
		}

		// Edit the demo's drift: move lokaler out of its group, rename intakter; amounts kept.
		drift := *moneyTableOf(ds.Period("ks", "2021-08"), "drift")
		lokaler := drift.Rows[1].Rows[1]
		drift.Rows[0].Label = "Intäkter"
		drift.Rows[1].Rows = slices.Delete(drift.Rows[1].Rows, 1, 2)
		drift.Rows = append(drift.Rows, lokaler)
		if err := db.SaveMoneyTable(ctx, "controller", store.MoneyTableSave{Period: ks2021, Table: drift}); err != nil {
			t.Fatal(err)
		}
		ds, _ = db.Dataset(ctx, "0126")
		d2 := moneyTableOf(ds.Period("ks", "2021-08"), "drift")
		if d2.Rows[0].Label != "Intäkter" || len(d2.Rows) != 3 || d2.Rows[2].ID != "lokaler" || d2.Rows[2].Amounts[tertial.ColBudget] != lokaler.Amounts[tertial.ColBudget] ||
			d2.Rows[2].Amounts[tertial.ColBudget] == 0 || d2.Rows[0].Amounts[tertial.ColForecast] != drift.Rows[0].Amounts[tertial.ColForecast] {
			t.Errorf("edited drift: %s %+v", moneyShape(d2.Rows), d2.Rows[2])
		}

		// Removing a row with amounts needs a confirmation.
		before = exportOf(t, db)
		cut := *d2
		cut.Rows = cut.Rows[:2]
		if err := db.SaveMoneyTable(ctx, "controller", store.MoneyTableSave{Period: ks2021, Table: cut}); !hasProblemAt(err, "clear_amounts") {
			t.Errorf("removing a row with amounts: %v", err)
		}
		if after := exportOf(t, db); !bytes.Equal(before, after) {
			t.Fatalf("refused removal changed the data:\n%s", diff(before, after))
		}
		if err := db.SaveMoneyTable(ctx, "controller", store.MoneyTableSave{Period: ks2021, Table: cut, ClearAmounts: true}); err != nil {
			t.Fatal(err)
		}
		ds, _ = db.Dataset(ctx, "0126")
		if tb := moneyTableOf(ds.Period("ks", "2021-08"), "drift"); len(tb.Rows) != 2 {
			t.Errorf("rows after removal: %s", moneyShape(tb.Rows))
		}

		// The report renders the new table through a new template chosen for the period.
		tpl := tertial.Template{ID: "kort", Name: "Kort rapport", Sections: []tertial.Section{
			{Kind: tertial.SectionCover},
			{Kind: tertial.SectionHeading, Title: "Ekonomi", Sections: []tertial.Section{{Kind: tertial.SectionMoneyTable, Ref: "projekt"}}},
		}}
		if err := db.SaveTemplate(ctx, "controller", "0126", tpl, true); err != nil {
			t.Fatal(err)
		}
		if err := db.SetPeriodTemplate(ctx, "controller", ks2021, "kort"); err != nil {
			t.Fatal(err)
		}
		ds, _ = db.Dataset(ctx, "0126")
		doc, err := report.Build(ds, "ks", "2021-08")
		if err != nil {
			t.Fatal(err)
		}
		if len(doc.Sections) != 1 || doc.Sections[0].Title != "Ekonomi" {
			t.Fatalf("report sections %+v", doc.Sections)
		}
		var tbl *report.Table
		for _, b := range doc.Sections[0].Blocks {
			if x, ok := b.(*report.Table); ok {
				tbl = x
			}
		}
		if tbl == nil || tbl.Caption != "Projektens ekonomi" {
			t.Errorf("report table %+v", tbl)
		}

		// Round trip: the export imports into a fresh database and exports the same.
		out := exportOf(t, db)
		again, err := dataset.Decode(out, "export")
		if err != nil {
			t.Fatal(err)
		}
		fresh := storetest.Open(t, db.Dialect())
		if err := fresh.ReplaceDataset(ctx, again); err != nil {
			t.Fatal(err)
		}
		if out2 := exportOf(t, fresh); !bytes.Equal(out, out2) {
			t.Errorf("round trip:\n%s", diff(out, out2))
		}

		// Deleting the table; then a locked period refuses.
		if err := db.DeleteMoneyTable(ctx, "controller", ks2021, "projekt", false); err != nil {
			t.Fatal(err)
		}
		if err := db.DeleteMoneyTable(ctx, "controller", ks2021, "drift", false); !hasProblemAt(err, "clear_amounts") {
			t.Errorf("deleting a table with amounts: %v", err)
		}
		if err := db.LockPeriod(ctx, "controller", ks2021, store.Decision{Date: time.Date(2021, 9, 22, 0, 0, 0, 0, time.UTC), Paragraph: "§ 12"}); err != nil {
			t.Fatal(err)
		}
		if err := db.SaveMoneyTable(ctx, "controller", store.MoneyTableSave{Period: ks2021, Table: newTable(), Create: true}); tertial.ErrorCode(err) != tertial.ELOCKED {
			t.Errorf("locked: %v", err)
		}
		if err := db.SetPeriodTemplate(ctx, "controller", ks2021, "delarsrapport"); tertial.ErrorCode(err) != tertial.ELOCKED {
			t.Errorf("locked template: %v", err)
		}
	})
}

// TestSaveTemplate: templates are created, changed and deleted through the rule set; a
// bad section is refused beside its field; a template in use cannot be deleted.
func TestSaveTemplate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		if err := db.ReplaceDataset(ctx, load(t, "demo")); err != nil {
			t.Fatal(err)
		}
		before := exportOf(t, db)
		bad := tertial.Template{ID: "ny", Name: "Ny", Sections: []tertial.Section{
			{Kind: tertial.SectionGoals, Levels: []string{"finns-inte"}},
			{Kind: tertial.SectionText},
		}}
		err := db.SaveTemplate(ctx, "controller", "0126", bad, true)
		if !hasProblemAt(err, "sections[0].levels[0]") || !hasProblemAt(err, "sections[1].ref") {
			t.Errorf("bad template: %v", tertial.ProblemsOf(err))
		}
		if err := db.DeleteTemplate(ctx, "controller", "0126", "delarsrapport"); !hasProblemAt(err, "id") {
			t.Errorf("deleting a template in use: %v", err)
		}
		if after := exportOf(t, db); !bytes.Equal(before, after) {
			t.Fatalf("refused edits changed the data:\n%s", diff(before, after))
		}
		good := tertial.Template{ID: "ny", Name: "Ny mall", Sections: []tertial.Section{
			{Kind: tertial.SectionGoals, Title: "Mål", Years: 4, Layout: tertial.GoalsTable},
			{Kind: tertial.SectionText, Ref: "handelser", Sections: []tertial.Section{{Kind: tertial.SectionMoneyTable, Ref: "drift"}}},
		}}
		if err := db.SaveTemplate(ctx, "controller", "0126", good, true); err != nil {
			t.Fatal(err)
		}
		good.Name = "Ändrad"
		good.Sections = good.Sections[1:]
		if err := db.SaveTemplate(ctx, "controller", "0126", good, false); err != nil {
			t.Fatal(err)
		}
		ds, _ := db.Dataset(ctx, "0126")
		got := ds.Template("ny")
		if got == nil || got.Name != "Ändrad" || len(got.Sections) != 1 || got.Sections[0].Ref != "handelser" ||
			len(got.Sections[0].Sections) != 1 || got.Sections[0].Sections[0].Ref != "drift" {
			t.Errorf("stored template %+v", got)
		}
		log, _ := db.AuditLog(ctx, store.AuditFilter{Municipality: "0126", Entity: "template", Key: "ny"})
		if len(log) < 3 {
			t.Errorf("audit %+v", log)
		}
		if err := db.SaveTemplate(ctx, "controller", "0126", tertial.Template{ID: "saknas", Name: "X"}, false); tertial.ErrorCode(err) != tertial.ENOTFOUND {
			t.Errorf("changing a missing template: %v", err)
		}
		if err := db.SetPeriodTemplate(ctx, "controller", ks2021, "finns-inte"); !hasProblemAt(err, "template") {
			t.Errorf("unknown template: %v", err)
		}
		if err := db.DeleteTemplate(ctx, "controller", "0126", "ny"); err != nil {
			t.Fatal(err)
		}
		ds, _ = db.Dataset(ctx, "0126")
		if ds.Template("ny") != nil {
			t.Error("template not deleted")
		}
	})
}

func moneyTableOf(p *tertial.Period, id string) *tertial.MoneyTable {
	for i := range p.MoneyTables {
		if p.MoneyTables[i].ID == id {
			return &p.MoneyTables[i]
		}
	}
	return nil
}
