package tertial

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"
)

// Dataset is everything Tertial holds about one municipality: its organisation, goals,
// indicators, assignments, internal control, report templates and periods. It is what the
// dataset file format (docs/dataset.md) carries and what the store imports and exports.
type Dataset struct {
	Municipality Municipality
	GoalLevels   []GoalLevel
	GoalAreas    []GoalArea
	Units        []Unit
	Goals        []Goal
	Indicators   []Indicator
	Assignments  []Assignment
	Risks        []Risk
	Audits       []Audit
	Controls     []Control
	Templates    []Template
	Periods      []Period
	Economy      Economy        // the municipality's own annual-report figures: balanskrav, financial goals, key figures (economy.go)
	Statements   StatementSetup // the municipality's account mapping of the statements and their entered budget (statement_mapping.go)
	Kolada       *KoladaData    // fetched from Kolada, stored apart from the dataset; not part of the dataset format
	Ledger       *LedgerData    // imported from the accounting system (SIE); not part of the dataset format
}

// Problem is one thing wrong with a dataset: where (a path in the dataset format's terms,
// such as "goals[3].parent") and what.
type Problem struct {
	Path    string
	Message string
}

func (p Problem) String() string { return p.Path + ": " + p.Message }

var idPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]*$`)

// ValidID reports whether s is a valid ID: lower-case ASCII letters, digits, '-', '_' and
// '.', starting with a letter or digit, at most 100 characters.
func ValidID(s string) bool { return len(s) <= 100 && idPattern.MatchString(s) }

var codePattern = regexp.MustCompile(`^[0-9]{4}$`)
var countyPattern = regexp.MustCompile(`^[0-9]{2}$`)

// Unit returns the unit with the ID, or nil.
func (d *Dataset) Unit(id string) *Unit {
	for i := range d.Units {
		if d.Units[i].ID == id {
			return &d.Units[i]
		}
	}
	return nil
}

// Goal returns the goal with the ID, or nil.
func (d *Dataset) Goal(id string) *Goal {
	for i := range d.Goals {
		if d.Goals[i].ID == id {
			return &d.Goals[i]
		}
	}
	return nil
}

// Indicator returns the indicator with the ID, or nil.
func (d *Dataset) Indicator(id string) *Indicator {
	for i := range d.Indicators {
		if d.Indicators[i].ID == id {
			return &d.Indicators[i]
		}
	}
	return nil
}

// Assignment returns the assignment with the ID, or nil.
func (d *Dataset) Assignment(id string) *Assignment {
	for i := range d.Assignments {
		if d.Assignments[i].ID == id {
			return &d.Assignments[i]
		}
	}
	return nil
}

// GoalInForce reports whether the goal and every goal above it are in force in the year
// (Goal.InForce); false for an unknown goal.
func (d *Dataset) GoalInForce(id string, year int) bool {
	g := d.Goal(id)
	if g == nil {
		return false
	}
	for seen := map[string]bool{}; g != nil && !seen[g.ID]; g = d.Goal(g.Parent) {
		if !g.InForce(year) {
			return false
		}
		seen[g.ID] = true
	}
	return true
}

// Period returns the period of unit with the ID, or nil.
func (d *Dataset) Period(unit, id string) *Period {
	for i := range d.Periods {
		if d.Periods[i].Unit == unit && d.Periods[i].ID == id {
			return &d.Periods[i]
		}
	}
	return nil
}

// Template returns the template with the ID, or nil.
func (d *Dataset) Template(id string) *Template {
	for i := range d.Templates {
		if d.Templates[i].ID == id {
			return &d.Templates[i]
		}
	}
	return nil
}

// FreeTemplateID returns base when no template has it as its ID, otherwise base with the
// first free suffix "-2", "-3" ...
func (d *Dataset) FreeTemplateID(base string) string {
	id := base
	for i := 2; d.Template(id) != nil; i++ {
		id = fmt.Sprintf("%s-%d", base, i)
	}
	return id
}

// BoardMoneyTableID returns the ID of the money table that most of the boards
// (UnitBoard) have in some period, their driftredovisning as the council's
// board_deviations and net_cost_reconciliation sections name it; a tie goes to the ID
// first in order of the IDs. It returns "" when no board has a money table.
func (d *Dataset) BoardMoneyTableID() string {
	boards := map[string]bool{}
	for _, u := range d.Units {
		if u.Kind == UnitBoard {
			boards[u.ID] = true
		}
	}
	seen := map[[2]string]bool{}
	count := map[string]int{}
	for _, p := range d.Periods {
		if !boards[p.Unit] {
			continue
		}
		for _, t := range p.MoneyTables {
			if k := [2]string{p.Unit, t.ID}; !seen[k] {
				seen[k] = true
				count[t.ID]++
			}
		}
	}
	best := ""
	for id, n := range count {
		if n > count[best] || (n == count[best] && id < best) {
			best = id
		}
	}
	return best
}

// GoalArea returns the goal area of a goal, following parents, or nil.
func (d *Dataset) GoalArea(goalID string) *GoalArea {
	seen := map[string]bool{}
	for g := d.Goal(goalID); g != nil && !seen[g.ID]; g = d.Goal(g.Parent) {
		seen[g.ID] = true
		if g.Area != "" {
			for i := range d.GoalAreas {
				if d.GoalAreas[i].ID == g.Area {
					return &d.GoalAreas[i]
				}
			}
			return nil
		}
	}
	return nil
}

// AssignmentUnit returns the unit responsible for an assignment: its own or its goal's.
func (d *Dataset) AssignmentUnit(a *Assignment) string {
	if a.Unit != "" {
		return a.Unit
	}
	if g := d.Goal(a.Goal); g != nil {
		return g.Unit
	}
	return ""
}

// validator collects problems.
type validator struct {
	d        *Dataset
	problems []Problem
}

// add adds an item's problems (see rules.go) under the item's path, except those of the
// fields in skip, which the caller has checked already.
func (v *validator) add(path string, ps []Problem, skip ...string) {
	for _, p := range ps {
		if !slices.Contains(skip, p.Path) {
			v.problems = append(v.problems, Problem{Path: path + "." + p.Path, Message: p.Message})
		}
	}
}

func (v *validator) addf(path, format string, args ...any) {
	v.problems = append(v.problems, Problem{Path: path, Message: fmt.Sprintf(format, args...)})
}

// ids checks that every ID is valid and unique among its siblings.
func (v *validator) ids(path string, n int, id func(int) string, what string) map[string]bool {
	seen := make(map[string]bool, n)
	for i := range n {
		p := fmt.Sprintf("%s[%d].id", path, i)
		s := id(i)
		switch {
		case s == "":
			v.addf(p, "id saknas")
		case !ValidID(s):
			v.addf(p, "ogiltigt id %q: använd små bokstäver a–z, siffror, '-', '_' och '.'", s)
		case seen[s]:
			v.addf(p, "id %q finns redan bland %s", s, what)
		}
		seen[s] = true
	}
	return seen
}

func (v *validator) required(path, value string) {
	if strings.TrimSpace(value) == "" {
		v.addf(path, "värde saknas")
	}
}

func oneOf[T ~string](v T, allowed []T) bool { return slices.Contains(allowed, v) }

func list[T ~string](allowed []T) string {
	s := make([]string, len(allowed))
	for i, a := range allowed {
		s[i] = string(a)
	}
	return strings.Join(s, ", ")
}

// Validate checks the dataset's rules: required fields, valid and unique IDs, references
// that resolve, enumerations, and the shape of tables. It returns every problem found, in
// dataset order; none means the dataset can be stored.
func (d *Dataset) Validate() []Problem {
	v := &validator{d: d}
	v.municipality()
	levels := v.ids("goal_levels", len(d.GoalLevels), func(i int) string { return d.GoalLevels[i].ID }, "målnivåerna")
	for i, l := range d.GoalLevels {
		v.required(fmt.Sprintf("goal_levels[%d].name", i), l.Name)
	}
	areas := v.ids("goal_areas", len(d.GoalAreas), func(i int) string { return d.GoalAreas[i].ID }, "målområdena")
	for i, a := range d.GoalAreas {
		p := fmt.Sprintf("goal_areas[%d]", i)
		v.required(p+".name", a.Name)
		if a.Dimension != "" && !oneOf(a.Dimension, Dimensions) {
			v.addf(p+".dimension", "okänd dimension %q: ska vara en av %s", a.Dimension, list(Dimensions))
		}
	}
	units := v.units()
	periods := v.periods(units)
	goals := v.goals(levels, areas, units, periods)
	v.indicators(goals, units)
	v.assignments(goals, units, periods)
	v.controls(units, periods)
	v.templates()
	v.economy()
	v.statements()
	v.eliminations()
	v.texts()
	return v.problems
}

func (v *validator) municipality() {
	m := v.d.Municipality
	v.required("municipality.name", m.Name)
	v.required("municipality.county", m.County)
	if !codePattern.MatchString(m.Code) {
		v.addf("municipality.code", "kommunkoden %q ska vara fyra siffror, till exempel \"0126\"", m.Code)
	}
	if m.CountyCode != "" && !countyPattern.MatchString(m.CountyCode) {
		v.addf("municipality.county_code", "länskoden %q ska vara två siffror", m.CountyCode)
	}
	seen := map[string]bool{}
	for i, c := range m.Comparison {
		p := fmt.Sprintf("municipality.comparison[%d]", i)
		if !codePattern.MatchString(c.Code) {
			v.addf(p+".code", "kommunkoden %q ska vara fyra siffror", c.Code)
		} else if seen[c.Code] || c.Code == m.Code {
			v.addf(p+".code", "kommunkoden %q förekommer två gånger", c.Code)
		}
		seen[c.Code] = true
		v.required(p+".name", c.Name)
	}
	v.vocabulary()
	if m.Vision != nil {
		v.required("municipality.vision.text", m.Vision.Text)
	}
	if m.Logo != nil {
		v.add("municipality.logo", m.Logo.Validate())
	}
	if msg := CheckMunicipalityColour(m.Colour); msg != "" {
		v.addf("municipality.colour", "%s", msg)
	}
}

func (v *validator) units() map[string]bool {
	d := v.d
	units := v.ids("units", len(d.Units), func(i int) string { return d.Units[i].ID }, "enheterna")
	if len(d.Units) == 0 {
		v.addf("units", "minst en enhet behövs")
	}
	for i, u := range d.Units {
		p := fmt.Sprintf("units[%d]", i)
		v.required(p+".name", u.Name)
		if !oneOf(u.Kind, UnitKinds) {
			v.addf(p+".kind", "okänd enhetstyp %q: ska vara en av %s", u.Kind, list(UnitKinds))
		}
		v.add(p, u.validateCompany())
		if u.Retired != 0 && (u.Retired < 1900 || u.Retired > 2200) {
			v.addf(p+".retired", "året %d är inte ett rimligt år", u.Retired)
		}
		if u.Parent != "" && !units[u.Parent] {
			v.addf(p+".parent", "det finns ingen enhet %q", u.Parent)
		} else if u.Parent != "" && v.unitCycle(u.ID) {
			v.addf(p+".parent", "enheten %q ligger under sig själv", u.ID)
		}
	}
	return units
}

func (v *validator) unitCycle(id string) bool {
	seen := map[string]bool{}
	for u := v.d.Unit(id); u != nil; u = v.d.Unit(u.Parent) {
		if seen[u.ID] {
			return true
		}
		seen[u.ID] = true
	}
	return false
}

// periodKey identifies a period: its unit and its ID.
func periodKey(unit, id string) string { return unit + "/" + id }

func (v *validator) periods(units map[string]bool) map[string]bool {
	d := v.d
	periods := map[string]bool{}
	templates := map[string]bool{}
	for _, t := range d.Templates {
		templates[t.ID] = true
	}
	for i := range d.Periods {
		per := &d.Periods[i]
		p := fmt.Sprintf("periods[%d]", i)
		switch {
		case per.Unit == "":
			v.addf(p+".unit", "enhet saknas")
		case !units[per.Unit]:
			v.addf(p+".unit", "det finns ingen enhet %q", per.Unit)
		}
		switch k := periodKey(per.Unit, per.ID); {
		case per.ID == "":
			v.addf(p+".id", "id saknas")
		case !ValidID(per.ID):
			v.addf(p+".id", "ogiltigt id %q", per.ID)
		case periods[k]:
			v.addf(p+".id", "enheten %q har redan en period %q", per.Unit, per.ID)
		default:
			periods[k] = true
		}
		v.required(p+".title", per.Title)
		if !oneOf(per.Kind, PeriodKinds) {
			v.addf(p+".kind", "okänd periodtyp %q: ska vara en av %s", per.Kind, list(PeriodKinds))
		}
		if !oneOf(per.State, PeriodStates) {
			v.addf(p+".state", "okänt läge %q: ska vara en av %s", per.State, list(PeriodStates))
		}
		if per.Cutoff.IsZero() {
			v.addf(p+".cutoff", "brytdatum saknas")
		} else if !per.Start.IsZero() && per.Start.After(per.Cutoff) {
			v.addf(p+".start", "startdatum efter brytdatum")
		}
		if per.Template != "" && !templates[per.Template] {
			v.addf(p+".template", "det finns ingen rapportmall %q", per.Template)
		}
		if n := utf8.RuneCountInString(per.Status); n > MaxStatusLength {
			v.addf(p+".status", "statusen %q har %d tecken; högst %d får plats på försättsbladet", per.Status, n, MaxStatusLength)
		} else if strings.ContainsAny(per.Status, "\n\t") {
			v.addf(p+".status", "statusen ska vara ett ord eller några, på en rad")
		}
		v.ids(p+".assessments", len(per.Assessments), func(j int) string { return per.Assessments[j].ID }, "bedömningarna")
		for j, a := range per.Assessments {
			q := fmt.Sprintf("%s.assessments[%d]", p, j)
			v.required(q+".label", a.Label)
			v.assessment(q+".assessment", a.Assessment)
		}
		v.periodFrom(p, per)
		v.periodOverlaps(i, p)
		v.ids(p+".texts", len(per.Texts), func(j int) string { return per.Texts[j].ID }, "periodens texter")
		for j := range per.Texts {
			// A text not yet written may be stored empty: a period made from an earlier
			// one carries its texts so (NewPeriod). A save must not empty it
			// (TextSection.Validate), and the report's check names it before the decision.
			// Its characters are checked with every other text (texts).
			var skip []string
			if strings.TrimSpace(per.Texts[j].Body) == "" {
				skip = []string{"body"}
			}
			v.add(fmt.Sprintf("%s.texts[%d]", p, j), per.Texts[j].Validate(), skip...)
		}
		tables := map[string]bool{}
		for j := range per.MoneyTables {
			v.moneyTable(fmt.Sprintf("%s.money_tables[%d]", p, j), &per.MoneyTables[j], tables)
		}
		for j := range per.FreeTables {
			v.freeTable(fmt.Sprintf("%s.free_tables[%d]", p, j), &per.FreeTables[j], tables)
		}
		for j, a := range per.Attachments {
			v.required(fmt.Sprintf("%s.attachments[%d].title", p, j), a.Title)
		}
	}
	return periods
}

func (v *validator) tableID(path, id string, tables map[string]bool) {
	switch {
	case id == "":
		v.addf(path, "id saknas")
	case !ValidID(id):
		v.addf(path, "ogiltigt id %q", id)
	case tables[id]:
		v.addf(path, "perioden har redan en tabell %q", id)
	}
	tables[id] = true
}

func (v *validator) moneyTable(p string, t *MoneyTable, tables map[string]bool) {
	v.tableID(p+".id", t.ID, tables)
	v.required(p+".title", t.Title)
	if !t.Unit.Valid() {
		v.addf(p+".amount_unit", "okänd beloppsenhet %q: ska vara kr, tkr eller mnkr", t.Unit)
	}
	if t.Precision < 0 || t.Precision > t.Unit.maxPrecision() {
		v.addf(p+".precision", "antalet decimaler %d är inte tillåtet för %s", t.Precision, t.Unit)
	}
	switch {
	case len(t.Columns) == 0 && len(t.Declared) == 0:
		v.addf(p+".columns", "tabellen har inga kolumner")
	case len(t.Declared) > 0 && len(t.Columns) > 0:
		v.addf(p+".columns", "tabellen har både en lista med kolumnnamn och deklarerade kolumner; välj det ena")
	case len(t.Declared) > 0:
		v.moneyColumns(p+".columns", t)
	}
	seen := map[MoneyColumn]bool{}
	for i, c := range t.Columns {
		if !oneOf(c, MoneyColumns) {
			v.addf(fmt.Sprintf("%s.columns[%d]", p, i), "okänd kolumn %q: ska vara en av %s", c, list(MoneyColumns))
		} else if seen[c] {
			v.addf(fmt.Sprintf("%s.columns[%d]", p, i), "kolumnen %q förekommer två gånger", c)
		}
		seen[c] = true
	}
	rowIDs := map[string]bool{}
	v.moneyRows(p, t, t.Rows, rowIDs)
	v.ledgerSetup(p, t)
}

// ReservedRowKeys are the keys of a money row that cannot be column IDs, since a row holds
// its amounts under its columns' IDs.
var ReservedRowKeys = []MoneyColumn{"id", "label", "negate", "comment", "rows", "sum", "sum_label", "history", "version"}

// moneyColumns checks a table's declared columns: unique IDs that a row can use as keys,
// known kinds and periods, texts, and for computed kinds the columns they are computed
// from: ones the table has, amounts (not shares), never the column itself, no cycles.
func (v *validator) moneyColumns(p string, t *MoneyTable) {
	before := len(v.problems)
	ids := v.ids(p, len(t.Declared), func(i int) string { return string(t.Declared[i].ID) }, "tabellens kolumner")
	layout := t.Layout()
	for i, c := range t.Declared {
		q := fmt.Sprintf("%s[%d]", p, i)
		if slices.Contains(ReservedRowKeys, c.ID) {
			v.addf(q+".id", "%q kan inte vara ett kolumn-id: raderna använder det ordet själva", c.ID)
		}
		if !oneOf(c.Kind, ColumnKinds) {
			v.addf(q+".kind", "okänt slag av kolumn %q: ska vara ett av %s", c.Kind, list(ColumnKinds))
			continue
		}
		if c.Period != "" && !oneOf(c.Period, ColumnPeriods) {
			v.addf(q+".period", "okänd period %q: ska vara en av %s", c.Period, list(ColumnPeriods))
		}
		if msg := CheckText(c.Heading); msg != "" {
			v.addf(q+".heading", "%s", msg)
		}
		if msg := CheckText(c.Group); msg != "" {
			v.addf(q+".group", "%s", msg)
		}
		need := 0
		switch c.Kind {
		case KindDeviation, KindRemaining, KindShare:
			need = 2
		case KindNet:
			if len(c.Of) == 0 && len(layout[i].Of) == 0 {
				v.addf(q+".of", "nettot räknas ur en intäkts- och en kostnadskolumn: tabellen har inte båda; ange dem med of")
			}
			need = -1
		case KindRevisedBudget:
			need = -1
		}
		switch {
		case need == 0 && len(c.Of) > 0:
			v.addf(q+".of", "en kolumn av slaget %s räknas inte fram och har ingen of", c.Kind)
			continue
		case need == 2 && len(c.Of) != 2:
			v.addf(q+".of", "en kolumn av slaget %s räknas ur två kolumner: of ska ha två kolumn-id, har %d", c.Kind, len(c.Of))
			continue
		case need == -1 && len(c.Of) == 1:
			v.addf(q+".of", "of ska ha minst två kolumn-id")
			continue
		}
		for j, o := range c.Of {
			r := fmt.Sprintf("%s.of[%d]", q, j)
			d, ok := t.Column(o)
			switch {
			case o == c.ID:
				v.addf(r, "kolumnen kan inte räknas ur sig själv")
			case !ok || !ids[string(o)]:
				v.addf(r, "tabellen har ingen kolumn %q", o)
			case !d.IsAmount():
				v.addf(r, "kolumnen %q är en andel; bara belopp kan räknas med", o)
			}
		}
	}
	if len(v.problems) == before {
		if c, ok := t.columnCycle(); ok {
			v.addf(p, "kolumnerna räknas ur varandra i en ring (%s)", c)
		}
	}
}

// columnCycle finds computed columns that depend on one another in a ring.
func (t *MoneyTable) columnCycle() (string, bool) {
	of := map[MoneyColumn][]MoneyColumn{}
	for _, c := range t.Layout() {
		of[c.ID] = c.Of
	}
	state := map[MoneyColumn]int{} // 1 visiting, 2 done
	var path []string
	var visit func(id MoneyColumn) bool
	visit = func(id MoneyColumn) bool {
		switch state[id] {
		case 1:
			path = append(path, string(id))
			return true
		case 2:
			return false
		}
		state[id] = 1
		path = append(path, string(id))
		for _, o := range of[id] {
			if visit(o) {
				return true
			}
		}
		path = path[:len(path)-1]
		state[id] = 2
		return false
	}
	for _, c := range t.Layout() {
		if visit(c.ID) {
			return strings.Join(path, " → "), true
		}
	}
	return "", false
}

// hasKind reports whether the table has an entered column of the kind for the period.
func (t *MoneyTable) hasKind(k ColumnKind, p ColumnPeriod) bool {
	_, ok := t.ColumnOf(k, p)
	return ok
}

// CheckLedgerSetup checks a money table's account mapping and periodisation (what a
// controller edits on the site) as Validate does; paths are relative to the table
// ("mapping[2].accounts[0]", "periodisation").
func (t *MoneyTable) CheckLedgerSetup() []Problem {
	var v validator
	v.ledgerSetup("", t)
	for i := range v.problems {
		v.problems[i].Path = strings.TrimPrefix(v.problems[i].Path, ".")
	}
	return v.problems
}

func (v *validator) ledgerSetup(p string, t *MoneyTable) {
	v.mapping(p, t)
	switch {
	case t.Periodisation == "":
	case !oneOf(t.Periodisation, Periodisations):
		v.addf(p+".periodisation", "okänd periodisering %q: ska vara en av %s", t.Periodisation, list(Periodisations))
	case !t.hasKind(KindBudget, PeriodYear) || !t.hasKind(KindPeriodBudget, PeriodPeriod):
		v.addf(p+".periodisation", "periodisering fördelar kolumnen budget på perioden: tabellen behöver kolumnerna budget och period_budget")
	}
}

// mapping checks a money table's account mapping: every rule names a row of the table
// that holds amounts and at least one account range; objects come with their dimension,
// and all rules that restrict to objects use the same dimension.
func (v *validator) mapping(p string, t *MoneyTable) {
	leaves := t.leafRows()
	dim := 0
	for i, r := range t.Mapping {
		q := fmt.Sprintf("%s.mapping[%d]", p, i)
		switch {
		case r.Row == "":
			v.addf(q+".row", "rad saknas")
		case !leaves[r.Row]:
			v.addf(q+".row", "tabellen har ingen rad %q med belopp", r.Row)
		}
		if len(r.Accounts) == 0 {
			v.addf(q+".accounts", "regeln har inga konton")
		}
		for j, a := range r.Accounts {
			if _, err := ParseAccountRange(a.String()); err != nil || a.From == "" {
				v.addf(fmt.Sprintf("%s.accounts[%d]", q, j), "ogiltigt kontointervall %q", a.String())
			}
		}
		switch {
		case r.Dimension < 0 || r.Dimension > 9999:
			v.addf(q+".dimension", "dimensionen ska vara ett heltal 1–9999")
		case r.Dimension > 0 && len(r.Objects) == 0:
			v.addf(q+".objects", "en regel med dimension behöver objekt")
		case r.Dimension == 0 && len(r.Objects) > 0:
			v.addf(q+".dimension", "objekt kräver en dimension")
		case r.Dimension > 0 && dim != 0 && r.Dimension != dim:
			v.addf(q+".dimension", "tabellens regler använder redan dimension %d; en tabell kan bara välja objekt ur en dimension", dim)
		case r.Dimension > 0:
			dim = r.Dimension
		}
		for j, o := range r.Objects {
			if strings.TrimSpace(o) == "" {
				v.addf(fmt.Sprintf("%s.objects[%d]", q, j), "tomt objekt")
			} else if msg := CheckText(o); msg != "" {
				v.addf(fmt.Sprintf("%s.objects[%d]", q, j), "%s", msg)
			}
		}
	}
}

// tableRow checks a table row's ID: present, valid and not already among the table's rows
// at any depth (ids).
func (v *validator) tableRow(q, id string, ids map[string]bool) {
	switch {
	case id == "":
		v.addf(q+".id", "id saknas")
	case !ValidID(id):
		v.addf(q+".id", "ogiltigt id %q", id)
	case ids[id]:
		v.addf(q+".id", "tabellen har redan en rad %q", id)
	}
	ids[id] = true
}

// groupSum checks where a group of a money or free table shows its sum, and that the
// row showing it has its text.
func (v *validator) groupSum(q string, sum SumPosition, label, sumLabel string) {
	if sum != SumNone && sum != SumTop && sum != SumBottom && sum != "" {
		v.addf(q+".sum", "okänt läge för summan %q: ska vara none, top eller bottom", sum)
	}
	if sum == SumTop && label == "" {
		v.addf(q+".label", "en grupp med summan på rubrikraden behöver en rubrik")
	}
	if sum == SumBottom && sumLabel == "" {
		v.addf(q+".sum_label", "en grupp med summarad behöver en text för summaraden")
	}
}

func (v *validator) moneyRows(p string, t *MoneyTable, rows []MoneyRow, ids map[string]bool) {
	for i := range rows {
		r := &rows[i]
		q := fmt.Sprintf("%s.rows[%d]", p, i)
		v.tableRow(q, r.ID, ids)
		if r.Group {
			v.groupSum(q, r.Sum, r.Label, r.SumLabel)
			v.moneyRows(q, t, r.Rows, ids)
			continue
		}
		v.add(q, t.ValidateRow(r))
	}
}

func (v *validator) freeTable(p string, t *FreeTable, tables map[string]bool) {
	v.tableID(p+".id", t.ID, tables)
	v.required(p+".title", t.Title)
	if !t.Unit.Valid() {
		v.addf(p+".amount_unit", "okänd beloppsenhet %q: ska vara kr, tkr eller mnkr", t.Unit)
	}
	cols := v.ids(p+".columns", len(t.Columns), func(i int) string { return t.Columns[i].ID }, "tabellens kolumner")
	if len(t.Columns) == 0 {
		v.addf(p+".columns", "tabellen har inga kolumner")
	}
	types := map[string]ColumnType{}
	for _, c := range t.Columns {
		types[c.ID] = c.Type
	}
	for i, c := range t.Columns {
		q := fmt.Sprintf("%s.columns[%d]", p, i)
		v.required(q+".label", c.Label)
		if !oneOf(c.Type, ColumnTypes) {
			v.addf(q+".type", "okänd kolumntyp %q: ska vara en av %s", c.Type, list(ColumnTypes))
		}
		if c.Sum && !c.Type.Numeric() {
			v.addf(q+".sum", "kolumnen %q av typen %s kan inte summeras", c.ID, c.Type)
		}
		for _, term := range c.Formula {
			switch {
			case !cols[term.Column]:
				v.addf(q+".formula", "formeln nämner kolumnen %q som inte finns", term.Column)
			case term.Column == c.ID:
				v.addf(q+".formula", "kolumnen %q räknas från sig själv", c.ID)
			case types[term.Column] != c.Type:
				v.addf(q+".formula", "kolumnen %q är av typen %s, inte %s", term.Column, types[term.Column], c.Type)
			}
		}
		if len(c.Formula) > 0 && !c.Type.Numeric() {
			v.addf(q+".formula", "bara talkolumner kan räknas fram")
		}
	}
	v.freeRows(p, t, t.Rows, map[string]bool{})
	v.rowFormulas(p, t)
}

// rowFormulas checks a free table's row formulas: each names rows of the same table that
// hold cells (entered or computed by a formula of their own), never a group, and no row is
// computed from itself, directly or through other formula rows.
func (v *validator) rowFormulas(p string, t *FreeTable) {
	type place struct {
		path string
		row  *FreeRow
	}
	rows := map[string]place{}
	var order []string
	var walk func(q string, rs []FreeRow)
	walk = func(q string, rs []FreeRow) {
		for i := range rs {
			r := &rs[i]
			rp := fmt.Sprintf("%s.rows[%d]", q, i)
			if _, dup := rows[r.ID]; !dup && r.ID != "" {
				rows[r.ID] = place{rp, r}
				order = append(order, r.ID)
			}
			if r.Group {
				walk(rp, r.Rows)
			}
		}
	}
	walk(p, t.Rows)
	for _, id := range order {
		pl := rows[id]
		if pl.row.Group {
			continue // ValidateRow reports a group's formula
		}
		for _, term := range pl.row.Formula {
			switch o, ok := rows[term.Column]; {
			case !ok:
				v.addf(pl.path+".formula", "formeln nämner raden %q, som tabellen inte har", term.Column)
			case o.row.Group:
				v.addf(pl.path+".formula", "formeln nämner %q, som är en grupp: en formel räknar med rader som har celler", term.Column)
			}
		}
		if cycle := formulaCycle(id, func(id string) Formula {
			if pl, ok := rows[id]; ok && !pl.row.Group {
				return pl.row.Formula
			}
			return nil
		}); cycle != nil {
			if len(cycle) == 2 {
				v.addf(pl.path+".formula", "raden %q räknas fram ur sig själv", id)
			} else {
				v.addf(pl.path+".formula", "raden %q räknas fram ur sig själv genom andra rader: %s", id, strings.Join(cycle, " → "))
			}
		}
	}
}

// formulaCycle returns the path by which the row id's formula leads back to id
// ("a → b → a" as [a b a]), or nil when it does not. formula returns a row's formula.
func formulaCycle(id string, formula func(string) Formula) []string {
	seen := map[string]bool{}
	var path []string
	var visit func(at string) bool
	visit = func(at string) bool {
		path = append(path, at)
		for _, term := range formula(at) {
			if term.Column == id {
				path = append(path, id)
				return true
			}
			if !seen[term.Column] {
				seen[term.Column] = true
				if visit(term.Column) {
					return true
				}
			}
		}
		path = path[:len(path)-1]
		return false
	}
	if visit(id) {
		return path
	}
	return nil
}

// freeRows checks a free table's rows at any depth: IDs unique in the whole table, a
// group's sum position and labels as a money table's, cells only on rows that are not
// groups.
func (v *validator) freeRows(p string, t *FreeTable, rows []FreeRow, ids map[string]bool) {
	for i := range rows {
		r := &rows[i]
		q := fmt.Sprintf("%s.rows[%d]", p, i)
		v.tableRow(q, r.ID, ids)
		if r.Group {
			v.groupSum(q, r.Sum, r.Label, r.SumLabel)
		}
		v.add(q, t.ValidateRow(r))
		if r.Group {
			v.freeRows(q, t, r.Rows, ids)
		}
	}
}

func (v *validator) goals(levels, areas, units, periods map[string]bool) map[string]bool {
	d := v.d
	goals := v.ids("goals", len(d.Goals), func(i int) string { return d.Goals[i].ID }, "målen")
	for i := range d.Goals {
		g := &d.Goals[i]
		p := fmt.Sprintf("goals[%d]", i)
		v.required(p+".title", g.Title)
		if !levels[g.Level] {
			v.addf(p+".level", "det finns ingen målnivå %q", g.Level)
		}
		switch {
		case g.Parent == "" && g.Area == "":
			v.addf(p+".area", "ett mål utan överordnat mål behöver ett målområde")
		case g.Area != "" && !areas[g.Area]:
			v.addf(p+".area", "det finns inget målområde %q", g.Area)
		}
		if g.Parent != "" {
			switch {
			case !goals[g.Parent]:
				v.addf(p+".parent", "det finns inget mål %q", g.Parent)
			case v.goalCycle(g.ID):
				v.addf(p+".parent", "målet %q ligger under sig själv", g.ID)
			default:
				if a := d.GoalArea(g.Parent); g.Area != "" && a != nil && a.ID != g.Area {
					v.addf(p+".area", "målområdet %q skiljer sig från det överordnade målets %q", g.Area, a.ID)
				}
			}
		}
		if g.Unit != "" && !units[g.Unit] {
			v.addf(p+".unit", "det finns ingen enhet %q", g.Unit)
		}
		tags := map[string]bool{}
		for j, t := range g.Tags {
			q := fmt.Sprintf("%s.tags[%d]", p, j)
			switch {
			case !ValidID(t):
				v.addf(q, "ogiltig tagg %q: använd små bokstäver a–z, siffror, '-', '_' och '.'", t)
			case tags[t]:
				v.addf(q, "taggen %q står två gånger", t)
			}
			tags[t] = true
		}
		if g.Retired != 0 {
			v.year(p+".retired", g.Retired)
		}
		if g.Since != 0 {
			v.year(p+".since", g.Since)
			if g.Retired != 0 && g.Retired < g.Since {
				v.addf(p+".retired", "målet kan inte avslutas %d, före sitt första år %d", g.Retired, g.Since)
			}
		}
		seen := map[string]bool{}
		for j, f := range g.Followups {
			q := fmt.Sprintf("%s.followups[%d]", p, j)
			unit := f.Unit
			if unit == "" {
				unit = g.Unit
			}
			v.followupPeriod(q, unit, f.Unit != "", f.Period, units, periods, seen)
			if per := d.Period(unit, f.Period); per != nil && !g.InForce(per.Year()) {
				if g.Since != 0 && per.Year() < g.Since {
					v.addf(q+".period", "målet gäller från %d och kan inte följas upp i perioden %q (%d)", g.Since, f.Period, per.Year())
				} else {
					v.addf(q+".period", "målet avslutades %d och kan inte följas upp i perioden %q (%d)", g.Retired, f.Period, per.Year())
				}
			}
			v.add(q, f.Validate(&d.Municipality))
		}
	}
	return goals
}

func (v *validator) followupPeriod(q, unit string, unitGiven bool, period string, units, periods, seen map[string]bool) {
	switch {
	case unit == "":
		v.addf(q+".unit", "enhet saknas: ange vilken enhets period uppföljningen gäller")
	case unitGiven && !units[unit]:
		v.addf(q+".unit", "det finns ingen enhet %q", unit)
	case period == "":
		v.addf(q+".period", "period saknas")
	case !periods[periodKey(unit, period)]:
		v.addf(q+".period", "enheten %q har ingen period %q", unit, period)
	case seen[periodKey(unit, period)]:
		v.addf(q+".period", "perioden %q följs upp två gånger", period)
	}
	seen[periodKey(unit, period)] = true
}

func (v *validator) goalCycle(id string) bool {
	seen := map[string]bool{}
	for g := v.d.Goal(id); g != nil; g = v.d.Goal(g.Parent) {
		if seen[g.ID] {
			return true
		}
		seen[g.ID] = true
	}
	return false
}

func (v *validator) indicators(goals, units map[string]bool) {
	d := v.d
	v.ids("indicators", len(d.Indicators), func(i int) string { return d.Indicators[i].ID }, "indikatorerna")
	for i := range d.Indicators {
		ind := &d.Indicators[i]
		p := fmt.Sprintf("indicators[%d]", i)
		v.required(p+".name", ind.Name)
		if !goals[ind.Goal] {
			v.addf(p+".goal", "det finns inget mål %q", ind.Goal)
		}
		if ind.Direction != HigherIsBetter && ind.Direction != LowerIsBetter {
			v.addf(p+".direction", "okänd riktning %q: ska vara higher eller lower", ind.Direction)
		}
		if ind.Decimals < 0 || ind.Decimals > maxDecimalScale {
			v.addf(p+".decimals", "antalet decimaler %d ska vara 0–%d", ind.Decimals, maxDecimalScale)
		}
		if ind.Owner != "" && !units[ind.Owner] {
			v.addf(p+".owner", "det finns ingen enhet %q", ind.Owner)
		}
		if ind.Tolerance != nil && (ind.Tolerance.Sign() < 0 || ind.Tolerance.Cmp(DecimalFromInt(100)) > 0) {
			v.addf(p+".tolerance", "toleransen %s ska vara 0–100 (procent av målvärdet)", ind.Tolerance)
		}
		if ind.KoladaGender != "" && !oneOf(ind.KoladaGender, []string{"T", "K", "M"}) {
			v.addf(p+".kolada_gender", "okänt kön %q: ska vara T, K eller M", ind.KoladaGender)
		}
		years := map[int]bool{}
		for j := range ind.Values {
			val := &ind.Values[j]
			q := fmt.Sprintf("%s.values[%d]", p, j)
			v.year(q+".year", val.Year)
			if years[val.Year] {
				v.addf(q+".year", "året %d förekommer två gånger", val.Year)
			}
			years[val.Year] = true
			v.add(q, val.Validate(ind), "year")
		}
		tyears := map[int]bool{}
		for j := range ind.Targets {
			t := &ind.Targets[j]
			q := fmt.Sprintf("%s.targets[%d]", p, j)
			v.year(q+".year", t.Year)
			if tyears[t.Year] {
				v.addf(q+".year", "året %d har redan ett etappmål", t.Year)
			}
			tyears[t.Year] = true
			v.add(q, t.Validate(), "year")
		}
		if ind.LongTerm != nil {
			v.year(p+".long_term.year", ind.LongTerm.Year)
			v.add(p+".long_term", ind.LongTerm.Validate(), "year")
		}
	}
}

func (v *validator) year(path string, y int) {
	if y < MinYear || y > MaxYear {
		v.addf(path, "året %d är orimligt", y)
	}
}

func (v *validator) assignments(goals, units, periods map[string]bool) {
	d := v.d
	v.ids("assignments", len(d.Assignments), func(i int) string { return d.Assignments[i].ID }, "uppdragen")
	for i := range d.Assignments {
		a := &d.Assignments[i]
		p := fmt.Sprintf("assignments[%d]", i)
		v.required(p+".title", a.Title)
		if !goals[a.Goal] {
			v.addf(p+".goal", "det finns inget mål %q", a.Goal)
		}
		if a.Unit != "" && !units[a.Unit] {
			v.addf(p+".unit", "det finns ingen enhet %q", a.Unit)
		}
		v.statusFollowups(p, d.AssignmentUnit(a), a.Followups, units, periods)
	}
}

func (v *validator) statusFollowups(p, unit string, fs []StatusFollowup, units, periods map[string]bool) {
	seen := map[string]bool{}
	for j, f := range fs {
		q := fmt.Sprintf("%s.followups[%d]", p, j)
		u := f.Unit
		if u == "" {
			u = unit
		}
		v.followupPeriod(q, u, f.Unit != "", f.Period, units, periods, seen)
		v.add(q, f.Validate(&v.d.Municipality))
	}
}

func (v *validator) controls(units, periods map[string]bool) {
	d := v.d
	ic := map[string]bool{}
	icID := func(path, id string) {
		switch {
		case id == "":
			v.addf(path, "id saknas")
		case !ValidID(id):
			v.addf(path, "ogiltigt id %q", id)
		case ic[id]:
			v.addf(path, "id %q finns redan i den interna kontrollen", id)
		}
		ic[id] = true
	}
	icUnit := func(path, unit string) {
		if unit == "" {
			v.addf(path, "enhet saknas")
		} else if !units[unit] {
			v.addf(path, "det finns ingen enhet %q", unit)
		}
	}
	score := func(path string, n int) {
		if n < 0 || n > 5 {
			v.addf(path, "värdet %d ska vara 1–5", n)
		}
	}
	for i := range d.Risks {
		r := &d.Risks[i]
		p := fmt.Sprintf("internal_control.risks[%d]", i)
		icID(p+".id", r.ID)
		icUnit(p+".unit", r.Unit)
		v.required(p+".risk", r.Risk)
		score(p+".probability", r.Probability)
		score(p+".consequence", r.Consequence)
		for j := range r.Actions {
			a := &r.Actions[j]
			q := fmt.Sprintf("%s.actions[%d]", p, j)
			icID(q+".id", a.ID)
			v.required(q+".action", a.Action)
			v.statusFollowups(q, r.Unit, a.Followups, units, periods)
		}
	}
	for i := range d.Audits {
		a := &d.Audits[i]
		p := fmt.Sprintf("internal_control.audits[%d]", i)
		icID(p+".id", a.ID)
		icUnit(p+".unit", a.Unit)
		v.required(p+".title", a.Title)
		v.required(p+".action", a.Action)
		v.statusFollowups(p, a.Unit, a.Followups, units, periods)
	}
	for i := range d.Controls {
		c := &d.Controls[i]
		p := fmt.Sprintf("internal_control.controls[%d]", i)
		icID(p+".id", c.ID)
		icUnit(p+".unit", c.Unit)
		v.required(p+".control", c.Control)
		v.statusFollowups(p, c.Unit, c.Followups, units, periods)
	}
}

func (v *validator) templates() {
	d := v.d
	v.ids("templates", len(d.Templates), func(i int) string { return d.Templates[i].ID }, "rapportmallarna")
	for i := range d.Templates {
		t := &d.Templates[i]
		p := fmt.Sprintf("templates[%d]", i)
		v.required(p+".name", t.Name)
		v.sections(p, t.Sections)
	}
}

// goalFilters checks a section's goal filters: only goals and assignments sections have
// them, and each names a goal level, goal area, dimension or unit that exists, or a tag
// that some goal carries.
func (v *validator) goalFilters(q string, s Section) {
	if !s.Kind.FiltersGoals() {
		for _, f := range []struct {
			key string
			n   int
		}{{"levels", len(s.Levels)}, {"areas", len(s.Areas)}, {"dimensions", len(s.Dimensions)}, {"owners", len(s.Owners)}, {"tags", len(s.Tags)}} {
			if f.key == "owners" && s.Kind.Consolidates() {
				// The boards a consolidating section gathers.
				for i, u := range s.Owners {
					if v.d.Unit(u) == nil {
						v.addf(fmt.Sprintf("%s.owners[%d]", q, i), "det finns ingen enhet %q", u)
					}
				}
				continue
			}
			if f.n > 0 {
				v.addf(q+"."+f.key, "bara avsnitt av typen %s, %s, %s och %s visar mål och kan välja dem (levels, areas, dimensions, owners, tags)", SectionGoals, SectionAssignments, SectionKeyFigures, SectionCouncilGoals)
			}
		}
		return
	}
	d := v.d
	for i, l := range s.Levels {
		if !slices.ContainsFunc(d.GoalLevels, func(x GoalLevel) bool { return x.ID == l }) {
			v.addf(fmt.Sprintf("%s.levels[%d]", q, i), "målnivån %q finns inte i goal_levels", l)
		}
	}
	for i, a := range s.Areas {
		if !slices.ContainsFunc(d.GoalAreas, func(x GoalArea) bool { return x.ID == a }) {
			v.addf(fmt.Sprintf("%s.areas[%d]", q, i), "målområdet %q finns inte i goal_areas", a)
		}
	}
	for i, dim := range s.Dimensions {
		if !oneOf(dim, Dimensions) {
			v.addf(fmt.Sprintf("%s.dimensions[%d]", q, i), "okänd dimension %q: ska vara en av %s", dim, list(Dimensions))
		}
	}
	for i, u := range s.Owners {
		if d.Unit(u) == nil {
			v.addf(fmt.Sprintf("%s.owners[%d]", q, i), "det finns ingen enhet %q", u)
		}
	}
	for i, t := range s.Tags {
		if !slices.ContainsFunc(d.Goals, func(g Goal) bool { return slices.Contains(g.Tags, t) }) {
			v.addf(fmt.Sprintf("%s.tags[%d]", q, i), "inget mål har taggen %q", t)
		}
	}
}

// coverAndLayout checks a cover section's fields and a goals section's layout.
func (v *validator) coverAndLayout(q string, s Section) {
	if len(s.Fields) > 0 && s.Kind != SectionCover {
		v.addf(q+".fields", "bara avsnitt av typen %s kan välja uppgifter (fields)", SectionCover)
	} else {
		seen := map[CoverField]bool{}
		for i, f := range s.Fields {
			p := fmt.Sprintf("%s.fields[%d]", q, i)
			switch {
			case !oneOf(f, CoverFields):
				v.addf(p, "okänd uppgift %q: ska vara en av %s", f, list(CoverFields))
			case seen[f]:
				v.addf(p, "uppgiften %q står två gånger", f)
			}
			seen[f] = true
		}
	}
	switch {
	case s.Layout == "":
	case s.Kind != SectionGoals:
		v.addf(q+".layout", "bara avsnitt av typen %s kan välja layout", SectionGoals)
	case !oneOf(s.Layout, GoalsLayouts):
		v.addf(q+".layout", "okänd layout %q: ska vara en av %s", s.Layout, list(GoalsLayouts))
	}
}

func (v *validator) sections(p string, ss []Section) {
	for i, s := range ss {
		q := fmt.Sprintf("%s.sections[%d]", p, i)
		if !oneOf(s.Kind, SectionKinds) {
			v.addf(q+".kind", "okänd avsnittstyp %q: ska vara en av %s", s.Kind, list(SectionKinds))
		}
		if s.Kind.NeedsRef() && s.Ref == "" {
			v.addf(q+".ref", "avsnitt av typen %s behöver ref", s.Kind)
		}
		if s.Kind == SectionSummary && !oneOf(s.Ref, SummaryRefs) {
			v.addf(q+".ref", "sammanfattningen %q finns inte: ska vara en av %s", s.Ref, strings.Join(SummaryRefs, ", "))
		}
		if (s.Kind == SectionStatement || s.Kind == SectionConsolidatedStatement) && !oneOf(s.Ref, StatementRefs) {
			v.addf(q+".ref", "räkenskapen %q finns inte: ska vara en av %s (resultaträkning, balansräkning, kassaflödesanalys)", s.Ref, strings.Join(StatementRefs, ", "))
		}
		if !s.Kind.NeedsRef() && s.Kind != SectionSummary && s.Kind != SectionStatement && s.Kind != SectionConsolidatedStatement && s.Ref != "" {
			v.addf(q+".ref", "avsnitt av typen %s visar ingen text eller tabell och kan inte ha ref", s.Kind)
		}
		if s.Kind == SectionHeading && s.Title == "" {
			v.addf(q+".title", "en rubrik behöver en titel")
		}
		if s.Years < 0 || s.Years > MaxIndicatorYears {
			v.addf(q+".years", "antalet år %d ska vara mellan 1 och %d", s.Years, MaxIndicatorYears)
		}
		if (s.Years != 0 || s.BaseYears) && s.Kind != SectionGoals {
			v.addf(q+".years", "bara avsnitt av typen %s visar indikatorer och kan välja år (years, base_years)", SectionGoals)
		}
		v.goalFilters(q, s)
		v.coverAndLayout(q, s)
		v.sections(q, s.Sections)
	}
}
