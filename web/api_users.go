package web

import (
	"net/http"
	"strings"
	"time"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/auth"
	"github.com/tertial/tertial/store"
)

// The API's administration of accounts: the same store functions as /admin and
// `tertial user`, under the same permission (adminScope and tertial.Can with
// ActManageUsers on the account's municipality, before and after a change). An admin
// manages the accounts it sees; a controller reads its municipality's; anyone else gets
// 403. Accounts are never deleted: they are turned off (PUT with "disabled": true).

// apiUser is an account in the API.
type apiUser struct {
	Name         string     `json:"name"`
	Role         string     `json:"role"`
	Municipality string     `json:"municipality"`
	Unit         string     `json:"unit"`
	Created      time.Time  `json:"created"`
	Disabled     bool       `json:"disabled"`
	Subject      string     `json:"subject"`
	LastSignIn   *time.Time `json:"last_sign_in"`
	Email        string     `json:"email"`
	EmailOff     bool       `json:"email_off"`
	Tokens       []apiToken `json:"tokens"`
}

// apiToken is an API token without its secret.
type apiToken struct {
	ID      string     `json:"id"`
	User    string     `json:"user"`
	Created time.Time  `json:"created"`
	Revoked *time.Time `json:"revoked"`
}

func toAPIToken(t store.TokenInfo) apiToken {
	out := apiToken{ID: t.ID, User: t.User, Created: t.Created.UTC()}
	if !t.Revoked.IsZero() {
		r := t.Revoked.UTC()
		out.Revoked = &r
	}
	return out
}

func toAPIUser(a store.Account) apiUser {
	out := apiUser{Name: a.Name, Role: string(a.User.Role), Municipality: a.User.Municipality, Unit: a.User.Unit,
		Created: a.User.Created.UTC(), Disabled: a.Disabled, Subject: a.Subject, Email: a.Email, EmailOff: a.EmailOff, Tokens: []apiToken{}}
	if !a.LastSignIn.IsZero() {
		l := a.LastSignIn.UTC()
		out.LastSignIn = &l
	}
	for _, t := range a.Tokens {
		out.Tokens = append(out.Tokens, toAPIToken(t))
	}
	return out
}

// apiAccount returns the account named in the path if the user sees it (EFORBIDDEN
// otherwise), and whether the user may change it.
func (s *Server) apiAccount(r *http.Request) (*store.Account, bool, error) {
	scope, manage, err := adminScope(r)
	if err != nil {
		return nil, false, err
	}
	a, err := s.db.Account(r.Context(), r.PathValue("name"))
	if err != nil {
		return nil, false, err
	}
	if scope != "" && a.User.Municipality != scope {
		return nil, false, tertial.Errorf(tertial.EFORBIDDEN, "kontot hör inte till din kommun")
	}
	return a, manage && canManage(r, a.User.Municipality), nil
}

// GET /api/v1/users
func (s *Server) apiUsers(w http.ResponseWriter, r *http.Request) {
	scope, _, err := adminScope(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	accounts, err := s.db.Accounts(r.Context(), scope)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	out := struct {
		Users []apiUser `json:"users"`
	}{Users: []apiUser{}}
	for _, a := range accounts {
		out.Users = append(out.Users, toAPIUser(a))
	}
	s.writeAPI(w, r, http.StatusOK, out)
}

// GET /api/v1/users/{name}
func (s *Server) apiUser(w http.ResponseWriter, r *http.Request) {
	a, _, err := s.apiAccount(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	s.writeAPI(w, r, http.StatusOK, toAPIUser(*a))
}

// writeAccount answers with the account as it is saved now.
func (s *Server) writeAccount(w http.ResponseWriter, r *http.Request, status int, name string) {
	a, err := s.db.Account(r.Context(), name)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	s.writeAPI(w, r, status, toAPIUser(*a))
}

// apiPlace is the municipality of an account as a body gives it: a municipality's
// administrator's accounts are in its municipality, so it may leave it out; naming another
// is refused (403).
func apiPlace(r *http.Request, given *string, current string) (string, error) {
	muni := current
	if given != nil {
		muni = strings.TrimSpace(*given)
	}
	if !canManage(r, muni) {
		return "", tertial.Errorf(tertial.EFORBIDDEN, "du kan bara hantera konton i din egen kommun")
	}
	return muni, nil
}

type apiUserPost struct {
	Name         *string `json:"name"`
	Role         *string `json:"role"`
	Municipality *string `json:"municipality"`
	Unit         *string `json:"unit"`
	Password     *string `json:"password"`
	Email        *string `json:"email"`
	EmailOff     *bool   `json:"email_off"`
}

// POST /api/v1/users
func (s *Server) apiCreateUser(w http.ResponseWriter, r *http.Request) {
	_, manage, err := adminScope(r)
	if err == nil && !manage {
		err = tertial.Errorf(tertial.EFORBIDDEN, "bara en administratör kan lägga upp konton")
	}
	var body apiUserPost
	if err == nil {
		err = decodeBody(w, r, &body)
	}
	actor := userFrom(r.Context())
	var u tertial.User
	if err == nil {
		u = tertial.User{Name: strings.TrimSpace(str(body.Name)), Role: tertial.Role(str(body.Role)), Unit: strings.TrimSpace(str(body.Unit))}
		u.Municipality, err = apiPlace(r, body.Municipality, actor.Municipality)
	}
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	var fields []apiFieldError
	for _, p := range u.Validate() {
		fields = append(fields, apiFieldError{p.Path, p.Message})
	}
	for _, p := range tertial.ValidateEmail(strings.TrimSpace(str(body.Email))) {
		fields = append(fields, apiFieldError{p.Path, p.Message})
	}
	var hash string
	if body.Password == nil {
		fields = append(fields, apiFieldError{"password", "krävs: kontots första lösenord"})
	} else if err := tertial.CheckPassword(*body.Password); err != nil {
		fields = append(fields, apiFieldError{"password", tertial.ErrorMessage(err)})
	} else if hash, err = auth.HashPassword(*body.Password); err != nil {
		s.apiError(w, r, err)
		return
	}
	if len(fields) > 0 {
		s.apiError(w, r, invalidFields(fields...))
		return
	}
	if err := s.db.CreateUser(r.Context(), actor.Name, u, hash); err != nil {
		s.apiError(w, r, err)
		return
	}
	if body.Email != nil || body.EmailOff != nil {
		if err := s.db.SetUserEmail(r.Context(), actor.Name, u.Name, str(body.Email), body.EmailOff != nil && *body.EmailOff); err != nil {
			s.apiError(w, r, err)
			return
		}
	}
	w.Header().Set("Location", "/api/v1/users/"+u.Name)
	s.writeAccount(w, r, http.StatusCreated, u.Name)
}

type apiUserPut struct {
	Role         *string `json:"role"`
	Municipality *string `json:"municipality"`
	Unit         *string `json:"unit"`
	Disabled     *bool   `json:"disabled"`
	Email        *string `json:"email"`
	EmailOff     *bool   `json:"email_off"`
}

// PUT /api/v1/users/{name}: a field left out keeps its value.
func (s *Server) apiPutUser(w http.ResponseWriter, r *http.Request) {
	a, manage, err := s.apiAccount(r)
	if err == nil && !manage {
		err = tertial.Errorf(tertial.EFORBIDDEN, "du har inte behörighet att ändra kontot")
	}
	var body apiUserPut
	if err == nil {
		err = decodeBody(w, r, &body)
	}
	var u tertial.User
	if err == nil {
		u = a.User
		u.Municipality, err = apiPlace(r, body.Municipality, a.User.Municipality)
	}
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	if body.Role != nil {
		u.Role = tertial.Role(*body.Role)
	}
	if body.Unit != nil {
		u.Unit = strings.TrimSpace(*body.Unit)
	}
	if body.Disabled != nil {
		u.Disabled = *body.Disabled
	}
	email, emailOff := a.Email, a.EmailOff
	if body.Email != nil {
		email = strings.TrimSpace(*body.Email)
	}
	if body.EmailOff != nil {
		emailOff = *body.EmailOff
	}
	// The account and its e-mail in one transaction: a refusal of either changes nothing.
	if email != a.Email || emailOff != a.EmailOff {
		err = s.db.UpdateAccountEmail(r.Context(), userFrom(r.Context()).Name, u, email, emailOff)
	} else {
		err = s.db.UpdateAccount(r.Context(), userFrom(r.Context()).Name, u)
	}
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	s.writeAccount(w, r, http.StatusOK, u.Name)
}

// DELETE /api/v1/users/{name}/sessions
func (s *Server) apiEndSessions(w http.ResponseWriter, r *http.Request) {
	a, manage, err := s.apiAccount(r)
	if err == nil && !manage {
		err = tertial.Errorf(tertial.EFORBIDDEN, "du har inte behörighet att ändra kontot")
	}
	var n int
	if err == nil {
		n, err = s.db.EndSessions(r.Context(), userFrom(r.Context()).Name, a.Name)
	}
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	s.writeAPI(w, r, http.StatusOK, map[string]any{"user": a.Name, "ended": n})
}

// apiNewToken is a token just created: the only answer that holds its secret.
type apiNewToken struct {
	apiToken
	Token string `json:"token"`
}

// POST /api/v1/users/{name}/tokens
func (s *Server) apiCreateToken(w http.ResponseWriter, r *http.Request) {
	a, manage, err := s.apiAccount(r)
	if err == nil && !manage {
		err = tertial.Errorf(tertial.EFORBIDDEN, "du har inte behörighet att ändra kontot")
	}
	id := auth.NewTokenID()
	token, hash := auth.NewToken()
	if err == nil {
		err = s.db.CreateToken(r.Context(), userFrom(r.Context()).Name, id, a.Name, hash)
	}
	var t *store.TokenInfo
	if err == nil {
		t, err = s.db.Token(r.Context(), id)
	}
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	s.writeAPI(w, r, http.StatusCreated, apiNewToken{apiToken: toAPIToken(*t), Token: token})
}

// DELETE /api/v1/users/{name}/tokens/{id}
func (s *Server) apiRevokeToken(w http.ResponseWriter, r *http.Request) {
	a, manage, err := s.apiAccount(r)
	if err == nil && !manage {
		err = tertial.Errorf(tertial.EFORBIDDEN, "du har inte behörighet att ändra kontot")
	}
	var t *store.TokenInfo
	if err == nil {
		t, err = s.db.Token(r.Context(), r.PathValue("id"))
	}
	if err == nil && t.User != a.Name {
		err = tertial.Errorf(tertial.ENOTFOUND, "kontot %s har ingen token %s", a.Name, r.PathValue("id"))
	}
	if err == nil {
		err = s.db.RevokeToken(r.Context(), userFrom(r.Context()).Name, t.ID)
	}
	if err == nil {
		t, err = s.db.Token(r.Context(), t.ID)
	}
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	s.writeAPI(w, r, http.StatusOK, toAPIToken(*t))
}
