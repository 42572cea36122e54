package web

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/store"
)

// The municipality's settings in the browser (/kommuner/{code}/installningar): its name,
// county, comparison municipalities for Kolada, its own words for the vocabulary's terms
// and its assessment scales. Administrators of the municipality and system administrators
// may change them (tertial.ActManageUsers: "accounts and settings"); the store checks the
// whole dataset with the rule set (store.UpdateSettings), and its problems come back
// beside the fields. Lists are written one item a line, so the form needs no script.

func (s *Server) settingsRoutes() {
	s.mux.HandleFunc("GET /kommuner/{code}/installningar", s.handleSettings)
	s.mux.HandleFunc("POST /kommuner/{code}/installningar", s.handleSettings)
	s.logoRoutes()
}

func settingsURL(code string) string { return "/kommuner/" + url.PathEscape(code) + "/installningar" }

// maySettings reports whether the user may change the municipality's settings.
func maySettings(u *tertial.User, code string) bool {
	return tertial.Can(u, tertial.ActManageUsers, tertial.AccessTarget{Municipality: code})
}

type settingsPage struct {
	base
	Title, MuniURL, MuniName string
	Form                     adminForm
	Errors                   []fieldError
	Notice                   string
	// The logo's form: the logo's address, text alternative and description when there is
	// one, and the upload's error.
	LogoAction, LogoRemove string
	LogoURL, LogoAlt       string
	LogoInfo, LogoError    string
	// Public is the form of the public pages and the open data's licence (public.go).
	Public *publicSettingsForm
	// Reminders is the form of the municipality's reminders (notifications.go).
	Reminders adminForm
	History   string // the settings' history (history.go)
}

// newSettingsPage is the settings page with the dataset's settings in its forms.
func (s *Server) newSettingsPage(ds *tertial.Dataset, code string) *settingsPage {
	page := &settingsPage{Title: "Inställningar – " + ds.Municipality.Name, MuniURL: "/kommuner/" + url.PathEscape(code), MuniName: ds.Municipality.Name,
		Form:       adminForm{Action: settingsURL(code), Fields: settingsFields(ds.Municipality)},
		LogoAction: settingsURL(code) + "/logotyp", LogoRemove: settingsURL(code) + "/logotyp/ta-bort",
		History: historyURL(code, "municipality", code)}
	if l := ds.Municipality.Logo; l != nil {
		page.LogoURL, page.LogoAlt, page.LogoInfo = logoURL(code), tertial.LogoAlt(ds.Municipality.Name), logoInfo(l)
	}
	return page
}

func termField(t tertial.Term) string       { return "term-" + string(t) }
func scaleField(k tertial.ScaleKind) string { return "skala-" + string(k) }
func scaleLines(levels []tertial.ScaleLevel) string {
	lines := make([]string, len(levels))
	for i, l := range levels {
		lines[i] = l.ID + "; " + l.Name + "; " + l.Symbol
		if l.Colour != "" {
			lines[i] += "; " + string(l.Colour)
		}
	}
	return strings.Join(lines, "\n")
}

var scaleLabels = map[tertial.ScaleKind]string{tertial.ScaleGoals: "Skala för mål", tertial.ScaleIndicators: "Skala för indikatorer",
	tertial.ScaleStatuses: "Skala för status (uppdrag och intern kontroll)"}

// settingsFields are the form's fields holding the settings.
func settingsFields(m tertial.Municipality) []adminField {
	var comp []string
	for _, c := range m.Comparison {
		comp = append(comp, c.Code+" "+c.Name)
	}
	fs := []adminField{
		{Name: "namn", Label: "Kommunens namn", Type: "text", Value: m.Name, Hint: "Som i rapporterna, till exempel Huddinge kommun."},
		{Name: "lan", Label: "Län", Type: "text", Value: m.County, Hint: "Till exempel Stockholms län."},
		{Name: "lanskod", Label: "Länskod (valfri)", Type: "text", Value: m.CountyCode, Hint: "Två siffror, till exempel 01."},
		{Name: "jamforelse", Label: "Jämförelsekommuner för Kolada (valfria)", Type: "textarea", Value: strings.Join(comp, "\n"), Rows: 7,
			Hint: "En kommun per rad i rapportens ordning: kommunkod och namn, till exempel 0180 Stockholm."},
		{Name: "farg", Label: "Kommunens färg på rapporternas försättsblad (valfri)", Type: "text", Value: m.Colour, Placeholder: "#005A9C",
			Pattern: "#[0-9A-Fa-f]{6}", Autocomplete: "off",
			Hint: "# och sex hexadecimala siffror, till exempel #005A9C. Titeln står i vitt på färgen, så färgen ska ha en kontrast på minst 4,5:1 mot vitt (till exempel #767676 eller mörkare). Tomt: ingen färg, försättsbladet ser ut som förut."},
	}
	for _, d := range tertial.TermDefaults {
		hint := "Tomt: " + d.Word + "."
		for _, k := range []tertial.PeriodKind{tertial.PeriodPlan, tertial.PeriodAnnual} {
			if w, ok := d.ByKind[k]; ok {
				hint += fmt.Sprintf(" I %s: %s.", map[tertial.PeriodKind]string{tertial.PeriodPlan: "planer", tertial.PeriodAnnual: "årsredovisningar"}[k], orDash(w))
			}
		}
		fs = append(fs, adminField{Name: termField(d.Term), Label: "Ord för " + strings.ToLower(orDash(d.Word)) + " (" + string(d.Term) + ")",
			Type: "text", Value: m.Vocabulary[d.Term], Placeholder: d.Word, Hint: hint})
	}
	for _, k := range tertial.ScaleKinds {
		fs = append(fs, adminField{Name: scaleField(k), Label: scaleLabels[k] + " (valfri)", Type: "textarea", Value: scaleLines(m.Scales[k]),
			Rows: len(tertial.DefaultScales[k]) + 1, Placeholder: scaleLines(tertial.DefaultScales[k]),
			Hint: "En nivå per rad, den bästa först: id; namn; symbol; färg (färgen kan utelämnas: green, yellow, orange, red, grey eller blue). Symbol och färg visas med namnet, aldrig i stället för det. Tomt: standardskalan, som visas i fältet."})
	}
	return fs
}

func orDash(s string) string {
	if s == "" {
		return "–"
	}
	return s
}

var comparisonLine = regexp.MustCompile(`^(\S+)\s+(.+)$`)

// settingsFromForm reads the settings from the posted form, with what cannot be read.
func settingsFromForm(form url.Values) (store.Settings, []fieldError) {
	v := func(name string) string { return strings.TrimSpace(form.Get(name)) }
	s := store.Settings{Name: v("namn"), County: v("lan"), CountyCode: v("lanskod"), Colour: v("farg"), Vocabulary: tertial.Vocabulary{},
		Scales: map[tertial.ScaleKind][]tertial.ScaleLevel{}}
	var errs []fieldError
	for i, line := range lines(v("jamforelse")) {
		m := comparisonLine.FindStringSubmatch(line)
		if m == nil {
			errs = append(errs, fieldError{"jamforelse", fmt.Sprintf("Rad %d: skriv kommunkod och namn, till exempel 0180 Stockholm.", i+1)})
			continue
		}
		s.Comparison = append(s.Comparison, tertial.ComparisonMunicipality{Code: m[1], Name: strings.TrimSpace(m[2])})
	}
	for _, t := range tertial.Terms {
		if w := v(termField(t)); w != "" {
			s.Vocabulary[t] = w
		}
	}
	for _, k := range tertial.ScaleKinds {
		ls := lines(v(scaleField(k)))
		if len(ls) == 0 {
			continue
		}
		levels := []tertial.ScaleLevel{}
		for i, line := range ls {
			parts := strings.Split(line, ";")
			if len(parts) != 3 && len(parts) != 4 {
				errs = append(errs, fieldError{scaleField(k), fmt.Sprintf("Rad %d: skriv id; namn; symbol (och eventuellt färg), till exempel achieved; Uppnås; ✔; green.", i+1)})
				continue
			}
			l := tertial.ScaleLevel{ID: strings.TrimSpace(parts[0]), Name: strings.TrimSpace(parts[1]), Symbol: strings.TrimSpace(parts[2])}
			if len(parts) == 4 {
				l.Colour = tertial.Colour(strings.TrimSpace(parts[3]))
			}
			levels = append(levels, l)
		}
		s.Scales[k] = levels
	}
	return s, errs
}

// lines returns the text's non-empty lines, trimmed.
func lines(text string) []string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

var listIndex = regexp.MustCompile(`^\[(\d+)\]\.?`)

// settingsFieldError places a problem of the rule set on the form's field: the paths of
// the municipality's settings on theirs (a list's item as its line), a follow-up's
// assessment or status the scale leaves out on the scale's field.
func settingsFieldError(p tertial.Problem) fieldError {
	msg := tertial.Capitalize(p.Message) + "."
	row := func(rest string) string {
		if m := listIndex.FindStringSubmatch(rest); m != nil {
			n, _ := strconv.Atoi(m[1])
			return fmt.Sprintf("Rad %d: %s", n+1, msg)
		}
		return msg
	}
	path := p.Path
	switch {
	case path == "municipality.name":
		return fieldError{"namn", msg}
	case path == "municipality.county":
		return fieldError{"lan", msg}
	case path == "municipality.county_code":
		return fieldError{"lanskod", msg}
	case path == "municipality.colour":
		return fieldError{"farg", msg}
	case strings.HasPrefix(path, "municipality.comparison"):
		return fieldError{"jamforelse", row(strings.TrimPrefix(path, "municipality.comparison"))}
	case strings.HasPrefix(path, "municipality.vocabulary."):
		return fieldError{"term-" + strings.TrimPrefix(path, "municipality.vocabulary."), msg}
	case strings.HasPrefix(path, "municipality.scales."):
		rest := strings.TrimPrefix(path, "municipality.scales.")
		kind, tail, _ := strings.Cut(rest, "[")
		if tail != "" {
			tail = "[" + tail
		}
		return fieldError{"skala-" + kind, row(tail)}
	case strings.HasSuffix(path, ".assessment"):
		return fieldError{scaleField(tertial.ScaleGoals), msg + " (" + path + ")"}
	case strings.HasSuffix(path, ".status"):
		return fieldError{scaleField(tertial.ScaleStatuses), msg + " (" + path + ")"}
	}
	return fieldError{"namn", msg + " (" + path + ")"}
}

func (s *Server) handleSettings(w http.ResponseWriter, r *http.Request) {
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
	if !maySettings(userFrom(r.Context()), code) {
		s.error(w, r, tertial.Errorf(tertial.EFORBIDDEN, "Bara kommunens administratörer kan ändra dess inställningar."))
		return
	}
	page := s.newSettingsPage(ds, code)
	page.Public = s.publicFormFor(r, code)
	if err := s.addReminderForm(r, page, code); err != nil {
		s.error(w, r, err)
		return
	}
	if r.Method == http.MethodGet {
		switch {
		case r.URL.Query().Get("publicering") == "1":
			page.Notice = "Inställningarna för de publika sidorna är sparade."
		case r.URL.Query().Get("sparad") == "1":
			page.Notice = "Inställningarna är sparade."
		case r.URL.Query().Get("logotyp") == "1":
			page.Notice = "Logotypen är sparad."
		case r.URL.Query().Get("logotyp") == "0":
			page.Notice = "Logotypen är borttagen."
		case r.URL.Query().Get("paminnelser") == "1":
			page.Notice = "Påminnelserna är sparade."
		}
		s.render(w, r, http.StatusOK, "settings.html", page)
		return
	}
	s.saveListForm(w, r, page, "settings.html", settingsURL(code)+"?sparad=1", func(form url.Values) ([]fieldError, error) {
		settings, errs := settingsFromForm(form)
		if len(errs) > 0 {
			return errs, nil
		}
		return nil, s.db.UpdateSettings(r.Context(), userFrom(r.Context()).Name, code, settings)
	}, func(ps []tertial.Problem) []fieldError {
		var errs []fieldError
		for _, p := range ps {
			errs = append(errs, settingsFieldError(p))
		}
		return errs
	})
}

// saveListForm ends the post of a page whose lists are written one item a line (the
// settings, the goal levels and areas): it reads the form, lets save read and store it,
// and sends the browser to done; what save could not read, or the rule set's problems as
// place puts them on the fields, comes back beside the fields with what was typed (422).
// Any other error is the error page's.
func (s *Server) saveListForm(w http.ResponseWriter, r *http.Request, page *settingsPage, tmpl, done string,
	save func(url.Values) ([]fieldError, error), place func([]tertial.Problem) []fieldError) {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		s.error(w, r, tertial.Errorf(tertial.EINVALID, "Formuläret kunde inte läsas."))
		return
	}
	page.Form.fill(r.PostForm)
	errs, err := save(r.PostForm)
	if len(errs) == 0 {
		if err == nil {
			http.Redirect(w, r, done, http.StatusSeeOther)
			return
		}
		ps := tertial.ProblemsOf(err)
		if len(ps) == 0 {
			s.error(w, r, err)
			return
		}
		errs = place(ps)
	}
	page.Errors = page.Form.setErrors(errs)
	page.Title = "Fel – " + page.Title
	s.render(w, r, http.StatusUnprocessableEntity, tmpl, page)
}
