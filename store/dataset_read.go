package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/tertial/tertial"
)

// storedCell is a free-table cell as free_cells holds it: its value in a canonical text
// form by the column's type, or a word in place of the value (value is then ""), and the
// marks before and after the value.
type storedCell struct{ value, word, before, after string }

// String is the cell as the change history shows it: the stored value with its marks
// ("ung 11600000", "-40000 *"), or the word.
func (s storedCell) String() string {
	if s.word != "" {
		return s.word
	}
	return strings.Join(slices.DeleteFunc([]string{s.before, s.value, s.after}, func(x string) bool { return x == "" }), " ")
}

// encodeCell returns a free-table cell as it is stored for its column type.
func encodeCell(c tertial.Cell, t tertial.ColumnType) storedCell {
	if c.IsWord(t) {
		return storedCell{word: c.Text}
	}
	s := storedCell{before: c.Before, after: c.After}
	switch t {
	case tertial.ColAmount:
		s.value = strconv.FormatInt(int64(c.Amount), 10)
	case tertial.ColPercent, tertial.ColDecimal:
		s.value = c.Number.String()
	case tertial.ColCount:
		s.value = strconv.FormatInt(c.Count, 10)
	case tertial.ColDate:
		s.value = dateText(c.Date)
	default:
		s.value = c.Text
	}
	return s
}

func decodeCell(s storedCell, t tertial.ColumnType) (tertial.Cell, error) {
	c := tertial.Cell{Before: s.before, After: s.after}
	if s.word != "" {
		c.Text = s.word
		return c, nil
	}
	var err error
	switch t {
	case tertial.ColAmount:
		var n int64
		n, err = strconv.ParseInt(s.value, 10, 64)
		c.Amount = tertial.Amount(n)
	case tertial.ColPercent, tertial.ColDecimal:
		c.Number, err = tertial.ParseDecimal(s.value)
	case tertial.ColCount:
		c.Count, err = strconv.ParseInt(s.value, 10, 64)
	case tertial.ColDate:
		c.Date, err = time.Parse(time.DateOnly, s.value)
	default:
		c.Text = s.value
	}
	if err != nil {
		return c, fmt.Errorf("stored cell %q of type %s: %w", s.value, t, err)
	}
	return c, nil
}

// Municipalities returns the municipalities the store holds, by name.
func (db *DB) Municipalities(ctx context.Context) ([]tertial.Municipality, error) {
	var ms []tertial.Municipality
	err := db.inReadTx(ctx, func(tx *Tx) error {
		return tx.query(`SELECT code, name, county, county_code FROM municipalities ORDER BY name, code`, nil, func(r *sql.Rows) error {
			var m tertial.Municipality
			if err := r.Scan(&m.Code, &m.Name, &m.County, &m.CountyCode); err != nil {
				return err
			}
			ms = append(ms, m)
			return nil
		})
	})
	return ms, err
}

// Dataset returns the whole dataset of the municipality with the code, as one consistent
// snapshot. It returns ENOTFOUND if the store does not hold the municipality. Optional
// units that equal their default (a follow-up in the goal's own unit) are left out, as the
// dataset format writes them. The caller owns the result.
func (db *DB) Dataset(ctx context.Context, code string) (*tertial.Dataset, error) {
	var ds *tertial.Dataset
	err := db.inReadTx(ctx, func(tx *Tx) error {
		var err error
		ds, err = loadDataset(tx, code)
		return err
	})
	return ds, err
}

// cachedDataset is a dataset as of a generation.
type cachedDataset struct {
	generation int64
	ds         *tertial.Dataset
}

// SharedDataset is Dataset for readers that do not change what they get: pages and
// reports. It returns a copy cached in this process as long as the municipality's
// generation in the database is the same, which one indexed query tells; every change,
// by any process, moves the generation on. When the copy is stale, one request loads the
// new one and the others wait for it rather than all loading at once. The result is
// shared and must not be modified.
func (db *DB) SharedDataset(ctx context.Context, code string) (*tertial.Dataset, error) {
	ds, _, err := db.SharedDatasetGeneration(ctx, code)
	return ds, err
}

// SharedDatasetGeneration is SharedDataset that also returns the generation of the
// dataset it returns: the municipality's counter that every write of its data moves on in
// the writing transaction. Whatever is derived from the dataset alone (a rendered report)
// may be cached under the generation: a write by any process changes it, and the next
// request reads the new generation from the database.
func (db *DB) SharedDatasetGeneration(ctx context.Context, code string) (*tertial.Dataset, int64, error) {
	gen, err := db.generation(ctx, code)
	if err != nil {
		return nil, 0, err
	}
	if ds := db.cached(code, gen); ds != nil {
		return ds, gen, nil
	}
	lock := db.loadLock(code)
	lock.Lock()
	defer lock.Unlock()
	var out *tertial.Dataset
	var outGen int64
	err = db.inReadTx(ctx, func(tx *Tx) error {
		// Read the generation again in the transaction that loads: the pair is consistent,
		// and a load by another request while this one waited is reused.
		var gen int64
		err := tx.get(`SELECT generation FROM municipalities WHERE code = ?`, []any{code}, &gen)
		if errors.Is(err, sql.ErrNoRows) {
			return tertial.Errorf(tertial.ENOTFOUND, "det finns ingen kommun med koden %q", code)
		} else if err != nil {
			return err
		}
		outGen = gen
		if out = db.cached(code, gen); out != nil {
			return nil
		}
		ds, err := loadDataset(tx, code)
		if err != nil {
			return err
		}
		db.cacheMu.Lock()
		if cur, ok := db.cache[code]; !ok || cur.generation < gen {
			db.setCacheLocked(code, cachedDataset{generation: gen, ds: ds})
		}
		db.cacheMu.Unlock()
		out = ds
		return nil
	})
	if err != nil {
		return nil, 0, err
	}
	return out, outGen, nil
}

func (db *DB) generation(ctx context.Context, code string) (int64, error) {
	// One query, outside a transaction: on PostgreSQL a read-only transaction around it
	// would cost two more round trips on every request.
	var gen int64
	err := db.queryRow(ctx, `SELECT generation FROM municipalities WHERE code = ?`, code).Scan(&gen)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, tertial.Errorf(tertial.ENOTFOUND, "det finns ingen kommun med koden %q", code)
	}
	return gen, err
}

// cached returns the cached dataset if it is of the generation.
func (db *DB) cached(code string, gen int64) *tertial.Dataset {
	db.cacheMu.Lock()
	defer db.cacheMu.Unlock()
	if c, ok := db.cache[code]; ok && c.generation == gen {
		return c.ds
	}
	return nil
}

// loadLock is the lock that lets one request at a time load a municipality's dataset.
func (db *DB) loadLock(code string) *sync.Mutex {
	db.cacheMu.Lock()
	defer db.cacheMu.Unlock()
	if db.loading == nil {
		db.loading = map[string]*sync.Mutex{}
	}
	if db.loading[code] == nil {
		db.loading[code] = &sync.Mutex{}
	}
	return db.loading[code]
}

// readScales reads the municipality's own assessment scales into m.Scales (nil when it
// declares none).
func readScales(tx *Tx, mu string, m *tertial.Municipality) error {
	return tx.query(`SELECT kind, id, name, symbol, colour FROM scale_levels WHERE muni = ? ORDER BY kind, pos`, []any{mu}, func(r *sql.Rows) error {
		var kind, colour string
		var l tertial.ScaleLevel
		if err := r.Scan(&kind, &l.ID, &l.Name, &l.Symbol, &colour); err != nil {
			return err
		}
		l.Colour = tertial.Colour(colour)
		if m.Scales == nil {
			m.Scales = map[tertial.ScaleKind][]tertial.ScaleLevel{}
		}
		m.Scales[tertial.ScaleKind(kind)] = append(m.Scales[tertial.ScaleKind(kind)], l)
		return nil
	})
}

func loadDataset(tx *Tx, mu string) (*tertial.Dataset, error) {
	ds := &tertial.Dataset{}
	m := &ds.Municipality
	var vision tertial.Vision
	err := tx.get(`SELECT code, name, county, county_code, vision_title, vision_text, colour FROM municipalities WHERE code = ?`, []any{mu},
		&m.Code, &m.Name, &m.County, &m.CountyCode, &vision.Title, &vision.Text, &m.Colour)
	if err == sql.ErrNoRows {
		return nil, tertial.Errorf(tertial.ENOTFOUND, "det finns ingen kommun med koden %q", mu)
	} else if err != nil {
		return nil, err
	}
	if vision.Text != "" {
		m.Vision = &vision
	}
	args := []any{mu}
	steps := []func() error{
		func() error {
			return tx.query(`SELECT content_type, data FROM municipality_logos WHERE muni = ?`, args, func(r *sql.Rows) error {
				m.Logo = &tertial.Logo{}
				return r.Scan(&m.Logo.Type, &m.Logo.Data)
			})
		},
		func() error {
			return tx.query(`SELECT code, name FROM comparison_municipalities WHERE muni = ? ORDER BY pos`, args, func(r *sql.Rows) error {
				var c tertial.ComparisonMunicipality
				m.Comparison = append(m.Comparison, c)
				return r.Scan(&m.Comparison[len(m.Comparison)-1].Code, &m.Comparison[len(m.Comparison)-1].Name)
			})
		},
		func() error {
			return tx.query(`SELECT term, word FROM vocabulary WHERE muni = ?`, args, func(r *sql.Rows) error {
				var t, w string
				if err := r.Scan(&t, &w); err != nil {
					return err
				}
				if m.Vocabulary == nil {
					m.Vocabulary = tertial.Vocabulary{}
				}
				m.Vocabulary[tertial.Term(t)] = w
				return nil
			})
		},
		func() error { return readScales(tx, mu, m) },
		func() error {
			return tx.query(`SELECT id, name FROM goal_levels WHERE muni = ? ORDER BY pos`, args, func(r *sql.Rows) error {
				var l tertial.GoalLevel
				if err := r.Scan(&l.ID, &l.Name); err != nil {
					return err
				}
				ds.GoalLevels = append(ds.GoalLevels, l)
				return nil
			})
		},
		func() error {
			return tx.query(`SELECT id, name, dimension, has_dimension, description FROM goal_areas WHERE muni = ? ORDER BY pos`, args, func(r *sql.Rows) error {
				var a tertial.GoalArea
				var has int
				if err := r.Scan(&a.ID, &a.Name, &a.Dimension, &has, &a.Description); err != nil {
					return err
				}
				if has == 0 {
					a.Dimension = ""
				}
				ds.GoalAreas = append(ds.GoalAreas, a)
				return nil
			})
		},
		func() error {
			return tx.query(`SELECT id, name, short_name, kind, COALESCE(parent_id, ''), retired, ownership_share, org_number FROM units WHERE muni = ? ORDER BY pos`, args, func(r *sql.Rows) error {
				var u tertial.Unit
				var share sql.NullString
				if err := r.Scan(&u.ID, &u.Name, &u.ShortName, &u.Kind, &u.Parent, &u.Retired, &share, &u.OrgNumber); err != nil {
					return err
				}
				if err := unitFromColumns(&u, share); err != nil {
					return err
				}
				ds.Units = append(ds.Units, u)
				return nil
			})
		},
		func() error { return loadTemplates(tx, mu, ds) },
		func() error { return loadPeriods(tx, mu, ds) },
		func() error { return loadGoals(tx, mu, ds) },
		func() error { return loadIndicators(tx, mu, ds) },
		func() error { return loadAssignments(tx, mu, ds) },
		func() error { return loadInternalControl(tx, mu, ds) },
		func() error { return loadEconomy(tx, mu, &ds.Economy) },
		func() error { return loadStatements(tx, mu, &ds.Statements) },
		func() (err error) { ds.Kolada, err = loadKolada(tx, mu); return err },
		func() (err error) { ds.Ledger, err = loadLedger(tx, mu, ds); return err },
		func() error { return loadSnapshots(tx, mu, ds) },
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return nil, err
		}
	}
	return ds, nil
}

func loadTemplates(tx *Tx, mu string, ds *tertial.Dataset) error {
	if err := tx.query(`SELECT id, name FROM templates WHERE muni = ? ORDER BY pos`, []any{mu}, func(r *sql.Rows) error {
		var t tertial.Template
		if err := r.Scan(&t.ID, &t.Name); err != nil {
			return err
		}
		ds.Templates = append(ds.Templates, t)
		return nil
	}); err != nil {
		return err
	}
	for i := range ds.Templates {
		t := &ds.Templates[i]
		type flat struct {
			parent sql.NullInt64
			pos    int64
			s      tertial.Section
		}
		var all []flat
		if err := tx.query(`SELECT pos, parent_pos, kind, title, ref, years, base_years, levels, areas, dimensions, owners, tags, layout, fields FROM template_sections WHERE muni = ? AND template_id = ? ORDER BY pos`,
			[]any{mu, t.ID}, func(r *sql.Rows) error {
				var f flat
				var baseYears int
				var levels, areas, dims, owners, tags, fields string
				if err := r.Scan(&f.pos, &f.parent, &f.s.Kind, &f.s.Title, &f.s.Ref, &f.s.Years, &baseYears, &levels, &areas, &dims,
					&owners, &tags, &f.s.Layout, &fields); err != nil {
					return err
				}
				f.s.Owners = idList(owners)
				f.s.Tags = idList(tags)
				for _, c := range idList(fields) {
					f.s.Fields = append(f.s.Fields, tertial.CoverField(c))
				}
				f.s.BaseYears = baseYears != 0
				f.s.Levels = idList(levels)
				f.s.Areas = idList(areas)
				for _, d := range idList(dims) {
					f.s.Dimensions = append(f.s.Dimensions, tertial.Dimension(d))
				}
				all = append(all, f)
				return nil
			}); err != nil {
			return err
		}
		var build func(parent sql.NullInt64) []tertial.Section
		build = func(parent sql.NullInt64) []tertial.Section {
			var out []tertial.Section
			for _, f := range all {
				if f.parent == parent {
					s := f.s
					s.Sections = build(sql.NullInt64{Int64: f.pos, Valid: true})
					out = append(out, s)
				}
			}
			return out
		}
		t.Sections = build(sql.NullInt64{})
	}
	return nil
}

func parseDate(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	return time.Parse(time.DateOnly, s)
}

func loadPeriods(tx *Tx, mu string, ds *tertial.Dataset) error {
	if err := tx.query(`SELECT unit_id, id, kind, title, start_date, cutoff, state, COALESCE(template_id, ''), from_id, deadline, decision_date, decision_paragraph, version, status, cover_text
		FROM periods WHERE muni = ? ORDER BY pos`,
		[]any{mu}, func(r *sql.Rows) error {
			var p tertial.Period
			var start, cutoff, deadline, decided string
			if err := r.Scan(&p.Unit, &p.ID, &p.Kind, &p.Title, &start, &cutoff, &p.State, &p.Template, &p.From, &deadline, &decided, &p.DecisionParagraph, &p.Version, &p.Status, &p.CoverText); err != nil {
				return err
			}
			var err error
			for _, d := range []struct {
				s   string
				dst *time.Time
			}{{start, &p.Start}, {cutoff, &p.Cutoff}, {deadline, &p.Deadline}, {decided, &p.DecisionDate}} {
				if *d.dst, err = parseDate(d.s); err != nil {
					return err
				}
			}
			ds.Periods = append(ds.Periods, p)
			return nil
		}); err != nil {
		return err
	}
	for i := range ds.Periods {
		if err := loadPeriodContent(tx, mu, &ds.Periods[i]); err != nil {
			return err
		}
	}
	return nil
}

func loadPeriodContent(tx *Tx, mu string, p *tertial.Period) error {
	key := []any{mu, p.Unit, p.ID}
	const where = ` WHERE muni = ? AND unit_id = ? AND period_id = ? `
	if err := tx.query(`SELECT id, label, assessment FROM period_assessments`+where+`ORDER BY pos`, key, func(r *sql.Rows) error {
		var a tertial.OverallAssessment
		if err := r.Scan(&a.ID, &a.Label, &a.Assessment); err != nil {
			return err
		}
		p.Assessments = append(p.Assessments, a)
		return nil
	}); err != nil {
		return err
	}
	if err := tx.query(`SELECT id, title, body, version FROM text_sections`+where+`ORDER BY pos`, key, func(r *sql.Rows) error {
		var t tertial.TextSection
		if err := r.Scan(&t.ID, &t.Title, &t.Body, &t.Version); err != nil {
			return err
		}
		p.Texts = append(p.Texts, t)
		return nil
	}); err != nil {
		return err
	}
	if err := tx.query(`SELECT title, description FROM attachments`+where+`ORDER BY pos`, key, func(r *sql.Rows) error {
		var a tertial.Attachment
		if err := r.Scan(&a.Title, &a.Description); err != nil {
			return err
		}
		p.Attachments = append(p.Attachments, a)
		return nil
	}); err != nil {
		return err
	}
	if err := loadMoneyTables(tx, key, where, p); err != nil {
		return err
	}
	return loadFreeTables(tx, key, where, p)
}

func loadMoneyTables(tx *Tx, key []any, where string, p *tertial.Period) error {
	if err := tx.query(`SELECT id, title, amount_unit, decimals, label_heading, column_list, negate, total_label, total_negate, note, periodisation, setup_version FROM money_tables`+where+`ORDER BY pos`,
		key, func(r *sql.Rows) error {
			var t tertial.MoneyTable
			var cols string
			var negate, totalNegate int
			if err := r.Scan(&t.ID, &t.Title, &t.Unit, &t.Precision, &t.LabelHeading, &cols, &negate, &t.Total, &totalNegate, &t.Note, &t.Periodisation, &t.SetupVersion); err != nil {
				return err
			}
			t.Columns = columnList(cols)
			t.Negate, t.TotalNegate = negate != 0, totalNegate != 0
			p.MoneyTables = append(p.MoneyTables, t)
			return nil
		}); err != nil {
		return err
	}
	for i := range p.MoneyTables {
		t := &p.MoneyTables[i]
		args := append(append([]any{}, key...), t.ID)
		if err := loadDeclared(tx, args, t); err != nil {
			return err
		}
		var extra map[string]map[tertial.MoneyColumn]tertial.Amount
		if len(t.Declared) > 0 {
			var err error
			if extra, err = loadAmounts(tx, args); err != nil {
				return err
			}
		}
		type flat struct {
			parent string
			row    tertial.MoneyRow
		}
		var all []flat
		if err := tx.query(`SELECT id, COALESCE(parent_id, ''), is_group, label, negate, comment, sum_position, sum_label,
			budget, forecast, period_budget, period_outcome, prior_outcome, version FROM money_rows`+where+`AND table_id = ? ORDER BY pos`,
			args, func(r *sql.Rows) error {
				var f flat
				var group int
				var negate sql.NullInt64
				var amounts [5]sql.NullInt64
				if err := r.Scan(&f.row.ID, &f.parent, &group, &f.row.Label, &negate, &f.row.Comment, &f.row.Sum, &f.row.SumLabel,
					&amounts[0], &amounts[1], &amounts[2], &amounts[3], &amounts[4], &f.row.Version); err != nil {
					return err
				}
				if negate.Valid {
					b := negate.Int64 != 0
					f.row.Negate = &b
				}
				f.row.Group = group != 0
				if f.row.Group {
					f.row.Rows = []tertial.MoneyRow{}
				} else {
					f.row.Amounts = map[tertial.MoneyColumn]tertial.Amount{}
					for k, c := range tertial.MoneyColumns {
						if amounts[k].Valid {
							f.row.Amounts[c] = tertial.Amount(amounts[k].Int64)
						}
					}
					for c, a := range extra[f.row.ID] {
						f.row.Amounts[c] = a
					}
				}
				all = append(all, f)
				return nil
			}); err != nil {
			return err
		}
		history := map[string][]tertial.YearAmount{}
		if err := tx.query(`SELECT row_id, year, outcome FROM money_row_history`+where+`AND table_id = ? ORDER BY row_id, pos`,
			args, func(r *sql.Rows) error {
				var id string
				var h tertial.YearAmount
				if err := r.Scan(&id, &h.Year, &h.Amount); err != nil {
					return err
				}
				history[id] = append(history[id], h)
				return nil
			}); err != nil {
			return err
		}
		var build func(parent string) []tertial.MoneyRow
		build = func(parent string) []tertial.MoneyRow {
			var out []tertial.MoneyRow
			for _, f := range all {
				if f.parent != parent {
					continue
				}
				row := f.row
				row.History = history[row.ID]
				if row.Group {
					row.Rows = build(row.ID)
					if row.Rows == nil {
						row.Rows = []tertial.MoneyRow{}
					}
				}
				out = append(out, row)
			}
			return out
		}
		t.Rows = build("")
		if err := tx.query(`SELECT row_id, accounts, dimension, objects FROM money_table_mapping`+where+`AND table_id = ? ORDER BY pos`,
			args, func(r *sql.Rows) error {
				rule, err := scanRule(r)
				if err != nil {
					return err
				}
				t.Mapping = append(t.Mapping, rule)
				return nil
			}); err != nil {
			return err
		}
	}
	return nil
}

func loadFreeTables(tx *Tx, key []any, where string, p *tertial.Period) error {
	if err := tx.query(`SELECT id, title, amount_unit, decimals, sum_label, note FROM free_tables`+where+`ORDER BY pos`,
		key, func(r *sql.Rows) error {
			var t tertial.FreeTable
			if err := r.Scan(&t.ID, &t.Title, &t.Unit, &t.Precision, &t.SumLabel, &t.Note); err != nil {
				return err
			}
			p.FreeTables = append(p.FreeTables, t)
			return nil
		}); err != nil {
		return err
	}
	for i := range p.FreeTables {
		t := &p.FreeTables[i]
		args := append(append([]any{}, key...), t.ID)
		types := map[string]tertial.ColumnType{}
		if err := tx.query(`SELECT id, label, type, is_sum, formula FROM free_columns`+where+`AND table_id = ? ORDER BY pos`,
			args, func(r *sql.Rows) error {
				var c tertial.FreeColumn
				var sum int
				var formula string
				if err := r.Scan(&c.ID, &c.Label, &c.Type, &sum, &formula); err != nil {
					return err
				}
				c.Sum = sum != 0
				if formula != "" {
					f, err := tertial.ParseFormula(formula)
					if err != nil {
						return err
					}
					c.Formula = f
				}
				types[c.ID] = c.Type
				t.Columns = append(t.Columns, c)
				return nil
			}); err != nil {
			return err
		}
		type flat struct {
			parent string
			row    tertial.FreeRow
		}
		var all []flat
		rowIndex := map[string]int{}
		if err := tx.query(`SELECT id, COALESCE(parent_id, ''), is_group, label, unit, sum_position, sum_label, formula, version FROM free_rows`+where+`AND table_id = ? ORDER BY pos`,
			args, func(r *sql.Rows) error {
				var f flat
				var group int
				var formula string
				if err := r.Scan(&f.row.ID, &f.parent, &group, &f.row.Label, &f.row.Unit, &f.row.Sum, &f.row.SumLabel, &formula, &f.row.Version); err != nil {
					return err
				}
				if formula != "" {
					fm, err := tertial.ParseFormula(formula)
					if err != nil {
						return err
					}
					f.row.Formula = fm
				}
				f.row.Group = group != 0
				if f.row.Group {
					f.row.Rows = []tertial.FreeRow{}
				} else {
					// A row's sum position is stored as none; only groups have one.
					f.row.Sum = ""
					f.row.Cells = map[string]tertial.Cell{}
				}
				rowIndex[f.row.ID] = len(all)
				all = append(all, f)
				return nil
			}); err != nil {
			return err
		}
		if err := tx.query(`SELECT row_id, column_id, value, word, mark_before, mark_after FROM free_cells`+where+`AND table_id = ?`, args, func(r *sql.Rows) error {
			var rowID, colID string
			var sc storedCell
			if err := r.Scan(&rowID, &colID, &sc.value, &sc.word, &sc.before, &sc.after); err != nil {
				return err
			}
			c, err := decodeCell(sc, types[colID])
			if err != nil {
				return err
			}
			all[rowIndex[rowID]].row.Cells[colID] = c
			return nil
		}); err != nil {
			return err
		}
		var build func(parent string) []tertial.FreeRow
		build = func(parent string) []tertial.FreeRow {
			var out []tertial.FreeRow
			for _, f := range all {
				if f.parent != parent {
					continue
				}
				row := f.row
				if row.Group {
					row.Rows = build(row.ID)
					if row.Rows == nil {
						row.Rows = []tertial.FreeRow{}
					}
				}
				out = append(out, row)
			}
			return out
		}
		t.Rows = build("")
	}
	return nil
}

func loadGoals(tx *Tx, mu string, ds *tertial.Dataset) error {
	index := map[string]int{}
	if err := tx.query(`SELECT id, level_id, COALESCE(area_id, ''), COALESCE(parent_id, ''), COALESCE(unit_id, ''), title, description, tags, COALESCE(retired, 0), COALESCE(since, 0), version
		FROM goals WHERE muni = ? ORDER BY pos`, []any{mu}, func(r *sql.Rows) error {
		var g tertial.Goal
		var tags string
		if err := r.Scan(&g.ID, &g.Level, &g.Area, &g.Parent, &g.Unit, &g.Title, &g.Description, &tags, &g.Retired, &g.Since, &g.Version); err != nil {
			return err
		}
		g.Tags = idList(tags)
		index[g.ID] = len(ds.Goals)
		ds.Goals = append(ds.Goals, g)
		return nil
	}); err != nil {
		return err
	}
	return tx.query(`SELECT goal_id, unit_id, period_id, assessment, analysis, version FROM goal_followups WHERE muni = ? ORDER BY goal_id, pos`,
		[]any{mu}, func(r *sql.Rows) error {
			var id string
			var f tertial.GoalFollowup
			if err := r.Scan(&id, &f.Unit, &f.Period, &f.Assessment, &f.Analysis, &f.Version); err != nil {
				return err
			}
			g := &ds.Goals[index[id]]
			if f.Unit == g.Unit {
				f.Unit = ""
			}
			g.Followups = append(g.Followups, f)
			return nil
		})
}

func loadIndicators(tx *Tx, mu string, ds *tertial.Dataset) error {
	index := map[string]int{}
	if err := tx.query(`SELECT id, goal_id, name, unit, direction, decimals, COALESCE(owner_id, ''), kolada_kpi, kolada_gender, gender, note, long_term_year, long_term_target, tolerance, version
		FROM indicators WHERE muni = ? ORDER BY pos`, []any{mu}, func(r *sql.Rows) error {
		var ind tertial.Indicator
		var gender int
		var ltYear sql.NullInt64
		var ltTarget, tolerance sql.NullString
		if err := r.Scan(&ind.ID, &ind.Goal, &ind.Name, &ind.Unit, &ind.Direction, &ind.Decimals, &ind.Owner, &ind.KoladaKPI,
			&ind.KoladaGender, &gender, &ind.Note, &ltYear, &ltTarget, &tolerance, &ind.Version); err != nil {
			return err
		}
		if tolerance.Valid {
			d, err := tertial.ParseDecimal(tolerance.String)
			if err != nil {
				return fmt.Errorf("indicator %s: stored tolerance: %w", ind.ID, err)
			}
			ind.Tolerance = &d
		}
		ind.Gender = gender != 0
		if ltYear.Valid {
			t, err := tertial.ParseTarget(ltTarget.String)
			if err != nil {
				return fmt.Errorf("indicator %s: stored long-term target: %w", ind.ID, err)
			}
			ind.LongTerm = &tertial.YearTarget{Year: int(ltYear.Int64), Target: t}
		}
		index[ind.ID] = len(ds.Indicators)
		ds.Indicators = append(ds.Indicators, ind)
		return nil
	}); err != nil {
		return err
	}
	if err := tx.query(`SELECT `+indicatorValueColumns+` FROM indicator_values WHERE muni = ? ORDER BY indicator_id, pos, year`,
		[]any{mu}, func(r *sql.Rows) error {
			id, v, err := scanIndicatorValue(r.Scan)
			if err != nil {
				return err
			}
			ind := &ds.Indicators[index[id]]
			ind.Values = append(ind.Values, v)
			return nil
		}); err != nil {
		return err
	}
	for i := range ds.Indicators {
		ds.Indicators[i].DeriveValues()
	}
	return tx.query(`SELECT indicator_id, year, target, version FROM indicator_targets WHERE muni = ? ORDER BY indicator_id, pos`,
		[]any{mu}, func(r *sql.Rows) error {
			var id, text string
			var yt tertial.YearTarget
			if err := r.Scan(&id, &yt.Year, &text, &yt.Version); err != nil {
				return err
			}
			t, err := tertial.ParseTarget(text)
			if err != nil {
				return fmt.Errorf("indicator %s: stored target: %w", id, err)
			}
			yt.Target = t
			ind := &ds.Indicators[index[id]]
			ind.Targets = append(ind.Targets, yt)
			return nil
		})
}

// statusFollowups loads follow-ups of one kind of item, keyed by item ID.
func statusFollowups(tx *Tx, table, itemCol, mu string) (map[string][]tertial.StatusFollowup, error) {
	out := map[string][]tertial.StatusFollowup{}
	err := tx.query(`SELECT `+itemCol+`, unit_id, period_id, status, progress, comment, version FROM `+table+` WHERE muni = ? ORDER BY `+itemCol+`, pos`,
		[]any{mu}, func(r *sql.Rows) error {
			var id string
			var f tertial.StatusFollowup
			var progress sql.NullInt64
			if err := r.Scan(&id, &f.Unit, &f.Period, &f.Status, &progress, &f.Comment, &f.Version); err != nil {
				return err
			}
			if progress.Valid {
				n := int(progress.Int64)
				f.Progress = &n
			}
			out[id] = append(out[id], f)
			return nil
		})
	return out, err
}

// withDefaultUnit clears the unit of follow-ups that are in the item's own unit.
func withDefaultUnit(fs []tertial.StatusFollowup, unit string) []tertial.StatusFollowup {
	for i := range fs {
		if fs[i].Unit == unit {
			fs[i].Unit = ""
		}
	}
	return fs
}

func loadAssignments(tx *Tx, mu string, ds *tertial.Dataset) error {
	if err := tx.query(`SELECT id, goal_id, COALESCE(unit_id, ''), origin, due, title, description, version FROM assignments WHERE muni = ? ORDER BY pos`,
		[]any{mu}, func(r *sql.Rows) error {
			var a tertial.Assignment
			var due string
			if err := r.Scan(&a.ID, &a.Goal, &a.Unit, &a.Origin, &due, &a.Title, &a.Description, &a.Version); err != nil {
				return err
			}
			if due != "" {
				t, err := time.Parse(time.DateOnly, due)
				if err != nil {
					return fmt.Errorf("assignment %s: due %q: %w", a.ID, due, err)
				}
				a.Due = t
			}
			ds.Assignments = append(ds.Assignments, a)
			return nil
		}); err != nil {
		return err
	}
	fs, err := statusFollowups(tx, "assignment_followups", "assignment_id", mu)
	if err != nil {
		return err
	}
	for i := range ds.Assignments {
		a := &ds.Assignments[i]
		a.Followups = withDefaultUnit(fs[a.ID], ds.AssignmentUnit(a))
	}
	return nil
}

func loadInternalControl(tx *Tx, mu string, ds *tertial.Dataset) error {
	fs, err := statusFollowups(tx, "ic_followups", "item_id", mu)
	if err != nil {
		return err
	}
	return tx.query(`SELECT id, kind, COALESCE(parent_id, ''), unit_id, process, title, case_number, background, body, reason, probability, consequence, method, frequency, responsible
		FROM ic_items WHERE muni = ? ORDER BY pos`, []any{mu}, func(r *sql.Rows) error {
		var id, kind, parent, unit, process, title, caseNo, background, body, reason, method, frequency, responsible string
		var prob, cons sql.NullInt64
		if err := r.Scan(&id, &kind, &parent, &unit, &process, &title, &caseNo, &background, &body, &reason, &prob, &cons, &method, &frequency, &responsible); err != nil {
			return err
		}
		follow := withDefaultUnit(fs[id], unit)
		switch kind {
		case "risk":
			ds.Risks = append(ds.Risks, tertial.Risk{ID: id, Unit: unit, Process: process, Risk: body,
				Probability: int(prob.Int64), Consequence: int(cons.Int64)})
		case "action":
			if len(ds.Risks) == 0 || ds.Risks[len(ds.Risks)-1].ID != parent {
				return fmt.Errorf("internal control action %s stored before its risk %s", id, parent)
			}
			r := &ds.Risks[len(ds.Risks)-1]
			r.Actions = append(r.Actions, tertial.RiskAction{ID: id, Action: body, Followups: follow})
		case "audit":
			ds.Audits = append(ds.Audits, tertial.Audit{ID: id, Unit: unit, Title: title, CaseNumber: caseNo,
				Background: background, Action: body, Followups: follow})
		case "control":
			ds.Controls = append(ds.Controls, tertial.Control{ID: id, Unit: unit, Process: process, Control: body,
				Reason: reason, Method: method, Frequency: frequency, Responsible: responsible, Followups: follow})
		}
		return nil
	})
}

// columnList reads money_tables.column_list, the old column list: "" for a table with
// declared columns.
func columnList(s string) []tertial.MoneyColumn {
	if s == "" {
		return nil
	}
	var out []tertial.MoneyColumn
	for _, c := range strings.Split(s, ",") {
		out = append(out, tertial.MoneyColumn(c))
	}
	return out
}

// loadDeclared reads a money table's declared columns; key is (muni, unit, period, table).
func loadDeclared(tx *Tx, key []any, t *tertial.MoneyTable) error {
	t.Declared = nil
	return tx.query(`SELECT id, kind, heading, group_heading, period, of_list FROM money_columns
		WHERE muni = ? AND unit_id = ? AND period_id = ? AND table_id = ? ORDER BY pos`,
		key, func(r *sql.Rows) error {
			var c tertial.MoneyColumnDef
			var of string
			if err := r.Scan(&c.ID, &c.Kind, &c.Heading, &c.Group, &c.Period, &of); err != nil {
				return err
			}
			c.Of = columnList(of)
			t.Declared = append(t.Declared, c)
			return nil
		})
}

// loadAmounts reads the amounts of a table with declared columns per row; key is (muni,
// unit, period, table).
func loadAmounts(tx *Tx, key []any) (map[string]map[tertial.MoneyColumn]tertial.Amount, error) {
	out := map[string]map[tertial.MoneyColumn]tertial.Amount{}
	err := tx.query(`SELECT row_id, column_id, amount FROM money_amounts
		WHERE muni = ? AND unit_id = ? AND period_id = ? AND table_id = ?`,
		key, func(r *sql.Rows) error {
			var row string
			var c tertial.MoneyColumn
			var a int64
			if err := r.Scan(&row, &c, &a); err != nil {
				return err
			}
			if out[row] == nil {
				out[row] = map[tertial.MoneyColumn]tertial.Amount{}
			}
			out[row][c] = tertial.Amount(a)
			return nil
		})
	return out, err
}

// idList reads a comma-separated list of IDs as the store keeps them; "" is none (nil, as
// a decoded dataset has it).
func idList(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

// indicatorValueColumns are the columns scanIndicatorValue reads, in its order.
const indicatorValueColumns = `indicator_id, year, value, kind, women, men, numerator, denominator, missing, note, version`

// scanIndicatorValue reads a row of indicatorValueColumns as the dataset holds it (before
// Indicator.DeriveValues).
func scanIndicatorValue(scan func(...any) error) (string, tertial.IndicatorValue, error) {
	var id string
	var v tertial.IndicatorValue
	var value, women, men, numerator, denominator sql.NullString
	if err := scan(&id, &v.Year, &value, &v.Kind, &women, &men, &numerator, &denominator, &v.Missing, &v.Note, &v.Version); err != nil {
		return "", v, err
	}
	var err error
	for _, x := range []struct {
		s   sql.NullString
		dst **tertial.Decimal
	}{{value, &v.Value}, {women, &v.Women}, {men, &v.Men}, {numerator, &v.Numerator}, {denominator, &v.Denominator}} {
		if x.s.Valid {
			d, e := tertial.ParseDecimal(x.s.String)
			if e != nil {
				err = e
			}
			*x.dst = &d
		}
	}
	if err != nil {
		return "", v, fmt.Errorf("indicator %s: stored value: %w", id, err)
	}
	return id, v, nil
}
