package main

import (
	"context"
	"net"
	"strings"
	"testing"

	"github.com/tertial/tertial/demo"
	"github.com/tertial/tertial/kolada/koladatest"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

// TestKoladaSync: one command fills the demo's mapped indicators from a (fake) Kolada, and
// the report then shows the comparisons; without Kolada it exits 1 with one line saying why.
func TestKoladaSync(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + ln.Addr().String() + "/v3"
	ln.Close()
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			db := storetest.URL(t, d)
			if code, _, stderr := runCmd(t, "import", writeFile(t, "huddinge.yaml", demo.Bytes()), "--db", db); code != 0 {
				t.Fatalf("import demo: %s", stderr)
			}

			code, out, stderr := runCmd(t, "kolada", "sync", "--unit", "ks", "--period", "2021-08", "--db", db, "--kolada-url", closed)
			lines := strings.Split(strings.TrimSpace(stderr), "\n")
			last := lines[len(lines)-1]
			if code != 1 || out != "" || !strings.HasPrefix(last, "tertial: kolada sync: Kolada (127.0.0.1:") || !strings.Contains(last, "kan inte nås") ||
				strings.Count(stderr, "tertial:") != 1 {
				t.Errorf("offline: exit %d, stdout %q, stderr %q", code, out, stderr)
			}
			if code, rep, _ := runCmd(t, "report", "--unit", "ks", "--period", "2021-08", "--format", "html", "--db", db); code != 0 || strings.Contains(rep, "Källa: Kolada") {
				t.Errorf("report after the failed sync: exit %d", code)
			}

			fake := koladatest.New(t)
			code, out, stderr = runCmd(t, "kolada", "sync", "--unit", "ks", "--period", "2021-08", "--db", db, "--kolada-url", fake.URL())
			if code != 0 || !strings.Contains(out, "Hämtade från Kolada: 6 nyckeltal för 6 indikatorer, åren 2019–2021, 26 kommuner (G33612, Stockholms läns kommuner (ovägt medel))") {
				t.Fatalf("sync: exit %d\n%s%s", code, out, stderr)
			}
			if !strings.Contains(stderr, "[1/7] hämtar") || !strings.Contains(stderr, "[7/7] klart") {
				t.Errorf("progress:\n%s", stderr)
			}
			// The fake answers as Kolada v3 does: members as member_id/member_title, and
			// figures flagged isdeleted, which the sync must not keep.
			sdb, err := store.Open(context.Background(), db)
			if err != nil {
				t.Fatal(err)
			}
			ds, err := sdb.Dataset(context.Background(), "0126")
			sdb.Close()
			if err != nil {
				t.Fatal(err)
			}
			if ds.Kolada == nil || len(ds.Kolada.CountyMembers) != 26 || ds.Kolada.MemberTitle("0126") != "Huddinge" {
				t.Fatalf("stored county group: %+v", ds.Kolada)
			}
			for _, v := range ds.Kolada.Values {
				if v.Municipality == koladatest.DeletedMunicipality && v.Year == koladatest.DeletedYear {
					t.Errorf("a figure Kolada flags isdeleted was kept: %+v", v)
				}
			}
			code, rep, stderr := runCmd(t, "report", "--unit", "ks", "--period", "2021-08", "--format", "html", "--db", db)
			if code != 0 {
				t.Fatalf("report: %s", stderr)
			}
			for _, want := range []string{"Källa: Kolada", "Jämförelse: Sjukfrånvaro (%)", "Jämförelse: Skattesats, kommun (%)", "Länssnitt"} {
				if !strings.Contains(rep, want) {
					t.Errorf("the report lacks %q", want)
				}
			}
			// The demo's relative targets are its long-term ones (2030): Sjukfrånvaro's and
			// Skattesats's "Länssnitt", NKI's "Topp tre i länet"; each is assessed with 2021's
			// value, in the indicator table and under the comparison table.
			for _, want := range []string{"Målvärde 2030 Länssnitt: värdet 2021 mot målvärdet: ", "Målvärde 2030 Topp tre i länet: värdet 2021 mot målvärdet: ", "kommuner med värde i länet"} {
				if !strings.Contains(rep, want) {
					t.Errorf("the report lacks %q", want)
				}
			}
			if n := strings.Count(rep, "värdet 2021 mot målvärdet: "); n < 6 {
				t.Errorf("%d long-term assessments, want 3 in the indicator tables and 3 under the comparisons", n)
			}
			if strings.Contains(rep, "mot målvärdet: kan inte bedömas") {
				t.Error("a relative long-term target could not be assessed after the sync")
			}
		})
	}
}
