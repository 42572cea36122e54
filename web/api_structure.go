package web

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/tertial/tertial"
)

// The structure of a municipality through the API (issue 14): its goals, indicators and
// assignments, created (POST, 201), changed (PUT, 200) and deleted (DELETE, 204) under
// tertial.ActEditStructure, with the store's structural edits: the whole dataset is
// checked with the rule set (422 with the fields), a PUT or DELETE names the version it
// started from (409 with the item as it is now when stale).

// apiStructGoal is a goal of the structure, as it is read and written.
type apiStructGoal struct {
	ID          string   `json:"id"`
	Level       string   `json:"level"`
	Area        string   `json:"area"`
	Parent      string   `json:"parent"`
	Unit        string   `json:"unit"`
	Title       string   `json:"title"`
	Description string   `json:"description"`
	Tags        []string `json:"tags"`
	Since       *int     `json:"since"`
	Retired     *int     `json:"retired"`
	Version     int      `json:"version"`
}

func structGoalJSON(g *tertial.Goal) apiStructGoal {
	out := apiStructGoal{ID: g.ID, Level: g.Level, Area: g.Area, Parent: g.Parent, Unit: g.Unit, Title: g.Title,
		Description: g.Description, Tags: g.Tags, Version: g.Version}
	if out.Tags == nil {
		out.Tags = []string{}
	}
	if g.Retired != 0 {
		y := g.Retired
		out.Retired = &y
	}
	if g.Since != 0 {
		y := g.Since
		out.Since = &y
	}
	return out
}

func (b apiStructGoal) goal() tertial.Goal {
	g := tertial.Goal{ID: strings.TrimSpace(b.ID), Level: b.Level, Area: b.Area, Parent: b.Parent, Unit: b.Unit,
		Title: strings.TrimSpace(b.Title), Description: b.Description, Tags: b.Tags, Version: b.Version}
	if b.Retired != nil {
		g.Retired = *b.Retired
	}
	if b.Since != nil {
		g.Since = *b.Since
	}
	return g
}

// apiYearTarget is a stage target or the long-term target: the year and the target as
// the dataset file writes it (">80", "<7,9 %").
type apiYearTarget struct {
	Year   int    `json:"year"`
	Target string `json:"target"`
}

// apiStructIndicator is an indicator of the structure, its targets included.
type apiStructIndicator struct {
	ID           string          `json:"id"`
	Goal         string          `json:"goal"`
	Name         string          `json:"name"`
	Unit         string          `json:"unit"`
	Direction    string          `json:"direction"`
	Decimals     int             `json:"decimals"`
	Tolerance    *string         `json:"tolerance"`
	KoladaKPI    string          `json:"kolada_kpi"`
	KoladaGender string          `json:"kolada_gender"`
	Gender       bool            `json:"gender"`
	Owner        string          `json:"owner"`
	Note         string          `json:"note"`
	Targets      []apiYearTarget `json:"targets"`
	LongTerm     *apiYearTarget  `json:"long_term"`
	Version      int             `json:"version"`
}

func structIndicatorJSON(x *tertial.Indicator) apiStructIndicator {
	out := apiStructIndicator{ID: x.ID, Goal: x.Goal, Name: x.Name, Unit: x.Unit, Direction: string(x.Direction), Decimals: x.Decimals,
		KoladaKPI: x.KoladaKPI, KoladaGender: x.KoladaGender, Gender: x.Gender, Owner: x.Owner, Note: x.Note,
		Targets: []apiYearTarget{}, Version: x.Version}
	if x.Tolerance != nil {
		s := x.Tolerance.String()
		out.Tolerance = &s
	}
	for _, t := range x.Targets {
		out.Targets = append(out.Targets, apiYearTarget{t.Year, t.Target.String()})
	}
	if x.LongTerm != nil {
		out.LongTerm = &apiYearTarget{x.LongTerm.Year, x.LongTerm.Target.String()}
	}
	return out
}

// indicator reads the body into an indicator; what cannot be read (a target, the
// tolerance) is a field error named as the rule set names it.
func (b apiStructIndicator) indicator() (tertial.Indicator, []apiFieldError) {
	x := tertial.Indicator{ID: strings.TrimSpace(b.ID), Goal: b.Goal, Name: strings.TrimSpace(b.Name), Unit: b.Unit,
		Direction: tertial.Direction(b.Direction), Decimals: b.Decimals, KoladaKPI: strings.TrimSpace(b.KoladaKPI),
		KoladaGender: b.KoladaGender, Gender: b.Gender, Owner: b.Owner, Note: b.Note, Version: b.Version}
	var errs []apiFieldError
	if b.Tolerance != nil && strings.TrimSpace(*b.Tolerance) != "" {
		d, err := tertial.ParseDecimal(strings.TrimSpace(*b.Tolerance))
		if err != nil {
			errs = append(errs, apiFieldError{"tolerance", tertial.ErrorMessage(err)})
		} else {
			x.Tolerance = &d
		}
	}
	for i, t := range b.Targets {
		tg, err := tertial.ParseTarget(t.Target)
		if err != nil {
			errs = append(errs, apiFieldError{fmt.Sprintf("targets[%d].target", i), tertial.ErrorMessage(err)})
			continue
		}
		x.Targets = append(x.Targets, tertial.YearTarget{Year: t.Year, Target: tg})
	}
	if b.LongTerm != nil {
		tg, err := tertial.ParseTarget(b.LongTerm.Target)
		if err != nil {
			errs = append(errs, apiFieldError{"long_term.target", tertial.ErrorMessage(err)})
		} else {
			x.LongTerm = &tertial.YearTarget{Year: b.LongTerm.Year, Target: tg}
		}
	}
	return x, errs
}

// apiStructAssignment is an assignment of the structure.
type apiStructAssignment struct {
	ID          string `json:"id"`
	Goal        string `json:"goal"`
	Unit        string `json:"unit"`
	Origin      string `json:"origin"`
	Due         string `json:"due"`
	Title       string `json:"title"`
	Description string `json:"description"`
	Version     int    `json:"version"`
}

func structAssignmentJSON(a *tertial.Assignment) apiStructAssignment {
	return apiStructAssignment{ID: a.ID, Goal: a.Goal, Unit: a.Unit, Origin: a.Origin, Due: dueText(a.Due), Title: a.Title, Description: a.Description, Version: a.Version}
}

// assignment is the assignment the body describes, or the field that cannot be read.
func (b apiStructAssignment) assignment() (tertial.Assignment, []apiFieldError) {
	a := tertial.Assignment{ID: strings.TrimSpace(b.ID), Goal: b.Goal, Unit: b.Unit, Origin: strings.TrimSpace(b.Origin),
		Title: strings.TrimSpace(b.Title), Description: b.Description, Version: b.Version}
	due, ok := parseDue(strings.TrimSpace(b.Due))
	if !ok {
		return a, []apiFieldError{{"due", "datumet ska skrivas ÅÅÅÅ-MM-DD, till exempel 2026-12-31"}}
	}
	a.Due = due
	return a, nil
}

// structureDataset is the municipality's dataset when the user may edit its structure:
// ENOTFOUND for an unknown municipality, EFORBIDDEN for everyone but its controllers and
// admins.
func (s *Server) structureDataset(r *http.Request, code string) (*tertial.Dataset, error) {
	ds, err := s.db.SharedDataset(r.Context(), code)
	if err != nil {
		return nil, err
	}
	if !tertial.Can(userFrom(r.Context()), tertial.ActEditStructure, tertial.AccessTarget{Municipality: code}) {
		return nil, tertial.Errorf(tertial.EFORBIDDEN, "Du har inte behörighet att ändra målen, indikatorerna och uppdragen i den här kommunen.")
	}
	return ds, nil
}

// pathID checks that a body's ID, when it gives one, is the path's; it returns the ID.
func pathID(r *http.Request, body string) (string, error) {
	id := r.PathValue("id")
	if body != "" && body != id {
		return "", invalidFields(apiFieldError{"id", "id i kroppen (" + body + ") skiljer sig från adressens (" + id + ")"})
	}
	return id, nil
}

// deleteVersion is the version a DELETE names in its query (?version=N).
func deleteVersion(r *http.Request) (int, error) {
	v, err := strconv.Atoi(r.URL.Query().Get("version"))
	if err != nil || v < 1 {
		return 0, invalidFields(apiFieldError{"version", "ange versionen du utgick från: ?version=N"})
	}
	return v, nil
}

func (s *Server) apiPostGoal(w http.ResponseWriter, r *http.Request) {
	code := r.PathValue("code")
	if _, err := s.structureDataset(r, code); err != nil {
		s.apiError(w, r, err)
		return
	}
	var body apiStructGoal
	if err := decodeBody(w, r, &body); err != nil {
		s.apiError(w, r, err)
		return
	}
	g, err := s.db.CreateGoal(r.Context(), userFrom(r.Context()).Name, code, body.goal())
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/municipalities/"+code+"/goals/"+g.ID)
	s.writeAPI(w, r, http.StatusCreated, structGoalJSON(g))
}

func (s *Server) apiPutStructGoal(w http.ResponseWriter, r *http.Request) {
	code := r.PathValue("code")
	_, err := s.structureDataset(r, code)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	var body apiStructGoal
	if err := decodeBody(w, r, &body); err != nil {
		s.apiError(w, r, err)
		return
	}
	if body.ID, err = pathID(r, body.ID); err != nil {
		s.apiError(w, r, err)
		return
	}
	g, err := s.db.UpdateGoal(r.Context(), userFrom(r.Context()).Name, code, body.goal())
	if err != nil {
		s.apiErrorWith(w, r, err, currentGoal(s, r, code, body.ID))
		return
	}
	s.writeAPI(w, r, http.StatusOK, structGoalJSON(g))
}

// currentGoal is the goal as it is saved now, for a 409.
func currentGoal(s *Server, r *http.Request, code, id string) any {
	if ds, err := s.db.Dataset(r.Context(), code); err == nil {
		if g := ds.Goal(id); g != nil {
			return structGoalJSON(g)
		}
	}
	return nil
}

func (s *Server) apiDeleteGoal(w http.ResponseWriter, r *http.Request) {
	s.apiDeleteStructure(w, r, s.db.DeleteGoal, currentGoal)
}

func (s *Server) apiPostIndicator(w http.ResponseWriter, r *http.Request) {
	code := r.PathValue("code")
	if _, err := s.structureDataset(r, code); err != nil {
		s.apiError(w, r, err)
		return
	}
	var body apiStructIndicator
	if err := decodeBody(w, r, &body); err != nil {
		s.apiError(w, r, err)
		return
	}
	x, errs := body.indicator()
	if len(errs) > 0 {
		s.apiError(w, r, invalidFields(errs...))
		return
	}
	created, err := s.db.CreateIndicator(r.Context(), userFrom(r.Context()).Name, code, x)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/municipalities/"+code+"/indicators/"+created.ID)
	s.writeAPI(w, r, http.StatusCreated, structIndicatorJSON(created))
}

func currentIndicator(s *Server, r *http.Request, code, id string) any {
	if ds, err := s.db.Dataset(r.Context(), code); err == nil {
		if x := ds.Indicator(id); x != nil {
			return structIndicatorJSON(x)
		}
	}
	return nil
}

func (s *Server) apiPutStructIndicator(w http.ResponseWriter, r *http.Request) {
	code := r.PathValue("code")
	if _, err := s.structureDataset(r, code); err != nil {
		s.apiError(w, r, err)
		return
	}
	var body apiStructIndicator
	if err := decodeBody(w, r, &body); err != nil {
		s.apiError(w, r, err)
		return
	}
	var err error
	if body.ID, err = pathID(r, body.ID); err != nil {
		s.apiError(w, r, err)
		return
	}
	x, errs := body.indicator()
	if len(errs) > 0 {
		s.apiError(w, r, invalidFields(errs...))
		return
	}
	saved, err := s.db.UpdateIndicator(r.Context(), userFrom(r.Context()).Name, code, x)
	if err != nil {
		s.apiErrorWith(w, r, err, currentIndicator(s, r, code, body.ID))
		return
	}
	s.writeAPI(w, r, http.StatusOK, structIndicatorJSON(saved))
}

func (s *Server) apiDeleteIndicator(w http.ResponseWriter, r *http.Request) {
	s.apiDeleteStructure(w, r, s.db.DeleteIndicator, currentIndicator)
}

func (s *Server) apiPostStructAssignment(w http.ResponseWriter, r *http.Request) {
	code := r.PathValue("code")
	if _, err := s.structureDataset(r, code); err != nil {
		s.apiError(w, r, err)
		return
	}
	var body apiStructAssignment
	if err := decodeBody(w, r, &body); err != nil {
		s.apiError(w, r, err)
		return
	}
	edit, errs := body.assignment()
	if len(errs) > 0 {
		s.apiError(w, r, invalidFields(errs...))
		return
	}
	a, err := s.db.CreateAssignment(r.Context(), userFrom(r.Context()).Name, code, edit)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/municipalities/"+code+"/assignments/"+a.ID)
	s.writeAPI(w, r, http.StatusCreated, structAssignmentJSON(a))
}

func currentAssignment(s *Server, r *http.Request, code, id string) any {
	if ds, err := s.db.Dataset(r.Context(), code); err == nil {
		if a := ds.Assignment(id); a != nil {
			return structAssignmentJSON(a)
		}
	}
	return nil
}

func (s *Server) apiPutStructAssignment(w http.ResponseWriter, r *http.Request) {
	code := r.PathValue("code")
	if _, err := s.structureDataset(r, code); err != nil {
		s.apiError(w, r, err)
		return
	}
	var body apiStructAssignment
	if err := decodeBody(w, r, &body); err != nil {
		s.apiError(w, r, err)
		return
	}
	var err error
	if body.ID, err = pathID(r, body.ID); err != nil {
		s.apiError(w, r, err)
		return
	}
	edit, errs := body.assignment()
	if len(errs) > 0 {
		s.apiError(w, r, invalidFields(errs...))
		return
	}
	a, err := s.db.UpdateAssignment(r.Context(), userFrom(r.Context()).Name, code, edit)
	if err != nil {
		s.apiErrorWith(w, r, err, currentAssignment(s, r, code, body.ID))
		return
	}
	s.writeAPI(w, r, http.StatusOK, structAssignmentJSON(a))
}

func (s *Server) apiDeleteStructAssignment(w http.ResponseWriter, r *http.Request) {
	s.apiDeleteStructure(w, r, s.db.DeleteAssignment, currentAssignment)
}

// apiDeleteStructure deletes the goal, indicator or assignment the path names, at the
// version the query names (?version=N): 204, or the error with the item as it is now.
func (s *Server) apiDeleteStructure(w http.ResponseWriter, r *http.Request,
	del func(ctx context.Context, actor, code, id string, version int) error,
	current func(s *Server, r *http.Request, code, id string) any) {
	code, id := r.PathValue("code"), r.PathValue("id")
	_, err := s.structureDataset(r, code)
	if err == nil {
		var v int
		if v, err = deleteVersion(r); err == nil {
			err = del(r.Context(), userFrom(r.Context()).Name, code, id, v)
		}
	}
	if err != nil {
		s.apiErrorWith(w, r, err, current(s, r, code, id))
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
