package dataset_test

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/dataset"
)

// TestCoverLayoutFiltersVision: Simrishamn's file reads into the period's status and cover
// text, the cover's fields in their order, the goals section's layout, the assignments
// section's owner and tag filters, the goals' tags and the vision, and its export writes
// them back as they were written.
func TestCoverLayoutFiltersVision(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "testdata", "simrishamn.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	ds, err := dataset.Decode(data, "simrishamn.yaml")
	if err != nil {
		t.Fatal(err)
	}
	per := ds.Period("kfn", "2025")
	if per.Status != "Påbörjad" || !strings.HasPrefix(per.CoverText, "Ordförande: Charlotta Wasteson (L)\n") {
		t.Errorf("period status %q, cover text %q", per.Status, per.CoverText)
	}
	secs := ds.Template("arsbokslut").Sections
	if want := []tertial.CoverField{tertial.CoverStatus, tertial.CoverCutoff, tertial.CoverOrganisation}; !reflect.DeepEqual(secs[0].Fields, want) {
		t.Errorf("cover fields %v, want %v", secs[0].Fields, want)
	}
	if secs[2].Kind != tertial.SectionVision || secs[3].Layout != tertial.GoalsTable {
		t.Errorf("sections %+v", secs)
	}
	if !reflect.DeepEqual(secs[4].Tags, []string{"agenda2030"}) || !reflect.DeepEqual(secs[4].Owners, []string{"kfn"}) {
		t.Errorf("assignments section filters: tags %v, owners %v", secs[4].Tags, secs[4].Owners)
	}
	if g := ds.Goal("vm-utbud"); !reflect.DeepEqual(g.Tags, []string{"budgetmal"}) {
		t.Errorf("goal tags %v", g.Tags)
	}
	if v := ds.Municipality.Vision; v == nil || v.Title != "Vision 2030" || !strings.HasPrefix(v.Text, "Simrishamn är en hållbar kommun") {
		t.Errorf("vision %+v", v)
	}
	out, err := dataset.Encode(ds)
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range []string{
		"\n  vision:\n    title: Vision 2030\n    text: Simrishamn är en hållbar kommun",
		"\n    tags: [budgetmal]\n",
		"- {kind: cover, fields: [status, cutoff, organisation]}",
		"- {kind: vision}",
		"- {kind: goals, title: Måluppföljning, layout: table}",
		"owners: [kfn], tags: [agenda2030]}",
		"\n    status: Påbörjad\n    cover_text: |\n      Ordförande: Charlotta Wasteson (L)\n",
	} {
		if !strings.Contains(string(out), line) {
			t.Errorf("the export lacks %q", line)
		}
	}
}

// TestCoverLayoutFiltersBadInput: mistakes in the new fields are reported with file, line
// and field, and say what is wrong.
func TestCoverLayoutFiltersBadInput(t *testing.T) {
	section := func(s string) string {
		return "templates:\n  - id: t\n    name: T\n    sections:\n      - " + s + "\nperiods:\n"
	}
	for _, c := range []struct {
		name       string
		old, new   string
		line       int
		path, text string
	}{
		{"unknown owner unit", "periods:\n", section("{kind: goals, owners: [bn, xx]}"),
			47, "templates[0].sections[0].owners[1]", `det finns ingen enhet "xx"`},
		{"tag that no goal carries", "periods:\n", section("{kind: assignments, tags: [agenda2030]}"),
			47, "templates[0].sections[0].tags[0]", `inget mål har taggen "agenda2030"`},
		{"owner filter on a text section", "periods:\n", section("{kind: text, ref: x, owners: [bn]}"),
			47, "templates[0].sections[0].owners", "bara avsnitt av typen goals, assignments, key_figures och council_goals visar mål"},
		{"unknown layout", "periods:\n", section("{kind: goals, layout: grid}"),
			47, "templates[0].sections[0].layout", `okänd layout "grid": ska vara en av headings, table`},
		{"layout on an assignments section", "periods:\n", section("{kind: assignments, layout: table}"),
			47, "templates[0].sections[0].layout", "bara avsnitt av typen goals kan välja layout"},
		{"unknown cover field", "periods:\n", section("{kind: cover, fields: [status, logo]}"),
			47, "templates[0].sections[0].fields[1]", `okänd uppgift "logo": ska vara en av status, cutoff, organisation, decision`},
		{"cover field twice", "periods:\n", section("{kind: cover, fields: [status, cutoff, status]}"),
			47, "templates[0].sections[0].fields[2]", `uppgiften "status" står två gånger`},
		{"cover fields on a goals section", "periods:\n", section("{kind: goals, fields: [status]}"),
			47, "templates[0].sections[0].fields", "bara avsnitt av typen cover"},
		{"status too long", "    state: open\n", "    state: open\n    status: Påbörjad men inte alls klar, väntar på underlag\n",
			50, "periods[0].status", "högst 40"},
		{"goal tag that is no ID", "    title: Effektiv byggprocess\n", "    title: Effektiv byggprocess\n    tags: [Agenda 2030]\n",
			23, "goals[1].tags[0]", `ogiltig tagg "Agenda 2030"`},
		{"goal tag twice", "    title: Effektiv byggprocess\n", "    title: Effektiv byggprocess\n    tags: [agenda2030, agenda2030]\n",
			23, "goals[1].tags[1]", `taggen "agenda2030" står två gånger`},
		{"vision without text", "  county: Provlän\n", "  county: Provlän\n  vision:\n    title: Vision 2030\n",
			7, "municipality.vision.text", `"text" saknas`},
		{"unknown field in the vision", "  county: Provlän\n", "  county: Provlän\n  vision:\n    text: Ett Provby för alla.\n    motto: Framåt\n",
			8, "municipality.vision.motto", `okänt fält "motto"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			badInput(t, valid, c.old, c.new, c.line, c.path, c.text)
		})
	}
}
