package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/tertial/tertial/publish"
	"github.com/tertial/tertial/report"
	"github.com/tertial/tertial/store"
)

// publishFormats are the formats a published version holds, rendering with opts.
func publishFormats(opts formatOptions) []publish.Format {
	with := func(name string) func(context.Context, *report.Document) ([]byte, error) {
		return func(ctx context.Context, doc *report.Document) ([]byte, error) { return formats[name](ctx, doc, opts) }
	}
	return []publish.Format{
		{Name: "html", Ext: "html", MediaType: "text/html; charset=utf-8", Render: with("html")},
		{Name: "pdf", Ext: "pdf", MediaType: "application/pdf", Render: with("pdf")},
		{Name: "docx", Ext: "docx", MediaType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", Render: with("docx")},
		{Name: "xlsx", Ext: "xlsx", MediaType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Render: with("xlsx")},
	}
}

func cmdPublish(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("publish", stderr)
	var dbf dbFlags
	dbf.register(fs)
	var sel selection
	sel.register(fs)
	chromium := fs.String("chromium", os.Getenv("TERTIAL_CHROMIUM"), "för pdf: Chromiums DevTools-adress i stället för en lokal chromium")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	db, ds, cleanup, err := sel.load(ctx, &dbf, "publish", pos)
	if err != nil {
		return err
	}
	defer cleanup()
	ref := store.PeriodRef{Municipality: ds.Municipality.Code, Unit: sel.unit, Period: sel.period}
	pub, err := publish.Publish(ctx, db, cliActor, ref, publishFormats(formatOptions{Chromium: *chromium}))
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Publicerad version %d av %s/%s:\n", pub.Number, sel.unit, sel.period)
	for _, f := range pub.Files {
		fmt.Fprintf(stdout, "  %s  %s  %d byte\n", f.SHA256, f.Name, f.Size)
	}
	return nil
}
