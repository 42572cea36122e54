package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/tertial/tertial/dataset"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

// TestUnitsPages: a controller adds, changes, moves, retires and deletes units in the
// browser; mistakes come back beside the fields with what was typed and nothing saved;
// reporters and readers get 403 and no link.
func TestUnitsPages(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	srv := site(t, db, demoDataset(t))
	controller := session
	units := srv.URL + "/kommuner/0126/struktur/enheter"
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

	if _, _, page := getAs(t, controller, srv.URL+"/kommuner/0126"); !strings.Contains(page, `<a href="/kommuner/0126/struktur/enheter">`) {
		t.Error("the municipality's page has no link to the organisation for the controller")
	}
	status, _, page := getAs(t, controller, units)
	if status != http.StatusOK || !strings.Contains(page, `<th scope="row"><a href="/kommuner/0126/struktur/enheter/kf">`) ||
		!strings.Contains(page, `<label for="overordnad">Ligger under</label>`) {
		t.Fatalf("the organisation page: %d", status)
	}
	for _, who := range []string{"rapportor", "lasare"} {
		c := login(t, srv, who)
		if _, _, page := getAs(t, c, srv.URL+"/kommuner/0126"); strings.Contains(page, "/struktur/enheter") {
			t.Errorf("%s is offered the organisation", who)
		}
		if status, _, _ := getAs(t, c, units); status != http.StatusForbidden {
			t.Errorf("%s gets the organisation page: %d", who, status)
		}
		if status, _ := postAs(t, c, units, url.Values{"id": {"ny"}, "namn": {"Ny"}, "typ": {"section"}}); status != http.StatusForbidden {
			t.Errorf("%s's post: %d", who, status)
		}
		if status, _ := postAs(t, c, units+"/ksf/ta-bort", nil); status != http.StatusForbidden {
			t.Errorf("%s's delete: %d", who, status)
		}
	}

	before := export()
	beside := func(t *testing.T, page, field, text string) {
		t.Helper()
		if !strings.Contains(page, `class="error-summary"`) || !strings.Contains(page, `<a href="#`+field+`">`) {
			t.Error("no error summary linking to the field")
		}
		i := strings.Index(page, `<label for="`+field+`">`)
		j := strings.Index(page[max(i, 0):], `id="`+field+`"`)
		if i < 0 || j < 0 || !strings.Contains(page[i:i+j], text) || !strings.Contains(page[i+j:min(len(page), i+j+300)], `aria-invalid="true"`) {
			t.Errorf("no %q beside %s", text, field)
		}
	}
	for _, c := range []struct {
		name, url, field, text string
		form                   url.Values
	}{
		{"cycle", units + "/ks", "overordnad", "under sig själv", url.Values{"namn": {"Kommunstyrelsen"}, "typ": {"board"}, "overordnad": {"ksf"}}},
		{"no name", units + "/ks", "namn", "Värde saknas", url.Values{"namn": {""}, "kortnamn": {"KS-typed"}, "typ": {"board"}, "overordnad": {"kf"}}},
		{"bad year", units + "/ks", "avslutad", "fyra siffror", url.Values{"namn": {"Kommunstyrelsen"}, "kortnamn": {"KS-typed"}, "typ": {"board"}, "overordnad": {"kf"}, "avslutad": {"tjugotjugo"}}},
		{"duplicate id", units, "id", "finns redan bland enheterna", url.Values{"id": {"ksf"}, "namn": {"Ny"}, "kortnamn": {"KS-typed"}, "typ": {"section"}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			status, page := postAs(t, controller, c.url, c.form)
			if status != http.StatusUnprocessableEntity {
				t.Fatalf("%d", status)
			}
			beside(t, page, c.field, c.text)
			if !strings.Contains(page, `value="KS-typed"`) && c.form.Get("kortnamn") != "" {
				t.Error("the typed short name is lost")
			}
			if export() != before {
				t.Error("the database changed")
			}
		})
	}
	// A unit with reports cannot be deleted; the page says it can be retired.
	status, page = postAs(t, controller, units+"/ks/ta-bort", url.Values{})
	if status != http.StatusUnprocessableEntity || !strings.Contains(page, `id="ta-bort-fel"`) || !strings.Contains(page, "kan inte tas bort men kan avslutas") {
		t.Errorf("delete of a unit with reports: %d", status)
	}
	if export() != before {
		t.Error("the database changed")
	}

	// Add, move, retire, delete.
	if status, _ := postAs(t, controller, units, url.Values{"id": {"plan"}, "namn": {"Planavdelningen"}, "typ": {"department"}, "overordnad": {"ksf"}}); status != http.StatusSeeOther {
		t.Fatalf("create: %d", status)
	}
	if _, _, page := getAs(t, controller, units+"/plan?skapad=1"); !strings.Contains(page, "Enheten är skapad") || !strings.Contains(page, `<option value="ksf" selected>`) {
		t.Error("the new unit's page")
	}
	if status, _ := postAs(t, controller, units+"/plan", url.Values{"namn": {"Planavdelningen"}, "typ": {"department"}, "overordnad": {"ks"}, "avslutad": {"2023"}}); status != http.StatusSeeOther {
		t.Fatalf("update: %d", status)
	}
	ds, err := db.Dataset(context.Background(), "0126")
	if err != nil {
		t.Fatal(err)
	}
	if u := ds.Unit("plan"); u == nil || u.Parent != "ks" || u.Retired != 2023 || u.Name != "Planavdelningen" {
		t.Fatalf("plan: %+v", u)
	}
	if status, _ := postAs(t, controller, units+"/plan/ta-bort", url.Values{}); status != http.StatusSeeOther {
		t.Fatalf("delete: %d", status)
	}
	if export() != before {
		t.Error("after adding and deleting a unit, the export differs from the one before")
	}
}
