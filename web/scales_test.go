package web_test

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

var optionRe = regexp.MustCompile(`<option value="([^"]*)"[^>]*>([^<]*)</option>`)

// selectOptions returns the options of the form's select with the id, as value and label.
func selectOptions(t *testing.T, page, id string) [][2]string {
	t.Helper()
	start := strings.Index(page, `<select id="`+id+`"`)
	if start < 0 {
		t.Fatalf("no select %s", id)
	}
	end := strings.Index(page[start:], "</select>")
	var out [][2]string
	for _, m := range optionRe.FindAllStringSubmatch(page[start:start+end], -1) {
		out = append(out, [2]string{m[1], html.UnescapeString(m[2])})
	}
	return out
}

// wantOptions are a scale's levels as a select lists them: the choice of none, then each
// level in the scale's order with its symbol before its name.
func wantOptions(none string, levels []tertial.ScaleLevel) [][2]string {
	out := [][2]string{{"", none}}
	for _, l := range levels {
		label := l.Name
		if l.Symbol != "" {
			label = l.Symbol + " " + l.Name
		}
		out = append(out, [2]string{l.ID, label})
	}
	return out
}

// TestOwnScalesThroughEveryDoor: a municipality with a goal scale of five levels and a
// status scale of its own edits with them on the site and through the API, on both
// databases. The forms list the scale's levels in order with symbol and name; a level of
// the scale is saved and shown in its words and colour; a level outside it (a default one
// the scale lacks) is refused beside the field and with a 422 naming the field, and
// nothing is saved. The API describes the scales, and its answers validate against the
// OpenAPI document, which no longer lists the default levels alone.
func TestOwnScalesThroughEveryDoor(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ds := demoDataset(t)
		storetest.OwnScales(ds)
		control := ""
		for _, c := range ds.Controls {
			if c.Unit == "ks" {
				control = c.ID
				break
			}
		}
		srv, tokens := apiSite(t, db, ds)
		cookie := login(t, srv, "rapportor")

		// The forms list the scales' levels.
		goalForm := srv.URL + periodPath + "/redigera/mal/nm-skattemedel"
		_, _, page := getAs(t, cookie, goalForm)
		if got, want := selectOptions(t, page, "bedomning"), wantOptions("Ingen bedömning ännu", storetest.FiveLevels); !equalOptions(got, want) {
			t.Errorf("goal form's options %v, want %v", got, want)
		}
		for _, form := range []string{"/redigera/uppdrag/ekonomimodell", "/redigera/kontroll/" + control} {
			_, _, page := getAs(t, cookie, srv.URL+periodPath+form)
			if got, want := selectOptions(t, page, "status"), wantOptions("Ingen status ännu", storetest.FewStatuses); !equalOptions(got, want) {
				t.Errorf("%s: options %v, want %v", form, got, want)
			}
		}

		// Each door saves a level of the scale and refuses one outside it.
		for _, c := range []struct {
			name, form, field, api, apiField string
			good, bad                        string
			label                            string // the good level's name, in the API's answer
		}{
			{"goal", "/redigera/mal/nm-skattemedel", "bedomning", ksPeriod + "/goals/nm-skattemedel", "assessment", "i_huvudsak", "partly", "I huvudsak uppfyllt"},
			{"assignment", "/redigera/uppdrag/ekonomimodell", "status", ksPeriod + "/assignments/ekonomimodell", "status", "on_track", "started", "Pågår"},
			{"internal control", "/redigera/kontroll/" + control, "status", ksPeriod + "/internal-control/" + control, "status", "not_complete", "cancelled", "Genomförs inte i år"},
		} {
			u := srv.URL + periodPath + c.form
			// The site.
			v := formVersion(t, cookie, u)
			code, page := postAs(t, cookie, u, url.Values{"version": {v}, "atgard": {"spara"}, c.field: {c.bad}})
			if code != http.StatusUnprocessableEntity || !strings.Contains(page, `id="`+c.field+`-fel"`) {
				t.Errorf("%s, form with %s: %d, want 422 with the error beside %s\n%.300s", c.name, c.bad, code, c.field, text(page))
			} else if !strings.Contains(text(page), strconv.Quote(c.bad)) {
				t.Errorf("%s, form: the message does not name %s: %.400s", c.name, c.bad, text(page))
			}
			if after := formVersion(t, cookie, u); after != v {
				t.Errorf("%s, form: a refused save changed the version from %s to %s", c.name, v, after)
			}
			if code, page := postAs(t, cookie, u, url.Values{"version": {v}, "atgard": {"spara"}, c.field: {c.good}}); code != http.StatusSeeOther {
				t.Errorf("%s, form with %s: %d, want 303\n%.300s", c.name, c.good, code, text(page))
			}
			_, _, page = getAs(t, cookie, u)
			if !regexp.MustCompile(`<option value="` + c.good + `" selected>`).MatchString(page) {
				t.Errorf("%s, form: %s is not selected after the save", c.name, c.good)
			}
			// The API.
			version, _ := strconv.Atoi(formVersion(t, cookie, u))
			r := call(t, srv, "PUT", c.api, tokens["rapportor"], map[string]any{"version": version, c.apiField: c.bad})
			named := false
			for i := 0; path(r.body, "error", "fields", i) != nil; i++ {
				named = named || path(r.body, "error", "fields", i, "field") == c.apiField
			}
			if r.status != http.StatusUnprocessableEntity || !named {
				t.Errorf("%s, API with %s: %d, want 422 naming %s: %s", c.name, c.bad, r.status, c.apiField, r.raw)
			}
			r = call(t, srv, "PUT", c.api, tokens["rapportor"], map[string]any{"version": version, c.apiField: c.good})
			if r.status != http.StatusOK || path(r.body, c.apiField) != c.good || path(r.body, c.apiField+"_label") != c.label {
				t.Errorf("%s, API with %s: %d %s, want 200 with the label %s", c.name, c.good, r.status, r.raw, c.label)
			}
			if c.name == "goal" {
				validate(t, "SavedGoal", r.raw)
			} else {
				validate(t, "SavedStatus", r.raw)
			}
		}

		// The API tells a client the levels it may use.
		r := call(t, srv, "GET", "/api/v1/municipalities/0126", tokens["rapportor"], nil)
		validate(t, "MunicipalityDoc", r.raw)
		for i, l := range storetest.FiveLevels {
			if path(r.body, "scales", "goals", i, "id") != l.ID || path(r.body, "scales", "goals", i, "colour") != string(l.Colour) {
				t.Errorf("scales.goals[%d] is %v, want %s", i, path(r.body, "scales", "goals", i), l.ID)
			}
		}
		r = call(t, srv, "GET", ksPeriod, tokens["rapportor"], nil)
		validate(t, "PeriodDoc", r.raw)
		if n := len(path(r.body, "scales", "statuses").([]any)); n != len(storetest.FewStatuses) {
			t.Errorf("the period's status scale has %d levels, want %d", n, len(storetest.FewStatuses))
		}

		// The period page shows the saved levels with symbol, colour and name.
		_, _, page = getAs(t, cookie, srv.URL+periodPath)
		huvudsak, pagar := storetest.FiveLevels[1], storetest.FewStatuses[1]
		for _, want := range []string{
			`<p class="assessment fill-` + string(huvudsak.Colour) + `"><strong>Bedömning:</strong> <span class="symbol colour-` + string(huvudsak.Colour) + `" aria-hidden="true">` + huvudsak.Symbol + `</span> ` + huvudsak.Name + `</p>`,
			`<td class="status fill-` + string(pagar.Colour) + `"><span class="symbol colour-` + string(pagar.Colour) + `" aria-hidden="true">` + pagar.Symbol + `</span> ` + pagar.Name + `</td>`,
		} {
			if !strings.Contains(page, want) {
				t.Errorf("the period page lacks %s", want)
			}
		}
	})
}

func equalOptions(a, b [][2]string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestPeriodPageInOwnWords: the period page and the list of what to fill in say the
// municipality's words where the report does: "Aktivitet", not "Uppdrag".
func TestPeriodPageInOwnWords(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	ds := ekbyDataset(t)
	ds.Municipality.Vocabulary = tertial.Vocabulary{tertial.TermAssignment: "Aktivitet", tertial.TermGoalArea: "Inriktning",
		tertial.TermAssessment: "Omdöme"}
	srv := site(t, db, ds)
	cookie := login(t, srv, "controller-ekby")
	base := srv.URL + "/kommuner/9901/enheter/kfn/perioder/2025-04"
	for _, u := range []string{base, base + "/redigera"} {
		_, _, page := getAs(t, cookie, u)
		words := text(page)
		if !strings.Contains(words, "Aktivitet") {
			t.Errorf("%s does not say Aktivitet", u)
		}
		for _, old := range []string{"Uppdrag", "Målområde"} {
			if strings.Contains(words, old) {
				t.Errorf("%s says %s", u, old)
			}
		}
	}
	_, _, page := getAs(t, cookie, base)
	for _, want := range []string{"<caption>Aktivitet</caption>", "<h2>Inriktning: ", "<strong>Omdöme:</strong>"} {
		if !strings.Contains(page, want) {
			t.Errorf("the period page lacks %s", want)
		}
	}
}
