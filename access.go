package tertial

import (
	"fmt"
	"slices"
	"time"
)

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

// User is an account. Every account works in one municipality, with one exception: an
// admin with no municipality is a system administrator, who manages the accounts of
// every municipality (and reads them all, as every admin reads its own). An account of
// any other role without a municipality is invalid (Validate); the store refuses to
// create one, and Can lets it do nothing.
type User struct {
	Name         string
	Role         Role
	Municipality string // code of the municipality the account works in; "" only for a system administrator
	Unit         string // a reporter's own unit (and the units below it)
	Created      time.Time
	Disabled     bool // turned off: it cannot sign in and its sessions and tokens do not work
}

// SystemAdmin reports whether the account is a system administrator: an admin that
// belongs to no municipality.
func (u *User) SystemAdmin() bool { return u.Role == RoleAdmin && u.Municipality == "" }

// Validate returns the problems of an account: its name, its role, a reporter without a
// unit, and an account other than a system administrator without a municipality. Whether
// the municipality and the unit exist is the store's question.
func (u *User) Validate() []Problem {
	var ps []Problem
	if !ValidID(u.Name) {
		ps = append(ps, Problem{"name", fmt.Sprintf("ogiltigt användarnamn %q: använd små bokstäver a–z, siffror, '-', '_' och '.'", u.Name)})
	}
	if !slices.Contains(Roles, u.Role) {
		ps = append(ps, Problem{"role", fmt.Sprintf("okänd roll %q: ska vara admin, controller, reporter eller reader", u.Role)})
	}
	if u.Role == RoleReporter && u.Unit == "" {
		ps = append(ps, Problem{"unit", "en rapportör behöver en enhet (--unit)"})
	}
	switch {
	case u.Municipality == "" && u.Role != RoleAdmin && slices.Contains(Roles, u.Role):
		ps = append(ps, Problem{"municipality", fmt.Sprintf("ett konto med rollen %s måste höra till en kommun (--municipality KOD); bara en administratör kan vara utan kommun", u.Role)})
	case u.Municipality == "" && u.Unit != "":
		ps = append(ps, Problem{"municipality", fmt.Sprintf("enheten %s hör till en kommun: ange kommunen (--municipality KOD)", u.Unit)})
	case u.Municipality != "" && !codePattern.MatchString(u.Municipality):
		ps = append(ps, Problem{"municipality", fmt.Sprintf("ogiltig kommunkod %q: fyra siffror, till exempel 0126", u.Municipality)})
	}
	return ps
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
	// ActEditStructure is a change to what the municipality's data is made of rather than
	// to a value reported in it: periods (made from earlier ones), units, goals, indicators,
	// tables and templates. It does not depend on a period being open: a new period is.
	ActEditStructure Action = "edit_structure"
)

// Actions lists the actions.
var Actions = []Action{ActRead, ActEditContent, ActEditBudget, ActSubmitSection, ActReviewSection, ActLockPeriod, ActManageUsers, ActEditStructure}

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
//   - admin: accounts and settings, the structure, and reading; no report content.
//   - controller: everything in every unit, the structure too; content only while the
//     period is open.
//   - reporter: reads everything; edits content and submits sections of its own units
//     while the period is open.
//   - reader: reads.
//
// An account acts only in its own municipality. A system administrator (an admin with no
// municipality) reads and manages every municipality; an empty municipality on any other
// account never means "every municipality": such an account may do nothing.
func Can(u *User, a Action, t AccessTarget) bool {
	if u == nil || u.Disabled {
		return false
	}
	if !u.SystemAdmin() && (u.Municipality == "" || u.Municipality != t.Municipality) {
		return false
	}
	switch a {
	case ActRead:
		return true
	case ActManageUsers:
		return u.Role == RoleAdmin
	case ActEditStructure:
		return u.Role == RoleAdmin || u.Role == RoleController
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
