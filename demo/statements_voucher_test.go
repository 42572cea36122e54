package demo_test

import (
	"fmt"
	"math/big"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/report"
)

// sieRow is a #TRANS row of a voucher added to a generated SIE file.
type sieRow struct {
	account, objects string
	ore              int64
}

// addVoucher returns the SIE file with a voucher of the rows added after its last
// voucher, and its balances kept consistent with it: each balance account's #UB 0 and each
// result account's #RES 0 moved by the row's amount. The rows must balance.
func addVoucher(t testing.TB, text, date string, rows ...sieRow) string {
	t.Helper()
	var sum int64
	var b strings.Builder
	fmt.Fprintf(&b, "#VER \"T\" 1 %s \"Testverifikation\"\n{\n", date)
	for _, r := range rows {
		sum += r.ore
		fmt.Fprintf(&b, "#TRANS %s %s %s\n", r.account, r.objects, formatOre(r.ore))
	}
	b.WriteString("}\n")
	if sum != 0 {
		t.Fatalf("the voucher does not balance: %d öre", sum)
	}
	if !strings.HasSuffix(text, "}\n") {
		t.Fatal("the file does not end with a voucher")
	}
	text += b.String()
	for _, r := range rows {
		label := "#RES"
		if r.account[0] == '1' || r.account[0] == '2' {
			label = "#UB"
		}
		text = shiftBalance(t, text, label, r.account, r.ore)
	}
	return text
}

// shiftBalance moves the amount of the file's line "LABEL 0 ACCOUNT amount" (#IB, #UB or
// #RES of the file's own year) by ore.
func shiftBalance(t testing.TB, text, label, account string, ore int64) string {
	t.Helper()
	re := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(label) + ` 0 ` + account + ` (-?[0-9]+\.[0-9]{2})$`)
	m := re.FindStringSubmatchIndex(text)
	if m == nil {
		t.Fatalf("the file has no %s 0 %s", label, account)
	}
	old := parseOre(t, 0, text[m[2]:m[3]])
	return text[:m[2]] + formatOre(old+ore) + text[m[3]:]
}

// economyState is everything the statements give kommunfullmäktige's årsredovisning 2025,
// as öre amounts and as other values (percentages, missing cells) by a key naming where
// each is shown: the statements' rows (this year, the comparison year, the budget), the
// notes' rows, the balanskravsutredning's rows of each year and the five-year overview's
// cells, and the financial goals' outcomes.
type economyState struct {
	amounts map[string]int64
	values  map[string]string
}

func economyOf(t *testing.T, ds *tertial.Dataset) economyState {
	t.Helper()
	s := economyState{amounts: map[string]int64{}, values: map[string]string{}}
	st := kfStatements(t, ds)
	for _, l := range st.Lines {
		if l.Kind == tertial.RowHeading {
			continue
		}
		s.amounts[fmt.Sprintf("%s/%s/2025", l.Statement, l.ID)] = int64(l.Amount)
		s.amounts[fmt.Sprintf("%s/%s/2024", l.Statement, l.ID)] = int64(l.Prior)
		if l.Statement == tertial.Resultatrakning {
			s.amounts[fmt.Sprintf("%s/%s/budget", l.Statement, l.ID)] = int64(l.Budget)
		}
	}
	for _, n := range st.Notes {
		for _, r := range n.Rows {
			s.amounts[fmt.Sprintf("not %d/%s/2025", n.Number, r.Label)] = int64(r.Amount)
			s.amounts[fmt.Sprintf("not %d/%s/2024", n.Number, r.Label)] = int64(r.Prior)
		}
	}
	// The figures of each year, as the report's economy sections read them: each whole
	// year with the year before as its comparison year.
	figs := map[int]tertial.Figures{}
	for y := 2021; y <= 2025; y++ {
		ly := ds.Ledger.Year("kf", y, y*100+12)
		var prior *tertial.LedgerYear
		if p := ds.Ledger.Year("kf", y-1, (y-1)*100+12); len(p.Accounts) > 0 {
			prior = &p
		}
		yst, err := tertial.BuildStatements(tertial.DefaultStatementLayout(), &ly, prior, tertial.StatementOptions{})
		if err != nil {
			t.Fatal(err)
		}
		figs[y] = yst.Figures()
	}
	br := tertial.ComputeBalanceRequirement(&ds.Economy, figs, 2025)
	for y := 2021; y <= 2025; y++ {
		by := br.Year(y)
		if by == nil {
			t.Fatalf("no balanskravsutredning for %d", y)
		}
		for _, r := range by.Rows {
			s.amounts[fmt.Sprintf("balanskrav/%s/%d", r.Key, y)] = int64(r.Amount)
		}
	}
	ov := tertial.FiveYearOverview(&ds.Economy, figs, 2025)
	for _, r := range ov.Rows {
		for _, c := range r.Cells {
			key := fmt.Sprintf("femår/%s/%d", r.Key, c.Year)
			switch {
			case c.Missing:
				s.values[key] = tertial.OverviewMissing
			case r.Kind == tertial.OverviewAmount:
				s.amounts[key] = int64(c.Amount)
			default:
				s.values[key] = c.Number.String()
			}
		}
	}
	for i := range ds.Economy.FinancialGoals {
		g := &ds.Economy.FinancialGoals[i]
		o := tertial.EvaluateFinancialGoal(g, &ds.Economy, figs)
		s.values["finansiellt mål/"+g.ID] = o.Value.String() + " " + o.Assessment.Name()
	}
	return s
}

// TestEkbyOneVoucher changes one voucher of the Ekby demo's 2025 ledger (added to the
// generated file, its #UB and #RES kept consistent) and sees it in every row of the
// statements, their notes, the balanskravsutredning and the five-year overview that should
// move, by exactly the voucher's amount, and in no other: nothing of 2024, no budget.
func TestEkbyOneVoucher(t *testing.T) {
	const x = int64(1_000_000_00) // 1 000 000 kr in öre
	base := ekbyFiles(t)
	before := economyOf(t, ekbyLoad(t, base))
	cases := []struct {
		name string
		rows []sieRow
		// amounts is how much each amount moves (presentation sign); every other stays.
		amounts map[string]int64
		// values are the other values that change; every other stays.
		values []string
		// finding is what the one finding of check on the changed books says, "" for none:
		// the boards' reports do not hold a cost booked only in the ledger.
		finding string
	}{{
		// A cost paid from the bank: the result and the liquid funds fall by the amount.
		name: "bank to cost",
		rows: []sieRow{{"7410", `{1 "1100"}`, x}, {"1930", "{}", -x}},
		amounts: map[string]int64{
			"RR/verksamhetens-kostnader/2025":                       -x,
			"RR/verksamhetens-nettokostnader/2025":                  -x,
			"RR/verksamhetens-resultat/2025":                        -x,
			"RR/resultat-efter-finansiella-poster/2025":             -x,
			"RR/arets-resultat/2025":                                -x,
			"not 2/Övriga verksamhetskostnader/2025":                -x,
			"BR/kassa-och-bank/2025":                                -x,
			"BR/summa-omsattningstillgangar/2025":                   -x,
			"BR/summa-tillgangar/2025":                              -x,
			"BR/varav-arets-resultat/2025":                          -x,
			"BR/eget-kapital/2025":                                  -x,
			"BR/summa-eget-kapital-avsattningar-skulder/2025":       -x,
			"KF/kf-arets-resultat/2025":                             -x,
			"KF/medel-fore-rorelsekapital/2025":                     -x,
			"KF/kassaflode-lopande/2025":                            -x,
			"KF/arets-kassaflode/2025":                              -x,
			"KF/likvida-medel-ub/2025":                              -x,
			"balanskrav/arets-resultat/2025":                        -x,
			"balanskrav/resultat-efter-balanskravsjusteringar/2025": -x,
			"balanskrav/balanskravsresultat/2025":                   -x,
			"femår/nettokostnad/2025":                               -x,
			"femår/arets-resultat/2025":                             -x,
		},
		// Soliditet: equity and assets both fall; the result share and the tax financing
		// of investments read the result.
		values: []string{"femår/soliditet/2025", "femår/soliditet-inkl-pensioner/2025", "finansiellt mål/resultat", "finansiellt mål/skattefinansiering"},
		// The avstämning with the boards' net costs no longer adds up.
		finding: "skillnad 1 000 000 kr",
	}, {
		// A cost moved from other operating costs to depreciation: the net cost stays;
		// the cash flow adds the depreciation back and, the fixed assets' balances being
		// the same, counts it as investment.
		name: "cost to depreciation",
		rows: []sieRow{{"7830", `{1 "1100"}`, x}, {"7410", `{1 "1100"}`, -x}},
		amounts: map[string]int64{
			"RR/verksamhetens-kostnader/2025":                         x,
			"RR/avskrivningar/2025":                                   -x,
			"not 2/Övriga verksamhetskostnader/2025":                  x,
			"not 3/7830 Avskrivningar, maskiner och inventarier/2025": -x,
			"KF/justering-avskrivningar/2025":                         x,
			"KF/medel-fore-rorelsekapital/2025":                       x,
			"KF/kassaflode-lopande/2025":                              x,
			"KF/investering-materiella/2025":                          -x,
			"KF/kassaflode-investeringar/2025":                        -x,
			"femår/nettoinvesteringar/2025":                           x,
		},
		// (Result − depreciation) / net investments: both grow.
		values: []string{"finansiellt mål/skattefinansiering"},
	}}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			files := ekbyFiles(t)
			files[2025] = addVoucher(t, files[2025], "20251215", c.rows...)
			ds := ekbyLoad(t, files)
			after := economyOf(t, ds)
			// The changed books still hold together: check finds nothing in them but, for a
			// changed net cost, the avstämning with the boards' reports.
			fs := balanceFindings(t, ds)
			switch all := fs[report.FindStatement]; {
			case c.finding == "" && len(fs) > 0:
				t.Errorf("check of the changed books: %v", fs)
			case c.finding != "" && (len(fs) != 1 || len(all) != 1 || !strings.Contains(all[0], c.finding)):
				t.Errorf("check of the changed books: %v, want one finding with %q", fs, c.finding)
			}
			var keys []string
			for k := range before.amounts {
				keys = append(keys, k)
			}
			for k := range after.amounts {
				if _, ok := before.amounts[k]; !ok {
					keys = append(keys, k)
				}
			}
			sort.Strings(keys)
			for k := range c.amounts {
				if _, ok := before.amounts[k]; !ok {
					t.Errorf("%s: no such amount", k)
				}
			}
			for _, k := range keys {
				b, okb := before.amounts[k]
				a, oka := after.amounts[k]
				if okb != oka {
					t.Errorf("%s: there before %v, after %v", k, okb, oka)
					continue
				}
				if got, want := a-b, c.amounts[k]; got != want {
					t.Errorf("%s moved by %d öre, want %d (before %d, after %d)", k, got, want, b, a)
				}
			}
			changed := map[string]bool{}
			for k, v := range before.values {
				if after.values[k] != v {
					changed[k] = true
				}
			}
			for k := range after.values {
				if _, ok := before.values[k]; !ok {
					changed[k] = true
				}
			}
			for _, k := range c.values {
				if !changed[k] {
					t.Errorf("%s did not change (%s)", k, before.values[k])
				}
				delete(changed, k)
			}
			for k := range changed {
				t.Errorf("%s changed from %s to %s", k, before.values[k], after.values[k])
			}
		})
	}
	// The soliditet after the first change, from the balance sheet's figures by hand:
	// (equity − x) / (assets − x), in percent to four decimals.
	files := ekbyFiles(t)
	files[2025] = addVoucher(t, files[2025], "20251215", cases[0].rows...)
	after := economyOf(t, ekbyLoad(t, files))
	eq, assets := before.amounts["BR/eget-kapital/2025"]-x, before.amounts["BR/summa-tillgangar/2025"]-x
	want := new(big.Rat).SetFrac64(eq*100, assets)
	got, ok := new(big.Rat).SetString(after.values["femår/soliditet/2025"])
	if !ok {
		t.Fatalf("soliditet %q", after.values["femår/soliditet/2025"])
	}
	if d := new(big.Rat).Sub(got, want); d.Abs(d).Cmp(big.NewRat(1, 20000)) > 0 {
		t.Errorf("soliditet 2025 after the voucher is %s %%, want %s %% to four decimals", got.FloatString(4), want.FloatString(6))
	}
}
