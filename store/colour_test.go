package store_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/dataset"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

// TestMunicipalityColour: the colour is saved with the settings and audited; a colour too
// light for white text is refused at municipality.colour and changes nothing; an imported
// colour is stored, and the export imports into a fresh database and exports
// byte-identical; saving the settings without a colour removes it.
func TestMunicipalityColour(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		if err := db.ReplaceDataset(ctx, load(t, "demo")); err != nil {
			t.Fatal(err)
		}
		before, _ := db.Dataset(ctx, "0126")
		if before.Municipality.Colour != "" {
			t.Fatalf("the demo has the colour %q", before.Municipality.Colour)
		}
		s := store.SettingsOf(before.Municipality)
		s.Colour = "#777777"
		err := db.UpdateSettings(ctx, "admin", "0126", s)
		if ps := tertial.ProblemsOf(err); len(ps) != 1 || ps[0].Path != "municipality.colour" || !strings.Contains(ps[0].Message, "4,48:1") {
			t.Fatalf("a colour too light: %v", err)
		}
		if after, _ := db.Dataset(ctx, "0126"); !bytes.Equal(encode(t, before), encode(t, after)) {
			t.Error("a refused colour changed the data")
		}
		s.Colour = "#005A9C"
		if err := db.UpdateSettings(ctx, "admin", "0126", s); err != nil {
			t.Fatal(err)
		}
		ds, err := db.Dataset(ctx, "0126")
		if err != nil {
			t.Fatal(err)
		}
		if ds.Municipality.Colour != "#005A9C" || store.SettingsOf(ds.Municipality).Colour != "#005A9C" {
			t.Fatalf("stored colour %q", ds.Municipality.Colour)
		}
		log, err := db.AuditLog(ctx, store.AuditFilter{Municipality: "0126", Entity: "municipality", Key: "0126"})
		found := false
		for _, e := range log {
			found = found || e.Field == "colour" && e.Old == "" && e.New == "#005A9C" && e.Actor == "admin"
		}
		if err != nil || !found {
			t.Errorf("the colour is not in the audit log: %v %+v", err, log)
		}
		first := encode(t, ds)
		if !bytes.Contains(first, []byte(`colour: "#005A9C"`)) {
			t.Fatal("the export lacks the colour")
		}
		again, err := dataset.Decode(first, "export.yaml")
		if err != nil {
			t.Fatalf("the export does not import: %v", err)
		}
		fresh := storetest.Open(t, db.Dialect())
		if err := fresh.ReplaceDataset(ctx, again); err != nil {
			t.Fatal(err)
		}
		ds2, err := fresh.Dataset(ctx, "0126")
		if err != nil {
			t.Fatal(err)
		}
		if ds2.Municipality.Colour != "#005A9C" {
			t.Errorf("the imported colour is %q", ds2.Municipality.Colour)
		}
		if second := encode(t, ds2); !bytes.Equal(first, second) {
			t.Errorf("export → import → export differs:\n%s", diff(first, second))
		}
		s.Colour = ""
		if err := db.UpdateSettings(ctx, "admin", "0126", s); err != nil {
			t.Fatal(err)
		}
		if ds, _ := db.Dataset(ctx, "0126"); ds.Municipality.Colour != "" {
			t.Error("the removed colour is still there")
		}
	})
}
