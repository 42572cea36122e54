package ledgerimport_test

import (
	"context"
	"os"
	"path/filepath"
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

// TestImportBalances: an import stores the balance accounts' movements and the file's
// #IB, #UB and #RES of its year and the one before; the dataset's ledger carries them,
// and a second import of the same source and year replaces them.
func TestImportBalances(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		ds, err := demo.Dataset()
		if err != nil {
			t.Fatal(err)
		}
		if err := db.ReplaceDataset(ctx, ds); err != nil {
			t.Fatal(err)
		}
		data, err := os.ReadFile(filepath.Join("..", "sie", "testdata", "kommun-4e.se"))
		if err != nil {
			t.Fatal(err)
		}
		// The file's own 1930 rows of 2021, summed here.
		var bank int64
		if _, err := sie.Read(strings.NewReader(string(data)), sie.Options{Mode: sie.Lenient}, sie.Visitor{Trans: func(v *sie.Voucher, tr *sie.Trans) error {
			if tr.Kind == sie.TRANS && tr.Account == "1930" {
				bank += tr.Amount
			}
			return nil
		}}); err != nil {
			t.Fatal(err)
		}
		opts := ledgerimport.Options{Municipality: "0126", Unit: "ks", Actor: "test", FileName: "kommun-4e.se"}
		// A first import with another #IB (and without the checksum it would break), replaced.
		var changed []string
		for _, line := range strings.Split(strings.Replace(string(data), "#IB 0 1930 2500000.00", "#IB 0 1930 2400000.00", 1), "\n") {
			if !strings.HasPrefix(line, "#KSUMMA") {
				changed = append(changed, line)
			}
		}
		for _, file := range []string{strings.Join(changed, "\n"), string(data)} {
			if _, err := ledgerimport.Import(ctx, db, strings.NewReader(file), opts); err != nil {
				t.Fatal(err)
			}
		}
		l, err := db.Ledger(ctx, "0126", ds)
		if err != nil {
			t.Fatal(err)
		}
		find := func(year int, account string) (tertial.LedgerBalance, int) {
			var found tertial.LedgerBalance
			n := 0
			for _, b := range l.Balances {
				if b.Unit == "ks" && b.Year == year && b.Account == account {
					found = b
					n++
				}
			}
			return found, n
		}
		b, n := find(2021, "1930")
		if n != 1 || !b.HasOpening || b.Opening != 250000000 || !b.HasClosing || b.Closing != 190000000 || b.HasResult ||
			b.ImportYear != 2021 || b.FileName != "kommun-4e.se" || !b.HasMovements || b.Movement != bank || bank == 0 {
			t.Errorf("2021 1930: %+v (%d rows), movements %d", b, n, bank)
		}
		if b, n := find(2020, "1930"); n != 1 || b.Opening != 210000000 || b.HasClosing || b.ImportYear != 2021 || b.HasMovements {
			t.Errorf("2020 1930: %+v (%d rows)", b, n)
		}
		if b, n := find(2021, "3110"); n != 1 || !b.HasResult || b.Result != -6000000 || b.HasOpening {
			t.Errorf("2021 3110: %+v (%d rows)", b, n)
		}
		var moved int64
		for _, e := range l.Movements {
			if e.Unit == "ks" && e.Account == "1930" {
				moved += e.Amount
			}
			if !tertial.BalanceAccount(e.Account) {
				t.Errorf("movement on %s", e.Account)
			}
		}
		if moved != bank {
			t.Errorf("movements of 1930: %d, want %d", moved, bank)
		}
		y := l.Year("ks", 2021, 0)
		if a := y.Account("1930"); !y.HasBalances || a.Opening != 250000000 || a.Closing != 190000000 || a.Movement != bank {
			t.Errorf("year: %+v", a)
		}
	})
}

// TestImportGeneratedYears imports two generated years of Ekby and finds their balances
// consistent: tertial check has nothing to say about them, and the ledger's year gives
// each balance account its #UB and the result of #RES. A changed #IB in the second file
// is then named by check.
func TestImportGeneratedYears(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		ds, err := demo.Dataset()
		if err != nil {
			t.Fatal(err)
		}
		if err := db.ReplaceDataset(ctx, ds); err != nil {
			t.Fatal(err)
		}
		dir := t.TempDir()
		paths, err := sie.GenerateYears(dir, sie.GenerateOptions{Vouchers: 500, Seed: 2}, 2020, 2021)
		if err != nil {
			t.Fatal(err)
		}
		var files [][]byte
		for _, p := range paths {
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			files = append(files, data)
		}
		importAll := func() *tertial.Dataset {
			t.Helper()
			for i, data := range files {
				if _, err := ledgerimport.Import(ctx, db, strings.NewReader(string(data)), ledgerimport.Options{Municipality: "0126", Unit: "ks", Actor: "test", FileName: filepath.Base(paths[i])}); err != nil {
					t.Fatal(err)
				}
			}
			ds, err := db.Dataset(ctx, "0126")
			if err != nil {
				t.Fatal(err)
			}
			return ds
		}
		ds = importAll()
		findings := balanceFindings(t, ds)
		if len(findings) != 0 {
			t.Errorf("generated years: %q", findings)
		}
		y := ds.Ledger.Year("ks", 2021, 0)
		_, f := readBalances(t, files[1])
		var result int64
		for _, a := range y.Accounts {
			switch {
			case tertial.BalanceAccount(a.Account) && a.Closing != f.ub[a.Account]:
				t.Errorf("%s: closing %d, #UB %d", a.Account, a.Closing, f.ub[a.Account])
			case tertial.ResultAccount(a.Account):
				result += a.Movement
			}
		}
		if !y.HasBalances || result != f.result || result >= 0 {
			t.Errorf("result %d, #RES %d", result, f.result)
		}
		// 1930's #IB of 2021 changed (a digit put before it): named, with both files.
		files[1] = []byte(strings.Replace(string(files[1]), "#IB 0 1930 ", "#IB 0 1930 1", 1))
		ds = importAll()
		findings = balanceFindings(t, ds)
		if len(findings) == 0 || !strings.Contains(strings.Join(findings, "\n"), "Konto 1930 har ingående balans 2021 (#IB)") ||
			!strings.Contains(strings.Join(findings, "\n"), "ekby-2020.se") {
			t.Errorf("changed #IB: %q", findings)
		}
	})
}

// balanceFindings are check's findings about the ledger's balances for the demo's period.
func balanceFindings(t *testing.T, ds *tertial.Dataset) []string {
	t.Helper()
	all, err := report.Check(ds, "ks", "2021-08")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range all {
		if f.Kind == report.FindLedgerBalance || f.Kind == report.FindLedgerBalanceInterim {
			out = append(out, f.Text)
		}
	}
	return out
}

// fileBalances are a file's #UB of year 0 and its result (#RES).
type fileBalances struct {
	ub     map[string]int64
	result int64
}

func readBalances(t *testing.T, data []byte) (*sie.File, fileBalances) {
	t.Helper()
	fb := fileBalances{ub: map[string]int64{}}
	f, err := sie.Read(strings.NewReader(string(data)), sie.Options{}, sie.Visitor{Balance: func(b *sie.Balance) error {
		switch {
		case b.Year == 0 && b.Kind == sie.UB:
			fb.ub[b.Account] += b.Amount
		case b.Year == 0 && b.Kind == sie.RES:
			fb.result += b.Amount
		}
		return nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	return f, fb
}
