// Package htmlreport renders a report document as one self-contained HTML file: inline
// CSS, no scripts, no external requests; semantic and accessible (one h1, headings nested
// without gaps, tables with captions and header scopes, statuses in words and symbols),
// with print CSS.
package htmlreport

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/base64"
	"html/template"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/markdown"
	"github.com/tertial/tertial/report"
	"github.com/tertial/tertial/sv"
)

//go:embed report.css
var css string

//go:embed report.html
var page string

var tmpl = template.Must(template.New("report").Funcs(template.FuncMap{
	"markdown":  markdown.HTML,
	"svg":       svgChart,
	"css":       func() template.CSS { return template.CSS(css) },
	"colourCSS": func(c string) template.CSS { return template.CSS(ColourCSS(c)) },
	"longDate":  sv.LongDate,
	"logo":      logoImage,
	"kind": func(b report.Block) string {
		switch b.(type) {
		case *report.Section:
			return "section"
		case *report.Markdown:
			return "markdown"
		case *report.Paragraph:
			return "paragraph"
		case *report.Table:
			return "table"
		case *report.Chart:
			return "chart"
		case *report.TOC:
			return "toc"
		case *report.List:
			return "list"
		case *report.Notice:
			return "notice"
		}
		return ""
	},
	"runs":    runs,
	"heading": func(level int) string { return "h" + string(rune('0'+min(max(level, 1), 6))) },
	// args passes the document along with a section or block to a sub-template.
	"args": func(doc *report.Document, v any) map[string]any {
		m := map[string]any{"Doc": doc, "Block": v}
		if s, ok := v.(*report.Section); ok {
			m["Section"] = s
		}
		return m
	},
	// columns is the number of columns of a table, for a row of one cell across it.
	"columns": func(t *report.Table) int { return t.Width() },
	"span": func(n int) int {
		if n > 1 {
			return n
		}
		return 0
	},
}).Parse(page))

type view struct {
	*report.Document
}

// Render returns the document as one HTML page. The same document gives the same bytes.
func Render(doc *report.Document) ([]byte, error) {
	var buf bytes.Buffer
	if err := tmpl.Execute(&buf, view{doc}); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// StyleHash is the Content-Security-Policy source that allows the report's inline style
// sheet and nothing else: 'sha256-…'.
func StyleHash() string {
	sum := sha256.Sum256([]byte(css))
	return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
}

// ColourCSS is the style sheet of the cover's band in the municipality's colour c
// ("#RRGGBB"): the band in the colour, the municipality, title and unit in white on it (the
// rule set keeps the colour at 4.5:1 or more against white), the cover's rule in the colour
// too. The report carries it in a style element of its own after the report's style sheet,
// so that a report without a colour is byte for byte what it was. "" when c is not a colour.
func ColourCSS(c string) string {
	if _, ok := tertial.RelativeLuminance(c); !ok {
		return ""
	}
	return ".cover { border-bottom-color: " + c + "; }\n" +
		".cover .band { background: " + c + "; color: #fff; padding: 1.25rem 1.5rem; margin: .5rem 0 1rem; " +
		"-webkit-print-color-adjust: exact; print-color-adjust: exact; }\n" +
		".cover .band h1, .cover .band .municipality, .cover .band .unit { color: #fff; }\n"
}

// StyleSources is the Content-Security-Policy source list that allows the inline style
// sheets of a report whose municipality has the colour c ("" for none) and nothing else:
// StyleHash and, with a colour, the hash of its ColourCSS.
func StyleSources(c string) string {
	out := StyleHash()
	if cs := ColourCSS(c); cs != "" {
		sum := sha256.Sum256([]byte(cs))
		out += " 'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
	}
	return out
}

// coverLogo is the municipality's logo as the cover shows it: the image itself in a data
// URL, so that a published or printed report needs nothing from the site, and the size it
// is shown at (its own, made to fit 240 × 120 CSS pixels).
type coverLogo struct {
	Src           template.URL
	Width, Height int
}

// The box a cover's logo is fitted into, in CSS pixels; the DOCX cover uses the same.
const logoBoxWidth, logoBoxHeight = 240, 120

func logoImage(l *tertial.Logo) coverLogo {
	w, h := l.Fit(logoBoxWidth, logoBoxHeight)
	// The type is image/png or image/jpeg (Dataset.Validate), the data base64: a URL that
	// can carry nothing but the picture.
	return coverLogo{Src: template.URL("data:" + l.Type + ";base64," + base64.StdEncoding.EncodeToString(l.Data)), Width: w, Height: h}
}

// run is a stretch of a section's blocks: a grid of small charts, or other blocks.
type run struct {
	Grid   bool
	Blocks []report.Block
}

// runs splits blocks into stretches so that line charts in a row (a section's indicator
// trends) stand together in a grid of small charts, each with its own axis and table,
// instead of one chart per page width.
func runs(blocks []report.Block) []run {
	var out []run
	small := func(b report.Block) bool {
		c, ok := b.(*report.Chart)
		return ok && c.Kind == "line"
	}
	for i := 0; i < len(blocks); {
		j := i
		for j < len(blocks) && small(blocks[j]) {
			j++
		}
		if j-i >= 2 {
			out = append(out, run{Grid: true, Blocks: blocks[i:j]})
			i = j
			continue
		}
		if j == i {
			j++
		}
		if n := len(out); n > 0 && !out[n-1].Grid {
			out[n-1].Blocks = append(out[n-1].Blocks, blocks[i:j]...)
		} else {
			out = append(out, run{Blocks: blocks[i:j]})
		}
		i = j
	}
	return out
}
