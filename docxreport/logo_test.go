package docxreport_test

import (
	"bytes"
	"image"
	"image/jpeg"
	"image/png"
	"strconv"
	"strings"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/demo"
	"github.com/tertial/tertial/report"
)

// TestCoverLogo: the municipality's logo is a picture on the cover, before the title, with
// its text alternative, fitted to 240 × 120 pixels (in EMU) and stored as it was uploaded;
// a JPEG declares its content type, and a report without a logo declares none.
func TestCoverLogo(t *testing.T) {
	var p, j bytes.Buffer
	if err := png.Encode(&p, image.NewGray(image.Rect(0, 0, 480, 120))); err != nil {
		t.Fatal(err)
	}
	if err := jpeg.Encode(&j, image.NewGray(image.Rect(0, 0, 100, 100)), nil); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		logo     tertial.Logo
		media    string
		cx, cy   int
		jpegType bool
	}{
		{tertial.Logo{Type: tertial.LogoPNG, Data: p.Bytes()}, "word/media/logo.png", 240 * 9525, 60 * 9525, false},
		{tertial.Logo{Type: tertial.LogoJPEG, Data: j.Bytes()}, "word/media/logo.jpeg", 100 * 9525, 100 * 9525, true},
	} {
		ds, err := demo.Dataset()
		if err != nil {
			t.Fatal(err)
		}
		ds.Municipality.Logo = &c.logo
		doc, err := report.Build(ds, "ks", "2021-08")
		if err != nil {
			t.Fatal(err)
		}
		parts, _ := unzip(t, doc)
		for name, s := range parts {
			if strings.HasSuffix(name, ".xml") || strings.HasSuffix(name, ".rels") {
				wellFormed(t, name, s)
			}
		}
		if parts[c.media] != string(c.logo.Data) {
			t.Errorf("%s: the logo is not stored as uploaded", c.media)
		}
		body := parts["word/document.xml"]
		logoAt := strings.Index(body, `descr="Huddinge kommuns logotyp"`)
		titleAt := strings.Index(body, "Delårsrapport")
		if logoAt < 0 || titleAt < 0 || logoAt > titleAt {
			t.Errorf("%s: the logo is not before the title (%d, %d)", c.media, logoAt, titleAt)
		}
		if !strings.Contains(body, `<wp:extent cx="`+strconv.Itoa(c.cx)+`" cy="`+strconv.Itoa(c.cy)+`"/>`) {
			t.Errorf("%s: not fitted to %d × %d EMU", c.media, c.cx, c.cy)
		}
		if !strings.Contains(parts["word/_rels/document.xml.rels"], `Target="media/`+strings.TrimPrefix(c.media, "word/media/")+`"`) {
			t.Errorf("%s: no relationship", c.media)
		}
		if got := strings.Contains(parts["[Content_Types].xml"], `Extension="jpeg"`); got != c.jpegType {
			t.Errorf("%s: jpeg content type declared %v", c.media, got)
		}
	}
	parts, _ := unzip(t, demoDocument(t))
	if strings.Contains(parts["[Content_Types].xml"], "jpeg") || strings.Contains(parts["word/document.xml"], "logotyp") {
		t.Error("a report without a logo has one")
	}
}
