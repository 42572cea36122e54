package demo_test

import (
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/tertial/tertial"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata from what the code computes (review the diff before committing)")

// statementsGolden is the golden file of the Ekby demo's statements.
const statementsGolden = "testdata/ekby-statements.golden"

// goldenStatements writes every row of the three statements and every note row of the
// statements as the golden file holds them: a key ("RR/arets-resultat",
// "not 2/Personalkostnader"), then this year's amount, the comparison year's and, on the
// resultaträkning, the budget, in öre, separated by tabs.
func goldenStatements(st *tertial.Statements) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# The statements of the Ekby demo's årsredovisning (kf/2025-12), in öre: row, %d, %d", st.Year, st.PriorYear)
	b.WriteString(", and on the resultaträkning the budget.\n")
	b.WriteString("# Written by `go test ./demo -run TestEkbyStatementsGolden -update`; TestEkbyStatementsGolden\n")
	b.WriteString("# checks the main figures against sums of the generated SIE files' rows.\n")
	for _, l := range st.Lines {
		if l.Kind == tertial.RowHeading {
			continue
		}
		fmt.Fprintf(&b, "%s/%s\t%d\t%d", l.Statement, l.ID, l.Amount, l.Prior)
		if l.Statement == tertial.Resultatrakning {
			fmt.Fprintf(&b, "\t%d", l.Budget)
		}
		b.WriteString("\n")
	}
	for _, n := range st.Notes {
		for _, r := range n.Rows {
			fmt.Fprintf(&b, "not %d/%s\t%d\t%d\n", n.Number, r.Label, r.Amount, r.Prior)
		}
	}
	return b.String()
}

// parseGolden reads the golden file's amounts by key.
func parseGolden(t *testing.T, text string) map[string][]int64 {
	t.Helper()
	out := map[string][]int64{}
	for i, line := range strings.Split(text, "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) < 3 {
			t.Fatalf("%s:%d: %q", statementsGolden, i+1, line)
		}
		for _, s := range f[1:] {
			v, err := strconv.ParseInt(s, 10, 64)
			if err != nil {
				t.Fatalf("%s:%d: %v", statementsGolden, i+1, err)
			}
			out[f[0]] = append(out[f[0]], v)
		}
	}
	return out
}

// TestEkbyStatementsGolden fixes every row of the resultaträkning, balansräkning and
// kassaflödesanalys and of their notes, for 2025 and 2024 (and the budget of 2025), of the
// Ekby demo's årsredovisning as `tertial demo ekby` loads it: the demo's generated SIE
// files imported into SQLite and read back. So that the golden file is not only what the
// code gave once, its main figures are checked against the SIE files themselves, summed
// by account prefix by readSIESums (plain string parsing, neither the sie package's
// aggregation nor the statements' code).
func TestEkbyStatementsGolden(t *testing.T) {
	files := ekbyFiles(t)
	st := kfStatements(t, ekbyLoad(t, files))
	if st.Year != 2025 || st.PriorYear != 2024 || !st.HasPrior || !st.HasBudget || st.Through != 202512 {
		t.Fatalf("statements of %d (through %d) with comparison year %d, budget %v; want 2025 whole, 2024, with budget", st.Year, st.Through, st.PriorYear, st.HasBudget)
	}
	got := goldenStatements(st)
	if *update {
		if err := os.WriteFile(statementsGolden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	raw, err := os.ReadFile(statementsGolden)
	if err != nil {
		t.Fatalf("%v (write it with -update)", err)
	}
	want := string(raw)
	if got != want {
		gl, wl := strings.Split(got, "\n"), strings.Split(want, "\n")
		for i := 0; i < max(len(gl), len(wl)); i++ {
			var g, w string
			if i < len(gl) {
				g = gl[i]
			}
			if i < len(wl) {
				w = wl[i]
			}
			if g != w {
				t.Errorf("%s:%d:\n got  %q\n want %q", statementsGolden, i+1, g, w)
			}
		}
		t.Fatal("the statements differ from the golden file (if the change is meant, rerun with -update and review the diff)")
	}

	// The golden file's main figures from the SIE files: 2025 from ekby-2025's rows of its
	// own year, 2024 from ekby-2024's. Column 0 is 2025, column 1 is 2024, column 2 the
	// budget of 2025. Presentation signs: income, assets, equity and liabilities positive.
	golden := parseGolden(t, want)
	budget := sieBudget(t, files[2025])
	for col, year := range []int{2025, 2024} {
		s := readSIESums(t, files[year])
		result := -sumPrefix(s.trans, "3", "4", "5", "6", "7", "8")
		if res := -sumPrefix(s.res, "3", "4", "5", "6", "7", "8"); res != result {
			t.Errorf("%d: the file's #RES sum to %d, its #TRANS rows of classes 3–8 to %d", year, res, result)
		}
		if sumPrefix(s.trans, "89") != 0 {
			t.Fatalf("%d: the file books on group 89; the sums below assume it does not", year)
		}
		checks := []struct {
			key  string
			what string
			want int64
		}{
			{"RR/verksamhetens-intakter", "−#TRANS of class 3", -sumPrefix(s.trans, "3")},
			{"RR/verksamhetens-nettokostnader", "−#TRANS of classes 3–7", -sumPrefix(s.trans, "3", "4", "5", "6", "7")},
			{"RR/avskrivningar", "−#TRANS of groups 78–79", -sumPrefix(s.trans, "78", "79")},
			{"RR/skatteintakter", "−#TRANS of group 80", -sumPrefix(s.trans, "80")},
			{"RR/generella-statsbidrag", "−#TRANS of groups 82–83", -sumPrefix(s.trans, "82", "83")},
			{"RR/finansiella-intakter", "−#TRANS of group 84", -sumPrefix(s.trans, "84")},
			{"RR/finansiella-kostnader", "−#TRANS of group 85", -sumPrefix(s.trans, "85")},
			{"RR/arets-resultat", "−#TRANS of classes 3–8", result},
			{"BR/summa-tillgangar", "#UB of class 1", sumPrefix(s.ub, "1")},
			{"BR/kassa-och-bank", "#UB of group 19", sumPrefix(s.ub, "19")},
			{"BR/eget-kapital", "−#UB of group 20 plus the year's result", -sumPrefix(s.ub, "20") + result},
			{"BR/avsattningar-pensioner", "−#UB of 220–222", -sumPrefix(s.ub, "220", "221", "222")},
			{"BR/langfristiga-skulder", "−#UB of group 23", -sumPrefix(s.ub, "23")},
			{"BR/summa-eget-kapital-avsattningar-skulder", "−#UB of class 2 plus the year's result", -sumPrefix(s.ub, "2") + result},
			{"KF/likvida-medel-ib", "#IB of groups 18–19", sumPrefix(s.ib, "18", "19")},
			{"KF/likvida-medel-ub", "#UB of groups 18–19", sumPrefix(s.ub, "18", "19")},
			{"KF/arets-kassaflode", "#UB − #IB of groups 18–19", sumPrefix(s.ub, "18", "19") - sumPrefix(s.ib, "18", "19")},
			{"KF/justering-avskrivningar", "#TRANS of groups 78–79", sumPrefix(s.trans, "78", "79")},
			{"not 3/7820 Avskrivningar, byggnader och anläggningar", "−#TRANS of 7820", -s.trans["7820"]},
			{"not 3/7830 Avskrivningar, maskiner och inventarier", "−#TRANS of 7830", -s.trans["7830"]},
			{"not 1/Realisationsvinster vid försäljning av anläggningstillgångar", "−#TRANS of group 38", -sumPrefix(s.trans, "38")},
			{"not 2/Personalkostnader", "−#TRANS of class 5", -sumPrefix(s.trans, "5")},
			{"not 12/2211 Avsättning för pensioner", "−#UB of 2211", -s.ub["2211"]},
		}
		if year == 2025 {
			checks = append(checks,
				struct {
					key, what string
					want      int64
				}{"RR/verksamhetens-nettokostnader#budget", "−#PBUDGET of classes 3–7", -sumPrefix(budget, "3", "4", "5", "6", "7")},
				struct {
					key, what string
					want      int64
				}{"RR/arets-resultat#budget", "−#PBUDGET of classes 3–8", -sumPrefix(budget, "3", "4", "5", "6", "7", "8")},
			)
		}
		for _, c := range checks {
			key, i := c.key, col
			if k, ok := strings.CutSuffix(key, "#budget"); ok {
				key, i = k, 2
			}
			v := golden[key]
			switch {
			case len(v) <= i:
				t.Errorf("the golden file has no %s (column %d)", key, i)
			case v[i] != c.want:
				t.Errorf("%d: the golden file's %s is %d; the SIE file's %s is %d", year, c.key, v[i], c.what, c.want)
			}
		}
		if result == 0 || sumPrefix(s.ub, "1") == 0 {
			t.Errorf("%d: the file's sums are empty", year)
		}
	}
}

// sieBudget sums a generated SIE file's "#PBUDGET 0 YYYYMM acc {objects} amount" rows
// per account, by plain string parsing.
func sieBudget(t *testing.T, text string) map[string]int64 {
	t.Helper()
	out := map[string]int64{}
	for i, line := range strings.Split(text, "\n") {
		if !strings.HasPrefix(line, "#PBUDGET 0 ") {
			continue
		}
		f := strings.Fields(line)
		close := strings.IndexByte(line, '}')
		rest := strings.Fields(line[close+1:])
		if len(f) < 4 || close < 0 || len(rest) == 0 {
			t.Fatalf("line %d: %q", i+1, line)
		}
		out[f[3]] += parseOre(t, i+1, rest[0])
	}
	return out
}
