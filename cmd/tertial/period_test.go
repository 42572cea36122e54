package main

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tertial/tertial/demo"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

// TestPeriodCreate: tertial period create makes a period from an earlier one; bad values
// give one line per problem and exit 1, usage mistakes exit 2, and neither changes the
// database; period list shows the new period with what it was made from.
func TestPeriodCreate(t *testing.T) {
	db := storetest.URL(t, store.SQLite)
	if code, _, stderr := runCmd(t, "import", writeFile(t, "demo.yaml", demo.Bytes()), "--db", db); code != 0 {
		t.Fatalf("import: %s", stderr)
	}
	_, before, _ := runCmd(t, "export", "--db", db)

	for _, c := range []struct {
		name  string
		args  []string
		exit  int
		lines []string // each must be a line of stderr
	}{
		{"missing flags", []string{"--unit", "ks", "--id", "2022-08"}, 2, nil},
		{"unknown flag", []string{"--unit", "ks", "--colour", "blue"}, 2, nil},
		{"bad date", []string{"--unit", "ks", "--id", "2022-08", "--kind", "interim", "--title", "T", "--cutoff", "2022-13-01"}, 1,
			[]string{`tertial: --cutoff: "2022-13-01" är inget datum: skriv ÅÅÅÅ-MM-DD`}},
		{"several problems", []string{"--unit", "ks", "--id", "2021-08", "--kind", "tertial", "--title", "T", "--cutoff", "2022-08-31", "--start", "2022-09-01", "--from", "2020-08"}, 1,
			[]string{`tertial: --id: enheten "ks" har redan en period "2021-08"`, `tertial: --kind: okänd periodtyp "tertial": ska vara en av plan, interim, annual`,
				`tertial: --start: startdatum efter brytdatum`, `tertial: --from: enheten "ks" har ingen period "2020-08" att utgå från`}},
		{"overlap", []string{"--unit", "ks", "--id", "t2", "--kind", "interim", "--title", "T", "--cutoff", "2021-08-31"}, 1,
			[]string{`tertial: --cutoff: perioden överlappar enhetens period "2021-08" (2021-01-01–2021-08-31) av samma typ`}},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, _, stderr := runCmd(t, append([]string{"period", "create", "--db", db}, c.args...)...)
			if code != c.exit {
				t.Errorf("exit %d, want %d: %s", code, c.exit, stderr)
			}
			got := strings.Split(strings.TrimSpace(stderr), "\n")
			for _, want := range c.lines {
				found := false
				for _, l := range got {
					found = found || l == want
				}
				if !found {
					t.Errorf("stderr lacks the line %q:\n%s", want, stderr)
				}
			}
			if c.lines != nil && len(got) != len(c.lines) {
				t.Errorf("%d lines, want one per problem (%d):\n%s", len(got), len(c.lines), stderr)
			}
			if _, after, _ := runCmd(t, "export", "--db", db); after != before {
				t.Error("the database changed")
			}
		})
	}

	code, stdout, stderr := runCmd(t, "period", "create", "--db", db, "--municipality", "0126", "--unit", "ks", "--id", "2022-08", "--kind", "interim",
		"--title", "Delårsrapport per 31 augusti 2022", "--cutoff", "2022-08-31", "--from", "2021-08")
	if code != 0 {
		t.Fatalf("create: exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "2022-08") || !strings.Contains(stdout, "Utgår från 2021-08") {
		t.Errorf("stdout %q", stdout)
	}
	code, stdout, stderr = runCmd(t, "period", "list", "--db", db, "--unit", "ks")
	if code != 0 {
		t.Fatalf("list: exit %d: %s", code, stderr)
	}
	rows, err := csv.NewReader(strings.NewReader(stdout)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := "ks,2022-08,interim,Delårsrapport per 31 augusti 2022,2022-01-01,2022-08-31,open,2021-08,,,"
	if len(rows) != 3 || strings.Join(rows[2], ",") != want {
		t.Errorf("list:\n%s\nwant the last row %s", stdout, want)
	}
	// The export with the new period imports into a fresh database and exports the same.
	first := filepath.Join(t.TempDir(), "first.yaml")
	if code, _, stderr := runCmd(t, "export", "--db", db, "-o", first); code != 0 {
		t.Fatal(stderr)
	}
	db2 := storetest.URL(t, store.SQLite)
	if code, _, stderr := runCmd(t, "import", first, "--db", db2); code != 0 {
		t.Fatalf("the export does not import: %s", stderr)
	}
	_, second, _ := runCmd(t, "export", "--db", db2)
	if b, _ := os.ReadFile(first); string(b) != second {
		t.Error("export → import → export is not byte-identical")
	}
}
