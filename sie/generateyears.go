package sie

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"

	"golang.org/x/text/encoding/charmap"
)

// GeneratedYear is what GenerateYearsTo wrote for a year.
type GeneratedYear struct {
	Year     int
	Vouchers int
	Rows     int   // #TRANS rows
	Result   int64 // the year's result, öre in the ledger's sign (a surplus is negative)
}

// GenerateYears writes one SIE 4E file a year, from through to, of the invented
// municipality Ekby into dir, named ekby-YYYY.se, and returns their paths. See
// GenerateYearsTo for what they hold.
func GenerateYears(dir string, o GenerateOptions, from, to int) ([]string, error) {
	var paths []string
	_, err := GenerateYearsTo(o, from, to, func(year int) (io.WriteCloser, error) {
		p := filepath.Join(dir, fmt.Sprintf("ekby-%d.se", year))
		paths = append(paths, p)
		return os.Create(p)
	})
	return paths, err
}

// GenerateYearsTo writes the ledgers of the invented municipality Ekby (about 40 000
// inhabitants, tax revenue about 2.4 billion kronor in 2021, growing 3.5 % a year) for the
// years from through to, one SIE 4E file a year written to what open returns (closed when
// written). Each file has the chart of accounts in Kommun-Bas (see ekby.go), the boards'
// responsibility units (dimension 1, EkbyBoards) and the investment projects (dimension
// 6); #IB, #UB and #RES of the year and the year before; #PBUDGET per account,
// responsibility unit and month; and the year's vouchers, every one balanced: taxes,
// general state grants and equalisation, salaries and social fees (paid to the tax
// agency the month after), supplier and customer invoices (paid and collected the month
// after), depreciation every month, investments in projects activated at year end, a
// new loan and quarterly amortisation and interest, a sale of land with a realisation
// gain, the disposition of last year's result (into equity and the
// resultatutjämningsreserv), the change of the pension provision and of the holiday pay
// liability, and a December tax settlement that brings the year to the modest surplus
// planned for it (0.5–3 % of taxes and general grants).
//
// o.Vouchers is the number of further supplier and customer invoices a year (1–10 rows
// each plus the liability or receivable), which carry 30 % of the income and costs of
// goods and services; 770 000 give about 5 million #TRANS rows. o.Year is ignored; the
// same o.Seed gives the same files. Every year's #IB is last year's #UB, except that last
// year's result is added to equity account 2081 (#UB leaves the year's result out: it is
// the sum of #RES). The vouchers are written as they are made: each year is computed
// twice, once to sum the accounts for #UB and #RES, once to write, and memory holds only
// the accounts' sums, never the rows.
func GenerateYearsTo(o GenerateOptions, from, to int, open func(year int) (io.WriteCloser, error)) ([]GeneratedYear, error) {
	if from > to || from < 1901 || to > 9998 {
		return nil, fmt.Errorf("åren %d–%d går inte att generera", from, to)
	}
	if o.Vouchers < 0 {
		return nil, fmt.Errorf("antalet verifikationer kan inte vara negativt")
	}
	// The year before the first is booked too, unwritten, for the files' year -1.
	opening := map[string]int64{}
	var sum int64
	for a, kr := range ekbyOpening {
		opening[a] = growOre(kr*100, from-1)
		sum += opening[a]
	}
	opening["2010"] = -sum
	prev := simulateYear(o, from-1, opening, nil)
	var out []GeneratedYear
	for y := from; y <= to; y++ {
		opening := prev.nextOpening("2081")
		cur := simulateYear(o, y, opening, nil)
		w, err := open(y)
		if err != nil {
			return out, err
		}
		bw := bufio.NewWriterSize(w, 1<<16)
		g := &writer{w: bw}
		g.header(cur, prev)
		simulateYear(o, y, opening, g)
		g.adjustment(cur)
		err = bw.Flush()
		if cerr := w.Close(); err == nil {
			err = cerr
		}
		if err == nil {
			err = g.err
		}
		if err != nil {
			return out, err
		}
		out = append(out, GeneratedYear{Year: y, Vouchers: g.vouchers, Rows: g.rows, Result: cur.result()})
		prev = cur
	}
	return out, nil
}

// growOre scales an amount of 2021 to a year at 3.5 % a year, in whole öre.
func growOre(v int64, year int) int64 {
	for y := 2021; y < year; y++ {
		v = v * 1035 / 1000
	}
	for y := year; y < 2021; y++ {
		v = v * 1000 / 1035
	}
	return v
}

// yearBook is a year as booked: its opening balances, the sums of its accounts, its
// budget and the December tax settlement that brings it to the planned result.
type yearBook struct {
	year         int
	ledgerTotals // the vouchers' sums per account include the settlement
	budget       []planLine
	adjustment   int64 // the settlement on 8052 (ledger sign)
	vouchers     int
	rows         int
}

// ledgerTotals are a generated year's opening balances (#IB) and the sums of its rows per
// account, of the municipality's books and the company's alike.
type ledgerTotals struct {
	opening map[string]int64 // #IB
	totals  map[string]int64 // the vouchers' sums per account
}

// balances writes a year's #IB, #UB and #RES lines, idx its year index (0 this year, -1
// the year before).
func (g *writer) balances(idx int, b *ledgerTotals) {
	ub := b.closing()
	for _, a := range sortedAccounts(b.opening) {
		g.printf("#IB %d %s %s\n", idx, a, FormatOre(b.opening[a]))
	}
	for _, a := range sortedAccounts(ub) {
		g.printf("#UB %d %s %s\n", idx, a, FormatOre(ub[a]))
	}
	for _, a := range sortedAccounts(b.totals) {
		if a[0] >= '3' && a[0] <= '8' {
			g.printf("#RES %d %s %s\n", idx, a, FormatOre(b.totals[a]))
		}
	}
}

// result is the year's result in the ledger's sign.
func (b *ledgerTotals) result() int64 {
	var r int64
	for a, v := range b.totals {
		if a[0] >= '3' && a[0] <= '8' {
			r += v
		}
	}
	return r
}

// closing returns the balance accounts' #UB.
func (b *ledgerTotals) closing() map[string]int64 {
	ub := map[string]int64{}
	for a, v := range b.opening {
		ub[a] = v
	}
	for a, v := range b.totals {
		if a[0] == '1' || a[0] == '2' {
			ub[a] += v
		}
	}
	return ub
}

// nextOpening is the next year's #IB: this year's #UB with its result on the equity
// account (2081 in the municipality's books, 2091 in the company's).
func (b *ledgerTotals) nextOpening(equity string) map[string]int64 {
	ib := b.closing()
	ib[equity] += b.result()
	return ib
}

// planLine is an amount a year for an account on a responsibility unit (öre, ledger
// sign).
type planLine struct {
	acc, unit string
	amount    int64
}

// sim books a year: the same vouchers whether it sums (out nil) or writes them.
type sim struct {
	year   int
	rng    *rand.Rand
	bal    map[string]int64 // running balances of the balance accounts
	out    *writer
	book   *yearBook
	rows   []trow // the voucher being made
	series map[string]int
	units  []EkbyUnit
	// The plan.
	lines                []planLine // operating result accounts per unit, the whole year
	fixed                map[string]int64
	costPool, incomePool []planLine // what the further invoices carry
	costCum, incomeCum   []int64
	costRow, incomeRow   int64 // the mean amount of a further invoice's row
	invest, newLoan      int64
	dep                  map[string]int64 // depreciation a year: "7820/1130" (account/unit)
	taxes, grants        int64
	target               int64 // the planned result (ledger sign)
}

type trow struct {
	acc, objs string
	amount    int64
}

// simulateYear books the year from its opening balances: into a yearBook when out is nil,
// else writing the vouchers.
func simulateYear(o GenerateOptions, year int, opening map[string]int64, out *writer) *yearBook {
	s := &sim{year: year, bal: map[string]int64{}, out: out, series: map[string]int{},
		rng:  rand.New(rand.NewPCG(o.Seed, uint64(year)<<8|1)),
		book: &yearBook{year: year, ledgerTotals: ledgerTotals{opening: opening, totals: map[string]int64{}}}}
	for a, v := range opening {
		s.bal[a] = v
	}
	for _, b := range EkbyBoards() {
		s.units = append(s.units, b.Units...)
	}
	s.plan(rand.New(rand.NewPCG(o.Seed, uint64(year)<<8|2)), o.Vouchers)
	for m := 1; m <= 12; m++ {
		s.month(m, o.Vouchers)
	}
	if out == nil {
		s.book.adjustment = s.target - s.book.result()
		s.book.totals["8052"] += s.book.adjustment
		s.book.totals["1710"] -= s.book.adjustment
	}
	return s.book
}

// plan sets the year's amounts: the operating costs and income per account spread over
// the units by their shares, the taxes and grants, the investments and the result aimed
// at, with the other operating costs (7410) taking what makes the plan reach it.
func (s *sim) plan(r *rand.Rand, vouchers int) {
	g := func(kr int64) int64 { return growOre(kr*100, s.year) * (970 + r.Int64N(61)) / 1000 }
	s.taxes = g(2_400_000_000)
	s.grants = g(590_000_000)
	costs := map[string]int64{"4010": g(130_000_000), "4510": g(100_000_000), "4610": g(420_000_000),
		"5010": g(1_570_000_000), "5710": g(110_000_000), "6010": g(170_000_000), "6110": g(90_000_000),
		"6410": g(45_000_000), "7010": g(40_000_000)}
	costs["5610"] = costs["5010"] * 3142 / 10000
	income := map[string]int64{"3010": -g(80_000_000), "3110": -g(150_000_000)}
	s.target = -(s.taxes + s.grants) * (5 + r.Int64N(26)) / 1000
	s.invest = g(300_000_000)
	// Depreciation from the assets at the start of the year.
	dep := map[string]int64{
		"7820/1130": s.bal["1120"] / 40, "7820/4100": s.bal["1140"] / 33,
		"7830/2200": s.bal["1220"] / 10, "7830/4300": s.bal["1240"] / 10,
	}
	var depSum int64
	for _, v := range dep {
		depSum += v
	}
	s.fixed = map[string]int64{
		"3410": -g(60_000_000), "3510": -g(250_000_000), "3620": -g(12_000_000), "3810": -g(4_000_000),
		"8410": -g(6_000_000), "8360": g(20_000_000), "5090": s.bal["2910"] * -25 / 1000, "5750": g(6_000_000),
		"8540": -s.bal["2211"] * 15 / 1000, "8510": -s.bal["2310"] * 16 / 1000, "8440": -s.bal["1810"] * 20 / 1000,
	}
	// The other costs take what brings the plan to the target.
	var planned int64 = -s.taxes - s.grants + depSum
	for _, m := range []map[string]int64{costs, income, s.fixed} {
		for _, v := range m {
			planned += v
		}
	}
	other := s.target - planned
	if other < g(20_000_000) {
		other = g(20_000_000)
	}
	costs["7410"] = other
	// Spread over the units.
	var shares int
	for _, u := range s.units {
		shares += u.share
	}
	spread := func(acc string, total int64) {
		left := total
		for i, u := range s.units {
			v := total * int64(u.share) / int64(shares)
			if i == len(s.units)-1 {
				v = left
			}
			left -= v
			s.lines = append(s.lines, planLine{acc, u.Object, v})
		}
	}
	for _, m := range []map[string]int64{costs, income} {
		for _, a := range sortedAccounts(m) {
			spread(a, m[a])
		}
	}
	bulk := vouchers > 0
	for _, l := range s.lines {
		if l.acc[0] == '5' || !bulk {
			continue
		}
		part := l.amount * 3 / 10
		if l.acc[0] == '3' {
			s.incomePool = append(s.incomePool, planLine{l.acc, l.unit, part})
		} else {
			s.costPool = append(s.costPool, planLine{l.acc, l.unit, part})
		}
	}
	// The invoices' rows: 1–10 a voucher, four in five a supplier's.
	cum := func(pool []planLine) ([]int64, int64) {
		out := make([]int64, len(pool))
		var t int64
		for i, l := range pool {
			if l.amount < 0 {
				t -= l.amount
			} else {
				t += l.amount
			}
			out[i] = t
		}
		return out, t
	}
	var costTotal, incomeTotal int64
	s.costCum, costTotal = cum(s.costPool)
	s.incomeCum, incomeTotal = cum(s.incomePool)
	if bulk {
		rows := int64(vouchers) * 55 / 10 // 5.5 rows a voucher on average
		s.costRow = max(1, costTotal/max(1, rows*8/10))
		s.incomeRow = max(1, incomeTotal/max(1, rows*2/10))
	}
	// The budget: the plan, each board's costs a little above it and its income a
	// little below.
	for _, l := range s.lines {
		f := 1000 + int64(l.unit[0]-'0')*2
		if l.amount < 0 {
			f = 1000 - int64(l.unit[0]-'0')*2
		}
		s.book.budget = append(s.book.budget, planLine{l.acc, l.unit, l.amount * f / 1000})
	}
	for a, u := range map[string]string{"3410": "1130", "3620": "1130", "3810": "1130", "5090": "1120", "5750": "1110"} {
		s.book.budget = append(s.book.budget, planLine{a, u, s.fixed[a]})
	}
	for _, u := range grantUnits {
		s.book.budget = append(s.book.budget, planLine{"3510", u, s.fixed["3510"] / 4})
	}
	for k, v := range dep {
		s.book.budget = append(s.book.budget, planLine{k[:4], k[5:], v})
	}
	for _, l := range []planLine{{"8010", EkbyFinance, -s.taxes * 995 / 1000}, {"8210", EkbyFinance, -s.grants * 85 / 100},
		{"8250", EkbyFinance, -s.grants * 5 / 100}, {"8290", EkbyFinance, -s.grants * 10 / 100}, {"8360", EkbyFinance, s.fixed["8360"]},
		{"8410", EkbyFinance, s.fixed["8410"]}, {"8440", EkbyFinance, s.fixed["8440"]}, {"8510", EkbyFinance, s.fixed["8510"]},
		{"8540", EkbyFinance, s.fixed["8540"]}} {
		s.book.budget = append(s.book.budget, l)
	}
	slices.SortFunc(s.book.budget, func(a, b planLine) int {
		if a.acc != b.acc {
			return cmpStr(a.acc, b.acc)
		}
		return cmpStr(a.unit, b.unit)
	})
	s.newLoan = max(0, s.invest-depSum+s.target-s.bal["2310"]/100*4)
	s.dep = dep
}

func cmpStr(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func sortedAccounts(m map[string]int64) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// obj is the object list of a row on a responsibility unit.
func obj(unit string) string { return `{1 "` + unit + `"}` }

// add adds a row to the voucher being made.
func (s *sim) add(acc, objs string, amount int64) {
	if amount != 0 {
		s.rows = append(s.rows, trow{acc, objs, amount})
	}
}

// voucher books the rows added, with a last row on acc that balances them (none when
// acc is ""), in a series on a day of the month.
func (s *sim) voucher(series string, month, day int, text, acc string) {
	if acc != "" {
		var sum int64
		for _, r := range s.rows {
			sum += r.amount
		}
		s.add(acc, "{}", -sum)
	}
	if len(s.rows) == 0 {
		return
	}
	s.series[series]++
	date := s.year*10000 + month*100 + day
	if s.out != nil {
		s.out.voucher(series, s.series[series], date, text, s.rows)
	}
	for _, r := range s.rows {
		if r.acc[0] == '1' || r.acc[0] == '2' {
			s.bal[r.acc] += r.amount
		}
		if s.out == nil {
			s.book.totals[r.acc] += r.amount
		}
	}
	s.book.vouchers++
	s.book.rows += len(s.rows)
	s.rows = s.rows[:0]
}

// monthly is a twelfth of a year's amount, December taking what the others left.
func monthly(v int64, m int) int64 {
	if m == 12 {
		return v - v/12*11
	}
	return v / 12
}

var monthNames = [...]string{"januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober", "november", "december"}

// month books a month's vouchers.
func (s *sim) month(m, vouchers int) {
	name := monthNames[m-1]
	// Early in the month: last month's liabilities paid and receivables collected.
	if v := s.bal["2440"]; v != 0 {
		s.add("2440", "{}", -v)
		s.voucher("A", m, 5, "Betalning leverantörsskulder", "1930")
	}
	if v := s.bal["1510"]; v != 0 {
		s.add("1510", "{}", -v)
		s.voucher("B", m, 5, "Inbetalningar kundfordringar", "1930")
	}
	if a, b := s.bal["2710"], s.bal["2730"]; a != 0 || b != 0 {
		s.add("2710", "{}", -a)
		s.add("2730", "{}", -b)
		s.voucher("L", m, 12, "Skatter och arbetsgivaravgifter till Skatteverket", "1930")
	}
	// Taxes, general grants and equalisation.
	fin := obj(EkbyFinance)
	s.add("8010", fin, -monthly(s.taxes, m))
	s.voucher("S", m, 20, "Skatteintäkter "+name, "1930")
	s.add("8210", fin, -monthly(s.grants*85/100, m))
	s.add("8250", fin, -monthly(s.grants*5/100, m))
	s.add("8290", fin, -monthly(s.grants-s.grants*85/100-s.grants*5/100, m))
	s.add("8360", fin, monthly(s.fixed["8360"], m))
	s.voucher("S", m, 20, "Utjämning och generella statsbidrag "+name, "1930")
	// Salaries and social fees per board.
	for _, b := range EkbyBoards() {
		for _, u := range b.Units {
			s.add("5010", obj(u.Object), monthly(s.line("5010", u.Object), m))
		}
		var gross int64
		for _, r := range s.rows {
			gross += r.amount
		}
		s.add("2710", "{}", -gross*30/100)
		s.voucher("L", m, 25, "Löner "+name+", "+b.Name, "1930")
		for _, u := range b.Units {
			s.add("5610", obj(u.Object), monthly(s.line("5610", u.Object), m))
			s.add("5710", obj(u.Object), monthly(s.line("5710", u.Object), m))
		}
		s.voucher("L", m, 25, "Sociala avgifter och pensioner "+name+", "+b.Name, "2730")
	}
	// The invoices the boards get and send each month, as one voucher a board.
	share := int64(10)
	if len(s.costPool) > 0 {
		share = 7
	}
	for _, b := range EkbyBoards() {
		for _, u := range b.Units {
			for _, l := range s.lines {
				if l.unit == u.Object && l.acc[0] != '5' && l.acc[0] != '3' {
					s.add(l.acc, obj(u.Object), monthly(l.amount*share/10, m))
				}
			}
		}
		s.voucher("A", m, 15, "Samlingsfaktura "+name+", "+b.Name, "2440")
		for _, u := range b.Units {
			for _, l := range s.lines {
				if l.unit == u.Object && l.acc[0] == '3' {
					s.add(l.acc, obj(u.Object), monthly(l.amount*share/10, m))
				}
			}
		}
		s.voucher("B", m, 15, "Fakturering "+name+", "+b.Name, "1510")
	}
	// The further invoices, on random days of the month.
	n := vouchers / 12
	if m <= vouchers%12 {
		n++
	}
	for range n {
		s.invoice(m)
	}
	s.add("3410", obj("1130"), monthly(s.fixed["3410"], m))
	s.voucher("B", m, 1, "Hyresintäkter "+name, "1930")
	// Depreciation.
	for _, k := range []string{"7820/1130", "7820/4100", "7830/2200", "7830/4300"} {
		s.add(k[:4], obj(k[5:]), monthly(s.dep[k], m))
	}
	s.add("1129", "{}", -monthly(s.dep["7820/1130"], m))
	s.add("1149", "{}", -monthly(s.dep["7820/4100"], m))
	s.add("1229", "{}", -monthly(s.dep["7830/2200"], m))
	s.add("1249", "{}", -monthly(s.dep["7830/4300"], m))
	s.voucher("M", m, 28, "Avskrivningar "+name, "")
	// Investments, paid the month after.
	for i, p := range ekbyProjects {
		weight := int64(len(ekbyProjects) - i)
		s.add("1170", `{1 "`+p.unit+`" 6 "`+p.nr+`"}`, monthly(s.invest*weight/36, m))
	}
	s.add("1460", `{1 "1130"}`, monthly(s.invest/30, m))
	s.voucher("A", m, 18, "Investeringsfakturor "+name, "2440")
	switch m {
	case 3:
		s.add("2310", "{}", -s.newLoan)
		s.voucher("M", m, 15, "Nyupplåning Kommuninvest", "1930")
	case 4:
		// Last year's result into equity, a part of a surplus into the
		// resultatutjämningsreserv.
		res := s.bal["2081"]
		s.add("2081", "{}", -res)
		if res < 0 {
			s.add("2020", "{}", res*15/100)
		}
		s.voucher("M", m, 30, "Disposition av föregående års resultat", "2010")
	case 5:
		s.add("8410", fin, s.fixed["8410"])
		s.voucher("M", m, 20, "Utdelning från Ekby Bostäder AB", "1930")
	case 6:
		switch bank := s.bal["1930"]; {
		case bank > 3*growOre(100_000_000_00, s.year):
			s.add("1810", "{}", growOre(50_000_000_00, s.year))
			s.voucher("M", m, 15, "Placering av överlikviditet", "1930")
		case bank < growOre(60_000_000_00, s.year) && s.bal["1810"] > 0:
			s.add("1810", "{}", -min(s.bal["1810"], growOre(50_000_000_00, s.year)))
			s.voucher("M", m, 15, "Avyttring av kortfristiga placeringar", "1930")
		}
	case 9:
		book := s.bal["1110"] / 100
		s.add("1110", "{}", -book)
		s.add("3810", obj("1130"), s.fixed["3810"])
		s.voucher("M", m, 10, "Försäljning av mark, realisationsvinst", "1930")
	case 10:
		book := s.bal["1460"] / 3
		s.add("1460", "{}", -book)
		s.add("3620", obj("1130"), s.fixed["3620"])
		s.voucher("B", m, 10, "Försäljning av tomter, exploatering", "1930")
	case 12:
		s.add("5090", obj("1120"), s.fixed["5090"])
		s.voucher("M", m, 31, "Förändring av semesterlöneskuld", "2910")
		s.add("5750", obj("1110"), s.fixed["5750"])
		s.add("8540", fin, s.fixed["8540"])
		s.voucher("M", m, 31, "Förändring av pensionsavsättning", "2211")
		// Projects finished during the year are activated.
		done := s.bal["1170"] * 7 / 10
		var weights int64
		for i := range ekbyProjects {
			weights += int64(len(ekbyProjects) - i)
		}
		left := done
		for i, p := range ekbyProjects {
			v := done * int64(len(ekbyProjects)-i) / weights
			if i == len(ekbyProjects)-1 {
				v = left
			}
			left -= v
			s.add(p.asset, "{}", v)
		}
		s.voucher("M", m, 31, "Aktivering av färdigställda investeringar", "1170")
	}
	if m%3 == 0 {
		s.add("2310", "{}", -s.book.opening["2310"]/100)
		s.voucher("M", m, 28, "Amortering", "1930")
		s.add("8510", fin, -s.bal["2310"]*16/1000/4)
		s.voucher("M", m, 28, "Räntor på lån", "1930")
		s.add("8440", fin, -s.bal["1810"]*20/1000/4)
		s.voucher("M", m, 28, "Ränteintäkter på placeringar", "1930")
		for _, u := range grantUnits {
			s.add("3510", obj(u), s.fixed["3510"]/16)
		}
		s.voucher("B", m, 20, "Riktade statsbidrag", "1930")
	}
}

// grantUnits are the units that get targeted state grants (3510), a quarter each.
var grantUnits = []string{"2100", "2200", "3100", "3200"}

// line is a plan line's amount.
func (s *sim) line(acc, unit string) int64 {
	for _, l := range s.lines {
		if l.acc == acc && l.unit == unit {
			return l.amount
		}
	}
	return 0
}

// invoice books a further supplier's or customer's invoice of 1–10 rows on a random day.
func (s *sim) invoice(m int) {
	r := s.rng
	day := 1 + r.IntN(28)
	n := 1 + r.IntN(10)
	if r.IntN(10) < 8 || len(s.incomePool) == 0 {
		for range n {
			l := s.costPool[pick(r, s.costCum)]
			s.add(l.acc, obj(l.unit), s.costRow*(200+r.Int64N(1601))/1000)
		}
		s.voucher("A", m, day, "Leverantörsfaktura", "2440")
		return
	}
	for range n {
		l := s.incomePool[pick(r, s.incomeCum)]
		s.add(l.acc, obj(l.unit), -s.incomeRow*(200+r.Int64N(1601))/1000)
	}
	s.voucher("B", m, day, "Kundfaktura", "1510")
}

// pick draws an index with probability by the cumulative weights.
func pick(r *rand.Rand, cum []int64) int {
	x := r.Int64N(cum[len(cum)-1])
	i, _ := slices.BinarySearch(cum, x+1)
	return i
}

// writer writes a year's file.
type writer struct {
	w        *bufio.Writer
	buf      []byte
	err      error
	vouchers int
	rows     int
	texts    map[string]string // text → CP437
	last     map[string]int    // the last voucher number of each series
}

// pc8 encodes a text as IBM code page 437, as #FORMAT PC8 says the file is.
func (g *writer) pc8(s string) string {
	if g.texts == nil {
		g.texts = map[string]string{}
	}
	if t, ok := g.texts[s]; ok {
		return t
	}
	t, err := charmap.CodePage437.NewEncoder().String(s)
	if err != nil {
		t = s
	}
	g.texts[s] = t
	return t
}

func (g *writer) printf(format string, args ...any) {
	if _, err := fmt.Fprintf(g.w, format, args...); err != nil && g.err == nil {
		g.err = err
	}
}

// header writes everything before the vouchers: identification, chart, objects, the
// balances of the year and the year before, and the budget.
func (g *writer) header(cur, prev *yearBook) {
	y := cur.year
	g.printf("#FLAGGA 0\n#PROGRAM \"Tertial generator\" \"2\"\n#FORMAT PC8\n#GEN %d0215\n#SIETYP 4\n", y+1)
	g.printf("#FNAMN \"%s\"\n#ORGNR 212000-9999\n#KPTYP KBAS2021\n", g.pc8("Ekby kommun"))
	g.printf("#RAR 0 %d0101 %d1231\n#RAR -1 %d0101 %d1231\n", y, y, y-1, y-1)
	g.printf("#DIM 1 \"Ansvar\"\n#DIM 6 \"Projekt\"\n")
	for _, b := range EkbyBoards() {
		for _, u := range b.Units {
			g.printf("#OBJEKT 1 \"%s\" \"%s\"\n", u.Object, g.pc8(u.Name))
		}
	}
	g.printf("#OBJEKT 1 \"%s\" \"%s\"\n", EkbyFinance, g.pc8("Finansförvaltning"))
	for _, p := range ekbyProjects {
		g.printf("#OBJEKT 6 \"%s\" \"%s\"\n", p.nr, g.pc8(p.name))
	}
	for _, a := range ekbyAccounts {
		g.printf("#KONTO %s \"%s\"\n#KTYP %s %s\n", a.nr, g.pc8(a.name), a.nr, a.typ)
	}
	g.balances(0, &cur.ledgerTotals)
	g.balances(-1, &prev.ledgerTotals)
	for _, l := range cur.budget {
		for m := 1; m <= 12; m++ {
			g.printf("#PBUDGET 0 %d%02d %s {1 \"%s\"} %s\n", y, m, l.acc, l.unit, FormatOre(monthly(l.amount, m)))
		}
	}
}

// voucher writes a voucher.
func (g *writer) voucher(series string, nr, date int, text string, rows []trow) {
	b := g.buf[:0]
	b = append(b, "#VER "...)
	b = append(b, series...)
	b = append(b, ' ')
	b = strconv.AppendInt(b, int64(nr), 10)
	b = append(b, ' ')
	b = strconv.AppendInt(b, int64(date), 10)
	b = append(b, " \""...)
	b = append(b, g.pc8(text)...)
	b = append(b, "\"\n{\n"...)
	for _, r := range rows {
		b = append(b, "#TRANS "...)
		b = append(b, r.acc...)
		b = append(b, ' ')
		b = append(b, r.objs...)
		b = append(b, ' ')
		b = appendOre(b, r.amount)
		b = append(b, '\n')
	}
	b = append(b, "}\n"...)
	if _, err := g.w.Write(b); err != nil && g.err == nil {
		g.err = err
	}
	g.buf = b
	if g.last == nil {
		g.last = map[string]int{}
	}
	g.last[series] = nr
	g.vouchers++
	g.rows += len(rows)
}

// adjustment writes the December tax settlement that brings the year to its planned
// result.
func (g *writer) adjustment(cur *yearBook) {
	if cur.adjustment == 0 {
		return
	}
	g.voucher("S", g.last["S"]+1, cur.year*10000+1231, "Skatteavräkning innevarande år, prognos", []trow{
		{"8052", obj(EkbyFinance), cur.adjustment}, {"1710", "{}", -cur.adjustment}})
}

// appendOre appends öre as kronor with two decimals.
func appendOre(b []byte, v int64) []byte {
	u := uint64(v)
	if v < 0 {
		b = append(b, '-')
		u = -u
	}
	b = strconv.AppendUint(b, u/100, 10)
	c := u % 100
	return append(b, '.', byte('0'+c/10), byte('0'+c%10))
}
