package main

import (
	"context"

	"github.com/tertial/tertial/report"
	"github.com/tertial/tertial/xlsxreport"
)

// renderXLSX renders the report as an Excel workbook: a contents sheet, then every table
// on a sheet of its own with figures as numbers and sums as formulas.
func renderXLSX(_ context.Context, doc *report.Document, _ formatOptions) ([]byte, error) {
	return xlsxreport.Render(doc)
}
