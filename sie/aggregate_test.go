package sie

import (
	"bytes"
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"sort"
	"strings"
	"testing"
)

// naiveKey and naiveAggregate are the straightforward aggregation (string keys in a map)
// that Aggregate must agree with.
type naiveKey struct {
	Account string
	Dim     int
	Object  string
	Month   int
}

func naiveAggregate(t *testing.T, data []byte) (outcome, budget map[naiveKey]int64) {
	t.Helper()
	trans := map[naiveKey]int64{}
	psaldo := map[naiveKey]int64{}
	budget = map[naiveKey]int64{}
	// The totals of #PSALDO and #PBUDGET rows without objects, which replace the sums of
	// the rows with objects.
	psaldoTotal, budgetTotal := map[naiveKey]int64{}, map[naiveKey]int64{}
	add := func(m map[naiveKey]int64, account string, objs []Object, month int, amount int64) {
		if len(account) == 0 || account[0] < '3' || account[0] > '8' {
			return
		}
		m[naiveKey{Account: account, Month: month}] += amount
		for _, o := range objs {
			m[naiveKey{Account: account, Dim: o.Dim, Object: o.Number, Month: month}] += amount
		}
	}
	addBalance := func(m, total map[naiveKey]int64, b *Balance) {
		if len(b.Objects) == 0 {
			add(total, b.Account, nil, b.Period, b.Amount)
		} else {
			add(m, b.Account, b.Objects, b.Period, b.Amount)
		}
	}
	f, err := Read(bytes.NewReader(data), Options{Mode: Lenient}, Visitor{
		Trans: func(v *Voucher, tr *Trans) error {
			if tr.Kind == TRANS {
				add(trans, tr.Account, tr.Objects, int(tr.Date)/100, tr.Amount)
			}
			return nil
		},
		Balance: func(b *Balance) error {
			switch b.Kind {
			case PSALDO:
				addBalance(psaldo, psaldoTotal, b)
			case PBUDGET:
				addBalance(budget, budgetTotal, b)
			}
			return nil
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	maps.Copy(psaldo, psaldoTotal)
	maps.Copy(budget, budgetTotal)
	if f.Transactions > 0 {
		y0, ok := f.Year(0)
		for k := range psaldo {
			if !ok || (k.Month >= int(y0.Start)/100 && k.Month <= int(y0.End)/100) {
				delete(psaldo, k)
			}
		}
		for k, v := range trans {
			psaldo[k] += v
		}
	}
	return psaldo, budget
}

func dumpNaive(m map[naiveKey]int64) string {
	keys := make([]naiveKey, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		if a.Account != b.Account {
			return a.Account < b.Account
		}
		if a.Dim != b.Dim {
			return a.Dim < b.Dim
		}
		if a.Object != b.Object {
			return a.Object < b.Object
		}
		return a.Month < b.Month
	})
	var sb strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&sb, "%s %d %s %d %d\n", k.Account, k.Dim, k.Object, k.Month, m[k])
	}
	return sb.String()
}

func dumpCells(c *Cells) string {
	var sb strings.Builder
	for k, v := range c.All() {
		fmt.Fprintf(&sb, "%s %d %s %d %d\n", k.Account, k.Dim, k.Object, k.Month, v)
	}
	return sb.String()
}

// TestAggregateMatchesNaive checks the compact aggregation against plain maps over the
// test files and a generated file, including the order of the rows.
func TestAggregateMatchesNaive(t *testing.T) {
	files := map[string][]byte{}
	for _, name := range []string{"kommun-4e.se", "kommun-typ3.se", "forsystem-lon-4i.si", "pbudget-tva-ar.se", "klass9.se", "softone-fel-diff.se", "bl-btrans-efter-aret.se", "utf8-bom-ksumma.se"} {
		data, err := os.ReadFile("testdata/" + name)
		if err != nil {
			t.Fatal(err)
		}
		files[name] = data
	}
	var buf bytes.Buffer
	if _, err := Generate(&buf, GenerateOptions{Vouchers: 3000, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	files["generated"] = buf.Bytes()
	for name, data := range files {
		t.Run(name, func(t *testing.T) {
			wantOut, wantBudget := naiveAggregate(t, data)
			_, l, err := Aggregate(bytes.NewReader(data), Options{Mode: Lenient})
			if err != nil {
				t.Fatal(err)
			}
			if got, want := dumpCells(l.Outcome), dumpNaive(wantOut); got != want {
				t.Errorf("outcome differs:\ngot\n%.2000s\nwant\n%.2000s", got, want)
			}
			if got, want := dumpCells(l.Budget), dumpNaive(wantBudget); got != want {
				t.Errorf("budget differs:\ngot\n%s\nwant\n%s", got, want)
			}
			if l.Outcome.Len() != len(wantOut) || l.Budget.Len() != len(wantBudget) {
				t.Errorf("Len %d/%d, want %d/%d", l.Outcome.Len(), l.Budget.Len(), len(wantOut), len(wantBudget))
			}
			if len(wantOut)+len(wantBudget) == 0 {
				t.Errorf("%s aggregates to nothing; the test proves little", name)
			}
		})
	}
}

// TestAggregateHugeRow checks rows with more objects than a batch holds, between many
// ordinary rows, so that the second goroutine adds most of them.
func TestAggregateHugeRow(t *testing.T) {
	var b strings.Builder
	b.WriteString("#SIETYP 4\n#RAR 0 20210101 20211231\n#KONTO 1930 \"Bank\"\n#KONTO 3010 \"Intakt\"\n#KONTO 5010 \"Lon\"\n")
	row := func(acc string, objs int, amount string) {
		fmt.Fprintf(&b, "#TRANS %s {", acc)
		for d := 1; d <= objs; d++ {
			fmt.Fprintf(&b, "%d \"o%d\" ", d, d%7)
		}
		fmt.Fprintf(&b, "} %s\n", amount)
	}
	for v := 1; v <= 3000; v++ {
		fmt.Fprintf(&b, "#VER A %d 2021%02d01 \"\"\n{\n", v, 1+v%12)
		switch v {
		case 1000, 1001, 2500:
			row("5010", 2047+v%3*1500, "12.34")
			row("1930", 0, "-12.34")
		}
		row("3010", 1+v%3, "-100.00")
		row("5010", v%4, "60.00")
		row("1930", 0, "40.00")
		b.WriteString("}\n")
	}
	data := []byte(b.String())
	wantOut, _ := naiveAggregate(t, data)
	_, l, err := Aggregate(bytes.NewReader(data), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := dumpCells(l.Outcome), dumpNaive(wantOut); got != want {
		t.Errorf("outcome differs:\ngot\n%.2000s\nwant\n%.2000s", got, want)
	}
	if l.Outcome.Len() != len(wantOut) {
		t.Errorf("Len %d, want %d", l.Outcome.Len(), len(wantOut))
	}
}

// TestAggregateDenseAndHashed checks an aggregation whose blocks are partly in rows and
// partly, where rows would take too much memory, in the hash table: many objects, each
// account booked on few of them, over two years.
func TestAggregateDenseAndHashed(t *testing.T) {
	var b strings.Builder
	b.WriteString("#SIETYP 4\n#RAR 0 20210101 20211231\n#KONTO 1930 \"Bank\"\n#DIM 1 \"Ansvar\"\n")
	for o := 0; o < 6000; o++ {
		fmt.Fprintf(&b, "#OBJEKT 1 \"%d\" \"\"\n", o)
	}
	for a := 3000; a < 3300; a++ {
		fmt.Fprintf(&b, "#KONTO %d \"\"\n", a)
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for v := 1; v <= 4000; v++ {
		year := 2021 - rng.IntN(2) // lenient: some vouchers outside the fiscal year
		fmt.Fprintf(&b, "#VER A %d %d%02d01 \"\"\n{\n", v, year, 1+rng.IntN(12))
		acc := 3000 + rng.IntN(300)
		// Low accounts use low objects (rows), high accounts any object (hashed).
		obj := rng.IntN(20)
		if acc >= 3150 {
			obj = rng.IntN(6000)
		}
		fmt.Fprintf(&b, "#TRANS %d {1 \"%d\"} 10.00\n#TRANS 1930 {} -10.00\n}\n", acc, obj)
	}
	data := []byte(b.String())
	wantOut, _ := naiveAggregate(t, data)
	_, l, err := Aggregate(bytes.NewReader(data), Options{Mode: Lenient})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := dumpCells(l.Outcome), dumpNaive(wantOut); got != want {
		t.Errorf("outcome differs:\ngot\n%.2000s\nwant\n%.2000s", got, want)
	}
	if l.Outcome.Len() != len(wantOut) {
		t.Errorf("Len %d, want %d", l.Outcome.Len(), len(wantOut))
	}
	if c := l.Outcome; c.dense == 0 || c.hashed == 0 {
		t.Errorf("%d numbers in rows, %d blocks hashed: the test should have both", c.dense, c.hashed)
	}
}
