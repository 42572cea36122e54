package store_test

import (
	"sync"
	"testing"
	"time"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

// notifyUsers adds a controller and two reporters of ks, one with e-mail off.
func notifyUsers(t *testing.T, db *store.DB) {
	t.Helper()
	for _, u := range []tertial.User{
		{Name: "ctrl", Role: tertial.RoleController, Municipality: "0126"},
		{Name: "rep", Role: tertial.RoleReporter, Municipality: "0126", Unit: "ks"},
		{Name: "tyst", Role: tertial.RoleReporter, Municipality: "0126", Unit: "ks"},
	} {
		if err := db.CreateUser(ctx, "test", u, ""); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.SetUserEmail(ctx, "test", "rep", "rep@example.se", false); err != nil {
		t.Fatal(err)
	}
	if err := db.SetUserEmail(ctx, "test", "tyst", "tyst@example.se", true); err != nil {
		t.Fatal(err)
	}
}

func TestUserEmail(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		demoOpen(t, db)
		notifyUsers(t, db)
		a, err := db.Account(ctx, "tyst")
		if err != nil {
			t.Fatal(err)
		}
		if a.Email != "tyst@example.se" || !a.EmailOff {
			t.Errorf("account = %q off %v", a.Email, a.EmailOff)
		}
		err = db.SetUserEmail(ctx, "test", "rep", "inte en adress", false)
		if ps := tertial.ProblemsOf(err); len(ps) != 1 || ps[0].Path != "email" {
			t.Errorf("bad address: %v", err)
		}
		if a, _ := db.Account(ctx, "rep"); a.Email != "rep@example.se" {
			t.Errorf("a refused address changed the account: %q", a.Email)
		}
		if err := db.SetUserEmail(ctx, "test", "ingen", "a@example.se", false); tertial.ErrorCode(err) != tertial.ENOTFOUND {
			t.Errorf("no such account: %v", err)
		}
		// With the account in one transaction: a refused role keeps the old address.
		u := a.User
		u.Role = tertial.RoleReporter
		u.Unit = ""
		if err := db.UpdateAccountEmail(ctx, "test", u, "ny@example.se", false); tertial.ErrorCode(err) != tertial.EINVALID {
			t.Errorf("a reporter without a unit: %v", err)
		}
		if a, _ := db.Account(ctx, "tyst"); a.Email != "tyst@example.se" || !a.EmailOff {
			t.Errorf("a refused change changed the address: %q %v", a.Email, a.EmailOff)
		}
		u = a.User
		u.Role = tertial.RoleReader
		u.Unit = ""
		if err := db.UpdateAccountEmail(ctx, "test", u, "ny@example.se", false); err != nil {
			t.Fatal(err)
		}
		if a, _ := db.Account(ctx, "tyst"); a.Email != "ny@example.se" || a.EmailOff || a.User.Role != tertial.RoleReader {
			t.Errorf("after the change: %q %v %s", a.Email, a.EmailOff, a.User.Role)
		}
		if err := db.SetUserEmail(ctx, "test", "rep", "", false); err != nil {
			t.Fatal(err)
		}
		if a, _ := db.Account(ctx, "rep"); a.Email != "" {
			t.Errorf("cleared address = %q", a.Email)
		}
	})
}

func TestNotifySettings(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		demoOpen(t, db)
		s, err := db.NotifySettingsOf(ctx, "0126")
		if err != nil || !s.RemindersOn || len(s.DaysBefore) != 2 || s.DaysBefore[0] != 7 || s.DaysBefore[1] != 1 {
			t.Fatalf("default = %+v, %v", s, err)
		}
		if err := db.SaveNotifySettings(ctx, "test", "0126", store.NotifySettings{RemindersOn: false, DaysBefore: []int{3, 14, 0}}); err != nil {
			t.Fatal(err)
		}
		s, _ = db.NotifySettingsOf(ctx, "0126")
		if s.RemindersOn || len(s.DaysBefore) != 3 || s.DaysBefore[0] != 14 || s.DaysBefore[2] != 0 {
			t.Errorf("saved = %+v", s)
		}
		err = db.SaveNotifySettings(ctx, "test", "0126", store.NotifySettings{RemindersOn: true, DaysBefore: []int{7, 7}})
		if tertial.ErrorCode(err) != tertial.EINVALID {
			t.Errorf("a day twice: %v", err)
		}
		if s2, _ := db.NotifySettingsOf(ctx, "0126"); s2.RemindersOn {
			t.Error("a refused save changed the settings")
		}
		if err := db.SaveNotifySettings(ctx, "test", "9999", store.DefaultNotifySettings()); tertial.ErrorCode(err) != tertial.ENOTFOUND {
			t.Errorf("no such municipality: %v", err)
		}
	})
}

// TestSectionEvents: approving and sending back record an event in the change's
// transaction; a reporter's own steps do not; a refused change records none.
func TestSectionEvents(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		demoOpen(t, db)
		notifyUsers(t, db)
		key := "avsnitt-sammanfattning"
		v, err := sectionStep(db, store.Edit{Actor: "rep", Period: ks}, key, tertial.StepReady, "", tertial.Gate{})
		if err != nil {
			t.Fatal(err)
		}
		if evs, _ := db.PendingEvents(ctx, 10); len(evs) != 0 {
			t.Fatalf("marking ready recorded %v", evs)
		}
		if _, err := sectionStep(db, store.Edit{Actor: "ctrl", Period: ks, Version: v + 5}, key, tertial.StepSendBack, "stale", tertial.Gate{}); tertial.ErrorCode(err) != tertial.ECONFLICT {
			t.Fatalf("stale: %v", err)
		}
		if evs, _ := db.PendingEvents(ctx, 10); len(evs) != 0 {
			t.Fatalf("a refused change recorded %v", evs)
		}
		v, err = sectionStep(db, store.Edit{Actor: "ctrl", Period: ks, Version: v}, key, tertial.StepSendBack, "Saknar siffror.", tertial.Gate{})
		if err != nil {
			t.Fatal(err)
		}
		evs, err := db.PendingEvents(ctx, 10)
		if err != nil || len(evs) != 1 {
			t.Fatalf("events = %v, %v", evs, err)
		}
		e := evs[0]
		if e.Kind != store.EventReturned || e.Actor != "ctrl" || e.Submitter != "rep" || e.Comment != "Saknar siffror." || e.Period != ks || e.Section != key {
			t.Errorf("event = %+v", e)
		}
		// Delivered once, even when two try.
		n := []store.Notice{{User: "rep", Kind: e.Kind, Subject: "S", Body: "B", Link: "/x", MailBody: "B\n\nhttp://h/x"}, {User: "tyst", Kind: e.Kind, Subject: "S", Body: "B"}}
		if ok, err := db.DeliverEvent(ctx, e.ID, n, true); !ok || err != nil {
			t.Fatalf("deliver: %v %v", ok, err)
		}
		if ok, err := db.DeliverEvent(ctx, e.ID, n, true); ok || err != nil {
			t.Fatalf("deliver again: %v %v", ok, err)
		}
		if evs, _ := db.PendingEvents(ctx, 10); len(evs) != 0 {
			t.Errorf("still pending: %v", evs)
		}
		out, _ := db.Outbox(ctx)
		if len(out) != 1 || out[0].To != "rep@example.se" || out[0].Body != "B\n\nhttp://h/x" {
			t.Errorf("outbox = %+v (tyst has e-mail off)", out)
		}
		for _, u := range []string{"rep", "tyst"} {
			if ns, _ := db.Notifications(ctx, u, 10); len(ns) != 1 || ns[0].Subject != "S" || ns[0].Link != "/x" && u == "rep" {
				t.Errorf("%s's notifications = %+v", u, ns)
			}
		}
		// A reporter's own step back from ready is no news.
		v, _ = sectionStep(db, store.Edit{Actor: "rep", Period: ks, Version: v}, key, tertial.StepReady, "", tertial.Gate{})
		v, _ = sectionStep(db, store.Edit{Actor: "rep", Period: ks, Version: v}, key, tertial.StepWithdraw, "", tertial.Gate{})
		if evs, _ := db.PendingEvents(ctx, 10); len(evs) != 0 {
			t.Errorf("a reporter's withdrawal recorded %v", evs)
		}
		v, _ = sectionStep(db, store.Edit{Actor: "rep", Period: ks, Version: v}, key, tertial.StepReady, "", tertial.Gate{})
		if _, err := sectionStep(db, store.Edit{Actor: "ctrl", Period: ks, Version: v}, key, tertial.StepApprove, "", tertial.Gate{}); err != nil {
			t.Fatal(err)
		}
		if evs, _ := db.PendingEvents(ctx, 10); len(evs) != 1 || evs[0].Kind != store.EventApproved {
			t.Errorf("approval recorded %v", evs)
		}
	})
}

func TestReminderOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		demoOpen(t, db)
		notifyUsers(t, db)
		dl := time.Date(2021, 9, 10, 0, 0, 0, 0, time.UTC)
		keys := []store.ReminderKey{{Period: ks, Deadline: dl, Days: 7}, {Period: ks, Deadline: dl, Days: 1}}
		n := []store.Notice{{User: "rep", Kind: "reminder", Subject: "P", Body: "B"}}
		if ok, err := db.DeliverReminder(ctx, keys, n, true); !ok || err != nil {
			t.Fatalf("first: %v %v", ok, err)
		}
		if ok, err := db.DeliverReminder(ctx, keys[1:], n, true); ok || err != nil {
			t.Fatalf("1 day, recorded with 7: %v %v", ok, err)
		}
		if sent, _ := db.ReminderSent(ctx, store.ReminderKey{Period: ks, Deadline: dl.AddDate(0, 0, 1), Days: 7}); sent {
			t.Error("a moved deadline counts as reminded")
		}
		if out, _ := db.Outbox(ctx); len(out) != 1 {
			t.Errorf("outbox = %+v", out)
		}
	})
}

// TestOutboxClaim: a mail is claimed by one sender at a time, retried after a failure
// with backoff, and never claimed again once sent; many concurrent claimers (as several
// servers on one PostgreSQL) get each mail once.
func TestOutboxClaim(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		demoOpen(t, db)
		notifyUsers(t, db)
		clock := time.Date(2021, 9, 1, 8, 0, 0, 0, time.UTC)
		db.Now = func() time.Time { return clock }
		var notices []store.Notice
		for range 30 {
			notices = append(notices, store.Notice{User: "rep", Kind: "reminder", Subject: "P", Body: "B"})
		}
		if _, err := db.DeliverReminder(ctx, []store.ReminderKey{{Period: ks, Deadline: clock, Days: 0}}, notices, true); err != nil {
			t.Fatal(err)
		}
		var mu sync.Mutex
		seen := map[int64]int{}
		var wg sync.WaitGroup
		for range 6 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					ms, err := db.ClaimMails(ctx, 4, time.Minute)
					if err != nil {
						t.Error(err)
						return
					}
					if len(ms) == 0 {
						return
					}
					mu.Lock()
					for _, m := range ms {
						seen[m.ID]++
					}
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		if len(seen) != 30 {
			t.Fatalf("claimed %d mails, want 30", len(seen))
		}
		for id, n := range seen {
			if n != 1 {
				t.Errorf("mail %d claimed %d times", id, n)
			}
		}
		// Claimed mails are not claimed again while the lease holds.
		if ms, _ := db.ClaimMails(ctx, 100, time.Minute); len(ms) != 0 {
			t.Fatalf("claimed again under lease: %d", len(ms))
		}
		out, _ := db.Outbox(ctx)
		first, second := out[0], out[1]
		if err := db.MailSent(ctx, first.ID); err != nil {
			t.Fatal(err)
		}
		if err := db.MailFailed(ctx, second.ID, 1, "421 try later", false); err != nil {
			t.Fatal(err)
		}
		// After the lease the other 28 are claimed again (their sender died); the failed one
		// waits for its backoff, the sent one never comes back.
		clock = clock.Add(2 * time.Minute)
		ms, _ := db.ClaimMails(ctx, 100, time.Minute)
		ids := map[int64]bool{}
		for _, m := range ms {
			ids[m.ID] = true
		}
		if len(ms) != 29 || ids[first.ID] || !ids[second.ID] {
			// the backoff of one failed attempt is a minute, so at +2 min it is due again
			t.Errorf("after the lease: %d claimed, sent one %v, failed one %v", len(ms), ids[first.ID], ids[second.ID])
		}
		for _, m := range ms {
			if m.ID == second.ID && m.Attempts != 2 {
				t.Errorf("attempts = %d, want 2", m.Attempts)
			}
		}
		if err := db.MailFailed(ctx, second.ID, 2, "421", false); err != nil {
			t.Fatal(err)
		}
		clock = clock.Add(90 * time.Second)
		for _, m := range mustClaim(t, db) {
			if m.ID == second.ID {
				t.Error("the failed mail came back before its 2-minute backoff")
			}
		}
		clock = clock.Add(time.Minute)
		found := false
		for _, m := range mustClaim(t, db) {
			found = found || m.ID == second.ID
		}
		if !found {
			t.Error("the failed mail did not come back after its backoff")
		}
		if err := db.MailFailed(ctx, second.ID, 3, "550 no such user", true); err != nil {
			t.Fatal(err)
		}
		clock = clock.Add(24 * time.Hour)
		for _, m := range mustClaim(t, db) {
			if m.ID == second.ID || m.ID == first.ID {
				t.Errorf("mail %d claimed after it was sent or given up", m.ID)
			}
		}
		out, _ = db.Outbox(ctx)
		if out[0].Sent.IsZero() || out[1].LastError != "550 no such user" || out[1].Attempts != store.MaxMailAttempts {
			t.Errorf("outbox: sent %v, given up %+v", out[0].Sent, out[1])
		}
	})
}

func mustClaim(t *testing.T, db *store.DB) []store.Mail {
	t.Helper()
	ms, err := db.ClaimMails(ctx, 100, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	return ms
}

func TestMailBackoff(t *testing.T) {
	for n, want := range map[int]time.Duration{1: time.Minute, 2: 2 * time.Minute, 3: 4 * time.Minute, 9: 256 * time.Minute, 10: 6 * time.Hour, 19: 6 * time.Hour} {
		if got := store.MailBackoff(n); got != want {
			t.Errorf("MailBackoff(%d) = %v, want %v", n, got, want)
		}
	}
}
