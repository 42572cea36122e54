package store_test

import (
	"strings"
	"testing"
	"time"

	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

// remind delivers a reminder with a notice to each user, for the day given (a key of its
// own each time), with mail queued.
func remind(t *testing.T, db *store.DB, days int, users ...string) {
	t.Helper()
	key := store.ReminderKey{Period: store.PeriodRef{Municipality: "0126", Unit: "ks", Period: "2021-08"}, Deadline: time.Date(2021, 9, 10, 0, 0, 0, 0, time.UTC), Days: days}
	var ns []store.Notice
	for _, u := range users {
		ns = append(ns, store.Notice{User: u, Kind: "reminder", Subject: "Påminnelse " + u, Body: "B", Link: "/"})
	}
	if ok, err := db.DeliverReminder(ctx, []store.ReminderKey{key}, ns, true); err != nil || !ok {
		t.Fatalf("reminder %d: %v %v", days, ok, err)
	}
}

func unread(t *testing.T, db *store.DB, user string) int {
	t.Helper()
	n, err := db.UnreadNotices(ctx, user)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestUnreadNotices: an account's notices are unread until it has read up to them; the
// mark counts only the notices it was shown, never moves back, and is the account's own.
func TestUnreadNotices(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		demoOpen(t, db)
		notifyUsers(t, db)
		for d := 1; d <= 3; d++ {
			remind(t, db, d, "rep", "tyst")
		}
		remind(t, db, 4, "rep")
		if n := unread(t, db, "rep"); n != 4 {
			t.Errorf("rep: %d unread, want 4", n)
		}
		if n := unread(t, db, "tyst"); n != 3 {
			t.Errorf("tyst: %d unread, want 3", n)
		}
		if n := unread(t, db, "ctrl"); n != 0 {
			t.Errorf("ctrl: %d unread, want 0", n)
		}
		ns, err := db.Notifications(ctx, "rep", 10)
		if err != nil || len(ns) != 4 {
			t.Fatalf("rep's notices: %d, %v", len(ns), err)
		}
		// rep saw the list when it had three: the fourth stays unread.
		if err := db.MarkNoticesRead(ctx, "rep", ns[1].ID); err != nil {
			t.Fatal(err)
		}
		if n := unread(t, db, "rep"); n != 1 {
			t.Errorf("rep after reading up to the third: %d unread, want 1", n)
		}
		if upTo, err := db.NoticesReadUpTo(ctx, "rep"); err != nil || upTo != ns[1].ID {
			t.Errorf("read up to %d, %v; want %d", upTo, err, ns[1].ID)
		}
		// An older page's mark does not move it back.
		if err := db.MarkNoticesRead(ctx, "rep", ns[3].ID); err != nil {
			t.Fatal(err)
		}
		if n := unread(t, db, "rep"); n != 1 {
			t.Errorf("rep after an older mark: %d unread, want 1", n)
		}
		if n := unread(t, db, "tyst"); n != 3 {
			t.Errorf("tyst after rep read: %d unread, want 3", n)
		}
		// All read, then one more comes.
		if err := db.MarkNoticesRead(ctx, "rep", 0); err != nil {
			t.Fatal(err)
		}
		if n := unread(t, db, "rep"); n != 0 {
			t.Errorf("rep after marking all: %d unread", n)
		}
		remind(t, db, 5, "rep")
		if n := unread(t, db, "rep"); n != 1 {
			t.Errorf("rep after a new notice: %d unread, want 1", n)
		}
		if err := db.MarkNoticesRead(ctx, "ingen", 0); err != nil {
			t.Errorf("marking for no such account: %v", err)
		}
		if err := db.MarkNoticesRead(ctx, "ctrl", 0); err != nil {
			t.Errorf("marking with no notices: %v", err)
		}
	})
}

// TestUnreadNoticesUsesIndex: counting the unread notices reads the index of the
// account's notices by id, not the whole table.
func TestUnreadNoticesUsesIndex(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	plan, err := store.UnreadQueryPlan(ctx, db, "rep")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(plan, "notifications USING COVERING INDEX notifications_user (user_name=? AND id>?)") || strings.Contains(plan, "SCAN notifications") {
		t.Errorf("plan:\n%s", plan)
	}
}

// TestPruneNotifications: notices older than the retention go, newer stay; sent mails go
// after the mail retention, a mail not yet sent stays whatever its age, and a mail given
// up goes with the notices.
func TestPruneNotifications(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		demoOpen(t, db)
		notifyUsers(t, db)
		clock := time.Date(2021, 1, 1, 9, 0, 0, 0, time.UTC)
		db.Now = func() time.Time { return clock }
		remind(t, db, 1, "rep", "tyst") // a mail to rep; tyst has e-mail off
		clock = clock.AddDate(0, 0, 10)
		remind(t, db, 2, "rep")
		// The first mail is sent on day 10; the second fails for good; then a third waits.
		ms, err := db.ClaimMails(ctx, 10, time.Minute)
		if err != nil || len(ms) != 2 {
			t.Fatalf("claimed %d, %v", len(ms), err)
		}
		if err := db.MailSent(ctx, ms[0].ID); err != nil {
			t.Fatal(err)
		}
		if err := db.MailFailed(ctx, ms[1].ID, 1, "550", true); err != nil {
			t.Fatal(err)
		}
		clock = clock.AddDate(0, 0, 20)
		remind(t, db, 3, "rep") // day 30: not sent
		// Day 45: the mail sent on day 10 is older than 30 days; no notice is older than 180.
		clock = time.Date(2021, 2, 15, 9, 0, 0, 0, time.UTC)
		p, err := db.PruneNotifications(ctx, clock.AddDate(0, 0, -180), clock.AddDate(0, 0, -30))
		if err != nil {
			t.Fatal(err)
		}
		if p.Notices != 0 || p.Mails != 1 {
			t.Errorf("day 45: pruned %+v, want the sent mail only", p)
		}
		out, _ := db.Outbox(ctx)
		if len(out) != 2 || out[0].ID != ms[1].ID {
			t.Errorf("outbox after day 45: %+v", out)
		}
		// Day 181 after the first: the first notices (day 0) go, with the mail given up (day 10) not yet.
		clock = time.Date(2021, 1, 1, 9, 0, 0, 0, time.UTC).AddDate(0, 0, 181)
		p, err = db.PruneNotifications(ctx, clock.AddDate(0, 0, -180), clock.AddDate(0, 0, -30))
		if err != nil {
			t.Fatal(err)
		}
		if p.Notices != 2 || p.Mails != 0 {
			t.Errorf("day 181: pruned %+v, want the two notices of day 0", p)
		}
		if ns, _ := db.Notifications(ctx, "rep", 10); len(ns) != 2 {
			t.Errorf("rep has %d notices after day 181, want 2", len(ns))
		}
		if ns, _ := db.Notifications(ctx, "tyst", 10); len(ns) != 0 {
			t.Errorf("tyst has %d notices after day 181, want 0", len(ns))
		}
		// A year later: every notice and the given-up mail go; the unsent mail stays.
		clock = clock.AddDate(1, 0, 0)
		p, err = db.PruneNotifications(ctx, clock.AddDate(0, 0, -180), clock.AddDate(0, 0, -30))
		if err != nil {
			t.Fatal(err)
		}
		out, _ = db.Outbox(ctx)
		if p.Notices != 2 || p.Mails != 1 || len(out) != 1 || !out[0].Sent.IsZero() {
			t.Errorf("a year later: pruned %+v, outbox %+v", p, out)
		}
		if n := unread(t, db, "rep"); n != 0 {
			t.Errorf("rep has %d unread after every notice was pruned", n)
		}
	})
}
