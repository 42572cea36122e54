package dataset_test

import (
	"strings"
	"testing"

	"github.com/tertial/tertial/dataset"
)

// TestGoalSince: a goal's first year in force is read, written back and checked: a
// follow-up in a period before it, a retirement before it and a year that is no number are
// reported with file, line and field; the schema describes it.
func TestGoalSince(t *testing.T) {
	const title = "    title: Effektiv byggprocess\n"
	ds, err := dataset.Decode([]byte(strings.Replace(valid, title, title+"    since: 2024\n", 1)), "provby.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if g := ds.Goals[1]; g.Since != 2024 || g.InForce(2023) || !g.InForce(2024) || !g.InForce(2030) {
		t.Errorf("since %d", g.Since)
	}
	out, err := dataset.Encode(ds)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), "\n    since: 2024\n") {
		t.Error("the export lacks the first year")
	}
	schema := compileSchema(t)
	if err := validateYAML(t, schema, out); err != nil {
		t.Errorf("the schema refuses a goal with since: %v", err)
	}
	if err := validateYAML(t, schema, []byte(strings.Replace(string(out), "since: 2024", "since: tjugo", 1))); err == nil {
		t.Error("the schema accepts since: tjugo")
	}
	badInput(t, valid, title, title+"    since: tjugo\n", 23, "goals[1].since", `"tjugo" är inte ett heltal`)
	badInput(t, valid, title, title+"    since: 2025\n", 25, "goals[1].followups[0].period", "målet gäller från 2025")
	badInput(t, valid, title, title+"    since: 2024\n    retired: 2023\n", 24, "goals[1].retired", "före sitt första år 2024")
}
