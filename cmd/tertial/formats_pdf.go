package main

import (
	"context"
	"fmt"

	"github.com/tertial/tertial/report"
)

// renderPDF renders the report as PDF.
func renderPDF(ctx context.Context, doc *report.Document, opts formatOptions) ([]byte, error) {
	return nil, fmt.Errorf("%w: formatet pdf är inte byggt ännu", errUsage)
}
