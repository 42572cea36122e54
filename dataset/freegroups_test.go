package dataset_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/dataset"
)

// freeGroups is a free table with nested groups, a sum on top and at the bottom, and rows
// with units. It starts at line 60 of withFreeGroups.
const freeGroups = `    free_tables:
      - id: personal
        title: Personal
        sum_label: Totalt
        columns:
          - {id: namn, label: Yrkesgrupp, type: text}
          - {id: antal, label: Antal, type: count, sum: true}
          - {id: tv, label: Tillsvidare, type: count, sum: true}
          - {id: vt, label: Visstid, type: count, sum: true, formula: antal - tv}
        rows:
          - id: skola
            label: Skola
            sum: top
            rows:
              - {id: larare, unit: st, cells: {namn: Lärare, antal: 40, tv: 35}}
              - id: elevhalsa
                label: Elevhälsa
                sum: bottom
                sum_label: Summa elevhälsa
                rows:
                  - {id: kurator, unit: st, cells: {namn: Kuratorer, antal: 3, tv: 3}}
                  - {id: skoterska, cells: {namn: Skolsköterskor, antal: 2}}
          - {id: kansli, unit: st, cells: {namn: Kansli, antal: 5, tv: 5}}
          - id: tom
            label: Inga rader än
            rows: []
`

func withFreeGroups() string { return valid + freeGroups }

func TestFreeGroupsDecode(t *testing.T) {
	ds, err := dataset.Decode([]byte(withFreeGroups()), "provby.yaml")
	if err != nil {
		t.Fatal(err)
	}
	ft := &ds.Periods[0].FreeTables[0]
	if len(ft.Rows) != 3 {
		t.Fatalf("%d top rows, want 3", len(ft.Rows))
	}
	skola := ft.Rows[0]
	if !skola.Group || skola.Label != "Skola" || skola.Sum != tertial.SumTop || len(skola.Rows) != 2 || skola.Cells != nil {
		t.Errorf("group skola: %+v", skola)
	}
	eh := skola.Rows[1]
	if !eh.Group || eh.Sum != tertial.SumBottom || eh.SumLabel != "Summa elevhälsa" || len(eh.Rows) != 2 {
		t.Errorf("group elevhalsa: %+v", eh)
	}
	if k := eh.Rows[0]; k.Group || k.Unit != "st" || k.Cells["antal"].Count != 3 {
		t.Errorf("row kurator: %+v", k)
	}
	if tom := ft.Rows[2]; !tom.Group || tom.Sum != tertial.SumNone || tom.Rows == nil || len(tom.Rows) != 0 {
		t.Errorf("empty group: %+v", tom)
	}
	var leaves []string
	for _, r := range ft.Leaves() {
		leaves = append(leaves, r.ID)
	}
	if got := strings.Join(leaves, ","); got != "larare,kurator,skoterska,kansli" {
		t.Errorf("leaves %s", got)
	}
}

// TestFreeGroupsRoundTrip: a grouped table exports as it was written, and export → import
// → export is stable.
func TestFreeGroupsRoundTrip(t *testing.T) {
	ds, err := dataset.Decode([]byte(withFreeGroups()), "provby.yaml")
	if err != nil {
		t.Fatal(err)
	}
	first, err := dataset.Encode(ds)
	if err != nil {
		t.Fatal(err)
	}
	// The table is written in the export's canonical form, so it comes back verbatim.
	rows := freeGroups[strings.Index(freeGroups, "        rows:\n"):]
	if !bytes.Contains(first, []byte(rows)) {
		t.Errorf("export lacks the grouped rows as written; export:\n%s", first)
	}
	again, err := dataset.Decode(first, "export.yaml")
	if err != nil {
		t.Fatal(err)
	}
	second, err := dataset.Encode(again)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(first, second) {
		t.Errorf("export → import → export differs:\n%s", firstDiff(first, second))
	}
}

func TestFreeGroupsBadInput(t *testing.T) {
	for _, c := range []struct {
		name       string
		old, new   string
		line       int
		path, text string
	}{
		{"cells on a group", "            sum: top\n", "            sum: top\n            cells: {antal: 3}\n",
			73, "periods[0].free_tables[0].rows[0].cells", "är en grupp"},
		{"bad sum position", "            sum: top\n", "            sum: sideways\n",
			72, "periods[0].free_tables[0].rows[0].sum", `okänt läge för summan "sideways"`},
		{"bottom sum without a label", "                sum_label: Summa elevhälsa\n", "",
			75, "periods[0].free_tables[0].rows[0].rows[1].sum_label", "behöver en text för summaraden"},
		{"duplicate ID across depths", "{id: kansli,", "{id: kurator,",
			82, "periods[0].free_tables[0].rows[1].id", `redan en rad "kurator"`},
		{"unknown column in a nested row", "antal: 2}}", "antal: 2, lon: 5}}",
			81, "periods[0].free_tables[0].rows[0].rows[1].rows[1].cells.lon", `ingen kolumn "lon"`},
		{"cell of a formula column in a nested row", "antal: 2}}", "antal: 2, vt: 1}}",
			81, "periods[0].free_tables[0].rows[0].rows[1].rows[1].cells.vt", "räknas fram"},
		{"unit too long", "{id: kansli, unit: st,", "{id: kansli, unit: heltidsekvivalenter per år,",
			82, "periods[0].free_tables[0].rows[1].unit", "högst 20 tecken"},
	} {
		t.Run(c.name, func(t *testing.T) {
			badInput(t, withFreeGroups(), c.old, c.new, c.line, c.path, c.text)
		})
	}
}

// TestSchemaFreeGroups: the schema accepts a grouped free table with units and rejects
// cells on a group and an unknown sum position, as the importer does, and an empty unit
// (which the importer reads as none), as it rejects other empty strings.
func TestSchemaFreeGroups(t *testing.T) {
	s := compileSchema(t)
	if err := validateYAML(t, s, []byte(withFreeGroups())); err != nil {
		t.Errorf("schema rejects the grouped table: %v", err)
	}
	for _, c := range []struct{ name, old, new string }{
		{"cells on a group", "            sum: top\n", "            sum: top\n            cells: {antal: 3}\n"},
		{"bad sum position", "            sum: top\n", "            sum: sideways\n"},
		{"empty unit", "{id: kansli, unit: st,", "{id: kansli, unit: \"\","},
	} {
		if err := validateYAML(t, s, []byte(strings.Replace(withFreeGroups(), c.old, c.new, 1))); err == nil {
			t.Errorf("%s: schema accepted it", c.name)
		}
	}
}
