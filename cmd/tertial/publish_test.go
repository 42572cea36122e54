package main

import (
	"context"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/tertial/tertial/demo"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

var publishedLine = regexp.MustCompile(`(?m)^  ([0-9a-f]{64})  (\S+)  (\d+) byte$`)

// TestPublishAllFormats: tertial publish renders the locked demo period in all four
// formats; publishing again gives a second version whose files are byte for byte the
// same (their hashes equal), because rendering is deterministic.
func TestPublishAllFormats(t *testing.T) {
	if os.Getenv("TERTIAL_TEST_BROWSER") == "" {
		t.Skip("publishing renders PDF: set TERTIAL_TEST_BROWSER to a Chromium binary")
	}
	db := storetest.URL(t, store.SQLite)
	if code, _, stderr := runCmd(t, "import", writeFile(t, "demo.yaml", demo.Bytes()), "--db", db); code != 0 {
		t.Fatal(stderr)
	}
	if code, _, stderr := runCmd(t, "publish", "--db", db); code != 1 || !strings.Contains(stderr, "inte låst") {
		t.Errorf("publishing an open period: %d %q", code, stderr)
	}
	sdb, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	err = sdb.LockPeriod(context.Background(), "test", store.PeriodRef{Municipality: "0126", Unit: "ks", Period: "2021-08"},
		store.Decision{Date: time.Date(2021, 9, 22, 0, 0, 0, 0, time.UTC), Paragraph: "§ 12"})
	sdb.Close()
	if err != nil {
		t.Fatal(err)
	}
	hashes := func() map[string]string {
		code, out, stderr := runCmd(t, "publish", "--db", db)
		if code != 0 {
			t.Fatalf("publish: %d %s", code, stderr)
		}
		got := map[string]string{}
		for _, m := range publishedLine.FindAllStringSubmatch(out, -1) {
			got[m[2]] = m[1]
		}
		return got
	}
	first, second := hashes(), hashes()
	for _, name := range []string{"kommunstyrelsen-2021-08.html", "kommunstyrelsen-2021-08.pdf", "kommunstyrelsen-2021-08.docx", "kommunstyrelsen-2021-08.xlsx"} {
		if first[name] == "" {
			t.Errorf("%s was not published", name)
		} else if first[name] != second[name] {
			t.Errorf("%s differs between two publications of the same data", name)
		}
	}
}
