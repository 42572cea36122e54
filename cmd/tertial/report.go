package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/demo"
	"github.com/tertial/tertial/report"
	"github.com/tertial/tertial/store"
)

// selection are the flags that choose a unit's period: --municipality, --unit, --period.
type selection struct {
	municipality, unit, period string
}

func (s *selection) register(fs *flag.FlagSet) {
	fs.StringVar(&s.municipality, "municipality", "", "kommunkod, när databasen har fler än en kommun")
	fs.StringVar(&s.unit, "unit", "", "enhetens id (standard: den enda enheten med perioder)")
	fs.StringVar(&s.period, "period", "", "periodens id (standard: enhetens enda period)")
}

// resolve loads the dataset and fills in the defaults: the only municipality, the only
// unit that has periods, the unit's only period.
func (s *selection) resolve(ctx context.Context, db *store.DB) (*tertial.Dataset, error) {
	code, err := onlyMunicipality(ctx, db, s.municipality)
	if err != nil {
		return nil, err
	}
	ds, err := db.Dataset(ctx, code)
	if err != nil {
		return nil, err
	}
	if s.unit == "" {
		var units []string
		for _, p := range ds.Periods {
			if len(units) == 0 || units[len(units)-1] != p.Unit {
				units = appendUnique(units, p.Unit)
			}
		}
		if len(units) != 1 {
			return nil, fmt.Errorf("%w: %d enheter har perioder; välj en med --unit (%v)", errUsage, len(units), units)
		}
		s.unit = units[0]
	}
	if ds.Unit(s.unit) == nil {
		return nil, tertial.Errorf(tertial.ENOTFOUND, "det finns ingen enhet %q", s.unit)
	}
	if s.period == "" {
		var ids []string
		for _, p := range ds.Periods {
			if p.Unit == s.unit {
				ids = append(ids, p.ID)
			}
		}
		if len(ids) != 1 {
			return nil, fmt.Errorf("%w: enheten %s har %d perioder; välj en med --period (%v)", errUsage, s.unit, len(ids), ids)
		}
		s.period = ids[0]
	}
	return ds, nil
}

// load is what every command that works on one period does after parsing its flags: it
// refuses positional arguments, opens the database and resolves the selection. The
// returned cleanup closes the database (and removes a --demo database).
func (s *selection) load(ctx context.Context, dbf *dbFlags, command string, pos []string) (*store.DB, *tertial.Dataset, func(), error) {
	if len(pos) != 0 {
		return nil, nil, nil, fmt.Errorf("%w: %s tar inga argument utöver flaggor", errUsage, command)
	}
	db, cleanup, err := dbf.open(ctx)
	if err != nil {
		return nil, nil, nil, err
	}
	// With --demo the report is, unless chosen, the one the demo transcribes (a demo
	// of a whole municipality has many units with periods).
	if d, ok := demo.Get(dbf.demo.name); ok && s.unit == "" {
		s.unit = d.Unit
		if s.period == "" {
			s.period = d.Period
		}
	}
	ds, err := s.resolve(ctx, db)
	if err != nil {
		cleanup()
		return nil, nil, nil, err
	}
	return db, ds, cleanup, nil
}

func appendUnique(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// onlyMunicipality returns code, or the code of the database's only municipality.
func onlyMunicipality(ctx context.Context, db *store.DB, code string) (string, error) {
	if code != "" {
		return code, nil
	}
	ms, err := db.Municipalities(ctx)
	if err != nil {
		return "", err
	}
	switch len(ms) {
	case 0:
		return "", tertial.Errorf(tertial.ENOTFOUND, "databasen är tom: läs in en datamängd med tertial import")
	case 1:
		return ms[0].Code, nil
	}
	return "", fmt.Errorf("%w: databasen har %d kommuner; välj en med --municipality KOD", errUsage, len(ms))
}

func cmdReport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("report", stderr)
	var dbf dbFlags
	dbf.register(fs)
	var sel selection
	sel.register(fs)
	format := fs.String("format", "html", "format: html, pdf, docx eller xlsx")
	chromium := fs.String("chromium", os.Getenv("TERTIAL_CHROMIUM"), "för pdf: Chromiums DevTools-adress (ws://… eller http://…) i stället för en lokal chromium")
	out := fs.String("o", "-", "fil att skriva till (- för standard ut)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	render, ok := formats[*format]
	if !ok {
		return fmt.Errorf("%w: formatet %q stöds inte; välj html, pdf, docx eller xlsx", errUsage, *format)
	}
	_, ds, cleanup, err := sel.load(ctx, &dbf, "report", pos)
	if err != nil {
		return err
	}
	defer cleanup()
	doc, err := report.Build(ds, sel.unit, sel.period)
	if err != nil {
		return err
	}
	data, err := render(ctx, doc, formatOptions{Chromium: *chromium})
	if err != nil {
		return err
	}
	return writeOutput(*out, data, stdout)
}

// writeOutput writes data to stdout for "-", else to the file through a temporary file
// and a rename, so that a failure never leaves half a file.
func writeOutput(path string, data []byte, stdout io.Writer) error {
	if path == "-" {
		_, err := stdout.Write(data)
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tertial-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// errFindings makes check exit 1 after it has printed its findings.
var errFindings = fmt.Errorf("findings")

func cmdCheck(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("check", stderr)
	var dbf dbFlags
	dbf.register(fs)
	var sel selection
	sel.register(fs)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	_, ds, cleanup, err := sel.load(ctx, &dbf, "check", pos)
	if err != nil {
		return err
	}
	defer cleanup()
	findings, err := report.Check(ds, sel.unit, sel.period)
	if err != nil {
		return err
	}
	prefix := sel.unit + "/" + sel.period + ": "
	blocking := 0
	for _, f := range findings {
		// In words first, as the site says it, with its severity; the item's id after it
		// in brackets, for scripts and for finding it in the dataset.
		sev := "varning"
		if f.Blocking() {
			sev = "blockerande"
			blocking++
		}
		line := prefix + sev + ": " + f.Words()
		if f.Item.ID != "" {
			id := f.Item.ID
			if f.Item.Table != "" {
				id = f.Item.Table + "/" + id
			}
			line += " [" + string(f.Item.Kind) + " " + id + "]"
		}
		fmt.Fprintln(stdout, line)
	}
	if len(findings) > 0 {
		fmt.Fprintln(stderr, "tertial check: "+findingsSummary(len(findings), blocking))
		return errFindings
	}
	fmt.Fprintf(stdout, "%singet att åtgärda\n", prefix)
	return nil
}

// findingsSummary is check's last line: "3 saker att åtgärda innan rapporten publiceras,
// varav 1 blockerande", with "1 sak" for one.
func findingsSummary(n, blocking int) string {
	things := "saker"
	if n == 1 {
		things = "sak"
	}
	return fmt.Sprintf("%d %s att åtgärda innan rapporten publiceras, varav %d blockerande", n, things, blocking)
}
