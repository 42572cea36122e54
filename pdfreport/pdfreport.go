// Package pdfreport renders a report document as PDF: the HTML report (package
// htmlreport) printed by headless Chromium on A4, with a cover, a table of contents with
// real page numbers, a running header and "Sida N av M" footers on every page but the
// cover (CSS page-margin boxes), a document outline and a
// tagged PDF with title, author and language (sv-SE) in its metadata.
//
// The table of contents takes two prints: the first gives the page of every section (read
// from the PDF's named destinations, which Chromium writes for the targets of the table's
// links), the second prints those numbers; when they moved, a third print settles them.
// The output is deterministic: Chromium's creation and modification dates are replaced by
// the period's cut-off date, and the file /ID is computed from the content.
package pdfreport

import (
	"bytes"
	"context"
	"fmt"
	"maps"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/tertial/tertial/htmlreport"
	"github.com/tertial/tertial/report"
)

// Options are where to find Chromium.
type Options struct {
	// ChromiumPath is the Chromium binary to start; "" looks up chromium, chromium-browser,
	// google-chrome and google-chrome-stable on PATH.
	ChromiumPath string
	// RemoteURL is the DevTools address (ws://… or http://host:port) of a Chromium that runs
	// elsewhere; when set, no local Chromium is started.
	RemoteURL string
}

// Lang is the language the PDF declares.
const Lang = "sv-SE"

// fixedDate is the creation date of a report without a cut-off date.
var fixedDate = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

func ptr[T any](v T) *T { return &v }

// printCSS is added to the report's own print CSS: the table of contents with dotted
// leaders and right-aligned page numbers, and table rows that never split across pages.
const printCSS = `<style>
.toc .toc-page { display: none; }
@media print {
  .toc a { display: flex; align-items: baseline; gap: .35em; }
  .toc .toc-leader { flex: 1 1 auto; min-width: 1.5em; border-bottom: 1.5px dotted #4a4a4a; }
  .toc .toc-page { display: inline; flex: none; min-width: 2em; text-align: right; font-variant-numeric: tabular-nums; }
  caption { break-after: avoid; }
  tr, th, td { break-inside: avoid; }
  thead { display: table-header-group; }
  tfoot { display: table-footer-group; }
}
</style>
`

// pageCSS prints the running header (the board and the report) and "Sida N av M" in the
// page margins, as CSS page-margin boxes, which Chromium draws since version 131. With a
// cover, the first page has neither: the cover is page 1 of M, so the page after it says
// "Sida 2 av M" and the table of contents' numbers are the PDF viewer's page numbers.
func pageCSS(doc *report.Document) string {
	head := doc.Unit
	if head != "" && doc.Title != "" {
		head += " · "
	}
	head += doc.Title
	const box = `font-family: 'Liberation Sans', Arial, Helvetica, sans-serif; font-size: 8pt; color: #4a4a4a;`
	css := "<style>\n@page {\n" +
		"  @top-left { content: " + cssString(head) + "; " + box + " vertical-align: top; padding-top: 7mm; }\n" +
		"  @bottom-right { content: \"Sida \" counter(page) \" av \" counter(pages); " + box + " vertical-align: bottom; padding-bottom: 8mm; }\n}\n"
	if doc.Cover {
		css += "@page :first {\n  @top-left { content: none; }\n  @bottom-right { content: none; }\n}\n"
	}
	return css + "</style>\n"
}

// cssString quotes s as a CSS string: quotes, backslashes and line breaks escaped, and
// "<" too, so that the text cannot end the style element it stands in.
func cssString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"', '\\', '<', '>', '&':
			fmt.Fprintf(&b, "\\%x ", r)
		case '\n', '\r', '\f':
			b.WriteString("\\a ")
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// printParams are the print settings: the page size and margins come from the report's
// CSS (@page: A4, margins 20 mm 18 mm 22 mm), the header and footer too (pageCSS).
func printParams() page.PrintToPDFParams {
	return page.PrintToPDFParams{
		PreferCSSPageSize:       ptr(true),
		PrintBackground:         ptr(true),
		GenerateTaggedPDF:       ptr(true),
		GenerateDocumentOutline: ptr(true),
	}
}

var (
	tocRE     = regexp.MustCompile(`(?s)<nav class="toc"[^>]*>.*?</nav>`)
	tocLinkRE = regexp.MustCompile(`<a href="#([^"]+)">(.*?)</a>`)
)

// prepare returns the report's HTML for printing, with the page of each section (by ID)
// in the table of contents; a section without a page gets a placeholder of the same width.
func prepare(html []byte, pages map[string]int, pageCSS string) []byte {
	html = bytes.Replace(html, []byte(`<html lang="sv">`), []byte(`<html lang="`+Lang+`">`), 1)
	html = bytes.Replace(html, []byte("</head>"), []byte(printCSS+pageCSS+"</head>"), 1)
	return tocRE.ReplaceAllFunc(html, func(nav []byte) []byte {
		return tocLinkRE.ReplaceAllFunc(nav, func(a []byte) []byte {
			m := tocLinkRE.FindSubmatch(a)
			n := "00"
			if p, ok := pages[string(m[1])]; ok {
				n = strconv.Itoa(p)
			}
			return fmt.Appendf(nil, `<a href="#%s"><span class="toc-title">%s</span><span class="toc-leader" aria-hidden="true"></span><span class="toc-page">%s</span></a>`, m[1], m[2], n)
		})
	})
}

// tocTargets returns the IDs the table of contents links to.
func tocTargets(html []byte) []string {
	var ids []string
	for _, m := range tocLinkRE.FindAllSubmatch(tocRE.Find(html), -1) {
		ids = append(ids, string(m[1]))
	}
	return ids
}

// Render returns the document as PDF. The same document gives the same bytes.
func Render(ctx context.Context, doc *report.Document, opts Options) ([]byte, error) {
	html, err := htmlreport.Render(doc)
	if err != nil {
		return nil, err
	}
	b, err := open(ctx, opts)
	if err != nil {
		return nil, err
	}
	defer b.close()
	params := printParams()
	targets := tocTargets(html)
	var pages map[string]int
	var pdf []byte
	for pass := 1; ; pass++ {
		if err := b.load(ctx, prepare(html, pages, pageCSS(doc))); err != nil {
			return nil, fmt.Errorf("chromium: %w", err)
		}
		if pdf, err = b.print(ctx, params); err != nil {
			return nil, fmt.Errorf("chromium: %w", err)
		}
		if len(targets) == 0 {
			break
		}
		f, err := parsePDF(pdf)
		if err != nil {
			return nil, err
		}
		got, err := f.destinationPages()
		if err != nil {
			return nil, err
		}
		for _, id := range targets {
			if got[id] == 0 {
				return nil, pdfErrorf("sidan för avsnittet %q saknas i pdf:en", id)
			}
		}
		if pass > 1 && maps.Equal(got, pages) {
			break
		}
		if pass == 3 {
			return nil, fmt.Errorf("innehållsförteckningens sidnummer ändras vid varje utskrift")
		}
		pages = got
	}
	date := doc.Cutoff
	if date.IsZero() {
		date = fixedDate
	}
	return finish(pdf, metadata{
		Title:   doc.Unit + " – " + doc.Title,
		Author:  doc.Unit,
		Subject: doc.Title + ", " + doc.Unit + ", " + doc.Municipality,
		Lang:    Lang,
		Date:    date,
	})
}
