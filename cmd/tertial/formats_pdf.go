package main

import (
	"context"

	"github.com/tertial/tertial/pdfreport"
	"github.com/tertial/tertial/report"
)

// renderPDF renders the report as PDF through headless Chromium: a local chromium, or the
// one at --chromium (a DevTools address) when given.
func renderPDF(ctx context.Context, doc *report.Document, opts formatOptions) ([]byte, error) {
	return pdfreport.Render(ctx, doc, pdfreport.Options{RemoteURL: opts.Chromium})
}
