package main

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tertial/tertial/demo"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

// TestDemoList: tertial demo --list names every demo with its one-line description and
// says which one --demo loads.
func TestDemoList(t *testing.T) {
	code, out, stderr := runCmd(t, "demo", "--list")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 {
		t.Fatalf("%d lines, want one per demo (3):\n%s", len(lines), out)
	}
	for i, want := range []string{"huddinge", "simrishamn", "ekby"} {
		if f := strings.Fields(lines[i]); len(f) < 2 || f[0] != want {
			t.Errorf("line %d %q does not start with %q and a description", i+1, lines[i], want)
		}
	}
	for _, want := range []string{"Huddinge kommun, Kommunstyrelsen", "Simrishamns kommun, Kultur- och fritidsnämnden: årsbokslut 2025", "Ekby kommun (påhittad)"} {
		if !strings.Contains(out, want) {
			t.Errorf("list lacks %q:\n%s", want, out)
		}
	}
	if !strings.Contains(lines[0], "standard") || strings.Contains(lines[1], "standard") || strings.Contains(lines[2], "standard") {
		t.Errorf("the default is not marked on huddinge's line alone:\n%s", out)
	}
}

// TestDemoLoads: tertial demo NAME --db URL loads the demo as tertial import of its file
// does: the export afterwards is the same, and another municipality already in the
// database stays. Every demo on SQLite; on PostgreSQL the one that is not the default (the
// default is imported there by many other tests).
func TestDemoLoads(t *testing.T) {
	ekby := filepath.Join("..", "..", "testdata", "ekby.yaml")
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			names := demo.Names()
			if d == store.Postgres {
				names = names[1:]
			}
			for _, name := range names {
				dm, ok := demo.Get(name)
				if !ok {
					t.Fatalf("no demo %q", name)
				}
				ds, err := dm.Dataset()
				if err != nil {
					t.Fatal(err)
				}
				code := ds.Municipality.Code

				viaImport := storetest.URL(t, d)
				if c, _, stderr := runCmd(t, "import", writeFile(t, name+".yaml", dm.Bytes()), "--db", viaImport); c != 0 {
					t.Fatalf("import %s: %s", name, stderr)
				}
				_, want, _ := runCmd(t, "export", "--db", viaImport)

				db := storetest.URL(t, d)
				if c, _, stderr := runCmd(t, "import", ekby, "--db", db); c != 0 {
					t.Fatal(stderr)
				}
				c, out, stderr := runCmd(t, "demo", name, "--db", db)
				if c != 0 {
					t.Fatalf("demo %s: exit %d: %s", name, c, stderr)
				}
				if !strings.HasPrefix(out, "Läste in "+ds.Municipality.Name+" ("+code+"):") {
					t.Errorf("demo %s says %q", name, out)
				}
				_, got, stderr := runCmd(t, "export", "--db", db, "--municipality", code)
				if want == "" || got != want {
					t.Errorf("demo %s: the export differs from that of import of %s (%s)", name, dm.FileName, stderr)
				}
				// The ekby demo is Ekby (9901) itself, so it replaces testdata's Ekby.
				if c, out, _ := runCmd(t, "export", "--db", db, "--municipality", "9901"); code != "9901" && (c != 0 || !strings.Contains(out, "name: Ekby kommun")) {
					t.Errorf("demo %s: Ekby is gone from the database (exit %d)", name, c)
				}
				// Loading it again replaces it, as import does.
				if c, _, stderr := runCmd(t, "demo", "--db", db, name); c != 0 {
					t.Errorf("demo %s again: exit %d: %s", name, c, stderr)
				}
			}
		})
	}
}

func TestDemoUsageErrors(t *testing.T) {
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"demo"}, 2, "ange en demo"},
		{[]string{"demo", "lund"}, 2, `okänd demo "lund": välj bland huddinge, simrishamn, ekby`},
		{[]string{"demo", "huddinge", "simrishamn"}, 2, "ange en demo"},
		{[]string{"demo", "--list", "huddinge"}, 2, "--list tar inga argument"},
		{[]string{"demo", "simrishamn", "--demo"}, 2, "flag provided but not defined: -demo"},
		{[]string{"export", "--demo=lund"}, 2, `okänd demo "lund"`},
		{[]string{"export", "--demo=simrishamn", "--db", "sqlite:x.db"}, 2, "--demo och --db"},
	} {
		code, _, stderr := runCmd(t, c.args...)
		if code != c.code || !strings.Contains(stderr, c.want) {
			t.Errorf("tertial %v: exit %d, stderr %q; want exit %d and %q", c.args, code, stderr, c.code, c.want)
		}
	}
	if _, err := os.Stat("x.db"); err == nil {
		t.Error("a refused command created x.db")
	}
}

// TestDemoFlagNames: --demo alone is Huddinge, as it always was; --demo=NAME another demo,
// --demo=false none.
func TestDemoFlagNames(t *testing.T) {
	for _, c := range []struct {
		flag, want, not string
	}{
		{"--demo", "name: Huddinge kommun", "Simrishamn"},
		{"--demo=true", "name: Huddinge kommun", "Simrishamn"},
		{"--demo=huddinge", "name: Huddinge kommun", "Simrishamn"},
		{"--demo=simrishamn", "name: Simrishamns kommun", "Huddinge"},
	} {
		code, out, stderr := runCmd(t, "export", c.flag)
		if code != 0 || !strings.Contains(out, c.want) || strings.Contains(out, c.not) {
			t.Errorf("export %s: exit %d (%s); want %q and no %q", c.flag, code, stderr, c.want, c.not)
		}
	}
	db := storetest.URL(t, store.SQLite)
	if code, _, stderr := runCmd(t, "export", "--demo=false", "--db", db); code != 1 || !strings.Contains(stderr, "databasen är tom") {
		t.Errorf("export --demo=false --db EMPTY: exit %d, %q; want the empty database, not a demo", code, stderr)
	}
}

// TestReportSimrishamn: the Simrishamn demo renders in every format, speaks its own words
// (none of Huddinge's that Simrishamn does not use), and check names what the extraction of
// its source lost: the goals' assessments and the activities' statuses.
func TestReportSimrishamn(t *testing.T) {
	dir := t.TempDir()
	formats := []string{"html", "docx", "xlsx"}
	if os.Getenv("TERTIAL_TEST_BROWSER") != "" {
		formats = append(formats, "pdf")
	}
	for _, f := range formats {
		out := filepath.Join(dir, "simrishamn."+f)
		code, _, stderr := runCmd(t, "report", "--demo=simrishamn", "--format", f, "-o", out)
		if code != 0 {
			t.Fatalf("report --format %s: exit %d: %s", f, code, stderr)
		}
		if st, err := os.Stat(out); err != nil || st.Size() < 10000 {
			t.Errorf("%s: %v, %v", f, st, err)
		}
	}
	b, err := os.ReadFile(filepath.Join(dir, "simrishamn.html"))
	if err != nil {
		t.Fatal(err)
	}
	page := string(b)
	for _, want := range []string{"<h1>2025 Årsbokslut</h1>", "Kultur- och fritidsnämnden", "Status: Påbörjad", "Rapportperiod: 2025", "Organisation: Kultur- och fritidsnämnden",
		"Verksamhetsberättelse", "Ordförande: Charlotta Wasteson (L)", "Entreprenader &amp; rättstvister",
		"Finansiella rapporter", "Måluppföljning", "Fokusområde: 04 Hav och marina resurser",
		`<th scope="col">Verksamhetsmål</th><th scope="col">Bedömning</th>`, `<th scope="row">Kommunen ska skapa förutsättningar`,
		`<th scope="row">Arbeta för en livskraftig landsbygd.</th>`,
		`scope="col">Aktivitet</th>`, "<caption>Aktivitet: ", "Bilaga 1. Ekonomisk översikt över drift, bidrag, statistik och projekt",
		"Summa investeringsprojekt", "Återstår", "Verksamheter (tkr)", `id="tabell-drift-total"`} {
		if !strings.Contains(page, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	// "Uppdrag" is a chapter of Simrishamn's own (the nämnd's uppdrag), never a column.
	for _, bad := range []string{"Brytdatum", "Prognos", "reliminär", "Uppnås", "✔", `scope="col">Uppdrag</th>`, "<caption>Uppdrag", "hållbarhet</h", "Målområde"} {
		if strings.Contains(page, bad) {
			t.Errorf("report contains Huddinge's %q", bad)
		}
	}

	code, out, _ := runCmd(t, "check", "--demo=simrishamn")
	if code != 1 {
		t.Fatalf("check: exit %d, want 1 (the source lost its status icons)", code)
	}
	var assessments, statuses int
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		if !strings.HasPrefix(l, "kfn/2025-12: ") {
			t.Errorf("line without where: %q", l)
		}
		if strings.Contains(l, "saknar status") {
			statuses++
		}
		if strings.Contains(l, "bedömning") && strings.Contains(l, " [goal ") {
			assessments++
		}
	}
	if statuses != 22 || assessments != 11 {
		t.Errorf("check names %d activities without status and %d goals without assessment; want 22 and 11:\n%s", statuses, assessments, out)
	}
}

// TestServeDemoNames: serve --demo=NAME serves that demo with its accounts: the sign-in
// page names the reporter's unit, and the reporter signs in and sees the demo's period.
// --demo alone still serves Huddinge.
func TestServeDemoNames(t *testing.T) {
	for _, c := range []struct {
		flag, unit, page string
	}{
		{"--demo", "rapportör för Kommunstyrelsen", "Delårsrapport per 31 augusti 2021"},
		{"--demo=simrishamn", "rapportör för Kultur- och fritidsnämnden", "2025 Årsbokslut"},
	} {
		base, stop := startServe(t, c.flag)
		resp, err := http.Get(base + "logga-in")
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if !strings.Contains(string(b), c.unit) {
			t.Errorf("serve %s: the sign-in page does not say %q", c.flag, c.unit)
		}
		jar, _ := cookiejar.New(nil)
		client := &http.Client{Jar: jar}
		resp, err = client.PostForm(base+"logga-in", url.Values{"namn": {"rapportor"}, "losenord": {"demo"}})
		if err != nil {
			t.Fatal(err)
		}
		b, _ = io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || !strings.Contains(string(b), c.page) {
			t.Errorf("serve %s: rapportor signs in to %d without %q", c.flag, resp.StatusCode, c.page)
		}
		stop()
	}
}
