package tertial

import (
	"fmt"
	"slices"
	"strings"
)

// Figures are one year's figures of the financial statements, by statement row ID, in
// öre: the resultaträkning with income positive and costs negative, the balansräkning with
// assets, equity and liabilities positive, the kassaflödesanalys with inflows positive
// (so investments negative). A row the year's statements do not have is absent, which is
// not the same as 0. The statements' Figures() gives this map.
type Figures map[string]Amount

// Get returns the figure of the row and whether the year has it.
func (f Figures) Get(row string) (Amount, bool) {
	a, ok := f[row]
	return a, ok
}

// The statement rows the economy's computations read (their IDs in the statements).
const (
	FigureNetCosts           = "verksamhetens-nettokostnader"
	FigureDepreciation       = "avskrivningar"
	FigureTaxRevenue         = "skatteintakter"
	FigureGeneralGrants      = "generella-statsbidrag"
	FigureYearResult         = "arets-resultat"
	FigureTotalAssets        = "summa-tillgangar"
	FigureEquity             = "eget-kapital"
	FigureReserve            = "varav-resultatutjamningsreserv"
	FigurePensionProvisions  = "avsattningar-pensioner"
	FigureInvestingCashFlow  = "kassaflode-investeringar"
	FigureOperatingCashFlow  = "kassaflode-lopande"
	FigureTangibleInvestment = "investering-materiella"
	FigureLongTermDebt       = "langfristiga-skulder"
	// FigureRealisationGains is the note row of the realisation gains on selling fixed
	// assets that the resultaträkning holds (Kommun-Bas group 38 by default): the
	// balanskravsutredning deducts it as part of "samtliga realisationsvinster".
	FigureRealisationGains = "realisationsvinster"
)

// figureNames are the rows' names inside Swedish sentences.
var figureNames = map[string]string{
	FigureNetCosts:           "verksamhetens nettokostnader",
	FigureDepreciation:       "avskrivningar",
	FigureTaxRevenue:         "skatteintäkter",
	FigureGeneralGrants:      "generella statsbidrag och utjämning",
	FigureYearResult:         "årets resultat",
	FigureTotalAssets:        "summa tillgångar",
	FigureEquity:             "eget kapital",
	FigureReserve:            "resultatutjämningsreserv i balansräkningen",
	FigurePensionProvisions:  "avsättningar för pensioner",
	FigureInvestingCashFlow:  "kassaflöde från investeringsverksamheten",
	FigureOperatingCashFlow:  "kassaflöde från den löpande verksamheten",
	FigureTangibleInvestment: "investering i materiella anläggningstillgångar",
	FigureRealisationGains:   "realisationsvinster",
}

// RealisationGainsReason is the reason the balanskravsutredning gives for the realisation
// gains it takes from the statements.
const RealisationGainsReason = "realisationsvinster vid försäljning av anläggningstillgångar enligt bokföringen"

// RestoreYears is how many years after the year it arose a negative balanskravsresultat
// must be restored within: "under de närmast följande tre åren" (Kommunallagen 11 kap.
// 12 §). A deficit of 2022 must be restored by the end of 2025.
const RestoreYears = 3

// ReserveName returns the reserve's name in the year: resultatutjämningsreserv until
// 2023, resultatreserv from 2024 (prop. 2022/23:119).
func ReserveName(year int) string {
	if year >= 2024 {
		return "resultatreserv"
	}
	return "resultatutjämningsreserv"
}

// ResultReserveFrom is the first year of the resultatreserv (prop. 2022/23:119, in force
// from 1 January 2024), which may hold at most ResultReserveCapPercent % of the year's
// skatteintäkter and generella statsbidrag och utjämning. The cap applies to what is
// reserved from that year on, not to a resultatutjämningsreserv built before it.
const (
	ResultReserveFrom       = 2024
	ResultReserveCapPercent = 5
)

// ResultReserveSince returns what the reservations from ResultReserveFrom through the
// year, less the uses in those years, leave in the reserve; never below zero. Uses are
// taken from it before the older resultatutjämningsreserv, which makes the figure the
// cap is tested on as small as the movements allow.
func (e *Economy) ResultReserveSince(year int) Amount {
	var b Amount
	for _, r := range e.Reserve {
		if r.Year < ResultReserveFrom || r.Year > year {
			continue
		}
		if r.Kind == ReserveUse {
			b -= r.Amount
		} else {
			b += r.Amount
		}
	}
	return max(b, 0)
}

// BalanceRow is a line of a year's balanskravsutredning: a stable key, the Swedish label,
// the amount with the sign it has in the utredning, whether it is a sum, and the reasons
// entered for it.
type BalanceRow struct {
	Key     string
	Label   string
	Amount  Amount
	Sum     bool
	Reasons []string
}

// The keys of the utredning's rows.
const (
	BalanceRowResult         = "arets-resultat"
	BalanceRowAdjusted       = "resultat-efter-balanskravsjusteringar"
	BalanceRowReservation    = "reservering"
	BalanceRowUse            = "anvandning"
	BalanceRowBalanceResult  = "balanskravsresultat"
	BalanceRowDeficitsBefore = "underskott-tidigare-ar"
	BalanceRowRestored       = "aterstallt"
	BalanceRowSpecialReasons = "synnerliga-skal"
	BalanceRowDeficitsAfter  = "underskott-att-aterstalla"
)

// BalanceYear is one year's balanskravsutredning.
type BalanceYear struct {
	Year int
	// Rows are the utredning's lines in order, from årets resultat to the deficit left to
	// restore. Adjustments of a kind not entered for the year are left out.
	Rows []BalanceRow
	// Result is årets resultat, Adjusted årets resultat efter balanskravsjusteringar,
	// BalanceResult the balanskravsresultat.
	Result, Adjusted, BalanceResult Amount
	// Reservation and Use are the year's movements of the reserve (positive amounts).
	Reservation, Use Amount
	// ReserveLimit is the most the year may reserve (11 kap. 14 § KL), when LimitKnown.
	ReserveLimit Amount
	LimitKnown   bool
	// ReserveClosing is the reserve's balance at the year's end, from every movement.
	ReserveClosing Amount
	// DeficitsBefore is what earlier deficits left to restore at the year's start,
	// Restored what the year restored of them, SpecialReasons the part of the year's own
	// deficit not to be restored, and DeficitsAfter what is left at the year's end,
	// including the year's own deficit.
	DeficitsBefore, Restored, SpecialReasons, DeficitsAfter Amount
}

// Met reports whether the year meets the balance requirement: a balanskravsresultat of at
// least zero.
func (y *BalanceYear) Met() bool { return y.BalanceResult >= 0 }

// Row returns the row with the key, or nil.
func (y *BalanceYear) Row(key string) *BalanceRow {
	for i := range y.Rows {
		if y.Rows[i].Key == key {
			return &y.Rows[i]
		}
	}
	return nil
}

// Deficit is a negative balanskravsresultat and its restoration.
type Deficit struct {
	Year      int    // the year it arose
	RestoreBy int    // the last year it may be restored in: Year + RestoreYears
	Amount    Amount // the deficit, positive
	// Entered says that the deficit was entered (EarlierDeficit), not computed.
	Entered bool
	// SpecialReasons is the part the council decided not to restore (11 kap. 13 § KL).
	SpecialReasons Amount
	// Restorations are what later years restored, in order; the first is the restored
	// part entered with an earlier deficit (its Year is 0).
	Restorations []Restoration
}

// Restoration is a year's restoration of a deficit.
type Restoration struct {
	Year   int
	Amount Amount
}

// Left returns what is left to restore.
func (d *Deficit) Left() Amount {
	left := d.Amount - d.SpecialReasons
	for _, r := range d.Restorations {
		left -= r.Amount
	}
	return left
}

// Finding is something a balanskravsutredning or a financial goal shows that an auditor
// would ask about: a deficit not restored in time, a reservation beyond the law's limit, a
// figure missing. Findings are for `tertial check` and the report; they never block a
// save.
type Finding struct {
	Year    int
	Message string // Swedish
}

func (f Finding) String() string { return fmt.Sprintf("%d: %s", f.Year, f.Message) }

// BalanceRequirement is the balanskravsutredning of a row of years: each year's, the
// deficits with their restoration, and the findings.
type BalanceRequirement struct {
	Years    []BalanceYear
	Deficits []Deficit
	Findings []Finding
}

// Year returns the utredning of the year, or nil.
func (b *BalanceRequirement) Year(y int) *BalanceYear {
	for i := range b.Years {
		if b.Years[i].Year == y {
			return &b.Years[i]
		}
	}
	return nil
}

// ComputeBalanceRequirement computes the balanskravsutredning of every year from the
// first year figures has through the year through, from the statements' figures and what
// e holds (Kommunallagen 11 kap. 12–14 §§, LKBR 11 kap. 10 §):
//
//	årets resultat
//	− samtliga realisationsvinster
//	+ realisationsvinster enligt undantagsmöjlighet
//	+ realisationsförluster enligt undantagsmöjlighet
//	+ orealiserade förluster i värdepapper
//	− återföring av orealiserade förluster i värdepapper
//	= årets resultat efter balanskravsjusteringar
//	− reservering till resultatutjämningsreserv
//	+ användning av resultatutjämningsreserv
//	= balanskravsresultat
//
// A negative balanskravsresultat is a deficit to restore within RestoreYears years, less
// what the council decided not to restore for synnerliga skäl; a positive one restores
// the earlier deficits, oldest first. The deficits entered for years before the first
// computed year are carried the same way. Findings name a deficit not restored by its
// year, a reservation beyond the law's limit, a use of the reserve beyond what the year's
// deficit needs, a reserve that does not match the balance sheet's, and missing figures.
// A year inside the range without figures is left out with a finding, and restores
// nothing.
func ComputeBalanceRequirement(e *Economy, figures map[int]Figures, through int) *BalanceRequirement {
	out := &BalanceRequirement{}
	first := 0
	for y := range figures {
		if y <= through && (first == 0 || y < first) {
			first = y
		}
	}
	find := func(year int, format string, args ...any) {
		out.Findings = append(out.Findings, Finding{Year: year, Message: fmt.Sprintf(format, args...)})
	}
	special := map[int]Amount{}
	specialReasons := map[int][]string{}
	for _, a := range e.BalanceAdjustments {
		if a.Kind == AdjustSpecialReasons {
			special[a.Year] += a.Amount
			specialReasons[a.Year] = append(specialReasons[a.Year], a.Reason)
		}
	}
	// The deficits entered for years before the first computed one.
	entered := slices.Clone(e.Deficits)
	slices.SortFunc(entered, func(a, b EarlierDeficit) int { return a.Year - b.Year })
	for _, d := range entered {
		if first != 0 && d.Year >= first {
			find(d.Year, "underskottet för %d är inmatat, men året har bokslutssiffror och räknas fram; det inmatade underskottet används inte", d.Year)
			continue
		}
		def := Deficit{Year: d.Year, RestoreBy: d.Year + RestoreYears, Amount: d.Amount, Entered: true}
		if d.Restored > 0 {
			def.Restorations = append(def.Restorations, Restoration{Amount: d.Restored})
		}
		def.SpecialReasons = min(special[d.Year], max(def.Left(), 0))
		out.Deficits = append(out.Deficits, def)
	}
	if first == 0 {
		out.overdue(through, find)
		return out
	}
	for year := first; year <= through; year++ {
		f, ok := figures[year]
		if !ok {
			find(year, "bokslutssiffror saknas för %d: årets balanskravsutredning kan inte göras och inga underskott återställs det året", year)
			continue
		}
		y, ok := computeBalanceYear(e, year, f, find)
		if !ok {
			continue
		}
		// Restore earlier deficits, oldest first.
		for i := range out.Deficits {
			y.DeficitsBefore += max(out.Deficits[i].Left(), 0)
		}
		if y.BalanceResult > 0 {
			left := y.BalanceResult
			for i := range out.Deficits {
				d := &out.Deficits[i]
				if n := min(left, d.Left()); n > 0 {
					d.Restorations = append(d.Restorations, Restoration{Year: year, Amount: n})
					left -= n
					y.Restored += n
				}
			}
		}
		if y.BalanceResult < 0 {
			d := Deficit{Year: year, RestoreBy: year + RestoreYears, Amount: -y.BalanceResult}
			d.SpecialReasons = min(special[year], d.Amount)
			if special[year] > d.Amount {
				find(year, "synnerliga skäl anges för %s, men årets underskott är %s", kronor(special[year]), kronor(d.Amount))
			}
			y.SpecialReasons = d.SpecialReasons
			out.Deficits = append(out.Deficits, d)
		} else if special[year] > 0 {
			find(year, "synnerliga skäl anges för %s, men året har inget negativt balanskravsresultat", kronor(special[year]))
		}
		for i := range out.Deficits {
			y.DeficitsAfter += max(out.Deficits[i].Left(), 0)
		}
		y.Rows = append(y.Rows,
			BalanceRow{Key: BalanceRowDeficitsBefore, Label: "Balanskravsunderskott från tidigare år", Amount: -y.DeficitsBefore},
			BalanceRow{Key: BalanceRowRestored, Label: "Återställt under året", Amount: y.Restored})
		if y.SpecialReasons > 0 {
			y.Rows = append(y.Rows, BalanceRow{Key: BalanceRowSpecialReasons, Label: AdjustSpecialReasons.Label(), Amount: y.SpecialReasons,
				Reasons: specialReasons[year]})
		}
		y.Rows = append(y.Rows, BalanceRow{Key: BalanceRowDeficitsAfter, Label: "Balanskravsunderskott att återställa", Amount: -y.DeficitsAfter, Sum: true})
		out.Years = append(out.Years, y)
	}
	out.overdue(through, find)
	return out
}

// overdue reports each deficit left unrestored after its last year, and each restored
// after it.
func (b *BalanceRequirement) overdue(through int, find func(int, string, ...any)) {
	for i := range b.Deficits {
		d := &b.Deficits[i]
		for _, r := range d.Restorations {
			if r.Year > d.RestoreBy {
				find(r.Year, "%s av underskottet från %d återställdes %d, efter sista året för återställande %d", kronor(r.Amount), d.Year, r.Year, d.RestoreBy)
			}
		}
		if left := d.Left(); left > 0 && through >= d.RestoreBy {
			find(d.Year, "underskottet från %d (%s) skulle ha återställts senast %d; %s återstår", d.Year, kronor(d.Amount), d.RestoreBy, kronor(left))
		}
	}
}

// computeBalanceYear computes a year's utredning down to the balanskravsresultat, and
// the reserve's limit and balance.
func computeBalanceYear(e *Economy, year int, f Figures, find func(int, string, ...any)) (BalanceYear, bool) {
	y := BalanceYear{Year: year}
	result, ok := f.Get(FigureYearResult)
	if !ok {
		find(year, "årets resultat saknas i resultaträkningen för %d: årets balanskravsutredning kan inte göras", year)
		return y, false
	}
	y.Result = result
	y.Rows = append(y.Rows, BalanceRow{Key: BalanceRowResult, Label: "Årets resultat enligt resultaträkningen", Amount: result})
	adjusted := result
	for _, k := range BalanceAdjustmentKinds {
		if k.sign() == 0 {
			continue
		}
		var sum Amount
		var reasons []string
		// Samtliga realisationsvinster: those the statements hold (the note row), and the
		// entered ones, for gains booked elsewhere (on financial fixed assets).
		if g, ok := f.Get(FigureRealisationGains); ok && g != 0 && k == AdjustRealisationGains {
			sum += g
			reasons = append(reasons, RealisationGainsReason)
		}
		for _, a := range e.BalanceAdjustments {
			if a.Year == year && a.Kind == k {
				sum += a.Amount
				reasons = append(reasons, a.Reason)
			}
		}
		if reasons == nil {
			continue
		}
		signed := Amount(k.sign()) * sum
		adjusted += signed
		y.Rows = append(y.Rows, BalanceRow{Key: string(k), Label: k.Label(), Amount: signed, Reasons: reasons})
	}
	y.Adjusted = adjusted
	y.Rows = append(y.Rows, BalanceRow{Key: BalanceRowAdjusted, Label: "Årets resultat efter balanskravsjusteringar", Amount: adjusted, Sum: true})
	var resReasons, useReasons []string
	for _, r := range e.Reserve {
		if r.Year != year {
			continue
		}
		if r.Kind == ReserveUse {
			y.Use += r.Amount
			useReasons = appendReason(useReasons, r.Reason)
		} else {
			y.Reservation += r.Amount
			resReasons = appendReason(resReasons, r.Reason)
		}
	}
	name := ReserveName(year)
	y.Rows = append(y.Rows,
		BalanceRow{Key: BalanceRowReservation, Label: "Reservering till " + name, Amount: -y.Reservation, Reasons: resReasons},
		BalanceRow{Key: BalanceRowUse, Label: "Användning av " + name, Amount: y.Use, Reasons: useReasons})
	y.BalanceResult = adjusted - y.Reservation + y.Use
	y.Rows = append(y.Rows, BalanceRow{Key: BalanceRowBalanceResult, Label: "Årets balanskravsresultat", Amount: y.BalanceResult, Sum: true})

	y.ReserveLimit, y.LimitKnown = reserveLimit(e, year, f, result, adjusted, find)
	if y.Reservation > 0 {
		switch {
		case !y.LimitKnown:
			find(year, "reserveringen till %s på %s kan inte prövas mot lagens gräns (11 kap. 14 § KL)", name, kronor(y.Reservation))
		case y.Reservation > y.ReserveLimit:
			find(year, "reserveringen till %s på %s är större än lagens gräns %s (11 kap. 14 § KL)", name, kronor(y.Reservation), kronor(y.ReserveLimit))
		}
	}
	if y.Use > 0 {
		if need := max(-(adjusted - y.Reservation), 0); y.Use > need {
			find(year, "användningen av %s (%s) är större än vad som behövs för att täcka årets negativa resultat efter balanskravsjusteringar (%s)",
				name, kronor(y.Use), kronor(need))
		}
	}
	y.ReserveClosing = e.ReserveBalance(year)
	if year >= ResultReserveFrom {
		tax, ok1 := f.Get(FigureTaxRevenue)
		grants, ok2 := f.Get(FigureGeneralGrants)
		since := e.ResultReserveSince(year)
		if cap := Amount(ResultReserveCapPercent * int64(tax+grants) / 100); ok1 && ok2 && since > cap {
			find(year, "resultatreserven som reserverats från %d (%s) är större än %d %% av skatteintäkter samt generella statsbidrag och utjämning (%s) (11 kap. 14 § KL i lydelse från 2024)",
				ResultReserveFrom, kronor(since), ResultReserveCapPercent, kronor(cap))
		}
	}
	if br, ok := f.Get(FigureReserve); ok && br != y.ReserveClosing {
		find(year, "%s i balansräkningen (%s) stämmer inte med reserveringarna och användningarna (%s)", ReserveName(year), kronor(br), kronor(y.ReserveClosing))
	}
	return y, true
}

func appendReason(rs []string, r string) []string {
	if strings.TrimSpace(r) == "" {
		return rs
	}
	return append(rs, r)
}

// reserveLimit returns the most the year may reserve (Kommunallagen 11 kap. 14 §, SFS
// 2018:600): the lowest of årets resultat and årets resultat efter balanskravsjusteringar,
// less 1 % of skatteintäkter and generella statsbidrag och utjämning, or 2 % when the
// equity less the pension commitments outside the balance sheet (ansvarsförbindelsen) is
// negative; never below zero. It is not known when a figure it needs is missing.
func reserveLimit(e *Economy, year int, f Figures, result, adjusted Amount, find func(int, string, ...any)) (Amount, bool) {
	tax, ok1 := f.Get(FigureTaxRevenue)
	grants, ok2 := f.Get(FigureGeneralGrants)
	equity, ok3 := f.Get(FigureEquity)
	if !ok1 || !ok2 || !ok3 {
		return 0, false
	}
	percent := int64(1)
	if equity < 0 {
		percent = 2
	} else {
		k := e.KeyFiguresOf(year)
		if k == nil || k.PensionCommitments == nil {
			return 0, false
		}
		if equity-*k.PensionCommitments < 0 {
			percent = 2
		}
	}
	// (lowest × 100 − percent × base) / 100, rounded down to whole öre so that the limit
	// is never above the law's.
	n := int64(min(result, adjusted))*100 - percent*int64(tax+grants)
	if n <= 0 {
		return 0, true
	}
	return Amount(n / 100), true
}

// kronor writes an amount in whole kronor the Swedish way, for messages: "12 500 000 kr",
// "−3 400 kr"; öre are shown only when there are any.
func kronor(a Amount) string {
	d := a.Exact(Kr)
	if int64(a)%100 == 0 {
		return swedishNumber(d, 0) + " kr"
	}
	return swedishNumber(d, 2) + " kr"
}

// swedishNumber writes d rounded to decimals with a decimal comma, no-break spaces between
// thousands and the minus sign U+2212, as package sv does (which this package cannot
// import).
func swedishNumber(d Decimal, decimals int) string {
	r := d.Round(decimals)
	intPart, frac := r.IntegerDigits()
	var b strings.Builder
	if r.Sign() < 0 {
		b.WriteString("\u2212")
	}
	lead := len(intPart) % 3
	if lead == 0 {
		lead = 3
	}
	b.WriteString(intPart[:lead])
	for i := lead; i < len(intPart); i += 3 {
		b.WriteString("\u00a0")
		b.WriteString(intPart[i : i+3])
	}
	if frac != "" {
		b.WriteString(",")
		b.WriteString(frac)
	}
	return b.String()
}
