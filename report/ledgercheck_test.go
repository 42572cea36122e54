package report_test

import (
	"strings"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/report"
)

// TestCheckLedgerBalances builds balances that are wrong in each way check looks for: last
// year's #UB not carried to this year's #IB, a #UB that is not #IB plus the year's
// movements, and a balance sheet that does not balance; and a consistent ledger that
// gives no finding. The findings block an annual period and are warnings in others.
func TestCheckLedgerBalances(t *testing.T) {
	good := func() []tertial.LedgerBalance {
		f20 := tertial.LedgerBalance{Unit: "ks", Source: "sie:Ekby", FileName: "ks-2020.se", ImportYear: 2020, Year: 2020, HasMovements: true}
		f21 := tertial.LedgerBalance{Unit: "ks", Source: "sie:Ekby", FileName: "ks-2021.se", ImportYear: 2021, Year: 2021, HasMovements: true}
		row := func(f tertial.LedgerBalance, acc string, ib, mov, ub, res int64) tertial.LedgerBalance {
			f.Account, f.Movement = acc, mov
			if tertial.BalanceAccount(acc) {
				f.Opening, f.Closing, f.HasOpening, f.HasClosing = ib, ub, true, true
			} else {
				f.Result, f.HasResult = res, true
			}
			return f
		}
		return []tertial.LedgerBalance{
			row(f20, "1930", 1000, 500, 1500, 0),
			row(f20, "2081", -1000, 0, -1000, 0),
			row(f20, "3010", 0, 0, 0, -500),
			row(f21, "1930", 1500, -200, 1300, 0),
			row(f21, "2081", -1500, 0, -1500, 0), // 2020's result (5 kr) closed into equity
			row(f21, "5010", 0, 0, 0, 200),
		}
	}
	checkWith := func(t *testing.T, kind tertial.PeriodKind, change func(bs []tertial.LedgerBalance) []tertial.LedgerBalance) []report.Finding {
		t.Helper()
		ds := demoDataset(t)
		ds.Period("ks", "2021-08").Kind = kind
		ds.Ledger = &tertial.LedgerData{Balances: change(good())}
		findings, err := report.Check(ds, "ks", "2021-08")
		if err != nil {
			t.Fatal(err)
		}
		var out []report.Finding
		for _, f := range findings {
			if f.Kind == report.FindLedgerBalance || f.Kind == report.FindLedgerBalanceInterim {
				out = append(out, f)
			}
		}
		return out
	}
	if got := checkWith(t, tertial.PeriodAnnual, func(bs []tertial.LedgerBalance) []tertial.LedgerBalance { return bs }); len(got) != 0 {
		t.Fatalf("a consistent ledger: %v", got)
	}
	for _, c := range []struct {
		name   string
		change func(bs []tertial.LedgerBalance) []tertial.LedgerBalance
		want   []string
	}{
		{"#IB not last year's #UB", func(bs []tertial.LedgerBalance) []tertial.LedgerBalance {
			bs[3].Opening, bs[3].Closing = 1400, 1200 // 1930 of 2021 starts at 14 kr, 1 kr less than 2020 ended with
			bs[4].Opening, bs[4].Closing = -1400, -1400
			return bs
		}, []string{
			"Konto 1930 har ingående balans 2021 (#IB) 14,00 kr i ks-2021.se (sie:Ekby, räkenskapsår 2021) men utgående balans 2020 (#UB) 15,00 kr i ks-2020.se (sie:Ekby, räkenskapsår 2020): balansen förs inte över från föregående år (skillnad −1,00 kr)",
			"Eget kapital (kontona i klass 20) har ingående balans 2021 (#IB) −14,00 kr i ks-2021.se (sie:Ekby, räkenskapsår 2021) men utgående balans 2020 (#UB) −10,00 kr i ks-2020.se (sie:Ekby, räkenskapsår 2020); med resultatet 2020, −5,00 kr, borde den ingående balansen vara −15,00 kr (skillnad 1,00 kr; konton som ändras mellan åren: 2081)",
		}},
		{"#UB of year -1 in this year's file", func(bs []tertial.LedgerBalance) []tertial.LedgerBalance {
			return append(bs, tertial.LedgerBalance{Unit: "ks", Source: "sie:Ekby", FileName: "ks-2021.se", ImportYear: 2021, Year: 2020, Account: "1930", Closing: 1600, HasClosing: true},
				tertial.LedgerBalance{Unit: "ks", Source: "sie:Ekby", FileName: "ks-2021.se", ImportYear: 2021, Year: 2020, Account: "1510", Closing: -100, HasClosing: true},
				tertial.LedgerBalance{Unit: "ks", Source: "sie:Ekby", FileName: "ks-2021.se", ImportYear: 2021, Year: 2020, Account: "2081", Closing: -1000, HasClosing: true},
				tertial.LedgerBalance{Unit: "ks", Source: "sie:Ekby", FileName: "ks-2021.se", ImportYear: 2021, Year: 2020, Account: "3010", Result: -500, HasResult: true})
		}, []string{
			"Konto 1510 har ingående balans 2021 (#IB) 0,00 kr i ks-2021.se (sie:Ekby, räkenskapsår 2021) men utgående balans 2020 (#UB) −1,00 kr i ks-2021.se (sie:Ekby, räkenskapsår 2021, uppgifterna för året före): balansen förs inte över från föregående år (skillnad 1,00 kr)",
			"Konto 1930 har ingående balans 2021 (#IB) 15,00 kr i ks-2021.se (sie:Ekby, räkenskapsår 2021) men utgående balans 2020 (#UB) 16,00 kr i ks-2021.se (sie:Ekby, räkenskapsår 2021, uppgifterna för året före): balansen förs inte över från föregående år (skillnad −1,00 kr)",
		}},
		{"#UB not #IB plus movements", func(bs []tertial.LedgerBalance) []tertial.LedgerBalance {
			bs[3].Movement = -300
			return bs
		}, []string{
			"Konto 1930 har utgående balans 2021 (#UB) 13,00 kr i ks-2021.se (sie:Ekby, räkenskapsår 2021), men ingående balans 15,00 kr plus årets förändringar −3,00 kr ger 12,00 kr (skillnad 1,00 kr)",
		}},
		{"equity does not take last year's result", func(bs []tertial.LedgerBalance) []tertial.LedgerBalance {
			bs[4].Opening, bs[4].Closing = -1000, -1000 // 2020's result left out of 2021's equity
			bs[3].Opening, bs[3].Closing = 1000, 800    // and the bank less by as much, so 2021 balances
			return bs
		}, []string{
			"Konto 1930 har ingående balans 2021 (#IB) 10,00 kr i ks-2021.se (sie:Ekby, räkenskapsår 2021) men utgående balans 2020 (#UB) 15,00 kr i ks-2020.se (sie:Ekby, räkenskapsår 2020): balansen förs inte över från föregående år (skillnad −5,00 kr)",
			"Eget kapital (kontona i klass 20) har ingående balans 2021 (#IB) −10,00 kr i ks-2021.se (sie:Ekby, räkenskapsår 2021) men utgående balans 2020 (#UB) −10,00 kr i ks-2020.se (sie:Ekby, räkenskapsår 2020); med resultatet 2020, −5,00 kr, borde den ingående balansen vara −15,00 kr (skillnad 5,00 kr; inget konto i klass 20 ändras mellan åren)",
		}},
		{"balance sheet does not balance", func(bs []tertial.LedgerBalance) []tertial.LedgerBalance {
			bs[5].Result = 250
			return bs
		}, []string{
			"Balansräkningen 2021 i ks-2021.se (sie:Ekby, räkenskapsår 2021) balanserar inte: utgående balanser (#UB, klass 1–2) och årets resultat (#RES, klass 3–8) summerar till 0,50 kr, inte 0",
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			for _, kind := range []tertial.PeriodKind{tertial.PeriodAnnual, tertial.PeriodInterim} {
				got := checkWith(t, kind, c.change)
				var texts []string
				for _, f := range got {
					texts = append(texts, f.Text)
					if f.Blocking() != (kind == tertial.PeriodAnnual) {
						t.Errorf("%s in a period of kind %s: blocking %v", f.Text, kind, f.Blocking())
					}
				}
				if strings.Join(texts, "\n") != strings.Join(c.want, "\n") {
					t.Errorf("%s:\n%s\nwant\n%s", kind, strings.Join(texts, "\n"), strings.Join(c.want, "\n"))
				}
			}
		})
	}
}
