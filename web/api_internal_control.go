package web

import (
	"net/http"
	"strings"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/store"
)

// POST /api/v1/municipalities/{code}/internal-control/{kind}
// PUT, DELETE /api/v1/municipalities/{code}/internal-control/{kind}/{id}
//
// The internal-control plan's items (kind: risks, audits, controls), as the
// internal-control page edits them (store.SaveICItem, DeleteICItem): controllers and
// admins of the municipality (tertial.ActEditStructure). Fields are the dataset format's;
// the rule set's problems come back as fields (422), and a refused edit changes nothing.

// apiICItem is an item as the API reads and writes it; only its kind's fields apply.
type apiICItem struct {
	ID          string `json:"id"`
	Unit        string `json:"unit"`
	Process     string `json:"process,omitempty"`
	Risk        string `json:"risk,omitempty"`
	Probability int    `json:"probability,omitempty"`
	Consequence int    `json:"consequence,omitempty"`
	Title       string `json:"title,omitempty"`
	CaseNumber  string `json:"case_number,omitempty"`
	Background  string `json:"background,omitempty"`
	Action      string `json:"action,omitempty"`
	Control     string `json:"control,omitempty"`
	Reason      string `json:"reason,omitempty"`
	Method      string `json:"method,omitempty"`
	Frequency   string `json:"frequency,omitempty"`
	Responsible string `json:"responsible,omitempty"`
}

func icItemJSON(it store.ICItem) apiICItem {
	out := apiICItem{ID: it.ID, Unit: it.Unit}
	switch it.Kind {
	case store.ICRisk:
		out.Process, out.Risk, out.Probability, out.Consequence = it.Process, it.Text, it.Probability, it.Consequence
	case store.ICAudit:
		out.Title, out.CaseNumber, out.Background, out.Action = it.Title, it.CaseNumber, it.Background, it.Text
	case store.ICControl:
		out.Process, out.Control, out.Reason = it.Process, it.Text, it.Reason
		out.Method, out.Frequency, out.Responsible = it.Method, it.Frequency, it.Responsible
	}
	return out
}

// item returns the body as an item of the kind, and the fields the kind does not have.
func (b apiICItem) item(kind store.ICKind, id string) (store.ICItem, []apiFieldError) {
	t := strings.TrimSpace
	it := store.ICItem{Kind: kind, ID: t(b.ID), Unit: t(b.Unit), Process: t(b.Process)}
	if id != "" {
		it.ID = id
	}
	var errs []apiFieldError
	foreign := func(field, v string) {
		if v != "" {
			errs = append(errs, apiFieldError{field, "fältet hör inte till den här sortens post"})
		}
	}
	switch kind {
	case store.ICRisk:
		it.Text, it.Probability, it.Consequence = t(b.Risk), b.Probability, b.Consequence
		foreign("title", b.Title+b.CaseNumber+b.Background+b.Action+b.Control+b.Reason+b.Method+b.Frequency+b.Responsible)
	case store.ICAudit:
		it.Title, it.CaseNumber, it.Background, it.Text = t(b.Title), t(b.CaseNumber), t(b.Background), t(b.Action)
		foreign("process", b.Process+b.Risk+b.Control+b.Reason+b.Method+b.Frequency+b.Responsible)
		it.Process = ""
	case store.ICControl:
		it.Text, it.Reason = t(b.Control), t(b.Reason)
		it.Method, it.Frequency, it.Responsible = t(b.Method), t(b.Frequency), t(b.Responsible)
		foreign("risk", b.Risk+b.Title+b.CaseNumber+b.Background+b.Action)
	}
	if kind != store.ICRisk && (b.Probability != 0 || b.Consequence != 0) {
		errs = append(errs, apiFieldError{"probability", "bara risker har sannolikhet och konsekvens"})
	}
	return it, errs
}

// apiICKind returns the path's kind, after the checks every call makes.
func (s *Server) apiICKind(r *http.Request) (store.ICKind, error) {
	if err := s.apiStructure(r); err != nil {
		return "", err
	}
	kind := store.ICKind(r.PathValue("kind"))
	switch kind {
	case store.ICRisk, store.ICAudit, store.ICControl:
		return kind, nil
	}
	return "", tertial.Errorf(tertial.ENOTFOUND, "den interna kontrollen har inga %q: risks, audits eller controls", kind)
}

func (s *Server) apiSaveICItem(w http.ResponseWriter, r *http.Request) {
	kind, err := s.apiICKind(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	var body apiICItem
	if err := decodeBody(w, r, &body); err != nil {
		s.apiError(w, r, err)
		return
	}
	id := r.PathValue("id")
	create := id == ""
	if !create && body.ID != "" && body.ID != id {
		s.apiError(w, r, invalidFields(apiFieldError{"id", "en posts id kan inte ändras"}))
		return
	}
	it, errs := body.item(kind, id)
	if len(errs) > 0 {
		s.apiError(w, r, invalidFields(errs...))
		return
	}
	if err := s.db.SaveICItem(r.Context(), userFrom(r.Context()).Name, r.PathValue("code"), it, create); err != nil {
		s.apiError(w, r, err)
		return
	}
	ds, err := s.db.SharedDataset(r.Context(), r.PathValue("code"))
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	saved, _ := icItemIn(ds, kind, it.ID)
	status := http.StatusOK
	if create {
		status = http.StatusCreated
		w.Header().Set("Location", "/api/v1/municipalities/"+r.PathValue("code")+"/internal-control/"+string(kind)+"/"+it.ID)
	}
	s.writeAPI(w, r, status, icItemJSON(saved))
}

func (s *Server) apiDeleteICItem(w http.ResponseWriter, r *http.Request) {
	kind, err := s.apiICKind(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	id := r.PathValue("id")
	if err := s.db.DeleteICItem(r.Context(), userFrom(r.Context()).Name, r.PathValue("code"), kind, id); err != nil {
		s.apiError(w, r, err)
		return
	}
	s.writeAPI(w, r, http.StatusOK, map[string]string{"deleted": id})
}

// POST /api/v1/municipalities/{code}/internal-control/risks/{id}/actions
// PUT, DELETE /api/v1/municipalities/{code}/internal-control/risks/{id}/actions/{action}
//
// A risk's risk-reducing actions (store.SaveRiskAction, DeleteRiskAction), with the same
// permission and rules as its items; an action's follow-ups belong to the periods and stay
// as they are.

// apiRiskActionIn is a risk's action as the API writes it (reading, apiRiskAction also
// has its follow-ups).
type apiRiskActionIn struct {
	ID     string `json:"id"`
	Action string `json:"action"`
}

func (s *Server) apiSaveRiskAction(w http.ResponseWriter, r *http.Request) {
	if err := s.apiStructure(r); err != nil {
		s.apiError(w, r, err)
		return
	}
	var body apiRiskActionIn
	if err := decodeBody(w, r, &body); err != nil {
		s.apiError(w, r, err)
		return
	}
	code, risk, id := r.PathValue("code"), r.PathValue("id"), r.PathValue("action")
	create := id == ""
	if create {
		id = strings.TrimSpace(body.ID)
	} else if body.ID != "" && body.ID != id {
		s.apiError(w, r, invalidFields(apiFieldError{"id", "en åtgärds id kan inte ändras"}))
		return
	}
	a := tertial.RiskAction{ID: id, Action: strings.TrimSpace(body.Action)}
	if err := s.db.SaveRiskAction(r.Context(), userFrom(r.Context()).Name, code, risk, a, create); err != nil {
		s.apiError(w, r, err)
		return
	}
	status := http.StatusOK
	if create {
		status = http.StatusCreated
		w.Header().Set("Location", "/api/v1/municipalities/"+code+"/internal-control/risks/"+risk+"/actions/"+id)
	}
	s.writeAPI(w, r, status, apiRiskActionIn{ID: a.ID, Action: a.Action})
}

func (s *Server) apiDeleteRiskAction(w http.ResponseWriter, r *http.Request) {
	if err := s.apiStructure(r); err != nil {
		s.apiError(w, r, err)
		return
	}
	id := r.PathValue("action")
	if err := s.db.DeleteRiskAction(r.Context(), userFrom(r.Context()).Name, r.PathValue("code"), r.PathValue("id"), id); err != nil {
		s.apiError(w, r, err)
		return
	}
	s.writeAPI(w, r, http.StatusOK, map[string]string{"deleted": id})
}
