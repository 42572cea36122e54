package tertial

import "time"

// Role is what an account may do.
type Role string

// The roles.
const (
	RoleAdmin      Role = "admin"      // accounts and settings
	RoleController Role = "controller" // everything in every unit; locks, unlocks and publishes periods
	RoleReporter   Role = "reporter"   // edits the content of its own units in open periods
	RoleReader     Role = "reader"     // reads
)

// Roles lists the roles.
var Roles = []Role{RoleAdmin, RoleController, RoleReporter, RoleReader}

// User is an account.
type User struct {
	Name         string
	Role         Role
	Municipality string // code of the municipality the account works in; "" for every one
	Unit         string // a reporter's own unit (and the units below it)
	Created      time.Time
	Disabled     bool
}

// Action is something a user may try to do.
type Action string

// The actions permissions are checked for.
const (
	ActRead          Action = "read"           // read a unit's data and reports
	ActEditContent   Action = "edit_content"   // texts, values, statuses, forecasts, comments
	ActEditBudget    Action = "edit_budget"    // budget and outcome of money tables
	ActSubmitSection Action = "submit_section" // mark a report section ready for review
	ActReviewSection Action = "review_section" // approve a section or send it back
	ActLockPeriod    Action = "lock_period"    // record the board's decision and lock; unlock
	ActManageUsers   Action = "manage_users"
)

// Actions lists the actions.
var Actions = []Action{ActRead, ActEditContent, ActEditBudget, ActSubmitSection, ActReviewSection, ActLockPeriod, ActManageUsers}

// AccessTarget is what an action is done to: a unit of a municipality in a period.
type AccessTarget struct {
	Municipality string
	OwnUnit      bool // the unit is the user's own or below it
	Locked       bool // the period is locked
}

// Can reports whether the user may do the action on the target. The UI and the API both
// ask this one function on every request; the store refuses writes to locked periods on
// its own as well.
//
//   - admin: accounts and settings, and reading; no report content.
//   - controller: everything in every unit; content only while the period is open.
//   - reporter: reads everything; edits content and submits sections of its own units
//     while the period is open.
//   - reader: reads.
func Can(u *User, a Action, t AccessTarget) bool {
	if u == nil || u.Disabled {
		return false
	}
	if u.Municipality != "" && t.Municipality != "" && u.Municipality != t.Municipality && u.Role != RoleAdmin {
		return false
	}
	switch a {
	case ActRead:
		return true
	case ActManageUsers:
		return u.Role == RoleAdmin
	case ActLockPeriod:
		return u.Role == RoleController
	case ActReviewSection:
		return u.Role == RoleController && !t.Locked
	case ActEditBudget:
		return u.Role == RoleController && !t.Locked
	case ActEditContent, ActSubmitSection:
		switch u.Role {
		case RoleController:
			return !t.Locked
		case RoleReporter:
			return t.OwnUnit && !t.Locked
		}
	}
	return false
}

// SectionState is the workflow state of a report section.
type SectionState string

// The section states, in the order a section goes through them.
const (
	SectionNotStarted SectionState = "not_started" // ej påbörjad
	SectionInProgress SectionState = "in_progress" // pågår
	SectionReady      SectionState = "ready"       // klar för granskning
	SectionApproved   SectionState = "approved"    // godkänd
)

// SectionStates lists the section states.
var SectionStates = []SectionState{SectionNotStarted, SectionInProgress, SectionReady, SectionApproved}
