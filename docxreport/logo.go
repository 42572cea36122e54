package docxreport

import (
	"strings"

	"github.com/tertial/tertial"
)

// The box the cover's logo is fitted into, in CSS pixels (as the HTML report's cover), and
// the EMU of a CSS pixel (1/96 inch).
const (
	logoBoxWidth, logoBoxHeight = 240, 120
	emuPerPixel                 = 9525
)

// logo writes the municipality's logo above the cover's title, with its text alternative,
// when the document has a cover and the municipality a logo.
func (w *writer) logo() {
	d := w.doc
	if !d.Cover || d.Logo == nil {
		return
	}
	pw, ph := d.Logo.Fit(logoBoxWidth, logoBoxHeight)
	if pw == 0 {
		return
	}
	name := "logo.png"
	if d.Logo.Type == tertial.LogoJPEG {
		name = "logo.jpeg"
	}
	w.images = append(w.images, picture{name: name, data: d.Logo.Data})
	w.pOpen(paraProps{})
	w.drawing("Logotyp", int64(pw)*emuPerPixel, int64(ph)*emuPerPixel, d.LogoAlt, d.LogoAlt)
	w.pClose()
}

// contentTypes is [Content_Types].xml: JPEG's type is declared only when the package holds
// a JPEG picture (a logo), so that a document without one is as it always was.
// Each chart part is declared by name.
func (w *writer) contentTypes() string {
	ct := contentTypes
	for _, img := range w.images {
		if img.name == "logo.jpeg" {
			const png = `<Default Extension="png" ContentType="image/png"/>`
			ct = strings.Replace(ct, png, png+`<Default Extension="jpeg" ContentType="image/jpeg"/>`, 1)
		}
	}
	var charts strings.Builder
	for i := range w.charts {
		charts.WriteString(`<Override PartName="/` + chartPart(i) + `" ContentType="application/vnd.openxmlformats-officedocument.drawingml.chart+xml"/>`)
	}
	return strings.Replace(ct, `</Types>`, charts.String()+`</Types>`, 1)
}
