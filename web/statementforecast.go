package web

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"time"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/sv"
)

// The forecast for the whole year on the statements page (/kommuner/{code}/struktur/
// rakenskaper, the part "Prognos för helåret"): the month the forecast is made at is
// chosen with a form of its own (GET ?prognos=ÅÅÅÅ-MM; by default the latest month before
// December with outcome in the ledger of the page's unit, the council's unless another is
// chosen), and each accounts row of the
// resultaträkning shows the year's budget (entered, else the ledger's #PBUDGET), the
// outcome of the year through the month (the unit's ledger through the saved mapping)
// and the forecast entered in kronor. An empty field is no forecast: the row follows its
// budget. Those who edit the structure post the month's forecast to …/rakenskaper/prognos
// (store.SaveStatementSetup: the mapping, the budget and other months' forecasts stay as
// saved; a stale version gets the conflict page); readers see the figures only.

func (s *Server) statementForecastRoutes() {
	s.mux.HandleFunc("POST /kommuner/{code}/struktur/rakenskaper/prognos", s.handleStatementForecast)
}

var monthAbbrevs = []string{"jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"}

// stmtForecastRow is an accounts row of the resultaträkning in the forecast part.
type stmtForecastRow struct {
	ID, Label       string
	Budget, Outcome string // as shown, kr; "–" for none
	Saved           string // the saved forecast as readers see it
	Field           adminField
}

// stmtForecast is the forecast part of the statements page.
type stmtForecast struct {
	Month       int // the month the forecast is made at, YYYYMM; 0 when the chosen one is not valid
	MonthField  adminField
	Action      string
	BudgetHead  string
	OutcomeHead string
	FieldHead   string
	Caption     string
	Note        string
	Rows        []stmtForecastRow
}

// defaultForecastMonth is the latest month before December that the unit's ledger has
// outcome of, else the current month (November in December).
func defaultForecastMonth(l *tertial.LedgerData, unit string) int {
	m := 0
	if l != nil {
		for _, e := range l.Outcome {
			if e.Unit == unit && e.Month%100 != 12 && e.Month > m {
				m = e.Month
			}
		}
	}
	if m == 0 {
		now := time.Now()
		m = now.Year()*100 + min(int(now.Month()), 11)
	}
	return m
}

func forecastFieldName(row string) string { return "f-" + row }

// statementForecastPart fills the page's forecast part for the month chosen ("" for the
// default), with the outcome of unit's ledger through layout.
func statementForecastPart(page *statementMappingPage, ds *tertial.Dataset, layout *tertial.StatementLayout, unit, chosen string) {
	f := &page.Forecast
	f.MonthField = adminField{Name: "prognos", Label: "Prognosen görs per månad (ÅÅÅÅ-MM)", Value: chosen,
		Hint: "Den sista månaden med utfall som prognosen bygger på, januari–november, till exempel 2025-08 för delårsrapporten per augusti."}
	month := defaultForecastMonth(ds.Ledger, unit)
	if chosen != "" {
		m, ok := tertial.ParseMonth(chosen)
		switch {
		case !ok:
			f.MonthField.Error = fmt.Sprintf("%q är ingen månad: skriv år och månad som ÅÅÅÅ-MM, till exempel 2025-08.", chosen)
			return
		case m%100 == 12:
			f.MonthField.Error = "En prognos för helåret görs före årets slut; i december är utfallet helåret. Välj en månad januari–november."
			return
		}
		month = m
	}
	f.Month = month
	f.MonthField.Value = tertial.MonthText(month)
	year := month / 100
	f.Action = statementMappingURL(ds.Municipality.Code) + "/prognos?ar=" + strconv.Itoa(page.Year) + "&enhet=" + url.QueryEscape(unit) +
		"&prognos=" + tertial.MonthText(month)
	span := "jan–" + monthAbbrevs[month%100-1] + " " + strconv.Itoa(year)
	if month%100 == 1 {
		span = "jan " + strconv.Itoa(year)
	}
	f.BudgetHead = "Budget " + strconv.Itoa(year)
	f.OutcomeHead = "Utfall " + span
	f.FieldHead = "Prognos helår " + strconv.Itoa(year)
	name := unit
	if u := ds.Unit(unit); u != nil {
		name = u.Name
	}
	f.Caption = fmt.Sprintf("Resultaträkningens rader: budget, utfall i %ss bokföring och prognos för helåret %d gjord per %s (kr)", name, year, tertial.MonthText(month))

	// The budget and the outcome: the statements of the unit's ledger through the month,
	// else (no ledger for the year) the entered budget alone.
	entered := ds.Statements.BudgetOf(year)
	var st *tertial.Statements
	if ds.Ledger == nil || unit == "" {
		f.Note = "Kommunen har ingen importerad bokföring; utfallet visas inte."
	} else if ly := ds.Ledger.Year(unit, year, month); len(ly.Accounts) == 0 {
		f.Note = fmt.Sprintf("%s har ingen bokföring för %d; utfallet visas inte.", name, year)
	} else if built, err := tertial.BuildStatements(layout, &ly, nil, tertial.StatementOptions{Budget: entered}); err != nil {
		f.Note = "Räkenskaperna kunde inte ställas upp: " + tertial.ErrorMessage(err)
	} else {
		st = built
	}
	saved := ds.Statements.ForecastOf(month)
	for _, r := range layout.Rows {
		if r.Statement != tertial.Resultatrakning || r.Kind != tertial.RowAccounts {
			continue
		}
		row := stmtForecastRow{ID: r.ID, Label: r.Label, Budget: "–", Outcome: "–", Saved: "Följer budgeten"}
		if a, ok := entered[r.ID]; ok {
			row.Budget = sv.Amount(a, tertial.Kr, 0)
		}
		if st != nil {
			l, _ := st.Line(r.ID)
			row.Outcome = sv.Amount(l.Amount, tertial.Kr, 0)
			if st.HasBudget {
				row.Budget = sv.Amount(l.Budget, tertial.Kr, 0)
			}
		}
		v := ""
		if a, ok := saved[r.ID]; ok {
			v = sv.Exact(a.Exact(tertial.Kr))
			row.Saved = sv.Amount(a, tertial.Kr, 0)
		}
		row.Field = adminField{Name: forecastFieldName(r.ID), Label: f.FieldHead + ", " + r.Label + ", kr", Value: v}
		f.Rows = append(f.Rows, row)
	}
}

// forecastFields are the forecast part's amount fields, in order.
func (p *statementMappingPage) forecastFields() []*adminField {
	out := make([]*adminField, 0, len(p.Forecast.Rows)+1)
	out = append(out, &p.Forecast.MonthField)
	for i := range p.Forecast.Rows {
		out = append(out, &p.Forecast.Rows[i].Field)
	}
	return out
}

// parseForecastForm reads the forecast part's amounts by row ID, with what cannot be
// read. An empty field is no forecast.
func parseForecastForm(rows []stmtForecastRow) (map[string]tertial.Amount, []fieldError) {
	out := map[string]tertial.Amount{}
	var errs []fieldError
	for _, r := range rows {
		name, v := r.Field.Name, r.Field.Value
		d, ok := parseDecimalField(v)
		switch {
		case !ok:
			errs = append(errs, fieldError{name, fmt.Sprintf("%q är inget belopp: skriv till exempel -398 000 000 eller 412 500 000,50.", v)})
		case d != nil:
			a, err := tertial.ParseAmount(d.String(), tertial.Kr, 2)
			if err != nil {
				errs = append(errs, fieldError{name, tertial.Capitalize(tertial.ErrorMessage(err)) + "."})
			} else {
				out[r.ID] = a
			}
		}
	}
	return out, errs
}

// withForecastOf returns the forecasts with the month's replaced by those given, in the
// layout's order; other months' stay as they are.
func withForecastOf(old []tertial.StatementForecast, month int, amounts map[string]tertial.Amount) []tertial.StatementForecast {
	var out []tertial.StatementForecast
	for _, f := range old {
		if f.Through != month {
			out = append(out, f)
		}
	}
	for _, r := range tertial.DefaultStatementLayout().Rows {
		if a, ok := amounts[r.ID]; ok {
			out = append(out, tertial.StatementForecast{Through: month, Row: r.ID, Amount: a})
		}
	}
	return out
}

var forecastPath = regexp.MustCompile(`^statements\.forecast\[(\d+)\]\.(row|through)`)

// forecastFieldErrors places the rule set's problems on the forecast part's fields: a
// forecast's row on its amount field, its month on the month field; anything else on first.
func forecastFieldErrors(ps []tertial.Problem, forecast []tertial.StatementForecast, month int, first string) []fieldError {
	var errs []fieldError
	for _, p := range ps {
		field := first
		if m := forecastPath.FindStringSubmatch(p.Path); m != nil {
			i, _ := strconv.Atoi(m[1])
			if i < len(forecast) && forecast[i].Through == month {
				field = forecastFieldName(forecast[i].Row)
				if m[2] == "through" {
					field = "prognos"
				}
			}
		}
		errs = append(errs, fieldError{field, tertial.Capitalize(p.Message) + "."})
	}
	return errs
}

func (s *Server) handleStatementForecast(w http.ResponseWriter, r *http.Request) {
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
	if !tertial.Can(userFrom(r.Context()), tertial.ActEditStructure, tertial.AccessTarget{Municipality: code}) {
		s.error(w, r, tertial.Errorf(tertial.EFORBIDDEN, "Du har inte behörighet att ändra räkenskapernas prognos."))
		return
	}
	if err := s.parseStructureForm(w, r); err != nil {
		s.error(w, r, err)
		return
	}
	page, _ := s.statementMappingPage(r, ds, true)
	version := postedVersion(r)
	f := &page.Forecast
	var errs []fieldError
	if f.Month == 0 {
		if f.MonthField.Error == "" {
			f.MonthField.Error = "Välj månaden prognosen görs per."
		}
		errs = []fieldError{{f.MonthField.Name, f.MonthField.Error}}
	} else {
		// A field the post leaves out keeps its saved value; an empty field is no forecast.
		for i := range f.Rows {
			if fl := &f.Rows[i].Field; r.PostForm.Has(fl.Name) {
				fl.Value = r.PostForm.Get(fl.Name)
			}
		}
		var amounts map[string]tertial.Amount
		amounts, errs = parseForecastForm(f.Rows)
		if len(errs) == 0 {
			forecast := withForecastOf(ds.Statements.Forecast, f.Month, amounts)
			_, err = s.db.SaveStatementSetup(r.Context(), userFrom(r.Context()).Name, code, version, ds.Statements.Mapping, ds.Statements.Budget, forecast)
			if err == nil {
				done := statementMappingURL(code) + "?ar=" + strconv.Itoa(page.Year) + "&enhet=" + url.QueryEscape(page.UnitField.Value) +
					"&prognos=" + tertial.MonthText(f.Month) + "&sparad=prognos#prognos-helar"
				http.Redirect(w, r, done, http.StatusSeeOther)
				return
			}
			if tertial.ErrorCode(err) == tertial.ECONFLICT {
				s.forecastConflict(w, r, page, forecast)
				return
			}
			ps := tertial.ProblemsOf(err)
			if len(ps) == 0 {
				s.error(w, r, err)
				return
			}
			first := f.MonthField.Name
			if len(f.Rows) > 0 {
				first = f.Rows[0].Field.Name
			}
			errs = forecastFieldErrors(ps, forecast, f.Month, first)
		}
	}
	page.Version = version
	page.setErrors(errs)
	page.Title = "Fel – " + page.Title
	s.render(w, r, http.StatusUnprocessableEntity, "statementmapping.html", page)
}

// forecastConflict shows the conflict page for the forecast: the saved forecasts beside
// the user's, and the user's amounts to save again from the saved version.
func (s *Server) forecastConflict(w http.ResponseWriter, r *http.Request, page *statementMappingPage, forecast []tertial.StatementForecast) {
	fresh, err := s.db.Dataset(r.Context(), r.PathValue("code"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	yours := tertial.StatementSetup{Forecast: forecast}
	f := page.Forecast
	cp := &conflictPage{Title: "Någon annan har ändrat räkenskapernas prognos", Heading: "räkenskapernas prognos för helåret",
		Action: f.Action, Version: fresh.Statements.Version, BackURL: page.Action + "#prognos-helar",
		Rows: []conflictRow{{Label: "Prognos för helåret (alla månader)", Theirs: fresh.Statements.ForecastText(), Yours: yours.ForecastText()}}}
	for _, row := range f.Rows {
		cp.Fields = append(cp.Fields, formField{Group: f.FieldHead + " per " + tertial.MonthText(f.Month), Name: row.Field.Name, Label: row.Label + ", kr", Value: row.Field.Value})
	}
	s.render(w, r, http.StatusConflict, "conflict.html", cp)
}
