package web

import (
	"context"
	"fmt"
	"html/template"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/htmlreport"
	"github.com/tertial/tertial/kolada"
	"github.com/tertial/tertial/report"
)

// koladaRoutes serves a period's Kolada page: the comparison tables and charts and, for controllers,
// a button that fetches from Kolada as a background job whose progress the page shows.
func (s *Server) koladaRoutes() {
	base := "/kommuner/{code}/enheter/{unit}/perioder/{period}/kolada"
	s.mux.HandleFunc("GET "+base, s.handleKolada)
	s.mux.HandleFunc("POST "+base, s.handleKoladaSync)
}

// koladaJob is a sync running (or finished) in this process.
type koladaJob struct {
	mu          sync.Mutex
	started     time.Time
	done, total int
	what        string
	finished    bool
	err         error
	result      *kolada.SyncResult
}

// koladaJobs are the server's syncs, by period URL.
type koladaJobs struct {
	sync.Mutex
	m map[string]*koladaJob
}

// koladaBaseURL is the Kolada the site fetches from: Options.KoladaURL, TERTIAL_KOLADA_URL
// or Kolada's own.
func (s *Server) koladaBaseURL() string {
	if s.opts.KoladaURL != "" {
		return s.opts.KoladaURL
	}
	if u := os.Getenv("TERTIAL_KOLADA_URL"); u != "" {
		return u
	}
	return kolada.DefaultURL
}

type koladaPage struct {
	base
	Title       string
	PeriodTitle string
	Unit        string
	PeriodURL   string
	Action      string
	CanSync     bool
	Refresh     int
	Running     bool
	Status      string
	Error       string
	Tables      []koladaComparison
}

// koladaComparison is an indicator's comparison table and, when the period's year has
// figures, its chart drawn as the report draws it.
type koladaComparison struct {
	*report.Table
	Chart *report.Chart
	SVG   template.HTML
}

func (s *Server) handleKolada(w http.ResponseWriter, r *http.Request) {
	pc := s.pagePeriod(w, r)
	if pc == nil {
		return
	}
	page := &koladaPage{Title: "Jämförelse med Kolada: " + pc.unit.Name + ", " + pc.per.Title, PeriodTitle: pc.per.Title,
		Unit: pc.unit.Name, PeriodURL: pc.url, Action: pc.url + "/kolada",
		CanSync: tertial.Can(pc.user, tertial.ActLockPeriod, pc.target())}
	page.setUser(pc.user)
	s.kolada.Lock()
	job := s.kolada.m[pc.url]
	s.kolada.Unlock()
	if job != nil {
		job.mu.Lock()
		switch {
		case !job.finished:
			page.Running, page.Refresh = true, 2
			page.Status = fmt.Sprintf("Hämtar från Kolada (steg %d av %d): %s", job.done, job.total, job.what)
		case job.err != nil:
			page.Error = "Hämtningen från Kolada misslyckades: " + job.err.Error()
		case job.result != nil:
			res := job.result
			page.Status = fmt.Sprintf("Hämtat %s: %d nyckeltal för %d indikatorer, %d kommuner, %d värden.",
				job.started.Local().Format("2006-01-02 15:04"), res.KPIs, res.Indicators, res.Municipalities, res.Values)
		}
		job.mu.Unlock()
	}
	doc, err := report.Build(pc.ds, pc.unit.ID, pc.per.ID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	var walk func(sec *report.Section)
	walk = func(sec *report.Section) {
		for _, b := range sec.Blocks {
			switch b := b.(type) {
			case *report.Table:
				if b.Class == "kolada" {
					page.Tables = append(page.Tables, koladaComparison{Table: b})
				}
			case *report.Chart:
				// A comparison's chart follows its table.
				if n := len(page.Tables); n > 0 && strings.HasPrefix(b.ID, "diagram-kolada-") && page.Tables[n-1].Chart == nil {
					page.Tables[n-1].Chart, page.Tables[n-1].SVG = b, htmlreport.ChartSVG(b)
				}
			case *report.Section:
				walk(b)
			}
		}
	}
	for _, sec := range doc.Sections {
		walk(sec)
	}
	s.render(w, r, http.StatusOK, "kolada.html", page)
}

// handleKoladaSync starts a sync for the period unless one is running: controllers only.
func (s *Server) handleKoladaSync(w http.ResponseWriter, r *http.Request) {
	pc := s.pagePeriod(w, r)
	if pc == nil {
		return
	}
	if !tertial.Can(pc.user, tertial.ActLockPeriod, pc.target()) {
		s.error(w, r, tertial.Errorf(tertial.EFORBIDDEN, "Bara en controller kan hämta från Kolada."))
		return
	}
	s.kolada.Lock()
	job := s.kolada.m[pc.url]
	if job == nil || job.isFinished() {
		job = &koladaJob{started: time.Now(), what: "startar"}
		if s.kolada.m == nil {
			s.kolada.m = map[string]*koladaJob{}
		}
		s.kolada.m[pc.url] = job
		muni, unit, period, actor := pc.ref.Municipality, pc.unit.ID, pc.per.ID, pc.user.Name
		go func() {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
			defer cancel()
			res, err := kolada.Sync(ctx, kolada.New(s.koladaBaseURL()), s.db, actor, muni, unit, period, func(done, total int, what string) {
				job.mu.Lock()
				job.done, job.total, job.what = done, total, what
				job.mu.Unlock()
			})
			job.mu.Lock()
			job.finished, job.result, job.err = true, res, err
			job.mu.Unlock()
			if err != nil {
				s.log.Warn("kolada sync", "period", pc.url, "error", err)
			}
		}()
	}
	s.kolada.Unlock()
	http.Redirect(w, r, pc.url+"/kolada", http.StatusSeeOther)
}

func (j *koladaJob) isFinished() bool {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.finished
}
