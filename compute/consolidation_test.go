package compute

import "testing"

// TestCouncilGoalSentences: the boards' assessments of a council goal counted in words.
func TestCouncilGoalSentences(t *testing.T) {
	lv := func(a, p, n int) []LevelCount {
		return []LevelCount{{"Uppnås", a}, {"Uppnås delvis", p}, {"Uppnås ej", n}, {"Kan inte bedömas", 0}}
	}
	for _, c := range []struct {
		total int
		l     []LevelCount
		mixed int
		want  string
	}{
		{0, lv(0, 0, 0), 0, "Ingen nämnd bidrar till målet i perioden."},
		{1, lv(1, 0, 0), 0, "En nämnd bidrar till målet och har bedömningen uppnås."},
		{1, lv(0, 0, 0), 0, "En nämnd bidrar till målet. Den saknar bedömning."},
		{2, lv(0, 2, 0), 0, "Båda nämnderna som bidrar till målet har bedömningen uppnås delvis."},
		{5, lv(5, 0, 0), 0, "Samtliga fem nämnder som bidrar till målet har bedömningen uppnås."},
		{5, lv(3, 1, 1), 0, "Av fem nämnder som bidrar till målet har tre bedömningen uppnås, en uppnås delvis och en uppnås ej."},
		{5, lv(3, 0, 0), 1, "Av fem nämnder som bidrar till målet har tre bedömningen uppnås. En har olika bedömningar av sina mål under det. En saknar bedömning."},
		{4, lv(0, 0, 0), 0, "Fyra nämnder bidrar till målet. Ingen av dem har någon bedömning."},
		{3, lv(0, 0, 0), 2, "Tre nämnder bidrar till målet. Två har olika bedömningar av sina mål under det. En saknar bedömning."},
	} {
		if got := CouncilGoalSentences(Boards, c.total, c.l, c.mixed); got != c.want {
			t.Errorf("%d boards %v mixed %d:\n got %s\nwant %s", c.total, c.l, c.mixed, got, c.want)
		}
	}
}
