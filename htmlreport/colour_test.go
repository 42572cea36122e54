package htmlreport_test

import (
	"crypto/sha256"
	"encoding/base64"
	"regexp"
	"strings"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/demo"
	"github.com/tertial/tertial/htmlreport"
)

var styleRe = regexp.MustCompile(`(?s)<style>(.*?)</style>`)

// TestCoverColour: with the municipality's colour the cover has a band in it around the
// municipality, title and unit, white text on it, in a style sheet of its own that
// StyleSources allows by its hash; without a colour the page has one style sheet, no band,
// and StyleSources is StyleHash; a period without a cover gets no band either.
func TestCoverColour(t *testing.T) {
	ds, err := demo.Dataset()
	if err != nil {
		t.Fatal(err)
	}
	plain := render(t, ds, "ks", "2021-08")
	ds.Municipality.Colour = "#005A9C"
	page := render(t, ds, "ks", "2021-08")
	styles := styleRe.FindAllStringSubmatch(page, -1)
	if len(styles) != 2 {
		t.Fatalf("%d style sheets, want 2", len(styles))
	}
	colour := styles[1][1]
	for _, want := range []string{".cover .band { background: #005A9C; color: #fff;", ".cover .band h1", "print-color-adjust: exact"} {
		if !strings.Contains(colour, want) {
			t.Errorf("the colour's style sheet lacks %q:\n%s", want, colour)
		}
	}
	header := page[strings.Index(page, `<header class="cover">`):strings.Index(page, "</header>")]
	band := strings.Index(header, `<div class="band">`)
	end := strings.Index(header, "</div>")
	if band < 0 || end < band || !strings.Contains(header[band:end], "<h1>") || !strings.Contains(header[band:end], `<p class="unit">`) ||
		!strings.Contains(header[band:end], `<p class="municipality">Huddinge kommun</p>`) {
		t.Errorf("no band around the municipality, title and unit:\n%s", header)
	}
	sum := sha256.Sum256([]byte(colour))
	sources := htmlreport.StyleSources("#005A9C")
	if !strings.HasPrefix(sources, htmlreport.StyleHash()+" ") || !strings.Contains(sources, "'sha256-"+base64.StdEncoding.EncodeToString(sum[:])+"'") {
		t.Errorf("StyleSources %s does not allow the colour's style sheet", sources)
	}
	if strings.Contains(plain, `class="band"`) || len(styleRe.FindAllString(plain, -1)) != 1 || htmlreport.StyleSources("") != htmlreport.StyleHash() {
		t.Error("a report without a colour has a band")
	}
	// Taking the colour away again gives the report as it was, byte for byte.
	ds.Municipality.Colour = ""
	if render(t, ds, "ks", "2021-08") != plain {
		t.Error("without the colour the report differs")
	}
	// A template without a cover gets no band, colour or not.
	ds.Municipality.Colour = "#005A9C"
	for i := range ds.Templates {
		var kept []tertial.Section
		for _, s := range ds.Templates[i].Sections {
			if s.Kind != tertial.SectionCover {
				kept = append(kept, s)
			}
		}
		ds.Templates[i].Sections = kept
	}
	if page := render(t, ds, "ks", "2021-08"); !strings.Contains(page, `<header class="cover plain">`) || strings.Contains(page, `class="band"`) ||
		len(styleRe.FindAllString(page, -1)) != 1 {
		t.Error("a report without a cover has the colour's band")
	}
	if htmlreport.ColourCSS(`#000000;}body{display:none`) != "" || htmlreport.ColourCSS("red") != "" {
		t.Error("ColourCSS takes something other than #RRGGBB")
	}
}
