package tertial

import (
	"slices"
	"time"
)

// The planning cycle: a municipality's plan (Mål och budget) is decided, the follow-ups of
// the year (tertial 1, the delårsrapport, the annual report) follow it, and each period is
// made from the one before. A new period carries the structure of the earlier one and none
// of its figures: what the report is made of stays, what was reported in it does not. The
// one exception is the year's budget, which was decided rather than reported: a plan's
// budget frames carry into the follow-ups of its year, which measure against them
// (BudgetFrames).

// PeriodSpec is what a new period is made of: where it belongs, what it is called, the
// days it covers and, optionally, the earlier period of the same unit it is made from.
type PeriodSpec struct {
	Unit     string
	ID       string
	Kind     PeriodKind
	Title    string
	Start    time.Time // zero: 1 January of the cut-off year
	Cutoff   time.Time
	Deadline time.Time // zero: none
	From     string    // an earlier period of the same unit; "" for none
	Template string    // the report template; "" for from's (none without from)
}

// NewPeriod returns the open period the spec describes. With from (the period spec.From
// names; nil for none) it carries from's structure and none of its figures or texts but the year's budget:
//
//   - the report template, unless the spec names one;
//   - money tables whole but for what was reported: columns (old and declared), rows and
//     groups with their labels, signs and sums, the account mapping and the periodisation;
//     no amounts, no forecast comments and no note (a note speaks of the period's figures);
//   - but the year's decided budget (CarriesBudget): a follow-up (interim or annual)
//     made from the plan of its year, or from an earlier follow-up of its year, keeps
//     the amounts of the budget columns for the whole year (MoneyTable.FrameColumns) —
//     the frame the follow-up measures against, decided, not reported. Its outcome,
//     forecasts, period budget, budget changes and comments are still left out, and a
//     plan made from anything, or a follow-up made from another year's period, keeps
//     no budget: next year's frames are next year's decision;
//   - a row's history (period outcome of earlier years, for the net-cost trend) only when
//     from is the same period a year earlier (SamePeriodYearBefore): the years from knew
//     roll one year on, from's own outcome becoming the newest, and the row keeps as many
//     years as it showed. Otherwise history is left out: outcome of other months is not
//     this period's trend;
//   - free tables with their columns, rows and groups, and the cells of text columns (the
//     labels of the rows: "Avtal", "Ansvar"); numbers and dates are left out;
//   - text sections with their IDs and titles and empty bodies (the earlier text stays
//     readable through From, see Dataset.PreviousText);
//   - the overall assessments' areas with no assessment;
//   - attachments' titles.
//
// Goals, indicators, assignments and internal control belong to the municipality, not to a
// period, and need no copying; their follow-ups belong to a period and none are carried.
// NewPeriod does not validate: the store runs the dataset's rules on the result.
func NewPeriod(spec PeriodSpec, from *Period) Period {
	p := Period{Unit: spec.Unit, ID: spec.ID, Kind: spec.Kind, Title: spec.Title, Start: spec.Start,
		Cutoff: spec.Cutoff, Deadline: spec.Deadline, State: PeriodOpen, From: spec.From, Template: spec.Template}
	if from == nil {
		return p
	}
	if p.Template == "" {
		p.Template = from.Template
	}
	roll := SamePeriodYearBefore(from, &p)
	budget := CarriesBudget(from, &p)
	for _, a := range from.Assessments {
		p.Assessments = append(p.Assessments, OverallAssessment{ID: a.ID, Label: a.Label})
	}
	for _, t := range from.Texts {
		p.Texts = append(p.Texts, TextSection{ID: t.ID, Title: t.Title})
	}
	for i := range from.MoneyTables {
		p.MoneyTables = append(p.MoneyTables, carryMoneyTable(&from.MoneyTables[i], from.Year(), roll, budget))
	}
	for i := range from.FreeTables {
		p.FreeTables = append(p.FreeTables, carryFreeTable(&from.FreeTables[i]))
	}
	for _, a := range from.Attachments {
		p.Attachments = append(p.Attachments, Attachment{Title: a.Title})
	}
	return p
}

// SamePeriodYearBefore reports whether a is the period b a year earlier: the same kind,
// and the same first and last day of the year, one year before.
func SamePeriodYearBefore(a, b *Period) bool {
	as, bs := a.StartDate(), b.StartDate()
	return a.Kind == b.Kind && as.AddDate(1, 0, 0).Equal(bs) && a.Cutoff.AddDate(1, 0, 0).Equal(b.Cutoff)
}

// CarriesBudget reports whether p, made from the period from, carries from's budget for
// the year (see NewPeriod): p is a follow-up (interim or annual report) of the same year
// as from, whether from is the year's plan or an earlier follow-up of it.
func CarriesBudget(from, p *Period) bool {
	return p.Kind != PeriodPlan && !p.Cutoff.IsZero() && !from.Cutoff.IsZero() && from.Year() == p.Year()
}

// FrameColumns returns the columns of the table that hold the year's budget as entered:
// the old budget column, or the declared columns of kind budget for the whole year (not
// budget changes, a revised budget or a period's budget). A plan's amounts in them are
// its budget frames, which the follow-ups of its year measure against.
func (t *MoneyTable) FrameColumns() []MoneyColumn {
	var out []MoneyColumn
	for _, c := range t.Layout() {
		if c.Kind == KindBudget && c.Period == PeriodYear && !c.Computed() {
			out = append(out, c.ID)
		}
	}
	return out
}

func carryMoneyTable(t *MoneyTable, fromYear int, roll, budget bool) MoneyTable {
	out := MoneyTable{ID: t.ID, Title: t.Title, Unit: t.Unit, Precision: t.Precision, LabelHeading: t.LabelHeading,
		Columns: slices.Clone(t.Columns), Negate: t.Negate, Total: t.Total, TotalNegate: t.TotalNegate,
		Periodisation: t.Periodisation}
	for _, c := range t.Declared {
		c.Of = slices.Clone(c.Of)
		out.Declared = append(out.Declared, c)
	}
	for _, r := range t.Mapping {
		r.Accounts = slices.Clone(r.Accounts)
		r.Objects = slices.Clone(r.Objects)
		out.Mapping = append(out.Mapping, r)
	}
	var keep []MoneyColumn
	if budget {
		keep = t.FrameColumns()
	}
	out.Rows = carryMoneyRows(t.Rows, fromYear, roll, keep)
	return out
}

// carryMoneyRows carries the rows' structure, the amounts of the keep columns and, when
// roll, their history.
func carryMoneyRows(rows []MoneyRow, fromYear int, roll bool, keep []MoneyColumn) []MoneyRow {
	if rows == nil {
		return nil
	}
	out := make([]MoneyRow, 0, len(rows))
	for _, r := range rows {
		n := MoneyRow{ID: r.ID, Label: r.Label, Group: r.Group, Sum: r.Sum, SumLabel: r.SumLabel}
		if r.Negate != nil {
			b := *r.Negate
			n.Negate = &b
		}
		if r.Group {
			n.Rows = carryMoneyRows(r.Rows, fromYear, roll, keep)
			if n.Rows == nil {
				n.Rows = []MoneyRow{}
			}
		} else {
			n.Amounts = map[MoneyColumn]Amount{}
			for _, c := range keep {
				if a, ok := r.Amounts[c]; ok {
					n.Amounts[c] = a
				}
			}
			if roll {
				n.History = rollHistory(r, fromYear)
			}
		}
		out = append(out, n)
	}
	return out
}

// rollHistory returns the history of a row of the period a year after the row's (of
// fromYear): every year the row knew (its history, the prior outcome as the year before,
// its period outcome as its own year), the newest as many as it showed besides its own
// year. A row without history has none: it is not a trend.
func rollHistory(r MoneyRow, fromYear int) []YearAmount {
	if len(r.History) == 0 {
		return nil
	}
	known := map[int]Amount{}
	for _, h := range r.History {
		known[h.Year] = h.Amount
	}
	shown := len(known)
	if a, ok := r.Amounts[ColPriorOutcome]; ok {
		if _, had := known[fromYear-1]; !had {
			shown++
		}
		known[fromYear-1] = a
	}
	if a, ok := r.Amounts[ColPeriodOutcome]; ok {
		known[fromYear] = a
	}
	years := make([]int, 0, len(known))
	for y := range known {
		if y <= fromYear {
			years = append(years, y)
		}
	}
	slices.Sort(years)
	if len(years) > shown {
		years = years[len(years)-shown:]
	}
	out := make([]YearAmount, len(years))
	for i, y := range years {
		out[i] = YearAmount{Year: y, Amount: known[y]}
	}
	return out
}

func carryFreeTable(t *FreeTable) FreeTable {
	out := FreeTable{ID: t.ID, Title: t.Title, Unit: t.Unit, Precision: t.Precision, SumLabel: t.SumLabel}
	text := map[string]bool{}
	for _, c := range t.Columns {
		c.Formula = slices.Clone(c.Formula)
		out.Columns = append(out.Columns, c)
		if c.Type == ColText && len(c.Formula) == 0 {
			text[c.ID] = true
		}
	}
	out.Rows = carryFreeRows(t.Rows, text)
	return out
}

func carryFreeRows(rows []FreeRow, text map[string]bool) []FreeRow {
	if rows == nil {
		return nil
	}
	out := make([]FreeRow, 0, len(rows))
	for _, r := range rows {
		n := FreeRow{ID: r.ID, Unit: r.Unit, Group: r.Group, Label: r.Label, Sum: r.Sum, SumLabel: r.SumLabel}
		if r.Group {
			n.Rows = carryFreeRows(r.Rows, text)
			if n.Rows == nil {
				n.Rows = []FreeRow{}
			}
		} else {
			n.Cells = map[string]Cell{}
			for id, c := range r.Cells {
				if text[id] {
					n.Cells[id] = Cell{Text: c.Text}
				}
			}
		}
		out = append(out, n)
	}
	return out
}

// PreviousText returns the text with the ID in the period the unit's period was made from
// (its From), and that period; nil and nil when the period has no From, or the earlier
// period no such text. A text form shows it for reference ("Förra periodens text").
func (d *Dataset) PreviousText(unit, period, textID string) (*TextSection, *Period) {
	p := d.Period(unit, period)
	if p == nil || p.From == "" {
		return nil, nil
	}
	from := d.Period(unit, p.From)
	if from == nil {
		return nil, nil
	}
	for i := range from.Texts {
		if from.Texts[i].ID == textID {
			return &from.Texts[i], from
		}
	}
	return nil, nil
}

// PeriodsOverlap reports whether two periods of the same unit and kind cover the same days
// in a way the cycle has no place for (see periodsOverlap), which Dataset.Validate refuses.
func PeriodsOverlap(a, b *Period) bool {
	return a.Unit == b.Unit && a.Kind == b.Kind && a.ID != b.ID && !a.Cutoff.IsZero() && !b.Cutoff.IsZero() &&
		!a.StartDate().After(a.Cutoff) && !b.StartDate().After(b.Cutoff) && periodsOverlap(a, b)
}

// periodsOverlap reports whether two periods of the same unit and kind cover the same
// days in a way the cycle has no place for: they cover exactly the same days, or part of
// their days and not one all of the other's. A period inside another is fine (the
// delårsrapport per april inside the one per august, both from 1 January); so are periods
// of different kinds (an interim report inside the year's annual report), which the caller
// does not compare.
func periodsOverlap(a, b *Period) bool {
	as, bs := a.StartDate(), b.StartDate()
	if as.After(b.Cutoff) || bs.After(a.Cutoff) {
		return false // apart
	}
	if as.Equal(bs) && a.Cutoff.Equal(b.Cutoff) {
		return true // the same days
	}
	aInB := !as.Before(bs) && !a.Cutoff.After(b.Cutoff)
	bInA := !bs.Before(as) && !b.Cutoff.After(a.Cutoff)
	return !aInB && !bInA
}

// periodFrom checks a period's From: a period of the same unit other than itself, and
// no ring of periods made from each other.
func (v *validator) periodFrom(p string, per *Period) {
	if per.From == "" {
		return
	}
	d := v.d
	switch {
	case per.From == per.ID:
		v.addf(p+".from", "perioden kan inte utgå från sig själv")
		return
	case d.Period(per.Unit, per.From) == nil:
		v.addf(p+".from", "enheten %q har ingen period %q att utgå från", per.Unit, per.From)
		return
	}
	seen := map[string]bool{per.ID: true}
	for q := d.Period(per.Unit, per.From); q != nil && q.From != ""; q = d.Period(per.Unit, q.From) {
		if seen[q.From] {
			v.addf(p+".from", "perioderna utgår från varandra i en ring")
			return
		}
		seen[q.ID] = true
	}
}

// periodOverlaps checks that no period overlaps (periodsOverlap) an earlier one of the
// list of the same unit and kind; the later of the two gets the problem.
func (v *validator) periodOverlaps(i int, p string) {
	per := &v.d.Periods[i]
	if per.Cutoff.IsZero() || per.StartDate().After(per.Cutoff) {
		return
	}
	for j := range i {
		q := &v.d.Periods[j]
		if q.Unit != per.Unit || q.Kind != per.Kind || q.Cutoff.IsZero() || q.ID == per.ID {
			continue
		}
		if periodsOverlap(q, per) {
			v.addf(p+".cutoff", "perioden överlappar enhetens period %q (%s–%s) av samma typ", q.ID,
				q.StartDate().Format(time.DateOnly), q.Cutoff.Format(time.DateOnly))
			return
		}
	}
}

// AddTemplateTexts gives the period an empty text section for every text section of the
// template (its ref, titled as the template titles it) the period does not have yet, and
// returns those it added, in the template's order. A period's texts are where its report's
// words are written; the template says which there are, so that a period made without an
// earlier one, or given a template with a new text, has a field for each of them.
// Existing texts are never changed or removed.
func (p *Period) AddTemplateTexts(t *Template) []TextSection {
	if t == nil {
		return nil
	}
	have := map[string]bool{}
	for _, x := range p.Texts {
		have[x.ID] = true
	}
	var added []TextSection
	var walk func(ss []Section)
	walk = func(ss []Section) {
		for _, s := range ss {
			if s.Kind == SectionText && s.Ref != "" && !have[s.Ref] {
				have[s.Ref] = true
				ts := TextSection{ID: s.Ref, Title: s.Title}
				p.Texts = append(p.Texts, ts)
				added = append(added, ts)
			}
			walk(s.Sections)
		}
	}
	walk(t.Sections)
	return added
}

// DecidedPlan returns the unit's decided plan for the year: its locked period of kind plan
// whose cut-off is in the year. Of several, the one decided last (the latest decision
// date, the later in the dataset's order on the same date). Nil when there is none.
func (d *Dataset) DecidedPlan(unit string, year int) *Period {
	var best *Period
	for i := range d.Periods {
		p := &d.Periods[i]
		if p.Unit != unit || p.Kind != PeriodPlan || p.State != PeriodLocked || p.Cutoff.Year() != year {
			continue
		}
		if best == nil || !p.DecisionDate.Before(best.DecisionDate) {
			best = p
		}
	}
	return best
}

// BudgetFrames returns the budget frames a follow-up (an interim or annual report) measures
// against: the decided plan of its unit and year (DecidedPlan) and, per money table ID and
// row ID, the plan's budget for the whole year of the row (the first of the plan table's
// FrameColumns), as the plan's report shows it (ApplyLedger with the ledger the plan was
// locked with). Rows without a budget in the plan have no frame. It returns nil and nil
// for a plan and for a follow-up whose unit has no decided plan for the year.
func (d *Dataset) BudgetFrames(per *Period) (*Period, map[string]map[string]Amount) {
	if per.Kind == PeriodPlan {
		return nil, nil
	}
	plan := d.DecidedPlan(per.Unit, per.Year())
	if plan == nil {
		return nil, nil
	}
	applied, _ := ApplyLedger(plan, d.Ledger)
	frames := map[string]map[string]Amount{}
	for i := range applied.MoneyTables {
		t := &applied.MoneyTables[i]
		cols := t.FrameColumns()
		if len(cols) == 0 {
			continue
		}
		rows := map[string]Amount{}
		for _, r := range t.Leaves() {
			if a, ok := r.Amounts[cols[0]]; ok {
				rows[r.ID] = a
			}
		}
		frames[t.ID] = rows
	}
	return plan, frames
}
