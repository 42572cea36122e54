package tertial

import "time"

// Dimension is a sustainability dimension a goal area belongs to.
type Dimension string

// The sustainability dimensions.
const (
	Economic   Dimension = "economic"   // ekonomisk hållbarhet
	Social     Dimension = "social"     // social hållbarhet
	Ecological Dimension = "ecological" // ekologisk hållbarhet
)

// Dimensions lists the dimensions in the order reports use.
var Dimensions = []Dimension{Economic, Social, Ecological}

// GoalLevel is a level of the goal hierarchy: Kommunfullmäktigemål, Nämndmål, ...
type GoalLevel struct {
	ID   string
	Name string
}

// GoalArea is a målområde, tied to one sustainability dimension.
type GoalArea struct {
	ID          string
	Name        string
	Dimension   Dimension
	Description string
}

// Assessment is how well a goal is judged to be reached.
type Assessment string

// The assessments.
const (
	AssessNone          Assessment = ""
	AssessAchieved      Assessment = "achieved"       // uppnås
	AssessPartly        Assessment = "partly"         // uppnås delvis
	AssessNotAchieved   Assessment = "not_achieved"   // uppnås ej
	AssessNotAssessable Assessment = "not_assessable" // kan inte bedömas
)

// Assessments lists the assessments of the default goal scale, best first. A
// municipality may declare a goal scale of its own (Municipality.Scales), whose level IDs
// are then the assessments its dataset uses.
var Assessments = []Assessment{AssessAchieved, AssessPartly, AssessNotAchieved, AssessNotAssessable}

// Goal is a goal at any level: a KF-mål under a goal area, a nämndmål under a KF-mål, and
// so on. Top-level goals name their area; the others inherit it from their parent.
type Goal struct {
	ID          string
	Level       string // goal level ID
	Area        string // goal area ID; for goals with a parent, the parent's
	Parent      string // goal ID, "" at the top
	Unit        string // owning unit, "" for council goals
	Title       string
	Description string
	// Tags are short IDs a municipality marks goals with (agenda2030, budgetmal), so that a
	// goals section can choose the goals that carry them.
	Tags []string
	// Retired is the last year the goal is in force, 0 while it is. A retired goal stays
	// with its history: reports of periods up to that year show it, later ones do not,
	// and it cannot be followed up in a period of a later year.
	Retired int
	// Since is the first year the goal is in force, 0 when it always has been: a goal of
	// next year's plan, written before this year's annual report, is not in this year's
	// reports and cannot be followed up in a period of an earlier year.
	Since     int
	Followups []GoalFollowup
	Version   int // for structural edits: a save names the version it changes
}

// InForce reports whether the goal is in force in the year: it has begun (Since) and is
// not retired, or retired that year or later.
func (g *Goal) InForce(year int) bool {
	return (g.Since == 0 || year >= g.Since) && (g.Retired == 0 || year <= g.Retired)
}

// GoalFollowup is what a unit reports on a goal in one period.
type GoalFollowup struct {
	Unit       string // the period's unit
	Period     string
	Assessment Assessment
	Analysis   string // Markdown
	Version    int    // for edits: a save names the version it changes
}

// Status is the state of an assignment or an internal-control item in a period.
type Status string

// The statuses. Reports show them in words next to a symbol.
const (
	StatusNone           Status = ""
	StatusDone           Status = "done"            // Klart
	StatusWillComplete   Status = "will_complete"   // Blir klart i år
	StatusLikelyComplete Status = "likely_complete" // Troligen klart i år
	StatusNotComplete    Status = "not_complete"    // Ej klart i år
	StatusOnTrack        Status = "on_track"        // Pågår enligt plan
	StatusStarted        Status = "started"         // Påbörjad
	StatusNotStarted     Status = "not_started"     // Ej påbörjad
	StatusCancelled      Status = "cancelled"       // Avbrutet
)

// Statuses lists the statuses.
var Statuses = []Status{StatusDone, StatusWillComplete, StatusLikelyComplete, StatusNotComplete,
	StatusOnTrack, StatusStarted, StatusNotStarted, StatusCancelled}

// Assignment is an uppdrag given by the council or the board, attached to a goal.
type Assignment struct {
	ID          string
	Goal        string
	Unit        string    // responsible unit
	Origin      string    // who gave it: "Kommunfullmäktige", "Mål och budget 2021"
	Due         time.Time // by when it is to be done (klart senast); zero when not said
	Title       string
	Description string
	Followups   []StatusFollowup
	Version     int // for structural edits: a save names the version it changes
}

// StatusKind is the kind of item whose follow-up is a status: an assignment or an
// internal-control item (a risk's action, an action after an audit, a control).
type StatusKind string

// The status kinds.
const (
	KindAssignment StatusKind = "assignment"
	KindControl    StatusKind = "control"
)

// Noun is the kind in Swedish, for messages: "uppdrag", "kontrollmoment".
func (k StatusKind) Noun() string {
	if k == KindControl {
		return "kontrollmoment"
	}
	return "uppdrag"
}

// StatusItem names an item whose follow-up is a status.
type StatusItem struct {
	Kind StatusKind
	ID   string
}

// StatusFollowup is the status and comment of an assignment or internal-control item in one
// period.
type StatusFollowup struct {
	Unit     string
	Period   string
	Status   Status
	Progress *int // degree of completion in percent, if reported
	Comment  string
	Version  int
}
