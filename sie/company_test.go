package sie

import (
	"bytes"
	"io"
	"testing"
)

// TestGenerateCompanyYears reads Ekbybostäder AB's generated years back: the files read in
// strict mode; every voucher balances; #RES is the sum of the result accounts' rows and
// #UB the #IB plus the balance accounts' rows; #UB and #RES sum to zero; each year's #IB is
// last year's #UB with the result in 2091; the share capital is Ekby's shares in it and
// the rent and the receivable on Ekby kommun are what the demo's eliminations say; the
// same seed gives the same files.
func TestGenerateCompanyYears(t *testing.T) {
	gen := func() map[int][]byte {
		files := map[int]*bytes.Buffer{}
		if err := GenerateCompanyYearsTo(7, 2021, 2025, func(y int) (io.WriteCloser, error) {
			files[y] = &bytes.Buffer{}
			return nopCloser{files[y]}, nil
		}); err != nil {
			t.Fatal(err)
		}
		out := map[int][]byte{}
		for y, b := range files {
			out[y] = b.Bytes()
		}
		return out
	}
	files := gen()
	var lastUB map[string]int64
	var lastResult int64
	for y := 2021; y <= 2025; y++ {
		_, f := readYear(t, files[y])
		if len(f.unbalanced) > 0 || f.vouchers < 100 {
			t.Errorf("%d: %d vouchers, unbalanced %v", y, f.vouchers, f.unbalanced)
		}
		var sum, result int64
		for a, v := range f.trans {
			if a[0] >= '3' {
				result += v
				if f.res[0][a] != v {
					t.Errorf("%d: #RES %s %d, rows %d", y, a, f.res[0][a], v)
				}
			} else if f.ib[0][a]+v != f.ub[0][a] {
				t.Errorf("%d: %s #IB %d + rows %d ≠ #UB %d", y, a, f.ib[0][a], v, f.ub[0][a])
			}
		}
		for _, v := range f.ub[0] {
			sum += v
		}
		if sum+result != 0 || result >= 0 {
			t.Errorf("%d: #UB + #RES = %d, result %d (want a profit, negative)", y, sum+result, result)
		}
		if lastUB != nil {
			for a, v := range lastUB {
				want := v
				if a == "2091" {
					want += lastResult
				}
				if f.ib[0][a] != want {
					t.Errorf("%d: #IB %s %d, last year's #UB %d", y, a, f.ib[0][a], want)
				}
			}
		}
		if f.ub[0]["2081"] != -EkbyShares(2021) || f.res[0]["3020"] != -EkbybostaderInternalRent(y) || f.ub[0]["1560"] != EkbybostaderInternalReceivable(y) {
			t.Errorf("%d: share capital %d, internal rent %d, receivable %d", y, f.ub[0]["2081"], f.res[0]["3020"], f.ub[0]["1560"])
		}
		lastUB, lastResult = f.ub[0], result
	}
	again := gen()
	for y := range files {
		if !bytes.Equal(files[y], again[y]) {
			t.Errorf("%d: the same seed gave another file", y)
		}
	}
}
