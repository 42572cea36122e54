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

// ekbyLedgers returns the Ekby demo's SIE files of 2024 and 2025 (kf's and the company's)
// as tertial demo ekby writes them, generated once per test binary: the years
// kommunfullmäktige's årsredovisning 2025 reads.
func ekbyLedgers(t *testing.T) []ekbyLedger {
	t.Helper()
	ekbyLedgersOnce.Do(func() {
		d, _ := demo.Get("ekby")
		for _, l := range d.Ledgers {
			if l.Year < 2024 {
				continue
			}
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
// the company's. The locked period's statements (resultaträkning, balansräkning,
// kassaflödesanalys, notes) and sammanställda räkenskaper stay as they were at the lock,
// and its check stays without findings; the open delårsrapport (kf/2025-08) sees the
// change. Unlocked, the årsredovisning is made from the current books again.
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
		kf := store.PeriodRef{Municipality: "9901", Unit: "kf", Period: "2025-12"}
		decision := store.Decision{Date: time.Date(2026, 4, 20, 0, 0, 0, 0, time.UTC), Paragraph: "§ 41"}
		if err := db.LockPeriod(ctx, "controller", kf, decision); err != nil {
			t.Fatal(err)
		}

		// A late voucher in August: 7410 (a cost) paid from the bank (1930), in kf's books
		// and in the company's (5130).
		for _, l := range files {
			switch {
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
