package main

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/demo"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

// demoLedger writes an SIE 4E file for Huddinge's kommunstyrelse whose Kommun-Bas
// accounts add up, over January–August 2021, to the demo's operating statement's period
// outcome, and over the same months of 2020 (#PSALDO -1) to its prior-year outcome. Each
// row's amount is split over two accounts and several months in öre, and September
// brings bookings after the cut-off, so that only an exact sum over the right months
// gives the demo's figures. Every voucher balances against the bank account 1930.
func demoLedger(t *testing.T, drift *tertial.MoneyTable) string {
	accounts := map[string][2]string{"intakter": {"3110", "3510"}, "personal": {"5010", "5610"}, "lokaler": {"6010", "6110"},
		"bidrag": {"4510", "4520"}, "kop-av-verksamhet": {"4610", "4620"}, "ovrigt": {"7010", "4010"}}
	var b strings.Builder
	b.WriteString("#FLAGGA 0\n#PROGRAM \"Test\" \"1\"\n#FORMAT PC8\n#SIETYP 4\n#FNAMN \"Huddinge kommun\"\n#ORGNR 212000-0142\n")
	b.WriteString("#RAR 0 20210101 20211231\n#RAR -1 20200101 20201231\n#KONTO 1930 \"Bank\"\n")
	for _, a := range accounts {
		fmt.Fprintf(&b, "#KONTO %s \"Konto %s\"\n#KONTO %s \"Konto %s\"\n", a[0], a[0], a[1], a[1])
	}
	kr := func(ore int64) string {
		s := fmt.Sprintf("%d.%02d", abs(ore)/100, abs(ore)%100)
		if ore < 0 {
			return "-" + s
		}
		return s
	}
	ver := 0
	voucher := func(date, account string, ore int64) {
		ver++
		fmt.Fprintf(&b, "#VER A %d %s \"Bokning\"\n{\n#TRANS %s {} %s\n#TRANS 1930 {} %s\n}\n", ver, date, account, kr(ore), kr(-ore))
	}
	for _, g := range drift.Rows {
		rows := []tertial.MoneyRow{g}
		if g.Group {
			rows = g.Rows
		}
		for _, r := range rows {
			acc := accounts[r.ID]
			// Result sign to ledger sign: income is credit (negative), costs debit.
			outcome := -int64(r.Amounts[tertial.ColPeriodOutcome])
			first := outcome/3 + 17
			voucher("20210115", acc[0], first)
			voucher("20210520", acc[1], outcome/3)
			voucher("20210831", acc[0], outcome-first-outcome/3)
			voucher("20210905", acc[1], 12345) // after the cut-off
			prior := -int64(r.Amounts[tertial.ColPriorOutcome])
			fmt.Fprintf(&b, "#PSALDO -1 202002 %s {} %s\n#PSALDO -1 202007 %s {} %s\n#PSALDO -1 202010 %s {} 99.00\n",
				acc[0], kr(prior-prior/2), acc[1], kr(prior/2), acc[1])
		}
	}
	return b.String()
}

func abs(n int64) int64 {
	if n < 0 {
		return -n
	}
	return n
}

// TestDemoStatementFromLedger: a ledger whose accounts add up to the demo's operating
// statement fills its period outcome and prior-year outcome from the ledger, and the
// report shows the same figures as the entered ones.
func TestDemoStatementFromLedger(t *testing.T) {
	demoDS, err := demo.Dataset()
	if err != nil {
		t.Fatal(err)
	}
	per := demoDS.Period("ks", "2021-08")
	drift := &per.MoneyTables[0]
	if drift.ID != "drift" || drift.Rules() == nil {
		t.Fatalf("the demo's first table is %q and has no Kommun-Bas rows", drift.ID)
	}
	url := storetest.URL(t, store.SQLite)
	if code, _, stderr := runCmd(t, "import", writeFile(t, "huddinge.yaml", demo.Bytes()), "--db", url); code != 0 {
		t.Fatalf("import demo: %s", stderr)
	}
	sie := demoLedger(t, drift)
	if code, out, stderr := runCmd(t, "import", "sie", writeFile(t, "huddinge.se", []byte(sie)), "--unit", "ks", "--db", url); code != 0 {
		t.Fatalf("import sie: %s%s", out, stderr)
	}
	ctx := context.Background()
	db, err := store.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ds, err := db.SharedDataset(ctx, "0126")
	if err != nil {
		t.Fatal(err)
	}
	if ds.Ledger == nil {
		t.Fatal("the dataset has no ledger")
	}
	// Without entered amounts in the period, the figures can only come from the ledger.
	stored := *ds.Period("ks", "2021-08")
	stored.MoneyTables = append([]tertial.MoneyTable(nil), stored.MoneyTables...)
	stored.MoneyTables[0].Rows = nil
	cols := []tertial.MoneyColumn{tertial.ColPeriodOutcome, tertial.ColPriorOutcome}
	want := map[tertial.MoneyColumn]map[string]tertial.Amount{}
	for _, col := range cols {
		want[col] = leafAmounts(drift, col)
	}
	for _, r := range drift.Rows {
		r.Amounts = map[tertial.MoneyColumn]tertial.Amount{}
		sub := make([]tertial.MoneyRow, len(r.Rows))
		for i, x := range r.Rows {
			x.Amounts = map[tertial.MoneyColumn]tertial.Amount{}
			sub[i] = x
		}
		if r.Group {
			r.Rows = sub
		}
		stored.MoneyTables[0].Rows = append(stored.MoneyTables[0].Rows, r)
	}
	filled, unmapped := tertial.ApplyLedger(&stored, ds.Ledger)
	if len(unmapped) != 0 {
		t.Errorf("unmapped: %v", unmapped)
	}
	for _, col := range cols {
		want := want[col]
		got := leafAmounts(&filled.MoneyTables[0], col)
		if len(want) != 6 || fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s: got %v, want the demo's %v", col, got, want)
		}
	}
	// The whole chain: check lists nothing unmapped, and the report prints the figures.
	code, out, _ := runCmd(t, "check", "--unit", "ks", "--period", "2021-08", "--db", url)
	if strings.Contains(out, "mappas inte") {
		t.Errorf("check (exit %d): %s", code, out)
	}
}

func leafAmounts(t *tertial.MoneyTable, col tertial.MoneyColumn) map[string]tertial.Amount {
	out := map[string]tertial.Amount{}
	for _, g := range t.Rows {
		rows := []tertial.MoneyRow{g}
		if g.Group {
			rows = g.Rows
		}
		for _, r := range rows {
			if a, ok := r.Amounts[col]; ok {
				out[r.ID] = a
			}
		}
	}
	return out
}
