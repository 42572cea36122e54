package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

// TestRiskActionsPage: on a risk's page a controller adds, changes and removes the risk's
// actions; an empty text, an ID in use and removing a followed-up action come back beside
// their field with the typed text kept and change nothing; a reporter is refused.
func TestRiskActionsPage(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	srv := site(t, db, demoDataset(t))
	base := srv.URL + "/kommuner/0126/struktur/intern-kontroll/risker/risk-brandskydd"
	snapshot := func() string { return string(export(t, db)) }
	actions := func() []tertial.RiskAction {
		ds, err := db.Dataset(context.Background(), "0126")
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range ds.Risks {
			if r.ID == "risk-brandskydd" {
				return r.Actions
			}
		}
		t.Fatal("no risk-brandskydd")
		return nil
	}
	status, _, page := get(t, base)
	if status != http.StatusOK || !strings.Contains(page, "<h2 id=\"atgarder-rubrik\">Riskreducerande åtgärder</h2>") ||
		!strings.Contains(page, `<label for="atgard-atgard-brandskyddsarbete-text">`) || !strings.Contains(page, "Följd upp i 2021-08") {
		t.Fatalf("risk page: %d", status)
	}
	reporter := login(t, srv, "rapportor")
	if status, _ := postAs(t, reporter, base+"/atgarder", url.Values{"ny-atgard-id": {"atgard-ny"}, "ny-atgard-text": {"x"}}); status != http.StatusForbidden {
		t.Errorf("reporter: %d", status)
	}
	before := snapshot()
	for _, c := range []struct {
		name, path string
		form       url.Values
		field, msg string
	}{
		{"empty text", "/atgarder", url.Values{"ny-atgard-id": {"atgard-ny"}, "ny-atgard-text": {"  "}}, "ny-atgard-text", "saknas"},
		{"id in use", "/atgarder", url.Values{"ny-atgard-id": {"risk-brandskydd"}, "ny-atgard-text": {"Utbilda personalen"}}, "ny-atgard-id", "finns redan"},
		{"emptied text", "/atgarder/atgard-brandskyddsarbete", url.Values{"atgard-atgard-brandskyddsarbete-text": {""}}, "atgard-atgard-brandskyddsarbete-text", "saknas"},
	} {
		t.Run(c.name, func(t *testing.T) {
			status, page := postAs(t, session, base+c.path, c.form)
			if status != http.StatusUnprocessableEntity || !besideField(page, c.field, c.msg) || !strings.Contains(page, `<a href="#`+c.field+`">`) {
				t.Errorf("%d: not beside %s", status, c.field)
			}
			if c.name == "id in use" && !strings.Contains(page, ">Utbilda personalen</textarea>") {
				t.Error("the typed text is lost")
			}
			if snapshot() != before {
				t.Error("the database changed")
			}
		})
	}
	// The risk's own form, emptied: the error beside its field, the unit kept.
	status, page = postAs(t, session, base, url.Values{"enhet": {"ks"}, "text": {""}, "process": {"Typad process"}})
	if status != http.StatusUnprocessableEntity || !besideField(page, "text", "saknas") || !strings.Contains(page, `value="Typad process"`) || snapshot() != before {
		t.Errorf("emptied risk: %d", status)
	}
	status, page = postAs(t, session, base+"/atgarder/atgard-brandskyddsarbete/ta-bort", url.Values{})
	if status != http.StatusUnprocessableEntity || !strings.Contains(page, `id="atgard-atgard-brandskyddsarbete-ta-bort-fel"`) ||
		!strings.Contains(page, "har följts upp") || snapshot() != before {
		t.Errorf("removing a followed-up action: %d", status)
	}

	if status, _ := postAs(t, session, base+"/atgarder", url.Values{"ny-atgard-id": {"atgard-utbildning"}, "ny-atgard-text": {"Utbilda personalen"}}); status != http.StatusSeeOther {
		t.Fatalf("add: %d", status)
	}
	if status, _ := postAs(t, session, base+"/atgarder/atgard-brandskyddsarbete", url.Values{"atgard-atgard-brandskyddsarbete-text": {"Ett digitalt brandskyddsarbete."}}); status != http.StatusSeeOther {
		t.Fatalf("change: %d", status)
	}
	a := actions()
	if len(a) != 2 || a[0].Action != "Ett digitalt brandskyddsarbete." || len(a[0].Followups) == 0 || a[1].ID != "atgard-utbildning" || a[1].Action != "Utbilda personalen" {
		t.Errorf("after adding and changing: %+v", a)
	}
	if _, _, page := get(t, base+"?atgard=sparad"); !strings.Contains(page, "Åtgärden är sparad.") || !strings.Contains(page, "Utbilda personalen</textarea>") {
		t.Error("the risk page does not show the new action")
	}
	if status, _ := postAs(t, session, base+"/atgarder/atgard-utbildning/ta-bort", url.Values{}); status != http.StatusSeeOther {
		t.Fatalf("remove: %d", status)
	}
	if a := actions(); len(a) != 1 || a[0].ID != "atgard-brandskyddsarbete" {
		t.Errorf("after removing: %+v", a)
	}
	if status, _ := postAs(t, session, base+"/atgarder/finns-inte", url.Values{}); status != http.StatusNotFound {
		t.Errorf("unknown action: %d", status)
	}
}
