package store_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/ledgerimport"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

// namedSIE is a small SIE 4 file of ks for a year with a voucher on 7820 and 5010 in
// March against the bank, declaring the accounts with the given names (#KONTO; an
// account without a name is declared with "").
func namedSIE(year int, names map[string]string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "#FLAGGA 0\n#PROGRAM \"Test\" \"1\"\n#FORMAT PC8\n#SIETYP 4\n#FNAMN \"Huddinge kommun\"\n#RAR 0 %d0101 %d1231\n", year, year)
	for _, a := range []string{"1930", "5010", "7820"} {
		fmt.Fprintf(&b, "#KONTO %s \"%s\"\n", a, names[a])
	}
	fmt.Fprintf(&b, "#VER A 1 %d0315 \"Bokning\"\n{\n#TRANS 7820 {} 100.00\n#TRANS 5010 {} 50.00\n#TRANS 1930 {} -150.00\n}\n", year)
	return b.String()
}

// importNamed imports namedSIE for ks under the source "test", replacing the year's
// earlier import.
func importNamed(t *testing.T, db *store.DB, year int, names map[string]string) {
	t.Helper()
	if _, err := ledgerimport.Import(ctx, db, strings.NewReader(namedSIE(year, names)), ledgerimport.Options{Municipality: "0126", Unit: "ks", Year: year,
		Source: "test", Actor: "test", FileName: fmt.Sprintf("ks-%d.se", year)}); err != nil {
		t.Fatalf("import %d: %v", year, err)
	}
}

// ksNames are ks's account names in a ledger.
func ksNames(l *tertial.LedgerData) map[string]string {
	out := map[string]string{}
	if l == nil {
		return out
	}
	for _, n := range l.AccountNames {
		if n.Unit == "ks" {
			out[n.Account] = n.Name
		}
	}
	return out
}

// TestLedgerAccountNames: the names of an SIE file's accounts (#KONTO) are stored with
// its import and loaded into the ledger, the latest fiscal year's import giving a name;
// replacing an import replaces its names; a locked period's snapshot keeps the names as
// at the lock through a later import that renames an account, and a dataset import;
// the year's ledger and so the statements' notes read them.
func TestLedgerAccountNames(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		demoOpen(t, db)
		importNamed(t, db, 2021, map[string]string{"1930": "Bank", "5010": "Löner", "7820": "Avskrivningar maskiner och inventarier"})
		importNamed(t, db, 2020, map[string]string{"1930": "Bankkonto", "7820": "Gamla avskrivningar", "5010": ""})
		ds, err := db.Dataset(ctx, "0126")
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]string{"1930": "Bank", "5010": "Löner", "7820": "Avskrivningar maskiner och inventarier"}
		if got := ksNames(ds.Ledger); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("names %v, want the 2021 file's %v", got, want)
		}
		y := ds.Ledger.Year("ks", 2021, 0)
		if got := y.AccountLabel("7820"); got != "7820 Avskrivningar maskiner och inventarier" {
			t.Errorf("the year's label of 7820: %q", got)
		}

		decision := store.Decision{Date: time.Date(2021, 9, 22, 0, 0, 0, 0, time.UTC), Paragraph: "§ 12"}
		if err := db.LockPeriod(ctx, "controller", ks, decision); err != nil {
			t.Fatal(err)
		}
		// 2021 again: 7820 renamed, 5010 without a name (the 2020 file has none either).
		importNamed(t, db, 2021, map[string]string{"1930": "Bank", "7820": "Avskrivningar inventarier"})
		ds, err = db.Dataset(ctx, "0126")
		if err != nil {
			t.Fatal(err)
		}
		now := map[string]string{"1930": "Bank", "7820": "Avskrivningar inventarier"}
		if got := ksNames(ds.Ledger); fmt.Sprint(got) != fmt.Sprint(now) {
			t.Errorf("names after the re-import %v, want %v", got, now)
		}
		frozen := ds.Period("ks", "2021-08").Ledger
		if got := ksNames(frozen); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("the locked period's names %v, want those at the lock %v", got, want)
		}
		fy := frozen.Year("ks", 2021, 0)
		if got := fy.AccountLabel("7820"); got != "7820 Avskrivningar maskiner och inventarier" {
			t.Errorf("the locked period's label of 7820: %q", got)
		}
		// A new import of the dataset keeps the snapshot's names.
		ds.Period("ks", "2021-08").Ledger = nil
		if err := db.ReplaceDataset(ctx, ds); err != nil {
			t.Fatal(err)
		}
		ds, err = db.Dataset(ctx, "0126")
		if err != nil {
			t.Fatal(err)
		}
		if got := ksNames(ds.Period("ks", "2021-08").Ledger); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("the locked period's names after a dataset import %v, want %v", got, want)
		}
		// Unlocked, the period reads the current names.
		if err := db.UnlockPeriod(ctx, "controller", ks); err != nil {
			t.Fatal(err)
		}
		ds, err = db.Dataset(ctx, "0126")
		if err != nil {
			t.Fatal(err)
		}
		if l := ds.Period("ks", "2021-08").Ledger; l != nil {
			t.Errorf("unlocked, the period still has a frozen ledger with names %v", ksNames(l))
		}
		// The municipality with names and a snapshot of them can be deleted.
		if err := db.LockPeriod(ctx, "controller", ks, decision); err != nil {
			t.Fatal(err)
		}
		if err := db.DeleteMunicipality(ctx, "0126"); err != nil {
			t.Fatalf("delete: %v", err)
		}
	})
}
