package web

import (
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/ledgerimport"
	"github.com/tertial/tertial/sv"
)

// DefaultMaxUpload is the largest SIE upload, the request's body, on the site and the API
// unless Options.MaxUpload says otherwise: a million transaction rows are about 47 MB of
// SIE, so a municipality's year fits several times over, while an upload cannot keep the
// server reading for long. A larger file goes in with a higher limit or through `tertial
// import sie`, which has none.
const DefaultMaxUpload = 200 << 20

// maxUpload is the largest SIE upload the server takes.
func (s *Server) maxUpload() int64 {
	if s.opts.MaxUpload > 0 {
		return s.opts.MaxUpload
	}
	return DefaultMaxUpload
}

// sizeText writes a number of bytes as a user reads it: "200 MB" (of 1 048 576 bytes, as
// the limit is given), "64 kB" or "1 000 byte".
func sizeText(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return count(int(n>>20)) + " MB"
	case n >= 1<<10 && n%(1<<10) == 0:
		return count(int(n>>10)) + " kB"
	}
	return count(int(n)) + " byte"
}

// ledgerRoutes serve a period's page of the unit's imported ledger (SIE files), where a
// controller uploads a new one: the same import as `tertial import sie`.
func (s *Server) ledgerRoutes() {
	base := "/kommuner/{code}/enheter/{unit}/perioder/{period}/bokforing"
	s.mux.HandleFunc("GET "+base, s.handleLedger)
	s.mux.HandleFunc("POST "+base, s.handleLedgerUpload)
}

type ledgerPage struct {
	base
	Title       string
	Unit        string
	Crumbs      []crumbLink // the breadcrumbs before the page's own
	PeriodTitle string
	PeriodURL   string // "" on the unit's own ledger page (unitledger.go)
	EditURL     string
	MappingURL  string // the statements' account mapping, on the unit's page
	Company     *companyFacts
	Council     bool   // the unit's books are the municipality's (councilUnit), on the unit's page
	Years       string // the years the unit has books for, on the unit's page: "2021–2025"
	Action      string
	CanImport   bool
	IsAdmin     bool // may not import, but may make an account that may
	Locked      bool
	Year        string
	Lenient     bool
	Error       string
	Done        string
	Warnings    []string
	Imports     []ledgerImportRow
}

// crumbLink is one breadcrumb of a page.
type crumbLink struct{ URL, Text string }

type ledgerImportRow struct {
	Year, Source, File, At, Actor, SHA256 string
}

// canImportLedger: the ledger is budget and outcome, a controller's; it is the unit's,
// not the period's, so a locked period does not stop it (a locked period keeps the ledger
// it was locked with).
func (pc *periodCtx) canImportLedger() bool {
	t := pc.target()
	t.Locked = false
	return tertial.Can(pc.user, tertial.ActEditBudget, t)
}

func (s *Server) ledgerPage(r *http.Request, pc *periodCtx) (*ledgerPage, error) {
	page := &ledgerPage{Title: "Bokföring: " + pc.unit.Name, Unit: pc.unit.Name, PeriodTitle: pc.per.Title, PeriodURL: pc.url,
		Crumbs:  []crumbLink{{pc.url, pc.unit.Name + ": " + pc.per.Title}},
		EditURL: pc.url + "/redigera", Action: pc.url + "/bokforing", CanImport: pc.canImportLedger(),
		IsAdmin: pc.user != nil && pc.user.Role == tertial.RoleAdmin,
		Locked:  pc.per.State == tertial.PeriodLocked}
	return page, s.ledgerImportRows(r, page, pc.ref.Municipality, pc.unit.ID)
}

// ledgerImportRows fills the page's list of the unit's imported files.
func (s *Server) ledgerImportRows(r *http.Request, page *ledgerPage, muni, unit string) error {
	imports, err := s.db.LedgerImports(r.Context(), muni, unit)
	if err != nil {
		return err
	}
	for _, i := range imports {
		page.Imports = append(page.Imports, ledgerImportRow{Year: strconv.Itoa(i.Year), Source: i.Source, File: i.FileName,
			At: i.ImportedAt.In(time.Local).Format("2006-01-02 15:04"), Actor: i.Actor, SHA256: i.SHA256})
	}
	return nil
}

func (s *Server) handleLedger(w http.ResponseWriter, r *http.Request) {
	pc := s.pagePeriod(w, r)
	if pc == nil {
		return
	}
	page, err := s.ledgerPage(r, pc)
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "ledger.html", page)
}

// handleLedgerUpload reads the uploaded file as it arrives (the form's fields before the
// file), checks all of it and then stores it in one transaction, and shows the result or
// the error with its line.
func (s *Server) handleLedgerUpload(w http.ResponseWriter, r *http.Request) {
	pc := s.pagePeriod(w, r)
	if pc == nil {
		return
	}
	s.ledgerUpload(w, r, pc.canImportLedger(), pc.ref.Municipality, pc.unit.ID, func() (*ledgerPage, error) { return s.ledgerPage(r, pc) })
}

// ledgerUpload imports the posted form's SIE file for the unit, when the user may
// (canImport), and answers with the page that page builds, showing the result or the
// error: the period's ledger page and the unit's (unitledger.go) alike.
func (s *Server) ledgerUpload(w http.ResponseWriter, r *http.Request, canImport bool, muni, unit string, build func() (*ledgerPage, error)) {
	if !canImport {
		s.error(w, r, tertial.Errorf(tertial.EFORBIDDEN, "Bara en controller kan läsa in bokföring."))
		return
	}
	// A large file takes longer to send than the server's usual deadlines allow, and the
	// request may wait for another import first.
	uploadDeadlines(w)
	r.Body = http.MaxBytesReader(w, r.Body, s.maxUpload())
	opts := ledgerimport.Options{Municipality: muni, Unit: unit, Actor: userFrom(r.Context()).Name}
	var yearText string
	var lenient bool
	var res *ledgerimport.Result
	err := func() error {
		mr, err := r.MultipartReader()
		if err != nil {
			return tertial.Errorf(tertial.EINVALID, "Formuläret kunde inte läsas: välj en fil och skicka igen.")
		}
		for {
			part, err := mr.NextPart()
			if err == io.EOF {
				return tertial.Errorf(tertial.EINVALID, "Välj en SIE-fil att läsa in.")
			}
			if err != nil {
				return s.uploadError(r, err)
			}
			switch part.FormName() {
			case "ar":
				yearText, err = formValue(part)
			case "avvikelser":
				var v string
				v, err = formValue(part)
				lenient = v == "1"
			case "fil":
				if part.FileName() == "" {
					return tertial.Errorf(tertial.EINVALID, "Välj en SIE-fil att läsa in.")
				}
				if yearText = strings.TrimSpace(yearText); yearText != "" {
					if opts.Year, err = strconv.Atoi(yearText); err != nil || opts.Year < 1900 || opts.Year > 2200 {
						return tertial.Errorf(tertial.EINVALID, "Räkenskapsåret ska vara ett årtal, till exempel 2021, eller tomt.")
					}
				}
				opts.Lenient, opts.FileName = lenient, baseName(part.FileName())
				res, err = s.importSIE(w, r, part, opts)
				return err
			}
			if err != nil {
				return s.uploadError(r, err)
			}
		}
	}()
	if r.Context().Err() != nil {
		return // the browser has gone
	}
	page, perr := build()
	if perr != nil {
		s.error(w, r, perr)
		return
	}
	page.Year, page.Lenient = yearText, lenient
	var failed *uploadFailed
	switch {
	case err == nil:
		verb := "Filen är inläst"
		if res.Replaced {
			verb = "Filen är inläst och ersätter den förra importen från samma källa och år"
		}
		f := res.File
		page.Done = verb + ": " + opts.FileName + " för " + strconv.Itoa(res.Year) + " (" + f.Company + "), " +
			count(f.Vouchers) + " verifikationer, " + count(f.Transactions) + " transaktioner, " +
			count(res.Outcome) + " utfallsrader och " + count(res.Budget) + " budgetrader."
		for _, warn := range f.Warnings {
			page.Warnings = append(page.Warnings, warn.String())
		}
		s.render(w, r, http.StatusOK, "ledger.html", page)
	case errors.Is(err, errImportBusy):
		page.Error = busyMessage
		s.render(w, r, http.StatusServiceUnavailable, "ledger.html", page)
	case errors.As(err, &failed) && failed.tooLarge:
		page.Error = tertial.ErrorMessage(err)
		s.render(w, r, http.StatusRequestEntityTooLarge, "ledger.html", page)
	case tertial.ErrorCode(err) == tertial.EINTERNAL:
		s.error(w, r, err)
	default:
		page.Error = tertial.ErrorMessage(err)
		s.render(w, r, http.StatusUnprocessableEntity, "ledger.html", page)
	}
}

// importSIE imports an uploaded SIE file as `tertial import sie` does, the site's and the
// API's alike: one import at a time (errImportBusy after importWait), and a file that did
// not arrive whole is an *uploadFailed.
func (s *Server) importSIE(w http.ResponseWriter, r *http.Request, body io.Reader, opts ledgerimport.Options) (*ledgerimport.Result, error) {
	release, err := s.oneImport(w, r)
	if err != nil {
		return nil, err
	}
	defer release()
	res, err := ledgerimport.Import(r.Context(), s.db, body, opts)
	var broken *ledgerimport.ReadError
	if errors.As(err, &broken) {
		return nil, s.uploadError(r, broken.Err)
	}
	return res, err
}

// uploadFailed is an upload that did not arrive whole; it wraps the message for the user
// (an EINVALID error).
type uploadFailed struct {
	tooLarge bool // beyond the server's maxUpload
	msg      error
}

func (e *uploadFailed) Error() string { return e.msg.Error() }
func (e *uploadFailed) Unwrap() error { return e.msg }

// uploadError explains a failed upload, too large or broken off, without the details of
// the connection (which go to the log).
func (s *Server) uploadError(r *http.Request, err error) error {
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return &uploadFailed{tooLarge: true, msg: tertial.Errorf(tertial.EINVALID, "Filen är större än %s, den största fil som kan läsas in här. Be den som driver Tertial höja gränsen om filen behöver vara så stor.", sizeText(tooLarge.Limit))}
	}
	s.log.Warn("sie upload broken off", "path", r.URL.Path, "err", err)
	return &uploadFailed{msg: tertial.Errorf(tertial.EINVALID, "Filen kom inte fram hel: skicka den igen.")}
}

// errImportBusy: another SIE import kept this process busy for longer than importWait.
var errImportBusy = errors.New("another SIE import is running")

// importWait is how long a request waits for another SIE import to finish.
var importWait = time.Minute

// oneImport waits, at most importWait, for this process's other SIE import, if any, to
// finish, and then gives the request the time a large file needs. It returns a function
// that lets the next one in; errImportBusy when the wait was too long; or the request's
// error when it ended first.
func (s *Server) oneImport(w http.ResponseWriter, r *http.Request) (release func(), err error) {
	wait := time.NewTimer(importWait)
	defer wait.Stop()
	select {
	case s.imports <- struct{}{}:
	case <-wait.C:
		w.Header().Set("Retry-After", "60")
		return nil, errImportBusy
	case <-r.Context().Done():
		return nil, r.Context().Err()
	}
	uploadDeadlines(w)
	return func() { <-s.imports }, nil
}

// uploadDeadlines gives a request the time a large file takes to arrive and be stored,
// beyond the server's usual deadlines.
func uploadDeadlines(w http.ResponseWriter) {
	rc := http.NewResponseController(w)
	rc.SetReadDeadline(time.Now().Add(30 * time.Minute))
	rc.SetWriteDeadline(time.Now().Add(35 * time.Minute))
}

// busyMessage is what a user is told when another import is running.
const busyMessage = "En annan fil läses in just nu. Försök igen om en stund."

func formValue(p *multipart.Part) (string, error) {
	b, err := io.ReadAll(io.LimitReader(p, 100))
	return string(b), err
}

// count writes a number with Swedish digit grouping: "1 000 372".
func count(n int) string { return sv.Decimal(tertial.DecimalFromInt(int64(n)), 0) }

// baseName keeps the file's name without the folders some browsers send.
func baseName(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	return name
}
