package web_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/auth"
	"github.com/tertial/tertial/compute"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
	"github.com/tertial/tertial/sv"
)

// apiPaths is every operation the API serves under /api/v1/. The OpenAPI document must
// describe exactly these (TestAPIOpenAPIDocument), and each must be served
// (TestAPIServesEveryDocumentedPath).
var apiPaths = []string{
	"GET /api/v1/openapi.json",
	"GET /api/v1/municipalities",
	"GET /api/v1/municipalities/{code}",
	"GET /api/v1/municipalities/{code}/history",
	"POST /api/v1/municipalities/{code}/periods",
	"GET /api/v1/municipalities/{code}/units/{unit}/periods/{period}/workflow",
	"POST /api/v1/municipalities/{code}/units/{unit}/periods/{period}/workflow/sections/{key}",
	"POST /api/v1/municipalities/{code}/units/{unit}/periods/{period}/workflow/lock",
	"POST /api/v1/municipalities/{code}/goals",
	"PUT /api/v1/municipalities/{code}/goals/{id}",
	"DELETE /api/v1/municipalities/{code}/goals/{id}",
	"POST /api/v1/municipalities/{code}/indicators",
	"PUT /api/v1/municipalities/{code}/indicators/{id}",
	"DELETE /api/v1/municipalities/{code}/indicators/{id}",
	"POST /api/v1/municipalities/{code}/assignments",
	"PUT /api/v1/municipalities/{code}/assignments/{id}",
	"DELETE /api/v1/municipalities/{code}/assignments/{id}",
	"POST /api/v1/municipalities/{code}/units",
	"PUT /api/v1/municipalities/{code}/units/{unit}",
	"DELETE /api/v1/municipalities/{code}/units/{unit}",
	"PUT /api/v1/municipalities/{code}/settings",
	"PUT /api/v1/municipalities/{code}/goal-frame",
	"GET /api/v1/municipalities/{code}/statement-layout",
	"PUT /api/v1/municipalities/{code}/statement-layout",
	"GET /api/v1/municipalities/{code}/statement-budget",
	"PUT /api/v1/municipalities/{code}/statement-budget",
	"GET /api/v1/municipalities/{code}/statement-forecast",
	"PUT /api/v1/municipalities/{code}/statement-forecast",
	"GET /api/v1/municipalities/{code}/economy",
	"PUT /api/v1/municipalities/{code}/economy",
	"POST /api/v1/municipalities/{code}/internal-control/{kind}",
	"PUT /api/v1/municipalities/{code}/internal-control/{kind}/{id}",
	"DELETE /api/v1/municipalities/{code}/internal-control/{kind}/{id}",
	"POST /api/v1/municipalities/{code}/internal-control/risks/{id}/actions",
	"PUT /api/v1/municipalities/{code}/internal-control/risks/{id}/actions/{action}",
	"DELETE /api/v1/municipalities/{code}/internal-control/risks/{id}/actions/{action}",
	"GET /api/v1/municipalities/{code}/units/{unit}/periods/{period}",
	"POST /api/v1/municipalities/{code}/units/{unit}/periods/{period}/money-tables",
	"PUT /api/v1/municipalities/{code}/units/{unit}/periods/{period}/money-tables/{table}",
	"DELETE /api/v1/municipalities/{code}/units/{unit}/periods/{period}/money-tables/{table}",
	"POST /api/v1/municipalities/{code}/units/{unit}/periods/{period}/free-tables",
	"PUT /api/v1/municipalities/{code}/units/{unit}/periods/{period}/free-tables/{table}",
	"DELETE /api/v1/municipalities/{code}/units/{unit}/periods/{period}/free-tables/{table}",
	"PUT /api/v1/municipalities/{code}/units/{unit}/periods/{period}/template",
	"PUT /api/v1/municipalities/{code}/units/{unit}/periods/{period}",
	"GET /api/v1/municipalities/{code}/starter-templates",
	"POST /api/v1/municipalities/{code}/templates",
	"PUT /api/v1/municipalities/{code}/templates/{id}",
	"DELETE /api/v1/municipalities/{code}/templates/{id}",
	"PUT /api/v1/indicators/{id}/values/{year}",
	"PUT /api/v1/municipalities/{code}/units/{unit}/periods/{period}/goals/{goal}",
	"PUT /api/v1/municipalities/{code}/units/{unit}/periods/{period}/assignments/{id}",
	"PUT /api/v1/municipalities/{code}/units/{unit}/periods/{period}/internal-control/{id}",
	"PUT /api/v1/municipalities/{code}/units/{unit}/periods/{period}/texts/{id}",
	"PUT /api/v1/municipalities/{code}/units/{unit}/periods/{period}/money-tables/{table}/rows/{row}",
	"PUT /api/v1/municipalities/{code}/units/{unit}/periods/{period}/free-tables/{table}/rows/{row}",
	"GET /api/v1/municipalities/{code}/units/{unit}/ledger",
	"PUT /api/v1/municipalities/{code}/units/{unit}/ledger",
	"GET /api/v1/users",
	"POST /api/v1/users",
	"GET /api/v1/users/{name}",
	"PUT /api/v1/users/{name}",
	"DELETE /api/v1/users/{name}/sessions",
	"POST /api/v1/users/{name}/tokens",
	"DELETE /api/v1/users/{name}/tokens/{id}",
}

const ksPeriod = "/api/v1/municipalities/0126/units/ks/periods/2021-08"

// apiAccounts are the accounts of the API tests besides the site's: reporters of a unit
// below ks, and of a second nämnd.
var apiAccounts = []tertial.User{
	{Name: "rapportor-ksf", Role: tertial.RoleReporter, Municipality: "0126", Unit: "ksf"},
	{Name: "rapportor-sbn", Role: tertial.RoleReporter, Municipality: "0126", Unit: "sbn"},
}

// demoWithSecondBoard is the demo with a second nämnd, sbn, that has a period of its own
// (2021-08, a copy of Kommunstyrelsen's).
func demoWithSecondBoard(t *testing.T) *tertial.Dataset {
	ds := demoDataset(t)
	ds.Units = append(ds.Units, tertial.Unit{ID: "sbn", Name: "Samhällsbyggnadsnämnden", Kind: tertial.UnitBoard, Parent: "kf"})
	p := *ds.Period("ks", "2021-08")
	p.Unit, p.Title = "sbn", "Delårsrapport per 31 augusti 2021, Samhällsbyggnadsnämnden"
	ds.Periods = append(ds.Periods, p)
	// sbn's own goal with its own sick-leave indicator, a copy of Kommunstyrelsen's.
	for _, ind := range ds.Indicators {
		if ind.ID == "sjukfranvaro-ks" {
			g := *ds.Goal(ind.Goal)
			g.ID, g.Unit, g.Followups = "nm-sbn-arbetsgivare", "sbn", nil
			ds.Goals = append(ds.Goals, g)
			ind.ID, ind.Goal = "sjukfranvaro-sbn", g.ID
			ind.Values = append([]tertial.IndicatorValue(nil), ind.Values...)
			ind.Targets = append([]tertial.YearTarget(nil), ind.Targets...)
			ds.Indicators = append(ds.Indicators, ind)
			break
		}
	}
	return ds
}

// sickLeave is the sick-leave indicator of a unit in demoWithSecondBoard.
func sickLeave(unit string) string { return "sjukfranvaro-" + unit }

// apiSite starts the site over the dataset with the test accounts and returns a token of
// every account, by name.
func apiSite(t *testing.T, db *store.DB, datasets ...*tertial.Dataset) (*httptest.Server, map[string]string) {
	t.Helper()
	srv := site(t, db, datasets...)
	for _, u := range apiAccounts {
		err := db.CreateUser(context.Background(), "test", u, passwordHash)
		if err != nil && tertial.ErrorCode(err) != tertial.EINVALID { // no such unit in these datasets
			t.Fatal(err)
		}
	}
	tokens := map[string]string{}
	for _, u := range append(append([]tertial.User{}, accounts...), apiAccounts...) {
		if tok, _, err := createToken(db, u.Name); err == nil {
			tokens[u.Name] = tok
		}
	}
	return srv, tokens
}

// createToken makes an API token for the user, as tertial token create does.
func createToken(db *store.DB, user string) (token, id string, err error) {
	token, hash := auth.NewToken()
	b := make([]byte, 6)
	rand.Read(b)
	id = "t-" + hex.EncodeToString(b)
	return token, id, db.CreateToken(context.Background(), "test", id, user, hash)
}

// apiResponse is a response of the API, its body decoded.
type apiResponse struct {
	status int
	header http.Header
	raw    []byte
	body   map[string]any
}

// call sends a request to the API with a bearer token ("" for none) and a body (a string
// is sent as it is, anything else as JSON; nil for none).
func call(t *testing.T, srv *httptest.Server, method, path, token string, body any) apiResponse {
	t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	default:
		data, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequest(method, srv.URL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	r := apiResponse{status: resp.StatusCode, header: resp.Header, raw: raw}
	if resp.StatusCode == http.StatusNoContent {
		// What a DELETE removed: no body at all.
		if len(raw) != 0 {
			t.Errorf("%s %s: 204 with a body: %.200s", method, path, raw)
		}
		return r
	}
	if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("%s %s: Content-Type %q, want application/json (status %d: %.200s)", method, path, ct, resp.StatusCode, raw)
	}
	if err := json.Unmarshal(raw, &r.body); err != nil {
		t.Errorf("%s %s: body is not a JSON object: %v: %.200s", method, path, err, raw)
	}
	return r
}

// errorCode returns the code of an error body, checking that it has the documented shape.
func (r apiResponse) errorCode(t *testing.T) string {
	t.Helper()
	e, ok := r.body["error"].(map[string]any)
	if !ok {
		t.Errorf("status %d: no error object: %s", r.status, r.raw)
		return ""
	}
	if msg, _ := e["message"].(string); msg == "" {
		t.Errorf("status %d: error without a message: %s", r.status, r.raw)
	}
	code, _ := e["code"].(string)
	return code
}

// path returns the value at a path of keys and list indices in a decoded body.
func path(v any, keys ...any) any {
	for _, k := range keys {
		switch k := k.(type) {
		case string:
			m, _ := v.(map[string]any)
			v = m[k]
		case int:
			l, _ := v.([]any)
			if k >= len(l) {
				return nil
			}
			v = l[k]
		}
	}
	return v
}

func num(v any) int {
	f, _ := v.(float64)
	return int(f)
}

// storedValue returns the saved value entry of an indicator for a year.
func storedValue(t *testing.T, db *store.DB, id string, year int) *tertial.IndicatorValue {
	t.Helper()
	ds, err := db.Dataset(context.Background(), "0126")
	if err != nil {
		t.Fatal(err)
	}
	for _, ind := range ds.Indicators {
		if ind.ID == id {
			return ind.ValueFor(year)
		}
	}
	t.Fatalf("no indicator %s", id)
	return nil
}

func lock(t *testing.T, db *store.DB, unit string) {
	t.Helper()
	err := db.LockPeriod(context.Background(), "test", store.PeriodRef{Municipality: "0126", Unit: unit, Period: "2021-08"},
		store.Decision{Date: time.Date(2021, 9, 29, 0, 0, 0, 0, time.UTC), Paragraph: "§ 123"})
	if err != nil {
		t.Fatal(err)
	}
}

// TestAPIPutIndicatorValuePermissions: the API lets exactly those edit a value that the
// site lets: role × own or other unit × open or locked period. As on the site
// (periodCtx.require), a locked period is 423 for every role that edits content at all,
// since no one may change it now, and 403 for readers and administrators.
func TestAPIPutIndicatorValuePermissions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		srv, tokens := apiSite(t, db, demoWithSecondBoard(t))
		type want struct{ ks, sbn int }
		cases := []struct {
			user           string
			open, isLocked want
		}{
			{"controller", want{200, 200}, want{423, 423}},
			{"rapportor", want{200, 403}, want{423, 423}},     // reporter of ks: own unit, other nämnd
			{"rapportor-sbn", want{403, 200}, want{423, 423}}, // reporter of the other nämnd
			{"rapportor-ksf", want{403, 403}, want{423, 423}}, // ksf is below ks: ks's period is not its own
			// Readers and administrators never edit content: 403 whether or not it is locked.
			{"lasare", want{403, 403}, want{403, 403}},
			{"admin", want{403, 403}, want{403, 403}},
		}
		put := func(user, unit string, value string) apiResponse {
			t.Helper()
			version := 0
			if v := storedValue(t, db, sickLeave(unit), 2021); v != nil {
				version = v.Version
			}
			return call(t, srv, "PUT", "/api/v1/indicators/"+sickLeave(unit)+"/values/2021", tokens[user], map[string]any{
				"version": version, "value": value, "kind": "preliminary", "women": "4.1", "men": "2.1",
				"unit": unit, "period": "2021-08"})
		}
		check := func(state string, c string, unit string, status int) {
			t.Helper()
			r := put(c, unit, "3."+fmt.Sprint(len(c)))
			if r.status != status {
				t.Errorf("%s, %s's period, %s: %d, want %d: %s", c, unit, state, r.status, status, r.raw)
				return
			}
			switch status {
			case 200:
				if path(r.body, "value") != "3."+fmt.Sprint(len(c)) || path(r.body, "unit") != unit || num(path(r.body, "version")) < 2 {
					t.Errorf("%s, %s: saved %s", c, unit, r.raw)
				}
			case 403:
				if code := r.errorCode(t); code != "forbidden" {
					t.Errorf("%s, %s, %s: code %q", c, unit, state, code)
				}
			case 423:
				if code := r.errorCode(t); code != "locked" {
					t.Errorf("%s, %s, %s: code %q", c, unit, state, code)
				}
			}
		}
		for _, c := range cases {
			check("open", c.user, "ks", c.open.ks)
			check("open", c.user, "sbn", c.open.sbn)
		}
		lock(t, db, "ks")
		lock(t, db, "sbn")
		before := storedValue(t, db, "sjukfranvaro-ks", 2021)
		for _, c := range cases {
			check("locked", c.user, "ks", c.isLocked.ks)
			check("locked", c.user, "sbn", c.isLocked.sbn)
		}
		if after := storedValue(t, db, "sjukfranvaro-ks", 2021); after.Version != before.Version || after.Value.String() != before.Value.String() {
			t.Errorf("a locked period's value changed: %+v → %+v", before, after)
		}
	})
}

// TestAPIAuthentication: without a valid token the API answers 401 in JSON; a revoked
// token and a disabled account's are not valid.
func TestAPIAuthentication(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		srv, tokens := apiSite(t, db, demoDataset(t))
		body := map[string]any{"version": 1, "value": "3.0"}
		revoked, id, err := createToken(db, "lasare")
		if err != nil {
			t.Fatal(err)
		}
		if r := call(t, srv, "GET", "/api/v1/municipalities", revoked, nil); r.status != 200 {
			t.Fatalf("fresh token: %d", r.status)
		}
		if err := db.RevokeToken(context.Background(), "test", id); err != nil {
			t.Fatal(err)
		}
		for _, tok := range []struct{ name, token string }{{"no token", ""}, {"unknown token", "not-a-token"}, {"revoked token", revoked}} {
			for _, req := range []struct {
				method, path string
				body         any
			}{
				{"GET", "/api/v1/municipalities", nil},
				{"GET", ksPeriod, nil},
				{"PUT", "/api/v1/indicators/sjukfranvaro-ks/values/2021", body},
				{"PUT", ksPeriod + "/goals/nm-skattemedel", map[string]any{"version": 1}},
			} {
				r := call(t, srv, req.method, req.path, tok.token, req.body)
				if r.status != http.StatusUnauthorized || r.errorCode(t) != "unauthorized" {
					t.Errorf("%s: %s %s: %d %s", tok.name, req.method, req.path, r.status, r.raw)
				}
			}
		}
		if v := storedValue(t, db, "sjukfranvaro-ks", 2021); v.Version != 1 {
			t.Errorf("value changed without a valid token: version %d", v.Version)
		}
		// The site's session works for the API too.
		req, _ := http.NewRequest("GET", srv.URL+"/api/v1/municipalities", nil)
		req.AddCookie(&http.Cookie{Name: "tertial_session", Value: session})
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("session cookie: %d", resp.StatusCode)
		}
		if r := call(t, srv, "GET", "/api/v1/municipalities", tokens["controller"], nil); r.status != 200 || len(path(r.body, "municipalities").([]any)) != 1 {
			t.Errorf("municipalities: %d %s", r.status, r.raw)
		}
	})
}

// TestAPIStaleVersion: a save from an old version is refused with 409 and the value as it
// is saved now, so that a client can merge.
func TestAPIStaleVersion(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		srv, tokens := apiSite(t, db, demoDataset(t))
		url := "/api/v1/indicators/sjukfranvaro-ks/values/2021"
		put := func(version int, value string) apiResponse {
			return call(t, srv, "PUT", url, tokens["rapportor"], map[string]any{
				"version": version, "value": value, "kind": "preliminary", "women": "4.2", "men": "2.0", "note": "Delår 2."})
		}
		r := put(0, "3.5")
		if r.status != http.StatusConflict || r.errorCode(t) != "conflict" {
			t.Fatalf("version 0 of a saved value: %d %s", r.status, r.raw)
		}
		if num(path(r.body, "current", "version")) != 1 || path(r.body, "current", "value") != "3.3" ||
			path(r.body, "current", "women") != "4.2" || path(r.body, "current", "kind") != "preliminary" {
			t.Errorf("current: %s", r.raw)
		}
		r = put(1, "3.5")
		if r.status != 200 || num(path(r.body, "version")) != 2 || path(r.body, "value") != "3.5" || path(r.body, "display") != "3,5" {
			t.Fatalf("save: %d %s", r.status, r.raw)
		}
		r = put(1, "3.6")
		if r.status != http.StatusConflict || num(path(r.body, "current", "version")) != 2 || path(r.body, "current", "value") != "3.5" {
			t.Errorf("second save from version 1: %d %s", r.status, r.raw)
		}
		if v := storedValue(t, db, "sjukfranvaro-ks", 2021); v.Version != 2 || v.Value.String() != "3.5" || v.Note != "Delår 2." {
			t.Errorf("stored %+v", v)
		}
		// A year without an entry is version 0; emptying an entry removes it.
		r = call(t, srv, "PUT", "/api/v1/indicators/sjukfranvaro-ks/values/2022", tokens["rapportor"], map[string]any{"version": 0, "value": "3.1", "kind": "forecast", "unit": "ks", "period": "2021-08"})
		if r.status != 200 || num(path(r.body, "version")) != 1 || path(r.body, "kind") != "forecast" {
			t.Errorf("new year: %d %s", r.status, r.raw)
		}
		r = call(t, srv, "PUT", "/api/v1/indicators/sjukfranvaro-ks/values/2022", tokens["rapportor"], map[string]any{"version": 1, "unit": "ks", "period": "2021-08"})
		if r.status != 200 || num(path(r.body, "version")) != 0 || path(r.body, "value") != nil {
			t.Errorf("emptied: %d %s", r.status, r.raw)
		}
		if v := storedValue(t, db, "sjukfranvaro-ks", 2022); v != nil {
			t.Errorf("emptied entry still stored: %+v", v)
		}
	})
}

// TestAPIBadRequests: what cannot be read is 400 (or 413, 415), wrong values are 422 with
// the fields named, unknown things are 404, and nothing is saved.
func TestAPIBadRequests(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		srv, tokens := apiSite(t, db, demoDataset(t))
		url := "/api/v1/indicators/sjukfranvaro-ks/values/2021"
		tok := tokens["controller"]
		for _, c := range []struct {
			name   string
			url    string
			body   any
			status int
			field  string
		}{
			{"not JSON", url, `{"version": 1,`, 400, ""},
			{"empty", url, ``, 400, ""},
			{"two objects", url, `{"version": 1} {"version": 1}`, 400, ""},
			{"an array", url, `[1]`, 400, ""},
			{"unknown field", url, `{"version": 1, "value": "3.0", "colour": "red"}`, 400, ""},
			{"value not a number", url, map[string]any{"version": 1, "value": "åtta"}, 422, "value"},
			{"value as a JSON number", url, `{"version": 1, "value": 8.7}`, 422, "value"},
			{"version as a string", url, `{"version": "1", "value": "8.7"}`, 422, "version"},
			{"no version", url, map[string]any{"value": "3.0"}, 422, "version"},
			{"unknown kind", url, map[string]any{"version": 1, "value": "3.0", "kind": "guess"}, 422, "kind"},
			{"value and missing", url, map[string]any{"version": 1, "value": "3.0", "missing": "not_reported"}, 422, "missing"},
			{"unknown missing", url, map[string]any{"version": 1, "missing": "lost"}, 422, "missing"},
			{"women not a number", url, map[string]any{"version": 1, "value": "3.0", "women": "x"}, 422, "women"},
			{"gender on an indicator without", "/api/v1/indicators/skattesats/values/2021", map[string]any{"version": 1, "value": "19.5", "women": "1"}, 422, "women"},
			{"unknown indicator", "/api/v1/indicators/nope/values/2021", map[string]any{"version": 1, "value": "3.0"}, 404, ""},
			{"year not a number", "/api/v1/indicators/sjukfranvaro-ks/values/tjugo", map[string]any{"version": 1}, 404, ""},
			{"year outside the period's", "/api/v1/indicators/sjukfranvaro-ks/values/2010", map[string]any{"version": 0, "value": "3.0", "unit": "ks", "period": "2021-08"}, 404, ""},
			{"no period that year", "/api/v1/indicators/sjukfranvaro-ks/values/2019", map[string]any{"version": 1, "value": "3.0"}, 404, ""},
			{"unknown period", url, map[string]any{"version": 1, "value": "3.0", "unit": "ks", "period": "1999-01"}, 404, ""},
			{"unknown unit", url, map[string]any{"version": 1, "value": "3.0", "unit": "nope"}, 404, ""},
			{"unknown municipality", url, map[string]any{"version": 1, "value": "3.0", "municipality": "9999"}, 404, ""},
			{"unknown goal", ksPeriod + "/goals/nope", map[string]any{"version": 0}, 404, ""},
			{"bad assessment", ksPeriod + "/goals/nm-skattemedel", map[string]any{"version": 1, "assessment": "great"}, 422, "assessment"},
			{"bad status", ksPeriod + "/assignments/" + firstAssignment(t), map[string]any{"version": 1, "status": "meh"}, 422, "status"},
			{"bad progress", ksPeriod + "/assignments/" + firstAssignment(t), map[string]any{"version": 1, "status": "done", "progress": 140}, 422, "progress"},
			{"empty text", ksPeriod + "/texts/sammanfattning-namndmal", map[string]any{"version": 1, "body": " "}, 422, "body"},
			{"unknown text", ksPeriod + "/texts/nope", map[string]any{"version": 1, "body": "x"}, 404, ""},
			{"unknown control", ksPeriod + "/internal-control/nope", map[string]any{"version": 0}, 404, ""},
			{"unknown API path", "/api/v1/nothing", map[string]any{}, 404, ""},
		} {
			r := call(t, srv, "PUT", c.url, tok, c.body)
			if r.status != c.status {
				t.Errorf("%s: %d, want %d: %s", c.name, r.status, c.status, r.raw)
				continue
			}
			code := r.errorCode(t)
			if (c.status == 400 || c.status == 422) && code != "invalid" || c.status == 404 && code != "not_found" {
				t.Errorf("%s: code %q", c.name, code)
			}
			if c.field != "" {
				if f := path(r.body, "error", "fields", 0, "field"); f != c.field {
					t.Errorf("%s: field %v, want %s: %s", c.name, f, c.field, r.raw)
				}
			}
		}
		// JSON only, and not too much of it.
		req, _ := http.NewRequest("PUT", srv.URL+url, strings.NewReader(`{"version": 1, "value": "3.0"}`))
		req.Header.Set("Authorization", "Bearer "+tok)
		req.Header.Set("Content-Type", "text/plain")
		if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != http.StatusUnsupportedMediaType {
			t.Errorf("text/plain: %v %v", resp.StatusCode, err)
		} else {
			resp.Body.Close()
		}
		big := `{"version": 1, "note": "` + strings.Repeat("x", 1<<20) + `"}`
		if r := call(t, srv, "PUT", url, tok, big); r.status != http.StatusRequestEntityTooLarge {
			t.Errorf("1 MiB body: %d", r.status)
		}
		// Another method on a known path is 405, in JSON.
		if r := call(t, srv, "POST", url, tok, map[string]any{}); r.status != http.StatusMethodNotAllowed || r.header.Get("Allow") != "PUT" {
			t.Errorf("POST: %d, Allow %q", r.status, r.header.Get("Allow"))
		}
		if r := call(t, srv, "DELETE", ksPeriod, tok, nil); r.status != http.StatusMethodNotAllowed || !strings.Contains(r.header.Get("Allow"), "GET") {
			t.Errorf("DELETE: %d, Allow %q", r.status, r.header.Get("Allow"))
		}
		if r := call(t, srv, "GET", "/api/v1/municipalities/0126/units/ks/periods/1999-01", tok, nil); r.status != 404 || r.errorCode(t) != "not_found" {
			t.Errorf("unknown period: %d %s", r.status, r.raw)
		}
		if v := storedValue(t, db, "sjukfranvaro-ks", 2021); v.Version != 1 {
			t.Errorf("a refused request changed the value: version %d", v.Version)
		}
	})
}

func firstAssignment(t *testing.T) string { return demoDataset(t).Assignments[0].ID }

// TestAPIChoosesThePeriod: without unit and period the edit is made in the responsible
// unit's period of the year; without municipality, in the only one there is.
func TestAPIChoosesThePeriod(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		srv, tokens := apiSite(t, db, demoDataset(t))
		// sjukfranvaro-ks measures a goal of ks; resultat-exkl-exploatering a council goal
		// that only ks's report shows.
		for _, id := range []string{"sjukfranvaro-ks", "resultat-exkl-exploatering"} {
			v := storedValue(t, db, id, 2021)
			r := call(t, srv, "PUT", "/api/v1/indicators/"+id+"/values/2021", tokens["rapportor"],
				map[string]any{"version": v.Version, "value": "2.5", "kind": "forecast"})
			if r.status != 200 || path(r.body, "municipality") != "0126" || path(r.body, "unit") != "ks" || path(r.body, "period") != "2021-08" {
				t.Errorf("%s: %d %s", id, r.status, r.raw)
			}
		}
		// With two municipalities a body that names none means the account's own; only a
		// system administrator, who has none, must name one.
		if err := db.ReplaceDataset(context.Background(), ekbyDataset(t)); err != nil {
			t.Fatal(err)
		}
		r := call(t, srv, "PUT", "/api/v1/indicators/sjukfranvaro-ks/values/2021", tokens["admin"], map[string]any{"version": 2, "value": "2.6"})
		if r.status != 422 || path(r.body, "error", "fields", 0, "field") != "municipality" {
			t.Errorf("two municipalities, system administrator: %d %s", r.status, r.raw)
		}
		r = call(t, srv, "PUT", "/api/v1/indicators/sjukfranvaro-ks/values/2021", tokens["controller"], map[string]any{"version": 2, "value": "2.6"})
		if r.status != 200 || path(r.body, "municipality") != "0126" {
			t.Errorf("two municipalities, the controller's own: %d %s", r.status, r.raw)
		}
		r = call(t, srv, "PUT", "/api/v1/indicators/sjukfranvaro-ks/values/2021", tokens["controller"], map[string]any{"version": 3, "value": "2.7", "municipality": "0126"})
		if r.status != 200 {
			t.Errorf("named municipality: %d %s", r.status, r.raw)
		}
		// Ekby's library visits are kfn's; of its two periods of 2025 the open one is chosen.
		// Ekby's controller: an account works in one municipality.
		if err := db.CreateUser(context.Background(), "test", tertial.User{Name: "controller-ekby", Role: tertial.RoleController, Municipality: "9901"}, ""); err != nil {
			t.Fatal(err)
		}
		ekbyToken, _, err := createToken(db, "controller-ekby")
		if err != nil {
			t.Fatal(err)
		}
		r = call(t, srv, "PUT", "/api/v1/indicators/besok-bibliotek/values/2025", ekbyToken, map[string]any{"version": 1, "value": "4.7", "municipality": "9901"})
		if r.status != 200 || path(r.body, "unit") != "kfn" || path(r.body, "period") != "2025-04" {
			t.Errorf("ekby: %d %s", r.status, r.raw)
		}
		// A reporter of the demo's municipality may not edit Ekby's.
		r = call(t, srv, "PUT", "/api/v1/indicators/besok-bibliotek/values/2025", tokens["rapportor"], map[string]any{"version": 2, "value": "1", "municipality": "9901"})
		if r.status != 403 {
			t.Errorf("other municipality: %d %s", r.status, r.raw)
		}
	})
}

// TestAPIGetPeriod: the period has the goal tree with the computed assessments, the money
// tables with computed sums and deviations, free tables, texts and internal control, and
// the version of everything that can be edited; it matches the OpenAPI schema.
func TestAPIGetPeriod(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ds := demoDataset(t)
		srv, tokens := apiSite(t, db, ds)
		r := call(t, srv, "GET", ksPeriod, tokens["lasare"], nil)
		if r.status != 200 {
			t.Fatalf("%d %s", r.status, r.raw)
		}
		validate(t, "PeriodDoc", r.raw)
		if path(r.body, "period", "state") != "open" || path(r.body, "period", "cutoff") != "2021-08-31" || path(r.body, "unit", "id") != "ks" {
			t.Errorf("period: %v", r.body["period"])
		}
		if path(r.body, "permissions", "edit_content") != false {
			t.Errorf("a reader may edit: %v", r.body["permissions"])
		}
		// Every goal, indicator and assignment, once, as the site shows them.
		goals := map[string]map[string]any{}
		inds := map[string]map[string]any{}
		assignments := map[string]map[string]any{}
		var walk func(list any, depth int)
		walk = func(list any, depth int) {
			for _, g := range list.([]any) {
				g := g.(map[string]any)
				goals[g["id"].(string)] = g
				for _, ind := range g["indicators"].([]any) {
					inds[path(ind, "id").(string)] = ind.(map[string]any)
				}
				for _, a := range g["assignments"].([]any) {
					assignments[path(a, "id").(string)] = a.(map[string]any)
				}
				walk(g["children"], depth+1)
			}
		}
		walk(r.body["goals"], 0)
		if len(goals) != len(ds.Goals) || len(inds) != len(ds.Indicators) || len(assignments) != len(ds.Assignments) {
			t.Errorf("%d goals, %d indicators, %d assignments; want %d, %d, %d", len(goals), len(inds), len(assignments),
				len(ds.Goals), len(ds.Indicators), len(ds.Assignments))
		}
		for _, g := range ds.Goals {
			gj := goals[g.ID]
			if gj == nil {
				t.Errorf("goal %s missing", g.ID)
				continue
			}
			if gj["title"] != g.Title || gj["level"] != g.Level {
				t.Errorf("goal %s: %v %v", g.ID, gj["title"], gj["level"])
			}
			for _, f := range g.Followups {
				if f.Period == "2021-08" && (gj["analysis"] != f.Analysis || gj["assessment"] != string(f.Assessment) || num(gj["version"]) != 1) {
					t.Errorf("goal %s: follow-up %v %v %v", g.ID, gj["assessment"], gj["version"], gj["analysis"] == f.Analysis)
				}
			}
		}
		results := map[compute.Result]string{compute.Reaches: "reaches", compute.Approaches: "approaches", compute.Misses: "misses", compute.NotAssessed: "not_assessed"}
		for i := range ds.Indicators {
			ind := &ds.Indicators[i]
			ij := inds[ind.ID]
			if ij == nil {
				continue
			}
			values := ij["values"].([]any)
			if len(values) != len(ind.Values) {
				t.Errorf("%s: %d values, want %d", ind.ID, len(values), len(ind.Values))
				continue
			}
			for k, v := range ind.Values {
				vj := values[k]
				if num(path(vj, "year")) != v.Year || num(path(vj, "version")) != 1 {
					t.Errorf("%s: value %d: %v", ind.ID, k, vj)
				}
				if v.Value != nil && path(vj, "value") != v.Value.String() || v.Value == nil && path(vj, "value") != nil {
					t.Errorf("%s %d: value %v, want %v", ind.ID, v.Year, path(vj, "value"), v.Value)
				}
			}
			for k, tg := range ind.Targets {
				if path(ij, "targets", k, "target") != tg.Target.String() || num(path(ij, "targets", k, "version")) != 1 {
					t.Errorf("%s: target %v", ind.ID, path(ij, "targets", k))
				}
			}
			if ind.LongTerm != nil && path(ij, "long_term_target", "target") != ind.LongTerm.Target.String() {
				t.Errorf("%s: long-term target %v", ind.ID, ij["long_term_target"])
			}
			a := compute.AssessIndicator(ind, 2021)
			if path(ij, "assessment", "result") != results[a.Result] || path(ij, "assessment", "provisional") != a.Provisional() {
				t.Errorf("%s: assessment %v, want %s", ind.ID, ij["assessment"], results[a.Result])
			}
		}
		if a := inds["resultat-exkl-exploatering"]; path(a, "assessment", "result") != "reaches" || path(a, "assessment", "provisional") != true ||
			path(a, "values", 2, "value") != "5.6" || path(a, "values", 2, "kind") != "forecast" {
			t.Errorf("resultat-exkl-exploatering: %v", a)
		}
		if s := inds["sjukfranvaro-ks"]; path(s, "values", 2, "women") != "4.2" || path(s, "values", 2, "men") != "2.0" || path(s, "gender") != true {
			t.Errorf("sjukfranvaro-ks: %v", s)
		}
		for id, a := range assignments {
			if a["status"] == "" || a["status_label"] == "" || num(a["version"]) != 1 {
				t.Errorf("assignment %s: %v %v %v", id, a["status"], a["status_label"], a["version"])
			}
		}
		// Money: every row of compute.MoneyTable, in öre and as the report prints them.
		per := ds.Period("ks", "2021-08")
		tables := r.body["money_tables"].([]any)
		if len(tables) != len(per.MoneyTables) {
			t.Fatalf("%d money tables, want %d", len(tables), len(per.MoneyTables))
		}
		for i := range per.MoneyTables {
			mt := &per.MoneyTables[i]
			rows := path(tables[i], "rows").([]any)
			want := compute.MoneyTable(mt)
			if len(rows) != len(want) || path(tables[i], "unit") != string(mt.Unit) {
				t.Errorf("%s: %d rows, want %d", mt.ID, len(rows), len(want))
				continue
			}
			for k, w := range want {
				rj := rows[k]
				if path(rj, "id") != w.ID || path(rj, "label") != w.Label {
					t.Errorf("%s row %d: %v", mt.ID, k, rj)
				}
				if (w.Kind == compute.BaseRow) != (path(rj, "version") != nil) {
					t.Errorf("%s row %s: version %v", mt.ID, w.ID, path(rj, "version"))
				}
				if w.Kind == compute.HeaderRow && !w.HasSums {
					continue
				}
				for c, a := range w.Amounts {
					shown, _ := w.Display(c)
					if got := path(rj, "amounts", string(c), "ore"); got != float64(a) {
						t.Errorf("%s row %s %s: %v öre, want %d", mt.ID, w.ID, c, got, a)
					}
					if got := path(rj, "amounts", string(c), "display"); got != sv.Amount(shown, mt.Unit, mt.Precision) {
						t.Errorf("%s row %s %s: display %v", mt.ID, w.ID, c, got)
					}
				}
				if w.Deviation != nil && path(rj, "deviation", "ore") != float64(*w.Deviation) || w.Deviation == nil && path(rj, "deviation") != nil {
					t.Errorf("%s row %s: deviation %v, want %v", mt.ID, w.ID, path(rj, "deviation"), w.Deviation)
				}
			}
		}
		// The operating statement's total: the year's result, computed, never typed.
		drift := tables[0]
		rows := path(drift, "rows").([]any)
		total := rows[len(rows)-1]
		if path(total, "kind") != "total" || path(total, "amounts", "forecast", "ore") == nil || path(total, "deviation", "display") == nil {
			t.Errorf("total row: %v", total)
		}
		// Free tables: formula columns and the sum row are computed.
		var netto map[string]any
		for _, ft := range r.body["free_tables"].([]any) {
			if path(ft, "id") == "statsbidrag" {
				netto, _ = path(ft, "rows", 0, "cells", "netto").(map[string]any)
				if path(ft, "sum", "cells", "bidrag", "computed") != true {
					t.Errorf("statsbidrag sum: %v", path(ft, "sum"))
				}
			}
		}
		if netto == nil || netto["computed"] != true || netto["ore"] == nil {
			t.Errorf("statsbidrag netto: %v", netto)
		}
		if n := len(r.body["texts"].([]any)); n != len(per.Texts) || num(path(r.body, "texts", 0, "version")) != 1 {
			t.Errorf("%d texts: %v", n, path(r.body, "texts", 0))
		}
		if path(r.body, "internal_control", "risks", 0, "actions", 0, "status") != "not_complete" ||
			len(path(r.body, "internal_control", "audits").([]any)) != len(ds.Audits) {
			t.Errorf("internal control: %v", r.body["internal_control"])
		}
		// A save shows in the period with its new version.
		if r := call(t, srv, "PUT", "/api/v1/indicators/sjukfranvaro-ks/values/2021", tokens["controller"],
			map[string]any{"version": 1, "value": "3.4", "kind": "outcome"}); r.status != 200 {
			t.Fatalf("save: %d %s", r.status, r.raw)
		}
		r = call(t, srv, "GET", ksPeriod, tokens["controller"], nil)
		var found bool
		walk = func(list any, depth int) {
			for _, g := range list.([]any) {
				for _, ind := range path(g, "indicators").([]any) {
					if path(ind, "id") == "sjukfranvaro-ks" {
						v := path(ind, "values", 2)
						found = path(v, "value") == "3.4" && num(path(v, "version")) == 2 && path(v, "kind") == "outcome"
					}
				}
				walk(path(g, "children"), depth+1)
			}
		}
		walk(r.body["goals"], 0)
		if !found || path(r.body, "permissions", "edit_content") != true {
			t.Errorf("saved value not shown with version 2, or controller may not edit")
		}
		// The other reads.
		r = call(t, srv, "GET", "/api/v1/municipalities", tokens["lasare"], nil)
		validate(t, "MunicipalityList", r.raw)
		if path(r.body, "municipalities", 0, "code") != "0126" {
			t.Errorf("municipalities: %s", r.raw)
		}
		r = call(t, srv, "GET", "/api/v1/municipalities/0126", tokens["lasare"], nil)
		validate(t, "MunicipalityDoc", r.raw)
		if path(r.body, "periods", 0, "url") != ksPeriod || len(r.body["units"].([]any)) != len(ds.Units) {
			t.Errorf("municipality: %s", r.raw)
		}
	})
}

// TestAPIOtherEdits: goal follow-ups, assignment and internal-control statuses and texts
// are saved with the same permissions and versions.
func TestAPIOtherEdits(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ds := demoDataset(t)
		srv, tokens := apiSite(t, db, ds)
		assignment := ds.Assignments[0].ID
		control := ds.Risks[0].Actions[0].ID
		for _, c := range []struct {
			name, url string
			body      map[string]any
			check     map[string]any
			schema    string
		}{
			{"goal", ksPeriod + "/goals/nm-skattemedel", map[string]any{"assessment": "partly", "analysis": "Delvis.\n\nMer text."},
				map[string]any{"assessment": "partly", "assessment_label": "Uppnås delvis"}, "SavedGoal"},
			{"assignment", ksPeriod + "/assignments/" + assignment, map[string]any{"status": "done", "progress": 100, "comment": "Klart."},
				map[string]any{"status": "done", "progress": float64(100), "kind": "assignment"}, "SavedStatus"},
			{"control", ksPeriod + "/internal-control/" + control, map[string]any{"status": "started", "comment": "Pågår."},
				map[string]any{"status": "started", "progress": nil, "kind": "control"}, "SavedStatus"},
			{"text", ksPeriod + "/texts/sammanfattning-namndmal", map[string]any{"body": "Ny text."},
				map[string]any{"body": "Ny text.", "title": "Nämndmål"}, "SavedText"},
		} {
			put := func(user string, version int) apiResponse {
				b := map[string]any{"version": version}
				for k, v := range c.body {
					b[k] = v
				}
				return call(t, srv, "PUT", c.url, tokens[user], b)
			}
			if r := put("lasare", 1); r.status != 403 {
				t.Errorf("%s as reader: %d %s", c.name, r.status, r.raw)
			}
			if r := put("rapportor-ksf", 1); r.status != 403 {
				t.Errorf("%s as reporter of ksf: %d %s", c.name, r.status, r.raw)
			}
			r := put("rapportor", 0)
			if r.status != 409 || num(path(r.body, "current", "version")) != 1 {
				t.Errorf("%s stale: %d %s", c.name, r.status, r.raw)
			}
			validate(t, strings.TrimPrefix(c.schema, "Saved")+"Conflict", r.raw)
			r = put("rapportor", 1)
			if r.status != 200 || num(path(r.body, "version")) != 2 {
				t.Errorf("%s: %d %s", c.name, r.status, r.raw)
				continue
			}
			validate(t, c.schema, r.raw)
			for k, v := range c.check {
				if r.body[k] != v {
					t.Errorf("%s: %s = %v, want %v", c.name, k, r.body[k], v)
				}
			}
		}
		lock(t, db, "ks")
		if r := call(t, srv, "PUT", ksPeriod+"/goals/nm-skattemedel", tokens["controller"], map[string]any{"version": 2}); r.status != 423 {
			t.Errorf("goal in a locked period: %d %s", r.status, r.raw)
		}
		if r := call(t, srv, "PUT", ksPeriod+"/texts/sammanfattning-namndmal", tokens["rapportor"], map[string]any{"version": 2, "body": "x"}); r.status != 423 {
			t.Errorf("text in a locked period: %d %s", r.status, r.raw)
		}
		entries, err := db.AuditLog(context.Background(), store.AuditFilter{Entity: "goal", Key: "nm-skattemedel@ks/2021-08"})
		if err != nil || len(entries) == 0 || entries[0].Actor != "rapportor" {
			t.Errorf("audit: %v %+v", err, entries)
		}
	})
}

// TestAPIOpenAPIDocument: the document is OpenAPI 3.0.3 and describes exactly the
// operations the API serves, each with its error responses and the bearer scheme.
func TestAPIOpenAPIDocument(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	srv, tokens := apiSite(t, db, demoDataset(t))
	r := call(t, srv, "GET", "/api/v1/openapi.json", tokens["lasare"], nil)
	if r.status != 200 {
		t.Fatalf("%d", r.status)
	}
	var doc struct {
		OpenAPI    string                               `json:"openapi"`
		Paths      map[string]map[string]map[string]any `json:"paths"`
		Components struct {
			SecuritySchemes map[string]map[string]any `json:"securitySchemes"`
			Schemas         map[string]any            `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(r.raw, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.OpenAPI != "3.0.3" {
		t.Errorf("openapi %q", doc.OpenAPI)
	}
	if s := doc.Components.SecuritySchemes["bearerAuth"]; s["type"] != "http" || s["scheme"] != "bearer" {
		t.Errorf("bearer scheme: %v", s)
	}
	if e := path(doc.Components.Schemas, "Error", "properties", "error", "required"); fmt.Sprint(e) != "[code message]" {
		t.Errorf("error object: %v", e)
	}
	var got []string
	for p, ops := range doc.Paths {
		for m, op := range ops {
			if m == "parameters" {
				continue
			}
			got = append(got, strings.ToUpper(m)+" "+p)
			responses, _ := op["responses"].(map[string]any)
			// Success is 200, 201 for what a POST creates, or 204 for what a DELETE removes.
			if (responses["200"] == nil && (m != "post" || responses["201"] == nil) && (m != "delete" || responses["204"] == nil)) || responses["401"] == nil {
				t.Errorf("%s %s: responses %v", m, p, responses)
			}
			if m == "put" || (m == "post" && op["requestBody"] != nil) {
				codes := []string{"400", "403", "404", "422"}
				// A versioned item in a period (a JSON body) can also be stale or locked.
				if strings.Contains(p, "{period}") && path(op, "requestBody", "content", "application/json") != nil {
					codes = append(codes, "409", "423")
				}
				for _, code := range codes {
					if responses[code] == nil {
						t.Errorf("%s %s: no %s response", m, p, code)
					}
				}
			}
		}
	}
	want := append([]string{}, apiPaths...)
	sort.Strings(got)
	sort.Strings(want)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("documented operations:\n%s\nserved:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestAPIServesEveryDocumentedPath: each operation of apiPaths is served (a signed-out
// request gets the API's 401, a signed-in one anything but the router's 404 or 405).
func TestAPIServesEveryDocumentedPath(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	srv, tokens := apiSite(t, db, demoDataset(t))
	fill := strings.NewReplacer("{code}", "0126", "{unit}", "ks", "{period}", "2021-08", "{id}", "x", "{year}", "2021", "{goal}", "x", "{name}", "lasare", "{table}", "x", "{row}", "x")
	for _, op := range apiPaths {
		method, p, _ := strings.Cut(op, " ")
		var body any
		if method == "PUT" {
			body = map[string]any{"version": 0}
		}
		r := call(t, srv, method, fill.Replace(p), tokens["controller"], body)
		if r.status == http.StatusMethodNotAllowed || r.status == http.StatusNotFound && strings.Contains(r.errorMessage(), "ingen sådan adress") {
			t.Errorf("%s: %d %s", op, r.status, r.raw)
		}
	}
}

func (r apiResponse) errorMessage() string {
	s, _ := path(r.body, "error", "message").(string)
	return s
}

// validate checks a response body against a schema of the OpenAPI document, read as JSON
// Schema (OpenAPI 3.0's nullable becomes a null type).
func validate(t *testing.T, schema string, body []byte) {
	t.Helper()
	if openAPISchemas == nil {
		data, err := os.ReadFile("openapi.json")
		if err != nil {
			t.Fatal(err)
		}
		var doc any
		if err := json.Unmarshal(data, &doc); err != nil {
			t.Fatal(err)
		}
		c := jsonschema.NewCompiler()
		if err := c.AddResource("openapi.json", nullable(doc)); err != nil {
			t.Fatal(err)
		}
		openAPISchemas = c
	}
	s, err := openAPISchemas.Compile("openapi.json#/components/schemas/" + schema)
	if err != nil {
		t.Fatalf("schema %s: %v", schema, err)
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Validate(v); err != nil {
		t.Errorf("response does not match %s: %v", schema, err)
	}
}

var openAPISchemas *jsonschema.Compiler

// nullable rewrites OpenAPI 3.0's "nullable: true" as JSON Schema: a type that includes
// null, or any of the schema and null.
func nullable(v any) any {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			v[k] = nullable(x)
		}
		if v["nullable"] == true {
			delete(v, "nullable")
			if typ, ok := v["type"].(string); ok {
				v["type"] = []any{typ, "null"}
				if enum, ok := v["enum"].([]any); ok {
					v["enum"] = append(enum, nil)
				}
				return v
			}
			return map[string]any{"anyOf": []any{v, map[string]any{"type": "null"}}}
		}
		return v
	case []any:
		for i, x := range v {
			v[i] = nullable(x)
		}
	}
	return v
}

// TestAPIScope: a period's rights reach only the indicators, assignments and controls of
// its own report: a reporter of sbn cannot change Kommunstyrelsen's indicator through
// sbn's open period, and the OpenAPI document is public.
func TestAPIScope(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	srv, tokens := apiSite(t, db, demoWithSecondBoard(t))
	r := call(t, srv, "PUT", "/api/v1/indicators/sjukfranvaro-ks/values/2021", tokens["rapportor-sbn"], map[string]any{
		"version": 1, "value": "1.0", "kind": "preliminary", "unit": "sbn", "period": "2021-08"})
	if r.status != http.StatusNotFound {
		t.Errorf("another unit's indicator through sbn's period: %d %s", r.status, r.raw)
	}
	if v := storedValue(t, db, "sjukfranvaro-ks", 2021); v == nil || v.Value.String() == "1.0" {
		t.Error("the value changed")
	}
	// The same through the UI.
	cookie := login(t, srv, "rapportor-sbn")
	if status, _, _ := getAs(t, cookie, srv.URL+"/kommuner/0126/enheter/sbn/perioder/2021-08/redigera/indikator/sjukfranvaro-ks/2021"); status != http.StatusNotFound {
		t.Errorf("UI form of another unit's indicator: %d", status)
	}
	if r := call(t, srv, "GET", "/api/v1/openapi.json", "", nil); r.status != http.StatusOK {
		t.Errorf("openapi.json without a token: %d", r.status)
	}
}
