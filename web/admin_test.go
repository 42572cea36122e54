package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

// goodPassword passes tertial.CheckPassword.
const goodPassword = "en lång mening som lösenord"

// fieldErrorOf returns the error shown beside the form field with the id, or "".
func fieldErrorOf(page, id string) string {
	m := regexp.MustCompile(`<p class="field-error" id="` + regexp.QuoteMeta(id) + `-fel"><span class="visually-hidden">Fel: </span>([^<]*)</p>`).FindStringSubmatch(page)
	if m == nil {
		return ""
	}
	return text(m[1])
}

// account reads an account from the store.
func account(t *testing.T, db *store.DB, name string) *store.Account {
	t.Helper()
	a, err := db.Account(context.Background(), name)
	if err != nil {
		t.Fatalf("account %s: %v", name, err)
	}
	return a
}

// auditOfUser returns the audit entries of an item as "actor field: old → new".
func auditOfUser(t *testing.T, db *store.DB, entity, key string) []string {
	t.Helper()
	entries, err := db.AuditLog(context.Background(), store.AuditFilter{Entity: entity, Key: key})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Actor+" "+e.Field+": "+e.Old+" → "+e.New)
	}
	return out
}

// TestAdminAccess: the system administrator sees every account and the form for a new
// one; a municipality's administrator only its municipality's accounts; a controller
// its municipality's without forms; a reporter and a reader get 403 on every
// administration page and action, and a controller on every action, and nothing changes.
func TestAdminAccess(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	srv := site(t, db, demoDataset(t), ekbyDataset(t))
	if err := db.CreateUser(context.Background(), "test", tertial.User{Name: "kadmin", Role: tertial.RoleAdmin, Municipality: "0126"}, passwordHash); err != nil {
		t.Fatal(err)
	}
	admin, kadmin, controller := login(t, srv, "admin"), login(t, srv, "kadmin"), login(t, srv, "controller")

	status, _, page := getAs(t, admin, srv.URL+"/admin")
	if status != http.StatusOK || !strings.Contains(page, `action="/admin/konton"`) || !strings.Contains(text(page), "controller-ekby") || !strings.Contains(page, `href="/admin/kommuner/ny"`) {
		t.Errorf("system administrator's /admin: %d, form, every account and the new municipality link expected", status)
	}
	// The header links the administration for an admin and a controller.
	if !strings.Contains(page, `<a href="/admin">Administration</a>`) {
		t.Error("no Administration link in the header")
	}
	status, _, page = getAs(t, kadmin, srv.URL+"/admin")
	if status != http.StatusOK || !strings.Contains(text(page), "lasare") || strings.Contains(text(page), "controller-ekby") || strings.Contains(page, `href="/admin/kommuner/ny"`) {
		t.Errorf("municipality admin's /admin: %d, want only 0126's accounts and no new municipality", status)
	}
	status, _, page = getAs(t, controller, srv.URL+"/admin")
	if status != http.StatusOK || !strings.Contains(text(page), "rapportor") || strings.Contains(text(page), "lasare-ekby") || strings.Contains(page, `action="/admin/konton"`) {
		t.Errorf("controller's /admin: %d, want 0126's accounts read-only", status)
	}
	if !strings.Contains(page, `<a href="/admin">Konton</a>`) {
		t.Error("no Konton link in the controller's header")
	}
	if status, _, page = getAs(t, controller, srv.URL+"/admin/konton/lasare"); status != http.StatusOK || strings.Contains(page, `action="/admin/konton/lasare/roll"`) {
		t.Errorf("controller's account page: %d, want read-only", status)
	}
	// Another municipality's account, and a system administrator, are not a
	// municipality admin's.
	for _, name := range []string{"controller-ekby", "admin"} {
		if status, _, _ := getAs(t, kadmin, srv.URL+"/admin/konton/"+name); status != http.StatusForbidden {
			t.Errorf("kadmin reads %s: %d, want 403", name, status)
		}
		if status, _ := postAs(t, kadmin, srv.URL+"/admin/konton/"+name+"/status", url.Values{"status": {"avstangt"}}); status != http.StatusForbidden {
			t.Errorf("kadmin disables %s: %d, want 403", name, status)
		}
	}

	create := url.Values{"namn": {"nils"}, "roll": {"reader"}, "kommun": {"0126"}, "losenord": {goodPassword}, "losenord2": {goodPassword}}
	for _, who := range []string{"rapportor", "lasare"} {
		cookie := login(t, srv, who)
		for _, path := range []string{"/admin", "/admin/konton/lasare", "/admin/kommuner/ny"} {
			if status, _, _ := getAs(t, cookie, srv.URL+path); status != http.StatusForbidden {
				t.Errorf("%s GET %s: %d, want 403", who, path, status)
			}
		}
		if status, _ := postAs(t, cookie, srv.URL+"/admin/konton", create); status != http.StatusForbidden {
			t.Errorf("%s creates an account: %d, want 403", who, status)
		}
		if status, _ := postAs(t, cookie, srv.URL+"/admin/konton/lasare/status", url.Values{"status": {"avstangt"}}); status != http.StatusForbidden {
			t.Errorf("%s disables an account: %d, want 403", who, status)
		}
	}
	for _, c := range []struct{ path string }{{"/admin/konton"}, {"/admin/konton/lasare/status"}, {"/admin/konton/lasare/nycklar"}, {"/admin/kommuner/ny"}} {
		if status, _ := postAs(t, controller, srv.URL+c.path, url.Values{"status": {"avstangt"}, "namn": {"nils"}}); status != http.StatusForbidden {
			t.Errorf("controller POST %s: %d, want 403", c.path, status)
		}
	}
	if _, err := db.Account(context.Background(), "nils"); tertial.ErrorCode(err) != tertial.ENOTFOUND {
		t.Errorf("nils was created: %v", err)
	}
	if a := account(t, db, "lasare"); a.Disabled || len(a.Tokens) != 0 {
		t.Errorf("lasare changed: %+v", a)
	}

	// A municipality admin's new account is in its municipality, whatever the form says.
	create.Set("namn", "nils")
	create.Set("kommun", "9901")
	if status, body := postAs(t, kadmin, srv.URL+"/admin/konton", create); status != http.StatusSeeOther {
		t.Fatalf("kadmin creates nils: %d %s", status, text(body))
	}
	if a := account(t, db, "nils"); a.User.Municipality != "0126" {
		t.Errorf("kadmin's new account is in %q, want 0126", a.User.Municipality)
	}
}

// TestAdminCreateAccount: the system administrator creates an account with the password
// policy; each mistake comes back beside its field with the error summary, what was
// typed kept (but no password), and nothing is created; the new account signs in.
func TestAdminCreateAccount(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		srv := site(t, db, demoDataset(t))
		admin := login(t, srv, "admin")
		form := func(kv ...string) url.Values {
			v := url.Values{"namn": {"nils"}, "roll": {"reporter"}, "kommun": {"0126"}, "enhet": {"ks"}, "losenord": {goodPassword}, "losenord2": {goodPassword}}
			for i := 0; i < len(kv); i += 2 {
				v.Set(kv[i], kv[i+1])
			}
			return v
		}
		for _, c := range []struct {
			form  url.Values
			field string
			want  string
		}{
			{form("losenord", "kort", "losenord2", "kort"), "losenord", "för kort"},
			{form("losenord", "password1234", "losenord2", "password1234"), "losenord", "vanligaste"},
			{form("losenord2", goodPassword+"!"), "losenord2", "inte lika"},
			{form("enhet", ""), "enhet", "enhet"},
			{form("namn", "Nils Nilsson"), "namn", "Ogiltigt användarnamn"},
			{form("namn", "lasare"), "namn", "finns redan"},
			{form("enhet", "nope"), "enhet", "ingen enhet"},
			{form("roll", "reader", "kommun", ""), "kommun", "måste höra till en kommun"},
		} {
			status, page := postAs(t, admin, srv.URL+"/admin/konton", c.form)
			if status != http.StatusUnprocessableEntity {
				t.Errorf("%v: status %d, want 422", c.form, status)
				continue
			}
			if got := fieldErrorOf(page, c.field); !strings.Contains(got, c.want) {
				t.Errorf("%s: error beside it %q, want %q", c.field, got, c.want)
			}
			if !strings.Contains(page, `class="error-summary"`) || !strings.Contains(page, `href="#`+c.field+`"`) {
				t.Errorf("%s: no error summary linking the field", c.field)
			}
			if strings.Contains(page, goodPassword) {
				t.Error("the password was sent back")
			}
			if c.field != "namn" && !strings.Contains(page, `id="namn" name="namn" type="text" value="nils"`) {
				t.Errorf("%s: the name typed is not kept", c.field)
			}
		}
		if _, err := db.Account(context.Background(), "nils"); tertial.ErrorCode(err) != tertial.ENOTFOUND {
			t.Fatalf("nils created by a refused form: %v", err)
		}
		status, _ := postAs(t, admin, srv.URL+"/admin/konton", form())
		if status != http.StatusSeeOther {
			t.Fatalf("create: %d", status)
		}
		a := account(t, db, "nils")
		if a.User.Role != tertial.RoleReporter || a.User.Municipality != "0126" || a.User.Unit != "ks" {
			t.Errorf("nils: %+v", a.User)
		}
		if got := auditOfUser(t, db, "user", "nils"); len(got) == 0 || !strings.HasPrefix(got[0], "admin role:  → reporter") {
			t.Errorf("audit: %v", got)
		}
		// The new account signs in with its password.
		client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		resp, err := client.PostForm(srv.URL+"/logga-in", url.Values{"namn": {"nils"}, "losenord": {goodPassword}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusSeeOther {
			t.Errorf("nils signs in: %d", resp.StatusCode)
		}
		_, _, page := getAs(t, admin, srv.URL+"/admin/konton/nils?klart=skapat")
		if !strings.Contains(page, "Kontot är skapat.") || !strings.Contains(text(page), "Senast inloggad") {
			t.Error("the account page does not say it was created")
		}
		if account(t, db, "nils").LastSignIn.IsZero() {
			t.Error("the sign-in is not recorded")
		}
		_, _, list := getAs(t, admin, srv.URL+"/admin")
		row := regexp.MustCompile(`(?s)<a href="/admin/konton/nils">nils</a></th>(.*?)</tr>`).FindStringSubmatch(list)
		if row == nil || strings.Contains(row[1], "aldrig") || !strings.Contains(text(row[1]), "rapportör Huddinge kommun Kommunstyrelsen") {
			t.Errorf("nils's row in the list: %v", row)
		}
	})
}

// TestAdminAccountActions: each form of an account's page does what it says, audited with
// the administrator as the actor: role and unit, turning off (its session ends) and on,
// a new password (its sessions end; the new one signs in), ending sessions, linking and
// unlinking single sign-on, and an API token shown once that works until revoked.
func TestAdminAccountActions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		srv := site(t, db, demoDataset(t))
		admin := login(t, srv, "admin")
		base := srv.URL + "/admin/konton/lasare"
		post := func(action string, form url.Values, want int) string {
			t.Helper()
			status, page := postAs(t, admin, base+"/"+action, form)
			if status != want {
				t.Fatalf("%s: %d, want %d: %s", action, status, want, text(page))
			}
			return page
		}
		signedIn := func(cookie string) bool {
			status, _, page := getAs(t, cookie, srv.URL+"/kommuner/0126")
			return status == http.StatusOK && !strings.Contains(page, `action="/logga-in"`)
		}

		post("roll", url.Values{"roll": {"reporter"}, "kommun": {"0126"}, "enhet": {"ks"}}, http.StatusSeeOther)
		if a := account(t, db, "lasare"); a.User.Role != tertial.RoleReporter || a.User.Unit != "ks" {
			t.Errorf("role: %+v", a.User)
		}
		page := post("roll", url.Values{"roll": {"reporter"}, "kommun": {"0126"}, "enhet": {""}}, http.StatusUnprocessableEntity)
		if !strings.Contains(fieldErrorOf(page, "enhet"), "enhet") {
			t.Errorf("a reporter without a unit: %q beside enhet", fieldErrorOf(page, "enhet"))
		}

		session := login(t, srv, "lasare")
		post("status", url.Values{"status": {"avstangt"}}, http.StatusSeeOther)
		if !account(t, db, "lasare").Disabled || signedIn(session) {
			t.Error("disabled: the account is on, or its session still works")
		}
		post("status", url.Values{"status": {"aktivt"}}, http.StatusSeeOther)
		if account(t, db, "lasare").Disabled {
			t.Error("not turned on again")
		}

		session = login(t, srv, "lasare")
		page = post("losenord", url.Values{"losenord": {"kort"}, "losenord2": {"kort"}}, http.StatusUnprocessableEntity)
		if !strings.Contains(fieldErrorOf(page, "losenord"), "för kort") {
			t.Errorf("short password: %q", fieldErrorOf(page, "losenord"))
		}
		post("losenord", url.Values{"losenord": {goodPassword}, "losenord2": {goodPassword}}, http.StatusSeeOther)
		if signedIn(session) {
			t.Error("the session survived a new password")
		}
		client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		for pw, want := range map[string]int{"demo": http.StatusUnauthorized, goodPassword: http.StatusSeeOther} {
			resp, err := client.PostForm(srv.URL+"/logga-in", url.Values{"namn": {"lasare"}, "losenord": {pw}})
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != want {
				t.Errorf("sign-in with %q: %d, want %d", pw, resp.StatusCode, want)
			}
		}

		session = login(t, srv, "controller")
		status, _ := postAs(t, admin, srv.URL+"/admin/konton/controller/sessioner", nil)
		if status != http.StatusSeeOther || signedIn(session) {
			t.Errorf("end sessions: %d, or the session still works", status)
		}

		post("inloggning", url.Values{"subject": {"sub-123"}}, http.StatusSeeOther)
		if a := account(t, db, "lasare"); a.Subject != "sub-123" {
			t.Errorf("subject %q", a.Subject)
		}
		if err := db.LinkSubject(context.Background(), "test", "controller", "taken"); err != nil {
			t.Fatal(err)
		}
		page = post("inloggning", url.Values{"subject": {"taken"}}, http.StatusUnprocessableEntity)
		if !strings.Contains(fieldErrorOf(page, "subject"), "redan kopplad") {
			t.Errorf("a taken subject: %q", fieldErrorOf(page, "subject"))
		}
		post("inloggning", url.Values{"subject": {""}}, http.StatusSeeOther)
		if a := account(t, db, "lasare"); a.Subject != "" {
			t.Errorf("unlinked subject %q", a.Subject)
		}

		page = post("nycklar", nil, http.StatusOK)
		m := regexp.MustCompile(`<code class="hash">([A-Za-z0-9_-]{40,})</code>`).FindStringSubmatch(page)
		if m == nil {
			t.Fatal("the new token is not shown")
		}
		token := m[1]
		if r := call(t, srv, "GET", "/api/v1/municipalities", token, nil); r.status != http.StatusOK {
			t.Errorf("the new token: %d", r.status)
		}
		if _, _, again := getAs(t, admin, base); strings.Contains(again, token) {
			t.Error("the token is shown again")
		}
		tokens := account(t, db, "lasare").Tokens
		if len(tokens) != 1 {
			t.Fatalf("tokens: %+v", tokens)
		}
		post("nycklar/"+tokens[0].ID+"/aterkalla", nil, http.StatusSeeOther)
		if r := call(t, srv, "GET", "/api/v1/municipalities", token, nil); r.status != http.StatusUnauthorized {
			t.Errorf("the revoked token: %d", r.status)
		}

		want := []string{"admin role: reader → reporter", "admin disabled: false → true", "admin disabled: true → false", "admin password:  → ändrat", "admin oidc_subject:  → sub-123", "admin oidc_subject: sub-123 → "}
		got := strings.Join(auditOfUser(t, db, "user", "lasare"), "\n")
		for _, w := range want {
			if !strings.Contains(got, w) {
				t.Errorf("audit lacks %q:\n%s", w, got)
			}
		}
		if got := auditOfUser(t, db, "api_token", tokens[0].ID); len(got) != 2 || !strings.HasPrefix(got[0], "admin user:  → lasare") || !strings.HasPrefix(got[1], "admin revoked") {
			t.Errorf("token audit: %v", got)
		}
		if got := auditOfUser(t, db, "user", "controller"); !regexp.MustCompile(`admin sessions: [1-9]\d* → 0 \(avslutade\)`).MatchString(strings.Join(got, "\n")) {
			t.Errorf("sessions audit: %v", got)
		}
	})
}

// TestAdminLastAdministrator: the only system administrator cannot turn itself off or
// demote itself; the refusal is beside the field, and it stays an enabled administrator.
func TestAdminLastAdministrator(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	srv := site(t, db, demoDataset(t))
	admin := login(t, srv, "admin")
	status, page := postAs(t, admin, srv.URL+"/admin/konton/admin/status", url.Values{"status": {"avstangt"}})
	if status != http.StatusUnprocessableEntity || !strings.Contains(fieldErrorOf(page, "status"), "sista aktiva systemadministratören") {
		t.Errorf("disabling the last admin: %d, %q beside status", status, fieldErrorOf(page, "status"))
	}
	status, page = postAs(t, admin, srv.URL+"/admin/konton/admin/roll", url.Values{"roll": {"controller"}, "kommun": {"0126"}})
	if status != http.StatusUnprocessableEntity || !strings.Contains(fieldErrorOf(page, "roll"), "sista aktiva systemadministratören") {
		t.Errorf("demoting the last admin: %d, %q beside roll", status, fieldErrorOf(page, "roll"))
	}
	if a := account(t, db, "admin"); a.Disabled || !a.SystemAdmin() {
		t.Errorf("admin changed: %+v", a.User)
	}
}

// TestAdminCrossSitePostRefused: a form posted to the administration from another site
// is refused, and nothing is created or changed.
func TestAdminCrossSitePostRefused(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	srv := site(t, db, demoDataset(t))
	admin := login(t, srv, "admin")
	for _, c := range []struct {
		path string
		form url.Values
	}{
		{"/admin/konton", url.Values{"namn": {"evil"}, "roll": {"admin"}, "losenord": {goodPassword}, "losenord2": {goodPassword}}},
		{"/admin/konton/lasare/status", url.Values{"status": {"avstangt"}}},
		{"/admin/konton/lasare/nycklar", nil},
		{"/admin/kommuner/ny", url.Values{"namn": {"Ond kommun"}, "kod": {"9950"}, "lan": {"X"}, "enhet_namn": {"KF"}, "enhet_id": {"kf"}, "enhet_typ": {"council"}}},
	} {
		req, _ := http.NewRequest(http.MethodPost, srv.URL+c.path, strings.NewReader(c.form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", "https://evil.example")
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		req.AddCookie(&http.Cookie{Name: "tertial_session", Value: admin})
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("cross-site POST %s: %d, want 403", c.path, resp.StatusCode)
		}
	}
	if _, err := db.Account(context.Background(), "evil"); tertial.ErrorCode(err) != tertial.ENOTFOUND {
		t.Errorf("evil was created: %v", err)
	}
	if a := account(t, db, "lasare"); a.Disabled || len(a.Tokens) > 0 {
		t.Errorf("lasare changed: %+v", a)
	}
	if ms, _ := db.Municipalities(context.Background()); len(ms) != 1 {
		t.Errorf("%d municipalities", len(ms))
	}
}
