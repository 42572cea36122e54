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

// The structure pages of free tables: controllers and admins (tertial.ActEditStructure)
// create a period's free tables and edit their typed columns (with formulas), rows and
// groups (with units and row formulas), on the money tables' form (structPage). The store
// runs the dataset's rules (store.SaveFreeTable) and their problems come back beside the
// fields. Cells stay with their rows and columns by ID; a save that would lose a value is
// refused, naming the row and the column, unless "Ta bort även värdena" is ticked.

func freeTablesURL(pc *periodCtx) string { return pc.url + "/struktur/fria-tabeller" }

// freeTableLinks are the tables page's links to the period's free tables.
func freeTableLinks(pc *periodCtx) []option {
	var out []option
	for _, t := range pc.per.FreeTables {
		out = append(out, option{freeTablesURL(pc) + "/" + t.ID, "Fri tabell: " + t.Title + " (" + t.ID + ")"})
	}
	return append(out, option{freeTablesURL(pc), "Fria tabeller: skapa en ny"})
}

func amountUnitOptions() []option {
	var units []option
	for _, u := range []tertial.AmountUnit{tertial.Tkr, tertial.Kr, tertial.Mnkr} {
		units = append(units, option{string(u), string(u)})
	}
	return units
}

// The first column a new free table gets; the user renames it or adds others.
var firstFreeColumn = tertial.FreeColumn{ID: "benamning", Label: "Benämning", Type: tertial.ColText}

// GET/POST …/struktur/fria-tabeller: the period's free tables and a new one.

func (s *Server) handleFreeTables(w http.ResponseWriter, r *http.Request) {
	pc := s.structurePC(w, r)
	if pc == nil {
		return
	}
	var errs []fieldError
	form := url.Values{}
	if r.Method == http.MethodPost {
		form = r.PostForm
		t := tertial.FreeTable{ID: strings.TrimSpace(form.Get("id")), Title: strings.TrimSpace(form.Get("titel")),
			Unit: tertial.AmountUnit(form.Get("enhet")), Columns: []tertial.FreeColumn{firstFreeColumn}}
		err := s.db.SaveFreeTable(r.Context(), pc.user.Name, store.FreeTableSave{Period: pc.ref, Table: t, Create: true})
		if err == nil {
			http.Redirect(w, r, freeTablesURL(pc)+"/"+t.ID, http.StatusSeeOther)
			return
		}
		if errs = problemErrors(err, func(p string) string {
			return map[string]string{"id": "id", "title": "titel", "amount_unit": "enhet"}[p]
		}, "id"); len(errs) == 0 {
			s.error(w, r, err)
			return
		}
	}
	page := &structPage{Title: "Fria tabeller – " + pc.per.Title, Heading: "Fria tabeller", BackURL: tablesURL(pc), BackLabel: "Tabeller och rapportmall",
		Intro: pc.unit.Name + ", " + pc.per.Title + ". Fria tabeller har kolumner av olika slag: text, belopp, procent, antal, datum och decimaltal. Värdena fylls i under Redigera."}
	for _, t := range pc.per.FreeTables {
		page.Links = append(page.Links, option{freeTablesURL(pc) + "/" + t.ID, t.Title + " (" + t.ID + ")"})
	}
	page.Forms = append(page.Forms, &structForm{ID: "ny-fri-tabell", Heading: "Ny fri tabell", Action: freeTablesURL(pc), Submit: "Skapa tabellen",
		Fields: []formField{
			{Name: "id", Label: "Id", Value: form.Get("id"), Hint: "Unikt bland periodens tabeller: små bokstäver a–z, siffror, - och _, till exempel statsbidrag."},
			{Name: "titel", Label: "Titel", Value: form.Get("titel")},
			{Name: "enhet", Label: "Beloppsenhet för beloppskolumner", Type: "select", Options: amountUnitOptions(), Value: form.Get("enhet")},
		}})
	page.Errors = errs
	page.markErrors()
	status := http.StatusOK
	if len(errs) > 0 {
		status = http.StatusUnprocessableEntity
		page.Title = "Fel i ny tabell – " + page.Title
	}
	s.render(w, r, status, "tablestructure.html", page)
}

// freeFlatRow is a row of the free table's form: a row or group with the group it sits in.
type freeFlatRow struct {
	flatRow
	Unit, Formula string
}

func flattenFreeRows(rows []tertial.FreeRow, parent string) []freeFlatRow {
	var out []freeFlatRow
	for _, r := range rows {
		sum := string(r.Sum)
		if sum == string(tertial.SumNone) {
			sum = ""
		}
		out = append(out, freeFlatRow{flatRow: flatRow{ID: r.ID, Label: r.Label, Parent: parent, Group: r.Group, Sum: sum, SumLabel: r.SumLabel},
			Unit: r.Unit, Formula: r.Formula.String()})
		if r.Group {
			out = append(out, flattenFreeRows(r.Rows, r.ID)...)
		}
	}
	return out
}

// freeColumnForm is a column of the form as typed: the formula as text.
type freeColumnForm struct {
	tertial.FreeColumn
	FormulaText string
}

// parseFreeTableForm reads the free table's form: the table's fields, its columns and rows
// (without the removed ones and blank new ones) and whether losing values is confirmed.
func parseFreeTableForm(id string, form url.Values) (tertial.FreeTable, []freeColumnForm, []freeFlatRow, bool) {
	v := func(name string) string { return strings.TrimSpace(form.Get(name)) }
	next := tertial.FreeTable{ID: id, Title: v("titel"), Unit: tertial.AmountUnit(v("enhet")), SumLabel: v("summarad"), Note: form.Get("not")}
	next.Precision, _ = strconv.Atoi(v("decimaler"))
	var cols []freeColumnForm
	for i := 0; form.Has(fmt.Sprintf("k%d-typ", i)); i++ {
		p := fmt.Sprintf("k%d-", i)
		if v(p+"bort") == "ja" || (v(p+"id") == "" && v(p+"rubrik") == "") {
			continue
		}
		cols = append(cols, freeColumnForm{FreeColumn: tertial.FreeColumn{ID: v(p + "id"), Label: v(p + "rubrik"),
			Type: tertial.ColumnType(v(p + "typ")), Sum: v(p+"summa") == "ja"}, FormulaText: v(p + "formel")})
	}
	var rows []freeFlatRow
	for i := 0; form.Has(fmt.Sprintf("r%d-id", i)); i++ {
		p := fmt.Sprintf("r%d-", i)
		if v(p+"bort") == "ja" || (v(p+"id") == "" && v(p+"text") == "") {
			continue
		}
		rows = append(rows, freeFlatRow{flatRow: flatRow{ID: v(p + "id"), Label: v(p + "text"), Parent: v(p + "i"),
			Group: v(p+"grupp") == "ja", Sum: v(p + "summa"), SumLabel: v(p + "summatext")}, Unit: v(p + "enhet"), Formula: v(p + "formel")})
	}
	return next, cols, rows, v("rensa") == "ja"
}

var freeMoveValue = regexp.MustCompile(`^([kr])(\d+)-(upp|ned)$`)

// moveFree moves a column one step, or a row one step among the rows of its group.
func moveFree(mv string, cols []freeColumnForm, rows []freeFlatRow) {
	m := freeMoveValue.FindStringSubmatch(mv)
	if m == nil {
		return
	}
	i, _ := strconv.Atoi(m[2])
	step := map[string]int{"upp": -1, "ned": 1}[m[3]]
	if m[1] == "k" {
		if j := i + step; i < len(cols) && j >= 0 && j < len(cols) {
			cols[i], cols[j] = cols[j], cols[i]
		}
		return
	}
	if i >= len(rows) {
		return
	}
	for j := i + step; j >= 0 && j < len(rows); j += step {
		if rows[j].Parent == rows[i].Parent {
			rows[i], rows[j] = rows[j], rows[i]
			return
		}
	}
}

var pathIndex = regexp.MustCompile(`\d+`)

// buildFreeRows nests the form's rows in their groups (buildRows decides the nesting) and
// reads their formulas; it returns the rows, each form row's path in the dataset's terms
// and the errors of the nesting and of formulas that cannot be read.
func buildFreeRows(flat []freeFlatRow) ([]tertial.FreeRow, []string, []fieldError) {
	plain := make([]flatRow, len(flat))
	for i, r := range flat {
		plain[i] = r.flatRow
	}
	tree, paths, errs := buildRows(plain)
	var conv func(rows []tertial.MoneyRow) []tertial.FreeRow
	conv = func(rows []tertial.MoneyRow) []tertial.FreeRow {
		out := make([]tertial.FreeRow, len(rows))
		for i, r := range rows {
			out[i] = tertial.FreeRow{ID: r.ID, Label: r.Label, Group: r.Group, Sum: r.Sum, SumLabel: r.SumLabel}
			if r.Group {
				out[i].Rows = conv(r.Rows)
			}
		}
		return out
	}
	free := conv(tree)
	for i, r := range flat {
		if paths[i] == "" {
			continue
		}
		rows := free
		var at *tertial.FreeRow
		for _, n := range pathIndex.FindAllString(paths[i], -1) {
			k, _ := strconv.Atoi(n)
			at = &rows[k]
			rows = at.Rows
		}
		at.Unit = r.Unit
		if r.Formula != "" {
			f, err := tertial.ParseFormula(r.Formula)
			if err != nil {
				errs = append(errs, fieldError{fmt.Sprintf("r%d-formel", i), tertial.Capitalize(tertial.ErrorMessage(err)) + "."})
			}
			at.Formula = f
		}
	}
	return free, paths, errs
}

var freeColumnPath = regexp.MustCompile(`^columns\[(\d+)\](?:\.(\w+))?`)

// freeTableField maps a problem's path in the free table to the form's field.
func freeTableField(paths []string) func(string) string {
	return func(p string) string {
		switch p {
		case "title":
			return "titel"
		case "amount_unit":
			return "enhet"
		case "precision":
			return "decimaler"
		case "sum_label":
			return "summarad"
		case "note":
			return "not"
		case "clear_values":
			return "rensa"
		case "columns":
			return "k0-id"
		}
		if m := freeColumnPath.FindStringSubmatch(p); m != nil {
			f := map[string]string{"id": "id", "label": "rubrik", "type": "typ", "sum": "summa", "formula": "formel"}[m[2]]
			if f == "" {
				f = "id"
			}
			return "k" + m[1] + "-" + f
		}
		best, at := -1, 0
		for i, rp := range paths {
			if rp != "" && (p == rp || strings.HasPrefix(p, rp+".")) && len(rp) > at {
				best, at = i, len(rp)
			}
		}
		if best >= 0 {
			rest := strings.TrimPrefix(strings.TrimPrefix(p, paths[best]), ".")
			f := map[string]string{"label": "text", "unit": "enhet", "formula": "formel", "sum": "summa", "sum_label": "summatext"}[rest]
			if f == "" {
				f = "id"
			}
			return fmt.Sprintf("r%d-%s", best, f)
		}
		return ""
	}
}

func (s *Server) freeTableOf(pc *periodCtx, id string) *tertial.FreeTable {
	for i := range pc.per.FreeTables {
		if pc.per.FreeTables[i].ID == id {
			return &pc.per.FreeTables[i]
		}
	}
	return nil
}

// GET/POST …/struktur/fria-tabeller/{table}

func (s *Server) handleFreeTable(w http.ResponseWriter, r *http.Request) {
	pc := s.structurePC(w, r)
	if pc == nil {
		return
	}
	t := s.freeTableOf(pc, r.PathValue("table"))
	if t == nil {
		s.error(w, r, tertial.Errorf(tertial.ENOTFOUND, "Perioden har ingen fri tabell %q.", r.PathValue("table")))
		return
	}
	next := *t
	var cols []freeColumnForm
	for _, c := range t.Columns {
		cols = append(cols, freeColumnForm{FreeColumn: c, FormulaText: c.Formula.String()})
	}
	rows := flattenFreeRows(t.Rows, "")
	clear := false
	var errs []fieldError
	saved := ""
	if r.Method == http.MethodPost {
		next, cols, rows, clear = parseFreeTableForm(t.ID, r.PostForm)
		if mv := r.PostForm.Get("flytta"); mv != "" {
			moveFree(mv, cols, rows)
		}
		for i, c := range cols {
			if c.FormulaText == "" {
				next.Columns = append(next.Columns, c.FreeColumn)
				continue
			}
			f, err := tertial.ParseFormula(c.FormulaText)
			if err != nil {
				errs = append(errs, fieldError{fmt.Sprintf("k%d-formel", i), tertial.Capitalize(tertial.ErrorMessage(err)) + "."})
			}
			c.Formula = f
			next.Columns = append(next.Columns, c.FreeColumn)
		}
		tree, paths, treeErrs := buildFreeRows(rows)
		errs = append(errs, treeErrs...)
		if len(errs) == 0 {
			next.Rows = tree
			err := s.db.SaveFreeTable(r.Context(), pc.user.Name, store.FreeTableSave{Period: pc.ref, Table: next, ClearValues: clear})
			if err == nil {
				http.Redirect(w, r, freeTablesURL(pc)+"/"+t.ID+"?sparad=1", http.StatusSeeOther)
				return
			}
			if errs = problemErrors(err, freeTableField(paths), "titel"); len(errs) == 0 {
				s.error(w, r, err)
				return
			}
		}
	} else if r.URL.Query().Get("sparad") != "" {
		saved = "Tabellen är sparad."
	}
	page := s.freeTablePage(pc, t, &next, cols, rows, clear)
	page.Saved = saved
	page.Errors = errs
	page.markErrors()
	status := http.StatusOK
	if len(errs) > 0 {
		status = http.StatusUnprocessableEntity
		page.Title = "Fel i tabellen – " + page.Title
	}
	s.render(w, r, status, "tablestructure.html", page)
}

// POST …/struktur/fria-tabeller/{table}/ta-bort

func (s *Server) handleFreeTableDelete(w http.ResponseWriter, r *http.Request) {
	pc := s.structurePC(w, r)
	if pc == nil {
		return
	}
	t := s.freeTableOf(pc, r.PathValue("table"))
	if t == nil {
		s.error(w, r, tertial.Errorf(tertial.ENOTFOUND, "Perioden har ingen fri tabell %q.", r.PathValue("table")))
		return
	}
	err := s.db.DeleteFreeTable(r.Context(), pc.user.Name, pc.ref, t.ID, r.PostForm.Get("rensa-alla") == "ja")
	if len(tertial.ProblemsOf(err)) > 0 {
		var cols []freeColumnForm
		for _, c := range t.Columns {
			cols = append(cols, freeColumnForm{FreeColumn: c, FormulaText: c.Formula.String()})
		}
		page := s.freeTablePage(pc, t, t, cols, flattenFreeRows(t.Rows, ""), false)
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
	http.Redirect(w, r, freeTablesURL(pc), http.StatusSeeOther)
}

var freeTypeLabels = map[tertial.ColumnType]string{
	tertial.ColText: "Text", tertial.ColAmount: "Belopp", tertial.ColPercent: "Procent", tertial.ColCount: "Antal",
	tertial.ColDate: "Datum", tertial.ColDecimal: "Decimaltal",
}

// rowText is what a row of the table says in its first text column, to name it in the form.
func rowText(t *tertial.FreeTable, id string) string {
	for _, r := range t.Leaves() {
		if r.ID != id {
			continue
		}
		for _, c := range t.Columns {
			if c.Type == tertial.ColText && r.Cells[c.ID].Text != "" {
				return r.Cells[c.ID].Text
			}
		}
	}
	return id
}

// freeTablePage is the free table's form with the table as it is to be.
func (s *Server) freeTablePage(pc *periodCtx, t, next *tertial.FreeTable, cols []freeColumnForm, rows []freeFlatRow, clear bool) *structPage {
	page := &structPage{Title: t.Title + " – struktur", Heading: t.Title + ": kolumner och rader", BackURL: freeTablesURL(pc), BackLabel: "Fria tabeller",
		Intro: pc.unit.Name + ", " + pc.per.Title + ". Ändringarna sparas tillsammans; en rad eller kolumn som flyttas eller byter rubrik behåller sina värden så länge dess id är detsamma."}
	f := &structForm{ID: "tabell", Heading: "Tabellen", Action: freeTablesURL(pc) + "/" + t.ID, Submit: "Spara tabellen",
		Fields: []formField{
			{Name: "titel", Label: "Titel", Value: next.Title},
			{Name: "enhet", Label: "Beloppsenhet för beloppskolumner", Type: "select", Options: amountUnitOptions(), Value: string(next.Unit)},
			{Name: "decimaler", Label: "Decimaler", Type: "number", Value: strconv.Itoa(next.Precision)},
			{Name: "summarad", Label: "Summaradens text (tom: ingen summarad)", Value: next.SumLabel},
			{Name: "not", Label: "Not under tabellen (valfri)", Type: "textarea", Value: next.Note},
		}}
	types := []option{}
	for _, c := range tertial.ColumnTypes {
		types = append(types, option{string(c), freeTypeLabels[c] + " (" + string(c) + ")"})
	}
	cl := structList{ID: "kolumner", Heading: "Kolumner", Hint: "En talkolumn kan räknas fram ur andra kolumner av samma typ på raden: skriv en formel med deras id, till exempel bidrag - kostnad (mellanslag runt + och -)."}
	n := len(cols)
	for i, c := range append(append([]freeColumnForm{}, cols...), freeColumnForm{FreeColumn: tertial.FreeColumn{Type: tertial.ColText}}) {
		p := fmt.Sprintf("k%d-", i)
		it := structItem{Legend: fmt.Sprintf("Kolumn %d: %s", i+1, c.Label), Fields: []formField{
			{Name: p + "id", Label: "Id", Value: c.ID},
			{Name: p + "rubrik", Label: "Rubrik", Value: c.Label},
			{Name: p + "typ", Label: "Typ", Type: "select", Options: types, Value: string(c.Type)},
			checkbox(p+"summa", "Summeras på summaraden och i gruppernas summor (bara talkolumner)", c.Sum),
			{Name: p + "formel", Label: "Formel (tom: värdena fylls i)", Value: c.FormulaText},
		}}
		if i == n {
			it.Legend = "Ny kolumn"
		} else {
			it.Remove = p + "bort"
			if i > 0 {
				it.Up = fmt.Sprintf("k%d-upp", i)
			}
			if i < n-1 {
				it.Down = fmt.Sprintf("k%d-ned", i)
			}
		}
		cl.Items = append(cl.Items, it)
	}
	groups := []option{{"", "Ingen: överst i tabellen"}}
	for _, r := range rows {
		if r.Group && r.ID != "" {
			groups = append(groups, option{r.ID, r.Label + " (" + r.ID + ")"})
		}
	}
	rl := structList{ID: "rader", Heading: "Rader och grupper", Hint: "En rads text skrivs i dess textkolumn under Redigera. En grupp samlar rader under en rubrik och kan visa summan av deras summerade kolumner. En rad med formel räknas fram ur andra rader, till exempel intakter + kostnader."}
	m := len(rows)
	for i, r := range append(append([]freeFlatRow{}, rows...), freeFlatRow{}) {
		p := fmt.Sprintf("r%d-", i)
		it := structItem{Legend: fmt.Sprintf("Rad %d: %s", i+1, rowText(t, r.ID)), Fields: []formField{
			{Name: p + "id", Label: "Id", Value: r.ID},
			checkbox(p+"grupp", "Är en grupp av rader", r.Group),
			{Name: p + "i", Label: "Ligger i gruppen", Type: "select", Options: groups, Value: r.Parent},
			{Name: p + "enhet", Label: "Enhet efter radens första cell (valfri, till exempel st)", Value: r.Unit},
			{Name: p + "formel", Label: "Formel (tom: värdena fylls i)", Value: r.Formula},
			{Name: p + "text", Label: "Gruppens rubrik", Value: r.Label},
			{Name: p + "summa", Label: "Gruppens summa", Type: "select", Options: []option{{"", "Ingen"}, {"top", "På gruppens rubrikrad"}, {"bottom", "På en egen rad efter gruppen"}}, Value: r.Sum},
			{Name: p + "summatext", Label: "Gruppens summarads text", Value: r.SumLabel},
		}}
		if r.Group {
			it.Legend = fmt.Sprintf("Grupp %d: %s", i+1, r.Label)
		}
		if i == m {
			it.Legend = "Ny rad eller grupp"
		} else {
			it.Remove = p + "bort"
			it.Up, it.Down = fmt.Sprintf("r%d-upp", i), fmt.Sprintf("r%d-ned", i)
		}
		rl.Items = append(rl.Items, it)
	}
	f.Lists = []structList{cl, rl}
	c := checkbox("rensa", "Ta bort även värdena i rader och kolumner som tas bort eller byter typ", clear)
	f.Confirm = &c
	page.Forms = append(page.Forms, f)
	del := checkbox("rensa-alla", "Ta bort tabellens värden med den", false)
	page.Forms = append(page.Forms, &structForm{ID: "ta-bort", Heading: "Ta bort tabellen", Action: freeTablesURL(pc) + "/" + t.ID + "/ta-bort", Submit: "Ta bort tabellen", Confirm: &del})
	return page
}

// freeStructureRoutes registers the free tables' structure pages.
func (s *Server) freeStructureRoutes() {
	const per = "/kommuner/{code}/enheter/{unit}/perioder/{period}/struktur"
	s.mux.HandleFunc("GET "+per+"/fria-tabeller", s.handleFreeTables)
	s.mux.HandleFunc("POST "+per+"/fria-tabeller", s.handleFreeTables)
	s.mux.HandleFunc("GET "+per+"/fria-tabeller/{table}", s.handleFreeTable)
	s.mux.HandleFunc("POST "+per+"/fria-tabeller/{table}", s.handleFreeTable)
	s.mux.HandleFunc("POST "+per+"/fria-tabeller/{table}/ta-bort", s.handleFreeTableDelete)
}
