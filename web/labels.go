package web

import "github.com/tertial/tertial"

// Swedish labels for the domain's enumerations.

var unitKindLabels = map[tertial.UnitKind]string{
	tertial.UnitCouncil: "Fullmäktige", tertial.UnitBoard: "Nämnd", tertial.UnitAdministration: "Förvaltning",
	tertial.UnitDepartment: "Avdelning", tertial.UnitSection: "Sektion",
}

var periodKindLabels = map[tertial.PeriodKind]string{
	tertial.PeriodPlan: "Verksamhetsplan", tertial.PeriodInterim: "Delårsrapport", tertial.PeriodAnnual: "Verksamhetsberättelse",
}

var periodStateLabels = map[tertial.PeriodState]string{
	tertial.PeriodOpen: "Öppen", tertial.PeriodLocked: "Låst",
}

var dimensionLabels = map[tertial.Dimension]string{
	tertial.Economic: "ekonomisk hållbarhet", tertial.Social: "social hållbarhet", tertial.Ecological: "ekologisk hållbarhet",
}

var assessmentLabels = map[tertial.Assessment]string{
	tertial.AssessAchieved: "Uppnås", tertial.AssessPartly: "Uppnås delvis", tertial.AssessNotAchieved: "Uppnås ej",
}

// statusLabel is a status in words and the symbol shown beside them; the symbol is
// decoration only, so colour or shape is never the only cue.
type statusLabel struct {
	Text   string
	Symbol string
	Class  string
}

var statusLabels = map[tertial.Status]statusLabel{
	tertial.StatusDone:           {"Klart", "✔", "status-done"},
	tertial.StatusWillComplete:   {"Blir klart i år", "●", "status-good"},
	tertial.StatusLikelyComplete: {"Troligen klart i år", "◐", "status-warn"},
	tertial.StatusNotComplete:    {"Ej klart i år", "○", "status-bad"},
	tertial.StatusOnTrack:        {"Pågår enligt plan", "●", "status-good"},
	tertial.StatusStarted:        {"Påbörjad", "◐", "status-warn"},
	tertial.StatusNotStarted:     {"Ej påbörjad", "○", "status-bad"},
	tertial.StatusCancelled:      {"Avbrutet", "✕", "status-bad"},
}

var valueKindLabels = map[tertial.ValueKind]string{
	tertial.Forecast: "prognos", tertial.Preliminary: "preliminärt",
}
