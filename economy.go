package tertial

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"unicode/utf8"
)

// Economy is what a municipality enters for its own annual report besides the ledger:
// the key figures of each year that no ledger holds (invånare, skattesats, anställda,
// the pension commitments outside the balance sheet), the balance requirement's
// adjustments and the movements of the resultatutjämningsreserv, the deficits of years
// before Tertial holds statements, and the financial goals. Everything is per year of the
// municipality, not per period: the balanskravsutredning, the financial goals and the
// five-year overview are computed from these and from the statements' figures (Figures)
// by ComputeBalanceRequirement, EvaluateFinancialGoal and FiveYearOverview (docs/economy.md).
//
// Amounts are in öre, entered in kronor. The dataset format's key is `economy`.
type Economy struct {
	KeyFigures         []EconomyKeyFigures
	BalanceAdjustments []BalanceAdjustment
	Reserve            []ReserveMovement
	Deficits           []EarlierDeficit
	FinancialGoals     []FinancialGoal
	// Eliminations are the sammanställda räkenskaper's eliminations (elimination.go).
	Eliminations []Elimination
	// FinanceItems are the finance function's items of the avstämning of the boards' net
	// costs with the resultaträkning (NetCostReconciliation), per year.
	FinanceItems []FinanceItem
}

// FinanceItem is one of the finance function's items (finansförvaltningen: pensions,
// depreciation not charged to the boards, internal capital costs …) in the avstämning of
// the boards' net costs with the resultaträkning's verksamhetens nettokostnader, in
// result sign (a cost negative).
type FinanceItem struct {
	Year   int
	Label  string
	Amount Amount
}

// MaxFinanceItemLabel is the longest label of a finance item.
const MaxFinanceItemLabel = 200

// Validate checks a finance item: the year, a label on one line and an amount.
func (f *FinanceItem) Validate() []Problem {
	var ps problems
	ps.year("year", f.Year)
	if strings.TrimSpace(f.Label) == "" {
		ps.add("label", "benämning saknas: ange vilken post det är")
	} else if n := utf8.RuneCountInString(f.Label); n > MaxFinanceItemLabel || strings.ContainsAny(f.Label, "\r\n") {
		ps.add("label", "benämningen ska vara en rad på högst %d tecken", MaxFinanceItemLabel)
	}
	ps.text("label", f.Label)
	if f.Amount == 0 {
		ps.add("amount", "beloppet saknas: en post på noll kronor hör inte till avstämningen")
	}
	return ps
}

// FinanceItemsOf returns the finance items of a year, in their order.
func (e *Economy) FinanceItemsOf(year int) []FinanceItem {
	var out []FinanceItem
	for _, f := range e.FinanceItems {
		if f.Year == year {
			out = append(out, f)
		}
	}
	return out
}

// IsEmpty reports whether nothing is entered.
func (e *Economy) IsEmpty() bool {
	return len(e.KeyFigures)+len(e.BalanceAdjustments)+len(e.Reserve)+len(e.Deficits)+len(e.FinancialGoals)+len(e.FinanceItems)+len(e.Eliminations) == 0
}

// KeyFiguresOf returns the key figures entered for the year, or nil.
func (e *Economy) KeyFiguresOf(year int) *EconomyKeyFigures {
	for i := range e.KeyFigures {
		if e.KeyFigures[i].Year == year {
			return &e.KeyFigures[i]
		}
	}
	return nil
}

// FinancialGoal returns the financial goal with the ID, or nil.
func (e *Economy) FinancialGoal(id string) *FinancialGoal {
	for i := range e.FinancialGoals {
		if e.FinancialGoals[i].ID == id {
			return &e.FinancialGoals[i]
		}
	}
	return nil
}

// EconomyKeyFigures are the key figures of one year that the statements do not hold. Each
// is nil when not entered, which the five-year overview shows as missing (never as 0).
type EconomyKeyFigures struct {
	Year int
	// Inhabitants is the population on 31 December (invånare).
	Inhabitants *int64
	// TaxRate is the municipal tax rate in percent (kronor per hundred): 21.35.
	TaxRate *Decimal
	// Employees is the number of employees (anställda), as the municipality counts them.
	Employees *int64
	// PensionCommitments are the pension commitments outside the balance sheet, including
	// löneskatt: the ansvarsförbindelse (memo item) under the blandmodell.
	PensionCommitments *Amount
	// LoanDebt is the municipality's borrowing (låneskuld) at the year's end.
	LoanDebt *Amount
}

// Validate checks one year's key figures: the year, at least one figure, an inhabitant
// count above zero, a tax rate between 0 and 100 %, and no negative count or amount.
func (k *EconomyKeyFigures) Validate() []Problem {
	var ps problems
	ps.year("year", k.Year)
	if k.Inhabitants == nil && k.TaxRate == nil && k.Employees == nil && k.PensionCommitments == nil && k.LoanDebt == nil {
		ps.add("year", "inga nyckeltal angivna för %d: ange minst ett eller ta bort året", k.Year)
	}
	if k.Inhabitants != nil && *k.Inhabitants <= 0 {
		ps.add("inhabitants", "antalet invånare %d ska vara större än noll", *k.Inhabitants)
	}
	if k.TaxRate != nil && (k.TaxRate.Sign() <= 0 || k.TaxRate.Cmp(DecimalFromInt(100)) >= 0) {
		ps.add("tax_rate", "skattesatsen %s ska vara större än 0 och mindre än 100 (procent)", swedishNumber(*k.TaxRate, k.TaxRate.Scale()))
	}
	if k.Employees != nil && *k.Employees < 0 {
		ps.add("employees", "antalet anställda %d kan inte vara negativt", *k.Employees)
	}
	if k.PensionCommitments != nil && *k.PensionCommitments < 0 {
		ps.add("pension_commitments", "pensionsförpliktelserna %s kan inte vara negativa", kronor(*k.PensionCommitments))
	}
	if k.LoanDebt != nil && *k.LoanDebt < 0 {
		ps.add("loan_debt", "låneskulden %s kan inte vara negativ", kronor(*k.LoanDebt))
	}
	return ps
}

// BalanceAdjustmentKind is the kind of an entered line of the balanskravsutredning.
type BalanceAdjustmentKind string

// The adjustments of the balance requirement (Kommunallagen 11 kap. 12–13 §§, LKBR 11 kap.
// 10 §), in the order of the utredning. The amount of each is entered as a positive sum; the
// kind gives its sign in the utredning.
const (
	// AdjustRealisationGains: samtliga realisationsvinster, subtracted from the result.
	AdjustRealisationGains BalanceAdjustmentKind = "realisation_gains"
	// AdjustGainsException: realisationsvinster enligt undantagsmöjlighet, added back.
	AdjustGainsException BalanceAdjustmentKind = "realisation_gains_exception"
	// AdjustLossesException: realisationsförluster enligt undantagsmöjlighet, added back.
	AdjustLossesException BalanceAdjustmentKind = "realisation_losses_exception"
	// AdjustUnrealisedLosses: orealiserade förluster i värdepapper, added back.
	AdjustUnrealisedLosses BalanceAdjustmentKind = "unrealised_losses"
	// AdjustUnrealisedReversal: återföring av orealiserade förluster i värdepapper,
	// subtracted.
	AdjustUnrealisedReversal BalanceAdjustmentKind = "unrealised_losses_reversal"
	// AdjustSpecialReasons: the part of the year's negative balanskravsresultat that the
	// council decided, for synnerliga skäl, not to restore (11 kap. 13 § KL). It changes no
	// result; it lowers the deficit to restore.
	AdjustSpecialReasons BalanceAdjustmentKind = "special_reasons"
)

// BalanceAdjustmentKinds lists the kinds in the utredning's order.
var BalanceAdjustmentKinds = []BalanceAdjustmentKind{AdjustRealisationGains, AdjustGainsException, AdjustLossesException,
	AdjustUnrealisedLosses, AdjustUnrealisedReversal, AdjustSpecialReasons}

// Label returns the kind's line in the utredning, in Swedish.
func (k BalanceAdjustmentKind) Label() string {
	switch k {
	case AdjustRealisationGains:
		return "Samtliga realisationsvinster"
	case AdjustGainsException:
		return "Realisationsvinster enligt undantagsmöjlighet"
	case AdjustLossesException:
		return "Realisationsförluster enligt undantagsmöjlighet"
	case AdjustUnrealisedLosses:
		return "Orealiserade förluster i värdepapper"
	case AdjustUnrealisedReversal:
		return "Återföring av orealiserade förluster i värdepapper"
	case AdjustSpecialReasons:
		return "Synnerliga skäl att inte återställa (11 kap. 13 § KL)"
	}
	return string(k)
}

// sign returns +1 for an adjustment added to the result, −1 for one subtracted, and 0 for
// one that does not change the result.
func (k BalanceAdjustmentKind) sign() int64 {
	switch k {
	case AdjustRealisationGains, AdjustUnrealisedReversal:
		return -1
	case AdjustGainsException, AdjustLossesException, AdjustUnrealisedLosses:
		return 1
	}
	return 0
}

// BalanceAdjustment is an entered line of a year's balanskravsutredning: a kind, a
// positive amount and the reason (motivering) an auditor reads.
type BalanceAdjustment struct {
	Year   int
	Kind   BalanceAdjustmentKind
	Amount Amount
	Reason string
}

// Validate checks an adjustment: the year, the kind, an amount above zero and a reason.
func (a *BalanceAdjustment) Validate() []Problem {
	var ps problems
	ps.year("year", a.Year)
	if !oneOf(a.Kind, BalanceAdjustmentKinds) {
		ps.add("kind", "okänd justering %q: ska vara en av %s", a.Kind, list(BalanceAdjustmentKinds))
	}
	if a.Amount <= 0 {
		ps.add("amount", "beloppet %s ska vara större än noll; justeringens typ avgör om det läggs till eller dras av", kronor(a.Amount))
	}
	if strings.TrimSpace(a.Reason) == "" {
		ps.add("reason", "motivering saknas: ange varför justeringen görs")
	}
	ps.text("reason", a.Reason)
	return ps
}

// ReserveKind is the direction of a movement of the resultatutjämningsreserv.
type ReserveKind string

// The movements of the reserve.
const (
	ReserveReservation ReserveKind = "reservation" // reservering till reserven
	ReserveUse         ReserveKind = "use"         // användning av reserven
)

// ReserveKinds lists the movements.
var ReserveKinds = []ReserveKind{ReserveReservation, ReserveUse}

// ReserveMovement is a reservation to or a use of the resultatutjämningsreserv (from 2024
// resultatreserv) in a year, as a positive amount, with the council's decision or reason.
// Movements of years before the statements' are entered too: the reserve's balance is the
// sum of every reservation less every use.
type ReserveMovement struct {
	Year   int
	Kind   ReserveKind
	Amount Amount
	Reason string
}

// Validate checks a movement: the year, the kind, an amount above zero, the reason's text.
func (r *ReserveMovement) Validate() []Problem {
	var ps problems
	ps.year("year", r.Year)
	if !oneOf(r.Kind, ReserveKinds) {
		ps.add("kind", "okänd rörelse %q: ska vara en av %s", r.Kind, list(ReserveKinds))
	}
	if r.Amount <= 0 {
		ps.add("amount", "beloppet %s ska vara större än noll", kronor(r.Amount))
	}
	ps.text("reason", r.Reason)
	return ps
}

// ReserveBalance returns the reserve's balance at the end of the year: every reservation
// up to and including the year less every use.
func (e *Economy) ReserveBalance(year int) Amount {
	var b Amount
	for _, r := range e.Reserve {
		if r.Year > year {
			continue
		}
		if r.Kind == ReserveUse {
			b -= r.Amount
		} else {
			b += r.Amount
		}
	}
	return b
}

// EarlierDeficit is a negative balanskravsresultat of a year before the statements Tertial
// holds: the deficit (a positive amount) and how much of it was restored before then. The
// computation carries what is left until later positive results restore it.
type EarlierDeficit struct {
	Year     int
	Amount   Amount
	Restored Amount
	Note     string
}

// Validate checks an earlier deficit: the year, an amount above zero, and a restored part
// between zero and the deficit.
func (d *EarlierDeficit) Validate() []Problem {
	var ps problems
	ps.year("year", d.Year)
	if d.Amount <= 0 {
		ps.add("amount", "underskottet %s ska anges som ett belopp större än noll", kronor(d.Amount))
	}
	if d.Restored < 0 {
		ps.add("restored", "det återställda beloppet %s kan inte vara negativt", kronor(d.Restored))
	} else if d.Amount > 0 && d.Restored > d.Amount {
		ps.add("restored", "det återställda beloppet %s är större än underskottet %s", kronor(d.Restored), kronor(d.Amount))
	}
	ps.text("note", d.Note)
	return ps
}

// validateEconomy checks the economy block: each item by its Validate, one entry of key
// figures and one earlier deficit per year, a reserve that is never used beyond its
// balance, and the financial goals' IDs.
func (v *validator) economy() {
	e := &v.d.Economy
	years := map[int]bool{}
	for i := range e.KeyFigures {
		k := &e.KeyFigures[i]
		p := fmt.Sprintf("economy.key_figures[%d]", i)
		if years[k.Year] {
			v.addf(p+".year", "året %d har redan nyckeltal", k.Year)
		}
		years[k.Year] = true
		v.add(p, k.Validate())
	}
	for i := range e.BalanceAdjustments {
		v.add(fmt.Sprintf("economy.balance_adjustments[%d]", i), e.BalanceAdjustments[i].Validate())
	}
	for i := range e.FinanceItems {
		v.add(fmt.Sprintf("economy.finance_items[%d]", i), e.FinanceItems[i].Validate())
	}
	for i := range e.Reserve {
		v.add(fmt.Sprintf("economy.reserve[%d]", i), e.Reserve[i].Validate())
	}
	// The reserve can never be used beyond its balance at the year's start and the year's
	// own reservations.
	ys := map[int]bool{}
	for _, r := range e.Reserve {
		ys[r.Year] = true
	}
	for _, y := range slices.Sorted(maps.Keys(ys)) {
		if b := e.ReserveBalance(y); b < 0 {
			i := slices.IndexFunc(e.Reserve, func(r ReserveMovement) bool { return r.Year == y && r.Kind == ReserveUse })
			v.addf(fmt.Sprintf("economy.reserve[%d].amount", max(i, 0)),
				"reserven används %d mer än den innehåller: saldot efter året blir %s", y, kronor(b))
			break
		}
	}
	deficits := map[int]bool{}
	for i := range e.Deficits {
		d := &e.Deficits[i]
		p := fmt.Sprintf("economy.deficits[%d]", i)
		if deficits[d.Year] {
			v.addf(p+".year", "året %d har redan ett underskott", d.Year)
		}
		deficits[d.Year] = true
		v.add(p, d.Validate())
	}
	v.ids("economy.financial_goals", len(e.FinancialGoals), func(i int) string { return e.FinancialGoals[i].ID }, "de finansiella målen")
	for i := range e.FinancialGoals {
		v.add(fmt.Sprintf("economy.financial_goals[%d]", i), e.FinancialGoals[i].Validate(), "id")
	}
}
