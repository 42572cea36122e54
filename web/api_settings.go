package web

import (
	"net/http"
	"strings"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/store"
)

// PUT /api/v1/municipalities/{code}/settings
//
// The municipality's settings, as the settings page changes them (store.UpdateSettings):
// administrators of the municipality and system administrators. The body replaces them
// all; the rule set's problems come back as fields (422) at their dataset paths, and a
// refused change changes nothing.

type apiComparison struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// apiSettings are the settings as the API reads and writes them.
type apiSettings struct {
	Name       string                     `json:"name"`
	County     string                     `json:"county"`
	CountyCode string                     `json:"county_code"`
	Comparison []apiComparison            `json:"comparison"`
	Vocabulary map[string]string          `json:"vocabulary"`
	Scales     map[string][]apiScaleLevel `json:"scales"`
	// The colour of the report's cover, "#RRGGBB" or "" for none: left out of a PUT, it
	// stays as it is (clients from before it keep working); "" removes it.
	Colour *string `json:"colour,omitempty"`
	// The public pages (tertial.PublicSettings): left out of a PUT, they stay as they are.
	PublicPages *bool   `json:"public_pages,omitempty"`
	Licence     *string `json:"licence,omitempty"`
	LicenceURL  *string `json:"licence_url,omitempty"`
}

func settingsJSON(m tertial.Municipality) apiSettings {
	out := apiSettings{Name: m.Name, County: m.County, CountyCode: m.CountyCode, Comparison: []apiComparison{},
		Vocabulary: map[string]string{}, Scales: map[string][]apiScaleLevel{}, Colour: &m.Colour}
	for _, c := range m.Comparison {
		out.Comparison = append(out.Comparison, apiComparison(c))
	}
	for t, w := range m.Vocabulary {
		out.Vocabulary[string(t)] = w
	}
	for k, levels := range m.Scales {
		ls := []apiScaleLevel{}
		for _, l := range levels {
			ls = append(ls, apiScaleLevel{ID: l.ID, Name: l.Name, Symbol: l.Symbol, Colour: string(l.Colour)})
		}
		out.Scales[string(k)] = ls
	}
	return out
}

// settings are the settings the body gives; old is the municipality as it is, for what the
// body leaves out.
func (b apiSettings) settings(old tertial.Municipality) store.Settings {
	s := store.Settings{Name: strings.TrimSpace(b.Name), County: strings.TrimSpace(b.County), CountyCode: strings.TrimSpace(b.CountyCode), Colour: old.Colour}
	if b.Colour != nil {
		s.Colour = strings.TrimSpace(*b.Colour)
	}
	for _, c := range b.Comparison {
		s.Comparison = append(s.Comparison, tertial.ComparisonMunicipality(c))
	}
	if len(b.Vocabulary) > 0 {
		s.Vocabulary = tertial.Vocabulary{}
		for t, w := range b.Vocabulary {
			s.Vocabulary[tertial.Term(t)] = w
		}
	}
	if len(b.Scales) > 0 {
		s.Scales = map[tertial.ScaleKind][]tertial.ScaleLevel{}
		for k, levels := range b.Scales {
			ls := []tertial.ScaleLevel{}
			for _, l := range levels {
				ls = append(ls, tertial.ScaleLevel{ID: l.ID, Name: l.Name, Symbol: l.Symbol, Colour: tertial.Colour(l.Colour)})
			}
			s.Scales[tertial.ScaleKind(k)] = ls
		}
	}
	return s
}

func (s *Server) apiPutSettings(w http.ResponseWriter, r *http.Request) {
	code := r.PathValue("code")
	current, err := s.db.SharedDataset(r.Context(), code)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	if !maySettings(userFrom(r.Context()), code) {
		s.apiError(w, r, tertial.Errorf(tertial.EFORBIDDEN, "Bara kommunens administratörer kan ändra dess inställningar."))
		return
	}
	var body apiSettings
	if err := decodeBody(w, r, &body); err != nil {
		s.apiError(w, r, err)
		return
	}
	// The public settings are checked first, so that a refused change changes nothing.
	ps, err := s.db.PublicSettings(r.Context(), code)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	newPS := ps
	if body.PublicPages != nil {
		newPS.Public = *body.PublicPages
	}
	if body.Licence != nil {
		newPS.Licence = strings.TrimSpace(*body.Licence)
	}
	if body.LicenceURL != nil {
		newPS.LicenceURL = strings.TrimSpace(*body.LicenceURL)
	}
	if problems := newPS.Validate(); len(problems) > 0 {
		s.apiError(w, r, tertial.Invalid(problems))
		return
	}
	if err := s.db.UpdateSettings(r.Context(), userFrom(r.Context()).Name, code, body.settings(current.Municipality)); err != nil {
		s.apiError(w, r, err)
		return
	}
	if newPS != ps {
		if err := s.db.SetPublicSettings(r.Context(), userFrom(r.Context()).Name, code, newPS); err != nil {
			s.apiError(w, r, err)
			return
		}
	}
	ds, err := s.db.SharedDataset(r.Context(), code)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	out := settingsJSON(ds.Municipality)
	out.PublicPages, out.Licence, out.LicenceURL = &newPS.Public, &newPS.Licence, &newPS.LicenceURL
	s.writeAPI(w, r, http.StatusOK, out)
}
