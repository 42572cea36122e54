package web

import (
	"net/url"
	"testing"

	"github.com/tertial/tertial"
)

// A scale's levels written into the settings form and read back keep their colours, so
// that saving the settings page unchanged never drops a colour the file gave.
func TestSettingsScaleLinesKeepColours(t *testing.T) {
	levels := []tertial.ScaleLevel{
		{ID: "helt", Name: "Helt uppfyllt", Symbol: "●", Colour: tertial.Colour("green")},
		{ID: "delvis", Name: "Delvis uppfyllt", Symbol: "◑"},
	}
	form := url.Values{scaleField(tertial.ScaleGoals): {scaleLines(levels)}}
	s, errs := settingsFromForm(form)
	if len(errs) != 0 {
		t.Fatalf("errors: %v", errs)
	}
	got := s.Scales[tertial.ScaleGoals]
	if len(got) != 2 || got[0] != levels[0] || got[1] != levels[1] {
		t.Errorf("read back %+v, want %+v", got, levels)
	}
	bad := url.Values{scaleField(tertial.ScaleGoals): {"helt; Helt; ●; green; extra"}}
	if _, errs := settingsFromForm(bad); len(errs) != 1 {
		t.Errorf("five parts: errors %v, want one", errs)
	}
}
