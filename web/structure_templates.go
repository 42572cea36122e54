package web

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/dataset"
	"github.com/tertial/tertial/report"
)

// The report templates' pages: the municipality's templates, a new one, and a template's
// sections in order, each with its kind, title, ref and options (years, base years, goal
// filters, layout, cover fields). A section can sit one level down, under the section
// before it.

func templatesURL(code string) string { return "/kommuner/" + code + "/struktur/mallar" }

// structureMuni loads the municipality for a template page and checks that the user may
// edit its structure; it answers the error itself and returns nil when the handler is done.
func (s *Server) structureMuni(w http.ResponseWriter, r *http.Request) *tertial.Dataset {
	code := r.PathValue("code")
	if err := readable(r, code); err != nil {
		s.error(w, r, err)
		return nil
	}
	ds, err := s.db.SharedDataset(r.Context(), code)
	if err != nil {
		s.error(w, r, err)
		return nil
	}
	if !tertial.Can(userFrom(r.Context()), tertial.ActEditStructure, tertial.AccessTarget{Municipality: code}) {
		s.error(w, r, tertial.Errorf(tertial.EFORBIDDEN, "Du har inte behörighet att ändra rapportmallarna i den här kommunen."))
		return nil
	}
	if r.Method == http.MethodPost {
		r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
		if err := r.ParseForm(); err != nil {
			s.error(w, r, tertial.Errorf(tertial.EINVALID, "Formuläret kunde inte läsas."))
			return nil
		}
	}
	return ds
}

// GET/POST /kommuner/{code}/struktur/mallar

func (s *Server) handleTemplates(w http.ResponseWriter, r *http.Request) {
	ds := s.structureMuni(w, r)
	if ds == nil {
		return
	}
	code := ds.Municipality.Code
	var errs []fieldError
	form := url.Values{}
	if r.Method == http.MethodPost {
		form = r.PostForm
		t, srcErr := newTemplateFrom(ds, strings.TrimSpace(form.Get("utga-fran")), strings.TrimSpace(form.Get("id")), strings.TrimSpace(form.Get("namn")))
		if srcErr != nil {
			errs = []fieldError{*srcErr}
		} else {
			err := s.db.SaveTemplate(r.Context(), userFrom(r.Context()).Name, code, t, true)
			if err == nil {
				http.Redirect(w, r, templatesURL(code)+"/"+t.ID, http.StatusSeeOther)
				return
			}
			if errs = problemErrors(err, func(p string) string { return map[string]string{"id": "id", "name": "namn"}[p] }, "id"); len(errs) == 0 {
				s.error(w, r, err)
				return
			}
		}
	}
	page := &structPage{Title: "Rapportmallar – " + ds.Municipality.Name, Heading: "Rapportmallar", BackURL: "/kommuner/" + code, BackLabel: ds.Municipality.Name,
		Intro: "En rapportmall bestämmer en rapports avsnitt och deras ordning. Varje period väljer sin mall."}
	for _, t := range ds.Templates {
		page.Links = append(page.Links, option{templatesURL(code) + "/" + t.ID, t.Name + " (" + t.ID + ")"})
	}
	page.Forms = []*structForm{{ID: "ny-mall", Heading: "Ny rapportmall", Action: templatesURL(code), Submit: "Skapa mallen",
		Fields: []formField{
			{Name: "utga-fran", Label: "Utgå från", Type: "select", Options: templateSources(ds), Value: form.Get("utga-fran"),
				Hint: "En startmall har avsnitten som rapporten brukar ha; du kan ändra dem efteråt. Kommunens årsredovisning och delårsrapport används i fullmäktiges period och sammanställer nämndernas perioder med samma brytdatum. " + boardTableHint(ds)},
			{Name: "id", Label: "Id", Value: form.Get("id"), Hint: "Unikt i kommunen: små bokstäver a–z, siffror, - och _, till exempel arsredovisning. Tom när mallen utgår från en annan: ett ledigt id efter den."},
			{Name: "namn", Label: "Namn", Value: form.Get("namn"), Hint: "Tom när mallen utgår från en annan: dess namn."},
		}}}
	s.showStructPage(w, r, page, errs, "Fel i ny mall")
}

// Where a new template starts (the "utga-fran" field): empty, a starting template
// (dataset.StarterTemplates) or a template of the municipality.
const (
	sourceStarter  = "start:"
	sourceTemplate = "mall:"
)

// templateSources are the choices of where a new template starts.
func templateSources(ds *tertial.Dataset) []option {
	out := []option{{"", "Tom mall: försättsblad och innehållsförteckning"}}
	for _, t := range dataset.StarterTemplates() {
		out = append(out, option{sourceStarter + t.ID, "Startmall: " + t.Name})
	}
	for _, t := range ds.Templates {
		out = append(out, option{sourceTemplate + t.ID, "Kopia av kommunens mall: " + t.Name + " (" + t.ID + ")"})
	}
	return out
}

// newTemplateFrom makes the new template from its source (templateSources): its sections,
// and the source's name and a free ID after the source's when the form leaves them empty.
// An unknown source is an error on the field.
func newTemplateFrom(ds *tertial.Dataset, source, id, name string) (tertial.Template, *fieldError) {
	t := tertial.Template{ID: id, Name: name}
	switch {
	case source == "":
		t.Sections = []tertial.Section{{Kind: tertial.SectionCover}, {Kind: tertial.SectionTOC}}
		return t, nil
	case strings.HasPrefix(source, sourceStarter):
		st, ok := dataset.StarterTemplate(ds, strings.TrimPrefix(source, sourceStarter))
		if !ok {
			break
		}
		t.Sections = st.Sections
		if t.ID == "" {
			t.ID = st.ID
		}
		if t.Name == "" {
			t.Name = st.Name
		}
		return t, nil
	case strings.HasPrefix(source, sourceTemplate):
		src := ds.Template(strings.TrimPrefix(source, sourceTemplate))
		if src == nil {
			break
		}
		t.Sections = tertial.CloneSections(src.Sections)
		if t.ID == "" {
			t.ID = ds.FreeTemplateID(src.ID + "-kopia")
		}
		if t.Name == "" {
			t.Name = src.Name + " (kopia)"
		}
		return t, nil
	}
	return t, &fieldError{"utga-fran", fmt.Sprintf("Det finns ingen mall %q att utgå från.", source)}
}

// boardTableHint says which money table the boards' sections of a starting template name.
func boardTableHint(ds *tertial.Dataset) string {
	id := ds.BoardMoneyTableID()
	if id == "" {
		return "Nämndernas budgetavvikelser och avstämningen av nettokostnaderna visar den pengatabell i varje nämnds period som har id:t " + dataset.StarterBoardTable + "; ändra avsnittets id (Visar) om nämndernas tabell har ett annat id."
	}
	return "Nämndernas budgetavvikelser och avstämningen av nettokostnaderna visar den pengatabell i varje nämnds period som har id:t " + id + ", det som de flesta nämnderna använder; id:t i avsnittet (Visar) måste vara nämndernas tabells id."
}

// flatSection is a section of the template form with whether it sits under the one before.
type flatSection struct {
	tertial.Section
	Sub bool
}

func flattenSections(ss []tertial.Section) []flatSection {
	var out []flatSection
	for _, s := range ss {
		sub := s.Sections
		s.Sections = nil
		out = append(out, flatSection{Section: s})
		for _, c := range sub {
			c.Sections = nil // the form nests one level
			out = append(out, flatSection{Section: c, Sub: true})
		}
	}
	return out
}

func parseSections(form url.Values) []flatSection {
	v := func(name string) string { return strings.TrimSpace(form.Get(name)) }
	var out []flatSection
	for i := 0; form.Has(fmt.Sprintf("s%d-slag", i)); i++ {
		p := fmt.Sprintf("s%d-", i)
		if v(p+"bort") == "ja" || (v(p+"slag") == "" && v(p+"titel") == "") {
			continue
		}
		s := tertial.Section{Kind: tertial.SectionKind(v(p + "slag")), Title: v(p + "titel"), Ref: v(p + "ref"),
			BaseYears: v(p+"basar") == "ja", Levels: splitList(v(p + "nivaer")), Areas: splitList(v(p + "omraden")),
			Owners: splitList(v(p + "agare")), Tags: splitList(v(p + "taggar")), Layout: tertial.GoalsLayout(v(p + "layout"))}
		s.Years, _ = strconv.Atoi(v(p + "ar"))
		for _, d := range splitList(v(p + "dimensioner")) {
			s.Dimensions = append(s.Dimensions, tertial.Dimension(d))
		}
		for _, f := range splitList(v(p + "uppgifter")) {
			s.Fields = append(s.Fields, tertial.CoverField(f))
		}
		out = append(out, flatSection{Section: s, Sub: v(p+"under") == "ja"})
	}
	return out
}

// nestSections makes the template's sections, with each section's path in the dataset's
// terms; a first section cannot sit under one before it.
func nestSections(flat []flatSection) ([]tertial.Section, []string, []fieldError) {
	var out []tertial.Section
	paths := make([]string, len(flat))
	var errs []fieldError
	for i, f := range flat {
		if f.Sub {
			if len(out) == 0 {
				errs = append(errs, fieldError{fmt.Sprintf("s%d-under", i), "Det första avsnittet kan inte ligga under ett annat."})
				continue
			}
			last := &out[len(out)-1]
			paths[i] = fmt.Sprintf("sections[%d].sections[%d]", len(out)-1, len(last.Sections))
			last.Sections = append(last.Sections, f.Section)
			continue
		}
		paths[i] = fmt.Sprintf("sections[%d]", len(out))
		out = append(out, f.Section)
	}
	return out, paths, errs
}

var sectionMove = regexp.MustCompile(`^s(\d+)-(upp|ned)$`)

// sectionField maps a problem's path in the template to the form's field.
func sectionField(paths []string) func(string) string {
	names := map[string]string{"kind": "slag", "title": "titel", "ref": "ref", "years": "ar", "base_years": "basar", "levels": "nivaer",
		"areas": "omraden", "dimensions": "dimensioner", "owners": "agare", "tags": "taggar", "layout": "layout", "fields": "uppgifter"}
	return func(p string) string {
		if p == "name" {
			return "namn"
		}
		best, at := -1, 0
		for i, sp := range paths {
			if sp != "" && strings.HasPrefix(p, sp+".") && len(sp) > at {
				best, at = i, len(sp)
			}
		}
		if best < 0 {
			return ""
		}
		rest := strings.TrimPrefix(p, paths[best]+".")
		if k, _, ok := strings.Cut(rest, "["); ok {
			rest = k
		}
		if f, ok := names[rest]; ok {
			return fmt.Sprintf("s%d-%s", best, f)
		}
		return fmt.Sprintf("s%d-slag", best)
	}
}

// GET/POST /kommuner/{code}/struktur/mallar/{id}

func (s *Server) handleTemplate(w http.ResponseWriter, r *http.Request) {
	ds := s.structureMuni(w, r)
	if ds == nil {
		return
	}
	t := ds.Template(r.PathValue("id"))
	if t == nil {
		s.error(w, r, tertial.Errorf(tertial.ENOTFOUND, "Det finns ingen rapportmall %q.", r.PathValue("id")))
		return
	}
	name := t.Name
	flat := flattenSections(t.Sections)
	var errs []fieldError
	saved := ""
	if r.Method == http.MethodPost {
		name = strings.TrimSpace(r.PostForm.Get("namn"))
		flat = parseSections(r.PostForm)
		if m := sectionMove.FindStringSubmatch(r.PostForm.Get("flytta")); m != nil {
			i, _ := strconv.Atoi(m[1])
			j := i + map[string]int{"upp": -1, "ned": 1}[m[2]]
			if i < len(flat) && j >= 0 && j < len(flat) {
				flat[i], flat[j] = flat[j], flat[i]
			}
		}
		sections, paths, nestErrs := nestSections(flat)
		errs = nestErrs
		if len(errs) == 0 {
			err := s.db.SaveTemplate(r.Context(), userFrom(r.Context()).Name, ds.Municipality.Code, tertial.Template{ID: t.ID, Name: name, Sections: sections}, false)
			if err == nil {
				http.Redirect(w, r, templatesURL(ds.Municipality.Code)+"/"+t.ID+"?sparad=1", http.StatusSeeOther)
				return
			}
			if errs = problemErrors(err, sectionField(paths), "namn"); len(errs) == 0 {
				s.error(w, r, err)
				return
			}
		}
	} else if r.URL.Query().Get("sparad") != "" {
		saved = "Mallen är sparad."
	}
	page := templatePage(ds, t, name, flat)
	page.Saved = saved
	s.showStructPage(w, r, page, errs, "Fel i mallen")
}

// POST /kommuner/{code}/struktur/mallar/{id}/ta-bort

func (s *Server) handleTemplateDelete(w http.ResponseWriter, r *http.Request) {
	ds := s.structureMuni(w, r)
	if ds == nil {
		return
	}
	err := s.db.DeleteTemplate(r.Context(), userFrom(r.Context()).Name, ds.Municipality.Code, r.PathValue("id"))
	if t := ds.Template(r.PathValue("id")); t != nil && len(tertial.ProblemsOf(err)) > 0 {
		page := templatePage(ds, t, t.Name, flattenSections(t.Sections))
		page.Errors = problemErrors(err, func(string) string { return "ta-bort-knapp" }, "ta-bort-knapp")
		page.Title = "Fel – " + page.Title
		s.render(w, r, http.StatusUnprocessableEntity, "tablestructure.html", page)
		return
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	http.Redirect(w, r, templatesURL(ds.Municipality.Code), http.StatusSeeOther)
}

// refOptions are what a section can name: the texts and tables of the periods, and the
// summaries.
func refOptions(ds *tertial.Dataset) []option {
	var out []option
	seen := map[string]bool{"": true}
	add := func(id, label string) {
		if !seen[id] {
			seen[id] = true
			out = append(out, option{id, label})
		}
	}
	for _, r := range tertial.SummaryRefs {
		add(r, "Sammanfattning: "+r)
	}
	for _, p := range ds.Periods {
		for _, t := range p.Texts {
			add(t.ID, "Text: "+t.Title+" ("+t.ID+")")
		}
		for _, t := range p.MoneyTables {
			add(t.ID, "Pengatabell: "+t.Title+" ("+t.ID+")")
		}
		for _, t := range p.FreeTables {
			add(t.ID, "Tabell: "+t.Title+" ("+t.ID+")")
		}
	}
	return out
}

// refHint is the hint of a section's "Visar" field.
const refHint = "För text, pengatabell, tabell, nettokostnad, diagram och sammanfattning: id:t på det som visas. Ett nytt id på en text ger varje öppen period med mallen ett tomt textfält med avsnittets rubrik. " +
	"För nämndernas budgetavvikelser och avstämningen av nämndernas nettokostnader: id:t på pengatabellen (driftredovisningen) i varje nämnds period; det måste vara nämndernas tabells id. " +
	"För räkenskap och sammanställd räkenskap: RR (resultaträkning), BR (balansräkning) eller KF (kassaflödesanalys)."

// statementRefOptions are the statements a statement section can show.
func statementRefOptions() []option {
	var out []option
	for _, id := range tertial.StatementIDs {
		out = append(out, option{string(id), string(id) + " – " + id.Name()})
	}
	return out
}

// refField is a section's "Visar" field: a choice of RR, BR and KF for a statement, and
// otherwise a text field with the period's texts and tables to choose among.
func refField(name string, x tertial.Section, refs []option) formField {
	if x.Kind == tertial.SectionStatement || x.Kind == tertial.SectionConsolidatedStatement {
		opts := statementRefOptions()
		if !slices.ContainsFunc(opts, func(o option) bool { return o.Value == x.Ref }) {
			// What was entered stays, so that its error can name it.
			label := x.Ref
			if label == "" {
				label = "Välj räkenskap"
			}
			opts = append([]option{{x.Ref, label}}, opts...)
		}
		return formField{Name: name, Label: "Visar (räkenskap)", Type: "select", Options: opts, Value: x.Ref,
			Hint: "RR (resultaträkning), BR (balansräkning) eller KF (kassaflödesanalys)."}
	}
	list := append(append([]option{}, refs...), statementRefOptions()...)
	return formField{Name: name, Label: "Visar (text, tabell, sammanfattning eller räkenskap)", List: list, Value: x.Ref, Hint: refHint}
}

var sectionKindLabels = map[tertial.SectionKind]string{
	tertial.SectionCover: "Försättsblad", tertial.SectionTOC: "Innehållsförteckning", tertial.SectionSummary: "Sammanfattning",
	tertial.SectionAssessments: "Samlad bedömning", tertial.SectionGoals: "Mål och resultat", tertial.SectionHeading: "Rubrik",
	tertial.SectionText: "Text", tertial.SectionMoneyTable: "Pengatabell", tertial.SectionFreeTable: "Tabell",
	tertial.SectionNetCostTrend: "Nettokostnadens utveckling", tertial.SectionRisks: "Riskreducerande åtgärder",
	tertial.SectionAudits: "Åtgärder efter granskning", tertial.SectionControls: "Systematiska kontroller",
	tertial.SectionAttachments: "Bilagor", tertial.SectionIndicatorCharts: "Indikatordiagram", tertial.SectionMoneyChart: "Diagram över en pengatabell",
	tertial.SectionAssignments: "Uppdrag", tertial.SectionVision: "Vision", tertial.SectionKeyFigures: "Nyckeltal",
	tertial.SectionCouncilGoals: "Fullmäktiges mål i nämnderna", tertial.SectionBoardDeviations: "Nämndernas budgetavvikelser",
	tertial.SectionBoardReports: "Nämndernas rapporter", tertial.SectionStatement: "Räkenskap (resultaträkning, balansräkning, kassaflödesanalys)",
	tertial.SectionStatementNotes: "Noter", tertial.SectionBalanceRequirement: "Balanskravsutredning",
	tertial.SectionFinancialGoals: "Finansiella mål och god ekonomisk hushållning", tertial.SectionFiveYear: "Femårsöversikt",
	tertial.SectionNetCostReconciliation: "Avstämning av nämndernas nettokostnader mot resultaträkningen",
	tertial.SectionConsolidatedStatement: "Sammanställd räkenskap (kommunkoncernen)",
}

// sectionTerms are the section kinds whose headings are terms of the vocabulary.
var sectionTerms = map[tertial.SectionKind]tertial.Term{
	tertial.SectionSummary: tertial.TermSectionSummary, tertial.SectionAssessments: tertial.TermSectionAssessments,
	tertial.SectionGoals: tertial.TermSectionGoals, tertial.SectionRisks: tertial.TermSectionRisks, tertial.SectionAudits: tertial.TermSectionAudits,
	tertial.SectionControls: tertial.TermSectionControls, tertial.SectionAttachments: tertial.TermSectionAttachments, tertial.SectionVision: tertial.TermVision,
}

// sectionKindLabel names a section kind in the municipality's words where its vocabulary
// has them (the assignments' section is its word for assignments, in the plural).
func sectionKindLabel(m *tertial.Municipality, k tertial.SectionKind) string {
	if t, ok := sectionTerms[k]; ok {
		return m.Word(t, "")
	}
	if k == tertial.SectionAssignments {
		return structWordsOf(m).Assignment.Titles()
	}
	return sectionKindLabels[k]
}

// refWarnings lists the periods using the template in which the section names a text or
// table the period lacks (tertial.Section.RefMissing: a warning, not refused; the same
// finding as tertial check's).
func refWarnings(ds *tertial.Dataset, template string, s tertial.Section) []string {
	var out []string
	for i := range ds.Periods {
		per := &ds.Periods[i]
		if per.Template != template {
			continue
		}
		if msg := s.RefMissing(per); msg != "" {
			out = append(out, unitName(ds, per.Unit)+", "+per.Title+" ("+per.ID+"): "+msg+".")
		}
	}
	return out
}

func templatePage(ds *tertial.Dataset, t *tertial.Template, name string, flat []flatSection) *structPage {
	code, w := ds.Municipality.Code, structWordsOf(&ds.Municipality)
	goalsSection := strings.ToLower(sectionKindLabel(&ds.Municipality, tertial.SectionGoals))
	page := &structPage{Title: t.Name + " – rapportmall", Heading: "Rapportmall: " + t.Name, BackURL: templatesURL(code), BackLabel: "Rapportmallar",
		Intro: "Avsnitten i rapportens ordning. Ett avsnitt kan ligga en nivå ned, under avsnittet före. Alternativen gäller bara de slag som nämns vid dem."}
	kinds := []option{}
	for _, k := range tertial.SectionKinds {
		kinds = append(kinds, option{string(k), sectionKindLabel(&ds.Municipality, k) + " (" + string(k) + ")"})
	}
	refs := refOptions(ds)
	layouts := []option{{"", "Rubrik per " + w.Goal.Word() + " (standard)"}, {string(tertial.GoalsTable), "Tabell per " + w.Area.Word()}}
	var levels, dims []string
	for _, l := range ds.GoalLevels {
		levels = append(levels, l.ID)
	}
	for _, d := range tertial.Dimensions {
		dims = append(dims, string(d)+" ("+report.DimensionLabels[d]+")")
	}
	f := &structForm{ID: "mall", Heading: "Mallen", Action: templatesURL(code) + "/" + t.ID, Submit: "Spara mallen",
		Fields: []formField{{Name: "namn", Label: "Namn", Value: name}}}
	l := structList{ID: "avsnitt", Heading: "Avsnitt"}
	n := len(flat)
	// Blank sections to fill in: enough to build a short report in one save.
	blanks := 2
	if n <= 2 { // a new template: its cover and table of contents
		blanks = 4
	}
	for i, x := range append(append([]flatSection{}, flat...), make([]flatSection, blanks)...) {
		p := fmt.Sprintf("s%d-", i)
		dimsText := make([]string, len(x.Dimensions))
		for j, d := range x.Dimensions {
			dimsText[j] = string(d)
		}
		fieldsText := make([]string, len(x.Fields))
		for j, c := range x.Fields {
			fieldsText[j] = string(c)
		}
		years := ""
		if x.Years != 0 {
			years = strconv.Itoa(x.Years)
		}
		kindOpts := kinds
		if i >= n {
			kindOpts = append([]option{{"", "Välj slag för ett nytt avsnitt"}}, kinds...)
		}
		it := structItem{Legend: fmt.Sprintf("Avsnitt %d: %s %s", i+1, sectionKindLabel(&ds.Municipality, x.Kind), x.Title), Fields: []formField{
			{Name: p + "slag", Label: "Slag", Type: "select", Options: kindOpts, Value: string(x.Kind)},
			{Name: p + "titel", Label: "Rubrik", Value: x.Title},
			refField(p+"ref", x.Section, refs),
			checkbox(p+"under", "Ligger under avsnittet före (en nivå ned)", x.Sub),
			{Name: p + "ar", Label: "Antal år i tabellerna av " + w.Indicator.Plural() + " (" + goalsSection + "; tom: 3)", Type: "number", Value: years},
			checkbox(p+"basar", "Visa också basåren som "+w.Goal.Them()+" jämförs med ("+goalsSection+")", x.BaseYears),
			{Name: p + "nivaer", Label: "Nivåer av " + w.Goal.Plural() + " (" + goalsSection + ", " + w.Assignment.Plural() + " och nyckeltal; tom: alla)", Value: strings.Join(x.Levels, ", "), Hint: "Åtskilda med kommatecken: " + strings.Join(levels, ", ") + "."},
			{Name: p + "omraden", Label: w.Area.Titles() + " (tom: alla)", Value: strings.Join(x.Areas, ", ")},
			{Name: p + "dimensioner", Label: "Hållbarhetsdimensioner (tom: alla)", Value: strings.Join(dimsText, ", "), Hint: "Åtskilda med kommatecken: " + strings.Join(dims, ", ") + "."},
			{Name: p + "agare", Label: "Enheter som äger " + w.Goal.Them() + " (tom: alla)", Value: strings.Join(x.Owners, ", "),
				Hint: "För fullmäktiges mål, nämndernas budgetavvikelser och nämndernas rapporter: de nämnder som sammanställs (tom: alla nämnder med en period av samma slag och samma brytdatum)."},
			{Name: p + "taggar", Label: "Taggar (tom: alla)", Value: strings.Join(x.Tags, ", ")},
			{Name: p + "layout", Label: "Layout (" + goalsSection + ")", Type: "select", Options: layouts, Value: string(x.Layout)},
			{Name: p + "uppgifter", Label: "Uppgifter på försättsbladet", Value: strings.Join(fieldsText, ", "), Hint: "Åtskilda med kommatecken: status, cutoff, organisation, decision."},
		}}
		if i >= n {
			it.Legend = fmt.Sprintf("Nytt avsnitt %d", i-n+1)
		} else {
			it.Warnings = refWarnings(ds, t.ID, x.Section)
			it.Remove = p + "bort"
			if i > 0 {
				it.Up = fmt.Sprintf("s%d-upp", i)
			}
			if i < n-1 {
				it.Down = fmt.Sprintf("s%d-ned", i)
			}
		}
		l.Items = append(l.Items, it)
	}
	f.Lists = []structList{l}
	page.Forms = []*structForm{f, {ID: "ta-bort", Heading: "Ta bort mallen", Action: templatesURL(code) + "/" + t.ID + "/ta-bort", Submit: "Ta bort mallen",
		Fields: []formField{{Name: "ta-bort-knapp", Label: "Mallen tas bort helt", Type: "computed", Value: "En mall som en period använder kan inte tas bort."}}}}
	return page
}
