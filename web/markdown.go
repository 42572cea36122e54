package web

import (
	"bytes"
	"html/template"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// markdown renders user text. goldmark's defaults are the sanitising: raw HTML in the text
// is dropped, and links with dangerous schemes (javascript:, vbscript:, data: other than
// images) are not made into links.
type markdown struct{ md goldmark.Markdown }

// newMarkdown returns a renderer whose headings are shifted so that "###", the first level
// texts may use, becomes the heading level base.
func newMarkdown(base int) markdown {
	return markdown{goldmark.New(goldmark.WithParserOptions(
		parser.WithASTTransformers(util.Prioritized(headingShift{offset: base - 3}, 100)),
	))}
}

// HTML renders src. A text that fails to render is shown escaped rather than dropped.
func (m markdown) HTML(src string) template.HTML {
	var buf bytes.Buffer
	if err := m.md.Convert([]byte(src), &buf); err != nil {
		return template.HTML("<p>" + template.HTMLEscapeString(src) + "</p>")
	}
	return template.HTML(buf.String())
}

type headingShift struct{ offset int }

func (h headingShift) Transform(doc *ast.Document, _ text.Reader, _ parser.Context) {
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if hd, ok := n.(*ast.Heading); ok && entering {
			hd.Level = min(6, max(1, hd.Level+h.offset))
		}
		return ast.WalkContinue, nil
	})
}
