package store_test

import (
	"bytes"
	"fmt"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/demo"
	"github.com/tertial/tertial/ledgerimport"
	"github.com/tertial/tertial/report"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

// ekbyLedger is one of the Ekby demo's generated SIE files.
type ekbyLedger struct {
	unit string
	year int
	name string
	text string
}

var (
	ekbyLedgersOnce sync.Once
	ekbyLedgerFiles []ekbyLedger
	ekbyLedgersErr  error
)

// ekbyLedgers returns the Ekby demo's SIE files of 2021–2025 (kf's and the company's) as
// tertial demo ekby writes them, generated once per test binary.
func ekbyLedgers(t *testing.T) []ekbyLedger {
	t.Helper()
	ekbyLedgersOnce.Do(func() {
		d, _ := demo.Get("ekby")
		for _, l := range d.Ledgers {
			var buf bytes.Buffer
			if err := l.Write(&buf); err != nil {
				ekbyLedgersErr = err
				return
			}
			ekbyLedgerFiles = append(ekbyLedgerFiles, ekbyLedger{l.Unit, l.Year, l.FileName(d.Name), buf.String()})
		}
	})
	if ekbyLedgersErr != nil {
		t.Fatal(ekbyLedgersErr)
	}
	return ekbyLedgerFiles
}

// importSIE imports an SIE file for a unit of Ekby under the source "demo", replacing the
// file of the same unit and year imported before.
func importSIE(t *testing.T, db *store.DB, l ekbyLedger) {
	t.Helper()
	if _, err := ledgerimport.Import(ctx, db, strings.NewReader(l.text), ledgerimport.Options{Municipality: "9901", Unit: l.unit, Year: l.year,
		Source: "demo", Actor: "test", FileName: l.name}); err != nil {
		t.Fatalf("import %s: %v", l.name, err)
	}
}

// withVoucher returns the SIE file with a balanced voucher of two rows added after its
// last one (ore on the result account, −ore on the balance account), and the file's #RES 0
// of the result account and #UB 0 of the balance account moved by the same, so that the
// file still holds together.
func withVoucher(t *testing.T, text, date, result, balance string, ore int64) string {
	t.Helper()
	if !strings.HasSuffix(text, "}\n") {
		t.Fatal("the file does not end with a voucher")
	}
	text += fmt.Sprintf("#VER \"T\" 1 %s \"Sen verifikation\"\n{\n#TRANS %s {} %s\n#TRANS %s {} %s\n}\n", date, result, kronor(ore), balance, kronor(-ore))
	for _, s := range []struct {
		label, account string
		ore            int64
	}{{"#RES", result, ore}, {"#UB", balance, -ore}} {
		re := regexp.MustCompile(`(?m)^` + s.label + ` 0 ` + s.account + ` (-?[0-9]+)\.([0-9]{2})$`)
		m := re.FindStringSubmatchIndex(text)
		if m == nil {
			t.Fatalf("the file has no %s 0 %s", s.label, s.account)
		}
		whole, _ := strconv.ParseInt(text[m[2]:m[3]], 10, 64)
		frac, _ := strconv.ParseInt(text[m[4]:m[5]], 10, 64)
		old := whole*100 + frac
		if strings.HasPrefix(text[m[2]:m[3]], "-") {
			old = whole*100 - frac
		}
		text = text[:m[2]] + kronor(old+s.ore) + text[m[5]:]
	}
	return text
}

// kronor writes öre as an SIE amount: kronor with two decimals.
func kronor(v int64) string {
	sign := ""
	if v < 0 {
		sign, v = "-", -v
	}
	return fmt.Sprintf("%s%d.%02d", sign, v/100, v%100)
}

// statementLine is the statement row's amount this year, or fails the test.
func statementLine(t *testing.T, st *tertial.Statements, which tertial.StatementID, id string) tertial.Amount {
	t.Helper()
	for _, l := range st.Lines {
		if l.Statement == which && l.ID == id {
			return l.Amount
		}
	}
	t.Fatalf("%s has no row %s", which, id)
	return 0
}

// statementFindings are check's findings about the statements and the ledger's balances
// of kf's period.
func statementFindings(t *testing.T, ds *tertial.Dataset, period string) []string {
	t.Helper()
	fs, err := report.Check(ds, "kf", period)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range fs {
		switch f.Kind {
		case report.FindStatement, report.FindStatementInterim, report.FindLedgerBalance, report.FindLedgerBalanceInterim:
			out = append(out, f.Words())
		}
	}
	return out
}

// kfStatements are kommunfullmäktige's statements and sammanställda räkenskaper of a
// period of Ekby as the report builds them.
func kfStatements(t *testing.T, ds *tertial.Dataset, period string) (*tertial.Statements, *tertial.ConsolidatedStatements) {
	t.Helper()
	per := ds.Period("kf", period)
	st, err := report.StatementsOf(ds, "kf", per)
	if err != nil || st == nil {
		t.Fatalf("kf/%s: statements %v, %v", period, st, err)
	}
	cs, err := report.ConsolidatedOf(ds, "kf", per)
	if err != nil || cs == nil {
		t.Fatalf("kf/%s: consolidated %v, %v", period, cs, err)
	}
	return st, cs
}

// TestLockedPeriodKeepsItsStatements: Ekby's årsredovisning 2025 (kf/2025-12) is locked;
// then a late voucher on a cost and the bank is imported into kf's 2025 books and one into
// the company's, and one into kf's 2023 books (which the five-year overview and the
// balanskravsutredning read). The locked period's statements (resultaträkning,
// balansräkning, kassaflödesanalys, notes), its sammanställda räkenskaper and its whole
// report stay as they were at the lock, and its check stays without findings; the open
// delårsrapport (kf/2025-08) sees the change. Unlocked, the årsredovisning is made from
// the current books again.
func TestLockedPeriodKeepsItsStatements(t *testing.T) {
	const x = int64(1_234_567_89) // 1 234 567,89 kr
	files := ekbyLedgers(t)
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		if err := db.ReplaceDataset(ctx, load(t, "ekby")); err != nil {
			t.Fatal(err)
		}
		for _, l := range files {
			importSIE(t, db, l)
		}
		ds, err := db.Dataset(ctx, "9901")
		if err != nil {
			t.Fatal(err)
		}
		before, beforeKoncern := kfStatements(t, ds, "2025-12")
		beforeInterim, _ := kfStatements(t, ds, "2025-08")
		if !before.HasBalances || statementLine(t, before, tertial.Balansrakning, "kassa-och-bank") == 0 {
			t.Fatalf("the demo's årsredovisning has no balance sheet: %+v", before)
		}
		if fs := statementFindings(t, ds, "2025-12"); len(fs) > 0 {
			t.Fatalf("check of the demo's årsredovisning before the lock: %v", fs)
		}
		beforeDoc, err := report.Build(ds, "kf", "2025-12")
		if err != nil {
			t.Fatal(err)
		}
		kf := store.PeriodRef{Municipality: "9901", Unit: "kf", Period: "2025-12"}
		decision := store.Decision{Date: time.Date(2026, 4, 20, 0, 0, 0, 0, time.UTC), Paragraph: "§ 41"}
		if err := db.LockPeriod(ctx, "controller", kf, decision); err != nil {
			t.Fatal(err)
		}
		ds, err = db.Dataset(ctx, "9901")
		if err != nil {
			t.Fatal(err)
		}
		atLock, err := report.Build(ds, "kf", "2025-12")
		if err != nil {
			t.Fatal(err)
		}
		// The snapshot holds all the report reads: locking changes nothing in it.
		if d := sectionDiff(beforeDoc, atLock); d != "" {
			t.Errorf("locking changed the årsredovisning: %s", d)
		}

		// A late voucher in August: 7410 (a cost) paid from the bank (1930), in kf's books
		// and in the company's (5130).
		// And one in kf's 2023 books.
		for _, l := range files {
			switch {
			case l.unit == "kf" && l.year == 2023:
				l.text = withVoucher(t, l.text, "20230615", "7410", "1930", x)
			case l.year != 2025:
				continue
			case l.unit == "kf":
				l.text = withVoucher(t, l.text, "20250815", "7410", "1930", x)
			default:
				l.text = withVoucher(t, l.text, "20250815", "5130", "1930", x)
			}
			importSIE(t, db, l)
		}
		ds, err = db.Dataset(ctx, "9901")
		if err != nil {
			t.Fatal(err)
		}
		locked, lockedKoncern := kfStatements(t, ds, "2025-12")
		if !reflect.DeepEqual(locked.Lines, before.Lines) || !reflect.DeepEqual(locked.Notes, before.Notes) || locked.HasBalances != before.HasBalances ||
			!reflect.DeepEqual(locked.EquityEntries, before.EquityEntries) {
			t.Errorf("the locked årsredovisning's statements changed with a later import:\n%s", lineDiff(before, locked))
		}
		if !reflect.DeepEqual(lockedKoncern, beforeKoncern) {
			t.Errorf("the locked årsredovisning's sammanställda räkenskaper changed with a later import")
		}
		if fs := statementFindings(t, ds, "2025-12"); len(fs) > 0 {
			t.Errorf("check of the locked årsredovisning after a later import: %v", fs)
		}
		doc, err := report.Build(ds, "kf", "2025-12")
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(doc, atLock) {
			t.Errorf("the locked årsredovisning changed with a later import: %s", sectionDiff(atLock, doc))
		}
		// The open delårsrapport reads the current books: the result and the bank fall.
		interim, _ := kfStatements(t, ds, "2025-08")
		for _, row := range []struct {
			which tertial.StatementID
			id    string
		}{{tertial.Resultatrakning, "arets-resultat"}, {tertial.Balansrakning, "kassa-och-bank"}} {
			was, now := statementLine(t, beforeInterim, row.which, row.id), statementLine(t, interim, row.which, row.id)
			if now-was != tertial.Amount(-x) {
				t.Errorf("the open delårsrapport's %s %s: %d öre, was %d; want it %d öre less", row.which, row.id, now, was, x)
			}
		}

		// Unlocked, the årsredovisning is made from the current books.
		if err := db.UnlockPeriod(ctx, "controller", kf); err != nil {
			t.Fatal(err)
		}
		ds, err = db.Dataset(ctx, "9901")
		if err != nil {
			t.Fatal(err)
		}
		if ds.Period("kf", "2025-12").Ledger != nil {
			t.Error("the unlocked period still has a frozen ledger")
		}
		open, openKoncern := kfStatements(t, ds, "2025-12")
		for _, row := range []struct {
			which tertial.StatementID
			id    string
		}{{tertial.Resultatrakning, "arets-resultat"}, {tertial.Balansrakning, "kassa-och-bank"}} {
			was, now := statementLine(t, before, row.which, row.id), statementLine(t, open, row.which, row.id)
			if now-was != tertial.Amount(-x) {
				t.Errorf("the unlocked årsredovisning's %s %s: %d öre, was %d; want it %d öre less", row.which, row.id, now, was, x)
			}
		}
		if reflect.DeepEqual(openKoncern, beforeKoncern) {
			t.Error("the unlocked årsredovisning's sammanställda räkenskaper do not see the later imports")
		}
		if doc, err := report.Build(ds, "kf", "2025-12"); err != nil || sectionDiff(atLock, doc) == "" {
			t.Errorf("the unlocked årsredovisning does not see the later imports (%v)", err)
		}
		// Locked again, it keeps the books as they are now.
		if err := db.LockPeriod(ctx, "controller", kf, decision); err != nil {
			t.Fatal(err)
		}
		ds, err = db.Dataset(ctx, "9901")
		if err != nil {
			t.Fatal(err)
		}
		relocked, relockedKoncern := kfStatements(t, ds, "2025-12")
		if !reflect.DeepEqual(relocked.Lines, open.Lines) || !reflect.DeepEqual(relockedKoncern, openKoncern) {
			t.Errorf("locked again: the statements differ from the current books':\n%s", lineDiff(open, relocked))
		}
	})
}

// lineDiff lists the statement rows whose amounts differ.
func lineDiff(want, got *tertial.Statements) string {
	var b strings.Builder
	for i, l := range want.Lines {
		if i >= len(got.Lines) {
			fmt.Fprintf(&b, "missing %s %s\n", l.Statement, l.ID)
			continue
		}
		if g := got.Lines[i]; g != l {
			fmt.Fprintf(&b, "%s %s: %+v, want %+v\n", l.Statement, l.ID, g, l)
		}
	}
	if len(got.Lines) > len(want.Lines) {
		fmt.Fprintf(&b, "%d rows more\n", len(got.Lines)-len(want.Lines))
	}
	return b.String()
}

// ekbyLockedAndChanged loads Ekby with its books of 2024 and 2025, locks kf/2025-12
// (calling adjust, when given, right after), imports kf's 2025 books with a late voucher
// of x öre on 7410 (a cost) paid from the bank, and returns the statements of
// kf/2025-12 before the lock and the period.
func ekbyLockedAndChanged(t *testing.T, db *store.DB, x int64, adjust func(store.PeriodRef)) (*tertial.Statements, store.PeriodRef) {
	t.Helper()
	files := ekbyLedgers(t)
	if err := db.ReplaceDataset(ctx, load(t, "ekby")); err != nil {
		t.Fatal(err)
	}
	for _, l := range files {
		importSIE(t, db, l)
	}
	ds, err := db.Dataset(ctx, "9901")
	if err != nil {
		t.Fatal(err)
	}
	before, _ := kfStatements(t, ds, "2025-12")
	kf := store.PeriodRef{Municipality: "9901", Unit: "kf", Period: "2025-12"}
	if err := db.LockPeriod(ctx, "controller", kf, store.Decision{Date: time.Date(2026, 4, 20, 0, 0, 0, 0, time.UTC), Paragraph: "§ 41"}); err != nil {
		t.Fatal(err)
	}
	if adjust != nil {
		adjust(kf)
	}
	for _, l := range files {
		if l.unit == "kf" && l.year == 2025 {
			l.text = withVoucher(t, l.text, "20250815", "7410", "1930", x)
			importSIE(t, db, l)
		}
	}
	return before, kf
}

// freezeAudits are the audit log's entries of re-made snapshots (entity ledger_freeze).
func freezeAudits(t *testing.T, db *store.DB) []store.AuditEntry {
	t.Helper()
	entries, err := db.AuditLog(ctx, store.AuditFilter{Municipality: "9901", Entity: "ledger_freeze"})
	if err != nil {
		t.Fatal(err)
	}
	return entries
}

// TestSnapshotThroughDatasetImport: a new import of the dataset (export → import) keeps a
// locked period's snapshot, balances and all, while what it must cover stays the same; a
// company added by the file changes that for a period that shows the sammanställda
// räkenskaper, which is then frozen again from the current books, in the audit log.
func TestSnapshotThroughDatasetImport(t *testing.T) {
	const x = int64(7_654_321_00)
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		before, _ := ekbyLockedAndChanged(t, db, x, nil)
		ds, err := db.Dataset(ctx, "9901")
		if err != nil {
			t.Fatal(err)
		}
		for i := range ds.Periods {
			ds.Periods[i].Ledger = nil // what the dataset file holds
		}
		if err := db.ReplaceDataset(ctx, ds); err != nil {
			t.Fatal(err)
		}
		if a := freezeAudits(t, db); len(a) > 0 {
			t.Errorf("the same dataset imported again made a snapshot again: %+v", a)
		}
		ds, err = db.Dataset(ctx, "9901")
		if err != nil {
			t.Fatal(err)
		}
		kept, _ := kfStatements(t, ds, "2025-12")
		if !reflect.DeepEqual(kept.Lines, before.Lines) {
			t.Errorf("after the dataset import:\n%s", lineDiff(before, kept))
		}

		// A second company: the snapshot must cover it.
		share, _ := tertial.ParseDecimal("40")
		ds.Units = append(ds.Units, tertial.Unit{ID: "ekbyvatten", Name: "Ekby Vatten AB", Kind: tertial.UnitCompany, Parent: "kf", Share: &share})
		for i := range ds.Periods {
			ds.Periods[i].Ledger = nil
		}
		if err := db.ReplaceDataset(ctx, ds); err != nil {
			t.Fatal(err)
		}
		a := freezeAudits(t, db)
		if len(a) != 1 || a[0].Key != "kf/2025-12" || !strings.HasSuffix(a[0].New, "|kf,ekbybostader,ekbyvatten") || !strings.HasSuffix(a[0].Old, "|kf,ekbybostader") {
			t.Fatalf("audit of the snapshot made again: %+v", a)
		}
		ds, err = db.Dataset(ctx, "9901")
		if err != nil {
			t.Fatal(err)
		}
		now, _ := kfStatements(t, ds, "2025-12")
		if got, was := statementLine(t, now, tertial.Balansrakning, "kassa-och-bank"), statementLine(t, before, tertial.Balansrakning, "kassa-och-bank"); got != was-tertial.Amount(x) {
			t.Errorf("frozen again: kassa och bank %d öre, want the current books' %d", got, was-tertial.Amount(x))
		}
	})
}

// TestLegacySnapshotReadsCurrentBalances: a period locked before snapshots held balances
// (migration 0047) keeps its frozen outcome, and reads the balances from the current
// books, as it did; a new import of the dataset leaves it so.
func TestLegacySnapshotReadsCurrentBalances(t *testing.T) {
	const x = int64(2_000_000_00)
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		before, _ := ekbyLockedAndChanged(t, db, x, func(p store.PeriodRef) {
			if err := store.MakeLegacyFreeze(ctx, db, p); err != nil {
				t.Fatal(err)
			}
		})
		check := func(when string) {
			t.Helper()
			ds, err := db.Dataset(ctx, "9901")
			if err != nil {
				t.Fatal(err)
			}
			st, cs := kfStatements(t, ds, "2025-12")
			if got, want := statementLine(t, st, tertial.Resultatrakning, "verksamhetens-kostnader"), statementLine(t, before, tertial.Resultatrakning, "verksamhetens-kostnader"); got != want {
				t.Errorf("%s: the frozen costs %d öre, want %d as at the lock", when, got, want)
			}
			if got, want := statementLine(t, st, tertial.Balansrakning, "kassa-och-bank"), statementLine(t, before, tertial.Balansrakning, "kassa-och-bank")-tertial.Amount(x); got != want {
				t.Errorf("%s: kassa och bank %d öre, want the current books' %d", when, got, want)
			}
			if len(cs.Companies) != 1 || cs.Companies[0].Statements == nil {
				t.Errorf("%s: the company's ledger is not read from the current books: %+v", when, cs.Companies)
			}
		}
		check("locked before balances were frozen")
		ds, err := db.Dataset(ctx, "9901")
		if err != nil {
			t.Fatal(err)
		}
		for i := range ds.Periods {
			ds.Periods[i].Ledger = nil
		}
		if err := db.ReplaceDataset(ctx, ds); err != nil {
			t.Fatal(err)
		}
		if a := freezeAudits(t, db); len(a) > 0 {
			t.Errorf("a dataset import made the old snapshot again: %+v", a)
		}
		check("after a dataset import")
	})
}

// ownBlocks are a section's blocks but its sub-sections.
func ownBlocks(s *report.Section) []report.Block {
	var out []report.Block
	for _, b := range s.Blocks {
		if _, ok := b.(*report.Section); !ok {
			out = append(out, b)
		}
	}
	return out
}

// sectionDiff names the sections (by title, at any depth) whose content differs
// between two builds of a report, "" when none does.
func sectionDiff(want, got *report.Document) string {
	var out []string
	var walk func(w, g []*report.Section)
	walk = func(w, g []*report.Section) {
		for i := range max(len(w), len(g)) {
			if i >= len(w) || i >= len(g) {
				out = append(out, "a section more or less")
				continue
			}
			if !reflect.DeepEqual(ownBlocks(w[i]), ownBlocks(g[i])) {
				out = append(out, w[i].Title)
			}
			walk(w[i].Sections, g[i].Sections)
		}
	}
	walk(want.Sections, got.Sections)
	if len(out) == 0 && !reflect.DeepEqual(want, got) {
		out = append(out, "the document outside its sections")
	}
	return strings.Join(out, ", ")
}
