package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/report"
	"github.com/tertial/tertial/sv"
)

// The organisation in the browser (/kommuner/{code}/struktur/enheter): controllers and
// admins of the municipality add units, change their names and kinds, move them in the
// tree, retire them and delete those nothing refers to. Each change is a structural edit
// in the store (store.CreateUnit, UpdateUnit, DeleteUnit), checked by the dataset's rules
// there; their problems come back beside the fields. Everyone else gets 403.

func (s *Server) unitRoutes() {
	s.mux.HandleFunc("GET /kommuner/{code}/struktur/enheter", s.handleUnits)
	s.mux.HandleFunc("POST /kommuner/{code}/struktur/enheter", s.handleUnits)
	s.mux.HandleFunc("GET /kommuner/{code}/struktur/enheter/{id}", s.handleUnit)
	s.mux.HandleFunc("POST /kommuner/{code}/struktur/enheter/{id}", s.handleUnit)
	s.mux.HandleFunc("POST /kommuner/{code}/struktur/enheter/{id}/ta-bort", s.handleDeleteUnit)
}

// unitFields maps the rule set's names of a unit's fields to the forms'.
var unitFields = map[string]string{"id": "id", "name": "namn", "short_name": "kortnamn", "kind": "typ", "parent": "overordnad", "retired": "avslutad",
	"share": "andel", "org_number": "orgnr"}

// unitsURL is the organisation page of the municipality.
func unitsURL(code string) string { return "/kommuner/" + url.PathEscape(code) + "/struktur/enheter" }

// structureData returns the municipality's dataset for a structure page, or EFORBIDDEN
// for a user who may not edit its structure (ENOTFOUND for no such municipality).
func (s *Server) structureData(r *http.Request) (*tertial.Dataset, error) {
	code := r.PathValue("code")
	if err := readable(r, code); err != nil {
		return nil, err
	}
	ds, err := s.db.SharedDataset(r.Context(), code)
	if err != nil {
		return nil, err
	}
	if !tertial.Can(userFrom(r.Context()), tertial.ActEditStructure, tertial.AccessTarget{Municipality: code}) {
		return nil, tertial.Errorf(tertial.EFORBIDDEN, "Du har inte behörighet att ändra organisationen i den här kommunen.")
	}
	return ds, nil
}

// unitRow is a unit in the organisation page's table.
type unitRow struct {
	ID, Name, ShortName, Kind, Parent, URL string
	Share, OrgNumber                       string // a company's: "60,5 %", "556123-4567"
	LedgerURL                              string // the unit's own ledger page: a company's and the council's
	Indent                                 string // a dash per level above it
	Depth                                  int
	Retired                                int
}

type unitsPage struct {
	base
	Title, MuniURL, MuniName string
	Units                    []unitRow
	Form                     adminForm
	Errors                   []fieldError
	Notice                   string
}

type unitPage struct {
	base
	Title, MuniURL, MuniName, UnitsURL string
	Unit                               tertial.Unit
	Form                               adminForm
	DeleteAction                       string
	Errors                             []fieldError
	Notice                             string
	History                            string // the unit's history (history.go)
}

// unitTree returns the units in tree order, each with its depth, a company's share and
// organisationsnummer, and the address of the unit's own ledger page for the companies and
// the council (whose books are the municipality's).
func unitTree(ds *tertial.Dataset) []unitRow {
	var out []unitRow
	seen := map[string]bool{}
	council := councilUnit(ds)
	var walk func(parent string, depth int)
	walk = func(parent string, depth int) {
		for _, u := range ds.Units {
			if u.Parent != parent || seen[u.ID] {
				continue
			}
			seen[u.ID] = true
			row := unitRow{ID: u.ID, Name: u.Name, ShortName: u.ShortName, Kind: report.UnitKindLabels[u.Kind],
				URL: unitsURL(ds.Municipality.Code) + "/" + url.PathEscape(u.ID), Depth: depth, Indent: strings.Repeat("– ", depth), Retired: u.Retired}
			if p := ds.Unit(u.Parent); p != nil {
				row.Parent = p.Name
			}
			if u.Share != nil {
				row.Share = sv.Exact(*u.Share) + " %"
			}
			row.OrgNumber = u.OrgNumber
			if hasUnitLedgerLink(&u, council) {
				row.LedgerURL = unitLedgerURL(ds.Municipality.Code, u.ID)
			}
			out = append(out, row)
			walk(u.ID, depth+1)
		}
	}
	walk("", 0)
	return out
}

// unitFormFields are the fields of a unit's form; the ID only when it is new.
func unitFormFields(ds *tertial.Dataset, u tertial.Unit, isNew bool) []adminField {
	parents := []option{{"", "Ingen: högst upp"}}
	for _, row := range unitTree(ds) {
		if row.ID != u.ID {
			parents = append(parents, option{row.ID, row.Indent + row.Name})
		}
	}
	retired := ""
	if u.Retired != 0 {
		retired = strconv.Itoa(u.Retired)
	}
	share := ""
	if u.Share != nil {
		share = sv.Exact(*u.Share)
	}
	var fs []adminField
	if isNew {
		fs = append(fs, adminField{Name: "id", Label: "Id", Type: "text", Value: u.ID,
			Hint: "Unikt i kommunen och kan inte ändras: små bokstäver a–z, siffror, - och _, till exempel bun."})
	}
	return append(fs,
		adminField{Name: "namn", Label: "Namn", Type: "text", Value: u.Name, Hint: "Som i rapporterna, till exempel Barn- och utbildningsnämnden."},
		adminField{Name: "kortnamn", Label: "Kort namn (valfritt)", Type: "text", Value: u.ShortName, Hint: "Till exempel BUN."},
		adminField{Name: "typ", Label: "Typ", Type: "select", Value: string(u.Kind), Options: unitKindOptions},
		adminField{Name: "overordnad", Label: "Ligger under", Type: "select", Value: u.Parent, Options: parents,
			Hint: "Enheten närmast ovanför i organisationen. En enhet kan inte ligga under sig själv."},
		adminField{Name: "avslutad", Label: "Avslutad år (valfritt)", Type: "text", Value: retired,
			Hint: "Sista året enheten fanns, fyra siffror. Dess rapporter finns kvar."},
		adminField{Name: "andel", Label: "Ägarandel (%)", Type: "text", Value: share,
			Hint: "Endast för bolag: kommunens ägarandel i procent, större än 0 och högst 100, till exempel 100 eller 60,5. Tom för andra enheter."},
		adminField{Name: "orgnr", Label: "Organisationsnummer (valfritt)", Type: "text", Value: u.OrgNumber, Autocomplete: "off",
			Hint: "Endast för bolag: sex siffror, bindestreck och fyra siffror, till exempel 556123-4567."},
	)
}

// unitFromForm reads a unit from the posted form; the ID is id unless the form has one.
func unitFromForm(form url.Values, id string) (tertial.Unit, []fieldError) {
	v := func(name string) string { return strings.TrimSpace(form.Get(name)) }
	if id == "" {
		id = v("id")
	}
	u := tertial.Unit{ID: id, Name: v("namn"), ShortName: v("kortnamn"), Kind: tertial.UnitKind(v("typ")), Parent: v("overordnad"),
		OrgNumber: v("orgnr")}
	var errs []fieldError
	if d, ok := parseDecimalField(form.Get("andel")); ok {
		u.Share = d
	} else {
		errs = append(errs, fieldError{"andel", fmt.Sprintf("%q är inget tal: skriv ägarandelen i procent, till exempel 100 eller 60,5.", v("andel"))})
	}
	if y := v("avslutad"); y != "" {
		n, err := strconv.Atoi(y)
		if err != nil {
			errs = append(errs, fieldError{"avslutad", "Skriv året med fyra siffror, till exempel 2022."})
		}
		u.Retired = n
	}
	return u, errs
}

// handleUnits is the organisation page: the units as a tree and the form for a new one.
func (s *Server) handleUnits(w http.ResponseWriter, r *http.Request) {
	ds, err := s.structureData(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	code := ds.Municipality.Code
	page := &unitsPage{Title: "Organisation – " + ds.Municipality.Name, MuniURL: "/kommuner/" + url.PathEscape(code),
		MuniName: ds.Municipality.Name, Units: unitTree(ds),
		Form: adminForm{Action: unitsURL(code), Fields: unitFormFields(ds, tertial.Unit{Kind: tertial.UnitSection}, true)}}
	if name := r.URL.Query().Get("borttagen"); name != "" {
		page.Notice = "Enheten " + name + " är borttagen."
	}
	if r.Method == http.MethodGet {
		s.render(w, r, http.StatusOK, "structureunits.html", page)
		return
	}
	if err := readAdminForm(w, r); err != nil {
		s.error(w, r, err)
		return
	}
	page.Form.fill(r.PostForm)
	u, errs := unitFromForm(r.PostForm, "")
	save := func() error { return s.db.CreateUnit(r.Context(), userFrom(r.Context()).Name, code, u) }
	var written bool
	if page.Errors, written = s.saveForm(w, r, &page.Form, "", errs, unitFields, save, unitsURL(code)+"/"+url.PathEscape(u.ID)+"?skapad=1"); written {
		return
	}
	page.Title = "Fel i ny enhet – " + page.Title
	s.render(w, r, http.StatusUnprocessableEntity, "structureunits.html", page)
}

// handleUnit is a unit's page: its form, and the button that deletes it.
func (s *Server) handleUnit(w http.ResponseWriter, r *http.Request) {
	ds, err := s.structureData(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	u := ds.Unit(r.PathValue("id"))
	if u == nil {
		s.error(w, r, tertial.Errorf(tertial.ENOTFOUND, "Det finns ingen enhet %q.", r.PathValue("id")))
		return
	}
	page := s.unitPageOf(ds, *u)
	switch {
	case r.URL.Query().Get("skapad") == "1":
		page.Notice = "Enheten är skapad."
	case r.URL.Query().Get("sparad") == "1":
		page.Notice = "Ändringarna är sparade."
	}
	if r.Method == http.MethodGet {
		s.render(w, r, http.StatusOK, "structureunit.html", page)
		return
	}
	if err := readAdminForm(w, r); err != nil {
		s.error(w, r, err)
		return
	}
	page.Form.fill(r.PostForm)
	nu, errs := unitFromForm(r.PostForm, u.ID)
	save := func() error {
		return s.db.ReplaceUnit(r.Context(), userFrom(r.Context()).Name, ds.Municipality.Code, nu)
	}
	var written bool
	if page.Errors, written = s.saveForm(w, r, &page.Form, "", errs, unitFields, save, page.Form.Action+"?sparad=1"); written {
		return
	}
	page.Title = "Fel – " + page.Title
	s.render(w, r, http.StatusUnprocessableEntity, "structureunit.html", page)
}

func (s *Server) unitPageOf(ds *tertial.Dataset, u tertial.Unit) *unitPage {
	code := ds.Municipality.Code
	action := unitsURL(code) + "/" + url.PathEscape(u.ID)
	return &unitPage{Title: u.Name + " – Organisation – " + ds.Municipality.Name, MuniURL: "/kommuner/" + url.PathEscape(code),
		MuniName: ds.Municipality.Name, UnitsURL: unitsURL(code), Unit: u, DeleteAction: action + "/ta-bort",
		Form: adminForm{Action: action, Fields: unitFormFields(ds, u, false)}, History: historyURL(code, "unit", u.ID)}
}

// handleDeleteUnit deletes a unit nothing refers to; the refusal of one with reports
// (which can be retired instead) comes back on the unit's page.
func (s *Server) handleDeleteUnit(w http.ResponseWriter, r *http.Request) {
	ds, err := s.structureData(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	u := ds.Unit(r.PathValue("id"))
	if u == nil {
		s.error(w, r, tertial.Errorf(tertial.ENOTFOUND, "Det finns ingen enhet %q.", r.PathValue("id")))
		return
	}
	if err := readAdminForm(w, r); err != nil {
		s.error(w, r, err)
		return
	}
	err = s.db.DeleteUnit(r.Context(), userFrom(r.Context()).Name, ds.Municipality.Code, u.ID)
	if err == nil {
		http.Redirect(w, r, unitsURL(ds.Municipality.Code)+"?borttagen="+url.QueryEscape(u.Name), http.StatusSeeOther)
		return
	}
	errs, ok := problemsAt(err, map[string]string{"id": "ta-bort"})
	if !ok {
		s.error(w, r, err)
		return
	}
	page := s.unitPageOf(ds, *u)
	page.Errors = errs
	page.Title = "Fel – " + page.Title
	s.render(w, r, http.StatusUnprocessableEntity, "structureunit.html", page)
}
