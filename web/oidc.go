package web

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/tertial/tertial"
)

// OIDCConfig configures single sign-on by OpenID Connect. Single sign-on is off when Issuer
// is "". It only signs in to accounts that exist: an account is never created because
// someone signed in with the provider.
type OIDCConfig struct {
	// Issuer is the provider's issuer URL, exactly as its discovery document
	// (Issuer + "/.well-known/openid-configuration") states it.
	Issuer string
	// ClientID and ClientSecret are Tertial's client registration with the provider. The
	// secret may be empty for a public client (the flow always uses PKCE).
	ClientID, ClientSecret string
	// RedirectURL is the callback registered with the provider:
	// https://tertial.example/oidc/callback.
	RedirectURL string
	// Claim names the ID token claim that says which account signs in: "sub" finds the
	// account linked to the subject (store.DB.LinkSubject, tertial user link); any other
	// claim's value is the account's name. Default "preferred_username".
	Claim string
}

// Enabled reports whether single sign-on is configured.
func (c OIDCConfig) Enabled() bool { return c.Issuer != "" }

// Validate reports what is missing or wrong in a configuration that is enabled.
func (c OIDCConfig) Validate() error {
	if !c.Enabled() {
		return nil
	}
	for _, f := range []struct{ flag, v string }{{"--oidc-issuer", c.Issuer}, {"--oidc-redirect-url", c.RedirectURL}} {
		if f.v == "" {
			return fmt.Errorf("%s saknas", f.flag)
		}
		u, err := url.Parse(f.v)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return fmt.Errorf("%s: %q är ingen http- eller https-adress", f.flag, f.v)
		}
	}
	if c.ClientID == "" {
		return errors.New("--oidc-client-id saknas: ange klient-id:t som Tertial är registrerat med hos inloggningstjänsten")
	}
	return nil
}

const (
	oidcCookie     = "tertial_oidc"
	oidcFlowTTL    = 10 * time.Minute
	oidcNetTimeout = 10 * time.Second
	oidcTitle      = "Inloggningen misslyckades"
)

// oidcClient is the relying party: the provider is discovered on first use, and again on
// the next use after a failure, so that a provider that is down when Tertial starts (or
// later) breaks only single sign-on, never the site or sign-in by password.
type oidcClient struct {
	s         *Server
	cfg       OIDCConfig
	configErr error
	http      *http.Client

	mu       sync.Mutex
	oauth    *oauth2.Config
	verifier *oidc.IDTokenVerifier
}

// oidcRoutes registers single sign-on by OpenID Connect when it is configured.
func (s *Server) oidcRoutes() {
	if !s.opts.OIDC.Enabled() {
		return
	}
	o := &oidcClient{s: s, cfg: s.opts.OIDC, http: &http.Client{Timeout: oidcNetTimeout}}
	if o.cfg.Claim == "" {
		o.cfg.Claim = "preferred_username"
	}
	if o.configErr = o.cfg.Validate(); o.configErr != nil {
		s.log.Error("single sign-on is misconfigured", "err", o.configErr)
	}
	s.mux.HandleFunc("GET /oidc/login", o.handleLogin)
	s.mux.HandleFunc("GET /oidc/callback", o.handleCallback)
}

// provider returns the OAuth 2 configuration and the ID token verifier, discovering the
// provider if that has not succeeded yet.
func (o *oidcClient) provider(ctx context.Context) (*oauth2.Config, *oidc.IDTokenVerifier, error) {
	if o.configErr != nil {
		return nil, nil, o.configErr
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.verifier != nil {
		return o.oauth, o.verifier, nil
	}
	ctx, cancel := context.WithTimeout(oidc.ClientContext(ctx, o.http), oidcNetTimeout)
	defer cancel()
	// The provider keeps o.http for fetching its signing keys later.
	p, err := oidc.NewProvider(ctx, o.cfg.Issuer)
	if err != nil {
		return nil, nil, err
	}
	scopes := []string{oidc.ScopeOpenID, "profile"}
	if o.cfg.Claim == "email" {
		scopes = append(scopes, "email")
	}
	o.oauth = &oauth2.Config{ClientID: o.cfg.ClientID, ClientSecret: o.cfg.ClientSecret, RedirectURL: o.cfg.RedirectURL,
		Endpoint: p.Endpoint(), Scopes: scopes}
	o.verifier = p.Verifier(&oidc.Config{ClientID: o.cfg.ClientID})
	return o.oauth, o.verifier, nil
}

// oidcFlow is what the browser keeps, in a short-lived cookie, between leaving for the
// provider and coming back: the state and nonce it must come back with, the PKCE code
// verifier, and where to go afterwards.
type oidcFlow struct {
	State    string `json:"s"`
	Nonce    string `json:"n"`
	Verifier string `json:"v"`
	Next     string `json:"next"`
}

func oidcRandom() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func (o *oidcClient) setFlowCookie(w http.ResponseWriter, r *http.Request, value string, maxAge int) {
	http.SetCookie(w, &http.Cookie{Name: oidcCookie, Value: value, Path: "/oidc/", MaxAge: maxAge, HttpOnly: true,
		Secure: r.TLS != nil || o.s.opts.SecureCookies, SameSite: http.SameSiteLaxMode})
}

// handleLogin sends the browser to the provider.
func (o *oidcClient) handleLogin(w http.ResponseWriter, r *http.Request) {
	conf, _, err := o.provider(r.Context())
	if err != nil {
		o.s.log.Error("single sign-on unavailable", "issuer", o.cfg.Issuer, "err", err)
		o.refuse(w, r, http.StatusServiceUnavailable, "Inloggning med organisationens konto fungerar inte just nu: Tertial får inte kontakt med inloggningstjänsten. Logga in med användarnamn och lösenord, eller försök igen senare.")
		return
	}
	f := oidcFlow{State: oidcRandom(), Nonce: oidcRandom(), Verifier: oauth2.GenerateVerifier(), Next: safeNext(r.URL.Query().Get("nasta"))}
	b, _ := json.Marshal(f)
	o.setFlowCookie(w, r, base64.RawURLEncoding.EncodeToString(b), int(oidcFlowTTL/time.Second))
	http.Redirect(w, r, conf.AuthCodeURL(f.State, oidc.Nonce(f.Nonce), oauth2.S256ChallengeOption(f.Verifier)), http.StatusFound)
}

// handleCallback is where the provider sends the browser back: it checks the state,
// exchanges the code, verifies the ID token and its nonce, finds the account the claim
// names and signs in to it like a password sign-in does.
func (o *oidcClient) handleCallback(w http.ResponseWriter, r *http.Request) {
	ctx := oidc.ClientContext(r.Context(), o.http)
	q := r.URL.Query()
	var f oidcFlow
	c, err := r.Cookie(oidcCookie)
	if err == nil {
		var b []byte
		if b, err = base64.RawURLEncoding.DecodeString(c.Value); err == nil {
			err = json.Unmarshal(b, &f)
		}
	}
	// The flow is used once, whatever happens next.
	o.setFlowCookie(w, r, "", -1)
	if e := q.Get("error"); e != "" {
		o.s.log.Warn("single sign-on refused by the provider", "error", e, "description", q.Get("error_description"))
		o.refuse(w, r, http.StatusUnauthorized, "Inloggningstjänsten avbröt inloggningen. Försök igen, eller logga in med användarnamn och lösenord.")
		return
	}
	if err != nil || f.State == "" {
		o.s.log.Warn("single sign-on refused", "reason", "no flow cookie")
		o.refuse(w, r, http.StatusBadRequest, "Inloggningen tog för lång tid eller startades inte från Tertial. Börja om från inloggningssidan.")
		return
	}
	if subtle.ConstantTimeCompare([]byte(q.Get("state")), []byte(f.State)) != 1 {
		o.s.log.Warn("single sign-on refused", "reason", "state does not match")
		o.refuse(w, r, http.StatusBadRequest, "Inloggningen hör inte till den här webbläsaren. Börja om från inloggningssidan.")
		return
	}
	conf, verifier, err := o.provider(ctx)
	if err != nil {
		o.s.log.Error("single sign-on unavailable", "issuer", o.cfg.Issuer, "err", err)
		o.refuse(w, r, http.StatusServiceUnavailable, "Tertial får inte kontakt med inloggningstjänsten just nu. Logga in med användarnamn och lösenord, eller försök igen senare.")
		return
	}
	token, err := conf.Exchange(ctx, q.Get("code"), oauth2.VerifierOption(f.Verifier))
	if err != nil {
		o.s.log.Error("single sign-on: code exchange failed", "err", err)
		o.refuse(w, r, http.StatusBadGateway, "Inloggningstjänsten bekräftade inte inloggningen. Försök igen, eller logga in med användarnamn och lösenord.")
		return
	}
	rawID, _ := token.Extra("id_token").(string)
	if rawID == "" {
		o.s.log.Error("single sign-on: no id_token in the token response")
		o.refuse(w, r, http.StatusBadGateway, "Inloggningstjänsten skickade ingen identitet. Försök igen, eller logga in med användarnamn och lösenord.")
		return
	}
	id, err := verifier.Verify(ctx, rawID)
	if err == nil && subtle.ConstantTimeCompare([]byte(id.Nonce), []byte(f.Nonce)) != 1 {
		err = errors.New("nonce does not match")
	}
	if err == nil && id.AccessTokenHash != "" {
		err = id.VerifyAccessToken(token.AccessToken)
	}
	if err != nil {
		o.s.log.Warn("single sign-on refused: ID token not valid", "err", err)
		o.refuse(w, r, http.StatusUnauthorized, "Inloggningen kunde inte bekräftas. Börja om från inloggningssidan.")
		return
	}
	value := id.Subject
	if o.cfg.Claim != "sub" {
		var claims map[string]any
		if err := id.Claims(&claims); err != nil {
			o.s.error(w, r, err)
			return
		}
		value, _ = claims[o.cfg.Claim].(string)
	}
	if value == "" {
		o.s.log.Warn("single sign-on refused: claim missing", "claim", o.cfg.Claim, "subject", id.Subject)
		o.refuse(w, r, http.StatusForbidden, fmt.Sprintf("Inloggningstjänsten skickade inte uppgiften %q, som Tertial använder för att hitta ditt konto. Kontakta en administratör.", o.cfg.Claim))
		return
	}
	var u *tertial.User
	if o.cfg.Claim == "sub" {
		u, err = o.s.db.UserBySubject(r.Context(), value)
	} else {
		u, _, err = o.s.db.UserWithPassword(r.Context(), value)
	}
	if tertial.ErrorCode(err) == tertial.ENOTFOUND {
		o.s.log.Warn("single sign-on refused: no such account", "claim", o.cfg.Claim, "value", value)
		o.refuse(w, r, http.StatusForbidden, fmt.Sprintf("Du är inloggad hos din organisation, men ditt konto är inte upplagt i Tertial (%s: %s). Be en administratör att lägga upp kontot.", o.cfg.Claim, value))
		return
	} else if err != nil {
		o.s.error(w, r, err)
		return
	}
	if u.Disabled {
		o.s.log.Warn("single sign-on refused: account disabled", "user", u.Name)
		o.refuse(w, r, http.StatusForbidden, fmt.Sprintf("Kontot %s är avstängt i Tertial.", u.Name))
		return
	}
	if err := o.signIn(w, r, u); err != nil {
		o.s.error(w, r, err)
		return
	}
	http.Redirect(w, r, safeNext(f.Next), http.StatusSeeOther)
}

// signIn starts a session for u exactly as a password sign-in does.
func (o *oidcClient) signIn(w http.ResponseWriter, r *http.Request, u *tertial.User) error {
	return o.s.startSession(w, r, u, "oidc")
}

// refuse shows the error page with a message in Swedish.
func (o *oidcClient) refuse(w http.ResponseWriter, r *http.Request, status int, message string) {
	o.s.render(w, r, status, "error.html", &errorPage{Title: oidcTitle, Status: status, Message: message})
}
