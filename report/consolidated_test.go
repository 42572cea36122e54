package report_test

import (
	"strings"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/report"
)

// koncernDataset is councilDataset with a company owned to 60 % and the template's
// consolidated statements. Company (BAS, mnkr, debit positive): opening buildings 500, bank
// 100, share capital −400, loans −200; rent income 300 (100 of it from the municipality)
// to the bank, costs 200 from it: result 100, bank 200. The municipality holds shares of
// 240 (1310) against more equity. Eliminations 2025: the rent at 60 % (60) and the shares
// against 60 % of the share capital (240).
func koncernDataset(t *testing.T) *tertial.Dataset {
	ds := councilDataset(t)
	share := tertial.MustParseDecimal("60")
	ds.Units = append(ds.Units, tertial.Unit{ID: "bolaget", Name: "Ekbybostäder AB", Kind: tertial.UnitCompany, Parent: "kf", Share: &share})
	for i := range ds.Templates {
		if ds.Templates[i].ID == "arsredovisning" {
			ds.Templates[i].Sections = append(ds.Templates[i].Sections, tertial.Section{Kind: tertial.SectionHeading, Title: "Sammanställda räkenskaper",
				Sections: []tertial.Section{{Kind: tertial.SectionConsolidatedStatement, Ref: "RR"}, {Kind: tertial.SectionConsolidatedStatement, Ref: "BR"},
					{Kind: tertial.SectionConsolidatedStatement, Ref: "KF"}}})
		}
	}
	ds.Economy.Eliminations = []tertial.Elimination{
		{Year: 2025, Company: "bolaget", Text: "Internhyra",
			Debit: tertial.EliminationSide{Row: "verksamhetens-intakter", Amount: tertial.Amount(60 * mnkr)}, Credit: tertial.EliminationSide{Row: "verksamhetens-kostnader", Amount: tertial.Amount(60 * mnkr)}},
		{Year: 2025, Company: "bolaget", Text: "Aktier mot aktiekapital",
			Debit: tertial.EliminationSide{Row: "ovrigt-eget-kapital", Amount: tertial.Amount(240 * mnkr)}, Credit: tertial.EliminationSide{Row: "finansiella-anlaggningstillgangar", Amount: tertial.Amount(240 * mnkr)}},
	}
	l := ds.Ledger
	bal := func(unit, account string, opening, closing int64) {
		l.Balances = append(l.Balances, tertial.LedgerBalance{Unit: unit, Source: "sie:test", FileName: unit + "-2025.se", ImportYear: 2025, Year: 2025,
			Account: account, Opening: opening * mnkr, Closing: closing * mnkr, Movement: (closing - opening) * mnkr,
			HasOpening: true, HasClosing: true, HasMovements: true})
	}
	for i := range l.Balances {
		if l.Balances[i].Account == "2011" {
			l.Balances[i].Opening, l.Balances[i].Closing = -1140*mnkr, -1140*mnkr
		}
	}
	bal("kf", "1310", 240, 240)
	bal("bolaget", "1110", 500, 500)
	bal("bolaget", "1930", 100, 200)
	bal("bolaget", "2081", -400, -400)
	bal("bolaget", "2350", -200, -200)
	for _, m := range []struct {
		account string
		amount  int64
	}{{"3010", -300}, {"1930", 300}, {"5010", 200}, {"1930", -200}} {
		l.Outcome = append(l.Outcome, tertial.LedgerEntry{Unit: "bolaget", Account: m.account, Month: 202506, Amount: m.amount * mnkr})
	}
	if ps := ds.Validate(); len(ps) > 0 {
		t.Fatal(ps)
	}
	return ds
}

// TestConsolidatedInTheReport: the council's report shows the koncern's statements with
// a column for the municipality, the company with its share applied, the eliminations
// and the total, summed by hand in koncernDataset; the year's eliminations are listed; and
// tertial check finds nothing, until an elimination's sides differ: then the annual
// report has a blocking finding naming it and the koncern's balance sheet.
func TestConsolidatedInTheReport(t *testing.T) {
	ds := koncernDataset(t)
	doc, err := report.Build(ds, "kf", "2025-12")
	if err != nil {
		t.Fatal(err)
	}
	var tables []*report.Table
	for _, s := range doc.Sections {
		tables = append(tables, tablesOf(s)...)
	}
	find := func(caption, row string) report.Row {
		for _, tb := range tables {
			if tb.Caption != caption {
				continue
			}
			for _, r := range tb.Rows {
				if r.ID == tb.ID+"-"+row || (row == "" && len(r.Cells) > 0) {
					return r
				}
			}
		}
		t.Fatalf("no row %s in %q", row, caption)
		return report.Row{}
	}
	text := func(r report.Row) string {
		var cs []string
		for _, c := range r.Cells {
			cs = append(cs, c.Col+"="+strings.ReplaceAll(c.Text, "\u00a0", " "))
		}
		return strings.Join(cs, " ")
	}
	rr, br := "Resultaträkning för kommunkoncernen (mnkr)", "Balansräkning för kommunkoncernen (mnkr)"
	for _, c := range []struct{ caption, row, want string }{
		{rr, "verksamhetens-intakter", "municipality=0,0 company-1=180,0 eliminations=−60,0 year=120,0"},
		{rr, "verksamhetens-kostnader", "municipality=−7 000,0 company-1=−120,0 eliminations=60,0 year=−7 060,0"},
		{rr, "arets-resultat", "municipality=900,0 company-1=60,0 eliminations=0,0 year=960,0"},
		{br, "finansiella-anlaggningstillgangar", "municipality=240,0 company-1=0,0 eliminations=−240,0 year=0,0"},
		{br, "summa-tillgangar", "municipality=2 340,0 company-1=420,0 eliminations=−240,0 year=2 520,0"},
		{br, "eget-kapital", "municipality=2 040,0 company-1=300,0 eliminations=−240,0 year=2 100,0"},
		{br, "summa-eget-kapital-avsattningar-skulder", "municipality=2 340,0 company-1=420,0 eliminations=−240,0 year=2 520,0"},
	} {
		if got := text(find(c.caption, c.row)); got != c.want {
			t.Errorf("%s %s:\n got %s\nwant %s", c.caption, c.row, got, c.want)
		}
	}
	if r := find(rr, "arets-resultat"); r.Formula == nil {
		t.Error("the koncern's result is no formula over its rows")
	}
	if got := text(find("Elimineringar 2025 i resultaträkning (mnkr)", "")); !strings.Contains(got, "parties=Ekbybostäder AB – kommunen") || !strings.Contains(got, "debit=60,0") {
		t.Errorf("the eliminations' table: %s", got)
	}
	fs, err := report.Check(ds, "kf", "2025-12")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fs {
		if f.Kind == report.FindStatement {
			t.Errorf("a consistent koncern gives the finding %s", f.Words())
		}
	}

	ds.Economy.Eliminations[0].Credit.Amount = tertial.Amount(50 * mnkr)
	fs, err = report.Check(ds, "kf", "2025-12")
	if err != nil {
		t.Fatal(err)
	}
	var sides, balance bool
	for _, f := range fs {
		w := strings.ReplaceAll(f.Words(), "\u00a0", " ")
		if f.Kind == report.FindStatement && f.Blocking() {
			sides = sides || strings.Contains(w, `Elimineringen "Internhyra" 2025`) && strings.Contains(w, "10 000 000 kr")
			balance = balance || strings.Contains(w, "Kommunkoncernens balansräkning 2025 balanserar inte")
		}
	}
	if !sides || !balance {
		t.Errorf("elimination finding %v, balance finding %v in %v", sides, balance, fs)
	}
}

// TestConsolidatedCompanyWithoutBooks: a company with no books for the year is shown as
// missing in its column ("–", read "saknas"), never as 0, and the table's note names it.
func TestConsolidatedCompanyWithoutBooks(t *testing.T) {
	ds := koncernDataset(t)
	l := ds.Ledger
	var bs []tertial.LedgerBalance
	for _, b := range l.Balances {
		if b.Unit != "bolaget" {
			bs = append(bs, b)
		}
	}
	var os []tertial.LedgerEntry
	for _, e := range l.Outcome {
		if e.Unit != "bolaget" {
			os = append(os, e)
		}
	}
	l.Balances, l.Outcome = bs, os
	doc, err := report.Build(ds, "kf", "2025-12")
	if err != nil {
		t.Fatal(err)
	}
	var rr *report.Table
	for _, s := range doc.Sections {
		for _, tb := range tablesOf(s) {
			if tb.Caption == "Resultaträkning för kommunkoncernen (mnkr)" {
				rr = tb
			}
		}
	}
	if rr == nil {
		t.Fatal("no consolidated resultaträkning")
	}
	checked := 0
	for _, r := range rr.Rows {
		for _, c := range r.Cells {
			if c.Col == "company-1" {
				checked++
				if c.Text != "–" || c.Hidden != "saknas" {
					t.Errorf("%s: the company without books shows %q", r.ID, c.Text)
				}
			}
		}
	}
	if checked == 0 {
		t.Fatal("no column for the company")
	}
	if !strings.Contains(strings.Join(rr.Notes, "\n"), "Ekbybostäder AB saknar bokföring för 2025") {
		t.Errorf("notes %q", rr.Notes)
	}
}
