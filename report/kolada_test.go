package report_test

import (
	"strings"
	"testing"
	"time"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/report"
)

// koladaDemo is the demo with Kolada's sick-leave figures for 2021 as a sync stores them:
// Huddinge, its comparison municipalities (Österåker without a figure) and nothing else of
// the county.
func koladaDemo(t *testing.T) *tertial.Dataset {
	t.Helper()
	ds := demoDataset(t)
	fetched := time.Date(2024, 3, 5, 10, 0, 0, 0, time.UTC)
	k := &tertial.KoladaData{CountyGroup: "G33612", CountyTitle: "Stockholms läns kommuner (ovägt medel)"}
	for _, m := range []struct {
		id, title, value string
	}{{"0126", "Huddinge", "7.5"}, {"0136", "Haninge", "8.2"}, {"0123", "Järfälla", "6.9"}, {"0180", "Stockholm", "7.1"},
		{"0182", "Nacka", "6.4"}, {"0163", "Sollentuna", "6.0"}, {"0117", "Österåker", ""}} {
		k.CountyMembers = append(k.CountyMembers, tertial.KoladaMember{ID: m.id, Title: m.title})
		v := tertial.KoladaValue{KPI: "N00090", Municipality: m.id, Year: 2021, Gender: "T", FetchedAt: fetched}
		if m.value != "" {
			d, err := tertial.ParseDecimal(m.value)
			if err != nil {
				t.Fatal(err)
			}
			v.Value = &d
		}
		k.Values = append(k.Values, v)
	}
	ds.Kolada = k
	return ds
}

// TestKoladaChart: a mapped indicator with Kolada figures for the period's year gets a bar
// chart right after its comparison table: the municipality first, then the county average
// and the comparison municipalities, every figure and the source in its description.
func TestKoladaChart(t *testing.T) {
	doc, err := report.Build(koladaDemo(t), "ks", "2021-08")
	if err != nil {
		t.Fatal(err)
	}
	var blocks []report.Block
	var walk func(sec *report.Section)
	walk = func(sec *report.Section) {
		for _, b := range sec.Blocks {
			if s, ok := b.(*report.Section); ok {
				walk(s)
			} else {
				blocks = append(blocks, b)
			}
		}
	}
	for _, s := range doc.Sections {
		walk(s)
	}
	var c *report.Chart
	charts := 0
	for i, b := range blocks {
		if t, ok := b.(*report.Table); ok && t.ID == "kolada-sjukfranvaro" && i+1 < len(blocks) {
			c, _ = blocks[i+1].(*report.Chart)
		}
		if ch, ok := b.(*report.Chart); ok && strings.HasPrefix(ch.ID, "diagram-kolada-") {
			charts++
		}
	}
	if c == nil {
		t.Fatal("no chart right after the comparison table kolada-sjukfranvaro")
	}
	if charts != 1 {
		t.Errorf("%d Kolada charts, want one: only sick leave has figures", charts)
	}
	if c.ID != "diagram-kolada-sjukfranvaro" || c.Kind != "bar" || c.Table != nil {
		t.Errorf("chart %s, kind %s, own table %v", c.ID, c.Kind, c.Table != nil)
	}
	if want := "Sjukfrånvaro (%) 2021: Huddinge, länssnittet och jämförelsekommunerna"; c.Title != want {
		t.Errorf("title %q, want %q", c.Title, want)
	}
	wantCats := []string{"Huddinge", "Länssnitt (6 kommuner)", "Haninge", "Järfälla", "Stockholm", "Nacka", "Sollentuna", "Österåker"}
	wantLabels := []string{"7,5", "7,0", "8,2", "6,9", "7,1", "6,4", "6,0", "inget värde"}
	if len(c.Series) != 1 || strings.Join(c.Categories, "|") != strings.Join(wantCats, "|") ||
		strings.Join(c.Series[0].Labels, "|") != strings.Join(wantLabels, "|") {
		t.Fatalf("categories %q, series %+v", c.Categories, c.Series)
	}
	if c.Series[0].Values[7] != nil || c.Series[0].Values[1] == nil || c.Series[0].Values[1].String() != "7.0" {
		t.Errorf("values %v", c.Series[0].Values)
	}
	want := "Sjukfrånvaro (%) 2021: Huddinge, länssnittet och jämförelsekommunerna: Huddinge 7,5; Länssnitt (6 kommuner) 7,0; " +
		"Haninge 8,2; Järfälla 6,9; Stockholm 7,1; Nacka 6,4; Sollentuna 6,0; Österåker inget värde. Källa: Kolada, nyckeltal N00090, hämtat 2024-03-05."
	if c.Description != want {
		t.Errorf("description\n%s\nwant\n%s", c.Description, want)
	}
}
