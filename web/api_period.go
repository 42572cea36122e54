package web

import (
	"net/http"
	"strings"
	"time"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/store"
)

// POST /api/v1/municipalities/{code}/periods

// apiPeriodPost is a new period: tertial.PeriodSpec as JSON.
type apiPeriodPost struct {
	Unit     *string `json:"unit"`
	ID       *string `json:"id"`
	Kind     *string `json:"kind"`
	Title    *string `json:"title"`
	Start    *string `json:"start"`
	Cutoff   *string `json:"cutoff"`
	Deadline *string `json:"deadline"`
	From     *string `json:"from"`
	Template *string `json:"template"`
}

// apiPostPeriod creates a period, made from an earlier one of the same unit when from
// names one (store.CreatePeriod). Controllers and admins of the municipality may
// (tertial.ActEditStructure); the rule set's problems come back as fields (422).
func (s *Server) apiPostPeriod(w http.ResponseWriter, r *http.Request) {
	code := r.PathValue("code")
	u := userFrom(r.Context())
	if _, err := s.db.SharedDataset(r.Context(), code); err != nil {
		s.apiError(w, r, err)
		return
	}
	if !tertial.Can(u, tertial.ActEditStructure, tertial.AccessTarget{Municipality: code}) {
		s.apiError(w, r, tertial.Errorf(tertial.EFORBIDDEN, "Du har inte behörighet att skapa perioder i den här kommunen."))
		return
	}
	var body apiPeriodPost
	if err := decodeBody(w, r, &body); err != nil {
		s.apiError(w, r, err)
		return
	}
	spec := tertial.PeriodSpec{Unit: str(body.Unit), ID: str(body.ID), Kind: tertial.PeriodKind(str(body.Kind)),
		Title: strings.TrimSpace(str(body.Title)), From: str(body.From), Template: str(body.Template)}
	var errs []apiFieldError
	for _, d := range []struct {
		field string
		v     *string
		dst   *time.Time
	}{{"start", body.Start, &spec.Start}, {"cutoff", body.Cutoff, &spec.Cutoff}, {"deadline", body.Deadline, &spec.Deadline}} {
		if t, msg := parseDay(str(d.v)); msg != "" {
			errs = append(errs, apiFieldError{d.field, msg})
		} else {
			*d.dst = t
		}
	}
	if len(errs) > 0 {
		s.apiError(w, r, invalidFields(errs...))
		return
	}
	p, err := s.db.CreatePeriod(r.Context(), u.Name, code, spec)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	info := periodInfoJSON(code, p)
	w.Header().Set("Location", info.URL)
	s.writeAPI(w, r, http.StatusCreated, info)
}

// PUT /api/v1/municipalities/{code}/units/{unit}/periods/{period}

// apiPeriodPut is a period's settings (store.PeriodSettings) as JSON: all of them, an
// absent optional one being empty.
type apiPeriodPut struct {
	Version   *int    `json:"version"`
	Title     *string `json:"title"`
	Start     *string `json:"start"`
	Cutoff    *string `json:"cutoff"`
	Deadline  *string `json:"deadline"`
	Template  *string `json:"template"`
	Status    *string `json:"status"`
	CoverText *string `json:"cover_text"`
}

// apiPutPeriod changes an open period's settings: title, first day, cut-off, deadline,
// template, status and cover text (store.UpdatePeriodSettings), at the version the client
// read. Those who may create periods may (tertial.ActEditStructure); the rule set's
// problems come back as fields (422), a stale version as 409, a locked period as 423.
func (s *Server) apiPutPeriod(w http.ResponseWriter, r *http.Request) {
	pc := s.structurePeriod(w, r)
	if pc == nil {
		return
	}
	var body apiPeriodPut
	if err := decodeBody(w, r, &body); err != nil {
		s.apiError(w, r, err)
		return
	}
	var errs []apiFieldError
	if e := requireVersion(body.Version); e != nil {
		errs = append(errs, *e)
	}
	set := store.PeriodSettings{Title: strings.TrimSpace(str(body.Title)), Template: str(body.Template), Status: strings.TrimSpace(str(body.Status)),
		CoverText: bodyText(body.CoverText)}
	for _, d := range []struct {
		field string
		v     *string
		dst   *time.Time
	}{{"start", body.Start, &set.Start}, {"cutoff", body.Cutoff, &set.Cutoff}, {"deadline", body.Deadline, &set.Deadline}} {
		if t, msg := parseDay(str(d.v)); msg != "" {
			errs = append(errs, apiFieldError{d.field, msg})
		} else {
			*d.dst = t
		}
	}
	if len(errs) > 0 {
		s.apiError(w, r, invalidFields(errs...))
		return
	}
	set.Version = *body.Version
	p, err := s.db.UpdatePeriodSettings(r.Context(), pc.user.Name, pc.ref, set)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	s.writeAPI(w, r, http.StatusOK, periodInfoJSON(pc.ref.Municipality, p))
}

// parseDay reads a date as the forms and the API take it, YYYY-MM-DD; "" is none. It
// returns what is wrong with it, or "".
func parseDay(s string) (time.Time, string) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, ""
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, "\"" + s + "\" är inget datum: skriv ÅÅÅÅ-MM-DD"
	}
	return t, ""
}
