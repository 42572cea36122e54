package web_test

import (
	"context"
	"html"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

const periodPath = "/kommuner/0126/enheter/ks/perioder/2021-08"

// postAs posts a form with a session cookie, not following redirects.
func postAs(t *testing.T, cookie, u string, form url.Values) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, u, strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
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
	return resp.StatusCode, string(body)
}

var versionRe = regexp.MustCompile(`name="version" value="(\d+)"`)

// formVersion reads the version a form carries.
func formVersion(t *testing.T, cookie, u string) string {
	t.Helper()
	status, _, page := getAs(t, cookie, u)
	if status != http.StatusOK {
		t.Fatalf("%s: status %d", u, status)
	}
	m := versionRe.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("%s: no version in the form", u)
	}
	return m[1]
}

// TestEditPermissions: every role tries the same edit in its own unit, in another unit,
// and in a locked period, through the UI.
func TestEditPermissions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		srv := site(t, db, demoDataset(t))
		ctx := context.Background()
		// A reporter of the förvaltning: ks is not below ksf, so it is not its own unit.
		if err := db.CreateUser(ctx, "test", tertial.User{Name: "ksf-rapportor", Role: tertial.RoleReporter, Municipality: "0126", Unit: "ksf"}, passwordHash); err != nil {
			t.Fatal(err)
		}
		text := srv.URL + periodPath + "/redigera/text/lokaler"
		save := func(cookie string) int {
			status, _, page := getAs(t, cookie, text)
			if status != http.StatusOK {
				return status
			}
			m := versionRe.FindStringSubmatch(page)
			code, _ := postAs(t, cookie, text, url.Values{"version": {m[1]}, "text": {"Ny text om lokaler."}, "atgard": {"spara"}})
			return code
		}
		for _, c := range []struct {
			user string
			want int
		}{
			{"controller", http.StatusSeeOther},
			{"rapportor", http.StatusSeeOther},
			{"ksf-rapportor", http.StatusForbidden},
			{"lasare", http.StatusForbidden},
			{"admin", http.StatusForbidden},
		} {
			if got := save(login(t, srv, c.user)); got != c.want {
				t.Errorf("%s: %d, want %d", c.user, got, c.want)
			}
		}
		// Not signed in: sent to sign in, and a post is refused.
		if code, _ := postAs(t, "", text, url.Values{"version": {"1"}, "text": {"x"}}); code != http.StatusUnauthorized {
			t.Errorf("anonymous post: %d", code)
		}
		// Locked: a post is refused for everyone, with 423.
		if err := db.LockPeriod(ctx, "controller", store.PeriodRef{Municipality: "0126", Unit: "ks", Period: "2021-08"},
			store.Decision{Date: time.Date(2021, 9, 22, 0, 0, 0, 0, time.UTC), Paragraph: "§ 12"}); err != nil {
			t.Fatal(err)
		}
		for _, user := range []string{"controller", "rapportor"} {
			cookie := login(t, srv, user)
			if code, _ := postAs(t, cookie, text, url.Values{"version": {"3"}, "text": {"x"}}); code != http.StatusLocked {
				t.Errorf("%s in a locked period: %d, want 423", user, code)
			}
			// Opening it shows the item read-only (issue 15), without a form to post.
			if status, _, page := getAs(t, cookie, text); status != http.StatusOK || strings.Contains(page, `action="`+text+`"`) || !strings.Contains(page, `<dl class="readonly">`) {
				t.Errorf("%s opens a form in a locked period: %d, want 200 and a read-only view", user, status)
			}
		}
	})
}

// TestEveryFormSaves opens and saves each kind of form as the reporter.
func TestEveryFormSaves(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	srv := site(t, db, demoDataset(t))
	cookie := login(t, srv, "rapportor")
	for _, c := range []struct {
		path string
		form url.Values
		want string // in the report afterwards
	}{
		{"/redigera/mal/nm-skattemedel", url.Values{"bedomning": {"partly"}, "analys": {"Analysen är **ny**."}}, "Analysen är <strong>ny</strong>."},
		{"/redigera/indikator/arbetsplatskvot/2021", url.Values{"varde": {"0,851"}, "typ": {"preliminary"}, "saknas": {""}, "kommentar": {""}}, "0,851"},
		{"/redigera/etappmal/arbetsplatskvot/2021", url.Values{"mal": {"≥0,85"}}, "≥0,85"},
		{"/redigera/uppdrag/ekonomimodell", url.Values{"status": {"done"}, "fardiggrad": {"100"}, "kommentar": {"Klart i augusti."}}, "Klart i augusti."},
		// Personal is a cost, shown positive (its group is negated): entered as shown.
		{"/redigera/rad/drift/personal", url.Values{"forecast": {"237 000"}, "kommentar": {"Högre lönekostnader."}}, `<td data-col="forecast" class="num">237` + "\u00a0" + `000</td>`},
		{"/redigera/text/lokaler", url.Values{"text": {"Lokalerna räcker."}}, "Lokalerna räcker."},
		{"/redigera/fri/statsbidrag/msb", url.Values{"c-namn": {"MSB, Kris o beredskap och Civilförsvär"}, "c-bidrag": {"3 500"}, "c-kostnad": {"3 407"}, "c-budget": {"3 864"}, "c-prognos": {"4 577"}},
			`<td data-col="netto" class="num">93</td>`},
	} {
		u := srv.URL + periodPath + c.path
		c.form.Set("version", formVersion(t, cookie, u))
		c.form.Set("atgard", "spara")
		if code, body := postAs(t, cookie, u, c.form); code != http.StatusSeeOther {
			t.Errorf("%s: %d\n%s", c.path, code, text(body))
			continue
		}
		_, _, report := getAs(t, cookie, srv.URL+periodPath+"/rapport")
		if !strings.Contains(report, c.want) {
			t.Errorf("%s: the report lacks %q", c.path, c.want)
		}
	}
	// The reporter's form of a money row has no budget fields; the controller's has.
	_, _, page := getAs(t, cookie, srv.URL+periodPath+"/redigera/rad/drift/personal")
	if strings.Contains(page, `name="budget"`) {
		t.Error("a reporter can edit the budget")
	}
	_, _, page = getAs(t, login(t, srv, "controller"), srv.URL+periodPath+"/redigera/rad/drift/personal")
	if !strings.Contains(page, `name="budget"`) {
		t.Error("a controller cannot edit the budget")
	}
}

// TestAmountsPostBack: a money row's form shows its amounts as the report does, with
// no-break spaces between thousands. Posted back unchanged, or with ordinary or narrow
// no-break spaces between thousands, they read as the same amounts.
func TestAmountsPostBack(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	srv := site(t, db, demoDataset(t))
	cookie := login(t, srv, "controller")
	u := srv.URL + periodPath + "/redigera/rad/drift/personal"
	amounts := func() url.Values {
		_, _, page := getAs(t, cookie, u)
		v := url.Values{}
		for _, m := range decimalInputRe.FindAllStringSubmatch(page, -1) {
			v.Set(m[1], html.UnescapeString(m[2]))
		}
		return v
	}
	shown := amounts()
	grouped := 0
	for _, vs := range shown {
		if strings.Contains(vs[0], "\u00a0") {
			grouped++
		}
	}
	if len(shown) < 2 || grouped < 2 {
		t.Fatalf("the form shows %d amounts, %d grouped with no-break spaces: %q", len(shown), grouped, shown)
	}
	for i, sep := range []string{"\u00a0", " ", "\u202f"} {
		// The comment changes each time: a save that changes nothing keeps the cached
		// dataset, whose row version is then behind the saved one.
		form := url.Values{"version": {formVersion(t, cookie, u)}, "atgard": {"spara"}, "kommentar": {"Sparat " + strconv.Itoa(i+1) + "."}}
		for name, vs := range shown {
			form.Set(name, strings.ReplaceAll(vs[0], "\u00a0", sep))
		}
		if code, body := postAs(t, cookie, u, form); code != http.StatusSeeOther {
			t.Fatalf("amounts with %q between thousands: %d\n%s", sep, code, text(body))
		}
		if after := amounts(); after.Encode() != shown.Encode() {
			t.Errorf("amounts with %q between thousands saved as %q, want %q", sep, after, shown)
		}
	}
}

// TestMoneyFormSign: a money row's form shows and asks for the amounts as the table and
// the list on "Fyll i" show them, says which sign in Swedish, and stores them in result
// sign: posted unchanged it changes no amount, for a row shown negated (a cost shown
// positive) and one shown as stored (income); a cost entered as 240 000 is stored as
// −240 000.
func TestMoneyFormSign(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t, store.SQLite)
	srv := site(t, db, demoDataset(t))
	cookie := login(t, srv, "controller")
	stored := func(id string) map[tertial.MoneyColumn]tertial.Amount {
		t.Helper()
		ds, err := db.Dataset(ctx, "0126")
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range ds.Periods {
			if p.Unit != "ks" || p.ID != "2021-08" {
				continue
			}
			for _, mt := range p.MoneyTables {
				if mt.ID != "drift" {
					continue
				}
				for _, r := range mt.Leaves() {
					if r.ID == id {
						out := map[tertial.MoneyColumn]tertial.Amount{}
						for c, a := range r.Amounts {
							out[c] = a
						}
						return out
					}
				}
			}
		}
		t.Fatalf("no row drift/%s", id)
		return nil
	}
	_, _, index := getAs(t, cookie, srv.URL+periodPath+"/redigera")
	for i, c := range []struct {
		row, label string
		hint       string
		sign       tertial.Amount // the sign the table shows the row with
	}{
		{"personal", "Personal", "Kostnader anges som positiva belopp och intäkter som negativa, som i tabellen", -1},
		{"intakter", "Verksamhetens intäkter", "Intäkter anges som positiva belopp och kostnader som negativa, som i tabellen", 1},
	} {
		u := srv.URL + periodPath + "/redigera/rad/drift/" + c.row
		before := stored(c.row)
		_, _, page := getAs(t, cookie, u)
		if !strings.Contains(page, c.hint) {
			t.Errorf("%s: the form does not say %q", c.row, c.hint)
		}
		shown := url.Values{}
		for _, m := range decimalInputRe.FindAllStringSubmatch(page, -1) {
			shown.Set(m[1], html.UnescapeString(m[2]))
		}
		// The form shows the stored amount with the table's sign: whole tkr here.
		for col, a := range before {
			want := a * c.sign / 100_000
			got, err := strconv.ParseInt(strings.NewReplacer("\u00a0", "", "−", "-").Replace(shown.Get(string(col))), 10, 64)
			if err != nil || got != int64(want) {
				t.Errorf("%s: the form shows %s as %q, want %d", c.row, col, shown.Get(string(col)), want)
			}
		}
		// The list on "Fyll i" shows the forecast as the form does.
		m := regexp.MustCompile(`<th scope="row">` + c.label + `</th><td class="num">([^<]*)</td>`).FindStringSubmatch(index)
		if m == nil || strings.TrimSuffix(html.UnescapeString(m[1]), "\u00a0tkr") != shown.Get("forecast") {
			t.Errorf("%s: the list on Fyll i shows %q, the form %q", c.row, m, shown.Get("forecast"))
		}
		form := url.Values{"version": {formVersion(t, cookie, u)}, "atgard": {"spara"}, "kommentar": {"Oförändrat " + strconv.Itoa(i) + "."}}
		for name, vs := range shown {
			form[name] = vs
		}
		if code, body := postAs(t, cookie, u, form); code != http.StatusSeeOther {
			t.Fatalf("%s posted unchanged: %d\n%s", c.row, code, text(body))
		}
		after := stored(c.row)
		if len(after) != len(before) {
			t.Errorf("%s: %d amounts before, %d after", c.row, len(before), len(after))
		}
		for col, a := range before {
			if after[col] != a {
				t.Errorf("%s posted unchanged: %s changed from %v to %v", c.row, col, a, after[col])
			}
		}
	}
	// A cost entered positive, as the table shows it, is stored negative.
	u := srv.URL + periodPath + "/redigera/rad/drift/personal"
	form := url.Values{"version": {formVersion(t, cookie, u)}, "atgard": {"spara"}, "forecast": {"240 000"}}
	if code, body := postAs(t, cookie, u, form); code != http.StatusSeeOther {
		t.Fatalf("forecast 240 000: %d\n%s", code, text(body))
	}
	if got := stored("personal")[tertial.ColForecast]; got != -240_000*100_000 {
		t.Errorf("a cost entered as 240 000 tkr stored as %v, want −240 000 tkr", got)
	}
}

var decimalInputRe = regexp.MustCompile(`name="([^"]+)" type="text" inputmode="decimal" class="narrow" value="([^"]*)"`)

// TestValidationErrors: mistakes are shown in Swedish next to the field, in a summary at
// the top that gets focus, and nothing is saved; what was typed stays in the form.
func TestValidationErrors(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	srv := site(t, db, demoDataset(t))
	cookie := login(t, srv, "rapportor")
	u := srv.URL + periodPath + "/redigera/indikator/sjukfranvaro/2021"
	v := formVersion(t, cookie, u)
	code, page := postAs(t, cookie, u, url.Values{"version": {v}, "varde": {"nio"}, "typ": {"outcome"}, "saknas": {"not_measured"}, "atgard": {"spara"}})
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("status %d", code)
	}
	for _, want := range []string{`class="error-summary" role="alert" tabindex="-1" autofocus`, `<a href="#varde">Värdet måste vara ett tal`,
		`id="varde-fel"`, `aria-invalid="true"`, `value="nio"`} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	if v2 := formVersion(t, cookie, u); v2 != v {
		t.Error("a refused save changed the version")
	}
	// Preview renders Markdown without saving.
	code, page = postAs(t, cookie, u, url.Values{"version": {v}, "varde": {"8,9"}, "typ": {"preliminary"}, "kommentar": {"Avser **delår 2**."}, "atgard": {"forhandsgranska"}})
	if code != http.StatusOK || !strings.Contains(page, "<strong>delår 2</strong>") {
		t.Errorf("preview: %d", code)
	}
}

// TestConflictShowsBoth: two people edit the same text; the second sees both versions and
// loses nothing.
func TestConflictShowsBoth(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		srv := site(t, db, demoDataset(t))
		anna, bengt := login(t, srv, "rapportor"), login(t, srv, "controller")
		u := srv.URL + periodPath + "/redigera/text/lokaler"
		v := formVersion(t, anna, u)
		if code, _ := postAs(t, anna, u, url.Values{"version": {v}, "text": {"Annas text."}, "atgard": {"spara"}}); code != http.StatusSeeOther {
			t.Fatalf("first save: %d", code)
		}
		code, page := postAs(t, bengt, u, url.Values{"version": {v}, "text": {"Bengts text."}, "atgard": {"spara"}})
		if code != http.StatusConflict {
			t.Fatalf("second save: %d", code)
		}
		for _, want := range []string{"Annas text.", "Bengts text.", "Sparat av någon annan", "Din version"} {
			if !strings.Contains(page, want) {
				t.Errorf("conflict page lacks %q", want)
			}
		}
		// Saving from the conflict page (which carries the new version) works.
		m := versionRe.FindStringSubmatch(page)
		if code, _ := postAs(t, bengt, u, url.Values{"version": {m[1]}, "text": {"Bengts text."}, "atgard": {"spara"}}); code != http.StatusSeeOther {
			t.Errorf("save from the conflict page: %d", code)
		}
		// Both changes are in the history.
		_, _, hist := getAs(t, bengt, srv.URL+"/historik?kommun=0126&typ=text&nyckel=ks/2021-08/lokaler")
		if !strings.Contains(hist, "rapportor") || !strings.Contains(hist, "controller") || !strings.Contains(hist, "Annas text.") {
			t.Error("history lacks the changes")
		}
	})
}

// TestCrossOriginPostRefused: a form posted from another site is refused.
func TestCrossOriginPostRefused(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) { crossOrigin(t, db) })
}

func crossOrigin(t *testing.T, db *store.DB) {
	srv := site(t, db, demoDataset(t))
	cookie := login(t, srv, "rapportor")
	u := srv.URL + periodPath + "/redigera/text/lokaler"
	v := formVersion(t, cookie, u)
	req, _ := http.NewRequest(http.MethodPost, u, strings.NewReader(url.Values{"version": {v}, "text": {"Från en annan webbplats."}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "https://evil.example")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	req.AddCookie(&http.Cookie{Name: "tertial_session", Value: cookie})
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("cross-origin post: %d, want 403", resp.StatusCode)
	}
	if v2 := formVersion(t, cookie, u); v2 != v {
		t.Error("the cross-origin post changed the text")
	}
}

// TestSignIn: wrong passwords are refused and limited; cookies are HttpOnly and SameSite;
// sign-out ends the session.
func TestSignIn(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	srv := site(t, db, demoDataset(t))
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	try := func(password string) *http.Response {
		resp, err := client.PostForm(srv.URL+"/logga-in", url.Values{"namn": {"lasare"}, "losenord": {password}, "nasta": {"//evil.example/"}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	resp := try("demo")
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/" {
		t.Errorf("sign-in: %d to %q (an off-site next must become /)", resp.StatusCode, resp.Header.Get("Location"))
	}
	var cookie *http.Cookie
	for _, c := range resp.Cookies() {
		if c.Name == "tertial_session" {
			cookie = c
		}
	}
	if cookie == nil || !cookie.HttpOnly || cookie.SameSite != http.SameSiteLaxMode {
		t.Fatalf("session cookie %+v", cookie)
	}
	for range 5 {
		if r := try("fel"); r.StatusCode != http.StatusUnauthorized {
			t.Errorf("wrong password: %d", r.StatusCode)
		}
	}
	if r := try("demo"); r.StatusCode != http.StatusTooManyRequests {
		t.Errorf("after five failures: %d, want 429", r.StatusCode)
	}
	// Sign-out ends the session on the server.
	if code, _ := postAs(t, cookie.Value, srv.URL+"/logga-ut", nil); code != http.StatusSeeOther {
		t.Errorf("sign-out: %d", code)
	}
	if status, _, page := getAs(t, cookie.Value, srv.URL+"/kommuner/0126"); status != http.StatusOK || !strings.Contains(page, `name="losenord"`) {
		t.Errorf("after sign-out the old cookie still works: %d", status)
	}
}
