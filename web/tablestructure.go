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
	"github.com/tertial/tertial/store"
)

// The structure pages: controllers and admins (tertial.ActEditStructure) build a period's
// money tables (columns, rows and groups) and the municipality's report templates
// (sections in order). Each form posts the whole item; the store runs the dataset's rules
// (store.SaveMoneyTable, store.SaveTemplate) and their problems come back beside the
// fields. Moving an item up or down is a submit button, so the pages work without
// JavaScript; a move saves like "Spara" does.

// structPage is a structure page: links, and forms of fields and lists of items.
type structPage struct {
	base
	Title, Heading     string
	BackURL, BackLabel string
	Intro              string
	Saved              string
	Errors             []fieldError
	Links              []option // Value is the address
	Forms              []*structForm
}

// structForm is one form of a structure page.
type structForm struct {
	ID, Heading, Action, Submit string
	Fields                      []formField
	Lists                       []structList
	Confirm                     *formField // a checkbox that confirms what the save removes
}

// structList is a list of items (columns, rows, sections), each a fieldset.
type structList struct {
	ID, Heading, Hint string
	Items             []structItem
}

// structItem is one item of a list with its move and remove controls.
type structItem struct {
	Legend   string
	Warnings []string // what is amiss but not refused (a template section naming nothing in a period)
	Fields   []formField
	Up, Down string // values of the "flytta" button; "" when it cannot move that way
	Remove   string // name of the remove checkbox; "" for a new item
}

// showStructPage answers with a page of the structure's forms: with errs beside their
// fields and in its summary (422, its title after errTitle: "Fel i mallen"), or as it is.
func (s *Server) showStructPage(w http.ResponseWriter, r *http.Request, page *structPage, errs []fieldError, errTitle string) {
	page.Errors = errs
	page.markErrors()
	status := http.StatusOK
	if len(errs) > 0 {
		status = http.StatusUnprocessableEntity
		page.Title = errTitle + " – " + page.Title
	}
	s.render(w, r, status, "tablestructure.html", page)
}

func checkbox(name, label string, on bool) formField {
	v := ""
	if on {
		v = "ja"
	}
	return formField{Name: name, Label: label, Type: "checkbox", Value: v}
}

// markErrors puts each error beside its field in the forms.
func (p *structPage) markErrors() {
	for _, f := range p.Forms {
		mark := func(fs []formField) {
			for i := range fs {
				for _, e := range p.Errors {
					if e.Field == fs[i].Name && fs[i].Error == "" {
						fs[i].Error = e.Message
					}
				}
			}
		}
		mark(f.Fields)
		for _, l := range f.Lists {
			for _, it := range l.Items {
				mark(it.Fields)
			}
		}
		if f.Confirm != nil {
			for _, e := range p.Errors {
				if e.Field == f.Confirm.Name && f.Confirm.Error == "" {
					f.Confirm.Error = e.Message
				}
			}
		}
	}
}

// structurePC loads the period for a structure page and checks that the user may edit
// its structure; it answers the error itself and returns nil when the handler is done.
func (s *Server) structurePC(w http.ResponseWriter, r *http.Request) *periodCtx {
	pc := s.pagePeriod(w, r)
	if pc == nil {
		return nil
	}
	if err := pc.require(tertial.ActEditStructure); err != nil {
		s.error(w, r, err)
		return nil
	}
	if r.Method == http.MethodPost {
		r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
		if err := r.ParseForm(); err != nil {
			s.error(w, r, tertial.Errorf(tertial.EINVALID, "Formuläret kunde inte läsas."))
			return nil
		}
	}
	return pc
}

func tablesURL(pc *periodCtx) string { return pc.url + "/struktur/tabeller" }

// problemErrors turns the rule set's problems into errors beside the form's fields;
// field maps a problem's path to a field's name ("" for the form's first field).
func problemErrors(err error, field func(path string) string, first string) []fieldError {
	var errs []fieldError
	for _, p := range tertial.ProblemsOf(err) {
		name := field(p.Path)
		if name == "" {
			name = first
		}
		errs = append(errs, fieldError{name, tertial.Capitalize(p.Message) + "."})
	}
	return errs
}

// GET/POST …/struktur/tabeller: the period's tables, a new money table and the template.

func (s *Server) handleStructureTables(w http.ResponseWriter, r *http.Request) {
	pc := s.structurePC(w, r)
	if pc == nil {
		return
	}
	var errs []fieldError
	form := url.Values{}
	if r.Method == http.MethodPost {
		form = r.PostForm
		t := tertial.MoneyTable{ID: strings.TrimSpace(form.Get("id")), Title: strings.TrimSpace(form.Get("titel")),
			Unit: tertial.AmountUnit(form.Get("enhet")), LabelHeading: strings.TrimSpace(form.Get("radrubrik")),
			Declared: []tertial.MoneyColumnDef{
				{ID: "budget", Kind: tertial.KindBudget}, {ID: "prognos", Kind: tertial.KindForecast},
				{ID: "avvikelse", Kind: tertial.KindDeviation, Of: []tertial.MoneyColumn{"budget", "prognos"}},
			}}
		err := s.db.SaveMoneyTable(r.Context(), pc.user.Name, store.MoneyTableSave{Period: pc.ref, Table: t, Create: true})
		if err == nil {
			http.Redirect(w, r, tablesURL(pc)+"/"+t.ID, http.StatusSeeOther)
			return
		}
		if errs = problemErrors(err, func(p string) string {
			return map[string]string{"id": "id", "title": "titel", "amount_unit": "enhet", "label_heading": "radrubrik"}[p]
		}, "id"); len(errs) == 0 {
			s.error(w, r, err)
			return
		}
	}
	page := &structPage{Title: "Tabeller – " + pc.per.Title, Heading: "Tabeller och rapportmall", BackURL: pc.url, BackLabel: pc.per.Title,
		Intro: pc.unit.Name + ", " + pc.per.Title + ". Periodens pengatabeller: kolumner, rader och grupper. Beloppen fylls i under Redigera eller hämtas från bokföringen."}
	for _, t := range pc.per.MoneyTables {
		page.Links = append(page.Links, option{tablesURL(pc) + "/" + t.ID, t.Title + " (" + t.ID + ")"})
	}
	units := []option{}
	for _, u := range []tertial.AmountUnit{tertial.Tkr, tertial.Kr, tertial.Mnkr} {
		units = append(units, option{string(u), string(u)})
	}
	page.Forms = append(page.Forms, &structForm{ID: "ny-tabell", Heading: "Ny pengatabell", Action: tablesURL(pc), Submit: "Skapa tabellen",
		Fields: []formField{
			{Name: "id", Label: "Id", Value: form.Get("id"), Hint: "Unikt i perioden: små bokstäver a–z, siffror, - och _, till exempel investeringar."},
			{Name: "titel", Label: "Titel", Value: form.Get("titel")},
			{Name: "enhet", Label: "Beloppsenhet", Type: "select", Options: units, Value: form.Get("enhet")},
			{Name: "radrubrik", Label: "Rubrik över raderna (valfri)", Value: form.Get("radrubrik"), Hint: "Till exempel Verksamhet, tkr."},
		}})
	templates := []option{{"", "Ingen mall"}}
	for _, t := range pc.ds.Templates {
		templates = append(templates, option{t.ID, t.Name})
	}
	page.Forms = append(page.Forms, &structForm{ID: "mall", Heading: "Rapportmall", Action: pc.url + "/struktur/mall", Submit: "Välj mallen",
		Fields: []formField{{Name: "mall", Label: "Periodens rapportmall", Type: "select", Options: templates, Value: pc.per.Template,
			Hint: "Mallen bestämmer rapportens avsnitt och ordning."}}})
	page.Links = append(page.Links, freeTableLinks(pc)...)
	page.Links = append(page.Links, option{"/kommuner/" + pc.ds.Municipality.Code + "/struktur/mallar", "Kommunens rapportmallar"})
	s.showStructPage(w, r, page, errs, "Fel i ny tabell")
}

// POST …/struktur/mall: the period's template.

func (s *Server) handleStructureTemplateChoice(w http.ResponseWriter, r *http.Request) {
	pc := s.structurePC(w, r)
	if pc == nil {
		return
	}
	if err := s.db.SetPeriodTemplate(r.Context(), pc.user.Name, pc.ref, r.PostForm.Get("mall")); err != nil {
		s.error(w, r, err)
		return
	}
	http.Redirect(w, r, tablesURL(pc), http.StatusSeeOther)
}

// flatRow is a row of the table form: a row or group with the group it sits in.
type flatRow struct {
	ID, Label, Negate, Parent, Sum, SumLabel string
	Group                                    bool
}

// GET/POST …/struktur/tabeller/{table}

func (s *Server) handleStructureTable(w http.ResponseWriter, r *http.Request) {
	pc := s.structurePC(w, r)
	if pc == nil {
		return
	}
	var t *tertial.MoneyTable
	for i := range pc.per.MoneyTables {
		if pc.per.MoneyTables[i].ID == r.PathValue("table") {
			t = &pc.per.MoneyTables[i]
		}
	}
	if t == nil {
		s.error(w, r, tertial.Errorf(tertial.ENOTFOUND, "Perioden har ingen pengatabell %q.", r.PathValue("table")))
		return
	}
	next := *t
	next.Declared = t.Layout()
	if len(t.Declared) > 0 {
		next.Declared = t.Declared
	}
	next.Columns = nil
	rows := flattenRows(t.Rows, "")
	clear := false
	var errs []fieldError
	saved := ""
	if r.Method == http.MethodPost {
		form := r.PostForm
		next, rows, clear = parseTableForm(t, form)
		if mv := form.Get("flytta"); mv != "" {
			next.Declared, rows = moveItem(mv, next.Declared, rows)
		}
		tree, paths, treeErrs := buildRows(rows)
		errs = treeErrs
		if len(errs) == 0 {
			save := next
			save.Rows = tree
			if len(t.Declared) == 0 && sameColumns(next.Declared, t.Layout()) {
				// A table with the old column list keeps it while its columns stay as they were.
				save.Declared = nil
			}
			err := s.db.SaveMoneyTable(r.Context(), pc.user.Name, store.MoneyTableSave{Period: pc.ref, Table: save, ClearAmounts: clear})
			if err == nil {
				http.Redirect(w, r, tablesURL(pc)+"/"+t.ID+"?sparad=1", http.StatusSeeOther)
				return
			}
			if errs = problemErrors(err, tableField(paths), "titel"); len(errs) == 0 {
				s.error(w, r, err)
				return
			}
		}
	} else if r.URL.Query().Get("sparad") != "" {
		saved = "Tabellen är sparad."
	}
	page := s.tablePage(pc, t, &next, rows, clear)
	page.Saved = saved
	s.showStructPage(w, r, page, errs, "Fel i tabellen")
}

// POST …/struktur/tabeller/{table}/ta-bort

func (s *Server) handleStructureTableDelete(w http.ResponseWriter, r *http.Request) {
	pc := s.structurePC(w, r)
	if pc == nil {
		return
	}
	err := s.db.DeleteMoneyTable(r.Context(), pc.user.Name, pc.ref, r.PathValue("table"), r.PostForm.Get("rensa-alla") == "ja")
	if len(tertial.ProblemsOf(err)) > 0 {
		var t *tertial.MoneyTable
		for i := range pc.per.MoneyTables {
			if pc.per.MoneyTables[i].ID == r.PathValue("table") {
				t = &pc.per.MoneyTables[i]
			}
		}
		next := *t
		page := s.tablePage(pc, t, &next, flattenRows(t.Rows, ""), false)
		page.Errors = problemErrors(err, func(string) string { return "rensa-alla" }, "rensa-alla")
		page.markErrors()
		page.Title = "Fel – " + page.Title
		s.render(w, r, http.StatusUnprocessableEntity, "tablestructure.html", page)
		return
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	http.Redirect(w, r, tablesURL(pc), http.StatusSeeOther)
}

// sameColumns reports whether two column lists are the same, column for column.
func sameColumns(a, b []tertial.MoneyColumnDef) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].ID != b[i].ID || a[i].Kind != b[i].Kind || a[i].Heading != b[i].Heading || a[i].Group != b[i].Group ||
			a[i].Period != b[i].Period || !slices.Equal(a[i].Of, b[i].Of) {
			return false
		}
	}
	return true
}

func flattenRows(rows []tertial.MoneyRow, parent string) []flatRow {
	var out []flatRow
	for _, r := range rows {
		neg := ""
		if r.Negate != nil {
			neg = map[bool]string{true: "ja", false: "nej"}[*r.Negate]
		}
		sum := string(r.Sum)
		if sum == string(tertial.SumNone) {
			sum = ""
		}
		out = append(out, flatRow{ID: r.ID, Label: r.Label, Negate: neg, Parent: parent, Group: r.Group, Sum: sum, SumLabel: r.SumLabel})
		if r.Group {
			out = append(out, flattenRows(r.Rows, r.ID)...)
		}
	}
	return out
}

// parseTableForm reads the table form: the table's fields, its columns and rows (without
// the removed ones and blank new ones) and whether clearing amounts is confirmed.
func parseTableForm(t *tertial.MoneyTable, form url.Values) (tertial.MoneyTable, []flatRow, bool) {
	v := func(name string) string { return strings.TrimSpace(form.Get(name)) }
	next := tertial.MoneyTable{ID: t.ID, Title: v("titel"), Unit: tertial.AmountUnit(v("enhet")), LabelHeading: v("radrubrik"),
		Negate: v("vand") == "ja", Total: v("total"), TotalNegate: t.TotalNegate, Note: form.Get("not")}
	next.Precision, _ = strconv.Atoi(v("decimaler"))
	for i := 0; form.Has(fmt.Sprintf("k%d-slag", i)); i++ {
		p := fmt.Sprintf("k%d-", i)
		if v(p+"bort") == "ja" || (v(p+"id") == "" && v(p+"rubrik") == "") {
			continue
		}
		c := tertial.MoneyColumnDef{ID: tertial.MoneyColumn(v(p + "id")), Kind: tertial.ColumnKind(v(p + "slag")), Heading: v(p + "rubrik"),
			Group: v(p + "grupp"), Period: tertial.ColumnPeriod(v(p + "period"))}
		for _, o := range strings.FieldsFunc(v(p+"av"), func(r rune) bool { return r == ',' || r == ' ' }) {
			c.Of = append(c.Of, tertial.MoneyColumn(o))
		}
		next.Declared = append(next.Declared, c)
	}
	var rows []flatRow
	for i := 0; form.Has(fmt.Sprintf("r%d-id", i)); i++ {
		p := fmt.Sprintf("r%d-", i)
		if v(p+"bort") == "ja" || (v(p+"id") == "" && v(p+"text") == "") {
			continue
		}
		rows = append(rows, flatRow{ID: v(p + "id"), Label: v(p + "text"), Negate: v(p + "tecken"), Parent: v(p + "i"),
			Group: v(p+"grupp") == "ja", Sum: v(p + "summa"), SumLabel: v(p + "summatext")})
	}
	return next, rows, v("rensa") == "ja"
}

var moveValue = regexp.MustCompile(`^([kr])(\d+)-(upp|ned)$`)

// moveItem moves a column one step, or a row one step among the rows of its group.
func moveItem(mv string, cols []tertial.MoneyColumnDef, rows []flatRow) ([]tertial.MoneyColumnDef, []flatRow) {
	m := moveValue.FindStringSubmatch(mv)
	if m == nil {
		return cols, rows
	}
	i, _ := strconv.Atoi(m[2])
	step := map[string]int{"upp": -1, "ned": 1}[m[3]]
	if m[1] == "k" {
		if j := i + step; i < len(cols) && j >= 0 && j < len(cols) {
			cols[i], cols[j] = cols[j], cols[i]
		}
		return cols, rows
	}
	if i >= len(rows) {
		return cols, rows
	}
	for j := i + step; j >= 0 && j < len(rows); j += step {
		if rows[j].Parent == rows[i].Parent {
			rows[i], rows[j] = rows[j], rows[i]
			break
		}
	}
	return cols, rows
}

// buildRows nests the form's rows in their groups. It returns the rows, each flat row's
// path in the dataset's terms ("rows[1].rows[0]"), and errors for a row in a group that
// is not one.
func buildRows(flat []flatRow) ([]tertial.MoneyRow, []string, []fieldError) {
	groups := map[string]bool{}
	for _, r := range flat {
		if r.Group && r.ID != "" {
			groups[r.ID] = true
		}
	}
	var errs []fieldError
	for i, r := range flat {
		if r.Parent != "" && (!groups[r.Parent] || r.Parent == r.ID) {
			errs = append(errs, fieldError{fmt.Sprintf("r%d-i", i), fmt.Sprintf("Det finns ingen annan grupp %q att lägga raden i.", r.Parent)})
		}
	}
	paths := make([]string, len(flat))
	placed := make([]bool, len(flat))
	var build func(parent, path string, depth int) []tertial.MoneyRow
	build = func(parent, path string, depth int) []tertial.MoneyRow {
		out := []tertial.MoneyRow{}
		if depth > len(flat) {
			return out
		}
		for i, r := range flat {
			if r.Parent != parent || placed[i] {
				continue
			}
			placed[i] = true
			row := tertial.MoneyRow{ID: r.ID, Label: r.Label, Group: r.Group, Sum: tertial.SumPosition(r.Sum), SumLabel: r.SumLabel}
			if r.Negate != "" {
				b := r.Negate == "ja"
				row.Negate = &b
			}
			paths[i] = fmt.Sprintf("%srows[%d]", path, len(out))
			if r.Group {
				row.Rows = build(r.ID, paths[i]+".", depth+1)
			}
			out = append(out, row)
		}
		return out
	}
	tree := build("", "", 0)
	if len(errs) == 0 {
		for i, ok := range placed {
			if !ok {
				errs = append(errs, fieldError{fmt.Sprintf("r%d-i", i), "Grupperna ligger i varandra i en ring: välj en grupp som inte ligger i den här."})
			}
		}
	}
	return tree, paths, errs
}

var columnPath = regexp.MustCompile(`^columns\[(\d+)\](?:\.(\w+))?`)

// tableField maps a problem's path in the table to the form's field.
func tableField(paths []string) func(string) string {
	return func(p string) string {
		switch p {
		case "title":
			return "titel"
		case "amount_unit":
			return "enhet"
		case "precision":
			return "decimaler"
		case "label_heading":
			return "radrubrik"
		case "total":
			return "total"
		case "clear_amounts":
			return "rensa"
		case "columns":
			return "k0-slag"
		}
		if m := columnPath.FindStringSubmatch(p); m != nil {
			f := map[string]string{"id": "id", "kind": "slag", "heading": "rubrik", "group": "grupp", "period": "period", "of": "av"}[m[2]]
			if f == "" {
				f = "id"
			}
			return "k" + m[1] + "-" + f
		}
		// The longest row path that starts the problem's path is its row.
		best, at := -1, 0
		for i, rp := range paths {
			if rp != "" && (p == rp || strings.HasPrefix(p, rp+".")) && len(rp) > at {
				best, at = i, len(rp)
			}
		}
		if best >= 0 {
			rest := strings.TrimPrefix(strings.TrimPrefix(p, paths[best]), ".")
			f := map[string]string{"label": "text", "negate": "tecken", "sum": "summa", "sum_label": "summatext"}[rest]
			if f == "" {
				f = "id"
			}
			return fmt.Sprintf("r%d-%s", best, f)
		}
		return ""
	}
}

// tablePage is the table's form with the table as it is to be.
func (s *Server) tablePage(pc *periodCtx, t, next *tertial.MoneyTable, rows []flatRow, clear bool) *structPage {
	page := &structPage{Title: t.Title + " – struktur", Heading: t.Title + ": kolumner och rader", BackURL: tablesURL(pc), BackLabel: "Tabeller och rapportmall",
		Intro: pc.unit.Name + ", " + pc.per.Title + ". Ändringarna sparas tillsammans; en rad som flyttas eller byter namn behåller sina belopp."}
	page.Links = []option{{pc.url + "/redigera/kontomappning/" + t.ID, "Kontomappning och periodisering för " + t.Title}}
	units := []option{}
	for _, u := range []tertial.AmountUnit{tertial.Tkr, tertial.Kr, tertial.Mnkr} {
		units = append(units, option{string(u), string(u)})
	}
	f := &structForm{ID: "tabell", Heading: "Tabellen", Action: tablesURL(pc) + "/" + t.ID, Submit: "Spara tabellen",
		Fields: []formField{
			{Name: "titel", Label: "Titel", Value: next.Title},
			{Name: "enhet", Label: "Beloppsenhet", Type: "select", Options: units, Value: string(next.Unit)},
			{Name: "decimaler", Label: "Decimaler", Type: "number", Value: strconv.Itoa(next.Precision)},
			{Name: "radrubrik", Label: "Rubrik över raderna", Value: next.LabelHeading},
			checkbox("vand", "Visa raderna med omvänt tecken (kostnader som positiva tal)", next.Negate),
			{Name: "total", Label: "Totalradens text (tom: ingen totalrad)", Value: next.Total},
			{Name: "not", Label: "Not under tabellen (valfri)", Type: "textarea", Value: next.Note},
		}}
	kinds := []option{}
	for _, k := range tertial.ColumnKinds {
		kinds = append(kinds, option{string(k), columnKindLabels[k] + " (" + string(k) + ")"})
	}
	periods := []option{{"", "Efter slaget"}}
	for _, p := range tertial.ColumnPeriods {
		periods = append(periods, option{string(p), columnPeriodLabels[p]})
	}
	cols := structList{ID: "kolumner", Heading: "Kolumner", Hint: "Beräknade kolumner (avvikelse, återstår, andel, netto) räknas ur kolumnerna under \"Räknas ur\": skriv deras id åtskilda med mellanslag, till exempel budget prognos."}
	n := len(next.Declared)
	// Blank columns and rows to fill in: a new table is built in one save.
	blankCols, blankRows := 2, 2
	if len(rows) == 0 {
		blankRows = 6
	}
	newCols := make([]tertial.MoneyColumnDef, blankCols)
	for i := range newCols {
		newCols[i].Kind = tertial.KindBudget
	}
	for i, c := range append(append([]tertial.MoneyColumnDef{}, next.Declared...), newCols...) {
		p := fmt.Sprintf("k%d-", i)
		of := make([]string, len(c.Of))
		for j, o := range c.Of {
			of[j] = string(o)
		}
		it := structItem{Legend: fmt.Sprintf("Kolumn %d: %s", i+1, c.ID), Fields: []formField{
			{Name: p + "id", Label: "Id", Value: string(c.ID)},
			{Name: p + "slag", Label: "Slag", Type: "select", Options: kinds, Value: string(c.Kind)},
			{Name: p + "rubrik", Label: "Rubrik (tom: efter slaget)", Value: c.Heading},
			{Name: p + "grupp", Label: "Grupprubrik (tom: efter perioden)", Value: c.Group},
			{Name: p + "period", Label: "Period", Type: "select", Options: periods, Value: string(c.Period)},
			{Name: p + "av", Label: "Räknas ur", Value: strings.Join(of, " ")},
		}}
		if i >= n {
			it.Legend = fmt.Sprintf("Ny kolumn %d", i-n+1)
		} else {
			it.Remove = p + "bort"
			if i > 0 {
				it.Up = fmt.Sprintf("k%d-upp", i)
			}
			if i < n-1 {
				it.Down = fmt.Sprintf("k%d-ned", i)
			}
		}
		cols.Items = append(cols.Items, it)
	}
	groups := []option{{"", "Ingen: överst i tabellen"}}
	for _, r := range rows {
		if r.Group && r.ID != "" {
			groups = append(groups, option{r.ID, r.Label + " (" + r.ID + ")"})
		}
	}
	rl := structList{ID: "rader", Heading: "Rader och grupper", Hint: "En grupp samlar rader under en rubrik och kan visa deras summa. En rad med belopp tas bara bort när du bekräftar det nedan."}
	m := len(rows)
	for i, r := range append(append([]flatRow{}, rows...), make([]flatRow, blankRows)...) {
		p := fmt.Sprintf("r%d-", i)
		it := structItem{Legend: fmt.Sprintf("Rad %d: %s", i+1, r.Label), Fields: []formField{
			{Name: p + "id", Label: "Id", Value: r.ID},
			{Name: p + "text", Label: "Text", Value: r.Label},
			checkbox(p+"grupp", "Är en grupp av rader", r.Group),
			{Name: p + "i", Label: "Ligger i gruppen", Type: "select", Options: groups, Value: r.Parent},
			{Name: p + "tecken", Label: "Tecken", Type: "select", Options: []option{{"", "Som gruppen eller tabellen"}, {"ja", "Omvänt (kostnader positiva)"}, {"nej", "Som lagrat"}}, Value: r.Negate},
			{Name: p + "summa", Label: "Gruppens summa", Type: "select", Options: []option{{"", "Ingen"}, {"top", "På gruppens rubrikrad"}, {"bottom", "På en egen rad efter gruppen"}}, Value: r.Sum},
			{Name: p + "summatext", Label: "Summaradens text", Value: r.SumLabel},
		}}
		if r.Group {
			it.Legend = fmt.Sprintf("Grupp %d: %s", i+1, r.Label)
		}
		if i >= m {
			it.Legend = fmt.Sprintf("Ny rad eller grupp %d", i-m+1)
		} else {
			it.Remove = p + "bort"
			it.Up, it.Down = fmt.Sprintf("r%d-upp", i), fmt.Sprintf("r%d-ned", i)
		}
		rl.Items = append(rl.Items, it)
	}
	f.Lists = []structList{cols, rl}
	c := checkbox("rensa", "Ta bort beloppen i rader och kolumner som tas bort", clear)
	f.Confirm = &c
	page.Forms = append(page.Forms, f)
	del := checkbox("rensa-alla", "Ta bort tabellens belopp med den", false)
	page.Forms = append(page.Forms, &structForm{ID: "ta-bort", Heading: "Ta bort tabellen", Action: tablesURL(pc) + "/" + t.ID + "/ta-bort", Submit: "Ta bort tabellen", Confirm: &del})
	return page
}

var columnKindLabels = map[tertial.ColumnKind]string{
	tertial.KindBudget: "Budget", tertial.KindBudgetChange: "Budgetändring", tertial.KindRevisedBudget: "Reviderad budget",
	tertial.KindForecast: "Prognos", tertial.KindOutcome: "Utfall", tertial.KindPeriodBudget: "Budget för perioden",
	tertial.KindPeriodOutcome: "Utfall för perioden", tertial.KindIncome: "Intäkter", tertial.KindCost: "Kostnader",
	tertial.KindNet: "Netto", tertial.KindPriorOutcome: "Utfall året före", tertial.KindDeviation: "Avvikelse",
	tertial.KindRemaining: "Återstår", tertial.KindShare: "Andel",
}

var columnPeriodLabels = map[tertial.ColumnPeriod]string{
	tertial.PeriodYear: "Helår", tertial.PeriodPeriod: "Perioden", tertial.PeriodPriorPeriod: "Samma period året före",
	tertial.PeriodPriorYear: "Helåret före", tertial.PeriodAccumulated: "Ackumulerat",
}

// structureRoutes registers the structure pages.
func (s *Server) structureRoutes() {
	const per = "/kommuner/{code}/enheter/{unit}/perioder/{period}/struktur"
	s.mux.HandleFunc("GET "+per+"/tabeller", s.handleStructureTables)
	s.mux.HandleFunc("POST "+per+"/tabeller", s.handleStructureTables)
	s.mux.HandleFunc("GET "+per+"/tabeller/{table}", s.handleStructureTable)
	s.mux.HandleFunc("POST "+per+"/tabeller/{table}", s.handleStructureTable)
	s.mux.HandleFunc("POST "+per+"/tabeller/{table}/ta-bort", s.handleStructureTableDelete)
	s.mux.HandleFunc("POST "+per+"/mall", s.handleStructureTemplateChoice)
	s.mux.HandleFunc("GET /kommuner/{code}/struktur/mallar", s.handleTemplates)
	s.mux.HandleFunc("POST /kommuner/{code}/struktur/mallar", s.handleTemplates)
	s.mux.HandleFunc("GET /kommuner/{code}/struktur/mallar/{id}", s.handleTemplate)
	s.mux.HandleFunc("POST /kommuner/{code}/struktur/mallar/{id}", s.handleTemplate)
	s.mux.HandleFunc("POST /kommuner/{code}/struktur/mallar/{id}/ta-bort", s.handleTemplateDelete)
}
