package report_test

import (
	"strings"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/demo"
	"github.com/tertial/tertial/report"
)

func demoDataset(t testing.TB) *tertial.Dataset {
	t.Helper()
	ds, err := demo.Dataset()
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

// TestCheckFindsEachKind breaks the demo in each way tertial check looks for and expects
// one finding that says where and what.
func TestCheckFindsEachKind(t *testing.T) {
	for _, c := range []struct {
		name   string
		break_ func(ds *tertial.Dataset)
		want   string
	}{
		{"goal without analysis", func(ds *tertial.Dataset) { ds.Goal("nm-skattemedel").Followups[0].Analysis = "" },
			"mål nm-skattemedel (Skattemedel används effektivt): saknar analys"},
		{"goal without follow-up", func(ds *tertial.Dataset) { ds.Goal("nm-trygga").Followups = nil },
			"mål nm-trygga (Huddingeborna är trygga): saknar analys och bedömning för perioden"},
		{"assignment without status", func(ds *tertial.Dataset) { ds.Assignments[0].Followups[0].Status = "" },
			"uppdrag " + "%s" + ": saknar status"},
		{"assignment without comment", func(ds *tertial.Dataset) { ds.Assignments[1].Followups[0].Comment = " " },
			": saknar kommentar"},
		{"indicator without value or note", func(ds *tertial.Dataset) {
			for i := range ds.Indicators {
				if ds.Indicators[i].ID == "resultat-exkl-exploatering" {
					ds.Indicators[i].Values = ds.Indicators[i].Values[:2]
					ds.Indicators[i].Note = ""
				}
			}
		}, "indikator resultat-exkl-exploatering (Resultat exkl exploatering): inget värde för 2021 och ingen anteckning om varför"},
		{"row without forecast", func(ds *tertial.Dataset) {
			delete(ds.Period("ks", "2021-08").MoneyTables[0].Rows[0].Amounts, tertial.ColForecast)
		}, "tabell drift, rad intakter (Verksamhetens intäkter): saknar prognos"},
		{"missing text", func(ds *tertial.Dataset) {
			p := ds.Period("ks", "2021-08")
			p.Texts = p.Texts[1:]
		}, `perioden har ingen text "sammanfattning-namndmal"`},
		{"empty text", func(ds *tertial.Dataset) { ds.Period("ks", "2021-08").Texts[1].Body = "" },
			"är tom"},
		{"control without status", func(ds *tertial.Dataset) { ds.Controls[0].Followups = nil },
			"systematisk kontroll " + "%s" + ": saknar status och kommentar för perioden"},
	} {
		t.Run(c.name, func(t *testing.T) {
			ds := demoDataset(t)
			before, err := report.Check(ds, "ks", "2021-08")
			if err != nil {
				t.Fatal(err)
			}
			c.break_(ds)
			after, err := report.Check(ds, "ks", "2021-08")
			if err != nil {
				t.Fatal(err)
			}
			want := c.want
			if strings.Contains(want, "%s") {
				switch {
				case strings.HasPrefix(c.name, "assignment"):
					want = strings.Replace(want, "%s", ds.Assignments[0].ID+" ("+ds.Assignments[0].Title+")", 1)
				default:
					want = strings.Replace(want, "%s", ds.Controls[0].ID, 1)
				}
			}
			var added []string
			seen := map[string]int{}
			for _, f := range before {
				seen[f.String()]++
			}
			for _, f := range after {
				if seen[f.String()] > 0 {
					seen[f.String()]--
					continue
				}
				added = append(added, f.String())
			}
			if len(added) != 1 || !strings.Contains(added[0], want) {
				t.Errorf("new findings %q, want one containing %q", added, want)
			}
		})
	}
}

func TestCheckUnknownPeriod(t *testing.T) {
	ds := demoDataset(t)
	if _, err := report.Check(ds, "ks", "1999-01"); tertial.ErrorCode(err) != tertial.ENOTFOUND {
		t.Errorf("unknown period: %v", err)
	}
	if _, err := report.Check(ds, "xx", "2021-08"); tertial.ErrorCode(err) != tertial.ENOTFOUND {
		t.Errorf("unknown unit: %v", err)
	}
}

// TestCheckUnmappedAccounts: ledger accounts that no rule of the table's mapping maps are
// listed with their amounts in kronor, and the report still builds from the ledger.
func TestCheckUnmappedAccounts(t *testing.T) {
	ds := demoDataset(t)
	per := ds.Period("ks", "2021-08")
	per.MoneyTables[0].Mapping = []tertial.AccountRule{
		{Row: "intakter", Accounts: []tertial.AccountRange{{From: "3", To: "3"}}},
		{Row: "personal", Accounts: []tertial.AccountRange{{From: "5", To: "5"}}},
	}
	ds.Ledger = &tertial.LedgerData{Outcome: []tertial.LedgerEntry{
		{Unit: "ks", Account: "3110", Month: 202103, Amount: -100000},
		{Unit: "ks", Account: "7010", Month: 202104, Amount: 123456789},
		{Unit: "ks", Account: "8010", Month: 202104, Amount: 5}, // class 8: not a board's
	}}
	findings, err := report.Check(ds, "ks", "2021-08")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range findings {
		if strings.Contains(f.What, "mappas inte") {
			got = append(got, f.String())
		}
	}
	want := "tabell drift, konto 7010: 1 234 567,89 kr bokfört under perioden"
	if len(got) != 1 || !strings.HasPrefix(strings.ReplaceAll(got[0], "\u00a0", " "), want) {
		t.Errorf("got %q, want one finding starting %q", got, want)
	}
	if _, err := report.Build(ds, "ks", "2021-08"); err != nil {
		t.Fatal(err)
	}
}

// TestCheckPriorYearProfileMissing: a table periodised by last year's monthly profile
// without last year's ledger is listed (its budget is spread evenly instead), and is not
// once last year's outcome is imported.
func TestCheckPriorYearProfileMissing(t *testing.T) {
	ds := demoDataset(t)
	ds.Period("ks", "2021-08").MoneyTables[0].Periodisation = tertial.PeriodisePriorYear
	count := func() int {
		t.Helper()
		findings, err := report.Check(ds, "ks", "2021-08")
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, f := range findings {
			if f.Where == "tabell drift" && strings.Contains(f.What, "bokföringen för 2020 är inte inläst") {
				n++
			}
		}
		return n
	}
	if n := count(); n != 1 {
		t.Errorf("without a ledger: %d findings, want 1", n)
	}
	ds.Ledger = &tertial.LedgerData{Outcome: []tertial.LedgerEntry{{Unit: "ks", Account: "5010", Month: 202106, Amount: 100}}}
	if n := count(); n != 1 {
		t.Errorf("with only this year's ledger: %d findings, want 1", n)
	}
	ds.Ledger.Outcome = append(ds.Ledger.Outcome, tertial.LedgerEntry{Unit: "ks", Account: "5010", Month: 202006, Amount: 100})
	if n := count(); n != 1 {
		t.Errorf("with last year's ledger through June only: %d findings, want 1", n)
	}
	ds.Ledger.Outcome = append(ds.Ledger.Outcome, tertial.LedgerEntry{Unit: "ks", Account: "5010", Month: 202012, Amount: 100})
	if n := count(); n != 0 {
		t.Errorf("with last year's ledger: %d findings, want 0", n)
	}
}

// TestCheckLedgerChart: a unit whose ledger of the year (or the year before) comes from
// a file in another chart than Kommun-Bas is listed; Kommun-Bas, an unstated chart, other
// units and older years are not.
func TestCheckLedgerChart(t *testing.T) {
	ds := demoDataset(t)
	ds.Ledger = &tertial.LedgerData{
		Outcome: []tertial.LedgerEntry{{Unit: "ks", Account: "5010", Month: 202106, Amount: 100}},
		Charts: []tertial.LedgerChart{
			{Unit: "ks", Source: "sie:Fortnox", Year: 2021, Chart: "EUBAS97"},
			{Unit: "ks", Source: "sie:Raindance", Year: 2020, Chart: "BAS2008"},
			{Unit: "ks", Source: "sie:Unit4 ERP", Year: 2021, Chart: "KBAS2021"},
			{Unit: "ks", Source: "sie:Visma", Year: 2021, Chart: "Kommun-Bas 13"},
			{Unit: "ks", Source: "sie:Personec", Year: 2021, Chart: ""},
			{Unit: "ks", Source: "sie:Gammal", Year: 2019, Chart: "BAS95"},
			{Unit: "bun", Source: "sie:Fortnox", Year: 2021, Chart: "EUBAS97"},
		},
	}
	findings, err := report.Check(ds, "ks", "2021-08")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range findings {
		if strings.Contains(f.What, "#KPTYP") {
			got = append(got, f.String())
		}
	}
	want := []string{
		"bokföringen sie:Fortnox 2021: är inläst från en SIE-fil med kontoplanen EUBAS97 (#KPTYP), inte Kommun-Bas",
		"bokföringen sie:Raindance 2020: är inläst från en SIE-fil med kontoplanen BAS2008 (#KPTYP), inte Kommun-Bas",
	}
	if len(got) != len(want) {
		t.Fatalf("got %q, want %d findings", got, len(want))
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("finding %d: %q, want it to start %q", i, got[i], want[i])
		}
	}
}
