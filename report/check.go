package report

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/compute"
	"github.com/tertial/tertial/sv"
)

// Finding is something a controller must fix, or confirm, before a report is published.
type Finding struct {
	Where string // what it concerns: "indikator arbetsplatskvot (Arbetsplatskvot)"
	What  string // what is wrong, in Swedish
	// Kind says what sort of finding it is, and so its severity (Severities).
	Kind FindingKind
	// Item is the item it concerns, for a link to its form; zero for the report as a whole.
	Item Item
	// Text is the finding as one sentence in the municipality's words, naming items by
	// their titles: "Målet «Skattemedlen används effektivt» saknar bedömning (…)".
	Text string
}

func (f Finding) String() string { return f.Where + ": " + f.What }

// Words is the finding as a sentence for people: Text, or "Where: What" for a finding
// about the report's form.
func (f Finding) Words() string { return f.words() }

// Check lists what is missing from a unit's period before its report can go to the board:
// indicators without a value for the year and no note saying why, targets that cannot be
// evaluated, the unit's goals without analysis or assessment, assignments and internal-
// control items without status or comment, money-table rows without forecast, a follow-
// up's budget that differs from the frame of its unit's decided plan of the year, template
// sections that would be empty, ledger accounts that no rule of a money table's account
// mapping maps to a row, content that no section of the template shows, tables too wide
// for an A4 page in the PDF, sums over a column where some rows are empty, and stage
// targets whose form can never be assessed. It returns ENOTFOUND for an unknown unit or
// period.
func Check(ds *tertial.Dataset, unitID, periodID string) ([]Finding, error) {
	unit := ds.Unit(unitID)
	if unit == nil {
		return nil, tertial.Errorf(tertial.ENOTFOUND, "det finns ingen enhet %q", unitID)
	}
	per := ds.Period(unitID, periodID)
	if per == nil {
		return nil, tertial.Errorf(tertial.ENOTFOUND, "%s har ingen period %q", unit.Name, periodID)
	}
	per, unmapped := tertial.ApplyLedger(per, ds.Ledger)
	c := &checker{ds: ds, per: per, scope: tertial.NewPeriodScope(ds, unit, per.Year()), year: per.Year(), w: Words(ds, per)}
	c.goals()
	c.internalControl()
	c.moneyTables()
	c.budgetFrames()
	c.ledgerCharts()
	c.ledgerBalances()
	c.statements()
	c.consolidated()
	for _, u := range unmapped {
		title := u.Table
		for i := range per.MoneyTables {
			if per.MoneyTables[i].ID == u.Table {
				title = per.MoneyTables[i].Title
			}
		}
		c.cur = subject{FindUnmapped, Item{Kind: ItemMoneyTable, ID: u.Table}, "Tabellen " + quoted(title) + ", konto " + u.Account + ","}
		c.add(fmt.Sprintf("tabell %s, konto %s", u.Table, u.Account),
			"%s kr bokfört under perioden (debet positivt) mappas inte till någon rad: lägg till kontot i tabellens kontomappning",
			sv.Amount(tertial.Amount(u.Amount), tertial.Kr, 2))
		c.cur = subject{}
	}
	if t := ds.Template(per.Template); t == nil {
		c.add("perioden "+per.ID, "har ingen rapportmall")
	} else {
		c.sections("mall "+t.ID, t.Sections)
		c.hidden(t)
		c.shownByConsolidation(t)
		if doc, err := Build(ds, unitID, periodID); err == nil {
			c.tableWidths(doc)
		}
	}
	c.halfEmptySums()
	return c.findings, nil
}

type checker struct {
	ds       *tertial.Dataset
	per      *tertial.Period
	scope    *tertial.Scope
	year     int
	w        Vocab // the municipality's words, as the report says them
	findings []Finding
	cur      subject // what the findings being added concern
}

// subject is what the findings added next concern: their kind, item and the words that
// name the item at the start of a sentence ("Målet «…»").
type subject struct {
	kind  FindingKind
	item  Item
	words string
}

// on sets what the findings added while f runs concern.
func (c *checker) on(kind FindingKind, item Item, words string, f func()) {
	prev := c.cur
	c.cur = subject{kind, item, words}
	f()
	c.cur = prev
}

// verbs start a finding's message that reads on from its subject without a colon.
var verbs = map[string]bool{"saknar": true, "har": true, "visas": true, "skulle": true, "periodiseras": true, "är": true, "ritar": true}

// assignment names an assignment in the municipality's word: "uppdrag x (titel)".
func (c *checker) assignment(a *tertial.Assignment) string {
	return named(compute.Lower(c.w.Of(tertial.TermAssignment)), a.ID, a.Title)
}

// levelNames lists the goal scale's levels for a message. The default scale's message
// names its three levels of a goal that can be assessed, as it always has; a scale of the
// municipality's own is listed whole: "helt uppfyllt, delvis uppfyllt eller inte
// uppfyllt".
func (c *checker) levelNames() string {
	levels, own := c.ds.Municipality.Scales[tertial.ScaleGoals]
	if !own {
		return "uppnås, uppnås delvis eller uppnås ej"
	}
	names := make([]string, len(levels))
	for i, l := range levels {
		names[i] = compute.Lower(l.Name)
	}
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " eller " + names[len(names)-1]
}

func (c *checker) add(where, format string, args ...any) {
	f := Finding{Where: where, What: fmt.Sprintf(format, args...), Kind: FindLayout}
	if c.cur.kind != "" {
		f.Kind, f.Item = c.cur.kind, c.cur.item
	}
	if c.cur.words != "" {
		first, _, _ := strings.Cut(f.What, " ")
		if verbs[first] || strings.HasSuffix(c.cur.words, ":") || strings.HasSuffix(c.cur.words, ",") {
			f.Text = sentence(c.cur.words, f.What)
		} else {
			f.Text = sentence(c.cur.words+":", f.What)
		}
	}
	c.findings = append(c.findings, f)
}

// addAs adds a finding of the kind about the item, with its own sentence.
func (c *checker) addAs(kind FindingKind, item Item, text, where, format string, args ...any) {
	c.findings = append(c.findings, Finding{Where: where, What: fmt.Sprintf(format, args...), Kind: kind, Item: item, Text: text})
}

// goals checks the goal tree in report order: each goal, then its indicators and
// assignments, then the goals below it.
func (c *checker) goals() {
	var walk func(parent string)
	walk = func(parent string) {
		for _, g := range c.scope.Children(parent) {
			where := fmt.Sprintf("mål %s (%s)", g.ID, g.Title)
			if c.scope.OwnsGoal(g) {
				f := GoalFollowup(g, c.per)
				item := Item{Kind: ItemGoal, ID: g.ID}
				subj := theWord(c.w.Of(tertial.TermGoal)) + " " + quoted(g.Title)
				say := func(kind FindingKind, what string) {
					c.addAs(kind, item, sentence(subj, what), where, "%s", what)
				}
				switch {
				case f == nil:
					say(FindGoalAssessment, "saknar analys och bedömning för perioden")
				case strings.TrimSpace(f.Analysis) == "" && f.Assessment == tertial.AssessNone:
					say(FindGoalAssessment, "saknar analys och bedömning")
				case strings.TrimSpace(f.Analysis) == "":
					say(FindGoalAnalysis, "saknar analys")
				case f.Assessment == tertial.AssessNone:
					say(FindGoalAssessment, "saknar bedömning ("+c.levelNames()+")")
				}
			}
			for _, ind := range c.scope.Indicators(g.ID) {
				c.indicator(ind)
			}
			for _, a := range c.scope.Assignments(g.ID) {
				f := StatusFollowup(a.Followups, c.ds.AssignmentUnit(a), c.per)
				c.on(FindStatus, Item{Kind: ItemAssignment, ID: a.ID}, theWord(c.w.Of(tertial.TermAssignment))+" "+quoted(a.Title), func() {
					c.status(c.assignment(a), f)
					c.cur.kind = FindDue
					c.due(a, f)
				})
			}
			walk(g.ID)
		}
	}
	walk("")
}

// due names an assignment whose day to be done (klart senast) is at or before the
// period's cut-off while the period's status says it is not done (nor cancelled).
func (c *checker) due(a *tertial.Assignment, f *tertial.StatusFollowup) {
	if a.Due.IsZero() || a.Due.After(c.per.Cutoff) {
		return
	}
	if f != nil && (f.Status == tertial.StatusDone || f.Status == tertial.StatusCancelled) {
		return
	}
	c.add(c.assignment(a), "skulle vara klart senast %s men har inte status klart: ange status och skriv i kommentaren varför", sv.Date(a.Due))
}

func (c *checker) indicator(ind *tertial.Indicator) {
	where := fmt.Sprintf("indikator %s (%s)", ind.ID, ind.Name)
	y := strconv.Itoa(c.year)
	v := ind.ValueFor(c.year)
	explained := ind.Note != "" || (v != nil && (v.Note != "" || v.Missing == tertial.MissingNotMeasured))
	item := Item{Kind: ItemIndicator, ID: ind.ID, Year: c.year}
	subj := theWord(c.w.Of(tertial.TermIndicator)) + " " + quoted(ind.Name)
	if (v == nil || v.Value == nil) && !explained {
		c.addAs(FindIndicatorValue, item, sentence(subj, "saknar värde för "+y+" och en anteckning om varför"), where, "inget värde för %s och ingen anteckning om varför", y)
	}
	prev := c.cur
	c.cur = subject{FindTarget, item, subj}
	defer func() { c.cur = prev }()
	t := ind.TargetFor(c.year)
	if c.targetForm(where, ind, t) {
		return
	}
	a := Assess(c.ds, ind, c.year)
	switch {
	case t.IsZero() && a.HasResult():
		c.add(where, "har ett värde för %s men inget etappmål att bedöma det mot", y)
	case t.Relative() && a.Result == compute.NotAssessed && c.ds.Kolada.Comparison(ind, c.ds.Municipality.Code, c.year) == nil:
		c.add(where, "etappmålet %q kan inte bedömas utan jämförelsedata för länet eller riket", t.String())
	case t.Relative() && !(a.HasResult() && a.Result == compute.NotAssessed):
		// Assessed with Kolada's data, or without a value (reported above).
	case a.HasResult() && a.Result == compute.NotAssessed:
		c.add(where, "etappmålet %q kan inte bedömas: %s", t.String(), a.Reason)
	}
}

func (c *checker) status(where string, f *tertial.StatusFollowup) {
	prev := c.cur
	defer func() { c.cur = prev }()
	switch {
	case f == nil || (f.Status == tertial.StatusNone && strings.TrimSpace(f.Comment) == ""):
		c.cur.kind = FindStatus
		c.add(where, "saknar status och kommentar för perioden")
	case f.Status == tertial.StatusNone:
		c.cur.kind = FindStatus
		c.add(where, "saknar status")
	case strings.TrimSpace(f.Comment) == "":
		c.cur.kind = FindComment
		c.add(where, "saknar kommentar")
	}
}

func (c *checker) internalControl() {
	for _, r := range c.ds.Risks {
		if c.scope.Includes(r.Unit) {
			for _, a := range r.Actions {
				c.on(FindStatus, Item{Kind: ItemControl, ID: a.ID}, "Den riskreducerande åtgärden "+quoted(excerpt(a.Action)), func() {
					c.status(fmt.Sprintf("riskreducerande åtgärd %s", a.ID), StatusFollowup(a.Followups, r.Unit, c.per))
				})
			}
		}
	}
	for _, a := range c.ds.Audits {
		if c.scope.Includes(a.Unit) {
			c.on(FindStatus, Item{Kind: ItemControl, ID: a.ID}, "Åtgärden efter granskning "+quoted(a.Title), func() {
				c.status(fmt.Sprintf("åtgärd efter granskning %s (%s)", a.ID, a.Title), StatusFollowup(a.Followups, a.Unit, c.per))
			})
		}
	}
	for _, k := range c.ds.Controls {
		if c.scope.Includes(k.Unit) {
			c.on(FindStatus, Item{Kind: ItemControl, ID: k.ID}, "Den systematiska kontrollen "+quoted(excerpt(k.Control)), func() {
				c.status(fmt.Sprintf("systematisk kontroll %s", k.ID), StatusFollowup(k.Followups, k.Unit, c.per))
			})
		}
	}
}

func (c *checker) moneyTables() {
	for i := range c.per.MoneyTables {
		t := &c.per.MoneyTables[i]
		prev := c.cur
		c.cur = subject{FindLayout, Item{Kind: ItemMoneyTable, ID: t.ID}, "Tabellen " + quoted(t.Title)}
		if prior := c.year - 1; t.Periodisation == tertial.PeriodisePriorYear && !c.per.LedgerOf(c.ds.Ledger).HasOutcome(c.per.Unit, prior*100+12, prior*100+12) {
			c.add("tabell "+t.ID, "periodiseras efter fjolårets månadsprofil, men bokföringen för %d är inte inläst hel (december saknas), så budgeten fördelas jämnt: läs in fjolårets SIE-fil med tertial import sie FIL --unit %s --year %d",
				prior, c.per.Unit, prior)
		}
		if len(t.Rules()) > 0 && len(t.LedgerFilled()) == 0 {
			c.add(named("tabell", t.ID, t.Title), "har en kontomappning, men ingen av tabellens kolumner fylls från bokföringen: bokföringen fyller kolumner av slagen outcome, period_outcome, prior_outcome, budget, period_budget, income och cost; lägg till en sådan kolumn eller ta bort mappningen")
		}
		c.columnPeriods(t)
		c.cur = prev
		forecast, ok := t.ColumnOf(tertial.KindForecast, "")
		if !ok {
			continue
		}
		var walk func(rows []tertial.MoneyRow)
		walk = func(rows []tertial.MoneyRow) {
			for _, r := range rows {
				if r.Group {
					walk(r.Rows)
					continue
				}
				if _, ok := r.Amounts[forecast]; !ok {
					fc := compute.Lower(c.w.Of(tertial.TermForecast))
					c.addAs(FindForecast, Item{Kind: ItemMoneyRow, ID: r.ID, Table: t.ID},
						sentence("raden "+quoted(r.Label)+" i tabellen "+quoted(t.Title), "saknar "+fc),
						fmt.Sprintf("tabell %s, rad %s (%s)", t.ID, r.ID, r.Label), "saknar %s", fc)
				}
			}
		}
		walk(t.Rows)
	}
}

// budgetFrames warns, for a follow-up, about each row whose budget for the whole year
// differs from the frame of the unit's decided plan of the year (tertial.BudgetFrames):
// the follow-up measures against the budget the board decided. A row the plan gives a
// frame and the follow-up no budget is named too. Like every finding it does not stop
// the report: a frame may have been changed by a later decision.
func (c *checker) budgetFrames() {
	plan, frames := c.ds.BudgetFrames(c.per)
	if plan == nil {
		return
	}
	source := FrameSource(plan)
	for i := range c.per.MoneyTables {
		t := &c.per.MoneyTables[i]
		byRow := frames[t.ID]
		cols := t.FrameColumns()
		if len(byRow) == 0 || len(cols) == 0 {
			continue
		}
		shown := compute.MoneyTable(t)
		money := func(row *compute.MoneyRow, a tertial.Amount) string {
			return sv.WithUnit(sv.Amount(row.Shown(a), t.Unit, t.Precision), string(t.Unit))
		}
		for _, r := range t.Leaves() {
			frame, ok := byRow[r.ID]
			if !ok {
				continue
			}
			row, found := compute.FindRow(shown, r.ID)
			if !found {
				continue
			}
			where := fmt.Sprintf("tabell %s, rad %s (%s)", t.ID, r.ID, r.Label)
			budget, has := r.Amounts[cols[0]]
			prev := c.cur
			c.cur = subject{FindBudgetFrame, Item{Kind: ItemMoneyRow, ID: r.ID, Table: t.ID}, "Tabellen " + quoted(t.Title)}
			switch {
			case !has:
				c.add(where, "Budgeten för «%s» saknas men ramen i %s är %s", r.Label, source, money(&row, frame))
			case budget != frame:
				c.add(where, "Budgeten för «%s» är %s men ramen i %s är %s", r.Label, money(&row, budget), source, money(&row, frame))
			}
			c.cur = prev
		}
	}
}

// FrameSource names a decided plan as the source of a budget frame: "«Mål och budget
// 2026» (beslut 2025-11-20 § 112)".
func FrameSource(plan *tertial.Period) string {
	var decision []string
	if !plan.DecisionDate.IsZero() {
		decision = append(decision, sv.Date(plan.DecisionDate))
	}
	if plan.DecisionParagraph != "" {
		decision = append(decision, plan.DecisionParagraph)
	}
	s := "«" + plan.Title + "»"
	if len(decision) > 0 {
		s += " (beslut " + strings.Join(decision, " ") + ")"
	}
	return s
}

// columnPeriods warns about a declared deviation between columns of different periods (a
// budget for the whole year against the outcome of the months so far), which is no
// deviation from budget. What remains and a share may compare them: the year's budget
// less, or used by, the outcome so far. Every operand of a money table's computed column
// is an amount in the table's unit (the rule set refuses a share as an operand), so no
// figure can mix units.
func (c *checker) columnPeriods(t *tertial.MoneyTable) {
	if len(t.Declared) == 0 {
		return
	}
	layout := t.Layout()
	byID := map[tertial.MoneyColumn]tertial.MoneyColumnDef{}
	for _, d := range layout {
		byID[d.ID] = d
	}
	for _, d := range layout {
		if d.Kind != tertial.KindDeviation || len(d.Of) != 2 {
			continue
		}
		a, b := byID[d.Of[0]], byID[d.Of[1]]
		if a.Period != b.Period {
			c.add(fmt.Sprintf("%s, kolumn %s (%s)", named("tabell", t.ID, t.Title), d.ID, d.Heading),
				"avvikelsen jämför %s (%s) med %s (%s), som gäller olika perioder; jämför kolumner för samma period, eller använd slaget remaining (Återstår) för vad som återstår av budgeten",
				a.ID, periodWords[a.Period], b.ID, periodWords[b.Period])
		}
	}
}

// periodWords name the column periods in check's findings.
var periodWords = map[tertial.ColumnPeriod]string{
	tertial.PeriodYear: "helår", tertial.PeriodPeriod: "perioden", tertial.PeriodPriorPeriod: "perioden föregående år",
	tertial.PeriodPriorYear: "föregående år", tertial.PeriodAccumulated: "sedan start",
}

// ledgerCharts warns about the unit's imports of this year and the one before whose SIE
// file declares a chart of accounts (#KPTYP) other than Kommun-Bas: the default account
// mapping reads the accounts by Kommun-Bas, and a company's BAS chart means other things
// by the same numbers. A locked period's imports are those of the ledger it was locked
// with (Period.LedgerOf).
func (c *checker) ledgerCharts() {
	l := c.per.LedgerOf(c.ds.Ledger)
	if l == nil {
		return
	}
	if u := c.ds.Unit(c.per.Unit); u != nil && u.Kind == tertial.UnitCompany {
		return // a company keeps the BAS chart, read through DefaultCompanyLayout
	}
	for _, ch := range l.Charts {
		if ch.Unit != c.per.Unit || (ch.Year != c.year && ch.Year != c.year-1) || ch.Chart == "" || tertial.IsKommunBasChart(ch.Chart) {
			continue
		}
		c.add(fmt.Sprintf("bokföringen %s %d", ch.Source, ch.Year),
			"är inläst från en SIE-fil med kontoplanen %s (#KPTYP), inte Kommun-Bas: kontrollera att kontomappningen passar kontoplanen, eller läs in en fil i Kommun-Bas", ch.Chart)
	}
}

// missingKeyFigureYears are the years of the five-year overview (the period's year and
// the four before it) for which the municipality has entered no key figures.
func (c *checker) missingKeyFigureYears() []string {
	var out []string
	for y := c.year - 4; y <= c.year; y++ {
		if c.ds.Economy.KeyFiguresOf(y) == nil {
			out = append(out, strconv.Itoa(y))
		}
	}
	return out
}

// sections checks that every template section has something to show.
func (c *checker) sections(where string, ss []tertial.Section) {
	for _, s := range ss {
		w := where + ", avsnitt " + string(s.Kind)
		if s.Title != "" {
			w += " «" + s.Title + "»"
		}
		prev := c.cur
		c.cur = subject{FindLayout, Item{}, c.sectionWords(s) + ":"}
		switch s.Kind {
		case tertial.SectionText:
			for _, t := range c.per.Texts {
				if t.ID == s.Ref {
					if strings.TrimSpace(t.Body) == "" {
						title := t.Title
						if title == "" {
							title = s.Title
						}
						if title == "" {
							title = t.ID
						}
						c.addAs(FindEmptyText, Item{Kind: ItemText, ID: t.ID}, "Texten "+quoted(title)+" är tom", w, "texten %q är tom", s.Ref)
					}
				}
			}
			if msg := s.RefMissing(c.per); msg != "" {
				c.add(w, "%s", msg)
			}
		case tertial.SectionMoneyTable, tertial.SectionNetCostTrend, tertial.SectionMoneyChart:
			for i := range c.per.MoneyTables {
				t := &c.per.MoneyTables[i]
				if t.ID != s.Ref {
					continue
				}
				if len(t.Rows) == 0 {
					c.add(w, "tabellen %q har inga rader", s.Ref)
				}
				if _, ok := MoneyChartPair(t); s.Kind == tertial.SectionMoneyChart && !ok {
					c.add(w, "ritar inget diagram: %s", strings.TrimPrefix(noChartPair(t), "Tabellen "+t.ID+" "))
				}
				if cur, prior := compute.TrendColumns(t); s.Kind == tertial.SectionNetCostTrend && cur == nil && prior == nil {
					c.add(w, "visar bara tidigare års utfall (history): tabellen %q har ingen kolumn med periodens eller fjolårets utfall eller netto (slagen outcome, period_outcome, prior_outcome eller net för perioden eller samma period föregående år)", s.Ref)
				}
			}
			if msg := s.RefMissing(c.per); msg != "" {
				c.add(w, "%s", msg)
			}
		case tertial.SectionFreeTable:
			for _, t := range c.per.FreeTables {
				if t.ID == s.Ref {
					if len(t.Rows) == 0 {
						c.add(w, "tabellen %q har inga rader (bekräfta att det är avsikten)", s.Ref)
					}
				}
			}
			if msg := s.RefMissing(c.per); msg != "" {
				c.add(w, "%s", msg)
			}
		case tertial.SectionGoals:
			if len(c.scope.Children("")) == 0 {
				c.add(w, "enheten har inga mål att visa")
			} else if !c.sectionShowsGoal(s, "") {
				c.add(w, "avsnittet visar inga av enhetens mål: inget mål har de nivåer, målområden, dimensioner, ägare eller taggar det väljer (levels, areas, dimensions, owners, tags)")
			}
		case tertial.SectionAssignments:
			if len(SectionAssignments(c.ds, c.scope, s)) == 0 {
				c.add(w, "avsnittet visar inga uppdrag: enheten har inga uppdrag under de mål det väljer")
			}
		case tertial.SectionKeyFigures:
			if len(KeyFigureIndicators(c.scope, s, c.ds)) == 0 {
				c.add(w, "avsnittet visar inga nyckeltal: enheten har inga indikatorer under de mål det väljer")
			}
		case tertial.SectionCouncilGoals, tertial.SectionBoardDeviations, tertial.SectionBoardReports:
			c.consolidation(w, s)
		case tertial.SectionFinancialGoals:
			if len(c.ds.Economy.FinancialGoals) == 0 {
				c.add(w, "kommunen har inga finansiella mål att bedöma: lägg in dem under Ekonomi i årsredovisningen (economy.financial_goals)")
			}
		case tertial.SectionFiveYear:
			if missing := c.missingKeyFigureYears(); len(missing) > 0 {
				c.add(w, "saknar nyckeltal (invånare, skattesats, anställda, pensionsåtagande, låneskuld) för %s: de står som saknas; lägg in dem under Ekonomi i årsredovisningen (economy.key_figures)", strings.Join(missing, ", "))
			}
		case tertial.SectionVision:
			if c.ds.Municipality.Vision == nil {
				c.add(w, "kommunen har ingen vision att visa (municipality.vision)")
			}
		case tertial.SectionCover:
			if slices.Contains(s.Fields, tertial.CoverStatus) && c.per.Status == "" {
				c.add(w, "försättsbladet visar status, men perioden har ingen (status)")
			}
		case tertial.SectionAssessments:
			if len(c.per.Assessments) == 0 {
				c.add(w, "perioden har inga samlade bedömningar")
			}
		case tertial.SectionAttachments:
			if len(c.per.Attachments) == 0 && len(s.Sections) == 0 {
				c.add(w, "perioden har inga bilagor")
			}
		case tertial.SectionRisks, tertial.SectionAudits, tertial.SectionControls:
			if !c.hasControl(s.Kind) {
				c.add(w, "enheten har inga sådana poster i den interna kontrollen")
			}
		}
		c.cur = prev
		c.sections(where, s.Sections)
	}
}

// sectionKinds name the kinds of template section in words.
var sectionKinds = map[tertial.SectionKind]string{
	tertial.SectionCover: "försättsblad", tertial.SectionTOC: "innehållsförteckning", tertial.SectionSummary: "sammanfattning",
	tertial.SectionAssessments: "samlad bedömning", tertial.SectionGoals: "mål", tertial.SectionHeading: "rubrik",
	tertial.SectionText: "text", tertial.SectionMoneyTable: "ekonomisk tabell", tertial.SectionFreeTable: "tabell",
	tertial.SectionNetCostTrend: "nettokostnadsutveckling", tertial.SectionRisks: "riskreducerande åtgärder",
	tertial.SectionAudits: "åtgärder efter granskning", tertial.SectionControls: "systematiska kontroller",
	tertial.SectionAttachments: "bilagor", tertial.SectionIndicatorCharts: "indikatordiagram",
	tertial.SectionMoneyChart: "diagram", tertial.SectionAssignments: "uppdrag", tertial.SectionVision: "vision",
	tertial.SectionKeyFigures: "nyckeltal", tertial.SectionCouncilGoals: "fullmäktiges mål i nämnderna",
	tertial.SectionBoardDeviations: "nämndernas budgetavvikelser", tertial.SectionBoardReports: "nämndernas rapporter",
	tertial.SectionStatement: "räkenskap", tertial.SectionStatementNotes: "noter", tertial.SectionBalanceRequirement: "balanskravsutredning",
	tertial.SectionFinancialGoals: "finansiella mål", tertial.SectionFiveYear: "femårsöversikt",
	tertial.SectionNetCostReconciliation: "avstämning av nettokostnader",
	tertial.SectionConsolidatedStatement: "sammanställd räkenskap",
}

// sectionWords names a template section for a sentence: "Avsnittet «Ekonomi» (tabell) i
// mallen «Delårsrapport»". A section without a title is named by what it shows: a table's
// or text's title.
func (c *checker) sectionWords(s tertial.Section) string {
	title := s.Title
	if title == "" && s.Ref != "" {
		title = s.Ref
		for _, t := range c.per.Texts {
			if t.ID == s.Ref && t.Title != "" {
				title = t.Title
			}
		}
		for _, t := range c.per.MoneyTables {
			if t.ID == s.Ref && t.Title != "" {
				title = t.Title
			}
		}
		for _, t := range c.per.FreeTables {
			if t.ID == s.Ref && t.Title != "" {
				title = t.Title
			}
		}
	}
	kind := sectionKinds[s.Kind]
	if kind == "" {
		kind = string(s.Kind)
	}
	out := "Avsnittet"
	if title != "" {
		out += " " + quoted(title) + " (" + kind + ")"
	} else {
		out += " " + kind
	}
	if t := c.ds.Template(c.per.Template); t != nil {
		name := t.Name
		if name == "" {
			name = t.ID
		}
		out += " i mallen " + quoted(name)
	}
	return out
}

func (c *checker) hasControl(k tertial.SectionKind) bool {
	switch k {
	case tertial.SectionRisks:
		for _, r := range c.ds.Risks {
			if c.scope.Includes(r.Unit) && len(r.Actions) > 0 {
				return true
			}
		}
	case tertial.SectionAudits:
		for _, a := range c.ds.Audits {
			if c.scope.Includes(a.Unit) {
				return true
			}
		}
	case tertial.SectionControls:
		for _, x := range c.ds.Controls {
			if c.scope.Includes(x.Unit) {
				return true
			}
		}
	}
	return false
}

// targetForm reports a stage target whose form can never be assessed, whatever values
// are entered later, and returns whether it did: a number in another unit than the
// indicator's (Assess compares the bare numbers; a change in "%" is in percent of the base
// value and fits any indicator, one in percentage points fits an indicator in %), a change
// from a base year's value when that year is marked as not measured, a target pooled over
// years one of which is marked as not measured, and a target relative to other municipalities on
// an indicator without a Kolada KPI to fetch the comparison from.
func (c *checker) targetForm(where string, ind *tertial.Indicator, t tertial.Target) bool {
	switch {
	case t.IsZero():
		return false
	case t.Relative() && ind.KoladaKPI == "":
		c.add(where, "etappmålet %q kan inte bedömas: indikatorn har ingen Kolada-KPI att hämta länets eller rikets värden från; ange indikatorns KPI (kolada) eller skriv etappmålet som ett tal", t.String())
		return true
	case t.Relative():
		return false
	case t.Unit == tertial.PointsUnit && ind.Unit != "" && !sameUnit(ind.Unit, "%"):
		c.add(where, "etappmålet %q är i procentenheter men indikatorn mäts i %q, så värdet kan inte jämföras med målet: skriv förändringen i indikatorns enhet eller i %% av basårets värde", t.String(), ind.Unit)
		return true
	case t.Unit != "" && t.Unit != tertial.PointsUnit && !t.RelativeChange() && ind.Unit != "" && !sameUnit(t.Unit, ind.Unit):
		c.add(where, "etappmålet %q har enheten %q men indikatorn mäts i %q, så värdet kan inte jämföras med målet: skriv etappmålet i indikatorns enhet", t.String(), t.Unit, ind.Unit)
		return true
	case t.Pooled():
		for y := t.From; y <= min(c.year, t.To); y++ {
			if v := ind.ValueFor(y); v != nil && v.Missing == tertial.MissingNotMeasured {
				c.add(where, "etappmålet %q väger samman %s, men %d mäts inte, så målet kan aldrig bedömas: ange täljare och nämnare för %d, eller skriv etappmålet för ett år",
					t.String(), t.PoolRange(), y, y)
				return true
			}
		}
	case t.IsChange():
		by := t.BaseYear(c.year)
		if prev := ind.ValueFor(by); prev != nil && prev.Missing == tertial.MissingNotMeasured {
			c.add(where, "etappmålet %q är en förändring från värdet för %d, men %d mäts inte, så målet kan aldrig bedömas: skriv etappmålet som en nivå, eller ange värdet för %d",
				t.String(), by, by, by)
			return true
		}
	}
	return false
}

// sameUnit reports whether a target's unit and an indicator's are the same, as users
// write them: case and spacing aside, and "procent" for "%".
func sameUnit(a, b string) bool {
	norm := func(s string) string {
		s = strings.ToLower(strings.Join(strings.Fields(strings.ReplaceAll(s, "\u00a0", " ")), ""))
		if s == "procent" {
			return "%"
		}
		return s
	}
	return norm(a) == norm(b)
}

// shown is what a template's sections show of a period: the texts and tables they name,
// and which kinds of section it has.
type shown struct {
	texts, moneyTables, freeTables map[string]bool
	kinds                          map[tertial.SectionKind]bool
	goals                          []tertial.Section // the goals sections, with their filters
	assignments                    []tertial.Section // the assignments sections
}

// showsAssignmentsOf reports whether an assignments section of the template shows the
// assignments of the goal.
func (sh *shown) showsAssignmentsOf(ds *tertial.Dataset, g *tertial.Goal) bool {
	for _, s := range sh.assignments {
		if s.ShowsGoal(g, ds.GoalArea(g.ID)) {
			return true
		}
	}
	return false
}

// showsGoal reports whether a goals section of the template shows the goal: it is in a
// goal area and some goals section's filters let it through.
func (sh *shown) showsGoal(ds *tertial.Dataset, g *tertial.Goal) bool {
	area := ds.GoalArea(g.ID)
	if area == nil {
		return false
	}
	for _, s := range sh.goals {
		if s.ShowsGoal(g, area) {
			return true
		}
	}
	return false
}

func templateShows(ss []tertial.Section, sh *shown) {
	for _, s := range ss {
		sh.kinds[s.Kind] = true
		switch s.Kind {
		case tertial.SectionText:
			sh.texts[s.Ref] = true
		case tertial.SectionMoneyTable, tertial.SectionNetCostTrend, tertial.SectionMoneyChart:
			sh.moneyTables[s.Ref] = true
		case tertial.SectionFreeTable:
			sh.freeTables[s.Ref] = true
		case tertial.SectionGoals:
			sh.goals = append(sh.goals, s)
		case tertial.SectionAssignments:
			sh.assignments = append(sh.assignments, s)
		}
		templateShows(s.Sections, sh)
	}
}

// sectionShowsGoal reports whether the goals section s shows any goal of the unit's goal
// tree below parent.
func (c *checker) sectionShowsGoal(s tertial.Section, parent string) bool {
	for _, g := range c.scope.Children(parent) {
		if area := c.ds.GoalArea(g.ID); area != nil && s.ShowsGoal(g, area) || c.sectionShowsGoal(s, g.ID) {
			return true
		}
	}
	return false
}

// hidden lists the period's content and the unit's goals, indicators, assignments and
// internal control that no section of the template shows, by the rules Build follows: a
// text or table is shown by a section that names it; the goal tree by a goals section
// (goals in a goal area whose level, area and dimension the section's filters let
// through, with their indicators and assignments), indicators also by an
// indicator_charts section when they have values for two of its years; assignments also by
// an assignments section whose filters let their goal through; each kind of
// internal control by its own section; the overall assessments and the attachments by
// theirs. A summary section only counts, so it shows none of these.
func (c *checker) hidden(t *tertial.Template) {
	sh := &shown{texts: map[string]bool{}, moneyTables: map[string]bool{}, freeTables: map[string]bool{}, kinds: map[tertial.SectionKind]bool{}}
	templateShows(t.Sections, sh)
	defer func() { c.cur = subject{} }()
	hide := func(item Item, words string) { c.cur = subject{FindHidden, item, words} }
	tmpl := "mallen " + t.ID
	if t.Name != "" {
		tmpl += " (" + t.Name + ")"
	}
	for _, x := range c.per.Texts {
		if !sh.texts[x.ID] {
			hide(Item{Kind: ItemText, ID: x.ID}, "Texten "+quoted(cmp.Or(x.Title, x.ID)))
			c.add(named("text", x.ID, x.Title), "visas inte i rapporten: inget avsnitt i %s visar texten (lägg till ett avsnitt text med ref %s, eller ta bort texten)", tmpl, x.ID)
		}
	}
	for _, x := range c.per.MoneyTables {
		if !sh.moneyTables[x.ID] {
			hide(Item{Kind: ItemMoneyTable, ID: x.ID}, "Tabellen "+quoted(cmp.Or(x.Title, x.ID)))
			c.add(named("tabell", x.ID, x.Title), "visas inte i rapporten: inget avsnitt i %s visar tabellen (money_table, money_chart eller net_cost_trend med ref %s)", tmpl, x.ID)
		}
	}
	for _, x := range c.per.FreeTables {
		if !sh.freeTables[x.ID] {
			hide(Item{Kind: ItemFreeTable, ID: x.ID}, "Tabellen "+quoted(cmp.Or(x.Title, x.ID)))
			c.add(named("tabell", x.ID, x.Title), "visas inte i rapporten: inget avsnitt i %s visar tabellen (free_table med ref %s)", tmpl, x.ID)
		}
	}
	hide(Item{}, "")
	for _, x := range c.per.Assessments {
		if !sh.kinds[tertial.SectionAssessments] {
			c.add(named("samlad bedömning", x.ID, x.Label), "visas inte i rapporten: %s har inget avsnitt assessments", tmpl)
		}
	}
	for _, x := range c.per.Attachments {
		if !sh.kinds[tertial.SectionAttachments] {
			c.add("bilaga «"+x.Title+"»", "visas inte i rapporten: %s har inget avsnitt attachments", tmpl)
		}
	}
	goals := sh.kinds[tertial.SectionGoals]
	year := c.per.Year()
	chartYears := []int{year - 4, year - 3, year - 2, year - 1, year}
	var walk func(parent string)
	walk = func(parent string) {
		for _, g := range c.scope.Children(parent) {
			filtered := false
			hide(Item{Kind: ItemGoal, ID: g.ID}, theWord(c.w.Of(tertial.TermGoal))+" "+quoted(g.Title))
			switch {
			case !goals:
				c.add(named("mål", g.ID, g.Title), "visas inte i rapporten: %s har inget avsnitt goals", tmpl)
			case c.ds.GoalArea(g.ID) == nil:
				c.add(named("mål", g.ID, g.Title), "visas inte i rapporten: målet hör inte till något målområde, och avsnittet goals visar målen per målområde")
			case !sh.showsGoal(c.ds, g):
				filtered = true
				c.add(named("mål", g.ID, g.Title), "visas inte i rapporten: %s", goalsFiltered(tmpl))
			}
			shownGoal := goals && sh.showsGoal(c.ds, g)
			why := goalsMissing(tmpl, goals)
			if filtered {
				why = "målet den hör till visas inte: " + goalsFiltered(tmpl)
			}
			for _, ind := range c.scope.Indicators(g.ID) {
				charted := sh.kinds[tertial.SectionIndicatorCharts] && indicatorChart(ind, chartYears, year) != nil
				if !shownGoal && !charted {
					hide(Item{Kind: ItemIndicator, ID: ind.ID, Year: year}, theWord(c.w.Of(tertial.TermIndicator))+" "+quoted(ind.Name))
					c.add(named("indikator", ind.ID, ind.Name), "visas inte i rapporten: %s", why)
				}
			}
			listed := sh.showsAssignmentsOf(c.ds, g)
			whyAssignment := why
			if len(sh.assignments) > 0 {
				whyAssignment += "; inget avsnitt assignments väljer målet (levels, areas, dimensions, owners, tags)"
			}
			for _, a := range c.scope.Assignments(g.ID) {
				if !shownGoal && !listed {
					hide(Item{Kind: ItemAssignment, ID: a.ID}, theWord(c.w.Of(tertial.TermAssignment))+" "+quoted(a.Title))
					c.add(c.assignment(a), "visas inte i rapporten: %s", whyAssignment)
				}
			}
			walk(g.ID)
		}
	}
	walk("")
	hide(Item{}, "")
	for _, r := range c.ds.Risks {
		if c.scope.Includes(r.Unit) && !sh.kinds[tertial.SectionRisks] {
			for _, a := range r.Actions {
				c.add(named("riskreducerande åtgärd", a.ID, excerpt(a.Action)), "visas inte i rapporten: %s har inget avsnitt risks", tmpl)
			}
		}
	}
	for _, a := range c.ds.Audits {
		if c.scope.Includes(a.Unit) && !sh.kinds[tertial.SectionAudits] {
			c.add(named("åtgärd efter granskning", a.ID, a.Title), "visas inte i rapporten: %s har inget avsnitt audits", tmpl)
		}
	}
	for _, k := range c.ds.Controls {
		if c.scope.Includes(k.Unit) && !sh.kinds[tertial.SectionControls] {
			c.add(named("systematisk kontroll", k.ID, excerpt(k.Control)), "visas inte i rapporten: %s har inget avsnitt controls", tmpl)
		}
	}
}

func goalsFiltered(tmpl string) string {
	return "inget avsnitt goals i " + tmpl + " visar målets nivå, målområde, dimension, ägare eller taggar (levels, areas, dimensions, owners, tags)"
}

func goalsMissing(tmpl string, goals bool) string {
	if goals {
		return "målet den hör till hör inte till något målområde, och avsnittet goals visar målen per målområde"
	}
	return tmpl + " har inget avsnitt goals (indicator_charts visar bara indikatorer med värden för minst två år)"
}

// named is "kind id (title)", or "kind id" without a title.
func named(kind, id, title string) string {
	if title == "" {
		return kind + " " + id
	}
	return kind + " " + id + " (" + title + ")"
}

// excerpt is the first line of a Markdown text, cut at 60 characters, to name an item
// that has no title.
func excerpt(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	s = strings.TrimSpace(strings.Trim(s, "#*_ "))
	if r := []rune(s); len(r) > 60 {
		s = strings.TrimSpace(string(r[:59])) + "…"
	}
	return s
}

// moneyColumnLabels name a money table's columns as its report heads them.
var moneyColumnLabels = map[tertial.MoneyColumn]string{
	tertial.ColBudget: "Budget helår", tertial.ColForecast: "Prognos helår",
	tertial.ColPeriodBudget: "Budget perioden", tertial.ColPeriodOutcome: "Utfall perioden",
	tertial.ColPriorOutcome: "Utfall perioden föregående år",
}

// halfEmptySums lists sums that add up a column where some rows have a value and others
// have none: the sum counts the empty ones as zero and so looks complete when it is not.
// In a money table the sums are the groups' sum rows and the total; a group whose sum is
// reported is not looked into again. The forecast column is left out, as each row without
// a forecast is listed already.
func (c *checker) halfEmptySums() {
	for i := range c.per.MoneyTables {
		t := &c.per.MoneyTables[i]
		if t.Total != "" {
			c.moneySum(t, t.Total, t.Rows)
			continue
		}
		var walk func(rows []tertial.MoneyRow)
		walk = func(rows []tertial.MoneyRow) {
			for _, r := range rows {
				if !r.Group {
					continue
				}
				switch r.Sum {
				case tertial.SumTop:
					c.moneySum(t, r.Label, r.Rows)
				case tertial.SumBottom:
					c.moneySum(t, r.SumLabel, r.Rows)
				default:
					walk(r.Rows)
				}
			}
		}
		walk(t.Rows)
	}
	for i := range c.per.FreeTables {
		c.freeSums(&c.per.FreeTables[i])
	}
}

func (c *checker) moneySum(t *tertial.MoneyTable, label string, rows []tertial.MoneyRow) {
	var leaves []tertial.MoneyRow
	var walk func(rows []tertial.MoneyRow)
	walk = func(rows []tertial.MoneyRow) {
		for _, r := range rows {
			if r.Group {
				walk(r.Rows)
			} else {
				leaves = append(leaves, r)
			}
		}
	}
	walk(rows)
	for _, def := range t.Layout() {
		col := def.ID
		if def.Computed() || def.Kind == tertial.KindForecast {
			continue
		}
		colLabel := moneyColumnLabels[col]
		if len(t.Declared) > 0 {
			colLabel = def.Heading
			if def.Group != "" {
				colLabel += " (" + def.Group + ")"
			} else {
				colLabel += " (" + periodWords[def.Period] + ")"
			}
		}
		var empty []string
		for _, r := range leaves {
			if _, ok := r.Amounts[col]; !ok {
				empty = append(empty, r.ID+" ("+r.Label+")")
			}
		}
		if len(empty) > 0 && len(empty) < len(leaves) {
			c.cur = subject{FindSum, Item{Kind: ItemMoneyTable, ID: t.ID}, "Tabellen " + quoted(t.Title) + ", kolumnen " + quoted(colLabel) + ":"}
			c.add(fmt.Sprintf("%s, kolumn %s", named("tabell", t.ID, t.Title), colLabel),
				"summan «%s» räknar med %s, som saknar belopp, medan %d andra rader har belopp: fyll i beloppen (0 där det är noll)",
				label, rowList(empty), len(leaves)-len(empty))
			c.cur = subject{}
		}
	}
}

// freeSums looks at a free table's sums as halfEmptySums does at a money table's: the sum
// row when the table has one, else each group's sum, a group whose sum is reported not
// being looked into again.
func (c *checker) freeSums(t *tertial.FreeTable) {
	res := compute.FreeTable(t)
	vals := map[*tertial.FreeRow][]compute.FreeValue{}
	for j, r := range t.Leaves() {
		vals[r] = res.Rows[j]
	}
	if t.SumLabel != "" {
		c.freeSum(t, t.SumLabel, t.Leaves(), vals)
		return
	}
	var walk func(rows []tertial.FreeRow)
	walk = func(rows []tertial.FreeRow) {
		for i := range rows {
			r := &rows[i]
			if !r.Group {
				continue
			}
			sub := tertial.FreeTable{Rows: r.Rows}
			switch r.Sum {
			case tertial.SumTop:
				c.freeSum(t, r.Label, sub.Leaves(), vals)
			case tertial.SumBottom:
				c.freeSum(t, r.SumLabel, sub.Leaves(), vals)
			default:
				walk(r.Rows)
			}
		}
	}
	walk(t.Rows)
}

// freeSum looks at one sum over leaves. A row computed by a row formula is in no sum, and
// a cell holding a word in place of its value ("Stängt"), or computed from one, is not
// missing a value: the word says why there is none.
func (c *checker) freeSum(t *tertial.FreeTable, label string, leaves []*tertial.FreeRow, vals map[*tertial.FreeRow][]compute.FreeValue) {
	leaves = slices.DeleteFunc(slices.Clone(leaves), func(r *tertial.FreeRow) bool { return !r.Summed() })
	for i, col := range t.Columns {
		if !col.Sum {
			continue
		}
		var empty []string
		explained := 0
		for _, r := range leaves {
			switch v := vals[r][i]; {
			case v.Explained:
				explained++
			case !v.Present:
				empty = append(empty, freeRowName(t, *r, vals[r]))
			}
		}
		if len(empty) == 0 || len(empty)+explained == len(leaves) {
			continue
		}
		what := "saknar värde"
		if len(col.Formula) > 0 {
			what = "saknar värde (formeln " + col.Formula.String() + " har en tom kolumn)"
		}
		c.cur = subject{FindSum, Item{Kind: ItemFreeTable, ID: t.ID}, "Tabellen " + quoted(t.Title) + ", kolumnen " + quoted(col.Label) + ":"}
		defer func() { c.cur = subject{} }()
		c.add(fmt.Sprintf("%s, kolumn %s (%s)", named("tabell", t.ID, t.Title), col.ID, col.Label),
			"summan «%s» räknar med %s, som %s, medan %d andra rader har värden: fyll i värdena (0 där det är noll)",
			label, rowList(empty), what, len(leaves)-len(empty)-explained)
	}
}

// freeRowName names a free table's row by its ID and the text of its first column, which
// the report shows as the row's header.
func freeRowName(t *tertial.FreeTable, r tertial.FreeRow, vals []compute.FreeValue) string {
	if len(t.Columns) > 0 && t.Columns[0].Type == tertial.ColText && vals[0].Present && vals[0].Cell.Text != "" {
		return r.ID + " (" + vals[0].Cell.Text + ")"
	}
	return r.ID
}

func rowList(rows []string) string {
	if len(rows) == 1 {
		return "raden " + rows[0]
	}
	return "raderna " + tertial.JoinAnd(rows)
}
