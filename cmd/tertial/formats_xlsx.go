package main

import (
	"context"
	"fmt"

	"github.com/tertial/tertial/report"
)

// renderXLSX renders the report as XLSX.
func renderXLSX(ctx context.Context, doc *report.Document, opts formatOptions) ([]byte, error) {
	return nil, fmt.Errorf("%w: formatet xlsx är inte byggt ännu", errUsage)
}
