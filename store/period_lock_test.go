package store_test

import (
	"sync/atomic"
	"testing"
	"time"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

var decision = store.Decision{Date: time.Date(2021, 9, 22, 0, 0, 0, 0, time.UTC), Paragraph: "§ 12"}

// holdFirstCheck makes the first transaction of db that finds its period open run
// during, from inside it (holding whatever it holds), and then go on. during gets the
// transaction's PostgreSQL backend (0 on SQLite).
func holdFirstCheck(db *store.DB, during func(pid int)) {
	var done atomic.Bool // not a sync.Once, whose later callers would wait for the first
	store.PauseAfterPeriodCheck(db, func(pid int) {
		if done.CompareAndSwap(false, true) {
			during(pid)
		}
	})
}

// waitUntilBlocked returns once another connection waits for a lock held by the backend
// pid, and fails the test if done delivers first (the other side did not wait). On SQLite,
// which runs one writing transaction at a time, there is nothing to observe: the other
// side waits for the single write connection.
func waitUntilBlocked(t *testing.T, db *store.DB, pid int, done chan error, what string) {
	t.Helper()
	if db.Dialect() != store.Postgres {
		return
	}
	for {
		select {
		case err := <-done:
			t.Errorf("%s finished (err %v) without waiting for the transaction that had checked the period", what, err)
			done <- err
			return
		default:
		}
		n, err := store.BlockedBy(ctx, db, pid)
		if err != nil {
			t.Error(err)
			return
		}
		if n > 0 {
			return
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// auditOrder returns the positions in the audit log of the text's edit and of the lock.
func auditOrder(t *testing.T, db *store.DB, textKey string) (edit, lock int) {
	t.Helper()
	entries, err := db.AuditLog(ctx, store.AuditFilter{Municipality: "0126"})
	if err != nil {
		t.Fatal(err)
	}
	edit, lock = -1, -1
	for i, e := range entries {
		switch {
		case e.Entity == "text" && e.Key == textKey:
			edit = i
		case e.Entity == "period" && e.Key == "ks/2021-08" && e.Field == "state" && e.New == "locked":
			lock = i
		}
	}
	return edit, lock
}

// TestLockWaitsForSave: a save has found the period open and not yet committed when a
// controller locks the period. The lock waits for the save to commit, so the audit log
// shows the edit before the lock, never a locked period whose content changed after the
// lock (the attack of issue 12, F2, on PostgreSQL at READ COMMITTED).
func TestLockWaitsForSave(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		demoOpen(t, db)
		lockDone := make(chan error, 1)
		holdFirstCheck(db, func(pid int) {
			go func() { lockDone <- db.LockPeriod(ctx, "controller", ks, decision) }()
			waitUntilBlocked(t, db, pid, lockDone, "the lock")
		})
		if _, err := db.SaveText(ctx, store.Edit{Actor: "rapportor", Period: ks, Version: 1}, "lokaler", "Sparad medan perioden låstes."); err != nil {
			t.Fatalf("save: %v", err)
		}
		if err := <-lockDone; err != nil {
			t.Fatalf("lock: %v", err)
		}
		edit, lock := auditOrder(t, db, "ks/2021-08/lokaler")
		if edit < 0 || lock < 0 || edit > lock {
			t.Errorf("audit log: edit at %d, lock at %d; want the edit before the lock", edit, lock)
		}
	})
}

// TestSaveWaitsForLock: the other order. A lock has checked the period and not yet
// committed when a save starts; the save waits for the lock and then fails with ELOCKED,
// and the text is unchanged.
func TestSaveWaitsForLock(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		demoOpen(t, db)
		saveDone := make(chan error, 1)
		holdFirstCheck(db, func(pid int) {
			go func() {
				_, err := db.SaveText(ctx, store.Edit{Actor: "rapportor", Period: ks, Version: 1}, "lokaler", "Kom för sent.")
				saveDone <- err
			}()
			waitUntilBlocked(t, db, pid, saveDone, "the save")
		})
		if err := db.LockPeriod(ctx, "controller", ks, decision); err != nil {
			t.Fatalf("lock: %v", err)
		}
		if err := <-saveDone; tertial.ErrorCode(err) != tertial.ELOCKED {
			t.Errorf("save after the lock: %v, want ELOCKED", err)
		}
		if edit, _ := auditOrder(t, db, "ks/2021-08/lokaler"); edit >= 0 {
			t.Errorf("the refused save is in the audit log at %d", edit)
		}
	})
}
