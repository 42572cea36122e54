package web_test

import (
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
	"github.com/tertial/tertial/web"
)

// offSiteNexts are "nasta" values as an attacker writes them into a link (query-encoded):
// each is another site, a script, or something a browser may read as one.
var offSiteNexts = []string{
	"/%09/evil.example/x", "/%0a/evil.example/x", "/%0d/evil.example/x", "%09//evil.example", "/%00/evil.example",
	"//evil.example/x", "/%2f%2fevil.example", "%2F%2Fevil.example", "/%2F/evil.example", "///evil.example",
	"/%5Cevil.example", "%5C/evil.example", "/%5C/evil.example", "%5C%5Cevil.example",
	"https://evil.example/", "https:evil.example", "javascript:alert(1)", "JaVaScRiPt%3Aalert(1)",
	"%20/x", "+/x", "/x%20", "/%E2%80%A8/evil.example", "/%C2%A0/evil.example", "/%EF%BB%BF/evil.example",
	"evil.example", "",
}

var hiddenNextRe = regexp.MustCompile(`<input type="hidden" name="nasta" value="([^"]*)">`)

// TestNoOpenRedirectAfterSignIn: after a password sign-in, an off-site "nasta" sends the
// browser to the start page, from the form as much as from a post made up by hand.
func TestNoOpenRedirectAfterSignIn(t *testing.T) {
	srv := site(t, storetest.Open(t, store.SQLite), demoDataset(t))
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for _, next := range append(offSiteNexts, "/kommuner/0126") {
		_, _, page := getAs(t, "", srv.URL+"/logga-in?nasta="+next)
		m := hiddenNextRe.FindStringSubmatch(page)
		want := "/"
		if next == "/kommuner/0126" {
			want = next
		}
		if m == nil || html.UnescapeString(m[1]) != want {
			t.Errorf("sign-in page for nasta=%s: the form sends %q, want %q", next, m, want)
		}
		raw, err := url.QueryUnescape(next)
		if err != nil {
			t.Fatal(err)
		}
		resp, err := client.PostForm(srv.URL+"/logga-in", url.Values{"namn": {"lasare"}, "losenord": {"demo"}, "nasta": {raw}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != want {
			t.Errorf("sign-in with nasta=%s: %d to %q, want 303 to %q", next, resp.StatusCode, resp.Header.Get("Location"), want)
		}
	}
}

// TestNoOpenRedirectAfterSSO: after a single sign-on, an off-site "nasta" sends the
// browser to the start page.
func TestNoOpenRedirectAfterSSO(t *testing.T) {
	op := newFakeOP(t)
	op.claims["preferred_username"] = "anna"
	srv := ssoSite(t, storetest.Open(t, store.SQLite), op.srv.URL, "")
	for _, next := range append(offSiteNexts, "/healthz") {
		c, _ := ssoBrowser(t)
		var location string
		c.CheckRedirect = func(req *http.Request, via []*http.Request) error {
			if via[len(via)-1].URL.Path == "/oidc/callback" {
				location = req.Response.Header.Get("Location")
				return http.ErrUseLastResponse
			}
			return nil
		}
		resp, err := c.Get(srv.URL + "/oidc/login?nasta=" + next)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		want := "/"
		if next == "/healthz" {
			want = next
		}
		if location != want {
			t.Errorf("single sign-on with nasta=%s: sent on to %q, want %q", next, location, want)
		}
	}
}

// TestSignInGetsNewSession: a sign-in made with a session cookie ends that session and
// starts another with a new ID, by password as by single sign-on.
func TestSignInGetsNewSession(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		srv := site(t, db, demoDataset(t))
		old := login(t, srv, "lasare")
		req, _ := http.NewRequest(http.MethodPost, srv.URL+"/logga-in", strings.NewReader(url.Values{"namn": {"controller"}, "losenord": {"demo"}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.AddCookie(&http.Cookie{Name: "tertial_session", Value: old})
		resp, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		var fresh string
		for _, c := range resp.Cookies() {
			if c.Name == "tertial_session" {
				fresh = c.Value
			}
		}
		if resp.StatusCode != http.StatusSeeOther || fresh == "" || fresh == old {
			t.Fatalf("sign-in over a session: %d, new cookie %q (old %q)", resp.StatusCode, fresh, old)
		}
		if _, _, page := getAs(t, old, srv.URL+"/"); !strings.Contains(page, `name="losenord"`) {
			t.Error("the session the sign-in was made with still works")
		}
		if _, _, page := getAs(t, fresh, srv.URL+"/"); !strings.Contains(page, "Inloggad som <strong>controller</strong>") {
			t.Error("the new session does not work")
		}
	})
	t.Run("sso", func(t *testing.T) {
		op := newFakeOP(t)
		op.claims["preferred_username"] = "anna"
		srv := ssoSite(t, storetest.Open(t, store.SQLite), op.srv.URL, "")
		c, _ := ssoBrowser(t)
		resp, err := c.PostForm(srv.URL+"/logga-in", url.Values{"namn": {"bertil"}, "losenord": {"demo"}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		u, _ := url.Parse(srv.URL)
		var old string
		for _, ck := range c.Jar.Cookies(u) {
			if ck.Name == "tertial_session" {
				old = ck.Value
			}
		}
		if old == "" || signedInAs(t, c, srv) != "bertil" {
			t.Fatal("the password sign-in failed")
		}
		if status, _, _ := ssoSignIn(t, c, srv); status != http.StatusOK || signedInAs(t, c, srv) != "anna" {
			t.Fatalf("single sign-on over a session: %d", status)
		}
		if _, _, page := getAs(t, old, srv.URL+"/"); !strings.Contains(page, `name="losenord"`) {
			t.Error("the session the single sign-on was made with still works")
		}
	})
}

// TestCacheHeaders: nothing behind sign-in may be kept by a browser or a proxy; only what
// anyone may fetch is public. HSTS is sent when the site runs behind TLS.
func TestCacheHeaders(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	srv := site(t, db, demoDataset(t))
	for _, c := range []struct {
		path, want string
		cookie     bool
	}{
		{"/", "private, no-store", true},
		{"/kommuner/0126", "private, no-store", true},
		{periodPath, "private, no-store", true},
		{"/api/v1/municipalities", "private, no-store", true},
		{"/nothing/here", "private, no-store", true},
		{"/logga-in", "private, no-store", false},
		{"/static/style.css", "public, max-age=3600", false},
		{"/schema/dataset-1.json", "public, max-age=3600", false},
	} {
		cookie := ""
		if c.cookie {
			cookie = session
		}
		_, h, _ := getAs(t, cookie, srv.URL+c.path)
		if got := h.Get("Cache-Control"); got != c.want {
			t.Errorf("%s: Cache-Control %q, want %q", c.path, got, c.want)
		}
		if h.Get("Strict-Transport-Security") != "" {
			t.Errorf("%s: HSTS without --secure-cookies", c.path)
		}
	}
	h, err := web.New(db, slog.New(slog.NewTextHandler(io.Discard, nil)), web.Options{SecureCookies: true})
	if err != nil {
		t.Fatal(err)
	}
	secure := httptest.NewServer(h)
	defer secure.Close()
	for _, path := range []string{"/logga-in", "/", "/static/style.css"} {
		_, hdr, _ := getAs(t, "", secure.URL+path)
		if got := hdr.Get("Strict-Transport-Security"); got != "max-age=31536000; includeSubDomains" {
			t.Errorf("%s with --secure-cookies: Strict-Transport-Security %q", path, got)
		}
	}
}
