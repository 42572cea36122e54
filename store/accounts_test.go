package store_test

import (
	"strings"
	"testing"
	"time"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

// problemAt returns the message of err's problem at path, or "".
func problemAt(err error, path string) string {
	for _, p := range tertial.ProblemsOf(err) {
		if p.Path == path {
			return p.Message
		}
	}
	return ""
}

// TestLastAdministrator: the last enabled system administrator can be neither turned off
// nor given another role or a municipality, while another system administrator exists it
// can; in a database without a system administrator the same holds for the last
// administrator of any kind. The refusal names the field and changes nothing.
func TestLastAdministrator(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		demoOpen(t, db)
		for _, u := range []tertial.User{
			{Name: "root", Role: tertial.RoleAdmin},
			{Name: "kadmin", Role: tertial.RoleAdmin, Municipality: "0126"},
		} {
			if err := db.CreateUser(ctx, "test", u, ""); err != nil {
				t.Fatal(err)
			}
		}
		err := db.SetUserDisabled(ctx, "root", "root", true)
		if tertial.ErrorCode(err) != tertial.EINVALID || !strings.Contains(problemAt(err, "disabled"), "sista") {
			t.Errorf("disabling the last system administrator: %v", err)
		}
		err = db.SetUserRole(ctx, "root", tertial.User{Name: "root", Role: tertial.RoleController, Municipality: "0126"})
		if tertial.ErrorCode(err) != tertial.EINVALID || !strings.Contains(problemAt(err, "role"), "sista") {
			t.Errorf("demoting the last system administrator: %v", err)
		}
		// Moving it into a municipality takes away the only one who manages them all.
		err = db.SetUserRole(ctx, "root", tertial.User{Name: "root", Role: tertial.RoleAdmin, Municipality: "0126"})
		if problemAt(err, "role") == "" {
			t.Errorf("moving the last system administrator into a municipality: %v", err)
		}
		if a, err := db.Account(ctx, "root"); err != nil || a.Disabled || !a.SystemAdmin() {
			t.Fatalf("root changed: %+v %v", a, err)
		}
		// A municipality's administrator may go while a system administrator is left.
		if err := db.SetUserRole(ctx, "root", tertial.User{Name: "kadmin", Role: tertial.RoleReader, Municipality: "0126"}); err != nil {
			t.Errorf("demoting a municipality's admin beside a system administrator: %v", err)
		}
		// With a second system administrator the first may go.
		if err := db.CreateUser(ctx, "root", tertial.User{Name: "root2", Role: tertial.RoleAdmin}, ""); err != nil {
			t.Fatal(err)
		}
		if err := db.SetUserDisabled(ctx, "root2", "root", true); err != nil {
			t.Errorf("disabling one of two system administrators: %v", err)
		}
		if err := db.SetUserDisabled(ctx, "root2", "root2", true); problemAt(err, "disabled") == "" {
			t.Errorf("disabling the other, now last: %v", err)
		}
	})
}

// TestLastAdministratorWithoutSystemAdministrator: in a database whose administrators all
// belong to a municipality, the last of them cannot be turned off or demoted.
func TestLastAdministratorWithoutSystemAdministrator(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		demoOpen(t, db)
		if err := db.CreateUser(ctx, "test", tertial.User{Name: "kadmin", Role: tertial.RoleAdmin, Municipality: "0126"}, ""); err != nil {
			t.Fatal(err)
		}
		if err := db.SetUserDisabled(ctx, "test", "kadmin", true); problemAt(err, "disabled") == "" {
			t.Errorf("disabling the last admin: %v", err)
		}
		if err := db.SetUserRole(ctx, "test", tertial.User{Name: "kadmin", Role: tertial.RoleController, Municipality: "0126"}); problemAt(err, "role") == "" {
			t.Errorf("demoting the last admin: %v", err)
		}
	})
}

// TestAccountsAndTokens: Accounts lists a municipality's accounts (every account for ""),
// each with its single-sign-on subject, last sign-in and tokens, revoked ones with the
// time; Token finds a token's account.
func TestAccountsAndTokens(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		twoMunicipalities(t, db)
		for _, u := range []tertial.User{
			{Name: "root", Role: tertial.RoleAdmin},
			{Name: "anna", Role: tertial.RoleReader, Municipality: "0126"},
			{Name: "erik", Role: tertial.RoleReader, Municipality: "9901"},
		} {
			if err := db.CreateUser(ctx, "test", u, "h"); err != nil {
				t.Fatal(err)
			}
		}
		if err := db.LinkSubject(ctx, "root", "anna", "sub-anna"); err != nil {
			t.Fatal(err)
		}
		if err := db.CreateSession(ctx, "s1", "anna", time.Now().Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		for _, id := range []string{"t-1", "t-2"} {
			if err := db.CreateToken(ctx, "root", id, "anna", "hash-"+id); err != nil {
				t.Fatal(err)
			}
		}
		if err := db.CreateToken(ctx, "root", "t-3", "erik", "hash-t-3"); err != nil {
			t.Fatal(err)
		}
		if err := db.RevokeToken(ctx, "root", "t-1"); err != nil {
			t.Fatal(err)
		}
		huddinge, err := db.Accounts(ctx, "0126")
		if err != nil {
			t.Fatal(err)
		}
		if len(huddinge) != 1 || huddinge[0].Name != "anna" {
			t.Fatalf("0126's accounts: %+v", huddinge)
		}
		anna := huddinge[0]
		if anna.Subject != "sub-anna" || anna.LastSignIn.IsZero() || len(anna.Tokens) != 2 {
			t.Errorf("anna: subject %q, last sign-in %v, tokens %+v", anna.Subject, anna.LastSignIn, anna.Tokens)
		} else if anna.Tokens[0].ID != "t-1" || anna.Tokens[0].Revoked.IsZero() || !anna.Tokens[1].Revoked.IsZero() {
			t.Errorf("anna's tokens: %+v", anna.Tokens)
		}
		all, err := db.Accounts(ctx, "")
		if err != nil || len(all) != 3 {
			t.Fatalf("all accounts: %+v %v", all, err)
		}
		if all[2].Name != "root" || !all[2].LastSignIn.IsZero() || len(all[2].Tokens) != 0 {
			t.Errorf("root: %+v", all[2])
		}
		if tok, err := db.Token(ctx, "t-3"); err != nil || tok.User != "erik" {
			t.Errorf("token t-3: %+v %v", tok, err)
		}
		if _, err := db.Token(ctx, "t-9"); tertial.ErrorCode(err) != tertial.ENOTFOUND {
			t.Errorf("no such token: %v", err)
		}
		// The token's audit entries are in its account's municipality.
		entries, err := db.AuditLog(ctx, store.AuditFilter{Municipality: "9901", Entity: "api_token"})
		if err != nil || len(entries) != 1 || entries[0].Key != "t-3" {
			t.Errorf("9901's token audit: %+v %v", entries, err)
		}
	})
}

// TestCreateFirstAdmin: the first account of an empty database is a system
// administrator, made once: a second call, or one for any other kind of account, is
// refused.
func TestCreateFirstAdmin(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		if has, err := db.HasAccounts(ctx); err != nil || has {
			t.Fatalf("empty database has accounts: %v %v", has, err)
		}
		if err := db.CreateFirstAdmin(ctx, tertial.User{Name: "anna", Role: tertial.RoleReader, Municipality: "0126"}, "h"); tertial.ErrorCode(err) != tertial.EINVALID {
			t.Errorf("a reader as the first account: %v", err)
		}
		if err := db.CreateFirstAdmin(ctx, tertial.User{Name: "root", Role: tertial.RoleAdmin}, "h"); err != nil {
			t.Fatal(err)
		}
		if err := db.CreateFirstAdmin(ctx, tertial.User{Name: "other", Role: tertial.RoleAdmin}, "h"); tertial.ErrorCode(err) != tertial.ECONFLICT {
			t.Errorf("a second first admin: %v", err)
		}
		if has, err := db.HasAccounts(ctx); err != nil || !has {
			t.Errorf("after the first admin: %v %v", has, err)
		}
		if got := auditOf(t, db, "root"); len(got) == 0 || !strings.HasPrefix(got[0], "root role:  → admin") {
			t.Errorf("audit: %v", got)
		}
	})
}

// minimalDataset is a municipality with one unit: what the first-run form creates.
func minimalDataset(code string) *tertial.Dataset {
	return &tertial.Dataset{
		Municipality: tertial.Municipality{Name: "Nyby kommun", Code: code, County: "Nyby län", CountyCode: "99"},
		Units:        []tertial.Unit{{ID: "kf", Name: "Kommunfullmäktige", Kind: tertial.UnitCouncil}},
	}
}

// TestCreateMunicipality: a new municipality is stored and audited; one that breaks the
// dataset's rules is refused with each problem at its field, one whose code is taken is
// refused without replacing it.
func TestCreateMunicipality(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		demoOpen(t, db)
		bad := minimalDataset("12a")
		bad.Units[0].Kind = "kommun"
		bad.Municipality.County = ""
		err := db.CreateMunicipality(ctx, "root", bad)
		for _, path := range []string{"municipality.code", "municipality.county", "units[0].kind"} {
			if problemAt(err, path) == "" {
				t.Errorf("no problem at %s: %v", path, err)
			}
		}
		noUnit := minimalDataset("9950")
		noUnit.Units = nil
		if err := db.CreateMunicipality(ctx, "root", noUnit); problemAt(err, "units") == "" {
			t.Errorf("a municipality without a unit: %v", err)
		}
		taken := minimalDataset("0126")
		if err := db.CreateMunicipality(ctx, "root", taken); tertial.ErrorCode(err) != tertial.ECONFLICT || problemAt(err, "municipality.code") == "" {
			t.Errorf("a taken code: %v", err)
		}
		if ds, err := db.Dataset(ctx, "0126"); err != nil || ds.Municipality.Name == "Nyby kommun" {
			t.Errorf("the demo was replaced: %v", err)
		}
		if err := db.CreateMunicipality(ctx, "root", minimalDataset("9950")); err != nil {
			t.Fatal(err)
		}
		ds, err := db.Dataset(ctx, "9950")
		if err != nil || ds.Municipality.Name != "Nyby kommun" || len(ds.Units) != 1 || ds.Units[0].Kind != tertial.UnitCouncil {
			t.Fatalf("stored: %+v %v", ds, err)
		}
		entries, err := db.AuditLog(ctx, store.AuditFilter{Municipality: "9950", Entity: "municipality"})
		if err != nil || len(entries) == 0 || entries[0].Actor != "root" {
			t.Errorf("audit: %+v %v", entries, err)
		}
	})
}
