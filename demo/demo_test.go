package demo_test

import (
	"bytes"
	"slices"
	"testing"

	"github.com/tertial/tertial/demo"
	"github.com/tertial/tertial/report"
)

// TestRegistry: the demos are listed default first, each is found by its name, decodes,
// and has the unit and period whose report it transcribes; the package-level functions
// are the default demo's.
func TestRegistry(t *testing.T) {
	if got := demo.Names(); !slices.Equal(got, []string{"huddinge", "simrishamn", "ekby"}) || got[0] != demo.Default {
		t.Fatalf("Names() = %v, want huddinge (the default), simrishamn and ekby", got)
	}
	for _, name := range demo.Names() {
		d, ok := demo.Get(name)
		if !ok || d.Name != name || d.Description == "" {
			t.Fatalf("Get(%q) = %+v, %v", name, d, ok)
		}
		ds, err := d.Dataset()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if _, err := report.Build(ds, d.Unit, d.Period); err != nil {
			t.Errorf("%s: the report of %s/%s: %v", name, d.Unit, d.Period, err)
		}
	}
	if _, ok := demo.Get("lund"); ok {
		t.Error("Get found a demo that does not exist")
	}
	def, _ := demo.Get(demo.Default)
	if !bytes.Equal(def.Bytes(), demo.Bytes()) || def.FileName != demo.FileName {
		t.Error("Bytes and FileName are not the default demo's")
	}
	// All returns a copy: changing it changes no later answer.
	all := demo.All()
	all[0] = nil
	if demo.All()[0] == nil {
		t.Error("All returns the registry itself")
	}
}
