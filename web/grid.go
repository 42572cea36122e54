package web

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/compute"
	"github.com/tertial/tertial/report"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/sv"
)

// Grids fill many items of a period in one form: every row of a money table, every
// indicator value of a goal, every text of a section. Each item (row) carries its version
// and a fingerprint of its values as the form showed them (hidden fields NAME.version and
// NAME.h): an item whose posted values still match the fingerprint was not changed by the
// user and is not sent to the store at all (no new version, no audit entry). The changed
// items are saved in one transaction (store.SaveMoneyRows and its siblings):
//
//   - a cell that cannot be read (not a number) or an item the rule set refuses: nothing
//     is saved, the form comes back with the error beside the cell, naming row and column;
//   - an item someone else saved since the form was opened: that item is not saved, the
//     form shows the other person's value beside it with the user's own still typed in,
//     and the other changed items are saved.

func (s *Server) routesGrid() {
	s.tmpl["grid.html"] = template.Must(template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/grid.html"))
	base := "/kommuner/{code}/enheter/{unit}/perioder/{period}"
	s.mux.HandleFunc("GET "+base+"/tabeller/{table}", s.handleMoneyGrid)
	s.mux.HandleFunc("POST "+base+"/tabeller/{table}", s.handleMoneyGrid)
	s.mux.HandleFunc("GET "+base+"/mal/{goal}/indikatorer", s.handleIndicatorGrid)
	s.mux.HandleFunc("POST "+base+"/mal/{goal}/indikatorer", s.handleIndicatorGrid)
	s.mux.HandleFunc("GET "+base+"/texter", s.handleTextGrid)
	s.mux.HandleFunc("POST "+base+"/texter", s.handleTextGrid)
}

// gridPage is the page of a grid form.
type gridPage struct {
	base
	Title     string
	Heading   string
	Context   string
	BackURL   string
	BackLabel string
	Action    string
	ReadOnly  bool   // a locked period, or a user who may only read: no inputs
	Notice    string // why the grid is read-only
	Caption   string
	Hint      string
	Columns   []gridColumn
	Groups    []gridGroup
	Errors    []fieldError
	Saved     string // the confirmation after a save
	Conflicts int
	// Sum, for a money grid, is the table's total of the editable column(s) as saved,
	// shown under the rows.
	Sum *gridRow
	// Stacked shows each row as a fieldset of labelled fields (texts) instead of a table.
	Stacked bool
	// Scale, for a money grid with inputs, is the number of decimals its figures show:
	// the live sum (static/grid.js) adds them exactly in those units. -1 for no live sum.
	Scale int
}

// gridColumn is a column of a grid: an input column or one shown for context.
type gridColumn struct {
	ID    string // the th's id, for the inputs' aria-labelledby
	Label string
	Input bool
	Num   bool
}

// gridGroup is a run of rows under a group's heading ("" for rows of no group).
type gridGroup struct {
	ID      string
	Heading string
	Rows    []gridRow
}

type gridRow struct {
	ID        string // the row's th id
	Name      string // the prefix of its fields' names
	Label     string
	FullLabel string // with its group: "Genomförandeprojekt – Mellersta"
	Version   int
	Hash      string
	Cells     []gridCell
	Link      string // the item's single form
	LinkText  string
	Conflict  string // what someone else saved meanwhile
	Error     bool
	Previous  *previousText // a text's version in the period this one was made from
}

// gridCell is one cell: an input (Name set) or a figure shown for context.
type gridCell struct {
	Name    string
	ID      string
	Col     string // the column's th id
	Type    string // text, select, textarea
	Value   string
	Options []option
	Error   string
	Text    string // a context cell's text
	Num     bool
	Link    string // a context cell that links (Text its words)
	// For the live sum of a money grid (static/grid.js): the column of an input and of
	// the total's cell, and the sign that turns the figure as shown into result sign.
	LiveCol string
	Sign    int
}

// LabelledBy is the cell's input's aria-labelledby: its group, row and column headers.
func (c gridCell) LabelledBy(group, row string) string {
	ids := []string{}
	if group != "" {
		ids = append(ids, group)
	}
	return strings.Join(append(ids, row, c.Col), " ")
}

// DescribedBy is the cell's input's aria-describedby: its error and its row's conflict.
func (c gridCell) DescribedBy(r gridRow) string {
	var ids []string
	if c.Error != "" {
		ids = append(ids, c.ID+"-fel")
	}
	if r.Conflict != "" {
		ids = append(ids, r.ID+"-konflikt")
	}
	return strings.Join(ids, " ")
}

// Span is the number of the grid's columns, its row headers' included.
func (p *gridPage) Span() int { return len(p.Columns) + 1 }

// LiveSum reports whether the grid's total follows the inputs as they are typed
// (static/grid.js): a money grid with inputs.
func (p *gridPage) LiveSum() bool {
	if p.ReadOnly || p.Sum == nil {
		return false
	}
	for _, c := range p.Sum.Cells {
		if c.LiveCol != "" {
			return true
		}
	}
	return false
}

// scriptCSP is the site's Content-Security-Policy with same-origin script files allowed:
// only the pages that load one (a money grid's live sum) send it. Inline script stays
// forbidden.
const scriptCSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

// fingerprint is the hash of an item's values as a form shows them.
func fingerprint(values []string) string {
	h := sha256.New()
	for _, v := range values {
		h.Write([]byte(v))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:8])
}

// gridValue is a posted value as the grid compares and saves it.
func gridValue(form url.Values, name string) string {
	return strings.TrimSpace(tertial.NormalizeNewlines(form.Get(name)))
}

// changedRow reports whether the user changed any of the row's input cells.
func changedRow(form url.Values, row *gridRow) bool {
	var vals []string
	for _, c := range row.Cells {
		if c.Name != "" {
			vals = append(vals, gridValue(form, c.Name))
		}
	}
	return fingerprint(vals) != form.Get(row.Name+".h")
}

// seal sets the row's fingerprint from its cells' values.
func (row *gridRow) seal() {
	var vals []string
	for _, c := range row.Cells {
		if c.Name != "" {
			vals = append(vals, strings.TrimSpace(tertial.NormalizeNewlines(c.Value)))
		}
	}
	row.Hash = fingerprint(vals)
}

// keepTyped puts what the user typed into the row's inputs, with their version and
// fingerprint, so that nothing typed is lost when the form comes back.
func keepTyped(form url.Values, row *gridRow) {
	for i := range row.Cells {
		if row.Cells[i].Name != "" {
			row.Cells[i].Value = form.Get(row.Cells[i].Name)
		}
	}
	row.Version, _ = strconv.Atoi(form.Get(row.Name + ".version"))
	row.Hash = form.Get(row.Name + ".h")
}

// gridRequest serves a grid's GET (the page, with the confirmation of the save that led
// here) and, for a POST, checks the right to fill the period in and reads the form; it
// reports whether the caller goes on to save. one and many name what was saved.
func (s *Server) gridRequest(w http.ResponseWriter, r *http.Request, pc *periodCtx, page *gridPage, one, many string) bool {
	if r.Method == http.MethodGet {
		page.Saved = savedFromQuery(r, one, many)
		s.render(w, r, http.StatusOK, "grid.html", page)
		return false
	}
	if err := pc.require(tertial.ActEditContent); err != nil {
		s.error(w, r, err)
		return false
	}
	return s.parseGridForm(w, r)
}

// parseGridForm reads a grid's post, bounded as every edit form.
func (s *Server) parseGridForm(w http.ResponseWriter, r *http.Request) bool {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			s.render(w, r, http.StatusRequestEntityTooLarge, "error.html", &errorPage{Title: "Formuläret är för stort", Status: http.StatusRequestEntityTooLarge,
				Message: fmt.Sprintf("Formuläret är större än %d MB: ingenting har sparats.", maxFormBytes>>20)})
			return false
		}
		s.error(w, r, tertial.Errorf(tertial.EINVALID, "Formuläret kunde inte läsas."))
		return false
	}
	return true
}

// gridAccess sets whether the grid can be edited, and says why not.
func gridAccess(pc *periodCtx, page *gridPage) {
	switch {
	case pc.per.State == tertial.PeriodLocked:
		page.ReadOnly, page.Notice = true, "Perioden är låst: nämnden har fattat beslut. Uppgifterna kan läsas men inte ändras."
	case !pc.can(tertial.ActEditContent):
		page.ReadOnly, page.Notice = true, "Du kan läsa perioden men inte ändra den."
	}
}

// savedText is the confirmation of a grid save.
func savedText(n int, one, many string) string {
	switch n {
	case 0:
		return "Inget var ändrat: ingenting har sparats."
	case 1:
		return "1 " + one + " har sparats."
	}
	return strconv.Itoa(n) + " " + many + " har sparats."
}

// finishGrid answers a grid's post after the store's save: the errors beside their cells,
// the conflicts beside their rows, or a redirect to the grid with its confirmation.
func (s *Server) finishGrid(w http.ResponseWriter, r *http.Request, page *gridPage, res store.GridResult, err error,
	fresh func() (*gridPage, error), rowOf func(key string) string, fieldOf func(key, path string) string, one, many string) {
	form := r.PostForm
	if ps := tertial.ProblemsOf(err); len(ps) > 0 && tertial.ErrorCode(err) == tertial.EINVALID {
		for _, p := range ps {
			page.Errors = append(page.Errors, page.problemError(p, rowOf, fieldOf))
		}
		s.showGridErrors(w, r, page)
		return
	}
	if tertial.ErrorCode(err) == tertial.ECONFLICT {
		page.Errors = append(page.Errors, fieldError{"", "Någon annan sparade samtidigt: ingenting har sparats. Spara igen."})
		s.showGridErrors(w, r, page)
		return
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	if len(res.Conflicts) == 0 {
		http.Redirect(w, r, r.URL.Path+"?"+withSaved(r.URL.Query(), len(res.Versions)).Encode(), http.StatusSeeOther)
		return
	}
	// Some rows conflicted: show the grid as it is saved now, with the user's values kept
	// in the conflicting rows and what the other person saved beside them.
	now, err := fresh()
	if err != nil {
		s.error(w, r, err)
		return
	}
	conflicted := map[string]store.GridConflict{}
	for _, c := range res.Conflicts {
		conflicted[c.Key] = c
	}
	for gi := range now.Groups {
		for ri := range now.Groups[gi].Rows {
			row := &now.Groups[gi].Rows[ri]
			if _, ok := conflicted[rowOf(row.Name)]; !ok {
				continue
			}
			var theirs []string
			for ci := range row.Cells {
				c := &row.Cells[ci]
				if c.Name == "" {
					continue
				}
				v := c.Value
				if c.Type == "select" {
					v = optionLabel(formField{Options: c.Options}, v)
				}
				if v == "" {
					v = "tomt"
				}
				theirs = append(theirs, v)
				c.Value = form.Get(c.Name)
			}
			row.Conflict = "Någon annan har sparat " + strings.Join(theirs, "; ") + " sedan du öppnade sidan. Ditt värde står kvar i fältet och är inte sparat: spara igen för att ersätta det andras, eller ändra tillbaka."
			row.Error = true
			now.Conflicts++
		}
	}
	now.Saved = savedText(len(res.Versions), one, many)
	if len(res.Versions) == 0 {
		now.Saved = ""
	}
	s.render(w, r, http.StatusConflict, "grid.html", now)
}

// problemError puts a problem of the store's grid save (its path starts with the item's
// key) beside the item's cell it names, or the item's first cell, with the item named.
func (p *gridPage) problemError(pr tertial.Problem, rowOf func(name string) string, fieldOf func(key, path string) string) fieldError {
	msg := tertial.Capitalize(pr.Message) + "."
	for _, g := range p.Groups {
		for _, row := range g.Rows {
			k := rowOf(row.Name)
			if pr.Path != k && !strings.HasPrefix(pr.Path, k+".") {
				continue
			}
			id := fieldOf(k, strings.TrimPrefix(strings.TrimPrefix(pr.Path, k), "."))
			first := ""
			for _, c := range row.Cells {
				if c.Name != "" && first == "" {
					first = c.ID
				}
				if c.ID == id {
					first = id
					break
				}
			}
			return fieldError{first, row.FullLabel + ": " + msg}
		}
	}
	return fieldError{"", msg}
}

func withSaved(q url.Values, n int) url.Values {
	q.Set("sparat", strconv.Itoa(n))
	return q
}

// showGridErrors renders the grid with what was typed and the errors beside the cells.
func (s *Server) showGridErrors(w http.ResponseWriter, r *http.Request, page *gridPage) {
	for gi := range page.Groups {
		for ri := range page.Groups[gi].Rows {
			row := &page.Groups[gi].Rows[ri]
			for ci := range row.Cells {
				for _, e := range page.Errors {
					if e.Field != "" && e.Field == row.Cells[ci].ID {
						row.Cells[ci].Error = e.Message
						row.Error = true
					}
				}
			}
		}
	}
	s.render(w, r, http.StatusUnprocessableEntity, "grid.html", page)
}

// savedFromQuery is the confirmation of the redirect after a save.
func savedFromQuery(r *http.Request, one, many string) string {
	if v := r.URL.Query().Get("sparat"); v != "" {
		n, _ := strconv.Atoi(v)
		return savedText(n, one, many)
	}
	return ""
}

// --- money tables ---

// moneyGridColumnLabel names a money column as the grid heads it.
func moneyGridColumnLabel(t *tertial.MoneyTable, d *tertial.MoneyColumnDef) string {
	if len(t.Declared) == 0 {
		switch d.ID {
		case tertial.ColDeviation:
			return "Avvikelse helår"
		case tertial.ColPeriodDeviation:
			return "Avvikelse för perioden"
		}
		if l, ok := moneyColumnLabels[d.ID]; ok {
			return l
		}
	}
	label := d.Heading
	if d.Group != "" {
		label += " (" + d.Group + ")"
	} else if w, ok := periodWords[d.Period]; ok {
		label += " (" + w + ")"
	}
	return label
}

var periodWords = map[tertial.ColumnPeriod]string{
	tertial.PeriodYear: "helår", tertial.PeriodPeriod: "perioden", tertial.PeriodPriorPeriod: "perioden föregående år",
	tertial.PeriodPriorYear: "föregående år", tertial.PeriodAccumulated: "sedan start",
}

func findMoneyTable(pc *periodCtx, id string) *tertial.MoneyTable {
	for i := range pc.per.MoneyTables {
		if pc.per.MoneyTables[i].ID == id {
			return &pc.per.MoneyTables[i]
		}
	}
	return nil
}

// moneyGrid builds the grid of a money table as it is saved.
func moneyGrid(pc *periodCtx, t *tertial.MoneyTable) *gridPage {
	page := &gridPage{Scale: t.Precision, Title: "Fyll i " + t.Title + ": " + pc.unit.Name + ", " + pc.per.Title, Heading: "Fyll i hela tabellen: " + t.Title,
		Context: pc.unit.Name + ", " + pc.per.Title, BackURL: pc.url + "/redigera#tabell-" + t.ID, BackLabel: "Fyll i " + pc.per.Title,
		Caption: t.Title + ", " + string(t.Unit),
		Hint:    "Beloppen i " + string(t.Unit) + ", som tabellen visar dem: kostnader positiva på rader där tabellen visar dem så. Tab flyttar till nästa cell och Enter sparar. Bara rader du ändrar sparas. Kommentarer skrivs i varje rads eget formulär under Fyll i."}
	gridAccess(pc, page)
	editable := editableColumns(pc, t)
	layout := t.Layout()
	if len(editable) == 0 && !page.ReadOnly {
		page.ReadOnly, page.Notice = true, "Tabellen har ingen kolumn som du fyller i: budget och utfall fylls i av en controller eller från bokföringen."
	}
	for i := range layout {
		d := &layout[i]
		input := containsColumn(editable, d.ID) && !page.ReadOnly
		page.Columns = append(page.Columns, gridColumn{ID: "k-" + string(d.ID), Label: moneyGridColumnLabel(t, d), Input: input, Num: true})
	}
	// Group headings: the path of the groups above a row ("Exploateringsprojekt/Område –
	// Genomförandeprojekt"), one heading per run of rows under the same path.
	paths := map[string]string{}
	var walk func(rows []tertial.MoneyRow, path string)
	walk = func(rows []tertial.MoneyRow, path string) {
		for _, r := range rows {
			if !r.Group {
				paths[r.ID] = path
				continue
			}
			name := r.Label
			if name == "" {
				name = r.SumLabel
			}
			walk(r.Rows, strings.TrimPrefix(path+" – "+name, " – "))
		}
	}
	walk(t.Rows, "")
	cur := -1
	for _, row := range compute.MoneyTable(t) {
		if row.Kind == compute.TotalRow {
			sum := &gridRow{ID: "summa", Label: row.Label}
			for i := range layout {
				sum.Cells = append(sum.Cells, moneyContextCell(t, &row, &layout[i]))
			}
			if !page.ReadOnly {
				for i := range layout {
					if page.Columns[i].Input {
						sum.Cells[i].LiveCol, sum.Cells[i].Sign = string(layout[i].ID), row.Sign()
					}
				}
			}
			page.Sum = sum
		}
		if row.Kind != compute.BaseRow {
			continue
		}
		if heading := paths[row.ID]; cur < 0 || page.Groups[cur].Heading != heading {
			page.Groups = append(page.Groups, gridGroup{Heading: heading})
			cur = len(page.Groups) - 1
			if heading != "" {
				page.Groups[cur].ID = "grupp-" + row.ID
			}
		}
		// No link per row: Tab goes straight from one input to the next. Comments are
		// written in each row's own form, linked from "Fyll i".
		gr := gridRow{ID: "rad-" + row.ID, Name: "r." + row.ID, Label: row.Label, FullLabel: strings.TrimPrefix(page.Groups[cur].Heading+" – "+row.Label, " – ")}
		if r := findRow(t.Rows, row.ID); r != nil {
			gr.Version = r.Version
		}
		for i := range layout {
			d := &layout[i]
			if page.Columns[i].Input {
				val := ""
				if a, ok := row.Display(d.ID); ok {
					val = sv.Exact(a.In(t.Unit, t.Precision))
				}
				gr.Cells = append(gr.Cells, gridCell{Name: gr.Name + "." + string(d.ID), ID: "f-" + row.ID + "-" + string(d.ID), Col: page.Columns[i].ID, Type: "text", Value: val, Num: true,
					LiveCol: string(d.ID), Sign: row.Sign()})
				continue
			}
			gr.Cells = append(gr.Cells, moneyContextCell(t, &row, d))
		}
		gr.seal()
		page.Groups[cur].Rows = append(page.Groups[cur].Rows, gr)
	}
	return page
}

func moneyContextCell(t *tertial.MoneyTable, row *compute.MoneyRow, d *tertial.MoneyColumnDef) gridCell {
	c := gridCell{Num: true}
	if p, ok := row.Shares[d.ID]; ok {
		c.Text = sv.WithUnit(sv.Decimal(p.Round(1), 1), "%")
	} else if a, ok := row.Value(d); ok && d.IsAmount() {
		c.Text = sv.Amount(a, t.Unit, t.Precision)
	} else if d.ID == tertial.ColDeviation && row.Deviation != nil {
		c.Text = sv.Amount(*row.Deviation, t.Unit, t.Precision)
	} else if d.ID == tertial.ColPeriodDeviation && row.PeriodDeviation != nil {
		c.Text = sv.Amount(*row.PeriodDeviation, t.Unit, t.Precision)
	} else {
		c.Text = "–"
	}
	return c
}

func (s *Server) handleMoneyGrid(w http.ResponseWriter, r *http.Request) {
	pc := s.pagePeriod(w, r)
	if pc == nil {
		return
	}
	t := findMoneyTable(pc, r.PathValue("table"))
	if t == nil {
		s.error(w, r, tertial.Errorf(tertial.ENOTFOUND, "Perioden har ingen tabell %q.", r.PathValue("table")))
		return
	}
	page := moneyGrid(pc, t)
	page.Action = r.URL.Path
	if page.LiveSum() {
		w.Header().Set("Content-Security-Policy", scriptCSP)
	}
	if !s.gridRequest(w, r, pc, page, "rad", "rader") {
		return
	}
	form := r.PostForm
	var changes []store.MoneyRowChange
	labels := map[string]string{}
	for gi := range page.Groups {
		g := &page.Groups[gi]
		for ri := range g.Rows {
			row := &g.Rows[ri]
			rowID := strings.TrimPrefix(row.Name, "r.")
			labels[rowID] = row.FullLabel
			changed := changedRow(form, row)
			keepTyped(form, row)
			if !changed {
				continue
			}
			shown, _ := compute.FindRow(compute.MoneyTable(t), rowID)
			e := store.MoneyRowEdit{Amounts: map[tertial.MoneyColumn]*tertial.Amount{}}
			for ci, c := range row.Cells {
				if c.Name == "" {
					continue
				}
				col := tertial.MoneyColumn(strings.TrimPrefix(c.Name, row.Name+"."))
				where := labels[rowID] + ", " + page.Columns[ci].Label
				d, ok := parseDecimalField(form.Get(c.Name))
				if !ok {
					page.Errors = append(page.Errors, fieldError{c.ID, where + ": måste vara ett belopp, till exempel −1 234."})
					continue
				}
				if d == nil {
					e.Amounts[col] = nil
					continue
				}
				a, err := tertial.ParseAmount(d.String(), t.Unit, t.Precision)
				if err != nil {
					page.Errors = append(page.Errors, fieldError{c.ID, where + ": " + tertial.ErrorMessage(err)})
					continue
				}
				a = shown.Stored(a)
				e.Amounts[col] = &a
			}
			changes = append(changes, store.MoneyRowChange{Row: rowID, Version: row.Version, Edit: e})
		}
	}
	if len(page.Errors) > 0 {
		s.showGridErrors(w, r, page)
		return
	}
	res, err := s.db.SaveMoneyRows(r.Context(), pc.user.Name, pc.ref, t.ID, changes)
	s.finishGrid(w, r, page, res, err, func() (*gridPage, error) {
		fresh, err := s.loadPeriod(r)
		if err != nil {
			return nil, err
		}
		ft := findMoneyTable(fresh, t.ID)
		if ft == nil {
			return nil, tertial.Errorf(tertial.ENOTFOUND, "Tabellen finns inte längre.")
		}
		p := moneyGrid(fresh, ft)
		p.Action = r.URL.Path
		return p, nil
	}, func(name string) string { return strings.TrimPrefix(name, "r.") },
		func(key, path string) string {
			return "f-" + key + "-" + path
		}, "rad", "rader")
}

// --- a goal's indicators ---

// indicatorContext is what the forms of an indicator's value show beside it: the values
// of the years before, the stage target of the year and the assessment computed from the
// saved value.
type indicatorContext struct {
	Earlier    []option // Value: the year, Label: its value as the report shows it
	Target     string
	Assessment string
}

func indicatorContextOf(pc *periodCtx, ind *tertial.Indicator, year int) indicatorContext {
	var c indicatorContext
	for _, y := range []int{year - 2, year - 1} {
		cell := report.ValueCell(ind, ind.ValueFor(y), "")
		text := cell.Text
		if cell.Detail != "" {
			text += " (" + cell.Detail + ")"
		}
		if text == "" {
			text = "–"
		}
		c.Earlier = append(c.Earlier, option{strconv.Itoa(y), text})
	}
	c.Target = sv.Target(ind.TargetFor(year))
	if c.Target == "" {
		c.Target = "Inget etappmål"
	}
	a := report.Assess(pc.ds, ind, year)
	l := pc.words().Result(a.Result)
	c.Assessment = strings.TrimSpace(l.Symbol + " " + l.Text)
	if a.Result == compute.NotAssessed && a.Reason != "" {
		c.Assessment += " (" + a.Reason + ")"
	}
	return c
}

var missingOptions = []option{{"", "–"}, {string(tertial.MissingNotMeasured), "Mäts inte det här året"}, {string(tertial.MissingNotReported), "Redovisas senare"}}

// indicatorGrid builds the grid of a goal's indicator values for the period's year.
func indicatorGrid(pc *periodCtx, g *tertial.Goal) *gridPage {
	year := pc.per.Year()
	y := strconv.Itoa(year)
	page := &gridPage{Title: "Fyll i indikatorer: " + g.Title, Heading: "Alla indikatorer: " + g.Title,
		Context: pc.unit.Name + ", " + pc.per.Title, BackURL: pc.url + "/redigera#mal-" + g.ID, BackLabel: "Fyll i " + pc.per.Title,
		Caption: "Indikatorer för " + g.Title + ", " + y,
		Hint:    "Värden med decimalkomma, till exempel 8,9. Saknas ett värde: lämna tomt och välj varför. Bedömningen räknas fram ur det sparade värdet och etappmålet. Bara rader du ändrar sparas."}
	gridAccess(pc, page)
	in := !page.ReadOnly
	page.Columns = []gridColumn{
		{ID: "k-" + strconv.Itoa(year-2), Label: strconv.Itoa(year - 2), Num: true},
		{ID: "k-" + strconv.Itoa(year-1), Label: strconv.Itoa(year - 1), Num: true},
		{ID: "k-etappmal", Label: "Etappmål " + y, Num: true},
		{ID: "k-bedomning", Label: "Bedömning (sparat värde)"},
		{ID: "k-varde", Label: "Värde " + y, Input: in, Num: true},
		{ID: "k-saknas", Label: "Om värdet saknas", Input: in},
		{ID: "k-kommentar", Label: "Kommentar", Input: in},
		{ID: "k-mer", Label: "Fler uppgifter"},
	}
	group := gridGroup{}
	scope := tertial.NewPeriodScope(pc.ds, pc.unit, year)
	for _, ind := range scope.Indicators(g.ID) {
		var cur tertial.IndicatorValue
		if v := ind.ValueFor(year); v != nil {
			cur = *v
		}
		name := ind.Name
		if ind.Unit != "" {
			name += " (" + ind.Unit + ")"
		}
		ctx := indicatorContextOf(pc, ind, year)
		row := gridRow{ID: "rad-" + ind.ID, Name: "i." + ind.ID, Label: name, FullLabel: name, Version: cur.Version,
			Link: pc.url + "/redigera/indikator/" + ind.ID + "/" + y, LinkText: "Alla uppgifter"}
		row.Cells = append(row.Cells, gridCell{Text: ctx.Earlier[0].Label, Num: true}, gridCell{Text: ctx.Earlier[1].Label, Num: true},
			gridCell{Text: ctx.Target, Num: true}, gridCell{Text: ctx.Assessment})
		given := cur.Value
		if cur.Computed {
			given = nil
		}
		if in {
			row.Cells = append(row.Cells,
				gridCell{Name: row.Name + ".varde", ID: "f-" + ind.ID + "-varde", Col: "k-varde", Type: "text", Value: decimalField(given), Num: true},
				gridCell{Name: row.Name + ".saknas", ID: "f-" + ind.ID + "-saknas", Col: "k-saknas", Type: "select", Value: string(cur.Missing), Options: missingOptions},
				gridCell{Name: row.Name + ".kommentar", ID: "f-" + ind.ID + "-kommentar", Col: "k-kommentar", Type: "textarea", Value: cur.Note})
		} else {
			cell := report.ValueCell(ind, ind.ValueFor(year), "")
			row.Cells = append(row.Cells, gridCell{Text: cell.Text, Num: true}, gridCell{Text: optionLabel(formField{Options: missingOptions}, string(cur.Missing))},
				gridCell{Text: cur.Note})
		}
		row.Cells = append(row.Cells, gridCell{Link: row.Link, Text: "Typ, kön, täljare och nämnare"})
		row.Link = ""
		row.seal()
		group.Rows = append(group.Rows, row)
	}
	page.Groups = []gridGroup{group}
	return page
}

func (s *Server) goalOfPeriod(pc *periodCtx, id string) (*tertial.Goal, error) {
	g := pc.ds.Goal(id)
	if g == nil || !tertial.NewPeriodScope(pc.ds, pc.unit, pc.per.Year()).ShowsGoal(g.ID) {
		return nil, tertial.Errorf(tertial.ENOTFOUND, "Perioden har inget mål %q.", id)
	}
	return g, nil
}

func (s *Server) handleIndicatorGrid(w http.ResponseWriter, r *http.Request) {
	pc := s.pagePeriod(w, r)
	if pc == nil {
		return
	}
	g, err := s.goalOfPeriod(pc, r.PathValue("goal"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	page := indicatorGrid(pc, g)
	page.Action = r.URL.Path
	if !s.gridRequest(w, r, pc, page, "värde", "värden") {
		return
	}
	form := r.PostForm
	year := pc.per.Year()
	var changes []store.IndicatorValueChange
	for ri := range page.Groups[0].Rows {
		row := &page.Groups[0].Rows[ri]
		id := strings.TrimPrefix(row.Name, "i.")
		changed := changedRow(form, row)
		keepTyped(form, row)
		if !changed {
			continue
		}
		ind := indicatorByID(pc.ds, id)
		var v tertial.IndicatorValue
		if cur := ind.ValueFor(year); cur != nil {
			v = *cur // kind, gender and ratio parts are kept: the single form edits them
		}
		v.Year, v.Missing, v.Note = year, tertial.Missing(form.Get(row.Name+".saknas")), gridValue(form, row.Name+".kommentar")
		d, ok := parseDecimalField(form.Get(row.Name + ".varde"))
		if !ok {
			page.Errors = append(page.Errors, fieldError{"f-" + id + "-varde", row.FullLabel + ", värde " + strconv.Itoa(year) + ": måste vara ett tal, till exempel 8,9."})
			continue
		}
		// An empty value of an entry with a numerator and denominator is computed again.
		v.Value, v.Computed = d, false
		changes = append(changes, store.IndicatorValueChange{Indicator: id, Version: row.Version, Value: v})
	}
	if len(page.Errors) > 0 {
		s.showGridErrors(w, r, page)
		return
	}
	res, err := s.db.SaveIndicatorValues(r.Context(), pc.user.Name, pc.ref, changes)
	s.finishGrid(w, r, page, res, err, func() (*gridPage, error) {
		fresh, err := s.loadPeriod(r)
		if err != nil {
			return nil, err
		}
		fg, err := s.goalOfPeriod(fresh, g.ID)
		if err != nil {
			return nil, err
		}
		p := indicatorGrid(fresh, fg)
		p.Action = r.URL.Path
		return p, nil
	}, func(name string) string { return strings.TrimPrefix(name, "i.") + "/" + strconv.Itoa(year) },
		func(key, path string) string {
			id, _, _ := strings.Cut(key, "/")
			return "f-" + id + "-" + map[string]string{"value": "varde", "missing": "saknas", "note": "kommentar"}[path]
		}, "värde", "värden")
}

// --- a section's texts ---

// textsOfSection returns the IDs of the period's texts the report shows in its top-level
// section key (the workflow's key), in the report's order.
func textsOfSection(pc *periodCtx, key string) (title string, ids []string, err error) {
	doc, err := report.Build(pc.ds, pc.unit.ID, pc.per.ID)
	if err != nil {
		return "", nil, err
	}
	var walk func(sec *report.Section)
	walk = func(sec *report.Section) {
		for _, b := range sec.Blocks {
			switch b := b.(type) {
			case *report.Markdown:
				if b.Ref != "" {
					ids = append(ids, b.Ref)
				}
			case *report.Section:
				walk(b)
			}
		}
	}
	for _, sec := range doc.Sections {
		if sec.ID == key {
			walk(sec)
			return sec.Title, ids, nil
		}
	}
	return "", nil, tertial.Errorf(tertial.ENOTFOUND, "Rapporten har inget avsnitt %q.", key)
}

// textGrid builds the form of the period's texts: those of a section, or all.
func textGrid(pc *periodCtx, section string) (*gridPage, error) {
	page := &gridPage{Title: "Fyll i texter: " + pc.unit.Name + ", " + pc.per.Title, Heading: "Alla texter",
		Context: pc.unit.Name + ", " + pc.per.Title, BackURL: pc.url + "/redigera#texter", BackLabel: "Fyll i " + pc.per.Title,
		Hint: "Markdown: tom rad mellan stycken, **fet**, *kursiv*, ### rubrik. Bara texter du ändrar sparas.", Stacked: true}
	gridAccess(pc, page)
	var only map[string]bool
	if section != "" {
		title, ids, err := textsOfSection(pc, section)
		if err != nil {
			return nil, err
		}
		page.Heading = "Texterna i " + title
		page.Title = "Fyll i texter: " + title
		only = map[string]bool{}
		for _, id := range ids {
			only[id] = true
		}
	}
	group := gridGroup{}
	for _, t := range pc.per.Texts {
		if only != nil && !only[t.ID] {
			continue
		}
		label := t.Title
		if label == "" {
			label = t.ID
		}
		row := gridRow{ID: "text-" + t.ID, Name: "t." + t.ID, Label: label, FullLabel: label, Version: t.Version,
			Link: pc.url + "/redigera/text/" + t.ID, LinkText: "Förhandsgranska och historik", Previous: previousTextOf(pc, t.ID)}
		if page.ReadOnly {
			row.Cells = []gridCell{{Text: t.Body}}
		} else {
			row.Cells = []gridCell{{Name: row.Name + ".text", ID: "f-" + t.ID, Type: "textarea", Value: t.Body}}
		}
		row.seal()
		group.Rows = append(group.Rows, row)
	}
	page.Groups = []gridGroup{group}
	return page, nil
}

func (s *Server) handleTextGrid(w http.ResponseWriter, r *http.Request) {
	pc := s.pagePeriod(w, r)
	if pc == nil {
		return
	}
	section := r.URL.Query().Get("avsnitt")
	page, err := textGrid(pc, section)
	if err != nil {
		s.error(w, r, err)
		return
	}
	page.Action = r.URL.RequestURI()
	if !s.gridRequest(w, r, pc, page, "text", "texter") {
		return
	}
	form := r.PostForm
	var changes []store.TextChange
	for ri := range page.Groups[0].Rows {
		row := &page.Groups[0].Rows[ri]
		changed := changedRow(form, row)
		keepTyped(form, row)
		if changed {
			changes = append(changes, store.TextChange{Text: strings.TrimPrefix(row.Name, "t."), Version: row.Version, Body: gridValue(form, row.Name+".text")})
		}
	}
	res, err := s.db.SaveTexts(r.Context(), pc.user.Name, pc.ref, changes)
	s.finishGrid(w, r, page, res, err, func() (*gridPage, error) {
		fresh, err := s.loadPeriod(r)
		if err != nil {
			return nil, err
		}
		p, err := textGrid(fresh, section)
		if p != nil {
			p.Action = r.URL.RequestURI()
		}
		return p, err
	}, func(name string) string { return strings.TrimPrefix(name, "t.") },
		func(key, path string) string { return "f-" + key }, "text", "texter")
}

// addFillLinks puts the grids on the period's page for those who may fill the period in:
// each money table and the texts in the list at the top, each goal's indicators under
// the goal, so that a value is two clicks from the period's page.
func addFillLinks(pc *periodCtx, page *periodPage) {
	if !pc.can(tertial.ActEditContent) {
		return
	}
	for _, t := range pc.per.MoneyTables {
		page.FillLinks = append(page.FillLinks, editLink{Label: "Hela tabellen: " + t.Title, URL: pc.url + "/tabeller/" + t.ID})
	}
	if len(pc.per.Texts) > 0 {
		page.FillLinks = append(page.FillLinks, editLink{Label: "Alla texter", URL: pc.url + "/texter"})
	}
	page.FillLinks = append(page.FillLinks, editLink{Label: "Allt som ska fyllas i, post för post", URL: pc.url + "/redigera"})
}

// addGoalFillURLs links each goal of the tree that has indicators to its indicators'
// grid, for those who may fill the period in.
func addGoalFillURLs(pc *periodCtx, areas []areaView) {
	if !pc.can(tertial.ActEditContent) {
		return
	}
	var walk func(gs []goalView)
	walk = func(gs []goalView) {
		for i := range gs {
			if gs[i].Indicators != nil && len(gs[i].Indicators.Rows) > 0 {
				gs[i].FillURL = pc.url + "/mal/" + gs[i].ID + "/indikatorer"
			}
			walk(gs[i].Children)
		}
	}
	for i := range areas {
		walk(areas[i].Goals)
	}
}
