package main

import (
	"path/filepath"
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
