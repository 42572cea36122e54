package web

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/store"
)

// The API's structural edits of free tables (store.SaveFreeTable, store.DeleteFreeTable),
// as for money tables: controllers and admins of the municipality (tertial.ActEditStructure),
// only in open periods; the rule set's problems come back as fields (422) named as the body
// names them ("columns[2].formula", "rows[0].rows[1].id").

// apiFreeTableBody is a free table's structure as a client sends it: the fields of the
// dataset format, its columns with formulas as text and its rows and groups, nested,
// without cells.
type apiFreeTableBody struct {
	ID        string             `json:"id"`
	Title     string             `json:"title"`
	Unit      string             `json:"unit"`
	Precision int                `json:"precision"`
	SumLabel  string             `json:"sum_label"`
	Note      string             `json:"note"`
	Columns   []apiFreeColumn    `json:"columns"`
	Rows      []apiFreeRowStruct `json:"rows"`
	// ClearValues confirms that values of removed rows and columns (and of columns that
	// change type or become computed) go with them.
	ClearValues bool `json:"clear_values"`
}

// apiFreeRowStruct is a row, or a group when Group is true or Rows is given.
type apiFreeRowStruct struct {
	ID       string             `json:"id"`
	Label    string             `json:"label"`
	Unit     string             `json:"unit"`
	Formula  string             `json:"formula"`
	Group    bool               `json:"group"`
	Rows     []apiFreeRowStruct `json:"rows"`
	Sum      string             `json:"sum"`
	SumLabel string             `json:"sum_label"`
}

// table reads the body; formulas that cannot be read come back as field errors.
func (b *apiFreeTableBody) table() (tertial.FreeTable, []apiFieldError) {
	t := tertial.FreeTable{ID: b.ID, Title: strings.TrimSpace(b.Title), Unit: tertial.AmountUnit(b.Unit), Precision: b.Precision,
		SumLabel: b.SumLabel, Note: b.Note}
	var errs []apiFieldError
	formula := func(field, s string) tertial.Formula {
		if strings.TrimSpace(s) == "" {
			return nil
		}
		f, err := tertial.ParseFormula(s)
		if err != nil {
			errs = append(errs, apiFieldError{field, tertial.ErrorMessage(err)})
		}
		return f
	}
	for i, c := range b.Columns {
		t.Columns = append(t.Columns, tertial.FreeColumn{ID: c.ID, Label: c.Label, Type: tertial.ColumnType(c.Type), Sum: c.Sum,
			Formula: formula(fmt.Sprintf("columns[%d].formula", i), c.Formula)})
	}
	var rows func(path string, in []apiFreeRowStruct) []tertial.FreeRow
	rows = func(path string, in []apiFreeRowStruct) []tertial.FreeRow {
		out := make([]tertial.FreeRow, 0, len(in))
		for i, r := range in {
			q := fmt.Sprintf("%srows[%d]", path, i)
			row := tertial.FreeRow{ID: r.ID, Label: r.Label, Unit: r.Unit, Formula: formula(q+".formula", r.Formula),
				Group: r.Group || r.Rows != nil, Sum: tertial.SumPosition(r.Sum), SumLabel: r.SumLabel}
			if row.Group {
				row.Rows = rows(q+".", r.Rows)
			}
			out = append(out, row)
		}
		return out
	}
	t.Rows = rows("", b.Rows)
	return t, errs
}

// POST …/free-tables and PUT …/free-tables/{table}

func (s *Server) apiPostFreeTable(w http.ResponseWriter, r *http.Request) {
	s.apiSaveFreeTable(w, r, true)
}
func (s *Server) apiPutFreeTable(w http.ResponseWriter, r *http.Request) {
	s.apiSaveFreeTable(w, r, false)
}

func (s *Server) apiSaveFreeTable(w http.ResponseWriter, r *http.Request, create bool) {
	pc := s.structurePeriod(w, r)
	if pc == nil {
		return
	}
	var body apiFreeTableBody
	if err := decodeBody(w, r, &body); err != nil {
		s.apiError(w, r, err)
		return
	}
	if !create {
		if body.ID != "" && body.ID != r.PathValue("table") {
			s.apiError(w, r, invalidFields(apiFieldError{"id", "id ändras inte: det ska vara tabellens id " + r.PathValue("table")}))
			return
		}
		body.ID = r.PathValue("table")
	}
	t, errs := body.table()
	if len(errs) > 0 {
		s.apiError(w, r, invalidFields(errs...))
		return
	}
	err := s.db.SaveFreeTable(r.Context(), pc.user.Name, store.FreeTableSave{Period: pc.ref, Table: t, Create: create, ClearValues: body.ClearValues})
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	ds, err := s.db.Dataset(r.Context(), pc.ref.Municipality)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	per := ds.Period(pc.ref.Unit, pc.ref.Period)
	for i := range per.FreeTables {
		if per.FreeTables[i].ID == t.ID {
			status := http.StatusOK
			if create {
				status = http.StatusCreated
				w.Header().Set("Location", r.URL.Path+"/"+t.ID)
			}
			s.writeAPI(w, r, status, freeTableJSON(&per.FreeTables[i]))
			return
		}
	}
	s.apiError(w, r, tertial.Errorf(tertial.ENOTFOUND, "tabellen %q finns inte", t.ID))
}

// DELETE …/free-tables/{table}[?clear_values=true]

func (s *Server) apiDeleteFreeTable(w http.ResponseWriter, r *http.Request) {
	pc := s.structurePeriod(w, r)
	if pc == nil {
		return
	}
	if err := s.db.DeleteFreeTable(r.Context(), pc.user.Name, pc.ref, r.PathValue("table"), r.URL.Query().Get("clear_values") == "true"); err != nil {
		s.apiError(w, r, err)
		return
	}
	s.writeAPI(w, r, http.StatusOK, apiDeleted{Deleted: r.PathValue("table")})
}
