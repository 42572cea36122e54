// Package docxreport renders a report document as a Word document (DOCX, Office Open XML)
// written by its own small writer on archive/zip: real Heading styles for Word's
// navigation pane, a table-of-contents field that Word updates when the file is opened,
// tables with repeated header rows and right-aligned numbers, Swedish (sv-SE) as the
// document language and core properties (title, author, created).
//
// The output is deterministic: the same document gives the same bytes. Every part is
// written in a fixed order with a fixed modification time (the period's cut-off date), and
// the created date in the core properties is the cut-off date too, never the clock.
package docxreport

import (
	"archive/zip"
	"bytes"
	"fmt"
	"strings"
	"time"

	"github.com/tertial/tertial/report"
)

// Language is the document language, in styles, settings and core properties.
const Language = "sv-SE"

// part is one file of the package.
type part struct {
	name string
	data string
}

// Render returns the document as a DOCX file. The same document gives the same bytes.
func Render(doc *report.Document) ([]byte, error) {
	if doc == nil {
		return nil, fmt.Errorf("docxreport: no document")
	}
	w := newWriter(doc)
	w.document()
	body := w.String()

	stamp := fixedTime(doc.Cutoff)
	parts := []part{
		{"[Content_Types].xml", w.contentTypes()},
		{"_rels/.rels", packageRels},
		{"docProps/core.xml", coreXML(doc, stamp)},
		{"docProps/app.xml", appXML},
		{"word/document.xml", body},
		{"word/styles.xml", stylesXML},
		{"word/settings.xml", settingsXML},
		{"word/numbering.xml", w.numberingXML()},
		{"word/footer1.xml", footerXML},
		{"word/_rels/document.xml.rels", w.documentRels()},
	}
	for _, img := range w.images {
		parts = append(parts, part{"word/media/" + img.name, string(img.data)})
	}
	for i, c := range w.charts {
		parts = append(parts, part{chartPart(i), c})
	}

	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range parts {
		f, err := zw.CreateHeader(&zip.FileHeader{Name: p.name, Method: zip.Deflate, Modified: stamp})
		if err != nil {
			return nil, err
		}
		if _, err := f.Write([]byte(p.data)); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// fixedTime is the time stamp of every part and the created date: the cut-off date at
// midnight UTC, or 1 January 1980 (the earliest a zip file can hold) when there is none.
func fixedTime(cutoff time.Time) time.Time {
	if cutoff.IsZero() || cutoff.Year() < 1980 {
		return time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	return time.Date(cutoff.Year(), cutoff.Month(), cutoff.Day(), 0, 0, 0, 0, time.UTC)
}

// coreXML is docProps/core.xml: title, author (the unit), subject, language and dates.
func coreXML(doc *report.Document, stamp time.Time) string {
	var b strings.Builder
	b.WriteString(xmlHeader)
	b.WriteString(`<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">`)
	b.WriteString(`<dc:title>` + esc(doc.Title) + `</dc:title>`)
	subject := doc.Unit
	if doc.Municipality != "" {
		subject = strings.TrimPrefix(subject+", "+doc.Municipality, ", ")
	}
	b.WriteString(`<dc:subject>` + esc(subject) + `</dc:subject>`)
	b.WriteString(`<dc:creator>` + esc(doc.Unit) + `</dc:creator>`)
	b.WriteString(`<cp:lastModifiedBy>` + esc(doc.Unit) + `</cp:lastModifiedBy>`)
	b.WriteString(`<dc:language>` + Language + `</dc:language>`)
	ts := stamp.Format("2006-01-02T15:04:05Z")
	b.WriteString(`<dcterms:created xsi:type="dcterms:W3CDTF">` + ts + `</dcterms:created>`)
	b.WriteString(`<dcterms:modified xsi:type="dcterms:W3CDTF">` + ts + `</dcterms:modified>`)
	b.WriteString(`</cp:coreProperties>`)
	return b.String()
}

// documentRels is word/_rels/document.xml.rels: the fixed parts and the hyperlinks in the
// order they appear in the text.
func (w *writer) documentRels() string {
	var b strings.Builder
	b.WriteString(xmlHeader)
	b.WriteString(`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`)
	b.WriteString(`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>`)
	b.WriteString(`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>`)
	b.WriteString(`<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>`)
	b.WriteString(`<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>`)
	for i, target := range w.links {
		fmt.Fprintf(&b, `<Relationship Id="%s" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="%s" TargetMode="External"/>`, linkID(i), esc(target))
	}
	for i, img := range w.images {
		fmt.Fprintf(&b, `<Relationship Id="%s" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/%s"/>`, imageRelID(i), img.name)
	}
	for i := range w.charts {
		fmt.Fprintf(&b, `<Relationship Id="%s" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart" Target="%s"/>`, chartRelID(i), strings.TrimPrefix(chartPart(i), "word/"))
	}
	b.WriteString(`</Relationships>`)
	return b.String()
}

// chartPart is the name of the document's i-th chart part.
func chartPart(i int) string { return fmt.Sprintf("word/charts/chart%d.xml", i+1) }

func linkID(i int) string { return fmt.Sprintf("rIdLink%d", i+1) }
