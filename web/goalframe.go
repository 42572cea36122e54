package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/tertial/tertial"
)

// The goal tree's frame in the browser (/kommuner/{code}/struktur/malnivaer): the goal
// levels (KF-mål, nämndmål) and the goal areas (målområden) with their sustainability
// dimension. Those who edit the structure may change them; the store judges the whole
// dataset with the rule set (store.UpdateGoalFrame), so a level or an area a goal still
// names cannot be removed, and its problem comes back beside the field. Both lists are
// written one item a line, so the form needs no script.

func (s *Server) goalFrameRoutes() {
	s.mux.HandleFunc("GET /kommuner/{code}/struktur/malnivaer", s.handleGoalFrame)
	s.mux.HandleFunc("POST /kommuner/{code}/struktur/malnivaer", s.handleGoalFrame)
}

func goalFrameURL(code string) string {
	return "/kommuner/" + url.PathEscape(code) + "/struktur/malnivaer"
}

// dimensionWords are the sustainability dimensions as the form writes them.
var dimensionWords = map[tertial.Dimension]string{tertial.Economic: "ekonomisk", tertial.Social: "social", tertial.Ecological: "ekologisk"}

func goalFrameFields(ds *tertial.Dataset) []adminField {
	levels := make([]string, len(ds.GoalLevels))
	for i, l := range ds.GoalLevels {
		levels[i] = l.ID + "; " + l.Name
	}
	areas := make([]string, len(ds.GoalAreas))
	for i, a := range ds.GoalAreas {
		areas[i] = a.ID + "; " + a.Name + "; " + dimensionWords[a.Dimension]
		if a.Description != "" {
			areas[i] += "; " + a.Description
		}
	}
	return []adminField{
		{Name: "nivaer", Label: "Målnivåer", Type: "textarea", Value: strings.Join(levels, "\n"), Rows: max(len(levels)+2, 4),
			Hint: "En nivå per rad, den översta först: id; namn, till exempel kf; KF-mål. Id:t får bara innehålla små bokstäver a–z, siffror och bindestreck."},
		{Name: "omraden", Label: "Målområden (valfria)", Type: "textarea", Value: strings.Join(areas, "\n"), Rows: max(len(areas)+2, 5),
			Hint: "Ett område per rad i rapportens ordning: id; namn; dimension; beskrivning. Dimensionen är ekonomisk, social eller ekologisk och kan lämnas tom, liksom beskrivningen."},
	}
}

// goalFrameFromForm reads the levels and areas of the posted form, with what cannot be read.
func goalFrameFromForm(form url.Values) ([]tertial.GoalLevel, []tertial.GoalArea, []fieldError) {
	var errs []fieldError
	levels := []tertial.GoalLevel{}
	for i, line := range lines(form.Get("nivaer")) {
		id, name, ok := strings.Cut(line, ";")
		if !ok || strings.Contains(name, ";") {
			errs = append(errs, fieldError{"nivaer", fmt.Sprintf("Rad %d: skriv id; namn, till exempel kf; KF-mål.", i+1)})
			continue
		}
		levels = append(levels, tertial.GoalLevel{ID: strings.TrimSpace(id), Name: strings.TrimSpace(name)})
	}
	areas := []tertial.GoalArea{}
	for i, line := range lines(form.Get("omraden")) {
		parts := strings.SplitN(line, ";", 4)
		if len(parts) < 2 {
			errs = append(errs, fieldError{"omraden", fmt.Sprintf("Rad %d: skriv id; namn; dimension; beskrivning, till exempel miljo; Hållbar miljö; ekologisk.", i+1)})
			continue
		}
		a := tertial.GoalArea{ID: strings.TrimSpace(parts[0]), Name: strings.TrimSpace(parts[1])}
		if len(parts) > 2 {
			word := strings.ToLower(strings.TrimSpace(parts[2]))
			found := word == ""
			for d, w := range dimensionWords {
				if word == w || word == string(d) {
					a.Dimension, found = d, true
				}
			}
			if !found {
				errs = append(errs, fieldError{"omraden", fmt.Sprintf("Rad %d: dimensionen %q finns inte; skriv ekonomisk, social eller ekologisk, eller lämna den tom.", i+1, strings.TrimSpace(parts[2]))})
			}
		}
		if len(parts) > 3 {
			a.Description = strings.TrimSpace(parts[3])
		}
		areas = append(areas, a)
	}
	return levels, areas, errs
}

// goalFrameFieldError places a problem of the rule set on the form's field: a level or an
// area as its line, a goal that names what is gone on the list it needs.
func goalFrameFieldError(p tertial.Problem) fieldError {
	msg := tertial.Capitalize(p.Message) + "."
	line := func(rest string) string {
		if m := listIndex.FindStringSubmatch(rest); m != nil {
			n, _ := strconv.Atoi(m[1])
			return fmt.Sprintf("Rad %d: %s", n+1, msg)
		}
		return msg
	}
	switch {
	case strings.HasPrefix(p.Path, "goal_levels"):
		return fieldError{"nivaer", line(strings.TrimPrefix(p.Path, "goal_levels"))}
	case strings.HasPrefix(p.Path, "goal_areas"):
		return fieldError{"omraden", line(strings.TrimPrefix(p.Path, "goal_areas"))}
	case strings.HasSuffix(p.Path, ".area"):
		return fieldError{"omraden", msg + " Ett område som ett mål hör till kan inte tas bort; flytta målet först."}
	case strings.HasSuffix(p.Path, ".level"):
		return fieldError{"nivaer", msg + " En nivå som ett mål har kan inte tas bort; flytta målet först."}
	}
	return fieldError{"nivaer", msg + " (" + p.Path + ")"}
}

func (s *Server) handleGoalFrame(w http.ResponseWriter, r *http.Request) {
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
	if !tertial.Can(userFrom(r.Context()), tertial.ActEditStructure, tertial.AccessTarget{Municipality: code}) {
		s.error(w, r, tertial.Errorf(tertial.EFORBIDDEN, "Du har inte behörighet att ändra kommunens målstruktur."))
		return
	}
	page := &settingsPage{Title: "Målnivåer och målområden – " + ds.Municipality.Name, MuniURL: "/kommuner/" + url.PathEscape(code),
		MuniName: ds.Municipality.Name, Form: adminForm{Action: goalFrameURL(code), Fields: goalFrameFields(ds)}}
	if r.Method == http.MethodGet {
		if r.URL.Query().Get("sparad") == "1" {
			page.Notice = "Målnivåerna och målområdena är sparade."
		}
		s.render(w, r, http.StatusOK, "goalframe.html", page)
		return
	}
	s.saveListForm(w, r, page, "goalframe.html", goalFrameURL(code)+"?sparad=1", func(form url.Values) ([]fieldError, error) {
		levels, areas, errs := goalFrameFromForm(form)
		if len(errs) > 0 {
			return errs, nil
		}
		return nil, s.db.UpdateGoalFrame(r.Context(), userFrom(r.Context()).Name, code, levels, areas)
	}, goalFrameFieldErrors)
}

// goalFrameFieldErrors places the rule set's problems on the form's fields. Every goal
// that names a level or an area taken away is a problem of its own: one message each, with
// how many goals it concerns.
func goalFrameFieldErrors(ps []tertial.Problem) []fieldError {
	count := map[fieldError]int{}
	var order []fieldError
	for _, p := range ps {
		e := goalFrameFieldError(p)
		if count[e] == 0 {
			order = append(order, e)
		}
		count[e]++
	}
	errs := make([]fieldError, 0, len(order))
	for _, e := range order {
		if n := count[e]; n > 1 {
			e.Message += fmt.Sprintf(" (Gäller %d mål.)", n)
		}
		errs = append(errs, e)
	}
	return errs
}
