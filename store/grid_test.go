package store_test

import (
	"strings"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

func moneyRowOf(t *testing.T, db *store.DB, table, row string) tertial.MoneyRow {
	t.Helper()
	ds, err := db.Dataset(ctx, "0126")
	if err != nil {
		t.Fatal(err)
	}
	per := ds.Period("ks", "2021-08")
	for i := range per.MoneyTables {
		if per.MoneyTables[i].ID == table {
			var find func([]tertial.MoneyRow) *tertial.MoneyRow
			find = func(rs []tertial.MoneyRow) *tertial.MoneyRow {
				for i := range rs {
					if rs[i].ID == row {
						return &rs[i]
					}
					if r := find(rs[i].Rows); r != nil {
						return r
					}
				}
				return nil
			}
			if r := find(per.MoneyTables[i].Rows); r != nil {
				return *r
			}
		}
	}
	t.Fatalf("no row %s/%s", table, row)
	return tertial.MoneyRow{}
}

func forecastEdit(a int64) store.MoneyRowEdit {
	amt := tertial.Amount(a)
	return store.MoneyRowEdit{Amounts: map[tertial.MoneyColumn]*tertial.Amount{tertial.ColForecast: &amt}}
}

// TestGridSaveMoneyRows: rows of a table saved in one transaction, each with its version:
// a row someone else changed meanwhile is reported as a conflict and keeps their value,
// the others are saved with a version and an audit entry each; one invalid row saves
// nothing at all.
func TestGridSaveMoneyRows(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		demoOpen(t, db)
		personal := moneyRowOf(t, db, "drift", "personal")
		lokaler := moneyRowOf(t, db, "drift", "lokaler")
		bidrag := moneyRowOf(t, db, "drift", "bidrag")
		// Bengt saves Lokaler after Anna opened the grid.
		if _, err := db.SaveMoneyRow(ctx, store.Edit{Actor: "bengt", Period: ks, Version: lokaler.Version}, "drift", "lokaler", forecastEdit(-1_000_000)); err != nil {
			t.Fatal(err)
		}
		before, err := db.AuditLog(ctx, store.AuditFilter{Municipality: "0126", Entity: "money_row"})
		if err != nil {
			t.Fatal(err)
		}
		res, err := db.SaveMoneyRows(ctx, "anna", ks, "drift", []store.MoneyRowChange{
			{Row: "personal", Version: personal.Version, Edit: forecastEdit(-240_000_000)},
			{Row: "lokaler", Version: lokaler.Version, Edit: forecastEdit(-25_000_000)},
			{Row: "bidrag", Version: bidrag.Version, Edit: forecastEdit(-8_000_000)},
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Conflicts) != 1 || res.Conflicts[0].Key != "lokaler" || res.Conflicts[0].Have != lokaler.Version+1 || res.Conflicts[0].Want != lokaler.Version {
			t.Errorf("conflicts %+v, want lokaler at version %d", res.Conflicts, lokaler.Version+1)
		}
		if res.Versions["personal"] != personal.Version+1 || res.Versions["bidrag"] != bidrag.Version+1 || len(res.Versions) != 2 {
			t.Errorf("versions %v", res.Versions)
		}
		if got := moneyRowOf(t, db, "drift", "lokaler").Amounts[tertial.ColForecast]; got != -1_000_000 {
			t.Errorf("the conflicting row was overwritten: %v", got)
		}
		if got := moneyRowOf(t, db, "drift", "personal"); got.Amounts[tertial.ColForecast] != -240_000_000 || got.Version != personal.Version+1 {
			t.Errorf("personal not saved: %+v", got)
		}
		after, err := db.AuditLog(ctx, store.AuditFilter{Municipality: "0126", Entity: "money_row"})
		if err != nil {
			t.Fatal(err)
		}
		var annas []string
		for _, e := range after[len(before):] {
			annas = append(annas, e.Key+" "+e.Field)
		}
		if want := "ks/2021-08/drift/personal forecast,ks/2021-08/drift/bidrag forecast"; strings.Join(annas, ",") != want {
			t.Errorf("audit entries of the grid save: %q, want %q", annas, want)
		}

		// A row that changes nothing writes nothing.
		personal = moneyRowOf(t, db, "drift", "personal")
		res, err = db.SaveMoneyRows(ctx, "anna", ks, "drift", []store.MoneyRowChange{{Row: "personal", Version: personal.Version, Edit: forecastEdit(-240_000_000)}})
		if err != nil || res.Versions["personal"] != personal.Version {
			t.Errorf("unchanged row: %v, %+v", err, res)
		}
		if got := moneyRowOf(t, db, "drift", "personal").Version; got != personal.Version {
			t.Errorf("an unchanged row got version %d, want %d", got, personal.Version)
		}

		// All or nothing: one row with an amount in a column the table lacks.
		bidrag = moneyRowOf(t, db, "drift", "bidrag")
		nul := "kommentar med \x00"
		bad := store.MoneyRowEdit{Comment: &nul}
		_, err = db.SaveMoneyRows(ctx, "anna", ks, "drift", []store.MoneyRowChange{
			{Row: "bidrag", Version: bidrag.Version, Edit: forecastEdit(-1)},
			{Row: "personal", Version: personal.Version, Edit: bad},
		})
		if tertial.ErrorCode(err) != tertial.EINVALID {
			t.Fatalf("invalid row: %v, want EINVALID", err)
		}
		ps := tertial.ProblemsOf(err)
		if len(ps) == 0 || !strings.HasPrefix(ps[0].Path, "personal.") {
			t.Errorf("problems %+v, want paths of the row personal", ps)
		}
		if got := moneyRowOf(t, db, "drift", "bidrag"); got.Amounts[tertial.ColForecast] != bidrag.Amounts[tertial.ColForecast] || got.Version != bidrag.Version {
			t.Errorf("a valid row of a refused grid was saved: %+v", got)
		}
	})
}

// TestGridSaveIndicatorValuesAndTexts: the other grids share the rules: per-item versions
// and conflicts, all or nothing for invalid items, and a locked period refuses the grid.
func TestGridSaveIndicatorValuesAndTexts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		demoOpen(t, db)
		ds, err := db.Dataset(ctx, "0126")
		if err != nil {
			t.Fatal(err)
		}
		version := func(ds *tertial.Dataset, id string) int {
			for _, ind := range ds.Indicators {
				if ind.ID == id {
					if v := ind.ValueFor(2021); v != nil {
						return v.Version
					}
				}
			}
			return 0
		}
		d := func(s string) *tertial.Decimal { x := tertial.MustParseDecimal(s); return &x }
		a, b := "resultat-exkl-exploatering", "skattesats"
		va, vb := version(ds, a), version(ds, b)
		if _, err := db.SaveIndicatorValue(ctx, store.Edit{Actor: "bengt", Period: ks, Version: vb}, b, tertial.IndicatorValue{Year: 2021, Value: d("19.5")}); err != nil {
			t.Fatal(err)
		}
		res, err := db.SaveIndicatorValues(ctx, "anna", ks, []store.IndicatorValueChange{
			{Indicator: a, Version: va, Value: tertial.IndicatorValue{Year: 2021, Value: d("3.25")}},
			{Indicator: b, Version: vb, Value: tertial.IndicatorValue{Year: 2021, Value: d("20.1")}},
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Conflicts) != 1 || res.Conflicts[0].Key != b+"/2021" || res.Versions[a+"/2021"] != va+1 {
			t.Errorf("result %+v", res)
		}
		ds, _ = db.Dataset(ctx, "0126")
		for _, ind := range ds.Indicators {
			if v := ind.ValueFor(2021); v != nil && v.Value != nil {
				if ind.ID == a && v.Value.String() != "3.25" || ind.ID == b && v.Value.String() != "19.5" {
					t.Errorf("%s = %s", ind.ID, v.Value)
				}
			}
		}
		// A value and a reason it is missing: invalid, nothing saved.
		va = version(ds, a)
		_, err = db.SaveIndicatorValues(ctx, "anna", ks, []store.IndicatorValueChange{
			{Indicator: a, Version: va, Value: tertial.IndicatorValue{Year: 2021, Value: d("4")}},
			{Indicator: b, Version: version(ds, b), Value: tertial.IndicatorValue{Year: 2021, Value: d("1"), Missing: tertial.MissingNotMeasured}},
		})
		if tertial.ErrorCode(err) != tertial.EINVALID || !strings.HasPrefix(tertial.ProblemsOf(err)[0].Path, b+"/2021.") {
			t.Fatalf("invalid value: %v", err)
		}
		if ds2, _ := db.Dataset(ctx, "0126"); version(ds2, a) != va {
			t.Errorf("a valid value of a refused grid was saved")
		}

		// Texts.
		per := ds.Period("ks", "2021-08")
		t1, t2 := per.Texts[0], per.Texts[1]
		res, err = db.SaveTexts(ctx, "anna", ks, []store.TextChange{{Text: t1.ID, Version: t1.Version, Body: "Ny text."}, {Text: t2.ID, Version: t2.Version + 5, Body: "Gammal."}})
		if err != nil || res.Versions[t1.ID] != t1.Version+1 || len(res.Conflicts) != 1 || res.Conflicts[0].Key != t2.ID {
			t.Errorf("texts: %v %+v", err, res)
		}
		_, err = db.SaveTexts(ctx, "anna", ks, []store.TextChange{{Text: t2.ID, Version: t2.Version, Body: "Bra."}, {Text: t1.ID, Version: t1.Version + 1, Body: "   "}})
		if tertial.ErrorCode(err) != tertial.EINVALID {
			t.Errorf("empty text: %v, want EINVALID", err)
		}
		ds, _ = db.Dataset(ctx, "0126")
		if got := ds.Period("ks", "2021-08").Texts[1]; got.Version != t2.Version {
			t.Errorf("a text of a refused grid was saved: %+v", got)
		}

		// A locked period refuses the whole grid.
		if err := db.LockPeriod(ctx, "controller", ks, store.Decision{Date: per.Cutoff, Paragraph: "§ 1"}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.SaveTexts(ctx, "anna", ks, []store.TextChange{{Text: t2.ID, Version: t2.Version, Body: "Sent."}}); tertial.ErrorCode(err) != tertial.ELOCKED {
			t.Errorf("locked: %v", err)
		}
	})
}
