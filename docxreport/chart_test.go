package docxreport_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/tertial/tertial/report"
)

// demoCharts returns the demo document's charts in document order.
func demoCharts(doc *report.Document) []*report.Chart {
	var out []*report.Chart
	var walk func([]report.Block)
	walk = func(bs []report.Block) {
		for _, b := range bs {
			switch b := b.(type) {
			case *report.Chart:
				out = append(out, b)
			case *report.Section:
				walk(b.Blocks)
			}
		}
	}
	for _, s := range doc.Sections {
		walk([]report.Block{s})
	}
	return out
}

// TestNativeCharts: every chart of the demo is a Word chart part with its title, axis
// titles, its values as data labels, a legend, and the report's value axis; the drawing
// carries the description as alt text, and the package declares and relates each part.
func TestNativeCharts(t *testing.T) {
	doc := demoDocument(t)
	charts := demoCharts(doc)
	if len(charts) < 10 {
		t.Fatalf("%d charts in the demo", len(charts))
	}
	parts, _ := unzip(t, doc)
	body := parts["word/document.xml"]
	for i, c := range charts {
		name := fmt.Sprintf("word/charts/chart%d.xml", i+1)
		x, ok := parts[name]
		if !ok {
			t.Errorf("%s (%s) is missing", name, c.Title)
			continue
		}
		ax := c.Axis()
		for _, want := range []string{
			`<c:title><c:tx><c:rich>`, "<a:t>" + xmlText(c.Title) + "</a:t>",
			`<c:legend><c:legendPos val="b"/>`,
			`<c:dLbls><c:numFmt formatCode="[$-41D]#,##0`, `<c:showVal val="1"/>`,
			fmt.Sprintf(`<c:majorUnit val="%g"/>`, ax.Step),
			"<c:tx><c:v>" + xmlText(c.Series[0].Name) + "</c:v></c:tx>",
		} {
			if !strings.Contains(x, want) {
				t.Errorf("%s (%s) lacks %s", name, c.Title, want)
			}
		}
		// Both axes have a title where the chart has a unit; a line chart's says "År".
		if titles := strings.Count(x, "<c:title>"); c.Unit != "" && titles < 2 || c.Kind == "line" && !strings.Contains(x, "<a:t>År</a:t>") {
			t.Errorf("%s (%s): %d titles, want the chart's and its axes'", name, c.Title, titles)
		}
		if ax.Break && !strings.Contains(x, "axeln börjar vid "+ax.Start()) {
			t.Errorf("%s (%s): a broken axis does not say where it starts", name, c.Title)
		}
		// A line chart's axis is the report's; a bar chart's has a step more for the labels
		// on each side that has bars, and holds zero.
		min := regexp.MustCompile(`<c:min val="([^"]+)"/>`).FindStringSubmatch(x)
		switch {
		case min == nil:
			t.Errorf("%s: no axis minimum", name)
		case c.Kind == "line" && min[1] != fmt.Sprintf("%g", ax.Min):
			t.Errorf("%s: axis from %s, want %g", name, min[1], ax.Min)
		case c.Kind == "bar" && (min[1] != fmt.Sprintf("%g", ax.Min) && min[1] != fmt.Sprintf("%g", ax.Min-ax.Step) || ax.Min > 0):
			t.Errorf("%s: bars on an axis from %s (report axis from %g)", name, min[1], ax.Min)
		}
		// Each target is a series of its own in the legend.
		for _, m := range c.Markers {
			if !strings.Contains(x, "<c:tx><c:v>"+xmlText(m.Label)+"</c:v></c:tx>") {
				t.Errorf("%s: target %q is not in the legend", name, m.Label)
			}
		}
		rel := fmt.Sprintf(`r:id="rIdChart%d"`, i+1)
		if !strings.Contains(body, rel) {
			t.Errorf("the document does not place %s", name)
		}
		if !strings.Contains(parts["[Content_Types].xml"], `<Override PartName="/`+name+`" ContentType="application/vnd.openxmlformats-officedocument.drawingml.chart+xml"/>`) {
			t.Errorf("%s has no content type", name)
		}
		if !strings.Contains(parts["word/_rels/document.xml.rels"], fmt.Sprintf(`Id="rIdChart%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart" Target="charts/chart%d.xml"`, i+1, i+1)) {
			t.Errorf("%s has no relationship", name)
		}
	}
	if n := len(regexp.MustCompile(`<wp:docPr id="\d+" name="Diagram \d+" descr="[^"]+"`).FindAllString(body, -1)); n != len(charts) {
		t.Errorf("%d chart drawings with alt text, want %d", n, len(charts))
	}
	if strings.Contains(parts["[Content_Types].xml"], "chart1.png") || len(parts) != len(charts)+10 {
		t.Errorf("%d parts for %d charts: pictures of charts left over?", len(parts), len(charts))
	}
}

func xmlText(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;").Replace(s)
}
