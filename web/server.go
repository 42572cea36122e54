// Package web serves Tertial's web site: server-rendered HTML in Swedish that works
// without JavaScript.
package web

import (
	"bytes"
	"cmp"
	"context"
	"embed"
	"errors"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/netip"
	"strings"
	"time"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/auth"
	"github.com/tertial/tertial/dataset"
	"github.com/tertial/tertial/publish"
	"github.com/tertial/tertial/store"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Server is the web application's HTTP handler.
type Server struct {
	db      *store.DB
	log     *slog.Logger
	opts    Options
	tmpl    map[string]*template.Template
	mux     *http.ServeMux
	static  http.Handler
	handler http.Handler
	// accountLimit and addressLimit limit sign-in attempts per account and per address.
	accountLimit, addressLimit *auth.Limiter
	// checkPassword is auth.CheckPassword; a test may count or hold the checks.
	checkPassword func(hash, password string) bool
	kolada        koladaJobs
	// imports lets one SIE import run at a time in this process (the site's upload and the
	// API's), so that memory holds one file's aggregation, not one per request.
	imports chan struct{}
	// firstRun holds the token of the first-run page (firstrun.go).
	firstRun firstRun
	// publishing holds the publish jobs (publishjob.go).
	publishing publishJobs
	// pages keeps rendered reports and period pages' goal trees by dataset generation
	// (pagecache.go).
	pages *pageCache
	// unread keeps the accounts' unread counts for the header (unread.go).
	unread unreadCounts
}

// Options configure the site.
type Options struct {
	// Demo shows the demo accounts on the sign-in page.
	Demo bool
	// DemoUnit names the unit the demo's reporter account reports for on that page.
	DemoUnit string
	// SessionTTL is how long a sign-in lasts; default 12 hours.
	SessionTTL time.Duration
	// SessionIdle ends a session that was not used for this long (ASVS 3.3.2); 0 means
	// DefaultSessionIdle and a negative value turns the idle timeout off, leaving only
	// SessionTTL. The store keeps when a session was last used to within a minute
	// (store.SessionTouchInterval), so a session ends at most a minute later than this.
	SessionIdle time.Duration
	// SecureCookies marks cookies Secure even when the request did not come over TLS
	// (behind a proxy that terminates TLS), and sends Strict-Transport-Security: the
	// site is only ever to be reached over HTTPS.
	SecureCookies bool
	// TrustedProxies are the reverse proxies in front of Tertial. Only for a connection
	// from one of them is X-Forwarded-For read, to find the address the sign-in limit
	// counts against; everyone else's X-Forwarded-For is ignored.
	TrustedProxies []netip.Prefix
	// PublishFormats are the formats a published version holds (the publish button).
	PublishFormats []publish.Format
	// OIDC turns on single sign-on by OpenID Connect when its Issuer is set.
	OIDC OIDCConfig
	// KoladaURL is the Kolada API the sync button fetches from; when empty,
	// TERTIAL_KOLADA_URL or Kolada's own (kolada.DefaultURL).
	KoladaURL string
	// MaxUpload bounds an SIE upload's body, on the site and the API, in bytes; 0 means
	// DefaultMaxUpload.
	MaxUpload int64
	// PageCacheBytes bounds the memory of rendered reports and page parts kept between
	// two writes of a municipality's data (pagecache.go); 0 means DefaultPageCacheBytes,
	// a negative value keeps nothing.
	PageCacheBytes int64
	// UnreadTTL is how long a server keeps an account's count of unread notices for the
	// header (unread.go); 0 means DefaultUnreadTTL, a negative value keeps none.
	UnreadTTL time.Duration
}

// DefaultSessionIdle is how long a session may go unused before it ends, unless
// Options.SessionIdle says otherwise.
const DefaultSessionIdle = 30 * time.Minute

// Sign-in limits: an account may have five failed (or unfinished) attempts within a
// quarter of an hour, an address twenty, since many people may share one (an office
// behind one NAT address) and it is meant to stop one guess at each of many accounts.
const (
	accountAttempts = 5
	addressAttempts = 20
	signInWindow    = 15 * time.Minute
)

// New returns a server reading from and writing to db and logging to log.
func New(db *store.DB, log *slog.Logger, opts Options) (*Server, error) {
	if opts.SessionTTL == 0 {
		opts.SessionTTL = 12 * time.Hour
	}
	if opts.SessionIdle == 0 {
		opts.SessionIdle = DefaultSessionIdle
	}
	s := &Server{db: db, log: log, opts: opts, tmpl: map[string]*template.Template{}, mux: http.NewServeMux(),
		accountLimit: auth.NewLimiter(accountAttempts, signInWindow), addressLimit: auth.NewLimiter(addressAttempts, signInWindow),
		checkPassword: auth.CheckPassword, imports: make(chan struct{}, 1), pages: newPageCache(cmp.Or(opts.PageCacheBytes, DefaultPageCacheBytes))}
	auth.Prepare()
	pages := []string{"home.html", "municipality.html", "period.html", "error.html", "login.html", "edit.html", "editindex.html", "conflict.html", "history.html", "workflow.html", "workflowmatrix.html", "publications.html", "kolada.html", "ledger.html", "structure.html", "structform.html", "tablestructure.html", "periodsettings.html", "public.html", "publicreport.html", "publishjob.html"}
	for _, p := range pages {
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/"+p)
		if err != nil {
			return nil, err
		}
		s.tmpl[p] = t
	}
	if err := s.parseAdminTemplates(); err != nil {
		return nil, err
	}
	sub, err := fs.Sub(staticFS, "static")
	if err != nil {
		return nil, err
	}
	files := http.StripPrefix("/static/", http.FileServerFS(sub))
	s.static = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// The only thing anyone may keep: the same for everyone, and needing no sign-in.
		// Their names carry no version, so an hour, not for good.
		w.Header().Set("Cache-Control", "public, max-age=3600")
		files.ServeHTTP(w, r)
	})
	s.routes()
	// Cross-origin protection for every unsafe method: a form posted from another site is
	// refused (CSRF), whatever cookie it carries.
	s.handler = http.NewCrossOriginProtection().Handler(s.withUser(s.mux))
	return s, nil
}

func (s *Server) routes() {
	s.mux.HandleFunc("GET /{$}", s.handleHome)
	s.mux.HandleFunc("GET /kommuner/{code}", s.handleMunicipality)
	s.mux.HandleFunc("POST /kommuner/{code}/perioder", s.handleNewPeriod)
	s.mux.HandleFunc("GET /kommuner/{code}/struktur/mal", s.handleStructure)
	s.mux.HandleFunc("GET /kommuner/{code}/struktur/mal/nytt", s.handleGoalForm)
	s.mux.HandleFunc("POST /kommuner/{code}/struktur/mal/nytt", s.handleGoalForm)
	s.mux.HandleFunc("GET /kommuner/{code}/struktur/mal/{id}", s.handleGoalForm)
	s.mux.HandleFunc("POST /kommuner/{code}/struktur/mal/{id}", s.handleGoalForm)
	s.mux.HandleFunc("GET /kommuner/{code}/struktur/indikatorer/ny", s.handleIndicatorForm)
	s.mux.HandleFunc("POST /kommuner/{code}/struktur/indikatorer/ny", s.handleIndicatorForm)
	s.mux.HandleFunc("GET /kommuner/{code}/struktur/indikatorer/{id}", s.handleIndicatorForm)
	s.mux.HandleFunc("POST /kommuner/{code}/struktur/indikatorer/{id}", s.handleIndicatorForm)
	s.mux.HandleFunc("GET /kommuner/{code}/struktur/uppdrag/nytt", s.handleAssignmentForm)
	s.mux.HandleFunc("POST /kommuner/{code}/struktur/uppdrag/nytt", s.handleAssignmentForm)
	s.mux.HandleFunc("GET /kommuner/{code}/struktur/uppdrag/{id}", s.handleAssignmentForm)
	s.mux.HandleFunc("POST /kommuner/{code}/struktur/uppdrag/{id}", s.handleAssignmentForm)
	// One delete handler for goals, indicators and assignments, by the kind in the path;
	// a route per kind, so that other pages under /struktur keep their own.
	for _, kind := range []string{"mal", "indikatorer", "uppdrag"} {
		s.mux.HandleFunc("POST /kommuner/{code}/struktur/"+kind+"/{id}/ta-bort", s.handleStructureDelete)
	}
	s.mux.HandleFunc("GET /kommuner/{code}/enheter/{unit}/perioder/{period}", s.handlePeriod)
	s.mux.HandleFunc("GET /kommuner/{code}/enheter/{unit}/perioder/{period}/rapport", s.handleReport)
	s.structureRoutes()
	s.freeStructureRoutes()
	s.mux.HandleFunc("GET /healthz", s.handleHealth)
	s.mux.HandleFunc("GET /schema/dataset-1.json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/schema+json")
		w.Header().Set("Cache-Control", "public, max-age=3600")
		w.Write(dataset.Schema())
	})
	s.mux.Handle("GET /static/", s.static)
	s.mux.HandleFunc("GET /logga-in", s.handleLoginForm)
	s.mux.HandleFunc("POST /logga-in", s.handleLogin)
	s.mux.HandleFunc("POST /logga-ut", s.handleLogout)
	s.editRoutes()
	s.apiRoutes()
	s.workflowRoutes()
	s.gateRoutes()
	s.publishRoutes()
	s.koladaRoutes()
	s.ledgerRoutes()
	s.unitLedgerRoutes()
	s.oidcRoutes()
	s.adminRoutes()
	s.unitRoutes()
	s.settingsRoutes()
	s.goalFrameRoutes()
	s.internalControlRoutes()
	s.periodSettingsRoutes()
	s.overviewRoutes()
	s.publicRoutes()
	s.notifyRoutes()
	s.routesGrid()
	s.statementMappingRoutes()
	s.statementForecastRoutes()
	s.economyRoutes()
	s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.error(w, r, tertial.Errorf(tertial.ENOTFOUND, "Sidan finns inte."))
	})
}

// ServeHTTP adds secure headers and a log line to every request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	h := w.Header()
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	// Nothing is kept by a browser or a proxy unless a handler says it is public: pages,
	// API answers and published files are for those signed in, and a municipality's
	// shared computer must not keep them on disk.
	h.Set("Cache-Control", "private, no-store")
	if s.opts.SecureCookies || r.TLS != nil {
		h.Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
	}
	rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
	defer func() {
		if v := recover(); v != nil {
			s.log.Error("panic", "method", r.Method, "path", r.URL.Path, "panic", v)
			if strings.HasPrefix(r.URL.Path, "/api/") {
				writeJSONError(rec, http.StatusInternalServerError, "internal", "internt fel")
			} else {
				s.error(rec, r, errors.New("panic"))
			}
		}
		s.log.Info("request", "method", r.Method, "path", r.URL.Path, "status", rec.status, "duration", time.Since(start))
	}()
	s.handler.ServeHTTP(rec, r)
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

// Unwrap lets http.ResponseController reach the connection's writer (to flush a
// streamed page, publishjob.go).
func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

func (r *statusRecorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

// render executes a page into a buffer first, so that a template error becomes a clean
// error page instead of half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, page string, data any) {
	if b, ok := data.(interface{ setUser(*tertial.User) }); ok {
		b.setUser(userFrom(r.Context()))
	}
	if page != "error.html" {
		s.setUnread(r, data)
	}
	var buf bytes.Buffer
	if err := s.tmpl[page].ExecuteTemplate(&buf, "layout.html", data); err != nil {
		s.log.Error("render", "page", page, "err", err)
		if page != "error.html" {
			s.error(w, r, err)
		} else {
			http.Error(w, "Internt fel", http.StatusInternalServerError)
		}
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

type errorPage struct {
	base
	Title   string
	Status  int
	Message string
}

// error shows an error page: the message for the user's mistakes, and only "Internt fel"
// for ours, which is logged with its details.
func (s *Server) error(w http.ResponseWriter, r *http.Request, err error) {
	status := http.StatusInternalServerError
	switch tertial.ErrorCode(err) {
	case tertial.ENOTFOUND:
		status = http.StatusNotFound
	case tertial.EINVALID:
		status = http.StatusBadRequest
	case tertial.ECONFLICT:
		status = http.StatusConflict
	case tertial.ELOCKED:
		status = http.StatusLocked
	case tertial.EFORBIDDEN:
		status = http.StatusForbidden
	case tertial.EUNAUTHORIZED:
		status = http.StatusUnauthorized
	default:
		s.log.Error("internal error", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	title := "Något gick fel"
	if status == http.StatusNotFound {
		title = "Hittades inte"
	}
	s.render(w, r, status, "error.html", &errorPage{Title: title, Status: status, Message: tertial.ErrorMessage(err)})
}

func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	if _, err := s.db.Municipalities(ctx); err != nil {
		s.log.Error("health", "err", err)
		http.Error(w, "database unavailable", http.StatusServiceUnavailable)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte("ok\n"))
}
