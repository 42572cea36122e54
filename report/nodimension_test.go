package report_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/dataset"
	"github.com/tertial/tertial/report"
)

// TestGoalAreaWithoutDimension: a goal area may have no dimension; its heading then names
// no dimension, and no dimension's summary counts its goals, while the others' counts stay.
func TestGoalAreaWithoutDimension(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "testdata", "ekby.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	const at = "    name: Ett rikt liv för alla i Ekby\n    dimension: social\n"
	if !strings.Contains(string(data), at) {
		t.Fatal("ekby.yaml has changed: livskvalitet is not social")
	}
	with, err := dataset.Decode(data, "ekby.yaml")
	if err != nil {
		t.Fatal(err)
	}
	without, err := dataset.Decode([]byte(strings.Replace(string(data), at, "    name: Ett rikt liv för alla i Ekby\n", 1)), "ekby.yaml")
	if err != nil {
		t.Fatalf("a goal area without dimension is refused: %v", err)
	}
	count := func(ds *tertial.Dataset, dim tertial.Dimension) report.DimensionCounts {
		return report.CountDimension(ds, tertial.NewScope(ds, ds.Unit("kfn")), ds.Period("kfn", "2025-04"), dim)
	}
	if c := count(with, tertial.Social); c.Goals == 0 || c.Areas != 1 {
		t.Fatalf("ekby's social dimension has %d goals of kfn in %d areas: the test shows nothing", c.Goals, c.Areas)
	}
	for _, dim := range tertial.Dimensions {
		c := count(without, dim)
		if c.Areas != 0 && dim == tertial.Social || c.Goals != 0 && dim == tertial.Social {
			t.Errorf("the social summary still counts the area without dimension: %+v", c)
		}
		if dim != tertial.Social && c.Areas != count(with, dim).Areas {
			t.Errorf("%s counts %d areas, want %d", dim, c.Areas, count(with, dim).Areas)
		}
	}
	doc, err := report.Build(without, "kfn", "2025-04")
	if err != nil {
		t.Fatal(err)
	}
	var heading string
	var walk func(ss []*report.Section)
	walk = func(ss []*report.Section) {
		for _, s := range ss {
			if strings.Contains(s.Title, "Ett rikt liv för alla i Ekby") {
				heading = s.Title
			}
			walk(s.Sections)
		}
	}
	walk(doc.Sections)
	if !strings.HasSuffix(heading, ": Ett rikt liv för alla i Ekby") {
		t.Errorf("the area's heading is %q, want it to end with the name and no dimension", heading)
	}
	if _, err := dataset.Encode(without); err != nil {
		t.Fatal(err)
	}
}
