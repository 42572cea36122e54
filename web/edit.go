package web

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/compute"
	"github.com/tertial/tertial/markdown"
	"github.com/tertial/tertial/report"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/sv"
)

// maxFormBytes bounds an edit form's post: its texts are analyses and comments of a few
// pages, and net/http's own bound (10 MB) would let a user send far more to be parsed,
// previewed and saved.
const maxFormBytes = 2 << 20

// formField is one field of an edit form.
type formField struct {
	Group    string // fields of a group are shown together under this legend
	Name     string
	Label    string
	Type     string // text, decimal, number, textarea, select, or computed (shown, never entered)
	Value    string
	Options  []option
	Hint     string
	Error    string
	Markdown bool
	// List suggests values for a text field (a datalist: the browser offers them as the
	// user types, without script); any other value may still be written.
	List []option
}

type option struct{ Value, Label string }

type fieldError struct{ Field, Message string }

// editPage is the page of an edit form.
type editPage struct {
	base
	Title     string
	Heading   string
	Context   string // what the item belongs to
	BackURL   string
	BackLabel string
	Action    string
	Version   int
	Fields    []formField
	Errors    []fieldError
	Saved     bool
	Preview   template.HTML
	History   string
	Ledger    *ledgerPreview
	Previous  *previousText // a text's version in the period this one was made from
	ReadOnly  bool          // a locked period's item: its values shown, no form
	Shown     []shownField  // the values a read-only view shows
	Facts     []fact        // what the item is judged against: targets, earlier years, budget
	NextURL   string        // the next item of "Fyll i", for "Spara och nästa"
	// SavedPrevious says the previous item of "Fyll i" was saved by "Spara och nästa".
	SavedPrevious bool
}

// fact is a figure or status shown beside a form for context, never entered there.
type fact struct{ Label, Value string }

// fieldSection is a run of fields of the same group (Legend "" for fields of none).
type fieldSection struct {
	Legend string
	Fields []formField
}

// Sections groups the fields as the form shows them.
func (p *editPage) Sections() []fieldSection {
	var out []fieldSection
	for _, f := range p.Fields {
		if len(out) == 0 || out[len(out)-1].Legend != f.Group {
			out = append(out, fieldSection{Legend: f.Group})
		}
		out[len(out)-1].Fields = append(out[len(out)-1].Fields, f)
	}
	return out
}

// item is an editable thing of a period: how to show its form and how to save it.
type item struct {
	heading string
	context string
	entity  string // audit entity and key, for the history link
	key     string
	action  tertial.Action
	version int
	fields  []formField
	preview *ledgerPreview // for the account mapping: the ledger as the saved rules map it
	// previous, for a text of a period made from another, is its text there, shown for
	// reference.
	previous *previousText
	// facts are shown beside the form for context.
	facts []fact
	// posted, when set, gives the fields of a posted form whose number of fields the user
	// chooses (the rules of an account mapping), so that none of what was typed is lost
	// when the form comes back with errors or a conflict.
	posted func(form url.Values) []formField
	// save parses the form and saves it as the edit e. Mistakes the form itself finds (a
	// number that is not one) come back as field errors; those of the rule set, which the
	// store checks, as an error with problems (tertial.ProblemsOf) that handleEdit shows
	// beside the fields that problemFields names.
	save func(ctx context.Context, e store.Edit, form url.Values) ([]fieldError, error)
	// problemFields maps a problem's path (the rule set's name of a field, such as "note")
	// to the form field that shows it.
	problemFields map[string]string
}

// formText is a text field as it is saved: line breaks as LF, no surrounding space.
func formText(form url.Values, name string) string {
	return strings.TrimSpace(tertial.NormalizeNewlines(form.Get(name)))
}

// problemErrors puts the rule set's problems beside the form's fields; a problem of a
// field the form does not show goes beside its first field, so it is never lost.
func (it *item) problemErrors(ps []tertial.Problem) []fieldError {
	errs := make([]fieldError, 0, len(ps))
	for _, p := range ps {
		name, ok := it.problemFields[p.Path]
		if !ok && len(it.fields) > 0 {
			name = it.fields[0].Name
		}
		errs = append(errs, fieldError{name, tertial.Capitalize(p.Message) + "."})
	}
	return errs
}

func (s *Server) editRoutes() {
	base := "/kommuner/{code}/enheter/{unit}/perioder/{period}/redigera"
	s.mux.HandleFunc("GET "+base, s.handleEditIndex)
	s.mux.HandleFunc("GET "+base+"/{kind}/{key...}", s.handleEdit)
	s.mux.HandleFunc("POST "+base+"/{kind}/{key...}", s.handleEdit)
	s.mux.HandleFunc("GET /historik", s.handleHistory)
}

func (s *Server) handleEdit(w http.ResponseWriter, r *http.Request) {
	pc := s.pagePeriod(w, r)
	if pc == nil {
		return
	}
	it, err := s.item(pc, r.PathValue("kind"), r.PathValue("key"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	if err := pc.require(it.action); err != nil {
		if r.Method == http.MethodGet && pc.per.State == tertial.PeriodLocked {
			s.renderReadOnly(w, r, pc, it)
			return
		}
		s.error(w, r, err)
		return
	}
	kind, key := r.PathValue("kind"), r.PathValue("key")
	anchor := itemAnchor(kind, key)
	page := &editPage{Title: it.heading, Heading: it.heading, Context: it.context, BackURL: pc.url + "/redigera#" + anchor,
		BackLabel: "Tillbaka till " + pc.per.Title, Action: r.URL.Path, Version: it.version, Fields: it.fields,
		History: "/historik?kommun=" + url.QueryEscape(pc.ds.Municipality.Code) + "&typ=" + url.QueryEscape(it.entity) + "&nyckel=" + url.QueryEscape(it.key),
		Ledger:  it.preview, Previous: it.previous, Facts: it.facts}
	if kind != "kontomappning" {
		order, err := s.fillOrder(pc)
		if err != nil {
			s.error(w, r, err)
			return
		}
		for i, k := range order {
			if k == kind+"/"+key && i+1 < len(order) {
				page.NextURL = pc.url + "/redigera/" + order[i+1]
			}
		}
	}
	if r.Method == http.MethodGet {
		page.Saved = r.URL.Query().Get("sparat") == "1"
		page.SavedPrevious = r.URL.Query().Get("sparat") == "forra"
		s.render(w, r, http.StatusOK, "edit.html", page)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			s.render(w, r, http.StatusRequestEntityTooLarge, "error.html", &errorPage{Title: "Formuläret är för stort", Status: http.StatusRequestEntityTooLarge,
				Message: fmt.Sprintf("Formuläret är större än %d MB: ingenting har sparats. Gå tillbaka, korta texten och försök igen.", maxFormBytes>>20)})
			return
		}
		s.error(w, r, tertial.Errorf(tertial.EINVALID, "Formuläret kunde inte läsas."))
		return
	}
	// The form keeps what the user typed, whatever happens next.
	if it.posted != nil {
		page.Fields = it.posted(r.PostForm)
	}
	for i := range page.Fields {
		if page.Fields[i].Type != "computed" {
			page.Fields[i].Value = r.PostForm.Get(page.Fields[i].Name)
		}
	}
	version, _ := strconv.Atoi(r.PostForm.Get("version"))
	page.Version = version
	if r.PostForm.Get("atgard") == "forhandsgranska" {
		for _, f := range page.Fields {
			if f.Markdown {
				page.Preview += markdown.Preview(f.Value, 3)
			}
		}
		s.render(w, r, http.StatusOK, "edit.html", page)
		return
	}
	errs, err := it.save(r.Context(), pc.edit(version), r.PostForm)
	if ps := tertial.ProblemsOf(err); len(errs) == 0 && len(ps) > 0 {
		errs, err = it.problemErrors(ps), nil
	}
	switch {
	case len(errs) > 0:
		page.Errors = errs
		for i := range page.Fields {
			for _, e := range errs {
				if e.Field == page.Fields[i].Name {
					page.Fields[i].Error = e.Message
				}
			}
		}
		s.render(w, r, http.StatusUnprocessableEntity, "edit.html", page)
	case tertial.ErrorCode(err) == tertial.ECONFLICT:
		s.conflict(w, r, pc, page)
	case err != nil:
		s.error(w, r, err)
	case r.PostForm.Get("atgard") == "nasta" && page.NextURL != "":
		http.Redirect(w, r, page.NextURL+"?sparat=forra", http.StatusSeeOther)
	case kind == "kontomappning":
		// The mapping's form shows the ledger as the saved rules map it: it stays.
		http.Redirect(w, r, r.URL.Path+"?sparat=1", http.StatusSeeOther)
	default:
		// Back to the item's line in "Fyll i", with a confirmation.
		http.Redirect(w, r, pc.url+"/redigera?sparat="+url.QueryEscape(kind+"/"+key)+"#"+anchor, http.StatusSeeOther)
	}
}

// conflictPage shows the saved version beside the user's, so nothing typed is lost.
type conflictPage struct {
	base
	Title   string
	Heading string
	Action  string
	Version any // an int, or the text of a version (the economy's: tertial.EconomyVersion)
	Rows    []conflictRow
	Fields  []formField
	BackURL string
}

type conflictRow struct{ Label, Theirs, Yours string }

func (s *Server) conflict(w http.ResponseWriter, r *http.Request, pc *periodCtx, yours *editPage) {
	// Load the item again as it is saved now.
	fresh, err := s.loadPeriod(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	it, err := s.item(fresh, r.PathValue("kind"), r.PathValue("key"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	page := &conflictPage{Title: "Någon annan har ändrat " + it.heading, Heading: it.heading, Action: r.URL.Path,
		Version: it.version, Fields: yours.Fields, BackURL: pc.url + "/redigera"}
	// Fields are matched by name: a form whose fields depend on the saved data (the rules
	// of an account mapping) may have more or fewer now.
	typed := map[string]string{}
	for _, f := range yours.Fields {
		typed[f.Name] = f.Value
	}
	label := func(f formField) string {
		if f.Group != "" {
			return f.Group + ": " + f.Label
		}
		return f.Label
	}
	saved := map[string]bool{}
	for _, f := range it.fields {
		saved[f.Name] = true
		page.Rows = append(page.Rows, conflictRow{Label: label(f), Theirs: optionLabel(f, f.Value), Yours: optionLabel(f, typed[f.Name])})
	}
	for _, f := range yours.Fields {
		if !saved[f.Name] && f.Value != "" {
			page.Rows = append(page.Rows, conflictRow{Label: label(f), Yours: optionLabel(f, f.Value)})
		}
	}
	s.render(w, r, http.StatusConflict, "conflict.html", page)
}

func optionLabel(f formField, v string) string {
	for _, o := range f.Options {
		if o.Value == v {
			return o.Label
		}
	}
	return v
}

// item returns the editable item of a kind and key in the period.
func (s *Server) item(pc *periodCtx, kind, key string) (*item, error) {
	notFound := tertial.Errorf(tertial.ENOTFOUND, "Det finns inget sådant att redigera i perioden.")
	switch kind {
	case "mal":
		g := pc.ds.Goal(key)
		if g == nil || !tertial.NewPeriodScope(pc.ds, pc.unit, pc.per.Year()).ShowsGoal(g.ID) {
			return nil, notFound
		}
		return s.goalItem(pc, g), nil
	case "indikator", "etappmal":
		id, yearText, _ := strings.Cut(key, "/")
		year, err := strconv.Atoi(yearText)
		ind := indicatorByID(pc.ds, id)
		if err != nil || ind == nil || !pc.showsIndicator(ind) || year < pc.per.Year()-5 || year > pc.per.Year()+1 {
			return nil, notFound
		}
		if kind == "etappmal" {
			return s.targetItem(pc, ind, year), nil
		}
		return s.valueItem(pc, ind, year), nil
	case "uppdrag":
		if !pc.showsStatusItem(tertial.KindAssignment, key) {
			return nil, notFound
		}
		for i := range pc.ds.Assignments {
			if a := &pc.ds.Assignments[i]; a.ID == key {
				return s.statusItem(pc, tertial.KindAssignment, a.ID, pc.words().Of(tertial.TermAssignment)+": "+a.Title, a.Followups), nil
			}
		}
	case "kontroll":
		if !pc.showsStatusItem(tertial.KindControl, key) {
			return nil, notFound
		}
		for _, r := range pc.ds.Risks {
			for _, a := range r.Actions {
				if a.ID == key {
					return s.statusItem(pc, tertial.KindControl, a.ID, "Riskreducerande åtgärd: "+firstLine(a.Action), a.Followups), nil
				}
			}
		}
		for _, a := range pc.ds.Audits {
			if a.ID == key {
				return s.statusItem(pc, tertial.KindControl, a.ID, "Åtgärd efter granskning: "+firstLine(a.Action), a.Followups), nil
			}
		}
		for _, c := range pc.ds.Controls {
			if c.ID == key {
				return s.statusItem(pc, tertial.KindControl, c.ID, "Systematisk kontroll: "+firstLine(c.Control), c.Followups), nil
			}
		}
	case "rad":
		tableID, rowID, _ := strings.Cut(key, "/")
		for i := range pc.per.MoneyTables {
			t := &pc.per.MoneyTables[i]
			if t.ID == tableID {
				if row := findRow(t.Rows, rowID); row != nil && !row.Group {
					return s.moneyItem(pc, t, row), nil
				}
			}
		}
	case "kontomappning":
		for i := range pc.per.MoneyTables {
			if t := &pc.per.MoneyTables[i]; t.ID == key {
				return s.ledgerSetupItem(pc, t), nil
			}
		}
	case "fri":
		tableID, rowID, _ := strings.Cut(key, "/")
		for i := range pc.per.FreeTables {
			t := &pc.per.FreeTables[i]
			if t.ID != tableID {
				continue
			}
			// Only rows with cells have a form: a group's figures are its rows' sums.
			for _, r := range t.Leaves() {
				if r.ID == rowID {
					return s.freeRowItem(pc, t, r), nil
				}
			}
		}
	case "text":
		for _, t := range pc.per.Texts {
			if t.ID == key {
				return s.textItem(pc, t), nil
			}
		}
	}
	return nil, notFound
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, "\n"); i >= 0 {
		s = s[:i]
	}
	if r := []rune(s); len(r) > 80 {
		s = string(r[:79]) + "…"
	}
	return s
}

func indicatorByID(ds *tertial.Dataset, id string) *tertial.Indicator {
	for i := range ds.Indicators {
		if ds.Indicators[i].ID == id {
			return &ds.Indicators[i]
		}
	}
	return nil
}

func findRow(rows []tertial.MoneyRow, id string) *tertial.MoneyRow {
	for i := range rows {
		if rows[i].ID == id {
			return &rows[i]
		}
		if rows[i].Group {
			if r := findRow(rows[i].Rows, id); r != nil {
				return r
			}
		}
	}
	return nil
}

// exactFollowup is the goal's follow-up made in exactly this period, for editing.
func exactFollowup(g *tertial.Goal, per *tertial.Period) *tertial.GoalFollowup {
	for i := range g.Followups {
		f := &g.Followups[i]
		unit := f.Unit
		if unit == "" {
			unit = g.Unit
		}
		if f.Period == per.ID && unit == per.Unit {
			return f
		}
	}
	return nil
}

func exactStatus(fs []tertial.StatusFollowup, itemUnit string, per *tertial.Period) *tertial.StatusFollowup {
	for i := range fs {
		f := &fs[i]
		unit := f.Unit
		if unit == "" {
			unit = itemUnit
		}
		if f.Period == per.ID && unit == per.Unit {
			return f
		}
	}
	return nil
}

// scaleOptions lists the levels of the municipality's scale of the kind in the scale's
// order, each with its symbol before its name, after the choice of none.
func scaleOptions(m *tertial.Municipality, kind tertial.ScaleKind, none string) []option {
	opts := []option{{"", none}}
	for _, l := range m.Scale(kind) {
		label := l.Name
		if l.Symbol != "" {
			label = l.Symbol + " " + label
		}
		opts = append(opts, option{l.ID, label})
	}
	return opts
}

func (s *Server) goalItem(pc *periodCtx, g *tertial.Goal) *item {
	f := exactFollowup(g, pc.per)
	var cur tertial.GoalFollowup
	if f != nil {
		cur = *f
	}
	return &item{
		facts:   goalFacts(pc, g),
		heading: "Mål: " + g.Title, context: pc.unit.Name + ", " + pc.per.Title,
		entity: "goal", key: g.ID + "@" + pc.ref.Unit + "/" + pc.ref.Period, action: tertial.ActEditContent, version: cur.Version,
		fields: []formField{
			{Name: "bedomning", Label: "Bedömning", Type: "select", Value: string(cur.Assessment),
				Options: scaleOptions(&pc.ds.Municipality, tertial.ScaleGoals, "Ingen bedömning ännu"),
				Hint:    "Hur väl målet bedöms nås under året."},
			{Name: "analys", Label: "Analys", Type: "textarea", Value: cur.Analysis, Markdown: true,
				Hint: "Vad som har gjorts och varför resultaten har rört sig. Markdown: tom rad mellan stycken, **fet**, *kursiv*, ### rubrik."},
		},
		problemFields: map[string]string{"assessment": "bedomning", "analysis": "analys"},
		save: func(ctx context.Context, e store.Edit, form url.Values) ([]fieldError, error) {
			f := tertial.GoalFollowup{Assessment: tertial.Assessment(form.Get("bedomning")), Analysis: formText(form, "analys")}
			_, err := s.db.SaveGoalFollowup(ctx, e, g.ID, f)
			return nil, err
		},
	}
}

// goalFacts are the goal's indicators (the year's value and assessment) and assignments
// (their status), shown beside the goal's form.
func goalFacts(pc *periodCtx, g *tertial.Goal) []fact {
	year := pc.per.Year()
	scope := tertial.NewPeriodScope(pc.ds, pc.unit, year)
	var out []fact
	for _, ind := range scope.Indicators(g.ID) {
		c := report.ValueCell(ind, ind.ValueFor(year), "")
		v := c.Text
		if v == "" {
			v = "inget värde"
		}
		ic := indicatorContextOf(pc, ind, year)
		target := "etappmål " + ic.Target
		if ind.TargetFor(year).IsZero() {
			target = "inget etappmål"
		}
		out = append(out, fact{pc.words().Of(tertial.TermIndicator) + ": " + ind.Name, strconv.Itoa(year) + ": " + v + "; " + target + "; " + ic.Assessment})
	}
	for _, a := range scope.Assignments(g.ID) {
		st := "ingen status"
		if f := exactStatus(a.Followups, pc.ds.AssignmentUnit(a), pc.per); f != nil {
			st = levelText(pc, tertial.ScaleStatuses, string(f.Status))
		}
		out = append(out, fact{pc.words().Of(tertial.TermAssignment) + ": " + a.Title, st})
	}
	return out
}

func decimalField(d *tertial.Decimal) string {
	if d == nil {
		return ""
	}
	return sv.Exact(*d)
}

// thousandsSpaces removes the spaces people and Tertial put between thousands: ordinary,
// no-break (as sv writes them, and as a form shows a figure) and narrow no-break.
var thousandsSpaces = strings.NewReplacer(" ", "", "\u00a0", "", "\u202f", "")

// parseDecimalField reads a number the way people type it: decimal comma or point, spaces
// of any kind between thousands, a minus sign of either kind. Empty gives nil.
func parseDecimalField(s string) (*tertial.Decimal, bool) {
	s = strings.ReplaceAll(thousandsSpaces.Replace(strings.TrimSpace(s)), "\u2212", "-")
	if s == "" {
		return nil, true
	}
	d, err := tertial.ParseDecimal(s)
	if err != nil {
		return nil, false
	}
	return &d, true
}

func (s *Server) valueItem(pc *periodCtx, ind *tertial.Indicator, year int) *item {
	var cur tertial.IndicatorValue
	if v := ind.ValueFor(year); v != nil {
		cur = *v
	}
	kind := string(cur.Kind)
	if kind == "" {
		kind = string(tertial.Outcome)
	}
	name := ind.Name
	if ind.Unit != "" {
		name += " (" + ind.Unit + ")"
	}
	// A value computed from the numerator and denominator is not shown as given: saving
	// the form unchanged keeps it computed.
	given := cur.Value
	if cur.Computed {
		given = nil
	}
	ratios := ind.UsesRatios()
	valueHint := "Ett tal med decimalkomma, till exempel 8,9. Saknas värdet: lämna tomt och välj varför nedan."
	if ratios {
		valueHint = "Ett tal med decimalkomma, till exempel 8,9. Lämna tomt för att räkna ut det ur täljare och nämnare nedan. Saknas värdet: lämna tomt och välj varför nedan."
	}
	fields := []formField{
		{Name: "varde", Label: "Värde " + strconv.Itoa(year), Type: "decimal", Value: decimalField(given), Hint: valueHint},
		{Name: "typ", Label: "Typ av värde", Type: "select", Value: kind, Options: []option{
			{string(tertial.Outcome), "Utfall"}, {string(tertial.Forecast), "Prognos"}, {string(tertial.Preliminary), "Preliminärt"}}},
		{Name: "saknas", Label: "Om värdet saknas", Type: "select", Value: string(cur.Missing), Options: []option{
			{"", "–"}, {string(tertial.MissingNotMeasured), "Mäts inte det här året"}, {string(tertial.MissingNotReported), "Redovisas senare"}}},
	}
	if ind.Gender {
		fields = append(fields,
			formField{Name: "kvinnor", Label: "Kvinnor", Type: "decimal", Value: decimalField(cur.Women)},
			formField{Name: "man", Label: "Män", Type: "decimal", Value: decimalField(cur.Men)})
	}
	if ratios {
		per := "täljaren delad med nämnaren"
		if ind.InPercent() {
			per += " gånger 100"
		}
		fields = append(fields,
			formField{Name: "taljare", Label: "Täljare " + strconv.Itoa(year), Type: "decimal", Value: decimalField(cur.Numerator),
				Hint: "Till exempel årets resultat. Ett mål över flera år bedöms på summan av årens täljare delad med summan av deras nämnare."},
			formField{Name: "namnare", Label: "Nämnare " + strconv.Itoa(year), Type: "decimal", Value: decimalField(cur.Denominator),
				Hint: "Till exempel skatteintäkter och generella statsbidrag. Större än noll. Värdet är " + per + "."})
	}
	fields = append(fields, formField{Name: "kommentar", Label: "Kommentar", Type: "textarea", Value: cur.Note, Markdown: true,
		Hint: "Vad värdet avser eller varför det saknas, till exempel när det kommer."})
	ic := indicatorContextOf(pc, ind, year)
	var facts []fact
	for _, e := range ic.Earlier {
		facts = append(facts, fact{"Värde " + e.Value, e.Label})
	}
	facts = append(facts, fact{"Etappmål " + strconv.Itoa(year), ic.Target}, fact{"Bedömning (räknas fram ur det sparade värdet)", ic.Assessment})
	return &item{
		facts:   facts,
		heading: "Indikator: " + name + ", " + strconv.Itoa(year), context: pc.unit.Name + ", " + pc.per.Title,
		entity: "indicator_value", key: ind.ID + "/" + strconv.Itoa(year), action: tertial.ActEditContent, version: cur.Version,
		fields: fields,
		problemFields: map[string]string{"value": "varde", "kind": "typ", "missing": "saknas", "women": "kvinnor", "men": "man",
			"numerator": "taljare", "denominator": "namnare", "note": "kommentar"},
		save: func(ctx context.Context, e store.Edit, form url.Values) ([]fieldError, error) {
			var errs []fieldError
			v := tertial.IndicatorValue{Year: year, Kind: tertial.ValueKind(form.Get("typ")), Missing: tertial.Missing(form.Get("saknas")),
				Note: formText(form, "kommentar")}
			var ok bool
			if v.Value, ok = parseDecimalField(form.Get("varde")); !ok {
				errs = append(errs, fieldError{"varde", "Värdet måste vara ett tal, till exempel 8,9."})
			}
			if ind.Gender {
				if v.Women, ok = parseDecimalField(form.Get("kvinnor")); !ok {
					errs = append(errs, fieldError{"kvinnor", "Värdet för kvinnor måste vara ett tal."})
				}
				if v.Men, ok = parseDecimalField(form.Get("man")); !ok {
					errs = append(errs, fieldError{"man", "Värdet för män måste vara ett tal."})
				}
			}
			if ratios {
				if v.Numerator, ok = parseDecimalField(form.Get("taljare")); !ok {
					errs = append(errs, fieldError{"taljare", "Täljaren måste vara ett tal, till exempel 45,2."})
				}
				if v.Denominator, ok = parseDecimalField(form.Get("namnare")); !ok {
					errs = append(errs, fieldError{"namnare", "Nämnaren måste vara ett tal, till exempel 2 100."})
				}
			}
			if len(errs) > 0 {
				return errs, nil
			}
			_, err := s.db.SaveIndicatorValue(ctx, e, ind.ID, v)
			return nil, err
		},
	}
}

func (s *Server) targetItem(pc *periodCtx, ind *tertial.Indicator, year int) *item {
	version := 0
	if e := ind.TargetEntry(year); e != nil {
		version = e.Version
	}
	cur := ind.TargetFor(year)
	return &item{
		heading: "Etappmål " + strconv.Itoa(year) + ": " + ind.Name, context: pc.unit.Name + ", " + pc.per.Title,
		entity: "indicator_target", key: ind.ID + "/" + strconv.Itoa(year), action: tertial.ActEditContent, version: version,
		fields: []formField{{Name: "mal", Label: "Etappmål " + strconv.Itoa(year), Type: "text", Value: cur.String(),
			Hint: "Till exempel ≥2, <7,9 %, 48, +5,5 km, Länssnitt, Topp tre i länet eller Plats 13 i länet; ≥2 % över 2021–2023 för ett mål över flera år sammanvägt. Tomt: inget etappmål."}},
		problemFields: map[string]string{"year": "mal", "target": "mal"},
		save: func(ctx context.Context, e store.Edit, form url.Values) ([]fieldError, error) {
			t, err := tertial.ParseTarget(form.Get("mal"))
			if err != nil {
				return []fieldError{{"mal", tertial.ErrorMessage(err)}}, nil
			}
			_, err = s.db.SaveIndicatorTarget(ctx, e, ind.ID, tertial.YearTarget{Year: year, Target: t})
			return nil, err
		},
	}
}

func (s *Server) statusItem(pc *periodCtx, kind tertial.StatusKind, id, heading string, fs []tertial.StatusFollowup) *item {
	unit := pc.unit.ID
	if kind == tertial.KindAssignment {
		for i := range pc.ds.Assignments {
			if pc.ds.Assignments[i].ID == id {
				unit = pc.ds.AssignmentUnit(&pc.ds.Assignments[i])
			}
		}
	}
	var cur tertial.StatusFollowup
	if f := exactStatus(fs, unit, pc.per); f != nil {
		cur = *f
	}
	progress := ""
	if cur.Progress != nil {
		progress = strconv.Itoa(*cur.Progress)
	}
	return &item{
		heading: heading, context: pc.unit.Name + ", " + pc.per.Title,
		entity: string(kind), key: id + "@" + pc.ref.Unit + "/" + pc.ref.Period, action: tertial.ActEditContent, version: cur.Version,
		fields: []formField{
			{Name: "status", Label: "Status", Type: "select", Value: string(cur.Status),
				Options: scaleOptions(&pc.ds.Municipality, tertial.ScaleStatuses, "Ingen status ännu")},
			{Name: "fardiggrad", Label: "Färdiggrad i procent (valfritt)", Type: "number", Value: progress, Hint: "Ett heltal 0–100."},
			{Name: "kommentar", Label: "Kommentar", Type: "textarea", Value: cur.Comment, Markdown: true},
		},
		problemFields: map[string]string{"status": "status", "progress": "fardiggrad", "comment": "kommentar"},
		save: func(ctx context.Context, e store.Edit, form url.Values) ([]fieldError, error) {
			f := tertial.StatusFollowup{Status: tertial.Status(form.Get("status")), Comment: formText(form, "kommentar")}
			if p := strings.TrimSpace(form.Get("fardiggrad")); p != "" {
				n, err := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(p, "%")))
				if err != nil {
					return []fieldError{{"fardiggrad", "Färdiggraden måste vara ett heltal mellan 0 och 100."}}, nil
				}
				f.Progress = &n
			}
			_, err := s.db.SaveStatus(ctx, e, tertial.StatusItem{Kind: kind, ID: id}, f)
			return nil, err
		},
	}
}

var moneyColumnLabels = map[tertial.MoneyColumn]string{
	tertial.ColBudget: "Budget helår", tertial.ColForecast: "Prognos helår", tertial.ColPeriodBudget: "Budget för perioden",
	tertial.ColPeriodOutcome: "Utfall för perioden", tertial.ColPriorOutcome: "Utfall samma period föregående år",
}

// moneyItem is the form of a money row. It shows and asks for the amounts as the table
// shows them (compute.MoneyRow.Shown: costs positive on a negated row) and stores them
// back in result sign (Stored), so a form posted unchanged changes no amount.
func (s *Server) moneyItem(pc *periodCtx, t *tertial.MoneyTable, row *tertial.MoneyRow) *item {
	editable := editableColumns(pc, t)
	shown, ok := compute.FindRow(compute.MoneyTable(t), row.ID)
	if !ok {
		// Not reached: row is a row of t with amounts. Shown as stored rather than failing.
		shown = compute.MoneyRow{Kind: compute.BaseRow, ID: row.ID, Amounts: compute.Amounts(row.Amounts)}
	}
	hint := signHint(t, &shown)
	frame, frameCol := frameFieldOf(pc, t, &shown)
	var fields []formField
	var cols []tertial.MoneyColumn
	labels := map[tertial.MoneyColumn]string{}
	names := map[tertial.MoneyColumn]string{}
	for _, def := range t.Layout() {
		c := def.ID
		if !containsColumn(editable, c) {
			continue
		}
		cols = append(cols, c)
		// The old columns keep their fields' names and labels; declared ones are named
		// after their IDs with a prefix, so that none can take the comment's name.
		labels[c], names[c] = moneyColumnLabels[c], string(c)
		if len(t.Declared) > 0 {
			labels[c], names[c] = def.Heading, "kolumn-"+string(c)
			if def.Group != "" {
				labels[c] += " (" + def.Group + ")"
			}
		}
		val := ""
		if a, ok := shown.Display(c); ok {
			val = sv.Exact(a.In(t.Unit, t.Precision))
		}
		fields = append(fields, formField{Name: names[c], Label: labels[c] + ", " + string(t.Unit), Type: "decimal", Value: val,
			Hint: hint})
		if frame != nil && c == frameCol {
			fields = append(fields, *frame)
			frame = nil
		}
	}
	if frame != nil {
		fields = append(fields, *frame) // the budget is not entered here (the ledger fills it)
	}
	if len(t.Declared) > 0 {
		fields = append(fields, computedFields(t, &shown)...)
	}
	fields = append(fields, formField{Name: "kommentar", Label: "Kommentar till prognosen", Type: "textarea", Value: row.Comment, Markdown: true})
	var facts []fact
	for i, def := range t.Layout() {
		if containsColumn(editable, def.ID) {
			continue
		}
		c := moneyContextCell(t, &shown, &t.Layout()[i])
		v := c.Text
		if v != "–" {
			v = sv.WithUnit(v, string(t.Unit))
		}
		facts = append(facts, fact{moneyGridColumnLabel(t, &def), v})
	}
	return &item{
		facts:   facts,
		heading: t.Title + ": " + row.Label, context: pc.unit.Name + ", " + pc.per.Title,
		entity: "money_row", key: pc.ref.Unit + "/" + pc.ref.Period + "/" + t.ID + "/" + row.ID, action: tertial.ActEditContent, version: row.Version,
		fields:        fields,
		problemFields: moneyProblemFields(names),
		save: func(ctx context.Context, ed store.Edit, form url.Values) ([]fieldError, error) {
			e := store.MoneyRowEdit{Amounts: map[tertial.MoneyColumn]*tertial.Amount{}}
			var errs []fieldError
			for _, c := range cols {
				d, ok := parseDecimalField(form.Get(names[c]))
				if !ok {
					errs = append(errs, fieldError{names[c], labels[c] + " måste vara ett belopp, till exempel −1 234."})
					continue
				}
				if d == nil {
					e.Amounts[c] = nil
					continue
				}
				a, err := tertial.ParseAmount(d.String(), t.Unit, t.Precision)
				if err != nil {
					errs = append(errs, fieldError{names[c], tertial.ErrorMessage(err)})
					continue
				}
				a = shown.Stored(a)
				e.Amounts[c] = &a
			}
			comment := formText(form, "kommentar")
			e.Comment = &comment
			if len(errs) > 0 {
				return errs, nil
			}
			_, err := s.db.SaveMoneyRow(ctx, ed, t.ID, row.ID, e)
			return nil, err
		},
	}
}

// frameFieldOf is the read-only "Beslutad ram" of a follow-up's money row: the row's
// budget in the decided plan of its unit and year (tertial.BudgetFrames), shown beside the
// budget field, in the row's sign, and the budget column it belongs beside. Nil when the
// period is a plan, its unit has no decided plan for the year or the plan no budget for
// the row.
func frameFieldOf(pc *periodCtx, t *tertial.MoneyTable, row *compute.MoneyRow) (*formField, tertial.MoneyColumn) {
	cols := t.FrameColumns()
	if len(cols) == 0 {
		return nil, ""
	}
	plan, frames := pc.ds.BudgetFrames(pc.per)
	a, ok := frames[t.ID][row.ID]
	if plan == nil || !ok {
		return nil, ""
	}
	return &formField{Name: "beslutad-ram", Label: "Beslutad ram", Type: "computed",
		Value: sv.WithUnit(sv.Amount(row.Shown(a), t.Unit, t.Precision), string(t.Unit)),
		Hint:  "Budgeten för helåret i " + report.FrameSource(plan) + ", som uppföljningen mäts mot. Ändras inte här."}, cols[0]
}

// computedFields are a declared table's computed figures of a row, shown on its form and
// never entered: each as the table shows it (compute.MoneyRow.Value), with how it is
// computed from the row's saved amounts.
func computedFields(t *tertial.MoneyTable, row *compute.MoneyRow) []formField {
	layout := t.Layout()
	headings := map[tertial.MoneyColumn]string{}
	for _, d := range layout {
		headings[d.ID] = d.Heading
	}
	var out []formField
	for i := range layout {
		d := &layout[i]
		if !d.Computed() {
			continue
		}
		var ops []string
		for _, o := range d.Of {
			ops = append(ops, headings[o])
		}
		how := ""
		switch {
		case d.Kind == tertial.KindShare && len(ops) == 2:
			how = ops[0] + " i procent av " + strings.ToLower(ops[1])
		case d.Kind == tertial.KindDeviation && len(ops) == 2:
			how = ops[1] + " − " + strings.ToLower(ops[0]) + ", positiv när det är bättre än budget"
		case d.Kind == tertial.KindRemaining && len(ops) == 2:
			how = ops[0] + " − " + strings.ToLower(ops[1])
		default:
			how = strings.Join(ops, " + ")
		}
		value := "Saknas: ett belopp den räknas fram ur är inte ifyllt."
		if p, ok := row.Shares[d.ID]; ok {
			value = sv.WithUnit(sv.Decimal(p.Round(1), 1), "%")
		} else if a, ok := row.Value(d); ok && d.IsAmount() {
			value = sv.WithUnit(sv.Amount(a, t.Unit, t.Precision), string(t.Unit))
		}
		label := d.Heading
		if d.Group != "" {
			label += " (" + d.Group + ")"
		}
		out = append(out, formField{Group: "Räknas fram", Name: "beraknad-" + string(d.ID), Label: label, Type: "computed", Value: value,
			Hint: "Räknas fram ur radens sparade belopp: " + how + "."})
	}
	return out
}

// moneyProblemFields maps the rule set's names of a money row's fields to the form's.
func moneyProblemFields(names map[tertial.MoneyColumn]string) map[string]string {
	m := map[string]string{"comment": "kommentar"}
	for c, name := range names {
		m[string(c)] = name
	}
	return m
}

// signHint says in Swedish which sign a money row's form asks for: the one the table shows
// the row with, with the budget as it is shown for an example.
func signHint(t *tertial.MoneyTable, row *compute.MoneyRow) string {
	h := "I " + string(t.Unit) + ". "
	if row.Sign() < 0 {
		h += "Kostnader anges som positiva belopp och intäkter som negativa, som i tabellen"
	} else {
		h += "Intäkter anges som positiva belopp och kostnader som negativa, som i tabellen"
	}
	if a, ok := row.Display(tertial.ColBudget); ok {
		h += " (budgeten är " + sv.WithUnit(sv.Amount(a, t.Unit, t.Precision), string(t.Unit)) + ")"
	}
	return h + "."
}

func (s *Server) textItem(pc *periodCtx, t tertial.TextSection) *item {
	title := t.Title
	if title == "" {
		title = t.ID
	}
	return &item{
		heading: "Text: " + title, context: pc.unit.Name + ", " + pc.per.Title,
		entity: "text", key: pc.ref.Unit + "/" + pc.ref.Period + "/" + t.ID, action: tertial.ActEditContent, version: t.Version,
		fields: []formField{{Name: "text", Label: "Text", Type: "textarea", Value: t.Body, Markdown: true,
			Hint: "Markdown: tom rad mellan stycken, **fet**, *kursiv*, ### rubrik."}},
		problemFields: map[string]string{"body": "text"},
		previous:      previousTextOf(pc, t.ID),
		save: func(ctx context.Context, e store.Edit, form url.Values) ([]fieldError, error) {
			_, err := s.db.SaveText(ctx, e, t.ID, formText(form, "text"))
			return nil, err
		},
	}
}

func (s *Server) freeRowItem(pc *periodCtx, t *tertial.FreeTable, row *tertial.FreeRow) *item {
	var fields []formField
	var cols []tertial.FreeColumn
	for _, c := range t.Columns {
		if len(c.Formula) > 0 || len(row.Formula) > 0 && c.Type.Numeric() {
			continue // computed
		}
		cols = append(cols, c)
		f := formField{Name: "c-" + c.ID, Label: c.Label, Type: "text"}
		cell, entered := row.Cells[c.ID]
		switch c.Type {
		case tertial.ColAmount, tertial.ColPercent, tertial.ColDecimal, tertial.ColCount:
			// A number, a number with marks or a word: text the form reads (freecell.go).
			f.Hint = numericFieldHint(c, t)
			if entered {
				f.Value = numericFieldValue(cell, c, t)
			}
		case tertial.ColDate:
			f.Hint = "Datum ÅÅÅÅ-MM-DD."
			if entered {
				f.Value = sv.Date(cell.Date)
			}
		default:
			if entered {
				f.Value = cell.Text
			}
		}
		fields = append(fields, f)
	}
	if len(row.Formula) > 0 && len(fields) > 0 {
		fields[0].Hint = strings.TrimSpace(fields[0].Hint + " Radens tal räknas fram av formeln " + row.Formula.String() + " och anges inte.")
	}
	label := row.ID
	if len(cols) > 0 {
		if cell, ok := row.Cells[cols[0].ID]; ok && cell.Text != "" {
			label = cell.Text
		}
	}
	if row.Unit != "" {
		label += " (" + row.Unit + ")" // as the report shows the row
	}
	return &item{
		heading: t.Title + ": " + label, context: pc.unit.Name + ", " + pc.per.Title,
		entity: "free_row", key: pc.ref.Unit + "/" + pc.ref.Period + "/" + t.ID + "/" + row.ID, action: tertial.ActEditContent, version: row.Version,
		fields:        fields,
		problemFields: freeProblemFields(cols),
		save: func(ctx context.Context, e store.Edit, form url.Values) ([]fieldError, error) {
			cells := map[string]tertial.Cell{}
			var errs []fieldError
			for _, c := range cols {
				v := formText(form, "c-"+c.ID)
				if v == "" {
					continue
				}
				var cell tertial.Cell
				bad := func(msg string) { errs = append(errs, fieldError{"c-" + c.ID, c.Label + ": " + msg}) }
				switch c.Type {
				case tertial.ColText:
					cell.Text = v
				case tertial.ColAmount, tertial.ColPercent, tertial.ColDecimal, tertial.ColCount:
					parsed, ok, msg := parseNumericField(v, c, t)
					if !ok {
						bad(msg + ".")
						continue
					}
					cell = parsed
				case tertial.ColDate:
					d, err := time.Parse(time.DateOnly, v)
					if err != nil {
						bad("ange ett datum som ÅÅÅÅ-MM-DD.")
						continue
					}
					cell.Date = d
				}
				cells[c.ID] = cell
			}
			if len(errs) > 0 {
				return errs, nil
			}
			_, err := s.db.SaveFreeRow(ctx, e, t.ID, row.ID, cells)
			return nil, err
		},
	}
}

// freeProblemFields maps the rule set's names of a free row's cells, and of a numeric
// cell's word and marks, to the form's fields: one field holds them all.
func freeProblemFields(cols []tertial.FreeColumn) map[string]string {
	m := map[string]string{}
	for _, c := range cols {
		for _, part := range []string{"", ".text", ".before", ".after"} {
			m["cells."+c.ID+part] = "c-" + c.ID
		}
	}
	return m
}

// historyPage lists the audit entries of one item.
func (s *Server) handleHistory(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := store.AuditFilter{Municipality: q.Get("kommun"), Entity: q.Get("typ"), Key: q.Get("nyckel")}
	// The municipality is required: the log is read for that municipality only, after the
	// check that the user may read it.
	if f.Municipality == "" || f.Entity == "" || f.Key == "" {
		s.error(w, r, tertial.Errorf(tertial.EINVALID, "Ange vilken kommun och post historiken gäller."))
		return
	}
	u := userFrom(r.Context())
	if !historyAllowed(u, f.Municipality, f.Entity) {
		s.error(w, r, tertial.Errorf(tertial.EFORBIDDEN, "Du har inte behörighet att se historiken."))
		return
	}
	entries, err := s.db.AuditLog(r.Context(), f)
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.renderHistory(w, r, f, entries)
}
