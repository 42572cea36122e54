package sie

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
)

// The municipality Ekby's company, the housing company Ekbybostäder AB (invented,
// org.nr 556990-0017, owned to 100 %), whose books the demo consolidates in Ekby's
// sammanställda räkenskaper. Its chart is BAS (the companies' chart, not Kommun-Bas).

// EkbybostaderOrgNumber is the company's invented organisationsnummer.
const EkbybostaderOrgNumber = "556990-0017"

var companyAccounts = []ekbyAccount{
	{"1110", "Byggnader", "T"},
	{"1119", "Ackumulerade avskrivningar på byggnader", "T"},
	{"1130", "Mark", "T"},
	{"1510", "Kundfordringar", "T"},
	{"1560", "Kundfordringar hos koncernföretag", "T"},
	{"1930", "Företagskonto", "T"},
	{"2081", "Aktiekapital", "S"},
	{"2091", "Balanserad vinst eller förlust", "S"},
	{"2350", "Skulder till kreditinstitut", "S"},
	{"2440", "Leverantörsskulder", "S"},
	{"2510", "Skatteskulder", "S"},
	{"3010", "Hyresintäkter bostäder", "I"},
	{"3020", "Hyresintäkter lokaler, Ekby kommun", "I"},
	{"5130", "Uppvärmning", "K"},
	{"5170", "Reparation och underhåll av fastighet", "K"},
	{"6990", "Övriga externa kostnader", "K"},
	{"7010", "Löner till kollektivanställda", "K"},
	{"7510", "Arbetsgivaravgifter", "K"},
	{"7820", "Avskrivningar på byggnader och markanläggningar", "K"},
	{"8410", "Räntekostnader för långfristiga skulder", "K"},
	{"8910", "Skatt som belastar årets resultat", "K"},
}

// EkbyShares returns Ekby's shares in Ekbybostäder AB (its account 1310, Aktier och
// andelar i koncernföretag) in a series of GenerateYearsTo starting in the year from, öre:
// the company's share capital (2081) in GenerateCompanyYearsTo's series from the same year.
func EkbyShares(from int) int64 { return growOre(ekbyOpening["1310"]*100, from-1) }

// EkbybostaderInternalRent returns the rent Ekbybostäder AB invoices Ekby kommun in the
// year for its premises (account 3020), öre: a twelfth each month, paid the month after,
// so that December's (EkbybostaderInternalReceivable) is owed at the year's end.
func EkbybostaderInternalRent(year int) int64 { return growOre(2_400_000_000, year) }

// EkbybostaderInternalReceivable returns what Ekby kommun owes Ekbybostäder AB at the
// end of the year (account 1560): December's rent.
func EkbybostaderInternalReceivable(year int) int64 {
	return monthly(EkbybostaderInternalRent(year), 12)
}

// companyBook books a year of the company: the monthly rents (invoiced and collected the
// month after), running costs and salaries paid the same month, depreciation, quarterly
// interest, the year's investment in buildings with a new loan, and the tax on the
// year's profit, paid in February of the year after.
type companyBook struct {
	year int
	ledgerTotals
	rows  [][]trow // the vouchers, in order
	texts []string
	dates []int
}

func (b *companyBook) voucher(month, day int, text string, rows ...trow) {
	var sum int64
	for _, r := range rows {
		sum += r.amount
	}
	if sum != 0 {
		panic(fmt.Sprintf("sie: unbalanced company voucher %q: %d", text, sum))
	}
	b.rows = append(b.rows, rows)
	b.texts = append(b.texts, text)
	b.dates = append(b.dates, b.year*10000+month*100+day)
	for _, r := range rows {
		b.totals[r.acc] += r.amount
	}
}

func simulateCompanyYear(seed uint64, year int, opening map[string]int64) *companyBook {
	r := rand.New(rand.NewPCG(seed, uint64(year)<<8|3))
	b := &companyBook{year: year, ledgerTotals: ledgerTotals{opening: opening, totals: map[string]int64{}}}
	g := func(kr int64) int64 { return growOre(kr*100, year) * (970 + r.Int64N(61)) / 1000 }
	external, internal := growOre(9_600_000_000, year), EkbybostaderInternalRent(year)
	costs := []struct {
		acc, text string
		year      int64
	}{
		{"5170", "Underhåll", g(30_000_000)}, {"5130", "Uppvärmning", g(15_000_000)},
		{"6990", "Förvaltning och försäkringar", g(8_000_000)}, {"7010", "Löner", g(12_000_000)},
	}
	dep := opening["1110"] / 50
	rate := int64(20) // per mille a year
	// The tax on last year's profit, paid in February.
	if t := -opening["2510"]; t > 0 {
		b.voucher(2, 12, "Betald skatt", trow{"2510", "{}", t}, trow{"1930", "{}", -t})
	}
	for m := 1; m <= 12; m++ {
		if m > 1 || opening["1510"] != 0 {
			// Last month's rents collected.
			ext, in := monthly(external, m-1), monthly(internal, m-1)
			if m == 1 {
				ext, in = opening["1510"], opening["1560"]
			}
			b.voucher(m, 5, "Inbetalda hyror", trow{"1930", "{}", ext + in}, trow{"1510", "{}", -ext}, trow{"1560", "{}", -in})
		}
		b.voucher(m, 1, "Hyror "+monthNames[m-1], trow{"1510", "{}", monthly(external, m)}, trow{"1560", "{}", monthly(internal, m)},
			trow{"3010", "{}", -monthly(external, m)}, trow{"3020", "{}", -monthly(internal, m)})
		for _, c := range costs {
			v := monthly(c.year, m)
			b.voucher(m, 25, c.text+" "+monthNames[m-1], trow{c.acc, "{}", v}, trow{"1930", "{}", -v})
			if c.acc == "7010" {
				fee := v * 3142 / 10000
				b.voucher(m, 25, "Arbetsgivaravgifter "+monthNames[m-1], trow{"7510", "{}", fee}, trow{"1930", "{}", -fee})
			}
		}
		b.voucher(m, 28, "Avskrivningar "+monthNames[m-1], trow{"7820", "{}", monthly(dep, m)}, trow{"1119", "{}", -monthly(dep, m)})
		if m%3 == 0 {
			i := -opening["2350"] * rate / 1000 / 4
			b.voucher(m, 30, "Ränta kvartal "+fmt.Sprint(m/3), trow{"8410", "{}", i}, trow{"2350", "{}", 0}, trow{"1930", "{}", -i})
		}
	}
	invest := g(60_000_000)
	loan := invest / 2
	b.voucher(6, 30, "Ombyggnad av Ekbygården", trow{"1110", "{}", invest}, trow{"1930", "{}", -invest})
	b.voucher(6, 30, "Nytt lån för ombyggnaden", trow{"1930", "{}", loan}, trow{"2350", "{}", -loan})
	if profit := -b.result(); profit > 0 {
		tax := profit * 206 / 1000
		b.voucher(12, 31, "Skatt på årets resultat", trow{"8910", "{}", tax}, trow{"2510", "{}", -tax})
	}
	return b
}

// GenerateCompanyYearsTo writes the books of Ekbybostäder AB for the years from through
// to, one SIE 4E file a year written to what open returns (closed when written): the BAS
// chart, #IB, #UB and #RES of the year and the year before, and the year's vouchers, every
// one balanced (see companyBook). Every year's #IB is last year's #UB with the result in
// 2091. Its share capital is Ekby's shares in it (EkbyShares), and the rent it invoices
// Ekby kommun is EkbybostaderInternalRent, so that the demo's eliminations agree with
// both books. The same seed gives the same files.
func GenerateCompanyYearsTo(seed uint64, from, to int, open func(year int) (io.WriteCloser, error)) error {
	if from > to || from < 1901 || to > 9998 {
		return fmt.Errorf("åren %d–%d går inte att generera", from, to)
	}
	opening := map[string]int64{
		"1110": growOre(140_000_000_000, from-1), "1119": -growOre(30_000_000_000, from-1), "1130": growOre(8_000_000_000, from-1),
		"1930": growOre(4_000_000_000, from-1), "2081": -EkbyShares(from), "2350": -growOre(90_000_000_000, from-1),
	}
	var sum int64
	for _, v := range opening {
		sum += v
	}
	opening["2091"] = -sum
	prev := simulateCompanyYear(seed, from-1, opening)
	for y := from; y <= to; y++ {
		cur := simulateCompanyYear(seed, y, prev.nextOpening("2091"))
		w, err := open(y)
		if err != nil {
			return err
		}
		bw := bufio.NewWriter(w)
		g := &writer{w: bw}
		g.printf("#FLAGGA 0\n#PROGRAM \"Tertial generator\" \"2\"\n#FORMAT PC8\n#GEN %d0215\n#SIETYP 4\n", y+1)
		g.printf("#FNAMN \"%s\"\n#ORGNR %s\n#KPTYP BAS2024\n", g.pc8("Ekbybostäder AB"), EkbybostaderOrgNumber)
		g.printf("#RAR 0 %d0101 %d1231\n#RAR -1 %d0101 %d1231\n", y, y, y-1, y-1)
		for _, a := range companyAccounts {
			g.printf("#KONTO %s \"%s\"\n#KTYP %s %s\n", a.nr, g.pc8(a.name), a.nr, a.typ)
		}
		g.balances(0, &cur.ledgerTotals)
		g.balances(-1, &prev.ledgerTotals)
		for i, rows := range cur.rows {
			var kept []trow
			for _, r := range rows {
				if r.amount != 0 {
					kept = append(kept, r)
				}
			}
			g.voucher("A", i+1, cur.dates[i], cur.texts[i], kept)
		}
		err = bw.Flush()
		if cerr := w.Close(); err == nil {
			err = cerr
		}
		if err == nil {
			err = g.err
		}
		if err != nil {
			return err
		}
		prev = cur
	}
	return nil
}
