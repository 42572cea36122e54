package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"github.com/tertial/tertial"
)

// datasetTables lists every table of a municipality's dataset, children before parents, in
// the order they are emptied.
var datasetTables = []string{
	"ic_followups", "ic_items", "assignment_followups", "assignments",
	"indicator_targets", "indicator_values", "indicators", "goal_followups", "goals",
	"free_cells", "free_rows", "free_columns", "free_tables",
	"money_table_mapping", "money_row_history", "money_amounts", "money_rows", "money_columns", "money_tables",
	"section_states", "attachments", "text_sections", "period_assessments", "periods",
	"template_sections", "templates", "units", "goal_areas", "goal_levels",
	"comparison_municipalities", "vocabulary", "scale_levels", "municipality_logos",
}

// ReplaceDataset stores ds as the whole dataset of its municipality, replacing what the
// store held for it, in one transaction: either all of ds is stored or nothing changes.
// It validates ds first and returns an EINVALID error listing the problems if it has any.
func (db *DB) ReplaceDataset(ctx context.Context, ds *tertial.Dataset) error {
	if problems := ds.Validate(); len(problems) > 0 {
		msgs := make([]string, len(problems))
		for i, p := range problems {
			msgs[i] = p.String()
		}
		return tertial.Errorf(tertial.EINVALID, "datamängden är inte giltig:\n%s", strings.Join(msgs, "\n"))
	}
	return db.inTx(ctx, func(tx *Tx) error { return db.replaceDataset(tx, ds) })
}

// replaceDataset is ReplaceDataset in a transaction, after ds was validated.
func (db *DB) replaceDataset(tx *Tx, ds *tertial.Dataset) error {
	// The generation goes on from the replaced data's, so no cached copy of it is
	// taken for the new one.
	var gen int64
	err := tx.get(`SELECT generation FROM municipalities WHERE code = ?`, []any{ds.Municipality.Code}, &gen)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	// Versions go on from the replaced data's too: a form opened before the import,
	// saved after it, must meet a newer version and get the conflict page, not
	// overwrite what the import brought.
	base, err := maxVersion(tx, ds.Municipality.Code)
	if err != nil {
		return err
	}
	if err := deleteMunicipality(tx, ds.Municipality.Code); err != nil {
		return err
	}
	if err := insertDataset(tx, ds); err != nil {
		return err
	}
	if base > 0 {
		for _, v := range versionColumns {
			if err := tx.exec(`UPDATE `+v[0]+` SET `+v[1]+` = `+v[1]+` + ? WHERE muni = ?`, base+1, ds.Municipality.Code); err != nil {
				return err
			}
		}
	}
	if err := db.freezeImported(tx, ds); err != nil {
		return err
	}
	// A time-based floor keeps generations growing even after the municipality was
	// deleted and imported again (its old generation is gone with it).
	return tx.exec(`UPDATE municipalities SET generation = ? WHERE code = ?`, max(gen+1, db.Now().UnixMicro()), ds.Municipality.Code)
}

// versionColumns are the tables and columns that hold the version of an editable item.
var versionColumns = [][2]string{
	{"goal_followups", "version"}, {"indicator_values", "version"}, {"indicator_targets", "version"},
	{"assignment_followups", "version"}, {"ic_followups", "version"}, {"money_rows", "version"},
	{"text_sections", "version"}, {"free_rows", "version"}, {"periods", "version"},
	{"section_states", "version"}, {"money_tables", "setup_version"},
	{"goals", "version"}, {"indicators", "version"}, {"assignments", "version"},
}

// maxVersion returns the highest version of any item of the municipality, or of what it
// held when it was last deleted (0 for none).
func maxVersion(tx *Tx, muni string) (int64, error) {
	var top int64
	if err := tx.get(`SELECT COALESCE(MAX(floor), 0) FROM version_floors WHERE muni = ?`, []any{muni}, &top); err != nil {
		return 0, err
	}
	for _, v := range versionColumns {
		var n int64
		if err := tx.get(`SELECT COALESCE(MAX(`+v[1]+`), 0) FROM `+v[0]+` WHERE muni = ?`, []any{muni}, &n); err != nil {
			return 0, err
		}
		top = max(top, n)
	}
	return top, nil
}

// DeleteMunicipality removes a municipality and all its data. It returns ENOTFOUND if the
// store does not hold it.
func (db *DB) DeleteMunicipality(ctx context.Context, code string) error {
	return db.inTx(ctx, func(tx *Tx) error {
		var n int
		if err := tx.get(`SELECT COUNT(*) FROM municipalities WHERE code = ?`, []any{code}, &n); err != nil {
			return err
		}
		if n == 0 {
			return tertial.Errorf(tertial.ENOTFOUND, "det finns ingen kommun med koden %q", code)
		}
		// Versions of a later import go on from these.
		top, err := maxVersion(tx, code)
		if err != nil {
			return err
		}
		if err := tx.exec(`DELETE FROM version_floors WHERE muni = ?`, code); err != nil {
			return err
		}
		if err := tx.exec(`INSERT INTO version_floors (muni, floor) VALUES (?, ?)`, code, top); err != nil {
			return err
		}
		// What a new import of the dataset keeps goes too: the ledger, its snapshots and
		// Kolada's figures.
		for _, q := range []string{
			`DELETE FROM ledger_amounts WHERE import_id IN (SELECT id FROM ledger_imports WHERE muni = ?)`,
			`DELETE FROM ledger_budget WHERE import_id IN (SELECT id FROM ledger_imports WHERE muni = ?)`,
			`DELETE FROM ledger_movements WHERE import_id IN (SELECT id FROM ledger_imports WHERE muni = ?)`,
			`DELETE FROM ledger_balances WHERE import_id IN (SELECT id FROM ledger_imports WHERE muni = ?)`,
			`DELETE FROM ledger_account_names WHERE import_id IN (SELECT id FROM ledger_imports WHERE muni = ?)`,
			`DELETE FROM ledger_imports WHERE muni = ?`,
			`DELETE FROM ledger_snapshots WHERE muni = ?`,
			`DELETE FROM ledger_snapshot_balances WHERE muni = ?`,
			`DELETE FROM ledger_snapshot_charts WHERE muni = ?`,
			`DELETE FROM ledger_snapshot_names WHERE muni = ?`,
			`DELETE FROM ledger_freezes WHERE muni = ?`,
			`DELETE FROM kolada_values WHERE muni = ?`,
			`DELETE FROM kolada_group_members WHERE muni = ?`,
			`DELETE FROM kolada_groups WHERE muni = ?`,
		} {
			if err := tx.exec(q, code); err != nil {
				return err
			}
		}
		return deleteMunicipality(tx, code)
	})
}

func deleteMunicipality(tx *Tx, code string) error {
	for _, t := range datasetTables {
		if err := tx.exec(`DELETE FROM `+t+` WHERE muni = ?`, code); err != nil {
			return err
		}
	}
	return tx.exec(`DELETE FROM municipalities WHERE code = ?`, code)
}

// null returns nil for "" so that optional references are stored as NULL.
func null(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func nullDecimal(d *tertial.Decimal) any {
	if d == nil {
		return nil
	}
	return d.String()
}

func nullInt(p *int) any {
	if p == nil {
		return nil
	}
	return *p
}

func nullScore(n int) any {
	if n == 0 {
		return nil
	}
	return n
}

// nullYear is a year column's value: NULL for 0 (none).
func nullYear(y int) any {
	if y == 0 {
		return nil
	}
	return y
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func dateText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

func insertDataset(tx *Tx, ds *tertial.Dataset) error {
	m := ds.Municipality
	mu := m.Code
	var vision tertial.Vision
	if m.Vision != nil {
		vision = *m.Vision
	}
	if err := tx.exec(`INSERT INTO municipalities (code, name, county, county_code, vision_title, vision_text, colour) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		mu, m.Name, m.County, m.CountyCode, vision.Title, vision.Text, m.Colour); err != nil {
		return err
	}
	for i, c := range m.Comparison {
		if err := tx.exec(`INSERT INTO comparison_municipalities (muni, code, pos, name) VALUES (?, ?, ?, ?)`, mu, c.Code, i, c.Name); err != nil {
			return err
		}
	}
	if err := insertLogo(tx, mu, m.Logo); err != nil {
		return err
	}
	for _, t := range tertial.Terms {
		if w, ok := m.Vocabulary[t]; ok {
			if err := tx.exec(`INSERT INTO vocabulary (muni, term, word) VALUES (?, ?, ?)`, mu, string(t), w); err != nil {
				return err
			}
		}
	}
	for _, kind := range tertial.ScaleKinds {
		for i, l := range m.Scales[kind] {
			if err := tx.exec(`INSERT INTO scale_levels (muni, kind, pos, id, name, symbol, colour) VALUES (?, ?, ?, ?, ?, ?, ?)`,
				mu, string(kind), i, l.ID, l.Name, l.Symbol, string(l.Colour)); err != nil {
				return err
			}
		}
	}
	for i, l := range ds.GoalLevels {
		if err := tx.exec(`INSERT INTO goal_levels (muni, id, pos, name) VALUES (?, ?, ?, ?)`, mu, l.ID, i, l.Name); err != nil {
			return err
		}
	}
	for i, a := range ds.GoalAreas {
		// The dimension column's CHECK takes no empty value (migration 0019): an area
		// without a dimension is marked by has_dimension and holds a placeholder.
		dim, has := a.Dimension, 1
		if dim == "" {
			dim, has = tertial.Economic, 0
		}
		if err := tx.exec(`INSERT INTO goal_areas (muni, id, pos, name, dimension, has_dimension, description) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			mu, a.ID, i, a.Name, string(dim), has, a.Description); err != nil {
			return err
		}
	}
	for i := range ds.Units {
		if err := insertUnit(tx, mu, i, &ds.Units[i]); err != nil {
			return err
		}
	}
	for i := range ds.Templates {
		if err := insertTemplate(tx, mu, i, &ds.Templates[i]); err != nil {
			return err
		}
	}
	for i := range ds.Periods {
		if err := insertPeriod(tx, mu, i, &ds.Periods[i]); err != nil {
			return err
		}
	}
	for i := range ds.Goals {
		g := &ds.Goals[i]
		if err := tx.exec(`INSERT INTO goals (muni, id, pos, level_id, area_id, parent_id, unit_id, title, description, tags, retired, since)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			mu, g.ID, i, g.Level, null(g.Area), null(g.Parent), null(g.Unit), g.Title, g.Description, strings.Join(g.Tags, ","), nullYear(g.Retired), nullYear(g.Since)); err != nil {
			return err
		}
		for j, f := range g.Followups {
			if err := tx.exec(`INSERT INTO goal_followups (muni, goal_id, unit_id, period_id, pos, assessment, analysis)
				VALUES (?, ?, ?, ?, ?, ?, ?)`,
				mu, g.ID, orDefault(f.Unit, g.Unit), f.Period, j, string(f.Assessment), f.Analysis); err != nil {
				return err
			}
		}
	}
	for i := range ds.Indicators {
		if err := insertIndicator(tx, mu, i, &ds.Indicators[i]); err != nil {
			return err
		}
	}
	for i := range ds.Assignments {
		a := &ds.Assignments[i]
		if err := tx.exec(`INSERT INTO assignments (muni, id, pos, goal_id, unit_id, origin, due, title, description)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			mu, a.ID, i, a.Goal, null(a.Unit), a.Origin, dateText(a.Due), a.Title, a.Description); err != nil {
			return err
		}
		if err := insertStatusFollowups(tx, "assignment_followups", "assignment_id", mu, a.ID, ds.AssignmentUnit(a), a.Followups); err != nil {
			return err
		}
	}
	if err := insertEconomy(tx, mu, &ds.Economy); err != nil {
		return err
	}
	if err := insertStatements(tx, mu, &ds.Statements); err != nil {
		return err
	}
	return insertInternalControl(tx, mu, ds)
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func insertStatusFollowups(tx *Tx, table, itemCol, mu, itemID, unit string, fs []tertial.StatusFollowup) error {
	for j, f := range fs {
		if err := tx.exec(`INSERT INTO `+table+` (muni, `+itemCol+`, unit_id, period_id, pos, status, progress, comment)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			mu, itemID, orDefault(f.Unit, unit), f.Period, j, string(f.Status), nullInt(f.Progress), f.Comment); err != nil {
			return err
		}
	}
	return nil
}

func insertInternalControl(tx *Tx, mu string, ds *tertial.Dataset) error {
	pos := 0
	item := func(kind, id, parent, unit, process, title, caseNo, background, body, reason string, prob, cons int) error {
		pos++
		return tx.exec(`INSERT INTO ic_items (muni, id, pos, kind, parent_id, unit_id, process, title, case_number, background, body, reason, probability, consequence)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			mu, id, pos, kind, null(parent), unit, process, title, caseNo, background, body, reason, nullScore(prob), nullScore(cons))
	}
	for _, r := range ds.Risks {
		if err := item("risk", r.ID, "", r.Unit, r.Process, "", "", "", r.Risk, "", r.Probability, r.Consequence); err != nil {
			return err
		}
		for _, a := range r.Actions {
			if err := item("action", a.ID, r.ID, r.Unit, "", "", "", "", a.Action, "", 0, 0); err != nil {
				return err
			}
			if err := insertStatusFollowups(tx, "ic_followups", "item_id", mu, a.ID, r.Unit, a.Followups); err != nil {
				return err
			}
		}
	}
	for _, a := range ds.Audits {
		if err := item("audit", a.ID, "", a.Unit, "", a.Title, a.CaseNumber, a.Background, a.Action, "", 0, 0); err != nil {
			return err
		}
		if err := insertStatusFollowups(tx, "ic_followups", "item_id", mu, a.ID, a.Unit, a.Followups); err != nil {
			return err
		}
	}
	for _, c := range ds.Controls {
		if err := item("control", c.ID, "", c.Unit, c.Process, "", "", "", c.Control, c.Reason, 0, 0); err != nil {
			return err
		}
		if c.Method != "" || c.Frequency != "" || c.Responsible != "" {
			if err := tx.exec(`UPDATE ic_items SET method = ?, frequency = ?, responsible = ? WHERE muni = ? AND id = ?`,
				c.Method, c.Frequency, c.Responsible, mu, c.ID); err != nil {
				return err
			}
		}
		if err := insertStatusFollowups(tx, "ic_followups", "item_id", mu, c.ID, c.Unit, c.Followups); err != nil {
			return err
		}
	}
	return nil
}

func insertTemplate(tx *Tx, mu string, i int, t *tertial.Template) error {
	if err := tx.exec(`INSERT INTO templates (muni, id, pos, name) VALUES (?, ?, ?, ?)`, mu, t.ID, i, t.Name); err != nil {
		return err
	}
	return insertSections(tx, mu, t, false)
}

func insertIndicator(tx *Tx, mu string, i int, ind *tertial.Indicator) error {
	var ltYear, ltTarget any
	if ind.LongTerm != nil {
		ltYear, ltTarget = ind.LongTerm.Year, ind.LongTerm.Target.String()
	}
	if err := tx.exec(`INSERT INTO indicators (muni, id, pos, goal_id, name, unit, direction, decimals, owner_id, kolada_kpi, kolada_gender, gender, note, long_term_year, long_term_target, tolerance)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		mu, ind.ID, i, ind.Goal, ind.Name, ind.Unit, string(ind.Direction), ind.Decimals, null(ind.Owner),
		ind.KoladaKPI, ind.KoladaGender, boolInt(ind.Gender), ind.Note, ltYear, ltTarget, nullDecimal(ind.Tolerance)); err != nil {
		return err
	}
	for j, v := range ind.Values {
		if err := tx.exec(`INSERT INTO indicator_values (muni, indicator_id, year, pos, value, kind, women, men, numerator, denominator, missing, note)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			mu, ind.ID, v.Year, j, nullDecimal(givenValue(&v)), string(v.Kind), nullDecimal(v.Women), nullDecimal(v.Men),
			nullDecimal(v.Numerator), nullDecimal(v.Denominator), string(v.Missing), v.Note); err != nil {
			return err
		}
	}
	for j, t := range ind.Targets {
		if err := tx.exec(`INSERT INTO indicator_targets (muni, indicator_id, year, pos, target) VALUES (?, ?, ?, ?, ?)`,
			mu, ind.ID, t.Year, j, t.Target.String()); err != nil {
			return err
		}
	}
	return nil
}

// givenValue is the value an entry stores: the one given, not one computed from its
// numerator and denominator, which reading computes again (Indicator.DeriveValues).
func givenValue(v *tertial.IndicatorValue) *tertial.Decimal {
	if v.Computed {
		return nil
	}
	return v.Value
}

func insertPeriod(tx *Tx, mu string, i int, p *tertial.Period) error {
	if err := tx.exec(`INSERT INTO periods (muni, unit_id, id, pos, kind, title, start_date, cutoff, state, template_id, from_id, deadline, decision_date, decision_paragraph, status, cover_text)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		mu, p.Unit, p.ID, i, string(p.Kind), p.Title, dateText(p.Start), dateText(p.Cutoff), string(p.State), null(p.Template),
		p.From, dateText(p.Deadline), dateText(p.DecisionDate), p.DecisionParagraph, p.Status, p.CoverText); err != nil {
		return err
	}
	key := []any{mu, p.Unit, p.ID}
	with := func(args ...any) []any { return append(append([]any{}, key...), args...) }
	for j, a := range p.Assessments {
		if err := tx.exec(`INSERT INTO period_assessments (muni, unit_id, period_id, id, pos, label, assessment) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			with(a.ID, j, a.Label, string(a.Assessment))...); err != nil {
			return err
		}
	}
	for j, t := range p.Texts {
		if err := tx.exec(`INSERT INTO text_sections (muni, unit_id, period_id, id, pos, title, body) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			with(t.ID, j, t.Title, t.Body)...); err != nil {
			return err
		}
	}
	for j, a := range p.Attachments {
		if err := tx.exec(`INSERT INTO attachments (muni, unit_id, period_id, pos, title, description) VALUES (?, ?, ?, ?, ?, ?)`,
			with(j, a.Title, a.Description)...); err != nil {
			return err
		}
	}
	for j := range p.MoneyTables {
		if err := insertMoneyTable(tx, with, j, &p.MoneyTables[j]); err != nil {
			return err
		}
	}
	for j := range p.FreeTables {
		if err := insertFreeTable(tx, with, j, &p.FreeTables[j]); err != nil {
			return err
		}
	}
	return nil
}

func insertMoneyTable(tx *Tx, with func(...any) []any, pos int, t *tertial.MoneyTable) error {
	cols := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		cols[i] = string(c)
	}
	if err := tx.exec(`INSERT INTO money_tables (muni, unit_id, period_id, id, pos, title, amount_unit, decimals, label_heading, column_list, negate, total_label, total_negate, note, periodisation)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		with(t.ID, pos, t.Title, string(t.Unit), t.Precision, t.LabelHeading, strings.Join(cols, ","),
			boolInt(t.Negate), t.Total, boolInt(t.TotalNegate), t.Note, string(t.Periodisation))...); err != nil {
		return err
	}
	for i, c := range t.Declared {
		of := make([]string, len(c.Of))
		for k, o := range c.Of {
			of[k] = string(o)
		}
		if err := tx.exec(`INSERT INTO money_columns (muni, unit_id, period_id, table_id, id, pos, kind, heading, group_heading, period, of_list)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			with(t.ID, string(c.ID), i, string(c.Kind), c.Heading, c.Group, string(c.Period), strings.Join(of, ","))...); err != nil {
			return err
		}
	}
	declared := len(t.Declared) > 0
	n := 0
	var walk func(parent any, rows []tertial.MoneyRow) error
	walk = func(parent any, rows []tertial.MoneyRow) error {
		for _, r := range rows {
			n++
			var negate any
			if r.Negate != nil {
				negate = boolInt(*r.Negate)
			}
			amount := func(c tertial.MoneyColumn) any {
				if a, ok := r.Amounts[c]; ok && !declared {
					return int64(a)
				}
				return nil
			}
			sum := r.Sum
			if sum == "" {
				sum = tertial.SumNone
			}
			if err := tx.exec(`INSERT INTO money_rows (muni, unit_id, period_id, table_id, id, pos, parent_id, is_group, label, negate, comment, sum_position, sum_label, budget, forecast, period_budget, period_outcome, prior_outcome)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				with(t.ID, r.ID, n, parent, boolInt(r.Group), r.Label, negate, r.Comment, string(sum), r.SumLabel,
					amount(tertial.ColBudget), amount(tertial.ColForecast), amount(tertial.ColPeriodBudget),
					amount(tertial.ColPeriodOutcome), amount(tertial.ColPriorOutcome))...); err != nil {
				return err
			}
			if declared {
				for _, c := range t.AmountColumns() {
					if a, ok := r.Amounts[c]; ok {
						if err := tx.exec(`INSERT INTO money_amounts (muni, unit_id, period_id, table_id, row_id, column_id, amount) VALUES (?, ?, ?, ?, ?, ?, ?)`,
							with(t.ID, r.ID, string(c), int64(a))...); err != nil {
							return err
						}
					}
				}
			}
			for k, h := range r.History {
				if err := tx.exec(`INSERT INTO money_row_history (muni, unit_id, period_id, table_id, row_id, year, pos, outcome) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
					with(t.ID, r.ID, h.Year, k, int64(h.Amount))...); err != nil {
					return err
				}
			}
			if r.Group {
				if err := walk(r.ID, r.Rows); err != nil {
					return err
				}
			}
		}
		return nil
	}
	if err := walk(nil, t.Rows); err != nil {
		return err
	}
	return insertMapping(tx, with(t.ID), t.Mapping)
}

// insertMapping stores a money table's account mapping; key is the table's (muni, unit,
// period, table).
func insertMapping(tx *Tx, key []any, rules []tertial.AccountRule) error {
	for i, r := range rules {
		objects := ""
		if len(r.Objects) > 0 {
			b, err := json.Marshal(r.Objects)
			if err != nil {
				return err
			}
			objects = string(b)
		}
		if err := tx.exec(`INSERT INTO money_table_mapping (muni, unit_id, period_id, table_id, pos, row_id, accounts, dimension, objects) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			append(append([]any{}, key...), i, r.Row, accountList(r.Accounts), r.Dimension, objects)...); err != nil {
			return err
		}
	}
	return nil
}

// accountList writes account ranges as the mapping table stores them: "3,60-61".
func accountList(ranges []tertial.AccountRange) string {
	s := make([]string, len(ranges))
	for i, a := range ranges {
		s[i] = a.String()
	}
	return strings.Join(s, ",")
}

func insertFreeTable(tx *Tx, with func(...any) []any, pos int, t *tertial.FreeTable) error {
	if err := tx.exec(`INSERT INTO free_tables (muni, unit_id, period_id, id, pos, title, amount_unit, decimals, sum_label, note)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		with(t.ID, pos, t.Title, string(t.Unit), t.Precision, t.SumLabel, t.Note)...); err != nil {
		return err
	}
	types := map[string]tertial.ColumnType{}
	for i, c := range t.Columns {
		types[c.ID] = c.Type
		if err := tx.exec(`INSERT INTO free_columns (muni, unit_id, period_id, table_id, id, pos, label, type, is_sum, formula)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			with(t.ID, c.ID, i, c.Label, string(c.Type), boolInt(c.Sum), c.Formula.String())...); err != nil {
			return err
		}
	}
	// Rows and groups in document order (pos counts through the nesting), each with its
	// parent group; a group has no cells.
	n := 0
	var walk func(parent any, rows []tertial.FreeRow) error
	walk = func(parent any, rows []tertial.FreeRow) error {
		for _, r := range rows {
			sum := r.Sum
			if sum == "" {
				sum = tertial.SumNone
			}
			if err := tx.exec(`INSERT INTO free_rows (muni, unit_id, period_id, table_id, id, pos, parent_id, is_group, label, unit, sum_position, sum_label, formula)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				with(t.ID, r.ID, n, parent, boolInt(r.Group), r.Label, r.Unit, string(sum), r.SumLabel, r.Formula.String())...); err != nil {
				return err
			}
			n++
			if r.Group {
				if err := walk(r.ID, r.Rows); err != nil {
					return err
				}
				continue
			}
			for _, c := range t.Columns {
				cell, ok := r.Cells[c.ID]
				if !ok {
					continue
				}
				sc := encodeCell(cell, c.Type)
				if err := tx.exec(`INSERT INTO free_cells (muni, unit_id, period_id, table_id, row_id, column_id, value, word, mark_before, mark_after) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
					with(t.ID, r.ID, c.ID, sc.value, sc.word, sc.before, sc.after)...); err != nil {
					return err
				}
			}
		}
		return nil
	}
	if err := walk(nil, t.Rows); err != nil {
		return err
	}
	return nil
}
