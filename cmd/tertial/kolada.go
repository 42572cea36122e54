package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/tertial/tertial/kolada"
)

// cmdKolada runs "tertial kolada sync".
func cmdKolada(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "sync" {
		return fmt.Errorf("%w: tertial kolada sync --unit ID --period ID [--kolada-url URL] [--db URL]", errUsage)
	}
	fs := newFlagSet("kolada sync", stderr)
	var dbf dbFlags
	dbf.register(fs)
	var sel selection
	sel.register(fs)
	url := fs.String("kolada-url", koladaURL(), "Koladas API (standard "+kolada.DefaultURL+"; TERTIAL_KOLADA_URL)")
	pos, err := parse(fs, args[1:])
	if err != nil {
		return err
	}
	db, ds, cleanup, err := sel.load(ctx, &dbf, "kolada sync", pos)
	if err != nil {
		return err
	}
	defer cleanup()
	res, err := kolada.Sync(ctx, kolada.New(*url), db, cliActor, ds.Municipality.Code, sel.unit, sel.period, func(done, total int, what string) {
		fmt.Fprintf(stderr, "[%d/%d] %s\n", done, total, what)
	})
	if err != nil {
		return fmt.Errorf("kolada sync: %w", err)
	}
	if res.KPIs == 0 {
		fmt.Fprintf(stdout, "Inga indikatorer i rapporten för %s/%s är kopplade till Kolada.\n", sel.unit, sel.period)
		return nil
	}
	fmt.Fprintf(stdout, "Hämtade från Kolada: %d nyckeltal för %d indikatorer, åren %d–%d, %d kommuner (%s, %s): %d värden, varav %d med siffra.\n",
		res.KPIs, res.Indicators, res.Years[0], res.Years[len(res.Years)-1], res.Municipalities, res.CountyGroup, res.CountyTitle, res.Values, res.WithFigure)
	return nil
}

// koladaURL is the default Kolada address: TERTIAL_KOLADA_URL or Kolada's own.
func koladaURL() string {
	if u := os.Getenv("TERTIAL_KOLADA_URL"); u != "" {
		return u
	}
	return kolada.DefaultURL
}
