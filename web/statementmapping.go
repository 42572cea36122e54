package web

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/sv"
)

// The statements' account mapping in the browser (/kommuner/{code}/struktur/rakenskaper):
// for each accounts row of the resultaträkning, balansräkning and kassaflödesanalys the
// account ranges its terms take (and those they except), its note number and the note's
// rows; the budget entered for the resultaträkning's rows of one year; "Återställ
// standard". Those who edit the structure may save (store.SaveStatementSetup: the rule
// set judges it, a stale version gets the conflict page); below the form, what the saved
// mapping makes of the imported ledger of the latest year of the council's unit (or the
// unit chosen), with the accounts no row takes. No script: the year and the unit are
// chosen with a form of their own (GET).

func (s *Server) statementMappingRoutes() {
	s.mux.HandleFunc("GET /kommuner/{code}/struktur/rakenskaper", s.handleStatementMapping)
	s.mux.HandleFunc("POST /kommuner/{code}/struktur/rakenskaper", s.handleStatementMapping)
}

func statementMappingURL(code string) string {
	return "/kommuner/" + url.PathEscape(code) + "/struktur/rakenskaper"
}

// measureWords say what a term takes, for a field's label.
var measureWords = map[tertial.Measure]string{
	tertial.MeasureMovement: "årets belopp", tertial.MeasureClosing: "utgående balans",
	tertial.MeasureOpening: "ingående balans", tertial.MeasureChange: "förändring under året",
}

// stmtRowForm is one accounts row of the form.
type stmtRowForm struct {
	ID, Label string
	Terms     []stmtTermForm
	Note      adminField
	NoteRows  adminField
	Budget    *adminField // resultaträkning only
	Changed   bool        // the saved mapping differs from the default
}

type stmtTermForm struct {
	Measure  tertial.Measure
	Accounts adminField
	Except   adminField
}

// stmtSection is one statement of the form: its accounts rows, and the rows that are sums
// or headings (fixed, shown for orientation).
type stmtSection struct {
	Name string
	Rows []stmtRowForm
}

type stmtPreviewRow struct {
	Statement, Label, Amount string
	Kind                     tertial.RowKind
}

type stmtUnmapped struct{ Account, Opening, Closing, Movement string }

type statementMappingPage struct {
	base
	Title, MuniURL, MuniName string
	Action, History          string
	Version                  int
	Year                     int
	Sections                 []stmtSection
	Errors                   []fieldError
	Notice                   string
	CanEdit                  bool
	// The choice of year and unit (GET).
	YearField, UnitField adminField
	// The preview of the saved mapping.
	PreviewCaption string
	Preview        []stmtPreviewRow
	Unmapped       []stmtUnmapped
	PreviewNote    string
	// The forecast for the whole year (statementforecast.go).
	Forecast stmtForecast
}

// councilUnit returns the unit whose ledger is the whole municipality's: the council's
// (kind council), else the first top unit.
func councilUnit(ds *tertial.Dataset) string {
	for _, u := range ds.Units {
		if u.Kind == tertial.UnitCouncil {
			return u.ID
		}
	}
	for _, u := range ds.Units {
		if u.Parent == "" {
			return u.ID
		}
	}
	return ""
}

// latestLedgerYear returns the last year the unit's ledger holds, 0 for none.
func latestLedgerYear(l *tertial.LedgerData, unit string) int {
	if l == nil {
		return 0
	}
	y := 0
	for _, e := range l.Outcome {
		if e.Unit == unit {
			y = max(y, e.Month/100)
		}
	}
	for _, b := range l.Balances {
		if b.Unit == unit {
			y = max(y, b.Year)
		}
	}
	return y
}

func rowFieldName(id string, part string) string { return "r-" + id + "-" + part }

// statementSections builds the form's sections from layout (the saved one), with the
// budget of year.
func statementSections(ds *tertial.Dataset, layout *tertial.StatementLayout, year int) []stmtSection {
	budget := ds.Statements.BudgetOf(year)
	var out []stmtSection
	for _, st := range tertial.StatementIDs {
		sec := stmtSection{Name: st.Name()}
		for _, r := range layout.Rows {
			if r.Statement != st || r.Kind != tertial.RowAccounts {
				continue
			}
			f := stmtRowForm{ID: r.ID, Label: r.Label, Changed: ds.Statements.MappingOf(r.ID) != nil}
			for j, t := range r.Terms {
				f.Terms = append(f.Terms, stmtTermForm{Measure: t.Measure,
					Accounts: adminField{Name: rowFieldName(r.ID, "t"+strconv.Itoa(j)), Label: "Konton, " + measureWords[t.Measure], Value: tertial.RangesText(t.Accounts),
						Hint: "Konton och kontointervall åtskilda med kommatecken, till exempel 4-77, 79. Tomt tar bort termen."},
					Except: adminField{Name: rowFieldName(r.ID, "t"+strconv.Itoa(j)+"-utom"), Label: "Utom konton", Value: tertial.RangesText(t.Except)}})
			}
			note := ""
			if r.Note > 0 {
				note = strconv.Itoa(r.Note)
			}
			f.Note = adminField{Name: rowFieldName(r.ID, "not"), Label: "Notnummer", Value: note, Hint: "Tomt: ingen not."}
			var lines []string
			for _, n := range r.NoteRows {
				line := n.Label + "; " + tertial.RangesText(n.Accounts)
				if n.ID != "" {
					line += "; " + n.ID
				}
				lines = append(lines, line)
			}
			f.NoteRows = adminField{Name: rowFieldName(r.ID, "notrader"), Label: "Notens rader", Type: "textarea", Value: strings.Join(lines, "\n"),
				Rows: max(len(lines)+1, 2), Hint: "En rad per notrad: text; konton; id (id:t är valfritt). Ett konto hamnar på den första notrad som tar det. Utan rader listar noten varje konto."}
			if st == tertial.Resultatrakning {
				v := ""
				if a, ok := budget[r.ID]; ok {
					v = sv.Exact(a.Exact(tertial.Kr))
				}
				f.Budget = &adminField{Name: "b-" + r.ID, Label: "Budget " + strconv.Itoa(year) + ", kr", Value: v,
					Hint: "Intäkter positiva, kostnader negativa. Tomt: budgeten ur bokföringen (#PBUDGET)."}
			}
			sec.Rows = append(sec.Rows, f)
		}
		out = append(out, sec)
	}
	return out
}

// fields are every field of the form, in order (for errors and the conflict page).
func (p *statementMappingPage) fields() []*adminField {
	var out []*adminField
	for i := range p.Sections {
		for j := range p.Sections[i].Rows {
			r := &p.Sections[i].Rows[j]
			for k := range r.Terms {
				out = append(out, &r.Terms[k].Accounts, &r.Terms[k].Except)
			}
			out = append(out, &r.Note, &r.NoteRows)
			if r.Budget != nil {
				out = append(out, r.Budget)
			}
		}
	}
	return out
}

func (p *statementMappingPage) fill(form url.Values) {
	for _, f := range p.fields() {
		f.Value = form.Get(f.Name)
	}
}

func (p *statementMappingPage) setErrors(errs []fieldError) {
	for _, f := range append(p.fields(), p.forecastFields()...) {
		for _, e := range errs {
			if e.Field == f.Name && f.Error == "" {
				f.Error = e.Message
			}
		}
	}
	p.Errors = errs
}

var rangeSep = regexp.MustCompile(`[,;\s]+`)

// parseRanges reads "4-77, 79" into account ranges.
func parseRangesField(s string) ([]tertial.AccountRange, string) {
	var out []tertial.AccountRange
	for _, x := range rangeSep.Split(strings.TrimSpace(s), -1) {
		if x == "" {
			continue
		}
		a, err := tertial.ParseAccountRange(strings.ReplaceAll(strings.ReplaceAll(x, "–", "-"), "\u2212", "-"))
		if err != nil {
			return nil, tertial.Capitalize(tertial.ErrorMessage(err)) + "."
		}
		out = append(out, a)
	}
	return out, ""
}

// parseStatementForm reads the posted form into the edited layout and the year's budget,
// with what cannot be read.
func parseStatementForm(saved *tertial.StatementLayout, form url.Values) (*tertial.StatementLayout, map[string]tertial.Amount, []fieldError) {
	var errs []fieldError
	edited := &tertial.StatementLayout{Rows: slices.Clone(saved.Rows)}
	budget := map[string]tertial.Amount{}
	for i := range edited.Rows {
		r := &edited.Rows[i]
		if r.Kind != tertial.RowAccounts {
			continue
		}
		var terms []tertial.StatementTerm
		for j, t := range r.Terms {
			name := rowFieldName(r.ID, "t"+strconv.Itoa(j))
			acc, msg := parseRangesField(form.Get(name))
			if msg != "" {
				errs = append(errs, fieldError{name, msg})
				continue
			}
			exc, msg := parseRangesField(form.Get(name + "-utom"))
			if msg != "" {
				errs = append(errs, fieldError{name + "-utom", msg})
				continue
			}
			if len(acc) == 0 {
				if len(exc) > 0 {
					errs = append(errs, fieldError{name, "Ange kontona som undantagen gäller, eller töm båda fälten."})
				}
				continue
			}
			terms = append(terms, tertial.StatementTerm{Measure: t.Measure, Accounts: acc, Except: exc})
		}
		r.Terms = terms
		r.Note = 0
		if v := strings.TrimSpace(form.Get(rowFieldName(r.ID, "not"))); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 {
				errs = append(errs, fieldError{rowFieldName(r.ID, "not"), fmt.Sprintf("%q är inget notnummer: skriv ett positivt heltal, eller lämna tomt.", v)})
			}
			r.Note = n
		}
		r.NoteRows = nil
		name := rowFieldName(r.ID, "notrader")
		for k, line := range lines(form.Get(name)) {
			parts := strings.Split(line, ";")
			if len(parts) < 2 || len(parts) > 3 {
				errs = append(errs, fieldError{name, fmt.Sprintf("Rad %d: skriv text; konton; id, till exempel Personalkostnader; 5.", k+1)})
				continue
			}
			acc, msg := parseRangesField(parts[1])
			if msg != "" {
				errs = append(errs, fieldError{name, fmt.Sprintf("Rad %d: %s", k+1, msg)})
				continue
			}
			nr := tertial.NoteRow{Label: strings.TrimSpace(parts[0]), Accounts: acc}
			if len(parts) == 3 {
				nr.ID = strings.TrimSpace(parts[2])
			}
			r.NoteRows = append(r.NoteRows, nr)
		}
		if r.Statement == tertial.Resultatrakning {
			name := "b-" + r.ID
			d, ok := parseDecimalField(form.Get(name))
			switch {
			case !ok:
				errs = append(errs, fieldError{name, fmt.Sprintf("%q är inget belopp: skriv till exempel -398 000 000 eller 412 500 000,50.", form.Get(name))})
			case d != nil:
				a, err := tertial.ParseAmount(d.String(), tertial.Kr, 2)
				if err != nil {
					errs = append(errs, fieldError{name, tertial.Capitalize(tertial.ErrorMessage(err)) + "."})
				} else {
					budget[r.ID] = a
				}
			}
		}
	}
	return edited, budget, errs
}

// withBudgetOf returns the budget with the year's amounts replaced by those given, in
// the layout's order.
func withBudgetOf(old []tertial.StatementBudget, year int, amounts map[string]tertial.Amount) []tertial.StatementBudget {
	var out []tertial.StatementBudget
	for _, b := range old {
		if b.Year != year {
			out = append(out, b)
		}
	}
	for _, r := range tertial.DefaultStatementLayout().Rows {
		if a, ok := amounts[r.ID]; ok {
			out = append(out, tertial.StatementBudget{Year: year, Row: r.ID, Amount: a})
		}
	}
	return out
}

var setupPath = regexp.MustCompile(`^statements\.(mapping|budget)\[(\d+)\](.*)$`)
var termPath = regexp.MustCompile(`^\.terms\[(\d+)\](\.except)?`)

// statementFieldErrors places the rule set's problems on the form's fields: a mapping's
// problem on its row's field, a budget's on the row's budget.
func statementFieldErrors(ps []tertial.Problem, mapping []tertial.StatementRowMapping, budget []tertial.StatementBudget, first string) []fieldError {
	var errs []fieldError
	for _, p := range ps {
		msg := tertial.Capitalize(p.Message) + "."
		field := first
		if m := setupPath.FindStringSubmatch(p.Path); m != nil {
			i, _ := strconv.Atoi(m[2])
			rest := m[3]
			switch {
			case m[1] == "budget" && i < len(budget):
				field = "b-" + budget[i].Row
			case m[1] == "mapping" && i < len(mapping):
				id := mapping[i].Row
				field = rowFieldName(id, "t0")
				if t := termPath.FindStringSubmatch(rest); t != nil {
					field = rowFieldName(id, "t"+t[1])
					if t[2] != "" {
						field += "-utom"
					}
				} else if strings.HasPrefix(rest, ".note_rows") {
					field = rowFieldName(id, "notrader")
					if n := listIndex.FindStringSubmatch(strings.TrimPrefix(rest, ".note_rows")); n != nil {
						k, _ := strconv.Atoi(n[1])
						msg = fmt.Sprintf("Rad %d: %s", k+1, msg)
					}
				} else if strings.HasPrefix(rest, ".note") {
					field = rowFieldName(id, "not")
				}
			}
		}
		errs = append(errs, fieldError{field, msg})
	}
	return errs
}

// statementMappingPage builds the page as it is shown: the form of the saved mapping and
// the budget of the year chosen (?ar=, else the latest year of the unit's ledger), the
// preview on the unit's ledger (?enhet=, else the council's) and the forecast part
// (?prognos=, statementforecast.go). It returns the saved layout with it.
func (s *Server) statementMappingPage(r *http.Request, ds *tertial.Dataset, canEdit bool) (*statementMappingPage, *tertial.StatementLayout) {
	code := r.PathValue("code")
	q := r.URL.Query()
	unit := q.Get("enhet")
	if ds.Unit(unit) == nil {
		unit = councilUnit(ds)
	}
	year, _ := strconv.Atoi(q.Get("ar"))
	if year < 1900 || year > 2200 {
		year = latestLedgerYear(ds.Ledger, unit)
		if year == 0 {
			year = time.Now().Year()
		}
	}
	action := statementMappingURL(code) + "?ar=" + strconv.Itoa(year) + "&enhet=" + url.QueryEscape(unit)
	if m := q.Get("prognos"); m != "" {
		action += "&prognos=" + url.QueryEscape(m)
	}
	layout := ds.StatementLayoutOrDefault()
	page := &statementMappingPage{Title: "Räkenskapernas kontomappning – " + ds.Municipality.Name, MuniURL: "/kommuner/" + url.PathEscape(code),
		MuniName: ds.Municipality.Name, Action: action, History: historyURL(code, "statement_setup", code), Version: ds.Statements.Version,
		Year: year, Sections: statementSections(ds, layout, year), CanEdit: canEdit}
	var units []option
	for _, u := range ds.Units {
		units = append(units, option{u.ID, u.Name})
	}
	page.YearField = adminField{Name: "ar", Label: "År (budget och förhandsvisning)", Value: strconv.Itoa(year)}
	page.UnitField = adminField{Name: "enhet", Label: "Enhet vars bokföring visas", Type: "select", Value: unit, Options: units}
	s.statementPreview(page, ds, layout, unit, year)
	statementForecastPart(page, ds, layout, unit, q.Get("prognos"))
	return page, layout
}

func (s *Server) handleStatementMapping(w http.ResponseWriter, r *http.Request) {
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
		s.error(w, r, tertial.Errorf(tertial.EFORBIDDEN, "Du har inte behörighet att ändra räkenskapernas kontomappning."))
		return
	}
	q := r.URL.Query()
	page, layout := s.statementMappingPage(r, ds, canEdit)
	action, year := page.Action, page.Year
	if r.Method == http.MethodGet {
		switch q.Get("sparad") {
		case "1":
			page.Notice = "Kontomappningen och budgeten är sparade."
		case "standard":
			page.Notice = "Kontomappningen är återställd till standard."
		case "prognos":
			page.Notice = "Prognosen för helåret gjord per " + tertial.MonthText(page.Forecast.Month) + " är sparad."
		}
		s.render(w, r, http.StatusOK, "statementmapping.html", page)
		return
	}
	if err := s.parseStructureForm(w, r); err != nil {
		s.error(w, r, err)
		return
	}
	version := postedVersion(r)
	actor := userFrom(r.Context()).Name
	var mapping []tertial.StatementRowMapping
	budget := ds.Statements.Budget
	done := action + "&sparad=1"
	var errs []fieldError
	if r.PostForm.Get("atgard") == "aterstall" {
		done = action + "&sparad=standard"
	} else {
		// A field the post leaves out keeps its saved value (a client that posts only
		// what it changes); an empty field is empty.
		form := url.Values{}
		for _, f := range page.fields() {
			if r.PostForm.Has(f.Name) {
				form.Set(f.Name, r.PostForm.Get(f.Name))
			} else {
				form.Set(f.Name, f.Value)
			}
		}
		page.fill(form)
		var edited *tertial.StatementLayout
		var amounts map[string]tertial.Amount
		edited, amounts, errs = parseStatementForm(layout, form)
		mapping = tertial.MappingFor(edited)
		budget = withBudgetOf(ds.Statements.Budget, year, amounts)
	}
	if len(errs) == 0 {
		_, err = s.db.SaveStatementSetup(r.Context(), actor, code, version, mapping, budget, ds.Statements.Forecast)
		if err == nil {
			http.Redirect(w, r, done, http.StatusSeeOther)
			return
		}
		if tertial.ErrorCode(err) == tertial.ECONFLICT {
			s.statementConflict(w, r, page, mapping, budget)
			return
		}
		ps := tertial.ProblemsOf(err)
		if len(ps) == 0 {
			s.error(w, r, err)
			return
		}
		first := ""
		if fs := page.fields(); len(fs) > 0 {
			first = fs[0].Name
		}
		errs = statementFieldErrors(ps, mapping, budget, first)
	}
	page.Version = version
	page.setErrors(errs)
	page.Title = "Fel – " + page.Title
	s.render(w, r, http.StatusUnprocessableEntity, "statementmapping.html", page)
}

// statementConflict shows the conflict page: the saved mapping and budget beside the
// user's, and the user's form to save again from the saved version.
func (s *Server) statementConflict(w http.ResponseWriter, r *http.Request, page *statementMappingPage, mapping []tertial.StatementRowMapping, budget []tertial.StatementBudget) {
	fresh, err := s.db.Dataset(r.Context(), r.PathValue("code"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	yours := tertial.StatementSetup{Mapping: mapping, Budget: budget}
	cp := &conflictPage{Title: "Någon annan har ändrat räkenskapernas kontomappning", Heading: "räkenskapernas kontomappning",
		Action: page.Action, Version: fresh.Statements.Version, BackURL: page.Action,
		Rows: []conflictRow{
			{Label: "Kontomappning (rader som avviker från standard)", Theirs: fresh.Statements.MappingText(), Yours: yours.MappingText()},
			{Label: "Budget", Theirs: fresh.Statements.BudgetText(), Yours: yours.BudgetText()},
		}}
	for _, sec := range page.Sections {
		for _, row := range sec.Rows {
			for _, t := range row.Terms {
				cp.Fields = append(cp.Fields, formField{Group: row.Label, Name: t.Accounts.Name, Label: t.Accounts.Label, Value: t.Accounts.Value},
					formField{Group: row.Label, Name: t.Except.Name, Label: t.Except.Label, Value: t.Except.Value})
			}
			cp.Fields = append(cp.Fields, formField{Group: row.Label, Name: row.Note.Name, Label: row.Note.Label, Value: row.Note.Value},
				formField{Group: row.Label, Name: row.NoteRows.Name, Label: row.NoteRows.Label, Type: "textarea", Value: row.NoteRows.Value})
			if row.Budget != nil {
				cp.Fields = append(cp.Fields, formField{Group: row.Label, Name: row.Budget.Name, Label: row.Budget.Label, Value: row.Budget.Value})
			}
		}
	}
	s.render(w, r, http.StatusConflict, "conflict.html", cp)
}

// statementPreview fills the page's preview: the saved layout applied to the unit's
// ledger of the year, each row's amount and the accounts no row takes.
func (s *Server) statementPreview(page *statementMappingPage, ds *tertial.Dataset, layout *tertial.StatementLayout, unit string, year int) {
	name := unit
	if u := ds.Unit(unit); u != nil {
		name = u.Name
	}
	if ds.Ledger == nil || unit == "" {
		page.PreviewNote = "Kommunen har ingen importerad bokföring att visa mappningen på."
		return
	}
	ly := ds.Ledger.Year(unit, year, year*100+12)
	if len(ly.Accounts) == 0 {
		page.PreviewNote = fmt.Sprintf("%s har ingen bokföring för %d. Välj ett annat år eller en annan enhet.", name, year)
		return
	}
	st, err := tertial.BuildStatements(layout, &ly, nil, tertial.StatementOptions{Budget: ds.Statements.BudgetOf(year)})
	if err != nil {
		page.PreviewNote = "Räkenskaperna kunde inte ställas upp: " + tertial.ErrorMessage(err)
		return
	}
	page.PreviewCaption = fmt.Sprintf("Den sparade mappningen på %ss bokföring %d (kr)", name, year)
	for _, l := range st.Lines {
		row := stmtPreviewRow{Statement: l.Statement.Name(), Label: l.Label, Kind: l.Kind}
		if l.Kind != tertial.RowHeading {
			row.Amount = sv.Amount(l.Amount, tertial.Kr, 0)
		}
		page.Preview = append(page.Preview, row)
	}
	for _, u := range st.Unmapped {
		page.Unmapped = append(page.Unmapped, stmtUnmapped{Account: u.Account,
			Opening:  sv.Amount(tertial.Amount(u.Opening), tertial.Kr, 2),
			Closing:  sv.Amount(tertial.Amount(u.Closing), tertial.Kr, 2),
			Movement: sv.Amount(tertial.Amount(u.Movement), tertial.Kr, 2)})
	}
}
