package store_test

import (
	"bytes"
	"image"
	"image/png"
	"strings"
	"testing"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/dataset"
	"github.com/tertial/tertial/store"
	"github.com/tertial/tertial/store/storetest"
)

// TestSetLogo: a logo is stored byte for byte and audited by its description; the export
// imports into a fresh database and exports byte-identical; a logo the rule set refuses
// changes nothing and names its field; removing it leaves none.
func TestSetLogo(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		if err := db.ReplaceDataset(ctx, load(t, "demo")); err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, 64, 32))); err != nil {
			t.Fatal(err)
		}
		before, _ := db.Dataset(ctx, "0126")
		err := db.SetLogo(ctx, "admin", "0126", &tertial.Logo{Type: tertial.LogoPNG, Data: []byte("<svg onload=alert(1)/>")})
		if ps := tertial.ProblemsOf(err); len(ps) != 1 || ps[0].Path != "data" {
			t.Errorf("an SVG in a PNG's name: %v", err)
		}
		if after, _ := db.Dataset(ctx, "0126"); after.Municipality.Logo != nil || !bytes.Equal(encode(t, before), encode(t, after)) {
			t.Error("a refused logo changed the data")
		}
		if err := db.SetLogo(ctx, "admin", "0126", &tertial.Logo{Type: tertial.LogoPNG, Data: b.Bytes()}); err != nil {
			t.Fatal(err)
		}
		ds, err := db.Dataset(ctx, "0126")
		if err != nil {
			t.Fatal(err)
		}
		if l := ds.Municipality.Logo; l == nil || l.Type != tertial.LogoPNG || !bytes.Equal(l.Data, b.Bytes()) {
			t.Fatalf("stored logo %+v", l)
		}
		log, err := db.AuditLog(ctx, store.AuditFilter{Municipality: "0126", Entity: "municipality", Key: "0126"})
		if err != nil || len(log) == 0 || log[0].Field != "logo" || !strings.Contains(log[0].New, "64 × 32") || log[0].Actor != "admin" {
			t.Errorf("audit %v %+v", err, log)
		}
		first := encode(t, ds)
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
		if second := encode(t, ds2); !bytes.Equal(first, second) {
			t.Errorf("export → import → export differs:\n%s", diff(first, second))
		}
		// Importing again over the logo replaces it, and removing it leaves none.
		if err := fresh.ReplaceDataset(ctx, again); err != nil {
			t.Fatal(err)
		}
		if err := db.SetLogo(ctx, "admin", "0126", nil); err != nil {
			t.Fatal(err)
		}
		if ds, _ := db.Dataset(ctx, "0126"); ds.Municipality.Logo != nil {
			t.Error("the removed logo is still there")
		}
	})
}
