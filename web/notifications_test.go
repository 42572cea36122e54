package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

// TestMyAccountEmail: every signed-in user sets their own e-mail on /mitt-konto; a bad
// address comes back beside the field and changes nothing; without a session nothing is
// saved.
func TestMyAccountEmail(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	srv := site(t, db, demoDataset(t))
	ctx := context.Background()
	rep := login(t, srv, "rapportor")
	status, _, page := getAs(t, rep, srv.URL+"/mitt-konto")
	if status != http.StatusOK || !strings.Contains(page, "<dd>Kommunstyrelsen</dd>") || !strings.Contains(page, `<input id="epost" name="epost" type="email"`) || !strings.Contains(page, `href="/aviseringar"`) {
		t.Fatalf("GET /mitt-konto: %d\n%s", status, page)
	}
	status, page = postAs(t, rep, srv.URL+"/mitt-konto", url.Values{"epost": {"inte en adress"}})
	if status != http.StatusUnprocessableEntity || !strings.Contains(page, `id="epost-fel"`) || !strings.Contains(page, `value="inte en adress"`) {
		t.Errorf("bad address: %d\n%s", status, page)
	}
	if a, _ := db.Account(ctx, "rapportor"); a.Email != "" {
		t.Errorf("a refused address was saved: %q", a.Email)
	}
	if status, _ := postAs(t, rep, srv.URL+"/mitt-konto", url.Values{"epost": {" rapportor@kommun.se "}, "epost_av": {"1"}}); status != http.StatusSeeOther {
		t.Fatalf("save: %d", status)
	}
	a, _ := db.Account(ctx, "rapportor")
	if a.Email != "rapportor@kommun.se" || !a.EmailOff {
		t.Errorf("saved %q off %v", a.Email, a.EmailOff)
	}
	// The form posts only the session's own account, whatever else it says.
	if status, _ := postAs(t, login(t, srv, "lasare"), srv.URL+"/mitt-konto", url.Values{"epost": {"x@kommun.se"}, "namn": {"rapportor"}}); status != http.StatusSeeOther {
		t.Fatalf("lasare's save: %d", status)
	}
	if a, _ := db.Account(ctx, "rapportor"); a.Email != "rapportor@kommun.se" {
		t.Errorf("another user changed rapportor's address to %q", a.Email)
	}
	if status, _ := postAs(t, "", srv.URL+"/mitt-konto", url.Values{"epost": {"y@kommun.se"}}); status == http.StatusSeeOther || status == http.StatusOK {
		t.Errorf("without a session: %d", status)
	}
	// A cross-site post is refused (CSRF).
	req, _ := http.NewRequest("POST", srv.URL+"/mitt-konto", strings.NewReader("epost=z%40kommun.se"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	req.AddCookie(&http.Cookie{Name: "tertial_session", Value: rep})
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site post: %v %v", resp.StatusCode, err)
	}
	if a, _ := db.Account(ctx, "rapportor"); a.Email != "rapportor@kommun.se" {
		t.Errorf("a cross-site post changed the address to %q", a.Email)
	}
}

// TestNotificationsPage: /aviseringar lists the user's own notifications, newest first,
// escaped, with their links; the header links to it.
func TestNotificationsPage(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	srv := site(t, db, demoDataset(t))
	ctx := context.Background()
	ref := store.PeriodRef{Municipality: "0126", Unit: "ks", Period: "2021-08"}
	for i, subj := range []string{"Påminnelse: första", "Skickat tillbaka: <Mål>"} {
		k := []store.ReminderKey{{Period: ref, Deadline: time.Date(2021, 9, 10+i, 0, 0, 0, 0, time.UTC), Days: 7}}
		if _, err := db.DeliverReminder(ctx, k, []store.Notice{{User: "rapportor", Kind: "reminder", Subject: subj, Body: "Rad ett\nRad <två>", Link: periodPath + "/arbetsflode"}}, false); err != nil {
			t.Fatal(err)
		}
	}
	rep := login(t, srv, "rapportor")
	status, _, page := getAs(t, rep, srv.URL+"/aviseringar")
	if status != http.StatusOK {
		t.Fatalf("GET /aviseringar: %d", status)
	}
	first, second := strings.Index(page, "Skickat tillbaka: &lt;Mål&gt;"), strings.Index(page, "Påminnelse: första")
	if first < 0 || second < 0 || first > second {
		t.Errorf("not both, newest first (%d, %d):\n%s", first, second, page)
	}
	if !strings.Contains(page, "<p>Rad &lt;två&gt;</p>") || !strings.Contains(page, `href="`+periodPath+`/arbetsflode"`) || !strings.Contains(page, `<a href="/aviseringar">Aviseringar</a>`) {
		t.Errorf("page lacks the text, the link or the header's link:\n%s", page)
	}
	_, _, other := getAs(t, login(t, srv, "lasare"), srv.URL+"/aviseringar")
	if strings.Contains(other, "Påminnelse: första") || !strings.Contains(other, "Du har inga aviseringar.") {
		t.Errorf("another user sees rapportor's notifications:\n%s", other)
	}
}

// TestReminderSettingsForm: the municipality's administrators set its reminders on the
// settings page; a controller may not; bad days come back beside the field.
func TestReminderSettingsForm(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	srv := site(t, db, demoDataset(t))
	ctx := context.Background()
	action := srv.URL + "/kommuner/0126/installningar/paminnelser"
	if status, _ := postAs(t, login(t, srv, "controller"), action, url.Values{"paminnelser": {"av"}, "dagar": {"3"}}); status != http.StatusForbidden {
		t.Errorf("a controller: %d", status)
	}
	admin := login(t, srv, "admin")
	_, _, page := getAs(t, admin, srv.URL+"/kommuner/0126/installningar")
	if !strings.Contains(page, `id="paminnelser-rubrik"`) || !strings.Contains(page, `value="7, 1"`) {
		t.Fatalf("settings page lacks the reminders' form with the defaults:\n%s", page)
	}
	for _, bad := range []string{"7, sju", "7, 7", "120"} {
		status, page := postAs(t, admin, action, url.Values{"paminnelser": {"pa"}, "dagar": {bad}})
		if status != http.StatusUnprocessableEntity || !strings.Contains(page, `id="dagar-fel"`) {
			t.Errorf("%q: %d", bad, status)
		}
	}
	if s, _ := db.NotifySettingsOf(ctx, "0126"); !s.RemindersOn || len(s.DaysBefore) != 2 {
		t.Errorf("a refused post changed the settings: %+v", s)
	}
	if status, _ := postAs(t, admin, action, url.Values{"paminnelser": {"av"}, "dagar": {"14, 3"}}); status != http.StatusSeeOther {
		t.Fatalf("save: %d", status)
	}
	if s, _ := db.NotifySettingsOf(ctx, "0126"); s.RemindersOn || len(s.DaysBefore) != 2 || s.DaysBefore[0] != 14 {
		t.Errorf("saved %+v", s)
	}
}

// TestAdminAndAPIUserEmail: an administrator sets an account's e-mail on its page and in
// the API; a reporter may not; a bad address is refused and changes nothing.
func TestAdminAndAPIUserEmail(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	srv, tokens := apiSite(t, db, demoDataset(t))
	ctx := context.Background()
	admin := login(t, srv, "admin")
	u := srv.URL + "/admin/konton/rapportor/epost"
	if status, _ := postAs(t, login(t, srv, "rapportor"), u, url.Values{"epost": {"a@kommun.se"}, "epost_av": {"pa"}}); status != http.StatusForbidden {
		t.Errorf("a reporter: %d", status)
	}
	if status, page := postAs(t, admin, u, url.Values{"epost": {"a@"}, "epost_av": {"pa"}}); status != http.StatusUnprocessableEntity || !strings.Contains(page, `id="epost-fel"`) {
		t.Errorf("bad address: %d", status)
	}
	if status, _ := postAs(t, admin, u, url.Values{"epost": {"a@kommun.se"}, "epost_av": {"av"}}); status != http.StatusSeeOther {
		t.Fatalf("save: %d", status)
	}
	if a, _ := db.Account(ctx, "rapportor"); a.Email != "a@kommun.se" || !a.EmailOff {
		t.Errorf("saved %q %v", a.Email, a.EmailOff)
	}
	_, _, page := getAs(t, admin, srv.URL+"/admin/konton/rapportor")
	if !strings.Contains(page, "a@kommun.se (avstängd)") {
		t.Errorf("account page lacks the address")
	}

	r := call(t, srv, "PUT", "/api/v1/users/rapportor", tokens["admin"], map[string]any{"email": "b@kommun.se", "email_off": false})
	if r.status != http.StatusOK || r.body["email"] != "b@kommun.se" || r.body["email_off"] != false {
		t.Fatalf("PUT: %d %s", r.status, r.raw)
	}
	validate(t, "User", r.raw)
	r = call(t, srv, "PUT", "/api/v1/users/rapportor", tokens["admin"], map[string]any{"email": "Anna <c@kommun.se>", "role": "reader"})
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(string(r.raw), `"email"`) {
		t.Errorf("bad address: %d %s", r.status, r.raw)
	}
	if a, _ := db.Account(ctx, "rapportor"); a.Email != "b@kommun.se" || a.User.Role != "reporter" {
		t.Errorf("a refused PUT changed the account: %q %s", a.Email, a.User.Role)
	}
	if r := call(t, srv, "PUT", "/api/v1/users/rapportor", tokens["rapportor"], map[string]any{"email": "d@kommun.se"}); r.status != http.StatusForbidden {
		t.Errorf("a reporter's PUT: %d", r.status)
	}
	r = call(t, srv, "POST", "/api/v1/users", tokens["admin"], map[string]any{"name": "ny", "role": "reader", "municipality": "0126", "password": goodPassword, "email": "ny@kommun.se"})
	if r.status != http.StatusCreated || r.body["email"] != "ny@kommun.se" {
		t.Errorf("POST with email: %d %s", r.status, r.raw)
	}
}
