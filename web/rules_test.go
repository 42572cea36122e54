package web_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

// TestRulesThroughEveryDoor: each rule of the rule set (tertial.*.Validate, enforced by the
// store) is refused through the site's form, with the message beside the field that holds
// the mistake, and through the API, with a 422 that names the field; nothing is saved. The
// file's door is tested in dataset (TestRulesInTheFile) and the store's in store.
func TestRulesThroughEveryDoor(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		srv, tokens := apiSite(t, db, demoDataset(t))
		cookie := login(t, srv, "rapportor")
		const value = "/redigera/indikator/sjukfranvaro-ks/2021"
		const valueAPI = "/api/v1/indicators/sjukfranvaro-ks/values/2021"
		for _, c := range []struct {
			name string
			// The site: the form, its fields, and the field that must show the error.
			form      string
			fields    url.Values
			formField string
			// The API: the path (empty: the API has no such edit), the body without its
			// version, and the field the 422 must name.
			api      string
			body     map[string]any
			apiField string
		}{
			{"unknown missing reason", value, url.Values{"varde": {""}, "typ": {"outcome"}, "saknas": {"bogus"}}, "saknas",
				valueAPI, map[string]any{"missing": "bogus"}, "missing"},
			{"a note alone", value, url.Values{"varde": {""}, "typ": {"outcome"}, "saknas": {""}, "kommentar": {"Kommer i oktober."}}, "varde",
				valueAPI, map[string]any{"note": "Kommer i oktober."}, "value"},
			{"value and missing", value, url.Values{"varde": {"4,5"}, "typ": {"outcome"}, "saknas": {"not_measured"}}, "saknas",
				valueAPI, map[string]any{"value": "4.5", "missing": "not_measured"}, "missing"},
			{"unknown kind", value, url.Values{"varde": {"4,5"}, "typ": {"guess"}}, "typ",
				valueAPI, map[string]any{"value": "4.5", "kind": "guess"}, "kind"},
			{"NUL in a note", value, url.Values{"varde": {"4,5"}, "typ": {"outcome"}, "kommentar": {"a\x00b"}}, "kommentar",
				valueAPI, map[string]any{"value": "4.5", "note": "a\x00b"}, "note"},
			{"unknown assessment", "/redigera/mal/nm-skattemedel", url.Values{"bedomning": {"bogus"}, "analys": {"Text."}}, "bedomning",
				ksPeriod + "/goals/nm-skattemedel", map[string]any{"assessment": "bogus"}, "assessment"},
			{"escape in an analysis", "/redigera/mal/nm-skattemedel", url.Values{"bedomning": {"partly"}, "analys": {"Röd \x1b[31mtext"}}, "analys",
				ksPeriod + "/goals/nm-skattemedel", map[string]any{"analysis": "Röd \x1b[31mtext"}, "analysis"},
			{"unknown status", "/redigera/uppdrag/ekonomimodell", url.Values{"status": {"bogus"}}, "status",
				ksPeriod + "/assignments/ekonomimodell", map[string]any{"status": "bogus"}, "status"},
			{"progress over 100", "/redigera/uppdrag/ekonomimodell", url.Values{"status": {"started"}, "fardiggrad": {"101"}}, "fardiggrad",
				ksPeriod + "/assignments/ekonomimodell", map[string]any{"status": "started", "progress": 101}, "progress"},
			{"bell in a comment", "/redigera/uppdrag/ekonomimodell", url.Values{"status": {"started"}, "kommentar": {"Pling\a"}}, "kommentar",
				ksPeriod + "/assignments/ekonomimodell", map[string]any{"status": "started", "comment": "Pling\a"}, "comment"},
			{"empty text", "/redigera/text/lokaler", url.Values{"text": {"  "}}, "text",
				ksPeriod + "/texts/lokaler", map[string]any{"body": " "}, "body"},
			{"NUL in a text", "/redigera/text/lokaler", url.Values{"text": {"Lokaler\x00"}}, "text",
				ksPeriod + "/texts/lokaler", map[string]any{"body": "Lokaler\x00"}, "body"},
			{"form feed in a row's comment", "/redigera/rad/drift/personal", url.Values{"forecast": {"237 000"}, "kommentar": {"Sida\f2"}}, "kommentar",
				"", nil, ""},
			{"NUL in a free table's text", "/redigera/fri/statsbidrag/msb", url.Values{"c-namn": {"MSB\x00"}}, "c-namn",
				"", nil, ""},
		} {
			u := srv.URL + periodPath + c.form
			v := formVersion(t, cookie, u)
			form := url.Values{"version": {v}, "atgard": {"spara"}}
			for k, vs := range c.fields {
				form[k] = vs
			}
			code, page := postAs(t, cookie, u, form)
			if code != http.StatusUnprocessableEntity {
				t.Errorf("%s, form: %d, want 422\n%.300s", c.name, code, text(page))
			} else if !strings.Contains(page, `id="`+c.formField+`-fel"`) {
				t.Errorf("%s, form: no error beside %s\n%.500s", c.name, c.formField, text(page))
			}
			if after := formVersion(t, cookie, u); after != v {
				t.Errorf("%s, form: a refused save changed the version from %s to %s", c.name, v, after)
			}
			if c.api == "" {
				continue
			}
			version, _ := strconv.Atoi(v)
			body := map[string]any{"version": version}
			for k, x := range c.body {
				body[k] = x
			}
			r := call(t, srv, "PUT", c.api, tokens["rapportor"], body)
			if r.status != http.StatusUnprocessableEntity {
				t.Errorf("%s, API: %d, want 422: %s", c.name, r.status, r.raw)
				continue
			}
			named := false
			for i := 0; path(r.body, "error", "fields", i) != nil; i++ {
				named = named || path(r.body, "error", "fields", i, "field") == c.apiField
			}
			if !named {
				t.Errorf("%s, API: the 422 does not name %s: %s", c.name, c.apiField, r.raw)
			}
			validate(t, "Error", r.raw)
			if after := formVersion(t, cookie, u); after != v {
				t.Errorf("%s, API: a refused save changed the version from %s to %s", c.name, v, after)
			}
		}
	})
}
