package main

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/tertial/tertial/demo"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

func sieFile(name string) string { return filepath.Join("..", "..", "sie", "testdata", name) }

func TestImportSIE(t *testing.T) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			db := storetest.URL(t, d)
			if code, _, stderr := runCmd(t, "import", writeFile(t, "huddinge.yaml", demo.Bytes()), "--db", db); code != 0 {
				t.Fatalf("import demo: %s", stderr)
			}
			code, out, stderr := runCmd(t, "import", "sie", sieFile("kommun-4e.se"), "--unit", "ks", "--db", db)
			if code != 0 || !strings.Contains(out, "Läste in") || !strings.Contains(out, "13 transaktioner") {
				t.Fatalf("exit %d: %s%s", code, out, stderr)
			}
			code, out, stderr = runCmd(t, "import", "sie", sieFile("kommun-4e.se"), "--unit", "ks", "--year", "2021", "--db", db)
			if code != 0 || !strings.Contains(out, "Ersatte den förra importen") {
				t.Fatalf("re-import: exit %d: %s%s", code, out, stderr)
			}
			if code, _, stderr = runCmd(t, "import", "sie", sieFile("kommun-typ3.se"), "--unit", "ks", "--db", db); code != 0 {
				t.Fatalf("type 3: %s", stderr)
			}
			if code, _, stderr = runCmd(t, "import", "sie", sieFile("forsystem-lon-4i.si"), "--unit", "ks", "--year", "2021", "--db", db); code != 0 {
				t.Fatalf("4I: %s", stderr)
			}
			// The audit log names the file's SHA-256.
			code, audit, _ := runCmd(t, "audit", "--db", db)
			if code != 0 || strings.Count(audit, "ledger_import") < 4 {
				t.Errorf("audit: %s", audit)
			}

			// Bad input: nothing imported, a message with the line.
			for _, c := range []struct{ content, want string }{
				{"", "x.se:1: filen är tom"},
				{"#SIETYP 4\n#ORGNR 212000-0142\n#RAR 0 20210101 20211231\n#KONTO 5010 \"L\"\n#VER A 1 20210105 \"x\"\n{\n#TRANS 5010 {} 100.00\n}\n", "x.se:8:1: verifikationen A 1 på rad 5 balanserar inte"},
				{"#SIETYP 4\n#ORGNR 556000-0001\n#RAR 0 20210101 20211231\n#KONTO 5010 \"L\"\n", "organisationsnummer 556000-0001"},
			} {
				code, _, stderr := runCmd(t, "import", "sie", writeFile(t, "x.se", []byte(c.content)), "--unit", "ks", "--db", db)
				if code != 1 || !strings.Contains(stderr, c.want) {
					t.Errorf("exit %d, stderr %q, want %q", code, stderr, c.want)
				}
			}
		})
	}
}

func TestSIEInspect(t *testing.T) {
	code, out, stderr := runCmd(t, "sie", "inspect", sieFile("kommun-typ3.se"))
	if code != 0 {
		t.Fatal(stderr)
	}
	for _, want := range []string{"Raindance 2021.2", "SIE-typ:         3", "resultat (#RES) " + krona(285000050) + " kr", "Budget:          ja (5 #PBUDGET-rader)", "Kontrollsumma:   saknas"} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in\n%s", want, out)
		}
	}
	code, out, _ = runCmd(t, "sie", "inspect", "--json", writeFile(t, "bad.se", []byte("#KSUMMA\n#SIETYP 1\n#KSUMMA 1\n")))
	if code != 1 || !strings.Contains(out, `"checksum": "stämmer inte"`) {
		t.Errorf("exit %d\n%s", code, out)
	}
}

// TestInspectMatchesImport: for every test file, what `sie inspect --json` reports per
// fiscal year (outcome and budget, from #TRANS or #PSALDO and #PBUDGET) and in all is what
// `import sie` stores, read back from the database; and a file the import refuses,
// inspect reports with the same error.
func TestInspectMatchesImport(t *testing.T) {
	files := []string{"kommun-4e.se", "kommun-typ3.se", "forsystem-lon-4i.si", "bl-btrans-efter-aret.se", "pbudget-tva-ar.se",
		"softone-fel-diff.se", "forsystem-tom-rar-4i.si", "klass9.se", "eubas97.se", "utf8-bom-ksumma.se", "utf8-ksumma-pc8.se"}
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			for _, name := range files {
				t.Run(name, func(t *testing.T) {
					u := storetest.URL(t, d)
					if code, _, stderr := runCmd(t, "import", writeFile(t, "huddinge.yaml", demo.Bytes()), "--db", u); code != 0 {
						t.Fatalf("import demo: %s", stderr)
					}
					code, out, stderr := runCmd(t, "sie", "inspect", "--json", sieFile(name))
					var rep inspectReport
					if err := json.Unmarshal([]byte(out), &rep); err != nil || code != 0 || rep.Stored == nil {
						t.Fatalf("inspect: exit %d, %v\n%s%s", code, err, out, stderr)
					}
					args := []string{"import", "sie", sieFile(name), "--unit", "ks", "--lenient", "--db", u}
					if len(rep.Years) == 0 {
						args = append(args, "--year", "2021")
					}
					code, out, stderr = runCmd(t, args...)
					if code != 0 {
						t.Fatalf("import: %s", stderr)
					}
					if want := fmt.Sprintf("%d utfallsrader och %d budgetrader", rep.Stored.OutcomeRows, rep.Stored.BudgetRows); !strings.Contains(out, want) {
						t.Errorf("import says %q; inspect %s", out, want)
					}
					db, err := store.Open(context.Background(), u)
					if err != nil {
						t.Fatal(err)
					}
					defer db.Close()
					stored := func(budget bool, from, to int) int64 {
						totals, err := db.LedgerAccountTotals(context.Background(), "0126", "ks", budget, from, to)
						if err != nil {
							t.Fatal(err)
						}
						var sum int64
						for _, v := range totals {
							sum += v
						}
						return sum
					}
					check := func(what string, s inspectSums, from, to int) {
						if o, b := stored(false, from, to), stored(true, from, to); o != s.OutcomeOre || b != s.BudgetOre {
							t.Errorf("%s: stored outcome %d, budget %d; inspect says %d, %d", what, o, b, s.OutcomeOre, s.BudgetOre)
						}
					}
					check("in all", *rep.Stored, 190001, 999912)
					for _, y := range rep.Years {
						from, _ := strconv.Atoi(strings.ReplaceAll(y.Start[:7], "-", ""))
						to, _ := strconv.Atoi(strings.ReplaceAll(y.End[:7], "-", ""))
						check(fmt.Sprintf("year %d", y.Index), y.inspectSums, from, to)
					}
					if rep.Stored.OutcomeRows == 0 {
						t.Errorf("%s stores no outcome: the comparison proves little", name)
					}
				})
			}
			// A file whose sums pass 64 bits: both refuse it alike.
			u := storetest.URL(t, d)
			if code, _, stderr := runCmd(t, "import", writeFile(t, "huddinge.yaml", demo.Bytes()), "--db", u); code != 0 {
				t.Fatalf("import demo: %s", stderr)
			}
			code, out, _ := runCmd(t, "sie", "inspect", "--json", sieFile("belopp-overflow.se"))
			var rep inspectReport
			json.Unmarshal([]byte(out), &rep)
			_, _, stderr := runCmd(t, "import", "sie", sieFile("belopp-overflow.se"), "--unit", "ks", "--lenient", "--db", u)
			if code != 1 || !strings.Contains(rep.Error, ":16: utfallet för kontot 5010 i 2021-03 summerar till mer än") || !strings.Contains(stderr, rep.Error) {
				t.Errorf("overflow: inspect %d %q, import %q", code, rep.Error, stderr)
			}
		})
	}
}
