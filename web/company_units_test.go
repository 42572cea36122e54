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

// storedUnit returns a unit of Ekby as stored, nil if there is none.
func storedUnit(t *testing.T, db *store.DB, id string) *tertial.Unit {
	t.Helper()
	ds, err := db.Dataset(context.Background(), "9901")
	if err != nil {
		t.Fatal(err)
	}
	return ds.Unit(id)
}

func shareOf(u *tertial.Unit) string {
	if u == nil || u.Share == nil {
		return ""
	}
	return u.Share.String()
}

// TestUnitFormCompany: the unit form has a company's ownership share and
// organisationsnummer, marked as only for companies; a company is created on the site
// with both; a missing or out-of-range share, a share that is no number, a share on a
// board and a badly written org number come back beside their fields in the rule set's
// words, nothing saved; an edit changes the org number, and clearing a company's share
// is refused rather than ignored. The history names the share.
func TestUnitFormCompany(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	srv := site(t, db, ekbyDemo(t))
	units := srv.URL + "/kommuner/9901/struktur/enheter"
	status, _, page := getAs(t, session, units)
	if status != http.StatusOK || !strings.Contains(page, `<label for="andel">Ägarandel (%)</label>`) ||
		!strings.Contains(page, `<label for="orgnr">Organisationsnummer (valfritt)</label>`) || !strings.Contains(page, "Endast för bolag") {
		t.Fatalf("the new unit's form lacks the company's fields: %d", status)
	}
	company := url.Values{"id": {"ekbyvatten"}, "namn": {"Ekby Vatten AB"}, "typ": {"company"}, "overordnad": {"kf"},
		"andel": {"60,5"}, "orgnr": {"556123-4567"}}
	with := func(v url.Values, k, s string) url.Values {
		out := url.Values{}
		for kk, vv := range v {
			out[kk] = vv
		}
		out.Set(k, s)
		return out
	}
	for _, c := range []struct {
		name, field, msg string
		form             url.Values
	}{
		{"no share", "andel", "ägarandel saknas", with(company, "andel", "")},
		{"a share above 100", "andel", "högst 100", with(company, "andel", "150")},
		{"a share that is no number", "andel", "inget tal", with(company, "andel", "hälften")},
		{"a share on a board", "andel", "bara ett bolag", with(with(company, "typ", "board"), "orgnr", "")},
		{"a bad org number", "orgnr", "556123-4567", with(company, "orgnr", "5561234567")},
	} {
		status, got := postAs(t, session, units, c.form)
		if status != http.StatusUnprocessableEntity || !strings.Contains(strings.ToLower(fieldErrorOf(got, c.field)), c.msg) {
			t.Errorf("%s: %d, beside %s: %q %s", c.name, status, c.field, fieldErrorOf(got, c.field), fieldErrorsText(got))
		}
		if storedUnit(t, db, "ekbyvatten") != nil {
			t.Fatalf("%s: the unit was created", c.name)
		}
	}
	if status, got := postAs(t, session, units, company); status != http.StatusSeeOther {
		t.Fatalf("create: %d %s", status, fieldErrorsText(got))
	}
	if u := storedUnit(t, db, "ekbyvatten"); u == nil || u.Kind != tertial.UnitCompany || shareOf(u) != "60.5" || u.OrgNumber != "556123-4567" {
		t.Fatalf("stored %+v", u)
	}
	unit := units + "/ekbyvatten"
	_, _, page = getAs(t, session, unit)
	if !strings.Contains(page, `name="andel" type="text" value="60,5"`) || !strings.Contains(page, `value="556123-4567"`) {
		t.Error("the unit's form does not show its share and org number")
	}
	edit := url.Values{"namn": {"Ekby Vatten AB"}, "typ": {"company"}, "overordnad": {"kf"}, "andel": {"60,5"}, "orgnr": {"556123-4568"}}
	if status, got := postAs(t, session, unit, edit); status != http.StatusSeeOther {
		t.Fatalf("edit: %d %s", status, fieldErrorsText(got))
	}
	if u := storedUnit(t, db, "ekbyvatten"); shareOf(u) != "60.5" || u.OrgNumber != "556123-4568" {
		t.Errorf("after the edit %+v", u)
	}
	status, got := postAs(t, session, unit, with(edit, "andel", ""))
	if status != http.StatusUnprocessableEntity || !strings.Contains(strings.ToLower(fieldErrorOf(got, "andel")), "ägarandel saknas") {
		t.Errorf("a cleared share: %d %q", status, fieldErrorOf(got, "andel"))
	}
	if u := storedUnit(t, db, "ekbyvatten"); shareOf(u) != "60.5" {
		t.Errorf("a refused edit changed the share: %+v", u)
	}
	_, _, history := getAs(t, session, srv.URL+"/historik?kommun=9901&typ=unit&nyckel=ekbyvatten")
	if h := text(history); !strings.Contains(h, "Ägarandel satt till 60,5 %") || !strings.Contains(h, "556123-4568") {
		t.Errorf("history: %.800s", h)
	}
}

// TestAPIUnitCompany: the units' API carries a company's share (a decimal string) and
// org number: a POST creates a company with them and a company without a share is 422 on
// share; a PUT that leaves both out keeps them, one that gives either replaces both (so
// an org number alone is refused for the missing share, nothing changed); the
// municipality's units show them.
func TestAPIUnitCompany(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	srv, tokens := apiSite(t, db, ekbyDemo(t))
	const units = "/api/v1/municipalities/9901/units"
	tok := tokens["controller-ekby"]
	r := call(t, srv, "POST", units, tok, map[string]any{"id": "ekbyvatten", "name": "Ekby Vatten AB", "kind": "company", "parent": "kf"})
	if r.status != http.StatusUnprocessableEntity || path(r.body, "error", "fields", 0, "field") != "share" {
		t.Errorf("a company without a share: %d %s", r.status, r.raw)
	}
	r = call(t, srv, "POST", units, tok, map[string]any{"id": "ekbyvatten", "name": "Ekby Vatten AB", "kind": "company", "parent": "kf", "share": "sextio"})
	if r.status != http.StatusUnprocessableEntity || path(r.body, "error", "fields", 0, "field") != "share" {
		t.Errorf("a share that is no number: %d %s", r.status, r.raw)
	}
	if storedUnit(t, db, "ekbyvatten") != nil {
		t.Fatal("a refused POST created the unit")
	}
	r = call(t, srv, "POST", units, tok, map[string]any{"id": "ekbyvatten", "name": "Ekby Vatten AB", "kind": "company", "parent": "kf",
		"share": "60.5", "org_number": "556123-4567"})
	if r.status != http.StatusCreated || r.body["share"] != "60.5" || r.body["org_number"] != "556123-4567" {
		t.Fatalf("create: %d %s", r.status, r.raw)
	}
	validate(t, "Unit", r.raw)
	r = call(t, srv, "PUT", units+"/ekbyvatten", tok, map[string]any{"name": "Ekby Vatten och Avlopp AB", "kind": "company", "parent": "kf"})
	if u := storedUnit(t, db, "ekbyvatten"); r.status != http.StatusOK || shareOf(u) != "60.5" || u.OrgNumber != "556123-4567" || u.Name != "Ekby Vatten och Avlopp AB" {
		t.Errorf("a PUT without share and org number: %d %s, stored %+v", r.status, r.raw, u)
	}
	r = call(t, srv, "PUT", units+"/ekbyvatten", tok, map[string]any{"name": "Ekby Vatten och Avlopp AB", "kind": "company", "parent": "kf", "org_number": "556123-4568"})
	if r.status != http.StatusUnprocessableEntity || path(r.body, "error", "fields", 0, "field") != "share" {
		t.Errorf("an org number without the share: %d %s", r.status, r.raw)
	}
	if u := storedUnit(t, db, "ekbyvatten"); u.OrgNumber != "556123-4567" {
		t.Errorf("a refused PUT changed the org number: %+v", u)
	}
	r = call(t, srv, "PUT", units+"/ekbyvatten", tok, map[string]any{"name": "Ekby Vatten och Avlopp AB", "kind": "company", "parent": "kf", "share": "75", "org_number": ""})
	if u := storedUnit(t, db, "ekbyvatten"); r.status != http.StatusOK || shareOf(u) != "75" || u.OrgNumber != "" || r.body["org_number"] != nil {
		t.Errorf("a PUT of the share, the org number cleared: %d %s, stored %+v", r.status, r.raw, u)
	}
	r = call(t, srv, "GET", "/api/v1/municipalities/9901", tokens["lasare-ekby"], nil)
	if !strings.Contains(string(r.raw), `"share":"100","org_number":"556990-0017"`) || strings.Contains(string(r.raw), `"kind":"board","parent":"kf","share"`) {
		t.Errorf("the municipality's units: %.2000s", r.raw)
	}
}
