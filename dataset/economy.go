package dataset

import (
	"strconv"

	"github.com/tertial/tertial"
	"go.yaml.in/yaml/v3"
)

// The `economy` block (docs/economy.md): the municipality's key figures per year, the
// balance requirement's adjustments, the reserve's movements, earlier deficits and the
// financial goals. Amounts are in kronor with at most two decimals (öre).

func (d *decoder) economy(p string, n *yaml.Node) tertial.Economy {
	var e tertial.Economy
	x := d.object(p, n)
	x.list("key_figures", func(p string, n *yaml.Node) {
		o := d.object(p, n)
		e.KeyFigures = append(e.KeyFigures, tertial.EconomyKeyFigures{Year: o.reqInt("year"), Inhabitants: o.count("inhabitants"),
			TaxRate: o.decimal("tax_rate"), Employees: o.count("employees"), PensionCommitments: o.kronor("pension_commitments"),
			LoanDebt: o.kronor("loan_debt")})
		o.done()
	})
	x.list("balance_adjustments", func(p string, n *yaml.Node) {
		o := d.object(p, n)
		e.BalanceAdjustments = append(e.BalanceAdjustments, tertial.BalanceAdjustment{Year: o.reqInt("year"),
			Kind: tertial.BalanceAdjustmentKind(o.reqStr("kind")), Amount: o.reqKronor("amount"), Reason: o.reqStr("reason")})
		o.done()
	})
	x.list("reserve", func(p string, n *yaml.Node) {
		o := d.object(p, n)
		e.Reserve = append(e.Reserve, tertial.ReserveMovement{Year: o.reqInt("year"), Kind: tertial.ReserveKind(o.reqStr("kind")),
			Amount: o.reqKronor("amount"), Reason: o.str("reason")})
		o.done()
	})
	x.list("finance_items", func(p string, n *yaml.Node) {
		o := d.object(p, n)
		e.FinanceItems = append(e.FinanceItems, tertial.FinanceItem{Year: o.reqInt("year"), Label: o.reqStr("label"), Amount: o.reqKronor("amount")})
		o.done()
	})
	x.list("deficits", func(p string, n *yaml.Node) {
		o := d.object(p, n)
		def := tertial.EarlierDeficit{Year: o.reqInt("year"), Amount: o.reqKronor("amount"), Note: o.str("note")}
		if r := o.kronor("restored"); r != nil {
			def.Restored = *r
		}
		e.Deficits = append(e.Deficits, def)
		o.done()
	})
	x.list("financial_goals", func(p string, n *yaml.Node) {
		o := d.object(p, n)
		g := tertial.FinancialGoal{ID: o.reqStr("id"), Title: o.reqStr("title"), Kind: tertial.FinancialGoalKind(o.reqStr("kind")),
			Comparison: tertial.Comparison(o.reqStr("comparison"))}
		if t := o.decimal("target"); t != nil {
			g.Target = *t
		} else if o.values["target"] == nil {
			o.missing("target")
		}
		g.From = o.reqInt("from")
		g.To = g.From
		if to, ok := o.integer("to"); ok {
			g.To = to
		}
		e.FinancialGoals = append(e.FinancialGoals, g)
		o.done()
	})
	x.list("eliminations", func(p string, n *yaml.Node) {
		o := d.object(p, n)
		el := tertial.Elimination{Year: o.reqInt("year"), Company: o.reqStr("company"), Counterpart: o.str("counterpart"), Text: o.reqStr("text")}
		side := func(key string) tertial.EliminationSide {
			n := o.get(key)
			if n == nil {
				o.missing(key)
				return tertial.EliminationSide{}
			}
			s := d.object(o.sub(key), n)
			defer s.done()
			return tertial.EliminationSide{Row: s.reqStr("row"), Amount: s.reqKronor("amount")}
		}
		el.Debit, el.Credit = side("debit"), side("credit")
		e.Eliminations = append(e.Eliminations, el)
		o.done()
	})
	x.done()
	return e
}

// count reads a whole number of things (invånare, anställda), or nil when absent.
func (o *object) count(key string) *int64 {
	s, line, ok := o.scalar(key)
	if !ok {
		return nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		o.d.errorf(o.sub(key), line, "%q är inte ett heltal", s)
		return nil
	}
	return &n
}

// kronor reads an amount in kronor with at most two decimals, or nil when absent.
func (o *object) kronor(key string) *tertial.Amount {
	s, line, ok := o.scalar(key)
	if !ok {
		return nil
	}
	a, err := tertial.ParseAmount(s, tertial.Kr, 2)
	if err != nil {
		o.d.errorf(o.sub(key), line, "%s", tertial.ErrorMessage(err))
		return nil
	}
	return &a
}

func (o *object) reqKronor(key string) tertial.Amount {
	a := o.kronor(key)
	if a == nil {
		if o.values[key] == nil {
			o.missing(key)
		}
		return 0
	}
	return *a
}

func economyNode(e *tertial.Economy) *yaml.Node {
	m := newMap()
	m.seq("key_figures", len(e.KeyFigures), func(i int) *yaml.Node {
		k := &e.KeyFigures[i]
		x := newMap()
		x.integer("year", k.Year)
		x.count("inhabitants", k.Inhabitants)
		x.decimal("tax_rate", k.TaxRate)
		x.count("employees", k.Employees)
		x.kronor("pension_commitments", k.PensionCommitments)
		x.kronor("loan_debt", k.LoanDebt)
		return x.node
	})
	m.seq("balance_adjustments", len(e.BalanceAdjustments), func(i int) *yaml.Node {
		a := &e.BalanceAdjustments[i]
		x := newMap()
		x.integer("year", a.Year)
		x.str("kind", string(a.Kind))
		x.kronor("amount", &a.Amount)
		x.text("reason", a.Reason)
		return x.node
	})
	m.seq("reserve", len(e.Reserve), func(i int) *yaml.Node {
		r := &e.Reserve[i]
		x := newMap()
		x.integer("year", r.Year)
		x.str("kind", string(r.Kind))
		x.kronor("amount", &r.Amount)
		x.text("reason", r.Reason)
		return x.node
	})
	m.seq("finance_items", len(e.FinanceItems), func(i int) *yaml.Node {
		f := &e.FinanceItems[i]
		x := newMap()
		x.integer("year", f.Year)
		x.text("label", f.Label)
		x.kronor("amount", &f.Amount)
		return x.node
	})
	m.seq("deficits", len(e.Deficits), func(i int) *yaml.Node {
		d := &e.Deficits[i]
		x := newMap()
		x.integer("year", d.Year)
		x.kronor("amount", &d.Amount)
		if d.Restored != 0 {
			x.kronor("restored", &d.Restored)
		}
		x.text("note", d.Note)
		return x.node
	})
	m.seq("financial_goals", len(e.FinancialGoals), func(i int) *yaml.Node {
		g := &e.FinancialGoals[i]
		x := newMap()
		x.str("id", g.ID)
		x.str("title", g.Title)
		x.str("kind", string(g.Kind))
		x.str("comparison", string(g.Comparison))
		x.decimal("target", &g.Target)
		x.integer("from", g.From)
		if g.To != g.From {
			x.integer("to", g.To)
		}
		return x.node
	})
	m.seq("eliminations", len(e.Eliminations), func(i int) *yaml.Node {
		el := &e.Eliminations[i]
		x := newMap()
		x.integer("year", el.Year)
		x.str("company", el.Company)
		x.str("counterpart", el.Counterpart)
		x.text("text", el.Text)
		for _, s := range []struct {
			key  string
			side *tertial.EliminationSide
		}{{"debit", &el.Debit}, {"credit", &el.Credit}} {
			y := newMap()
			y.str("row", s.side.Row)
			y.kronor("amount", &s.side.Amount)
			x.add(s.key, y.node)
		}
		return x.node
	})
	return m.node
}

func (m mapNode) count(key string, n *int64) {
	if n != nil {
		m.add(key, scalar("!!int", strconv.FormatInt(*n, 10)))
	}
}

// kronor adds an amount in kronor: whole kronor without decimals, otherwise with both
// decimals of the öre (398500000.50).
func (m mapNode) kronor(key string, a *tertial.Amount) {
	if a == nil {
		return
	}
	if *a%100 == 0 {
		m.add(key, numberNode(a.Exact(tertial.Kr).Round(0)))
	} else {
		m.add(key, numberNode(a.Exact(tertial.Kr)))
	}
}
