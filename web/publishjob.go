package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"time"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/publish"
	"github.com/tertial/tertial/store"
)

// Publishing runs in the background (about 7 s with the PDF through Chromium): the
// publish button starts a job and sends the browser (303) to the job's page, which shows
// the steps as they go and reloads itself each second without JavaScript (meta refresh),
// until it ends on a confirmation with the version's number and each file's SHA-256, or
// the error in words. One job per unit and period at a time in this process: a second
// press while one runs leads to the running job's page. The store numbers versions in its
// transaction, so two servers publishing at once still get two whole versions.

// publishJobs are the publish jobs of this process, by unit and period: the running ones
// and the last finished one of each, so that its page can show how it ended.
type publishJobs struct {
	mu   sync.Mutex
	jobs map[store.PeriodRef]*publishJob
}

// publishTimeout bounds a publish job; rendering the PDF is what takes time.
const publishTimeout = 5 * time.Minute

type publishJob struct {
	mu      sync.Mutex
	ref     store.PeriodRef
	started time.Time
	steps   []jobStep
	current int // the index of the step running; len(steps) when done
	done    bool
	errText string
	pub     *store.Publication
}

type jobStep struct {
	ID, Label string
}

var stepLabels = map[string]string{
	publish.StepPrepare: "Läser perioden och bygger rapporten", "html": "HTML", "pdf": "PDF", "docx": "Word (DOCX)",
	"xlsx": "Excel (XLSX)", publish.StepOpenData: "Öppna data (CSV och JSON)", publish.StepStore: "Kontrollsummor (SHA-256) och lagring",
}

func (s *Server) publishJobRoutes() {
	s.mux.HandleFunc("GET /kommuner/{code}/enheter/{unit}/perioder/{period}/publicerat/publicering", s.handlePublishJob)
}

// startPublish starts a job publishing the period unless one is running; it returns the
// job running.
func (s *Server) startPublish(ref store.PeriodRef, actor string) *publishJob {
	s.publishing.mu.Lock()
	defer s.publishing.mu.Unlock()
	if s.publishing.jobs == nil {
		s.publishing.jobs = map[store.PeriodRef]*publishJob{}
	}
	if j := s.publishing.jobs[ref]; j != nil {
		j.mu.Lock()
		running := !j.done
		j.mu.Unlock()
		if running {
			return j
		}
	}
	j := &publishJob{ref: ref, started: time.Now()}
	j.steps = append(j.steps, jobStep{publish.StepPrepare, stepLabels[publish.StepPrepare]})
	for _, f := range s.opts.PublishFormats {
		l := stepLabels[f.Name]
		if l == "" {
			l = f.Name
		}
		j.steps = append(j.steps, jobStep{f.Name, l})
	}
	j.steps = append(j.steps, jobStep{publish.StepOpenData, stepLabels[publish.StepOpenData]}, jobStep{publish.StepStore, stepLabels[publish.StepStore]})
	s.publishing.jobs[ref] = j
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), publishTimeout)
		defer cancel()
		pub, err := publish.PublishWithProgress(ctx, s.db, actor, ref, s.opts.PublishFormats, func(step string) {
			j.mu.Lock()
			defer j.mu.Unlock()
			for i, st := range j.steps {
				if st.ID == step {
					j.current = i
				}
			}
		})
		j.mu.Lock()
		defer j.mu.Unlock()
		j.done = true
		if err != nil {
			switch tertial.ErrorCode(err) {
			case tertial.ECONFLICT, tertial.ENOTFOUND, tertial.EINVALID, tertial.ELOCKED, tertial.EFORBIDDEN:
				j.errText = tertial.Capitalize(tertial.ErrorMessage(err))
			default:
				s.log.Error("publish", "municipality", ref.Municipality, "unit", ref.Unit, "period", ref.Period, "err", err)
				j.errText = "Ett internt fel stoppade publiceringen, och ingen ny version sparades. Felet är loggat; försök igen, och kontakta den som driver Tertial om det upprepas."
			}
			return
		}
		j.pub = pub
		j.current = len(j.steps)
	}()
	return j
}

// job returns the period's latest job in this process, or nil.
func (s *Server) job(ref store.PeriodRef) *publishJob {
	s.publishing.mu.Lock()
	defer s.publishing.mu.Unlock()
	return s.publishing.jobs[ref]
}

type publishJobPage struct {
	base
	Title, Unit, PeriodTitle, PeriodURL, ListURL, SelfURL string
	None                                                  bool // no job in this process
	Running                                               bool
	Steps                                                 []jobStepView
	Current                                               string
	Seconds                                               int
	Error                                                 string
	Number                                                int
	Files                                                 []fileView
	PublicURL                                             string // the public page; "" when the municipality's public pages are off
}

type jobStepView struct {
	Label, State string // State: klart, pågår, väntar, avbrutet
	Class        string
}

// handlePublishJob shows a publish job: its steps while it runs, then the confirmation
// or the error.
func (s *Server) handlePublishJob(w http.ResponseWriter, r *http.Request) {
	pc := s.pagePeriod(w, r)
	if pc == nil {
		return
	}
	page := &publishJobPage{Title: "Publicering: " + pc.unit.Name + ", " + pc.per.Title, Unit: pc.unit.Name, PeriodTitle: pc.per.Title,
		PeriodURL: pc.url, ListURL: pc.url + "/publicerat", SelfURL: pc.url + "/publicerat/publicering"}
	j := s.job(pc.ref)
	if j == nil {
		page.None = true
		s.render(w, r, http.StatusOK, "publishjob.html", page)
		return
	}
	j.mu.Lock()
	page.Running, page.Error, page.Seconds = !j.done, j.errText, int(time.Since(j.started).Seconds())
	for i, st := range j.steps {
		v := jobStepView{Label: st.Label}
		switch {
		case i < j.current:
			v.State, v.Class = "klart", "step-done"
		case i == j.current && !j.done:
			v.State, v.Class = "pågår", "step-running"
			page.Current = st.Label
		case i == j.current && j.errText != "":
			v.State, v.Class = "avbrutet", "step-failed"
		default:
			v.State, v.Class = "väntar", "step-waiting"
		}
		page.Steps = append(page.Steps, v)
	}
	pub := j.pub
	j.mu.Unlock()
	if pub != nil {
		page.Number = pub.Number
		files := append([]store.PublishedFile(nil), pub.Files...)
		sortFiles(files)
		for _, f := range files {
			page.Files = append(page.Files, fileView{PublishedFile: f, URL: pc.url + "/publicerat/" + strconv.Itoa(pub.Number) + "/" + url.PathEscape(f.Format),
				Size: strconv.FormatInt((f.Size+1023)/1024, 10) + " kB"})
		}
		if ps, err := s.db.PublicSettings(r.Context(), pc.ref.Municipality); err == nil && ps.Public {
			page.PublicURL = publicReportURL(pc.ref.Municipality, pc.ref.Unit, pc.ref.Period)
		}
		page.Title = "Version " + strconv.Itoa(pub.Number) + " är publicerad: " + pc.unit.Name + ", " + pc.per.Title
	} else if page.Error != "" {
		page.Title = "Publiceringen misslyckades: " + pc.unit.Name + ", " + pc.per.Title
	}
	s.render(w, r, http.StatusOK, "publishjob.html", page)
}
