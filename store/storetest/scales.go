package storetest

import "github.com/tertial/tertial"

// FiveLevels is a goal scale of five levels, as a municipality that grades more finely
// than the default scale declares it, each level with a symbol and a colour.
var FiveLevels = []tertial.ScaleLevel{
	{ID: "helt", Name: "Helt uppfyllt", Symbol: "●", Colour: tertial.ColourGreen},
	{ID: "i_huvudsak", Name: "I huvudsak uppfyllt", Symbol: "◕", Colour: tertial.ColourYellow},
	{ID: "delvis", Name: "Delvis uppfyllt", Symbol: "◑", Colour: tertial.ColourOrange},
	{ID: "inte", Name: "Inte uppfyllt", Symbol: "○", Colour: tertial.ColourRed},
	{ID: "kan_inte", Name: "Kan inte bedömas", Colour: tertial.ColourGrey},
}

// FewStatuses is a status scale of five of Tertial's statuses, in the municipality's own
// words: started, not_started and cancelled are not among them.
var FewStatuses = []tertial.ScaleLevel{
	{ID: string(tertial.StatusDone), Name: "Genomförd", Symbol: "✔", Colour: tertial.ColourGreen},
	{ID: string(tertial.StatusOnTrack), Name: "Pågår", Symbol: "➜", Colour: tertial.ColourBlue},
	{ID: string(tertial.StatusWillComplete), Name: "Genomförs i år", Symbol: "●", Colour: tertial.ColourGreen},
	{ID: string(tertial.StatusLikelyComplete), Name: "Genomförs troligen i år", Symbol: "◐", Colour: tertial.ColourYellow},
	{ID: string(tertial.StatusNotComplete), Name: "Genomförs inte i år", Symbol: "○", Colour: tertial.ColourRed},
}

// OwnScales gives ds the goal scale FiveLevels and the status scale FewStatuses, and moves
// its goal assessments from the default scale's IDs to the five levels' (achieved to helt,
// partly to delvis, not_achieved to inte, not_assessable to kan_inte), so that it stays
// valid. Its statuses must be among FewStatuses'.
func OwnScales(ds *tertial.Dataset) {
	ds.Municipality.Scales = map[tertial.ScaleKind][]tertial.ScaleLevel{
		tertial.ScaleGoals: FiveLevels, tertial.ScaleStatuses: FewStatuses,
	}
	moved := map[tertial.Assessment]tertial.Assessment{
		tertial.AssessAchieved: "helt", tertial.AssessPartly: "delvis",
		tertial.AssessNotAchieved: "inte", tertial.AssessNotAssessable: "kan_inte",
	}
	for i := range ds.Goals {
		for j := range ds.Goals[i].Followups {
			f := &ds.Goals[i].Followups[j]
			if a, ok := moved[f.Assessment]; ok {
				f.Assessment = a
			}
		}
	}
	for i := range ds.Periods {
		for j := range ds.Periods[i].Assessments {
			a := &ds.Periods[i].Assessments[j]
			if m, ok := moved[a.Assessment]; ok {
				a.Assessment = m
			}
		}
	}
}
