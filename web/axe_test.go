package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/kolada"
	"github.com/tertial/tertial/kolada/koladatest"
	"github.com/tertial/tertial/publish"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
	"github.com/tertial/tertial/web"
)

// axeDir holds the axe-core runner (tools/axe/axe.mjs) and its npm packages.
var axeDir = filepath.Join("..", "tools", "axe")

// axeResult is one page of the JSON document tools/axe/axe.mjs prints.
type axeResult struct {
	URL        string `json:"url"`
	Violations []struct {
		ID     string `json:"id"`
		Impact string `json:"impact"`
		Help   string `json:"help"`
		Nodes  []struct {
			Target         []string `json:"target"`
			HTML           string   `json:"html"`
			FailureSummary string   `json:"failureSummary"`
		} `json:"nodes"`
	} `json:"violations"`
}

// axeTools returns the Chromium binary and node, or skips the test with what to install.
func axeTools(t *testing.T) (chromium, node string) {
	t.Helper()
	chromium = os.Getenv(BrowserEnv)
	if chromium == "" {
		t.Skipf("axe test is off: set %s to a Chromium binary (e.g. /usr/bin/chromium) and run `npm ci` in tools/axe", BrowserEnv)
	}
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("axe test is off: node is not on PATH; install Node.js and run `npm ci` in tools/axe")
	}
	for _, pkg := range []string{"playwright-core", "axe-core"} {
		if _, err := os.Stat(filepath.Join(axeDir, "node_modules", pkg, "package.json")); err != nil {
			t.Skipf("axe test is off: %s is not installed; run `npm ci` in tools/axe", pkg)
		}
	}
	return chromium, node
}

// runAxe checks the pages (http:// with the session cookie, or file://) with axe-core and
// reports every violation, and every page axe did not report on, as a test error; trim
// is cut from the front of URLs in messages.
func runAxe(t *testing.T, urls []string, cookie, trim string) {
	t.Helper()
	chromium, node := axeTools(t)
	// One browser checks every page in turn; a loaded machine needs seconds a page.
	ctx, cancel := context.WithTimeout(context.Background(), max(3*time.Minute, time.Duration(len(urls))*15*time.Second))
	defer cancel()
	script, err := filepath.Abs(filepath.Join(axeDir, "axe.mjs"))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.CommandContext(ctx, node, append([]string{script, "--chromium", chromium, "--cookie", "tertial_session=" + cookie}, urls...)...)
	cmd.Dir = axeDir
	cmd.Env = append(os.Environ(), "FORCE_COLOR=0")
	// On timeout ask node to stop first, so that it closes Chromium; kill it if it does not.
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 10 * time.Second
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err = cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("axe did not finish within 3 minutes: %v\n%s", err, stderr.String())
	}
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		t.Fatalf("axe failed (%v):\n%s", err, stderr.String())
	} else if err != nil {
		t.Fatalf("run axe: %v", err)
	}
	t.Logf("axe checked %d pages in %s", len(urls), time.Since(start).Round(time.Millisecond))

	var results []axeResult
	if err := json.Unmarshal(stdout.Bytes(), &results); err != nil {
		t.Fatalf("axe output is not the JSON expected: %v\n%s", err, stdout.String())
	}
	seen := map[string]bool{}
	for _, r := range results {
		seen[r.URL] = true
		path := strings.TrimPrefix(r.URL, trim)
		for _, v := range r.Violations {
			target, snippet := "", ""
			if len(v.Nodes) > 0 {
				target = strings.Join(v.Nodes[0].Target, " ")
				snippet = v.Nodes[0].HTML
				if r := []rune(snippet); len(r) > 200 {
					snippet = string(r[:200]) + "…"
				}
			}
			t.Errorf("%s: %s (%s): %s; %d element(s), first %s: %s", path, v.ID, v.Impact, v.Help, len(v.Nodes), target, snippet)
		}
	}
	for _, u := range urls {
		if !seen[u] {
			t.Errorf("%s: not in axe's results", strings.TrimPrefix(u, trim))
		}
	}
}

// TestAccessibilityAxe runs axe-core's WCAG 2.1 A and AA rules in headless Chromium over
// every kind of page the site serves, for both the demo and Ekby, and fails on any
// violation. It needs TERTIAL_TEST_BROWSER, node, and `npm ci` run in tools/axe.
func TestAccessibilityAxe(t *testing.T) {
	axeTools(t)

	db := storetest.Open(t, store.SQLite)
	demo, ekby := demoDataset(t), ekbyDataset(t)
	srv := siteWith(t, db, web.Options{UnreadTTL: -1}, demo, ekby)
	// The demo's period with Kolada's figures (comparison tables and charts, Kolada's
	// values beside the entered ones); Ekby's pages stay without.
	if _, err := kolada.Sync(context.Background(), kolada.New(koladatest.New(t).URL()), db, "test", "0126", "ks", "2021-08", nil); err != nil {
		t.Fatal(err)
	}

	// An imported ledger: the statement's mapping form shows what it maps, and the reports
	// say where their amounts come from.
	importLedger(t, db, "kommun-4e.se")

	// A period made from the demo's: its text form offers the earlier text.
	if _, err := db.CreatePeriod(context.Background(), "test", "0126", tertial.PeriodSpec{Unit: "ks", ID: "2022-08", Kind: tertial.PeriodInterim,
		Title: "Delårsrapport per 31 augusti 2022", Cutoff: time.Date(2022, 8, 31, 0, 0, 0, 0, time.UTC), From: "2021-08"}); err != nil {
		t.Fatal(err)
	}

	// The pages to check, each with the status it must have.
	type page struct {
		path   string
		status int
		report bool
	}
	pages := []page{
		{"/", http.StatusOK, false},
		{"/kommuner/0126", http.StatusOK, false},
		{"/kommuner/9901", http.StatusOK, false},
		{"/finns-inte", http.StatusNotFound, false},
		{"/logga-in", http.StatusOK, false},
		{"/kommuner/0126/enheter/ks/perioder/2021-08/redigera", http.StatusOK, false},
		{"/kommuner/0126/enheter/ks/perioder/2021-08/redigera/mal/nm-skattemedel", http.StatusOK, false},
		{"/kommuner/0126/enheter/ks/perioder/2021-08/redigera/indikator/sjukfranvaro/2021", http.StatusOK, false},
		{"/kommuner/0126/enheter/ks/perioder/2021-08/redigera/uppdrag/ekonomimodell", http.StatusOK, false},
		{"/kommuner/0126/enheter/ks/perioder/2021-08/redigera/rad/drift/personal", http.StatusOK, false},
		{"/kommuner/0126/enheter/ks/perioder/2021-08/redigera/kontomappning/drift", http.StatusOK, false},
		{"/kommuner/0126/enheter/ks/perioder/2021-08/tabeller/drift", http.StatusOK, false},
		{"/kommuner/0126/enheter/ks/perioder/2021-08/tabeller/samhallsbyggnad", http.StatusOK, false},
		{"/kommuner/0126/enheter/ks/perioder/2021-08/mal/nm-arbetsgivare/indikatorer", http.StatusOK, false},
		{"/kommuner/0126/enheter/ks/perioder/2022-08/texter", http.StatusOK, false},
		{"/kommuner/0126/enheter/ks/perioder/2021-08/bokforing", http.StatusOK, false},
		{"/historik?kommun=0126&typ=goal&nyckel=nm-skattemedel@ks/2021-08", http.StatusOK, false},
		{"/kommuner/0126/enheter/ks/perioder/2021-08/arbetsflode", http.StatusOK, false},
		{"/kommuner/0126/enheter/ks/perioder/2021-08/publicerat", http.StatusOK, false},
		{"/kommuner/0126/enheter/ks/perioder/2021-08/kolada", http.StatusOK, false},
		{"/kommuner/9901/enheter/kfn/perioder/2025-12/kolada", http.StatusOK, false},
		{"/kommuner/0126/perioder/2021-08/arbetsflode", http.StatusOK, false},
		{"/kommuner/0126/enheter/ks/perioder/2022-08", http.StatusOK, false},
		{"/kommuner/0126/enheter/ks/perioder/2022-08/redigera/text/sammanfattning-namndmal", http.StatusOK, false},
		{"/kommuner/9901/perioder/2025-04/arbetsflode", http.StatusOK, false},
		{"/kommuner/9901/enheter/kfn/perioder/2025-12/arbetsflode", http.StatusOK, false},
		{"/kommuner/9901/enheter/kfn/perioder/2025-12/redigera", http.StatusOK, false},
		{"/kommuner/9901/enheter/kfn/perioder/2025-12/redigera/mal/kfn-1", http.StatusOK, false},
		{"/historik?kommun=0126&typ=money_row&nyckel=ks/2021-08/drift/personal", http.StatusOK, false},
		{"/kommuner/0126/struktur/mal", http.StatusOK, false},
		{"/kommuner/0126/struktur/mal/nm-skattemedel", http.StatusOK, false},
		{"/kommuner/0126/struktur/mal/nytt?under=kf-skattemedel", http.StatusOK, false},
		{"/kommuner/0126/struktur/indikatorer/sjukfranvaro", http.StatusOK, false},
		{"/kommuner/0126/struktur/uppdrag/ekonomimodell", http.StatusOK, false},
		{"/kommuner/0126/enheter/ks/perioder/2021-08/struktur/tabeller", http.StatusOK, false},
		{"/kommuner/0126/enheter/ks/perioder/2021-08/struktur/tabeller/drift", http.StatusOK, false},
		{"/kommuner/0126/enheter/ks/perioder/2021-08/struktur/fria-tabeller", http.StatusOK, false},
		{"/kommuner/0126/enheter/ks/perioder/2021-08/struktur/fria-tabeller/statsbidrag", http.StatusOK, false},
		{"/kommuner/0126/struktur/mallar", http.StatusOK, false},
		{"/kommuner/0126/struktur/mallar/delarsrapport", http.StatusOK, false},
		{"/kommuner/0126/struktur/malnivaer", http.StatusOK, false},
		{"/kommuner/0126/struktur/rakenskaper?ar=2021&enhet=ks", http.StatusOK, false},
		{"/kommuner/0126/enheter/ks/perioder/2021-08/oversikt", http.StatusOK, false},
		{"/kommuner/0126/enheter/ks/perioder/2021-08/oversikt?bedomning=ingen", http.StatusOK, false},
		{"/kommuner/0126/oversikt", http.StatusOK, false},
		{"/kommuner/0126/oversikt?period=2021-08&bedomning=ingen", http.StatusOK, false},
		{"/kommuner/9901/oversikt", http.StatusOK, false},
		{"/aviseringar", http.StatusOK, false},
		{"/mitt-konto", http.StatusOK, false},
	}
	// A notification for the list (notifications.go).
	if _, err := db.DeliverReminder(context.Background(), []store.ReminderKey{{Period: store.PeriodRef{Municipality: "0126", Unit: "ks", Period: "2021-08"}, Deadline: time.Date(2021, 9, 10, 0, 0, 0, 0, time.UTC), Days: 7}},
		[]store.Notice{{User: "controller", Kind: "reminder", Subject: "Påminnelse: Delårsrapport per 31 augusti 2021", Body: "Sista dag är 10 september 2021.\n- Mål (ej påbörjad)", Link: "/kommuner/0126/enheter/ks/perioder/2021-08/arbetsflode"}}, false); err != nil {
		t.Fatal(err)
	}
	for _, ds := range []*tertial.Dataset{demo, ekby} {
		for _, p := range ds.Periods {
			period := "/kommuner/" + ds.Municipality.Code + "/enheter/" + p.Unit + "/perioder/" + p.ID
			pages = append(pages, page{period, http.StatusOK, false}, page{period + "/rapport", http.StatusOK, true})
		}
	}
	// Each municipality's pages as its own controller: an account works in one
	// municipality.
	ekbySession := login(t, srv, "controller-ekby")
	var urls, ekbyURLs []string
	for _, p := range pages {
		cookie, list := session, &urls
		if strings.HasPrefix(p.path, "/kommuner/9901") {
			cookie, list = ekbySession, &ekbyURLs
		}
		status, _, _ := getAs(t, cookie, srv.URL+p.path)
		switch {
		case status == p.status:
			*list = append(*list, srv.URL+p.path)
		case p.report && status == http.StatusNotFound:
			t.Errorf("%s: the report page is missing (404); every period must have one", p.path)
		default:
			t.Errorf("%s: status %d, want %d", p.path, status, p.status)
		}
	}
	if len(urls) == 0 || len(ekbyURLs) == 0 {
		t.Fatal("no page to check")
	}
	// An unread notice, since the list above read the first: the pages before /aviseringar
	// show the header's count, and the list marks it new (the site keeps no count).
	if _, err := db.DeliverReminder(context.Background(), []store.ReminderKey{{Period: store.PeriodRef{Municipality: "0126", Unit: "ks", Period: "2021-08"}, Deadline: time.Date(2021, 9, 10, 0, 0, 0, 0, time.UTC), Days: 1}},
		[]store.Notice{{User: "controller", Kind: "reminder", Subject: "Påminnelse: Delårsrapport per 31 augusti 2021", Body: "Sista dag är i morgon.", Link: "/kommuner/0126/enheter/ks/perioder/2021-08/arbetsflode"}}, false); err != nil {
		t.Fatal(err)
	}
	if status, _, page := getAs(t, session, srv.URL+"/"); status != http.StatusOK || !strings.Contains(page, `Aviseringar (1<span class="visually-hidden"> olästa</span>)`) {
		t.Errorf("the header has no unread count: %d", status)
	}

	runAxe(t, urls, session, srv.URL)
	runAxe(t, ekbyURLs, ekbySession, srv.URL)
}

// TestAccessibilityAxeAdmin runs axe-core over the administration, as the system
// administrator: the account list with its form, an account's page with every form, the
// new municipality form, and, saved as files, the list with errors beside the fields and
// the first-run form.
func TestAccessibilityAxeAdmin(t *testing.T) {
	axeTools(t)
	db := storetest.Open(t, store.SQLite)
	srv := site(t, db, demoDataset(t))
	admin := login(t, srv, "admin")
	adminURLs := []string{srv.URL + "/admin", srv.URL + "/admin/konton/rapportor", srv.URL + "/admin/kommuner/ny",
		srv.URL + "/kommuner/0126/installningar", srv.URL + "/kommuner/0126/struktur/enheter", srv.URL + "/kommuner/0126/struktur/enheter/ks",
		srv.URL + "/kommuner/0126/struktur/intern-kontroll", srv.URL + "/kommuner/0126/struktur/intern-kontroll/riskmatris",
		srv.URL + "/kommuner/0126/struktur/intern-kontroll/risker/risk-brandskydd", srv.URL + "/kommuner/0126/enheter/ks/perioder/2021-08/installningar"}
	for _, u := range adminURLs {
		if status, _, _ := getAs(t, admin, u); status != http.StatusOK {
			t.Errorf("%s: status %d", strings.TrimPrefix(u, srv.URL), status)
		}
	}
	runAxe(t, adminURLs, admin, srv.URL)
	// A page with errors is a POST's answer; axe reads it saved as a file.
	_, withErrors := postAs(t, admin, srv.URL+"/admin/konton", url.Values{"namn": {"Fel Namn"}, "roll": {"reporter"}, "kommun": {"0126"}, "losenord": {"kort"}, "losenord2": {"annat"}})
	_, firstRun := getFirstRun(t)
	_, settingsErrors := postAs(t, admin, srv.URL+"/kommuner/0126/installningar", url.Values{"namn": {""}, "lan": {"Stockholms län"}, "lanskod": {"1"}, "jamforelse": {"Haninge"}})
	_, unitErrors := postAs(t, admin, srv.URL+"/kommuner/0126/struktur/enheter/ks", url.Values{"namn": {"Kommunstyrelsen"}, "typ": {"board"}, "overordnad": {"ksf"}})
	_, deleteErrors := postAs(t, admin, srv.URL+"/kommuner/0126/struktur/enheter/ks/ta-bort", url.Values{})
	_, periodErrors := postAs(t, admin, srv.URL+"/kommuner/0126/enheter/ks/perioder/2021-08/installningar",
		url.Values{"titel": {""}, "brytdatum": {"31 augusti"}, "sista-dag": {"2021-09-10"}})
	_, myAccountErrors := postAs(t, admin, srv.URL+"/mitt-konto", url.Values{"epost": {"inte en adress"}})
	_, reminderErrors := postAs(t, admin, srv.URL+"/kommuner/0126/installningar/paminnelser", url.Values{"paminnelser": {"pa"}, "dagar": {"sju"}})
	dir := t.TempDir()
	var files []string
	for name, page := range map[string]string{"admin-fel.html": withErrors, "forsta-start.html": firstRun,
		"installningar-fel.html": settingsErrors, "enhet-fel.html": unitErrors, "enhet-ta-bort-fel.html": deleteErrors, "period-installningar-fel.html": periodErrors,
		"mitt-konto-fel.html": myAccountErrors, "paminnelser-fel.html": reminderErrors} {
		f := filepath.Join(dir, name)
		if err := os.WriteFile(f, []byte(strings.ReplaceAll(page, `href="/static/`, `href="`+srv.URL+`/static/`)), 0o600); err != nil {
			t.Fatal(err)
		}
		files = append(files, "file://"+f)
	}
	runAxe(t, files, admin, "file://"+dir+"/")
}

// getFirstRun returns the first-run form of an empty site.
func getFirstRun(t *testing.T) (int, string) {
	t.Helper()
	srv, path := emptySite(t, storetest.Open(t, store.SQLite))
	status, _, page := getAs(t, "", srv.URL+path)
	return status, page
}

// TestAccessibilityAxePublic runs axe-core over the public pages as a visitor without an
// account (the start page with published reports, the list, a municipality's list, a
// report's page with two versions, and a public 404), and over the publish job's
// confirmation as the controller (public_test.go).
func TestAccessibilityAxePublic(t *testing.T) {
	axeTools(t)
	db := storetest.Open(t, store.SQLite)
	slow := &slowFormat{started: make(chan struct{}, 4), release: make(chan struct{})}
	close(slow.release)
	srv := siteWith(t, db, web.Options{PublishFormats: []publish.Format{htmlFormat, slow.format()}}, demoDataset(t))
	lockDemo(t, db)
	ctl := login(t, srv, "controller")
	var streamed string
	for i := range 2 {
		if i == 1 {
			slow.release = make(chan struct{})
		}
		if code, _ := postAs(t, ctl, srv.URL+periodPath+"/publicerat", nil); code != http.StatusSeeOther {
			t.Fatalf("publish: %d", code)
		}
		<-slow.started
		if i == 0 {
			waitJob(t, ctl, srv.URL+periodPath+"/publicerat/publicering")
			continue
		}
		// The page as it streams while the job runs, kept whole once it ends.
		st := openStream(t, ctl, srv.URL+periodPath+"/publicerat/publicering")
		st.until("<li>PDF …")
		close(slow.release)
		streamed = st.until("")
	}
	pages := map[string]int{"/": http.StatusOK, "/publicerat": http.StatusOK, "/publicerat/0126": http.StatusOK,
		publicPath: http.StatusOK, "/publicerat/0126/ks/2099-01": http.StatusNotFound}
	var urls []string
	for p, want := range pages {
		if status, _, _ := getAs(t, "", srv.URL+p); status != want {
			t.Errorf("%s: status %d, want %d", p, status, want)
		}
		urls = append(urls, srv.URL+p)
	}
	runAxe(t, urls, "", srv.URL)
	admin := login(t, srv, "admin")
	runAxe(t, []string{srv.URL + periodPath + "/publicerat/publicering", srv.URL + "/kommuner/0126/installningar"}, admin, srv.URL)
	_, settingsErrors := postAs(t, admin, srv.URL+"/kommuner/0126/installningar/publicering", url.Values{"licens": {""}, "licensadress": {"ftp://x"}})
	dir := t.TempDir()
	var files []string
	for name, page := range map[string]string{"publicering-strom.html": streamed, "publika-installningar-fel.html": settingsErrors} {
		f := filepath.Join(dir, name)
		if err := os.WriteFile(f, []byte(strings.ReplaceAll(page, `href="/static/`, `href="`+srv.URL+`/static/`)), 0o600); err != nil {
			t.Fatal(err)
		}
		files = append(files, "file://"+f)
	}
	runAxe(t, files, admin, "file://"+dir+"/")
}
