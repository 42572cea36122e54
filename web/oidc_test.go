package web_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
	"github.com/tertial/tertial/web"
)

const (
	fakeClientID = "tertial"
	fakeSecret   = "hemlighet"
)

// fakeOP is an OpenID provider for tests: discovery, keys, an authorize endpoint that
// signs the user in at once and sends the browser straight back with a code, and a token
// endpoint that checks the client, the code and PKCE and returns a signed ID token. The
// test sets what it sends back.
type fakeOP struct {
	t   *testing.T
	srv *httptest.Server
	key *rsa.PrivateKey

	mu sync.Mutex
	// claims are added to (and override) the ID token's standard claims.
	claims map[string]any
	// state, if set, is sent back instead of the state Tertial sent.
	state string
	// nonce, if set, goes into the ID token instead of the nonce Tertial sent.
	nonce string
	// expiry, if set, is the ID token's expiry instead of five minutes from now.
	expiry time.Time
	// signWith, if set, signs the ID token instead of the published key.
	signWith *rsa.PrivateKey
	// down makes discovery answer 503.
	down bool
	// codes are the codes issued and not yet exchanged.
	codes map[string]fakeAuthRequest
	// exchanged counts code exchanges.
	exchanged int
}

type fakeAuthRequest struct{ nonce, challenge, redirect string }

func newFakeOP(t *testing.T) *fakeOP {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	op := &fakeOP{t: t, key: key, codes: map[string]fakeAuthRequest{}, claims: map[string]any{}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /.well-known/openid-configuration", op.discovery)
	mux.HandleFunc("GET /keys", op.keys)
	mux.HandleFunc("GET /authorize", op.authorize)
	mux.HandleFunc("POST /token", op.token)
	op.srv = httptest.NewServer(mux)
	t.Cleanup(op.srv.Close)
	return op
}

func (op *fakeOP) set(fn func(op *fakeOP)) {
	op.mu.Lock()
	defer op.mu.Unlock()
	fn(op)
}

func (op *fakeOP) discovery(w http.ResponseWriter, r *http.Request) {
	op.mu.Lock()
	down := op.down
	op.mu.Unlock()
	if down {
		http.Error(w, "underhåll", http.StatusServiceUnavailable)
		return
	}
	u := op.srv.URL
	writeJSON(w, map[string]any{
		"issuer":                                u,
		"authorization_endpoint":                u + "/authorize",
		"token_endpoint":                        u + "/token",
		"jwks_uri":                              u + "/keys",
		"response_types_supported":              []string{"code"},
		"subject_types_supported":               []string{"public"},
		"id_token_signing_alg_values_supported": []string{"RS256"},
		"code_challenge_methods_supported":      []string{"S256"},
	})
}

func (op *fakeOP) keys(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: &op.key.PublicKey, KeyID: "k1", Algorithm: "RS256", Use: "sig"}}})
}

func (op *fakeOP) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if q.Get("response_type") != "code" || q.Get("client_id") != fakeClientID || !strings.Contains(" "+q.Get("scope")+" ", " openid ") ||
		q.Get("code_challenge_method") != "S256" || q.Get("code_challenge") == "" || q.Get("nonce") == "" || q.Get("state") == "" {
		op.t.Errorf("authorize request without what it needs: %s", r.URL.RawQuery)
		http.Error(w, "invalid_request", http.StatusBadRequest)
		return
	}
	code := rand.Text()
	op.mu.Lock()
	op.codes[code] = fakeAuthRequest{nonce: q.Get("nonce"), challenge: q.Get("code_challenge"), redirect: q.Get("redirect_uri")}
	state := q.Get("state")
	if op.state != "" {
		state = op.state
	}
	op.mu.Unlock()
	back, err := url.Parse(q.Get("redirect_uri"))
	if err != nil {
		http.Error(w, "invalid_request", http.StatusBadRequest)
		return
	}
	back.RawQuery = url.Values{"code": {code}, "state": {state}}.Encode()
	http.Redirect(w, r, back.String(), http.StatusFound)
}

func (op *fakeOP) token(w http.ResponseWriter, r *http.Request) {
	id, secret, ok := r.BasicAuth()
	if !ok {
		id, secret = r.PostFormValue("client_id"), r.PostFormValue("client_secret")
	}
	if id != fakeClientID || secret != fakeSecret {
		w.WriteHeader(http.StatusUnauthorized)
		writeJSON(w, map[string]string{"error": "invalid_client"})
		return
	}
	op.mu.Lock()
	defer op.mu.Unlock()
	req, known := op.codes[r.PostFormValue("code")]
	delete(op.codes, r.PostFormValue("code"))
	sum := sha256.Sum256([]byte(r.PostFormValue("code_verifier")))
	if r.PostFormValue("grant_type") != "authorization_code" || !known || r.PostFormValue("redirect_uri") != req.redirect ||
		base64.RawURLEncoding.EncodeToString(sum[:]) != req.challenge {
		op.t.Errorf("token request refused (grant, code, redirect or PKCE): %v", r.PostForm)
		w.WriteHeader(http.StatusBadRequest)
		writeJSON(w, map[string]string{"error": "invalid_grant"})
		return
	}
	op.exchanged++
	now := time.Now()
	claims := map[string]any{"iss": op.srv.URL, "aud": fakeClientID, "sub": "sub-anna", "iat": now.Unix(),
		"exp": now.Add(5 * time.Minute).Unix(), "nonce": req.nonce}
	if op.nonce != "" {
		claims["nonce"] = op.nonce
	}
	if !op.expiry.IsZero() {
		claims["exp"] = op.expiry.Unix()
	}
	for k, v := range op.claims {
		claims[k] = v
	}
	key := op.key
	if op.signWith != nil {
		key = op.signWith
	}
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: jose.JSONWebKey{Key: key, KeyID: "k1", Algorithm: "RS256"}},
		(&jose.SignerOptions{}).WithType("JWT"))
	if err != nil {
		op.t.Fatal(err)
	}
	payload, _ := json.Marshal(claims)
	jws, err := signer.Sign(payload)
	if err != nil {
		op.t.Fatal(err)
	}
	idToken, _ := jws.CompactSerialize()
	writeJSON(w, map[string]any{"access_token": "at-fake", "token_type": "Bearer", "expires_in": 300, "id_token": idToken})
}

// exchanges returns how many codes have been exchanged.
func (op *fakeOP) exchanges() int {
	op.mu.Lock()
	defer op.mu.Unlock()
	return op.exchanged
}

func writeJSON(w http.ResponseWriter, v any) {
	if w.Header().Get("Content-Type") == "" {
		w.Header().Set("Content-Type", "application/json")
	}
	json.NewEncoder(w).Encode(v)
}

// ssoSite starts Tertial with single sign-on against issuer, mapping claim to accounts.
// The database holds anna (reader, no password) and bertil (controller, password "demo",
// linked to the subject sub-bertil).
func ssoSite(t *testing.T, db *store.DB, issuer, claim string) *httptest.Server {
	t.Helper()
	ctx := context.Background()
	if err := db.ReplaceDataset(ctx, demoDataset(t)); err != nil { // accounts belong to a municipality
		t.Fatal(err)
	}
	if err := db.CreateUser(ctx, "test", tertial.User{Name: "anna", Role: tertial.RoleReader, Municipality: "0126"}, ""); err != nil {
		t.Fatal(err)
	}
	if err := db.CreateUser(ctx, "test", tertial.User{Name: "bertil", Role: tertial.RoleController, Municipality: "0126"}, passwordHash); err != nil {
		t.Fatal(err)
	}
	if err := db.LinkSubject(ctx, "test", "bertil", "sub-bertil"); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(nil)
	h, err := web.New(db, slog.New(slog.NewTextHandler(io.Discard, nil)), web.Options{OIDC: web.OIDCConfig{
		Issuer: issuer, ClientID: fakeClientID, ClientSecret: fakeSecret,
		RedirectURL: "http://" + srv.Listener.Addr().String() + "/oidc/callback", Claim: claim}})
	if err != nil {
		t.Fatal(err)
	}
	srv.Config.Handler = h
	srv.Start()
	t.Cleanup(srv.Close)
	return srv
}

// cookieRecorder remembers the Set-Cookie headers of every response, for checking the
// cookies' attributes, which a cookie jar does not show.
type cookieRecorder struct {
	mu      sync.Mutex
	cookies []*http.Cookie
}

func (c *cookieRecorder) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(r)
	if err == nil {
		c.mu.Lock()
		c.cookies = append(c.cookies, resp.Cookies()...)
		c.mu.Unlock()
	}
	return resp, err
}

// browser is an HTTP client with a cookie jar that follows redirects, like a browser.
func ssoBrowser(t *testing.T) (*http.Client, *cookieRecorder) {
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	rec := &cookieRecorder{}
	return &http.Client{Jar: jar, Transport: rec}, rec
}

func browse(t *testing.T, c *http.Client, u string) (int, string, *url.URL) {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body), resp.Request.URL
}

var ssoLinkRe = regexp.MustCompile(`<a href="(/oidc/login[^"]*)">Logga in med din organisations konto</a>`)

// ssoSignIn starts single sign-on from the sign-in page, as a user who clicks the link,
// and follows the redirects to wherever they end.
func ssoSignIn(t *testing.T, c *http.Client, srv *httptest.Server) (int, string, *url.URL) {
	t.Helper()
	_, page, _ := browse(t, c, srv.URL+"/logga-in?nasta=/healthz")
	m := ssoLinkRe.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no single sign-on link on the sign-in page:\n%s", page)
	}
	return browse(t, c, srv.URL+html.UnescapeString(m[1]))
}

// signedInAs returns whom the site's home page says is signed in, or "" when it asks to
// sign in.
func signedInAs(t *testing.T, c *http.Client, srv *httptest.Server) string {
	t.Helper()
	_, page, u := browse(t, c, srv.URL+"/")
	if u.Path == "/logga-in" {
		return ""
	}
	m := regexp.MustCompile(`Inloggad som <strong>([^<]*)</strong>`).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("%s: neither signed in nor the sign-in page:\n%s", u, page)
	}
	return m[1]
}

// TestSSOSignIn: the whole flow through a fake provider, mapping preferred_username to the
// account: sign-in page → link → provider → callback → the page asked for, signed in, with
// a session cookie like a password sign-in's and the flow cookie gone.
func TestSSOSignIn(t *testing.T) {
	op := newFakeOP(t)
	op.claims["preferred_username"] = "anna"
	srv := ssoSite(t, storetest.Open(t, store.SQLite), op.srv.URL, "") // default claim

	c, rec := ssoBrowser(t)
	var callback *url.URL
	c.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if req.URL.Path == "/oidc/callback" {
			callback = req.URL
		}
		return nil
	}
	status, body, u := ssoSignIn(t, c, srv)
	if status != http.StatusOK || u.Path != "/healthz" || body != "ok\n" {
		t.Fatalf("flow ended at %s with %d %q, want /healthz (nasta)", u, status, body)
	}
	if who := signedInAs(t, c, srv); who != "anna" {
		t.Errorf("signed in as %q, want anna", who)
	}
	var session, flowSet, flowCleared bool
	for _, ck := range rec.cookies {
		switch ck.Name {
		case "tertial_session":
			session = true
			if !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode || ck.Path != "/" || ck.Expires.Before(time.Now().Add(11*time.Hour)) {
				t.Errorf("session cookie %s: want HttpOnly, SameSite=Lax, Path=/, 12 hours like a password sign-in", ck)
			}
		case "tertial_oidc":
			if !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode || ck.Path != "/oidc/" {
				t.Errorf("flow cookie %s: want HttpOnly, SameSite=Lax, Path=/oidc/", ck)
			}
			if ck.MaxAge > 0 && ck.MaxAge <= 600 {
				flowSet = true
			} else if ck.MaxAge < 0 {
				flowCleared = true
			}
		}
	}
	if !session || !flowSet || !flowCleared {
		t.Errorf("cookies: session %v, flow cookie set %v and cleared %v; want all", session, flowSet, flowCleared)
	}
	// The flow is used once: the same callback again is refused before the code is
	// exchanged again.
	if callback == nil {
		t.Fatal("the flow did not pass the callback")
	}
	status, body, _ = browse(t, c, callback.String())
	if status != http.StatusBadRequest || !strings.Contains(text(body), "startades inte från Tertial") {
		t.Errorf("callback replayed: %d %s", status, text(body))
	}
	if n := op.exchanges(); n != 1 {
		t.Errorf("%d code exchanges, want 1", n)
	}
}

// TestSSOBySubject: with --oidc-claim sub the account is the one linked to the subject
// (tertial user link), whatever the other claims say; a subject linked to no account is
// refused and the page shows the subject, for the administrator to link.
func TestSSOBySubject(t *testing.T) {
	op := newFakeOP(t)
	srv := ssoSite(t, storetest.Open(t, store.SQLite), op.srv.URL, "sub")
	op.set(func(op *fakeOP) { op.claims = map[string]any{"sub": "sub-bertil", "preferred_username": "anna"} })
	c, _ := ssoBrowser(t)
	if status, _, _ := ssoSignIn(t, c, srv); status != http.StatusOK {
		t.Fatalf("sign-in by subject: status %d", status)
	}
	if who := signedInAs(t, c, srv); who != "bertil" {
		t.Errorf("signed in as %q, want bertil (linked to sub-bertil)", who)
	}

	op.set(func(op *fakeOP) { op.claims = map[string]any{"sub": "sub-okand", "preferred_username": "anna"} })
	c, _ = ssoBrowser(t)
	status, body, _ := ssoSignIn(t, c, srv)
	if status != http.StatusForbidden || !strings.Contains(text(body), "ditt konto är inte upplagt i Tertial (sub: sub-okand)") {
		t.Errorf("unlinked subject: %d %s", status, text(body))
	}
	if who := signedInAs(t, c, srv); who != "" {
		t.Errorf("an unlinked subject signed in as %q", who)
	}
}

// TestSSORefused: everything that must not sign anyone in, each ending on an error page in
// Swedish with no session.
func TestSSORefused(t *testing.T) {
	other, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		set    func(op *fakeOP)
		status int
		says   string
	}{
		{"wrong state", func(op *fakeOP) { op.state = "förfalskad" }, http.StatusBadRequest, "Inloggningen hör inte till den här webbläsaren"},
		{"wrong nonce", func(op *fakeOP) { op.nonce = "en-annan-nonce" }, http.StatusUnauthorized, "Inloggningen kunde inte bekräftas"},
		{"expired token", func(op *fakeOP) { op.expiry = time.Now().Add(-time.Minute) }, http.StatusUnauthorized, "Inloggningen kunde inte bekräftas"},
		{"signed with another key", func(op *fakeOP) { op.signWith = other }, http.StatusUnauthorized, "Inloggningen kunde inte bekräftas"},
		{"for another client", func(op *fakeOP) { op.claims["aud"] = "ett-annat-system" }, http.StatusUnauthorized, "Inloggningen kunde inte bekräftas"},
		{"from another issuer", func(op *fakeOP) { op.claims["iss"] = "https://idp.example" }, http.StatusUnauthorized, "Inloggningen kunde inte bekräftas"},
		{"unknown account", func(op *fakeOP) { op.claims["preferred_username"] = "okand" }, http.StatusForbidden,
			"Du är inloggad hos din organisation, men ditt konto är inte upplagt i Tertial (preferred_username: okand). Be en administratör att lägga upp kontot."},
		{"no claim", func(op *fakeOP) { delete(op.claims, "preferred_username") }, http.StatusForbidden, `skickade inte uppgiften "preferred_username"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			op := newFakeOP(t)
			op.claims["preferred_username"] = "anna"
			op.set(tc.set)
			srv := ssoSite(t, storetest.Open(t, store.SQLite), op.srv.URL, "preferred_username")
			c, _ := ssoBrowser(t)
			status, body, u := ssoSignIn(t, c, srv)
			if status != tc.status || u.Path != "/oidc/callback" || !strings.Contains(text(body), tc.says) || !strings.Contains(body, "Inloggningen misslyckades") {
				t.Errorf("%s: %d at %s: %s; want %d saying %q", tc.name, status, u.Path, text(body), tc.status, tc.says)
			}
			if who := signedInAs(t, c, srv); who != "" {
				t.Errorf("%s: signed in as %q", tc.name, who)
			}
			if tc.name == "wrong state" && op.exchanges() != 0 {
				t.Error("the code was exchanged although the state was wrong")
			}
		})
	}
}

// TestSSOCallbackWithoutFlow: a callback the browser did not start (no flow cookie, as in
// a link sent by someone else) or that the provider reports as failed is refused.
func TestSSOCallbackWithoutFlow(t *testing.T) {
	op := newFakeOP(t)
	srv := ssoSite(t, storetest.Open(t, store.SQLite), op.srv.URL, "")
	c, _ := ssoBrowser(t)
	status, body, _ := browse(t, c, srv.URL+"/oidc/callback?code=abc&state=def")
	if status != http.StatusBadRequest || !strings.Contains(text(body), "startades inte från Tertial") {
		t.Errorf("callback without a flow: %d %s", status, text(body))
	}
	status, body, _ = browse(t, c, srv.URL+"/oidc/callback?error=access_denied&state=def")
	if status != http.StatusUnauthorized || !strings.Contains(text(body), "Inloggningstjänsten avbröt inloggningen") {
		t.Errorf("callback with an error: %d %s", status, text(body))
	}
	if n := op.exchanges(); n != 0 {
		t.Errorf("%d code exchanges, want none", n)
	}
}

// TestSSODisabledAccount: an account that is turned off cannot sign in by single sign-on.
func TestSSODisabledAccount(t *testing.T) {
	dbURL := storetest.URL(t, store.SQLite)
	db, err := store.Open(context.Background(), dbURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	op := newFakeOP(t)
	op.claims["preferred_username"] = "anna"
	srv := ssoSite(t, db, op.srv.URL, "")
	conn := storetest.Raw(t, dbURL)
	if _, err := conn.Exec(`UPDATE users SET disabled = 1 WHERE name = 'anna'`); err != nil {
		t.Fatal(err)
	}
	c, _ := ssoBrowser(t)
	status, body, _ := ssoSignIn(t, c, srv)
	if status != http.StatusForbidden || !strings.Contains(text(body), "Kontot anna är avstängt i Tertial.") {
		t.Errorf("disabled account: %d %s", status, text(body))
	}
	if who := signedInAs(t, c, srv); who != "" {
		t.Errorf("a disabled account signed in as %q", who)
	}
}

// TestSSOProviderDown: when the provider cannot be reached the site and sign-in by
// password work, and the single sign-on link shows an error page in Swedish; once the
// provider answers again, single sign-on works without a restart.
func TestSSOProviderDown(t *testing.T) {
	gone := httptest.NewServer(http.NotFoundHandler())
	gone.Close()
	srv := ssoSite(t, storetest.Open(t, store.SQLite), gone.URL, "")
	c, _ := ssoBrowser(t)
	status, body, _ := ssoSignIn(t, c, srv)
	if status != http.StatusServiceUnavailable || !strings.Contains(text(body), "Inloggning med organisationens konto fungerar inte just nu") {
		t.Errorf("provider unreachable: %d %s", status, text(body))
	}
	if cookie := login(t, srv, "bertil"); cookie == "" {
		t.Error("sign-in by password failed while the provider is down")
	}

	op := newFakeOP(t)
	op.claims["preferred_username"] = "anna"
	op.set(func(op *fakeOP) { op.down = true })
	srv = ssoSite(t, storetest.Open(t, store.SQLite), op.srv.URL, "")
	c, _ = ssoBrowser(t)
	if status, body, _ := ssoSignIn(t, c, srv); status != http.StatusServiceUnavailable {
		t.Errorf("provider down: %d %s", status, text(body))
	}
	op.set(func(op *fakeOP) { op.down = false })
	if status, body, _ := ssoSignIn(t, c, srv); status != http.StatusOK {
		t.Errorf("provider back: %d %s", status, text(body))
	}
	if who := signedInAs(t, c, srv); who != "anna" {
		t.Errorf("signed in as %q after the provider came back, want anna", who)
	}
}

// TestSSOLinkOnlyWhenConfigured: the sign-in page offers single sign-on only when it is
// configured, and /oidc/ is not found otherwise.
func TestSSOLinkOnlyWhenConfigured(t *testing.T) {
	srv := site(t, storetest.Open(t, store.SQLite))
	_, _, page := getAs(t, "", srv.URL+"/logga-in")
	if strings.Contains(page, "/oidc/") {
		t.Error("the sign-in page offers single sign-on that is not configured")
	}
	if status, _, _ := getAs(t, "", srv.URL+"/oidc/login"); status != http.StatusNotFound {
		t.Errorf("/oidc/login without configuration: %d, want 404", status)
	}
	op := newFakeOP(t)
	srv = ssoSite(t, storetest.Open(t, store.SQLite), op.srv.URL, "")
	_, _, page = getAs(t, "", srv.URL+"/logga-in?nasta=/kommuner/0126")
	if !strings.Contains(page, `href="/oidc/login?nasta=%2fkommuner%2f0126"`) {
		t.Errorf("no single sign-on link keeping nasta on the sign-in page:\n%s", page)
	}
}

func TestOIDCConfigValidate(t *testing.T) {
	ok := web.OIDCConfig{Issuer: "https://idp.example/realms/kommun", ClientID: "tertial", RedirectURL: "https://tertial.example/oidc/callback"}
	if err := ok.Validate(); err != nil {
		t.Errorf("valid configuration: %v", err)
	}
	if err := (web.OIDCConfig{}).Validate(); err != nil {
		t.Errorf("no configuration (off): %v", err)
	}
	for _, bad := range []web.OIDCConfig{
		{Issuer: ok.Issuer, RedirectURL: ok.RedirectURL},
		{Issuer: ok.Issuer, ClientID: "tertial"},
		{Issuer: "idp.example", ClientID: "tertial", RedirectURL: ok.RedirectURL},
	} {
		if err := bad.Validate(); err == nil {
			t.Errorf("%+v: valid, want an error", bad)
		}
	}
}
