package report_test

import (
	"strings"
	"testing"
	"time"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/dataset"
	"github.com/tertial/tertial/report"
)

// mnkr is a million kronor in öre.
const mnkr = int64(100_000_000)

// councilLedger is a small municipality's ledger of 2025 for unit kf, worked through by
// hand (mnkr, debit positive): opening balances buildings 1 000, bank 200, equity −900,
// loans −300; in the year taxes 8 000 to the bank, salaries 7 000 from it, depreciation
// 100 of the buildings. Result 900; closing buildings 900, bank 1 200.
func councilLedger() *tertial.LedgerData {
	l := &tertial.LedgerData{}
	move := func(account string, amount int64) {
		l.Outcome = append(l.Outcome, tertial.LedgerEntry{Unit: "kf", Account: account, Month: 202506, Amount: amount * mnkr})
	}
	move("8010", -8000)
	move("1930", 8000)
	move("5110", 7000)
	move("1930", -7000)
	move("7910", 100)
	move("1110", -100)
	bal := func(account string, opening, closing int64) {
		l.Balances = append(l.Balances, tertial.LedgerBalance{Unit: "kf", Source: "sie:test", FileName: "kf-2025.se", ImportYear: 2025, Year: 2025,
			Account: account, Opening: opening * mnkr, Closing: closing * mnkr, Movement: (closing - opening) * mnkr,
			HasOpening: true, HasClosing: true, HasMovements: true})
	}
	bal("1110", 1000, 900)
	bal("1930", 200, 1200)
	bal("2011", -900, -900)
	bal("2350", -300, -300)
	res := func(account string, amount int64) {
		l.Balances = append(l.Balances, tertial.LedgerBalance{Unit: "kf", Source: "sie:test", FileName: "kf-2025.se", ImportYear: 2025, Year: 2025,
			Account: account, Result: amount * mnkr, HasResult: true})
	}
	res("8010", -8000)
	res("5110", 7000)
	res("7910", 100)
	return l
}

// councilDataset is the Ekby test dataset with the council's annual report 2025 whose
// template shows the three statements and their notes.
func councilDataset(t *testing.T) *tertial.Dataset {
	t.Helper()
	src := string(readEkby(t))
	src = edit(t, src, "templates:\n", `templates:
  - id: arsredovisning
    name: Årsredovisning
    sections:
      - kind: heading
        title: Räkenskaper
        sections:
          - {kind: statement, ref: RR}
          - {kind: statement, ref: BR}
          - {kind: statement, ref: KF}
          - {kind: statement_notes}
          - {kind: balance_requirement}
          - {kind: financial_goals}
          - {kind: five_year}
`, 1)
	src = edit(t, src, "templates:\n", `economy:
  financial_goals:
    - id: resultat
      title: Resultatet ska uppgå till minst 2 % av skatteintäkter och generella statsbidrag
      kind: result_share
      comparison: at_least
      target: 2
      from: 2025
templates:
`, 1)
	src = edit(t, src, "periods:\n", `periods:
  - unit: kf
    id: 2025-12
    kind: annual
    title: Årsredovisning 2025
    start: 2025-01-01
    cutoff: 2025-12-31
    state: open
    template: arsredovisning
`, 1)
	ds, err := dataset.Decode([]byte(src), "ekby.yaml")
	if err != nil {
		t.Fatal(err)
	}
	ds.Ledger = councilLedger()
	return ds
}

// statementRow returns a row of a document's table by the row's ID suffix.
func statementRow(t *testing.T, doc *report.Document, table, row string) report.Row {
	t.Helper()
	var all []*report.Table
	var walk func(ss []*report.Section)
	walk = func(ss []*report.Section) {
		for _, s := range ss {
			all = append(all, tablesOf(s)...)
			walk(s.Sections)
		}
	}
	walk(doc.Sections)
	for _, tb := range all {
		if !strings.Contains(tb.ID, table+"-tabell") {
			continue
		}
		for _, r := range tb.Rows {
			if r.ID == tb.ID+"-"+row {
				return r
			}
		}
	}
	t.Fatalf("no row %s in table %s", row, table)
	return report.Row{}
}

// TestStatementsInTheReport: the council's report shows the statements computed from the
// ledger, with sums as formulas over their rows, and tertial check finds nothing; a
// ledger whose balance sheet does not balance gives a blocking finding in the annual
// report that names the amount.
func TestStatementsInTheReport(t *testing.T) {
	ds := councilDataset(t)
	doc, err := report.Build(ds, "kf", "2025-12")
	if err != nil {
		t.Fatal(err)
	}
	cell := func(r report.Row, col string) string {
		for _, c := range r.Cells {
			if c.Col == col {
				return c.Text
			}
		}
		t.Fatalf("row %s has no column %s", r.ID, col)
		return ""
	}
	for _, c := range []struct{ table, row, want string }{
		{"resultatrakning", "verksamhetens-kostnader", "−7 000,0"},
		{"resultatrakning", "avskrivningar", "−100,0"},
		{"resultatrakning", "verksamhetens-nettokostnader", "−7 100,0"},
		{"resultatrakning", "skatteintakter", "8 000,0"},
		{"resultatrakning", "arets-resultat", "900,0"},
		{"balansrakning", "summa-tillgangar", "2 100,0"},
		{"balansrakning", "eget-kapital", "1 800,0"},
		{"balansrakning", "langfristiga-skulder", "300,0"},
		{"balansrakning", "summa-eget-kapital-avsattningar-skulder", "2 100,0"},
		{"kassaflodesanalys", "kassaflode-lopande", "1 000,0"},
		{"kassaflodesanalys", "likvida-medel-ib", "200,0"},
		{"kassaflodesanalys", "likvida-medel-ub", "1 200,0"},
	} {
		if got := strings.ReplaceAll(cell(statementRow(t, doc, c.table, c.row), "year"), "\u00a0", " "); got != c.want {
			t.Errorf("%s %s = %q, want %q", c.table, c.row, got, c.want)
		}
	}
	if r := statementRow(t, doc, "resultatrakning", "verksamhetens-nettokostnader"); r.Formula == nil {
		t.Error("verksamhetens nettokostnader is no formula over its rows")
	}
	fs, err := report.Check(ds, "kf", "2025-12")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fs {
		if f.Kind == report.FindStatement || f.Kind == report.FindStatementInterim {
			t.Errorf("a consistent ledger gives the finding %s", f.Words())
		}
	}

	// Break it: a receivable of 50 mnkr, in the opening and closing balances, that
	// nothing on the other side of the balance sheet answers.
	ds.Ledger.Balances = append(ds.Ledger.Balances, tertial.LedgerBalance{Unit: "kf", Source: "sie:test", FileName: "kf-2025.se", ImportYear: 2025, Year: 2025,
		Account: "1510", Opening: 50 * mnkr, Closing: 50 * mnkr, HasOpening: true, HasClosing: true, HasMovements: true})
	fs, err = report.Check(ds, "kf", "2025-12")
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, f := range fs {
		if f.Kind == report.FindStatement && f.Blocking() && strings.Contains(strings.ReplaceAll(f.Words(), "\u00a0", " "), "50 000 000") {
			found = true
		}
	}
	if !found {
		var all []string
		for _, f := range fs {
			if f.Kind != report.FindHidden {
				all = append(all, string(f.Kind)+": "+f.Words())
			}
		}
		t.Errorf("no blocking statement finding of 50 mnkr:\n%s", strings.Join(all, "\n"))
	}
}

// TestEconomyInTheReport: the balanskravsutredning, the financial goals and the five-year
// overview of the council's report are computed from the ledger's statements: årets
// resultat 900 mnkr with no adjustments is the balanskravsresultat; the result's share of
// the tax revenue, 900 / 8 000 = 11,25 %, meets a goal of at least 2 %; the years before
// 2025, of which the ledger holds nothing, are shown as missing, not as zero.
func TestEconomyInTheReport(t *testing.T) {
	ds := councilDataset(t)
	doc, err := report.Build(ds, "kf", "2025-12")
	if err != nil {
		t.Fatal(err)
	}
	text := func(table, row, col string) string {
		t.Helper()
		r := statementRow(t, doc, table, row)
		for _, c := range r.Cells {
			if c.Col == col {
				return strings.ReplaceAll(c.Text, "\u00a0", " ")
			}
		}
		t.Fatalf("%s %s has no column %s", table, row, col)
		return ""
	}
	if got := text("balanskravsutredning", "balanskravsresultat", "2025"); got != "900,0" {
		t.Errorf("balanskravsresultat 2025 = %q, want 900,0", got)
	}
	if got := text("finansiella-mal", "resultat", "outcome"); got != "11,3 %" {
		t.Errorf("the result goal's outcome = %q, want 11,3 %%", got)
	}
	if got := text("finansiella-mal", "resultat", "assessment"); got != "Uppfyllt" {
		t.Errorf("the result goal's assessment = %q, want Uppfyllt", got)
	}
	if got := text("femarsoversikt", "arets-resultat", "2025"); got != "900" {
		t.Errorf("five-year årets resultat 2025 = %q, want 900", got)
	}
	for _, y := range []string{"2021", "2024"} {
		if got := text("femarsoversikt", "arets-resultat", y); got != tertial.OverviewMissing {
			t.Errorf("five-year årets resultat %s = %q, want %q", y, got, tertial.OverviewMissing)
		}
	}
}

// TestStatementsUseTheMunicipalityMapping: the report builds the statements with the
// municipality's own mapping and its entered budget. Moving depreciation's account 7910
// to verksamhetens kostnader moves its 100 mnkr there and leaves avskrivningar empty, the
// sums as before; an entered budget for skatteintäkter fills the budget column; and a
// mapping that leaves the tax account out changes årets resultat in the balance
// requirement too (which reads the statements of each year).
func TestStatementsUseTheMunicipalityMapping(t *testing.T) {
	ds := councilDataset(t)
	r := func(s ...string) []tertial.AccountRange {
		out := make([]tertial.AccountRange, len(s))
		for i, x := range s {
			out[i], _ = tertial.ParseAccountRange(x)
		}
		return out
	}
	ds.Statements.Mapping = []tertial.StatementRowMapping{
		{Row: "verksamhetens-kostnader", Terms: []tertial.StatementTerm{{Measure: tertial.MeasureMovement, Accounts: r("4-77", "79")}}, Note: 2},
		{Row: "avskrivningar", Terms: []tertial.StatementTerm{{Measure: tertial.MeasureMovement, Accounts: r("78")}}, Note: 3},
	}
	ds.Statements.Budget = []tertial.StatementBudget{{Year: 2025, Row: "skatteintakter", Amount: tertial.Amount(7900 * mnkr)}}
	if ps := ds.Validate(); len(ps) > 0 {
		t.Fatal(ps)
	}
	doc, err := report.Build(ds, "kf", "2025-12")
	if err != nil {
		t.Fatal(err)
	}
	text := func(table, row, col string) string {
		t.Helper()
		for _, c := range statementRow(t, doc, table, row).Cells {
			if c.Col == col {
				return strings.ReplaceAll(c.Text, "\u00a0", " ")
			}
		}
		t.Fatalf("%s %s has no column %s", table, row, col)
		return ""
	}
	for _, c := range []struct{ row, col, want string }{
		{"verksamhetens-kostnader", "year", "−7 100,0"},
		{"avskrivningar", "year", "0,0"},
		{"verksamhetens-nettokostnader", "year", "−7 100,0"},
		{"skatteintakter", "budget", "7 900,0"},
		{"arets-resultat", "year", "900,0"},
	} {
		if got := text("resultatrakning", c.row, c.col); got != c.want {
			t.Errorf("%s %s = %q, want %q", c.row, c.col, got, c.want)
		}
	}

	ds.Statements.Mapping = append(ds.Statements.Mapping, tertial.StatementRowMapping{Row: "skatteintakter",
		Terms: []tertial.StatementTerm{{Measure: tertial.MeasureMovement, Accounts: r("80"), Except: r("8010")}}, Note: 4})
	doc, err = report.Build(ds, "kf", "2025-12")
	if err != nil {
		t.Fatal(err)
	}
	if got := text("resultatrakning", "arets-resultat", "year"); got != "−7 100,0" {
		t.Errorf("årets resultat without 8010 = %q, want −7 100,0", got)
	}
	if got := text("balanskravsutredning", "balanskravsresultat", "2025"); got != "−7 100,0" {
		t.Errorf("balanskravsresultat without 8010 = %q, want −7 100,0", got)
	}
}

// TestPeriodLabel: in a delårsrapport the year's result is called the period's.
func TestPeriodLabel(t *testing.T) {
	ds := councilDataset(t)
	per := ds.Period("kf", "2025-12")
	interim := *per
	interim.ID, interim.Kind, interim.Title = "2025-06", tertial.PeriodInterim, "Delårsrapport per 30 juni 2025"
	interim.Cutoff = time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC)
	ds.Periods = append(ds.Periods, interim)
	for _, c := range []struct{ period, want string }{{"2025-12", "Årets resultat"}, {"2025-06", "Periodens resultat"}} {
		doc, err := report.Build(ds, "kf", c.period)
		if err != nil {
			t.Fatal(err)
		}
		if got := statementRow(t, doc, "resultatrakning", "arets-resultat").Header.Text; got != c.want {
			t.Errorf("%s: the result row is %q, want %q", c.period, got, c.want)
		}
	}
}

// TestBalanceRequirementRowOfAnEarlierYear: an adjustment made in 2024 but not in 2025
// keeps its row in the balanskravsutredning's table, so that 2024's column adds up (900
// less unrealised losses added back of 50 is 950), with its reason in a note naming the
// year; before, the table took its rows from the last year only and dropped it.
func TestBalanceRequirementRowOfAnEarlierYear(t *testing.T) {
	ds := councilDataset(t)
	l := councilLedger()
	var prior tertial.LedgerData
	for _, e := range l.Outcome {
		e.Month -= 100
		prior.Outcome = append(prior.Outcome, e)
	}
	for _, b := range l.Balances {
		b.ImportYear, b.Year, b.FileName = 2024, 2024, "kf-2024.se"
		prior.Balances = append(prior.Balances, b)
	}
	ds.Ledger.Outcome = append(ds.Ledger.Outcome, prior.Outcome...)
	ds.Ledger.Balances = append(ds.Ledger.Balances, prior.Balances...)
	ds.Economy.BalanceAdjustments = append(ds.Economy.BalanceAdjustments, tertial.BalanceAdjustment{Year: 2024,
		Kind: tertial.AdjustUnrealisedLosses, Amount: tertial.Amount(50 * mnkr), Reason: "Nedskrivning av aktier i Inera AB"})
	doc, err := report.Build(ds, "kf", "2025-12")
	if err != nil {
		t.Fatal(err)
	}
	cell := func(row, col string) string {
		t.Helper()
		for _, c := range statementRow(t, doc, "balanskravsutredning", row).Cells {
			if c.Col == col {
				return strings.ReplaceAll(c.Text, "\u00a0", " ")
			}
		}
		t.Fatalf("row %s has no column %s", row, col)
		return ""
	}
	if got := cell(string(tertial.AdjustUnrealisedLosses), "2024"); got != "50,0" {
		t.Errorf("unrealised losses 2024 = %q, want 50,0", got)
	}
	if got := cell(tertial.BalanceRowAdjusted, "2024"); got != "950,0" {
		t.Errorf("the result after adjustments 2024 = %q, want 950,0", got)
	}
	found := false
	var all []*report.Table
	for _, b := range allBlocks(doc.Sections) {
		if tb, ok := b.(*report.Table); ok {
			all = append(all, tb)
		}
	}
	for _, tb := range all {
		for _, n := range tb.Notes {
			if strings.Contains(n, "2024") && strings.Contains(n, "Nedskrivning av aktier i Inera AB") {
				found = true
			}
		}
	}
	if !found {
		t.Error("the 2024 adjustment's reason is not in a note")
	}
}
