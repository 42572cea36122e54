package tertial

import (
	"slices"
	"strings"
)

// SectionStep is a step of a report section's workflow: what a button on the workflow
// page, or an action of the API, does.
type SectionStep string

// The section steps.
const (
	StepStart    SectionStep = "start"     // påbörja
	StepReady    SectionStep = "ready"     // klar för granskning
	StepApprove  SectionStep = "approve"   // godkänn
	StepSendBack SectionStep = "send_back" // skicka tillbaka, with a comment
	StepWithdraw SectionStep = "withdraw"  // återkalla: the reporter takes back a ready section
)

// SectionTransition is the rule of one step: who may take it (Action), from which states,
// and the state it leads to.
type SectionTransition struct {
	Step   SectionStep
	Action Action
	From   []SectionState
	To     SectionState
	// Verb says in Swedish, in the passive, what the step does: "Avsnittet … kan inte
	// <Verb>".
	Verb string
	// Gate is the gate the step passes (GateReady, GateApprove), or "" for none.
	Gate GateStep
}

// SectionTransitions are the workflow's steps, in the order they are offered.
var SectionTransitions = []SectionTransition{
	{StepStart, ActSubmitSection, []SectionState{SectionNotStarted}, SectionInProgress, "påbörjas", ""},
	{StepReady, ActSubmitSection, []SectionState{SectionNotStarted, SectionInProgress}, SectionReady, "markeras som klart för granskning", GateReady},
	{StepApprove, ActReviewSection, []SectionState{SectionReady}, SectionApproved, "godkännas förrän det är klart för granskning", GateApprove},
	{StepSendBack, ActReviewSection, []SectionState{SectionReady, SectionApproved}, SectionInProgress, "skickas tillbaka", ""},
	{StepWithdraw, ActSubmitSection, []SectionState{SectionReady}, SectionInProgress,
		"återkallas: bara ett avsnitt som är klart för granskning och inte godkänt kan återkallas", ""},
}

// SectionTransitionOf returns the rule of a step.
func SectionTransitionOf(step SectionStep) (SectionTransition, bool) {
	for _, t := range SectionTransitions {
		if t.Step == step {
			return t, true
		}
	}
	return SectionTransition{}, false
}

// AllowedFrom reports whether the step can be taken from the state.
func (t SectionTransition) AllowedFrom(st SectionState) bool { return slices.Contains(t.From, st) }

// OfferedTo reports whether the step is one for a user who may take steps of action
// review too: a controller sends a ready section back instead of withdrawing it.
func (t SectionTransition) OfferedTo(canReview bool) bool {
	return !(t.Step == StepWithdraw && canReview)
}

// Take checks the step from the section's current state and comment and returns the state
// and comment the section has after it: approval clears the reviewer's comment, sending
// back requires one and sets it, and the other steps keep the comment in view. It returns
// ECONFLICT when the step cannot be taken from the state, and EINVALID (path "comment")
// when a comment is missing or wrong.
func (t SectionTransition) Take(cur SectionState, curComment, comment string, canReview bool) (SectionState, string, error) {
	if !t.OfferedTo(canReview) {
		return "", "", Errorf(EINVALID, "en controller skickar tillbaka avsnittet i stället för att återkalla det")
	}
	if !t.AllowedFrom(cur) {
		return "", "", Errorf(ECONFLICT, "avsnittet har läget %s och kan inte %s", SectionStateWords[cur], t.Verb)
	}
	comment = strings.TrimSpace(comment)
	switch t.Step {
	case StepApprove:
		return t.To, "", nil
	case StepSendBack:
		if comment == "" {
			return "", "", Invalid([]Problem{{Path: "comment", Message: "skriv varför avsnittet skickas tillbaka"}})
		}
		if ps := ValidateComment(comment); len(ps) > 0 {
			return "", "", Invalid(ps)
		}
		return t.To, comment, nil
	}
	return t.To, curComment, nil
}

// SectionStateWords names the section states in Swedish, as the workflow shows them.
var SectionStateWords = map[SectionState]string{
	SectionNotStarted: "Ej påbörjad",
	SectionInProgress: "Pågår",
	SectionReady:      "Klar för granskning",
	SectionApproved:   "Godkänd",
}
