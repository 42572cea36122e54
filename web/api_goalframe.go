package web

import (
	"net/http"
	"strings"

	"github.com/tertial/tertial"
)

// PUT /api/v1/municipalities/{code}/goal-frame
//
// The goal tree's frame, as its page changes it (store.UpdateGoalFrame): the goal levels
// and goal areas in order, replaced whole, by those who edit the structure. A level or an
// area a goal still names cannot be taken away: the rule set's problems come back as
// fields (422) at their dataset paths (goal_levels[1].name, goals[3].level) and nothing
// changes.

type apiGoalLevel struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

type apiGoalFrame struct {
	GoalLevels []apiGoalLevel `json:"goal_levels"`
	GoalAreas  []apiGoalArea  `json:"goal_areas"`
}

func goalFrameJSON(ds *tertial.Dataset) apiGoalFrame {
	out := apiGoalFrame{GoalLevels: []apiGoalLevel{}, GoalAreas: []apiGoalArea{}}
	for _, l := range ds.GoalLevels {
		out.GoalLevels = append(out.GoalLevels, apiGoalLevel(l))
	}
	for _, a := range ds.GoalAreas {
		out.GoalAreas = append(out.GoalAreas, apiGoalArea{ID: a.ID, Name: a.Name, Dimension: string(a.Dimension), Description: a.Description})
	}
	return out
}

func (s *Server) apiPutGoalFrame(w http.ResponseWriter, r *http.Request) {
	code := r.PathValue("code")
	if _, err := s.db.SharedDataset(r.Context(), code); err != nil {
		s.apiError(w, r, err)
		return
	}
	if !tertial.Can(userFrom(r.Context()), tertial.ActEditStructure, tertial.AccessTarget{Municipality: code}) {
		s.apiError(w, r, tertial.Errorf(tertial.EFORBIDDEN, "Du har inte behörighet att ändra kommunens målstruktur."))
		return
	}
	var body apiGoalFrame
	if err := decodeBody(w, r, &body); err != nil {
		s.apiError(w, r, err)
		return
	}
	levels := []tertial.GoalLevel{}
	for _, l := range body.GoalLevels {
		levels = append(levels, tertial.GoalLevel{ID: strings.TrimSpace(l.ID), Name: strings.TrimSpace(l.Name)})
	}
	areas := []tertial.GoalArea{}
	for _, a := range body.GoalAreas {
		areas = append(areas, tertial.GoalArea{ID: strings.TrimSpace(a.ID), Name: strings.TrimSpace(a.Name),
			Dimension: tertial.Dimension(strings.TrimSpace(a.Dimension)), Description: strings.TrimSpace(a.Description)})
	}
	if err := s.db.UpdateGoalFrame(r.Context(), userFrom(r.Context()).Name, code, levels, areas); err != nil {
		s.apiError(w, r, err)
		return
	}
	ds, err := s.db.SharedDataset(r.Context(), code)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	s.writeAPI(w, r, http.StatusOK, goalFrameJSON(ds))
}
