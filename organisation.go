package tertial

import "time"

// Municipality is the organisation a dataset describes. It is identified by its SCB
// municipality code.
type Municipality struct {
	Name       string                     // "Huddinge kommun"
	Code       string                     // SCB code, four digits: "0126"
	County     string                     // "Stockholms län"
	CountyCode string                     // two digits: "01"
	Comparison []ComparisonMunicipality   // jämförelsekommuner, in the report's order
	Vocabulary Vocabulary                 // its own words for terms; nil: the defaults
	Scales     map[ScaleKind][]ScaleLevel // its own assessment scales; a kind not here has the default
	Vision     *Vision                    // the vision its goals serve; nil: none
	Logo       *Logo                      // shown on the report's cover; nil: none
	Colour     string                     // "#RRGGBB", the cover's band (see CheckMunicipalityColour); "": none
}

// MaxStatusLength is the most characters a period's status word may have.
const MaxStatusLength = 40

// Vision is the municipality's vision, the level above its goal areas: a title and a text
// (Markdown). A report's vision section shows it.
type Vision struct {
	Title string // the heading; "" for the vocabulary's word (Vision)
	Text  string
}

// ComparisonMunicipality is a municipality a board compares itself with.
type ComparisonMunicipality struct {
	Code string
	Name string
}

// UnitKind is the kind of an organisational unit.
type UnitKind string

// The unit kinds.
const (
	UnitCouncil        UnitKind = "council"        // kommunfullmäktige
	UnitBoard          UnitKind = "board"          // nämnd
	UnitAdministration UnitKind = "administration" // förvaltning
	UnitDepartment     UnitKind = "department"     // avdelning
	UnitSection        UnitKind = "section"        // sektion, enhet
	// UnitCompany is a company the municipality owns (bolag), whose books the
	// sammanställda räkenskaper consolidate (consolidated.go): it has an ownership share.
	UnitCompany UnitKind = "company"
)

// UnitKinds lists the unit kinds in hierarchy order.
var UnitKinds = []UnitKind{UnitCouncil, UnitBoard, UnitAdministration, UnitDepartment, UnitSection, UnitCompany}

// Unit is an organisational unit: a nämnd, a förvaltning, an avdelning. Units form a tree
// through Parent.
type Unit struct {
	ID        string
	Name      string
	ShortName string
	Kind      UnitKind
	Parent    string // ID of the parent unit, "" at the top
	// Retired is the last year the unit existed (avslutad); 0 while it still does. A
	// retired unit keeps its periods and everything reported in them: a board ended in
	// 2022 still shows in 2021's reports.
	Retired int
	// Share is a company's ownership share in percent (0 < Share ≤ 100), nil for every
	// other kind; OrgNumber is its organisationsnummer ("556123-4567"), "" when not given.
	Share     *Decimal
	OrgNumber string
}

// PeriodKind is the kind of a follow-up period.
type PeriodKind string

// The period kinds.
const (
	PeriodPlan    PeriodKind = "plan"    // verksamhetsplan
	PeriodInterim PeriodKind = "interim" // delårsrapport, tertialrapport
	PeriodAnnual  PeriodKind = "annual"  // verksamhetsberättelse, årsbokslut
)

// PeriodKinds lists the period kinds.
var PeriodKinds = []PeriodKind{PeriodPlan, PeriodInterim, PeriodAnnual}

// PeriodState tells whether a period may still be changed.
type PeriodState string

// The period states.
const (
	PeriodOpen   PeriodState = "open"
	PeriodLocked PeriodState = "locked" // decided by the board: what was reported stays unchanged
)

// PeriodStates lists the period states.
var PeriodStates = []PeriodState{PeriodOpen, PeriodLocked}

// Period is one follow-up period of one unit: "2021-08", the delårsrapport per 31 August.
// Period IDs are unique within their unit. A period holds the report's tables, texts and
// overall assessments; follow-ups of goals, assignments and internal control refer to it.
type Period struct {
	Unit     string
	ID       string
	Kind     PeriodKind
	Title    string    // "Delårsrapport per 31 augusti 2021"
	Start    time.Time // first day; zero means 1 January of the cut-off year
	Cutoff   time.Time // last day: 2021-08-31
	State    PeriodState
	Template string // ID of the report template
	From     string // the earlier period of the same unit this one was made from (NewPeriod); "" for none

	Deadline          time.Time // when the units' content is due; zero when none is set
	DecisionDate      time.Time // when the board decided the report
	DecisionParagraph string    // the § of the board's minutes
	Version           int

	// Status is the document's status word on the cover (Påbörjad, Klar, Beslutad), free
	// text of at most MaxStatusLength characters; "" for none.
	Status string
	// CoverText is Markdown shown on the cover.
	CoverText string

	Assessments []OverallAssessment
	Texts       []TextSection
	MoneyTables []MoneyTable
	FreeTables  []FreeTable
	Attachments []Attachment
	// Ledger, for a locked period, is the ledger as it was when the period was locked; its
	// money tables are filled from it instead of the municipality's current ledger (see
	// ApplyLedger). Nil for open periods. Not part of the dataset format.
	Ledger *LedgerData
}

// StartDate returns the first day of the period.
func (p *Period) StartDate() time.Time {
	if !p.Start.IsZero() {
		return p.Start
	}
	return time.Date(p.Cutoff.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
}

// Year returns the calendar year the period belongs to (the cut-off's).
func (p *Period) Year() int { return p.Cutoff.Year() }

// OverallAssessment is a row of the report's "Område / Preliminär bedömning" table:
// Ekonomi, Nämndens mål (samlad), God ekonomisk hushållning.
type OverallAssessment struct {
	ID         string
	Label      string
	Assessment Assessment
}

// TextSection is a piece of prose in a period's report (significant events, efficiency
// analysis, premises...), in Markdown.
type TextSection struct {
	ID      string
	Title   string
	Body    string
	Version int
}

// Attachment is a document attached to a report (bilaga).
type Attachment struct {
	Title       string
	Description string
}
