package docxreport_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/tertial/tertial/demo"
	"github.com/tertial/tertial/docxreport"
	"github.com/tertial/tertial/report"
)

func demoDocument(t *testing.T) *report.Document {
	t.Helper()
	ds, err := demo.Dataset()
	if err != nil {
		t.Fatal(err)
	}
	doc, err := report.Build(ds, "ks", "2021-08")
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// unzip renders doc and returns the package's parts by name.
func unzip(t *testing.T, doc *report.Document) (map[string]string, []byte) {
	t.Helper()
	data, err := docxreport.Render(doc)
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	parts := map[string]string{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		parts[f.Name] = string(b)
	}
	return parts, data
}

func wellFormed(t *testing.T, name, s string) {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(s))
	for {
		_, err := d.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatalf("%s is not well-formed XML: %v", name, err)
		}
	}
}

// TestEveryDemoWellFormed: the package of every demo's report has well-formed parts.
func TestEveryDemoWellFormed(t *testing.T) {
	for _, d := range demo.All() {
		ds, err := d.Dataset()
		if err != nil {
			t.Fatal(err)
		}
		doc, err := report.Build(ds, d.Unit, d.Period)
		if err != nil {
			t.Fatal(err)
		}
		parts, _ := unzip(t, doc)
		if !strings.Contains(parts["word/document.xml"], ds.Municipality.Name) {
			t.Errorf("%s: the document does not name %s", d.Name, ds.Municipality.Name)
		}
		for name, s := range parts {
			if strings.HasSuffix(name, ".xml") || strings.HasSuffix(name, ".rels") {
				wellFormed(t, d.Name+": "+name, s)
			}
		}
	}
}

func TestPackage(t *testing.T) {
	parts, _ := unzip(t, demoDocument(t))
	for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/styles.xml",
		"word/settings.xml", "word/_rels/document.xml.rels", "word/numbering.xml", "docProps/core.xml", "docProps/app.xml"} {
		if _, ok := parts[name]; !ok {
			t.Errorf("part %s is missing", name)
		}
	}
	for name, s := range parts {
		if strings.HasSuffix(name, ".xml") || strings.HasSuffix(name, ".rels") {
			wellFormed(t, name, s)
		}
	}
	// Every relationship target exists.
	for _, m := range regexp.MustCompile(`Target="([^"]+)"`).FindAllStringSubmatch(parts["word/_rels/document.xml.rels"], -1) {
		if strings.Contains(m[0], "://") {
			continue
		}
		if _, ok := parts["word/"+m[1]]; !ok {
			t.Errorf("relationship target word/%s is missing", m[1])
		}
	}
	styles := parts["word/styles.xml"]
	for _, want := range []string{`<w:lang w:val="sv-SE"`, `w:styleId="Title"`, `w:styleId="Heading1"`, `w:styleId="Heading6"`,
		`<w:outlineLvl w:val="0"/>`, `<w:outlineLvl w:val="5"/>`, `w:styleId="TOC3"`, `w:styleId="Caption"`, `w:styleId="TableGrid"`,
		`w:styleId="TableNumber"`} {
		if !strings.Contains(styles, want) {
			t.Errorf("styles.xml lacks %s", want)
		}
	}
	settings := parts["word/settings.xml"]
	for _, want := range []string{`<w:updateFields w:val="true"/>`, `<w:themeFontLang w:val="sv-SE"/>`} {
		if !strings.Contains(settings, want) {
			t.Errorf("settings.xml lacks %s", want)
		}
	}
	body := parts["word/document.xml"]
	for _, want := range []string{` TOC \o "1-3" \h \z \u `, "Högerklicka och välj Uppdatera fält", `<w:br w:type="page"/>`} {
		if !strings.Contains(body, want) {
			t.Errorf("document.xml lacks %s", want)
		}
	}
}

func TestCoreProperties(t *testing.T) {
	parts, _ := unzip(t, demoDocument(t))
	var core struct {
		Title    string `xml:"title"`
		Creator  string `xml:"creator"`
		Language string `xml:"language"`
		Created  string `xml:"created"`
	}
	if err := xml.Unmarshal([]byte(parts["docProps/core.xml"]), &core); err != nil {
		t.Fatal(err)
	}
	want := "Delårsrapport per 31 augusti 2021|Kommunstyrelsen|sv-SE|2021-08-31T00:00:00Z"
	if got := core.Title + "|" + core.Creator + "|" + core.Language + "|" + core.Created; got != want {
		t.Errorf("core properties %s, want %s", got, want)
	}
}

// paragraphs returns each paragraph of document.xml as its style and text.
type para struct{ style, text string }

func paragraphs(t *testing.T, body string) []para {
	t.Helper()
	var out []para
	d := xml.NewDecoder(strings.NewReader(body))
	var cur *para
	inText := false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			switch tok.Name.Local {
			case "p":
				cur = &para{}
			case "pStyle":
				if cur != nil {
					cur.style = tok.Attr[0].Value
				}
			case "t":
				inText = true
			}
		case xml.EndElement:
			switch tok.Name.Local {
			case "p":
				out = append(out, *cur)
				cur = nil
			case "t":
				inText = false
			}
		case xml.CharData:
			if inText && cur != nil {
				cur.text += string(tok)
			}
		}
	}
}

func countSections(secs []*report.Section) int {
	n := 0
	for _, s := range secs {
		n += 1 + countSections(s.Sections)
	}
	return n
}

func TestHeadings(t *testing.T) {
	doc := &report.Document{Title: "Rapport", Unit: "Nämnden", Cutoff: time.Date(2021, 8, 31, 0, 0, 0, 0, time.UTC), Cover: true}
	sub := &report.Section{ID: "b1", Title: "Under", Level: 3, Blocks: []report.Block{
		&report.Markdown{Text: "Text med **fetstil** & mer.", HeadingLevel: 4}, &report.Paragraph{Text: "Summa & <tecken> \"citat\""}}}
	subsub := &report.Section{ID: "b2", Title: "Djupare", Level: 4}
	sub.Blocks = append(sub.Blocks, subsub)
	sub.Sections = []*report.Section{subsub}
	doc.Sections = []*report.Section{
		{ID: "toc", Title: "Innehållsförteckning", Level: 2, Blocks: []report.Block{&report.TOC{}}},
		{ID: "a", Title: "Avsnitt", Level: 2, Blocks: []report.Block{sub}, Sections: []*report.Section{sub}},
	}
	parts, _ := unzip(t, doc)
	var got []string
	for _, p := range paragraphs(t, parts["word/document.xml"]) {
		if strings.HasPrefix(p.style, "Heading") || p.style == "TOCHeading" {
			got = append(got, p.style+":"+p.text)
		}
	}
	want := []string{"TOCHeading:Innehållsförteckning", "Heading1:Avsnitt", "Heading2:Under", "Heading3:Djupare"}
	if strings.Join(got, "|") != strings.Join(want, "|") || len(got) != countSections(doc.Sections) {
		t.Errorf("headings %q, want %q", got, want)
	}
	if !strings.Contains(parts["word/document.xml"], "Summa &amp; &lt;tecken&gt; &#34;citat&#34;") {
		t.Error("text is not escaped")
	}

	// The demo: every section's title is a heading, in order.
	doc = demoDocument(t)
	parts, _ = unzip(t, doc)
	var headings []string
	for _, p := range paragraphs(t, parts["word/document.xml"]) {
		if strings.HasPrefix(p.style, "Heading") || p.style == "TOCHeading" {
			headings = append(headings, p.text)
		}
	}
	var titles []string
	var walk func([]*report.Section)
	walk = func(secs []*report.Section) {
		for _, s := range secs {
			titles = append(titles, s.Title)
			walk(s.Sections)
		}
	}
	walk(doc.Sections)
	i := 0
	for _, h := range headings {
		if i < len(titles) && h == titles[i] {
			i++
		}
	}
	if i != len(titles) {
		t.Errorf("section %q is not a heading in order; headings: %q", titles[min(i, len(titles)-1)], headings)
	}
}

// TestTables: every table's header rows repeat, no row splits, numbers are right-aligned.
func TestTables(t *testing.T) {
	doc := demoDocument(t)
	parts, _ := unzip(t, doc)
	body := parts["word/document.xml"]
	tables := regexp.MustCompile(`(?s)<w:tbl>.*?</w:tbl>`).FindAllString(body, -1)
	var want int
	var walk func([]report.Block)
	walk = func(blocks []report.Block) {
		for _, b := range blocks {
			switch b := b.(type) {
			case *report.Section:
				walk(b.Blocks)
			case *report.Table:
				want++
			case *report.Chart:
				if b.Table != nil {
					want++
				}
			}
		}
	}
	for _, s := range doc.Sections {
		walk([]report.Block{s})
	}
	if len(tables) != want || want == 0 {
		t.Fatalf("%d tables in the document, want %d", len(tables), want)
	}
	numbers := 0
	for i, tbl := range tables {
		rows := regexp.MustCompile(`(?s)<w:tr>.*?</w:tr>`).FindAllString(tbl, -1)
		if len(rows) == 0 || !strings.Contains(rows[0], "<w:tblHeader/>") {
			t.Errorf("table %d: the first row does not repeat as a header", i)
		}
		for _, r := range rows {
			if !strings.Contains(r, "<w:cantSplit/>") {
				t.Errorf("table %d: a row may split across pages", i)
			}
		}
		if !strings.Contains(tbl, "<w:tblCaption ") {
			t.Errorf("table %d has no caption", i)
		}
		numbers += strings.Count(tbl, `<w:pStyle w:val="TableNumber"/>`)
	}
	// A known figure stands right-aligned: Skattesats 19,77.
	if !regexp.MustCompile(`<w:pStyle w:val="TableNumber"/></w:pPr><w:r><w:t xml:space="preserve">19,77</w:t>`).MatchString(body) {
		t.Error("19,77 is not in a right-aligned number paragraph")
	}
	if numbers < 100 {
		t.Errorf("only %d right-aligned numbers", numbers)
	}
	// Money tables: two header rows, both repeated; a cell spanning them is merged.
	if !strings.Contains(body, `<w:vMerge w:val="restart"/>`) || !strings.Contains(body, `<w:gridSpan w:val="3"/>`) {
		t.Error("the money tables' spanning header cells are lost")
	}
	// Sum and total rows are bold.
	if !strings.Contains(body, `<w:rPr><w:b/><w:bCs/></w:rPr><w:t xml:space="preserve">Summa nettokostnad</w:t>`) {
		t.Error("the total row is not bold")
	}
}

func TestDeterministic(t *testing.T) {
	a, err := docxreport.Render(demoDocument(t))
	if err != nil {
		t.Fatal(err)
	}
	b, err := docxreport.Render(demoDocument(t))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Error("two renderings of the same document differ")
	}
}

func TestMarkdown(t *testing.T) {
	doc := &report.Document{Title: "R", Unit: "U", Sections: []*report.Section{{ID: "a", Title: "A", Level: 2, Blocks: []report.Block{
		&report.Markdown{HeadingLevel: 3, Text: "### Rubrik\n\n*kursiv* och **fet** [länk](https://example.org) [farlig](javascript:alert(1))\n\n- ett\n- två\n\n1. första\n2. andra\n\n<script>x</script>"},
	}}}}
	parts, _ := unzip(t, doc)
	body := parts["word/document.xml"]
	for _, want := range []string{
		`<w:pStyle w:val="Heading2"/></w:pPr><w:r><w:t xml:space="preserve">Rubrik</w:t>`,
		`<w:i/><w:iCs/></w:rPr><w:t xml:space="preserve">kursiv`,
		`<w:b/><w:bCs/></w:rPr><w:t xml:space="preserve">fet`,
		`<w:hyperlink r:id="rIdLink1"`,
		`<w:numId w:val="1"/>`, `<w:numId w:val="2"/>`,
		`farlig`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("document.xml lacks %s", want)
		}
	}
	if strings.Count(body, "<w:hyperlink") != 1 || strings.Contains(body, "script") {
		t.Errorf("an unsafe link or raw HTML got through: %s", body)
	}
	if !strings.Contains(parts["word/_rels/document.xml.rels"], `Target="https://example.org" TargetMode="External"`) {
		t.Error("the hyperlink's relationship is missing")
	}
}

// dejavuDir is where Debian's fonts-dejavu-core puts DejaVu Sans.
const dejavuDir = "/usr/share/fonts/truetype/dejavu"

// TestLibreOffice converts the demo report to PDF with LibreOffice and checks its text:
// once with the machine's fonts, and once with DejaVu only, the fonts of a machine without
// Arial or a metric clone of it (DejaVu Sans is some 15 % wider than Arial). Either way no
// number and no header word may break across lines.
func TestLibreOffice(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		if soffice, err = exec.LookPath("libreoffice"); err != nil {
			skipOrFail(t, "LibreOffice (soffice) is not installed: apt-get install -y --no-install-recommends libreoffice-writer-nogui poppler-utils")
		}
	}
	for _, tool := range []string{"pdftotext", "pdffonts"} {
		if _, err := exec.LookPath(tool); err != nil {
			skipOrFail(t, tool+" is not installed: apt-get install -y --no-install-recommends poppler-utils")
		}
	}
	doc := demoDocument(t)
	data, err := docxreport.Render(doc)
	if err != nil {
		t.Fatal(err)
	}

	t.Run("system fonts", func(t *testing.T) {
		pdf := convert(t, soffice, data, nil)
		checkPDF(t, doc, pdf)
		// Where a metric clone of Arial is installed (Liberation Sans, as .ci/run installs),
		// LibreOffice sets the document's Arial in it.
		if out, err := exec.Command("fc-match", "-f", "%{family}", "Arial").Output(); err == nil && strings.Contains(string(out), "Liberation Sans") {
			if fonts := pdfFonts(t, pdf); !strings.Contains(fonts, "LiberationSans") {
				t.Errorf("Arial is Liberation Sans on this machine, but the PDF uses other fonts:\n%s", fonts)
			}
		}
	})

	t.Run("DejaVu only", func(t *testing.T) {
		if _, err := os.Stat(filepath.Join(dejavuDir, "DejaVuSans.ttf")); err != nil {
			skipOrFail(t, "DejaVu Sans is not installed: apt-get install -y --no-install-recommends fonts-dejavu-core")
		}
		dir := t.TempDir()
		conf := filepath.Join(dir, "fonts.conf")
		if err := os.WriteFile(conf, []byte(`<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <dir>`+dejavuDir+`</dir>
  <cachedir>`+filepath.Join(dir, "cache")+`</cachedir>
</fontconfig>
`), 0o644); err != nil {
			t.Fatal(err)
		}
		env := []string{"FONTCONFIG_FILE=" + conf}
		// fontconfig itself sees DejaVu and nothing else.
		cmd := exec.Command("fc-list", "--format", "%{file}\n")
		cmd.Env = append(os.Environ(), env...)
		out, err := cmd.Output()
		if err != nil {
			skipOrFail(t, "fc-list (fontconfig) does not run: "+err.Error())
		}
		files := strings.Fields(string(out))
		if len(files) == 0 {
			t.Fatal("fc-list with the DejaVu-only configuration lists no font")
		}
		for _, f := range files {
			if !strings.HasPrefix(f, dejavuDir+"/") {
				t.Fatalf("fc-list with the DejaVu-only configuration lists %s", f)
			}
		}
		pdf := convert(t, soffice, data, env)
		// The PDF is set in DejaVu: every font it embeds is a DejaVu font (OpenSymbol, which
		// LibreOffice brings along, may stand in for a symbol).
		fonts := pdfFonts(t, pdf)
		dejavu := 0
		for _, line := range strings.Split(fonts, "\n")[2:] {
			name := strings.Fields(line + " ")
			if len(name) == 0 {
				continue
			}
			_, base, _ := strings.Cut(name[0], "+")
			switch {
			case strings.HasPrefix(base, "DejaVu"):
				dejavu++
			case strings.HasPrefix(base, "OpenSymbol"):
			default:
				t.Errorf("the PDF made with DejaVu only uses the font %s", name[0])
			}
		}
		if dejavu == 0 {
			t.Errorf("the PDF made with DejaVu only has no DejaVu font:\n%s", fonts)
		}
		checkPDF(t, doc, pdf)
	})
}

// convert converts the DOCX to PDF with LibreOffice, in a profile of its own, with env
// added to the environment, and returns the PDF's path.
func convert(t *testing.T, soffice string, docx []byte, env []string) string {
	t.Helper()
	dir := t.TempDir()
	in := filepath.Join(dir, "rapport.docx")
	if err := os.WriteFile(in, docx, 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	start := time.Now()
	cmd := exec.CommandContext(ctx, soffice, "-env:UserInstallation=file://"+filepath.Join(dir, "profil"),
		"--headless", "--norestore", "--convert-to", "pdf", "--outdir", dir, in)
	cmd.Env = append(append(os.Environ(), "HOME="+dir), env...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	t.Logf("LibreOffice converted the DOCX in %v", time.Since(start).Round(time.Millisecond))
	return filepath.Join(dir, "rapport.pdf")
}

// pdfFonts is pdffonts' list of the fonts a PDF uses.
func pdfFonts(t *testing.T, pdf string) string {
	t.Helper()
	out, err := exec.Command("pdffonts", pdf).Output()
	if err != nil {
		t.Fatalf("pdffonts: %v", err)
	}
	return string(out)
}

// pdfText is the PDF's text by pdftotext in mode ("-raw": in the order it was written, so
// a table cell's lines stay together; "-layout": as the lines stand on the page), with
// spaces of every kind read as plain spaces and the minus sign as a hyphen.
func pdfText(t *testing.T, pdf, mode string) string {
	t.Helper()
	out, err := exec.Command("pdftotext", mode, pdf, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v", mode, err)
	}
	return plain(string(out))
}

func plain(s string) string {
	return strings.NewReplacer("\u00a0", " ", "\u202f", " ", "\u2212", "-").Replace(s)
}

// checkPDF checks the text of the report's PDF: the known figures and headings, every
// section title and assignment, and that no figure and no header word of a table breaks
// across lines.
func checkPDF(t *testing.T, doc *report.Document, pdf string) {
	t.Helper()
	raw := pdfText(t, pdf, "-raw")
	flat := strings.Join(strings.Fields(raw), " ")
	for _, want := range []string{"646 444", "31 840", "5,6", "19,77", "Delårsrapport per 31 augusti 2021", "Kommunstyrelsen",
		"Sammanfattning", "Nämndens mål och resultat", "Plan för intern kontroll", "Driftredovisning", "Summa nettokostnad"} {
		if !strings.Contains(flat, want) {
			t.Errorf("the PDF's text lacks %q", want)
		}
	}

	// What each table shows: its figures and its header words, each as often as it stands.
	numbers, headWords := map[string]int{}, map[string]int{}
	var walk func([]report.Block)
	table := func(tbl *report.Table) {
		for _, row := range tbl.Head {
			for _, h := range row {
				for _, w := range strings.Fields(plain(h.Text)) {
					headWords[w]++
				}
			}
		}
		for _, r := range tbl.Rows {
			if tbl.Class == "assignments" {
				// The whole title, wrapped in its cell or not.
				if title := strings.Join(strings.Fields(plain(r.Header.Text)), " "); !strings.Contains(flat, title) {
					t.Errorf("the PDF's text lacks the assignment %q", r.Header.Text)
				}
			}
			for _, c := range r.Cells {
				// A figure holds no ordinary space ("Plats 13 i länet" may wrap).
				if c.Numeric && strings.ContainsAny(c.Text, "0123456789") && !strings.Contains(c.Text, " ") {
					numbers[plain(c.Text)]++
				}
			}
		}
	}
	walk = func(blocks []report.Block) {
		for _, b := range blocks {
			switch b := b.(type) {
			case *report.Section:
				if !strings.Contains(flat, strings.Join(strings.Fields(plain(b.Title)), " ")) {
					t.Errorf("the PDF's text lacks the heading %q", b.Title)
				}
				walk(b.Blocks)
			case *report.Table:
				table(b)
			case *report.Chart:
				if b.Table != nil {
					table(b.Table)
				}
			}
		}
	}
	for _, s := range doc.Sections {
		walk([]report.Block{s})
	}
	if len(numbers) < 100 || len(headWords) < 20 {
		t.Fatalf("only %d figures and %d header words in the tables", len(numbers), len(headWords))
	}

	// On the page, each figure and header word stands whole on one line at least as often
	// as the tables hold it: one broken across lines ("646 44" and "4", "Avvikel" and "se")
	// is missing from the count. pdftotext's layout sometimes drops the narrow space
	// between a figure and its unit ("5%"), so a space in a figure may be missing.
	lines := strings.Split(pdfText(t, pdf, "-layout"), "\n")
	count := func(s string, edge func(rune) bool) int {
		re := regexp.MustCompile(strings.ReplaceAll(regexp.QuoteMeta(s), " ", " ?"))
		n := 0
		for _, line := range lines {
			for i := 0; i < len(line); {
				m := re.FindStringIndex(line[i:])
				if m == nil {
					break
				}
				before, _ := utf8.DecodeLastRuneInString(line[:i+m[0]])
				after, _ := utf8.DecodeRuneInString(line[i+m[1]:])
				if (i+m[0] == 0 || edge(before)) && (i+m[1] == len(line) || edge(after)) {
					n++
				}
				_, size := utf8.DecodeRuneInString(line[i+m[0]:])
				i += m[0] + size
			}
		}
		return n
	}
	space := func(r rune) bool { return r == ' ' }
	notWord := func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }
	for _, n := range sortedKeys(numbers) {
		if got := count(n, space); got < numbers[n] {
			t.Errorf("the figure %q stands whole on a line %d times, but the tables hold it %d times: it breaks", n, got, numbers[n])
		}
	}
	for _, w := range sortedKeys(headWords) {
		if got := count(w, notWord); got < headWords[w] {
			t.Errorf("the header word %q stands whole on a line %d times, but the tables' headers hold it %d times: it breaks", w, got, headWords[w])
		}
	}
	if t.Failed() {
		t.Logf("PDF text (layout):\n%s", strings.Join(lines, "\n"))
	}
}

func sortedKeys(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// skipOrFail skips a test whose tool is missing, unless TERTIAL_TEST_TOOLS=1 says the
// tools are installed (as .ci/run does): then a missing tool is a failure, so CI cannot
// pass by skipping.
func skipOrFail(t *testing.T, msg string) {
	t.Helper()
	if os.Getenv("TERTIAL_TEST_TOOLS") == "1" {
		t.Fatal(msg + " (TERTIAL_TEST_TOOLS=1 says it should be)")
	}
	t.Skip(msg)
}
