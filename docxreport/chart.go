package docxreport

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math/big"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/report"
)

// picture is a picture of the document, stored as word/media/NAME.
type picture struct {
	name string
	data []byte
}

func imageRelID(i int) string { return fmt.Sprintf("rIdImg%d", i+1) }

// Chart picture size in pixels and in EMU (English Metric Units) on the page.
const (
	chartW, chartH = 960, 400
	emuPerTwip     = 635
)

// drawing writes the last of the document's pictures inline, cx × cy EMU, with its alt
// text and title; kind names it ("Diagram 3").
func (w *writer) drawing(kind string, cx, cy int64, alt, title string) {
	w.drawingIDs++
	id := w.drawingIDs
	fmt.Fprintf(w, `<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="%d" cy="%d"/>`+
		`<wp:docPr id="%d" name="%s %d" descr="%s" title="%s"/>`+
		`<wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect="1"/></wp:cNvGraphicFramePr>`+
		`<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic>`+
		`<pic:nvPicPr><pic:cNvPr id="%d" name="%s" descr="%s"/><pic:cNvPicPr/></pic:nvPicPr>`+
		`<pic:blipFill><a:blip r:embed="%s"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>`+
		`<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="%d" cy="%d"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr>`+
		`</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>`,
		cx, cy, id, kind, id, esc(alt), esc(title), id, w.images[len(w.images)-1].name, esc(alt), imageRelID(len(w.images)-1), cx, cy)
}

// chart writes a chart as a PNG picture with the chart's description as alt text, its
// title as a caption, and the same figures as a table after it, as the HTML report does.
// The picture has no text of its own: the figures are in the table and the alt text.
func (w *writer) chart(c *report.Chart) {
	data, err := chartPNG(c)
	if err == nil {
		w.images = append(w.images, picture{name: fmt.Sprintf("chart%d.png", len(w.images)+1), data: data})
		cx := int64(textWidth) * emuPerTwip
		cy := cx * chartH / chartW
		alt := c.Title
		if c.Description != "" {
			alt = c.Description
		}
		w.pOpen(paraProps{keepNext: true})
		w.drawing("Diagram", cx, cy, alt, c.Title)
		w.pClose()
	}
	w.para(paraProps{style: styleCaption}, c.Title, runProps{})
	if c.Table != nil {
		w.table(c.Table)
	}
}

func float(d *tertial.Decimal) float64 {
	if d == nil {
		return 0
	}
	f, _ := new(big.Float).SetString(d.String())
	v, _ := f.Float64()
	return v
}

var (
	white  = color.RGBA{0xff, 0xff, 0xff, 0xff}
	axis   = color.RGBA{0x4a, 0x4a, 0x4a, 0xff}
	marker = color.RGBA{0x8a, 0x5a, 0x00, 0xff}
	series = []color.RGBA{{0x12, 0x34, 0x4d, 0xff}, {0xc7, 0x8a, 0x1e, 0xff}, {0x6b, 0x8e, 0x23, 0xff}}
)

type canvas struct{ *image.RGBA }

func (c canvas) rect(x0, y0, x1, y1 int, col color.RGBA) {
	if x1 < x0 {
		x0, x1 = x1, x0
	}
	if y1 < y0 {
		y0, y1 = y1, y0
	}
	for y := max(y0, 0); y <= min(y1, chartH-1); y++ {
		for x := max(x0, 0); x <= min(x1, chartW-1); x++ {
			c.SetRGBA(x, y, col)
		}
	}
}

// line draws a thick line; dash > 0 leaves gaps of dash pixels.
func (c canvas) line(x0, y0, x1, y1 float64, thick int, dash int, col color.RGBA) {
	n := int(max(abs(x1-x0), abs(y1-y0)))
	for i := 0; i <= n; i++ {
		if dash > 0 && (i/dash)%2 == 1 {
			continue
		}
		t := 0.0
		if n > 0 {
			t = float64(i) / float64(n)
		}
		x, y := int(x0+(x1-x0)*t), int(y0+(y1-y0)*t)
		c.rect(x-thick/2, y-thick/2, x+thick/2, y+thick/2, col)
	}
}

func abs(f float64) float64 {
	if f < 0 {
		return -f
	}
	return f
}

// chartPNG draws a line chart (values over the categories, markers as dashed lines) or a
// bar chart (a group of horizontal bars per category, from zero).
func chartPNG(c *report.Chart) ([]byte, error) {
	if len(c.Categories) == 0 || len(c.Series) == 0 {
		return nil, fmt.Errorf("empty chart")
	}
	img := canvas{image.NewRGBA(image.Rect(0, 0, chartW, chartH))}
	img.rect(0, 0, chartW-1, chartH-1, white)
	var vals []float64
	for _, s := range c.Series {
		for _, v := range s.Values {
			if v != nil {
				vals = append(vals, float(v))
			}
		}
	}
	for _, m := range c.Markers {
		vals = append(vals, float(&m.Value))
	}
	if len(vals) == 0 {
		return nil, fmt.Errorf("no values")
	}
	lo, hi := vals[0], vals[0]
	for _, v := range vals {
		lo, hi = min(lo, v), max(hi, v)
	}
	const pad = 30
	n := len(c.Categories)
	if c.Kind == "line" {
		span := hi - lo
		if span == 0 {
			span = max(abs(hi), 1)
		}
		lo, hi = lo-span*0.15, hi+span*0.15
		y := func(v float64) float64 { return pad + (hi-v)/(hi-lo)*float64(chartH-2*pad) }
		x := func(i int) float64 {
			if n == 1 {
				return chartW / 2
			}
			return 2*pad + float64(i)*float64(chartW-4*pad)/float64(n-1)
		}
		img.line(pad, chartH-pad, chartW-pad, chartH-pad, 2, 0, axis)
		for mi, m := range c.Markers {
			yy := y(float(&m.Value))
			img.line(pad, yy, chartW-pad, yy, 3, 10+mi*6, marker)
		}
		for si, s := range c.Series {
			col := series[si%len(series)]
			prev := -1
			for i, v := range s.Values {
				if v == nil {
					continue
				}
				if prev >= 0 {
					img.line(x(prev), y(float(s.Values[prev])), x(i), y(float(v)), 5, 0, col)
				}
				img.rect(int(x(i))-7, int(y(float(v)))-7, int(x(i))+7, int(y(float(v)))+7, col)
				prev = i
			}
		}
	} else {
		lo, hi = min(lo, 0), max(hi, 0)
		if hi == lo {
			hi = lo + 1
		}
		x := func(v float64) int { return int(pad + (v-lo)/(hi-lo)*float64(chartW-2*pad)) }
		rowH := float64(chartH-2*pad) / float64(n)
		barH := max(int(rowH*0.8)/len(c.Series), 2)
		for i := range c.Categories {
			for si, s := range c.Series {
				if i >= len(s.Values) || s.Values[i] == nil {
					continue
				}
				y0 := pad + int(rowH*float64(i)) + si*barH
				img.rect(x(0), y0, x(float(s.Values[i])), y0+barH-2, series[si%len(series)])
			}
		}
		img.line(float64(x(0)), pad/2, float64(x(0)), chartH-pad/2, 2, 0, axis)
	}
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&buf, img.RGBA); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
