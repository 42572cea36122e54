package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/tertial/tertial"
)

// GET and PUT /api/v1/municipalities/{code}/economy
//
// The economy of the municipality's annual report (docs/economy.md), as the page
// /kommuner/{code}/struktur/ekonomi changes it (store.SaveEconomy): the key figures per
// year, the financial goals, the finance items of the avstämning, the balanskrav's
// adjustments, the reserve's movements, earlier deficits and the eliminations of the
// sammanställda räkenskaper. The lists and their fields are the dataset format's
// `economy` block; amounts are whole öre as integers (as everywhere in the API), the tax
// rate and a goal's target decimal strings. Everyone who may read the municipality reads
// it; those who edit its structure (tertial.ActEditStructure) replace it whole with a PUT
// naming the version the GET gave (a hash of the lists): an older one gets 409 with the
// economy as it is saved now, and the rule set's problems come back as fields (422) at
// the dataset format's paths (economy.key_figures[0].tax_rate). A refused PUT changes
// nothing.

type apiKeyFigures struct {
	Year               int     `json:"year"`
	Inhabitants        *int64  `json:"inhabitants"`
	TaxRate            *string `json:"tax_rate"`
	Employees          *int64  `json:"employees"`
	PensionCommitments *int64  `json:"pension_commitments"`
	LoanDebt           *int64  `json:"loan_debt"`
}

type apiFinancialGoal struct {
	ID         string  `json:"id"`
	Title      string  `json:"title"`
	Kind       string  `json:"kind"`
	Comparison string  `json:"comparison"`
	Target     *string `json:"target"`
	From       int     `json:"from"`
	To         int     `json:"to"` // 0 or left out: the year From
}

type apiFinanceItem struct {
	Year   int    `json:"year"`
	Label  string `json:"label"`
	Amount int64  `json:"amount"`
}

type apiBalanceAdjustment struct {
	Year   int    `json:"year"`
	Kind   string `json:"kind"`
	Amount int64  `json:"amount"`
	Reason string `json:"reason"`
}

type apiReserveMovement struct {
	Year   int    `json:"year"`
	Kind   string `json:"kind"`
	Amount int64  `json:"amount"`
	Reason string `json:"reason"`
}

type apiDeficit struct {
	Year     int    `json:"year"`
	Amount   int64  `json:"amount"`
	Restored int64  `json:"restored"`
	Note     string `json:"note"`
}

type apiEliminationSide struct {
	Row    string `json:"row"`
	Amount int64  `json:"amount"`
}

type apiElimination struct {
	Year        int                `json:"year"`
	Company     string             `json:"company"`
	Counterpart string             `json:"counterpart"`
	Text        string             `json:"text"`
	Debit       apiEliminationSide `json:"debit"`
	Credit      apiEliminationSide `json:"credit"`
}

// apiEconomy is the economy as the API reads and writes it. In a PUT every list replaces
// the saved one; a list left out or null is emptied.
type apiEconomy struct {
	Version            string                 `json:"version"`
	KeyFigures         []apiKeyFigures        `json:"key_figures"`
	FinancialGoals     []apiFinancialGoal     `json:"financial_goals"`
	FinanceItems       []apiFinanceItem       `json:"finance_items"`
	BalanceAdjustments []apiBalanceAdjustment `json:"balance_adjustments"`
	Reserve            []apiReserveMovement   `json:"reserve"`
	Deficits           []apiDeficit           `json:"deficits"`
	Eliminations       []apiElimination       `json:"eliminations"`
}

func optOre(a *tertial.Amount) *int64 {
	if a == nil {
		return nil
	}
	n := int64(*a)
	return &n
}

func optAmount(n *int64) *tertial.Amount {
	if n == nil {
		return nil
	}
	a := tertial.Amount(*n)
	return &a
}

// economyJSON is the economy with its version, every list present (empty as []).
func economyJSON(e *tertial.Economy) apiEconomy {
	out := apiEconomy{Version: tertial.EconomyVersion(e), KeyFigures: []apiKeyFigures{}, FinancialGoals: []apiFinancialGoal{},
		FinanceItems: []apiFinanceItem{}, BalanceAdjustments: []apiBalanceAdjustment{}, Reserve: []apiReserveMovement{},
		Deficits: []apiDeficit{}, Eliminations: []apiElimination{}}
	for _, k := range e.KeyFigures {
		x := apiKeyFigures{Year: k.Year, Inhabitants: k.Inhabitants, Employees: k.Employees,
			PensionCommitments: optOre(k.PensionCommitments), LoanDebt: optOre(k.LoanDebt)}
		if k.TaxRate != nil {
			s := k.TaxRate.String()
			x.TaxRate = &s
		}
		out.KeyFigures = append(out.KeyFigures, x)
	}
	for _, g := range e.FinancialGoals {
		t := g.Target.String()
		out.FinancialGoals = append(out.FinancialGoals, apiFinancialGoal{ID: g.ID, Title: g.Title, Kind: string(g.Kind),
			Comparison: string(g.Comparison), Target: &t, From: g.From, To: g.To})
	}
	for _, f := range e.FinanceItems {
		out.FinanceItems = append(out.FinanceItems, apiFinanceItem{Year: f.Year, Label: f.Label, Amount: int64(f.Amount)})
	}
	for _, a := range e.BalanceAdjustments {
		out.BalanceAdjustments = append(out.BalanceAdjustments, apiBalanceAdjustment{Year: a.Year, Kind: string(a.Kind), Amount: int64(a.Amount), Reason: a.Reason})
	}
	for _, r := range e.Reserve {
		out.Reserve = append(out.Reserve, apiReserveMovement{Year: r.Year, Kind: string(r.Kind), Amount: int64(r.Amount), Reason: r.Reason})
	}
	for _, d := range e.Deficits {
		out.Deficits = append(out.Deficits, apiDeficit{Year: d.Year, Amount: int64(d.Amount), Restored: int64(d.Restored), Note: d.Note})
	}
	for _, x := range e.Eliminations {
		out.Eliminations = append(out.Eliminations, apiElimination{Year: x.Year, Company: x.Company, Counterpart: x.Counterpart, Text: x.Text,
			Debit:  apiEliminationSide{Row: x.Debit.Row, Amount: int64(x.Debit.Amount)},
			Credit: apiEliminationSide{Row: x.Credit.Row, Amount: int64(x.Credit.Amount)}})
	}
	return out
}

// economy reads the body into the economy; a decimal that cannot be read or a goal
// without a target is a field error at the dataset format's path.
func (b *apiEconomy) economy() (tertial.Economy, []apiFieldError) {
	var e tertial.Economy
	var errs []apiFieldError
	for i, k := range b.KeyFigures {
		p := "economy.key_figures[" + strconv.Itoa(i) + "]"
		e.KeyFigures = append(e.KeyFigures, tertial.EconomyKeyFigures{Year: k.Year, Inhabitants: k.Inhabitants,
			TaxRate: decimalBodyField(p+".tax_rate", k.TaxRate, &errs), Employees: k.Employees,
			PensionCommitments: optAmount(k.PensionCommitments), LoanDebt: optAmount(k.LoanDebt)})
	}
	for i, g := range b.FinancialGoals {
		p := "economy.financial_goals[" + strconv.Itoa(i) + "]"
		x := tertial.FinancialGoal{ID: strings.TrimSpace(g.ID), Title: bodyText(&g.Title), Kind: tertial.FinancialGoalKind(g.Kind),
			Comparison: tertial.Comparison(g.Comparison), From: g.From, To: g.To}
		if x.To == 0 {
			x.To = x.From
		}
		if d := decimalBodyField(p+".target", g.Target, &errs); d != nil {
			x.Target = *d
		} else if strings.TrimSpace(str(g.Target)) == "" {
			errs = append(errs, apiFieldError{p + ".target", `målvärdet saknas: skriv det som en sträng, till exempel "2"`})
		}
		e.FinancialGoals = append(e.FinancialGoals, x)
	}
	for _, f := range b.FinanceItems {
		e.FinanceItems = append(e.FinanceItems, tertial.FinanceItem{Year: f.Year, Label: bodyText(&f.Label), Amount: tertial.Amount(f.Amount)})
	}
	for _, a := range b.BalanceAdjustments {
		e.BalanceAdjustments = append(e.BalanceAdjustments, tertial.BalanceAdjustment{Year: a.Year, Kind: tertial.BalanceAdjustmentKind(a.Kind),
			Amount: tertial.Amount(a.Amount), Reason: bodyText(&a.Reason)})
	}
	for _, r := range b.Reserve {
		e.Reserve = append(e.Reserve, tertial.ReserveMovement{Year: r.Year, Kind: tertial.ReserveKind(r.Kind),
			Amount: tertial.Amount(r.Amount), Reason: bodyText(&r.Reason)})
	}
	for _, d := range b.Deficits {
		e.Deficits = append(e.Deficits, tertial.EarlierDeficit{Year: d.Year, Amount: tertial.Amount(d.Amount),
			Restored: tertial.Amount(d.Restored), Note: bodyText(&d.Note)})
	}
	for _, x := range b.Eliminations {
		e.Eliminations = append(e.Eliminations, tertial.Elimination{Year: x.Year, Company: strings.TrimSpace(x.Company),
			Counterpart: strings.TrimSpace(x.Counterpart), Text: bodyText(&x.Text),
			Debit:  tertial.EliminationSide{Row: strings.TrimSpace(x.Debit.Row), Amount: tertial.Amount(x.Debit.Amount)},
			Credit: tertial.EliminationSide{Row: strings.TrimSpace(x.Credit.Row), Amount: tertial.Amount(x.Credit.Amount)}})
	}
	return e, errs
}

// economyDS returns the municipality's dataset for the economy's API, checking that the
// user may read it and, for edit, change it (as the economy page does).
func (s *Server) economyDS(w http.ResponseWriter, r *http.Request, edit bool) *tertial.Dataset {
	code := r.PathValue("code")
	ds, err := s.db.SharedDataset(r.Context(), code)
	if err == nil {
		err = readable(r, code)
	}
	if err == nil && edit && !tertial.Can(userFrom(r.Context()), tertial.ActEditStructure, tertial.AccessTarget{Municipality: code}) {
		err = tertial.Errorf(tertial.EFORBIDDEN, "Du har inte behörighet att ändra årsredovisningens ekonomi.")
	}
	if err != nil {
		s.apiError(w, r, err)
		return nil
	}
	return ds
}

func (s *Server) apiGetEconomy(w http.ResponseWriter, r *http.Request) {
	if ds := s.economyDS(w, r, false); ds != nil {
		s.writeAPI(w, r, http.StatusOK, economyJSON(&ds.Economy))
	}
}

func (s *Server) apiPutEconomy(w http.ResponseWriter, r *http.Request) {
	if s.economyDS(w, r, true) == nil {
		return
	}
	var body apiEconomy
	if err := decodeBody(w, r, &body); err != nil {
		s.apiError(w, r, err)
		return
	}
	e, errs := body.economy()
	if strings.TrimSpace(body.Version) == "" {
		errs = append([]apiFieldError{{"version", "krävs: den version som GET gav"}}, errs...)
	}
	if len(errs) > 0 {
		s.apiError(w, r, invalidFields(errs...))
		return
	}
	code := r.PathValue("code")
	_, err := s.db.SaveEconomy(r.Context(), userFrom(r.Context()).Name, code, body.Version, e)
	fresh, ferr := s.db.SharedDataset(r.Context(), code)
	if ferr != nil {
		s.apiError(w, r, ferr)
		return
	}
	current := economyJSON(&fresh.Economy)
	if err != nil {
		s.apiErrorWith(w, r, err, current)
		return
	}
	s.writeAPI(w, r, http.StatusOK, current)
}
