package tertial_test

import (
	"strings"
	"testing"

	"github.com/tertial/tertial"
)

// koncern returns a small kommunkoncern worked through by hand: the municipality's 2025
// (Kommun-Bas) and a company's 2025 (BAS), owned to 60 %.
//
// Municipality: income 1 000 (3010), costs 800 (6010, of which 300 rent paid to the
// company), tax 200 (8010): result 400. Shares in the company 600 (1310), bank 1 000 →
// 1 400, equity 1 600 (2010).
//
// Company: rent income 500 (3010, of which 300 from the municipality), costs 200 (5010),
// depreciation 100 (7820), tax 50 (8910): result 150. Buildings 2 000 → 1 900 (1110),
// bank 300 → 550 (1930), share capital 1 000 (2081), loans 1 300 (2350).
func koncern() (muni, company *tertial.LedgerYear) {
	m := newBook(map[string]int64{"1310": 600, "1930": 1_000, "2010": -1_600})
	m.v(1_000, "1930", "3010").v(800, "6010", "1930").v(200, "1930", "8010")
	c := newBook(map[string]int64{"1110": 2_000, "1930": 300, "2081": -1_000, "2350": -1_300})
	c.v(500, "1930", "3010").v(200, "5010", "1930").v(100, "7820", "1110").v(50, "8910", "1930")
	return m.year(2025), c.year(2025)
}

func koncernUnit(share string) tertial.Unit {
	s := tertial.MustParseDecimal(share)
	return tertial.Unit{ID: "bolaget", Name: "Ekbybostäder AB", Kind: tertial.UnitCompany, Share: &s, OrgNumber: "556999-0001"}
}

// koncernEliminations are the internal rent (300 at 60 % = 180) and the municipality's
// shares against the company's share capital (1 000 at 60 % = 600).
func koncernEliminations() []tertial.Elimination {
	return []tertial.Elimination{
		{Year: 2025, Company: "bolaget", Text: "Internhyra",
			Debit: tertial.EliminationSide{Row: "verksamhetens-intakter", Amount: tertial.Amount(ore(180))}, Credit: tertial.EliminationSide{Row: "verksamhetens-kostnader", Amount: tertial.Amount(ore(180))}},
		{Year: 2025, Company: "bolaget", Text: "Aktier i bolaget mot dess aktiekapital",
			Debit: tertial.EliminationSide{Row: "ovrigt-eget-kapital", Amount: tertial.Amount(ore(600))}, Credit: tertial.EliminationSide{Row: "finansiella-anlaggningstillgangar", Amount: tertial.Amount(ore(600))}},
	}
}

func consolidate(t *testing.T, muni, company *tertial.LedgerYear, u tertial.Unit, es []tertial.Elimination) *tertial.ConsolidatedStatements {
	t.Helper()
	m := build(t, tertial.DefaultStatementLayout(), muni, nil, tertial.StatementOptions{})
	c, err := tertial.BuildConsolidated(nil, m, []tertial.ConsolidationCompany{{Unit: u, This: company}}, es)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestConsolidatedFigures checks the koncern's rows against the example summed by hand:
// the municipality's figure, plus 60 % of the company's, less the eliminations.
func TestConsolidatedFigures(t *testing.T) {
	muni, company := koncern()
	c := consolidate(t, muni, company, koncernUnit("60"), koncernEliminations())
	want := map[string]int64{
		"verksamhetens-intakter":                  1_000 + 300 - 180, // 60 % of 500 is 300
		"verksamhetens-kostnader":                 -800 - 120 + 180,  // 60 % of 200 is 120
		"avskrivningar":                           -60,
		"verksamhetens-nettokostnader":            1_120 - 740 - 60,
		"skatteintakter":                          200,
		"verksamhetens-resultat":                  520,
		tertial.RowCompanyTax:                     -30,
		"arets-resultat":                          490, // 400 + 60 % of 150
		"mark-byggnader":                          1_140,
		"finansiella-anlaggningstillgangar":       0, // 600 − 600
		"kassa-och-bank":                          1_400 + 330,
		"summa-tillgangar":                        2_870,
		"varav-arets-resultat":                    490,
		"ovrigt-eget-kapital":                     1_600 + 600 - 600,
		"eget-kapital":                            2_090,
		"langfristiga-skulder":                    780,
		"summa-eget-kapital-avsattningar-skulder": 2_870,
		// The shares eliminated only this year (no 2024 elimination): the equity's and
		// the financial assets' changes move the flows, and cancel.
		"justering-ovriga":        -600,
		"investering-finansiella": 600,
		"justering-avskrivningar": 60,
		"arets-kassaflode":        550,
		"likvida-medel-ub":        1_730,
	}
	got := c.Figures()
	for id, w := range want {
		if got[id] != tertial.Amount(ore(w)) {
			t.Errorf("%s = %v, want %d kr", id, got[id], w)
		}
	}
	if c.Eliminated["verksamhetens-intakter"] != tertial.Amount(ore(-180)) || c.Eliminated["verksamhetens-kostnader"] != tertial.Amount(ore(180)) ||
		c.Eliminated["arets-resultat"] != 0 || c.Eliminated["summa-tillgangar"] != tertial.Amount(ore(-600)) {
		t.Errorf("eliminated %v", c.Eliminated)
	}
	if cs := c.Companies[0].Statements; cs == nil || cs.Amount("arets-resultat") != tertial.Amount(ore(90)) {
		t.Errorf("company's result with its share = %v, want 90 kr", cs.Amount("arets-resultat"))
	}
	if fs := c.Check(); len(fs) != 0 {
		t.Errorf("findings: %+v", fs)
	}
}

// TestScaleLedgerYearBalances: a share that does not divide the amounts still gives
// books that balance to the öre.
func TestScaleLedgerYearBalances(t *testing.T) {
	_, company := koncern()
	// One öre more on three balance accounts and three less on the bank, opening and
	// closing: still balanced, and 60 % of an odd öre needs rounding.
	for i := range company.Accounts {
		d := int64(1)
		switch company.Accounts[i].Account {
		case "1930":
			d = -3
		case "1110", "2081", "2350":
		default:
			continue
		}
		company.Accounts[i].Opening += d
		company.Accounts[i].Closing += d
	}
	s := tertial.ScaleLedgerYear(company, tertial.MustParseDecimal("33.33"))
	var opening, closing int64
	for _, a := range s.Accounts {
		opening += a.Opening
		if tertial.BalanceAccount(a.Account) {
			closing += a.Closing
			if a.Movement != a.Closing-a.Opening {
				t.Errorf("%s: movement %d, closing − opening %d", a.Account, a.Movement, a.Closing-a.Opening)
			}
		} else {
			closing += a.Movement
		}
	}
	if opening != 0 || closing != 0 {
		t.Errorf("scaled books: opening sums to %d öre, closing and result to %d öre; want 0", opening, closing)
	}
	st := build(t, tertial.DefaultCompanyLayout(), s, nil, tertial.StatementOptions{})
	if d := st.Amount("summa-tillgangar") - st.Amount("summa-eget-kapital-avsattningar-skulder"); d != 0 {
		t.Errorf("scaled balance sheet off by %d öre", d)
	}
}

func TestConsolidatedCheckEliminationSides(t *testing.T) {
	muni, company := koncern()
	es := koncernEliminations()
	es[0].Credit.Amount = tertial.Amount(ore(170))
	fs := consolidate(t, muni, company, koncernUnit("60"), es).Check()
	f := findings(fs, tertial.FindingEliminationSides)
	if len(f) != 1 || !strings.Contains(f[0].Message, "Internhyra") || f[0].Difference != tertial.Amount(ore(10)) {
		t.Fatalf("elimination findings %+v", f)
	}
	// The 10 kr the sides differ by lower the result but no asset: the koncern's balance
	// sheet is 10 kr off, and the finding says it comes from the eliminations.
	b := findings(fs, tertial.FindingConsolidatedBalance)
	if len(b) != 1 || b[0].Difference != tertial.Amount(ore(10)) || !strings.Contains(b[0].Message, "elimineringarna 10 kr") {
		t.Fatalf("balance findings %+v", b)
	}
}

func TestConsolidatedCheckBalance(t *testing.T) {
	muni, company := koncern()
	// The company's books lose 100 kr of bank without a counter entry.
	for i := range company.Accounts {
		if company.Accounts[i].Account == "1930" {
			company.Accounts[i].Closing -= ore(100)
		}
	}
	fs := consolidate(t, muni, company, koncernUnit("60"), koncernEliminations()).Check()
	b := findings(fs, tertial.FindingConsolidatedBalance)
	if len(b) != 1 || b[0].Difference != tertial.Amount(ore(-60)) || !strings.Contains(b[0].Message, "Ekbybostäder AB −60 kr") {
		t.Fatalf("balance findings %+v", b)
	}
}

func TestConsolidatedCheckNoLedgerAndUnmapped(t *testing.T) {
	muni, company := koncern()
	m := build(t, tertial.DefaultStatementLayout(), muni, nil, tertial.StatementOptions{})
	c, err := tertial.BuildConsolidated(nil, m, []tertial.ConsolidationCompany{{Unit: koncernUnit("60")}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if f := findings(c.Check(), tertial.FindingCompanyNoLedger); len(f) != 1 || !strings.Contains(f[0].Message, "Ekbybostäder AB har ingen bokföring för 2025") ||
		!strings.Contains(f[0].Message, "Bokföring på bolagets rad") || !strings.Contains(f[0].Message, "--unit bolaget --year 2025") {
		t.Errorf("no-ledger findings %+v", f)
	}
	company.Accounts = append(company.Accounts, tertial.AccountYear{Account: "9100", Movement: ore(5)})
	fs := consolidate(t, muni, company, koncernUnit("60"), nil).Check()
	if f := findings(fs, tertial.FindingUnmapped); len(f) != 1 || !strings.Contains(f[0].Message, "Ekbybostäder AB: Konto 9100") {
		t.Errorf("unmapped findings %+v", f)
	}
}

func TestConsolidatedRefusesBadInput(t *testing.T) {
	muni, company := koncern()
	m := build(t, tertial.DefaultStatementLayout(), muni, nil, tertial.StatementOptions{})
	es := koncernEliminations()
	es[0].Debit.Row = "verksamhetens-nettokostnader" // a sum
	_, err := tertial.BuildConsolidated(nil, m, []tertial.ConsolidationCompany{{Unit: koncernUnit("60"), This: company}}, es)
	if err == nil || !strings.Contains(tertial.ErrorMessage(err), "verksamhetens-nettokostnader") {
		t.Errorf("a sum row eliminated: %v", err)
	}
	_, err = tertial.BuildConsolidated(nil, m, []tertial.ConsolidationCompany{{Unit: koncernUnit("120"), This: company}}, nil)
	if err == nil || !strings.Contains(tertial.ErrorMessage(err), "ägarandelen") {
		t.Errorf("a share of 120 %%: %v", err)
	}
}

// TestConsolidatedPriorYearEliminations: a balance eliminated both years moves no flow,
// and the comparison column takes the comparison year's eliminations.
func TestConsolidatedPriorYearEliminations(t *testing.T) {
	m24 := newBook(map[string]int64{"1310": 600, "1930": 600, "2010": -1_200})
	m24.v(400, "1930", "8010")
	m25 := m24.next()
	m25.v(1_000, "1930", "3010").v(800, "6010", "1930").v(200, "1930", "8010")
	c24 := newBook(map[string]int64{"1110": 2_000, "1930": 300, "2081": -1_000, "2350": -1_300})
	c25 := c24.next()
	c25.v(500, "1930", "3010").v(200, "5010", "1930").v(100, "7820", "1110").v(50, "8910", "1930")
	m := build(t, tertial.DefaultStatementLayout(), m25.year(2025), m24.year(2024), tertial.StatementOptions{})
	es := koncernEliminations()
	prior := es[1]
	prior.Year = 2024
	es = append(es, prior)
	c, err := tertial.BuildConsolidated(nil, m, []tertial.ConsolidationCompany{{Unit: koncernUnit("60"), This: c25.year(2025), Prior: c24.year(2024)}}, es)
	if err != nil {
		t.Fatal(err)
	}
	f := c.Figures()
	if f["justering-ovriga"] != 0 || f["investering-finansiella"] != 0 {
		t.Errorf("flows moved by a balance eliminated both years: %v, %v", f["justering-ovriga"], f["investering-finansiella"])
	}
	if p := c.PriorFigures(); p["finansiella-anlaggningstillgangar"] != 0 || p["ovrigt-eget-kapital"] != tertial.Amount(ore(1_200)) {
		t.Errorf("comparison year: %v, %v", p["finansiella-anlaggningstillgangar"], p["ovrigt-eget-kapital"])
	}
	if fs := c.Check(); len(fs) != 0 {
		t.Errorf("findings: %+v", fs)
	}
}

func TestCompanyUnitValidation(t *testing.T) {
	for _, c := range []struct {
		unit tertial.Unit
		path string
	}{
		{tertial.Unit{ID: "b", Name: "B", Kind: tertial.UnitCompany}, "share"},
		{koncernUnit("0"), "share"},
		{koncernUnit("100.5"), "share"},
		{func() tertial.Unit { u := koncernUnit("60"); u.OrgNumber = "5569990001"; return u }(), "org_number"},
		{func() tertial.Unit { u := koncernUnit("60"); u.Kind = tertial.UnitBoard; return u }(), "share"},
	} {
		ds := &tertial.Dataset{Municipality: tertial.Municipality{Name: "Nyby kommun", Code: "9902", County: "Testlän", CountyCode: "99"},
			Units: []tertial.Unit{c.unit}}
		found := false
		for _, p := range ds.Validate() {
			if p.Path == "units[0]."+c.path {
				found = true
			}
		}
		if !found {
			t.Errorf("%+v: no problem at units[0].%s in %v", c.unit, c.path, ds.Validate())
		}
	}
	ok := &tertial.Dataset{Municipality: tertial.Municipality{Name: "Nyby kommun", Code: "9902", County: "Testlän", CountyCode: "99"},
		Units: []tertial.Unit{koncernUnit("100")}}
	for _, p := range ok.Validate() {
		if strings.HasPrefix(p.Path, "units") {
			t.Errorf("a company owned to 100 %%: %v", p)
		}
	}
}
