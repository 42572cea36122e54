package web_test

import (
	"context"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/auth"
	"github.com/tertial/tertial/dataset"
	"github.com/tertial/tertial/demo"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
	"github.com/tertial/tertial/sv"
	"github.com/tertial/tertial/web"
)

// passwordHash is the hash of "demo", made once: argon2id is slow on purpose.
var passwordHash = func() string {
	h, err := auth.HashPassword("demo")
	if err != nil {
		panic(err)
	}
	return h
}()

// accounts are the test accounts, all with the password "demo". Every account but the
// system administrator works in one municipality: the demo's (0126) or Ekby's (9901); those
// of a municipality the site does not hold are not created.
var accounts = []tertial.User{
	{Name: "admin", Role: tertial.RoleAdmin},
	{Name: "controller", Role: tertial.RoleController, Municipality: "0126"},
	{Name: "rapportor", Role: tertial.RoleReporter, Municipality: "0126", Unit: "ks"},
	{Name: "lasare", Role: tertial.RoleReader, Municipality: "0126"},
	{Name: "controller-ekby", Role: tertial.RoleController, Municipality: "9901"},
	{Name: "lasare-ekby", Role: tertial.RoleReader, Municipality: "9901"},
}

// controllerOf returns the name of the controller test account of a municipality.
func controllerOf(code string) string {
	if code == "9901" {
		return "controller-ekby"
	}
	return "controller"
}

// session is the session cookie get sends: site signs in as the controller.
var session string

// site starts the web site over a real database holding the given datasets and the test
// accounts, and signs get in as the controller.
func site(t *testing.T, db *store.DB, datasets ...*tertial.Dataset) *httptest.Server {
	t.Helper()
	return siteWith(t, db, web.Options{}, datasets...)
}

// siteWith is site with options. It signs get in as the controller of the first
// dataset's municipality (as the system administrator when there is none).
func siteWith(t *testing.T, db *store.DB, opts web.Options, datasets ...*tertial.Dataset) *httptest.Server {
	t.Helper()
	for _, ds := range datasets {
		if err := db.ReplaceDataset(context.Background(), ds); err != nil {
			t.Fatal(err)
		}
	}
	for _, u := range accounts {
		err := db.CreateUser(context.Background(), "test", u, passwordHash)
		if err != nil && tertial.ErrorCode(err) != tertial.EINVALID { // no such municipality or unit in these datasets
			t.Fatal(err)
		}
	}
	h, err := web.New(db, slog.New(slog.NewTextHandler(io.Discard, nil)), opts)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	who := "admin"
	if len(datasets) > 0 {
		who = controllerOf(datasets[0].Municipality.Code)
	}
	session = login(t, srv, who)
	return srv
}

// login signs in and returns the session cookie's value.
func login(t *testing.T, srv *httptest.Server, name string) string {
	t.Helper()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.PostForm(srv.URL+"/logga-in", url.Values{"namn": {name}, "losenord": {"demo"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	for _, c := range resp.Cookies() {
		if c.Name == "tertial_session" && c.Value != "" {
			return c.Value
		}
	}
	t.Fatalf("sign-in as %s failed: status %d", name, resp.StatusCode)
	return ""
}

func get(t *testing.T, url string) (int, http.Header, string) {
	t.Helper()
	return getAs(t, session, url)
}

// getAs fetches a page with a session cookie ("" for none), following redirects on the
// site.
func getAs(t *testing.T, cookie, url string) (int, http.Header, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	if cookie != "" {
		req.AddCookie(&http.Cookie{Name: "tertial_session", Value: cookie})
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, string(body)
}

func demoDataset(t *testing.T) *tertial.Dataset {
	ds, err := demo.Dataset()
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

func ekbyDataset(t *testing.T) *tertial.Dataset {
	data, err := os.ReadFile(filepath.Join("..", "testdata", "ekby.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	ds, err := dataset.Decode(data, "ekby.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

// text returns the page's text with tags removed and entities decoded, spaces collapsed.
func text(page string) string {
	s := regexp.MustCompile(`<[^>]*>`).ReplaceAllString(page, " ")
	s = html.UnescapeString(s)
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\u00a0", " ")), " ")
}

func norm(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\u00a0", " ")), " ")
}

// TestDemoPeriodShowsEverything: the served page of the demo's period shows every goal,
// every indicator with all its values and targets, and every assignment with its status.
func TestDemoPeriodShowsEverything(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ds := demoDataset(t)
		srv := site(t, db, ds)
		status, _, page := get(t, srv.URL+"/kommuner/0126/enheter/ks/perioder/2021-08")
		if status != http.StatusOK {
			t.Fatalf("status %d", status)
		}
		got := text(page)
		for _, g := range ds.Goals {
			if !strings.Contains(got, norm(g.Title)) {
				t.Errorf("goal %q missing", g.Title)
			}
		}
		for _, ind := range ds.Indicators {
			if !strings.Contains(got, norm(ind.Name)) {
				t.Errorf("indicator %q missing", ind.Name)
			}
			for _, v := range ind.Values {
				if v.Value != nil && !strings.Contains(got, norm(sv.Decimal(*v.Value, ind.Decimals))) {
					t.Errorf("indicator %q: value %s for %d missing", ind.Name, v.Value, v.Year)
				}
			}
			for _, tg := range ind.Targets {
				if !strings.Contains(got, norm(tg.Target.String())) {
					t.Errorf("indicator %q: target %q missing", ind.Name, tg.Target)
				}
			}
			if ind.LongTerm != nil && !strings.Contains(got, norm(ind.LongTerm.Target.String())) {
				t.Errorf("indicator %q: long-term target missing", ind.Name)
			}
		}
		for _, a := range ds.Assignments {
			if !strings.Contains(got, norm(a.Title)) {
				t.Errorf("assignment %q missing", a.Title)
			}
		}
		for _, want := range []string{"Blir klart i år", "Troligen klart i år", "Ej klart i år", "prognos", "Målvärde 2030", "Etappmål 2021"} {
			if !strings.Contains(got, want) {
				t.Errorf("%q missing", want)
			}
		}
		// Each indicator is a row of its own: count the rows headed by an indicator name.
		if n := strings.Count(page, `<th scope="row">`) - len(ds.Assignments); n != len(ds.Indicators) {
			t.Errorf("%d indicator rows, want %d", n, len(ds.Indicators))
		}
	})
}

var headingRe = regexp.MustCompile(`<h([1-6])[ >]`)

// TestPagesAreAccessible checks the page structure WCAG relies on: the language, one h1,
// headings nested without gaps, captions and header scopes on tables.
func TestPagesAreAccessible(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	srv := site(t, db, demoDataset(t), ekbyDataset(t))
	pages := []string{"/", "/kommuner/0126", "/kommuner/0126/enheter/ks/perioder/2021-08", "/kommuner/9901", "/finns-inte"}
	ekby := ekbyDataset(t)
	for _, p := range ekby.Periods {
		pages = append(pages, "/kommuner/9901/enheter/"+p.Unit+"/perioder/"+p.ID)
	}
	ekbySession := login(t, srv, "controller-ekby")
	for _, path := range pages {
		cookie := session
		if strings.HasPrefix(path, "/kommuner/9901") {
			cookie = ekbySession
		}
		_, _, page := getAs(t, cookie, srv.URL+path)
		if !strings.Contains(page, `<html lang="sv">`) {
			t.Errorf("%s: no lang=sv", path)
		}
		levels := headingRe.FindAllStringSubmatch(page, -1)
		if len(levels) == 0 || levels[0][1] != "1" {
			t.Errorf("%s: does not start with an h1", path)
			continue
		}
		prev, h1 := 0, 0
		for _, m := range levels {
			l, _ := strconv.Atoi(m[1])
			if l == 1 {
				h1++
			}
			if l > prev+1 {
				t.Errorf("%s: heading h%d follows h%d", path, l, prev)
			}
			prev = l
		}
		if h1 != 1 {
			t.Errorf("%s: %d h1", path, h1)
		}
		if n, c := strings.Count(page, "<table"), strings.Count(page, "<caption>"); n != c {
			t.Errorf("%s: %d tables, %d captions", path, n, c)
		}
		if strings.Contains(page, "<th>") {
			t.Errorf("%s: a th without scope", path)
		}
	}
}

// TestSecondMunicipality: an invented municipality with two nämnder and two periods each is
// served; each nämnd's page shows its own goals and not the other's.
func TestSecondMunicipality(t *testing.T) {
	ds := ekbyDataset(t)
	db := storetest.Open(t, store.SQLite)
	srv := site(t, db, ds)
	status, _, home := get(t, srv.URL+"/")
	if status != http.StatusOK || !strings.Contains(home, ds.Municipality.Name) {
		t.Fatalf("start page: %d", status)
	}
	boards := 0
	for _, u := range ds.Units {
		if u.Kind != tertial.UnitBoard {
			continue
		}
		boards++
		periods := 0
		for _, p := range ds.Periods {
			if p.Unit != u.ID {
				continue
			}
			periods++
			status, _, page := get(t, srv.URL+"/kommuner/"+ds.Municipality.Code+"/enheter/"+u.ID+"/perioder/"+p.ID)
			if status != http.StatusOK {
				t.Fatalf("%s/%s: status %d", u.ID, p.ID, status)
			}
			got := text(page)
			for _, g := range ds.Goals {
				if g.Unit == "" {
					continue
				}
				own := g.Unit == u.ID || ds.Unit(g.Unit).Parent == u.ID
				if own != strings.Contains(got, norm(g.Title)) {
					t.Errorf("%s/%s: goal %q of %s shown = %v", u.ID, p.ID, g.Title, g.Unit, !own)
				}
			}
		}
		if periods < 2 {
			t.Errorf("%s has %d periods, want at least 2", u.ID, periods)
		}
	}
	if boards != 2 {
		t.Errorf("%d nämnder, want 2", boards)
	}
}

func TestErrorsAndHeaders(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	srv := site(t, db, demoDataset(t))
	adminSession := login(t, srv, "admin")
	for _, c := range []struct {
		path   string
		status int
		want   string
	}{
		{"/kommuner/0126/enheter/nope/perioder/2021-08", 404, `Det finns ingen enhet "nope".`},
		{"/kommuner/0126/enheter/ks/perioder/1999-01", 404, "Kommunstyrelsen har ingen period"},
		{"/kommuner/9999", 404, "det finns ingen kommun"},
		{"/nothing/here", 404, "Sidan finns inte."},
		{"/healthz", 200, "ok"},
		{"/static/style.css", 200, "font"},
		{"/schema/dataset-1.json", 200, "tertial/1"},
	} {
		cookie := session
		if c.path == "/kommuner/9999" {
			// Only a system administrator may read every municipality, and so learn
			// that one does not exist; anyone else is refused before that.
			cookie = adminSession
		}
		status, h, body := getAs(t, cookie, srv.URL+c.path)
		if status != c.status || !strings.Contains(text(body), c.want) {
			t.Errorf("%s: %d, want %d with %q", c.path, status, c.status, c.want)
		}
		for _, hdr := range []string{"Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy"} {
			if h.Get(hdr) == "" {
				t.Errorf("%s: no %s header", c.path, hdr)
			}
		}
	}
	// A page that is only read refuses other methods.
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/kommuner/0126", strings.NewReader("x"))
	req.AddCookie(&http.Cookie{Name: "tertial_session", Value: session})
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed && resp.StatusCode != http.StatusNotFound {
		t.Errorf("POST: %d", resp.StatusCode)
	}
}

// TestUserTextIsEscaped: text from a dataset cannot inject markup.
func TestUserTextIsEscaped(t *testing.T) {
	ds := demoDataset(t)
	ds.Goals[1].Title = `<script>alert(1)</script>Mål`
	for i := range ds.Goals[1].Followups {
		ds.Goals[1].Followups[i].Analysis = "Text <img src=x onerror=alert(1)> och [länk](javascript:alert(1))."
	}
	db := storetest.Open(t, store.SQLite)
	srv := site(t, db, ds)
	_, _, page := get(t, srv.URL+"/kommuner/0126/enheter/ks/perioder/2021-08")
	for _, bad := range []string{"<script>alert", "<img src=x", `href="javascript:`} {
		if strings.Contains(page, bad) {
			t.Errorf("page contains %q", bad)
		}
	}
	if !strings.Contains(page, "&lt;script&gt;alert(1)&lt;/script&gt;Mål") {
		t.Error("escaped title not shown")
	}
}

func demoDatasetB() (*tertial.Dataset, error) { return demo.Dataset() }

// TestPeriodPageDateInThePeriodsWords: the period page names its date as the report's
// cover does: "Brytdatum" and the day in an interim report, "Räkenskapsår" and the year in
// an annual one over a calendar year.
func TestPeriodPageDateInThePeriodsWords(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	srv := site(t, db, demoDataset(t), ekbyDataset(t))
	_, _, interim := getAs(t, session, srv.URL+"/kommuner/0126/enheter/ks/perioder/2021-08")
	if !strings.Contains(interim, "<dt>Brytdatum</dt><dd>31 augusti 2021</dd>") {
		t.Errorf("the interim period page does not say Brytdatum 31 augusti 2021")
	}
	_, _, annual := getAs(t, login(t, srv, "controller-ekby"), srv.URL+"/kommuner/9901/enheter/kfn/perioder/2025-12")
	if !strings.Contains(annual, "<dt>Räkenskapsår</dt><dd>2025</dd>") || strings.Contains(annual, "Brytdatum") {
		t.Errorf("the annual period page does not say Räkenskapsår 2025, or says Brytdatum")
	}
	_, _, muni := getAs(t, login(t, srv, "controller-ekby"), srv.URL+"/kommuner/9901")
	if !strings.Contains(muni, "Årsbokslut 2025</a> – Verksamhetsberättelse, räkenskapsår 2025-12-31") || !strings.Contains(muni, "brytdatum 2025-04-30") {
		t.Errorf("the municipality's page does not name each period's date in its own words")
	}
}
