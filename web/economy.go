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
	"github.com/tertial/tertial/sv"
)

// The economy of the annual report in the browser (/kommuner/{code}/struktur/ekonomi):
// the lists of the dataset's economy block (docs/economy.md), each a table of its rows
// as fields and three empty rows to add; a row emptied is removed. Those who edit the
// structure may save (store.SaveEconomy: the rule set judges the whole dataset, a form
// opened before another change gets the conflict page). No script.

func (s *Server) economyRoutes() {
	s.mux.HandleFunc("GET /kommuner/{code}/struktur/ekonomi", s.handleEconomy)
	s.mux.HandleFunc("POST /kommuner/{code}/struktur/ekonomi", s.handleEconomy)
}

func economyURL(code string) string { return "/kommuner/" + url.PathEscape(code) + "/struktur/ekonomi" }

// econEmptyRows is how many empty rows each list offers for new rows.
const econEmptyRows = 3

// econCol is one column of a list: the rule set's field (its path under the row), the
// form's name for it and how its value is read.
type econCol struct {
	Path, Name, Label string
	Kind              string // year, count, decimal, amount, text, select
	Options           []option
}

// econRow is one row of a list's table: a field per column.
type econRow struct{ Cells []adminField }

// econList is one list of the economy on the page.
type econList struct {
	Key, Path    string // the form's prefix (kf) and the dataset's path (economy.key_figures)
	Legend, Hint string
	Cols         []econCol
	Rows         []econRow
	values       func(e *tertial.Economy) [][]string
	build        func(e *tertial.Economy, r *econReader)
}

func econAmount(a tertial.Amount) string { return sv.Exact(a.Exact(tertial.Kr)) }

func econOptAmount(a *tertial.Amount) string {
	if a == nil {
		return ""
	}
	return econAmount(*a)
}

func econOptInt(n *int64) string {
	if n == nil {
		return ""
	}
	return strconv.FormatInt(*n, 10)
}

func econYear(y int) string {
	if y == 0 {
		return ""
	}
	return strconv.Itoa(y)
}

// econReader reads one posted row's values, noting what cannot be read by column name.
type econReader struct {
	vals map[string]string
	errs map[string]string
}

func (r *econReader) text(name string) string { return strings.TrimSpace(r.vals[name]) }

func (r *econReader) year(name string) int {
	v := r.text(name)
	if v == "" {
		return 0
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		r.errs[name] = fmt.Sprintf("%q är inget årtal: skriv till exempel 2024.", v)
	}
	return n
}

func (r *econReader) count(name string) *int64 {
	v := strings.ReplaceAll(thousandsSpaces.Replace(r.text(name)), "\u2212", "-")
	if v == "" {
		return nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		r.errs[name] = fmt.Sprintf("%q är inget heltal: skriv till exempel 12 345.", r.text(name))
		return nil
	}
	return &n
}

func (r *econReader) decimal(name string) *tertial.Decimal {
	d, ok := parseDecimalField(r.vals[name])
	if !ok {
		r.errs[name] = fmt.Sprintf("%q är inget tal: skriv till exempel 21,35.", r.text(name))
	}
	return d
}

func (r *econReader) amount(name string) *tertial.Amount {
	d, ok := parseDecimalField(r.vals[name])
	if !ok {
		r.errs[name] = fmt.Sprintf("%q är inget belopp: skriv till exempel 12 500 000 eller −3 000,50.", r.text(name))
		return nil
	}
	if d == nil {
		return nil
	}
	a, err := tertial.ParseAmount(d.String(), tertial.Kr, 2)
	if err != nil {
		r.errs[name] = tertial.Capitalize(tertial.ErrorMessage(err)) + "."
		return nil
	}
	return &a
}

// amount0 is a required amount: empty is zero, which the rule set refuses in its words.
func (r *econReader) amount0(name string) tertial.Amount {
	if a := r.amount(name); a != nil {
		return *a
	}
	return 0
}

func econOptions[K ~string](kinds []K, label func(K) string) []option {
	out := []option{{"", "– välj –"}}
	for _, k := range kinds {
		out = append(out, option{string(k), label(k)})
	}
	return out
}

var reserveKindWords = map[tertial.ReserveKind]string{tertial.ReserveReservation: "Reservering till reserven", tertial.ReserveUse: "Användning av reserven"}
var comparisonWords = map[tertial.Comparison]string{tertial.AtLeast: "Minst", tertial.AtMost: "Högst"}

// economyLists are the page's lists, in the order they are shown.
func economyLists(ds *tertial.Dataset) []*econList {
	companies := []option{{"", "– välj –"}}
	counterparts := []option{{"", "Kommunen"}}
	for _, u := range ds.Companies(0) {
		companies = append(companies, option{u.ID, u.Name})
		counterparts = append(counterparts, option{u.ID, u.Name})
	}
	rows := eliminationRowOptions()
	lists := []*econList{
		{Key: "nyckeltal", Path: "economy.key_figures", Legend: "Nyckeltal per år",
			Hint: "Fem års nyckeltal till femårsöversikten och de finansiella målen. Belopp i kronor, skattesatsen i procent. Ett år per rad; töm raden för att ta bort året.",
			Cols: []econCol{{"year", "ar", "År", "year", nil}, {"inhabitants", "invanare", "Invånare 31/12", "count", nil},
				{"tax_rate", "skattesats", "Skattesats, %", "decimal", nil}, {"employees", "anstallda", "Anställda", "count", nil},
				{"pension_commitments", "pension", "Pensionsåtagande utanför balansräkningen, kr", "amount", nil},
				{"loan_debt", "laneskuld", "Låneskuld, kr", "amount", nil}},
			values: func(e *tertial.Economy) [][]string {
				var out [][]string
				for _, k := range e.KeyFigures {
					rate := ""
					if k.TaxRate != nil {
						rate = sv.Exact(*k.TaxRate)
					}
					out = append(out, []string{econYear(k.Year), econOptInt(k.Inhabitants), rate, econOptInt(k.Employees),
						econOptAmount(k.PensionCommitments), econOptAmount(k.LoanDebt)})
				}
				return out
			},
			build: func(e *tertial.Economy, r *econReader) {
				e.KeyFigures = append(e.KeyFigures, tertial.EconomyKeyFigures{Year: r.year("ar"), Inhabitants: r.count("invanare"),
					TaxRate: r.decimal("skattesats"), Employees: r.count("anstallda"), PensionCommitments: r.amount("pension"), LoanDebt: r.amount("laneskuld")})
			}},
		{Key: "mal", Path: "economy.financial_goals", Legend: "Finansiella mål",
			Hint: "Målen för god ekonomisk hushållning och vad de mäts mot. Id:t är kort och unikt (små bokstäver, siffror, - och _). Målvärdet i procent, eller i kronor för låneskuld per invånare. Till år tomt: ett mål för ett enda år.",
			Cols: []econCol{{"id", "id", "Id", "text", nil}, {"title", "rubrik", "Rubrik", "text", nil},
				{"kind", "matt", "Mått", "select", econOptions(tertial.FinancialGoalKinds, tertial.FinancialGoalKind.Name)},
				{"comparison", "jamforelse", "Jämförelse", "select", econOptions(tertial.Comparisons, func(c tertial.Comparison) string { return comparisonWords[c] })},
				{"target", "malvarde", "Målvärde", "decimal", nil}, {"from", "fran", "Från år", "year", nil}, {"to", "till", "Till år", "year", nil}},
			values: func(e *tertial.Economy) [][]string {
				var out [][]string
				for _, g := range e.FinancialGoals {
					out = append(out, []string{g.ID, g.Title, string(g.Kind), string(g.Comparison), sv.Exact(g.Target), econYear(g.From), econYear(g.To)})
				}
				return out
			},
			build: func(e *tertial.Economy, r *econReader) {
				g := tertial.FinancialGoal{ID: r.text("id"), Title: r.text("rubrik"), Kind: tertial.FinancialGoalKind(r.text("matt")),
					Comparison: tertial.Comparison(r.text("jamforelse")), From: r.year("fran"), To: r.year("till")}
				if r.text("till") == "" {
					// A goal of one year, as the dataset file and the API take it.
					g.To = g.From
				}
				if d := r.decimal("malvarde"); d != nil {
					g.Target = *d
				} else if _, bad := r.errs["malvarde"]; !bad {
					r.errs["malvarde"] = "Målvärdet saknas: skriv till exempel 2 eller 45,5."
				}
				e.FinancialGoals = append(e.FinancialGoals, g)
			}},
		{Key: "avstamning", Path: "economy.finance_items", Legend: "Finansförvaltningens poster i avstämningen av nämndernas nettokostnader",
			Hint: "Poster i verksamhetens nettokostnader som inte belastar nämnderna, till exempel pensioner, avskrivningar eller internränta: benämning och belopp i kronor, negativt för en kostnad. Avstämningen lägger dem till nämndernas nettokostnader och jämför summan med resultaträkningen.",
			Cols: []econCol{{"year", "ar", "År", "year", nil}, {"label", "benamning", "Benämning", "text", nil}, {"amount", "belopp", "Belopp, kr", "amount", nil}},
			values: func(e *tertial.Economy) [][]string {
				var out [][]string
				for _, f := range e.FinanceItems {
					out = append(out, []string{econYear(f.Year), f.Label, econAmount(f.Amount)})
				}
				return out
			},
			build: func(e *tertial.Economy, r *econReader) {
				e.FinanceItems = append(e.FinanceItems, tertial.FinanceItem{Year: r.year("ar"), Label: r.text("benamning"), Amount: r.amount0("belopp")})
			}},
		{Key: "justering", Path: "economy.balance_adjustments", Legend: "Balanskravsjusteringar",
			Hint: "Justeringar av årets resultat i balanskravsutredningen. Beloppet anges positivt; typen avgör om det läggs till eller dras av. Realisationsvinsterna som bokföringen har på raden för realisationsvinster (konto 38 i standardmappningen) dras av ändå: ange här bara andra, till exempel vinster på finansiella anläggningstillgångar.",
			Cols: []econCol{{"year", "ar", "År", "year", nil},
				{"kind", "typ", "Typ", "select", econOptions(tertial.BalanceAdjustmentKinds, tertial.BalanceAdjustmentKind.Label)},
				{"amount", "belopp", "Belopp, kr", "amount", nil}, {"reason", "motivering", "Motivering", "text", nil}},
			values: func(e *tertial.Economy) [][]string {
				var out [][]string
				for _, a := range e.BalanceAdjustments {
					out = append(out, []string{econYear(a.Year), string(a.Kind), econAmount(a.Amount), a.Reason})
				}
				return out
			},
			build: func(e *tertial.Economy, r *econReader) {
				e.BalanceAdjustments = append(e.BalanceAdjustments, tertial.BalanceAdjustment{Year: r.year("ar"),
					Kind: tertial.BalanceAdjustmentKind(r.text("typ")), Amount: r.amount0("belopp"), Reason: r.text("motivering")})
			}},
		{Key: "reserv", Path: "economy.reserve", Legend: "Resultatutjämningsreserven och resultatreserven",
			Hint: "Reserveringar till och användning av resultatutjämningsreserven (RUR), från 2024 resultatreserven, belopp positivt.",
			Cols: []econCol{{"year", "ar", "År", "year", nil},
				{"kind", "typ", "Rörelse", "select", econOptions(tertial.ReserveKinds, func(k tertial.ReserveKind) string { return reserveKindWords[k] })},
				{"amount", "belopp", "Belopp, kr", "amount", nil}, {"reason", "motivering", "Motivering", "text", nil}},
			values: func(e *tertial.Economy) [][]string {
				var out [][]string
				for _, m := range e.Reserve {
					out = append(out, []string{econYear(m.Year), string(m.Kind), econAmount(m.Amount), m.Reason})
				}
				return out
			},
			build: func(e *tertial.Economy, r *econReader) {
				e.Reserve = append(e.Reserve, tertial.ReserveMovement{Year: r.year("ar"), Kind: tertial.ReserveKind(r.text("typ")),
					Amount: r.amount0("belopp"), Reason: r.text("motivering")})
			}},
		{Key: "underskott", Path: "economy.deficits", Legend: "Tidigare års underskott att återställa",
			Hint: "Ett underskott per år: beloppet och hur mycket som hittills är återställt.",
			Cols: []econCol{{"year", "ar", "År", "year", nil}, {"amount", "belopp", "Underskott, kr", "amount", nil},
				{"restored", "aterstallt", "Återställt, kr", "amount", nil}, {"note", "anteckning", "Anteckning", "text", nil}},
			values: func(e *tertial.Economy) [][]string {
				var out [][]string
				for _, d := range e.Deficits {
					out = append(out, []string{econYear(d.Year), econAmount(d.Amount), econAmount(d.Restored), d.Note})
				}
				return out
			},
			build: func(e *tertial.Economy, r *econReader) {
				e.Deficits = append(e.Deficits, tertial.EarlierDeficit{Year: r.year("ar"), Amount: r.amount0("belopp"),
					Restored: r.amount0("aterstallt"), Note: r.text("anteckning")})
			}},
		{Key: "eliminering", Path: "economy.eliminations", Legend: "Elimineringar i den sammanställda redovisningen",
			Hint: "Koncerninterna poster som elimineras: bolaget, motparten (kommunen eller ett annat bolag), raderna i resultat- eller balansräkningen och beloppen, positiva.",
			Cols: []econCol{{"year", "ar", "År", "year", nil}, {"company", "bolag", "Bolag", "select", companies},
				{"counterpart", "motpart", "Motpart", "select", counterparts}, {"text", "text", "Text", "text", nil},
				{"debit.row", "debetrad", "Debet, rad", "select", rows}, {"debit.amount", "debetbelopp", "Debet, kr", "amount", nil},
				{"credit.row", "kreditrad", "Kredit, rad", "select", rows}, {"credit.amount", "kreditbelopp", "Kredit, kr", "amount", nil}},
			values: func(e *tertial.Economy) [][]string {
				var out [][]string
				for _, x := range e.Eliminations {
					out = append(out, []string{econYear(x.Year), x.Company, x.Counterpart, x.Text, x.Debit.Row, econAmount(x.Debit.Amount),
						x.Credit.Row, econAmount(x.Credit.Amount)})
				}
				return out
			},
			build: func(e *tertial.Economy, r *econReader) {
				e.Eliminations = append(e.Eliminations, tertial.Elimination{Year: r.year("ar"), Company: r.text("bolag"), Counterpart: r.text("motpart"),
					Text:  r.text("text"),
					Debit: tertial.EliminationSide{Row: r.text("debetrad"), Amount: r.amount0("debetbelopp")}, Credit: tertial.EliminationSide{Row: r.text("kreditrad"), Amount: r.amount0("kreditbelopp")}})
			}},
	}
	return lists
}

// eliminationRowOptions are the statement rows an elimination may name: the accounts
// rows of the resultaträkning and the balansräkning of the consolidated layout (as
// tertial.ValidateEliminationRows accepts them), by their labels and statement.
func eliminationRowOptions() []option {
	out := []option{{"", "– välj –"}}
	for _, r := range tertial.DefaultConsolidatedLayout().Rows {
		if r.Kind == tertial.RowAccounts && r.Statement != tertial.Kassaflode {
			out = append(out, option{r.ID, r.Label + " (" + strings.ToLower(r.Statement.Name()) + ")"})
		}
	}
	return out
}

// withValue returns the options with the value added, marked as no valid choice, when
// they do not hold it: a saved or posted value stays chosen, for the rule set to name.
func withValue(opts []option, v string) []option {
	if v == "" || slices.ContainsFunc(opts, func(o option) bool { return o.Value == v }) {
		return opts
	}
	return append(slices.Clip(opts), option{v, v + " (inget giltigt val)"})
}

func (l *econList) fieldName(row int, col string) string {
	return l.Key + "-" + strconv.Itoa(row+1) + "-" + col
}

// row makes the table row i with the values given (nil for an empty row).
func (l *econList) row(i int, vals []string) econRow {
	var r econRow
	for j, c := range l.Cols {
		f := adminField{Name: l.fieldName(i, c.Name), Label: c.Label + ", rad " + strconv.Itoa(i+1), Options: c.Options}
		if c.Kind == "select" {
			f.Type = "select"
		}
		if j < len(vals) {
			f.Value = vals[j]
		}
		if c.Kind == "select" {
			f.Options = withValue(f.Options, f.Value)
		}
		r.Cells = append(r.Cells, f)
	}
	return r
}

// fill sets the list's rows from the saved economy, and the empty rows to add.
func (l *econList) fill(e *tertial.Economy, empty int) {
	vals := l.values(e)
	l.Rows = nil
	for i, v := range vals {
		l.Rows = append(l.Rows, l.row(i, v))
	}
	for i := len(vals); i < len(vals)+empty; i++ {
		l.Rows = append(l.Rows, l.row(i, nil))
	}
}

// showChoices replaces each chosen option's value by its words, for the lists shown
// without fields.
func (l *econList) showChoices() {
	for i := range l.Rows {
		for j := range l.Rows[i].Cells {
			c := &l.Rows[i].Cells[j]
			for _, o := range c.Options {
				if o.Value == c.Value && o.Value != "" {
					c.Value = o.Label
				}
			}
		}
	}
}

var econFieldName = regexp.MustCompile(`^([a-z]+)-(\d+)-[a-z]+$`)

// postedRows is how many rows of the list the form posts (the highest row number).
func (l *econList) postedRows(form url.Values) int {
	n := 0
	for k := range form {
		if m := econFieldName.FindStringSubmatch(k); m != nil && m[1] == l.Key {
			if i, err := strconv.Atoi(m[2]); err == nil && i <= 1000 {
				n = max(n, i)
			}
		}
	}
	return n
}

// read fills the list's rows from the posted form and adds its non-empty rows to e. It
// returns what cannot be read and, for each row added, the table row it came from.
func (l *econList) read(form url.Values, e *tertial.Economy) ([]fieldError, []int) {
	var errs []fieldError
	var from []int
	l.Rows = nil
	for i := 0; i < l.postedRows(form); i++ {
		r := &econReader{vals: map[string]string{}, errs: map[string]string{}}
		var vals []string
		empty := true
		for _, c := range l.Cols {
			v := form.Get(l.fieldName(i, c.Name))
			r.vals[c.Name] = v
			vals = append(vals, v)
			if strings.TrimSpace(v) != "" {
				empty = false
			}
		}
		l.Rows = append(l.Rows, l.row(i, vals))
		if empty {
			continue
		}
		l.build(e, r)
		from = append(from, i)
		for _, c := range l.Cols {
			if msg, ok := r.errs[c.Name]; ok {
				errs = append(errs, fieldError{l.fieldName(i, c.Name), msg})
			}
		}
	}
	return errs, from
}

type economyPage struct {
	base
	Title, MuniURL, MuniName string
	Action, History, Version string
	Lists                    []*econList
	Errors                   []fieldError
	Notice                   string
	CanEdit                  bool
}

func (p *economyPage) fields() []*adminField {
	var out []*adminField
	for _, l := range p.Lists {
		for i := range l.Rows {
			for j := range l.Rows[i].Cells {
				out = append(out, &l.Rows[i].Cells[j])
			}
		}
	}
	return out
}

func (p *economyPage) setErrors(errs []fieldError) {
	for _, f := range p.fields() {
		for _, e := range errs {
			if e.Field == f.Name && f.Error == "" {
				f.Error = e.Message
			}
		}
	}
	p.Errors = errs
}

var econProblemPath = regexp.MustCompile(`^(economy\.[a-z_]+)\[(\d+)\]\.?(.*)$`)

// economyFieldErrors places the rule set's problems on the page's fields: a row's problem
// on its column's field (the row's first when the column is not on the page), a list's on
// its first field, anything else on the page's first.
func economyFieldErrors(ps []tertial.Problem, lists []*econList, from map[string][]int) []fieldError {
	var errs []fieldError
	first := ""
	if len(lists) > 0 && len(lists[0].Rows) > 0 {
		first = lists[0].Rows[0].Cells[0].Name
	}
	for _, p := range ps {
		msg := tertial.Capitalize(p.Message) + "."
		field := first
		for _, l := range lists {
			if m := econProblemPath.FindStringSubmatch(p.Path); m != nil && m[1] == l.Path {
				i, _ := strconv.Atoi(m[2])
				if i < len(from[l.Key]) {
					row := from[l.Key][i]
					field = l.fieldName(row, l.Cols[0].Name)
					for _, c := range l.Cols {
						if m[3] == c.Path || strings.HasPrefix(m[3], c.Path+".") || strings.HasPrefix(m[3], c.Path+"[") {
							field = l.fieldName(row, c.Name)
						}
					}
				}
			} else if strings.HasPrefix(p.Path, l.Path) && len(l.Rows) > 0 {
				field = l.Rows[0].Cells[0].Name
			}
		}
		errs = append(errs, fieldError{field, msg})
	}
	return errs
}

func (s *Server) handleEconomy(w http.ResponseWriter, r *http.Request) {
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
	canEdit := tertial.Can(userFrom(r.Context()), tertial.ActEditStructure, tertial.AccessTarget{Municipality: code})
	if r.Method == http.MethodPost && !canEdit {
		s.error(w, r, tertial.Errorf(tertial.EFORBIDDEN, "Du har inte behörighet att ändra årsredovisningens ekonomi."))
		return
	}
	action := economyURL(code)
	page := &economyPage{Title: "Ekonomi i årsredovisningen – " + ds.Municipality.Name, MuniURL: "/kommuner/" + url.PathEscape(code),
		MuniName: ds.Municipality.Name, Action: action, History: historyURL(code, "economy", code),
		Version: tertial.EconomyVersion(&ds.Economy), Lists: economyLists(ds), CanEdit: canEdit}
	if r.Method == http.MethodGet {
		empty := 0
		if canEdit {
			empty = econEmptyRows
		}
		for _, l := range page.Lists {
			l.fill(&ds.Economy, empty)
			if !canEdit {
				l.showChoices()
			}
		}
		if r.URL.Query().Get("sparad") == "1" {
			page.Notice = "Ekonomin är sparad."
		}
		s.render(w, r, http.StatusOK, "economy.html", page)
		return
	}
	if err := s.parseStructureForm(w, r); err != nil {
		s.error(w, r, err)
		return
	}
	version := r.PostForm.Get("version")
	var e tertial.Economy
	var errs []fieldError
	from := map[string][]int{}
	for _, l := range page.Lists {
		le, rows := l.read(r.PostForm, &e)
		errs = append(errs, le...)
		from[l.Key] = rows
	}
	if len(errs) == 0 {
		_, err = s.db.SaveEconomy(r.Context(), userFrom(r.Context()).Name, code, version, e)
		if err == nil {
			http.Redirect(w, r, action+"?sparad=1", http.StatusSeeOther)
			return
		}
		if tertial.ErrorCode(err) == tertial.ECONFLICT {
			s.economyConflict(w, r, page, &e)
			return
		}
		ps := tertial.ProblemsOf(err)
		if len(ps) == 0 {
			s.error(w, r, err)
			return
		}
		errs = economyFieldErrors(ps, page.Lists, from)
	}
	page.Version = version
	page.setErrors(errs)
	page.Title = "Fel – " + page.Title
	s.render(w, r, http.StatusUnprocessableEntity, "economy.html", page)
}

// economyLabels name the economy's lists (tertial.Economy.Lists) on the conflict page.
var economyLabels = map[string]string{"key_figures": "Nyckeltal", "financial_goals": "Finansiella mål", "finance_items": "Avstämningsposter",
	"balance_adjustments": "Balanskravsjusteringar", "reserve": "Resultatutjämningsreserven", "deficits": "Tidigare underskott",
	"eliminations": "Elimineringar"}

// economyConflict shows the conflict page: the saved economy beside the user's, list by
// list, and the user's form (its non-empty rows) to save again from the saved version.
func (s *Server) economyConflict(w http.ResponseWriter, r *http.Request, page *economyPage, yours *tertial.Economy) {
	fresh, err := s.db.Dataset(r.Context(), r.PathValue("code"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	cp := &conflictPage{Title: "Någon annan har ändrat ekonomin", Heading: "årsredovisningens ekonomi",
		Action: page.Action, Version: tertial.EconomyVersion(&fresh.Economy), BackURL: page.Action}
	theirs, mine := fresh.Economy.Lists(), yours.Lists()
	for i := range theirs {
		if theirs[i].Text != mine[i].Text {
			cp.Rows = append(cp.Rows, conflictRow{Label: economyLabels[theirs[i].Field], Theirs: theirs[i].Text, Yours: mine[i].Text})
		}
	}
	for _, l := range page.Lists {
		for _, row := range l.Rows {
			if !slices.ContainsFunc(row.Cells, func(f adminField) bool { return strings.TrimSpace(f.Value) != "" }) {
				continue
			}
			for _, c := range row.Cells {
				cp.Fields = append(cp.Fields, formField{Group: l.Legend, Name: c.Name, Label: c.Label, Type: c.Type, Value: c.Value, Options: c.Options})
			}
		}
	}
	s.render(w, r, http.StatusConflict, "conflict.html", cp)
}
