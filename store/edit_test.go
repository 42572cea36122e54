package store_test

import (
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

var ks = store.PeriodRef{Municipality: "0126", Unit: "ks", Period: "2021-08"}

// demoOpen stores the demo with its period open, so that it can be edited.
func demoOpen(t *testing.T, db *store.DB) {
	t.Helper()
	ds := load(t, "demo")
	ds.Period("ks", "2021-08").State = tertial.PeriodOpen
	if err := db.ReplaceDataset(ctx, ds); err != nil {
		t.Fatal(err)
	}
}

func goalFollowup(t *testing.T, db *store.DB, goal string) tertial.GoalFollowup {
	t.Helper()
	ds, err := db.Dataset(ctx, "0126")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range ds.Goal(goal).Followups {
		if f.Period == "2021-08" {
			return f
		}
	}
	return tertial.GoalFollowup{}
}

// TestStaleVersionRefused: two people open the same goal; the first save wins, the second
// is refused with a conflict and changes nothing.
func TestStaleVersionRefused(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		demoOpen(t, db)
		f := goalFollowup(t, db, "nm-skattemedel")
		v, err := db.SaveGoalFollowup(ctx, store.Edit{Actor: "anna", Period: ks, Version: f.Version}, "nm-skattemedel", tertial.GoalFollowup{Assessment: tertial.AssessAchieved, Analysis: "Annas text."})
		if err != nil || v != f.Version+1 {
			t.Fatalf("first save: %v, version %d", err, v)
		}
		_, err = db.SaveGoalFollowup(ctx, store.Edit{Actor: "bengt", Period: ks, Version: f.Version}, "nm-skattemedel", tertial.GoalFollowup{Assessment: tertial.AssessPartly, Analysis: "Bengts text."})
		if tertial.ErrorCode(err) != tertial.ECONFLICT {
			t.Fatalf("second save with the old version: %v, want conflict", err)
		}
		if got := goalFollowup(t, db, "nm-skattemedel"); got.Analysis != "Annas text." || got.Version != v {
			t.Errorf("after the refused save: %+v", got)
		}
		// With the new version Bengt's save goes through.
		if _, err := db.SaveGoalFollowup(ctx, store.Edit{Actor: "bengt", Period: ks, Version: v}, "nm-skattemedel", tertial.GoalFollowup{Assessment: tertial.AssessPartly, Analysis: "Bengts text."}); err != nil {
			t.Errorf("save with the current version: %v", err)
		}
	})
}

// TestLockedPeriodRefusesEveryWrite: the store itself refuses every kind of edit in a
// locked period, whoever calls it.
func TestLockedPeriodRefusesEveryWrite(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		demoOpen(t, db)
		if err := db.LockPeriod(ctx, "controller", ks, store.Decision{Date: time.Date(2021, 9, 22, 0, 0, 0, 0, time.UTC), Paragraph: "§ 12"}); err != nil {
			t.Fatal(err)
		}
		v := tertial.MustParseDecimal("6.0")
		forecast := tertial.Amount(1)
		comment := "x"
		for name, save := range map[string]func() error{
			"goal": func() error {
				_, err := db.SaveGoalFollowup(ctx, store.Edit{Actor: "x", Period: ks, Version: 1}, "nm-skattemedel", tertial.GoalFollowup{Assessment: tertial.AssessAchieved, Analysis: "x"})
				return err
			},
			"indicator value": func() error {
				_, err := db.SaveIndicatorValue(ctx, store.Edit{Actor: "x", Period: ks, Version: 1}, "resultat-exkl-exploatering", tertial.IndicatorValue{Year: 2021, Value: &v})
				return err
			},
			"target": func() error {
				_, err := db.SaveIndicatorTarget(ctx, store.Edit{Actor: "x", Period: ks, Version: 1}, "resultat-exkl-exploatering", tertial.YearTarget{Year: 2021, Target: tertial.Target{}})
				return err
			},
			"assignment": func() error {
				_, err := db.SaveStatus(ctx, store.Edit{Actor: "x", Period: ks, Version: 1}, tertial.StatusItem{Kind: tertial.KindAssignment, ID: "se-over-ekonomimodell"}, tertial.StatusFollowup{Status: tertial.StatusDone})
				return err
			},
			"money row": func() error {
				_, err := db.SaveMoneyRow(ctx, store.Edit{Actor: "x", Period: ks, Version: 1}, "drift", "intakter", store.MoneyRowEdit{Amounts: map[tertial.MoneyColumn]*tertial.Amount{tertial.ColForecast: &forecast}, Comment: &comment})
				return err
			},
			"text": func() error {
				_, err := db.SaveText(ctx, store.Edit{Actor: "x", Period: ks, Version: 1}, "lokaler", "x")
				return err
			},
			"ledger setup": func() error {
				_, err := db.SaveLedgerSetup(ctx, store.Edit{Actor: "x", Period: ks, Version: 0}, "drift", store.LedgerSetup{Mapping: tertial.KommunBasRules()})
				return err
			},
			"section": func() error {
				_, err := sectionStep(db, store.Edit{Actor: "x", Period: ks, Version: 0}, "avsnitt-sammanfattning", tertial.StepReady, "", tertial.Gate{})
				return err
			},
		} {
			if err := save(); tertial.ErrorCode(err) != tertial.ELOCKED {
				t.Errorf("%s in a locked period: %v, want locked", name, err)
			}
		}
		if err := db.LockPeriod(ctx, "controller", ks, store.Decision{Date: time.Now(), Paragraph: "§ 1"}); tertial.ErrorCode(err) != tertial.ECONFLICT {
			t.Errorf("locking twice: %v", err)
		}
		if err := db.UnlockPeriod(ctx, "controller", ks); err != nil {
			t.Fatal(err)
		}
		if _, err := db.SaveText(ctx, store.Edit{Actor: "x", Period: ks, Version: 1}, "lokaler", "Ny text."); err != nil {
			t.Errorf("after unlocking: %v", err)
		}
	})
}

// TestEditsAreAudited: each change is in the audit log with who, what, old and new, and
// the log cannot be changed, not even with SQL.
func TestEditsAreAudited(t *testing.T) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			url := storetest.URL(t, d)
			db, err := store.Open(ctx, url)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			demoOpen(t, db)
			v := tertial.MustParseDecimal("5.9")
			nv, err := db.SaveIndicatorValue(ctx, store.Edit{Actor: "rapportor", Period: ks, Version: 1}, "resultat-exkl-exploatering", tertial.IndicatorValue{Year: 2021, Value: &v, Kind: tertial.Forecast, Note: "Ny prognos."})
			if err != nil || nv != 2 {
				t.Fatalf("save: %v %d", err, nv)
			}
			log, err := db.AuditLog(ctx, store.AuditFilter{Municipality: "0126", Entity: "indicator_value", Key: "resultat-exkl-exploatering/2021"})
			if err != nil {
				t.Fatal(err)
			}
			got := map[string][2]string{}
			for _, e := range log {
				if e.Actor != "rapportor" || e.At.IsZero() {
					t.Errorf("entry %+v", e)
				}
				got[e.Field] = [2]string{e.Old, e.New}
			}
			if got["value"] != [2]string{"5.6", "5.9"} {
				t.Errorf("value change %v", got["value"])
			}
			if _, ok := got["kind"]; ok {
				t.Error("an unchanged field (kind) was logged")
			}
			if len(got) != 2 || got["note"][1] != "Ny prognos." {
				t.Errorf("changes %v", got)
			}
			// Limit keeps the newest entries, still oldest first.
			all, err := db.AuditLog(ctx, store.AuditFilter{Municipality: "0126"})
			if err != nil || len(all) != 2 || all[0].ID >= all[1].ID {
				t.Fatalf("whole log: %v, %+v", err, all)
			}
			last, err := db.AuditLog(ctx, store.AuditFilter{Municipality: "0126", Limit: 1})
			if err != nil || len(last) != 1 || last[0].ID != all[1].ID {
				t.Errorf("limit 1: %v %+v, want the newest of %+v", err, last, all)
			}
			both, err := db.AuditLog(ctx, store.AuditFilter{Municipality: "0126", Limit: 5})
			if err != nil || len(both) != 2 || both[0].ID != all[0].ID || both[1].ID != all[1].ID {
				t.Errorf("limit 5: %v %+v, want %+v in that order", err, both, all)
			}
			// The database refuses to change or delete the log.
			conn := storetest.Raw(t, url)
			if _, err := conn.Exec(`UPDATE audit_log SET new_value = 'x'`); err == nil {
				t.Error("the audit log could be updated")
			}
			if _, err := conn.Exec(`DELETE FROM audit_log`); err == nil {
				t.Error("the audit log could be deleted")
			}
		})
	}
}

func TestNewFollowupAndValue(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		demoOpen(t, db)
		// The assignment follow-up exists; a goal without follow-up starts from version 0.
		if v, err := db.SaveGoalFollowup(ctx, store.Edit{Actor: "x", Period: ks, Version: 0}, "kf-skattemedel", tertial.GoalFollowup{Assessment: tertial.AssessNone, Analysis: "KF-målets analys."}); err != nil || v != 1 {
			t.Fatalf("new follow-up: %v %d", err, v)
		}
		// A year without a value.
		v := tertial.MustParseDecimal("0.851")
		if nv, err := db.SaveIndicatorValue(ctx, store.Edit{Actor: "x", Period: ks, Version: 0}, "arbetsplatskvot", tertial.IndicatorValue{Year: 2021, Value: &v, Kind: tertial.Preliminary}); err != nil || nv != 1 {
			t.Fatalf("new value: %v %d", err, nv)
		}
		ds, err := db.Dataset(ctx, "0126")
		if err != nil {
			t.Fatal(err)
		}
		for _, ind := range ds.Indicators {
			if ind.ID == "arbetsplatskvot" {
				if got := ind.ValueFor(2021); got == nil || got.Value.String() != "0.851" || got.Kind != tertial.Preliminary {
					t.Errorf("stored value %+v", got)
				}
			}
		}
		if _, err := db.SaveIndicatorValue(ctx, store.Edit{Actor: "x", Period: ks, Version: 0}, "nope", tertial.IndicatorValue{Year: 2021, Value: &v}); tertial.ErrorCode(err) != tertial.ENOTFOUND {
			t.Errorf("unknown indicator: %v", err)
		}
		if _, err := db.SaveMoneyRow(ctx, store.Edit{Actor: "x", Period: ks, Version: 1}, "drift", "kostnader", store.MoneyRowEdit{}); tertial.ErrorCode(err) != tertial.EINVALID {
			t.Errorf("a group has no amounts: %v", err)
		}
	})
}

func TestUsersSessionsTokens(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		demoOpen(t, db)
		if err := db.CreateUser(ctx, "admin", tertial.User{Name: "rapportor", Role: tertial.RoleReporter, Municipality: "0126", Unit: "ks"}, "hash"); err != nil {
			t.Fatal(err)
		}
		if err := db.CreateUser(ctx, "admin", tertial.User{Name: "rapportor", Role: tertial.RoleReader, Municipality: "0126"}, ""); tertial.ErrorCode(err) != tertial.ECONFLICT {
			t.Errorf("duplicate: %v", err)
		}
		if err := db.CreateUser(ctx, "admin", tertial.User{Name: "r2", Role: tertial.RoleReporter}, ""); tertial.ErrorCode(err) != tertial.EINVALID {
			t.Errorf("reporter without unit: %v", err)
		}
		u, hash, err := db.UserWithPassword(ctx, "rapportor")
		if err != nil || hash != "hash" || u.Unit != "ks" || u.Role != tertial.RoleReporter {
			t.Fatalf("user %+v %q %v", u, hash, err)
		}
		now := time.Now()
		if err := db.CreateSession(ctx, "s1", "rapportor", now.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if err := db.CreateSession(ctx, "s2", "rapportor", now.Add(-time.Minute)); err != nil {
			t.Fatal(err)
		}
		if u, err := db.SessionUser(ctx, "s1", 0); err != nil || u.Name != "rapportor" {
			t.Errorf("session: %v %v", u, err)
		}
		if _, err := db.SessionUser(ctx, "s2", 0); tertial.ErrorCode(err) != tertial.EUNAUTHORIZED {
			t.Errorf("expired session: %v", err)
		}
		db.DeleteSession(ctx, "s1")
		if _, err := db.SessionUser(ctx, "s1", 0); tertial.ErrorCode(err) != tertial.EUNAUTHORIZED {
			t.Errorf("ended session: %v", err)
		}
		if err := db.CreateToken(ctx, "admin", "t1", "rapportor", "th"); err != nil {
			t.Fatal(err)
		}
		if u, err := db.TokenUser(ctx, "th"); err != nil || u.Name != "rapportor" {
			t.Errorf("token: %v %v", u, err)
		}
		if err := db.RevokeToken(ctx, "admin", "t1"); err != nil {
			t.Fatal(err)
		}
		if _, err := db.TokenUser(ctx, "th"); tertial.ErrorCode(err) != tertial.EUNAUTHORIZED {
			t.Errorf("revoked token: %v", err)
		}
		if err := db.RevokeToken(ctx, "admin", "t1"); tertial.ErrorCode(err) != tertial.ENOTFOUND {
			t.Errorf("revoking twice: %v", err)
		}
	})
}

// TestLockNeedsApprovedSections: the store refuses to lock while a named section is not
// approved, in the same transaction as the lock.
func TestLockNeedsApprovedSections(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		demoOpen(t, db)
		d := store.Decision{Date: time.Date(2021, 9, 22, 0, 0, 0, 0, time.UTC), Paragraph: "§ 12", Sections: []string{"a", "b"}}
		if _, err := sectionStep(db, store.Edit{Actor: "c", Period: ks, Version: 0}, "a", tertial.StepReady, "", tertial.Gate{}); err != nil {
			t.Fatal(err)
		}
		if _, err := sectionStep(db, store.Edit{Actor: "c", Period: ks, Version: 1}, "a", tertial.StepApprove, "", tertial.Gate{}); err != nil {
			t.Fatal(err)
		}
		if err := db.LockPeriod(ctx, "c", ks, d); tertial.ErrorCode(err) != tertial.ECONFLICT {
			t.Fatalf("lock with b not approved: %v", err)
		}
		if _, err := sectionStep(db, store.Edit{Actor: "c", Period: ks, Version: 0}, "b", tertial.StepReady, "", tertial.Gate{}); err != nil {
			t.Fatal(err)
		}
		if _, err := sectionStep(db, store.Edit{Actor: "c", Period: ks, Version: 1}, "b", tertial.StepApprove, "", tertial.Gate{}); err != nil {
			t.Fatal(err)
		}
		if err := db.LockPeriod(ctx, "c", ks, d); err != nil {
			t.Fatalf("lock with all approved: %v", err)
		}
	})
}

// TestSharedDatasetFollowsChanges: the cached dataset is reused while nothing changes and
// is replaced as soon as anything changes, also when another process (here another
// connection pool on the same database) made the change.
func TestSharedDatasetFollowsChanges(t *testing.T) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			url := storetest.URL(t, d)
			a, err := store.Open(ctx, url)
			if err != nil {
				t.Fatal(err)
			}
			defer a.Close()
			b, err := store.Open(ctx, url)
			if err != nil {
				t.Fatal(err)
			}
			defer b.Close()
			demoOpen(t, a)
			first, err := a.SharedDataset(ctx, "0126")
			if err != nil {
				t.Fatal(err)
			}
			again, _ := a.SharedDataset(ctx, "0126")
			if first != again {
				t.Error("an unchanged dataset was loaded again")
			}
			if _, err := b.SaveText(ctx, store.Edit{Actor: "x", Period: ks, Version: 1}, "lokaler", "Ändrat av en annan process."); err != nil {
				t.Fatal(err)
			}
			fresh, _ := a.SharedDataset(ctx, "0126")
			var body string
			for _, tx := range fresh.Period("ks", "2021-08").Texts {
				if tx.ID == "lokaler" {
					body = tx.Body
				}
			}
			if fresh == first || body != "Ändrat av en annan process." {
				t.Errorf("the change of another process is not seen: %q", body)
			}
			// Delete and import again: never the old copy.
			if err := b.DeleteMunicipality(ctx, "0126"); err != nil {
				t.Fatal(err)
			}
			if _, err := a.SharedDataset(ctx, "0126"); tertial.ErrorCode(err) != tertial.ENOTFOUND {
				t.Errorf("deleted: %v", err)
			}
			ds := load(t, "demo")
			ds.Municipality.Name = "Huddinge kommun, ny import"
			if err := b.ReplaceDataset(ctx, ds); err != nil {
				t.Fatal(err)
			}
			if got, _ := a.SharedDataset(ctx, "0126"); got.Municipality.Name != "Huddinge kommun, ny import" {
				t.Errorf("after delete and import: %q", got.Municipality.Name)
			}
		})
	}
}

// TestConcurrentSavesOneWins: many saves of the same item from the same version at the
// same moment: exactly one is accepted, the others are refused as stale, and the audit log
// holds exactly one change. Also for an item that does not exist yet (concurrent inserts).
func TestConcurrentSavesOneWins(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		demoOpen(t, db)
		for _, c := range []struct {
			name    string
			key     string
			version int
			save    func(i int) error
		}{
			{"update", "lokaler", 1, func(i int) error {
				_, err := db.SaveText(ctx, store.Edit{Actor: "u", Period: ks, Version: 1}, "lokaler", "Text nummer "+strconv.Itoa(i))
				return err
			}},
			{"insert", "arbetsplatskvot/2021", 0, func(i int) error {
				v := tertial.NewDecimal(int64(800+i), 3)
				_, err := db.SaveIndicatorValue(ctx, store.Edit{Actor: "u", Period: ks, Version: 0}, "arbetsplatskvot", tertial.IndicatorValue{Year: 2021, Value: &v})
				return err
			}},
		} {
			const n = 12
			errs := make(chan error, n)
			var wg sync.WaitGroup
			for i := range n {
				wg.Add(1)
				go func() { defer wg.Done(); errs <- c.save(i) }()
			}
			wg.Wait()
			close(errs)
			ok, stale := 0, 0
			for err := range errs {
				switch tertial.ErrorCode(err) {
				case "":
					ok++
				case tertial.ECONFLICT:
					stale++
				default:
					t.Errorf("%s: %v", c.name, err)
				}
			}
			if ok != 1 || stale != n-1 {
				t.Errorf("%s: %d accepted and %d refused, want 1 and %d", c.name, ok, stale, n-1)
			}
		}
		log, err := db.AuditLog(ctx, store.AuditFilter{Entity: "text", Key: "ks/2021-08/lokaler"})
		if err != nil || len(log) != 1 {
			t.Errorf("audit entries for the text: %d, want 1 (%v)", len(log), err)
		}
	})
}

// TestReimportMovesVersionsOn: a form opened before the dataset is imported again and
// saved after it meets a newer version and is refused, instead of overwriting what the
// import brought (the import would otherwise start every version at 1 again).
func TestReimportMovesVersionsOn(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		demoOpen(t, db)
		opened := goalFollowup(t, db, "nm-skattemedel") // a form is opened
		if opened.Version == 0 {
			t.Fatal("the demo has no follow-up of nm-skattemedel")
		}
		demoOpen(t, db) // the administrator imports the dataset again
		if _, err := db.SaveGoalFollowup(ctx, store.Edit{Actor: "bengt", Period: ks, Version: opened.Version}, "nm-skattemedel", tertial.GoalFollowup{Assessment: tertial.AssessPartly, Analysis: "Från ett gammalt formulär."}); tertial.ErrorCode(err) != tertial.ECONFLICT {
			t.Errorf("a save from before the import: %v, want a conflict", err)
		}
		after := goalFollowup(t, db, "nm-skattemedel")
		if after.Version <= opened.Version {
			t.Errorf("version after the import %d, not beyond %d", after.Version, opened.Version)
		}
		if _, err := db.SaveGoalFollowup(ctx, store.Edit{Actor: "bengt", Period: ks, Version: after.Version}, "nm-skattemedel", tertial.GoalFollowup{Assessment: tertial.AssessPartly, Analysis: "Efter importen."}); err != nil {
			t.Errorf("a save from the current version: %v", err)
		}
	})
}

// TestDeleteThenImportMovesVersionsOn: the same when the municipality is deleted and then
// imported again, which leaves no rows to count versions from.
func TestDeleteThenImportMovesVersionsOn(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		demoOpen(t, db)
		opened := goalFollowup(t, db, "nm-skattemedel")
		if err := db.DeleteMunicipality(ctx, "0126"); err != nil {
			t.Fatal(err)
		}
		demoOpen(t, db)
		if _, err := db.SaveGoalFollowup(ctx, store.Edit{Actor: "bengt", Period: ks, Version: opened.Version}, "nm-skattemedel", tertial.GoalFollowup{Assessment: tertial.AssessPartly, Analysis: "Från före raderingen."}); tertial.ErrorCode(err) != tertial.ECONFLICT {
			t.Errorf("a save from before the municipality was deleted: %v, want a conflict", err)
		}
	})
}

// TestStoreEnforcesTheRules: every save checks the rule set of its item before it writes,
// whichever door it came through, and a refused save changes nothing, not even the audit
// log.
func TestStoreEnforcesTheRules(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		demoOpen(t, db)
		v := tertial.MustParseDecimal("4.5")
		hundredOne := 101
		amount := tertial.Amount(100)
		edit := store.Edit{Actor: "x", Period: ks}
		before, err := db.AuditLog(ctx, store.AuditFilter{Municipality: "0126"})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			name  string
			save  func() (int, error)
			field string
		}{
			{"a note alone", func() (int, error) {
				return db.SaveIndicatorValue(ctx, edit, "arbetsplatskvot", tertial.IndicatorValue{Year: 2021, Note: "Kommer."})
			}, "value"},
			{"unknown missing reason", func() (int, error) {
				return db.SaveIndicatorValue(ctx, edit, "arbetsplatskvot", tertial.IndicatorValue{Year: 2021, Missing: "bogus"})
			}, "missing"},
			{"NUL in a note", func() (int, error) {
				return db.SaveIndicatorValue(ctx, edit, "arbetsplatskvot", tertial.IndicatorValue{Year: 2021, Value: &v, Note: "\x00"})
			}, "note"},
			{"unknown assessment", func() (int, error) {
				return db.SaveGoalFollowup(ctx, edit, "kf-skattemedel", tertial.GoalFollowup{Assessment: "bogus"})
			}, "assessment"},
			{"progress 101", func() (int, error) {
				return db.SaveStatus(ctx, store.Edit{Actor: "x", Period: ks, Version: 1}, tertial.StatusItem{Kind: tertial.KindAssignment, ID: "se-over-ekonomimodell"},
					tertial.StatusFollowup{Progress: &hundredOne})
			}, "progress"},
			{"empty text", func() (int, error) {
				return db.SaveText(ctx, store.Edit{Actor: "x", Period: ks, Version: 1}, "lokaler", " ")
			}, "body"},
			{"amount in a column the table lacks", func() (int, error) {
				return db.SaveMoneyRow(ctx, store.Edit{Actor: "x", Period: ks, Version: 1}, "investeringar", "it-utbyte-uppgradering",
					store.MoneyRowEdit{Amounts: map[tertial.MoneyColumn]*tertial.Amount{tertial.ColPriorOutcome: &amount}})
			}, "prior_outcome"},
			{"a computed cell", func() (int, error) {
				return db.SaveFreeRow(ctx, store.Edit{Actor: "x", Period: ks, Version: 1}, "statsbidrag", "msb",
					map[string]tertial.Cell{"netto": {Amount: 5}})
			}, "cells.netto"},
			{"a section's comment with an escape", func() (int, error) {
				return sectionStep(db, edit, "avsnitt-sammanfattning", tertial.StepReady, "\x1b", tertial.Gate{})
			}, "comment"},
		} {
			_, err := c.save()
			ps := tertial.ProblemsOf(err)
			if tertial.ErrorCode(err) != tertial.EINVALID || len(ps) == 0 || ps[0].Path != c.field {
				t.Errorf("%s: %v, problems %+v; want EINVALID at %s", c.name, err, ps, c.field)
			}
		}
		after, err := db.AuditLog(ctx, store.AuditFilter{Municipality: "0126"})
		if err != nil {
			t.Fatal(err)
		}
		if len(after) != len(before) {
			t.Errorf("refused saves wrote %d audit entries", len(after)-len(before))
		}
	})
}

// TestSaveWithoutChangeMovesTheCache: a save that changes no value still moves the item's
// version on, and the shared dataset must show the new version, or the next form opened
// from it would meet a conflict with itself.
func TestSaveWithoutChangeMovesTheCache(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		demoOpen(t, db)
		version := func() int {
			ds, err := db.SharedDataset(ctx, "0126")
			if err != nil {
				t.Fatal(err)
			}
			for _, x := range ds.Period("ks", "2021-08").Texts {
				if x.ID == "lokaler" {
					return x.Version
				}
			}
			t.Fatal("no text lokaler")
			return 0
		}
		v := version()
		for range 2 {
			nv, err := db.SaveText(ctx, store.Edit{Actor: "x", Period: ks, Version: v}, "lokaler", "Samma text.")
			if err != nil {
				t.Fatal(err)
			}
			if got := version(); got != nv {
				t.Fatalf("the shared dataset shows version %d after a save gave %d", got, nv)
			}
			v = nv
		}
	})
}

// TestStoreEnforcesTheScales: a municipality with a goal scale of five levels and a status
// scale of its own saves its own levels, and the store refuses the default scale's levels
// it does not have, with a message that lists the levels it has.
func TestStoreEnforcesTheScales(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ds := load(t, "demo")
		ds.Period("ks", "2021-08").State = tertial.PeriodOpen
		storetest.OwnScales(ds)
		if err := db.ReplaceDataset(ctx, ds); err != nil {
			t.Fatal(err)
		}
		edit := store.Edit{Actor: "x", Period: ks}
		// Every level of the five is saved.
		version := goalFollowup(t, db, "nm-skattemedel").Version
		for _, l := range storetest.FiveLevels {
			v, err := db.SaveGoalFollowup(ctx, store.Edit{Actor: "x", Period: ks, Version: version}, "nm-skattemedel", tertial.GoalFollowup{Assessment: tertial.Assessment(l.ID)})
			if err != nil {
				t.Fatalf("%s: %v", l.ID, err)
			}
			if got := goalFollowup(t, db, "nm-skattemedel"); string(got.Assessment) != l.ID {
				t.Errorf("saved %s, stored %q", l.ID, got.Assessment)
			}
			version = v
		}
		for _, c := range []struct {
			name, want string
			save       func() (int, error)
		}{
			{"a default level the scale lacks", `okänd bedömning "partly": ska vara en av helt, i_huvudsak, delvis, inte, kan_inte`, func() (int, error) {
				return db.SaveGoalFollowup(ctx, store.Edit{Actor: "x", Period: ks, Version: version}, "nm-skattemedel", tertial.GoalFollowup{Assessment: tertial.AssessPartly})
			}},
			{"a status the scale lacks", `status "started" finns inte i kommunens statusskala: ska vara en av done, on_track, will_complete, likely_complete, not_complete`, func() (int, error) {
				return db.SaveStatus(ctx, edit, tertial.StatusItem{Kind: tertial.KindAssignment, ID: "ekonomimodell"}, tertial.StatusFollowup{Status: tertial.StatusStarted})
			}},
			{"an internal-control status the scale lacks", `status "cancelled" finns inte`, func() (int, error) {
				return db.SaveStatus(ctx, edit, tertial.StatusItem{Kind: tertial.KindControl, ID: controlItem(t, ds)}, tertial.StatusFollowup{Status: tertial.StatusCancelled})
			}},
		} {
			_, err := c.save()
			ps := tertial.ProblemsOf(err)
			if tertial.ErrorCode(err) != tertial.EINVALID || len(ps) != 1 || !strings.Contains(ps[0].Message, c.want) {
				t.Errorf("%s: %v, problems %+v; want EINVALID saying %s", c.name, err, ps, c.want)
			}
		}
		if got := goalFollowup(t, db, "nm-skattemedel"); got.Assessment != "kan_inte" || got.Version != version {
			t.Errorf("a refused save changed the follow-up: %+v", got)
		}
		// A status of the scale is saved, on an assignment and on an internal-control item.
		if _, err := db.SaveStatus(ctx, store.Edit{Actor: "x", Period: ks, Version: statusVersion(t, db, "ekonomimodell")}, tertial.StatusItem{Kind: tertial.KindAssignment, ID: "ekonomimodell"},
			tertial.StatusFollowup{Status: tertial.StatusOnTrack}); err != nil {
			t.Errorf("a status of the scale: %v", err)
		}
	})
}

// controlItem is the ID of an internal-control item of the demo's KS.
func controlItem(t *testing.T, ds *tertial.Dataset) string {
	t.Helper()
	for _, c := range ds.Controls {
		if c.Unit == "ks" {
			return c.ID
		}
	}
	t.Fatal("the demo has no control of ks")
	return ""
}

// statusVersion is the version of an assignment's follow-up in ks's period 2021-08.
func statusVersion(t *testing.T, db *store.DB, id string) int {
	t.Helper()
	ds, err := db.Dataset(ctx, "0126")
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range ds.Assignments {
		if a.ID != id {
			continue
		}
		for _, f := range a.Followups {
			if f.Period == "2021-08" && (f.Unit == "" || f.Unit == "ks") {
				return f.Version
			}
		}
	}
	return 0
}
