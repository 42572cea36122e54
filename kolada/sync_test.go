package kolada_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/tertial/tertial"

	"github.com/tertial/tertial/demo"
	"github.com/tertial/tertial/kolada"
	"github.com/tertial/tertial/kolada/koladatest"
	"github.com/tertial/tertial/report"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

func TestSyncDemo(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		ds, err := demo.Dataset()
		if err != nil {
			t.Fatal(err)
		}
		// The demo's mapped indicators have no relative stage target for 2021 (their
		// "Länssnitt" and "Topp tre i länet" are 2030 targets); give valdeltagande one.
		for i := range ds.Indicators {
			if ds.Indicators[i].ID == "valdeltagande" {
				ds.Indicators[i].Targets = []tertial.YearTarget{{Year: 2021, Target: tertial.Target{Kind: tertial.TargetCountyAverage}}}
			}
		}
		if err := db.ReplaceDataset(ctx, ds); err != nil {
			t.Fatal(err)
		}
		before, _ := report.Check(ds, "ks", "2021-08")
		fake := koladatest.New(t)
		var steps []string
		res, err := kolada.Sync(ctx, kolada.New(fake.URL()), db, "test", "0126", "ks", "2021-08", func(d, n int, what string) { steps = append(steps, what) })
		if err != nil {
			t.Fatal(err)
		}
		if res.CountyGroup != "G33612" || res.KPIs == 0 || res.Municipalities != 26 || res.Values == 0 || res.WithFigure >= res.Values {
			t.Fatalf("result %+v", res)
		}
		if len(steps) != res.KPIs+2 {
			t.Errorf("progress %v", steps)
		}
		got, err := db.Dataset(ctx, "0126")
		if err != nil {
			t.Fatal(err)
		}
		if got.Kolada == nil || len(got.Kolada.CountyMembers) != 26 || len(got.Kolada.Values) != res.Values {
			t.Fatalf("stored %+v", got.Kolada)
		}
		// The fake speaks v3: the county group's members came as member_id/member_title,
		// the data came over several pages linked by next_url, and the figures it flags
		// isdeleted were dropped, not kept.
		if m := got.Kolada.CountyMembers[6]; m.ID != "0126" || m.Title != "Huddinge" {
			t.Errorf("county member 7 = %+v", m)
		}
		paged := false
		for _, r := range fake.Requests {
			paged = paged || strings.Contains(r, "page=2")
		}
		if !paged {
			t.Errorf("no second page was asked for: %v", fake.Requests)
		}
		var kept, dropped int
		for _, v := range got.Kolada.Values {
			if v.Municipality == koladatest.DeletedMunicipality {
				if v.Year == koladatest.DeletedYear {
					dropped++
				} else {
					kept++
				}
			}
		}
		if dropped != 0 || kept != 2*res.KPIs {
			t.Errorf("%s: %d values of %d flagged isdeleted kept, %d of the other years (want 0 and %d)",
				koladatest.DeletedMunicipality, dropped, koladatest.DeletedYear, kept, 2*res.KPIs)
		}
		// Entered values are untouched.
		for i := range ds.Indicators {
			for j := range ds.Indicators[i].Values {
				a, b := ds.Indicators[i].Values[j].Value, got.Indicators[i].Values[j].Value
				if (a == nil) != (b == nil) || (a != nil && !a.Equal(*b)) {
					t.Errorf("%s %d changed", ds.Indicators[i].ID, ds.Indicators[i].Values[j].Year)
				}
			}
		}
		// The relative stage target of a mapped indicator is assessed now.
		var ind *tertial.Indicator
		for i := range got.Indicators {
			if got.Indicators[i].ID == "valdeltagande" {
				ind = &got.Indicators[i]
			}
		}
		a := report.Assess(got, ind, 2021)
		if a.Result == 0 || a.Basis == "" {
			t.Errorf("valdeltagande: %+v", a)
		}
		after, err := report.Check(got, "ks", "2021-08")
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range after {
			if strings.Contains(f.Where, "valdeltagande") && strings.Contains(f.What, "jämförelsedata") {
				t.Errorf("still a finding: %s", f)
			}
		}
		if len(after) >= len(before) {
			t.Errorf("%d findings after sync, %d before", len(after), len(before))
		}
		// The report compares each mapped indicator with the county and the comparison
		// municipalities, crediting Kolada.
		doc, err := report.Build(got, "ks", "2021-08")
		if err != nil {
			t.Fatal(err)
		}
		var tables []*report.Table
		var walk func(sec *report.Section)
		walk = func(sec *report.Section) {
			for _, b := range sec.Blocks {
				if tb, ok := b.(*report.Table); ok && tb.Class == "kolada" {
					tables = append(tables, tb)
				} else if s, ok := b.(*report.Section); ok {
					walk(s)
				}
			}
		}
		for _, sec := range doc.Sections {
			walk(sec)
		}
		if len(tables) == 0 {
			t.Fatal("no comparison tables in the report")
		}
		for _, tb := range tables {
			if len(tb.Rows) != 2+len(got.Municipality.Comparison) || len(tb.Notes) == 0 || !strings.Contains(tb.Notes[0], "Källa: Kolada") || !strings.Contains(tb.Notes[0], "hämtat ") {
				t.Errorf("table %s: %d rows, notes %q", tb.ID, len(tb.Rows), tb.Notes)
			}
		}
		// A second sync replaces, it does not add.
		if _, err := kolada.Sync(ctx, kolada.New(fake.URL()), db, "test", "0126", "ks", "2021-08", nil); err != nil {
			t.Fatal(err)
		}
		again, _ := db.Dataset(ctx, "0126")
		if len(again.Kolada.Values) != res.Values {
			t.Errorf("%d values after the second sync, want %d", len(again.Kolada.Values), res.Values)
		}
		// Each sync is in the audit log; Kolada revised nothing between the two.
		log, err := db.AuditLog(ctx, store.AuditFilter{Municipality: "0126", Entity: "kolada"})
		if err != nil {
			t.Fatal(err)
		}
		if len(log) != 2 || log[0].Field != "sync" || log[1].Field != "sync" || log[1].Actor != "test" ||
			log[1].New != strconv.Itoa(res.Values)+" värden från "+fake.URL() {
			t.Errorf("audit: %+v", log)
		}
		// A new import keeps the Kolada values.
		if err := db.ReplaceDataset(ctx, ds); err != nil {
			t.Fatal(err)
		}
		if re, _ := db.Dataset(ctx, "0126"); re.Kolada == nil {
			t.Error("import dropped the Kolada values")
		}
	})
}
