package web

import (
	"fmt"
	"maps"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/tertial/tertial"
)

// The API's edits. Each one is made in a period's context, like a form of the site: the
// period decides whose content it is (tertial.Can through periodCtx.require: 403, or 423
// when the period is locked for someone who could otherwise edit), and the store refuses a
// stale version (409) and a locked period (423) on its own. A PUT replaces the item's
// follow-up in the period: a field left out is empty.

// saved answers a successful save, or the error; for a stale version, with the item as it
// is saved now (current, called only then).
func (s *Server) saved(w http.ResponseWriter, r *http.Request, err error, ok any, current func() (any, error)) {
	switch {
	case err == nil:
		s.writeAPI(w, r, http.StatusOK, ok)
	case tertial.ErrorCode(err) == tertial.ECONFLICT:
		cur, cerr := current()
		if cerr != nil {
			s.apiError(w, r, cerr)
			return
		}
		s.apiErrorWith(w, r, err, cur)
	default:
		s.apiError(w, r, err)
	}
}

// requireVersion checks the version every PUT names: the version of the item the client
// saw, 0 when there was none.
// beginEdit is the start of a PUT on an item of an editable period: it answers 404 with
// missing when that is not nil, 403 or 423 when the user may not edit the period's
// content, and 400 when the body cannot be read into body. It returns whether the handler
// goes on.
func (s *Server) beginEdit(w http.ResponseWriter, r *http.Request, pc *periodCtx, missing error, body any) bool {
	err := missing
	if err == nil {
		err = pc.require(tertial.ActEditContent)
	}
	if err == nil {
		err = decodeBody(w, r, body)
	}
	if err != nil {
		s.apiError(w, r, err)
		return false
	}
	return true
}

// versionErrors starts a body's field errors with the version's, if any.
func versionErrors(v *int) []apiFieldError {
	if e := requireVersion(v); e != nil {
		return []apiFieldError{*e}
	}
	return nil
}

func requireVersion(v *int) *apiFieldError {
	switch {
	case v == nil:
		return &apiFieldError{"version", "krävs: den version du utgick från (0 om det inte fanns något)"}
	case *v < 0:
		return &apiFieldError{"version", "kan inte vara negativ"}
	}
	return nil
}

func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// bodyText is a text field of a body as it is saved: line breaks as LF, no surrounding space.
func bodyText(p *string) string {
	return strings.TrimSpace(tertial.NormalizeNewlines(str(p)))
}

// decimalBodyField reads a decimal string of the body; null or "" is no value.
func decimalBodyField(field string, p *string, errs *[]apiFieldError) *tertial.Decimal {
	s := strings.TrimSpace(str(p))
	if s == "" {
		return nil
	}
	d, err := tertial.ParseDecimal(s)
	if err != nil {
		*errs = append(*errs, apiFieldError{field, tertial.ErrorMessage(err) + `: skriv ett tal som en sträng, till exempel "8.7"`})
		return nil
	}
	return &d
}

// PUT /api/v1/indicators/{id}/values/{year}

type apiIndicatorValuePut struct {
	Version      *int    `json:"version"`
	Value        *string `json:"value"`
	Kind         *string `json:"kind"`
	Missing      *string `json:"missing"`
	Note         *string `json:"note"`
	Women        *string `json:"women"`
	Men          *string `json:"men"`
	Numerator    *string `json:"numerator"`
	Denominator  *string `json:"denominator"`
	Municipality *string `json:"municipality"`
	Unit         *string `json:"unit"`
	Period       *string `json:"period"`
}

// apiSavedValue is an indicator's value entry with where it was edited.
type apiSavedValue struct {
	Indicator    string `json:"indicator"`
	Municipality string `json:"municipality"`
	Unit         string `json:"unit"`
	Period       string `json:"period"`
	apiIndicatorValue
}

func (s *Server) apiPutIndicatorValue(w http.ResponseWriter, r *http.Request) {
	year, err := strconv.Atoi(r.PathValue("year"))
	if err != nil || year < 1900 || year > 2200 {
		s.apiError(w, r, tertial.Errorf(tertial.ENOTFOUND, "det finns inget år %q", r.PathValue("year")))
		return
	}
	var body apiIndicatorValuePut
	if err := decodeBody(w, r, &body); err != nil {
		s.apiError(w, r, err)
		return
	}
	code, err := s.bodyMunicipality(r, body.Municipality)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	ds, err := s.db.SharedDataset(r.Context(), code)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	ind := indicatorByID(ds, r.PathValue("id"))
	if ind == nil {
		s.apiError(w, r, tertial.Errorf(tertial.ENOTFOUND, "det finns ingen indikator %q", r.PathValue("id")))
		return
	}
	unit, per, err := indicatorPeriod(ds, ind, year, str(body.Unit), str(body.Period))
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	pc, err := newPeriodCtx(r, ds, unit, per)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	if !pc.showsIndicator(ind) {
		s.apiError(w, r, tertial.Errorf(tertial.ENOTFOUND, "indikatorn %s hör inte till %s, %s", ind.ID, unit.Name, per.Title))
		return
	}
	// The years a period's form offers.
	if year < per.Year()-5 || year > per.Year()+1 {
		s.apiError(w, r, tertial.Errorf(tertial.ENOTFOUND, "%s kan inte ändra värden för %d (bara %d–%d)", per.Title, year, per.Year()-5, per.Year()+1))
		return
	}
	if err := pc.require(tertial.ActEditContent); err != nil {
		s.apiError(w, r, err)
		return
	}
	errs := versionErrors(body.Version)
	v := tertial.IndicatorValue{Year: year, Kind: tertial.ValueKind(str(body.Kind)), Missing: tertial.Missing(str(body.Missing)),
		Note: bodyText(body.Note)}
	v.Value = decimalBodyField("value", body.Value, &errs)
	v.Women = decimalBodyField("women", body.Women, &errs)
	v.Men = decimalBodyField("men", body.Men, &errs)
	v.Numerator = decimalBodyField("numerator", body.Numerator, &errs)
	v.Denominator = decimalBodyField("denominator", body.Denominator, &errs)
	if len(errs) > 0 {
		s.apiError(w, r, invalidFields(errs...))
		return
	}
	version, err := s.db.SaveIndicatorValue(r.Context(), pc.edit(*body.Version), ind.ID, v)
	where := func(v apiIndicatorValue) apiSavedValue {
		return apiSavedValue{Indicator: ind.ID, Municipality: pc.ref.Municipality, Unit: pc.ref.Unit, Period: pc.ref.Period, apiIndicatorValue: v}
	}
	var ok apiSavedValue
	if err == nil {
		v.Version = version
		saved := valueJSON(ind, &v)
		if version == 0 { // the entry was emptied and removed
			saved = apiIndicatorValue{Year: year, Kind: string(tertial.Outcome)}
		}
		ok = where(saved)
	}
	s.saved(w, r, err, ok, func() (any, error) {
		fresh, err := s.reload(r.Context(), pc)
		if err != nil {
			return nil, err
		}
		cur := indicatorByID(fresh.ds, ind.ID)
		if cur == nil {
			return nil, tertial.Errorf(tertial.ENOTFOUND, "indikatorn %q finns inte längre", ind.ID)
		}
		return where(indicatorValueJSON(cur, year)), nil
	})
}

// bodyMunicipality is the municipality a body names, or the only one there is (or the
// user's own).
func (s *Server) bodyMunicipality(r *http.Request, given *string) (string, error) {
	if code := strings.TrimSpace(str(given)); code != "" {
		return code, nil
	}
	ms, err := s.db.Municipalities(r.Context())
	if err != nil {
		return "", err
	}
	if len(ms) == 1 {
		return ms[0].Code, nil
	}
	if u := userFrom(r.Context()); u != nil && u.Municipality != "" {
		return u.Municipality, nil
	}
	return "", invalidFields(apiFieldError{"municipality", "krävs när databasen har flera kommuner"})
}

// indicatorPeriod returns the period an indicator's value for year is edited in: the one
// the body names, or else the responsible unit's (the indicator's owner, else its goal's
// unit, else the nearest unit above it that has periods) whose cut-off is in year, the
// earliest open one first. An indicator of a council goal without an owner belongs to
// every unit whose report shows it; the unit must then be named if more than one has a
// period that year.
func indicatorPeriod(ds *tertial.Dataset, ind *tertial.Indicator, year int, unitID, periodID string) (*tertial.Unit, *tertial.Period, error) {
	noPeriod := func(u *tertial.Unit) error {
		if periodID != "" {
			return tertial.Errorf(tertial.ENOTFOUND, "%s har ingen period %q", u.Name, periodID)
		}
		return tertial.Errorf(tertial.ENOTFOUND, "%s har ingen period med brytdag %d", u.Name, year)
	}
	find := func(u *tertial.Unit) *tertial.Period {
		if periodID != "" {
			return ds.Period(u.ID, periodID)
		}
		return pickPeriod(ds, u.ID, year)
	}
	if unitID != "" {
		u := ds.Unit(unitID)
		if u == nil {
			return nil, nil, tertial.Errorf(tertial.ENOTFOUND, "det finns ingen enhet %q", unitID)
		}
		if p := find(u); p != nil {
			return u, p, nil
		}
		return nil, nil, noPeriod(u)
	}
	responsible := ind.Owner
	if responsible == "" {
		if g := ds.Goal(ind.Goal); g != nil {
			responsible = g.Unit
		}
	}
	if responsible != "" {
		seen := map[string]bool{}
		for u := ds.Unit(responsible); u != nil && !seen[u.ID]; u = ds.Unit(u.Parent) {
			seen[u.ID] = true
			if p := find(u); p != nil {
				return u, p, nil
			}
		}
		return nil, nil, noPeriod(ds.Unit(responsible))
	}
	var units []*tertial.Unit
	var periods []*tertial.Period
	for i := range ds.Units {
		u := &ds.Units[i]
		scope := tertial.NewScope(ds, u)
		if !scope.ShowsGoal(ind.Goal) {
			continue
		}
		if p := find(u); p != nil {
			units, periods = append(units, u), append(periods, p)
		}
	}
	switch len(units) {
	case 0:
		return nil, nil, tertial.Errorf(tertial.ENOTFOUND, "ingen enhet som redovisar indikatorn %q har en period för %d", ind.ID, year)
	case 1:
		return units[0], periods[0], nil
	}
	ids := make([]string, len(units))
	for i, u := range units {
		ids[i] = u.ID
	}
	return nil, nil, invalidFields(apiFieldError{"unit", "krävs: indikatorn redovisas av flera enheter (" + strings.Join(ids, ", ") + ")"})
}

// pickPeriod returns the unit's period with its cut-off in year: the earliest open one,
// else the latest locked one; nil when there is none.
func pickPeriod(ds *tertial.Dataset, unitID string, year int) *tertial.Period {
	var ps []*tertial.Period
	for i := range ds.Periods {
		if p := &ds.Periods[i]; p.Unit == unitID && p.Year() == year {
			ps = append(ps, p)
		}
	}
	if len(ps) == 0 {
		return nil
	}
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].Cutoff.Before(ps[j].Cutoff) })
	for _, p := range ps {
		if p.State != tertial.PeriodLocked {
			return p
		}
	}
	return ps[len(ps)-1]
}

// The edits in a period named by the path.

// editablePeriod loads the path's period for an edit: 404 for an unknown one, 403 when
// the user may not read it.
func (s *Server) editablePeriod(w http.ResponseWriter, r *http.Request) *periodCtx {
	pc, err := s.loadPeriod(r)
	if err != nil {
		s.apiError(w, r, err)
		return nil
	}
	return pc
}

// levelText is the name of a level of the municipality's scale of the kind, "" for none.
func levelText(pc *periodCtx, kind tertial.ScaleKind, id string) string {
	l, _ := pc.words().Level(kind, id)
	return l.Text
}

// PUT …/goals/{goal}

type apiGoalPut struct {
	Version    *int    `json:"version"`
	Assessment *string `json:"assessment"`
	Analysis   *string `json:"analysis"`
}

type apiSavedGoal struct {
	Goal            string `json:"goal"`
	Municipality    string `json:"municipality"`
	Unit            string `json:"unit"`
	Period          string `json:"period"`
	Assessment      string `json:"assessment"`
	AssessmentLabel string `json:"assessment_label"`
	Analysis        string `json:"analysis"`
	Version         int    `json:"version"`
}

func (s *Server) apiPutGoal(w http.ResponseWriter, r *http.Request) {
	pc := s.editablePeriod(w, r)
	if pc == nil {
		return
	}
	g := pc.ds.Goal(r.PathValue("goal"))
	var missing error
	if g == nil || !tertial.NewPeriodScope(pc.ds, pc.unit, pc.per.Year()).ShowsGoal(g.ID) {
		missing = tertial.Errorf(tertial.ENOTFOUND, "perioden har inget mål %q", r.PathValue("goal"))
	}
	var body apiGoalPut
	if !s.beginEdit(w, r, pc, missing, &body) {
		return
	}
	if errs := versionErrors(body.Version); len(errs) > 0 {
		s.apiError(w, r, invalidFields(errs...))
		return
	}
	a, analysis := tertial.Assessment(str(body.Assessment)), bodyText(body.Analysis)
	version, err := s.db.SaveGoalFollowup(r.Context(), pc.edit(*body.Version), g.ID, tertial.GoalFollowup{Assessment: a, Analysis: analysis})
	out := func(f tertial.GoalFollowup) apiSavedGoal {
		return apiSavedGoal{Goal: g.ID, Municipality: pc.ref.Municipality, Unit: pc.ref.Unit, Period: pc.ref.Period,
			Assessment: string(f.Assessment), AssessmentLabel: levelText(pc, tertial.ScaleGoals, string(f.Assessment)), Analysis: f.Analysis, Version: f.Version}
	}
	s.saved(w, r, err, out(tertial.GoalFollowup{Assessment: a, Analysis: analysis, Version: version}), func() (any, error) {
		fresh, err := s.reload(r.Context(), pc)
		if err != nil {
			return nil, err
		}
		var cur tertial.GoalFollowup
		if fg := fresh.ds.Goal(g.ID); fg != nil {
			if f := exactFollowup(fg, fresh.per); f != nil {
				cur = *f
			}
		}
		return out(cur), nil
	})
}

// PUT …/assignments/{id} and …/internal-control/{id}

type apiStatusPut struct {
	Version  *int    `json:"version"`
	Status   *string `json:"status"`
	Progress *int    `json:"progress"`
	Comment  *string `json:"comment"`
}

type apiSavedStatus struct {
	ID           string `json:"id"`
	Kind         string `json:"kind"`
	Municipality string `json:"municipality"`
	Unit         string `json:"unit"`
	Period       string `json:"period"`
	Status       string `json:"status"`
	StatusLabel  string `json:"status_label"`
	Progress     *int   `json:"progress"`
	Comment      string `json:"comment"`
	Version      int    `json:"version"`
}

// statusItemOf finds an assignment or an internal-control item of the dataset: its
// follow-ups and its unit.
func statusItemOf(ds *tertial.Dataset, kind tertial.StatusKind, id string) (fs []tertial.StatusFollowup, unit string, ok bool) {
	if kind == tertial.KindAssignment {
		for i := range ds.Assignments {
			if a := &ds.Assignments[i]; a.ID == id {
				return a.Followups, ds.AssignmentUnit(a), true
			}
		}
		return nil, "", false
	}
	for _, rk := range ds.Risks {
		for _, a := range rk.Actions {
			if a.ID == id {
				return a.Followups, rk.Unit, true
			}
		}
	}
	for _, a := range ds.Audits {
		if a.ID == id {
			return a.Followups, a.Unit, true
		}
	}
	for _, c := range ds.Controls {
		if c.ID == id {
			return c.Followups, c.Unit, true
		}
	}
	return nil, "", false
}

func (s *Server) apiPutAssignment(w http.ResponseWriter, r *http.Request) {
	s.apiPutStatus(w, r, tertial.KindAssignment)
}

func (s *Server) apiPutControl(w http.ResponseWriter, r *http.Request) {
	s.apiPutStatus(w, r, tertial.KindControl)
}

func (s *Server) apiPutStatus(w http.ResponseWriter, r *http.Request, kind tertial.StatusKind) {
	pc := s.editablePeriod(w, r)
	if pc == nil {
		return
	}
	id := r.PathValue("id")
	var missing error
	if _, _, ok := statusItemOf(pc.ds, kind, id); !ok || !pc.showsStatusItem(kind, id) {
		missing = tertial.Errorf(tertial.ENOTFOUND, "det finns inget %s %q", kind.Noun(), id)
	}
	var body apiStatusPut
	if !s.beginEdit(w, r, pc, missing, &body) {
		return
	}
	if errs := versionErrors(body.Version); len(errs) > 0 {
		s.apiError(w, r, invalidFields(errs...))
		return
	}
	f := tertial.StatusFollowup{Status: tertial.Status(str(body.Status)), Progress: body.Progress, Comment: bodyText(body.Comment)}
	version, err := s.db.SaveStatus(r.Context(), pc.edit(*body.Version), tertial.StatusItem{Kind: kind, ID: id}, f)
	out := func(f tertial.StatusFollowup) apiSavedStatus {
		return apiSavedStatus{ID: id, Kind: string(kind), Municipality: pc.ref.Municipality, Unit: pc.ref.Unit, Period: pc.ref.Period,
			Status: string(f.Status), StatusLabel: levelText(pc, tertial.ScaleStatuses, string(f.Status)), Progress: f.Progress, Comment: f.Comment, Version: f.Version}
	}
	f.Version = version
	s.saved(w, r, err, out(f), func() (any, error) {
		fresh, err := s.reload(r.Context(), pc)
		if err != nil {
			return nil, err
		}
		var cur tertial.StatusFollowup
		if fs, unit, ok := statusItemOf(fresh.ds, kind, id); ok {
			if f := exactStatus(fs, unit, fresh.per); f != nil {
				cur = *f
			}
		}
		return out(cur), nil
	})
}

// PUT …/texts/{id}

type apiTextPut struct {
	Version *int    `json:"version"`
	Body    *string `json:"body"`
}

type apiSavedText struct {
	ID           string `json:"id"`
	Municipality string `json:"municipality"`
	Unit         string `json:"unit"`
	Period       string `json:"period"`
	Title        string `json:"title"`
	Body         string `json:"body"`
	Version      int    `json:"version"`
}

func (s *Server) apiPutText(w http.ResponseWriter, r *http.Request) {
	pc := s.editablePeriod(w, r)
	if pc == nil {
		return
	}
	id := r.PathValue("id")
	var text *tertial.TextSection
	for i := range pc.per.Texts {
		if pc.per.Texts[i].ID == id {
			text = &pc.per.Texts[i]
		}
	}
	var missing error
	if text == nil {
		missing = tertial.Errorf(tertial.ENOTFOUND, "perioden har ingen text %q", id)
	}
	var body apiTextPut
	if !s.beginEdit(w, r, pc, missing, &body) {
		return
	}
	if errs := versionErrors(body.Version); len(errs) > 0 {
		s.apiError(w, r, invalidFields(errs...))
		return
	}
	b := bodyText(body.Body)
	version, err := s.db.SaveText(r.Context(), pc.edit(*body.Version), id, b)
	out := func(t tertial.TextSection) apiSavedText {
		return apiSavedText{ID: id, Municipality: pc.ref.Municipality, Unit: pc.ref.Unit, Period: pc.ref.Period, Title: text.Title, Body: t.Body, Version: t.Version}
	}
	s.saved(w, r, err, out(tertial.TextSection{Body: b, Version: version}), func() (any, error) {
		fresh, err := s.reload(r.Context(), pc)
		if err != nil {
			return nil, err
		}
		for _, t := range fresh.per.Texts {
			if t.ID == id {
				return out(t), nil
			}
		}
		return nil, tertial.Errorf(tertial.ENOTFOUND, "texten %q finns inte längre", id)
	})
}

// PUT …/free-tables/{table}/rows/{row}

// apiFreeRowPut replaces a free table's row's entered cells; a column left out (or null) is
// empty.
type apiFreeRowPut struct {
	Version *int                       `json:"version"`
	Cells   map[string]*apiFreeCellPut `json:"cells"`
}

// apiFreeCellPut is a cell as the period's document shows it, without display and
// computed: the value field of its column's type; in a numeric column, a word in text
// instead of the value, or marks before and after the value.
type apiFreeCellPut struct {
	Text   *string `json:"text"`
	Ore    *int64  `json:"ore"`
	Number *string `json:"number"`
	Count  *int64  `json:"count"`
	Date   *string `json:"date"`
	Before *string `json:"before"`
	After  *string `json:"after"`
}

// apiSavedFreeRow is a free table's row as saved, its computed cells computed.
type apiSavedFreeRow struct {
	Table        string     `json:"table"`
	Municipality string     `json:"municipality"`
	Unit         string     `json:"unit"`
	Period       string     `json:"period"`
	Row          apiFreeRow `json:"row"`
}

// freeCellFields names each column type's value field in a cell.
var freeCellFields = map[tertial.ColumnType]string{tertial.ColText: "text", tertial.ColAmount: "ore",
	tertial.ColPercent: "number", tertial.ColDecimal: "number", tertial.ColCount: "count", tertial.ColDate: "date"}

// freeCellOf reads a cell of the body for column c (nil for a column the table does not
// have, which the rule set reports). A field the column's type has no use for, a word
// beside a value and a value that is not one are field errors, named cells.ID.field.
func freeCellOf(c *tertial.FreeColumn, id string, b *apiFreeCellPut, errs *[]apiFieldError) tertial.Cell {
	var cell tertial.Cell
	if c == nil {
		return cell
	}
	p := "cells." + id
	want := freeCellFields[c.Type]
	given := map[string]bool{"text": b.Text != nil, "ore": b.Ore != nil, "number": b.Number != nil, "count": b.Count != nil,
		"date": b.Date != nil, "before": b.Before != nil, "after": b.After != nil}
	misfit := false
	for _, f := range []string{"text", "ore", "number", "count", "date", "before", "after"} {
		fits := f == want || c.Type.Numeric() && (f == "text" || f == "before" || f == "after")
		if given[f] && !fits {
			*errs = append(*errs, apiFieldError{p + "." + f, fmt.Sprintf("kolumnen %q är av typen %s: ange %s", id, c.Type, want)})
			misfit = true
		}
	}
	if misfit {
		return cell
	}
	cell.Before, cell.After = str(b.Before), str(b.After)
	if c.Type.Numeric() && b.Text != nil {
		switch {
		case given[want]:
			*errs = append(*errs, apiFieldError{p, tertial.WordWithValue(*b.Text)})
		case *b.Text == "":
			*errs = append(*errs, apiFieldError{p + ".text", "ordet är tomt: ange ordet som ska stå i stället för värdet, eller lämna cellen tom"})
		}
		cell.Text = *b.Text
		return cell
	}
	if !given[want] {
		msg := "ange " + want
		if c.Type.Numeric() {
			msg += " (eller text: ett ord i stället för värdet)"
		}
		*errs = append(*errs, apiFieldError{p, msg + ", eller null för en tom cell"})
		return cell
	}
	switch c.Type {
	case tertial.ColText:
		cell.Text = bodyText(b.Text) // "" is an empty cell, as on the site
	case tertial.ColAmount:
		cell.Amount = tertial.Amount(*b.Ore)
	case tertial.ColPercent, tertial.ColDecimal:
		if d := decimalBodyField(p+".number", b.Number, errs); d != nil {
			cell.Number = *d
		}
	case tertial.ColCount:
		cell.Count = *b.Count
	case tertial.ColDate:
		d, err := time.Parse(time.DateOnly, strings.TrimSpace(*b.Date))
		if err != nil {
			*errs = append(*errs, apiFieldError{p + ".date", fmt.Sprintf("%q är inte ett datum ÅÅÅÅ-MM-DD", *b.Date)})
		}
		cell.Date = d
	}
	return cell
}

func (s *Server) apiPutFreeRow(w http.ResponseWriter, r *http.Request) {
	pc := s.editablePeriod(w, r)
	if pc == nil {
		return
	}
	tableID, rowID := r.PathValue("table"), r.PathValue("row")
	var table *tertial.FreeTable
	for i := range pc.per.FreeTables {
		if pc.per.FreeTables[i].ID == tableID {
			table = &pc.per.FreeTables[i]
		}
	}
	var row *tertial.FreeRow
	var missing error
	if table == nil {
		missing = tertial.Errorf(tertial.ENOTFOUND, "perioden har ingen tabell %q", tableID)
	} else {
		// Only rows with cells are edited: a group's figures are its rows' sums.
		for _, l := range table.Leaves() {
			if l.ID == rowID {
				row = l
			}
		}
		if row == nil {
			missing = tertial.Errorf(tertial.ENOTFOUND, "tabellen %s har ingen rad %q med celler", tableID, rowID)
		}
	}
	var body apiFreeRowPut
	if !s.beginEdit(w, r, pc, missing, &body) {
		return
	}
	errs := versionErrors(body.Version)
	cols := map[string]*tertial.FreeColumn{}
	for i := range table.Columns {
		cols[table.Columns[i].ID] = &table.Columns[i]
	}
	cells := map[string]tertial.Cell{}
	for _, id := range slices.Sorted(maps.Keys(body.Cells)) {
		if b := body.Cells[id]; b != nil {
			if cell := freeCellOf(cols[id], id, b, &errs); cols[id] == nil || cols[id].Type != tertial.ColText || cell.Text != "" {
				cells[id] = cell
			}
		}
	}
	if len(errs) > 0 {
		s.apiError(w, r, invalidFields(errs...))
		return
	}
	_, err := s.db.SaveFreeRow(r.Context(), pc.edit(*body.Version), tableID, rowID, cells)
	// The answer, on success as on a conflict, is the row as saved now, computed as the
	// period's document shows it.
	current := func() (any, error) {
		fresh, err := s.reload(r.Context(), pc)
		if err != nil {
			return nil, err
		}
		for i := range fresh.per.FreeTables {
			if t := &fresh.per.FreeTables[i]; t.ID == tableID {
				for _, fr := range freeTableJSON(t).Rows {
					if fr.ID == rowID {
						return apiSavedFreeRow{Table: tableID, Municipality: pc.ref.Municipality, Unit: pc.ref.Unit, Period: pc.ref.Period, Row: fr}, nil
					}
				}
			}
		}
		return nil, tertial.Errorf(tertial.ENOTFOUND, "raden %s i tabellen %s finns inte längre", rowID, tableID)
	}
	if err != nil {
		s.saved(w, r, err, nil, current)
		return
	}
	saved, err := current()
	s.saved(w, r, err, saved, current)
}
