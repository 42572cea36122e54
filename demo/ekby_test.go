package demo_test

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/demo"
	"github.com/tertial/tertial/ledgerimport"
	"github.com/tertial/tertial/report"
	"github.com/tertial/tertial/sie"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

// ekbyWithLedgers is the Ekby demo as tertial demo ekby loads it: the dataset and the
// generated books of 2021–2025 imported for kf, read back from a SQLite database.
func ekbyWithLedgers(t *testing.T) *tertial.Dataset {
	t.Helper()
	ctx := context.Background()
	d, _ := demo.Get("ekby")
	ds, err := d.Dataset()
	if err != nil {
		t.Fatal(err)
	}
	db := storetest.Open(t, store.SQLite)
	if err := db.ReplaceDataset(ctx, ds); err != nil {
		t.Fatal(err)
	}
	for _, l := range d.Ledgers {
		var buf bytes.Buffer
		if err := l.Write(&buf); err != nil {
			t.Fatal(err)
		}
		if _, err := ledgerimport.Import(ctx, db, &buf, ledgerimport.Options{Municipality: ds.Municipality.Code, Unit: l.Unit, Year: l.Year,
			Source: "demo", Actor: "test", FileName: l.FileName(d.Name)}); err != nil {
			t.Fatal(err)
		}
	}
	loaded, err := db.Dataset(ctx, ds.Municipality.Code)
	if err != nil {
		t.Fatal(err)
	}
	return loaded
}

// ekbyPeriods are the periods of 2025 every board of the Ekby demo has, with their kinds.
var ekbyPeriods = []struct {
	id   string
	kind tertial.PeriodKind
}{{"2025-plan", tertial.PeriodPlan}, {"2025-04", tertial.PeriodInterim}, {"2025-08", tertial.PeriodInterim}, {"2025-12", tertial.PeriodAnnual}}

// netOf is a money table's net in result sign for a column: the sum of its rows'
// amounts (negative for a net cost).
func netOf(t *tertial.MoneyTable, col tertial.MoneyColumn) tertial.Amount {
	var sum tertial.Amount
	for _, r := range t.Leaves() {
		sum += r.Amounts[col]
	}
	return sum
}

func moneyTable(p *tertial.Period, id string) *tertial.MoneyTable {
	for i := range p.MoneyTables {
		if p.MoneyTables[i].ID == id {
			return &p.MoneyTables[i]
		}
	}
	return nil
}

// TestEkbyMunicipality: the Ekby demo decodes and validates, and is a whole municipality:
// kommunfullmäktige, kommunstyrelsen and at least three more boards under it, each board
// with the four periods of 2025 (a decided and locked plan, the tertial report, the
// delårsrapport and the annual report), kommunfullmäktige's årsredovisning of 2025, and
// every council goal with a board's goal under it.
func TestEkbyMunicipality(t *testing.T) {
	d, ok := demo.Get("ekby")
	if !ok {
		t.Fatal("no demo ekby")
	}
	ds, err := d.Dataset()
	if err != nil {
		t.Fatal(err)
	}
	if ds.Municipality.Code != "9901" || ds.Municipality.Name != "Ekby kommun" {
		t.Errorf("municipality %s %q, want 9901 Ekby kommun", ds.Municipality.Code, ds.Municipality.Name)
	}
	if kf := ds.Unit("kf"); kf == nil || kf.Kind != tertial.UnitCouncil {
		t.Fatalf("unit kf is %+v, want the council", kf)
	}
	if p := ds.Period(d.Unit, d.Period); p == nil || d.Unit != "kf" || p.Kind != tertial.PeriodAnnual || p.Cutoff.Year() != 2025 {
		t.Errorf("the demo's report %s/%s is %+v, want kf's annual report of 2025", d.Unit, d.Period, p)
	}
	var boards []string
	for _, u := range ds.Units {
		if u.Kind == tertial.UnitBoard && u.Parent == "kf" {
			boards = append(boards, u.ID)
		}
	}
	if len(boards) < 4 || boards[0] != "ks" {
		t.Fatalf("boards under kf: %v, want kommunstyrelsen (ks) and at least three more", boards)
	}
	for _, b := range boards {
		for _, want := range ekbyPeriods {
			p := ds.Period(b, want.id)
			switch {
			case p == nil:
				t.Errorf("%s has no period %s", b, want.id)
			case p.Kind != want.kind || p.Year() != 2025:
				t.Errorf("%s/%s is a %s of %d, want a %s of 2025", b, want.id, p.Kind, p.Year(), want.kind)
			case want.kind == tertial.PeriodPlan && (p.State != tertial.PeriodLocked || p.DecisionDate.IsZero() || ds.DecidedPlan(b, 2025) != p):
				t.Errorf("%s/%s is not the board's decided, locked plan of 2025", b, want.id)
			case moneyTable(p, "drift") == nil || ds.Template(p.Template) == nil:
				t.Errorf("%s/%s has no drift table or no template", b, want.id)
			}
		}
	}
	for _, g := range ds.Goals {
		if g.Level != "kf" {
			continue
		}
		var under []string
		for _, c := range ds.Goals {
			if c.Parent == g.ID && c.Level == "nm" && ds.Unit(c.Unit) != nil && ds.Unit(c.Unit).Kind == tertial.UnitBoard {
				under = append(under, c.ID)
			}
		}
		if len(under) == 0 {
			t.Errorf("council goal %s has no board goal under it", g.ID)
		}
	}
}

// TestEkbyMoney: the boards' net costs add up to a municipality of about 40 000
// inhabitants (2,3–2,7 billion kronor), each follow-up measures against the frame of its
// board's decided plan, and kommunfullmäktige's table of the boards' net costs has each
// board's budget, outcome and last year's outcome as the board's own annual report has
// them.
func TestEkbyMoney(t *testing.T) {
	d, _ := demo.Get("ekby")
	ds, err := d.Dataset()
	if err != nil {
		t.Fatal(err)
	}
	perBoard := moneyTable(ds.Period("kf", "2025-12"), "driftredovisning")
	if perBoard == nil {
		t.Fatal("kf/2025-12 has no table driftredovisning")
	}
	var total tertial.Amount
	seen := 0
	for _, row := range perBoard.Leaves() {
		annual := ds.Period(row.ID, "2025-12")
		if annual == nil {
			t.Errorf("row %s of kf's driftredovisning is no board with an annual report", row.ID)
			continue
		}
		seen++
		drift := moneyTable(annual, "drift")
		for _, col := range []tertial.MoneyColumn{"budget", "utfall", "fg"} {
			if got, want := row.Amounts[col], netOf(drift, col); got != want {
				t.Errorf("kf's driftredovisning, %s %s: %s, but the board's own report has %s", row.ID, col, got, want)
			}
		}
		total += netOf(drift, "budget")
		plan := netOf(moneyTable(ds.Period(row.ID, "2025-plan"), "drift"), "budget")
		for _, p := range []string{"2025-04", "2025-08", "2025-12"} {
			if got := netOf(moneyTable(ds.Period(row.ID, p), "drift"), "budget"); got != plan {
				t.Errorf("%s/%s: net budget %s, the plan's %s", row.ID, p, got, plan)
			}
		}
	}
	if seen < 5 {
		t.Errorf("kf's driftredovisning has %d boards, want all five", seen)
	}
	const billion = tertial.Amount(100 * 1_000_000_000) // in öre
	if total > -23*billion/10 || total < -27*billion/10 {
		t.Errorf("the boards' net budget is %s, want a net cost of 2,3–2,7 billion kr", total)
	}
}

// TestEkbyReportsReady: every follow-up report of the Ekby demo (each board's tertial
// report, delårsrapport and annual report, and kommunfullmäktige's årsredovisning) builds
// and has nothing check calls blocking, and no budget that differs from the plan's frame.
// The plans are left out: check asks a plan's goals for an assessment as it asks a
// follow-up's.
func TestEkbyReportsReady(t *testing.T) {
	ds := ekbyWithLedgers(t)
	n := 0
	for _, p := range ds.Periods {
		if p.Kind == tertial.PeriodPlan {
			continue
		}
		n++
		if _, err := report.Build(ds, p.Unit, p.ID); err != nil {
			t.Errorf("%s/%s: %v", p.Unit, p.ID, err)
			continue
		}
		findings, err := report.Check(ds, p.Unit, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range findings {
			if f.Blocking() || f.Kind == report.FindBudgetFrame {
				t.Errorf("%s/%s: %s", p.Unit, p.ID, f.Words())
			}
		}
	}
	if n != 5*3+2 {
		t.Errorf("%d follow-up periods, want three for each of five boards and kf's delårsrapport and årsredovisning", n)
	}
}

// TestEkbyLedgers: the Ekby demo brings the books of 2021–2025 for kommunfullmäktige and
// for the company Ekbybostäder AB, each year a different file, the same on every call, and each an SIE file of its year that
// the strict reader takes.
func TestEkbyLedgers(t *testing.T) {
	d, _ := demo.Get("ekby")
	if len(d.Ledgers) != 10 {
		t.Fatalf("%d ledgers, want 2021–2025 for kf and the company", len(d.Ledgers))
	}
	var prev []byte
	for i, l := range d.Ledgers {
		unit := "kf"
		if i >= 5 {
			unit = demo.EkbyCompany
		}
		if l.Unit != unit || l.Year != 2021+i%5 {
			t.Errorf("ledger %d is %s %d, want %s %d", i, l.Unit, l.Year, unit, 2021+i%5)
		}
		if name := l.FileName(d.Name); !strings.Contains(name, "ekby") || !strings.Contains(name, l.Unit) {
			t.Errorf("file name %q", name)
		}
		var a, b bytes.Buffer
		if err := l.Write(&a); err != nil {
			t.Fatal(err)
		}
		if err := l.Write(&b); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Errorf("%d: two writes differ", l.Year)
		}
		if bytes.Equal(a.Bytes(), prev) {
			t.Errorf("%d: the same file as the year before", l.Year)
		}
		prev = a.Bytes()
		f, _, err := sie.Aggregate(&a, sie.Options{Mode: sie.Strict, Name: l.FileName(d.Name)})
		if err != nil {
			t.Fatalf("%d: %v", l.Year, err)
		}
		if y, ok := f.Year(0); !ok || y.Start.Year() != l.Year {
			t.Errorf("%d: the file's #RAR 0 is %+v", l.Year, y)
		}
	}
}

// TestEkbyNetCostReconciliation: in kommunfullmäktige's årsredovisning the boards' net
// costs and the finance function's items add up to the resultaträkning's verksamhetens
// nettokostnader; a finance item 1 000 kr off gives a blocking finding that names the
// difference, and the report shows it.
func TestEkbyNetCostReconciliation(t *testing.T) {
	ds := ekbyWithLedgers(t)
	blocking := func() []string {
		fs, err := report.Check(ds, "kf", "2025-12")
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, f := range fs {
			if f.Kind == report.FindStatement {
				out = append(out, f.Words())
			}
		}
		return out
	}
	if got := blocking(); len(got) != 0 {
		t.Fatalf("the demo's statements have findings: %q", got)
	}
	ds.Economy.FinanceItems[0].Amount -= 100_000 // 1 000 kr more cost than the ledger has
	got := blocking()
	if len(got) != 1 || !strings.Contains(strings.ReplaceAll(got[0], "\u00a0", " "), "skillnad −1 000 kr") {
		t.Fatalf("a finance item 1 000 kr off: findings %q, want one naming the difference −1 000 kr", got)
	}
	doc, err := report.Build(ds, "kf", "2025-12")
	if err != nil {
		t.Fatal(err)
	}
	found := false
	var walk func(ss []*report.Section)
	walk = func(ss []*report.Section) {
		for _, s := range ss {
			for _, b := range s.Blocks {
				if p, ok := b.(*report.Paragraph); ok && p.Ref == "net_cost_reconciliation" && strings.Contains(p.Text, "skillnad") {
					found = true
				}
			}
			walk(s.Sections)
		}
	}
	walk(doc.Sections)
	if !found {
		t.Error("the report does not say that the avstämning differs")
	}
}

// TestEkbyKoncern: kommunfullmäktige's årsredovisning has the sammanställda räkenskaper
// of Ekby and Ekbybostäder AB (owned to 100 %): the eliminations entered in ekby.yaml are
// what both generated books hold (the company's rent to Ekby, its receivable on Ekby, its
// share capital against Ekby's shares), so that the koncern's shares in its own company
// are gone and its result is Ekby's plus the company's.
func TestEkbyKoncern(t *testing.T) {
	ds := ekbyWithLedgers(t)
	per := ds.Period("kf", "2025-12")
	c, err := report.ConsolidatedOf(ds, "kf", per)
	if err != nil || c == nil {
		t.Fatalf("consolidated: %v, %v", c, err)
	}
	if len(c.Companies) != 1 || c.Companies[0].Statements == nil {
		t.Fatalf("companies %+v", c.Companies)
	}
	for _, e := range ds.Economy.Eliminations {
		var want int64
		switch e.Credit.Row {
		case "verksamhetens-kostnader":
			want = sie.EkbybostaderInternalRent(e.Year)
		case "fordringar":
			want = sie.EkbybostaderInternalReceivable(e.Year)
		case "finansiella-anlaggningstillgangar":
			want = sie.EkbyShares(2021)
		}
		if int64(e.Debit.Amount) != want || int64(e.Credit.Amount) != want {
			t.Errorf("%d %q: %v / %v, the books say %d öre", e.Year, e.Text, e.Debit.Amount, e.Credit.Amount, want)
		}
	}
	muni, company := c.Municipality, c.Companies[0].Statements
	if got, want := c.Amount("arets-resultat"), muni.Amount("arets-resultat")+company.Amount("arets-resultat"); got != want {
		t.Errorf("koncern's result %v, want %v", got, want)
	}
	if got, want := c.Amount("finansiella-anlaggningstillgangar"), muni.Amount("finansiella-anlaggningstillgangar")-tertial.Amount(sie.EkbyShares(2021)); got != want {
		t.Errorf("koncern's financial assets %v, want %v", got, want)
	}
	if fs := c.Check(); len(fs) != 0 {
		t.Errorf("findings %+v", fs)
	}
	r, err := report.Build(ds, "kf", "2025-12")
	if err != nil {
		t.Fatal(err)
	}
	var captions []string
	for _, sec := range r.Sections {
		if sec.Title != "Sammanställda räkenskaper" {
			continue
		}
		for _, bl := range sec.Blocks {
			if tb, ok := bl.(*report.Table); ok {
				captions = append(captions, tb.Caption)
			}
		}
	}
	if !slices.Contains(captions, "Balansräkning för kommunkoncernen (mnkr)") || !slices.Contains(captions, "Elimineringar 2025 i resultaträkning (mnkr)") {
		t.Errorf("the årsredovisning's Sammanställda räkenskaper has the tables %q", captions)
	}
}
