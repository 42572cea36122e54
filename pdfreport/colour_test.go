package pdfreport

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tertial/tertial/demo"
	"github.com/tertial/tertial/htmlreport"
	"github.com/tertial/tertial/report"
)

func colourDoc(t *testing.T, colour string) *report.Document {
	t.Helper()
	ds, err := demo.Dataset()
	if err != nil {
		t.Fatal(err)
	}
	ds.Municipality.Colour = colour
	doc, err := report.Build(ds, "ks", "2021-08")
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// TestCoverColourHTML: the HTML Chromium prints carries the colour's band on the cover.
func TestCoverColourHTML(t *testing.T) {
	doc := colourDoc(t, "#005A9C")
	html, err := htmlreport.Render(doc)
	if err != nil {
		t.Fatal(err)
	}
	printed := string(prepare(html, nil, pageCSS(doc)))
	if !strings.Contains(printed, ".cover .band { background: #005A9C; color: #fff;") || !strings.Contains(printed, `<div class="band">`) {
		t.Error("the printed HTML lacks the colour's band")
	}
}

// TestCoverColourPDF: the first page of the PDF, drawn by poppler, has a band of pixels in
// the municipality's colour; the same report without the colour has none.
func TestCoverColourPDF(t *testing.T) {
	bin := chromium(t)
	if _, err := exec.LookPath("pdftoppm"); err != nil {
		skipOrFail(t, "pdftoppm is missing (apt-get install poppler-utils)")
	}
	count := func(colour string) int {
		data, err := Render(context.Background(), colourDoc(t, colour), Options{ChromiumPath: bin})
		if err != nil {
			t.Fatal(err)
		}
		dir := t.TempDir()
		path := filepath.Join(dir, "rapport.pdf")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		tool(t, "pdftoppm", "-png", "-r", "36", "-f", "1", "-l", "1", "-singlefile", path, filepath.Join(dir, "sida"))
		raw, err := os.ReadFile(filepath.Join(dir, "sida.png"))
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(raw))
		if err != nil {
			t.Fatal(err)
		}
		return pixelsNear(img, 0x00, 0x5A, 0x9C)
	}
	with, without := count("#005A9C"), count("")
	t.Logf("pixels in #005A9C on the first page: %d with the colour, %d without", with, without)
	if with < 500 || without > 0 {
		t.Errorf("the cover's band: %d pixels in the colour with it, %d without", with, without)
	}
}

// pixelsNear counts the pixels within 6 of r, g, b in each channel.
func pixelsNear(img image.Image, r, g, b int) int {
	n := 0
	near := func(a uint32, want int) bool { d := int(a>>8) - want; return d >= -6 && d <= 6 }
	bounds := img.Bounds()
	for y := bounds.Min.Y; y < bounds.Max.Y; y++ {
		for x := bounds.Min.X; x < bounds.Max.X; x++ {
			pr, pg, pb, _ := img.At(x, y).RGBA()
			if near(pr, r) && near(pg, g) && near(pb, b) {
				n++
			}
		}
	}
	return n
}
