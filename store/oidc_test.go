package store_test

import (
	"strings"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

// TestLinkSubject: a single-sign-on subject is linked to one account, found again by
// UserBySubject, moved and removed, every change in the audit log; a subject already
// linked to another account and an unknown account are refused.
func TestLinkSubject(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		demoOpen(t, db)
		for _, u := range []tertial.User{{Name: "anna", Role: tertial.RoleReader, Municipality: "0126"}, {Name: "bertil", Role: tertial.RoleController, Municipality: "0126"}} {
			if err := db.CreateUser(ctx, "admin", u, ""); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := db.UserBySubject(ctx, "4f1c-aa"); tertial.ErrorCode(err) != tertial.ENOTFOUND {
			t.Fatalf("unlinked subject: %v, want ENOTFOUND", err)
		}
		if err := db.LinkSubject(ctx, "admin", "anna", "4f1c-aa"); err != nil {
			t.Fatal(err)
		}
		u, err := db.UserBySubject(ctx, "4f1c-aa")
		if err != nil || u.Name != "anna" || u.Role != tertial.RoleReader {
			t.Fatalf("UserBySubject = %+v, %v; want anna", u, err)
		}
		// Linking the same subject again changes nothing and logs nothing.
		if err := db.LinkSubject(ctx, "admin", "anna", "4f1c-aa"); err != nil {
			t.Fatal(err)
		}
		if err := db.LinkSubject(ctx, "admin", "bertil", "4f1c-aa"); tertial.ErrorCode(err) != tertial.ECONFLICT || !strings.Contains(err.Error(), "anna") {
			t.Errorf("subject of another account: %v, want ECONFLICT naming anna", err)
		}
		if err := db.LinkSubject(ctx, "admin", "cecilia", "77"); tertial.ErrorCode(err) != tertial.ENOTFOUND {
			t.Errorf("unknown account: %v, want ENOTFOUND", err)
		}
		for _, bad := range []string{" 4f1c", "a\nb", strings.Repeat("x", 256)} {
			if err := db.LinkSubject(ctx, "admin", "bertil", bad); tertial.ErrorCode(err) != tertial.EINVALID {
				t.Errorf("subject %q: %v, want EINVALID", bad, err)
			}
		}
		// A new subject replaces the old one; "" removes it.
		if err := db.LinkSubject(ctx, "admin", "anna", "9e2d-bb"); err != nil {
			t.Fatal(err)
		}
		if _, err := db.UserBySubject(ctx, "4f1c-aa"); tertial.ErrorCode(err) != tertial.ENOTFOUND {
			t.Errorf("the replaced subject still signs in: %v", err)
		}
		if err := db.LinkSubject(ctx, "admin", "anna", ""); err != nil {
			t.Fatal(err)
		}
		if _, err := db.UserBySubject(ctx, "9e2d-bb"); tertial.ErrorCode(err) != tertial.ENOTFOUND {
			t.Errorf("the removed subject still signs in: %v", err)
		}
		// Two accounts without a subject do not collide (NULL, not '').
		if err := db.LinkSubject(ctx, "admin", "bertil", ""); err != nil {
			t.Fatal(err)
		}
		log, err := db.AuditLog(ctx, store.AuditFilter{Entity: "user", Key: "anna"})
		if err != nil {
			t.Fatal(err)
		}
		var got [][2]string
		for _, e := range log {
			if e.Field == "oidc_subject" {
				if e.Actor != "admin" {
					t.Errorf("audit actor %q, want admin", e.Actor)
				}
				got = append(got, [2]string{e.Old, e.New})
			}
		}
		want := [][2]string{{"", "4f1c-aa"}, {"4f1c-aa", "9e2d-bb"}, {"9e2d-bb", ""}}
		if len(got) != len(want) {
			t.Fatalf("audit entries %v, want %v", got, want)
		}
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("audit entry %d: %v, want %v", i, got[i], want[i])
			}
		}
	})
}
