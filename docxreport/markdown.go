package docxreport

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

// parser parses the Markdown users write. Raw HTML is dropped, as in the HTML report.
var parser = goldmark.New().Parser()

// mdContext is where a Markdown text stands.
type mdContext struct {
	headingLevel int      // the HTML level "###" takes
	style        string   // paragraph style of its paragraphs
	inTable      bool     // in a table cell or a note: headings become bold paragraphs
	run          runProps // base run properties (bold sum rows)
	indent       int      // block quotes
}

// markdown writes a Markdown text as paragraphs with bold, italic and code runs, Heading
// styles, lists and hyperlinks.
func (w *writer) markdown(src string, ctx mdContext) {
	source := []byte(src)
	doc := parser.Parse(text.NewReader(source))
	before := w.Len()
	w.mdBlocks(doc, source, ctx, 0)
	if w.Len() == before && ctx.inTable {
		w.para(paraProps{style: ctx.style}, "", runProps{})
	}
}

func (w *writer) mdBlocks(parent ast.Node, src []byte, ctx mdContext, depth int) {
	for n := parent.FirstChild(); n != nil; n = n.NextSibling() {
		switch n := n.(type) {
		case *ast.Heading:
			level := min(max(n.Level+ctx.headingLevel-3, 2), 7) // HTML level, h2 at least
			if ctx.inTable {
				w.pOpen(paraProps{style: ctx.style, keepNext: true, indent: ctx.indent})
				r := ctx.run
				r.bold = true
				w.inlines(n, src, r)
				w.pClose()
				continue
			}
			w.headings++
			w.pOpen(paraProps{style: headingStyle(level - 1)})
			w.inlines(n, src, runProps{})
			w.pClose()
		case *ast.Paragraph, *ast.TextBlock:
			w.pOpen(paraProps{style: ctx.style, indent: ctx.indent})
			w.inlines(n, src, ctx.run)
			w.pClose()
		case *ast.List:
			w.list(n, src, ctx, depth)
		case *ast.Blockquote:
			c := ctx
			c.indent += 567
			c.run.italic = true
			w.mdBlocks(n, src, c, depth)
		case *ast.FencedCodeBlock, *ast.CodeBlock:
			var b bytes.Buffer
			lines := n.Lines()
			for i := range lines.Len() {
				seg := lines.At(i)
				b.Write(seg.Value(src))
			}
			style := styleCode
			if ctx.inTable {
				style = ctx.style
			}
			w.para(paraProps{style: style, indent: ctx.indent}, strings.TrimRight(b.String(), "\n"), runProps{code: true})
		case *ast.ThematicBreak, *ast.HTMLBlock:
			// nothing: a rule has no meaning in the text; raw HTML is dropped
		default:
			w.mdBlocks(n, src, ctx, depth)
		}
	}
}

// list writes a bulleted or numbered list; every numbered list starts at its own number.
func (w *writer) list(n *ast.List, src []byte, ctx mdContext, depth int) {
	numID := 1
	if n.IsOrdered() {
		w.ordered = append(w.ordered, orderedList{start: max(n.Start, 1), level: min(depth, 8)})
		numID = len(w.ordered) + 1
	}
	for item := n.FirstChild(); item != nil; item = item.NextSibling() {
		w.listItem(item, src, ctx, numID, depth)
	}
}

// listItem writes a list item's paragraphs as list paragraphs and its sub-lists a level
// deeper.
func (w *writer) listItem(item ast.Node, src []byte, ctx mdContext, numID, depth int) {
	first := true
	for n := item.FirstChild(); n != nil; n = n.NextSibling() {
		switch n := n.(type) {
		case *ast.Paragraph, *ast.TextBlock:
			p := paraProps{style: styleListPara, numID: numID, ilvl: min(depth, 8)}
			if ctx.inTable {
				p.style = ctx.style
				p.indent = 0
			}
			if !first {
				p.numID = 0
				p.indent = 720 + depth*360
			}
			first = false
			w.pOpen(p)
			w.inlines(n, src, ctx.run)
			w.pClose()
		case *ast.List:
			w.list(n, src, ctx, depth+1)
		default:
			w.mdBlocks(n, src, ctx, depth)
		}
	}
}

// inlines writes the inline children of n as runs.
func (w *writer) inlines(n ast.Node, src []byte, rp runProps) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			w.text(string(c.Segment.Value(src)), rp)
			if c.HardLineBreak() {
				w.WriteString(`<w:r><w:br/></w:r>`)
			} else if c.SoftLineBreak() {
				w.text(" ", rp)
			}
		case *ast.String:
			w.text(string(c.Value), rp)
		case *ast.Emphasis:
			r := rp
			if c.Level >= 2 {
				r.bold = true
			} else {
				r.italic = true
			}
			w.inlines(c, src, r)
		case *ast.CodeSpan:
			r := rp
			r.code = true
			w.inlines(c, src, r)
		case *ast.Link:
			w.link(string(c.Destination), c, src, rp)
		case *ast.AutoLink:
			label := string(c.Label(src))
			w.linkText(string(c.URL(src)), label, rp)
		case *ast.Image:
			w.inlines(c, src, rp) // the alt text
		case *ast.RawHTML:
			// dropped, as in the HTML report
		default:
			w.inlines(c, src, rp)
		}
	}
}

// safeLink reports whether a link target may become a hyperlink: web and mail addresses
// only, the same links the HTML report makes links.
func safeLink(dest string) bool {
	d := strings.ToLower(strings.TrimSpace(dest))
	return strings.HasPrefix(d, "https://") || strings.HasPrefix(d, "http://") || strings.HasPrefix(d, "mailto:")
}

// link writes a hyperlink to an external target, or the link's text when the target is
// not a web or mail address.
func (w *writer) link(dest string, n ast.Node, src []byte, rp runProps) {
	if !safeLink(dest) {
		w.inlines(n, src, rp)
		return
	}
	w.WriteString(`<w:hyperlink r:id="` + w.linkRel(dest) + `" w:history="1">`)
	r := rp
	r.style = "Hyperlink"
	w.inlines(n, src, r)
	w.WriteString(`</w:hyperlink>`)
}

func (w *writer) linkText(dest, label string, rp runProps) {
	if !safeLink(dest) {
		w.text(label, rp)
		return
	}
	w.WriteString(`<w:hyperlink r:id="` + w.linkRel(dest) + `" w:history="1">`)
	r := rp
	r.style = "Hyperlink"
	w.text(label, r)
	w.WriteString(`</w:hyperlink>`)
}

// linkRel returns the relationship ID of a hyperlink target, one per target.
func (w *writer) linkRel(dest string) string {
	i, ok := w.linkIndex[dest]
	if !ok {
		i = len(w.links)
		w.links = append(w.links, dest)
		w.linkIndex[dest] = i
	}
	return linkID(i)
}
