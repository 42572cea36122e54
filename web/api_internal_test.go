package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"testing"

	"github.com/tertial/tertial"
)

// TestAPIErrorMapping: every error code has its status, and an internal error shows only
// "internt fel" while its details go to the log.
func TestAPIErrorMapping(t *testing.T) {
	var logs bytes.Buffer
	s := &Server{log: slog.New(slog.NewTextHandler(&logs, nil))}
	for _, c := range []struct {
		err     error
		status  int
		code    string
		message string
	}{
		{tertial.Errorf(tertial.EINVALID, "fel värde"), 422, "invalid", "fel värde"},
		{badRequest("inte JSON"), 400, "invalid", "inte JSON"},
		{tertial.Errorf(tertial.EFORBIDDEN, "nej"), 403, "forbidden", "nej"},
		{tertial.Errorf(tertial.ENOTFOUND, "finns inte"), 404, "not_found", "finns inte"},
		{fmt.Errorf("wrapped: %w", tertial.Errorf(tertial.ECONFLICT, "gammal version")), 409, "conflict", "gammal version"},
		{tertial.Errorf(tertial.ELOCKED, "låst"), 423, "locked", "låst"},
		{tertial.Errorf(tertial.EUNAUTHORIZED, "logga in"), 401, "unauthorized", "logga in"},
		{errors.New("pq: relation secret_table does not exist"), 500, "internal", "internt fel"},
		{tertial.Errorf(tertial.EINTERNAL, "secret detail"), 500, "internal", "internt fel"},
	} {
		w := httptest.NewRecorder()
		s.apiError(w, httptest.NewRequest("GET", "/api/v1/x", nil), c.err)
		var body apiErrorBody
		if err := json.Unmarshal(w.Body.Bytes(), &body); err != nil {
			t.Fatalf("%v: %v", c.err, err)
		}
		if w.Code != c.status || body.Error.Code != c.code || body.Error.Message != c.message || w.Header().Get("Content-Type") != "application/json" {
			t.Errorf("%v: %d %s", c.err, w.Code, w.Body)
		}
		if c.status == 500 && strings.Contains(w.Body.String(), "secret") {
			t.Errorf("internal details shown: %s", w.Body)
		}
	}
	if !strings.Contains(logs.String(), "secret_table") || !strings.Contains(logs.String(), "secret detail") {
		t.Errorf("internal errors not logged: %s", logs.String())
	}
}

// TestAPIRouteTableIsDocumented: the operations the server registers are exactly those
// openapi.json describes.
func TestAPIRouteTableIsDocumented(t *testing.T) {
	var doc struct {
		Paths map[string]map[string]any `json:"paths"`
	}
	if err := json.Unmarshal(openAPIDoc, &doc); err != nil {
		t.Fatal(err)
	}
	var documented, served []string
	for p, ops := range doc.Paths {
		for m := range ops {
			documented = append(documented, strings.ToUpper(m)+" "+p)
		}
	}
	for _, r := range apiRouteTable {
		served = append(served, r.method+" "+r.path)
		if r.method != http.MethodGet && r.method != http.MethodPut && r.method != http.MethodPost {
			t.Errorf("%s %s: apiFallback only knows GET, PUT and POST", r.method, r.path)
		}
	}
	sort.Strings(documented)
	sort.Strings(served)
	if strings.Join(documented, "\n") != strings.Join(served, "\n") {
		t.Errorf("documented:\n%s\nserved:\n%s", strings.Join(documented, "\n"), strings.Join(served, "\n"))
	}
}
