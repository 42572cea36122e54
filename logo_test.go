package tertial_test

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"strings"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/demo"
)

// pngOf encodes a w × h picture as PNG.
func pngOf(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	img.Set(0, 0, color.RGBA{200, 0, 0, 255})
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func jpegOf(t *testing.T, w, h int) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, image.NewGray(image.Rect(0, 0, w, h)), nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestLogoValidate: a PNG or JPEG whose bytes are what its type says passes; SVG, a type
// that lies, a damaged header, a file over 1 MB and a picture over 4000 pixels a side are
// refused with a message on the field that is wrong.
func TestLogoValidate(t *testing.T) {
	pngData, jpegData := pngOf(t, 200, 80), jpegOf(t, 120, 60)
	svg := []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`)
	big := append(append([]byte{}, pngData...), make([]byte, tertial.MaxLogoBytes)...)
	for _, c := range []struct {
		name       string
		logo       tertial.Logo
		path, word string // "" for no problem
	}{
		{"png", tertial.Logo{Type: tertial.LogoPNG, Data: pngData}, "", ""},
		{"jpeg", tertial.Logo{Type: tertial.LogoJPEG, Data: jpegData}, "", ""},
		{"svg type", tertial.Logo{Type: "image/svg+xml", Data: svg}, "type", "PNG- eller JPEG"},
		{"svg posing as png", tertial.Logo{Type: tertial.LogoPNG, Data: svg}, "data", "varken"},
		{"jpeg called png", tertial.Logo{Type: tertial.LogoPNG, Data: jpegData}, "data", "anges som image/png"},
		{"damaged", tertial.Logo{Type: tertial.LogoPNG, Data: pngData[:12]}, "data", "skadad"},
		{"empty", tertial.Logo{Type: tertial.LogoPNG}, "data", "saknas"},
		{"too large a file", tertial.Logo{Type: tertial.LogoPNG, Data: big}, "data", "högst 1 MB"},
		{"too many pixels", tertial.Logo{Type: tertial.LogoPNG, Data: pngOf(t, tertial.MaxLogoSide+1, 1)}, "data", "4001 × 1"},
	} {
		ps := c.logo.Validate()
		switch {
		case c.path == "" && len(ps) > 0:
			t.Errorf("%s: %v", c.name, ps)
		case c.path != "" && (len(ps) != 1 || ps[0].Path != c.path || !strings.Contains(ps[0].Message, c.word)):
			t.Errorf("%s: %v", c.name, ps)
		}
	}
}

// TestLogoFit: a logo larger than the box shrinks with its proportions; a smaller one keeps
// its size.
func TestLogoFit(t *testing.T) {
	for _, c := range []struct{ w, h, fw, fh int }{{200, 80, 200, 80}, {480, 120, 240, 60}, {100, 300, 40, 120}, {1000, 1000, 120, 120}} {
		l := tertial.Logo{Type: tertial.LogoPNG, Data: pngOf(t, c.w, c.h)}
		if w, h := l.Fit(240, 120); w != c.fw || h != c.fh {
			t.Errorf("%d × %d fits as %d × %d, want %d × %d", c.w, c.h, w, h, c.fw, c.fh)
		}
	}
}

func TestLogoAlt(t *testing.T) {
	for name, want := range map[string]string{"Huddinge kommun": "Huddinge kommuns logotyp", "Vaxholms stad": "Vaxholms stads logotyp",
		"Simrishamns kommun": "Simrishamns kommuns logotyp", "Region Stockholms": "Region Stockholms logotyp"} {
		if got := tertial.LogoAlt(name); got != want {
			t.Errorf("%s: %q", name, got)
		}
	}
}

// TestDatasetValidatesLogo: the dataset's rule set names the logo's problems under
// municipality.logo.
func TestDatasetValidatesLogo(t *testing.T) {
	ds, err := demo.Dataset()
	if err != nil {
		t.Fatal(err)
	}
	ds.Municipality.Logo = &tertial.Logo{Type: "image/svg+xml", Data: []byte("<svg/>")}
	ps := ds.Validate()
	if len(ps) != 1 || ps[0].Path != "municipality.logo.type" {
		t.Errorf("problems %v", ps)
	}
}
