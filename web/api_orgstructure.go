package web

import (
	"net/http"
	"strings"

	"github.com/tertial/tertial"
)

// POST /api/v1/municipalities/{code}/units
// PUT, DELETE /api/v1/municipalities/{code}/units/{unit}
//
// The organisation's units, as the organisation page edits them (store.CreateUnit,
// UpdateUnit, DeleteUnit): controllers and admins of the municipality
// (tertial.ActEditStructure); the rule set's problems come back as fields (422), and a
// refused edit changes nothing. A company's ownership share (a decimal string, percent)
// and organisationsnummer go together: a PUT that gives either replaces both, one that
// leaves both out keeps them.

// apiUnitBody is a unit as a client sends it; the ID is the path's for PUT.
type apiUnitBody struct {
	ID        *string `json:"id"`
	Name      *string `json:"name"`
	ShortName *string `json:"short_name"`
	Kind      *string `json:"kind"`
	Parent    *string `json:"parent"`
	Retired   *int    `json:"retired"`
	Share     *string `json:"share"`
	OrgNumber *string `json:"org_number"`
}

// company reports whether the body gives a company's share or organisationsnummer.
func (b apiUnitBody) company() bool { return b.Share != nil || b.OrgNumber != nil }

// unit reads the body into a unit; a share that is no number is a field error.
func (b apiUnitBody) unit(id string) (tertial.Unit, []apiFieldError) {
	if id == "" {
		id = strings.TrimSpace(str(b.ID))
	}
	u := tertial.Unit{ID: id, Name: strings.TrimSpace(str(b.Name)), ShortName: strings.TrimSpace(str(b.ShortName)),
		Kind: tertial.UnitKind(str(b.Kind)), Parent: str(b.Parent)}
	if b.Retired != nil {
		u.Retired = *b.Retired
	}
	var errs []apiFieldError
	u.Share = decimalBodyField("share", b.Share, &errs)
	u.OrgNumber = strings.TrimSpace(str(b.OrgNumber))
	return u, errs
}

// apiStructure checks that the municipality exists and the user may edit its structure.
func (s *Server) apiStructure(r *http.Request) error {
	code := r.PathValue("code")
	if _, err := s.db.SharedDataset(r.Context(), code); err != nil {
		return err
	}
	if !tertial.Can(userFrom(r.Context()), tertial.ActEditStructure, tertial.AccessTarget{Municipality: code}) {
		return tertial.Errorf(tertial.EFORBIDDEN, "Du har inte behörighet att ändra organisationen i den här kommunen.")
	}
	return nil
}

// apiUnitAnswer answers with the unit as stored.
func (s *Server) apiUnitAnswer(w http.ResponseWriter, r *http.Request, status int, id string) {
	code := r.PathValue("code")
	ds, err := s.db.SharedDataset(r.Context(), code)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	u := ds.Unit(id)
	if u == nil {
		s.apiError(w, r, tertial.Errorf(tertial.ENOTFOUND, "det finns ingen enhet %q", id))
		return
	}
	if status == http.StatusCreated {
		w.Header().Set("Location", "/api/v1/municipalities/"+code+"/units/"+id)
	}
	s.writeAPI(w, r, status, unitJSON(u))
}

func (s *Server) apiPostUnit(w http.ResponseWriter, r *http.Request) {
	if err := s.apiStructure(r); err != nil {
		s.apiError(w, r, err)
		return
	}
	var body apiUnitBody
	if err := decodeBody(w, r, &body); err != nil {
		s.apiError(w, r, err)
		return
	}
	u, errs := body.unit("")
	if len(errs) > 0 {
		s.apiError(w, r, invalidFields(errs...))
		return
	}
	if err := s.db.CreateUnit(r.Context(), userFrom(r.Context()).Name, r.PathValue("code"), u); err != nil {
		s.apiError(w, r, err)
		return
	}
	s.apiUnitAnswer(w, r, http.StatusCreated, u.ID)
}

func (s *Server) apiPutUnit(w http.ResponseWriter, r *http.Request) {
	if err := s.apiStructure(r); err != nil {
		s.apiError(w, r, err)
		return
	}
	var body apiUnitBody
	if err := decodeBody(w, r, &body); err != nil {
		s.apiError(w, r, err)
		return
	}
	id := r.PathValue("unit")
	if body.ID != nil && *body.ID != id {
		s.apiError(w, r, invalidFields(apiFieldError{"id", "en enhets id kan inte ändras"}))
		return
	}
	u, errs := body.unit(id)
	if len(errs) > 0 {
		s.apiError(w, r, invalidFields(errs...))
		return
	}
	save := s.db.UpdateUnit
	if body.company() {
		save = s.db.ReplaceUnit
	}
	if err := save(r.Context(), userFrom(r.Context()).Name, r.PathValue("code"), u); err != nil {
		s.apiError(w, r, err)
		return
	}
	s.apiUnitAnswer(w, r, http.StatusOK, id)
}

func (s *Server) apiDeleteUnit(w http.ResponseWriter, r *http.Request) {
	if err := s.apiStructure(r); err != nil {
		s.apiError(w, r, err)
		return
	}
	id := r.PathValue("unit")
	if err := s.db.DeleteUnit(r.Context(), userFrom(r.Context()).Name, r.PathValue("code"), id); err != nil {
		s.apiError(w, r, err)
		return
	}
	s.writeAPI(w, r, http.StatusOK, map[string]string{"deleted": id})
}
