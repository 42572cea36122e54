package report_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/htmlreport"
	"github.com/tertial/tertial/report"
)

// BenchmarkRenderDemo measures building and rendering the demo report as HTML.
func BenchmarkRenderDemo(b *testing.B) {
	ds := demoDataset(b)
	b.ReportAllocs()
	for b.Loop() {
		doc, err := report.Build(ds, "ks", "2021-08")
		if err != nil {
			b.Fatal(err)
		}
		if _, err := htmlreport.Render(doc); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRenderConsolidated measures the council's consolidated report over a generated
// municipality of N nämnder with 40 goals, 200 indicators and 100 table rows each, at
// several sizes to show how time grows. boards=30 is the size the goal is set for.
func BenchmarkRenderConsolidated(b *testing.B) {
	for _, boards := range []int{5, 10, 20, 30} {
		b.Run(fmt.Sprintf("boards=%d", boards), func(b *testing.B) {
			ds := generate(boards, 40, 200, 100)
			b.ReportAllocs()
			var size int
			for b.Loop() {
				doc, err := report.Build(ds, "kf", "2021-08")
				if err != nil {
					b.Fatal(err)
				}
				out, err := htmlreport.Render(doc)
				if err != nil {
					b.Fatal(err)
				}
				size = len(out)
			}
			b.ReportMetric(float64(size)/1e6, "MB/report")
		})
	}
}

// TestGeneratedConsolidatedReport: the generator gives a valid dataset whose consolidated
// report shows every board's goals and the table with all its rows.
func TestGeneratedConsolidatedReport(t *testing.T) {
	ds := generate(3, 4, 10, 5)
	if p := ds.Validate(); len(p) > 0 {
		t.Fatalf("generated dataset is invalid: %v", p[:min(len(p), 5)])
	}
	doc, err := report.Build(ds, "kf", "2021-08")
	if err != nil {
		t.Fatal(err)
	}
	out, err := htmlreport.Render(doc)
	if err != nil {
		t.Fatal(err)
	}
	page := string(out)
	for _, want := range []string{"Nämnd 3, mål 4", `id="indikator-b03-i10"`, `id="tabell-drift-b03-r05"`, `id="tabell-drift-b03-summa"`, "Analys av mål 4 i nämnd 3."} {
		if !strings.Contains(page, want) {
			t.Errorf("consolidated report lacks %q", want)
		}
	}
}

// generate makes a municipality with a council and the given number of nämnder, each with
// goals, indicators (three years of values and a target), an assignment per two goals, a
// period 2021-08 with follow-ups, and a council period whose money table has a group of
// rows per nämnd.
func generate(boards, goals, indicators, rows int) *tertial.Dataset {
	d := func(s string) *tertial.Decimal { v := tertial.MustParseDecimal(s); return &v }
	cutoff := time.Date(2021, 8, 31, 0, 0, 0, 0, time.UTC)
	ds := &tertial.Dataset{
		Municipality: tertial.Municipality{Name: "Storby kommun", Code: "9903", County: "Provlän"},
		GoalLevels:   []tertial.GoalLevel{{ID: "kf", Name: "Kommunfullmäktigemål"}, {ID: "nm", Name: "Nämndmål"}},
		GoalAreas: []tertial.GoalArea{{ID: "eko", Name: "God ekonomi", Dimension: tertial.Economic},
			{ID: "soc", Name: "Trygghet och trivsel", Dimension: tertial.Social}, {ID: "eco", Name: "Klimat", Dimension: tertial.Ecological}},
		Units: []tertial.Unit{{ID: "kf", Name: "Kommunfullmäktige", Kind: tertial.UnitCouncil}},
		Templates: []tertial.Template{{ID: "sammanstallning", Name: "Sammanställd delårsrapport", Sections: []tertial.Section{
			{Kind: tertial.SectionCover}, {Kind: tertial.SectionTOC},
			{Kind: tertial.SectionHeading, Title: "Sammanfattning", Sections: []tertial.Section{
				{Kind: tertial.SectionSummary, Title: "Ekonomisk hållbarhet", Ref: "economic"},
				{Kind: tertial.SectionSummary, Title: "Social hållbarhet", Ref: "social"},
				{Kind: tertial.SectionSummary, Title: "Ekologisk hållbarhet", Ref: "ecological"}}},
			{Kind: tertial.SectionGoals, Title: "Mål och resultat"},
			{Kind: tertial.SectionHeading, Title: "Ekonomi", Sections: []tertial.Section{
				{Kind: tertial.SectionMoneyTable, Ref: "drift"}, {Kind: tertial.SectionNetCostTrend, Title: "Nettokostnad", Ref: "drift"}}},
		}}},
	}
	for k := 1; k <= 10; k++ {
		ds.Goals = append(ds.Goals, tertial.Goal{ID: fmt.Sprintf("kf-%02d", k), Level: "kf", Area: ds.GoalAreas[k%3].ID, Title: fmt.Sprintf("Kommunmål %d", k)})
	}
	council := tertial.Period{Unit: "kf", ID: "2021-08", Kind: tertial.PeriodInterim, Title: "Sammanställd delårsrapport per 31 augusti 2021",
		Cutoff: cutoff, State: tertial.PeriodOpen, Template: "sammanstallning"}
	drift := tertial.MoneyTable{ID: "drift", Title: "Driftredovisning per nämnd", Unit: tertial.Tkr, Columns: tertial.MoneyColumns, Total: "Summa"}
	for n := 1; n <= boards; n++ {
		b := fmt.Sprintf("b%02d", n)
		ds.Units = append(ds.Units, tertial.Unit{ID: b, Name: fmt.Sprintf("Nämnd %d", n), Kind: tertial.UnitBoard, Parent: "kf"})
		ds.Periods = append(ds.Periods, tertial.Period{Unit: b, ID: "2021-08", Kind: tertial.PeriodInterim, Title: "Delårsrapport", Cutoff: cutoff, State: tertial.PeriodOpen})
		for g := 1; g <= goals; g++ {
			id := fmt.Sprintf("%s-g%02d", b, g)
			ds.Goals = append(ds.Goals, tertial.Goal{ID: id, Level: "nm", Parent: fmt.Sprintf("kf-%02d", 1+g%10), Unit: b,
				Title: fmt.Sprintf("Nämnd %d, mål %d", n, g),
				Followups: []tertial.GoalFollowup{{Period: "2021-08", Assessment: tertial.Assessments[g%3],
					Analysis: fmt.Sprintf("Analys av mål %d i nämnd %d.\n\nUnder perioden har arbetet fortsatt enligt plan, med **tydliga resultat** inom flera områden och några där insatserna behöver förstärkas under hösten.", g, n)}}})
			if g%2 == 0 {
				ds.Assignments = append(ds.Assignments, tertial.Assignment{ID: id + "-u", Goal: id, Title: fmt.Sprintf("Uppdrag för mål %d", g),
					Followups: []tertial.StatusFollowup{{Period: "2021-08", Status: tertial.Statuses[g%len(tertial.Statuses)], Comment: "Arbetet pågår."}}})
			}
		}
		for i := 1; i <= indicators; i++ {
			t, _ := tertial.ParseTarget([]string{"≥2", "<7,9 %", "48", ">80", "Länssnitt"}[i%5])
			ds.Indicators = append(ds.Indicators, tertial.Indicator{ID: fmt.Sprintf("%s-i%02d", b, i), Goal: fmt.Sprintf("%s-g%02d", b, 1+i%goals),
				Name: fmt.Sprintf("Indikator %d", i), Unit: "%", Direction: tertial.HigherIsBetter, Decimals: 1,
				Values:  []tertial.IndicatorValue{{Year: 2019, Value: d("2.5")}, {Year: 2020, Value: d("6.1")}, {Year: 2021, Value: d(fmt.Sprintf("%d.%d", i%90, i%10)), Kind: tertial.Forecast}},
				Targets: []tertial.YearTarget{{Year: 2021, Target: t}}, LongTerm: &tertial.YearTarget{Year: 2030, Target: t}})
		}
		group := tertial.MoneyRow{ID: b, Label: fmt.Sprintf("Nämnd %d", n), Group: true, Sum: tertial.SumBottom, SumLabel: fmt.Sprintf("Summa nämnd %d", n)}
		for r := 1; r <= rows; r++ {
			v := int64(-(r*1000 + n*7)) * 100_000
			group.Rows = append(group.Rows, tertial.MoneyRow{ID: fmt.Sprintf("%s-r%02d", b, r), Label: fmt.Sprintf("Verksamhet %d", r),
				Amounts: map[tertial.MoneyColumn]tertial.Amount{tertial.ColBudget: tertial.Amount(v), tertial.ColForecast: tertial.Amount(v * 101 / 100),
					tertial.ColPeriodBudget: tertial.Amount(v * 2 / 3), tertial.ColPeriodOutcome: tertial.Amount(v * 65 / 100), tertial.ColPriorOutcome: tertial.Amount(v * 6 / 10)},
				History: []tertial.YearAmount{{Year: 2019, Amount: tertial.Amount(v / 2)}}})
		}
		drift.Rows = append(drift.Rows, group)
	}
	council.MoneyTables = []tertial.MoneyTable{drift}
	ds.Periods = append(ds.Periods, council)
	return ds
}
