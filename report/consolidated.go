package report

import (
	"strconv"
	"strings"

	"github.com/tertial/tertial"
)

// The sammanställda räkenskaper (issue 16, item 7): the kommunkoncernen's statements from
// the unit's ledger (the municipality's) and the ledgers imported for the dataset's
// companies (units of kind company), with the eliminations entered for the year
// (tertial.BuildConsolidated).

// ConsolidatedTitle is the heading of a consolidated statement section.
func ConsolidatedTitle(which tertial.StatementID) string {
	return which.Name() + " för kommunkoncernen"
}

// ConsolidatedOf builds the sammanställda räkenskaper of a unit's period as the report
// shows them: the unit's statements with every company of the dataset not retired before
// the year, each with its ledger over the same months, and the eliminations entered. As
// for the municipality's own (StatementsOf), the balance sheet is compared with the
// previous year-end and, in a period that ends before December, the resultaträkning and
// kassaflödesanalys with the same months of the year before. It returns nil and no error
// when the unit has no ledger for the year.
func ConsolidatedOf(ds *tertial.Dataset, unit string, per *tertial.Period) (*tertial.ConsolidatedStatements, error) {
	shown, _, err := consolidatedOf(ds, unit, per)
	return shown, err
}

// consolidatedOf returns the sammanställda räkenskaper as shown and as checked (every
// statement compared with the previous year-end), which differ only in an interim period.
func consolidatedOf(ds *tertial.Dataset, unit string, per *tertial.Period) (shown, checked *tertial.ConsolidatedStatements, err error) {
	muniShown, muniChecked, err := statementsOf(ds, unit, per)
	if err != nil || muniChecked == nil {
		return nil, nil, err
	}
	l := per.LedgerOf(ds.Ledger)
	year, month := per.Cutoff.Year(), int(per.Cutoff.Month())
	build := func(muni *tertial.Statements, priorThrough int) (*tertial.ConsolidatedStatements, error) {
		var parts []tertial.ConsolidationCompany
		for _, u := range ds.Companies(year) {
			p := tertial.ConsolidationCompany{Unit: u}
			if this := l.Year(u.ID, year, year*100+month); len(this.Accounts) > 0 {
				p.This = &this
			}
			if prior := l.Year(u.ID, year-1, priorThrough); len(prior.Accounts) > 0 {
				p.Prior = &prior
			}
			parts = append(parts, p)
		}
		return tertial.BuildConsolidated(nil, muni, parts, ds.Economy.Eliminations)
	}
	checked, err = build(muniChecked, (year-1)*100+12)
	if err != nil || month == 12 || !muniChecked.HasPrior {
		return checked, checked, err
	}
	period, err := build(muniShown, (year-1)*100+month)
	if err != nil {
		return nil, nil, err
	}
	c := *checked
	c.Statements = checked.Statements.WithPriorOf(period.Statements, tertial.Resultatrakning, tertial.Kassaflode)
	return &c, checked, nil
}

// shareText is a share in percent as a Swede writes it: "60 %", "50,5 %".
func shareText(d tertial.Decimal) string {
	return strings.Replace(d.String(), ".", ",", 1) + "\u00a0%"
}

// consolidatedBlocks shows one consolidated statement: a column for the municipality,
// one for each company with its share applied, one for the eliminations, the koncern's
// total and the comparison year's; then the year's eliminations on the statement's rows.
func (b *builder) consolidatedBlocks(which tertial.StatementID) []Block {
	c, err := ConsolidatedOf(b.ds, b.unit.ID, b.per)
	if err != nil {
		return []Block{&Notice{Text: "De sammanställda räkenskaperna kunde inte ställas upp: " + tertial.ErrorMessage(err)}}
	}
	if c == nil {
		return []Block{&Notice{Text: "Enheten har ingen bokföring för året (importera kommunens SIE-fil), så det går inte att ställa upp någon " + strings.ToLower(ConsolidatedTitle(which)) + "."}}
	}
	if len(c.Companies) == 0 {
		return []Block{&Notice{Text: "Kommunen har inga bolag (enheter av typen bolag), så det finns inga sammanställda räkenskaper."}}
	}
	// Two header rows, the years over the columns, so that the columns' own headings stay
	// short enough for an A4 page; a company's name and share may wrap.
	year := statementYearHead(c.Year, c.Through)
	top := []HeadCell{{Text: "Belopp i " + string(StatementUnit), RowSpan: 2},
		{Text: statementColumnHead(which, c.Year, c.Through), ColSpan: len(c.Companies) + 3, Group: true}}
	head := []HeadCell{{Text: "Kommunen", Numeric: true}}
	for _, co := range c.Companies {
		name := co.Unit.Name
		if co.Unit.ShortName != "" {
			name = co.Unit.ShortName
		}
		head = append(head, HeadCell{Text: name + " (" + shareText(co.Share) + ")"})
	}
	head = append(head, HeadCell{Text: "Elimineringar"}, HeadCell{Text: "Koncernen", Numeric: true})
	if c.HasPrior {
		top = append(top, HeadCell{Text: statementPriorHead(which, c.Statements), Group: true})
		head = append(head, HeadCell{Text: "Koncernen", Numeric: true})
	}
	t := &Table{ID: b.id("koncern-" + which.Name() + "-tabell"), Class: "money statement consolidated",
		Caption: ConsolidatedTitle(which) + " (" + string(StatementUnit) + ")", Head: [][]HeadCell{top, head}}
	index := map[string]int{}
	layout := c.Layout()
	for _, line := range c.Lines {
		if line.Statement != which {
			continue
		}
		row := Row{ID: t.ID + "-" + line.ID, Header: Cell{Text: periodLabel(line.Label, c.Through)}}
		if line.Kind == tertial.RowHeading {
			row.Class, row.Full = "group", true
			t.Rows = append(t.Rows, row)
			continue
		}
		row.Cells = append(row.Cells, amountCell("municipality", c.Municipality.Amount(line.ID), StatementUnit, StatementPrecision))
		for i, co := range c.Companies {
			col := "company-" + strconv.Itoa(i+1)
			if co.Statements == nil {
				// A company without books for the year is missing, never 0.
				row.Cells = append(row.Cells, Cell{Col: col, Text: "–", Hidden: "saknas", Numeric: true})
				continue
			}
			row.Cells = append(row.Cells, amountCell(col, co.Statements.Amount(line.ID), StatementUnit, StatementPrecision))
		}
		row.Cells = append(row.Cells, amountCell("eliminations", c.Eliminated[line.ID], StatementUnit, StatementPrecision),
			amountCell("year", line.Amount, StatementUnit, StatementPrecision))
		if c.HasPrior {
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
	t.Notes = append(t.Notes, "Bolagens belopp är deras egna räkenskaper gånger kommunens ägarandel (proportionell konsolidering). Elimineringarna tar bort transaktioner och mellanhavanden inom kommunkoncernen.")
	for _, co := range c.Companies {
		if co.Statements == nil {
			t.Notes = append(t.Notes, co.Unit.Name+" saknar bokföring för "+year+" (importera bolagets SIE-fil) och ingår inte i koncernens belopp.")
		}
	}
	blocks := []Block{t}
	if which == tertial.Kassaflode {
		return blocks
	}
	var es []tertial.Elimination
	for _, e := range c.EliminationsOf(c.Year) {
		if c.StatementOf(e.Debit.Row) == which || c.StatementOf(e.Credit.Row) == which {
			es = append(es, e)
		}
	}
	if len(es) == 0 {
		return blocks
	}
	label := func(id string) string {
		if l, ok := c.Line(id); ok {
			return l.Label
		}
		return id
	}
	et := &Table{ID: b.id("koncern-" + which.Name() + "-elimineringar"), Class: "money eliminations",
		Caption: "Elimineringar " + strconv.Itoa(c.Year) + " i " + strings.ToLower(which.Name()) + " (" + string(StatementUnit) + ")",
		Head: [][]HeadCell{{{Text: "Eliminering"}, {Text: "Parter"}, {Text: "Debet"}, {Text: "Kredit"},
			{Text: "Belopp debet", Numeric: true}, {Text: "Belopp kredit", Numeric: true}}}}
	for i, e := range es {
		et.Rows = append(et.Rows, Row{ID: et.ID + "-" + strconv.Itoa(i+1), Header: Cell{Text: e.Text},
			Cells: []Cell{
				{Col: "parties", Text: b.ds.CounterpartName(e.Company) + " – " + b.ds.CounterpartName(e.Counterpart)},
				{Col: "debit-row", Text: label(e.Debit.Row)},
				{Col: "credit-row", Text: label(e.Credit.Row)},
				amountCell("debit", e.Debit.Amount, StatementUnit, StatementPrecision),
				amountCell("credit", e.Credit.Amount, StatementUnit, StatementPrecision),
			}})
	}
	return append(blocks, et)
}

// consolidated checks the sammanställda räkenskaper when the period's template shows
// them: tertial.ConsolidatedStatements.Check, blocking in an annual period.
func (c *checker) consolidated() {
	t := c.ds.Template(c.per.Template)
	if t == nil || !showsKind(t.Sections, tertial.SectionConsolidatedStatement) {
		return
	}
	kind := FindStatementInterim
	if c.per.Kind == tertial.PeriodAnnual {
		kind = FindStatement
	}
	_, cs, err := consolidatedOf(c.ds, c.per.Unit, c.per)
	switch {
	case err != nil:
		c.addAs(kind, Item{}, "De sammanställda räkenskaperna kan inte ställas upp: "+tertial.ErrorMessage(err)+".",
			"de sammanställda räkenskaperna", "kan inte ställas upp: %v", err)
		return
	case cs == nil:
		c.addAs(kind, Item{}, "De sammanställda räkenskaperna kan inte ställas upp: enheten har ingen bokföring för året (importera kommunens SIE-fil).",
			"de sammanställda räkenskaperna", "saknar bokföring för året")
		return
	case len(cs.Companies) == 0:
		c.addAs(kind, Item{}, "De sammanställda räkenskaperna visas men kommunen har inga bolag (enheter av typen bolag).",
			"de sammanställda räkenskaperna", "kommunen har inga bolag")
		return
	}
	for _, f := range cs.Check() {
		where := "de sammanställda räkenskaperna"
		if f.Statement != "" {
			where += " (" + string(f.Statement) + ")"
		}
		c.addAs(kind, Item{}, tertial.Capitalize(f.Message), where, "%s [%s]", f.Message, f.Kind)
	}
}
