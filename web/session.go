package web

import (
	"context"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/auth"
)

const sessionCookie = "tertial_session"

type userKey struct{}

// userFrom returns the signed-in user of the request, or nil.
func userFrom(ctx context.Context) *tertial.User {
	u, _ := ctx.Value(userKey{}).(*tertial.User)
	return u
}

// base is embedded in every page: what the layout shows of the signed-in user.
type base struct {
	User *tertial.User
	Role string
}

func (b *base) setUser(u *tertial.User) {
	b.User = u
	if u != nil {
		b.Role = roleLabels[u.Role]
	}
}

var roleLabels = map[tertial.Role]string{
	tertial.RoleAdmin: "administratör", tertial.RoleController: "controller", tertial.RoleReporter: "rapportör", tertial.RoleReader: "läsare",
}

// public reports whether a path is reachable without signing in.
func public(path string) bool {
	return path == "/logga-in" || path == "/healthz" || path == "/api/v1/openapi.json" || strings.HasPrefix(path, "/static/") || strings.HasPrefix(path, "/schema/") || strings.HasPrefix(path, "/oidc/")
}

// withUser finds the user of a request, from the session cookie or, for the API, a bearer
// token, and sends everyone else to the sign-in page (401 for the API and for writes).
func (s *Server) withUser(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var u *tertial.User
		var err error
		if h := r.Header.Get("Authorization"); strings.HasPrefix(h, "Bearer ") {
			u, err = s.db.TokenUser(r.Context(), auth.HashToken(strings.TrimPrefix(h, "Bearer ")))
		} else if c, cerr := r.Cookie(sessionCookie); cerr == nil && c.Value != "" {
			u, err = s.db.SessionUser(r.Context(), auth.HashToken(c.Value))
		}
		if err != nil && tertial.ErrorCode(err) != tertial.EUNAUTHORIZED {
			if strings.HasPrefix(r.URL.Path, "/api/") {
				s.log.Error("credential lookup", "path", r.URL.Path, "err", err)
				writeJSONError(w, http.StatusInternalServerError, "internal", "internt fel")
				return
			}
			s.error(w, r, err)
			return
		}
		if u != nil {
			r = r.WithContext(context.WithValue(r.Context(), userKey{}, u))
		}
		if u == nil && !public(r.URL.Path) {
			if strings.HasPrefix(r.URL.Path, "/api/") {
				writeJSONError(w, http.StatusUnauthorized, "unauthorized", "logga in: ange en giltig token (Authorization: Bearer …)")
				return
			}
			if r.Method == http.MethodGet || r.Method == http.MethodHead {
				http.Redirect(w, r, "/logga-in?nasta="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return
			}
			s.error(w, r, tertial.Errorf(tertial.EUNAUTHORIZED, "Du är inte inloggad."))
			return
		}
		next.ServeHTTP(w, r)
	})
}

type loginPage struct {
	base
	Title string
	Name  string
	Next  string
	Error string
	Demo  bool
	SSO   bool // offer single sign-on
}

func safeNext(next string) string {
	// Only paths on this site: no scheme, no host, no protocol-relative //.
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.Contains(next, "\\") {
		return "/"
	}
	return next
}

func (s *Server) handleLoginForm(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "login.html", &loginPage{Title: "Logga in", Next: safeNext(r.URL.Query().Get("nasta")), Demo: s.opts.Demo, SSO: s.opts.OIDC.Enabled()})
}

func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

func (s *Server) handleLogin(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimSpace(r.PostFormValue("namn"))
	password := r.PostFormValue("losenord")
	next := safeNext(r.PostFormValue("nasta"))
	page := &loginPage{Title: "Logga in", Name: name, Next: next, Demo: s.opts.Demo, SSO: s.opts.OIDC.Enabled()}
	keys := []string{"user:" + name, "ip:" + clientIP(r)}
	if !s.limiter.Allowed(keys...) {
		page.Error = "För många misslyckade inloggningar. Vänta en stund och försök igen."
		s.render(w, r, http.StatusTooManyRequests, "login.html", page)
		return
	}
	u, hash, err := s.db.UserWithPassword(r.Context(), name)
	if err != nil && tertial.ErrorCode(err) != tertial.ENOTFOUND {
		s.error(w, r, err)
		return
	}
	if u == nil || u.Disabled || !auth.CheckPassword(hash, password) {
		s.limiter.Fail(keys...)
		page.Error = "Fel användarnamn eller lösenord."
		s.render(w, r, http.StatusUnauthorized, "login.html", page)
		return
	}
	s.limiter.Succeed(keys...)
	token, tokenHash := auth.NewToken()
	expires := time.Now().Add(s.opts.SessionTTL)
	if err := s.db.CreateSession(r.Context(), tokenHash, u.Name, expires); err != nil {
		s.error(w, r, err)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: token, Path: "/", Expires: expires, HttpOnly: true,
		Secure: r.TLS != nil || s.opts.SecureCookies, SameSite: http.SameSiteLaxMode})
	s.log.Info("sign-in", "user", u.Name)
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (s *Server) handleLogout(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(sessionCookie); err == nil {
		if err := s.db.DeleteSession(r.Context(), auth.HashToken(c.Value)); err != nil {
			s.error(w, r, err)
			return
		}
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true,
		Secure: r.TLS != nil || s.opts.SecureCookies, SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, "/logga-in", http.StatusSeeOther)
}

func writeJSONError(w http.ResponseWriter, status int, code, message string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write([]byte(`{"error":{"code":` + jsonString(code) + `,"message":` + jsonString(message) + `}}`))
}

func jsonString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20:
			b.WriteString(`\u00`)
			b.WriteByte("0123456789abcdef"[r>>4])
			b.WriteByte("0123456789abcdef"[r&15])
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
