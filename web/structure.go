package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/sv"
)

// The "Struktur" pages of a municipality (issue 14): its goal tree, and a form for each
// goal, indicator and assignment. Controllers and admins of the municipality may use them
// (tertial.ActEditStructure). Every save is a structural edit of the store (the whole
// dataset checked with the rule set, a stale version refused, the audit log kept); the
// rule set's problems come back beside the fields, with the values kept.

func structureURL(code string) string { return "/kommuner/" + code + "/struktur/mal" }

// structureLink is the link to the structure pages for a user who may use them, or "".
func structureLink(r *http.Request, code string) string {
	if tertial.Can(userFrom(r.Context()), tertial.ActEditStructure, tertial.AccessTarget{Municipality: code}) {
		return structureURL(code)
	}
	return ""
}

// structureTree is one goal of the tree page with what hangs under it.
type structureTree struct {
	W           *structWords
	Goal        *tertial.Goal
	Level, Area string
	URL         string
	NewChildURL string
	// NewIndicatorURL and NewAssignmentURL add an indicator or an assignment to the goal.
	NewIndicatorURL, NewAssignmentURL string
	Indicators                        []structureItem
	Assignments                       []structureItem
	Children                          []structureTree
}

type structureItem struct{ Label, URL string }

type structurePage struct {
	base
	W                structWords
	Title, Heading   string
	Code, MuniURL    string
	MuniName         string
	NewGoalURL       string
	NewIndicatorURL  string
	NewAssignmentURL string
	Goals            []structureTree
}

// structureDS is the dataset of a municipality whose structure the user may edit.
func (s *Server) structureDS(r *http.Request) (*tertial.Dataset, error) {
	code := r.PathValue("code")
	if err := readable(r, code); err != nil {
		return nil, err
	}
	ds, err := s.db.SharedDataset(r.Context(), code)
	if err != nil {
		return nil, err
	}
	if !tertial.Can(userFrom(r.Context()), tertial.ActEditStructure, tertial.AccessTarget{Municipality: code}) {
		w := structWordsOf(&ds.Municipality)
		return nil, tertial.Errorf(tertial.EFORBIDDEN, "Du har inte behörighet att ändra %s, %s och %s i den här kommunen.",
			w.Goal.Them(), w.Indicator.Them(), w.Assignment.Them())
	}
	return ds, nil
}

func (s *Server) handleStructure(w http.ResponseWriter, r *http.Request) {
	ds, err := s.structureDS(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	code := ds.Municipality.Code
	base := "/kommuner/" + code + "/struktur/"
	words := structWordsOf(&ds.Municipality)
	var build func(parent string) []structureTree
	build = func(parent string) []structureTree {
		var out []structureTree
		for i := range ds.Goals {
			g := &ds.Goals[i]
			if g.Parent != parent {
				continue
			}
			n := structureTree{W: &words, Goal: g, Level: g.Level, URL: base + "mal/" + url.PathEscape(g.ID),
				NewChildURL:     base + "mal/nytt?under=" + url.QueryEscape(g.ID),
				NewIndicatorURL: base + "indikatorer/ny?mal=" + url.QueryEscape(g.ID), NewAssignmentURL: base + "uppdrag/nytt?mal=" + url.QueryEscape(g.ID)}
			for _, l := range ds.GoalLevels {
				if l.ID == g.Level {
					n.Level = l.Name
				}
			}
			if a := ds.GoalArea(g.ID); a != nil && g.Parent == "" {
				n.Area = a.Name
			}
			for _, x := range ds.Indicators {
				if x.Goal == g.ID {
					n.Indicators = append(n.Indicators, structureItem{x.Name, base + "indikatorer/" + url.PathEscape(x.ID)})
				}
			}
			for _, a := range ds.Assignments {
				if a.Goal == g.ID {
					n.Assignments = append(n.Assignments, structureItem{a.Title, base + "uppdrag/" + url.PathEscape(a.ID)})
				}
			}
			n.Children = build(g.ID)
			out = append(out, n)
		}
		return out
	}
	s.render(w, r, http.StatusOK, "structure.html", &structurePage{W: words, Title: words.Goal.Titles() + " och struktur – " + ds.Municipality.Name,
		Heading: words.Structure(), Code: code, MuniURL: "/kommuner/" + code, MuniName: ds.Municipality.Name,
		NewGoalURL: base + "mal/nytt", NewIndicatorURL: base + "indikatorer/ny", NewAssignmentURL: base + "uppdrag/nytt",
		Goals: build("")})
}

// structureKind is a kind of item of the goal tree as the structure pages' addresses and
// the history name it: its path segment, the segment of a new one, the audit log's entity.
type structureKind struct{ Path, New, Entity string }

// itemFormPage is the page of the form of a goal, an indicator or an assignment (w names
// the kind): a new one's (id "") or the one with the ID, named name, with its delete
// form (deleteNote says which can be deleted) and its history.
func itemFormPage(ds *tertial.Dataset, w noun, k structureKind, id, name string, version int, fields []formField, deleteNote string) *structureForm {
	code := ds.Municipality.Code
	page := &structureForm{W: structWordsOf(&ds.Municipality), Title: w.Title() + " – " + ds.Municipality.Name, Heading: w.New(), BackURL: structureURL(code),
		Action: "/kommuner/" + code + "/struktur/" + k.Path + "/" + k.New, Version: version, Fields: fields}
	if id != "" {
		page.Heading = w.Title() + ": " + name
		page.Action = "/kommuner/" + code + "/struktur/" + k.Path + "/" + url.PathEscape(id)
		page.DeleteAction = page.Action + "/ta-bort"
		page.DeleteNote = deleteNote
		page.History = historyURL(code, k.Entity, id)
	}
	return page
}

// refused puts a refused post's errors on the page (beside the fields and in the
// summary), keeps the posted version, and returns the status to answer with.
func (page *structureForm) refused(ds *tertial.Dataset, w noun, version int, errs []fieldError) int {
	page.Version, page.Errors = version, errs
	markErrors(page.Fields, errs)
	page.Title = "Fel i " + w.The() + " – " + ds.Municipality.Name
	return http.StatusUnprocessableEntity
}

// structureForm is the page of a goal's, an indicator's or an assignment's form.
type structureForm struct {
	base
	W              structWords
	Title, Heading string
	BackURL        string
	Action         string
	Version        int
	Fields         []formField
	Targets        []targetRow // an indicator's stage targets; nil for the others
	TargetErrors   bool
	Errors         []fieldError
	DeleteAction   string // "" for a new item
	DeleteNote     string
	History        string
}

// targetRow is one row of an indicator's table of stage targets.
type targetRow struct {
	N                      int
	Year, Target           string
	YearError, TargetError string
}

// Row is the row's number as the user counts, from 1.
func (t targetRow) Row() int { return t.N + 1 }

func goalOptions(ds *tertial.Dataset, none string, except string) []option {
	out := []option{{"", none}}
	for _, g := range ds.Goals {
		if g.ID != except {
			out = append(out, option{g.ID, g.Title + " (" + g.ID + ")"})
		}
	}
	return out
}

func unitOptions(ds *tertial.Dataset, none string) []option {
	out := []option{{"", none}}
	for _, u := range ds.Units {
		out = append(out, option{u.ID, u.Name})
	}
	return out
}

// goalFieldOf maps the rule set's name of a goal's field to the form's.
func goalFieldOf(path string) string {
	if strings.HasPrefix(path, "tags") {
		return "taggar"
	}
	return map[string]string{"id": "id", "level": "niva", "area": "omrade", "parent": "overordnat", "unit": "enhet",
		"title": "titel", "description": "beskrivning", "since": "fran", "retired": "avslutat"}[path]
}

func goalFields(ds *tertial.Dataset, g *tertial.Goal, isNew bool) []formField {
	w := structWordsOf(&ds.Municipality)
	levels := []option{}
	for _, l := range ds.GoalLevels {
		levels = append(levels, option{l.ID, l.Name})
	}
	areas := []option{{"", "Samma som " + w.Goal.Agree("den", "det") + " överordnade " + w.Goal.The() + "s"}}
	for _, a := range ds.GoalAreas {
		areas = append(areas, option{a.ID, a.Name})
	}
	retired, since := "", ""
	if g.Retired != 0 {
		retired = strconv.Itoa(g.Retired)
	}
	if g.Since != 0 {
		since = strconv.Itoa(g.Since)
	}
	fs := []formField{}
	if isNew {
		fs = append(fs, formField{Name: "id", Label: "Id", Value: g.ID, Hint: "Unikt i kommunen: små bokstäver a–z, siffror, - och _, till exempel nm-tak."})
	}
	return append(fs,
		formField{Name: "titel", Label: "Titel", Value: g.Title},
		formField{Name: "niva", Label: "Nivå", Type: "select", Options: levels, Value: g.Level},
		formField{Name: "overordnat", Label: w.Goal.Agree("Överordnad ", "Överordnat ") + w.Goal.Word(), Type: "select", Options: goalOptions(ds, tertial.Capitalize(w.Goal.None())+": "+w.Goal.The()+" står överst", g.ID), Value: g.Parent,
			Hint: "Flytta " + w.Goal.The() + " genom att välja " + w.Goal.One() + " ovanför."},
		formField{Name: "omrade", Label: w.Area.Title(), Type: "select", Options: areas, Value: g.Area, Hint: "Krävs för " + w.Goal.One() + " som står överst."},
		formField{Name: "enhet", Label: "Ägande enhet", Type: "select", Options: unitOptions(ds, "Ingen: kommunfullmäktiges "+w.Goal.Word()), Value: g.Unit},
		formField{Name: "beskrivning", Label: "Beskrivning (valfri)", Type: "textarea", Value: g.Description, Hint: "Markdown."},
		formField{Name: "taggar", Label: "Taggar (valfria)", Value: strings.Join(g.Tags, ", "), Hint: "Kommaseparerade, till exempel agenda2030, budgetmal."},
		formField{Name: "fran", Label: "Första år i kraft (valfritt)", Type: "number", Value: since,
			Hint: "För ett mål i nästa års plan: rapporter för tidigare år visar det inte. Lämna tomt för ett mål som redan gäller."},
		formField{Name: "avslutat", Label: "Sista år i kraft (valfritt)", Type: "number", Value: retired,
			Hint: "Avsluta " + w.Goal.The() + ": rapporter för senare år visar det inte, tidigare rapporter behåller det. Lämna tomt medan " + w.Goal.The() + " gäller."},
	)
}

// formValues keeps what was posted in the fields.
func formValues(r *http.Request, fs []formField) {
	for i := range fs {
		fs[i].Value = strings.TrimSpace(r.PostForm.Get(fs[i].Name))
	}
}

// placeErrors puts the problems of err beside the fields (fieldOf maps the rule set's
// paths to the form's names; a path it does not know goes to the first field, never
// lost). It returns nil when err has no problems.
func placeErrors(err error, fs []formField, fieldOf func(string) string) []fieldError {
	var errs []fieldError
	for _, p := range tertial.ProblemsOf(err) {
		name := fieldOf(p.Path)
		if name == "" && len(fs) > 0 {
			name = fs[0].Name
		}
		errs = append(errs, fieldError{name, tertial.Capitalize(p.Message) + "."})
	}
	return errs
}

func markErrors(fs []formField, errs []fieldError) {
	for i := range fs {
		for _, e := range errs {
			if e.Field == fs[i].Name && fs[i].Error == "" {
				fs[i].Error = e.Message
			}
		}
	}
}

func postedVersion(r *http.Request) int {
	v, _ := strconv.Atoi(r.PostForm.Get("version"))
	return v
}

func (s *Server) parseStructureForm(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		return tertial.Errorf(tertial.EINVALID, "Formuläret kunde inte läsas.")
	}
	return nil
}

func historyURL(code, entity, key string) string {
	return "/historik?kommun=" + url.QueryEscape(code) + "&typ=" + entity + "&nyckel=" + url.QueryEscape(key)
}

// handleGoalForm shows and saves the form of a goal ({id}) or a new one (no {id}; ?under=
// names the goal above it).
func (s *Server) handleGoalForm(w http.ResponseWriter, r *http.Request) {
	ds, err := s.structureDS(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	code, id, words := ds.Municipality.Code, r.PathValue("id"), structWordsOf(&ds.Municipality)
	isNew := id == ""
	g := &tertial.Goal{Parent: r.URL.Query().Get("under")}
	if isNew {
		if p := ds.Goal(g.Parent); p != nil {
			g.Unit = p.Unit
			for i, l := range ds.GoalLevels {
				if l.ID == p.Level && i+1 < len(ds.GoalLevels) {
					g.Level = ds.GoalLevels[i+1].ID
				}
			}
		}
	} else if g = ds.Goal(id); g == nil {
		s.error(w, r, tertial.Errorf(tertial.ENOTFOUND, "Det finns %s %q.", words.Goal.None(), id))
		return
	}
	page := itemFormPage(ds, words.Goal, structureKind{"mal", "nytt", "goal"}, id, g.Title, g.Version, goalFields(ds, g, isNew),
		fmt.Sprintf("Bara %s utan uppföljningar, %s, %s och %s under sig kan tas bort. Avsluta det annars med sista år i kraft.",
			words.Goal.One(), words.Indicator.Plural(), words.Assignment.Plural(), words.Goal.Plural()))
	status := http.StatusOK
	if r.Method == http.MethodPost {
		if err := s.parseStructureForm(w, r); err != nil {
			s.error(w, r, err)
			return
		}
		formValues(r, page.Fields)
		v := func(n string) string { return strings.TrimSpace(r.PostForm.Get(n)) }
		edit := tertial.Goal{ID: id, Level: v("niva"), Area: v("omrade"), Parent: v("overordnat"), Unit: v("enhet"), Title: v("titel"),
			Description: strings.ReplaceAll(r.PostForm.Get("beskrivning"), "\r\n", "\n"), Version: postedVersion(r)}
		if isNew {
			edit.ID = v("id")
		}
		for _, t := range strings.Split(v("taggar"), ",") {
			if t = strings.TrimSpace(t); t != "" {
				edit.Tags = append(edit.Tags, t)
			}
		}
		var errs []fieldError
		if y := v("avslutat"); y != "" {
			n, err := strconv.Atoi(y)
			if err != nil {
				errs = append(errs, fieldError{"avslutat", fmt.Sprintf("%q är inget år: skriv till exempel 2022.", y)})
			}
			edit.Retired = n
		}
		if y := v("fran"); y != "" {
			n, err := strconv.Atoi(y)
			if err != nil {
				errs = append(errs, fieldError{"fran", fmt.Sprintf("%q är inget år: skriv till exempel 2027.", y)})
			}
			edit.Since = n
		}
		if len(errs) == 0 {
			var saved *tertial.Goal
			if isNew {
				saved, err = s.db.CreateGoal(r.Context(), userFrom(r.Context()).Name, code, edit)
			} else {
				saved, err = s.db.UpdateGoal(r.Context(), userFrom(r.Context()).Name, code, edit)
			}
			if err == nil {
				http.Redirect(w, r, structureURL(code)+"#mal-"+saved.ID, http.StatusSeeOther)
				return
			}
			if errs = placeErrors(err, page.Fields, goalFieldOf); len(errs) == 0 {
				s.error(w, r, err)
				return
			}
			// A follow-up outside the years the goal would be in force is the fault of
			// the year that leaves it out.
			for i := range errs {
				switch {
				case strings.Contains(errs[i].Message, "gäller från"):
					errs[i].Field = "fran"
				case strings.Contains(errs[i].Message, "avslutades"):
					errs[i].Field = "avslutat"
				}
			}
		}
		status = page.refused(ds, words.Goal, edit.Version, errs)
	}
	s.render(w, r, status, "structform.html", page)
}

// handleStructureDelete deletes a goal, an indicator or an assignment (the kind is the
// path's) at the posted version.
func (s *Server) handleStructureDelete(w http.ResponseWriter, r *http.Request) {
	ds, err := s.structureDS(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if err := s.parseStructureForm(w, r); err != nil {
		s.error(w, r, err)
		return
	}
	code, id, actor, v := ds.Municipality.Code, r.PathValue("id"), userFrom(r.Context()).Name, postedVersion(r)
	// The kind is the route's segment after /struktur/ (a route per kind, in server.go).
	kind := strings.Split(strings.TrimPrefix(r.Pattern, "POST /kommuner/{code}/struktur/"), "/")[0]
	switch kind {
	case "mal":
		err = s.db.DeleteGoal(r.Context(), actor, code, id, v)
	case "indikatorer":
		err = s.db.DeleteIndicator(r.Context(), actor, code, id, v)
	case "uppdrag":
		err = s.db.DeleteAssignment(r.Context(), actor, code, id, v)
	default:
		err = tertial.Errorf(tertial.ENOTFOUND, "Ingen sådan sida.")
	}
	if ps := tertial.ProblemsOf(err); len(ps) > 0 {
		// Refused (history): the message as the page's error.
		err = tertial.Errorf(tertial.EINVALID, "%s.", tertial.Capitalize(ps[0].Message))
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	http.Redirect(w, r, structureURL(code), http.StatusSeeOther)
}

// indicatorFieldOf maps the rule set's name of an indicator's field to the form's; the
// stage targets are mapped by the caller.
func indicatorFieldOf(path string) string {
	return map[string]string{"id": "id", "goal": "mal", "name": "namn", "unit": "mattenhet", "direction": "riktning",
		"decimals": "decimaler", "tolerance": "tolerans", "kolada_kpi": "kolada-kpi", "kolada_gender": "kolada-kon",
		"owner": "agare", "note": "anteckning", "long_term": "langsiktigt-varde", "long_term.year": "langsiktigt-ar",
		"long_term.target": "langsiktigt-varde"}[path]
}

func indicatorFields(ds *tertial.Dataset, x *tertial.Indicator, isNew bool) []formField {
	w := structWordsOf(&ds.Municipality)
	stage, longTerm := sv.NounOf(ds.Municipality.Word(tertial.TermStageTarget, "")), ds.Municipality.Word(tertial.TermLongTermTarget, "")
	tol, ltYear, ltTarget := "", "", ""
	if x.Tolerance != nil {
		tol = x.Tolerance.String()
	}
	if x.LongTerm != nil {
		ltYear, ltTarget = strconv.Itoa(x.LongTerm.Year), x.LongTerm.Target.String()
	}
	dir := string(x.Direction)
	if dir == "" {
		dir = string(tertial.HigherIsBetter)
	}
	fs := []formField{}
	if isNew {
		fs = append(fs, formField{Name: "id", Label: "Id", Value: x.ID, Hint: "Unikt i kommunen: små bokstäver a–z, siffror, - och _."})
	}
	return append(fs,
		formField{Name: "namn", Label: "Namn", Value: x.Name},
		formField{Name: "mal", Label: w.Goal.Title(), Type: "select", Options: goalOptions(ds, "Välj "+w.Goal.Word(), ""), Value: x.Goal},
		formField{Name: "mattenhet", Label: "Måttenhet (valfri)", Value: x.Unit, Hint: "Som den visas: %, index, kWh/kvm."},
		formField{Name: "riktning", Label: "Riktning", Type: "select", Options: []option{{"higher", "Högre är bättre"}, {"lower", "Lägre är bättre"}}, Value: dir},
		formField{Name: "decimaler", Label: "Decimaler", Type: "number", Value: strconv.Itoa(x.Decimals)},
		formField{Name: "tolerans", Label: "Tolerans i procent av målvärdet (valfri)", Type: "decimal", Value: tol,
			Hint: "Inom den räknas en miss som att värdet närmar sig " + stage.Definite(false) + ". Tomt: 5."},
		formField{Name: "agare", Label: "Rapporteras av (valfri)", Type: "select", Options: unitOptions(ds, "Varje enhet vars rapport visar "+w.Goal.The()), Value: x.Owner},
		formField{Name: "kolada-kpi", Label: "Koladas nyckeltal (valfritt)", Value: x.KoladaKPI, Hint: "Till exempel N00914."},
		formField{Name: "kolada-kon", Label: "Kön i Kolada", Type: "select", Options: []option{{"", "Totalt (T)"}, {"K", "Kvinnor (K)"}, {"M", "Män (M)"}}, Value: x.KoladaGender},
		formField{Name: "kon", Label: "Värden per kön", Type: "select", Options: []option{{"", "Nej"}, {"ja", "Ja"}}, Value: map[bool]string{true: "ja"}[x.Gender]},
		formField{Name: "anteckning", Label: "Anteckning (valfri)", Type: "textarea", Value: x.Note},
		formField{Group: longTerm + " (långsiktigt)", Name: "langsiktigt-ar", Label: "År", Type: "number", Value: ltYear},
		formField{Group: longTerm + " (långsiktigt)", Name: "langsiktigt-varde", Label: longTerm, Value: ltTarget, Hint: "Till exempel >80, <7,9 % eller ökar."},
	)
}

func (s *Server) handleIndicatorForm(w http.ResponseWriter, r *http.Request) {
	ds, err := s.structureDS(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	code, id, words := ds.Municipality.Code, r.PathValue("id"), structWordsOf(&ds.Municipality)
	isNew := id == ""
	x := &tertial.Indicator{Goal: r.URL.Query().Get("mal")}
	if !isNew {
		if x = ds.Indicator(id); x == nil {
			s.error(w, r, tertial.Errorf(tertial.ENOTFOUND, "Det finns %s %q.", words.Indicator.None(), id))
			return
		}
	}
	page := itemFormPage(ds, words.Indicator, structureKind{"indikatorer", "ny", "indicator"}, id, x.Name, x.Version, indicatorFields(ds, x, isNew),
		"Bara "+words.Indicator.One()+" utan värden kan tas bort.")
	for i, t := range x.Targets {
		page.Targets = append(page.Targets, targetRow{N: i, Year: strconv.Itoa(t.Year), Target: t.Target.String()})
	}
	status := http.StatusOK
	if r.Method == http.MethodPost {
		if err := s.parseStructureForm(w, r); err != nil {
			s.error(w, r, err)
			return
		}
		formValues(r, page.Fields)
		v := func(n string) string { return strings.TrimSpace(r.PostForm.Get(n)) }
		rows, _ := strconv.Atoi(r.PostForm.Get("rader"))
		rows = min(max(rows, 0), 200)
		page.Targets = nil
		for i := 0; i < rows; i++ {
			page.Targets = append(page.Targets, targetRow{N: i, Year: v(fmt.Sprintf("ar-%d", i)), Target: v(fmt.Sprintf("varde-%d", i))})
		}
		edit := tertial.Indicator{ID: id, Goal: v("mal"), Name: v("namn"), Unit: v("mattenhet"), Direction: tertial.Direction(v("riktning")),
			KoladaKPI: v("kolada-kpi"), KoladaGender: v("kolada-kon"), Gender: v("kon") == "ja", Owner: v("agare"),
			Note: strings.ReplaceAll(r.PostForm.Get("anteckning"), "\r\n", "\n"), Version: postedVersion(r)}
		if isNew {
			edit.ID = v("id")
		}
		var errs []fieldError
		if n, err := strconv.Atoi(v("decimaler")); err != nil && v("decimaler") != "" {
			errs = append(errs, fieldError{"decimaler", fmt.Sprintf("%q är inget heltal.", v("decimaler"))})
		} else {
			edit.Decimals = n
		}
		if t := v("tolerans"); t != "" {
			d, err := tertial.ParseDecimal(t)
			if err != nil {
				errs = append(errs, fieldError{"tolerans", tertial.Capitalize(tertial.ErrorMessage(err)) + "."})
			} else {
				edit.Tolerance = &d
			}
		}
		if ly, lt := v("langsiktigt-ar"), v("langsiktigt-varde"); ly != "" || lt != "" {
			yt := &tertial.YearTarget{}
			if n, err := strconv.Atoi(ly); err != nil {
				errs = append(errs, fieldError{"langsiktigt-ar", fmt.Sprintf("%q är inget år: skriv till exempel 2030.", ly)})
			} else {
				yt.Year = n
			}
			if tg, err := tertial.ParseTarget(lt); err != nil {
				errs = append(errs, fieldError{"langsiktigt-varde", tertial.Capitalize(tertial.ErrorMessage(err)) + "."})
			} else {
				yt.Target = tg
			}
			edit.LongTerm = yt
		}
		// The stage targets: empty rows are left out; rowOf maps a target's index to
		// its row, so that the rule set's problems land beside the row.
		var rowOf []int
		for i := range page.Targets {
			row := &page.Targets[i]
			if row.Year == "" && row.Target == "" {
				continue
			}
			yt := tertial.YearTarget{}
			if n, err := strconv.Atoi(row.Year); err != nil {
				row.YearError = fmt.Sprintf("%q är inget år: skriv till exempel 2022.", row.Year)
				errs = append(errs, fieldError{fmt.Sprintf("ar-%d", i), row.YearError})
			} else {
				yt.Year = n
			}
			if tg, err := tertial.ParseTarget(row.Target); err != nil {
				row.TargetError = tertial.Capitalize(tertial.ErrorMessage(err)) + "."
				errs = append(errs, fieldError{fmt.Sprintf("varde-%d", i), row.TargetError})
			} else {
				yt.Target = tg
			}
			edit.Targets = append(edit.Targets, yt)
			rowOf = append(rowOf, i)
		}
		if len(errs) == 0 && r.PostForm.Get("atgard") != "fler-rader" {
			var saved *tertial.Indicator
			if isNew {
				saved, err = s.db.CreateIndicator(r.Context(), userFrom(r.Context()).Name, code, edit)
			} else {
				saved, err = s.db.UpdateIndicator(r.Context(), userFrom(r.Context()).Name, code, edit)
			}
			if err == nil {
				http.Redirect(w, r, structureURL(code)+"#mal-"+saved.Goal, http.StatusSeeOther)
				return
			}
			errs = placeErrors(err, page.Fields, func(p string) string {
				var j int
				var rest string
				if n, _ := fmt.Sscanf(p, "targets[%d].%s", &j, &rest); n >= 1 && j < len(rowOf) {
					if rest == "year" {
						return fmt.Sprintf("ar-%d", rowOf[j])
					}
					return fmt.Sprintf("varde-%d", rowOf[j])
				}
				return indicatorFieldOf(p)
			})
			if len(errs) == 0 {
				s.error(w, r, err)
				return
			}
			// The row errors' messages are the rule set's.
			for _, e := range errs {
				for i := range page.Targets {
					if e.Field == fmt.Sprintf("ar-%d", i) {
						page.Targets[i].YearError = e.Message
					} else if e.Field == fmt.Sprintf("varde-%d", i) {
						page.Targets[i].TargetError = e.Message
					}
				}
			}
		}
		if len(errs) > 0 {
			status = page.refused(ds, words.Indicator, edit.Version, errs)
		}
		page.Version = edit.Version // also after "Fler rader"
	}
	// Room for more targets: two empty rows (and two more with "Fler rader").
	for range 2 {
		page.Targets = append(page.Targets, targetRow{N: len(page.Targets)})
	}
	s.render(w, r, status, "structform.html", page)
}

func assignmentFieldOf(path string) string {
	return map[string]string{"id": "id", "goal": "mal", "unit": "enhet", "origin": "ursprung", "due": "klart", "title": "titel", "description": "beskrivning"}[path]
}

func (s *Server) handleAssignmentForm(w http.ResponseWriter, r *http.Request) {
	ds, err := s.structureDS(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	code, id, words := ds.Municipality.Code, r.PathValue("id"), structWordsOf(&ds.Municipality)
	isNew := id == ""
	a := &tertial.Assignment{Goal: r.URL.Query().Get("mal")}
	if !isNew {
		if a = ds.Assignment(id); a == nil {
			s.error(w, r, tertial.Errorf(tertial.ENOTFOUND, "Det finns %s %q.", words.Assignment.None(), id))
			return
		}
	}
	fs := []formField{}
	if isNew {
		fs = append(fs, formField{Name: "id", Label: "Id", Value: a.ID, Hint: "Unikt i kommunen: små bokstäver a–z, siffror, - och _."})
	}
	fs = append(fs,
		formField{Name: "titel", Label: "Vad: " + words.Assignment.The(), Value: a.Title},
		formField{Name: "mal", Label: words.Goal.Title(), Type: "select", Options: goalOptions(ds, "Välj "+words.Goal.Word(), ""), Value: a.Goal},
		formField{Name: "enhet", Label: "Vem: ansvarig enhet", Type: "select", Options: unitOptions(ds, "Ägande enhet för "+words.Goal.The()), Value: a.Unit},
		formField{Name: "ursprung", Label: "Beslut (valfritt)", Value: a.Origin, Hint: "Vem beslutade om " + words.Assignment.The() + ", till exempel Kommunfullmäktige i budgeten för 2022."},
		formField{Name: "klart", Label: "När: " + words.Assignment.Agree("klar", "klart") + " senast (valfritt)", Value: dueText(a.Due), Hint: "Ett datum, ÅÅÅÅ-MM-DD, till exempel 2026-12-31."},
		formField{Name: "beskrivning", Label: "Beskrivning (valfri)", Type: "textarea", Value: a.Description, Hint: "Markdown."},
	)
	page := itemFormPage(ds, words.Assignment, structureKind{"uppdrag", "nytt", "assignment"}, id, a.Title, a.Version, fs,
		"Bara "+words.Assignment.One()+" utan uppföljningar kan tas bort.")
	status := http.StatusOK
	if r.Method == http.MethodPost {
		if err := s.parseStructureForm(w, r); err != nil {
			s.error(w, r, err)
			return
		}
		formValues(r, page.Fields)
		v := func(n string) string { return strings.TrimSpace(r.PostForm.Get(n)) }
		edit := tertial.Assignment{ID: id, Goal: v("mal"), Unit: v("enhet"), Origin: v("ursprung"), Title: v("titel"),
			Description: strings.ReplaceAll(r.PostForm.Get("beskrivning"), "\r\n", "\n"), Version: postedVersion(r)}
		if isNew {
			edit.ID = v("id")
		}
		if due, ok := parseDue(v("klart")); ok {
			edit.Due = due
		} else {
			status := page.refused(ds, words.Assignment, edit.Version, []fieldError{{"klart", "Datumet ska skrivas ÅÅÅÅ-MM-DD, till exempel 2026-12-31."}})
			s.render(w, r, status, "structform.html", page)
			return
		}
		var saved *tertial.Assignment
		if isNew {
			saved, err = s.db.CreateAssignment(r.Context(), userFrom(r.Context()).Name, code, edit)
		} else {
			saved, err = s.db.UpdateAssignment(r.Context(), userFrom(r.Context()).Name, code, edit)
		}
		if err == nil {
			http.Redirect(w, r, structureURL(code)+"#mal-"+saved.Goal, http.StatusSeeOther)
			return
		}
		errs := placeErrors(err, page.Fields, assignmentFieldOf)
		if len(errs) == 0 {
			s.error(w, r, err)
			return
		}
		status = page.refused(ds, words.Assignment, edit.Version, errs)
	}
	s.render(w, r, status, "structform.html", page)
}

// dueText is an assignment's due date as its field shows it: "" when there is none.
func dueText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

// parseDue reads a due date as the forms and the API write it: YYYY-MM-DD, or nothing.
func parseDue(s string) (time.Time, bool) {
	if s == "" {
		return time.Time{}, true
	}
	t, err := time.Parse(time.DateOnly, s)
	return t, err == nil
}
