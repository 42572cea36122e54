package web

import (
	"net/http"
	"strconv"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/store"
)

func (s *Server) publishRoutes() {
	base := "/kommuner/{code}/enheter/{unit}/perioder/{period}/publicerat"
	s.mux.HandleFunc("GET "+base, s.handlePublications)
	s.mux.HandleFunc("POST "+base, s.handlePublish)
	s.mux.HandleFunc("GET "+base+"/{number}/{format}", s.handlePublishedFile)
}

type publicationsPage struct {
	base
	Title        string
	PeriodTitle  string
	Unit         string
	PeriodURL    string
	Action       string
	Locked       bool
	CanPublish   bool
	Publications []publicationView
	Published    int
	PublicURL    string // the public page of the period's published versions; "" when there is none
}

type publicationView struct {
	store.Publication
	At    string
	Files []fileView
}

type fileView struct {
	store.PublishedFile
	URL  string
	Size string
}

func (s *Server) handlePublications(w http.ResponseWriter, r *http.Request) {
	pc := s.pagePeriod(w, r)
	if pc == nil {
		return
	}
	pubs, err := s.db.Publications(r.Context(), pc.ref)
	if err != nil {
		s.error(w, r, err)
		return
	}
	page := &publicationsPage{Title: "Publicerade versioner: " + pc.unit.Name + ", " + pc.per.Title, PeriodTitle: pc.per.Title,
		Unit: pc.unit.Name, PeriodURL: pc.url, Action: pc.url + "/publicerat", Locked: pc.per.State == tertial.PeriodLocked,
		CanPublish: tertial.Can(pc.user, tertial.ActLockPeriod, pc.target()) && len(s.opts.PublishFormats) > 0}
	page.Published, _ = strconv.Atoi(r.URL.Query().Get("publicerad"))
	if ps, err := s.db.PublicSettings(r.Context(), pc.ref.Municipality); err == nil && ps.Public && len(pubs) > 0 {
		page.PublicURL = publicReportURL(pc.ref.Municipality, pc.ref.Unit, pc.ref.Period)
	}
	for _, p := range pubs {
		v := publicationView{Publication: p, At: p.PublishedAt.Local().Format("2006-01-02 15:04")}
		sortFiles(p.Files)
		for _, f := range p.Files {
			v.Files = append(v.Files, fileView{PublishedFile: f, URL: pc.url + "/publicerat/" + strconv.Itoa(p.Number) + "/" + f.Format,
				Size: strconv.FormatInt((f.Size+1023)/1024, 10) + " kB"})
		}
		page.Publications = append(page.Publications, v)
	}
	s.render(w, r, http.StatusOK, "publications.html", page)
}

// handlePublish starts publishing the locked period in every format: controllers only.
func (s *Server) handlePublish(w http.ResponseWriter, r *http.Request) {
	pc := s.pagePeriod(w, r)
	if pc == nil {
		return
	}
	if !tertial.Can(pc.user, tertial.ActLockPeriod, pc.target()) {
		s.error(w, r, tertial.Errorf(tertial.EFORBIDDEN, "Bara en controller kan publicera."))
		return
	}
	if pc.per.State != tertial.PeriodLocked {
		s.error(w, r, tertial.Errorf(tertial.ECONFLICT, "Perioden %s är inte låst: bara det nämnden har beslutat publiceras.", pc.per.Title))
		return
	}
	if len(s.opts.PublishFormats) == 0 {
		s.error(w, r, tertial.Errorf(tertial.ECONFLICT, "Servern är inte inställd för att publicera."))
		return
	}
	// Publishing runs in the background; its page shows the steps (publishjob.go).
	s.startPublish(pc.ref, pc.user.Name)
	http.Redirect(w, r, pc.url+"/publicerat/publicering", http.StatusSeeOther)
}

// handlePublishedFile serves a published file exactly as stored, with its hash.
func (s *Server) handlePublishedFile(w http.ResponseWriter, r *http.Request) {
	pc := s.pagePeriod(w, r)
	if pc == nil {
		return
	}
	n, err := strconv.Atoi(r.PathValue("number"))
	if err != nil {
		s.error(w, r, tertial.Errorf(tertial.ENOTFOUND, "Det finns ingen sådan version."))
		return
	}
	f, err := s.db.PublishedFileContent(r.Context(), pc.ref, n, r.PathValue("format"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", f.MediaType)
	h.Set("X-Content-SHA256", f.SHA256)
	// A published file needs sign-in to fetch: no cache, shared or the browser's own,
	// may keep it and hand it to someone else.
	h.Set("Cache-Control", "private, no-store")
	if f.Format == "html" {
		h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'")
	} else {
		h.Set("Content-Disposition", `attachment; filename="`+f.Name+`"`)
	}
	w.Write(f.Content)
}
