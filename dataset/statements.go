package dataset

import (
	"github.com/tertial/tertial"
	"go.yaml.in/yaml/v3"
)

// The `statements` block (docs/statements.md): the municipality's changes to the default
// account mapping of the financial statements (the accounts rows it maps otherwise, with
// their terms, note and note rows), the budget it enters for the resultaträkning's rows
// and the forecasts for the whole year it makes at a month's end (`through: 2025-08`), in
// kronor with at most two decimals.

func (d *decoder) statements(p string, n *yaml.Node) tertial.StatementSetup {
	var s tertial.StatementSetup
	x := d.object(p, n)
	x.list("mapping", func(p string, n *yaml.Node) {
		o := d.object(p, n)
		m := tertial.StatementRowMapping{Row: o.reqStr("row")}
		if o.values["terms"] == nil {
			o.missing("terms")
		}
		o.list("terms", func(p string, n *yaml.Node) {
			t := d.object(p, n)
			term := tertial.StatementTerm{Measure: tertial.Measure(t.reqStr("measure"))}
			if t.values["accounts"] == nil {
				t.missing("accounts")
			}
			term.Accounts = d.accountRanges(t, "accounts")
			term.Except = d.accountRanges(t, "except")
			m.Terms = append(m.Terms, term)
			t.done()
		})
		m.Note, _ = o.integer("note")
		o.list("note_rows", func(p string, n *yaml.Node) {
			r := d.object(p, n)
			nr := tertial.NoteRow{ID: r.str("id"), Label: r.reqStr("label")}
			if r.values["accounts"] == nil {
				r.missing("accounts")
			}
			nr.Accounts = d.accountRanges(r, "accounts")
			m.NoteRows = append(m.NoteRows, nr)
			r.done()
		})
		s.Mapping = append(s.Mapping, m)
		o.done()
	})
	x.list("budget", func(p string, n *yaml.Node) {
		o := d.object(p, n)
		s.Budget = append(s.Budget, tertial.StatementBudget{Year: o.reqInt("year"), Row: o.reqStr("row"), Amount: o.reqKronor("amount")})
		o.done()
	})
	x.list("forecast", func(p string, n *yaml.Node) {
		o := d.object(p, n)
		f := tertial.StatementForecast{Row: o.reqStr("row"), Amount: o.reqKronor("amount")}
		if m, line, ok := o.scalar("through"); !ok && o.values["through"] == nil {
			o.missing("through")
		} else if ok {
			if f.Through, ok = tertial.ParseMonth(m); !ok {
				d.errorf(o.sub("through"), line, "%q är ingen månad; skriv ÅÅÅÅ-MM, till exempel 2025-08", m)
			}
		}
		s.Forecast = append(s.Forecast, f)
		o.done()
	})
	x.done()
	return s
}

// accountRanges reads a list of accounts and account ranges ("3", "4-77").
func (d *decoder) accountRanges(o *object, key string) []tertial.AccountRange {
	var out []tertial.AccountRange
	o.list(key, func(p string, n *yaml.Node) {
		if n.Kind != yaml.ScalarNode {
			d.errorf(p, n.Line, "här ska det stå ett konto eller kontointervall, inte %s", kindName(n))
			return
		}
		a, err := tertial.ParseAccountRange(n.Value)
		if err != nil {
			d.errorf(p, n.Line, "%s", tertial.ErrorMessage(err))
			return
		}
		out = append(out, a)
	})
	return out
}

func accountRangesNode(rs []tertial.AccountRange) *yaml.Node {
	n := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}
	for _, a := range rs {
		n.Content = append(n.Content, quoted(a.String()))
	}
	return n
}

func statementsNode(s *tertial.StatementSetup) *yaml.Node {
	m := newMap()
	m.seq("mapping", len(s.Mapping), func(i int) *yaml.Node {
		rm := &s.Mapping[i]
		x := newMap()
		x.str("row", rm.Row)
		x.seq("terms", len(rm.Terms), func(j int) *yaml.Node {
			t := rm.Terms[j]
			tm := newMap()
			tm.str("measure", string(t.Measure))
			tm.add("accounts", accountRangesNode(t.Accounts))
			if len(t.Except) > 0 {
				tm.add("except", accountRangesNode(t.Except))
			}
			return tm.flow()
		})
		x.optInt("note", rm.Note)
		x.seq("note_rows", len(rm.NoteRows), func(j int) *yaml.Node {
			nr := rm.NoteRows[j]
			nm := newMap()
			nm.str("id", nr.ID)
			nm.str("label", nr.Label)
			nm.add("accounts", accountRangesNode(nr.Accounts))
			return nm.flow()
		})
		return x.node
	})
	m.seq("budget", len(s.Budget), func(i int) *yaml.Node {
		b := &s.Budget[i]
		x := newMap()
		x.integer("year", b.Year)
		x.str("row", b.Row)
		x.kronor("amount", &b.Amount)
		return x.flow()
	})
	m.seq("forecast", len(s.Forecast), func(i int) *yaml.Node {
		f := &s.Forecast[i]
		x := newMap()
		x.str("through", tertial.MonthText(f.Through))
		x.str("row", f.Row)
		x.kronor("amount", &f.Amount)
		return x.flow()
	})
	return m.node
}
