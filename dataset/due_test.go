package dataset_test

import (
	"strings"
	"testing"
	"time"

	"github.com/tertial/tertial/dataset"
)

// TestAssignmentDue: an assignment's due date (klart senast) is read, written back as it
// was, and a date that cannot be read is refused with its line and path.
func TestAssignmentDue(t *testing.T) {
	with := strings.Replace(valid, "    title: Inför e-tjänst för bygglov\n", "    due: 2024-12-31\n    title: Inför e-tjänst för bygglov\n", 1)
	ds, err := dataset.Decode([]byte(with), "due.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if a := ds.Assignment("u-1"); a == nil || !a.Due.Equal(time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC)) {
		t.Fatalf("due: %+v", a)
	}
	out, err := dataset.Encode(ds)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), `due: "2024-12-31"`) {
		t.Errorf("the export lacks the due date:\n%s", out)
	}
	again, err := dataset.Decode(out, "again.yaml")
	if err != nil || !again.Assignment("u-1").Due.Equal(ds.Assignment("u-1").Due) {
		t.Fatalf("round trip: %v", err)
	}
	// None said: none written.
	plain, err := dataset.Decode([]byte(valid), "plain.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if out, _ := dataset.Encode(plain); strings.Contains(string(out), "due:") {
		t.Error("an assignment without a due date is written with one")
	}
	bad := strings.Replace(with, "due: 2024-12-31", "due: 31/12 2024", 1)
	line := strings.Count(bad[:strings.Index(bad, "due:")], "\n") + 1
	badInput(t, with, "due: 2024-12-31", "due: 31/12 2024", line, "assignments[0].due", "inte ett datum")
}
