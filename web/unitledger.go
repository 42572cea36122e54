package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/sv"
)

// The unit's own ledger page (/kommuner/{code}/enheter/{unit}/bokforing): the books of a
// unit without periods, a company (tertial.UnitCompany) whose SIE file the sammanställda
// räkenskaper need, or those of kf, the municipality's, apart from any period. The same
// upload form and import as a period's ledger page (ledger.go) and the API's PUT
// …/units/{unit}/ledger: anyone who reads the municipality sees the imported files, a
// controller uploads.

func (s *Server) unitLedgerRoutes() {
	base := "/kommuner/{code}/enheter/{unit}/bokforing"
	s.mux.HandleFunc("GET "+base, s.handleUnitLedger)
	s.mux.HandleFunc("POST "+base, s.handleUnitLedgerUpload)
}

// unitLedgerURL is the unit's own ledger page.
func unitLedgerURL(code, unit string) string {
	return "/kommuner/" + url.PathEscape(code) + "/enheter/" + url.PathEscape(unit) + "/bokforing"
}

// hasUnitLedgerLink reports whether the organisation's and the municipality's pages link
// the unit's own ledger page: a company's, which has no periods, and the council's, whose
// books are the municipality's (any unit's page exists).
func hasUnitLedgerLink(u *tertial.Unit, council string) bool {
	return u.Kind == tertial.UnitCompany || u.ID == council
}

// companyFacts is what the unit's ledger page says of a company.
type companyFacts struct {
	Share, OrgNumber string // "100 %", "556990-0017"; "" when not given
}

// unitLedgerCtx is the unit of a unit's ledger page, read by the signed-in user.
type unitLedgerCtx struct {
	ds   *tertial.Dataset
	unit *tertial.Unit
	user *tertial.User
}

// canImport: a controller imports a unit's books, as through the API (ledgerUnit).
func (uc *unitLedgerCtx) canImport() bool {
	return tertial.Can(uc.user, tertial.ActEditBudget, tertial.AccessTarget{Municipality: uc.ds.Municipality.Code})
}

// loadUnitLedger finds the path's unit; EFORBIDDEN for a user who may not read the
// municipality.
func (s *Server) loadUnitLedger(r *http.Request) (*unitLedgerCtx, error) {
	code := r.PathValue("code")
	if err := readable(r, code); err != nil {
		return nil, err
	}
	ds, err := s.db.SharedDataset(r.Context(), code)
	if err != nil {
		return nil, err
	}
	unit := ds.Unit(r.PathValue("unit"))
	if unit == nil {
		return nil, tertial.Errorf(tertial.ENOTFOUND, "Det finns ingen enhet %q.", r.PathValue("unit"))
	}
	return &unitLedgerCtx{ds: ds, unit: unit, user: userFrom(r.Context())}, nil
}

func (s *Server) unitLedgerPage(r *http.Request, uc *unitLedgerCtx) (*ledgerPage, error) {
	code := uc.ds.Municipality.Code
	page := &ledgerPage{Title: "Bokföring: " + uc.unit.Name, Unit: uc.unit.Name,
		Crumbs:     []crumbLink{{"/kommuner/" + url.PathEscape(code), uc.ds.Municipality.Name}},
		MappingURL: statementMappingURL(code) + "?enhet=" + url.QueryEscape(uc.unit.ID),
		Action:     unitLedgerURL(code, uc.unit.ID), CanImport: uc.canImport(),
		IsAdmin: uc.user != nil && uc.user.Role == tertial.RoleAdmin, Council: uc.unit.ID == councilUnit(uc.ds)}
	if tertial.Can(uc.user, tertial.ActEditStructure, tertial.AccessTarget{Municipality: code}) {
		page.Crumbs = append(page.Crumbs, crumbLink{unitsURL(code), "Organisation"})
	}
	if uc.unit.Kind == tertial.UnitCompany {
		page.Company = &companyFacts{OrgNumber: uc.unit.OrgNumber}
		if uc.unit.Share != nil {
			page.Company.Share = sv.Exact(*uc.unit.Share) + " %"
		}
	}
	if err := s.ledgerImportRows(r, page, code, uc.unit.ID); err != nil {
		return nil, err
	}
	var years []int
	for _, i := range page.Imports {
		if y, err := strconv.Atoi(i.Year); err == nil && !slices.Contains(years, y) {
			years = append(years, y)
		}
	}
	page.Years = yearsText(years)
	return page, nil
}

// yearsText writes years as a user reads them, runs joined: "2021–2023, 2025"; "" for none.
func yearsText(years []int) string {
	slices.Sort(years)
	var parts []string
	for i := 0; i < len(years); {
		j := i
		for j+1 < len(years) && years[j+1] == years[j]+1 {
			j++
		}
		part := strconv.Itoa(years[i])
		if j > i {
			part += "–" + strconv.Itoa(years[j])
		}
		parts = append(parts, part)
		i = j + 1
	}
	return strings.Join(parts, ", ")
}

func (s *Server) handleUnitLedger(w http.ResponseWriter, r *http.Request) {
	uc, err := s.loadUnitLedger(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	page, err := s.unitLedgerPage(r, uc)
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "ledger.html", page)
}

// handleUnitLedgerUpload imports the uploaded SIE file for the unit, as a period's ledger
// page does: all of it or nothing, the error with its file and line.
func (s *Server) handleUnitLedgerUpload(w http.ResponseWriter, r *http.Request) {
	uc, err := s.loadUnitLedger(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.ledgerUpload(w, r, uc.canImport(), uc.ds.Municipality.Code, uc.unit.ID, func() (*ledgerPage, error) {
		// After the import: the list as it is now.
		return s.unitLedgerPage(r, uc)
	})
}
