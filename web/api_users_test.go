package web_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

// TestAPIUsers: the account API under the administration's permission: who may list,
// create and change accounts, with the rule set's refusals as 422 naming the field, and
// every answer in the documented shape.
func TestAPIUsers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		srv, tokens := apiSite(t, db, demoDataset(t), ekbyDataset(t))
		if err := db.CreateUser(context.Background(), "test", tertial.User{Name: "kadmin", Role: tertial.RoleAdmin, Municipality: "0126"}, passwordHash); err != nil {
			t.Fatal(err)
		}
		kadmin, _, err := createToken(db, "kadmin")
		if err != nil {
			t.Fatal(err)
		}
		admin := tokens["admin"]

		r := call(t, srv, "GET", "/api/v1/users", admin, nil)
		if r.status != http.StatusOK {
			t.Fatalf("list: %d %s", r.status, r.raw)
		}
		validate(t, "UserList", r.raw)
		all, err := db.Accounts(context.Background(), "")
		if err != nil {
			t.Fatal(err)
		}
		if n := len(r.body["users"].([]any)); n != len(all) || n < 7 {
			t.Errorf("the system administrator sees %d accounts, want every one, %d", n, len(all))
		}
		r = call(t, srv, "GET", "/api/v1/users", tokens["controller"], nil)
		for _, u := range r.body["users"].([]any) {
			if m := u.(map[string]any)["municipality"]; m != "0126" {
				t.Errorf("the controller sees an account of %v", m)
			}
		}
		for _, who := range []string{"rapportor", "lasare"} {
			if r := call(t, srv, "GET", "/api/v1/users", tokens[who], nil); r.status != http.StatusForbidden {
				t.Errorf("%s lists accounts: %d", who, r.status)
			}
			if r := call(t, srv, "POST", "/api/v1/users", tokens[who], map[string]any{"name": "x", "role": "reader", "municipality": "0126", "password": goodPassword}); r.status != http.StatusForbidden {
				t.Errorf("%s creates an account: %d", who, r.status)
			}
		}
		if r := call(t, srv, "PUT", "/api/v1/users/lasare", tokens["controller"], map[string]any{"disabled": true}); r.status != http.StatusForbidden {
			t.Errorf("a controller disables an account: %d", r.status)
		}

		// Create: the rule set's refusals name the field.
		for _, c := range []struct {
			body  map[string]any
			field string
		}{
			{map[string]any{"name": "nils", "role": "reporter", "municipality": "0126", "password": goodPassword}, "unit"},
			{map[string]any{"name": "nils", "role": "reader", "municipality": "0126", "password": "kort"}, "password"},
			{map[string]any{"name": "nils", "role": "reader", "municipality": "0126"}, "password"},
			{map[string]any{"name": "Nils", "role": "reader", "municipality": "0126", "password": goodPassword}, "name"},
			{map[string]any{"name": "nils", "role": "boss", "municipality": "0126", "password": goodPassword}, "role"},
			{map[string]any{"name": "nils", "role": "reporter", "municipality": "0126", "unit": "nope", "password": goodPassword}, "unit"},
		} {
			r := call(t, srv, "POST", "/api/v1/users", admin, c.body)
			if r.status != http.StatusUnprocessableEntity || !hasField(r, c.field) {
				t.Errorf("%v: %d %s, want 422 on %s", c.body, r.status, r.raw, c.field)
			}
		}
		if r := call(t, srv, "POST", "/api/v1/users", admin, map[string]any{"name": "lasare", "role": "reader", "municipality": "0126", "password": goodPassword}); r.status != http.StatusConflict {
			t.Errorf("a taken name: %d", r.status)
		}
		// A municipality's admin creates in its own municipality and nowhere else.
		if r := call(t, srv, "POST", "/api/v1/users", kadmin, map[string]any{"name": "nils", "role": "reader", "municipality": "9901", "password": goodPassword}); r.status != http.StatusForbidden {
			t.Errorf("kadmin creates in 9901: %d", r.status)
		}
		r = call(t, srv, "POST", "/api/v1/users", kadmin, map[string]any{"name": "nils", "role": "reporter", "unit": "ks", "password": goodPassword})
		if r.status != http.StatusCreated || r.header.Get("Location") != "/api/v1/users/nils" {
			t.Fatalf("kadmin creates nils: %d %s", r.status, r.raw)
		}
		validate(t, "User", r.raw)
		if r.body["municipality"] != "0126" || r.body["unit"] != "ks" {
			t.Errorf("nils: %s", r.raw)
		}
		if r := call(t, srv, "GET", "/api/v1/users/controller-ekby", kadmin, nil); r.status != http.StatusForbidden {
			t.Errorf("kadmin reads 9901's account: %d", r.status)
		}

		// Change: role and state in one request; a refusal changes nothing.
		r = call(t, srv, "PUT", "/api/v1/users/nils", kadmin, map[string]any{"role": "reader", "unit": "", "disabled": true})
		if r.status != http.StatusOK || r.body["role"] != "reader" || r.body["disabled"] != true {
			t.Errorf("PUT nils: %d %s", r.status, r.raw)
		}
		validate(t, "User", r.raw)
		r = call(t, srv, "PUT", "/api/v1/users/nils", kadmin, map[string]any{"role": "reporter", "disabled": false})
		if r.status != http.StatusUnprocessableEntity || !hasField(r, "unit") {
			t.Errorf("a reporter without a unit: %d %s", r.status, r.raw)
		}
		if a := account(t, db, "nils"); !a.Disabled || a.User.Role != tertial.RoleReader {
			t.Errorf("the refused PUT changed nils: %+v", a.User)
		}
		if r := call(t, srv, "PUT", "/api/v1/users/admin", admin, map[string]any{"disabled": true}); r.status != http.StatusUnprocessableEntity || !hasField(r, "disabled") {
			t.Errorf("disabling the last system administrator: %d %s", r.status, r.raw)
		}
		if r := call(t, srv, "PUT", "/api/v1/users/nils", kadmin, map[string]any{"municipality": ""}); r.status != http.StatusForbidden {
			t.Errorf("kadmin makes a system administrator: %d", r.status)
		}

		// Tokens: created once with the secret, which works until revoked.
		r = call(t, srv, "POST", "/api/v1/users/lasare/tokens", kadmin, nil)
		if r.status != http.StatusCreated {
			t.Fatalf("token: %d %s", r.status, r.raw)
		}
		validate(t, "NewToken", r.raw)
		secret, id := r.body["token"].(string), r.body["id"].(string)
		if r := call(t, srv, "GET", "/api/v1/municipalities", secret, nil); r.status != http.StatusOK {
			t.Errorf("the new token: %d", r.status)
		}
		r = call(t, srv, "GET", "/api/v1/users/lasare", kadmin, nil)
		if len(r.body["tokens"].([]any)) == 0 || r.body["token"] != nil {
			t.Errorf("lasare's tokens: %s", r.raw)
		}
		if r := call(t, srv, "DELETE", "/api/v1/users/rapportor/tokens/"+id, kadmin, nil); r.status != http.StatusNotFound {
			t.Errorf("revoking through another account: %d", r.status)
		}
		r = call(t, srv, "DELETE", "/api/v1/users/lasare/tokens/"+id, kadmin, nil)
		if r.status != http.StatusOK || r.body["revoked"] == nil {
			t.Errorf("revoke: %d %s", r.status, r.raw)
		}
		validate(t, "Token", r.raw)
		if r := call(t, srv, "GET", "/api/v1/municipalities", secret, nil); r.status != http.StatusUnauthorized {
			t.Errorf("the revoked token: %d", r.status)
		}
		r = call(t, srv, "DELETE", "/api/v1/users/lasare/sessions", kadmin, nil)
		if r.status != http.StatusOK {
			t.Errorf("end sessions: %d %s", r.status, r.raw)
		}
		if got := auditOfUser(t, db, "api_token", id); len(got) != 2 || got[0] != "kadmin user:  → lasare" {
			t.Errorf("token audit: %v", got)
		}
	})
}

// hasField reports whether an error answer names the field.
func hasField(r apiResponse, field string) bool {
	fields, _ := path(r.body, "error", "fields").([]any)
	for _, f := range fields {
		if f.(map[string]any)["field"] == field {
			return true
		}
	}
	return false
}
