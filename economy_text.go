package tertial

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
)

// The economy's lists as text: one line per row, for the audit log (a field per list),
// the conflict page and the version a form of the economy is saved against (EconomyVersion).

// EconomyList is one list of the economy as text.
type EconomyList struct {
	Field string // the audit log's field: key_figures, financial_goals, ...
	Text  string
}

func optInt(name string, n *int64) string {
	if n == nil {
		return ""
	}
	return " " + name + " " + strconv.FormatInt(*n, 10)
}

func optAmount(name string, a *Amount) string {
	if a == nil {
		return ""
	}
	return " " + name + " " + a.Exact(Kr).String()
}

// Lists returns the economy's lists as text, in a fixed order.
func (e *Economy) Lists() []EconomyList {
	var kf, ba, rs, df, fg, fi, el []string
	for _, k := range e.KeyFigures {
		s := strconv.Itoa(k.Year) + ":" + optInt("inhabitants", k.Inhabitants)
		if k.TaxRate != nil {
			s += " tax_rate " + k.TaxRate.String()
		}
		s += optInt("employees", k.Employees) + optAmount("pension_commitments", k.PensionCommitments) + optAmount("loan_debt", k.LoanDebt)
		kf = append(kf, s)
	}
	for _, a := range e.BalanceAdjustments {
		ba = append(ba, strconv.Itoa(a.Year)+" "+string(a.Kind)+": "+a.Amount.Exact(Kr).String()+"; "+a.Reason)
	}
	for _, r := range e.Reserve {
		rs = append(rs, strconv.Itoa(r.Year)+" "+string(r.Kind)+": "+r.Amount.Exact(Kr).String()+"; "+r.Reason)
	}
	for _, d := range e.Deficits {
		df = append(df, strconv.Itoa(d.Year)+": "+d.Amount.Exact(Kr).String()+" restored "+d.Restored.Exact(Kr).String()+"; "+d.Note)
	}
	for _, g := range e.FinancialGoals {
		fg = append(fg, g.ID+": "+g.Title+"; "+string(g.Kind)+" "+string(g.Comparison)+" "+g.Target.String()+" "+strconv.Itoa(g.From)+"-"+strconv.Itoa(g.To))
	}
	for _, f := range e.FinanceItems {
		fi = append(fi, strconv.Itoa(f.Year)+" "+f.Label+": "+f.Amount.Exact(Kr).String())
	}
	for _, x := range e.Eliminations {
		el = append(el, strconv.Itoa(x.Year)+" "+x.Company+"/"+x.Counterpart+": "+x.Text+"; debit "+x.Debit.Row+" "+x.Debit.Amount.Exact(Kr).String()+
			", credit "+x.Credit.Row+" "+x.Credit.Amount.Exact(Kr).String())
	}
	j := func(l []string) string { return strings.Join(l, "\n") }
	return []EconomyList{{"key_figures", j(kf)}, {"financial_goals", j(fg)}, {"finance_items", j(fi)},
		{"balance_adjustments", j(ba)}, {"reserve", j(rs)}, {"deficits", j(df)}, {"eliminations", j(el)}}
}

// EconomyVersion is the version a form of the economy is saved against: a hash of its
// lists' text, so that a save from a form opened before another change is refused.
func EconomyVersion(e *Economy) string {
	h := sha256.New()
	for _, l := range e.Lists() {
		h.Write([]byte(l.Field + "\x00" + l.Text + "\x00"))
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}
