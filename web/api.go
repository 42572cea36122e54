package web

import (
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"reflect"
	"strings"

	"github.com/tertial/tertial"
)

// The JSON API under /api/v1/. It asks the same questions as the site: every handler
// goes through periodCtx (loadPeriod, can, require), so tertial.Can decides what an API
// client may read and change exactly as it does for the forms. A client authenticates
// with "Authorization: Bearer TOKEN" (tertial token create --user NAME) or a session
// cookie; withUser has already resolved either to the user, and answers everyone else
// with a JSON 401.
//
// Every response is JSON. Errors are {"error": {"code", "message"}}, with "fields" for
// invalid values and, for a stale version (409), the item as it is saved now in "current"
// beside "error", so that a client can merge and save again.

//go:embed openapi.json
var openAPIDoc []byte

// maxBodyBytes bounds a request body.
const maxBodyBytes = 1 << 20

// apiRoute is one operation of the API. openapi.json describes every one of them (a test
// compares the two).
type apiRoute struct {
	method, path string
	handler      func(*Server, http.ResponseWriter, *http.Request)
}

const periodPath = "/api/v1/municipalities/{code}/units/{unit}/periods/{period}"

var apiRouteTable = []apiRoute{
	{"GET", "/api/v1/openapi.json", (*Server).apiOpenAPI},
	{"GET", "/api/v1/municipalities", (*Server).apiMunicipalities},
	{"GET", "/api/v1/municipalities/{code}", (*Server).apiMunicipality},
	{"GET", "/api/v1/municipalities/{code}/history", (*Server).apiHistory},
	{"POST", "/api/v1/municipalities/{code}/periods", (*Server).apiPostPeriod},
	{"POST", "/api/v1/municipalities/{code}/goals", (*Server).apiPostGoal},
	{"PUT", "/api/v1/municipalities/{code}/goals/{id}", (*Server).apiPutStructGoal},
	{"DELETE", "/api/v1/municipalities/{code}/goals/{id}", (*Server).apiDeleteGoal},
	{"POST", "/api/v1/municipalities/{code}/indicators", (*Server).apiPostIndicator},
	{"PUT", "/api/v1/municipalities/{code}/indicators/{id}", (*Server).apiPutStructIndicator},
	{"DELETE", "/api/v1/municipalities/{code}/indicators/{id}", (*Server).apiDeleteIndicator},
	{"POST", "/api/v1/municipalities/{code}/assignments", (*Server).apiPostStructAssignment},
	{"PUT", "/api/v1/municipalities/{code}/assignments/{id}", (*Server).apiPutStructAssignment},
	{"DELETE", "/api/v1/municipalities/{code}/assignments/{id}", (*Server).apiDeleteStructAssignment},
	{"POST", "/api/v1/municipalities/{code}/units", (*Server).apiPostUnit},
	{"PUT", "/api/v1/municipalities/{code}/units/{unit}", (*Server).apiPutUnit},
	{"DELETE", "/api/v1/municipalities/{code}/units/{unit}", (*Server).apiDeleteUnit},
	{"PUT", "/api/v1/municipalities/{code}/settings", (*Server).apiPutSettings},
	{"PUT", "/api/v1/municipalities/{code}/goal-frame", (*Server).apiPutGoalFrame},
	{"GET", "/api/v1/municipalities/{code}/statement-layout", (*Server).apiGetStatementLayout},
	{"PUT", "/api/v1/municipalities/{code}/statement-layout", (*Server).apiPutStatementLayout},
	{"GET", "/api/v1/municipalities/{code}/statement-budget", (*Server).apiGetStatementBudget},
	{"PUT", "/api/v1/municipalities/{code}/statement-budget", (*Server).apiPutStatementBudget},
	{"GET", "/api/v1/municipalities/{code}/statement-forecast", (*Server).apiGetStatementForecast},
	{"PUT", "/api/v1/municipalities/{code}/statement-forecast", (*Server).apiPutStatementForecast},
	{"GET", "/api/v1/municipalities/{code}/economy", (*Server).apiGetEconomy},
	{"PUT", "/api/v1/municipalities/{code}/economy", (*Server).apiPutEconomy},
	{"POST", "/api/v1/municipalities/{code}/internal-control/{kind}", (*Server).apiSaveICItem},
	{"PUT", "/api/v1/municipalities/{code}/internal-control/{kind}/{id}", (*Server).apiSaveICItem},
	{"DELETE", "/api/v1/municipalities/{code}/internal-control/{kind}/{id}", (*Server).apiDeleteICItem},
	{"POST", "/api/v1/municipalities/{code}/internal-control/risks/{id}/actions", (*Server).apiSaveRiskAction},
	{"PUT", "/api/v1/municipalities/{code}/internal-control/risks/{id}/actions/{action}", (*Server).apiSaveRiskAction},
	{"DELETE", "/api/v1/municipalities/{code}/internal-control/risks/{id}/actions/{action}", (*Server).apiDeleteRiskAction},
	{"GET", periodPath, (*Server).apiPeriod},
	{"PUT", periodPath, (*Server).apiPutPeriod},
	{"POST", periodPath + "/money-tables", (*Server).apiPostMoneyTable},
	{"PUT", periodPath + "/money-tables/{table}", (*Server).apiPutMoneyTable},
	{"DELETE", periodPath + "/money-tables/{table}", (*Server).apiDeleteMoneyTable},
	{"POST", periodPath + "/free-tables", (*Server).apiPostFreeTable},
	{"PUT", periodPath + "/free-tables/{table}", (*Server).apiPutFreeTable},
	{"DELETE", periodPath + "/free-tables/{table}", (*Server).apiDeleteFreeTable},
	{"PUT", periodPath + "/template", (*Server).apiPutPeriodTemplate},
	{"GET", "/api/v1/municipalities/{code}/starter-templates", (*Server).apiStarterTemplates},
	{"POST", "/api/v1/municipalities/{code}/templates", (*Server).apiPostTemplate},
	{"PUT", "/api/v1/municipalities/{code}/templates/{id}", (*Server).apiPutTemplate},
	{"DELETE", "/api/v1/municipalities/{code}/templates/{id}", (*Server).apiDeleteTemplate},
	{"PUT", "/api/v1/indicators/{id}/values/{year}", (*Server).apiPutIndicatorValue},
	{"PUT", periodPath + "/goals/{goal}", (*Server).apiPutGoal},
	{"PUT", periodPath + "/assignments/{id}", (*Server).apiPutAssignment},
	{"PUT", periodPath + "/internal-control/{id}", (*Server).apiPutControl},
	{"PUT", periodPath + "/texts/{id}", (*Server).apiPutText},
	{"PUT", periodPath + "/money-tables/{table}/rows/{row}", (*Server).apiPutMoneyRow},
	{"PUT", periodPath + "/free-tables/{table}/rows/{row}", (*Server).apiPutFreeRow},
	{"GET", periodPath + "/workflow", (*Server).apiWorkflow},
	{"POST", periodPath + "/workflow/sections/{key}", (*Server).apiPostSectionStep},
	{"POST", periodPath + "/workflow/lock", (*Server).apiPostLock},
	{"GET", "/api/v1/municipalities/{code}/units/{unit}/ledger", (*Server).apiLedger},
	{"PUT", "/api/v1/municipalities/{code}/units/{unit}/ledger", (*Server).apiPutLedger},
	{"GET", "/api/v1/users", (*Server).apiUsers},
	{"POST", "/api/v1/users", (*Server).apiCreateUser},
	{"GET", "/api/v1/users/{name}", (*Server).apiUser},
	{"PUT", "/api/v1/users/{name}", (*Server).apiPutUser},
	{"DELETE", "/api/v1/users/{name}/sessions", (*Server).apiEndSessions},
	{"POST", "/api/v1/users/{name}/tokens", (*Server).apiCreateToken},
	{"DELETE", "/api/v1/users/{name}/tokens/{id}", (*Server).apiRevokeToken},
}

// apiRoutes registers the JSON API under /api/v1/.
func (s *Server) apiRoutes() {
	for _, rt := range apiRouteTable {
		h := rt.handler
		s.mux.HandleFunc(rt.method+" "+rt.path, func(w http.ResponseWriter, r *http.Request) { h(s, w, r) })
	}
	// Anything else under /api/ is answered in JSON too: 405 for a known path with
	// another method, 404 for the rest.
	s.mux.HandleFunc("/api/", s.apiFallback)
}

func (s *Server) apiFallback(w http.ResponseWriter, r *http.Request) {
	var allow []string
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete} {
		if m == r.Method {
			continue
		}
		r2 := r.Clone(r.Context())
		r2.Method = m
		if _, pattern := s.mux.Handler(r2); pattern != "" && pattern != "/api/" && pattern != "/" {
			allow = append(allow, m)
		}
	}
	if len(allow) > 0 {
		if containsString(allow, http.MethodGet) {
			allow = append(allow, http.MethodHead)
		}
		w.Header().Set("Allow", strings.Join(allow, ", "))
		s.apiError(w, r, &apiErr{status: http.StatusMethodNotAllowed, code: "method_not_allowed",
			msg: fmt.Sprintf("metoden %s går inte att använda här; tillåtna: %s", r.Method, strings.Join(allow, ", "))})
		return
	}
	s.apiError(w, r, tertial.Errorf(tertial.ENOTFOUND, "det finns ingen sådan adress i API:t; se /api/v1/openapi.json"))
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// apiOpenAPI serves the OpenAPI description of the API. Like everything under /api/ it
// needs a signed-in user or a token.
func (s *Server) apiOpenAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-cache")
	w.Write(openAPIDoc)
}

// writeAPI writes v as JSON with the status.
func (s *Server) writeAPI(w http.ResponseWriter, r *http.Request, status int, v any) {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false) // "<7,9 %" stays readable; the content type is JSON, never HTML
	if err := enc.Encode(v); err != nil {
		s.log.Error("api: encode", "method", r.Method, "path", r.URL.Path, "err", err)
		writeJSONError(w, http.StatusInternalServerError, tertial.EINTERNAL, "internt fel")
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "private, no-store")
	w.WriteHeader(status)
	io.WriteString(w, b.String())
}

// apiErr is an error the API answers with a status of its own (400, 405, 413, 415), or
// an invalid request with field errors (422).
type apiErr struct {
	status int
	code   string
	msg    string
	fields []apiFieldError
}

func (e *apiErr) Error() string { return e.msg }

// apiFieldError names a field of the request body and what is wrong with it.
type apiFieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// badRequest is a request the API cannot read at all (400).
func badRequest(format string, args ...any) *apiErr {
	return &apiErr{status: http.StatusBadRequest, code: tertial.EINVALID, msg: fmt.Sprintf(format, args...)}
}

// invalidFields is a readable request with wrong values (422).
func invalidFields(fields ...apiFieldError) *apiErr {
	msgs := make([]string, len(fields))
	for i, f := range fields {
		msgs[i] = f.Field + ": " + f.Message
	}
	return &apiErr{status: http.StatusUnprocessableEntity, code: tertial.EINVALID, msg: "ogiltiga värden: " + strings.Join(msgs, "; "), fields: fields}
}

type apiErrorBody struct {
	Error   apiErrorObject `json:"error"`
	Current any            `json:"current,omitempty"`
}

type apiErrorObject struct {
	Code    string          `json:"code"`
	Message string          `json:"message"`
	Fields  []apiFieldError `json:"fields,omitempty"`
}

// apiStatus maps an error code to the API's HTTP status. This is the one place that
// does; EINVALID is 422 (a request that could not be read at all is an *apiErr with 400).
func apiStatus(code string) int {
	switch code {
	case tertial.EINVALID:
		return http.StatusUnprocessableEntity
	case tertial.EFORBIDDEN:
		return http.StatusForbidden
	case tertial.ENOTFOUND:
		return http.StatusNotFound
	case tertial.ECONFLICT:
		return http.StatusConflict
	case tertial.ELOCKED:
		return http.StatusLocked
	case tertial.EUNAUTHORIZED:
		return http.StatusUnauthorized
	}
	return http.StatusInternalServerError
}

// apiError answers with the error: its status and message for the user's mistakes, and
// only "internt fel" for ours, which is logged with its details.
func (s *Server) apiError(w http.ResponseWriter, r *http.Request, err error) {
	s.apiErrorWith(w, r, err, nil)
}

// apiErrorWith is apiError with the current state of the item (for 409).
func (s *Server) apiErrorWith(w http.ResponseWriter, r *http.Request, err error, current any) {
	var body apiErrorBody
	status := http.StatusInternalServerError
	var ae *apiErr
	if errors.As(err, &ae) {
		status = ae.status
		body.Error = apiErrorObject{Code: ae.code, Message: ae.msg, Fields: ae.fields}
	} else {
		code := tertial.ErrorCode(err)
		status = apiStatus(code)
		if status == http.StatusInternalServerError {
			code = tertial.EINTERNAL
			s.log.Error("api: internal error", "method", r.Method, "path", r.URL.Path, "err", err)
		}
		body.Error = apiErrorObject{Code: code, Message: tertial.ErrorMessage(err)}
		// The rule set's problems name the fields as the API does.
		for _, p := range tertial.ProblemsOf(err) {
			body.Error.Fields = append(body.Error.Fields, apiFieldError{Field: p.Path, Message: p.Message})
		}
	}
	if status == http.StatusConflict {
		body.Current = current
	}
	s.writeAPI(w, r, status, body)
}

// decodeBody reads a JSON request body into dst: application/json only, at most
// maxBodyBytes, exactly one object, no unknown fields.
func decodeBody(w http.ResponseWriter, r *http.Request, dst any) error {
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
		return &apiErr{status: http.StatusUnsupportedMediaType, code: tertial.EINVALID,
			msg: "skicka JSON med Content-Type: application/json"}
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBodyBytes))
	dec.DisallowUnknownFields()
	err := dec.Decode(dst)
	if err == nil {
		if _, extra := dec.Token(); extra != io.EOF {
			return badRequest("kroppen ska vara ett enda JSON-objekt")
		}
		return nil
	}
	var tooBig *http.MaxBytesError
	var syntax *json.SyntaxError
	var typeErr *json.UnmarshalTypeError
	switch {
	case errors.As(err, &tooBig):
		return &apiErr{status: http.StatusRequestEntityTooLarge, code: tertial.EINVALID,
			msg: fmt.Sprintf("kroppen är större än %d byte", maxBodyBytes)}
	case errors.Is(err, io.EOF):
		return badRequest("kroppen är tom: skicka ett JSON-objekt")
	case errors.As(err, &syntax), errors.Is(err, io.ErrUnexpectedEOF):
		return badRequest("kroppen är inte giltig JSON: %v", err)
	case errors.As(err, &typeErr) && typeErr.Field != "":
		return invalidFields(apiFieldError{Field: typeErr.Field, Message: "ska vara " + jsonTypeName(typeErr.Type) + ", inte " + typeErr.Value})
	case errors.As(err, &typeErr):
		return badRequest("kroppen ska vara ett JSON-objekt")
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return badRequest("okänt fält %s", strings.TrimPrefix(err.Error(), "json: unknown field "))
	}
	return badRequest("kroppen kunde inte läsas: %v", err)
}

// jsonTypeName names a Go type the way the API documentation does.
func jsonTypeName(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		return "en sträng (tal skrivs som strängar, till exempel \"8.7\")"
	case reflect.Int, reflect.Int64, reflect.Int32:
		return "ett heltal"
	case reflect.Bool:
		return "true eller false"
	}
	return "ett " + t.Kind().String()
}
