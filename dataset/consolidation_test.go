package dataset_test

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/dataset"
)

// TestConsolidationSections: a template with the consolidating section kinds reads into
// the template, passes the schema, and export → import → export gives the same bytes;
// goal filters on board_reports, a board_deviations without ref and an unknown board are
// refused by the schema and by the dataset's rules alike.
func TestConsolidationSections(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "testdata", "ekby.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	const at = "templates:\n"
	src := string(data)
	if !strings.Contains(src, at) {
		t.Fatal("ekby.yaml has changed: no templates")
	}
	with := func(sections string) string {
		return strings.Replace(src, at, at+"  - id: kf\n    name: Kommunens årsredovisning\n    sections:\n"+sections, 1)
	}
	good := with("      - {kind: council_goals, levels: [kf], areas: [gront-ekby], owners: [kfn, mbn]}\n" +
		"      - {kind: board_deviations, ref: drift, owners: [mbn]}\n" +
		"      - {kind: board_reports, title: Bilagor}\n")
	s := compileSchema(t)
	if err := validateYAML(t, s, []byte(good)); err != nil {
		t.Fatalf("schema: %v", err)
	}
	ds, err := dataset.Decode([]byte(good), "ekby.yaml")
	if err != nil {
		t.Fatal(err)
	}
	want := []tertial.Section{
		{Kind: tertial.SectionCouncilGoals, Levels: []string{"kf"}, Areas: []string{"gront-ekby"}, Owners: []string{"kfn", "mbn"}},
		{Kind: tertial.SectionBoardDeviations, Ref: "drift", Owners: []string{"mbn"}},
		{Kind: tertial.SectionBoardReports, Title: "Bilagor"},
	}
	if got := ds.Template("kf").Sections; !reflect.DeepEqual(got, want) {
		t.Errorf("sections %+v, want %+v", got, want)
	}
	out, err := dataset.Encode(ds)
	if err != nil {
		t.Fatal(err)
	}
	again, err := dataset.Decode(out, "export.yaml")
	if err != nil {
		t.Fatal(err)
	}
	out2, err := dataset.Encode(again)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out, out2) {
		t.Error("export → import → export is not lossless")
	}
	for _, c := range []struct{ section, want string }{
		{"      - {kind: board_reports, levels: [kf]}\n", "visar mål och kan välja dem"},
		{"      - {kind: board_deviations}\n", "avsnitt av typen board_deviations behöver ref"},
		{"      - {kind: board_reports, owners: [finns-inte]}\n", `det finns ingen enhet "finns-inte"`},
	} {
		bad := with(c.section)
		if _, err := dataset.Decode([]byte(bad), "ekby.yaml"); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want …%s…", strings.TrimSpace(c.section), err, c.want)
		}
		if c.want != `det finns ingen enhet "finns-inte"` {
			if err := validateYAML(t, s, []byte(bad)); err == nil {
				t.Errorf("the schema accepts %s", strings.TrimSpace(c.section))
			}
		}
	}
}
