package web

import (
	"net/http"
	"strings"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/store"
)

// The API's structural edits of money tables and report templates (store.SaveMoneyTable,
// store.SaveTemplate): controllers and admins of the municipality may make them
// (tertial.ActEditStructure), tables only in open periods. The rule set's problems come
// back as fields (422), named as the body names them ("columns[2].of[1]").

// apiMoneyTableBody is a money table's structure as a client sends it: the fields of the
// dataset format, its declared columns and its rows and groups, nested, without amounts.
type apiMoneyTableBody struct {
	ID           string              `json:"id"`
	Title        string              `json:"title"`
	Unit         string              `json:"unit"`
	Precision    int                 `json:"precision"`
	LabelHeading string              `json:"label_heading"`
	Negate       bool                `json:"negate"`
	Total        string              `json:"total"`
	TotalNegate  bool                `json:"total_negate"`
	Note         string              `json:"note"`
	Columns      []apiMoneyColumnIn  `json:"columns"`
	Rows         []apiMoneyRowStruct `json:"rows"`
	// ClearAmounts confirms that amounts of removed rows and columns go with them.
	ClearAmounts bool `json:"clear_amounts"`
}

type apiMoneyColumnIn struct {
	ID      string   `json:"id"`
	Kind    string   `json:"kind"`
	Heading string   `json:"heading"`
	Group   string   `json:"group"`
	Period  string   `json:"period"`
	Of      []string `json:"of"`
}

// apiMoneyRowStruct is a row, or a group when Group is true or Rows is given.
type apiMoneyRowStruct struct {
	ID       string              `json:"id"`
	Label    string              `json:"label"`
	Negate   *bool               `json:"negate"`
	Group    bool                `json:"group"`
	Rows     []apiMoneyRowStruct `json:"rows"`
	Sum      string              `json:"sum"`
	SumLabel string              `json:"sum_label"`
}

func (b *apiMoneyTableBody) table() tertial.MoneyTable {
	t := tertial.MoneyTable{ID: b.ID, Title: strings.TrimSpace(b.Title), Unit: tertial.AmountUnit(b.Unit), Precision: b.Precision,
		LabelHeading: b.LabelHeading, Negate: b.Negate, Total: b.Total, TotalNegate: b.TotalNegate, Note: b.Note}
	for _, c := range b.Columns {
		d := tertial.MoneyColumnDef{ID: tertial.MoneyColumn(c.ID), Kind: tertial.ColumnKind(c.Kind), Heading: c.Heading,
			Group: c.Group, Period: tertial.ColumnPeriod(c.Period)}
		for _, o := range c.Of {
			d.Of = append(d.Of, tertial.MoneyColumn(o))
		}
		t.Declared = append(t.Declared, d)
	}
	t.Rows = structRows(b.Rows)
	return t
}

func structRows(in []apiMoneyRowStruct) []tertial.MoneyRow {
	out := make([]tertial.MoneyRow, 0, len(in))
	for _, r := range in {
		row := tertial.MoneyRow{ID: r.ID, Label: r.Label, Negate: r.Negate, Group: r.Group || r.Rows != nil,
			Sum: tertial.SumPosition(r.Sum), SumLabel: r.SumLabel}
		if row.Group {
			row.Rows = structRows(r.Rows)
		}
		out = append(out, row)
	}
	return out
}

// structurePeriod loads the period for a structural edit and checks that the user may
// make it; it answers the error itself and returns nil when the handler is done.
func (s *Server) structurePeriod(w http.ResponseWriter, r *http.Request) *periodCtx {
	pc := s.editablePeriod(w, r)
	if pc == nil {
		return nil
	}
	if err := pc.require(tertial.ActEditStructure); err != nil {
		s.apiError(w, r, err)
		return nil
	}
	return pc
}

// POST …/money-tables and PUT …/money-tables/{table}

func (s *Server) apiPostMoneyTable(w http.ResponseWriter, r *http.Request) {
	s.apiSaveMoneyTable(w, r, true)
}
func (s *Server) apiPutMoneyTable(w http.ResponseWriter, r *http.Request) {
	s.apiSaveMoneyTable(w, r, false)
}

func (s *Server) apiSaveMoneyTable(w http.ResponseWriter, r *http.Request, create bool) {
	pc := s.structurePeriod(w, r)
	if pc == nil {
		return
	}
	var body apiMoneyTableBody
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
	err := s.db.SaveMoneyTable(r.Context(), pc.user.Name, store.MoneyTableSave{Period: pc.ref, Table: body.table(), Create: create, ClearAmounts: body.ClearAmounts})
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	s.writeStructuredTable(w, r, pc, body.ID, create)
}

// writeStructuredTable answers with the table as the period's GET shows it.
func (s *Server) writeStructuredTable(w http.ResponseWriter, r *http.Request, pc *periodCtx, id string, create bool) {
	ds, err := s.db.Dataset(r.Context(), pc.ref.Municipality)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	per := ds.Period(pc.ref.Unit, pc.ref.Period)
	for i := range per.MoneyTables {
		if per.MoneyTables[i].ID == id {
			status := http.StatusOK
			if create {
				status = http.StatusCreated
				w.Header().Set("Location", r.URL.Path+"/"+id)
			}
			s.writeAPI(w, r, status, moneyTableJSON(&per.MoneyTables[i]))
			return
		}
	}
	s.apiError(w, r, tertial.Errorf(tertial.ENOTFOUND, "tabellen %q finns inte", id))
}

// DELETE …/money-tables/{table}[?clear_amounts=true]

func (s *Server) apiDeleteMoneyTable(w http.ResponseWriter, r *http.Request) {
	pc := s.structurePeriod(w, r)
	if pc == nil {
		return
	}
	if err := s.db.DeleteMoneyTable(r.Context(), pc.user.Name, pc.ref, r.PathValue("table"), r.URL.Query().Get("clear_amounts") == "true"); err != nil {
		s.apiError(w, r, err)
		return
	}
	s.writeAPI(w, r, http.StatusOK, apiDeleted{Deleted: r.PathValue("table")})
}

// PUT …/template

type apiPeriodTemplate struct {
	Template string `json:"template"`
}

func (s *Server) apiPutPeriodTemplate(w http.ResponseWriter, r *http.Request) {
	pc := s.structurePeriod(w, r)
	if pc == nil {
		return
	}
	var body apiPeriodTemplate
	if err := decodeBody(w, r, &body); err != nil {
		s.apiError(w, r, err)
		return
	}
	if err := s.db.SetPeriodTemplate(r.Context(), pc.user.Name, pc.ref, body.Template); err != nil {
		s.apiError(w, r, err)
		return
	}
	s.writeAPI(w, r, http.StatusOK, body)
}

// Templates: POST /api/v1/municipalities/{code}/templates, PUT and DELETE …/templates/{id}

// apiTemplate is a report template as the API reads and writes it.
type apiTemplate struct {
	ID       string       `json:"id"`
	Name     string       `json:"name"`
	Sections []apiSection `json:"sections"`
	// From and FromTemplate are read by POST only: the starting template or the
	// municipality's template the new one starts from (templateFromSource).
	From         string `json:"from,omitempty"`
	FromTemplate string `json:"from_template,omitempty"`
}

// apiSection is a template section with the options of the dataset format.
type apiSection struct {
	Kind       string       `json:"kind"`
	Title      string       `json:"title,omitempty"`
	Ref        string       `json:"ref,omitempty"`
	Years      int          `json:"years,omitempty"`
	BaseYears  bool         `json:"base_years,omitempty"`
	Levels     []string     `json:"levels,omitempty"`
	Areas      []string     `json:"areas,omitempty"`
	Dimensions []string     `json:"dimensions,omitempty"`
	Owners     []string     `json:"owners,omitempty"`
	Tags       []string     `json:"tags,omitempty"`
	Layout     string       `json:"layout,omitempty"`
	Fields     []string     `json:"fields,omitempty"`
	Sections   []apiSection `json:"sections,omitempty"`
}

func sectionsFromAPI(in []apiSection) []tertial.Section {
	var out []tertial.Section
	for _, s := range in {
		x := tertial.Section{Kind: tertial.SectionKind(s.Kind), Title: s.Title, Ref: s.Ref, Years: s.Years, BaseYears: s.BaseYears,
			Levels: s.Levels, Areas: s.Areas, Owners: s.Owners, Tags: s.Tags, Layout: tertial.GoalsLayout(s.Layout),
			Sections: sectionsFromAPI(s.Sections)}
		for _, d := range s.Dimensions {
			x.Dimensions = append(x.Dimensions, tertial.Dimension(d))
		}
		for _, f := range s.Fields {
			x.Fields = append(x.Fields, tertial.CoverField(f))
		}
		out = append(out, x)
	}
	return out
}

func sectionsToAPI(in []tertial.Section) []apiSection {
	out := []apiSection{}
	for _, s := range in {
		x := apiSection{Kind: string(s.Kind), Title: s.Title, Ref: s.Ref, Years: s.Years, BaseYears: s.BaseYears,
			Levels: s.Levels, Areas: s.Areas, Owners: s.Owners, Tags: s.Tags, Layout: string(s.Layout)}
		for _, d := range s.Dimensions {
			x.Dimensions = append(x.Dimensions, string(d))
		}
		for _, f := range s.Fields {
			x.Fields = append(x.Fields, string(f))
		}
		if len(s.Sections) > 0 {
			x.Sections = sectionsToAPI(s.Sections)
		}
		out = append(out, x)
	}
	return out
}

// structureMunicipality checks that the user may edit the structure of the municipality
// the path names; it answers the error itself and returns false when the handler is done.
func (s *Server) structureMunicipality(w http.ResponseWriter, r *http.Request) bool {
	code := r.PathValue("code")
	if _, err := s.db.SharedDataset(r.Context(), code); err != nil {
		s.apiError(w, r, err)
		return false
	}
	if !tertial.Can(userFrom(r.Context()), tertial.ActEditStructure, tertial.AccessTarget{Municipality: code}) {
		s.apiError(w, r, tertial.Errorf(tertial.EFORBIDDEN, "Du har inte behörighet att ändra rapportmallarna i den här kommunen."))
		return false
	}
	return true
}

func (s *Server) apiPostTemplate(w http.ResponseWriter, r *http.Request) {
	s.apiSaveTemplate(w, r, true)
}
func (s *Server) apiPutTemplate(w http.ResponseWriter, r *http.Request) {
	s.apiSaveTemplate(w, r, false)
}

func (s *Server) apiSaveTemplate(w http.ResponseWriter, r *http.Request, create bool) {
	if !s.structureMunicipality(w, r) {
		return
	}
	var body apiTemplate
	if err := decodeBody(w, r, &body); err != nil {
		s.apiError(w, r, err)
		return
	}
	if !create {
		if body.ID != "" && body.ID != r.PathValue("id") {
			s.apiError(w, r, invalidFields(apiFieldError{"id", "id ändras inte: det ska vara mallens id " + r.PathValue("id")}))
			return
		}
		body.ID = r.PathValue("id")
	}
	code := r.PathValue("code")
	t := tertial.Template{ID: body.ID, Name: strings.TrimSpace(body.Name), Sections: sectionsFromAPI(body.Sections)}
	if create {
		from, err := s.templateFromSource(r, code, body)
		if err != nil {
			s.apiError(w, r, err)
			return
		}
		if from != nil {
			t = *from
		}
	} else if body.From != "" || body.FromTemplate != "" {
		s.apiError(w, r, invalidFields(apiFieldError{"from", "går bara att ange när mallen skapas (POST)"}))
		return
	}
	if err := s.db.SaveTemplate(r.Context(), userFrom(r.Context()).Name, code, t, create); err != nil {
		s.apiError(w, r, err)
		return
	}
	status := http.StatusOK
	if create {
		status = http.StatusCreated
		w.Header().Set("Location", r.URL.Path+"/"+t.ID)
	}
	s.writeAPI(w, r, status, apiTemplate{ID: t.ID, Name: t.Name, Sections: sectionsToAPI(t.Sections)})
}

func (s *Server) apiDeleteTemplate(w http.ResponseWriter, r *http.Request) {
	if !s.structureMunicipality(w, r) {
		return
	}
	if err := s.db.DeleteTemplate(r.Context(), userFrom(r.Context()).Name, r.PathValue("code"), r.PathValue("id")); err != nil {
		s.apiError(w, r, err)
		return
	}
	s.writeAPI(w, r, http.StatusOK, apiDeleted{Deleted: r.PathValue("id")})
}

// apiDeleted answers a DELETE: the ID of what was removed.
type apiDeleted struct {
	Deleted string `json:"deleted"`
}
