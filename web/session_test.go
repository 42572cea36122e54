package web_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
	"github.com/tertial/tertial/web"
)

// idleMessage is the sign-in page's text for a session that ended for want of use.
const idleMessage = "Du har loggats ut efter en tids inaktivitet."

// stoppedClock makes db's clock stand still at the present, moved on only by the test
// (the site reads it from requests of its own, hence the atomic).
func stoppedClock(db *store.DB) (advance func(time.Duration)) {
	base := time.Now()
	var offset atomic.Int64
	db.Now = func() time.Time { return base.Add(time.Duration(offset.Load())) }
	return func(d time.Duration) { offset.Add(int64(d)) }
}

// noFollow is a client that shows redirects rather than following them.
var noFollow = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// fetch sends a request with a cookie (none when value is "") without following redirects.
func fetch(t *testing.T, method, url, cookie, value string) *http.Response {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	if value != "" {
		req.AddCookie(&http.Cookie{Name: cookie, Value: value})
	}
	resp, err := noFollow.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp
}

// setCookie returns the cookie of the name the response sets, or nil.
func setCookie(resp *http.Response, name string) *http.Cookie {
	for _, c := range resp.Cookies() {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// TestSessionIdleTimeout (ASVS 3.3.2): a session used within the idle time stays signed
// in; one left unused for longer is ended, its cookie deleted, and the user is sent to the
// sign-in page, told why, and from there back to where they were. The API answers 401.
func TestSessionIdleTimeout(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		advance := stoppedClock(db)
		srv := siteWith(t, db, web.Options{SessionIdle: 30 * time.Minute}, demoDataset(t))
		signedIn := func(cookie string) bool {
			t.Helper()
			_, _, page := getAs(t, cookie, srv.URL+"/")
			return strings.Contains(page, "Inloggad som <strong>")
		}
		// Used every 29 minutes, the session lasts well beyond its first 30.
		for i := 1; i <= 3; i++ {
			advance(29 * time.Minute)
			if !signedIn(session) {
				t.Fatalf("signed out at a use %d×29 minutes after sign-in, each within 30 minutes of the last", i)
			}
		}
		api := login(t, srv, "lasare")

		advance(31 * time.Minute)
		page := "/kommuner/0126?flik=1"
		resp := fetch(t, http.MethodGet, srv.URL+page, "tertial_session", session)
		loc, _ := url.Parse(resp.Header.Get("Location"))
		if resp.StatusCode != http.StatusSeeOther || loc.Path != "/logga-in" || loc.Query().Get("nasta") != page || loc.Query().Get("utloggad") != "inaktiv" {
			t.Fatalf("an idle session's page: %d to %q, want 303 to the sign-in page with nasta=%s and the reason", resp.StatusCode, loc, page)
		}
		if c := setCookie(resp, "tertial_session"); c == nil || c.MaxAge >= 0 {
			t.Errorf("the idle session's cookie is not deleted: %v", c)
		}
		_, _, form := getAs(t, "", srv.URL+loc.String())
		if !strings.Contains(form, idleMessage) || !strings.Contains(form, `name="nasta" value="`+page+`"`) {
			t.Errorf("the sign-in page does not say why or does not lead back to %s:\n%s", page, form)
		}
		// The session is gone, not only refused: it is now a plain stranger.
		resp = fetch(t, http.MethodGet, srv.URL+"/", "tertial_session", session)
		if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || strings.Contains(loc, "utloggad") {
			t.Errorf("the ended session again: %d to %q, want a plain redirect to sign in", resp.StatusCode, loc)
		}
		// Signing in from that page leads back to where the user was.
		resp, err := noFollow.PostForm(srv.URL+"/logga-in", url.Values{"namn": {"controller"}, "losenord": {"demo"}, "nasta": {loc.Query().Get("nasta")}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if got := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || got != page {
			t.Errorf("sign-in after the idle sign-out: %d to %q, want %s", resp.StatusCode, got, page)
		}
		// Without the reason in the link the sign-in page says nothing of it.
		if _, _, form := getAs(t, "", srv.URL+"/logga-in"); strings.Contains(form, idleMessage) {
			t.Error("the sign-in page speaks of inactivity unasked")
		}

		req, _ := http.NewRequest(http.MethodGet, srv.URL+"/api/v1/municipalities", nil)
		req.AddCookie(&http.Cookie{Name: "tertial_session", Value: api})
		resp, err = noFollow.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(string(body), "inaktivitet") {
			t.Errorf("the API with an idle session: %d %s", resp.StatusCode, body)
		}
	})
}

// TestSessionIdleOff: with the idle timeout off (--session-idle 0) a session unused for
// hours lasts until its absolute end (--session-ttl); by default it ends after 30 minutes.
func TestSessionIdleOff(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	advance := stoppedClock(db)
	srv := siteWith(t, db, web.Options{SessionIdle: -1}, demoDataset(t))
	// A second site over the same database with the default idle time.
	h, err := web.New(db, slog.New(slog.NewTextHandler(io.Discard, nil)), web.Options{})
	if err != nil {
		t.Fatal(err)
	}
	byDefault := httptest.NewServer(h)
	defer byDefault.Close()
	other := login(t, byDefault, "lasare")

	advance(11 * time.Hour)
	if _, _, page := getAs(t, session, srv.URL+"/"); !strings.Contains(page, "Inloggad som <strong>") {
		t.Error("signed out after 11 hours unused though the idle timeout is off")
	}
	resp := fetch(t, http.MethodGet, byDefault.URL+"/", "tertial_session", other)
	if loc := resp.Header.Get("Location"); !strings.Contains(loc, "utloggad=inaktiv") {
		t.Errorf("by default an 11-hour idle session: %d to %q, want signed out for inactivity", resp.StatusCode, loc)
	}
	// The absolute end (--session-ttl, 12 hours; its expiry is set by the real clock at
	// sign-in) holds either way.
	advance(time.Hour + time.Minute)
	if _, _, page := getAs(t, session, srv.URL+"/"); strings.Contains(page, "Inloggad som <strong>") {
		t.Error("signed in past the session's absolute end")
	}
}

// TestSessionCookieName (ASVS 3.4.4): with Secure cookies (--secure-cookies or TLS) the
// session cookie is __Host-tertial_session, Secure, Path=/ and without Domain, as a browser
// requires of that prefix; without, it keeps the plain name, which browsers take over
// plain HTTP. Each mode reads only its own name, and signing out deletes it.
func TestSessionCookieName(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	siteWith(t, db, web.Options{}, demoDataset(t)) // the accounts
	for _, c := range []struct {
		secure      bool
		name, other string
	}{
		{true, "__Host-tertial_session", "tertial_session"},
		{false, "tertial_session", "__Host-tertial_session"},
	} {
		h, err := web.New(db, slog.New(slog.NewTextHandler(io.Discard, nil)), web.Options{SecureCookies: c.secure})
		if err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewServer(h)
		defer srv.Close()
		resp, err := noFollow.PostForm(srv.URL+"/logga-in", url.Values{"namn": {"lasare"}, "losenord": {"demo"}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		ck := setCookie(resp, c.name)
		if ck == nil || ck.Value == "" || setCookie(resp, c.other) != nil {
			t.Fatalf("secure=%v: sign-in sets %v, want the cookie %s only", c.secure, resp.Cookies(), c.name)
		}
		if ck.Secure != c.secure || ck.Path != "/" || ck.Domain != "" || !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode {
			t.Errorf("secure=%v: %s, want Secure=%v, Path=/, no Domain, HttpOnly, SameSite=Lax", c.secure, ck, c.secure)
		}
		if resp := fetch(t, http.MethodGet, srv.URL+"/kommuner/0126", c.name, ck.Value); resp.StatusCode != http.StatusOK {
			t.Errorf("secure=%v: the session under %s: %d, want 200", c.secure, c.name, resp.StatusCode)
		}
		if resp := fetch(t, http.MethodGet, srv.URL+"/", c.other, ck.Value); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("secure=%v: the same session under the other name %s: %d, want 303 to sign in", c.secure, c.other, resp.StatusCode)
		}

		// Sign-out ends the session and deletes the cookie of the mode's name.
		req, _ := http.NewRequest(http.MethodPost, srv.URL+"/logga-ut", nil)
		req.AddCookie(&http.Cookie{Name: c.name, Value: ck.Value})
		resp, err = noFollow.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		del := setCookie(resp, c.name)
		if resp.StatusCode != http.StatusSeeOther || del == nil || del.MaxAge >= 0 || del.Secure != c.secure || del.Path != "/" {
			t.Errorf("secure=%v: sign-out: %d, cookie %v; want %s deleted with the same attributes", c.secure, resp.StatusCode, del, c.name)
		}
		if resp := fetch(t, http.MethodGet, srv.URL+"/", c.name, ck.Value); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("secure=%v: the session after sign-out: %d, want 303 to sign in", c.secure, resp.StatusCode)
		}
	}
}
