package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/tertial/tertial/htmlreport"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

// TestSettingsColour: the settings form has a labelled text field for the cover's colour
// with its pattern and hint; a colour too light for white text or written otherwise comes
// back beside the field with the ratio found and what was typed, nothing saved; a good one
// is saved and shown; an empty field removes it.
func TestSettingsColour(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	srv := site(t, db, demoDataset(t))
	admin := login(t, srv, "admin")
	settings := srv.URL + "/kommuner/0126/installningar"
	colour := func() string {
		ds, err := db.Dataset(context.Background(), "0126")
		if err != nil {
			t.Fatal(err)
		}
		return ds.Municipality.Colour
	}
	_, _, page := getAs(t, admin, settings)
	i := strings.Index(page, `<label for="farg">`)
	j := strings.Index(page, `<input id="farg" name="farg" type="text"`)
	if i < 0 || j < i || !strings.Contains(page[j:j+300], `pattern="#[0-9A-Fa-f]{6}"`) || !strings.Contains(page[j:j+300], `aria-describedby="farg-hint"`) ||
		!strings.Contains(page[i:j], "4,5:1") {
		t.Fatalf("no colour field with its label, hint and pattern")
	}
	form := func(c string) url.Values {
		return url.Values{"namn": {"Huddinge kommun"}, "lan": {"Stockholms län"}, "lanskod": {"01"}, "farg": {c}}
	}
	for _, c := range []struct{ value, text string }{
		{"#777777", "4,48:1"},
		{"#FFF", "#RRGGBB"},
		{"<b>blå</b>", "#RRGGBB"},
	} {
		status, page := postAs(t, admin, settings, form(c.value))
		if status != http.StatusUnprocessableEntity {
			t.Fatalf("%s: %d", c.value, status)
		}
		i := strings.Index(page, `<label for="farg">`)
		j := strings.Index(page[max(i, 0):], `id="farg"`)
		if i < 0 || j < 0 || !strings.Contains(page[i:i+j], c.text) || !strings.Contains(page[i+j:min(len(page), i+j+600)], `aria-invalid="true"`) {
			t.Errorf("%s: no %q beside the field", c.value, c.text)
		}
		if !strings.Contains(page, `<a href="#farg">`) {
			t.Errorf("%s: the error summary does not link to the field", c.value)
		}
		if strings.Contains(page, "<b>blå</b>") {
			t.Error("the typed text is not escaped")
		}
		if colour() != "" {
			t.Fatalf("%s was saved", c.value)
		}
	}
	if status, _ := postAs(t, admin, settings, form(" #005A9C ")); status != http.StatusSeeOther {
		t.Fatalf("save: %d", status)
	}
	if c := colour(); c != "#005A9C" {
		t.Fatalf("saved %q", c)
	}
	if _, _, page := getAs(t, admin, settings); !strings.Contains(page, `name="farg" type="text" value="#005A9C"`) {
		t.Error("the saved colour is not shown")
	}
	// The report's cover has the band, and the page's policy allows its style sheet.
	status, h, page := getAs(t, admin, srv.URL+"/kommuner/0126/enheter/ks/perioder/2021-08/rapport")
	if status != http.StatusOK || !strings.Contains(page, `<div class="band">`) || !strings.Contains(page, "background: #005A9C") ||
		!strings.Contains(h.Get("Content-Security-Policy"), "style-src "+htmlreport.StyleSources("#005A9C")+";") {
		t.Errorf("the report with the colour: %d, policy %q", status, h.Get("Content-Security-Policy"))
	}
	if status, _ := postAs(t, admin, settings, form("")); status != http.StatusSeeOther || colour() != "" {
		t.Errorf("removing the colour: %d, %q", status, colour())
	}
	c := login(t, srv, "controller")
	if status, _ := postAs(t, c, settings, form("#005A9C")); status != http.StatusForbidden || colour() != "" {
		t.Errorf("a controller's colour: %d", status)
	}
}

// TestAPISettingsColour: the settings' colour is in the API's answer; a PUT sets it, one
// without it leaves it as it is, "" removes it, and one too light is refused at
// municipality.colour with nothing changed.
func TestAPISettingsColour(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	srv, tokens := apiSite(t, db, demoDataset(t))
	const settings = "/api/v1/municipalities/0126/settings"
	colour := func() string {
		ds, err := db.Dataset(context.Background(), "0126")
		if err != nil {
			t.Fatal(err)
		}
		return ds.Municipality.Colour
	}
	body := func(c any) map[string]any {
		b := map[string]any{"name": "Huddinge kommun", "county": "Stockholms län"}
		if c != nil {
			b["colour"] = c
		}
		return b
	}
	r := call(t, srv, "PUT", settings, tokens["admin"], body("#005A9C"))
	if r.status != http.StatusOK || r.body["colour"] != "#005A9C" || colour() != "#005A9C" {
		t.Fatalf("set: %d %s", r.status, r.raw)
	}
	r = call(t, srv, "PUT", settings, tokens["admin"], body(nil))
	if r.status != http.StatusOK || r.body["colour"] != "#005A9C" || colour() != "#005A9C" {
		t.Errorf("a PUT without colour: %d %s", r.status, r.raw)
	}
	r = call(t, srv, "PUT", settings, tokens["admin"], body("#777777"))
	fields, _ := path(r.body, "error", "fields").([]any)
	found := false
	for _, f := range fields {
		msg, _ := path(f, "message").(string)
		found = found || path(f, "field") == "municipality.colour" && strings.Contains(msg, "4,48:1")
	}
	if r.status != http.StatusUnprocessableEntity || !found || colour() != "#005A9C" {
		t.Errorf("too light: %d %s", r.status, r.raw)
	}
	if r := call(t, srv, "PUT", settings, tokens["controller"], body("#1B1B1B")); r.status != http.StatusForbidden || colour() != "#005A9C" {
		t.Errorf("a controller: %d", r.status)
	}
	r = call(t, srv, "PUT", settings, tokens["admin"], body(""))
	if r.status != http.StatusOK || r.body["colour"] != "" || colour() != "" {
		t.Errorf("removing: %d %s", r.status, r.raw)
	}
}

// TestAccessibilityAxeColour: axe's WCAG 2.1 A and AA rules pass on the report whose cover
// has the lightest colour the rule set takes (#767676, 4.54:1 against white), and on the
// settings page showing it.
func TestAccessibilityAxeColour(t *testing.T) {
	axeTools(t)
	db := storetest.Open(t, store.SQLite)
	srv := site(t, db, demoDataset(t))
	admin := login(t, srv, "admin")
	settings := srv.URL + "/kommuner/0126/installningar"
	form := url.Values{"namn": {"Huddinge kommun"}, "lan": {"Stockholms län"}, "lanskod": {"01"}, "farg": {"#767676"}}
	if status, _ := postAs(t, admin, settings, form); status != http.StatusSeeOther {
		t.Fatalf("save: %d", status)
	}
	report := srv.URL + "/kommuner/0126/enheter/ks/perioder/2021-08/rapport"
	if _, _, page := getAs(t, admin, report); !strings.Contains(page, "background: #767676") {
		t.Fatal("the report has no band")
	}
	runAxe(t, []string{report, settings}, admin, srv.URL)
}
