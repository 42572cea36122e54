package report

import (
	"fmt"
	"slices"
	"strings"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/compute"
	"github.com/tertial/tertial/sv"
)

// The default headings of the consolidating sections.
const (
	CouncilGoalsTitle    = "Fullmäktiges mål i nämnderna"
	BoardDeviationsTitle = "Nämndernas budgetavvikelser"
	BoardReportsTitle    = "Nämndernas rapporter"
)

// CouncilGoal is a council goal with the assessments of the boards that contribute to it.
type CouncilGoal struct {
	Goal   *tertial.Goal
	Boards []BoardAssessment
	// Counts counts the boards by their assessment of the goal (only those with one);
	// Mixed and Missing count the boards whose goals under it differ and those without
	// any assessment.
	Counts         map[tertial.Assessment]int
	Mixed, Missing int
}

// BoardAssessment is a board's assessment of a council goal in its period.
//
// A board contributes to a council goal when it follows the goal up itself in its period
// (a follow-up of the council goal with the board as unit and the board's period), or when
// it owns goals directly under it that are in force in the year (its nämndmål). Its
// assessment is its own follow-up's when that has one; otherwise the assessment its goals
// under the council goal share in its period. When they differ the board's assessment is
// Mixed (each goal's stands in Goals); when none has one, it is missing.
type BoardAssessment struct {
	Board      tertial.BoardPeriod
	Assessment tertial.Assessment    // the board's assessment of the council goal; "" when missing or mixed
	Own        *tertial.GoalFollowup // the board's own follow-up of the council goal; nil when none
	Goals      []BoardGoal           // the board's goals under the council goal
	Mixed      bool
}

// BoardGoal is a board's goal under a council goal with its assessment in the board's
// period ("" when none).
type BoardGoal struct {
	Goal       *tertial.Goal
	Assessment tertial.Assessment
}

// CouncilGoals returns what a council_goals section of a unit's period shows: the council
// goals it chooses, each with the assessments of the boards (tertial.ConsolidatedBoards,
// narrowed by the section's owners) that contribute to it. The council goals are the goals
// in force in the period's year that pass the section's filters of levels, areas,
// dimensions and tags; without levels, the goals at the top of the goal tree.
func CouncilGoals(ds *tertial.Dataset, unitID string, per *tertial.Period, ts tertial.Section) []CouncilGoal {
	boards := ds.ConsolidatedBoards(unitID, per, ts.Owners)
	scopes := make([]*tertial.Scope, len(boards))
	for i, bp := range boards {
		scopes[i] = tertial.NewPeriodScope(ds, bp.Unit, bp.Period.Year())
	}
	filter := ts
	filter.Owners = nil // owners choose the boards here, not the goals
	var out []CouncilGoal
	for i := range ds.Goals {
		g := &ds.Goals[i]
		if len(ts.Levels) == 0 && g.Parent != "" {
			continue
		}
		if !ds.GoalInForce(g.ID, per.Year()) || !filter.ShowsGoal(g, ds.GoalArea(g.ID)) {
			continue
		}
		cg := CouncilGoal{Goal: g, Counts: map[tertial.Assessment]int{}}
		for bi, bp := range boards {
			ba := BoardAssessment{Board: bp}
			for j := range g.Followups {
				if f := &g.Followups[j]; f.Unit == bp.Unit.ID && f.Period == bp.Period.ID {
					ba.Own = f
				}
			}
			for _, c := range scopes[bi].Children(g.ID) {
				if !scopes[bi].OwnsGoal(c) {
					continue
				}
				bg := BoardGoal{Goal: c}
				if f := GoalFollowup(c, bp.Period); f != nil {
					bg.Assessment = f.Assessment
				}
				ba.Goals = append(ba.Goals, bg)
			}
			if ba.Own == nil && len(ba.Goals) == 0 {
				continue // the board does not contribute to the goal
			}
			if ba.Own != nil && ba.Own.Assessment != tertial.AssessNone {
				ba.Assessment = ba.Own.Assessment
			} else {
				for _, bg := range ba.Goals {
					switch {
					case bg.Assessment == tertial.AssessNone:
					case ba.Assessment == tertial.AssessNone && !ba.Mixed:
						ba.Assessment = bg.Assessment
					case bg.Assessment != ba.Assessment:
						ba.Assessment, ba.Mixed = tertial.AssessNone, true
					}
				}
			}
			switch {
			case ba.Mixed:
				cg.Mixed++
			case ba.Assessment == tertial.AssessNone:
				cg.Missing++
			default:
				cg.Counts[ba.Assessment]++
			}
			cg.Boards = append(cg.Boards, ba)
		}
		out = append(out, cg)
	}
	return out
}

// Sentence writes how the contributing boards assess the goal, in the order and words of
// the municipality's goal scale (compute.CouncilGoalSentences).
func (cg CouncilGoal) Sentence(m *tertial.Municipality) string {
	var levels []compute.LevelCount
	for _, l := range m.Scale(tertial.ScaleGoals) {
		levels = append(levels, compute.LevelCount{Name: l.Name, N: cg.Counts[tertial.Assessment(l.ID)]})
	}
	return compute.CouncilGoalSentences(compute.Boards, len(cg.Boards), levels, cg.Mixed)
}

// councilGoals adds a council_goals section's content to sec: per goal area, each chosen
// council goal under a heading of its own with the sentence counting the boards'
// assessments and a table of every contributing board's assessment.
func (b *builder) councilGoals(sec *Section, ts tertial.Section) {
	if len(b.ds.ConsolidatedBoards(b.unit.ID, b.per, ts.Owners)) == 0 {
		sec.Blocks = append(sec.Blocks, b.noBoards())
		return
	}
	goals := CouncilGoals(b.ds, b.unit.ID, b.per, ts)
	if len(goals) == 0 {
		sec.Blocks = append(sec.Blocks, &Paragraph{Text: "Inga fullmäktigemål att redovisa."})
		return
	}
	levels := map[string]string{}
	for _, l := range b.ds.GoalLevels {
		levels[l.ID] = l.Name
	}
	areas := map[string]*Section{}
	for _, cg := range goals {
		parent := sec
		if a := b.ds.GoalArea(cg.Goal.ID); a != nil {
			if areas[a.ID] == nil {
				heading := b.w.Of(tertial.TermGoalArea) + ": " + a.Name
				if a.Dimension != "" {
					heading += " – " + b.w.Dimension(a.Dimension)
				}
				areas[a.ID] = b.child(heading, sec)
			}
			parent = areas[a.ID]
		}
		title := cg.Goal.Title
		if name := levels[cg.Goal.Level]; name != "" {
			title = name + ": " + cg.Goal.Title
		}
		gs := b.child(title, parent)
		gs.Blocks = append(gs.Blocks, &Paragraph{Text: cg.Sentence(&b.ds.Municipality), Class: "computed-summary", Ref: "council_goal:" + cg.Goal.ID})
		if len(cg.Boards) > 0 {
			gs.Blocks = append(gs.Blocks, b.boardAssessmentTable(cg, levels))
		}
	}
}

// noBoards is the notice of a consolidating section when no board has a period of the
// report's date.
func (b *builder) noBoards() Block {
	return &Notice{Text: "Ingen nämnd har en period av samma slag per " + sv.LongDate(b.per.Cutoff) + " att sammanställa."}
}

// boardAssessmentTable is a council goal's table: each contributing board with its
// assessment in symbol and words and what it rests on, and the board's own analysis of the
// council goal as a comment row under it.
func (b *builder) boardAssessmentTable(cg CouncilGoal, levels map[string]string) *Table {
	word := b.w.Of(tertial.TermAssessment)
	t := &Table{ID: b.id("namndernas bedomningar " + cg.Goal.ID), Class: "assessments board-assessments",
		Caption: "Nämndernas bedömningar: " + cg.Goal.Title,
		Head:    [][]HeadCell{{{Text: "Nämnd"}, {Text: word}, {Text: "Underlag"}}}}
	levelName := func(a tertial.Assessment) string {
		if l, ok := b.w.Level(tertial.ScaleGoals, string(a)); ok {
			return compute.Lower(l.Text)
		}
		return "ingen bedömning"
	}
	for _, ba := range cg.Boards {
		c := Cell{Col: "assessment"}
		switch {
		case ba.Mixed:
			c.Text, c.Class = "Olika bedömningar", "missing"
		case ba.Assessment == tertial.AssessNone:
			c.Text, c.Class = word+" saknas", "missing"
		default:
			if l, ok := b.w.Level(tertial.ScaleGoals, string(ba.Assessment)); ok {
				c.Text, c.Symbol, c.Class, c.Colour = l.Text, l.Symbol, l.Class, l.Colour
			}
		}
		var basis []string
		if ba.Own != nil {
			own := "Egen uppföljning av målet"
			if ba.Own.Assessment == tertial.AssessNone {
				own += " (utan bedömning)"
			}
			basis = append(basis, own)
		}
		for _, bg := range ba.Goals {
			name := levels[bg.Goal.Level]
			if name == "" {
				name = tertial.Capitalize(b.w.Of(tertial.TermGoal))
			}
			basis = append(basis, name+" «"+bg.Goal.Title+"»: "+levelName(bg.Assessment))
		}
		row := Row{ID: t.ID + "-" + ba.Board.Unit.ID, Header: Cell{Text: ba.Board.Unit.Name, Detail: ba.Board.Period.Title},
			Cells: []Cell{c, {Col: "basis", Text: strings.Join(basis, "; ")}}}
		t.Rows = append(t.Rows, row)
		if ba.Own != nil && strings.TrimSpace(ba.Own.Analysis) != "" {
			t.Rows = append(t.Rows, b.commentRow(row.ID+"-analys", ba.Own.Analysis))
		}
	}
	return t
}

// BoardDeviation is a board's figures in a board_deviations section: the totals of its
// money table (the section's ref) in its period, in result sign (net costs negative), nil
// where the table has no such column. Table is nil when the board's period has no table
// with the ID.
type BoardDeviation struct {
	Board                              tertial.BoardPeriod
	Table                              *tertial.MoneyTable
	Budget, Actual                     *tertial.Amount // the full year's budget and forecast (an annual report's outcome)
	PeriodBudget, PeriodActual         *tertial.Amount // the period's budget and outcome
	Deviation, PeriodDeviation         *tertial.Amount // actual − budget: positive when better than budget
	BudgetHeading, ActualHeading, Unit string
}

// BoardDeviations returns what a board_deviations section of a unit's period shows: for
// each board (tertial.ConsolidatedBoards, narrowed by the section's owners), the totals of
// the money table with the section's ref as ID in the board's period, the ledger applied
// as in the board's own report. The budget is the table's first full-year revised budget,
// else its first full-year budget; the actual is its full-year forecast, else its full-
// year outcome; the period's are its period budget and period outcome. The totals add
// every row of the table that holds amounts, as the table's own total does.
func BoardDeviations(ds *tertial.Dataset, unitID string, per *tertial.Period, ts tertial.Section) []BoardDeviation {
	var out []BoardDeviation
	for _, bp := range ds.ConsolidatedBoards(unitID, per, ts.Owners) {
		d := BoardDeviation{Board: bp}
		bper, _ := tertial.ApplyLedger(bp.Period, ds.Ledger)
		for i := range bper.MoneyTables {
			if bper.MoneyTables[i].ID == ts.Ref {
				d.Table = &bper.MoneyTables[i]
			}
		}
		if d.Table != nil {
			d.figures(per.Kind == tertial.PeriodAnnual)
		}
		out = append(out, d)
	}
	return out
}

// figures fills the board's totals from its table; in an annual report (annual) the
// period's outcome is the year's when the table has no full-year forecast or outcome.
func (d *BoardDeviation) figures(annual bool) {
	t := d.Table
	layout := t.Layout()
	var leaves []compute.Amounts
	var walk func(rows []tertial.MoneyRow)
	walk = func(rows []tertial.MoneyRow) {
		for _, r := range rows {
			if r.Group {
				walk(r.Rows)
			} else {
				leaves = append(leaves, compute.Amounts(r.Amounts))
			}
		}
	}
	walk(t.Rows)
	total := compute.Sum(leaves...)
	computed, _ := compute.Columns(layout, total)
	value := func(c tertial.MoneyColumnDef) *tertial.Amount {
		a, ok := total[c.ID]
		if c.Computed() {
			a, ok = computed[c.ID]
		}
		if !ok {
			return nil
		}
		return &a
	}
	pick := func(match ...func(c tertial.MoneyColumnDef) bool) (*tertial.Amount, string) {
		for _, m := range match {
			for _, c := range layout {
				if m(c) {
					return value(c), c.Heading
				}
			}
		}
		return nil, ""
	}
	is := func(k tertial.ColumnKind, p tertial.ColumnPeriod) func(c tertial.MoneyColumnDef) bool {
		return func(c tertial.MoneyColumnDef) bool { return c.Kind == k && c.Period == p }
	}
	d.Budget, d.BudgetHeading = pick(is(tertial.KindRevisedBudget, tertial.PeriodYear), is(tertial.KindBudget, tertial.PeriodYear))
	d.Actual, d.ActualHeading = pick(is(tertial.KindForecast, tertial.PeriodYear), is(tertial.KindOutcome, tertial.PeriodYear))
	if d.Actual == nil && annual {
		d.Actual, d.ActualHeading = pick(is(tertial.KindPeriodOutcome, tertial.PeriodPeriod), is(tertial.KindOutcome, tertial.PeriodPeriod))
	}
	d.PeriodBudget, _ = pick(is(tertial.KindPeriodBudget, tertial.PeriodPeriod), is(tertial.KindRevisedBudget, tertial.PeriodPeriod), is(tertial.KindBudget, tertial.PeriodPeriod))
	d.PeriodActual, _ = pick(is(tertial.KindPeriodOutcome, tertial.PeriodPeriod), is(tertial.KindOutcome, tertial.PeriodPeriod))
	d.Deviation = diff(d.Budget, d.Actual)
	d.PeriodDeviation = diff(d.PeriodBudget, d.PeriodActual)
	d.Unit = string(t.Unit)
}

// diff is b − a when both exist.
func diff(a, b *tertial.Amount) *tertial.Amount {
	if a == nil || b == nil {
		return nil
	}
	d := *b - *a
	return &d
}

// addTo adds a to *sum when a exists; the sum exists once anything is added.
func addTo(sum **tertial.Amount, a *tertial.Amount) {
	if a == nil {
		return
	}
	if *sum == nil {
		var z tertial.Amount
		*sum = &z
	}
	**sum += *a
}

// boardDeviations is a board_deviations section's content: a sentence counting the boards
// above and below budget, and one money table of every board's budget, forecast and
// deviation (and the period's, in an interim report where a board's table has them), net
// costs negative, with the boards' sum as its total.
func (b *builder) boardDeviations(sec *Section, ts tertial.Section) {
	devs := BoardDeviations(b.ds, b.unit.ID, b.per, ts)
	if len(devs) == 0 {
		sec.Blocks = append(sec.Blocks, b.noBoards())
		return
	}
	unit, precision := tertial.Tkr, 0
	periodCols := false
	for i := len(devs) - 1; i >= 0; i-- {
		if t := devs[i].Table; t != nil {
			unit, precision = t.Unit, t.Precision
			periodCols = periodCols || (devs[i].PeriodBudget != nil && devs[i].PeriodActual != nil)
		}
	}
	periodCols = periodCols && b.per.Kind != tertial.PeriodAnnual
	actual := b.w.Of(tertial.TermForecast)
	head1 := []HeadCell{{Text: "Nämnd", RowSpan: 2}, {Text: "Helår", ColSpan: 3, Group: true, Numeric: true}}
	head2 := []HeadCell{{Text: "Budget", Numeric: true}, {Text: actual, Numeric: true}, {Text: "Avvikelse", Numeric: true}}
	cols := []MoneyColumn{{Col: "budget", Kind: tertial.KindBudget}, {Col: "forecast", Kind: tertial.KindForecast},
		{Col: "deviation", Kind: tertial.KindDeviation, Of: []string{"budget", "forecast"}, ResultSign: true}}
	if periodCols {
		head1 = append(head1, HeadCell{Text: b.columnGroup(tertial.PeriodPeriod), ColSpan: 3, Group: true, Numeric: true})
		head2 = append(head2, HeadCell{Text: "Budget", Numeric: true}, HeadCell{Text: "Utfall", Numeric: true}, HeadCell{Text: "Avvikelse", Numeric: true})
		cols = append(cols, MoneyColumn{Col: "period_budget", Kind: tertial.KindPeriodBudget}, MoneyColumn{Col: "period_outcome", Kind: tertial.KindPeriodOutcome},
			MoneyColumn{Col: "period_deviation", Kind: tertial.KindDeviation, Of: []string{"period_budget", "period_outcome"}, ResultSign: true})
	}
	tbl := &Table{ID: b.id("namndernas budgetavvikelser"), Class: "money", Caption: BoardDeviationsTitle + ", " + string(unit),
		Head: [][]HeadCell{head1, head2}, Columns: cols}
	cell := func(col string, a *tertial.Amount) Cell {
		if a == nil {
			return Cell{Col: col, Numeric: true, Hidden: "uppgift saknas"}
		}
		return amountCell(col, *a, unit, precision)
	}
	var sum BoardDeviation
	better, worse, missing := 0, 0, 0
	for _, d := range devs {
		row := Row{ID: tbl.ID + "-" + d.Board.Unit.ID, Header: Cell{Text: d.Board.Unit.Name}, Sign: 1}
		if d.Table == nil {
			row.Header.Detail = "tabellen saknas"
		}
		row.Cells = []Cell{cell("budget", d.Budget), cell("forecast", d.Actual), cell("deviation", d.Deviation)}
		if periodCols {
			row.Cells = append(row.Cells, cell("period_budget", d.PeriodBudget), cell("period_outcome", d.PeriodActual), cell("period_deviation", d.PeriodDeviation))
		}
		tbl.Rows = append(tbl.Rows, row)
		addTo(&sum.Budget, d.Budget)
		addTo(&sum.Actual, d.Actual)
		addTo(&sum.PeriodBudget, d.PeriodBudget)
		addTo(&sum.PeriodActual, d.PeriodActual)
		switch {
		case d.Deviation == nil:
			missing++
		case *d.Deviation >= 0:
			better++
		default:
			worse++
		}
	}
	// The sum's deviation is that of the sums, as a money table's total is.
	total := Row{ID: tbl.ID + "-total", Class: "total", Header: Cell{Text: "Summa nämnder"}, Sign: 1,
		Cells: []Cell{cell("budget", sum.Budget), cell("forecast", sum.Actual), cell("deviation", diff(sum.Budget, sum.Actual))}}
	if periodCols {
		total.Cells = append(total.Cells, cell("period_budget", sum.PeriodBudget), cell("period_outcome", sum.PeriodActual), cell("period_deviation", diff(sum.PeriodBudget, sum.PeriodActual)))
	}
	tbl.Rows = append(tbl.Rows, total)
	src := ts.Ref
	for _, d := range devs {
		if d.Table != nil {
			src = "«" + d.Table.Title + "» (" + ts.Ref + ")"
			break
		}
	}
	tbl.Notes = []string{"Avvikelse är " + compute.Lower(actual) + " minus budget: positiv när nämnden redovisar ett bättre resultat än budget. " +
		"Nettokostnader visas som negativa tal. Varje nämnds belopp är summan av dess tabell " + src + " i perioden per " + sv.LongDate(b.per.Cutoff) + "."}
	sec.Blocks = append(sec.Blocks, &Paragraph{Text: deviationSentence(len(devs), better, worse, missing, actual, diff(sum.Budget, sum.Actual), unit, precision), Class: "computed-summary", Ref: "board_deviations"}, tbl)
}

// deviationSentence counts the boards whose forecast is at or above budget and below it,
// and states the boards' deviation together.
func deviationSentence(n, better, worse, missing int, actual string, dev *tertial.Amount, unit tertial.AmountUnit, precision int) string {
	var parts []string
	if better > 0 {
		parts = append(parts, compute.Number(better, false)+" "+indefinite(compute.Lower(actual))+" i nivå med eller bättre än budget")
	}
	if worse > 0 {
		parts = append(parts, compute.Number(worse, false)+" "+indefinite(compute.Lower(actual))+" sämre än budget")
	}
	s := "Av " + compute.Boards.Count(n) + " redovisar " + tertial.JoinAnd(parts) + "."
	if better == n || worse == n {
		_, rest, _ := strings.Cut(parts[0], " ")
		s = "Samtliga " + compute.Boards.Count(n) + " redovisar " + rest + "."
		if n == 1 {
			s = "Den enda nämnden redovisar " + rest + "."
		}
	}
	if len(parts) == 0 {
		s = tertial.Capitalize(compute.Boards.Count(n)) + " ingår."
	}
	if missing == 1 {
		s += " En saknar budget eller " + compute.Lower(actual) + "."
	} else if missing > 1 {
		s += " " + tertial.Capitalize(compute.Number(missing, false)) + " saknar budget eller " + compute.Lower(actual) + "."
	}
	if dev != nil {
		s += " Sammantaget är avvikelsen " + sv.WithUnit(sv.Amount(*dev, unit, precision), string(unit)) + "."
	}
	return s
}

// boardReports adds a board_reports section's content to sec: each board's own report of
// its period, built from its own template, as a chapter headed by the board's name, with
// the report's title under it and its sections a level down. Anchors get the board's ID
// as prefix, so that they stay unique in the document; the board's table of contents is
// left out (the report's own lists the chapters).
func (b *builder) boardReports(sec *Section, ts tertial.Section) {
	if b.nested {
		sec.Blocks = append(sec.Blocks, &Paragraph{Text: "Nämndernas rapporter ingår inte i en rapport som själv ingår i en annan."})
		return
	}
	boards := b.ds.ConsolidatedBoards(b.unit.ID, b.per, ts.Owners)
	if len(boards) == 0 {
		sec.Blocks = append(sec.Blocks, b.noBoards())
		return
	}
	for _, bp := range boards {
		ch := b.child(bp.Unit.Name, sec)
		doc, err := build(b.ds, bp.Unit.ID, bp.Period.ID, true)
		if err != nil {
			ch.Blocks = append(ch.Blocks, &Notice{Text: bp.Unit.Name + ": " + err.Error()})
			continue
		}
		ch.Blocks = append(ch.Blocks, &Paragraph{Text: doc.Title, Class: "board-report"})
		prefix := "namnd-" + bp.Unit.ID + "-"
		shift := ch.Level - 1 // the board's top sections (h2) go under the chapter
		for _, s := range doc.Sections {
			if onlyTOC(s) {
				continue
			}
			relevel(s, shift, prefix)
			ch.Sections = append(ch.Sections, s)
			ch.Blocks = append(ch.Blocks, s)
		}
	}
}

// onlyTOC reports whether a section holds nothing but a table of contents.
func onlyTOC(s *Section) bool {
	return len(s.Blocks) > 0 && !slices.ContainsFunc(s.Blocks, func(b Block) bool { _, ok := b.(*TOC); return !ok })
}

// relevel moves a section of an included report shift heading levels down (at most to
// level 6) and prefixes its anchors, its tables' and rows' IDs and its charts' IDs; its
// tables of contents are dropped.
func relevel(s *Section, shift int, prefix string) {
	s.Level = min(s.Level+shift, 6)
	s.ID = prefix + s.ID
	blocks := s.Blocks[:0]
	for _, blk := range s.Blocks {
		switch x := blk.(type) {
		case *TOC:
			continue
		case *Section:
			relevel(x, shift, prefix)
		case *Markdown:
			x.HeadingLevel = min(x.HeadingLevel+shift, 6)
		case *Table:
			retable(x, prefix)
		case *Chart:
			x.ID = prefix + x.ID
			if x.Table != nil {
				retable(x.Table, prefix)
			}
		}
		blocks = append(blocks, blk)
	}
	s.Blocks = blocks
}

func retable(t *Table, prefix string) {
	t.ID = prefix + t.ID
	for i := range t.Rows {
		if t.Rows[i].ID != "" {
			t.Rows[i].ID = prefix + t.Rows[i].ID
		}
	}
}

// consolidation checks a consolidating section of the template (where names it): that
// some board has a period of the report's date, that every board contributing to a
// council goal has an assessment of it (a warning of kind FindBoardAssessment per board
// and goal: the board decides its own report), and that every board's period has the
// money table a board_deviations section names.
func (c *checker) consolidation(where string, s tertial.Section) {
	boards := c.ds.ConsolidatedBoards(c.per.Unit, c.per, s.Owners)
	if len(boards) == 0 {
		c.add(where, "har inga nämnder att sammanställa: ingen nämnd har en period av samma slag per %s", sv.LongDate(c.per.Cutoff))
		return
	}
	switch s.Kind {
	case tertial.SectionCouncilGoals:
		goals := CouncilGoals(c.ds, c.per.Unit, c.per, s)
		if len(goals) == 0 {
			c.add(where, "visar inga fullmäktigemål: inget mål har de nivåer, målområden, dimensioner eller taggar avsnittet väljer")
		}
		for _, cg := range goals {
			for _, ba := range cg.Boards {
				if ba.Assessment != tertial.AssessNone || ba.Mixed {
					continue
				}
				text := ba.Board.Unit.Name + " saknar bedömning av målet " + quoted(cg.Goal.Title) + " i perioden " + quoted(ba.Board.Period.Title) +
					": varken en egen uppföljning av målet eller nämndens mål under det har någon bedömning"
				c.addAs(FindBoardAssessment, Item{Kind: ItemGoal, ID: cg.Goal.ID}, text,
					fmt.Sprintf("mål %s (%s), nämnd %s period %s", cg.Goal.ID, cg.Goal.Title, ba.Board.Unit.ID, ba.Board.Period.ID), "saknar nämndens bedömning")
			}
		}
	case tertial.SectionBoardDeviations:
		for _, d := range BoardDeviations(c.ds, c.per.Unit, c.per, s) {
			switch {
			case d.Table == nil:
				c.add(where, "%s har ingen pengatabell %q i perioden %s, så nämnden saknas i summan", d.Board.Unit.Name, s.Ref, quoted(d.Board.Period.Title))
			case d.Budget == nil || d.Actual == nil:
				c.add(where, "tabellen %q hos %s har ingen budget och prognos (eller utfall) för helåret att jämföra, så nämnden saknas i avvikelsen", s.Ref, d.Board.Unit.Name)
			}
		}
	}
}

// shownByConsolidation drops the findings of hidden content (FindHidden) that the
// template's consolidating sections show after all: the council goals a council_goals
// section lists, and, with a board_reports section, the goals, indicators, assignments and
// internal control of the boards it includes (and the units below them), which their own
// reports show (their own periods' checks say whether they do).
func (c *checker) shownByConsolidation(t *tertial.Template) {
	councilGoals := map[string]bool{}
	var boards []*tertial.Scope
	var walk func(ss []tertial.Section)
	walk = func(ss []tertial.Section) {
		for _, s := range ss {
			switch s.Kind {
			case tertial.SectionCouncilGoals:
				for _, cg := range CouncilGoals(c.ds, c.per.Unit, c.per, s) {
					councilGoals[cg.Goal.ID] = true
				}
			case tertial.SectionBoardReports:
				for _, bp := range c.ds.ConsolidatedBoards(c.per.Unit, c.per, s.Owners) {
					boards = append(boards, tertial.NewPeriodScope(c.ds, bp.Unit, bp.Period.Year()))
				}
			}
			walk(s.Sections)
		}
	}
	walk(t.Sections)
	if len(councilGoals) == 0 && len(boards) == 0 {
		return
	}
	inBoard := func(unit string) bool {
		return slices.ContainsFunc(boards, func(s *tertial.Scope) bool { return unit != "" && s.Includes(unit) })
	}
	shown := func(it Item) bool {
		switch it.Kind {
		case ItemGoal:
			g := c.ds.Goal(it.ID)
			return g != nil && (councilGoals[g.ID] || inBoard(g.Unit))
		case ItemIndicator:
			ind := c.ds.Indicator(it.ID)
			if ind == nil {
				return false
			}
			unit := ind.Owner
			if g := c.ds.Goal(ind.Goal); unit == "" && g != nil {
				unit = g.Unit
			}
			return inBoard(unit)
		case ItemAssignment:
			a := c.ds.Assignment(it.ID)
			return a != nil && inBoard(c.ds.AssignmentUnit(a))
		}
		return false
	}
	// Internal control is named by where alone, as hidden() names it.
	controls := map[string]bool{}
	for _, r := range c.ds.Risks {
		if inBoard(r.Unit) {
			for _, a := range r.Actions {
				controls[named("riskreducerande åtgärd", a.ID, excerpt(a.Action))] = true
			}
		}
	}
	for _, a := range c.ds.Audits {
		if inBoard(a.Unit) {
			controls[named("åtgärd efter granskning", a.ID, a.Title)] = true
		}
	}
	for _, k := range c.ds.Controls {
		if inBoard(k.Unit) {
			controls[named("systematisk kontroll", k.ID, excerpt(k.Control))] = true
		}
	}
	c.findings = slices.DeleteFunc(c.findings, func(f Finding) bool {
		return f.Kind == FindHidden && (shown(f.Item) || (f.Item == Item{} && controls[f.Where]))
	})
}

// indefinite is a noun with its indefinite article: "en prognos", "ett utfall" (utfall is
// neuter).
func indefinite(noun string) string {
	if noun == "utfall" {
		return "ett " + noun
	}
	return "en " + noun
}
