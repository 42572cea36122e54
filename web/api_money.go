package web

import (
	"net/http"
	"sort"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/compute"
	"github.com/tertial/tertial/store"
)

// PUT …/money-tables/{table}/rows/{row}

// apiMoneyRowPut is a money row's entered amounts (whole öre in result sign, as the
// period's "ore" gives them: income positive, costs negative) and its comment. A PUT
// replaces the row's amounts in the columns the user may change: a column left out, or
// null, is cleared. Computed columns take no amounts.
type apiMoneyRowPut struct {
	Version *int              `json:"version"`
	Amounts map[string]*int64 `json:"amounts"`
	Comment *string           `json:"comment"`
}

// apiSavedMoneyRow is a money row after a save, as the period shows it (the ledger and
// periodisation applied, computed columns computed), with where it was saved.
type apiSavedMoneyRow struct {
	Municipality string `json:"municipality"`
	Unit         string `json:"unit"`
	Period       string `json:"period"`
	Table        string `json:"table"`
	apiMoneyRow
}

// editableColumns returns the columns of a money table whose amounts the user may enter:
// every entered column for someone who may change budget and outcome, else the forecasts
// (the same columns the site's form asks for).
func editableColumns(pc *periodCtx, t *tertial.MoneyTable) []tertial.MoneyColumn {
	budget := pc.can(tertial.ActEditBudget)
	var out []tertial.MoneyColumn
	for _, def := range t.Layout() {
		if def.Computed() || (def.Kind != tertial.KindForecast && !budget) {
			continue
		}
		out = append(out, def.ID)
	}
	return out
}

func (s *Server) apiPutMoneyRow(w http.ResponseWriter, r *http.Request) {
	pc := s.editablePeriod(w, r)
	if pc == nil {
		return
	}
	tableID, rowID := r.PathValue("table"), r.PathValue("row")
	var t *tertial.MoneyTable
	for i := range pc.per.MoneyTables {
		if pc.per.MoneyTables[i].ID == tableID {
			t = &pc.per.MoneyTables[i]
		}
	}
	var missing error
	var row *tertial.MoneyRow
	switch {
	case t == nil:
		missing = tertial.Errorf(tertial.ENOTFOUND, "perioden har ingen tabell %q", tableID)
	default:
		if row = findRow(t.Rows, rowID); row == nil || row.Group {
			missing = tertial.Errorf(tertial.ENOTFOUND, "tabellen %s har ingen rad %q med belopp", tableID, rowID)
		}
	}
	var body apiMoneyRowPut
	if !s.beginEdit(w, r, pc, missing, &body) {
		return
	}
	errs := versionErrors(body.Version)
	// The rule set's check of the row as it would be, its problems named as the body
	// names the amounts.
	candidate := *row
	candidate.Amounts = map[tertial.MoneyColumn]tertial.Amount{}
	for _, c := range sortedBodyKeys(body.Amounts) {
		if v := body.Amounts[c]; v != nil {
			candidate.Amounts[tertial.MoneyColumn(c)] = tertial.Amount(*v)
		}
	}
	candidate.Comment = bodyText(body.Comment)
	for _, p := range t.ValidateRow(&candidate) {
		field := p.Path
		if _, ok := body.Amounts[p.Path]; ok {
			field = "amounts." + p.Path
		}
		errs = append(errs, apiFieldError{field, p.Message})
	}
	if len(errs) > 0 {
		s.apiError(w, r, invalidFields(errs...))
		return
	}
	editable := editableColumns(pc, t)
	e := store.MoneyRowEdit{Amounts: map[tertial.MoneyColumn]*tertial.Amount{}}
	for _, c := range sortedBodyKeys(body.Amounts) {
		if !containsColumn(editable, tertial.MoneyColumn(c)) {
			s.apiError(w, r, tertial.Errorf(tertial.EFORBIDDEN, "Du har inte behörighet att ändra kolumnen %s: budget och utfall ändras av en controller.", c))
			return
		}
	}
	for _, c := range editable {
		if v := body.Amounts[string(c)]; v != nil {
			a := tertial.Amount(*v)
			e.Amounts[c] = &a
		} else {
			e.Amounts[c] = nil
		}
	}
	comment := candidate.Comment
	e.Comment = &comment
	_, err := s.db.SaveMoneyRow(r.Context(), pc.edit(*body.Version), tableID, rowID, e)
	// The row as the period shows it now: what was saved, or for a stale version what
	// someone else saved.
	current := func() (any, error) {
		fresh, err := s.reload(r.Context(), pc)
		if err != nil {
			return nil, err
		}
		filled, _ := tertial.ApplyLedger(fresh.per, fresh.ds.Ledger)
		for i := range filled.MoneyTables {
			if filled.MoneyTables[i].ID != tableID {
				continue
			}
			for _, mr := range moneyTableJSON(&filled.MoneyTables[i]).Rows {
				if mr.Kind == moneyRowKinds[compute.BaseRow] && mr.ID == rowID {
					return apiSavedMoneyRow{Municipality: pc.ref.Municipality, Unit: pc.ref.Unit, Period: pc.ref.Period, Table: tableID, apiMoneyRow: mr}, nil
				}
			}
		}
		return nil, tertial.Errorf(tertial.ENOTFOUND, "raden %s/%s finns inte längre", tableID, rowID)
	}
	if err != nil {
		s.saved(w, r, err, nil, current)
		return
	}
	saved, err := current()
	s.saved(w, r, err, saved, current)
}

func sortedBodyKeys(m map[string]*int64) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func containsColumn(cols []tertial.MoneyColumn, c tertial.MoneyColumn) bool {
	for _, x := range cols {
		if x == c {
			return true
		}
	}
	return false
}
