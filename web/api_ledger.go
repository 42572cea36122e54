package web

import (
	"errors"
	"mime"
	"net/http"
	"strconv"
	"time"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/ledgerimport"
)

// GET and PUT /api/v1/municipalities/{code}/units/{unit}/ledger: the unit's imported SIE
// files, and a new one, for the accounting system's monthly export to be sent by a script.

type apiLedgerImport struct {
	Year       int    `json:"year"`
	Source     string `json:"source"`
	FileName   string `json:"file_name"`
	SHA256     string `json:"sha256"`
	ImportedAt string `json:"imported_at"`
	Actor      string `json:"actor"`
	OrgNr      string `json:"org_nr"`
}

type apiLedgerResult struct {
	Municipality string   `json:"municipality"`
	Unit         string   `json:"unit"`
	Year         int      `json:"year"`
	Source       string   `json:"source"`
	FileName     string   `json:"file_name"`
	SHA256       string   `json:"sha256"`
	Replaced     bool     `json:"replaced"`
	Company      string   `json:"company"`
	Vouchers     int      `json:"vouchers"`
	Transactions int      `json:"transactions"`
	OutcomeRows  int      `json:"outcome_rows"`
	BudgetRows   int      `json:"budget_rows"`
	Warnings     []string `json:"warnings"`
}

// ledgerUnit finds the unit of the request and checks that the user may do a with it.
func (s *Server) ledgerUnit(r *http.Request, a tertial.Action) (muni string, unit *tertial.Unit, err error) {
	ds, err := s.db.SharedDataset(r.Context(), r.PathValue("code"))
	if err != nil {
		return "", nil, err
	}
	unit = ds.Unit(r.PathValue("unit"))
	if unit == nil {
		return "", nil, tertial.Errorf(tertial.ENOTFOUND, "det finns ingen enhet %q", r.PathValue("unit"))
	}
	if !tertial.Can(userFrom(r.Context()), a, tertial.AccessTarget{Municipality: ds.Municipality.Code}) {
		if a == tertial.ActRead {
			return "", nil, tertial.Errorf(tertial.EFORBIDDEN, "Du har inte behörighet att läsa den här kommunen.")
		}
		return "", nil, tertial.Errorf(tertial.EFORBIDDEN, "bara en controller kan läsa in bokföring")
	}
	return ds.Municipality.Code, unit, nil
}

func (s *Server) apiLedger(w http.ResponseWriter, r *http.Request) {
	muni, unit, err := s.ledgerUnit(r, tertial.ActRead)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	list, err := s.db.LedgerImports(r.Context(), muni, unit.ID)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	out := []apiLedgerImport{}
	for _, i := range list {
		out = append(out, apiLedgerImport{Year: i.Year, Source: i.Source, FileName: i.FileName, SHA256: i.SHA256,
			ImportedAt: i.ImportedAt.UTC().Format(time.RFC3339), Actor: i.Actor, OrgNr: i.OrgNr})
	}
	s.writeAPI(w, r, http.StatusOK, struct {
		Municipality string            `json:"municipality"`
		Unit         string            `json:"unit"`
		Imports      []apiLedgerImport `json:"imports"`
	}{muni, unit.ID, out})
}

// apiPutLedger imports the body, an SIE file, as `tertial import sie` does. Query: year
// (checked against #RAR 0), source, lenient=true, name (the file's name for messages).
func (s *Server) apiPutLedger(w http.ResponseWriter, r *http.Request) {
	muni, unit, err := s.ledgerUnit(r, tertial.ActEditBudget)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || (mt != "application/octet-stream" && mt != "text/plain") {
		s.apiError(w, r, &apiErr{status: http.StatusUnsupportedMediaType, code: tertial.EINVALID,
			msg: "skicka SIE-filen som den är, med Content-Type: application/octet-stream eller text/plain"})
		return
	}
	q := r.URL.Query()
	opts := ledgerimport.Options{Municipality: muni, Unit: unit.ID, Source: q.Get("source"), Lenient: q.Get("lenient") == "true",
		Actor: userFrom(r.Context()).Name, FileName: q.Get("name")}
	if opts.FileName == "" {
		opts.FileName = "SIE-fil"
	}
	if y := q.Get("year"); y != "" {
		if opts.Year, err = strconv.Atoi(y); err != nil || opts.Year < 1900 || opts.Year > 2200 {
			s.apiError(w, r, invalidFields(apiFieldError{"year", "ska vara ett årtal, till exempel 2021"}))
			return
		}
	}
	uploadDeadlines(w)
	res, err := s.importSIE(w, r, http.MaxBytesReader(w, r.Body, s.maxUpload()), opts)
	var failed *uploadFailed
	switch {
	case errors.Is(err, errImportBusy):
		s.apiError(w, r, &apiErr{status: http.StatusServiceUnavailable, code: tertial.ECONFLICT, msg: busyMessage})
		return
	case r.Context().Err() != nil:
		return // the client has gone
	case errors.As(err, &failed) && failed.tooLarge:
		s.apiError(w, r, &apiErr{status: http.StatusRequestEntityTooLarge, code: tertial.EINVALID, msg: tertial.ErrorMessage(err)})
		return
	case errors.As(err, &failed):
		s.apiError(w, r, badRequest("%s", tertial.ErrorMessage(err)))
		return
	case err != nil:
		s.apiError(w, r, err)
		return
	}
	out := apiLedgerResult{Municipality: muni, Unit: unit.ID, Year: res.Year, Source: res.Source, FileName: opts.FileName, SHA256: res.SHA256,
		Replaced: res.Replaced, Company: res.File.Company, Vouchers: res.File.Vouchers, Transactions: res.File.Transactions,
		OutcomeRows: res.Outcome, BudgetRows: res.Budget, Warnings: []string{}}
	for _, warn := range res.File.Warnings {
		out.Warnings = append(out.Warnings, warn.String())
	}
	s.writeAPI(w, r, http.StatusOK, out)
}
