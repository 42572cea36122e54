package tertial

import "testing"

// TestSectionSteps: the workflow's rule, as the store applies it in the writing
// transaction for the site and the API alike.
func TestSectionSteps(t *testing.T) {
	cases := []struct {
		step        SectionStep
		from        SectionState
		curComment  string
		comment     string
		review      bool
		wantState   SectionState
		wantComment string
		wantCode    string
	}{
		{StepStart, SectionNotStarted, "", "", false, SectionInProgress, "", ""},
		{StepStart, SectionReady, "", "", false, "", "", ECONFLICT},
		{StepReady, SectionInProgress, "Saknar siffror.", "", false, SectionReady, "Saknar siffror.", ""},
		{StepReady, SectionApproved, "", "", false, "", "", ECONFLICT},
		{StepApprove, SectionNotStarted, "", "", true, "", "", ECONFLICT},
		{StepApprove, SectionReady, "Saknar siffror.", "", true, SectionApproved, "", ""},
		{StepSendBack, SectionReady, "", "  ", true, "", "", EINVALID},
		{StepSendBack, SectionApproved, "", " Rätta prognosen. ", true, SectionInProgress, "Rätta prognosen.", ""},
		{StepSendBack, SectionInProgress, "", "Rätta.", true, "", "", ECONFLICT},
		{StepWithdraw, SectionReady, "", "", false, SectionInProgress, "", ""},
		{StepWithdraw, SectionApproved, "", "", false, "", "", ECONFLICT},
		{StepWithdraw, SectionReady, "", "", true, "", "", EINVALID},
	}
	for _, c := range cases {
		tr, ok := SectionTransitionOf(c.step)
		if !ok {
			t.Fatalf("no rule for %s", c.step)
		}
		st, comment, err := tr.Take(c.from, c.curComment, c.comment, c.review)
		if got := ErrorCode(err); got != c.wantCode {
			t.Errorf("%s from %s: error %v, want code %q", c.step, c.from, err, c.wantCode)
			continue
		}
		if err == nil && (st != c.wantState || comment != c.wantComment) {
			t.Errorf("%s from %s: %s %q, want %s %q", c.step, c.from, st, comment, c.wantState, c.wantComment)
		}
	}
	if _, ok := SectionTransitionOf("godkann"); ok {
		t.Error("a form value is not a step")
	}
	for _, tr := range SectionTransitions {
		if (tr.To == SectionReady || tr.To == SectionApproved) != (tr.Gate != "") {
			t.Errorf("%s: gate %q, leads to %s", tr.Step, tr.Gate, tr.To)
		}
	}
}
