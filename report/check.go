package report

import (
	"fmt"
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
}

func (f Finding) String() string { return f.Where + ": " + f.What }

// Check lists what is missing from a unit's period before its report can go to the board:
// indicators without a value for the year and no note saying why, targets that cannot be
// evaluated, the unit's goals without analysis or assessment, assignments and internal-
// control items without status or comment, money-table rows without forecast, and template
// sections that would be empty, and ledger accounts that no rule of a money table's
// account mapping maps to a row. It returns ENOTFOUND for an unknown unit or period.
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
	c := &checker{ds: ds, per: per, scope: tertial.NewScope(ds, unit), year: per.Year()}
	c.goals()
	c.internalControl()
	c.moneyTables()
	c.ledgerCharts()
	for _, u := range unmapped {
		c.add(fmt.Sprintf("tabell %s, konto %s", u.Table, u.Account),
			"%s kr bokfört under perioden (debet positivt) mappas inte till någon rad: lägg till kontot i tabellens kontomappning",
			sv.Amount(tertial.Amount(u.Amount), tertial.Kr, 2))
	}
	if t := ds.Template(per.Template); t == nil {
		c.add("perioden "+per.ID, "har ingen rapportmall")
	} else {
		c.sections("mall "+t.ID, t.Sections)
	}
	return c.findings, nil
}

type checker struct {
	ds       *tertial.Dataset
	per      *tertial.Period
	scope    *tertial.Scope
	year     int
	findings []Finding
}

func (c *checker) add(where, format string, args ...any) {
	c.findings = append(c.findings, Finding{Where: where, What: fmt.Sprintf(format, args...)})
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
				switch {
				case f == nil:
					c.add(where, "saknar analys och bedömning för perioden")
				case strings.TrimSpace(f.Analysis) == "" && f.Assessment == tertial.AssessNone:
					c.add(where, "saknar analys och bedömning")
				case strings.TrimSpace(f.Analysis) == "":
					c.add(where, "saknar analys")
				case f.Assessment == tertial.AssessNone:
					c.add(where, "saknar bedömning (uppnås, uppnås delvis eller uppnås ej)")
				}
			}
			for _, ind := range c.scope.Indicators(g.ID) {
				c.indicator(ind)
			}
			for _, a := range c.scope.Assignments(g.ID) {
				c.status(fmt.Sprintf("uppdrag %s (%s)", a.ID, a.Title), StatusFollowup(a.Followups, c.ds.AssignmentUnit(a), c.per))
			}
			walk(g.ID)
		}
	}
	walk("")
}

func (c *checker) indicator(ind *tertial.Indicator) {
	where := fmt.Sprintf("indikator %s (%s)", ind.ID, ind.Name)
	y := strconv.Itoa(c.year)
	v := ind.ValueFor(c.year)
	explained := ind.Note != "" || (v != nil && (v.Note != "" || v.Missing == tertial.MissingNotMeasured))
	if (v == nil || v.Value == nil) && !explained {
		c.add(where, "inget värde för %s och ingen anteckning om varför", y)
	}
	t := ind.TargetFor(c.year)
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
	switch {
	case f == nil || (f.Status == tertial.StatusNone && strings.TrimSpace(f.Comment) == ""):
		c.add(where, "saknar status och kommentar för perioden")
	case f.Status == tertial.StatusNone:
		c.add(where, "saknar status")
	case strings.TrimSpace(f.Comment) == "":
		c.add(where, "saknar kommentar")
	}
}

func (c *checker) internalControl() {
	for _, r := range c.ds.Risks {
		if c.scope.Includes(r.Unit) {
			for _, a := range r.Actions {
				c.status(fmt.Sprintf("riskreducerande åtgärd %s", a.ID), StatusFollowup(a.Followups, r.Unit, c.per))
			}
		}
	}
	for _, a := range c.ds.Audits {
		if c.scope.Includes(a.Unit) {
			c.status(fmt.Sprintf("åtgärd efter granskning %s (%s)", a.ID, a.Title), StatusFollowup(a.Followups, a.Unit, c.per))
		}
	}
	for _, k := range c.ds.Controls {
		if c.scope.Includes(k.Unit) {
			c.status(fmt.Sprintf("systematisk kontroll %s", k.ID), StatusFollowup(k.Followups, k.Unit, c.per))
		}
	}
}

func (c *checker) moneyTables() {
	for i := range c.per.MoneyTables {
		t := &c.per.MoneyTables[i]
		if prior := c.year - 1; t.Periodisation == tertial.PeriodisePriorYear && !c.per.LedgerOf(c.ds.Ledger).HasOutcome(c.per.Unit, prior*100+12, prior*100+12) {
			c.add("tabell "+t.ID, "periodiseras efter fjolårets månadsprofil, men bokföringen för %d är inte inläst hel (december saknas), så budgeten fördelas jämnt: läs in fjolårets SIE-fil med tertial import sie FIL --unit %s --year %d",
				prior, c.per.Unit, prior)
		}
		if !t.HasColumn(tertial.ColForecast) {
			continue
		}
		var walk func(rows []tertial.MoneyRow)
		walk = func(rows []tertial.MoneyRow) {
			for _, r := range rows {
				if r.Group {
					walk(r.Rows)
					continue
				}
				if _, ok := r.Amounts[tertial.ColForecast]; !ok {
					c.add(fmt.Sprintf("tabell %s, rad %s (%s)", t.ID, r.ID, r.Label), "saknar prognos")
				}
			}
		}
		walk(t.Rows)
	}
}

// ledgerCharts warns about the unit's imports of this year and the one before whose SIE
// file declares a chart of accounts (#KPTYP) other than Kommun-Bas: the default account
// mapping reads the accounts by Kommun-Bas, and a company's BAS chart means other things
// by the same numbers.
func (c *checker) ledgerCharts() {
	if c.ds.Ledger == nil {
		return
	}
	for _, ch := range c.ds.Ledger.Charts {
		if ch.Unit != c.per.Unit || (ch.Year != c.year && ch.Year != c.year-1) || ch.Chart == "" || tertial.IsKommunBasChart(ch.Chart) {
			continue
		}
		c.add(fmt.Sprintf("bokföringen %s %d", ch.Source, ch.Year),
			"är inläst från en SIE-fil med kontoplanen %s (#KPTYP), inte Kommun-Bas: kontrollera att kontomappningen passar kontoplanen, eller läs in en fil i Kommun-Bas", ch.Chart)
	}
}

// sections checks that every template section has something to show.
func (c *checker) sections(where string, ss []tertial.Section) {
	for _, s := range ss {
		w := where + ", avsnitt " + string(s.Kind)
		if s.Title != "" {
			w += " «" + s.Title + "»"
		}
		switch s.Kind {
		case tertial.SectionText:
			found := false
			for _, t := range c.per.Texts {
				if t.ID == s.Ref {
					found = true
					if strings.TrimSpace(t.Body) == "" {
						c.add(w, "texten %q är tom", s.Ref)
					}
				}
			}
			if !found {
				c.add(w, "perioden har ingen text %q", s.Ref)
			}
		case tertial.SectionMoneyTable, tertial.SectionNetCostTrend, tertial.SectionMoneyChart:
			found := false
			for _, t := range c.per.MoneyTables {
				if t.ID == s.Ref {
					found = true
					if len(t.Rows) == 0 {
						c.add(w, "tabellen %q har inga rader", s.Ref)
					}
				}
			}
			if !found {
				c.add(w, "perioden har ingen tabell %q", s.Ref)
			}
		case tertial.SectionFreeTable:
			found := false
			for _, t := range c.per.FreeTables {
				if t.ID == s.Ref {
					found = true
					if len(t.Rows) == 0 {
						c.add(w, "tabellen %q har inga rader (bekräfta att det är avsikten)", s.Ref)
					}
				}
			}
			if !found {
				c.add(w, "perioden har ingen tabell %q", s.Ref)
			}
		case tertial.SectionGoals:
			if len(c.scope.Children("")) == 0 {
				c.add(w, "enheten har inga mål att visa")
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
		c.sections(where, s.Sections)
	}
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
