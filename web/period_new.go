package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/dataset"
	"github.com/tertial/tertial/markdown"
	"github.com/tertial/tertial/report"
)

// The "Ny period" form on the municipality's page: controllers and admins create a period
// of a unit, or the same period of every unit that has the period it is made from (all or
// none), made from an earlier one of the same unit when they choose one (it carries
// the structure and no figures but the year's decided budget: tertial.NewPeriod). The store runs the dataset's rules
// (store.CreatePeriod), and their problems come back beside the fields.

// newPeriodForm is the form as the page shows it.
type newPeriodForm struct {
	Action string
	Fields []formField
	Errors []fieldError
}

// newPeriodFieldOf maps the rule set's name of a period's field to the form's.
var newPeriodFieldOf = map[string]string{"unit": "ny-enhet", "kind": "ny-typ", "id": "ny-id", "title": "ny-titel",
	"start": "ny-start", "cutoff": "ny-brytdatum", "deadline": "ny-sista-dag", "from": "ny-utga-fran", "template": "ny-mall"}

// newPeriodFields returns the form's fields, empty but for their choices.
func newPeriodFields(ds *tertial.Dataset) []formField {
	units := []option{{"", "Välj enhet"}}
	for _, u := range ds.Units {
		units = append(units, option{u.ID, u.Name})
	}
	kinds := []option{}
	for _, k := range []tertial.PeriodKind{tertial.PeriodInterim, tertial.PeriodAnnual, tertial.PeriodPlan} {
		label := report.PeriodKindLabels[k]
		if k == tertial.PeriodAnnual {
			// Fullmäktige's annual period is the municipality's årsredovisning.
			label += " (fullmäktige: " + strings.ToLower(report.PeriodKindLabel(&tertial.Unit{Kind: tertial.UnitCouncil}, k)) + ")"
		}
		kinds = append(kinds, option{string(k), label})
	}
	from := []option{{"", "Ingen: en tom period"}}
	for _, p := range ds.Periods {
		name := p.Unit
		if u := ds.Unit(p.Unit); u != nil {
			name = u.Name
		}
		from = append(from, option{p.Unit + "/" + p.ID, name + ": " + p.Title + " (" + p.ID + ")"})
	}
	templates := []option{{"", "Samma som perioden den utgår från"}}
	for _, t := range ds.Templates {
		templates = append(templates, option{t.ID, t.Name})
	}
	for _, t := range dataset.StarterTemplates() {
		templates = append(templates, option{sourceStarter + t.ID, "Ny mall från startmallen " + t.Name})
	}
	const date = "ÅÅÅÅ-MM-DD, till exempel 2022-08-31."
	return []formField{
		{Name: "ny-enhet", Label: "Enhet", Type: "select", Options: units},
		{Name: "ny-omfattning", Label: "För vilka enheter", Type: "select", Value: "en",
			Options: []option{{"en", "Den valda enheten"}, {"alla", "Alla enheter som har perioden att utgå från"}},
			Hint:    "Alla: samma period skapas för varje enhet som har en period med samma id som den valda att utgå från, var och en utifrån sin egen, och enheten ovan behöver inte väljas. Antingen skapas perioden för alla eller för ingen."},
		{Name: "ny-typ", Label: "Typ av period", Type: "select", Options: kinds, Value: string(tertial.PeriodInterim),
			Hint: "En verksamhetsplan kan beslutas och låsas innan året börjar."},
		{Name: "ny-utga-fran", Label: "Utgå från", Type: "select", Options: from,
			Hint: "En tidigare period av samma enhet. Mallen, tabellernas rader, kolumner och kontomappning, texternas rubriker och bedömningarnas områden följer med; inga siffror, texter eller bedömningar. Undantaget är årets budget: en delårsrapport eller årsredovisning som utgår från årets plan, eller från en tidigare uppföljning samma år, får budgeten för helåret som ram att mätas mot. Den tidigare periodens texter visas när de nya skrivs."},
		{Name: "ny-mall", Label: "Rapportmall", Type: "select", Options: templates,
			Hint: "Vilka avsnitt rapporten har. En period som inte utgår från någon behöver en mall för att kunna granskas och beslutas. En startmall skapas som en ny mall i kommunen, som du sedan kan ändra under Rapportmallar; Årsredovisning (kommun) och Delårsrapport (kommun) är för fullmäktiges period."},
		{Name: "ny-id", Label: "Id", Hint: "Unikt inom enheten: små bokstäver a–z, siffror, - och _, till exempel 2022-08."},
		{Name: "ny-titel", Label: "Titel", Hint: "Rapportens titel, till exempel Delårsrapport per 31 augusti 2022."},
		{Name: "ny-start", Label: "Första dag (valfri)", Hint: "ÅÅÅÅ-MM-DD, till exempel 2022-01-01. Tom: 1 januari brytdatumets år."},
		{Name: "ny-brytdatum", Label: "Brytdatum", Hint: date},
		{Name: "ny-sista-dag", Label: "Sista dag för underlaget (valfri)", Hint: date},
	}
}

// newPeriodFormFor returns the form for the user, or nil when they may not create periods.
func newPeriodFormFor(r *http.Request, ds *tertial.Dataset) *newPeriodForm {
	if !tertial.Can(userFrom(r.Context()), tertial.ActEditStructure, tertial.AccessTarget{Municipality: ds.Municipality.Code}) {
		return nil
	}
	return &newPeriodForm{Action: "/kommuner/" + ds.Municipality.Code + "/perioder", Fields: newPeriodFields(ds)}
}

func (s *Server) handleNewPeriod(w http.ResponseWriter, r *http.Request) {
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
	form := newPeriodFormFor(r, ds)
	if form == nil {
		s.error(w, r, tertial.Errorf(tertial.EFORBIDDEN, "Du har inte behörighet att skapa perioder i den här kommunen."))
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		s.error(w, r, tertial.Errorf(tertial.EINVALID, "Formuläret kunde inte läsas."))
		return
	}
	for i := range form.Fields {
		form.Fields[i].Value = strings.TrimSpace(r.PostForm.Get(form.Fields[i].Name))
	}
	value := func(name string) string { return strings.TrimSpace(r.PostForm.Get(name)) }
	spec := tertial.PeriodSpec{Unit: value("ny-enhet"), ID: value("ny-id"), Kind: tertial.PeriodKind(value("ny-typ")),
		Title: value("ny-titel"), Template: value("ny-mall")}
	var errs []fieldError
	for _, d := range []struct {
		name string
		dst  *time.Time
	}{{"ny-start", &spec.Start}, {"ny-brytdatum", &spec.Cutoff}, {"ny-sista-dag", &spec.Deadline}} {
		t, msg := parseDay(value(d.name))
		if msg != "" {
			errs = append(errs, fieldError{d.name, tertial.Capitalize(msg) + "."})
		}
		*d.dst = t
	}
	all := value("ny-omfattning") == "alla"
	if f := value("ny-utga-fran"); f != "" {
		unit, id, _ := strings.Cut(f, "/")
		if !all && spec.Unit != "" && unit != spec.Unit {
			errs = append(errs, fieldError{"ny-utga-fran", "Perioden att utgå från hör till en annan enhet: välj en av den valda enhetens perioder."})
		}
		spec.From = id
	} else if all {
		errs = append(errs, fieldError{"ny-utga-fran", "Välj perioden att utgå från: perioden skapas för varje enhet som har en period med samma id."})
	}
	// For all: the same period for every unit with a period of from's ID, each made from
	// its own.
	specs := []tertial.PeriodSpec{spec}
	if all && spec.From != "" {
		specs = nil
		for _, u := range ds.Units {
			if ds.Period(u.ID, spec.From) != nil {
				each := spec
				each.Unit = u.ID
				specs = append(specs, each)
			}
		}
	}
	// A starting template becomes a template of the municipality, created with the periods.
	var starter *tertial.Template
	if id, ok := strings.CutPrefix(spec.Template, sourceStarter); ok {
		if t, found := dataset.StarterTemplate(ds, id); found {
			starter = &t
			for i := range specs {
				specs[i].Template = t.ID
			}
		} else {
			errs = append(errs, fieldError{"ny-mall", "Det finns ingen startmall " + strconv.Quote(id) + "."})
		}
	}
	if len(errs) == 0 {
		var ps []*tertial.Period
		if starter != nil {
			ps, err = s.db.CreatePeriodsWithTemplate(r.Context(), userFrom(r.Context()).Name, code, *starter, specs)
		} else {
			ps, err = s.db.CreatePeriods(r.Context(), userFrom(r.Context()).Name, code, specs)
		}
		if err == nil && all {
			// Every board's period at once: the matrix shows them side by side.
			http.Redirect(w, r, "/kommuner/"+url.PathEscape(code)+"/perioder/"+url.PathEscape(spec.ID)+"/arbetsflode", http.StatusSeeOther)
			return
		}
		if err == nil {
			http.Redirect(w, r, periodURL(code, ps[0].Unit, ps[0].ID), http.StatusSeeOther)
			return
		}
		for _, pr := range tertial.ProblemsOf(err) {
			name, ok := newPeriodFieldOf[pr.Path]
			if !ok {
				name = form.Fields[0].Name // never lost
			}
			msg := pr.Message
			// With several units the store begins a unit's problems with its ID.
			for _, sp := range specs {
				if u := ds.Unit(sp.Unit); len(specs) > 1 && u != nil && strings.HasPrefix(msg, u.ID+": ") {
					msg = u.Name + ": " + strings.TrimPrefix(msg, u.ID+": ")
					break
				}
			}
			errs = append(errs, fieldError{name, tertial.Capitalize(msg) + "."})
		}
		if len(errs) == 0 {
			s.error(w, r, err)
			return
		}
	}
	form.Errors = errs
	for i := range form.Fields {
		for _, e := range errs {
			if e.Field == form.Fields[i].Name && form.Fields[i].Error == "" {
				form.Fields[i].Error = e.Message
			}
		}
	}
	page := s.municipalityPage(r, ds)
	page.NewPeriod = form
	page.Title = "Fel i ny period – " + page.Title
	s.render(w, r, http.StatusUnprocessableEntity, "municipality.html", page)
}

// periodFacts are what the period page says about a period's place in the cycle: what it
// was made from and the board's decision.
type periodFacts struct {
	FromURL, FromTitle string
	Decision           string // "22 september 2021, § 12"; "" until decided
}

func periodFactsOf(ds *tertial.Dataset, per *tertial.Period) periodFacts {
	f := periodFacts{Decision: decisionText(per)}
	if from := ds.Period(per.Unit, per.From); per.From != "" && from != nil {
		f.FromURL, f.FromTitle = periodURL(ds.Municipality.Code, per.Unit, from.ID), from.Title
	}
	return f
}

// previousText is the text a text section had in the period this one was made from,
// shown read-only beside the text form ("Förra periodens text").
type previousText struct {
	PeriodTitle string
	Body        template.HTML // the Markdown, rendered; "" when the text was empty there too
}

// previousTextOf returns the text's previous version, or nil when the period was made
// from none or that period had no such text.
func previousTextOf(pc *periodCtx, textID string) *previousText {
	t, from := pc.ds.PreviousText(pc.unit.ID, pc.per.ID, textID)
	if t == nil {
		return nil
	}
	p := &previousText{PeriodTitle: from.Title}
	if strings.TrimSpace(t.Body) != "" {
		p.Body = markdown.Preview(t.Body, 3)
	}
	return p
}
