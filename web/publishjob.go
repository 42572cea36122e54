package web

import (
	"bytes"
	"context"
	"html"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
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
	// changed is closed, and replaced, at each change, so that a page streaming the
	// job's steps wakes up.
	changed chan struct{}
	// began and ended are when each step began and ended.
	began, ended []time.Time
}

// touch marks a change: call with j.mu held.
func (j *publishJob) touch() {
	close(j.changed)
	j.changed = make(chan struct{})
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
	j := &publishJob{ref: ref, started: time.Now(), changed: make(chan struct{})}
	j.steps = append(j.steps, jobStep{publish.StepPrepare, stepLabels[publish.StepPrepare]})
	for _, f := range s.opts.PublishFormats {
		l := stepLabels[f.Name]
		if l == "" {
			l = f.Name
		}
		j.steps = append(j.steps, jobStep{f.Name, l})
	}
	j.steps = append(j.steps, jobStep{publish.StepOpenData, stepLabels[publish.StepOpenData]}, jobStep{publish.StepStore, stepLabels[publish.StepStore]})
	j.began, j.ended = make([]time.Time, len(j.steps)), make([]time.Time, len(j.steps))
	j.began[0] = j.started
	s.publishing.jobs[ref] = j
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), publishTimeout)
		defer cancel()
		pub, err := publish.PublishWithProgress(ctx, s.db, actor, ref, s.opts.PublishFormats, func(step string) {
			j.mu.Lock()
			defer j.mu.Unlock()
			for i, st := range j.steps {
				if st.ID == step && i > j.current {
					now := time.Now()
					for k := j.current; k < i; k++ {
						j.ended[k], j.began[k+1] = now, now
					}
					j.current = i
					j.touch()
				}
			}
		})
		j.mu.Lock()
		defer j.mu.Unlock()
		defer j.touch()
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
		j.ended[j.current] = time.Now()
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
	Streamed                                              bool // the result follows the streamed steps
	Steps                                                 []jobStepView
	Error                                                 string
	Number                                                int
	Files                                                 []fileView
	PublicURL                                             string // the public page; "" when the municipality's public pages are off
}

type jobStepView struct {
	Label, State string // State: klart, pågår, väntar, avbrutet
	Class        string
}

// streamLimit bounds how long a job's page streams its steps, well within the server's
// write timeout; a job still running then is followed by loading the page again.
const streamLimit = 45 * time.Second

// Markers in the rendered page of a running job: where the streamed steps go, and where
// the result goes once the job has ended.
const (
	stepsMarker  = "@@steg@@"
	resultMarker = "@@resultat@@"
)

// handlePublishJob shows a publish job. While it runs, the page is streamed: each step is
// written as it begins and marked done as it ends, and the page ends with the
// confirmation (the version and each file's SHA-256) or the error, in one response that
// needs no JavaScript and no reloading. Loaded after the job ended, it shows the same
// result at once.
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
	running := !j.done
	j.mu.Unlock()
	if running {
		s.streamPublishJob(w, r, pc, page, j)
		return
	}
	s.jobResult(r, pc, page, j)
	s.render(w, r, http.StatusOK, "publishjob.html", page)
}

// jobResult fills the page with how the job stands: its steps, and the version or the
// error once it has ended.
func (s *Server) jobResult(r *http.Request, pc *periodCtx, page *publishJobPage, j *publishJob) {
	j.mu.Lock()
	page.Running, page.Error, page.Steps = !j.done, j.errText, nil
	for i, st := range j.steps {
		v := jobStepView{Label: st.Label}
		switch {
		case i < j.current:
			v.State, v.Class = "klart", "step-done"
		case i == j.current && !j.done:
			v.State, v.Class = "pågår", "step-running"
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
		page.Files = nil
		for _, f := range files {
			page.Files = append(page.Files, fileView{PublishedFile: f, URL: pc.url + "/publicerat/" + strconv.Itoa(pub.Number) + "/" + url.PathEscape(f.Format),
				Size: strconv.FormatInt((f.Size+1023)/1024, 10) + " kB"})
		}
		if ps, err := s.db.PublicSettings(r.Context(), pc.ref.Municipality); err == nil && ps.Public {
			page.PublicURL = publicReportURL(pc.ref.Municipality, pc.ref.Unit, pc.ref.Period)
		}
		if !page.Streamed {
			page.Title = "Version " + strconv.Itoa(pub.Number) + " är publicerad: " + pc.unit.Name + ", " + pc.per.Title
		}
	} else if page.Error != "" && !page.Streamed {
		page.Title = "Publiceringen misslyckades: " + pc.unit.Name + ", " + pc.per.Title
	}
}

func seconds(d time.Duration) string {
	return strings.Replace(strconv.FormatFloat(d.Seconds(), 'f', 1, 64), ".", ",", 1) + " s"
}

// streamPublishJob writes the running job's page step by step (see handlePublishJob).
func (s *Server) streamPublishJob(w http.ResponseWriter, r *http.Request, pc *periodCtx, page *publishJobPage, j *publishJob) {
	page.Running, page.Streamed = true, true
	page.Title = "Publicerar: " + pc.unit.Name + ", " + pc.per.Title
	page.setUser(userFrom(r.Context()))
	s.setUnread(r, page)
	var buf bytes.Buffer
	if err := s.tmpl["publishjob.html"].ExecuteTemplate(&buf, "layout.html", page); err != nil {
		s.error(w, r, err)
		return
	}
	head, rest, _ := strings.Cut(buf.String(), stepsMarker)
	middle, tail, _ := strings.Cut(rest, resultMarker)
	rc := http.NewResponseController(w)
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("X-Accel-Buffering", "no") // a proxy passes each step on as it comes
	w.WriteHeader(http.StatusOK)
	write := func(s string) {
		io.WriteString(w, s)
		rc.Flush()
	}
	write(head)
	opened, closed := 0, 0
	limit := time.NewTimer(streamLimit)
	defer limit.Stop()
	for {
		j.mu.Lock()
		cur, done, failed, ch := j.current, j.done, j.errText != "", j.changed
		var out strings.Builder
		for ; closed < len(j.steps) && (closed < cur || (done && failed && closed == cur)); closed++ {
			if opened == closed {
				out.WriteString("<li>" + html.EscapeString(j.steps[closed].Label) + " …")
				opened++
			}
			if closed < cur {
				out.WriteString(" <strong>klart</strong> (" + seconds(j.ended[closed].Sub(j.began[closed])) + ")</li>\n")
			} else {
				out.WriteString(" <strong>avbrutet</strong></li>\n")
			}
		}
		if !done && opened == closed && opened < len(j.steps) {
			out.WriteString("<li>" + html.EscapeString(j.steps[opened].Label) + " …")
			opened++
		}
		j.mu.Unlock()
		if out.Len() > 0 {
			write(out.String())
		}
		if done {
			break
		}
		select {
		case <-ch:
			continue
		case <-r.Context().Done():
			return
		case <-limit.C:
		}
		break
	}
	if opened > closed {
		write("</li>")
	}
	write(middle)
	s.jobResult(r, pc, page, j)
	var res bytes.Buffer
	if err := s.tmpl["publishjob.html"].ExecuteTemplate(&res, "publishjobresult", page); err != nil {
		s.log.Error("render", "page", "publishjobresult", "err", err)
	}
	write(res.String())
	write(tail)
}
