package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
	"github.com/tertial/tertial/web"
)

// emptySite serves an empty database and returns the first-run path with its token.
func emptySite(t *testing.T, db *store.DB) (*httptest.Server, string) {
	t.Helper()
	h, err := web.New(db, slog.New(slog.NewTextHandler(io.Discard, nil)), web.Options{})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	path, err := h.FirstRunPath(context.Background())
	if err != nil || !strings.HasPrefix(path, "/forsta-start?token=") {
		t.Fatalf("first-run path %q %v", path, err)
	}
	return srv, path
}

// sessionOf returns the session cookie a response sets, or "".
func sessionOf(resp *http.Response) string {
	for _, c := range resp.Cookies() {
		if c.Name == "tertial_session" && c.Value != "" {
			return c.Value
		}
	}
	return ""
}

// TestFirstRun: on an empty database nothing is created without the first-run token or
// with a wrong one (403); with it, the first system administrator is created and signed
// in, creates the municipality with its first unit, and the site works: its page, the
// administration, and a sign-in with the new password. The token is then spent.
func TestFirstRun(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		srv, path := emptySite(t, db)
		token, _ := url.ParseQuery(strings.TrimPrefix(path, "/forsta-start?"))
		admin := url.Values{"namn": {"root"}, "losenord": {goodPassword}, "losenord2": {goodPassword}}

		for _, bad := range []string{"", "fel", token.Get("token") + "x"} {
			if status, _, _ := getAs(t, "", srv.URL+"/forsta-start?token="+url.QueryEscape(bad)); status != http.StatusForbidden {
				t.Errorf("GET with token %q: %d, want 403", bad, status)
			}
			form := url.Values{"token": {bad}}
			for k, v := range admin {
				form[k] = v
			}
			if status, _ := postAs(t, "", srv.URL+"/forsta-start", form); status != http.StatusForbidden {
				t.Errorf("POST with token %q: %d, want 403", bad, status)
			}
		}
		if has, _ := db.HasAccounts(context.Background()); has {
			t.Fatal("an account was created without the token")
		}
		// Without an account everything else still asks for a sign-in.
		if status, _ := postAs(t, "", srv.URL+"/admin/kommuner/ny", url.Values{"kod": {"9950"}}); status != http.StatusUnauthorized {
			t.Errorf("new municipality signed out: %d", status)
		}

		status, _, page := getAs(t, "", srv.URL+path)
		if status != http.StatusOK || !strings.Contains(page, `name="token" value="`+token.Get("token")+`"`) {
			t.Fatalf("the first-run form: %d", status)
		}
		form := url.Values{"token": token["token"], "namn": {"root"}, "losenord": {goodPassword}, "losenord2": {"något annat helt och hållet"}}
		status, page = postAs(t, "", srv.URL+"/forsta-start", form)
		if status != http.StatusUnprocessableEntity || !strings.Contains(fieldErrorOf(page, "losenord2"), "inte lika") {
			t.Errorf("passwords that differ: %d %q", status, fieldErrorOf(page, "losenord2"))
		}
		form.Set("losenord2", goodPassword)
		req, _ := http.NewRequest(http.MethodPost, srv.URL+"/forsta-start", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		cookie := sessionOf(resp)
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/admin/kommuner/ny?forsta=1" || cookie == "" {
			t.Fatalf("first admin: %d to %q, cookie %v", resp.StatusCode, resp.Header.Get("Location"), cookie != "")
		}
		a, err := db.Account(context.Background(), "root")
		if err != nil || !a.SystemAdmin() {
			t.Fatalf("root: %+v %v", a, err)
		}
		// The token is spent.
		if status, _, _ := getAs(t, "", srv.URL+path); status != http.StatusForbidden {
			t.Errorf("the token again: %d, want 403", status)
		}
		form.Set("namn", "root2")
		if status, _ := postAs(t, "", srv.URL+"/forsta-start", form); status != http.StatusForbidden {
			t.Errorf("a second first admin: %d, want 403", status)
		}

		status, _, page = getAs(t, cookie, srv.URL+"/admin/kommuner/ny?forsta=1")
		if status != http.StatusOK || !strings.Contains(page, "Ditt konto är skapat") {
			t.Fatalf("the new municipality form: %d", status)
		}
		muni := url.Values{"namn": {"Nyby kommun"}, "kod": {"99"}, "lan": {"Nyby län"}, "lanskod": {"99"}, "enhet_namn": {"Kommunfullmäktige"}, "enhet_id": {"kf"}, "enhet_typ": {"council"}}
		status, page = postAs(t, cookie, srv.URL+"/admin/kommuner/ny", muni)
		if status != http.StatusUnprocessableEntity || !strings.Contains(fieldErrorOf(page, "kod"), "fyra siffror") || !strings.Contains(page, `value="Nyby kommun"`) {
			t.Errorf("a bad code: %d %q", status, fieldErrorOf(page, "kod"))
		}
		muni.Set("kod", "9950")
		muni.Set("enhet_typ", "kommun")
		status, page = postAs(t, cookie, srv.URL+"/admin/kommuner/ny", muni)
		if status != http.StatusUnprocessableEntity || !strings.Contains(fieldErrorOf(page, "enhet_typ"), "Okänd enhetstyp") {
			t.Errorf("a bad unit kind: %d %q", status, fieldErrorOf(page, "enhet_typ"))
		}
		if ms, _ := db.Municipalities(context.Background()); len(ms) != 0 {
			t.Fatalf("a refused form created %v", ms)
		}
		muni.Set("enhet_typ", "council")
		status, _ = postAs(t, cookie, srv.URL+"/admin/kommuner/ny", muni)
		if status != http.StatusSeeOther {
			t.Fatalf("new municipality: %d", status)
		}
		// The site works: the municipality's page, the administration, and a new sign-in.
		status, _, page = getAs(t, cookie, srv.URL+"/kommuner/9950")
		if status != http.StatusOK || !strings.Contains(text(page), "Nyby kommun") || !strings.Contains(text(page), "Kommunfullmäktige") {
			t.Errorf("the municipality's page: %d", status)
		}
		if status, _, page = getAs(t, cookie, srv.URL+"/admin"); status != http.StatusOK || !strings.Contains(text(page), "root") {
			t.Errorf("/admin: %d", status)
		}
		status, _ = postAs(t, cookie, srv.URL+"/admin/konton", url.Values{"namn": {"anna"}, "roll": {"reporter"}, "kommun": {"9950"}, "enhet": {"kf"}, "losenord": {goodPassword}, "losenord2": {goodPassword}})
		if status != http.StatusSeeOther {
			t.Errorf("an account in the new municipality: %d", status)
		}
		resp, err = client.PostForm(srv.URL+"/logga-in", url.Values{"namn": {"root"}, "losenord": {goodPassword}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusSeeOther || sessionOf(resp) == "" {
			t.Errorf("root signs in: %d", resp.StatusCode)
		}
		entries, err := db.AuditLog(context.Background(), store.AuditFilter{Municipality: "9950", Entity: "municipality"})
		if err != nil || len(entries) == 0 || entries[0].Actor != "root" {
			t.Errorf("the municipality's audit: %+v %v", entries, err)
		}
	})
}

// TestFirstRunOnlyOnEmptyDatabase: a site with accounts has no first-run path, and a
// first-run token made before an account was added (by the command line) creates nothing.
func TestFirstRunOnlyOnEmptyDatabase(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	srv, path := emptySite(t, db)
	if err := db.CreateUser(context.Background(), "kommandorad", tertial.User{Name: "root", Role: tertial.RoleAdmin}, passwordHash); err != nil {
		t.Fatal(err)
	}
	if status, _, _ := getAs(t, "", srv.URL+path); status != http.StatusForbidden {
		t.Errorf("the token after an account was added: %d, want 403", status)
	}
	h, err := web.New(db, slog.New(slog.NewTextHandler(io.Discard, nil)), web.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if p, err := h.FirstRunPath(context.Background()); p != "" || err != nil {
		t.Errorf("first-run path with an account: %q %v", p, err)
	}
}
