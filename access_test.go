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
		},
		tertial.RoleController: {
			tertial.ActRead: all, tertial.ActEditContent: openOnly, tertial.ActEditBudget: openOnly, tertial.ActSubmitSection: openOnly,
			tertial.ActReviewSection: openOnly, tertial.ActLockPeriod: all, tertial.ActManageUsers: none,
		},
		tertial.RoleReporter: {
			tertial.ActRead: all, tertial.ActEditContent: ownOpen, tertial.ActEditBudget: none, tertial.ActSubmitSection: ownOpen,
			tertial.ActReviewSection: none, tertial.ActLockPeriod: none, tertial.ActManageUsers: none,
		},
		tertial.RoleReader: {
			tertial.ActRead: all, tertial.ActEditContent: none, tertial.ActEditBudget: none, tertial.ActSubmitSection: none,
			tertial.ActReviewSection: none, tertial.ActLockPeriod: none, tertial.ActManageUsers: none,
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
