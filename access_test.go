package tertial_test

import (
	"testing"

	"github.com/tertial/tertial"
)

// TestCanTable covers every role × own/other unit × open/locked period × action. Each row
// says, for one role and action, what is allowed in: own unit open, own unit locked, other
// unit open, other unit locked.
func TestCanTable(t *testing.T) {
	type cases [4]bool // own/open, own/locked, other/open, other/locked
	all, none := cases{true, true, true, true}, cases{}
	openOnly := cases{true, false, true, false}
	ownOpen := cases{true, false, false, false}
	table := map[tertial.Role]map[tertial.Action]cases{
		tertial.RoleAdmin: {
			tertial.ActRead: all, tertial.ActEditContent: none, tertial.ActEditBudget: none, tertial.ActSubmitSection: none,
			tertial.ActReviewSection: none, tertial.ActLockPeriod: none, tertial.ActManageUsers: all,
			tertial.ActEditStructure: all,
		},
		tertial.RoleController: {
			tertial.ActRead: all, tertial.ActEditContent: openOnly, tertial.ActEditBudget: openOnly, tertial.ActSubmitSection: openOnly,
			tertial.ActReviewSection: openOnly, tertial.ActLockPeriod: all, tertial.ActManageUsers: none,
			tertial.ActEditStructure: all,
		},
		tertial.RoleReporter: {
			tertial.ActRead: all, tertial.ActEditContent: ownOpen, tertial.ActEditBudget: none, tertial.ActSubmitSection: ownOpen,
			tertial.ActReviewSection: none, tertial.ActLockPeriod: none, tertial.ActManageUsers: none,
			tertial.ActEditStructure: none,
		},
		tertial.RoleReader: {
			tertial.ActRead: all, tertial.ActEditContent: none, tertial.ActEditBudget: none, tertial.ActSubmitSection: none,
			tertial.ActReviewSection: none, tertial.ActLockPeriod: none, tertial.ActManageUsers: none,
			tertial.ActEditStructure: none,
		},
	}
	targets := []tertial.AccessTarget{
		{Municipality: "0126", OwnUnit: true, Locked: false},
		{Municipality: "0126", OwnUnit: true, Locked: true},
		{Municipality: "0126", OwnUnit: false, Locked: false},
		{Municipality: "0126", OwnUnit: false, Locked: true},
	}
	for _, role := range tertial.Roles {
		if len(table[role]) != len(tertial.Actions) {
			t.Fatalf("the table does not cover every action for %s", role)
		}
		u := &tertial.User{Name: "x", Role: role, Municipality: "0126", Unit: "ks"}
		for _, a := range tertial.Actions {
			for i, target := range targets {
				if got, want := tertial.Can(u, a, target), table[role][a][i]; got != want {
					t.Errorf("%s %s own=%v locked=%v: %v, want %v", role, a, target.OwnUnit, target.Locked, got, want)
				}
			}
		}
	}
}

func TestCanRefuses(t *testing.T) {
	target := tertial.AccessTarget{Municipality: "0126", OwnUnit: true}
	if tertial.Can(nil, tertial.ActRead, target) {
		t.Error("no user may read")
	}
	if tertial.Can(&tertial.User{Role: tertial.RoleController, Disabled: true}, tertial.ActRead, target) {
		t.Error("a disabled account may do nothing")
	}
	other := &tertial.User{Role: tertial.RoleController, Municipality: "9901"}
	if tertial.Can(other, tertial.ActEditContent, target) || tertial.Can(other, tertial.ActRead, target) {
		t.Error("an account of another municipality may do nothing here")
	}
}

// TestCanMunicipality: an account acts in its own municipality only. An empty
// municipality means "every municipality" for a system administrator (an admin with none)
// and nothing at all for any other role (issue 12, F4).
func TestCanMunicipality(t *testing.T) {
	huddinge := tertial.AccessTarget{Municipality: "0126", OwnUnit: true}
	ekby := tertial.AccessTarget{Municipality: "9901", OwnUnit: true}
	for _, role := range []tertial.Role{tertial.RoleController, tertial.RoleReporter, tertial.RoleReader} {
		u := &tertial.User{Name: "x", Role: role, Unit: "ks"}
		for _, a := range tertial.Actions {
			for _, target := range []tertial.AccessTarget{huddinge, ekby, {}} {
				if tertial.Can(u, a, target) {
					t.Errorf("%s without a municipality may %s in %q", role, a, target.Municipality)
				}
			}
		}
		u.Municipality = "0126"
		if tertial.Can(u, tertial.ActRead, ekby) || !tertial.Can(u, tertial.ActRead, huddinge) {
			t.Errorf("%s of 0126: read 9901 %v, read 0126 %v", role, tertial.Can(u, tertial.ActRead, ekby), tertial.Can(u, tertial.ActRead, huddinge))
		}
	}
	sys := &tertial.User{Name: "root", Role: tertial.RoleAdmin}
	if !tertial.Can(sys, tertial.ActManageUsers, ekby) || !tertial.Can(sys, tertial.ActRead, huddinge) || tertial.Can(sys, tertial.ActEditContent, huddinge) {
		t.Error("a system administrator manages and reads every municipality and edits no content")
	}
	local := &tertial.User{Name: "kommunadmin", Role: tertial.RoleAdmin, Municipality: "0126"}
	if !tertial.Can(local, tertial.ActManageUsers, huddinge) || tertial.Can(local, tertial.ActManageUsers, ekby) || tertial.Can(local, tertial.ActRead, ekby) {
		t.Error("an admin of a municipality works in that municipality only")
	}
}

func TestUserValidate(t *testing.T) {
	for _, c := range []struct {
		u    tertial.User
		want string // the path of the one problem, "" for none
	}{
		{tertial.User{Name: "anna", Role: tertial.RoleReporter, Municipality: "0126", Unit: "ks"}, ""},
		{tertial.User{Name: "root", Role: tertial.RoleAdmin}, ""},
		{tertial.User{Name: "kommunadmin", Role: tertial.RoleAdmin, Municipality: "0126"}, ""},
		{tertial.User{Name: "anna", Role: tertial.RoleReporter, Unit: "kf"}, "municipality"},
		{tertial.User{Name: "cecilia", Role: tertial.RoleController}, "municipality"},
		{tertial.User{Name: "lasse", Role: tertial.RoleReader}, "municipality"},
		{tertial.User{Name: "lasse", Role: tertial.RoleReader, Municipality: "126"}, "municipality"},
		{tertial.User{Name: "Anna", Role: tertial.RoleReader, Municipality: "0126"}, "name"},
		{tertial.User{Name: "anna", Role: "boss", Municipality: "0126"}, "role"},
		{tertial.User{Name: "anna", Role: tertial.RoleReporter, Municipality: "0126"}, "unit"},
	} {
		ps := c.u.Validate()
		switch {
		case c.want == "" && len(ps) > 0:
			t.Errorf("%+v: %v, want no problem", c.u, ps)
		case c.want != "" && (len(ps) != 1 || ps[0].Path != c.want):
			t.Errorf("%+v: %v, want one problem at %s", c.u, ps, c.want)
		}
	}
}
