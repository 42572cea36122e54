package report

import (
	"slices"
	"strconv"
	"strings"

	"github.com/tertial/tertial"
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
// year from January through the period's cut-off, the comparison year over the same
// months. It returns nil and no error when the unit has no ledger for the year.
func StatementsOf(ds *tertial.Dataset, unit string, per *tertial.Period) (*tertial.Statements, error) {
	l := per.LedgerOf(ds.Ledger)
	if l == nil {
		return nil, nil
	}
	year, month := per.Cutoff.Year(), int(per.Cutoff.Month())
	this := l.Year(unit, year, year*100+month)
	if len(this.Accounts) == 0 {
		return nil, nil
	}
	var prior *tertial.LedgerYear
	if p := l.Year(unit, year-1, (year-1)*100+month); len(p.Accounts) > 0 {
		prior = &p
	}
	// The municipality's own mapping (the default where it has none) and the budget it
	// entered for the year, which replaces the ledger's #PBUDGET for its rows.
	return tertial.BuildStatements(ds.StatementLayoutOrDefault(), &this, prior, tertial.StatementOptions{Budget: ds.Statements.BudgetOf(year)})
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

// statementBlocks shows one statement as a table.
func (b *builder) statementBlocks(which tertial.StatementID) []Block {
	st, err := b.statements()
	if err != nil {
		return []Block{&Notice{Text: "Räkenskaperna kunde inte ställas upp: " + err.Error()}}
	}
	if st == nil {
		return []Block{&Notice{Text: "Enheten har ingen bokföring för året (importera kommunens SIE-fil), så " + strings.ToLower(which.Name()) + " kan inte ställas upp."}}
	}
	budget := which == tertial.Resultatrakning && st.HasBudget
	head := []HeadCell{{Text: "Belopp i " + string(StatementUnit)}, {Text: "Not"}}
	if budget {
		head = append(head, HeadCell{Text: "Budget " + strconv.Itoa(st.Year), Numeric: true})
	}
	head = append(head, HeadCell{Text: statementYearHead(st.Year, st.Through), Numeric: true})
	if st.HasPrior {
		head = append(head, HeadCell{Text: statementYearHead(st.PriorYear, st.PriorYear*100+st.Through%100), Numeric: true})
	}
	t := &Table{ID: b.id(which.Name() + "-tabell"), Class: "money statement", Caption: which.Name() + " (" + string(StatementUnit) + ")", Head: [][]HeadCell{head}}
	index := map[string]int{}
	layout := st.Layout()
	for _, line := range st.Lines {
		if line.Statement != which {
			continue
		}
		row := Row{ID: t.ID + "-" + line.ID, Header: Cell{Text: line.Label}}
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
		if budget {
			row.Cells = append(row.Cells, amountCell("budget", line.Budget, StatementUnit, StatementPrecision))
		}
		row.Cells = append(row.Cells, amountCell("year", line.Amount, StatementUnit, StatementPrecision))
		if st.HasPrior {
			row.Cells = append(row.Cells, amountCell("prior", line.Prior, StatementUnit, StatementPrecision))
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
	return []Block{t}
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
		head := []HeadCell{{Text: "Belopp i " + string(StatementUnit)}, {Text: statementYearHead(st.Year, st.Through), Numeric: true}}
		if st.HasPrior {
			head = append(head, HeadCell{Text: statementYearHead(st.PriorYear, st.PriorYear*100+st.Through%100), Numeric: true})
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
	if t == nil || !showsKind(t.Sections, tertial.SectionStatement, tertial.SectionStatementNotes) {
		return
	}
	kind := FindStatementInterim
	if c.per.Kind == tertial.PeriodAnnual {
		kind = FindStatement
	}
	st, err := StatementsOf(c.ds, c.per.Unit, c.per)
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
