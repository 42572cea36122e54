package store_test

import (
	"errors"
	"testing"
	"time"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

// TestSessionIdleTimeout (ASVS 3.3.2): a session used within the idle time stays, each use
// moving its last-used time on; one not used for the idle time is refused with
// ErrSessionIdle and stays refused; with no idle time (0) only the absolute lifetime
// counts. The clock is the store's (DB.Now), moved by the test.
func TestSessionIdleTimeout(t *testing.T) {
	const idle = 30 * time.Minute
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		start := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
		now := start
		db.Now = func() time.Time { return now }
		demoOpen(t, db)
		if err := db.CreateUser(ctx, "admin", tertial.User{Name: "anna", Role: tertial.RoleReader, Municipality: "0126"}, "hash"); err != nil {
			t.Fatal(err)
		}
		for _, s := range []string{"s1", "s2", "s3"} {
			if err := db.CreateSession(ctx, s, "anna", start.Add(12*time.Hour)); err != nil {
				t.Fatal(err)
			}
		}
		use := func(s string, at time.Time, idle time.Duration) error {
			t.Helper()
			now = at
			u, err := db.SessionUser(ctx, s, idle)
			if err == nil && u.Name != "anna" {
				t.Fatalf("session %s at %s belongs to %q", s, at.Format("15:04:05"), u.Name)
			}
			return err
		}

		// Used every 29 minutes, s1 outlives its first half hour many times over: only
		// if each use counts does 10:27 pass.
		for _, at := range []time.Time{start.Add(29 * time.Minute), start.Add(58 * time.Minute), start.Add(87 * time.Minute)} {
			if err := use("s1", at, idle); err != nil {
				t.Fatalf("s1 used at %s, within the idle time of its last use: %v", at.Format("15:04"), err)
			}
		}
		// Unused from 10:27 (the last use) until 10:57, it is refused, and stays so.
		for _, at := range []time.Time{start.Add(117 * time.Minute), start.Add(118 * time.Minute)} {
			if err := use("s1", at, idle); !errors.Is(err, store.ErrSessionIdle) || tertial.ErrorCode(err) != tertial.EUNAUTHORIZED {
				t.Errorf("s1 at %s, 30 minutes or more after its last use: %v, want ErrSessionIdle", at.Format("15:04"), err)
			}
		}

		// s2 is not used after sign-in at 09:00: a second short of the idle time it still
		// works; at exactly the idle time it does not.
		if err := use("s2", start.Add(idle-time.Second), 0); err != nil {
			t.Fatal(err)
		}
		// (That use wrote 09:29:59 as s2's last use; it is checked as such below.)
		if err := use("s2", start.Add(idle-time.Second).Add(idle), idle); !errors.Is(err, store.ErrSessionIdle) {
			t.Errorf("s2 exactly the idle time after its last use: %v, want ErrSessionIdle", err)
		}

		// With no idle time, s3 works hours after its last use, until its absolute end;
		// that end is a plain refusal, not an idle one.
		if err := use("s3", start.Add(11*time.Hour), 0); err != nil {
			t.Errorf("s3 with no idle timeout: %v", err)
		}
		if err := use("s3", start.Add(12*time.Hour), 0); tertial.ErrorCode(err) != tertial.EUNAUTHORIZED || errors.Is(err, store.ErrSessionIdle) {
			t.Errorf("s3 at its absolute end: %v, want EUNAUTHORIZED (not idle)", err)
		}
	})
}

// TestSessionLastUsedThrottled: a session's last-used time is written at most once per
// store.SessionTouchInterval, so that page views are not writes, and this costs the idle
// timeout at most that interval of precision: a use within the minute after a write is
// not recorded.
func TestSessionLastUsedThrottled(t *testing.T) {
	const idle = 30 * time.Minute
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		start := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
		now := start
		db.Now = func() time.Time { return now }
		demoOpen(t, db)
		if err := db.CreateUser(ctx, "admin", tertial.User{Name: "anna", Role: tertial.RoleReader, Municipality: "0126"}, "hash"); err != nil {
			t.Fatal(err)
		}
		if err := db.CreateSession(ctx, "s1", "anna", start.Add(12*time.Hour)); err != nil {
			t.Fatal(err)
		}
		stored := func() time.Time {
			t.Helper()
			s, err := store.SessionLastUsed(ctx, db, "s1")
			if err != nil {
				t.Fatal(err)
			}
			at, err := time.Parse(time.RFC3339Nano, s)
			if err != nil {
				t.Fatalf("stored last use %q: %v", s, err)
			}
			return at
		}
		if got := stored(); !got.Equal(start) {
			t.Fatalf("last use after sign-in = %s, want the sign-in %s", got, start)
		}
		for _, c := range []struct {
			after time.Duration // since start
			want  time.Duration // stored last use, since start
		}{
			{10 * time.Second, 0},      // within a minute of the sign-in: not written
			{59 * time.Second, 0},      //
			{time.Minute, time.Minute}, // a minute on: written
			{time.Minute + 30*time.Second, time.Minute},
			{2*time.Minute + 59*time.Second, 2*time.Minute + 59*time.Second},
			{3*time.Minute + 58*time.Second, 2*time.Minute + 59*time.Second},
		} {
			now = start.Add(c.after)
			if _, err := db.SessionUser(ctx, "s1", idle); err != nil {
				t.Fatalf("use at +%s: %v", c.after, err)
			}
			if got := stored(); !got.Equal(start.Add(c.want)) {
				t.Errorf("after a use at +%s the stored last use is +%s, want +%s", c.after, got.Sub(start), c.want)
			}
		}
		// The last use, at +3m58s, was not written: the session ends 30 minutes after
		// +2m59s, a minute early at most.
		now = start.Add(2*time.Minute + 59*time.Second + idle)
		if _, err := db.SessionUser(ctx, "s1", idle); !errors.Is(err, store.ErrSessionIdle) {
			t.Errorf("30 minutes after the last written use: %v, want ErrSessionIdle", err)
		}
	})
}
