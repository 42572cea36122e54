package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tertial/tertial/demo"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

// runCmd runs the command as a user would and returns exit code, stdout and stderr.
func runCmd(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(context.Background(), args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func writeFile(t *testing.T, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestExportImportExport: export → import → export gives the same bytes, through the
// commands, on both databases, for the demo and the invented municipality.
func TestExportImportExport(t *testing.T) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			ekby, err := os.ReadFile(filepath.Join("..", "..", "testdata", "ekby.yaml"))
			if err != nil {
				t.Fatal(err)
			}
			files := map[string][]byte{"ekby.yaml": ekby}
			for _, dm := range demo.All() {
				files["demo-"+dm.Name+".yaml"] = dm.Bytes() // not "ekby.yaml": the ekby demo is not testdata's Ekby
			}
			for name, src := range files {
				db := storetest.URL(t, d)
				if code, _, stderr := runCmd(t, "import", writeFile(t, name, src), "--db", db); code != 0 {
					t.Fatalf("import %s: exit %d: %s", name, code, stderr)
				}
				first := filepath.Join(t.TempDir(), "first.yaml")
				if code, _, stderr := runCmd(t, "export", "--db", db, "-o", first); code != 0 {
					t.Fatalf("export: exit %d: %s", code, stderr)
				}
				db2 := storetest.URL(t, d)
				if code, _, stderr := runCmd(t, "import", "--db", db2, first); code != 0 {
					t.Fatalf("re-import: exit %d: %s", code, stderr)
				}
				code, second, stderr := runCmd(t, "export", "--db", db2)
				if code != 0 {
					t.Fatalf("second export: exit %d: %s", code, stderr)
				}
				firstBytes, _ := os.ReadFile(first)
				if string(firstBytes) != second {
					t.Errorf("%s: export → import → export is not byte-identical", name)
				}
			}
		})
	}
}

// TestBadImportChangesNothing: a bad file gives file:line messages on stderr, exit 1, and
// the database keeps exactly what it had.
func TestBadImportChangesNothing(t *testing.T) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			db := storetest.URL(t, d)
			if code, _, stderr := runCmd(t, "import", writeFile(t, "demo.yaml", demo.Bytes()), "--db", db); code != 0 {
				t.Fatalf("import demo: %s", stderr)
			}
			_, before, _ := runCmd(t, "export", "--db", db)
			demoText := string(demo.Bytes())
			// Every kind of bad input. Each case also renames the municipality, a valid
			// change, so that a partial write would show.
			rename := func(s string) string { return strings.Replace(s, "name: Huddinge kommun", "name: Ändrad kommun", 1) }
			edit := func(old, new string) []byte {
				s := strings.Replace(demoText, old, new, 1)
				if s == demoText {
					t.Fatalf("case does not apply: %q", old)
				}
				return []byte(rename(s))
			}
			for _, c := range []struct {
				name string
				data []byte
				want string
			}{
				{"unknown field", edit("municipality:\n", "municipality:\n  mayor: Someone\n"), `bad.yaml:3: municipality.mayor: okänt fält "mayor"`},
				{"missing required field", edit("    direction: higher\n", ""), `fältet "direction" saknas`},
				{"duplicate ID", edit("id: nm-skattemedel", "id: kf-skattemedel"), `id "kf-skattemedel" finns redan`},
				{"missing goal", edit("goal: kf-skattemedel", "goal: kf-saknas"), `inget mål "kf-saknas"`},
				{"missing unit", edit("parent: kf\n", "parent: kf-saknas\n"), `ingen enhet "kf-saknas"`},
				{"missing period", edit("period: 2021-08", "period: 2021-04"), `ingen period "2021-04"`},
				{"bad target", edit(`target: "≥2"`, `target: "≥två"`), "kan inte läsas"},
				{"non-numeric value", edit("value: 2.7", "value: två"), `"två" är inte ett tal`},
				{"decimals in tkr", edit("budget: 46166", "budget: 46166.5"), "tillåter bara hela tal"},
				{"invalid UTF-8", []byte(rename(demoText) + "\xff\n"), "inte giltig UTF-8"},
				{"empty file", []byte{}, "bad.yaml:1: filen är tom"},
			} {
				code, _, stderr := runCmd(t, "import", writeFile(t, "bad.yaml", c.data), "--db", db)
				if code != 1 {
					t.Errorf("%s: exit %d, want 1", c.name, code)
				}
				if !strings.Contains(stderr, c.want) || !strings.Contains(stderr, "bad.yaml:") {
					t.Errorf("%s: stderr %q does not contain %q", c.name, stderr, c.want)
				}
				if _, after, _ := runCmd(t, "export", "--db", db); after != before {
					t.Errorf("%s: the database changed", c.name)
				}
			}
		})
	}
}

func TestUsageErrors(t *testing.T) {
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{nil, 2, "Användning"},
		{[]string{"fly"}, 2, `okänt kommando "fly"`},
		{[]string{"import"}, 2, "ange en fil"},
		{[]string{"import", "/no/such/file.yaml", "--demo"}, 1, "kan inte läsa /no/such/file.yaml"},
		{[]string{"export", "--demo", "--db", "sqlite:x.db"}, 2, "--demo och --db"},
		{[]string{"export", "--db", "mysql://x"}, 1, "okänd databasadress"},
		{[]string{"import", "--nope", "x"}, 2, "flag provided but not defined"},
	} {
		code, _, stderr := runCmd(t, c.args...)
		if code != c.code || !strings.Contains(stderr, c.want) {
			t.Errorf("tertial %v: exit %d, stderr %q; want exit %d and %q", c.args, code, stderr, c.code, c.want)
		}
	}
}

// TestDemoExport: --demo on any command gives a fresh database with the demo.
func TestDemoExport(t *testing.T) {
	code, out, stderr := runCmd(t, "export", "--demo")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"name: Huddinge kommun", "Medarbetarengagemang (HME total nivå KS)", "Plats 13 i länet", "-228625"} {
		if !strings.Contains(out, want) {
			t.Errorf("export --demo lacks %q", want)
		}
	}
}

// TestExportNeedsMunicipalityWhenSeveral: with two municipalities export asks which one.
func TestExportNeedsMunicipalityWhenSeveral(t *testing.T) {
	db := storetest.URL(t, store.SQLite)
	ekby := filepath.Join("..", "..", "testdata", "ekby.yaml")
	for _, f := range []string{writeFile(t, "demo.yaml", demo.Bytes()), ekby} {
		if code, _, stderr := runCmd(t, "import", f, "--db", db); code != 0 {
			t.Fatal(stderr)
		}
	}
	if code, _, stderr := runCmd(t, "export", "--db", db); code != 2 || !strings.Contains(stderr, "--municipality") {
		t.Errorf("exit %d, %q", code, stderr)
	}
	code, out, _ := runCmd(t, "export", "--db", db, "--municipality", "0126")
	if code != 0 || !strings.Contains(out, "Huddinge") || strings.Contains(out, "Ekby") {
		t.Errorf("export --municipality 0126: exit %d", code)
	}
}
