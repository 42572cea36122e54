package report

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/sv"
)

// The financial statements of a municipality's own report (issue 16): resultaträkning,
// balansräkning and kassaflödesanalys with their notes, computed from the unit's imported
// ledger (tertial.LedgerData.Year) through the statement layout (tertial.BuildStatements),
// the comparison year beside this year and, on the resultaträkning, the budget.

// StatementUnit and StatementPrecision are how the statements show amounts: mnkr with
// one decimal, as municipalities' annual reports do.
const (
	StatementUnit      = tertial.Mnkr
	StatementPrecision = 1
)

// StatementsOf builds the statements of a unit's period from the dataset's ledger: this
// year from January through the period's cut-off, compared with the year before. The
// balance sheet is compared with the previous year's closing balance sheet, and the
// checks (Statements.Check) are made against it; for a period that ends before December
// (a delårsrapport, RKR R17) the resultaträkning's and the kassaflödesanalys's comparison
// column is the same months of the year before, as displayed. It returns nil and no error
// when the unit has no ledger for the year.
func StatementsOf(ds *tertial.Dataset, unit string, per *tertial.Period) (*tertial.Statements, error) {
	shown, _, err := statementsOf(ds, unit, per)
	return shown, err
}

// statementsOf returns the statements as shown and as checked (the same but for an
// interim period, whose shown resultaträkning and kassaflödesanalys compare with the same
// months of the year before).
func statementsOf(ds *tertial.Dataset, unit string, per *tertial.Period) (shown, checked *tertial.Statements, err error) {
	l := per.LedgerOf(ds.Ledger)
	if l == nil {
		return nil, nil, nil
	}
	year, month := per.Cutoff.Year(), int(per.Cutoff.Month())
	this := l.Year(unit, year, year*100+month)
	if len(this.Accounts) == 0 {
		return nil, nil, nil
	}
	layout := ds.StatementLayoutOrDefault()
	var prior *tertial.LedgerYear
	if p := l.Year(unit, year-1, (year-1)*100+12); len(p.Accounts) > 0 {
		prior = &p
	}
	// The municipality's own mapping (the default where it has none) and the budget it
	// entered for the year, which replaces the ledger's #PBUDGET for its rows.
	// In a period that ends before December the resultaträkning has the forecast for the
	// whole year made at its cut-off, when one is entered.
	opts := tertial.StatementOptions{Budget: ds.Statements.BudgetOf(year)}
	if month < 12 {
		opts.Forecast = ds.Statements.ForecastOf(year*100 + month)
	}
	checked, err = tertial.BuildStatements(layout, &this, prior, opts)
	if err != nil || month == 12 || prior == nil {
		return checked, checked, err
	}
	same := l.Year(unit, year-1, (year-1)*100+month)
	period, err := tertial.BuildStatements(layout, &this, &same, opts)
	if err != nil {
		return nil, nil, err
	}
	shown = checked.WithPriorOf(period, tertial.Resultatrakning, tertial.Kassaflode)
	return shown, checked, nil
}

// statements returns the report's statements, built once per report.
func (b *builder) statements() (*tertial.Statements, error) {
	if !b.stmtsDone {
		b.stmts, b.stmtsErr = StatementsOf(b.ds, b.unit.ID, b.per)
		b.stmtsDone = true
	}
	return b.stmts, b.stmtsErr
}

// statementYearHead is a year's column heading: "2025", or "jan–aug 2025" for a part of
// the year.
func statementYearHead(year, through int) string {
	y := strconv.Itoa(year)
	if through%100 == 12 || through == 0 {
		return y
	}
	return "jan–" + monthAbbrev[through%100-1] + " " + y
}

// statementColumnHead is this year's column heading of a statement: the year, or for a
// part of it the months ("jan–aug 2025"), and a balance sheet's day ("31 aug 2025").
func statementColumnHead(which tertial.StatementID, year, through int) string {
	if which == tertial.Balansrakning && through%100 != 12 && through != 0 {
		return strconv.Itoa(lastDay(year, through%100)) + " " + monthAbbrev[through%100-1] + " " + strconv.Itoa(year)
	}
	return statementYearHead(year, through)
}

// statementPriorHead is the comparison column's heading: the previous year's closing
// balance sheet ("31 dec 2024") for a balance sheet of a part of the year, the same months
// of the year before for the others.
func statementPriorHead(which tertial.StatementID, st *tertial.Statements) string {
	if which == tertial.Balansrakning && st.Through%100 != 12 {
		return "31 dec " + strconv.Itoa(st.PriorYear)
	}
	return statementYearHead(st.PriorYear, st.PriorYear*100+st.Through%100)
}

// lastDay is the last day of a month.
func lastDay(year, month int) int {
	return time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// statementBlocks shows one statement as a table.
func (b *builder) statementBlocks(which tertial.StatementID) []Block {
	st, err := b.statements()
	if err != nil {
		return []Block{&Notice{Text: "Räkenskaperna kunde inte ställas upp: " + err.Error()}}
	}
	if st == nil {
		return []Block{&Notice{Text: "Enheten har ingen bokföring för året (importera kommunens SIE-fil), så det går inte att ställa upp någon " + strings.ToLower(which.Name()) + "."}}
	}
	budget := which == tertial.Resultatrakning && st.HasBudget
	// A delårsrapport's resultaträkning with a forecast shows the period, the same period
	// the year before, then the year's budget, the forecast and the forecast's deviation
	// from the budget; otherwise the budget comes first.
	forecast := which == tertial.Resultatrakning && st.HasForecast
	head := []HeadCell{{Text: "Belopp i " + string(StatementUnit)}, {Text: "Not"}}
	if budget && !forecast {
		head = append(head, HeadCell{Text: "Budget " + strconv.Itoa(st.Year), Numeric: true})
	}
	head = append(head, HeadCell{Text: statementColumnHead(which, st.Year, st.Through), Numeric: true})
	if st.HasPrior {
		head = append(head, HeadCell{Text: statementPriorHead(which, st), Numeric: true})
	}
	if forecast {
		if budget {
			head = append(head, HeadCell{Text: "Budget " + strconv.Itoa(st.Year), Numeric: true})
		}
		head = append(head, HeadCell{Text: "Prognos " + strconv.Itoa(st.Year), Numeric: true})
		if budget {
			head = append(head, HeadCell{Text: "Avvikelse mot budget", Numeric: true})
		}
	}
	t := &Table{ID: b.id(which.Name() + "-tabell"), Class: "money statement", Caption: which.Name() + " (" + string(StatementUnit) + ")", Head: [][]HeadCell{head}}
	index := map[string]int{}
	layout := st.Layout()
	for _, line := range st.Lines {
		if line.Statement != which {
			continue
		}
		row := Row{ID: t.ID + "-" + line.ID, Header: Cell{Text: periodLabel(line.Label, st.Through)}}
		if line.Kind == tertial.RowHeading {
			row.Class, row.Full = "group", true
			t.Rows = append(t.Rows, row)
			continue
		}
		note := ""
		if line.Note > 0 {
			note = strconv.Itoa(line.Note)
		}
		row.Cells = append(row.Cells, Cell{Col: "note", Text: note})
		if budget && !forecast {
			row.Cells = append(row.Cells, amountCell("budget", line.Budget, StatementUnit, StatementPrecision))
		}
		row.Cells = append(row.Cells, amountCell("year", line.Amount, StatementUnit, StatementPrecision))
		if st.HasPrior {
			row.Cells = append(row.Cells, amountCell("prior", line.Prior, StatementUnit, StatementPrecision))
		}
		if forecast {
			if budget {
				row.Cells = append(row.Cells, amountCell("budget", line.Budget, StatementUnit, StatementPrecision))
			}
			row.Cells = append(row.Cells, amountCell("forecast", line.Forecast, StatementUnit, StatementPrecision))
			if budget {
				row.Cells = append(row.Cells, amountCell("forecast_deviation", line.Forecast-line.Budget, StatementUnit, StatementPrecision))
			}
		}
		if line.Kind == tertial.RowSum {
			row.Class = "sum"
			if r, ok := layout.Row(line.ID); ok {
				var terms []RowTerm
				for _, id := range r.Sum {
					if i, ok := index[id]; ok {
						terms = append(terms, RowTerm{Row: i})
					}
				}
				if len(terms) == len(r.Sum) {
					row.Class, row.Formula = "sum formula", terms
				}
			}
		}
		index[line.ID] = len(t.Rows)
		t.Rows = append(t.Rows, row)
	}
	if forecast {
		t.Notes = append(t.Notes, forecastNote(st))
	}
	return []Block{t}
}

// forecastNote says what the resultaträkning's forecast is: made at the cut-off, and the
// rows no forecast was entered for, which follow the budget.
func forecastNote(st *tertial.Statements) string {
	m := st.Through % 100
	text := "Prognosen för helåret " + strconv.Itoa(st.Year) + " är gjord per " + sv.LongDate(time.Date(st.Year, time.Month(m), lastDay(st.Year, m), 0, 0, 0, 0, time.UTC)) + "."
	if len(st.ForecastAsBudget) == 0 {
		return text
	}
	var labels []string
	for _, id := range st.ForecastAsBudget {
		if l, ok := st.Line(id); ok {
			labels = append(labels, strings.ToLower(l.Label))
		}
	}
	if st.HasBudget {
		return text + " Ingen prognos är angiven för " + tertial.JoinAnd(labels) + "; där är prognosen lika med budget."
	}
	return text + " Ingen prognos är angiven för " + tertial.JoinAnd(labels) + "; där är prognosen 0."
}

// statementNotesBlocks shows the notes of the statements, each as a table of the
// accounts or rows behind its statement row, with their sum.
func (b *builder) statementNotesBlocks(sec *Section) {
	st, err := b.statements()
	if err != nil {
		sec.Blocks = append(sec.Blocks, &Notice{Text: "Räkenskaperna kunde inte ställas upp: " + err.Error()})
		return
	}
	if st == nil || len(st.Notes) == 0 {
		sec.Blocks = append(sec.Blocks, &Paragraph{Text: "Inga noter."})
		return
	}
	for _, n := range st.Notes {
		ns := b.child("Not "+strconv.Itoa(n.Number)+" "+n.Label, sec)
		head := []HeadCell{{Text: "Belopp i " + string(StatementUnit)}, {Text: statementColumnHead(n.Statement, st.Year, st.Through), Numeric: true}}
		if st.HasPrior {
			head = append(head, HeadCell{Text: statementPriorHead(n.Statement, st), Numeric: true})
		}
		t := &Table{ID: b.id("not-" + strconv.Itoa(n.Number) + "-tabell"), Class: "money statement-note",
			Caption: "Not " + strconv.Itoa(n.Number) + " " + n.Label + " (" + string(StatementUnit) + ")", Head: [][]HeadCell{head}}
		var sum, prior tertial.Amount
		var terms []RowTerm
		for i, r := range n.Rows {
			label := r.Label
			if label == "" {
				label = strings.Join(r.Accounts, ", ")
			}
			row := Row{ID: t.ID + "-" + strconv.Itoa(i+1), Header: Cell{Text: label},
				Cells: []Cell{amountCell("year", r.Amount, StatementUnit, StatementPrecision)}}
			if st.HasPrior {
				row.Cells = append(row.Cells, amountCell("prior", r.Prior, StatementUnit, StatementPrecision))
			}
			terms = append(terms, RowTerm{Row: len(t.Rows)})
			t.Rows = append(t.Rows, row)
			sum += r.Amount
			prior += r.Prior
		}
		total := Row{ID: t.ID + "-summa", Class: "sum formula", Formula: terms, Header: Cell{Text: "Summa"},
			Cells: []Cell{amountCell("year", sum, StatementUnit, StatementPrecision)}}
		if st.HasPrior {
			total.Cells = append(total.Cells, amountCell("prior", prior, StatementUnit, StatementPrecision))
		}
		t.Rows = append(t.Rows, total)
		ns.Blocks = append(ns.Blocks, t)
	}
}

// statements checks the financial statements when the period's template shows any: the
// cross-checks of tertial.Statements.Check, blocking in an annual period.
func (c *checker) statements() {
	t := c.ds.Template(c.per.Template)
	if t == nil || !showsKind(t.Sections, tertial.SectionStatement, tertial.SectionStatementNotes, tertial.SectionNetCostReconciliation) {
		return
	}
	kind := FindStatementInterim
	if c.per.Kind == tertial.PeriodAnnual {
		kind = FindStatement
	}
	_, st, err := statementsOf(c.ds, c.per.Unit, c.per)
	switch {
	case err != nil:
		c.addAs(kind, Item{}, "Räkenskaperna kan inte ställas upp: "+err.Error()+".", "räkenskaperna", "kan inte ställas upp: %v", err)
		return
	case st == nil:
		c.addAs(kind, Item{}, "Räkenskaperna kan inte ställas upp: enheten har ingen bokföring för året (importera kommunens SIE-fil).",
			"räkenskaperna", "saknar bokföring för året")
		return
	}
	for _, f := range st.Check() {
		c.addAs(kind, Item{}, tertial.Capitalize(f.Message), "räkenskaperna ("+string(f.Statement)+")", "%s [%s]", f.Message, f.Kind)
	}
	if m := st.Through % 100; m != 12 && !st.HasForecast && showsStatement(t.Sections, tertial.Resultatrakning) {
		month := tertial.MonthText(st.Through)
		c.addAs(kind, Item{}, "Resultaträkningen saknar prognos för helåret "+strconv.Itoa(st.Year)+" per "+month+
			": ange den under Räkenskaper (delårsrapporten ska bedöma balanskravet och de finansiella målen på helårsprognosen, RKR R17).",
			"räkenskaperna (prognos)", "saknar prognos för helåret per %s", month)
	}
	c.reconciliations(t.Sections, kind, st)
}

// showsStatement reports whether any of the sections, at any depth, shows the statement.
func showsStatement(ss []tertial.Section, which tertial.StatementID) bool {
	for _, s := range ss {
		if s.Kind == tertial.SectionStatement && tertial.StatementID(s.Ref) == which || showsStatement(s.Sections, which) {
			return true
		}
	}
	return false
}

// showsKind reports whether any of the sections, at any depth, is of one of the kinds.
func showsKind(ss []tertial.Section, kinds ...tertial.SectionKind) bool {
	for _, s := range ss {
		if slices.Contains(kinds, s.Kind) || showsKind(s.Sections, kinds...) {
			return true
		}
	}
	return false
}

// reconcileNetCosts is the avstämning a net_cost_reconciliation section of a unit's period
// shows, from the unit's statements: each consolidated board's net cost for the year (the
// actual of its money table named by the section's ref, as board_deviations takes it), the
// finance function's items of the year (Economy.FinanceItems), and the resultaträkning's
// verksamhetens nettokostnader; the finding is nil when they agree.
func reconcileNetCosts(ds *tertial.Dataset, unit string, per *tertial.Period, ts tertial.Section, st *tertial.Statements) (*tertial.NetCostReconciliation, *tertial.StatementFinding, error) {
	var boards []tertial.NetCostItem
	devs := BoardDeviations(ds, unit, per, ts)
	if len(devs) == 0 {
		// Nothing to reconcile: without the boards the difference would be the whole of
		// verksamhetens nettokostnader, which says nothing.
		return nil, nil, tertial.Errorf(tertial.ENOTFOUND, "ingen nämnd har en period av samma slag per %s med tabellen %q att stämma av", sv.LongDate(per.Cutoff), ts.Ref)
	}
	for _, d := range devs {
		item := tertial.NetCostItem{Label: d.Board.Unit.Name}
		if d.Actual != nil {
			item.Amount = *d.Actual
		} else {
			item.Label += " (saknar utfall i tabellen " + ts.Ref + ")"
		}
		boards = append(boards, item)
	}
	var finance []tertial.NetCostItem
	for _, f := range ds.Economy.FinanceItemsOf(st.Year) {
		finance = append(finance, tertial.NetCostItem{Label: f.Label, Amount: f.Amount})
	}
	r, f, err := st.ReconcileNetCosts(boards, finance)
	if err != nil {
		return nil, nil, err
	}
	return &r, f, nil
}

// netCostReconciliationBlocks shows the avstämning as a table, the sums as formulas.
func (b *builder) netCostReconciliationBlocks(sec *Section, ts tertial.Section) {
	var r *tertial.NetCostReconciliation
	var f *tertial.StatementFinding
	st, err := b.statements()
	if err == nil && st != nil {
		r, f, err = reconcileNetCosts(b.ds, b.unit.ID, b.per, ts, st)
	}
	switch {
	case err != nil:
		sec.Blocks = append(sec.Blocks, &Notice{Text: "Avstämningen kunde inte göras: " + err.Error()})
		return
	case r == nil:
		sec.Blocks = append(sec.Blocks, &Notice{Text: "Enheten har ingen bokföring för året (importera kommunens SIE-fil), så nämndernas nettokostnader kan inte stämmas av mot resultaträkningen."})
		return
	}
	t := &Table{ID: b.id("avstamning-nettokostnader-tabell"), Class: "money reconciliation",
		Caption: "Avstämning av nämndernas nettokostnader mot resultaträkningen " + strconv.Itoa(r.Year) + " (" + string(StatementUnit) + ")",
		Head:    [][]HeadCell{{{Text: "Belopp i " + string(StatementUnit)}, {Text: strconv.Itoa(r.Year), Numeric: true}}}}
	add := func(id, label, class string, a tertial.Amount, terms []RowTerm) int {
		t.Rows = append(t.Rows, Row{ID: t.ID + "-" + id, Class: class, Formula: terms, Header: Cell{Text: label},
			Cells: []Cell{amountCell("year", a, StatementUnit, StatementPrecision)}})
		return len(t.Rows) - 1
	}
	var boardRows []RowTerm
	for i, x := range r.Boards {
		boardRows = append(boardRows, RowTerm{Row: add("namnd-"+strconv.Itoa(i+1), x.Label, "", x.Amount, nil)})
	}
	boardsSum := add("summa-namnder", "Summa nämnder", "sum formula", r.BoardsSum, boardRows)
	total := []RowTerm{{Row: boardsSum}}
	for i, x := range r.Finance {
		total = append(total, RowTerm{Row: add("finans-"+strconv.Itoa(i+1), x.Label, "", x.Amount, nil)})
	}
	totalRow := add("summa", "Summa nämnder och finansförvaltning", "sum formula", r.Total, total)
	rr := add("resultatrakningen", "Verksamhetens nettokostnader enligt resultaträkningen", "", r.Statement, nil)
	add("differens", "Differens", "total formula", r.Difference, []RowTerm{{Row: totalRow}, {Row: rr, Negative: true}})
	sec.Blocks = append(sec.Blocks, t)
	text := "Nämndernas nettokostnader och finansförvaltningens poster stämmer med verksamhetens nettokostnader i resultaträkningen."
	if f != nil {
		text = f.Message
	}
	sec.Blocks = append(sec.Blocks, &Paragraph{Text: text, Class: "computed-summary", Ref: "net_cost_reconciliation"})
}

// reconciliations checks the avstämning of every net_cost_reconciliation section of the
// template.
func (c *checker) reconciliations(ss []tertial.Section, kind FindingKind, st *tertial.Statements) {
	for _, s := range ss {
		if s.Kind == tertial.SectionNetCostReconciliation {
			_, f, err := reconcileNetCosts(c.ds, c.per.Unit, c.per, s, st)
			switch {
			case err != nil:
				c.addAs(kind, Item{}, "Avstämningen av nämndernas nettokostnader kan inte göras: "+err.Error()+".", "avstämningen", "kan inte göras: %v", err)
			case f != nil:
				c.addAs(kind, Item{}, f.Message, "avstämningen", "%s [%s]", f.Message, f.Kind)
			}
		}
		c.reconciliations(s.Sections, kind, st)
	}
}

// periodLabel is a statement row's label for the months the statements cover: in a
// delårsrapport the year's result is the period's ("Periodens resultat").
func periodLabel(label string, through int) string {
	if through%100 != 12 && through != 0 {
		if rest, ok := strings.CutPrefix(label, "Årets resultat"); ok {
			return "Periodens resultat" + rest
		}
	}
	return label
}
