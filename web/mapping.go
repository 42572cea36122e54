package web

import (
	"cmp"
	"context"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/compute"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/sv"
)

// The account mapping form: one group of fields per rule, the table's rules (or the
// Kommun-Bas default it uses) followed by blankRules empty ones to add.
const blankRules = 3

// ledgerPreview shows, under the mapping form, what the current rules make of the
// imported ledger for the period: the amount each row gets and the accounts no rule maps.
type ledgerPreview struct {
	Caption  string
	Rows     []previewRow
	Unmapped []previewRow
}

type previewRow struct{ Label, Amount string }

var periodisationOptions = []option{
	{"", "Ingen: periodbudgeten skrivs in eller kommer från #PBUDGET"},
	{string(tertial.PeriodiseEven), "Jämnt: en tolftedel av årsbudgeten per månad"},
	{string(tertial.PeriodisePriorYear), "Efter fjolårets månadsprofil i bokföringen"},
}

// ledgerSetupItem is the form for a money table's account mapping and periodisation, a
// controller's (tertial.ActEditBudget).
func (s *Server) ledgerSetupItem(pc *periodCtx, t *tertial.MoneyTable) *item {
	// Whether the table qualifies for the Kommun-Bas default: its rules without own ones.
	bare := *t
	bare.Mapping = nil
	defaultRules := bare.Rules()
	var fields []formField
	if len(defaultRules) > 0 {
		v := "egna"
		if len(t.Mapping) == 0 {
			v = "standard"
		}
		fields = append(fields, formField{Name: "grund", Label: "Kontomappning", Type: "select", Value: v,
			Options: []option{{"standard", "Standardmappningen för Kommun-Bas"}, {"egna", "Tabellens egna regler (nedan)"}},
			Hint:    "Standardmappningen: konton 3 intäkter, 5 personal, 60–61 lokaler, 45 bidrag, 46 köp av verksamhet och övriga 4–7 övrigt. Reglerna nedan gäller när du väljer egna regler."})
	}
	budgeted := t.HasColumn(tertial.ColBudget) && t.HasColumn(tertial.ColPeriodBudget)
	if budgeted {
		fields = append(fields, formField{Name: "periodisering", Label: "Periodisering av budgeten", Type: "select",
			Value: string(t.Periodisation), Options: periodisationOptions,
			Hint: "Hur periodens budget räknas fram ur årsbudgeten när bokföringen saknar budget per månad."})
	}
	rules := t.Mapping
	if len(rules) == 0 {
		rules = defaultRules
	}
	rowOptions := []option{{"", "– ingen (regeln används inte)"}}
	for _, r := range t.Leaves() {
		rowOptions = append(rowOptions, option{r.ID, r.Label})
	}
	// ruleFields gives the fields of rules 1..n, the saved rules first.
	ruleFields := func(n int) []formField {
		var out []formField
		for i := 1; i <= n; i++ {
			var r tertial.AccountRule
			if i <= len(rules) {
				r = rules[i-1]
			}
			group := "Regel " + strconv.Itoa(i)
			if i > len(rules) {
				group = "Ny regel " + strconv.Itoa(i)
			}
			p := "regel-" + strconv.Itoa(i) + "-"
			accounts := make([]string, len(r.Accounts))
			for j, a := range r.Accounts {
				accounts[j] = a.String()
			}
			dim := ""
			if r.Dimension > 0 {
				dim = strconv.Itoa(r.Dimension)
			}
			out = append(out,
				formField{Group: group, Name: p + "rad", Label: "Rad i tabellen", Type: "select", Value: r.Row, Options: rowOptions},
				formField{Group: group, Name: p + "konton", Label: "Konton", Type: "text", Value: strings.Join(accounts, ", "),
					Hint: "Konton och kontointervall, åtskilda med kommatecken: 45 är alla konton som börjar på 45, 60-61 alla från 60 till 61."},
				formField{Group: group, Name: p + "dimension", Label: "Dimension (valfri)", Type: "number", Value: dim,
					Hint: "En SIE-dimension, till exempel 1 för ansvar, när regeln bara ska gälla vissa objekt."},
				formField{Group: group, Name: p + "objekt", Label: "Objekt i dimensionen", Type: "text", Value: strings.Join(r.Objects, ", "),
					Hint: "Objektens koder, åtskilda med kommatecken. Det som bokförts på andra objekt går vidare till nästa regel."},
				formField{Group: group, Name: p + "ordning", Label: "Ordning", Type: "number", Value: strconv.Itoa(i * 10),
					Hint: "Reglerna prövas med lägst nummer först, och den första som passar ett konto gäller: smala regler före breda."},
			)
		}
		return out
	}
	head := fields
	fields = append(append([]formField{}, head...), ruleFields(len(rules)+blankRules)...)
	return &item{
		heading: t.Title + ": kontomappning och periodisering", context: pc.unit.Name + ", " + pc.per.Title,
		entity: "money_setup", key: pc.ref.Unit + "/" + pc.ref.Period + "/" + t.ID, action: tertial.ActEditBudget,
		version: t.SetupVersion, fields: fields, preview: s.ledgerPreview(pc, t),
		posted: func(form url.Values) []formField {
			n := max(postedRules(form), len(rules)+blankRules)
			return append(append([]formField{}, head...), ruleFields(min(n, maxRules))...)
		},
		save: func(ctx context.Context, e store.Edit, form url.Values) ([]fieldError, error) {
			setup, errs := parseLedgerSetup(t, budgeted, len(rules), form)
			if len(errs) > 0 {
				return errs, nil
			}
			_, err := s.db.SaveLedgerSetup(ctx, e, t.ID, setup.LedgerSetup)
			return nil, err
		},
	}
}

// parsedSetup is a setup read from the form, with the form's rule number of each rule.
type parsedSetup struct {
	store.LedgerSetup
	origin []int
}

var listSeparator = regexp.MustCompile(`[,;\s]+`)

func splitList(s string) []string {
	var out []string
	for _, x := range listSeparator.Split(strings.TrimSpace(s), -1) {
		if x != "" {
			out = append(out, x)
		}
	}
	return out
}

var ruleField = regexp.MustCompile(`^regel-(\d{1,4})-`)

// maxRules bounds the rules of a form.
const maxRules = 200

// postedRules returns the highest rule number of a posted form.
func postedRules(form url.Values) int {
	n := 0
	for k := range form {
		if m := ruleField.FindStringSubmatch(k); m != nil {
			i, _ := strconv.Atoi(m[1])
			n = max(n, i)
		}
	}
	return n
}

// splitObjects splits a list of object codes on commas (and semicolons): a code may
// contain spaces.
func splitObjects(s string) []string {
	var out []string
	for _, x := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' }) {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

// parseLedgerSetup reads the form's rules, however many it has (a form sent from the
// conflict page may have more than the saved rules give). Empty rules are skipped; the
// rest are put in the order of their "ordning" and checked as the dataset format checks
// a mapping.
//
// A rule whose row is "– ingen" is not used: a saved rule is switched off that way. A new
// rule (beyond the saved ones) with accounts or objects but no row is a mistake, not a
// rule to drop.
func parseLedgerSetup(t *tertial.MoneyTable, budgeted bool, saved int, form url.Values) (parsedSetup, []fieldError) {
	n := postedRules(form)
	var out parsedSetup
	if n > maxRules {
		return out, []fieldError{{"regel-1-rad", "En tabell kan ha högst " + strconv.Itoa(maxRules) + " regler."}}
	}
	var errs []fieldError
	out.Periodisation = t.Periodisation
	if budgeted {
		out.Periodisation = tertial.Periodisation(form.Get("periodisering"))
	}
	type ordered struct {
		rule   tertial.AccountRule
		order  int
		origin int
	}
	var list []ordered
	for i := 1; i <= n; i++ {
		p := "regel-" + strconv.Itoa(i) + "-"
		row, accounts, dim, objects, order := strings.TrimSpace(form.Get(p+"rad")), form.Get(p+"konton"), strings.TrimSpace(form.Get(p+"dimension")),
			form.Get(p+"objekt"), strings.TrimSpace(form.Get(p+"ordning"))
		rule := "Regel " + strconv.Itoa(i) + ": "
		if row == "" {
			if i > saved && (strings.TrimSpace(accounts) != "" || dim != "" || strings.TrimSpace(objects) != "") {
				errs = append(errs, fieldError{p + "rad", rule + "välj vilken rad kontona ska föras till."})
			}
			continue
		}
		o := ordered{rule: tertial.AccountRule{Row: row, Objects: splitObjects(objects)}, order: i * 10, origin: i}
		for _, a := range splitList(accounts) {
			r, err := tertial.ParseAccountRange(a)
			if err != nil {
				errs = append(errs, fieldError{p + "konton", rule + tertial.ErrorMessage(err) + "."})
				continue
			}
			o.rule.Accounts = append(o.rule.Accounts, r)
		}
		if len(splitList(accounts)) == 0 {
			errs = append(errs, fieldError{p + "konton", rule + "ange minst ett konto eller kontointervall, till exempel 45 eller 60-61."})
		}
		if dim != "" {
			d, err := strconv.Atoi(dim)
			if err != nil || d < 1 {
				errs = append(errs, fieldError{p + "dimension", rule + "dimensionen ska vara ett positivt heltal, till exempel 1."})
			}
			o.rule.Dimension = d
		}
		if order != "" {
			v, err := strconv.Atoi(order)
			if err != nil {
				errs = append(errs, fieldError{p + "ordning", rule + "ordningen ska vara ett heltal."})
			}
			o.order = v
		}
		list = append(list, o)
	}
	if form.Get("grund") == "standard" {
		return out, nil // the rule fields are kept on the page but not used
	}
	if len(errs) > 0 {
		return out, errs
	}
	slices.SortStableFunc(list, func(a, b ordered) int { return cmp.Compare(a.order, b.order) })
	for _, o := range list {
		out.Mapping = append(out.Mapping, o.rule)
		out.origin = append(out.origin, o.origin)
	}
	check := *t
	check.Mapping, check.Periodisation = out.Mapping, out.Periodisation
	for _, pr := range check.CheckLedgerSetup() {
		errs = append(errs, fieldError{setupField(pr.Path, out.origin), setupMessage(pr, out.origin)})
	}
	return out, errs
}

var rulePath = regexp.MustCompile(`^mapping\[(\d+)\]\.?([a-z]*)`)

// setupField maps a problem's path ("mapping[2].accounts[0]") to the form field.
func setupField(path string, origin []int) string {
	m := rulePath.FindStringSubmatch(path)
	if m == nil {
		return "periodisering"
	}
	k, _ := strconv.Atoi(m[1])
	field := map[string]string{"row": "rad", "accounts": "konton", "dimension": "dimension", "objects": "objekt"}[m[2]]
	if field == "" {
		field = "rad"
	}
	return "regel-" + strconv.Itoa(origin[k]) + "-" + field
}

func setupMessage(pr tertial.Problem, origin []int) string {
	m := rulePath.FindStringSubmatch(pr.Path)
	if m == nil {
		return "Periodisering: " + pr.Message + "."
	}
	k, _ := strconv.Atoi(m[1])
	return "Regel " + strconv.Itoa(origin[k]) + ": " + pr.Message + "."
}

// ledgerPreview applies the table's current rules to the imported ledger (nil when the
// municipality has none) and returns the period outcome per row and what is unmapped.
func (s *Server) ledgerPreview(pc *periodCtx, t *tertial.MoneyTable) *ledgerPreview {
	// Only when the unit's ledger has outcome for the period: otherwise the amounts below
	// would be the entered ones.
	from, to := pc.per.LedgerMonths()
	if !pc.per.LedgerOf(pc.ds.Ledger).HasOutcome(pc.unit.ID, from, to) {
		return nil
	}
	filled, unmapped := tertial.ApplyLedger(pc.per, pc.ds.Ledger)
	var ft *tertial.MoneyTable
	for i := range filled.MoneyTables {
		if filled.MoneyTables[i].ID == t.ID {
			ft = &filled.MoneyTables[i]
		}
	}
	if ft == nil || len(ft.Derived) == 0 || !t.HasColumn(tertial.ColPeriodOutcome) {
		return nil
	}
	p := &ledgerPreview{Caption: "Periodens utfall ur bokföringen med de sparade reglerna, " + string(t.Unit)}
	named := map[string]bool{}
	for _, r := range t.Rules() {
		named[r.Row] = true
	}
	for _, r := range compute.MoneyTable(ft) {
		a, ok := r.Display(tertial.ColPeriodOutcome) // as the table shows it
		if r.Kind != compute.BaseRow || !named[r.ID] || !ok {
			continue
		}
		p.Rows = append(p.Rows, previewRow{r.Label, sv.Amount(a, t.Unit, t.Precision)})
	}
	for _, u := range unmapped {
		if u.Table == t.ID {
			p.Unmapped = append(p.Unmapped, previewRow{u.Account, sv.WithUnit(sv.Amount(tertial.Amount(u.Amount), tertial.Kr, 2), "kr")})
		}
	}
	return p
}
