package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/dataset"
	"github.com/tertial/tertial/report"
	"github.com/tertial/tertial/store"
)

// A period's settings in the browser (…/perioder/{period}/installningar): its title, first
// day, cut-off, deadline for the units' content (sista dag för underlag), report template,
// status word and cover text. Those who may create periods may change them
// (tertial.ActEditStructure: controllers and admins of the municipality), while the
// period is open. The store runs the dataset's rules on the whole (store.
// UpdatePeriodSettings): a cut-off that makes the period overlap another of the unit's of
// the same kind comes back beside the field. A stale version is refused (409) like the
// other structure forms'; a locked period with a message that says why.

func (s *Server) periodSettingsRoutes() {
	const path = "/kommuner/{code}/enheter/{unit}/perioder/{period}/installningar"
	s.mux.HandleFunc("GET "+path, s.handlePeriodSettings)
	s.mux.HandleFunc("POST "+path, s.handlePeriodSettings)
}

func periodSettingsURL(pc *periodCtx) string { return pc.url + "/installningar" }

// periodSettingsFieldOf maps the rule set's name of a period's field to the form's.
var periodSettingsFieldOf = map[string]string{"title": "titel", "start": "forsta-dag", "cutoff": "brytdatum",
	"deadline": "sista-dag", "template": "mall", "status": "status", "cover_text": "forsattsblad"}

// lockedSettingsMessage is why a locked period's settings cannot be changed.
const lockedSettingsMessage = "Perioden är låst: nämnden har fattat beslut och periodens inställningar kan inte ändras. Lås upp perioden i arbetsflödet om beslutet ska rättas."

type periodSettingsPage struct {
	base
	Title, Heading              string
	MuniURL, MuniName           string
	PeriodURL, PeriodTitle      string
	WorkflowURL, History        string
	Action                      string
	Version                     int
	Fields                      []formField
	Errors                      []fieldError
	Locked, Notice              string
	FromTitle, FromURL, KindStr string
	ID                          string
}

func dayText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

// periodSettingsFields are the form's fields holding the period's settings.
func periodSettingsFields(ds *tertial.Dataset, per *tertial.Period) []formField {
	templates := []option{{"", "Ingen mall"}}
	for _, t := range ds.Templates {
		templates = append(templates, option{t.ID, t.Name})
	}
	for _, t := range dataset.StarterTemplates() {
		templates = append(templates, option{sourceStarter + t.ID, "Ny mall från startmallen " + t.Name})
	}
	const date = "ÅÅÅÅ-MM-DD, till exempel 2022-08-31."
	return []formField{
		{Name: "titel", Label: "Titel", Value: per.Title, Hint: "Rapportens titel, till exempel Delårsrapport per 31 augusti 2022."},
		{Name: "forsta-dag", Label: "Första dag (valfri)", Value: dayText(per.Start), Hint: "ÅÅÅÅ-MM-DD, till exempel 2022-01-01. Tom: 1 januari brytdatumets år."},
		{Name: "brytdatum", Label: "Brytdatum", Value: dayText(per.Cutoff), Hint: date + " Periodens sista dag."},
		{Name: "sista-dag", Label: "Sista dag för underlag (valfri)", Value: dayText(per.Deadline),
			Hint: date + " När enhetens underlag ska vara klart för granskning. Varje enhets period har sin egen; arbetsflödet visar den."},
		{Name: "mall", Label: "Rapportmall", Type: "select", Options: templates, Value: per.Template,
			Hint: "Vilka avsnitt rapporten har. En period utan mall kan inte granskas och beslutas. En startmall skapas som en ny mall i kommunen, som du sedan kan ändra under Rapportmallar; Årsredovisning (kommun) och Delårsrapport (kommun) är för fullmäktiges period."},
		{Name: "status", Label: "Status på försättsbladet (valfri)", Value: per.Status,
			Hint: "Ett ord eller några på en rad, högst 40 tecken, till exempel Påbörjad, Klar eller Beslutad."},
		{Name: "forsattsblad", Label: "Text på försättsbladet (valfri)", Type: "textarea", Value: per.CoverText, Markdown: true,
			Hint: "Markdown: tom rad mellan stycken, **fet**, *kursiv*."},
	}
}

// handlePeriodSettings shows and saves a period's settings.
func (s *Server) handlePeriodSettings(w http.ResponseWriter, r *http.Request) {
	pc := s.pagePeriod(w, r)
	if pc == nil {
		return
	}
	if !pc.can(tertial.ActEditStructure) {
		s.error(w, r, tertial.Errorf(tertial.EFORBIDDEN, "Du har inte behörighet att ändra periodens inställningar."))
		return
	}
	code := pc.ds.Municipality.Code
	page := &periodSettingsPage{Title: "Inställningar: " + pc.unit.Name + ", " + pc.per.Title, Heading: "Periodens inställningar",
		MuniURL: "/kommuner/" + code, MuniName: pc.ds.Municipality.Name, PeriodURL: pc.url, PeriodTitle: pc.unit.Name + ": " + pc.per.Title,
		WorkflowURL: pc.url + "/arbetsflode", History: historyURL(code, "period", pc.ref.Unit+"/"+pc.ref.Period),
		Action: periodSettingsURL(pc), Version: pc.per.Version, Fields: periodSettingsFields(pc.ds, pc.per), ID: pc.per.ID,
		KindStr: report.PeriodKindLabel(pc.unit, pc.per.Kind)}
	if from := pc.ds.Period(pc.per.Unit, pc.per.From); pc.per.From != "" && from != nil {
		page.FromTitle, page.FromURL = from.Title, periodURL(code, pc.per.Unit, from.ID)
	}
	locked := pc.per.State == tertial.PeriodLocked
	if locked {
		page.Locked = lockedSettingsMessage
		page.Fields = nil
	}
	if r.Method == http.MethodGet {
		if r.URL.Query().Get("sparad") == "1" {
			page.Notice = "Inställningarna är sparade."
		}
		s.render(w, r, http.StatusOK, "periodsettings.html", page)
		return
	}
	if locked {
		s.error(w, r, tertial.Errorf(tertial.ELOCKED, lockedSettingsMessage))
		return
	}
	if err := s.parseStructureForm(w, r); err != nil {
		s.error(w, r, err)
		return
	}
	formValues(r, page.Fields)
	v := func(n string) string { return strings.TrimSpace(r.PostForm.Get(n)) }
	set := store.PeriodSettings{Title: v("titel"), Template: v("mall"), Status: v("status"),
		CoverText: strings.TrimSpace(tertial.NormalizeNewlines(r.PostForm.Get("forsattsblad"))), Version: postedVersion(r)}
	var errs []fieldError
	for _, d := range []struct {
		name string
		dst  *time.Time
	}{{"forsta-dag", &set.Start}, {"brytdatum", &set.Cutoff}, {"sista-dag", &set.Deadline}} {
		t, msg := parseDay(v(d.name))
		if msg != "" {
			errs = append(errs, fieldError{d.name, tertial.Capitalize(msg) + "."})
		}
		*d.dst = t
	}
	// A starting template becomes a template of the municipality, created with the change.
	if id, ok := strings.CutPrefix(set.Template, sourceStarter); ok {
		if t, found := dataset.StarterTemplate(pc.ds, id); found {
			set.NewTemplate, set.Template = &t, t.ID
		} else {
			errs = append(errs, fieldError{"mall", "Det finns ingen startmall " + strconv.Quote(id) + "."})
		}
	}
	if len(errs) == 0 {
		_, err := s.db.UpdatePeriodSettings(r.Context(), pc.user.Name, pc.ref, set)
		if err == nil {
			http.Redirect(w, r, periodSettingsURL(pc)+"?sparad=1", http.StatusSeeOther)
			return
		}
		if errs = placeErrors(err, page.Fields, func(p string) string { return periodSettingsFieldOf[p] }); len(errs) == 0 {
			s.error(w, r, err)
			return
		}
	}
	// The cover text keeps its line breaks as typed.
	for i := range page.Fields {
		if page.Fields[i].Name == "forsattsblad" {
			page.Fields[i].Value = set.CoverText
		}
	}
	page.Version, page.Errors = set.Version, errs
	markErrors(page.Fields, errs)
	page.Title = "Fel – " + page.Title
	s.render(w, r, http.StatusUnprocessableEntity, "periodsettings.html", page)
}
