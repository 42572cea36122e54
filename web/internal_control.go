package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/store"
)

// The internal-control plan in the browser (/kommuner/{code}/struktur/intern-kontroll):
// controllers and admins of the municipality add, change and delete its risks, audit
// actions and controls (store.SaveICItem, DeleteICItem), and see the risks in a risk
// matrix, probability × consequence, a table whose every cell names its risks in text.

func (s *Server) internalControlRoutes() {
	base := "/kommuner/{code}/struktur/intern-kontroll"
	s.mux.HandleFunc("GET "+base, s.handleInternalControl)
	s.mux.HandleFunc("GET "+base+"/riskmatris", s.handleRiskMatrix)
	s.mux.HandleFunc("POST "+base+"/{kind}", s.handleICItem)
	s.mux.HandleFunc("GET "+base+"/{kind}/{id}", s.handleICItem)
	s.mux.HandleFunc("POST "+base+"/{kind}/{id}", s.handleICItem)
	s.mux.HandleFunc("POST "+base+"/{kind}/{id}/ta-bort", s.handleDeleteICItem)
	s.mux.HandleFunc("POST "+base+"/risker/{id}/atgarder", s.handleRiskAction)
	s.mux.HandleFunc("POST "+base+"/risker/{id}/atgarder/{action}", s.handleRiskAction)
	s.mux.HandleFunc("POST "+base+"/risker/{id}/atgarder/{action}/ta-bort", s.handleRiskAction)
}

func icURL(code string) string {
	return "/kommuner/" + url.PathEscape(code) + "/struktur/intern-kontroll"
}

// icKinds maps the URL's word for a kind to the store's, and back.
var icKinds = map[string]store.ICKind{"risker": store.ICRisk, "granskningar": store.ICAudit, "kontroller": store.ICControl}
var icWords = map[store.ICKind]string{store.ICRisk: "risker", store.ICAudit: "granskningar", store.ICControl: "kontroller"}
var icNames = map[store.ICKind]string{store.ICRisk: "risk", store.ICAudit: "åtgärd efter granskning", store.ICControl: "kontroll"}

// icFieldOf maps the rule set's names of an item's fields to the forms'.
var icFieldOf = map[string]string{"id": "id", "unit": "enhet", "process": "process", "risk": "text", "action": "text", "control": "text",
	"probability": "sannolikhet", "consequence": "konsekvens", "title": "granskning", "case_number": "diarienummer", "background": "bakgrund", "reason": "syfte"}

func scoreOptions() []option {
	out := []option{{"", "Inte bedömd"}}
	for i := 1; i <= 5; i++ {
		out = append(out, option{strconv.Itoa(i), strconv.Itoa(i)})
	}
	return out
}

// icFields are the fields of an item's form; the ID only when it is new.
func icFields(ds *tertial.Dataset, it store.ICItem, isNew bool) []adminField {
	units := []option{{"", "Välj enhet"}}
	for _, row := range unitTree(ds) {
		units = append(units, option{row.ID, row.Indent + row.Name})
	}
	var fs []adminField
	if isNew {
		fs = append(fs, adminField{Name: "id", Label: "Id", Type: "text", Value: it.ID,
			Hint: "Unikt i den interna kontrollen och kan inte ändras: små bokstäver a–z, siffror, - och _."})
	}
	fs = append(fs, adminField{Name: "enhet", Label: "Enhet", Type: "select", Value: it.Unit, Options: units,
		Hint: "Enheten vars perioder följer upp posten."})
	switch it.Kind {
	case store.ICRisk:
		fs = append(fs,
			adminField{Name: "process", Label: "Mål eller process (valfri)", Type: "text", Value: it.Process},
			adminField{Name: "text", Label: "Risk", Type: "textarea", Value: it.Text, Rows: 3},
			adminField{Name: "sannolikhet", Label: "Sannolikhet", Type: "select", Value: scoreTextWeb(it.Probability), Options: scoreOptions(),
				Hint: "1 (osannolik) till 5 (mycket sannolik)."},
			adminField{Name: "konsekvens", Label: "Konsekvens", Type: "select", Value: scoreTextWeb(it.Consequence), Options: scoreOptions(),
				Hint: "1 (försumbar) till 5 (allvarlig)."})
	case store.ICAudit:
		fs = append(fs,
			adminField{Name: "granskning", Label: "Granskning", Type: "text", Value: it.Title, Hint: "Till exempel Granskning av intern kontroll."},
			adminField{Name: "diarienummer", Label: "Diarienummer (valfritt)", Type: "text", Value: it.CaseNumber},
			adminField{Name: "bakgrund", Label: "Bakgrund (valfri)", Type: "textarea", Value: it.Background, Rows: 3},
			adminField{Name: "text", Label: "Åtgärd", Type: "textarea", Value: it.Text, Rows: 3})
	case store.ICControl:
		fs = append(fs,
			adminField{Name: "process", Label: "Mål eller process (valfri)", Type: "text", Value: it.Process},
			adminField{Name: "text", Label: "Kontroll", Type: "textarea", Value: it.Text, Rows: 3},
			adminField{Name: "syfte", Label: "Varför görs kontrollen? (valfritt)", Type: "textarea", Value: it.Reason, Rows: 3},
			adminField{Name: "metod", Label: "Metod (valfri)", Type: "text", Value: it.Method, Hint: "Hur kontrollen görs, till exempel Stickprov på tio fakturor."},
			adminField{Name: "frekvens", Label: "Frekvens (valfri)", Type: "text", Value: it.Frequency, Hint: "Hur ofta, till exempel Kvartalsvis."},
			adminField{Name: "ansvarig", Label: "Ansvarig (valfri)", Type: "text", Value: it.Responsible, Hint: "Vem som gör kontrollen, till exempel Ekonomichefen."})
	}
	return fs
}

func scoreTextWeb(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

// icFromForm reads an item of the kind from the posted form.
func icFromForm(form url.Values, kind store.ICKind, id string) (store.ICItem, []fieldError) {
	v := func(name string) string { return strings.TrimSpace(form.Get(name)) }
	if id == "" {
		id = v("id")
	}
	it := store.ICItem{Kind: kind, ID: id, Unit: v("enhet"), Process: v("process"), Text: v("text"), Title: v("granskning"),
		CaseNumber: v("diarienummer"), Background: v("bakgrund"), Reason: v("syfte")}
	if kind == store.ICControl {
		it.Method, it.Frequency, it.Responsible = v("metod"), v("frekvens"), v("ansvarig")
	}
	var errs []fieldError
	for _, sc := range []struct {
		name string
		dst  *int
	}{{"sannolikhet", &it.Probability}, {"konsekvens", &it.Consequence}} {
		if s := v(sc.name); s != "" && kind == store.ICRisk {
			n, err := strconv.Atoi(s)
			if err != nil {
				errs = append(errs, fieldError{sc.name, "Välj ett värde 1–5."})
			}
			*sc.dst = n
		}
	}
	return it, errs
}

// icItemIn returns the dataset's item of the kind with the ID, or false.
func icItemIn(ds *tertial.Dataset, kind store.ICKind, id string) (store.ICItem, bool) {
	switch kind {
	case store.ICRisk:
		for _, r := range ds.Risks {
			if r.ID == id {
				return store.ICItem{Kind: kind, ID: r.ID, Unit: r.Unit, Process: r.Process, Text: r.Risk, Probability: r.Probability, Consequence: r.Consequence}, true
			}
		}
	case store.ICAudit:
		for _, a := range ds.Audits {
			if a.ID == id {
				return store.ICItem{Kind: kind, ID: a.ID, Unit: a.Unit, Title: a.Title, CaseNumber: a.CaseNumber, Background: a.Background, Text: a.Action}, true
			}
		}
	case store.ICControl:
		for _, c := range ds.Controls {
			if c.ID == id {
				return store.ICItem{Kind: kind, ID: c.ID, Unit: c.Unit, Process: c.Process, Text: c.Control, Reason: c.Reason,
					Method: c.Method, Frequency: c.Frequency, Responsible: c.Responsible}, true
			}
		}
	}
	return store.ICItem{}, false
}

// icRow is an item in the page's tables.
type icRow struct {
	URL, Unit, Process, Text, Extra string
	Probability, Consequence        string
}

type icSection struct {
	Heading, Caption, Word, AddLabel string
	Extra                            string // the third column's heading
	Risk                             bool
	Rows                             []icRow
	Form                             adminForm
	Open                             bool // the new item's form had errors
}

type icPage struct {
	base
	Title, MuniURL, MuniName, MatrixURL, BackURL string
	Sections                                     []icSection
	Errors                                       []fieldError
	Notice                                       string
}

func unitName(ds *tertial.Dataset, id string) string {
	if u := ds.Unit(id); u != nil {
		return u.Name
	}
	return id
}

func (s *Server) icPageOf(ds *tertial.Dataset) *icPage {
	code := ds.Municipality.Code
	base := icURL(code)
	page := &icPage{Title: "Intern kontroll – " + ds.Municipality.Name, MuniURL: "/kommuner/" + url.PathEscape(code), MuniName: ds.Municipality.Name,
		MatrixURL: base + "/riskmatris"}
	risks := icSection{Heading: "Risker", Caption: "Riskerna med sannolikhet och konsekvens", Word: "risker", AddLabel: "Ny risk", Risk: true,
		Form: adminForm{Action: base + "/risker", Fields: icFields(ds, store.ICItem{Kind: store.ICRisk}, true)}}
	for _, r := range ds.Risks {
		risks.Rows = append(risks.Rows, icRow{URL: base + "/risker/" + url.PathEscape(r.ID), Unit: unitName(ds, r.Unit), Process: r.Process, Text: r.Risk,
			Probability: orDash(scoreTextWeb(r.Probability)), Consequence: orDash(scoreTextWeb(r.Consequence))})
	}
	// The audits' and the controls' headings are the report's (the vocabulary's words).
	audits := icSection{Heading: ds.Municipality.Word(tertial.TermSectionAudits, ""), Caption: "Åtgärderna efter revisionens och andras granskningar", Word: "granskningar",
		AddLabel: "Ny åtgärd efter granskning", Extra: "Granskning",
		Form: adminForm{Action: base + "/granskningar", Fields: icFields(ds, store.ICItem{Kind: store.ICAudit}, true)}}
	for _, a := range ds.Audits {
		audits.Rows = append(audits.Rows, icRow{URL: base + "/granskningar/" + url.PathEscape(a.ID), Unit: unitName(ds, a.Unit), Text: a.Action, Extra: a.Title})
	}
	controls := icSection{Heading: ds.Municipality.Word(tertial.TermSectionControls, ""), Caption: "De systematiska kontrollerna", Word: "kontroller", AddLabel: "Ny kontroll", Extra: "Varför",
		Form: adminForm{Action: base + "/kontroller", Fields: icFields(ds, store.ICItem{Kind: store.ICControl}, true)}}
	for _, c := range ds.Controls {
		controls.Rows = append(controls.Rows, icRow{URL: base + "/kontroller/" + url.PathEscape(c.ID), Unit: unitName(ds, c.Unit), Process: c.Process, Text: c.Control, Extra: c.Reason})
	}
	page.Sections = []icSection{risks, audits, controls}
	// Each form's fields have their own names on the page.
	for i := range page.Sections {
		prefixFields(&page.Sections[i].Form, page.Sections[i].Word)
	}
	return page
}

// prefixFields gives a form's fields names of their own on a page with several forms.
func prefixFields(f *adminForm, prefix string) {
	for i := range f.Fields {
		f.Fields[i].Name = prefix + "-" + f.Fields[i].Name
	}
}

// unprefixed returns the form's values without the prefix of prefixFields.
func unprefixed(form url.Values, prefix string) url.Values {
	out := url.Values{}
	for k, v := range form {
		if rest, ok := strings.CutPrefix(k, prefix+"-"); ok {
			out[rest] = v
		}
	}
	return out
}

func (s *Server) handleInternalControl(w http.ResponseWriter, r *http.Request) {
	ds, err := s.structureData(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	page := s.icPageOf(ds)
	switch {
	case r.URL.Query().Get("sparad") != "":
		page.Notice = "Posten är sparad."
	case r.URL.Query().Get("borttagen") != "":
		page.Notice = "Posten är borttagen."
	}
	s.render(w, r, http.StatusOK, "internalcontrol.html", page)
}

type icItemPage struct {
	base
	Title, Heading, MuniURL, MuniName, BackURL string
	Form                                       adminForm
	DeleteAction                               string
	Errors                                     []fieldError
	Notice                                     string
	History                                    string // the item's history (history.go)

	// A risk's page also has its risk-reducing actions: a form per action and one for a
	// new action (nil on other items' pages).
	ActionsHeading string
	Actions        []riskActionForm
	NewAction      *adminForm
}

// riskActionForm is the form of one of a risk's actions on the risk's page.
type riskActionForm struct {
	ID           string
	Form         adminForm
	DeleteAction string
	DeleteID     string // the delete button's id, which a refusal's message points to
	DeleteError  string
	Followed     string // "Följd upp i 2021-08." or ""
}

// icItemPageOf is the page of an existing item; a risk's also lists its actions.
func icItemPageOf(ds *tertial.Dataset, kind store.ICKind, it store.ICItem) *icItemPage {
	code := ds.Municipality.Code
	action := icURL(code) + "/" + icWords[kind] + "/" + url.PathEscape(it.ID)
	page := &icItemPage{Title: tertial.Capitalize(icNames[kind]) + " " + it.ID + " – Intern kontroll – " + ds.Municipality.Name,
		Heading: tertial.Capitalize(icNames[kind]) + " " + it.ID, MuniURL: "/kommuner/" + url.PathEscape(code), MuniName: ds.Municipality.Name,
		BackURL: icURL(code), DeleteAction: action + "/ta-bort", Form: adminForm{Action: action, Fields: icFields(ds, it, false)},
		History: historyURL(code, "ic_item", it.ID)}
	if kind != store.ICRisk {
		return page
	}
	page.ActionsHeading = ds.Municipality.Word(tertial.TermSectionRisks, "")
	page.NewAction = &adminForm{Action: action + "/atgarder", Fields: []adminField{
		{Name: "ny-atgard-id", Label: "Id", Type: "text", Hint: "Unikt i den interna kontrollen och kan inte ändras: små bokstäver a–z, siffror, - och _."},
		{Name: "ny-atgard-text", Label: "Åtgärd", Type: "textarea", Rows: 3}}}
	for _, r := range ds.Risks {
		if r.ID != it.ID {
			continue
		}
		for _, a := range r.Actions {
			f := riskActionForm{ID: a.ID, Form: adminForm{Action: action + "/atgarder/" + url.PathEscape(a.ID), Fields: []adminField{
				{Name: "atgard-" + a.ID + "-text", Label: "Åtgärd " + a.ID, Type: "textarea", Rows: 3, Value: a.Action}}},
				DeleteID: "atgard-" + a.ID + "-ta-bort"}
			f.DeleteAction = f.Form.Action + "/ta-bort"
			var periods []string
			for _, fu := range a.Followups {
				periods = append(periods, fu.Period)
			}
			if len(periods) > 0 {
				f.Followed = "Följd upp i " + tertial.JoinAnd(periods) + ": åtgärden kan inte tas bort."
			}
			page.Actions = append(page.Actions, f)
		}
	}
	return page
}

// handleICItem creates an item (POST …/{kind}), shows one (GET …/{kind}/{id}) or changes
// it (POST …/{kind}/{id}).
func (s *Server) handleICItem(w http.ResponseWriter, r *http.Request) {
	ds, err := s.structureData(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	kind, ok := icKinds[r.PathValue("kind")]
	if !ok {
		s.error(w, r, tertial.Errorf(tertial.ENOTFOUND, "Sidan finns inte."))
		return
	}
	code := ds.Municipality.Code
	id := r.PathValue("id")
	create := id == ""
	if r.Method == http.MethodPost {
		if err := s.parseStructureForm(w, r); err != nil {
			s.error(w, r, err)
			return
		}
	}
	var page *icItemPage
	var listPage *icPage
	var form *adminForm
	var values url.Values
	if create {
		listPage = s.icPageOf(ds)
		for i := range listPage.Sections {
			if listPage.Sections[i].Word == icWords[kind] {
				form = &listPage.Sections[i].Form
				listPage.Sections[i].Open = true
			}
		}
		values = unprefixed(r.PostForm, icWords[kind])
	} else {
		it, found := icItemIn(ds, kind, id)
		if !found {
			s.error(w, r, tertial.Errorf(tertial.ENOTFOUND, "Den interna kontrollen har ingen post %q.", id))
			return
		}
		page = icItemPageOf(ds, kind, it)
		form = &page.Form
		values = r.PostForm
		if r.Method == http.MethodGet {
			switch {
			case r.URL.Query().Get("sparad") == "1":
				page.Notice = "Ändringarna är sparade."
			case r.URL.Query().Get("atgard") == "sparad":
				page.Notice = "Åtgärden är sparad."
			case r.URL.Query().Get("atgard") == "borttagen":
				page.Notice = "Åtgärden är borttagen."
			}
			s.render(w, r, http.StatusOK, "icitem.html", page)
			return
		}
	}
	form.fill(r.PostForm)
	it, errs := icFromForm(values, kind, id)
	save := func() error { return s.db.SaveICItem(r.Context(), userFrom(r.Context()).Name, code, it, create) }
	prefix := ""
	if create {
		prefix = icWords[kind] + "-"
	}
	errs, written := s.saveForm(w, r, form, prefix, errs, icFieldOf, save, icURL(code)+"/"+icWords[kind]+"/"+url.PathEscape(it.ID)+"?sparad=1")
	if written {
		return
	}
	if create {
		listPage.Errors = errs
		listPage.Title = "Fel – " + listPage.Title
		s.render(w, r, http.StatusUnprocessableEntity, "internalcontrol.html", listPage)
		return
	}
	page.Errors = errs
	page.Title = "Fel – " + page.Title
	s.render(w, r, http.StatusUnprocessableEntity, "icitem.html", page)
}

func (s *Server) handleDeleteICItem(w http.ResponseWriter, r *http.Request) {
	ds, err := s.structureData(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	kind, ok := icKinds[r.PathValue("kind")]
	it, found := icItemIn(ds, kind, r.PathValue("id"))
	if !ok || !found {
		s.error(w, r, tertial.Errorf(tertial.ENOTFOUND, "Den interna kontrollen har ingen post %q.", r.PathValue("id")))
		return
	}
	code := ds.Municipality.Code
	err = s.db.DeleteICItem(r.Context(), userFrom(r.Context()).Name, code, kind, it.ID)
	if err == nil {
		http.Redirect(w, r, icURL(code)+"?borttagen=1", http.StatusSeeOther)
		return
	}
	errs, ok := problemsAt(err, map[string]string{"id": "ta-bort"})
	if !ok {
		s.error(w, r, err)
		return
	}
	page := icItemPageOf(ds, kind, it)
	page.Title, page.Errors = "Fel – "+page.Title, errs
	s.render(w, r, http.StatusUnprocessableEntity, "icitem.html", page)
}

// riskCell is a cell of the risk matrix: the risks with its probability and consequence.
type riskCell struct {
	Risks []icRow
	Level string // "låg", "medel", "hög": the product's band, said in text
}

type riskRow struct {
	Probability int
	Cells       []riskCell
}

type riskMatrixPage struct {
	base
	Title, MuniURL, MuniName, BackURL string
	Consequences                      []int
	Rows                              []riskRow // probability 5 first
	Unscored                          []icRow
}

// riskLevel is the band of a risk's value, probability × consequence.
func riskLevel(p, c int) string {
	switch v := p * c; {
	case v >= 15:
		return "hög"
	case v >= 8:
		return "medel"
	}
	return "låg"
}

func (s *Server) handleRiskMatrix(w http.ResponseWriter, r *http.Request) {
	ds, err := s.structureData(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	code := ds.Municipality.Code
	page := &riskMatrixPage{Title: "Riskmatris – Intern kontroll – " + ds.Municipality.Name, MuniURL: "/kommuner/" + url.PathEscape(code),
		MuniName: ds.Municipality.Name, BackURL: icURL(code), Consequences: []int{1, 2, 3, 4, 5}}
	for p := 5; p >= 1; p-- {
		row := riskRow{Probability: p}
		for c := 1; c <= 5; c++ {
			cell := riskCell{Level: riskLevel(p, c)}
			for _, rk := range ds.Risks {
				if rk.Probability == p && rk.Consequence == c {
					cell.Risks = append(cell.Risks, icRow{URL: icURL(code) + "/risker/" + url.PathEscape(rk.ID), Text: rk.Risk, Unit: unitName(ds, rk.Unit)})
				}
			}
			row.Cells = append(row.Cells, cell)
		}
		page.Rows = append(page.Rows, row)
	}
	for _, rk := range ds.Risks {
		if rk.Probability == 0 || rk.Consequence == 0 {
			page.Unscored = append(page.Unscored, icRow{URL: icURL(code) + "/risker/" + url.PathEscape(rk.ID), Text: rk.Risk, Unit: unitName(ds, rk.Unit)})
		}
	}
	s.render(w, r, http.StatusOK, "riskmatrix.html", page)
}

// handleRiskAction adds an action to a risk (POST …/risker/{id}/atgarder), changes one
// (…/atgarder/{action}) or removes one (…/atgarder/{action}/ta-bort), on the risk's page:
// a refusal comes back beside the action's field with what was typed kept, and changes
// nothing.
func (s *Server) handleRiskAction(w http.ResponseWriter, r *http.Request) {
	ds, err := s.structureData(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	risk, found := icItemIn(ds, store.ICRisk, r.PathValue("id"))
	if !found {
		s.error(w, r, tertial.Errorf(tertial.ENOTFOUND, "Den interna kontrollen har ingen risk %q.", r.PathValue("id")))
		return
	}
	if err := s.parseStructureForm(w, r); err != nil {
		s.error(w, r, err)
		return
	}
	code, id, actor := ds.Municipality.Code, r.PathValue("action"), userFrom(r.Context()).Name
	page := icItemPageOf(ds, store.ICRisk, risk)
	done := icURL(code) + "/risker/" + url.PathEscape(risk.ID) + "?atgard=sparad#atgarder-rubrik"
	text := func(f *adminField) string { return strings.ReplaceAll(f.Value, "\r\n", "\n") }
	var current *riskActionForm
	for i := range page.Actions {
		if page.Actions[i].ID == id {
			current = &page.Actions[i]
		}
	}
	var errs []fieldError
	var written bool
	switch {
	case id == "":
		f := page.NewAction
		f.fill(r.PostForm)
		save := func() error {
			return s.db.SaveRiskAction(r.Context(), actor, code, risk.ID, tertial.RiskAction{ID: f.Fields[0].Value, Action: text(&f.Fields[1])}, true)
		}
		errs, written = s.saveForm(w, r, f, "", nil, map[string]string{"id": "ny-atgard-id", "action": "ny-atgard-text"}, save, done)
	case current == nil:
		s.error(w, r, tertial.Errorf(tertial.ENOTFOUND, "Risken %s har ingen åtgärd %q.", risk.ID, id))
		return
	case strings.HasSuffix(r.URL.Path, "/ta-bort"):
		err := s.db.DeleteRiskAction(r.Context(), actor, code, risk.ID, id)
		if err == nil {
			http.Redirect(w, r, strings.Replace(done, "sparad", "borttagen", 1), http.StatusSeeOther)
			return
		}
		var ok bool
		if errs, ok = problemsAt(err, map[string]string{"id": current.DeleteID}); !ok {
			s.error(w, r, err)
			return
		}
		for _, e := range errs {
			current.DeleteError = e.Message
		}
	default:
		f := &current.Form
		f.fill(r.PostForm)
		save := func() error {
			return s.db.SaveRiskAction(r.Context(), actor, code, risk.ID, tertial.RiskAction{ID: id, Action: text(&f.Fields[0])}, false)
		}
		errs, written = s.saveForm(w, r, f, "", nil, map[string]string{"action": f.Fields[0].Name}, save, done)
	}
	if written {
		return
	}
	page.Title, page.Errors = "Fel – "+page.Title, errs
	s.render(w, r, http.StatusUnprocessableEntity, "icitem.html", page)
}
