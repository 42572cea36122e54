// Package markdown renders the Markdown users write (analyses, comments, texts) as safe
// HTML: raw HTML is dropped, dangerous links are not made links, and headings are shifted
// to fit where the text appears.
package markdown

import (
	"bytes"
	"html/template"
	"sync"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// renderers holds one goldmark renderer per heading level (1–6). goldmark's defaults are
// the sanitising: raw HTML in the text is dropped, and links with dangerous schemes
// (javascript:, vbscript:, data: other than images) are not made into links.
var renderers = func() [7]goldmark.Markdown {
	var r [7]goldmark.Markdown
	for level := 1; level <= 6; level++ {
		r[level] = goldmark.New(goldmark.WithParserOptions(
			parser.WithASTTransformers(util.Prioritized(headingShift{offset: level - 3}, 100)),
		))
	}
	return r
}()

// HTML renders src with its headings shifted so that "###", the first level texts may use,
// becomes headingLevel (clamped to 1–6). A text that fails to render is shown escaped
// rather than dropped. Results are cached: the same analyses are shown on every view.
func HTML(src string, headingLevel int) template.HTML {
	level := min(max(headingLevel, 1), 6)
	key := cacheKey{src, level}
	cacheMu.Lock()
	out, ok := cache[key]
	cacheMu.Unlock()
	if ok {
		return out
	}
	var buf bytes.Buffer
	if err := renderers[level].Convert([]byte(src), &buf); err != nil {
		return template.HTML("<p>" + template.HTMLEscapeString(src) + "</p>")
	}
	out = template.HTML(buf.String())
	cacheMu.Lock()
	if len(cache) >= maxCached {
		clear(cache) // a crude bound; texts change rarely, so the cache refills with what is read
	}
	cache[key] = out
	cacheMu.Unlock()
	return out
}

type cacheKey struct {
	src   string
	level int
}

const maxCached = 8192

var (
	cacheMu sync.Mutex
	cache   = map[cacheKey]template.HTML{}
)

type headingShift struct{ offset int }

func (h headingShift) Transform(doc *ast.Document, _ text.Reader, _ parser.Context) {
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if hd, ok := n.(*ast.Heading); ok && entering {
			hd.Level = min(6, max(1, hd.Level+h.offset))
		}
		return ast.WalkContinue, nil
	})
}
