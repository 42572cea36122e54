package web

import (
	"context"
	"crypto/subtle"
	"net/http"
	"net/url"
	"strings"
	"sync"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/auth"
)

// The first run: a site whose database has no account at all is set up in the browser.
// FirstRunPath makes a one-time token, which `tertial serve` prints with the site's
// address; whoever opens /forsta-start with it creates the first system administrator, is
// signed in, and goes on to create the first municipality (/admin/kommuner/ny). The token
// lives in this process only: it is good until it is used or the server restarts, and
// without it nothing is created (403). Once any account exists the page refuses, token
// or not.

// firstRun holds the hash of the first-run token; "" when there is none.
type firstRun struct {
	mu   sync.Mutex
	hash string
}

// FirstRunPath returns the path, with a new one-time token, at which the first system
// administrator of an empty database is created, and "" when the database already holds
// an account. Each call replaces the token of the one before.
func (s *Server) FirstRunPath(ctx context.Context) (string, error) {
	has, err := s.db.HasAccounts(ctx)
	if err != nil || has {
		return "", err
	}
	token, hash := auth.NewToken()
	s.firstRun.mu.Lock()
	s.firstRun.hash = hash
	s.firstRun.mu.Unlock()
	return "/forsta-start?token=" + url.QueryEscape(token), nil
}

// firstRunToken reports whether token is the first-run token.
func (s *Server) firstRunToken(token string) bool {
	s.firstRun.mu.Lock()
	defer s.firstRun.mu.Unlock()
	return s.firstRun.hash != "" && token != "" && subtle.ConstantTimeCompare([]byte(auth.HashToken(token)), []byte(s.firstRun.hash)) == 1
}

// endFirstRun forgets the first-run token: it has been used, or is of no use any more.
func (s *Server) endFirstRun() {
	s.firstRun.mu.Lock()
	s.firstRun.hash = ""
	s.firstRun.mu.Unlock()
}

type firstRunPage struct {
	base
	Title  string
	Token  string
	Form   adminForm
	Errors []fieldError
}

func (s *Server) handleFirstRun(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodPost {
		if err := readAdminForm(w, r); err != nil {
			s.error(w, r, err)
			return
		}
	}
	token := r.FormValue("token")
	if !s.firstRunToken(token) {
		s.error(w, r, tertial.Errorf(tertial.EFORBIDDEN, "Länken för första start är ogiltig eller redan använd. Öppna adressen som tertial serve skrev ut när den startade, eller logga in."))
		return
	}
	if has, err := s.db.HasAccounts(r.Context()); err != nil || has {
		if err == nil {
			s.endFirstRun()
			err = tertial.Errorf(tertial.EFORBIDDEN, "Tertial har redan konton: logga in i stället.")
		}
		s.error(w, r, err)
		return
	}
	page := &firstRunPage{Title: "Första start", Token: token, Form: adminForm{Action: "/forsta-start", Fields: []adminField{
		{Name: "namn", Label: "Användarnamn", Type: "text", Autocomplete: "username", Hint: "Små bokstäver a–z, siffror, '-', '_' och '.', till exempel admin eller anna.svensson."},
		{Name: "losenord", Label: "Lösenord", Type: "password", Autocomplete: "new-password", Hint: "Minst 12 tecken, gärna flera ord i en mening."},
		{Name: "losenord2", Label: "Lösenordet igen", Type: "password", Autocomplete: "new-password"},
	}}}
	if r.Method == http.MethodGet {
		s.render(w, r, http.StatusOK, "firstrun.html", page)
		return
	}
	page.Form.fill(r.PostForm)
	u := tertial.User{Name: strings.TrimSpace(r.PostForm.Get("namn")), Role: tertial.RoleAdmin}
	errs, _ := problemsAt(tertial.Invalid(u.Validate()), accountFields)
	hash, pwErrs := newPassword(r.PostForm, "losenord", "losenord2")
	errs = append(errs, pwErrs...)
	if len(errs) == 0 {
		err := s.db.CreateFirstAdmin(r.Context(), u, hash)
		if tertial.ErrorCode(err) == tertial.ECONFLICT {
			s.endFirstRun()
		}
		if errs, _ = problemsAt(err, accountFields); errs == nil && err != nil {
			s.error(w, r, err)
			return
		}
	}
	if len(errs) > 0 {
		page.Errors = page.Form.setErrors(errs)
		s.render(w, r, http.StatusUnprocessableEntity, "firstrun.html", page)
		return
	}
	s.endFirstRun()
	s.log.Info("first run: system administrator created", "user", u.Name)
	if err := s.startSession(w, r, &u, "first-run"); err != nil {
		s.error(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/kommuner/ny?forsta=1", http.StatusSeeOther)
}
