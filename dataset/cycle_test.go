package dataset_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/tertial/tertial/dataset"
)

// TestPeriodFromRoundTrip: a period made from an earlier one (issue 14) keeps its from,
// its areas not yet assessed and its texts not yet written through export and import.
func TestPeriodFromRoundTrip(t *testing.T) {
	next := `  - unit: bn
    id: 2025-08
    kind: interim
    title: Delårsrapport per 31 augusti 2025
    cutoff: 2025-08-31
    state: open
    from: 2024-08
    assessments:
      - {id: ekonomi, label: Ekonomi}
    texts:
      - {id: handelser, title: Väsentliga händelser, body: ""}
`
	src := valid + next
	ds, err := dataset.Decode([]byte(src), "provby.yaml")
	if err != nil {
		t.Fatal(err)
	}
	p := ds.Period("bn", "2025-08")
	if p == nil || p.From != "2024-08" || len(p.Assessments) != 1 || p.Assessments[0].Assessment != "" || len(p.Texts) != 1 || p.Texts[0].Body != "" {
		t.Fatalf("decoded %+v", p)
	}
	first, err := dataset.Encode(ds)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(first), "\n    from: 2024-08\n") {
		t.Errorf("the export lacks the period's from:\n%s", first)
	}
	again, err := dataset.Decode(first, "export.yaml")
	if err != nil {
		t.Fatalf("decode of export: %v", err)
	}
	if again.Period("bn", "2025-08").From != "2024-08" {
		t.Error("from lost in the round trip")
	}
	second, err := dataset.Encode(again)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(first, second) {
		t.Fatalf("export → import → export differs:\n%s", firstDiff(first, second))
	}
}
