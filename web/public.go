package web

import (
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/store"
)

// The public pages (docs/publishing.md): a municipality's published reports, each
// published file and the reports' open data, for everyone without signing in. A published
// report is a public document (offentlighetsprincipen); only what was published is shown,
// never the live data of a period. A municipality can turn its public pages off
// (tertial.PublicSettings); they then answer 404, as does everything that was never
// published, so that nothing tells an unpublished period from one that does not exist.
//
//	/publicerat                                      every municipality's published reports
//	/publicerat/{code}                               one municipality's
//	/publicerat/{code}/{unit}/{period}               a report's versions, files, hashes, open data, licence
//	/publicerat/{code}/{unit}/{period}/{n}/{format}  a file: html, pdf, docx, xlsx, csv, json
//
// The start page (/) lists them too to someone not signed in, when there is anything to
// list; otherwise it sends them to sign in, as it always has. Signed in, / is the user's
// own start page, and /publicerat is one link away in every page's footer.

func (s *Server) publicRoutes() {
	s.mux.HandleFunc("GET /publicerat", s.handlePublicList)
	s.mux.HandleFunc("GET /publicerat/{code}", s.handlePublicList)
	s.mux.HandleFunc("GET /publicerat/{code}/{unit}/{period}", s.handlePublicReport)
	s.mux.HandleFunc("GET /publicerat/{code}/{unit}/{period}/{number}/{format}", s.handlePublicFile)
	s.mux.HandleFunc("POST /kommuner/{code}/installningar/publicering", s.handlePublicSettings)
	s.publishJobRoutes()
}

// publicPath reports whether a path is one of the public pages.
func publicPath(path string) bool {
	return path == "/publicerat" || strings.HasPrefix(path, "/publicerat/")
}

// publicHome reports whether / shows the public list to someone not signed in: when a
// municipality with public pages has published something.
func (s *Server) publicHome(r *http.Request) bool {
	ok, err := s.db.HasPublicReports(r.Context())
	if err != nil {
		s.log.Error("public reports", "err", err)
	}
	return ok
}

// formatOrder and formatLabels order and name a publication's formats.
var formatOrder = map[string]int{"html": 0, "pdf": 1, "docx": 2, "xlsx": 3, "csv": 4, "json": 5}

var formatLabels = map[string]string{"html": "HTML", "pdf": "PDF", "docx": "Word", "xlsx": "Excel",
	"csv": "CSV (öppna data)", "json": "JSON (öppna data)"}

func formatLabel(f string) string {
	if l, ok := formatLabels[f]; ok {
		return l
	}
	return strings.ToUpper(f)
}

func sortFiles(fs []store.PublishedFile) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, ok := formatOrder[fs[i].Format]
		if !ok {
			a = 99
		}
		b, ok := formatOrder[fs[j].Format]
		if !ok {
			b = 99
		}
		return a < b
	})
}

func publicReportURL(code, unit, period string) string {
	return "/publicerat/" + url.PathEscape(code) + "/" + url.PathEscape(unit) + "/" + url.PathEscape(period)
}

func publicFileURL(code, unit, period string, n int, format string) string {
	return publicReportURL(code, unit, period) + "/" + strconv.Itoa(n) + "/" + url.PathEscape(format)
}

type publicFileView struct {
	store.PublishedFile
	Label, URL, Size string
}

func publicFiles(code, unit, period string, p store.Publication) []publicFileView {
	files := append([]store.PublishedFile(nil), p.Files...)
	sortFiles(files)
	var out []publicFileView
	for _, f := range files {
		out = append(out, publicFileView{PublishedFile: f, Label: formatLabel(f.Format), URL: publicFileURL(code, unit, period, p.Number, f.Format),
			Size: strconv.FormatInt((f.Size+1023)/1024, 10) + " kB"})
	}
	return out
}

type publicListPage struct {
	base
	Title          string
	One            bool // one municipality's list
	Municipalities []publicMunicipality
}

type publicMunicipality struct {
	Code, Name string
	URL        string
	Licence    tertial.PublicSettings
	Reports    []publicReportRow
}

type publicReportRow struct {
	Unit, Period, URL string
	Version           int
	Versions          int
	At                string
	Files             []publicFileView
}

// notPublished is the one answer for whatever is not public: unknown, unpublished, or
// behind a switched-off municipality.
func notPublished() error {
	return tertial.Errorf(tertial.ENOTFOUND, "Det finns ingen publicerad rapport här.")
}

// publicMunicipalityOf returns the municipality's public settings and dataset, or the
// not-published error when it has no public pages.
func (s *Server) publicMunicipalityOf(r *http.Request, code string) (tertial.PublicSettings, *tertial.Dataset, error) {
	ps, err := s.db.PublicSettings(r.Context(), code)
	if tertial.ErrorCode(err) == tertial.ENOTFOUND || (err == nil && !ps.Public) {
		return ps, nil, notPublished()
	}
	if err != nil {
		return ps, nil, err
	}
	ds, err := s.db.SharedDataset(r.Context(), code)
	if tertial.ErrorCode(err) == tertial.ENOTFOUND {
		return ps, nil, notPublished()
	}
	return ps, ds, err
}

func (s *Server) publicMunicipality(r *http.Request, code string) (*publicMunicipality, error) {
	ps, ds, err := s.publicMunicipalityOf(r, code)
	if err != nil {
		return nil, err
	}
	reports, err := s.db.PublishedReports(r.Context(), code)
	if err != nil {
		return nil, err
	}
	pm := &publicMunicipality{Code: code, Name: ds.Municipality.Name, URL: "/publicerat/" + url.PathEscape(code), Licence: ps}
	for _, rep := range reports {
		row := publicReportRow{Unit: rep.Unit, Period: rep.Period, URL: publicReportURL(code, rep.Unit, rep.Period), Version: rep.Latest.Number,
			Versions: rep.Versions, At: rep.Latest.PublishedAt.Local().Format("2006-01-02"), Files: publicFiles(code, rep.Unit, rep.Period, rep.Latest)}
		if u := ds.Unit(rep.Unit); u != nil {
			row.Unit = u.Name
		}
		if p := ds.Period(rep.Unit, rep.Period); p != nil {
			row.Period = p.Title
		}
		pm.Reports = append(pm.Reports, row)
	}
	return pm, nil
}

// handlePublicList lists the published reports of every municipality with public pages
// (/publicerat, and / for someone not signed in), or of one (/publicerat/{code}).
func (s *Server) handlePublicList(w http.ResponseWriter, r *http.Request) {
	page := &publicListPage{Title: "Publicerade rapporter"}
	if code := r.PathValue("code"); code != "" {
		pm, err := s.publicMunicipality(r, code)
		if err != nil {
			s.error(w, r, err)
			return
		}
		page.One, page.Title = true, "Publicerade rapporter – "+pm.Name
		page.Municipalities = append(page.Municipalities, *pm)
		s.render(w, r, http.StatusOK, "public.html", page)
		return
	}
	all, err := s.db.Municipalities(r.Context())
	if err != nil {
		s.error(w, r, err)
		return
	}
	for _, m := range all {
		pm, err := s.publicMunicipality(r, m.Code)
		if tertial.ErrorCode(err) == tertial.ENOTFOUND {
			continue
		}
		if err != nil {
			s.error(w, r, err)
			return
		}
		if len(pm.Reports) > 0 {
			page.Municipalities = append(page.Municipalities, *pm)
		}
	}
	s.render(w, r, http.StatusOK, "public.html", page)
}

type publicReportPage struct {
	base
	Title, Municipality, MuniURL string
	Unit, Period                 string
	Licence                      tertial.PublicSettings
	Latest                       publicVersion
	Older                        []publicVersion
}

type publicVersion struct {
	Number int
	At     string
	Files  []publicFileView
	CSV    string // the open data's addresses; "" when the version has none
	JSON   string
}

// handlePublicReport shows a published report: its latest version's files with their
// hashes, its open data and licence, and the earlier versions.
func (s *Server) handlePublicReport(w http.ResponseWriter, r *http.Request) {
	code, unit, period := r.PathValue("code"), r.PathValue("unit"), r.PathValue("period")
	ps, ds, err := s.publicMunicipalityOf(r, code)
	if err != nil {
		s.error(w, r, err)
		return
	}
	pubs, err := s.db.Publications(r.Context(), store.PeriodRef{Municipality: code, Unit: unit, Period: period})
	if err != nil {
		s.error(w, r, err)
		return
	}
	if len(pubs) == 0 {
		s.error(w, r, notPublished())
		return
	}
	page := &publicReportPage{Municipality: ds.Municipality.Name, MuniURL: "/publicerat/" + url.PathEscape(code), Unit: unit, Period: period, Licence: ps}
	if u := ds.Unit(unit); u != nil {
		page.Unit = u.Name
	}
	if p := ds.Period(unit, period); p != nil {
		page.Period = p.Title
	}
	page.Title = page.Unit + ": " + page.Period
	for i, p := range pubs {
		v := publicVersion{Number: p.Number, At: p.PublishedAt.Local().Format("2006-01-02 15:04"), Files: publicFiles(code, unit, period, p)}
		for _, f := range v.Files {
			switch f.Format {
			case "csv":
				v.CSV = f.URL
			case "json":
				v.JSON = f.URL
			}
		}
		if i == 0 {
			page.Latest = v
		} else {
			page.Older = append(page.Older, v)
		}
	}
	s.render(w, r, http.StatusOK, "publicreport.html", page)
}

// handlePublicFile serves a published file exactly as stored, with its SHA-256 as the
// representation's digest (Repr-Digest, RFC 9530), as the ETag and in X-Content-SHA256,
// and its licence as a Link. A cache may keep it but must ask each time (no-cache), so
// that switching the public pages off takes effect at once.
func (s *Server) handlePublicFile(w http.ResponseWriter, r *http.Request) {
	code, unit, period := r.PathValue("code"), r.PathValue("unit"), r.PathValue("period")
	ps, _, err := s.publicMunicipalityOf(r, code)
	if err != nil {
		s.error(w, r, err)
		return
	}
	n, err := strconv.Atoi(r.PathValue("number"))
	if err != nil || n < 1 {
		s.error(w, r, notPublished())
		return
	}
	f, err := s.db.PublishedFileContent(r.Context(), store.PeriodRef{Municipality: code, Unit: unit, Period: period}, n, r.PathValue("format"))
	if tertial.ErrorCode(err) == tertial.ENOTFOUND {
		err = notPublished()
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	servePublishedFile(w, r, f, ps, publicReportURL(code, unit, period)+"#licens")
}

// servePublishedFile writes a published file with its hash headers.
func servePublishedFile(w http.ResponseWriter, r *http.Request, f *store.PublishedFile, ps tertial.PublicSettings, licencePage string) {
	sum, err := hex.DecodeString(f.SHA256)
	h := w.Header()
	etag := `"sha256-` + f.SHA256 + `"`
	h.Set("ETag", etag)
	h.Set("X-Content-SHA256", f.SHA256)
	if err == nil {
		h.Set("Repr-Digest", "sha-256=:"+base64.StdEncoding.EncodeToString(sum)+":")
	}
	lic := ps.LicenceURL
	if lic == "" {
		lic = licencePage
	}
	h.Set("Link", "<"+lic+`>; rel="license"`)
	h.Set("Cache-Control", "public, no-cache")
	h.Set("Content-Type", f.MediaType)
	if f.Format == "html" {
		h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'")
		h.Set("Content-Disposition", `inline; filename="`+f.Name+`"`)
	} else {
		h.Set("Content-Disposition", `attachment; filename="`+f.Name+`"`)
	}
	if match := r.Header.Get("If-None-Match"); match != "" && (match == etag || match == "*" || strings.Contains(match, etag)) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Length", strconv.FormatInt(int64(len(f.Content)), 10))
	if r.Method == http.MethodHead {
		return
	}
	w.Write(f.Content)
}

// handlePublicSettings saves the municipality's public settings from the settings page:
// its administrators only.
func (s *Server) handlePublicSettings(w http.ResponseWriter, r *http.Request) {
	code := r.PathValue("code")
	if err := readable(r, code); err != nil {
		s.error(w, r, err)
		return
	}
	ds, err := s.db.SharedDataset(r.Context(), code)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if !maySettings(userFrom(r.Context()), code) {
		s.error(w, r, tertial.Errorf(tertial.EFORBIDDEN, "Bara kommunens administratörer kan ändra dess inställningar."))
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		s.error(w, r, tertial.Errorf(tertial.EINVALID, "Formuläret kunde inte läsas."))
		return
	}
	ps := tertial.PublicSettings{Public: r.PostForm.Get("offentlig") == "1", Licence: r.PostForm.Get("licens"), LicenceURL: r.PostForm.Get("licensadress")}
	err = s.db.SetPublicSettings(r.Context(), userFrom(r.Context()).Name, code, ps)
	if err == nil {
		http.Redirect(w, r, settingsURL(code)+"?publicering=1", http.StatusSeeOther)
		return
	}
	problems := tertial.ProblemsOf(err)
	if len(problems) == 0 {
		s.error(w, r, err)
		return
	}
	page := s.newSettingsPage(ds, code)
	page.Public = publicForm(code, ps)
	for _, p := range problems {
		switch p.Path {
		case "licence":
			page.Public.LicenceError = tertial.Capitalize(p.Message) + "."
		case "licence_url":
			page.Public.URLError = tertial.Capitalize(p.Message) + "."
		}
	}
	page.Title = "Fel – " + page.Title
	s.render(w, r, http.StatusUnprocessableEntity, "settings.html", page)
}

// publicSettingsForm is the settings page's form of the public pages.
type publicSettingsForm struct {
	Action            string
	PublicURL         string
	Settings          tertial.PublicSettings
	LicenceError      string
	URLError          string
	DefaultLicence    string
	DefaultLicenceURL string
}

func publicForm(code string, ps tertial.PublicSettings) *publicSettingsForm {
	return &publicSettingsForm{Action: settingsURL(code) + "/publicering", PublicURL: "/publicerat/" + url.PathEscape(code), Settings: ps,
		DefaultLicence: tertial.DefaultPublicSettings.Licence, DefaultLicenceURL: tertial.DefaultPublicSettings.LicenceURL}
}

// publicFormFor is the public pages' form with the municipality's settings; nil when they
// cannot be read (the page then goes without it, and the error is logged).
func (s *Server) publicFormFor(r *http.Request, code string) *publicSettingsForm {
	ps, err := s.db.PublicSettings(r.Context(), code)
	if err != nil {
		s.log.Error("public settings", "municipality", code, "err", err)
		return nil
	}
	return publicForm(code, ps)
}
