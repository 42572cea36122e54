package web_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

const (
	wfPeriod = "/kommuner/0126/enheter/ks/perioder/2021-08"
	wfPage   = wfPeriod + "/arbetsflode"
	wfMatrix = "/kommuner/0126/perioder/2021-08/arbetsflode"
	wfFirst  = "texter"
)

var wfRef = store.PeriodRef{Municipality: "0126", Unit: "ks", Period: "2021-08"}

// workflowPost posts a form with a session cookie and extra headers, not following
// redirects.
func workflowPost(t *testing.T, cookie, u string, form url.Values, headers ...string) (int, http.Header, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, u, strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	if cookie != "" {
		req.AddCookie(&http.Cookie{Name: "tertial_session", Value: cookie})
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, string(body)
}

// step posts a section's button with the version the page shows now and wants the redirect
// back to the workflow page.
func step(t *testing.T, srv *httptest.Server, db *store.DB, cookie, page string, ref store.PeriodRef, key, action, comment string) {
	t.Helper()
	var extra url.Values
	if comment != "" {
		extra = url.Values{"kommentar": {comment}}
	}
	stepWith(t, srv, db, cookie, page, ref, key, action, extra)
}

// stepWith is step with more fields, an override's reason (motivering) for one.
func stepWith(t *testing.T, srv *httptest.Server, db *store.DB, cookie, page string, ref store.PeriodRef, key, action string, extra url.Values) {
	t.Helper()
	form := url.Values{"atgard": {action}, "version": {strconv.Itoa(sectionVersion(t, db, ref, key))}}
	for k, v := range extra {
		form[k] = v
	}
	status, h, body := workflowPost(t, cookie, srv.URL+page+"/avsnitt/"+key, form)
	if status != http.StatusSeeOther {
		t.Fatalf("%s %s: status %d: %s", key, action, status, text(body))
	}
	if loc := h.Get("Location"); !strings.HasPrefix(loc, page+"?sparat=avsnitt") || !strings.HasSuffix(loc, "#"+key) {
		t.Errorf("%s %s: redirect to %q", key, action, loc)
	}
}

func sectionVersion(t *testing.T, db *store.DB, ref store.PeriodRef, key string) int {
	t.Helper()
	states, err := db.SectionStates(context.Background(), ref)
	if err != nil {
		t.Fatal(err)
	}
	return states[key].Version
}

var sectionRe = regexp.MustCompile(`<section class="wf-section" id="([^"]+)"`)

// sectionKeys reads the sections the workflow page lists.
func sectionKeys(t *testing.T, cookie, u string) []string {
	t.Helper()
	status, _, page := getAs(t, cookie, u)
	if status != http.StatusOK {
		t.Fatalf("%s: status %d", u, status)
	}
	var keys []string
	for _, m := range sectionRe.FindAllStringSubmatch(page, -1) {
		keys = append(keys, m[1])
	}
	if len(keys) == 0 {
		t.Fatalf("%s: no sections", u)
	}
	return keys
}

// sectionText returns the text of one section's part of the workflow page.
func sectionText(t *testing.T, page, key string) string {
	t.Helper()
	start := strings.Index(page, `<section class="wf-section" id="`+key+`"`)
	if start < 0 {
		t.Fatalf("section %s not on the page", key)
	}
	end := strings.Index(page[start:], "</section>")
	return text(page[start : start+end])
}

func periodState(t *testing.T, db *store.DB, code, unit, period string) *tertial.Period {
	t.Helper()
	ds, err := db.Dataset(context.Background(), code)
	if err != nil {
		t.Fatal(err)
	}
	return ds.Period(unit, period)
}

// TestWorkflowSections: a reporter moves a section to ready, may not approve it, a
// controller sends it back with a comment the reporter sees; a stale version, a missing
// comment and a cross-site post are refused.
func TestWorkflowSections(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		srv := site(t, db, demoDataset(t))
		rep := login(t, srv, "rapportor")
		ctl := session

		status, _, page := getAs(t, rep, srv.URL+wfPage)
		if status != http.StatusOK {
			t.Fatalf("status %d", status)
		}
		got := text(page)
		for _, want := range []string{"Mål och resultat", "Ekonomi", "Texter", "Intern kontroll", "Ej påbörjad", "○",
			"Sista dag för underlag", "10 september 2021", "har passerat", "Godkända avsnitt 0 av 5", "Påbörja", "Klar för granskning"} {
			if !strings.Contains(got, want) {
				t.Errorf("reporter's page: %q missing", want)
			}
		}
		if strings.Contains(got, "Godkänn") || strings.Contains(got, "Skicka tillbaka") || strings.Contains(got, "Registrera nämndens beslut") {
			t.Error("the reporter is offered a controller's buttons")
		}
		if strings.Contains(got, "Innehållsförteckning") {
			t.Error("the generated table of contents is listed as a section to review")
		}
		if !strings.Contains(page, `href="`+wfMatrix+`"`) {
			t.Error("no link to the period's matrix")
		}

		// The reporter starts the summary and marks it ready.
		step(t, srv, db, rep, wfPage, wfRef, wfFirst, "paborja", "")
		step(t, srv, db, rep, wfPage, wfRef, wfFirst, "klar", "")
		_, _, page = getAs(t, rep, srv.URL+wfPage+"?sparat=avsnitt&avsnitt="+wfFirst)
		if s := sectionText(t, page, wfFirst); !strings.Contains(s, "● Klar för granskning") || !strings.Contains(s, "ändrat av rapportor") {
			t.Errorf("after ready: %q", s)
		}
		if !strings.Contains(text(page), "Ändringen är sparad: Texter har nu läget Klar för granskning.") {
			t.Error("no saved notice")
		}

		// The reporter may not approve it.
		v := strconv.Itoa(sectionVersion(t, db, wfRef, wfFirst))
		status, _, body := workflowPost(t, rep, srv.URL+wfPage+"/avsnitt/"+wfFirst, url.Values{"atgard": {"godkann"}, "version": {v}})
		if status != http.StatusForbidden {
			t.Errorf("reporter approves: %d, want 403", status)
		}
		if !strings.Contains(text(body), "behörighet") {
			t.Errorf("reporter approves: %q", text(body))
		}
		// Nor may a reader start one.
		status, _, _ = workflowPost(t, login(t, srv, "lasare"), srv.URL+wfPage+"/avsnitt/ekonomi", url.Values{"atgard": {"paborja"}, "version": {"0"}})
		if status != http.StatusForbidden {
			t.Errorf("reader starts a section: %d, want 403", status)
		}

		// The controller sees the review buttons; sending back needs a comment.
		_, _, page = getAs(t, ctl, srv.URL+wfPage)
		if s := sectionText(t, page, wfFirst); !strings.Contains(s, "Godkänn") || !strings.Contains(s, "Skicka tillbaka") {
			t.Errorf("controller's buttons missing: %q", s)
		}
		status, _, body = workflowPost(t, ctl, srv.URL+wfPage+"/avsnitt/"+wfFirst, url.Values{"atgard": {"skicka-tillbaka"}, "version": {v}, "kommentar": {"  "}})
		if status != http.StatusUnprocessableEntity {
			t.Errorf("send back without a comment: %d, want 422", status)
		}
		for _, want := range []string{`class="error-summary" role="alert" tabindex="-1" autofocus`, `href="#kommentar-` + wfFirst + `"`,
			`aria-invalid="true"`, "Skriv varför avsnittet Texter skickas tillbaka."} {
			if !strings.Contains(body, want) {
				t.Errorf("send back without a comment: %q missing", want)
			}
		}
		if got := sectionVersion(t, db, wfRef, wfFirst); strconv.Itoa(got) != v {
			t.Error("a refused send-back saved something")
		}
		comment := "Lägg till utfallet för juli och förklara avvikelsen."
		step(t, srv, db, ctl, wfPage, wfRef, wfFirst, "skicka-tillbaka", comment)
		_, _, page = getAs(t, rep, srv.URL+wfPage)
		if s := sectionText(t, page, wfFirst); !strings.Contains(s, "◐ Pågår") || !strings.Contains(s, comment) || !strings.Contains(s, "ändrat av controller") {
			t.Errorf("after send back the reporter sees %q", s)
		}

		// A stale version: the reporter's page still says ready, version v.
		status, _, body = workflowPost(t, rep, srv.URL+wfPage+"/avsnitt/"+wfFirst, url.Values{"atgard": {"klar"}, "version": {v}})
		if status != http.StatusConflict {
			t.Errorf("stale version: %d, want 409", status)
		}
		if got := text(body); !strings.Contains(got, "Någon annan har hunnit ändra avsnittet") || !strings.Contains(got, "har nu läget Pågår") {
			t.Errorf("stale version: %q", got)
		}
		if s := sectionText(t, body, wfFirst); !strings.Contains(s, "Pågår") || !strings.Contains(s, comment) {
			t.Errorf("stale version does not show the current state: %q", s)
		}
		// A stale send-back keeps the comment typed.
		status, _, body = workflowPost(t, ctl, srv.URL+wfPage+"/avsnitt/"+wfFirst, url.Values{"atgard": {"skicka-tillbaka"}, "version": {v}, "kommentar": {"Min text som inte får försvinna"}})
		if status != http.StatusConflict {
			t.Errorf("stale send-back: %d, want 409", status)
		}
		// A step out of order with the current version is refused too.
		cur := strconv.Itoa(sectionVersion(t, db, wfRef, wfFirst))
		status, _, body = workflowPost(t, ctl, srv.URL+wfPage+"/avsnitt/"+wfFirst, url.Values{"atgard": {"godkann"}, "version": {cur}})
		if status != http.StatusConflict || !strings.Contains(text(body), "kan inte godkännas förrän det är klart för granskning") {
			t.Errorf("approve a section in progress: %d %q", status, text(body))
		}
		// Unknown sections and actions.
		if status, _, _ := workflowPost(t, ctl, srv.URL+wfPage+"/avsnitt/finns-inte", url.Values{"atgard": {"klar"}, "version": {"0"}}); status != http.StatusNotFound {
			t.Errorf("unknown section: %d", status)
		}
		if status, _, _ := workflowPost(t, ctl, srv.URL+wfPage+"/avsnitt/"+wfFirst, url.Values{"atgard": {"radera"}, "version": {cur}}); status != http.StatusBadRequest {
			t.Errorf("unknown action: %d", status)
		}

		// CSRF: a form posted from another site is refused by the cross-origin protection.
		status, _, _ = workflowPost(t, rep, srv.URL+wfPage+"/avsnitt/"+wfFirst, url.Values{"atgard": {"klar"}, "version": {cur}},
			"Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site")
		if status != http.StatusForbidden {
			t.Errorf("cross-site post: %d, want 403", status)
		}
		if got := strconv.Itoa(sectionVersion(t, db, wfRef, wfFirst)); got != cur {
			t.Error("the cross-site post changed the section")
		}
		// Nobody signed in may post.
		if status, _, _ := workflowPost(t, "", srv.URL+wfPage+"/avsnitt/"+wfFirst, url.Values{"atgard": {"klar"}, "version": {cur}}); status != http.StatusUnauthorized {
			t.Errorf("post without a session: %d, want 401", status)
		}

		// The history lists the changes.
		_, _, page = getAs(t, ctl, srv.URL+"/historik?kommun=0126&typ=section&nyckel="+url.QueryEscape("ks/2021-08/"+wfFirst))
		if !strings.Contains(page, comment) {
			t.Error("the history does not show the comment")
		}
	})
}

// TestWorkflowLock: the board's decision can only be recorded when every section is
// approved; it locks the period, after which edits are refused, and a controller can
// unlock it again.
func TestWorkflowLock(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		srv := site(t, db, demoDataset(t))
		rep := login(t, srv, "rapportor")
		ctl := session
		decision := url.Values{"datum": {"2021-09-22"}, "paragraf": {"12"}}

		// Not yet: no section is approved.
		status, _, body := workflowPost(t, ctl, srv.URL+wfPage+"/beslut", decision)
		if status != http.StatusConflict {
			t.Errorf("lock before approval: %d, want 409", status)
		}
		if got := text(body); !strings.Contains(got, "Perioden kan inte låsas ännu") || !strings.Contains(got, "0 av 5 avsnitt är godkända") {
			t.Errorf("lock before approval: %q", got)
		}
		if p := periodState(t, db, "0126", "ks", "2021-08"); p.State != tertial.PeriodOpen {
			t.Fatalf("the period was locked before its sections were approved")
		}
		if status, _, _ := workflowPost(t, rep, srv.URL+wfPage+"/beslut", decision); status != http.StatusForbidden {
			t.Errorf("reporter locks: %d, want 403", status)
		}

		keys := sectionKeys(t, ctl, srv.URL+wfPage)
		if len(keys) != 5 {
			t.Errorf("%d sections: %v", len(keys), keys)
		}
		override := url.Values{"motivering": {"Bedömningarna görs på nämndens sammanträde."}}
		for i, key := range keys {
			if key == "mal" {
				// The goals have blocking findings: only a controller's override passes.
				stepWith(t, srv, db, ctl, wfPage, wfRef, key, "klar", override)
				stepWith(t, srv, db, ctl, wfPage, wfRef, key, "godkann", override)
			} else {
				step(t, srv, db, rep, wfPage, wfRef, key, "klar", "")
				step(t, srv, db, ctl, wfPage, wfRef, key, "godkann", "")
			}
			if i == len(keys)-2 {
				// One section left: still refused.
				if status, _, _ := workflowPost(t, ctl, srv.URL+wfPage+"/beslut", decision); status != http.StatusConflict {
					t.Errorf("lock with one section left: %d, want 409", status)
				}
				_, _, page := getAs(t, ctl, srv.URL+wfPage)
				if strings.Contains(page, `action="`+wfPage+`/beslut"`) {
					t.Error("the decision form is shown before every section is approved")
				}
			}
		}
		_, _, page := getAs(t, ctl, srv.URL+wfPage)
		if got := text(page); !strings.Contains(got, "Registrera nämndens beslut") || !strings.Contains(got, "Godkända avsnitt 5 av 5") {
			t.Errorf("no decision form when every section is approved: %q", got)
		}
		_, _, page = getAs(t, rep, srv.URL+wfPage)
		if strings.Contains(page, `action="`+wfPage+`/beslut"`) {
			t.Error("the reporter is offered the decision form")
		}

		// Mistakes in the decision are shown beside the fields and summarised on top.
		status, _, body = workflowPost(t, ctl, srv.URL+wfPage+"/beslut", url.Values{"datum": {"22/9 2021"}, "paragraf": {""}})
		if status != http.StatusUnprocessableEntity {
			t.Errorf("bad decision: %d, want 422", status)
		}
		for _, want := range []string{`class="error-summary" role="alert" tabindex="-1" autofocus`, "Det finns 2 fel att rätta",
			`href="#beslut-datum"`, `href="#beslut-paragraf"`, `id="beslut-datum-fel"`, `id="beslut-paragraf-fel"`,
			"Datumet ska skrivas ÅÅÅÅ-MM-DD", "Ange paragrafen i nämndens protokoll", `value="22/9 2021"`} {
			if !strings.Contains(body, want) {
				t.Errorf("bad decision: %q missing", want)
			}
		}
		for _, c := range []struct{ date, want string }{
			{"2021-08-01", "före periodens brytdatum 2021-08-31"},
			{time.Now().AddDate(0, 0, 3).Format(time.DateOnly), "kan inte ligga i framtiden"},
		} {
			status, _, body = workflowPost(t, ctl, srv.URL+wfPage+"/beslut", url.Values{"datum": {c.date}, "paragraf": {"12"}})
			if status != http.StatusUnprocessableEntity || !strings.Contains(text(body), c.want) {
				t.Errorf("decision dated %s: %d, want 422 with %q", c.date, status, c.want)
			}
		}
		if p := periodState(t, db, "0126", "ks", "2021-08"); p.State != tertial.PeriodOpen {
			t.Fatal("an invalid decision locked the period")
		}

		// Blocking findings: refused without a reason, listing them.
		status, _, body = workflowPost(t, ctl, srv.URL+wfPage+"/beslut", decision)
		if got := text(body); status != http.StatusConflict || !strings.Contains(got, "Perioden har 14 blockerande fynd och kan inte låsas") ||
			!strings.Contains(got, "Målet «Skattemedel används effektivt» saknar bedömning") || !strings.Contains(body, `href="#beslut-motivering"`) {
			t.Errorf("lock over blocking findings: %d %q", status, got)
		}
		if p := periodState(t, db, "0126", "ks", "2021-08"); p.State != tertial.PeriodOpen {
			t.Fatal("locked over blocking findings without a reason")
		}
		// Record it with a reason: the period is locked and shows the decision.
		decision.Set("motivering", "Nämnden beslutade trots att målen saknar bedömning.")
		status, h, _ := workflowPost(t, ctl, srv.URL+wfPage+"/beslut", decision)
		if status != http.StatusSeeOther || h.Get("Location") != wfPage+"?sparat=last" {
			t.Fatalf("lock: %d to %q", status, h.Get("Location"))
		}
		p := periodState(t, db, "0126", "ks", "2021-08")
		if p.State != tertial.PeriodLocked || p.DecisionParagraph != "§ 12" || p.DecisionDate.Format(time.DateOnly) != "2021-09-22" {
			t.Errorf("after lock: %s, %s, %s", p.State, p.DecisionDate, p.DecisionParagraph)
		}
		_, _, page = getAs(t, ctl, srv.URL+wfPage+"?sparat=last")
		got := text(page)
		for _, want := range []string{"Låst.", "22 september 2021, § 12", "Nämndens beslut är registrerat och perioden är låst.", "Lås upp",
			"Låst trots 14 fynd – motivering: Nämnden beslutade trots att målen saknar bedömning.",
			"Markerat som klart för granskning trots 14 fynd – motivering: Bedömningarna görs på nämndens sammanträde."} {
			if !strings.Contains(got, want) {
				t.Errorf("locked page: %q missing", want)
			}
		}
		if strings.Contains(got, "Registrera beslutet och lås perioden") || strings.Contains(page, `name="atgard"`) {
			t.Error("the locked page still offers changes")
		}

		// Edits are refused now, in the forms and in the workflow.
		status, _, _ = workflowPost(t, ctl, srv.URL+wfPeriod+"/redigera/text/lokaler", url.Values{"version": {"0"}, "text": {"Ny text."}})
		if status != http.StatusLocked {
			t.Errorf("edit after lock: %d, want 423", status)
		}
		v := strconv.Itoa(sectionVersion(t, db, wfRef, wfFirst))
		if status, _, _ := workflowPost(t, ctl, srv.URL+wfPage+"/avsnitt/"+wfFirst, url.Values{"atgard": {"skicka-tillbaka"}, "version": {v}, "kommentar": {"x"}}); status != http.StatusLocked {
			t.Errorf("send back after lock: %d, want 423", status)
		}
		if status, _, _ := workflowPost(t, ctl, srv.URL+wfPage+"/beslut", decision); status != http.StatusConflict {
			t.Errorf("lock twice: %d, want 409", status)
		}
		if status, _, _ := workflowPost(t, rep, srv.URL+wfPage+"/las-upp", url.Values{"bekrafta": {"ja"}}); status != http.StatusForbidden {
			t.Errorf("reporter unlocks: %d, want 403", status)
		}

		// Unlock: only with the box ticked.
		status, _, body = workflowPost(t, ctl, srv.URL+wfPage+"/las-upp", url.Values{})
		if status != http.StatusUnprocessableEntity || !strings.Contains(body, `href="#las-upp-bekrafta"`) || !strings.Contains(text(body), "Kryssa i rutan") {
			t.Errorf("unlock without confirming: %d", status)
		}
		if p := periodState(t, db, "0126", "ks", "2021-08"); p.State != tertial.PeriodLocked {
			t.Fatal("unlocked without confirmation")
		}
		status, h, _ = workflowPost(t, ctl, srv.URL+wfPage+"/las-upp", url.Values{"bekrafta": {"ja"}})
		if status != http.StatusSeeOther || h.Get("Location") != wfPage+"?sparat=upplast" {
			t.Fatalf("unlock: %d to %q", status, h.Get("Location"))
		}
		if p := periodState(t, db, "0126", "ks", "2021-08"); p.State != tertial.PeriodOpen || p.DecisionParagraph != "" {
			t.Errorf("after unlock: %s %q", p.State, p.DecisionParagraph)
		}
		_, _, page = getAs(t, ctl, srv.URL+wfPage+"?sparat=upplast")
		if !strings.Contains(text(page), "Perioden är upplåst och kan ändras igen.") {
			t.Error("no unlocked notice")
		}
		if status, _, _ := workflowPost(t, ctl, srv.URL+wfPage+"/las-upp", url.Values{"bekrafta": {"ja"}}); status != http.StatusConflict {
			t.Errorf("unlock an open period: %d, want 409", status)
		}
		// The sections can be sent back again.
		step(t, srv, db, ctl, wfPage, wfRef, wfFirst, "skicka-tillbaka", "Rätta sammanfattningen.")
	})
}

// TestWorkflowMatrix: the period's matrix lists every unit with the period against the
// sections, each cell in words with a symbol and a link, and counts the approved sections.
func TestWorkflowMatrix(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ekby := ekbyDataset(t)
		srv := site(t, db, demoDataset(t), ekby)
		ref := store.PeriodRef{Municipality: "9901", Unit: "kfn", Period: "2025-04"}
		page := "/kommuner/9901/enheter/kfn/perioder/2025-04/arbetsflode"
		ekbyCtl := login(t, srv, "controller-ekby")
		keys := sectionKeys(t, ekbyCtl, srv.URL+page)
		why := url.Values{"motivering": {"Prövas i testet."}}
		stepWith(t, srv, db, ekbyCtl, page, ref, keys[0], "klar", why)
		stepWith(t, srv, db, ekbyCtl, page, ref, keys[0], "godkann", why)
		step(t, srv, db, ekbyCtl, page, ref, keys[1], "paborja", "")

		for _, who := range []string{"controller-ekby", "lasare-ekby"} {
			status, _, body := getAs(t, login(t, srv, who), srv.URL+"/kommuner/9901/perioder/2025-04/arbetsflode")
			if status != http.StatusOK {
				t.Fatalf("%s: status %d", who, status)
			}
			got := text(body)
			for _, unit := range []string{"kfn", "mbn"} {
				if !strings.Contains(got, ekby.Unit(unit).Name) {
					t.Errorf("%s: unit %s missing", who, unit)
				}
				if !strings.Contains(body, `href="/kommuner/9901/enheter/`+unit+`/perioder/2025-04/arbetsflode#`) {
					t.Errorf("%s: no links to %s's workflow", who, unit)
				}
			}
			for _, want := range []string{"✔ Godkänd", "◐ Pågår", "○ Ej påbörjad", "1 av " + strconv.Itoa(2*len(keys)) + " avsnitt är godkända", "0 av 2 enheter"} {
				if !strings.Contains(got, want) {
					t.Errorf("%s: %q missing", who, want)
				}
			}
			if !strings.Contains(body, "<caption") || strings.Contains(body, "<th>") || strings.Count(body, `<th scope="row">`) != 2 {
				t.Errorf("%s: the table lacks a caption or header scopes", who)
			}
		}
		// The demo's matrix, and the deadline per unit.
		_, _, body := get(t, srv.URL+wfMatrix)
		if got := text(body); !strings.Contains(got, "Kommunstyrelsen") || !strings.Contains(got, "10 september 2021 (har passerat)") {
			t.Errorf("demo matrix: %q", got)
		}
		// A locked unit shows as locked, with its decision.
		_, _, body = getAs(t, ekbyCtl, srv.URL+"/kommuner/9901/perioder/2025-12/arbetsflode")
		if got := text(body); !strings.Contains(got, "Låst") || !strings.Contains(got, "§ 14") || !strings.Contains(got, "2 av 2 enheter") {
			t.Errorf("locked matrix: %q", got)
		}
		if status, _, _ := getAs(t, ekbyCtl, srv.URL+"/kommuner/9901/perioder/1999-01/arbetsflode"); status != http.StatusNotFound {
			t.Errorf("unknown period: %d", status)
		}
		// The accounts of another municipality may not read it (issue 12, F4: nor may a
		// controller without a municipality, which the store no longer creates).
		for _, who := range []string{"rapportor", "controller", "lasare"} {
			if status, _, _ := getAs(t, login(t, srv, who), srv.URL+"/kommuner/9901/perioder/2025-04/arbetsflode"); status != http.StatusForbidden {
				t.Errorf("%s of another municipality: %d, want 403", who, status)
			}
		}
		// Structure: one h1, headings without gaps.
		for _, path := range []string{page, "/kommuner/9901/perioder/2025-04/arbetsflode", "/kommuner/9901/enheter/kfn/perioder/2025-12/arbetsflode"} {
			_, _, body := getAs(t, ekbyCtl, srv.URL+path)
			prev, h1 := 0, 0
			for _, m := range headingRe.FindAllStringSubmatch(body, -1) {
				l, _ := strconv.Atoi(m[1])
				if l == 1 {
					h1++
				}
				if l > prev+1 {
					t.Errorf("%s: h%d follows h%d", path, l, prev)
				}
				prev = l
			}
			if h1 != 1 {
				t.Errorf("%s: %d h1", path, h1)
			}
		}
	})
}

// TestWorkflowAxe runs axe-core over the workflow pages in the states a static list of
// pages cannot reach: every button, the decision form, a locked period, and the pages
// that answer mistakes (422) and conflicts (409), saved as files.
func TestWorkflowAxe(t *testing.T) {
	axeTools(t)
	db := storetest.Open(t, store.SQLite)
	srv := site(t, db, demoDataset(t), ekbyDataset(t))
	ctl := session
	rep := login(t, srv, "rapportor")
	ekbyCtl := login(t, srv, "controller-ekby")

	// The demo: one section of each state, one with a comment.
	keys := sectionKeys(t, ctl, srv.URL+wfPage)
	step(t, srv, db, rep, wfPage, wfRef, keys[0], "paborja", "")
	step(t, srv, db, rep, wfPage, wfRef, keys[1], "klar", "")
	step(t, srv, db, rep, wfPage, wfRef, keys[2], "klar", "")
	step(t, srv, db, ctl, wfPage, wfRef, keys[2], "godkann", "")
	step(t, srv, db, rep, wfPage, wfRef, keys[3], "klar", "")
	step(t, srv, db, ctl, wfPage, wfRef, keys[3], "skicka-tillbaka", "Komplettera med juli.")
	// Ekby's mbn: every section approved, the decision form shows.
	mbn := "/kommuner/9901/enheter/mbn/perioder/2025-04/arbetsflode"
	mbnRef := store.PeriodRef{Municipality: "9901", Unit: "mbn", Period: "2025-04"}
	why := url.Values{"motivering": {"Prövas i testet."}}
	for _, key := range sectionKeys(t, ekbyCtl, srv.URL+mbn) {
		stepWith(t, srv, db, ekbyCtl, mbn, mbnRef, key, "klar", why)
		stepWith(t, srv, db, ekbyCtl, mbn, mbnRef, key, "godkann", why)
	}

	urls := []string{srv.URL + wfPage, srv.URL + wfMatrix}
	ekbyURLs := []string{
		srv.URL + mbn,
		srv.URL + "/kommuner/9901/perioder/2025-04/arbetsflode",
		srv.URL + "/kommuner/9901/enheter/kfn/perioder/2025-12/arbetsflode",
	}
	// Pages answering a post, saved as files with the site's style sheet.
	dir := t.TempDir()
	for i, c := range []struct {
		cookie, path string
		form         url.Values
		status       int
	}{
		{ctl, wfPage + "/avsnitt/" + keys[1], url.Values{"atgard": {"skicka-tillbaka"}, "version": {"1"}}, http.StatusUnprocessableEntity},
		{rep, wfPage + "/avsnitt/" + keys[0], url.Values{"atgard": {"klar"}, "version": {"0"}}, http.StatusConflict},
		{ctl, wfPage + "/beslut", url.Values{"datum": {"2021-09-22"}, "paragraf": {"12"}}, http.StatusConflict},
		{ekbyCtl, mbn + "/beslut", url.Values{"datum": {"igår"}, "paragraf": {"x"}}, http.StatusUnprocessableEntity},
		{ekbyCtl, "/kommuner/9901/enheter/kfn/perioder/2025-12/arbetsflode/las-upp", url.Values{}, http.StatusUnprocessableEntity},
	} {
		status, _, body := workflowPost(t, c.cookie, srv.URL+c.path, c.form)
		if status != c.status {
			t.Fatalf("%s: status %d, want %d", c.path, status, c.status)
		}
		body = strings.ReplaceAll(body, `href="/static/`, `href="`+srv.URL+`/static/`)
		f := filepath.Join(dir, "svar-"+strconv.Itoa(i)+".html")
		if err := os.WriteFile(f, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		urls = append(urls, "file://"+f)
	}
	for _, u := range urls {
		if strings.HasPrefix(u, "http") {
			if status, _, _ := getAs(t, ctl, u); status != http.StatusOK {
				t.Fatalf("%s: status %d", u, status)
			}
		}
	}
	for _, u := range ekbyURLs {
		if status, _, _ := getAs(t, ekbyCtl, u); status != http.StatusOK {
			t.Fatalf("%s: status %d", u, status)
		}
	}

	runAxe(t, urls, ctl, srv.URL)
	runAxe(t, ekbyURLs, ekbyCtl, srv.URL)
}
