package web

import (
	"context"
	"errors"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/auth"
	"github.com/tertial/tertial/store"
)

// The session cookie's names. When cookies are Secure the name has the __Host- prefix
// (ASVS 3.4.4): a browser keeps such a cookie only if it is Secure, has Path=/ and no
// Domain, so no other host of the domain and no plain-HTTP page can set or overwrite it
// (no session fixation from a sibling subdomain). Browsers refuse a __Host- cookie that is
// not Secure, so over plain HTTP (local use) the cookie keeps its plain name.
const (
	sessionCookie       = "tertial_session"
	secureSessionCookie = "__Host-" + sessionCookie
)

// secureCookies reports whether the cookies of a response to r are Secure: over TLS, or
// behind a proxy that terminates it (Options.SecureCookies).
func (s *Server) secureCookies(r *http.Request) bool { return r.TLS != nil || s.opts.SecureCookies }

// sessionCookieName is the name of the session cookie in the server's mode for r. Only
// that name is read: with Secure cookies, a plain tertial_session cookie (which any host
// of the domain could have set) is no session.
func (s *Server) sessionCookieName(r *http.Request) string {
	if s.secureCookies(r) {
		return secureSessionCookie
	}
	return sessionCookie
}

// sessionToken returns the session token the request carries, or "".
func (s *Server) sessionToken(r *http.Request) string {
	if c, err := r.Cookie(s.sessionCookieName(r)); err == nil {
		return c.Value
	}
	return ""
}

// setSessionCookie sets the session cookie to token until expires; an empty token deletes
// it.
func (s *Server) setSessionCookie(w http.ResponseWriter, r *http.Request, token string, expires time.Time) {
	c := &http.Cookie{Name: s.sessionCookieName(r), Value: token, Path: "/", Expires: expires, HttpOnly: true,
		Secure: s.secureCookies(r), SameSite: http.SameSiteLaxMode}
	if token == "" {
		c.Expires, c.MaxAge = time.Time{}, -1
	}
	http.SetCookie(w, c)
}

// idleSignOut is the sign-in page's query parameter and value saying that the session
// ended because it was not used (withUser sends it; handleLoginForm shows why).
const idleSignOut = "utloggad=inaktiv"

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
	// AdminLink names the header's link to /admin: "Administration" for an admin,
	// "Konton" for a controller (who reads its municipality's accounts); "" for no link.
	AdminLink string
	// Unread is the signed-in user's number of unread notices, shown in the header's link
	// to /aviseringar (unread.go).
	Unread int
}

func (b *base) setUser(u *tertial.User) {
	b.User = u
	if u != nil {
		b.Role = roleLabels[u.Role]
		switch u.Role {
		case tertial.RoleAdmin:
			b.AdminLink = "Administration"
		case tertial.RoleController:
			b.AdminLink = "Konton"
		}
	}
}

var roleLabels = map[tertial.Role]string{
	tertial.RoleAdmin: "administratör", tertial.RoleController: "controller", tertial.RoleReporter: "rapportör", tertial.RoleReader: "läsare",
}

// public reports whether a path is reachable without signing in.
func public(path string) bool {
	return path == "/logga-in" || path == "/forsta-start" || path == "/healthz" || path == "/api/v1/openapi.json" || strings.HasPrefix(path, "/static/") || strings.HasPrefix(path, "/schema/") || strings.HasPrefix(path, "/oidc/")
}

// withUser finds the user of a request, from the session cookie or, for the API, a bearer
// token, and sends everyone else to the sign-in page (401 for the API and for writes).
func (s *Server) withUser(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var u *tertial.User
		var err error
		if h := r.Header.Get("Authorization"); strings.HasPrefix(h, "Bearer ") {
			u, err = s.db.TokenUser(r.Context(), auth.HashToken(strings.TrimPrefix(h, "Bearer ")))
		} else if token := s.sessionToken(r); token != "" {
			u, err = s.db.SessionUser(r.Context(), auth.HashToken(token), s.opts.SessionIdle)
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
		// The public pages need no sign-in; nor does the start page while it has published
		// reports to list (public.go).
		if u == nil && !public(r.URL.Path) && !publicPath(r.URL.Path) &&
			!(r.URL.Path == "/" && !errors.Is(err, store.ErrSessionIdle) && s.publicHome(r)) {
			// A session that ended for want of use is deleted and its cookie with it, and
			// the user is told why; on a public page (a style sheet) it is left for the
			// next page that needs it.
			idle := errors.Is(err, store.ErrSessionIdle)
			if idle {
				if err := s.db.DeleteSession(r.Context(), auth.HashToken(s.sessionToken(r))); err != nil {
					s.log.Error("ending an idle session", "err", err)
				}
				s.setSessionCookie(w, r, "", time.Time{})
			}
			if strings.HasPrefix(r.URL.Path, "/api/") {
				if idle {
					writeJSONError(w, http.StatusUnauthorized, "unauthorized", tertial.ErrorMessage(err))
					return
				}
				writeJSONError(w, http.StatusUnauthorized, "unauthorized", "logga in: ange en giltig token (Authorization: Bearer …)")
				return
			}
			if r.Method == http.MethodGet || r.Method == http.MethodHead {
				to := "/logga-in?nasta=" + url.QueryEscape(r.URL.RequestURI())
				if idle {
					to += "&" + idleSignOut
				}
				http.Redirect(w, r, to, http.StatusSeeOther)
				return
			}
			if idle {
				s.error(w, r, err)
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
	// Notice says why the user is on the sign-in page (signed out after inactivity).
	Notice string
	Demo   bool
	// DemoUnit is the unit the demo's reporter account reports for.
	DemoUnit string
	SSO      bool // offer single sign-on
}

// safeNext returns next if it is a path on this site, and "/" otherwise. It accepts only
// what no browser can read as another site: a leading "/", no "//" anywhere, no backslash
// at all, and no control character, space or other whitespace anywhere (a browser drops
// a tab or newline from a URL, so "/\t/evil.example" is "//evil.example" to it). Such a
// next is refused, never cleaned up. What withUser sends (an escaped request URI) passes
// unless its path holds "//".
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.Contains(next, "//") || strings.Contains(next, "\\") || !utf8.ValidString(next) {
		return "/"
	}
	for _, r := range next {
		if r < 0x20 || r == 0x7f || unicode.IsSpace(r) || unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			return "/"
		}
	}
	return next
}

func (s *Server) handleLoginForm(w http.ResponseWriter, r *http.Request) {
	page := &loginPage{Title: "Logga in", Next: safeNext(r.URL.Query().Get("nasta")), Demo: s.opts.Demo, DemoUnit: s.opts.DemoUnit, SSO: s.opts.OIDC.Enabled()}
	// Only a fixed text is shown, whatever the query says: the link is anyone's to write.
	if r.URL.Query().Get("utloggad") == "inaktiv" {
		page.Notice = tertial.ErrorMessage(store.ErrSessionIdle)
	}
	s.render(w, r, http.StatusOK, "login.html", page)
}

// clientAddr returns the address a request comes from: the connection's, or, when the
// connection comes from a trusted proxy (Options.TrustedProxies), the right-most address
// in X-Forwarded-For that is not itself a trusted proxy. Addresses to the left of that
// one are whatever the client chose to send, and are never believed.
func (s *Server) clientAddr(r *http.Request) netip.Addr {
	ap, err := netip.ParseAddrPort(r.RemoteAddr)
	if err != nil {
		return netip.Addr{}
	}
	addr := ap.Addr().Unmap()
	if !s.trusted(addr) {
		return addr
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		hop, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			// A proxy we trust wrote something that is no address: believe nothing
			// further left, and count the attempt against the last hop we know.
			return addr
		}
		addr = hop.Unmap()
		if !s.trusted(addr) {
			return addr
		}
	}
	return addr
}

func (s *Server) trusted(a netip.Addr) bool {
	for _, p := range s.opts.TrustedProxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// addressKey is the sign-in limiter's key for an address. An IPv6 address counts by its
// /64, the smallest network a single subscriber is usually given: whoever has one
// address has all of them.
func addressKey(a netip.Addr) string {
	if a.Is6() {
		p, _ := a.Prefix(64)
		return "net:" + p.String()
	}
	return "ip:" + a.String()
}

// signInAttempt is one sign-in attempt holding a slot of the account's limiter and of the
// address's.
type signInAttempt struct{ account, address *auth.Attempt }

func (a signInAttempt) fail() {
	a.account.Fail()
	a.address.Fail()
}

func (a signInAttempt) release() {
	a.account.Release()
	a.address.Release()
}

// signInWait is how long a sign-in waits for a slot of its address that is taken by
// attempts still in flight, before it is refused.
const signInWait = 30 * time.Second

// reserveSignIn takes a slot for one attempt on the account and on the address before any
// password is checked, or reports that either has none left. An account's slots are
// never waited for: one person does not sign in many times at once, and no more of its
// passwords are checked than its limit. An address's are, when attempts in flight rather
// than failures hold them, since many people may sign in at once from one address.
func (s *Server) reserveSignIn(ctx context.Context, name string, addr netip.Addr) (signInAttempt, bool) {
	acc, ok := s.accountLimit.Reserve(accountKey(name))
	if !ok {
		return signInAttempt{}, false
	}
	ctx, cancel := context.WithTimeout(ctx, signInWait)
	defer cancel()
	adr, ok := s.addressLimit.ReserveWait(ctx, addressKey(addr))
	if !ok {
		acc.Release()
		return signInAttempt{}, false
	}
	return signInAttempt{acc, adr}, true
}

// signInMaxBytes bounds a sign-in form: a name, a password and a next page fit many times
// over, and nobody gets to make the server read or keep megabytes per attempt.
const signInMaxBytes = 16 << 10

// accountKey is the sign-in limiter's key for an account name. A name no account can
// have (longer than any valid ID) is kept by its hash, so a made-up name costs the
// limiter the same few bytes however long it is.
func accountKey(name string) string {
	if len(name) > 100 {
		return "user#" + auth.HashToken(name)
	}
	return "user:" + name
}

func (s *Server) handleLogin(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, signInMaxBytes)
	if err := r.ParseForm(); err != nil {
		s.error(w, r, tertial.Errorf(tertial.EINVALID, "Inloggningsformuläret är för stort eller trasigt."))
		return
	}
	name := strings.TrimSpace(r.PostFormValue("namn"))
	password := r.PostFormValue("losenord")
	next := safeNext(r.PostFormValue("nasta"))
	page := &loginPage{Title: "Logga in", Name: name, Next: next, Demo: s.opts.Demo, DemoUnit: s.opts.DemoUnit, SSO: s.opts.OIDC.Enabled()}
	addr := s.clientAddr(r)
	attempt, ok := s.reserveSignIn(r.Context(), name, addr)
	if !ok {
		s.log.Warn("sign-in refused: too many attempts", "user", name, "addr", addr)
		page.Error = "För många misslyckade inloggningar. Vänta en stund och försök igen."
		s.render(w, r, http.StatusTooManyRequests, "login.html", page)
		return
	}
	u, hash, err := s.db.UserWithPassword(r.Context(), name)
	if err != nil && tertial.ErrorCode(err) != tertial.ENOTFOUND {
		attempt.release()
		s.error(w, r, err)
		return
	}
	// The password is checked for every account, known or not, with a password or not
	// (auth.CheckPassword then checks against a dummy hash), and before asking whether
	// the account is disabled: every refusal costs the same work.
	match := s.checkPassword(hash, password)
	if u == nil || !match || u.Disabled {
		attempt.fail()
		s.log.Info("sign-in failed", "user", name, "addr", addr)
		page.Error = "Fel användarnamn eller lösenord."
		s.render(w, r, http.StatusUnauthorized, "login.html", page)
		return
	}
	attempt.release()
	if err := s.startSession(w, r, u, "password"); err != nil {
		s.error(w, r, err)
		return
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// startSession signs u in: it ends the session the request came with, if any, so that a
// sign-in always gets a session ID of its own (no session fixation, and no session of
// someone else left behind in a shared browser), and sets the new session's cookie.
func (s *Server) startSession(w http.ResponseWriter, r *http.Request, u *tertial.User, method string) error {
	if old := s.sessionToken(r); old != "" {
		if err := s.db.DeleteSession(r.Context(), auth.HashToken(old)); err != nil {
			return err
		}
	}
	token, tokenHash := auth.NewToken()
	expires := s.db.Now().Add(s.opts.SessionTTL)
	if err := s.db.CreateSession(r.Context(), tokenHash, u.Name, expires); err != nil {
		return err
	}
	s.setSessionCookie(w, r, token, expires)
	s.log.Info("sign-in", "user", u.Name, "method", method)
	return nil
}

func (s *Server) handleLogout(w http.ResponseWriter, r *http.Request) {
	if token := s.sessionToken(r); token != "" {
		if err := s.db.DeleteSession(r.Context(), auth.HashToken(token)); err != nil {
			s.error(w, r, err)
			return
		}
	}
	s.setSessionCookie(w, r, "", time.Time{})
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
