package main

import (
	"bytes"
	"context"
	"fmt"
	"io"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/demo"
	"github.com/tertial/tertial/ledgerimport"
	"github.com/tertial/tertial/store"
)

// loadDemo loads a demo as tertial demo NAME does: the dataset, as import loads a file,
// and then, unless withLedgers is false, the demo's generated SIE files (demo.Ledger),
// each imported as tertial import sie would, and says what it read.
func loadDemo(ctx context.Context, dbf *dbFlags, d *demo.Demo, ds *tertial.Dataset, withLedgers bool, stdout io.Writer) error {
	db, cleanup, err := dbf.open(ctx)
	if err != nil {
		return err
	}
	defer cleanup()
	if err := db.ReplaceDataset(ctx, ds); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Läste in %s (%s): %d enheter, %d perioder, %d mål, %d indikatorer, %d uppdrag.\n",
		ds.Municipality.Name, ds.Municipality.Code, len(ds.Units), len(ds.Periods), len(ds.Goals), len(ds.Indicators), len(ds.Assignments))
	if !withLedgers {
		return nil
	}
	return loadDemoLedgers(ctx, db, d, ds.Municipality.Code, stdout)
}

// demoLedgerSource is the source the demo's ledgers are imported under, so that loading
// the demo again replaces them.
const demoLedgerSource = "demo"

// loadDemoLedgers generates the demo's SIE files and imports each for its unit, all of
// them or, at the first that fails, the error. The dataset must be loaded first.
func loadDemoLedgers(ctx context.Context, db *store.DB, d *demo.Demo, code string, stdout io.Writer) error {
	for _, l := range d.Ledgers {
		var buf bytes.Buffer
		if err := l.Write(&buf); err != nil {
			return fmt.Errorf("generate %s: %w", l.FileName(d.Name), err)
		}
		name := l.FileName(d.Name)
		res, err := ledgerimport.Import(ctx, db, &buf, ledgerimport.Options{Municipality: code, Unit: l.Unit, Year: l.Year,
			Source: demoLedgerSource, Actor: cliActor, FileName: name})
		if err != nil {
			return err
		}
		if stdout != nil {
			fmt.Fprintf(stdout, "Läste in %s för %s %d: %d verifikationer, %d transaktioner, %d utfallsrader och %d budgetrader.\n",
				name, l.Unit, res.Year, res.File.Vouchers, res.File.Transactions, res.Outcome, res.Budget)
		}
	}
	return nil
}
