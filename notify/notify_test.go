package notify_test

import (
	"context"
	"crypto/tls"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/auth"
	"github.com/tertial/tertial/demo"
	"github.com/tertial/tertial/notify"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
	"github.com/tertial/tertial/web"
)

var ctx = context.Background()

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

func config(s *testSMTP) notify.SMTPConfig {
	c := notify.SMTPConfig{Host: s.host(), Port: s.port(), From: "tertial@kommun.example.se", Timeout: 5 * time.Second}
	if s.roots != nil {
		c.TLSConfig = &tls.Config{RootCAs: s.roots, ServerName: "127.0.0.1"}
	}
	return c
}

func TestSMTPSendOverSTARTTLS(t *testing.T) {
	srv := newTestSMTP(t, true)
	c := config(srv)
	c.TLS, c.User, c.Password = notify.TLSRequired, "tertial", "hemligt lösen"
	body := "Avsnittet Måluppfyllelse har skickats tillbaka.\n\nKommentar:\nÅtgärda tabellen – tack!\n.\nEn rad med en punkt."
	if err := (notify.SMTP{Config: c}).Send("anna@example.se", "Skickat tillbaka: Måluppfyllelse – Kommunstyrelsen", body); err != nil {
		t.Fatal(err)
	}
	msgs := srv.got()
	if len(msgs) != 1 {
		t.Fatalf("%d messages", len(msgs))
	}
	m := msgs[0]
	if !m.TLS || m.From != c.From || m.To != "anna@example.se" {
		t.Errorf("message: tls %v from %q to %q", m.TLS, m.From, m.To)
	}
	if m.Subject() != "Skickat tillbaka: Måluppfyllelse – Kommunstyrelsen" {
		t.Errorf("subject = %q", m.Subject())
	}
	if got := strings.TrimRight(m.Body(), "\n"); got != body {
		t.Errorf("body = %q, want %q", got, body)
	}
	if len(srv.auths) != 1 || srv.auths[0] != "tls:tertial:hemligt lösen" {
		t.Errorf("auths = %q, want one over TLS", srv.auths)
	}
	if !strings.Contains(m.Raw, "Content-Type: text/plain; charset=utf-8") {
		t.Errorf("no plain-text UTF-8 header:\n%s", m.Raw)
	}
}

func TestSMTPRequireTLSRefusesPlainServer(t *testing.T) {
	srv := newTestSMTP(t, false)
	c := config(srv)
	c.TLS, c.User, c.Password = notify.TLSRequired, "tertial", "x"
	err := (notify.SMTP{Config: c}).Send("anna@example.se", "S", "B")
	if err == nil || !strings.Contains(err.Error(), "STARTTLS") {
		t.Fatalf("err = %v, want a refusal for no STARTTLS", err)
	}
	if len(srv.got()) != 0 || len(srv.auths) != 0 {
		t.Errorf("sent %d messages and %d passwords without TLS", len(srv.got()), len(srv.auths))
	}
	// Opportunistic sends in plain text to a server without STARTTLS.
	c.TLS, c.User = notify.TLSOpportunistic, ""
	if err := (notify.SMTP{Config: c}).Send("anna@example.se", "S", "B"); err != nil {
		t.Fatal(err)
	}
	if m := srv.got(); len(m) != 1 || m[0].TLS {
		t.Errorf("opportunistic: %+v", m)
	}
}

func TestSMTPErrors(t *testing.T) {
	srv := newTestSMTP(t, false)
	c := config(srv)
	srv.set(true, false)
	err := (notify.SMTP{Config: c}).Send("anna@example.se", "S", "B")
	if err == nil || notify.IsPermanent(err) {
		t.Errorf("451: %v, permanent %v; want a temporary error", err, notify.IsPermanent(err))
	}
	srv.set(false, true)
	if err := (notify.SMTP{Config: c}).Send("anna@example.se", "S", "B"); !notify.IsPermanent(err) {
		t.Errorf("550: %v, want permanent", err)
	}
	if err := (notify.SMTP{Config: c}).Send("Anna <anna@example.se>", "S", "B"); !notify.IsPermanent(err) {
		t.Errorf("a display name as recipient: %v", err)
	}
	srv.stop()
	if err := (notify.SMTP{Config: c}).Send("anna@example.se", "S", "B"); err == nil || notify.IsPermanent(err) {
		t.Errorf("server down: %v", err)
	}
}

// fixture is the demo with its period open and a deadline, a controller, two reporters
// of ks (one with e-mail off), a reporter of another unit, and a runner sending to srv.
type fixture struct {
	db     *store.DB
	srv    *testSMTP
	run    *notify.Runner
	clock  time.Time
	period store.PeriodRef
}

var deadline = time.Date(2021, 9, 10, 0, 0, 0, 0, time.UTC)

func newFixture(t *testing.T, db *store.DB) *fixture {
	t.Helper()
	ds, err := demo.Dataset()
	if err != nil {
		t.Fatal(err)
	}
	per := ds.Period("ks", "2021-08")
	per.State, per.Deadline = tertial.PeriodOpen, deadline
	if err := db.ReplaceDataset(ctx, ds); err != nil {
		t.Fatal(err)
	}
	hash, err := auth.HashPassword("demo")
	if err != nil {
		t.Fatal(err)
	}
	other := ""
	for _, u := range ds.Units {
		if u.ID != "ks" && other == "" {
			other = u.ID
		}
	}
	for _, u := range []tertial.User{
		{Name: "controller", Role: tertial.RoleController, Municipality: "0126"},
		{Name: "rapportor", Role: tertial.RoleReporter, Municipality: "0126", Unit: "ks"},
		{Name: "tyst", Role: tertial.RoleReporter, Municipality: "0126", Unit: "ks"},
		{Name: "annan", Role: tertial.RoleReporter, Municipality: "0126", Unit: other},
	} {
		if err := db.CreateUser(ctx, "test", u, hash); err != nil {
			t.Fatal(err)
		}
	}
	for name, off := range map[string]bool{"controller": false, "rapportor": false, "tyst": true, "annan": false} {
		if err := db.SetUserEmail(ctx, "test", name, name+"@example.se", off); err != nil {
			t.Fatal(err)
		}
	}
	f := &fixture{db: db, srv: newTestSMTP(t, false), period: store.PeriodRef{Municipality: "0126", Unit: "ks", Period: "2021-08"}}
	f.clock = deadline.AddDate(0, 0, -20).Add(9 * time.Hour)
	db.Now = func() time.Time { return f.clock }
	f.run = &notify.Runner{DB: db, Sender: notify.SMTP{Config: config(f.srv)}, PublicURL: "https://tertial.example.se/", Log: quiet}
	return f
}

func (f *fixture) runOnce(t *testing.T) {
	t.Helper()
	if err := f.run.RunOnce(ctx); err != nil {
		t.Fatal(err)
	}
}

func recipients(ms []testMessage) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.To)
	}
	return out
}

// TestRemindersBeforeDeadline: nothing 20 days before; on the seventh day before one mail
// to each reporter of the unit with e-mail on, the unfinished sections listed and a link;
// not again on the next run; again on the day before; nothing after the deadline; the
// reporter with e-mail off has them only in the product.
func TestRemindersBeforeDeadline(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		f.runOnce(t)
		if n := len(f.srv.got()); n != 0 {
			t.Fatalf("20 days before: %d mails", n)
		}
		f.clock = deadline.AddDate(0, 0, -7).Add(8 * time.Hour)
		f.runOnce(t)
		f.runOnce(t)
		ms := f.srv.got()
		if got := recipients(ms); len(got) != 1 || got[0] != "rapportor@example.se" {
			t.Fatalf("7 days before: mails to %v, want rapportor only", got)
		}
		m := ms[0]
		if !strings.Contains(m.Subject(), "Påminnelse") || !strings.Contains(m.Subject(), "om 7 dagar") {
			t.Errorf("subject = %q", m.Subject())
		}
		body := m.Body()
		for _, want := range []string{"10 september 2021", "(ej påbörjad)", "https://tertial.example.se/kommuner/0126/enheter/ks/perioder/2021-08/arbetsflode", "https://tertial.example.se/mitt-konto"} {
			if !strings.Contains(body, want) {
				t.Errorf("body lacks %q:\n%s", want, body)
			}
		}
		for _, u := range []string{"rapportor", "tyst"} {
			ns, _ := db.Notifications(ctx, u, 10)
			if len(ns) != 1 || ns[0].Subject != m.Subject() || ns[0].Link != "/kommuner/0126/enheter/ks/perioder/2021-08/arbetsflode" {
				t.Errorf("%s's notifications = %+v", u, ns)
			}
		}
		if ns, _ := db.Notifications(ctx, "annan", 10); len(ns) != 0 {
			t.Errorf("a reporter of another unit was reminded: %+v", ns)
		}
		f.clock = deadline.AddDate(0, 0, -1).Add(8 * time.Hour)
		f.runOnce(t)
		if ms := f.srv.got(); len(ms) != 2 || !strings.Contains(ms[1].Subject(), "i morgon") {
			t.Fatalf("the day before: %d mails, last %q", len(ms), ms[len(ms)-1].Subject())
		}
		f.clock = deadline.AddDate(0, 0, 1)
		f.runOnce(t)
		if n := len(f.srv.got()); n != 2 {
			t.Errorf("after the deadline: %d mails", n)
		}
	})
}

// TestNoReminderWhenReady: a unit whose every section is ready or approved gets none, and
// municipality settings turn reminders off or choose the days.
func TestNoReminderWhenReady(t *testing.T) {
	f := newFixture(t, storetest.Open(t, store.SQLite))
	ds, _ := f.db.SharedDataset(ctx, "0126")
	keys := sectionKeys(t, f, ds)
	for _, k := range keys {
		if _, err := f.db.SaveSectionStep(ctx, store.Edit{Actor: "rapportor", Period: f.period}, store.SectionStep{Key: k, Step: tertial.StepReady}); err != nil {
			t.Fatal(err)
		}
	}
	f.clock = deadline.AddDate(0, 0, -7).Add(8 * time.Hour)
	f.runOnce(t)
	if n := len(f.srv.got()); n != 0 {
		t.Errorf("all ready: %d mails", n)
	}
	// Settings: off, then 3 days only.
	f2 := newFixture(t, storetest.Open(t, store.SQLite))
	if err := f2.db.SaveNotifySettings(ctx, "test", "0126", store.NotifySettings{RemindersOn: false, DaysBefore: []int{7}}); err != nil {
		t.Fatal(err)
	}
	f2.clock = deadline.AddDate(0, 0, -7).Add(8 * time.Hour)
	f2.runOnce(t)
	if n := len(f2.srv.got()); n != 0 {
		t.Errorf("reminders off: %d mails", n)
	}
	if err := f2.db.SaveNotifySettings(ctx, "test", "0126", store.NotifySettings{RemindersOn: true, DaysBefore: []int{3}}); err != nil {
		t.Fatal(err)
	}
	f2.runOnce(t)
	if n := len(f2.srv.got()); n != 0 {
		t.Errorf("7 days before with only 3 chosen: %d mails", n)
	}
	f2.clock = deadline.AddDate(0, 0, -3).Add(8 * time.Hour)
	f2.runOnce(t)
	if ms := f2.srv.got(); len(ms) != 1 || !strings.Contains(ms[0].Subject(), "om 3 dagar") {
		t.Errorf("3 days before: %v", recipients(ms))
	}
}

// sectionKeys reads the workflow page's section keys from the controller's view of it.
func sectionKeys(t *testing.T, f *fixture, ds *tertial.Dataset) []string {
	t.Helper()
	site := newSite(t, f.db)
	_, page := site.do(t, "controller", "GET", "/kommuner/0126/enheter/ks/perioder/2021-08/arbetsflode", nil)
	var keys []string
	for _, part := range strings.Split(page, `action="/kommuner/0126/enheter/ks/perioder/2021-08/arbetsflode/avsnitt/`)[1:] {
		k := part[:strings.IndexByte(part, '"')]
		if len(keys) == 0 || keys[len(keys)-1] != k {
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 {
		t.Fatal("no sections on the workflow page")
	}
	return keys
}

type testSite struct {
	srv      *httptest.Server
	sessions map[string]string
}

func newSite(t *testing.T, db *store.DB) *testSite {
	t.Helper()
	h, err := web.New(db, quiet, web.Options{})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return &testSite{srv: srv, sessions: map[string]string{}}
}

// do sends a request as the user (signing in first) and returns the status and body; a
// redirect is not followed.
func (s *testSite) do(t *testing.T, user, method, path string, form url.Values) (int, string) {
	t.Helper()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	if s.sessions[user] == "" {
		resp, err := client.PostForm(s.srv.URL+"/logga-in", url.Values{"namn": {user}, "losenord": {"demo"}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		for _, c := range resp.Cookies() {
			if c.Name == "tertial_session" {
				s.sessions[user] = c.Value
			}
		}
		if s.sessions[user] == "" {
			t.Fatalf("sign-in as %s failed: %d", user, resp.StatusCode)
		}
	}
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, _ := http.NewRequest(method, s.srv.URL+path, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	req.AddCookie(&http.Cookie{Name: "tertial_session", Value: s.sessions[user]})
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestMailOnSendBackAndApproval: a controller sends a section back on the site; the
// reporters of the unit (and the one who marked it ready) get a mail with the comment and
// the link, the reporter with e-mail off only a notification, the controller none; then
// approval. Each mail once.
func TestMailOnSendBackAndApproval(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ds, _ := db.SharedDataset(ctx, "0126")
		key := sectionKeys(t, f, ds)[0]
		site := newSite(t, db)
		st, err := db.SaveSectionStep(ctx, store.Edit{Actor: "tyst", Period: f.period}, store.SectionStep{Key: key, Step: tertial.StepReady})
		v := st.Version
		if err != nil {
			t.Fatal(err)
		}
		base := "/kommuner/0126/enheter/ks/perioder/2021-08/arbetsflode/avsnitt/" + key
		status, page := site.do(t, "controller", "POST", base, url.Values{"atgard": {"skicka-tillbaka"}, "version": {strconv.Itoa(v)}, "kommentar": {"Måltabellen saknar utfall <2021>."}})
		if status != http.StatusSeeOther {
			t.Fatalf("send back: %d\n%s", status, page)
		}
		f.runOnce(t)
		f.runOnce(t)
		ms := f.srv.got()
		if got := recipients(ms); len(got) != 1 || got[0] != "rapportor@example.se" {
			t.Fatalf("send back: mails to %v, want rapportor (tyst has e-mail off, the controller did it)", got)
		}
		body := ms[0].Body()
		for _, want := range []string{"skickats tillbaka av controller", "Måltabellen saknar utfall <2021>.", "https://tertial.example.se/kommuner/0126/enheter/ks/perioder/2021-08/arbetsflode#" + key} {
			if !strings.Contains(body, want) {
				t.Errorf("body lacks %q:\n%s", want, body)
			}
		}
		if !strings.HasPrefix(ms[0].Subject(), "Skickat tillbaka: ") {
			t.Errorf("subject = %q", ms[0].Subject())
		}
		if ns, _ := db.Notifications(ctx, "tyst", 10); len(ns) != 1 || ns[0].Kind != store.EventReturned {
			t.Errorf("tyst's notifications = %+v", ns)
		}
		if ns, _ := db.Notifications(ctx, "controller", 10); len(ns) != 0 {
			t.Errorf("the controller was told of its own step: %+v", ns)
		}
		// The list in the product shows the same, escaped.
		_, list := site.do(t, "tyst", "GET", "/aviseringar", nil)
		if !strings.Contains(list, ms[0].Subject()) || !strings.Contains(list, "Måltabellen saknar utfall &lt;2021&gt;.") {
			t.Errorf("/aviseringar lacks the notice:\n%s", list)
		}
		states, _ := db.SectionStates(ctx, f.period)
		st, err = db.SaveSectionStep(ctx, store.Edit{Actor: "rapportor", Period: f.period, Version: states[key].Version}, store.SectionStep{Key: key, Step: tertial.StepReady})
		v = st.Version
		if err != nil {
			t.Fatal(err)
		}
		if status, page := site.do(t, "controller", "POST", base, url.Values{"atgard": {"godkann"}, "version": {strconv.Itoa(v)}, "motivering": {"Bedömningarna görs på nämndens möte."}}); status != http.StatusSeeOther {
			t.Fatalf("approve: %d\n%s", status, page)
		}
		f.runOnce(t)
		ms = f.srv.got()
		if len(ms) != 2 || ms[1].To != "rapportor@example.se" || !strings.HasPrefix(ms[1].Subject(), "Godkänt: ") {
			t.Fatalf("approve: %v %q", recipients(ms), ms[len(ms)-1].Subject())
		}
	})
}

// TestServerDownQueuedAndRetried: with the mail server down the mail stays queued with
// its error, is tried again after the backoff when the server is back, sent once, and not
// again; a busy server (4xx) is the same.
func TestServerDownQueuedAndRetried(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		f.srv.stop()
		f.clock = deadline.AddDate(0, 0, -7).Add(8 * time.Hour)
		f.runOnce(t)
		out, _ := db.Outbox(ctx)
		if len(out) != 1 || !out[0].Sent.IsZero() || out[0].Attempts != 1 || out[0].LastError == "" {
			t.Fatalf("server down: outbox %+v", out)
		}
		f.srv.restart()
		f.clock = f.clock.Add(30 * time.Second)
		f.runOnce(t)
		if n := len(f.srv.got()); n != 0 {
			t.Fatalf("retried before the backoff: %d", n)
		}
		f.srv.set(true, false) // busy
		f.clock = f.clock.Add(time.Minute)
		f.runOnce(t)
		if out, _ := db.Outbox(ctx); out[0].Attempts != 2 || !strings.Contains(out[0].LastError, "451") {
			t.Fatalf("busy: %+v", out[0])
		}
		f.srv.set(false, false)
		f.clock = f.clock.Add(2 * time.Minute)
		f.runOnce(t)
		f.clock = f.clock.Add(24 * time.Hour)
		f.runOnce(t)
		if ms := f.srv.got(); len(ms) != 1 || ms[0].To != "rapportor@example.se" {
			t.Fatalf("after the server came back: %v", recipients(ms))
		}
		if out, _ := db.Outbox(ctx); out[0].Sent.IsZero() || out[0].Attempts != 3 {
			t.Errorf("outbox = %+v", out[0])
		}
	})
}

// TestTwoRunnersSendOnce: two runners (two servers on one database) deliver each event
// and reminder once and send each mail once.
func TestTwoRunnersSendOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		f.clock = deadline.AddDate(0, 0, -7).Add(8 * time.Hour)
		other := *f.run
		done := make(chan error, 2)
		for _, r := range []*notify.Runner{f.run, &other} {
			go func() { done <- r.RunOnce(ctx) }()
		}
		for range 2 {
			if err := <-done; err != nil {
				t.Fatal(err)
			}
		}
		if ms := f.srv.got(); len(ms) != 1 {
			t.Errorf("two runners sent %d mails, want 1", len(ms))
		}
		if ns, _ := db.Notifications(ctx, "rapportor", 10); len(ns) != 1 {
			t.Errorf("%d notifications, want 1", len(ns))
		}
	})
}

func TestRunStopsWithContext(t *testing.T) {
	f := newFixture(t, storetest.Open(t, store.SQLite))
	f.clock = deadline.AddDate(0, 0, -1)
	f.run.Tick = 10 * time.Millisecond
	c, cancel := context.WithCancel(ctx)
	stopped := make(chan struct{})
	go func() { f.run.Run(c); close(stopped) }()
	deadlineAt := time.Now().Add(5 * time.Second)
	for len(f.srv.got()) == 0 && time.Now().Before(deadlineAt) {
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	select {
	case <-stopped:
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not stop")
	}
	if n := len(f.srv.got()); n != 1 {
		t.Errorf("the running runner sent %d mails, want 1", n)
	}
}

// TestRemindersCatchUp: a server that was down on the seventh day before sends one
// reminder when it comes back (three days before), not two, and the one for the day
// before still goes out.
func TestRemindersCatchUp(t *testing.T) {
	f := newFixture(t, storetest.Open(t, store.SQLite))
	f.clock = deadline.AddDate(0, 0, -3).Add(8 * time.Hour)
	f.runOnce(t)
	f.runOnce(t)
	if ms := f.srv.got(); len(ms) != 1 || !strings.Contains(ms[0].Subject(), "om 3 dagar") {
		t.Fatalf("three days before, after missing the seventh: %d mails", len(ms))
	}
	f.clock = deadline.AddDate(0, 0, -1).Add(8 * time.Hour)
	f.runOnce(t)
	if ms := f.srv.got(); len(ms) != 2 || !strings.Contains(ms[1].Subject(), "i morgon") {
		t.Fatalf("the day before: %d mails", len(ms))
	}
}
