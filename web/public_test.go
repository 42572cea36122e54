package web_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/htmlreport"
	"github.com/tertial/tertial/publish"
	"github.com/tertial/tertial/report"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
	"github.com/tertial/tertial/web"
)

const publicPath = "/publicerat/0126/ks/2021-08"

var demoRef = store.PeriodRef{Municipality: "0126", Unit: "ks", Period: "2021-08"}

// htmlFormat publishes the report as HTML only: the public pages do not depend on the
// formats, and the PDF's Chromium is for the tests that need it.
var htmlFormat = publish.Format{Name: "html", Ext: "html", MediaType: "text/html; charset=utf-8",
	Render: func(_ context.Context, d *report.Document) ([]byte, error) { return htmlreport.Render(d) }}

// lockDemo locks the demo's period, as the board's decision does.
func lockDemo(t *testing.T, db *store.DB) {
	t.Helper()
	if err := db.LockPeriod(context.Background(), "c", demoRef, store.Decision{Date: time.Date(2021, 9, 22, 0, 0, 0, 0, time.UTC), Paragraph: "§ 12"}); err != nil {
		t.Fatal(err)
	}
}

// anon fetches a URL without a session and without following redirects, with the
// request's extra headers, and returns the response with its body read.
func anon(t *testing.T, u string, header ...string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := noFollow.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp, body
}

// TestPublicReports: without an account, a published report, its files with their
// hashes and its open data can be read; an unpublished period cannot (404, the same as a
// period that does not exist; its signed-in pages send to sign in); the municipality's
// switch turns it all off.
func TestPublicReports(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		// The demo's goals are not assessed yet (tertial check says so): one is, here.
		ds := demoDataset(t)
		assessed := ""
		for i := range ds.Goals {
			for j := range ds.Goals[i].Followups {
				if f := &ds.Goals[i].Followups[j]; assessed == "" && f.Period == "2021-08" && ds.Goals[i].Unit == "ks" {
					f.Assessment, assessed = tertial.AssessPartly, ds.Goals[i].ID
				}
			}
		}
		if assessed == "" {
			t.Fatal("the demo has no goal of ks followed up in 2021-08")
		}
		srv := siteWith(t, db, web.Options{PublishFormats: []publish.Format{htmlFormat}}, ds, ekbyDataset(t))
		ctx := context.Background()

		// Nothing published: the start page sends to sign in as it always has, and no
		// public address of the period answers.
		if resp, _ := anon(t, srv.URL+"/"); resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/logga-in") {
			t.Errorf("start page with nothing published: %d to %q, want 303 to sign in", resp.StatusCode, resp.Header.Get("Location"))
		}
		for _, p := range []string{publicPath, publicPath + "/1/html", publicPath + "/1/csv"} {
			if resp, _ := anon(t, srv.URL+p); resp.StatusCode != http.StatusNotFound {
				t.Errorf("%s before publishing: %d, want 404", p, resp.StatusCode)
			}
		}
		if resp, body := anon(t, srv.URL+"/publicerat"); resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "Ingenting är publicerat ännu.") {
			t.Errorf("the public list with nothing published: %d", resp.StatusCode)
		}

		lockDemo(t, db)
		pub, err := publish.Publish(ctx, db, "controller", demoRef, []publish.Format{htmlFormat})
		if err != nil {
			t.Fatal(err)
		}
		if len(pub.Files) != 3 {
			t.Fatalf("published %d files, want html, csv and json", len(pub.Files))
		}

		// The start page lists it to a visitor, and leads to the report's page.
		resp, body := anon(t, srv.URL+"/")
		home := string(body)
		if resp.StatusCode != http.StatusOK || !strings.Contains(home, "Delårsrapport per 31 augusti 2021") || !strings.Contains(home, "Kommunstyrelsen") ||
			!strings.Contains(home, `href="`+publicPath+`"`) || !strings.Contains(home, "Huddinge kommun") {
			t.Fatalf("start page for a visitor: %d\n%s", resp.StatusCode, home)
		}
		if strings.Contains(home, "Ekby") {
			t.Error("the start page lists a municipality that has published nothing")
		}
		if !strings.Contains(home, `href="/logga-in"`) {
			t.Error("the public start page has no way to sign in")
		}
		// Signed in, the start page is the user's own, as before.
		if _, _, page := getAs(t, session, srv.URL+"/"); !strings.Contains(page, "Inloggad som <strong>") {
			t.Error("signed in, the start page is not the user's own")
		}
		if _, _, page := getAs(t, session, srv.URL+"/publicerat"); !strings.Contains(page, `href="`+publicPath+`"`) {
			t.Error("signed in, /publicerat does not list the report")
		}
		if _, _, page := getAs(t, session, srv.URL+periodPath+"/publicerat"); !strings.Contains(page, `href="`+publicPath+`"`) {
			t.Error("the signed-in list of versions does not lead to the public page")
		}

		resp, body = anon(t, srv.URL+publicPath)
		reportPage := string(body)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("the report's public page: %d", resp.StatusCode)
		}
		if !strings.Contains(reportPage, "CC0 1.0 Universell") || !strings.Contains(reportPage, `id="licens"`) || !strings.Contains(reportPage, `rel="license"`) {
			t.Error("the report's page does not state the licence")
		}
		for _, h := range []string{"Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options"} {
			if resp.Header.Get(h) == "" {
				t.Errorf("the public page lacks %s", h)
			}
		}

		// Every file: the body's SHA-256 is the one on the page and in the headers.
		files := map[string][]byte{}
		for _, f := range pub.Files {
			u := publicPath + "/1/" + f.Format
			if !strings.Contains(reportPage, `href="`+u+`"`) {
				t.Errorf("the report's page does not link %s", u)
			}
			resp, body := anon(t, srv.URL+u)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("%s: %d", u, resp.StatusCode)
			}
			files[f.Format] = body
			sum := sha256.Sum256(body)
			hexSum := hex.EncodeToString(sum[:])
			if !strings.Contains(reportPage, hexSum) {
				t.Errorf("%s: the page does not show the body's SHA-256 %s", u, hexSum)
			}
			if got, want := resp.Header.Get("Repr-Digest"), "sha-256=:"+base64.StdEncoding.EncodeToString(sum[:])+":"; got != want {
				t.Errorf("%s: Repr-Digest %q, want %q", u, got, want)
			}
			if resp.Header.Get("X-Content-SHA256") != hexSum || !strings.Contains(resp.Header.Get("ETag"), hexSum) {
				t.Errorf("%s: X-Content-SHA256 %q, ETag %q, want the body's %s", u, resp.Header.Get("X-Content-SHA256"), resp.Header.Get("ETag"), hexSum)
			}
			if resp.Header.Get("Content-Type") != f.MediaType {
				t.Errorf("%s: Content-Type %q, want %q", u, resp.Header.Get("Content-Type"), f.MediaType)
			}
			if cd := resp.Header.Get("Content-Disposition"); !strings.Contains(cd, `filename="`+f.Name+`"`) || (f.Format != "html") != strings.HasPrefix(cd, "attachment") {
				t.Errorf("%s: Content-Disposition %q, want an attachment but for the HTML", u, cd)
			}
			if link := resp.Header.Get("Link"); link != `<https://creativecommons.org/publicdomain/zero/1.0/deed.sv>; rel="license"` {
				t.Errorf("%s: Link %q", u, link)
			}
			if cc := resp.Header.Get("Cache-Control"); cc != "public, no-cache" {
				t.Errorf("%s: Cache-Control %q", u, cc)
			}
			again, rest := anon(t, srv.URL+u, "If-None-Match", resp.Header.Get("ETag"))
			if again.StatusCode != http.StatusNotModified || len(rest) != 0 {
				t.Errorf("%s with its ETag: %d, %d bytes, want 304 and none", u, again.StatusCode, len(rest))
			}
		}
		if !strings.Contains(string(files["html"]), "<h1>Delårsrapport per 31 augusti 2021</h1>") {
			t.Error("the public HTML file is not the report")
		}

		checkOpenData(t, ds, files["csv"], files["json"])

		// Data changed after publishing do not change what was published.
		changed := demoDataset(t)
		for i := range changed.Indicators {
			if changed.Indicators[i].ID == "resultat-exkl-exploatering" {
				for j := range changed.Indicators[i].Values {
					if changed.Indicators[i].Values[j].Year == 2021 {
						d := tertial.DecimalFromInt(1)
						changed.Indicators[i].Values[j].Value = &d
					}
				}
			}
		}
		if err := db.ReplaceDataset(ctx, changed); err != nil {
			t.Fatal(err)
		}
		if _, body := anon(t, srv.URL+publicPath+"/1/csv"); !bytes.Equal(body, files["csv"]) {
			t.Error("the published open data changed with the data")
		}

		// An unpublished period: 404 on every public address, exactly as for a period
		// that does not exist, and its own pages need sign-in.
		for _, p := range []string{"", "/1/html", "/1/csv", "/1/json"} {
			r1, b1 := anon(t, srv.URL+"/publicerat/9901/kfn/2025-04"+p)
			r2, b2 := anon(t, srv.URL+"/publicerat/9901/kfn/2099-04"+p)
			if r1.StatusCode != http.StatusNotFound || r2.StatusCode != http.StatusNotFound || !bytes.Equal(b1, b2) {
				t.Errorf("unpublished %s: %d, nonexistent: %d, bodies equal %v; want both 404 and the same", p, r1.StatusCode, r2.StatusCode, bytes.Equal(b1, b2))
			}
		}
		for _, p := range []string{"/kommuner/9901/enheter/kfn/perioder/2025-04", "/kommuner/9901/enheter/kfn/perioder/2025-04/rapport", periodPath, periodPath + "/rapport", periodPath + "/publicerat/1/html"} {
			if resp, _ := anon(t, srv.URL+p); resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/logga-in") {
				t.Errorf("%s for a visitor: %d to %q, want 303 to sign in", p, resp.StatusCode, resp.Header.Get("Location"))
			}
		}
		// Only GET: a visitor cannot post anything through the public addresses.
		if code, _ := postAs(t, "", srv.URL+publicPath, nil); code == http.StatusOK || code == http.StatusSeeOther {
			t.Errorf("POST to a public page: %d", code)
		}

		// The switch: off, everything public answers 404 and / sends to sign in; the
		// signed-in list of versions is unaffected.
		if err := db.SetPublicSettings(ctx, "admin", "0126", tertial.PublicSettings{Public: false, Licence: "CC BY 4.0", LicenceURL: "https://creativecommons.org/licenses/by/4.0/"}); err != nil {
			t.Fatal(err)
		}
		for _, p := range []string{"/publicerat/0126", publicPath, publicPath + "/1/html", publicPath + "/1/csv", publicPath + "/1/json"} {
			if resp, _ := anon(t, srv.URL+p); resp.StatusCode != http.StatusNotFound {
				t.Errorf("%s switched off: %d, want 404", p, resp.StatusCode)
			}
		}
		if resp, _ := anon(t, srv.URL+"/"); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("start page with the public pages off: %d, want 303 to sign in", resp.StatusCode)
		}
		if _, body := anon(t, srv.URL+"/publicerat"); strings.Contains(string(body), publicPath) {
			t.Error("the public list shows a switched-off municipality's report")
		}
		if status, _, page := getAs(t, session, srv.URL+periodPath+"/publicerat"); status != http.StatusOK || !strings.Contains(page, "kommunstyrelsen-2021-08.html") || strings.Contains(page, `href="`+publicPath+`"`) {
			t.Errorf("the signed-in versions with the public pages off: %d, or it links the switched-off public page", status)
		}
		// On again, under another licence: the page and the header say so.
		if err := db.SetPublicSettings(ctx, "admin", "0126", tertial.PublicSettings{Public: true, Licence: "CC BY 4.0", LicenceURL: "https://creativecommons.org/licenses/by/4.0/"}); err != nil {
			t.Fatal(err)
		}
		if _, body := anon(t, srv.URL+publicPath); !strings.Contains(string(body), "CC BY 4.0") {
			t.Error("the report's page does not show the new licence")
		}
		if resp, _ := anon(t, srv.URL+publicPath+"/1/json"); resp.Header.Get("Link") != `<https://creativecommons.org/licenses/by/4.0/>; rel="license"` {
			t.Errorf("Link after the licence changed: %q", resp.Header.Get("Link"))
		}
	})
}

// checkOpenData checks the published open data against the dataset, read here on its own.
func checkOpenData(t *testing.T, ds *tertial.Dataset, csvData, jsonData []byte) {
	t.Helper()
	records, err := csv.NewReader(bytes.NewReader(csvData)).ReadAll()
	if err != nil {
		t.Fatalf("the CSV does not parse: %v", err)
	}
	if strings.Join(records[0], ",") != "type,id,name,column,value,unit" {
		t.Fatalf("CSV header %v", records[0])
	}
	type key struct{ typ, id, col string }
	rows := map[key][]string{}
	for _, r := range records[1:] {
		if len(r) != 6 {
			t.Fatalf("CSV row with %d fields: %v", len(r), r)
		}
		k := key{r[0], r[1], r[3]}
		if _, dup := rows[k]; dup {
			t.Errorf("two CSV rows for %v", k)
		}
		rows[k] = r
	}
	indicators := map[string]*tertial.Indicator{}
	for i := range ds.Indicators {
		indicators[ds.Indicators[i].ID] = &ds.Indicators[i]
	}
	values := 0
	for k, r := range rows {
		if k.typ != "indicator_value" {
			continue
		}
		values++
		ind := indicators[k.id]
		if ind == nil {
			t.Errorf("CSV: indicator %q is not in the dataset", k.id)
			continue
		}
		want := ""
		for _, v := range ind.Values {
			if k.col == itoa(v.Year) && v.Value != nil {
				want = v.Value.String()
			}
		}
		if r[4] != want || r[5] != ind.Unit {
			t.Errorf("CSV %s %s: %q %q, want the dataset's %q %q", k.id, k.col, r[4], r[5], want, ind.Unit)
		}
	}
	if values < 10 {
		t.Errorf("only %d indicator values in the CSV", values)
	}
	// Resultat exkl exploatering: 5,6 % against ≥2 in 2021 reaches its target.
	if r := rows[key{"indicator_value", "resultat-exkl-exploatering", "2021"}]; r == nil || r[4] != "5.6" {
		t.Errorf("the 2021 value of resultat-exkl-exploatering: %v", r)
	}
	if r := rows[key{"indicator_target", "resultat-exkl-exploatering", "2021"}]; r == nil || r[4] != "≥2" {
		t.Errorf("the 2021 target of resultat-exkl-exploatering: %v", r)
	}
	if r := rows[key{"indicator_assessment", "resultat-exkl-exploatering", "2021"}]; r == nil || r[4] != "reaches" {
		t.Errorf("the assessment of resultat-exkl-exploatering: %v", r)
	}
	// Money: the operating statement's income as entered (tkr in the dataset, whole
	// kronor here), and personnel costs shown positive as the report's group says.
	var drift *tertial.MoneyTable
	for i := range ds.Periods {
		if ds.Periods[i].Unit == "ks" && ds.Periods[i].ID == "2021-08" {
			for j := range ds.Periods[i].MoneyTables {
				if ds.Periods[i].MoneyTables[j].ID == "drift" {
					drift = &ds.Periods[i].MoneyTables[j]
				}
			}
		}
	}
	if drift == nil {
		t.Fatal("the demo has no operating statement")
	}
	income := drift.Rows[0]
	if got := rows[key{"amount", "drift/" + income.ID, "budget"}]; got == nil || got[4] != itoa64(int64(income.Amounts["budget"])/100) || got[5] != "kr" {
		t.Errorf("drift/%s budget: %v, want %d kr", income.ID, got, int64(income.Amounts["budget"])/100)
	}
	costs := drift.Rows[1]
	if !costs.Group || costs.Negate == nil || !*costs.Negate {
		t.Fatalf("the demo's second row is not the negated cost group: %+v", costs)
	}
	personnel := costs.Rows[0]
	if got := rows[key{"amount", "drift/" + personnel.ID, "forecast"}]; got == nil || got[4] != itoa64(-int64(personnel.Amounts["forecast"])/100) {
		t.Errorf("drift/%s forecast: %v, want %d", personnel.ID, got, -int64(personnel.Amounts["forecast"])/100)
	}
	// Goals with their assessments, as the period's follow-ups hold them.
	assessed := 0
	for _, g := range ds.Goals {
		for _, f := range g.Followups {
			unit := f.Unit
			if unit == "" {
				unit = g.Unit
			}
			if unit == "ks" && f.Period == "2021-08" && f.Assessment != "" {
				assessed++
				if r := rows[key{"goal_assessment", g.ID, ""}]; r == nil || r[4] != string(f.Assessment) {
					t.Errorf("goal %s: %v, want %s", g.ID, r, f.Assessment)
				}
			}
		}
	}
	if assessed == 0 {
		t.Error("no assessed goal to compare")
	}
	for _, p := range ds.Periods {
		if p.Unit != "ks" || p.ID != "2021-08" {
			continue
		}
		for _, a := range p.Assessments {
			if r := rows[key{"overall_assessment", a.ID, ""}]; r == nil || r[4] != string(a.Assessment) || r[2] != a.Label {
				t.Errorf("overall assessment %s: %v, want %s", a.ID, r, a.Assessment)
			}
		}
	}

	var od struct {
		Format  string `json:"format"`
		Licence struct {
			Name, URL string
		} `json:"licence"`
		Period struct {
			ID, Title string
		} `json:"period"`
		Indicators []struct {
			ID         string `json:"id"`
			Assessment string `json:"assessment"`
			Values     []struct {
				Year  int          `json:"year"`
				Value *json.Number `json:"value"`
			} `json:"values"`
		} `json:"indicators"`
		Tables []struct {
			ID   string `json:"id"`
			Rows []struct {
				ID     string                 `json:"id"`
				Values map[string]json.Number `json:"values"`
			} `json:"rows"`
		} `json:"tables"`
	}
	if err := json.Unmarshal(jsonData, &od); err != nil {
		t.Fatalf("the JSON does not parse: %v", err)
	}
	if od.Format != "tertial-oppna-data-1" || od.Licence.Name != "CC0 1.0 Universell" || od.Licence.URL == "" || od.Period.ID != "2021-08" {
		t.Errorf("JSON: format %q, licence %+v, period %+v", od.Format, od.Licence, od.Period)
	}
	// The JSON holds the same figures as the CSV.
	jsonValues := 0
	for _, ind := range od.Indicators {
		for _, v := range ind.Values {
			if v.Value == nil {
				continue
			}
			jsonValues++
			if r := rows[key{"indicator_value", ind.ID, itoa(v.Year)}]; r == nil || r[4] != v.Value.String() {
				t.Errorf("JSON %s %d = %s, CSV %v", ind.ID, v.Year, v.Value, r)
			}
		}
		if r := rows[key{"indicator_assessment", ind.ID, "2021"}]; r == nil || r[4] != ind.Assessment {
			t.Errorf("JSON assessment of %s %q, CSV %v", ind.ID, ind.Assessment, r)
		}
	}
	csvValues := 0
	for k, r := range rows {
		if k.typ == "indicator_value" && r[4] != "" {
			csvValues++
		}
	}
	if jsonValues != csvValues {
		t.Errorf("JSON has %d indicator values, the CSV %d", jsonValues, csvValues)
	}
	amounts := 0
	for _, tb := range od.Tables {
		for _, r := range tb.Rows {
			if !strings.HasPrefix(r.ID, tb.ID+"/") {
				t.Errorf("row id %q does not begin with its table's %q", r.ID, tb.ID)
			}
			for col, v := range r.Values {
				amounts++
				if c := rows[key{"amount", r.ID, col}]; c == nil {
					if c = rows[key{"share", r.ID, col}]; c == nil || c[4] != v.String() {
						t.Errorf("JSON %s %s = %s, CSV %v", r.ID, col, v, c)
					}
				} else if c[4] != v.String() {
					t.Errorf("JSON %s %s = %s, CSV %v", r.ID, col, v, c)
				}
			}
		}
	}
	if amounts < 20 {
		t.Errorf("only %d table figures in the JSON", amounts)
	}
}

func itoa(n int) string     { return itoa64(int64(n)) }
func itoa64(n int64) string { return tertial.DecimalFromInt(n).String() }

// slowFormat is a format whose rendering waits for release, so that a test sees a
// publication running; fail makes it fail instead.
type slowFormat struct {
	started chan struct{}
	release chan struct{}
	fail    bool
}

func (f *slowFormat) format() publish.Format {
	return publish.Format{Name: "pdf", Ext: "pdf", MediaType: "application/pdf", Render: func(ctx context.Context, d *report.Document) ([]byte, error) {
		f.started <- struct{}{}
		<-f.release
		if f.fail {
			return nil, tertial.Errorf(tertial.EINVALID, "pdf-rendreringen gav upp")
		}
		return []byte("%PDF-1.7 test"), nil
	}}
}

// stream reads a streamed page as it comes.
type stream struct {
	t      *testing.T
	chunks chan string
	seen   strings.Builder
}

func openStream(t *testing.T, cookie, u string) *stream {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, u, nil)
	req.AddCookie(&http.Cookie{Name: "tertial_session", Value: cookie})
	resp, err := noFollow.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("%s: %d %s", u, resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	st := &stream{t: t, chunks: make(chan string)}
	go func() {
		defer close(st.chunks)
		defer resp.Body.Close()
		buf := make([]byte, 4096)
		for {
			n, err := resp.Body.Read(buf)
			if n > 0 {
				st.chunks <- string(buf[:n])
			}
			if err != nil {
				return
			}
		}
	}()
	return st
}

// until reads until the page so far holds the text (the whole page when it is "") and
// returns the page so far.
func (st *stream) until(text string) string {
	st.t.Helper()
	timeout := time.After(30 * time.Second)
	for text == "" || !strings.Contains(st.seen.String(), text) {
		select {
		case c, ok := <-st.chunks:
			if !ok {
				if text != "" {
					st.t.Fatalf("the page ended without %q:\n%s", text, st.seen.String())
				}
				return st.seen.String()
			}
			st.seen.WriteString(c)
		case <-timeout:
			st.t.Fatalf("no %q within 30 s:\n%s", text, st.seen.String())
		}
	}
	return st.seen.String()
}

// TestPublishJob: the publish button starts publishing in the background and leads to a
// page that shows each step as it begins and ends, streamed in one response without
// JavaScript; a second press while it runs starts nothing more; the page ends on a
// confirmation with the version and each file's SHA-256, or on the error in words with
// no version saved. Loaded again, it shows the same at once.
func TestPublishJob(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		slow := &slowFormat{started: make(chan struct{}, 4), release: make(chan struct{})}
		srv := siteWith(t, db, web.Options{PublishFormats: []publish.Format{htmlFormat, slow.format()}}, demoDataset(t))
		ctl := login(t, srv, "controller")
		lockDemo(t, db)
		list := srv.URL + periodPath + "/publicerat"
		jobPage := periodPath + "/publicerat/publicering"

		if _, _, page := getAs(t, ctl, srv.URL+jobPage); !strings.Contains(page, "Ingen publicering pågår") {
			t.Errorf("the job page before any job:\n%s", page)
		}
		code, _ := postAs(t, ctl, list, nil)
		if code != http.StatusSeeOther {
			t.Fatalf("publish: %d, want 303", code)
		}
		if resp := fetch(t, http.MethodPost, list, "", ""); resp.StatusCode == http.StatusSeeOther {
			t.Error("a visitor started publishing")
		}
		<-slow.started // the PDF is rendering, and waits
		st := openStream(t, ctl, srv.URL+jobPage)
		sofar := st.until("<li>PDF …")
		if !regexp.MustCompile(`<li>HTML … <strong>klart</strong> \(\d+,\d s\)</li>`).MatchString(sofar) || strings.Contains(sofar, "Öppna data") ||
			!strings.Contains(sofar, `role="log" aria-live="polite"`) || strings.Contains(sofar, "är publicerad") {
			t.Fatalf("the page while the PDF renders:\n%s", sofar)
		}
		// A second press while it runs leads to the same job and starts no other.
		req, _ := http.NewRequest(http.MethodPost, list, nil)
		req.AddCookie(&http.Cookie{Name: "tertial_session", Value: ctl})
		second, err := noFollow.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		second.Body.Close()
		if second.StatusCode != http.StatusSeeOther || second.Header.Get("Location") != jobPage {
			t.Errorf("second press: %d to %q", second.StatusCode, second.Header.Get("Location"))
		}
		close(slow.release)
		page := st.until("")
		if !strings.Contains(page, `<h2 id="klar">Version 1 är publicerad</h2>`) || !strings.Contains(page, "Öppna data (CSV och JSON) … <strong>klart</strong>") ||
			!strings.HasSuffix(strings.TrimSpace(page), "</html>") {
			t.Fatalf("the streamed page's end:\n%s", page)
		}
		pubs, err := db.Publications(context.Background(), demoRef)
		if err != nil {
			t.Fatal(err)
		}
		if len(pubs) != 1 || len(pubs[0].Files) != 4 {
			t.Fatalf("%d versions after two presses (want 1), files %v", len(pubs), pubs)
		}
		_, _, again := getAs(t, ctl, srv.URL+jobPage)
		for _, p := range []string{page, again} {
			for _, f := range pubs[0].Files {
				if !strings.Contains(p, f.SHA256) || !strings.Contains(p, f.Name) {
					t.Errorf("the confirmation lacks %s and its SHA-256", f.Name)
				}
			}
			if !strings.Contains(p, `href="`+publicPath+`"`) {
				t.Error("the confirmation does not lead to the public page")
			}
		}
		if !strings.Contains(again, "<h1>Version 1 är publicerad</h1>") || !strings.Contains(again, "PDF: <strong>klart</strong>") {
			t.Errorf("the job's page loaded after it ended:\n%s", again)
		}

		// A failing format: the error in words, and no new version.
		slow.fail, slow.release = true, make(chan struct{})
		if code, _ := postAs(t, ctl, list, nil); code != http.StatusSeeOther {
			t.Fatalf("publish again: %d", code)
		}
		<-slow.started
		close(slow.release)
		page = waitJob(t, ctl, srv.URL+jobPage)
		if !strings.Contains(page, "<h1>Publiceringen misslyckades</h1>") || !strings.Contains(page, "Pdf-rendreringen gav upp") || !strings.Contains(page, "PDF: <strong>avbrutet</strong>") {
			t.Errorf("the failed job's page:\n%s", page)
		}
		if pubs, _ := db.Publications(context.Background(), demoRef); len(pubs) != 1 {
			t.Errorf("%d versions after a failed publication, want 1", len(pubs))
		}
	})
}

// waitJob waits for the job to end (its page streams until then) and returns its page
// loaded afterwards.
func waitJob(t *testing.T, cookie, u string) string {
	t.Helper()
	getAs(t, cookie, u)
	_, _, page := getAs(t, cookie, u)
	return page
}

// TestPublicSettingsForm: an administrator turns the public pages off and sets the licence
// on the settings page; a bad licence comes back beside its field and changes nothing;
// the API reads and writes the same settings.
func TestPublicSettingsForm(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	srv := site(t, db, demoDataset(t))
	admin, ctl := login(t, srv, "admin"), login(t, srv, "controller")
	u := srv.URL + "/kommuner/0126/installningar/publicering"
	if code, _ := postAs(t, ctl, u, url.Values{"licens": {"CC BY 4.0"}}); code != http.StatusForbidden {
		t.Errorf("a controller changes the public settings: %d, want 403", code)
	}
	_, _, page := getAs(t, admin, srv.URL+"/kommuner/0126/installningar")
	if !strings.Contains(page, `id="offentlig" name="offentlig" type="checkbox" value="1" checked`) || !strings.Contains(page, `value="CC0 1.0 Universell"`) {
		t.Errorf("the settings page lacks the public pages' form with the defaults")
	}
	code, body := postAs(t, admin, u, url.Values{"licens": {""}, "licensadress": {"ftp://x"}})
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, `id="licens-fel"`) || !strings.Contains(body, `id="licensadress-fel"`) {
		t.Errorf("a bad licence: %d", code)
	}
	if ps, _ := db.PublicSettings(context.Background(), "0126"); ps != tertial.DefaultPublicSettings {
		t.Errorf("a refused form changed the settings: %+v", ps)
	}
	if code, _ := postAs(t, admin, u, url.Values{"licens": {"CC BY 4.0"}, "licensadress": {"https://creativecommons.org/licenses/by/4.0/"}}); code != http.StatusSeeOther {
		t.Fatalf("saving: %d", code)
	}
	ps, _ := db.PublicSettings(context.Background(), "0126")
	if ps.Public || ps.Licence != "CC BY 4.0" || ps.LicenceURL != "https://creativecommons.org/licenses/by/4.0/" {
		t.Errorf("saved: %+v (the unchecked box turns the pages off)", ps)
	}

	// The API: the fields left out stay; given, they change.
	h, err := web.New(db, slog.New(slog.NewTextHandler(io.Discard, nil)), web.Options{})
	if err != nil {
		t.Fatal(err)
	}
	api := httptest.NewServer(h)
	defer api.Close()
	put := func(body string) (int, map[string]any) {
		req, _ := http.NewRequest(http.MethodPut, api.URL+"/api/v1/municipalities/0126/settings", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.AddCookie(&http.Cookie{Name: "tertial_session", Value: admin})
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out map[string]any
		json.NewDecoder(resp.Body).Decode(&out)
		return resp.StatusCode, out
	}
	code, out := put(`{"name": "Huddinge kommun", "county": "Stockholms län", "county_code": "01"}`)
	if code != http.StatusOK || out["public_pages"] != false || out["licence"] != "CC BY 4.0" {
		t.Errorf("PUT without the public fields: %d %v", code, out)
	}
	code, out = put(`{"name": "Huddinge kommun", "county": "Stockholms län", "county_code": "01", "public_pages": true, "licence": ""}`)
	if code != http.StatusUnprocessableEntity {
		t.Errorf("PUT with an empty licence: %d %v", code, out)
	}
	if ps, _ := db.PublicSettings(context.Background(), "0126"); ps.Public {
		t.Error("a refused PUT turned the public pages on")
	}
	code, out = put(`{"name": "Huddinge kommun", "county": "Stockholms län", "county_code": "01", "public_pages": true, "licence": "CC0 1.0"}`)
	if ps, _ := db.PublicSettings(context.Background(), "0126"); code != http.StatusOK || !ps.Public || ps.Licence != "CC0 1.0" {
		t.Errorf("PUT: %d %v, stored %+v", code, out, ps)
	}
}

func sha256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}
