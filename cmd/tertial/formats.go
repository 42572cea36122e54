package main

import (
	"context"

	"github.com/tertial/tertial/htmlreport"
	"github.com/tertial/tertial/report"
)

// formatOptions are what a renderer may need beyond the document.
type formatOptions struct {
	// Chromium is a DevTools address of a remote Chromium for PDF; "" starts a local one.
	Chromium string
}

// formats are the report formats of tertial report --format, by name.
var formats = map[string]func(context.Context, *report.Document, formatOptions) ([]byte, error){
	"html": func(_ context.Context, doc *report.Document, _ formatOptions) ([]byte, error) {
		return htmlreport.Render(doc)
	},
	"pdf":  renderPDF,
	"docx": renderDOCX,
	"xlsx": renderXLSX,
}
