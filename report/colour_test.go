package report_test

import (
	"archive/zip"
	"bytes"
	"io"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/demo"
	"github.com/tertial/tertial/docxreport"
	"github.com/tertial/tertial/htmlreport"
	"github.com/tertial/tertial/report"
	"github.com/tertial/tertial/xlsxreport"
)

// ekbyColours gives Ekby a goal scale whose levels have colours, one of them without a
// symbol.
const ekbyColours = `  scales:
    goals:
      - {id: achieved, name: Helt uppfyllt, symbol: "😊", colour: green}
      - {id: partly, name: Delvis uppfyllt, symbol: "😐", colour: yellow}
      - {id: not_achieved, name: Inte uppfyllt, symbol: "☹", colour: red}
      - {id: not_assessable, name: Kan inte bedömas, colour: grey}
`

var tcRe = regexp.MustCompile(`(?s)<w:tc>.*?</w:tc>`)

// TestLevelColours: a level's colour is shown with its name in every format, never
// alone: the HTML shades the cell and colours the symbol, the DOCX shades the cell and
// colours the symbol, the XLSX fills the cell that names the level; a goal's assessment
// line is shaded. Levels without a colour (Huddinge's defaults) get no shading at all.
func TestLevelColours(t *testing.T) {
	doc, err := report.Build(loadEkbyWith(t, ekbyColours), "kfn", "2025-04")
	if err != nil {
		t.Fatal(err)
	}
	green, yellow := tertial.ColourGreen, tertial.ColourYellow
	h, err := htmlreport.Render(doc)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		// The period's assessments (ekonomi: achieved, mal: partly).
		`<td data-col="assessment" class="fill-` + string(green) + `"><span class="symbol colour-` + string(green) + `" aria-hidden="true">😊</span> Helt uppfyllt</td>`,
		`<td data-col="assessment" class="fill-` + string(yellow) + `"><span class="symbol colour-` + string(yellow) + `" aria-hidden="true">😐</span> Delvis uppfyllt</td>`,
		// A goal's assessment line.
		`<p class="assessment fill-` + string(yellow) + `">Bedömning: 😐 Delvis uppfyllt</p>`,
	} {
		if !strings.Contains(string(h), want) {
			t.Errorf("html lacks %s", want)
		}
	}
	// The style sheet defines the classes in the palette's shades.
	for _, c := range tertial.Colours {
		for _, rule := range []string{".colour-" + string(c) + " { color: #" + c.Ink() + "; }", ".fill-" + string(c) + " { background: #" + c.Fill() + "; }"} {
			if !strings.Contains(strings.ToUpper(string(h)), strings.ToUpper(rule)) {
				t.Errorf("the style sheet lacks %s", rule)
			}
		}
	}

	d, err := docxreport.Render(doc)
	if err != nil {
		t.Fatal(err)
	}
	body := zipPart(t, d, "word/document.xml")
	cells := 0
	for _, tc := range tcRe.FindAllString(body, -1) {
		if !strings.Contains(tc, ">Helt uppfyllt<") {
			continue
		}
		cells++
		if !strings.Contains(tc, `w:fill="`+green.Fill()+`"`) || !strings.Contains(tc, `<w:color w:val="`+green.Ink()+`"/>`) {
			t.Errorf("docx: the cell of Helt uppfyllt is not shaded %s with its symbol in %s:\n%s", green.Fill(), green.Ink(), tc)
		}
	}
	if cells == 0 {
		t.Error("docx: no cell names Helt uppfyllt")
	}
	if !regexp.MustCompile(`<w:shd w:val="clear" w:color="auto" w:fill="` + yellow.Fill() + `"/>.*?Bedömning: 😐 Delvis uppfyllt`).MatchString(body) {
		t.Error("docx: the goal's assessment line is not shaded")
	}

	x, err := xlsxreport.Render(doc)
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(x))
	if err != nil {
		t.Fatal(err)
	}
	found := 0
	for _, sheet := range f.GetSheetList() {
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		for r, row := range rows {
			for c, v := range row {
				if v != "Helt uppfyllt" && v != "Delvis uppfyllt" {
					continue
				}
				found++
				want := green.Fill()
				if v == "Delvis uppfyllt" {
					want = yellow.Fill()
				}
				ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
				id, err := f.GetCellStyle(sheet, ref)
				if err != nil {
					t.Fatal(err)
				}
				st, err := f.GetStyle(id)
				if err != nil {
					t.Fatal(err)
				}
				if len(st.Fill.Color) != 1 || !strings.EqualFold(st.Fill.Color[0], want) {
					t.Errorf("xlsx %s!%s (%s) has fill %v, want %s", sheet, ref, v, st.Fill.Color, want)
				}
			}
		}
	}
	if found < 2 {
		t.Errorf("xlsx: %d cells name a level, want the two assessments", found)
	}

	// Huddinge's default levels have no colour of their own: nothing is shaded.
	ds, err := demo.Dataset()
	if err != nil {
		t.Fatal(err)
	}
	hud, err := report.Build(ds, "ks", "2021-08")
	if err != nil {
		t.Fatal(err)
	}
	h, err = htmlreport.Render(hud)
	if err != nil {
		t.Fatal(err)
	}
	if regexp.MustCompile(`class="[^"]*\b(fill|colour)-`).Match(h) {
		t.Error("the demo's report shades or colours a level of its own")
	}
}

// zipPart returns a part of a ZIP package (DOCX) as text.
func zipPart(t *testing.T, pkg []byte, name string) string {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(pkg), int64(len(pkg)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range z.File {
		if f.Name == name {
			r, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			b, err := io.ReadAll(r)
			if err != nil {
				t.Fatal(err)
			}
			return string(b)
		}
	}
	t.Fatalf("no part %s", name)
	return ""
}
