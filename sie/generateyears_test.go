package sie

import (
	"bytes"
	"io"
	"strings"
	"testing"
)

// nopCloser is a buffer GenerateYearsTo can close.
type nopCloser struct{ *bytes.Buffer }

func (nopCloser) Close() error { return nil }

// generated returns the files of the years, by year.
func generated(t *testing.T, o GenerateOptions, from, to int) (map[int][]byte, []GeneratedYear) {
	t.Helper()
	files := map[int]*bytes.Buffer{}
	years, err := GenerateYearsTo(o, from, to, func(year int) (io.WriteCloser, error) {
		files[year] = &bytes.Buffer{}
		return nopCloser{files[year]}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	out := map[int][]byte{}
	for y, b := range files {
		out[y] = b.Bytes()
	}
	return out, years
}

// yearFile is what a generated file says, read back with Read.
type yearFile struct {
	ib, ub, res           [2]map[string]int64 // by -year index
	trans                 map[string]int64    // the #TRANS rows' sums per account
	budget                map[string]int64
	vouchers, rows        int
	unbalanced            []string
	taxes, grants, result int64
}

func readYear(t *testing.T, data []byte) (*File, *yearFile) {
	t.Helper()
	y := &yearFile{trans: map[string]int64{}, budget: map[string]int64{}}
	for i := range 2 {
		y.ib[i], y.ub[i], y.res[i] = map[string]int64{}, map[string]int64{}, map[string]int64{}
	}
	f, err := Read(bytes.NewReader(data), Options{Mode: Strict}, Visitor{
		Balance: func(b *Balance) error {
			switch b.Kind {
			case IB:
				y.ib[-b.Year][b.Account] += b.Amount
			case UB:
				y.ub[-b.Year][b.Account] += b.Amount
			case RES:
				y.res[-b.Year][b.Account] += b.Amount
			case PBUDGET:
				y.budget[b.Account] += b.Amount
			}
			return nil
		},
		Trans: func(v *Voucher, tr *Trans) error {
			y.trans[tr.Account] += tr.Amount
			y.rows++
			return nil
		},
		Voucher: func(v *Voucher) error {
			y.vouchers++
			if v.Sum != 0 {
				y.unbalanced = append(y.unbalanced, v.Series+" "+v.Number)
			}
			return nil
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	return f, y
}

// TestGenerateYears reads generated years back: every voucher balances; #RES is the sum of
// the result accounts' rows and #UB the #IB plus the balance accounts' rows; the balance
// sheet balances (#UB and #RES sum to zero); each year's #IB is last year's #UB with last
// year's result added to 2081, in the same file (year -1) and across files; the result is
// a modest surplus of taxes and general grants; and the same seed gives the same files.
func TestGenerateYears(t *testing.T) {
	o := GenerateOptions{Vouchers: 3000, Seed: 5}
	files, years := generated(t, o, 2021, 2023)
	if len(files) != 3 || len(years) != 3 {
		t.Fatalf("%d files, %d years", len(files), len(years))
	}
	var prevUB map[string]int64
	var prevRes int64
	for _, gy := range years {
		data := files[gy.Year]
		f, y := readYear(t, data)
		if f.WarningCount != 0 {
			t.Errorf("%d: warnings %v", gy.Year, f.Warnings)
		}
		if len(y.unbalanced) > 0 {
			t.Errorf("%d: unbalanced vouchers %v", gy.Year, y.unbalanced)
		}
		if y.vouchers != gy.Vouchers || y.rows != gy.Rows || y.vouchers < 3000 {
			t.Errorf("%d: %d vouchers and %d rows read, %d and %d written", gy.Year, y.vouchers, y.rows, gy.Vouchers, gy.Rows)
		}
		var ubSum, resSum, ibSum int64
		accounts := map[string]bool{}
		for a := range y.trans {
			accounts[a] = true
		}
		for a := range y.ib[0] {
			accounts[a] = true
		}
		for a := range accounts {
			switch a[0] {
			case '1', '2':
				if y.ub[0][a] != y.ib[0][a]+y.trans[a] {
					t.Errorf("%d: %s #UB %d, #IB %d + rows %d", gy.Year, a, y.ub[0][a], y.ib[0][a], y.trans[a])
				}
				ubSum += y.ub[0][a]
				ibSum += y.ib[0][a]
			default:
				if y.res[0][a] != y.trans[a] {
					t.Errorf("%d: %s #RES %d, rows %d", gy.Year, a, y.res[0][a], y.trans[a])
				}
				resSum += y.res[0][a]
			}
		}
		if ubSum+resSum != 0 || ibSum != 0 {
			t.Errorf("%d: #UB sum %d + #RES sum %d, #IB sum %d", gy.Year, ubSum, resSum, ibSum)
		}
		if resSum != gy.Result {
			t.Errorf("%d: result %d, reported %d", gy.Year, resSum, gy.Result)
		}
		// A modest surplus: 0.5–3 % of taxes and general grants (8010–8290).
		var taxes int64
		for a, v := range y.res[0] {
			if a >= "80" && a < "83" {
				taxes -= v
			}
		}
		if taxes < 2_000_000_000_00 || -resSum*1000 < taxes*5 || -resSum*1000 > taxes*30 {
			t.Errorf("%d: result %s of taxes and grants %s", gy.Year, FormatOre(-resSum), FormatOre(taxes))
		}
		// Carry-over: this file's year -1 and last year's own file.
		check := func(what string, ub map[string]int64, result int64) {
			for a := range accounts {
				if a[0] != '1' && a[0] != '2' {
					continue
				}
				want := ub[a]
				if a == "2081" {
					want += result
				}
				if y.ib[0][a] != want {
					t.Errorf("%d: %s #IB %d, %s #UB %d (+ result on 2081)", gy.Year, a, y.ib[0][a], what, ub[a])
				}
			}
		}
		var res1 int64
		for _, v := range y.res[1] {
			res1 += v
		}
		check("year -1", y.ub[1], res1)
		if prevUB != nil {
			check("last year's file", prevUB, prevRes)
			if res1 != prevRes {
				t.Errorf("%d: #RES -1 sums to %d, last year's file to %d", gy.Year, res1, prevRes)
			}
		}
		prevUB, prevRes = y.ub[0], resSum
		// Budget for the result accounts, board objects declared.
		if y.budget["8010"] >= 0 || y.budget["5010"] <= 0 || len(f.Dimensions[1].Objects) < 15 {
			t.Errorf("%d: budget 8010 %d, 5010 %d; %d responsibility units", gy.Year, y.budget["8010"], y.budget["5010"], len(f.Dimensions[1].Objects))
		}
		if !strings.Contains(string(data), "#KONTO 7820 ") || f.Company != "Ekby kommun" {
			t.Errorf("%d: chart or name missing (%q)", gy.Year, f.Company)
		}
	}
	again, _ := generated(t, o, 2021, 2023)
	for y := range files {
		if !bytes.Equal(files[y], again[y]) {
			t.Errorf("%d: the same seed gave another file", y)
		}
	}
	other, _ := generated(t, GenerateOptions{Vouchers: 3000, Seed: 6}, 2021, 2021)
	if bytes.Equal(other[2021], files[2021]) {
		t.Error("another seed gave the same file")
	}
	// The same years generated on their own from 2022 carry over as well (tested above);
	// without further invoices the files still balance.
	none, _ := generated(t, GenerateOptions{Seed: 5}, 2025, 2025)
	if _, y := readYear(t, none[2025]); len(y.unbalanced) > 0 || y.vouchers == 0 {
		t.Errorf("no further invoices: %d vouchers, unbalanced %v", y.vouchers, y.unbalanced)
	}
}
