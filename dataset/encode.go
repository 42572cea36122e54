package dataset

import (
	"bytes"
	"encoding/base64"
	"strconv"
	"strings"
	"time"

	"github.com/tertial/tertial"
	"go.yaml.in/yaml/v3"
)

// Encode writes the dataset in the dataset file format. The output depends only on the
// dataset: keys in a fixed order, optional fields left out when empty, Markdown texts as
// literal blocks, amounts in their table's unit. Decode(Encode(ds)) equals ds.
func Encode(ds *tertial.Dataset) ([]byte, error) {
	root := newMap()
	root.str("format", FormatVersion)
	root.add("municipality", municipalityNode(&ds.Municipality))
	root.seq("goal_levels", len(ds.GoalLevels), func(i int) *yaml.Node {
		m := newMap()
		m.str("id", ds.GoalLevels[i].ID)
		m.str("name", ds.GoalLevels[i].Name)
		return m.flow()
	})
	root.seq("goal_areas", len(ds.GoalAreas), func(i int) *yaml.Node {
		a := ds.GoalAreas[i]
		m := newMap()
		m.str("id", a.ID)
		m.str("name", a.Name)
		m.str("dimension", string(a.Dimension))
		m.text("description", a.Description)
		return m.node
	})
	root.seq("units", len(ds.Units), func(i int) *yaml.Node {
		u := ds.Units[i]
		m := newMap()
		m.str("id", u.ID)
		m.str("name", u.Name)
		m.str("short_name", u.ShortName)
		m.str("kind", string(u.Kind))
		m.str("parent", u.Parent)
		m.optInt("retired", u.Retired)
		m.decimal("share", u.Share)
		m.str("org_number", u.OrgNumber)
		return m.node
	})
	root.seq("goals", len(ds.Goals), func(i int) *yaml.Node { return goalNode(&ds.Goals[i]) })
	root.seq("indicators", len(ds.Indicators), func(i int) *yaml.Node { return indicatorNode(&ds.Indicators[i]) })
	root.seq("assignments", len(ds.Assignments), func(i int) *yaml.Node {
		a := &ds.Assignments[i]
		m := newMap()
		m.str("id", a.ID)
		m.str("goal", a.Goal)
		m.str("unit", a.Unit)
		m.str("origin", a.Origin)
		m.date("due", a.Due)
		m.str("title", a.Title)
		m.text("description", a.Description)
		statusFollowups(m, a.Followups)
		return m.node
	})
	if len(ds.Risks)+len(ds.Audits)+len(ds.Controls) > 0 {
		root.add("internal_control", internalControlNode(ds))
	}
	root.seq("templates", len(ds.Templates), func(i int) *yaml.Node {
		t := &ds.Templates[i]
		m := newMap()
		m.str("id", t.ID)
		m.str("name", t.Name)
		sectionsNode(m, t.Sections)
		return m.node
	})
	root.seq("periods", len(ds.Periods), func(i int) *yaml.Node { return periodNode(&ds.Periods[i]) })
	if !ds.Economy.IsEmpty() {
		root.add("economy", economyNode(&ds.Economy))
	}
	if !ds.Statements.IsEmpty() {
		root.add("statements", statementsNode(&ds.Statements))
	}

	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(root.node); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// mapNode builds a YAML mapping in a fixed key order.
type mapNode struct{ node *yaml.Node }

func newMap() mapNode { return mapNode{&yaml.Node{Kind: yaml.MappingNode}} }

func (m mapNode) add(key string, v *yaml.Node) {
	m.node.Content = append(m.node.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key}, v)
}

// flow makes the mapping print on one line: {id: kf, name: Kommunfullmäktigemål}.
func (m mapNode) flow() *yaml.Node {
	m.node.Style = yaml.FlowStyle
	return m.node
}

func scalar(tag, v string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: v} }

// quoted is a string in double quotes, for account numbers and objects, which look like
// numbers but are not.
func quoted(v string) *yaml.Node {
	n := scalar("!!str", v)
	n.Style = yaml.DoubleQuotedStyle
	return n
}

// str adds a string unless it is empty.
func (m mapNode) str(key, v string) {
	if v != "" {
		m.add(key, scalar("!!str", v))
	}
}

// text adds a Markdown text unless it is empty; texts of more than one line are written as
// literal blocks, which keep every character.
func (m mapNode) text(key, v string) {
	if v == "" {
		return
	}
	n := scalar("!!str", v)
	if strings.Contains(v, "\n") {
		n.Style = yaml.LiteralStyle
	}
	m.add(key, n)
}

func (m mapNode) integer(key string, v int) { m.add(key, scalar("!!int", strconv.Itoa(v))) }

func (m mapNode) optInt(key string, v int) {
	if v != 0 {
		m.integer(key, v)
	}
}

func (m mapNode) boolean(key string, v bool) {
	if v {
		m.add(key, scalar("!!bool", "true"))
	}
}

func (m mapNode) decimal(key string, v *tertial.Decimal) {
	if v != nil {
		m.add(key, numberNode(*v))
	}
}

func numberNode(v tertial.Decimal) *yaml.Node {
	if v.Scale() == 0 {
		return scalar("!!int", v.String())
	}
	return scalar("!!float", v.String())
}

// strs adds a list of simple values on one line, unless it is empty.
func (m mapNode) strs(key string, vs []string) {
	if len(vs) == 0 {
		return
	}
	s := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}
	for _, v := range vs {
		s.Content = append(s.Content, scalar("!!str", v))
	}
	m.add(key, s)
}

func (m mapNode) date(key string, t time.Time) {
	if !t.IsZero() {
		m.add(key, scalar("!!str", t.Format(time.DateOnly)))
	}
}

// amount adds an amount in the table's unit with no more decimals than its precision allows
// (amounts were read within it).
func (m mapNode) amount(key string, a tertial.Amount, unit tertial.AmountUnit, precision int) {
	m.add(key, numberNode(trimAmount(a, unit, precision)))
}

// trimAmount returns the amount with the table's precision, or, if it has finer öre than
// that (it came from the ledger), exactly, so that nothing is lost.
func trimAmount(a tertial.Amount, unit tertial.AmountUnit, precision int) tertial.Decimal {
	exact := a.Exact(unit)
	for d := precision; d < exact.Scale(); d++ {
		if r := exact.Round(d); r.Equal(exact) {
			return r
		}
	}
	return exact.Round(max(precision, exact.Scale()))
}

// seq adds a list of n items unless n is 0.
func (m mapNode) seq(key string, n int, item func(i int) *yaml.Node) {
	if n == 0 {
		return
	}
	s := &yaml.Node{Kind: yaml.SequenceNode}
	for i := range n {
		s.Content = append(s.Content, item(i))
	}
	m.add(key, s)
}

func municipalityNode(mu *tertial.Municipality) *yaml.Node {
	m := newMap()
	m.str("name", mu.Name)
	m.str("code", mu.Code)
	m.str("county", mu.County)
	m.str("county_code", mu.CountyCode)
	m.seq("comparison", len(mu.Comparison), func(i int) *yaml.Node {
		c := newMap()
		c.str("code", mu.Comparison[i].Code)
		c.str("name", mu.Comparison[i].Name)
		return c.flow()
	})
	if len(mu.Vocabulary) > 0 {
		v := newMap()
		for _, t := range tertial.Terms {
			if w, ok := mu.Vocabulary[t]; ok {
				v.add(string(t), scalar("!!str", w))
			}
		}
		m.add("vocabulary", v.node)
	}
	if len(mu.Scales) > 0 {
		s := newMap()
		for _, kind := range tertial.ScaleKinds {
			levels, ok := mu.Scales[kind]
			if !ok {
				continue
			}
			seq := &yaml.Node{Kind: yaml.SequenceNode}
			for _, l := range levels {
				lm := newMap()
				lm.str("id", l.ID)
				lm.str("name", l.Name)
				lm.str("symbol", l.Symbol)
				lm.str("colour", string(l.Colour))
				seq.Content = append(seq.Content, lm.flow())
			}
			s.add(string(kind), seq)
		}
		m.add("scales", s.node)
	}
	if mu.Vision != nil {
		v := newMap()
		v.str("title", mu.Vision.Title)
		v.text("text", mu.Vision.Text)
		m.add("vision", v.node)
	}
	if mu.Logo != nil {
		l := newMap()
		l.str("type", mu.Logo.Type)
		l.text("data", logoBase64(mu.Logo.Data))
		m.add("logo", l.node)
	}
	if mu.Colour != "" {
		m.add("colour", quoted(mu.Colour)) // "#…" written bare would be a comment
	}
	return m.node
}

// logoBase64 writes a logo's bytes in base64, 76 characters a line as MIME does, so that
// the dataset file stays readable around it.
func logoBase64(data []byte) string {
	s := base64.StdEncoding.EncodeToString(data)
	var b strings.Builder
	for len(s) > 76 {
		b.WriteString(s[:76])
		b.WriteByte('\n')
		s = s[76:]
	}
	b.WriteString(s)
	return b.String()
}

func goalNode(g *tertial.Goal) *yaml.Node {
	m := newMap()
	m.str("id", g.ID)
	m.str("level", g.Level)
	m.str("area", g.Area)
	m.str("parent", g.Parent)
	m.str("unit", g.Unit)
	m.str("title", g.Title)
	m.text("description", g.Description)
	m.strs("tags", g.Tags)
	m.optInt("since", g.Since)
	m.optInt("retired", g.Retired)
	m.seq("followups", len(g.Followups), func(i int) *yaml.Node {
		f := g.Followups[i]
		fm := newMap()
		fm.str("period", f.Period)
		fm.str("unit", f.Unit)
		fm.str("assessment", string(f.Assessment))
		fm.text("analysis", f.Analysis)
		return fm.node
	})
	return m.node
}

func indicatorNode(ind *tertial.Indicator) *yaml.Node {
	m := newMap()
	m.str("id", ind.ID)
	m.str("goal", ind.Goal)
	m.str("name", ind.Name)
	m.str("unit", ind.Unit)
	m.str("direction", string(ind.Direction))
	m.optInt("decimals", ind.Decimals)
	m.str("owner", ind.Owner)
	m.str("kolada", ind.KoladaKPI)
	m.str("kolada_gender", ind.KoladaGender)
	m.boolean("gender", ind.Gender)
	m.decimal("tolerance", ind.Tolerance)
	m.text("note", ind.Note)
	m.seq("values", len(ind.Values), func(i int) *yaml.Node {
		v := ind.Values[i]
		vm := newMap()
		vm.integer("year", v.Year)
		if !v.Computed {
			vm.decimal("value", v.Value)
		}
		vm.str("kind", string(v.Kind))
		vm.decimal("women", v.Women)
		vm.decimal("men", v.Men)
		vm.decimal("numerator", v.Numerator)
		vm.decimal("denominator", v.Denominator)
		vm.str("missing", string(v.Missing))
		vm.text("note", v.Note)
		if v.Note == "" {
			return vm.flow()
		}
		return vm.node
	})
	m.seq("targets", len(ind.Targets), func(i int) *yaml.Node { return yearTargetNode(ind.Targets[i], ind.Unit) })
	if ind.LongTerm != nil {
		m.add("long_term", yearTargetNode(*ind.LongTerm, ind.Unit))
	}
	return m.node
}

// yearTargetNode writes a target of an indicator measured in unit, a change in percentage
// points saying so (Target.Explicit).
func yearTargetNode(t tertial.YearTarget, unit string) *yaml.Node {
	m := newMap()
	m.integer("year", t.Year)
	m.add("target", scalar("!!str", t.Target.Explicit(unit).String()))
	return m.flow()
}

func statusFollowups(m mapNode, fs []tertial.StatusFollowup) {
	m.seq("followups", len(fs), func(i int) *yaml.Node {
		f := fs[i]
		fm := newMap()
		fm.str("period", f.Period)
		fm.str("unit", f.Unit)
		fm.str("status", string(f.Status))
		if f.Progress != nil {
			fm.integer("progress", *f.Progress)
		}
		fm.text("comment", f.Comment)
		return fm.node
	})
}

func internalControlNode(ds *tertial.Dataset) *yaml.Node {
	m := newMap()
	m.seq("risks", len(ds.Risks), func(i int) *yaml.Node {
		r := &ds.Risks[i]
		rm := newMap()
		rm.str("id", r.ID)
		rm.str("unit", r.Unit)
		rm.text("process", r.Process)
		rm.text("risk", r.Risk)
		rm.optInt("probability", r.Probability)
		rm.optInt("consequence", r.Consequence)
		rm.seq("actions", len(r.Actions), func(j int) *yaml.Node {
			a := &r.Actions[j]
			am := newMap()
			am.str("id", a.ID)
			am.text("action", a.Action)
			statusFollowups(am, a.Followups)
			return am.node
		})
		return rm.node
	})
	m.seq("audits", len(ds.Audits), func(i int) *yaml.Node {
		a := &ds.Audits[i]
		am := newMap()
		am.str("id", a.ID)
		am.str("unit", a.Unit)
		am.text("title", a.Title)
		am.str("case_number", a.CaseNumber)
		am.text("background", a.Background)
		am.text("action", a.Action)
		statusFollowups(am, a.Followups)
		return am.node
	})
	m.seq("controls", len(ds.Controls), func(i int) *yaml.Node {
		c := &ds.Controls[i]
		cm := newMap()
		cm.str("id", c.ID)
		cm.str("unit", c.Unit)
		cm.text("process", c.Process)
		cm.text("control", c.Control)
		cm.text("reason", c.Reason)
		cm.str("method", c.Method)
		cm.str("frequency", c.Frequency)
		cm.str("responsible", c.Responsible)
		statusFollowups(cm, c.Followups)
		return cm.node
	})
	return m.node
}

func sectionsNode(m mapNode, ss []tertial.Section) {
	m.seq("sections", len(ss), func(i int) *yaml.Node {
		s := ss[i]
		sm := newMap()
		sm.str("kind", string(s.Kind))
		sm.str("title", s.Title)
		sm.str("ref", s.Ref)
		sm.optInt("years", s.Years)
		sm.boolean("base_years", s.BaseYears)
		sm.strs("levels", s.Levels)
		sm.strs("areas", s.Areas)
		dims := make([]string, len(s.Dimensions))
		for i, d := range s.Dimensions {
			dims[i] = string(d)
		}
		sm.strs("dimensions", dims)
		sm.strs("owners", s.Owners)
		sm.strs("tags", s.Tags)
		sm.str("layout", string(s.Layout))
		fields := make([]string, len(s.Fields))
		for i, f := range s.Fields {
			fields[i] = string(f)
		}
		sm.strs("fields", fields)
		if len(s.Sections) == 0 {
			return sm.flow()
		}
		sectionsNode(sm, s.Sections)
		return sm.node
	})
}

func periodNode(p *tertial.Period) *yaml.Node {
	m := newMap()
	m.str("unit", p.Unit)
	m.str("id", p.ID)
	m.str("kind", string(p.Kind))
	m.str("title", p.Title)
	m.date("start", p.Start)
	m.date("cutoff", p.Cutoff)
	m.str("state", string(p.State))
	m.str("template", p.Template)
	m.str("from", p.From)
	m.date("deadline", p.Deadline)
	m.str("status", p.Status)
	m.text("cover_text", p.CoverText)
	if !p.DecisionDate.IsZero() || p.DecisionParagraph != "" {
		dm := newMap()
		dm.date("date", p.DecisionDate)
		dm.str("paragraph", p.DecisionParagraph)
		m.add("decision", dm.flow())
	}
	m.seq("assessments", len(p.Assessments), func(i int) *yaml.Node {
		a := p.Assessments[i]
		am := newMap()
		am.str("id", a.ID)
		am.str("label", a.Label)
		am.str("assessment", string(a.Assessment))
		return am.flow()
	})
	m.seq("texts", len(p.Texts), func(i int) *yaml.Node {
		t := p.Texts[i]
		tm := newMap()
		tm.str("id", t.ID)
		tm.str("title", t.Title)
		b := scalar("!!str", t.Body)
		if strings.Contains(t.Body, "\n") {
			b.Style = yaml.LiteralStyle
		}
		tm.add("body", b)
		return tm.node
	})
	m.seq("money_tables", len(p.MoneyTables), func(i int) *yaml.Node { return moneyTableNode(&p.MoneyTables[i]) })
	m.seq("free_tables", len(p.FreeTables), func(i int) *yaml.Node { return freeTableNode(&p.FreeTables[i]) })
	m.seq("attachments", len(p.Attachments), func(i int) *yaml.Node {
		a := p.Attachments[i]
		am := newMap()
		am.str("title", a.Title)
		am.text("description", a.Description)
		return am.node
	})
	return m.node
}

func unitPrecisionNodes(m mapNode, unit tertial.AmountUnit, precision int) {
	m.str("amount_unit", string(unit))
	if precision != unit.DefaultPrecision() {
		m.integer("precision", precision)
	}
}

func moneyTableNode(t *tertial.MoneyTable) *yaml.Node {
	m := newMap()
	m.str("id", t.ID)
	m.str("title", t.Title)
	unitPrecisionNodes(m, t.Unit, t.Precision)
	m.str("label_heading", t.LabelHeading)
	if len(t.Declared) > 0 {
		m.seq("columns", len(t.Declared), func(i int) *yaml.Node {
			c := t.Declared[i]
			cm := newMap()
			cm.str("id", string(c.ID))
			cm.str("kind", string(c.Kind))
			cm.str("heading", c.Heading)
			cm.str("group", c.Group)
			cm.str("period", string(c.Period))
			if len(c.Of) > 0 {
				of := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}
				for _, o := range c.Of {
					of.Content = append(of.Content, scalar("!!str", string(o)))
				}
				cm.add("of", of)
			}
			return cm.flow()
		})
	} else {
		// A table with the old column list keeps it, so old files export as they were.
		cols := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}
		for _, c := range t.Columns {
			cols.Content = append(cols.Content, scalar("!!str", string(c)))
		}
		m.add("columns", cols)
	}
	m.boolean("negate", t.Negate)
	m.str("total", t.Total)
	m.boolean("total_negate", t.TotalNegate)
	m.text("note", t.Note)
	moneyRowsNode(m, t, t.Rows)
	m.str("periodisation", string(t.Periodisation))
	m.seq("mapping", len(t.Mapping), func(i int) *yaml.Node {
		r := t.Mapping[i]
		rm := newMap()
		rm.str("row", r.Row)
		accounts := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}
		for _, a := range r.Accounts {
			accounts.Content = append(accounts.Content, quoted(a.String()))
		}
		rm.add("accounts", accounts)
		rm.optInt("dimension", r.Dimension)
		if len(r.Objects) > 0 {
			objects := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}
			for _, o := range r.Objects {
				objects.Content = append(objects.Content, quoted(o))
			}
			rm.add("objects", objects)
		}
		return rm.flow()
	})
	return m.node
}

func moneyRowsNode(m mapNode, t *tertial.MoneyTable, rows []tertial.MoneyRow) {
	m.seq("rows", len(rows), func(i int) *yaml.Node {
		r := &rows[i]
		rm := newMap()
		rm.str("id", r.ID)
		rm.str("label", r.Label)
		if r.Negate != nil {
			rm.add("negate", scalar("!!bool", strconv.FormatBool(*r.Negate)))
		}
		if r.Group {
			if r.Sum != tertial.SumNone && r.Sum != "" {
				rm.str("sum", string(r.Sum))
			}
			rm.str("sum_label", r.SumLabel)
			rm.text("comment", r.Comment)
			if len(r.Rows) == 0 {
				rm.add("rows", &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle})
			} else {
				moneyRowsNode(rm, t, r.Rows)
			}
			return rm.node
		}
		for _, c := range rowKeys(t) {
			if a, ok := r.Amounts[c]; ok {
				rm.amount(string(c), a, t.Unit, t.Precision)
			}
		}
		rm.seq("history", len(r.History), func(j int) *yaml.Node {
			hm := newMap()
			hm.integer("year", r.History[j].Year)
			hm.amount("outcome", r.History[j].Amount, t.Unit, t.Precision)
			return hm.flow()
		})
		rm.text("comment", r.Comment)
		if r.Comment == "" && len(r.History) == 0 {
			return rm.flow()
		}
		return rm.node
	})
}

func freeTableNode(t *tertial.FreeTable) *yaml.Node {
	m := newMap()
	m.str("id", t.ID)
	m.str("title", t.Title)
	unitPrecisionNodes(m, t.Unit, t.Precision)
	m.str("sum_label", t.SumLabel)
	m.text("note", t.Note)
	m.seq("columns", len(t.Columns), func(i int) *yaml.Node {
		c := t.Columns[i]
		cm := newMap()
		cm.str("id", c.ID)
		cm.str("label", c.Label)
		cm.str("type", string(c.Type))
		cm.boolean("sum", c.Sum)
		if len(c.Formula) > 0 {
			cm.str("formula", c.Formula.String())
		}
		return cm.flow()
	})
	types := map[string]tertial.ColumnType{}
	for _, c := range t.Columns {
		types[c.ID] = c.Type
	}
	freeRowsNode(m, t, types, t.Rows)
	return m.node
}

// freeRowsNode writes a free table's rows: a group with its label, unit, sum and rows, a
// row with its unit and cells on one line.
func freeRowsNode(m mapNode, t *tertial.FreeTable, types map[string]tertial.ColumnType, rows []tertial.FreeRow) {
	m.seq("rows", len(rows), func(i int) *yaml.Node {
		r := rows[i]
		rm := newMap()
		rm.str("id", r.ID)
		if r.Group {
			rm.str("label", r.Label)
			rm.str("unit", r.Unit)
			if r.Sum != tertial.SumNone && r.Sum != "" {
				rm.str("sum", string(r.Sum))
			}
			rm.str("sum_label", r.SumLabel)
			if len(r.Rows) == 0 {
				rm.add("rows", &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle})
			} else {
				freeRowsNode(rm, t, types, r.Rows)
			}
			return rm.node
		}
		rm.str("unit", r.Unit)
		if len(r.Formula) > 0 {
			rm.str("formula", r.Formula.String())
		}
		cells := newMap()
		for _, c := range t.Columns { // cells in column order
			cell, ok := r.Cells[c.ID]
			if !ok {
				continue
			}
			typ := types[c.ID]
			var v *yaml.Node
			switch typ {
			case tertial.ColText:
				v = scalar("!!str", cell.Text)
			case tertial.ColAmount:
				v = numberNode(trimAmount(cell.Amount, t.Unit, t.Precision))
			case tertial.ColPercent, tertial.ColDecimal:
				v = numberNode(cell.Number)
			case tertial.ColCount:
				v = scalar("!!int", strconv.FormatInt(cell.Count, 10))
			case tertial.ColDate:
				if cell.Date.IsZero() {
					continue
				}
				v = scalar("!!str", cell.Date.Format(time.DateOnly))
			default:
				continue
			}
			// A numeric cell with a word or marks is written as fields: {text: Stängt},
			// {value: -400, after: "*"}.
			switch {
			case cell.IsWord(typ):
				wm := newMap()
				wm.str("text", cell.Text)
				v = wm.flow()
			case typ.Numeric() && (cell.Before != "" || cell.After != ""):
				vm := newMap()
				vm.add("value", v)
				vm.str("before", cell.Before)
				vm.str("after", cell.After)
				v = vm.flow()
			}
			cells.add(c.ID, v)
		}
		if len(cells.node.Content) > 0 {
			cells.node.Style = yaml.FlowStyle
			rm.add("cells", cells.node)
		}
		return rm.flow()
	})
}
