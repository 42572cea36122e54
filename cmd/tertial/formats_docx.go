package main

import (
	"context"

	"github.com/tertial/tertial/docxreport"
	"github.com/tertial/tertial/report"
)

// renderDOCX renders the report as a Word document (DOCX).
func renderDOCX(_ context.Context, doc *report.Document, _ formatOptions) ([]byte, error) {
	return docxreport.Render(doc)
}
