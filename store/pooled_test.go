package store_test

import (
	"bytes"
	"strconv"
	"strings"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/dataset"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

// TestStoreKeepsRatios: numerators, denominators and a pooled target are stored and come
// back; a value computed from them is stored as NULL and computed again on reading, a
// value given with them is stored as given. Saves of single values follow the same rules
// as the file: the store computes, checks and audits them.
func TestStoreKeepsRatios(t *testing.T) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			url := storetest.URL(t, d)
			db, err := store.Open(ctx, url)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			ds := load(t, "demo")
			ds.Period("ks", "2021-08").State = tertial.PeriodOpen
			var ind *tertial.Indicator
			for i := range ds.Indicators {
				if ds.Indicators[i].ID == "resultat-exkl-exploatering" {
					ind = &ds.Indicators[i]
				}
			}
			if ind == nil || ind.ValueFor(2019) == nil || ind.ValueFor(2020) == nil || ind.TargetEntry(2021) == nil {
				t.Fatal("the demo has no resultat-exkl-exploatering with values for 2019 and 2020 and a target for 2021")
			}
			num := func(s string) *tertial.Decimal { d := tertial.MustParseDecimal(s); return &d }
			v19, v20 := ind.ValueFor(2019), ind.ValueFor(2020)
			v19.Numerator, v19.Denominator = num("180"), num("6660") // 2,7 % given as well
			v20.Value, v20.Numerator, v20.Denominator = nil, num("430.5"), num("7050.25")
			ind.DeriveValues()
			if ind.TargetEntry(2021).Target, err = tertial.ParseTarget("≥2 % över 2019–2021"); err != nil {
				t.Fatal(err)
			}
			if err := db.ReplaceDataset(ctx, ds); err != nil {
				t.Fatal(err)
			}
			got, err := db.Dataset(ctx, "0126")
			if err != nil {
				t.Fatal(err)
			}
			want, have := encode(t, ds), encode(t, got)
			if !bytes.Equal(want, have) {
				t.Fatalf("stored dataset differs:\n%s", diff(want, have))
			}
			for _, line := range []string{"{year: 2019, value: 2.7, numerator: 180, denominator: 6660}", "{year: 2020, numerator: 430.5, denominator: 7050.25}",
				"target: ≥2 % över 2019–2021}"} {
				if !strings.Contains(string(have), line) {
					t.Errorf("the export lacks %q", line)
				}
			}
			// 430,5 / 7 050,25 × 100 = 6,106… %
			gi := indicator(t, got, "resultat-exkl-exploatering")
			if v := gi.ValueFor(2020); v.Value == nil || v.Value.String() != "6.1" || !v.Computed {
				t.Errorf("2020 read back as %+v", v)
			}
			raw := storetest.Raw(t, url)
			stored := func(year int) (value, numerator, denominator *string) {
				t.Helper()
				q := `SELECT value, numerator, denominator FROM indicator_values WHERE muni = '0126' AND indicator_id = 'resultat-exkl-exploatering' AND year = ` + strconv.Itoa(year)
				if err := raw.QueryRow(q).Scan(&value, &numerator, &denominator); err != nil {
					t.Fatal(err)
				}
				return
			}
			if v, n, dn := stored(2020); v != nil || n == nil || *n != "430.5" || dn == nil || *dn != "7050.25" {
				t.Errorf("2020 stored as value %v, numerator %v, denominator %v", v, n, dn)
			}
			if v, _, _ := stored(2019); v == nil || *v != "2.7" {
				t.Errorf("2019's given value stored as %v", v)
			}

			// A single save: the forecast for 2021 as numerator and denominator alone.
			cur := gi.ValueFor(2021)
			nv, err := db.SaveIndicatorValue(ctx, store.Edit{Actor: "rapportor", Period: ks, Version: cur.Version}, ind.ID,
				tertial.IndicatorValue{Year: 2021, Kind: tertial.Forecast, Numerator: num("410"), Denominator: num("7320"), Note: cur.Note})
			if err != nil {
				t.Fatal(err)
			}
			if v, n, _ := stored(2021); v != nil || n == nil || *n != "410" {
				t.Errorf("2021 stored as value %v, numerator %v", v, n)
			}
			got, err = db.Dataset(ctx, "0126")
			if err != nil {
				t.Fatal(err)
			}
			// 410 / 7 320 × 100 = 5,60… %
			if v := indicator(t, got, ind.ID).ValueFor(2021); v.Value == nil || v.Value.String() != "5.6" || !v.Computed || v.Version != nv {
				t.Errorf("2021 read back as %+v", v)
			}
			log, err := db.AuditLog(ctx, store.AuditFilter{Municipality: "0126", Entity: "indicator_value", Key: ind.ID + "/2021"})
			if err != nil {
				t.Fatal(err)
			}
			changes := map[string][2]string{}
			for _, e := range log {
				changes[e.Field] = [2]string{e.Old, e.New}
			}
			if changes["numerator"] != [2]string{"", "410"} || changes["denominator"] != [2]string{"", "7320"} || changes["value"] != [2]string{"5.6", ""} {
				t.Errorf("audited changes %v", changes)
			}
			// The export of what the site saved imports again.
			exported := encode(t, got)
			if !strings.Contains(string(exported), "      - year: 2021\n        kind: forecast\n        numerator: 410\n        denominator: 7320\n        note: ") {
				t.Errorf("the export lacks 2021's numerator and denominator, or writes its computed value")
			}
			again, err := dataset.Decode(exported, "export.yaml")
			if err != nil {
				t.Fatalf("the export does not import: %v", err)
			}
			if second := encode(t, again); !bytes.Equal(exported, second) {
				t.Errorf("export → import → export differs:\n%s", diff(exported, second))
			}

			// The store refuses what the file refuses.
			for _, c := range []struct {
				name string
				v    tertial.IndicatorValue
				path string
			}{
				{"a value that does not agree", tertial.IndicatorValue{Year: 2021, Value: num("5.7"), Numerator: num("410"), Denominator: num("7320")}, "value"},
				{"a numerator alone", tertial.IndicatorValue{Year: 2021, Numerator: num("410")}, "denominator"},
				{"a zero denominator", tertial.IndicatorValue{Year: 2021, Numerator: num("410"), Denominator: num("0")}, "denominator"},
			} {
				_, err := db.SaveIndicatorValue(ctx, store.Edit{Actor: "x", Period: ks, Version: nv}, ind.ID, c.v)
				if tertial.ErrorCode(err) != tertial.EINVALID || len(tertial.ProblemsOf(err)) != 1 || tertial.ProblemsOf(err)[0].Path != c.path {
					t.Errorf("%s: %v %+v", c.name, err, tertial.ProblemsOf(err))
				}
			}
			// A value given that agrees is stored as given.
			if _, err := db.SaveIndicatorValue(ctx, store.Edit{Actor: "x", Period: ks, Version: nv}, ind.ID,
				tertial.IndicatorValue{Year: 2021, Value: num("5.60"), Numerator: num("410"), Denominator: num("7320")}); err != nil {
				t.Errorf("an agreeing value: %v", err)
			}
			if v, _, _ := stored(2021); v == nil || *v != "5.60" {
				t.Errorf("the agreeing value stored as %v", v)
			}
		})
	}
}

func indicator(t *testing.T, ds *tertial.Dataset, id string) *tertial.Indicator {
	t.Helper()
	for i := range ds.Indicators {
		if ds.Indicators[i].ID == id {
			return &ds.Indicators[i]
		}
	}
	t.Fatalf("no indicator %s", id)
	return nil
}
