package web_test

import (
	"context"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/internal/fixture"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

// TestTemplateEditorConsolidation: the template editor offers the consolidating kinds by
// their Swedish names and saves them with their ref and the boards they choose.
func TestTemplateEditorConsolidation(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	srv := site(t, db, demoDataset(t))
	base := srv.URL + "/kommuner/0126/struktur/mallar"
	if status, _ := postAs(t, session, base, url.Values{"id": {"kf"}, "namn": {"Kommunens delårsrapport"}}); status != http.StatusSeeOther {
		t.Fatalf("create: %d", status)
	}
	_, _, page := getAs(t, session, base+"/kf")
	for _, want := range []string{`>Fullmäktiges mål i nämnderna (council_goals)<`, `>Nämndernas budgetavvikelser (board_deviations)<`, `>Nämndernas rapporter (board_reports)<`} {
		if !strings.Contains(page, want) {
			t.Errorf("the editor lacks the option %s", want)
		}
	}
	form := url.Values{"namn": {"Kommunens delårsrapport"},
		"s0-slag": {"council_goals"}, "s0-nivaer": {"kf"}, "s0-agare": {"ks"},
		"s1-slag": {"board_deviations"}, "s1-ref": {"driftredovisning"},
		"s2-slag": {"board_reports"}, "s2-titel": {"Bilagor"}}
	bad := url.Values{}
	for k, v := range form {
		bad[k] = v
	}
	bad.Set("s1-ref", "")
	if status, page := postAs(t, session, base+"/kf", bad); status != http.StatusUnprocessableEntity || !strings.Contains(page, `id="s1-ref-fel"`) {
		t.Errorf("board_deviations without ref: %d", status)
	}
	if status, _ := postAs(t, session, base+"/kf", form); status != http.StatusSeeOther {
		t.Fatalf("save: %d", status)
	}
	ds, _ := db.Dataset(context.Background(), "0126")
	want := []tertial.Section{
		{Kind: tertial.SectionCouncilGoals, Levels: []string{"kf"}, Owners: []string{"ks"}},
		{Kind: tertial.SectionBoardDeviations, Ref: "driftredovisning"},
		{Kind: tertial.SectionBoardReports, Title: "Bilagor"},
	}
	if got := ds.Template("kf"); got == nil || !reflect.DeepEqual(got.Sections, want) {
		t.Errorf("saved template %+v", got)
	}
}

// TestAccessibilityAxeConsolidated: axe's WCAG 2.1 A and AA rules pass on kommunfullmäktige's
// report with the boards' assessments, deviations and reports as appendices.
func TestAccessibilityAxeConsolidated(t *testing.T) {
	axeTools(t)
	ds, err := fixture.Consolidated()
	if err != nil {
		t.Fatal(err)
	}
	db := storetest.Open(t, store.SQLite)
	srv := site(t, db, ds)
	admin := login(t, srv, "admin")
	report := srv.URL + "/kommuner/9901/enheter/kf/perioder/2025-04/rapport"
	if status, _, page := getAs(t, admin, report); status != http.StatusOK || !strings.Contains(page, "Nämndernas budgetavvikelser") {
		t.Fatalf("the consolidated report: %d", status)
	}
	runAxe(t, []string{report}, admin, srv.URL)
}
