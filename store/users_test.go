package store_test

import (
	"database/sql"
	"strings"
	"testing"
	"time"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

// twoMunicipalities stores the demo (Huddinge, 0126) and Ekby (9901); both have a unit kf.
func twoMunicipalities(t *testing.T, db *store.DB) {
	t.Helper()
	demoOpen(t, db)
	if err := db.ReplaceDataset(ctx, load(t, "ekby.yaml")); err != nil {
		t.Fatal(err)
	}
}

// TestCreateUserMunicipality: the store refuses an account without a municipality unless
// it is a system administrator, and a municipality or unit that does not exist (issue 12,
// F4: an account without one could edit every municipality).
func TestCreateUserMunicipality(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		twoMunicipalities(t, db)
		for _, c := range []struct {
			u    tertial.User
			code string
		}{
			{tertial.User{Name: "kf-rapportor", Role: tertial.RoleReporter, Unit: "kf"}, tertial.EINVALID},
			{tertial.User{Name: "ctl", Role: tertial.RoleController}, tertial.EINVALID},
			{tertial.User{Name: "las", Role: tertial.RoleReader}, tertial.EINVALID},
			{tertial.User{Name: "x", Role: tertial.RoleReader, Municipality: "0999"}, tertial.EINVALID},
			{tertial.User{Name: "y", Role: tertial.RoleReporter, Municipality: "9901", Unit: "ks"}, tertial.EINVALID}, // ks is Huddinge's
			{tertial.User{Name: "root", Role: tertial.RoleAdmin}, ""},
			{tertial.User{Name: "ekby-kf", Role: tertial.RoleReporter, Municipality: "9901", Unit: "kf"}, ""},
		} {
			if err := db.CreateUser(ctx, "admin", c.u, ""); tertial.ErrorCode(err) != c.code {
				t.Errorf("CreateUser(%+v) = %v, want %q", c.u, err, c.code)
			}
		}
		users, err := db.Users(ctx)
		if err != nil || len(users) != 2 {
			t.Fatalf("users: %+v %v, want root and ekby-kf", users, err)
		}
	})
}

func auditOf(t *testing.T, db *store.DB, user string) []string {
	t.Helper()
	entries, err := db.AuditLog(ctx, store.AuditFilter{Entity: "user", Key: user})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Actor+" "+e.Field+": "+e.Old+" → "+e.New)
	}
	return out
}

// TestAccountAdministration: an account is turned off and on, its role and password
// changed and its sessions ended, each change in the audit log with who, what, before and
// after. A disabled account's sessions and tokens resolve to nothing at once, and it gets
// no new session (issue 12, F13).
func TestAccountAdministration(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		demoOpen(t, db)
		if err := db.CreateUser(ctx, "admin", tertial.User{Name: "anna", Role: tertial.RoleReporter, Municipality: "0126", Unit: "ks"}, "hash1"); err != nil {
			t.Fatal(err)
		}
		later := time.Now().Add(time.Hour)
		for _, s := range []string{"s1", "s2"} {
			if err := db.CreateSession(ctx, s, "anna", later); err != nil {
				t.Fatal(err)
			}
		}
		if err := db.CreateToken(ctx, "admin", "t1", "anna", "th"); err != nil {
			t.Fatal(err)
		}

		if err := db.SetUserDisabled(ctx, "admin", "anna", true); err != nil {
			t.Fatal(err)
		}
		if _, err := db.SessionUser(ctx, "s1", 0); tertial.ErrorCode(err) != tertial.EUNAUTHORIZED {
			t.Errorf("session of a disabled account: %v", err)
		}
		if _, err := db.TokenUser(ctx, "th"); tertial.ErrorCode(err) != tertial.EUNAUTHORIZED {
			t.Errorf("token of a disabled account: %v", err)
		}
		if err := db.CreateSession(ctx, "s3", "anna", later); tertial.ErrorCode(err) != tertial.EUNAUTHORIZED {
			t.Errorf("new session of a disabled account: %v", err)
		}
		if u, _, err := db.UserWithPassword(ctx, "anna"); err != nil || !u.Disabled {
			t.Errorf("UserWithPassword must say the account is off: %+v %v", u, err)
		}
		if err := db.SetUserDisabled(ctx, "admin", "anna", true); tertial.ErrorCode(err) != tertial.ECONFLICT {
			t.Errorf("disabling twice: %v", err)
		}
		if err := db.SetUserDisabled(ctx, "admin", "anna", false); err != nil {
			t.Fatal(err)
		}
		if _, err := db.SessionUser(ctx, "s1", 0); tertial.ErrorCode(err) != tertial.EUNAUTHORIZED {
			t.Errorf("a session ended by disabling came back when the account was turned on: %v", err)
		}
		if u, err := db.TokenUser(ctx, "th"); err != nil || u.Name != "anna" {
			t.Errorf("the unrevoked token works again: %v %v", u, err)
		}

		if err := db.SetUserRole(ctx, "admin", tertial.User{Name: "anna", Role: tertial.RoleController, Municipality: "0126"}); err != nil {
			t.Fatal(err)
		}
		if u, err := db.TokenUser(ctx, "th"); err != nil || u.Role != tertial.RoleController || u.Unit != "" {
			t.Errorf("the new role does not show at once: %+v %v", u, err)
		}
		for _, bad := range []tertial.User{
			{Name: "anna", Role: tertial.RoleReader},                                      // no municipality
			{Name: "anna", Role: tertial.RoleReporter, Municipality: "0126"},              // no unit
			{Name: "anna", Role: tertial.RoleReporter, Municipality: "0126", Unit: "nix"}, // no such unit
			{Name: "anna", Role: "boss", Municipality: "0126"},
		} {
			if err := db.SetUserRole(ctx, "admin", bad); tertial.ErrorCode(err) != tertial.EINVALID {
				t.Errorf("SetUserRole(%+v) = %v, want EINVALID", bad, err)
			}
		}
		if err := db.SetUserRole(ctx, "admin", tertial.User{Name: "nobody", Role: tertial.RoleReader, Municipality: "0126"}); tertial.ErrorCode(err) != tertial.ENOTFOUND {
			t.Errorf("unknown account: %v", err)
		}

		if err := db.CreateSession(ctx, "s4", "anna", later); err != nil {
			t.Fatal(err)
		}
		if err := db.SetPassword(ctx, "admin", "anna", "hash2"); err != nil {
			t.Fatal(err)
		}
		if _, hash, _ := db.UserWithPassword(ctx, "anna"); hash != "hash2" {
			t.Errorf("hash after SetPassword: %q", hash)
		}
		if _, err := db.SessionUser(ctx, "s4", 0); tertial.ErrorCode(err) != tertial.EUNAUTHORIZED {
			t.Errorf("a session signed in with the old password survived the change: %v", err)
		}

		for _, s := range []string{"s5", "s6"} {
			if err := db.CreateSession(ctx, s, "anna", later); err != nil {
				t.Fatal(err)
			}
		}
		if n, err := db.EndSessions(ctx, "admin", "anna"); err != nil || n != 2 {
			t.Errorf("EndSessions = %d, %v; want 2", n, err)
		}
		if _, err := db.SessionUser(ctx, "s5", 0); tertial.ErrorCode(err) != tertial.EUNAUTHORIZED {
			t.Errorf("ended session: %v", err)
		}

		want := []string{
			"admin role:  → reporter", "admin municipality:  → 0126", "admin unit:  → ks",
			"admin disabled: false → true", "admin sessions: 2 → 0",
			"admin disabled: true → false",
			"admin role: reporter → controller", "admin unit: ks → ",
			"admin password:  → ändrat", "admin sessions: 1 → 0",
			"admin sessions: 2 → 0 (avslutade)",
		}
		if got := auditOf(t, db, "anna"); strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("audit log:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		for _, e := range auditOf(t, db, "anna") {
			if strings.Contains(e, "hash") {
				t.Errorf("a password hash is in the audit log: %s", e)
			}
		}
	})
}

// TestMigrationAccountMunicipality: migration 0013 mends the accounts that an earlier
// Tertial stored without a municipality: a unit that one municipality has gives its
// municipality; the only municipality of the database is given to an account without a
// unit; any other such account is turned off and signed out; a system administrator
// stays one. Every change is in the audit log, and afterwards the database itself refuses
// such an account.
func TestMigrationAccountMunicipality(t *testing.T) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			for _, two := range []bool{true, false} {
				u := storetest.URL(t, d)
				db, err := store.Open(ctx, u)
				if err != nil {
					t.Fatal(err)
				}
				demoOpen(t, db)
				if two {
					if err := db.ReplaceDataset(ctx, load(t, "ekby.yaml")); err != nil {
						t.Fatal(err)
					}
				}
				db.Close()

				// The database as an earlier Tertial left it: no guard, migration 0013 not
				// run, accounts without a municipality.
				raw := storetest.Raw(t, u)
				undo := []string{`DROP TRIGGER users_municipality_insert`, `DROP TRIGGER users_municipality_update`}
				if d == store.Postgres {
					undo = []string{`ALTER TABLE users DROP CONSTRAINT users_municipality`}
				}
				undo = append(undo, `DELETE FROM schema_migrations WHERE name = '0013_account_municipality.sql'`)
				for _, q := range undo {
					mustExec(t, raw, q)
				}
				for _, row := range []string{
					`('anna', 'reporter', NULL, 'ks')`,    // ks: Huddinge's only
					`('kf-ctl', 'controller', '', 'kf')`,  // kf: both municipalities' when two
					`('lasse', 'reader', NULL, NULL)`,     // no unit
					`('root', 'admin', NULL, 'ks')`,       // a system administrator
					`('bo', 'reporter', '0126', 'ks')`,    // already right
					`('stig', 'controller', NULL, 'nix')`, // a unit nobody has
				} {
					mustExec(t, raw, `INSERT INTO users (name, role, muni, unit_id, created_at) VALUES `+row[:len(row)-1]+`, '2026-01-01T00:00:00Z')`)
				}
				mustExec(t, raw, `INSERT INTO sessions (token_hash, user_name, created_at, expires_at) VALUES ('s-kf', 'kf-ctl', '2026-01-01T00:00:00Z', '2999-01-01T00:00:00Z')`)

				db, err = store.Open(ctx, u)
				if err != nil {
					t.Fatalf("migrate: %v", err)
				}
				defer db.Close()
				users, err := db.Users(ctx)
				if err != nil {
					t.Fatal(err)
				}
				got := map[string]string{}
				for _, u := range users {
					got[u.Name] = u.Municipality + "/" + u.Unit + "/" + map[bool]string{true: "av", false: "på"}[u.Disabled]
				}
				want := map[string]string{
					"anna": "0126/ks/på", "root": "//på", "bo": "0126/ks/på", "stig": "/nix/av",
					"kf-ctl": "0126/kf/på", "lasse": "0126//på",
				}
				if two {
					want["kf-ctl"], want["lasse"] = "/kf/av", "//av"
				}
				for name, w := range want {
					if got[name] != w {
						t.Errorf("two municipalities %v: %s is %q, want %q", two, name, got[name], w)
					}
				}
				if _, err := db.SessionUser(ctx, "s-kf", 0); two && tertial.ErrorCode(err) != tertial.EUNAUTHORIZED {
					t.Errorf("the session of an account turned off by the migration: %v", err)
				}
				log := strings.Join(auditOf(t, db, "kf-ctl"), "\n") + "|" + strings.Join(auditOf(t, db, "anna"), "\n") + "|" + strings.Join(auditOf(t, db, "root"), "\n")
				wantLog := "migrering municipality:  → 0126|migrering municipality:  → 0126|migrering unit: ks → "
				if two {
					wantLog = "migrering disabled: false → true|migrering municipality:  → 0126|migrering unit: ks → "
				}
				if log != wantLog {
					t.Errorf("two municipalities %v: audit log\n%s\nwant\n%s", two, log, wantLog)
				}
				if _, err := raw.Exec(`INSERT INTO users (name, role, created_at) VALUES ('eve', 'controller', '2026-01-01T00:00:00Z')`); err == nil {
					t.Error("after the migration the database accepts a controller without a municipality")
				}
				if _, err := raw.Exec(`UPDATE users SET muni = NULL WHERE name = 'bo'`); err == nil {
					t.Error("after the migration the database lets an account lose its municipality")
				}
			}
		})
	}
}

func mustExec(t *testing.T, conn *sql.DB, q string) {
	t.Helper()
	if _, err := conn.Exec(q); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}
