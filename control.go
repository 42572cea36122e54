package tertial

// Risk is an identified risk in a unit's internal-control plan, with the actions that
// reduce it.
type Risk struct {
	ID          string
	Unit        string
	Process     string // Mål / process
	Risk        string
	Probability int // sannolikhet 1–5, 0 when not scored
	Consequence int // konsekvens 1–5, 0 when not scored
	Actions     []RiskAction
}

// RiskAction is a risk-reducing action (riskreducerande åtgärd).
type RiskAction struct {
	ID        string
	Action    string
	Followups []StatusFollowup
}

// Audit is an action taken on a finding of an audit or an external review.
type Audit struct {
	ID         string
	Unit       string
	Title      string // the review: "Granskning av intern kontroll"
	CaseNumber string // diarienummer: "KS-2020/716.912"
	Background string
	Action     string
	Followups  []StatusFollowup
}

// Control is a systematic control (systematisk kontroll).
type Control struct {
	ID      string
	Unit    string
	Process string
	Control string
	Reason  string // "Varför görs kontrollen?"
	// Method, Frequency and Responsible say how the control is made: "Stickprov på tio
	// fakturor", "Kvartalsvis", "Ekonomichefen". "" when not said.
	Method      string
	Frequency   string
	Responsible string
	Followups   []StatusFollowup
}
