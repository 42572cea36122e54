package web

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/dataset"
)

// Starting templates: GET /api/v1/municipalities/{code}/starter-templates lists the
// built-in starting templates (dataset.StarterTemplates) made ready for the municipality,
// and POST …/templates with "from" or "from_template" creates a template from one of them
// or from a copy of one of the municipality's templates, as the site's "Ny rapportmall"
// form does (newTemplateFrom).

// apiStarterTemplates lists the starting templates as POST …/templates with "from" would
// create them now: the ID free in the municipality, and the boards' money table most of
// its boards use as the ref of the sections that show the boards' table.
type apiStarterTemplates struct {
	BoardMoneyTable string               `json:"board_money_table"`
	Starters        []apiStarterTemplate `json:"starters"`
}

// apiStarterTemplate is one starting template: its ID (what "from" names), the ID and
// name a template created from it gets when the request leaves them out, and its sections.
type apiStarterTemplate struct {
	ID       string       `json:"id"`
	FreeID   string       `json:"free_id"`
	Name     string       `json:"name"`
	Sections []apiSection `json:"sections"`
}

func (s *Server) apiStarterTemplates(w http.ResponseWriter, r *http.Request) {
	code := r.PathValue("code")
	if err := readable(r, code); err != nil {
		s.apiError(w, r, err)
		return
	}
	ds, err := s.db.SharedDataset(r.Context(), code)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	out := apiStarterTemplates{BoardMoneyTable: ds.BoardMoneyTableID(), Starters: []apiStarterTemplate{}}
	if out.BoardMoneyTable == "" {
		out.BoardMoneyTable = dataset.StarterBoardTable
	}
	for _, st := range dataset.StarterTemplates() {
		t, _ := dataset.StarterTemplate(ds, st.ID)
		out.Starters = append(out.Starters, apiStarterTemplate{ID: st.ID, FreeID: t.ID, Name: t.Name, Sections: sectionsToAPI(t.Sections)})
	}
	s.writeAPI(w, r, http.StatusOK, out)
}

// templateFromSource makes a new template from the body's "from" (a starting template's
// ID) or "from_template" (one of the municipality's templates) the way the site's form
// does: the source's sections, and its name and a free ID after its ID where the body
// leaves them out. It returns nil when the body names neither. A refused source is an
// error on its field.
func (s *Server) templateFromSource(r *http.Request, code string, body apiTemplate) (*tertial.Template, error) {
	from, fromTpl := strings.TrimSpace(body.From), strings.TrimSpace(body.FromTemplate)
	if from == "" && fromTpl == "" {
		return nil, nil
	}
	var fields []apiFieldError
	if from != "" && fromTpl != "" {
		fields = append(fields, apiFieldError{"from_template", "ange antingen from (en startmall) eller from_template (en av kommunens mallar), inte båda"})
	}
	if len(body.Sections) > 0 {
		fields = append(fields, apiFieldError{"sections", "lämnas tomt när mallen utgår från en annan: avsnitten kommer från den"})
	}
	if len(fields) > 0 {
		return nil, invalidFields(fields...)
	}
	ds, err := s.db.SharedDataset(r.Context(), code)
	if err != nil {
		return nil, err
	}
	source, field := sourceStarter+from, "from"
	if fromTpl != "" {
		source, field = sourceTemplate+fromTpl, "from_template"
	}
	t, ferr := newTemplateFrom(ds, source, strings.TrimSpace(body.ID), strings.TrimSpace(body.Name))
	if ferr != nil {
		value := from
		if fromTpl != "" {
			value = fromTpl
		}
		return nil, invalidFields(apiFieldError{field, fmt.Sprintf("det finns ingen mall %q att utgå från", value)})
	}
	return &t, nil
}
