package tertial

import (
	"strings"
	"testing"
)

// scopeDataset: a council (kf) over two boards (ks, bun), ks over an administration
// (ksf). Goals: a council goal kf1 with ks1 (ks) below it and ksf1 (ksf) below that; bun1
// is bun's, measured by an indicator that ksf owns; bun2 is bun's alone; x1 is a council
// goal with nothing of ks under it.
func scopeDataset() *Dataset {
	return &Dataset{
		Units: []Unit{{ID: "kf", Kind: UnitCouncil}, {ID: "ks", Kind: UnitBoard, Parent: "kf"},
			{ID: "ksf", Kind: UnitAdministration, Parent: "ks"}, {ID: "bun", Kind: UnitBoard, Parent: "kf"}},
		Goals: []Goal{{ID: "kf1"}, {ID: "ks1", Parent: "kf1", Unit: "ks"}, {ID: "ksf1", Parent: "ks1", Unit: "ksf"},
			{ID: "bun1", Unit: "bun"}, {ID: "bun2", Unit: "bun"}, {ID: "x1"}},
		Indicators: []Indicator{{ID: "i-ksf", Goal: "bun1", Owner: "ksf"}, {ID: "i-bun", Goal: "bun1", Owner: "bun"},
			{ID: "i-all", Goal: "bun1"}, {ID: "i-ks", Goal: "ks1", Owner: "ks"}},
		Assignments: []Assignment{{ID: "a-bun2", Goal: "bun2", Unit: "ksf"}, {ID: "a-ks1", Goal: "ks1"}},
	}
}

func TestScope(t *testing.T) {
	ds := scopeDataset()
	ids := func(f func(string) bool, all ...string) string {
		var out []string
		for _, id := range all {
			if f(id) {
				out = append(out, id)
			}
		}
		return strings.Join(out, " ")
	}
	goals := []string{"kf1", "ks1", "ksf1", "bun1", "bun2", "x1"}
	for _, tc := range []struct {
		unit, includes, shows, owns, children string
	}{
		// ks shows its own goals and those above them, bun1 (ksf's indicator measures
		// it) and bun2 (ksf has an assignment under it), but not x1.
		{"ks", "ks ksf", "kf1 ks1 ksf1 bun1 bun2", "ks1 ksf1", "kf1 bun1 bun2"},
		{"ksf", "ksf", "kf1 ks1 ksf1 bun1 bun2", "ksf1", "kf1 bun1 bun2"},
		// The council owns the goals no unit owns, and shows everything.
		{"kf", "kf ks ksf bun", "kf1 ks1 ksf1 bun1 bun2 x1", "kf1 ks1 ksf1 bun1 bun2 x1", "kf1 bun1 bun2 x1"},
	} {
		s := NewScope(ds, ds.Unit(tc.unit))
		if got := ids(s.Includes, "kf", "ks", "ksf", "bun"); got != tc.includes {
			t.Errorf("%s includes %q, want %q", tc.unit, got, tc.includes)
		}
		if got := ids(s.ShowsGoal, goals...); got != tc.shows {
			t.Errorf("%s shows %q, want %q", tc.unit, got, tc.shows)
		}
		if got := ids(func(id string) bool { return s.OwnsGoal(ds.Goal(id)) }, goals...); got != tc.owns {
			t.Errorf("%s owns %q, want %q", tc.unit, got, tc.owns)
		}
		var top []string
		for _, g := range s.Children("") {
			top = append(top, g.ID)
		}
		if got := strings.Join(top, " "); got != tc.children {
			t.Errorf("%s top goals %q, want %q", tc.unit, got, tc.children)
		}
	}
	ks := NewScope(ds, ds.Unit("ks"))
	var inds []string
	for _, ind := range ks.Indicators("bun1") {
		inds = append(inds, ind.ID)
	}
	if got := strings.Join(inds, " "); got != "i-ksf i-all" {
		t.Errorf("ks's indicators of bun1: %q, want the one ksf owns and the unowned one", got)
	}
	// An assignment without a unit belongs to its goal's unit.
	if as := ks.Assignments("ks1"); len(as) != 1 || as[0].ID != "a-ks1" {
		t.Errorf("ks's assignments of ks1: %v", as)
	}
	if as := NewScope(ds, ds.Unit("bun")).Assignments("bun2"); len(as) != 0 {
		t.Errorf("bun sees ksf's assignment: %v", as)
	}
}
