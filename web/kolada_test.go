package web_test

import (
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tertial/tertial/kolada/koladatest"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
	"github.com/tertial/tertial/web"
)

const koladaPage = "/kommuner/0126/enheter/ks/perioder/2021-08/kolada"

// waitKolada fetches the Kolada page until the sync no longer runs and returns it.
func waitKolada(t *testing.T, srv string) string {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		status, _, page := get(t, srv+koladaPage)
		if status != http.StatusOK {
			t.Fatalf("Kolada page: status %d", status)
		}
		if !strings.Contains(page, "Hämtningen pågår") {
			return page
		}
		if time.Now().After(deadline) {
			t.Fatalf("the sync did not finish:\n%s", text(page))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestKoladaSyncOnTheSite: only a controller can start a sync; the page shows its
// progress while it runs and its result afterwards, and the report and the Kolada page
// then show the comparison tables with their source.
func TestKoladaSyncOnTheSite(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		fake := koladatest.New(t)
		// The fake's data answers wait until the test has seen the job running.
		release := make(chan struct{})
		var once sync.Once
		open := func() { once.Do(func() { close(release) }) }
		t.Cleanup(open)
		value := fake.Value
		fake.Value = func(kpi, m string, y int) *float64 {
			<-release
			return value(kpi, m, y)
		}
		srv := siteWith(t, db, web.Options{KoladaURL: fake.URL()}, demoDataset(t))

		status, _, page := get(t, srv.URL+koladaPage)
		if status != http.StatusOK || !strings.Contains(text(page), "Inga jämförelsedata från Kolada är hämtade") || !strings.Contains(page, "Hämta från Kolada") {
			t.Fatalf("before the sync: status %d\n%s", status, text(page))
		}
		for _, who := range []string{"lasare", "rapportor"} {
			cookie := login(t, srv, who)
			_, _, page := getAs(t, cookie, srv.URL+koladaPage)
			if strings.Contains(page, "Hämta från Kolada") {
				t.Errorf("%s is offered the sync button", who)
			}
			if status, body := postAs(t, cookie, srv.URL+koladaPage, url.Values{}); status != http.StatusForbidden {
				t.Errorf("%s starts a sync: status %d\n%s", who, status, text(body))
			}
		}
		if len(fake.Requests) != 0 {
			t.Fatalf("Kolada asked without a controller: %v", fake.Requests)
		}

		if status, body := postAs(t, session, srv.URL+koladaPage, url.Values{}); status != http.StatusSeeOther {
			t.Fatalf("controller: status %d\n%s", status, text(body))
		}
		status, _, page = get(t, srv.URL+koladaPage)
		if status != http.StatusOK || !strings.Contains(page, `<meta http-equiv="refresh" content="2">`) ||
			!strings.Contains(text(page), "Hämtar från Kolada (steg") || !strings.Contains(text(page), "Hämtningen pågår") ||
			strings.Contains(page, `<button type="submit">Hämta från Kolada`) {
			t.Fatalf("while running: status %d\n%s", status, text(page))
		}
		// A second press while it runs starts nothing new.
		if status, _ := postAs(t, session, srv.URL+koladaPage, url.Values{}); status != http.StatusSeeOther {
			t.Errorf("second press: status %d", status)
		}
		open()
		page = waitKolada(t, srv.URL)
		got := text(page)
		for _, want := range []string{"Hämtat ", "nyckeltal för", "26 kommuner", "Källa: Kolada", "Jämförelse: Sjukfrånvaro (%)", "Länssnitt", "Nacka"} {
			if !strings.Contains(got, want) {
				t.Errorf("after the sync the Kolada page lacks %q:\n%s", want, got)
			}
		}
		if strings.Contains(page, "http-equiv") {
			t.Error("the finished page still refreshes itself")
		}
		// Each comparison table is followed by its chart of 2021, drawn as the report draws it.
		table := strings.Index(page, `<table class="kolada" id="kolada-sjukfranvaro">`)
		fig := strings.Index(page, `<figure class="chart" id="diagram-kolada-sjukfranvaro"><svg role="img" class="chart"`)
		if table < 0 || fig < table || strings.Contains(page[table+1:fig], "<table") {
			t.Errorf("the Kolada page has no chart after the sick-leave table (table at %d, chart at %d)", table, fig)
		}
		for _, want := range []string{`<title id="diagram-kolada-sjukfranvaro-titel">Sjukfrånvaro (%) 2021: Huddinge, länssnittet och jämförelsekommunerna</title>`,
			`<desc id="diagram-kolada-sjukfranvaro-beskrivning">Sjukfrånvaro (%) 2021: Huddinge, länssnittet och jämförelsekommunerna: Huddinge `, `; Länssnitt (25 kommuner) `, "; Nacka ", ". Källa: Kolada, nyckeltal N00090, hämtat "} {
			if !strings.Contains(page, want) {
				t.Errorf("the Kolada page's chart lacks %s", want)
			}
		}
		// The period page shows Kolada's value beside an entered one that differs, linked
		// to the comparison, and how the value stands against a relative long-term target.
		_, _, per := get(t, srv.URL+"/kommuner/0126/enheter/ks/perioder/2021-08")
		if !strings.Contains(per, `<a class="detail" href="/kommuner/0126/enheter/ks/perioder/2021-08/kolada#kolada-sjukfranvaro">Kolada: `) {
			t.Error("the period page does not show Kolada's differing value linked to the comparison")
		}
		if !strings.Contains(text(per), "värdet 2021 mot målvärdet: ") {
			t.Error("the period page does not assess the relative long-term target")
		}
		status, _, rep := get(t, srv.URL+"/kommuner/0126/enheter/ks/perioder/2021-08/rapport")
		if status != http.StatusOK {
			t.Fatalf("report: status %d", status)
		}
		for _, want := range []string{"Källa: Kolada", "Jämförelse: Sjukfrånvaro (%)", "Länssnitt"} {
			if !strings.Contains(text(rep), want) {
				t.Errorf("the report lacks %q", want)
			}
		}
		if !strings.Contains(rep, `<figure class="chart" id="diagram-kolada-sjukfranvaro">`) {
			t.Error("the report lacks the sick-leave comparison chart")
		}
	})
}

// TestKoladaSyncOffline: without Kolada the job ends in one Swedish line saying why, and
// the rest of the site works as before.
func TestKoladaSyncOffline(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + ln.Addr().String() + "/v3"
	ln.Close()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		srv := siteWith(t, db, web.Options{KoladaURL: closed}, demoDataset(t))
		if status, _ := postAs(t, session, srv.URL+koladaPage, url.Values{}); status != http.StatusSeeOther {
			t.Fatalf("status %d", status)
		}
		page := waitKolada(t, srv.URL)
		i := strings.Index(page, `<p class="error" role="alert">`)
		if i < 0 {
			t.Fatalf("no error shown:\n%s", text(page))
		}
		msg := page[i:]
		msg = msg[:strings.Index(msg, "</p>")]
		if strings.Contains(msg, "\n") || !strings.Contains(msg, "Hämtningen från Kolada misslyckades: Kolada (127.0.0.1:") ||
			!strings.Contains(msg, "kan inte nås: anslutningen nekades eller nätet saknas") {
			t.Errorf("error %q", msg)
		}
		if !strings.Contains(text(page), "Inga jämförelsedata från Kolada är hämtade") || !strings.Contains(page, "Hämta från Kolada") {
			t.Errorf("after the failure:\n%s", text(page))
		}
		for _, p := range []string{"", "/rapport", "/redigera"} {
			if status, _, _ := get(t, srv.URL+"/kommuner/0126/enheter/ks/perioder/2021-08"+p); status != http.StatusOK {
				t.Errorf("%s: status %d after the failed sync", p, status)
			}
		}
	})
}
