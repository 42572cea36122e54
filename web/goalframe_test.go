package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/dataset"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

// TestGoalFrameForm: a controller changes the goal levels and areas in the browser; a
// level or an area a goal uses, a line that cannot be read and an unknown dimension come
// back beside their field with what was typed, and nothing changes; reporters get 403.
func TestGoalFrameForm(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	srv := site(t, db, demoDataset(t))
	page := srv.URL + "/kommuner/0126/struktur/malnivaer"
	export := func() string {
		ds, err := db.Dataset(context.Background(), "0126")
		if err != nil {
			t.Fatal(err)
		}
		b, err := dataset.Encode(ds)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	if status, _ := postAs(t, login(t, srv, "rapportor"), page, url.Values{"nivaer": {"kf; KF-mål"}}); status != http.StatusForbidden {
		t.Errorf("a reporter's post: %d", status)
	}
	status, _, form := getAs(t, session, page)
	if status != http.StatusOK || !strings.Contains(form, "kf; KF-mål") {
		t.Fatalf("the form: %d", status)
	}
	ds := demoDataset(t)
	var areaLines []string
	for _, a := range ds.GoalAreas {
		areaLines = append(areaLines, a.ID+"; "+a.Name+"; "+string(a.Dimension))
	}
	areas := strings.Join(areaLines, "\n")
	before := export()
	for _, c := range []struct {
		name, field, msg string
		form             url.Values
	}{
		{"a level in use", "nivaer", "En nivå som ett mål har kan inte tas bort", url.Values{"nivaer": {"kf; KF-mål"}, "omraden": {areas}}},
		{"an area in use", "omraden", "flytta målet", url.Values{"nivaer": {"kf; KF-mål\nnm; Nämndmål"}, "omraden": {areaLines[0]}}},
		{"no name", "nivaer", "Rad 2", url.Values{"nivaer": {"kf; KF-mål\nnm"}, "omraden": {areas}}},
		{"an unknown dimension", "omraden", "kulturell", url.Values{"nivaer": {"kf; KF-mål\nnm; Nämndmål"}, "omraden": {areas + "\nkultur; Kultur; kulturell"}}},
	} {
		status, body := postAs(t, session, page, c.form)
		if status != http.StatusUnprocessableEntity || !strings.Contains(fieldErrorOf(body, c.field), c.msg) {
			t.Errorf("%s: %d, beside %s: %q", c.name, status, c.field, fieldErrorOf(body, c.field))
		}
		if !strings.Contains(body, `<a href="#`+c.field+`">`) {
			t.Errorf("%s: the error summary does not link to the field", c.name)
		}
	}
	if export() != before {
		t.Fatal("a refused form changed the dataset")
	}
	status, _ = postAs(t, session, page, url.Values{"nivaer": {"kf; Kommunfullmäktiges mål\nnm; Nämndmål\nenh; Enhetsmål"},
		"omraden": {areas + "\nkultur; Kultur och fritid; social; Ett rikt fritidsliv"}})
	if status != http.StatusSeeOther {
		t.Fatalf("save: %d", status)
	}
	after, err := db.Dataset(context.Background(), "0126")
	if err != nil {
		t.Fatal(err)
	}
	last := after.GoalAreas[len(after.GoalAreas)-1]
	if len(after.GoalLevels) != 3 || after.GoalLevels[0].Name != "Kommunfullmäktiges mål" || last.ID != "kultur" ||
		last.Dimension != tertial.Social || last.Description != "Ett rikt fritidsliv" {
		t.Errorf("saved %+v %+v", after.GoalLevels, last)
	}
}
