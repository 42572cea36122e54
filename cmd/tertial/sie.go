package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/ledgerimport"
	"github.com/tertial/tertial/sie"
	"github.com/tertial/tertial/sv"
)

// cmdSIE runs "tertial sie inspect FILE [--json]" and "tertial sie generate".
func cmdSIE(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return fmt.Errorf("%w: tertial sie inspect FIL [--json] | tertial sie generate --vouchers N [-o FIL] [--years FRÅN-TILL [--company] -o KATALOG]", errUsage)
	}
	switch args[0] {
	case "inspect":
		return cmdSIEInspect(args[1:], stdout, stderr)
	case "generate":
		return cmdSIEGenerate(args[1:], stdout, stderr)
	}
	return fmt.Errorf("%w: okänt sie-kommando %q (inspect, generate)", errUsage, args[0])
}

type inspectYear struct {
	Index  int    `json:"index"`
	Start  string `json:"start"`
	End    string `json:"end"`
	Result string `json:"result_kr"` // sum of #RES, kr with a decimal point
	ResOre int64  `json:"result_ore"`
	inspectSums
}

// inspectSums are the sums of what `tertial import sie` stores for some months: the
// accounts' totals (dimension 0) of classes 3–8, öre in the ledger's sign, and the rows
// stored (with the rows per object).
type inspectSums struct {
	Outcome     string `json:"outcome_kr"`
	OutcomeOre  int64  `json:"outcome_ore"`
	OutcomeRows int    `json:"outcome_rows"`
	OutcomeFrom string `json:"outcome_from,omitempty"` // "#TRANS" or "#PSALDO"
	Budget      string `json:"budget_kr"`
	BudgetOre   int64  `json:"budget_ore"`
	BudgetRows  int    `json:"budget_rows"`
}

// sumCells sums the cells of the months from..to (YYYYMM).
func sumCells(c *sie.Cells, from, to int) (total int64, rows int, err error) {
	for k, v := range c.All() {
		if k.Month < from || k.Month > to {
			continue
		}
		rows++
		if k.Dim != 0 {
			continue
		}
		var ok bool
		if total, ok = sie.AddOre(total, v); !ok {
			return 0, 0, fmt.Errorf("summan för %d–%d går utanför vad ett belopp kan vara", from, to)
		}
	}
	return total, rows, nil
}

// ledgerSums sums the aggregated ledger for the months from..to.
func ledgerSums(f *sie.File, l *sie.Ledger, from, to int, year0 bool) (inspectSums, error) {
	var s inspectSums
	var err error
	if s.OutcomeOre, s.OutcomeRows, err = sumCells(l.Outcome, from, to); err != nil {
		return s, err
	}
	if s.BudgetOre, s.BudgetRows, err = sumCells(l.Budget, from, to); err != nil {
		return s, err
	}
	s.Outcome, s.Budget = sie.FormatOre(s.OutcomeOre), sie.FormatOre(s.BudgetOre)
	switch {
	case s.OutcomeRows == 0:
	case year0 && f.Transactions > 0:
		s.OutcomeFrom = "#TRANS"
	default:
		s.OutcomeFrom = "#PSALDO"
	}
	return s, nil
}

type inspectReport struct {
	File         string        `json:"file"`
	Program      string        `json:"program"`
	Company      string        `json:"company"`
	OrgNr        string        `json:"org_nr"`
	Type         string        `json:"sie_type"`
	Format       string        `json:"format"`
	Encoding     string        `json:"encoding"`
	Years        []inspectYear `json:"fiscal_years"`
	Dimensions   []string      `json:"dimensions"`
	Accounts     int           `json:"accounts"`
	Objects      int           `json:"objects"`
	Vouchers     int           `json:"vouchers"`
	Transactions int           `json:"transactions"`
	Budget       bool          `json:"budget"`
	Stored       *inspectSums  `json:"stored,omitempty"` // all that an import stores, whatever the year
	Class9Rows   int           `json:"class9_rows"`
	Checksum     string        `json:"checksum"`
	Warnings     []string      `json:"warnings"`
	Error        string        `json:"error,omitempty"`
}

func cmdSIEInspect(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("sie inspect", stderr)
	asJSON := fs.Bool("json", false, "skriv som JSON")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return fmt.Errorf("%w: ange en fil: tertial sie inspect FIL", errUsage)
	}
	fh, err := os.Open(pos[0])
	if err != nil {
		return tertial.Errorf(tertial.EINVALID, "kan inte läsa %s: %v", pos[0], errors.Unwrap(err))
	}
	defer fh.Close()
	// Inspect reads leniently, so that it shows everything a strict import would refuse,
	// and aggregates as the import does, so that it shows the sums an import stores.
	f, ledger, readErr := sie.Aggregate(fh, sie.Options{Mode: sie.Lenient, Name: pos[0], Progress: progressBar(fh, stderr)})
	rep := inspectReport{File: pos[0], Program: strings.TrimSpace(f.Program + " " + f.ProgramVersion), Company: f.Company, OrgNr: f.OrgNr,
		Type: f.Variant(), Format: f.Format, Encoding: f.Encoding, Accounts: len(f.Accounts), Objects: f.Objects,
		Vouchers: f.Vouchers, Transactions: f.Transactions, Budget: f.BudgetRows > 0, Checksum: f.Checksum, Warnings: []string{}, Dimensions: []string{}}
	if rep.Encoding == "" {
		rep.Encoding = "ASCII"
	}
	for _, y := range f.Years {
		iy := inspectYear{Index: y.Index, Start: y.Start.String(), End: y.End.String(), Result: sie.FormatOre(f.Result[y.Index]), ResOre: f.Result[y.Index]}
		if ledger != nil && readErr == nil {
			iy.inspectSums, readErr = ledgerSums(f, ledger, int(y.Start)/100, int(y.End)/100, y.Index == 0)
		}
		rep.Years = append(rep.Years, iy)
	}
	if ledger != nil && readErr == nil {
		all, err := ledgerSums(f, ledger, 0, 999912, f.Transactions > 0)
		if err != nil {
			readErr = err
		} else {
			all.OutcomeFrom = "" // both, in a 4E file with earlier years
			rep.Stored, rep.Class9Rows = &all, ledger.Class9Rows
		}
	}
	var dims []int
	for n := range f.Dimensions {
		dims = append(dims, n)
	}
	sort.Ints(dims)
	for _, n := range dims {
		d := f.Dimensions[n]
		rep.Dimensions = append(rep.Dimensions, fmt.Sprintf("%d %s (%d objekt)", n, d.Name, len(d.Objects)))
	}
	for _, w := range f.Warnings {
		rep.Warnings = append(rep.Warnings, w.String())
	}
	if f.WarningCount > len(f.Warnings) {
		rep.Warnings = append(rep.Warnings, fmt.Sprintf("… och %d varningar till", f.WarningCount-len(f.Warnings)))
	}
	if readErr != nil {
		rep.Error = readErr.Error()
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(rep); err != nil {
			return err
		}
	} else {
		p := func(k, v string) {
			if k != "" {
				k += ":"
			}
			fmt.Fprintf(stdout, "%-16s %s\n", k, v)
		}
		p("Fil", rep.File)
		p("Program", rep.Program)
		p("Företag", rep.Company)
		p("Org.nr", rep.OrgNr)
		p("SIE-typ", rep.Type)
		p("Teckenkodning", rep.Encoding+" (#FORMAT "+rep.Format+")")
		for _, y := range rep.Years {
			p(fmt.Sprintf("Räkenskapsår %d", y.Index), fmt.Sprintf("%s – %s, resultat (#RES) %s kr", y.Start, y.End, krona(y.ResOre)))
			if rep.Stored != nil {
				p("", fmt.Sprintf("utfall som lagras %s kr%s, budget %s kr (klass 3–8)", krona(y.OutcomeOre), from(y.OutcomeFrom), krona(y.BudgetOre)))
			}
		}
		if rep.Stored != nil && len(rep.Years) == 0 {
			p("Lagras", fmt.Sprintf("utfall %s kr%s, budget %s kr (klass 3–8)", krona(rep.Stored.OutcomeOre), from(rep.Stored.OutcomeFrom), krona(rep.Stored.BudgetOre)))
		}
		if rep.Class9Rows > 0 {
			p("Klass 9", fmt.Sprintf("%d rader på interna konton lagras inte", rep.Class9Rows))
		}
		if len(rep.Dimensions) == 0 {
			p("Dimensioner", "inga")
		}
		for _, d := range rep.Dimensions {
			p("Dimension", d)
		}
		p("Konton", strconv.Itoa(rep.Accounts))
		p("Objekt", strconv.Itoa(rep.Objects))
		p("Verifikationer", strconv.Itoa(rep.Vouchers))
		p("Transaktioner", strconv.Itoa(rep.Transactions))
		if rep.Budget {
			p("Budget", fmt.Sprintf("ja (%d #PBUDGET-rader)", f.BudgetRows))
		} else {
			p("Budget", "nej")
		}
		p("Kontrollsumma", rep.Checksum)
		for _, w := range rep.Warnings {
			p("Varning", w)
		}
	}
	if readErr != nil {
		return readErr
	}
	return nil
}

// from says where outcome comes from, for the inspect report.
func from(source string) string {
	if source == "" {
		return ""
	}
	return " (från " + source + ")"
}

// krona formats öre as Swedish kronor with two decimals: "−1 250 000,00".
func krona(ore int64) string {
	return sv.Amount(tertial.Amount(ore), tertial.Kr, 2)
}

func cmdSIEGenerate(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("sie generate", stderr)
	n := fs.Int("vouchers", 1000, "antal verifikationer (2–20 rader var)")
	seed := fs.Uint64("seed", 1, "slumpfrö: samma frö ger samma fil")
	year := fs.Int("year", 2021, "räkenskapsår")
	out := fs.String("o", "-", "fil att skriva till (- för standard ut); med --years en katalog")
	years := fs.String("years", "", "flera år, FRÅN-TILL (t.ex. 2021-2025): kommunen Ekby med balanskonton, en fil per år (ekby-ÅÅÅÅ.se) i katalogen -o")
	company := fs.Bool("company", false, "med --years: Ekbys bolag Ekbybostäder AB:s bokföring (BAS-kontoplan) i stället för kommunens, en fil per år (ekbybostader-ÅÅÅÅ.se)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return fmt.Errorf("%w: sie generate tar inga argument utöver flaggor", errUsage)
	}
	if *company && *years == "" {
		return fmt.Errorf("%w: --company skriver bolagets bokföring för flera år: ange --years FRÅN-TILL och katalogen med -o", errUsage)
	}
	if *years != "" {
		return generateYears(*years, *out, *n, *seed, *company, stderr)
	}
	w := stdout
	if *out != "-" {
		fh, err := os.Create(*out)
		if err != nil {
			return err
		}
		defer fh.Close()
		w = fh
	}
	rows, err := sie.Generate(w, sie.GenerateOptions{Vouchers: *n, Seed: *seed, Year: *year})
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "skrev %d verifikationer med %d transaktionsrader\n", *n, rows)
	return nil
}

// generateYears writes the Ekby files of the years FROM-TO into dir: the municipality's
// (ekby-YYYY.se), or with company those of its company Ekbybostäder AB
// (ekbybostader-YYYY.se, sie.GenerateCompanyYearsTo, which takes no voucher count).
func generateYears(span, dir string, vouchers int, seed uint64, company bool, stderr io.Writer) error {
	a, b, ok := strings.Cut(span, "-")
	from, err1 := strconv.Atoi(strings.TrimSpace(a))
	to, err2 := strconv.Atoi(strings.TrimSpace(b))
	if !ok || err1 != nil || err2 != nil || from > to || from < 1901 || to > 9998 {
		return fmt.Errorf("%w: --years ska vara FRÅN-TILL, till exempel 2021-2025, inte %q", errUsage, span)
	}
	if dir == "-" || dir == "" {
		return fmt.Errorf("%w: med --years skriver sie generate en fil per år: ange katalogen med -o", errUsage)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	var paths []string
	if company {
		err := sie.GenerateCompanyYearsTo(seed, from, to, func(year int) (io.WriteCloser, error) {
			p := filepath.Join(dir, fmt.Sprintf("ekbybostader-%d.se", year))
			paths = append(paths, p)
			return os.Create(p)
		})
		if err != nil {
			return err
		}
		for _, p := range paths {
			fmt.Fprintf(stderr, "%s: Ekbybostäder AB (%s), BAS-kontoplan\n", p, sie.EkbybostaderOrgNumber)
		}
		return nil
	}
	written, err := sie.GenerateYearsTo(sie.GenerateOptions{Vouchers: vouchers, Seed: seed}, from, to, func(year int) (io.WriteCloser, error) {
		p := filepath.Join(dir, fmt.Sprintf("ekby-%d.se", year))
		paths = append(paths, p)
		return os.Create(p)
	})
	if err != nil {
		return err
	}
	for i, y := range written {
		fmt.Fprintf(stderr, "%s: %d verifikationer med %d transaktionsrader, årets resultat %s kr\n", paths[i], y.Vouchers, y.Rows, sie.FormatOre(-y.Result))
	}
	return nil
}

// cmdImportSIE runs "tertial import sie FILE --unit ID [--year YYYY]".
func cmdImportSIE(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("import sie", stderr)
	var dbf dbFlags
	dbf.register(fs)
	unit := fs.String("unit", "", "enheten (nämnden) bokföringen gäller")
	year := fs.Int("year", 0, "räkenskapsåret filen ska gälla (kontrolleras mot #RAR 0)")
	source := fs.String("source", "", "källa; en ny import från samma källa och år ersätter den förra (standard sie:PROGRAM)")
	code := fs.String("municipality", "", "kommunkod, när databasen har fler än en kommun")
	lenient := fs.Bool("lenient", false, "godta obalanserade verifikationer, odeklarerade konton och datum utanför året, och hoppa över rader som inte går att använda (allt som varningar)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || *unit == "" {
		return fmt.Errorf("%w: tertial import sie FIL --unit ID [--year ÅÅÅÅ]", errUsage)
	}
	fh, err := os.Open(pos[0])
	if err != nil {
		return tertial.Errorf(tertial.EINVALID, "kan inte läsa %s: %v", pos[0], errors.Unwrap(err))
	}
	defer fh.Close()
	db, cleanup, err := dbf.open(ctx)
	if err != nil {
		return err
	}
	defer cleanup()
	if *code, err = onlyMunicipality(ctx, db, *code); err != nil {
		return err
	}
	res, err := ledgerimport.Import(ctx, db, fh, ledgerimport.Options{Municipality: *code, Unit: *unit, Year: *year, Source: *source,
		Lenient: *lenient, Actor: cliActor, FileName: pos[0], Progress: progressBar(fh, stderr)})
	if err != nil {
		return err
	}
	verb := "Läste in"
	if res.Replaced {
		verb = "Ersatte den förra importen med"
	}
	f := res.File
	fmt.Fprintf(stdout, "%s %s för %s %d (%s): %d verifikationer, %d transaktioner, %d utfallsrader och %d budgetrader.\n",
		verb, pos[0], *unit, res.Year, f.Company, f.Vouchers, f.Transactions, res.Outcome, res.Budget)
	for _, w := range f.Warnings {
		fmt.Fprintln(stderr, "varning:", w)
	}
	return nil
}

// progressBar returns a progress function that draws a bar on stderr when stderr is a
// terminal and the file is over 4 MB, else nil.
func progressBar(fh *os.File, stderr io.Writer) func(int64) {
	out, ok := stderr.(*os.File)
	if !ok {
		return nil
	}
	if st, err := out.Stat(); err != nil || st.Mode()&os.ModeCharDevice == 0 {
		return nil
	}
	st, err := fh.Stat()
	if err != nil || st.Size() < 4<<20 {
		return nil
	}
	total := st.Size()
	return func(n int64) {
		const width = 40
		done := int(min(n, total) * width / total)
		fmt.Fprintf(out, "\r[%s%s] %3d %% av %d MB", strings.Repeat("=", done), strings.Repeat(" ", width-done), min(n, total)*100/total, total>>20)
		if n >= total {
			fmt.Fprintln(out)
		}
	}
}
