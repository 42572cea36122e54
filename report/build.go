package report

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/compute"
	"github.com/tertial/tertial/sv"
)

// Build builds the report of a unit's period from the period's template. It returns
// ENOTFOUND when the unit, period or template does not exist.
func Build(ds *tertial.Dataset, unitID, periodID string) (*Document, error) {
	return build(ds, unitID, periodID, false)
}

// build builds the report; nested is set for a board's report that a board_reports section
// includes in another, which does not include reports in its turn.
func build(ds *tertial.Dataset, unitID, periodID string, nested bool) (*Document, error) {
	unit := ds.Unit(unitID)
	if unit == nil {
		return nil, tertial.Errorf(tertial.ENOTFOUND, "det finns ingen enhet %q", unitID)
	}
	per := ds.Period(unitID, periodID)
	if per == nil {
		return nil, tertial.Errorf(tertial.ENOTFOUND, "%s har ingen period %q", unit.Name, periodID)
	}
	tmpl := ds.Template(per.Template)
	if tmpl == nil {
		return nil, tertial.Errorf(tertial.ENOTFOUND, "perioden %s har ingen rapportmall", periodID)
	}
	// Money tables with an account mapping take outcome and budget from the imported
	// ledger, which wins over entered amounts (docs/dataset.md, "Account mapping").
	per, _ = tertial.ApplyLedger(per, ds.Ledger)
	b := &builder{ds: ds, per: per, unit: unit, scope: tertial.NewPeriodScope(ds, unit, per.Year()), ids: map[string]int{}, w: Words(ds, per), nested: nested}
	doc := &Document{Title: per.Title, Unit: unit.Name, Municipality: ds.Municipality.Name, Period: per.ID, Cutoff: per.Cutoff, Dated: b.w.Dated(per)}
	root := &Section{Level: 1}
	for _, s := range tmpl.Sections {
		if s.Kind == tertial.SectionCover {
			doc.Cover = true
			doc.Facts = b.coverFacts(s.Fields)
			doc.CoverText = per.CoverText
			if l := ds.Municipality.Logo; l != nil {
				doc.Logo, doc.LogoAlt = l, tertial.LogoAlt(ds.Municipality.Name)
			}
			doc.Colour = ds.Municipality.Colour
			continue
		}
		b.section(s, root)
	}
	doc.Sections = root.Sections
	return doc, nil
}

type builder struct {
	ds    *tertial.Dataset
	per   *tertial.Period
	unit  *tertial.Unit
	scope *tertial.Scope
	ids   map[string]int
	w     Vocab

	// stmts are the financial statements, built on first use (statements).
	stmts     *tertial.Statements
	stmtsErr  error
	stmtsDone bool
	// figures are the statement figures per year for the economy sections (yearFigures).
	figures map[int]tertial.Figures
	// figuresForecast says that figures' report year is its forecast for the whole year.
	figuresForecast bool
	// nested is set while building a board's report for a board_reports section.
	nested bool
}

// id returns a unique anchor for a title.
func (b *builder) id(title string) string {
	var sb strings.Builder
	dash := false
	for _, r := range strings.ToLower(title) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			sb.WriteRune(r)
			dash = false
		case r == 'å' || r == 'ä':
			sb.WriteRune('a')
			dash = false
		case r == 'ö':
			sb.WriteRune('o')
			dash = false
		case r == 'é':
			sb.WriteRune('e')
			dash = false
		case !dash && sb.Len() > 0:
			sb.WriteRune('-')
			dash = true
		}
	}
	s := "avsnitt-" + strings.Trim(sb.String(), "-")
	b.ids[s]++
	if n := b.ids[s]; n > 1 {
		s += "-" + strconv.Itoa(n)
	}
	return s
}

// child returns the section a template section's content goes into: a new sub-section
// when it has a title, else the parent itself.
func (b *builder) child(title string, parent *Section) *Section {
	if title == "" {
		return parent
	}
	s := &Section{ID: b.id(title), Title: title, Level: min(parent.Level+1, 6)}
	parent.Sections = append(parent.Sections, s)
	parent.Blocks = append(parent.Blocks, s)
	return s
}

func (b *builder) text(id string) *tertial.TextSection {
	for i := range b.per.Texts {
		if b.per.Texts[i].ID == id {
			return &b.per.Texts[i]
		}
	}
	return nil
}

func (b *builder) moneyTable(id string) *tertial.MoneyTable {
	for i := range b.per.MoneyTables {
		if b.per.MoneyTables[i].ID == id {
			return &b.per.MoneyTables[i]
		}
	}
	return nil
}

func (b *builder) freeTable(id string) *tertial.FreeTable {
	for i := range b.per.FreeTables {
		if b.per.FreeTables[i].ID == id {
			return &b.per.FreeTables[i]
		}
	}
	return nil
}

// defaultTitle is the heading of a top-level section the template gave no title, so that
// everything at the top of the document sits under a heading of its own.
func (b *builder) defaultTitle(s tertial.Section) string {
	switch s.Kind {
	case tertial.SectionText:
		if t := b.text(s.Ref); t != nil && t.Title != "" {
			return t.Title
		}
	case tertial.SectionMoneyTable, tertial.SectionNetCostTrend:
		if t := b.moneyTable(s.Ref); t != nil {
			if s.Kind == tertial.SectionNetCostTrend {
				return "Nettokostnad över tid"
			}
			return t.Title
		}
	case tertial.SectionFreeTable:
		if t := b.freeTable(s.Ref); t != nil {
			return t.Title
		}
	}
	if s.Kind == tertial.SectionTOC {
		return "Innehållsförteckning"
	}
	if s.Kind == tertial.SectionVision {
		if v := b.ds.Municipality.Vision; v != nil && v.Title != "" {
			return v.Title
		}
		return b.w.Of(tertial.TermVision)
	}
	terms := map[tertial.SectionKind]tertial.Term{
		tertial.SectionSummary: tertial.TermSectionSummary, tertial.SectionAssessments: tertial.TermSectionAssessments,
		tertial.SectionGoals: tertial.TermSectionGoals, tertial.SectionRisks: tertial.TermSectionRisks,
		tertial.SectionAudits: tertial.TermSectionAudits, tertial.SectionControls: tertial.TermSectionControls,
		tertial.SectionAttachments: tertial.TermSectionAttachments,
	}
	if s.Kind == tertial.SectionAssignments {
		return b.w.Of(tertial.TermAssignment)
	}
	if s.Kind == tertial.SectionKeyFigures {
		return KeyFiguresTitle
	}
	if s.Kind == tertial.SectionStatement {
		return tertial.StatementID(s.Ref).Name()
	}
	if s.Kind == tertial.SectionStatementNotes {
		return "Noter"
	}
	if s.Kind == tertial.SectionConsolidatedStatement {
		return ConsolidatedTitle(tertial.StatementID(s.Ref))
	}
	if t, ok := map[tertial.SectionKind]string{tertial.SectionBalanceRequirement: "Balanskravsutredning",
		tertial.SectionFinancialGoals: "Finansiella mål och god ekonomisk hushållning", tertial.SectionFiveYear: "Femårsöversikt",
		tertial.SectionNetCostReconciliation: "Avstämning mot resultaträkningen"}[s.Kind]; ok {
		return t
	}
	switch s.Kind {
	case tertial.SectionCouncilGoals:
		return CouncilGoalsTitle
	case tertial.SectionBoardDeviations:
		return BoardDeviationsTitle
	case tertial.SectionBoardReports:
		return BoardReportsTitle
	}
	if t, ok := terms[s.Kind]; ok {
		return b.w.Of(t)
	}
	return "Avsnitt"
}

// coverFacts are the labelled facts a cover shows for its fields, in their order; a
// fact the period lacks (no status, no decision yet) is left out.
func (b *builder) coverFacts(fields []tertial.CoverField) []Fact {
	var facts []Fact
	for _, f := range fields {
		var fact Fact
		switch f {
		case tertial.CoverStatus:
			fact = Fact{Label: b.w.Of(tertial.TermDocumentStatus), Value: b.per.Status}
		case tertial.CoverCutoff:
			fact = Fact{Label: b.w.Of(tertial.TermCutoff), Value: b.w.DateOf(b.per)}
		case tertial.CoverOrganisation:
			fact = Fact{Label: b.w.Of(tertial.TermOrganisation), Value: b.unit.Name}
		case tertial.CoverDecision:
			if !b.per.DecisionDate.IsZero() {
				fact = Fact{Label: b.w.Of(tertial.TermDecision), Value: strings.TrimSuffix(sv.LongDate(b.per.DecisionDate)+", "+b.per.DecisionParagraph, ", ")}
			}
		}
		if fact.Value != "" {
			fact.Field = f
			facts = append(facts, fact)
		}
	}
	return facts
}

func (b *builder) section(s tertial.Section, parent *Section) {
	title := s.Title
	// A vision's heading is its own title, at any level.
	if title == "" && (s.Kind == tertial.SectionTOC || s.Kind == tertial.SectionVision || parent.Level == 1) {
		title = b.defaultTitle(s)
	}
	sec := b.child(title, parent)
	switch s.Kind {
	case tertial.SectionTOC:
		sec.Blocks = append(sec.Blocks, &TOC{})
	case tertial.SectionText:
		if t := b.text(s.Ref); t != nil {
			sec.Blocks = append(sec.Blocks, &Markdown{Text: t.Body, HeadingLevel: min(sec.Level+1, 6), Ref: t.ID})
		} else {
			sec.Blocks = append(sec.Blocks, &Notice{Text: fmt.Sprintf("Texten %q saknas i perioden.", s.Ref)})
		}
	case tertial.SectionMoneyTable:
		if t := b.moneyTable(s.Ref); t != nil {
			sec.Blocks = append(sec.Blocks, b.moneyTableBlock(t))
		} else {
			sec.Blocks = append(sec.Blocks, &Notice{Text: fmt.Sprintf("Tabellen %q saknas i perioden.", s.Ref)})
		}
	case tertial.SectionNetCostTrend:
		if t := b.moneyTable(s.Ref); t != nil {
			sec.Blocks = append(sec.Blocks, b.trendBlock(t))
		} else {
			sec.Blocks = append(sec.Blocks, &Notice{Text: fmt.Sprintf("Tabellen %q saknas i perioden.", s.Ref)})
		}
	case tertial.SectionFreeTable:
		if t := b.freeTable(s.Ref); t != nil {
			sec.Blocks = append(sec.Blocks, b.freeTableBlock(t))
		} else {
			sec.Blocks = append(sec.Blocks, &Notice{Text: fmt.Sprintf("Tabellen %q saknas i perioden.", s.Ref)})
		}
	case tertial.SectionIndicatorCharts:
		b.indicatorCharts(sec)
	case tertial.SectionMoneyChart:
		if t := b.moneyTable(s.Ref); t != nil {
			sec.Blocks = append(sec.Blocks, b.moneyChart(t)...)
		} else {
			sec.Blocks = append(sec.Blocks, &Notice{Text: fmt.Sprintf("Tabellen %q saknas i perioden.", s.Ref)})
		}
	case tertial.SectionSummary:
		sec.Blocks = append(sec.Blocks, b.summary(s.Ref))
	case tertial.SectionAssessments:
		sec.Blocks = append(sec.Blocks, b.assessments())
	case tertial.SectionGoals:
		b.goals(sec, s)
	case tertial.SectionAssignments:
		sec.Blocks = append(sec.Blocks, b.assignmentsBlock(s))
	case tertial.SectionKeyFigures:
		sec.Blocks = append(sec.Blocks, b.keyFigures(s))
	case tertial.SectionStatement:
		sec.Blocks = append(sec.Blocks, b.statementBlocks(tertial.StatementID(s.Ref))...)
	case tertial.SectionStatementNotes:
		b.statementNotesBlocks(sec)
	case tertial.SectionConsolidatedStatement:
		sec.Blocks = append(sec.Blocks, b.consolidatedBlocks(tertial.StatementID(s.Ref))...)
	case tertial.SectionBalanceRequirement:
		b.balanceRequirementBlocks(sec)
	case tertial.SectionFinancialGoals:
		b.financialGoalsBlocks(sec)
	case tertial.SectionFiveYear:
		b.fiveYearBlocks(sec)
	case tertial.SectionNetCostReconciliation:
		b.netCostReconciliationBlocks(sec, s)
	case tertial.SectionCouncilGoals:
		b.councilGoals(sec, s)
	case tertial.SectionBoardDeviations:
		b.boardDeviations(sec, s)
	case tertial.SectionBoardReports:
		b.boardReports(sec, s)
	case tertial.SectionVision:
		if v := b.ds.Municipality.Vision; v != nil {
			sec.Blocks = append(sec.Blocks, &Markdown{Text: v.Text, HeadingLevel: min(sec.Level+1, 6)})
		} else {
			sec.Blocks = append(sec.Blocks, &Notice{Text: "Kommunen har ingen vision (municipality.vision)."})
		}
	case tertial.SectionRisks:
		sec.Blocks = append(sec.Blocks, b.risks())
	case tertial.SectionAudits:
		sec.Blocks = append(sec.Blocks, b.audits())
	case tertial.SectionControls:
		sec.Blocks = append(sec.Blocks, b.controls())
	case tertial.SectionAttachments:
		var items []string
		for _, a := range b.per.Attachments {
			items = append(items, a.Title)
		}
		if len(items) == 0 {
			sec.Blocks = append(sec.Blocks, &Paragraph{Text: "Inga bilagor."})
		} else {
			sec.Blocks = append(sec.Blocks, &List{Items: items})
		}
	}
	for _, c := range s.Sections {
		b.section(c, sec)
	}
}

// amountCell formats an amount of a table.
func amountCell(col string, a tertial.Amount, unit tertial.AmountUnit, precision int) Cell {
	d := a.In(unit, precision)
	return Cell{Col: col, Text: sv.Decimal(d, precision), Numeric: true, Number: &d}
}

// monthAbbrev are the short month names of table headings.
var monthAbbrev = []string{"jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"}

// periodSpan is "jan–aug" for a period from January to August.
func periodSpan(per *tertial.Period) string {
	return monthAbbrev[per.StartDate().Month()-1] + "–" + monthAbbrev[per.Cutoff.Month()-1]
}

// columnGroup is the default group heading of a money column's period.
func (b *builder) columnGroup(p tertial.ColumnPeriod) string {
	switch p {
	case tertial.PeriodPeriod:
		return "Perioden " + periodSpan(b.per)
	case tertial.PeriodPriorPeriod:
		return "Perioden föregående år"
	case tertial.PeriodPriorYear:
		return "Föregående år"
	case tertial.PeriodAccumulated:
		return "Sedan start"
	}
	return "Helår"
}

// columnHeading is a money column's heading: the declared one, or for the full year's
// forecast without one the vocabulary's word ("Prognos"; "Utfall" in an annual report,
// which states the year's outcome).
func (b *builder) columnHeading(t *tertial.MoneyTable, c tertial.MoneyColumnDef) string {
	if c.Kind != tertial.KindForecast {
		return c.Heading
	}
	for _, d := range t.Declared {
		if d.ID == c.ID && d.Heading != "" {
			return c.Heading
		}
	}
	return b.w.Of(tertial.TermForecast)
}

func (b *builder) moneyTableBlock(t *tertial.MoneyTable) *Table {
	type col struct {
		key   string
		label string
		group string
		def   tertial.MoneyColumnDef
	}
	var cols []col
	for _, c := range t.Layout() {
		g := c.Group
		if g == "" {
			g = b.columnGroup(c.Period)
		}
		cols = append(cols, col{key: string(c.ID), label: b.columnHeading(t, c), group: g, def: c})
	}
	label := t.LabelHeading
	if label == "" {
		label = string(t.Unit)
	}
	head1 := []HeadCell{{Text: label, RowSpan: 2}}
	var head2 []HeadCell
	for i := 0; i < len(cols); {
		j := i
		for j < len(cols) && cols[j].group == cols[i].group {
			head2 = append(head2, HeadCell{Text: cols[j].label, Numeric: true})
			j++
		}
		head1 = append(head1, HeadCell{Text: cols[i].group, ColSpan: j - i, Group: true, Numeric: true})
		i = j
	}
	tbl := &Table{ID: "tabell-" + t.ID, Class: "money", Caption: t.Title, Head: [][]HeadCell{head1, head2}}
	for _, c := range cols {
		mc := MoneyColumn{Col: c.key, Kind: c.def.Kind, ResultSign: c.def.InResultSign()}
		if c.def.Computed() {
			for _, o := range c.def.Of {
				mc.Of = append(mc.Of, string(o))
			}
		}
		tbl.Columns = append(tbl.Columns, mc)
	}
	if t.Note != "" {
		tbl.Notes = append(tbl.Notes, t.Note)
	}
	tbl.Notes = append(tbl.Notes, t.Derived...)
	for _, r := range compute.MoneyTable(t) {
		row := Row{Depth: r.Depth, Header: Cell{Text: r.Label}, Sign: r.Sign()}
		switch r.Kind {
		case compute.BaseRow:
			row.ID = tbl.ID + "-" + r.ID
		case compute.HeaderRow:
			row.ID, row.Class = tbl.ID+"-"+r.ID, "group"
			if r.HasSums {
				row.Class = "group sum"
			}
		case compute.SumRow:
			row.ID, row.Class = tbl.ID+"-"+r.ID+"-summa", "sum"
		case compute.TotalRow:
			row.ID, row.Class = tbl.ID+"-total", "total"
		}
		for _, c := range cols {
			var cell Cell
			if c.def.Kind == tertial.KindShare {
				if p, ok := r.Shares[c.def.ID]; ok {
					n := p.Round(1)
					cell.Text, cell.Number = sv.WithUnit(sv.Decimal(n, 1), "%"), &n
				}
			} else if a, ok := r.Value(&c.def); ok && (r.Kind != compute.HeaderRow || r.HasSums) {
				cell = amountCell(c.key, a, t.Unit, t.Precision)
			}
			cell.Col, cell.Numeric = c.key, true
			row.Cells = append(row.Cells, cell)
		}
		tbl.Rows = append(tbl.Rows, row)
	}
	return tbl
}

func (b *builder) trendBlock(t *tertial.MoneyTable) *Table {
	year := b.per.Year()
	rows := compute.NetCostTrend(t, year, 3, "Summa nettokostnad")
	label := t.LabelHeading
	if label == "" {
		label = string(t.Unit)
	}
	span := tertial.Capitalize(periodSpan(b.per))
	head := []HeadCell{{Text: label}}
	if len(rows) > 0 {
		for _, y := range rows[0].Years {
			head = append(head, HeadCell{Text: span + " " + strconv.Itoa(y), Numeric: true})
		}
	}
	tbl := &Table{ID: "trend-" + t.ID, Class: "trend", Caption: "Nettokostnad per verksamhet, " + span + " " + strconv.Itoa(year-2) + "–" + strconv.Itoa(year) + ", " + string(t.Unit), Head: [][]HeadCell{head}}
	for _, r := range rows {
		row := Row{ID: tbl.ID + "-" + r.ID, Header: Cell{Text: r.Label}}
		if r.Total {
			row.ID, row.Class = tbl.ID+"-total", "total"
		}
		for i, y := range r.Years {
			cell := Cell{Col: strconv.Itoa(y), Numeric: true}
			if a := r.Amounts[i]; a != nil {
				cell = amountCell(cell.Col, *a, t.Unit, t.Precision)
			} else {
				cell.Hidden = "uppgift saknas"
			}
			row.Cells = append(row.Cells, cell)
		}
		tbl.Rows = append(tbl.Rows, row)
	}
	return tbl
}

func (b *builder) freeTableBlock(t *tertial.FreeTable) *Table {
	tbl := &Table{ID: "tabell-" + t.ID, Class: "free", Caption: t.Title}
	var head []HeadCell
	for _, c := range t.Columns {
		head = append(head, HeadCell{Text: c.Label, Numeric: c.Type.Numeric() || c.Type == tertial.ColDate})
	}
	tbl.Head = [][]HeadCell{head}
	if t.Note != "" {
		tbl.Notes = append(tbl.Notes, t.Note)
	}
	res := compute.FreeTable(t)
	cellsOf := func(vals []compute.FreeValue) []Cell {
		var out []Cell
		for i, c := range t.Columns {
			out = append(out, freeCell(c, vals[i], t))
		}
		return out
	}
	// Groups show as a money table's do: a header row with the group's label (and its sums
	// when they are on top), an indented body and a sum row of its own when at the bottom.
	// A row computed by a row formula is a row of its own kind, "formula", which no sum
	// adds; it names the rows it adds, so that a spreadsheet can compute it again.
	rowAt := map[string]int{} // each line is the row of tbl at its index
	for i, l := range res.Lines {
		if l.Kind == compute.BaseRow {
			rowAt[l.ID] = i
		}
	}
	for _, l := range res.Lines {
		cells := cellsOf(l.Values)
		row := Row{ID: tbl.ID + "-" + l.ID, Depth: l.Depth, Header: cells[0], Cells: cells[1:]}
		if len(l.Formula) > 0 {
			row.Class = "formula"
			for _, term := range l.Formula {
				if j, ok := rowAt[term.Column]; ok {
					row.Formula = append(row.Formula, RowTerm{Row: j, Negative: term.Negative})
				}
			}
		}
		switch l.Kind {
		case compute.HeaderRow:
			row.Class = "group"
			if l.HasSums {
				row.Class = "group sum"
			}
			row.Header = Cell{Col: t.Columns[0].ID, Text: l.Label}
		case compute.SumRow:
			row.ID, row.Class = tbl.ID+"-"+l.ID+"-summa", "sum"
			row.Header = Cell{Col: t.Columns[0].ID, Text: l.Label}
		}
		// A row's unit follows its first cell, as a detail the way every format shows one.
		row.Header.Detail = l.Unit
		tbl.Rows = append(tbl.Rows, row)
	}
	if res.Sum != nil {
		cells := cellsOf(res.Sum)
		tbl.Rows = append(tbl.Rows, Row{ID: tbl.ID + "-summa", Class: "total", Header: Cell{Col: t.Columns[0].ID, Text: t.SumLabel}, Cells: cells[1:]})
	}
	return tbl
}

// freeCell formats a free table's cell: its value with its marks, the word a numeric cell
// holds in place of its value, or nothing.
func freeCell(c tertial.FreeColumn, v compute.FreeValue, t *tertial.FreeTable) Cell {
	cell := Cell{Col: c.ID, Numeric: c.Type.Numeric() || c.Type == tertial.ColDate}
	if !v.Present {
		cell.Text = v.Word
		return cell
	}
	switch c.Type {
	case tertial.ColText:
		cell.Text = v.Cell.Text
	case tertial.ColAmount:
		cell = amountCell(c.ID, v.Cell.Amount, t.Unit, t.Precision)
	case tertial.ColPercent:
		n := v.Cell.Number
		cell.Text, cell.Number = sv.WithUnit(sv.Exact(n), "%"), &n
	case tertial.ColDecimal:
		n := v.Cell.Number
		cell.Text, cell.Number = sv.Exact(n), &n
	case tertial.ColCount:
		n := tertial.DecimalFromInt(v.Cell.Count)
		cell.Text, cell.Number = sv.Decimal(n, 0), &n
	case tertial.ColDate:
		cell.Text = sv.Date(v.Cell.Date)
	}
	if c.Type.Numeric() {
		cell.Before, cell.After = v.Cell.Before, v.Cell.After
		cell.Text = sv.Marked(cell.Before, cell.Text, cell.After)
	}
	return cell
}
