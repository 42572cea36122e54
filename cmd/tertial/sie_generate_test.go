package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tertial/tertial/sie"
)

// TestSIEGenerateYears: --years writes one file a year into -o's directory, each an
// SIE 4E file inspect reads; a bad span or no directory is a usage error.
func TestSIEGenerateYears(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ekby")
	code, _, stderr := runCmd(t, "sie", "generate", "--years", "2021-2022", "--vouchers", "100", "-o", dir)
	if code != 0 {
		t.Fatal(stderr)
	}
	for _, y := range []string{"2021", "2022"} {
		p := filepath.Join(dir, "ekby-"+y+".se")
		if _, err := os.Stat(p); err != nil || !strings.Contains(stderr, p) {
			t.Fatalf("%s: %v\n%s", p, err, stderr)
		}
		code, out, errOut := runCmd(t, "sie", "inspect", p)
		if code != 0 || !strings.Contains(out, "SIE-typ:         4E") || !strings.Contains(out, "Ekby kommun") {
			t.Errorf("inspect %s: %d\n%s%s", p, code, out, errOut)
		}
	}
	for _, args := range [][]string{{"--years", "2022-2021", "-o", dir}, {"--years", "2021", "-o", dir}, {"--years", "2021-2022"}} {
		code, _, stderr := runCmd(t, append([]string{"sie", "generate"}, args...)...)
		if code != 2 || !strings.Contains(stderr, "--years") && !strings.Contains(stderr, "-o") {
			t.Errorf("%v: exit %d\n%s", args, code, stderr)
		}
	}
	// Without --years, one file as before.
	one := filepath.Join(t.TempDir(), "one.se")
	if code, _, stderr := runCmd(t, "sie", "generate", "--vouchers", "10", "-o", one); code != 0 {
		t.Fatal(stderr)
	}
}

// TestSIEGenerateCompany: --company with --years writes Ekbybostäder AB's BAS books, one
// file a year, that the SIE reader reads in strict mode: the company's, every voucher
// balanced, #IB and #UB plus #RES summing to zero; --company without --years is a usage
// error.
func TestSIEGenerateCompany(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "bolag")
	code, _, stderr := runCmd(t, "sie", "generate", "--company", "--years", "2023-2024", "-o", dir)
	if code != 0 {
		t.Fatal(stderr)
	}
	for _, y := range []int{2023, 2024} {
		p := filepath.Join(dir, fmt.Sprintf("ekbybostader-%d.se", y))
		data, err := os.ReadFile(p)
		if err != nil || !strings.Contains(stderr, p) {
			t.Fatalf("%s: %v\n%s", p, err, stderr)
		}
		var ib, ub, res int64
		var vouchers int
		var unbalanced []string
		f, err := sie.Read(bytes.NewReader(data), sie.Options{Mode: sie.Strict, Name: p}, sie.Visitor{
			Balance: func(b *sie.Balance) error {
				if b.Year != 0 {
					return nil
				}
				switch b.Kind {
				case sie.IB:
					ib += b.Amount
				case sie.UB:
					ub += b.Amount
				case sie.RES:
					res += b.Amount
				}
				return nil
			},
			Voucher: func(v *sie.Voucher) error {
				vouchers++
				if v.Sum != 0 {
					unbalanced = append(unbalanced, v.Series+" "+v.Number)
				}
				return nil
			},
		})
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		if f.Company != "Ekbybostäder AB" || f.OrgNr != sie.EkbybostaderOrgNumber || !strings.HasPrefix(f.ChartType, "BAS") {
			t.Errorf("%s: company %q, org.nr %q, chart %q", p, f.Company, f.OrgNr, f.ChartType)
		}
		if fy, ok := f.Year(0); !ok || fy.Start.Year() != y {
			t.Errorf("%s: fiscal year %+v", p, fy)
		}
		if vouchers == 0 || len(unbalanced) > 0 {
			t.Errorf("%s: %d vouchers, unbalanced %v", p, vouchers, unbalanced)
		}
		if ib != 0 || ub+res != 0 || res == 0 {
			t.Errorf("%s: #IB sums to %d, #UB + #RES to %d (#RES %d)", p, ib, ub+res, res)
		}
	}
	if code, _, stderr := runCmd(t, "sie", "generate", "--company", "-o", dir); code != 2 || !strings.Contains(stderr, "--years") {
		t.Errorf("--company without --years: exit %d\n%s", code, stderr)
	}
}
