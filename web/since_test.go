package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/tertial/tertial"

	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

// TestGoalSinceForm: a goal of next year's plan ("Första år i kraft") is not in this
// year's report and is in next year's; a first year that would leave a goal's follow-ups
// outside it comes back beside the field and nothing is saved.
func TestGoalSinceForm(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	srv := site(t, db, demoDataset(t))
	base := srv.URL + "/kommuner/0126/struktur/mal"
	if _, err := db.CreatePeriod(context.Background(), "test", "0126", tertial.PeriodSpec{Unit: "ks", ID: "2022-08", Kind: tertial.PeriodInterim,
		Title: "Delårsrapport per 31 augusti 2022", Cutoff: time.Date(2022, 8, 31, 0, 0, 0, 0, time.UTC), From: "2021-08"}); err != nil {
		t.Fatal(err)
	}
	status, _ := postAs(t, session, base+"/nytt", url.Values{"version": {"0"}, "id": {"nm-tak"}, "titel": {"Fler gröna tak"},
		"niva": {"nm"}, "overordnat": {"kf-skattemedel"}, "enhet": {"ks"}, "fran": {"2022"}})
	if status != http.StatusSeeOther {
		t.Fatalf("create: %d", status)
	}
	report := func(period string) string {
		t.Helper()
		status, _, page := getAs(t, session, srv.URL+"/kommuner/0126/enheter/ks/perioder/"+period+"/rapport")
		if status != http.StatusOK {
			t.Fatalf("report %s: %d", period, status)
		}
		return page
	}
	if strings.Contains(report("2021-08"), "Fler gröna tak") {
		t.Error("2021's report shows a goal in force from 2022")
	}
	if !strings.Contains(report("2022-08"), "Fler gröna tak") {
		t.Error("2022's report lacks a goal in force from 2022")
	}
	// A goal followed up in 2021 cannot begin in 2022.
	ds, err := db.Dataset(context.Background(), "0126")
	if err != nil {
		t.Fatal(err)
	}
	g := ds.Goal("nm-skattemedel")
	v := formVersion(t, session, base+"/nm-skattemedel")
	form := formValues(func() string { _, _, p := getAs(t, session, base+"/nm-skattemedel"); return p }(), "/struktur/mal/nm-skattemedel")
	form.Set("version", v)
	form.Set("fran", "2022")
	status, page := postAs(t, session, base+"/nm-skattemedel", form)
	if status != http.StatusUnprocessableEntity || !strings.Contains(fieldErrorOf(page, "fran"), "gäller från 2022") {
		t.Errorf("a first year after the goal's follow-ups: %d %q", status, fieldErrorOf(page, "fran"))
	}
	after, _ := db.Dataset(context.Background(), "0126")
	if after.Goal("nm-skattemedel").Since != 0 || after.Goal("nm-skattemedel").Version != g.Version {
		t.Error("the refused form saved")
	}
}
