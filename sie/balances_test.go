package sie

import (
	"os"
	"strings"
	"testing"
)

// TestAggregateBalances checks that Aggregate keeps the balance accounts' movements per
// month and the #IB, #UB and #RES rows of years 0 and -1, and nothing of other accounts
// and years.
func TestAggregateBalances(t *testing.T) {
	data, err := os.ReadFile("testdata/kommun-4e.se")
	if err != nil {
		t.Fatal(err)
	}
	_, l, err := Aggregate(strings.NewReader(string(data)), Options{Mode: Lenient})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, b := range l.Balances {
		got = append(got, b.String())
	}
	want := []string{
		"0 1930 #IB 2500000.00 #UB 1900000.00",
		"0 2440 #IB -800000.00 #UB -650000.00",
		"0 3110 #RES -60000.00",
		"0 5010 #RES 412000.50",
		"-1 1930 #IB 2100000.00",
		"-1 3110 #RES -55000.00",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("balances:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// The movements are the #TRANS rows on 1930 and 2440, summed per month, and no result
	// account's.
	sums := map[Key]int64{}
	for k, v := range l.Movements.All() {
		if k.Account[0] != '1' && k.Account[0] != '2' || k.Dim != 0 {
			t.Errorf("movement on %v", k)
		}
		sums[k] = v
	}
	var want1930 int64
	_, err = Read(strings.NewReader(string(data)), Options{Mode: Lenient}, Visitor{Trans: func(v *Voucher, tr *Trans) error {
		if tr.Kind == TRANS && tr.Account == "1930" && int(tr.Date)/100 == 202101 {
			want1930 += tr.Amount
		}
		return nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	if want1930 == 0 || sums[Key{Account: "1930", Month: 202101}] != want1930 {
		t.Errorf("1930 in January: %d, want %d", sums[Key{Account: "1930", Month: 202101}], want1930)
	}
}

// TestAggregateBalancePsaldo checks that a file without vouchers gives the balance
// accounts' movements from #PSALDO, the row without objects winning over rows with.
func TestAggregateBalancePsaldo(t *testing.T) {
	file := `#FLAGGA 0
#SIETYP 3
#RAR 0 20210101 20211231
#DIM 1 "Ansvar"
#KONTO 1510 "Kundfordringar"
#KONTO 1930 "Bank"
#IB 0 1930 100.00
#UB 0 1930 130.00
#PSALDO 0 202101 1930 {} 10.00
#PSALDO 0 202101 1930 {1 "A"} 4.00
#PSALDO 0 202102 1930 {1 "A"} 15.00
#PSALDO 0 202102 1930 {1 "B"} 5.00
#PSALDO 0 202103 1510 {} -7.00
`
	_, l, err := Aggregate(strings.NewReader(file), Options{Mode: Lenient})
	if err != nil {
		t.Fatal(err)
	}
	got := map[Key]int64{}
	for k, v := range l.Movements.All() {
		got[k] = v
	}
	want := map[Key]int64{{Account: "1930", Month: 202101}: 1000, {Account: "1930", Month: 202102}: 2000, {Account: "1510", Month: 202103}: -700}
	if len(got) != len(want) {
		t.Errorf("movements %v, want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%v: %d, want %d", k, got[k], v)
		}
	}
	if l.Outcome.Len() != 0 {
		t.Errorf("outcome has %d cells, want none", l.Outcome.Len())
	}
}
