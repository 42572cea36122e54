package main

import (
	"context"
	"fmt"

	"github.com/tertial/tertial/report"
)

// renderDOCX renders the report as DOCX.
func renderDOCX(ctx context.Context, doc *report.Document, opts formatOptions) ([]byte, error) {
	return nil, fmt.Errorf("%w: formatet docx är inte byggt ännu", errUsage)
}
