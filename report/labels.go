package report

import "github.com/tertial/tertial"

// Swedish labels for the domain's enumerations.

// UnitKindLabels names the unit kinds in Swedish.
var UnitKindLabels = map[tertial.UnitKind]string{
	tertial.UnitCouncil: "Fullmäktige", tertial.UnitBoard: "Nämnd", tertial.UnitAdministration: "Förvaltning",
	tertial.UnitDepartment: "Avdelning", tertial.UnitSection: "Sektion", tertial.UnitCompany: "Bolag",
}

// PeriodKindLabels names the period kinds in Swedish.
var PeriodKindLabels = map[tertial.PeriodKind]string{
	tertial.PeriodPlan: "Verksamhetsplan", tertial.PeriodInterim: "Delårsrapport", tertial.PeriodAnnual: "Verksamhetsberättelse",
}

// PeriodKindLabel names a unit's period kind in Swedish: as PeriodKindLabels, but the
// council's (kommunfullmäktige's) annual period is the municipality's "Årsredovisning".
// A nil unit gets PeriodKindLabels'.
func PeriodKindLabel(u *tertial.Unit, k tertial.PeriodKind) string {
	if u != nil && u.Kind == tertial.UnitCouncil && k == tertial.PeriodAnnual {
		return "Årsredovisning"
	}
	return PeriodKindLabels[k]
}

// PeriodStateLabels names the period states in Swedish.
var PeriodStateLabels = map[tertial.PeriodState]string{
	tertial.PeriodOpen: "Öppen", tertial.PeriodLocked: "Låst",
}

// DimensionLabels names the sustainability dimensions in Swedish, as used in sentences.
var DimensionLabels = map[tertial.Dimension]string{
	tertial.Economic: "ekonomisk hållbarhet", tertial.Social: "social hållbarhet", tertial.Ecological: "ekologisk hållbarhet",
}

// AssessmentLabels names the goal assessments of the default goal scale in Swedish. A
// report uses the municipality's scale (Vocab.Level); these are for the site's default.
var AssessmentLabels = map[tertial.Assessment]string{
	tertial.AssessAchieved: "Uppnås", tertial.AssessPartly: "Uppnås delvis", tertial.AssessNotAchieved: "Uppnås ej",
	tertial.AssessNotAssessable: "Kan inte bedömas",
}

// StatusLabel is a status or an assessment level in words, with the symbol shown beside
// them and its colour; symbol and colour are decoration only, so colour or shape is never
// the only cue.
type StatusLabel struct {
	Text   string
	Symbol string
	Class  string         // the CSS class that colours the symbol ("colour-green", "status-good")
	Colour tertial.Colour // the level's own colour, "" when it has none
}

// StatusLabels gives each status its words, symbol and CSS class.
var StatusLabels = map[tertial.Status]StatusLabel{
	tertial.StatusDone:           {"Klart", "✔", "status-done", ""},
	tertial.StatusWillComplete:   {"Blir klart i år", "●", "status-good", ""},
	tertial.StatusLikelyComplete: {"Troligen klart i år", "◐", "status-warn", ""},
	tertial.StatusNotComplete:    {"Ej klart i år", "○", "status-bad", ""},
	tertial.StatusOnTrack:        {"Pågår enligt plan", "●", "status-good", ""},
	tertial.StatusStarted:        {"Påbörjad", "◐", "status-warn", ""},
	tertial.StatusNotStarted:     {"Ej påbörjad", "○", "status-bad", ""},
	tertial.StatusCancelled:      {"Avbrutet", "✕", "status-bad", ""},
}

// ValueKindLabels names the value kinds that are marked on a value.
var ValueKindLabels = map[tertial.ValueKind]string{
	tertial.Forecast: "prognos", tertial.Preliminary: "preliminärt",
}
