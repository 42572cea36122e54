package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/tertial/tertial/dataset"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

// provbySIE is Provby's ledger for 2024 and 2023, hand-written: each activity's income
// (class 3) and costs (classes 4, 5 and the interest of class 8) booked on its object of
// dimension 2 (Verksamhet), a booking after the cut-off, an IT cost on no object, which
// no rule of the account mapping takes, and last year's months as period balances.
const provbySIE = `#FLAGGA 0
#PROGRAM "Handskrivet" "1"
#FORMAT PC8
#SIETYP 4
#FNAMN "Provby kommun"
#KPTYP KBAS2021
#RAR 0 20240101 20241231
#RAR -1 20230101 20231231
#DIM 2 "Verksamhet"
#OBJEKT 2 "100" "Skola"
#OBJEKT 2 "200" "Vard"
#OBJEKT 2 "300" "IFO"
#KONTO 1930 "Bank"
#KONTO 3110 "Forsaljning"
#KONTO 3510 "Avgifter"
#KONTO 4610 "Kop av verksamhet"
#KONTO 5010 "Loner"
#KONTO 7010 "IT"
#KONTO 8410 "Rantekostnader"
#PSALDO -1 202303 3110 {} -100000.00
#PSALDO -1 202303 3110 {2 "100"} -100000.00
#PSALDO -1 202304 5010 {} 1950000.00
#PSALDO -1 202304 5010 {2 "100"} 850000.00
#PSALDO -1 202304 5010 {2 "200"} 1100000.00
#PSALDO -1 202306 4610 {} 360000.00
#PSALDO -1 202306 4610 {2 "300"} 360000.00
#PSALDO -1 202310 4610 {} 1000.00
#PSALDO -1 202310 4610 {2 "300"} 1000.00
#VER A 1 20240131 "Skola"
{
#TRANS 3110 {2 "100"} -131000.00
#TRANS 3510 {2 "100"} 600.00
#TRANS 5010 {2 "100"} 650000.00
#TRANS 4610 {2 "100"} 254000.00
#TRANS 8410 {2 "100"} 1200.00
#TRANS 1930 {} -774800.00
}
#VER A 2 20240415 "Vard"
{
#TRANS 3110 {2 "200"} -312000.00
#TRANS 5010 {2 "200"} 1461000.00
#TRANS 1930 {} -1149000.00
}
#VER A 3 20240830 "IFO"
{
#TRANS 3110 {2 "300"} -45000.00
#TRANS 4610 {2 "300"} 390000.00
#TRANS 7010 {} 2500.00
#TRANS 1930 {} -347500.00
}
#VER A 4 20240910 "Efter brytdatum"
{
#TRANS 5010 {2 "300"} 99999.00
#TRANS 1930 {} -99999.00
}
`

// TestDeclaredTableFromSIE: through the commands, on both databases, a declared table of
// income, cost and net per activity is filled from an imported SIE file through its
// account mapping on objects: income from class 3, costs from classes 4–8, last year's
// outcome from the period balances of the same months; the report shows the ledger's
// figures (the net computed from them), check lists the account no rule maps, and the
// export still holds the amounts entered.
func TestDeclaredTableFromSIE(t *testing.T) {
	fixture, err := os.ReadFile(filepath.Join("..", "..", "testdata", "provby-kolumner.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			db := storetest.URL(t, d)
			if code, _, stderr := runCmd(t, "import", writeFile(t, "provby.yaml", fixture), "--db", db); code != 0 {
				t.Fatalf("import: %s", stderr)
			}
			if code, out, stderr := runCmd(t, "import", "sie", writeFile(t, "provby.se", []byte(provbySIE)), "--unit", "bn", "--db", db); code != 0 {
				t.Fatalf("import sie: %s%s", out, stderr)
			}
			html := filepath.Join(t.TempDir(), "rapport.html")
			if code, out, stderr := runCmd(t, "report", "--unit", "bn", "--period", "2024-08", "--format", "html", "-o", html, "--db", db); code != 0 {
				t.Fatalf("report: %s%s", out, stderr)
			}
			page, err := os.ReadFile(html)
			if err != nil {
				t.Fatal(err)
			}
			// The table shows costs positive (negate: true), so income is negative. Skola:
			// income 131 000 − 600 = 130 400 kr; costs 650 000 + 254 000 + 1 200 = 905 200 kr;
			// net cost 774 800 kr; last year's same months −100 000 + 850 000 = 750 000 kr.
			// Vård: 312 000, 1 461 000, 1 149 000 and 1 100 000. IFO: 45 000, 390 000 (not
			// the IT cost on no object, nor September's salaries), 345 000 and 360 000 (not
			// October's 1 000).
			want := map[string]map[string]string{
				"skola": {"intakt": "−130", "kostnad": "905", "netto": "775", "fg": "750"},
				"vard":  {"intakt": "−312", "kostnad": "1 461", "netto": "1 149", "fg": "1 100"},
				"ifo":   {"intakt": "−45", "kostnad": "390", "netto": "345", "fg": "360"},
			}
			for row, cols := range want {
				for col, w := range cols {
					if got := htmlCell(t, string(page), "tabell-verksamheter-"+row, col); got != w {
						t.Errorf("%s %s: %q, want %q", row, col, got, w)
					}
				}
			}
			if !strings.Contains(string(page), "Fjolårets utfall, periodens intäkter och periodens kostnader kommer från den importerade bokföringen (SIE)") {
				t.Error("the report does not say that the income and costs come from the ledger")
			}
			code, out, _ := runCmd(t, "check", "--unit", "bn", "--period", "2024-08", "--db", db)
			if !strings.Contains(out, "konto 7010, 2\u00a0500,00 kr bokfört under perioden (debet positivt) mappas inte till någon rad") {
				t.Errorf("check (exit %d) does not list the unmapped account 7010:\n%s", code, out)
			}
			// The amounts entered stay stored: the export writes them.
			code, exported, stderr := runCmd(t, "export", "--db", db)
			if code != 0 {
				t.Fatalf("export: %s", stderr)
			}
			ds, err := dataset.Decode([]byte(exported), "export.yaml")
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range ds.Period("bn", "2024-08").MoneyTables[0].Leaves() {
				if r.ID == "skola" && (r.Amounts["intakt"] != 120_000_00 || r.Amounts["kostnad"] != -900_000_00) {
					t.Errorf("exported skola %v, want the amounts entered", r.Amounts)
				}
			}
		})
	}
}

// htmlCell returns the text of the cell in column col of the row with the given ID in an
// HTML report.
func htmlCell(t *testing.T, page, rowID, col string) string {
	t.Helper()
	i := strings.Index(page, `<tr id="`+rowID+`"`)
	if i < 0 {
		t.Fatalf("the HTML report has no row %s", rowID)
	}
	tr := page[i:]
	tr = tr[:strings.Index(tr, "</tr>")]
	m := regexp.MustCompile(`<td data-col="` + col + `"[^>]*>([^<]*)</td>`).FindStringSubmatch(tr)
	if m == nil {
		t.Fatalf("the HTML row %s has no cell %s", rowID, col)
	}
	return strings.ReplaceAll(m[1], "\u00a0", " ")
}
