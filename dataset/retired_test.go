package dataset_test

import (
	"strings"
	"testing"

	"github.com/tertial/tertial/dataset"
)

// TestRetiredGoal: a goal's retired year is read, written back and checked: a year that
// is no number, or a follow-up in a period after it, is reported with file, line and field.
func TestRetiredGoal(t *testing.T) {
	const title = "    title: Effektiv byggprocess\n"
	ds, err := dataset.Decode([]byte(strings.Replace(valid, title, title+"    retired: 2024\n", 1)), "provby.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if g := ds.Goals[1]; g.Retired != 2024 || !g.InForce(2024) || g.InForce(2025) {
		t.Errorf("retired %d", g.Retired)
	}
	out, err := dataset.Encode(ds)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), "\n    retired: 2024\n") {
		t.Error("the export lacks the retired year")
	}
	// The schema describes it: the export passes, a year that is no number does not.
	schema := compileSchema(t)
	if err := validateYAML(t, schema, out); err != nil {
		t.Errorf("the schema refuses a retired goal: %v", err)
	}
	if err := validateYAML(t, schema, []byte(strings.Replace(string(out), "retired: 2024", "retired: tjugo", 1))); err == nil {
		t.Error("the schema accepts retired: tjugo")
	}
	badInput(t, valid, title, title+"    retired: tjugo\n", 23, "goals[1].retired", `"tjugo" är inte ett heltal`)
	badInput(t, valid, title, title+"    retired: 2023\n", 25, "goals[1].followups[0].period", "målet avslutades 2023")
}
