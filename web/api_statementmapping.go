package web

import (
	"net/http"
	"strconv"

	"github.com/tertial/tertial"
)

// GET and PUT /api/v1/municipalities/{code}/statement-layout
// GET and PUT /api/v1/municipalities/{code}/statement-budget
// GET and PUT /api/v1/municipalities/{code}/statement-forecast
//
// The statements' account mapping and the budget entered for the resultaträkning, as the
// page /kommuner/{code}/struktur/rakenskaper changes them (store.SaveStatementSetup). The
// layout's GET gives the mapping (the accounts rows mapped otherwise than the default)
// and the rows as they are with it; its PUT replaces the mapping (an empty list is the
// default), keeping the budget. The budget's PUT replaces every entered amount, keeping
// the mapping; the forecast's PUT replaces every forecast for the whole year (of every
// month), keeping the mapping and the budget. Each names the version they start from; an older one gets 409 with the
// current state, and the rule set's problems come back as fields (422) at the dataset
// format's paths (statements.mapping[1].terms[0].accounts, statements.budget[0].row,
// statements.forecast[0].through).

type apiStatementTerm struct {
	Measure  string   `json:"measure"`
	Accounts []string `json:"accounts"`
	Except   []string `json:"except,omitempty"`
}

type apiNoteRow struct {
	ID       string   `json:"id,omitempty"`
	Label    string   `json:"label"`
	Accounts []string `json:"accounts"`
}

type apiStatementRowMapping struct {
	Row      string             `json:"row"`
	Terms    []apiStatementTerm `json:"terms"`
	Note     int                `json:"note,omitempty"`
	NoteRows []apiNoteRow       `json:"note_rows,omitempty"`
}

type apiStatementRow struct {
	ID        string             `json:"id"`
	Statement string             `json:"statement"`
	Label     string             `json:"label"`
	Kind      string             `json:"kind"`
	Sign      int                `json:"sign,omitempty"`
	Terms     []apiStatementTerm `json:"terms,omitempty"`
	Sum       []string           `json:"sum,omitempty"`
	Note      int                `json:"note,omitempty"`
	NoteRows  []apiNoteRow       `json:"note_rows,omitempty"`
}

type apiStatementLayout struct {
	Version int                      `json:"version"`
	Mapping []apiStatementRowMapping `json:"mapping"`
	Rows    []apiStatementRow        `json:"rows,omitempty"` // in answers only
}

type apiStatementBudgetItem struct {
	Year   int    `json:"year"`
	Row    string `json:"row"`
	Amount int64  `json:"amount"` // öre, income positive and costs negative
}

type apiStatementBudget struct {
	Version int                      `json:"version"`
	Budget  []apiStatementBudgetItem `json:"budget"`
}

type apiStatementForecastItem struct {
	Through string `json:"through"` // the month the forecast is made at, "2025-08"
	Row     string `json:"row"`
	Amount  int64  `json:"amount"` // öre, income positive and costs negative
}

type apiStatementForecast struct {
	Version  int                        `json:"version"`
	Forecast []apiStatementForecastItem `json:"forecast"`
}

func rangeStrings(rs []tertial.AccountRange) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.String()
	}
	return out
}

func termsJSON(ts []tertial.StatementTerm) []apiStatementTerm {
	out := make([]apiStatementTerm, len(ts))
	for i, t := range ts {
		out[i] = apiStatementTerm{Measure: string(t.Measure), Accounts: rangeStrings(t.Accounts), Except: rangeStrings(t.Except)}
		if len(t.Except) == 0 {
			out[i].Except = nil
		}
	}
	return out
}

func noteRowsJSON(ns []tertial.NoteRow) []apiNoteRow {
	var out []apiNoteRow
	for _, n := range ns {
		out = append(out, apiNoteRow{ID: n.ID, Label: n.Label, Accounts: rangeStrings(n.Accounts)})
	}
	return out
}

func statementLayoutJSON(ds *tertial.Dataset) apiStatementLayout {
	out := apiStatementLayout{Version: ds.Statements.Version, Mapping: []apiStatementRowMapping{}}
	for _, m := range ds.Statements.Mapping {
		out.Mapping = append(out.Mapping, apiStatementRowMapping{Row: m.Row, Terms: termsJSON(m.Terms), Note: m.Note, NoteRows: noteRowsJSON(m.NoteRows)})
	}
	for _, r := range ds.StatementLayoutOrDefault().Rows {
		out.Rows = append(out.Rows, apiStatementRow{ID: r.ID, Statement: string(r.Statement), Label: r.Label, Kind: string(r.Kind), Sign: r.Sign,
			Terms: termsJSON(r.Terms), Sum: r.Sum, Note: r.Note, NoteRows: noteRowsJSON(r.NoteRows)})
	}
	return out
}

func statementBudgetJSON(ds *tertial.Dataset) apiStatementBudget {
	out := apiStatementBudget{Version: ds.Statements.Version, Budget: []apiStatementBudgetItem{}}
	for _, b := range ds.Statements.Budget {
		out.Budget = append(out.Budget, apiStatementBudgetItem{Year: b.Year, Row: b.Row, Amount: int64(b.Amount)})
	}
	return out
}

func statementForecastJSON(ds *tertial.Dataset) apiStatementForecast {
	out := apiStatementForecast{Version: ds.Statements.Version, Forecast: []apiStatementForecastItem{}}
	for _, f := range ds.Statements.Forecast {
		out.Forecast = append(out.Forecast, apiStatementForecastItem{Through: tertial.MonthText(f.Through), Row: f.Row, Amount: int64(f.Amount)})
	}
	return out
}

// apiRanges reads account ranges; a bad one is a field error at path.
func apiRanges(path string, ss []string, fields *[]apiFieldError) []tertial.AccountRange {
	var out []tertial.AccountRange
	for i, s := range ss {
		a, err := tertial.ParseAccountRange(s)
		if err != nil {
			*fields = append(*fields, apiFieldError{Field: path + "[" + strconv.Itoa(i) + "]", Message: tertial.ErrorMessage(err)})
			continue
		}
		out = append(out, a)
	}
	return out
}

func (s *Server) statementDS(w http.ResponseWriter, r *http.Request, edit bool) *tertial.Dataset {
	code := r.PathValue("code")
	ds, err := s.db.SharedDataset(r.Context(), code)
	if err == nil {
		err = readable(r, code)
	}
	if err == nil && edit && !tertial.Can(userFrom(r.Context()), tertial.ActEditStructure, tertial.AccessTarget{Municipality: code}) {
		err = tertial.Errorf(tertial.EFORBIDDEN, "Du har inte behörighet att ändra räkenskapernas kontomappning.")
	}
	if err != nil {
		s.apiError(w, r, err)
		return nil
	}
	return ds
}

func (s *Server) apiGetStatementLayout(w http.ResponseWriter, r *http.Request) {
	if ds := s.statementDS(w, r, false); ds != nil {
		s.writeAPI(w, r, http.StatusOK, statementLayoutJSON(ds))
	}
}

func (s *Server) apiGetStatementBudget(w http.ResponseWriter, r *http.Request) {
	if ds := s.statementDS(w, r, false); ds != nil {
		s.writeAPI(w, r, http.StatusOK, statementBudgetJSON(ds))
	}
}

func (s *Server) apiGetStatementForecast(w http.ResponseWriter, r *http.Request) {
	if ds := s.statementDS(w, r, false); ds != nil {
		s.writeAPI(w, r, http.StatusOK, statementForecastJSON(ds))
	}
}

func (s *Server) apiPutStatementLayout(w http.ResponseWriter, r *http.Request) {
	ds := s.statementDS(w, r, true)
	if ds == nil {
		return
	}
	var body apiStatementLayout
	if err := decodeBody(w, r, &body); err != nil {
		s.apiError(w, r, err)
		return
	}
	var fields []apiFieldError
	var mapping []tertial.StatementRowMapping
	for i, m := range body.Mapping {
		p := "statements.mapping[" + strconv.Itoa(i) + "]"
		rm := tertial.StatementRowMapping{Row: m.Row, Note: m.Note}
		for j, t := range m.Terms {
			q := p + ".terms[" + strconv.Itoa(j) + "]"
			rm.Terms = append(rm.Terms, tertial.StatementTerm{Measure: tertial.Measure(t.Measure),
				Accounts: apiRanges(q+".accounts", t.Accounts, &fields), Except: apiRanges(q+".except", t.Except, &fields)})
		}
		for j, n := range m.NoteRows {
			rm.NoteRows = append(rm.NoteRows, tertial.NoteRow{ID: n.ID, Label: n.Label,
				Accounts: apiRanges(p+".note_rows["+strconv.Itoa(j)+"].accounts", n.Accounts, &fields)})
		}
		mapping = append(mapping, rm)
	}
	if len(fields) > 0 {
		s.apiError(w, r, &apiErr{status: http.StatusUnprocessableEntity, code: tertial.EINVALID, msg: "kontomappningen kan inte läsas", fields: fields})
		return
	}
	s.saveStatementSetup(w, r, body.Version, mapping, ds.Statements.Budget, ds.Statements.Forecast, func(ds *tertial.Dataset) any { return statementLayoutJSON(ds) })
}

func (s *Server) apiPutStatementBudget(w http.ResponseWriter, r *http.Request) {
	ds := s.statementDS(w, r, true)
	if ds == nil {
		return
	}
	var body apiStatementBudget
	if err := decodeBody(w, r, &body); err != nil {
		s.apiError(w, r, err)
		return
	}
	var budget []tertial.StatementBudget
	for _, b := range body.Budget {
		budget = append(budget, tertial.StatementBudget{Year: b.Year, Row: b.Row, Amount: tertial.Amount(b.Amount)})
	}
	s.saveStatementSetup(w, r, body.Version, ds.Statements.Mapping, budget, ds.Statements.Forecast, func(ds *tertial.Dataset) any { return statementBudgetJSON(ds) })
}

func (s *Server) apiPutStatementForecast(w http.ResponseWriter, r *http.Request) {
	ds := s.statementDS(w, r, true)
	if ds == nil {
		return
	}
	var body apiStatementForecast
	if err := decodeBody(w, r, &body); err != nil {
		s.apiError(w, r, err)
		return
	}
	var fields []apiFieldError
	var forecast []tertial.StatementForecast
	for i, f := range body.Forecast {
		m, ok := tertial.ParseMonth(f.Through)
		if !ok {
			fields = append(fields, apiFieldError{Field: "statements.forecast[" + strconv.Itoa(i) + "].through",
				Message: "\"" + f.Through + "\" är ingen månad (skriv ÅÅÅÅ-MM, till exempel 2025-08)"})
			continue
		}
		forecast = append(forecast, tertial.StatementForecast{Through: m, Row: f.Row, Amount: tertial.Amount(f.Amount)})
	}
	if len(fields) > 0 {
		s.apiError(w, r, &apiErr{status: http.StatusUnprocessableEntity, code: tertial.EINVALID, msg: "prognosen kan inte läsas", fields: fields})
		return
	}
	s.saveStatementSetup(w, r, body.Version, ds.Statements.Mapping, ds.Statements.Budget, forecast, func(ds *tertial.Dataset) any { return statementForecastJSON(ds) })
}

// saveStatementSetup saves the mapping, the budget and the forecasts given (each PUT passes
// the two it keeps as read) and answers with the part the PUT changed, as saved.
func (s *Server) saveStatementSetup(w http.ResponseWriter, r *http.Request, version int, mapping []tertial.StatementRowMapping, budget []tertial.StatementBudget,
	forecast []tertial.StatementForecast, answer func(*tertial.Dataset) any) {
	code := r.PathValue("code")
	_, err := s.db.SaveStatementSetup(r.Context(), userFrom(r.Context()).Name, code, version, mapping, budget, forecast)
	fresh, ferr := s.db.SharedDataset(r.Context(), code)
	if ferr != nil {
		s.apiError(w, r, ferr)
		return
	}
	current := answer(fresh)
	if err != nil {
		s.apiErrorWith(w, r, err, current)
		return
	}
	s.writeAPI(w, r, http.StatusOK, current)
}
