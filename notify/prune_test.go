package notify_test

import (
	"testing"
	"time"

	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

// TestRunnerPrunes: the runner deletes sent mails 30 days after they were sent and notices
// after the retention (180 days unless set), by the store's clock, at most once an hour.
func TestRunnerPrunes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		sent := deadline.AddDate(0, 0, -7).Add(8 * time.Hour)
		f.clock = sent
		f.runOnce(t)
		if n := len(f.srv.got()); n != 1 {
			t.Fatalf("the reminder: %d mails", n)
		}
		notices := func(user string) int {
			ns, err := db.Notifications(ctx, user, 10)
			if err != nil {
				t.Fatal(err)
			}
			return len(ns)
		}
		outbox := func() int {
			ms, err := db.Outbox(ctx)
			if err != nil {
				t.Fatal(err)
			}
			return len(ms)
		}
		if outbox() != 1 || notices("rapportor") != 1 || notices("tyst") != 1 {
			t.Fatalf("after the reminder: outbox %d, notices %d and %d", outbox(), notices("rapportor"), notices("tyst"))
		}
		f.clock = sent.AddDate(0, 0, 29)
		f.runOnce(t)
		if outbox() != 1 {
			t.Errorf("29 days after it was sent the mail is gone")
		}
		f.clock = sent.AddDate(0, 0, 30).Add(time.Minute)
		f.runOnce(t)
		if outbox() != 0 || notices("rapportor") != 1 {
			t.Errorf("30 days after: outbox %d, notices %d; want the mail gone and the notice kept", outbox(), notices("rapportor"))
		}
		f.clock = sent.AddDate(0, 0, 179)
		f.runOnce(t)
		if notices("rapportor") != 1 {
			t.Errorf("179 days after, the notice is gone")
		}
		// With a retention of 179 days, pruned less than an hour ago: not again yet, although
		// the notices are now older than the retention; after the hour they go.
		f.clock = sent.AddDate(0, 0, 179).Add(30 * time.Minute)
		f.run.Retention = 179 * 24 * time.Hour
		f.runOnce(t)
		if notices("rapportor") != 1 {
			t.Errorf("pruned again within the hour")
		}
		f.clock = sent.AddDate(0, 0, 179).Add(61 * time.Minute)
		f.runOnce(t)
		if notices("rapportor") != 0 || notices("tyst") != 0 {
			t.Errorf("past the retention of 179 days: %d and %d notices left", notices("rapportor"), notices("tyst"))
		}
	})
}

// TestRunnerDefaultRetention: without a retention set, notices go 180 days after they came.
func TestRunnerDefaultRetention(t *testing.T) {
	f := newFixture(t, storetest.Open(t, store.SQLite))
	sent := deadline.AddDate(0, 0, -7).Add(8 * time.Hour)
	f.clock = sent
	f.runOnce(t)
	f.clock = sent.AddDate(0, 0, 180).Add(-time.Minute)
	f.runOnce(t)
	if ns, _ := f.db.Notifications(ctx, "rapportor", 10); len(ns) != 1 {
		t.Errorf("a minute before 180 days: %d notices", len(ns))
	}
	f.clock = sent.AddDate(0, 0, 180).Add(time.Hour)
	f.runOnce(t)
	if ns, _ := f.db.Notifications(ctx, "rapportor", 10); len(ns) != 0 {
		t.Errorf("past 180 days: %d notices", len(ns))
	}
}
