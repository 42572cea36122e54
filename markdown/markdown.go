// Package markdown renders the Markdown users write (analyses, comments, texts) as safe
// HTML: raw HTML is dropped, dangerous links are not made links, and headings are shifted
// to fit where the text appears.
package markdown

import (
	"bytes"
	"html/template"

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
// rather than dropped. Results are cached: the same analyses are shown on every view. The
// cache is bounded by bytes (CacheMaxBytes) and never holds a text longer than
// CacheMaxInput, so what users write cannot fill memory.
func HTML(src string, headingLevel int) template.HTML {
	level := min(max(headingLevel, 1), 6)
	key := cacheKey{src, level}
	if out, ok := shared.get(key); ok {
		return out
	}
	out := render(src, level)
	shared.put(key, out)
	return out
}

// Preview renders src as HTML does, without the cache: a preview is of text that is not
// saved, which nobody asks for again, and caching it would let any user who may edit fill
// the server's memory with texts of their own.
func Preview(src string, headingLevel int) template.HTML {
	return render(src, min(max(headingLevel, 1), 6))
}

func render(src string, level int) template.HTML {
	var buf bytes.Buffer
	if err := renderers[level].Convert([]byte(src), &buf); err != nil {
		return template.HTML("<p>" + template.HTMLEscapeString(src) + "</p>")
	}
	return template.HTML(buf.String())
}

// CacheMaxBytes bounds the cache of rendered texts: the bytes of its texts and their HTML,
// with entryOverhead for each. Saved texts are read far more often than they change, and
// a municipality's analyses and comments of a period are a few MB.
const CacheMaxBytes = 32 << 20

// CacheMaxInput is the longest text the cache holds: a longer one is rendered each time
// it is shown, as it would otherwise push out many ordinary texts.
const CacheMaxInput = 1 << 20

// CacheStats returns how many texts the cache holds and their bytes as the bound counts
// them (see CacheMaxBytes), for tests and diagnostics.
func CacheStats() (entries, bytes int) { return shared.stats() }

// Cached reports whether the cache holds src rendered at headingLevel.
func Cached(src string, headingLevel int) bool {
	return shared.has(cacheKey{src, min(max(headingLevel, 1), 6)})
}

var shared = newCache(CacheMaxBytes, CacheMaxInput)

type headingShift struct{ offset int }

func (h headingShift) Transform(doc *ast.Document, _ text.Reader, _ parser.Context) {
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if hd, ok := n.(*ast.Heading); ok && entering {
			hd.Level = min(6, max(1, hd.Level+h.offset))
		}
		return ast.WalkContinue, nil
	})
}
